"""Split a rectification text into measures: on 一是/二是/… markers, else on sentences."""
from __future__ import annotations

import re

from ..model import Measure, Span
from .limits import MAX_MEASURES

# 一是 … 十是, 十一是 …; "一是" must not be part of 统一是/唯一是 etc.: require a boundary before it.
_MARKER = re.compile(r"(?:(?<=^)|(?<=[。；;，,：:！!？?\s”\"）)]))(?:[一二三四五六七八九十]{1,3})是")
_SENTENCE_END = re.compile(r"[。；;！!？?]+|\n")


def split_measures(text: str, start: int, end: int) -> list[Measure]:
    """Measures of ``text[start:end]`` with spans into ``text``.

    When the text contains two or more ``一是/二是`` markers, each marker starts a
    measure (text before the first marker, if any, is a measure of its own);
    otherwise each sentence (ending in 。；！？ or a newline) is one.
    """
    body = text[start:end]
    markers = list(_MARKER.finditer(body))
    spans: list[tuple[int, int, str | None]] = []
    if len(markers) >= 2:
        first = markers[0].start()
        if body[:first].strip(" \t\r\n\u3000"):
            spans.append((0, first, None))
        for i, m in enumerate(markers):
            stop = markers[i + 1].start() if i + 1 < len(markers) else len(body)
            spans.append((m.start(), stop, m.group(0)))
    else:
        pos = 0
        for m in _SENTENCE_END.finditer(body):
            spans.append((pos, m.end(), None))
            pos = m.end()
        if pos < len(body):
            spans.append((pos, len(body), None))
    measures: list[Measure] = []
    for s, e, marker in spans:
        seg = body[s:e]
        lead = len(seg) - len(seg.lstrip(" \t\r\n\u3000"))
        trail = len(seg) - len(seg.rstrip(" \t\r\n\u3000"))
        s2, e2 = s + lead, e - trail
        if e2 > s2:
            if len(measures) >= MAX_MEASURES:     # the rest stays one measure: nothing is dropped
                last = measures[-1]
                measures[-1] = Measure(index=last.index, span=Span(last.span.start, start + e2), marker=last.marker)
                continue
            measures.append(Measure(index=len(measures), span=Span(start + s2, start + e2), marker=marker))
    return measures
