"""Glossary stage: replace MT variants by the canonical form; report undecided terms.

Every replacement carries its entry (rule ``glossary:<id>``), the variant it
replaced, the entry's note and the file the entry came from. Entries with
status "decide" are never applied: each occurrence becomes a finding for a
translator.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from polish.model import Edit, Finding
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config
    from polish.glossary.matcher import GlossaryMatcher, Match
    from polish.glossary.model import Entry, Glossary


def _because(entry: "Entry") -> str:
    note = " ".join(entry.note.split())
    if len(note) > 80:
        note = note[:79].rstrip() + "…"
    return f"glossary entry {entry.id}: {note}" if note else f"glossary entry {entry.id}"


def _origin(entry: "Entry") -> str | None:
    return entry.origin[0] if entry.origin else None


def edit_for(m: "Match") -> Edit:
    """The edit a "replace" match becomes."""
    e = m.entry
    return Edit(
        start=m.start, end=m.end, replacement=m.replacement or "", rule=f"glossary:{e.id}",
        reason=f'MT variant "{m.matched}" → "{m.replacement}" ({_because(e)})',
        entry=e.id, meta={"variant": m.matched, "kind": e.kind, "glossary": _origin(e)},
    )


def finding_for(m: "Match") -> Finding:
    """The finding a "decide" match becomes."""
    e = m.entry
    choice = f'; suggested: "{e.canonical}"' if e.canonical else ""
    return Finding(
        start=m.start, end=m.end, rule=f"glossary.decide:{e.id}",
        message=f'"{m.matched}": a translator must choose the form ({_because(e)}){choice}',
        suggestion=e.canonical or None, entry=e.id, text=m.matched,
        meta={"variant": m.matched, "kind": e.kind, "glossary": _origin(e)},
    )


class GlossaryStage:
    """Applies the configured glossaries with one pass of the matcher per text."""

    name = "glossary"
    #: bound on the remembered reasons (matched text varies in case and suffix)
    _PARTS_LIMIT = 100_000

    def __init__(self, config: "Config") -> None:
        self.config = config
        self._built: tuple["Glossary", "GlossaryMatcher"] | None = None
        # (id(entry), matched, replacement) -> an edit's or finding's fixed parts.
        # The same variant recurs across a folder run, and the reason string
        # (note folded and cut) costs more than the match; keyed by id() because
        # the entries live as long as ``_built``, and cleared with it.
        self._parts: dict[tuple[int, str, str | None], tuple[str, str, dict[str, Any]]] = {}

    def matcher(self) -> "GlossaryMatcher":
        """The matcher for the config's glossaries (rebuilt only when a glossary file changed)."""
        from polish.glossary.loading import glossary_for_config
        from polish.glossary.matcher import GlossaryMatcher

        glossary = glossary_for_config(self.config)
        if self._built is None or self._built[0] is not glossary:
            self._built = (glossary, GlossaryMatcher(glossary))
            self._parts.clear()
        return self._built[1]

    def prepare(self) -> None:
        """Load the glossaries and build the matcher now (a bad file is reported before any document)."""
        self.matcher()

    def _fixed(self, m: "Match") -> tuple[str, str, dict[str, Any]]:
        """Rule, reason/message and meta of ``m``, exactly as ``edit_for``/``finding_for`` build them."""
        key = (id(m.entry), m.matched, m.replacement)
        parts = self._parts.get(key)
        if parts is None:
            if len(self._parts) >= self._PARTS_LIMIT:
                self._parts.clear()
            x = edit_for(m) if m.action == "replace" else finding_for(m)
            parts = self._parts[key] = (x.rule, x.reason if isinstance(x, Edit) else x.message, x.meta)
        return parts

    def run(self, text: str, ctx: Context) -> StageResult:
        """Edits for every variant, findings for every undecided term."""
        matcher = self.matcher()
        edits: list[Edit] = []
        findings: list[Finding] = []
        replaced: Counter[str] = Counter()
        decide: Counter[str] = Counter()
        fixed = self._fixed
        for m in matcher.find(text):
            e = m.entry
            rule, why, meta = fixed(m)
            if m.action == "replace":
                edits.append(Edit(m.start, m.end, m.replacement or "", rule, why, entry=e.id, meta=dict(meta)))
                replaced[e.id] += 1
            else:
                findings.append(Finding(
                    m.start, m.end, rule, why, suggestion=e.canonical or None, entry=e.id, text=m.matched,
                    meta=dict(meta),
                ))
                decide[e.id] += 1
        data: dict[str, Any] = {
            "entries": len(matcher.glossary),
            "glossaries": list(matcher.glossary.sources),
            "replaced": dict(sorted(replaced.items())),
            "decide": dict(sorted(decide.items())),
        }
        return StageResult(edits=edits, findings=findings, data=data)


def make(config: "Config") -> GlossaryStage:
    """The glossary stage for ``config``."""
    return GlossaryStage(config)
