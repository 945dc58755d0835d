"""An editor's decisions on changes: the JSON an HTML edition exports, read back by ``--decisions``.

The format is fixed (``polish glossary except --from-decisions`` reads it too)::

    {"version": 1, "file": "<path>", "decisions": [
        {"id": "c…", "decision": "reject"|"accept", "rule": "...", "entry": null,
         "before": "...", "after": "...", "context": "…40 chars… before …40 chars…"},
        {"id": "f…", "decision": "dismiss", "rule": "...", "message": "...", "text": "..."}]}

A change (id ``c…``) is rejected or accepted; a finding (id ``f…``) is
dismissed: the editor looked and there is nothing to fix, so ``check``
stops reporting it and the report lists it under ``dismissed``.

A change id is derived from the rule, the original span and the text
(``polish.model.change_id``), so the same input with the same glossary
yields the same ids on every run: that is what makes a decision replayable.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Iterable

from polish.reading import InputError, atomic_write_text

if TYPE_CHECKING:  # pragma: no cover
    from polish.model import Change, Finding
    from polish.pipeline import Result

DECISIONS_VERSION = 1
CONTEXT_CHARS = 40
_VALID = ("reject", "accept", "dismiss")


@dataclass
class Decisions:
    """Decisions read from one file: every item, and the ids rejected / accepted."""

    file: str | None = None
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rejected(self) -> set[str]:
        """Ids of the changes the editor rejected."""
        return {d["id"] for d in self.items if d["decision"] == "reject"}

    @property
    def dismissed(self) -> set[str]:
        """Ids of the findings the editor dismissed."""
        return {d["id"] for d in self.items if d["decision"] == "dismiss"}

    @property
    def declined(self) -> frozenset[str]:
        """Ids the pipeline must not act on: changes rejected and findings dismissed (``c…``/``f…`` never collide)."""
        return frozenset(self.rejected | self.dismissed)

    @property
    def accepted(self) -> set[str]:
        """Ids of the changes the editor accepted."""
        return {d["id"] for d in self.items if d["decision"] == "accept"}

    def conflict(self) -> str | None:
        """A change both rejected and accepted for one file, as "id (file)"; None when every decision agrees."""
        seen: dict[str, list[dict[str, Any]]] = {}
        for d in self.items:
            for other in seen.get(d["id"], ()):
                if other["decision"] != d["decision"] and (
                        _same_file(other.get("file"), d.get("file")) or not other.get("file") or not d.get("file")):
                    return f"{d['id']} ({d.get('file') or other.get('file') or 'every file'})"
            seen.setdefault(d["id"], []).append(d)
        return None

    def for_file(self, path: str | os.PathLike[str] | None) -> "Decisions":
        """The decisions that apply to ``path`` (all of them when either side names no file)."""
        items = [d for d in self.items if _same_file(d.get("file") or self.file, path)]
        return Decisions(file=str(path) if path is not None else self.file, items=items)


def _same_file(recorded: str | None, path: str | os.PathLike[str] | None) -> bool:
    # Editions are reviewed on other machines and folders: "samples/a.txt" and
    # "/work/main/samples/a.txt" are the same document, so compare trailing parts.
    if not recorded or path is None:
        return True
    a, b = PurePath(recorded).parts, PurePath(os.fspath(path)).parts
    n = min(len(a), len(b))
    return n > 0 and a[-n:] == b[-n:]


def _check_item(path: Path, i: int, d: Any, file: str | None) -> dict[str, Any]:
    if not isinstance(d, dict):
        raise InputError(path, f"decision {i + 1} is not an object")
    cid = d.get("id")
    if not isinstance(cid, str) or not cid:
        raise InputError(path, f"decision {i + 1} has no change id")
    if d.get("decision") not in _VALID:
        raise InputError(path, f"decision {i + 1} ({cid}): 'decision' must be \"reject\", \"accept\" or \"dismiss\", not {d.get('decision')!r}")
    if cid[0] in "cf" and (d["decision"] == "dismiss") != (cid[0] == "f"):
        raise InputError(path, f"decision {i + 1} ({cid}): a finding (id f…) is dismissed; a change (id c…) is rejected or accepted")
    if d.get("file") is not None and not isinstance(d["file"], str):
        raise InputError(path, f"decision {i + 1} ({cid}): \"file\" must be a string")
    over = d.get("over")
    if over is not None and not (isinstance(over, list) and all(isinstance(x, str) for x in over)):
        raise InputError(path, f"decision {i + 1} ({cid}): \"over\" must be a list of change ids")
    item = dict(d)
    item.setdefault("file", file)
    return item


def load_decisions(path: str | os.PathLike[str], for_file: str | os.PathLike[str] | None = None) -> Decisions:
    """Read a decisions JSON file; raise ``InputError`` (one line) when it is missing or malformed.

    Besides the single-document format, ``{"version": 1, "files": [<single-document objects>]}``
    is accepted so a folder's decisions can travel in one file. With ``for_file``, only the
    decisions recorded for that document (or for no document in particular) are kept.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(p, "no such decisions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(p, f"cannot read decisions: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(p, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(p, "not a decisions file: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(p, "decisions must be a JSON object with a \"decisions\" list")
    version = data.get("version", DECISIONS_VERSION)
    if version != DECISIONS_VERSION:
        raise InputError(p, f"unsupported decisions version {version!r} (this polish reads version {DECISIONS_VERSION})")
    docs = data.get("files") if "files" in data else [data]
    if not isinstance(docs, list):
        raise InputError(p, "\"files\" must be a list")
    items: list[dict[str, Any]] = []
    for doc in docs:
        if not isinstance(doc, dict) or not isinstance(doc.get("decisions"), list):
            raise InputError(p, "decisions must be a JSON object with a \"decisions\" list")
        file = doc.get("file")
        if file is not None and not isinstance(file, str):
            raise InputError(p, "\"file\" must be a string")
        items += [_check_item(p, len(items) + i, d, file) for i, d in enumerate(doc["decisions"])]
    single = data.get("file") if "files" not in data else None
    out = Decisions(file=single, items=items)
    clash = out.conflict()
    if clash is not None:
        raise InputError(p, f"change {clash} is both rejected and accepted: keep one decision")
    return out.for_file(for_file) if for_file is not None else out


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The original text around a change: up to ``width`` characters on each side of it."""
    return text[max(0, start - width):min(len(text), end + width)]


def decision_item(change: "Change", decision: str, original: str) -> dict[str, Any]:
    """One decision entry in the fixed JSON format."""
    item = {
        "id": change.id,
        "decision": decision,
        "rule": change.rule,
        "entry": change.entry,
        "before": change.before,
        "after": change.after,
        "context": context_of(original, change.start, change.end),
    }
    if change.meta.get("over"):
        item["over"] = list(change.meta["over"])  # the changes it was built on (see ``refind``)
    return item


def dismiss_item(finding: "Finding", original: str) -> dict[str, Any]:
    """One dismissal in the fixed JSON format (the rule, message and text say what was dismissed)."""
    return {"id": finding.id, "decision": "dismiss", "rule": finding.rule, "message": finding.message,
            "text": finding.text, "context": context_of(original, finding.start, finding.end)}


def refind(result: "Result", stale: list[dict[str, Any]], declined: Iterable[str],
           accepted: Iterable[str] = ()) -> dict[str, str | None]:
    """Decisions whose ids this run did not meet, found again by what they say: old id -> new id.

    A change id counts offsets, so a line added above a reviewed change gives it a new id. A
    stale decision names its rule and text (``before``/``after`` of a change, ``message``/``text``
    of a finding, or its ``text`` alone when no finding says that message now) and the text around
    it (``context``): the change or finding of this run with
    the same rule and text and the same surroundings, or else the one alone in sharing the most
    of them (a dozen characters next to it at least), is the one decided. A rejected change built
    on another rejected change (``over``) does not arise at all: None. Nothing is guessed: a change
    met by its own id or accepted is never taken, and an item that names no text, or fits two
    places equally, stays stale (and is reported).
    """
    taken = set(declined) | set(accepted)
    original = result.doc.text
    rejected = {c.id for c in result.rejected}
    pools: dict[tuple, list[tuple[str, int, int]]] = {}
    for c in result.changes:
        pools.setdefault(("c", c.rule, _core(c.before, c.after), c.after), []).append((c.id, c.start, c.end))
    for f in result.findings:
        pools.setdefault(("f", f.rule, f.message, f.text), []).append((f.id, f.start, f.end))
        # a finding whose wording changed since (a count in it, a glossary note's quote) is the one
        # with its rule and text at that place
        pools.setdefault(("f*", f.rule, f.text), []).append((f.id, f.start, f.end))
    exact: dict[tuple, dict[str, list[str]]] = {}  # per pool: context -> ids, built when first asked
    out: dict[str, str | None] = {}
    for d in stale:
        if d["decision"] == "reject" and rejected.intersection(d.get("over") or ()):
            out[d["id"]] = None
            continue
        if d["decision"] == "dismiss" and "message" in d:
            key: tuple = ("f", d.get("rule"), d["message"], d.get("text"))
            if key not in pools:
                key = ("f*", d.get("rule"), d.get("text"))
            said = d.get("text") or ""
        elif d["decision"] == "reject" and "before" in d and "after" in d:
            key = ("c", d.get("rule"), _core(d["before"], d["after"]), d["after"])
            said = d["before"]
        else:
            continue
        context, pool = d.get("context"), pools.get(key, ())
        if not context or not pool:
            continue
        if key not in exact:
            exact[key] = {}
            for p in pool:
                exact[key].setdefault(context_of(original, p[1], p[2]), []).append(p[0])
        # a line added or removed beyond the window leaves the context as it was: the common case, at once
        same = [i for i in exact[key].get(context, ()) if i not in taken]
        if len(same) == 1:
            found: str | None = same[0]
        elif len(pool) <= _MAX_SCORED:
            found = _best_place(_sides(context, said), pool, taken, original)
        else:
            found = None
        if found is not None:
            out[d["id"]] = found
            taken.add(found)
    return out


#: above this many changes with one rule and text, a decision is matched only by its whole context
_MAX_SCORED = 200
#: the characters next to a change that must be the same for a place to be the one decided
_MIN_SHARED = 12


def _best_place(sides: tuple[str, str], pool: Any, taken: set[str], original: str) -> str | None:
    """The one place of ``pool`` that shares the most surroundings with ``sides`` (a dozen characters at least)."""
    best: list[str] = []
    top = _MIN_SHARED - 1
    for cid, start, end in pool:
        if cid in taken:
            continue
        left, right = _place_sides(original, start, end)
        score = _shared(sides[0][::-1], left[::-1]) + _shared(sides[1], right)
        if score > top:
            best, top = [cid], score
        elif score == top:
            best.append(cid)
    return best[0] if len(best) == 1 else None


def _shared(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` have in common from their start."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _core(before: str, after: str) -> str:
    """What a change is about: a removal's text without the blank lines it takes along (they move)."""
    return before.strip() if not after else before


def _sides(context: str, said: str, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The text left and right of ``said`` in a context cut ``width`` characters each side of it."""
    # ``said`` stands ``width`` characters in, or, near the text's start, ``width`` from the end
    for at in (width, len(context) - width - len(said)):
        if 0 <= at and context.startswith(said, at):
            return context[:at], context[at + len(said):]
    at = context.find(said)  # a short text on both sides: its first place
    return (context[:at], context[at + len(said):]) if at >= 0 and said else (context, context)


def _place_sides(original: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The two sides of a change in the text, as ``context_of`` cuts them."""
    return original[max(0, start - width):start], original[end:end + width]


def decisions_for(result: "Result", rejected_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The decisions JSON for a result: every change, rejected if its id is in ``rejected_ids``.

    Changes the pipeline already skipped (``result.rejected``) stay rejected,
    and findings it was told to dismiss stay dismissed, so a review can be
    resumed from an earlier decisions file.
    """
    rejected = set(rejected_ids) | {c.id for c in result.rejected}
    original = result.doc.text
    seen: set[str] = set()
    items = []
    for ch in sorted([*result.changes, *result.rejected], key=lambda c: (c.start, c.end, c.id)):
        if ch.id in seen:
            continue
        seen.add(ch.id)
        items.append(decision_item(ch, "reject" if ch.id in rejected else "accept", original))
    items += [dismiss_item(f, original) for f in result.dismissed]
    return {"version": DECISIONS_VERSION, "file": result.doc.path, "decisions": items}


def save_decisions(path: str | os.PathLike[str], decisions: dict[str, Any] | Decisions) -> None:
    """Write a decisions JSON file atomically."""
    if isinstance(decisions, Decisions):
        items = [{k: v for k, v in d.items() if k != "file"} for d in decisions.items]
        decisions = {"version": DECISIONS_VERSION, "file": decisions.file, "decisions": items}
    atomic_write_text(path, json.dumps(decisions, ensure_ascii=False, indent=2) + "\n")
