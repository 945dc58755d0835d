"""`polish glossary ...`: the commands translators use to maintain glossaries.

Every command reads and writes the native TSV format (one entry per line, see
`polish.glossary.model.COLUMNS`) unless it converts to or from TBX, CSV or OmegaT.
Errors are one line, ``polish: FILE:LINE: problem``, with exit status 2.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NoReturn, Optional

import typer

if TYPE_CHECKING:
    from polish.glossary.model import Entry, Glossary

app = typer.Typer(
    no_args_is_help=True,
    help="Maintain glossaries: lint, test, add, remove, show, stats, suggest, import, export, except.",
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

FORMATS = ("tbx", "csv", "omegat")
_SUFFIX_FORMATS = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".txt": "omegat", ".utf8": "omegat", ".tab": "omegat"}

FilesArg = typer.Argument(None, help="Glossary files, TSV (or .csv/.tbx) (default: those in polish.toml, then the built-in ones).")
SourceLangOpt = typer.Option("zh", "--source-lang", help="OmegaT only: the language of the source column (zh, ru, be, ...).")


def _fail(path: object, line: int | None, problem: str) -> NoReturn:
    where = f"{path}:{line}" if line else f"{path}"
    typer.echo(f"polish: {where}: {problem}", err=True)
    raise typer.Exit(2)


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """One line, not a traceback, when ``out`` cannot be written (a folder, a read-only place)."""
    try:
        yield
    except OSError as exc:
        _fail(out, None, f"cannot write: {exc.strerror or exc}")


def _fail_exc(exc: Exception) -> NoReturn:
    """One line for a GlossaryError / InputError / ConfigError."""
    path = getattr(exc, "path", None)
    problem = getattr(exc, "problem", None)
    if path is None or problem is None:
        typer.echo(f"polish: {exc}", err=True)
        raise typer.Exit(2)
    _fail(path, getattr(exc, "line", None), problem)


def _errors() -> tuple[type[Exception], ...]:
    from polish.config import ConfigError
    from polish.glossary.tsv import GlossaryError
    from polish.reading import InputError

    return (GlossaryError, InputError, ConfigError)


def _paths(files: Optional[list[Path]]) -> list[str]:
    """The files named, or the default glossaries plus the project's."""
    if files:
        return [str(f) for f in files]
    from polish.config import load_config
    from polish.glossary.loading import config_glossary_paths

    try:
        return [str(p) for p in config_glossary_paths(load_config())]
    except _errors() as exc:
        _fail_exc(exc)


def _read(path: str) -> "Glossary":
    from polish.glossary.loading import read_glossary

    try:
        return read_glossary(path)
    except _errors() as exc:
        _fail_exc(exc)


def _require_tsv(path: Path) -> None:
    if path.suffix.lower() in _SUFFIX_FORMATS and path.suffix.lower() not in (".txt",):
        _fail(path, None, "polish edits only native TSV glossaries; convert it first with "
                          f"`polish glossary import {path.name} -o NAME.tsv`")


def _format_of(path: Path, given: Optional[str]) -> str:
    if given:
        if given not in FORMATS:
            _fail(path, None, f"unknown format {given!r}; choose one of {', '.join(FORMATS)}")
        return given
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        _fail(path, None, f"cannot tell the format from the name; pass --format {'|'.join(FORMATS)}")
    return fmt


@app.command("lint")
def lint_cmd(
    files: Optional[list[Path]] = FilesArg,
    as_json: bool = typer.Option(False, "--json", help="Print the messages as a JSON list."),
) -> None:
    """Check glossaries for mistakes that would rewrite text wrongly.

    Finds duplicate ids, a variant claimed by two entries, a variant that is some
    entry's canonical or admitted form, rewrite cycles (A -> B -> A), variants that
    are common English words, or phrases made only of them, with nothing limiting them
    (no context, no exception containing them, no `[accept: common-words]` in the note),
    variants shorter than 3 characters (warnings), examples that fail, invalid
    kind/status, and rows that cannot be read.

    Exit status: **0** no errors (warnings are printed), **1** errors found,
    **2** a file could not be read.

    Example: `polish glossary lint glossaries/china-belarus-education.tsv my-terms.tsv`
    """
    from polish.glossary.lint import exit_code, lint

    paths = _paths(files)
    messages = lint(paths)
    if as_json:
        typer.echo(json.dumps([m.to_dict() for m in messages], ensure_ascii=False, indent=2))
    else:
        for m in messages:
            typer.echo(str(m))
        errors = sum(m.severity == "error" for m in messages)
        warnings = len(messages) - errors
        typer.echo(f"{len(paths)} file{'s' if len(paths) != 1 else ''}: {errors} errors, {warnings} warnings", err=True)
    raise typer.Exit(exit_code(messages))


