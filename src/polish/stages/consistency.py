"""Stage 6: names that look like variants of one another, per document and per folder.

Findings, never fixes: which of "Vadim Bogushi" and "Vadim Bogush" is right
is a fact the editor settles in the glossary. The stage reports every
occurrence of the minority form, suggesting the glossary canonical (when a
glossary entry is close) or the most frequent form. Its data (``NameData``)
keeps the names with their counts so that a folder run can compare
documents afterwards with ``compare_documents``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import chain as _chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple, Sequence

from polish.model import Finding, finding_id
from polish.names import (
    GIVEN_NAME,
    KnownNames,
    NameMention,
    VariantGroup,
    chain_names,
    describe,
    group_variants,
    suggestion_for,
    tally,
)
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config

RULE = "consistency.name-variant"
#: a name as ``chain_names`` gives it: (text, start, end, kind, title)
Span = tuple[str, int, int, str, str]


class FormSummary(NamedTuple):
    """One name form of one document: what a folder comparison needs of its mentions."""

    text: str
    #: how many times the document mentions it
    mentions: int
    #: the kind of its first mention
    kind: str
    #: the titles before its mentions, sorted
    titles: tuple[str, ...]
    #: its first mention: offsets into the text the stage received, line in the original input
    start: int
    end: int
    line: int


class NameData:
    """The names of one document: every mention and the variant groups found in it.

    The stage hands over the names as ``chain_names`` found them; the
    mentions, each with its line in the original input, are built when first
    asked for. The stage, its report and a folder comparison (``summary``)
    need only each form's count, kind, titles and first mention.
    """

    def __init__(
        self,
        mentions: list[NameMention] | None = None,
        groups: list[VariantGroup] | None = None,
        *,
        chains: Sequence[tuple[int, Sequence[Span]]] = (),
        text: str = "",
        original: str = "",
        locate: Callable[[int, int], tuple[int, int]] | None = None,
    ) -> None:
        self.groups = groups if groups is not None else []
        #: the stage's text -> the input (the offsets of ``summary``, as every finding's, are the input's)
        self._locate = locate
        if mentions is None and not chains:
            mentions = []
        self._mentions = mentions  # None until built from the chains
        self._chains, self._text, self._original = chains, text, original
        self._tally: tuple[Counter, dict[str, str], dict[str, set[str]]] | None = None

    @property
    def mentions(self) -> list[NameMention]:
        """Every mention, in text order, with its line in the original input."""
        if self._mentions is None:
            self._mentions = _located(self._chains, self._text, self._original)
            self._chains, self._text, self._original = (), "", ""  # the mentions say it all now
        return self._mentions

    def tallied(self) -> tuple[Counter, dict[str, str], dict[str, set[str]]]:
        """(form -> mentions, form -> kind of its first mention, form -> titles), as ``names.tally``."""
        if self._tally is None:
            names = self._mentions if self._mentions is not None else _spans(self._chains)
            self._tally = tally(names)
        return self._tally

    @property
    def counts(self) -> Counter:
        """Form -> number of mentions."""
        return Counter(self.tallied()[0])

    def summary(self) -> list[FormSummary]:
        """Each form once, in the order of first mention, with what ``compare_documents`` needs."""
        counts, kinds, titles = self.tallied()
        if self._mentions is not None:
            first = {}
            for m in self._mentions:
                if m.text not in first:
                    first[m.text] = (m.start, m.end, m.line)
        else:
            first = _first_mentions(self._chains, self._text, self._original)
        locate = self._locate
        if locate is not None:
            first = {f: (*locate(a, b), line) for f, (a, b, line) in first.items()}
        return [_new(FormSummary, (f, n, kinds[f], tuple(sorted(titles[f])) if f in titles else (), *first[f]))
                for f, n in counts.items()]

    def to_dict(self) -> dict[str, Any]:
        """Names with counts, kinds and titles, and the groups (JSON-ready)."""
        counts, kinds, titles = self.tallied()
        return {
            "names": [{"name": n, "count": c, "kind": kinds[n], "titles": sorted(titles.get(n, ()))}
                      for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
            "groups": [g.to_dict() for g in self.groups],
        }


def _spans(chains: Sequence[tuple[int, Sequence[Span]]]) -> list[Span]:
    """The names of ``chain_names`` runs in one list (offsets still relative to their run)."""
    return list(_chain.from_iterable(map(itemgetter(1), chains)))


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
        hit = _KNOWN[id(glossary)] = (glossary, _known_for(glossary))
    return hit[1]


#: glossaries with at least this many entries keep their name index in the disk cache
#: (10,000 entries: ~0.15 s to build with its comparison blocks, ~0.03 s to unpickle)
KNOWN_CACHE_MIN = 2000


def _known_for(glossary: Any) -> KnownNames:
    """The glossary's name index with its comparison blocks, from the disk cache when it is large."""
    if len(glossary.entries) < KNOWN_CACHE_MIN:
        return KnownNames.from_glossary(glossary)
    from importlib import resources
    from pathlib import Path

    from polish import diskcache, names
    from polish.glossary.matcher import glossary_hash

    data = resources.files("polish").joinpath("data", "names")
    code = [Path(names.__file__), *sorted(Path(str(f)) for f in data.iterdir() if f.name.endswith(".txt"))]
    key = (diskcache.source_stamp(*code), glossary_hash(glossary))
    file = diskcache.file_for("names", key)
    known = diskcache.load(file, key, lambda value: isinstance(value, KnownNames) and "_blocks" in vars(value))
    if known is None:
        known = KnownNames.from_glossary(glossary)
        known.blocks()
        diskcache.store(file, key, known)
    return known


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


