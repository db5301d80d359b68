"""Small helpers shared by the document checks."""
from __future__ import annotations

from ..model import Notice


def items_region_lines(notice: Notice):
    """(start, end) of every line inside item rectification texts."""
    for item in notice.items:
        rect = item.rectification
        if rect is None:
            continue
        pos = rect.start
        text = notice.text
        while pos < rect.end:
            nl = text.find("\n", pos, rect.end)
            end = rect.end if nl < 0 else nl
            yield item, pos, end
            pos = end + 1
