"""Sentence splitting for translation, done by polish itself.

Argos packages without a bundled splitter would make argostranslate fetch
a MiniSBD model from the network on first use; polish never calls that
sentencizer. A translation model works best on one sentence at a time, so
paragraphs are cut here, keeping the exact offsets so the whitespace
between sentences survives.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? … (Latin/Cyrillic, followed by space) or at the
# full-width stops, which need no space after them. Closing quotes and
# brackets stay with the sentence they close.
_END = re.compile(
    r"""(?:[.!?…]+[)"'»”’\]]*(?=\s+\S))|(?:[。！？；]+[）」』”’》]*)""",
)
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|vs|etc|e\.g|i\.e|Jr|Sr|Inc|Ltd|Co|г|гг|им|ул|т\.е|т\.д|т\.п|проф|акад|и\.о|в\.о)|\b[A-ZА-ЯЁІЎ])\.$",
)
#: Longer pieces are cut at a comma or space so one runaway "sentence" cannot blow the model's length limit.
MAX_CHARS = 400


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group(0).startswith(".") and _ABBREV.search(text[start:m.start() + 1]):
            continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_CHARS:
        cut = _cut_point(text, start, start + MAX_CHARS)
        _add(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


def _cut_point(text: str, start: int, limit: int) -> int:
    for marks in ("，,；;：:", " "):
        best = max((text.rfind(ch, start + 1, limit) for ch in marks), default=-1)
        if best > start:
            return best + 1
    return limit


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    return [text[s:e] for s, e in sentence_spans(text)]
