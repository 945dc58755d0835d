"""Boilerplate: take scraped-page junk out of the article body, one recorded removal per line.

Junk is recognised line by line from the patterns in ``polish/data/boilerplate.toml``
(share widgets, view counters, copyright blocks, image dumps...), from the shape
of the text after the article (a run of short headline-like lines), and, in a
folder run, from lines that repeat across many documents. Bylines, datelines
and sources of the article itself are never removed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from polish.model import Edit, Finding
from polish.sentences import TRAILING, ends_sentence
from polish.stages.base import Context, StageResult, written_lines

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config

#: Rule id for lines found in many documents of a folder run.
REPEATED_RULE = "boilerplate.repeated-line"


class PatternError(ValueError):
    """A boilerplate patterns file polish cannot use."""


@dataclass(frozen=True)
class Rule:
    """One kind of junk line: ``boilerplate.<id>``."""

    id: str
    reason: str
    where: str  # "anywhere" | "tail"
    patterns: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...] = ()
    #: (keywords, patterns) as read from each file: an ASCII line with none of the
    #: keywords cannot match those patterns (no keywords: always try them)
    groups: tuple[tuple[tuple[str, ...], tuple[re.Pattern[str], ...]], ...] = ()

    def matches(self, line: str) -> bool:
        """True when the stripped line is entirely this kind of junk."""
        if not self.groups:
            return any(p.fullmatch(line) for p in self.patterns)
        # Patterns such as '.*\bdoes not mean...' scan every long article line; a
        # substring test is far cheaper. Only on ASCII lines: there lower() agrees
        # with re.IGNORECASE exactly (Unicode case folding has extra pairs such as 'ſ'/'s').
        low = line.lower() if line.isascii() else None
        for words, pats in self.groups:
            if words and low is not None and not any(w in low for w in words):
                continue
            if any(p.fullmatch(line) for p in pats):
                return True
        return False


@dataclass(frozen=True)
class Patterns:
    """Everything the stage knows about junk, loaded from data files."""

    rules: tuple[Rule, ...]
    keep: tuple[re.Pattern[str], ...]
    max_words: int
    max_chars: int
    min_run: int
    min_run_marked: int
    bullet: re.Pattern[str]
    date: re.Pattern[str]
    keep_any: tuple[re.Pattern[str], ...] = ()  # ``keep`` joined (see _combined)
    #: the end of a sentence that announces the list after it ("... are listed below.")
    announces: re.Pattern[str] = re.compile(r"(?!)")
    #: a date alone on its line, which closes a notice's sign-off
    sign_off_date: re.Pattern[str] = re.compile(r"(?!)")
    #: the start of a credit line ("Editor:", "Source:", "By"), below which short lines are the page's
    credit: re.Pattern[str] = re.compile(r"(?!)")
    #: a document an article lists as signed ("Agreement", "Memorandum")
    documents: re.Pattern[str] = re.compile(r"(?!)")
    #: dates that open a line ("2024-05-13 …", "May 13, 2024 …"), with the months' names of the data file
    dates: "LeadDates" = field(default_factory=lambda: LeadDates())

    def is_keeper(self, line: str) -> bool:
        """True for bylines, datelines and source lines of the article itself."""
        for p in self.keep_any or self.keep:  # a loop, not any(): this runs for every line
            if p.fullmatch(line):
                return True
        return False


def _compile(source: str, key: str, items: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    out = []
    for raw in items:
        try:
            out.append(re.compile(raw, re.IGNORECASE))
        except re.error as exc:
            raise PatternError(f"{source}: bad regular expression in {key}: {raw!r} ({exc})") from None
    return tuple(out)


def _combined(pats: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """One pattern that fullmatches where one of ``pats`` does (one regex call per line, not one per pattern).

    Only for patterns without capture groups (a back-reference would be renumbered)
    whose alternation compiles (a leading global flag cannot be joined); else ``pats``.
    """
    if len(pats) < 2 or any(p.groups or p.flags != pats[0].flags for p in pats):
        return pats
    try:
        return (re.compile("|".join(f"(?:{p.pattern})" for p in pats), pats[0].flags),)
    except re.error:
        return pats


def _keywords(source: str, rid: str, items: object) -> tuple[str, ...]:
    if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
        raise PatternError(f"{source}: rules.{rid}.precheck must be a list of non-empty strings")
    return tuple(w.lower() for w in items)


def _read_table(path: str | None) -> tuple[str, dict]:
    if path is None:
        ref = resources.files("polish.data") / "boilerplate.toml"
        return "boilerplate.toml", tomllib.loads(ref.read_text(encoding="utf-8"))
    try:
        return path, tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PatternError(f"{path}: cannot read boilerplate patterns: {exc}") from None


@lru_cache(maxsize=8)
def load_patterns(extra: tuple[str, ...] = ()) -> Patterns:
    """The shipped patterns, extended by ``extra`` files of the same layout (loaded once)."""
    rules: dict[str, dict] = {}
    keep: list[re.Pattern[str]] = []
    headlines: dict = {}
    months: tuple[tuple[str, ...], ...] = ()
    for path in (None, *extra):
        source, table = _read_table(path)
        for rid, spec in table.get("rules", {}).items():
            where = spec.get("where", "anywhere")
            if where not in ("anywhere", "tail"):
                raise PatternError(f"{source}: rules.{rid}: where must be 'anywhere' or 'tail', not {where!r}")
            cur = rules.setdefault(rid, {"reason": spec.get("reason", f"boilerplate ({rid})"), "where": where,
                                         "patterns": (), "inline": (), "groups": ()})
            pats = _compile(source, f"rules.{rid}", spec.get("patterns", ()))
            cur["patterns"] += pats
            cur["groups"] += ((_keywords(source, rid, spec.get("precheck", [])), _combined(pats)),)
            cur["inline"] += _compile(source, f"rules.{rid}.inline", spec.get("inline", ()))
        keep.extend(_compile(source, "keep", table.get("keep", {}).get("patterns", ())))
        if "months" in table.get("headlines", {}):  # a file's months replace the names read before
            months = _months(source, table["headlines"]["months"])
        headlines.update(table.get("headlines", {}))
    return Patterns(
        rules=tuple(Rule(rid, r["reason"], r["where"], r["patterns"], r["inline"], r["groups"])
                    for rid, r in rules.items()),
        keep=tuple(keep),
        max_words=int(headlines.get("max_words", 20)),
        max_chars=int(headlines.get("max_chars", 140)),
        min_run=int(headlines.get("min_run", 3)),
        min_run_marked=int(headlines.get("min_run_marked", headlines.get("min_run", 3))),
        bullet=re.compile(headlines.get("bullet", r"^\s*[-•*]\s+")),
        date=re.compile(headlines.get("date", r"\b\d{4}-\d{1,2}-\d{1,2}\b")),
        keep_any=_combined(tuple(keep)),
        announces=re.compile(headlines.get("announces", r"(?!)"), re.I),
        sign_off_date=re.compile(headlines.get("sign_off_date", r"(?!)")),
        documents=re.compile(headlines.get("documents", r"(?!)"), re.I),
        credit=re.compile(headlines.get("credit", r"(?!)"), re.I),
        dates=LeadDates.of(months),
    )


def _months(source: str, items: object) -> tuple[tuple[str, ...], ...]:
    """The ``months`` of a ``[headlines]`` table: twelve lists of names, January first."""
    if not (isinstance(items, list) and len(items) in (0, 12) and all(
            isinstance(m, list) and m and all(isinstance(n, str) and n.strip() for n in m) for m in items)):
        raise PatternError(f"{source}: headlines.months must be twelve lists of names, January first")
    return tuple(tuple(n.strip() for n in m) for m in items)


def line_key(line: str) -> str | None:
    """Normalised key of a line for counting it across documents; None when too short to count.

    The line is taken in its canonical form (see ``canonical``); case, width
    (NFKC), runs of spaces and the digits themselves are ignored,
    so "Views: 1,234" and "Views: 58" share a key; everything else must match
    exactly, so two different article sentences never collide.
    """
    s = " ".join(unicodedata.normalize("NFKC", canonical(line)).casefold().split())
    # the number regex walks every character of long article lines; an ASCII line
    # without an ASCII digit has nothing for it (str.find is many times faster)
    if not s.isascii() or _has_digit(s):
        s = _NUMBER.sub("0", s)
    if _FOUR_LETTERS.search(s) is None:
        return None
    return s


_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_FOUR_LETTERS = re.compile(r"(?:[^\W\d_].*?){4}", re.S)


def _has_digit(s: str) -> bool:
    for d in "0123456789":
        if d in s:
            return True
    return False


# -- the stage ----------------------------------------------------------------


@dataclass
class _Line:
    index: int
    start: int
    end: int  # end of the text, before the newline
    next: int  # start of the next line (end + 1, or end at the end of text)
    text: str  # canonical form (stripped, spacing and punctuation tidied)

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        out.append(_Line(len(out), pos, end, end if nl < 0 else nl + 1, canonical(text[pos:end])))
        if nl < 0:
            return out
        pos = nl + 1


def canonical(line: str) -> str:
    """The stripped line as the mechanics stage will leave it.

    Junk is recognised on this form, so a line classified once is classified
    the same way after the rest of the pipeline has tidied its spacing and
    punctuation (running polish on its own output removes nothing more).
    Long lines are never widgets or headlines (and the copyright patterns
    do not care about spacing): they are taken as they are.
    """
    s = line.strip()
    if not s or len(s) > 300:
        return s
    # a sibling stage, imported when first needed; ``fixed`` remembers short lines
    # only (long ones, kept too, would push them out before the stage asks again)
    from polish.stages.mechanics import fixed

    return fixed(s).strip()


#: One web address alone on its line, not a picture: a link the article may point to.
_LONE_LINK = re.compile(r"(?:https?://|www\.)\S+(?<!\.jpg)(?<!\.jpeg)(?<!\.png)(?<!\.gif)(?<!\.webp)", re.IGNORECASE)


#: "Label: figure" ("Listening: 100", "Reading: 6.5"): a score or a figure in a list of them
_FIGURE_FIELD = re.compile(r"[^\W\d_][\w ]{0,30}[:：]\s*\d[\d.,]*\s*$")


def _neighbours(lines: list[_Line], ln: _Line) -> list[_Line]:
    """The nearest non-blank line above ``ln`` and the one below."""
    above = next((x for x in reversed(lines[:ln.index]) if not x.blank), None)
    below = next((x for x in lines[ln.index + 1:] if not x.blank), None)
    return [x for x in (above, below) if x is not None]


def _one_of_a_list(lines: list[_Line], ln: _Line) -> bool:
    """Whether a line that looks like junk is an item of the article's list: "(c) 1000 BYN …" under "(b)",
    "Reading: 100" between "Listening: 100" and "Writing: 100"."""
    text = ln.text.lstrip()
    if text.startswith(("(c)", "(C)")):
        return any(x.text.lstrip().startswith(("(b)", "(B)", "(d)", "(D)")) for x in _neighbours(lines, ln))
    if _FIGURE_FIELD.match(text):
        near = _neighbours(lines, ln)
        return any(_FIGURE_FIELD.match(x.text.lstrip()) for x in near) and all(
            x.text.split(":")[0].strip().lower() not in _COUNTER_WORDS for x in near)
    return False


#: the labels of page counters: a neighbour with one of them makes a line a counter, not a score
_COUNTER_WORDS = frozenset({"views", "view", "visits", "clicks", "hits", "page views", "reads", "number of visits",
                            "number of clicks", "click rate", "browse times", "browsing times"})


def _announced_link(lines: list[_Line], ln: _Line) -> bool:
    """Whether ``ln`` is a link that the line before it announces ("Read also:"), or one of a list of them."""
    if not _LONE_LINK.fullmatch(ln.text):
        return False
    for prev in reversed(lines[:ln.index]):
        if prev.blank:
            continue
        if _LONE_LINK.fullmatch(prev.text):
            continue  # the links under one announcement go together
        return prev.text.endswith((":", "："))
    return False


class _RuleSet:
    """Rules tried in order for the first one a line matches, with one regex for most of their patterns."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.screen, self.gated = _screen(rules)

    def first(self, line: str) -> Rule | None:
        """The first rule that ``line`` matches (``Rule.matches``), or None.

        Most lines are article text that no pattern matches; one regex joining
        every pattern without keywords says so in one call (or names the first
        rule whose such patterns match), and then only the keyword-gated
        patterns of earlier rules can still decide, tried in rule order.
        """
        screen = self.screen
        if screen is None:
            return next((r for r in self.rules if r.matches(line)), None)
        m = screen.fullmatch(line)
        first = len(self.rules) if m is None else int(m.lastgroup[1:])  # type: ignore[index]
        low = line.lower() if self.gated and line.isascii() else None
        for k, words, pats in self.gated:
            if k >= first:
                break
            if words and low is not None:
                for w in words:  # as in Rule.matches (a loop: this runs for every article line)
                    if w in low:
                        break
                else:
                    continue
            for p in pats:
                if p.fullmatch(line):
                    return self.rules[k]
        return None if m is None else self.rules[first]


