"""Grammar: LanguageTool matches become safe edits or findings for the editor.

Only matches in the configured safe categories/rules are applied, with
their first replacement, and only when nothing else is at stake: no other
match overlaps or touches them (language-tool-python's "This are" →
"These is" comes from applying two matches to one error), and they do not
touch a glossary term or a protected span (URL, e-mail, code, path).
Everything else is a finding with LanguageTool's rule, category and
message. LanguageTool's free server has no per-request dictionary, so
spelling matches inside a glossary term are dropped here instead (the
glossary is the authority on those words) and counted in the stage data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from polish.model import Edit, Finding
from polish.protect import Protected
from polish.stages.base import Context, StageResult

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config
    from polish.grammar import GrammarMatch

RULE_PREFIX = "grammar."


@dataclass
class GrammarData:
    """What the grammar stage leaves in ``ctx.data["grammar"]``."""

    server: str | None = None
    status: str = "skipped"  # "checked" | "skipped" | "unavailable"
    matches: int = 0
    applied: int = 0
    reported: int = 0
    #: spelling matches inside a glossary term, not reported (the glossary accepts them)
    accepted_terms: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict."""
        return dict(self.__dict__)


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the glossary's terms occur in ``text`` (whole words, any case)."""
    forms = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not forms:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _touches(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end or (start == end and s < start < e) for s, e in spans)


def _conflicting(matches: Sequence["GrammarMatch"]) -> set[int]:
    """Indexes of matches that overlap or touch another match."""
    order = sorted(range(len(matches)), key=lambda i: (matches[i].start, matches[i].end))
    bad: set[int] = set()
    reach_end, reach_idx = -1, -1
    for i in order:
        m = matches[i]
        if reach_idx >= 0 and m.start <= reach_end:
            bad.update((i, reach_idx))
        if m.end > reach_end or reach_idx < 0:
            reach_end, reach_idx = m.end, i
    return bad


def _blocker(m: "GrammarMatch", conflicting: bool, spans: Sequence[tuple[int, int]], protected: Protected) -> str | None:
    """Why a safe match must not be applied automatically, or None."""
    if not m.replacements:
        return "no replacement offered"
    if conflicting:
        return "overlaps another LanguageTool match"
    if _touches(spans, m.start, m.end):
        return "touches a glossary term"
    if protected.overlaps(m.start, m.end):
        return "inside a protected span"
    return None


def plan(
    text: str,
    matches: Sequence["GrammarMatch"],
    config: "Config",
    terms: Iterable[str] = (),
    protected: Protected | None = None,
) -> tuple[list[Edit], list[Finding], list[str]]:
    """Split matches into safe edits and findings; return (edits, findings, accepted glossary words)."""
    protected = protected if protected is not None else Protected(text)
    spans = term_spans(text, terms)
    safe_categories = set(config.grammar_safe_categories)
    safe_rules = set(config.grammar_safe_rules)
    accepted: list[str] = []
    kept: list["GrammarMatch"] = []
    for m in matches:
        if m.is_spelling and _inside(spans, m.start, m.end):
            accepted.append(text[m.start:m.end])
            continue
        kept.append(m)
    conflicts = _conflicting(kept)
    edits: list[Edit] = []
    findings: list[Finding] = []
    for i, m in enumerate(kept):
        rule = RULE_PREFIX + m.rule_id
        meta = {"lt_rule": m.rule_id, "category": m.category, "issue_type": m.issue_type}
        safe = (m.category in safe_categories or m.rule_id in safe_rules) and not m.is_spelling
        why_not = _blocker(m, i in conflicts, spans, protected) if safe else None
        if safe and why_not is None:
            edits.append(Edit(m.start, m.end, m.replacements[0], rule, f"LanguageTool: {m.message}", meta=meta))
            continue
        if why_not:
            meta["not_applied"] = why_not
        findings.append(
            Finding(
                m.start, m.end, rule, m.message + (f" (not applied: {why_not})" if why_not else ""),
                suggestion=m.replacements[0] if m.replacements else None,
                severity="info" if m.issue_type in ("style", "typographical", "whitespace") else "warning",
                meta=meta,
            )
        )
    return edits, findings, accepted


def glossary_terms(config: "Config") -> list[str]:
    """Canonical and admitted forms of the configured glossaries (words LanguageTool must accept)."""
    if not config.glossary:
        return []
    from polish.glossary.loading import glossary_for_config

    out: list[str] = []
    for e in glossary_for_config(config).entries:
        out.append(e.canonical)
        out.extend(e.admitted)
    return out


class GrammarStage:
    """Checks the text with LanguageTool; applies safe matches, reports the rest."""

    name = "grammar"

    def __init__(self, config: "Config", terms: Iterable[str] | None = None) -> None:
        self.config = config
        self._terms = list(terms) if terms is not None else None

    def terms(self) -> list[str]:
        """The glossary words to protect (loaded once)."""
        if self._terms is None:
            self._terms = glossary_terms(self.config)
        return self._terms

    def run(self, text: str, ctx: Context) -> StageResult:
        """Check ``text``; a missing, down or slow server is a finding, never a failed run."""
        from polish.grammar import HOW_TO_ENABLE, GrammarUnavailable, check, locate_server

        data = GrammarData()
        try:
            server = locate_server(self.config)
            if server is None:
                return StageResult(findings=[_doc_finding("grammar.not-configured", HOW_TO_ENABLE, "info")], data=data)
            data.server = server.describe()
            matches = check(text, self.config, server)
        except GrammarUnavailable as exc:
            data.status = "unavailable"
            return StageResult(findings=[_doc_finding("grammar.unavailable", f"grammar not checked: {exc}")], data=data)
        edits, findings, accepted = plan(text, matches, self.config, self.terms(), Protected(text))
        data.status = "checked"
        data.matches = len(matches)
        data.applied = len(edits)
        data.reported = len(findings)
        data.accepted_terms = accepted
        return StageResult(edits=edits, findings=findings, data=data)


def _doc_finding(rule: str, message: str, severity: str = "warning") -> Finding:
    return Finding(0, 0, rule, message, severity=severity)


def make(config: "Config") -> GrammarStage:
    """Build the grammar stage."""
    return GrammarStage(config)
