"""HTML review report: one self-contained page (summary, per-item table, marked-up text).

All document text reaches the page through autoescaped template variables; the
highlighted text is cut into pieces in Python (``review.paragraphs``) and each piece is
escaped by Jinja, so no markup from a scraped notice is ever interpreted.
"""
from __future__ import annotations

from typing import Any

from ..findings import FileResult
from .review import paragraphs, report_view
from .templating import environment


def render(results: list[FileResult], ctx: Any) -> str:
    report = report_view(results, ctx)
    template = environment("html").get_template("report.html")
    return template.render(report=report, lang=report.lang, paragraphs=paragraphs)
