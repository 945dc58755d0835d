"""Readability scores through textstat's language-aware functions, offline.

textstat's top-level object keeps the language as global state
(``set_lang``); the ``textstat.backend`` functions take it as an argument,
so paragraphs in different languages can be scored side by side. English
syllables come from the CMU dictionary (see ``polish.nltk_setup``); other
languages use pyphen's hyphenation patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse, islice
from typing import Any, Iterable, NamedTuple

from polish.model import Paragraph

#: Sentence pieces as textstat counts them, kept inside one line (a paragraph).
_SENTENCE = re.compile(r"\b[^.!?\n]+[.!?]*", re.UNICODE)


@dataclass(frozen=True)
class Scores:
    """Readability of one text; a metric is None where textstat has no formula for the language."""

    flesch_reading_ease: float | None
    flesch_kincaid_grade: float | None
    gunning_fog: float | None
    smog_index: float | None
    words: int
    sentences: int
    lang: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (metrics rounded to two decimals), fields in declaration order."""
        # Written out rather than dataclasses.asdict, which deep-copies field
        # by field: a report holds tens of thousands of these.
        fre, fkgl, fog, smog = self.flesch_reading_ease, self.flesch_kincaid_grade, self.gunning_fog, self.smog_index
        return {
            "flesch_reading_ease": None if fre is None else round(fre, 2),
            "flesch_kincaid_grade": None if fkgl is None else round(fkgl, 2),
            "gunning_fog": None if fog is None else round(fog, 2),
            "smog_index": None if smog is None else round(smog, 2),
            "words": self.words,
            "sentences": self.sentences,
            "lang": self.lang,
        }


@dataclass(frozen=True)
class HardSentence:
    """A sentence that reads hardest, with its span in the scored text."""

    start: int
    end: int
    text: str
    scores: Scores

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {"start": self.start, "end": self.end, "text": self.text, "scores": self.scores.to_dict()}


@lru_cache(maxsize=256)
def textstat_lang(lang: str) -> str | None:
    """The language code to hand textstat for ``lang``, or None if textstat cannot score it.

    English is passed as textstat's own default ``en_US`` (CMU dictionary);
    another language is supported when pyphen has hyphenation patterns for it.
    """
    import pyphen

    root = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    if root == "en":
        return "en_US"
    return root if pyphen.language_fallback(root) else None


def _has_own_flesch(ts_lang: str) -> bool:
    # Flesch reading ease has per-language constants in textstat; for a language
    # without them textstat would silently apply the English ones.
    from textstat.backend.utils.constants import LANG_CONFIGS

    return ts_lang == "en_US" or "fre_base" in LANG_CONFIGS.get(ts_lang, {})


@lru_cache(maxsize=1)
def _remove_punctuation() -> Any:
    # Imported once, not per call: a word's facts cost a microsecond.
    from textstat.backend.transformations import remove_punctuation

    return remove_punctuation


def _strip(text: str) -> str:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)``, without its regex for ASCII text.

    That function drops textstat's non-contraction apostrophes (a look-ahead
    at letters), then every character outside ``[\\w\\s']``, one at a time.
    For ASCII text the second step is a deletion table built by asking
    textstat's own function about each ASCII character, ten times faster.
    """
    if not text.isascii():
        return _remove_punctuation()(text, rm_apostrophe=False)
    apostrophe, deleted = _ascii_stripping()
    if "'" in text:
        text = apostrophe.sub("", text)
    return text.translate(deleted)


@lru_cache(maxsize=1)
def _ascii_stripping() -> tuple[re.Pattern[str], dict[int, None]]:
    """textstat's apostrophe pattern, and the ASCII characters its stripping deletes."""
    from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

    remove = _remove_punctuation()
    deleted = {i: None for i in range(128) if chr(i) != "'" and remove(chr(i), rm_apostrophe=False) == ""}
    return re.compile(RE_NONCONTRACTION_APOSTROPHE), deleted


@lru_cache(maxsize=1)
def _ready() -> bool:
    from polish.nltk_setup import prepare_nltk

    prepare_nltk()
    return True


#: Per-word facts are packed into one int so a text needs one look-up per word:
#: syllables in the low bits, then "difficult" (Gunning fog), then "polysyllable"
#: (SMOG), then the word itself; summing the ints over a text counts all four.
_SHIFT = 40
_DIFFICULT = 1 << _SHIFT
_POLY = 1 << (2 * _SHIFT)
_WORD = 1 << (3 * _SHIFT)
_LOW = _DIFFICULT - 1


class _PerWord(dict):
    """Word (or chunk) -> packed facts, computed once per distinct key through textstat.

    textstat recomputes per-word facts on every text (its own caches hold 128
    entries); news vocabulary is small, so remembering them makes a text's
    counts one dictionary look-up per word.
    """

    LIMIT = 500_000

    def __init__(self, fn: Any) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:  # bound memory on endless input
            self.clear()
        value = self[word] = self.fn(word)
        return value


#: A word textstat's punctuation stripping leaves as it is, lower-cased or not:
#: ASCII word characters only (no apostrophe, which its contraction rule weighs).
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_]+").fullmatch


