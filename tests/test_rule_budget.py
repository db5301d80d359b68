"""A user rule past the per-document time budget of user patterns (issue 22.4): that rule is
stopped with one error line naming the file, the rule and the rule's file; the other rules'
findings are still reported, every format shows the error, and the run exits 2.

No timing here: the budget is either spent before the document starts (a negative budget) or
spent by a clock that advances one second each time the scanner reads it, so a pattern that
matches again and again "takes" a second per match.
"""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from checker.baseline import load_baseline
from checker.cli import cli
from checker.config import Settings
from checker.engine import load_ruleset
from checker.engine import lexicon as lexicon_module
from checker.engine import patternguard
from checker.engine.prefilter import parse
from checker.runner import check_text
from conftest import user_rule_yaml

# a pattern the static guard lets through that matches at every Chinese character; ZG901 wants
# five of them in an item's rectification (it has fourteen)
SLOW = "[\\u4e00-\\u9fff]"
LEXICONS = f"""every_char:
  patterns: ['{SLOW}']
done_words:
  patterns: ['已完成']
"""
NOTICE = ("关于巡察整改情况的通报\n一、关于“问题一”的整改情况\n问题：存在不足。\n"
          "整改情况：已完成整改，正在推进，将持续研究。\n")


def _rules(folder: Path) -> Path:
    rules = folder / "rules"
    (rules / "lexicons").mkdir(parents=True)
    (rules / "lexicons" / "mine.yaml").write_text(LEXICONS, encoding="utf-8")
    (rules / "ZG901.yaml").write_text(user_rule_yaml("{type: exists, lexicon: every_char, min: 5}", "ZG901", "every-char"),
                                      encoding="utf-8")
    (rules / "ZG902.yaml").write_text(user_rule_yaml("{type: exists, lexicon: done_words, min: 1}", "ZG902", "done-words"),
                                      encoding="utf-8")
    return rules


class _Clock:
    """A monotonic clock that advances one second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def slow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """User patterns spend a second per match; the budget lasts a few matches."""
    monkeypatch.setattr(lexicon_module, "time", _Clock())
    monkeypatch.setattr(lexicon_module, "USER_PATTERN_BUDGET", 3.0)     # three matches, ZG901 wants five


@pytest.fixture
def spent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget is spent before the document starts."""
    monkeypatch.setattr(lexicon_module, "USER_PATTERN_BUDGET", -1.0)


def test_the_slow_pattern_passes_the_static_guard() -> None:
    patternguard.check(parse(SLOW))          # raises PatternRisk if refused


def test_the_rule_that_ran_out_is_stopped_and_the_others_stay(tmp_path: Path, slow_clock: None) -> None:
    settings = Settings(rule_paths=[_rules(tmp_path)])
    result = check_text(NOTICE, "n.txt", settings, load_ruleset(settings))
    builtin = check_text(NOTICE, "n.txt", Settings(), load_ruleset(Settings()))
    assert result.kind == "notice" and result.error is None
    # the built-in rules' findings are all there; neither user rule reported
    assert [(f.rule, f.start, f.end) for f in result.findings] == \
           [(f.rule, f.start, f.end) for f in builtin.findings]
    assert builtin.findings
    # ZG901 ran out mid-scan; ZG902 comes after it, once the budget is spent: stopped too
    assert len(result.rule_errors) == 2
    first, second = result.rule_errors
    assert first.startswith("n.txt: 规则 ZG901（") and "ZG901.yaml" in first and "mine.yaml" in first
    assert "时间预算" in first
    assert second.startswith("n.txt: 规则 ZG902（") and "ZG902.yaml" in second and "时间预算已用完" in second


def test_without_the_budget_spent_user_rules_report(tmp_path: Path) -> None:
    settings = Settings(rule_paths=[_rules(tmp_path)])
    result = check_text(NOTICE, "n.txt", settings, load_ruleset(settings))
    assert result.rule_errors == []
    assert {"ZG901", "ZG902"} <= {f.rule for f in result.findings}


def _run(tmp_path: Path, *args: str):
    rules = _rules(tmp_path)
    (tmp_path / "c.yaml").write_text(f"rule_paths: ['{rules}']\n", encoding="utf-8")
    notice = tmp_path / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "--config", str(tmp_path / "c.yaml"), str(notice), *args],
                              catch_exceptions=False), notice