def _occurrence_lines(form: str, text: str, line_starts: list[int]) -> Iterator[int]:
    """Lines of the non-overlapping occurrences of ``form`` in ``text`` (as ``re.finditer(re.escape(form), text)``
    finds them), each found only when asked for: a form's last mention needs no search to the end of the text."""
    find, step = text.find, max(1, len(form))
    i = find(form)
    while i != -1:
        yield bisect_right(line_starts, i)
        i = find(form, i + step)


def _with_lines(mentions: list[NameMention], text: str, original: str) -> list[NameMention]:
    """Mentions with the line where each form stands in the original input.

    The n-th mention of a form is taken to be its n-th occurrence in the
    original; a form that earlier stages created (no such occurrence) keeps
    the line in the text this stage received.
    """
    return _located([(0, [(m.text, m.start, m.end, m.kind, m.title) for m in mentions])], text, original)


def _located(chains: Sequence[tuple[int, Sequence[Span]]], text: str, original: str) -> list[NameMention]:
    """``_with_lines`` for ``chain_names`` runs: each mention is built once, with its line."""
    orig_starts = _line_starts(original)
    text_starts: list[int] | None = None  # only needed for forms earlier stages created
    # form -> the lines of its occurrences in the original, handed out in turn (0 once used up)
    lines_of: dict[str, Iterator[int]] = {}
    out = []
    append = out.append
    for s, found in chains:
        for form, a, b, kind, title in found:
            lines = lines_of.get(form)
            if lines is None:
                lines = lines_of[form] = _occurrence_lines(form, original, orig_starts)
            line = next(lines, 0)  # a line number is 1 at least
            if not line:
                if text_starts is None:
                    text_starts = _line_starts(text)
                line = bisect_right(text_starts, s + a)
            append(_new(NameMention, (form, s + a, s + b, kind, title, line)))
    return out


def _first_mentions(
    chains: Sequence[tuple[int, Sequence[Span]]], text: str, original: str,
) -> dict[str, tuple[int, int, int]]:
    """Form -> (start, end, line) of its first mention, the line as ``_located`` gives it."""
    orig_starts = _line_starts(original)
    text_starts: list[int] | None = None
    first: dict[str, tuple[int, int, int]] = {}
    for s, found in chains:
        for form, a, b, _, _ in found:
            if form in first:
                continue
            i = original.find(form)  # the first of the occurrences ``_occurrence_lines`` goes through
            if i != -1:
                line = bisect_right(orig_starts, i)
            else:
                if text_starts is None:
                    text_starts = _line_starts(text)
                line = bisect_right(text_starts, s + a)
            first[form] = (s + a, s + b, line)
    return first


