"""The side-by-side HTML edition: original left, polished right, every change explained and reviewable.

One self-contained file per document: CSS and JS are inlined from
``render/assets``, nothing is fetched (a Content-Security-Policy forbids it),
so the file works offline and as a mail attachment. All document text goes
through ``html.escape``; the review script reads change data from a JSON
block and writes only through ``textContent``/``value``.
"""

from __future__ import annotations

import json
import os
import shlex
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import quote

from polish.model import Change
from polish.render.align import Row, align, finding_key, get, row_names, row_of_change, row_of_finding
from polish.render.marks import Mark, Segment, segments, visible
from polish.render.scores import METRICS, ScoreView, fre, level, read_scores

if TYPE_CHECKING:  # pragma: no cover
    from polish.pipeline import Result

#: Reading ease under which a hardest sentence gets the strong mark (under 50: "fairly difficult" or worse).
HARD_BELOW = 50.0

#: Nothing may be loaded from anywhere: the edition must work offline and mailed.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """Text of a packaged asset (render/assets/NAME)."""
    return resources.files("polish.render").joinpath("assets", name).read_text(encoding="utf-8")


def esc(text: Any) -> str:
    """HTML-escape any value, quotes included."""
    return escape("" if text is None else str(text), quote=True)


def json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element (no ``</script>``, no HTML comment openers)."""
    s = json.dumps(data, ensure_ascii=False)
    return s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def change_label(ch: Change) -> str:
    """Rule or glossary entry that made a change."""
    if ch.entry and not ch.rule.startswith("glossary"):
        return f"{ch.rule} ({ch.entry})"
    return ch.rule


def change_title(ch: Change) -> str:
    """Hover text of a change: who changed what, and why."""
    return f"{change_label(ch)}: {ch.reason}"


def _doc_language(result: "Result") -> str:
    """The document's main language, from the language stage when it ran."""
    data = (result.data or {}).get("language")
    if data is None:
        return ""
    if hasattr(data, "to_dict"):
        try:
            data = data.to_dict()
        except Exception:
            pass
    for key in ("document", "lang", "language", "main", "dominant", "primary"):
        v = get(data, key)
        if isinstance(v, str) and v:
            return v
        if v is not None and isinstance(get(v, "lang"), str):
            return get(v, "lang")
    paras = get(data, "paragraphs") or []
    weight: Counter[str] = Counter()
    for p in paras:
        lang = get(p, "lang")
        if isinstance(lang, str):
            s, e = get(p, "start"), get(p, "end")
            weight[lang] += (e - s) if isinstance(s, int) and isinstance(e, int) else 1
    return weight.most_common(1)[0][0] if weight else ""


# -- the parts of one edition --------------------------------------------------------


@dataclass
class _Ctx:
    """What the row renderer needs to know about the whole document."""

    result: "Result"
    rows: list[Row]
    numbers: dict[str, int]
    scores: ScoreView
    finding_rows: dict[str, int] = field(default_factory=dict)
    #: row index -> "line 7": the input's line, as check and diff number it
    names: dict[int, str] = field(default_factory=dict)


def _wrap_segment(seg: Segment, side: str, ctx: _Ctx, inline_junk: bool) -> str:
    changes = [m.ref for m in seg.of("change")]
    if not seg.text:  # a point: an insertion seen from the left, a deletion seen from the right
        ch = changes[0]
        sym, cls = ("‸", "ins-point") if side == "left" else ("✂" if ch.kind == "remove" else "⌫", "del-point")
        html = f'<span class="point {cls}" data-cids="{esc(ch.id)}" title="{esc(change_title(ch))}">{sym}</span>'
        return html + (_refs([ch], ctx) if side == "right" or inline_junk is None else "")
    html = esc(seg.text)
    for f in (m.ref for m in seg.of("finding")):
        html = f'<span class="finding" title="{esc(f.rule + ": " + f.message)}">{html}</span>'
    if seg.of("hard"):
        h = seg.of("hard")[0].ref
        v = fre(h)
        note = f"one of the hardest sentences (reading ease {v:.0f})" if v is not None else "one of the hardest sentences"
        # the document's hardest sentences that still read fairly easily get a lighter mark
        cls = "hard" if v is None or v < HARD_BELOW else "hard mild"
        html = f'<mark class="{cls}" title="{esc(note)}">{html}</mark>'
    if changes:
        tag = "del" if side == "left" else "ins"
        kinds = " ".join(sorted({f"k-{c.kind}" for c in changes}))
        ids = " ".join(c.id for c in changes)
        title = "\n".join(change_title(c) for c in changes)
        html = f'<{tag} class="{kinds}" data-cids="{esc(ids)}" title="{esc(title)}">{html}</{tag}>'
        if side == "left" and inline_junk and any(c.kind == "remove" for c in changes):
            html = f'<details class="junk"><summary title="{esc(title)}">removed</summary>{html}</details>'
    closing = [m.ref for m in seg.closing if m.kind == "change"]
    if closing and (side == "right" or inline_junk is None):
        html += _refs(closing, ctx)
    return html


