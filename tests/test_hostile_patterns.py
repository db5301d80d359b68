"""Hostile patterns, rules and configuration (issue 22.3/22.4): refused at load with the file
and line, or stopped by the time budget; long runs in built-in patterns keep their findings."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.config import Settings
from checker.engine import RuleError, load_ruleset
from checker.engine import lexicon as lexicon_module
from checker.engine.lexicon import PatternTimeout, check_pattern
from checker.runner import check_text
from conftest import user_rule_yaml


def _pattern_rule(pattern: str) -> str:
    """A user rule that flags an item where ``pattern`` matches."""
    return user_rule_yaml(f"{{type: exists, patterns: ['{pattern}']}}")


NOTICE = "关于巡察整改情况的通报\n一、关于“问题一”的整改情况\n问题：存在不足。\n整改情况：已完成整改。\n"

HOSTILE = [
    r"(a|a)*$",
    r"(?:(?:a)+)+$",
    r"((a+))+$",
    r"(?=((a+))+$)",
    r"(?:.*a){12}$",
    r".*.*.*.*=",
    "[\\u4e00-\\u9fff]+[\\u4e00-\\u9fff]+[\\u4e00-\\u9fff]+",
    r"(?:x|)+y",
    r"(.*)(.*)y",
]


@pytest.mark.parametrize("pattern", HOSTILE)
def test_backtracking_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(RuleError) as err:
        check_pattern(pattern, "mine.yaml:3")
    message = str(err.value)
    assert message.startswith("mine.yaml:3: ") and "回溯" in message and repr(pattern) in message


@pytest.mark.parametrize("pattern", [
    r"(?:[0-9]{1,3}、)+完成", r"关于[^。]{0,60}问题", r"\d+个问题", r"(?:是|的)+", r"[一二三]{1,3}、",
    r"(?:ab*)?c", r"整改.{0,20}完成",
])
def test_ordinary_patterns_pass(pattern: str) -> None:
    check_pattern(pattern, "mine.yaml:3")


@pytest.mark.parametrize("pattern, fragment", [
    (r"(?<=a+)b", "look-behind"),
    (r"a{1,4294967295}", "repetition"),
    (r"(", "无效的正则表达式"),
])
def test_invalid_patterns_name_the_file_and_line(tmp_path: Path, pattern: str, fragment: str) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "ZG901.yaml").write_text(_pattern_rule(pattern), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset(Settings(rule_paths=[folder]))
    assert "ZG901.yaml:10:" in str(err.value) and fragment in str(err.value)


def test_a_hostile_user_lexicon_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "lexicons" / "mine.yaml").write_text(
        "ok_words:\n  terms: [甲]\nbad_words:\n  patterns: ['(?:.*a){12}$']\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset(Settings(rule_paths=[folder]))
    assert "mine.yaml:3:" in str(err.value) and "嵌套量词" in str(err.value)


def _cli(args: list[str], folder: Path):
    """Run zgcheck in-process with ``n.txt`` (a small notice) in ``folder``."""
    notice = folder / "n.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    args = [str(notice) if a == "n.txt" else str(folder) if a == "." else a for a in args]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


@pytest.mark.parametrize("config, fragment", [
    ("lexicons:\n  agents: ['', 某局]\n", "空词条"),
    ("max_file_size: -5\n", "max_file_size"),
    ("max_file_size: [1]\n", "max_file_size"),
    ("rule_options:\n  ZG203: {no_such_option: 1}\n", "no_such_option"),
    ("rule_options:\n  ZG203: {threshold: [80]}\n", "threshold"),
    ("include: ['[']\n", "'['"),
])
def test_bad_config_values_are_load_errors(tmp_path: Path, config: str, fragment: str) -> None:
    (tmp_path / "c.yaml").write_text("# zgcheck\n" + config, encoding="utf-8")
    result = _cli(["check", "--config", str(tmp_path / "c.yaml"), "n.txt"], tmp_path)
    assert result.exit_code == 2
    assert "c.yaml:2:" in result.output and fragment in result.output
    assert "Traceback" not in result.output


def test_an_unclosed_include_glob_is_a_usage_error(tmp_path: Path) -> None:
    result = _cli(["check", "--include", "[", "."], tmp_path)
    assert result.exit_code == 2 and "--include '['" in result.output


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["哈哈哈哈哈哈哈哈"]']
    for k in range(1, levels):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_in_the_config_is_refused(tmp_path: Path) -> None:
    bomb = _bomb() + "select: [" + ", ".join(["*a8"] * 9) + "]\n"
    assert len(bomb.encode()) < 1000
    (tmp_path / "c.yaml").write_text(bomb, encoding="utf-8")
    result = _cli(["check", "--config", str(tmp_path / "c.yaml"), "n.txt"], tmp_path)
    assert result.exit_code == 2
    assert "c.yaml:" in result.output and "别名" in result.output


def test_a_yaml_alias_bomb_in_a_rule_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "ZG901.yaml").write_text(_bomb() + _pattern_rule("口号").replace(
        "  flag: []", "  flag: [" + ", ".join(["*a8"] * 9) + "]"), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset(Settings(rule_paths=[folder]))
    assert "ZG901.yaml:" in str(err.value) and "别名" in str(err.value)


def test_aliases_of_single_values_still_load(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "lexicons" / "mine.yaml").write_text(
        "first:\n  patterns: [&p '口号(?=连篇)']\nsecond:\n  patterns: [*p]\n", encoding="utf-8")
    store = load_ruleset(Settings(rule_paths=[folder])).store
    assert store.get("second").find("喊口号连篇") == [(1, 3)]


def test_user_patterns_stop_at_the_time_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "ZG901.yaml").write_text(_pattern_rule("完成"), encoding="utf-8")
    settings = Settings(rule_paths=[folder])
    rules = load_ruleset(settings)
    assert any(f.rule == "ZG901" for f in check_text(NOTICE, "n.txt", settings, rules).findings)
    monkeypatch.setattr(lexicon_module, "USER_PATTERN_BUDGET", -1.0)     # already spent
    stopped = check_text(NOTICE, "n.txt", settings, rules)
    assert not any(f.rule == "ZG901" for f in stopped.findings)
    assert len(stopped.rule_errors) == 1
    assert "ZG901" in stopped.rule_errors[0] and "时间预算" in stopped.rule_errors[0]
    # a rule's examples at load still fail on the first timeout (a load error naming the rule)
    with pytest.raises(PatternTimeout) as err:
        rules.check(stopped.notice, [r for r in rules.all_rules if r.id == "ZG901"])
    assert "ZG901" in str(err.value)
    # the shipped rules have no budget: the same text is checked without the user rule
    assert check_text(NOTICE, "n.txt", Settings(), load_ruleset(Settings())).kind == "notice"
    # outside a document's check a user lexicon is never stopped
    user_lexicon = next(r for r in rules.all_rules if r.id == "ZG901").condition.lexicon
    assert user_lexicon.find("已完成") == [(1, 3)]


def test_a_rule_past_its_budget_is_one_error_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "ZG901.yaml").write_text(_pattern_rule("完成"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(f"rule_paths: ['{folder}']\n", encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "USER_PATTERN_BUDGET", -1.0)
    result = _cli(["check", "--config", str(tmp_path / "c.yaml"), "n.txt"], tmp_path)
    assert result.exit_code == 2 and "ZG901" in result.stderr and "Traceback" not in result.output


# ---------------------------------------------------------------- long runs, same findings

RULES = load_ruleset(Settings())


def _lexicon(name: str):
    return RULES.store.get(name)


@pytest.mark.parametrize("length", [3, 20_000])
def test_counted_results_on_long_figure_runs(length: int) -> None:
    counted = _lexicon("counted_results")
    figures = "7" * length
    assert (0, length + 1) in counted.find(figures + "个。")
    # 第… is an ordinal: the match starts one figure later, as the backtracking pattern did
    assert (2, length + 2) in counted.find("第" + figures + "个。")
    assert counted.find(figures) == []


@pytest.mark.parametrize("length", [2, 20_000])
def test_periods_on_long_numeral_runs(length: int) -> None:
    found = [f for name in RULES.store.names() for f in _lexicon(name).find("一" * length + "个月内完成")
             if f == (0, length + 3)]
    assert found, "a period of 一…个月内 is found from the start of the run"


def test_an_agent_after_a_long_run_of_tabs_and_spaces() -> None:
    short = NOTICE.replace("已完成整改。", "已完成整改，\t \t县水利局牵头负责。")
    long = NOTICE.replace("已完成整改。", "已完成整改，" + " \t" * 20_000 + "县水利局牵头负责。")
    rules_short = {f.rule for f in check_text(short, "s.txt", Settings(), RULES).findings}
    rules_long = {f.rule for f in check_text(long, "l.txt", Settings(), RULES).findings}
    assert rules_short == rules_long
    assert "ZG102" not in rules_long            # the responsible unit is found after the run


@pytest.mark.parametrize("unit", ["1234567890", "一", "《", "“", " \t", "，", "（", "将"])
def test_long_runs_inside_an_item_keep_the_item_and_its_findings(unit: str) -> None:
    run = (unit * (30_000 // len(unit)))
    text = NOTICE.replace("已完成整改。", "已完成整改，" + run + "，2024年底前完成。")
    result = check_text(text, "r.txt", Settings(), RULES)
    assert len(result.notice.items) == 1
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)


def test_the_shipped_patterns_pass_the_stricter_check() -> None:
    for name in RULES.store.names():
        lex = _lexicon(name)
        for pattern in lex.patterns + lex.except_patterns:
            check_pattern(pattern, name)
