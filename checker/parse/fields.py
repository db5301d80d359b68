"""Labelled fields of an item (整改措施：… 责任单位：… 整改时限：… 整改状态：已完成)."""
from __future__ import annotations

from ..model import Span
from . import lines as L

_TRAILING = " \t\r\n\u3000。；;，,"
MAX_FIELD_SCAN = 20_000     # characters of an item searched for field markers


def item_fields(text: str, view: str, start: int, end: int) -> dict[str, Span]:
    """The fields printed in ``text[start:end]``: name → span of its value (first of each name).

    A value runs to the next field marker or the end of its line, without closing punctuation.
    """
    found: dict[str, Span] = {}
    stop = min(end, start + MAX_FIELD_SCAN)
    marks = list(L.FIELD_ANYWHERE.finditer(view, start, stop))
    for k, m in enumerate(marks):
        name = m.group("name")
        if name in found:
            continue
        vs = m.end()
        ve = marks[k + 1].start() if k + 1 < len(marks) else end
        nl = text.find("\n", vs, ve)
        if nl >= 0:
            ve = nl
        while vs < ve and text[vs] in _TRAILING:
            vs += 1
        while ve > vs and text[ve - 1] in _TRAILING:
            ve -= 1
        found[name] = Span(vs, ve)
    return found


STATUS_FIELDS = ("完成情况", "整改状态", "完成状态", "整改进度", "销号情况", "是否完成", "整改结论")


def status_of(fields: dict[str, Span]) -> Span | None:
    """The value of the item's completion-status field, if it prints one."""
    for name in STATUS_FIELDS:
        if name in fields:
            return fields[name]
    return None
