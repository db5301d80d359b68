"""The pre-commit hook definition and the GitHub Action's run script."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and hooks[0]["id"] == "zgcheck"
    for key in ("id", "name", "entry", "language"):
        assert isinstance(hooks[0][key], str)
    assert hooks[0]["entry"].split()[0] in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert hooks[0]["language"] == "python"


def test_action_script_runs_locally(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "zgcheck")
    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "a.txt").write_text("1.关于“甲”的整改情况。进一步加强管理。\n", encoding="utf-8")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "zgcheck"
    shim.write_text(f"#!/bin/sh\nPYTHONPATH={REPO} exec {os.sys.executable} -m checker \"$@\"\n", encoding="utf-8")
    shim.chmod(0o755)
    out = tmp_path / "out.txt"
    env = {**os.environ, "ZG_BIN": str(shim), "ZG_PATHS": str(notices), "ZG_ARGS": "",
           "ZG_ACTION_REPOSITORY": "example/zgcheck", "GITHUB_SERVER_URL": "https://github.com",
           "ZG_SARIF": str(tmp_path / "z.sarif"), "ZG_FAIL_ON": "warning", "GITHUB_OUTPUT": str(out)}
    proc = subprocess.run(["bash", "-c", step["run"]], env=env, capture_output=True, timeout=120)
    assert proc.returncode == 1, proc.stderr.decode()
    assert proc.stdout.decode().startswith("::warning file=")
    sarif = json.loads((tmp_path / "z.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    assert sarif["runs"][0]["tool"]["driver"]["informationUri"] == "https://github.com/example/zgcheck"
    assert "exit-code=1" in out.read_text(encoding="utf-8")
