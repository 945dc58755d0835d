"""Match keys: text and glossary forms folded the same way, with a way back to the text.

A key is the text with every run of spaces and hyphens/dashes (``Sino -Belarusian``,
``Sino–Belarusian``, ``Sino  Belarusian``) folded to one space, curly
apostrophes folded to ``'``, and each character lowered on its own (a
character whose lower case is longer, such as ``İ``, stays as it is). Lowering
one character at a time keeps the key exactly as long as the folded text, so
only the collapsed runs shift offsets, and those are rare: ``KeyText`` keeps
them in a small table and maps key positions back to the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

#: Spaces and hyphens/dashes that separate the words of a name (em dash excluded: it is punctuation).
_SEPS = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\\-\u2010-\u2013\u2212"
_APOS = "\u2019\u02bc\u2018"
_SEP_CHARS = " \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000-\u2010\u2011\u2012\u2013\u2212"
_SPACES = re.compile("  +")
_SEP_RUN = re.compile(f"[{_SEPS}]{{2,}}|[{_SEPS.replace(' ', '', 1)}{_APOS}]")
_HAN_RANGES = (
    (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3040, 0x30FF), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F),
)


def is_cjk(ch: str) -> bool:
    """True for Han characters and kana: scripts written without spaces between words."""
    o = ord(ch)
    if o < 0x2E80:
        return False
    return any(a <= o <= b for a, b in _HAN_RANGES)


def is_word(ch: str) -> bool:
    """True for a character that glues to its neighbours into one word (letters, digits, marks; not CJK)."""
    if ch.isalnum() or ch == "_":
        return ch < "\u2e80" or not is_cjk(ch)
    return ch > "\u02ff" and unicodedata.category(ch)[0] == "M"


def lower_keep_length(s: str) -> str:
    """``s`` lowered character by character, keeping characters whose lower case is longer."""
    low = s.lower()
    if len(low) == len(s):  # lower() only ever lengthens, so equal length means 1:1 throughout
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in s)


def _fold_plain(s: str) -> str:
    """``s`` with every separator turned into a space and every apostrophe into ``'`` (same length).

    ``in`` first: it is instant for a character wider than the string's own
    (every non-ASCII separator in an ASCII text), and ``replace`` is one C pass.
    """
    for c in _SEP_CHARS[1:]:
        if c in s:
            s = s.replace(c, " ")
    for c in _APOS:
        if c in s:
            s = s.replace(c, "'")
    return s


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Fold separators and apostrophes; return (folded, shift positions, cumulative shifts).

    Turning each separator into a space keeps the length, so only the runs of
    two or more spaces left afterwards (the separator runs) shift offsets;
    they are rare and found with ``str.find``.
    """
    t = _fold_plain(text)
    if "  " not in t:
        return t, [], []
    parts: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    last = 0
    delta = 0
    find = t.find
    match = _SPACES.match
    s = find("  ")
    while s >= 0:
        e = match(t, s).end()  # type: ignore[union-attr]  # two spaces at s always match
        parts.append(t[last:s + 1])
        last = e
        # key position just after the collapsed space, where the new shift starts
        at.append(s - delta + 1)
        delta += e - s - 1
        shift.append(delta)
        s = find("  ", e)
    parts.append(t[last:])
    return "".join(parts), at, shift


def _fold_repl(m: "re.Match[str]") -> str:
    return "'" if m.group()[0] in _APOS else " "


def form_key(form: str) -> tuple[str, str]:
    """(lowered key, cased key) of a glossary form; empty when the form has no letters to match."""
    cased = _SEP_RUN.sub(_fold_repl, form.strip(_SEP_CHARS))
    return lower_keep_length(cased), cased



def fold_forms(forms: list[str]) -> tuple[list[str], str]:
    """Lowered keys of many forms (``form_key(f)[0]`` of each) and their cased keys joined by newlines.

    Folded together as one newline-joined string: without offsets to keep,
    folding is ``str.replace`` and collapsing runs of spaces, and stripping
    the one space then left at an edge gives the same keys as ``form_key``'s
    strip-then-fold. The cased keys stay joined: most callers never need them.
    """
    if not forms:
        return [], ""
    big = "\n".join(forms)
    if big.count("\n") != len(forms) - 1:  # a form holding a newline: one at a time
        pairs = [form_key(f) for f in forms]
        return [p[0] for p in pairs], "\n".join(p[1] for p in pairs)
    big = _fold_plain(big)
    if "  " in big:
        big = _SPACES.sub(" ", big)
    if "\n " in big or " \n" in big or big[:1] == " " or big[-1:] == " ":
        big = big.replace("\n ", "\n").replace(" \n", "\n")
        big = big[1:] if big[:1] == " " else big
        big = big[:-1] if big[-1:] == " " else big
    return lower_keep_length(big).split("\n"), big


def form_keys(forms: list[str]) -> list[tuple[str, str]]:
    """``form_key`` of many forms at once (see ``fold_forms``)."""
    lows, cased = fold_forms(forms)
    return list(zip(lows, cased.split("\n"))) if forms else []


class KeyText:
    """A text folded into its key, with positions mapped back to the original."""

    __slots__ = ("text", "cased", "low", "_at", "_shift")

    def __init__(self, text: str) -> None:
        self.text = text
        self.cased, self._at, self._shift = _fold(text)
        self.low = lower_keep_length(self.cased)

    def orig(self, k: int) -> int:
        """Original offset of key position ``k`` (the start of a collapsed run for its space)."""
        if not self._at:
            return k
        i = bisect.bisect_right(self._at, k)
        return k + (self._shift[i - 1] if i else 0)

    def orig_span(self, ks: int, ke: int) -> tuple[int, int]:
        """Original span of key span [ks, ke) (keys never start or end with a space)."""
        if not self._at:
            return ks, ke
        return self.orig(ks), self.orig(ke - 1) + 1
