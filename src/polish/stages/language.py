"""Stage 3: the language of every paragraph, and foreign text left untranslated.

No edits: this stage only reports. Its data (``LanguageData``) tells the
translation stage which paragraphs and fragments to translate; its findings
tell the editor what is still not in the target language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polish.model import Finding
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config
    from polish.langid import Span


class LanguageStage:
    """Detects languages; reports paragraphs and fragments not in the target language."""

    name = "language"

    def __init__(self, config: "Config") -> None:
        self.config = config

    def rule_ids(self) -> list[str]:
        """Every rule id this stage can give."""
        return ["language.untranslated", "language.credit-name"]

    def run(self, text: str, ctx: Context) -> StageResult:
        """Language data for ``text`` plus a finding per untranslated paragraph or fragment."""
        from polish.langid import UNDETERMINED, detect_spans

        data = detect_spans(text, ctx.config)
        target = ctx.config.target
        credits = {(c.start, c.end) for c in data.credits}
        pairs = {(c.start, c.end) for c in data.pairs}
        findings = [self._finding(s, "paragraph") if (s.start, s.end) not in credits else self._credit(s)
                    for s in data.paragraphs if s.lang not in (target, UNDETERMINED) and (s.start, s.end) not in pairs]
        # A fragment inside a paragraph that is itself untranslated is covered
        # by that paragraph's finding (and will be translated with it).
        foreign = [s for s in data.paragraphs if s.lang not in (target, UNDETERMINED)]
        for frag in data.fragments:
            if frag.lang in (target, UNDETERMINED):
                continue
            if any(p.start <= frag.start and frag.end <= p.end for p in foreign):
                continue
            findings.append(self._finding(frag, "fragment"))
        return StageResult(edits=[], findings=findings, data=data)

    def _credit(self, span: "Span") -> Finding:
        from polish.langid import language_name

        return Finding(
            start=span.start, end=span.end, rule="language.credit-name",
            message=f"a credit line with a name in {language_name(span.lang)}: transliterate the name "
                    "(it is not machine-translated: a name would come out as words)",
            meta={"lang": span.lang, "confidence": round(span.confidence, 4), "unit": "credit"},
        )

    def _finding(self, span: "Span", unit: str) -> Finding:
        from polish.langid import language_name

        conf = round(span.confidence, 2)
        return Finding(
            start=span.start,
            end=span.end,
            rule="language.untranslated",
            message=f"{language_name(span.lang)} {unit} left untranslated (confidence {conf:.2f})",
            meta={"lang": span.lang, "confidence": round(span.confidence, 4), "unit": unit},
        )


def make(config: "Config") -> LanguageStage:
    """The language stage for ``config``."""
    return LanguageStage(config)
