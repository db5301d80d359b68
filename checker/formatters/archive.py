"""HTML reports for an archive: a folder with an index page and one page per file.

Written as the run streams: each file's page is rendered and written (atomically) when its
result arrives, and only one small row per file is kept for the index, written at the end.
So memory stays flat however many notices are checked. The index carries its rows as one
compact JSON blob (escaped for a ``<script>`` element) that a small inline script pages,
sorts and filters: a 10,000-row index opens fast because only one page of rows is ever in
the DOM.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..atomic import atomic_writer
from ..findings import SEVERITY_RANK, FileResult
from ..parse.genre import GENRE_NAMES
from ..repopath import relative_path
from .labels import category_name, severity_name
from .review import FileView, chart_scale, clean, count_tables, paragraphs, report_view
from .templating import environment

PAGES = "files"              # the pages' folder inside an ``-o DIR/`` report
_NAME_BYTES = 150            # longest page file name (bytes, before ``-N.html``): well under 255
_UNSAFE = re.compile(r"[^\w.\-]+")   # \w is Unicode: Chinese names stay readable

# Strings of the archive pages (the single-file report's strings are in labels.py).
LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "index_title": "整改通报审读报告 · 文件目录",
        "back_to_index": "返回文件目录",
        "suggestion": "修改建议：",
        "issuer": "发文单位",
        "genre": "类型",
        "weak_items": "薄弱事项",
        "search": "搜索文件名或发文单位",
        "all_genres": "全部类型",
        "any_category": "任意类别",
        "only_flagged": "只看有问题的文件",
        "rows_shown": "第 {a}–{b} 个，共 {n} 个文件（筛选自 {total} 个）",
        "prev": "上一页",
        "next": "下一页",
        "page_size": "每页",
        "no_rows": "没有符合条件的文件",
        "noscript": "文件目录需要启用 JavaScript；也可直接打开 files 文件夹中的各个页面。",
        "error_files": "无法检查的文件",
        "not_notices": "非整改通报",
        "sort_hint": "点击表头排序",
    },
    "en": {
        "index_title": "Rectification notice review · file index",
        "back_to_index": "back to the file index",
        "suggestion": "Suggestion: ",
        "issuer": "Issuer",
        "genre": "Genre",
        "weak_items": "Weak items",
        "search": "search file name or issuer",
        "all_genres": "all genres",
        "any_category": "any category",
        "only_flagged": "only files with findings",
        "rows_shown": "{a}–{b} of {n} files (filtered from {total})",
        "prev": "previous",
        "next": "next",
        "page_size": "per page",
        "no_rows": "no file matches",
        "noscript": "The file index needs JavaScript; the pages in the files folder open without it.",
        "error_files": "files that could not be checked",
        "not_notices": "not notices",
        "sort_hint": "click a column heading to sort",
    },
}


def tr(key: str, lang: str = "zh", **params: object) -> str:
    """An archive-page string in ``lang`` (Chinese when missing)."""
    text = LABELS["en" if lang == "en" else "zh"].get(key) or LABELS["zh"].get(key) or key
    return text.format(**params) if params else text


def page_name(path: str, root: Path | None, used: set[str]) -> str:
    """A safe, unique page file name (``…​.html``) for the file at ``path``.

    Derived from the path relative to ``root``: the folders joined by ``__``, anything but
    letters, digits, ``.``, ``-`` and ``_`` replaced (so ``..``, ``/``, ``<`` and controls
    cannot leave the folder or reach the markup), cut to a safe length keeping the end (the
    file's own name), and numbered ``-2``, ``-3`` … when a name is taken (compared without case,
    for case-insensitive file systems). ``used`` collects the names given so far.
    """
    rel = relative_path(path, root) if path != "-" else "stdin"
    parts = [p for p in PurePosixPath(rel.replace("\\", "/")).parts if p not in ("/", ".", "..", "")]
    stem = "__".join(_UNSAFE.sub("_", unicodedata.normalize("NFC", p)).strip("._") for p in parts)
    stem = stem.strip("._") or "file"
    while len(stem.encode("utf-8")) > _NAME_BYTES:
        stem = stem[1:]
    stem = stem.lstrip("._-") or "file"
    name, n = stem, 1
    while name.lower() in used or name.lower() == "index":
        n += 1
        name = f"{stem}-{n}"
    used.add(name.lower())
    return name + ".html"


def script_json(value: Any) -> Markup:
    """``value`` as compact JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&``,
    quote or line separator left raw), so no notice text can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return Markup(text)


