"""polish: turn garbled machine translations into readable, trustworthy editions, offline.

The library API::

    from polish import clean_text, clean_path
    result = clean_text("Sino -Belarusian cooperation in new crown pneumonia times")
    result.text, result.changes, result.findings

Settings (glossaries, target language, stages) are a ``polish.Config``::

    from polish import Config, clean_text
    clean_text(text, Config(glossaries=("terms.tsv",), translate=False))

The CLI (``polish``) is a thin wrapper around the same calls.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable

__version__ = "0.1.0"
__all__ = ["clean_text", "clean_path", "clean_document", "Config", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config
    from polish.model import Document
    from polish.pipeline import Result
    from polish.stages.base import CorpusContext


def clean_document(doc: "Document", config: "Config | None" = None, rejected: Iterable[str] = (),
                   corpus: "CorpusContext | None" = None) -> "Result":
    """Run the whole pipeline over a decoded document."""
    from polish import pipeline
    from polish.config import Config

    return pipeline.run(doc, config or Config(), corpus=corpus, rejected=rejected)


def clean_text(text: str, config: "Config | None" = None, rejected: Iterable[str] = ()) -> "Result":
    """Clean a string; returns a ``Result`` with the text, changes and findings."""
    from polish.reading import normalize

    return clean_document(normalize(text), config, rejected)


def clean_path(path: str | os.PathLike[str], config: "Config | None" = None, rejected: Iterable[str] = ()) -> "Result":
    """Read and clean one file (the file itself is not touched)."""
    from polish.config import Config
    from polish.reading import read_document

    cfg = config or Config()
    return clean_document(read_document(path, max_bytes=cfg.max_bytes), cfg, rejected)


def __getattr__(name: str):
    """``polish.Config``, imported when first asked for (``polish --help`` stays fast)."""
    if name == "Config":
        from polish.config import Config

        return Config
    raise AttributeError(f"module 'polish' has no attribute {name!r}")
