"""Names in English text and the ones that look like variants of one another.

Machine translation spells one person two ways ("Vadim Bogushi" and "Vadim
Bogush"), transliterates Cyrillic inconsistently ("Kovalev", "Kovalyov")
and swaps given names of the same title holder ("Rector Vadim Bogush" and
"Rector Vladimir Bogush" in one article). This module finds the names
(capitalised 2-3 word sequences, title words before them, organisation
n-grams; a Chinese surname in capitals, "WANG Jiayu", "Jiayu WANG";
initials, "A.V. Kovalev"; a name all in capitals, "VADIM BOGUSH", when the
text names that person in ordinary case too) and groups forms that are
near-duplicates once transliteration differences are folded away.
Different surnames are never grouped, nor gendered pairs (Ivanov /
Ivanova), nor two different Chinese surnames (Li / Lu, in either order),
nor initials and a given name they do not fit. A difference in capitals
alone is one spelling. Word lists live in ``polish/data/names/``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from typing import Any, Iterable, Mapping, NamedTuple

from polish.disjoint import DisjointSets

PERSON = "person"
ORGANISATION = "organisation"
#: why forms were grouped
SPELLING = "spelling"          # one name spelt two ways
GIVEN_NAME = "given-name"      # one surname (and title) with two given names
BE_RU = "belarusian-russian"   # one surname, the Belarusian and the Russian form of one given name

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
#: a capitalised word: "Bogush", "Vice-Rector", "O'Brien"; not "BSU", not "Bogush's". The look-back
#: (no word character before the capital) comes after the capital, as ``(?<![\w'’-].)``: a pattern
#: that opens with a character class lets the regex engine skip to the next capital letter in C,
#: and one that opens with a look-behind tries every position of the text. The possessive runs
#: (``++``, ``*+``) spare the engine backtracking that cannot succeed: a shorter run of lower-case
#: letters or fewer hyphenated parts leaves a letter or a hyphen next, which the final look-ahead
#: refuses. The apostrophe part stays greedy: without it the word may end before the apostrophe.
_TOKEN = re.compile(rf"[{_UPPER}](?<![\w'’-].)[{_LOWER}]++(?:-[{_UPPER}{_LOWER}][{_LOWER}]++)*+(?:['’][{_UPPER}][{_LOWER}]++)?(?![\w-])")
#: lower-case words allowed inside an organisation name
_CONNECTORS = {"of", "and", "for", "the", "on", "in", "de", "&"}
_MAX_ORG_TOKENS = 12


@lru_cache(maxsize=None)
def _words(name: str) -> frozenset[str]:
    """A word list from ``polish/data/names/<name>.txt`` (``#`` comments, one entry a line)."""
    text = resources.files("polish").joinpath("data", "names", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _org_keys() -> frozenset[str]:
    return frozenset(fold(w, False) for w in _words("org-words"))


@lru_cache(maxsize=1 << 16)
def is_org_word(word: str) -> bool:
    """True for an organisation head word, garbled spellings included ("Uniwersity")."""
    return word in _words("org-words") or fold(word, False) in _org_keys()


@lru_cache(maxsize=1)
def _fields() -> frozenset[str]:
    """Words that end the name of a department or academy branch ("... Technical Sciences")."""
    return _words("portfolios") | {"Sciences", "Technologies", "Mathematics", "Physics", "Chemistry", "Biology",
                                   "Engineering", "Humanities", "Economics", "Linguistics", "Philology", "History"}


@lru_cache(maxsize=1)
def _given_name_keys() -> dict[str, int]:
    """Folded spelling -> line number in ``given-name-pairs.txt`` (one line, one given name)."""
    out: dict[str, int] = {}
    for n, line in enumerate(sorted(_words("given-name-pairs"))):
        for form in line.split("="):
            out[fold(form.strip(), False)] = n
    return out


def same_given_name(a: str, b: str) -> bool:
    """True when two given names are the Belarusian and the Russian form of one (Uladzimir / Vladimir)."""
    keys = _given_name_keys()
    ka = keys.get(fold(a, False))
    return ka is not None and ka == keys.get(fold(b, False))


def _titles() -> frozenset[str]:
    return _words("titles")


def _chinese_surnames() -> frozenset[str]:
    return _words("chinese-surnames")


class NameMention(NamedTuple):
    """One occurrence of a name in a text (offsets into that text).

    A named tuple, not a dataclass: a folder run keeps every mention of every
    document until the end, and tuples are cheap to build, to pickle between
    processes and (holding only strings and ints) drop out of the garbage
    collector's scans.
    """

    text: str
    start: int
    end: int
    kind: str = PERSON
    #: the title word before a person's name ("Rector"), "" when none
    title: str = ""
    #: 1-based line, for reports that span documents
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
                "title": self.title, "line": self.line}


# --------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------


def _chains(text: str) -> list[list[re.Match[str] | str]]:
    """Runs of capitalised words, single-spaced, with lower-case connectors between them."""
    chains: list[list[Any]] = []
    cur: list[Any] = []
    last_end = -1
    for m in _TOKEN.finditer(text):
        gap = text[last_end:m.start()] if cur else None
        if cur and gap == " ":
            cur.append(m)
        elif cur and gap is not None and re.fullmatch(r" (?:[a-z&]+ ){1,2}", gap) and \
                all(w in _CONNECTORS for w in gap.split()):
            cur.extend(gap.split())
            cur.append(m)
        else:
            if cur:
                chains.append(cur)
            cur = [m]
        last_end = m.end()
    if cur:
        chains.append(cur)
    return chains


def _segments(chain: list[Any]) -> list[list[re.Match[str]]]:
    """A chain cut at its connectors: "Harbin Institute" | "Technology"."""
    parts: list[list[re.Match[str]]] = [[]]
    for item in chain:
        if isinstance(item, str):
            parts.append([])
        else:
            parts[-1].append(item)
    return [p for p in parts if p]


_OPENERS = ("The", "A", "An", "In", "At", "On", "By", "From", "With")


def _org_and_rest(text: str, chain: list[Any]) -> tuple[list[NameMention], list[list[re.Match[str]]]]:
    """The organisation names in a chain, and the segments left for person names.

    An organisation starts in a segment holding a head word ("University")
    and ends at the last head word of that segment, plus the segments joined
    to it by connectors ("... of Informatics and Radioelectronics") up to the
    next head word (another organisation: "Polotsk State University and
    Minsk State University") or title. What stands before it ("Rector of
    the") and after the head word in its segment ("... University Rector
    Vadim Bogush") is left for the person pass; a title just before the
    organisation stays with the name after it ("Rector of the Belarusian
    State University Vadim Bogush").
    """
    segs = _segments(chain)
    has_org = [any(is_org_word(t.group()) for t in seg) for seg in segs]
    found: list[NameMention] = []
    rest: list[list[re.Match[str]]] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        if not has_org[i]:
            rest.append(seg)
            i += 1
            continue
        j = max(n for n, t in enumerate(seg) if is_org_word(t.group()))
        head = seg[:j + 1]
        while head and head[0].group() in _OPENERS:
            head = head[1:]
        tail = seg[j + 1:]
        last = head[-1] if head else None
        i += 1
        if tail:
            titled = rest.pop() if rest and rest[-1][-1].group() in _titles() else []
            rest.append(titled + tail)
        else:
            while i < len(segs) and not has_org[i] and not any(t.group() in _titles() for t in segs[i]):
                seg = segs[i]
                last = seg[-1]
                i += 1
                # "... of Physical and Technical Sciences Aleksandr Ilyuschenko": a field of study ends
                # the organisation, and the two or three words after it are a person's name
                k = max((n for n, t in enumerate(seg) if t.group() in _fields()), default=-1)
                if k >= 0 and 2 <= len(seg) - k - 1 <= 3:
                    last = seg[k]
                    rest.append(seg[k + 1:])
                    break
        if head and last is not None:
            start, end = head[0].start(), last.end()
            if 2 <= len(text[start:end].split()) <= _MAX_ORG_TOKENS:
                found.append(NameMention(text[start:end], start, end, ORGANISATION))
    return found, rest


def _strip_title(
    text: str, toks: list[re.Match[str]], lower_title: str | None = None,
) -> tuple[str, list[re.Match[str]]]:
    """(title, the words after it); the title is the last title word in the run, or one just before it.

    ``lower_title`` is ``_lower_title(text, toks[0].start())`` when the caller already knows it.
    """
    titles = _titles()
    for i in range(len(toks) - 1, -1, -1):
        if i >= 1 and f"{toks[i - 1].group()} {toks[i].group()}" in titles:
            return f"{toks[i - 1].group()} {toks[i].group()}", toks[i + 1:]
        if toks[i].group() in titles:
            return toks[i].group(), toks[i + 1:]
    word = _lower_title(text, toks[0].start()) if lower_title is None else lower_title
    return (word, toks) if word else ("", toks)


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")


def _lower_title(text: str, pos: int) -> str:
    """A lower-case title right before ``pos`` ("the rector Vadim Bogush"), capitalised; "" when none."""
    # What ``re.search(r"([A-Za-z-]+)\.? $", text[pos - 40:pos])`` finds,
    # without its scan from every start position (this runs once per
    # capitalised run): the word of [A-Za-z-] before an optional period and
    # a space, the space at the end or before a final newline (as ``$``).
    lo = max(0, pos - 40)
    end = pos
    if end > lo and text[end - 1] == "\n":
        end -= 1
    if end <= lo or text[end - 1] != " ":
        return ""
    end -= 1
    if end > lo and text[end - 1] == ".":
        end -= 1
    titles = _lower_titles()  # the word, lower-case, whose capitalised parts make a title ("vice-rector")
    # The run of [A-Za-z-] cannot cross a space: try the text back to the last
    # space, and walk back letter by letter only when it holds other characters.
    word = text[max(lo, text.rfind(" ", lo, end) + 1):end]
    if word in titles:
        return titles[word]
    if word.isascii() and word.replace("-", "").isalpha():
        return ""  # all of it is the run, and not a title
    i = end
    while i > lo and text[i - 1] in _WORD_CHARS:
        i -= 1
    return titles.get(text[i:end], "")


@lru_cache(maxsize=1)
def _lower_titles() -> dict[str, str]:
    """Lower-case word -> its title, for the titles that are the word with each part capitalised."""
    out = {}
    for t in _titles():
        low = t.lower()
        # only words of [A-Za-z-]: what the look-back can find
        if "-".join(w.capitalize() for w in low.split("-")) == t and set(low) <= _WORD_CHARS:
            out[low] = t
    return out


#: a whole chain of ``_chains`` in one C-level match: capitalised words joined by
#: single spaces or by one or two connectors ("Institute of the Arts")
_CHAIN = re.compile(
    _TOKEN.pattern
    + "(?: (?:(?:" + "|".join(re.escape(w) for w in sorted(_CONNECTORS, key=lambda w: (-len(w), w)))
    + ") ){0,2}" + _TOKEN.pattern + ")+"  # two words at least: a name has two (no match starts inside a word)
)
#: chain -> the names in it (offsets relative to the chain), for chains whose names
#: do not depend on what stands before them, and (chain, context) -> names for the rest
_CHAIN_MEMO: dict[str, tuple[tuple[str, int, int, str, str], ...]] = {}
_CHAIN_CONTEXT_MEMO: dict[tuple[str, tuple[str, bool, str]], tuple[tuple[str, int, int, str, str], ...]] = {}
_CHAIN_MEMO_MAX = 1 << 16


def extract_names(text: str) -> list[NameMention]:
    """Person names (2-3 capitalised words, title words stripped) and organisation names in ``text``."""
    return [NameMention(*span) for span in name_spans(text)]


def name_spans(text: str) -> list[tuple[str, int, int, str, str]]:
    """``extract_names`` as (text, start, end, kind, title) tuples, for callers that build their own mentions."""
    return [(form, s + a, s + b, kind, title)
            for s, found in chain_names(text) for form, a, b, kind, title in found]


def chain_names(text: str) -> list[tuple[int, tuple[tuple[str, int, int, str, str], ...]]]:
    """The names of ``text`` run by run of capitalised words: (where the run starts, its names).

    Each run's names are (text, start, end, kind, title) with offsets
    relative to the run, by start; runs are in text order and their names
    do not overlap, so the names come out in the order of ``name_spans``.
    Runs without names are left out. A name of ``extra_names`` ("WANG
    Jiayu", "Jiayu WANG", "A. Kovalev") is a run of its own, and so is a
    name written all in capitals ("VADIM BOGUSH") that the text also
    names in ordinary case (see ``_shouted_names``).
    """
    # A chain's names depend on its own words and, through the title and
    # sentence-start checks, on the few characters before it, and nothing
    # else (see _chain_context); names recur from paragraph to paragraph and
    # document to document, so each chain (with its context, when that
    # matters) is worked out once.
    out: list[tuple[int, tuple[tuple[str, int, int, str, str], ...]]] = []
    free, bound = _CHAIN_MEMO, _CHAIN_CONTEXT_MEMO
    for cm in _CHAIN.finditer(text):
        chain = cm.group()
        found = free.get(chain)
        if found is None:
            key = (chain, _chain_context(text, cm.start()))
            found = bound.get(key)
            if found is None:
                found, uses_context = _names_in_chain(*key)
                if len(free) >= _CHAIN_MEMO_MAX or len(bound) >= _CHAIN_MEMO_MAX:
                    free.clear()  # bounded memory on a huge corpus of ever new names
                    bound.clear()
                if uses_context:
                    bound[key] = found
                else:
                    free[chain] = found
        if found:
            out.append((cm.start(), found))
    extras, shouted = _extras(text)
    if extras:
        out = _merged(out, extras)
    if shouted and out:
        found_in_capitals = _shouted_names(text, out, shouted)
        if found_in_capitals:
            out = _merged(out, found_in_capitals)
    return out


def _merged(
    runs: list[tuple[int, tuple[tuple[str, int, int, str, str], ...]]],
    extras: list[tuple[str, int, int, str, str]],
) -> list[tuple[int, tuple[tuple[str, int, int, str, str], ...]]]:
    """``chain_names`` runs with the names of ``extra_names`` as runs of their own, in text order;
    one that overlaps a name of the runs is left out."""
    taken = [(s + a, s + b) for s, found in runs for _, a, b, _, _ in found]
    out = list(runs)
    for form, start, end, kind, title in extras:
        if not any(a < end and start < b for a, b in taken):
            out.append((start, ((form, 0, end - start, kind, title),)))
    out.sort(key=itemgetter(0))
    return out


def _chain_context(text: str, pos: int) -> tuple[str, bool, str]:
    """What the text before a chain starting at ``pos`` tells: a lower-case title, a sentence start, a cut-off title.

    Every other look-back of the extraction starts inside the chain and
    stops within it: a word inside a chain follows another word or a
    connector and a space, never a period or a line break.
    """
    if pos >= 2 and text[pos - 1] == " ":
        c = text[pos - 2]
        # the usual cases, a word or a comma and a space: no sentence start
        # (that needs [.!?] or a line break) and no cut-off title (that needs ". ")
        if c in _WORD_CHARS:
            return _lower_title(text, pos), False, ""
        if c not in ".!?" and not c.isspace():
            return "", False, ""  # and no lower-case title (that needs a word or a period)
    return _lower_title(text, pos), _sentence_start(text, pos), _title_before(text, pos)


def _names_in_chain(
    chain_text: str, context: tuple[str, bool, str],
) -> tuple[tuple[tuple[str, int, int, str, str], ...], bool]:
    """(form, start, end, kind, title) of the names in one chain, offsets into ``chain_text``; and
    whether the context counted.

    The context is read only for a part that starts the chain and holds no
    title word: first for the lower-case title, then (with none) for the
    sentence start and the cut-off title. Whether that happens depends on
    the chain's words alone, so a chain that did not need it never does.
    """
    lower_title, at_sentence_start, title_before = context
    stop = _words("stopwords")
    out: list[tuple[str, int, int, str, str]] = []
    uses_context = False
    portfolio = _words("portfolios")
    for chain in _chains(chain_text):
        found, rest = _org_and_rest(chain_text, chain)
        out.extend((m.text, m.start, m.end, m.kind, m.title) for m in found)
        office = -1  # where a title that may go on with "of <portfolio>" starts ("Minister of Education")
        for part in rest:
            if office >= 0:
                k = 0
                while k < len(part) and part[k].group() in portfolio:
                    k += 1
                if k == len(part):  # "Minister of Education | of Belarus | Ivan Petrov": the title goes on
                    continue
                if k:
                    title = chain_text[office:part[k - 1].end()]
                    office = -1
                    inner, toks = _strip_title(chain_text, part[k:], "")
                    title = inner or title
                    out.extend(_person(chain_text, toks, title, stop))
                    continue
                office = -1
            if part[0].start() == 0:
                title, toks = _strip_title(chain_text, part, "")
                if not title:  # no title word in the part: what stands before the chain decides
                    uses_context = True
                    title = lower_title
            else:
                title, toks = _strip_title(chain_text, part)
            if not title:
                while toks and toks[0].group() in stop:
                    toks = toks[1:]
            if len(toks) == 3 and not title and \
                    (at_sentence_start if toks[0].start() == 0 else _sentence_start(chain_text, toks[0].start())) and \
                    not _PATRONYMIC.search(toks[1].group()) and toks[0].group() not in _chinese_surnames():
                # "Later Vladimir Bogush": a capitalised sentence opener, not a first name
                toks = toks[1:]
            if title and not toks:
                office = chain_text.rfind(title, 0, part[-1].end())
                continue
            if not title and toks and toks[0].start() > 0:
                title = _title_before(chain_text, toks[0].start())
            elif not title:
                title = title_before
            out.extend(_person(chain_text, toks, title, stop))
    # by start (stable), and kept so: chains do not overlap, so a text's names
    # come out in order without sorting them per document
    return tuple(sorted(out, key=itemgetter(1))), uses_context


def _person(text: str, toks: list[re.Match[str]], title: str,
            stop: frozenset[str]) -> list[tuple[str, int, int, str, str]]:
    """The person name ``toks`` make (2-3 words, none a stop, organisation or title word), or none."""
    if not 2 <= len(toks) <= 3:
        return []
    if any(t.group() in stop or is_org_word(t.group()) or t.group() in _titles() for t in toks):
        return []
    start, end = toks[0].start(), toks[-1].end()
    return [(text[start:end], start, end, PERSON, title)]


_PATRONYMIC = re.compile(r"(?:vich|vna|ich|ichna|ovych|ivna)$")
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|\n|^)[\"'“«(]?$")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos]
    return pos == 0 or bool(_SENTENCE_START.search(before))


