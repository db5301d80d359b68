"""End-to-end benchmark of zgcheck (run by hand; never collected by pytest or used by CI).

    .venv/bin/python tests/bench/run.py              # full run: 1x, 10x, 100x (>= 100 MB, 10,000 files)
    .venv/bin/python tests/bench/run.py --quick      # 1x and 10x only, a fast check
    .venv/bin/python tests/bench/run.py --corpus /tmp/zg-corpus --keep   # build once, reuse later

What it does
  1. Builds a corpus outside the repo (a temp dir, or --corpus DIR, reused when its manifest
     matches) from the seeds (../shared/corpus/seeds, when present) and examples/*.txt:
     every file is a varied copy of one source - counts changed, item labels restyled
     (1. / 1． / 1、, （一） / (一)), a few common words swapped - and 1 in 7 is written
     with CRLF, 1 in 11 in GB18030. The unit corpus (1x) is 100 files, ~1 MB; 10x and 100x
     are prefixes of the same file sequence (hard links), so 100x = 10,000 files, >= 100 MB.
  2. Times the whole pipeline - read, parse, all default rules, JSON findings written to a
     file - as a fresh process: `python -m checker check --format json -o OUT --jobs N DIR`,
     for --jobs 1 and --jobs 2 at every size; median of --repeat runs (--repeat-large for
     100x). Each run's JSON is parsed and its file count checked.
     Peak memory per run, three figures:
       * tree RSS: sum of RSS over the process and all its descendants, polled every 50 ms
         (conservative: pages shared by the forked --jobs workers are counted once per
         process). This is the figure the 300 MB target is judged on.
       * tree PSS: the same sum with shared pages divided among the sharers (real footprint),
         polled every 250 ms.
       * max 1 proc: peak RSS of the largest single process (VmHWM, the kernel's high-water
         mark, read at each sample).
     The children run with a private bytecode cache (PYTHONPYCACHEPREFIX in a temp dir, filled by
     a warm-up run), as an installed package has compiled .pyc files; the repo is not written to.
  3. Times one small notice (examples/county-water-bureau.txt) as a fresh process, start-up
     included, with the `zgcheck` console script and with `python -m checker`.
  4. Baselines, in this process, on the same files as the largest corpus: a plain
     read + decode + one regex scan (the floor any Python checker pays), and autocorrect-py
     (`autocorrect_py.lint_for(text, filename)` per file) when it is installed.
  5. Prints tables and one PASS/FAIL verdict per target, and writes every number plus
     machine info and the zgcheck version / git commit to --out (default ./bench.json).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
EXAMPLES = REPO / "examples"
ONE_NOTICE = EXAMPLES / "county-water-bureau.txt"

GENERATOR = 2                      # bump when the corpus recipe changes (invalidates reused corpora)
UNIT_FILES = 100                   # files in the 1x corpus
UNIT_MEAN_BYTES = 10_000           # target mean UTF-8 bytes per file -> ~1 MB per unit
FILES_PER_DIR = 100

TARGETS = {
    "mb_per_s_per_core": 8.0,      # --jobs 1, largest corpus
    "speedup_jobs2": 1.7,          # --jobs 2 / --jobs 1, largest corpus
    "scaling_100x": 110.0,         # time(100x) / time(1x)
    "peak_rss_mb": 300.0,          # tree RSS, 100 MB corpus
    "one_notice_ms": 250.0,        # fresh process, start-up included
}

# ---------------------------------------------------------------------------- corpus

COUNT_RE = re.compile(r"(?<![\d.])(\d{1,5})(?=(?:\.\d+)?(?:处|个|次|篇|名|人|万元|元|公里|项|条|家|份|件|场|批|户|座|间|台|所|起|余|多|%|％))")
ITEM_RE = re.compile(r"^([ \t\u3000]*)(\d{1,3})[.．、](?!\d)", re.M)
GROUP_RE = re.compile(r"^([ \t\u3000]*)[（(]([一二三四五六七八九十]{1,3})[)）]", re.M)
ITEM_SEPS = (".", ".", "．", "、")
GROUP_PARENS = (("（", "）"), ("（", "）"), ("(", ")"))
WORD_SWAPS = (("进一步", "切实"), ("加强", "强化"), ("完善", "健全"), ("推进", "推动"), ("认真", "扎实"),
              ("持续", "不断"), ("及时", "按时"), ("全面", "全力"), ("专题会议", "专题会"), ("制定", "制订"))


def load_sources() -> tuple[list[tuple[str, str]], str]:
    """(name, text) for every seed and example; the second value says where they came from."""
    names = sorted(EXAMPLES.glob("*.txt"))
    origin = "examples/"
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        names += sorted(SEEDS.glob("*.txt"))
        origin = f"examples/ + {SEEDS}"
    else:
        print(f"note: {SEEDS} not present; building from examples/ only (items repeated to reach the size)")
    return [(p.name, p.read_text(encoding="utf-8").replace("\r\n", "\n")) for p in names], origin


def vary_counts(text: str, rng: random.Random) -> str:
    """Change quantities ("46处", "8.6公里", "18篇") by -30 % .. +40 %; dates and phone numbers stay."""
    return COUNT_RE.sub(lambda m: str(max(1, round(int(m.group(1)) * rng.uniform(0.7, 1.4)))), text)


def grow(text: str, target: int, rng: random.Random) -> str:
    """Lengthen a short notice by repeating its numbered items (renumbered, counts varied)."""
    lines = text.split("\n")
    items = [k for k, line in enumerate(lines) if ITEM_RE.match(line)]
    if not items:
        return text
    size, number, extra = len(text.encode("utf-8")), len(items), []
    while size < target:
        number += 1
        line = ITEM_RE.sub(lambda m: f"{m.group(1)}{number}.", lines[items[len(extra) % len(items)]], count=1)
        line = vary_counts(line, rng)
        extra.append(line)
        size += len(line.encode("utf-8")) + 1
    lines[items[-1] + 1:items[-1] + 1] = extra
    return "\n".join(lines)


def vary(text: str, rng: random.Random) -> str:
    """One varied copy: counts changed, label styles switched, a few words swapped."""
    text = vary_counts(text, rng)
    sep = rng.choice(ITEM_SEPS)
    if sep != ".":
        text = ITEM_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{sep}", text)
    left, right = rng.choice(GROUP_PARENS)
    text = GROUP_RE.sub(lambda m: f"{m.group(1)}{left}{m.group(2)}{right}", text)
    for old, new in WORD_SWAPS:
        if rng.random() < 0.3:
            text = text.replace(old, new)
    return text


def plan(sizes: list[int], n_files: int, mean: int) -> list[int]:
    """Source index per file so that every prefix averages ~`mean` bytes: small sources fill in,
    a large one (taken round-robin) is placed whenever the running deficit reaches half its size."""
    small = [i for i, s in enumerate(sizes) if s < mean] or list(range(len(sizes)))
    large = [i for i, s in enumerate(sizes) if s >= mean] or small
    order, total, s_next, l_next = [], 0, 0, 0
    for k in range(n_files):
        candidate = large[l_next % len(large)]
        if (k + 1) * mean - total >= sizes[candidate] / 2:
            l_next += 1
        else:
            candidate = small[s_next % len(small)]
            s_next += 1
        order.append(candidate)
        total += sizes[candidate]
    return order


def build_corpus(root: Path, n_files: int, seed: int) -> dict:
    """Write n_files varied notices to root/files/dNNN/nNNNNNN.txt; returns the manifest."""
    sources, origin = load_sources()
    if max(len(t.encode("utf-8")) for _, t in sources) < UNIT_MEAN_BYTES:   # examples only
        rng = random.Random(seed)
        sources += [(f"{name}+grown", grow(text, 3 * UNIT_MEAN_BYTES, rng)) for name, text in sources
                    if ITEM_RE.search(text)]
    order = plan([len(t.encode("utf-8")) for _, t in sources], n_files, UNIT_MEAN_BYTES)
    t0 = time.perf_counter()
    sizes: list[int] = []
    for i, src in enumerate(order):
        rng = random.Random(seed * 1_000_003 + i)          # per-file: any prefix is reproducible
        text = vary(sources[src][1], rng)
        if i % 7 == 0:
            text = text.replace("\n", "\r\n")
        data = text.encode("gb18030") if i % 11 == 0 else text.encode("utf-8")
        path = root / "files" / f"d{i // FILES_PER_DIR:03d}" / f"n{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sizes.append(len(text.encode("utf-8")))               # UTF-8 bytes of the decoded text
    manifest = {"generator": GENERATOR, "seed": seed, "files": n_files, "origin": origin,
                "sources": [name for name, _ in sources], "utf8_bytes": sizes,
                "build_seconds": round(time.perf_counter() - t0, 2)}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return manifest


def corpus_subset(root: Path, manifest: dict, factor: int) -> tuple[Path, int, int]:
    """root/xF: hard links to the first F*UNIT_FILES files. Returns (dir, files, UTF-8 bytes)."""
    n = factor * UNIT_FILES
    folder = root / f"x{factor}"
    if not folder.is_dir():
        tmp = root / f".x{factor}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        for i in range(n):
            rel = Path(f"d{i // FILES_PER_DIR:03d}") / f"n{i:06d}.txt"
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(root / "files" / rel, tmp / rel)
        tmp.rename(folder)
    return folder, n, sum(manifest["utf8_bytes"][:n])


def prepare_corpus(corpus: str | None, n_files: int, seed: int) -> tuple[Path, dict, bool]:
    """Reuse or build the corpus. Returns (root, manifest, is_temporary)."""
    if corpus is None:
        root = Path(tempfile.mkdtemp(prefix="zgcheck-bench-"))
        temporary = True
    else:
        root = Path(corpus).resolve()
        temporary = False
        if root == REPO or REPO in root.parents:
            sys.exit(f"refusing to write the corpus inside the repository: {root}")
        manifest_path = root / "manifest.json"
        if manifest_path.is_file():
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("generator") == GENERATOR and manifest.get("seed") == seed and manifest["files"] >= n_files:
                print(f"corpus: reusing {root} ({manifest['files']} files)")
                return root, manifest, False
            if "generator" not in manifest:
                sys.exit(f"--corpus {root} has a manifest.json that is not ours; refusing to overwrite")
            shutil.rmtree(root)                               # built by this script, but stale or too small
        elif root.exists() and any(root.iterdir()):
            sys.exit(f"--corpus {root} is not empty and has no manifest.json; refusing to overwrite")
        root.mkdir(parents=True, exist_ok=True)
    print(f"corpus: building {n_files} files in {root} ...", flush=True)
    manifest = build_corpus(root, n_files, seed)
    total = sum(manifest["utf8_bytes"])
    print(f"corpus: {n_files} files, {total / 1e6:.1f} MB in {manifest['build_seconds']} s", flush=True)
    return root, manifest, temporary


# ---------------------------------------------------------------------------- measuring a process

def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids += [int(k) for k in fh.read().split()]
    except OSError:
        pass
    return kids


def _status_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of one process in kB - current and peak RSS; zeros once it has gone."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss, hwm


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process in kB (shared pages split among sharers)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeMemorySampler(threading.Thread):
    """Polls a process and all its descendants every `interval` s and keeps the peak of the summed RSS,
    the largest single-process VmHWM and (every `pss_every`-th poll, as it costs more) the summed PSS."""

    def __init__(self, pid: int, interval: float = 0.05, pss_every: int = 5) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.pss_every = pid, interval, pss_every
        self.peak_rss_kb = self.peak_pss_kb = self.peak_single_kb = self.max_procs = self.samples = 0
        self._stop_event = threading.Event()

    def sample(self) -> None:
        pids, frontier = [], [self.pid]
        while frontier:
            pid = frontier.pop()
            pids.append(pid)
            frontier += _children(pid)
        rss = 0
        for pid in pids:
            r, hwm = _status_kb(pid)
            rss += r
            self.peak_single_kb = max(self.peak_single_kb, hwm)
        self.peak_rss_kb = max(self.peak_rss_kb, rss)
        if self.samples % self.pss_every == 0:
            self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(pid) for pid in pids))
        self.max_procs = max(self.max_procs, len(pids))
        self.samples += 1

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent not idle (incl. steal) since boot, from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@dataclass
class ProcessRun:
    seconds: float
    exit_code: int
    cpu_seconds: float          # user + sys of the process and its reaped descendants
    other_cpu_seconds: float    # CPU the rest of the machine used meanwhile (noise indicator)
    tree_rss_mb: float
    tree_pss_mb: float
    max_proc_rss_mb: float
    processes: int


CHILD_ENV: dict[str, str] = dict(os.environ)


def child_env(work: Path) -> None:
    """Children write/read bytecode in a private prefix (the repo stays untouched) and never see CI settings."""
    CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    CHILD_ENV.pop("GITHUB_ACTIONS", None)
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")


def run_process(cmd: list[str], cwd: Path, sample_memory: bool = True) -> ProcessRun:
    """Run cmd as a fresh process; wall time from spawn to exit, CPU time from wait4. (wait4's
    ru_maxrss is not used: after vfork+exec it inherits this benchmark's own RSS.)"""
    with tempfile.TemporaryFile() as err:
        busy0 = machine_busy_seconds()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeMemorySampler(proc.pid) if sample_memory else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = usage.ru_utime + usage.ru_stime
        others = max(0.0, machine_busy_seconds() - busy0 - cpu)
        if sampler:
            sampler.stop()
        if proc.returncode not in (0, 1):                    # 1 = findings reported
            err.seek(0)
            sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err.read().decode(errors='replace')[-3000:]}")
    return ProcessRun(seconds, proc.returncode, cpu, others,
                      round(sampler.peak_rss_kb / 1024, 1) if sampler else 0.0,
                      round(sampler.peak_pss_kb / 1024, 1) if sampler else 0.0,
                      round(sampler.peak_single_kb / 1024, 1) if sampler else 0.0, sampler.max_procs if sampler else 1)


