"""Run every benchmark in turn (`make bench`); each prints its own table.

Results are recorded by hand in docs/benchmarks.md with the machine they came from;
benchmarks/glossary.py can also write docs/bench-glossary.md itself (--write).
benchmarks/compiled.py is not among them: it is an experiment that needs Cython,
which polish does not depend on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["clean.py", "stages.py", "glossary.py", "langid.py", "translate.py"]


def main() -> None:
    """Run the scripts; exit non-zero if any failed."""
    failed = []
    for name in SCRIPTS:
        print(f"\n## benchmarks/{name}\n", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)]).returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
