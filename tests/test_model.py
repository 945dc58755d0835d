"""The spine: offset maps compose, overlapping edits resolve, changes locate in the original."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polish.config import Config
from polish.model import Edit, LineIndex, OffsetMap, apply_edits, resolve_overlaps, split_paragraphs
from polish.pipeline import run
from polish.reading import normalize
from polish.stages.base import StageResult


class RegexStage:
    """A stage made from one regex, for exercising the pipeline without real stages."""

    def __init__(self, name, pattern, repl, kind="fix"):
        self.name, self.pattern, self.repl, self.kind = name, re.compile(pattern), repl, kind

    def run(self, text, ctx):
        return StageResult(edits=[Edit(m.start(), m.end(), m.expand(self.repl), f"{self.name}.rule", "test", kind=self.kind)
                                  for m in self.pattern.finditer(text)])


STAGES = [
    RegexStage("boilerplate", r"(?m)^Share[^\n]*\n", "", kind="remove"),
    RegexStage("mechanics", r" -(?=\w)", "-"),
    RegexStage("glossary", r"(?i)new crown pneumonia", "COVID-19"),
    RegexStage("tidy", r"  +", " "),
]


def test_changes_point_into_the_original():
    doc = normalize("Share this\nSino -Belarusian high -tech new crown pneumonia.\nShare it\nend")
    r = run(doc, Config(), stages=STAGES)
    assert r.text == "Sino-Belarusian high-tech COVID-19.\nend"
    by_rule = {}
    for c in r.changes:
        by_rule.setdefault(c.rule, []).append(c)
        assert doc.text[c.start:c.end] == c.before or c.stage != "boilerplate" or c.before == doc.text[c.start:c.end]
        assert r.text[c.out_start:c.out_end] == c.after
    assert [doc.text[c.start:c.end] for c in by_rule["boilerplate.rule"]] == ["Share this\n", "Share it\n"]
    assert [doc.text[c.start:c.end] for c in by_rule["glossary.rule"]] == ["new crown pneumonia"]
    assert by_rule["glossary.rule"][0].line == 2
    assert all(c.kind == "remove" for c in r.removals)


def test_change_ids_are_stable_and_rejections_skip_changes():
    doc = normalize("Sino -Belarusian high -tech")
    a = run(doc, Config(), stages=STAGES)
    b = run(doc, Config(), stages=STAGES)
    assert [c.id for c in a.changes] == [c.id for c in b.changes]
    first = a.changes[0]
    c = run(doc, Config(), stages=STAGES, rejected={first.id})
    assert c.text == "Sino -Belarusian high-tech"
    assert [x.id for x in c.rejected] == [first.id]


def test_resolve_overlaps_keeps_first():
    kept, dropped = resolve_overlaps([Edit(0, 4, "x", "r", ""), Edit(2, 6, "y", "r", ""), Edit(6, 6, "z", "r", ""), Edit(6, 6, "w", "r", "")])
    assert [(e.start, e.end) for e in kept] == [(0, 4), (6, 6)]
    assert len(dropped) == 2


def test_edit_init_sets_every_field_like_the_dataclass():
    # Edit writes its own __init__ (speed): a field added to the class must be set there too
    import dataclasses

    e = Edit(1, 4, "x", "r", "why", kind="remove", entry="k", meta={"a": 1})
    assert list(e.__dict__) == [f.name for f in dataclasses.fields(Edit)]
    assert dataclasses.astuple(e) == (1, 4, "x", "r", "why", "remove", "k", {"a": 1})
    a, b = Edit(0, 0, "", "r", "why"), Edit(0, 0, "", "r", "why")
    assert a.meta == {} and a.meta is not b.meta and a.kind == "fix" and a.entry is None
    assert dataclasses.replace(e, start=0) == Edit(0, 4, "x", "r", "why", kind="remove", entry="k")
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.start = 2  # type: ignore[misc]


def test_paragraphs_and_lines():
    text = "one\n\n two \nthree"
    assert [p.text for p in split_paragraphs(text)] == ["one", " two ", "three"]
    li = LineIndex(text)
    assert li.line(0) == 1 and li.line(5) == 3 and li.column(6) == 2


edits_strategy = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 6), st.text("ab-", max_size=4)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.text("abc -\n", min_size=0, max_size=60), st.lists(edits_strategy, min_size=1, max_size=4))
def test_every_input_character_is_kept_or_covered_by_a_change(text, rounds):
    """The accounting property: kept runs copy the original exactly; everything else is a change."""

    class Fixed:
        def __init__(self, name, spec):
            self.name, self.spec = name, spec

        def run(self, t, ctx):
            out = []
            for start, length, repl in self.spec:
                s = min(start, len(t))
                out.append(Edit(s, min(len(t), s + length), repl, f"{self.name}.r", "x"))
            return StageResult(edits=out)

    doc = normalize(text) if text.strip() else None
    if doc is None:
        return
    r = run(doc, Config(), stages=[Fixed(f"s{i}", spec) for i, spec in enumerate(rounds)])
    covered = [False] * len(doc.text)
    for cs, ce, os_, oe in r.offsets.kept_pieces():
        assert r.text[cs:ce] == doc.text[os_:oe]
        for i in range(os_, oe):
            covered[i] = True
    for c in r.changes:
        for i in range(c.start, c.end):
            covered[i] = True
    assert all(covered)
    # and the final text is rebuilt from kept runs plus the text changes inserted
    kept_len = sum(ce - cs for cs, ce, _, _ in r.offsets.kept_pieces())
    assert kept_len <= len(r.text)


@settings(max_examples=200, deadline=None)
@given(st.text("xy z", max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), st.text("q", max_size=3)), max_size=6))
def test_offset_map_single_round_matches_apply(text, spec):
    edits = sorted({(min(s, len(text)), min(len(text), min(s, len(text)) + n), r) for s, n, r in spec})
    kept, _ = resolve_overlaps([Edit(a, b, r, "t", "") for a, b, r in edits])
    new = apply_edits(text, kept)
    m = OffsetMap(len(text)).apply(kept)
    for cs, ce, os_, oe in m.kept_pieces():
        assert new[cs:ce] == text[os_:oe]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab -\n", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 4), st.text(alphabet="xy", max_size=3)), max_size=6))
def test_offset_map_given_spans_equals_worked_out_spans(text, spec):
    # the pipeline hands apply() the spans it already located; the map must not differ
    first, _ = resolve_overlaps(Edit(min(s, len(text)), min(s + n, len(text)), r, "t", "t") for s, n, r in spec)
    m = OffsetMap(len(text)).apply(first)
    second, _ = resolve_overlaps(Edit(min(s, len(apply_edits(text, first))), min(s + n, len(apply_edits(text, first))), r, "t", "t")
                                 for s, n, r in spec)
    a = m.apply(second)
    b = m.apply(second, [m.span(e.start, e.end) for e in second])
    assert a.kept_pieces() == b.kept_pieces()
    for pos in range(len(apply_edits(apply_edits(text, first), second)) + 1):
        for side in ("start", "end"):
            assert a.to_original(pos, side) == b.to_original(pos, side)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -\n", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 4), st.text(alphabet="xy", max_size=3)), max_size=6),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 4), st.text(alphabet="z", max_size=3)), max_size=6))
def test_offset_map_span_is_to_original_of_both_ends(text, spec, spec2):
    # span() writes to_original's two look-ups out for speed: the two must never drift apart
    m = OffsetMap(len(text))
    for rnd in (spec, spec2):
        edits, _ = resolve_overlaps(Edit(min(s, len(text)), min(s + n, len(text)), r, "t", "t") for s, n, r in rnd)
        m, text = m.apply(edits), apply_edits(text, edits)
    for start in range(len(text) + 1):
        for end in range(len(text) + 1):
            a = m.to_original(start, "start")
            b = m.to_original(end, "end") if end > start else a
            assert m.span(start, end) == (a, max(a, b))


def test_report_json_is_to_dict_encoded():
    from polish.pipeline import build_stages

    import json

    cfg = Config(translate=False)
    doc = normalize("Minsk,, June 3 -- new crown pneumonia and high -tech parks.\nShare to let more people see\n"
                    "Vadim Bogushi met students. Vadim Bogush said so.\nThe rector said \"we will build it\n")
    r = run(doc, cfg, stages=build_stages(cfg))
    assert json.loads(r.to_json(file="a.txt")) == {**r.to_dict(), "file": "a.txt"}
    assert r.json_bytes(file="a.txt") == r.to_json(file="a.txt").encode("utf-8")
    assert r.changes and r.findings and "readability" in r.data


def test_report_encoder_makes_records_plain_and_keeps_text_as_it_is():
    import json
    from dataclasses import dataclass

    from polish.jsonout import dumps

    @dataclass
    class WithDict:
        x: int

        def to_dict(self) -> dict:
            return {"renamed": self.x}

    @dataclass
    class Plain:
        y: tuple

    out = dumps({"a": WithDict(1), "b": [Plain((1, 2))], 3: "Минск 明斯克 “q”"})
    assert json.loads(out) == {"a": {"renamed": 1}, "b": [{"y": [1, 2]}], "3": "Минск 明斯克 “q”"}
    assert "Минск 明斯克".encode("utf-8") in out  # UTF-8 as it is, not \u escapes
    with pytest.raises(TypeError):
        dumps({"a": object()})


def test_disjoint_sets_join_and_group():
    from polish.disjoint import DisjointSets

    sets = DisjointSets()
    assert sets.join(3, 1) and sets.join(4, 3) and not sets.join(1, 4)
    assert sets.find(4) == 1  # the smallest item stands for its group
    assert sets.groups(range(6)) == [[0], [1, 3, 4], [2], [5]]


@pytest.mark.parametrize("name", ["notes.md", "notes.txt"])
def test_no_stage_rewrites_code_blocks(name: str) -> None:
    from polish.pipeline import build_stages

    cfg = Config(translate=False)
    fenced = "```\nnew crown pneumonia  ,, high -tech\nBack to top\n```\n"
    indented = "    new crown pneumonia  ,, high -tech\n    Back to top\n"
    text = f"The new crown pneumonia period.\n\n{fenced}\n{indented}\nAfter the code , high -tech parks.\n"
    r = run(normalize(text, path=name), cfg, stages=build_stages(cfg))
    assert "The COVID-19 period." in r.text and "After the code, high-tech parks." in r.text
    assert fenced in r.text  # glossary, mechanics and boilerplate alike leave the fence alone
    # four leading spaces make code in Markdown only; in plain text they indent prose
    assert (indented in r.text) is name.endswith(".md")


def test_a_change_beside_a_later_one_keeps_its_own_place_in_the_output():
    # A deleted space just before a glossary term, and a shrunk space run just before
    # another: each out span must hold its own replacement, not the neighbour's.
    stages = [
        RegexStage("mechanics", r'(?<=") (?=i)| (?=" w)', ""),
        RegexStage("tidy", r"  +", " "),
        RegexStage("glossary", r"(?i)international chinese education|article source",
                   "International Chinese Language Education"),
    ]
    doc = normalize('A round table on " international Chinese education " was held. Source  article source')
    r = run(doc, Config(), stages=stages)
    assert r.text == ('A round table on "International Chinese Language Education" was held. '
                      "Source International Chinese Language Education")
    assert len(r.changes) == 5
    for c in r.changes:
        assert r.text[c.out_start:c.out_end] == c.after, c
        assert doc.text[c.start:c.end] == c.before, c