class _Lang:
    """textstat's per-word facts and formula constants for one language."""

    def __init__(self, ts_lang: str) -> None:
        from textstat.backend import counts, validations
        from textstat.backend.utils import (
            get_cmudict, get_lang_cfg, get_lang_easy_words, get_lang_root, get_pyphen,
        )

        cmu = get_cmudict(ts_lang)  # None for languages without a CMU dictionary
        hyph = get_pyphen(ts_lang)
        english = ts_lang == "en_US"
        threshold = int(get_lang_cfg(ts_lang, "syllable_threshold"))
        easy = get_lang_easy_words(ts_lang) if english else frozenset()  # is_difficult_word's list

        def facts(word: str) -> int:
            # ``word`` is one token of list_words(text); list_words(text,
            # lowercase=True) holds the same tokens lower-cased (case mapping
            # never crosses whitespace), which count_syllables loops over.
            low = word.lower()
            # The body of textstat's count_syllables loop (0.7.13) for that one
            # token: count_syllables(low) would strip punctuation again.
            try:
                syl = sum(1 for p in cmu[low][0] if p[-1].isdigit())  # type: ignore[index]
            except (TypeError, IndexError, KeyError):
                syl = len(hyph.positions(low)) + 1
            if not english:  # difficult words and polysyllables feed English-only metrics
                return syl
            if _PLAIN_WORD(word):
                # For a plain word textstat's stripping changes nothing, so both
                # count_syllables(word) and is_difficult_word's count_syllables(low)
                # are this same loop body over the one token ``low``: the two
                # tests below are textstat's, without stripping and counting again.
                hard = syl >= threshold and low not in easy
                return syl + _DIFFICULT * hard + _POLY * (syl >= 3)
            # Exactly the per-word tests of textstat's list_difficult_words (with
            # gunning_fog's threshold) and count_polysyllable_words.
            hard = validations.is_difficult_word(word, threshold, ts_lang)
            poly = counts.count_syllables(word, ts_lang) >= 3
            return syl + _DIFFICULT * hard + _POLY * poly

        self.facts = _PerWord(facts)
        self.chunks = _PerWord(lambda chunk: _chunk_facts(chunk, self.facts.__getitem__))
        root = get_lang_root(ts_lang)
        self.fre = (
            (get_lang_cfg(root, "fre_base"), get_lang_cfg(root, "fre_sentence_length"),
             get_lang_cfg(root, "fre_syll_per_word"))
            if _has_own_flesch(ts_lang) else None
        )


@lru_cache(maxsize=64)
def _lang(ts_lang: str) -> _Lang:
    _ready()
    return _Lang(ts_lang)


def prepare(lang: str) -> None:
    """Load what scoring ``lang`` needs (textstat, and the CMU dictionary for English) now."""
    ts_lang = textstat_lang(lang)
    if ts_lang is not None:
        _lang(ts_lang)


def _chunk_facts(chunk: str, facts: Any) -> int:
    """Packed facts of textstat's words in ``chunk``: ``_WORD`` plus ``facts(word)`` for each."""
    return sum(_WORD + facts(word) for word in _strip(chunk).split())