def zgcheck_cmd(out: Path, paths: list[Path], jobs: int | None = None, script: bool = False) -> list[str]:
    launcher = [str(Path(sys.executable).with_name("zgcheck"))] if script else [sys.executable, "-m", "checker"]
    cmd = [*launcher, "check", "--format", "json", "-o", str(out), "--no-progress"]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    return cmd + [str(p) for p in paths]


def verify_output(out: Path, n_files: int) -> dict:
    """The JSON must parse and cover every file; returns a few counts from it."""
    with open(out, encoding="utf-8") as fh:
        data = json.load(fh)
    summary = data.get("summary", {})
    files = data.get("files", [])
    if summary.get("files") != n_files or len(files) != n_files:
        sys.exit(f"{out}: expected {n_files} files, summary says {summary.get('files')}, list has {len(files)}")
    errors = sum(1 for f in files if f.get("error"))
    return {"findings": summary.get("findings"), "items": summary.get("items"), "file_errors": errors}


@dataclass
class Row:
    factor: int
    files: int
    mb: float
    jobs: int
    runs: int
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    other_cpu_seconds: list[float] = field(default_factory=list)
    tree_rss_mb: float = 0.0
    tree_pss_mb: float = 0.0
    max_proc_rss_mb: float = 0.0
    output: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def summary(self) -> dict:
        s = self.median
        return {"factor": self.factor, "files": self.files, "MB": round(self.mb, 2), "jobs": self.jobs,
                "runs": len(self.seconds), "seconds_all": [round(x, 3) for x in self.seconds],
                "seconds_median": round(s, 3), "seconds_min": round(min(self.seconds), 3),
                "cpu_seconds_all": [round(x, 3) for x in self.cpu_seconds],
                "cpu_seconds_median": round(statistics.median(self.cpu_seconds), 3),
                "MB_per_cpu_second": round(self.mb / statistics.median(self.cpu_seconds), 2),
                "other_cpu_seconds_all": [round(x, 3) for x in self.other_cpu_seconds],
                "other_load_pct": round(100 * sum(self.other_cpu_seconds) / (sum(self.seconds) * (os.cpu_count() or 1)), 1),
                "MB_per_s": round(self.mb / s, 2),
                "MB_per_s_per_core": round(self.mb / s / self.jobs, 2), "files_per_s": round(self.files / s, 1),
                "files_per_s_per_core": round(self.files / s / self.jobs, 1),
                "peak_tree_rss_MB": self.tree_rss_mb, "peak_tree_pss_MB": self.tree_pss_mb,
                "peak_single_process_rss_MB": self.max_proc_rss_mb, "output": self.output}


