"""Readability scores through textstat's language-aware functions, offline.

textstat's top-level object keeps the language as global state
(``set_lang``); the ``textstat.backend`` functions take it as an argument,
so paragraphs in different languages can be scored side by side. English
syllables come from the CMU dictionary (see ``polish.nltk_setup``); other
languages use pyphen's hyphenation patterns.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
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
        """Plain JSON-ready dict (metrics rounded to two decimals)."""
        d = asdict(self)
        for k in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index"):
            if d[k] is not None:
                d[k] = round(d[k], 2)
        return d


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
def _list_words() -> Any:
    # Imported once, not per call: a text's counts cost a few microseconds.
    from textstat.backend.selections import list_words

    return list_words


@lru_cache(maxsize=1)
def _remove_punctuation() -> Any:
    from textstat.backend.transformations import remove_punctuation

    return remove_punctuation


def _word_lists(pieces: list[str]) -> list[list[str]]:
    """``list_words(piece)`` for each piece (none holding a newline), in one textstat pass.

    list_words(t) is remove_punctuation(t).split(); stripping works character
    by character (an apostrophe at a piece's end is dropped whether the piece
    ends there or a newline follows), so joining the pieces with newlines and
    splitting the result back gives each piece's own stripped text.
    """
    if not pieces:
        return []
    stripped = _remove_punctuation()("\n".join(pieces), rm_apostrophe=False).split("\n")
    return [line.split() for line in stripped]


@lru_cache(maxsize=1)
def _ready() -> bool:
    from polish.nltk_setup import prepare_nltk

    prepare_nltk()
    return True


#: Per-word facts are packed into one int so a text needs one look-up per word:
#: syllables in the low bits, then "difficult" (Gunning fog), then "polysyllable" (SMOG).
_SHIFT = 40
_DIFFICULT = 1 << _SHIFT
_POLY = 1 << (2 * _SHIFT)
_LOW = _DIFFICULT - 1


class _PerWord(dict):
    """Word -> packed facts, computed once per distinct word through textstat.

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


class _Lang:
    """textstat's per-word facts and formula constants for one language."""

    def __init__(self, ts_lang: str) -> None:
        from textstat.backend import counts, validations
        from textstat.backend.utils import get_cmudict, get_lang_cfg, get_lang_root, get_pyphen

        cmu = get_cmudict(ts_lang)  # None for languages without a CMU dictionary
        hyph = get_pyphen(ts_lang)
        english = ts_lang == "en_US"
        threshold = int(get_lang_cfg(ts_lang, "syllable_threshold"))

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
            # Exactly the per-word tests of textstat's list_difficult_words (with
            # gunning_fog's threshold) and count_polysyllable_words.
            hard = validations.is_difficult_word(word, threshold, ts_lang)
            poly = counts.count_syllables(word, ts_lang) >= 3
            return syl + _DIFFICULT * hard + _POLY * poly

        self.facts = _PerWord(facts)
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
    match = _THREE_WORDS.match
    ignore = sum(1 for piece in pieces if not match(piece) and _few_words(piece))
    return len(pieces) - ignore


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
_WORD_CHAR = re.compile(r"\w", re.UNICODE)
#: text -> (raw sentence count, state), shared like ``_COUNTS`` by before and after.
_SENTENCES: dict[str, tuple[int, int]] = {}


def _sentence_facts(text: str) -> tuple[int, int]:
    """``(_raw_sentences(text), how the scan leaves text)``, remembered per text."""
    facts = _SENTENCES.get(text)
    if facts is None:
        last = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
        if last >= 0:
            state = _OPEN if _WORD_CHAR.search(text, last + 1) else _CLOSED
        else:
            state = _OPEN if _WORD_CHAR.search(text) else _THROUGH
        if len(_SENTENCES) >= _COUNTS_LIMIT:
            _SENTENCES.clear()
        facts = _SENTENCES[text] = (_raw_sentences(text), state)
    return facts


