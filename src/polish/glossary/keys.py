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


def _hits(text: str) -> list[int]:
    """Positions where folding starts: a non-space separator or apostrophe, or a space before a separator.

    Each character is first looked for with ``in`` (a fast scan, instant for a
    character wider than the text's own); only those present are searched as
    literals. That is several times faster than one character-class regex.
    """
    out: list[int] = []
    for c in _SEP_CHARS + _APOS:
        if c != " " and c in text:
            out += [m.start() for m in re.finditer(re.escape(c), text)]
        pair = " " + c
        if c not in _APOS and pair in text:
            out += [m.start() for m in re.finditer(re.escape(pair), text)]
    return out


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    """Fold separators and apostrophes; return (folded, shift positions, cumulative shifts)."""
    hits = _hits(text)
    if not hits:
        return text, [], []
    hits.sort()
    parts: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    last = 0
    delta = 0
    match = _SEP_RUN.match
    for p in hits:
        if p < last:
            continue
        m = match(text, p)
        if m is None:  # pragma: no cover - every hit starts a run or a single separator
            continue
        s, e = m.span()
        parts.append(text[last:s])
        parts.append("'" if text[s] in _APOS else " ")
        last = e
        if e - s > 1:
            # key position just after the collapsed space, where the new shift starts
            at.append(s - delta + 1)
            delta += e - s - 1
            shift.append(delta)
    parts.append(text[last:])
    return "".join(parts), at, shift


def _fold_repl(m: "re.Match[str]") -> str:
    return "'" if m.group()[0] in _APOS else " "


def form_key(form: str) -> tuple[str, str]:
    """(lowered key, cased key) of a glossary form; empty when the form has no letters to match."""
    cased = _SEP_RUN.sub(_fold_repl, form.strip(_SEP_CHARS))
    return lower_keep_length(cased), cased




_SPACES = re.compile("  +")


def form_keys(forms: list[str]) -> list[tuple[str, str]]:
    """``form_key`` of many forms at once, folded together as one newline-joined string.

    Without offsets to keep, folding is plain ``str.replace`` (every separator
    to a space, every apostrophe to ``'``) and collapsing runs of spaces;
    stripping the single space then left at an edge gives the same keys as
    ``form_key``'s strip-then-fold.
    """
    big = "\n".join(forms)
    if big.count("\n") != max(0, len(forms) - 1):  # a form holding a newline: one at a time
        return [form_key(f) for f in forms]
    for c in _SEP_CHARS[1:]:
        if c in big:
            big = big.replace(c, " ")
    for c in _APOS:
        if c in big:
            big = big.replace(c, "'")
    if "  " in big:
        big = _SPACES.sub(" ", big)
    cased = [f.strip(" ") for f in big.split("\n")]
    return list(zip(lower_keep_length("\n".join(cased)).split("\n"), cased))


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
