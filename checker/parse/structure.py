"""Classified lines → token stream → Lark LALR parse (parts of the body) → Notice model."""
from __future__ import annotations

import re

from ..model import Group, Item, NumberLabel, Notice, Section, Span
from ..resources import data_dir
from . import lines as L
from .limits import MAX_ITEMS, MAX_LINES
from .measures import split_measures

ITEM_TOKENS = {"ITEM_INLINE", "ITEM_HEAD", "RECT"}
_PREAMBLE = re.compile(r"^(?:根据|按照|现将|为|针对)|如下[:：。]?$|予以公布|公布如下|通报如下")
INSPECTION = re.compile(r"巡视|巡察|督察|审计")
GLUED_LABEL = re.compile(rf"[。;；](?P<l>[(（](?P<v>[{L.CN}]{{1,3}})[)）])")
_STATUS_VALUE = re.compile(r"(完成情况|整改状态|完成状态|整改进度)")
_LABEL_SECTIONS = {"preamble": "preamble", "organisation": "organisation", "items": "items",
                   "next_steps": "next_steps"}


# ------------------------------------------------------------------ the Lark parser

def _parser():
    """The LALR parser of grammars/notice.lark over line token types (see ``lalr``)."""
    from .lalr import parser

    return parser()


def _parse_parts(kinds: list[str | None], lo: int, hi: int) -> list[tuple[str, list[int]]]:
    """The parts of lines [lo, hi) as (rule, line indexes); raises when the grammar rejects them."""
    indexes = [i for i in range(lo, hi) if kinds[i] is not None]
    sizes = _parser().parse([kinds[i] for i in indexes])
    parts = []
    pos = 0
    for rule, size in sizes:
        parts.append((rule, indexes[pos:pos + size]))
        pos += size
    return parts


# ------------------------------------------------------------------ regions

def _find_title(lines: list[L.Line]) -> tuple[int, int] | None:
    """(first, last) line index of the title among the first lines, or None."""
    for i, line in enumerate(lines[:25]):
        v = line.view
        if len(v) > 100 or v.startswith(("根据", "按照", "为")) or line.kind in ("rect", "contact"):
            continue
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

Splits = dict[int, tuple[int, int, int] | None]   # guanyu_split per line index, computed once


def _guanyu_split(lines: list[L.Line], i: int, splits: Splits) -> tuple[int, int, int] | None:
    if i not in splits:
        splits[i] = L.guanyu_split(lines[i])
    return splits[i]


