"""Labelled fields of an item (整改措施：… 责任单位：… 整改时限：… 整改状态：已完成)."""
from __future__ import annotations

from ..model import Span
from . import lines as L

_TRAILING = " \t\r\n\u3000。；;，,"
MAX_FIELD_SCAN = 20_000     # characters of an item searched for field markers


_NAMES = frozenset(L.RECT_FIELDS + L.ATTACHED_FIELDS)
_LONGEST = max(map(len, _NAMES))
_BOUNDARY = frozenset("。；;，,. \t\n\r】]")


def _marker_at(view: str, colon: int, start: int) -> tuple[str, int] | None:
    """(field name, marker start) when a field name (after a boundary) ends at ``colon``."""
    end = colon
    while end > start and view[end - 1] == " ":
        end -= 1
    if end > start and view[end - 1] in "】]":
        end -= 1
    for size in range(min(_LONGEST, end - start), 1, -1):
        name = view[end - size:end]
        if name in _NAMES:
            s = end - size
            if s > start and view[s - 1] in "【[":
                s -= 1
            if s == start or view[s - 1] in _BOUNDARY or s == 0:
                return name, s
            return None
    return None


def item_fields(text: str, view: str, start: int, end: int) -> dict[str, Span]:
    """The fields printed in ``text[start:end]``: name → span of its value (first of each name).

    A field is a name (整改措施、责任单位 …) after a clause boundary and before a colon; its
    value runs to the next field or the end of its line, without closing punctuation. Found
    from the colons (few) backwards, not by scanning every character for a name.
    """
    stop = min(end, start + MAX_FIELD_SCAN)
    marks: list[tuple[str, int, int]] = []        # (name, marker start, value start)
    for closer in (":", "】"):                    # 整改时限：… and 【整改时限】…
        pos = view.find(closer, start, stop)
        while pos >= 0:
            found = _marker_at(view, pos + (closer == "】"), start) if closer == "】" else _marker_at(view, pos, start)
            if found is not None:
                value = pos + 1
                if closer == "】" and view.startswith(":", value):
                    value += 1                    # 【责任单位】：…
                marks.append((found[0], found[1], value))
            pos = view.find(closer, pos + 1, stop)
    # 【整改时限】：… is found from both closers: one mark per marker start, the later value
    marks = sorted({m[1]: m for m in sorted(marks, key=lambda m: m[2])}.values(), key=lambda m: m[1])
    fields: dict[str, Span] = {}
    for k, (name, _, vs) in enumerate(marks):
        if name in fields:
            continue
        ve = marks[k + 1][1] if k + 1 < len(marks) else end
        nl = text.find("\n", vs, ve)
        if nl >= 0:
            ve = nl
        while vs < ve and text[vs] in _TRAILING:
            vs += 1
        while ve > vs and text[ve - 1] in _TRAILING:
            ve -= 1
        fields[name] = Span(vs, ve)
    return fields


def attribute_at(view: str, pos: int) -> str | None:
    """The field name when ``view`` at ``pos`` opens with a field that states no action
    (``责任单位：``, ``【整改时限】``, ``整改成效：`` …), else None."""
    head = view[pos:pos + _LONGEST + 3]
    for closer in (":", "】", "]"):
        k = head.find(closer)
        if k < 0:
            continue
        name = head[:k].strip(" 【[")
        if name in _NAMES and name not in L.MEASURE_FIELDS:
            return name
    return None


def attribute_before(view: str, pos: int) -> str | None:
    """The field name when a marker of a field that states no action ends right before ``pos``
    (``整改目标：|…``)."""
    k = pos - 1
    while k >= 0 and view[k] == " ":
        k -= 1
    if k < 0 or view[k] not in ":】]":
        return None
    found = _marker_at(view, k + (view[k] != ":"), max(0, k - _LONGEST - 3))
    if found is None:
        return None
    return found[0] if found[0] not in L.MEASURE_FIELDS else None


# The completion-status fields, first found wins. The one list: the parser fills ``Item.status`` from
# it and the progress rules (ZG101, ZG105) read it; their rule files declare the same list as the
# default of their ``status_fields`` option (a test keeps the two in step).
STATUS_FIELDS = ("整改状态", "完成情况", "完成状态", "整改进度", "销号情况", "是否完成", "整改结论")


def status_of(fields: dict[str, Span]) -> Span | None:
    """The value of the item's completion-status field, if it prints one."""
    for name in STATUS_FIELDS:
        if name in fields:
            return fields[name]
    return None
