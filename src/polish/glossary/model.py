"""Glossary entries: one concept, its canonical English form, what must become it.

The native file format is a UTF-8 TSV with a header row (``COLUMNS``), one
entry per line, so that glossary changes review and merge cleanly in git and
open in a spreadsheet. List-valued cells separate items with `` | ``;
examples separate pairs with `` || `` and input from output with `` => ``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: The native TSV columns, in file order. Only ``id`` and ``canonical`` are required.
COLUMNS = (
    "id",          # stable slug; rule ids are "glossary:<id>"
    "canonical",   # the one right English form (its casing is used on output)
    "variants",    # MT garbles / misspellings to replace with canonical (" | ")
    "admitted",    # acceptable alternatives, left alone (" | ")
    "kind",        # person | organisation | place | programme | title | term | phrase | label
    "case",        # "sensitive" or "insensitive" (default insensitive)
    "zh",          # source-language forms used by translation (" | ")
    "ru",
    "be",
    "context",     # variant is wrong only inside one of these phrases (" | "), empty = everywhere
    "exceptions",  # phrases inside which a match is left alone (" | ")
    "status",      # "approved" (default) | "decide": needs a translator's decision, report only
    "note",        # what the fact rests on (a source, a URL, a rule of usage)
    "examples",    # self-tests: "input => expected || input => expected"
)
KINDS = ("person", "organisation", "place", "programme", "title", "term", "phrase", "label")
STATUSES = ("approved", "decide")
LIST_SEP = " | "
EXAMPLE_SEP = " || "
ARROW = " => "
#: Source-language columns polish knows; more can be added as extra columns named by ISO 639-1 code.
SOURCE_LANGS = ("zh", "ru", "be")


@dataclass(frozen=True)
class Example:
    """A self-test: cleaning ``text`` with this glossary must give ``expected``."""

    text: str
    expected: str


@dataclass(frozen=True)
class Entry:
    """One concept of a glossary."""

    id: str
    canonical: str
    variants: tuple[str, ...] = ()
    admitted: tuple[str, ...] = ()
    kind: str = "term"
    case_sensitive: bool = False
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)
    context: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    status: str = "approved"
    note: str = ""
    examples: tuple[Example, ...] = ()
    #: where the entry was read from (file, 1-based line); not part of the entry's identity
    origin: tuple[str, int] | None = field(default=None, compare=False, hash=False)

    @property
    def needs_decision(self) -> bool:
        """True when a translator has not settled the form: report, never replace."""
        return self.status == "decide"

    def with_origin(self, path: str, line: int) -> "Entry":
        """A copy that remembers where it was read from."""
        return replace(self, origin=(path, line))


@dataclass
class Glossary:
    """Entries from one or more files, in precedence order (earlier wins)."""

    entries: list[Entry] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    #: ids the reader made up (a TBX concept without a polish id): they name no entry on purpose,
    #: so one that another file uses is renamed, not taken as an override (``load_glossaries``)
    made_ids: set[str] = field(default_factory=set)

    def by_id(self) -> dict[str, Entry]:
        """Entries keyed by id (the first one wins on duplicates)."""
        out: dict[str, Entry] = {}
        for e in self.entries:
            out.setdefault(e.id, e)
        return out

    def __len__(self) -> int:
        return len(self.entries)
