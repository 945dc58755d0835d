"""`polish translate`: whole documents through an installed Argos package, then the usual cleanup."""

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the ``translate`` command to ``app``."""
    # Imported here (not at module level) so polish.cli can import this module while it is
    # still registering commands; annotations are evaluated now, hence no __future__ import.
    from polish.cli.commands import (
        ConfigOpt,
        DisableOpt,
        EditionFormat,
        EncodingOpt,
        GlossaryOpt,
        MaxBytesOpt,
        NoDefaultsOpt,
    )

    @app.command("translate")
    def translate(
        paths: Annotated[list[str], typer.Argument(help="Files or folders to translate; - reads standard input.")],
        from_code: Annotated[str, typer.Option("--from", help="Source language: auto (detect per paragraph) or a code such as zh, ru, be.")] = "auto",
        to_code: Annotated[str, typer.Option("--to", help="Target language code.")] = "en",
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file, or folder for several inputs. Without it one file goes to stdout.")] = None,
        edition: Annotated[Optional[EditionFormat], typer.Option("--edition", help="Also write a side-by-side edition (source beside translation) per file.")] = None,
        glossary: GlossaryOpt = None,
        no_default_glossaries: NoDefaultsOpt = False,
        argos_dir: Annotated[Optional[Path], typer.Option("--dir", help="Argos packages folder (default: Argos's own).")] = None,
        threads: Annotated[Optional[int], typer.Option("--threads", min=1, help="CPU threads per translator (default 1).")] = None,
        encoding: EncodingOpt = None,
        max_bytes: MaxBytesOpt = None,
        disable: DisableOpt = None,
        config_file: ConfigOpt = None,
    ) -> None:
        """Translate whole documents offline, paragraph by paragraph, then clean the result.

        Glossary terms are protected during translation and come out in their canonical English form.
        Every paragraph becomes a change whose source text is kept for the edition.

        Example: `polish translate article-ru.txt --from ru -o article-en.txt --edition html`.

        Needs `pip install 'polish[translate]'` and a package for the pair (`polish models install ru en`).
        """
        from polish.cli.commands import _inputs, build_config, warn_disabled
        from polish.cli.output import error, fail
        from polish.translate import packages as pk

        cfg = build_config(config_file, glossary, no_default_glossaries, target=to_code, translate=True,
                           argos_dir=str(argos_dir) if argos_dir else None, translate_threads=threads,
                           max_bytes=max_bytes, disable=disable)
        try:
            installed = pk.installed_packages(cfg.argos_dir)
        except pk.TranslateUnavailable as exc:
            fail(str(exc))
        if from_code != "auto" and pk.find_route(from_code, to_code, installed) is None:
            fail(f"no Argos package for {from_code}→{to_code} is installed; install one with "
                 f"`{pk.install_command(from_code, to_code)}` (offline: `polish models install-file PATH.argosmodel`)")
        inputs, missing = _inputs(paths, exclude=output)
        several = len(inputs) > 1 or any(Path(p).is_dir() for p in paths if p != "-")
        if several and output is None:
            fail("several inputs need --output FOLDER")
        stages = _stages(cfg, from_code)
        warn_disabled(cfg, stages)  # a typo, on the command line or in the project file, must not switch nothing off
        failed = bool(missing)
        for item in inputs:
            try:
                result = _translate_one(item, cfg, stages, encoding)
            except Exception as exc:  # noqa: BLE001 - one line per bad file, go on with the rest
                from polish.reading import InputError

                error(str(exc) if isinstance(exc, InputError) else f"{item.label}: cannot translate ({type(exc).__name__}: {exc})")
                failed = True
                continue
            target = (output / item.rel) if several else output
            _write(result, target, edition)
            for f in result.findings:
                if f.rule.startswith("translation."):
                    error(f"{item.label}:{f.line}: {f.rule}: {f.message}")
        if failed:
            raise typer.Exit(1)


def _stages(cfg: Any, from_code: str) -> list[Any]:
    """The configured pipeline, with a translation stage that translates every foreign paragraph."""
    from polish import pipeline
    from polish.stages.translation import TranslationStage

    names = [n for n, _ in pipeline.STAGES]
    out = []
    for st in pipeline.build_stages(cfg, only=[n for n in names if n != "translation"]):
        out.append(st)
        if st.name == "language":
            out.append(TranslationStage(cfg, source=None if from_code == "auto" else from_code))
    if not any(s.name == "translation" for s in out):
        out.insert(0, TranslationStage(cfg, source=None if from_code == "auto" else from_code))
    return out


def _translate_one(item: Any, cfg: Any, stages: list[Any], encoding: str | None) -> Any:
    from polish import pipeline
    from polish.batch import read_input

    doc = read_input(item, cfg, encoding)
    return pipeline.run(doc, cfg, stages=stages)


def _write(result: Any, target: Path | None, edition: Any) -> None:
    from polish.reading import atomic_write_text

    if target is None:
        sys.stdout.write(result.text if result.text.endswith("\n") or not result.text else result.text + "\n")
    else:
        atomic_write_text(target, result.text, result.doc.newline)
    if edition is not None:
        from polish.render.html import write_edition

        base = target if target is not None else Path(result.doc.path or "stdin")
        suffix = ".edition.html" if edition.value == "html" else ".edition.md"
        write_edition(result, base.with_name(base.name + suffix), fmt=edition.value)
