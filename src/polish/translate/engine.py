"""Batched translation with an installed Argos package: CTranslate2 + SentencePiece, run directly.

``argostranslate.translate`` imports torch and spacy (3+ s) and translates
one paragraph at a time with tiny token batches; it may also try to
download a sentence splitter. polish loads the same package files (the
``model/`` folder and ``sentencepiece.model``) itself: one CTranslate2
translator per package per process, every sentence of a document in one
``translate_batch`` call, identical sentences translated once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from polish.translate.packages import PackageInfo

#: Identical segments translated by one package, kept for the life of the process.
CACHE_LIMIT = 50_000


@dataclass
class Stats:
    """What the engine did, for tests and benchmarks."""

    calls: int = 0        # translate_batch calls made
    segments: int = 0     # segments sent to a model
    cache_hits: int = 0   # segments answered from the cache
    loads: int = 0        # models loaded


class _Loaded:
    """One package's translator and tokenizer."""

    def __init__(self, pkg: PackageInfo, threads: int, beam_size: int | None = None) -> None:
        import ctranslate2
        import argostranslate.settings as settings

        self.pkg = pkg
        self.translator = ctranslate2.Translator(
            str(pkg.path / "model"), device=settings.device, inter_threads=1,
            intra_threads=max(1, threads), compute_type=settings.compute_type,
        )
        # Argos's own setting (ARGOS_BEAM_SIZE, default 4) unless the caller chose one.
        self.beam_size = max(1, int(beam_size or settings.beam_size))
        sp_path = pkg.path / "sentencepiece.model"
        if sp_path.is_file():
            import sentencepiece as spm

            sp = spm.SentencePieceProcessor(model_file=str(sp_path))
            self.encode: Callable[[list[str]], list[list[str]]] = lambda xs: sp.encode(xs, out_type=str)
            self.decode: Callable[[list[str]], str] = sp.decode_pieces
        else:
            # BPE packages: argostranslate's own tokenizer for that package.
            import argostranslate.package as ap

            tok = ap.Package(pkg.path).tokenizer
            self.encode = lambda xs: [tok.encode(x) for x in xs]
            self.decode = lambda toks: tok.decode(toks).lstrip(" ")


class Engine:
    """Translates batches of segments through a route of installed packages."""

    def __init__(self, threads: int = 1, max_batch: int = 64, beam_size: int | None = None) -> None:
        self.threads = threads
        self.beam_size = beam_size
        self.max_batch = max_batch
        self.stats = Stats()
        self._models: dict[tuple[Path, int], _Loaded] = {}
        self._cache: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def _model(self, pkg: PackageInfo) -> _Loaded:
        key = (pkg.path, self.threads)
        with self._lock:
            m = self._models.get(key)
            if m is None:
                m = self._models[key] = _Loaded(pkg, self.threads, self.beam_size)
                self.stats.loads += 1
        return m

    def forget(self) -> None:
        """Drop loaded models and the cache (after packages were installed or removed)."""
        with self._lock:
            self._models.clear()
            self._cache.clear()

    def translate(self, segments: list[str], route: list[PackageInfo]) -> list[str]:
        """Translate every segment through each package of ``route`` in turn."""
        out = list(segments)
        for pkg in route:
            out = self._hop(out, pkg)
        return out

    def _hop(self, segments: list[str], pkg: PackageInfo) -> list[str]:
        ckey = f"{pkg.path}@{pkg.version}"
        todo: list[str] = []
        seen: set[str] = set()
        for s in segments:
            if not s.strip():
                continue
            if (ckey, s) in self._cache:
                self.stats.cache_hits += 1
            elif s not in seen:
                seen.add(s)
                todo.append(s)
        if todo:
            for src, dst in zip(todo, self._run(pkg, todo)):
                if len(self._cache) >= CACHE_LIMIT:
                    self._cache.clear()
                self._cache[(ckey, src)] = dst
        return [self._cache[(ckey, s)] if s.strip() else s for s in segments]

    def _run(self, pkg: PackageInfo, texts: list[str]) -> list[str]:
        m = self._model(pkg)
        tokens = m.encode(texts)
        prefix = [[pkg.target_prefix]] * len(tokens) if pkg.target_prefix else None
        # A model stuck in a loop would otherwise emit 256 tokens per sentence.
        longest = max((len(t) for t in tokens), default=1)
        results = m.translator.translate_batch(
            tokens, target_prefix=prefix, max_batch_size=self.max_batch, batch_type="examples",
            beam_size=m.beam_size, num_hypotheses=1, replace_unknowns=True, length_penalty=0.2,
            max_decoding_length=min(1024, 3 * longest + 16),
        )
        self.stats.calls += 1
        self.stats.segments += len(texts)
        out = []
        for r in results:
            value = m.decode(r.hypotheses[0])
            if pkg.target_prefix and value.startswith(pkg.target_prefix):
                value = value[len(pkg.target_prefix):]
            out.append(value.strip())
        return out


_ENGINES: dict[int, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine(threads: int = 1) -> Engine:
    """The process-wide engine for a thread count: models load once per process."""
    with _ENGINES_LOCK:
        e = _ENGINES.get(threads)
        if e is None:
            e = _ENGINES[threads] = Engine(threads)
        return e


def forget_all() -> None:
    """Drop every loaded model (after install/remove in this process)."""
    with _ENGINES_LOCK:
        for e in _ENGINES.values():
            e.forget()


def describe(route: list[PackageInfo]) -> dict[str, Any]:
    """JSON-ready description of a route."""
    return {"packages": [{"from": p.from_code, "to": p.to_code, "version": p.version, "code": p.code} for p in route]}
