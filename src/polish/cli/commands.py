"""Top-level commands: clean, check, diff, detect, score."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from polish.cli import app
from polish.cli.output import emit_json, error, fail, print_table, use_color

if TYPE_CHECKING:  # pragma: no cover
    from polish.stages.consistency import FolderNames

# -- options shared by the commands that run the pipeline ------------------------

GlossaryOpt = Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="A glossary TSV to apply (repeatable; earlier files take precedence over the shipped ones).")]
NoDefaultsOpt = Annotated[bool, typer.Option("--no-default-glossaries", help="Do not apply the glossaries shipped in glossaries/.")]
TargetOpt = Annotated[Optional[str], typer.Option("--target", help="Language the edition is in (ISO 639-1). Default: en.")]
TranslateOpt = Annotated[Optional[bool], typer.Option("--translate/--no-translate", help="Translate fragments left in the source language (needs polish[translate] and an installed model).")]
GrammarOpt = Annotated[Optional[bool], typer.Option("--grammar/--no-grammar", help="Check grammar with LanguageTool (needs --languagetool-url, POLISH_LANGUAGETOOL_URL or LTP_PATH).")]
LTUrlOpt = Annotated[Optional[str], typer.Option("--languagetool-url", envvar="POLISH_LANGUAGETOOL_URL", help="URL of a running LanguageTool server, e.g. http://localhost:8081.")]
DetectorOpt = Annotated[Optional[str], typer.Option("--detector", help="Language detector: langdetect (default) or lingua (pip install 'polish[lingua]').")]
EncodingOpt = Annotated[Optional[str], typer.Option("--encoding", help="Read inputs in this encoding instead of detecting it.")]
MaxBytesOpt = Annotated[Optional[int], typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this many bytes (default 20 MiB, 20971520).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Project settings file (polish.toml or a pyproject.toml with [tool.polish]). Default: the nearest one.")]
DecisionsOpt = Annotated[Optional[list[Path]], typer.Option("--decisions", help="An editor's decisions JSON (exported from an HTML edition): rejected changes are not made, dismissed findings are not reported. Repeat it for the decisions of several files; a decision that matches nothing is reported.")]
DisableOpt = Annotated[Optional[list[str]], typer.Option("--disable", metavar="RULE", help="Switch a rule off for this run (repeatable, added to the project file's `disable`): a rule id such as mechanics.run-on or glossary:covid-19, or a family such as glossary.decide.")]
GlobOpt = Annotated[Optional[str], typer.Option("--glob", help="In folders, clean files matching this pattern (default: *.txt, *.md and files without a suffix).")]


def _jobs(value: int) -> int:
    """``--jobs 0``: one worker per CPU core this process may run on."""
    if value != 0:
        return value
    try:
        return max(1, len(os.sched_getaffinity(0)))  # a container or taskset may allow fewer than cpu_count
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=0, callback=_jobs,
                                      help="Worker processes for folder runs; 0 starts one per CPU core.")]


class EditionFormat(str, Enum):
    html = "html"
    md = "md"


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


def build_config(
    config_file: Path | None = None,
    glossary: list[Path] | None = None,
    no_default_glossaries: bool = False,
    **overrides: Any,
):
    """Project settings overlaid with command-line flags."""
    from polish.config import ConfigError, load_config

    try:
        cfg = load_config(project_file=config_file) if config_file else load_config()
    except ConfigError as exc:
        fail(str(exc))
    if glossary:
        for g in glossary:
            if not g.is_file():
                fail(f"{g}: glossary not found")
        overrides["glossaries"] = tuple(str(g) for g in glossary) + tuple(cfg.glossaries)
    if no_default_glossaries:
        overrides["default_glossaries"] = False
    if overrides.get("target") is not None:
        from polish.config import language_code

        try:
            overrides["target"] = language_code(overrides["target"])
        except ValueError as exc:
            fail(f"--target: {exc}")
    if overrides.get("detector") not in (None, "langdetect", "lingua"):
        fail(f"unknown detector {overrides['detector']!r} (choose langdetect or lingua)")
    if (overrides.get("detector") or cfg.detector) == "lingua":
        import importlib.util

        if importlib.util.find_spec("lingua") is None:
            fail("the lingua detector is not installed: pip install 'polish[lingua]'")
    if overrides.get("languagetool_url") and overrides.get("grammar") is None:
        overrides["grammar"] = True
    if overrides.get("disable"):
        from polish.config import rule_id_ok

        bad = next((r for r in overrides["disable"] if not rule_id_ok(r)), None)
        if bad is not None:
            fail(f"--disable: {bad!r} is not a rule id (such as mechanics.run-on)")
        overrides["disable"] = tuple(dict.fromkeys((*cfg.disable, *overrides["disable"])))
    return cfg.with_overrides(**overrides)


def build_pipeline(cfg) -> list:
    """Build the stages once, up front, so a bad glossary or pattern file stops the run with one line."""
    from polish.config import ConfigError
    from polish.pipeline import build_stages
    from polish.reading import InputError
    from polish.stages.boilerplate import PatternError

    try:
        stages = build_stages(cfg)
        for stage in stages:
            prepare = getattr(stage, "prepare", None)
            if prepare is not None:
                prepare()
        warn_disabled(cfg, stages)
        # What the stages loaded (glossary automaton, pronouncing dictionary, language
        # profiles) lives as long as the process: frozen, the collector stops re-scanning
        # it on every full collection, and forked workers do not copy its pages.
        import gc

        gc.freeze()
        return stages
    except (InputError, ConfigError, PatternError) as exc:
        fail(str(exc))


def warn_disabled(cfg, stages: list) -> None:
    """One line per ``disable`` id that matches no rule: a typo must not silently switch nothing off."""
    from polish.config import ConfigError, load_config
    from polish.pipeline import unknown_disabled

    unknown = unknown_disabled(cfg, stages)
    if not unknown:
        return
    try:  # said where it was written: the project file, or else the command line
        in_file = set(load_config(project_file=Path(cfg.project_file)).disable) if cfg.project_file else set()
    except ConfigError:
        in_file = set()
    for rule, near in unknown:
        where = f"{cfg.project_file}: setting 'disable'" if rule in in_file else "--disable"
        error(f"warning: {where}: {rule!r} matches no rule polish knows" + (f" (did you mean {near}?)" if near else ""))


def prepare_run(cfg, inputs: list, encoding: str | None, jobs: int) -> tuple[list, Any]:
    """(stages, folder evidence): the folder pre-pass's workers count lines while the stages are prepared."""
    from polish.batch import CorpusScan

    counted = inputs if cfg.boilerplate and len(inputs) > 1 else []
    with CorpusScan(counted, cfg, encoding, jobs) as scan:
        stages = build_pipeline(cfg)
        return stages, scan.result()