class BoilerplateStage:
    """Removes junk lines (and junk fragments of kept lines) from the article body."""

    name = "boilerplate"

    def __init__(self, patterns: Patterns, min_docs: int = 3, min_share: float = 0.5) -> None:
        self.patterns = patterns
        self.min_docs = min_docs
        self.min_share = min_share
        self._anywhere = [r for r in patterns.rules if r.where == "anywhere"]
        self._tail = [r for r in patterns.rules if r.where == "tail"]
        # Every article line is tried against both sets (and again where a later stage wrote).
        self._anywhere_set, self._tail_set = _RuleSet(self._anywhere), _RuleSet(self._tail)

    def rule_ids(self) -> list[str]:
        """Every rule id this stage can give: its pattern files' rules and the rules in code."""
        return [f"boilerplate.{r.id}" for r in self.patterns.rules] + [
            REPEATED_RULE, "boilerplate.related-headlines", "boilerplate.all-junk"]

    def _first_anywhere(self, line: str) -> Rule | None:
        """The first "anywhere" rule that ``line`` matches (``Rule.matches``), or None."""
        return self._anywhere_set.first(line)

    def _first_tail(self, line: str) -> Rule | None:
        """The first "tail" rule that ``line`` matches (``Rule.matches``), or None."""
        return self._tail_set.first(line)

    def run(self, text: str, ctx: Context) -> StageResult:
        """Propose one removal per junk line and per junk fragment."""
        lines = _lines(text)
        removed: dict[int, tuple[str, str]] = {}  # line index -> (rule, reason)
        keeper = {ln.index for ln in lines if not ln.blank and self.patterns.is_keeper(ln.text)}
        for ln in lines:
            if ln.blank or ln.index in keeper:
                continue
            rule = self._first_anywhere(ln.text)
            if rule is not None and not (rule.id == "image-dump" and _announced_link(lines, ln)) \
                    and not _one_of_a_list(lines, ln):
                removed[ln.index] = (f"boilerplate.{rule.id}", rule.reason)
        self._repeated(lines, keeper, removed, ctx)
        self._tail_headlines(lines, keeper, removed)
        fragments = self._fragments(text, lines, removed, keeper)
        edits = _line_removals(text, lines, removed)
        edits.extend(fragments)
        counts: dict[str, int] = {}
        for e in edits:
            counts[e.rule] = counts.get(e.rule, 0) + 1
        findings = []
        if removed and all(ln.blank or ln.index in removed for ln in lines):
            # the cleaned file is empty, which polish itself refuses to read: say why, once
            findings.append(Finding(0, 0, "boilerplate.all-junk",
                                    "every line of this document is page junk: its cleaned text is empty "
                                    "(the removals list each line)"))
        return StageResult(edits=edits, findings=findings, data={"removed_lines": len(removed), "by_rule": counts})

    #: the later stages whose writing ``revisit`` looks at; mechanics' is already foreseen,
    #: since junk is recognised on the form mechanics gives a line (``canonical``)
    revisit_after = ("translation", "glossary", "grammar")

    def revisit(self, text: str, ctx: Context, spans: list[tuple[int, int]]) -> StageResult:
        """The removals due once a later stage made a line it wrote in into junk ("Copyrights reserved" → "All rights reserved").

        Only when one of those lines now reads as junk is the whole text looked at again,
        since a junk line can vouch for the lines around it (a section header over headlines).
        """
        p = self.patterns
        for a, b in written_lines(text, spans):
            line = canonical(text[a:b])  # the form junk is recognised on (mechanics looks again after)
            if not line:
                continue
            # (a byline the run keeps may pass these tests: that costs one needless look, no removal)
            if (self._first_anywhere(line) is not None or self._first_tail(line) is not None
                    or self._headline_like(line) and self._only_tail_after(text, b)):
                return StageResult(edits=self.run(text, ctx).edits)
            # junk glued to a kept line is looked for where ``_fragments`` looks: not in sentences
            if (not ends_sentence(line) or p.is_keeper(line)) and any(
                    pat.search(line) for r in self._anywhere for pat in r.inline):
                return StageResult(edits=self.run(text, ctx).edits)
        return StageResult()

    def _only_tail_after(self, text: str, pos: int) -> bool:
        """Whether every line after ``pos`` could belong to the tail ``_tail_headlines`` walks up
        (a headline written there may then close a run of them); an article line after it says no."""
        for line in text[pos:].split("\n"):
            line = line.strip()
            if line and not (self._headline_like(line) or self.patterns.is_keeper(line)
                             or self._first_tail(line) is not None):
                return False
        return True

    # -- folder evidence --------------------------------------------------

    def _repeated(self, lines: list[_Line], keeper: set[int], removed: dict, ctx: Context) -> None:
        corpus = ctx.corpus
        if corpus is None or not corpus.documents or not corpus.repeated_lines:
            return
        # The first line that is not junk is the article's title: never repeated junk.
        title = next((ln.index for ln in lines if not ln.blank and ln.index not in removed), None)
        for ln in lines:
            if ln.blank or ln.index in removed or ln.index in keeper or ln.index == title:
                continue
            if _structure_or_sentence(ln.text):
                continue  # a template's headings, table rows and set sentences are the articles' own
            key = line_key(ln.text)
            n = corpus.repeated_lines.get(key, 0) if key else 0
            if n >= self.min_docs and n / corpus.documents >= self.min_share:
                removed[ln.index] = (REPEATED_RULE, f"line repeated in {n} of {corpus.documents} documents of the run")

    # -- headlines appended after the article ---------------------------------

    def _headline_like(self, s: str, asked: bool = False) -> bool:
        """A line shaped like a headline; with ``asked``, one that ends in ? or ! too (a header may vouch for it)."""
        p = self.patterns
        # a line that ends as a sentence does, closing quotes aside ("…our cooperation.”", "Ready
        # to try?"), is the article's: three quotations end many a news story
        if len(s) > p.max_chars or s[-1] in ",，;；:：" or (ends_sentence(s) and not (asked and _asks(s))):
            return False
        body = p.bullet.sub("", s, count=1).strip()
        words = body.split()
        if not 1 < len(words) <= p.max_words and not (len(words) == 1 and any("\u4e00" <= c <= "\u9fff" for c in body)):
            return False
        first = body.lstrip("\"'“‘《[【(（")[:1]
        return bool(first) and (first.isupper() or first.isdigit() or "\u4e00" <= first <= "\u9fff")

    def _after_end(self, lines: list[_Line], stop_at: int, first: int, keeper: set[int], removed: dict) -> bool:
        """Whether a credit line ("Editor: Li Ming"; not a dateline paragraph) or junk such as "- END -"
        stands between the article, which ends at ``stop_at``, and the run that starts at ``first``."""
        if stop_at in keeper:
            text = lines[stop_at].text
            return bool(self.patterns.credit.match(text)) and not ends_sentence(text)
        return any(i in removed for i in range(stop_at + 1, first))

    def _marked(self, s: str) -> bool:
        """Whether a headline-like line carries a bullet or a date ("May 13, 2024 …" too: a day's date)."""
        if self.patterns.bullet.match(s) or self.patterns.date.search(s):
            return True
        d = self.patterns.dates.lead(s)
        return d is not None and d.key[2] > 0

    def _tail_headlines(self, lines: list[_Line], keeper: set[int], removed: dict) -> None:
        """Walk up from the end: junk, navigation, section headers and headline runs after the article."""
        found: dict[int, tuple[str, str]] = {}
        pending: list[int] = []
        collected = False
        article_above = False
        stop_at = -1
        for ln in reversed(lines):
            if ln.blank or ln.index in removed:
                continue
            rule = self._first_tail(ln.text)
            if rule is not None and rule.id == "link-line" and _announced_link(lines, ln):
                rule = None  # "Read also:" and its links are the article's
            if rule is not None and pending and _own_list([lines[i].text for i in pending], "", fields_only=True):
                # "Further reading:" over references ("Minsk: BSU Press, 2022"): the article's bibliography
                pending, stop_at = [], ln.index
                break
            if rule is not None and ln.index not in keeper:
                rid, reason = f"boilerplate.{rule.id}", rule.reason
                for i in pending:  # a section header vouches for the lines under it
                    found[i] = (rid, reason)
                found[ln.index] = (rid, reason)
                pending, collected = [], True
                continue
            if ln.index in keeper:
                if pending:
                    stop_at = ln.index
                    break
                # a credit line between the article and junk removed below it stays, and the walk goes
                # on above it, as the next clean's would (the junk gone, the credit line ends the text)
                continue
            if self._headline_like(ln.text, asked=True):
                pending.append(ln.index)
                continue
            stop_at = ln.index
            break
        if stop_at >= 0:
            # the junk must follow a real article paragraph, not make up the whole text
            article_above = any(
                not ln.blank and ln.index not in removed and ln.index not in keeper and ends_sentence(ln.text)
                for ln in lines[: stop_at + 1]
            )
        if not article_above:
            return
        if any(ends_sentence(lines[i].text) for i in pending):
            pending = []  # "Ready to try calligraphy?": no header vouches for a question as a headline
        if pending and self.patterns.sign_off_date.fullmatch(lines[pending[0]].text):
            pending = []  # an office and a date under the text: a notice's sign-off, not headlines
        if pending and _names_only([lines[i].text for i in pending]):
            pending = []  # "organised by four universities" and their names, or an office's sign-off
        after_end = bool(pending) and stop_at >= 0 and self._after_end(lines, stop_at, pending[-1], keeper, removed)
        if pending and _own_list([lines[i].text for i in pending], lines[stop_at].text if stop_at >= 0 else "",
                                 after_end=after_end, documents=self.patterns.documents, dates=self.patterns.dates):
            pending = []  # "Staff", "Photo 1. …", "CS-101 …", "1 September: deadline …": the page's own list
        if stop_at >= 0 and (lines[stop_at].text.endswith((":", "：")) or lines[stop_at].text.startswith("#")
                             or self.patterns.announces.search(lines[stop_at].text)):
            # "The partners are:", "... are listed below.", a Markdown heading: the short lines are the article's own list
            pending = []
        if pending and self.patterns.announces.search(lines[pending[-1]].text):
            pending = []  # "The partner universities are" (MT dropped the colon) heads the list under it
        if pending:
            need = self.patterns.min_run_marked if all(self._marked(lines[i].text) for i in pending) else self.patterns.min_run
            if len(pending) >= need:
                rule = next((r for r in self._tail if r.id == "related-headlines"), None)
                reason = rule.reason if rule else "list of unrelated headlines appended after the article"
                for i in pending:
                    found[i] = ("boilerplate.related-headlines", reason)
        removed.update(found)

    # -- fragments of kept lines -------------------------------------------

    def _fragments(self, text: str, lines: list[_Line], removed: dict, keeper: set[int]) -> list[Edit]:
        """Junk glued to a kept line: only datelines, source lines and other short non-sentences."""
        candidates = [
            ln for ln in lines
            if not ln.blank and ln.index not in removed
            # No length limit: later stages (the glossary) change word counts, and a
            # limit here would make a second run cut what the first one kept.
            and (ln.index in keeper or not ends_sentence(ln.text))
        ]
        out: list[Edit] = []
        by_line: dict[int, list[Edit]] = {}
        for rule in self._anywhere:
            for pat in rule.inline:
                for ln in candidates:
                    seg = text[ln.start:ln.end]
                    for m in pat.finditer(seg):
                        a, b = m.start(), m.end()
                        if a == 0:
                            b = len(seg) - len(seg[b:].lstrip())
                        if not seg[:a].strip() and not seg[b:].strip():
                            continue  # the whole line: the line rules decide that
                        if a == b:
                            continue
                        lead = len(m.group()) - len(m.group().lstrip())  # the spaces the match begins with
                        if ln.index not in keeper and not _after_meta(seg[:m.start() + lead]):
                            continue  # "Museum visits: 12,400" is the article's figure, not the page's counter
                        by_line.setdefault(ln.index, []).append(
                            Edit(ln.start + a, ln.start + b, "", f"boilerplate.{rule.id}", rule.reason, kind="remove"))
        for index, cuts in by_line.items():
            ln = lines[index]
            rest = _cut(text, ln.start, ln.end, cuts)
            # What is left once the fragment goes may be junk itself ("Share ... Views: 12"):
            # then the whole line goes now, or a second run would remove it (not idempotent).
            junk = next((r for r in self._anywhere if rest.strip() and r.matches(rest.strip())), None)
            if junk is not None and index not in keeper:
                removed[index] = (f"boilerplate.{junk.id}", junk.reason)
            else:
                out.extend(cuts)
        return out