#: Chunk -> _WORD per word, for a language textstat does not score.
_WORDS_ONLY = _PerWord(lambda chunk: _WORD * len(_strip(chunk).split()))


def _text_facts(text: str, ts_lang: str | None) -> int:
    """Packed facts of all textstat's words in ``text`` (``list_words(text)``), summed.

    list_words(t) is remove_punctuation(t).split(); stripping deletes
    characters and never adds whitespace, and its one look-ahead (an
    apostrophe followed by letters) never crosses whitespace, so t's word
    list is the word lists of its whitespace-separated chunks end to end.
    A chunk's facts are remembered like a word's: counting a text is one
    split and one look-up per chunk, with no stripping of text seen before.
    """
    chunks = _lang(ts_lang).chunks if ts_lang is not None else _WORDS_ONLY
    return sum(map(chunks.__getitem__, text.split()))


#: A start of three whitespace tokens that each begin with a word character.
_THREE_WORDS = re.compile(r"\w\S*\s+\w\S*\s+\w", re.UNICODE)
#: The start of a whitespace token holding a word character (which textstat's
#: punctuation stripping keeps); anchored at token starts so it stays linear.
_WORDY_TOKEN = re.compile(r"(?<!\S)[^\s\w]*\w", re.UNICODE)
#: textstat's sentence pattern (count_sentences), which does cross lines.
_TS_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def _few_words(piece: str) -> bool:
    """``count_words(piece) <= 2``, deciding the plain cases without textstat.

    Stripping punctuation only ever drops whole tokens and never the word
    characters in one, so at most two tokens means at most two words and
    three tokens holding a word character mean at least three.
    """
    if len(piece.split(None, 2)) <= 2:
        return True
    if len(_WORDY_TOKEN.findall(piece)) >= 3:
        return False
    from textstat.backend import counts

    return counts.count_words(piece) <= 2


def _raw_sentences(text: str) -> int:
    """textstat's sentence pieces of ``text`` less the ignored ones, before its ``max(1, ...)``."""
    pieces = _TS_SENTENCE.findall(text)
    # Most pieces start with three words; only the others need counting.
    return len(pieces) - sum(map(_few_words, filterfalse(_THREE_WORDS.match, pieces)))


def count_sentences(text: str) -> int:
    """textstat's ``count_sentences(text)``: pieces of two words or fewer are not sentences."""
    if not text:
        return 0
    return max(1, _raw_sentences(text))


#: How a paragraph leaves textstat's sentence scan (``_TS_SENTENCE`` over the
#: whole text), which runs across lines: CLOSED, its last piece ended at its
#: last [.!?] and no word follows, so the next paragraph starts afresh; OPEN,
#: a piece runs on past its end; THROUGH, no [.!?] and no word, so a piece
#: running into it runs on and none starts in it.
_CLOSED, _OPEN, _THROUGH = 0, 1, 2
#: What a paragraph's counts come from: (packed facts of its words, its raw
#: sentence count, how the scan leaves it).
_LineFacts = tuple[int, int, int]
_WORD_CHAR = re.compile(r"\w", re.UNICODE)


def _scan_state(text: str) -> int:
    """How textstat's sentence scan leaves ``text``: CLOSED, OPEN or THROUGH."""
    last = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
    if last >= 0:
        return _OPEN if _WORD_CHAR.search(text, last + 1) else _CLOSED
    return _OPEN if _WORD_CHAR.search(text) else _THROUGH


def _document_sentences(text: str, paras: list[Paragraph], facts: list[_LineFacts]) -> int:
    """``count_sentences(text)`` for ``text`` tiled by ``paras`` (their ``_line_facts`` in ``facts``) with only whitespace between.

    A scan that enters a paragraph afresh finds there exactly the pieces it
    finds in the paragraph alone (a piece starts at the first word character
    after the previous one ended, and whitespace holds none), so CLOSED and
    THROUGH paragraphs add their own counts, shared with the paragraph scores
    and with the other side of before/after. Only a run of paragraphs that a
    piece crosses is scanned again, as one slice, up to the paragraph that
    closes it.
    """
    if not text:
        return 0
    total = 0
    run_start = -1  # start of the paragraph where the open piece began
    for p, (_, raw, state) in zip(paras, facts):
        if run_start < 0:
            if state == _OPEN:
                run_start = p.start
            else:
                total += raw
        elif state == _CLOSED:
            total += _raw_sentences(text[run_start:p.end])
            run_start = -1
    if run_start >= 0:
        total += _raw_sentences(text[run_start:])
    return max(1, total)


