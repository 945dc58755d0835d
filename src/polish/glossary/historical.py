"""Canonical forms that are newer names: a variant may be the right name for an earlier time.

"Byelorussia" was the country's English name until 1991, and the CPC's 宣传部 was the "Propaganda
Department" in English until 1998. Rewriting "In 1950 Byelorussia had 12 universities." to the
modern name falsifies history. An entry says from when its canonical form applies with a mark in
its ``note``:

- ``[since: 1991]``: every variant of the entry was a right name before 1991;
- ``[since: 1991 for: Belorussian State University | ...]``: only the variants listed were.

A match of such a variant is not replaced, but reported (``glossary.historical:<id>``), when its
sentence dates itself before that year: a year ("in 1950"), a decade ("the 1970s"), a year that
ends a time ("before 2000", "until 1995"), or a named period (``data/historical-eras.tsv``:
"Soviet-era", "the Great Patriotic War"). One such dating is enough, whatever other years the
sentence names: "In 1950 Byelorussia had 12 universities; in 2023 Belarus had 51." speaks of 1950
where the variant stands, and the rule cannot tell which year a word belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from polish.glossary.matcher import Match
    from polish.glossary.model import Entry

#: what starts a mark in a note; the exact syntax is ``_MARK``
MARK_START = "[since"
_MARK = re.compile(r"\[since: (\d{4})(?: for: ([^\]\t]+?))?\]")
#: anything that looks like a mark, in any case or spacing: lint reports it unless ``_MARK`` reads it
_LOOSE = re.compile(r"\[\s*since\b[^\]]*\]?", re.IGNORECASE)
FIRST_YEAR, LAST_YEAR = 1000, 2100


@dataclass(frozen=True)
class Since:
    """An entry's mark: its canonical form applies from ``year``; ``forms``: the folded variants it covers (None: all)."""

    year: int
    forms: frozenset[str] | None = None


def marks(note: str) -> list[str]:
    """Every mark-like piece of ``note`` ("[since: 1991]", and malformed ones such as "[Since 1991]")."""
    return [m.group(0) for m in _LOOSE.finditer(note)]


def parse_mark(mark: str) -> tuple[int, tuple[str, ...]] | None:
    """(year, variants named after "for:") of a well-formed mark, else None."""
    m = _MARK.fullmatch(mark)
    if m is None:
        return None
    named = tuple(v.strip() for v in m.group(2).split("|")) if m.group(2) else ()
    return int(m.group(1)), named


def problems(entry: "Entry") -> list[str]:
    """What is wrong with the entry's marks, one line each (for ``polish glossary lint``)."""
    found = marks(entry.note)
    out: list[str] = []
    if len(found) > 1:
        out.append(f"the note has {len(found)} [since: ...] marks ({', '.join(found)}); give one")
    from polish.glossary.keys import form_key

    variants = {form_key(v)[0] for v in entry.variants}
    for mark in found:
        got = parse_mark(mark)
        if got is None:
            out.append(f"malformed mark {mark!r}: write [since: YYYY] or [since: YYYY for: variant | variant]")
            continue
        year, named = got
        if not FIRST_YEAR <= year <= LAST_YEAR:
            out.append(f"mark {mark!r}: {year} is not a year between {FIRST_YEAR} and {LAST_YEAR}")
        for v in named:
            if form_key(v)[0] not in variants:
                out.append(f"mark {mark!r}: {v!r} is not one of the entry's variants")
        if not entry.variants:
            out.append(f"mark {mark!r}: the entry has no variants to keep")
    return out


@lru_cache(maxsize=4096)
def _since(note: str) -> Since | None:
    found = _MARK.search(note)
    if found is None:
        return None  # no mark, or a malformed one: lint reports that
    got = parse_mark(found.group(0))
    if got is None or not FIRST_YEAR <= got[0] <= LAST_YEAR:
        return None
    from polish.glossary.keys import form_key

    year, named = got
    return Since(year, frozenset(form_key(v)[0] for v in named) if named else None)


def since_of(entry: "Entry", form: str) -> int | None:
    """The year from which the entry's canonical form applies, if its mark covers ``form`` (a variant)."""
    note = entry.note
    if MARK_START not in note:  # nearly every entry: one substring test
        return None
    s = _since(note)
    if s is None:
        return None
    if s.forms is not None:
        from polish.glossary.keys import form_key

        if form_key(form)[0] not in s.forms:
            return None
    return s.year


@lru_cache(maxsize=1)
def _eras() -> tuple[dict[str, int], re.Pattern[str] | None]:
    """The periods of ``data/historical-eras.tsv`` (folded phrase -> first year) and one regex finding them."""
    text = resources.files("polish.data").joinpath("historical-eras.tsv").read_text(encoding="utf-8")
    eras: dict[str, int] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, _, year = line.partition("\t")
        eras[_fold(phrase)] = int(year)
    if not eras:
        return eras, None
    alts = "|".join(r"[\s-]+".join(map(re.escape, p.split(" "))) for p in sorted(eras, key=len, reverse=True))
    return eras, re.compile(rf"(?<!post-)(?<!post )(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def _fold(phrase: str) -> str:
    """A period's phrase as the table keys it: lower case, hyphens as spaces, one space between words."""
    return " ".join(phrase.replace("-", " ").lower().split())


#: A year or a decade: four digits from 1800 to 2099, not part of a longer number ("1,950", "12.1950",
#: "8017-1950"; the first of "1941-1945" counts). After "before", "until", "prior to" or "pre-" it ends
#: a time of unknown start, which may lie before any year ("until 2005 the Propaganda Department ...").
#: Not "up to": that is a number's ("up to 2000 students").
_DATING = re.compile(
    r"(?<![\w.,])(?<!\d[-/])(?:(?P<until>(?:before|until|till|prior to|pre)[\s-]+)(?:the\s+)?)?"
    r"(?P<year>1[89]\d\d|20\d\d)(?P<decade>'?s)?(?![\w]|[.,]\d)",
    re.IGNORECASE,
)


def _datings(piece: str) -> list[tuple[int, str]]:
    """Every dating in ``piece``: (the earliest year it may speak of, its words), in text order."""
    found: list[tuple[int, int, str]] = []
    for m in _DATING.finditer(piece):
        year = int(m.group("year"))
        if m.group("decade") and year % 10:
            continue  # "1975s" is no decade
        found.append((m.start(), 0 if m.group("until") else year, m.group(0)))
    eras, era_re = _eras()
    if era_re is not None:
        found += [(e.start(), eras[_fold(e.group(0))], e.group(0)) for e in era_re.finditer(piece)]
    return [(first, words) for _, first, words in sorted(found)]


def dated_before(text: str, start: int, end: int, year: int) -> str | None:
    """The words that date the sentence around [start, end) before ``year`` ("in 1950" -> "1950"), or None."""
    from polish.sentences import sentence_around

    a, b = sentence_around(text, start, end)
    for piece in (text[a:start], text[end:b]):
        for first, words in _datings(piece):
            if first < year:
                return words
    return None


def held(m: "Match", text: str) -> tuple[int, str] | None:
    """(the year the canonical applies from, the dating) when match ``m`` is kept as a name of its time, else None."""
    year = since_of(m.entry, m.form)
    if year is None:
        return None
    words = dated_before(text, m.start, m.end, year)
    return None if words is None else (year, words)
