"""Pickles of what polish derives from large glossaries, kept between runs.

A cached value is stored with the key it was made from and trusted only when
that key comes back exactly; anything else (a missing, truncated, foreign or
stale file) is made afresh. A read-only or full cache only costs speed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

#: files of one kind kept in the cache folder (the newest win)
KEEP = 16


def cache_dir() -> Path:
    """Where derived data is kept: $POLISH_CACHE_DIR, else $XDG_CACHE_HOME/polish, else ~/.cache/polish."""
    env = os.environ.get("POLISH_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "polish"


@lru_cache(maxsize=16)
def source_stamp(*files: Path) -> str:
    """A hash of the files (code, data) that decide what a cached value holds: edit one, and it is made afresh."""
    h = hashlib.blake2b(digest_size=16)
    for f in files:
        try:
            h.update(f.read_bytes())
        except OSError:
            h.update(str(f).encode())
        h.update(b"\0")
    return h.hexdigest()


def file_for(kind: str, key: Any) -> Path:
    """The cache file of a value of ``kind`` made from ``key``."""
    return cache_dir() / f"{kind}-{hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()}.pkl"


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off while large acyclic structures are built or unpickled."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(path: Path, key: Any, valid: Callable[[Any], bool] = lambda value: True) -> Any | None:
    """The value stored at ``path`` under exactly ``key`` (and accepted by ``valid``), else None."""
    try:
        with open(path, "rb") as fh, gc_paused():
            stored_key, value = pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing, truncated or foreign file is made afresh
        return None
    return value if stored_key == key and valid(value) else None


def store(path: Path, key: Any, value: Any) -> None:
    """Keep ``value`` under ``key`` at ``path`` (atomically), and only the newest ``KEEP`` files of its kind."""
    from polish.reading import atomic_write_bytes

    try:
        atomic_write_bytes(path, pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
        kind = path.name.split("-", 1)[0]
        olds = sorted(path.parent.glob(f"{kind}-*{path.suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
