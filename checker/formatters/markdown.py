"""Markdown report (PR comment, wiki): the summary and the per-item table of the HTML report.

It streams: each file's section is rendered as its result arrives and spooled to an unnamed
temporary file (nothing is left behind if the run is killed); the summary, which needs the
totals, is written first at the end, then the sections are copied after it.
"""
from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from ..findings import ITEM_CATEGORIES, FileResult, Finding
from ..sanitize import machine_safe
from .labels import category_name
from .review import count_tables, file_view
from .templating import environment

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def mdcell(value: object) -> str:
    """Escape text for a Markdown table cell: no markup, no pipes, one line, no control characters."""
    text = machine_safe(" ".join(str(value or "").split()))
    return _MD_SPECIAL.sub(r"\\\1", text)


def suggestions(result: FileResult, fi: int, lang: str) -> dict[str, str]:
    """Each finding's suggestion by its view id (``f{file}-{n}``, numbered as review.file_view does)."""
    out: dict[str, str] = {}
    for n, f in enumerate(sorted(result.findings, key=Finding.sort_key), start=1):
        text = f.text_suggestion(lang)
        if text:
            out[f"f{fi}-{n}"] = text
    return out


class MarkdownSink:
    """The Markdown report, one file at a time (see the module docstring)."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write
        self.lang = "en" if ctx.lang == "en" else "zh"
        self.env = environment("text")
        self.env.filters.setdefault("mdcell", mdcell)
        self.section = self.env.get_template("_md_file.j2")
        self.report = SimpleNamespace(lang=self.lang,
                                      item_categories=[(c, category_name(c, self.lang)) for c in ITEM_CATEGORIES])
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")
        self.files = self.items = self.findings = self.unreadable = 0
        self.categories: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()

    def add(self, result: FileResult) -> None:
        fi = self.files
        fv = file_view(result, fi, self.ctx)
        self.files += 1
        self.unreadable += result.kind == "error"
        self.items += fv.item_count
        self.findings += len(fv.findings)
        self.categories.update(f.category for f in fv.findings)
        self.severities.update(f.severity for f in fv.findings)
        self.spool.write(self.section.render(report=self.report, fv=fv,
                                             suggestions=suggestions(result, fi, self.lang)))

    def close(self) -> None:
        by_cat, _by_sev = count_tables(self.categories, self.severities, self.lang)
        summary = SimpleNamespace(lang=self.lang, total_files=self.files, total_items=self.items,
                                  total_findings=self.findings, unreadable=self.unreadable, by_category=by_cat)
        self.write(self.env.get_template("report.md.j2").render(report=summary))
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 16):
            self.write(chunk)
        self.spool.close()


def open_sink(ctx: Any, write: Callable[[str], Any]) -> MarkdownSink:
    return MarkdownSink(ctx, write)


def render(results: list[FileResult], ctx: Any) -> str:
    from . import render_through

    return render_through(open_sink, results, ctx)


__all__ = ["mdcell", "open_sink", "render", "suggestions"]
