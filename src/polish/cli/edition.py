"""``polish edition`` (side-by-side editions) and ``polish review`` (accept/reject changes in the terminal)."""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from polish.cli.commands import DisableOpt
from polish.cli.output import error, fail


class Format(str, Enum):
    html = "html"
    md = "md"


def _config(config_file: Path | None, glossary: list[Path] | None, no_default_glossaries: bool, target: str | None,
            disable: list[str] | None = None):
    from polish.cli.commands import build_config, build_pipeline

    cfg = build_config(config_file, glossary, no_default_glossaries, target=target, disable=disable)
    if cfg.disable:
        build_pipeline(cfg)  # for its one line per disabled id that matches no rule (a typo switches nothing off)
    return cfg




def edition(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to make editions of.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the editions (mirrors the input tree), or one .html/.md file for one input.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="html: a self-contained page with review controls; md: a table for a git forge.")] = Format.html,
    decisions: Annotated[Optional[list[Path]], typer.Option("--decisions", help="An editor's decisions JSON: rejected changes are not made (and are listed as rejected), dismissed findings are shown ticked. Repeat it for several files.")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="A glossary TSV to apply (repeatable).")] = None,
    no_default_glossaries: Annotated[bool, typer.Option("--no-default-glossaries", help="Do not apply the shipped glossaries.")] = False,
    target: Annotated[Optional[str], typer.Option("--target", help="Language the edition is in (ISO 639-1). Default: en.")] = None,
    disable: DisableOpt = None,
    glob: Annotated[Optional[str], typer.Option("--glob", help="In folders, take files matching this pattern.")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Project settings file (polish.toml or pyproject.toml).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for folder runs.")] = 1,
) -> None:
    """Write side-by-side editions: original left, polished right, every change explained.

    Examples:

    * `polish edition article.txt -o article.html` writes one HTML edition.

    * `polish edition samples/ -o editions/` writes `editions/NAME.txt.edition.html` (the input's own name and `.edition.html`) for each
      file and editions/index.html, a sortable table of all documents.

    * `polish edition article.txt -o review/ --format md` writes a Markdown table for a pull request.

    In the HTML edition, tick “reject” on changes and export the decisions;
    `polish clean FILE --decisions FILE.decisions.json` then leaves those changes out.
    """
    cfg = _config(config_file, glossary, no_default_glossaries, target, disable)
    from polish.cli.commands import load_rejections, require_applicable, warn_unmatched

    rejected = load_rejections(decisions)
    from polish import batch
    from polish.reading import atomic_write_text
    from polish.render.html import render_index, summarize, write_edition

    inputs, missing = batch.collect_inputs(paths, glob=glob, exclude=output)
    for m in missing:
        error(m)
    if not inputs:
        fail("no input files found" if not missing else "nothing to do")
    require_applicable(decisions, rejected, inputs)
    suffix = "." + fmt.value
    file_like = output.suffix.lower() in (".html", ".htm", ".md") and not output.is_dir()
    single_file = file_like and len(inputs) == 1 and not any(Path(p).is_dir() for p in paths)
    if file_like and not single_file:
        fail(f"{output}: several inputs need -o FOLDER, not a single file")
    corpus = batch.corpus_context(inputs, cfg) if cfg.boilerplate and len(inputs) > 1 else None
    rows = []
    problems = list(missing)  # what the index lists as not cleaned
    used: set[str] = set()  # the rejections the run met
    for outcome in batch.process_all(inputs, cfg, jobs=jobs, corpus=corpus, rejected=rejected):
        if outcome.error is not None:
            error(outcome.error)
            problems.append(outcome.error)
            continue
        used.update(outcome.result.declined_met())
        target_path = output if single_file else output / outcome.input.rel.with_name(outcome.input.rel.name + ".edition" + suffix)
        try:
            write_edition(outcome.result, target_path, fmt=fmt.value)
        except OSError as exc:
            problems.append(f"{target_path}: cannot write edition ({exc.strerror or exc})")
            error(problems[-1])
            continue
        typer.echo(str(target_path))
        if not single_file:
            rows.append(summarize(outcome.result, target_path.relative_to(output).as_posix()))
    if fmt is Format.html and rows and not single_file:
        index = output / "index.html"
        atomic_write_text(index, render_index(rows, output, problems))
        typer.echo(str(index))
    if warn_unmatched(decisions, rejected, inputs, used) or problems:
        raise typer.Exit(1)