#: a field: a word (or a quoted title), its colon, then something ("1 September 2025: deadline",
#: '"Graphene-based sensors": 30,000 BYN'; not the "9:00" of a time)
_FIELD = re.compile(r"[\w\"”’')\]][ \t]*[:：](?![\d/])[ \t]*\S")


def _own_list(run: list[str], above: str, fields_only: bool = False, after_end: bool = False,
              documents: re.Pattern[str] | None = None, dates: LeadDates | None = None) -> bool:
    """Whether short lines after the text are the page's own list, not other articles' headlines: under
    a heading of a few words ("Staff", "Important dates"), lines of fields ("Monday to Friday: 9:00"),
    terms paired with their originals ("Faculty – факультет"), or lines that open alike ("Photo 1.",
    "Photo 2."; "CS-101", "MATH-111"). Under a junk header
    (``fields_only``) only fields count: references under "Further reading:" ("Minsk: BSU Press").

    Where the run is clearly the page's (under a junk header, or ``after_end``: below an editor's line
    or junk such as "- END -"), a headline with a speaker's colon ("Xi Jinping: China and Belarus are
    partners") is no field, and lines led by dates or numbers alike are no list of the article's; after
    the last paragraph alone, they are not either when the run mixes such headlines with plain ones
    (``_mixed_headlines``) or its dates run newest first, as a site's news list does."""
    heading = above.strip()
    if heading and len(heading.split()) <= 3 and heading[:1].isupper() and not ends_sentence(heading) \
            and ":" not in heading and "：" not in heading:
        return True  # (a credit line, "Editor: Zhang San", is no heading)
    fields = [line for line in run if _FIELD.search(line)]
    if fields_only or after_end or _mixed_headlines(run, fields, documents):
        # (under "Further reading:", "Lu Xun: The True Story of Ah Q" is a work and its author, in title case)
        fields = [line for line in fields if _headline_field(line) is None or fields_only and _titled(line)]
    if len(fields) * 2 >= len(run):
        return True
    from polish.langid import is_pair

    if sum(1 for line in run if is_pair(line)) * 2 >= len(run):
        return True  # "Faculty – факультет": a glossary's terms with their originals
    if fields_only:
        return False
    dates = dates or _NUMERIC_DATES
    # a date counts as one figure, however written ("May 13, 2024", "13.05.2024"), so lines led by
    # dates open alike, as a timeline's or a programme's do, and only their order tells a news list
    firsts = ["9" if dates.lead(line) else line.split()[0] for line in run if line.split()]
    # a word's shape: its letters and figures as runs ("CS-101" and "MATH-111" are both "a-9")
    shapes = Counter(re.sub(r"9+", "9", re.sub(r"[^\W\d_]+", "a", re.sub(r"\d", "9", w))) for w in firsts)
    shape, n = shapes.most_common(1)[0] if shapes else ("", 0)
    if "a" not in shape and (after_end and all(len(line.split()) > 3 for line in run) or _newest_first(run, dates)):
        return False  # "2024-05-13 …", "[05-13] …", "1. …": a site's dated or ranked news list
    return n * 3 >= len(run) * 2 and ("9" in shape or len(set(firsts)) == 1)