_TITLE_BEFORE = re.compile(r"([A-Z][a-z]+)\. $")


def _title_before(text: str, start: int) -> str:
    """A title the period of an abbreviation cut off from the name ("Dr. Li Wei", "Prof. Li Wei")."""
    before = text[max(0, start - 12):start]
    if not before.endswith((". ", ". \n")):
        return ""  # the pattern needs ". " at the end (``$`` also stands before a final newline)
    m = _TITLE_BEFORE.search(before)
    if m and (m.group(1) in _titles() or f"{m.group(1)}." in _titles()):
        return m.group(1)
    return ""


# --------------------------------------------------------------------------
# Names the runs of capitalised words miss: all-caps surnames and initials
# --------------------------------------------------------------------------

#: initials Russian and Belarusian names are written with: one capital, or the two letters one
#: Cyrillic letter is romanised as (Ю. -> "Yu.", Ж. -> "Zh."); not "Dr.", "Mr.", "St."
_DIGRAPH_INITIALS = frozenset({"Yu", "Ya", "Ye", "Yo", "Zh", "Ch", "Sh", "Kh", "Ts"})
#: where one of them may start: an all-caps word before a capitalised one ("WANG Jiayu"), a run
#: of all-caps words ("VADIM BOGUSH", "FORUM OPENS IN MINSK"), an all-caps word after a word that
#: ends in a lower-case letter ("Jiayu WANG", "with BSU"), or a run of initials ("A.", "A.V.",
#: "A. V.", "Yu.V."). It opens with a capital and looks back only after it, so that the engine
#: skips to the next capital in C (see ``_TOKEN``); few places match, and a cheap word-list check
#: turns most away. The look-ahead (what every branch needs next) turns away a capitalised word
#: ("The") before the dearer look-back is tried: a fifth less time over English text.
_EXTRA = re.compile(
    r"[A-Z](?=[A-Z]|[a-z]?\.)(?<![\w.'’-].)(?:"
    r"[A-Z]{1,5}(?= [A-Z][a-z])"
    r"|[A-Z]*+(?: [A-Z]{2,}+)+(?![\w'’-])"
    r"|(?<=[a-z] .)[A-Z]{1,5}(?![\w'’-])"
    r"|[a-z]?\.(?: ?[A-Z][a-z]?\.){0,2})")
