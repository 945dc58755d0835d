"""The ``polish`` command: a thin typer wrapper over the library API.

Each command group lives in its own module and registers itself on ``app``.
Nothing heavy is imported here, so ``polish --help`` stays fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="polish",
    help=(
        "Turn garbled machine translations into readable, trustworthy editions, offline.\n\n"
        "Start with `polish check FILE` to see what polish would change and why, "
        "`polish diff FILE --explain` to review it as a patch, and `polish clean FOLDER -o OUT` "
        "to write cleaned copies (inputs are never modified unless you pass --in-place)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)



def _print_version(value: bool) -> None:
    if value:
        from polish import __version__

        typer.echo(f"polish {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help="Print polish's version and exit."),
) -> None:
    # The app's help (above) stays its description: a callback without a docstring adds none.
    pass


# Command modules register their commands on import.
from polish.cli import commands as _commands  # noqa: E402,F401
from polish.cli import edition as _edition  # noqa: E402
from polish.cli import glossary as _glossary  # noqa: E402
from polish.cli import models as _models  # noqa: E402
from polish.cli import translate as _translate  # noqa: E402

_translate.register(app)
_edition.register(app)

app.add_typer(_glossary.app, name="glossary", help="Maintain glossaries: lint, test, add, remove, show, stats, suggest, import, export, except.")
app.add_typer(_models.app, name="models", help="Manage offline Argos Translate models: list, install, install-file, remove.")


def main() -> None:
    """Console-script entry point."""
    import signal

    # A scheduler's stop (SIGTERM) unwinds like Ctrl-C, so the temporary files of
    # atomic writes are removed and no half-written output is left behind.
    signal.signal(signal.SIGTERM, _terminated)
    app()


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
