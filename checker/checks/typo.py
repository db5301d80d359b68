"""typo: doubled function characters, empty quotes, unbalanced brackets, paragraphs without closing punctuation."""
from __future__ import annotations

import re

from ..engine.registry import Evidence, register

_EMPTY_QUOTES = re.compile(r"“\s*”|‘\s*’|《\s*》|\(\s*\)")
_PAIRS = (("(", ")"), ("“", "”"), ("《", "》"))
_BRACKETS = re.compile(r"[()“”《》\n]")
_CLOSER = re.compile(r"[)”》]")
_OPENER = {right: left for left, right in _PAIRS}
_CLOSERS = "。！？!?；;…”’）)】》:："


@register("typo")
def typo(notice, ctx):
    view = notice.view
    doubled = ctx.lexicons.get("typo_doubled") if "typo_doubled" in ctx.lexicons else None
    if doubled is not None:
        for s, e in doubled.find(view):
            yield Evidence(s, e, message=f"重复用字：“{notice.text[s:e]}”。",
                           message_en=f"Duplicated character: {notice.text[s:e]!r}.")
    clutter = [sec.span for sec in notice.sections if sec.kind == "clutter"]
    for m in _EMPTY_QUOTES.finditer(view):
        if any(c.start <= m.start() < c.end for c in clutter):    # web-page text is reported as structure
            continue
        yield Evidence(m.start(), m.end(), message="引号或括号中没有内容（可能有文字丢失）。",
                       message_en="Empty quotation marks or brackets (text lost?).")
    for item in notice.items:
        rect = item.rectification
        if rect is None or rect.end <= rect.start:
            continue
        text = view[rect.start:rect.end]
        if not _CLOSER.search(text):          # only a closing mark can be unbalanced
            continue
        depth = {left: 0 for left, _ in _PAIRS}
        for m in _BRACKETS.finditer(text):
            ch = m.group()
            if ch == "\n":
                depth = {left: 0 for left, _ in _PAIRS}
            elif ch in depth:
                depth[ch] += 1
            else:
                left = _OPENER[ch]
                depth[left] -= 1
                if depth[left] < 0:
                    s = rect.start + m.start()
                    yield Evidence(max(rect.start, s - 8), s + 1, item=item.index,
                                   message=f"成对标点缺失：“{ch}”前没有对应的“{left}”。",
                                   message_en=f"Unbalanced punctuation: {ch!r} without {left!r}.")
                    depth[left] = 0
    labelled = [i for i in notice.items if i.label]
    for a, b in zip(labelled, labelled[1:]):
        rect = a.rectification
        if rect is None or rect.end <= rect.start or a.index + 1 != b.index:
            continue
        tail = notice.text[rect.start:rect.end].rstrip()
        if tail and tail[-1] not in _CLOSERS and "\u4e00" <= tail[-1] <= "\u9fff":
            end = rect.start + len(tail)
            yield Evidence(max(rect.start, end - 12), end, item=a.index,
                           message="段落结尾缺少句末标点。", message_en="The paragraph ends without closing punctuation.")
