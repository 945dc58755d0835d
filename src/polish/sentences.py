"""Whether a piece of text ends as a sentence does: the one test the stages share.

A line that ends with a sentence mark (closing quotes, brackets and spaces aside) is prose; one
that does not is a heading, a credit line, a navigation bar. Boilerplate, label placement and
mechanics all judge lines this way, and a second clean must agree with the first, so they judge
with one function: three near-twin tests used to differ on 】, a tab, or a space before a quote.
"""

from __future__ import annotations

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
