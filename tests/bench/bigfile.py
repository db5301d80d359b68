"""Memory of one big file (issue 22.8): generate the five 20 MB shapes of docs/performance.md
(invented text) into a folder and, with ``--measure``, print each one's peak RSS under
``zgcheck check FILE --format json -o OUT`` (``/usr/bin/time -v``) against the goal of ~10× the
file's size. Run by hand; pytest never collects tests/bench.

    .venv/bin/python tests/bench/bigfile.py /tmp/zg-big                   # write the five files
    .venv/bin/python tests/bench/bigfile.py /tmp/zg-big --measure         # and measure each
    .venv/bin/python tests/bench/bigfile.py /tmp/zg-big --measure --only table,measures

Shapes: ``big20`` (≈ 76,000 items of three short lines), ``lines`` (one item of ≈ 540,000 short
lines), ``oneline`` (one item on one 20 MB line), ``measures`` (one item of ≈ 454,000
``一是…；`` measures on one line), ``table`` (a tab-separated table of ≈ 402,000 rows of five
cells). The default size is 20 MB, the default ``max_file_size``.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HEAD = "关于巡察整改进展情况的通报\n"
SHAPES = ("big20", "lines", "oneline", "measures", "table")


def _fill(parts: list[str], size: int, target: int, piece) -> int:
    """Append ``piece(n)`` for n = 1, 2, … until ``size`` bytes reach ``target``; the last n."""
    n = 0
    while size < target:
        n += 1
        text = piece(n)
        parts.append(text)
        size += len(text.encode())
    return n


def shape_text(shape: str, target: int) -> str:
    parts = [HEAD]
    size = len(HEAD.encode())
    if shape == "table":
        parts.append("序号\t问题\t整改措施\t责任单位\t完成情况\n")
        _fill(parts, size, target, lambda n: f"{n}\t台账不全\t已补台账\t县局\t已完成\n")
    elif shape == "big20":
        item = ("{n}、关于“资金管理不规范”的问题\n问题：部分项目资金拨付滞后，台账登记不完整。\n"
                "整改情况：已完成。县财政局牵头，于2024年6月底前完成台账清理，追回资金12万元，修订《资金管理办法》。\n")
        _fill(parts, size, target, lambda n: item.format(n=n))
    elif shape == "lines":
        parts.append("1、关于“资金管理不规范”的问题\n整改情况：\n")
        _fill(parts, size, target, lambda n: "加强管理，持续推进工作。\n")
    elif shape == "oneline":
        parts.append("1、关于“资金管理不规范”的问题\n整改情况：")
        unit = "加强管理，"
        parts.append(unit * ((target - size) // len(unit.encode())))
    elif shape == "measures":
        parts.append("1、关于“资金管理不规范”的问题\n整改情况：")
        unit = "一是加强资金管理落实责任12项；"
        parts.append(unit * ((target - size) // len(unit.encode())))
    else:
        raise ValueError(shape)
    return "".join(parts)


REPO = Path(__file__).resolve().parents[2]


def peak_rss_mb(path: Path, out: Path, checker: Path) -> float:
    """Peak RSS of one ``zgcheck check`` run of the checkout ``checker`` (MiB), read from
    ``/usr/bin/time -v``; run from the file's folder so that only ``checker`` is importable."""
    env = dict(os.environ, PYTHONPATH=str(checker))
    done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "checker", "check", str(path),
                           "--format", "json", "-o", str(out)], capture_output=True, text=True,
                          cwd=path.parent, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{path}: zgcheck exit {done.returncode}: {done.stderr[-500:]}")
    kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return int(kb.group(1)) / 1024 if kb else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--size-mb", type=float, default=20.0)
    ap.add_argument("--only", default="", help="comma-separated shapes")
    ap.add_argument("--measure", action="store_true", help="run zgcheck on each and print its peak RSS")
    ap.add_argument("--checker", type=Path, default=REPO, help="the checkout to measure (default: this one)")
    ap.add_argument("--suffix", default="", help="added to the JSON outputs' names (to compare two checkouts)")
    args = ap.parse_args()
    shapes = [s for s in (args.only.split(",") if args.only else SHAPES) if s]
    args.folder.mkdir(parents=True, exist_ok=True)
    target = int(args.size_mb * 1e6)
    for shape in shapes:
        path = args.folder / f"{shape}.txt"
        data = shape_text(shape, target).encode()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        line = f"{shape:9} {len(data) / 2**20:6.1f} MiB"
        if args.measure:
            rss = peak_rss_mb(path, args.folder / f"{shape}{args.suffix}.json", args.checker.resolve())
            line += f"   peak RSS {rss:6.0f} MiB = {rss * 2**20 / len(data):4.1f}× its size"
        print(line, flush=True)


if __name__ == "__main__":
    main()
