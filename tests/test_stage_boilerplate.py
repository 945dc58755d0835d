"""The boilerplate stage: junk lines out, article lines in, every removal on record."""

from __future__ import annotations

from pathlib import Path

import pytest

from polish import pipeline
from polish.batch import Input, corpus_context
from polish.config import Config
from polish.model import Document
from polish.reading import InputError, read_document
from polish.stages import boilerplate
from polish.stages.base import Context, CorpusContext

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

HEAD = "China and Belarus Open Joint Laboratory\nMinsk, June 3 (Xinhua) -- The two universities opened a joint laboratory of artificial intelligence on Friday.\n"
TAIL = "The laboratory will train 50 engineers a year for companies of both countries.\n"


def clean(text: str, corpus: CorpusContext | None = None, config: Config | None = None):
    cfg = config or Config()
    return pipeline.run(Document(text), cfg, stages=[boilerplate.make(cfg)], corpus=corpus)


def stage_run(text: str, corpus: CorpusContext | None = None):
    cfg = Config()
    return boilerplate.make(cfg).run(text, Context(config=cfg, doc=Document(text), corpus=corpus))


JUNK = [
    ("https://img.example.cn/a-300x200.jpg 300w, https://img.example.cn/a-768x512.jpg 768w", "image-dump"),
    ("a.jpg 300w, b.jpg 768w", "image-dump"),
    ("/uploads/2023/06/img_123.jpg", "image-dump"),
    ("https://www.bsuir.by/ru/news/12345 https://www.bsuir.by/ru/news/12346", "image-dump"),
    ("Share to let more people see", "share-widget"),
    ("Share to:", "share-widget"),
    ("Share to: WeChat Weibo QQ", "share-widget"),
    ("Share to：WeChat  Weibo  QQ Space", "share-widget"),
    ("WeChat Weibo QQ Zone", "share-widget"),
    ("WeChat Weibo QQ", "share-widget"),
    ("Print", "share-widget"),
    ("Close window", "share-widget"),
    ("Font size: large medium small", "share-widget"),
    ("【Font size: large medium small】", "share-widget"),
    ("Back to top", "share-widget"),
    ("[Print this page] [Close]", "share-widget"),
    ("分享到：微信 微博 QQ空间", "share-widget"),
    ("【打印本页】【关闭窗口】", "share-widget"),
    ("Версия для печати", "share-widget"),
    ("Current location: Home > News > International cooperation", "breadcrumb"),
    ("Home > News > Cooperation", "breadcrumb"),
    ("当前位置：首页 > 新闻中心", "breadcrumb"),
    ("Views: 1,234", "view-counter"),
    ("Number of visits: 58", "view-counter"),
    ("Click rate: 12", "view-counter"),
    ("Reading 2.3k", "view-counter"),
    ("浏览次数：356", "view-counter"),
    ("Просмотров: 412", "view-counter"),
    ("- END -", "end-marker"),
    ("—— END ——", "end-marker"),
    ("Copyright © 2023 Belarusian State University. All rights reserved", "copyright"),
    ("© 2023 BSUIR", "copyright"),
    ("Disclaimer: This article is reprinted for the purpose of conveying more information and does not mean agreeing with its views.",
     "copyright"),
    ("Statement: Some articles on this site are reprinted from the Internet; please contact us for deletion if they infringe.",
     "copyright"),
    ("This article is reprinted for the purpose of conveying more information, which does not mean that this website agrees with its views.",
     "copyright"),
    ("版权所有 © 大连理工大学", "copyright"),
    ("Copyright ownership：Dalian University of Technology  Address：No.2 Linggong Road", "copyright"),
    ("辽ICP备05001357号", "copyright"),
    ("Number of clicks: 1,356", "view-counter"),
    ("Views: 1 245", "view-counter"),
    ("Просмотров: 1\u00a0245", "view-counter"),
    ("Version for printing", "share-widget"),
    ("Read more", "share-widget"),
    ("Читать далее", "share-widget"),
    ("Поделиться в соцсетях", "share-widget"),
    ("Back to the list of news", "share-widget"),
    ("Tags: BSUIR, olympiad", "share-widget"),
    ("Чытаць далей", "share-widget"),
    ("Browse times：2104", "view-counter"),
    ("![](https://example.cn/uploads/a.jpg)", "image-dump"),
    ("![image](https://example.cn/uploads/a)", "image-dump"),
]