# -- review ----------------------------------------------------------------------

_KEYS = {"a": "accept", "r": "reject", "A": "accept-rest", "q": "quit"}
_PROMPT = "  accept [a], reject [r], accept rest [A], quit [q]? "
#: a sentence's end: the context shown around a change stops there
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’)]*(?=\s|$)")
#: the longest stretch of the original shown on either side of a change
_ROOM = 60
#: the longest removed or inserted text shown whole (longer ones show their start and end)
_SHOWN = 240


def _terminal() -> bool:
    """Whether the keys come from a terminal (one keypress each) rather than lines of standard input."""
    return sys.stdin.isatty()


def _read_key(prompt: str, console) -> str | None:
    """One decision key: a single keypress on a terminal, else one line of standard input; None at the end of input."""
    console.print(prompt, end="", markup=False)
    if _terminal():
        import click

        try:
            key = click.getchar()
        except EOFError:  # Ctrl-D: stop like q, keeping what was decided
            console.print("q", markup=False)
            return None
    else:
        line = sys.stdin.readline()
        if not line:
            console.print("q", markup=False)
            return None  # end of input: stop like q
        key = line.strip()[:1]
    console.print(key, markup=False)  # echo, so a piped session reads like a transcript
    return key


def _around(original: str, start: int, end: int, room: int = _ROOM) -> tuple[str, str]:
    """The rest of the sentence on each side of a change, on its line, at most ``room`` characters, cut at a word."""
    line_start = original.rfind("\n", 0, start) + 1
    line_end = original.find("\n", end)
    left = original[line_start:start]
    right = original[end:line_end if line_end >= 0 else len(original)]
    ends = list(_SENTENCE_END.finditer(left))
    if ends and ends[-1].end() < len(left):
        left = left[ends[-1].end():].lstrip()
    stop = _SENTENCE_END.search(right)
    if stop is not None:
        right = right[:stop.end()]
    if len(left) > room:
        cut = left[-room:]
        left = "…" + (cut[cut.find(" ") + 1:] if " " in cut[:-1] else cut)
    if len(right) > room:
        cut = right[:room]
        right = (cut[:cut.rfind(" ")] if " " in cut[1:] else cut) + "…"
    return left, right


def _shown(text: str) -> str:
    """A removed or inserted text on one line: line breaks as ⏎, a long one as its start and end."""
    if len(text) > _SHOWN:
        text = f"{text[:_SHOWN - 60]} … {text[-40:]}"
    return text.replace("\n", "⏎")