#: a capitalised word right after the space at ``pos``: a surname or a given name
_WORD_AT = re.compile(rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}]+)?(?![\w-])")
#: a capitalised word right before ``pos`` (read backwards is costly: the caller slices a few characters)
_WORD_BEFORE = re.compile(rf"(?<![\w'’-])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)? $")
#: a given name right before ``pos``: a capitalised word, its second part maybe lower-case ("Xiao-ming")
_GIVEN_BEFORE = re.compile(rf"(?<![\w'’-])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}{_LOWER}][{_LOWER}]+)? $")
_INITIAL = re.compile(r"[A-Z][a-z]?")
#: any word right before ``pos`` and a space
_LOWER_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z]+) $")
#: one pinyin syllable (initial and final); a Chinese given name is one to three of them
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er"
    r"|a|o|e|i|u|v)){1,3}")


def extra_names(text: str) -> list[tuple[str, int, int, str, str]]:
    """Person names written with an all-caps Chinese surname ("WANG Jiayu", "Jiayu WANG") or with
    initials ("A. Kovalev", "A.V. Kovalev", "Kovalev A.V."), as (text, start, end, kind, title)."""
    return _extras(text)[0]


def _extras(text: str) -> tuple[list[tuple[str, int, int, str, str]], list[tuple[int, int]]]:
    """``extra_names``, and the runs of all-caps words (start, end) for ``_shouted_names``."""
    out: list[tuple[str, int, int, str, str]] = []
    runs: list[tuple[int, int]] = []
    surnames = _chinese_surnames()
    for m in _EXTRA.finditer(text):
        word = m.group()
        if word[-1] == ".":
            span = _initials_name(text, m)
        elif " " in word:
            runs.append(m.span())
            continue
        elif word.capitalize() not in surnames:
            continue  # "BSU Rector", "with DUT": most matches end here
        elif text.startswith(" ", m.end()) and text[m.end() + 1:m.end() + 2].isupper():
            span = _caps_name(text, m)
        else:
            span = _caps_last_name(text, m)
        if span is not None and not (out and span[0] < out[-1][2]):  # "WANG Wang WANG": the first one
            start, end = span
            out.append((text[start:end], start, end, PERSON, _title_at(text, start)))
    return out, runs