@pytest.mark.parametrize("junk,rule", JUNK)
def test_junk_line_is_removed_with_provenance(junk, rule):
    text = HEAD + junk + "\n" + TAIL
    r = clean(text)
    assert r.text == HEAD + TAIL
    assert len(r.changes) == 1
    c = r.changes[0]
    assert (c.rule, c.kind, c.before, c.after) == (f"boilerplate.{rule}", "remove", junk + "\n", "")
    assert c.stage == "boilerplate" and c.reason and "\n" not in c.reason
    assert text[c.start:c.end] == c.before
    assert r.removals == [c]


KEEP = [
    "Students can share their experience with classmates on the new platform.",
    "Share to let more people see the achievements, the rector said.",
    "The agreement also covers copyright protection of jointly written textbooks.",
    "Copyright law and the protection of intellectual property were discussed at the seminar.",
    "The students will print their projects on a 3D printer in the new laboratory.",
    "The number of visits of Chinese delegations to Minsk grew to 58 last year.",
    "By the end of the year, the two sides will sign a new agreement.",
    "The statement says both sides will deepen cooperation in education.",
    "At the end of the ceremony the students sang a song together.",
    "Reading is an important part of the summer school program.",
    "All rights reserved by the authors, the editor said.",
    "Note: the views of the experts on the new programme differ.",
    "Minsk, June 3 (Xinhua) -- The ceremony was held on Friday.",
    "By Li Wei",
    "Source: BSUIR",
    "Editor: Zhang San",
    "[Editor: Zhang San]",
    "Location of the new centre: the main building of BSU, room 401.",
    "Location: the main building of BSU, room 401",
    "2023-06-03 10:21",
    "责任编辑：张三",
]


@pytest.mark.parametrize("line", KEEP)
def test_article_lines_and_bylines_stay(line):
    text = HEAD + line + "\n" + TAIL
    r = clean(text)
    assert r.changes == []
    assert r.text == text


def test_view_counter_glued_to_the_dateline_is_cut_out_and_the_dateline_stays():
    text = "Title of the News\n2023-06-03 10:21  Source: BSUIR  Views: 1,234\n" + TAIL
    r = clean(text)
    assert r.text == "Title of the News\n2023-06-03 10:21  Source: BSUIR\n" + TAIL
    (c,) = r.changes
    assert (c.rule, c.kind, c.before) == ("boilerplate.view-counter", "remove", "  Views: 1,234")


@pytest.mark.parametrize("label", ["  Number of clicks: 1,356", "  Browse times：2104", " | Views: 1 245"])
def test_a_counter_after_the_date_goes_whole(label):
    text = f"Title of the News\nRelease time: 2024-04-12 15:20{label}\n" + TAIL
    assert clean(text).text == "Title of the News\nRelease time: 2024-04-12 15:20\n" + TAIL


def test_a_captioned_picture_and_an_announced_link_are_the_article_s():
    text = ("The rectors signed the memorandum on September 12.\n\n"
            "![Rectors sign the memorandum](https://industrialpark.by/upload/img/signing.jpg)\n\n"
            "Applications for internships are accepted online:\n\nhttps://industrialpark.by/en/internships/apply\n\n"
            "The deadline is October 1.\n")
    assert clean(text).text == text
    # a link no line announces is still the scraper's
    assert "news/12345" not in clean("The deadline is October 1.\nhttps://www.bsuir.by/ru/news/12345\n").text


def test_counter_words_inside_an_article_sentence_stay():
    text = HEAD + "The statistics of visits: 58 delegations came to Minsk in 2023, the rector said.\n" + TAIL
    assert clean(text).changes == []


