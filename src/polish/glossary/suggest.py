"""Mine a corpus for likely new glossary entries, as ready-to-review TSV rows.

Three kinds of evidence, all from ``polish.names``: names that are
near-duplicates of one another once transliteration is folded away
("Vadim Bogushi" / "Vadim Bogush", "Ivan Kovalyov" / "Ivan Kovalev") or of a
glossary canonical form; the same title holder named two ways in one
article ("Rector Vadim Bogush" / "Rector Vladimir Bogush"); organisation
n-grams in several spellings ("Belorussian State University"). Each
suggestion carries its counts, up to three example contexts with file names,
and a score to rank by. A suggestion never becomes an entry by itself: its
row has status "decide", also when it only adds variants to an existing entry
(its id is then that entry's with "-variants": loaded beside the glossary, it
never replaces the entry it extends).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from polish.disjoint import DisjointSets
from polish.glossary.model import Entry
from polish.names import GIVEN_NAME, KnownNames, extract_names, group_variants, preference

#: characters of context on each side of a mention in an example
CONTEXT_CHARS = 40
MAX_CONTEXTS = 3


@dataclass(frozen=True)
class Suggestion:
    """A proposed glossary entry (or new variants for an existing one)."""

    canonical: str
    variants: tuple[str, ...]
    kind: str
    #: mentions of all the forms in the corpus
    count: int
    contexts: tuple[str, ...]
    score: float
    reason: str
    #: id of the glossary entry whose canonical this is, when it extends one
    entry: str | None = None
    #: form -> mentions
    counts: tuple[tuple[str, int], ...] = ()
    documents: int = 0

    @property
    def id(self) -> str:
        """The entry id the row uses: the existing entry's with "-variants", else a slug of the canonical."""
        return f"{self.entry}-variants" if self.entry else slug(self.canonical)

    def to_entry(self) -> Entry:
        """The glossary entry this suggestion proposes."""
        files = "1 file" if self.documents == 1 else f"{self.documents} files"
        mentions = "1 mention" if self.count == 1 else f"{self.count} mentions"
        note = f"suggested by polish glossary suggest: {self.reason}; {mentions} in {files}"
        return Entry(
            id=self.id,
            canonical=self.canonical,
            variants=self.variants,
            kind=self.kind,
            status="decide",
            note=note,
        )

    def to_tsv_row(self) -> str:
        """One row in the native TSV format (``polish.glossary.model.COLUMNS`` order, no newline)."""
        from polish.glossary.tsv import format_row

        return format_row(self.to_entry())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "id": self.id, "canonical": self.canonical, "variants": list(self.variants), "kind": self.kind,
            "count": self.count, "counts": dict(self.counts), "documents": self.documents,
            "contexts": list(self.contexts), "score": self.score, "reason": self.reason, "entry": self.entry,
        }


