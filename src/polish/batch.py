"""Folder runs: find the inputs, run the pipeline on each (in parallel), never stop for one bad file.

The batch layer knows nothing about output formats: it yields one
``Outcome`` per input, in input order, and the caller decides what to write.
Memory stays flat in corpus size: at most ``2 × jobs`` documents are in
flight, and only small per-file summaries are kept.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from polish.config import Config
from polish.reading import InputError, decode, read_capped, read_document
from polish.render.report import REPORT_NAME
from polish.stages.base import CorpusContext

#: What a folder walk picks up unless --glob says otherwise.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", "")


@dataclass(frozen=True)
class Input:
    """One input: a file (or stdin), and where it sits relative to the folder given."""

    path: Path | None  # None for stdin
    rel: Path

    @property
    def label(self) -> str:
        """How the user named it."""
        return str(self.path) if self.path is not None else "<stdin>"


@dataclass
class Outcome:
    """What happened to one input."""

    input: Input
    result: object | None = None  # polish.pipeline.Result (dropped once written, see polish.outputs)
    error: str | None = None
    stats: dict | None = None  # counts for the run summary
    report_json: bytes | None = None  # this file's report entry, serialised (UTF-8 JSON)
    index_row: object | None = None  # its line in an editions index
    mentions: list | None = None  # names it mentions, for cross-document consistency


@dataclass
class Summary:
    """Totals of a run, for the closing line and the exit code."""

    files: int = 0
    ok: int = 0
    failed: list[str] = field(default_factory=list)
    changes_by_stage: Counter = field(default_factory=Counter)
    findings_by_stage: Counter = field(default_factory=Counter)
    removals: int = 0
    rejected: int = 0
    dismissed: int = 0
    corpus_findings: int = 0
    #: ids of the changes a decisions file rejected and of the findings it dismissed that the run
    #: met (the rest matched nothing)
    declined_ids: set[str] = field(default_factory=set)
    #: paths named that do not exist (each said so on stderr), and rejections that matched no change
    missing: list[str] = field(default_factory=list)
    unmatched_rejections: int = 0

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        self.files += 1
        if outcome.error is not None:
            self.failed.append(outcome.error)
            if outcome.stats is not None:  # cleaned, but not written: its decisions were still met
                self.declined_ids.update(outcome.stats["declined_ids"])
            return
        self.ok += 1
        if outcome.stats is None:
            from polish.outputs import stats_of

            outcome.stats = stats_of(outcome.result)
        st = outcome.stats
        self.changes_by_stage.update(st["changes_by_stage"])
        self.findings_by_stage.update(st["findings_by_stage"])
        self.removals += st["removals"]
        self.rejected += st["rejected"]
        self.dismissed += st["dismissed"]
        self.declined_ids.update(st["declined_ids"])

    @property
    def changes(self) -> int:
        """All changes made."""
        return sum(self.changes_by_stage.values())

    @property
    def findings(self) -> int:
        """All findings reported."""
        return sum(self.findings_by_stage.values()) + self.corpus_findings

    def line(self) -> str:
        """One closing line for humans."""
        def by(counter: Counter) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))

        parts = [f"{self.files} file{'s' if self.files != 1 else ''}: {self.ok} ok, {len(self.failed)} failed"
                 + (f", {len(self.missing)} skipped (missing or not a regular file)" if self.missing else "")]
        parts.append(f"{self.changes} changes" + (f" ({by(self.changes_by_stage)})" if self.changes else ""))
        parts.append(f"{self.findings} findings" + (f" ({by(self.findings_by_stage)})" if self.findings_by_stage else ""))
        if self.rejected:
            parts.append(f"{self.rejected} rejected by decisions")
        if self.dismissed:
            parts.append(f"{self.dismissed} findings dismissed by decisions")
        if self.unmatched_rejections:
            parts.append(f"{self.unmatched_rejections} decisions matched nothing")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        """JSON form."""
        return {
            "files": self.files,
            "ok": self.ok,
            "failed": list(self.failed),
            "changes": self.changes,
            "changes_by_stage": dict(self.changes_by_stage),
            "findings": self.findings,
            "findings_by_stage": dict(self.findings_by_stage),
            "corpus_findings": self.corpus_findings,  # across files: in "findings", in no stage's count
            "removals": self.removals,
            "rejected": self.rejected,
            "dismissed": self.dismissed,
            "missing": list(self.missing),
            "unmatched_rejections": self.unmatched_rejections,
        }


def collect_inputs(paths: Iterable[str], glob: str | None = None, exclude: Path | None = None,
                   notes: list[str] | None = None) -> tuple[list[Input], list[str]]:
    """Expand files and folders into inputs; return (inputs, errors for paths that do not exist).

    ``notes`` receives a line for each folder left out as an earlier run's output.
    """
    paths = list(paths)
    inputs: list[Input] = []
    errors: list[str] = []
    excl = exclude.resolve() if exclude is not None else None
    for raw in paths:
        if raw == "-":
            inputs.append(Input(None, Path("stdin.txt")))
            continue
        p = Path(raw)
        if p.is_dir():
            found = sorted(_walk(p, glob, excl, errors, notes))
            inputs.extend(Input(f, f.relative_to(p)) for f in found)
        elif p.exists():
            inputs.append(Input(p, Path(p.name)))
        else:
            errors.append(f"{raw}: no such file or folder")
    # one path cannot name a file twice (os.walk follows no folder link): resolving every path costs ~50 µs
    return (_once(inputs) if len(paths) > 1 else inputs), errors


def inputs_inside(folder: Path, paths: Iterable[str], glob: str | None = None) -> list[Path]:
    """The files a folder run of ``paths`` would take as input that lie in ``folder`` (an -o folder)."""
    target = folder.resolve()
    if (folder / REPORT_NAME).exists() or not folder.is_dir():
        return []  # an earlier output (its files are polish's) or nothing there yet
    # strictly inside: -o onto the input folder itself is refused as overwriting its inputs
    if not any(p != "-" and Path(p).is_dir() and target != Path(p).resolve() and target.is_relative_to(Path(p).resolve())
               for p in paths):
        return []
    return list(_walk(folder, glob, None, []))


def _once(inputs: list[Input]) -> list[Input]:
    """Each file once, as it was first named: ``news news/sub`` must not clean (and back up) news/sub twice."""
    seen: set[str] = set()
    out = []
    for item in inputs:
        key = os.path.realpath(item.path) if item.path is not None else None
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        out.append(item)
    return out


def _walk(root: Path, glob: str | None, exclude: Path | None, errors: list[str],
          notes: list[str] | None = None) -> Iterator[Path]:
    def unreadable(exc: OSError) -> None:  # a folder left out is said, not skipped in silence
        errors.append(f"{exc.filename}: cannot read this folder ({exc.strerror or exc})")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        d = Path(dirpath)
        if REPORT_NAME in filenames and d != root:
            # a folder holding a report is an earlier run's output (``-o news/out-2024``): not new input
            if notes is not None and (exclude is None or d.resolve() != exclude):
                notes.append(f"{d}: left out, an earlier run's output (it holds {REPORT_NAME})")
            dirnames[:] = []
            continue
        # hidden folders (.git, .venv) and the output folder are never inputs
        dirnames[:] = [n for n in dirnames if not n.startswith(".") and (exclude is None or (d / n).resolve() != exclude)]
        for name in filenames:
            if name.startswith("."):
                continue
            f = d / name
            if not f.is_file():  # a pipe would hang the run, /dev/zero fill the memory
                if f.exists() and (glob is None or f.match(glob)):
                    errors.append(f"{f}: not a regular file (a pipe, a device or a socket); skipped")
                continue
            if glob is not None:
                if f.match(glob):
                    yield f
            elif f.suffix.lower() in TEXT_SUFFIXES and not name.endswith((".edition.html", ".edition.md")):
                yield f


def read_input(item: Input, config: Config, encoding: str | None = None):
    """Decode one input into a Document (stdin included)."""
    if item.path is None:
        return decode(read_capped(sys.stdin.buffer, config.max_bytes), "<stdin>", encoding=encoding,
                      max_bytes=config.max_bytes)
    return read_document(item.path, encoding=encoding, max_bytes=config.max_bytes)


def corpus_context(inputs: list[Input], config: Config, encoding: str | None = None, jobs: int = 1) -> CorpusContext | None:
    """Count, per line, how many documents of a folder run contain it (boilerplate evidence)."""
    with CorpusScan(inputs, config, encoding, jobs) as scan:
        return scan.result()


class CorpusScan:
    """The folder pre-pass of ``corpus_context``, started now and collected with ``result()``.

    With several jobs the files are read by worker processes from the start,
    so the caller can prepare its stages (the slow part of start-up) while
    they count: on two cores the two overlap instead of running one after the
    other. Use it as a context manager, so its workers stop on any exit.
    """

    def __init__(self, inputs: list[Input], config: Config, encoding: str | None = None, jobs: int = 1) -> None:
        self._files = [i for i in inputs if i.path is not None]
        self._config, self._encoding = config, encoding
        self._pool: ProcessPoolExecutor | None = None
        self._keysets: Iterable[set[str] | None] | None = None
        if len(self._files) < config.repeated_line_min_docs:
            self._files = []
        elif jobs > 1:
            import multiprocessing

            ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
            n = len(self._files)
            self._keysets = self._pool.map(_line_keys, self._files, [config] * n, [encoding] * n, chunksize=16)

    def result(self) -> CorpusContext | None:
        """The counts (None when the run has too few files to count); waits for the workers."""
        if not self._files:
            return None
        keysets = self._keysets
        if keysets is None:
            keysets = (_line_keys(item, self._config, self._encoding) for item in self._files)
        min_docs = self._config.repeated_line_min_docs
        # Lines are counted by their hash, and a line's text is kept only once a second
        # document holds it: most lines of a corpus are article text that occurs once, and
        # keeping them all made the pre-pass's memory as large as the corpus. (Two different
        # lines sharing a 64-bit hash would only add up their counts: vanishingly rare.)
        keep_at = min(2, max(1, min_docs))
        counts: dict[int, int] = {}
        texts: dict[int, str] = {}
        docs = 0
        # A page downloaded twice is one document: counted twice, its whole text would
        # look like boilerplate shared by "many" documents (one hash per document kept).
        distinct: set[int] = set()
        for keys in keysets:
            if keys is None:
                continue
            whole = hash(frozenset(keys))
            if whole in distinct:
                continue
            distinct.add(whole)
            docs += 1
            for key in keys:
                h = hash(key)
                n = counts[h] = counts.get(h, 0) + 1
                if n == keep_at:
                    texts[h] = key
        self.close()
        repeated = {texts[h]: n for h, n in counts.items() if n >= min_docs}
        return CorpusContext(repeated_lines=repeated, documents=docs)

    def close(self) -> None:
        """Stop the workers (after ``result``, or early when the run is abandoned)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "CorpusScan":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _line_keys(item: Input, config: Config, encoding: str | None) -> set[str] | None:
    from polish.stages.boilerplate import line_key

    try:
        doc = read_input(item, config, encoding)
    except InputError:
        return None
    return {k for k in (line_key(line) for line in doc.text.split("\n")) if k}