def test_related_headlines_after_the_article_are_removed():
    heads = ["China-Belarus forum held in Minsk", "BSU students win programming contest",
             "Confucius Institute celebrates its anniversary"]
    text = HEAD + TAIL + "Editor: Zhang San\n" + "\n".join(heads) + "\n"
    r = clean(text)
    assert r.text == HEAD + TAIL + "Editor: Zhang San\n"
    assert [c.before.strip() for c in r.changes] == heads
    assert {c.rule for c in r.changes} == {"boilerplate.related-headlines"}


def test_headline_section_with_header_bullets_dates_and_navigation():
    tail = ("- END -\nRelated news\n• Rectors meet in Harbin 2023-05-28\n\nPrevious: BSU opens a Chinese centre\n"
            "Next: Summer school starts in July\nCopyright © 2023 BSU. All rights reserved")
    text = HEAD + TAIL + "Editor: Zhang San\n" + tail
    r = clean(text)
    assert r.text == HEAD + TAIL + "Editor: Zhang San"
    rules = [c.rule for c in r.changes]
    assert rules == ["boilerplate.end-marker", "boilerplate.related-headlines", "boilerplate.related-headlines",
                     "boilerplate.related-headlines", "boilerplate.related-headlines", "boilerplate.copyright"]
    assert "".join(c.before for c in r.changes) == "\n" + tail  # nothing lost, nothing doubled


def test_two_short_lines_at_the_end_are_not_a_headline_list():
    text = HEAD + TAIL + "Photo by Li Wei\nMore Cooperation Ahead\nStudents Thank Teachers\n"
    assert clean(text).changes == []


def test_two_dated_headlines_are_enough():
    text = HEAD + TAIL + "Rectors meet in Harbin 2023-05-28\nStudents win robotics cup 2023-05-21\n"
    r = clean(text)
    assert r.text == HEAD + TAIL and len(r.changes) == 2


def test_a_list_that_ends_the_article_stays():
    text = (HEAD + "The new consortium unites the following universities:\nBelarusian State University\n"
            "Harbin Institute of Technology\nDalian University of Technology\nTel: +375 17 293 22 22\n"
            "E-mail: office@bsuir.by\n")
    assert clean(text).changes == []


def test_subheadings_inside_the_article_stay():
    text = (HEAD + "Joint Research\n" + TAIL + "New Courses\nStudents Exchange\nThe Future\n"
            + "The two rectors agreed to meet again in Dalian next spring.\n")
    assert clean(text).changes == []


def test_a_text_of_short_lines_only_is_not_taken_for_a_headline_list():
    text = "Rector Visits Harbin\nStudents Meet Teachers\nNew Centre Opens\nForum Ends"
    assert clean(text).changes == []


def test_blank_lines_around_a_removed_block_are_tidied():
    text = "Title Line Here\n\nFirst paragraph of the article.\n\nShare to:\n\nViews: 12\n\nSecond paragraph.\n\nBack to top\n"
    r = clean(text)
    assert r.text == "Title Line Here\n\nFirst paragraph of the article.\n\nSecond paragraph.\n"
    assert [c.rule for c in r.changes] == ["boilerplate.share-widget", "boilerplate.view-counter",
                                           "boilerplate.share-widget"]


def test_last_line_without_newline():
    r = clean("Title Line Here\nThe article body ends here.\n- END -")
    assert r.text == "Title Line Here\nThe article body ends here."
    assert r.changes[0].before == "\n- END -"


# -- repeated lines across a folder ----------------------------------------------


def test_line_key_normalises_case_width_spaces_and_digits():
    assert boilerplate.line_key("Views:  1,234") == boilerplate.line_key("VIEWS: 58")
    assert boilerplate.line_key("Ｆｏｌｌｏｗ us on WeChat") == boilerplate.line_key("follow US on wechat")
    assert boilerplate.line_key("The forum was held in Minsk.") != boilerplate.line_key("The forum was held in Harbin.")
    assert boilerplate.line_key("   ") is None
    assert boilerplate.line_key("OK 1") is None


FOOTER = "Follow the official account of the International Office for more stories"


