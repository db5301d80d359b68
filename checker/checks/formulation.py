"""formulation: truncated or altered standard formulations (political terms, law titles)."""
from __future__ import annotations

import re

from ..engine.registry import Evidence, register

_TITLE = re.compile(r"《([^》\n]{2,40})》")


@register("formulation")
def formulation(notice, ctx):
    view = notice.view
    lex = ctx.lexicons
    seen: set[int] = set()
    for name in ("formulation_truncations",):
        if name not in lex:
            continue
        for s, e in lex.get(name).find(view):
            if s in seen:
                continue
            seen.add(s)
            yield Evidence(s, e, params={"found": notice.text[s:e]},
                           message=f"规范表述可能被截断或改动：“{notice.text[s:e]}”。",
                           message_en=f"A standard formulation looks truncated or altered: {notice.text[s:e]!r}.")
    if "formulation_full_titles" not in lex:
        return
    from rapidfuzz import fuzz, process

    titles = lex.get("formulation_full_titles").terms
    exact = set(titles)
    for m in _TITLE.finditer(view):
        inner = m.group(1)
        if inner in exact:
            continue
        best = process.extractOne(inner, titles, scorer=fuzz.ratio, score_cutoff=float(ctx.options.get("title_similarity", 84)))
        if best is not None and best[0] != inner:
            yield Evidence(m.start(), m.end(), params={"found": m.group(0), "full": f"《{best[0]}》"},
                           message=f"法规名称可能有误：{notice.text[m.start():m.end()]}，规范名称为《{best[0]}》。",
                           message_en=f"The title {m.group(0)} looks altered; the official title is 《{best[0]}》.")