def load_rejections(decisions: Path | list[Path] | None) -> Any:
    """Editors' decisions files as one ``Decisions`` (each file gets the rejections recorded for it), or none."""
    if not decisions:
        return frozenset()
    from polish.decisions import Decisions, load_decisions
    from polish.reading import InputError

    paths = decisions if isinstance(decisions, list) else [decisions]
    try:
        loaded = [load_decisions(p) for p in paths]
    except InputError as exc:
        fail(str(exc))
    if len(loaded) == 1:
        return loaded[0]
    # each item carries the file it was made for, so the merged decisions still apply file by file
    merged = Decisions(items=[{**d, "file": d.get("file") or one.file} for one in loaded for d in one.items])
    clash = merged.conflict()
    if clash is not None:
        fail(f"{', '.join(map(str, paths))}: change {clash} is both rejected and accepted: keep one decision")
    return merged


def warn_unmatched(decisions: Path | list[Path] | None, rejections: Any, inputs: list, used: set[str]) -> int:
    """Say which decisions for ``inputs`` matched nothing in the run (the text or glossary changed since), each by
    what it decided, and when none of them is for a file of the run; how many matched nothing."""
    if not decisions or not hasattr(rejections, "for_file"):
        return 0
    names = ", ".join(str(p) for p in (decisions if isinstance(decisions, list) else [decisions]))
    meant: dict[str, dict[str, Any]] = {}
    for item in inputs:
        meant.update((d["id"], d) for d in rejections.for_file(item.path).items if d["decision"] != "accept")
    missed = [meant[i] for i in sorted(set(meant) - used)]
    if missed:
        what = []
        for kind, verb in (("change", "reject"), ("finding", "dismiss")):
            n, total = sum(d["decision"] == verb for d in missed), sum(d["decision"] == verb for d in meant.values())
            if n:
                what.append(f"{n} of {total} {verb}ed {kind}{'s' if total != 1 else ''}")
        error(f"{names}: {' and '.join(what)} matched nothing in this run "
              "(the text or a glossary changed since the edition was made?); nothing was done for them:")
        for d in missed[:10]:
            error(f"  {_decision_label(d)}")
        if len(missed) > 10:
            error(f"  … and {len(missed) - 10} more")
    return len(missed)