# -- workers -----------------------------------------------------------------

_WORKER: dict = {}
#: stages built by the parent before forking: workers inherit them instead of rebuilding
_PREBUILT: list = []


def _init_worker(config: Config, corpus: CorpusContext | None, rejected: Any, encoding: str | None) -> None:
    _WORKER.update(config=config, corpus=corpus, rejected=rejected, encoding=encoding, stages=list(_PREBUILT) or None)


#: documents a worker takes at a time: enough to batch their translations into one
#: model call, few enough to keep memory flat and both cores busy
CHUNK = 8


def _stages() -> list:
    if _WORKER["stages"] is None:
        from polish import pipeline

        # stages (and the models they load) are built once per process
        _WORKER["stages"] = pipeline.build_stages(_WORKER["config"])
    return _WORKER["stages"]


def _process_chunk(items: list[Input], finish: Callable[[Outcome], Outcome] | None = None) -> list[Outcome]:
    """Clean a few documents; stages with ``prefetch`` first see all of their texts at once."""
    cfg: Config = _WORKER["config"]
    docs: dict[int, object] = {}
    failed: dict[int, Outcome] = {}
    for i, item in enumerate(items):
        try:
            docs[i] = read_input(item, cfg, _WORKER["encoding"])
        except InputError as exc:
            failed[i] = Outcome(item, error=str(exc))
    if len(docs) > 1:
        _prefetch([d.text for d in docs.values()])  # type: ignore[attr-defined]
    outs = []
    for i, item in enumerate(items):
        out = failed.get(i) or _clean(item, docs[i])
        outs.append(finish(out) if finish is not None else out)
    return outs


