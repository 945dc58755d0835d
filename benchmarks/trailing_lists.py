"""Removals on the trailing-list test data: scraped headline lists that must go, the articles' own lists that must stay.

    PYTHONPATH=src python benchmarks/trailing_lists.py

Reads tests/data/trailing_lists.toml and prints, for each set and list shape, the lines removed that
should be (junk removed), the junk lines kept, and the lines removed that should not be.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

from polish import pipeline
from polish.config import Config
from polish.model import Document
from polish.stages import boilerplate

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "trailing_lists.toml"


def removed_lines(text: str) -> list[str]:
    """The stripped lines the boilerplate stage removes from ``text``."""
    cfg = Config(translate=False)
    result = pipeline.run(Document(text), cfg, stages=[boilerplate.make(cfg)])
    return [line.strip() for c in result.changes if c.kind == "remove" for line in c.before.splitlines() if line.strip()]


def measure(cases: list[dict]) -> Counter:
    """Counts per (shape, outcome): ``junk-removed``, ``junk-kept``, ``wrongly-removed`` lines, and pages."""
    out: Counter = Counter()
    for case in cases:
        junk = case.get("junk", [])
        gone = removed_lines(case["text"])
        shape = case["shape"]
        out[shape, "pages"] += 1
        out[shape, "junk"] += len(junk)
        out[shape, "junk-removed"] += sum(1 for j in junk if j in gone)
        out[shape, "wrongly-removed"] += sum(1 for g in gone if g not in junk)
        for g in gone:
            if g not in junk:
                print(f"  wrongly removed ({case['name']}): {g}")
    return out


def main() -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    print(f"{'set':8} {'shape':8} {'pages':>5} {'junk lines':>10} {'removed':>8} {'kept':>5} {'wrongly removed':>16}")
    for name in ("scraped", "own"):
        counts = measure(data[name])
        shapes = sorted({s for s, _ in counts})
        for shape in [*shapes, "all"]:
            get = (lambda k: counts[shape, k]) if shape != "all" else (lambda k: sum(counts[s, k] for s in shapes))
            print(f"{name:8} {shape:8} {get('pages'):5} {get('junk'):10} {get('junk-removed'):8} "
                  f"{get('junk') - get('junk-removed'):5} {get('wrongly-removed'):16}")


if __name__ == "__main__":
    main()
