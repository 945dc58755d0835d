"""The Markdown edition: a two-column table, paragraph by paragraph, for review in a git forge.

Forges render a small set of inline HTML in Markdown tables (``<del>``,
``<ins>``, ``<sup>``, ``<details>``, ``<br>``), so changes are marked with
those; all document text is HTML-escaped and Markdown punctuation is
backslash-escaped, so an article can never inject markup or break the table.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from polish.model import Change
from polish.render.align import Row, align, finding_key, row_names, row_of_change, row_of_finding
from polish.render.marks import Mark, segments, visible
from polish.render.scores import METRICS, fre, read_scores

if TYPE_CHECKING:  # pragma: no cover
    from polish.pipeline import Result

#: Markdown punctuation that can start markup inside a table cell ("-" or "#" cannot there).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell: HTML escaped, Markdown punctuation and pipes escaped, newlines as <br>."""
    s = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # The table row must stay on one line.
    return s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _attr(text: str) -> str:
    # attribute values are not Markdown: escape HTML and the table's pipe only
    s = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return s.replace("|", "&#124;").replace("\r", " ").replace("\n", " ")


def _label(ch: Change) -> str:
    return f"{ch.rule} ({ch.entry})" if ch.entry and not ch.rule.startswith("glossary") else ch.rule


def _cell(text: str, base: int, marks: list[Mark], side: str, numbers: dict[str, int]) -> str:
    out = []
    for seg in segments(text, base, marks):
        changes = [m.ref for m in seg.marks if m.kind == "change"]
        refs = "".join(f"<sup>{numbers[c.id]}</sup>" for c in (m.ref for m in seg.closing if m.kind == "change") if c.id in numbers)
        if not seg.text:
            sym = "‸" if side == "left" else "⌫"
            out.append(f'<{"ins" if side == "left" else "del"} title="{_attr(_label(changes[0]) + ": " + changes[0].reason)}">{sym}</{"ins" if side == "left" else "del"}>' + refs)
            continue
        piece = md_escape(seg.text)
        if changes:
            tag = "del" if side == "left" else "ins"
            title = "; ".join(f"{_label(c)}: {c.reason}" for c in changes)
            piece = f'<{tag} title="{_attr(title)}">{piece}</{tag}>' + refs
        out.append(piece)
    return "".join(out)


def _row_cells(row: Row, numbers: dict[str, int]) -> tuple[str, str]:
    left_marks = [Mark(c.start, c.end, "change", c) for c in row.changes]
    right_marks = [Mark(c.out_start, c.out_end, "change", c) for c in row.changes]
    gap_left = "".join(f"<del>{md_escape(repr(c.before)[1:-1])}</del><sup>{numbers[c.id]}</sup> " for c in row.gap_changes)
    left = "<br><br>".join(_cell(p.text, p.start, left_marks, "left", numbers) for p in row.left)
    right = "<br><br>".join(_cell(p.text, p.start, right_marks, "right", numbers) for p in row.right)
    if row.removed:
        reasons = "; ".join(sorted({c.reason for c in row.changes if c.kind == "remove"})) or "removed"
        left = f"<details><summary>removed: {md_escape(reasons)}</summary>{left}</details>"
        right = "*(removed)*"
    elif row.added:
        left = "*(added)*"
    src = [c for c in row.translations if c.meta.get("source_lang")]
    if src:
        right = f"*translated from {md_escape(str(src[0].meta['source_lang']))}:* " + right
    return gap_left + left, right


_KIND_NOUNS = {"fix": "fix", "remove": "removal", "translate": "translation"}


