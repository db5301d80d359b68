"""contact: the public-supervision contact line is missing or has empty values."""
from __future__ import annotations

import re

from ..engine.registry import Evidence, register

# a field label whose value is empty: followed directly by a separator or the line end
_EMPTY = re.compile(r"(?:联系电话|监督电话|举报电话|电话|电子邮箱|电子信箱|邮箱|邮政地址|通讯地址|来信地址|地址|传真)"
                    r"\s*[:：]?\s*(?=[;；。，,、]|$)")


@register("contact-line")
def contact_line(notice, ctx):
    if notice.contact is None:
        # a report to a 人大常委会 (audit rectification) is not published for public
        # supervision and carries no contact line (RUBRIC: contact)
        if not notice.items or notice.to_congress or notice.genre in (None, "audit"):
            return
        end = len(notice.text.rstrip())
        last_nl = notice.text.rfind("\n", 0, end)
        yield Evidence(last_nl + 1, end, params={"problem": "缺少"}, message=None, case="missing")
        return
    view = notice.view[notice.contact.start:notice.contact.end]
    empties = [m for m in _EMPTY.finditer(view)]
    if empties:
        start = notice.contact.start + empties[0].start()
        end = notice.contact.start + empties[-1].end()
        fields = "、".join(m.group(0).strip(" :：") for m in empties)
        yield Evidence(start, max(end, start + 1), params={"fields": fields}, case="empty", severity="error",
                       message=f"公开监督联系方式中 {fields} 没有填写内容。",
                       message_en=f"The public-supervision contact line has empty values: {fields}.")
