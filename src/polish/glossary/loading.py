"""Which glossaries a run uses, merged in precedence order, and what each merge shadowed.

Earlier files win: the user's own glossaries (``config.glossaries``) come
before the curated defaults in the repository's ``glossaries/`` folder. A
later entry that repeats an id, or lists a form another entry already
claims, stays in the merged list (lint reports it) but the clashing part is
never applied: ``find_conflicts`` says exactly what, and the matcher skips it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from polish.glossary.keys import form_key
from polish.glossary.model import Entry, Glossary
from polish.glossary.tsv import GlossaryError, read_tsv

if TYPE_CHECKING:  # pragma: no cover
    from polish.config import Config


@dataclass(frozen=True)
class Conflict:
    """A later entry's id or form that an earlier entry already claimed (the later one is not applied)."""

    index: int            # position of the shadowed entry in ``Glossary.entries``
    entry: Entry          # the shadowed (later) entry
    form: str | None      # the clashing form, or None when the whole entry is shadowed (duplicate id)
    claimed_by: Entry     # the earlier entry that wins

    @property
    def message(self) -> str:
        """One line saying what clashes with what."""
        at = _where(self.claimed_by)
        if self.form is None:
            return f"entry id {self.entry.id!r} is already defined at {at}; this entry is not applied"
        return (f"form {self.form!r} of entry {self.entry.id!r} is already claimed by entry "
                f"{self.claimed_by.id!r} ({at}); it is not applied here")


def _where(e: Entry) -> str:
    return f"{e.origin[0]}:{e.origin[1]}" if e.origin else "(unknown place)"


def entry_forms(entry: Entry) -> list[str]:
    """Every form of an entry the matcher looks for: canonical, variants, admitted (no duplicates)."""
    out: list[str] = []
    for f in (entry.canonical, *entry.variants, *entry.admitted):
        if f and f not in out:
            out.append(f)
    return out


def find_conflicts(entries: list[Entry], keys: dict[str, tuple[str, str]] | None = None) -> list[Conflict]:
    """Ids and forms claimed by an earlier entry, in entry order (``keys`` memoises ``form_key``)."""
    keys = {} if keys is None else keys
    ids: dict[str, Entry] = {}
    # lowered key -> [(entry, case_sensitive, cased key)]
    claims: dict[str, list[tuple[Entry, bool, str]]] = {}
    out: list[Conflict] = []
    for i, e in enumerate(entries):
        if e.id in ids:
            out.append(Conflict(i, e, None, ids[e.id]))
            continue
        ids[e.id] = e
        mine: list[tuple[str, bool, str]] = []
        for form in entry_forms(e):
            k = keys.get(form)
            if k is None:
                k = keys[form] = form_key(form)
            low, cased = k
            if not low:
                continue
            owner = None
            for other, sens, ocased in claims.get(low, ()):
                # Two case-sensitive forms that differ in case are different words (US / us).
                if sens and e.case_sensitive and ocased != cased:
                    continue
                owner = other
                break
            if owner is not None:
                out.append(Conflict(i, e, form, owner))
            else:
                mine.append((low, e.case_sensitive, cased))
        for low, sens, cased in mine:
            claims.setdefault(low, []).append((e, sens, cased))
    return out


@lru_cache(maxsize=1)
def repo_glossary_dir() -> Path:
    """The curated glossaries' folder: ``polish/glossaries`` (in a checkout, a link to the top-level ``glossaries/``)."""
    # Cached: resolving the package path costs more than the stats that
    # check the glossary files for every document. The wheel copies the files
    # into the package, so ``pip install .`` ships them too.
    import polish

    return Path(polish.__file__).resolve().parent.joinpath("glossaries").resolve()


def default_glossary_paths() -> list[Path]:
    """The curated glossaries: every ``*.tsv`` in ``$POLISH_GLOSSARY_DIR`` or the repo's ``glossaries/``, by name."""
    env = os.environ.get("POLISH_GLOSSARY_DIR")
    folder = Path(env) if env else repo_glossary_dir()
    if not folder.is_dir():
        if env:  # a mistyped folder would switch the curated glossaries off without a word
            raise GlossaryError(env, 0, "POLISH_GLOSSARY_DIR names no folder")
        return []
    return sorted(p for p in folder.glob("*.tsv") if p.is_file())


def read_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read one glossary file; the native TSV, or another format by its extension when one is installed."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        from polish.glossary import csvfmt

        return csvfmt.read_csv(p)
    if suffix in (".tbx", ".xml"):
        from polish.glossary import tbx

        return tbx.read_tbx(p)
    return read_tsv(p)


def load_glossaries(paths: Iterable[str | os.PathLike[str]]) -> Glossary:
    """Several glossary files merged, earlier files first (they win every conflict)."""
    merged = Glossary()
    read = []
    for path in paths:
        g = read_glossary(path)
        _unique_ids(g, str(path))
        read.append((str(path), g))
    for path, g in read:
        if g.made_ids:
            _rename_made_ids(g, {e.id: p for p, other in read if other is not g for e in other.entries})
        merged.entries.extend(g.entries)
        merged.sources.extend(g.sources)
    return merged


