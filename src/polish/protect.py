"""Spans no stage may rewrite: URLs, e-mail addresses, inline code, file paths."""

from __future__ import annotations

import bisect
import re

_URL = r"(?:https?://|ftp://|www\.)[^\s<>\"'“”‘’（）()【】]+[^\s<>\"'“”‘’（）()【】.,;:!?。，；：！？]"
_BARE_DOMAIN = r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|cn|by|ru|io|int|info)(?:\.[a-z]{2})?(?:/[^\s<>\"']*[^\s<>\"'.,;:!?])?"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_CODE = r"`[^`\n]+`"
_PATH = r"(?<![\w/])(?:/[\w.-]+){2,}/?"

PROTECTED_RE = re.compile("|".join(f"(?:{p})" for p in (_EMAIL, _URL, _CODE, _BARE_DOMAIN, _PATH)), re.IGNORECASE)


class Protected:
    """Sorted protected spans of one text, with fast overlap checks."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = [(m.start(), m.end()) for m in PROTECTED_RE.finditer(text)]
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