#: a headline with a speaker or subject before its colon: "Xi Jinping: China and Belarus are partners",
#: 'Lukashenko: "Belarus will always be a friend of China"' (the label has no figure, comma or stop)
_HEADLINE_FIELD = re.compile(r"(?:[-–—•·*▪►]\s+)?(?P<label>[^\W\d_][^\d:：,;.!?\"“”«»()]{0,50}?)\s*[:：]\s*"
                             r"[\"“«„]?(?P<rest>[^\W\d_][^:：]*)")


def _headline_field(line: str) -> str | None:
    """The label of a line that is a headline with a colon (a capitalised label of one to five words, then
    a capitalised clause of three words or more), or None."""
    m = _HEADLINE_FIELD.fullmatch(line.strip())
    if m is None:
        return None
    label, rest = m.group("label").strip(), m.group("rest")
    if not (label[:1].isupper() and len(label.split()) <= 5 and len(rest.split()) >= 3):
        return None
    return label if rest[:1].isupper() or "\u4e00" <= rest[:1] <= "\u9fff" else None


def _titled(line: str) -> bool:
    """Whether every word of four letters or more after the colon is capitalised, as in a work's title."""
    rest = re.split(r"[:：]", line, maxsplit=1)[-1]
    return all(w[:1].isupper() for w in re.findall(r"[^\W\d_][\w'’-]{3,}", rest))