def slug(text: str) -> str:
    """An ASCII id from a name: "Vadim Bogush" -> "vadim-bogush"."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return s or "entry"


def _singular(form: str) -> str:
    """``form`` as the glossary matcher compares it: case folded, a final plural "s" dropped."""
    low = form.casefold()
    return low[:-1] if low.endswith("s") else low


def _context(label: str, text: str, start: int, end: int) -> str:
    a, b = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    snippet = " ".join(text[a:b].split())
    return f"{label}: {'…' if a > 0 else ''}{snippet}{'…' if b < len(text) else ''}"


def suggest_entries(texts: Iterable[tuple[str, str]], glossary: Any = None) -> list[Suggestion]:
    """Likely new glossary entries in ``texts`` ((name, text) pairs), best first.

    ``glossary`` (a ``Glossary``, or None) supplies canonical forms to
    prefer and forms already settled. Texts are read one at a time; only
    counts, titles and a few contexts per form are kept.

    The score ranks what is most worth a translator's time: mentions of the
    forms that would change (variants) count fully, mentions of the
    suggested form a quarter, each further file half a point, and a
    suggestion that only extends an existing entry gets one point more
    (it is the quickest to settle).
    """
    known = KnownNames.from_glossary(glossary) if glossary is not None else KnownNames()
    counts: Counter = Counter()
    titles: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    contexts: dict[str, list[str]] = defaultdict(list)
    docs: dict[str, list[str]] = defaultdict(list)
    union = DisjointSets()
    given_name_docs: dict[frozenset[str], str] = {}
    for label, text in texts:
        mentions = extract_names(text)
        for m in mentions:
            counts[m.text] += 1
            kinds.setdefault(m.text, m.kind)
            if m.title:
                titles[m.text].add(m.title)
            if len(contexts[m.text]) < MAX_CONTEXTS:
                contexts[m.text].append(_context(label, text, m.start, m.end))
            if not docs[m.text] or docs[m.text][-1] != label:
                docs[m.text].append(label)
        # the same title holder named two ways only counts inside one article
        for g in group_variants(mentions, known, same_document=True):
            if g.reason == GIVEN_NAME:
                forms = [f for f in g.forms if counts[f]]
                for f in forms[1:]:
                    union.join(forms[0], f)
                given_name_docs.setdefault(frozenset(forms), label)

    spelling: set[str] = set()
    for g in group_variants(counts, known, same_document=False, titles=titles, kinds=kinds):
        spelling.update(g.forms)
        for f in g.forms[1:]:
            union.join(g.forms[0], f)

    members: dict[str, list[str]] = defaultdict(list)
    for f in list(union.parent):
        members[union.find(f)].append(f)
    entry_kinds = {e.id: e.kind for e in glossary.entries} if glossary is not None else {}
    out: list[Suggestion] = []
    for forms in members.values():
        out.append(_suggestion(forms, counts, kinds, titles, contexts, docs, known, given_name_docs, spelling,
                               entry_kinds))
    out = [s for s in out if s.variants]
    out.sort(key=lambda s: (-s.score, s.canonical))
    return out


def _suggestion(forms: list[str], counts: Counter, kinds: dict[str, str], titles: dict[str, set[str]],
                contexts: dict[str, list[str]], docs: dict[str, list[str]], known: KnownNames,
                given_name_docs: dict[frozenset[str], str], spelling: set[str],
                entry_kinds: dict[str, str]) -> Suggestion:
    canon_forms = [f for f in forms if known.is_canonical(f)]
    if canon_forms:
        canonical = max(canon_forms, key=lambda f: (counts[f], f))
        entry = known.entry(canonical)
    else:
        seen_forms = [f for f in forms if counts[f]]
        # a form some entry lists as a variant is known to be wrong: never the one to suggest
        open_forms = [f for f in seen_forms if known.entry(f) is None] or seen_forms
        canonical = max(open_forms, key=lambda f: preference(f, counts[f], len(titles[f])))
        entry = None
    # forms the entry already lists need no new row, nor forms the matcher already takes for
    # the canonical (it ignores case and a plural "s": "International Exchange" is no new spelling)
    variants = tuple(sorted((f for f in forms if f != canonical and counts[f] and not (entry and known.entry(f) == entry)
                             and _singular(f) != _singular(canonical)),
                            key=lambda f: (-counts[f], f)))
    seen = [canonical, *variants]
    files = {d for f in seen for d in docs.get(f, ())}
    total = sum(counts[f] for f in seen)
    minority = sum(counts[f] for f in variants)
    score = minority + 0.25 * counts[canonical] + 0.5 * max(0, len(files) - 1) + (1.0 if entry else 0.0)
    given_in = [label for fs, label in given_name_docs.items() if fs & set(seen)]
    kind = entry_kinds.get(entry or "") or kinds.get(canonical) or next((kinds[f] for f in seen if f in kinds), "term")
    noun = "one person" if kind == "person" else "one organisation"
    reasons = []
    if entry:
        reasons.append(f"spelling variants of the canonical form of entry {entry}")
    elif len(spelling & set(seen)) >= 2:
        reasons.append(f"spelling variants of {noun} (near-duplicates once transliteration is folded)")
    if given_in:
        reasons.append(f"one surname with two given names in one article ({given_in[0]})")
    reason = "; ".join(reasons)
    # examples of the variants first: they are what the translator must judge
    ctx: list[str] = []
    for f in [*variants, canonical]:
        for c in contexts.get(f, ()):
            if len(ctx) < MAX_CONTEXTS and c not in ctx:
                ctx.append(c)
    return Suggestion(
        canonical=canonical, variants=variants, kind=kind, count=total, contexts=tuple(ctx),
        score=round(score, 2), reason=reason, entry=entry,
        counts=tuple((f, counts[f]) for f in seen), documents=len(files),
    )
