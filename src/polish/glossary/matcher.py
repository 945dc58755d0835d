"""Find every glossary form in a text in one pass, whatever the glossary's size.

How: one Aho–Corasick automaton (pyahocorasick) over the folded keys of every
form (``keys.py``; only a selective prefix of each key is in the automaton, the
rest is confirmed with ``startswith``) reports *all* key occurrences,
overlapping ones included; each is checked (word boundaries, case, plural/possessive suffix, context,
exceptions, protected spans); the survivors are reduced leftmost-longest.
Checking before selecting is what makes the result exact: with "new crown"
and "new crown pneumonia" on "new crown pneumoniae", the longer key fails
its boundary and must not hide the shorter one. ``brute_force_find`` is the
same check and selection over a plain search for every form, kept as the
reference the tests and the benchmark compare against.

Canonical and admitted forms are matched too, as "keep" candidates: they are
never rewritten and, being longer or more exact, they shield the text from
variants inside them. Built automata are cached on disk by glossary content.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Union

from polish.glossary.keys import KeyText, form_key, form_keys, is_word
from polish.glossary.model import Entry, Glossary

#: Bump when keys, records or checks change: it is part of the cache key.
MATCHER_VERSION = 7
KEEP, REPLACE, DECIDE = 0, 1, 2
#: kinds whose forms take the possessive but never a plural ending (people, bodies, places)
NAME_KINDS = frozenset({"person", "organisation", "place"})
_CACHE_KEEP = 16
#: glossaries with at least this many entries are cached on disk by default
DISK_CACHE_MIN = 200


class Match(NamedTuple):
    """One occurrence to act on: ``replacement`` for action "replace", None for "decide"."""

    start: int
    end: int
    entry: Entry
    matched: str
    replacement: str | None
    action: str  # "replace" | "decide"
    #: the glossary form that matched (a variant, or the canonical of an undecided entry)
    form: str = ""


# A record is one int: entry index << 18 | position of the form in ``entry_forms(entry)`` << 2 | role.
# Ints pickle and unpickle far faster than tuples of strings, which counts at 100,000 entries.
_ENTRY_SHIFT = 18
_POS_MASK = 0xFFFF


def entry_forms(e: Entry) -> tuple[str, ...]:
    """The forms of an entry in record order: canonical, variants, admitted."""
    return (e.canonical, *e.variants, *e.admitted)


@dataclass
class _Table:
    """What matching needs besides the automaton; pickled with it.

    Automaton value ``g`` leads to group ``g``: keys ``keys[start[g]:start[g + 1]]``,
    all beginning with the ``plen[g]`` characters the automaton matched.
    """

    plen: list[int]
    start: list[int]
    keys: list[str]
    codes: list                                                # per key: a record int, or a tuple of them
    scope: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]  # entry -> (context keys, exception keys)


def _records(glossary: Glossary) -> tuple[dict[str, list[int]], dict[int, tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Every applied form of the glossary as record ints grouped by lowered key, and each entry's context/exceptions.

    Claims follow ``loading.find_conflicts`` (earlier entries win, duplicate ids
    are skipped), computed here in the same pass since this runs on every cache miss.
    """
    ids: set[str] = set()
    codes: list[int] = []
    forms: list[str] = []
    scope: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    entries = glossary.entries
    for i, e in enumerate(entries):
        if e.id in ids:
            continue
        ids.add(e.id)
        decide = e.status == "decide"
        base = i << _ENTRY_SHIFT
        first = DECIDE if decide else KEEP
        vrole = DECIDE if decide else REPLACE
        nvar = len(e.variants)
        seen: set[str] = set()
        for pos, form in enumerate(entry_forms(e)):
            if not form or form in seen:
                continue
            seen.add(form)
            role = first if pos == 0 else (vrole if pos <= nvar else KEEP)
            codes.append(base | pos << 2 | role)
            forms.append(form)
        if e.context or e.exceptions:
            scope[i] = (tuple(k for k in (form_key(p)[0] for p in e.context) if k),
                        tuple(k for k in (form_key(p)[0] for p in e.exceptions) if k))
    by_key: dict[str, list[int]] = {}
    sens_cased: dict[int, str] = {}
    for code, (low, cased) in zip(codes, form_keys(forms)):
        if not low:
            continue
        i = code >> _ENTRY_SHIFT
        sens = entries[i].case_sensitive
        if sens:
            sens_cased[code] = cased
        claimed = by_key.get(low)
        if claimed is None:
            by_key[low] = [code]
            continue
        for other in claimed:
            j = other >> _ENTRY_SHIFT
            # Two case-sensitive forms that differ in case are different words (US / us).
            if j != i and not (sens and entries[j].case_sensitive and sens_cased[other] != cased):
                break
        else:
            claimed.append(code)
    return by_key, scope