def _mixed_headlines(run: list[str], fields: list[str], documents: re.Pattern[str] | None) -> bool:
    """Whether a run mixes headlines with a colon and headlines without one, as a site's news list does:
    an article's list of quotes, answers or fields gives every line its label (a Q&A repeats them), and
    its list of agreements names a document on half its lines or more."""
    if not 0 < len(fields) < len(run):
        return False
    labels = [_headline_field(line) for line in fields]
    if None in labels or len({label.casefold() for label in labels if label}) < len(labels):
        return False
    return documents is None or sum(1 for line in run if documents.search(line)) * 2 < len(run)


#: a date opening a line: "2024-05-13", "[05-13]", "13.05.2024", "2024/05/13"
_LEAD_DATE = re.compile(r"[\[【(（]?(?:(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})|(\d{1,2})-(\d{1,2}))"
                        r"[\]】)）]?(?![\d:])")

#: what may stand between a line's date and its words: "— ", " | ", " · ", "/"
_DATE_SEPARATORS = " \t—–-|·•/"


@dataclass(frozen=True)
class LeadDate:
    """A date that opens a line, and the words after it."""

    key: tuple[int, int, int]  # (year, month, day); 0 for a part the date leaves out
    rest: str
    #: a full stop follows the date: an entry of a diary or chronicle ("May 13, 2024. The delegation …")
    stop: bool = False