def _corpus(lines: dict[str, int], documents: int) -> CorpusContext:
    return CorpusContext(repeated_lines={boilerplate.line_key(k): v for k, v in lines.items()}, documents=documents)


def test_repeated_line_is_removed_when_frequent_enough():
    text = HEAD + TAIL + FOOTER + "\n"
    r = clean(text, corpus=_corpus({FOOTER: 8}, 10))
    (c,) = r.changes
    assert (c.rule, c.kind, c.before) == (boilerplate.REPEATED_RULE, "remove", FOOTER + "\n")
    assert "8 of 10" in c.reason
    assert r.text == HEAD + TAIL


def test_repeated_line_below_the_thresholds_stays():
    text = HEAD + TAIL + FOOTER + "\n"
    assert clean(text, corpus=_corpus({FOOTER: 4}, 10)).changes == []  # share 0.4 < 0.5
    assert clean(text, corpus=_corpus({FOOTER: 2}, 3)).changes == []  # 2 documents < 3
    assert clean(text, corpus=None).changes == []


def test_repeated_bylines_datelines_and_titles_stay():
    title = "China and Belarus Open Joint Laboratory"
    corpus = _corpus({title: 10, "Editor: Zhang San": 10, "Source: BSUIR": 10, "2023-06-03 10:21": 10}, 10)
    text = HEAD + "Source: BSUIR\n2023-06-03 10:21\n" + TAIL + "Editor: Zhang San\n"
    assert clean(text, corpus=corpus).changes == []


def test_folder_run_counts_lines_with_the_batch_code(tmp_path):
    bodies = [
        "The rector of BSU met Chinese students on Monday.",
        "Harbin Institute of Technology signed an agreement with BNTU.",
        "A Belarusian language course opened in Dalian.",
        "Students of both countries took part in a robotics contest.",
    ]
    for i, body in enumerate(bodies):
        (tmp_path / f"a{i}.txt").write_text(f"News number {i} of the week\n{body}\n{FOOTER}\n", encoding="utf-8")
    cfg = Config()
    inputs = [Input(p, Path(p.name)) for p in sorted(tmp_path.iterdir())]
    corpus = corpus_context(inputs, cfg)
    assert corpus is not None and corpus.documents == 4
    doc = Document((tmp_path / "a0.txt").read_text(encoding="utf-8"))
    r = pipeline.run(doc, cfg, stages=[boilerplate.make(cfg)], corpus=corpus)
    assert [c.rule for c in r.changes] == [boilerplate.REPEATED_RULE]
    assert r.text == f"News number 0 of the week\n{bodies[0]}\n"
    # worker processes count the same (the CLI starts them before preparing its stages)
    parallel = corpus_context(inputs + [Input(tmp_path / "missing.txt", Path("missing.txt"))], cfg, jobs=2)
    assert parallel == corpus


# -- data, idempotence, samples -------------------------------------------------------


def test_patterns_come_from_the_data_file_and_can_be_extended(tmp_path):
    shipped = boilerplate.load_patterns()
    assert {r.id for r in shipped.rules} >= {"image-dump", "share-widget", "view-counter", "end-marker",
                                             "copyright", "related-headlines"}
    extra = tmp_path / "site.toml"
    extra.write_text("[rules.site-banner]\nreason = 'banner of the university site'\nwhere = 'anywhere'\n"
                     "patterns = ['welcome to the official site of .{1,60}']\n", encoding="utf-8")
    stage = boilerplate.BoilerplateStage(boilerplate.load_patterns((str(extra),)))
    text = HEAD + "Welcome to the official site of BSUIR\n" + TAIL
    out = stage.run(text, Context(config=Config(), doc=Document(text)))
    assert [(e.rule, e.reason, e.kind) for e in out.edits] == [
        ("boilerplate.site-banner", "banner of the university site", "remove")]


def test_bad_pattern_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.x]\npatterns = ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(boilerplate.PatternError, match="bad.toml"):
        boilerplate.load_patterns((str(bad),))


