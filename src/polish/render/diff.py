"""Diffs of original → cleaned: unified (applies with patch -p0), explained, word-level."""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Sequence

from polish.model import Change

_RED, _GREEN, _CYAN, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[2m", "\x1b[0m"


def _paint(line: str, color: bool) -> str:
    if not color:
        return line
    if line.startswith(("+++", "---")):
        return f"\x1b[1m{line}{_RESET}"
    if line.startswith("@@"):
        return f"{_CYAN}{line}{_RESET}"
    if line.startswith("+"):
        return f"{_GREEN}{line}{_RESET}"
    if line.startswith("-"):
        return f"{_RED}{line}{_RESET}"
    if line.startswith("#"):
        return f"{_DIM}{line}{_RESET}"
    return line


def _hunks(a: list[str], b: list[str], context: int) -> Iterable[tuple[int, int, int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        body: list[str] = []
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                body += [" " + line for line in a[a1:a2]]
                continue
            body += ["-" + line for line in a[a1:a2]]
            body += ["+" + line for line in b[b1:b2]]
        yield i1, i2, j1, j2, body


def _range(start: int, count: int) -> str:
    # unified-diff convention: an empty range names the line before it
    if count == 0:
        return f"{start},0"
    return f"{start + 1}" if count == 1 else f"{start + 1},{count}"


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(original: str, cleaned: str, path: str, changes: Sequence[Change] = (), explain: bool = False,
                 color: bool = False, context: int = 3) -> str:
    """A unified diff with ``path`` on both header lines, so ``patch -p0`` applies it."""
    a, b = _lines(original), _lines(cleaned)
    if a == b:
        return ""
    out = [f"--- {path}\n", f"+++ {path}\n"]
    line_starts = [0]
    for line in a:
        line_starts.append(line_starts[-1] + len(line))
    for i1, i2, j1, j2, body in _hunks(a, b, context):
        out.append(f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@\n")
        for line in body:
            if not line.endswith("\n"):
                line += "\n\\ No newline at end of file\n"
            out.append(line)
        if explain:
            lo, hi = line_starts[i1], line_starts[i2]
            for c in changes:
                if lo <= c.start < hi or (c.start == c.end == hi):
                    out.append(f"# line {c.line}: {c.rule}: {c.reason} [{c.id}]\n")
    return "".join(_paint(line.rstrip("\n"), color) + "\n" for piece in out for line in piece.splitlines(True))


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(original: str, cleaned: str, color: bool = False) -> str:
    """A word-level diff: ``[-removed-]{+added+}`` inline, like ``git diff --word-diff``."""
    a, b = _TOKEN.findall(original), _TOKEN.findall(cleaned)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[str] = []
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == "equal":
            out.append("".join(a[a1:a2]))
            continue
        old, new = "".join(a[a1:a2]), "".join(b[b1:b2])
        if old:
            out.append(f"{_RED}[-{old}-]{_RESET}" if color else f"[-{old}-]")
        if new:
            out.append(f"{_GREEN}{{+{new}+}}{_RESET}" if color else f"{{+{new}+}}")
    return "".join(out)
