"""Edit a native TSV glossary in place, touching only the line that changes.

Glossaries live in git and are reviewed as diffs, so an edit must not reorder,
reformat or re-encode the rest of the file: every other line is kept
byte-for-byte (its newline convention included) and the file is replaced
atomically. Comment lines (``#``) and blank lines are kept as they are.
"""

from __future__ import annotations

import os
from pathlib import Path

from polish.glossary.model import COLUMNS, LIST_SEP, Entry
from polish.glossary.tsv import GlossaryError, format_row, header_line, parse_row

_DEFAULTS = {"kind": "term", "case": "insensitive", "status": "approved"}


class _Table:
    """The raw lines of a TSV glossary and where its header and rows are."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            data = Path(self.path).read_bytes()
        except FileNotFoundError:
            raise GlossaryError(self.path, 0, "no such file") from None
        except OSError as exc:
            raise GlossaryError(self.path, 0, f"cannot read: {exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise GlossaryError(self.path, data.count(b"\n", 0, exc.start) + 1, f"not UTF-8 at byte {exc.start}") from None
        # only LF (and CRLF) end a line: str.splitlines would also split at U+2028 inside a cell
        self.lines = [part + "\n" for part in text.split("\n")]
        self.lines[-1] = self.lines[-1][:-1]
        if not self.lines[-1]:
            self.lines.pop()
        self.newline = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        self.header: list[str] | None = None
        self.header_index = -1
        for i, line in enumerate(self.lines):
            if line.strip() and not line.lstrip("\ufeff").lstrip().startswith("#"):
                self.header = [c.strip() for c in line.lstrip("\ufeff").rstrip("\r\n").split("\t")]
                self.header_index = i
                break
        if self.header is not None and "id" not in self.header:
            raise GlossaryError(self.path, self.header_index + 1, "the header row has no 'id' column")

    def rows(self) -> list[tuple[int, list[str]]]:
        """(index into ``lines``, cells) of each entry row."""
        out = []
        for i in range(self.header_index + 1, len(self.lines)):
            line = self.lines[i]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append((i, line.rstrip("\r\n").split("\t")))
        return out

    def find(self, entry_id: str) -> tuple[int, list[str]] | None:
        """The row whose id cell is ``entry_id``."""
        assert self.header is not None
        col = self.header.index("id")
        for i, cells in self.rows():
            if col < len(cells) and cells[col].strip() == entry_id:
                return i, cells
        return None

    @property
    def extra(self) -> list[str]:
        """Language columns beyond ``COLUMNS``, in header order."""
        return [h for h in self.header or () if h not in COLUMNS]

    def row_for(self, entry: Entry) -> str:
        """``entry`` as a row in this file's column order; refuse values it has no column for."""
        names = header_line(self.extra).split("\t")
        values = dict(zip(names, format_row(entry, self.extra).split("\t")))
        header = self.header or list(COLUMNS)
        for name, value in values.items():
            if value and name not in header and value != _DEFAULTS.get(name):
                raise GlossaryError(self.path, self.header_index + 1, f"the header row has no {name!r} column for {value!r}")
        for lang, forms in entry.sources.items():
            if forms and lang not in header:
                raise GlossaryError(self.path, self.header_index + 1, f"the header row has no {lang!r} column")
        return "\t".join(values.get(name, "") for name in header)

    def save(self) -> None:
        from polish.reading import atomic_write_bytes

        atomic_write_bytes(self.path, "".join(self.lines).encode("utf-8"))


def add_entry(path: str | os.PathLike[str], entry: Entry) -> None:
    """Append ``entry`` as a new row (creating the file with a header); refuse a duplicate id."""
    p = Path(path)
    if not p.exists():
        from polish.reading import atomic_write_text

        atomic_write_text(p, header_line(_langs(entry)) + "\n" + format_row(entry, _langs(entry)) + "\n")
        return
    table = _Table(p)
    if table.header is None:
        if table.lines and not table.lines[-1].endswith(("\n", "\r")):
            table.lines[-1] += table.newline
        table.lines.append(header_line(_langs(entry)) + table.newline)
        table.header = header_line(_langs(entry)).split("\t")
        table.header_index = len(table.lines) - 1
    found = table.find(entry.id)
    if found is not None:
        raise GlossaryError(table.path, found[0] + 1, f"an entry with id {entry.id!r} already exists")
    if table.lines and not table.lines[-1].endswith(("\n", "\r")):
        table.lines[-1] += table.newline
    table.lines.append(table.row_for(entry) + table.newline)
    table.save()


def remove_entry(path: str | os.PathLike[str], entry_id: str) -> Entry:
    """Delete the row of ``entry_id`` and return the entry it held."""
    table = _Table(path)
    found = table.find(entry_id) if table.header is not None else None
    if found is None:
        raise GlossaryError(table.path, 0, f"no entry with id {entry_id!r}")
    index, cells = found
    entry = _parse(table, index, cells)
    del table.lines[index]
    table.save()
    return entry


def _langs(entry: Entry) -> list[str]:
    from polish.glossary.model import SOURCE_LANGS

    return sorted(lang for lang, forms in entry.sources.items() if forms and lang not in SOURCE_LANGS)


def _parse(table: _Table, index: int, cells: list[str]) -> Entry:
    assert table.header is not None
    if len(cells) != len(table.header):
        raise GlossaryError(table.path, index + 1, f"{len(cells)} cells but the header names {len(table.header)} columns")
    where = {name: i for i, name in enumerate(table.header)}
    ordered = [cells[where[c]] if c in where else "" for c in COLUMNS] + [cells[where[x]] for x in table.extra]
    return parse_row(ordered, table.path, index + 1, table.extra)


def add_exception(path: str | os.PathLike[str], entry_id: str, phrase: str) -> bool:
    """Add ``phrase`` to the exceptions of ``entry_id``; False when it was already there."""
    phrase = " ".join(phrase.split())
    if not phrase or LIST_SEP.strip() in phrase:
        raise GlossaryError(os.fspath(path), 0, f"exception phrase {phrase!r} is empty or contains '|'")
    table = _Table(path)
    found = table.find(entry_id) if table.header is not None else None
    if found is None:
        raise GlossaryError(table.path, 0, f"no entry with id {entry_id!r}")
    index, cells = found
    assert table.header is not None
    if "exceptions" not in table.header:
        raise GlossaryError(table.path, table.header_index + 1, "the header row has no 'exceptions' column")
    entry = _parse(table, index, cells)
    if phrase in entry.exceptions:
        return False
    col = table.header.index("exceptions")
    # only this cell is rewritten; the row's other cells keep their exact bytes
    cells[col] = LIST_SEP.join(entry.exceptions + (phrase,))
    _parse(table, index, cells)  # the new row must still be valid
    ending = table.lines[index][len(table.lines[index].rstrip("\r\n")):]
    table.lines[index] = "\t".join(cells) + ending
    table.save()
    return True

