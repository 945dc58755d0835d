"""Terminal output: colour only on a terminal, one-line errors, JSON for machines."""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, NoReturn, TextIO

import typer


def use_color(stream: TextIO | None = None) -> bool:
    """Colour when writing to a terminal, unless NO_COLOR is set (or FORCE_COLOR forces it)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    s = stream or sys.stdout
    return hasattr(s, "isatty") and s.isatty()


#: what would break "one line per problem": line breaks and other control characters (a file name may hold them)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name (control characters escaped, as in ``nl/bad\\nname.txt``)."""
    typer.echo("polish: " + _CONTROL.sub(lambda m: repr(m.group())[1:-1], message), err=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one error line and exit."""
    error(message)
    raise typer.Exit(code)


def print_table(console: Any, table: Any) -> None:
    """Print a table whole: without its borders on a terminal too narrow for them, never with a figure cut short."""
    from rich.measure import Measurement

    def width() -> int:
        return Measurement.get(console, console.options.update(width=10_000), table).maximum

    if width() > console.width:
        table.box, table.show_edge, table.pad_edge, table.padding = None, False, False, (0, 1)
        # still too wide: the terminal wraps the rows rather than rich putting "…" in place of digits
        console.width = max(console.width, width())
    console.print(table)


def emit_json(data: Any) -> None:
    """Machine-readable output on stdout (valid UTF-8 even for file names that are not)."""
    from polish.jsonout import valid_utf8

    typer.echo(json.dumps(valid_utf8(data), ensure_ascii=False, indent=2))