#: builds a NameMention from its fields in C, without the named tuple's keyword-checking ``__new__``
#: (a document has hundreds of mentions)
_new = tuple.__new__


class ConsistencyStage:
    """Reports name variants inside one document."""

    name = "consistency"

    def __init__(self, config: "Config") -> None:
        self.config = config
        self._known: KnownNames | None = None

    def rule_ids(self) -> list[str]:
        """Every rule id this stage can give."""
        return [RULE]

    def prepare(self) -> None:
        """Index the glossary's names once, before any worker forks."""
        self._known = known_names(self.config)
        # The comparison blocks would otherwise be built by each worker's first document.
        self._known.blocks()

    def run(self, text: str, ctx: Context) -> StageResult:
        """A finding on each occurrence of a minority form; the names as data."""
        if self._known is None:
            self._known = known_names(ctx.config)
        chains = chain_names(text)
        data = NameData(chains=chains, text=text, original=ctx.doc.text,
                        locate=ctx.omap.span if ctx.omap is not None else None)
        counts, kinds, titles = data.tallied()
        data.groups = groups = group_variants(counts, self._known, same_document=True, titles=titles, kinds=kinds)
        findings = []
        for g in groups:
            minority = set(g.flagged)
            message = describe(g)
            for s, found in chains:
                for form, a, b, _, _ in found:
                    if form in minority:
                        findings.append(Finding(
                            start=s + a, end=s + b, rule=RULE, message=message, suggestion=_suggestion(g, form),
                            entry=g.entry, meta={"group": list(g.forms), "reason": g.reason, "kind": g.kind},
                        ))
        return StageResult(edits=[], findings=findings, data=data)


def _suggestion(g: VariantGroup, form: str) -> str | None:
    """The form to write instead of ``form``, unless the group may be two people (one surname, two given names).

    It keeps the way ``form`` writes the name (initials, a surname in capitals): only the spelling is at issue.
    """
    return None if g.reason == GIVEN_NAME else suggestion_for(g.canonical, form)


def make(config: "Config") -> ConsistencyStage:
    """The consistency stage for ``config``."""
    return ConsistencyStage(config)


def compare_documents(
    per_doc: Sequence[tuple[str, "NameData | Sequence[NameMention] | Sequence[FormSummary]"]],
    config: "Config | None" = None,
) -> list[tuple[str, Finding]]:
    """Name variants across the documents of a folder run: (document label, finding) pairs.

    Call it after a folder run with each document's label and its
    ``result.data["consistency"]`` (or that data's ``summary()``, or its
    ``mentions``: the same findings, from less to carry between processes).
    Only spelling variants count across documents (two articles may well
    name two people with one surname), and only groups whose forms are
    spread over more than one document (the per-document pass reported the
    rest). Each document gets one finding per minority form, at its first
    mention: ``start``/``end`` are offsets into the text the consistency
    stage received for that document, ``line`` the line in its original
    input; ``meta`` holds the group, the suggestion's documents and the
    mention count. ``FolderNames`` does the same one document at a time.
    """
    folder = FolderNames()
    try:
        for label, names in per_doc:
            folder.add(label, names)
        return folder.findings(config)
    finally:
        folder.close()


