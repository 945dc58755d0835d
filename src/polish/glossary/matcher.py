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
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import chain, repeat
from operator import or_
from pathlib import Path
from typing import Any, NamedTuple, Union

from polish import diskcache
from polish.diskcache import cache_dir, gc_paused
from polish.glossary.keys import KeyText, fold_forms, form_key, is_word
from polish.glossary.model import Entry, Glossary

#: Bump when keys, records or checks change: it is part of the cache key.
MATCHER_VERSION = 10
KEEP, REPLACE, DECIDE = 0, 1, 2
#: kinds whose forms take the possessive but never a plural ending (people, bodies, places)
NAME_KINDS = frozenset({"person", "organisation", "place"})
#: ...and page labels, whose canonical forms ("Reviewed by", "Contact us") have no plural
SINGULAR_KINDS = NAME_KINDS | {"label"}
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

    An automaton value ``v < len(keys)`` leads to the one key ``keys[v]`` (the
    lowered key of form ``v``, record ``codes[v]``), the only key behind its
    prefix, which is the key's first ``PREFIX`` characters. A value
    ``len(keys) + g`` leads to group ``g``: forms ``members[start[g]:start[g + 1]]``,
    whose keys all begin with the ``plen[g]`` characters the automaton matched.
    Indexing keys by form saves the build a pass over every key; where forms share
    a key, one of them stands for it and its ``codes`` item is a tuple of records
    when several apply.
    """

    plen: list[int]
    start: list[int]
    members: list[int]
    scope: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]  # entry -> (context keys, exception keys)
    keys: list[str]
    codes: list                                                # per form: a record int, or a tuple of them
    count: int                                                 # distinct keys the automaton leads to


def _offsets(nvar: int, nforms: int, decide: bool) -> tuple[int, ...]:
    """The low bits (position << 2 | role) of the records of an entry with this many variants and forms."""
    first = DECIDE if decide else KEEP
    vrole = DECIDE if decide else REPLACE
    return tuple(pos << 2 | (first if pos == 0 else (vrole if pos <= nvar else KEEP)) for pos in range(nforms))


def _collect(glossary: Glossary) -> tuple[list[str], list[int], list[str], str, dict]:
    """(forms, their records, their lowered keys, their cased keys joined by newlines, scopes) of every applied entry.

    Entries whose id repeats an earlier one are skipped. Built in bulk, with
    one short step per entry; forms repeated within an entry and keys shared by
    several forms are settled later by ``_claim``, on the few keys concerned.
    """
    ids: set[str] = set()
    add_id = ids.add
    forms: list[str] = []
    offs: list[int] = []
    bases: list[int] = []
    lens: list[int] = []
    shapes: dict[tuple[int, int, bool], tuple[int, ...]] = {}
    scope: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for i, e in enumerate(glossary.entries):
        eid = e.id
        if eid in ids:
            continue
        add_id(eid)
        fs = (e.canonical, *e.variants, *e.admitted)
        shape = (len(e.variants), len(fs), e.status == "decide")
        o = shapes.get(shape)
        if o is None:
            o = shapes[shape] = _offsets(*shape)
        forms += fs
        offs += o
        bases.append(i << _ENTRY_SHIFT)
        lens.append(len(fs))
        if e.context or e.exceptions:
            scope[i] = (tuple(k for k in (form_key(p)[0] for p in e.context) if k),
                        tuple(k for k in (form_key(p)[0] for p in e.exceptions) if k))
    codes = list(map(or_, chain.from_iterable(map(repeat, bases, lens)), offs))
    lows, cased = fold_forms(forms)
    return forms, codes, lows, cased, scope


def _claim(js: list[int], forms: list[str], codes: list[int], cased: list[str], entries: list[Entry]) -> list[int]:
    """The records applied among forms ``js`` (in glossary order) that share one key.

    Claims follow ``loading.find_conflicts``: the first entry to list a key
    owns it, and a form repeated within an entry counts once.
    """
    claimed: list[int] = []
    claimed_cased: list[str] = []
    seen: set[tuple[int, str]] = set()
    for j in js:
        code = codes[j]
        i = code >> _ENTRY_SHIFT
        if (i, forms[j]) in seen:
            continue
        seen.add((i, forms[j]))
        sens = entries[i].case_sensitive
        for other, ocased in zip(claimed, claimed_cased):
            oi = other >> _ENTRY_SHIFT
            # Two case-sensitive forms that differ in case are different words (US / us).
            if oi != i and not (sens and entries[oi].case_sensitive and ocased != cased[j]):
                break
        else:
            claimed.append(code)
            claimed_cased.append(cased[j])
    return claimed


def _records(glossary: Glossary) -> tuple[dict[str, list[int]], dict[int, tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Every applied form of the glossary as record ints grouped by lowered key, and each entry's context/exceptions."""
    forms, codes, lows, cased, scope = _collect(glossary)
    at: dict[str, list[int]] = {}
    for j, low in enumerate(lows):
        if low:
            at.setdefault(low, []).append(j)
    cased_list = cased.split("\n")
    return {low: _claim(js, forms, codes, cased_list, glossary.entries) for low, js in at.items()}, scope