@app.command("test")
def test_cmd(files: Optional[list[Path]] = FilesArg) -> None:
    """Run every entry's examples and report the ones that fail.

    Each example `input => expected` in the `examples` column is cleaned with the
    glossary file it belongs to; the output must equal `expected`. Exit status 1
    when any example fails.

    Example: `polish glossary test glossaries/titles-programmes.tsv`
    """
    from polish.glossary.lint import example_failures

    total = failed = 0
    for path in _paths(files):
        glossary = _read(path)
        total += sum(len(e.examples) for e in glossary.entries)
        for m in example_failures(glossary, path):
            failed += 1
            typer.echo(str(m))
    typer.echo(f"{total} examples, {failed} failed", err=True)
    raise typer.Exit(1 if failed else 0)


def _example(raw: str) -> tuple[str, str]:
    from polish.glossary.model import ARROW

    if ARROW not in raw:
        _fail("--example", None, f"{raw!r} needs the form 'input => expected'")
    text, expected = raw.split(ARROW, 1)
    return text.strip(), expected.strip()


@app.command("add")
def add_cmd(
    file: Path = typer.Argument(..., help="The glossary TSV to append to (created if missing)."),
    id: Optional[str] = typer.Option(None, "--id", help="Stable slug (default: made from the canonical form)."),
    canonical: str = typer.Option(..., "--canonical", help="The one right English form."),
    variant: list[str] = typer.Option([], "--variant", help="A wrong form to replace (repeatable)."),
    admitted: list[str] = typer.Option([], "--admitted", help="An acceptable alternative left alone (repeatable)."),
    kind: str = typer.Option("term", "--kind", help="person | organisation | place | programme | title | term | phrase | label"),
    case_sensitive: bool = typer.Option(False, "--case-sensitive", help="Match variants with their exact casing."),
    note: str = typer.Option("", "--note", help="What the entry rests on (a source, a URL)."),
    example: list[str] = typer.Option([], "--example", help="Self-test 'input => expected' (repeatable)."),
    zh: list[str] = typer.Option([], "--zh", help="Chinese source form (repeatable)."),
    ru: list[str] = typer.Option([], "--ru", help="Russian source form (repeatable)."),
    be: list[str] = typer.Option([], "--be", help="Belarusian source form (repeatable)."),
    decide: bool = typer.Option(False, "--decide", help="Status 'decide': report matches, never replace."),
) -> None:
    """Append one entry to a glossary file, leaving every other line as it is.

    The entry is checked first: its kind, its examples against the file with the entry
    added, and what `polish glossary lint` would say of it beside the glossaries a run uses
    (an error, such as a variant another entry already claims, refuses it; a warning is shown).
    An id that already exists in the file is refused; a generated id is new across all of them.

    Example: `polish glossary add glossaries/local.tsv --canonical "Belarusian State University"
    --variant "Belorussian State University" --kind organisation --zh 白俄罗斯国立大学
    --example "Belorussian State University => Belarusian State University"`
    """
    from polish.glossary.edit import add_entry
    from polish.glossary.lint import example_failures, lint
    from polish.glossary.model import KINDS, Entry, Example, Glossary
    from polish.glossary.tbx import new_id
    from polish.glossary.tsv import format_row, parse_row

    _require_tsv(file)
    if kind not in KINDS:
        _fail(file, None, f"--kind {kind!r} is not one of {', '.join(KINDS)}")
    sources = {lang: tuple(forms) for lang, forms in (("zh", zh), ("ru", ru), ("be", be)) if forms}
    existing = _read(str(file)).entries if file.exists() else []
    # the glossaries a run uses besides this file: a new id must not shadow one of their entries
    others = [_read(p) for p in _paths(None) if Path(p).resolve() != file.resolve()]
    taken = {e.id for e in existing} | {e.id for g in others for e in g.entries}
    entry_id = id or new_id(canonical, taken)
    entry = Entry(id=entry_id, canonical=canonical, variants=tuple(variant), admitted=tuple(admitted), kind=kind,
                  case_sensitive=case_sensitive, sources=sources, status="decide" if decide else "approved",
                  note=note, examples=tuple(Example(*_example(x)) for x in example))
    try:
        # the row must read back as the same entry, or the file would hold something else
        back = parse_row(format_row(entry).rstrip("\r\n").split("\t"), str(file), 0)
        if back != entry:
            _fail(file, None, "the entry does not survive the TSV format (a tab, newline or ' | ' inside a value?)")
        with_new = Glossary(entries=[*existing, entry.with_origin(str(file), 0)], sources=[str(file)])
        failures = example_failures(with_new, str(file))
        mine = [m for m in failures if f"entry {entry_id!r}" in m.message]
        if mine:
            _fail(file, None, mine[0].message)
        # what lint would say of the new entry beside every glossary a run uses
        said = [m for m in lint([with_new, *others]) if f"entry {entry_id!r}" in m.message or
                (m.path == str(file) and m.line == 0)]
        # Another glossary's entry listing one of these variants is overridden, not broken: the file
        # given is the user's, read before the curated ones. Said below in the user's terms.
        said = [m for m in said if not (m.code in ("variant-conflict", "form-conflict") and m.path != str(file))]
        errors = [m for m in said if m.severity == "error" and m.code != "duplicate-id"]  # add_entry says that one
        if errors:
            _fail(file, None, f"{errors[0].message} [{errors[0].code}]")
        add_entry(file, entry)
    except _errors() as exc:
        _fail_exc(exc)
    for m in said:
        typer.echo(f"polish: {file}: warning: {m.message} [{m.code}]", err=True)
    for line in _overridden(entry, others):
        typer.echo(f"polish: {file}: note: {line}", err=True)
    typer.echo(f"added {entry_id!r} to {file}")