def require_applicable(decisions: Path | list[Path] | None, rejections: Any, inputs: list) -> None:
    """Stop (exit 2, nothing written) when no decision is for a file of the run: a renamed or copied
    article would otherwise be cleaned as if the editor had decided nothing."""
    if not decisions or not getattr(rejections, "items", None) or not inputs:
        return
    if any(rejections.for_file(item.path).items for item in inputs):
        return
    names = ", ".join(str(p) for p in (decisions if isinstance(decisions, list) else [decisions]))
    files = sorted({str(d["file"]) for d in rejections.items if d.get("file")})
    fail(f"{names}: its decisions are for {', '.join(files[:3])}{', …' if len(files) > 3 else ''}, "
         "not for a file of this run (rename the file back, or edit \"file\" in the decisions)")


def _decision_label(d: dict[str, Any]) -> str:
    """One decision as an editor recognises it: id, rule, and the text it was about."""
    if d["decision"] == "dismiss":
        about = repr(d["text"]) if d.get("text") else (d.get("message") or "")
    else:
        about = f"{d['before']!r} -> {d['after']!r}" if "before" in d and "after" in d else ""
    return " ".join(x for x in (d["id"], d.get("rule") or "", about) if x)


def undismissed(rows: list[tuple[str, Any]], rejections: Any, used: set[str]) -> list[tuple[str, Any]]:
    """The cross-file ``(file, finding)`` pairs no decisions file dismissed (the dismissed ids go to ``used``)."""
    if not hasattr(rejections, "for_file"):
        return rows
    out = []
    for file, f in rows:
        if f.id in rejections.for_file(file).dismissed:
            used.add(f.id)
        else:
            out.append((file, f))
    return out


def _inputs(paths: list[str], glob: str | None = None, exclude: Path | None = None, quiet: bool = False):
    from polish.batch import collect_inputs

    if glob is not None and not glob.strip():
        fail("--glob needs a pattern, such as '*.txt' or 'news/*.md'")
    if exclude is not None:
        from polish.batch import inputs_inside

        held = inputs_inside(exclude, paths, glob)
        if held:
            fail(f"{exclude}: the output folder lies in an input folder and holds {len(held)} of its files "
                 f"({held[0]}{', …' if len(held) > 1 else ''}); they would be left out and mixed with the "
                 "cleaned ones: choose an -o folder outside the inputs")
    notes: list[str] = []
    inputs, missing = collect_inputs(paths, glob=glob, exclude=exclude, notes=notes)
    for n in notes if not quiet else ():
        error(f"note: {n}")
    for m in missing:
        error(m)
    if not inputs and not missing:
        fail("no input files found (folders are searched for *.txt, *.md and files without a suffix; see --glob)")
    return inputs, missing


