"""``polish edition`` (side-by-side editions) and ``polish review`` (accept/reject changes in the terminal)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from polish.cli.output import error, fail


class Format(str, Enum):
    html = "html"
    md = "md"


def _config(config_file: Path | None, glossary: list[Path] | None, no_default_glossaries: bool, target: str | None):
    from polish.cli.commands import build_config

    return build_config(config_file, glossary, no_default_glossaries, target=target)




def edition(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to make editions of.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the editions (mirrors the input tree), or one .html/.md file for one input.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="html: a self-contained page with review controls; md: a table for a git forge.")] = Format.html,
    decisions: Annotated[Optional[list[Path]], typer.Option("--decisions", help="An editor's decisions JSON: rejected changes are not made (and are listed as rejected), dismissed findings are shown ticked. Repeat it for several files.")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="A glossary TSV to apply (repeatable).")] = None,
    no_default_glossaries: Annotated[bool, typer.Option("--no-default-glossaries", help="Do not apply the shipped glossaries.")] = False,
    target: Annotated[Optional[str], typer.Option("--target", help="Language the edition is in (ISO 639-1). Default: en.")] = None,
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
    cfg = _config(config_file, glossary, no_default_glossaries, target)
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


def _read_key(prompt: str, console) -> str | None:
    """One decision key: a single keypress on a terminal, else one line of standard input."""
    console.print(prompt, end="", markup=False)
    if sys.stdin.isatty():
        import click

        key = click.getchar()
    else:
        line = sys.stdin.readline()
        if not line:
            console.print("q", markup=False)
            return None  # end of input: stop like q
        key = line.strip()[:1]
    console.print(key, markup=False)  # echo, so a piped session reads like a transcript
    return key


def _show(console, change, n: int, total: int, original: str) -> None:
    from rich.text import Text

    head = Text(f"[{n}/{total}] ", style="bold")
    head.append(change.rule, style="cyan")
    head.append(f"  ({change.kind}, line {change.line})", style="dim")
    console.print(head)
    left = original[max(0, change.start - 40):change.start].split("\n")[-1]
    right = original[change.end:change.end + 40].split("\n")[0]
    # wdiff notation, so the change reads right without colour too
    body = Text("  ")
    body.append(left)
    if change.before:
        body.append(f"[-{change.before}-]", style="red")
    if change.after:
        body.append(f"{{+{change.after}+}}", style="green")
    body.append(right)
    console.print(body)
    console.print(Text(f"  why: {change.reason}", style="dim"))


def review(
    file: Annotated[Path, typer.Argument(help="The file to review.")],
    decisions_out: Annotated[Optional[Path], typer.Option("--decisions-out", help="Where to write the decisions JSON. Default: FILE.decisions.json in the current folder.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the final text here (default: standard output).")] = None,
    decisions: Annotated[Optional[Path], typer.Option("--decisions", help="Resume from an earlier decisions file (its rejections stay).")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", "-g", help="A glossary TSV to apply (repeatable).")] = None,
    no_default_glossaries: Annotated[bool, typer.Option("--no-default-glossaries", help="Do not apply the shipped glossaries.")] = False,
    target: Annotated[Optional[str], typer.Option("--target", help="Language the edition is in (ISO 639-1).")] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Project settings file.")] = None,
) -> None:
    """Step through the changes polish would make, accepting or rejecting each one.

    Keys: `a` accept, `r` reject, `A` accept this and all the rest, `q` quit (the changes
    not reviewed stay as polish made them). Without a terminal, one key per line is read
    from standard input, e.g. `printf 'a\\nr\\nq\\n' | polish review article.txt -o clean.txt`.

    Writes the decisions JSON (reusable with `polish clean --decisions`) and the final text.
    """
    from rich.console import Console

    from polish import clean_path
    from polish.cli.commands import load_rejections
    from polish.decisions import decision_item, save_decisions
    from polish.reading import InputError, atomic_write_text

    cfg = _config(config_file, glossary, no_default_glossaries, target)
    decided_before = load_rejections(decisions)
    mine = decided_before.for_file(file) if decided_before else None
    earlier = set(mine.rejected) if mine else set()
    # a resumed review asks only about what the earlier one left open
    accepted_before = set(mine.accepted) if mine else set()
    console = Console(stderr=True, highlight=False)
    try:
        result = clean_path(file, cfg, rejected=earlier)
    except InputError as exc:
        fail(str(exc))
    original = result.doc.text
    changes = sorted(result.changes, key=lambda c: (c.start, c.end, c.out_start))
    items = [decision_item(c, "reject", original) for c in result.rejected]
    items += [{k: v for k, v in d.items() if k != "file"} for d in (mine.items if mine else ()) if d["decision"] == "dismiss"]
    decided: dict[str, str] = {}
    if not changes:
        console.print("No changes to review.")
    accept_rest = False
    try:
        for n, ch in enumerate(changes, 1):
            if accept_rest or ch.id in accepted_before:
                decided[ch.id] = "accept"
                continue
            _show(console, ch, n, len(changes), original)
            while True:
                key = _read_key("  accept [a], reject [r], accept rest [A], quit [q]? ", console)
                action = _KEYS.get(key) if key is not None else "quit"
                if action is not None:
                    break
                console.print("  press a, r, A or q")
            if action == "quit":
                break
            if action == "accept-rest":
                accept_rest = True
                decided[ch.id] = "accept"
                continue
            decided[ch.id] = action
    except KeyboardInterrupt:  # Ctrl-C is a quit: what was decided so far is kept
        console.print("\n  interrupted: keeping the decisions made so far")
    ids = {c.id for c in changes}
    decided.update({cid: "accept" for cid in accepted_before if cid in ids and cid not in decided})
    by_id = {c.id: c for c in changes}
    items += [decision_item(by_id[cid], d, original) for cid, d in decided.items()]
    rejected = earlier | {cid for cid, d in decided.items() if d == "reject"}
    out_json = decisions_out or Path(file.name + ".decisions.json")
    try:
        save_decisions(out_json, {"version": 1, "file": result.doc.path, "decisions": items})
    except OSError as exc:
        fail(f"{out_json}: cannot write decisions ({exc.strerror or exc})")
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
    n_rej = sum(1 for d in decided.values() if d == "reject")
    n_acc = sum(1 for d in decided.values() if d == "accept")
    where = f", text written to {output}" if output is not None else ""
    console.print(f"polish: {n_acc} accepted, {n_rej} rejected, {len(changes) - len(decided)} not reviewed; "
                  f"decisions written to {out_json}{where}")


def register(app: typer.Typer) -> None:
    """Add the ``edition`` and ``review`` commands to the polish app."""
    app.command("edition")(edition)
    app.command("review")(review)
