"""Marked-up spans of one paragraph: which changes, findings and hard sentences cover which characters.

Both editions (HTML and Markdown) draw a paragraph as a run of segments;
each segment is a stretch of text covered by the same set of marks. Marks
may overlap (a finding inside a change, a glossary edit on a mechanics fix),
so the text is cut at every mark boundary instead of nesting tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mark:
    """Something to draw over ``[start, end)`` (absolute offsets); zero width is a point marker."""

    start: int
    end: int
    kind: str  # "change", "finding", "hard"
    ref: Any = None


@dataclass
class Segment:
    """A stretch of text (or a point, when ``text`` is empty) and the marks covering it."""

    start: int
    end: int
    text: str
    marks: list[Mark] = field(default_factory=list)
    #: marks that end here (footnote references go after them)
    closing: list[Mark] = field(default_factory=list)

    def of(self, kind: str) -> list[Mark]:
        """The covering marks of one kind."""
        return [m for m in self.marks if m.kind == kind]


def segments(text: str, base: int, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` (which starts at absolute offset ``base``) at every mark boundary."""
    end_abs = base + len(text)
    inside = [m for m in marks if m.end > base and m.start < end_abs and m.end > m.start]
    points = [m for m in marks if m.start == m.end and base <= m.start <= end_abs]
    cuts = {base, end_abs} | {p.start for p in points}
    for m in inside:
        cuts.add(max(base, m.start))
        cuts.add(min(end_abs, m.end))
    cuts_sorted = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(cuts_sorted, cuts_sorted[1:]):
        for p in points:
            if p.start == a:
                out.append(Segment(a, a, "", [p], [p]))
        cover = [m for m in inside if m.start <= a and m.end >= b]
        closing = [m for m in cover if min(end_abs, m.end) == b]
        out.append(Segment(a, b, text[a - base:b - base], cover, closing))
    for p in points:
        if p.start == end_abs and (len(cuts_sorted) > 1 or not out):
            out.append(Segment(end_abs, end_abs, "", [p], [p]))
    if not cuts_sorted[1:] and not out:
        out.append(Segment(base, base, "", [], []))
    return out


def visible(s: str) -> str:
    """Whitespace made visible, for changes that only touch spaces or line breaks (both editions)."""
    return s.replace("\n", "↵").replace("\t", "→").replace(" ", "·") if not s.strip() else s
