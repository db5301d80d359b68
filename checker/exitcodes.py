"""Exit status of a check run (DESIGN.md): 0 clean, 1 findings, 2 input/usage errors."""
from __future__ import annotations

from .findings import SEVERITY_RANK, FileResult


def exit_status(results: list[FileResult], fail_on: str, exit_zero: bool) -> int:
    if any(r.kind == "error" or r.rule_errors for r in results):      # a file, or a rule on it, failed
        return 2
    if exit_zero:
        return 0
    threshold = SEVERITY_RANK.get(fail_on, 1)
    for r in results:
        if any(SEVERITY_RANK.get(f.severity, 1) >= threshold for f in r.findings):
            return 1
    return 0
