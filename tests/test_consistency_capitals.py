"""Names in capitals the first house styles missed: "Jiayu WANG" (the surname last) and names written
all in capitals ("VADIM BOGUSH", "WANG JIAYU") beside the same person in ordinary case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from polish.config import Config
from polish.model import Document
from polish.names import PERSON, SPELLING, extract_names, group_variants, suggestion_for
from polish.pipeline import run
from polish.stages import consistency
from polish.stages.consistency import RULE, compare_documents

NO_GLOSSARY = Config(default_glossaries=False)


def _people(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.title) for m in extract_names(text) if m.kind == PERSON]


def _findings(text: str) -> list[tuple[str, str | None]]:
    result = run(Document(text), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)])
    assert result.text == text and result.changes == []
    for f in result.findings:
        assert text[f.start:f.end] == f.text and f.rule == RULE
    return [(f.text, f.suggestion) for f in result.findings]


def _reasons(text: str) -> list[tuple[tuple[str, ...], str]]:
    return [(g.forms, g.reason) for g in group_variants(extract_names(text))]


# --------------------------------------------------------------------------
# The surname last, in capitals: "Jiayu WANG"
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Professor Jiayu WANG, director of the International Office, spoke.", [("Jiayu WANG", "Professor")]),
    ("Jiayu WANG presented the programmes.", [("Jiayu WANG", "")]),
    ("The talks were led by Prof. Wei ZHANG and Xiao-ming LI.", [("Wei ZHANG", "Prof"), ("Xiao-ming LI", "")]),
    ("the dean Jiayu WANG said", [("Jiayu WANG", "Dean")]),
])
def test_a_given_name_then_a_surname_in_capitals_makes_a_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert _people(text) == expected


@pytest.mark.parametrize("text", [
    "An MA in Chinese takes two years. In MA programmes the students write a thesis.",  # stop words
    "Long MA programmes and Change HE policy were discussed.",  # common English words, not pinyin given names
    "Students of Dalian University MA programmes came.",  # a longer run of capitalised words
    "Students of the Dalian MA programme and the Xiamen SU office came.",  # places read as pinyin
    "The Hangzhou WAN LINK was cut.",  # the capitals go on: an acronym run
    "Mr Bogush met Jiayu Wang. Bogush WANG.",  # not pinyin before the capitals
])
def test_capitals_after_a_capitalised_word_are_rarely_a_name(text: str) -> None:
    assert [n for n, _ in _people(text) if any(len(w) > 1 and w.isupper() for w in n.split())] == []


def test_a_surname_last_in_capitals_beside_another_spelling_is_a_variant() -> None:
    text = ("Professor Jiayu WANG, director of the International Office, presented the programmes.\n"
            "Jiayou WANG said the exchanges would grow. Jiayu WANG thanked the guests.\n")
    assert _findings(text) == [("Jiayou WANG", "Jiayu WANG")]
    assert _reasons(text) == [(("Jiayu WANG", "Jiayou WANG"), SPELLING)]


def test_a_surname_last_in_capitals_and_in_ordinary_case_is_one_spelling() -> None:
    assert _findings("Jiayu WANG led the group. Jiayu Wang said the visit was a success.") == []


def test_the_surname_last_or_first_is_the_order_difference_it_was_in_ordinary_case() -> None:
    # as "Jiayu Wang" beside "Wang Jiayu": one person written in two orders, which the editor settles
    ordinary = _reasons("Professor Wang Jiayu came. Professor Jiayu Wang spoke. Wang Jiayu left.")
    capitals = _reasons("Professor WANG Jiayu came. Professor Jiayu WANG spoke. WANG Jiayu left.")
    assert [r for _, r in capitals] == [r for _, r in ordinary] == [SPELLING]
    assert _findings("Professor WANG Jiayu came. Professor Jiayu WANG spoke. WANG Jiayu left.") == [
        ("Jiayu WANG", "WANG Jiayu")]


def test_a_chinese_name_in_western_order_folds_as_chinese() -> None:
    # the given name drifts: one person, a spelling to settle (not two given names of one surname)
    assert group_variants({"Jiayu Wang": 2, "Jiayou Wang": 1})[0].reason == SPELLING
    # Li and Lu are two families whichever order the name is written in
    assert group_variants({"Ming Li": 1, "Ming Lu": 1}) == []
    assert group_variants({"Li Ming": 1, "Lu Ming": 1}) == []


# --------------------------------------------------------------------------
# Names all in capitals
# --------------------------------------------------------------------------


def test_a_name_in_capitals_beside_another_spelling_in_ordinary_case_is_a_variant() -> None:
    text = ("RECTOR VADIM BOGUSHI VISITS DALIAN\n"
            "Rector Vadim Bogush met the delegation of Dalian University of Technology.\n"
            "Vadim Bogush said the joint institute would admit more students.\n")
    assert _findings(text) == [("VADIM BOGUSHI", "VADIM BOGUSH")]
    text = ("SINO-BELARUSIAN FORUM OPENS IN MINSK\n"
            "WANG JIAYOU, director of the International Office, opened the forum.\n"
            "Wang Jiayu said the exchanges would grow. Wang Jiayu thanked the hosts.\n")
    assert _findings(text) == [("WANG JIAYOU", "WANG JIAYU")]


def test_a_name_in_capitals_counts_toward_the_suggestion() -> None:
    text = "VADIM BOGUSH VISITS DALIAN\nVadim Bogushi met the delegation. Vadim Bogush spoke."
    assert _findings(text) == [("Vadim Bogushi", "Vadim Bogush")]


def test_a_name_in_capitals_spelt_as_in_ordinary_case_is_one_spelling() -> None:
    text = "VADIM BOGUSH VISITS DALIAN\nRector Vadim Bogush met the delegation.\n"
    assert _people(text) == [("VADIM BOGUSH", ""), ("Vadim Bogush", "Rector")]
    assert _findings(text) == []


@pytest.mark.parametrize("text", [
    "SINO-BELARUSIAN FORUM OPENS IN MINSK\nThe forum opened on Monday.",
    "WANG JIAYU WINS THE AWARD",  # no name in ordinary case to go by
    "DALIAN, May 12 (CHINA DAILY) -- Vadim Bogush spoke.",
    "BSU AND DUT SIGN AN AGREEMENT\nRector Vadim Bogush signed it.",
    "VOLUNTEERS VISIT BOGUSH\nRector Vadim Bogush came. Later Vladimir Bogush spoke.",  # a verb is no given name
])
def test_capitals_that_name_no_one_in_the_article_are_no_names(text: str) -> None:
    assert [n for n, _ in _people(text) if n.isupper()] == []


def test_two_given_names_are_not_guessed_from_a_headline() -> None:
    # one surname, two given names: in capitals the words before a surname are too often a verb
    text = "VLADIMIR BOGUSH OPENS THE FORUM\nRector Vadim Bogush spoke."
    assert _findings(text) == []


def test_capitals_across_files() -> None:
    per_doc = []
    docs = {"a.txt": "VADIM BOGUSHI VISITS DALIAN\nVadim Bogushi spoke. Vadim Bogushi left.",
            "b.txt": "Vadim Bogush came. Vadim Bogush left.", "c.txt": "Rector Vadim Bogush."}
    for label, text in docs.items():
        result = run(Document(text, path=label), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)])
        per_doc.append((label, result.data["consistency"]))
    out = [(label, f.text, f.suggestion) for label, f in compare_documents(per_doc)]
    assert out == [("a.txt", "Vadim Bogushi", "Vadim Bogush"), ("a.txt", "VADIM BOGUSHI", "VADIM BOGUSH")]


def test_suggestion_for_a_form_in_capitals_is_in_capitals() -> None:
    assert suggestion_for("Vadim Bogush", "VADIM BOGUSHI") == "VADIM BOGUSH"
    assert suggestion_for("Wang Jiayu", "WANG JIAYOU") == "WANG JIAYU"
    assert suggestion_for("Jiayu Wang", "Jiayou WANG") == "Jiayu WANG"


def test_check_reports_them_through_the_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from polish.cli import app

    a = tmp_path / "a.txt"
    a.write_text("Professor Jiayu WANG, director of the International Office, presented the programmes.\n"
                 "Jiayou WANG said the exchanges would grow. Jiayu WANG thanked the guests.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("RECTOR VADIM BOGUSHI VISITS DALIAN\nRector Vadim Bogush met the delegation.\n"
                 "Vadim Bogush said the joint institute would admit more students.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(a), str(b), "--format", "json", "--no-translate",
                                 "--no-default-glossaries"])
    rows = [x for x in json.loads(r.stdout) if x["rule"] == RULE]
    assert [(Path(x["file"]).name, x["text"], x["suggestion"]) for x in rows] == [
        ("a.txt", "Jiayou WANG", "Jiayu WANG"), ("b.txt", "VADIM BOGUSHI", "VADIM BOGUSH")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["WANG", "Wang", "JIAYU", "Jiayu", "Jiayou", "VADIM", "Vadim", "BOGUSH", "Bogush",
                                 "BOGUSHI", "RECTOR", "Rector", "Prof.", "BSU", "University", "AND", "the", ".",
                                 ",", "\n", "-"]), max_size=30))
def test_mentions_in_capitals_are_exact_substrings_in_order(words: list[str]) -> None:
    text = " ".join(words)
    mentions = extract_names(text)
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    for g in group_variants(mentions):
        assert g.minority and g.canonical in g.forms