def _document_sentences(text: str, spans: list[tuple[int, int]]) -> int:
    """``count_sentences(text)`` for ``text`` tiled by ``spans`` with only whitespace between.

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
    for s, e in spans:
        raw, state = _sentence_facts(text[s:e])
        if run_start < 0:
            if state == _OPEN:
                run_start = s
            else:
                total += raw
        elif state == _CLOSED:
            total += _raw_sentences(text[run_start:e])
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


def _counts_of(text: str, words: list[str], ts_lang: str | None) -> Counts:
    """Counts of ``text`` whose textstat word list (``list_words(text)``) is ``words``."""
    return _tally(words, max(1, _sentence_facts(text)[0]) if text else 0, ts_lang)


def _tally(words: list[str], sentences: int, ts_lang: str | None) -> Counts:
    """Counts of a text with textstat word list ``words`` and ``sentences`` sentences."""
    if ts_lang is None or not words:
        return Counts(len(words), sentences, 0, 0, 0)
    packed = sum(map(_lang(ts_lang).facts.__getitem__, words))
    return Counts(len(words), sentences, packed & _LOW, (packed >> _SHIFT) & _LOW, packed >> (2 * _SHIFT))


#: (text, textstat language) -> Counts: "before" and "after" share every
#: untouched paragraph, and a document's paragraphs serve its own score.
_COUNTS: dict[tuple[str, str | None], Counts] = {}
_COUNTS_LIMIT = 50_000


def _remember(key: tuple[str, str | None], c: Counts) -> Counts:
    if len(_COUNTS) >= _COUNTS_LIMIT:  # bound memory over a long folder run
        _COUNTS.clear()
    _COUNTS[key] = c
    return c


def _counts(text: str, ts_lang: str | None) -> Counts:
    c = _COUNTS.get((text, ts_lang))
    if c is None:
        c = _remember((text, ts_lang), _counts_of(text, _list_words()(text), ts_lang))
    return c


def _counts_many(texts: list[str], ts_lang: str | None) -> list[Counts]:
    """``_counts`` of each text; the new one-line texts are stripped in one textstat pass."""
    new = [t for t in dict.fromkeys(texts) if (t, ts_lang) not in _COUNTS and "\n" not in t]
    if new:
        for t, words in zip(new, _word_lists(new)):
            _remember((t, ts_lang), _counts_of(t, words, ts_lang))
    return [_counts(t, ts_lang) for t in texts]


def _scores_from(c: Counts, lang: str, ts_lang: str | None) -> Scores:
    """textstat's formulas (0.7.13), term for term, so results are bit-identical."""
    if ts_lang is None or c.words == 0:
        return Scores(None, None, None, None, c.words, c.sentences, lang)
    wps = c.words / c.sentences if c.sentences else 0.0  # words_per_sentence
    spw = c.syllables / c.words  # syllables_per_word
    fre = fkgl = fog = smog = None
    consts = _lang(ts_lang).fre
    if consts is not None:
        base, per_sentence_length, per_syllables = consts
        fre = 0.0 if wps == 0 or spw == 0 else base - per_sentence_length * wps - per_syllables * spw
    # Grade levels, fog and SMOG are calibrated on English readers only.
    if ts_lang == "en_US":
        fkgl = 0.0 if wps == 0 or spw == 0 else (0.39 * wps) + (11.8 * spw) - 15.59
        fog = 0.4 * (wps + 100 * c.difficult / c.words)
        smog = (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291 if c.sentences else 0.0
    return Scores(fre, fkgl, fog, smog, c.words, c.sentences, lang)


def text_counts(text: str, lang: str = "en") -> Counts:
    """textstat's counts for ``text`` read as language ``lang``."""
    return _counts(text, textstat_lang(lang))


@lru_cache(maxsize=16384)
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

    Words, syllables, difficult words and polysyllables add up over the
    paragraphs (only whitespace lies between them, and textstat strips
    punctuation character by character), so each paragraph is counted once
    for both its own and the document's scores. Sentences are counted over
    the whole text: textstat's sentences run across lines.
    """
    paras = list(paragraphs)
    pos = 0
    for p in paras:
        if p.start < pos or (p.start > pos and not text[pos:p.start].isspace()):
            return _score(text, lang)  # paragraphs that do not tile the text
        pos = p.end
    if pos < len(text) and not text[pos:].isspace():
        return _score(text, lang)
    ts_lang = textstat_lang(lang)
    parts = _counts_many([text[p.start:p.end] for p in paras], ts_lang)
    total = Counts(
        sum(c.words for c in parts),
        _document_sentences(text, [(p.start, p.end) for p in paras]),
        sum(c.syllables for c in parts),
        sum(c.difficult for c in parts),
        sum(c.polysyllables for c in parts),
    )
    return _scores_from(total, lang, ts_lang)


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


def hardest_sentences(text: str, n: int = 3, lang: str = "en") -> list[HardSentence]:
    """The ``n`` sentences with the lowest reading ease (ties: highest grade), in that order."""
    ts_lang = textstat_lang(lang)
    if ts_lang is None or _lang(ts_lang).fre is None:
        return []  # no reading ease for the language: nothing to rank by
    facts = _lang(ts_lang).facts.__getitem__
    base, per_sentence_length, per_syllables = _lang(ts_lang).fre
    english = ts_lang == "en_US"
    spans = sentence_spans(text)
    pieces = [text[s:e] for s, e in spans]
    scored = []
    for (s, e), words in zip(spans, _word_lists(pieces)):
        # Fragments of one or two words (headings, datelines) are not prose;
        # textstat's sentence count ignores them too.
        if len(words) < 3:
            continue
        # Only the two ranking metrics, from the same terms as _scores_from
        # (a sentence span is one textstat sentence piece, so it counts as one
        # sentence); full Scores are built for the n kept.
        wps = len(words) / 1
        spw = (sum(map(facts, words)) & _LOW) / len(words)
        fre = 0.0 if spw == 0 else base - per_sentence_length * wps - per_syllables * spw
        fkgl = (0.0 if spw == 0 else (0.39 * wps) + (11.8 * spw) - 15.59) if english else 0.0
        scored.append((fre, -fkgl, s, e, words))
    scored.sort(key=lambda t: t[:3])
    return [
        HardSentence(s, e, text[s:e], _scores_from(_tally(words, 1, ts_lang), lang, ts_lang))
        for _, _, s, e, words in scored[:n]
    ]
