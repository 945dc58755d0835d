"""CSV import and export: the native TSV columns, for spreadsheets that prefer commas.

The header row names the columns (``COLUMNS`` of the native format, then one
column per extra source language such as ``es``); cells hold exactly what the
TSV cells hold (lists joined with `` | ``, examples with `` || `` and `` => ``).
Files are written as UTF-8 with a byte-order mark, so that Excel opens
Chinese and Cyrillic cells correctly; the mark is optional on reading.
Columns may come in any order and all but ``id`` and ``canonical`` may be missing.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

from polish.glossary.model import COLUMNS, Entry, Glossary
from polish.glossary.tsv import GlossaryError, extra_languages, format_row, header_line, parse_row, read_utf8

_LANG_COLUMN = re.compile(r"[a-z]{2}\Z")


def to_csv(entries: list[Entry]) -> str:
    """CSV text (header row first) for ``entries``."""
    extra = extra_languages(Glossary(entries=list(entries)))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header_line(extra).split("\t"))
    for e in entries:
        writer.writerow(format_row(e, extra).split("\t"))
    return buf.getvalue()


def write_csv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` as a UTF-8 CSV (with BOM), atomically."""
    from polish.reading import atomic_write_text

    atomic_write_text(path, "\ufeff" + to_csv(glossary.entries))


def parse_csv(text: str, path: str = "<csv>") -> Glossary:
    """Entries of CSV text whose first row names the columns."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise GlossaryError(path, 1, "empty file: expected a header row naming the columns") from None
    except csv.Error as exc:
        raise GlossaryError(path, 1, f"not valid CSV: {exc}") from None
    for needed in ("id", "canonical"):
        if needed not in header:
            raise GlossaryError(path, 1, f"the header row has no {needed!r} column (columns: {', '.join(COLUMNS)})")
    extra: dict[int, str] = {}
    for i, name in enumerate(header):
        if name in COLUMNS:
            continue
        if not _LANG_COLUMN.match(name):
            raise GlossaryError(path, 1, f"unknown column {name!r}; expected {', '.join(COLUMNS)} "
                                         "or a two-letter language code")
        extra[i] = name
    seen = [h for h in header if header.count(h) > 1]
    if seen:
        raise GlossaryError(path, 1, f"column {seen[0]!r} appears twice in the header row")
    where = {name: i for i, name in enumerate(header)}
    entries: list[Entry] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise GlossaryError(path, line, f"not valid CSV: {exc}") from None
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            raise GlossaryError(path, start, f"{len(row)} cells but the header names {len(header)} columns")
        for cell in row:
            if "\t" in cell or "\n" in cell or "\r" in cell:
                raise GlossaryError(path, start, "a cell holds a tab or a line break; glossary cells are one line")
        row += [""] * (len(header) - len(row))
        cells = [row[where[c]] if c in where else "" for c in COLUMNS] + [row[i] for i in extra]
        entries.append(parse_row(cells, path, start, list(extra.values())))
    return Glossary(entries=entries, sources=[path])


def read_csv(path: str | os.PathLike[str]) -> Glossary:
    """Read a CSV glossary file (UTF-8, optional BOM)."""
    p = Path(path)
    text = read_utf8(p, "save the CSV as UTF-8")
    return parse_csv(text, str(p))