def rename_taken_ids(g: Glossary, others: dict[str, str], only: set[str] | None = None) -> list[tuple[int, str, str]]:
    """Give each entry of ``g`` whose id another glossary uses (``others``: id -> that file) a fresh
    id, or only those whose id is in ``only``; (index, old id, file) of each renamed entry.

    An entry with a curated entry's id replaces it, variants and all: a termbase's "covid-19"
    would switch off the shipped COVID-19 fixes. ``polish glossary import`` and a TBX read with
    ids made up for its concepts (``Glossary.made_ids``) both rename instead.
    """
    from dataclasses import replace

    from polish.glossary.tbx import new_id

    taken = set(others) | {e.id for e in g.entries}
    renamed = []
    for i, e in enumerate(g.entries):
        if e.id in others and (only is None or e.id in only):
            g.entries[i] = replace(e, id=new_id(e.id, taken))
            renamed.append((i, e.id, others[e.id]))
    return renamed


def _rename_made_ids(g: Glossary, others: dict[str, str]) -> None:
    """Made-up ids that another file uses are renamed, and the entry's note says why."""
    from dataclasses import replace

    for i, old, file in rename_taken_ids(g, others, only=g.made_ids):
        e = g.entries[i]
        note = f"id {e.id!r} given by polish: {old!r} is the id of an entry in {file}"
        g.entries[i] = replace(e, note=f"{e.note}; {note}" if e.note else note)


def _unique_ids(g: Glossary, path: str) -> None:
    """Refuse a file that gives one id to two entries: the second would be dropped without a word."""
    first: dict[str, int] = {}
    for e in g.entries:
        line = e.origin[1] if e.origin else 0
        if e.id in first:
            raise GlossaryError(path, line, f"id {e.id!r} is already the id of the entry on line {first[e.id]}; "
                                            "an id names one entry (polish glossary lint lists every such problem)")
        first[e.id] = line


def _config_glossary_paths(config: "Config") -> list[Path]:
    paths = [Path(p) for p in config.glossaries]
    if config.default_glossaries:
        seen = {p.resolve() for p in paths}
        paths += [p for p in default_glossary_paths() if p.resolve() not in seen]
    return paths


#: Path lists by everything they depend on (see ``config_glossary_paths``).
_PATHS: dict[tuple, tuple[Path, ...]] = {}


def config_glossary_paths(config: "Config") -> list[Path]:
    """The glossary files a config uses, highest precedence first (user files, then the defaults)."""
    # Stages ask for every document; globbing the defaults folder and
    # resolving each path costs far more than the stats that detect an edited
    # file. The list changes only with the config, the folder setting, the
    # working directory (relative paths) or the folder's contents (its mtime).
    if not config.default_glossaries:
        return [Path(p) for p in config.glossaries]
    env = os.environ.get("POLISH_GLOSSARY_DIR")
    folder = env if env else str(repo_glossary_dir())
    try:
        stamp: int | None = os.stat(folder).st_mtime_ns
    except OSError:
        stamp = None
    try:
        cwd = os.getcwd()
    except OSError:  # working directory removed: do not memoise
        return _config_glossary_paths(config)
    key = (tuple(config.glossaries), folder, stamp, cwd)
    paths = _PATHS.get(key)
    if paths is None:
        paths = tuple(_config_glossary_paths(config))
        if len(_PATHS) > 32:
            _PATHS.clear()
        _PATHS[key] = paths
    return list(paths)


_MEMO: dict[tuple, Glossary] = {}


def glossary_for_config(config: "Config") -> Glossary:
    """The merged glossary a config uses; read again only when a file's path, size or mtime changed."""
    paths = config_glossary_paths(config)
    key = []
    for p in paths:
        try:
            st = p.stat()
        except FileNotFoundError:
            raise GlossaryError(str(p), 0, "no such file (listed in the glossaries setting)") from None
        except OSError as exc:
            raise GlossaryError(str(p), 0, f"cannot read: {exc.strerror or exc}") from None
        key.append((str(p), st.st_mtime_ns, st.st_size))
    memo_key = tuple(key)
    g = _MEMO.get(memo_key)
    if g is None:
        large = sum(size for _, _, size in key) >= PARSED_CACHE_MIN_BYTES
        g = _load_cached(paths) if large else load_glossaries(paths)
        if len(_MEMO) > 8:
            _MEMO.clear()
        _MEMO[memo_key] = g
    return g


#: glossary sets at least this large are parsed once and then read from the disk cache
#: (10,000 entries parse in ~0.12 s and unpickle in ~0.03 s; the shipped 300 need neither)
PARSED_CACHE_MIN_BYTES = 256 * 1024
#: the modules whose code decides what a glossary file parses to
_PARSER_MODULES = ("model.py", "tsv.py", "csvfmt.py", "tbx.py", "omegat.py")


def _parsed_key(paths: list[Path]) -> tuple | None:
    """What a parsed glossary set depends on: the parser's code and each file's path and bytes."""
    import hashlib

    from polish.diskcache import source_stamp

    here = Path(__file__).resolve().parent
    files = []
    for p in paths:
        try:
            files.append((str(p), hashlib.blake2b(p.read_bytes(), digest_size=20).hexdigest()))
        except OSError:
            return None  # reading it again reports the problem
    return (source_stamp(*(here / name for name in _PARSER_MODULES)), tuple(files))


def _load_cached(paths: list[Path]) -> Glossary:
    """``load_glossaries(paths)``, from the disk cache when the files' bytes are the ones it was parsed from."""
    from polish import diskcache

    key = _parsed_key(paths)
    if key is None:
        return load_glossaries(paths)
    file = diskcache.file_for("parsed", key)
    glossary = diskcache.load(file, key, lambda value: isinstance(value, Glossary))
    if glossary is None:
        glossary = load_glossaries(paths)
        if _parsed_key(paths) == key:  # not edited while it was parsed
            diskcache.store(file, key, glossary)
    return glossary