def _refs(changes: Iterable[Change], ctx: _Ctx) -> str:
    return "".join(
        f'<sup class="ref"><a href="#n-{esc(c.id)}" title="{esc(change_title(c))}">{ctx.numbers[c.id]}</a></sup>'
        for c in changes if c.id in ctx.numbers
    )


def _paragraph_html(text: str, base: int, marks: list[Mark], side: str, ctx: _Ctx, inline_junk: bool | None) -> str:
    return "".join(_wrap_segment(s, side, ctx, inline_junk) for s in segments(text, base, marks))


def _mini_bars(before: float | None, after: float | None) -> str:
    """Two tiny bars: reading ease before (grey) and after (coloured by difficulty)."""
    if before is None and after is None:
        return ""
    parts = ['<svg class="mini-svg" width="64" height="16" viewBox="0 0 64 16" role="img" aria-label="reading ease">']
    for y, v, cls in ((1, before, "#c9ccd1"), (9, after, None)):
        if v is None:
            continue
        w = max(1.0, min(100.0, max(0.0, v))) * 0.64
        color = cls or {"hard": "#d1453b", "mid": "#e0a100", "easy": "#2e9d57"}[level(v)]
        parts.append(f'<rect x="0" y="{y}" width="{w:.1f}" height="6" rx="1" fill="{color}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f}"


def _row_scores(row: Row, ctx: _Ctx) -> tuple[float | None, float | None]:
    b = fre(ctx.scores.para_before.get(row.left[0].start)) if row.left else None
    a = fre(ctx.scores.para_after.get(row.right[0].start)) if row.right else None
    return b, a


def _render_row(row: Row, ctx: _Ctx) -> str:
    result = ctx.result
    change_marks = [Mark(c.start, c.end, "change", c) for c in row.changes]
    out_marks = [Mark(c.out_start, c.out_end, "change", c) for c in row.changes]
    find_marks = [Mark(f.start, f.end, "finding", f) for f in row.findings if f.end > f.start]
    hard_marks = [Mark(h["start"], h["end"], "hard", h) for h in ctx.scores.hardest]
    b, a = _row_scores(row, ctx)
    classes = ["row"]
    if row.removed:
        classes.append("removed")
    if row.added:
        classes.append("added")
    if row.translations:
        classes.append("translated")
    if row.changes or row.gap_changes:
        classes.append("changed")
    score_note = f"reading ease {_fmt(b)} → {_fmt(a)}" if (a is not None or b is not None) else ""
    num = (
        f'<div class="num"><a href="#p{row.index}">{ctx.names[row.index]}</a>'
        f'<span class="mini" title="{esc(score_note)}"><span class="fre">{esc(_fmt(b))}→{esc(_fmt(a))}</span>{_mini_bars(b, a)}</span></div>'
        if score_note else f'<div class="num"><a href="#p{row.index}">{ctx.names[row.index]}</a></div>'
    )
    # left: the original
    gap = "".join(
        f'<del class="k-{esc(c.kind)} gap" data-cids="{esc(c.id)}" title="{esc(change_title(c))}">{esc(visible(c.before)) or "‸"}</del>'
        for c in row.gap_changes
    )
    left_lang = ""
    src_langs = {str(c.meta.get("source_lang")) for c in row.translations if c.meta.get("source_lang")}
    if not src_langs and row.left:
        # a paragraph left in another language says so, for screen readers and fonts
        found = (ctx.scores.para_before.get(row.left[0].start) or {}).get("lang")
        if found and found != "en":
            src_langs = {str(found)}
    if len(src_langs) == 1:
        left_lang = f' lang="{esc(next(iter(src_langs)))}"'
    if row.removed:
        reasons = sorted({c.reason for c in row.changes if c.kind == "remove"}) or ["removed"]
        body = "".join(f"<div class=\"para\">{_paragraph_html(p.text, p.start, change_marks + find_marks, 'left', ctx, None)}</div>" for p in row.left)
        rules = sorted({change_label(c) for c in row.changes})
        left = (
            f'<details class="junk-block"><summary>Removed: {esc("; ".join(reasons))}'
            f' <code class="rule">{esc(", ".join(rules))}</code></summary>{gap}{body}</details>'
        )
    else:
        left = gap + "".join(
            f"<div class=\"para\">{_paragraph_html(p.text, p.start, change_marks + find_marks, 'left', ctx, True)}</div>" for p in row.left
        )
        if row.added:
            left = '<p>(no original paragraph: added)</p>'
    # right: the polished text
    if row.removed:
        right = f'<p><span class="badge remove">removed</span> not in the polished text</p>'
        gap_right = ""
    else:
        gap_right = "".join(
            f'<ins class="k-{esc(c.kind)} gap" data-cids="{esc(c.id)}" title="{esc(change_title(c))}">{esc(visible(c.after)) or "⌫"}</ins>{_refs([c], ctx)}'
            for c in row.gap_changes
        )
        badges = "".join(
            f'<span class="badge translate">translated from {esc(c.meta.get("source_lang") or "?")}</span>'
            for c in row.translations[:1]
        )
        paras = "".join(
            f"<div class=\"para\">{_paragraph_html(p.text, p.start, out_marks + hard_marks, 'right', ctx, True)}</div>" for p in row.right
        )
        sources = "".join(
            f'<details class="source"><summary>source ({esc(c.meta.get("source_lang") or "?")})</summary>'
            f'<p lang="{esc(c.meta.get("source_lang") or "")}">{esc(c.meta.get("source_text") or c.before)}</p></details>'
            for c in row.translations
            if (c.meta.get("source_text") or c.before)
        )
        right = badges + gap_right + paras + sources
    return (
        f'<div class="{" ".join(classes)}" id="p{row.index}">{num}'
        f'<div class="col orig"{left_lang}><span class="label">Original</span>{left}</div>'
        f'<div class="col out"><span class="label">Polished</span>{right}</div></div>'
    )


def _render_rows(ctx: _Ctx) -> str:
    return "\n".join(_render_row(r, ctx) for r in ctx.rows)


def _metric_table(sv: ScoreView) -> str:
    if not (sv.before or sv.after):
        return ""
    lines = ['<table class="metrics"><thead><tr><th>Document</th><th>before</th><th>after</th></tr></thead><tbody>']
    for key, label, higher_easier in METRICS:
        b, a = sv.before.get(key), sv.after.get(key)
        if not isinstance(b, (int, float)) and not isinstance(a, (int, float)):
            continue
        cls = ""
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a != b:
            cls = "better" if (a > b) == higher_easier else "worse"
        fa = f"{a:.1f}" if isinstance(a, (int, float)) else "–"
        fb = f"{b:.1f}" if isinstance(b, (int, float)) else "–"
        lines.append(f'<tr><td>{esc(label)}</td><td>{fb}</td><td class="{cls}">{fa}</td></tr>')
    for key in ("words", "sentences"):
        b, a = sv.before.get(key), sv.after.get(key)
        if isinstance(b, int) or isinstance(a, int):
            lines.append(f"<tr><td>{key}</td><td>{esc(b if b is not None else '–')}</td><td>{esc(a if a is not None else '–')}</td></tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


def _sparkline(ctx: _Ctx) -> str:
    """One bar per paragraph, taller where it reads harder; grey behind it is the original."""
    vals = [(_row_scores(r, ctx), r) for r in ctx.rows]
    if not any(b is not None or a is not None for (b, a), _ in vals):
        return ""
    bw, gap, h = 14, 4, 56
    width = max(60, len(vals) * (bw + gap))
    parts = [f'<svg class="spark" width="{width}" height="{h + 2}" viewBox="0 0 {width} {h + 2}" role="img" '
             f'aria-label="difficulty per paragraph (taller is harder)">']
    for n, ((b, a), row) in enumerate(vals):
        x = n * (bw + gap)
        parts.append(f'<a href="#p{row.index}"><title>{ctx.names[row.index]}: reading ease {_fmt(b)} → {_fmt(a)}</title>')
        if b is not None:
            hb = max(2.0, (100 - max(0.0, min(100.0, b))) / 100 * h)
            parts.append(f'<rect class="bar-before" x="{x}" y="{h - hb + 1:.1f}" width="{bw}" height="{hb:.1f}"/>')
        v = a if a is not None else None
        if v is not None:
            ha = max(2.0, (100 - max(0.0, min(100.0, v))) / 100 * h)
            parts.append(f'<rect class="lvl-{level(v)}" x="{x + 2}" y="{h - ha + 1:.1f}" width="{bw - 4}" height="{ha:.1f}"/>')
        elif b is None:
            parts.append(f'<rect class="lvl-none" x="{x}" y="{h - 1}" width="{bw}" height="2"/>')
        parts.append("</a>")
    parts.append("</svg>")
    return "".join(parts)


def _findings_html(ctx: _Ctx) -> str:
    dismissed = {f.id for f in ctx.result.dismissed}
    findings = list(ctx.result.findings) + list(ctx.result.dismissed)
    if not findings:
        return '<p class="empty">No findings: nothing left for the editor to decide.</p>'
    items = []
    for f in findings:
        key = finding_key(f)
        row = ctx.finding_rows.get(key)
        link = f'<a href="#p{row}">{ctx.names[row]}</a>' if row is not None else ""
        sug = f' <span class="reason">suggestion: {esc(f.suggestion)}</span>' if f.suggestion else ""
        quote = f' <span class="quote">“{esc(f.text)}”</span>' if f.text else ""
        was = f.id in dismissed
        note = ' <span class="badge">dismissed in the decisions file</span>' if was else ""
        li_class, checked = (' class="is-rejected-item"', " checked") if was else ("", "")
        items.append(
            f'<li id="f-{esc(key)}"{li_class}>'
            f'<label><input type="checkbox" class="dismiss" data-fid="{esc(f.id)}"{checked}> dismiss</label> '
            f'<span class="sev sev-{esc(f.severity)}">{esc(f.severity)}</span> {link} '
            f'<code class="rule">{esc(f.rule)}</code> {esc(f.message)}{quote}{sug}{note}</li>'
        )
    return '<ol class="findings">' + "".join(items) + "</ol>"


def _hardest_html(ctx: _Ctx) -> str:
    if not ctx.scores.hardest:
        return ""
    out_rows = [(r.right_span, r.index) for r in ctx.rows if r.right_span]
    items = []
    for h in ctx.scores.hardest:
        row = next((i for (s, e), i in out_rows if s <= h["start"] < e or s <= h["start"] <= e), None)
        link = f'<a href="#p{row}">{ctx.names[row]}</a> ' if row is not None else ""
        items.append(f'<li>{link}<span class="fre">reading ease {_fmt(fre(h))}</span> <span class="quote">{esc(h.get("text", ""))}</span></li>')
    return '<h3>Hardest sentences (polished text)</h3><ol class="hardest">' + "".join(items) + "</ol>"


def _changes_html(ctx: _Ctx, all_changes: list[Change], rejected_ids: set[str]) -> str:
    if not all_changes:
        return '<p class="empty">No changes.</p>'
    change_rows = row_of_change(ctx.rows)
    groups: Counter[tuple[str, str]] = Counter()
    for c in all_changes:
        groups[("rule", c.rule)] += 1
        if c.entry:
            groups[("entry", c.entry)] += 1
    g_rows = []
    for (fieldname, value), n in sorted(groups.items()):
        label = "glossary entry" if fieldname == "entry" else "rule"
        g_rows.append(
            f'<tr><td>{label}</td><td><code class="rule">{esc(value)}</code></td><td>{n}</td><td>'
            f'<button type="button" data-group="{fieldname}" data-value="{esc(value)}" data-action="reject">reject all</button> '
            f'<button type="button" data-group="{fieldname}" data-value="{esc(value)}" data-action="accept">accept all</button></td></tr>'
        )
    table = ('<table class="groups controls"><thead><tr><th></th><th>rule / entry</th><th>changes</th><th></th></tr></thead><tbody>'
             + "".join(g_rows) + "</tbody></table>")
    items = []
    notes = ((ctx.result.data or {}).get("glossary") or {}).get("notes") or {}
    for c in all_changes:
        n = ctx.numbers[c.id]
        row = change_rows.get(c.id)
        link = f'<a href="#p{row}">{ctx.names[row]}</a>' if row is not None else ""
        was_rejected = c.id in rejected_ids
        checked = " checked" if was_rejected else ""
        before = f"<del>{esc(visible(c.before))}</del>" if c.before else ""
        after = f"<ins>{esc(visible(c.after))}</ins>" if c.after else ""
        arrow = " → " if before and after else ""
        note = ' <span class="badge">not made: rejected in the decisions file</span>' if was_rejected else ""
        li_class = ' class="is-rejected-item"' if was_rejected else ""
        items.append(
            f'<li id="n-{esc(c.id)}" value="{n}" data-cid="{esc(c.id)}"{li_class}>'
            f'<div class="change-line"><label><input type="checkbox" class="reject" data-cid="{esc(c.id)}" '
            f'data-rule="{esc(c.rule)}" data-entry="{esc(c.entry or "")}"{checked}> reject</label>'
            f'{link} <span class="badge {esc(c.kind)}">{esc(c.kind)}</span> <code class="rule">{esc(change_label(c))}</code>'
            f' <span class="state"></span>{note}</div>'
            f'<div>{before}{arrow}{after} <span class="reason">— {esc(c.reason)}</span> <code class="rule cid">{esc(c.id)}</code></div>'
            # the reason quotes the entry's note up to its first sentence; the rest (its sources) follows in full
            + (f'<details class="entry-note"><summary>glossary note</summary>{esc(notes[c.entry])}</details>'
               if c.entry in notes and " ".join(notes[c.entry].split()) not in c.reason else "") + "</li>"
        )
    return table + '<ol class="changes">' + "".join(items) + "</ol>"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _summary_line(result: "Result") -> str:
    kinds = Counter(c.kind for c in result.changes)
    names = {"fix": "fix", "remove": "removal", "translate": "translation"}
    parts = [_plural(len(result.changes), "change")]
    parts += [_plural(n, names.get(k, k)).replace("fixs", "fixes") for k, n in sorted(kinds.items())]
    parts.append(_plural(len(result.findings), "finding"))
    if result.rejected:
        parts.append(f"{len(result.rejected)} rejected")
    if result.dismissed:
        parts.append(f"{len(result.dismissed)} dismissed")
    lang = _doc_language(result)
    if lang:
        parts.append(f"language {lang}")
    if result.doc.encoding and result.doc.encoding != "utf-8":
        parts.append(f"read as {result.doc.encoding}")
    return "".join(f"<span>{esc(p)}</span>" for p in parts)


def render_html(result: "Result", title: str | None = None) -> str:
    """The whole side-by-side edition of one document, as one self-contained HTML string."""
    rows = align(result)
    rejected = list(result.rejected)
    all_changes = sorted(result.changes, key=lambda c: (c.start, c.end, c.out_start)) + sorted(rejected, key=lambda c: (c.start, c.end))
    numbers = {}
    for c in all_changes:
        numbers.setdefault(c.id, len(numbers) + 1)
    ctx = _Ctx(result, rows, numbers, read_scores(result))
    ctx.finding_rows = row_of_finding(rows)
    ctx.names = row_names(rows, result.doc.text)
    name = title or (Path(result.doc.path).name if result.doc.path else "polished text")
    rejected_ids = {c.id for c in rejected}

    from polish.decisions import decision_item, decisions_for, dismiss_item

    data = {
        "file": result.doc.path,
        "changes": [
            decision_item(c, "accept", result.doc.text) for c in all_changes
        ],
        "findings": [dismiss_item(f, result.doc.text) for f in [*result.findings, *result.dismissed]],
    }
    download = (Path(result.doc.path).name if result.doc.path else "polished") + ".decisions.json"
    scores_html = _metric_table(ctx.scores)
    spark = _sparkline(ctx)
    readability = ""
    if scores_html or spark:
        readability = (
            f'<section class="scores" id="readability">{scores_html}'
            f'<div>{spark}<p class="caption">Difficulty per paragraph (taller is harder; grey: original, colour: polished). '
            f'Click a bar to jump to it.</p></div></section>'
        )
    return f"""{_head(f"{name} — polish edition", asset("edition.css"))}
<body>
<header>
<h1>{esc(name)}</h1>
<p class="meta">{_summary_line(result)}</p>
{readability}
</header>
<nav class="toc"><a href="#edition">Edition</a><a href="#findings">Findings ({len(result.findings)})</a><a href="#changes">Changes ({len(all_changes)})</a><a href="#review">Export decisions</a>
<span class="legend"><del>deleted</del><ins>inserted</ins><span class="finding">finding</span><mark class="hard">hard sentence</mark></span></nav>
<main>
<section id="edition" class="edition">
<div class="colhead"><div></div><div>Original</div><div>Polished</div></div>
{_render_rows(ctx)}
</section>
<section id="findings-section">
<h2 id="findings">Findings</h2>
{_findings_html(ctx)}
{_hardest_html(ctx)}
</section>
<section id="changes-section">
<h2 id="changes">Changes</h2>
{_changes_html(ctx, all_changes, rejected_ids)}
</section>
<section id="review" class="controls">
<h2>Export decisions</h2>
<p>Tick “reject” on the changes you do not want and “dismiss” on the findings that need nothing
done, then save the decisions and run
<code>polish clean {esc(shlex.quote(result.doc.path or "FILE"))} --decisions {esc(shlex.quote(download))}</code>.
<span id="decisions-count"></span></p>
<p><a id="decisions-download" class="download" download="{esc(download)}" href="#review">Download {esc(download)}</a>
<button type="button" id="accept-all">accept all</button></p>
<textarea id="decisions-json" readonly aria-label="decisions JSON">{esc(json.dumps(decisions_for(result), ensure_ascii=False, indent=2))}</textarea>
</section>
</main>
<script type="application/json" id="polish-data">{json_for_script(data)}</script>
<script>
{asset("edition.js")}
</script>
</body>
</html>
"""


# -- writing, folder index -------------------------------------------------------------


def write_edition(result: "Result", out_path: str | os.PathLike[str], fmt: str = "html") -> None:
    """Write the edition of ``result`` as HTML or Markdown to ``out_path`` (atomically)."""
    from polish.reading import atomic_write_text

    if fmt == "html":
        text = render_html(result)
    elif fmt == "md":
        from polish.render.markdown import render_markdown

        text = render_markdown(result)
    else:
        raise ValueError(f"unknown edition format {fmt!r} (html or md)")
    atomic_write_text(out_path, text)


@dataclass
class EditionSummary:
    """One document's line in a folder's index.html."""

    file: str
    href: str
    language: str = ""
    changes_by_kind: dict[str, int] = field(default_factory=dict)
    findings: int = 0
    rejected: int = 0
    fre_before: float | None = None
    fre_after: float | None = None

    @property
    def changes(self) -> int:
        """All changes made."""
        return sum(self.changes_by_kind.values())


def summarize(result: "Result", edition_href: str) -> EditionSummary:
    """The index line of one document's edition (``edition_href`` relative to the index)."""
    sv = read_scores(result)
    kinds = Counter(c.kind for c in result.changes)
    return EditionSummary(
        file=result.doc.path or "<stdin>",
        href=edition_href,
        language=_doc_language(result),
        changes_by_kind={k: kinds.get(k, 0) for k in ("fix", "remove", "translate")},
        findings=len(result.findings),
        rejected=len(result.rejected),
        fre_before=fre(sv.before),
        fre_after=fre(sv.after),
    )


_INDEX_JS = """
(function () {
  "use strict";
  var table = document.getElementById("docs");
  var body = table.tBodies[0];
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    // a header sorts from the keyboard too: focusable, Enter or Space
    th.tabIndex = 0;
    th.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); th.click(); }
    });
    th.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var num = th.getAttribute("data-type") === "num";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort"), y = b.cells[col].getAttribute("data-sort");
        var r = num ? (parseFloat(x) || -1e9) - (parseFloat(y) || -1e9) : x.localeCompare(y);
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
}());
"""

_INDEX_CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d1d1f; }
body { margin: 0 auto; padding: 0 1rem 2rem; max-width: 1200px; }
h1 { font-size: 1.35rem; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #e2e4e8; text-align: left; white-space: nowrap; }
td.file { white-space: normal; overflow-wrap: anywhere; }
th { cursor: pointer; user-select: none; background: #f6f7f9; position: sticky; top: 0; }
th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.better { color: #2e9d57; } .worse { color: #d1453b; }
@media print { th { position: static; } }
"""


def _head(title: str, css: str) -> str:
    """The page head both pages share: self-contained, nothing loaded from outside (CSP)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">
<meta name="generator" content="polish">
<title>{esc(title)}</title>
<style>
{css}
</style>
</head>"""


def render_index(rows: list[EditionSummary], out_dir: str | os.PathLike[str], failed: Iterable[str] = ()) -> str:
    """index.html of a folder run: a sortable table linking every document's edition, and the files that failed."""
    body = []
    tot = Counter()
    for r in rows:
        for k, n in r.changes_by_kind.items():
            tot[k] += n
        delta = ""
        if r.fre_before is not None and r.fre_after is not None:
            d = r.fre_after - r.fre_before
            delta = f' <span class="{"better" if d > 0 else "worse" if d < 0 else ""}">({d:+.1f})</span>'
        cells = [
            f'<td class="file" data-sort="{esc(r.file)}"><a href="{esc(quote(r.href))}">{esc(r.file)}</a></td>',
            f'<td data-sort="{esc(r.language)}">{esc(r.language or "–")}</td>',
            f'<td class="num" data-sort="{r.changes}">{r.changes}</td>',
        ]
        for k in ("fix", "remove", "translate"):
            n = r.changes_by_kind.get(k, 0)
            cells.append(f'<td class="num" data-sort="{n}">{n}</td>')
        cells.append(f'<td class="num" data-sort="{r.findings}">{r.findings}</td>')
        cells.append(f'<td class="num" data-sort="{r.rejected}">{r.rejected}</td>')
        cells.append(f'<td class="num" data-sort="{"" if r.fre_before is None else f"{r.fre_before:.2f}"}">{_fmt(r.fre_before)}</td>')
        cells.append(f'<td class="num" data-sort="{"" if r.fre_after is None else f"{r.fre_after:.2f}"}">{_fmt(r.fre_after)}{delta}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    heads = [("Document", "text"), ("Language", "text"), ("Changes", "num"), ("fixes", "num"), ("removals", "num"),
             ("translations", "num"), ("Findings", "num"), ("Rejected", "num"), ("Reading ease before", "num"),
             ("after", "num")]
    head = "".join(f'<th data-type="{t}" scope="col">{esc(h)}</th>' for h, t in heads)
    folder = Path(out_dir).name or str(out_dir)
    problems = list(failed)
    not_cleaned = (f'<h2 id="failed">Not cleaned ({len(problems)})</h2>\n<ul class="failed">'
                   + "".join(f"<li>{esc(m)}</li>" for m in problems) + "</ul>") if problems else ""
    return f"""{_head(f"{folder} — polish editions", _INDEX_CSS)}
<body>
<h1>polish editions: {esc(folder)}</h1>
<p>{len(rows)} documents{f' (and <a href="#failed">{len(problems)} not cleaned</a>)' if problems else ""} · {sum(tot.values())} changes ({tot["fix"]} fixes, {tot["remove"]} removals, {tot["translate"]} translations) ·
{sum(r.findings for r in rows)} findings. Click a column heading to sort; reading ease is higher when the text is easier.</p>
<div class="wrap"><table id="docs"><thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></div>
{not_cleaned}
<script>{_INDEX_JS}</script>
</body>
</html>
"""
