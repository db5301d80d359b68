"""The review model shared by the human formats (text, markdown, html).

Turns ``FileResult``s into plain view objects — labels resolved into the chosen
language, findings sorted and numbered, one row per item with a ✓/✗ cell per item
category, the text cut into pieces at finding boundaries for highlighting — so the
templates only lay things out and never compute or touch raw markup.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..findings import CATEGORIES, ITEM_CATEGORIES, SEVERITY_RANK, FileResult, Finding
from ..textpos import position_index
from .labels import category_name, error_reason, severity_name, t

EXCERPT = 40
_WS = re.compile(r"\s+")
# C0/C1 controls except tab/newline (terminal escape sequences in scraped text) and bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Text without control characters (a notice must not drive the terminal)."""
    return _CONTROL.sub("\ufffd", text)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """One-line excerpt: whitespace collapsed, cut to ``limit`` characters with …."""
    one = clean(_WS.sub(" ", text).strip())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def rule_meta(ruleset: Any, rule_id: str) -> Any:
    """The rule's metadata from ``ctx.ruleset``, or None (no ruleset, unknown rule)."""
    if ruleset is None:
        return None
    try:
        getter = getattr(ruleset, "get", None)
        if getter is not None:
            return getter(rule_id)
        return ruleset.rules.get(rule_id)  # pragma: no cover - older RuleSet shape
    except (KeyError, AttributeError, TypeError):
        return None


def _meta_text(meta: Any, attr: str, lang: str) -> str:
    if meta is None:
        return ""
    if lang == "en":
        value = getattr(meta, f"{attr}_en", "") or ""
        if value:
            return str(value)
    return str(getattr(meta, attr, "") or "")


@dataclass
class FindingView:
    id: str                  # HTML anchor, unique in the report
    number: int              # 1-based within its file
    rule: str
    name: str
    category: str
    category_name: str
    severity: str
    severity_name: str
    message: str
    description: str
    line: int
    column: int
    start: int
    end: int
    evidence: str            # full evidence text (control characters replaced)
    quote: str               # one-line excerpt of the evidence
    item: int | None
    item_label: str
    item_anchor: str
    related: list[tuple[int, str]] = field(default_factory=list)   # (line, quote)
    suggestion: str = ""     # how to fix it (empty when the rule gives none)

    @property
    def tag(self) -> str:
        """``[ZG101 无整改时限]``-style prefix used by Word comments and tooltips."""
        return f"[{self.rule} {self.category_name}]"


@dataclass
class Cell:
    category: str
    name: str
    flagged: bool
    severity: str | None
    tip: str                 # messages of the cell's findings, for a tooltip
    findings: list[FindingView] = field(default_factory=list)


@dataclass
class ItemRow:
    index: int
    anchor: str
    label: str
    group: str
    problem: str
    rectification: str
    line: int
    cells: list[Cell]
    findings: list[FindingView]
    highest: str | None
    highest_name: str


@dataclass
class Piece:
    text: str
    fids: list[str]          # findings whose evidence covers this piece
    categories: list[str]
    severity: str | None     # highest of them
    point: bool = False      # zero-width finding marker
    starts: list[FindingView] = field(default_factory=list)   # findings whose evidence begins here


@dataclass
class Paragraph:
    line: int
    pieces: list[Piece]
    notes: list[FindingView]


@dataclass
class FileView:
    index: int
    anchor: str
    path: str
    kind: str
    error: str | None
    encoding: str | None
    reason: str
    items: list[ItemRow]
    findings: list[FindingView]
    document_findings: list[FindingView]
    by_category: list[tuple[str, str, int]]
    by_severity: list[tuple[str, str, int]]
    suppressed: int
    result: FileResult
    rule_errors: list[str] = field(default_factory=list)   # rules stopped on this file (path not repeated)

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def flagged_items(self) -> int:
        return sum(1 for row in self.items if row.findings)

    @property
    def finding_count(self) -> int:
        return len(self.findings)


@dataclass
class ReportView:
    lang: str
    version: str
    files: list[FileView]
    item_categories: list[tuple[str, str]]
    total_files: int
    total_items: int
    total_findings: int
    by_category: list[tuple[str, str, int]]
    by_severity: list[tuple[str, str, int]]
    max_category: int
    categories_present: list[tuple[str, str]]
    severities_present: list[tuple[str, str]]
    chart_label_width: int = 128


def _highest(severities: list[str]) -> str | None:
    return max(severities, key=lambda s: SEVERITY_RANK.get(s, -1)) if severities else None


def _count(findings: list[Finding] | list[FindingView], lang: str
           ) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    return count_tables(Counter(f.category for f in findings), Counter(f.severity for f in findings), lang)


def count_tables(cats: Counter, sevs: Counter, lang: str
                 ) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(category, name, n) and (severity, name, n) rows, in the report's order."""
    order = list(CATEGORIES) + sorted(c for c in cats if c not in CATEGORIES)
    by_cat = [(c, category_name(c, lang), cats[c]) for c in order if cats.get(c)]
    sev_order = sorted(sevs, key=lambda s: -SEVERITY_RANK.get(s, -1))
    by_sev = [(s, severity_name(s, lang), sevs[s]) for s in sev_order]
    return by_cat, by_sev