@dataclass(frozen=True)
class LeadDates:
    """Dates that open a line: numeric ones, and ones written with a month's name ("May 13, 2024", "13 May
    2024", "June 3", "May 2024"), the names from ``[headlines] months`` of the patterns file."""

    named: re.Pattern[str] = re.compile(r"(?!)")
    numbers: tuple[tuple[str, int], ...] = ()  # (casefolded name, month)

    @classmethod
    def of(cls, months: tuple[tuple[str, ...], ...]) -> "LeadDates":
        """The dates for ``months`` (twelve tuples of names, January first; none: numeric dates only)."""
        numbers = tuple((n.casefold(), k) for k, names in enumerate(months, 1) for n in names)
        if not numbers:
            return cls()
        names = "|".join(re.escape(n) for n, _ in sorted(numbers, key=lambda x: -len(x[0])))
        day, year = r"(?P<d{0}>\d{{1,2}})(?:st|nd|rd|th)?", r"(?P<y{0}>\d{{4}})"
        month = rf"(?P<m{{0}}>{names})\.?"
        named = re.compile(
            rf"[\[【(（]?(?:{month.format(1)}\s+{day.format(1)}(?:,?\s+{year.format(1)})?"
            rf"|{day.format(2)}\s+(?:of\s+)?{month.format(2)}(?:,?\s+{year.format(2)})?"
            rf"|{month.format(3)},?\s+{year.format(3)})[\]】)）]?(?![\w:,])", re.IGNORECASE)
        return cls(named, numbers)

    def lead(self, line: str) -> LeadDate | None:
        """The date ``line`` opens with, or None (a day or month out of range is no date)."""
        line = line.strip()
        m = _LEAD_DATE.match(line)
        if m is not None:
            y, mo, d, d2, mo2, y2, mo3, d3 = m.groups()
            key = (int(y), int(mo), int(d)) if y else (int(y2), int(mo2), int(d2)) if y2 else (0, int(mo3), int(d3))
        elif line[:1].isdigit() or line[:1].isalpha() or line[:1] in "[【(（":
            m = self.named.match(line)
            if m is None:
                return None
            g = m.groupdict()
            name = next(g[k] for k in ("m1", "m2", "m3") if g[k]).casefold()
            day = g["d1"] or g["d2"]
            year = g["y1"] or g["y2"] or g["y3"]
            key = (int(year) if year else 0, next(k for n, k in self.numbers if n == name), int(day) if day else 0)
        else:
            return None
        if not 1 <= key[1] <= 12 or key[2] > 31:
            return None
        after = line[m.end():]
        return LeadDate(key, after.lstrip(_DATE_SEPARATORS + "."), after.startswith("."))


