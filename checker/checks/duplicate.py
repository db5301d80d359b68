"""duplicate: near-identical rectification texts or measures under different problems.

Two measures of different items are a copy when they share ``min_length - 11`` of their
12-character shingles (a copied passage of ``min_length`` characters), or at least 60% of
that and rapidfuzz ``ratio`` ≥ ``threshold``. Shingles found in more than eight measures
are boilerplate and do not count.

Hashing every shingle of every measure costs ≈ 140 ns a character in Python, most of the
time of this check, so the exact count is made only for candidate pairs. Candidates share
an *anchored* shingle: one that starts at a punctuation mark, digit or Latin letter, or at
one of the commonest characters of official prose (about a quarter of all positions, found
by one regex pass in C). The anchors depend only on the text, so a copied passage carries
the same anchored shingles in both copies; a passage long enough to matter (≥ 29
characters) without a single anchor in its first 18 is very rare in these documents.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from ..engine.registry import Evidence, register

SHINGLE = 12
BOILERPLATE = 8        # a shingle in more measures than this is boilerplate, not a copy
MAX_MEASURE = 5_000    # longer "measures" are unsplit walls of text
_SEP = "\n"            # measure texts have no whitespace, so the separator never occurs inside one
# commonest characters of official prose (function words and the vocabulary of every notice)
_COMMON = "的一是在和了有不为中对以上工作建设管理制度部门全进行加强组织会议开展政治党员领导"
# an anchor character, then (looking back from just after it) the 12 characters from it on.
# Starting with a character class lets ``re`` skip to the anchors in C: the same shingles as
# ``(?=((?:[^\u4e00-\u9fff]|[common]).{11}))``, ≈ 30 % faster
_ANCHORED = re.compile("[\x00-\u4dff\ua000-\U0010ffff" + _COMMON + r"](?<=(?=(.{12})).)", re.S)


def _shingles(text: str) -> set[str]:
    return {text[i:i + SHINGLE] for i in range(0, max(0, len(text) - SHINGLE + 1))}


def _anchored_postings(texts: list[str]) -> dict[str, list[int]]:
    """Anchored shingles found in more than one measure, with the measures holding them."""
    anchored = [set(_ANCHORED.findall(t)) for t in texts]
    seen: set[str] = set()
    repeated: set[str] = set()
    for shingles in anchored:            # set algebra in C: only repeated shingles reach Python
        repeated |= shingles & seen
        seen |= shingles
    postings: dict[str, list[int]] = defaultdict(list)
    for k, shingles in enumerate(anchored):
        for shingle in shingles & repeated:
            postings[shingle].append(k)
    return postings


def _candidate_pairs(postings: dict[str, list[int]], items: list[int]) -> list[tuple[int, int]]:
    """Measure pairs (a < b) of different items sharing an anchored, non-boilerplate shingle.

    One shared shingle is enough: anchored shingles often start at common words, and those
    are the ones most often boilerplate, so a real copy may share only a few."""
    pairs: set[tuple[int, int]] = set()
    for where in postings.values():
        if len(where) <= BOILERPLATE:
            for i, a in enumerate(where):
                for b in where[i + 1:]:
                    if items[a] != items[b]:
                        pairs.add((a, b))
    return sorted(pairs)


class _Spread:
    """In how many measures a shingle occurs (capped just above the boilerplate limit)."""

    def __init__(self, texts: list[str], postings: dict[str, list[int]]) -> None:
        self.hay = _SEP.join(texts)
        self.starts = [0]
        for t in texts:
            self.starts.append(self.starts[-1] + len(t) + 1)
        # an anchored shingle is anchored wherever it occurs: its postings are its spread
        self._cache: dict[str, int] = {s: len(where) for s, where in postings.items()}

    def boilerplate(self, shingle: str) -> bool:
        if shingle not in self._cache:
            if _ANCHORED.match(shingle) or self.hay.count(shingle) <= BOILERPLATE:     # occurrences bound the measures
                self._cache[shingle] = 0
                return False

            owners: set[int] = set()
            pos = self.hay.find(shingle)
            while pos >= 0 and len(owners) <= BOILERPLATE:
                k = bisect_right(self.starts, pos) - 1
                owners.add(k)
                pos = self.hay.find(shingle, self.starts[k + 1])   # the next measure
            self._cache[shingle] = len(owners)
        return self._cache[shingle] > BOILERPLATE


def _at_least(shared: set[str], target: int, spread: _Spread) -> bool:
    """Whether ``target`` of the shared shingles are not boilerplate (stops as soon as it knows)."""
    count, remaining = 0, len(shared)
    for shingle in shared:
        remaining -= 1
        if not spread.boilerplate(shingle):
            count += 1
            if count >= target:
                return True
        elif count + remaining < target:
            return False
    return False


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz      # imported only when a candidate needs it (start-up time)

    return fuzz.ratio(a, b)


@register("duplicate")
def duplicate(notice, ctx) -> Iterator[Evidence]:
    min_len = int(ctx.options.get("min_length", 40))
    threshold = float(ctx.options.get("threshold", 90))
    measures = []
    for item in notice.items:
        for m in item.measures:
            if min_len <= len(m.span) <= MAX_MEASURE:
                measures.append((item.index, m.span, "".join(notice.view[m.span.start:m.span.end].split())))
    items = [m[0] for m in measures]
    if len(set(items)) < 2:
        return
    texts = [m[2] for m in measures]
    needed = min_len - SHINGLE + 1
    least = max(1, math.ceil(needed * 0.6))
    shingles: dict[int, set[str]] = {}
    postings = _anchored_postings(texts)
    spread = _Spread(texts, postings)
    reported: set[tuple[int, int]] = set()
    for a, b in _candidate_pairs(postings, items):
        ia, sa, ta = measures[a]
        ib, sb, tb = measures[b]
        pair = (min(ia, ib), max(ia, ib))
        if pair in reported:
            continue
        for k in (a, b):
            if k not in shingles:
                shingles[k] = _shingles(texts[k])
        shared = shingles[a] & shingles[b]
        if len(shared) < least:         # the boilerplate filter can only lower the count
            continue
        # a copy when ≥ needed shared shingles, or ≥ least and a high ratio: count only as far as needed
        target = least if _ratio(ta, tb) >= threshold else max(needed, least)
        if not _at_least(shared, target, spread):
            continue
        reported.add(pair)
        if ib < ia:
            ia, sa, ib, sb = ib, sb, ia, sa
        a_label = notice.items[ia].label or f"第{ia + 1}项"
        b_label = notice.items[ib].label or f"第{ib + 1}项"
        yield Evidence(sb.start, sb.end, item=ib, related=(sa,), params={"a": a_label, "b": b_label},
                       message=f"第{ib + 1}项（{b_label}）与第{ia + 1}项（{a_label}）的整改措施几乎相同，疑似照搬。",
                       message_en=f"Item {ib + 1} repeats a measure of item {ia + 1} nearly verbatim.")
