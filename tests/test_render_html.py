"""The HTML edition: alignment, escaping, self-containment, every change explained, the folder index."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from edition_fixtures import ARTICLE, TRANSLATION, result
from polish.config import Config
from polish.model import Edit
from polish.pipeline import run
from polish.reading import normalize
from polish.render.align import SpanMap, align
from polish.render.html import EditionSummary, render_html, render_index, summarize, write_edition
from polish.stages.base import StageResult


@pytest.fixture(scope="module")
def res():
    return result()


@pytest.fixture(scope="module")
def page(res):
    return render_html(res)


def _data_block(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="polish-data">(.*?)</script>', page, re.S)
    assert m, "decision data block missing"
    return json.loads(m.group(1))


# -- alignment -------------------------------------------------------------------------


def test_alignment_removed_and_translated_paragraphs(res):
    rows = align(res)
    assert [len(r.left) for r in rows] == [1, 1, 1, 1, 1]
    assert [len(r.right) for r in rows] == [1, 0, 1, 1, 1]
    removed = rows[1]
    assert removed.removed and removed.left[0].text == "Share to: WeChat Weibo QQ"
    assert [c.rule for c in removed.changes] == ["boilerplate.share-widget"]
    translated = rows[3]
    assert translated.left[0].text.startswith("白俄罗斯")
    assert translated.right[0].text == TRANSLATION
    assert translated.translations[0].meta["source_lang"] == "zh"
    # untouched text lines up: the polished paragraph after the removed line sits beside its original
    assert rows[2].left[0].text.startswith("More than 40 rectors attended the forum ,")
    assert rows[2].right[0].text.startswith("More than 40 rectors attended the forum,")
    assert {c.rule for c in rows[2].changes} == {"mechanics.space-before-comma", "mechanics.detached-hyphen", "glossary:sino-belarusian"}
    assert [f.rule for f in rows[4].findings] == ["consistency.name-variant"]


def test_span_map_inverts_every_change(res):
    smap = SpanMap(res.changes)
    for c in res.changes:
        if c.out_end > c.out_start:
            a, b = smap.span(c.out_start, c.out_end)
            assert a <= c.start and b >= c.end
    # text outside changes maps one to one
    out = res.text.index("rectors")
    orig = ARTICLE.index("rectors")
    assert smap.to_original(out) == orig


class _Splitter:
    """Splits a paragraph in two and inserts a new one: a paragraph with no original."""

    name = "mechanics"

    def run(self, text, ctx):
        i = text.index(" Second")
        return StageResult(edits=[
            Edit(i, i + 1, "\n", "mechanics.split", "two sentences glued into one line"),
            Edit(len(text), len(text), "\nAn added closing line.", "mechanics.add", "test insertion"),
        ])


def test_alignment_split_and_added_paragraphs():
    r = run(normalize("First sentence here. Second sentence here.\nTail line.", path="x.txt"), Config(), stages=[_Splitter()])
    rows = align(r)
    assert [p.text for p in rows[0].left] == ["First sentence here. Second sentence here."]
    assert [p.text for p in rows[0].right] == ["First sentence here.", "Second sentence here."]
    assert rows[-1].added and rows[-1].right[0].text == "An added closing line."
    html = render_html(r)
    assert "(no original paragraph: added)" in html


class _BlockJunk:
    name = "boilerplate"

    def run(self, text, ctx):
        s = text.index("Related news")
        e = text.index("Body two")
        return StageResult(edits=[Edit(s, e, "", "boilerplate.related", "related-links block", kind="remove")])


def test_multi_paragraph_removal_is_collapsed_not_gone():
    text = "Body one.\nRelated news\nLink A\nLink B\nBody two.\n"
    r = run(normalize(text, path="x.txt"), Config(), stages=[_BlockJunk()])
    rows = align(r)
    assert [r_.removed for r_ in rows] == [False, True, True, True, False]
    html = render_html(r)
    assert html.count('<details class="junk-block">') == 3
    for line in ("Related news", "Link A", "Link B"):
        assert line in html


# -- escaping and self-containment ---------------------------------------------------------


def test_document_text_is_escaped(page):
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    # exactly two script elements: the data block and the review script
    assert len(re.findall(r"<script\b", page)) == 2


def test_script_breakout_through_the_data_block_is_impossible():
    evil = "Intro </script><script>alert(1)</script> <!-- x\nShare to: WeChat\nEnd ,here.\n"
    r = result(evil)
    html = render_html(r, title="<b>title</b>")
    assert len(re.findall(r"<script\b", html)) == 2
    assert "<b>title</b>" not in html and "&lt;b&gt;title&lt;/b&gt;" in html
    data = _data_block(html)
    assert any("</script>" in c["context"] for c in data["changes"])  # survives as data, not markup


def test_self_contained(page):
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in unescape(page)
    for ext in ("<iframe", "<img", "<object", "<embed"):
        assert ext not in page


def test_urls_in_the_article_are_text_not_links():
    r = result("See https://example.com/news?a=1&b=2 for more ,details.\n")
    html = render_html(r)
    assert "https://example.com/news?a=1&amp;b=2" in html
    assert 'href="https://' not in html


# -- changes, findings, junk, readability ------------------------------------------------------


def test_every_change_has_its_id_and_reason(res, page):
    data = _data_block(page)
    assert sorted(c["id"] for c in data["changes"]) == sorted(c.id for c in res.changes)
    for c in res.changes:
        assert f'id="n-{c.id}"' in page                      # footnote entry
        assert re.search(rf'data-cids="[^"]*{c.id}', page)     # highlighted in the columns
        assert re.search(rf'<input type="checkbox" class="reject" data-cid="{c.id}"', page)
        titles = [unescape(t) for t in re.findall(rf'data-cids="[^"]*{c.id}[^"]*" title="([^"]*)"', page)]
        assert any(c.reason in t and c.rule in t for t in titles), c.rule
    assert "<del" in page and "<ins" in page


def test_glossary_entry_gets_a_group_button(page):
    assert 'data-group="entry" data-value="sino-belarusian" data-action="reject"' in page
    assert 'data-group="rule" data-value="mechanics.detached-hyphen" data-action="reject"' in page


def test_junk_is_collapsed(page):
    m = re.search(r'<details class="junk-block"><summary>Removed: social share buttons, not article text.*?</details>', page, re.S)
    assert m and "Share to: WeChat Weibo QQ" in m.group(0)


def test_findings_link_to_their_paragraph(res, page):
    f = res.findings[0]
    li = re.search(rf'<li id="f-{f.id}">(.*?)</li>', page, re.S).group(1)
    assert 'href="#p4"' in li and "name spelt two ways" in li
    assert 'id="p4"' in page
    assert 'class="finding" title="consistency.name-variant: name spelt two ways' in page


def test_translated_paragraph_shows_its_source(page):
    row = re.search(r'<div class="row[^"]*translated[^"]*" id="p3">.*?(?=<div class="row|</section>)', page, re.S).group(0)
    assert "translated from zh" in row
    assert '<details class="source"><summary>source (zh)</summary><p lang="zh">白俄罗斯国立大学' in row
    assert 'lang="zh"' in row


def test_decisions_json_is_in_the_page_without_javascript(res, page):
    from polish.decisions import decisions_for

    m = re.search(r'<textarea id="decisions-json"[^>]*>(.*?)</textarea>', page, re.S)
    assert json.loads(unescape(m.group(1))) == decisions_for(res)


def test_decisions_data_has_context(res, page):
    data = _data_block(page)
    assert data["file"] == "news/forum.txt"
    by_id = {c["id"]: c for c in data["changes"]}
    c = next(c for c in res.changes if c.rule == "mechanics.double-comma")
    assert by_id[c.id]["context"] == ARTICLE[0:c.end + 40]


def test_readability_before_after_and_hardest_sentences():
    r = result(readability=True)
    html = render_html(r)
    assert "Flesch reading ease" in html and '<svg class="spark"' in html
    assert html.count('<svg class="mini-svg"') >= 4
    data = r.data["readability"].to_dict()
    worst = data["hardest"][0]
    assert worst["text"] in html
    assert '<mark class="hard"' in html
    assert '<mark class="hard mild"' in html  # the easiest of the three (reading ease 56) gets a lighter mark
    # the hardest sentence is listed with a link to its paragraph, and the sparkline links every paragraph
    assert re.search(r'<ol class="hardest"><li><a href="#p2">line \d+</a>', html)
    assert re.search(r'<svg class="spark".*<a href="#p4">', html, re.S)


@pytest.mark.parametrize("data", [None, {}, {"before": {"document": {"flesch_reading_ease": 40.0}}},
                                  {"after": {"paragraphs": [{"start": 0, "end": 5, "scores": {"flesch_reading_ease": 12.5}}]},
                                   "hardest": [{"start": 999, "end": 1000, "text": "not in the text"}]}])
def test_partial_readability_data_renders(res, data):
    res2 = type(res)(doc=res.doc, text=res.text, changes=res.changes, findings=res.findings, data={"readability": data})
    html = render_html(res2)
    assert "</html>" in html
    if data and "before" in data:
        assert "Flesch reading ease" in html and "40.0" in html
    if data and "after" in data:
        assert "13→" not in html and "–→12" in html.replace("&#x27;", "'")


def test_previously_rejected_changes_are_listed_as_rejected(res):
    cid = next(c.id for c in res.changes if c.rule == "mechanics.double-comma")
    again = result(rejected={cid})
    assert "Minsk,, June" in again.text
    html = render_html(again)
    assert re.search(rf'<input type="checkbox" class="reject" data-cid="{cid}"[^>]* checked>', html)
    assert "not made: rejected in the decisions file" in html


# -- files and the folder index --------------------------------------------------------------


def test_write_edition_and_index(tmp_path, res):
    write_edition(res, tmp_path / "a.edition.html")
    write_edition(res, tmp_path / "a.edition.md", fmt="md")
    assert (tmp_path / "a.edition.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "| Line | Original | Polished |" in (tmp_path / "a.edition.md").read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        write_edition(res, tmp_path / "x", fmt="pdf")
    s = summarize(res, "a.edition.html")
    assert s.changes_by_kind == {"fix": 5, "remove": 1, "translate": 1} and s.findings == 1
    other = EditionSummary(file="<b>evil</b>.txt", href="sub/b&c #1?.edition.html", language="ru",
                           changes_by_kind={"fix": 2}, findings=0, fre_before=20.0, fre_after=35.5)
    html = render_index([s, other], tmp_path)
    # file names are URL-quoted: '#' and '?' would otherwise cut the link short
    assert 'href="a.edition.html"' in html and 'href="sub/b%26c%20%231%3F.edition.html"' in html
    assert "<b>evil</b>" not in html and "&lt;b&gt;evil&lt;/b&gt;" in html
    assert 'id="docs"' in html and "aria-sort" in html  # sortable
    assert "(+15.5)" in html
    assert 'id="failed"' not in html
    html = render_index([s], tmp_path, failed=["empty.txt: empty file (nothing to clean)"])
    assert '1 not cleaned' in html and "<li>empty.txt: empty file (nothing to clean)</li>" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)


class _Deleter:
    name = "mechanics"

    def run(self, text, ctx):
        i = text.index(" ,")
        return StageResult(edits=[Edit(i, i + 1, "", "mechanics.space-before-punct", "space before punctuation removed")])


def test_pure_deletion_is_marked_in_both_columns():
    from polish.render.marks import Mark, segments

    segs = segments("abcdef", 10, [Mark(13, 13, "change", "x")])
    assert [(s.start, s.end, s.text) for s in segs] == [(10, 13, "abc"), (13, 13, ""), (13, 16, "def")]
    r = run(normalize("The forum , which met.\n", path="x.txt"), Config(), stages=[_Deleter()])
    cid = r.changes[0].id
    html = render_html(r)
    left = re.search(r'<div class="col orig">.*?</div>', html, re.S).group(0)
    right = re.search(r'<div class="col out">.*?</div>', html, re.S).group(0)
    assert f'<del class="k-fix" data-cids="{cid}"' in left
    assert f'<span class="point del-point" data-cids="{cid}"' in right and f'href="#n-{cid}"' in right


# -- alignment holds for any edits ----------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


class _Scripted:
    """Applies edits chosen by hypothesis, as (relative start, length, replacement) triples."""

    def __init__(self, name, plan):
        self.name = name
        self.plan = plan

    def run(self, text, ctx):
        edits = []
        for rel, length, repl, kind in self.plan:
            s = int(rel * len(text))
            e = min(len(text), s + length)
            edits.append(Edit(s, e, repl, f"{self.name}.r", "scripted", kind=kind))
        return StageResult(edits=edits)


_plan = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(["", "X", "\n", "new\npara", "Y Z"]),
                           st.sampled_from(["fix", "remove"])), max_size=6)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(["alpha beta.", "", "  ", "gamma, delta", "Share to: X", "终"]), min_size=1, max_size=7).map("\n".join),
       first=_plan, second=_plan)
def test_alignment_invariants(text, first, second):
    if not text.strip():
        return
    r = run(normalize(text, path="p.txt"), Config(), stages=[_Scripted("mechanics", first), _Scripted("glossary", second)])
    rows = align(r)
    from polish.model import split_paragraphs

    assert [p.start for row in rows for p in row.left] == [p.start for p in split_paragraphs(r.doc.text)]
    right = [p.start for row in rows for p in row.right]
    assert right == [p.start for p in split_paragraphs(r.text)]
    shown = {c.id for row in rows for c in [*row.changes, *row.gap_changes]}
    assert shown == {c.id for c in r.changes}
    html = render_html(r)
    for c in r.changes:
        assert f'id="n-{c.id}"' in html and re.search(rf'data-cids="[^"]*{c.id}', html)
    from polish.render.markdown import render_markdown

    md = render_markdown(r)
    assert sum(1 for line in md.splitlines() if line.startswith('| <a id="p')) == len(rows)


def test_a_paragraph_left_in_another_language_is_marked_with_it():
    from polish.pipeline import build_stages

    cfg = Config(translate=False)
    text = ("The rectors met in Minsk on Monday and signed the agreement.\n"
            "Стороны обсудили вопросы академической мобильности студентов и преподавателей.\n")
    html = render_html(run(normalize(text), cfg, stages=build_stages(cfg, only=["language", "readability"])))
    assert re.search(r'<[^>]+ lang="ru"[^>]*>', html)
    assert not re.search(r'<div[^>]+ lang="en"', html)  # the page's own language needs no mark


def test_a_glossary_change_shows_its_entry_s_whole_note_where_the_reason_shortens_it():
    cfg = Config(translate=False, grammar=False)
    r = run(normalize("A delegation from Dalian Science and Technology University visited Minsk.\n"), cfg)
    change = next(c for c in r.changes if c.entry == "dalian-university-of-technology")
    note = r.data["glossary"]["notes"]["dalian-university-of-technology"]
    assert note not in change.reason and change.reason.endswith(".)")  # the note's first sentence only
    page = unescape(render_html(r))
    assert f"glossary note</summary>{note}</details>" in page