def _item_label(result: FileResult, index: int | None, lang: str) -> str:
    if index is None or result.notice is None or not 0 <= index < len(result.notice.items):
        return ""
    item = result.notice.items[index]
    return clean(item.label.strip()) if item.label else t("item_ref", lang, n=index + 1)


def _finding_views(result: FileResult, fi: int, ctx: Any) -> list[FindingView]:
    lang = ctx.lang
    text = result.text
    lines = position_index(text, result.source_map)
    views: list[FindingView] = []
    for n, f in enumerate(sorted(result.findings, key=Finding.sort_key), start=1):
        meta = rule_meta(ctx.ruleset, f.rule)
        line, col = (f.line, f.column) if f.line else lines.line_col(min(max(f.start, 0), len(text)))
        related = [(lines.line_col(min(s.start, len(text)))[0], excerpt(s.text(text)))
                   for s in f.related]
        views.append(FindingView(
            id=f"f{fi}-{n}", number=n, rule=f.rule,
            name=f.name or str(getattr(meta, "name", "") or ""),
            category=f.category, category_name=category_name(f.category, lang),
            severity=f.severity, severity_name=severity_name(f.severity, lang),
            message=clean(f.text_message(lang) or _meta_text(meta, "message", lang)),
            description=clean(_meta_text(meta, "description", lang)),
            line=line, column=col, start=f.start, end=f.end,
            evidence=clean(text[f.start:f.end]), quote=excerpt(text[f.start:f.end]),
            item=f.item, item_label=_item_label(result, f.item, lang),
            item_anchor=f"i{fi}-{f.item}" if f.item is not None else "",
            related=related, suggestion=clean(f.text_suggestion(lang) or ""),
        ))
    return views


def _item_rows(result: FileResult, fi: int, findings: list[FindingView], lang: str) -> list[ItemRow]:
    notice = result.notice
    if notice is None or result.kind != "notice":
        return []
    text = notice.text
    lines = position_index(text, result.source_map)
    rows: list[ItemRow] = []
    by_item: dict[int, list[FindingView]] = {}
    for f in findings:
        if f.item is not None:
            by_item.setdefault(f.item, []).append(f)
    for item in notice.items:
        mine = by_item.get(item.index, [])
        cells = []
        for cat in ITEM_CATEGORIES:
            hits = [f for f in mine if f.category == cat]
            cells.append(Cell(cat, category_name(cat, lang), bool(hits),
                              _highest([f.severity for f in hits]),
                              "\n".join(f"{f.rule}: {f.message}" for f in hits), hits))
        highest = _highest([f.severity for f in mine])
        group = ""
        if item.group is not None and 0 <= item.group < len(notice.groups):
            group = excerpt(notice.groups[item.group].title, 60)
        rows.append(ItemRow(
            index=item.index, anchor=f"i{fi}-{item.index}",
            label=_item_label(result, item.index, lang), group=group,
            problem=excerpt(notice.slice(item.problem), 60) if item.problem else "",
            rectification=excerpt(notice.slice(item.rectification), 60),
            line=lines.line_col(min(item.span.start, len(text)))[0],
            cells=cells, findings=mine, highest=highest,
            highest_name=severity_name(highest, lang) if highest else "",
        ))
    return rows


def file_view(result: FileResult, fi: int, ctx: Any) -> FileView:
    lang = ctx.lang
    findings = _finding_views(result, fi, ctx)
    items = _item_rows(result, fi, findings, lang)
    known = {row.index for row in items}
    document = [f for f in findings if f.item is None or f.item not in known]
    reason = ""
    if result.kind == "not-a-notice":
        hit = next((f for f in findings if f.category == "not-a-notice"), None)
        notice_reason = result.notice.kind_reason if result.notice else None
        reason = clean(hit.message if hit else (notice_reason or ""))
    by_cat, by_sev = _count(findings, lang)
    return FileView(
        index=fi, anchor=f"file-{fi}", path=clean(result.path), kind=result.kind,
        error=clean(error_reason(result.path, result.error)) if result.error else None, encoding=result.encoding,
        reason=reason, items=items, findings=findings, document_findings=document,
        by_category=by_cat, by_severity=by_sev, suppressed=len(result.suppressed),
        result=result, rule_errors=[clean(error_reason(result.path, e)) for e in result.rule_errors],
    )


def report_view(results: list[FileResult], ctx: Any) -> ReportView:
    lang = "en" if ctx.lang == "en" else "zh"
    files = [file_view(r, i, ctx) for i, r in enumerate(results)]
    every = [f for fv in files for f in fv.findings]
    by_cat, by_sev = _count(every, lang)
    max_category, chart_label_width = chart_scale(by_cat)
    return ReportView(
        lang=lang, version=ctx.version or "", files=files,
        item_categories=[(c, category_name(c, lang)) for c in ITEM_CATEGORIES],
        total_files=len(files), total_items=sum(fv.item_count for fv in files),
        total_findings=len(every), by_category=by_cat, by_severity=by_sev,
        max_category=max_category,
        categories_present=[(c, name) for c, name, _ in by_cat],
        severities_present=[(s, name) for s, name, _ in by_sev],
        chart_label_width=chart_label_width,
    )


