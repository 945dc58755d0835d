"""Names written in a house style: a Chinese surname in capitals ("WANG Jiayu") and initials ("A. Kovalev")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from polish.config import Config
from polish.model import Document
from polish.names import PERSON, SPELLING, extract_names, group_variants, house_form, initials_parts, suggestion_for
from polish.pipeline import run
from polish.stages import consistency
from polish.stages.consistency import RULE, compare_documents

NO_GLOSSARY = Config(default_glossaries=False)


def _people(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.title) for m in extract_names(text) if m.kind == PERSON]


def _the_finding(text: str):
    """The one consistency finding of ``text`` (the test fails if there is not exactly one)."""
    (f,) = run(Document(text), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)]).findings
    return f


def _findings(text: str, cfg: Config = NO_GLOSSARY) -> list[tuple[str, str | None]]:
    result = run(Document(text), cfg, stages=[consistency.make(cfg)])
    assert result.text == text and result.changes == []
    for f in result.findings:
        assert text[f.start:f.end] == f.text and f.rule == RULE
    return [(f.text, f.suggestion) for f in result.findings]


# --------------------------------------------------------------------------
# A Chinese surname in capitals
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Prof. LI Ming, Vice-President of DUT, welcomed the guests.", [("LI Ming", "Prof")]),
    ("WANG Jiayu, director of the International Office, spoke.", [("WANG Jiayu", "")]),
    ("Professor WANG Jia-yu and the rector ZHANG Wei met.", [("WANG Jia-yu", "Professor"), ("ZHANG Wei", "Rector")]),
    ("Reporter LIU Xiaoping, Harbin.", [("LIU Xiaoping", "")]),
])
def test_a_surname_in_capitals_makes_a_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert _people(text) == expected


@pytest.mark.parametrize("text", [
    "BSU and BSUIR signed the agreement with DUT.",
    "DALIAN, May 12 (CHINA DAILY) -- NEWS of the COVID Pandemic spread.",
    "BSU Rector and BSUIR Students met at HIT Campus.",
    "The MA Programme and the MA Thesis are in English. HE Said nothing.",  # Ma and He are surnames
    "WANG JIAYU WINS THE AWARD",  # a headline in capitals: no given name to go by
    "Photo by WANG Jiayu Edited by the press office.",  # a capitalised word after it: a longer run
])
def test_acronyms_and_headlines_in_capitals_are_no_names(text: str) -> None:
    assert [n for n, _ in _people(text) if any(len(w) > 1 and w.isupper() for w in n.split())] == []


def test_house_form_writes_a_surname_in_capitals_as_a_name() -> None:
    assert house_form("WANG Jiayu") == "Wang Jiayu"
    assert house_form("Vadim Bogush") == "Vadim Bogush"
    assert house_form("A.V. Kovalev") == "A.V. Kovalev"


def test_a_surname_in_capitals_beside_another_spelling_is_a_variant() -> None:
    text = ("WANG Jiayu, director of the International Office, presented the programmes.\n"
            "Wang Jiayou said the exchanges would grow.\n")
    f = _the_finding(text)
    assert (f.text, f.suggestion) == ("Wang Jiayou", "Wang Jiayu")
    assert f.message == 'Names "Wang Jiayou" (1×) and "WANG Jiayu" (1×) look like one person; add a glossary entry'
    assert f.meta == {"group": ["WANG Jiayu", "Wang Jiayou"], "reason": SPELLING, "kind": PERSON}
    assert _findings("WANG Jiayu spoke first. Later Wang Jia-yu answered.") == [("Wang Jia-yu", "Wang Jiayu")]


def test_a_capitals_only_difference_is_one_spelling() -> None:
    # house style, not a variant: the glossary matches names in any case and could not settle it anyway
    assert _findings("WANG Jiayu led the group. Wang Jiayu said the visit was a success.") == []
    assert _findings("Prof. LI Ming opened. Li Ming closed. LI Ming left.") == []


def test_the_suggestion_keeps_the_capitals_of_the_text() -> None:
    text = "WANG Jiayou spoke. WANG Jiayu answered. Wang Jiayu smiled."
    assert _findings(text) == [("WANG Jiayou", "WANG Jiayu")]
    (g,) = group_variants(extract_names(text))
    # the forms shown are spellings of the text; both spellings of the suggested one are counted
    assert g.canonical == "Wang Jiayu" and g.counts == {"Wang Jiayu": 2, "WANG Jiayou": 1}
    assert g.spellings == {"Wang Jiayu": ("Wang Jiayu", "WANG Jiayu")}
    assert g.to_dict()["spellings"] == {"Wang Jiayu": ["Wang Jiayu", "WANG Jiayu"]}


def test_a_glossary_canonical_is_suggested_in_the_text_s_capitals(tmp_path: Path) -> None:
    from polish.glossary.model import COLUMNS

    path = tmp_path / "names.tsv"
    row = {"id": "wang-jiayu", "canonical": "Wang Jiayu", "kind": "person"}
    path.write_text("\t".join(COLUMNS) + "\n" + "\t".join(row.get(c, "") for c in COLUMNS) + "\n", encoding="utf-8")
    cfg = Config(glossaries=(str(path),), default_glossaries=False)
    assert _findings("Prof. WANG Jiayou spoke.", cfg) == [("WANG Jiayou", "WANG Jiayu")]
    assert _findings("Prof. WANG Jiayu spoke.", cfg) == []


def _folder(docs: dict[str, str]) -> list[tuple[str, str, str | None]]:
    per_doc = []
    for label, text in docs.items():
        result = run(Document(text, path=label), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)])
        per_doc.append((label, result.data["consistency"]))
    return [(label, f.text, f.suggestion) for label, f in compare_documents(per_doc)]


def test_capitals_across_files() -> None:
    assert _folder({"a.txt": "Prof. WANG Jiayu spoke.", "b.txt": "Wang Jiayu came. Wang Jiayu left."}) == []
    out = _folder({"a.txt": "Prof. WANG Jiayou spoke.", "b.txt": "Wang Jiayu came. WANG Jiayu left.",
                   "c.txt": "Rector Wang Jiayu."})
    assert out == [("a.txt", "WANG Jiayou", "WANG Jiayu")]


# --------------------------------------------------------------------------
# Initials
# --------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("On 3 March, A. Kovalev met the guests.", [("A. Kovalev", "")]),
    ("Rector A.V. Kovalev met the guests.", [("A.V. Kovalev", "Rector")]),
    ("The protocol was signed by A. V. Kovalev and Kovalev A.V. at noon.", [("A. V. Kovalev", ""), ("Kovalev A.V.", "")]),
    ("Vice-Rector Yu.V. Vorobyov and Zh. Karpenko spoke.", [("Yu.V. Vorobyov", "Vice-Rector"), ("Zh. Karpenko", "")]),
    ("the rector of the Belarusian State University A. Kovalev", [("A. Kovalev", "")]),
])
def test_names_with_initials(text: str, expected: list[tuple[str, str]]) -> None:
    assert _people(text) == expected


@pytest.mark.parametrize("text", [
    "Dr. Kovalev and Mr. Smith met at St. Petersburg.",  # titles and abbreviations, not initials
    "The U.S. Embassy and the U.K. Government sent notes to Washington, D.C. Police came too.",
    "Students in group B. Students in group C. Others took vitamin D. Researchers agreed.",
    "John F. Kennedy spoke. Plan B. Minsk agreed.",  # a middle initial; a label
    "F. Skorina Gomel State University and Mogilev State A. Kuleshov University signed.",  # named after someone
    "The contract went to Kovalev A. on Monday.",  # one initial after a surname: too often a sentence's end
])
def test_titles_abbreviations_and_labels_are_no_initials(text: str) -> None:
    assert [n for n, _ in _people(text) if "." in n] == []


def test_initials_parts() -> None:
    assert initials_parts("A.V. Kovalev") == (("A", "V"), "Kovalev")
    assert initials_parts("Kovalev A. V.") == (("A", "V"), "Kovalev")
    assert initials_parts("Yu. Vorobyov") == (("Yu",), "Vorobyov")
    assert initials_parts("Alexander Kovalev") is None


def test_initials_beside_a_full_name_spelt_otherwise_are_a_variant() -> None:
    text = ("On 3 March, Rector of the Belarusian State University A. Kovalev met a delegation.\n"
            "Alexander Kovalyov noted that the universities have cooperated since 2015.\n")
    f = _the_finding(text)
    # the surname is the drift: the suggestion keeps the initial
    assert (f.text, f.suggestion) == ("A. Kovalev", "A. Kovalyov")
    assert f.message == 'Names "A. Kovalev" (1×) and "Alexander Kovalyov" (1×) look like one person; add a glossary entry'
    assert f.meta["reason"] == SPELLING
    # the commoner spelling wins, whichever form carries it
    assert _findings("A. Kovalev opened. A. Kovalev spoke. Alexander Kovalyov left.") == [
        ("Alexander Kovalyov", "Alexander Kovalev")]
    assert _findings("A.V. Kovalev opened. A. Kovalyov spoke. Kovalyov A.V. signed.") == [
        ("A.V. Kovalev", "A.V. Kovalyov")]
    assert _findings("Yu. Vorobyov opened. Yuri Vorobiev spoke. Yuri Vorobiev left.") == [
        ("Yu. Vorobyov", "Yu. Vorobiev")]


@pytest.mark.parametrize("text", [
    "A. Kovalev opened the forum. Alexander Kovalev thanked the guests.",  # consistent
    "A.V. Kovalev opened. A. Kovalev spoke. Kovalev A.V. signed. Alexander Kovalev left.",  # consistent
    "A. Kovalev opened the forum. B. Kovalev thanked the guests.",  # two people
    "Ivan Kovalev opened the forum. Alexander Kovalev thanked the guests.",  # two people
    "A. Kovalev opened. Alexander Kovalyov spoke. Anna Kovalyov sang.",  # "A." fits two people: no guess
    "A.I. Kovalev opened. Alexander Vasilievich Kovalyov spoke.",  # another patronymic
    "A. Kovalev and A. Kuleshov opened.",  # different surnames
])
def test_initials_that_agree_or_name_another_person_are_no_variant(text: str) -> None:
    assert _findings(text) == []


def test_initials_are_compared_only_inside_one_article() -> None:
    assert _folder({"a.txt": "A. Kovalyov spoke at length.", "b.txt": "Alexander Kovalev came."}) == []


def test_suggestion_for_keeps_the_form_s_own_way_of_writing_the_name() -> None:
    assert suggestion_for("Alexander Kovalyov", "A. Kovalev") == "A. Kovalyov"
    assert suggestion_for("Alexander Kovalyov", "Kovalev A.V.") == "Kovalyov A.V."
    assert suggestion_for("A. Kovalev", "Alexander Kovalyov") == "Alexander Kovalev"
    assert suggestion_for("Wang Jiayu", "WANG Jiayou") == "WANG Jiayu"
    assert suggestion_for("WANG Jiayu", "Wang Jia-yu") == "Wang Jiayu"
    assert suggestion_for("Vadim Bogush", "Vadim Bogushi") == "Vadim Bogush"


def test_check_reports_both_through_the_cli(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from polish.cli import app

    caps = tmp_path / "dut.txt"
    caps.write_text("Prof. LI Ming, Vice-President of DUT, welcomed the guests. WANG Jiayu, director of the "
                    "International Office, presented the programmes with BSU and BSUIR.\n"
                    "Wang Jiayou said the COVID period had slowed exchanges.\n", encoding="utf-8")
    initials = tmp_path / "bsu.txt"
    initials.write_text("Rector of the Belarusian State University A. Kovalev met the delegation.\n"
                        "Alexander Kovalyov noted that the universities have cooperated since 2015.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(caps), str(initials), "--format", "json", "--no-translate",
                                 "--no-default-glossaries"])
    rows = [x for x in json.loads(r.stdout) if x["rule"] == RULE]
    assert [(Path(x["file"]).name, x["text"], x["suggestion"]) for x in rows] == [
        ("dut.txt", "Wang Jiayou", "Wang Jiayu"), ("bsu.txt", "A. Kovalev", "A. Kovalyov")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["WANG", "Wang", "Jiayu", "Jiayou", "A.", "A.V.", "V.", "Kovalev", "Kovalyov",
                                 "Alexander", "Prof.", "Rector", "BSU", "University", "group", "U.S.", ".", ",",
                                 "\n", "and"]), max_size=30))
def test_mentions_in_a_house_style_are_exact_substrings(words: list[str]) -> None:
    text = " ".join(words)
    mentions = extract_names(text)
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for g in group_variants(mentions):
        assert g.minority and g.canonical in g.forms