class FolderNames:
    """The names of a folder run's documents, gathered as they are cleaned, for ``compare_documents``.

    Only what the comparison needs of every form stays in memory (its count,
    kind, titles and the numbers of the documents that mention it); each
    document's first mentions and label wait in a temporary file until the
    groups are known, so memory follows the number of distinct names, not of
    documents.
    """

    def __init__(self) -> None:
        import tempfile

        self._spill = tempfile.TemporaryFile()
        self._docs = 0
        self._counts: Counter = Counter()
        self._kinds: dict[str, str] = {}
        self._titles: dict[str, set[str]] = defaultdict(set)
        self._docs_of: dict[str, array] = {}

    def add(self, label: str, names: "NameData | Sequence[NameMention] | Sequence[FormSummary]") -> None:
        """One more document's names (its data, summary or mentions)."""
        import pickle

        forms = _summary_of(names)
        doc = self._docs
        self._docs += 1
        for f in forms:
            self._counts[f.text] += f.mentions
            self._kinds.setdefault(f.text, f.kind)
            if f.titles:
                self._titles[f.text].update(f.titles)
            docs = self._docs_of.get(f.text)
            if docs is None:
                docs = self._docs_of[f.text] = array("I")
            docs.append(doc)
        pickle.dump((label, [tuple(f) for f in forms]), self._spill, protocol=pickle.HIGHEST_PROTOCOL)

    def _replay(self) -> Iterator[tuple[int, str, list[FormSummary]]]:
        import pickle

        self._spill.flush()
        self._spill.seek(0)
        for doc in range(self._docs):
            label, forms = pickle.load(self._spill)
            yield doc, label, [FormSummary(*f) for f in forms]

    def findings(self, config: "Config | None" = None) -> list[tuple[str, Finding]]:
        """The cross-document findings, in the order of ``compare_documents``."""
        if self._docs < 2:
            return []
        if config is not None and config.disable:
            from polish.pipeline import switched_off

            if switched_off(config)(RULE):  # these findings never pass through the pipeline's filter
                return []
        known = known_names(config) if config is not None else KnownNames()
        groups = group_variants(self._counts, known, same_document=False, titles=self._titles, kinds=self._kinds)
        docs_of = self._docs_of

        def docs(g: VariantGroup, form: str) -> list[int]:
            """The documents that mention ``form`` in any of its spellings, in order."""
            return sorted({d for sp in g.spelled(form) for d in docs_of.get(sp, ())})

        groups = [g for g in groups if len({d for f in g.forms for d in docs(g, f)}) >= 2]
        if not groups:
            return []
        minority = {f for g in groups for f in g.flagged}
        named = {d for g in groups for f in (*g.forms, g.canonical) for d in docs(g, f)}
        labels: dict[int, str] = {}
        first: dict[tuple[int, str], FormSummary] = {}
        for doc, label, forms in self._replay():
            if doc in named:
                labels[doc] = label
            for f in forms:
                if f.text in minority:
                    first[doc, f.text] = f
        out: list[tuple[str, Finding]] = []
        for g in groups:
            where = {f: _doc_list([labels[d] for d in docs(g, f)]) for f in g.forms if docs(g, f)}
            message = describe(g, where)
            suggestion_in = [labels[d] for d in docs(g, g.canonical)]
            # document by document, each document's minority forms in the group's order
            hits = sorted((d, i, form) for i, form in enumerate(g.flagged) for d in docs_of.get(form, ()))
            for doc, _, form in hits:
                f = first[doc, form]
                label = labels[doc]
                out.append((label, Finding(
                    start=f.start, end=f.end, rule=RULE, message=message, suggestion=_suggestion(g, form),
                    entry=g.entry, text=form, line=f.line, stage="consistency",
                    # not from the message, which names the files as the command line spelt them:
                    # check and clean of one folder must give a dismissal the same id to match
                    id=finding_id(RULE, f.start, f.end, "\x1f".join(("folder", form, *sorted(g.forms)))),
                    meta={"group": list(g.forms), "reason": g.reason, "kind": g.kind, "count": f.mentions,
                          "suggestion_in": suggestion_in, "scope": "folder"},
                )))
        return out

    def close(self) -> None:
        """Drop the temporary file."""
        self._spill.close()


def _summary_of(names: "NameData | Sequence[NameMention] | Sequence[FormSummary]") -> list[FormSummary]:
    """A document's forms, whichever of the three ``compare_documents`` was given."""
    if isinstance(names, NameData):
        return names.summary()
    if names and isinstance(names[0], FormSummary):
        return list(names)  # type: ignore[arg-type]
    return NameData(list(names)).summary()  # type: ignore[arg-type]


def _doc_list(labels: list[str]) -> str:
    return ", ".join(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
