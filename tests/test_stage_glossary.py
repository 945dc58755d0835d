"""The glossary stage through the real pipeline: edits with provenance, findings for undecided terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish.config import Config
from polish.glossary.model import COLUMNS
from polish.glossary.tsv import GlossaryError, header_line
from polish.pipeline import build_stages, run
from polish.reading import normalize
from polish.stages.glossary import make


def row(**cells: str) -> str:
    return "\t".join(cells.get(c, "") for c in COLUMNS)


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    p = tmp_path / "terms.tsv"
    p.write_text("\n".join([
        header_line(),
        row(id="covid-19", canonical="COVID-19", variants="new crown pneumonia | new crown", kind="term",
            note="WHO name of the disease since 11 February 2020; used by Xinhua English since March 2020 too"),
        row(id="dut", canonical="Dalian University of Technology",
            variants="Dalian University of Science and Technology", kind="organisation", note="official English name"),
        row(id="rector", canonical="rector", variants="headmaster | principal", status="decide",
            note="Belarusian universities: rector; ask the editor"),
    ]) + "\n", encoding="utf-8")
    return p


@pytest.fixture
def config(glossary_file: Path, monkeypatch, tmp_path: Path) -> Config:
    empty = tmp_path / "no-defaults"
    empty.mkdir()
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(empty))  # the curated glossaries are not this test's business
    return Config(glossaries=(str(glossary_file),))


def test_stage_is_named_and_built_by_the_pipeline(config: Config) -> None:
    stage = make(config)
    assert stage.name == "glossary"
    assert [s.name for s in build_stages(config, only=["glossary"])] == ["glossary"]
    assert build_stages(Config(glossary=False), only=["glossary"]) == []


def test_edits_carry_provenance_through_the_pipeline(config: Config, glossary_file: Path) -> None:
    text = "The new crown pneumonia hit Dalian University of Science and Technology's campus.\nnew crown cases fell."
    result = run(normalize(text), config, stages=[make(config)])
    assert result.text == "The COVID-19 hit Dalian University of Technology's campus.\nCOVID-19 cases fell."
    assert [c.rule for c in result.changes] == ["glossary:covid-19", "glossary:dut", "glossary:covid-19"]
    first, second, third = result.changes
    assert (first.start, first.end, first.before, first.after) == (4, 23, "new crown pneumonia", "COVID-19")
    assert text[first.start:first.end] == first.before
    assert first.stage == "glossary" and first.entry == "covid-19" and first.line == 1
    assert first.reason.startswith('MT variant "new crown pneumonia" → "COVID-19" (glossary entry covid-19: WHO name')
    note_part = first.reason.split("glossary entry covid-19: ", 1)[1]
    # the note's first sentence, whole: short enough for one line
    assert note_part == "WHO name of the disease since 11 February 2020; used by Xinhua English since March 2020 too)"
    assert "\n" not in first.reason
    assert first.meta == {"variant": "new crown pneumonia", "kind": "term", "glossary": str(glossary_file)}
    assert second.before == "Dalian University of Science and Technology's"
    assert second.after == "Dalian University of Technology's"
    assert second.meta["kind"] == "organisation"
    assert third.line == 2
    assert result.text[third.out_start:third.out_end] == "COVID-19"
    data = result.data["glossary"]
    assert data["replaced"] == {"covid-19": 2, "dut": 1}
    assert data["decide"] == {}
    assert data["entries"] == 3 and data["glossaries"] == [str(glossary_file)]


def test_decide_entries_become_findings_not_edits(config: Config) -> None:
    text = "The headmaster met the rector. Principal Li spoke."
    result = run(normalize(text), config, stages=[make(config)])
    assert result.text == text and result.changes == []
    assert [(f.rule, f.text, f.suggestion) for f in result.findings] == [
        ("glossary.decide:rector", "headmaster", "rector"),
        ("glossary.decide:rector", "rector", None),  # the tentative form itself: reported, nothing to suggest
        ("glossary.decide:rector", "Principal", "rector"),
    ]
    assert "suggested" not in result.findings[1].message and 'suggested: "rector"' in result.findings[2].message
    f = result.findings[0]
    assert "translator must choose" in f.message and f.entry == "rector" and f.stage == "glossary"
    assert (f.start, f.end) == (4, 14) and f.id
    assert result.data["glossary"]["decide"] == {"rector": 3}


def test_rejected_change_is_not_applied(config: Config) -> None:
    text = "new crown cases"
    first = run(normalize(text), config, stages=[make(config)])
    [change] = first.changes
    again = run(normalize(text), config, stages=[make(config)], rejected={change.id})
    assert again.text == text and [c.id for c in again.rejected] == [change.id]


def test_protected_spans_and_urls_untouched(config: Config) -> None:
    text = "Read https://example.org/new-crown-pneumonia before new crown news."
    result = run(normalize(text), config, stages=[make(config)])
    assert result.text == "Read https://example.org/new-crown-pneumonia before COVID-19 news."


def test_bad_glossary_is_one_line_error(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(header_line() + "\n" + row(id="x", canonical="X", kind="animal") + "\n", encoding="utf-8")
    (tmp_path / "none").mkdir(exist_ok=True)  # no curated glossaries
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(tmp_path / "none"))
    stage = make(Config(glossaries=(str(bad),)))
    with pytest.raises(GlossaryError, match=rf"^{bad}:2: kind 'animal'"):
        run(normalize("text"), Config(glossaries=(str(bad),)), stages=[stage])


def test_one_id_given_to_two_entries_of_a_file_is_refused(tmp_path: Path, monkeypatch) -> None:
    dup = tmp_path / "dup.tsv"
    dup.write_text(header_line() + "\n" + row(id="x", canonical="X", variants="ex", kind="term") + "\n"
                   + row(id="x", canonical="Y", variants="why", kind="term") + "\n", encoding="utf-8")
    (tmp_path / "none").mkdir(exist_ok=True)  # no curated glossaries
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(tmp_path / "none"))
    with pytest.raises(GlossaryError, match=rf"^{dup}:3: id 'x' is already the id of the entry on line 2"):
        run(normalize("text"), Config(glossaries=(str(dup),)), stages=[make(Config(glossaries=(str(dup),)))])


def test_stage_reloads_an_edited_glossary(config: Config, glossary_file: Path) -> None:
    import os

    stage = make(config)
    assert run(normalize("Novel Virus"), config, stages=[stage]).text == "Novel Virus"
    with glossary_file.open("a", encoding="utf-8") as fh:
        fh.write(row(id="nv", canonical="novel coronavirus", variants="novel virus") + "\n")
    os.utime(glossary_file, ns=(5, 5))
    assert run(normalize("Novel Virus"), config, stages=[stage]).text == "Novel Coronavirus"  # the variant was in title case


def test_repeated_variants_keep_their_own_reason_and_meta(config: Config, glossary_file: Path) -> None:
    stage = make(config)
    text = "new crown cases. New crown tests. new crown cases."
    first = stage.run(text, None)  # type: ignore[arg-type]  # the stage reads nothing from the context
    again = stage.run(text, None)  # type: ignore[arg-type]
    assert first.edits == again.edits and len(first.edits) == 3
    a, b, c = first.edits
    assert a.reason.startswith('MT variant "new crown" → "COVID-19"')
    assert b.reason.startswith('MT variant "New crown" → "COVID-19"')
    assert a.meta == c.meta == {"variant": "new crown", "kind": "term", "glossary": str(glossary_file)}
    a.meta["variant"] = "changed"  # each edit owns its meta
    assert c.meta["variant"] == "new crown" and stage.run(text, None).edits[0].meta["variant"] == "new crown"  # type: ignore[arg-type]


def test_stage_picks_up_a_glossary_added_to_the_defaults_folder(tmp_path: Path, monkeypatch) -> None:
    import os

    defaults = tmp_path / "defaults"
    defaults.mkdir()
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(defaults))
    cfg = Config()
    stage = make(cfg)
    assert run(normalize("Novel Virus"), cfg, stages=[stage]).text == "Novel Virus"
    added = defaults / "added.tsv"
    added.write_text(header_line() + "\n" + row(id="nv", canonical="novel coronavirus", variants="novel virus") + "\n",
                     encoding="utf-8")
    os.utime(defaults, ns=(7, 7))  # the folder's mtime moved even on coarse clocks
    assert run(normalize("Novel Virus"), cfg, stages=[stage]).text == "Novel Coronavirus"  # the variant was in title case


@pytest.mark.parametrize("before, after", [
    # an academy rank, not the credit line of a correspondent
    ("Sergei Kilin, correspondent member of the National Academy of Sciences of Belarus, spoke.",
     "Sergei Kilin, corresponding member of the National Academy of Sciences of Belarus, spoke."),
    ("Communication member: Sun Tao", "Correspondent: Sun Tao"),
    # prose that shares words with a newspaper's name
    ("They compared the Chinese daily life of students with student life in Minsk.",
     "They compared the Chinese daily life of students with student life in Minsk."),
    ("Chinese Daily interviewed the rector.", "China Daily interviewed the rector."),
    # historical names, church terms, other universities' abbreviations, Belarusian holidays
    ("The 1st Byelorussian Front liberated Minsk.", "The 1st Byelorussian Front liberated Minsk."),
    ("The Holiday of Spring and Labour is on 1 May.", "The Holiday of Spring and Labour is on 1 May."),
    ("Chinese students celebrated the Holiday of Spring.", "Chinese students celebrated the Spring Festival."),
    ("the Polotsk deanery of the Belarusian Orthodox Church", "the Polotsk deanery of the Belarusian Orthodox Church"),
    ("Ben-Gurion University of the Negev (BGU) signed it.", "Ben-Gurion University of the Negev (BGU) signed it."),
    # a lower-case canonical heading a name keeps the name's capital
    ("The Cathedra of Higher Mathematics of BNTU met.", "The Department of Higher Mathematics of BNTU met."),
    ("Students should apply to the Deanery before June.", "Students should apply to the dean's office before June."),
    # a new term that needs the other article takes it ("a docent" -> "an associate professor")
    ("She is a docent of the department.", "She is an associate professor of the department."),
    ("A docent spoke; an associate professor answered.", "An associate professor spoke; an associate professor answered."),
    ("It was a new crown pneumonia case.", "It was a COVID-19 case."),
    # Belarusian institutions and terms as their own English writes them
    ("The scientific-practical conference met at a higher educational establishment in Hrodna.",
     "The scientific and practical conference met at a higher education institution in Grodno."),
    # one entry's result is another's variant: followed to the end, so a second clean changes nothing
    ("It was founded as the Belorussian Academy of Sciences.", "It was founded as the National Academy of Sciences of Belarus."),
])
def test_shipped_glossaries_on_prose_traps(before: str, after: str) -> None:
    cfg = Config(translate=False)
    r = run(normalize(before), cfg, stages=build_stages(cfg, only=["glossary"]))
    assert r.text == after


# A copy chief's reports: curated entries that rewrote correct, well-edited English. Each entry now
# leaves the English alone (context or exceptions) and still mends the MT garble it exists for.
COPY_CHIEF = [
    ("masters-programme", "The town magistracy met in the town hall.",
     "Rector invited Chinese students to continue their studies in the magistracy.",
     "Rector invited Chinese students to continue their studies in the master's programme."),
    ("associate-professor", "The museum docent led the Chinese students.",
     "The docent of the department of physics spoke.", "The associate professor of the department of physics spoke."),
    ("department-cathedra", "The Pope spoke ex cathedra.",
     "The cathedra of oriental languages trains translators.", "The department of oriental languages trains translators."),
    ("doctoral-supervisor", "She works as a PhD tutor in the university writing centre.",
     "Zhang Wei, professor and PhD tutor, spoke at DUT.", "Zhang Wei, professor and doctoral supervisor, spoke at DUT."),
    ("masters-supervisor", "She is a Masters tutor in the Department of English.",
     "Wang Fang, associate professor and master's tutor, spoke.",
     "Wang Fang, associate professor and master's supervisor, spoke."),
    ("publicity-department",
     "In the 1930s, the Propaganda Department of the Communist Party of Belarus controlled all newspapers.",
     "The article was written by the Propaganda Department of the Party Committee of DUT.",
     "The article was written by the Publicity Department of the Party Committee of DUT."),
    ("belarus", "Before 1991 the country was often called Belorussia in English-language atlases.",
     "Belorussia's universities admit 3,000 Chinese students.", "Belarus's universities admit 3,000 Chinese students."),
    ("city-grodno", "Hrodna, the Belarusian form of the name, appears on new road signs.",
     "The delegation arrived in Hrodna on Monday.", "The delegation arrived in Grodno on Monday."),
    ("unveiling-ceremony", "The company held its listing ceremony at the Shanghai Stock Exchange on Monday.",
     "The joint institute held its listing ceremony on 15 March.",
     "The joint institute held its unveiling ceremony on 15 March."),
    # found by lint's common-phrase warning on the shipped glossaries
    ("thousand-talents-plan", "More than a thousand people plan to attend the forum.",
     "He joined the Thousand People Plan in 2012.", "He joined the Thousand Talents Plan in 2012."),
    ("northeastern-university-china", "Newcastle, a North-East university, joined the network.",
     "North-East University signed the agreement.", "Northeastern University signed the agreement."),
    ("online-meeting", "The staff installed Zoom Cloud Meetings on every laptop.",
     "The two rectors held a cloud meeting on Monday.", "The two rectors held an online meeting on Monday."),
]


@pytest.mark.parametrize("entry, correct, garbled, fixed", COPY_CHIEF, ids=[c[0] for c in COPY_CHIEF])
def test_shipped_entries_leave_correct_english_alone(entry: str, correct: str, garbled: str, fixed: str) -> None:
    stages = build_stages(SHIPPED, only=["glossary"])
    r = run(normalize(correct), SHIPPED, stages=stages)
    assert r.text == correct and r.changes == []
    r = run(normalize(garbled), SHIPPED, stages=stages)
    assert r.text == fixed
    assert {c.rule for c in r.changes} == {f"glossary:{entry}"}


@pytest.mark.parametrize("phrase, article", [
    ("associate professor", "an"), ("docent", "a"), ("university", "a"), ("hour", "an"), ("European", "a"),
    ("MSU delegation", "an"), ("BSU delegation", "a"), ("one-year course", "a"), ("", "a"),
])
def test_article_for(phrase: str, article: str) -> None:
    from polish.glossary.articles import article_for

    assert article_for(phrase) == article


SHIPPED = Config(translate=False, grammar=False)


@pytest.mark.parametrize("sentence", [
    "The release time of the new curriculum standards has not been decided.",
    "Li Na, the editor in charge of the English website, said the site would change.",
    "The university's publishing unit released three textbooks.",
    "It gives comprehensive news coverage of Central Asia.",
    "The article source code is available on GitHub.",
    "Campus dynamics have changed.",
    "The ministry set one condition for the release time: results must be out before July.",
    "Engineers measured the update time: 3 seconds on average.",
])
def test_label_entries_leave_the_same_words_in_a_sentence(sentence: str) -> None:
    r = run(normalize(sentence), SHIPPED, stages=build_stages(SHIPPED, only=["glossary"]))
    assert r.text == sentence and r.changes == []


@pytest.mark.parametrize("line,expected", [
    ("Editor in charge: Liu Yang Audit editor: Zhang Wei", "Editor: Liu Yang Reviewed by: Zhang Wei"),
    ("Release time 2023-06-03", "Published 2023-06-03"),
    ("Campus dynamics", "Campus news"),
    ("Home > Campus dynamics", "Home > Campus news"),
    ("【Comprehensive news】", "【General news】"),
    ("Home · Comprehensive news · Campus dynamics", "Home · General news · Campus news"),
    ("Text/Li Ming Photo/Wang Fang Editor in charge/Zhang Wei", "Text/Li Ming Photo/Wang Fang Editor/Zhang Wei"),
    ("Source: Xinhua Net Release time 2023-06-03 10:00", "Source: Xinhuanet Published 2023-06-03 10:00"),
    ("Editor in charge Wang Li", "Editor Wang Li"),
    ("Editor in charge: Liu Yang.", "Editor: Liu Yang."),
    # a label takes no plural ending, and a headline in capitals stays in capitals
    ("Contact ways: +86 411 8470 0000", "Contact ways: +86 411 8470 0000"),
    ("BSU AND DUT DISCUSS DOUBLE FIRST CLASS CONSTRUCTION", "BSU AND DUT DISCUSS DOUBLE FIRST-CLASS CONSTRUCTION"),
    ("TWO NET REDS VISIT BSU", "TWO INTERNET CELEBRITIES VISIT BSU"),
    ("PRORECTOR IVAN PETROV VISITS DALIAN", "VICE-RECTOR IVAN PETROV VISITS DALIAN"),
    ("BELTA reports.", "BelTA reports."),
    # a title keeps title case; one capital at a sentence's start says nothing
    ("Docent Olga Sidorova spoke.", "Associate Professor Olga Sidorova spoke."),
    ("Magistracy students met.", "Master's students met."),
])
def test_label_entries_replace_labels_where_a_page_puts_them(line: str, expected: str) -> None:
    r = run(normalize(line), SHIPPED, stages=build_stages(SHIPPED, only=["glossary"]))
    assert r.text == expected


@pytest.mark.parametrize("text,expected", [
    ("Double first class construction is the core task.", "Double First-Class construction is the core task."),
    ("Double First Class universities grew.", "Double First-Class universities grew."),
    ("Double First-Class universities grew.", "Double First-Class universities grew."),
    ("DOUBLE FIRST-CLASS universities grew.", "DOUBLE FIRST-CLASS universities grew."),
])
def test_a_variant_that_differs_from_the_canonical_only_in_case_and_hyphens_is_fixed_in_any_case(text, expected):
    r = run(normalize(text), SHIPPED, stages=build_stages(SHIPPED, only=["glossary"]))
    assert r.text == expected


def test_a_reason_quotes_the_notes_first_sentence_without_the_maintainers_marks() -> None:
    from polish.glossary.model import Entry
    from polish.stages.glossary import _because

    e = Entry("belarus", "Belarus", ("Byelorussia",), note="[since: 1991] The official short name since 1991 (UN; "
              "mfa.gov.by). Soviet-era names are exceptions. [accept: common-words]")
    assert _because(e) == "glossary entry belarus: The official short name since 1991 (UN; mfa.gov.by)."
    long = Entry("x", "X", ("y",), note="The CPC's own English name for it since the late 1990s is 'Publicity "
                 "Department' (e.g. Publicity Department of the CPC Central Committee, Xinhua); the rename holds "
                 "for the CPC only.")
    said = _because(long).removeprefix("glossary entry x: ")
    assert said.endswith("…") and len(said) <= 101 and said[:-1] in long.note and not said[:-1].endswith(" ")
    assert _because(Entry("z", "Z", ("q",), note="[accept: common-words]")) == "glossary entry z"
