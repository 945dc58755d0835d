"""Which language each paragraph is in, and which foreign fragments sit inside it.

Scripts are counted first because they settle most cases for certain and
because statistical detectors fail exactly there: langdetect reads a short
Chinese sentence with "Python" in it as Vietnamese, confuses short Chinese
with Korean, and has no Belarusian profile at all. Cyrillic text is decided
by orthography where the letters tell (``ў`` is Belarusian only, ``і`` with
``ы``/``э`` is Belarusian, ``ї``/``є``/``ґ`` Ukrainian), and only otherwise
by langdetect restricted to the configured languages. The optional lingua
backend is asked directly for Cyrillic and Latin text (it knows Belarusian).
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

from polish.model import split_paragraphs
from polish.protect import PROTECTED_RE

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config

SCRIPTS = ("han", "cyrillic", "latin", "hangul", "kana", "other")
UNDETERMINED = "und"
#: Han, Hangul and kana characters carry about a syllable each, Latin and
#: Cyrillic letters a fraction of one: weighting them keeps a Chinese
#: sentence with "Python" and "Docker" in it Chinese.
_SYLLABIC_WEIGHT = 3
#: languages a script alone identifies
_SCRIPT_LANG = {"han": "zh", "hangul": "ko", "kana": "ja"}
#: a run in another script must be at least this long (words; characters for
#: Han, Hangul, kana) to count as a fragment: one Latin acronym in Chinese is not.
_MIN_RUN_WORDS = 2
_MIN_RUN_CHARS = 2
#: same-script sentences shorter than this are never re-judged on their own
_MIN_SENTENCE_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+|(?<=[。！？])")


_LETTER = re.compile(r"[^\W\d_]")
#: letters of each script, as character classes: counting with the regex
#: engine is several times faster than a Python loop per letter
_SCRIPT_RE = {
    "latin": re.compile(r"(?=[^\W\d_])[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrillic": re.compile(r"(?=[^\W\d_])[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"),
    "kana": re.compile(r"(?=[^\W\d_])[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"),
    "hangul": re.compile(r"(?=[^\W\d_])[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "han": re.compile(r"(?=[^\W\d_])[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002fa1f\u3005-\u3007]"),
}


_ASCII_LETTERS = string.ascii_letters.encode("ascii")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
#: one character per script: a text translated into these is counted with str.count
_CODE = {"latin": "l", "cyrillic": "c", "kana": "k", "hangul": "h", "han": "z", "other": "o"}


class _ScriptCodes(dict):
    """Code point -> its script's code (None, i.e. dropped, for non-letters), for ``str.translate``.

    Each character is classified once, by the same regexes as above, on first
    sight; after that ``translate`` looks it up in C instead of running six
    regex scans per text.
    """

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        code = None
        if _LETTER.match(ch):
            code = _CODE["other"]
            for script, rx in _SCRIPT_RE.items():
                if rx.match(ch):  # the script ranges do not overlap
                    code = _CODE[script]
                    break
        self[cp] = code
        return code


_CODES = _ScriptCodes()


def _ascii_letter_count(raw: bytes) -> int:
    return len(raw) - len(raw.translate(None, _ASCII_LETTERS))


def _letter_counts(text: str) -> dict[str, int]:
    """Letters per script, only scripts that have some (a plain dict: a Counter costs more to build)."""
    # ASCII letters are all Latin and counted on bytes in C; only the non-ASCII
    # rest (curly quotes in English, all of a Chinese or Cyrillic text) goes
    # through the per-character table. Keys keep the order of _SCRIPT_RE, then
    # "other": ties in max() over a word's counts depend on it.
    if text.isascii():
        latin = _ascii_letter_count(text.encode("ascii"))
        return {"latin": latin} if latin else {}
    latin = _ascii_letter_count(text.encode("ascii", "ignore"))
    codes = _ASCII_RUNS.sub("", text).translate(_CODES)
    counts: dict[str, int] = {}
    for script, code in _CODE.items():
        n = codes.count(code) + (latin if script == "latin" else 0)
        if n:
            counts[script] = n
    return counts


#: shares of a text written in one script alone (n / n is 1.0)
_PURE = {one: {s: (1.0 if s == one else 0.0) for s in SCRIPTS} for one in SCRIPTS}


def _shares(counts: dict[str, int]) -> dict[str, float]:
    if len(counts) == 1:  # the common one-script paragraph
        return dict(_PURE[next(iter(counts))])
    total = sum(counts.values())
    return {s: (counts.get(s, 0) / total if total else 0.0) for s in SCRIPTS}


def script_counts(text: str) -> dict[str, float]:
    """Share of the letters of ``text`` in each script (all zero when there are none)."""
    return _shares(_letter_counts(text))


def _dominant(counts: dict[str, int]) -> tuple[str, float]:
    """The script with the largest weighted share of letters, and that share."""
    if len(counts) == 1:  # one script only: its weighted share is n * w / (n * w)
        return next(iter(counts)), 1.0
    weighted = {s: n * (_SYLLABIC_WEIGHT if s in _SCRIPT_LANG else 1) for s, n in counts.items()}
    total = sum(weighted.values())
    if not total:
        return "other", 0.0
    # Japanese mixes Han with kana: any real share of kana makes it Japanese
    if weighted.get("kana", 0) >= 0.1 * (weighted.get("han", 0) + weighted.get("kana", 0)) > 0:
        weighted["kana"] = weighted.get("kana", 0) + weighted.pop("han", 0)
    script = max(weighted, key=lambda s: (weighted[s], s))
    return script, weighted[script] / total


# --------------------------------------------------------------------------
# Language table (data/languages.tsv)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _LangInfo:
    name: str
    script: str
    marks: frozenset[str]


@lru_cache(maxsize=1)
def _table() -> dict[str, _LangInfo]:
    text = resources.files("polish").joinpath("data", "languages.tsv").read_text(encoding="utf-8")
    out: dict[str, _LangInfo] = {}
    for line in text.splitlines()[1:]:
        if not line.strip():
            continue
        cells = (line.split("\t") + ["", "", "", ""])[:4]
        out[cells[0]] = _LangInfo(cells[1], cells[2], frozenset(cells[3]))
    return out


def language_name(code: str) -> str:
    """English name of a language code ("ru" -> "Russian"); the code itself when unknown."""
    info = _table().get(code)
    return info.name if info else code


def _script_of_lang(code: str) -> str:
    info = _table().get(code)
    return info.script if info else "latin"


def _candidates(config: "Config", script: str) -> tuple[str, ...]:
    """The configured languages (target included) written in ``script``."""
    return _candidates_for(config.target, tuple(config.languages), script)


@lru_cache(maxsize=64)
def _candidates_for(target: str, languages: tuple[str, ...], script: str) -> tuple[str, ...]:
    # asked several times per paragraph with the same few settings
    langs = dict.fromkeys((target, *languages))
    return tuple(code for code in langs if _script_of_lang(code) == script)


# --------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------


def _orthography(text: str, candidates: tuple[str, ...]) -> tuple[tuple[str, ...], float]:
    """Candidates the letters allow (best first) and how sure the letters are.

    A letter that one candidate's alphabet lacks counts against it. The
    winner must have (almost) no such letters and every other candidate
    several: then the answer is the winner alone; otherwise the candidates
    not clearly ruled out are returned for the statistical detector.
    """
    table = _table()
    marks = {c: table[c].marks for c in candidates if c in table and table[c].marks}
    if len(marks) < 2:
        return candidates, 0.0
    telling = frozenset().union(*marks.values())
    seen = Counter(ch for ch in text.lower() if ch in telling)
    if not seen:
        return candidates, 0.0
    against = {c: sum(n for ch, n in seen.items() if ch not in m) for c, m in marks.items()}
    ranked = sorted(against, key=lambda c: (against[c], candidates.index(c)))
    best, runner = against[ranked[0]], against[ranked[1]]
    # A letter only the best candidate writes (Belarusian ў) is strong evidence: a borrowed
    # word of another language ("университет" in a Belarusian sentence) must not outvote it.
    own = marks[ranked[0]].difference(*(m for c, m in marks.items() if c != ranked[0]))
    needed = 2 if any(ch in own for ch in seen) else 5
    if runner >= 1 and best * needed < runner:
        return (ranked[0],), 1.0 - (best + 0.5) / (runner + 1.0)
    # Belarusian and Ukrainian both write і; only Ukrainian writes и, ї, є, ґ. A line with і and
    # none of those is Belarusian more likely than not in this field, and langdetect, which has no
    # Belarusian profile, would answer Ukrainian every time ("Дзякуй за віншаванні і падарункі!").
    if best == against.get("be") == against.get("uk") and "і" in seen \
            and not any(ch in seen for ch in marks["uk"] - marks["be"]):
        return ("be",), 0.6
    # Not settled: keep every candidate the letters do not clearly rule out
    # (at least the best two, since the runner-up is not 5x worse).
    open_ = tuple(c for c in ranked if against[c] <= best * 5)
    return open_ + tuple(c for c in candidates if c not in marks), 0.0


@lru_cache(maxsize=1)
def _langdetect_factory() -> Any:
    """langdetect's profiles, loaded once (0.3 s)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def _langdetect_codes(code: str) -> tuple[str, ...]:
    return ("zh-cn", "zh-tw") if code == "zh" else (code,)


