"""Inline suppression comments and per-path ignores.

In text, Markdown and HTML sources:

    <!-- zgcheck: disable=ZG101,vague -->   … findings starting here are suppressed …
    <!-- zgcheck: enable=ZG101 -->           (or plain ``enable`` for all)
    <!-- zgcheck: disable-next-line=ZG104 -->
    <!-- zgcheck: disable-file -->           (or a line ``zgcheck: disable-file``)

Rules are named by id, name, category or the category's label as findings show it
(``无整改时限``, ``以学代改`` …), separated by ``,`` ``，`` or ``、``; no list means every rule.
In an ``.html`` source the same HTML comments work. A directive that suppresses nothing,
and a name no rule has, are recorded with their line in ``FileResult.suppression_notes``.
"""
from __future__ import annotations

import fnmatch
import re
from pathlib import PurePosixPath

from .findings import FileResult, Finding

_DIRECTIVE = re.compile(r"(?:<!--\s*)?zgcheck:\s*(disable-file|disable-next-line|disable|enable)"
                        r"(?:\s*=\s*([\w,，、\s-]+?))?\s*(?:-->|$)", re.MULTILINE)
_SEPARATOR = re.compile(r"[,，、]")


def _matches(f: Finding, refs: set[str] | None) -> bool:
    return refs is None or bool({f.rule, f.name, f.category} & refs)


def _refs(listed: str | None) -> set[str] | None:
    from .engine.explain import canonical_ref

    if not listed:
        return None
    return {canonical_ref(r) for r in _SEPARATOR.split(listed) if r.strip()}


def apply_suppressions(result: FileResult, known: set[str] | None = None, index=None) -> None:
    """Drop the findings the file's directives suppress. ``known``: every rule reference the
    rule set knows (a directive naming anything else is noted as unknown); ``index``: what
    gives a text offset's line in the file (``textpos.position_index``)."""
    text = result.text
    if "zgcheck:" not in text:
        return
    from .textpos import LineIndex

    index = index if index is not None else LineIndex(text)
    directives = []
    naming_unknown: set[int] = set()
    for m in _DIRECTIVE.finditer(text):
        refs = _refs(m.group(2))
        for ref in sorted(refs - known) if refs and known is not None else ():
            result.suppression_notes.append(("unknown", index.line_col(m.start())[0], ref))
            naming_unknown.add(len(directives))
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
    for k, ((kind, _, s, e), u) in enumerate(zip(directives, used)):
        if not u and kind != "enable":
            if k not in naming_unknown:
                result.suppression_notes.append(("unused", index.line_col(s)[0], ""))
    result.suppression_notes.sort(key=lambda note: note[1])


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