def _prefetch(texts: list[str]) -> None:
    try:
        stages = _stages()
    except Exception:
        return  # _clean reports it, per document
    for stage in stages:
        prefetch = getattr(stage, "prefetch", None)
        if prefetch is None:
            continue
        try:
            prefetch(texts)
        except Exception:  # a warm-up only: each document's own run reports any failure
            pass


def _clean(item: Input, doc) -> Outcome:
    from polish import pipeline

    cfg: Config = _WORKER["config"]
    try:
        decisions = _WORKER["rejected"]
        if isinstance(decisions, frozenset):
            return Outcome(item, result=pipeline.run(doc, cfg, stages=_stages(), corpus=_WORKER["corpus"],
                                                     rejected=decisions))
        return Outcome(item, result=_run_with_decisions(doc, cfg, decisions.for_file(item.path)))
    except InputError as exc:
        return Outcome(item, error=str(exc))
    except Exception as exc:  # one bad file must not stop the run
        return Outcome(item, error=f"{item.label}: internal error while cleaning ({type(exc).__name__}: {exc})")


def _run_with_decisions(doc, cfg: Config, decisions: Any):
    """Run the pipeline with an editor's decisions; those whose ids the text no longer gives are looked
    for again by their text (``decisions.refind``) and, found, the run is made again with them."""
    from polish import pipeline
    from polish.decisions import refind

    declined = decisions.declined
    result = pipeline.run(doc, cfg, stages=_stages(), corpus=_WORKER["corpus"], rejected=declined)
    met = result.declined_met()
    stale = [d for d in decisions.items if d["id"] in declined and d["id"] not in met]
    if not stale:
        return result
    found = refind(result, stale, declined, decisions.accepted)
    new_ids = {v for v in found.values() if v is not None}
    if new_ids:
        result = pipeline.run(doc, cfg, stages=_stages(), corpus=_WORKER["corpus"], rejected=declined | new_ids)
    result.refound = found
    met = result.declined_met()
    # rejections only: a dismissal changes no text, and one of a finding across files is met by the
    # folder's comparison after the run (the run's closing warning counts every kind)
    result.unmatched = sorted(d["id"] for d in stale if d["id"] not in met and d["decision"] == "reject")
    return result


