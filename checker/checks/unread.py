"""items-unread: a rectification report whose items could not be read must not pass silently.

The total of problems a notice declares about itself is count.py's reading (``declared_total``), so
ZG208 and ZG204 agree on what the notice declares (a previous round's 9个问题 is not this one's).
"""
from __future__ import annotations

from ..engine.registry import Evidence, register
from .count import declared_total


@register("items-unread")
def items_unread(notice, ctx):
    if notice.kind != "notice":
        return
    declared = declared_total(notice)
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