def time_zgcheck(corpora: dict[int, tuple[Path, int, int]], repeat: int, repeat_large: int, work: Path) -> list[Row]:
    """Every corpus size x --jobs 1/2; repeats interleave the two job counts."""
    rows = []
    out = work / "findings.json"
    for factor, (folder, files, nbytes) in corpora.items():
        runs = repeat_large if factor >= 100 else repeat
        pair = {jobs: Row(factor, files, nbytes / 1e6, jobs, runs) for jobs in (1, 2)}
        for r in range(runs):
            for jobs, row in pair.items():
                out.unlink(missing_ok=True)
                res = run_process(zgcheck_cmd(out, [folder], jobs), cwd=work)
                row.seconds.append(res.seconds)
                row.cpu_seconds.append(res.cpu_seconds)
                row.other_cpu_seconds.append(res.other_cpu_seconds)
                row.tree_rss_mb = max(row.tree_rss_mb, res.tree_rss_mb)
                row.tree_pss_mb = max(row.tree_pss_mb, res.tree_pss_mb)
                row.max_proc_rss_mb = max(row.max_proc_rss_mb, res.max_proc_rss_mb)
                row.output = verify_output(out, files)
                print(f"  {factor:>3}x  {files:>6} files  --jobs {jobs}  run {r + 1}/{runs}: {res.seconds:7.2f} s wall  "
                      f"{res.cpu_seconds:7.2f} s cpu  tree RSS {res.tree_rss_mb:6.1f} MB  "
                      f"(rest of machine: {res.other_cpu_seconds:.2f} cpu s)", flush=True)
        rows += pair.values()
    out.unlink(missing_ok=True)
    return rows


