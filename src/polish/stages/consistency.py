"""Stage 6: names that look like variants of one another, per document and per folder.

Findings, never fixes: which of "Vadim Bogushi" and "Vadim Bogush" is right
is a fact the editor settles in the glossary. The stage reports every
occurrence of the minority form, suggesting the glossary canonical (when a
glossary entry is close) or the most frequent form. Its data (``NameData``)
keeps the names with their counts so that a folder run can compare
documents afterwards with ``compare_documents``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Sequence

from polish.model import Finding, LineIndex, finding_id
from polish.names import KnownNames, NameMention, VariantGroup, describe, extract_names, group_variants
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config

RULE = "consistency.name-variant"


@dataclass
class NameData:
    """The names of one document: every mention and the variant groups found in it."""

    mentions: list[NameMention] = field(default_factory=list)
    groups: list[VariantGroup] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        """Form -> number of mentions."""
        return Counter(m.text for m in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        """Names with counts, kinds and titles, and the groups (JSON-ready)."""
        titles: dict[str, set[str]] = defaultdict(set)
        kinds: dict[str, str] = {}
        for m in self.mentions:
            kinds.setdefault(m.text, m.kind)
            if m.title:
                titles[m.text].add(m.title)
        counts = self.counts
        return {
            "names": [{"name": n, "count": c, "kind": kinds[n], "titles": sorted(titles[n])}
                      for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
            "groups": [g.to_dict() for g in self.groups],
        }


def known_names(config: "Config") -> KnownNames:
    """What the configured glossaries already settle (nothing while the glossary package is absent)."""
    try:
        from polish.glossary.loading import glossary_for_config
    except ImportError:
        return KnownNames()
    return KnownNames.from_glossary(glossary_for_config(config))


def _with_lines(mentions: list[NameMention], text: str, original: str) -> list[NameMention]:
    """Mentions with the line where each form stands in the original input.

    The n-th mention of a form is taken to be its n-th occurrence in the
    original; a form that earlier stages created (no such occurrence) keeps
    the line in the text this stage received.
    """
    orig_lines, text_lines = LineIndex(original), LineIndex(text)
    seen: Counter = Counter()
    where: dict[str, list[int]] = {}
    out = []
    for m in mentions:
        if m.text not in where:
            where[m.text] = [x.start() for x in re.finditer(re.escape(m.text), original)]
        k = seen[m.text]
        seen[m.text] += 1
        line = orig_lines.line(where[m.text][k]) if k < len(where[m.text]) else text_lines.line(m.start)
        out.append(replace(m, line=line))
    return out


class ConsistencyStage:
    """Reports name variants inside one document."""

    name = "consistency"

    def __init__(self, config: "Config") -> None:
        self.config = config
        self._known: KnownNames | None = None

    def run(self, text: str, ctx: Context) -> StageResult:
        """A finding on each occurrence of a minority form; the names as data."""
        if self._known is None:
            self._known = known_names(ctx.config)
        mentions = _with_lines(extract_names(text), text, ctx.doc.text)
        groups = group_variants(mentions, self._known, same_document=True)
        findings = []
        for g in groups:
            minority = set(g.minority)
            message = describe(g)
            for m in mentions:
                if m.text in minority:
                    findings.append(Finding(
                        start=m.start, end=m.end, rule=RULE, message=message, suggestion=g.canonical,
                        entry=g.entry, meta={"group": list(g.forms), "reason": g.reason, "kind": g.kind},
                    ))
        return StageResult(edits=[], findings=findings, data=NameData(mentions, groups))


def make(config: "Config") -> ConsistencyStage:
    """The consistency stage for ``config``."""
    return ConsistencyStage(config)


def compare_documents(
    per_doc: Sequence[tuple[str, Sequence[NameMention]]],
    config: "Config | None" = None,
) -> list[tuple[str, Finding]]:
    """Name variants across the documents of a folder run: (document label, finding) pairs.

    Call it after a folder run with each document's label and
    ``result.data["consistency"].mentions``. Only spelling variants count
    across documents (two articles may well name two people with one
    surname), and only groups whose forms are spread over more than one
    document (the per-document pass reported the rest). Each document gets
    one finding per minority form, at its first mention: ``start``/``end``
    are offsets into the text the consistency stage received for that
    document, ``line`` the line in its original input; ``meta`` holds the
    group, the suggestion's documents and the mention count.
    """
    known = known_names(config) if config is not None else KnownNames()
    mentions = [m for _, ms in per_doc for m in ms]
    groups = [g for g in group_variants(mentions, known, same_document=False)]
    docs_of: dict[str, list[str]] = defaultdict(list)
    for label, ms in per_doc:
        for form in dict.fromkeys(m.text for m in ms):
            docs_of[form].append(label)
    out: list[tuple[str, Finding]] = []
    for g in groups:
        if len({d for f in g.forms for d in docs_of.get(f, ())}) < 2:
            continue
        where = {f: _doc_list(docs_of[f]) for f in g.forms if docs_of.get(f)}
        message = describe(g, where)
        for label, ms in per_doc:
            for form in g.minority:
                hits = [m for m in ms if m.text == form]
                if not hits:
                    continue
                first = hits[0]
                out.append((label, Finding(
                    start=first.start, end=first.end, rule=RULE, message=message, suggestion=g.canonical,
                    entry=g.entry, text=form, line=first.line, stage="consistency",
                    id=finding_id(RULE, first.start, first.end, f"{label}\x1f{message}"),
                    meta={"group": list(g.forms), "reason": g.reason, "kind": g.kind, "count": len(hits),
                          "suggestion_in": docs_of.get(g.canonical, []), "scope": "folder"},
                )))
    return out


def _doc_list(labels: list[str]) -> str:
    return ", ".join(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
