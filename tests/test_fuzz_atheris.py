"""The atheris harnesses (tests/fuzz/) run for a bounded number of inputs: no crash, no artefact.

Each harness runs as its own process (libFuzzer ends the process when it is done), seeded from
its generated corpus and then mutating, ``-runs`` inputs in all; ``-max_total_time`` only bounds
a slow machine, nothing here asserts a time. Skipped when atheris is not installed (it has no
wheel for every platform; ``.ci/run`` tries to install it).
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent / "fuzz"

pytestmark = pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                                reason="atheris is not installed (pip install atheris; no wheel for every platform)")

# inputs per harness (the seeds count too); the config harness is slower per input (it loads
# every rule file each time), so it gets fewer
RUNS = {"readers": 1500, "parser": 1500, "config": 300}


@pytest.mark.parametrize("harness", sorted(RUNS))
def test_harness_runs_clean(harness: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    artefacts = tmp_path / "artefacts"
    artefacts.mkdir()
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(
        [sys.executable, str(FUZZ / f"fuzz_{harness}.py"), f"-runs={RUNS[harness]}", "-seed=1",
         "-max_total_time=120", "-timeout=60", "-max_len=4096", f"-artifact_prefix={artefacts}/", str(corpus)],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    log = (proc.stdout + proc.stderr)[-4000:]      # atheris prints a failing input's traceback to stdout
    assert proc.returncode == 0, log
    assert list(artefacts.iterdir()) == [], log
    assert "Done " in proc.stderr, log               # libFuzzer ended its loop (runs done, or the time bound)
    seeds = [p for p in corpus.iterdir() if p.name.startswith("seed-")]
    assert seeds, "the harness wrote no seed corpus"
    assert "INITED" in proc.stderr, log
    assert "Is the code instrumented for coverage?" not in proc.stderr, log   # libFuzzer's warning


def test_a_broken_property_is_caught(tmp_path: Path) -> None:
    """The harness machinery reports a crash as one (exit not 0, an artefact written): a target
    that fails on its seeds must not pass."""
    script = tmp_path / "fuzz_broken.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(FUZZ)!r})\n"
        "import atheris\n"
        "import _common as C\n"
        "C.supervise()\n"
        "C.instrument_checker()\n"
        "from checker.parse import parse_notice\n"
        "def one(data):\n"
        "    notice = parse_notice(data.decode('utf-8', 'replace'))\n"
        "    if notice.items:\n"
        "        C.fail('an item', len(notice.items))\n"
        "args, _ = C.prepare(sys.argv, 'broken', [('一、整改情况\\n1.关于台账不全的问题。已完成整改。\\n' * 3).encode()], [])\n"
        "atheris.Setup(args, one)\n"
        "atheris.Fuzz()\n", encoding="utf-8")
    artefacts = tmp_path / "artefacts"
    artefacts.mkdir()
    proc = subprocess.run([sys.executable, str(script), "-runs=50", "-max_total_time=60",
                           f"-artifact_prefix={artefacts}/"], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert proc.returncode != 0, proc.stderr[-2000:]
    assert "AssertionError: an item: 3" in proc.stdout, proc.stdout[-2000:]
    assert [p.name[:6] for p in artefacts.iterdir()] == ["crash-"]
