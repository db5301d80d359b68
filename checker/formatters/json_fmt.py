"""The JSON contract of DESIGN.md — stable; other tools score it."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from ..findings import FileResult, Finding
from . import RenderContext


def _span(span) -> dict[str, int] | None:
    return None if span is None else {"start": span.start, "end": span.end}


def finding_to_dict(f: Finding, lang: str) -> dict[str, Any]:
    return {"rule": f.rule, "category": f.category, "severity": f.severity, "item": f.item,
            "start": f.start, "end": f.end, "line": f.line, "column": f.column,
            "message": f.text_message(lang), "suggestion": f.text_suggestion(lang)}


def file_to_dict(result: FileResult, lang: str = "zh") -> dict[str, Any]:
    notice = result.notice
    items: list[dict[str, Any]] = []
    if notice is not None:
        groups = notice.groups
        for item in notice.items:
            items.append({
                "index": item.index,
                "label": item.label,
                "group": groups[item.group].title if item.group is not None else None,
                "problem": _span(item.problem),
                "rectification": _span(item.rectification),
                "fields": {name: _span(span) for name, span in item.fields.items()},
            })
    return {
        "path": result.path,
        "kind": result.kind,
        "encoding": result.encoding,
        "error": result.error,
        "rule_errors": list(result.rule_errors),      # added key: rules stopped on this file
        "issuer": notice.issuer if notice is not None else None,
        "genre": notice.genre if notice is not None and result.kind == "notice" else None,
        "items": items,
        "findings": [finding_to_dict(f, lang) for f in result.findings],
    }


def render_file(result: FileResult, lang: str = "zh") -> str:
    """One file's object of the contract, as JSON text (a worker may render it ahead)."""
    if result.rendered is not None:
        return result.rendered
    return json.dumps(file_to_dict(result, lang), ensure_ascii=False)


class Summary:
    def __init__(self) -> None:
        self.files = self.items = self.findings = 0
        self.by_category: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.items += len(result.notice.items) if result.notice else result.rendered_items
        self.findings += len(result.findings)
        self.by_category.update(f.category for f in result.findings)
        self.by_severity.update(f.severity for f in result.findings)

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "items": self.items, "findings": self.findings,
                "by_category": dict(sorted(self.by_category.items())),
                "by_severity": dict(sorted(self.by_severity.items()))}


class JsonSink:
    """The contract one file at a time: nothing but the summary is kept in memory."""

    def __init__(self, ctx: RenderContext, write: Callable[[str], Any]) -> None:
        self.lang, self.write = ctx.lang, write
        self.summary = Summary()
        # "generator" first: a later run recognises the report by its first bytes (checker.reportmark)
        write('{"generator": "zgcheck", "version": %s, "files": [' % json.dumps(ctx.version))

    def add(self, result: FileResult) -> None:
        first = self.summary.files == 0
        self.summary.add(result)
        self.write(("" if first else ",") + "\n  " + render_file(result, self.lang))

    def close(self) -> None:
        self.write('\n], "summary": %s}\n' % json.dumps(self.summary.to_dict(), ensure_ascii=False))


def open_sink(ctx: RenderContext, write: Callable[[str], Any]) -> JsonSink:
    return JsonSink(ctx, write)


def stream(results: Iterable[FileResult], ctx: RenderContext, write: Callable[[str], Any]) -> Summary:
    """Write the contract one file at a time (nothing but the summary is kept in memory)."""
    sink = JsonSink(ctx, write)
    for result in results:
        sink.add(result)
    sink.close()
    return sink.summary


def render(results: list[FileResult], ctx: RenderContext) -> str:
    parts: list[str] = []
    stream(results, ctx, parts.append)
    return "".join(parts)
