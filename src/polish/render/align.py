"""Paragraph alignment of original and polished text, for side-by-side editions.

Every change knows its span in the original (``start``/``end``) and in the
output (``out_start``/``out_end``). Changes whose original spans overlap
(a glossary edit on top of a mechanics fix) are merged into clusters; outside
the clusters the two texts are copies of each other, shifted. That is enough
to map any output paragraph back onto the original paragraphs it came from,
without re-running anything, so an edition can be rendered from a ``Result``
alone.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from polish.disjoint import DisjointSets
from polish.model import Change, Finding, Paragraph, split_paragraphs

if TYPE_CHECKING:  # pragma: no cover
    from polish.pipeline import Result


@dataclass
class Row:
    """One line of an edition: original paragraph(s) on the left, polished on the right."""

    index: int
    left: list[Paragraph] = field(default_factory=list)
    right: list[Paragraph] = field(default_factory=list)
    #: changes drawn in this row (original or output span inside it), in order
    changes: list[Change] = field(default_factory=list)
    #: changes outside every paragraph (blank-line edits) attached to this row
    gap_changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        """The original paragraph(s) were taken out entirely (nothing on the right)."""
        return bool(self.left) and not self.right

    @property
    def added(self) -> bool:
        """Text that has no original paragraph (nothing on the left)."""
        return bool(self.right) and not self.left

    @property
    def translations(self) -> list[Change]:
        """Translation changes in this row."""
        return [c for c in self.changes if c.kind == "translate"]

    @property
    def left_span(self) -> tuple[int, int] | None:
        """Original span of the row."""
        return (self.left[0].start, self.left[-1].end) if self.left else None

    @property
    def right_span(self) -> tuple[int, int] | None:
        """Output span of the row."""
        return (self.right[0].start, self.right[-1].end) if self.right else None


@dataclass
class _Cluster:
    start: int
    end: int
    out_start: int
    out_end: int


def _clusters(changes: list[Change]) -> list[_Cluster]:
    # Changes with overlapping original spans replaced one region together;
    # zero-width insertions only join a cluster they fall strictly inside.
    # A later edit inside text an earlier one inserted shares its original
    # point but not its output span: overlapping output spans merge too.
    out: list[_Cluster] = []
    for c in sorted(changes, key=lambda c: (c.start, c.out_start, c.end)):
        last = out[-1] if out else None
        if last is not None and (
            (c.start < last.end and c.end > last.start) or (c.out_start < last.out_end and c.out_end > last.out_start)
        ):
            last.start = min(last.start, c.start)
            last.end = max(last.end, c.end)
            last.out_start = min(last.out_start, c.out_start)
            last.out_end = max(last.out_end, c.out_end)
        else:
            out.append(_Cluster(c.start, c.end, c.out_start, c.out_end))
    return out


class SpanMap:
    """Maps output positions back to the original, through the change clusters."""

    def __init__(self, changes: list[Change]) -> None:
        self._clusters = _clusters(changes)
        self._out_starts = [c.out_start for c in self._clusters]

    def _char(self, q: int) -> tuple[int, _Cluster | None]:
        # Original position of output character q, or the cluster that produced it.
        i = bisect.bisect_right(self._out_starts, q) - 1
        if i < 0:
            return q, None
        c = self._clusters[i]
        if c.out_start <= q < c.out_end:
            return c.start, c
        return c.end + (q - c.out_end), None

    def to_original(self, pos: int, side: str = "start") -> int:
        """Original position of output position ``pos`` (inside a change: its start or end)."""
        if side == "start":
            return self._char(pos)[0]
        if pos <= 0:
            return 0
        orig, cluster = self._char(pos - 1)
        return cluster.end if cluster is not None else orig + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of an output span."""
        a = self.to_original(start, "start")
        b = self.to_original(end, "end") if end > start else a
        return a, max(a, b)


def _overlaps(p: Paragraph, a: int, b: int) -> bool:
    if a == b:
        return p.start <= a <= p.end
    return p.start < b and a < p.end


