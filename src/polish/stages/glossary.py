"""Glossary stage: replace MT variants by the canonical form; report undecided terms.

Every replacement carries its entry (rule ``glossary:<id>``), the variant it
replaced, the entry's note and the file the entry came from. Entries with
status "decide" are never applied: each occurrence becomes a finding for a
translator. A variant that was the right name in the past (an entry marked
``[since: YEAR]``, ``glossary/historical.py``) is reported, not replaced, in a
sentence that dates itself before that year.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from polish.glossary import historical
from polish.glossary.articles import with_article
from polish.glossary.labels import applies_here
from polish.model import Edit, Finding
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config
    from polish.glossary.chains import Chain
    from polish.glossary.matcher import GlossaryMatcher, Match
    from polish.glossary.model import Entry, Glossary


#: a maintainer's mark in a note ("[accept: common-words]", "[since: 1991]"): for lint and the matcher, not a reader
_MARKS = re.compile(r"\s*\[(?:accept|since):[^\]]*\]")
#: the mark of a historical entry (``historical.held`` looks further only in a note holding it)
_SINCE = historical.MARK_START
#: how much of an entry's note a reason quotes: its first sentence when that is short enough, else
#: the words that fit, so a reason stays one readable line
_NOTE_SENTENCE, _NOTE_WORDS = 140, 100


def _because(entry: "Entry") -> str:
    """"glossary entry ID: <its note's first sentence>", the provenance every glossary change and finding gives."""
    return _because_note(entry.id, entry.note)


@lru_cache(maxsize=4096)  # by strings, whose hashes Python keeps: an entry's would be computed field by field
def _because_note(entry_id: str, note: str) -> str:
    from polish.sentences import sentence_spans

    note = " ".join(_MARKS.sub("", note).split())
    if note:
        spans = sentence_spans(note, max_chars=None)
        first = note[:spans[0][1]] if spans else note
        if len(first) > _NOTE_SENTENCE:
            cut = note.rfind(" ", 0, _NOTE_WORDS)
            first = note[:cut if cut > 0 else _NOTE_WORDS].rstrip(" ,;:(") + "…"
        note = first
    return f"glossary entry {entry_id}: {note}" if note else f"glossary entry {entry_id}"


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
    # the tentative canonical itself is reported too (it is not settled), but suggesting it there is noise
    suggestion = e.canonical if e.canonical and e.canonical != m.matched else None
    choice = f'; suggested: "{suggestion}"' if suggestion else ""
    return Finding(
        start=m.start, end=m.end, rule=f"glossary.decide:{e.id}",
        message=f'"{m.matched}": a translator must choose the form ({_because(e)}){choice}',
        suggestion=suggestion, entry=e.id, text=m.matched,
        meta={"variant": m.matched, "kind": e.kind, "glossary": _origin(e)},
    )


def historical_finding_for(m: "Match", since: int, dating: str) -> Finding:
    """The finding a "replace" match becomes where its sentence speaks of a time before the entry's ``since``."""
    e = m.entry
    return Finding(
        start=m.start, end=m.end, rule=f"glossary.historical:{e.id}",
        message=(f'"{m.matched}" kept: its sentence speaks of a time before {since} ("{dating}"), when the old name '
                 f'may be right; "{m.replacement}" is the name since {since}: write it only if the sentence means a '
                 f"later time ({_because(e)})"),
        suggestion=m.replacement, entry=e.id, text=m.matched,
        meta={"variant": m.matched, "kind": e.kind, "glossary": _origin(e), "since": since, "dated": dating},
    )


