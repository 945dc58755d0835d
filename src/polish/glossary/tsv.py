"""The native glossary format: UTF-8 TSV, a header row naming the columns, one entry a line.

Blank lines and lines starting with ``#`` are ignored. The header may list the
``COLUMNS`` in any order and leave out all but ``id`` and ``canonical``; any
other column must be named by an ISO 639-1 code and holds forms in one more
source language. Every problem is reported as ``path:line: problem``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from polish.glossary.model import (
    ARROW,
    COLUMNS,
    EXAMPLE_SEP,
    KINDS,
    LIST_SEP,
    SOURCE_LANGS,
    STATUSES,
    Entry,
    Example,
    Glossary,
)
from polish.reading import InputError

_LANG = re.compile(r"[a-z]{2}\Z")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*\Z")
_LIST_COLUMNS = ("variants", "admitted", "context", "exceptions")
_BAR = LIST_SEP.strip()


class GlossaryError(InputError):
    """A glossary file polish cannot use; ``str()`` is one line: ``path:line: problem``."""

    def __init__(self, path: str | os.PathLike[str] | None, line: int, problem: str) -> None:
        super().__init__(path, problem)
        self.line = line
        self.args = (str(self),)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}"


def _split_list(cell: str) -> tuple[str, ...]:
    # Split on the bare bar so that hand-typed "a|b" and "a | b" both work.
    if _BAR not in cell:  # most cells are empty or hold one form: no list to build
        cell = cell.strip()
        return (cell,) if cell else ()
    out: list[str] = []
    for part in cell.split(_BAR):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return tuple(out)


def _examples(cell: str, path: str, line: int) -> tuple[Example, ...]:
    out = []
    for pair in cell.split(EXAMPLE_SEP.strip()):
        pair = pair.strip()
        if not pair:
            continue
        if ARROW.strip() not in pair:
            raise GlossaryError(path, line, f"example {pair!r} has no {ARROW.strip()!r} between input and expected output")
        text, expected = pair.split(ARROW.strip(), 1)
        out.append(Example(text.strip(), expected.strip()))
    return tuple(out)


def parse_row(cells: list[str] | tuple[str, ...], path: str, line: int,
              extra_langs: tuple[str, ...] | list[str] = ()) -> Entry:
    """One entry from its cells in ``COLUMNS`` order (then ``extra_langs`` columns); raise ``GlossaryError``."""
    n = len(COLUMNS) + len(extra_langs)
    if len(cells) != n:
        raise GlossaryError(path, line, f"{len(cells)} cells but {n} columns")
    row = {name: cells[i].strip() for i, name in enumerate(COLUMNS)}
    if not row["id"]:
        raise GlossaryError(path, line, "missing id")
    if not _ID.match(row["id"]):
        raise GlossaryError(path, line, f"id {row['id']!r} must be letters, digits, '.', '_' or '-' (no spaces)")
    status = row["status"].lower() or "approved"
    if status not in STATUSES:
        raise GlossaryError(path, line, f"status {row['status']!r} is not one of: {', '.join(STATUSES)}")
    # An undecided entry may leave the canonical empty: the translator has not chosen it yet.
    if not row["canonical"] and status != "decide":
        raise GlossaryError(path, line, f"entry {row['id']!r} has no canonical form")
    kind = row["kind"].lower() or "term"
    if kind not in KINDS:
        raise GlossaryError(path, line, f"kind {row['kind']!r} is not one of: {', '.join(KINDS)}")
    case = row["case"].lower() or "insensitive"
    if case not in ("sensitive", "insensitive"):
        raise GlossaryError(path, line, f"case {row['case']!r} must be 'sensitive' or 'insensitive'")
    sources: dict[str, tuple[str, ...]] = {}
    for lang in SOURCE_LANGS:
        if row[lang]:
            sources[lang] = _split_list(row[lang])
    for i, lang in enumerate(extra_langs):
        forms = _split_list(cells[len(COLUMNS) + i])
        if forms:
            sources[lang] = forms
    lists = {name: _split_list(row[name]) for name in _LIST_COLUMNS}
    return Entry(
        id=row["id"],
        canonical=row["canonical"],
        variants=lists["variants"],
        admitted=lists["admitted"],
        kind=kind,
        case_sensitive=case == "sensitive",
        sources=sources,
        context=lists["context"],
        exceptions=lists["exceptions"],
        status=status,
        note=row["note"],
        examples=_examples(row["examples"], path, line),
        origin=(path, line),
    )


def _cell(text: str) -> str:
    # A cell is one line without tabs; anything else would break the row.
    return re.sub(r"[\t\r\n]+", " ", text).strip()


def _list_cell(items: tuple[str, ...]) -> str:
    return LIST_SEP.join(_cell(i) for i in items)


def extra_languages(glossary: Glossary) -> list[str]:
    """Source languages used beyond the built-in columns, sorted."""
    return sorted({lang for e in glossary.entries for lang, forms in e.sources.items()
                   if forms and lang not in SOURCE_LANGS})


def header_line(extra_langs: tuple[str, ...] | list[str] = ()) -> str:
    """The header row (no newline): ``COLUMNS`` then any extra language columns."""
    return "\t".join((*COLUMNS, *extra_langs))


def format_row(entry: Entry, extra_langs: tuple[str, ...] | list[str] = ()) -> str:
    """The TSV row of one entry (no newline), cells in ``header_line(extra_langs)`` order."""
    values = {
        "id": _cell(entry.id),
        "canonical": _cell(entry.canonical),
        "variants": _list_cell(entry.variants),
        "admitted": _list_cell(entry.admitted),
        "kind": entry.kind,
        "case": "sensitive" if entry.case_sensitive else "",
        "context": _list_cell(entry.context),
        "exceptions": _list_cell(entry.exceptions),
        "status": "" if entry.status == "approved" else entry.status,
        "note": _cell(entry.note),
        "examples": EXAMPLE_SEP.join(f"{_cell(x.text)}{ARROW}{_cell(x.expected)}" for x in entry.examples),
    }
    for lang in SOURCE_LANGS:
        values[lang] = _list_cell(entry.sources.get(lang, ()))
    cells = [values[c] for c in COLUMNS]
    cells += [_list_cell(entry.sources.get(lang, ())) for lang in extra_langs]
    return "\t".join(cells)


def parse_tsv(text: str, path: str = "<tsv>") -> Glossary:
    """A glossary from TSV text (the header row first)."""
    header: list[str] | None = None
    where: dict[str, int] = {}
    extra: list[tuple[str, int]] = []
    entries: list[Entry] = []
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            if not {"id", "canonical"} & set(header):
                raise GlossaryError(path, n, f"missing header row: the first line must name the columns "
                                             f"({', '.join(COLUMNS)}), got {line[:60]!r}")
            for i, name in enumerate(header):
                if name in where or any(name == x for x, _ in extra):
                    raise GlossaryError(path, n, f"column {name!r} appears twice in the header row")
                if name in COLUMNS:
                    where[name] = i
                elif _LANG.match(name):
                    extra.append((name, i))
                else:
                    raise GlossaryError(path, n, f"header row: unknown column {name!r} "
                                                 f"(expected {', '.join(COLUMNS)} or a two-letter language code)")
            for needed in ("id", "canonical"):
                if needed not in where:
                    raise GlossaryError(path, n, f"missing header row: the first line must name the columns, "
                                                 f"including {needed!r} (got {line[:60]!r})")
            continue
        if len(cells) != len(header):
            raise GlossaryError(path, n, f"{len(cells)} cells but the header names {len(header)} columns")
        ordered = [cells[where[c]] if c in where else "" for c in COLUMNS] + [cells[i] for _, i in extra]
        entries.append(parse_row(ordered, path, n, tuple(x for x, _ in extra)))
    if header is None:
        raise GlossaryError(path, 1, "missing header row: the file has no lines (expected a row naming the columns)")
    return Glossary(entries=entries, sources=[path])


def read_utf8(path: str | os.PathLike[str], hint: str = "save the glossary as UTF-8") -> str:
    """A glossary file's text (UTF-8, optional BOM); ``GlossaryError`` with file:line on any problem."""
    p = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise GlossaryError(p, 0, "no such file") from None
    except IsADirectoryError:
        raise GlossaryError(p, 0, "is a folder, not a glossary file") from None
    except OSError as exc:
        raise GlossaryError(p, 0, f"cannot read: {exc.strerror or exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(p, data.count(b"\n", 0, exc.start) + 1, f"not UTF-8 (byte {exc.start}); {hint}") from None


def read_tsv(path: str | os.PathLike[str]) -> Glossary:
    """Read one native TSV glossary; raise ``GlossaryError`` (``path:line: problem``) on any problem."""
    return parse_tsv(read_utf8(path), str(path))


def to_tsv(glossary: Glossary) -> str:
    """The whole TSV text of a glossary (header row, one row per entry, final newline)."""
    extra = extra_languages(glossary)
    lines = [header_line(extra)] + [format_row(e, extra) for e in glossary.entries]
    return "\n".join(lines) + "\n"


def write_tsv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write a glossary as native TSV, atomically."""
    from polish.reading import atomic_write_text

    atomic_write_text(path, to_tsv(glossary))
