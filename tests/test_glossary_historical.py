"""Variants that were the right name in the past: kept and reported in a sentence dated before [since: YEAR]."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish import clean_text
from polish.cli import app
from polish.config import Config
from polish.glossary.historical import dated_before, marks, parse_mark, problems
from polish.glossary.lint import lint
from polish.glossary.model import COLUMNS, Entry
from polish.glossary.tsv import header_line
from typer.testing import CliRunner

CURATED = Config(translate=False)  # the shipped glossaries, as a user runs them


def row(**cells: str) -> str:
    return "\t".join(cells.get(c, "") for c in COLUMNS)


def _historical(result) -> list:
    return [f for f in result.findings if f.rule.startswith("glossary.historical:")]


@pytest.mark.parametrize("text, variant, entry, modern, since, dated", [
    ("In 1950 Byelorussia had 12 universities.", "Byelorussia", "belarus", "Belarus", 1991, "1950"),
    ("During the 1970s the Belorussian universities trained engineers.", "Belorussian", "belarusian",
     "Belarusian", 1991, "1970s"),
    ("He headed the Propaganda Department of the CPC Central Committee in 1956.", "Propaganda Department",
     "publicity-department", "Publicity Department", 1998, "1956"),
])
def test_a_historical_mention_is_kept_and_reported(text: str, variant: str, entry: str, modern: str,
                                                    since: int, dated: str) -> None:
    r = clean_text(text, CURATED)
    assert r.text == text
    assert not [c for c in r.changes if c.entry == entry]
    (f,) = _historical(r)
    assert f.rule == f"glossary.historical:{entry}" and f.entry == entry
    assert text[f.start:f.end] == variant == f.text
    assert f.suggestion == modern
    assert f.meta["since"] == since and f.meta["dated"] == dated and f.meta["variant"] == variant
    assert f"before {since}" in f.message and f'"{modern}"' in f.message and f"glossary entry {entry}" in f.message
    assert f.id.startswith("f") and len(f.id) == 13
    assert r.data["glossary"]["historical"] == {entry: 1}


def test_a_modern_sentence_is_still_replaced() -> None:
    r = clean_text("Byelorussia signed the agreement in 2023.", CURATED)
    assert r.text == "Belarus signed the agreement in 2023."
    assert not _historical(r)
    assert r.data["glossary"]["historical"] == {}


@pytest.mark.parametrize("text", [
    "Belorussia's universities admit 3,000 Chinese students.",  # no year at all
    "Byelorussia has 1,950 Chinese students.",                  # a count, not a year
    "In the post-Soviet era Byelorussia opened to China.",      # after the Soviet period
    "By 2030 Byelorussia plans to double the number of joint institutes.",
])
def test_without_an_earlier_date_the_variant_is_replaced(text: str) -> None:
    r = clean_text(text, CURATED)
    assert "Belarus" in r.text and not _historical(r)


def test_only_the_variant_s_own_sentence_counts() -> None:
    text = "In 1950 the country had 12 universities. Today Byelorussia has 51."
    r = clean_text(text, CURATED)
    assert r.text == "In 1950 the country had 12 universities. Today Belarus has 51."
    assert not _historical(r)


@pytest.mark.parametrize("text, dated", [
    # an earlier year and a later one: the rule cannot tell which one the name belongs to, so it asks
    ("In 1950 Byelorussia had 12 universities; in 2023 Belarus had 51.", "1950"),
    ("Founded in 1921, the university today works with Byelorussia's partners.", "1921"),
    ("Byelorussia signed the agreement in 2023 with a university founded in 1921.", "1921"),
    ("During the Great Patriotic War Byelorussia lost a quarter of its people.", "Great Patriotic War"),
    ("Soviet-era Belorussia trained engineers for the whole Union.", "Soviet-era"),
    ("Before 2000 Byelorussia had no Chinese students.", "Before 2000"),
    ("In the 1990s Byelorussia opened its first Chinese department.", "1990s"),
])
def test_any_earlier_date_in_the_sentence_keeps_the_variant(text: str, dated: str) -> None:
    r = clean_text(text, CURATED)
    assert "Byelorussia" in r.text or "Belorussia" in r.text
    (f,) = _historical(r)
    assert f.meta["dated"] == dated


def test_a_mark_for_some_variants_keeps_only_those() -> None:
    old = "In 1960 the Belorussian State University opened a faculty of applied mathematics."
    garble = "In 1960 the Belarus State University opened a faculty of applied mathematics."
    r = clean_text(old, CURATED)
    assert r.text == old and [f.entry for f in _historical(r)] == ["belarusian-state-university"]
    r = clean_text(garble, CURATED)
    assert r.text == "In 1960 the Belarusian State University opened a faculty of applied mathematics."
    assert not _historical(r)


def test_kept_text_is_a_fixed_point_and_its_finding_id_is_stable() -> None:
    text = "Minsk news.\n\nIn 1950 Byelorussia had 12 universities.\n"
    first = clean_text(text, CURATED)
    again = clean_text(first.text, CURATED)
    assert again.text == first.text == text
    assert [f.id for f in _historical(first)] == [f.id for f in _historical(again)]
    moved = clean_text("More news.\n\n" + text, CURATED)
    assert [f.id for f in _historical(moved)] != [f.id for f in _historical(first)]  # the id names its place


def test_an_entry_without_the_mark_replaces_whatever_the_year(tmp_path: Path, monkeypatch) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(empty))
    g = tmp_path / "g.tsv"
    g.write_text("\n".join([
        header_line(),
        row(id="dut", canonical="Dalian University of Technology", variants="Dalian Institute of Technology",
            kind="organisation", note="renamed in 1988"),
        row(id="dut2", canonical="Dalian Polytechnic University", variants="Dalian Institute of Light Industry",
            kind="organisation", note="[since: 2007] renamed from Dalian Institute of Light Industry in 2007"),
    ]) + "\n", encoding="utf-8")
    cfg = Config(translate=False, glossaries=(str(g),))
    r = clean_text("In 1950 the Dalian Institute of Technology opened; in 1958 the Dalian Institute of Light "
                   "Industry did.", cfg)
    assert r.text == ("In 1950 the Dalian University of Technology opened; in 1958 the Dalian Institute of Light "
                      "Industry did.")
    assert [f.entry for f in _historical(r)] == ["dut2"]


@pytest.mark.parametrize("note, expected", [
    ("[since: 1991]", (1991, ())),
    ("[since: 1991 for: Byelorussia | White Russia]", (1991, ("Byelorussia", "White Russia"))),
    ("[since: 91]", None),
    ("[Since: 1991]", None),
    ("[since 1991]", None),
])
def test_mark_syntax(note: str, expected) -> None:
    assert marks(f"text {note} more") == [note]
    assert parse_mark(note) == expected


def test_lint_names_file_and_line_of_a_malformed_mark(tmp_path: Path) -> None:
    g = tmp_path / "g.tsv"
    g.write_text("\n".join([
        header_line(),
        row(id="ok", canonical="Belarus", variants="Byelorussia", kind="place", note="[since: 1991] renamed"),
        row(id="bad-year", canonical="Publicity Department", variants="Propaganda Department", kind="organisation",
            note="[since: 98] renamed"),
        row(id="bad-form", canonical="Belarusian", variants="Byelorussian", kind="term",
            note="[since: 1991 for: Belorussian] renamed"),
        row(id="out-of-range", canonical="Beijing", variants="Peking", kind="place", note="[since: 2958]"),
    ]) + "\n", encoding="utf-8")
    got = [m for m in lint([g]) if m.code == "since-mark"]
    assert [(m.path, m.line, m.severity) for m in got] == [(str(g), 3, "error"), (str(g), 4, "error"),
                                                            (str(g), 5, "error")]
    assert "malformed mark '[since: 98]'" in got[0].message and "'bad-year'" in got[0].message
    assert "'Belorussian' is not one of the entry's variants" in got[1].message
    assert "2958 is not a year" in got[2].message
    out = CliRunner().invoke(app, ["glossary", "lint", str(g)])
    assert out.exit_code == 1
    lines = [x for x in out.output.splitlines() if "[since-mark]" in x]
    assert len(lines) == 3 and lines[0].startswith(f"{g}:3: error: entry 'bad-year': malformed mark")


def test_two_marks_are_one_error() -> None:
    e = Entry(id="x", canonical="Belarus", variants=("Byelorussia",), note="[since: 1991] and [since: 1992]")
    assert problems(e) == ["the note has 2 [since: ...] marks ([since: 1991], [since: 1992]); give one"]


def test_the_shipped_marks_are_valid_and_their_examples_pass() -> None:
    out = CliRunner().invoke(app, ["glossary", "lint"])
    assert "since-mark" not in out.output
    assert CliRunner().invoke(app, ["glossary", "test"]).exit_code == 0


def test_dating_looks_only_in_the_match_s_sentence() -> None:
    text = "Dr. Li came in 1950. Byelorussia is a partner."
    s = text.index("Byelorussia")
    assert dated_before(text, s, s + len("Byelorussia"), 1991) is None
    text = "Prof. Li said that in 1950 Byelorussia was poor."
    s = text.index("Byelorussia")
    assert dated_before(text, s, s + len("Byelorussia"), 1991) == "1950"


def test_the_finding_is_dismissed_by_its_id(tmp_path: Path) -> None:
    import json

    article = tmp_path / "a.txt"
    article.write_text("In 1950 Byelorussia had 12 universities.\n", encoding="utf-8")
    rows = json.loads(CliRunner().invoke(app, ["check", str(article), "--format", "json"]).output)
    (row,) = [r for r in rows if r["rule"] == "glossary.historical:belarus"]
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"version": 1, "file": "a.txt",
                                     "decisions": [{"id": row["id"], "decision": "dismiss"}]}), encoding="utf-8")
    out = CliRunner().invoke(app, ["check", str(article), "--format", "json", "--decisions", str(decisions)])
    assert not [r for r in json.loads(out.output) if r["rule"].startswith("glossary.historical")]
