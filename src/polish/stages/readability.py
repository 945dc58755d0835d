"""Readability before and after cleaning: document, paragraphs, hardest sentences.

The stage runs last and makes no edits. "before" scores the original input
(``ctx.doc.text``), "after" the text it receives, which is the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from polish.model import Paragraph, split_paragraphs
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config
    from polish.readability import HardSentence, Scores


@dataclass
class ParagraphScores:
    """One paragraph's scores, located in the text that was scored."""

    index: int
    start: int
    end: int
    scores: "Scores"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"index": self.index, "start": self.start, "end": self.end, **self.scores.to_dict()}


@dataclass
class TextScores:
    """A whole text's scores and each of its paragraphs'."""

    document: "Scores"
    paragraphs: list[ParagraphScores] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"document": self.document.to_dict(), "paragraphs": [p.to_dict() for p in self.paragraphs]}


@dataclass
class ReadabilityData:
    """What the readability stage leaves in ``ctx.data["readability"]``."""

    before: TextScores
    after: TextScores
    hardest: list["HardSentence"] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "hardest": [h.to_dict() for h in self.hardest],
        }


def _dominant(scripts: dict[str, float] | None) -> str | None:
    return max(scripts, key=scripts.__getitem__) if scripts else None


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _dominant_script(text: str) -> str | None:
    """``_dominant(script_counts(text))``, short-cut for ASCII text with letters.

    Every ASCII letter is Latin, so such text is all Latin; counting the
    scripts takes six regex passes per paragraph, the costliest part of the
    alignment, and most news paragraphs in English are plain ASCII.
    """
    if text.isascii() and _ASCII_LETTER.search(text):
        return "latin"
    from polish.langid import script_counts

    return _dominant(script_counts(text))


def _span_fields(sp: Any) -> tuple[Any, Any, Any, Any]:
    """``(lang, start, end, scripts)`` of a language span, an object or its dict form."""
    if isinstance(sp, dict):
        return sp.get("lang"), sp.get("start"), sp.get("end"), sp.get("scripts")
    return getattr(sp, "lang", None), getattr(sp, "start", None), getattr(sp, "end", None), getattr(sp, "scripts", None)


def _language_by_text(ctx: Context, paras: list[Paragraph], default: str) -> dict[str, str]:
    """Paragraph text -> language, from the language stage's data when present.

    The language stage's spans point into the text *it* received, which may
    already lack boilerplate lines, so they are aligned with the original's
    paragraphs in order, by length and dominant script; keying the result by
    paragraph text then serves both the original and the cleaned text
    (a translated paragraph matches nothing and reads as the target).
    Empty when no span is in a language other than ``default``: every
    paragraph then reads as ``default`` anyway (see ``_score``).
    """
    data = ctx.data.get("language")
    spans = getattr(data, "paragraphs", None)
    if spans is None and isinstance(data, dict):
        spans = data.get("paragraphs")
    if not spans:
        return {}
    from polish.langid import UNDETERMINED

    # The usual all-English document: aligning it (a script count per
    # paragraph) would only map every paragraph to ``default``.
    same = (default, UNDETERMINED, None, "")
    if all((sp.get("lang") if isinstance(sp, dict) else getattr(sp, "lang", None)) in same for sp in spans):
        return {}
    out: dict[str, str] = {}
    j = 0
    for sp in spans:
        lang, start, end, scripts = _span_fields(sp)
        if start is None or end is None:
            continue
        want = _dominant(scripts)
        # A removed paragraph of the same length and script could take the
        # match; looking only a few paragraphs ahead keeps that rare and local.
        for k in range(j, min(j + 8, len(paras))):
            p = paras[k]
            if p.end - p.start == end - start and (want is None or _dominant_script(p.text) == want):
                if lang and lang != UNDETERMINED:
                    out.setdefault(p.text.strip(), str(lang))
                j = k + 1
                break
    return out


def _score(text: str, paras: list[Paragraph], langs: dict[str, str], default: str) -> TextScores:
    from polish.readability import score_parts

    # When every paragraph the language stage saw is in ``default`` (the
    # usual case), each paragraph's language is ``default``: no look-ups.
    mixed = any(lg != default for lg in langs.values())
    para_langs = [langs.get(p.text.strip(), default) for p in paras] if mixed else None
    # The document is scored in the target language: mixed-language originals
    # are exactly what polish cleans, and per-paragraph scores show the mix.
    # It is summed from the paragraphs' counts rather than re-read whole.
    doc, per = score_parts(text, paras, para_langs, default)
    return TextScores(doc, [ParagraphScores(p.index, p.start, p.end, s) for p, s in zip(paras, per)])


class ReadabilityStage:
    """Scores only: no edits, no findings."""

    name = "readability"

    def __init__(self, config: "Config") -> None:
        self.config = config

    def rule_ids(self) -> list[str]:
        """No rule ids: readability only measures."""
        return []

    def prepare(self) -> None:
        """Load textstat and the target language's dictionary before any worker forks."""
        from polish.readability import prepare

        prepare(self.config.target)

    def run(self, text: str, ctx: Context) -> StageResult:
        """Score the original and the cleaned text."""
        from polish.readability import hardest_sentences

        target = self.config.target
        paras = ctx.doc.paragraphs  # a property that splits the text on every call
        langs = _language_by_text(ctx, paras, target)
        before = _score(ctx.doc.text, paras, langs, target)
        # First: it counts every sentence of the cleaned text, and scoring
        # the cleaned text's paragraphs then adds those counts up.
        hardest = hardest_sentences(text, 3, target)
        after = _score(text, split_paragraphs(text), langs, target)
        return StageResult(data=ReadabilityData(before, after, hardest))


def make(config: "Config") -> ReadabilityStage:
    """Build the readability stage."""
    return ReadabilityStage(config)