def _caps_name(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """"WANG Jiayu" (``m`` a Chinese surname in capitals), then a pinyin given name."""
    given = _WORD_AT.match(text, m.end() + 1)
    if given is None or not is_pinyin(given.group()):
        return None
    if not _stands_alone(text, m.start(), given.end(), before=False):
        return None  # the capitals and the pinyin say enough: "Reporter WANG Jiayu" is a name too
    return m.start(), given.end()


def _caps_last_name(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """"Jiayu WANG": a pinyin given name, then ``m``, a Chinese surname in capitals; not "An MA", "Long HE"."""
    given = _GIVEN_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if given is None:
        return None
    word = given.group()[:-1]
    if not is_pinyin(word) or word.lower() in _common_words() or word in _words("stopwords") or \
            word in _words("chinese-places") or word in _titles() or is_org_word(word):
        # English words and places that read as pinyin ("In", "Long", "Dalian") lead acronyms ("MA", "HE")
        return None
    if not _stands_alone(text, given.start(), m.end()):
        return None
    return given.start(), m.end()


@lru_cache(maxsize=1 << 12)
def is_pinyin(word: str) -> bool:
    """True when every part of a capitalised word is one to three pinyin syllables ("Jiayu", "Jia-yu")."""
    return all(_PINYIN.fullmatch(p) for p in word.lower().split("-"))


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The commonest English words, lower case (``data/common-english-words.txt``)."""
    text = resources.files("polish").joinpath("data", "common-english-words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _shouted_names(
    text: str,
    runs: list[tuple[int, tuple[tuple[str, int, int, str, str], ...]]],
    shouted: list[tuple[int, int]],
) -> list[tuple[str, int, int, str, str]]:
    """Names in runs of all-caps words ("RECTOR VADIM BOGUSHI VISITS DALIAN") that the text also names
    in ordinary case: the same name, or a spelling of it ("Vadim Bogush").

    A headline in capitals has no shape that tells a name from other words, so the article decides:
    two or three words of the run make a name only when they are the name of a person mentioned in
    ordinary case, or spell it otherwise (``SPELLING``, ``BE_RU``), with one word at least the same.
    Two given names of one surname are not guessed: before a surname in capitals stands a verb as
    often as a given name.
    """
    persons = {form for _, found in runs for form, _, _, kind, _ in found if kind == PERSON}
    # a word of some person's name, in capitals: a run without one is passed over at the cost of a set
    # look-up per word (a text in capitals has thousands of runs, and a name in them is rare)
    known_words = {w.upper() for form in persons for w in form.split()}
    people: dict[tuple[str, str] | None, set[str]] | None = None  # built when a run has a candidate
    out: list[tuple[str, int, int, str, str]] = []
    for start, end in shouted:
        words = text[start:end].split(" ")  # the run's words are single-spaced
        if known_words.isdisjoint(words):
            continue
        if people is None:
            people = _people_by_block(persons)
        offsets = [start]
        for w in words:
            offsets.append(offsets[-1] + len(w) + 1)
        names = [w.capitalize() for w in words]
        free = [not _not_a_name(w) for w in names]
        i = 0
        while i < len(words) - 1:
            size = next((n for n in (3, 2) if i + n <= len(words) and all(free[i:i + n])
                         and not known_words.isdisjoint(words[i:i + n])
                         and _named_alike(" ".join(names[i:i + n]), people)), 0)
            if not size:
                i += 1
                continue
            a, b = offsets[i], offsets[i + size] - 1
            title = _shouted_title(names[:i]) or (_title_at(text, a) if i == 0 else "")
            out.append((text[a:b], a, b, PERSON, title))
            i += size
    return out


def _people_by_block(persons: set[str]) -> dict[tuple[str, str] | None, set[str]]:
    """Person forms in their house form, by comparison block."""
    people: dict[tuple[str, str] | None, set[str]] = defaultdict(set)
    for form in persons:
        h = house_form(form)
        people[_block_of(h, PERSON)].add(h)
    return people


@lru_cache(maxsize=1 << 12)
def _not_a_name(word: str) -> bool:
    """A capitalised word that is no part of a person's name: a stop, title or organisation word."""
    return word in _words("stopwords") or word in _titles() or is_org_word(word)


def _named_alike(form: str, people: Mapping[tuple[str, str] | None, set[str]]) -> bool:
    """True when ``form`` (words of a capitals run, capitalised) is, or spells, a person the text names."""
    near = people.get(_block_of(form, PERSON), ())
    return form in near or any(_person_relation_of(form, p, False, True) in (SPELLING, BE_RU) for p in near)


def _shouted_title(before: list[str]) -> str:
    """The title that ends the capitalised words before a name in a capitals run ("Rector", "Vice Rector")."""
    if len(before) >= 2 and f"{before[-2]} {before[-1]}" in _titles():
        return f"{before[-2]} {before[-1]}"
    return before[-1] if before and before[-1] in _titles() else ""


def _initials_name(text: str, m: re.Match[str]) -> tuple[int, int] | None:
    """"A. Kovalev", "A.V. Kovalev" or (two initials at least) "Kovalev A.V.": not "Dr. Li", "U.S. President"."""
    initials = _INITIAL.findall(m.group())
    if any(len(i) == 2 and i not in _DIGRAPH_INITIALS for i in initials):
        return None
    if m.group().replace(" ", "") in _words("not-initials"):
        return None  # "U.S. Embassy"
    if len(initials) == 1:
        label = _LOWER_WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if label is not None and label.group(1).lower() in _words("not-initials"):
            return None  # "group B. Students"
    after = _WORD_AT.match(text, m.end() + 1) if text.startswith(" ", m.end()) else None
    before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start()) if len(initials) >= 2 else None
    if before is not None and _surname_like(before.group()[:-1]) and not (after and _surname_like(after.group())):
        if _stands_alone(text, before.start(), m.end()) and not text[m.end():m.end() + 1].isalnum():
            return before.start(), m.end()
        return None
    if after is not None and _surname_like(after.group()) and _stands_alone(text, m.start(), after.end()):
        return m.start(), after.end()
    return None


def _surname_like(word: str) -> bool:
    """A capitalised word that may be a Russian or Belarusian surname: no stop, title or organisation word."""
    return not (word in _words("stopwords") or word in _titles() or is_org_word(word)
                or word in _chinese_surnames())


def _stands_alone(text: str, start: int, end: int, before: bool = True) -> bool:
    """True unless the name at [start, end) is part of a longer run of capitalised words.

    "F. Skorina Gomel State University" is a university, "Plan B. Minsk" no name: no capitalised word
    may follow the name, and (``before``) one just before it must be a title, an organisation or a
    stop word ("Rector", "University", "During").
    """
    if text.startswith(" ", end) and _WORD_AT.match(text, end + 1):
        return False
    if not before:
        return True
    prev = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if prev is None:
        return True
    word = prev.group()[:-1]
    return word in _titles() or is_org_word(word) or word in _words("stopwords") or word in _fields()


def _title_at(text: str, start: int) -> str:
    """The title before a name found by ``extra_names``: "Rector A. Kovalev", "Prof. LI Ming", "the dean ..."."""
    prev = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if prev is not None:
        word = prev.group()[:-1]
        two = _WORD_BEFORE.search(text, max(0, prev.start() - 40), prev.start())
        if two is not None and f"{two.group()}{word}" in _titles():
            return f"{two.group()}{word}"
        return word if word in _titles() else ""
    return _lower_title(text, start) or _title_before(text, start)


# --------------------------------------------------------------------------
# Transliteration-aware comparison
# --------------------------------------------------------------------------

#: Digraphs first (so that "kh" does not become "kg"), then letters that
#: different romanisations of Cyrillic swap, then vowel clusters.
_DIGRAPHS = (("shch", "š"), ("sch", "š"), ("sh", "š"), ("ch", "č"), ("zh", "ž"), ("kh", "ħ"),
             ("x", "ks"), ("tz", "c"), ("ts", "c"), ("ph", "f"), ("ck", "k"), ("q", "k"))
_SLAVIC_LETTERS = (("h", "g"), ("w", "v"))
_VOWELS = (("yo", "e"), ("ye", "e"), ("yu", "u"), ("ya", "a"), ("iy", "i"), ("yi", "i"), ("ij", "i"),
           ("y", "i"), ("j", "i"), ("ie", "e"))
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def is_chinese_name(name: str) -> bool:
    """True when the name starts with a common Chinese surname (read surname-first)."""
    first = name.split()[0] if name.split() else ""
    return first in _chinese_surnames()


@lru_cache(maxsize=1 << 16)
def _chinese(name: str) -> bool:
    """A Chinese name in either order: "Wang Jiayu", or "Jiayu Wang" (a pinyin given name, then a surname)."""
    if is_chinese_name(name):
        return True
    words = name.split()
    return len(words) == 2 and words[1] in _chinese_surnames() and is_pinyin(words[0])


# Callers here always pass ``chinese``: lru_cache keeps fold(w) and fold(w, False) apart, and a
# large glossary's words would be folded twice.
@lru_cache(maxsize=1 << 17)
def fold(token: str, chinese: bool = False) -> str:
    """A transliteration-folded key of one word: Kovalyov and Kovalev give the same key."""
    s = token.lower()
    if s.isascii():
        # NFKD leaves ASCII as it is and ASCII holds no combining marks: only the letter filter is left
        # (a 10,000-entry glossary brings thousands of words to fold when a process starts)
        if not s.isalpha():
            s = "".join(filter(str.isalpha, s))
    else:
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch) and ch.isalpha())
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    if not chinese:
        # Belarusian Г is romanised H, Russian G (Homel / Gomel)
        for a, b in _SLAVIC_LETTERS:
            s = s.replace(a, b)
        for a, b in _VOWELS:
            s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s) if _DOUBLE.search(s) else s  # most words have no doubled letter


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The folded key of a whole name (words folded one by one, joined by spaces)."""
    chinese = is_chinese_name(name)
    return " ".join([fold(w, chinese) for w in name.split()])


def _skeleton(key: str) -> str:
    return re.sub(r"[aeiouy]", "", key)


def similar_words(a: str, b: str, chinese: bool = False) -> bool:
    """True when two words of a name look like spellings of one word."""
    from rapidfuzz.distance import OSA

    if a == b:
        return True
    ka, kb = fold(a, chinese), fold(b, chinese)
    if ka == kb:
        return True
    if chinese and a in _chinese_surnames() and b in _chinese_surnames():
        return False  # Li and Lu, Wang and Wan: two families
    if ka + "a" == kb or kb + "a" == ka:
        return False  # Ivanov / Ivanova: a gendered pair, possibly two people
    dist = OSA.distance(ka, kb)
    shorter = min(len(ka), len(kb))
    # Vowel changes and an added vowel (Bogush / Bogushi, Wei / Wai) keep
    # the consonants; a consonant slip is accepted only in long words.
    if _skeleton(ka) == _skeleton(kb) and _skeleton(ka) and dist <= max(1, shorter // 3):
        return True
    return shorter >= 6 and dist <= 1


def person_parts(name: str) -> tuple[str, str]:
    """(given name, surname) of a person's name; Chinese names are read surname-first, initials as the given name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    initials = initials_parts(name)
    if initials is not None:
        surname = initials[1]
        return (name[len(surname) + 1:] if name.startswith(surname + " ") else name[:-len(surname) - 1]), surname
    if is_chinese_name(name):
        return " ".join(words[1:]), words[0]
    return words[0], words[-1]