def glossary_hash(glossary: Glossary) -> str:
    """Content hash of what matching depends on (plus the matcher version)."""
    h = hashlib.blake2b(f"polish-matcher-{MATCHER_VERSION}".encode(), digest_size=16)
    sep = "\x1f"
    for e in glossary.entries:
        h.update(sep.join((
            e.id, e.canonical, "\x1d".join(e.variants), "\x1d".join(e.admitted), e.kind,
            "s" if e.case_sensitive else "i", "\x1d".join(e.context), "\x1d".join(e.exceptions), e.status,
        )).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
    return h.hexdigest()


def cache_dir() -> Path:
    """Where built automata are kept: $POLISH_CACHE_DIR, else $XDG_CACHE_HOME/polish, else ~/.cache/polish."""
    env = os.environ.get("POLISH_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "polish"


#: The automaton holds only a prefix of each key (at least PREFIX characters); a hit is
#: confirmed with ``str.startswith``. The tails after keys diverge are most of a trie's
#: nodes, so this cuts build time, cache size and load time several-fold at 100,000
#: entries, and every key occurrence is still found (its prefix occurs there too).
#: Prefixes shared by more than GROUP keys are lengthened, so a hit checks few keys.
PREFIX = 12
GROUP = 8


def _bucket(keys, plen: int) -> dict[str, list[str]]:
    buckets: dict[str, list[str]] = {}
    for key in keys:
        p = key[:plen]
        b = buckets.get(p)
        if b is None:
            buckets[p] = [key]
        else:
            b.append(key)
    return buckets


def _prefix_groups(by_key: dict[str, list[int]]) -> dict[str, list[str]]:
    """Keys grouped under the automaton word (a prefix of each) that leads to them."""
    out = _bucket(by_key, PREFIX)
    pending = [(PREFIX, p) for p, b in out.items() if len(b) > GROUP]
    while pending:
        plen, prefix = pending.pop()
        bucket = out[prefix]
        if max(map(len, bucket)) <= plen:
            continue  # all the same key length as the prefix: nothing left to split on
        del out[prefix]
        for p, b in _bucket(bucket, plen + 4).items():
            if p in out:  # the key equal to a shorter prefix: same automaton word
                out[p].extend(b)
            else:
                out[p] = b
                if len(b) > GROUP:
                    pending.append((plen + 4, p))
    return out


def _build(glossary: Glossary):  # -> tuple[ahocorasick.Automaton, _Table]
    """The automaton over key prefixes and the table of keys and records behind each prefix."""
    import ahocorasick

    by_key, scope = _records(glossary)
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    plen: list[int] = []
    start: list[int] = []
    keys: list[str] = []
    for prefix, members in _prefix_groups(by_key).items():
        auto.add_word(prefix, len(plen))
        plen.append(len(prefix))
        start.append(len(keys))
        keys += members
    start.append(len(keys))
    codes = [c[0] if len(c) == 1 else tuple(c) for c in map(by_key.__getitem__, keys)]
    if plen:
        auto.make_automaton()
    return auto, _Table(plen, start, keys, codes, scope)


def _load_cached(path: Path, digest: str):
    try:
        with open(path, "rb") as fh:
            version, stored, auto, table = pickle.load(fh)
        if version != MATCHER_VERSION or stored != digest or not isinstance(table, _Table):
            return None
        return auto, table
    except Exception:  # a truncated or foreign file is simply rebuilt
        return None


def _store_cached(path: Path, digest: str, auto, table: _Table) -> None:
    from polish.reading import atomic_write_bytes

    try:
        atomic_write_bytes(path, pickle.dumps((MATCHER_VERSION, digest, auto, table), protocol=pickle.HIGHEST_PROTOCOL))
        olds = sorted(path.parent.glob("glossary-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[_CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only or full cache only costs speed
        pass


_MEMORY: dict[str, tuple] = {}


class GlossaryMatcher:
    """A glossary compiled for matching; ``find(text)`` lists what to replace and what to report."""

    def __init__(self, glossary: Glossary, cache: bool | None = None,
                 cache_path: str | os.PathLike[str] | None = None) -> None:
        """Compile ``glossary``; ``cache`` None keeps small glossaries in memory only, True also on disk, False nowhere."""
        self.glossary = glossary
        self.entries = glossary.entries
        self.digest = glossary_hash(glossary)
        #: where the automaton came from: "memory", "disk" or "built"
        self.source = "built"
        memory = cache is not False
        # A small glossary builds faster than its cache file loads.
        disk = cache is True or (cache is None and len(glossary.entries) >= DISK_CACHE_MIN)
        built = _MEMORY.get(self.digest) if memory else None
        if built is not None:
            self.source = "memory"
        else:
            file = (Path(cache_path) if cache_path is not None else cache_dir()) / f"glossary-{self.digest}.pkl"
            if disk:
                built = _load_cached(file, self.digest)
                if built is not None:
                    self.source = "disk"
            if built is None:
                built = _build(glossary)
                if disk:
                    _store_cached(file, self.digest, *built)
            if memory:
                if len(_MEMORY) >= 4:
                    _MEMORY.clear()
                _MEMORY[self.digest] = built
        self._auto, self._table = built
        self._forms: dict[int, tuple[str, str]] = {}

    @property
    def key_count(self) -> int:
        """How many distinct folded keys the automaton leads to."""
        return len(self._table.keys)

    def find(self, text: str) -> list[Match]:
        """Every replacement and every decision to report in ``text``, in text order, non-overlapping."""
        t = self._table
        if not t.keys or not text:
            return []
        kt = KeyText(text)
        low = kt.low
        startswith = low.startswith
        plens, starts, keys, codes = t.plen, t.start, t.keys, t.codes
        checker = _Checker(kt, self.entries, t.scope, self._forms)
        cands: list[tuple] = []
        add = cands.append
        check = checker.check
        for kend, g in self._auto.iter(low):
            plen = plens[g]
            ks = kend + 1 - plen
            for k in range(starts[g], starts[g + 1]):
                key = keys[k]
                klen = len(key)
                if klen != plen and not startswith(key, ks):
                    continue
                code = codes[k]
                if code.__class__ is int:
                    c = check(ks, ks + klen, code)
                    if c is not None:
                        add(c)
                else:
                    for one in code:
                        c = check(ks, ks + klen, one)
                        if c is not None:
                            add(c)
        return checker.select(cands)


def brute_force_find(text: str, glossary: Glossary) -> list[Match]:
    """Reference result: every occurrence of every form by plain search, same checks, same selection."""
    by_key, scope = _records(glossary)
    kt = KeyText(text)
    checker = _Checker(kt, glossary.entries, scope, {})
    cands: list[tuple] = []
    low = kt.low
    for key, codes in by_key.items():
        pos = low.find(key)
        while pos >= 0:
            for code in codes:
                c = checker.check(pos, pos + len(key), code)
                if c is not None:
                    cands.append(c)
            pos = low.find(key, pos + 1)
    return checker.select(cands)


#: characters after which a match always ends cleanly (no suffix, no word going on)
_CLEAN_AFTER = frozenset(" \n\t,.;:!?)]}\"»”")
#: a protected span (URL, e-mail, code, path, bare domain) holds at least one of these
_PROTECT_HINT = re.compile(r"[:/@`]|www\.|\.(?:com|org|net|edu|gov|cn|by|ru|io|int|info)", re.IGNORECASE)
_WINDOW_MAX = 4096


class _Checker:
    """The checks and the selection shared by the automaton and the brute-force reference."""

    def __init__(self, kt: KeyText, entries: list[Entry], scope: dict, forms: dict[int, tuple[str, str]]) -> None:
        self.kt = kt
        self.forms = forms  # record -> (form as written, folded cased form), filled on demand
        self.text = kt.text
        self.cased = kt.cased
        self.shifted = bool(kt._at)
        self.entries = entries
        self.scope = scope
        self.backticks = "`" in kt.text
        self._protected = None

    def _whole_protected(self, s: int, e: int) -> bool:
        if self._protected is None:
            from polish.protect import Protected

            self._protected = Protected(self.text)
        return self._protected.overlaps(s, e)

    def _is_protected(self, s: int, e: int) -> bool:
        """Same answer as ``Protected(text).overlaps(s, e)``, looking only at the words around the span.

        Scanning a whole 5 MB text for URLs costs more than all the matching.
        No protected span crosses a space (inline code aside: a text with a
        backtick is scanned whole), so the regex finds the same spans in the
        space-delimited window around [s, e) as in the whole text.
        """
        text = self.text
        if self.backticks:
            return self._whole_protected(s, e)
        a = text.rfind(" ", max(0, s - _WINDOW_MAX), s) + 1
        b = text.find(" ", e, e + _WINDOW_MAX)
        if b < 0:
            b = len(text) if e + _WINDOW_MAX >= len(text) else -1
        if (a == 0 and s >= _WINDOW_MAX) or b < 0:  # spaceless text (Chinese): scan it whole, once
            return self._whole_protected(s, e)
        window = text[a:b]
        if _PROTECT_HINT.search(window) is None:
            return False
        from polish.protect import PROTECTED_RE

        for m in PROTECTED_RE.finditer(window):
            if m.start() + a >= e:
                break
            if m.end() + a > s:
                return True
        return False

    def _inside(self, keys: tuple[str, ...], ks: int, ke: int) -> bool:
        """True when key span [ks, ke) lies inside an occurrence of one of ``keys``."""
        low = self.kt.low
        for k in keys:
            pos = low.find(k, max(0, ke - len(k)), ks + len(k))
            while pos >= 0:
                if pos <= ks and pos + len(k) >= ke:
                    return True
                pos = low.find(k, pos + 1, ks + len(k))
        return False

    def _form(self, code: int) -> tuple[str, str]:
        f = self.forms.get(code)
        if f is None:
            form = entry_forms(self.entries[code >> _ENTRY_SHIFT])[(code >> 2) & _POS_MASK]
            f = self.forms[code] = (form, form_key(form)[1])
        return f

    def check(self, ks: int, ke: int, code: int):
        """A candidate tuple for key span [ks, ke) and one record, or None when it does not count."""
        i = code >> _ENTRY_SHIFT
        entry = self.entries[i]
        form, cased = self._form(code)
        if entry.case_sensitive and self.cased[ks:ke] != cased:
            return None
        if self.shifted:
            s, e = self.kt.orig_span(ks, ke)
        else:
            s, e = ks, ke
        text = self.text
        if s and is_word(text[s - 1]) and is_word(text[s]):
            return None
        if e == len(text) or text[e] in _CLEAN_AFTER:
            end = e
        else:
            end = _suffix_end(text, e, entry.kind not in NAME_KINDS)
            if end is None:
                return None
        role = code & 3
        if role != KEEP:
            sc = self.scope.get(i)
            if sc is not None:
                if sc[0] and not self._inside(sc[0], ks, ke):
                    return None
                if sc[1] and self._inside(sc[1], ks, ke):
                    return None
            if self._is_protected(s, end):
                return None
        exact = 2 if text[s:e] == form else (1 if self.cased[ks:ke] == cased else 0)
        # sort key: leftmost, longest, least suffix (a form that spells out "Sciences" beats
        # "Science" + "s"), most exact, keep before change, earlier entry first
        return (s, -end, -e, -exact, role != KEEP, i, form, e, role)

    def select(self, cands: list[tuple]) -> list[Match]:
        """Leftmost-longest non-overlapping choice among valid candidates; keeps are dropped from the output."""
        cands.sort()
        out: list[Match] = []
        text = self.text
        last = 0
        for s, neg_end, _neg_e, _x, _k, idx, form, e, role in cands:
            if s < last:
                continue
            end = -neg_end
            last = end
            if role == KEEP:
                continue
            entry = self.entries[idx]
            matched = text[s:end]
            if role == DECIDE:
                out.append(Match(s, end, entry, matched, None, "decide", form))
                continue
            canonical = entry.canonical
            if canonical[:1].islower() and sentence_start(text, s):
                canonical = canonical[0].upper() + canonical[1:]
            replacement = canonical + text[e:end]
            if replacement != matched:
                out.append(Match(s, end, entry, matched, replacement, "replace", form))
        return out


def _suffix_end(text: str, e: int, plural: bool) -> int | None:
    """End of a match ending at ``e`` with its possessive/plural suffix, or None if a word goes on."""
    n = len(text)
    if e >= n:
        return e
    c = text[e]
    if c in "'\u2019" and e + 2 <= n and text[e + 1:e + 2] in ("s", "S") and (e + 2 == n or not is_word(text[e + 2])):
        return e + 2
    if not is_word(c) or not is_word(text[e - 1]):
        return e
    if plural:
        if c in "sS" and (e + 1 == n or not is_word(text[e + 1])):
            return e + 1
        if c in "eE" and text[e + 1:e + 2] in ("s", "S") and (e + 2 == n or not is_word(text[e + 2])):
            return e + 2
    return None


def sentence_start(text: str, pos: int) -> bool:
    """True when ``pos`` begins the text, a line, or a sentence (after . ! ? and spaces)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] == "\n":
        return True
    if text[i] in "。！？":
        return True
    return text[i] in ".!?" and i < pos - 1


def apply_text(text: str, glossary_or_matcher: Union[Glossary, GlossaryMatcher]) -> str:
    """``text`` with every "replace" match applied (decisions left as they are)."""
    m = glossary_or_matcher if isinstance(glossary_or_matcher, GlossaryMatcher) else GlossaryMatcher(glossary_or_matcher)
    parts: list[str] = []
    last = 0
    for x in m.find(text):
        if x.action != "replace":
            continue
        parts.append(text[last:x.start])
        parts.append(x.replacement or "")
        last = x.end
    parts.append(text[last:])
    return "".join(parts)
