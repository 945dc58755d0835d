"""glossary lint: each kind of problem, found in a small crafted glossary file."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish.glossary.lint import LintMessage, common_words, example_failures, exit_code, lint
from polish.glossary.model import COLUMNS, Entry, Glossary

HEADER = "\t".join(COLUMNS)


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The matcher caches built automata: keep them out of the user's ~/.cache."""
    monkeypatch.setenv("POLISH_CACHE_DIR", str(tmp_path / "cache"))


def row(**cells: str) -> str:
    """One TSV row with the given cells (others empty)."""
    return "\t".join(cells.get(c, "") for c in COLUMNS)


def write(tmp_path: Path, name: str, *rows: str) -> str:
    p = tmp_path / name
    p.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return str(p)


def codes(messages: list[LintMessage]) -> list[tuple[str, str, int]]:
    return [(m.code, m.severity, m.line) for m in messages]


BSU = row(id="bsu", canonical="Belarusian State University", variants="Belorussian State University",
          kind="organisation", examples="He studied at Belorussian State University. => He studied at Belarusian State University.")
MINSK = row(id="minsk", canonical="Minsk", variants="Minskk | Minsck", kind="place")


def test_clean_glossary_has_no_messages(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.tsv", BSU, MINSK)
    assert lint([path]) == []
    assert exit_code([]) == 0


def test_duplicate_id_in_one_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "dup.tsv", BSU, MINSK, row(id="minsk", canonical="Minsk City", variants="Minsk-city"))
    messages = lint([path])
    assert codes(messages) == [("duplicate-id", "error", 4)]
    assert messages[0].path == path
    assert "already used at line 3" in messages[0].message
    assert str(messages[0]) == f"{path}:4: error: entry id 'minsk' is already used at line 3 [duplicate-id]"
    assert exit_code(messages) == 1


def test_same_id_in_a_later_file_is_an_override_warning(tmp_path: Path) -> None:
    first = write(tmp_path, "mine.tsv", row(id="minsk", canonical="Minsk", variants="Minskk"))
    second = write(tmp_path, "base.tsv", BSU, MINSK)
    messages = lint([first, second])
    assert codes(messages) == [("duplicate-id", "warning", 3)]
    assert messages[0].path == second and f"{first}:2" in messages[0].message
    assert exit_code(messages) == 0


def test_variant_claimed_by_two_entries(tmp_path: Path) -> None:
    path = write(tmp_path, "claim.tsv", MINSK,
                 row(id="minsk-region", canonical="Minsk Region", variants="MINSCK", kind="place"))
    messages = lint([path])
    assert codes(messages) == [("variant-conflict", "error", 3)]
    assert "variant 'MINSCK' is also claimed by entry 'minsk'" in messages[0].message
    # limited to a context, the overlap is only a warning
    path = write(tmp_path, "claim2.tsv", MINSK,
                 row(id="minsk-region", canonical="Minsk Region", variants="Minsck", context="Minsck oblast"))
    assert codes(lint([path])) == [("variant-conflict", "warning", 3)]


def test_variant_equal_to_a_canonical_or_admitted_form(tmp_path: Path) -> None:
    path = write(tmp_path, "form.tsv",
                 row(id="bntu", canonical="Belarusian National Technical University", admitted="BNTU"),
                 row(id="bsu", canonical="Belarusian State University", variants="bntu | Belarusian State University"))
    messages = lint([path])
    assert codes(messages) == [("variant-is-form", "error", 3), ("variant-is-form", "error", 3)]
    assert "variant 'bntu' is the admitted form of entry 'bntu'" in messages[0].message
    assert "variant 'Belarusian State University' is its own canonical form" in messages[1].message


def test_shared_canonical_form_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "shared.tsv",
                 row(id="bsu", canonical="Belarusian State University", admitted="BSU"),
                 row(id="bsu-2", canonical="belarusian state university", variants="Belarus State Univ"))
    messages = lint([path])
    assert codes(messages) == [("form-conflict", "warning", 3)]
    assert "form 'belarusian state university' is also a form of entry 'bsu'" in messages[0].message


def test_case_fix_of_own_canonical_is_not_a_conflict(tmp_path: Path) -> None:
    path = write(tmp_path, "case.tsv", row(id="belarus", canonical="Belarus", variants="BELARUS", case="sensitive"))
    assert lint([path]) == []


def test_two_entry_cycle(tmp_path: Path) -> None:
    path = write(tmp_path, "cycle.tsv",
                 row(id="region", canonical="Minsk Region", variants="Minsk Oblast"),
                 row(id="oblast", canonical="Minsk Oblast", variants="Minsk Region"))
    messages = [m for m in lint([path]) if m.code == "cycle"]
    assert len(messages) == 1
    assert "rewrites go round in a circle" in messages[0].message
    assert "'minsk oblast' -> 'minsk region' -> 'minsk oblast'" in messages[0].message
    assert "entries region, oblast" in messages[0].message