_INITIALS_WORD = re.compile(r"(?:[A-Z][a-z]?\.)+")


@lru_cache(maxsize=1 << 16)
def initials_parts(name: str) -> tuple[tuple[str, ...], str] | None:
    """(initials, surname) of a name written with initials ("A.V. Kovalev", "Kovalev A. V."), else None."""
    if "." not in name:
        return None
    words = name.split()
    if len(words) < 2:
        return None
    if all(_INITIALS_WORD.fullmatch(w) for w in words[:-1]) and not _INITIALS_WORD.fullmatch(words[-1]):
        return tuple(_INITIAL.findall("".join(words[:-1]))), words[-1]
    if all(_INITIALS_WORD.fullmatch(w) for w in words[1:]) and not _INITIALS_WORD.fullmatch(words[0]):
        return tuple(_INITIAL.findall("".join(words[1:]))), words[0]
    return None


@lru_cache(maxsize=1 << 16)
def house_form(name: str) -> str:
    """The name with a surname in capitals written as a name ("WANG Jiayu" -> "Wang Jiayu").

    Chinese press offices write surnames in capitals; the spelling is the same.
    """
    words = name.split(" ")
    if not any(len(w) > 1 and w.isupper() and w.isalpha() for w in words):
        return name
    return " ".join(w.capitalize() if len(w) > 1 and w.isupper() and w.isalpha() else w for w in words)


def _initials_fit(a: str, b: str) -> bool:
    """True when the initials of one name fit the other's given names or initials ("A." / "Alexander", "A." / "A.V.")."""
    pa, pb = initials_parts(a), initials_parts(b)
    # a full form's given name and patronymic: every word but the surname (person_parts keeps the first only)
    la = pa[0] if pa is not None else tuple(a.split()[:-1])
    lb = pb[0] if pb is not None else tuple(b.split()[:-1])
    if not la or not lb:
        return False
    for x, y in zip(la, lb):
        if not (y.startswith(x) if pa is not None else x.startswith(y)):
            return False
    return True


@lru_cache(maxsize=1 << 16)
def consistent_forms(a: str, b: str) -> bool:
    """True when two forms, one written with initials, name one person the same way ("A. Kovalev" / "Alexander Kovalev")."""
    if initials_parts(a) is None and initials_parts(b) is None:
        return False
    return person_parts(a)[1] == person_parts(b)[1] and _initials_fit(a, b)


def _initials_relation(a: str, b: str, sa: str, sb: str) -> str | None:
    """Why a form written with initials and another look like one person: the surname spelt two ways."""
    if sa == sb or not _initials_fit(a, b):
        return None  # the same spelling (consistent), or other initials (another person)
    return SPELLING


def _ambiguous_initials(forms: list[str]) -> set[str]:
    """Forms with initials that fit the given names of two people ("A. Kovalev" beside "Anna" and "Alexander")."""
    out = set()
    full = [f for f in forms if initials_parts(f) is None]
    for f in forms:
        if initials_parts(f) is None:
            continue
        givens = [person_parts(g)[0].split()[0] for g in full if _surnames_similar(f, g) and _initials_fit(f, g)]
        if any(not similar_words(x, y) for x in givens for y in givens):
            out.add(f)
    return out