def test_stage_data_counts_removals():
    out = stage_run(HEAD + "Print\nViews: 3\n" + TAIL)
    assert out.data == {"removed_lines": 2, "by_rule": {"boilerplate.share-widget": 1, "boilerplate.view-counter": 1}}
    assert all(e.kind == "remove" and e.replacement == "" for e in out.edits)


def _sample_texts() -> list[str]:
    out = []
    for p in sorted(SAMPLES.glob("*.txt")):
        try:
            out.append(read_document(p).text)
        except InputError:  # the deliberately empty sample
            pass
    return out


TRICKY = [
    HEAD + "Share to:\n\n\nViews: 1\n" + TAIL,
    "- END -\n" + HEAD,
    HEAD + TAIL + "\n\nRelated news\n\nA Headline Here\n\n",
    HEAD + TAIL + "One Headline\nTwo Headline\nThree Headline\nEditor: Li\nFour Headline\n",
    "www.bsuir.by ,\n" + HEAD,
    "Print\nClose\n",
    "",
    "\n\n\n",
]


@pytest.mark.parametrize("text", TRICKY + _sample_texts())
def test_idempotent(text):
    once = clean(text).text
    again = clean(once)
    assert again.changes == [] and again.text == once


def test_sample_joint_institute():
    text = (SAMPLES / "bsuir-dlut-joint-institute.txt").read_text(encoding="utf-8")
    r = clean(text)
    rules = {c.rule for c in r.changes}
    assert rules == {"boilerplate.image-dump", "boilerplate.view-counter", "boilerplate.share-widget",
                     "boilerplate.end-marker", "boilerplate.related-headlines", "boilerplate.copyright"}
    assert "Editor: Zhang San" in r.text and "Minsk,, June 3 --" in r.text
    assert "Related news" not in r.text and "Copyright" not in r.text and ".jpg" not in r.text
    for c in r.changes:
        assert text[c.start:c.end] == c.before and c.after == ""


def test_sample_summer_school_and_great_stone():
    r = clean((SAMPLES / "bsu-summer-school.txt").read_text(encoding="utf-8"))
    removed = [c.before.strip() for c in r.changes]
    assert {"Back to top", "[Print this page] [Close]", "Font size: large medium small", "Print  Close window",
            "Reading 2.3k"} <= set(removed)
    r = clean((SAMPLES / "great-stone-visit.txt").read_text(encoding="utf-8"))
    assert {c.rule for c in r.changes} == {"boilerplate.related-headlines"}
    assert len(r.changes) == 4 and r.text.endswith("Editor: Wang Fang\n") and "By Li Wei" in r.text


# -- speed-ups that must not change what is junk ----------------------------------------


COPYRIGHT_LIKE = [
    "Copyright © 2023 Belarusian State University. All rights reserved",
    "COPYRIGHT 2021 BSU", "(C) 2020 Minsk State Linguistic University", "Site news. ALL RIGHTS RESERVED.",
    "Disclaimer: the views are the authors' own", "Statement: reprinted articles are for reference only",
    "Declaration: please contact us for deletion if this infringes your copyright",
    "This article is reprinted For The Purpose Of conveying more information.",
    "Reprinting does not mean that this website agrees with its views.",
    "If there is any infringement, please contact us for deletion.",
    "The agreement also covers copyright protection of jointly written textbooks.",
    "The rector said the partners does not mean to stop.", "Contact us to learn more about the programme.",
    "版权所有 © 大连理工大学", "声明：本文转载自网络", "© БГУ, 2023. Все права защищены.",
    # 'ſ' and the Kelvin sign match 's' and 'k' under re.IGNORECASE: such lines skip the keyword test
    "Statement: we keep the ſtatement of the rights reserved", "ALL RIGHTS RESERVED (K)",
]


def test_keyword_precheck_and_joined_patterns_decide_as_the_patterns_do():
    lines = COPYRIGHT_LIKE + [HEAD.splitlines()[1], TAIL.strip(), "Views: 1,204", "Back to top", "- END -",
                              "By Olga Ivanova", "Source: BelTA", "Share to let more people see"]
    for rule in boilerplate.load_patterns().rules:
        for line in lines:
            assert rule.matches(line) == any(p.fullmatch(line) for p in rule.patterns), (rule.id, line)
    assert sum(boilerplate.load_patterns().rules[[r.id for r in boilerplate.load_patterns().rules].index(
        "copyright")].matches(x) for x in COPYRIGHT_LIKE) >= 12