def glossary_hash(glossary: Glossary) -> str:
    """Content hash of what matching depends on (plus the matcher version)."""
    h = hashlib.blake2b(f"polish-matcher-{MATCHER_VERSION}".encode(), digest_size=16)
    sep = "\x1f"
    parts = [sep.join((
        e.id, e.canonical, "\x1d".join(e.variants), "\x1d".join(e.admitted), e.kind,
        "s" if e.case_sensitive else "i", "\x1d".join(e.context), "\x1d".join(e.exceptions), e.status,
    )) for e in glossary.entries]
    # one update of the whole gives the same digest as one update per entry, in a fraction of the time
    if parts:
        h.update(("\x1e".join(parts) + "\x1e").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


#: The automaton holds only a prefix of each key (at least PREFIX characters); a hit is
#: confirmed with ``str.startswith``. The tails after keys diverge are most of a trie's
#: nodes, so this cuts build time, cache size and load time several-fold at 100,000
#: entries, and every key occurrence is still found (its prefix occurs there too).
#: Prefixes shared by more than GROUP keys are lengthened, so a hit checks few keys.
PREFIX = 12
GROUP = 8


#: pyahocorasick looks a character up among a trie node's children in the order they were
#: added, and at the root that happens for nearly every character of the text. Adding these
#: first (as words removed again after) puts the frequent letters of English text first.
_SCAN_ORDER = "etaoinsrhldcumfpgwybvkxjqz"


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


def _split(prefix: str, keys: list[str]) -> dict[str, list[str]]:
    """Keys sharing ``prefix`` grouped under longer automaton words while more than GROUP share one."""
    out = {prefix: keys}
    pending = [(PREFIX, prefix)] if len(keys) > GROUP else []
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
    # No reference cycles are made here, and the collector's passes over the
    # hundreds of thousands of new objects cost as much as the build itself.
    with gc_paused():
        return _build_tables(glossary)


def _build_tables(glossary: Glossary):  # -> tuple[ahocorasick.Automaton, _Table]
    import ahocorasick

    forms, codes, lows, cased, scope = _collect(glossary)
    entries = glossary.entries
    groups: dict[str, object] = {}  # prefix -> the one form index behind it, or a list of them
    get = groups.get
    plen_max = PREFIX
    for j, key in enumerate(lows):
        p = key[:plen_max]
        b = get(p)
        if b is None:
            groups[p] = j
        elif b.__class__ is int:
            groups[p] = [b, j]
        else:
            b.append(j)  # type: ignore[attr-defined]
    groups.pop("", None)  # forms with nothing to match
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    add = auto.add_word
    for ch in _SCAN_ORDER:  # see _SCAN_ORDER; removed again below
        add(ch, -1)
    n = len(lows)
    plen: list[int] = []
    start: list[int] = [0]
    members: list[int] = []
    one_codes = codes[:]
    cased_list: list[str] | None = None
    count = 0
    for p, v in groups.items():
        if v.__class__ is int:
            add(p, v)
            count += 1
            continue
        group_keys = list(map(lows.__getitem__, v))  # type: ignore[call-overload]
        if len(v) <= GROUP and len(set(group_keys)) == len(v):  # type: ignore[arg-type]
            add(p, n + len(plen))
            plen.append(len(p))
            members += v  # type: ignore[arg-type]
            start.append(len(members))
            continue
        # Forms sharing a key: settle their claims (one form stands for the key, with a
        # tuple of records when several apply); then split a big group under longer words.
        by: dict[str, list[int]] = {}
        for j, key in zip(v, group_keys):  # type: ignore[call-overload]
            by.setdefault(key, []).append(j)
        for key, js in by.items():
            if len(js) > 1:
                if cased_list is None:
                    cased_list = cased.split("\n")
                cs = _claim(js, forms, codes, cased_list, entries)
                one_codes[js[0]] = cs[0] if len(cs) == 1 else tuple(cs)
        for word, keys in _split(p, list(by)).items():
            add(word, n + len(plen))
            plen.append(len(word))
            members += [by[k][0] for k in keys]
            start.append(len(members))
    count += len(members)
    for ch in _SCAN_ORDER:
        if auto.get(ch) == -1:
            auto.remove_word(ch)
    if count:
        auto.make_automaton()
    return auto, _Table(plen, start, members, scope, lows, one_codes, count)


def _load_cached(path: Path, digest: str):
    # A table pickled by another layout of the class (a development build with the
    # same version number) is rebuilt, not trusted: every field must be there.
    def valid(built: Any) -> bool:
        table = built[1] if isinstance(built, tuple) and len(built) == 2 else None
        return isinstance(table, _Table) and all(hasattr(table, f) for f in _Table.__annotations__)

    return diskcache.load(path, (MATCHER_VERSION, digest), valid)


def _store_cached(path: Path, digest: str, auto, table: _Table) -> None:
    diskcache.store(path, (MATCHER_VERSION, digest), (auto, table))


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
        self._forms: dict[int, tuple] = {}
        self._hits: list | None = None  # automaton value -> what its hits stand for (see _hit_info)

    @property
    def key_count(self) -> int:
        """How many distinct folded keys the automaton leads to."""
        return self._table.count

    def find(self, text: str) -> list[Match]:
        """Every replacement and every decision to report in ``text``, in text order, non-overlapping."""
        # The thousands of hit and candidate tuples make no cycles: spare them the collector.
        with gc_paused():
            return self._find(text)

    def _find(self, text: str) -> list[Match]:
        if not self._table.count or not text:
            return []
        kt = KeyText(text)
        checker = _Checker(kt, self.entries, self._table.scope, self._forms)
        return checker.select(checker.check_all(_live(self._spans(kt.low))))

    def _hit_info(self, v: int) -> tuple:
        """What a hit of automaton value ``v`` stands for, worked out on the value's first hit.

        (how far back from the hit's last character the keys start, then the
        first applied record as key to confirm or "" when the hit is the whole
        key, key length, record; then the other records as such triples, or
        None: most values stand for one record).
        """
        t = self._table
        n = len(t.keys)
        recs: list[tuple[str, int, int]] = []
        if v < n:  # the one key behind its prefix
            key = t.keys[v]
            back = min(len(key), PREFIX) - 1
            recs.append((key if len(key) > PREFIX else "", len(key), t.codes[v]))
        else:  # a group: keys sharing the plen characters the automaton matched
            g = v - n
            plen = t.plen[g]
            back = plen - 1
            for j in t.members[t.start[g]:t.start[g + 1]]:
                key = t.keys[j]
                codes = t.codes[j]
                for code in ((codes,) if codes.__class__ is int else codes):
                    recs.append((key if len(key) != plen else "", len(key), code))
        info = (back, *recs[0], tuple(recs[1:]) or None)
        self._hits[v] = info
        return info

    def _spans(self, low: str) -> list[tuple[int, int, int]]:
        """(start, end, record) in the key text of every key occurrence, one per applied record."""
        if self._hits is None:
            self._hits = [None] * (len(self._table.keys) + len(self._table.plen))
        hits = self._hits
        hit_info = self._hit_info
        startswith = low.startswith
        spans: list[tuple[int, int, int]] = []
        add = spans.append
        # Listing the hits first keeps the scan and the checks from evicting each other's data.
        for kend, v in list(self._auto.iter(low)):
            info = hits[v]
            if info is None:
                info = hit_info(v)
            back, key, klen, code, more = info
            ks = kend - back
            if not key or startswith(key, ks):
                add((ks, ks + klen, code))
            if more is not None:
                for key, klen, code in more:
                    if not key or startswith(key, ks):
                        add((ks, ks + klen, code))
        return spans


def _live(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The spans that can change the result: those of clusters holding a change or a decision.

    A cluster is a run of spans that overlap once each is widened by the
    longest suffix (two characters). Selection never carries across clusters
    (the next one starts after every match of the last could end), and a
    cluster of canonical and admitted forms alone selects only keeps, which
    are not output: its checks can be skipped. Most hits of a text that
    already uses the canonical names are such clusters. (``brute_force_find``
    checks every span without pruning, so the tests comparing the two cover this.)
    """
    spans.sort()
    out: list[tuple[int, int, int]] = []
    first = 0
    reach = -1
    live = False
    for k, (ks, ke, code) in enumerate(spans):
        if ks >= reach:  # a new cluster
            if live:
                out += spans[first:k]
            first, live = k, False
        if ke + 2 > reach:
            reach = ke + 2
        if code & 3:  # role not KEEP
            live = True
    if live:
        out += spans[first:]
    return out


def brute_force_find(text: str, glossary: Glossary) -> list[Match]:
    """Reference result: every occurrence of every form by plain search, same checks, same selection."""
    by_key, scope = _records(glossary)
    kt = KeyText(text)
    checker = _Checker(kt, glossary.entries, scope, {})
    spans: list[tuple[int, int, int]] = []
    low = kt.low
    for key, codes in by_key.items():
        pos = low.find(key)
        while pos >= 0:
            spans += [(pos, pos + len(key), code) for code in codes]
            pos = low.find(key, pos + 1)
    return checker.select(checker.check_all(spans, prune=False))


#: the ASCII characters ``is_word`` accepts
_WORD_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: characters after which a match always ends cleanly (no suffix, no word going on)
_CLEAN_AFTER = frozenset(" \n\t,.;:!?)]}\"»”")
#: a protected span (URL, e-mail, code, path, Windows path, bare domain) holds at least one of these
_PROTECT_HINT = re.compile(r"[:/@`\\]|www\.|\.(?:com|org|net|edu|gov|cn|by|ru|io|int|info)", re.IGNORECASE)
#: ``_PROTECT_HINT`` in two parts that scan a whole text fast: its single characters (found with
#: str.find) and its dotted branches as one regex beginning with the literal dot, which the
#: regex engine scans for fast ("www." is found at its dot; a hint is marked by that dot)
_CHAR_HINTS = ":/@`\\"
_DOT_HINT = re.compile(r"\.(?:com|org|net|edu|gov|cn|by|ru|io|int|info|(?<=www\.))", re.IGNORECASE)
_WINDOW_MAX = 4096


class _Checker:
    """The checks and the selection shared by the automaton and the brute-force reference."""

    def __init__(self, kt: KeyText, entries: list[Entry], scope: dict, forms: dict[int, tuple]) -> None:
        self.kt = kt
        self.forms = forms  # record -> what check needs of it (see _info), filled on demand
        self.text = kt.text
        self.n = len(kt.text)
        self.cased = kt.cased
        self.at = kt._at
        self.shift = kt._shift
        self.entries = entries
        self.scope = scope
        self.backticks = "`" in kt.text
        self._protected = None
        self._hints: list[int] | None = None  # see _hint_list
        #: ``check_all(spans)``: the candidate tuples of the (key start, key end, record) spans that count
        self.check_all = self._make_check_all()

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
        hints = self._hints if self._hints is not None else self._hint_list()
        if not hints:  # every protected span holds a hint (see _PROTECT_HINT): none in the text, none anywhere
            return False
        text = self.text
        if self.backticks:
            return self._whole_protected(s, e)
        a = text.rfind(" ", max(0, s - _WINDOW_MAX), s) + 1
        b = text.find(" ", e, e + _WINDOW_MAX)
        if b < 0:
            b = len(text) if e + _WINDOW_MAX >= len(text) else -1
        if (a == 0 and s >= _WINDOW_MAX) or b < 0:  # spaceless text (Chinese): scan it whole, once
            return self._whole_protected(s, e)
        k = bisect_left(hints, a)
        if k == len(hints) or hints[k] >= b:  # no hint in the window (see _hint_list)
            return False
        window = text[a:b]
        from polish.protect import PROTECTED_RE

        for m in PROTECTED_RE.finditer(window):
            if m.start() + a >= e:
                break
            if m.end() + a > s:
                return True
        return False

    def _hint_list(self) -> list[int]:
        """Where the text holds a ``_PROTECT_HINT``, in order (the dot, for "www." and ".com").

        Listed once per text (a few str.find scans and a regex that begins with
        a literal dot) instead of searching every window: no hint holds a space,
        so a window of whole space-delimited words holds a hint exactly when
        one of these positions lies in it.
        """
        text = self.text
        hints = [m.start() for m in _DOT_HINT.finditer(text)]
        for ch in _CHAR_HINTS:
            p = text.find(ch)
            while p >= 0:
                hints.append(p)
                p = text.find(ch, p + 1)
        hints.sort()
        self._hints = hints
        return hints

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

    def _info(self, code: int) -> tuple:
        """What ``check`` needs of a record: form, its cased key, entry index, role, case, plural, scope."""
        i = code >> _ENTRY_SHIFT
        entry = self.entries[i]
        form = entry_forms(entry)[(code >> 2) & _POS_MASK]
        f = self.forms[code] = (form, form_key(form)[1], i, code & 3, entry.case_sensitive,
                                entry.kind not in SINGULAR_KINDS, self.scope.get(i))
        return f

    def _make_check_all(self):
        """``check_all`` as a closure: a hit's checks read only local names, a measurable saving per hit."""
        forms_get = self.forms.get
        info = self._info
        text = self.text
        n = self.n
        cased_text = self.cased
        at = self.at
        shift = self.shift
        inside = self._inside
        is_protected = self._is_protected
        word_ascii = _WORD_ASCII
        clean_after = _CLEAN_AFTER

        def check_all(spans: list[tuple[int, int, int]], prune: bool = True) -> list[tuple]:
            """A candidate tuple for each key span [ks, ke) and record that counts there.

            With ``prune``, spans are taken by start, longest first: once a key
            counts at a start, a key there at least two characters shorter cannot
            win (even with a suffix of two) and is not checked. Those are most
            spans: "Belarus" in "Belarusian State University".
            """
            cands: list[tuple] = []
            add = cands.append
            if prune:
                spans.sort(reverse=True)
            shadow_ks = -1
            shadow_ke = 0
            for ks, ke, code in spans:
                if ks == shadow_ks and ke <= shadow_ke:
                    continue
                f = forms_get(code)
                if f is None:
                    f = info(code)
                form, cased, i, role, sensitive, plural, sc = f
                if sensitive and cased_text[ks:ke] != cased:
                    continue
                if at:  # KeyText.orig_span, inlined
                    k = bisect_right(at, ks)
                    s = ks + shift[k - 1] if k else ks
                    k = bisect_right(at, ke - 1)
                    e = ke + shift[k - 1] if k else ke
                else:
                    s, e = ks, ke
                if s:  # a match starts a word (is_word, with ASCII answered from a set)
                    c = text[s - 1]
                    if c in word_ascii or (c > "\x7f" and is_word(c)):
                        c = text[s]
                        if c in word_ascii or (c > "\x7f" and is_word(c)):
                            continue
                if e == n or text[e] in clean_after:
                    end = e
                else:
                    end = _suffix_end(text, e, plural)
                    if end is None:
                        continue
                if role == KEEP:
                    # a canonical form keeps text that spells it (in any case); "Double first class"
                    # only shares its key, and the variant that spells that should win
                    if text[s:e].lower() != form.lower():
                        continue
                else:
                    if sc is not None:
                        if sc[0] and not inside(sc[0], ks, ke):
                            continue
                        if sc[1] and inside(sc[1], ks, ke):
                            continue
                    if is_protected(s, end):
                        continue
                exact = 2 if text[s:e] == form else (1 if cased_text[ks:ke] == cased else 0)
                # sort key: leftmost, longest, least suffix (a form that spells out "Sciences" beats
                # "Science" + "s"), most exact, keep before change, earlier entry first
                add((s, -end, -e, -exact, role != KEEP, i, form, e, role))
                if prune:
                    shadow_ks = ks
                    shadow_ke = ke - 2
            return cands

        return check_all

    def select(self, cands: list[tuple]) -> list[Match]:
        """Leftmost-longest non-overlapping choice among valid candidates; keeps are dropped from the output."""
        cands.sort()
        out: list[Match] = []
        add = out.append
        new = tuple.__new__  # Match(...) without the generated __new__'s Python-level call
        entries = self.entries
        text = self.text
        last = 0
        for s, neg_end, _neg_e, _x, _k, idx, form, e, role in cands:
            if s < last:
                continue
            end = -neg_end
            last = end
            if role == KEEP:
                continue
            entry = entries[idx]
            matched = text[s:end]
            if role == DECIDE:
                add(new(Match, (s, end, entry, matched, None, "decide", form)))
                continue
            canonical = entry.canonical
            if canonical[:1].islower() and (sentence_start(text, s) or (matched[:1].isupper()
                                                                        and _NAME_GOES_ON.match(text, end))):
                # a sentence's first word, or the head of a name ("Cathedra of Higher Mathematics")
                canonical = canonical[0].upper() + canonical[1:]
            replacement = with_ending(canonical, text[e:end]) if end > e else canonical
            if matched[:1].isupper() and not entry.case_sensitive:  # (text in lower case says nothing)
                replacement = _in_case_of(matched, replacement, entry.canonical, text, s, end)
                if entry.kind == "person":
                    replacement = _capitals_kept(matched, replacement)
            if replacement != matched:
                add(new(Match, (s, end, entry, matched, replacement, "replace", form)))
        return out


def with_ending(canonical: str, ending: str) -> str:
    """``canonical`` with the possessive or plural ending its variant had in the text, as English spells it.

    "China-Europe freight trains" -> "China-Europe Railway Expresses", not "...Expresss";
    a canonical form that is plural already ("Notices", "Submissions") takes no second ending.
    """
    if ending[:1] in ("'", "\u2019"):
        return canonical + ending  # the possessive
    low = canonical.lower()
    upper = ending.isupper()
    if low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return canonical
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return canonical + ("ES" if upper else "es")
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiouy":
        return canonical[:-1] + ("IES" if upper else "ies")
    return canonical + ("S" if upper else "s")


#: words a title leaves in lower case ("Head of the Department")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "at", "on", "to", "a", "an"})
#: a capital after a small letter: a brand or an abbreviation's own casing (BelTA, SUSTech)
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def _capitals_line(text: str, start: int, end: int) -> bool:
    """Whether the line around [start, end) is written in capitals (a headline), not just the match."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    line = text[a:len(text) if b < 0 else b]
    return line.isupper() and len(line.split()) > 1


def _in_case_of(matched: str, replacement: str, canonical: str, text: str, start: int, end: int) -> str:
    """``replacement`` in the case the text wrote its variant in (at [start, end) of ``text``): a
    headline in capitals stays in capitals ("PRORECTOR" -> "VICE-RECTOR"), a title in title case
    ("Docent Olga Sidorova" -> "Associate Professor Olga Sidorova", "Head of the Chair" -> "Head of
    the Department").

    Capitals count when the match has several words or its line is in capitals too, and a canonical
    with a casing of its own (BelTA) keeps it. One capitalised word only says "title case" before a
    name: at a sentence's start it says nothing ("Magistracy students").
    """
    if matched.isupper() and not _INNER_CAPITAL.search(canonical) and (
            " " in matched or _capitals_line(text, start, end)):
        return replacement.upper()
    if " " not in replacement or not (replacement.islower() or replacement[1:].islower()):
        return replacement  # one word, or a casing of its own: nothing to title
    words = [w for w in matched.split() if w.lower() not in _SMALL_WORDS]
    titled = all(w[:1].isupper() for w in words) and (len(words) > 1 or _NAME_GOES_ON.match(text, end) is not None)
    if titled:
        return " ".join(w if w in _SMALL_WORDS and i else w[:1].upper() + w[1:]
                        for i, w in enumerate(replacement.split(" ")))
    return replacement


def _capitals_kept(matched: str, replacement: str) -> str:
    """A person's name in the house style it was written in: "WANG Jiayou" -> "WANG Jiayu".

    Chinese press offices write the surname in capitals; the entry corrects the spelling, not the
    style. Word for word, where the match and the replacement have as many words.
    """
    words = matched.split(" ")
    caps = [len(w) > 1 and w.isalpha() and w.isupper() for w in words]
    new = replacement.split(" ")
    if not any(caps) or all(caps) or len(new) != len(words):
        return replacement
    return " ".join(w.upper() if cap else w for w, cap in zip(new, caps))


#: After a capitalised match: the name goes on ("... of Higher Mathematics", "... Ivan Petrov").
_NAME_GOES_ON = re.compile(r"[ \t]+(?:(?:of|for|on)[ \t]+(?:the[ \t]+)?)?[A-Z]")


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
    """``text`` with every "replace" match applied as the glossary stage does, article included (decisions left as they
    are, and variants kept as names of their time: ``historical``)."""
    from polish.glossary import historical
    from polish.glossary.articles import with_article
    from polish.glossary.labels import applies_here

    m = glossary_or_matcher if isinstance(glossary_or_matcher, GlossaryMatcher) else GlossaryMatcher(glossary_or_matcher)
    parts: list[str] = []
    last = 0
    for x in m.find(text):
        if x.action != "replace":
            continue
        if not applies_here(x.entry, text, x.start, x.end):
            continue
        if historical.MARK_START in x.entry.note and historical.held(x, text) is not None:
            continue
        start, replacement = x.start, x.replacement or ""
        got = with_article(text, start, x.matched, replacement)
        if got is not None and got[0] >= last:
            start, replacement, _ = got
        parts.append(text[last:start])
        parts.append(replacement)
        last = x.end
    parts.append(text[last:])
    return "".join(parts)