def suggestion_for(canonical: str, form: str) -> str:
    """The suggested form as ``form`` writes names: its initials and its capital surname kept, only the spelling changed.

    "A. Kovalev" beside the suggested "Alexander Kovalyov" gets "A. Kovalyov"; "WANG Jiayou" beside
    "Wang Jiayu" gets "WANG Jiayu", and "VADIM BOGUSHI" beside "Vadim Bogush" "VADIM BOGUSH".
    """
    canon = house_form(canonical)
    if form.isupper() and len(form.split()) > 1 and all(len(w) > 1 for w in form.split()):
        return canon.upper()  # a name all in capitals (a headline): initials have a lower-case letter or a period
    if initials_parts(form) is not None or initials_parts(canon) is not None:
        own, surname = person_parts(form)[1], person_parts(canon)[1]
        if form.startswith(own + " "):
            return surname + form[len(own):]
        return form[:len(form) - len(own)] + surname
    if house_form(form) != form and canon == house_form(canon):
        words = canon.split(" ")
        i = 0 if is_chinese_name(canon) else len(words) - 1
        words[i] = words[i].upper()
        return " ".join(words)
    return canon


# --------------------------------------------------------------------------
# Grouping
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownNames:
    """What a glossary already settles: each form's entry, each entry's canonical form."""

    entry_of: Mapping[str, str] = field(default_factory=dict)
    canonical: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_glossary(cls, glossary: Any) -> "KnownNames":
        """Forms of every entry of a ``polish.glossary.model.Glossary`` (earlier entries win)."""
        entry_of: dict[str, str] = {}
        canonical: dict[str, str] = {}
        for e in getattr(glossary, "entries", ()):
            if getattr(e, "kind", "person") not in _NAMED_KINDS:
                continue  # a title or a term is no one's name ("Associate Professors" is a heading)
            canonical.setdefault(e.id, e.canonical)
            for form in (e.canonical, *e.variants, *e.admitted):
                if form:
                    entry_of.setdefault(_norm(form), e.id)
        return cls(entry_of, canonical)

    def entry(self, form: str) -> str | None:
        """The id of the entry that lists ``form``, if any."""
        return self.entry_of.get(_norm(form))

    def is_canonical(self, form: str) -> bool:
        """True when ``form`` is some entry's canonical form."""
        eid = self.entry(form)
        return eid is not None and _norm(self.canonical.get(eid, "")) == _norm(form)

    def blocks(self) -> "dict[tuple[str, str], _Block]":
        """Canonical forms that can join a group, by comparison block; built once per glossary."""
        cached = self.__dict__.get("_blocks")
        if cached is None:
            forms: dict[tuple[str, str], list[str]] = defaultdict(list)
            kinds: dict[str, str] = {}
            for canon in dict.fromkeys(self.canonical.values()):
                if canon and 2 <= len(canon.split()) <= _MAX_ORG_TOKENS:
                    kind = _kind_of(canon)
                    key = _block_of(canon, kind)
                    if key is not None:
                        kinds[canon] = kind
                        forms[key].append(canon)
            cached = {k: _Block(sorted(v), kinds, k[0]) for k, v in forms.items()}
            # frozen dataclass: the cache is derived state, not part of the value
            object.__setattr__(self, "_blocks", cached)
        return cached


#: the glossary kinds whose forms name someone or something (the rest are titles, terms, labels)
_NAMED_KINDS = frozenset({"person", "organisation", "place", "programme"})


def _norm(form: str) -> str:
    return " ".join(form.casefold().split())


@dataclass
class VariantGroup:
    """Forms that look like one person or organisation, best form first."""

    forms: tuple[str, ...]
    counts: dict[str, int]
    kind: str
    reason: str
    #: the suggested form: a glossary canonical in the group, else the most frequent
    canonical: str
    #: the glossary entry whose canonical the suggestion is, if any
    entry: str | None = None
    #: form -> every spelling of it in the text, when it also stands with other capitals ("WANG Jiayu", "Wang Jiayu")
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def minority(self) -> tuple[str, ...]:
        """Every form but the suggested one and those that agree with it ("A. Kovalev" beside "Alexander Kovalev")."""
        return tuple(f for f in self.forms if f != self.canonical and not consistent_forms(f, self.canonical))

    def spelled(self, form: str) -> tuple[str, ...]:
        """The spellings of ``form`` in the text: itself and the same name with other capitals."""
        return self.spellings.get(form, (form,))

    @property
    def flagged(self) -> tuple[str, ...]:
        """The spellings of every minority form: what a finding stands on."""
        return tuple(s for f in self.minority for s in self.spelled(f))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        out = {"forms": list(self.forms), "counts": dict(self.counts), "kind": self.kind,
               "reason": self.reason, "canonical": self.canonical, "entry": self.entry}
        if self.spellings:
            out["spellings"] = {f: list(s) for f, s in self.spellings.items()}
        return out


def _person_relation(a: str, b: str, titles_a: set[str], titles_b: set[str], same_document: bool) -> str | None:
    """Why two person forms look like one person (SPELLING, GIVEN_NAME), or None."""
    # The titles only matter through whether the two forms share one, and the
    # same pairs come back in document after document: the answer is kept.
    return _person_relation_of(a, b, not titles_a.isdisjoint(titles_b), same_document)


@lru_cache(maxsize=1 << 16)
def _surnames_similar(a: str, b: str) -> bool:
    """What ``_person_relation`` asks first: without it two person forms are never one person."""
    chinese = _chinese(a) or _chinese(b)
    return similar_words(person_parts(a)[1], person_parts(b)[1], chinese)


@lru_cache(maxsize=1 << 16)
def _person_relation_of(a: str, b: str, share_title: bool, same_document: bool) -> str | None:
    """``_person_relation`` once the titles are reduced to whether the forms share one."""
    chinese = _chinese(a) or _chinese(b)
    ga, sa = person_parts(a)
    gb, sb = person_parts(b)
    if not similar_words(sa, sb, chinese):
        return None  # different surnames: different people
    if initials_parts(a) is not None or initials_parts(b) is not None:
        # initials fit many given names: only inside one article, and not Chinese ones (too few initials)
        return _initials_relation(a, b, sa, sb) if same_document and not chinese else None
    given_a, given_b = ga.split(), gb.split()
    if chinese and len(given_a) != len(given_b) and similar_words("".join(given_a), "".join(given_b), chinese):
        return SPELLING  # a Chinese given name written in one word or two: Guo Dongming / Guo Dong Ming
    if len(a.split()) != len(b.split()) and fold(sa, chinese) == fold(sb, chinese) and \
            given_a[:1] == given_b[:1]:
        return None  # the full form with a patronymic next to the short one: both right
    if len(given_a) == len(given_b) and all(similar_words(x, y, chinese) for x, y in zip(given_a, given_b)):
        return SPELLING
    if not chinese and len(given_a) == len(given_b) == 1 and same_given_name(given_a[0], given_b[0]):
        return BE_RU  # Uladzimir / Vladimir Karanik: one person, in two languages' spelling
    if not same_document or not given_a or not given_b or fold(sa, chinese) != fold(sb, chinese):
        return None
    # One surname, two given names, in one article: the same title holder
    # (Rector Vadim / Vladimir Bogush), or, for non-Chinese names, two given
    # names with the same initial (Chinese given names share initials too often).
    if not chinese and _feminine(given_a[0]) != _feminine(given_b[0]):
        return None  # Ivan and Irina Kovalenko: a man and a woman of one family
    if share_title:
        return GIVEN_NAME
    if not chinese and given_a[0][0] == given_b[0][0]:
        return GIVEN_NAME
    return None


def _feminine(given: str) -> bool:
    """A Slavic or Western given name read as a woman's: it ends in -a or -ya (Irina, Olga, Volha, Maria)."""
    return given.lower().endswith(("a", "ya", "ia")) and given.lower() not in _MASCULINE_IN_A


