"""Diffs of original → cleaned: unified (applies with patch -p0 and git apply), explained, word-level."""

from __future__ import annotations

import bisect
import codecs
import difflib
import itertools
import os
import re
from typing import Iterable, Sequence

from polish.model import Change, Document, Finding, OffsetMap

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
    """Lines split at LF only: patch and git apply know no other break (not U+2028, form feed, ...)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


#: what C-style quoting writes for a character git and GNU patch would otherwise misread
_C_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def header_name(path: str) -> str:
    """``path`` as a ---/+++ header writes it, so that patch and git apply find where the name ends.

    As git writes it: C-quoted when it holds a control character, a quote or a backslash (or
    starts or ends with a space), and followed by a TAB when it holds a space (GNU diff puts a
    TAB before its timestamp; patch reads a name with spaces up to that TAB).
    """
    if any(ch in _C_ESCAPES or ch < " " or ch == "\x7f" for ch in path) or path != path.strip(" "):
        path = '"' + "".join(_C_ESCAPES.get(ch) or (f"\\{ord(ch):03o}" if ch < " " or ch == "\x7f" else ch)
                             for ch in path) + '"'
    return path + "\t" if " " in path else path


def _source_starts(original: str, bounds: list[int], bom: bool) -> list[int]:
    """Where the file-form offsets ``bounds`` (of ``original``) fall in the text as polish reads it.

    That text is the file's with each CRLF one LF (a lone CR is already one character) and no BOM,
    which is where change offsets count.
    """
    crlfs = [m.start() for m in re.finditer("\r\n", original)]
    return [p - bisect.bisect_right(crlfs, p - 2) - int(bom and p > 0) for p in bounds]


def _text_bounds(lines: list[str]) -> list[int]:
    """Where each of ``lines`` (and the end) starts in their text."""
    return list(itertools.accumulate(map(len, lines), initial=0))


def _byte_bounds(lines: list[str], encoding: str) -> list[int]:
    """Where each of the byte lines ``lines`` (each byte one latin-1 character) and the end start, in characters.

    In UTF-16 a byte line ends inside a character (the LF's other byte, or that of a character
    such as U+4E0A whose code holds 0x0A): a line starts after the characters decoded before it.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    bounds = [0]
    for line in lines:
        bounds.append(bounds[-1] + len(decoder.decode(line.encode("latin-1"))))
    return bounds


Piece = tuple[str, str]
"""(kind, line): "name" a ---/+++ header, "hunk" a line the tools read in a hunk, "note" one they skip."""


def _pieces(a: list[str], b: list[str], path: str, starts: list[int], changes: Sequence[Change], source: str,
            explain: bool, context: int, findings: Sequence[Finding]) -> list[Piece]:
    """The diff of lines ``a`` -> ``b`` as pieces; ``starts`` maps a line of ``a`` to where it starts in ``source``."""
    if a == b:  # no hunks; an editor asking for explanations still reads the findings
        return [("note", line) for line in explain_findings(findings)] if explain else []
    name = header_name(path)
    out: list[Piece] = []
    for k, (i1, i2, j1, j2, body) in enumerate(_hunks(a, b, context)):
        # git apply reads no text between hunks: with explanations each hunk is a file patch of its
        # own, applied (by git and patch alike) to what the one before made, so it starts where
        # the cleaned text has it
        if k == 0 or explain:
            out += [("name", f"--- {name}\n"), ("name", f"+++ {name}\n")]
        old = j1 if explain else i1
        out.append(("hunk", f"@@ -{_range(old, i2 - i1)} +{_range(j1, j2 - j1)} @@\n"))
        out += [("hunk", line if line.endswith("\n") else line + "\n\\ No newline at end of file\n") for line in body]
        if explain:
            lo, hi = starts[i1], starts[i2]
            out += [("note", explain_change(c, source)) for c in changes
                    if lo <= c.start < hi or (c.start == c.end == hi)]
    if explain:
        out += [("note", line) for line in explain_findings(findings)]
    return out


def unified_diff(original: str, cleaned: str, path: str, changes: Sequence[Change] = (), explain: bool = False,
                 color: bool = False, context: int = 3, source: str | None = None,
                 findings: Sequence[Finding] = ()) -> str:
    """A unified diff with ``path`` on both header lines, so ``patch -p0`` and ``git apply`` apply it.

    ``source`` is the text change offsets count in (the original as polish reads it) when
    ``original`` is the file's own form of it (its line ends, its BOM).
    """
    a, b = _lines(original), _lines(cleaned)
    source = original if source is None else source
    starts = _source_starts(original, _text_bounds(a), _bom_dropped(original, source))
    pieces = _pieces(a, b, path, starts, changes, source, explain, context, findings)
    return _painted([line for _, line in pieces], color)


