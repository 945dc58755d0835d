"""Glossary lint: the mistakes that make a glossary rewrite text wrongly, found before a run.

Each problem is a ``LintMessage`` located at the file and line of the entry:

========================  ========  ===================================================
code                      severity  problem
========================  ========  ===================================================
unreadable                error     the file cannot be read (missing, not UTF-8, bad header)
format                    error     a row cannot be read (cell count, id, examples); the
                                    other rows are still checked
invalid-kind              error     ``kind`` is not one of ``KINDS``
invalid-status            error     ``status`` is not one of ``STATUSES``
duplicate-id              error     two entries of one file share an id
                          warning   an entry overrides one with the same id in a later file
variant-conflict          error     two entries claim the same variant (warning when one is
                                    limited to contexts)
variant-is-form           error     a variant is some entry's canonical or admitted form
form-conflict             warning   two entries share a canonical or admitted form (only the
                                    earlier one applies to it)
cycle                     error     rewrites go round: A -> B -> ... -> A
common-word               warning   a single-word variant is a common English word, and
                                    nothing limits it (see ``common_english``)
common-phrase             warning   a variant of several words is made only of common
                                    English words, and nothing limits it
short-variant             warning   a variant shorter than 3 characters
since-mark                error     the note's ``[since: YYYY]`` mark is malformed, repeated, names
                                    a year out of range or a form that is not a variant
                                    (``historical.problems``)
example-failed            error     an entry's example does not clean to its expected text
========================  ========  ===================================================
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from polish.glossary.model import KINDS, STATUSES, Entry, Glossary

SHORT_VARIANT = 3


@dataclass(frozen=True)
class LintMessage:
    """One problem found in a glossary."""

    path: str
    line: int
    severity: str  # "error" | "warning"
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The shipped list of common English words (lower case)."""
    text = resources.files("polish.data").joinpath("common-english-words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


#: The mark in an entry's ``note`` that accepts its variants made of common words, after a check
#: (the note says why they are never English where the glossary applies).
ACCEPT_COMMON = "[accept: common-words]"

_TOKEN_SPLIT = re.compile(r"[\s\-\u2010-\u2013/]+")
_POSSESSIVE = re.compile(r"['\u2019](?:s)?\Z")


def _words(variant: str) -> list[str]:
    """The lower-case words of a variant: split at spaces, hyphens and slashes, punctuation and 's trimmed."""
    out = []
    for tok in _TOKEN_SPLIT.split(variant.strip()):
        tok = _POSSESSIVE.sub("", tok.strip(".,;:!?()[]\"'\u201c\u201d\u2018")).lower()
        if tok:
            out.append(tok)
    return out


def common_english(entry: Entry, variant: str) -> str | None:
    """``"common-word"`` or ``"common-phrase"`` when ``variant`` would rewrite ordinary English unchecked, else None.

    A variant is risky when it is one common English word, or a phrase made only of
    common English words ("listing ceremony", "PhD tutor"), because the matcher
    replaces it wherever it stands. It is limited, and not reported, when:

    - the entry has ``context`` (it is replaced only inside those phrases);
    - one of the entry's ``exceptions`` contains the variant (the English uses to keep were listed);
    - the entry is a ``label`` without context (replaced only where it stands as a label);
    - the entry is case-sensitive and the variant has a capital (it matches that spelling only);
    - the entry's note carries ``ACCEPT_COMMON``: the words were checked and are never
      English where the glossary applies (the note says why).
    """
    words = _words(variant)
    common = common_words()
    if not words or not all(w in common for w in words):
        return None
    if entry.context or (entry.kind == "label") or (entry.case_sensitive and not variant.islower()):
        return None
    if ACCEPT_COMMON in entry.note:
        return None
    key = _key(variant)
    if any(key in _key(x) for x in entry.exceptions):
        return None
    return "common-word" if len(words) == 1 else "common-phrase"


def _where(entry: Entry, fallback: str) -> tuple[str, int]:
    return entry.origin if entry.origin else (fallback, 0)


@lru_cache(maxsize=65536)
def _key(form: str) -> str:
    """The matcher's case-folded key (spaces and hyphens folded the same way)."""
    from polish.glossary.keys import form_key

    return form_key(form)[0]


#: most bad rows reported per file before lint gives up on it
MAX_ROW_ERRORS = 100


def _row_code(problem: str) -> str:
    if problem.startswith("kind "):
        return "invalid-kind"
    if problem.startswith("status "):
        return "invalid-status"
    return "format"


def _load(item: str | os.PathLike[str] | Glossary, out: list[LintMessage]) -> tuple[str, Glossary | None]:
    """Read one file; a bad row is reported and left out so that the rest is still linted."""
    if isinstance(item, Glossary):
        return (item.sources[0] if item.sources else "<glossary>"), item
    from polish.glossary.tsv import GlossaryError, parse_tsv, read_tsv

    path = os.fspath(item)
    if os.path.splitext(path)[1].lower() in (".csv", ".tbx", ".xml"):
        from polish.glossary.loading import read_glossary

        try:
            return path, read_glossary(path)
        except GlossaryError as exc:
            out.append(LintMessage(exc.path, exc.line, "error", "unreadable", exc.problem))
            return path, None
    try:
        return path, read_tsv(path)
    except GlossaryError as exc:
        first = exc
    # read_tsv stops at the first problem: blank out each bad row (line numbers stay) and parse again
    try:
        with open(path, "rb") as fh:
            lines = fh.read().decode("utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        out.append(LintMessage(first.path, first.line, "error", "unreadable", first.problem))
        return path, None
    header = next((i + 1 for i, line in enumerate(lines)
                   if line.strip() and not line.lstrip().startswith("#")), 0)
    exc = first
    for _ in range(MAX_ROW_ERRORS):
        # no header line at all, or a problem outside the rows: blanking a row cannot help
        if not header or not (header < exc.line <= len(lines)):
            out.append(LintMessage(exc.path, exc.line, "error", "unreadable", exc.problem))
            return path, None
        out.append(LintMessage(exc.path, exc.line, "error", _row_code(exc.problem), exc.problem))
        lines[exc.line - 1] = ""
        try:
            return path, parse_tsv("\n".join(lines), path)
        except GlossaryError as again:
            exc = again
    out.append(LintMessage(path, exc.line, "error", "unreadable", f"more than {MAX_ROW_ERRORS} bad rows; stopped"))
    return path, None


def _check_file(path: str, glossary: Glossary, out: list[LintMessage]) -> None:
    seen: dict[str, Entry] = {}
    for e in glossary.entries:
        p, line = _where(e, path)
        if e.kind not in KINDS:
            out.append(LintMessage(p, line, "error", "invalid-kind",
                                   f"entry {e.id!r}: kind {e.kind!r} is not one of {', '.join(KINDS)}"))
        if e.status not in STATUSES:
            out.append(LintMessage(p, line, "error", "invalid-status",
                                   f"entry {e.id!r}: status {e.status!r} is not one of {', '.join(STATUSES)}"))
        if e.id in seen:
            first = _where(seen[e.id], path)
            out.append(LintMessage(p, line, "error", "duplicate-id",
                                   f"entry id {e.id!r} is already used at line {first[1]}"))
        else:
            seen[e.id] = e
        if "since" in e.note.lower():  # the mark's word: one substring test for the entries without it
            from polish.glossary.historical import problems

            out.extend(LintMessage(p, line, "error", "since-mark", f"entry {e.id!r}: {problem}")
                       for problem in problems(e))
        for v in e.variants:
            if len(v.strip()) < SHORT_VARIANT:
                out.append(LintMessage(p, line, "warning", "short-variant",
                                       f"entry {e.id!r}: variant {v!r} is shorter than {SHORT_VARIANT} characters "
                                       "and will match inside ordinary text"))
            elif (code := common_english(e, v)) == "common-word":
                out.append(LintMessage(p, line, "warning", code,
                                       f"entry {e.id!r}: variant {v!r} is a common English word; "
                                       "limit it with context or exceptions"))
            elif code == "common-phrase":
                out.append(LintMessage(p, line, "warning", code,
                                       f"entry {e.id!r}: variant {v!r} is made only of common English words; "
                                       "limit it with context or exceptions"))
    out.extend(example_failures(glossary, path))


def example_failures(glossary: Glossary, path: str = "<glossary>") -> list[LintMessage]:
    """One error per example that does not clean to its expected text with ``glossary``."""
    out: list[LintMessage] = []
    if not any(e.examples for e in glossary.entries):
        return out
    from polish.glossary.matcher import GlossaryMatcher, apply_text

    try:
        matcher = GlossaryMatcher(glossary)
    except Exception as exc:  # a glossary the matcher cannot build is an error to show, not a crash
        return [LintMessage(path, 0, "error", "example-failed", f"cannot build the matcher: {type(exc).__name__}: {exc}")]
    for e in glossary.entries:
        p, line = _where(e, path)
        for ex in e.examples:
            try:
                got = apply_text(ex.text, matcher)
            except Exception as exc:  # a broken entry must be reported, not crash the linter
                out.append(LintMessage(p, line, "error", "example-failed",
                                       f"entry {e.id!r}: example {ex.text!r} raised {type(exc).__name__}: {exc}"))
                continue
            if got != ex.expected:
                out.append(LintMessage(p, line, "error", "example-failed",
                                       f"entry {e.id!r}: example {ex.text!r}: expected {ex.expected!r}, got {got!r}"))
    return out


def _check_across(entries: list[Entry], fallback: str, out: list[LintMessage]) -> None:
    from polish.glossary.keys import form_key

    # index every canonical/admitted form by its folded key, so each variant is one dict look-up
    forms: dict[str, list[tuple[Entry, str, str, str]]] = {}
    for other in entries:
        for label, form in [("canonical", other.canonical)] + [("admitted", a) for a in other.admitted]:
            low, cased = form_key(form)
            if low:
                forms.setdefault(low, []).append((other, label, form, cased))
    claims: dict[str, list[tuple[Entry, str, str]]] = {}
    for e in entries:
        p, line = _where(e, fallback)
        for v in e.variants:
            low, cased = form_key(v)
            if not low:
                continue
            for other, label, form, form_cased in forms.get(low, ()):
                if other is e and label == "canonical" and v != form:
                    continue  # a casing (or hyphen/space) fix of the entry's own canonical form
                if e.case_sensitive and cased != form_cased:
                    continue
                what = f"its own {label} form" if other is e else f"the {label} form of entry {other.id!r}"
                severity = "warning" if e.context and other is not e else "error"
                out.append(LintMessage(p, line, severity, "variant-is-form", f"entry {e.id!r}: variant {v!r} is {what}"))
            for e0, v0, cased0 in claims.get(low, ()):
                if e0 is e or (e.case_sensitive and e0.case_sensitive and cased != cased0):
                    continue  # two case-sensitive variants that differ in case match different text
                first = _where(e0, fallback)
                # across files the earlier file wins by design (a user's glossary over the curated
                # ones): worth saying, not an error; within one file it is
                severity = "warning" if (e.context or e0.context or first[0] != p) else "error"
                out.append(LintMessage(p, line, severity, "variant-conflict",
                                       f"entry {e.id!r}: variant {v!r} is also claimed by entry {e0.id!r} "
                                       f"({first[0]}:{first[1]})"))
            claims.setdefault(low, []).append((e, v, cased))
    _check_shared_forms(entries, fallback, out)
    _check_cycles(entries, fallback, out)


def _check_shared_forms(entries: list[Entry], fallback: str, out: list[LintMessage]) -> None:
    """Canonical/admitted forms two entries share: the matcher applies only the earlier entry."""
    from polish.glossary.loading import find_conflicts

    for c in find_conflicts(entries):
        if c.form is None:
            continue
        key = _key(c.form)
        if any(_key(v) == key for v in (*c.entry.variants, *c.claimed_by.variants)):
            continue  # already reported as variant-conflict / variant-is-form
        p, line = _where(c.entry, fallback)
        first = _where(c.claimed_by, fallback)
        out.append(LintMessage(p, line, "warning", "form-conflict",
                               f"entry {c.entry.id!r}: form {c.form!r} is also a form of entry {c.claimed_by.id!r} "
                               f"({first[0]}:{first[1]}); only that entry applies to it"))


def _check_cycles(entries: list[Entry], fallback: str, out: list[LintMessage]) -> None:
    edges: dict[str, list[tuple[str, Entry]]] = {}
    for e in entries:
        if e.needs_decision:
            continue  # "decide" entries only report, so they cannot rewrite in a loop
        for v in e.variants:
            if _key(v) != _key(e.canonical):
                edges.setdefault(_key(v), []).append((_key(e.canonical), e))
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    stack: list[tuple[str, Entry | None]] = []

    def visit(node: str, via: Entry | None) -> None:
        state[node] = 1
        stack.append((node, via))
        for nxt, entry in edges.get(node, ()):
            if state.get(nxt) == 1:
                start = next(i for i, (n, _) in enumerate(stack) if n == nxt)
                loop = stack[start:] + [(nxt, entry)]
                key = frozenset(n for n, _ in loop)
                if key not in reported:
                    reported.add(key)
                    chain = " -> ".join(repr(n) for n, _ in loop)
                    ids = list(dict.fromkeys(x.id for _, x in loop[1:] if x is not None))
                    p, line = _where(entry, fallback)
                    out.append(LintMessage(p, line, "error", "cycle",
                                           f"rewrites go round in a circle: {chain} (entries {', '.join(ids)})"))
            elif nxt not in state:
                visit(nxt, entry)
        stack.pop()
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node, None)


def lint(glossaries: Iterable[str | os.PathLike[str] | Glossary]) -> list[LintMessage]:
    """Every problem in the given glossary files (or loaded glossaries), in precedence order."""
    out: list[LintMessage] = []
    effective: dict[str, Entry] = {}
    fallback = "<glossary>"
    read: list[str] = []
    for item in glossaries:
        path, glossary = _load(item, out)
        read.append(path)
        if glossary is None:
            continue
        fallback = path
        _check_file(path, glossary, out)
        for e in glossary.entries:
            if e.id in effective and _where(effective[e.id], path)[0] != _where(e, path)[0]:
                p, line = _where(e, path)
                first = _where(effective[e.id], path)
                out.append(LintMessage(p, line, "warning", "duplicate-id",
                                       f"entry {e.id!r} is overridden by the entry at {first[0]}:{first[1]}"))
            effective.setdefault(e.id, e)
    _check_across(list(effective.values()), fallback, out)
    # file by file (in the order given), line by line: the way an editor walks through them
    order = {p: i for i, p in enumerate(dict.fromkeys(read))}
    return sorted(out, key=lambda m: (order.get(m.path, len(order)), m.line))


def exit_code(messages: Iterable[LintMessage]) -> int:
    """2 when a file could not be read, 1 when there are errors, else 0 (warnings alone pass)."""
    messages = list(messages)
    if any(m.code == "unreadable" for m in messages):
        return 2
    return 1 if any(m.severity == "error" for m in messages) else 0
