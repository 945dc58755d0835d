"""The pipeline: run the stages in order, apply their edits, keep the trail.

Read it top to bottom: ``STAGES`` is the order; ``run`` hands each stage the
current text, resolves overlapping edits, skips the ones the editor
rejected, applies the rest, and locates every change in the original input
through a composed ``OffsetMap``.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

from polish.codeblocks import code_blocks, inside
from polish.config import Config
from polish.model import (
    Change,
    Document,
    Edit,
    Finding,
    LineIndex,
    OffsetMap,
    apply_edits,
    change_id,
    finding_id,
    resolve_overlaps,
)
from polish.stages.base import Context, CorpusContext, Stage, StageResult

#: (stage module under polish.stages, the Config flag that switches it on)
STAGES: tuple[tuple[str, str | None], ...] = (
    ("boilerplate", "boilerplate"),
    ("language", None),
    ("translation", "translate"),
    ("mechanics", "mechanics"),
    ("glossary", "glossary"),
    ("consistency", "consistency"),
    ("grammar", "grammar"),
    ("readability", "readability"),
)


@dataclass
class Result:
    """One document after the pipeline: the text, every change, every finding."""

    doc: Document
    text: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: changes the editor rejected through a decisions file (not made)
    rejected: list[Change] = field(default_factory=list)
    #: findings the editor dismissed through a decisions file (not reported as open)
    dismissed: list[Finding] = field(default_factory=list)
    #: decisions found again after their text moved: old id -> this run's id, or None when the
    #: change does not arise because it was built on another rejected change (``decisions.refind``)
    refound: dict[str, str | None] = field(default_factory=dict)
    #: ids of this document's rejections that matched nothing, even looked for again
    unmatched: list[str] = field(default_factory=list)
    #: stage name -> data the stage produced (languages, scores, ...)
    data: dict[str, Any] = field(default_factory=dict)
    #: final text -> original input positions (not serialised)
    offsets: OffsetMap | None = field(default=None, repr=False)

    @property
    def removals(self) -> list[Change]:
        """Changes that removed junk from the body."""
        return [c for c in self.changes if c.kind == "remove"]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report entry for this document."""
        from polish.jsonout import plain

        entry = self._entry()
        entry["data"] = plain(self.data)
        return entry

    def to_json(self, **override: Any) -> str:
        """``to_dict`` (with ``override`` keys replaced) as one JSON text."""
        return self.json_bytes(**override).decode("utf-8")

    def json_bytes(self, **override: Any) -> bytes:
        """``to_json`` as the UTF-8 bytes a report file holds.

        The stage data is handed to the encoder as it is, each record turned
        into a dict as the encoder meets it: a folder run writes one entry per
        document, and walking the data in Python first was a measurable share.
        """
        from polish.jsonout import dumps

        entry = self._entry()
        entry["data"] = self.data
        entry.update(override)
        return dumps(entry)

    def _entry(self) -> dict[str, Any]:
        return {
            "file": self.doc.path,
            "encoding": self.doc.encoding,
            "bom": self.doc.bom,
            "normalized": list(self.doc.normalized),
            "changes": [c.to_dict() for c in self.changes],
            # the removed text, listed on its own for reviewers (full records are in "changes")
            "removals": [{"id": c.id, "rule": c.rule, "line": c.line, "start": c.start, "end": c.end,
                          "before": c.before} for c in self.removals],
            "rejected": [c.to_dict() for c in self.rejected],
            "findings": [f.to_dict() for f in self.findings],
            "dismissed": [f.to_dict() for f in self.dismissed],
            "refound_decisions": self.refound,
            "unmatched_decisions": self.unmatched,
        }

    def declined_met(self) -> set[str]:
        """Ids of the decisions this run acted on: rejected changes, dismissed findings, and the ids found again."""
        met = {c.id for c in self.rejected} | {f.id for f in self.dismissed}
        return met | {old for old, new in self.refound.items() if new is None or new in met}


def load_stage(name: str, config: Config) -> Stage:
    """Import one stage module and build its stage (imports stay lazy)."""
    module = importlib.import_module(f"polish.stages.{name}")
    return module.make(config)


def build_stages(config: Config, only: Iterable[str] | None = None) -> list[Stage]:
    """The stages this config switches on, in pipeline order."""
    wanted = set(only) if only is not None else None
    out = []
    for name, flag in STAGES:
        if wanted is not None and name not in wanted:
            continue
        if flag is not None and not getattr(config, flag):
            continue
        out.append(load_stage(name, config))
    return out