class Counts(NamedTuple):
    """The textstat counts behind every metric polish reports, for one text.

    ``syllables``, ``difficult`` and ``polysyllables`` are 0 where the
    language is not scored. All but ``sentences`` add up over paragraphs.
    """

    words: int
    sentences: int
    syllables: int
    difficult: int
    polysyllables: int


def _unpack(packed: int, sentences: int) -> Counts:
    """Counts of a text whose words' packed facts add up to ``packed``, with ``sentences`` sentences."""
    return Counts(packed >> (3 * _SHIFT), sentences, packed & _LOW, (packed >> _SHIFT) & _LOW,
                  (packed >> (2 * _SHIFT)) & _LOW)


#: (text, textstat language) -> its ``_LineFacts``: "before" and "after" share
#: every untouched paragraph, and a document's paragraphs serve its own score.
_LINES: dict[tuple[str, str | None], _LineFacts] = {}
#: Paragraphs the per-paragraph tables hold before they start afresh. The reuse is within
#: a document (and junk lines across a few), so a few thousand suffice; a large bound kept
#: whole paragraphs of a long folder run and made peak memory grow with the corpus.
_COUNTS_LIMIT = 4096


def _counts(text: str, ts_lang: str | None) -> Counts:
    """textstat's counts of ``text`` in ``ts_lang``."""
    return _line_counts(text, _line_facts(text, ts_lang))


def _line_counts(text: str, facts: _LineFacts) -> Counts:
    """textstat's counts of ``text`` from its ``_line_facts`` (a text with words has one sentence at least)."""
    packed, raw, _ = facts
    return _unpack(packed, max(1, raw) if text else 0)


def _line_facts(text: str, ts_lang: str | None) -> _LineFacts:
    """``text``'s packed facts, raw sentence count and scan state in ``ts_lang``, remembered per text."""
    key = (text, ts_lang)
    facts = _LINES.get(key)
    if facts is None:
        if len(_LINES) >= _COUNTS_LIMIT:  # bound memory over a long folder run
            _LINES.clear()
        facts = _LINES[key] = _count(text, ts_lang)
    return facts


def _count(text: str, ts_lang: str | None) -> _LineFacts:
    """``_line_facts(text, ts_lang)`` counted, from its line's sentence pieces when already counted."""
    pieces = _PIECES.get((text, ts_lang)) if text else None
    if pieces is None:
        return _text_facts(text, ts_lang), _raw_sentences(text), _scan_state(text)
    # A line whose sentence pieces the hardest-sentence pass counted: its
    # sentences are its pieces of three words or more (textstat's count), and
    # its words those of its pieces unless a word runs across two of them.
    raw = sum(1 for packed in pieces if packed >= 3 * _WORD)
    packed = sum(pieces) if _words_add_up(text) else _text_facts(text, ts_lang)
    return packed, raw, _scan_state(text)


#: (line, textstat language) -> packed facts of each of the line's sentence
#: pieces (``_SENTENCE`` matches), from the hardest-sentence pass; the
#: cleaned text's paragraphs are those lines, so their counts come from here.
_PIECES: dict[tuple[str, str | None], tuple[int, ...]] = {}


def _piece_facts(line: str, ts_lang: str) -> tuple[int, ...]:
    """Packed facts of each sentence piece of ``line`` (no newline in it), remembered per line."""
    facts = _PIECES.get((line, ts_lang))
    if facts is None:
        chunks = _lang(ts_lang).chunks.__getitem__
        # Each piece's own word list, by the chunk identity of _text_facts.
        facts = tuple([sum(map(chunks, piece.split())) for piece in _SENTENCE.findall(line)])
        if len(_PIECES) >= _COUNTS_LIMIT:
            _PIECES.clear()
        _PIECES[(line, ts_lang)] = facts
    return facts


