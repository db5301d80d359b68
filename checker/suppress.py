"""Inline suppression comments and per-path ignores.

In text, Markdown and HTML sources:

    <!-- zgcheck: disable=ZG101,vague -->   … findings starting here are suppressed …
    <!-- zgcheck: enable=ZG101 -->           (or plain ``enable`` for all)
    <!-- zgcheck: disable-next-line=ZG104 -->
    <!-- zgcheck: disable-file -->           (or a line ``zgcheck: disable-file``)

Rules are named by id, name or category; no list means every rule. A directive that
suppresses nothing is recorded in ``FileResult.unused_suppressions``.
"""
from __future__ import annotations

import fnmatch
import re
from pathlib import PurePosixPath

from .findings import FileResult, Finding
from .model import Span

_DIRECTIVE = re.compile(r"(?:<!--\s*)?zgcheck:\s*(disable-file|disable-next-line|disable|enable)"
                        r"(?:\s*=\s*([\w,\s-]+?))?\s*(?:-->|$)", re.MULTILINE)


def _matches(f: Finding, refs: set[str] | None) -> bool:
    return refs is None or bool({f.rule, f.name, f.category} & refs)


def apply_suppressions(result: FileResult) -> None:
    text = result.text
    if "zgcheck:" not in text:
        return
    directives = []
    for m in _DIRECTIVE.finditer(text):
        refs = {r.strip() for r in m.group(2).split(",") if r.strip()} if m.group(2) else None
        directives.append((m.group(1), refs, m.start(), m.end()))
    used = [False] * len(directives)
    keep: list[Finding] = []
    for f in result.findings:
        suppressed_by = None
        state: dict[str, int | None] = {}
        for k, (kind, refs, start, end) in enumerate(directives):
            if kind == "disable-file" and _matches(f, refs):
                suppressed_by = k
                break
            if kind == "disable-next-line":
                line_end = text.find("\n", end)
                next_end = text.find("\n", line_end + 1) if line_end >= 0 else -1
                lo, hi = line_end + 1, (len(text) if next_end < 0 else next_end)
                if line_end >= 0 and lo <= f.start < hi and _matches(f, refs):
                    suppressed_by = k
                    break
            if start > f.start:
                continue
            if kind == "disable" and _matches(f, refs):
                state["on"] = k
            elif kind == "enable" and (refs is None or _matches(f, refs)):
                state["on"] = None
        if suppressed_by is None and state.get("on") is not None:
            suppressed_by = state["on"]
        if suppressed_by is None:
            keep.append(f)
        else:
            used[suppressed_by] = True
            result.suppressed.append(f)
    result.findings = keep
    result.unused_suppressions.extend(Span(s, e) for (kind, _, s, e), u in zip(directives, used)
                                      if not u and kind != "enable")


def apply_per_path_ignores(result: FileResult, settings) -> None:
    if not settings.per_path_ignores:
        return
    path = PurePosixPath(result.path.replace("\\", "/"))
    refs: set[str] = set()
    for glob, names in settings.per_path_ignores.items():
        if fnmatch.fnmatch(str(path), glob) or path.match(glob):
            refs.update(names)
    if not refs:
        return
    keep = []
    for f in result.findings:
        (result.suppressed if _matches(f, refs) else keep).append(f)
    result.findings = keep
