"""Which glossary entries can feed another: their result may be part of another entry's form.

"Belorussian" -> "Belarusian" (entry belarusian) makes "Belarusian Academy of Sciences",
a variant of the academy's entry. The glossary stage runs again after a round only
when it applied such an entry, so that cleaning reaches a fixed point without a
second full pass over every document.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from polish.glossary.keys import form_keys

if TYPE_CHECKING:  # pragma: no cover
    from polish.glossary.model import Glossary


#: a word as may_chain reads the text (letters and digits; keys are lower case already)
_WORD = re.compile(r"[^\W_]+")


class Chain(NamedTuple):
    """What a next round needs near an entry's replacement to find anything."""

    #: characters to look on each side of the replacement
    reach: int
    #: per form the canonical stands in, the form's words the canonical does not hold, longest
    #: (rarest) first; a set holding another is left out, since the smaller one is met first
    needs: tuple[tuple[str, ...], ...]


def feeders(glossary: "Glossary") -> dict[str, Chain]:
    """Replacing entry id -> where its canonical form stands in other entries' forms.

    Forms are compared as the matcher keys them (case folded, hyphens and spaces
    alike), word by word: a canonical form whole inside another entry's form, or
    sharing two or more words with its start or end ("National Academy of Sciences
    of Belarus" and "Belarusian National Academy of Sciences"), can take part in a
    match of it. (An overlap of a single word is left out: short name words are
    shared by thousands of entries, and counting them would make nearly every
    entry a feeder. Such a chain then needs a second clean to finish.)
    """
    replacing = [e for e in glossary.entries if not e.needs_decision]
    canon = [tuple(k.split()) for k, _ in form_keys([e.canonical for e in replacing])]
    # Any overlap that counts holds two neighbouring words of the canonical form, or all of a
    # one-word form: indexed by those, a form's words meet only the canonicals they can match.
    single: dict[str, list[str]] = {}  # word -> ids of one-word canonicals
    pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], int, str]]] = {}  # (word j, word j+1) -> ...
    for e, words in zip(replacing, canon):
        if len(words) == 1:
            single.setdefault(words[0], []).append(e.id)
        for j in range(len(words) - 1):
            pairs.setdefault((words[j], words[j + 1]), []).append((words, j, e.id))
    forms: list[tuple[str, str]] = []  # (form, id of the entry it belongs to)
    for e in glossary.entries:
        # what a round can match: variants, and every form of an entry that only reports
        for f in (*e.variants, *((e.canonical, *e.admitted) if e.needs_decision else ())):
            forms.append((f, e.id))
    out: dict[str, set[str]] = {}
    for (_, owner), (key, _) in zip(forms, form_keys([f for f, _ in forms])):
        words = tuple(key.split())
        for i, w in enumerate(words):
            for eid in single.get(w, ()):
                if eid != owner or len(words) > 1:
                    out.setdefault(eid, set()).add(key)
            if i + 1 == len(words):
                continue
            for c, j, eid in pairs.get((w, words[i + 1]), ()):
                if eid == owner and len(c) == len(words) and i == j:
                    continue  # the entry's own canonical as a form of it: nothing to chain
                # canonical word j on form word i: where both have words they must agree
                # (an entry can feed itself: "Belarusian" + "National Academy of Sciences of
                # Belarus" holds its own variant "Belarusian National Academy of Sciences")
                lo, hi = max(-j, -i), min(len(c) - j, len(words) - i)
                if all(c[j + k] == words[i + k] for k in range(lo, hi)):
                    out.setdefault(eid, set()).add(key)
    # words as may_chain reads them from the text (an apostrophe splits one, a hyphen too)
    words_of = {e.id: set(_WORD.findall(" ".join(words))) for e, words in zip(replacing, canon)}
    chains = {}
    for eid, keys in out.items():
        sets = {frozenset(_WORD.findall(k)) - words_of[eid] for k in keys}
        least = [x for x in sets if not any(y < x for y in sets)]
        chains[eid] = Chain(2 * max(map(len, keys)) + 8,  # keys fold runs of separators: text is at least as long
                            tuple(sorted(tuple(sorted(x, key=lambda w: (-len(w), w))) for x in least)))
    return chains


def may_chain(low: str, start: int, end: int, chain: Chain) -> bool:
    """Whether a form an entry's replacement of [start, end) stands in can match around it.

    ``low`` is the text lower-cased (of the same length). A quick look that never
    misses what the next round would find: every word of such a form beyond the
    replacement's own must be nearby (looked for as substrings, which is looser
    than as words, and the text replaced is looked in too); the next round decides.
    """
    reach, needs = chain
    a, b = max(0, start - reach), end + reach
    # one scan for the first (rarest) word of every form: most replacements have none nearby
    if not needs or (needs[0] and _firsts(needs).search(low, a, b) is None):
        return bool(needs) and not needs[0]
    find = low.find
    # plain loops, not any(all(...)): the generators cost more than the few finds they make
    for need in needs:
        for w in need:
            if find(w, a, b) < 0:
                break
        else:
            return True
    return False


@lru_cache(maxsize=4096)
def _firsts(needs: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    """A regex finding the first word of any of ``needs`` (all of which have words)."""
    return re.compile("|".join(sorted({re.escape(need[0]) for need in needs}, key=len, reverse=True)))


#: Glossaries this large keep their feeders on disk (about 0.1 s to work out for 10,000 entries).
CACHE_MIN_ENTRIES = 2000


def cached_feeders(glossary: "Glossary") -> dict[str, Chain]:
    """``feeders(glossary)``, kept in the disk cache for large glossaries (keyed by their content and this code)."""
    if len(glossary.entries) < CACHE_MIN_ENTRIES:
        return feeders(glossary)
    from polish import diskcache
    from polish.glossary import keys
    from polish.glossary.matcher import glossary_hash

    key = (diskcache.source_stamp(Path(__file__), Path(keys.__file__)), glossary_hash(glossary))
    file = diskcache.file_for("chains", key)
    found = diskcache.load(file, key, lambda value: isinstance(value, dict)
                           and all(isinstance(c, Chain) for c in value.values()))
    if found is None:
        found = feeders(glossary)
        diskcache.store(file, key, found)
    return found
