"""JUnit XML: one testcase per file, one <failure> per finding at or above fail-on (others in system-out)."""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..findings import SEVERITY_RANK, FileResult
from .ci_common import display_path, positions


def render(results: list[FileResult], ctx: Any) -> str:
    threshold = SEVERITY_RANK.get((ctx.options or {}).get("fail_on", "warning"), 1)
    cases = []
    failures = errors = 0
    for result in results:
        name = quoteattr(display_path(result.path))
        if result.kind == "error":
            errors += 1
            cases.append(f'  <testcase classname="zgcheck" name={name}>\n'
                         f'    <error message={quoteattr(result.error or "error")}/>\n  </testcase>')
            continue
        body, other = [], []
        for f, pos in positions(result):
            text = f"{display_path(result.path)}:{pos.line}:{pos.column} {f.rule} {f.severity} {f.text_message(ctx.lang)}"
            if SEVERITY_RANK.get(f.severity, 1) >= threshold:
                failures += 1
                body.append(f"    <failure type={quoteattr(f.rule)} message={quoteattr(f.text_message(ctx.lang))}>"
                            f"{escape(text)}</failure>")
            else:
                other.append(escape(text))
        if other:
            body.append("    <system-out>" + "\n".join(other) + "</system-out>")
        cases.append(f'  <testcase classname="zgcheck" name={name}>' + ("\n" + "\n".join(body) + "\n  " if body else "")
                     + "</testcase>")
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="zgcheck" tests="{len(results)}" '
            f'failures="{failures}" errors="{errors}">')
    return head + "\n" + "\n".join(cases) + "\n</testsuite>\n"