def _overridden(entry: "Entry", others: list["Glossary"]) -> list[str]:
    """What the new entry takes over from other glossaries' entries that share one of its forms."""
    from polish.glossary.keys import form_key

    def forms(e: "Entry") -> list[str]:
        return [e.canonical, *e.admitted, *e.variants]

    mine = {form_key(f)[0]: f for f in forms(entry) if f}
    out = []
    for g in others:
        for e in g.entries:
            shared = sorted({mine[k] for k in (form_key(f)[0] for f in forms(e) if f) if k in mine})
            if e.id != entry.id and shared:
                where = f"{e.origin[0]}:{e.origin[1]}" if e.origin else ", ".join(g.sources)
                out.append(f"{', '.join(map(repr, shared))} also in entry {e.id!r} ({where}); where this "
                           "glossary is read first (--glossary, polish.toml), this entry applies there")
    return out


@app.command("remove")
def remove_cmd(
    file: Path = typer.Argument(..., help="The glossary TSV."),
    entry_id: str = typer.Argument(..., metavar="ID", help="The id of the entry to remove."),
) -> None:
    """Remove one entry (its whole line) from a glossary file; other lines stay byte-identical.

    Example: `polish glossary remove glossaries/local.tsv belarusian-state-university`
    """
    from polish.glossary.edit import remove_entry

    _require_tsv(file)
    try:
        entry = remove_entry(file, entry_id)
    except _errors() as exc:
        _fail_exc(exc)
    typer.echo(f"removed {entry.id!r} ({entry.canonical}) from {file}")


def _show_lines(entry: "Entry") -> list[str]:
    from polish.glossary.model import EXAMPLE_SEP, LIST_SEP

    rows: list[tuple[str, str]] = [
        ("id", entry.id),
        ("rule", f"glossary:{entry.id}"),
        ("canonical", entry.canonical),
        ("variants", LIST_SEP.join(entry.variants)),
        ("admitted", LIST_SEP.join(entry.admitted)),
        ("kind", entry.kind),
        ("case", "sensitive" if entry.case_sensitive else "insensitive"),
        ("status", entry.status + (" (report only, never replaced)" if entry.needs_decision else "")),
    ]
    rows += [(lang, LIST_SEP.join(forms)) for lang, forms in entry.sources.items() if forms]
    rows += [
        ("context", LIST_SEP.join(entry.context)),
        ("exceptions", LIST_SEP.join(entry.exceptions)),
        ("note", entry.note),
        ("examples", EXAMPLE_SEP.join(f"{x.text} => {x.expected}" for x in entry.examples)),
        ("origin", f"{entry.origin[0]}:{entry.origin[1]}" if entry.origin else "(unknown)"),
    ]
    return [f"{k + ':':<12}{v}" for k, v in rows if v]


