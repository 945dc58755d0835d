"""Code in a text: fenced blocks anywhere; in Markdown files front matter, indented blocks, <pre>/<code> and comments. No stage rewrites code."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)


def fenced_code(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks (``` or ~~~, fences included): code is never "fixed"."""
    if "`" not in text and "~" not in text:
        return []  # a fence needs one of these (a one-character 'in' is the fastest scan): skip the rest
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for m in _FENCE.finditer(text):
        if opened is None:
            opened = (m.start(), m.group(1)[0])
        elif m.group(1)[0] == opened[1]:
            end = text.find("\n", m.end())
            spans.append((opened[0], len(text) if end < 0 else end))
            opened = None
    if opened is not None:  # an unclosed fence runs to the end, as in Markdown
        spans.append((opened[0], len(text)))
    return spans


#: a Markdown list item's marker: "- ", "* ", "+ ", "1. ", "1) "
_LIST_ITEM = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def indented_code(text: str) -> list[tuple[int, int]]:
    """Spans of Markdown indented code blocks: lines indented by four spaces or a tab, after a blank line.

    An indented line that goes on a list item is the item's own text, not code,
    so a list keeps its indented lines until a line starts at the margin.
    """
    if "\n    " not in text and "\n\t" not in text and not text.startswith(("    ", "\t")):
        return []
    spans: list[tuple[int, int]] = []
    block: list[int] | None = None  # [start, end] of the open code block
    after_blank, in_list = True, False
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        blank = not line.strip()
        indented = not blank and line.startswith(("    ", "\t"))
        if block is not None:
            if blank or indented:  # blank lines inside a block belong to it only if code follows
                if indented:
                    block[1] = end
                after_blank = blank
                continue
            spans.append((block[0], block[1]))
            block = None
        if indented and after_blank and not in_list:
            block = [start, end]
        elif not blank:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and line[:1] in " \t")
        after_blank = blank
    if block is not None:
        spans.append((block[0], block[1]))
    return spans


#: raw HTML a Markdown author writes for text that is not prose: preformatted blocks, scripts, comments
_HTML_RAW = re.compile(r"<(pre|script|style|code)\b[^>]*>.*?</\1\s*>|<!--.*?(?:-->|\Z)", re.S | re.I)


def html_code(text: str) -> list[tuple[int, int]]:
    """Spans of the ``<pre>``, ``<code>``, ``<script>`` and ``<style>`` elements and the comments of a Markdown text."""
    if "<" not in text:
        return []
    return [m.span() for m in _HTML_RAW.finditer(text)]


#: YAML (---) or TOML (+++) front matter: the first line of the file, up to the same fence on a line of its own
#: (its first line is a key: a "---" rule over prose is a horizontal rule, not front matter)
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?=[A-Za-z_][\w-]*[ \t]*[:=]).*?^(?:\1|\.\.\.)[ \t]*$", re.S | re.M)


def front_matter(text: str) -> list[tuple[int, int]]:
    """The span of a Markdown file's front matter: a site generator's data ("tags: [China]"), not prose."""
    m = _FRONT_MATTER.match(text) if text.startswith(("---", "+++")) else None
    return [m.span()] if m else []


def is_markdown(path: str | None) -> bool:
    """True for a Markdown file, by its name."""
    return path is not None and path.lower().endswith((".md", ".markdown"))


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps one of ``spans`` (or, empty, stands inside one)."""
    return any(a <= start and end <= b or (a < end and start < b) for a, b in spans)


def code_blocks(text: str, path: str | None = None) -> list[tuple[int, int]]:
    """Spans of the code blocks of ``text``: fenced ones, and in Markdown indented ones and raw HTML code and comments."""
    code = fenced_code(text)
    if is_markdown(path):
        # Only Markdown gives four leading spaces a meaning: in plain text they indent prose.
        code = sorted(code + front_matter(text) + indented_code(text) + html_code(text))
    return code
