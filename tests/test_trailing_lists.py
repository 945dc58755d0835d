"""Lists after an article: a site's headlines go, the article's own lists of the same shapes stay.

The pages are in tests/data/trailing_lists.toml (benchmarks/trailing_lists.py measures them).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from polish import pipeline
from polish.config import Config
from polish.model import Document
from polish.stages import boilerplate

DATA = tomllib.loads((Path(__file__).parent / "data" / "trailing_lists.toml").read_text(encoding="utf-8"))
CFG = Config(translate=False)
SCRAPED = [c for c in DATA["scraped"] if "left" not in c]
LEFT = [c for c in DATA["scraped"] if "left" in c]


def _removed(text: str) -> list[str]:
    """The stripped lines the boilerplate stage removes, in order."""
    result = pipeline.run(Document(text), CFG, stages=[boilerplate.make(CFG)])
    return [line.strip() for c in result.changes for line in c.before.splitlines() if line.strip()]


def test_the_data_has_each_shape_several_times() -> None:
    for name in ("scraped", "own"):
        shapes = [c["shape"] for c in DATA[name]]
        assert len(shapes) >= 15 and all(shapes.count(s) >= 3 for s in ("colon", "date", "heading")), name


@pytest.mark.parametrize("case", SCRAPED, ids=[c["name"] for c in SCRAPED])
def test_a_site_s_headline_list_after_the_article_goes(case: dict) -> None:
    assert _removed(case["text"]) == case["junk"]
    kept = [line for line in case["text"].splitlines() if line.strip() not in case["junk"]]
    result = pipeline.run(Document(case["text"]), CFG, stages=[boilerplate.make(CFG)])
    assert result.text.splitlines() == kept
    assert {c.rule for c in result.changes} & {"boilerplate.related-headlines"}


@pytest.mark.parametrize("case", LEFT, ids=[c["name"] for c in LEFT])
def test_a_list_left_on_purpose_takes_nothing_else_with_it(case: dict) -> None:
    assert [line for line in _removed(case["text"]) if line not in case["junk"]] == []


@pytest.mark.parametrize("case", DATA["own"], ids=[c["name"] for c in DATA["own"]])
def test_an_article_s_own_list_stays(case: dict) -> None:
    result = pipeline.run(Document(case["text"]), CFG)
    assert [(c.rule, c.before) for c in result.changes if c.stage == "boilerplate"] == []


def test_a_header_word_comes_from_the_data_file(tmp_path: Path) -> None:
    text = ("BSU Opens a Laboratory\nThe laboratory was opened on Monday by the rector.\nElsewhere\n"
            "Rectors of Belarus and China meet in Minsk\nBSU students win contest in Harbin\n"
            "Chinese teachers arrive in Gomel\n")
    extra = tmp_path / "extra.toml"
    extra.write_text("[rules.related-headlines]\npatterns = ['elsewhere']\n", encoding="utf-8")
    cfg = Config(translate=False, boilerplate_patterns=(str(extra),))
    assert boilerplate.make(CFG).run(text, _ctx(text)).edits == []  # "Elsewhere" is a heading here
    result = pipeline.run(Document(text), cfg, stages=[boilerplate.make(cfg)])
    assert result.text == "BSU Opens a Laboratory\nThe laboratory was opened on Monday by the rector.\n"


def _ctx(text: str):
    from polish.stages.base import Context

    return Context(config=CFG, doc=Document(text))


@pytest.mark.parametrize("case", DATA["scraped"], ids=[c["name"] for c in DATA["scraped"]])
def test_cleaning_the_cleaned_page_again_changes_nothing(case: dict) -> None:
    once = pipeline.run(Document(case["text"]), CFG).text
    assert pipeline.run(Document(once), CFG).changes == []


@pytest.mark.parametrize(("line", "key", "stop"), [
    ("May 13, 2024 Belarusian delegation visits Harbin", (2024, 5, 13), False),
    ("13 May 2024 — Belarusian delegation visits Harbin", (2024, 5, 13), False),
    ("13th of May, 2024 Belarusian delegation visits Harbin", (2024, 5, 13), False),
    ("June 3 | Minsk hosts exhibition", (0, 6, 3), False),
    ("Sept. 3, 2024 Minsk hosts exhibition", (2024, 9, 3), False),
    ("[Jun 3] Minsk hosts exhibition", (0, 6, 3), False),
    ("May 2019 — Joint laboratory opens", (2019, 5, 0), False),
    ("May 13, 2024. The delegation arrived in Harbin", (2024, 5, 13), True),
    ("[05-13] Olympiad held in Minsk", (0, 5, 13), False),
    ("13.05.2024 BSUIR students win", (2024, 5, 13), False),
])
def test_a_date_that_opens_a_line_is_read(line: str, key: tuple, stop: bool) -> None:
    d = boilerplate.load_patterns().dates.lead(line)
    assert d is not None and (d.key, d.stop) == (key, stop)
    assert d.rest.split()[0][:1].isupper()  # the line's words, the separator gone


@pytest.mark.parametrize("line", [
    "Mayor of Minsk meets rectors", "May 13:00 Registration", "March 35 Delegation arrives",
    "May the friendship of our universities last forever", "Marching band of BSU wins contest",
    "May 13, 2024: deadline for applications", "2024 Delegation of HIT visits BNTU",
])
def test_a_line_without_a_leading_date_is_not_read_as_one(line: str) -> None:
    assert boilerplate.load_patterns().dates.lead(line) is None


def test_the_months_names_come_from_the_data_file(tmp_path: Path) -> None:
    text = ("BSU Opens a Laboratory\nThe laboratory was opened on Monday by the rector.\n"
            "Mai 13, 2024 Rectors of Belarus and China meet in Minsk\nMai 10, 2024 BSU students win contest in Harbin\n"
            "Mai 6, 2024 Chinese teachers arrive in Gomel\n")
    months = [["Januar"], ["Februar"], ["März"], ["April"], ["Mai"], ["Juni"], ["Juli"], ["August"],
              ["September"], ["Oktober"], ["November"], ["Dezember"]]
    extra = tmp_path / "extra.toml"
    extra.write_text(f"[headlines]\nmonths = {months!r}\n", encoding="utf-8")
    cfg = Config(translate=False, boilerplate_patterns=(str(extra),))
    assert boilerplate.make(CFG).run(text, _ctx(text)).edits == []  # "Mai" is no month of the shipped list
    result = pipeline.run(Document(text), cfg, stages=[boilerplate.make(cfg)])
    assert result.text == "BSU Opens a Laboratory\nThe laboratory was opened on Monday by the rector.\n"


@pytest.mark.parametrize("months", ['[["January"]]', '"January"', '[[], [], [], [], [], [], [], [], [], [], [], []]'])
def test_a_months_list_polish_cannot_use_is_refused(tmp_path: Path, months: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(f"[headlines]\nmonths = {months}\n", encoding="utf-8")
    with pytest.raises(boilerplate.PatternError, match="bad.toml: headlines.months"):
        boilerplate.load_patterns((str(bad),))
