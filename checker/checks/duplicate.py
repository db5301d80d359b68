"""duplicate: near-identical rectification texts or measures under different problems.

Candidates are found through shared character shingles (an inverted index: linear in the
text), then confirmed with rapidfuzz ``ratio`` (whole measures) or by the length of the
shared passage (a copied passage of ``min_length`` characters inside longer measures).
"""
from __future__ import annotations

from collections import defaultdict

from ..engine.registry import Evidence, register

SHINGLE = 12


def _shingles(text: str) -> set[str]:
    return {text[i:i + SHINGLE] for i in range(0, max(0, len(text) - SHINGLE + 1))}


@register("duplicate")
def duplicate(notice, ctx):
    from rapidfuzz import fuzz

    min_len = int(ctx.options.get("min_length", 40))
    threshold = float(ctx.options.get("threshold", 90))
    measures = []
    for item in notice.items:
        for m in item.measures:
            if min_len <= len(m.span) <= 5_000:      # longer "measures" are unsplit walls of text
                text = "".join(notice.view[m.span.start:m.span.end].split())
                measures.append((item.index, m.span, text, _shingles(text)))
    index: dict[str, list[int]] = defaultdict(list)
    for k, (_, _, _, shingles) in enumerate(measures):
        for h in shingles:
            index[h].append(k)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for postings in index.values():
        if len(postings) > 8:            # boilerplate shared by many items is not a copy
            continue
        for i, a in enumerate(postings):
            for b in postings[i + 1:]:
                if measures[a][0] != measures[b][0]:
                    shared[(a, b)] += 1
    reported: set[tuple[int, int]] = set()
    needed = min_len - SHINGLE + 1
    for (a, b), count in sorted(shared.items()):
        ia, sa, ta, _ = measures[a]
        ib, sb, tb, _ = measures[b]
        pair = (min(ia, ib), max(ia, ib))
        if pair in reported or count < needed * 0.6:
            continue
        if count >= needed or fuzz.ratio(ta, tb) >= threshold:
            reported.add(pair)
            if ib < ia:
                ia, sa, ib, sb = ib, sb, ia, sa
            a_label = notice.items[ia].label or f"第{ia + 1}项"
            b_label = notice.items[ib].label or f"第{ib + 1}项"
            yield Evidence(sb.start, sb.end, item=ib, related=(sa,), params={"a": a_label, "b": b_label},
                           message=f"第{ib + 1}项（{b_label}）与第{ia + 1}项（{a_label}）的整改措施几乎相同，疑似照搬。",
                           message_en=f"Item {ib + 1} repeats a measure of item {ia + 1} nearly verbatim.")
