"""Throughput, start-up time and peak memory of `polish clean`, beside the naive script.

    .venv/bin/python benchmarks/clean.py [--mb 10] [--entries 10000] [--repeat 3]

Everything runs in fresh processes (the CLI as a user runs it), on a generated corpus of
machine-translated education news with junk lines, MT garbles and a synthetic glossary of
--entries entries on top of the shipped ones. Translation is off (no model is installed);
readability before/after and every other default stage are on. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import make_corpus, make_glossary  # noqa: E402

BIN = Path(sys.executable).parent


#: (user, system) CPU seconds of the last ``timed`` command and its children
LAST_CPU: list[float] = [0.0, 0.0]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` in a fresh child; return (seconds, peak RSS of the child tree in MB); CPU times go to LAST_CPU."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t\n"
        "if r.returncode not in (0, 1): sys.stderr.write(r.stderr.decode()[-2000:]); sys.exit(3)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([dt, u.ru_maxrss / 1024, u.ru_utime, u.ru_stime]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{out.stderr}")
    dt, rss, LAST_CPU[0], LAST_CPU[1] = json.loads(out.stdout)
    return dt, rss


def size_mb(files: list[Path]) -> float:
    """Total size in MB."""
    return sum(f.stat().st_size for f in files) / 1e6


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    # 10 MB: large enough that the fixed start-up (reported on its own row) does not dominate
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--naive-mb", type=float, default=0.1)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each job count, alternated")
    a = ap.parse_args()
    polish = str(BIN / "polish")
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="polish-bench-") as tmp:
        tmp_path = Path(tmp)
        env_cache = tmp_path / "cache"
        os.environ["POLISH_CACHE_DIR"] = str(env_cache)
        helps = sorted(timed([polish, "--help"])[0] for _ in range(7))
        rows.append(("`polish --help` start-up (median of 7)", f"{helps[3]:.3f} s"))
        gloss = make_glossary(tmp_path / "glossary.tsv", a.entries)
        small = make_corpus(tmp_path / "small", a.mb / 2, seed=1)
        corpus = make_corpus(tmp_path / "corpus", a.mb, seed=2)
        big = make_corpus(tmp_path / "big", a.mb * 2, seed=3)
        huge = make_corpus(tmp_path / "huge", a.mb * 4, seed=4)
        common = ["--glossary", str(gloss), "--no-translate", "-q"]
        # warm the on-disk automaton cache once, as any second run would find it
        timed([polish, "clean", str(small[0]), *common])
        one = sorted(timed([polish, "clean", str(small[0]), *common])[0] for _ in range(3))[1]
        rows.append((f"`polish clean` of one {small[0].stat().st_size / 1e3:.0f} KB file (start-up: imports, "
                     "glossary from cache, CMU dictionary; median of 3)", f"{one:.2f} s"))
        mb = size_mb(corpus)
        # The shared machine's speed drifts by tens of percent within minutes: the two job
        # counts run alternately, --repeat times, so each pair meets the same conditions.
        pairs, cpu1 = [], []
        for r in range(a.repeat):
            t1, rss1 = timed([polish, "clean", str(tmp_path / "corpus"), "-o", str(tmp_path / f"out1-{r}"), *common, "--jobs", "1"])
            cpu1.append(tuple(LAST_CPU))
            t2, _ = timed([polish, "clean", str(tmp_path / "corpus"), "-o", str(tmp_path / f"out2-{r}"), *common, "--jobs", "2"])
            pairs.append((t1, t2))
        ones = sorted(t for t, _ in pairs)
        twos = sorted(t for _, t in pairs)
        ups = sorted(t1 / t2 for t1, t2 in pairs)
        t1, t2 = ones[len(ones) // 2], twos[len(twos) // 2]
        rows.append((f"clean, {mb:.1f} MB, {len(corpus)} docs, {a.entries:,}-entry glossary, --jobs 1 (median of {a.repeat})",
                     f"{t1:.1f} s = **{mb / t1:.2f} MB/s** ({mb / ones[-1]:.2f}–{mb / ones[0]:.2f}), {len(corpus) / t1:.0f} docs/s"))
        rows.append((f"same, --jobs 2 (median of {a.repeat})",
                     f"{t2:.1f} s = **{mb / t2:.2f} MB/s** ({mb / twos[-1]:.2f}–{mb / twos[0]:.2f}); "
                     f"speed-up of each pair: median **{ups[len(ups) // 2]:.2f}×** ({ups[0]:.2f}–{ups[-1]:.2f})"))
        users, systems = sorted(u for u, _ in cpu1), sorted(s for _, s in cpu1)
        rows.append(("CPU of the --jobs 1 runs, user / system (median); system time is mostly the file system "
                     "creating the output files", f"{users[len(users) // 2]:.1f} s / {systems[len(systems) // 2]:.1f} s"))
        ts, rss_s = timed([polish, "clean", str(tmp_path / "small"), "-o", str(tmp_path / "outs"), *common])
        big_pairs, rss_b = [], 0.0
        for r in range(a.repeat):
            tb, rss = timed([polish, "clean", str(tmp_path / "big"), "-o", str(tmp_path / f"outb1-{r}"), *common])
            tb2, _ = timed([polish, "clean", str(tmp_path / "big"), "-o", str(tmp_path / f"outb2-{r}"), *common, "--jobs", "2"])
            big_pairs.append(tb / tb2)
            rss_b = rss_b or rss
        big_pairs.sort()
        _, rss_h = timed([polish, "clean", str(tmp_path / "huge"), "-o", str(tmp_path / "outh"), *common])
        rows.append((f"peak RSS, corpus {size_mb(small):.1f} / {mb:.1f} / {size_mb(big):.1f} / {size_mb(huge):.1f} MB (--jobs 1)",
                     f"{rss_s:.0f} / {rss1:.0f} / {rss_b:.0f} / {rss_h:.0f} MB"))
        rows.append((f"--jobs 2 speed-up on the {size_mb(big):.1f} MB corpus, where the fixed start-up weighs half as much "
                     f"(median of {a.repeat} alternated pairs)",
                     f"**{big_pairs[len(big_pairs) // 2]:.2f}×** ({big_pairs[0]:.2f}–{big_pairs[-1]:.2f})"))
        report = json.loads((tmp_path / "out1-0" / "polish-report.json").read_text())
        rows.append(("changes / findings in that run", f"{report['summary']['changes']:,} / {report['summary']['findings']:,}"))
        naive_files = []
        for f in corpus:
            naive_files.append(f)
            if size_mb(naive_files) >= a.naive_mb:
                break
        out = subprocess.run([sys.executable, str(HERE / "naive.py"), str(gloss), *map(str, naive_files)],
                             capture_output=True, text=True, check=True)
        rows.append((f"naive script (langdetect + textstat per paragraph, one re.sub per entry), {size_mb(naive_files):.2f} MB",
                     out.stdout.strip().split(" = ", 1)[1]))
    print(f"machine: {os.cpu_count()} vCPU, Python {platform.python_version()}, {platform.machine()}")
    print("| measure | result |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()
