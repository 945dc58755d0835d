"""Mechanics: spacing, hyphens, punctuation and doubled words that machine translation garbles.

The fixes in ``mechanics_rules`` are run to a fixed point, so the stage run
on its own output proposes nothing: one round can unblock another
("word ,," needs both the space and the doubled comma fixed, and the two
edits overlap). Edits of later rounds that touch earlier ones are merged
into one edit against the stage's input that names every rule involved.
Nothing inside a URL, e-mail address, path or inline code is touched.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Sequence

from polish.codeblocks import code_blocks, inside, is_markdown
from polish.disjoint import DisjointSets
from polish.model import Edit, Finding, OffsetMap, apply_edits, resolve_overlaps
from polish.protect import Protected
from polish.stages import mechanics_rules
from polish.stages.base import Context, StageResult, written_lines

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config

#: Rounds before the stage gives up on reaching a fixed point (real texts need two or three).
MAX_ROUNDS = 8


@dataclass
class _Merged:
    """An edit against the stage input, and where its replacement sits in the current text."""

    o_start: int
    o_end: int
    c_start: int
    c_end: int
    parts: list[Edit] = field(default_factory=list)


def propose(text: str, fixes: Sequence[Callable[[str], list[Edit]]] = mechanics_rules.FIXES) -> list[Edit]:
    """One round: every fix on ``text``, minus edits in protected spans, no-ops and overlaps."""
    # a fix whose pre-check finds nothing would propose nothing: skip running it
    return _propose(text, mechanics_rules.firing(fixes, text))


def _propose(text: str, fixes: Sequence[Callable[[str], list[Edit]]], guarded: bool = True) -> list[Edit]:
    # guarded=False: the caller knows ``text`` holds no protected span
    edits = [e for fix in fixes for e in fix(text) if text[e.start:e.end] != e.replacement]
    if not edits:
        return []
    guard = Protected(text) if guarded else None
    if guard:  # most lines hold no URL, path or code: then there is nothing to keep clear of
        edits = [e for e in edits if not guard.overlaps(e.start, e.end) and not _reshapes_protected(text, e, guard)]
    # resolve_overlaps keeps the first of edits with the same span; its sort is stable, so the fix order decides
    kept, _ = resolve_overlaps(edits)
    return kept


def _reshapes_protected(text: str, e: Edit, guard: Protected) -> bool:
    """True when an edit next to a URL or path would change it ('site.com/high -tech' → '.../high-tech')."""
    touching = [(s, t) for s, t in guard.spans if t == e.start or s == e.end]
    if not touching:
        return False
    new = text[:e.start] + e.replacement + text[e.end:]
    delta = len(e.replacement) - (e.end - e.start)
    after = set(Protected(new).spans)
    return any(((s, t) if t <= e.start else (s + delta, t + delta)) not in after for s, t in touching)


def fix_text(text: str, fixes: Sequence[Callable[[str], list[Edit]]] = mechanics_rules.FIXES) -> tuple[list[Edit], str]:
    """Run the fixes to a fixed point; return edits against ``text`` and the fixed text.

    Every fix works within one line (and protected spans never cross one):
    one pass over the whole text finds the lines a fix may change, and only
    those are taken, one by one, to their fixed point.
    """
    fixes = tuple(fixes)
    lines = _lines_to_fix(text, fixes)
    if not lines:
        return [], text
    # a line ``fix_line`` was asked for (boilerplate asks for every short line first) is fixed already
    remembered = _line_fixes if fixes == mechanics_rules.FIXES else {}
    # on an ASCII line the pre-checks that see only runs of letters ran as such over
    # the whole text: on a line they missed, they find nothing until its words change
    word_hinted = mechanics_rules.word_hinted(fixes)
    ascii_text = text.isascii()
    # protected spans never cross a line: with none in the text, a line's first round needs no guard
    guarded = bool(Protected(text))
    edits: list[Edit] = []
    out: list[str] = []
    last = 0
    for a, b, first_fixes in lines:
        line = text[a:b]
        known = remembered.get(line) if remembered else None
        if known is not None:
            line_edits, fixed = [_moved(e, a) for e in known[0]], known[1]
        else:
            quiet = ([f for f in word_hinted if f not in first_fixes]
                     if first_fixes is not None and (ascii_text or line.isascii()) else [])
            line_edits, fixed = _fix_line(line, fixes, first_fixes, a, quiet, guarded)
        edits += line_edits
        out.append(text[last:a])
        out.append(fixed)
        last = b
    out.append(text[last:])
    return edits, "".join(out)


#: Lines ``fix_line`` remembers: enough for the short lines of a folder of a few thousand
#: documents (most are junk and titles that repeat); full, about 4-6 MB (lines of 150-300 characters).
FIXED_CACHE_LINES = 8192

#: line -> (its edits, the fixed line), oldest first. First in, first out rather than least recently
#: used: each step is then one atomic dict operation, safe for a library used from several threads.
_line_fixes: OrderedDict[str, tuple[tuple[Edit, ...], str]] = OrderedDict()


def fix_line(line: str) -> tuple[tuple[Edit, ...], str]:
    """``fix_text`` of one line, remembered (the edits are shared: copy one before changing it).

    Boilerplate puts every short line in the form mechanics will give it, once
    when a folder run counts lines across documents and again in the stage; the
    stage then takes a changed line it finds here as it is (a line's fixes depend
    on the line alone), rather than fixing it again.
    """
    known = _line_fixes.get(line)
    if known is not None:
        return known
    edits, fixed_line = fix_text(line)
    known = _line_fixes[line] = (tuple(edits), fixed_line)
    if len(_line_fixes) > FIXED_CACHE_LINES:
        _line_fixes.popitem(last=False)
    return known


def fixed(line: str) -> str:
    """``line`` as ``fix_text`` leaves it, remembered (see ``fix_line``)."""
    return fix_line(line)[1]


def _moved(e: Edit, offset: int) -> Edit:
    """A copy of ``e`` moved by ``offset`` (with its own meta, as a freshly proposed edit has)."""
    return Edit(e.start + offset, e.end + offset, e.replacement, e.rule, e.reason, e.kind, e.entry, dict(e.meta))


_Fix = Callable[[str], list[Edit]]


def _lines_to_fix(text: str, fixes: tuple[_Fix, ...]) -> list[tuple[int, int, list[_Fix] | None]]:
    """(start, end, fixes worth a first round or None for all) of each line a fix may change, and maybe more."""
    if mechanics_rules.prechecks(fixes) is None:  # a fix without a pre-check: where one round proposes an edit
        first = propose(text, fixes)
        line_starts = [0]
        line_starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
        touched = sorted({bisect.bisect_right(line_starts, e.start) - 1 for e in first})
        ends = [line_starts[k + 1] - 1 if k + 1 < len(line_starts) else len(text) for k in touched]
        return [(line_starts[k], end, None) for k, end in zip(touched, ends)]
    if "\n" not in text:
        # one line (boilerplate's canonical form asks for every short line): one scan of the
        # joint pre-check tells most clean ones, and ``firing`` is what the loop below would find
        first = mechanics_rules.firing(fixes, text)
        return [(0, len(text), first)] if first else []
    # each pre-check scans the text once, jumping to the next line after a hit;
    # clean lines (most of a text) are never split out or given to the fixes,
    # and a line's first round runs only the fixes whose pre-checks hit it
    lines: dict[int, tuple[int, set[int]]] = {}
    for k, fix in enumerate(fixes):
        for hint in mechanics_rules.hints(fix, text) or ():
            pos = 0
            while (m := hint.search(text, pos)) is not None:
                a = text.rfind("\n", 0, m.start()) + 1
                b = text.find("\n", m.start())
                if b < 0:
                    b = len(text)
                lines.setdefault(a, (b, set()))[1].add(k)
                pos = b + 1
    return [(a, b, [fixes[k] for k in sorted(ks)]) for a, (b, ks) in sorted(lines.items())]


def _fix_line(text: str, fixes: Sequence[_Fix], first_fixes: Sequence[_Fix] | None, offset: int = 0,
              quiet: Sequence[_Fix] = (), guarded: bool = True) -> tuple[list[Edit], str]:
    """Edits (moved by ``offset``) that take one line to its fixed point, and the fixed line.

    ``quiet`` fixes' pre-checks found nothing on ``text`` and are not run again
    while the edits keep its words (``mechanics_rules.keeps_words``). Without ``guarded``
    ``text`` holds no protected span (later rounds look again: fixes can make one).
    """
    # the first round's pre-checks were run over the whole text already
    edits = _propose(text, first_fixes, guarded) if first_fixes is not None else propose(text, fixes)
    if not edits:
        return [], text
    cur = apply_edits(text, edits)
    quiet = quiet if quiet and mechanics_rules.keeps_words(text, edits, cur) else ()
    later = _propose(cur, mechanics_rules.firing(fixes, cur, quiet))
    if not later and not _glued(edits):
        # one round was enough (most lines): each edit stands as proposed, as _compose would leave it
        return [Edit(e.start + offset, e.end + offset, e.replacement, e.rule, e.reason)
                for e in edits], cur
    merged = _compose([], edits)
    rounds = 1
    while later and rounds < MAX_ROUNDS:
        merged = _compose(merged, later)
        prev, cur = cur, apply_edits(cur, later)
        quiet = quiet if quiet and mechanics_rules.keeps_words(prev, later, cur) else ()
        rounds += 1
        later = _propose(cur, mechanics_rules.firing(fixes, cur, quiet)) if rounds < MAX_ROUNDS else []
    out = []
    for m in merged:
        replacement = cur[m.c_start:m.c_end]
        if replacement == text[m.o_start:m.o_end]:
            continue  # later rounds undid it
        first = m.parts[0]
        rules = list(dict.fromkeys(p.rule for p in m.parts))
        reason = "; ".join(dict.fromkeys(p.reason for p in m.parts))
        meta = {"rules": rules} if len(rules) > 1 else {}
        out.append(Edit(m.o_start + offset, m.o_end + offset, replacement, first.rule, reason, kind="fix", meta=meta))
    return out, cur


def _glued(edits: list[Edit]) -> bool:
    """True when an insertion touches a neighbouring edit (the two then become one)."""
    return any(a.end == b.start and (a.start == a.end or b.start == b.end) for a, b in zip(edits, edits[1:]))


def _compose(merged: list[_Merged], edits: list[Edit]) -> list[_Merged]:
    """Fold one round's edits (against the current text) into the edits against the input.

    ``merged`` is sorted and disjoint in the current text, ``edits`` sorted and
    non-overlapping; an edit joins every earlier edit whose span it touches.
    """
    if not merged and not _glued(edits):
        # the first round (most lines need no other): nothing to join, each edit stands alone
        out: list[_Merged] = []
        delta = 0
        for e in edits:
            new_start = e.start + delta
            out.append(_Merged(e.start, e.end, new_start, new_start + len(e.replacement), [e]))
            delta += len(e.replacement) - (e.end - e.start)
        return out
    n = len(merged)
    sets = DisjointSets()  # merged edits are 0..n-1, this round's n..
    c_starts = [m.c_start for m in merged]
    c_ends = [m.c_end for m in merged]
    for j, e in enumerate(edits):
        for i in range(bisect.bisect_left(c_ends, e.start), bisect.bisect_right(c_starts, e.end)):
            sets.join(i, n + j)
    for j in range(1, len(edits)):
        a, b = edits[j - 1], edits[j]
        if a.end == b.start and (a.start == a.end or b.start == b.end):
            sets.join(n + j, n + j - 1)  # an insertion glued to a neighbour moves with it
    groups: dict[int, tuple[list[int], list[Edit]]] = {}
    for j, e in enumerate(edits):
        groups.setdefault(sets.find(n + j), ([], []))[1].append(e)
    grouped: set[int] = set()
    for i in range(n):
        g = groups.get(sets.find(i))
        if g is not None:
            g[0].append(i)
            grouped.add(i)

    m_delta = [(m.c_end - m.c_start) - (m.o_end - m.o_start) for m in merged]
    m_prefix = list(itertools.accumulate(m_delta, initial=0))
    e_starts = [e.start for e in edits]
    e_ends = [e.end for e in edits]
    e_prefix = list(itertools.accumulate((len(e.replacement) - (e.end - e.start) for e in edits), initial=0))

    def shift(pos: int) -> int:
        # a current position outside this round's edits -> its position after them
        k = bisect.bisect_right(e_ends, pos)
        while k and e_starts[k - 1] == e_ends[k - 1] == pos:  # an insertion at pos goes after it
            k -= 1
        return pos + e_prefix[k]

    out = [_Merged(m.o_start, m.o_end, shift(m.c_start), shift(m.c_end), m.parts)
           for i, m in enumerate(merged) if i not in grouped]
    for members, es in groups.values():
        ms = [merged[i] for i in members]
        gs = min([e.start for e in es] + [m.c_start for m in ms])
        ge = max([e.end for e in es] + [m.c_end for m in ms])
        # earlier edits wholly before the group shift its start; members that end there do not
        k = bisect.bisect_right(c_ends, gs)
        o_start = gs - m_prefix[k] + sum(m_delta[i] for i in members if i < k)
        o_len = (ge - gs) - sum(m_delta[i] for i in members)
        new_start = shift(gs)
        new_len = (ge - gs) + sum(len(e.replacement) - (e.end - e.start) for e in es)
        parts = [p for m in ms for p in m.parts] + list(es)
        out.append(_Merged(o_start, o_start + o_len, new_start, new_start + new_len, parts))
    out.sort(key=lambda m: (m.o_start, m.o_end))
    return out


def _hard_break(text: str, e: Edit) -> bool:
    """Whether ``e`` removes the two or more spaces that end a Markdown line with a line break."""
    return (not e.replacement and e.end - e.start >= 2 and text.startswith("\n", e.end)
            and not text[e.start:e.end].strip(" ") and e.start > 0 and text[e.start - 1] not in " \n")


#: a gap between two columns: two spaces or more, or a tab, between two non-blanks
_GAP = re.compile(r"(?<=\S)(?:[ ]{2,}|\t)[ \t]*(?=\S)")


def aligned_rows(text: str) -> set[int]:
    """Starts of the lines of a plain-text table: two lines or more in a row, each with two column gaps.

    "Pos  Team     P  W" over "1    BSU      9  8" is laid out in columns; a sentence with one
    doubled space ("the new  crown") is not, and its spaces are still tidied.
    """
    if "  " not in text and "\t" not in text:
        return set()
    out: set[int] = set()
    run: list[int] = []
    pos = 0
    for line in text.split("\n"):
        if ("  " in line or "\t" in line) and len(_GAP.findall(line)) >= 2:
            run.append(pos)
        else:
            if len(run) >= 2:
                out.update(run)
            run = []
        pos += len(line) + 1
    if len(run) >= 2:
        out.update(run)
    return out


def _keep_layout(text: str, edits: list[Edit], markdown: bool) -> list[Edit]:
    """``edits`` but those that would undo a layout: a Markdown line's hard break, the spaces that
    align a table's columns (a Markdown row, "| a  | b |", or a row of a plain-text table)."""
    if not edits:
        return edits
    breaks = markdown and "  \n" in text
    tables = markdown and "\n|" in "\n" + text
    aligned = aligned_rows(text)
    if not (breaks or tables or aligned):
        return edits
    out = []
    for e in edits:
        line_start = text.rfind("\n", 0, e.start) + 1
        blank = text[e.start:e.end] + e.replacement
        if (breaks and _hard_break(text, e)) or (tables and text.startswith("|", line_start) and not blank.strip(" ")) \
                or (line_start in aligned and not blank.strip(" \t")):
            continue
        out.append(e)
    return out