def _tokens(lines: list[L.Line], lo: int, hi: int, section_of: list[str], splits: Splits) -> list[str | None]:
    """Token type per line in [lo, hi) (None outside); resolves context with look-ahead."""
    kinds: list[str | None] = [None] * len(lines)
    # pass 1: what each line is on its own
    for i in range(lo, hi):
        line = lines[i]
        sec = section_of[i]
        if line.kind == "heading":
            kinds[i] = "SECTION"
        elif sec in ("organisation", "next_steps"):
            kinds[i] = "PLAIN"
        elif line.kind == "rect":
            kinds[i] = "RECT"
        elif line.kind == "guanyu":
            split = _guanyu_split(lines, i, splits)
            if split and split[2] < line.end - 4:
                kinds[i] = "ITEM_INLINE"
            else:
                kinds[i] = "?HEAD"
        elif line.kind == "problem":
            kinds[i] = "?HEAD"
        elif line.kind == "status":
            kinds[i] = "STATUS"
        elif line.label is not None:
            kinds[i] = "?LABEL"
        else:
            kinds[i] = "TEXT"
    # pass 2: numbered lines — item head, container (group / parent problem) or plain
    nxt = _next_index(kinds, lo, hi)
    for i in range(lo, hi):
        k = kinds[i]
        if k not in ("?HEAD", "?LABEL"):
            continue
        line = lines[i]
        j = nxt[i]
        nk = kinds[j] if j is not None else None
        deeper = j is not None and lines[j].label is not None and line.label is not None \
            and lines[j].label.rank > line.label.rank and nk in ("?HEAD", "?LABEL", "ITEM_INLINE")
        if nk == "RECT" or (nk == "TEXT" and _text_run_reaches_rect(kinds, j, hi)):
            kinds[i] = "ITEM_HEAD"
        elif deeper and len(line.view) <= 120 and _reaches_item(kinds, j, hi):
            kinds[i] = "GROUP" if line.label.rank <= 1 else "PARENT"
        elif line.label is not None and line.label.rank <= 1 and L.GROUP_WORDS.search(line.view[:80]) \
                and nk in ("?HEAD", "?LABEL", "ITEM_INLINE", "RECT"):
            kinds[i] = "GROUP"
        elif k == "?HEAD":
            kinds[i] = "ITEM_HEAD"
        else:
            kinds[i] = "?PLAINLABEL"
    # pass 3: unnumbered lines — lost problem lines, continuation, plain
    in_item = False
    first_item = next((i for i in range(lo, hi) if kinds[i] in ("ITEM_INLINE", "ITEM_HEAD", "RECT")), None)
    for i in range(lo, hi):
        k = kinds[i]
        if k in ("ITEM_INLINE", "RECT"):
            in_item = True
        elif k == "ITEM_HEAD":
            in_item = False
        elif k in ("GROUP", "PARENT", "SECTION"):
            in_item = False
        elif k == "STATUS":
            kinds[i] = "STATUS_IN" if in_item else "PLAIN"
        elif k in ("TEXT", "?PLAINLABEL"):
            if k == "TEXT" and _text_run_reaches_rect(kinds, i, hi) and first_item is not None \
                    and not (i <= first_item and _PREAMBLE.search(lines[i].view)):
                kinds[i] = "PROB_TEXT"
            elif in_item:
                kinds[i] = "RECT_CONT"
            else:
                kinds[i] = "PLAIN"
    # PROB_TEXT that directly follows an ITEM_HEAD is that head's problem text (grammar allows it);
    # a PROB_TEXT run before the first item but not attached is fine too (bare_item).
    return kinds


def _next_index(kinds: list[str | None], lo: int, hi: int) -> list[int | None]:
    nxt: list[int | None] = [None] * len(kinds)
    following: int | None = None
    for i in range(hi - 1, lo - 1, -1):
        nxt[i] = following
        following = i
    return nxt


def _text_run_reaches_rect(kinds: list[str | None], i: int, hi: int, limit: int = 4) -> bool:
    """An unnumbered line (and up to ``limit`` more) followed by a 整改情况 line: a lost problem."""
    j = i
    while j < hi and j - i <= limit:
        if kinds[j] == "RECT":
            return True
        if kinds[j] != "TEXT":
            return False
        j += 1
    return False


def _reaches_item(kinds: list[str | None], j: int, hi: int) -> bool:
    """Whether the numbered line at ``j`` (or the next few) leads to a rectification."""
    for k in range(j, min(hi, j + 6)):
        if kinds[k] in ("RECT", "ITEM_INLINE"):
            return True
    return False


# ------------------------------------------------------------------ build