#: langdetect's answers by (text, candidates, seed), for the factory they came
#: from. A call costs 2-4 ms and its answer is fixed by the seed, while the same
#: stretch (a Cyrillic university name, a quoted motto, a repeated line) comes
#: back in paragraph after paragraph and document after document.
_ANSWERS: dict[str, Any] = {"factory": None, "probs": {}}
_MAX_ANSWERS = 4096


def _langdetect_probs(text: str, candidates: tuple[str, ...], seed: int) -> dict[str, float]:
    """langdetect's probabilities, restricted to ``candidates`` through its prior map."""
    factory = _langdetect_factory()
    if _ANSWERS["factory"] is not factory:  # profiles reloaded: answer afresh
        _ANSWERS["factory"], _ANSWERS["probs"] = factory, {}
    cache = _ANSWERS["probs"]
    key = (text, candidates, seed)
    if key not in cache:
        if len(cache) >= _MAX_ANSWERS:
            cache.clear()
        cache[key] = _langdetect_run(factory, text, candidates, seed)
    return dict(cache[key])


def _langdetect_run(factory: Any, text: str, candidates: tuple[str, ...], seed: int) -> dict[str, float]:
    """One fresh langdetect answer (see _langdetect_probs)."""
    from langdetect.lang_detect_exception import LangDetectException

    # A fixed seed per call: the same text always gets the same answer,
    # whatever was detected before it.
    factory.set_seed(seed)
    known = set(factory.get_lang_list())
    prior = {p: 1.0 for c in candidates for p in _langdetect_codes(c) if p in known}
    detector = factory.create()
    try:
        if prior:
            detector.set_prior_map(prior)
        detector.append(text)
        found = detector.get_probabilities()
    except LangDetectException:  # "No features in text": URLs, digits
        return {}
    out: dict[str, float] = {}
    for item in found:
        code = "zh" if item.lang.startswith("zh") else item.lang
        out[code] = out.get(code, 0.0) + item.prob
    return out