class MechanicsStage:
    """Fixes mechanical slips and reports the ones a person must judge."""

    name = "mechanics"

    def __init__(self, fixes: Sequence[_Fix] = mechanics_rules.FIXES) -> None:
        self.fixes = tuple(fixes)

    def rule_ids(self) -> list[str]:
        """Every rule id this stage can give (``Config.disable`` checks names against them)."""
        return [f"mechanics.{rule}" for rule in mechanics_rules.table()]

    def run(self, text: str, ctx: Context) -> StageResult:
        """Edits from the fixes (to a fixed point), findings from the checks."""
        edits, fixed = fix_text(text, self.fixes)
        # The pipeline drops every stage's edits and findings in code blocks; mechanics drops
        # its edits there first, because its checks and its counts follow the text they leave.
        code = code_blocks(text, ctx.doc.path)
        # Fixes work line by line, so dropping the ones inside code blocks, or the ones that would
        # undo a layout, leaves the rest valid.
        kept = _keep_layout(text, [e for e in edits if not inside(e.start, e.end, code)] if code else edits,
                            is_markdown(ctx.doc.path))
        if len(kept) != len(edits):
            edits = kept
            fixed = apply_edits(text, edits)
        # checks look at the fixed text (so a second run reports the same), located back in the input
        findings = [f for check in mechanics_rules.CHECKS for f in check(fixed)]
        if findings:  # most texts have none: the guard and the map back are built only when needed
            guard = Protected(fixed)
            back = OffsetMap(len(text)).apply(edits)
            located = ((f, back.span(f.start, f.end)) for f in findings
                       if not guard.overlaps(f.start, f.end) and not _captions_input_image(f, fixed, back, ctx))
            findings = [replace(f, start=start, end=end) for f, (start, end) in located]
        by_rule: dict[str, int] = {}
        for e in edits:
            for r in e.meta.get("rules", [e.rule]):
                by_rule[r] = by_rule.get(r, 0) + 1
        return StageResult(edits=edits, findings=findings, data={"by_rule": by_rule})

    #: the later stages whose writing ``revisit`` looks at (the pipeline asks after each)
    revisit_after = ("glossary", "grammar")

    def revisit(self, text: str, ctx: Context, spans: list[tuple[int, int]]) -> StageResult:
        """The fixes a later stage's writing at ``spans`` calls for, on the lines it wrote in.

        A glossary replacement can leave work for mechanics: "a" made "an" before a term that
        follows an "an", or a line's share of Latin letters lifted over the mark at which
        full-width punctuation becomes ASCII. Fixing those lines now keeps
        clean(clean(x)) == clean(x); every fix works within one line, so the rest is as it was.
        """
        marks = mechanics_rules.table()["cjk-punct"]["map"]
        edits: list[Edit] = []
        for a, b in written_lines(text, spans):
            line = text[a:b]
            # Only the Latin share is the whole line's; anything else the writing starts is at
            # its edges, where a word-level look is far cheaper than the fixes' pre-checks.
            if not any(_edges_need_fixing(text, s, e) for s, e in spans if a <= s <= b) and (
                    line.isascii() or not any(m in line for m in marks) or not mechanics_rules.fix_cjk_punct(line)):
                continue
            line_edits, _ = fix_text(line, self.fixes)
            edits += [replace(x, start=x.start + a, end=x.end + a) for x in line_edits]
        return StageResult(edits=_keep_layout(text, edits, is_markdown(ctx.doc.path)))