def _count(n: int, noun: str) -> str:
    """'1 fix', '2 fixes', '3 findings'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}{'es' if noun.endswith(('x', 's')) else 's'}"


def _before_after(c: Change) -> str:
    before = f"<del>{md_escape(visible(c.before))}</del>" if c.before else ""
    after = f"<ins>{md_escape(visible(c.after))}</ins>" if c.after else ""
    return before + (" → " if before and after else "") + after + (" (deleted)" if not after else "")


def render_markdown(result: "Result", title: str | None = None) -> str:
    """The Markdown edition of one document."""
    rows = align(result)
    changes = sorted(result.changes, key=lambda c: (c.start, c.end, c.out_start)) + list(result.rejected)
    numbers: dict[str, int] = {}
    for c in changes:
        numbers.setdefault(c.id, len(numbers) + 1)
    sv = read_scores(result)
    name = title or (Path(result.doc.path).name if result.doc.path else "polished text")
    kinds = Counter(c.kind for c in result.changes)
    lines = [f"# {md_escape(name)}: side-by-side edition", ""]
    summary = (_count(len(result.changes), "change") + " ("
               + ", ".join(_count(n, _KIND_NOUNS.get(k, k)) for k, n in sorted(kinds.items())) + ")") if kinds else "no changes"
    lines.append(f"{summary}, {_count(len(result.findings), 'finding')}"
                 + (f", {len(result.rejected)} rejected" if result.rejected else "")
                 + (f", {len(result.dismissed)} dismissed" if result.dismissed else "") + ".")
    lines.append("")
    if sv.before or sv.after:
        lines += ["| Readability | before | after |", "|---|---:|---:|"]
        for key, label, _ in METRICS:
            b, a = sv.before.get(key), sv.after.get(key)
            if isinstance(b, (int, float)) or isinstance(a, (int, float)):
                fb = f"{b:.1f}" if isinstance(b, (int, float)) else "–"
                fa = f"{a:.1f}" if isinstance(a, (int, float)) else "–"
                lines.append(f"| {label} | {fb} | {fa} |")
        lines.append("")
    names = row_names(rows, result.doc.text)
    lines += ['| Line | Original | Polished | Reading ease |', "|---:|---|---|---:|"]
    for row in rows:
        left, right = _row_cells(row, numbers)
        b = fre(sv.para_before.get(row.left[0].start)) if row.left else None
        a = fre(sv.para_after.get(row.right[0].start)) if row.right else None
        score = "" if a is None and b is None else f"{'–' if b is None else f'{b:.0f}'} → {'–' if a is None else f'{a:.0f}'}"
        lines.append(f'| <a id="p{row.index}"></a>{names[row.index].removeprefix("line ")} | {left or " "} | {right or " "} | {score} |')
    lines.append("")
    if changes:
        lines += ["## Changes", ""]
        where = row_of_change(rows)
        rejected = {c.id for c in result.rejected}
        for c in changes:
            row = where.get(c.id)
            at = f" ({names[row]})" if row is not None else ""
            state = " **rejected, not made**" if c.id in rejected else ""
            lines.append(
                f"{numbers[c.id]}. `{_label(c)}`{at}: {_before_after(c)}"
                f" — {md_escape(c.reason)} <sub>{c.id}</sub>{state}"
            )
        lines.append("")
    if result.findings or result.dismissed:
        lines += ["## Findings", ""]
        where_f = row_of_finding(rows)
        dismissed = {f.id for f in result.dismissed}
        for f in [*result.findings, *result.dismissed]:
            row = where_f.get(finding_key(f))
            at = f"[{names[row]}](#p{row}) " if row is not None else ""
            sug = f" Suggestion: {md_escape(f.suggestion)}." if f.suggestion else ""
            quote = f" “{md_escape(f.text)}”" if f.text else ""
            state = " **dismissed**" if f.id in dismissed else ""
            lines.append(f"- {at}**{f.severity}** `{f.rule}`: {md_escape(f.message)}{quote}{sug} <sub>{f.id}</sub>{state}")
        lines.append("")
    if sv.hardest:
        lines += ["## Hardest sentences", ""]
        for h in sv.hardest:
            v = fre(h)
            lines.append(f"- reading ease {'–' if v is None else f'{v:.0f}'}: {md_escape(h.get('text', ''))}")
        lines.append("")
    return "\n".join(lines)
