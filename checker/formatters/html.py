"""HTML review report: one self-contained page (summary, per-item table, marked-up text).

All document text reaches the page through autoescaped template variables; the
highlighted text is cut into pieces in Python (``review.paragraphs``) and each piece is
escaped by Jinja, so no markup from a scraped notice is ever interpreted.

How a run is written (``open_sink``; ``ctx.options`` is filled by the CLI):

- ``html_dir`` set (``-o DIR/``, or ``-o`` naming an existing folder): an archive folder,
  ``DIR/index.html`` and one page per file in ``DIR/files/`` (see ``archive``).
- more than ``FOLDER_THRESHOLD`` files and ``-o FILE.html``: the same, with the index at
  ``FILE.html`` and the pages in ``FILE_files/`` beside it.
- more than ``FOLDER_THRESHOLD`` files to stdout: still one page, streamed file by file
  (the summary is written last and shown first by the page's script).
- otherwise (a few files): today's single page, rendered at the end.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..findings import ITEM_CATEGORIES, FileResult
from .archive import PAGES, ArchiveSink, tr
from .labels import category_name
from .review import chart_scale, count_tables, file_view, paragraphs, report_view
from .templating import environment

FOLDER_THRESHOLD = 20    # more files than this: a folder (with -o) or a streamed page (stdout)


def render(results: list[FileResult], ctx: Any) -> str:
    report = report_view(results, ctx)
    template = environment("html").get_template("report.html")
    return template.render(report=report, lang=report.lang, paragraphs=paragraphs, index_href="", tr=tr)


def pages_folder(index: Path) -> Path:
    """Where the pages of an archive whose index is the file ``index`` go: ``NAME_files/``."""
    return index.with_name(f"{index.stem}_files")


def open_sink(ctx: Any, write: Callable[[str], Any]) -> Any:
    options = getattr(ctx, "options", None) or {}
    folder = options.get("html_dir")
    if folder:
        root = Path(folder)
        return ArchiveSink(ctx, root / PAGES, PAGES, "../index.html", index_path=root / "index.html")
    count = options.get("files")
    if count is not None and count > FOLDER_THRESHOLD:
        path = options.get("html_path")
        if path:
            index = Path(path)
            pages = pages_folder(index)
            return ArchiveSink(ctx, pages, quote(pages.name), f"../{quote(index.name)}", index_write=write)
        return StreamedPage(ctx, write)
    return _SinglePage(ctx, write)


class _SinglePage:
    """A few files: keep them and render today's page at the end."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write
        self.results: list[FileResult] = []

    def add(self, result: FileResult) -> None:
        self.results.append(result)

    def close(self) -> None:
        report = report_view(self.results, self.ctx)
        template = environment("html").get_template("report.html")
        for chunk in template.generate(report=report, lang=report.lang, paragraphs=paragraphs, index_href="",
                                       tr=tr):
            self.write(chunk)       # never the whole page as one string


@dataclass(slots=True)
class _IndexEntry:
    """What the page's file index keeps of a file written already."""
    anchor: str
    path: str
    kind: str
    item_count: int
    flagged_items: int
    finding_count: int


@dataclass
class _StreamSummary:
    """The report-level figures of ``_report_summary.html``, gathered as the files stream."""
    lang: str
    version: str
    item_categories: list[tuple[str, str]]
    files: list[_IndexEntry] = field(default_factory=list)
    categories: Counter = field(default_factory=Counter)
    severities: Counter = field(default_factory=Counter)
    total_items: int = 0
    by_category: list[tuple[str, str, int]] = field(default_factory=list)
    by_severity: list[tuple[str, str, int]] = field(default_factory=list)
    max_category: int = 0
    chart_label_width: int = 128

    @property
    def total_files(self) -> int:
        return len(self.files)

    @property
    def total_findings(self) -> int:
        return sum(self.categories.values())

    @property
    def categories_present(self) -> list[tuple[str, str]]:
        return [(c, name) for c, name, _ in self.by_category]

    @property
    def severities_present(self) -> list[tuple[str, str]]:
        return [(s, name) for s, name, _ in self.by_severity]

    def finish(self) -> None:
        self.by_category, self.by_severity = count_tables(self.categories, self.severities, self.lang)
        self.max_category, self.chart_label_width = chart_scale(self.by_category)


class StreamedPage:
    """Many files to stdout: one page written file by file, the summary and index last."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write
        lang = "en" if ctx.lang == "en" else "zh"
        self.report = _StreamSummary(lang=lang, version=ctx.version or "",
                                     item_categories=[(c, category_name(c, lang)) for c in ITEM_CATEGORIES])
        env = environment("html")
        self.section = env.get_template("_report_file.html")
        self._emit(env.get_template("_report_head.html"))

    def _emit(self, template: Any, **extra: Any) -> None:
        for chunk in template.generate(report=self.report, lang=self.report.lang, paragraphs=paragraphs,
                                       index_href="", tr=tr, **extra):
            self.write(chunk)

    def add(self, result: FileResult) -> None:
        fv = file_view(result, len(self.report.files), self.ctx)
        self._emit(self.section, fv=fv)
        self.report.files.append(_IndexEntry(fv.anchor, fv.path, fv.kind, fv.item_count, fv.flagged_items,
                                             fv.finding_count))
        self.report.total_items += fv.item_count
        for f in fv.findings:
            self.report.categories[f.category] += 1
            self.report.severities[f.severity] += 1

    def close(self) -> None:
        self.report.finish()
        env = environment("html")
        self._emit(env.get_template("_report_summary.html"))
        self._emit(env.get_template("_report_tail.html"))
