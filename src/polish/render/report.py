"""The JSON report of a run (polish-report.json), written as results arrive."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from polish.jsonout import dumps
from polish.reading import new_file_mode

REPORT_NAME = "polish-report.json"
REPORT_VERSION = 1
#: what the report of a run that has not finished says (an interrupted run leaves it)
INCOMPLETE = "the run writing this folder has not finished: it was interrupted, or is still going"


class ReportWriter:
    """Streams per-file entries into a JSON report, then moves it into place atomically.

    Entries are written one at a time so a corpus run never holds every
    result in memory.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            # An earlier run's report would describe files this run rewrites: until this one is
            # complete, the folder holds a report that says so (and still marks it as polish's output).
            # First of all, so that a signal at any later point leaves no report of other files.
            from polish.reading import atomic_write_bytes

            atomic_write_bytes(self.path, dumps({"version": REPORT_VERSION, "files": [], "corpus_findings": [],
                                                 "disabled": [], "summary": None, "incomplete": INCOMPLETE}) + b"\n", durable=False)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            self._fh: BinaryIO = os.fdopen(fd, "wb")
            self._fh.write(b'{\n"version": %d,\n"files": [\n' % REPORT_VERSION)
        except BaseException:  # a signal as the file is made: the caller never gets it to abort
            if hasattr(self, "_fh"):
                self._fh.close()
            else:
                os.close(fd)
            os.unlink(self._tmp)
            raise
        self._first = True

    def add(self, entry: dict[str, Any]) -> None:
        """Append one file's entry."""
        self.add_json(dumps(entry))

    def add_json(self, entry_json: bytes) -> None:
        """Append one file's entry, already serialised as UTF-8 JSON (by the worker that cleaned it)."""
        if not self._first:
            self._fh.write(b",\n")
        self._first = False
        self._fh.write(entry_json)

    def close(self, summary: dict[str, Any], corpus_findings: list[dict[str, Any]] | None = None,
              disabled: tuple[str, ...] = ()) -> None:
        """Write the summary (and the rules the run switched off) and move the report into place."""
        self._fh.write(b'\n],\n"corpus_findings": ')
        self._fh.write(dumps(corpus_findings or []))
        self._fh.write(b',\n"disabled": ')
        self._fh.write(dumps(list(disabled)))
        self._fh.write(b',\n"summary": ')
        self._fh.write(dumps(summary))
        self._fh.write(b"\n}\n")
        # Like the cleaned files, the report is polish's own output, never the user's data:
        # the rename makes it atomic, and an fsync of tens of MB would only add to every run.
        self._fh.close()
        os.chmod(self._tmp, new_file_mode())
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the half-written report."""
        try:
            self._fh.close()
            os.unlink(self._tmp)
        except OSError:
            pass


def error_entry(file: str, error: str) -> dict[str, Any]:
    """The report entry of a file that could not be cleaned."""
    return {"file": file, "error": error}