def _genre_name(result: FileResult, lang: str) -> str:
    genre = result.notice.genre if result.notice is not None else None
    if not genre:
        return ""
    names = GENRE_NAMES.get(genre)
    return (names[1] if lang == "en" else names[0]) if names else genre


def index_row(fv: FileView, href: str, lang: str) -> list[Any]:
    """One compact row of the index (a list; its order is the ``COL`` map of index.html)."""
    result = fv.result
    issuer = (result.notice.issuer or "") if result.notice is not None else ""
    highest = max((f.severity for f in fv.findings), key=lambda s: SEVERITY_RANK.get(s, -1), default="")
    return [fv.path, href, clean(issuer),
            _genre_name(result, lang), fv.kind, fv.item_count, fv.flagged_items, fv.finding_count,
            highest, {cat: n for cat, _, n in fv.by_category}, fv.error or " ".join(fv.rule_errors) or fv.reason or ""]


class ArchiveSink:
    """Writes one page per result into ``pages_dir`` as results arrive; the index at ``close``.

    ``index_write`` writes the index (the ``-o FILE.html`` case, through the CLI's atomic
    writer); without it the index goes atomically to ``index_path``. ``href_base`` is the pages'
    folder as seen from the index, ``back_href`` the index as seen from a page.
    """

    def __init__(self, ctx: Any, pages_dir: Path, href_base: str, back_href: str,
                 index_path: Path | None = None, index_write: Callable[[str], Any] | None = None) -> None:
        self.ctx = ctx
        self.lang = "en" if ctx.lang == "en" else "zh"
        self.pages_dir = pages_dir
        self.href_base, self.back_href = href_base, back_href
        self.index_path, self.index_write = index_path, index_write
        self.used: set[str] = set()
        self.rows: list[list[Any]] = []
        self.categories: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()
        self.items = 0
        self.page = environment("html").get_template("report.html")
        pages_dir.mkdir(exist_ok=True)

    def add(self, result: FileResult) -> None:
        name = page_name(result.path, getattr(self.ctx, "root", None), self.used)
        report = report_view([result], self.ctx)
        page = self.page.render(report=report, lang=report.lang, paragraphs=paragraphs,
                                index_href=self.back_href, tr=tr)
        with atomic_writer(self.pages_dir / name, sync=False) as fh:
            fh.write(page)
        fv = report.files[0]
        self.rows.append(index_row(fv, f"{self.href_base}/{quote(name)}", self.lang))
        self.items += fv.item_count
        for f in fv.findings:
            self.categories[f.category] += 1
            self.severities[f.severity] += 1

    def close(self) -> None:
        text = render_index(self.rows, self.categories, self.severities, self.items, self.ctx)
        if self.index_write is not None:
            self.index_write(text)
        else:
            assert self.index_path is not None
            with atomic_writer(self.index_path) as fh:
                fh.write(text)


def render_index(rows: list[list[Any]], categories: Counter[str], severities: Counter[str], items: int,
                 ctx: Any) -> str:
    lang = "en" if ctx.lang == "en" else "zh"
    by_cat, by_sev = count_tables(categories, severities, lang)
    max_category, chart_label_width = chart_scale(by_cat)
    kinds = Counter(row[4] for row in rows)
    genres = sorted({row[3] for row in rows if row[3]})
    template = environment("html").get_template("index.html")
    return template.render(
        lang=lang, version=getattr(ctx, "version", "") or "", tr=tr,
        total_files=len(rows), total_items=items, total_findings=sum(categories.values()),
        errors=kinds.get("error", 0), not_notices=kinds.get("not-a-notice", 0),
        by_category=by_cat, by_severity=by_sev, max_category=max_category,
        chart_label_width=chart_label_width, genres=genres,
        columns=[(c, name) for c, name, _ in by_cat],
        severity_names={s: severity_name(s, lang) for s in SEVERITY_RANK},
        kind_names={"error": tr("error_files", lang), "not-a-notice": category_name("not-a-notice", lang)},
        rows_json=script_json(rows))
