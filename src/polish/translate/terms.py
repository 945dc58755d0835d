"""Glossary protection: source-language terms become placeholders the model passes through.

A neural model mangles names it has not seen ("大连理工大学" comes out as
"Dalian Polytechnic", "Dalian University of Science", ...). Before
translation every source form from the glossary (``Entry.sources``) and
every URL or e-mail address is swapped for a placeholder such as ``ZXQ1``;
after translation each placeholder is restored as the entry's canonical
English form (or the literal text, for URLs). If the model loses or garbles
a placeholder, the caller translates the sentence unprotected and applies
the glossary to the output instead (``apply_after``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from polish.protect import PROTECTED_RE

#: Placeholder shape: three capitals no language uses plus a number. Real
#: Argos models copy such unknown Latin tokens; SentencePiece splits them
#: into single characters any vocabulary covers.
PREFIX = "ZXQ"
_FOUND = re.compile(r"Z\s*X\s*Q\s*(\d+)", re.IGNORECASE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Term:
    """One source-language form and what it must become."""

    form: str
    canonical: str
    entry: str


@dataclass
class Slot:
    """A placeholder put into the text, and what it stands for."""

    token: str
    source: str
    restore: str
    entry: str | None = None


@dataclass
class Protected:
    """A sentence with placeholders, ready for the model."""

    text: str
    slots: list[Slot] = field(default_factory=list)

    @property
    def entries(self) -> list[str]:
        """Glossary entry ids protected in this sentence."""
        return [s.entry for s in self.slots if s.entry]


class TermIndex:
    """The glossary's source forms, per language, compiled for matching."""

    def __init__(self, terms_by_lang: dict[str, list[Term]]) -> None:
        self._terms = terms_by_lang
        self._res: dict[str, tuple[re.Pattern[str], dict[str, Term]] | None] = {}

    @classmethod
    def from_glossary(cls, glossary: object | None) -> "TermIndex":
        """Collect ``Entry.sources`` of approved entries (a 'decide' entry is never imposed)."""
        by_lang: dict[str, list[Term]] = {}
        for e in getattr(glossary, "entries", ()) or ():
            if getattr(e, "needs_decision", False):
                continue
            for lang, forms in (getattr(e, "sources", None) or {}).items():
                for form in forms:
                    if form.strip():
                        by_lang.setdefault(lang, []).append(Term(form.strip(), e.canonical, e.id))
        return cls(by_lang)

    def terms(self, lang: str) -> list[Term]:
        """Source forms known for ``lang``."""
        return self._terms.get(lang, [])

    def _pattern(self, lang: str) -> tuple[re.Pattern[str], dict[str, Term]] | None:
        if lang not in self._res:
            terms = self.terms(lang)
            if not terms:
                self._res[lang] = None
            else:
                # Longest form first, so "白俄罗斯国立大学" wins over "白俄罗斯".
                table: dict[str, Term] = {}
                for t in sorted(terms, key=lambda t: -len(t.form)):
                    table.setdefault(t.form.casefold(), t)
                alts = []
                for form in table:
                    esc = re.escape(form)
                    # Cyrillic/Latin forms must match whole words; CJK has no spaces.
                    alts.append(esc if _CJK.search(form) else rf"(?<!\w){esc}(?!\w)")
                self._res[lang] = (re.compile("|".join(alts), re.IGNORECASE), table)
        return self._res[lang]

    def find(self, text: str, lang: str) -> list[tuple[int, int, Term]]:
        """Non-overlapping glossary matches in ``text``."""
        pat = self._pattern(lang)
        if pat is None:
            return []
        rx, table = pat
        return [(m.start(), m.end(), table[m.group(0).casefold()]) for m in rx.finditer(text)]


def protect(sentence: str, lang: str, index: TermIndex) -> Protected:
    """Replace glossary forms and URLs/e-mails in ``sentence`` with numbered placeholders."""
    hits: list[tuple[int, int, str, str | None]] = [
        (s, e, t.canonical, t.entry) for s, e, t in index.find(sentence, lang)
    ]
    taken = [(s, e) for s, e, _, _ in hits]
    for m in PROTECTED_RE.finditer(sentence):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            hits.append((m.start(), m.end(), m.group(0), None))
    if not hits or _FOUND.search(sentence):
        # A text that already contains our placeholder shape cannot be
        # protected unambiguously: translate it as it is.
        return Protected(sentence)
    hits.sort()
    parts: list[str] = []
    slots: list[Slot] = []
    last = 0
    for s, e, restore_to, entry in hits:
        token = f"{PREFIX}{len(slots) + 1}"
        parts.append(sentence[last:s])
        parts.append(token)
        slots.append(Slot(token, sentence[s:e], restore_to, entry))
        last = e
    parts.append(sentence[last:])
    return Protected("".join(parts), slots)


def restore(translated: str, prot: Protected) -> str | None:
    """Put the protected forms back; None when a placeholder was lost, duplicated or garbled."""
    if not prot.slots:
        return translated
    found = [int(m.group(1)) for m in _FOUND.finditer(translated)]
    if sorted(found) != list(range(1, len(prot.slots) + 1)):
        return None
    return _FOUND.sub(lambda m: prot.slots[int(m.group(1)) - 1].restore, translated)


def apply_after(translated: str, lang: str, index: TermIndex) -> tuple[str, list[str]]:
    """Fallback: replace source forms the model left verbatim by their canonical forms."""
    hits = index.find(translated, lang)
    if not hits:
        return translated, []
    out: list[str] = []
    last = 0
    for s, e, t in hits:
        out.append(translated[last:s])
        out.append(t.canonical)
        last = e
    out.append(translated[last:])
    return "".join(out), [t.entry for _, _, t in hits]


def entries_in(slots: Iterable[Slot]) -> list[str]:
    """Distinct entry ids, in order."""
    seen: list[str] = []
    for s in slots:
        if s.entry and s.entry not in seen:
            seen.append(s.entry)
    return seen