@lru_cache(maxsize=8)
def _lingua_detector(codes: tuple[str, ...]) -> tuple[Any, dict[Any, str]]:
    """A lingua detector restricted to ``codes``, built once per language set."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        from polish.config import ConfigError

        raise ConfigError(
            "detector = \"lingua\" needs the lingua-language-detector package: pip install 'polish[lingua]'"
        ) from None
    langs: dict[Any, str] = {}
    for code in codes:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is not None:
            langs[Language.from_iso_code_639_1(iso)] = code
    if not langs:
        return None, {}
    return LanguageDetectorBuilder.from_languages(*langs).build(), langs


def _lingua_probs(text: str, config: "Config", candidates: tuple[str, ...]) -> dict[str, float]:
    """lingua's confidence values, restricted to ``candidates``."""
    detector, codes = _lingua_detector(tuple(dict.fromkeys((config.target, *config.languages))))
    if detector is None:
        return {}
    values = {codes[v.language]: v.value for v in detector.compute_language_confidence_values(text)}
    picked = {c: values.get(c, 0.0) for c in candidates if c in values}
    total = sum(picked.values())
    return {c: v / total for c, v in picked.items()} if total else {}


# --------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------


class _Verdict(NamedTuple):  # a tuple: built once or more per paragraph, cheaper than a dataclass
    lang: str
    confidence: float
    script: str
    how: str  # "script" | "orthography" | "statistics" | "sentences" | "none"