#: A piece's closing [.!?] run straight (through non-word marks only) into the
#: next piece's first word: "3.5", "U.S.", 'said."We'.
_JOINED = re.compile(r"[.!?][^\w\s]*\w", re.UNICODE)
#: The same where "." is the only mark: a literal first character lets the
#: regex engine skip ahead instead of testing a class at every character.
_JOINED_DOT = re.compile(r"\.[^\w\s]*\w", re.UNICODE)


def _words_add_up(line: str) -> bool:
    """Whether textstat's word list of ``line`` is its sentence pieces' word lists end to end.

    Pieces start at a word character, so the gaps between them hold only
    non-word characters, which stripping removes except whitespace and
    contraction apostrophes, and stripping works character by character (the
    apostrophe test looks ahead at letters, which never cross a piece's end).
    So the lists add up unless a gap holds an apostrophe or a word runs from
    one piece into the next with no whitespace between them.
    """
    if (_JOINED if "!" in line or "?" in line else _JOINED_DOT).search(line):
        return False
    return "'" not in line or "'" not in "".join(_SENTENCE.split(line))


def _scores_from(c: Counts, lang: str, ts_lang: str | None) -> Scores:
    """textstat's formulas (0.7.13), term for term, so results are bit-identical."""
    words, sentences, syllables, difficult, polysyllables = c
    if ts_lang is None or words == 0:
        return Scores(None, None, None, None, words, sentences, lang)
    wps = words / sentences if sentences else 0.0  # words_per_sentence
    spw = syllables / words  # syllables_per_word
    fre = fkgl = fog = smog = None
    consts = _lang(ts_lang).fre
    if consts is not None:
        base, per_sentence_length, per_syllables = consts
        fre = 0.0 if wps == 0 or spw == 0 else base - per_sentence_length * wps - per_syllables * spw
    # Grade levels, fog and SMOG are calibrated on English readers only.
    if ts_lang == "en_US":
        fkgl = 0.0 if wps == 0 or spw == 0 else (0.39 * wps) + (11.8 * spw) - 15.59
        fog = 0.4 * (wps + 100 * difficult / words)
        smog = (1.043 * (30 * (polysyllables / sentences)) ** 0.5) + 3.1291 if sentences else 0.0
    return Scores(fre, fkgl, fog, smog, words, sentences, lang)


def text_counts(text: str, lang: str = "en") -> Counts:
    """textstat's counts for ``text`` read as language ``lang``."""
    return _counts(text, textstat_lang(lang))


@lru_cache(maxsize=4096)  # whole paragraphs: a few thousand, so memory stays flat
def _score(text: str, lang: str) -> Scores:
    # Cached by (text, lang): boilerplate-like paragraphs repeat across a
    # folder run, and "before" and "after" share every untouched paragraph.
    ts_lang = textstat_lang(lang)
    return _scores_from(_counts(text, ts_lang), lang, ts_lang)


def score_text(text: str, lang: str = "en") -> Scores:
    """Scores of ``text`` read as language ``lang``."""
    return _score(text, lang)


def score_document(text: str, paragraphs: Iterable[Paragraph], lang: str = "en") -> Scores:
    """Scores of the whole ``text``, equal to ``score_text(text, lang)``, from its paragraphs' counts.

    Each paragraph is counted once for both its own and the document's
    scores (see ``_document_counts``).
    """
    return score_parts(text, paragraphs, None, lang)[0]


def score_parts(
    text: str, paragraphs: Iterable[Paragraph], langs: Iterable[str] | None = None, lang: str = "en"
) -> tuple[Scores, list[Scores]]:
    """``score_document(text, paragraphs, lang)`` and ``score_paragraphs(...)``, each paragraph counted once."""
    paras = list(paragraphs)
    ts_lang = textstat_lang(lang)
    lines = [text[p.start:p.end] for p in paras]
    facts = [_line_facts(line, ts_lang) for line in lines]
    if _tiles(text, paras):
        doc = _scores_from(_document_counts(text, paras, facts), lang, ts_lang)
    else:
        doc = _score(text, lang)
    lang_list = list(langs) if langs is not None else [lang] * len(paras)
    return doc, [
        _scores_from(_line_counts(line, f), lang, ts_lang) if lg == lang else _score(line, lg)
        for line, f, lg in zip(lines, facts, lang_list)
    ]


