"""Terminal report (the default format), written file by file as the run streams.

By default each weak item is shown once — its label and problem, one excerpt, and its weak
points with their suggestions under it — then the file's document-level findings, then a line
that scores the notice (``14 项整改中 5 项薄弱：无整改时限 3 · 无责任主体 2``).
``--group-by finding`` (``ctx.options["group_by"]``) keeps one line per finding instead.

Every text taken from a notice or a file name passes through :func:`terminal_safe`, so a
notice cannot drive the terminal; colour codes are only ever added around already-safe text.
Only running totals are kept between files, so memory stays flat on an archive.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..findings import CATEGORIES, FileResult, Finding
from ..sanitize import path_safe, terminal_safe
from ..textpos import position_index
from .labels import category_name, error_reason, severity_name, t
from .review import count_tables
from .templating import environment

_STYLES = {
    "error": "1;31", "warning": "33", "info": "36",
    "path": "1", "rule": "35", "dim": "2", "bold": "1", "fix": "32",
}
QUOTE = 40          # characters of a finding's evidence
ITEM_QUOTE = 60     # characters of an item's problem and rectification
_WS = re.compile(r"\s+")

# Strings only the terminal report uses (the shared ones come from labels.t).
_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "fix": "建议：",
        "weak_items": "薄弱事项",
        "score": "{items} 项整改中 {weak} 项薄弱",
        "score_none": "{items} 项整改均未发现问题",
        "score_document": "全文问题 {n} 个",
        "sep": "：",
        "more": "；",
        "weak_total": "薄弱事项：{weak} / {items}",
        "unreadable": "，其中 {n} 个文件无法检查",
    },
    "en": {
        "fix": "fix: ",
        "weak_items": "weak items",
        "score": "{weak} of {items} items weak",
        "score_none": "none of the {items} items is weak",
        "score_document": "{n} document finding(s)",
        "sep": ": ",
        "more": "; ",
        "weak_total": "weak items: {weak} / {items}",
        "unreadable": "; {n} file(s) could not be checked",
    },
}


def _w(key: str, lang: str, **params: object) -> str:
    text = _WORDS["en" if lang == "en" else "zh"][key]
    return text.format(**params) if params else text


def _painter(color: bool) -> Callable[[object, str], str]:
    def paint(text: object, style: str) -> str:
        code = _STYLES.get(style)
        return f"\x1b[{code}m{text}\x1b[0m" if color and code else str(text)
    return paint


def quote(text: str, limit: int = QUOTE) -> str:
    """One terminal-safe line: whitespace collapsed, cut to ``limit`` characters with …."""
    one = _WS.sub(" ", text).strip()
    if len(one) > limit:
        one = one[: limit - 1] + "…"
    return terminal_safe(one)


@dataclass
class Point:
    """One finding as the terminal shows it (every text already terminal-safe)."""
    rule: str
    severity: str
    severity_name: str
    category: str
    category_name: str
    message: str
    suggestion: str
    quote: str               # the evidence; "" when it is the item's excerpt already shown
    line: int
    column: int
    related: list[tuple[int, str]] = field(default_factory=list)   # (line, quote)


@dataclass
class ItemBlock:
    label: str
    problem: str
    excerpt: str
    line: int
    points: list[Point]


@dataclass
class FileBlock:
    path: str
    kind: str                # notice / not-a-notice / error
    error: str
    reason: str
    item_count: int
    weak_count: int
    items: list[ItemBlock]   # the weak items only
    document: list[Point]    # findings on no item (numbering, contact, counts…)
    points: list[Point]      # every finding in text order (--group-by finding, or a file that is no notice)
    finding_count: int       # findings on the file
    score: str               # the closing line; "" for a file with no items and no findings
    rule_errors: list[str] = field(default_factory=list)   # rules stopped on this file (path not repeated)


def _item_label(item: Any, lang: str) -> str:
    label = _WS.sub(" ", item.label or "").strip()
    if not label:
        return t("item_ref", lang, n=item.index + 1)
    return terminal_safe(label)


def _score(lang: str, items: int, weak: int, by_category: Counter[str], document: int) -> str:
    if items == 0 and document == 0:
        return ""
    if weak:
        cats = " · ".join(f"{category_name(c, lang)} {n}" for c, n in
                          sorted(by_category.items(), key=lambda cn: (-cn[1], _order(cn[0]))))
        line = _w("score", lang, items=items, weak=weak) + _w("sep", lang) + cats
    else:
        line = _w("score_none", lang, items=items) if items else ""
    if document:
        doc = _w("score_document", lang, n=document)
        line = line + _w("more", lang) + doc if line else doc
    return line


def _order(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def file_block(result: FileResult, lang: str, by_finding: bool = False) -> FileBlock:
    """The terminal view of one file. Only the view that is printed is built: the weak items
    and document findings, or with ``by_finding`` (and for a file that is no notice) the
    findings in text order; the counts and the score line either way."""
    text = result.text
    lines = position_index(text, getattr(result, "source_map", None)) if text else None
    notice = result.notice
    items = notice.items if notice is not None and result.kind == "notice" else []
    by_index = {item.index: item for item in items}

    def point(f: Finding, shown: tuple[int, int] | None = None) -> Point:
        line, column = f.line, f.column
        if not line and lines is not None:
            line, column = lines.line_col(min(max(f.start, 0), len(text)))
        evidence = "" if shown == (f.start, f.end) else quote(text[f.start:f.end])
        related = [(lines.line_col(min(s.start, len(text)))[0], quote(s.text(text)))
                   for s in f.related] if lines is not None else []
        return Point(rule=f.rule, severity=f.severity, severity_name=severity_name(f.severity, lang),
                     category=f.category, category_name=category_name(f.category, lang),
                     message=terminal_safe(f.text_message(lang)),
                     suggestion=terminal_safe(f.text_suggestion(lang)),
                     quote=evidence, line=line, column=column, related=related)

    ordered = sorted(result.findings, key=Finding.sort_key)
    per_item: dict[int, list[Finding]] = {}
    document: list[Finding] = []
    for f in ordered:
        if f.item is not None and f.item in by_index:
            per_item.setdefault(f.item, []).append(f)
        else:
            document.append(f)
    blocks: list[ItemBlock] = []
    weak_by_category: Counter[str] = Counter()
    for index in sorted(per_item):
        item = by_index[index]
        shown_span = item.rectification or item.span
        shown = (shown_span.start, shown_span.end)
        found = sorted(per_item[index], key=lambda f: (_order(f.category), f.start, f.end, f.rule))
        weak_by_category.update({f.category for f in found})
        blocks.append(ItemBlock(
            label=_item_label(item, lang),
            problem=quote(notice.slice(item.problem), ITEM_QUOTE) if item.problem else t("no_problem", lang),
            excerpt=quote(notice.slice(shown_span), ITEM_QUOTE),
            line=lines.line_col(min(item.span.start, len(text)))[0] if lines is not None else 0,
            points=[] if by_finding else [point(f, shown) for f in found]))
    in_order = by_finding or result.kind != "notice"
    shown_points = [point(f) for f in ordered
                    if f.category != "not-a-notice" or result.kind == "notice"] if in_order else []
    reason = ""
    if result.kind == "not-a-notice":
        hit = next((f for f in ordered if f.category == "not-a-notice"), None)
        reason = terminal_safe(hit.text_message(lang) if hit else (notice.kind_reason or "") if notice else "")
    return FileBlock(
        path=path_safe(result.path), kind=result.kind,
        error=terminal_safe(error_reason(result.path, result.error)), reason=reason,
        item_count=len(items), weak_count=len(blocks), items=blocks,
        document=[] if by_finding else [point(f) for f in document], points=shown_points,
        finding_count=len(ordered),
        score=_score(lang, len(items), len(blocks), weak_by_category, len(document))
        if result.kind == "notice" else "",
        rule_errors=[terminal_safe(error_reason(result.path, e)) for e in result.rule_errors])


@dataclass
class RunTotals:
    """What the closing summary needs; kept instead of the results."""
    files: int = 0
    items: int = 0
    weak: int = 0
    findings: int = 0
    unreadable: int = 0               # files that could not be checked (kind "error")
    categories: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)

    def add(self, result: FileResult, block: FileBlock) -> None:
        self.files += 1
        self.unreadable += result.kind == "error"
        self.items += block.item_count
        self.weak += block.weak_count
        self.findings += len(result.findings)
        self.categories.update(f.category for f in result.findings)
        self.severities.update(f.severity for f in result.findings)

    def tables(self, lang: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
        """(category, name, n) and (severity, name, n) rows of the summary."""
        return count_tables(self.categories, self.severities, lang)


class TextSink:
    """Writes each file's block as it arrives and the run summary at ``close``."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.lang = "en" if ctx.lang == "en" else "zh"
        self.write = write
        options = getattr(ctx, "options", None) or {}
        self.by_finding = options.get("group_by") == "finding"
        template = environment("text").get_template("text.j2")
        self.macros = template.make_module({
            "lang": self.lang, "paint": _painter(bool(ctx.color)),
            "w": lambda key, **params: _w(key, self.lang, **params)})
        self.totals = RunTotals()

    def add(self, result: FileResult) -> None:
        block = file_block(result, self.lang, self.by_finding)
        self.totals.add(result, block)
        self.write(str(self.macros.file_block(block, self.by_finding)))

    def close(self) -> None:
        totals = self.totals
        self.write(str(self.macros.summary(totals, *totals.tables(self.lang))))


def open_sink(ctx: Any, write: Callable[[str], Any]) -> TextSink:
    return TextSink(ctx, write)


def render(results: list[FileResult], ctx: Any) -> str:
    from . import render_through

    return render_through(open_sink, results, ctx)