def _chunks(inputs: list[Input]) -> Iterator[list[Input]]:
    """Runs of up to CHUNK files; standard input always on its own (the parent reads it)."""
    run: list[Input] = []
    for item in inputs:
        if item.path is None:
            if run:
                yield run
                run = []
            yield [item]
            continue
        run.append(item)
        if len(run) == CHUNK:
            yield run
            run = []
    if run:
        yield run


def process_all(
    inputs: list[Input],
    config: Config,
    jobs: int = 1,
    corpus: CorpusContext | None = None,
    rejected: Iterable[str] | Any = (),
    encoding: str | None = None,
    stages: list | None = None,
    finish: Callable[[Outcome], Outcome] | None = None,
) -> Iterator[Outcome]:
    """Yield an Outcome per input, in input order.

    ``stages`` are built once by the caller and shared; ``finish`` (picklable)
    runs on each outcome where it was cleaned, in the worker of a parallel run.
    Files go to workers a few at a time (``CHUNK``), so a worker can batch the
    translation of its share of a folder.
    """
    # a set applies to every file; a ``Decisions`` gives each file the rejections recorded for it
    rej = rejected if hasattr(rejected, "for_file") else frozenset(rejected)
    _PREBUILT[:] = stages or []
    files = [i for i in inputs if i.path is not None]
    _init_worker(config, corpus, rej, encoding)
    if jobs <= 1 or len(files) <= 1:
        for chunk in _chunks(inputs):
            yield from _process_chunk(chunk, finish)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(config, corpus, rej, encoding)) as pool:
        window: list[Future | list[Outcome]] = []
        it = _chunks(inputs)
        exhausted = False
        while window or not exhausted:
            while not exhausted and len(window) < 2 * jobs:
                chunk = next(it, None)
                if chunk is None:
                    exhausted = True
                    break
                if chunk[0].path is None:
                    window.append(_process_chunk(chunk, finish))  # stdin belongs to the parent
                else:
                    window.append(pool.submit(_process_chunk, chunk, finish))
            if not window:
                break
            done = window.pop(0)
            yield from (done if isinstance(done, list) else done.result())