def _progress(total: int, quiet: bool):
    """A rich progress bar on a terminal for long runs; nothing when piped."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from rich.console import Console

    bar = Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    return bar


# -- clean -------------------------------------------------------------------------


@app.command()
def clean(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to clean; - reads standard input.")],
    output_arg: Annotated[Optional[str], typer.Option("--output", "-o", help="Where to write: a folder (mirrors the input tree; a name ending in / is always one) or, for one input, a file. Without it one file goes to stdout.")] = None,
    glossary: GlossaryOpt = None,
    no_default_glossaries: NoDefaultsOpt = False,
    target: TargetOpt = None,
    jobs: JobsOpt = 1,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite the inputs with the cleaned text, in their own encoding (a backup is kept; files with nothing to change are left alone).")] = False,
    backup: Annotated[bool, typer.Option("--backup/--no-backup", help="With --in-place, keep the original as FILE.orig (FILE.orig.1, ... when that exists: a backup is never replaced).")] = True,
    edition: Annotated[Optional[EditionFormat], typer.Option("--edition", help="Also write a side-by-side edition per file (html or md), and index.html for a folder.")] = None,
    decisions: DecisionsOpt = None,
    translate: TranslateOpt = None,
    grammar: GrammarOpt = None,
    languagetool_url: LTUrlOpt = None,
    detector: DetectorOpt = None,
    encoding: EncodingOpt = None,
    max_bytes: MaxBytesOpt = None,
    glob: GlobOpt = None,
    config_file: ConfigOpt = None,
    disable: DisableOpt = None,
    json_summary: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON on stdout (with -o or --in-place).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line.")] = False,
) -> None:
    """Clean machine-translated text and write the result, with every change recorded.

    Examples:

    * `polish clean article.txt` prints the cleaned text.

    * `polish clean samples -o editions/ --edition html` mirrors the folder into editions/,
      with editions/polish-report.json (every change, removal and finding) and a side-by-side
      HTML edition per file plus editions/index.html.

    * `polish clean news/ --in-place` rewrites the files, keeping FILE.orig backups.

    Exit code: 0 when every file was cleaned, 1 when some file failed, 2 on a usage error.
    """
    cfg = build_config(config_file, glossary, no_default_glossaries, target=target, translate=translate, disable=disable,
                       grammar=grammar, languagetool_url=languagetool_url, detector=detector, max_bytes=max_bytes)
    rejected = load_rejections(decisions)
    # a str, not a Path: Path("out/") forgets the slash that says "a folder"; "-" is stdout
    output = Path(output_arg) if output_arg and output_arg != "-" else None
    if in_place and output is not None:
        fail("--in-place and --output exclude each other")
    if in_place and "-" in paths:
        fail("--in-place cannot rewrite standard input")
    if json_summary and output is None and not in_place:
        fail("--json needs --output or --in-place: without them the cleaned text goes to stdout")
    inputs, missing = _inputs(paths, glob, exclude=output, quiet=quiet)
    require_applicable(decisions, rejected, inputs)
    if not inputs:  # every path named is missing (each said so): nothing to prepare or sum up
        raise typer.Exit(1)
    folder_mode = output is not None and (len(inputs) > 1 or any(Path(p).is_dir() for p in paths if p != "-")
                                          or output.is_dir() or output_arg.endswith(("/", os.sep)))
    if not in_place and output is None and len(inputs) > 1:
        fail("several inputs need --output FOLDER (or --in-place)")
    if folder_mode:
        _check_output_folder(output, inputs, edition is EditionFormat.html)
    if output is not None and output.exists():  # a folder or file yet to be made holds no input
        # -o must never land on an input: that is --in-place without the backup. Only a
        # target that exists can be an input; comparing the files (device and inode)
        # costs two stats, where resolving both paths cost a stat per path component.
        for item in inputs:
            if item.path is None:
                continue
            target = output / item.rel if folder_mode else output
            if target.exists() and os.path.samefile(target, item.path):
                fail(f"{item.path}: --output would overwrite this input (use --in-place, which keeps a backup)")

    import functools

    from polish import batch
    from polish.outputs import OutputSpec, finish, print_text
    from polish.render.report import REPORT_NAME, ReportWriter, error_entry
    from polish.stages.consistency import FolderNames

    stages, corpus = prepare_run(cfg, inputs, encoding, jobs)
    summary = batch.Summary(missing=list(missing))
    spec = OutputSpec(output=output, folder_mode=folder_mode, in_place=in_place, backup=backup,
                      edition=edition.value if edition else None, report=folder_mode)
    index_rows: list[Any] = []
    folder_names = FolderNames()  # the names of every document, for the folder-level variants
    bar = _progress(len(inputs), quiet)
    task = bar.add_task("clean", total=len(inputs)) if bar else None
    report = None
    try:  # from the report's first byte on: any exit (a signal too) removes what is half-written
        try:
            report = ReportWriter(output / REPORT_NAME) if folder_mode else None
        except OSError as exc:
            fail(f"{output}: cannot write the output folder ({exc.strerror or exc})")
        if bar:
            bar.start()
        for outcome in batch.process_all(inputs, cfg, jobs=jobs, corpus=corpus, rejected=rejected, encoding=encoding,
                                         stages=stages, finish=functools.partial(finish, spec=spec)):
            summary.add(outcome)
            if bar:
                bar.advance(task)
            if outcome.error is not None:
                error(outcome.error)
                if report:
                    report.add(error_entry(str(outcome.input.rel), outcome.error))
                continue
            if outcome.result is not None and output is None and not in_place:
                print_text(outcome)
            if report and outcome.report_json is not None:
                report.add_json(outcome.report_json)
            if outcome.index_row is not None:
                index_rows.append(outcome.index_row)
            if outcome.mentions is not None:
                folder_names.add(str(outcome.input.rel), outcome.mentions)
        corpus_findings = _corpus_findings(folder_names, cfg, rejected, summary)
        summary.corpus_findings = len(corpus_findings)
        summary.unmatched_rejections = warn_unmatched(decisions, rejected, inputs, summary.declined_ids)
        if report:
            report.close(summary.to_dict(), corpus_findings, cfg.disable)
            report = None
        if edition is EditionFormat.html and folder_mode and index_rows:
            from polish.reading import atomic_write_text
            from polish.render.html import render_index

            atomic_write_text(output / "index.html", render_index(index_rows, output, summary.failed))
    except (KeyboardInterrupt, SystemExit) as stop:
        if not isinstance(stop, SystemExit) or stop.code not in (0, 1, 2, None):  # a signal, not our own exit
            marked = folder_mode and (output / REPORT_NAME).exists()
            error(f"interrupted: {summary.files} of {len(inputs)} files done"
                  + (f"; {output / REPORT_NAME} says the run is incomplete" if marked
                     else "; no report written" if folder_mode else ""))
        raise
    finally:
        folder_names.close()
        if bar:
            bar.stop()
        if report:
            report.abort()
    for line in corpus_findings:
        if not quiet:
            error(f"{line['file']}:{line['line']}: {line['rule']}: {line['message']}")
    if json_summary:
        emit_json(summary.to_dict())
    elif not quiet and (folder_mode or in_place or output is not None):
        typer.echo(f"polish: {summary.line()}", err=True)
    if summary.failed or missing or summary.unmatched_rejections:
        raise typer.Exit(1)


def _check_output_folder(output: Path, inputs: list, html_index: bool) -> None:
    """Refuse a folder run whose outputs would land on a file, or on each other."""
    from polish.render.report import REPORT_NAME

    if output.exists() and not output.is_dir():
        fail(f"{output}: --output must be a folder for this run, and it is a file")
    reserved = {REPORT_NAME: "the run's report"} | ({"index.html": "the editions' index"} if html_index else {})
    seen: dict[str, str] = {}
    for item in inputs:
        rel = item.rel.as_posix()
        if rel in reserved:
            fail(f"{item.label}: its cleaned copy would replace {reserved[rel]} ({output / rel}); clean it on its own")
        if rel in seen:
            fail(f"{seen[rel]} and {item.label} would both be written to {output / rel}; "
                 "clean them in separate runs, or name the folder that holds both")
        seen[rel] = item.label


def _corpus_findings(folder_names: "FolderNames", cfg, rejected: Any, summary: "batch.Summary") -> list[dict[str, Any]]:
    """Cross-document name variants ('Vadim Bogushi' in a.txt, 'Vadim Bogush' in b.txt) no editor dismissed."""
    out = []
    found = list(folder_names.findings(cfg))
    kept = undismissed(found, rejected, summary.declined_ids)
    summary.dismissed += len(found) - len(kept)
    for file, finding in kept:
        d = finding.to_dict()
        d["file"] = file
        out.append(d)
    return out


# -- check -------------------------------------------------------------------------


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to check; - reads standard input.")],
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text for people, json for machines.")] = CheckFormat.text,
    paint: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Colour the rule names (default: only on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).")] = None,
    glossary: GlossaryOpt = None,
    no_default_glossaries: NoDefaultsOpt = False,
    target: TargetOpt = None,
    jobs: JobsOpt = 1,
    translate: TranslateOpt = None,
    grammar: GrammarOpt = None,
    languagetool_url: LTUrlOpt = None,
    detector: DetectorOpt = None,
    decisions: DecisionsOpt = None,
    encoding: EncodingOpt = None,
    max_bytes: MaxBytesOpt = None,
    glob: GlobOpt = None,
    config_file: ConfigOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Report what clean would change and what needs an editor, without writing anything.

    Each line is `FILE:LINE:COL: RULE: message`, with the suggested text after `->`.
    With `--format json` the output is a list of objects with `file`, `start`, `end`, `line`,
    `rule`, `message`, `text` and `suggestion` (null when none). `start` and `end` count
    characters of the text as polish reads it: decoded, without a BOM, line ends as one
    newline, Unicode in NFC (the same as `line` and `col`).

    With `--decisions`, changes an editor rejected are not proposed again and findings an editor
    dismissed are not reported again (a CI gate passes once every change is made or rejected and
    every finding is fixed or dismissed).

    Exit code, like a linter: 0 nothing to report, 1 findings or proposed changes, 2 errors.

    Examples: `polish check article.txt`, `polish check news/ --format json > findings.json`.
    """
    cfg = build_config(config_file, glossary, no_default_glossaries, target=target, translate=translate, disable=disable,
                       grammar=grammar, languagetool_url=languagetool_url, detector=detector, max_bytes=max_bytes)
    rejected = load_rejections(decisions)
    inputs, missing = _inputs(paths, glob)
    require_applicable(decisions, rejected, inputs)
    stages, corpus = prepare_run(cfg, inputs, encoding, jobs)
    from polish import batch
    from polish.model import LineIndex
    from polish.render.diff import in_context
    from polish.stages.consistency import FolderNames

    rows: list[dict[str, Any]] = []
    failed = bool(missing)
    color = (use_color() if paint is None else paint) and format is CheckFormat.text

    def show(items: list[dict[str, Any]], original: str | None) -> None:
        for r in items:
            loc = f"{r['file']}:{r['line']}:" + (f"{r['column']}:" if r["column"] is not None else "")
            rule = f"\x1b[33m{r['rule']}\x1b[0m" if color else r["rule"]
            shown = (in_context(original, r["start"], r["end"], r["text"], r["suggestion"])
                     if r["kind"] == "change" and original is not None else None) or (r["text"], r["suggestion"])
            sugg = f" -> {shown[1]!r}" if shown[1] is not None else ""
            text = f" {shown[0]!r}" if shown[0] and len(shown[0]) <= 80 else ""
            # color=: click would strip the codes from a pipe even when FORCE_COLOR or --color asked for them
            typer.echo(f"{loc} {rule}: {r['message']}{text}{sugg}", color=color)

    folder_names = FolderNames()  # every document's names, for the variants across files (as clean reports them)
    used: set[str] = set()
    for outcome in batch.process_all(inputs, cfg, jobs=jobs, corpus=corpus, encoding=encoding, stages=stages,
                                     rejected=rejected):
        if outcome.error is not None:
            error(outcome.error)
            failed = True
            continue
        result = outcome.result
        used.update(result.declined_met())
        lines = LineIndex(result.doc.text)
        label = outcome.input.label
        names = (result.data or {}).get("consistency")
        if names is not None:
            folder_names.add(label, names.summary())
        items = [
            # a removal that takes the blank line before its junk is on the junk's line, from its start
            dict(file=label, start=c.start, end=c.end, line=c.line,
                 column=lines.column(c.start) if lines.line(c.start) == c.line else 1, rule=c.rule,
                 message=c.reason, text=c.meta.get("original", c.before), suggestion=c.after, kind="change", id=c.id)
            for c in result.changes
        ] + [
            dict(file=label, start=f.start, end=f.end, line=f.line, column=lines.column(f.start), rule=f.rule,
                 message=f.message, text=f.text, suggestion=f.suggestion, kind="finding", id=f.id, severity=f.severity)
            for f in result.findings
        ]
        items.sort(key=lambda r: (r["start"], r["end"], r["rule"]))
        rows.extend(items)
        if format is CheckFormat.text:
            show(items, result.doc.text)
    try:
        across = [dict(file=file, start=f.start, end=f.end, line=f.line, column=None, rule=f.rule, message=f.message,
                       text=f.text, suggestion=f.suggestion, kind="finding", id=f.id, severity=f.severity)
                  for file, f in undismissed(list(folder_names.findings(cfg)), rejected, used)]
    finally:
        folder_names.close()
    rows.extend(across)
    if format is CheckFormat.text:
        show(across, None)
    warn_unmatched(decisions, rejected, inputs, used)  # a warning: what is left to report decides the exit code
    if format is CheckFormat.json:
        emit_json(rows)
    elif not rows and not failed:
        typer.echo("polish: nothing to report", err=True)
    if failed:
        raise typer.Exit(2)
    if rows:
        raise typer.Exit(1)


