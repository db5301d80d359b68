"""Split a rectification text into measures: on 一是/二是/… markers, else on sentences."""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice

from ..model import Measure, Span
from .fields import attribute_at, attribute_before
from .limits import MAX_MEASURES

# 一是 … 十是, 十一是 …: one to three numerals and 是. "一是" must not be part of 统一是/唯一是
# etc.: the character before the numerals must be a boundary (or the text start). Candidates
# are found from the 是 (a literal the regex engine skips to fast) and checked backwards.
_NUMERALS = "一二三四五六七八九十"
_SHI_AFTER_NUMERAL = re.compile(f"是(?<=[{_NUMERALS}]是)")
_BOUNDARY = frozenset("。；;，,：:！!？?”\"）)")
# a run of 。；！？ or one newline; written to start with a character class (not ``…+|\n``)
# because only then does the regex engine skip ahead to candidates quickly
_SENTENCE_END = re.compile(r"[。；;！!？?\n](?:(?<=\n)|[。；;！!？?]*)")
_BLANK = " \t\r\n\u3000"
# a sentence that only states completion (已完成整改。): a status, not a measure
_STATUS_ONLY = re.compile(r"(?:目前|现|该问题|此项|上述问题)?(?:均)?已?(?:全部)?(?:完成整改|整改完成|整改到位|办结|销号|完成)[。；;.]?")


def _markers(body: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the 一是/二是 markers of ``body``, in order (none when it cannot hold two);
    found lazily: an item of 450,000 markers keeps only the first ``MAX_MEASURES`` measures."""
    if body.count("是") < 2:
        return
    for m in _SHI_AFTER_NUMERAL.finditer(body):
        shi = m.start()
        start = shi - 1
        while start > 0 and shi - start < 4 and body[start - 1] in _NUMERALS:
            start -= 1
        if shi - start < 4 and _after_boundary(body, start):    # 4+ numerals: no marker
            yield (start, shi + 1)


def _after_boundary(body: str, pos: int) -> bool:
    if pos == 0:
        return True
    before = body[pos - 1]
    return before in _BOUNDARY or before.isspace()


def _segments(body: str) -> Iterator[tuple[int, int, str | None]]:
    """(start, stop, marker) of each raw measure of ``body``, before blanks are trimmed, in
    order (a generator: past ``MAX_MEASURES`` only where each ends is read)."""
    markers = _markers(body)
    first_two = list(islice(markers, 2))
    if len(first_two) == 2:
        (start, end), _ = first_two
        if body[:start].strip(_BLANK):
            yield (0, start, None)
        for next_start, next_end in chain(first_two[1:], markers):
            yield (start, next_start, body[start:end])
            start, end = next_start, next_end
        yield (start, len(body), body[start:end])
    else:
        pos = 0
        for m in _SENTENCE_END.finditer(body):
            end = m.end()
            yield (pos, end, None)
            pos = end
        if pos < len(body):
            yield (pos, len(body), None)


def split_measures(text: str, start: int, end: int, view: str | None = None) -> list[Measure]:
    """Measures of ``text[start:end]`` with spans into ``text``.

    When the text contains two or more ``一是/二是`` markers, each marker starts a
    measure (text before the first marker, if any, is a measure of its own);
    otherwise each sentence (ending in 。；！？ or a newline) is one. With ``view`` (the folded
    text), a measure that is a labelled field stating no action (责任单位：…) is marked
    ``attribute``.
    """
    body = text[start:end]
    measures: list[Measure] = []
    # the text may start right after a field marker (整改目标：|…): its first measure is that field
    lead = attribute_before(view, start) if view is not None else None
    first = start + len(body) - len(body.lstrip(_BLANK))
    for s, e, marker in _segments(body):
        seg = body[s:e]
        stripped = seg.lstrip(_BLANK)
        if not stripped:
            continue
        s2 = start + s + len(seg) - len(stripped)
        e2 = s2 + len(stripped.rstrip(_BLANK))
        if len(measures) < MAX_MEASURES:
            attribute = None
            if view is not None:
                attribute = attribute_at(view, s2) or (lead if s2 == first else None) \
                    or ("完成情况" if _STATUS_ONLY.fullmatch(view, s2, e2) else None)
            measures.append(Measure(len(measures), Span(s2, e2), marker, attribute))
        else:                                 # the rest stays one measure: nothing is dropped
            last = measures[-1]
            measures[-1] = Measure(last.index, Span(last.span.start, e2), last.marker)
    return measures