def align(result: "Result") -> list[Row]:
    """Rows of aligned paragraphs for ``result`` (original text is ``result.doc.text``)."""
    original = result.doc.text
    left = split_paragraphs(original)
    right = split_paragraphs(result.text)
    smap = SpanMap(list(result.changes))

    # groups of left (0..L-1) and right (L..L+R-1) paragraphs
    sets = DisjointSets()
    every = range(len(left) + len(right))

    starts = [p.start for p in left]
    for j, rp in enumerate(right):
        a, b = smap.span(rp.start, rp.end)
        if b <= a:
            continue
        i = max(0, bisect.bisect_right(starts, a) - 1)
        while i < len(left) and left[i].start < b:
            if _overlaps(left[i], a, b):
                sets.join(len(left) + j, i)
            i += 1

    n_left = len(left)

    # Rows must read in order on both sides: a component takes in every
    # paragraph between its first and last one (a paragraph inserted inside
    # a split one), and two components that cross are one row.
    changed = True
    while changed:
        changed = False
        for members in sets.groups(every):
            for side in ([x for x in members if x < n_left], [x for x in members if x >= n_left]):
                if side:
                    for x in range(min(side), max(side) + 1):
                        changed |= sets.join(members[0], x)
        with_right = sorted((c for c in sets.groups(every) if c[-1] >= n_left), key=lambda c: min(x for x in c if x >= n_left))
        top, top_member = -1, None
        for c in with_right:
            ls = [x for x in c if x < n_left]
            if not ls:
                continue
            if top_member is not None and min(ls) < top:
                changed |= sets.join(top_member, c[0])
            if max(ls) > top:
                top, top_member = max(ls), c[0]

    comps = sets.groups(every)
    with_right = sorted((c for c in comps if c[-1] >= n_left), key=lambda c: min(x for x in c if x >= n_left))
    removed = sorted((c for c in comps if c[-1] < n_left), key=min)
    ordered: list[list[int]] = []
    k = 0
    for c in with_right:
        ls = [x for x in c if x < n_left]
        if ls:
            while k < len(removed) and min(removed[k]) < min(ls):
                ordered.append(removed[k])
                k += 1
        ordered.append(c)
    ordered += removed[k:]
    rows = [
        Row(index=n, left=[left[x] for x in sorted(c) if x < n_left], right=[right[x - n_left] for x in sorted(c) if x >= n_left])
        for n, c in enumerate(ordered)
    ]
    _attach(rows, list(result.changes), list(result.findings))
    return rows


class _ParaIndex:
    """Paragraphs (sorted, disjoint) of one side, each with its row, searchable by span."""

    def __init__(self, items: list[tuple[Paragraph, Row]]) -> None:
        self._items = sorted(items, key=lambda it: it[0].start)
        self._starts = [p.start for p, _ in self._items]

    def rows(self, a: int, b: int) -> list[Row]:
        """Rows whose paragraphs overlap ``[a, b)`` (or touch the point ``a`` when empty)."""
        i = (bisect.bisect_right(self._starts, a) if a == b else bisect.bisect_left(self._starts, b)) - 1
        out: list[Row] = []
        while i >= 0:
            p, row = self._items[i]
            if not _overlaps(p, a, b):
                break
            if not any(r is row for r in out):
                out.insert(0, row)
            i -= 1
        return out


def _attach(rows: list[Row], changes: list[Change], findings: list[Finding]) -> None:
    """Give each row the changes and findings that fall inside it."""
    if not rows:
        return
    left = _ParaIndex([(p, r) for r in rows for p in r.left])
    added = _ParaIndex([(p, r) for r in rows if r.added for p in r.right])
    ends = [(r.left[-1].end, r) for r in rows if r.left]
    for ch in changes:
        hit = left.rows(ch.start, ch.end) + added.rows(ch.out_start, ch.out_end)
        for row in sorted(hit, key=lambda r: r.index):
            row.changes.append(ch)
        if not hit:
            _nearest_row(rows, ends, ch.start).gap_changes.append(ch)
    for f in findings:
        placed = left.rows(f.start, f.end)
        (placed[0] if placed else _nearest_row(rows, ends, f.start)).findings.append(f)


def _nearest_row(rows: list[Row], ends: list[tuple[int, Row]], pos: int) -> Row:
    """The first row whose original text ends at or after ``pos`` (else the last row)."""
    i = bisect.bisect_left(ends, pos, key=lambda it: it[0])
    return ends[i][1] if i < len(ends) else rows[-1]


def row_of_change(rows: list[Row]) -> dict[str, int]:
    """Change id -> index of the first row that shows it."""
    out: dict[str, int] = {}
    for row in rows:
        for ch in [*row.changes, *row.gap_changes]:
            out.setdefault(ch.id, row.index)
    return out


def row_of_finding(rows: list[Row]) -> dict[str, int]:
    """Finding id (or its position when it has none) -> row index."""
    out: dict[str, int] = {}
    for row in rows:
        for f in row.findings:
            out.setdefault(finding_key(f), row.index)
    return out


def row_names(rows: list[Row], text: str) -> dict[int, str]:
    """Row index -> how an editor finds it: "line 7" of the input (as check and diff count), or ¶ for an added row."""
    from polish.model import LineIndex

    lines = LineIndex(text)
    return {row.index: f"line {lines.line(row.left[0].start)}" if row.left else f"¶{row.index + 1}" for row in rows}


def finding_key(f: Finding) -> str:
    """A stable key for a finding (its id, or rule and span when the pipeline gave none)."""
    return f.id or f"{f.rule}:{f.start}:{f.end}"


def get(obj: Any, key: str, default: Any = None) -> Any:
    """Read ``key`` from a dict or an object (stage data comes as either)."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)
