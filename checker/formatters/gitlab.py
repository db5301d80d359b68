"""GitLab code quality report (a JSON array of issues)."""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..findings import FileResult
from .ci_common import display_path, positions

SEVERITY = {"info": "info", "warning": "major", "error": "critical"}


def render(results: list[FileResult], ctx: Any) -> str:
    from ..baseline import fingerprint

    issues = []
    seen: Counter[str] = Counter()
    for result in results:
        path = display_path(result.path)
        if result.kind == "error":
            issues.append({"description": result.error or "error", "check_name": "input-error",
                           "fingerprint": f"error:{path}", "severity": "blocker",
                           "location": {"path": path, "lines": {"begin": 1}}})
            continue
        for f, pos in positions(result):
            fp = fingerprint(result, f)
            seen[fp] += 1
            issues.append({"description": f"{f.rule} {f.text_message(ctx.lang)}", "check_name": f.rule,
                           "fingerprint": f"{fp}-{seen[fp]}", "severity": SEVERITY.get(f.severity, "major"),
                           "categories": [f.category],
                           "location": {"path": path, "lines": {"begin": pos.line, "end": pos.end_line}}})
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