def time_one_notice(runs: int, work: Path) -> dict:
    out = work / "one.json"
    result = {}
    launchers = {"zgcheck": True, "python -m checker": False}
    if not Path(sys.executable).with_name("zgcheck").exists():
        del launchers["zgcheck"]
    for name, script in launchers.items():
        cmd = zgcheck_cmd(out, [ONE_NOTICE], script=script)
        run_process(cmd, cwd=work, sample_memory=False)                        # warm-up (pyc, page cache)
        walls = [run_process(cmd, cwd=work, sample_memory=False).seconds * 1000 for _ in range(runs)]
        verify_output(out, 1)
        result[name] = {"runs": runs, "median_ms": round(statistics.median(walls), 1),
                        "min_ms": round(min(walls), 1), "max_ms": round(max(walls), 1),
                        "command": " ".join(["zgcheck" if script else "python -m checker", *cmd[1 if script else 3:]])}
    out.unlink(missing_ok=True)
    return result


# ---------------------------------------------------------------------------- baselines (in-process)

PERIOD_RE = re.compile("。")


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def baseline_scan(files: list[Path]) -> float:
    """Read bytes, decode, one regex scan: the floor of any Python checker."""
    t0 = time.perf_counter()
    count = 0
    for p in files:
        count += len(PERIOD_RE.findall(_read(p)))
    return time.perf_counter() - t0


