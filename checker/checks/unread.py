"""items-unread: a rectification report whose items could not be read must not pass silently."""
from __future__ import annotations

import re

from ..engine.registry import Evidence, register
from ..textnorm import cn_to_int

_N = r"(\d{1,3}|[一二三四五六七八九十两]{1,3})"
# a total of reported problems the notice declares about itself (反馈的12个问题, 3个方面14个问题)
_DECLARED = re.compile(rf"(?:反馈|指出|发现|查出|交办|移交|检视|梳理出?)(?:的|了|出)?(?:{_N}个方面)?(?:共计?)?{_N}(?:个|项|条)问题"
                       rf"|{_N}个方面(?:的)?{_N}(?:个|项|条)问题")


def declared_total(view: str, end: int) -> int | None:
    """The first declared number of reported problems in ``view[:end]``."""
    m = _DECLARED.search(view, 0, min(end, 6000))
    if m is None:
        return None
    numerals = [g for g in m.groups() if g]
    return cn_to_int(numerals[-1]) if numerals else None


@register("items-unread")
def items_unread(notice, ctx):
    if notice.kind != "notice":
        return
    first_item = notice.items[0].span.start if notice.items else len(notice.view)
    declared = declared_total(notice.view, first_item)
    read = len(notice.items)
    unread = notice.unread
    at = notice.title or (unread[0] if unread else None)
    start = at.start if at else len(notice.text) - len(notice.text.lstrip())
    end = at.end if at else min(len(notice.text), start + 20)
    if read == 0:
        yield Evidence(start, max(end, start + 1), params={"read": 0}, case="none",
                       message="未能识别整改事项，未逐项检查：这份文件像是整改情况的通报或报告，但没有读出任何“问题＋整改情况”事项。"
                               "请检查格式（如每个问题是否有“整改情况”或编号标题），或把问题拆成编号段落。",
                       message_en="No rectification item could be read, so nothing was checked item by item: the document "
                                  "looks like a rectification report but no problem-and-rectification item was recognised.")
        return
    if declared is not None and declared >= 3 and read * 2 < declared:
        yield Evidence(start, max(end, start + 1), params={"read": read, "declared": declared}, case="declared",
                       message=f"通报称有 {declared} 个问题，但只识别出 {read} 个整改事项，其余未逐项检查。",
                       message_en=f"The notice declares {declared} problems but only {read} items were read; the rest "
                                  "were not checked item by item.")
    elif len(unread) >= max(2, read):
        first = unread[0]
        yield Evidence(first.start, min(first.end, first.start + 30), params={"read": read, "unread": len(unread)},
                       case="numbered",
                       message=f"整改事项部分有 {len(unread)} 个编号段落未能识别为整改事项（只识别出 {read} 个），这些段落未逐项检查。",
                       message_en=f"{len(unread)} numbered paragraphs of the items section were not read as items "
                                  f"(only {read} were); they were not checked item by item.")
