"""duplicate: near-identical rectification texts or measures under different problems."""
from __future__ import annotations

from ..engine.registry import Evidence, register


@register("duplicate")
def duplicate(notice, ctx):
    from rapidfuzz import fuzz

    min_len = int(ctx.options.get("min_length", 40))
    threshold = float(ctx.options.get("threshold", 90))
    measures = []
    for item in notice.items:
        for m in item.measures:
            if len(m.span) >= min_len:
                measures.append((item.index, m.span, notice.view[m.span.start:m.span.end]))
    reported: set[tuple[int, int]] = set()
    for i, (ia, sa, ta) in enumerate(measures):
        for ib, sb, tb in measures[i + 1:]:
            if ia == ib or (ia, ib) in reported:
                continue
            if min(len(ta), len(tb)) < 0.6 * max(len(ta), len(tb)) and fuzz.partial_ratio(ta, tb) < threshold:
                continue
            if fuzz.ratio(ta, tb) >= threshold or fuzz.partial_ratio(ta[:80], tb) >= 97:
                reported.add((ia, ib))
                a_label = notice.items[ia].label or f"第{ia + 1}项"
                b_label = notice.items[ib].label or f"第{ib + 1}项"
                yield Evidence(sb.start, sb.end, item=ib, related=(sa,),
                               params={"a": a_label, "b": b_label},
                               message=f"事项 {b_label}（第{ib + 1}项）与事项 {a_label}（第{ia + 1}项）的整改措施几乎相同，疑似照搬。",
                               message_en=f"Item {ib + 1} repeats a measure of item {ia + 1} nearly verbatim.")