# -- diff --------------------------------------------------------------------------


@app.command()
def diff(
    path: Annotated[str, typer.Argument(help="The file to diff; - reads standard input.")],
    explain: Annotated[bool, typer.Option("--explain", help="Under each hunk, each change's line, rule, reason, before -> after and id; then the file's findings.")] = False,
    word: Annotated[bool, typer.Option("--word", help="Word-level diff ([-old-]{+new+}) instead of a patch.")] = False,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="Colour (default: only on a terminal).")] = None,
    glossary: GlossaryOpt = None,
    no_default_glossaries: NoDefaultsOpt = False,
    target: TargetOpt = None,
    translate: TranslateOpt = None,
    grammar: GrammarOpt = None,
    languagetool_url: LTUrlOpt = None,
    decisions: DecisionsOpt = None,
    encoding: EncodingOpt = None,
    max_bytes: MaxBytesOpt = None,
    config_file: ConfigOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Show original → cleaned as a unified diff that `patch -p0` (or `git apply -p0`) applies.

    Example: `polish diff article.txt > fix.patch; patch -p0 < fix.patch` (diff exits 1 when it shows changes, as diff(1) does, so not `&&`).
    `--explain` adds `# line N: rule: reason: 'before' -> 'after' [change id]` under each hunk and
    lists the file's findings after the hunks; each hunk then has its own ---/+++ header, so patch
    and git apply both still apply it. With `--word` the same lines follow the word diff.
    Exit code: 0 no difference, 1 differences shown, 2 error.
    """
    cfg = build_config(config_file, glossary, no_default_glossaries, target=target, translate=translate, disable=disable,
                       grammar=grammar, languagetool_url=languagetool_url, max_bytes=max_bytes)
    rejected = load_rejections(decisions)
    if path != "-" and Path(path).is_dir():
        fail(f"{path}: is a folder; polish diff shows one file (polish check {path} lists every change in it)")
    inputs, missing = _inputs([path])
    if missing:
        raise typer.Exit(2)
    require_applicable(decisions, rejected, inputs)
    from polish import batch
    from polish.render.diff import file_forms, patch_bytes, unified_diff, word_diff

    label = path if path != "-" else "stdin"

    outcome = next(batch.process_all(inputs, cfg, rejected=rejected, encoding=encoding, stages=build_pipeline(cfg)))
    if outcome.error is not None:
        fail(outcome.error)
    result = outcome.result
    warn_unmatched(decisions, rejected, inputs, result.declined_met())  # a warning: the exit code is the diff's
    paint = use_color() if color is None else color
    changed = result.text != result.doc.text
    notes = dict(changes=result.changes, explain=explain, findings=result.findings)
    doc = result.doc
    if word:
        out = word_diff(doc.text, result.text, color=paint, **notes) if changed or explain else ""
    elif paint:
        out = unified_diff(doc.text, result.text, label, color=True, **notes)
    else:
        # For patch: the lines as the file holds them (its newlines, its BOM, its encoding),
        # or the hunks would not match it. patch reads no CR-only lines: those are shown as LF.
        if doc.newline == "\r" and not doc.line_ends:
            from dataclasses import replace

            doc = replace(doc, newline="\n")
            error(f"{label}: its lines end with CR only, which patch cannot apply hunks to; "
                  "the diff shows them as LF")
        original, cleaned = file_forms(doc, result.text, result.offsets)
        data, exact = patch_bytes(original, cleaned, label, doc.encoding, source=doc.text, **notes)
        if changed:
            _warn_inexact(label, doc)
        _write_patch(data, label, doc.encoding, exact)  # without changes: --explain's findings, or nothing
        raise typer.Exit(1 if changed else 0)
    sys.stdout.write(out)
    raise typer.Exit(1 if changed else 0)


def _warn_inexact(label: str, doc: Any) -> None:
    """One line on stderr when the file's bytes hold something its hunks cannot reproduce, so patch may refuse some."""
    for note in doc.normalized:
        if note.startswith("unicode: normalised to NFC"):
            error(f"{label}: some characters are decomposed (not NFC) and the diff shows them composed; "
                  "hunks on those lines will not apply")
        elif note.startswith("utf-8:") and "U+FFFD" in note:
            error(f"{label}: it has bytes that are not UTF-8 and the diff shows them as U+FFFD; "
                  "hunks on those lines will not apply")


