"""Benchmark the whole pipeline (run by hand, not by pytest):

    .venv/bin/python tests/bench/run.py [--quick] [--out bench.json]

Builds a corpus from the seeds (../shared/corpus/seeds, when present) and examples/,
replicated with varied numbering and wording, then times `zgcheck check --format json`
as a fresh process: MB/s and files/s per core, --jobs 1 vs 2, 1x/10x/100x scaling, peak
RSS of the process tree, and the wall time of one small notice (start-up included).
When autocorrect-py is installed (a benchmark-only tool) it lints the same files for comparison.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def sources() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").glob("*.txt"))]
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    else:
        print("note: ../shared/corpus not present; using examples/ only")
    return texts


def vary(text: str, rng: random.Random) -> str:
    text = re.sub(r"\d{2,}", lambda m: str(int(m.group()) + rng.randint(0, 9)), text)
    if rng.random() < 0.3:
        text = text.replace("进一步", "切实")
    return text


def build(folder: Path, n_files: int, rng: random.Random) -> int:
    base = sources()
    size = 0
    for i in range(n_files):
        text = vary(base[i % len(base)], rng)
        data = text.replace("\n", "\r\n").encode("utf-8") if i % 7 == 0 else (
            text.encode("gb18030") if i % 11 == 0 else text.encode("utf-8"))
        path = folder / f"d{i // 1000:03d}" / f"n{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        size += len(text.encode("utf-8"))
    return size


def run(args: list[str]) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "-o", "/dev/null", *args],
                   cwd=REPO, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    return wall, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", default="bench.json")
    a = ap.parse_args()
    rng = random.Random(7)
    unit = 40 if a.quick else 100
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {}
        for factor in (1, 10) if a.quick else (1, 10, 100):
            folder = Path(tmp) / f"x{factor}"
            folder.mkdir()
            sizes[factor] = (build(folder, unit * factor, rng), unit * factor, folder)
        rows = []
        for factor, (size, files, folder) in sizes.items():
            for jobs in (1, 2):
                wall, rss = run(["--jobs", str(jobs), str(folder)])
                mbs = size / 1e6 / wall
                rows.append({"factor": factor, "files": files, "MB": round(size / 1e6, 2), "jobs": jobs,
                             "seconds": round(wall, 2), "MB/s": round(mbs, 2), "MB/s/core": round(mbs / jobs, 2),
                             "files/s": round(files / wall, 1), "peak_rss_MB": round(rss / 1024, 1)})
        results["runs"] = rows
        one = REPO / "examples" / "county-water-bureau.txt"
        walls = [run([str(one)])[0] for _ in range(10)]
        results["one_notice_ms"] = round(statistics.median(walls) * 1000, 1)
        try:
            import autocorrect_py

            folder = sizes[max(sizes)][2]
            t0 = time.perf_counter()
            for p in folder.rglob("*.txt"):
                autocorrect_py.lint_for(p.read_bytes().decode("utf-8", "replace"), str(p))
            results["autocorrect_seconds_largest"] = round(time.perf_counter() - t0, 2)
        except ImportError:
            results["autocorrect_seconds_largest"] = None
    print(f"{'factor':>6} {'files':>6} {'MB':>7} {'jobs':>4} {'sec':>7} {'MB/s':>6} {'MB/s/core':>9} {'files/s':>8} {'RSS MB':>7}")
    for r in results["runs"]:
        print(f"{r['factor']:>6} {r['files']:>6} {r['MB']:>7} {r['jobs']:>4} {r['seconds']:>7} {r['MB/s']:>6} "
              f"{r['MB/s/core']:>9} {r['files/s']:>8} {r['peak_rss_MB']:>7}")
    print(f"one small notice, fresh process: {results['one_notice_ms']} ms (median of 10)")
    if results["autocorrect_seconds_largest"] is not None:
        print(f"autocorrect-py on the largest corpus: {results['autocorrect_seconds_largest']} s")
    Path(a.out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
