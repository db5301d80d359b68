"""Configuration discovery and validation (.zgcheck.yaml, [tool.zgcheck], errors with file:line)."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import ConfigError, Settings, check_rule_refs, find_config, read_config, settings_from

DEFAULT = Path(__file__).resolve().parents[1] / "checker" / "default_config.yaml"


def test_nearest_config_is_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / ".zgcheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    notice = deep / "n.txt"
    notice.write_text("x", encoding="utf-8")
    assert find_config(notice) == (tmp_path / ".zgcheck.yaml").resolve()
    # a nearer config wins
    (tmp_path / "a" / ".zgcheck.yaml").write_text("fail_on: info\n", encoding="utf-8")
    assert find_config(notice) == (tmp_path / "a" / ".zgcheck.yaml").resolve()


def test_pyproject_section_is_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.zgcheck]\nfail_on = "error"\nignore = ["typo"]\n', encoding="utf-8")
    found = find_config(tmp_path)
    assert found == (tmp_path / "pyproject.toml").resolve()
    settings = settings_from(read_config(found))
    assert settings.fail_on == "error" and settings.ignore == ["typo"]


def test_pyproject_without_section_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    assert find_config(sub) != (tmp_path / "pyproject.toml").resolve()


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text("fail_on: error\n\nsevrity:\n  ZG101: error\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_config(cfg)
    assert f"{cfg}:3:" in str(err.value) and "sevrity" in str(err.value)


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text("select: [ZG101\nignore: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_config(cfg)
    message = str(err.value)
    assert message.startswith(f"{cfg}:") and "YAML" in message


@pytest.mark.parametrize("body, fragment", [
    ("fail_on: sometimes\n", "fail_on"),
    ("select: ZG101\n", "select"),
    ("severity:\n  ZG101: fatal\n", "fatal"),
    ("max_file_size: big\n", "max_file_size"),
    ("lexicons:\n  future_markers: 待\n", "future_markers"),
    ("- just\n- a list\n", "mapping"),
])
def test_wrong_values_are_errors(tmp_path: Path, body: str, fragment: str) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_config(cfg)
    assert str(cfg) in str(err.value) and fragment in str(err.value)


def test_python_tags_are_refused(tmp_path: Path) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text("select: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        read_config(cfg)


def test_rule_paths_are_relative_to_the_config(tmp_path: Path) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text("rule_paths: [myrules]\nissuer_aliases: [局党组]\n", encoding="utf-8")
    settings = settings_from(read_config(cfg))
    assert settings.rule_paths == [(tmp_path / "myrules").resolve()]
    assert settings.issuer_aliases == ["局党组"]
    assert settings.source == cfg


def test_command_line_overrides_win(tmp_path: Path) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text("fail_on: info\nselect: [deadline]\n", encoding="utf-8")
    settings = settings_from(read_config(cfg), {"fail_on": "error", "select": ["vague"]})
    assert settings.fail_on == "error" and settings.select == ["vague"]


def test_unknown_rule_reference_names_the_line(tmp_path: Path) -> None:
    cfg = tmp_path / ".zgcheck.yaml"
    cfg.write_text("fail_on: warning\nignore: [ZG999]\n", encoding="utf-8")
    settings = settings_from(read_config(cfg))
    with pytest.raises(ConfigError) as err:
        check_rule_refs(settings, {"ZG101", "deadline"})
    assert f"{cfg}:2:" in str(err.value) and "ZG999" in str(err.value)
    check_rule_refs(Settings(ignore=["deadline"]), {"ZG101", "deadline"})


def test_shipped_default_config_is_valid() -> None:
    raw = read_config(DEFAULT)
    settings = settings_from(raw)
    assert settings.fail_on == "warning" and settings.lang == "zh"
    assert "*.docx" in settings.include