@app.command("show")
def show_cmd(
    entry_id: str = typer.Argument(..., metavar="ID", help="The entry id (as in the rule 'glossary:ID')."),
    glossary: Optional[list[Path]] = typer.Option(None, "--glossary", help="Look only in this file (repeatable)."),
) -> None:
    """Print one entry with every field and the file:line it comes from.

    Example: `polish glossary show belarusian-state-university`
    """
    from polish.glossary.loading import load_glossaries

    entry_id = entry_id.removeprefix("glossary:")
    paths = _paths(glossary)
    try:
        loaded = load_glossaries(paths)
    except _errors() as exc:
        _fail_exc(exc)
    entry = loaded.by_id().get(entry_id)
    if entry is None:
        _fail(", ".join(paths) or "(no glossaries)", None, f"no entry with id {entry_id!r}")
    typer.echo("\n".join(_show_lines(entry)))


def _stats(path: str, glossary: "Glossary") -> dict[str, Any]:
    from collections import Counter

    entries = glossary.entries
    sources: Counter[str] = Counter()
    for e in entries:
        for lang, forms in e.sources.items():
            sources[lang] += len(forms)
    return {
        "path": path,
        "entries": len(entries),
        "kinds": dict(Counter(e.kind for e in entries).most_common()),
        "statuses": dict(Counter(e.status for e in entries).most_common()),
        "variants": sum(len(e.variants) for e in entries),
        "admitted": sum(len(e.admitted) for e in entries),
        "source_forms": dict(sorted(sources.items())),
        "examples": sum(len(e.examples) for e in entries),
        "with_exceptions": sum(bool(e.exceptions) for e in entries),
    }


