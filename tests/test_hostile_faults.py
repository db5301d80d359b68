"""Issue 22: output faults, signals and dead workers — one clear line, the right exit code,
previous output intact, no temp file left, no traceback, no hang."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli as zgcheck

NOTICE = "关于某县巡察整改进展情况的通报\n一、整改落实情况\n1.关于制度不健全的问题。已完成整改，修订制度3项。\n"
PREVIOUS = "previous output\n"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs Linux (/dev/full, /proc)")


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "n.txt"
    path.parent.mkdir()
    path.write_text(NOTICE, encoding="utf-8")
    return path


def _no_temp_files(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def _one_line(proc, dest: str, reason: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert dest in err and reason in err, err


# every way a run writes a file: the destination is the last argument's value
WRITERS = {
    "json": ("-f", "json", "-o"),
    "html": ("-f", "html", "-o"),
    "sarif-extra": ("--output-format",),
    "annotate": ("--annotate",),
    "baseline-update": ("--baseline-update", "--baseline"),
}


def _args(kind: str, dest: Path) -> list[str]:
    *flags, last = WRITERS[kind]
    value = f"sarif:{dest}" if kind == "sarif-extra" else str(dest)
    return [*flags, last, value]


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_output_into_a_missing_folder(tmp_path: Path, notice: Path, cli, kind: str) -> None:
    dest = tmp_path / "missing" / "out.file"
    proc = cli("check", "--no-progress", str(notice), *_args(kind, dest))
    _one_line(proc, str(dest), "所在目录不存在")
    assert not dest.parent.exists()


@pytest.mark.parametrize("kind", sorted(set(WRITERS) - {"html"}))   # html writes an archive into a folder
def test_output_onto_a_folder(tmp_path: Path, notice: Path, cli, kind: str) -> None:
    dest = tmp_path / "folder"
    dest.mkdir()
    proc = cli("check", "--no-progress", "--lang", "en", str(notice), *_args(kind, dest))
    _one_line(proc, str(dest), "folder")
    assert list(dest.iterdir()) == []
    _no_temp_files(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs an unprivileged POSIX user")
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_output_into_a_read_only_folder(tmp_path: Path, notice: Path, cli, kind: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    dest = folder / "out.file"
    dest.write_text(PREVIOUS, encoding="utf-8")
    folder.chmod(0o555)
    try:
        proc = cli("check", "--no-progress", str(notice), *_args(kind, dest))
    finally:
        folder.chmod(0o755)
    _one_line(proc, str(dest), "没有写入权限")
    assert dest.read_text(encoding="utf-8") == PREVIOUS
    _no_temp_files(tmp_path)


@linux_only
@pytest.mark.parametrize("fmt", ["json", "html", "sarif", "text"])
def test_output_to_a_full_device(notice: Path, cli, fmt: str) -> None:
    proc = cli("check", "--no-progress", "-f", fmt, "-o", "/dev/full", str(notice))
    _one_line(proc, "/dev/full", "磁盘空间已满")


@linux_only
@pytest.mark.parametrize("args", [
    ("check", "--no-progress"), ("check", "--no-progress", "-f", "json"), ("check", "--no-progress", "-f", "html"),
    ("parse",), ("baseline", "-o", "{tmp}/bl.json"),
])
def test_stdout_on_a_full_device(tmp_path: Path, notice: Path, args) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "checker", *args, str(notice)], stdout=full,
                              stderr=subprocess.PIPE, env=env, timeout=120)
    _one_line(proc, "标准输出", "磁盘空间已满")


@pytest.mark.parametrize("kind", ["json", "html", "sarif-extra", "baseline-update", "annotate"])
def test_disk_full_while_writing_keeps_the_previous_output(tmp_path: Path, notice: Path, monkeypatch,
                                                           kind: str) -> None:
    """ENOSPC when the data reaches the disk (simulated at the sync: no privileges needed)."""
    import checker.atomic as atomic

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    dest = tmp_path / "out" / "report.file"
    dest.parent.mkdir()
    if kind == "baseline-update":      # only a baseline may be rewritten by --baseline-update
        made = CliRunner().invoke(zgcheck, ["baseline", str(notice), "-o", str(dest)])
        assert made.exit_code == 0, made.output
        previous = dest.read_text(encoding="utf-8")
    else:
        previous = PREVIOUS
        dest.write_text(previous, encoding="utf-8")
    monkeypatch.setattr(atomic.os, "fsync", full)
    result = CliRunner().invoke(zgcheck, ["check", "--no-progress", str(notice), *_args(kind, dest)])
    assert result.exit_code == 2, result.output
    assert f"{dest}: 无法写入" in result.stderr and "磁盘空间已满" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert dest.read_text(encoding="utf-8") == previous
    _no_temp_files(tmp_path)


def test_several_outputs_one_fails_all_previous_outputs_intact(tmp_path: Path, notice: Path, cli) -> None:
    out = tmp_path / "out"
    out.mkdir()
    kept = {name: out / name for name in ("a.json", "b.sarif")}
    for path in kept.values():
        path.write_text(PREVIOUS, encoding="utf-8")
    proc = cli("check", "--no-progress", str(notice), "-f", "json", "-o", str(kept["a.json"]),
               "--output-format", f"sarif:{kept['b.sarif']}", "--output-format", f"junit:{out}/gone/c.xml")
    _one_line(proc, f"{out}/gone/c.xml", "所在目录不存在")
    assert all(p.read_text(encoding="utf-8") == PREVIOUS for p in kept.values())
    _no_temp_files(tmp_path)


# ------------------------------------------------------------------ signals and dead workers

def _many_notices(folder: Path, files: int = 40) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"{k}.关于“问题{k}”的整改情况。进一步加强管理，持续推进。" for k in range(1, 300))
    for i in range(files):
        (folder / f"n{i:03}.txt").write_text(body, encoding="utf-8")


def _start(args: list[str], cwd: Path, new_session: bool = False) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], cwd=cwd, env=env, start_new_session=new_session,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    proc.stderr.read(1)           # the progress bar is drawn: the run has started
    return proc


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found += [int(p) for p in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return found


@linux_only
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("group", [False, True], ids=["process", "process-group"])
def test_sigterm_exits_143_cleanly(tmp_path: Path, jobs: str, group: bool) -> None:
    _many_notices(tmp_path / "in")
    dest = tmp_path / "report.json"
    dest.write_text(PREVIOUS, encoding="utf-8")
    proc = _start(["check", "--progress", "--jobs", jobs, "-f", "json", "-o", str(dest), "in"], tmp_path,
                  new_session=group)
    if group:     # what a terminal, systemd or a CI runner does: the whole process group, workers too
        os.killpg(proc.pid, signal.SIGTERM)
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    text = err.decode()
    assert proc.returncode == 143, text
    assert "Traceback" not in text and "BrokenPipe" not in text and "Exception ignored" not in text
    assert "已终止" in text
    assert dest.read_text(encoding="utf-8") == PREVIOUS
    _no_temp_files(tmp_path)


@linux_only
def test_a_killed_worker_fails_the_run_with_a_clear_message(tmp_path: Path) -> None:
    _many_notices(tmp_path / "in", files=60)
    dest = tmp_path / "report.json"
    dest.write_text(PREVIOUS, encoding="utf-8")
    proc = _start(["check", "--progress", "--jobs", "2", "-f", "json", "-o", str(dest), "in"], tmp_path)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
    if not workers:
        proc.kill()
        pytest.skip("the run ended before a worker could be found")
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=60)      # it used to wait forever
    text = err.decode()
    assert proc.returncode == 2, text
    assert "Traceback" not in text and "检查进程意外退出" in text
    assert dest.read_text(encoding="utf-8") == PREVIOUS
    _no_temp_files(tmp_path)


@pytest.mark.parametrize("code, reason", [(errno.EACCES, "没有写入权限"), (errno.EROFS, "只读文件系统")])
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_unwritable_or_read_only_folder_simulated(tmp_path: Path, notice: Path, monkeypatch, kind: str,
                                                  code: int, reason: str) -> None:
    """The folder refuses new files (as a read-only mount or a folder without write permission
    does, which root cannot reproduce with chmod): found before the run, previous output kept."""
    import checker.atomic as atomic

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(kwargs.get("dir", "")))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    dest = tmp_path / "out" / "report.file"
    dest.parent.mkdir()
    dest.write_text(PREVIOUS, encoding="utf-8")
    result = CliRunner().invoke(zgcheck, ["check", "--no-progress", str(notice), *_args(kind, dest)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [f"zgcheck: {dest}: 无法写入输出（{reason}）"]
    assert result.stdout == ""              # nothing was checked: the fault is found first
    assert dest.read_text(encoding="utf-8") == PREVIOUS
