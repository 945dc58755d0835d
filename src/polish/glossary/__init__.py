"""Glossaries: curated forms, their files, and the one-pass matcher that applies them.

Imports are lazy so that ``import polish.glossary`` stays cheap (the CLI's
``--help`` must not pay for pyahocorasick or the file readers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from polish.glossary.model import Entry, Example, Glossary

if TYPE_CHECKING:  # pragma: no cover
    from polish.glossary.loading import (
        Conflict,
        default_glossary_paths,
        find_conflicts,
        glossary_for_config,
        load_glossaries,
    )
    from polish.glossary.matcher import GlossaryMatcher, Match, apply_text, brute_force_find
    from polish.glossary.tsv import GlossaryError, format_row, header_line, parse_row, read_tsv, write_tsv

__all__ = [
    "Entry", "Example", "Glossary", "GlossaryError", "read_tsv", "write_tsv", "load_glossaries",
    "default_glossary_paths", "glossary_for_config", "GlossaryMatcher", "Match", "apply_text", "brute_force_find",
    "parse_row", "format_row", "header_line", "Conflict", "find_conflicts",
]

_WHERE = {
    "GlossaryError": "tsv", "read_tsv": "tsv", "write_tsv": "tsv",
    "parse_row": "tsv", "format_row": "tsv", "header_line": "tsv",
    "Conflict": "loading", "find_conflicts": "loading",
    "load_glossaries": "loading", "default_glossary_paths": "loading", "glossary_for_config": "loading",
    "GlossaryMatcher": "matcher", "Match": "matcher", "apply_text": "matcher", "brute_force_find": "matcher",
}


def __getattr__(name: str) -> Any:
    """Load the module that defines ``name`` on first use."""
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module 'polish.glossary' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"polish.glossary.{mod}"), name)
