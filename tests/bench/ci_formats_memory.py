"""Peak memory of the CI formats on many files (run by hand; pytest never collects tests/bench).

    .venv/bin/python tests/bench/ci_formats_memory.py                 # 2,000 files (examples/*.txt copied)
    .venv/bin/python tests/bench/ci_formats_memory.py --files 20000   # the 20,000-file target (< 500 MB)

Each format runs as a fresh process (`python -m checker check DIR --format F -o OUT`, plus the
Action's `--format github --output-format sarif:…`); the peak RSS of the largest process is read
from ``getrusage(RUSAGE_CHILDREN)`` in a small wrapper process per run.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RUNS = {
    "sarif": ["--format", "sarif", "-o", "{out}/r.sarif"],
    "junit": ["--format", "junit", "-o", "{out}/r.xml"],
    "github": ["--format", "github", "-o", "{out}/r.txt"],
    "action (github + sarif)": ["--format", "github", "-o", "{out}/a.txt", "--output-format", "sarif:{out}/a.sarif"],
}


def build(folder: Path, count: int) -> None:
    examples = sorted((REPO / "examples").glob("*.txt"))
    for n in range(count):
        sub = folder / f"d{n % 50}"
        sub.mkdir(exist_ok=True)
        shutil.copyfile(examples[n % len(examples)], sub / f"n{n}.txt")


_WRAPPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mb(args: list[str]) -> float:
    """Peak RSS in MB of one zgcheck process (measured in a wrapper of its own; Linux reports kB)."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "checker", "check", *args],
                          cwd=REPO, capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        out.mkdir()
        build(corpus, options.files)
        for name, args in RUNS.items():
            filled = [a.format(out=out) for a in args]
            mb = peak_mb([str(corpus), "--jobs", str(options.jobs), *filled])
            print(f"{name:26} {options.files:>6} files  peak RSS {mb:7.1f} MB")


if __name__ == "__main__":
    main()
