"""Readability as editions show it, read defensively from ``result.data["readability"]``.

The readability stage may be switched off, or its data partial; an edition
renders whatever is there and says nothing about the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from polish.pipeline import Result

#: (key, label, higher is easier)
METRICS = (
    ("flesch_reading_ease", "Flesch reading ease", True),
    ("flesch_kincaid_grade", "Flesch–Kincaid grade", False),
    ("gunning_fog", "Gunning fog", False),
    ("smog_index", "SMOG", False),
)


@dataclass
class ScoreView:
    """Document and per-paragraph scores before and after, and the hardest sentences."""

    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    #: paragraph start offset (original text) -> scores
    para_before: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: paragraph start offset (output text) -> scores
    para_after: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: [{"start", "end", "text", "flesch_reading_ease", ...}] with offsets into the output
    hardest: list[dict[str, Any]] = field(default_factory=list)

    @property
    def present(self) -> bool:
        """Any score at all."""
        return bool(self.before or self.after or self.para_before or self.para_after)


def _plain(x: Any) -> Any:
    if hasattr(x, "to_dict"):
        try:
            return x.to_dict()
        except Exception:  # a partial object: render without it
            return None
    return x


def _flat(d: Any) -> dict[str, Any]:
    # Paragraph scores come flat ({"index", "start", ..., "flesch_reading_ease"})
    # or nested under "scores"; editions read both.
    d = _plain(d)
    if not isinstance(d, dict):
        return {}
    out = {k: v for k, v in d.items() if k != "scores"}
    nested = _plain(d.get("scores"))
    if isinstance(nested, dict):
        out.update(nested)
    return out


def _paragraphs(side: dict[str, Any]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for p in side.get("paragraphs") or []:
        p = _flat(p)
        if isinstance(p.get("start"), int):
            out[p["start"]] = p
    return out


def read_scores(result: "Result") -> ScoreView:
    """The readability data of ``result``, whatever of it exists."""
    raw = _plain((result.data or {}).get("readability"))
    if not isinstance(raw, dict):
        return ScoreView()
    before = _plain(raw.get("before")) or {}
    after = _plain(raw.get("after")) or {}
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    hardest = []
    text = result.text
    for h in raw.get("hardest") or []:
        h = _flat(h)
        s, e = h.get("start"), h.get("end")
        if not (isinstance(s, int) and isinstance(e, int)) or text[s:e] != h.get("text", text[s:e]):
            # offsets that do not fit the output: find the sentence by its text
            t = h.get("text") or ""
            s = text.find(t) if t else -1
            if s < 0:
                continue
            e = s + len(t)
        h["start"], h["end"] = s, e
        hardest.append(h)
    return ScoreView(
        before=_flat(before.get("document")),
        after=_flat(after.get("document")),
        para_before=_paragraphs(before),
        para_after=_paragraphs(after),
        hardest=hardest,
    )


def fre(d: dict[str, Any] | None) -> float | None:
    """Flesch reading ease from a scores dict, if it has one."""
    v = (d or {}).get("flesch_reading_ease")
    return float(v) if isinstance(v, (int, float)) else None


def level(v: float | None) -> str:
    """Difficulty band of a reading-ease score (for colours)."""
    if v is None:
        return "none"
    return "hard" if v < 30 else "mid" if v < 50 else "easy"
