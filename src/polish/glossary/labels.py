"""Where a label entry applies: page furniture ("Release time" -> "Published") where a page puts it.

The same words in a sentence ("the release time of the standards") are the article's and stay.
What decides must not change when another entry rewrites a neighbour (a second clean must agree
with the first): the line's own end, the separators around the label, a colon after it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from polish.glossary.mentions import OPENING_QUOTES, is_mention
from polish.sentences import ends_sentence

if TYPE_CHECKING:  # pragma: no cover
    from polish.glossary.model import Entry

#: a field separator on a scraped line: two spaces, a tab, an ideographic space, a bar, a dot, an arrow
_SEP = r"(?:  |\t|\u3000|[|丨>»›/·•]| - | — )"
#: what may stand before a label in a sentence: the line's start or a separator, then list marks or brackets
_BEFORE = re.compile(rf"(?:^|{_SEP})[ \t]*[\[【(（<「*•·#-]*[ \t]*$", re.MULTILINE)
#: what may follow it there: a colon, a closing bracket or separator, a figure, the line's end
_AFTER = re.compile(rf"[ \t]*(?:$|[:：\]】)）\d]|{_SEP})")


def stands_as_label(text: str, start: int, end: int) -> bool:
    """Whether [start, end) stands where a page puts a label.

    On a line that is not a sentence (a navigation bar, a credit line, a section name) a label
    is one wherever it stands, a Markdown table row aside; in a sentence only at its start or
    after a separator, and before a colon, a separator, a figure or the line's end ("Editor in
    charge: Li Ming.").
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    if line.startswith("|") and line.endswith("|"):
        return False  # a Markdown table's row heading ("| Release time | 12 h |") is the author's, not the page's
    if not ends_sentence(line):
        return True
    return (_AFTER.match(text[end:line_end]) is not None
            and _BEFORE.search(text, line_start, start) is not None)


def applies_here(entry: "Entry", text: str, start: int, end: int) -> bool:
    """Whether ``entry`` applies to its match at [start, end): not to a variant quoted as a word
    (``mentions.is_mention``), and for a label without ``context`` only where it stands as one."""
    if start and text[start - 1] in OPENING_QUOTES and is_mention(text, start, end):
        return False  # (the character test first: most matches stand in no quotation marks)
    return entry.kind != "label" or bool(entry.context) or stands_as_label(text, start, end)