def _show(console, change, n: int, total: int, original: str) -> None:
    """One change as the editor decides it: where, the sentence with the change marked, before → after, and why."""
    from rich.text import Text

    from polish.render.diff import in_context

    before = change.meta.get("original", change.before)
    head = Text(f"[{n}/{total}] line {change.line}  ", style="bold")
    head.append(change.rule, style="cyan")
    head.append(f"  ({change.kind})", style="dim")
    console.print(head)
    # a removal of whole lines takes its line end along: the next line is not its context
    whole_lines = before.endswith("\n") and (change.start == 0 or original[change.start - 1] == "\n")
    cut, added, kept = _marked(before.rstrip("\n") if whole_lines else before, change.after)
    # on a narrow terminal, less of the sentence, so the change and its words fit on a line or two
    room = _ROOM if not console.is_terminal else max(20, min(_ROOM, (console.width - len(cut) - len(added) - 10) // 2))
    left, right = ("", "") if whole_lines else _around(original, change.start, change.end, room)
    # wdiff notation, so the change reads right without colour too
    body = Text("  ")
    body.append(left + kept[0])
    if cut:
        body.append(f"[-{_shown(cut)}-]", style="red")
    if added:
        body.append(f"{{+{_shown(added)}+}}", style="green")
    body.append(kept[1] + right)
    console.print(body)
    if whole_lines:
        lines = before.count("\n")
        console.print(Text(f"  removes {'the whole line' if lines == 1 else f'{lines} whole lines'}", style="dim"))
    else:
        was, now = in_context(original, change.start, change.end, before, change.after) or (before, change.after)
        console.print(Text(f"  {_quote(was)} → {_quote(now or '')}"))
    console.print(Text(f"  why: {change.reason}", style="dim"))


def _marked(before: str, after: str) -> tuple[str, str, tuple[str, str]]:
    """What a small fix removes and adds, without what both sides share (" -" -> "-" removes a space)."""
    if not (before and after and len(before) <= 3 and len(after) <= 3):
        return before, after, ("", "")
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    end_b, end_a = len(before) - tail, len(after) - tail
    return before[head:end_b], after[head:end_a], (before[:head], before[end_b:])


def _quote(text: str) -> str:
    """A short text as repr writes it, so a space or a line break shows; a long one cut in the middle."""
    return repr(text) if len(text) <= 80 else f"{text[:50]!r}…{text[-20:]!r}"


def _one_file(files: list[Path]) -> Path:
    """The one file a review steps through; one line and exit 2 for anything else."""
    if len(files) > 1:
        fail(f"review steps through one file at a time, not {len(files)}: run it once per file "
             "(polish check FILES lists the changes of all of them)")
    file = files[0]
    if str(file) == "-":
        fail("review reads your keys from standard input, so the text must come from a file: polish review FILE")
    if file.is_dir():
        fail(f"{file}: is a folder; polish review steps through one file (polish check {file} lists every change in it)")
    return file


def _not_the_input(file: Path, **targets: Path | None) -> None:
    """Refuse, before the first question, an output that is the file under review (it would be lost, with no backup)."""
    for option, target in targets.items():
        if target is not None and target.exists() and file.exists() and os.path.samefile(target, file):
            fail(f"{file}: --{option.replace('_', '-')} would overwrite the file under review "
                 "(write the text elsewhere; polish clean --in-place keeps a backup)")


def _earlier_decisions(file: Path, decisions: Path | None, out_json: Path, restart: bool, default_out: bool):
    """The decisions a review resumes from: ``--decisions``, else the file it writes, when one is there."""
    from polish.cli.commands import load_rejections

    source = decisions if decisions is not None else (out_json if out_json.is_file() and not restart else None)
    if source is None:
        return None, None
    loaded = load_rejections(source)
    if decisions is None:
        # The default name keeps only the file's name, and it is written in the current folder, where the
        # file names it records were given: a review of b/x.txt must not take over a/x.txt's decisions.
        others = sorted({d["file"] for d in loaded.items if d.get("file")
                         and (os.path.abspath(d["file"]) != os.path.abspath(file) if default_out
                              else not loaded.for_file(file).items)})
        if others:
            fail(f"{out_json}: holds decisions for {others[0]}, not {file}; "
                 "give --decisions-out for this file's decisions (or --restart to replace them)")
    return source, loaded.for_file(file)


def _ask(changes: list, accepted_before: set[str], console, original: str) -> tuple[dict[str, str], bool]:
    """The editor's decisions, by change id, and whether Ctrl-C interrupted the questions (``q``/Ctrl-D just stop)."""
    decided: dict[str, str] = {}
    accept_rest = False
    try:
        for n, ch in enumerate(changes, 1):
            if accept_rest or ch.id in accepted_before:
                decided[ch.id] = "accept"
                continue
            _show(console, ch, n, len(changes), original)
            while True:
                key = _read_key(_PROMPT, console)
                action = _KEYS.get(key) if key is not None else "quit"
                if action is not None:
                    break
                console.print(f"  {key!r} is not a key here: press a, r, A or q" if key else "  press a, r, A or q",
                              markup=False)
            if action == "quit":
                break
            if action == "accept-rest":
                accept_rest = True
                decided[ch.id] = "accept"
                continue
            decided[ch.id] = action
    except KeyboardInterrupt:
        console.print()  # the prompt's line is left open
        return decided, True
    return decided, False


def _interrupted(message: str) -> NoReturn:
    """Ctrl-C: one line saying what was kept, and the conventional exit code (128 + SIGINT)."""
    error(f"interrupted: {message}")
    raise typer.Exit(130)


def _nothing_written(out_json: Path) -> str:
    """What an interrupt before any decision leaves: nothing new, and the decisions file, if any, untouched."""
    return "nothing decided; no decisions and no text written" + (f" ({out_json} is as it was)" if out_json.exists() else "")


def review(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to review (one).", show_default=False)],
    decisions_out: Annotated[Optional[Path], typer.Option("--decisions-out", help="Where to write the decisions JSON. Default: FILE.decisions.json in the current folder; a review there is resumed.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the final text here (default: standard output).")] = None,
    decisions: Annotated[Optional[Path], typer.Option("--decisions", help="Resume from this decisions file (default: the --decisions-out file, when there is one).")] = None,
    restart: Annotated[bool, typer.Option("--restart", help="Start over: ask about every change, ignoring the decisions in the --decisions-out file (it is replaced).")] = False,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="A glossary TSV to apply (repeatable).")] = None,
    no_default_glossaries: Annotated[bool, typer.Option("--no-default-glossaries", help="Do not apply the shipped glossaries.")] = False,
    target: Annotated[Optional[str], typer.Option("--target", help="Language the edition is in (ISO 639-1).")] = None,
    disable: DisableOpt = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Project settings file.")] = None,
) -> None:
    """Step through the changes polish would make, accepting or rejecting each one.

    Each change shows its line, rule, the sentence with the change marked (`[-removed-]{+added+}`),
    'before' → 'after' and the reason (a glossary change names its entry). Keys: `a` accept,
    `r` reject, `A` accept this and all the rest, `q` quit (Ctrl-D too). The decisions made so far
    are written to FILE.decisions.json (or `--decisions-out`), then the text; the changes not
    reviewed stay as polish made them and are asked about when you run the review again.
    Ctrl-C interrupts (exit 130): the decisions made so far are written, so the same command
    resumes, but no text is. A file with no changes gets no decisions file (an existing one is updated).

    Examples:

    * `polish review article.txt -o clean.txt` reviews, then writes the text with your decisions.

    * `polish review article.txt -o clean.txt` again resumes: only the open changes are asked.

    * `polish clean article.txt --decisions article.txt.decisions.json` applies the decisions later
      (and `polish check article.txt --decisions …` no longer proposes the rejected changes).

    * `printf 'a\\nr\\nq\\n' | polish review article.txt` reads one key per line without a terminal.
    """
    file = _one_file([file, *map(Path, ctx.args)])  # extra arguments are allowed only to refuse them in one line
    out_json = decisions_out or Path(file.name + ".decisions.json")
    _not_the_input(file, output=output, decisions_out=out_json)
    try:
        cfg = _config(config_file, glossary, no_default_glossaries, target, disable)
        _review(file, out_json, output, cfg, _earlier_decisions(file, decisions, out_json, restart, decisions_out is None))
    except KeyboardInterrupt:  # before the first question: nothing was decided, nothing is written
        typer.echo(err=True)
        _interrupted(_nothing_written(out_json))