def chart_scale(by_cat: list[tuple[str, str, int]]) -> tuple[int, int]:
    """(max_category, chart_label_width) of a ``count_tables`` category table: the longest bar
    and the width of the label column of _chart.html."""
    return max((n for _, _, n in by_cat), default=0), label_width([name for _, name, _ in by_cat])


def label_width(labels: list[str], font_px: int = 12) -> int:
    """Pixels a chart's label column needs for the longest of ``labels`` (an upper estimate:
    a wide character is one em, any other character 0.62 em), at least the old 128."""
    def width(label: str) -> float:
        return sum(font_px if unicodedata.east_asian_width(ch) in "WF" else font_px * 0.62 for ch in label)
    return max([128] + [int(width(label)) + 6 for label in labels])


def paragraphs(fv: FileView) -> list[Paragraph]:
    """The file's text as paragraphs (one per non-blank line), cut at finding boundaries.

    Every finding covers the pieces inside its span (and its ``related`` spans), so
    overlapping findings simply give a piece several ids. Each finding's note sits
    beside the first non-blank paragraph that ends at or after its start; a
    zero-width finding becomes a point marker there.
    """
    text = fv.result.text
    n = len(text)

    def clip(a: int, b: int) -> tuple[int, int]:
        a = min(max(a, 0), n)
        return a, max(a, min(max(b, 0), n))

    primary = [(*clip(f.start, f.end), f) for f in fv.findings]
    spans = list(primary)
    ordered = sorted(fv.result.findings, key=Finding.sort_key)
    for view, raw in zip(fv.findings, ordered):
        for rel in raw.related:     # the other copy of a duplicate: same id, no second note
            s, e = clip(rel.start, rel.end)
            if e > s:
                spans.append((s, e, view))
    # each line gets the spans and points that touch it (bisect on line starts): linear in the
    # text and findings, where testing every span on every line was quadratic on a long notice
    lines = text.split("\n")
    starts: list[int] = []
    pos = 0
    for raw_line in lines:
        starts.append(pos)
        pos += len(raw_line) + 1
    on_line: dict[int, list[tuple[int, int, FindingView, bool]]] = {}
    points_on: dict[int, list[tuple[int, FindingView]]] = {}
    for index, (s, e, f) in enumerate(spans):
        first = bisect_right(starts, s) - 1
        if s == e:
            if index < len(primary) and s <= starts[first] + len(lines[first]):
                points_on.setdefault(first, []).append((s, f))
            continue
        for li in range(first, bisect_right(starts, e - 1)):
            if s < starts[li] + len(lines[li]) and e > starts[li]:
                on_line.setdefault(li, []).append((s, e, f, index < len(primary)))

    out: list[Paragraph] = []
    pending = sorted(primary, key=lambda p: (p[0], p[1]))
    k = 0
    for li, raw_line in enumerate(lines):
        ls, le = starts[li], starts[li] + len(raw_line)
        if not raw_line.strip():
            continue
        notes: list[FindingView] = []
        while k < len(pending) and pending[k][0] <= le:
            notes.append(pending[k][2])
            k += 1
        here = on_line.get(li, [])
        points = points_on.get(li, [])
        cuts = {ls, le}
        for s, e, _, _ in here:
            cuts.update(c for c in (s, e) if ls < c < le)
        cuts.update(s for s, _ in points if ls < s < le)
        cuts_sorted = sorted(cuts)
        pieces: list[Piece] = []
        for a, b in zip(cuts_sorted, cuts_sorted[1:]):
            pieces.extend(_piece("", [f], point=True) for s, f in points if s == a)
            cover = [f for s, e, f, _ in here if s <= a and b <= e]
            piece = _piece(clean(text[a:b]), cover)
            piece.starts = [f for s, e, f, first in here if first and s == a]
            pieces.append(piece)
        pieces.extend(_piece("", [f], point=True) for s, f in points if s == le and ls < le)
        out.append(Paragraph(line=li + 1, pieces=pieces, notes=notes))
    leftover = [p[2] for p in pending[k:]]
    if leftover:
        if out:
            out[-1].notes.extend(leftover)
        else:
            out.append(Paragraph(line=1, pieces=[], notes=leftover))
    return out


def _piece(text: str, cover: list[FindingView], point: bool = False) -> Piece:
    ids: list[str] = []
    cats: list[str] = []
    for f in cover:
        if f.id not in ids:
            ids.append(f.id)
        if f.category not in cats:
            cats.append(f.category)
    return Piece(text=text, fids=ids, categories=cats,
                 severity=_highest([f.severity for f in cover]), point=point)