def build_notice(text: str) -> Notice:
    notice = Notice(text=text)
    lines = [L.classify(line) for line in L.split_lines(text, notice.view)]
    if len(lines) > MAX_LINES:
        rest = lines[MAX_LINES:]
        notice.unplaced.append(Span(rest[0].start, rest[-1].end))
        notice.limits_hit.append(f"文档超过 {MAX_LINES} 行，其余部分未解析")
        lines = lines[:MAX_LINES]
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

    last_rect = max((i for i in range(body_lo, len(lines)) if lines[i].kind in ("rect", "guanyu")),
                    default=body_lo - 1)
    contact, sig_lo, tail_lo = _tail(lines, body_lo, last_rect)
    body_hi = contact if contact is not None else sig_lo
    splits: Splits = {}
    kinds = _tokens(lines, body_lo, body_hi, section_of, splits)

    # lost 下一步 heading: plain paragraphs after the last item that are not an explicit section
    last_item_line = max((i for i in range(body_lo, body_hi) if kinds[i] in
                          ("ITEM_INLINE", "ITEM_HEAD", "RECT", "RECT_CONT", "STATUS_IN")), default=None)
    if last_item_line is not None:
        k = last_item_line + 1
        while k < body_hi and kinds[k] == "PLAIN" and section_of[k] not in ("next_steps", "organisation"):
            kinds[k] = "NEXT_LOST"
            k += 1
        # paragraphs after the last rectification that do not continue it (it ended its sentence
        # and they do not go on with 二是/三是…) are the 下一步 section whose heading was lost
        r = max(i for i in range(body_lo, body_hi) if kinds[i] in ("ITEM_INLINE", "RECT"))
        tail = range(r + 1, last_item_line + 1)
        if tail and L.ends_sentence(lines[r]) and not L.MEASURE_START.match(lines[r + 1].view) \
                and all(kinds[m] == "RECT_CONT" for m in tail) and last_item_line + 1 >= body_hi:
            for m in tail:
                kinds[m] = "NEXT_LOST"

    try:
        parts = _parse_parts(kinds, body_lo, body_hi)
    except Exception:  # the grammar accepts every stream; this is a last-resort guard
        parts = [("plain", [i]) for i in range(body_lo, body_hi) if kinds[i] is not None]
        notice.limits_hit.append("结构解析失败，全部内容未能归入结构")

    _assemble(notice, lines, parts, splits)
    from .limits import MAX_MEASURES, MAX_SCAN
    for item in notice.items:
        if item.rectification is not None and len(item.rectification) > MAX_SCAN:
            notice.limits_hit.append(f"第{item.index + 1}项超过 {MAX_SCAN} 字，规则只检查了前 {MAX_SCAN} 字")
        if len(item.measures) >= MAX_MEASURES:
            notice.limits_hit.append(f"第{item.index + 1}项的措施超过 {MAX_MEASURES} 条，其余合并为最后一条")
    _record_labels(notice, lines, body_lo, len(lines), section_of, kinds, contact, sig_lo)
    _finish_sections(notice, lines, title, body_lo, body_hi, contact, sig_lo, tail_lo, section_of, kinds)

    if not notice.items and not _inspection_context(text):
        notice.kind = "not-a-notice"
        notice.kind_reason = "未发现巡视巡察反馈问题及其整改情况（没有“整改情况”或“关于……的整改”事项，也没有巡视巡察整改的背景）"
        notice.items = []
        notice.groups = []
    return notice


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


def _inspection_context(text: str) -> bool:
    head = text[:4000]
    return bool(INSPECTION.search(head)) and "整改" in head and ("反馈" in head or "通报" in head)


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


def _assemble(notice: Notice, lines: list[L.Line], parts, splits: Splits) -> None:
    text = notice.text
    group: int | None = None
    parent: tuple[int, Span] | None = None   # (label rank, problem span)
    for rule, idx in parts:
        first = lines[idx[0]]
        if rule == "group":
            notice.groups.append(Group(index=len(notice.groups), label=first.label.text if first.label else None,
                                       title=first.text, span=Span(first.start, first.end)))
            group = len(notice.groups) - 1
            parent = None
            continue
        if rule == "section":
            group, parent = None, None
            continue
        if rule == "parent":
            pstart = first.marker_end if first.kind == "problem" else first.body
            parent = (first.label.rank if first.label else 9, Span(pstart, first.end))
            continue
        if rule in ("plain", "next_lost"):
            continue
        if len(notice.items) >= MAX_ITEMS:
            if not notice.limits_hit or "事项" not in notice.limits_hit[-1]:
                notice.limits_hit.append(f"事项超过 {MAX_ITEMS} 个，其余未逐项检查")
                notice.unplaced.append(Span(first.start, lines[idx[-1]].end))
            continue
        item = _make_item(text, lines, rule, idx, splits)
        if item is None:
            continue
        if item.label_span is not None and parent is not None:
            lab = lines[idx[0]].label
            if lab is not None and lab.rank <= parent[0]:
                parent = None
        item.group = group
        item.parent_problem = parent[1] if parent else None
        item.index = len(notice.items)
        notice.items.append(item)


