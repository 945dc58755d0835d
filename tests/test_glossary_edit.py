"""In-place glossary edits keep every other line byte-for-byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish.glossary.edit import add_entry, add_exception, remove_entry
from polish.glossary.model import COLUMNS, Entry
from polish.glossary.tsv import GlossaryError, read_tsv

HEADER = "\t".join(COLUMNS)


def row(**cells: str) -> str:
    return "\t".join(cells.get(c, "") for c in COLUMNS)


# Deliberately irregular: a comment, a blank line, trailing spaces in a note, an explicit
# default kind left empty, a U+2028 inside a note and Cyrillic: an editor that re-serialised
# the file would change them.
LINES = [
    "# universities of Belarus — keep sorted by hand",
    HEADER,
    row(id="bsu", canonical="Belarusian State University", variants="Belorussian State University",
        ru="Белорусский государственный университет", note="bsu.by  "),
    "",
    row(id="minsk", canonical="Minsk", variants="Minsck", note="capital\u2028city"),
    row(id="bntu", canonical="Belarusian National Technical University", exceptions="BNTU Press"),
]


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    p = tmp_path / "g.tsv"
    p.write_bytes(("\n".join(LINES) + "\n").encode("utf-8"))
    return p


def lines_of(p: Path) -> list[bytes]:
    return p.read_bytes().split(b"\n")


def test_add_entry_appends_one_line(glossary: Path) -> None:
    before = glossary.read_bytes()
    add_entry(glossary, Entry(id="gsu", canonical="Francisk Skorina Gomel State University",
                              variants=("Gomel State University named after F. Skorina",), kind="organisation"))
    after = glossary.read_bytes()
    assert after.startswith(before)
    added = after[len(before):].decode("utf-8")
    assert added.count("\n") == 1 and added.startswith("gsu\tFrancisk Skorina Gomel State University\t")
    assert read_tsv(glossary).by_id()["gsu"].variants == ("Gomel State University named after F. Skorina",)


def test_add_entry_refuses_duplicate_id(glossary: Path) -> None:
    before = glossary.read_bytes()
    with pytest.raises(GlossaryError, match=r"g\.tsv:5: an entry with id 'minsk' already exists"):
        add_entry(glossary, Entry(id="minsk", canonical="Minsk City"))
    assert glossary.read_bytes() == before


def test_add_entry_to_a_file_without_final_newline_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "crlf.tsv"
    p.write_bytes((HEADER + "\r\n" + row(id="a", canonical="Alpha")).encode())
    add_entry(p, Entry(id="b", canonical="Beta"))
    data = p.read_bytes()
    assert data.startswith((HEADER + "\r\n" + row(id="a", canonical="Alpha") + "\r\n").encode())
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == 3 and data.count(b"\n") == 3
    assert [e.id for e in read_tsv(p).entries] == ["a", "b"]


def test_add_entry_creates_a_new_file(tmp_path: Path) -> None:
    p = tmp_path / "new" / "local.tsv"
    add_entry(p, Entry(id="a", canonical="Alpha", sources={"zh": ("阿尔法",)}))
    g = read_tsv(p)
    assert [e.id for e in g.entries] == ["a"] and g.entries[0].sources["zh"] == ("阿尔法",)


def test_remove_entry_drops_only_its_line(glossary: Path) -> None:
    before = lines_of(glossary)
    removed = remove_entry(glossary, "minsk")
    assert removed.canonical == "Minsk" and removed.variants == ("Minsck",)
    assert lines_of(glossary) == before[:4] + before[5:]
    with pytest.raises(GlossaryError, match="no entry with id 'minsk'"):
        remove_entry(glossary, "minsk")


def test_add_exception_rewrites_only_that_cell(glossary: Path) -> None:
    before = lines_of(glossary)
    assert add_exception(glossary, "bsu", "Belorussian State University Press") is True
    after = lines_of(glossary)
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [2]
    old_cells, new_cells = before[2].split(b"\t"), after[2].split(b"\t")
    col = COLUMNS.index("exceptions")
    assert new_cells[col] == "Belorussian State University Press".encode()
    assert [c for i, c in enumerate(new_cells) if i != col] == [c for i, c in enumerate(old_cells) if i != col]
    # the trailing spaces in the note survive
    assert b"bsu.by  " in after[2]
    assert read_tsv(glossary).by_id()["bsu"].exceptions == ("Belorussian State University Press",)


def test_add_exception_appends_to_a_list(glossary: Path) -> None:
    assert add_exception(glossary, "bntu", "BNTU Polytechnic") is True
    assert read_tsv(glossary).by_id()["bntu"].exceptions == ("BNTU Press", "BNTU Polytechnic")
    assert add_exception(glossary, "bntu", "BNTU  Polytechnic") is False  # same phrase, spacing normalised
    assert add_exception(glossary, "minsk", "Minsck Street") is True
    assert read_tsv(glossary).by_id()["minsk"].exceptions == ("Minsck Street",)
    assert lines_of(glossary)[0].decode() == LINES[0]


def test_add_exception_rejects_bad_phrases_and_ids(glossary: Path) -> None:
    with pytest.raises(GlossaryError, match="contains '|'"):
        add_exception(glossary, "bsu", "a | b")
    with pytest.raises(GlossaryError, match="no entry with id 'nope'"):
        add_exception(glossary, "nope", "phrase")