def test_rule_sets_find_the_first_rule_as_trying_each_rule_in_turn_does(tmp_path):
    extra = tmp_path / "site.toml"  # a tail rule whose pattern has a group: its set cannot join the patterns
    extra.write_text("[rules.echo]\nreason = 'echoed word'\nwhere = 'tail'\npatterns = ['(\\w+) \\1']\n",
                     encoding="utf-8")
    lines = COPYRIGHT_LIKE + [*HEAD.splitlines(), *TAIL.splitlines(), "Views: 1,204", "Back to top", "- END -",
                              "By Olga Ivanova", "Source: BelTA", "Related news", "Next: Minsk hosts a forum",
                              "again again", "https://www.example.com/news/2024/05/13/123.html"]
    for extras in ((), (str(extra),)):
        stage = boilerplate.BoilerplateStage(boilerplate.load_patterns(extras))
        for line in lines:
            assert stage._first_anywhere(line) == next((r for r in stage._anywhere if r.matches(line)), None), line
            assert stage._first_tail(line) == next((r for r in stage._tail if r.matches(line)), None), line
        assert any(stage._first_tail(line) for line in lines)


def test_patterns_with_groups_or_other_flags_are_not_joined(tmp_path):
    extra = tmp_path / "site.toml"
    extra.write_text("[rules.echo]\nreason = 'echoed word'\npatterns = ['(\\w+) \\1', 'echo echo .*']\n"
                     "precheck = ['echo', ' ']\n", encoding="utf-8")
    echo = next(r for r in boilerplate.load_patterns((str(extra),)).rules if r.id == "echo")
    assert echo.matches("again again") and echo.matches("ECHO echo and more") and not echo.matches("again later")


def test_bad_precheck_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.x]\npatterns = ['x+']\nprecheck = 'x'\n", encoding="utf-8")
    with pytest.raises(boilerplate.PatternError, match="bad.toml.*precheck"):
        boilerplate.load_patterns((str(bad),))


def test_a_removal_that_takes_the_blank_line_before_it_is_on_the_junk_s_line():
    text = "Title of the News\n" + TAIL + "\nShare to:\nWeChat Weibo QQ\n"
    r = clean(text)
    share = next(c for c in r.changes if c.before.strip() == "Share to:")
    assert text.split("\n")[share.line - 1] == "Share to:"


def _cleaned_once_for_all(text: str) -> pipeline.Result:
    """The whole pipeline's result on ``text``, checked to leave a second clean nothing to do."""
    cfg = Config(translate=False, grammar=False)
    stages = pipeline.build_stages(cfg)
    once = pipeline.run(Document(text=text), cfg, stages=stages)
    assert pipeline.run(Document(text=once.text), cfg, stages=stages).changes == []
    return once


def test_a_line_the_glossary_turns_into_junk_is_removed_in_the_same_run():
    # "Copyrights reserved" is MT for 版权所有; the scraped-labels glossary gives it its
    # English form, which the copyright rule knows: a second clean used to remove it
    text = ("Minsk, June 3. The forum on Sino-Belarusian cooperation opened today.\n\n"
            "Font: large medium small Copyrights reserved\n")
    once = _cleaned_once_for_all(text)
    assert "reserved" not in once.text and "Font" not in once.text
    removal = [c for c in once.removals if c.stage == "boilerplate"]
    assert removal and "Copyrights reserved" in text[removal[0].start:removal[0].end]


def test_revisit_looks_only_at_the_lines_written_in():
    stage = boilerplate.make(Config())
    text = "The rector spoke.\nBack to top\nStudents attended the forum."
    ctx = Context(config=Config(), doc=Document(text=text))
    assert stage.revisit(text, ctx, [(0, 3), (len(text) - 5, len(text))]).edits == []
    assert [e.rule for e in stage.revisit(text, ctx, [(20, 22)]).edits] == ["boilerplate.share-widget"]


