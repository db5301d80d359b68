"""Rule loading errors name the file and line; hostile rule files are refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import Settings
from checker.engine import RuleError, load_ruleset

GOOD = """id: ZG901
name: slogan-only
category: vague
severity: info
scope: item
message: 只有口号。
message_en: Slogan only.
description: 只有口号。
rationale: 测试。
condition: {type: exists, terms: [口号]}
examples:
  flag: [喊口号, 口号连篇, 全是口号, 口号]
  pass: [已完成, 已整改, 无, 好]
"""


def _folder(tmp_path: Path, body: str) -> Settings:
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "ZG901.yaml").write_text(body, encoding="utf-8")
    return Settings(rule_paths=[tmp_path / "r"])


def test_user_rule_folder_loads(tmp_path: Path) -> None:
    ruleset = load_ruleset(_folder(tmp_path, GOOD))
    assert ruleset.get("ZG901") is not None and ruleset.get("slogan-only") is not None


@pytest.mark.parametrize("old, new, fragment", [
    ("severity: info", "sevrity: info", "sevrity"),
    ("severity: info", "severity: fatal", "error/warning/info"),
    ("{type: exists, terms: [口号]}", "{type: exists, patterns: ['\\b口号']}", "\\b"),
    ("{type: exists, terms: [口号]}", "{type: exists, patterns: ['(口+)+号']}", "嵌套量词"),
    ("{type: exists, terms: [口号]}", "{type: exists, lexicon: no_such_list}", "no_such_list"),
    ("id: ZG901", "id: ZG101", "重复"),
    ("  pass: [已完成, 已整改, 无, 好]", "  pass: [已完成, 口号, 无, 好]", "示例未通过"),
])
def test_bad_rule_files_are_clear_errors(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    settings = _folder(tmp_path, GOOD.replace(old, new))
    with pytest.raises(RuleError) as err:
        load_ruleset(settings)
    assert "ZG901.yaml" in str(err.value) and fragment in str(err.value)


def test_unknown_key_error_has_the_line(tmp_path: Path) -> None:
    settings = _folder(tmp_path, GOOD.replace("severity: info", "sevrity: info"))
    with pytest.raises(RuleError) as err:
        load_ruleset(settings)
    assert "ZG901.yaml:4:" in str(err.value)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    settings = _folder(tmp_path, GOOD.replace("severity: info", "severity: !!python/object/apply:os.system [id]"))
    with pytest.raises(RuleError):
        load_ruleset(settings)


def test_every_shipped_lexicon_pattern_passes_the_user_pattern_checks() -> None:
    """Shipped lexicons skip the pattern checks at start-up (they cost ≈ 60 ms a run); they
    must pass exactly the checks a user's lexicon gets at every load."""
    from checker.engine import load_ruleset
    from checker.config import Settings

    store = load_ruleset(Settings()).store
    checked = 0
    for name in store.names():
        lexicon = store.get(name)
        assert lexicon.trusted, name
        lexicon.validate()
        checked += len(lexicon.patterns) + len(lexicon.except_patterns)
    assert checked > 50


def test_a_user_lexicon_is_checked_at_load(tmp_path: Path) -> None:
    from checker.config import Settings
    from checker.engine import load_ruleset
    from checker.engine.errors import RuleError

    folder = tmp_path / "rules"
    (folder / "lexicons").mkdir(parents=True)
    (folder / "lexicons" / "mine.yaml").write_text("my_words:\n  patterns: ['(a+)+$']\n", encoding="utf-8")
    with pytest.raises(RuleError, match="my_words|mine.yaml"):
        load_ruleset(Settings(rule_paths=[folder]))
