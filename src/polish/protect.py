"""Spans no stage may rewrite: URLs, e-mail addresses, inline code, file paths."""

from __future__ import annotations

import bisect
import re
from typing import Callable, Iterator

_URL = r"(?:https?://|ftp://|www\.)[^\s<>\"'“”‘’（）()【】]+[^\s<>\"'“”‘’（）()【】.,;:!?。，；：！？]"
_BARE_DOMAIN = r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|cn|by|ru|io|int|info)(?:\.[a-z]{2})?(?:/[^\s<>\"']*[^\s<>\"'.,;:!?])?"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_CODE = r"`[^`\n]+`"
_PATH = r"(?<![\w/])(?:/[\w.-]+){2,}/?|(?<![\w.])\.\.?/[\w./-]*[\w/]"  # /a/b, ./configure, ../docs/a.md
# Windows paths: a drive ("C:\\Forms\\x.docx") or a UNC share ("\\\\server\\share"),
# up to a space; a closing sentence mark is not part of the path.
_WIN_NAME = r"[^\s\\<>\"'|?*]"
_WIN_PATH = (rf"(?<![\w\\])(?:[A-Za-z]:\\|\\\\[\w.$-]+\\)(?:{_WIN_NAME}+\\)*"
             rf"(?:{_WIN_NAME}*[^\s\\<>\"'|?*.,;:!])?")

PROTECTED_RE = re.compile("|".join(f"(?:{p})" for p in (_EMAIL, _URL, _CODE, _BARE_DOMAIN, _PATH, _WIN_PATH)), re.IGNORECASE)

# Every match of PROTECTED_RE holds one of a few literals: '@' (e-mail), '/' (in
# 'https://', 'ftp://' and paths), a backslash (Windows paths), a backtick (code), or a dot after 'www' or before a
# top-level domain; and no match crosses a newline. PROTECTED_RE itself is slow on
# long text (the e-mail and bare-domain branches re-scan every word), so it only
# runs on lines that hold one of those literals. The characters are found with
# str.find and the dots with a regex that starts with a literal '.' (both scan
# fast); the dot regex has PROTECTED_RE's flags, so case folding ('WWW.', '.COM',
# dotted capital I) is the same.
_DOT_HINT_RE = re.compile(r"\.(?:com|org|net|edu|gov|cn|by|ru|io|int|info|(?<=www\.))", re.IGNORECASE)
_CHAR_HINTS = ("@", "/", "`", "\\")


def _hints(text: str) -> Callable[[int], int]:
    """Callable giving the first position >= pos holding a hint literal (or -1)."""
    n = len(text)
    nxt = [-2] * (len(_CHAR_HINTS) + 1)  # next hit per literal, refreshed only once passed

    def first(pos: int) -> int:
        best = n
        for k, ch in enumerate(_CHAR_HINTS):
            if -1 != nxt[k] < pos:
                nxt[k] = text.find(ch, pos)
            if nxt[k] != -1 and nxt[k] < best:
                best = nxt[k]
        if -1 != nxt[-1] < pos:
            m = _DOT_HINT_RE.search(text, pos)
            nxt[-1] = -1 if m is None else m.start()
        if nxt[-1] != -1 and nxt[-1] < best:
            best = nxt[-1]
        return -1 if best == n else best

    return first


def finditer(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``PROTECTED_RE.finditer(text)``, found faster by skipping lines that cannot hold one."""
    first = _hints(text)
    pos = 0
    while (hit := first(pos)) != -1:
        # a line's neighbours are newlines, which every pattern's edges treat like
        # the ends of the text, so scanning a line alone finds the same matches
        a = text.rfind("\n", 0, hit) + 1
        b = text.find("\n", hit)
        if b < 0:
            b = len(text)
        yield from PROTECTED_RE.finditer(text, a, b)
        pos = b + 1


class Protected:
    """Sorted protected spans of one text, with fast overlap checks."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = [(m.start(), m.end()) for m in finditer(text)]
        self._starts = [s for s, _ in self.spans]

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) touches a protected span (an insertion strictly inside one counts)."""
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0:
            s, e = self.spans[i]
            if (e > start and end > start) or s < start < e:
                return True
        if i + 1 < len(self.spans):
            return self.spans[i + 1][0] < end
        return False

    def __bool__(self) -> bool:
        return bool(self.spans)


def protected_spans(text: str) -> Protected:
    """Protected spans of ``text``."""
    return Protected(text)
