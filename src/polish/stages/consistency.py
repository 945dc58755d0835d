"""Stage 6: names that look like variants of one another, per document and per folder.

Findings, never fixes: which of "Vadim Bogushi" and "Vadim Bogush" is right
is a fact the editor settles in the glossary. The stage reports every
occurrence of the minority form, suggesting the glossary canonical (when a
glossary entry is close) or the most frequent form. Its data (``NameData``)
keeps the names with their counts so that a folder run can compare
documents afterwards with ``compare_documents``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from polish.model import Finding, finding_id
from polish.names import KnownNames, NameMention, VariantGroup, describe, group_variants, name_spans
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
    """What the configured glossaries already settle."""
    from polish.glossary.loading import glossary_for_config

    glossary = glossary_for_config(config)
    # glossary_for_config hands back the same object while the files are
    # unchanged; keying on it spares each new stage (polish.clean builds the
    # stages per document) rebuilding the forms and their comparison blocks.
    hit = _KNOWN.get(id(glossary))
    if hit is None or hit[0] is not glossary:
        if len(_KNOWN) > 8:
            _KNOWN.clear()
        hit = _KNOWN[id(glossary)] = (glossary, KnownNames.from_glossary(glossary))
    return hit[1]


#: id(glossary) -> (that glossary, kept alive so the id stays its own; its KnownNames)
_KNOWN: dict[int, tuple[Any, KnownNames]] = {}


def _line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start (str.find runs in C; a per-character loop did not)."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _occurrences(form: str, text: str) -> list[int]:
    """Starts of the non-overlapping occurrences of ``form``, as ``re.finditer(re.escape(form), text)`` gives
    them, without compiling a pattern per form."""
    out = []
    find, step = text.find, max(1, len(form))
    i = find(form)
    while i != -1:
        out.append(i)
        i = find(form, i + step)
    return out


def _with_lines(mentions: list[NameMention], text: str, original: str) -> list[NameMention]:
    """Mentions with the line where each form stands in the original input.

    The n-th mention of a form is taken to be its n-th occurrence in the
    original; a form that earlier stages created (no such occurrence) keeps
    the line in the text this stage received.
    """
    return _located([(m.text, m.start, m.end, m.kind, m.title) for m in mentions], text, original)


def _located(spans: list[tuple[str, int, int, str, str]], text: str, original: str) -> list[NameMention]:
    """``_with_lines`` for ``name_spans`` tuples: each mention is built once, with its line."""
    orig_starts = _line_starts(original)
    text_starts: list[int] | None = None  # only needed for forms earlier stages created
    seen: dict[str, int] = {}
    where: dict[str, list[int]] = {}
    out = []
    for form, start, end, kind, title in spans:
        found = where.get(form)
        if found is None:
            found = where[form] = _occurrences(form, original)
        k = seen.get(form, 0)
        seen[form] = k + 1
        if k < len(found):
            line = bisect_right(orig_starts, found[k])
        else:
            if text_starts is None:
                text_starts = _line_starts(text)
            line = bisect_right(text_starts, start)
        out.append(NameMention(form, start, end, kind, title, line))
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
        mentions = _located(name_spans(text), text, ctx.doc.text)
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