#: Every match of PROTECTED_RE holds one of '@', '/', '`', 'www.' or a dot
#: before one of its top-level domains. Testing for those literals first is
#: many times cheaper than PROTECTED_RE itself, which backtracks over every
#: word, and most paragraphs hold none. One scan finds both kinds of dot (after
#: 'www', before a domain); same flags as PROTECTED_RE, so 'WWW.' and '.COM'
#: fold alike. tests/test_langid.py checks that this stays a necessary condition.
_MAYBE_DOMAIN = re.compile(r"\.(?:(?<=www\.)|com|org|net|edu|gov|cn|by|ru|io|int|info)", re.IGNORECASE)


def _may_hold_protected(text: str) -> bool:
    return "@" in text or "/" in text or "`" in text or _MAYBE_DOMAIN.search(text) is not None


def _blank_protected(text: str) -> str:
    """``text`` with URLs, e-mails, code and paths blanked out (offsets kept): they have no language."""
    if not _may_hold_protected(text):
        return text
    return PROTECTED_RE.sub(lambda m: " " * len(m.group()), text)


DETECTORS = ("langdetect", "lingua")


def _judge(text: str, config: "Config", counts: dict[str, int] | None = None) -> _Verdict:
    if config.detector not in DETECTORS:
        from polish.config import ConfigError

        raise ConfigError(f"unknown detector {config.detector!r}: use \"langdetect\" or \"lingua\"")
    if counts is None:
        counts = _letter_counts(text)
    if not counts:
        return _Verdict(UNDETERMINED, 0.0, "other", "none")
    script, share = _dominant(counts)
    if script in _SCRIPT_LANG:
        return _Verdict(_SCRIPT_LANG[script], share, script, "script")
    if script == "other":
        return _Verdict(UNDETERMINED, 0.0, script, "none")
    candidates = _candidates(config, script)
    if len(candidates) == 1:
        # Nothing to choose among: the script is the evidence.
        return _Verdict(candidates[0], share, script, "script")
    if config.detector == "lingua":
        probs = _lingua_probs(text, config, candidates)
    else:
        if script == "cyrillic":
            narrowed, sure = _orthography(text, candidates)
            if len(narrowed) == 1:
                # The letters settle it; langdetect, where it knows the
                # language, may only make the answer surer.
                lang = narrowed[0]
                stats = _langdetect_probs(text, candidates, config.seed).get(lang, 0.0)
                return _Verdict(lang, max(sure, stats) * share, script, "orthography")
            candidates = narrowed
        probs = _langdetect_probs(text, candidates, config.seed)
    if not probs:
        return _Verdict(UNDETERMINED, 0.0, script, "none")
    lang = max(probs, key=lambda c: (probs[c], c))
    return _Verdict(lang, probs[lang] * share, script, "statistics")


def detect(text: str, config: "Config") -> tuple[str, float]:
    """The language of ``text`` among the configured ones, and a confidence in [0, 1]."""
    v = _judge(_blank_protected(text), config)
    return v.lang, round(v.confidence, 4)


@dataclass
class Span:
    """A stretch of text in one language."""

    start: int
    end: int
    lang: str
    confidence: float
    scripts: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "confidence": round(self.confidence, 4),
            "scripts": {k: round(v, 4) for k, v in self.scripts.items() if v},
        }


@dataclass
class LanguageData:
    """Languages of a text: per paragraph, foreign fragments, the document's majority."""

    paragraphs: list[Span] = field(default_factory=list)
    fragments: list[Span] = field(default_factory=list)
    document: str = UNDETERMINED
    #: paragraphs that are a credit line in the target's words around a name in another script
    #: ("Photo: Андрей Король, BSU"): the name wants transliterating, not translating
    credits: list[Span] = field(default_factory=list)
    #: paragraphs that pair a term with its original ("Faculty – факультет", "Credit – 学分"): a
    #: glossary or a caption on purpose, neither to report nor to translate
    pairs: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return {
            "document": self.document,
            "paragraphs": [s.to_dict() for s in self.paragraphs],
            "fragments": [s.to_dict() for s in self.fragments],
            "credits": [s.to_dict() for s in self.credits],
            "pairs": [s.to_dict() for s in self.pairs],
        }


