"""What polish keeps between runs for large glossaries: trusted only under the exact key it was made from."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from polish import diskcache
from polish.config import Config
from polish.glossary import loading
from polish.glossary.tsv import header_line, read_tsv
from polish.names import KnownNames
from polish.stages import consistency


@pytest.fixture
def cache(monkeypatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLISH_CACHE_DIR", str(folder))
    return folder


def test_a_value_comes_back_only_under_its_key(cache: Path) -> None:
    path = diskcache.file_for("thing", ("k", 1))
    assert diskcache.load(path, ("k", 1)) is None  # nothing stored yet
    diskcache.store(path, ("k", 1), {"a": [1, 2]})
    assert path.parent == cache and path.name.startswith("thing-")
    assert diskcache.load(path, ("k", 1)) == {"a": [1, 2]}
    assert diskcache.load(path, ("k", 2)) is None  # another key: made afresh
    assert diskcache.load(path, ("k", 1), valid=lambda v: isinstance(v, list)) is None
    path.write_bytes(pickle.dumps(("k", 1))[:-3])  # truncated
    assert diskcache.load(path, ("k", 1)) is None


def test_only_the_newest_files_of_a_kind_are_kept(cache: Path) -> None:
    for n in range(diskcache.KEEP + 3):
        path = diskcache.file_for("thing", n)
        diskcache.store(path, n, n)
        os.utime(path, (n, n))  # distinct ages, oldest first
    diskcache.store(diskcache.file_for("other", 0), 0, 0)
    kept = sorted(cache.glob("thing-*.pkl"))
    assert len(kept) == diskcache.KEEP
    assert diskcache.file_for("thing", 0) not in kept and diskcache.file_for("thing", diskcache.KEEP + 2) in kept
    assert diskcache.load(diskcache.file_for("other", 0), 0) == 0


def test_source_stamp_follows_the_files(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("one", encoding="utf-8")
    first = diskcache.source_stamp(a, tmp_path / "missing.txt")
    diskcache.source_stamp.cache_clear()
    a.write_text("two", encoding="utf-8")
    assert diskcache.source_stamp(a, tmp_path / "missing.txt") != first


def _big_glossary(path: Path, entries: int, canonical: str = "Torlo Petgragra Institute") -> Path:
    rows = [header_line()]
    cells = ["", "", "", "", "organisation", "", "", "", "", "", "", "", "synthetic entry " + "x" * 60, ""]
    for i in range(entries):
        cells[0], cells[1], cells[2] = f"e{i}", f"{canonical} {i}", f"{canonical} Institution {i}"
        rows.append("\t".join(cells))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_large_glossary_is_parsed_once_and_an_edit_is_seen(cache: Path, tmp_path: Path) -> None:
    path = _big_glossary(tmp_path / "big.tsv", 3000)
    assert path.stat().st_size >= loading.PARSED_CACHE_MIN_BYTES
    cfg = Config(glossaries=(str(path),), default_glossaries=False)
    first = loading.glossary_for_config(cfg)
    assert first.entries == read_tsv(path).entries
    assert len(list(cache.glob("parsed-*.pkl"))) == 1
    loading._MEMO.clear()  # a new process: only the disk cache is left
    again = loading.glossary_for_config(cfg)
    assert again is not first and again.entries == first.entries and again.sources == first.sources
    # an edit (same size, so only the bytes tell) is parsed afresh, never read from the old pickle
    size = path.stat().st_size
    _big_glossary(path, 3000, canonical="Torlo Petgragra Academy!!")
    assert path.stat().st_size == size
    loading._MEMO.clear()
    edited = loading.glossary_for_config(cfg)
    assert edited.entries[0].canonical == "Torlo Petgragra Academy!! 0"
    # a damaged cache file is ignored
    for f in cache.glob("parsed-*.pkl"):
        f.write_bytes(b"not a pickle")
    loading._MEMO.clear()
    assert loading.glossary_for_config(cfg).entries == edited.entries


def test_a_large_glossarys_name_index_is_kept_with_its_comparison_blocks(cache: Path, tmp_path: Path) -> None:
    path = _big_glossary(tmp_path / "names.tsv", consistency.KNOWN_CACHE_MIN)
    glossary = read_tsv(path)
    built = KnownNames.from_glossary(glossary)
    first = consistency._known_for(glossary)
    [stored] = cache.glob("names-*.pkl")
    again = consistency._known_for(glossary)  # from the file
    assert again is not first and stored.exists()
    assert again.entry_of == built.entry_of and again.canonical == built.canonical
    assert {k: b.forms for k, b in again.blocks().items()} == {k: b.forms for k, b in built.blocks().items()}
