"""The mechanics rules: small pure functions, text in, edits (or findings) out.

Each fix function looks at the whole text and returns ``Edit`` objects for
one kind of slip; it knows nothing of protected spans or of the other rules
(the stage filters and combines). Their patterns and word lists come from
``polish/data/mechanics.toml``.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Collection, Sequence

from polish.model import Edit, Finding, Paragraph, split_paragraphs
from polish.sentences import CLOSERS, TERMINAL, TRAILING, ends_sentence

_OPENERS = "([{“‘\"'"


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The rule table from mechanics.toml (read once)."""
    ref = resources.files("polish.data") / "mechanics.toml"
    return tomllib.loads(ref.read_text(encoding="utf-8"))["rules"]


@lru_cache(maxsize=None)
def _re(rule: str, key: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(table()[rule][key], flags)


@lru_cache(maxsize=None)
def _words(rule: str, key: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in table()[rule][key])


def _edit(rule: str, start: int, end: int, replacement: str) -> Edit:
    return Edit(start, end, replacement, f"mechanics.{rule}", table()[rule]["reason"])


def _finding(rule: str, start: int, end: int, message: str | None = None, suggestion: str | None = None) -> Finding:
    return Finding(start, end, f"mechanics.{rule}", message or table()[rule]["reason"], suggestion=suggestion)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


_LATIN_RE = re.compile(r"[A-Za-z]+")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def latin_share(s: str) -> float:
    """Share of Latin letters among the Latin and Han characters of ``s`` (1.0 when it has neither)."""
    if s.isascii() or _HAN_RE.search(s) is None:
        return 1.0  # no Han: all Latin, or neither (counting the letters would not change that)
    latin = sum(len(m) for m in _LATIN_RE.findall(s))
    han = sum(len(m) for m in _HAN_RE.findall(s))
    return 1.0 if latin + han == 0 else latin / (latin + han)


def _english_paragraphs(text: str, containing: str = ""):
    """Mainly-Latin paragraphs (only those with one of the ``containing`` characters, if given)."""
    share = table()["cjk-punct"]["min_latin_share"]
    if containing and not any(ch in text for ch in containing):
        return []
    return [
        p for p in split_paragraphs(text)
        if (not containing or any(ch in p.text for ch in containing)) and latin_share(p.text) >= share
    ]


# -- fixes ----------------------------------------------------------------------


def fix_extra_space(text: str) -> list[Edit]:
    """Runs of spaces inside a line become one space; spaces at a line end go."""
    field = _re("extra-space", "field")
    out = []
    for m in _re("extra-space", "inner").finditer(text):
        if field.match(text, m.end()) and _field_before(text, m.start()):
            continue  # "Editor: Liu Yang  Reviewed by: Zhang Wei": the spaces part two fields
        out.append(_edit("extra-space", m.start(), m.end(), " "))
    out += [_edit("extra-space", m.start(), m.end(), "") for m in _re("extra-space", "trailing", re.M).finditer(text)]
    return out


def _field_before(text: str, pos: int) -> bool:
    """Whether the line holds a "Label:" field before ``pos`` (a credit line, not a sentence)."""
    line = text[text.rfind("\n", 0, pos) + 1:pos]
    return _LABEL_COLON.search(line) is not None and not ends_sentence(line)


#: a word and its colon ("Editor:"), not the colon of a time ("16:05")
_LABEL_COLON = re.compile(r"[^\W\d_][ \t]*[:：]")


#: A hyphen next to a digit: found wherever a range of years can be ("2019 -2020", "2019- 2020").
_DIGIT_HYPHEN_RE = re.compile(r"-(?:(?=\d)|(?<=\d-))")


#: A hyphen after a space or tab, before a letter: where each match of detached-hyphen's "before" ends.
_SPACED_HYPHEN_RE = re.compile(r"-(?<=[ \t]-)(?=[^\W\d_])")
#: A mark after a space or tab: where each match of space-before-punct's "pattern" ends.
_SPACED_MARK_RE = re.compile(r"[,;!?)\]:.](?<=[ \t].)")


def _space_runs(rule: str, key: str, ends: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """The matches of pattern ``key`` of ``rule``, found from the character each ends before (``ends``).

    Such a pattern ("before" of detached-hyphen, "pattern" of space-before-punct) is a run
    of spaces or tabs, from the first after a non-space up to a hyphen or a mark. ``re``
    tries it at every space of a line, and finds those far rarer characters far faster.
    The pattern is then tried where each run before one starts: where its own scan finds it.
    """
    pattern = _re(rule, key)
    out = []
    for h in ends.finditer(text):
        start = h.start() - 1
        while start and text[start - 1] in " \t":
            start -= 1
        m = pattern.match(text, start)
        if m is not None:
            out.append(m)
    return out


def fix_detached_hyphen(text: str) -> list[Edit]:
    """'high -tech', 'well- known', '2019 -2020' are rejoined; dashes, list marks and '-5' stay."""
    before = _space_runs("detached-hyphen", "before", _SPACED_HYPHEN_RE, text)
    out = [_edit("detached-hyphen", m.start(), m.end(), "-") for m in before
           if not _after_command(text, m.start()) and not _cited_affix(text, m.start(), m.end())]
    suspended = _words("detached-hyphen", "suspended")
    for m in _re("detached-hyphen", "after").finditer(text):
        if m.group(1).casefold() not in suspended:
            out.append(_edit("detached-hyphen", m.start(), m.end(), "-"))
    if _DIGIT_HYPHEN_RE.search(text):  # the years pattern, led by a look-behind, is slow to scan for nothing
        out += [_edit("detached-hyphen", m.start(), m.end(), "-") for m in _re("detached-hyphen", "years").finditer(text)]
    return out


#: a list of cited affixes around a hyphen: "-ka and -ik", "-ism, -ist"
_AFFIX_AFTER = re.compile(r"[^\W\d_]+(?:,| and| or)[ \t]+-[^\W\d_]")
_AFFIX_BEFORE = re.compile(r"(?:^|[ \t])-[^\W\d_]+(?:,| and| or)[ \t]+$")


def _cited_affix(text: str, space: int, hyphen_end: int) -> bool:
    """Whether the hyphen after ``space`` starts an affix a text about language cites ("the suffixes -ka and -ik")."""
    word = text[max(text.rfind(" ", 0, space), text.rfind("\t", 0, space)) + 1:space]
    # "ending in -ing": the word before "in" says an ending is cited
    ending_in = word == "in" and text[max(0, space - 12):space - 3].rstrip().endswith(("ending", "end", "ends", "ended"))
    return (ending_in or word.casefold() in _words("detached-hyphen", "affix_words")
            or _AFFIX_AFTER.match(text, hyphen_end) is not None
            or _AFFIX_BEFORE.search(text[max(0, space - 40):space + 1]) is not None)


def _after_command(text: str, space: int) -> bool:
    """Whether the word before ``space`` is a command or an option, so a hyphen after it starts an option."""
    word = text[max(text.rfind(" ", 0, space), text.rfind("\t", 0, space)) + 1:space]
    return word.startswith("-") or word.casefold() in _words("detached-hyphen", "commands")


#: doubled-punct's patterns, their replacement (None: the first mark) and the pairs each needs.
_DOUBLED_PUNCT_KEYS = (("commas", None, (",,", ";;", "::")), ("dots", ".", ("..",)), ("comma_dot", ".", (",.", ";.")))


def fix_doubled_punct(text: str) -> list[Edit]:
    """',,' → ',', '..' → '.' (the '...' ellipsis stays), ',.' → '.'."""
    out = []
    for key, repl, needs in _DOUBLED_PUNCT_KEYS:
        if not any(map(text.__contains__, needs)):
            continue  # each pattern needs one of these pairs: skip its scan of the line without
        for m in _re("doubled-punct", key).finditer(text):
            out.append(_edit("doubled-punct", m.start(), m.end(), repl or m.group(0)[0]))
    return out


#: ",000" after a figure: a thousands separator, whatever spacing came before it
_THOUSANDS = re.compile(r",\d{3}(?!\d)")


#: an emoticon standing as a word: ":)", ";-)", ":(", ":D" (its marks are no punctuation)
_EMOTICON = re.compile(r"(?<!\S)[:;=]-?[()DPp](?![\w()])")


def fix_space_before_punct(text: str) -> list[Edit]:
    """'word ,' → 'word,', 'word .' → 'word.', '( word' → '(word'."""
    out = []
    for m in _space_runs("space-before-punct", "pattern", _SPACED_MARK_RE, text):
        e = m.end()
        if _EMOTICON.match(text, e):
            continue  # "proud of you :)"
        if text[e:e + 1] in (",", ";") and text[e + 1:e + 2].isalnum() and not _THOUSANDS.match(text, e):
            # "June 3 ,2024": the space was on the wrong side of the comma, not one too many
            out.append(_edit("space-before-punct", m.start(), e + 1, text[e] + " "))
        else:
            out.append(_edit("space-before-punct", m.start(), e, ""))
    # "after_open" needs an opening bracket; skip its slow scan when there is none
    if "(" in text or "[" in text:
        faces = {m.end() for m in _EMOTICON.finditer(text)} if ":(" in text or ":-(" in text else ()
        out += [_edit("space-before-punct", m.start(), m.end(), "")
                for m in _re("space-before-punct", "after_open").finditer(text) if m.start() not in faces]
    return out


_LETTERS = re.compile(r"[A-Za-z]+")


def fix_missing_space(text: str) -> list[Edit]:
    """'year.The' → 'year. The', 'language,Belarusian' → 'language, Belarusian' (not '3.5', 'e.g.', 'U.S.', '8,000')."""
    abbreviations = _words("missing-space", "abbreviations")
    out = []
    word = _re("missing-space", "word")
    for m in _re("missing-space", "mark").finditer(text):
        w = word.search(text, max(0, m.start() - 40), m.start())
        if w is None or w.group(0).casefold() in abbreviations:
            continue
        if w.group(0)[0].isupper():  # "Yandex.Lyceum": only a sentence opener makes it two sentences
            nxt = _LETTERS.match(text, m.end())
            if nxt is None or nxt.group(0).casefold() not in _words("missing-space", "after_name"):
                continue
        out.append(_edit("missing-space", m.end(), m.end(), " "))
    out += [_edit("missing-space", m.end(), m.end(), " ") for m in _re("missing-space", "comma").finditer(text)]
    return out


def fix_cjk_punct(text: str) -> list[Edit]:
    """Full-width Chinese punctuation in an English paragraph becomes ASCII, spaced the English way."""
    marks: dict[str, list] = table()["cjk-punct"]["map"]
    out = []
    for p in _english_paragraphs(text, "".join(marks)):
        for i, ch in enumerate(p.text):
            if ch not in marks:
                continue
            ascii_mark, space_before, space_after = marks[ch]
            a = i
            while a > 0 and p.text[a - 1] in " \t":
                a -= 1
            b = i + 1
            while b < len(p.text) and p.text[b] in " \t":
                b += 1
            prev = p.text[a - 1] if a > 0 else ""
            nxt = p.text[b] if b < len(p.text) else ""
            if _is_han(prev) and (_is_han(nxt) or ch in "。！？"):
                # a Chinese phrase quoted inside English, or a Chinese sentence's own end: Chinese punctuation
                continue
            if ascii_mark in ",." and prev.isdigit() and nxt.isdigit() and a == i and b == i + 1:
                out.append(_edit("cjk-punct", p.start + i, p.start + b, ascii_mark))  # 8，000 → 8,000
                continue
            closing = nxt in CLOSERS or nxt in ",.;:!?" or (nxt in marks and not marks[nxt][1])
            before = " " if space_before and prev and prev not in _OPENERS else ""
            after = " " if space_after and nxt and not closing else ""
            out.append(_edit("cjk-punct", p.start + a, p.start + b, before + ascii_mark + after))
    return out


def fix_cjk_quote_space(text: str) -> list[Edit]:
    """'so-called“Belt and Road”initiative' gets the spaces English puts outside quotes."""
    out = []
    for p in _english_paragraphs(text, "“”"):
        for m in _re("cjk-quote-space", "open").finditer(p.text):
            if not _is_han(p.text[m.start() - 1]):
                out.append(_edit("cjk-quote-space", p.start + m.start(), p.start + m.start(), " "))
        for m in _re("cjk-quote-space", "close").finditer(p.text):
            if not _is_han(p.text[m.end()]):
                out.append(_edit("cjk-quote-space", p.start + m.end(), p.start + m.end(), " "))
    return out


def fix_doubled_word(text: str) -> list[Edit]:
    """'the the' → 'the' ('had had', 'that that' and names such as 'Bora Bora' stay)."""
    allow = _words("doubled-word", "allow")
    out = []
    for m in _re("doubled-word", "pattern", re.IGNORECASE).finditer(text):
        w1, w2 = m.group(1), m.group(3)
        if w1.casefold() in allow or w2[0].isupper():
            continue
        if _glued(text, m.start(1) - 1) or _glued(text, m.end(3)) and m.end(3) + 1 < len(text) and text[m.end(3) + 1].isalnum():
            continue  # 'bsu.by/en/international international students', 'news news.bsu.by': one is part of an address
        out.append(_edit("doubled-word", m.start(2), m.end(3), ""))
    return out


#: characters that join a word to an address, path or identifier around it (not a hyphen or a
#: colon: "well-known known" and "said:the the" are doubled words)
_GLUE = frozenset("/\\.@#_=&?%+~")


def _glued(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i] in _GLUE


def fix_quote_space(text: str) -> list[Edit]:
    """'“ word ”' → '“word”' and '" word "' → '"word"'."""
    out = [
        _edit("quote-space", m.start() + 1, m.end(), "") for m in _re("quote-space", "curly_open").finditer(text)
    ]
    out += [_edit("quote-space", m.start(), m.end(), "") for m in _re("quote-space", "curly_close").finditer(text)]
    for p in split_paragraphs(text) if '"' in text else ():
        if '"' not in p.text:
            continue
        quotes = [i for i, ch in enumerate(p.text) if ch == '"']
        if len(quotes) % 2:
            continue  # cannot tell which mark opens: leave it to the unbalanced-quote finding
        for q1, q2 in zip(quotes[::2], quotes[1::2]):
            inner = p.text[q1 + 1:q2]
            if not inner.strip():
                continue
            lead = len(inner) - len(inner.lstrip(" \t"))
            trail = len(inner) - len(inner.rstrip(" \t"))
            if lead:
                out.append(_edit("quote-space", p.start + q1 + 1, p.start + q1 + 1 + lead, ""))
            if trail:
                out.append(_edit("quote-space", p.start + q2 - trail, p.start + q2, ""))
    return out


_MIXED_WORD = re.compile(r"[^\W\d_]*(?:[A-Za-z][Ѐ-ӿ]|[Ѐ-ӿ][A-Za-z])[^\W\d_]*")


@lru_cache(maxsize=1)
def _look_alikes() -> tuple[dict[str, str], dict[str, str]]:
    spec = table()["mixed-script"]
    return ({p[0]: p[1] for p in spec["to_latin"].split()}, {p[0]: p[1] for p in spec["to_cyrillic"].split()})


def fix_mixed_script(text: str) -> list[Edit]:
    """'ВGUIR' (a Cyrillic В) → 'BGUIR', 'Мinsk' → 'Minsk'; 'Mинск' (a Latin M) → 'Минск'.

    Only where every other letter of the word is of one script: a look-alike of the
    other script then stands for that script's letter. A word mixing letters that
    exist in one script only is left alone.
    """
    to_latin, to_cyrillic = _look_alikes()
    out = []
    for m in _MIXED_WORD.finditer(text):
        word = m.group()
        cyrillic = [ch for ch in word if "Ѐ" <= ch <= "ӿ"]
        latin = [ch for ch in word if ch.isascii()]
        if all(ch in to_latin for ch in cyrillic) and any(ch not in to_cyrillic for ch in latin):
            fixed = "".join(to_latin.get(ch, ch) for ch in word)
        elif all(ch in to_cyrillic for ch in latin) and any(ch not in to_latin for ch in cyrillic):
            fixed = "".join(to_cyrillic.get(ch, ch) for ch in word)
        else:
            continue
        # the letters look the same on screen: the reason says which changed, and into what
        swaps = ", ".join(dict.fromkeys(f"{_script(a)} {a} (U+{ord(a):04X}) → {_script(b)} {b}"
                                        for a, b in zip(word, fixed) if a != b))
        e = _edit("mixed-script", m.start(), m.end(), fixed)
        out.append(replace(e, reason=f"{e.reason}: {swaps}"))
    return out


def _script(ch: str) -> str:
    return "Cyrillic" if "Ѐ" <= ch <= "ӿ" else "Latin"


#: Every fix, in the order the stage runs them (earlier wins an overlap).
FIXES: tuple[Callable[[str], list[Edit]], ...] = (
    fix_mixed_script,
    fix_cjk_punct,
    fix_cjk_quote_space,
    fix_doubled_punct,
    fix_detached_hyphen,
    fix_space_before_punct,
    fix_quote_space,
    fix_missing_space,
    fix_doubled_word,
    fix_extra_space,
)


#: The rule of each fix, whose ``precheck`` pattern in mechanics.toml says where it may fire.
_FIX_RULE: dict[Callable[[str], list[Edit]], str] = {
    fix_mixed_script: "mixed-script",
    fix_cjk_punct: "cjk-punct",
    fix_cjk_quote_space: "cjk-quote-space",
    fix_doubled_punct: "doubled-punct",
    fix_detached_hyphen: "detached-hyphen",
    fix_space_before_punct: "space-before-punct",
    fix_quote_space: "quote-space",
    fix_missing_space: "missing-space",
    fix_doubled_word: "doubled-word",
    fix_extra_space: "extra-space",
}


def rule_of(fix: Callable[[str], list[Edit]]) -> str:
    """The rule ``fix`` proposes edits for ("extra-space" for ``fix_extra_space``)."""
    return _FIX_RULE[fix]


def _precheck_sources(rule: str) -> list[str]:
    if rule == "cjk-punct":  # the marks of its map, so the two cannot drift apart
        return [re.escape(ch) for ch in table()[rule]["map"]]
    return table()[rule]["precheck"]


@lru_cache(maxsize=None)
def prechecks(
    fixes: tuple[Callable[[str], list[Edit]], ...], ascii_text: bool = False
) -> tuple[re.Pattern[str], ...] | None:
    """Patterns one of which is found wherever one of ``fixes`` could propose an edit (None: a fix has none).

    With ``ascii_text``, only those that can be found in ASCII text (the others start with a non-ASCII mark).
    """
    rules = [_FIX_RULE.get(f) for f in fixes]
    if None in rules:
        return None
    # a rule that needs a non-ASCII character (``ascii = false``) has nothing to look for in ASCII text
    sources = dict.fromkeys(src for r in dict.fromkeys(rules) if not (ascii_text and table()[r].get("ascii") is False)
                            for src in _precheck_sources(r))
    # multi-line, so that '$' finds line ends in a whole text as in one line
    return tuple(re.compile(src, re.M) for src in sources if not ascii_text or src[0].isascii())


#: ASCII letters lower-cased, every other byte a space (see _AsciiDoubledWordHint).
_ASCII_LETTERS = bytes(c | 0x20 if 65 <= c <= 90 or 97 <= c <= 122 else 0x20 for c in range(256))
_ASCII_DOUBLED_RE = re.compile(rb" ([a-z]++) ++\1 ")


class _AsciiDoubledWordHint:
    """doubled-word's pre-check for ASCII text, about five times faster than its pattern.

    That pattern leads with \\b, which ``re`` must try at every position. In ASCII
    text a doubled word ("The the") is letters after a non-word character (or the
    start), spaces or tabs, the same letters in any case, then a non-word character
    (or the end). With the letters lower-cased and every other byte a space, that
    is ' the the ', which a pattern led by a literal space finds: ``re`` skips ahead
    to the space. (It finds more, e.g. 'the. the': a pre-check may.)
    """

    def __init__(self, text: str) -> None:
        # padded with the spaces the text's edges stand for: the space before a word
        # then sits at the word's own index in ``text``
        self._bytes = b" " + text.encode("ascii").translate(_ASCII_LETTERS) + b" "

    def search(self, text: str, pos: int = 0) -> re.Match[bytes] | None:
        """A match starting (``.start()``) at the first word at or after ``pos`` that may be doubled."""
        return _ASCII_DOUBLED_RE.search(self._bytes, pos)


class _MixedDoubledWordHint:
    """doubled-word's pre-check for text with non-ASCII characters: the ASCII one on its ASCII lines.

    One curly quote or © made the whole text pay for the pattern's slow scan. On
    a line of ASCII characters (and the newlines around it) the ASCII pre-check
    sees exactly what it sees in ASCII text, so only lines holding a non-ASCII
    character are given to the pattern. Such a character is encoded as '?',
    which the ASCII pre-check takes for a space (what it finds there is extra).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._raw = text.encode("ascii", "replace")
        self._bytes = b" " + self._raw.translate(_ASCII_LETTERS) + b" "
        self._pattern = prechecks((fix_doubled_word,))[0]
        # the callers search on from later and later positions: the last answer of
        # each kind stays good while it lies at or after the position asked for
        self._ascii: tuple[int, Any] = (-1, None)
        self._wide: tuple[int, Any] = (-1, None)

    def search(self, text: str, pos: int = 0) -> Any:
        """The first match (``.start()``) of either pre-check at or after ``pos``."""
        at, found = self._ascii
        if not (0 <= at <= pos and (found is None or found.start() >= pos)):
            self._ascii = (pos, _ASCII_DOUBLED_RE.search(self._bytes, pos))
        at, found = self._wide
        if not (0 <= at <= pos and (found is None or found.start() >= pos)):
            self._wide = (pos, self._search_wide(pos))
        hits = [m for m in (self._ascii[1], self._wide[1]) if m is not None]
        return min(hits, key=lambda m: m.start()) if hits else None

    def _search_wide(self, pos: int) -> re.Match[str] | None:
        # the pattern's first match on a line, from ``pos`` on, with a non-ASCII character
        text, raw = self._text, self._raw
        i = raw.find(b"?", pos)
        while i >= 0:
            if text[i] == "?":  # a question mark of the text itself
                i = raw.find(b"?", i + 1)
                continue
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            m = self._pattern.search(text, max(pos, text.rfind("\n", 0, i) + 1), end)
            if m is not None:
                return m
            i = raw.find(b"?", end + 1)
        return None


#: Fixes with a pre-check of their own for ASCII text, faster than their patterns.
_ASCII_HINTS: dict[Callable[[str], list[Edit]], Callable[[str], Any]] = {fix_doubled_word: _AsciiDoubledWordHint}
#: The same for text with non-ASCII characters.
_MIXED_HINTS: dict[Callable[[str], list[Edit]], Callable[[str], Any]] = {fix_doubled_word: _MixedDoubledWordHint}


def hints(fix: Callable[[str], list[Edit]], text: str) -> tuple[Any, ...] | None:
    """Pre-checks of ``fix`` for ``text`` (objects with ``search(text, pos)``); None when it has none."""
    ascii_text = text.isascii()
    if fix in _ASCII_HINTS:
        return ((_ASCII_HINTS if ascii_text else _MIXED_HINTS)[fix](text),)
    led = _led_prechecks(fix, ascii_text)
    # a pattern whose every match starts with a character the text lacks finds nothing:
    # a one-character 'in' tells so many times faster than the pattern's own scan
    return None if led is None else tuple(p for first, p in led if first is None or first in text)


@lru_cache(maxsize=None)
def _led_prechecks(
    fix: Callable[[str], list[Edit]], ascii_text: bool
) -> tuple[tuple[str | None, re.Pattern[str]], ...] | None:
    # each pre-check with the character all its matches start with (None: not one character)
    found = prechecks((fix,), ascii_text)
    return None if found is None else tuple((_first_character(p.pattern), p) for p in found)


def _first_character(src: str) -> str | None:
    """The character every match of pattern ``src`` starts with, if its first token is a plain one."""
    lead = _lead(src)
    if lead is None or len(lead) == 1:
        return lead
    # an escape: '\\.' is '.', '\\t' a tab; '\\d', '\\b' and the like are classes or anchors
    return lead[1] if not lead[1].isalnum() else {"t": "\t", "n": "\n"}.get(lead[1])


def may_fire(fix: Callable[[str], list[Edit]], text: str) -> bool:
    """False when ``fix`` surely proposes nothing on ``text`` (its pre-check finds nothing)."""
    # ``hints`` unrolled: this runs for every fix on every changed line, and on every short line
    # boilerplate puts in canonical form, where building the tuples cost more than the scans
    ascii_text = text.isascii()
    if fix in _ASCII_HINTS:
        return (_ASCII_HINTS if ascii_text else _MIXED_HINTS)[fix](text).search(text) is not None
    led = _led_prechecks(fix, ascii_text)
    if led is None:
        return True
    for first, pattern in led:
        if (first is None or first in text) and pattern.search(text) is not None:
            return True
    return False


@lru_cache(maxsize=None)
def _joint_precheck(fixes: tuple[Callable[[str], list[Edit]], ...], ascii_text: bool) -> re.Pattern[str] | None:
    # one pattern for the pre-checks of the fixes without one of their own (doubled-word's
    # could not join: it leads with a global flag); None when one of them has no pre-check
    found = prechecks(tuple(f for f in fixes if f not in _ASCII_HINTS), ascii_text)
    return None if found is None else re.compile(_by_first_token([p.pattern for p in found]), re.M)


#: Characters that start a multi-character construct, an anchor or an alternation.
_NOT_A_TOKEN = frozenset("()[]{}|.^$*+?")


def _lead(src: str) -> str | None:
    """The first token of pattern ``src`` if it is a plain character or a one-letter escape ('\\.'), else None."""
    if "|" in src:
        return None  # 'ab|c' is not 'a' then 'b|c'
    lead = src[:2] if src.startswith("\\") else src[:1]
    if not lead or lead in _NOT_A_TOKEN or lead[0] == "\\" and lead[1:] in "xuUN0123456789":
        return None  # nothing, a construct, or an escape that goes on ('\\x41', '\\12')
    if src[len(lead):len(lead) + 1] in ("*", "+", "?", "{"):
        return None  # a quantified first token
    return lead


def _by_first_token(sources: list[str]) -> str:
    """One alternation that matches where one of ``sources`` does, those led by the same token as one branch.

    ' -| ,|,,' becomes ' (?:-|,)|,,': at a space ``re`` then tries one branch, not
    one per pattern led by a space (the joint pre-check runs on every changed line).
    """
    groups: dict[str, list[str]] = {}
    alone: list[str] = []
    for src in sources:
        lead = _lead(src)
        if lead is None:
            alone.append(f"(?:{src})")
        else:
            groups.setdefault(lead, []).append(src[len(lead):])
    branches = [lead + (f"(?:{'|'.join(rests)})" if any(rests) else "") for lead, rests in groups.items()]
    return "|".join(branches + alone)


def firing(
    fixes: Sequence[Callable[[str], list[Edit]]], text: str, quiet: Collection[Callable[[str], list[Edit]]] = ()
) -> list[Callable[[str], list[Edit]]]:
    """The ``fixes`` that may fire on ``text`` (as ``may_fire``), in their order; ``quiet`` ones are known not to."""
    # after a round of fixes most lines need nothing more: one scan of the joint
    # pre-check tells so, instead of one per pattern (about thirty)
    joint = _joint_precheck(tuple(fixes), text.isascii())
    if joint is not None and joint.search(text) is None:
        return [f for f in fixes if f in _ASCII_HINTS and f not in quiet and may_fire(f, text)]
    return [f for f in fixes if f not in quiet and may_fire(f, text)]


def word_hinted(fixes: Sequence[Callable[[str], list[Edit]]]) -> list[Callable[[str], list[Edit]]]:
    """Those of ``fixes`` whose pre-check on ASCII text sees only the runs of letters (see ``keeps_words``)."""
    return [f for f in fixes if f in _ASCII_HINTS]


def keeps_words(text: str, edits: Sequence[Edit], result: str) -> bool:
    """True when ``edits`` (sorted, disjoint; ``result`` is ``text`` with them) leave the runs of letters as they were.

    They then only take out and put in ASCII non-letters, and neither join two runs
    (a deletion between letters) nor split one (an insertion between letters). The
    ASCII pre-checks of ``word_hinted`` fixes, which see only those runs, then find on
    ``result`` exactly what they find on ``text``.
    """
    shift = 0
    for e in edits:
        changed = text[e.start:e.end] + e.replacement
        if not changed.isascii() or changed.lower() != changed.upper():
            return False  # a letter (or a non-ASCII character) taken out or put in
        at = e.start + shift  # where the replacement starts in ``result``
        if not e.replacement and 0 < at < len(result) and result[at - 1].isalpha() and result[at].isalpha():
            return False  # the letters on either side now touch
        if e.start == e.end and 0 < e.start < len(text) and text[e.start - 1].isalpha() and text[e.start].isalpha():
            return False  # an insertion inside a run of letters
        shift += len(e.replacement) - (e.end - e.start)
    return True


# -- checks (findings only) ------------------------------------------------------


@lru_cache(maxsize=1)
def _paragraphs(text: str) -> list[Paragraph]:
    # the checks run one after another on the same text: split it once (read-only)
    return split_paragraphs(text)


#: The marks check_unbalanced pairs up: a paragraph without one is balanced.
_PAIRED = "“”\"()[]（）"


def check_unbalanced(text: str) -> list[Finding]:
    """Quotation marks or brackets that do not pair up within a paragraph."""
    out: list[Finding] = []
    if not any(ch in text for ch in _PAIRED):
        return out  # str's 'in' scans far faster than a regex character class
    enum = _re("unbalanced-bracket", "enumeration")
    for p in _paragraphs(text):
        s = p.text
        if not any(ch in s for ch in _PAIRED):
            continue
        opens = [i for i, ch in enumerate(s) if ch == "“"]
        closes = [i for i, ch in enumerate(s) if ch == "”"]
        if len(opens) != len(closes):
            at = opens[-1] if len(opens) > len(closes) else closes[0]
            out.append(_finding("unbalanced-quote", p.start + at, p.start + at + 1,
                                f"{len(opens)} opening but {len(closes)} closing quotation marks in this paragraph"))
        straight = [i for i, ch in enumerate(s) if ch == '"' and not (i and s[i - 1].isdigit())]
        if len(straight) % 2:
            at = straight[-1]
            out.append(_finding("unbalanced-quote", p.start + at, p.start + at + 1,
                                'an odd number of " quotation marks in this paragraph'))
        skip = {m.end() - 1 for m in enum.finditer(s)}
        faces = {m.end() - 1 for m in _EMOTICON.finditer(s)} if ":" in s or ";" in s or "=" in s else set()
        stack: list[int] = []
        pairs = {")": "(", "]": "[", "）": "（"}
        for i, ch in enumerate(s):
            if i in faces:
                continue  # ":)" and ":(" open and close nothing
            if ch in "([（":
                stack.append(i)
            elif ch in pairs:
                if stack and s[stack[-1]] == pairs[ch]:
                    stack.pop()  # "(ISO 7)": an open bracket makes "7)" its close, not a list mark
                elif i not in skip:
                    out.append(_finding("unbalanced-bracket", p.start + i, p.start + i + 1,
                                        f"closing {ch!r} without an opening bracket"))
        for i in stack:
            out.append(_finding("unbalanced-bracket", p.start + i, p.start + i + 1,
                                f"opening {s[i]!r} is never closed"))
    return out


@lru_cache(maxsize=1)
def _run_on_hint() -> re.Pattern[str]:
    # A run-on finding needs 'word Starter word': a space after a lower-case letter, a
    # starter, a space and a lower-case letter. Found from the literal space (fast,
    # unlike the full pattern's leading \b), it tells which paragraphs can have one.
    starters = set(table()["run-on"]["starters"])
    # most spaces are followed by no starter's first letter: test that before the look-behind
    firsts = "".join(sorted({re.escape(w[0]) for w in starters}))
    return re.compile(" (?=[" + firsts + "])(?<=[a-z] )" + _trie(starters) + "(?= [a-z])")


def _trie(words: Collection[str]) -> str:
    """A pattern matching exactly ``words`` (non-empty), shared beginnings written once.

    'In|It|Its' becomes 'I(?:n|ts?)': ``re`` tries the alternatives one by one, so a
    capital after a space is tested against a few letters, not against fifty words.
    """
    ends = "" in words
    by_first: dict[str, list[str]] = {}
    for w in sorted(words):
        if w:
            by_first.setdefault(w[0], []).append(w[1:])
    branches = [re.escape(first) + _trie(rests) if rests != [""] else re.escape(first)
                for first, rests in by_first.items()]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


def check_run_on(text: str) -> list[Finding]:
    """'builds a new platform It will help': a full stop seems missing before a new sentence."""
    spec = table()["run-on"]
    starters = frozenset(spec["starters"])
    not_after = _words("run-on", "not_after") | _words("run-on", "title_words")
    hits = [m.start() for m in _run_on_hint().finditer(text)]
    out: list[Finding] = []
    if not hits:
        return out
    for p in _english_paragraphs(text):
        i = bisect.bisect_left(hits, p.start)
        if i == len(hits) or hits[i] >= p.end:
            continue  # no 'word Starter word' here: the full pattern would find nothing
        for m in _re("run-on", "pattern").finditer(p.text):
            prev, starter = m.group(1), m.group(2)
            if starter not in starters or prev.casefold() in not_after:
                continue
            start, end = p.start + m.start(), p.start + m.end()
            out.append(_finding("run-on", start, end,
                                f"'{prev} {starter}' looks like two sentences run together",
                                suggestion=f"{prev}. {starter}"))
    return out


@lru_cache(maxsize=1)
def _not_sentences() -> list[re.Pattern[str]]:
    return [re.compile(x, re.IGNORECASE) for x in table()["truncated"]["not_sentences"]]


def _heading_like(s: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", s) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


@lru_cache(maxsize=1)
def _captions() -> list[re.Pattern[str]]:
    return [re.compile(x, re.IGNORECASE) for x in table()["truncated"]["captions"]]


@lru_cache(maxsize=1)
def _image_lines() -> list[re.Pattern[str]]:
    return [re.compile(x, re.IGNORECASE) for x in table()["truncated"]["image_lines"]]


def _caption_shaped(s: str) -> bool:
    """Whether stripped line ``s`` could be a caption: not too long, and not broken off on a function word."""
    words = s.rstrip(TRAILING + "*_").split()
    # "...the university to": a sentence cut off, whatever photo it mentions
    last = words[-1].strip(_OPENERS + CLOSERS + "*_,;").casefold() if words else ""
    return len(words) <= table()["truncated"]["caption_max_words"] and last not in _words("truncated", "dangling")


def is_caption(s: str) -> bool:
    """Whether stripped line ``s`` is a photo caption or a credit line, which takes no full stop."""
    return any(r.search(s) for r in _captions()) and _caption_shaped(s)


def under_image(source: str, pos: int) -> bool:
    """Whether the line at ``pos`` of ``source`` comes right under an image line (blank lines between aside)."""
    end = source.rfind("\n", 0, pos)
    while end >= 0:
        start = source.rfind("\n", 0, end) + 1
        line = source[start:end]
        if line.strip():
            return any(r.search(line) for r in _image_lines())
        end = start - 1
    return False


def captions_image(source: str, pos: int, s: str) -> bool:
    """Whether stripped line ``s``, at ``pos`` of ``source``, is the caption of an image right above it."""
    return _caption_shaped(s) and under_image(source, pos)


def _ends_as_stated(line: str) -> bool:
    """Whether a line ends with a stop, a colon or a semicolon (emphasis and closing quotes aside)."""
    tail = line.strip().rstrip(TRAILING + "*_")  # "**Why?**": Markdown emphasis closes after the mark
    return not tail or tail[-1] in TERMINAL + ":;"


def check_truncated(text: str) -> list[Finding]:
    """A long paragraph that ends without a full stop: the translation may have cut it off."""
    spec = table()["truncated"]
    paras = _paragraphs(text)
    out = []
    first_sentence: int | None = None  # the index of the first paragraph that ends as a sentence
    for k, p in enumerate(paras):
        s = p.text.strip()
        if k == 0 and len(paras) > 1:
            continue  # the first line of an article is its title
        # the cheapest test first: most paragraphs end with a full stop
        if _ends_as_stated(s):
            continue
        if len(s.split()) < spec["min_words"] or latin_share(s) < table()["cjk-punct"]["min_latin_share"]:
            continue
        if any(r.search(s) for r in _not_sentences()) or _heading_like(s):
            continue
        if is_caption(s) or captions_image(text, p.start, s):
            continue  # "Rector Vadim Bogush (third from left) at the signing ceremony": a caption
        if first_sentence is None:
            first_sentence = next((i for i, q in enumerate(paras) if ends_sentence(q.text)), len(paras))
        if k < first_sentence and s.rsplit(None, 1)[-1].casefold() not in _words("truncated", "dangling"):
            continue  # above the first sentence: a headline, a dateline, unless it breaks off on "of", "the"
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if nxt is not None and nxt.start == p.end + 1 and nxt.text.lstrip()[:1].islower():
            continue  # a hard-wrapped paragraph: the sentence goes on in the next line
        prev = paras[k - 1] if k > 1 else None  # (the first line is the title: a line under it proves nothing)
        if any(q is not None and (q.end + 1 == p.start or p.end + 1 == q.start) and not _ends_as_stated(q.text)
               for q in (prev, nxt)):
            continue  # one of a run of lines without stops: a list, a poem, the items of a job advert
        # the finding points at the last word, where the sentence breaks off
        last = len(p.text.rstrip())
        first = p.text.rfind(" ", 0, last) + 1
        out.append(_finding("truncated", p.start + first, p.start + last,
                            "paragraph ends without a full stop: the sentence may have been cut off"))
    return out


#: Every check the stage runs.
CHECKS: tuple[Callable[[str], list[Finding]], ...] = (check_unbalanced, check_run_on, check_truncated)