# -- rules switched off (``Config.disable``) -------------------------------------------------


@functools.lru_cache(maxsize=16)
def _switch(disable: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact ids, family prefixes) of a ``disable`` setting: ``glossary.decide`` stands for ``glossary.decide:…``."""
    prefixes = tuple(p for d in disable for p in ((d,) if d.endswith((".", ":")) else (d + ".", d + ":")))
    return frozenset(disable), prefixes


def switched_off(config: Config) -> Callable[[str], bool] | None:
    """A test of whether a rule id is switched off by ``config.disable``; None when no rule is."""
    if not config.disable:
        return None
    exact, prefixes = _switch(config.disable)
    return lambda rule: rule in exact or rule.startswith(prefixes)


def _edit_off(e: Edit, off: Callable[[str], bool]) -> bool:
    """Whether an edit comes from a switched-off rule, or was merged with one's fix (``meta.rules``)."""
    return off(e.rule) or any(off(r) for r in e.meta.get("rules", ()))


def unknown_disabled(config: Config, stages: Sequence[Stage]) -> list[tuple[str, str | None]]:
    """The ``disable`` ids that match no rule the stages know: (id, the nearest known id or None).

    A stage lists its rules with ``rule_ids()``; one that cannot (grammar: the rules are
    LanguageTool's) returns None, and so does a stage this config does not run: every id
    under its name is taken as it is.
    """
    if not config.disable:
        return []
    import difflib  # only for a run that switches rules off

    known: set[str] = {name for name, _ in STAGES}
    open_families: set[str] = set(known) - {s.name for s in stages}
    for stage in stages:
        listing = getattr(stage, "rule_ids", None)
        ids = listing() if listing is not None else None
        if ids is None:
            open_families.add(stage.name)
        else:
            known.update(ids)
    out = []
    for d in config.disable:
        family = d.split(".", 1)[0].split(":", 1)[0]
        if family in open_families and d != family:
            continue
        _, prefixes = _switch((d,))
        if d in known or any(k.startswith(prefixes) for k in known):
            continue
        near = difflib.get_close_matches(d, known, n=1, cutoff=0.75)
        out.append((d, near[0] if near else None))
    return out