def _make_item(text: str, lines: list[L.Line], rule: str, idx: list[int], splits: Splits) -> Item | None:
    head = lines[idx[0]]
    problem: Span | None = None
    rect: Span | None = None
    status: Span | None = None
    label = head.label if rule in ("inline_item", "head_item", "head_only") else None
    rect_lines: list[L.Line] = []
    if rule == "inline_item":
        split = _guanyu_split(lines, idx[0], splits)
        if split:
            problem = Span(split[0], split[1])
            if split[2] < head.end:
                rect = Span(split[2], head.end)
        rect_lines = [lines[i] for i in idx[1:]]
    else:
        prob_lines = []
        for i in idx:
            line = lines[i]
            if line.kind == "rect" and rect is None:
                rect = Span(line.marker_end, line.end) if line.marker_end < line.end else None
                if rect is None:
                    rect = Span(line.end, line.end)
                rect_lines = [lines[k] for k in idx[idx.index(i) + 1:]]
                break
            prob_lines.append(line)
        if prob_lines:
            p0 = prob_lines[0]
            if rule in ("head_item", "head_only") and p0.kind == "guanyu":
                split = _guanyu_split(lines, idx[0], splits)    # p0 is the head line
                pstart, pend0 = (split[0], split[1]) if split else (p0.body, p0.end)
            else:
                pstart = p0.marker_end if p0.kind == "problem" else (p0.body if p0.label else p0.start)
                pend0 = p0.end
            pend = prob_lines[-1].end if len(prob_lines) > 1 else pend0
            if pend > pstart:
                problem = Span(pstart, pend)
    for line in rect_lines:
        if line.kind == "status" and status is None and _STATUS_VALUE.match(line.view):
            status = Span(line.marker_end, line.end)
        if rect is None or rect.start >= rect.end:
            rect = Span(line.start if line.kind != "status" else line.start, line.end)
        else:
            rect = Span(rect.start, line.end)
    if rect is not None and rect.start >= rect.end:
        rect = None if rule == "head_only" else rect
    end = max(head.end, rect.end if rect else 0, problem.end if problem else 0)
    item = Item(index=0, span=Span(head.start, end), problem=problem, rectification=rect, status=status)
    if label is not None:
        item.label = label.text
        item.label_span = Span(label.start, label.end)
    if rect is not None and rect.end > rect.start:
        item.measures = split_measures(text, rect.start, rect.end)
    return item


_ITEMS_KINDS = frozenset(("ITEM_INLINE", "ITEM_HEAD", "RECT", "GROUP", "PARENT", "PROB_TEXT"))


def _record_labels(notice: Notice, lines: list[L.Line], lo: int, hi: int, section_of: list[str],
                   kinds: list[str | None], contact: int | None, sig_lo: int) -> None:
    stack: list[int] = []   # indexes into notice.labels, outermost first
    last_section = None
    for i in range(lo, min(hi, sig_lo if contact is None else contact)):
        line = lines[i]
        if line.label is None:      # no label, so no glued label is counted either
            continue
        sec = section_of[i]
        if kinds[i] in _ITEMS_KINDS:
            sec = "items"
        elif kinds[i] == "NEXT_LOST":
            sec = "next_steps"
        found = [(line.label.style, line.label.value, line.label.start, line.label.end, line.label.text)]
        if line.label.style == "cn-paren":
            found += _glued_labels(notice, line)
        for style, value, s, e, label_text in found:
            section_kind = _label_section(sec, line)
            if section_kind != last_section:
                stack = []
                last_section = section_kind
            rank = L.STYLE_RANK[style]
            while stack and L.STYLE_RANK[notice.labels[stack[-1]].style] >= rank:
                stack.pop()
            parent = stack[-1] if stack else None
            notice.labels.append(NumberLabel(text=label_text, style=style, value=value, level=rank,
                                             span=Span(s, e), section=section_kind, parent=parent))
            stack.append(len(notice.labels) - 1)


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
    item_lines = [i for i in range(body_lo, body_hi) if kinds[i] in
                  ("ITEM_INLINE", "ITEM_HEAD", "RECT", "RECT_CONT", "STATUS_IN", "PROB_TEXT", "GROUP", "PARENT")]
    runs: list[tuple[str, int, int]] = []
    for i in range(body_lo, body_hi):
        if kinds[i] is None:
            continue
        if kinds[i] == "NEXT_LOST":
            kind = "next_steps"
        elif item_lines and item_lines[0] <= i <= item_lines[-1]:
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