def test_a_headline_the_glossary_capitalises_closes_the_run_in_the_same_clean():
    # "new crown pneumonia ..." does not look like a headline; "COVID-19 ..." does
    once = _cleaned_once_for_all("The forum closed on Friday after two days of talks.\nMore news\nBSU opens lab\n"
                                 "new crown pneumonia vaccine arrives\nHIT wins award\n")
    assert once.text == "The forum closed on Friday after two days of talks.\n"


def test_a_document_that_is_all_junk_says_its_cleaned_text_is_empty():
    r = pipeline.run(Document(text="Share to let more people see\nViews: 123\n[image]\n"), Config(translate=False))
    assert r.text.strip() == ""
    assert [f.rule for f in r.findings] == ["boilerplate.all-junk"]
    assert len(r.removals) == 3


@pytest.mark.parametrize("text", [
    # figures of the article are not a page's view counter
    "The museum had its busiest year in 2023. In figures:\n- Museum visits: 12,400 (up from 9,800)\n"
    "- Library visits: 48,000\nLibrary visits: 48,000\n",
    # a list the last sentence announces, a section of a Markdown article, an office's contact lines
    "Four new programmes open this year. They are listed below.\nApplied Artificial Intelligence\n"
    "Data Engineering\nRobotics and Automation\nDigital Humanities\n",
    "# Release\n\nThe forum was held in Minsk.\n\n## Abbreviations\n\n- BSUIR — Belarusian State University of "
    "Informatics and Radioelectronics\n- BSU — Belarusian State University\n- BNTU — Belarusian National "
    "Technical University\n",
    "The rector thanked the guests.\nPress Service of Belarusian State University\n4 Nezavisimosti Avenue, Minsk\n"
    "Tel. +375 17 209 50 00\n",
    # a sentence that starts like a page's "Next:" link
    "The museum had a busy year.\nNext: the museum will open a new gallery on 1 October.\n",
    # a notice's sign-off: the issuing office and the date
    "Notice on the summer school\n\nThe International Office invites students to apply until June 30, 2023.\n\n"
    "International Cooperation Office\nDalian University of Technology\nJune 3, 2023\n",
    # a job and a room, not a navigation path
    "The professor joined BNTU in 2019.\nCurrent position: Head of the Department of Physics, BNTU\n"
    "Your location: Room 305, Main Building\n",
    # every link of an announced list, not the first alone
    "The agreement covers student exchange.\nRead also:\nhttps://grsu.by/en/news/harbin-visit-2023\n"
    "https://grsu.by/en/news/summer-school-2024\nhttps://grsu.by/en/news/china-partners\n",
])
def test_the_article_s_own_lists_figures_and_closing_lines_stay(text):
    assert [c for c in pipeline.run(Document(text=text), Config(translate=False)).changes
            if c.stage == "boilerplate"] == []


def test_a_template_s_headings_table_rows_and_sentences_are_not_repeated_junk(tmp_path):
    template = "## Key figures\n\n| Year | Students |\n|------|----------|\n| {y} | {n} |\n\nApplications close on 30 June.\n"
    for i in range(4):
        (tmp_path / f"rel{i}.md").write_text(f"Release {i} opens the year.\n\n" + template.format(y=2020 + i, n=100 * i),
                                             encoding="utf-8")
    (tmp_path / "other.md").write_text("Another article about the forum.\n", encoding="utf-8")
    cfg = Config(translate=False)
    corpus = corpus_context([Input(p, Path(p.name)) for p in sorted(tmp_path.iterdir())], cfg)
    r = pipeline.run(read_document(tmp_path / "rel1.md"), cfg, corpus=corpus)
    assert [c for c in r.changes if c.stage == "boilerplate"] == []


def test_a_counter_after_a_credit_line_s_two_space_separator_goes():
    r = clean("Release time: 2023-06-03  Source: International Office  Number of clicks: 356\n")
    assert r.text == "Release time: 2023-06-03  Source: International Office\n"