def baseline_autocorrect(files: list[Path]) -> float:
    import autocorrect_py

    t0 = time.perf_counter()
    for p in files:
        autocorrect_py.lint_for(_read(p), str(p))
    return time.perf_counter() - t0


def time_baselines(folder: Path, n_files: int, mb: float, runs: int) -> dict:
    files = sorted(folder.rglob("*.txt"))
    assert len(files) == n_files, (len(files), n_files)
    tools = {"read+decode+scan": baseline_scan}
    notes = {}
    try:
        import autocorrect_py  # noqa: F401
        from importlib.metadata import version

        tools["autocorrect-py"] = baseline_autocorrect
        notes["autocorrect-py"] = version("autocorrect-py")
    except ImportError:
        notes["autocorrect-py"] = "not installed; skipped"
        print("note: autocorrect-py is not installed; skipping that baseline")
    result = {}
    for name, fn in tools.items():
        secs = []
        for r in range(runs):
            secs.append(fn(files))
            print(f"  baseline {name:<17} run {r + 1}/{runs}: {secs[-1]:7.2f} s", flush=True)
        s = statistics.median(secs)
        result[name] = {"files": n_files, "MB": round(mb, 2), "runs": runs, "seconds_all": [round(x, 3) for x in secs],
                        "seconds_median": round(s, 3), "MB_per_s": round(mb / s, 2), "cores": 1}
    return {"results": result, "notes": notes}


# ---------------------------------------------------------------------------- machine / version info

def machine_info() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_mb = None
    try:
        mem_mb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024
    except (OSError, AttributeError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(),
            "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "memory_MB": mem_mb, "python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform()}


