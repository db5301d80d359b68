"""Configuration: the Settings every stage reads.

Settings come from, lowest priority first: built-in defaults, the nearest
``.zgcheck.yaml`` (or ``[tool.zgcheck]`` in ``pyproject.toml``) found by walking up
from the checked file, ``--config FILE``, then command-line options.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .sanitize import visible_escape

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.docx", "*.html", "*.htm"]


# what str.splitlines() breaks a line at: shown as visible escapes (\x0a) in an error message
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(message: str) -> str:
    """``message`` on one line: a key, glob or name quoted from a file may hold a newline."""
    return _LINE_BREAKS.sub(lambda m: visible_escape(m.group()), message)


class ConfigError(Exception):
    """A configuration problem; the message names the file (and line) and the reason (one line)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(one_line(str(message)))


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)          # rule ids, names or categories; empty = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)   # id/name/category -> error|warning|info
    rule_paths: list[Path] = field(default_factory=list)     # extra rule folders
    lexicons: dict[str, list[str]] = field(default_factory=dict)   # additions to named lexicons
    issuer_aliases: list[str] = field(default_factory=list)  # extra self-references of the issuer
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # id/name -> options
    fail_on: str = "warning"
    max_file_size: int = 20 * 1024 * 1024
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)   # glob -> ids/categories
    lang: str = "zh"
    source: Path | None = None                               # the config file these came from
    ref_lines: dict[str, int] = field(default_factory=dict)  # config key -> line, for later errors


# ---------------------------------------------------------------- loading

CONFIG_NAMES = (".zgcheck.yaml", ".zgcheck.yml")
SEVERITIES = ("error", "warning", "info")

# key -> (python type(s), description) ; validated before building Settings
_SCHEMA: dict[str, tuple[type | tuple[type, ...], str]] = {
    "select": (list, "list of rule ids, names or categories"),
    "ignore": (list, "list of rule ids, names or categories"),
    "severity": (dict, "mapping of rule id/name/category to error|warning|info"),
    "rule_paths": (list, "list of folders with extra rule files"),
    "lexicons": (dict, "mapping of lexicon name to a list of extra terms"),
    "issuer_aliases": (list, "list of names the issuer uses for itself"),
    "rule_options": (dict, "mapping of rule id/name to an options mapping"),
    "fail_on": (str, "error|warning|info"),
    "max_file_size": (int, "bytes"),
    "include": (list, "list of glob patterns"),
    "exclude": (list, "list of glob patterns"),
    "per_path_ignores": (dict, "mapping of glob to a list of rule ids/categories"),
    "lang": (str, "zh|en"),
}


@dataclass
class RawConfig:
    """A validated config mapping with the line of each top-level key (for later errors)."""

    path: Path
    data: dict[str, Any]
    lines: dict[str, int]


def find_config(start: Path) -> Path | None:
    """The nearest .zgcheck.yaml (or pyproject.toml with [tool.zgcheck]) at or above ``start``."""
    here = start if start.is_dir() else start.parent
    try:
        here = here.resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_has_section(pyproject):
            return pyproject
    return None


