"""`polish models`: list, install, install-file and remove offline Argos Translate packages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from polish.cli.output import emit_json, fail

app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Manage the Argos Translate packages polish translates with. Packages go into Argos's own "
        "data folder (shared with argos-translate), or into --dir / `argos_dir` in polish.toml."
    ),
)

DirOpt = Annotated[Optional[Path], typer.Option(
    "--dir", help="Argos packages folder (default: argos_dir from polish.toml, else ARGOS_PACKAGES_DIR, "
                  "else ~/.local/share/argos-translate/packages).")]


def _dir(d: Path | None) -> str | None:
    if d is not None:
        return str(d)
    from polish.config import ConfigError, load_config

    try:
        return load_config().argos_dir
    except ConfigError as exc:
        fail(str(exc))


def _guard():
    """Run a package operation; turn its known errors into one line and exit code 2."""
    from polish.translate.packages import PackageError, TranslateUnavailable

    return (PackageError, TranslateUnavailable)


@app.command("list")
def list_(
    argos_dir: DirOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the packages as JSON.")] = False,
) -> None:
    """List installed packages (language pair, version, folder)."""
    from polish.translate import packages as pk

    try:
        pkgs = pk.installed_packages(_dir(argos_dir))
        where = pk.packages_dir(_dir(argos_dir))
    except _guard() as exc:
        fail(str(exc))
    if as_json:
        emit_json([{"from": p.from_code, "to": p.to_code, "version": p.version, "code": p.code,
                    "path": str(p.path)} for p in pkgs])
        return
    if not pkgs:
        typer.echo(f"no Argos packages installed in {where}; add one with `polish models install FROM TO` "
                   "or `polish models install-file PATH.argosmodel`")
        return
    for p in pkgs:
        typer.echo(f"{p.from_code}\t{p.to_code}\t{p.version}\t{p.code}\t{p.path}")


@app.command("install")
def install(
    from_code: Annotated[str, typer.Argument(metavar="FROM", help="Source language code, e.g. ru.")],
    to_code: Annotated[str, typer.Argument(metavar="TO", help="Target language code, e.g. en.")],
    argos_dir: DirOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds to wait for the package index.")] = 20.0,
) -> None:
    """Download and install the package for a pair from the Argos index (needs network).

    Offline, download the .argosmodel on another machine and use `polish models install-file`.
    """
    from polish.translate import packages as pk

    _installed(lambda: pk.install_remote(from_code, to_code, _dir(argos_dir), timeout=timeout))


@app.command("install-file")
def install_file(
    path: Annotated[Path, typer.Argument(help="A package file, NAME.argosmodel.")],
    argos_dir: DirOpt = None,
) -> None:
    """Install a downloaded .argosmodel file (works offline)."""
    from polish.translate import packages as pk

    _installed(lambda: pk.install_file(path, _dir(argos_dir)))


def _installed(install: Callable[[], Any]) -> None:
    """Run an install and say what it installed, or fail with its one-line reason."""
    try:
        p = install()
    except _guard() as exc:
        fail(str(exc))
    typer.echo(f"installed {p.label} ({p.code}) in {p.path.parent}")


@app.command("remove")
def remove(
    from_code: Annotated[str, typer.Argument(metavar="FROM")],
    to_code: Annotated[str, typer.Argument(metavar="TO")],
    argos_dir: DirOpt = None,
) -> None:
    """Uninstall the package(s) for a pair."""
    from polish.translate import packages as pk

    try:
        gone = pk.remove(from_code, to_code, _dir(argos_dir))
    except _guard() as exc:
        fail(str(exc))
    for p in gone:
        typer.echo(f"removed {p.label} ({p.path})")
