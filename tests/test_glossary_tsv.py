"""The native TSV glossary format: parsing, errors with file:line, round trips, loading and precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish.config import Config
from polish.glossary import (
    Entry,
    Example,
    Glossary,
    GlossaryError,
    default_glossary_paths,
    load_glossaries,
    read_tsv,
    write_tsv,
)
from polish.glossary.loading import find_conflicts, glossary_for_config
from polish.glossary.model import COLUMNS
from polish.glossary.tsv import format_row, header_line, parse_row, parse_tsv
from polish.reading import InputError

HEADER = header_line()


def row(**cells: str) -> str:
    """One TSV row with the given cells, the rest empty."""
    return "\t".join(cells.get(c, "") for c in COLUMNS)


def write(path: Path, *lines: str, header: str = HEADER) -> Path:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def test_reads_every_column(tmp_path: Path) -> None:
    p = write(
        tmp_path / "g.tsv",
        "# a comment line",
        "",
        row(id="covid-19", canonical="COVID-19", variants="new crown pneumonia | novel coronavirus pneumonia",
            admitted="Covid-19", kind="term", case="insensitive", zh="新冠肺炎", ru="COVID-19 | коронавирус",
            context="new crown pneumonia epidemic", exceptions="new crown pneumonia (literal)", status="approved",
            note="WHO name since 11 Feb 2020", examples="new crown pneumonia cases => COVID-19 cases || x => x"),
    )
    g = read_tsv(p)
    assert g.sources == [str(p)]
    [e] = g.entries
    assert e.id == "covid-19"
    assert e.canonical == "COVID-19"
    assert e.variants == ("new crown pneumonia", "novel coronavirus pneumonia")
    assert e.admitted == ("Covid-19",)
    assert e.kind == "term" and not e.case_sensitive and e.status == "approved"
    assert e.sources == {"zh": ("新冠肺炎",), "ru": ("COVID-19", "коронавирус")}
    assert e.context == ("new crown pneumonia epidemic",)
    assert e.exceptions == ("new crown pneumonia (literal)",)
    assert e.note == "WHO name since 11 Feb 2020"
    assert e.examples == (Example("new crown pneumonia cases", "COVID-19 cases"), Example("x", "x"))
    assert e.origin == (str(p), 4)


def test_defaults_and_case_sensitive(tmp_path: Path) -> None:
    p = write(tmp_path / "g.tsv", row(id="us", canonical="US", variants="U.S.A.", case="sensitive", kind="place"),
              row(id="bsu", canonical="Belarusian State University"))
    us, bsu = read_tsv(p).entries
    assert us.case_sensitive and us.kind == "place"
    assert bsu.kind == "term" and bsu.status == "approved" and not bsu.case_sensitive
    assert bsu.variants == () and bsu.examples == ()


def test_extra_language_column_and_any_column_order(tmp_path: Path) -> None:
    p = tmp_path / "g.tsv"
    p.write_text("canonical\tid\tes\tvariants\nMinsk\tminsk\tMinsk | Minsko\tMinsc\n", encoding="utf-8")
    [e] = read_tsv(p).entries
    assert (e.id, e.canonical, e.variants) == ("minsk", "Minsk", ("Minsc",))
    assert e.sources == {"es": ("Minsk", "Minsko")}
    out = tmp_path / "out.tsv"
    write_tsv(Glossary([e]), out)
    assert out.read_text(encoding="utf-8").splitlines()[0] == HEADER + "\tes"
    [back] = read_tsv(out).entries
    assert back == e and back.sources == e.sources


def test_round_trip_format_row_parse_row(tmp_path: Path) -> None:
    e = Entry(
        id="sb", canonical="Chinese-Belarusian", variants=("Sino-Belarusian", "China-Belarus"), admitted=("Belarusian-Chinese",),
        kind="phrase", case_sensitive=True, sources={"zh": ("中白",), "be": ("кітайска-беларускі",)}, context=("Sino-Belarusian park",),
        exceptions=("Sino-Belarusian Friendship Society",), status="decide", note="house style",
        examples=(Example("the Sino-Belarusian park", "the Chinese-Belarusian park"),),
    )
    line = format_row(e)
    assert "\n" not in line and len(line.split("\t")) == len(COLUMNS)
    back = parse_row(line.split("\t"), "x.tsv", 7)
    assert back == e
    assert back.sources == e.sources
    assert back.origin == ("x.tsv", 7)
    # the whole file round-trips too
    p = tmp_path / "rt.tsv"
    write_tsv(Glossary([e, Entry("b", "B")]), p)
    assert [x for x in read_tsv(p).entries] == [e, Entry("b", "B")]


@pytest.mark.parametrize(
    "lines, where, problem",
    [
        ((row(id="", canonical="X"),), 2, "missing id"),
        ((row(id="x", canonical=""),), 2, "has no canonical form"),
        ((row(id="x", canonical="X", kind="animal"),), 2, "kind 'animal' is not one of"),
        ((row(id="x", canonical="X", status="maybe"),), 2, "status 'maybe' is not one of"),
        ((row(id="x", canonical="X", case="upper"),), 2, "case 'upper' must be"),
        ((row(id="x y", canonical="X"),), 2, "no spaces"),
        ((row(id="a", canonical="A"), "b\tB"), 3, f"2 cells but the header names {len(COLUMNS)} columns"),
        ((row(id="a", canonical="A", examples="no arrow here"),), 2, "has no '=>'"),
    ],
)
def test_row_errors_name_file_and_line(tmp_path: Path, lines, where, problem) -> None:
    p = write(tmp_path / "bad.tsv", *lines)
    with pytest.raises(GlossaryError) as exc:
        read_tsv(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}:{where}: ")
    assert problem in msg
    assert "\n" not in msg
    assert isinstance(exc.value, InputError)  # the CLI's one-line error path catches it


def test_file_level_errors(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes((HEADER + "\n" + row(id="a", canonical="Caf\u00e9")).encode("latin-1"))
    with pytest.raises(GlossaryError, match=rf"^{latin1}:2: not UTF-8"):
        read_tsv(latin1)
    headless = write(tmp_path / "headless.tsv", header=row(id="a", canonical="A"))
    with pytest.raises(GlossaryError, match=rf"^{headless}:1: missing header row: the first line must name the columns"):
        read_tsv(headless)
    no_canon = tmp_path / "nocanon.tsv"
    no_canon.write_text("id\tvariants\na\tb\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="missing header row.*'canonical'"):
        read_tsv(no_canon)
    empty = tmp_path / "empty.tsv"
    empty.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=rf"^{empty}:1: missing header row"):
        read_tsv(empty)
    unknown = tmp_path / "unknown.tsv"
    unknown.write_text("id\tcanonical\tcomment\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=rf"^{unknown}:1: header row: unknown column 'comment'"):
        read_tsv(unknown)
    dup = tmp_path / "dup.tsv"
    dup.write_text("id\tcanonical\tid\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="appears twice"):
        read_tsv(dup)
    with pytest.raises(GlossaryError, match=r"nope\.tsv: no such file$"):
        read_tsv(tmp_path / "nope.tsv")


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    p = tmp_path / "win.tsv"
    p.write_bytes(b"\xef\xbb\xbf" + (HEADER + "\r\n" + row(id="a", canonical="A", variants="aa") + "\r\n").encode())
    [e] = read_tsv(p).entries
    assert (e.id, e.variants) == ("a", ("aa",))


def test_decide_entry_may_leave_canonical_empty() -> None:
    e = parse_tsv(HEADER + "\n" + row(id="rector", canonical="", variants="headmaster | principal", status="decide"))
    assert e.entries[0].needs_decision and e.entries[0].canonical == ""


def test_load_glossaries_merges_in_precedence_order(tmp_path: Path) -> None:
    first = write(tmp_path / "a.tsv", row(id="bsu", canonical="Belarusian State University", variants="BSU University"))
    second = write(
        tmp_path / "b.tsv",
        row(id="bsu", canonical="Byelorussian State University"),
        row(id="bsu-2", canonical="BSU", variants="BSU University | Belgosuniversitet"),
    )
    g = load_glossaries([first, second])
    assert [e.id for e in g.entries] == ["bsu", "bsu", "bsu-2"]
    assert g.sources == [str(first), str(second)]
    conflicts = find_conflicts(g.entries)
    assert [(c.index, c.form, c.claimed_by.id) for c in conflicts] == [(1, None, "bsu"), (2, "BSU University", "bsu")]
    assert f"{first}:2" in conflicts[0].message and "not applied" in conflicts[1].message
    assert g.by_id()["bsu"].canonical == "Belarusian State University"


def test_case_sensitive_forms_differing_in_case_do_not_conflict() -> None:
    g = Glossary([Entry("us", "US", ("U.S.",), case_sensitive=True), Entry("we", "us", ("uss",), case_sensitive=True)])
    assert find_conflicts(g.entries) == []


def test_default_paths_follow_env(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / "b.tsv", row(id="b", canonical="B"))
    write(tmp_path / "a.tsv", row(id="a", canonical="A"))
    (tmp_path / "notes.txt").write_text("not a glossary", encoding="utf-8")
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(tmp_path))
    assert default_glossary_paths() == [tmp_path / "a.tsv", tmp_path / "b.tsv"]
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(tmp_path / "missing"))  # a typo must not switch them off silently
    with pytest.raises(GlossaryError, match="POLISH_GLOSSARY_DIR names no folder"):
        default_glossary_paths()


def test_default_paths_without_env_are_the_repo_folder(monkeypatch) -> None:
    monkeypatch.delenv("POLISH_GLOSSARY_DIR", raising=False)
    repo = Path(__file__).resolve().parents[1] / "glossaries"
    assert default_glossary_paths() == sorted(repo.glob("*.tsv"))


def test_glossary_for_config_user_files_first_and_memoised(tmp_path: Path, monkeypatch) -> None:
    defaults = tmp_path / "defaults"
    defaults.mkdir()
    write(defaults / "d.tsv", row(id="d", canonical="Default"))
    monkeypatch.setenv("POLISH_GLOSSARY_DIR", str(defaults))
    user = write(tmp_path / "user.tsv", row(id="u", canonical="User"))
    cfg = Config(glossaries=(str(user),))
    g = glossary_for_config(cfg)
    assert [e.id for e in g.entries] == ["u", "d"]
    assert glossary_for_config(cfg) is g  # unchanged files: the same object
    assert [e.id for e in glossary_for_config(Config(glossaries=(str(user),), default_glossaries=False)).entries] == ["u"]
    write(user, row(id="u", canonical="User"), row(id="u2", canonical="User two"))
    import os

    os.utime(user, ns=(1, 1))  # make sure the mtime moved even on coarse clocks
    g2 = glossary_for_config(cfg)
    assert g2 is not g and [e.id for e in g2.entries] == ["u", "u2", "d"]
    with pytest.raises(GlossaryError, match="missing.tsv: no such file"):
        glossary_for_config(Config(glossaries=(str(tmp_path / "missing.tsv"),)))
