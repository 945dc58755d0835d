"""Generate a synthetic corpus of machine-translated education news, and a large glossary.

Used by benchmarks/clean.py and benchmarks/naive.py. Deterministic for a given seed.

    python benchmarks/corpus.py OUT_DIR --mb 5 [--glossary-entries 10000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CITIES = ["Minsk", "Beijing", "Dalian", "Harbin", "Gomel", "Brest", "Vitebsk", "Grodno", "Shanghai", "Qingdao"]
UNIS = ["Dalian University of Science and Technology", "Belarusian State University", "Harbin Institute of Technology",
        "Belarusian State University of Information and Radio Electronics", "Minsk State Linguistic University",
        "Shandong University", "Jilin University", "Polotsk State University"]
PEOPLE = ["Vadim Bogushi", "Vadim Bogush", "Andrei Korol", "Li Wei", "Zhang Min", "Olga Ivanova", "Sergei Petrov"]
PHRASES = ["new crown pneumonia", "double first-class", "talent cultivation", "people-to-people exchanges",
           "Sino -Belarusian cooperation", "high -tech industries", "production, study and research cooperation"]
VERBS = ["signed an agreement on", "discussed", "held talks on", "launched", "promoted", "expanded"]
OBJECTS = ["joint training of engineers", "academic mobility", "a joint laboratory", "summer schools",
           "online teaching", "research projects in artificial intelligence", "the Chinese language centre"]
JUNK = ["Share to let more people see", "Back to top", "Views: 1,204", "- END -",
        "Copyright © 2023 International Office. All rights reserved.", "Font size: large medium small"]


def sentence(rnd: random.Random) -> str:
    """One MT-flavoured sentence."""
    s = f"{rnd.choice(UNIS)} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)} with {rnd.choice(UNIS)}"
    if rnd.random() < 0.5:
        s += f" in the field of {rnd.choice(PHRASES)}"
    if rnd.random() < 0.3:
        s += f", {rnd.choice(PEOPLE)} said"
    if rnd.random() < 0.1:
        s += " ,"
    return s + "."


def article(rnd: random.Random, paragraphs: int = 8) -> str:
    """One article: a title, a dateline, paragraphs, junk at the end."""
    lines = [f"{rnd.choice(UNIS)} and {rnd.choice(UNIS)} deepen cooperation",
             f"{rnd.choice(CITIES)},, June {rnd.randint(1, 28)} -- " + sentence(rnd)]
    for _ in range(paragraphs):
        lines.append(" ".join(sentence(rnd) for _ in range(rnd.randint(3, 6))))
    lines += rnd.sample(JUNK, 3)
    return "\n".join(lines) + "\n"


def make_corpus(out: Path, mb: float, seed: int = 0) -> list[Path]:
    """Write articles until ``mb`` megabytes; return the files."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    files, total, i = [], 0, 0
    while total < mb * 1_000_000:
        text = article(rnd)
        p = out / f"article-{i:05d}.txt"
        p.write_text(text, encoding="utf-8")
        files.append(p)
        total += len(text.encode("utf-8"))
        i += 1
    return files


SYLL = ["ka", "lo", "mi", "ren", "tor", "vas", "bel", "gra", "nov", "shi", "lin", "zhao", "pet", "ros", "dan"]


def make_glossary(path: Path, entries: int, seed: int = 1) -> Path:
    """A synthetic glossary TSV in polish's native format (header + one entry per line)."""
    from polish.glossary.model import COLUMNS

    rnd = random.Random(seed)
    seen: set[str] = set()
    rows = ["\t".join(COLUMNS)]
    while len(rows) <= entries:
        words = ["".join(rnd.choice(SYLL) for _ in range(rnd.randint(2, 3))).capitalize() for _ in range(rnd.randint(2, 4))]
        canonical = " ".join(words) + " Institute"
        variant = " ".join(words) + " Institution"
        if canonical in seen:
            continue
        seen.add(canonical)
        cells = {c: "" for c in COLUMNS}
        cells.update(id=f"syn-{len(rows)}", canonical=canonical, variants=variant, kind="organisation",
                     note="synthetic benchmark entry")
        rows.append("\t".join(cells[c] for c in COLUMNS))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def main() -> None:
    """Command-line entry."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--glossary-entries", type=int, default=0)
    a = ap.parse_args()
    files = make_corpus(a.out / "corpus", a.mb)
    print(f"{len(files)} files in {a.out / 'corpus'}")
    if a.glossary_entries:
        print(make_glossary(a.out / "glossary.tsv", a.glossary_entries))


if __name__ == "__main__":
    main()
