"""Names and their variants: extraction, transliteration-aware grouping, the stage, folder comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polish.config import Config
from polish.model import Document
from polish.names import (
    BE_RU,
    GIVEN_NAME,
    ORGANISATION,
    PERSON,
    SPELLING,
    KnownNames,
    describe,
    extract_names,
    fold,
    group_variants,
    person_parts,
    preference,
    same_given_name,
    similar_words,
)
from polish.pipeline import run
from polish.stages import consistency
from polish.stages.consistency import RULE, compare_documents

NO_GLOSSARY = Config(default_glossaries=False)

ARTICLE = (
    "Rector of the Belarusian State University Vadim Bogush met Ambassador Zhang Wei in Minsk.\n"
    "Rector Vadim Bogushi said the Belarusian State University will work with Harbin Institute of Technology.\n"
    "Vadim Bogush thanked the guests. Vadim Bogush also visited the campus.\n"
)


def _names(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.kind, m.title) for m in extract_names(text)]


def test_extracts_people_with_titles_and_organisations() -> None:
    got = _names(ARTICLE)
    assert ("Belarusian State University", ORGANISATION, "") in got
    assert ("Vadim Bogush", PERSON, "Rector") in got  # title before the organisation stays with the name
    assert ("Zhang Wei", PERSON, "Ambassador") in got
    assert ("Vadim Bogushi", PERSON, "Rector") in got
    assert ("Harbin Institute of Technology", ORGANISATION, "") in got
    # city names and sentence openers are not people
    assert not any(n in ("Minsk", "In Minsk") for n, _, _ in got)


@pytest.mark.parametrize("text, expected", [
    ("Vice-Rector Ivan Kovalyov spoke.", ("Ivan Kovalyov", "Vice-Rector")),
    ("Later Rector Vladimir Bogush thanked them.", ("Vladimir Bogush", "Rector")),
    ("He met Dr. Li Wei yesterday.", ("Li Wei", "Dr")),
    ("as the rector Vadim Bogush said", ("Vadim Bogush", "Rector")),
    ("Prime Minister Roman Golovchenko arrived.", ("Roman Golovchenko", "Prime Minister")),
    # a title that goes on with "of <portfolio>" keeps the portfolio out of the name
    ("Minister of Education Igor Karpenko said so.", ("Igor Karpenko", "Minister of Education")),
    ("Minister of Education of Belarus Andrei Ivaniec came.", ("Andrei Ivaniec", "Minister of Education of Belarus")),
    ("Deputy Minister of Foreign Affairs Sergei Aleinik met them.",
     ("Sergei Aleinik", "Deputy Minister of Foreign Affairs")),
    ("President of China Xi Jinping arrived.", ("Xi Jinping", "President of China")),
    ("Vice-Rector for International Relations Yuri Vorobyov met the guests.",
     ("Yuri Vorobyov", "Vice-Rector for International Relations")),
    ("Professor of International Relations Olga Ivanova said.", ("Olga Ivanova", "Professor of International Relations")),
])
def test_titles_are_found_and_stripped(text: str, expected: tuple[str, str]) -> None:
    assert [(m.text, m.title) for m in extract_names(text) if m.kind == PERSON] == [expected]


def test_a_name_after_a_department_of_a_field_is_a_person() -> None:
    text = "Academician-Secretary of the Department of Physical and Technical Sciences Aleksandr Ilyuschenko spoke."
    assert [(m.text, m.kind) for m in extract_names(text)] == [
        ("Department of Physical and Technical Sciences", ORGANISATION), ("Aleksandr Ilyuschenko", PERSON)]
    assert [m.text for m in extract_names("The Faculty of Economics and Management hosted it.")] == [
        "Faculty of Economics and Management"]


def test_organisations_joined_by_and_are_two() -> None:
    text = "Polotsk State University and Polatsk State University signed, and the University of Science and Technology of China joined."
    orgs = [m.text for m in extract_names(text) if m.kind == ORGANISATION]
    assert orgs == ["Polotsk State University", "Polatsk State University", "University of Science and Technology of China"]


def test_possessives_and_acronyms_are_not_names() -> None:
    assert _names("Bogush's speech at BSU was short.") == []


@pytest.mark.parametrize("a, b", [
    ("Bogush", "Bogushi"), ("Kovalev", "Kovalyov"), ("Aleksandr", "Alexandr"), ("Gomel", "Homel"),
    ("Vladimir", "Wladimir"), ("Yuri", "Yury"),
])
def test_transliteration_variants_are_similar(a: str, b: str) -> None:
    assert similar_words(a, b)


@pytest.mark.parametrize("a, b, chinese", [
    ("Ivanov", "Ivanova", False),   # gendered pair
    ("Minsk", "Omsk", False),
    ("Vadim", "Vladimir", False),
    ("Li", "Lu", True),             # two Chinese surnames
    ("Wang", "Wan", True),
    ("Wei", "Wen", True),
    ("Petrov", "Popov", False),
])
def test_different_words_are_not_similar(a: str, b: str, chinese: bool) -> None:
    assert not similar_words(a, b, chinese)


def test_fold_and_parts() -> None:
    assert fold("Kovalyov") == fold("Kovalev")
    assert person_parts("Zhang Wei") == ("Wei", "Zhang")       # surname first
    assert person_parts("Vadim Bogush") == ("Vadim", "Bogush")


def test_groups_spelling_variants_and_same_title_holder() -> None:
    text = ARTICLE + "Later Rector Vladimir Bogush closed the meeting. Zhang Wai smiled.\n"
    groups = {g.canonical: g for g in group_variants(extract_names(text))}
    bogush = groups["Vadim Bogush"]
    assert set(bogush.forms) == {"Vadim Bogush", "Vadim Bogushi", "Vladimir Bogush"}
    assert bogush.reason == GIVEN_NAME and bogush.counts["Vadim Bogush"] == 3
    assert groups["Zhang Wei"].forms == ("Zhang Wei", "Zhang Wai")  # tie: the titled form wins
    assert groups["Zhang Wei"].reason == SPELLING


def test_different_people_are_never_grouped() -> None:
    text = (
        "Rector Ivan Petrov met Anna Petrova and Ivan Popov. Professor Li Wen and Professor Lu Wen spoke. "
        "Zhang Wei and Zhang Li arrived. Minsk State University and Omsk State University signed. "
        "Belarusian State University and Belarusian National University and Belarusian State Institute agreed."
    )
    assert group_variants(extract_names(text)) == []


def test_same_surname_with_unrelated_given_names_only_with_evidence() -> None:
    # same initial, same article: grouped; a different initial and no shared title: two people
    assert group_variants(extract_names("Vadim Bogush came. Later Vladimir Bogush spoke."))
    assert group_variants(extract_names("Vadim Bogush came. Later Anna Bogush spoke.")) == []
    # across documents the given-name rule does not apply
    assert group_variants(extract_names("Rector Vadim Bogush came. Rector Vladimir Bogush spoke."), same_document=False) == []


def test_glossary_canonical_is_preferred_and_settled_groups_are_skipped() -> None:
    known = KnownNames(
        entry_of={"vadim bogush": "bogush", "v. bogush": "bogush", "zhang wei": "zhang-wei", "zhang wai": "zhang-wei"},
        canonical={"bogush": "Vadim Bogush", "zhang-wei": "Zhang Wei"},
    )
    groups = group_variants({"Vadim Bogushi": 3, "Zhang Wai": 2, "Zhang Wei": 1}, known)
    # Bogushi is near the glossary's canonical (not in the text at all): suggest the canonical
    assert [(g.canonical, g.entry, g.forms) for g in groups] == [("Vadim Bogush", "bogush", ("Vadim Bogush", "Vadim Bogushi"))]


def _glossary(tmp_path: Path, rows: list[str]) -> Config:
    from polish.glossary.model import COLUMNS

    path = tmp_path / "names.tsv"
    path.write_text("\t".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return Config(glossaries=(str(path),), default_glossaries=False)


def _row(**cells: str) -> str:
    from polish.glossary.model import COLUMNS

    return "\t".join(cells.get(c, "") for c in COLUMNS)


def test_stage_reports_every_minority_occurrence() -> None:
    text = "Rector Vadim Bogush opened. Vadim Bogushi spoke. Vadim Bogush left. Vadim Bogushi waved. Vadim Bogush sat."
    stage = consistency.make(NO_GLOSSARY)
    assert stage.name == "consistency"
    result = run(Document(text), NO_GLOSSARY, stages=[stage])
    assert result.text == text and result.changes == []
    assert [f.text for f in result.findings] == ["Vadim Bogushi", "Vadim Bogushi"]
    f = result.findings[0]
    assert f.rule == RULE and f.suggestion == "Vadim Bogush"
    assert f.message == 'Names "Vadim Bogushi" (2×) and "Vadim Bogush" (3×) look like one person; add a glossary entry'
    assert f.meta["group"] == ["Vadim Bogush", "Vadim Bogushi"]
    data = result.to_dict()["data"]["consistency"]
    assert {"name": "Vadim Bogush", "count": 3, "kind": "person", "titles": ["Rector"]} in data["names"]


def test_stage_uses_the_glossary(tmp_path: Path) -> None:
    cfg = _glossary(tmp_path, [
        _row(id="bogush", canonical="Vadim Bogush", admitted="Vadim Bogushi", kind="person"),
        _row(id="kovalev", canonical="Ivan Kovalev", kind="person"),
    ])
    text = "Vadim Bogushi spoke. Vadim Bogush listened. Ivan Kovalyov and Ivan Kovalyov came."
    result = run(Document(text), cfg, stages=[consistency.make(cfg)])
    # Bogushi is admitted by the glossary: settled. Kovalyov is near the canonical Kovalev.
    assert [(f.text, f.suggestion, f.entry) for f in result.findings] == [
        ("Ivan Kovalyov", "Ivan Kovalev", "kovalev"), ("Ivan Kovalyov", "Ivan Kovalev", "kovalev"),
    ]
    assert "add a variant to glossary entry kovalev" in result.findings[0].message


def test_compare_documents_reports_variants_across_files() -> None:
    docs = {
        "a.txt": "Rector Vadim Bogushi visited Harbin.",
        "b.txt": "Rector Vadim Bogush opened the centre. Vadim Bogush spoke.",
        "c.txt": "Vadim Bogush met Rector Vladimir Bogush.",
        "d.txt": "Professor Anna Petrova and Ivan Petrov came.",
    }
    per_doc = []
    for label, text in docs.items():
        result = run(Document(text, path=label), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)])
        per_doc.append((label, result.data["consistency"].mentions))
    out = compare_documents(per_doc)
    assert [(label, f.text, f.suggestion) for label, f in out] == [("a.txt", "Vadim Bogushi", "Vadim Bogush")]
    label, f = out[0]
    assert f.rule == RULE and f.line == 1 and f.id and f.meta["scope"] == "folder"
    assert f.message == ('Names "Vadim Bogushi" (1× in a.txt) and "Vadim Bogush" (3× in b.txt, c.txt) '
                         'look like one person; add a glossary entry')
    # one document alone is the per-document pass's business
    assert compare_documents(per_doc[2:3]) == []


def test_mention_lines_point_into_the_original() -> None:
    original = "Share this article\nRector Vadim Bogush spoke.\nVadim Bogushi left.\n"
    received = original.replace("Share this article\n", "")
    ms = consistency._with_lines(extract_names(received), received, original)
    assert [(m.text, m.line) for m in ms] == [("Vadim Bogush", 2), ("Vadim Bogushi", 3)]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Rector", "Vadim", "Bogush", "Bogushi", "of", "the", "State", "University",
                                 "Zhang", "Wei", "Li", "In", "Minsk", ".", ",", "and", "\n", "Dr.", "rector"]),
                max_size=30))
def test_mentions_are_exact_substrings_and_grouping_never_fails(words: list[str]) -> None:
    text = " ".join(words)
    mentions = extract_names(text)
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.kind in (PERSON, ORGANISATION)
    for g in group_variants(mentions):
        assert g.canonical in g.forms and len(g.forms) >= 2


def test_garbled_head_words_still_make_organisations() -> None:
    text = "The Belorussian State Uniwersity and the Belarusian State University signed. Harbin Institut of Technology."
    orgs = [m.text for m in extract_names(text) if m.kind == ORGANISATION]
    assert orgs[:2] == ["Belorussian State Uniwersity", "Belarusian State University"]
    (g,) = group_variants(extract_names(text))
    # a tie in counts: the form with the head word spelt right is suggested
    assert g.canonical == "Belarusian State University" and g.kind == ORGANISATION


# --------------------------------------------------------------------------
# The shortcuts that keep the stage fast give the answers of the slow path
# --------------------------------------------------------------------------


def test_one_run_of_words_in_different_surroundings_is_read_afresh() -> None:
    # extract_names keeps what each run of capitalised words holds, keyed on what stands before it
    text = ("Vadim Bogush came. the rector Vadim Bogush spoke. Dr. Vadim Bogush left.\n"
            "Later Vladimir Bogush came, Later Vladimir Bogush stayed.")
    got = [(m.text, m.title, text[m.start:m.end]) for m in extract_names(text) if m.kind == PERSON]
    assert [(t, title) for t, title, _ in got] == [
        ("Vadim Bogush", ""), ("Vadim Bogush", "Rector"), ("Vadim Bogush", "Dr"),
        ("Vladimir Bogush", ""), ("Later Vladimir Bogush", ""),
    ]
    assert all(t == span for t, _, span in got)
    assert [(m.text, m.title) for m in extract_names("the dean Vadim Bogush")] == [("Vadim Bogush", "Dean")]
    # a title word inside the run wins over one before it, whichever came first
    assert [(m.text, m.title) for m in extract_names("Rector Vadim Bogush came. the dean Rector Vadim Bogush")] == \
        [("Vadim Bogush", "Rector"), ("Vadim Bogush", "Rector")]


@pytest.mark.parametrize("before, title", [
    ("the rector ", "Rector"), ("the rector. ", "Rector"), ("(rector ", "Rector"), ("a vice-rector ", "Vice-Rector"),
    ("the rector \n", "Rector"), ("dr.. ", ""), ("Rector, ", ""), ("the ", ""), ("", ""), ("the rector  ", ""),
])
def test_lower_case_title_before_a_name(before: str, title: str) -> None:
    from polish import names

    assert names._lower_title(before + "Vadim Bogush", len(before)) == title


def _org_glossary(extra: list[tuple[str, str]]) -> KnownNames:
    from polish.glossary.model import Entry, Glossary

    # well over the prefilter's threshold, so the organisation block is indexed and ratio-filtered
    filler = [Entry(f"filler-{i}", f"Kalo{chr(97 + i % 26)}{i} Mirenvas Institute", kind="organisation")
              for i in range(300)]
    return KnownNames.from_glossary(Glossary([Entry(i, c, kind="organisation") for i, c in extra] + filler))


def test_large_glossary_organisation_block_still_finds_close_canonicals() -> None:
    known = _org_glossary([("bsu", "Belarusian State University"), ("sdu", "Shandong University"),
                           ("hit", "Harbin Institute of Technology")])
    text = ("The Belarusian State Uniwersity signed. Shan Dong University signed. "
            "Harbin Institute of Technologies signed. Minsk State University came too.")
    expected = {
        "Belarusian State University": ("bsu", ("Belarusian State University", "Belarusian State Uniwersity")),
        "Shandong University": ("sdu", ("Shandong University", "Shan Dong University")),
        "Harbin Institute of Technology":
            ("hit", ("Harbin Institute of Technology", "Harbin Institute of Technologies")),
    }
    for _ in range(2):  # the second document is answered from what the block kept
        assert {g.canonical: (g.entry, g.forms) for g in group_variants(extract_names(text), known)} == expected


@pytest.mark.parametrize("seen", ["Belarusian State Uniwersity", "Belorusian State University",
                                  "Belarusianstate University", "Bela Rusian State University",
                                  "Minsk State Lingvistic University",
                                  "Kaloa0 Mirenvas Institution", "Kaloa0 Mirenvas"])
def test_organisation_candidates_hold_every_form_the_slow_path_would_group(seen: str) -> None:
    from rapidfuzz import fuzz

    from polish import names

    known = _org_glossary([("a", "Belarusian State University"), ("b", "Belarusian National University"),
                           ("c", "Bela Rusian State University"), ("d", "Minsk State Linguistic University")])
    block = known.blocks()[(ORGANISATION, "")]
    # the slow path: rapidfuzz's ratio over every form, then the detailed comparison
    slow = {f for f in block.forms if fuzz.ratio(seen.casefold(), f.casefold()) >= 60 and names._org_similar(seen, f)}
    assert slow or seen.startswith("Kalo")
    assert slow == {f for f in block.near(seen) if names._org_similar(seen, f)}


def test_the_stage_reads_a_glossary_once(tmp_path: Path) -> None:
    cfg = _glossary(tmp_path, [_row(id="bogush", canonical="Vadim Bogush", kind="person")])
    assert consistency.known_names(cfg) is consistency.known_names(cfg)


def test_mention_lines_for_forms_earlier_stages_made() -> None:
    original = "Vadim Bogush spoke.\nVadim Bogush left.\n"
    received = "Vadim Bogush spoke.\nVadim Bogush left.\nVadim Bogush again.\n"
    ms = consistency._with_lines(extract_names(received), received, original)
    assert [m.line for m in ms] == [1, 2, 3]


def test_compare_documents_gives_the_same_findings_from_data_summaries_and_mentions() -> None:
    docs = {
        "a.txt": "Share this\nRector Vadim Bogushi visited Harbin.\nVadim Bogushi left.",
        "b.txt": "Rector Vadim Bogush opened the centre. Vadim Bogush spoke.\nThe Belarusian State Uniwersity came.",
        "c.txt": "Vadim Bogush met Rector Vladimir Bogush at the Belarusian State University.",
    }
    data = {label: run(Document(text, path=label), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)])
            .data["consistency"] for label, text in docs.items()}
    summaries = [(label, d.summary()) for label, d in data.items()]  # before the mentions are built
    as_data = compare_documents(list(data.items()))
    as_mentions = compare_documents([(label, d.mentions) for label, d in data.items()])
    assert as_data and as_data == as_mentions == compare_documents(summaries)
    assert [s for _, s in summaries] == [d.summary() for d in data.values()]  # after: the same
    assert [(m.text, m.line) for m in data["a.txt"].mentions] == [("Vadim Bogushi", 2), ("Vadim Bogushi", 3)]


def test_folder_names_gathered_one_document_at_a_time_give_the_same_findings() -> None:
    docs = {
        "a.txt": "Rector Vadim Bogushi visited Harbin.\nVadim Bogushi left.",
        "b.txt": "Rector Vadim Bogush opened the centre. Vadim Bogush spoke.",
        "c.txt": "Vadim Bogush met Minister of Education Ihar Karpenka.",
        "d.txt": "Minister of Education Igor Karpenko came. Igor Karpenko spoke. Vadim Bogushi too.",
    }
    data = [(label, run(Document(text, path=label), NO_GLOSSARY, stages=[consistency.make(NO_GLOSSARY)])
             .data["consistency"]) for label, text in docs.items()]
    expected = [
        (label, f.text, f.line, f.meta["suggestion_in"]) for label, f in compare_documents(data)]
    folder = consistency.FolderNames()
    for label, names in data:
        folder.add(label, names.summary())  # what a worker sends back
    got = folder.findings()
    folder.close()
    assert [(label, f.text, f.line, f.meta["suggestion_in"]) for label, f in got] == expected
    assert ("a.txt", "Vadim Bogushi", 1, ["b.txt", "c.txt"]) in expected
    assert {f.text for _, f in got} == {"Vadim Bogushi", "Ihar Karpenka"}


def test_a_chinese_given_name_in_one_word_or_two_is_one_spelling() -> None:
    text = "Professor Guo Dong Ming thanked the hosts. Guo Dongming invited them. Guo Dongmin also came."
    (g,) = group_variants(extract_names(text), KnownNames(), same_document=True)
    assert set(g.forms) == {"Guo Dong Ming", "Guo Dongming", "Guo Dongmin"}
    # Pinyin writes the given name as one word: the suggestion is never the split form
    assert preference("Guo Dongming", 1) > preference("Guo Dong Ming", 5, titles=1)
    assert preference("Liu Jianguo", 1) > preference("Liu Jian-guo", 5, titles=1)  # nor the hyphenated one


def test_the_suggested_form_is_never_a_known_variant_nor_one_with_a_patronymic() -> None:
    assert preference("Sergei Khakhomov", 1) > preference("Sergey Aleksandrovich Khakhomov", 5, titles=1)
    from polish.glossary.model import Entry, Glossary

    known = KnownNames.from_glossary(Glossary([Entry("nasb", "National Academy of Sciences of Belarus",
                                                     ("Belarusian Academy of Sciences",), kind="organisation")]))
    text = ("The Belarusian Academy of Sciences met. The Belarusian Academy of Sciences voted. "
            "The Belorusian Academy of Sciences agreed.")
    groups = group_variants(extract_names(text), known, same_document=True)
    assert groups and all(g.canonical != "Belarusian Academy of Sciences" for g in groups)


def test_a_name_variant_across_files_is_located_in_the_file_s_own_text(tmp_path):
    from typer.testing import CliRunner

    from polish.cli import app

    (tmp_path / "a.txt").write_text("Rector Ivan Petrovsky visited Harbin.\nIvan Petrovsky spoke.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Share to let more people see\nViews: 12\nRector Ivan Petrovskiy visited Minsk.\n"
                 "Ivan Petrovskiy spoke again.\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json", "--no-translate"])
    rows = [x for x in json.loads(r.stdout) if x["rule"].startswith("consistency") and x["file"].endswith("b.txt")]
    assert rows and all(b.read_text(encoding="utf-8")[x["start"]:x["end"]] == "Ivan Petrovskiy" for x in rows)


def test_a_chinese_name_in_western_order_is_the_same_person() -> None:
    text = "Professor Wang Jiayu attended the forum.\nProfessor Jiayu Wang said the talks went well.\n"
    (g,) = group_variants(extract_names(text), KnownNames(), same_document=True)
    assert set(g.forms) == {"Wang Jiayu", "Jiayu Wang"}


def test_a_man_and_a_woman_of_one_family_are_not_one_person_and_two_given_names_get_no_suggestion() -> None:
    from polish.pipeline import build_stages, run

    cfg = Config(translate=False, grammar=False)
    text = ("Dean Ivan Kovalenko thanked Associate Professor Irina Kovalenko.\n"
            "The award went to Academician Vladimir Gusakov and his son Vadim Gusakov.\n")
    r = run(Document(text=text), cfg, stages=build_stages(cfg, only=["consistency"]))
    (f,) = [f for f in r.findings if f.rule == "consistency.name-variant"]
    assert "Gusakov" in f.message and "they may be two people" in f.message and f.suggestion is None


@pytest.mark.parametrize("a, b", [("Uladzimir", "Vladimir"), ("Mikalai", "Nikolay"), ("Siarhei", "Sergey"),
                                  ("Volha", "Olga"), ("Aliaksandr", "Alexander"), ("Tatsiana", "Tatyana")])
def test_belarusian_and_russian_forms_of_one_given_name(a: str, b: str) -> None:
    assert same_given_name(a, b) and same_given_name(b, a)


def test_a_belarusian_and_a_russian_given_name_with_one_surname_are_one_person() -> None:
    # a different initial and no shared title: without the table these were two people
    groups = group_variants(extract_names("Uladzimir Karanik opened the forum. Later Vladimir Karanik spoke."))
    assert [(g.forms, g.reason) for g in groups] == [(("Vladimir Karanik", "Uladzimir Karanik"), BE_RU)]
    assert "the Belarusian and the Russian form of one given name" in describe(groups[0])
    # across documents too: it is one name, not a guess from one article
    across = group_variants({"Volha Kovalenko": 2, "Olga Kovalenko": 1}, same_document=False)
    assert [g.reason for g in across] == [BE_RU]
    # the table never joins two names, two surnames, or a man and a woman
    assert group_variants(extract_names("Uladzimir Karanik came. Later Nikolai Karanik spoke.")) == []
    assert group_variants(extract_names("Uladzimir Karanik came. Later Vladimir Kovalenko spoke.")) == []
    assert group_variants({"Volha Karanik": 1, "Vladimir Karanik": 1}, same_document=False) == []


def test_the_most_cautious_reason_speaks_for_a_group() -> None:
    text = "Rector Uladzimir Bogush came. Rector Vladimir Bogush spoke. Rector Vadim Bogush left."
    groups = group_variants(extract_names(text))
    assert len(groups) == 1 and groups[0].reason == GIVEN_NAME