class _Shift:
    """Moves positions of the previous text through a set of applied edits."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self._starts = [e.start for e in edits]
        self._edits = edits
        self._delta: list[int] = []
        d = 0
        for e in edits:
            self._delta.append(d)
            d += len(e.replacement) - (e.end - e.start)

    def __call__(self, pos: int, side: str) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        e = self._edits[i]
        new_start = e.start + self._delta[i]
        if pos == e.start:
            # On the edit's start: a span that ends here ends before the new text,
            # one that starts here starts with it (and after it, if it is an insertion).
            if side == "end" or e.start != e.end:
                return new_start
            return new_start + len(e.replacement)
        if pos >= e.end:
            return pos + self._delta[i] + len(e.replacement) - (e.end - e.start)
        # inside an edited span: clamp to the edit's new extent
        return new_start if side == "start" else new_start + len(e.replacement)


def run(
    doc: Document,
    config: Config,
    stages: Sequence[Stage] | None = None,
    corpus: CorpusContext | None = None,
    rejected: Iterable[str] = (),
) -> Result:
    """Run the pipeline over one document."""
    stages = list(stages) if stages is not None else build_stages(config)
    ctx = Context(config=config, doc=doc, corpus=corpus, rejected=frozenset(rejected))
    trail = _Trail(doc, ctx)
    for i, stage in enumerate(stages):
        first = len(trail.live)
        # A stage with ``rounds`` > 1 runs again on its own output, where its last round
        # changed the text: one glossary entry's result can be another's variant, and
        # cleaning must reach a fixed point (clean(clean(x)) == clean(x)).
        touched: list[tuple[int, int]] | None = None  # spans the last round wrote, in the text
        for _ in range(getattr(stage, "rounds", 1)):
            ctx.omap = trail.omap
            out: StageResult = stage.run(trail.text, ctx)
            if touched is None:
                ctx.data[stage.name] = out.data
                trail.result.data[stage.name] = out.data
            again = getattr(stage, "again", None)
            applied, touched = trail.take(stage.name, out, touched)
            if not applied or (again is not None and not again(applied, trail.text, touched)):
                break  # nothing changed, or the stage knows a next round finds nothing
        # An earlier stage whose judgement this stage's writing can change (a line the glossary
        # made into "All rights reserved" is junk; a line whose Latin share it lifted takes ASCII
        # punctuation) looks again there, in pipeline order, or a second clean would differ. Each
        # sees what the revisits before it wrote too (mechanics mends what a removal joined).
        for earlier in stages[:i] if len(trail.live) > first else ():
            if stage.name in getattr(earlier, "revisit_after", ()):
                wrote = sorted((s, e) for _, s, e in trail.live[first:])  # spans follow later edits
                ctx.omap = trail.omap
                trail.take(earlier.name, earlier.revisit(trail.text, ctx, wrote), None, findings=False)
    return trail.finish()


class _Trail:
    """One document's run so far: the current text, its map to the original, the changes made."""

    def __init__(self, doc: Document, ctx: Context) -> None:
        self.ctx = ctx
        self.original = doc.text
        self.lines = LineIndex(doc.text)
        self.text = doc.text
        self.omap = OffsetMap(len(doc.text))
        self.result = Result(doc=doc, text=doc.text)
        #: changes so far, with their span in the *current* text: [record, out_start, out_end]
        self.live: list[list[Any]] = []
        # Original spans of the changes the editor rejected: a rejection keeps that text as it was,
        # so no later stage changes it either (the editor never saw those changes to review).
        self.kept_as_was: list[tuple[int, int]] = []
        #: change id -> ids of the earlier changes inside its span
        self.over: dict[str, list[str]] = {}
        self.off = switched_off(ctx.config)

    def take(self, stage: str, out: StageResult, touched: list[tuple[int, int]] | None,
             findings: bool = True) -> tuple[list[Edit], list[tuple[int, int]]]:
        """Apply a stage's result (only what borders ``touched``, when given); return the edits applied and the spans they wrote."""
        text, result, ctx = self.text, self.result, self.ctx
        edits, found = _outside_code(text, ctx.doc.path, out.edits, out.findings if findings else [])
        off = self.off
        if off is not None:  # a switched-off rule's edit is not made, nor recorded: the project does without it
            edits = [e for e in edits if not _edit_off(e, off)]
            found = [f for f in found if not off(f.rule)]
        if touched is not None:  # the rest of the text is as the last round left it: nothing new there
            edits = [e for e in edits if _touches(e.start, e.end, touched)]
            found = [f for f in found if _touches(f.start, f.end, touched)]
        omap = self.omap
        declined = ctx.rejected
        for f in found:
            rec = _locate_finding(f, stage, omap, self.original, self.lines)
            (result.dismissed if rec.id in declined else result.findings).append(rec)
        kept, _ = resolve_overlaps(edits)
        applied: list[Edit] = []
        located = []  # (edit, id, original start, original end, text replaced)
        spans = []  # (original start, original end) of each applied edit
        original, kept_as_was = self.original, self.kept_as_was
        for e in kept:
            before = text[e.start:e.end]
            if before == e.replacement:
                continue
            o_start, o_end = omap.span(e.start, e.end)
            # from the input's text at the span, not what the rule saw: rejecting a fix inside a glossary
            # change ("new␣␣crown" → "new␣crown") must not give that change a new id, or a decision on it
            # would no longer find it (``_held`` lets it replace the kept text when it is not rejected)
            was = original[o_start:o_end]
            cid = change_id(e.rule, o_start, o_end, was, e.replacement)
            if cid in declined or (kept_as_was and _held(o_start, o_end, kept_as_was)):
                result.rejected.append(_change(stage, e, cid, o_start, o_end, before, self.lines, original))
                if cid in declined:
                    kept_as_was.append((o_start, o_end))
                continue
            applied.append(e)
            located.append((e, cid, o_start, o_end, before))
            spans.append((o_start, o_end))
            if was != before:
                # built on earlier changes: a decisions file must know, or rejecting those makes this
                # one look stale (``decisions.refind``)
                self.over[cid] = [rec[2] for rec, s, t in self.live if e.start <= s and t <= e.end]
        if not applied:
            return applied, []
        shift = _Shift(applied)
        first = applied[0].start
        for item in self.live:
            if item[2] < first:
                continue  # wholly before every edit: where it was (most of a document's spans, most rounds)
            item[1] = shift(item[1], "start")
            item[2] = shift(item[2], "end")
        delta = 0
        wrote = []
        live = self.live
        for e, cid, o_start, o_end, before in located:
            s = e.start + delta
            t = s + len(e.replacement)
            live.append([(stage, e, cid, o_start, o_end, before), s, t])
            wrote.append((s, t))
            delta += len(e.replacement) - (e.end - e.start)
        self.omap = omap.apply(applied, spans)
        self.text = apply_edits(text, applied)
        return applied, wrote

    def finish(self) -> Result:
        """The result, its changes built once their place in the output is final."""
        result = self.result
        result.text = self.text
        result.offsets = self.omap
        # Frozen records, built once: dataclasses.replace per change was a measurable share of a folder run.
        result.changes = sorted(
            (_change(*rec, self.lines, self.original, out_start=s, out_end=max(s, e), over=self.over.get(rec[2]))
             for rec, s, e in self.live),
            key=_CHANGE_ORDER,
        )
        result.findings.sort(key=_FINDING_ORDER)
        result.dismissed.sort(key=_FINDING_ORDER)
        return result


