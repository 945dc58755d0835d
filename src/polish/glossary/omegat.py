"""OmegaT glossary files: ``source<TAB>target<TAB>comment`` per line, UTF-8.

OmegaT's glossary maps a source-language term to its translation. For polish
the translation is the canonical English form and the source term one of its
source-language forms (``zh`` unless told otherwise). Lines starting with ``#``
are comments; the comment column is optional.

Import groups lines by their target: every line with the same English target
adds a source form to one entry, whose id is a slug of the target and whose
note joins the distinct comments. Export writes one line per (source form,
canonical form) with the entry's note as the comment; entries without a form
in the chosen language have nothing to write and are counted as skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from polish.glossary.model import Entry, Glossary
from polish.glossary.tbx import new_id
from polish.glossary.tsv import GlossaryError, read_utf8


def parse_omegat(text: str, path: str = "<omegat>", source_lang: str = "zh") -> Glossary:
    """Entries of an OmegaT glossary; each target becomes a canonical form."""
    order: list[str] = []
    forms: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    first_line: dict[str, int] = {}
    for n, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise GlossaryError(path, n, "expected 'source term<TAB>target term[<TAB>comment]'")
        source, target = cells[0].strip(), cells[1].strip()
        comment = " ".join(c.strip() for c in cells[2:] if c.strip())
        if target not in forms:
            order.append(target)
            forms[target], notes[target], first_line[target] = [], [], n
        if source not in forms[target]:
            forms[target].append(source)
        if comment and comment not in notes[target]:
            notes[target].append(comment)
    taken: set[str] = set()
    entries = [
        Entry(id=new_id(t, taken), canonical=t, sources={source_lang: tuple(forms[t])},
              note="; ".join(notes[t])).with_origin(path, first_line[t])
        for t in order
    ]
    return Glossary(entries=entries, sources=[path])


def read_omegat(path: str | os.PathLike[str], source_lang: str = "zh") -> Glossary:
    """Read an OmegaT glossary file (UTF-8, optional BOM)."""
    p = Path(path)
    text = read_utf8(p, "OmegaT .utf8/.tab glossaries are UTF-8")
    return parse_omegat(text, str(p), source_lang)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def to_omegat(entries: list[Entry], source_lang: str = "zh") -> tuple[str, int]:
    """OmegaT text for ``entries`` and how many had nothing to write (no ``source_lang`` form or no canonical)."""
    lines = [f"# polish glossary export: {source_lang} source term, English canonical form, note"]
    skipped = 0
    for e in entries:
        sources = e.sources.get(source_lang, ())
        if not sources or not e.canonical:
            skipped += 1
            continue
        for form in sources:
            cells = [_one_line(form), _one_line(e.canonical)]
            if e.note:
                cells.append(_one_line(e.note))
            lines.append("\t".join(cells))
    return "\n".join(lines) + "\n", skipped


def write_omegat(glossary: Glossary, path: str | os.PathLike[str], source_lang: str = "zh") -> int:
    """Write an OmegaT glossary atomically; returns how many entries had no ``source_lang`` form."""
    from polish.reading import atomic_write_text

    text, skipped = to_omegat(glossary.entries, source_lang)
    atomic_write_text(path, text)
    return skipped
