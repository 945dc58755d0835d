"""Sentence splitting for translation, done by polish itself.

Argos packages without a bundled splitter would make argostranslate fetch
a MiniSBD model from the network on first use; polish never calls that
sentencizer. A translation model works best on one sentence at a time, so
paragraphs are cut here, keeping the exact offsets so the whitespace
between sentences survives.
"""

from __future__ import annotations

from polish.sentences import MAX_CHARS, sentence_spans

__all__ = ["MAX_CHARS", "sentence_spans", "split_sentences"]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    return [text[s:e] for s, e in sentence_spans(text)]
