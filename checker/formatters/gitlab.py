"""GitLab code quality report: a JSON array of Code Climate issues, written one issue at a time.

Paths are relative to the repository root (``ctx.root``) and fingerprints are the baseline's
content key (:func:`checker.baseline.fingerprint`: rule, the item's problem head, the evidence),
so they stay the same from any working folder and after a file is renamed; a finding that
occurs identically in several files gets its occurrence number folded in, so every fingerprint
of a report is unique.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from ..findings import FileResult
from ..repopath import relative_path
from ..sanitize import machine_safe
from .ci_common import positions

SEVERITY = {"info": "info", "warning": "major", "error": "critical"}

# zgcheck category -> Code Climate category (Bug Risk, Clarity, Compatibility, Complexity,
# Duplication, Performance, Security, Style)
CATEGORIES = {
    "deadline": "Clarity",           # when the work ends is not said
    "responsibility": "Clarity",     # who does it is not said
    "vague": "Clarity",
    "future-only": "Clarity",        # only plans, no progress to check
    "study-only": "Bug Risk",        # meetings and study instead of a correction
    "count": "Bug Risk",             # totals that do not add up
    "contact": "Clarity",
    "structure": "Clarity",
    "duplicate": "Duplication",
    "numbering": "Style",
    "typo": "Style",
    "formulation": "Style",
    "not-a-notice": "Compatibility",  # not the kind of document zgcheck checks
}
DEFAULT_CATEGORY = "Clarity"


def _hex(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class GitLabSink:
    """Writes ``[`` issue, issue, … ``]``; keeps only the fingerprints already used."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write
        self.count = 0
        self.used: dict[int, int] = {}      # fingerprint (as an int) -> occurrences in this report

    def _unique(self, fp: str) -> str:
        n = self.used.get(int(fp, 16), 0) + 1
        self.used[int(fp, 16)] = n
        if n == 1:
            return fp
        unique = _hex(f"{fp}#{n}")
        self.used[int(unique, 16)] = self.used.get(int(unique, 16), 0) + 1
        return unique

    def _emit(self, issue: dict[str, Any]) -> None:
        self.write(("[\n" if self.count == 0 else ",\n") + json.dumps(issue, ensure_ascii=False))
        self.count += 1

    def add(self, result: FileResult) -> None:
        from ..baseline import fingerprint

        lang = getattr(self.ctx, "lang", "zh")
        path = relative_path(result.path, getattr(self.ctx, "root", None))
        shown = machine_safe(path)
        if result.kind == "error":
            self._emit({"type": "issue", "check_name": "input-error",
                        "description": machine_safe(result.error or "error"),
                        "categories": ["Bug Risk"], "severity": "blocker",
                        "fingerprint": self._unique(_hex(f"input-error\x1f{path}")),
                        "location": {"path": shown, "lines": {"begin": 1}}})
            return
        for n, error in enumerate(result.rule_errors):     # a rule stopped on this file
            self._emit({"type": "issue", "check_name": "rule-error",
                        "description": machine_safe(error),
                        "categories": ["Bug Risk"], "severity": "blocker",
                        "fingerprint": self._unique(_hex(f"rule-error\x1f{path}\x1f{n}")),
                        "location": {"path": shown, "lines": {"begin": 1}}})
        for f, pos in positions(result):
            issue: dict[str, Any] = {
                "type": "issue", "check_name": f.rule,
                "description": machine_safe(f"{f.rule} {f.text_message(lang)}"),
                "categories": [CATEGORIES.get(f.category, DEFAULT_CATEGORY)],
                "severity": SEVERITY.get(f.severity, "major"),
                "fingerprint": self._unique(fingerprint(result, f)),
                "location": {"path": shown, "lines": {"begin": pos.line, "end": pos.end_line}},
            }
            suggestion = f.text_suggestion(lang)
            if suggestion:
                issue["content"] = {"body": machine_safe(suggestion)}
            self._emit(issue)

    def close(self) -> None:
        self.write("[]\n" if self.count == 0 else "\n]\n")


def open_sink(ctx: Any, write: Callable[[str], Any]) -> GitLabSink:
    return GitLabSink(ctx, write)


def render(results: list[FileResult], ctx: Any) -> str:
    from . import render_through

    return render_through(open_sink, results, ctx)
