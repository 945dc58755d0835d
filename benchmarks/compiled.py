"""Would compiling polish's own Python code make the stages fast enough? An experiment.

    .venv/bin/pip install cython   # not a dependency of polish: for this experiment only
    .venv/bin/python benchmarks/compiled.py [--mb 2] [--repeat 3]

Copies ``src/polish`` and ``glossaries/`` to a temporary tree, compiles the modules
that do the per-document work with Cython as they are (no type declarations, so
behaviour is Python's), and times the stages in one process (``benchmarks/stages.py``)
on that tree and on the plain one, alternately. Both runs must produce the same
cleaned text and the same changes, or the script says so and stops.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The modules a document's run spends its time in (see docs/benchmarks.md).
HOT = [
    "model.py", "pipeline.py", "codeblocks.py", "readability.py", "names.py", "langid.py",
    "glossary/matcher.py", "stages/boilerplate.py", "stages/language.py", "stages/mechanics.py",
    "stages/mechanics_rules.py", "stages/glossary.py", "stages/consistency.py", "stages/readability.py",
]

BUILD = """
import sys
from setuptools import Extension, setup
from Cython.Build import cythonize
# annotation_typing off: Cython would otherwise enforce annotations such as
# ``x: dict = defaultdict(...)``, which Python does not.
# Named explicitly: polish.stages is a namespace package, which cythonize would
# otherwise take for top-level modules.
mods = [Extension(f[:-3].replace("/", "."), [f]) for f in sys.argv[1:]]
setup(ext_modules=cythonize(mods, language_level=3, nthreads=2,
                            compiler_directives={"binding": True, "annotation_typing": False}),
      script_args=["build_ext", "--inplace", "-j", "2"])
"""

#: One run's fingerprint: the cleaned texts and (rule, start, end, after) of every change.
FINGERPRINT = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from corpus import make_corpus
from polish.config import Config
from polish.pipeline import run
from polish.reading import read_document
files = make_corpus(__import__('pathlib').Path(sys.argv[2]), 0.3, seed=5)
h = hashlib.blake2b(digest_size=16)
for f in files:
    r = run(read_document(f), Config(translate=False))
    h.update(r.text.encode()); h.update(repr([(c.rule, c.start, c.end, c.after) for c in r.changes]).encode())
print(h.hexdigest())
"""


def stages_rate(pythonpath: str | None, mb: float) -> float:
    """MB/s that benchmarks/stages.py reports, with ``pythonpath`` first on the path."""
    env = None
    if pythonpath:
        import os

        env = {**os.environ, "PYTHONPATH": pythonpath}
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stages.py"), "--mb", str(mb)],
                         capture_output=True, text=True, env=env, check=True).stdout
    return float(re.search(r"= ([\d.]+) MB/s", out).group(1))


def fingerprint(pythonpath: str | None, tmp: Path, tag: str) -> str:
    """The fingerprint of one tree's cleaning of a small generated corpus."""
    import os

    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
    return subprocess.run([sys.executable, "-c", FINGERPRINT, str(ROOT / "benchmarks"), str(tmp / f"fp-{tag}")],
                          capture_output=True, text=True, env=env, check=True).stdout.strip()


def main() -> None:
    """Build the compiled tree, check it cleans identically, time both alternately."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    try:
        import Cython  # noqa: F401
    except ImportError:
        raise SystemExit("this experiment needs Cython: .venv/bin/pip install cython")
    with tempfile.TemporaryDirectory(prefix="polish-compiled-") as t:
        tmp = Path(t)
        shutil.copytree(ROOT / "src", tmp / "src", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "glossaries", tmp / "glossaries")  # found beside the package
        pkg = tmp / "src" / "polish"
        subprocess.run([sys.executable, "-c", BUILD, *(str(Path("polish") / m) for m in HOT)],
                       cwd=tmp / "src", check=True, capture_output=True)
        built = sorted(pkg.rglob("*.so"))
        if len(built) != len(HOT):
            raise SystemExit(f"built {len(built)} of {len(HOT)} modules")
        compiled = str(tmp / "src")
        if fingerprint(compiled, tmp, "c") != fingerprint(None, tmp, "p"):
            raise SystemExit("the compiled tree cleans differently: no timing")
        plain, fast = [], []
        for _ in range(a.repeat):
            plain.append(stages_rate(None, a.mb))
            fast.append(stages_rate(compiled, a.mb))
    p, f = statistics.median(plain), statistics.median(fast)
    print(f"compiled {len(built)} modules with Cython; cleaned text and changes identical")
    print("| tree | stages in process, MB/s (median, range) |\n|---|---:|")
    print(f"| Python | {p:.2f} ({min(plain):.2f}–{max(plain):.2f}) |")
    print(f"| Cython-compiled, unchanged code | {f:.2f} ({min(fast):.2f}–{max(fast):.2f}) |")
    print(f"\nspeed-up {f / p:.2f}×")


if __name__ == "__main__":
    main()