def patch_bytes(original: str, cleaned: str, path: str, encoding: str, changes: Sequence[Change] = (),
                explain: bool = False, context: int = 3, source: str | None = None,
                findings: Sequence[Finding] = ()) -> tuple[bytes, bool]:
    """The diff as the tools read it, and whether its hunks hold the cleaned text exactly.

    Hunks compare the file's bytes (``original`` and ``cleaned`` are its text in its line ends and
    BOM; ``encoding`` is its own) split where patch and git apply split them, at each byte 0x0A,
    which in UTF-16 is not where the text's lines end; the headers name the file as the file
    system spells it; explanations are in the file's encoding, or UTF-8 when that is not ASCII's.
    """
    source = original if source is None else source
    old = original.encode(encoding, "replace")
    try:
        new, exact = cleaned.encode(encoding), True
    except UnicodeEncodeError:  # a replacement the old code page cannot hold
        new, exact = cleaned.encode(encoding, "replace"), False
    a, b = _lines(old.decode("latin-1")), _lines(new.decode("latin-1"))
    starts = _source_starts(original, _byte_bounds(a, encoding), _bom_dropped(original, source))
    note_encoding = encoding if "\n".encode(encoding) == b"\n" else "utf-8"
    out = []
    for kind, line in _pieces(a, b, path, starts, changes, source, explain, context, findings):
        if kind == "name":
            out.append(os.fsencode(line))
        elif kind == "hunk":
            out.append(line.encode("latin-1"))
        else:  # nothing reads a note but people: what the encoding cannot hold is written as its escape
            out.append(line.encode(note_encoding, "backslashreplace"))
    return b"".join(out), exact


def _bom_dropped(original: str, source: str) -> bool:
    """Whether ``original`` starts with a BOM that ``source``, where offsets count, does not have."""
    return original.startswith("\ufeff") and not source.startswith("\ufeff")


def _painted(pieces: list[str], color: bool) -> str:
    """``pieces`` (each one or more LF-ended lines) joined, each line painted on its own."""
    lines = [line for piece in pieces for line in piece.split("\n")[:-1]]
    return "".join(_paint(line, color) + "\n" for line in lines)


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(original: str, cleaned: str, color: bool = False, changes: Sequence[Change] = (),
              explain: bool = False, findings: Sequence[Finding] = ()) -> str:
    """A word-level diff: ``[-removed-]{+added+}`` inline, like ``git diff --word-diff``; the reasons after it."""
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
    text = "".join(out)
    if not explain:
        return text
    notes = [explain_change(c, original) for c in sorted(changes, key=lambda c: (c.start, c.end))]
    return text + ("" if not text or text.endswith("\n") else "\n") + _painted(notes + explain_findings(findings), color)


# -- explanations: one comment line per change or finding, never more ------------------


#: every character str.splitlines() breaks at: an explanation must stay on its one line
_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    """``text`` with any line break written as its escape."""
    return _BREAKS.sub(lambda m: repr(m.group())[1:-1], text)


def _quote(text: str, limit: int = 60) -> str:
    """``text`` as repr writes it; a long one as its start and end with its length, so a removal stays one line."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:40]!r}...{text[-12:]!r} ({len(text)} characters)"


def in_context(original: str, start: int, end: int, before: str, after: str | None) -> tuple[str, str] | None:
    """(before, after) of a change too small to read alone ("" -> " "), widened to the words around it."""
    if len(before.strip()) > 1 or len((after or "").strip()) > 1 or "\n" in before:
        return None
    a, b = start, end
    while a > 0 and a > start - 20 and not original[a - 1].isspace():
        a -= 1
    while b < len(original) and b < end + 20 and not original[b].isspace():
        b += 1
    return original[a:b], original[a:start] + (after or "") + original[end:b]


def explain_change(c: Change, source: str) -> str:
    """``# line N: rule: reason: 'before' -> 'after' [id]``; ``source`` is the text the change's offsets count in."""
    text = c.meta.get("original", c.before)
    before, after = in_context(source, c.start, c.end, text, c.after) or (text, c.after)
    return f"# line {c.line}: {c.rule}: {_one_line(c.reason)}: {_quote(before)} -> {_quote(after)} [{c.id}]\n"


def explain_findings(findings: Sequence[Finding]) -> list[str]:
    """The findings, under a heading: what the editor decides, which no hunk changes."""
    if not findings:
        return []
    out = [f"# Findings for an editor ({len(findings)}; this diff does not change them):\n"]
    for f in sorted(findings, key=lambda f: (f.line, f.start, f.rule)):
        shown = f": {_quote(f.text)}" if f.text else ""
        if f.suggestion is not None:
            shown += f" -> {_quote(f.suggestion)}"
        out.append(f"# line {f.line}: {f.rule}: {_one_line(f.message)}{shown} [{f.id}]\n")
    return out


def file_forms(doc: Document, cleaned: str, offsets: OffsetMap | None = None) -> tuple[str, str]:
    """``doc``'s text and ``cleaned`` as its file holds them: each line with its own line end, and its BOM.

    In a file that mixes line ends, each line end of the cleaned text is the one its LF came from
    in the original (``offsets`` maps the cleaned text back to it), so patch finds every line it
    compares and the patched file keeps its ends.
    """
    from polish.reading import file_form

    return file_form(doc, doc.text), file_form(doc, cleaned, offsets)
