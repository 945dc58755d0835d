"""What every stage is: ``run(text, ctx) -> StageResult``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from polish.model import Document, Edit, Finding, OffsetMap

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config


@dataclass
class StageResult:
    """What a stage proposes: edits to apply, findings to report, data to keep."""

    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    data: Any = None


@dataclass
class CorpusContext:
    """What a folder run knows across documents (shared by every document)."""

    #: normalised line -> number of documents it appears in
    repeated_lines: dict[str, int] = field(default_factory=dict)
    documents: int = 0


@dataclass
class Context:
    """What a stage may read besides the text: config, the document, earlier stages' data."""

    config: "Config"
    doc: Document
    corpus: CorpusContext | None = None
    #: stage name -> that stage's ``StageResult.data`` (earlier stages only)
    data: dict[str, Any] = field(default_factory=dict)
    #: change ids the editor rejected (the pipeline skips them; stages may ignore this)
    rejected: frozenset[str] = frozenset()
    #: the text a stage is given -> the input, for offsets a stage keeps in its data (set by the pipeline)
    omap: OffsetMap | None = None


class Stage(Protocol):
    """A pipeline stage. ``name`` is the prefix of its rule ids.

    A stage may also have ``prepare() -> None``: loading that can fail on the
    user's files (a glossary) or is worth doing once before worker processes fork;
    and ``revisit(text, ctx, spans) -> StageResult`` with ``revisit_after`` (stage
    names): what it would now do where one of those later stages wrote ``spans``,
    so that one clean reaches a fixed point.
    """

    name: str

    def run(self, text: str, ctx: Context) -> StageResult:
        """Look at ``text`` and propose edits and findings."""
        ...


def written_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` that one of the sorted ``spans`` lies in, once each."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:  # a span running on past the line already listed
                b = text.find("\n", e)
                out[-1] = (out[-1][0], len(text) if b < 0 else b)
            continue
        b = text.find("\n", e)
        out.append((text.rfind("\n", 0, s) + 1, len(text) if b < 0 else b))
    return out