def _tiles(text: str, paras: list[Paragraph]) -> bool:
    """Whether ``paras`` cover ``text`` in order with only whitespace outside them."""
    pos = 0
    for p in paras:
        if p.start < pos or (p.start > pos and not text[pos:p.start].isspace()):
            return False
        pos = p.end
    return pos >= len(text) or text[pos:].isspace()


def _document_counts(text: str, paras: list[Paragraph], facts: list[_LineFacts]) -> Counts:
    """Counts of ``text``, tiled by ``paras`` (their ``_line_facts`` in ``facts``).

    Words, syllables, difficult words and polysyllables add up over the
    paragraphs (only whitespace lies between them, and textstat strips
    punctuation character by character), so their packed facts do. Sentences
    are counted over the whole text: textstat's sentences run across lines.
    """
    return _unpack(sum([f[0] for f in facts]), _document_sentences(text, paras, facts))


def score_paragraphs(
    text: str, paragraphs: Iterable[Paragraph], langs: Iterable[str] | None = None, lang: str = "en"
) -> list[Scores]:
    """Scores of each paragraph of ``text`` (``langs`` per paragraph, else ``lang`` for all)."""
    paras = list(paragraphs)
    lang_list = list(langs) if langs is not None else [lang] * len(paras)
    return [_score(text[p.start:p.end], lg) for p, lg in zip(paras, lang_list)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as textstat delimits them, never crossing a line."""
    out = []
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


#: how a line of prose ends (a heading or a dateline does not)
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "»", ")", "。", "！", "？")


def hardest_sentences(text: str, n: int = 3, lang: str = "en") -> list[HardSentence]:
    """The ``n`` sentences with the lowest reading ease (ties: highest grade), in that order.

    Sentences never cross a line, so each line's pieces are counted once
    (``_piece_facts``), and the paragraphs of ``text`` reuse those counts.
    """
    ts_lang = textstat_lang(lang)
    if ts_lang is None or _lang(ts_lang).fre is None:
        return []  # no reading ease for the language: nothing to rank by
    base, per_sentence_length, per_syllables = _lang(ts_lang).fre
    english = ts_lang == "en_US"
    low, at, three = _LOW, 3 * _SHIFT, 3 * _WORD  # locals: the loop runs once per sentence
    scored = []
    start = 0
    for line in text.split("\n"):
        pieces = _piece_facts(line, ts_lang) if line and not line.isspace() else ()
        if len(pieces) == 1 and line.rstrip()[-1:] not in _SENTENCE_ENDS:
            pieces = ()  # a line that is one piece with no closing mark is a heading, not prose to rank
        for k, packed in enumerate(pieces):
            # Fragments of one or two words (headings, datelines) are not prose;
            # textstat's sentence count ignores them too.
            if packed < three:
                continue
            # Only the two ranking metrics, from the same terms as _scores_from
            # (a sentence span is one textstat sentence piece, so it counts as one
            # sentence); full Scores are built for the n kept.
            words = packed >> at
            wps = words / 1
            spw = (packed & low) / words
            fre = 0.0 if spw == 0 else base - per_sentence_length * wps - per_syllables * spw
            fkgl = (0.0 if spw == 0 else (0.39 * wps) + (11.8 * spw) - 15.59) if english else 0.0
            # (line start, piece number) orders pieces as their offsets do.
            scored.append((fre, -fkgl, start, k, line, packed))
        start += len(line) + 1
    # (line start, piece number) is unique, so sorting whole tuples never compares past it.
    scored.sort()
    out = []
    for _, _, start, k, line, packed in scored[:n]:
        m = next(islice(_SENTENCE.finditer(line), k, None))  # the k-th piece, as sentence_spans trims it
        s, e = start + m.start(), start + m.start() + len(m.group().rstrip())
        out.append(HardSentence(s, e, text[s:e], _scores_from(_unpack(packed, 1), lang, ts_lang)))
    return out