def _write_patch(data: bytes, label: str, encoding: str, exact: bool) -> None:
    """The diff's bytes on stdout, after naming on stderr what its hunks could not hold."""
    if not exact:
        error(f"{label}: the cleaned text has characters {encoding} cannot hold; the diff shows them as '?'")
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


# -- detect and score --------------------------------------------------------------


def _read_one(path: str, cfg, encoding: str | None, command: str):
    from polish import batch

    if path != "-" and Path(path).is_dir():
        fail(f"{path}: is a folder; polish {command} reads one file (polish check {path} covers a folder)")
    inputs, missing = _inputs([path])
    if missing:
        raise typer.Exit(2)
    from polish.reading import InputError

    try:
        return batch.read_input(inputs[0], cfg, encoding)
    except InputError as exc:
        fail(str(exc))


@app.command()
def detect(
    path: Annotated[str, typer.Argument(help="The file to inspect; - reads standard input.")],
    json_out: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    detector: DetectorOpt = None,
    encoding: EncodingOpt = None,
    config_file: ConfigOpt = None,
) -> None:
    """Show the language of each paragraph, its confidence and its script mix (Han, Cyrillic, Latin).

    Belarusian is told from Russian by its own letters (ў; і with ы/э), which langdetect alone cannot do.

    Examples: `polish detect article.txt`, `polish detect article.txt --json`.
    """
    cfg = build_config(config_file, detector=detector)
    doc = _read_one(path, cfg, encoding, "detect")
    from polish.langid import detect_spans
    from polish.model import LineIndex

    data = detect_spans(doc.text, cfg)
    lines = LineIndex(doc.text)
    rows = []
    for sp in data.paragraphs:
        d = sp.to_dict()
        d["line"] = lines.line(sp.start)
        d["text"] = doc.text[sp.start:sp.end]
        rows.append(d)
    frags = []
    for sp in data.fragments:
        d = sp.to_dict()
        d["line"] = lines.line(sp.start)
        d["text"] = doc.text[sp.start:sp.end]
        frags.append(d)
    if json_out:
        emit_json({"file": path, "document": data.document, "paragraphs": rows, "fragments": frags})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{path}: mostly {data.document}", show_lines=False)
    from rich.text import Text

    console = Console(no_color=not use_color())
    # The figures keep their width on a narrow terminal; only the text is cut short, here,
    # because the table would squeeze the figures' columns to nothing first.
    for col in ("line", "lang", "conf", "Han", "Cyr", "Lat"):
        table.add_column(col, justify="left" if col == "lang" else "right", no_wrap=True, min_width=4)
    table.add_column("text", no_wrap=True)
    # six 4-wide columns, each with padding and a border (7), or below 76 columns without borders
    # (print_table: 6 each); the text's room is what is left
    room = max(10, min(60, console.width - 6 * 7 - 4 if console.width >= 6 * 7 + 4 + 30 else console.width - 6 * 6 - 1))
    for r in rows:
        sc = r.get("scripts", {})
        text = Text(r["text"])
        text.truncate(room, overflow="ellipsis")
        table.add_row(str(r["line"]), r["lang"], f"{r['confidence']:.2f}", f"{sc.get('han', 0):.0%}",
                      f"{sc.get('cyrillic', 0):.0%}", f"{sc.get('latin', 0):.0%}", text)
    print_table(console, table)
    for f in frags:
        typer.echo(f"  fragment, line {f['line']}: {f['lang']} ({f['confidence']:.2f}): {f['text'][:70]}")