#: men's given names that end in -a all the same
_MASCULINE_IN_A = frozenset({"nikita", "ilya", "ilia", "foma", "kuzma", "luka", "savva", "mykola", "danila"})


def preference(form: str, count: int, titles: int = 0) -> tuple:
    """Sort key of the form to suggest: frequent, titled, head words spelt right, short."""
    words = form.split()
    heads = sum(1 for w in words if w in _words("org-words"))
    # Pinyin writes a given name as one word (Guo Dongming, not Guo Dong Ming), and English
    # news names a person without the patronymic (Sergei Khakhomov): first of all
    one_word_given = not (len(words) == 3 and is_chinese_name(form))
    # ... and unhyphenated (Liu Jianguo, not Liu Jian-guo), when the name is Chinese
    unhyphenated = not (len(words) == 2 and "-" in words[1] and is_chinese_name(words[0] + " " + words[1].replace("-", " ")))
    no_patronymic = not (len(words) == 3 and _PATRONYMIC.search(words[1]))
    # the full name rather than initials when both are as frequent
    full = initials_parts(form) is None
    return (one_word_given, unhyphenated, no_patronymic, count, full, titles, heads, -len(form), form)


@lru_cache(maxsize=1 << 16)
def _org_similar(a: str, b: str) -> bool:
    """Two organisation names that differ only in the spelling of some words."""
    from rapidfuzz import fuzz

    ka, kb = name_key(a), name_key(b)
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    differing = 0
    for x, y in zip(wa, wb):
        if x.casefold() == y.casefold():
            continue
        if is_org_word(x) or is_org_word(y):
            if fold(x, False) != fold(y, False):
                return False  # another kind of body (Institute vs University)
            differing += 1  # a garbled head word (Uniwersity)
            continue
        if x in _CONNECTORS or y in _CONNECTORS:
            return False  # another relation (of / for)
        if fuzz.ratio(fold(x, False), fold(y, False)) < 80:
            return False  # Minsk vs Omsk, State vs National
        differing += 1
    return 0 < differing < len(wa)


#: above this many forms in a block, candidates are prefiltered with rapidfuzz (C++) first
_PREFILTER_FROM = 64


@lru_cache(maxsize=1 << 16)  # per form, and forms recur from document to document
def _kind_of(form: str) -> str:
    return ORGANISATION if any(is_org_word(w) for w in form.split()) else PERSON


@lru_cache(maxsize=1 << 16)  # per form, and forms recur from document to document
def _block_of(form: str, kind: str) -> tuple[str, str] | None:
    """Forms are compared only within a block; None when the form takes no part."""
    if kind != PERSON:
        return (kind, "")  # organisations: compared all with all (prefiltered when many)
    words = form.split()
    if not 2 <= len(words) <= 3:
        return None
    # "Jiayu Wang" (Western order) is compared with "Wang Jiayu": its surname folds as Chinese too
    chinese = is_chinese_name(form) or (len(words) == 2 and words[1] in _chinese_surnames())
    return (kind, fold(person_parts(form)[1], chinese)[:1])


class _Block:
    """Glossary canonical forms of one comparison block.

    The detailed comparisons (folding, per-word distances) are Python and slow;
    a glossary brings thousands of canonical forms, so above a few dozen a single
    C++ pass of rapidfuzz's ratio with a loose cut-off picks the few worth a closer look.
    Organisation blocks first narrow the forms with an index that follows from
    ``_org_similar`` (see ``_org_candidates``), so the ratio runs over a handful
    of forms instead of the whole glossary. What ``near`` answers for a form
    depends on the glossary only, so it is kept for the next document.
    """

    #: answers kept per block; past this the memo starts afresh (bounded memory on huge corpora)
    _MEMO_MAX = 1 << 16

    def __init__(self, forms: list[str], kinds: Mapping[str, str], kind: str = PERSON) -> None:
        self.forms = forms
        self.kinds = kinds
        self._lowered = [f.casefold() for f in forms] if len(forms) > _PREFILTER_FROM else None
        self._memo: dict[str, list[str]] = {}
        self._related: dict[str, list[str]] = {}
        self._by_word: dict[tuple[int, int, str], list[int]] | None = None
        self._by_squashed: dict[str, list[int]] = {}
        if kind == ORGANISATION:
            by_word: dict[tuple[int, int, str], list[int]] = defaultdict(list)
            squashed: dict[str, list[int]] = defaultdict(list)
            for n, form in enumerate(forms):  # locals only: this runs for every word of the glossary
                words = form.split()
                size = len(words)
                for i, w in enumerate(words):
                    by_word[size, i, w.casefold()].append(n)
                squashed[name_key(form).replace(" ", "")].append(n)
            self._by_word = dict(by_word)
            self._by_squashed = dict(squashed)

    def near(self, a: str) -> list[str]:
        """Forms worth comparing with ``a``."""
        hit = self._memo.get(a)
        if hit is None:
            hit = self._near(a)
            if len(self._memo) >= self._MEMO_MAX:
                self._memo.clear()
            self._memo[a] = hit
        return hit

    def related(self, a: str) -> list[str]:
        """``near`` narrowed to the forms the detailed comparison can group with ``a``.

        Whether it can depends on the two forms alone (for people: similar
        surnames, whatever the titles), so the answer is kept like ``near``'s;
        the pairs left out would join nothing.
        """
        hit = self._related.get(a)
        if hit is None:
            can = _org_similar if self._by_word is not None else _surnames_similar
            hit = [b for b in self.near(a) if can(a, b)]
            if len(self._related) >= self._MEMO_MAX:
                self._related.clear()
            self._related[a] = hit
        return hit

    def _near(self, a: str) -> list[str]:
        if self._by_word is not None:
            idx = self._org_candidates(a)
            if self._lowered is None:
                return sorted(self.forms[i] for i in idx)
            from rapidfuzz import fuzz

            low = a.casefold()
            return sorted(self.forms[i] for i in idx if fuzz.ratio(low, self._lowered[i], score_cutoff=60))
        if self._lowered is None:
            return self.forms
        from rapidfuzz import fuzz, process

        hits = process.extract(a.casefold(), self._lowered, scorer=fuzz.ratio, score_cutoff=60, limit=None)
        return sorted(self.forms[i] for _, _, i in hits)

    def _org_candidates(self, a: str) -> set[int]:
        """Every form ``_org_similar`` can accept for ``a``, and a few more.

        It accepts a form with the same folded key once spaces are dropped,
        or one of the same word count that differs in fewer than all of its
        words, so sharing a word (case aside) at the same position.
        """
        assert self._by_word is not None
        words = a.split()
        out: set[int] = set(self._by_squashed.get(name_key(a).replace(" ", ""), ()))
        for i, w in enumerate(words):
            out.update(self._by_word.get((len(words), i, w.casefold()), ()))
        return out


#: positions in a NameMention, and in the (text, start, end, kind, title) tuples of ``name_spans``
_TEXT, _KIND, _TITLE = itemgetter(0), itemgetter(3), itemgetter(4)


def tally(
    mentions: Iterable[NameMention] | Iterable[tuple[str, int, int, str, str]],
) -> tuple[Counter, dict[str, str], defaultdict[str, set[str]]]:
    """Form -> mentions, form -> the kind of its first mention, form -> its titles.

    ``mentions`` are NameMentions or ``name_spans`` tuples.
    """
    # map/zip/filter over itemgetters keep the per-mention work in C: a document has hundreds of mentions
    ms = mentions if isinstance(mentions, (list, tuple)) else list(mentions)
    counts = Counter(map(_TEXT, ms))
    # from the last mention back, so that each form's first mention is written last and wins
    kinds = dict(zip(map(_TEXT, reversed(ms)), map(_KIND, reversed(ms))))
    titles: defaultdict[str, set[str]] = defaultdict(set)
    for m in filter(_TITLE, ms):
        titles[m[0]].add(m[4])
    return counts, kinds, titles