def test_cli_names_the_rule_on_stderr_reports_the_rest_and_exits_2(tmp_path: Path, slow_clock: None) -> None:
    result, notice = _run(tmp_path, "--format", "text", "--no-color")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 2 and all(line.startswith(f"{notice}: 规则 ZG90") for line in lines)
    assert "ZG901.yaml" in lines[0] and "Traceback" not in result.output
    assert "ZG205" in result.stdout and "ZG901" in result.stdout      # the findings, and the error in the report
    assert "ZG102" in result.stdout


def test_cli_english(tmp_path: Path, spent: None) -> None:
    result, notice = _run(tmp_path, "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{notice}: rule ZG901 (") and "stopped" in result.stderr
    assert "ZG901.yaml" in result.stderr and "time budget" in result.stderr


def test_json_keeps_kind_and_error_and_adds_rule_errors(tmp_path: Path, spent: None) -> None:
    result, notice = _run(tmp_path, "--format", "json")
    assert result.exit_code == 2
    entry = json.loads(result.stdout)["files"][0]
    assert entry["kind"] == "notice" and entry["error"] is None
    assert [e.split("（")[0] for e in entry["rule_errors"]] == [f"{notice}: 规则 ZG901", f"{notice}: 规则 ZG902"]
    assert {f["rule"] for f in entry["findings"]} >= {"ZG101", "ZG102", "ZG205"}


def test_json_of_a_clean_run_has_an_empty_list(tmp_path: Path) -> None:
    result, _ = _run(tmp_path, "--format", "json")
    assert json.loads(result.stdout)["files"][0]["rule_errors"] == []
    assert result.exit_code == 1


def test_junit_counts_the_stopped_rules_as_errors(tmp_path: Path, spent: None) -> None:
    result, _ = _run(tmp_path, "--format", "junit")
    assert result.exit_code == 2
    root = ElementTree.fromstring(result.stdout)
    assert root.get("errors") == "2" and int(root.get("failures")) >= 1
    errors = root.findall(".//error")
    assert [e.get("type") for e in errors] == ["rule-stopped", "rule-stopped"]
    assert "ZG901" in errors[0].get("message")


def test_sarif_notifies_and_github_annotates(tmp_path: Path, spent: None) -> None:
    result, _ = _run(tmp_path, "--format", "sarif")
    run = json.loads(result.stdout)["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert [n["level"] for n in notes] == ["error", "error"] and "ZG901" in notes[0]["message"]["text"]
    assert {r["ruleId"] for r in run["results"]} >= {"ZG101", "ZG205"}
    result, _ = _run(tmp_path / "gh", "--format", "github")
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error file=n.txt,title=zgcheck::")]
    assert len(errors) == 2 and "ZG901" in errors[0]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_human_reports_show_the_error(tmp_path: Path, spent: None, fmt: str) -> None:
    result, _ = _run(tmp_path, "--format", fmt)
    assert result.exit_code == 2
    assert "规则 ZG901" in result.stdout and "ZG901.yaml" in result.stdout
    assert "ZG205" in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_other_files_of_a_folder_are_reported(tmp_path: Path, spent: None, jobs: str) -> None:
    rules = _rules(tmp_path)
    (tmp_path / "c.yaml").write_text(f"rule_paths: ['{rules}']\n", encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    names = ["a.txt", "b.txt", "c.txt", "d.txt"]          # four: --jobs 2 uses worker processes
    for name in names:
        (drafts / name).write_text(NOTICE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(tmp_path / "c.yaml"), str(drafts),
                                      "--format", "json", "--jobs", jobs], catch_exceptions=False)
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == names
    assert all(len(f["rule_errors"]) == 2 and f["findings"] for f in files)


def test_baseline_update_keeps_the_entries_of_a_file_with_a_stopped_rule(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    result, notice = _run(tmp_path, "--baseline", str(tmp_path / "bl.json"), "--baseline-update")
    before = load_baseline(tmp_path / "bl.json")
    assert result.exit_code == 0 and any(e.key.rule == "ZG901" for e in before.entries())
    monkeypatch.setattr(lexicon_module, "USER_PATTERN_BUDGET", -1.0)
    result = CliRunner().invoke(cli, ["check", "--config", str(tmp_path / "c.yaml"), str(notice),
                                      "--baseline", str(tmp_path / "bl.json"), "--baseline-update"],
                                catch_exceptions=False)
    assert result.exit_code == 2
    after = load_baseline(tmp_path / "bl.json")
    assert sorted((e.key.rule, e.count) for e in after.entries()) == sorted((e.key.rule, e.count) for e in before.entries())
