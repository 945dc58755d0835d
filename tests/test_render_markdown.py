"""The Markdown edition: one table row per aligned paragraph, safe to paste into a forge."""

from __future__ import annotations

import re

from edition_fixtures import result
from polish.render.markdown import md_escape, render_markdown


def _table_rows(md: str) -> list[str]:
    lines = md.splitlines()
    start = lines.index("| Line | Original | Polished | Reading ease |")
    out = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        out.append(line)
    return out


def _cells(row: str) -> list[str]:
    # split on pipes that are not escaped
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_one_row_per_paragraph_with_four_cells():
    r = result()
    rows = _table_rows(render_markdown(r))
    assert len(rows) == 5
    for row in rows:
        assert len(_cells(row)) == 4, row


def test_pipes_newlines_and_html_are_escaped():
    assert md_escape("a | b\nc <script>") == "a \\| b<br>c &lt;script&gt;"
    assert md_escape("*x* _y_ [z](u)") == "\\*x\\* \\_y\\_ \\[z\\](u)"
    md = render_markdown(result())
    assert "<script>" not in md
    assert "Andrey Korol \\| noted" in md
    # the removed widget keeps its line break out of the table row
    assert all(line.count("| ") >= 4 for line in _table_rows(md))


def test_changes_are_numbered_with_reasons_and_marked_in_both_columns():
    r = result()
    md = render_markdown(r)
    for n, c in enumerate(sorted(r.changes, key=lambda c: (c.start, c.end, c.out_start)), 1):
        line = next(l for l in md.splitlines() if l.startswith(f"{n}. "))
        assert c.rule in line and md_escape(c.reason) in line and c.id in line
    first = _cells(_table_rows(md)[0])
    assert '<del title="mechanics.double-comma: doubled comma">,,</del><sup>1</sup>' in first[1]
    assert '<ins title="mechanics.double-comma: doubled comma">,</ins><sup>1</sup>' in first[2]


def test_removed_and_translated_rows():
    md = render_markdown(result())
    rows = [_cells(r) for r in _table_rows(md)]
    assert rows[1][1].startswith("<details><summary>removed: social share buttons, not article text</summary>")
    assert "Share to: WeChat Weibo QQ" in rows[1][1] and rows[1][2] == "*(removed)*"
    assert rows[3][1].startswith("<del") and "白俄罗斯国立大学" in rows[3][1]
    assert rows[3][2].startswith("*translated from zh:*")


def test_findings_link_to_rows():
    md = render_markdown(result())
    assert '<a id="p4"></a>5' in md
    assert "- [line 5](#p4) **warning** `consistency.name-variant`: name spelt two ways" in md


def test_whitespace_changes_are_visible_and_counts_read_as_english():
    from polish.config import Config
    from polish.pipeline import build_stages, run
    from polish.reading import normalize

    cfg = Config(translate=False)
    r = run(normalize("The forum , which met , was short.\n"), cfg, stages=build_stages(cfg, only=["mechanics"]))
    md = render_markdown(r)
    assert "<del>·</del>" in md and "<del> </del>" not in md
    assert "2 changes (2 fixes), 0 findings." in md
