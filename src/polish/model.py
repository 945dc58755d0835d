"""The spine of polish: documents, the edits stages propose, and the changes they become.

A stage never mutates text. It looks at the text it was handed and returns
``Edit`` objects (offsets into *that* text) and ``Finding`` objects. The
pipeline applies the edits, keeps an ``OffsetMap`` from the current text back
to the original, and turns every applied edit into a ``Change`` whose span
points into the original input. Everything downstream (diff, editions,
report, review decisions) talks about ``Change`` and ``Finding`` only.
"""

from __future__ import annotations

import bisect
import hashlib
import operator
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

#: Edit kinds. ``remove`` is junk taken out of the article body, ``translate``
#: a fragment rendered into the target language, ``fix`` everything else.
KINDS = ("fix", "remove", "translate")


@dataclass(frozen=True, init=False)
class Edit:
    """A replacement a stage proposes, against the text that stage received."""

    start: int
    end: int
    replacement: str
    rule: str
    reason: str
    kind: str = "fix"
    entry: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def __init__(self, start: int, end: int, replacement: str, rule: str, reason: str, kind: str = "fix",
                 entry: str | None = None, meta: dict[str, Any] | None = None) -> None:
        # The frozen dataclass's own __init__ sets each field through object.__setattr__, two to
        # three times slower, and the stages propose thousands of edits per megabyte.
        self.__dict__.update(start=start, end=end, replacement=replacement, rule=rule, reason=reason,
                             kind=kind, entry=entry, meta={} if meta is None else meta)


@dataclass(frozen=True)
class Finding:
    """A problem reported but not fixed: something the editor must decide.

    ``start``/``end`` are offsets into the text the stage received; the
    pipeline rewrites them into original-input offsets before anyone sees them.
    """

    start: int
    end: int
    rule: str
    message: str
    suggestion: str | None = None
    severity: str = "warning"
    entry: str | None = None
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    # Filled in by the pipeline once the span is located in the original input.
    id: str = ""
    stage: str = ""
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return _plain(self)


def _plain(obj: Any) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every value; these records hold only
    # strings, numbers and a small meta dict, so a shallow copy is enough.
    d = dict(obj.__dict__)
    d["meta"] = dict(d["meta"])
    return d


@dataclass(frozen=True)
class Change:
    """An applied edit, located in the original input and in the output."""

    id: str
    stage: str
    rule: str
    kind: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    entry: str | None = None
    out_start: int = 0
    out_end: int = 0
    line: int = 1
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return _plain(self)


def change_id(rule: str, start: int, end: int, before: str, after: str) -> str:
    """Stable id for a change: same input, same glossary, same id (``before``: the input's text at the span)."""
    h = hashlib.blake2s(f"{rule}\x1f{start}\x1f{end}\x1f{before}\x1f{after}".encode(), digest_size=6)
    return "c" + h.hexdigest()


def finding_id(rule: str, start: int, end: int, message: str) -> str:
    """Stable id for a finding."""
    h = hashlib.blake2s(f"{rule}\x1f{start}\x1f{end}\x1f{message}".encode(), digest_size=6)
    return "f" + h.hexdigest()


