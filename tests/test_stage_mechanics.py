"""The mechanics stage: spacing, hyphens, punctuation, doubled words; findings for what a person must judge."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from polish import codeblocks, pipeline
from polish.config import Config
from polish.model import Document, apply_edits
from polish.reading import InputError, read_document
from polish.stages import mechanics, mechanics_rules
from polish.stages.base import Context

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def clean(text: str):
    cfg = Config()
    return pipeline.run(Document(text), cfg, stages=[mechanics.make(cfg)])


def stage_run(text: str):
    cfg = Config()
    return mechanics.make(cfg).run(text, Context(config=cfg, doc=Document(text)))


FIXES = [
    # (input, expected output, rule)
    ("high -tech majors", "high-tech majors", "detached-hyphen"),
    ("Sino -Belarusian cooperation", "Sino-Belarusian cooperation", "detached-hyphen"),
    ("a well- known brand", "a well-known brand", "detached-hyphen"),
    ("the 2019 -2020 academic year", "the 2019-2020 academic year", "detached-hyphen"),
    ("Minsk,, June 3", "Minsk, June 3", "doubled-punct"),
    ("the end.. Then", "the end. Then", "doubled-punct"),
    ("the students,. Then", "the students. Then", "doubled-punct"),
    ("Minsk, June 3 ,2024 -- the forum", "Minsk, June 3, 2024 -- the forum", "space-before-punct"),
    ("The Rector of \u0412SUIR spoke in \u041cinsk.", "The Rector of BSUIR spoke in Minsk.", "mixed-script"),
    ("\u0420ектор Mинского университета", "\u0420ектор Минского университета", "mixed-script"),
    ("students ,teachers and 8 ,000 guests", "students, teachers and 8,000 guests", "space-before-punct"),
    ("He is a well-known known scholar.", "He is a well-known scholar.", "doubled-word"),
    ("Ten universities took part.  Among them: BSU.", "Ten universities took part. Among them: BSU.", "extra-space"),
    ("the forum , which", "the forum, which", "space-before-punct"),
    ("the last word .", "the last word.", "space-before-punct"),
    ("what is it ?", "what is it?", "space-before-punct"),
    ("the park ( Great Stone )", "the park (Great Stone)", "space-before-punct"),
    ("in the last year.The forum", "in the last year. The forum", "missing-space"),
    ("the forum opened in Minsk.The delegation", "the forum opened in Minsk. The delegation", "missing-space"),
    ("Java is fun -ish now", "Java is fun-ish now", "detached-hyphen"),
    ("founded in 2013.The institute", "founded in 2013. The institute", "missing-space"),
    ("Russian language,Belarusian culture", "Russian language, Belarusian culture", "missing-space"),
    ("in education，and the graduates", "in education, and the graduates", "cjk-punct"),
    ("students（about 200 people）attended。It was great！", "students (about 200 people) attended. It was great!",
     "cjk-punct"),
    ("Li Ming ，a student", "Li Ming, a student", "cjk-punct"),
    ("Question：what next？", "Question: what next?", "cjk-punct"),
    ("more than 8，000 students", "more than 8,000 students", "cjk-punct"),
    ("the so-called“Belt and Road”initiative", "the so-called “Belt and Road” initiative", "cjk-quote-space"),
    ("and the the graduates", "and the graduates", "doubled-word"),
    ("The the forum", "The forum", "doubled-word"),
    ("he said “ welcome ” to all", "he said “welcome” to all", "quote-space"),
    ('the " Great Stone " park', 'the "Great Stone" park', "quote-space"),
    ("two  spaces   here", "two spaces here", "extra-space"),
    ("trailing spaces   \nnext line\t\n", "trailing spaces\nnext line\n", "extra-space"),
]


@pytest.mark.parametrize("text,expected,rule", FIXES)
def test_fix(text, expected, rule):
    r = clean(text)
    assert r.text == expected
    assert r.changes, "expected at least one change"
    for c in r.changes:
        assert c.stage == "mechanics" and c.kind == "fix"
        assert c.rule == f"mechanics.{rule}" or f"mechanics.{rule}" in c.meta.get("rules", [])
        assert c.reason and "\n" not in c.reason
        assert text[c.start:c.end] == c.before
    assert apply_edits(text, stage_run(text).edits) == expected


UNTOUCHED = [
    "The rectors discussed cooperation - especially in engineering - on Friday.",
    "- first item of the list",
    "The temperature fell to -5 °C and later to −5 °C.",
    "Run polish clean samples -o editions and add the -v flag.",  # options, not compounds
    "Pre- and post-graduate students, two- or three-year programmes.",
    "The growth was 3.5 percent.",
    "Big cities, e.g. Minsk and Dalian, take part.",
    "He studied in the U.S. and then in China.",
    "Visit www.bsuir.by or BSUIR.by for details.",
    "Download report.pdf from the site.",
    "The students waited... and then left.",
    "Numbers like 8,000 and 1.5 stay.",
    "He had had enough, and he said that that was all.",
    "They visited Bora Bora last year.",
    "中国和白俄罗斯，合作。双方签署了协议：加强交流！",
    "Professor Li (李明：教授) gave a lecture.",
    "The caption read: BSUIR rector Vadim Bogush与DUT代表合影。",  # a Chinese sentence keeps its own full stop
    "  Indented line stays indented.",
    "Time was 10:30 and the ratio 3:1.",
    "The C++ code uses std::map, and std::vector.",
    "Etc., etc., and so on.",
    "“Welcome,” he said.",
    # command lines in prose: options after a command or another option
    "Run java -jar sim.jar, then rm -rf build, then gcc -Wall -Werror main.c.",
    "The jury ran git diff main..release and counted 1..10.",
    "Lectures were streamed on Yandex.Disk for the Yandex.Lyceum students of Mail.Ru.",
    # Markdown: a task box and an image after a list mark
    "- [ ] collect 500 labelled scenes",
    "- ![Signing ceremony](https://example.org/signing.jpg)",
    # a word that ends an address is not doubled by the same word after it
    "Applications are open at https://bsu.by/en/international international students may apply.",
    "More at www.bsuir.by/news news from the campus is posted daily.",
    "See the news news.bsu.by publishes.",
    # a word of one script beside one of the other, and a word whose letters belong to both
    "Минск (Minsk) and the Шанхай–Minsk route.",
    # relative paths
    "Run ./configure first, then ../tools/build.sh and ./docs/a.md.",
    # two spaces part the fields of a credit line
    "Editor: Liu Yang  Reviewed by: Zhang Wei",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_no_change(text):
    r = clean(text)
    assert r.changes == [], [(c.rule, c.before, c.after) for c in r.changes]
    assert r.text == text


@pytest.mark.parametrize("text", [
    "See https://www.bsuir.by/news/a,,b .html and more.",
    "Write to office,,intl@bsuir.by now.",
    "Run `make  install ,` then.",
    "The file /var/lib/polish/data ..txt is big.",
    "Link: http://example.com/high -tech/page",
])
def test_nothing_inside_protected_spans_is_edited(text):
    from polish.protect import Protected

    guard = Protected(text)
    for e in stage_run(text).edits:
        assert not guard.overlaps(e.start, e.end), (e, text[e.start:e.end])


def test_text_is_not_glued_onto_a_url():
    text = "Link: http://example.com/high -tech/page and www.bsuir.by/news -list here."
    r = clean(text)
    assert r.changes == [] and r.text == text


def test_url_stays_intact_while_the_sentence_around_it_is_fixed():
    text = "Details on https://bsuir.by/a,,b  , see the the page ."
    r = clean(text)
    assert "https://bsuir.by/a,,b" in r.text
    assert r.text == "Details on https://bsuir.by/a,,b, see the page."


def test_overlapping_fixes_are_merged_into_one_change_naming_both_rules():
    r = clean("high  -tech")
    assert r.text == "high-tech"
    (c,) = r.changes
    assert c.before == "  -" and c.after == "-"
    assert c.rule == "mechanics.extra-space"
    assert set(c.meta["rules"]) == {"mechanics.extra-space", "mechanics.detached-hyphen"}
    assert "extra spaces" in c.reason and "detached hyphen" in c.reason


def test_stage_data_counts_rules():
    out = stage_run("high -tech and well- known, Minsk,, June")
    assert out.data["by_rule"] == {"mechanics.detached-hyphen": 2, "mechanics.doubled-punct": 1}


# -- findings ---------------------------------------------------------------------


def findings(text: str, rule: str):
    return [f for f in clean(text).findings if f.rule == f"mechanics.{rule}"]


def test_run_on_sentence_is_reported_with_a_suggestion():
    text = "Title\nThe forum builds a new platform It will help students of both countries."
    (f,) = findings(text, "run-on")
    assert f.text == "platform It" and f.suggestion == "platform. It" and f.stage == "mechanics"
    assert f.line == 2 and f.message
    assert clean(text).text == text  # a finding changes nothing


@pytest.mark.parametrize("text", [
    "Title\nStudents visited Minsk State University and the Great Stone park.",
    "Title\nRector He said the cooperation is fruitful.",
    "Title\nThe students studied in The Hague and in Minsk.",
    "Title\nThe delegation watched the film It Happened One Night together.",
    "Title\nThe forum opened. It will help students.",
])
def test_run_on_false_positives_stay_quiet(text):
    assert findings(text, "run-on") == []


def test_truncated_paragraph_is_reported():
    text = "Title\nThe two universities agreed to expand the joint training of engineers in the field of\nNext line."
    (f,) = findings(text, "truncated")
    assert f.text == "of" and f.line == 2 and "cut off" in f.message


def test_findings_are_located_in_the_input_after_fixes_before_them():
    text = "Title\nThe institute , in short,, builds a new platform It will help students."
    r = clean(text)
    (f,) = [f for f in r.findings if f.rule == "mechanics.run-on"]
    assert f.text == "platform It" and text[f.start:f.end] == "platform It"
    again = clean(r.text)
    assert [g.rule for g in again.findings] == [g.rule for g in r.findings]


@pytest.mark.parametrize("text", [
    "China and Belarus Universities Hold Their Third Joint Forum in Minsk City\nBody.",
    "Title\nBy Li Wei and Zhang San from Minsk and Beijing for Xinhua News Agency",
    "Title\nBy staff reporter Li Ming and correspondent Zhang Wei from Minsk and Beijing",
    "Title\n- a list item that has quite a few words in it without a stop",
    "Title\nThe delegation visited the park and the plant in order to see\nhow the students work there.",
    "Title\nThe participants discussed the following questions of cooperation between the universities:",
    "Title\nShort line without a stop",
    "Title\nMore information about the programme is available at www.bsuir.by",
])
def test_truncated_false_positives_stay_quiet(text):
    assert findings(text, "truncated") == []


def test_unbalanced_quotes_and_brackets():
    text = "Title\nHe said “this is good and (maybe more.\nAnd \"one more.\nList: 1) first a) second (ok)."
    fs = clean(text).findings
    assert [(f.rule, f.text, f.line) for f in fs if f.rule.startswith("mechanics.unbalanced")] == [
        ("mechanics.unbalanced-quote", "“", 2),
        ("mechanics.unbalanced-bracket", "(", 2),
        ("mechanics.unbalanced-quote", '"', 3),
    ]


def test_balanced_quotes_and_brackets_are_quiet():
    text = ("Title\nHe said “yes” and (of course) agreed, \"fine\" [1]. Size 5\" screen.\n"
            "The lab meets the standard (ISO 7) in (Block B), see (Figure 2); options: a) one, b) two.")
    assert [f for f in clean(text).findings if f.rule.startswith("mechanics.unbalanced")] == []


# -- idempotence ---------------------------------------------------------------------

TRICKY = [
    "word ,, next .. and ,. then",
    "Minsk,, June 3 -- the forum , which focused on Sino -Belarusian cooperation.",
    "students，teachers（200）attended。It was“good”news！",
    "“ a ” \" b \" “c”",
    "x  ,  y   .  z",
    "the the the the end",
    "in 2023.The.The end",
    "high - tech high -tech high- tech - list",
    "www.bsuir.by .Next e.g.The U.S.The",
    "a ,,,, b ;; c :: d",
    "  \t  \n\n  x  \t",
    "（ ）【 】，，。。",
]


def _fuzz_cases(n: int = 400) -> list[str]:
    frags = ["word", " ", "  ", ",", ",,", ".", "..", "...", " ,", " .", "-", " -", "- ", "The", "the the", "It",
             "“", "”", '"', "（", "）", "，", "。", "\n", "\t", "2019", "www.bsuir.by", "e.g.", "U.S.", "中国", "high",
             "5", ";", ":", "(", ")", "!", "?", "a@b.cn", "`x  y`", "/a/b/c.txt", "、", "’", "and"]
    rng = random.Random(7)
    return ["".join(rng.choice(frags) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def _samples() -> list[str]:
    out = []
    for p in sorted(SAMPLES.glob("*.txt")):
        try:
            out.append(read_document(p).text)
        except InputError:
            pass
    return out


def test_idempotent_on_tricky_strings_samples_and_random_text():
    for text in TRICKY + _samples() + _fuzz_cases():
        edits, fixed = mechanics.fix_text(text)
        assert apply_edits(text, edits) == fixed
        assert mechanics.propose(fixed) == [], text
        once = clean(text)
        assert once.text == fixed
        assert clean(once.text).changes == [], text


def test_a_glossary_change_that_makes_a_paragraph_english_gets_its_punctuation_fixed_in_the_same_run():
    # 28 Latin letters against 8 Han: under the 0.8 share, so mechanics leaves the marks alone;
    # the glossary's longer canonical lifts the share over it, and a second clean would convert
    cfg = Config(translate=False, grammar=False)
    stages = pipeline.build_stages(cfg)
    text = "中白合作， 中白合作， Belorussian Academy of Sciences"
    once = pipeline.run(Document(text=text), cfg, stages=stages)
    assert once.text == "中白合作， 中白合作, National Academy of Sciences of Belarus"
    assert [c.rule for c in once.changes if c.stage == "mechanics"] == ["mechanics.cjk-punct"]
    assert pipeline.run(Document(text=once.text), cfg, stages=stages).changes == []


def test_a_word_the_glossary_doubles_at_its_edge_is_fixed_in_the_same_run():
    # the article before the replacement becomes "an", after an "an" the MT already had
    cfg = Config(translate=False, grammar=False)
    stages = pipeline.build_stages(cfg)
    once = pipeline.run(Document(text="It is an a production, learning and research base."), cfg, stages=stages)
    assert once.text == "It is an industry-university-research base."
    assert pipeline.run(Document(text=once.text), cfg, stages=stages).changes == []


def test_edges_need_fixing_only_where_a_word_repeats_or_a_mark_meets_the_text():
    assert mechanics._edges_need_fixing("an an industry", 3, 5)
    assert mechanics._edges_need_fixing("The the forum", 4, 7)
    assert mechanics._edges_need_fixing("a forum forum", 2, 7)
    assert mechanics._edges_need_fixing("ends here", 4, 4)  # a removal joins its neighbours
    assert mechanics._edges_need_fixing("Prof. .", 0, 5)
    assert not mechanics._edges_need_fixing("an industry base", 3, 11)


def test_revisit_leaves_paragraphs_no_later_stage_wrote_in():
    # the first paragraph has a mark to fix, but the later stage wrote only in the second
    text = "Students，teachers and guests attended.\n\nNational Academy of Sciences"
    stage = mechanics.MechanicsStage()
    ctx = Context(config=Config(), doc=Document(text=text))
    assert stage.revisit(text, ctx, [(len(text) - 5, len(text))]).edits == []
    assert [e.rule for e in stage.revisit(text, ctx, [(0, 3)]).edits] == ["mechanics.cjk-punct"]
    assert stage.revisit("plain English only", ctx, [(0, 5)]).edits == []


def test_rule_table_is_data():
    t = mechanics_rules.table()
    for rule in ("extra-space", "detached-hyphen", "doubled-punct", "space-before-punct", "missing-space",
                 "cjk-punct", "doubled-word", "quote-space", "unbalanced-quote", "unbalanced-bracket", "run-on",
                 "truncated"):
        assert t[rule]["reason"]
    assert "had" in t["doubled-word"]["allow"] and "that" in t["doubled-word"]["allow"]


def test_samples_trigger_the_rules():
    text = read_document(SAMPLES / "bsuir-dlut-joint-institute.txt").text
    r = clean(text)
    rules = {rr for c in r.changes for rr in c.meta.get("rules", [c.rule])}
    assert {"mechanics.detached-hyphen", "mechanics.doubled-punct", "mechanics.space-before-punct",
            "mechanics.doubled-word", "mechanics.cjk-punct", "mechanics.missing-space"} <= rules
    assert any(f.rule == "mechanics.run-on" and f.suggestion == "platform. It" for f in r.findings)
    assert "Sino-Belarusian" in r.text and "Minsk, June 3" in r.text and "high-tech" in r.text
    summer = clean(read_document(SAMPLES / "bsu-summer-school.txt").text)
    assert any(f.rule == "mechanics.run-on" for f in summer.findings)
    assert "language, Belarusian" in summer.text


# -- fast paths: pre-checks and the protected-span scan must not change results ----------------

def _lines(texts: list[str]) -> list[str]:
    return [line for t in texts for line in t.split("\n")]


def test_prechecks_find_every_line_a_fix_changes():
    # a pre-check that misses a line would leave a slip unfixed: each must be a superset of its fix
    lines = _lines(TRICKY + _samples() + _fuzz_cases(1500)) + [t for t, _, _ in FIXES] + UNTOUCHED
    fired = set()
    for line in lines:
        for fix in mechanics_rules.FIXES:
            if any(line[e.start:e.end] != e.replacement for e in fix(line)):
                fired.add(fix)
                assert mechanics_rules.may_fire(fix, line), (fix.__name__, line)
    assert fired == set(mechanics_rules.FIXES)  # every fix was exercised


def _hyphen_cases(n: int = 4000) -> list[str]:
    """Random lines of what the detached-hyphen patterns look at: letters, digits, spaces, tabs, hyphens, dashes."""
    frags = ["a", "word", "Sino", "x", "7", "2019", "2020", "٢٠١٩", "é", "ж", "中", "_", " ", "  ", "\t", "-", "--",
             " -- ", " - ", "—", "–", ".", ",", "(", "\n", "and", "or", "rm", "suffix", "in"]
    rng = random.Random(5)
    return ["".join(rng.choice(frags) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_detached_hyphen_precheck_is_found_on_every_match_of_its_patterns():
    # the pre-check may skip a line only where none of the rule's patterns can match: on the
    # line of every match, one of its patterns must be found, and over the match itself
    data = Path(__file__).resolve().parent / "data"
    texts = (TRICKY + _samples() + [p.read_text(encoding="utf-8") for p in sorted(data.iterdir())]
             + [t for t, _, _ in FIXES] + UNTOUCHED + _fuzz_cases(1500) + _hyphen_cases())
    checks = mechanics_rules.prechecks((mechanics_rules.fix_detached_hyphen,))
    matched = {}
    for text in texts:
        for line in text.split("\n"):
            for key in ("before", "after", "years"):
                for m in mechanics_rules._re("detached-hyphen", key).finditer(line):
                    matched[key] = matched.get(key, 0) + 1
                    assert any(c.start() <= max(m.end(), m.start() + 1) and c.end() >= m.start()
                               for p in checks for c in p.finditer(line)), (key, line)
    assert set(matched) == {"before", "after", "years"}, matched  # every pattern was exercised


def test_detached_hyphen_precheck_passes_over_dashes():
    # datelines' " -- " and spaced dashes are no compound: no line is handed to the fix for them
    for line in ("Minsk, June 3 -- the forum opened", "Minsk - Beijing", "- END -", "a -- b", "pages 5 - 7"):
        assert not mechanics_rules.may_fire(mechanics_rules.fix_detached_hyphen, line), line


def _fix_line_naively(line: str) -> str:
    """Every fix on every round, no pre-checks: the behaviour the fast path must reproduce."""
    for _ in range(mechanics.MAX_ROUNDS):
        edits = mechanics._propose(line, mechanics_rules.FIXES)
        if not edits:
            break
        line = apply_edits(line, edits)
    return line


def test_fast_path_fixes_the_same_as_running_every_fix_on_every_line():
    for text in TRICKY + _samples() + _fuzz_cases(600):
        expected = "\n".join(_fix_line_naively(line) for line in text.split("\n"))
        assert mechanics.fix_text(text)[1] == expected, text


def test_lines_fixed_alone_are_taken_as_they_are_and_give_the_same_edits(monkeypatch):
    # boilerplate asks fix_line for short lines first: the stage reuses those, which must
    # change nothing (every field of every edit, and the text)
    texts = TRICKY + _samples() + _fuzz_cases(300) + ["Minsk,, June 3 -- x\nhigh  -tech\n\nMinsk,, June 3 -- x"]

    def fields(edits):
        return [(e.start, e.end, e.replacement, e.rule, e.reason, e.kind, e.entry, e.meta) for e in edits]

    mechanics._line_fixes.clear()
    fresh = [(fields(edits), fixed) for edits, fixed in map(mechanics.fix_text, texts)]
    for text in texts:
        for line in text.split("\n"):
            mechanics.fix_line(line)
    calls = []
    real = mechanics._fix_line
    monkeypatch.setattr(mechanics, "_fix_line", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    again = [(fields(edits), fixed) for edits, fixed in map(mechanics.fix_text, texts)]
    assert again == fresh
    assert calls == []  # every changed line came from what fix_line remembered
    # a remembered edit handed out is a copy: changing it leaves the next answer as it was
    edits, _ = mechanics.fix_text("a\nMinsk,, June 3 -- x")
    edits[0].meta["rules"] = ["changed"]
    assert "rules" not in mechanics.fix_text("a\nMinsk,, June 3 -- x")[0][0].meta


def test_run_on_hint_finds_every_run_on():
    starters = frozenset(mechanics_rules.table()["run-on"]["starters"])
    pattern = mechanics_rules._re("run-on", "pattern")
    hint = mechanics_rules._run_on_hint()
    texts = _samples() + _fuzz_cases(300) + ["builds a new platform It will help", "the rector He said it",
                                             "x. The end Then we go"]
    seen = 0
    for text in texts:
        for m in pattern.finditer(text):
            if m.group(2) in starters:
                seen += 1
                assert hint.match(text, m.start(2) - 1), text
    assert seen


def _protect_cases(n: int = 3000) -> list[str]:
    frags = ["word", " ", "\n", ".", "/", "//", "@", "`", "www.", "WWW.", "http://", "HTTPS://", "ftp://", "a.com",
             ".COM", ".by", ".Info", ".int", ".cn.uk", "x.org/path", "-", "_", "+", "a@b", "@x.ru", "/usr/lib", "../a/b",
             "（", "）", "“", "”", "'", '"', ",", ";", "中国", "İ", "ı", "é", "\t", "..", "/a.b/", "io", "com", "bsuir",
             "net/", "(", ")", "<", ">", "`code here`", "\u2028", "\x85", "\r", "1", "s.by.", ".edu/x.", "ſ", "?",
             "C:\\", "\\\\srv\\", "\\", "|", "*"]
    rng = random.Random(11)
    return ["".join(rng.choice(frags) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def test_protected_scan_matches_the_full_regex():
    from polish.protect import PROTECTED_RE, Protected, finditer

    for text in _protect_cases() + _samples() + TRICKY:
        expected = [(m.start(), m.end()) for m in PROTECTED_RE.finditer(text)]
        assert [(m.start(), m.end()) for m in finditer(text)] == expected, text
        assert [m.group() for m in finditer(text)] == [m.group() for m in PROTECTED_RE.finditer(text)]
        assert Protected(text).spans == expected, text


#: Patterns of mechanics.toml rewritten to lead with the character they match (for speed),
#: and the look-behind-first forms they replace: both must find exactly the same matches.
_LEADING_LOOKBEHIND = {
    ("extra-space", "inner"): r"(?<=\S)[ \t]{2,}(?=\S)",
    ("detached-hyphen", "before"): r"(?<=[^\W\d_])[ \t]+-(?=[^\W\d_]{2})",
    ("detached-hyphen", "after"): r"(?<=[^\W\d_])-[ \t]+(?=([^\W\d_]+))",
    ("space-before-punct", "pattern"): r"(?<=[^\s(\[{])[ \t]+(?=[,;?)\]]|!(?!\[)|:(?!\d)|\.(?![.\w]))",
    ("missing-space", "comma"): r"(?<=[^\W\d_]{2}),(?=[^\W\d_]{2})",
    ("quote-space", "curly_close"): r"(?<=\S)[ \t]+(?=”)",
}


@pytest.mark.parametrize("rule,key", sorted(_LEADING_LOOKBEHIND))
def test_rewritten_patterns_match_as_the_lookbehind_forms(rule, key):
    import re

    new, old = mechanics_rules._re(rule, key), re.compile(_LEADING_LOOKBEHIND[rule, key])
    rnd = random.Random(7)
    alphabet = "ab1_ \t-,;:.()[{”“\"é中"
    texts = ["high -tech", "well- known", "word ,next", "year.The language,Belarusian", "“ a  b ”", "samples -o out"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24))) for _ in range(20000)]
    for t in texts:
        assert [(m.span(), m.groups()) for m in new.finditer(t)] == [(m.span(), m.groups()) for m in old.finditer(t)], t


def test_first_round_fast_path_places_edits_like_the_general_merge():
    # two rounds on one line: the first goes through the fast path, the second through the general one
    edits, fixed = mechanics.fix_text("word ,, next and high -tech  ( x )")
    assert fixed == "word, next and high-tech (x)"
    assert apply_edits("word ,, next and high -tech  ( x )", edits) == fixed


def test_fenced_code_blocks_are_left_alone():
    from polish.config import Config
    from polish.pipeline import run
    from polish.reading import normalize
    from polish.stages.mechanics import make

    text = "Some high -tech text .\n```\nx  =  f(a ,b)   # aligned\n```\nMore text ,here.\n"
    r = run(normalize(text), Config(), stages=[make(Config())])
    assert r.text == "Some high-tech text.\n```\nx  =  f(a ,b)   # aligned\n```\nMore text, here.\n"
    assert all(not (text.index("```") <= c.start < text.rindex("```")) for c in r.changes)


MARKDOWN = (
    "A high -tech park .\n\n"
    "    polish clean samples -o editions/ ,, --jobs 2\n"
    "\n"
    "    x = a ,b\n"
    "After the code , prose again.\n\n"
    "- a list item with a high -tech park\n\n"
    "    the item goes on with a high -tech park.\n"
)


def test_indented_code_blocks_are_found_after_a_blank_line_outside_lists():
    spans = codeblocks.indented_code(MARKDOWN)
    assert [MARKDOWN[a:b] for a, b in spans] == [
        "    polish clean samples -o editions/ ,, --jobs 2\n\n    x = a ,b"]
    # an indented line right under a paragraph continues it (Markdown's "lazy" line), not code
    assert codeblocks.indented_code("Prose line\n    more prose\n") == []
    assert codeblocks.indented_code("no indentation at all\n") == []


@pytest.mark.parametrize("name, touched", [("article.md", False), ("article.txt", True)])
def test_indented_code_is_left_alone_in_markdown_only(name: str, touched: bool):
    from polish.reading import normalize

    r = pipeline.run(normalize(MARKDOWN, path=name), Config(), stages=[mechanics.make(Config())])
    code = MARKDOWN.index("    polish"), MARKDOWN.index("\nAfter")
    assert any(code[0] <= c.start < code[1] for c in r.changes) is touched
    # the prose around the code and the list item's own indented line are fixed either way
    assert "A high-tech park." in r.text and "After the code, prose again." in r.text
    assert "the item goes on with a high-tech park." in r.text


def test_raw_html_code_and_comments_in_markdown_are_left_alone():
    from polish.reading import normalize

    text = ("Intro ,, text.\n\n<pre>\npre ,, the the\n</pre>\n\n<!-- comment ,, high -tech -->\n\n"
            "After <code>a ,, b</code> it ,, ends.\n")
    r = pipeline.run(normalize(text, path="a.md"), Config(), stages=[mechanics.make(Config())])
    assert r.text == text.replace("Intro ,, text", "Intro, text").replace("it ,, ends", "it, ends")
    assert codeblocks.html_code("no markup here") == []


def test_markdown_table_padding_stays():
    from polish.reading import normalize

    text = "# T\n\n| Year | Students  |\n|------|-----------|\n| 2023 | 1,200     |\n\nThe  forum ,, opened.\n"
    r = pipeline.run(normalize(text, path="a.md"), Config(), stages=[mechanics.make(Config())])
    assert r.text == text.replace("The  forum ,, opened.", "The forum, opened.")


def test_a_markdown_table_row_is_not_a_cut_off_sentence():
    row = "| University that took part in the programme this year | Students from Belarus and China |"
    text = f"Title\n{row}\n|---|---|\n| Belarusian State University | 120 |\n"
    assert not [f for f in mechanics_rules.check_truncated(text) if f.rule.endswith("truncated")]
    # the same words as a sentence that breaks off are still reported
    words = "The university that took part in the programme this year sent students from Belarus and"
    assert mechanics_rules.check_truncated(f"Title\n{words}\n")


def test_markdown_line_breaks_stay_and_plain_text_trailing_spaces_go():
    text = "International Office  \n4 Nezavisimosti Avenue, Minsk   \nend\n"
    cfg = Config()
    md = pipeline.run(Document(text, path="a.md"), cfg, stages=[mechanics.make(cfg)])
    assert md.text == text
    txt = pipeline.run(Document(text, path="a.txt"), cfg, stages=[mechanics.make(cfg)])
    assert txt.text == "International Office\n4 Nezavisimosti Avenue, Minsk\nend\n"
