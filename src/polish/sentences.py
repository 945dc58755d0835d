"""Whether a piece of text ends as a sentence does: the one test the stages share.

A line that ends with a sentence mark (closing quotes, brackets and spaces aside) is prose; one
that does not is a heading, a credit line, a navigation bar. Boilerplate, label placement and
mechanics all judge lines this way, and a second clean must agree with the first, so they judge
with one function: three near-twin tests used to differ on 】, a tab, or a space before a quote.

``sentence_spans`` cuts a paragraph into sentences (without a model, so offline): translation
sends a model one sentence at a time, and the glossary looks for a date in a match's sentence.
"""

from __future__ import annotations

import re

#: the marks that end a sentence, Latin and full-width
TERMINAL = ".!?…。！？"
#: what may follow the mark: closing quotes and brackets
CLOSERS = "\"'”’»)）]】"
#: what is looked past at the end: closers and blanks (a tab, an ideographic space)
TRAILING = CLOSERS + " \t\u3000"


def ends_sentence(s: str) -> bool:
    """Whether ``s`` ends with a sentence mark, closing quotes, brackets and blanks aside."""
    s = s.rstrip(TRAILING)
    return bool(s) and s[-1] in TERMINAL


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


def sentence_spans(text: str, max_chars: int | None = MAX_CHARS) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, without surrounding whitespace.

    A piece longer than ``max_chars`` is cut at a comma or a space (None: never cut).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if m.group(0).startswith(".") and _ABBREV.search(text[start:m.start() + 1]):
            continue
        _add(text, start, end, spans, max_chars)
        start = end
    _add(text, start, len(text), spans, max_chars)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]], max_chars: int | None) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while max_chars is not None and end - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        _add(text, start, cut, spans, max_chars)
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


def _ends_here(text: str, m: re.Match[str], lo: int) -> bool:
    """Whether the stop ``m`` ends a sentence (a full stop after "Dr" or an initial does not)."""
    # the abbreviations are short: look a few characters back, not from the sentence's start
    return not (m.group(0).startswith(".") and _ABBREV.search(text, max(lo, m.start() - 8), m.start() + 1))


#: the characters a sentence's stop begins with (``_END``)
_STOPS = ".!?…。！？；"


def _last_end(text: str, lo: int, start: int) -> int:
    """Where the last sentence that ends in [lo, start) ends, or ``lo``: stops looked for from the right."""
    hi = start
    while hi > lo:
        i = max(text.rfind(c, lo, hi) for c in _STOPS)
        if i < 0:
            return lo
        while i > lo and text[i - 1] in _STOPS:  # the first stop of a run ("?!", "...")
            i -= 1
        m = _END.match(text, i, start + 1)  # + 1: the lookahead sees the first character at ``start``
        if m is not None and m.end() <= start and _ends_here(text, m, lo):
            return m.end()
        hi = i
    return lo


def sentence_around(text: str, start: int, end: int, reach: int = 1000) -> tuple[int, int]:
    """The span of the sentence that holds [start, end), as ``sentence_spans`` cuts its paragraph.

    Found by looking at most ``reach`` characters each way (a longer sentence is cut there), and never
    past a blank line, so its cost does not grow with the paragraph.
    """
    lo = max(0, start - reach)
    brk = text.rfind("\n\n", lo, start)
    if brk >= 0:
        lo = brk + 2
    a = _last_end(text, lo, start)
    hi = min(len(text), end + reach)
    brk = text.find("\n\n", end, hi)
    if brk >= 0:
        hi = brk
    b = hi
    for m in _END.finditer(text, end, min(len(text), hi + 2)):  # + 2: the lookahead sees the next word
        if m.start() >= hi:
            break
        if _ends_here(text, m, lo):
            b = m.end()
            break
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
