"""GitHub Actions workflow commands: ``::warning file=…,line=…,col=…::message``."""
from __future__ import annotations

from typing import Any

from ..findings import FileResult
from .ci_common import display_path, positions

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[FileResult], ctx: Any) -> str:
    lines = []
    for result in results:
        path = _prop(display_path(result.path))
        if result.kind == "error":
            lines.append(f"::error file={path}::{_data(result.error or 'error')}")
            continue
        for f, pos in positions(result):
            title = _prop(f"{f.rule} {f.category}")
            lines.append(f"::{LEVEL.get(f.severity, 'warning')} file={path},line={pos.line},col={pos.column},"
                         f"endLine={pos.end_line},endColumn={pos.end_column},title={title}::"
                         f"{_data(f.text_message(ctx.lang))}")
    return "\n".join(lines) + ("\n" if lines else "")
