"""Show the parsed structure (``zgcheck parse``): a tree for people, a dict for JSON."""
from __future__ import annotations

from typing import Any

from ..model import Notice, Span
from .genre import GENRE_NAMES
from .lines import RECT_FIELDS


def _short(notice: Notice, span: Span | None, n: int = 20) -> str:
    text = notice.slice(span).replace("\n", " ")
    return text[:n] + ("…" if len(text) > n else "")


def format_tree(notice: Notice, lang: str = "zh") -> str:
    zh = lang == "zh"
    lines = [(f"类型：{notice.kind}" if zh else f"kind: {notice.kind}") +
             (f"  发布单位：{notice.issuer}" if zh and notice.issuer else f"  issuer: {notice.issuer}" if notice.issuer else "")]
    if notice.kind == "notice":
        name = GENRE_NAMES.get(notice.genre or "", ("未能判断", "not determined"))[0 if zh else 1]
        lines.append((f"体裁：{name}" if zh else f"genre: {name}") +
                     (("（向人大常委会报告）" if zh else " (report to a people's congress)") if notice.to_congress else ""))
    if notice.kind_reason:
        lines.append(("原因：" if zh else "reason: ") + notice.kind_reason)
    lines.append(("结构：" if zh else "sections: ") + " → ".join(s.kind for s in notice.sections))
    group = -1
    for item in notice.items:
        if item.group is not None and item.group != group:
            group = item.group
            lines.append(f"  {notice.groups[group].title[:40]}")
        indent = "    " if item.group is not None else "  "
        prob = _short(notice, item.problem) or ("（无问题表述）" if zh else "(no problem)")
        rect = _short(notice, item.rectification) or ("（无整改情况）" if zh else "(no rectification)")
        count = f"{len(item.measures)} 条措施" if zh else f"{len(item.measures)} measures"
        lines.append(f"{indent}[{item.index}] {item.label or '—'}  {prob}  ⇒  {rect}  ({count})")
        shown = item.fields if len(item.fields) > 1 or any(n not in RECT_FIELDS for n in item.fields) else {}
        for name, span in shown.items():
            lines.append(f"{indent}      {name}：{_short(notice, span, 30) or ('（空）' if zh else '(empty)')}")
    lines.append((f"事项 {len(notice.items)} 个，分组 {len(notice.groups)} 个，未归入结构的文本 {len(notice.unplaced)} 处"
                  if zh else f"{len(notice.items)} items, {len(notice.groups)} groups, {len(notice.unplaced)} unplaced spans"))
    for limit in notice.limits_hit:
        lines.append(("限制：" if zh else "limit: ") + limit)
    return "\n".join(lines)


def _span(span: Span | None) -> dict[str, int] | None:
    return None if span is None else {"start": span.start, "end": span.end}


def notice_to_dict(notice: Notice) -> dict[str, Any]:
    return {
        "kind": notice.kind, "kind_reason": notice.kind_reason, "issuer": notice.issuer,
        "genre": notice.genre, "to_congress": notice.to_congress,
        "title": _span(notice.title), "contact": _span(notice.contact), "signature": _span(notice.signature),
        "sections": [{"kind": s.kind, **_span(s.span)} for s in notice.sections],
        "groups": [{"index": g.index, "label": g.label, "title": g.title, **_span(g.span)} for g in notice.groups],
        "items": [{"index": i.index, "label": i.label, "group": i.group, "problem": _span(i.problem),
                   "rectification": _span(i.rectification), "status": _span(i.status),
                   "fields": {name: _span(span) for name, span in i.fields.items()},
                   "measures": [{"marker": m.marker, **_span(m.span)} for m in i.measures]} for i in notice.items],
        "labels": [{"text": lb.text, "style": lb.style, "value": lb.value, "level": lb.level,
                    "section": lb.section, **_span(lb.span)} for lb in notice.labels],
        "unplaced": [_span(s) for s in notice.unplaced],
        "limits_hit": list(notice.limits_hit),
    }