def source_digest() -> str:
    """SHA-1 over the package's source files as they are on disk (tracked or not)."""
    h = hashlib.sha1()
    for top in ("checker", "rules", "grammars", "templates"):
        for path in sorted((REPO / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def zgcheck_info() -> dict:
    version = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True).stdout.strip()

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True).stdout.rstrip("\n")

    dirty = git("status", "--porcelain", "--", "checker", "rules", "grammars", "templates").splitlines()
    return {"version": version, "commit": git("rev-parse", "HEAD").strip(), "dirty": bool(dirty),
            "dirty_paths": [line[3:] for line in dirty], "source_sha1": source_digest()}


# ---------------------------------------------------------------------------- report

def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths)))
    for r in cells:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths)))


def report(results: dict, quick: bool) -> list[dict]:
    runs = results["runs"]
    print("\nzgcheck, whole pipeline as a fresh process (read -> parse -> all default rules -> JSON file); "
          "median of `runs`")
    print("RSS tree = peak sum of RSS over the process tree, sampled every 50 ms (shared pages counted per process); "
          "PSS tree = same with shared pages split (every 250 ms); max 1 proc = largest single process (VmHWM)")
    print("cpu s = user+sys of the whole tree; MB/cpu-s = MB per CPU-second; other load = CPU the rest of the "
          "machine used during the runs, % of all cores (high = noisy numbers)")
    print_table(["size", "files", "MB", "jobs", "runs", "median s", "min s", "MB/s", "MB/s/core", "files/s",
                 "files/s/core", "cpu s", "MB/cpu-s", "RSS tree MB", "PSS tree MB", "max 1 proc MB", "other load"],
                [[f"{r['factor']}x", r["files"], f"{r['MB']:.1f}", r["jobs"], r["runs"], f"{r['seconds_median']:.2f}",
                  f"{r['seconds_min']:.2f}", f"{r['MB_per_s']:.2f}", f"{r['MB_per_s_per_core']:.2f}",
                  f"{r['files_per_s']:.0f}", f"{r['files_per_s_per_core']:.0f}", f"{r['cpu_seconds_median']:.2f}",
                  f"{r['MB_per_cpu_second']:.2f}", r["peak_tree_rss_MB"], r["peak_tree_pss_MB"],
                  r["peak_single_process_rss_MB"], f"{r['other_load_pct']:.0f}%"] for r in runs])

    by = {(r["factor"], r["jobs"]): r for r in runs}
    largest = max(r["factor"] for r in runs)
    j1, j2 = by[(largest, 1)], by[(largest, 2)]
    speedup = j1["seconds_median"] / j2["seconds_median"]
    base = by[(1, 1)]["seconds_median"]
    scaling = {f"{f}x": round(by[(f, 1)]["seconds_median"] / base, 2) for f in sorted({r["factor"] for r in runs})}
    results["speedup_jobs2_vs_jobs1"] = {"corpus": f"{largest}x", "speedup": round(speedup, 2)}
    results["scaling_jobs1"] = {"time_ratio_vs_1x": scaling,
                                "MB_per_s_by_size": {f"{f}x": by[(f, 1)]["MB_per_s"] for f in sorted({r["factor"] for r in runs})}}
    one = results["one_notice"]
    startup = one.get("zgcheck", next(iter(one.values())))
    fixed = startup["median_ms"] / 1000                      # start-up + one tiny file: the size-independent part
    net = {f"{f}x": round((by[(f, 1)]["seconds_median"] - fixed) / (base - fixed), 2)
           for f in sorted({r["factor"] for r in runs})} if base > fixed else {}
    results["scaling_jobs1"]["time_ratio_vs_1x_net_of_startup"] = net
    print(f"\n--jobs 2 / --jobs 1 on {largest}x: {speedup:.2f}x faster")
    ceiling = results.get("parallel_ceiling")
    if ceiling:
        print(f"  this machine's ceiling: two copies of a pure-Python loop run {ceiling['ceiling']:.2f}x "
              f"one copy's throughput ({ceiling['one_copy_s']:.2f} s alone, {ceiling['two_copies_s']:.2f} s for two)")
    print("time vs size (--jobs 1): " + ", ".join(f"{k} input -> {v}x time" for k, v in scaling.items()))
    if net:
        print(f"  rough, less the one-notice time ({fixed * 1000:.0f} ms = start-up): "
              + ", ".join(f"{k} -> {v}x" for k, v in net.items()))
    print("\none small notice, fresh process (examples/county-water-bureau.txt, --format json):")
    for name, r in one.items():
        print(f"  {name:<18} median {r['median_ms']:.0f} ms  (min {r['min_ms']:.0f}, max {r['max_ms']:.0f}, {r['runs']} runs)")

    ours = j1["MB_per_s_per_core"]
    base_rows = results["baselines"]["results"]
    print(f"\nsame files ({largest}x: {j1['files']} files, {j1['MB']:.1f} MB), one core each:")
    print_table(["tool", "runs", "median s", "MB/s", "zgcheck --jobs 1 / tool"],
                [[name, r["runs"], f"{r['seconds_median']:.2f}", f"{r['MB_per_s']:.2f}", f"{ours / r['MB_per_s']:.2f}x"]
                 for name, r in base_rows.items()]
                + [["zgcheck --jobs 1", j1["runs"], f"{j1['seconds_median']:.2f}", f"{j1['MB_per_s']:.2f}", "1.00x"]])
    for name, note in results["baselines"]["notes"].items():
        if "skipped" in note:
            print(f"  {name}: {note}")

    verdicts = []

    def verdict(name: str, ok: bool | None, text: str) -> None:
        verdicts.append({"target": name, "result": "n/a" if ok is None else ("PASS" if ok else "FAIL"), "detail": text})

    verdict("throughput", ours >= TARGETS["mb_per_s_per_core"],
            f"{ours:.2f} MB/s per core (--jobs 1, {largest}x) vs >= {TARGETS['mb_per_s_per_core']}")
    verdict("parallel", speedup >= TARGETS["speedup_jobs2"],
            f"--jobs 2 is {speedup:.2f}x --jobs 1 ({largest}x, {j1['files']} files) vs >= {TARGETS['speedup_jobs2']}"
            + (f" (machine ceiling {ceiling['ceiling']:.2f}x)" if ceiling else ""))
    if 100 in {r["factor"] for r in runs}:
        verdict("linear", scaling["100x"] <= TARGETS["scaling_100x"],
                f"100x input takes {scaling['100x']}x the time of 1x vs <= {TARGETS['scaling_100x']}")
        rss = max(by[(100, 1)]["peak_tree_rss_MB"], by[(100, 2)]["peak_tree_rss_MB"])
        verdict("memory", rss < TARGETS["peak_rss_mb"],
                f"peak tree RSS {rss} MB on {by[(100, 1)]['MB']:.0f} MB (max of --jobs 1/2) vs < {TARGETS['peak_rss_mb']}")
    else:
        verdict("linear", None, f"--quick: 10x input takes {scaling['10x']}x the time of 1x (target is judged at 100x)")
        rss = max(by[(largest, 1)]["peak_tree_rss_MB"], by[(largest, 2)]["peak_tree_rss_MB"])
        verdict("memory", None, f"--quick: peak tree RSS {rss} MB on {j1['MB']:.0f} MB (target is judged on 100 MB)")
    verdict("start-up", startup["median_ms"] < TARGETS["one_notice_ms"],
            f"one small notice {startup['median_ms']:.0f} ms wall vs < {TARGETS['one_notice_ms']:.0f}")
    if "autocorrect-py" in base_rows:
        ac = base_rows["autocorrect-py"]["MB_per_s"]
        verdict("vs autocorrect-py", ours > ac, f"{ours:.2f} vs {ac:.2f} MB/s per core ({ours / ac:.2f}x)")
    else:
        verdict("vs autocorrect-py", None, "autocorrect-py not installed")

    print("\ntargets" + (" (--quick: linear and memory are judged only by a full run)" if quick else "") + ":")
    for v in verdicts:
        print(f"  {v['result']:<4}  {v['target']:<18} {v['detail']}")
    return verdicts