def test_longer_cycle_is_found_once(tmp_path: Path) -> None:
    path = write(tmp_path, "cycle3.tsv",
                 row(id="a", canonical="Gomel State University", variants="Homel State University"),
                 row(id="b", canonical="Homel State University", variants="Gomel University"),
                 row(id="c", canonical="Gomel University", variants="Gomel State University"),
                 row(id="d", canonical="Vitebsk", variants="Viciebsk"))
    messages = lint([path])
    cycles = [m for m in messages if m.code == "cycle"]
    assert len(cycles) == 1
    assert cycles[0].message == ("rewrites go round in a circle: 'homel state university' -> 'gomel state university' "
                                 "-> 'gomel university' -> 'homel state university' (entries a, c, b)")
    assert {m.code for m in messages} == {"cycle", "variant-is-form"}


def test_decide_entries_cannot_form_a_cycle(tmp_path: Path) -> None:
    path = write(tmp_path, "decide.tsv",
                 row(id="region", canonical="Minsk Region", variants="Minsk Oblast", status="decide"),
                 row(id="oblast", canonical="Minsk Oblast", variants="Minsk Region"))
    assert "cycle" not in {m.code for m in lint([path])}


def test_common_word_and_short_variants_are_warnings(tmp_path: Path) -> None:
    assert {"state", "university", "the"} <= common_words()
    assert len(common_words()) >= 1000
    path = write(tmp_path, "words.tsv",
                 row(id="bsu", canonical="Belarusian State University", variants="state | BS | Belgosuniversitet"))
    messages = lint([path])
    assert codes(messages) == [("common-word", "warning", 2), ("short-variant", "warning", 2)]
    assert "'state' is a common English word" in messages[0].message
    assert "'BS' is shorter than 3 characters" in messages[1].message
    assert exit_code(messages) == 0


def test_failing_example_shows_expected_and_got(tmp_path: Path) -> None:
    path = write(tmp_path, "ex.tsv",
                 row(id="bsu", canonical="Belarusian State University", variants="Belorussian State University",
                     examples="Belorussian State University => Belarusian State University || "
                              "the Belorussian State University => the Belarussian State University"))
    messages = lint([path])
    assert codes(messages) == [("example-failed", "error", 2)]
    assert messages[0].message == ("entry 'bsu': example 'the Belorussian State University': "
                                   "expected 'the Belarussian State University', got 'the Belarusian State University'")
    assert exit_code(messages) == 1


def test_examples_run_with_the_whole_file(tmp_path: Path) -> None:
    # the BSU example also needs the Minsk entry of the same file to come out right
    bsu = row(id="bsu", canonical="Belarusian State University", variants="Belorussian State University",
              examples="Belorussian State University in Minsck => Belarusian State University in Minsk")
    assert lint([write(tmp_path, "both.tsv", bsu, MINSK)]) == []
    alone = lint([write(tmp_path, "alone.tsv", bsu)])
    assert [m.code for m in alone] == ["example-failed"]
    assert example_failures(Glossary(entries=[]), "x") == []


def test_invalid_kind_and_status_in_a_loaded_glossary() -> None:
    g = Glossary(entries=[Entry(id="x", canonical="X ray", kind="gadget", status="maybe").with_origin("g.tsv", 7)],
                 sources=["g.tsv"])
    assert codes(lint([g])) == [("invalid-kind", "error", 7), ("invalid-status", "error", 7)]


def test_bad_rows_in_a_file_are_each_reported_and_the_rest_is_still_linted(tmp_path: Path) -> None:
    path = write(tmp_path, "rows.tsv",
                 MINSK,
                 row(id="x", canonical="X ray", kind="gadget"),
                 row(id="y", canonical="Yalta", status="maybe"),
                 "too\tfew\tcells",
                 row(id="bad id", canonical="Bad"),
                 row(id="z", canonical="Zhodino", variants="Zh"))
    messages = lint([path])
    assert codes(messages) == [("invalid-kind", "error", 3), ("invalid-status", "error", 4), ("format", "error", 5),
                               ("format", "error", 6), ("short-variant", "warning", 7)]
    assert "'gadget' is not one of" in messages[0].message
    assert messages[2].message == f"3 cells but the header names {len(COLUMNS)} columns"
    assert exit_code(messages) == 1


