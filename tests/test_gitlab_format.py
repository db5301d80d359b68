"""GitLab Code Quality (issue 20.2): a Code Climate issue array whose fingerprints survive other
working folders and renames, unique per finding, paths relative to the repository root."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from test_baseline_edits import NOTICE

CODE_CLIMATE = {"Bug Risk", "Clarity", "Compatibility", "Complexity", "Duplication", "Performance",
                "Security", "Style"}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[dict]:
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(cli, ["check", "-f", "gitlab", *args], catch_exceptions=False)
    assert result.exit_code in (1, 2), result.output
    return json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "notices").mkdir(parents=True)
    (root / ".zgcheck.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    (root / "notices" / "forestry.txt").write_text(NOTICE, encoding="utf-8")
    return root


def _by_fingerprint(issues: list[dict]) -> dict[str, tuple]:
    return {i["fingerprint"]: (i["check_name"], i["location"]["lines"]["begin"]) for i in issues}


def test_shape_categories_and_paths(repo: Path, monkeypatch) -> None:
    issues = gitlab(repo, monkeypatch, "notices")
    assert len(issues) >= 10
    for issue in issues:
        assert issue["type"] == "issue"
        assert issue["categories"] and set(issue["categories"]) <= CODE_CLIMATE
        assert issue["severity"] in SEVERITIES
        assert issue["location"]["path"] == "notices/forestry.txt"
        assert issue["location"]["lines"]["begin"] >= 1 and issue["description"].startswith(issue["check_name"])
        assert len(issue["fingerprint"]) == 32 and int(issue["fingerprint"], 16) >= 0
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    category = {i["check_name"]: i["categories"][0] for i in issues}
    assert category["ZG206"] == "Style" and category["ZG104"] == "Clarity"     # typo, vague


def test_fingerprints_survive_working_folder_rename_and_renumbering(repo: Path, monkeypatch) -> None:
    first = _by_fingerprint(gitlab(repo, monkeypatch, "notices"))
    from_sub = gitlab(repo / "notices", monkeypatch, "forestry.txt")
    assert _by_fingerprint(from_sub) == first
    assert {i["location"]["path"] for i in from_sub} == {"notices/forestry.txt"}
    (repo / "archive").mkdir()
    shutil.move(repo / "notices" / "forestry.txt", repo / "archive" / "old.txt")
    text = (repo / "archive" / "old.txt").read_text(encoding="utf-8")
    (repo / "archive" / "old.txt").write_text(
        text.replace("一、巡察反馈", "一、巡察反馈问题整改总体情况。\n二、巡察反馈"), encoding="utf-8")
    moved = gitlab(repo, monkeypatch, "archive")
    assert {fp: rule for fp, (rule, _) in _by_fingerprint(moved).items()} == \
        {fp: rule for fp, (rule, _) in first.items()}


def test_fingerprints_are_unique_across_identical_files(repo: Path, monkeypatch) -> None:
    shutil.copy(repo / "notices" / "forestry.txt", repo / "notices" / "copy.txt")
    issues = gitlab(repo, monkeypatch, "notices")
    assert len(issues) >= 20 and len({i["fingerprint"] for i in issues}) == len(issues)


def test_control_characters_are_escaped_and_errors_reported(repo: Path, monkeypatch) -> None:
    (repo / "notices" / "bad\x1b[2J.txt").write_bytes(b"")
    issues = gitlab(repo, monkeypatch, "notices")
    (error,) = [i for i in issues if i["check_name"] == "input-error"]
    assert error["type"] == "issue" and error["severity"] == "blocker"
    assert "\x1b" not in error["description"] and "\\x1b" in error["description"]
    assert "\x1b" not in error["location"]["path"]


def test_an_empty_report_is_an_empty_array(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()
    lines = NOTICE.replace("的的", "的").splitlines()
    strong = lines[:3] + [lines[5].replace("2.", "1.", 1), lines[9].replace("5.", "2.", 1)] + lines[10:]
    (tmp_path / "n.txt").write_text("\n".join(strong) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "-f", "gitlab", "n.txt"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "[]\n"
