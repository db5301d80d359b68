"""Build a one-item Notice from a problem and a rectification text (rule examples, tests)."""
from __future__ import annotations

from ..model import Item, Notice, Span
from .measures import split_measures


def notice_from_item(rectification: str, problem: str | None = None,
                     issuer: str | None = None) -> Notice:
    """A Notice whose only item has the given texts.

    The text is ``关于“<problem>”的整改情况。\\n整改情况:<rectification>`` (the problem
    line is omitted when there is none), so spans point into a realistic layout.
    """
    head = f"关于“{problem}”的整改情况。\n" if problem else ""
    marker = "整改情况:"
    text = head + marker + rectification + "\n"
    rect_start = len(head) + len(marker)
    rect = Span(rect_start, rect_start + len(rectification))
    prob = Span(len("关于“"), len("关于“") + len(problem)) if problem else None
    item = Item(index=0, span=Span(0, len(text) - 1), problem=prob, rectification=rect,
                measures=split_measures(text, rect.start, rect.end))
    return Notice(text=text, kind="notice", issuer=issuer, items=[item])
