"""Baseline writes never lose data (issue 22.1): never over an input, never dropping the
entries of files that could not be checked, never over a file that is not a baseline.
Every case runs the real command line in a fresh process."""
from __future__ import annotations

import json
from pathlib import Path

import docx

from conftest import run_cli
from test_baseline_edits import NOTICE


def _notices(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text(NOTICE, encoding="utf-8")
    b.write_text(NOTICE.replace("林业局", "水务局").replace("公务用车", "办公用房"), encoding="utf-8")
    return a, b


def _entries(path: Path) -> dict[str, list]:
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def _one_line(stderr: bytes) -> str:
    lines = stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_baseline_refuses_to_overwrite_its_docx_input(tmp_path: Path) -> None:
    draft = tmp_path / "d.docx"
    document = docx.Document()
    for line in NOTICE.splitlines():
        document.add_paragraph(line)
    document.save(draft)
    before = draft.read_bytes()
    proc = run_cli("baseline", "d.docx", "-o", "d.docx", cwd=tmp_path)
    assert proc.returncode == 2
    assert "d.docx" in _one_line(proc.stderr)
    assert draft.read_bytes() == before
    assert docx.Document(draft).paragraphs[0].text == NOTICE.splitlines()[0]


def test_baseline_update_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    a, b = _notices(tmp_path)
    before = b.read_bytes()
    proc = run_cli("check", "a.txt", "b.txt", "--baseline", "b.txt", "--baseline-update", cwd=tmp_path)
    assert proc.returncode == 2
    assert "b.txt" in _one_line(proc.stderr) and proc.stdout == b""       # refused before any work
    assert b.read_bytes() == before
    # the same file reached through another path (a folder walk) is refused too
    proc = run_cli("check", ".", "--baseline", "./b.txt", "--baseline-update", cwd=tmp_path)
    assert proc.returncode == 2 and b.read_bytes() == before


def _unreadable(path: Path) -> None:
    path.write_bytes(b"")                 # an empty file is an input error ("文件为空")


def test_baseline_keeps_the_entries_of_files_it_could_not_check(tmp_path: Path) -> None:
    a, b = _notices(tmp_path / "notices")
    (tmp_path / ".git").mkdir()
    assert run_cli("baseline", "notices", "-o", "bl.json", cwd=tmp_path).returncode == 0
    recorded = _entries(tmp_path / "bl.json")
    assert set(recorded) == {"notices/a.txt", "notices/b.txt"}
    _unreadable(b)
    a.write_text(NOTICE.replace("林地的的变更", "林地的变更"), encoding="utf-8")     # one typo fixed in a
    proc = run_cli("baseline", "notices", "-o", "bl.json", cwd=tmp_path)
    assert proc.returncode == 2                                # an input failed
    assert "b.txt" in proc.stderr.decode() and "保留" in proc.stderr.decode()
    kept = _entries(tmp_path / "bl.json")
    assert kept["notices/b.txt"] == recorded["notices/b.txt"]          # not dropped
    assert len(kept["notices/a.txt"]) == len(recorded["notices/a.txt"]) - 1   # a is up to date


def test_baseline_update_keeps_the_entries_of_files_it_could_not_check(tmp_path: Path) -> None:
    a, b = _notices(tmp_path / "notices")
    (tmp_path / ".git").mkdir()
    assert run_cli("baseline", "notices", "-o", "bl.json", cwd=tmp_path).returncode == 0
    recorded = _entries(tmp_path / "bl.json")
    _unreadable(a)
    proc = run_cli("check", "notices", "--baseline", "bl.json", "--baseline-update", "--lang", "en",
                   cwd=tmp_path)
    assert proc.returncode == 2
    assert "previous baseline entries are kept" in proc.stderr.decode()
    assert _entries(tmp_path / "bl.json") == recorded
    # once the file reads again, a check against the kept baseline is clean
    a.write_text(NOTICE, encoding="utf-8")
    assert run_cli("check", "notices", "--baseline", "bl.json", cwd=tmp_path).returncode == 0


def test_a_missing_input_keeps_its_entries(tmp_path: Path) -> None:
    a, b = _notices(tmp_path)
    assert run_cli("baseline", "a.txt", "b.txt", "-o", "bl.json", cwd=tmp_path).returncode == 0
    recorded = _entries(tmp_path / "bl.json")
    b.unlink()
    proc = run_cli("baseline", "a.txt", "b.txt", "-o", "bl.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert _entries(tmp_path / "bl.json")["b.txt"] == recorded["b.txt"]


def test_an_old_format_baseline_is_not_replaced_when_inputs_fail(tmp_path: Path) -> None:
    a, b = _notices(tmp_path)
    old = '{"version": 1, "tool": "zgcheck", "fingerprints": {"00": {"count": 1, "path": "b.txt"}}}\n'
    (tmp_path / "bl.json").write_text(old, encoding="utf-8")
    _unreadable(b)
    proc = run_cli("baseline", "a.txt", "b.txt", "-o", "bl.json", cwd=tmp_path)
    assert proc.returncode == 2 and "bl.json" in proc.stderr.decode()
    assert (tmp_path / "bl.json").read_text(encoding="utf-8") == old


def test_a_file_that_is_not_a_baseline_is_never_replaced(tmp_path: Path) -> None:
    _notices(tmp_path / "notices")
    readme = tmp_path / "README.md"
    readme.write_text("# notes\n", encoding="utf-8")
    proc = run_cli("baseline", "notices", "-o", "README.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert "README.md" in _one_line(proc.stderr)
    assert readme.read_text(encoding="utf-8") == "# notes\n"
