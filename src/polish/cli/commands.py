"""Top-level commands: clean, check, diff, detect, score."""

from polish.cli import app  # noqa: F401
