"""Standard output whose reader has gone (``zgcheck check … | head -1``): zgcheck stops quietly,
as git and grep do — nothing on stderr, no traceback — and exits 141, as a shell reports a
process ended by SIGPIPE. An output that fails otherwise (a full disk) still says so: see
test_hostile_faults.py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTICE = ("关于某县水利局巡察整改进展情况的通报\n一、整改落实情况\n"
          + "".join(f"{k}.关于制度不健全的问题。整改情况：将持续研究，进一步加强管理。\n" for k in range(1, 301)))

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX pipes")


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO))


@pytest.fixture
def notices(tmp_path: Path) -> Path:
    folder = tmp_path / "notices"
    folder.mkdir()
    for k in range(6):           # six: --jobs 2 uses worker processes
        (folder / f"n{k}.txt").write_text(NOTICE, encoding="utf-8")
    return folder


def _into_a_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run zgcheck with its standard output on a pipe whose read end is already closed."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "checker", *args], stdout=write_end, stderr=subprocess.PIPE,
                              cwd=cwd, env=_env(), timeout=120)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [
    ["check", "--no-progress", "notices"],
    ["check", "--no-progress", "-f", "json", "notices"],
    ["check", "--no-progress", "-f", "sarif", "--jobs", "2", "notices"],
    ["check", "--no-progress", "-f", "html", "notices/n0.txt"],
    ["parse", "notices/n0.txt"],
    ["rules"],
    ["baseline", "-o", "bl.json", "notices"],
])
def test_a_closed_pipe_is_silent_and_exits_141(notices: Path, args: list[str]) -> None:
    proc = _into_a_closed_pipe(args, notices.parent)
    assert proc.stderr == b""
    assert proc.returncode == 141


def test_head_reads_one_line_and_closes(notices: Path) -> None:
    """What ``zgcheck check notices | head -1`` does: the reader takes a line and goes away
    while zgcheck still has far more than a pipe holds to write."""
    proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "--no-progress", "notices"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=notices.parent, env=_env())
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert first.decode().startswith("notices/n0.txt") and err == b""


def test_an_open_pipe_still_gets_everything(notices: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--no-progress", "-f", "json", "notices"],
                          capture_output=True, cwd=notices.parent, env=_env(), timeout=120)
    assert proc.returncode == 1 and proc.stdout.rstrip().endswith(b"}")