def _review(file: Path, out_json: Path, output: Path | None, cfg, earlier_decisions: tuple) -> None:
    """Ask about each open change, write the decisions, then the text; Ctrl-C after the first question is handled here."""
    from rich.console import Console

    from polish import clean_path
    from polish.decisions import decision_item, save_decisions
    from polish.reading import InputError

    source, mine = earlier_decisions
    earlier = set(mine.rejected) if mine else set()
    # a resumed review asks only about what the earlier one left open
    accepted_before = set(mine.accepted) if mine else set()
    console = Console(stderr=True, highlight=False)
    console.soft_wrap = not console.is_terminal  # a transcript keeps one line per line, however long
    try:
        result = clean_path(file, cfg, rejected=earlier)
    except InputError as exc:
        fail(str(exc))
    original = result.doc.text
    changes = sorted(result.changes, key=lambda c: (c.start, c.end, c.out_start))
    items = [decision_item(c, "reject", original) for c in result.rejected]
    ids = {c.id for c in changes}
    met = ids | {c.id for c in result.rejected}
    # Dismissals, and earlier decisions on changes this run no longer makes (the text or the glossary
    # changed since), go back into the file as they were: the editor's work is never dropped.
    carried = [{k: v for k, v in d.items() if k != "file"} for d in (mine.items if mine else ())
               if d["decision"] == "dismiss" or d["id"] not in met]
    items += carried
    stale = sum(1 for d in carried if d["decision"] != "dismiss")
    known = len(result.rejected) + len(accepted_before & ids)
    if changes and mine is not None and mine.items:
        typer.echo(f"polish: resuming from {source}: {known} change(s) decided earlier, "
                   f"{len(changes) - len(accepted_before & ids)} to review", err=True)
    if stale:
        typer.echo(f"polish: {stale} earlier decision(s) in {source} match no change in {file} now; "
                   f"they are kept in {out_json} as they were", err=True)
    decided, interrupted = _ask(changes, accepted_before, console, original)
    fresh = any(cid not in accepted_before for cid in decided)  # decided in this session, not carried over
    if interrupted and not fresh:  # an earlier decisions file already holds all there is
        _interrupted(_nothing_written(out_json))
    decided.update({cid: "accept" for cid in accepted_before if cid in ids and cid not in decided})
    by_id = {c.id: c for c in changes}
    items += [decision_item(by_id[cid], d, original) for cid, d in decided.items()]
    rejected = earlier | {cid for cid, d in decided.items() if d == "reject"}
    # Nothing to decide and nothing decided before: an empty decisions file would only be clutter.
    # One that is there already is rewritten (--restart replaces it; a resumed one stays whole).
    write_json = bool(changes or items) or out_json.exists()
    n_rej = len(result.rejected) + sum(1 for d in decided.values() if d == "reject")  # earlier ones count too
    n_acc = sum(1 for d in decided.values() if d == "accept")
    tally = f"{n_acc} accepted, {n_rej} rejected, {len(changes) - len(decided)} not reviewed"
    if write_json:
        try:
            save_decisions(out_json, {"version": 1, "file": result.doc.path, "decisions": items})
        except OSError as exc:
            fail(f"{out_json}: cannot write decisions ({exc.strerror or exc})")
        except KeyboardInterrupt:  # the write is atomic: the file is as it was, or not there
            typer.echo(err=True)
            _interrupted(f"{tally}; decisions not written; no text written")
    if interrupted:  # the review is not finished: its text is not the editor's yet
        _interrupted(f"{tally}; decisions written to {out_json} (the same command resumes); no text written")
    try:
        _write_text(file, cfg, result, earlier, rejected, decided, output)
    except KeyboardInterrupt:
        typer.echo(err=True)
        _interrupted(f"{tally}; decisions written to {out_json}; no text written")
    where = f", text written to {output}" if output is not None else ""
    kept = f"decisions written to {out_json}" if write_json else "no decisions file written"
    if not changes:
        before = f" ({known} decided earlier)" if known else ""
        typer.echo(f"polish: {file}: no changes to review{before}; {kept}{where}", err=True)
        return
    # one line, however narrow the terminal: the terminal wraps it, not polish
    typer.echo(f"polish: {tally}; {kept}{where}", err=True)


def _write_text(file: Path, cfg, result, earlier: set[str], rejected: set[str], decided: dict[str, str],
                output: Path | None) -> None:
    """The text with the editor's decisions, to ``output`` or standard output."""
    from polish import clean_path
    from polish.reading import atomic_write_text

    final = clean_path(file, cfg, rejected=rejected) if rejected != earlier else result
    missed = {cid for cid, d in decided.items() if d == "reject"} - {c.id for c in final.rejected}
    if missed:
        error(f"{len(missed)} rejected change(s) no longer arise on re-run (an earlier rejection changed the text around them)")
    if output is not None:
        try:
            atomic_write_text(output, final.text, result.doc.newline)
        except OSError as exc:
            fail(f"{output}: cannot write output ({exc.strerror or exc})")
    else:
        sys.stdout.write(final.text)


def register(app: typer.Typer) -> None:
    """Add the ``edition`` and ``review`` commands to the polish app."""
    app.command("edition")(edition)
    app.command("review", context_settings={"allow_extra_args": True})(review)