@app.command("stats")
def stats_cmd(
    files: Optional[list[Path]] = FilesArg,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Count entries by kind and status, variants, admitted forms and source forms, per file.

    Example: `polish glossary stats --json`
    """
    per_file = [_stats(p, _read(p)) for p in _paths(files)]
    total: dict[str, Any] = {"path": "(total)", "entries": 0, "kinds": {}, "statuses": {}, "variants": 0,
                             "admitted": 0, "source_forms": {}, "examples": 0, "with_exceptions": 0}
    for s in per_file:
        for k, v in s.items():
            if isinstance(v, int):
                total[k] += v
            elif isinstance(v, dict):
                for kk, vv in v.items():
                    total[k][kk] = total[k].get(kk, 0) + vv
    if as_json:
        typer.echo(json.dumps({"files": per_file, "total": total}, ensure_ascii=False, indent=2))
        return
    for s in per_file + ([total] if len(per_file) > 1 else []):
        def by(d: dict[str, int]) -> str:
            return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"
        typer.echo(f"{s['path']}: {s['entries']} entries")
        typer.echo(f"  kinds:        {by(s['kinds'])}")
        typer.echo(f"  statuses:     {by(s['statuses'])}")
        typer.echo(f"  variants:     {s['variants']}   admitted: {s['admitted']}   examples: {s['examples']}")
        typer.echo(f"  source forms: {by(s['source_forms'])}")


@app.command("suggest")
def suggest_cmd(
    paths: list[Path] = typer.Argument(..., help="Text files or folders of machine-translated English."),
    glossary: Optional[list[Path]] = typer.Option(None, "--glossary", help="Glossary to compare against (default: built-in + project)."),
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the rows (with a header) to this TSV instead of stdout."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many suggestions, best first."),
) -> None:
    """Propose new glossary entries from a corpus: names and terms the MT spells several ways.

    Prints ready-to-review TSV rows (status `decide`, so nothing is replaced until a
    translator approves them), each after a `#` comment with its score and where the
    forms were seen. Review, then paste them into a glossary file.

    Example: `polish glossary suggest corpus/ -o proposals.tsv --limit 30`
    """
    from polish.batch import collect_inputs
    from polish.glossary.loading import load_glossaries
    from polish.glossary.suggest import suggest_entries
    from polish.glossary.tsv import header_line
    from polish.reading import read_document

    inputs, missing = collect_inputs([str(p) for p in paths])
    if missing:
        _fail(missing[0].rsplit(": ", 1)[0], None, "no such file or folder")
    texts: list[tuple[str, str]] = []
    skipped = 0
    for item in inputs:
        if item.path is None:
            continue
        try:
            texts.append((str(item.path), read_document(item.path).text))
        except _errors() as exc:
            # one bad file (samples/empty.txt) does not stop the mining: said, skipped, exit 1
            typer.echo(f"polish: {exc}", err=True)
            skipped += 1
    try:
        known = load_glossaries(_paths(glossary))
    except _errors() as exc:
        _fail_exc(exc)
    suggestions = suggest_entries(texts, known)[:limit]
    rows = [header_line()]
    for s in suggestions:
        # the evidence goes in a comment line above the row: the file stays valid TSV
        seen = " / ".join(" ".join(c.split()) for c in s.contexts)
        rows.append(f"# score {s.score:.2f}, {s.count} mentions" + (f"; seen: {seen}" if seen else ""))
        rows.append(s.to_tsv_row().rstrip("\r\n"))
    if out is not None:
        from polish.reading import atomic_write_text

        with _writing(out):
            atomic_write_text(out, "\n".join(rows) + "\n")
        typer.echo(f"{len(suggestions)} suggestions from {len(texts)} files written to {out}", err=True)
    else:
        typer.echo("\n".join(rows))
        typer.echo(f"{len(suggestions)} suggestions from {len(texts)} files", err=True)
    if skipped:
        typer.echo(f"polish: {skipped} file{'s' if skipped != 1 else ''} could not be read (above)", err=True)
        raise typer.Exit(1)


@app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="A TBX, CSV or OmegaT glossary."),
    fmt: Optional[str] = typer.Option(None, "--format", help="tbx | csv | omegat (default: from the file name)."),
    out: Path = typer.Option(..., "-o", "--output", help="The native TSV to write."),
    source_lang: str = SourceLangOpt,
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
) -> None:
    """Convert a TBX, CSV or OmegaT glossary into polish's TSV.

    TBX: preferred terms become canonical forms, admitted terms admitted forms,
    deprecated/superseded terms variants, other languages source forms.
    OmegaT: the target column becomes the canonical form, the source column a
    `--source-lang` form. Concepts that cannot become entries are listed.

    Example: `polish glossary import termbase.tbx -o glossaries/termbase.tsv`
    """
    from polish.glossary.tsv import write_tsv

    fmt = _format_of(file, fmt)
    if out.exists() and not force:
        _fail(out, None, "exists; a hand-maintained glossary is not overwritten (pass --force, or pick a new name)")
    warnings: list[str] = []
    try:
        if fmt == "tbx":
            from polish.glossary.tbx import read_tbx

            glossary = read_tbx(file, warnings)
        elif fmt == "csv":
            from polish.glossary.csvfmt import read_csv

            glossary = read_csv(file)
        else:
            from polish.glossary.omegat import read_omegat

            glossary = read_omegat(file, source_lang)
        renamed = _new_ids(glossary, file, out)
        with _writing(out):
            write_tsv(glossary, out)
    except _errors() as exc:
        _fail_exc(exc)
    for w in renamed:
        typer.echo(f"polish: note: {w}", err=True)
    for w in warnings:
        typer.echo(f"polish: {w}", err=True)
    typer.echo(f"{len(glossary.entries)} entries written to {out}" + (f" ({len(warnings)} skipped)" if warnings else ""), err=True)


def _new_ids(glossary: "Glossary", source: Path, out: Path) -> list[str]:
    """Give imported entries that reuse an id of the run's other glossaries a new one, and say so."""
    from polish.glossary.loading import rename_taken_ids

    others = {e.id: p for p in _paths(None) if Path(p).resolve() != out.resolve() for e in _read(p).entries}
    return [f"{source}: id {old!r} is the id of an entry in {file}; imported as {glossary.entries[i].id!r} "
            f"(rename it {old!r} to replace that entry)" for i, old, file in rename_taken_ids(glossary, others)]


@app.command("export")
def export_cmd(
    files: Optional[list[Path]] = FilesArg,
    fmt: Optional[str] = typer.Option(None, "--format", help="tbx | csv | omegat (default: from the output name)."),
    out: Path = typer.Option(..., "-o", "--output", help="The file to write."),
    source_lang: str = SourceLangOpt,
) -> None:
    """Write glossaries as TBX-Basic v3, CSV or an OmegaT glossary for CAT tools and spreadsheets.

    Several files are merged in precedence order (the first entry with an id wins).
    TBX keeps every polish field; OmegaT keeps only (source form, canonical, note).

    Example: `polish glossary export glossaries/*.tsv --format tbx -o polish.tbx`
    """
    from polish.glossary.loading import load_glossaries

    fmt = _format_of(out, fmt)
    paths = _paths(files)
    try:
        loaded = load_glossaries(paths)
        entries = list(loaded.by_id().values())
        from polish.glossary.model import Glossary

        glossary = Glossary(entries=entries, sources=list(paths))
        written = len(entries)
        if fmt == "tbx":
            from polish.glossary.tbx import write_tbx

            write_tbx(glossary, out)
        elif fmt == "csv":
            from polish.glossary.csvfmt import write_csv

            write_csv(glossary, out)
        else:
            from polish.glossary.omegat import write_omegat

            skipped = write_omegat(glossary, out, source_lang)
            written -= skipped
            if skipped:
                typer.echo(f"polish: {skipped} entries have no {source_lang} form and were not written", err=True)
    except _errors() as exc:
        _fail_exc(exc)
    typer.echo(f"{written} entr{'y' if written == 1 else 'ies'} written to {out}", err=True)
    if not written:
        raise typer.Exit(1)  # an empty export is not what was asked for


def _match_at(before: str, context: str, width: int) -> tuple[int, bool, bool]:
    """Where ``before`` sits in a decision's context, and whether each side was cut at ``width``."""
    n, size = len(before), len(context)
    # the context is text[start - width : end + width]: a side shorter than width reached the text's edge
    if context[width:width + n] == before:
        return width, True, size - width - n >= width
    if size - n - width >= 0 and context[size - n - width:size - width] == before:
        return size - n - width, False, True
    at = context.find(before)
    return at, False, False


def _side_words(side: str, from_right: bool, words: int) -> list[str]:
    """Up to ``words`` words of ``side`` nearest the match; a word with '|' stops them (an exception cannot hold it)."""
    out: list[str] = []
    for w in (side.split() if from_right else reversed(side.split())):
        if "|" in w or len(out) == words:
            break
        out.append(w)
    return out if from_right else out[::-1]


def _phrase_at(context: str, at: int, n: int, cut_left: bool, cut_right: bool, words: int) -> str:
    """The ``n`` characters at ``at`` in ``context`` with up to ``words`` neighbouring words on each side."""
    before = context[at:at + n]
    left = context[:at].rsplit("\n", 1)[-1]
    right = context[at + n:].split("\n", 1)[0]
    # a side cut at the window's edge may begin or end inside a word: never use that fragment
    if cut_left and left == context[:at] and left and not left[0].isspace():
        left = left[len(left.split(None, 1)[0]):]
    if cut_right and right and not right[-1].isspace():
        right = right[:len(right) - len(right.rsplit(None, 1)[-1])]
    left_words, right_words = _side_words(left, False, words), _side_words(right, True, words)
    parts = []
    if left_words:
        parts.append(" ".join(left_words) + (" " if left[-1:].isspace() else ""))
    parts.append(" ".join(before.split()))
    if right_words:
        parts.append((" " if right[:1].isspace() else "") + " ".join(right_words))
    return "".join(parts).strip()


def exception_phrase(before: str, context: str, words: int = 3, width: int = 40) -> str:
    """``before`` with up to ``words`` neighbouring words on each side, taken from ``context``."""
    at, cut_left, cut_right = _match_at(before, context, width) if before else (-1, False, False)
    if at < 0:
        return " ".join(before.split())
    return _phrase_at(context, at, len(before), cut_left, cut_right, words)


def _as_the_glossary_meets_it(context: str):
    """``context`` after the stages that run before the glossary and edit inside a line (mechanics), with its map."""
    from polish.config import Config
    from polish.pipeline import build_stages, run
    from polish.reading import normalize

    config = Config(translate=False, grammar=False)
    result = run(normalize(context), config, stages=build_stages(config, only=["mechanics"]))
    return result.text, result.offsets


def exception_for(before: str, context: str, entry_id: str, glossary: "Glossary",
                  words: int = 3, width: int = 40) -> tuple[str, str | None]:
    """An exception phrase for a rejected change, and why none can be added (None when it can).

    A decision's ``context`` is the ORIGINAL text, but the glossary matches the text that
    mechanics already fixed ("during the the new crown" reaches it as "during the new crown"),
    so the phrase is taken from the context as the glossary meets it. Then it is checked: with
    the phrase among the entry's exceptions, the glossary must leave that spot alone.
    """
    from dataclasses import replace

    from polish.glossary.matcher import GlossaryMatcher
    from polish.glossary.model import Glossary as _Glossary

    n = len(before)
    seen, omap = _as_the_glossary_meets_it(context)
    starts = [i for i in range(len(seen)) if seen.startswith(before, i)]
    if not starts:
        return "", f"{before!r} is not in the context as the glossary meets it"
    at0, _, _ = _match_at(before, context, width)
    target = at0 if at0 >= 0 else min(width, len(context))
    span = (lambda p: omap.span(p, p + n)) if omap is not None else (lambda p: (p, p + n))
    at = min(starts, key=lambda p: abs(span(p)[0] - target))
    o_start, o_end = span(at)
    # a side of the window is cut when it holds a full ``width`` characters of the original text
    phrase = _phrase_at(seen, at, n, o_start >= width, len(context) - o_end >= width, words)
    if phrase == " ".join(before.split()):
        return "", (f"no context words around {before!r} that an exception can hold"
                    + (" ('|' stands between)" if "|" in context else ""))
    entries = [replace(e, exceptions=e.exceptions + (phrase,)) if e.id == entry_id else e for e in glossary.entries]
    matches = GlossaryMatcher(_Glossary(entries=entries), cache=False).find(seen)
    if any(m.entry.id == entry_id and m.start < at + n and at < m.end for m in matches):
        return "", f"the exception {phrase!r} would not keep the glossary from {before!r}"
    return phrase, None


@app.command("except")
def except_cmd(
    file: Path = typer.Argument(..., help="The glossary TSV whose entries get the exceptions."),
    decisions: Path = typer.Option(..., "--from-decisions", help="An editor's decisions JSON file."),
) -> None:
    """Turn rejected glossary changes from the review editor into exception phrases.

    For each decision `reject` on a rule `glossary:ID` whose entry is in FILE, the
    matched text plus up to three words on each side (from the decision's context)
    is added to that entry's `exceptions` cell, so the same spot is left alone next
    time. The words are taken from the context as the glossary meets it (after
    mechanics: "the the new crown" reaches it as "the new crown"), and a phrase is
    added only when it keeps the entry off that spot; a decision no phrase can cover
    (a '|' between the words) is skipped and said, and stays a job for `--decisions`.
    Decisions for entries in other files are skipped and listed.

    Example: `polish glossary except glossaries/local.tsv --from-decisions report.decisions.json`
    """
    from polish.decisions import CONTEXT_CHARS, load_decisions
    from polish.glossary.edit import add_exception

    _require_tsv(file)
    try:
        items = load_decisions(decisions).items
    except _errors() as exc:
        _fail_exc(exc)
    glossary = _read(str(file))
    ids = {e.id for e in glossary.entries}
    added, already = 0, 0
    skipped: dict[str, int] = {}
    for d in items:
        if d.get("decision") != "reject":
            continue
        rule = str(d.get("rule", ""))
        if not rule.startswith("glossary:"):
            continue
        entry_id = str(d.get("entry") or rule.removeprefix("glossary:"))
        if entry_id not in ids:
            skipped[entry_id] = skipped.get(entry_id, 0) + 1
            continue
        before = str(d.get("before", ""))
        if not before.strip():
            continue
        # taken from the text as the glossary meets it, and checked to keep the glossary off that spot;
        # an exception as wide as the match itself would switch the entry off everywhere
        phrase, why = exception_for(before, str(d.get("context") or ""), entry_id, glossary, width=CONTEXT_CHARS)
        if why is not None:
            typer.echo(f"skipped decision {d.get('id', '?')!r} for {entry_id!r}: {why}; "
                       "keep rejecting it with --decisions", err=True)
            continue
        try:
            if add_exception(file, entry_id, phrase):
                added += 1
                typer.echo(f"{entry_id}: exception {phrase!r}")
            else:
                already += 1
        except _errors() as exc:
            _fail_exc(exc)
    for entry_id, n in sorted(skipped.items()):
        typer.echo(f"skipped {n} decision{'s' if n != 1 else ''} for {entry_id!r}: not an entry of {file}", err=True)
    typer.echo(f"{added} exceptions added to {file}" + (f", {already} already there" if already else ""), err=True)
