"""Readability scores through textstat's language-aware functions, offline.

textstat's top-level object keeps the language as global state
(``set_lang``); the ``textstat.backend`` functions take it as an argument,
so paragraphs in different languages can be scored side by side. English
syllables come from the CMU dictionary (see ``polish.nltk_setup``); other
languages use pyphen's hyphenation patterns.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterable

from polish.model import Paragraph

#: Sentence pieces as textstat counts them, kept inside one line (a paragraph).
_SENTENCE = re.compile(r"\b[^.!?\n]+[.!?]*", re.UNICODE)


@dataclass(frozen=True)
class Scores:
    """Readability of one text; a metric is None where textstat has no formula for the language."""

    flesch_reading_ease: float | None
    flesch_kincaid_grade: float | None
    gunning_fog: float | None
    smog_index: float | None
    words: int
    sentences: int
    lang: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (metrics rounded to two decimals)."""
        d = asdict(self)
        for k in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index"):
            if d[k] is not None:
                d[k] = round(d[k], 2)
        return d


@dataclass(frozen=True)
class HardSentence:
    """A sentence that reads hardest, with its span in the scored text."""

    start: int
    end: int
    text: str
    scores: Scores

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"start": self.start, "end": self.end, "text": self.text, "scores": self.scores.to_dict()}


def textstat_lang(lang: str) -> str | None:
    """The language code to hand textstat for ``lang``, or None if textstat cannot score it.

    English is passed as textstat's own default ``en_US`` (CMU dictionary);
    another language is supported when pyphen has hyphenation patterns for it.
    """
    import pyphen

    root = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    if root == "en":
        return "en_US"
    return root if pyphen.language_fallback(root) else None


def _has_own_flesch(ts_lang: str) -> bool:
    # Flesch reading ease has per-language constants in textstat; for a language
    # without them textstat would silently apply the English ones.
    from textstat.backend.utils.constants import LANG_CONFIGS

    return ts_lang == "en_US" or "fre_base" in LANG_CONFIGS.get(ts_lang, {})


@lru_cache(maxsize=1)
def _ready() -> bool:
    from polish.nltk_setup import prepare_nltk

    prepare_nltk()
    return True


@lru_cache(maxsize=8192)
def _score(text: str, lang: str) -> Scores:
    # Cached by (text, lang): boilerplate-like paragraphs repeat across a
    # folder run, and "before" and "after" share every untouched paragraph.
    _ready()
    from textstat.backend import counts, metrics

    ts_lang = textstat_lang(lang)
    words = counts.count_words(text)
    sentences = counts.count_sentences(text)
    if ts_lang is None or words == 0:
        return Scores(None, None, None, None, words, sentences, lang)
    english = ts_lang == "en_US"
    fre = metrics.flesch_reading_ease(text, ts_lang) if _has_own_flesch(ts_lang) else None
    # Grade levels, fog and SMOG are calibrated on English readers only.
    fkgl = metrics.flesch_kincaid_grade(text, ts_lang) if english else None
    fog = metrics.gunning_fog(text, ts_lang) if english else None
    smog = metrics.smog_index(text, ts_lang) if english else None
    return Scores(fre, fkgl, fog, smog, words, sentences, lang)


def score_text(text: str, lang: str = "en") -> Scores:
    """Scores of ``text`` read as language ``lang``."""
    return _score(text, lang)


def score_paragraphs(
    text: str, paragraphs: Iterable[Paragraph], langs: Iterable[str] | None = None, lang: str = "en"
) -> list[Scores]:
    """Scores of each paragraph of ``text`` (``langs`` per paragraph, else ``lang`` for all)."""
    paras = list(paragraphs)
    lang_list = list(langs) if langs is not None else [lang] * len(paras)
    return [_score(text[p.start:p.end], lg) for p, lg in zip(paras, lang_list)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as textstat delimits them, never crossing a line."""
    out = []
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def hardest_sentences(text: str, n: int = 3, lang: str = "en") -> list[HardSentence]:
    """The ``n`` sentences with the lowest reading ease (ties: highest grade), in that order."""
    scored = []
    for s, e in sentence_spans(text):
        sc = _score(text[s:e], lang)
        # Fragments of one or two words (headings, datelines) are not prose;
        # textstat's sentence count ignores them too.
        if sc.words < 3 or sc.flesch_reading_ease is None:
            continue
        scored.append(HardSentence(s, e, text[s:e], sc))
    scored.sort(key=lambda h: (h.scores.flesch_reading_ease, -(h.scores.flesch_kincaid_grade or 0.0), h.start))
    return scored[:n]
