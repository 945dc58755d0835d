"""The one-pass glossary matcher: every matching rule, exactness against brute force, the disk cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polish.glossary import Entry, Glossary, GlossaryMatcher, Match, apply_text
from polish.glossary import matcher as M
from polish.glossary.keys import KeyText, form_key
from polish.glossary.matcher import brute_force_find

COVID = Entry("covid-19", "COVID-19", ("new crown pneumonia", "new crown", "COVID 19"),
              note="WHO name of the disease since 11 February 2020")
DUT = Entry("dut", "Dalian University of Technology", ("Dalian University of Science and Technology",), kind="organisation")
SINO = Entry("sino-belarusian", "Chinese-Belarusian", ("Sino-Belarusian",), kind="phrase")
YUAN = Entry("yuan", "yuan", ("renminbi yuan",))
PARK = Entry("park", "industrial park", ("industry garden",))
ZHANG = Entry("zhang", "Zhang Weiming", ("Zhang Wei-ming",), kind="person")
BASE = Glossary([COVID, DUT, SINO, YUAN, PARK, ZHANG])


def fix(text: str, *entries: Entry) -> str:
    g = Glossary(list(entries)) if entries else BASE
    m = GlossaryMatcher(g, cache=False)
    found = m.find(text)
    assert found == brute_force_find(text, g)  # every example doubles as an exactness check
    return apply_text(text, m)


def test_match_fields() -> None:
    [m] = GlossaryMatcher(BASE, cache=False).find("Cases of new crown pneumonia rose.")
    assert m == Match(9, 28, COVID, "new crown pneumonia", "COVID-19", "replace", "new crown pneumonia")
    assert (m.start, m.end, m.entry.id, m.matched, m.replacement, m.action) == (9, 28, "covid-19", "new crown pneumonia", "COVID-19", "replace")


@pytest.mark.parametrize("text, expected", [
    ("the renew crown plan", "the renew crown plan"),          # not at a word start
    ("new crowned heads", "new crowned heads"),                # not at a word end
    ("new crown_x", "new crown_x"),
    ("(new crown)", "(COVID-19)"),
    ("new crown.", "COVID-19."),
    ("new crown", "COVID-19"),
])
def test_whole_words_for_latin(text: str, expected: str) -> None:
    assert fix(text) == expected


def test_whole_words_for_cyrillic() -> None:
    minsk = Entry("minsk", "Минск", ("Минскъ",))
    assert fix("в Минскъ и Минскъого", minsk) == "в Минск и Минскъого"


def test_no_boundaries_needed_for_han() -> None:
    covid_zh = Entry("xinguan", "新冠肺炎", ("新型冠状病毒肺炎",))
    assert fix("防控新型冠状病毒肺炎疫情", covid_zh) == "防控新冠肺炎疫情"
    assert fix("新冠new crown病毒") == "新冠COVID-19病毒"  # Latin next to Han needs no space


def test_case_insensitive_by_default_case_sensitive_on_request() -> None:
    assert fix("NEW CROWN PNEUMONIA and New Crown") == "COVID-19 and COVID-19"
    us = Entry("us", "United States", ("US",), case_sensitive=True, kind="place")
    assert fix("the US said to us", us) == "the United States said to us"


def test_canonical_casing_and_sentence_start_capital() -> None:
    assert fix("prices in renminbi yuan rose") == "prices in yuan rose"
    assert fix("Renminbi yuan rose") == "Yuan rose"
    assert fix("It rose. renminbi yuan fell") == "It rose. Yuan fell"
    assert fix("It rose!  renminbi yuan fell") == "It rose!  Yuan fell"
    assert fix("first line\nrenminbi yuan fell") == "first line\nYuan fell"
    assert fix("No.3.renminbi yuan") == "No.3.yuan"  # no space after the dot: not a sentence start
    assert fix("dalian university of science and technology") == "Dalian University of Technology"


def test_a_surname_in_capitals_keeps_the_house_style() -> None:
    wang = Entry("wang-jiayu", "Wang Jiayu", ("Wang Jiayou",), kind="person")
    assert fix("Reporter WANG Jiayou spoke; Wang Jiayou left.", wang) == "Reporter WANG Jiayu spoke; Wang Jiayu left."
    assert fix("WANG Jiayou's talk", wang) == "WANG Jiayu's talk"
    assert fix("WANG JIAYOU SPEAKS", wang) == "WANG JIAYU SPEAKS"  # a headline in capitals
    # only names: a phrase keeps the canonical's own casing
    assert fix("The NEW crown period") == "The COVID-19 period"


@pytest.mark.parametrize("spelling", [
    "Sino-Belarusian", "Sino -Belarusian", "Sino- Belarusian", "Sino Belarusian", "Sino–Belarusian",
    "Sino  -  Belarusian", "sino\u2011belarusian", "Sino\u00a0Belarusian",
])
def test_hyphen_and_space_variants(spelling: str) -> None:
    assert fix(f"the {spelling} park") == "the Chinese-Belarusian park"


def test_offsets_survive_folding() -> None:
    text = "A  -  B, then the Sino -  Belarusian park"
    kt = KeyText(text)
    assert kt.low == "a b, then the sino belarusian park"
    [m] = GlossaryMatcher(BASE, cache=False).find(text)
    assert text[m.start:m.end] == m.matched == "Sino -  Belarusian"


def test_possessive_and_plural() -> None:
    assert fix("Dalian University of Science and Technology's campus") == "Dalian University of Technology's campus"
    assert fix("Dalian University of Science and Technology’s campus") == "Dalian University of Technology’s campus"
    [m] = GlossaryMatcher(BASE, cache=False).find("Dalian University of Science and Technology's")
    assert m.replacement == "Dalian University of Technology's"
    assert fix("two industry gardens") == "two industrial parks"
    assert fix("Zhang Wei-ming's speech") == "Zhang Weiming's speech"
    # no plural for names: "Zhang Wei-mings" is another word, left alone
    assert fix("the Zhang Wei-mings") == "the Zhang Wei-mings"
    assert fix("the Dalian University of Science and Technologys") == "the Dalian University of Science and Technologys"


def test_urls_and_emails_are_protected() -> None:
    text = "See http://example.com/new-crown-pneumonia or mail new-crown@health.gov.by about new crown."
    assert fix(text) == "See http://example.com/new-crown-pneumonia or mail new-crown@health.gov.by about COVID-19."
    assert fix("`new crown` in code, www.new-crown.org, new crown") == "`new crown` in code, www.new-crown.org, COVID-19"


def test_windows_paths_are_protected() -> None:
    text = r"Forms: C:\new crown\a.docx and \\fileserver\new crown\forms. Not D:\x new crown."
    assert fix(text) == r"Forms: C:\new crown\a.docx and \\fileserver\new crown\forms. Not D:\x COVID-19."


def test_longest_wins_and_no_match_inside_another() -> None:
    assert fix("new crown pneumonia cases") == "COVID-19 cases"


def test_exactness_trap_longest_fails_boundary() -> None:
    # "new crown pneumonia" fails its boundary inside "pneumoniae" and must not hide "new crown"
    assert fix("new crown pneumoniae") == "COVID-19 pneumoniae"


def test_canonical_and_admitted_forms_are_never_rewritten() -> None:
    assert fix("COVID-19 and covid-19 and Covid-19") == "COVID-19 and covid-19 and Covid-19"
    assert fix("COVID 19 spread") == "COVID-19 spread"  # a variant differing only in punctuation still applies
    stone = Entry("stone", "Great Stone Industrial Park", admitted=("Great Stone Park",), kind="place")
    garden = Entry("garden", "Stone Garden", ("Stone Park",), kind="place")
    assert fix("the Great Stone Park and the Stone Park", stone, garden) == "the Great Stone Park and the Stone Garden"


def test_context_limits_a_variant() -> None:
    rector = Entry("rector", "rector", ("headmaster",), context=("university headmaster", "headmaster of the university"))
    text = "The university headmaster met the school headmaster and the headmaster of the university."
    assert fix(text, rector) == "The university rector met the school headmaster and the rector of the university."


def test_exceptions_leave_a_match_alone() -> None:
    crown = Entry("covid", "COVID-19", ("new crown",), exceptions=("new crown jewels", "New Crown Hotel"))
    assert fix("the new crown jewels, the new crown hotel and new crown cases", crown) == \
        "the new crown jewels, the new crown hotel and COVID-19 cases"


def test_decide_entries_are_reported_never_replaced() -> None:
    rector = Entry("rector", "rector", ("headmaster", "principal"), status="decide", note="ask the editor")
    g = Glossary([rector])
    text = "The principal met the rector and a Headmaster."
    found = GlossaryMatcher(g, cache=False).find(text)
    assert [(m.matched, m.action, m.replacement) for m in found] == [
        ("principal", "decide", None), ("rector", "decide", None), ("Headmaster", "decide", None)]
    assert apply_text(text, g) == text
    assert found == brute_force_find(text, g)


def test_shadowed_forms_are_not_applied() -> None:
    first = Entry("a", "Alpha", ("alfa",))
    dup_id = Entry("a", "Other", ("beta",))
    claims = Entry("c", "Gamma", ("alfa", "gama"))
    g = Glossary([first, dup_id, claims])
    assert apply_text("alfa beta gama", GlossaryMatcher(g, cache=False)) == "Alpha beta Gamma"


def test_form_keys() -> None:
    assert form_key(" Sino -Belarusian ") == ("sino belarusian", "Sino Belarusian")
    assert form_key("Xi’an") == ("xi'an", "Xi'an")
    assert form_key("İZMIR")[0] == "İzmir"  # İ lowers to two characters, so it stays as written
    assert fix("visit İZMIR today", Entry("izmir", "Izmir", ("İzmir",))) == "visit Izmir today"


# ---------------------------------------------------------------------------
# Exactness: the automaton gives exactly what a plain search for every form gives.
# ---------------------------------------------------------------------------

TRAP = Glossary([
    Entry("a", "A-form", ("new crown", "new crown pneumonia", "crown")),
    Entry("b", "B form", ("pneumonia case", "Crown Pneumonia"), admitted=("new crown pneumonia cases",), kind="person"),
    Entry("c", "c", ("new", "ab-cd"), case_sensitive=True, context=("new crown", "ab cd ef")),
    Entry("d", "D", ("cd ef",), exceptions=("ab cd ef",), status="decide"),
    Entry("e", "新冠", ("新型冠状",)),
])
TRAP_MATCHER = GlossaryMatcher(TRAP, cache=False)
PIECES = ["new", "crown", "pneumonia", "pneumoniae", "case", "cases", "'s", "s", "ab", "cd", "ef", "-", " ", " -",
          "–", "  ", ".", ". ", "\n", "New", "CROWN", "新型冠状", "病毒", "x", "http://new-crown.org", "Crown",
          "C:\\", "\\\\srv\\", "\\"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_random_text_equals_brute_force(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert TRAP_MATCHER.find(text) == brute_force_find(text, TRAP)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab -–'’sS.\nAB新", max_size=30))
def test_random_characters_equal_brute_force(text: str) -> None:
    g = Glossary([Entry("x", "X", ("a b", "a-b a", "b's", "ab")), Entry("y", "y", ("b", "新a"), kind="person")])
    assert GlossaryMatcher(g, cache=False).find(text) == brute_force_find(text, g)


# ---------------------------------------------------------------------------
# The on-disk cache
# ---------------------------------------------------------------------------


def test_cache_miss_then_hit_then_corruption(tmp_path: Path) -> None:
    g = Glossary([Entry("cache-test", "Cache Test", ("cash test",))])
    M._MEMORY.clear()
    first = GlossaryMatcher(g, cache=True, cache_path=tmp_path)
    assert first.source == "built"
    [file] = list(tmp_path.glob("glossary-*.pkl"))
    assert first.digest in file.name
    M._MEMORY.clear()
    second = GlossaryMatcher(g, cache=True, cache_path=tmp_path)
    assert second.source == "disk"
    assert apply_text("a cash test", second) == "a Cache Test"
    assert GlossaryMatcher(g, cache=True, cache_path=tmp_path).source == "memory"
    # a corrupt file is ignored and rebuilt
    file.write_bytes(b"not a pickle at all")
    M._MEMORY.clear()
    third = GlossaryMatcher(g, cache=True, cache_path=tmp_path)
    assert third.source == "built"
    assert apply_text("a cash test", third) == "a Cache Test"
    M._MEMORY.clear()
    assert GlossaryMatcher(g, cache=True, cache_path=tmp_path).source == "disk"


def test_cache_key_follows_content(tmp_path: Path) -> None:
    a = Glossary([Entry("x", "X", ("ex",))])
    b = Glossary([Entry("x", "X", ("ex", "eks"))])
    assert M.glossary_hash(a) != M.glossary_hash(b)
    assert M.glossary_hash(a) == M.glossary_hash(Glossary([Entry("x", "X", ("ex",), note="notes do not matter")]))
    M._MEMORY.clear()
    GlossaryMatcher(a, cache=True, cache_path=tmp_path)
    M._MEMORY.clear()
    mb = GlossaryMatcher(b, cache=True, cache_path=tmp_path)
    assert mb.source == "built" and apply_text("eks", mb) == "X"
    assert len(list(tmp_path.glob("glossary-*.pkl"))) == 2


def test_small_glossaries_stay_off_disk(tmp_path: Path) -> None:
    M._MEMORY.clear()
    small = Glossary([Entry("s", "Small", ("smol",))])
    assert GlossaryMatcher(small, cache_path=tmp_path).source == "built"
    assert GlossaryMatcher(small, cache_path=tmp_path).source == "memory"
    assert list(tmp_path.iterdir()) == []
    big = Glossary([Entry(f"e{i}", f"Entry {i}", (f"entree {i}",)) for i in range(M.DISK_CACHE_MIN)])
    GlossaryMatcher(big, cache_path=tmp_path)
    assert len(list(tmp_path.glob("glossary-*.pkl"))) == 1


def test_cache_dir_from_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLISH_CACHE_DIR", str(tmp_path / "c"))
    assert M.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("POLISH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert M.cache_dir() == tmp_path / "x" / "polish"
    assert os.environ.get("POLISH_CACHE_DIR") is None


def test_matcher_skips_exactly_what_find_conflicts_reports() -> None:
    from polish.glossary.loading import entry_forms, find_conflicts

    entries = [
        Entry("a", "Alpha", ("alfa", "ALFA")), Entry("b", "Beta", ("alfa", "beta-x", "Alpha")),
        Entry("a", "Again", ("again",)), Entry("us", "US", ("U.S.",), case_sensitive=True),
        Entry("we", "us", ("U.S",), case_sensitive=True), Entry("c", "Gamma", ("beta x", "gamma ray")),
    ]
    by_key, _ = M._records(Glossary(entries))
    applied = {(code >> M._ENTRY_SHIFT, M.entry_forms(entries[code >> M._ENTRY_SHIFT])[(code >> 2) & M._POS_MASK])
               for codes in by_key.values() for code in codes}
    shadowed = {(c.index, c.form) for c in find_conflicts(entries)}
    whole = {i for i, f in shadowed if f is None}
    expected = {(i, f) for i, e in enumerate(entries) for f in entry_forms(e)
                if i not in whole and (i, f) not in shadowed}
    assert applied == expected
    assert (1, "alfa") in shadowed and (1, "Alpha") in shadowed and (5, "beta x") in shadowed and (2, None) in shadowed


SHARED_PREFIX = Glossary(
    [Entry(f"u{i}", f"University No. {i}", (f"belarusian state university of {w}",))
     for i, w in enumerate("law arts art artistry physics physic music musical mining minings economics".split())]
    + [Entry("bs", "BS", ("belarusian state",)), Entry("b", "Belarusian", ("belarusia",)),
       Entry("bsu", "BSU", ("belarusian state university",), kind="organisation")]
)
WORDS = ["belarusian", "state", "university", "of", "law", "arts", "art", "music", "musical", "mining",
         "belarusia", " ", " ", "-", "'s", "s", "."]


def test_keys_sharing_long_prefixes_are_split_and_all_found() -> None:
    # more than GROUP keys share "belarusian state university of ": the automaton word is lengthened
    t = M._build(SHARED_PREFIX)[1]
    assert max(t.plen) > M.PREFIX
    assert max(b - a for a, b in zip(t.start, t.start[1:])) <= M.GROUP
    text = "The Belarusian State University of Musicology and belarusian state university of music's hall."
    assert apply_text(text, GlossaryMatcher(SHARED_PREFIX, cache=False)) == \
        "The BSU of Musicology and University No. 6's hall."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_shared_prefix_random_text_equals_brute_force(words: list[str]) -> None:
    text = " ".join(words)
    assert GlossaryMatcher(SHARED_PREFIX, cache=False).find(text) == brute_force_find(text, SHARED_PREFIX)


def test_a_form_that_spells_the_plural_beats_singular_plus_suffix():
    from polish.glossary.model import Entry, Glossary
    from polish.glossary import apply_text

    g = Glossary([Entry("phd", "PhD in Technical Sciences",
                        variants=("Candidate of Technical Science", "Candidate of Technical Sciences"))])
    assert apply_text("He is a Candidate of Technical Sciences now.", g) == "He is a PhD in Technical Sciences now."
    assert apply_text("He is a Candidate of Technical Science now.", g) == "He is a PhD in Technical Sciences now."


def test_a_plural_or_possessive_ending_is_spelt_for_the_canonical_form():
    from polish.glossary.matcher import with_ending

    assert with_ending("China-Europe Railway Express", "s") == "China-Europe Railway Expresses"
    assert with_ending("Notices", "s") == "Notices"  # plural already
    assert with_ending("Submissions", "es") == "Submissions"
    assert with_ending("online graduation ceremony", "s") == "online graduation ceremonies"
    assert with_ending("campus", "es") == "campuses"
    assert with_ending("key laboratory", "S") == "key laboratorIES"
    assert with_ending("Vadim Bogush", "'s") == "Vadim Bogush's"
    assert with_ending("holiday", "s") == "holidays"