class GlossaryStage:
    """Applies the configured glossaries with one pass of the matcher per text."""

    name = "glossary"
    #: the pipeline runs the stage again where it changed the text (when ``again`` says a round
    #: could find more), so that a chain of entries ("Belorussian" -> "Belarusian", then
    #: "Belarusian Academy of Sciences" -> NASB) is followed to its end
    rounds = 8
    #: bound on the remembered edits and findings (matched text varies in case and suffix)
    _PARTS_LIMIT = 20_000  # each a record with its reason: ~10 MB when full

    def __init__(self, config: "Config") -> None:
        self.config = config
        self._built: tuple["Glossary", "GlossaryMatcher"] | None = None
        # (id(entry), matched, replacement) -> the edit or finding of one such match.
        # The same variant recurs across a folder run, and the reason string
        # (note folded and cut) costs more than the match; keyed by id() because
        # the entries live as long as ``_built``, and cleared with it.
        self._protos: dict[tuple[int, str, str | None], Edit | Finding] = {}
        self._feeders: dict[str, "Chain"] = {}  # entry id -> what a next round needs near its result

    def matcher(self) -> "GlossaryMatcher":
        """The matcher for the config's glossaries (rebuilt only when a glossary file changed)."""
        from polish.glossary.loading import glossary_for_config
        from polish.glossary.matcher import GlossaryMatcher

        glossary = glossary_for_config(self.config)
        if self._built is None or self._built[0] is not glossary:
            from polish.glossary.chains import cached_feeders

            self._built = (glossary, GlossaryMatcher(glossary))
            self._protos.clear()
            self._feeders = cached_feeders(glossary)
        return self._built[1]

    def again(self, applied: list[Edit], text: str, spans: list[tuple[int, int]]) -> bool:
        """Whether another round could find more in ``text``, which ``applied`` made, writing ``spans``: where an entry's result stands in another's form.

        The text after the round, not before it: two replacements side by side can make
        a third entry's form between them ("Minsk State Linguistic University" beside
        "Confucius Institute").
        """
        from polish.glossary.chains import may_chain

        feeders = self._feeders
        fed = [(e, span) for e, span in zip(applied, spans) if e.entry in feeders]
        if not fed:
            return False
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer ("İ"): positions would shift
            return True
        return any(may_chain(low, s, t, feeders[e.entry]) for e, (s, t) in fed)

    def prepare(self) -> None:
        """Load the glossaries and build the matcher now (a bad file is reported before any document)."""
        self.matcher()

    def rule_ids(self) -> list[str]:
        """Every rule id this stage can give: each entry's change, and its two kinds of finding."""
        ids = self.matcher().glossary.by_id()
        return [f"{rule}{eid}" for eid in ids for rule in ("glossary:", "glossary.decide:", "glossary.historical:")]

    def _proto(self, m: "Match") -> Edit | Finding:
        """``edit_for(m)`` or ``finding_for(m)``, remembered for every later match of the same text and entry."""
        if len(self._protos) >= self._PARTS_LIMIT:
            self._protos.clear()
        x = self._protos[(id(m.entry), m.matched, m.replacement)] = (
            edit_for(m) if m.action == "replace" else finding_for(m))
        return x

    def run(self, text: str, ctx: Context) -> StageResult:
        """Edits for every variant, findings for every undecided term."""
        matcher = self.matcher()
        edits: list[Edit] = []
        findings: list[Finding] = []
        replaced: dict[str, int] = {}
        decide: dict[str, int] = {}
        kept: dict[str, int] = {}  # variants left as names of their time
        notes: dict[str, str] = {}  # the full note of each entry used (reasons quote its first sentence)
        protos = self._protos.get
        held = historical.held
        for m in matcher.find(text):
            start, end, entry, matched, replacement, action, _ = m
            if not applies_here(entry, text, start, end):
                continue  # "the release time of the standards" is prose, not the page's "Release time:"
            eid, note = entry.id, entry.note
            if note and eid not in notes:
                notes[eid] = note
            if action == "replace" and _SINCE in note and (old := held(m, text)) is not None:
                findings.append(historical_finding_for(m, *old))
                kept[eid] = kept.get(eid, 0) + 1
                continue
            x = _moved(protos((id(entry), matched, replacement)) or self._proto(m), start, end)
            if action == "replace":
                edits.append(_with_article(text, x, matched))  # type: ignore[arg-type]
                replaced[eid] = replaced.get(eid, 0) + 1
            else:
                findings.append(x)  # type: ignore[arg-type]
                decide[eid] = decide.get(eid, 0) + 1
        data: dict[str, Any] = {
            "entries": len(matcher.glossary),
            "glossaries": list(matcher.glossary.sources),
            "replaced": dict(sorted(replaced.items())),
            "decide": dict(sorted(decide.items())),
            "historical": dict(sorted(kept.items())),
            "notes": notes,
        }
        return StageResult(edits=edits, findings=findings, data=data)


def _with_article(text: str, e: Edit, matched: str) -> Edit:
    """``e`` taking in the article before it when the new term needs the other one ("a docent" -> "an associate professor")."""
    start = e.start
    if start < 2 or text[start - 1] != " ":
        return e  # no "a " or "an " before it (with_article's first test, spared a call for most edits)
    got = with_article(text, start, matched, e.replacement)
    if got is None:
        return e
    start, replacement, note = got
    return Edit(start, e.end, replacement, e.rule, e.reason + note, kind=e.kind, entry=e.entry, meta=dict(e.meta))


def _moved(x: Edit | Finding, start: int, end: int) -> Edit | Finding:
    """A copy of ``x`` at [start, end) with its own meta dict.

    Copied field by field into a blank instance: the frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``, three times
    slower, and a large glossary makes thousands of these per megabyte.
    """
    y = _new(x.__class__)
    d = y.__dict__
    d.update(x.__dict__)  # same fields in the same order as the original
    d["start"] = start
    d["end"] = end
    d["meta"] = dict(x.meta)
    return y


_new = object.__new__


def make(config: "Config") -> GlossaryStage:
    """The glossary stage for ``config``."""
    return GlossaryStage(config)