# ---------------------------------------------------------------------------- main

_SPIN = "import time\nt = time.perf_counter()\ns = 0\nfor i in range(6_000_000): s += i * i\nprint(time.perf_counter() - t)"


def parallel_ceiling(repeat: int = 3) -> dict[str, float]:
    """What two cores give on this machine: two copies of a pure-Python loop against one.

    A virtual machine's second core is often a hyperthread or shared with other guests; the
    ratio bounds the ``--jobs 2`` speed-up any Python program can reach here."""
    def once(copies: int) -> float:
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL) for _ in range(copies)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start

    one = statistics.median(once(1) for _ in range(repeat))
    two = statistics.median(once(2) for _ in range(repeat))
    return {"one_copy_s": round(one, 3), "two_copies_s": round(two, 3), "ceiling": round(2 * one / two, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="only 1x and 10x (~10 MB)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per configuration; the median is reported (default 3)")
    ap.add_argument("--repeat-large", type=int, default=2, help="runs per configuration at 100x (default 2)")
    ap.add_argument("--notice-runs", type=int, default=15, help="runs of the one-notice start-up test (default 15)")
    ap.add_argument("--corpus", help="build the corpus here (outside the repo), or reuse one built there before")
    ap.add_argument("--keep", action="store_true", help="keep the temporary corpus (with no --corpus)")
    ap.add_argument("--seed", type=int, default=7, help="corpus random seed (default 7)")
    ap.add_argument("--out", default="bench.json", help="JSON results file (default ./bench.json)")
    a = ap.parse_args()

    factors = (1, 10) if a.quick else (1, 10, 100)
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    root, manifest, temporary = prepare_corpus(a.corpus, max(factors) * UNIT_FILES, a.seed)
    work = Path(tempfile.mkdtemp(prefix="zgcheck-bench-work-"))     # cwd of every run: no .zgcheck.yaml
    child_env(work)
    try:
        corpora = {f: corpus_subset(root, manifest, f) for f in factors}
        info = {"machine": machine_info(), "zgcheck": zgcheck_info()}
        load = os.getloadavg()[0]
        if load > 0.5:
            print(f"note: load average {load:.2f} before the first run; other work on the machine skews the numbers")
        if info["zgcheck"]["dirty"]:
            print(f"note: package differs from {info['zgcheck']['commit'][:10]} "
                  f"({len(info['zgcheck']['dirty_paths'])} paths); numbers describe the working tree")
        print(f"\none small notice x {a.notice_runs} ...", flush=True)
        one = time_one_notice(a.notice_runs, work)
        print(f"zgcheck: repeat {a.repeat} (1x, 10x)" + ("" if a.quick else f", {a.repeat_large} at 100x"), flush=True)
        run_process(zgcheck_cmd(work / "warm.json", [corpora[1][0]], 2), cwd=work)   # warm-up: pyc, page cache
        rows = time_zgcheck(corpora, a.repeat, a.repeat_large, work)
        folder, files, nbytes = corpora[max(factors)]
        runs = a.repeat_large if max(factors) >= 100 else a.repeat
        print(f"baselines on {max(factors)}x, repeat {runs}", flush=True)
        baselines = time_baselines(folder, files, nbytes / 1e6, runs)
        ceiling = parallel_ceiling()
        results = {"started": started, "quick": a.quick, **info, "targets": TARGETS,
                   "corpus": {"root": str(root), "kept": not temporary or a.keep, "origin": manifest["origin"],
                              "sources": manifest["sources"], "seed": a.seed, "unit_files": UNIT_FILES,
                              "build_seconds": manifest["build_seconds"],
                              "sizes": {f"{f}x": {"files": n, "MB": round(b / 1e6, 2)} for f, (_, n, b) in corpora.items()},
                              "variants": "counts -30..+40 %, item label 1./1．/1、, （一）/(一), word swaps; "
                                          "1 in 7 CRLF, 1 in 11 GB18030; MB = UTF-8 bytes of the decoded text"},
                   "runs": [r.summary() for r in rows], "one_notice": one, "baselines": baselines,
                   "parallel_ceiling": ceiling,
                   "memory_note": "peak_tree_rss_MB: max over 50 ms samples of the summed RSS of the process and all "
                                  "descendants (shared pages counted per process); peak_tree_pss_MB: same with PSS, every 250 ms; "
                                  "peak_single_process_rss_MB: max VmHWM (kernel peak RSS) of any single process in the tree"}
        results["machine"]["loadavg_1min"] = {"start": round(load, 2), "end": round(os.getloadavg()[0], 2)}
        after = zgcheck_info()
        results["zgcheck"]["changed_during_run"] = after["source_sha1"] != info["zgcheck"]["source_sha1"] \
            or after["commit"] != info["zgcheck"]["commit"]
        if results["zgcheck"]["changed_during_run"]:
            print("WARNING: the package source changed while the benchmark ran; rows may mix two versions")
        results["verdicts"] = report(results, a.quick)
        Path(a.out).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"\nwrote {Path(a.out).resolve()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temporary and not a.keep:
            shutil.rmtree(root, ignore_errors=True)
        elif temporary:
            print(f"corpus kept in {root} (reuse with --corpus {root})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