@dataclass
class Paragraph:
    """One paragraph: a non-blank line of the text, with its span."""

    index: int
    start: int
    end: int
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs: each non-blank line is one.

    Scraped and machine-translated articles put one paragraph per line; a
    line-based unit keeps boilerplate removal, language detection and the
    side-by-side alignment in step with each other.
    """
    out: list[Paragraph] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if line.strip():
            out.append(Paragraph(len(out), pos, end, line))
        if nl < 0:
            break
        pos = nl + 1
    return out


def line_of(text: str, offset: int) -> int:
    """1-based line number of an offset."""
    return text.count("\n", 0, max(0, min(offset, len(text)))) + 1


class LineIndex:
    """Fast offset → line lookups for one text."""

    def __init__(self, text: str) -> None:
        starts = [0]
        i = text.find("\n")
        while i >= 0:  # str.find runs in C; a per-character loop was a hot spot on large files
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self._starts = starts

    def line(self, offset: int) -> int:
        """1-based line of ``offset``."""
        return bisect.bisect_right(self._starts, offset)

    def column(self, offset: int) -> int:
        """1-based column of ``offset``."""
        return offset - self._starts[self.line(offset) - 1] + 1


# --------------------------------------------------------------------------
# Offset maps
# --------------------------------------------------------------------------


class OffsetMap:
    """Maps positions in the current text back to the original input.

    The current text is a sequence of pieces; a piece is either copied from
    the original (offsets map one to one) or produced by an edit (any
    position inside maps to the whole original span it replaced). Pieces are
    kept as parallel lists (current start/end, original start/end, edited):
    every change and finding is located through this map, and plain lists
    are the cheapest thing to build and bisect.
    """

    def __init__(self, length: int) -> None:
        self._cs, self._ce, self._os, self._oe, self._ed = [0], [length], [0], [length], [False]

    def to_original(self, pos: int, side: str = "start") -> int:
        """Original offset of a current position (``side`` decides inside an edited piece)."""
        cs = self._cs
        i = bisect.bisect_right(cs, pos) - 1
        i = 0 if i < 0 else min(i, len(cs) - 1)
        # A position on a boundary belongs to the piece that starts there,
        # unless we are mapping the end of a span: then the piece ending there.
        if side == "end" and i > 0 and pos == cs[i]:
            i -= 1
        if self._ed[i]:
            a, b = cs[i], self._ce[i]
            if a == b:
                return self._os[i] if side == "start" else self._oe[i]
            if side == "start":
                return self._oe[i] if pos >= b else self._os[i]
            return self._os[i] if pos <= a else self._oe[i]
        return self._os[i] + (pos - cs[i])

    def kept_pieces(self) -> list[tuple[int, int, int, int]]:
        """(cur_start, cur_end, orig_start, orig_end) of every run copied unchanged from the original."""
        return [(a, b, c, d) for a, b, c, d, ed in zip(self._cs, self._ce, self._os, self._oe, self._ed)
                if not ed and b > a]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of a current span (``to_original`` of its start and of its end, in one call)."""
        cs, ce, os_, oe, ed = self._cs, self._ce, self._os, self._oe, self._ed
        if len(cs) == 1 and not os_[0] and not ed[0]:
            # positions are the input's (before the first stage that changes the text: most spans
            # the boilerplate stage locates, and many of the next stages')
            return start, max(start, end)
        # every change and finding is located here: the two lookups are written out
        i = bisect.bisect_right(cs, start) - 1
        if i < 0:
            i = 0
        if ed[i]:  # an edited piece (not empty): its start, or its end when ``start`` is past it
            a = oe[i] if start >= ce[i] > cs[i] else os_[i]
        else:
            a = os_[i] + (start - cs[i])
        if end <= start:
            return a, a
        # the end of a span on a boundary belongs to the piece ending there
        j = bisect.bisect_right(cs, end, i) - 1
        if j > 0 and end == cs[j]:
            j -= 1
        if ed[j]:
            b = os_[j] if end <= cs[j] < ce[j] else oe[j]
        else:
            b = os_[j] + (end - cs[j])
        return a, max(a, b)

    def apply(self, edits: Sequence[Edit], spans: Sequence[tuple[int, int]] | None = None) -> "OffsetMap":
        """Return the map after applying sorted, non-overlapping ``edits``.

        ``spans`` are the edits' original spans (``self.span`` of each), when
        the caller has already worked them out.
        """
        cs, ce, os_, oe, ed = self._cs, self._ce, self._os, self._oe, self._ed
        n_cs: list[int] = []
        n_ce: list[int] = []
        n_os: list[int] = []
        n_oe: list[int] = []
        n_ed: list[bool] = []
        # One sweep over the pieces, which only moves forward (the edits are sorted): this
        # runs once per stage that changes a document, and a call per piece was a measurable share.
        i = 0  # the first piece that may reach past ``last``
        last = 0  # where the text before the next edit starts (old positions)
        shift = 0  # new position minus old, after the edits so far
        end = ce[-1]
        for k in range(len(edits) + 1):
            e = edits[k] if k < len(edits) else None  # None: the text after the last edit
            stop = e.start if e is not None else end
            if stop > last:
                # the pieces over [last, stop), cut to it and moved by ``shift``
                while ce[i] <= last:
                    i += 1
                while i < len(cs) and cs[i] < stop:
                    lo = cs[i] if cs[i] > last else last
                    hi = ce[i] if ce[i] < stop else stop
                    n_cs.append(lo + shift)
                    n_ce.append(hi + shift)
                    if ed[i]:  # any position inside maps to the whole span it replaced
                        n_os.append(os_[i])
                        n_oe.append(oe[i])
                    else:
                        n_os.append(os_[i] + (lo - cs[i]))
                        n_oe.append(os_[i] + (hi - cs[i]))
                    n_ed.append(ed[i])
                    if ce[i] > stop:
                        break  # the piece goes on after the edit: the next stretch starts in it
                    i += 1
            if e is None:
                break
            length = len(e.replacement)
            # Zero-length pieces carry no position, so they are not kept: a
            # deletion simply leaves a jump in the original offsets.
            if length:
                o_start, o_end = spans[k] if spans is not None else self.span(e.start, e.end)
                n_cs.append(e.start + shift)
                n_ce.append(e.start + shift + length)
                n_os.append(o_start)
                n_oe.append(o_end)
                n_ed.append(True)
            shift += length - (e.end - e.start)
            last = e.end
        m = OffsetMap.__new__(OffsetMap)
        if n_cs:
            m._cs, m._ce, m._os, m._oe, m._ed = n_cs, n_ce, n_os, n_oe, n_ed
        else:
            m._cs, m._ce, m._os, m._oe, m._ed = [0], [0], [0], [0], [False]
        return m


_SPAN = operator.attrgetter("start", "end")


def resolve_overlaps(edits: Iterable[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Sort edits and keep the first of any overlapping group; return (kept, dropped).

    Two insertions at the same point, or an insertion inside a replaced
    span, also count as overlapping: the text must never get two edits at once.
    """
    kept: list[Edit] = []
    dropped: list[Edit] = []
    last_end = -1
    last_start = -1
    for e in sorted(edits, key=_SPAN):  # stable: of edits with one span, the first proposed stays
        if e.start < last_end or (e.start == last_start and e.start == e.end) or (e.start == last_end and e.start == e.end == last_start):
            dropped.append(e)
            continue
        kept.append(e)
        last_start, last_end = e.start, e.end
    return kept, dropped


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``."""
    parts: list[str] = []
    last = 0
    for e in edits:
        parts.append(text[last:e.start])
        parts.append(e.replacement)
        last = e.end
    parts.append(text[last:])
    return "".join(parts)


@dataclass
class Document:
    """The decoded text of one input and what polish learnt about it."""

    text: str
    path: str | None = None
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    normalized: list[str] = field(default_factory=list)
    #: each line's own end ("\r\n", "\n", "\r") when the file mixes them; empty when every line ends in ``newline``
    line_ends: tuple[str, ...] = field(default=(), repr=False)
    #: (size, mtime in ns) of the file when it was read: a rewrite in place checks nobody wrote it since
    stamp: tuple[int, int] | None = field(default=None, repr=False)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Paragraphs of the original text."""
        return split_paragraphs(self.text)