def _captions_input_image(f: Finding, fixed: str, back: OffsetMap, ctx: Context) -> bool:
    """Whether truncated finding ``f`` (in ``fixed``) is on the caption of an image line of the input.

    The boilerplate stage removes a bare image line ("/uploads/img_3421.jpg") but keeps
    the caption under it: only the input still shows where the caption stood.
    """
    if f.rule != "mechanics.truncated":
        return False
    start = fixed.rfind("\n", 0, f.start) + 1
    end = fixed.find("\n", f.end)
    pos = back.to_original(start)  # in the text this stage was given; then in the input
    pos = ctx.omap.to_original(pos) if ctx.omap is not None else pos
    return mechanics_rules.captions_image(ctx.doc.text, pos, fixed[start:None if end < 0 else end].strip())


def _edges_need_fixing(text: str, s: int, e: int) -> bool:
    """Whether text written at [s, e) may meet its neighbours as a fix mends: a word repeated
    across an edge, or a mark or space at one (curated text has no slip inside)."""
    if s == e or not text[s].isalnum() or not text[e - 1].isalnum():
        return True  # a removal joins its neighbours; a mark at an edge can double one
    # only the words at the edges count: split off one word at each end, not every word
    written = text[s:e]
    before = text[max(0, s - 40):s].rsplit(None, 1)
    after = text[e:e + 40].split(None, 1)
    return bool(before and before[-1].casefold() == written.split(None, 1)[0].casefold()
                or after and after[0].casefold() == written.rsplit(None, 1)[-1].casefold())


def make(config: "Config") -> MechanicsStage:
    """The mechanics stage, with the fixes of the rules ``config.disable`` switches off left out."""
    from polish.pipeline import switched_off  # the pipeline imports the stages

    off = switched_off(config)
    if off is None:
        return MechanicsStage()
    # Not run, rather than dropped by the pipeline afterwards: two rules' fixes at one spot are merged
    # into one change, which the pipeline drops whole when one of them is off; the other's is then lost.
    return MechanicsStage([f for f in mechanics_rules.FIXES if not off(f"mechanics.{mechanics_rules.rule_of(f)}")])