_CHANGE_ORDER = operator.attrgetter("start", "end", "out_start")
_FINDING_ORDER = operator.attrgetter("start", "end", "rule")


def _held(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) touches text a rejection keeps as it was (one of ``spans``).

    A change that shares text with a kept span is held back, an insertion strictly inside one
    too; one that takes in a whole kept span and more replaces it with the rest: the editor who
    rejected "new␣␣crown" → "new␣crown" and accepted "new crown pneumonia" → "COVID-19" gets COVID-19.
    """
    return any(((start < e and s < end) or (start == end and s < start < e))
               and not (start <= s and e <= end and (start, end) != (s, e)) for s, e in spans)


def _touches(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps or borders one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, (end, end))
    return i > 0 and spans[i - 1][1] >= start


def _outside_code(text: str, path: str | None, edits: list[Edit],
                  findings: list[Finding]) -> tuple[list[Edit], list[Finding]]:
    """The edits and findings of a stage that touch no code block: code is never rewritten."""
    if not edits and not findings:
        return edits, findings
    code = code_blocks(text, path)
    if not code:
        return edits, findings
    return ([e for e in edits if not inside(e.start, e.end, code)],
            [f for f in findings if not inside(f.start, f.end, code)])


def _change(stage: str, e: Edit, cid: str, o_start: int, o_end: int, before: str, lines: LineIndex,
            original: str, out_start: int = 0, out_end: int = 0, over: list[str] | None = None) -> Change:
    meta = dict(e.meta)
    was = original[o_start:o_end]
    if was != before:
        # An earlier change lies inside this one's span ("new  crown pneumonia" lost a space
        # before the glossary saw it): ``before`` is what the rule replaced, this is the input.
        meta["original"] = was
        if over:
            meta["over"] = over
    # the line of the text itself: a removal that takes the blank line before it starts there
    text = before.lstrip()
    return _record(Change, {
        "id": cid, "stage": stage, "rule": e.rule, "kind": e.kind, "start": o_start, "end": o_end,
        "before": before, "after": e.replacement, "reason": e.reason, "entry": e.entry,
        "out_start": out_start, "out_end": out_end,
        "line": lines.line(o_start + len(before) - len(text) if text else o_start), "meta": meta,
    })


def _locate_finding(f: Finding, stage: str, omap: OffsetMap, original: str, lines: LineIndex) -> Finding:
    o_start, o_end = omap.span(f.start, f.end)
    return _record(Finding, {
        "start": o_start, "end": o_end, "rule": f.rule, "message": f.message, "suggestion": f.suggestion,
        "severity": f.severity, "entry": f.entry, "text": f.text or original[o_start:o_end], "meta": f.meta,
        "id": finding_id(f.rule, o_start, o_end, f.message), "stage": stage, "line": lines.line(o_start),
    })


_new = object.__new__


def _record(cls: type, fields: dict[str, Any]) -> Any:
    """A frozen record from every one of its fields, in their declared order.

    The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``,
    eight times slower, and a folder run makes a record for every change and finding.
    """
    obj = _new(cls)
    obj.__dict__.update(fields)
    return obj
