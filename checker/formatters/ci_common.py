"""Helpers shared by the machine formats (sarif, junit, github, gitlab).

Every CI format reports the same thing: each unsuppressed finding of each file with
its start/end line and column (1-based, code points; the end column is *exclusive*,
i.e. the column of the character after the evidence, as in SARIF), plus one entry per
file that could not be checked.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..findings import FileResult, Finding
from ..textpos import position_index

HELP_URI_BASE = "https://zgcheck.invalid/rules/"   # overridable: ctx.options["help_uri_base"]
INFORMATION_URI = "https://zgcheck.invalid/"


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int
    end_line: int
    end_column: int          # exclusive


def positions(result: FileResult) -> Iterator[tuple[Finding, Position]]:
    """Each finding of ``result`` with its start and (exclusive) end position."""
    text = result.text
    index = position_index(text, result.source_map)
    for f in result.findings:
        start = min(max(f.start, 0), len(text))
        end = min(max(f.end, start), len(text))
        line, column = (f.line, f.column) if f.line > 0 and f.column > 0 else index.line_col(start)
        end_line, end_column = index.line_col(end)
        if (end_line, end_column) < (line, column):
            end_line, end_column = line, column
        yield f, Position(line, column, end_line, end_column)


def display_path(path: str) -> str:
    """Path relative to the working directory when possible, with forward slashes."""
    if path == "-":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_posix()
    posix = PurePosixPath(p.as_posix()).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return posix.replace(os.sep, "/")


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def rule_metadata(ctx: Any, results: list[FileResult]) -> dict[str, dict[str, Any]]:
    """Rule id -> metadata, from ``ctx.ruleset`` (may be None) completed from the findings.

    The order is: the rule set's rules in its order, then rules only seen in findings.
    """
    meta: dict[str, dict[str, Any]] = {}
    rules = _get(ctx.ruleset, "rules", None) if ctx.ruleset is not None else None
    if isinstance(rules, dict):
        rules = list(rules.values())
    for rule in rules or []:
        rid = _get(rule, "id")
        if not rid:
            continue
        meta[str(rid)] = {
            "id": str(rid),
            "name": _get(rule, "name", "") or "",
            "category": _get(rule, "category", "") or "",
            "severity": _get(rule, "severity", "warning") or "warning",
            "message": _get(rule, "message", "") or "",
            "message_en": _get(rule, "message_en", "") or "",
            "description": _get(rule, "description", "") or "",
            "description_en": _get(rule, "description_en", "") or "",
            "link": _get(rule, "link", "") or "",
        }
    for result in results:
        for f in result.findings:
            if f.rule not in meta:
                meta[f.rule] = {"id": f.rule, "name": f.name, "category": f.category,
                                "severity": f.severity, "message": f.message,
                                "message_en": f.message_en, "description": "", "description_en": "",
                                "link": ""}
    return meta


def pick(meta: dict[str, Any], key: str, lang: str) -> str:
    """The English variant of a metadata text when ``lang == "en"`` and it exists."""
    if lang == "en" and meta.get(f"{key}_en"):
        return str(meta[f"{key}_en"])
    return str(meta.get(key) or "")


def help_uri(rule_id: str, meta: dict[str, Any] | None, ctx: Any) -> str:
    """Where a rule is explained: its own ``link``, else ``<base><ID>`` (= ``zgcheck explain ID``)."""
    if meta and meta.get("link"):
        return str(meta["link"])
    base = (getattr(ctx, "options", None) or {}).get("help_uri_base") or HELP_URI_BASE
    return f"{base}{rule_id}"


def version(ctx: Any) -> str:
    if getattr(ctx, "version", ""):
        return str(ctx.version)
    from .. import __version__

    return __version__
