#!/usr/bin/env python
"""Translation speed: polish's batched engine vs argostranslate.translate.translate() per sentence.

Both run the same tiny real Argos package (built by tests/argos_fixture.py,
copy weights, with a bundled splitter so argostranslate needs no download),
with one CPU thread and argostranslate's default beam size. Network access
is blocked for the whole run. Prints a Markdown table.

usage: .venv/bin/python benchmarks/translate.py [--sentences 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(tempfile.mkdtemp(prefix="polish-bench-translate-"))
# Before anything imports argostranslate: keep every Argos folder inside TMP.
ENV = {
    "XDG_DATA_HOME": str(TMP / "data"), "XDG_CONFIG_HOME": str(TMP / "config"), "XDG_CACHE_HOME": str(TMP / "cache"),
    "ARGOS_PACKAGES_DIR": str(TMP / "packages"), "ARGOS_INTRA_THREADS": "1", "ARGOS_DEVICE_TYPE": "cpu",
}
os.environ.update(ENV)
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]


def _block_network() -> None:
    def refuse(*args, **kwargs):
        raise OSError(f"benchmark: network access attempted {args!r}")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def sentences(n: int, seed: int = 1) -> list[str]:
    """``n`` distinct generated English-like sentences the tiny vocabulary covers."""
    from argos_fixture import _DID, _WHAT, _WHEN, _WHO

    rnd = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        s = f"{rnd.choice(_WHO)} {rnd.choice(_DID)} {rnd.choice(_WHAT)} {rnd.choice(_WHEN)} {rnd.randrange(1000)}"
        out.add(s[0].upper() + s[1:] + ".")
    return sorted(out)


COLD_POLISH = """
import time, json; t = time.perf_counter()
from polish.translate import packages as pk
from polish.translate.engine import engine
route = pk.find_route("xx", "en", pk.installed_packages())
engine(1).translate(["The rector signed an agreement today."], route)
print(json.dumps(time.perf_counter() - t))
"""
COLD_ARGOS = """
import time, json; t = time.perf_counter()
import argostranslate.translate as tr
tr.translate("The rector signed an agreement today.", "xx", "en")
print(json.dumps(time.perf_counter() - t))
"""


def cold(code: str) -> float:
    """Seconds from a fresh interpreter to the first translation (imports and model load included)."""
    guard = "import socket\ndef _r(*a, **k): raise OSError('network')\nsocket.socket.connect = _r\nsocket.create_connection = _r\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", guard + code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _vocab(pkg) -> int:
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model")).get_piece_size()


def _best(fn, reps: int) -> float:
    """Fastest of ``reps`` runs of ``fn(rep)`` (each run gets fresh sentences: nothing cached)."""
    times = []
    for rep in range(reps):
        t = time.perf_counter()
        fn(rep)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs per row")
    args = ap.parse_args()
    _block_network()
    from argos_fixture import build_package

    from polish.translate import packages as pk

    archive = build_package(TMP / "build", "xx", "en", sbd=True, vocab_size=120, source_scripts=False)
    pk.install_file(archive)  # argostranslate.package.install_from_path into TMP/packages
    route = pk.find_route("xx", "en", pk.installed_packages())
    n = args.sentences
    sets = [sentences(n, seed=100 + rep) for rep in range(3 * args.repeat + 1)]

    from polish.translate.engine import Engine

    eng = Engine(threads=1)
    eng.translate(["Warm up."], route)  # load the model outside the timing
    greedy = Engine(threads=1, beam_size=1)
    greedy.translate(["Warm up."], route)

    def polish_run(rep: int) -> None:
        assert eng.translate(sets[rep], route) == sets[rep], "copy model must return its input"

    def greedy_run(rep: int) -> None:
        assert greedy.translate(sets[args.repeat + rep], route) == sets[args.repeat + rep]

    polish_s = _best(polish_run, args.repeat)
    greedy_s = _best(greedy_run, args.repeat)
    t = time.perf_counter()
    eng.translate(sets[0], route)
    cached_s = time.perf_counter() - t

    import argostranslate.translate as tr

    tr.translate("Warm up.", "xx", "en")  # load the model outside the timing

    def argos_run(rep: int) -> None:
        batch = sets[2 * args.repeat + rep]
        assert [tr.translate(s, "xx", "en") for s in batch] == batch

    argos_s = _best(argos_run, args.repeat)
    cold_polish = min(cold(COLD_POLISH) for _ in range(3))
    cold_argos = min(cold(COLD_ARGOS) for _ in range(3))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{n} distinct sentences per run, best of {args.repeat}; tiny copy model (1+1 layers, vocabulary "
          f"{_vocab(route[0])}); 1 CPU thread; network blocked; load average at the end: {load}\n")
    print("| path | beam | time (s) | sentences/s |")
    print("|---|---:|---:|---:|")
    print(f"| `argostranslate.translate.translate()` once per sentence | 4 | {argos_s:.3f} | {n / argos_s:,.0f} |")
    print(f"| polish batched engine (one `translate_batch` call) | 4 | {polish_s:.3f} | {n / polish_s:,.0f} |")
    print(f"| polish batched engine, `ARGOS_BEAM_SIZE=1` | 1 | {greedy_s:.3f} | {n / greedy_s:,.0f} |")
    print(f"| polish, the same sentences again (segment cache) | - | {cached_s:.4f} | {n / cached_s:,.0f} |")
    print(f"\nspeed-up, batched vs per sentence at the same beam: {argos_s / polish_s:.1f}x\n")
    print("| cold start: fresh process to first translation | seconds |")
    print("|---|---:|")
    print(f"| polish (`argostranslate.package` + CTranslate2 + SentencePiece) | {cold_polish:.2f} |")
    print(f"| `argostranslate.translate` (imports torch, spacy, stanza) | {cold_argos:.2f} |")


if __name__ == "__main__":
    main()
