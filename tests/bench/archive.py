"""Archive HTML report benchmark (run by hand; never collected by pytest or used by CI).

    .venv/bin/python tests/bench/archive.py                                  # 10,000 notices, temp corpus
    .venv/bin/python tests/bench/archive.py --corpus /work/scratch/archive-bench --keep
    .venv/bin/python tests/bench/archive.py --files 2000 --jobs 2

What it does
  1. Builds a corpus outside the repo (a temp dir, or --corpus DIR, reused when it already holds
     the wanted number of files): copies of examples/*.txt under many names, in sub-folders,
     1 in 10 with a Chinese file name.
  2. Runs `python -m checker check --format html -o OUT/ CORPUS` under `/usr/bin/time -v` (when
     present) and polls the summed RSS of the process tree (run.TreeMemorySampler); prints the
     wall time, the peak tree RSS, the largest single process (time's "Maximum resident set
     size") and the pages written. Target: peak tree RSS < 300 MB for 10,000 notices.
  3. Opens OUT/index.html in headless Chromium (`--dump-dom`), --loads times, and reads the
     time the page's script drew the table (`data-ready-ms`, ms since navigation start:
     parsing the page and its JSON rows, filtering, sorting, drawing the first page of rows),
     with the browser's own start-up excluded; the wall time of the whole chromium process
     is shown beside it. Target: < 2 s.
Prints PASS/FAIL per target; exit status 0 whatever the verdicts (it measures, it does not gate).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from run import TreeMemorySampler  # noqa: E402  (the process-tree memory poller of the main benchmark)

RSS_TARGET_MB = 300
LOAD_TARGET_S = 2.0
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic"]


def build_corpus(folder: Path, count: int) -> None:
    """``count`` notices: copies of the examples under varied names (some Chinese) in 100-file folders."""
    existing = sum(1 for _ in folder.rglob("*.txt")) if folder.exists() else 0
    if existing == count:
        print(f"corpus: reusing {folder} ({count} files)")
        return
    if folder.exists():
        shutil.rmtree(folder)
    sources = sorted((REPO / "examples").glob("*.txt"))
    for n in range(count):
        src = sources[n % len(sources)]
        sub = folder / f"batch-{n // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        name = f"关于第{n}号巡察整改情况的通报.txt" if n % 10 == 0 else f"{n:05d}-{src.name}"
        shutil.copyfile(src, sub / name)
    print(f"corpus: built {folder} ({count} files)")


def run_check(corpus: Path, out: Path, jobs: int | None) -> None:
    cmd = [sys.executable, "-m", "checker", "check", "--format", "html", "-o", f"{out}/", str(corpus),
           "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("GITHUB_ACTIONS", None)
    start = time.perf_counter()
    proc = subprocess.Popen(timer + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    sampler = TreeMemorySampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    sampler.stop()
    wall = time.perf_counter() - start
    maxrss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    pages = sum(1 for _ in (out / "files").iterdir())
    tree_mb = sampler.peak_rss_kb / 1024
    print(f"check: exit {proc.returncode}, {wall:.1f} s, {pages} pages + index "
          f"({(out / 'index.html').stat().st_size / 1e6:.1f} MB index)")
    print(f"memory: peak tree RSS {tree_mb:.0f} MB, peak tree PSS {sampler.peak_pss_kb / 1024:.0f} MB"
          + (f", largest process {int(maxrss.group(1)) / 1024:.0f} MB (/usr/bin/time -v)" if maxrss else ""))
    print(f"  {'PASS' if tree_mb < RSS_TARGET_MB else 'FAIL'}: peak tree RSS < {RSS_TARGET_MB} MB")


def load_index(index: Path, loads: int, profile: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("load: SKIPPED (no chromium on PATH)")
        return
    ready: list[int] = []
    walls: list[float] = []
    for _ in range(loads):
        start = time.perf_counter()
        dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                              index.as_uri()], capture_output=True, timeout=120).stdout.decode("utf-8", "replace")
        walls.append(time.perf_counter() - start)
        hit = re.search(r'data-ready-ms="(\d+)"', dom)
        rows = dom.count("<tr data-kind=")
        if hit is None:
            print("load: the page's script did not finish (no data-ready-ms in the DOM)")
            return
        ready.append(int(hit.group(1)))
    best = min(ready) / 1000
    print(f"load: table drawn {statistics.median(ready) / 1000:.2f} s median, {best:.2f} s best after "
          f"navigation ({loads} loads, {rows} rows on the first page); chromium process "
          f"{statistics.median(walls):.2f} s wall incl. start-up")
    print(f"  {'PASS' if statistics.median(ready) / 1000 < LOAD_TARGET_S else 'FAIL'}: index ready < {LOAD_TARGET_S} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=None, help="build/reuse the corpus here (outside the repo)")
    parser.add_argument("--keep", action="store_true", help="keep the temp corpus and report")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zg-archive-bench-"))
    corpus = args.corpus or work / "corpus"
    if REPO in corpus.resolve().parents:
        sys.exit("the corpus must be outside the repository")
    try:
        build_corpus(corpus, args.files)
        out = work / "report"
        run_check(corpus, out, args.jobs)
        load_index(out / "index.html", args.loads, work / "profile")
        if args.keep:
            print(f"kept: {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