def _newest_first(run: list[str], dates: LeadDates | None = None) -> bool:
    """Whether every line opens with a date of a day, the dates run from the newest down (a timeline runs
    up) and the words after them differ ("2024-03-15 Delegation of HIT", "2023-11-02 Delegation of BNTU"
    is the article's record of one thing). A date with a full stop after it opens an entry of a diary."""
    keys, words = [], set()
    for line in run:
        d = (dates or _NUMERIC_DATES).lead(line)
        if d is None or not d.key[2] or d.stop:
            return False
        keys.append(d.key)
        words.add(" ".join(d.rest.split()[:1]).casefold())
    # the run is collected from the bottom up: keys[0] is the last line
    return all(a <= b for a, b in zip(keys, keys[1:])) and keys[0] < keys[-1] and len(words) > 1


_NUMERIC_DATES = LeadDates()


def _asks(s: str) -> bool:
    """Whether ``s`` ends with a question or exclamation mark (closing quotes aside)."""
    return s.rstrip(TRAILING)[-1:] in "?!？！"


_CONNECTORS = frozenset({"of", "and", "for", "the", "in", "on", "at", "named", "after", "&"})


def _names_only(run: list[str]) -> bool:
    """Whether every line is a name and one names an organisation: universities listed under the text,
    an office's sign-off. A name is a few capitalised words (connectors aside, no figure) that end in
    its head word ("Belarusian State University") or go on from it with "of" ("Ministry of Education
    of the Republic of Belarus"), or a place ("Minsk, Belarus"); a headline says more ("Zhongshan
    University Delegation Visits Minsk")."""
    from polish.names import is_org_word

    org = False
    for line in run:
        words = [w.strip(",()") for w in line.split()]
        words = [w for w in words if w]
        if not words or len(words) > 8 or any(c.isdigit() for c in line):
            return False
        if not all(w[:1].isupper() or w in _CONNECTORS for w in words):
            return False
        heads = [i for i, w in enumerate(words) if is_org_word(w)]
        named = bool(heads) and (heads[-1] == len(words) - 1 or words[heads[-1] + 1] in _CONNECTORS)
        place = "," in line and len(words) <= 4
        if not (named or place):
            return False
        org = org or named
    return org


