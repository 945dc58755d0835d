"""Properties of the whole pipeline: idempotent, every character accounted for, no crash on any Unicode.

The examples are drawn from a fixed seed (``derandomize``): CI runs the same ones every time.
A wider search (thousands of examples) is worth running by hand after a change to a stage.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polish.config import Config
from polish.pipeline import build_stages, run
from polish.reading import normalize

CFG = Config(translate=False, grammar=False)
STAGES = build_stages(CFG)

# Text built from pieces that exercise the rules: MT artefacts, junk lines, glossary variants,
# Cyrillic and Han fragments, full-width punctuation, URLs.
PIECES = st.sampled_from([
    "high -tech", "Sino -Belarusian", "Minsk,, June 3", "word ,", "year.The", "the the", "“ quoted ”",
    "new crown pneumonia", "Dalian University of Science and Technology", "Vadim Bogushi", "Vadim Bogush",
    "Share to let more people see", "Back to top", "Views: 1,234", "- END -", "https://bsuir.by/a -b,,c",
    "Ректор отметил сотрудничество.", "ўсё", "中白合作，", "（", "）", "It", "builds a platform", "-5", "2019 -2020",
    " ", "  ", ".", ",", "\n", "\n\n", "a", "The", "students", "(", ")", '"', "'",
    # chains: one glossary entry's result is another's variant
    "Belorussian Academy of Sciences", "BGU President", "Byelorussian",
    # a junk fragment the glossary's replacement exposes, beside a quotation
    "new crown pneumonia Views: 1,234 “ quoted ”",
])
TEXTS = st.lists(PIECES, min_size=1, max_size=30).map(lambda xs: " ".join(xs))


def cleaned(text: str) -> str:
    return run(normalize(text), CFG, stages=STAGES).text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXTS)
def test_cleaning_is_idempotent(text):
    once = cleaned(text)
    assert cleaned(once) == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXTS)
def test_every_character_is_kept_changed_or_removed_on_record(text):
    doc = normalize(text)
    r = run(doc, CFG, stages=STAGES)
    covered = [False] * len(doc.text)
    for cs, ce, os_, oe in r.offsets.kept_pieces():
        assert r.text[cs:ce] == doc.text[os_:oe]
        covered[os_:oe] = [True] * (oe - os_)
    for c in r.changes:
        assert c.rule and c.reason
        covered[c.start:c.end] = [True] * (c.end - c.start)
    assert all(covered)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.text(max_size=200))
def test_no_crash_on_arbitrary_unicode(text):
    r = run(normalize(text), CFG, stages=STAGES)
    assert isinstance(r.text, str)
    for c in r.changes:
        assert 0 <= c.start <= c.end <= len(normalize(text).text)


def _overlap(a, b) -> bool:
    """Whether two changes' original spans share text (a point change counts inside a span around it)."""
    if a.start < b.end and b.start < a.end:
        return True
    return (a.start == a.end and b.start < a.start < b.end) or (b.start == b.end and a.start < b.start < a.end)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXTS)
def test_a_change_no_other_touches_holds_its_replacement_in_the_output(text):
    r = run(normalize(text), CFG, stages=STAGES)
    for c in r.changes:
        if not any(d is not c and _overlap(c, d) for d in r.changes):
            assert r.text[c.out_start:c.out_end] == c.after, c


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXTS)
def test_a_change_names_the_input_s_own_text_at_its_span(text):
    doc = normalize(text)
    for c in run(doc, CFG, stages=STAGES).changes:
        assert c.meta.get("original", c.before) == doc.text[c.start:c.end]
