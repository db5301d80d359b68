"""not-a-notice: said once, at the title or the start."""
from __future__ import annotations

from ..engine.registry import Evidence, register


@register("not-a-notice")
def not_a_notice(notice, ctx):
    if notice.kind != "not-a-notice":
        return
    start = notice.title.start if notice.title else len(notice.text) - len(notice.text.lstrip())
    end = notice.title.end if notice.title else min(len(notice.text), start + 20)
    yield Evidence(start, max(end, start), params={"reason": notice.kind_reason or ""})
