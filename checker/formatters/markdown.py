"""Markdown report (PR comment, wiki): the summary and the per-item table of the HTML report."""
from __future__ import annotations

import re
from typing import Any

from ..findings import FileResult, Finding
from .review import report_view
from .templating import environment

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def mdcell(value: object) -> str:
    """Escape text for a Markdown table cell: no markup, no pipes, one line."""
    text = " ".join(str(value or "").split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def suggestions(results: list[FileResult], lang: str) -> dict[str, str]:
    """Each finding's suggestion by its view id (``f{file}-{n}``, numbered as review.report_view does)."""
    out: dict[str, str] = {}
    for fi, result in enumerate(results):
        for n, f in enumerate(sorted(result.findings, key=Finding.sort_key), start=1):
            text = f.text_suggestion(lang)
            if text:
                out[f"f{fi}-{n}"] = text
    return out


def render(results: list[FileResult], ctx: Any) -> str:
    report = report_view(results, ctx)
    env = environment("text")
    env.filters.setdefault("mdcell", mdcell)
    return env.get_template("report.md.j2").render(report=report, suggestions=suggestions(results, report.lang))