def _structure_or_sentence(line: str) -> bool:
    """A Markdown heading or table row, or a sentence of four words or more: never repeated junk."""
    return line.startswith(("#", "|")) or (ends_sentence(line) and len(line.split()) >= 4)


def _after_meta(before: str) -> bool:
    """Whether text before a counter ends as a dateline or credit line does: a figure (a date,
    a time) or a field separator; a counter glued to a word is the article's own figure."""
    if before.endswith(("  ", "\t", "\u3000")):
        return True  # two spaces, a tab, an ideographic space: the fields of a credit line
    before = before.rstrip()
    return not before or before[-1].isdigit() or before[-1] in "|·•/)）"


def _screen(rules: list[Rule]) -> tuple[re.Pattern[str] | None, list[tuple[int, tuple[str, ...], tuple]]]:
    """One regex for the patterns of ``rules`` not gated by keywords, and the gated ones.

    The regex fullmatches where one of those patterns does, its group ``r<k>``
    saying the first rule ``k`` whose patterns do; it is None when the patterns
    cannot be joined (see ``_combined``). The gated groups come with their
    rule's index, in rule order.
    """
    free: list[tuple[int, tuple[re.Pattern[str], ...]]] = []
    gated: list[tuple[int, tuple[str, ...], tuple]] = []
    for k, rule in enumerate(rules):
        for words, pats in rule.groups or (((), rule.patterns),):
            if words:
                gated.append((k, words, pats))
            elif pats:
                free.append((k, pats))
    flat = [p for _, pats in free for p in pats]
    if any(p.groups or p.flags != flat[0].flags for p in flat):
        return None, gated
    alts: dict[int, list[str]] = {}
    for k, pats in free:
        alts.setdefault(k, []).extend(f"(?:{p.pattern})" for p in pats)
    try:
        joined = "|".join(f"(?P<r{k}>{'|'.join(a)})" for k, a in alts.items())
        return re.compile(joined or r"(?!)", flat[0].flags if flat else 0), gated
    except re.error:  # a pattern with a global inline flag cannot be joined
        return None, gated


def _cut(text: str, start: int, end: int, cuts: list[Edit]) -> str:
    """The line text once the (possibly overlapping) cuts are removed."""
    keep = [True] * (end - start)
    for e in cuts:
        for i in range(e.start - start, e.end - start):
            keep[i] = False
    return "".join(ch for ch, k in zip(text[start:end], keep) if k)


def _line_removals(text: str, lines: list[_Line], removed: dict[int, tuple[str, str]]) -> list[Edit]:
    """One removal edit per junk line; blank lines left around a removed block are folded into it.

    A block of junk and blank lines between two kept lines keeps one blank line
    (if it had one), so paragraphs stay apart; at the start or end of the text
    it goes entirely.
    """
    edits: list[Edit] = []
    n = len(lines)
    i = 0
    while i < n:
        if not (lines[i].blank or lines[i].index in removed):
            i += 1
            continue
        j = i
        while j < n and (lines[j].blank or lines[j].index in removed):
            j += 1
        block = lines[i:j]
        if any(ln.index in removed for ln in block):
            edits.extend(_block_edits(text, block, removed, at_edge=(i == 0 or j == n)))
        i = j
    return edits


def _block_edits(text: str, block: list[_Line], removed: dict, at_edge: bool) -> list[Edit]:
    keep_at = None
    blanks = [k for k, ln in enumerate(block) if ln.blank]
    if not at_edge and blanks:
        # keep a blank at the block's edge when there is one, so the edits stay contiguous
        keep_at = 0 if block[0].blank else (len(block) - 1 if block[-1].blank else blanks[0])
    parts = [block] if keep_at is None else [block[:keep_at], block[keep_at + 1:]]
    out: list[Edit] = []
    for part in parts:
        heads = [k for k, ln in enumerate(part) if ln.index in removed]
        for h_no, k in enumerate(heads):
            first = part[0] if h_no == 0 else part[k]
            last = part[heads[h_no + 1] - 1] if h_no + 1 < len(heads) else part[-1]
            start, end = first.start, last.next
            rule, reason = removed[part[k].index]
            out.append(Edit(start, end, "", rule, reason, kind="remove", meta={"line": part[k].index + 1}))
    if out and block[-1].next == len(text) and not text.endswith("\n") and block[0].start > 0:
        # the text had no final newline: take the kept line's newline, not add one
        e = out[0]
        out[0] = Edit(e.start - 1, e.end, "", e.rule, e.reason, kind="remove", meta=e.meta)
    return out


def make(config: "Config") -> BoilerplateStage:
    """The boilerplate stage for ``config`` (extra pattern files from ``boilerplate_patterns``, if set)."""
    extra = tuple(getattr(config, "boilerplate_patterns", ()) or ())
    return BoilerplateStage(load_patterns(extra), config.repeated_line_min_docs, config.repeated_line_min_share)
