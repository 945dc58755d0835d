"""A variant quoted as a word, not used: "never 'prorector'", "the title 'docent' (доцент)".

A style guide or a translator's note names the wrong form on purpose; replacing it would make
the note say "write 'Vice-Rector', never 'Vice-Rector'". A variant is a mention when it fills a
pair of quotation marks and either a word about words comes just before it ("never", "not",
"instead of", "the term") or its original in another script follows in brackets.
"""

from __future__ import annotations

import re

#: opening -> closing quotation marks a mention stands in
_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "„": "“"}
OPENING_QUOTES = frozenset(_PAIRS)
#: words about words, just before the quoted variant
_CUE = re.compile(r"\b(?:never|not|no|(?:not|never|n't) use|instead of|rather than|avoid|the (?:word|words|term|terms|title|form|"
                  r"spelling|translation)|(?:called|written|spelt|spelled|translated as|rendered as))"
                  r"[\s,:]*$", re.I)
#: its original in brackets: "(доцент)", "（教授）"
_ORIGINAL = re.compile(r"\s*[(（]\s*[\u0400-\u04ff\u3400-\u9fff]")


def is_mention(text: str, start: int, end: int) -> bool:
    """Whether the variant at [start, end) is quoted as a word rather than used."""
    if start == 0 or end >= len(text) or _PAIRS.get(text[start - 1]) != text[end]:
        return False  # the common case, two character tests: not in quotation marks
    return bool(_CUE.search(text, max(0, start - 1 - 30), start - 1) or _ORIGINAL.match(text, end + 1))
