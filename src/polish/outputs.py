"""What a cleaned document leaves behind: the text, its edition, its report entry.

``finish`` runs where the document was cleaned (in the worker process of a
folder run), so the parent only streams small, ready-made pieces into the
report: a corpus run neither ships whole results between processes nor
renders every edition in one process.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polish.batch import Outcome
from polish.reading import with_newline


@dataclass(frozen=True)
class OutputSpec:
    """Where and what to write for each document of a run."""

    output: Path | None = None  # a folder (folder_mode) or a file; None: stdout or in place
    folder_mode: bool = False
    in_place: bool = False
    backup: bool = True
    edition: str | None = None  # "html" | "md"
    report: bool = False


def stats_of(result: Any) -> dict[str, Any]:
    """The counts a run summary needs from one result."""
    by_stage: dict[str, int] = {}
    for c in result.changes:
        by_stage[c.stage] = by_stage.get(c.stage, 0) + 1
    findings: dict[str, int] = {}
    for f in result.findings:
        findings[f.stage] = findings.get(f.stage, 0) + 1
    return {"changes_by_stage": by_stage, "findings_by_stage": findings,
            "removals": len(result.removals), "rejected": len(result.rejected),
            "dismissed": len(result.dismissed),
            "declined_ids": sorted(result.declined_met())}


def finish(outcome: Outcome, spec: OutputSpec) -> Outcome:
    """Write one cleaned document's outputs; keep only what the parent still needs."""
    if outcome.error is not None or outcome.result is None:
        return outcome
    result = outcome.result
    outcome.stats = stats_of(result)
    if spec.in_place and result.unmatched:
        # a rejection that finds no change may be one the editor made for text that moved: rewriting
        # the file would put in what they rejected (the report and stderr name each one)
        n = len(result.unmatched)
        outcome.error = (f"{outcome.input.label}: {n} decision{'s' if n != 1 else ''} for this file matched nothing "
                         "in its text (edited since the review?); not rewritten in place")
        outcome.result = None
        return outcome
    try:
        target = _write_text(outcome, spec)
        if spec.edition is not None:
            from polish.render.html import summarize, write_edition

            base = target if target is not None else Path(outcome.input.rel)
            ed_path = base.with_name(base.name + (".edition.html" if spec.edition == "html" else ".edition.md"))
            write_edition(result, ed_path, fmt=spec.edition)
            if spec.folder_mode and spec.output is not None:
                outcome.index_row = summarize(result, str(ed_path.relative_to(spec.output)))
    except OSError as exc:
        outcome.error = f"{outcome.input.label}: cannot write output ({exc.strerror or exc})"
        outcome.result = None
        return outcome
    if spec.report:
        outcome.report_json = result.json_bytes(file=str(outcome.input.rel))
    names = (result.data or {}).get("consistency")
    if names is not None:
        outcome.mentions = names.summary()  # what a folder comparison needs, small to send back
    if spec.output is not None or spec.in_place:
        outcome.result = None  # written: the parent needs no more of it
    return outcome


def _write_text(outcome: Outcome, spec: OutputSpec) -> Path | None:
    from polish.reading import atomic_write_bytes, atomic_write_text

    result = outcome.result
    newline = result.doc.newline
    if spec.in_place:
        return _rewrite_in_place(outcome.input.path, result, spec.backup)
    if spec.output is None:
        return None  # the parent prints it (stdout belongs to the parent)
    target = spec.output / outcome.input.rel if spec.folder_mode else spec.output
    # Outputs never replace user data (inputs are refused as outputs), so they skip the
    # per-file fsync that in-place rewrites keep; the rename still makes each write atomic.
    atomic_write_text(target, result.text, newline, durable=False)
    return target


def _rewrite_in_place(src: Path, result: Any, backup: bool = True) -> Path:
    """Rewrite an input with its cleaned text, in its own encoding, keeping a backup that never replaces another."""
    from polish.reading import atomic_write_bytes, file_form

    if not result.changes:
        return src  # nothing to do: the file, its encoding and any earlier backup stay as they are
    doc = result.doc
    text = file_form(doc, result.text, result.offsets)  # a UTF-8 BOM is the first character, encoded with the rest
    try:
        data = text.encode(doc.encoding)
    except (UnicodeEncodeError, LookupError):  # a replacement the old code page cannot hold
        data = text.encode("utf-8")
        note = f"written as UTF-8: {doc.encoding} cannot hold the cleaned text"
        doc.normalized.append(f"in place: {note}")
        sys.stderr.write(f"polish: {src}: {note}\n")
    original = src.read_bytes()
    now = os.stat(src)
    if doc.stamp is None or (now.st_size, now.st_mtime_ns) != doc.stamp or len(original) != now.st_size:
        # someone wrote the file while it was being cleaned: replacing it would lose their edit
        raise OSError(errno.EBUSY, "the file changed while it was being cleaned; not rewritten (run again)")
    if backup:
        atomic_write_bytes(_free_name(src.with_name(src.name + ".orig")), original)
    # through a symlink to the file it names: the link stays a link
    atomic_write_bytes(Path(os.path.realpath(src)), data)
    return src


def _free_name(path: Path) -> Path:
    """``path``, or ``path.1``, ``path.2``, ... the first that does not exist yet."""
    n, candidate = 0, path
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


def print_text(outcome: Outcome) -> None:
    """The cleaned text on stdout (single-file runs without --output)."""
    text = outcome.result.text
    if text and not text.endswith("\n"):
        text += "\n"
    # as a file written with -o: the input's own line ends
    sys.stdout.write(with_newline(text, outcome.result.doc.newline))
