"""structure: problems without rectification, rectification without problem, unplaced text."""
from __future__ import annotations

from ..engine.registry import Evidence, register


@register("structure")
def structure(notice, ctx):
    for item in notice.items:
        rect = item.rectification
        if rect is None or rect.end <= rect.start:
            s = item.problem.start if item.problem else item.span.start
            yield Evidence(s, min(item.span.end, s + 30), item=item.index, case="no-rectification", severity="error",
                           message="该问题没有对应的整改情况。", message_en="This problem has no rectification text.")
        elif item.problem is None:
            yield Evidence(rect.start, min(rect.end, rect.start + 20), item=item.index, case="no-problem",
                           message="该整改情况前没有问题表述（问题可能在编辑或转载时丢失）。",
                           message_en="This rectification has no problem statement (lost in editing or scraping?).")
    clutter = [s.span for s in notice.sections if s.kind == "clutter"]
    first_body = min((s.span.start for s in notice.sections if s.kind not in ("clutter", "title")), default=None)
    head = [c for c in clutter if first_body is not None and c.end <= first_body]
    tail = [c for c in clutter if c not in head]
    reported = set()
    for group, where in ((head, "正文之前"), (tail, "正文之后")):
        if group:
            yield Evidence(group[0].start, group[-1].end, case="clutter", severity="info",
                           params={"where": where, "where_en": "before the notice" if where == "正文之前" else "after it"},
                           message=f"{where}有不属于通报的网页文字（导航、发布信息、广告等）。",
                           message_en=f"Web-page text that is not part of the notice ({'before' if where == '正文之前' else 'after'} it).")
            reported.update(group)
    for span in notice.unplaced:
        if span in reported or any(c.start <= span.start < c.end for c in clutter):
            continue
        yield Evidence(span.start, min(span.end, span.start + 30), case="unplaced",
                       message="这段文字无法归入通报结构（如标题丢失的“下一步”段落、粘连的标题）。",
                       message_en="Text that cannot be placed in the structure (a lost heading, a glued heading).")
    for span in notice.glued:
        yield Evidence(span.start, span.end, case="glued",
                       message="编号标题粘连在上一段末尾（两个事项写在同一段），已按两个事项检查，请分段。",
                       message_en="A numbered heading is run into the end of the previous paragraph (two items in one "
                                  "paragraph); read as two items — put it on a line of its own.")
    for limit in notice.limits_hit:
        yield Evidence(0, min(len(notice.text), 1), case="limit", severity="info", message=f"解析限制：{limit}", message_en=f"Parser limit hit: {limit}")