def _pyproject_has_section(path: Path) -> bool:
    try:
        return "[tool.zgcheck" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def read_config(path: Path) -> RawConfig:
    """Read and validate one config file; raise ConfigError naming file and line."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 无法读取配置文件 (cannot read config): {exc}") from None
    if path.name == "pyproject.toml":
        data, lines = _read_pyproject(path, raw)
    else:
        data, lines = _read_yaml(path, raw)
    _validate(path, data, lines)
    return RawConfig(path=path, data=data, lines=lines)


def _read_yaml(path: Path, raw: str) -> tuple[dict[str, Any], dict[str, int]]:
    import yaml

    from .yamlio import describe, load_with_lines

    try:
        data, lines = load_with_lines(raw)
    except yaml.YAMLError as exc:
        line, reason = describe(exc)
        raise ConfigError(f"{path}{line}: YAML 格式错误 (invalid YAML): {reason}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: 配置文件顶层应为映射 (the top level must be a mapping)")
    return data, lines


def _read_pyproject(path: Path, raw: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 格式错误 (invalid TOML): {exc}") from None
    data = doc.get("tool", {}).get("zgcheck", {})
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [tool.zgcheck] 应为表 (must be a table)")
    lines: dict[str, int] = {}
    in_section = False
    for number, line in enumerate(raw.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.startswith("[tool.zgcheck")
            continue
        if in_section and "=" in stripped:
            key = stripped.split("=", 1)[0].strip().strip('"')
            lines.setdefault(key, number)
    return data, lines


def _validate(path: Path, data: dict[str, Any], lines: dict[str, int]) -> None:
    def where(key: str) -> str:
        return f"{path}:{lines[key]}" if key in lines else str(path)

    for key, value in data.items():
        if key not in _SCHEMA:
            known = ", ".join(sorted(_SCHEMA))
            raise ConfigError(f"{where(key)}: 未知配置项 '{key}' (unknown key; known: {known})")
        expected, what = _SCHEMA[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ConfigError(f"{where(key)}: 配置项 '{key}' 类型错误，应为 {what} (wrong type)")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where(key)}: 配置项 '{key}' 的每一项都应为字符串 (items must be strings)")
    for rule, level in (data.get("severity") or {}).items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where('severity')}: '{rule}' 的级别 '{level}' 无效，应为 error/warning/info "
                              "(invalid severity)")
    if "fail_on" in data and data["fail_on"] not in SEVERITIES:
        raise ConfigError(f"{where('fail_on')}: fail_on 应为 error/warning/info (invalid value)")
    if "lang" in data and data["lang"] not in ("zh", "en"):
        raise ConfigError(f"{where('lang')}: lang 应为 zh 或 en (invalid value)")
    for name, terms in (data.get("lexicons") or {}).items():
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ConfigError(f"{where('lexicons')}: 词表 '{name}' 应为字符串列表 (must be a list of strings)")
    for glob, refs in (data.get("per_path_ignores") or {}).items():
        if not isinstance(refs, list) or not all(isinstance(t, str) for t in refs):
            raise ConfigError(f"{where('per_path_ignores')}: '{glob}' 应为规则列表 (must be a list)")
    for rule, options in (data.get("rule_options") or {}).items():
        if not isinstance(options, dict):
            raise ConfigError(f"{where('rule_options')}: '{rule}' 的选项应为映射 (must be a mapping)")
    if "max_file_size" in data and data["max_file_size"] <= 0:
        raise ConfigError(f"{where('max_file_size')}: max_file_size 应为正整数（字节） (must be a positive number of bytes)")
    for name, terms in (data.get("lexicons") or {}).items():
        if any(not t.strip() for t in terms):
            raise ConfigError(f"{where('lexicons')}: 词表 '{name}' 含有空词条 (an empty term matches everywhere)")
    for key in ("include", "exclude"):
        for glob in data.get(key, []):
            problem = glob_problem(glob)
            if problem:
                raise ConfigError(f"{where(key)}: {key} 模式 '{glob}' 无效：{problem}")
    for glob in data.get("per_path_ignores") or {}:
        problem = glob_problem(glob)
        if problem:
            raise ConfigError(f"{where('per_path_ignores')}: 模式 '{glob}' 无效：{problem}")


def glob_problem(glob: str) -> str:
    """Why a file glob can never match as meant ("" when it is fine): empty, or a ``[`` whose
    set is never closed (``fnmatch`` then looks for a literal ``[``)."""
    if not glob.strip():
        return "空模式 (empty pattern)"
    i, n = 0, len(glob)
    while i < n:
        if glob[i] == "[":
            j = i + 1
            if j < n and glob[j] == "!":
                j += 1
            if j < n and glob[j] == "]":
                j += 1
            close = glob.find("]", j)
            if close < 0:
                return "'[' 没有对应的 ']' (an unclosed '[' set)"
            i = close
        i += 1
    return ""


def check_globs(globs, option: str) -> None:
    """Command-line ``--include``/``--exclude`` globs; raise ConfigError for a malformed one."""
    for glob in globs:
        problem = glob_problem(glob)
        if problem:
            raise ConfigError(f"{option} '{glob}': 无效的文件模式 (invalid glob): {problem}")


def settings_from(raw: RawConfig | None, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings from a validated config (or the defaults) with command-line overrides on top."""
    settings = Settings()
    if raw is not None:
        data = raw.data
        base = raw.path.parent
        for key in ("select", "ignore", "issuer_aliases", "include", "exclude"):
            if key in data:
                setattr(settings, key, list(data[key]))
        if any(key in data for key in ("select", "ignore", "per_path_ignores")):
            from .engine.explain import canonical_ref   # the category labels findings show: 无整改时限

            settings.select = [canonical_ref(str(r)) for r in settings.select]
            settings.ignore = [canonical_ref(str(r)) for r in settings.ignore]
        for key in ("severity", "lexicons", "rule_options", "per_path_ignores"):
            if key in data:
                setattr(settings, key, dict(data[key]))
        if "per_path_ignores" in data:
            from .engine.explain import canonical_ref

            settings.per_path_ignores = {glob: [canonical_ref(str(r)) for r in refs]
                                         for glob, refs in settings.per_path_ignores.items()}
        for key in ("fail_on", "max_file_size", "lang"):
            if key in data:
                setattr(settings, key, data[key])
        settings.rule_paths = [(base / p).resolve() for p in data.get("rule_paths", [])]
        settings.source = raw.path
        settings.ref_lines = dict(raw.lines)
    for key, value in (overrides or {}).items():
        if value is None or value == [] or value == ():
            continue
        setattr(settings, key, list(value) if isinstance(value, tuple) else value)
    return settings


def check_rule_refs(settings: Settings, known: set[str]) -> None:
    """Every id/name/category the settings name must exist; raise ConfigError otherwise."""
    where = str(settings.source) if settings.source else "命令行 (command line)"
    lines = settings.ref_lines
    for key in ("select", "ignore"):
        for ref in getattr(settings, key):
            if ref not in known:
                loc = f"{where}:{lines[key]}" if key in lines else where
                raise ConfigError(f"{loc}: 未知规则 '{ref}' (unknown rule id, name or category in {key})")
    for key in ("severity", "rule_options"):
        for ref in getattr(settings, key):
            if ref not in known:
                loc = f"{where}:{lines[key]}" if key in lines else where
                raise ConfigError(f"{loc}: 未知规则 '{ref}' (unknown rule id, name or category in {key})")
    for glob, refs in settings.per_path_ignores.items():
        for ref in refs:
            if ref not in known:
                key = "per_path_ignores"
                loc = f"{where}:{lines[key]}" if key in lines else where
                raise ConfigError(f"{loc}: 未知规则 '{ref}' (unknown rule in per_path_ignores '{glob}')")