def _script_runs(text: str) -> list[tuple[str, int, int]]:
    """Maximal runs of letters of one script (non-letters join a run, never start one).

    A single short word of another script inside a run (an acronym in a
    Russian quote) does not break it.
    """
    runs: list[list[Any]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():  # ASCII word characters are Latin letters
            pieces: Any = (("latin", m.start(), m.end()),)
        else:
            counts = _letter_counts(word)
            pieces = ((max(counts, key=lambda s: counts[s]), m.start(), m.end()),) if len(counts) == 1 \
                else _by_script(word, m.start())
        for script, a, b in pieces:
            if runs and runs[-1][0] == script:
                runs[-1][2] = b
            else:
                runs.append([script, a, b])
    merged: list[list[Any]] = []
    i = 0
    while i < len(runs):
        cur = list(runs[i])
        while (i + 2 < len(runs) and runs[i + 2][0] == cur[0]
               and len(_WORD.findall(text[runs[i + 1][1]:runs[i + 1][2]])) == 1
               and runs[i + 1][0] not in _SCRIPT_LANG):
            cur[2] = runs[i + 2][2]
            i += 2
        merged.append(cur)
        i += 1
    return [(s, a, b) for s, a, b in merged]


_NAMES = {code: script for script, code in _CODE.items()}


def _by_script(word: str, start: int) -> list[tuple[str, int, int]]:
    """A word of letters in several scripts ("Bogush与DUT代表合影": nothing spaces them) cut where the script changes."""
    out: list[tuple[str, int, int]] = []
    for i, ch in enumerate(word):
        script = "latin" if ch.isascii() else _NAMES.get(ch.translate(_CODES), "other")
        if out and out[-1][0] == script:
            out[-1] = (script, out[-1][1], start + i + 1)
        else:
            out.append((script, start + i, start + i + 1))
    return out


def _long_enough(script: str, piece: str) -> bool:
    if script in _SCRIPT_LANG:
        return sum(1 for ch in piece if ch.isalpha()) >= _MIN_RUN_CHARS
    return len(_WORD.findall(piece)) >= _MIN_RUN_WORDS


def _sentences(text: str) -> list[tuple[int, int]]:
    out, last = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > last:
            out.append((last, m.start()))
        last = m.end()
    if last < len(text):
        out.append((last, len(text)))
    return out


def _fragments(text: str, offset: int, para: _Verdict, config: "Config", counts: dict[str, int]) -> list[Span]:
    """Foreign stretches inside one paragraph (letter ``counts`` given), offsets shifted by ``offset``."""
    out: list[Span] = []
    # Every word's script is one the paragraph has letters in: with none but
    # the paragraph's own (and "other"), no run can be foreign.
    mixed = any(s not in (para.script, "other") for s in counts)
    for script, a, b in _script_runs(text) if mixed else ():
        if script == para.script or script == "other":
            continue
        piece = text[a:b]
        if not _long_enough(script, piece):
            continue
        v = _judge(piece, config)
        if v.lang not in (para.lang, UNDETERMINED):
            out.append(Span(offset + a, offset + b, v.lang, v.confidence, script_counts(piece)))
    # Same-script sentences (a Belarusian quote in a Russian paragraph) are
    # re-judged only where the evidence is strong: letters that settle it,
    # or a detector that knows the languages apart.
    if len(_candidates(config, para.script)) < 2:
        return out
    sentences = _sentences(text)
    if len(sentences) < 2:
        return out
    for a, b in sentences:
        piece = text[a:b].strip()
        if len(_WORD.findall(piece)) < _MIN_SENTENCE_WORDS:
            continue
        a = a + text[a:b].find(piece)
        b = a + len(piece)
        if any(f.start < offset + b and offset + a < f.end for f in out):
            continue
        v = _judge(piece, config)
        if v.script != para.script or v.lang in (para.lang, UNDETERMINED):
            continue
        strong = v.how == "orthography" or (config.detector == "lingua" and v.confidence >= 0.9)
        if strong:
            out.append(Span(offset + a, offset + b, v.lang, v.confidence, script_counts(piece)))
    out.sort(key=lambda s: s.start)
    return out


def _judge_paragraph(text: str, config: "Config", counts: dict[str, int] | None = None) -> _Verdict:
    """A paragraph's verdict; a mixed Cyrillic one is settled by its sentences.

    A Russian paragraph that quotes a Belarusian sentence carries letters
    against every East Slavic alphabet; judged whole, the least-contradicted
    language can be a third one. Sentence by sentence, the letters decide
    again, and the majority by characters wins.
    """
    whole = _judge(text, config, counts)
    if whole.script != "cyrillic" or whole.how != "statistics" or config.detector != "langdetect":
        return whole
    votes: Counter = Counter()
    sure: Counter = Counter()
    for a, b in _sentences(text):
        v = _judge(text[a:b], config)
        if v.script == "cyrillic" and v.lang != UNDETERMINED:
            votes[v.lang] += b - a
            sure[v.lang] += (b - a) * v.confidence
    if len(votes) < 2:
        return whole
    lang = max(votes, key=lambda c: (votes[c], c))
    # how sure the winning sentences are (the others become fragments)
    return _Verdict(lang, sure[lang] / votes[lang], whole.script, "sentences")


#: quoted stretches: «...», “...”, "..."
_QUOTED = re.compile(r"«[^»\n]*»|“[^”\n]*”|\"[^\"\n]*\"")


def _frame(text: str, counts: dict[str, int]) -> str:
    """The paragraph a quote sits in, blanked of its quotes, when that is what to judge.

    "The official name in Russian is «Белорусский государственный университет»." is an
    English sentence about a Russian name: with more Cyrillic letters than Latin ones it
    read as Russian. A mixed paragraph is judged on its words outside quotes when there
    are enough of them (three words); the quotes are found as fragments.
    """
    if len(counts) < 2 or not _QUOTED.search(text):
        return text
    frame = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    return frame if len(_WORD.findall(frame)) >= 3 else text


#: a credit line's label in English: "Photo:", "Source:", "By", "Text and photo:"
_CREDIT = re.compile(r"\s*[\[【(（]?(?:photos?|photographer|pictures?|source|authors?|editor|reporter|correspondent|text|"
                     r"translator|translated by|text and photos?)\s*[:：]\s*|\s*by\s+", re.I)


#: a term and its original: "Faculty – факультет", "Credit: 学分", "Rector = ректор"
_PAIR = re.compile(r"\s*(?P<a>[^–—=:\t]{1,100}?)[ \t]*(?:[ \t][–—-][ \t]|[–—=:\t])[ \t]*(?P<b>[^–—=\t]{1,100}?)\s*")


def is_pair(line: str) -> bool:
    """Whether ``line`` pairs a Latin-script term with one in another script, and says nothing else."""
    m = _PAIR.fullmatch(line)
    if m is None:
        return False
    a, b = _letter_counts(m.group("a")), _letter_counts(m.group("b"))
    return bool(a) and bool(b) and len(a) == 1 and len(b) == 1 and (
        ("latin" in a) != ("latin" in b)) and len(line.split()) <= 16


def _is_credit(line: str) -> bool:
    """Whether ``line`` is a credit line ("Photo: Андрей Король, BSU"): an English label, then a few words."""
    m = _CREDIT.match(line)
    return m is not None and m.group().isascii() and 0 < len(line[m.end():].split()) <= 8


def detect_spans(text: str, config: "Config") -> LanguageData:
    """Language of every paragraph of ``text``, foreign fragments inside them, the majority."""
    data = LanguageData()
    weight: Counter = Counter()
    for p in split_paragraphs(text):
        body = _blank_protected(p.text)
        counts = _letter_counts(body)  # once per paragraph, shared by the steps below
        frame = _frame(body, counts)
        v = _judge_paragraph(frame, config, counts if frame is body else None)
        span = Span(p.start, p.end, v.lang, v.confidence, _shares(counts))
        data.paragraphs.append(span)
        if v.lang not in (config.target, UNDETERMINED) and _is_credit(body):
            data.credits.append(span)
        if len(counts) > 1 and is_pair(body):
            data.pairs.append(span)
            continue  # its other-script half is the point of the line, not a fragment left over
        if v.lang != UNDETERMINED:
            weight[v.lang] += p.end - p.start
        data.fragments.extend(_fragments(body, p.start, v, config, counts))
    if weight:
        data.document = max(weight, key=lambda c: (weight[c], c))
    return data