@app.command()
def score(
    path: Annotated[str, typer.Argument(help="The file to score; - reads standard input.")],
    json_out: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    after: Annotated[bool, typer.Option("--after", help="Also clean the text and score the result beside the original.")] = False,
    encoding: EncodingOpt = None,
    config_file: ConfigOpt = None,
) -> None:
    """Readability of a file: Flesch reading ease, Flesch–Kincaid grade, Gunning fog and SMOG, per paragraph.

    Higher reading ease is easier; the grade scores estimate years of schooling needed. Each
    paragraph is scored in its own language (– where textstat has no formula for it, as for
    Belarusian and Chinese); the document row reads the whole text in the target language.

    With `--after`, the cleaned text's paragraphs follow (→ line numbers of the cleaned text).

    Examples: `polish score article.txt`, `polish score article.txt --after --json`.
    """
    cfg = build_config(config_file)
    doc = _read_one(path, cfg, encoding, "score")
    from polish.model import LineIndex
    from polish.pipeline import build_stages, run

    # The readability stage's own scores, each paragraph in the language the language
    # stage found (a Belarusian or Chinese paragraph is not scored as English).
    cleaned = None
    if after:
        from polish import clean_document

        cleaned = clean_document(doc, cfg)
        scored = cleaned.data["readability"]
    else:
        scored = run(doc, cfg, stages=build_stages(cfg, only=["language", "readability"])).data["readability"]
    lines = LineIndex(doc.text)
    data: dict[str, Any] = {
        "file": path,
        "document": scored.before.document.to_dict(),
        "paragraphs": [{"line": lines.line(p.start), "index": p.index, **p.scores.to_dict()}
                       for p in scored.before.paragraphs],
    }
    if cleaned is not None:
        out_lines = LineIndex(cleaned.text)  # the cleaned paragraphs' lines, in the cleaned text
        data["after"] = {
            "document": scored.after.document.to_dict(),
            "paragraphs": [{"line": out_lines.line(p.start), "index": p.index, **p.scores.to_dict()}
                           for p in scored.after.paragraphs],
        }
    if json_out:
        emit_json(data)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{path}: readability")
    for col in ("line", "lang", "words", "FRE", "FK grade", "fog", "SMOG"):
        table.add_column(col, justify="right", no_wrap=True)

    def row(label: str, d: dict[str, Any], **style: Any) -> None:
        cells = (d.get(k) for k in ("lang", "words", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index"))
        table.add_row(label, *("–" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v)) for v in cells), **style)

    for p in data["paragraphs"]:
        row(str(p["line"]), p)
    row("all", data["document"], style="bold")
    if cleaned is not None:
        for p in data["after"]["paragraphs"]:
            row(f"→{p['line']}", p, style="green")
        row("cleaned", data["after"]["document"], style="bold green")
    print_table(Console(no_color=not use_color()), table)


@app.command()
def version() -> None:
    """Print polish's version."""
    from polish import __version__

    typer.echo(__version__)
