"""Stage "translation": passages the language stage found in another language, rendered into the target.

Reads the language stage's spans (``ctx.data["language"]``: ``.paragraphs``
and ``.fragments``, each with ``start``, ``end``, ``lang``, ``confidence``)
and hands them to ``polish.translate.document``. Nothing heavy is imported
until a foreign passage is actually found.
"""

from __future__ import annotations

from typing import Any

from polish.config import Config
from polish.model import split_paragraphs
from polish.stages.base import Context, StageResult

#: Spans the detector is less sure of than this are left alone (a misread English line must not be "translated").
MIN_CONFIDENCE = 0.5
#: the rule ids ``polish.translate.document`` gives (named here: importing it loads the translator's code)
RULES = ("translation.argos", "translation.failed", "translation.placeholder-lost", "translation.not-installed",
         "translation.missing-model")


class TranslationStage:
    """Translate foreign paragraphs and sentence fragments with installed Argos packages."""

    name = "translation"

    def __init__(self, config: Config, source: str | None = None, glossary: Any = None) -> None:
        self.config = config
        #: ``polish translate --from CODE``: every paragraph is in this language, whatever the detector says
        self.source = source
        #: a Glossary to protect terms from (default: the one the config names)
        self._glossary = glossary
        self._index: Any = None
        self._packages: Any = None

    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id this stage can give."""
        return RULES

    def terms(self) -> Any:
        """The glossary's source forms (loaded once per stage)."""
        if self._index is None:
            from polish.translate.terms import TermIndex

            self._index = TermIndex.from_glossary(self._glossary if self._glossary is not None else _glossary(self.config))
        return self._index

    def prefetch(self, texts: list[str]) -> int:
        """Translate the foreign passages of several documents in one model call per route (cache warm-up).

        Detection runs on the texts as read; passages that later stages see
        unchanged (boilerplate removes whole lines) then come from the cache.
        """
        from polish.translate import packages as pk
        from polish.translate.document import prefetch

        if self.source and self.source != "auto" or not pk.argos_available():
            return 0
        if self._packages is None:
            self._packages = pk.installed_packages(self.config.argos_dir)
        if not self._packages:
            return 0
        work = []
        for text in texts:
            spans = foreign_spans(_detect(text, self.config), self.config.target)
            if spans:
                work.append((text, spans))
        if not work:
            return 0
        try:
            return prefetch(work, self.config, self.terms(), self._packages)
        except (RuntimeError, OSError):
            return 0  # each document reports a broken package itself, in its own run

    def run(self, text: str, ctx: Context) -> StageResult:
        """Propose one translate Edit per foreign passage, or findings saying what is missing."""
        from polish.translate.document import Span, translate_spans

        if self.source and self.source != "auto":
            spans = [Span(p.start, p.end, self.source) for p in split_paragraphs(text)]
        else:
            data = ctx.data.get("language")
            if data is None:  # run on its own, without the language stage before it
                data = _detect(text, self.config)
            spans = foreign_spans(data, self.config.target)
        if not spans:
            return StageResult(data={"translated": 0})
        from polish.translate import packages as pk

        if self._packages is None and pk.argos_available():
            # Listed once per stage: a stage lives for a whole folder run in one worker.
            self._packages = pk.installed_packages(self.config.argos_dir)
        edits, findings = translate_spans(text, spans, self.config, self.terms(), self._packages)
        return StageResult(edits=edits, findings=findings,
                           data={"translated": len(edits), "passages": len(spans),
                                 "languages": sorted({s.lang for s in spans})})


def foreign_spans(data: Any, target: str) -> list[Any]:
    """Paragraphs not in ``target`` (credit lines aside: their names want transliterating), then fragments inside target-language paragraphs."""
    from polish.translate.document import Span

    out: list[Span] = []
    credits = {(c.start, c.end) for c in [*(getattr(data, "credits", None) or ()), *(getattr(data, "pairs", None) or ())]}
    for p in getattr(data, "paragraphs", None) or ():
        lang = _code(p.lang)
        if lang and lang != target and _sure(p) and (p.start, p.end) not in credits:
            out.append(Span(p.start, p.end, lang, "paragraph"))
    for f in getattr(data, "fragments", None) or ():
        lang = _code(f.lang)
        if lang and lang != target and _sure(f) and not any(s.start < f.end and f.start < s.end for s in out):
            out.append(Span(f.start, f.end, lang, "sentence"))
    return sorted(out, key=lambda s: s.start)


def _code(lang: Any) -> str:
    # Detectors say "zh-cn"/"zh-tw"; Argos packages are keyed by the bare code.
    return str(lang or "").split("-")[0].split("_")[0].lower() if lang not in (None, "", "und", "unknown") else ""


def _sure(span: Any) -> bool:
    conf = getattr(span, "confidence", None)
    return conf is None or conf >= MIN_CONFIDENCE


def _detect(text: str, config: Config) -> Any:
    from polish.langid import detect_spans

    return detect_spans(text, config)


def _glossary(config: Config) -> Any:
    from polish.glossary.loading import glossary_for_config

    return glossary_for_config(config)


def make(config: Config) -> TranslationStage:
    """The translation stage for this configuration."""
    return TranslationStage(config)
