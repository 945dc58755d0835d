"""Time spent in each pipeline stage over a generated corpus, in one process.

    .venv/bin/python benchmarks/stages.py [--mb 1] [--entries 10000] [--disable RULE ...]

Translation is off (no model installed); every other default stage runs, with a
synthetic glossary of --entries entries on top of the shipped ones.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus, make_glossary  # noqa: E402


class Timed:
    """Wraps a stage and adds its run time to a counter."""

    def __init__(self, stage, totals: Counter) -> None:
        self.stage, self.name, self.totals = stage, stage.name, totals
        self.rounds = getattr(stage, "rounds", 1)  # the pipeline asks the stage how often to run it
        if hasattr(stage, "again"):
            self.again = stage.again
        if hasattr(stage, "revisit"):
            self.revisit, self.revisit_after = stage.revisit, stage.revisit_after

    def run(self, text, ctx):
        """Run the wrapped stage, timing it."""
        t = time.perf_counter()
        try:
            return self.stage.run(text, ctx)
        finally:
            self.totals[self.name] += time.perf_counter() - t


def main() -> None:
    """Print MB/s and seconds per stage."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--disable", action="append", default=[], metavar="RULE", help="switch a rule off (repeatable)")
    a = ap.parse_args()
    from polish.config import Config
    from polish.pipeline import build_stages, run
    from polish.reading import read_document

    with tempfile.TemporaryDirectory(prefix="polish-stages-") as tmp:
        files = make_corpus(Path(tmp) / "c", a.mb, seed=2)
        gloss = make_glossary(Path(tmp) / "g.tsv", a.entries) if a.entries else None
        cfg = Config(translate=False, glossaries=(str(gloss),) if gloss else (), disable=tuple(a.disable))
        totals: Counter = Counter()
        stages = [Timed(s, totals) for s in build_stages(cfg)]
        docs = [read_document(f) for f in files]
        run(docs[0], cfg, stages=stages)  # warm: models, profiles, automaton
        totals.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        size = 0
        for d in docs:
            size += len(d.text.encode("utf-8"))
            run(d, cfg, stages=stages)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    # CPU seconds too: on a machine shared with other jobs they move less than the wall clock
    print(f"{size / 1e6:.2f} MB, {len(docs)} docs in {dt:.2f} s = {size / 1e6 / dt:.3f} MB/s"
          f" (CPU {cpu:.2f} s = {size / 1e6 / cpu:.3f} MB/s)")
    for name, secs in totals.most_common():
        print(f"  {name:12s} {secs:6.2f} s")
    print(f"  {'pipeline':12s} {dt - sum(totals.values()):6.2f} s")


if __name__ == "__main__":
    main()
