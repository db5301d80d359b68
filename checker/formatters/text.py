"""Terminal report (the default format): findings grouped by file, then a summary."""
from __future__ import annotations

from typing import Any

from ..findings import FileResult
from .review import report_view
from .templating import environment

_STYLES = {
    "error": "1;31", "warning": "33", "info": "36",
    "path": "1", "rule": "35", "dim": "2", "bold": "1",
}


def _painter(color: bool):
    def paint(text: object, style: str) -> str:
        code = _STYLES.get(style)
        return f"\x1b[{code}m{text}\x1b[0m" if color and code else str(text)
    return paint


def render(results: list[FileResult], ctx: Any) -> str:
    report = report_view(results, ctx)
    template = environment("text").get_template("text.j2")
    return template.render(report=report, lang=report.lang, paint=_painter(bool(ctx.color)))
