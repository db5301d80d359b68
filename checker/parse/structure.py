"""Classified lines → token stream → Lark LALR parse (parts of the body) → Notice model."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Group, Item, NumberLabel, Notice, Section, Span
from . import lines as L
from .limits import MAX_ITEMS, MAX_LINES
from ..textnorm import fold
from .fields import item_fields, status_of
from .genre import detect_genre, title_says_report, to_congress
from .label_store import FLAT_FROM, FlatLabels
from .measures import split_measures
from .tables import TableRow, TableRows, find_tables

ITEM_TOKENS = {"ITEM_INLINE", "ITEM_HEAD", "RECT"}
_PREAMBLE = re.compile(r"^(?:根据|按照|现将|为|针对)|如下[:：。]?$|予以公布|公布如下|通报如下")
INSPECTION = re.compile(r"巡视|巡察|督察|审计|检查|督查|检视")
# the opening says it reports what was done (not a plan, a feedback meeting or a speech)
_REPORTING = re.compile(r"(?:通报|报告|公布|公告|公示)如下|予以公布|现将.{0,40}整改|整改(?:落实|进展|工作)?情况(?:通报|报告|公布)|"
                        r"已整改|整改完成|整改到位")
GLUED_LABEL = re.compile(rf"[。;；](?P<l>[(（](?P<v>[{L.CN}]{{1,3}})[)）])")
_LABEL_SECTIONS = {"preamble": "preamble", "organisation": "organisation", "items": "items",
                   "next_steps": "next_steps"}


# ------------------------------------------------------------------ the Lark parser

def _parser():
    """The LALR parser of grammars/notice.lark over line token types (see ``lalr``)."""
    from .lalr import parser

    return parser()


def _parse_parts(kinds: list[str | None], lo: int, hi: int) -> Iterator[tuple[str, list[int]]]:
    """The parts of lines [lo, hi) as (rule, line indexes); raises (when called) when the
    grammar rejects them. The parts are made one at a time as they are read: a list of every
    part of a 200,000-line table held ≈ 30 MB."""
    indexes = [i for i in range(lo, hi) if kinds[i] is not None]
    sizes = _parser().parse([kinds[i] for i in indexes])
    return _part_lines(indexes, sizes)


def _part_lines(indexes: list[int], sizes: list[tuple[str, int]]) -> Iterator[tuple[str, list[int]]]:
    pos = 0
    for rule, size in sizes:
        yield rule, indexes[pos:pos + size]
        pos += size


# ------------------------------------------------------------------ regions

def _find_title(lines: list[L.Line]) -> tuple[int, int] | None:
    """(first, last) line index of the title among the first lines, or None."""
    for i, line in enumerate(lines[:25]):
        v = line.view
        if len(v) > 100 or v.startswith(("根据", "按照", "为")) or line.kind in ("rect", "contact") \
                or "\t" in v or "  " in v.strip():
            continue        # a table row is not a title
        if L.TITLE.search(v) and ("整改" in v or "巡" in v or "通报" in v or "关于" in v) and line.label is None:
            first = i
            if i > 0 and L.ORG_LINE.match(lines[i - 1].view) and len(lines[i - 1].view) <= 40:
                first = i - 1
            return first, i
        if line.kind == "text" and len(v) > 60 and L.ends_sentence(line):
            break   # body text reached: no title
    return None


def _head_end(lines: list[L.Line], title: tuple[int, int] | None) -> int:
    """Index of the first line after the head clutter (and the title)."""
    i = title[1] + 1 if title else 0
    while i < len(lines):
        line = lines[i]
        short_junk = title is None and len(line.view) <= 8 and not L.ends_sentence(line) and line.label is None
        if line.kind == "clutter" or short_junk:
            i += 1
            continue
        break
    return i


def _tail(lines: list[L.Line], start: int, last_item: int) -> tuple[int | None, int, int]:
    """(contact line, signature start, clutter start) indexes of the tail."""
    contact = None
    for i in range(max(start, last_item + 1), len(lines)):
        if lines[i].kind == "contact":
            contact = i
            break
    if contact is not None:
        return contact, contact + 1, _signature_end(lines, contact + 1)
    for i in range(max(start, last_item + 1), len(lines)):
        if lines[i].kind == "clutter":
            return None, i, i
        if L.ORG_LINE.match(lines[i].view) and len(lines[i].view) <= 40:
            j = _signature_end(lines, i)
            if j >= len(lines) or lines[j].kind == "clutter":
                return None, i, j
    return None, len(lines), len(lines)


def _signature_end(lines: list[L.Line], j: int) -> int:
    """Index after the run of short issuer-name and date lines starting at ``j``."""
    while j < len(lines) and (L.ORG_LINE.match(lines[j].view) or L.DATE_LINE.match(lines[j].view)) \
            and len(lines[j].view) <= 40:
        j += 1
    return j


def _section_kind(line: L.Line) -> str | None:
    """The section a heading line opens (organisation/items/next_steps/other), or None."""
    v = line.view[:80]
    body = v[line.body - line.start:] if line.label else v
    if line.label is None:
        if len(v) <= 40 and L.SECTION_NEXT.search(body) and not L.ends_sentence(line):
            return "next_steps"
        return None
    if line.label.rank != 0 or len(v) > 60:
        return None
    if L.SECTION_NEXT.search(body):
        return "next_steps"
    if L.SECTION_ORG.search(body):
        return "organisation"
    if L.SECTION_ITEMS.search(body):
        return "items"
    return "other"


# ------------------------------------------------------------------ tokens

Splits = dict[int, tuple[int, int, int] | None]   # head_split per line index, computed once
FIELD_TOKENS = frozenset(("RECT", "STATUS"))


def _head_split(lines: list[L.Line], i: int, splits: Splits) -> tuple[int, int, int] | None:
    """The problem/rectification split of a head line (found by the classifier, or later)."""
    if i in splits:
        return splits[i]
    return lines[i].split


def _tokens(lines: list[L.Line], lo: int, hi: int, section_of: list[str], splits: Splits,
            rows: TableRows) -> list[str | None]:
    """Token type per line in [lo, hi) (None outside); resolves context with look-ahead."""
    kinds: list[str | None] = [None] * len(lines)
    table = len(rows) > 0               # (most notices have no table: no row lookup per line)
    # heads neither numbered nor quoted are item heads only where no item is numbered or
    # labelled (a notice of plain paragraphs); elsewhere such a clause opens a measure
    flat = not any(lines[i].kind in ("rect", "status", "problem") or
                   (lines[i].kind == "head" and lines[i].label is not None) for i in range(lo, hi))
    # a number alone on its line (第四项) labels the head on the next line (【问题】…)
    for i in range(lo, hi - 1):
        line, head = lines[i], lines[i + 1]
        if line.label is not None and line.body >= line.end and head.label is None \
                and head.kind in ("problem", "head", "rect"):
            head.label = line.label
            line.label = None
            line.kind = "label-only"
    # pass 1: what each line is on its own
    for i in range(lo, hi):
        line = lines[i]
        sec = section_of[i]
        if line.kind == "label-only":
            kinds[i] = "PLAIN"
        elif line.kind == "heading":
            # a top-level heading that names an area (一、…方面) only groups the items under it
            other = _section_kind(line) == "other"
            kinds[i] = "GROUP" if other and _group_heading(line) else "SECTION"
        elif table and i in rows:
            kinds[i] = rows.token(i)
        elif sec in ("organisation", "next_steps"):
            kinds[i] = "PLAIN"
        elif line.kind == "rect":
            kinds[i] = "RECT"
        elif line.kind == "status":
            kinds[i] = "STATUS"
        elif line.kind == "head" and not flat and L.is_flat_head(line):
            kinds[i] = "TEXT"
        elif line.kind == "head":
            split = _head_split(lines, i, splits)
            kinds[i] = "ITEM_INLINE" if split and split[2] < line.end - 3 else "?HEAD"
        elif line.kind == "problem":
            kinds[i] = "?HEAD"
        elif line.label is not None:
            kinds[i] = "?LABEL"
        else:
            kinds[i] = "TEXT"
    _resolve_numbered(lines, kinds, lo, hi, section_of, splits)
    _resolve_unnumbered(lines, kinds, lo, hi)
    return kinds


def _item_like(kinds: list[str | None], i: int, hi: int) -> bool:
    """A numbered line that carries a problem of its own: a head, or a line whose next lines
    (a few unnumbered ones at most) reach a labelled field."""
    k = kinds[i]
    if k in ("?HEAD", "ITEM_INLINE"):
        return True
    return k == "?LABEL" and _text_run_reaches_field(kinds, i + 1, hi)


def _resolve_numbered(lines: list[L.Line], kinds: list[str | None], lo: int, hi: int, section_of: list[str],
                      splits: Splits) -> None:
    """Numbered lines: a container (group / parent problem) when a deeper-numbered line under
    it carries a problem of its own, else an item head when it is one, else — in the items
    section — a paragraph that states a problem and what was done, else plain."""
    numbered = ("?HEAD", "?LABEL", "ITEM_INLINE")
    container: set[int] = set()
    stack: list[int] = []           # enclosing numbered lines, outermost first
    for i in range(lo, hi):
        k = kinds[i]
        if k in ("SECTION", "ROW"):
            stack = []
            continue
        label = lines[i].label
        if k not in numbered or label is None:
            continue
        while stack and lines[stack[-1]].label.rank >= label.rank:
            stack.pop()
        if stack and _item_like(kinds, i, hi):
            container.update(stack)
        stack.append(i)
    for i in range(lo, hi):
        k = kinds[i]
        if k not in numbered:
            continue
        line = lines[i]
        j = i + 1
        nk = kinds[j] if j < hi else None
        if k == "ITEM_INLINE":
            continue        # its own rectification follows on its line: an item, whatever is under it
        if nk in FIELD_TOKENS:
            kinds[i] = "ITEM_HEAD"      # its own rectification follows: an item, whatever is under it
        elif i in container and line.label is not None and len(line.view) <= 200:
            kinds[i] = "GROUP" if line.label.rank <= 1 else "PARENT"
        elif nk == "TEXT" and _text_run_reaches_field(kinds, j, hi):
            kinds[i] = "ITEM_HEAD"
        elif line.label is not None and line.label.rank <= 1 and _group_heading(line) \
                and nk in ("?HEAD", "?LABEL", "ITEM_INLINE", "RECT"):
            kinds[i] = "GROUP"
        elif k == "?HEAD":
            kinds[i] = "ITEM_HEAD"
        elif (split := L.generic_split(line)) is not None and (
                (section_of[i] == "items" and (split[2] < line.end - 3 or nk == "TEXT"))
                or (nk == "?LABEL" and split[2] >= line.end - 3 and lines[j].label.rank > line.label.rank
                    and L.reports_action(lines[j]))):
            # a numbered problem in the items section, with what was done on its line or in the
            # paragraphs under it; anywhere, a numbered problem whose deeper-numbered lines
            # report action (its measures)
            splits[i] = split
            kinds[i] = "ITEM_INLINE" if split[2] < line.end - 3 else "ITEM_HEAD"
            line.kind = "head"
        else:
            kinds[i] = "?PLAINLABEL"


def _group_heading(line: L.Line) -> bool:
    """A short heading naming an area (…方面), not a paragraph that mentions N个方面."""
    v = line.view
    return len(v) <= 80 and bool(L.GROUP_WORDS.search(v)) and "。" not in v[:-1] and "个方面" not in v


def _resolve_unnumbered(lines: list[L.Line], kinds: list[str | None], lo: int, hi: int) -> None:
    """Fields, unnumbered lines and plain labels, read in order with the item they follow.

    After an item head, the first labelled field (or, when none follows, the first paragraph)
    opens its rectification; later fields with a new name belong to the same item, and a
    field whose name the item already has opens a new one (a 整改情况 whose problem was lost).
    """
    state = None                    # None: outside an item; "head": rectification not opened; "rect"
    fields: set[str] = set()
    first_item = next((i for i in range(lo, hi) if kinds[i] in ("ITEM_INLINE", "ITEM_HEAD", "RECT", "ROW")), None)
    rank = -1                       # label rank of the current item's head (-1: none)
    for i in range(lo, hi):
        k = kinds[i]
        label = lines[i].label
        if state == "row" and k not in ("ROW", "ROW_CONT"):
            state = None                                # what follows a table is not in its last row
        if k == "ROW":
            state, fields, rank = "row", set(), -1      # a row ends at its line; ROW_CONT rows go on
        elif k == "ITEM_INLINE":
            state, fields = "rect", set()
            rank = label.rank if label is not None else -1
        elif k == "ITEM_HEAD":
            state, fields = "head", set()
            rank = label.rank if label is not None else -1
        elif k == "?PLAINLABEL" and label is not None and label.rank <= rank:
            kinds[i], state, rank = "PLAIN", None, -1     # a sibling (or higher) number ends the item
        elif k in ("GROUP", "PARENT", "SECTION", "PLAIN"):
            state = None        # a plain line (a number alone on its line) ends the item too
        elif k in FIELD_TOKENS:
            name = lines[i].field or ""
            if state == "head":
                kinds[i], state, fields = "RECT", "rect", {name}
            elif state == "rect" and (name not in fields or k == "STATUS"):
                kinds[i] = "STATUS_IN"
                fields.add(name)
            elif k == "RECT":
                state, fields, rank = "rect", {name}, -1
            else:
                kinds[i] = "PLAIN"
        elif k == "ROW_CONT":
            kinds[i] = "RECT_CONT" if state in ("rect", "row") else "PLAIN"
        elif k in ("TEXT", "?PLAINLABEL"):
            if state == "head":
                if k == "TEXT" and _text_run_reaches_field(kinds, i, hi):
                    kinds[i] = "PROB_TEXT"
                else:
                    kinds[i], state = "RECT_OPEN", "rect"
            elif state == "prob" and k == "TEXT":
                kinds[i] = "PROB_TEXT"
            elif state == "rect" and not (k == "TEXT" and _opens_new_item(lines, kinds, i, hi, fields)):
                kinds[i] = "RECT_CONT"
            elif k == "TEXT" and _text_run_reaches_field(kinds, i, hi, rect_only=True) and first_item is not None \
                    and not (i <= first_item and _PREAMBLE.search(lines[i].view)):
                kinds[i], state, rank = "PROB_TEXT", "prob", -1
            else:
                kinds[i] = "PLAIN"


def _opens_new_item(lines: list[L.Line], kinds: list[str | None], i: int, hi: int, fields: set[str]) -> bool:
    """Unnumbered lines inside a rectification that lead (within a few lines) to a field the
    item already has: they are the problem statement, its number lost, of a new item."""
    j = i
    while j < hi and j - i <= 4 and kinds[j] == "TEXT":
        j += 1
    return j < hi and j > i and kinds[j] == "RECT" and (lines[j].field or "") in fields


def _text_run_reaches_field(kinds: list[str | None], i: int, hi: int, limit: int = 4, rect_only: bool = False) -> bool:
    """An unnumbered line (and up to ``limit`` more) followed by a labelled field: a problem
    statement (its head line, or its lost number) before the rectification."""
    j = i
    while j < hi and j - i <= limit:
        if kinds[j] == "RECT" or (kinds[j] == "STATUS" and not rect_only):
            return True
        if kinds[j] != "TEXT":
            return False
        j += 1
    return False


# ------------------------------------------------------------------ build

def build_notice(text: str, list_labels: dict[int, str] | None = None) -> Notice:
    notice = Notice(text=text)
    virtual = _virtual_labels(text, list_labels) if list_labels else {}
    # past MAX_LINES only where the rest starts and ends is read: no Line for each of its lines
    lines = [L.classify(line, virtual.get(line.start)) for line in L.split_lines(text, notice.view, MAX_LINES)]
    if len(lines) > MAX_LINES:
        notice.unplaced.append(Span(lines[MAX_LINES].start, lines[-1].end))
        notice.limits_hit.append(f"文档超过 {MAX_LINES} 行，其余部分未解析")
        del lines[MAX_LINES:]
    if not lines:
        notice.kind = "not-a-notice"
        notice.kind_reason = "文档没有内容"
        return notice

    title = _find_title(lines)
    body_lo = _head_end(lines, title)
    if title:
        first, last = title
        notice.title = Span(lines[first].start, lines[last].end)
        t = lines[last].view
        cut = t.find("关于")
        if cut > 1:
            notice.issuer = lines[last].text[:cut].strip()
            notice.issuer_span = Span(lines[last].start, lines[last].start + cut)
        elif first < last:
            notice.issuer = lines[first].text.strip()
            notice.issuer_span = Span(lines[first].start, lines[first].end)
    head_clutter = [i for i in range(0, body_lo) if not (title and title[0] <= i <= title[1])]
    _add_blocks(notice, lines, head_clutter, "clutter")

    # section headings and the section each body line belongs to
    section_of = _sections(lines, body_lo)
    rows = find_tables(lines, body_lo, len(lines), notice.view)

    table = len(rows) > 0
    last_rect = max((i for i in range(body_lo, len(lines)) if lines[i].kind in ("rect", "head") or (table and i in rows)),
                    default=body_lo - 1)
    contact, sig_lo, tail_lo = _tail(lines, body_lo, last_rect)
    body_hi = contact if contact is not None else sig_lo
    splits: Splits = {}
    kinds = _tokens(lines, body_lo, body_hi, section_of, splits, rows)
    _lost_next_steps(lines, kinds, body_lo, body_hi, section_of)

    # the token resolution only produces streams the grammar accepts; a rejection is a bug
    # and reaches the caller (an error for this file, not a notice silently left unparsed)
    parts = _parse_parts(kinds, body_lo, body_hi)

    _assemble(notice, lines, parts, splits, kinds, rows)
    _drop_empty_groups(notice)
    notice.glued = [Span(line.label.start, line.label.end) for line in lines
                    if line.continued and line.label is not None and line.label.end > line.label.start]
    notice.unread = [Span(lines[i].start, lines[i].end) for i in range(body_lo, body_hi)
                     if kinds[i] == "PLAIN" and lines[i].label is not None and section_of[i] == "items"]
    from .limits import MAX_MEASURES, MAX_SCAN
    for item in notice.items:
        if item.rectification is not None and len(item.rectification) > MAX_SCAN:
            notice.limits_hit.append(f"第{item.index + 1}项超过 {MAX_SCAN} 字，规则只检查了前 {MAX_SCAN} 字")
        if len(item.measures) >= MAX_MEASURES:
            notice.limits_hit.append(f"第{item.index + 1}项的措施超过 {MAX_MEASURES} 条，其余合并为最后一条")
    _record_labels(notice, lines, body_lo, len(lines), section_of, kinds, contact, sig_lo, rows)
    _finish_sections(notice, lines, title, body_lo, body_hi, contact, sig_lo, tail_lo, section_of, kinds)
    _decide_kind(notice, lines, body_lo)
    return notice


def _virtual_labels(text: str, list_labels: dict[int, str]) -> dict[int, str]:
    """Word list labels keyed by the first non-blank offset of their paragraph (a Line's start)."""
    out: dict[int, str] = {}
    for pos, label in list_labels.items():
        while 0 <= pos < len(text) and text[pos] in " \t\u3000\xa0":
            pos += 1
        if 0 <= pos < len(text) and label and label.strip():
            out[pos] = label
    return out


def _lost_next_steps(lines: list[L.Line], kinds: list[str | None], lo: int, hi: int, section_of: list[str]) -> None:
    """Plain paragraphs after the last item that are not an explicit section: the 下一步
    section whose heading was lost."""
    last_item_line = max((i for i in range(lo, hi) if kinds[i] in
                          ("ITEM_INLINE", "ITEM_HEAD", "RECT", "RECT_OPEN", "RECT_CONT", "STATUS_IN", "ROW")),
                         default=None)
    if last_item_line is None:
        return
    if any(section_of[m] == "next_steps" for m in range(last_item_line + 1, hi)):
        return      # the 下一步 section has its heading: paragraphs before it close the items section
    k = last_item_line + 1
    while k < hi and kinds[k] == "PLAIN" and section_of[k] not in ("next_steps", "organisation") \
            and not (lines[k].label is not None and section_of[k] == "items"):
        kinds[k] = "NEXT_LOST"
        k += 1
    # paragraphs after the last rectification opened by a 整改情况 marker (or on its head's
    # line) that do not continue it (it ended its sentence and they do not go on with
    # 二是/三是…) are the 下一步 section whose heading was lost
    r = max(i for i in range(lo, hi) if kinds[i] in ("ITEM_INLINE", "RECT", "RECT_OPEN", "ROW", "ITEM_HEAD"))
    tail = range(r + 1, last_item_line + 1)
    if kinds[r] in ("ITEM_INLINE", "RECT") and tail and L.ends_sentence(lines[r]) \
            and not L.MEASURE_START.match(lines[r + 1].view) \
            and all(kinds[m] == "RECT_CONT" for m in tail) and last_item_line + 1 >= hi:
        for m in tail:
            kinds[m] = "NEXT_LOST"


def _decide_kind(notice: Notice, lines: list[L.Line], body_lo: int) -> None:
    """Genre, and whether the document is a rectification report at all."""
    title = notice.slice(notice.title)
    head = notice.view[:4000]
    notice.genre = detect_genre(fold(title), head)
    notice.to_congress = to_congress(head)
    says = title_says_report(fold(title))
    if notice.items and says is not False:
        return
    if notice.items and says is False and len(notice.items) >= 2:
        return          # a plan-like title over a list of reported problems and their rectification
    if not notice.items and (says is True or (says is None and _inspection_context(notice.view))):
        return          # looks like a report but no item was read: ZG208 says so
    notice.kind = "not-a-notice"
    notice.kind_reason = "未发现反馈问题及其整改情况（没有“整改情况”或“关于……的问题”事项，标题和开头也不是整改情况的通报或报告）"
    notice.items = []
    notice.groups = []


def _sections(lines: list[L.Line], body_lo: int) -> list[str]:
    """The section each line belongs to; marks section heading lines as ``heading``."""
    section_of = ["preamble"] * len(lines)
    current = "preamble"
    items_seen = False      # whether an earlier body line is in the items section
    for i in range(body_lo, len(lines)):
        kind = _section_kind(lines[i])
        if kind is not None:
            lines[i].kind = "heading"
            current = kind if kind != "other" else ("items" if current in ("items",) else "other")
            if kind == "other" and current == "other":
                current = "items" if items_seen else "preamble"
        section_of[i] = current
        items_seen = items_seen or current == "items"
    return section_of


def _inspection_context(view: str) -> bool:
    """The opening says it reports on the rectification of problems found by an inspection."""
    head = view[:4000]
    return bool(INSPECTION.search(head)) and "整改" in head and bool(_REPORTING.search(head))


def _add_blocks(notice: Notice, lines: list[L.Line], indexes: list[int], kind: str) -> None:
    """Contiguous runs of line indexes become one Section (and one unplaced span) each."""
    run: list[int] = []
    for i in indexes + [None]:  # type: ignore[list-item]
        if i is not None and (not run or i == run[-1] + 1):
            run.append(i)
            continue
        if run:
            span = Span(lines[run[0]].start, lines[run[-1]].end)
            notice.sections.append(Section(kind, span))  # type: ignore[arg-type]
            notice.unplaced.append(span)
        run = [i] if i is not None else []


def _assemble(notice: Notice, lines: list[L.Line], parts, splits: Splits, kinds: list[str | None],
              rows: TableRows) -> None:
    text = notice.text
    group: int | None = None
    parent: tuple[int, Span] | None = None   # (label rank, problem span)
    open_groups: list[tuple[int, int]] = []  # (label rank, group index) of the groups enclosing this point
    for rule, idx in parts:
        first = lines[idx[0]]
        if rule == "group":
            title_span = Span(first.start, first.end)
            if idx[0] in rows:       # a merged row of a table naming a group
                cells = [c for c in rows[idx[0]].cells if c[1] > c[0]]
                title_span = Span(cells[0][0], cells[-1][1]) if cells else title_span
            rank = first.label.rank if first.label else 0
            while open_groups and open_groups[-1][0] >= rank:
                open_groups.pop()
            notice.groups.append(Group(index=len(notice.groups), label=first.label.text if first.label else None,
                                       title=text[title_span.start:title_span.end], span=title_span,
                                       level=len(open_groups),
                                       parent=open_groups[-1][1] if open_groups else None))
            group = len(notice.groups) - 1
            open_groups.append((rank, group))
            parent = None
            continue
        if rule == "section":
            group, parent = None, None
            open_groups = []
            continue
        if rule == "parent":
            if first.kind == "problem":
                pstart = first.marker_end
            else:
                split = _head_split(lines, idx[0], splits) if first.kind == "head" else None
                pstart = split[0] if split else first.body
            parent = (first.label.rank if first.label else 9, Span(pstart, first.end))
            continue
        if rule in ("plain", "next_lost"):
            continue
        if len(notice.items) >= MAX_ITEMS:
            if not notice.limits_hit or "事项" not in notice.limits_hit[-1]:
                notice.limits_hit.append(f"事项超过 {MAX_ITEMS} 个，其余未逐项检查")
                notice.unplaced.append(Span(first.start, lines[idx[-1]].end))
            continue
        if rule == "row_item":
            item = _row_item(text, notice.view, lines, idx, rows)
        else:
            item = _make_item(text, notice.view, lines, rule, idx, splits, kinds)
        if item is None:
            continue
        if not item.fields:
            item.fields = item_fields(text, notice.view, item.span.start, item.span.end)
        item.status = status_of(item.fields)
        if item.label_span is not None and parent is not None:
            lab = lines[idx[0]].label
            if lab is not None and lab.rank <= parent[0]:
                parent = None
        item.group = group
        item.parent_problem = parent[1] if parent else None
        item.index = len(notice.items)
        notice.items.append(item)


def _drop_empty_groups(notice: Notice) -> None:
    """A heading with no item under it groups nothing: it is not a group."""
    used = sorted({item.group for item in notice.items if item.group is not None})
    if len(used) == len(notice.groups):
        return
    # a group that holds no item directly but encloses one that does is kept too
    keep = set(used)
    for g in used:
        up = notice.groups[g].parent
        while up is not None and up not in keep:
            keep.add(up)
            up = notice.groups[up].parent
    used = sorted(keep)
    renumber = {old: new for new, old in enumerate(used)}
    notice.groups = [notice.groups[old] for old in used]
    for new, group in enumerate(notice.groups):
        group.index = new
        group.parent = renumber.get(group.parent) if group.parent is not None else None
    for item in notice.items:
        if item.group is not None:
            item.group = renumber[item.group]


def _make_item(text: str, view: str, lines: list[L.Line], rule: str, idx: list[int], splits: Splits,
               kinds: list[str | None]) -> Item | None:
    head = lines[idx[0]]
    problem: Span | None = None
    rect: Span | None = None
    label = head.label if rule in ("inline_item", "head_item", "head_only") else None
    rect_lines: list[L.Line] = []
    if rule == "inline_item":
        split = _head_split(lines, idx[0], splits)
        if split:
            problem = Span(split[0], split[1]) if split[1] > split[0] else None
            if split[2] < head.end:
                rect = Span(split[2], head.end)
        rect_lines = [lines[i] for i in idx[1:]]
    else:
        prob_lines = []
        for n, i in enumerate(idx):
            line = lines[i]
            if kinds[i] in ("RECT", "RECT_OPEN") and (n > 0 or rule in ("rect_only", "bare_item")):
                if kinds[i] == "RECT" and line.marker_end:
                    rect = Span(line.marker_end, line.end) if line.marker_end < line.end else Span(line.end, line.end)
                else:
                    rect = Span(line.start, line.end)
                rect_lines = [lines[k] for k in idx[n + 1:]]
                break
            prob_lines.append(line)
        if prob_lines:
            p0 = prob_lines[0]
            if rule in ("head_item", "head_only") and p0.kind == "head":
                split = _head_split(lines, idx[0], splits)    # p0 is the head line
                pstart, pend0 = (split[0], split[1]) if split else (p0.body, p0.end)
            else:
                pstart = p0.marker_end if p0.kind == "problem" else (p0.body if p0.label else p0.start)
                pend0 = p0.end
            pend = prob_lines[-1].end if len(prob_lines) > 1 else pend0
            if pend > pstart:
                problem = Span(pstart, pend)
    for line in rect_lines:
        if rect is None or rect.start >= rect.end:
            rect = Span(line.start, line.end)
        else:
            rect = Span(rect.start, line.end)
    if rect is not None and rect.start >= rect.end:
        rect = None if rule == "head_only" else rect
    end = max(head.end, rect.end if rect is not None else 0, problem.end if problem is not None else 0)
    item = Item(index=0, span=Span(head.start, end), problem=problem, rectification=rect)
    if label is not None:
        item.label = label.text
        item.label_span = Span(label.start, label.end)
    if rect is not None and rect.end > rect.start:
        item.measures = split_measures(text, rect.start, rect.end, view)
    return item


def _row_item(text: str, view: str, lines: list[L.Line], idx: list[int], rows: TableRows) -> Item | None:
    """An item from a table row: the label and problem cells, and the other cells as fields;
    the rectification runs from the first cell after the problem to the end of the row."""
    row = rows[idx[0]]
    head = lines[idx[0]]
    named = list(zip(row.roles, row.cells))
    label_cell = next((c for r, c in named if r == "label"), None)
    problem_cell = next((c for r, c in named if r == "problem"), None)
    rest = [(r, c) for r, c in named if r not in ("label", "problem", "group")]
    if problem_cell is None and rest:           # no 问题 column: the first text column is the problem
        problem_cell = rest[0][1]
        rest = rest[1:]
    after = [c for r, c in rest if problem_cell is None or c[0] >= problem_cell[1]]
    rect_start = next((s for s, e in after if e > s), None)
    end = lines[idx[-1]].end
    rect = Span(rect_start, end) if rect_start is not None else None
    problem = Span(*problem_cell) if problem_cell and problem_cell[1] > problem_cell[0] else None
    item = Item(index=0, span=Span(head.start, end), problem=problem, rectification=rect)
    item.fields = {r: Span(*c) for r, c in rest if c[1] > c[0] and not r.startswith("列")}
    if label_cell and label_cell[1] > label_cell[0]:
        item.label = text[label_cell[0]:label_cell[1]]
        item.label_span = Span(*label_cell)
    if rect is not None:
        item.measures = split_measures(text, rect.start, rect.end, view)
    return item


_ITEMS_KINDS = frozenset(("ITEM_INLINE", "ITEM_HEAD", "RECT", "GROUP", "PARENT", "PROB_TEXT", "ROW"))


def _row_label(notice: Notice, rows: TableRows, i: int) -> tuple[str, int, int, int, str] | None:
    """The 序号 cell of the table row of line ``i`` as a number label (style ``cell``), if it holds a number."""
    cell = rows.cell_of(i, "label")
    if cell is None or cell[1] <= cell[0]:
        return None
    raw = notice.text[cell[0]:cell[1]]
    value = L.cn_to_int(raw.strip(" .、()（）"))
    return ("cell", value, cell[0], cell[1], raw) if value else None


def _record_labels(notice: Notice, lines: list[L.Line], lo: int, hi: int, section_of: list[str],
                   kinds: list[str | None], contact: int | None, sig_lo: int,
                   rows: TableRows | None = None) -> None:
    stack: list[int] = []   # indexes into notice.labels, outermost first
    ranks: list[int] = []   # the rank of each label on the stack
    last_section = None
    stop = min(hi, sig_lo if contact is None else contact)
    if stop - lo > FLAT_FROM:
        notice.labels = FlatLabels(notice.text)     # type: ignore[assignment]  # a huge table: labels kept flat
    for i in range(lo, stop):
        line = lines[i]
        row = rows is not None and kinds[i] == "ROW" and i in rows
        if line.label is None and not row:      # no label, so no glued label is counted either
            continue
        sec = section_of[i]
        if kinds[i] in _ITEMS_KINDS:
            sec = "items"
        elif kinds[i] == "NEXT_LOST":
            sec = "next_steps"
        if line.label is None:
            cell = _row_label(notice, rows, i)      # type: ignore[arg-type]
            if cell is None:
                continue
            if cell[2] == line.start:
                cell = (cell[0], cell[1], line.start, cell[3], cell[4])    # the line's own int, not one more per row
            found = [cell]
        else:
            found = [(line.label.style, line.label.value, line.label.start, line.label.end, line.label.text)]
        if line.label is not None and line.label.style == "cn-paren":
            found += _glued_labels(notice, line)
        for style, value, s, e, label_text in found:
            section_kind = _label_section(sec, line)
            if section_kind != last_section:
                stack, ranks = [], []
                last_section = section_kind
            rank = L.STYLE_RANK[style]
            while ranks and ranks[-1] >= rank:
                stack.pop()
                ranks.pop()
            parent = stack[-1] if stack else None
            notice.labels.append(NumberLabel(text=label_text, style=style, value=value, level=rank,
                                             span=Span(s, e), section=section_kind, parent=parent))
            stack.append(len(notice.labels) - 1)
            ranks.append(rank)


def _glued_labels(notice: Notice, line: L.Line) -> list[tuple[str, int, int, int, str]]:
    """The next (n) label glued after a sentence end on a (n-1) line; each is also unplaced."""
    found = []
    for m in GLUED_LABEL.finditer(line.view, 0, 2000):
        value = L.cn_to_int(m.group("v"))
        if value and value == line.label.value + 1:
            s = line.start + m.start("l")
            found.append(("cn-paren", value, s, line.start + m.end("l"), line.text[m.start("l"):m.end("l")]))
            notice.unplaced.append(Span(s, min(line.end, s + 30)))
    return found


def _label_section(sec: str, line: L.Line) -> str:
    if line.kind == "heading":
        return "other"
    return _LABEL_SECTIONS.get(sec, "items")


def _finish_sections(notice: Notice, lines, title, body_lo, body_hi, contact, sig_lo, tail_lo,
                     section_of, kinds) -> None:
    if title:
        notice.sections.append(Section("title", notice.title))  # type: ignore[arg-type]
    # regions of the body by section kind (items region from first to last item line)
    # (the first and last item lines only: a list of them all held 8 MB for a 200,000-row table)
    item_kinds = ("ITEM_INLINE", "ITEM_HEAD", "RECT", "RECT_OPEN", "RECT_CONT", "STATUS_IN", "PROB_TEXT", "GROUP",
                  "PARENT", "ROW")
    first_item = next((i for i in range(body_lo, body_hi) if kinds[i] in item_kinds), None)
    last_item = next((i for i in range(body_hi - 1, body_lo - 1, -1) if kinds[i] in item_kinds), None)
    runs: list[tuple[str, int, int]] = []
    for i in range(body_lo, body_hi):
        if kinds[i] is None:
            continue
        if kinds[i] == "NEXT_LOST":
            kind = "next_steps"
        elif first_item is not None and first_item <= i <= last_item:      # type: ignore[operator]
            kind = "items"
        else:
            kind = section_of[i] if section_of[i] in ("preamble", "organisation", "next_steps", "items") else "other"
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1], i)
        else:
            runs.append((kind, i, i))
    for kind, a, b in runs:
        heading = Span(lines[a].start, lines[a].end) if lines[a].kind == "heading" else None
        notice.sections.append(Section(kind, Span(lines[a].start, lines[b].end), heading))  # type: ignore[arg-type]
    lost = next((i for i in range(body_lo, body_hi) if kinds[i] == "NEXT_LOST"), None)
    if lost is not None:
        notice.unplaced.append(Span(lines[lost].start, lines[lost].end))
    if contact is not None:
        notice.contact = Span(lines[contact].start, lines[contact].end)
        notice.sections.append(Section("contact", notice.contact))
    if sig_lo < tail_lo:
        notice.signature = Span(lines[sig_lo].start, lines[tail_lo - 1].end)
        notice.sections.append(Section("signature", notice.signature))
        if notice.issuer is None:
            org = lines[sig_lo].text.strip()
            if L.ORG_LINE.match(lines[sig_lo].view):
                notice.issuer, notice.issuer_span = org, Span(lines[sig_lo].start, lines[sig_lo].end)
    _add_blocks(notice, lines, list(range(tail_lo, len(lines))), "clutter")
    notice.sections.sort(key=lambda s: s.span.start)
    notice.unplaced.sort()
