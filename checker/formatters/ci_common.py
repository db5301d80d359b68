"""Helpers shared by the machine formats (sarif, junit, github, gitlab).

Every CI format reports the same thing: each unsuppressed finding of each file with
its start/end line and column (1-based, code points; the end column is *exclusive*,
i.e. the column of the character after the evidence, as in SARIF), plus one entry per
file that could not be checked.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import FileResult, Finding
from ..repopath import relative_path
from ..textpos import position_index

# No web page documents the rules (``zgcheck explain ID`` does), so no link is made up:
# a rule's ``link`` or ``ctx.options["help_uri_base"]`` is used when given, else none.
RULE_TEXT_KEYS = ("name", "category", "severity", "scope", "applies_to", "message", "message_en",
                  "description", "description_en", "rationale", "rationale_en", "suggestion",
                  "suggestion_en", "link")


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


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def rule_entry(rule: Any) -> dict[str, Any]:
    """The metadata a CI format shows for ``rule`` (a Rule or a dict); missing keys are empty."""
    entry = {key: str(_get(rule, key, "") or "") for key in RULE_TEXT_KEYS}
    entry["id"] = str(_get(rule, "id"))
    entry["severity"] = entry["severity"] or "warning"
    return entry


def finding_entry(f: Finding) -> dict[str, Any]:
    """Metadata for a rule known only from one of its findings (not in ``ctx.ruleset``)."""
    entry = {key: "" for key in RULE_TEXT_KEYS}
    entry.update(id=f.rule, name=f.name, category=f.category, severity=f.severity, message=f.message,
                 message_en=f.message_en, suggestion=f.suggestion, suggestion_en=f.suggestion_en)
    return entry


def ruleset_rules(ctx: Any) -> list[Any]:
    """The rules of ``ctx.ruleset`` in its order (none when there is no rule set)."""
    rules = _get(ctx.ruleset, "rules", None) if ctx.ruleset is not None else None
    if isinstance(rules, dict):
        rules = list(rules.values())
    return [rule for rule in rules or [] if _get(rule, "id")]


def rule_metadata(ctx: Any, results: Iterable[FileResult] = ()) -> dict[str, dict[str, Any]]:
    """Rule id -> metadata, from ``ctx.ruleset`` (may be None) completed from the findings.

    The order is: the rule set's rules in its order, then rules only seen in findings.
    """
    meta: dict[str, dict[str, Any]] = {}
    for rule in ruleset_rules(ctx):
        meta[str(_get(rule, "id"))] = rule_entry(rule)
    for result in results:
        for f in result.findings:
            if f.rule not in meta:
                meta[f.rule] = finding_entry(f)
    return meta


def pick(meta: dict[str, Any], key: str, lang: str) -> str:
    """The English variant of a metadata text when ``lang == "en"`` and it exists."""
    if lang == "en" and meta.get(f"{key}_en"):
        return str(meta[f"{key}_en"])
    return str(meta.get(key) or "")


def configured(ctx: Any, key: str) -> str:
    """A link given for this run: ``ctx.options[key]``, else ``ZGCHECK_<KEY>`` from the environment.

    Only http(s) links are taken; anything else is ignored (no link is better than a dead one).
    """
    value = str((getattr(ctx, "options", None) or {}).get(key) or os.environ.get(f"ZGCHECK_{key.upper()}", ""))
    return value.strip() if value.strip().startswith(("https://", "http://")) else ""


def help_uri(rule_id: str, meta: dict[str, Any] | None, ctx: Any) -> str:
    """Where a rule is explained: its own ``link``, else ``<help_uri_base><ID>``, else ``""`` (none)."""
    if meta and meta.get("link"):
        return str(meta["link"])
    base = configured(ctx, "help_uri_base")
    return f"{base}{rule_id}" if base else ""


_HELP_LABELS = {
    "zh": ("说明", "依据", "如何修改", "详细说明："),
    "en": ("Description", "Grounds", "How to fix", "Full explanation: "),
}


def rule_help(meta: dict[str, Any], lang: str) -> tuple[str, str]:
    """A rule's help as plain text and Markdown: what it checks, its grounds, how to fix it.

    ``suggestion`` (how to fix) is shown when the rule has one; ``zgcheck explain ID``
    always closes the text, so a reader knows where the full explanation lives.
    """
    what, grounds, fix, more = _HELP_LABELS["en" if lang == "en" else "zh"]
    parts = [(what, pick(meta, "description", lang) or pick(meta, "message", lang)),
             (grounds, pick(meta, "rationale", lang)),
             (fix, pick(meta, "suggestion", lang))]
    parts = [(label, " ".join(value.split())) for label, value in parts if value.strip()]
    colon = ": " if lang == "en" else "："
    explain = f"zgcheck explain {meta['id']}"
    text = "\n\n".join(f"{label}{colon}{value}" for label, value in parts)
    text = (text + "\n\n" if text else "") + f"{more}{explain}"
    markdown = "\n\n".join(f"**{label}**{colon}{_md(value)}" for label, value in parts)
    markdown = (markdown + "\n\n" if markdown else "") + f"{more}`{explain}`"
    return text, markdown


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _md(text: str) -> str:
    """``text`` as literal Markdown: characters Markdown would interpret are backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def repo_path(path: str, ctx: Any) -> str:
    """``path`` relative to the repository root (``ctx.root``, else the working folder)."""
    root = getattr(ctx, "root", None) or Path.cwd().resolve()
    return relative_path(path, Path(root))


def error_text(result: FileResult, ctx: Any, error: str | None = None) -> str:
    """Why ``result`` could not be checked (or ``error``, one of its ``rule_errors``), naming
    the file by its repository path."""
    error = error or result.error or "error"
    if result.path != "-" and error.startswith(result.path + ":"):
        error = repo_path(result.path, ctx) + error[len(result.path):]
    return error


def version(ctx: Any) -> str:
    if getattr(ctx, "version", ""):
        return str(ctx.version)
    from .. import __version__

    return __version__