def test_unreadable_files_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes((HEADER + "\n" + row(id="cafe", canonical="Café") + "\n").encode("latin-1"))
    missing = tmp_path / "missing.tsv"
    no_header = tmp_path / "noheader.tsv"
    no_header.write_text("# just a comment\nminsk\tMinsk\n", encoding="utf-8")
    messages = lint([str(bad), str(missing), str(no_header)])
    assert [(m.path, m.line, m.code) for m in messages] == [
        (str(bad), 2, "unreadable"), (str(missing), 0, "unreadable"), (str(no_header), 2, "unreadable")]
    assert "not UTF-8" in messages[0].message and "no such file" in messages[1].message
    assert str(messages[1]) == f"{missing}: error: no such file [unreadable]"
    assert exit_code(messages) == 2


@pytest.mark.parametrize("severity,expected", [("warning", 0), ("error", 1)])
def test_exit_code(severity: str, expected: int) -> None:
    assert exit_code([LintMessage("f", 1, severity, "x", "m")]) == expected


def test_common_words_hold_the_everyday_words_of_university_news() -> None:
    # a variant such as "practical" or "dean" would rewrite ordinary prose everywhere
    assert {"practical", "principal", "reading", "academic", "dean", "festival", "faculty"} <= common_words()


def test_common_words_hold_the_english_words_this_field_s_mt_makes_from_calques() -> None:
    # each made a curated entry rewrite correct English: 'the town magistracy', 'the museum docent',
    # 'ex cathedra', 'a PhD tutor in the writing centre', 'the Propaganda Department of the CPB', a stock listing
    assert {"magistracy", "docent", "cathedra", "tutor", "propaganda", "listing", "phd"} <= common_words()


def test_a_phrase_made_only_of_common_words_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "phrase.tsv",
                 row(id="ttp", canonical="Thousand Talents Plan", variants="Thousand People Plan | 1000 Person Plan",
                     kind="programme"),
                 row(id="phd", canonical="doctoral supervisor", variants="PhD tutor | doctoral tutor", kind="title"),
                 row(id="uc", canonical="unveiling ceremony", variants="listing ceremony", kind="phrase"))
    messages = lint([path])
    assert codes(messages) == [("common-phrase", "warning", 2), ("common-phrase", "warning", 3),
                               ("common-phrase", "warning", 3), ("common-phrase", "warning", 4)]
    assert messages[0].message == ("entry 'ttp': variant 'Thousand People Plan' is made only of common English "
                                   "words; limit it with context or exceptions")
    assert exit_code(messages) == 0


@pytest.mark.parametrize("cells", [
    # context: replaced only inside those phrases (a variant listed as its own context is a decision)
    dict(context="professor and PhD tutor | doctoral tutor"),
    # an exception that contains the variant: the English uses were considered and listed
    dict(exceptions="PhD tutor in the writing centre | doctoral tutor at Oxford"),
    # the mark in the note, with the reason
    dict(note="Calques of 博导. [accept: common-words] Neither is English in this field."),
    # a label without context is replaced only where it stands as a label
    dict(kind="label"),
])
def test_what_limits_a_common_word_variant_silences_the_warning(tmp_path: Path, cells: dict[str, str]) -> None:
    base = dict(id="phd", canonical="doctoral supervisor", variants="PhD tutor | doctoral tutor", kind="title")
    assert lint([write(tmp_path, "ok.tsv", row(**{**base, **cells}))]) == []


def test_an_exception_silences_only_the_variants_it_contains(tmp_path: Path) -> None:
    path = write(tmp_path, "exc.tsv",
                 row(id="phd", canonical="doctoral supervisor", variants="PhD tutor | doctoral tutor",
                     exceptions="PhD tutor in the writing centre"),
                 row(id="dept", canonical="department", variants="cathedra", exceptions="bishop's throne"))
    messages = lint([path])
    assert [(m.code, m.line) for m in messages] == [("common-phrase", 2), ("common-word", 3)]
    assert "'doctoral tutor'" in messages[0].message and "'cathedra'" in messages[1].message


def test_case_sensitive_capitalised_and_uncommon_variants_are_not_common_words(tmp_path: Path) -> None:
    path = write(tmp_path, "case.tsv",
                 row(id="rector", canonical="Rector", variants="President | Principal", case="sensitive"),
                 row(id="pd", canonical="People's Daily Online", variants="People's Network", case="sensitive"),
                 row(id="bel", canonical="Belarus", variants="Belorussia | White Russia", kind="place"))
    assert lint([path]) == []
    # lower-case in a case-sensitive entry it matches ordinary prose: still reported
    path = write(tmp_path, "lower.tsv", row(id="r", canonical="Rector", variants="president", case="sensitive"))
    assert codes(lint([path])) == [("common-word", "warning", 2)]


def test_the_shipped_glossaries_lint_clean() -> None:
    shipped = sorted((Path(__file__).resolve().parents[1] / "glossaries").glob("*.tsv"))
    assert shipped
    assert [str(m) for m in lint(shipped)] == []
