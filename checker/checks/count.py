"""count: numbers the notice declares about itself that contradict the listed items or their arithmetic."""
from __future__ import annotations

import re

from ..engine.prefilter import WindowedPattern
from ..engine.registry import Evidence, register
from ..textnorm import cn_to_int

N = r"(\d{1,4}|[一二三四五六七八九十两百]{1,4})"
# scanned near their literal core (个方面, 个…占…%): the same matches, without trying the
# numeral prefix at every 一 of the text
_ASPECTS = WindowedPattern([N + r"个方面"])
_PROBLEMS = re.compile(r"(?:共计|共)" + N + r"[项个](?:具体)?问题")
_SHARE = WindowedPattern([r"(\d{1,4})个[^。；;\n个]{0,30}?占[^，。；;\n]{0,20}?(超过|高于|达到|达|为|约|近)?(\d{1,3}(?:\.\d+)?)%"])
_TOTAL = re.compile(r"(\d{1,4})个")


@register("count")
def count(notice, ctx):
    view = notice.view
    items_end = max((i.span.start for i in notice.items), default=0)
    head = view[:items_end]
    if notice.groups:
        for m in _ASPECTS.finditer(head):
            n = cn_to_int(m.group(1))
            if n and n != len(notice.groups) and n <= 30:
                yield Evidence(m.start(), m.end(), params={"n": n, "m": len(notice.groups)},
                               message=f"通报称有 {n} 个方面，但列出的分组只有 {len(notice.groups)} 个。",
                               message_en=f"The notice declares {n} aspects but lists {len(notice.groups)} groups.")
    if notice.items:
        for m in _PROBLEMS.finditer(head):
            n = cn_to_int(m.group(1))
            if n and n > len(notice.items) * 2:
                yield Evidence(m.start(), m.end(), params={"n": n, "m": len(notice.items)},
                               message=f"通报称共有 {n} 项问题，但只列出了 {len(notice.items)} 个事项。",
                               message_en=f"The notice declares {n} problems but lists {len(notice.items)} items.")
    for m in _SHARE.finditer(view):
        part, relation, pct = int(m.group(1)), m.group(2) or "", float(m.group(3))
        window = view[max(0, m.start() - 80):m.start()]
        totals = [int(t) for t in _TOTAL.findall(window) if int(t) > part]
        if not totals:
            continue
        actual = part / totals[-1] * 100
        wrong = (relation in ("超过", "高于") and actual <= pct) or \
                (relation in ("达到", "达", "为") and abs(actual - pct) > 0.6)
        if wrong:
            yield Evidence(m.start(), m.end(), params={"actual": f"{actual:.1f}"},
                           message=f"比例与数字不符：{part}/{totals[-1]} = {actual:.1f}%，与“{relation}{m.group(3)}%”矛盾。",
                           message_en=f"Arithmetic: {part}/{totals[-1]} = {actual:.1f}%, not {relation} {m.group(3)}%.")