def group_variants(
    mentions: Iterable[NameMention] | Mapping[str, int],
    known: KnownNames | None = None,
    same_document: bool = True,
    titles: Mapping[str, set[str]] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> list[VariantGroup]:
    """Groups of name forms that look like one person or organisation.

    ``mentions`` are NameMentions (counted here) or a form -> count mapping
    (then ``titles`` and ``kinds`` may say more about each form).
    ``same_document`` allows the given-name rule, which only holds inside
    one article. Glossary canonical forms close to a form join its group
    and become the suggestion; a group the glossary already settles (every
    form listed under one entry) is not returned.
    """
    known = known or KnownNames()
    if isinstance(mentions, (dict, AbcMapping)):  # dict first: a C check, not the ABC machinery
        counts: Counter = Counter(mentions)
        form_titles: dict[str, set[str]] = defaultdict(set)
        for f, t in (titles or {}).items():
            form_titles[f] |= set(t)
        form_kind = dict(kinds or {})
    else:
        counts, form_kind, form_titles = tally(mentions)
    for f in counts:
        if f not in form_kind:
            form_kind[f] = _kind_of(f)
    # "WANG Jiayu" and "Wang Jiayu" are one spelling: compared as one form, shown as the commoner
    shown: dict[str, str] = {}
    spelled: dict[str, list[str]] = {}
    if any(house_form(f) != f for f in counts):
        counts, form_kind, form_titles, shown, spelled = _by_house_form(counts, form_kind, form_titles)

    union = DisjointSets()
    reasons: dict[str, str] = {}
    seen_blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in counts:
        key = _block_of(f, form_kind[f])
        if key is not None:
            seen_blocks[key].append(f)
    glossary_blocks = known.blocks()
    for key, seen_forms in seen_blocks.items():
        kind = key[0]
        seen_forms.sort()
        gblock = glossary_blocks.get(key)
        if kind == PERSON and same_document and any(initials_parts(f) is not None for f in seen_forms):
            ambiguous = _ambiguous_initials(seen_forms)
            seen_forms = [f for f in seen_forms if f not in ambiguous]
        for i, a in enumerate(seen_forms):
            # Only pairs with a form seen in the text: two glossary forms are the
            # glossary's business, and skipping them keeps a large glossary cheap.
            others = seen_forms[i + 1:]
            if gblock is not None:
                others = others + [b for b in gblock.related(a) if b not in counts]
            for b in others:
                if kind == PERSON:
                    why = _person_relation(a, b, form_titles[a], form_titles[b], same_document)
                else:
                    why = SPELLING if _org_similar(a, b) else None
                if why:
                    # the most cautious reason of the two groups joined speaks for the whole: two
                    # given names may be two people
                    why = min((why, reasons.get(union.find(a), why), reasons.get(union.find(b), why)),
                              key=_REASON_ORDER.index)
                    union.join(a, b)
                    form_kind.setdefault(b, gblock.kinds.get(b, kind) if gblock else kind)
                    reasons[union.find(a)] = why

    members: dict[str, list[str]] = defaultdict(list)
    for f in union.parent:
        members[union.find(f)].append(f)
    groups: list[VariantGroup] = []
    for root, forms in members.items():
        seen = [f for f in forms if counts[f] > 0]
        if len(forms) < 2 or not seen:
            continue
        entries = {known.entry(f) for f in forms}
        if len(entries) == 1 and None not in entries:
            continue  # the glossary already lists every form under one entry
        canon_forms = [f for f in forms if known.is_canonical(f)]
        if canon_forms:
            canonical = max(canon_forms, key=lambda f: (counts[f], f))
            entry = known.entry(canonical)
        else:
            # a form some entry lists as a variant is known to be wrong: never the one to suggest
            open_forms = [f for f in seen if known.entry(f) is None] or seen
            canonical = max(open_forms, key=lambda f: preference(f, counts[f], len(form_titles[f])))
            entry = None
        if canonical not in seen and len(seen) == 1 and known.entry(seen[0]) == entry:
            continue  # a listed variant or admitted form next to its own canonical
        if all(f == canonical or consistent_forms(f, canonical) for f in seen):
            continue  # "A. Kovalev" beside "Alexander Kovalev": one person, named alike
        ordered = tuple([canonical] + sorted((f for f in forms if f != canonical and counts[f] > 0),
                                             key=lambda f: (-counts[f], f)))
        groups.append(VariantGroup(
            forms=tuple(shown.get(f, f) for f in ordered),
            counts={shown.get(f, f): counts[f] for f in ordered},
            kind=form_kind[canonical],
            reason=reasons[union.find(root)],
            canonical=shown.get(canonical, canonical),
            entry=entry,
            spellings={shown[f]: tuple(spelled[f]) for f in ordered if len(spelled.get(f, ())) > 1},
        ))
    groups.sort(key=lambda g: (-sum(g.counts.values()), g.canonical))
    return groups


_REASON_ORDER = (GIVEN_NAME, BE_RU, SPELLING)


def _by_house_form(
    counts: Counter, kinds: dict[str, str], titles: Mapping[str, set[str]],
) -> tuple[Counter, dict[str, str], defaultdict[str, set[str]], dict[str, str], dict[str, list[str]]]:
    """Counts, kinds and titles of ``group_variants`` by house form; each house form's spelling to show
    (the commonest, the name's own capitals on a tie) and all its spellings, commonest first."""
    by: dict[str, list[str]] = defaultdict(list)
    for f in counts:
        by[house_form(f) if kinds[f] == PERSON else f].append(f)
    new_counts: Counter = Counter()
    new_kinds: dict[str, str] = {}
    new_titles: defaultdict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    spelled: dict[str, list[str]] = {}
    for h, fs in by.items():
        fs.sort(key=lambda f: (-counts[f], f != h, f))
        new_counts[h] = sum(counts[f] for f in fs)
        new_kinds[h] = kinds[fs[0]]
        for f in fs:
            new_titles[h] |= set(titles.get(f, ()))
        shown[h] = fs[0]
        spelled[h] = fs
    return new_counts, new_kinds, new_titles, shown, spelled


def describe(group: VariantGroup, where: Mapping[str, str] | None = None) -> str:
    """The one-line message for a group: 'Names "A" (1×) and "B" (3×) look like one person; ...'."""
    # the forms to change first, the suggested one last
    forms = sorted(group.minority, key=lambda f: (group.counts.get(f, 0), f)) + [group.canonical]
    parts = []
    for f in forms:
        n = group.counts.get(f, 0)
        extra = f" in {where[f]}" if where and f in where else ""
        parts.append(f'"{f}" ({n}×{extra})' if n else f'"{f}" (glossary)')
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    what = "one person" if group.kind == PERSON else "one organisation"
    if group.reason == GIVEN_NAME and group.kind == PERSON:
        what = "one person (one surname, two given names in one article)"
    elif group.reason == BE_RU and group.kind == PERSON:
        what = "one person (the Belarusian and the Russian form of one given name)"
    action = f"add a variant to glossary entry {group.entry}" if group.entry else "add a glossary entry"
    if group.reason == GIVEN_NAME and group.kind == PERSON:
        # father and son, two brothers: the source decides; a variant added blindly would rename one
        action = "check the source before adding " + ("a variant to glossary entry " + group.entry if group.entry
                                                      else "a glossary entry") + ": they may be two people"
    return f"Names {listed} look like {what}; {action}"
