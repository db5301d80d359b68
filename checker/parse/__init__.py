"""Text → Notice. ``parse_notice`` never raises: what it cannot place is kept as unplaced."""
from __future__ import annotations

from ..model import Notice, Span


def parse_notice(text: str, list_labels: dict[int, str] | None = None) -> Notice:
    """Parse a notice; spans are code-point offsets into ``text`` (CRLF untouched).

    ``list_labels`` maps the offset of a line start to a number label that is not in the
    text (Word's automatic list numbering, e.g. ``{120: "（一）"}``): such a line is read
    as if it began with that label.
    """
    from .structure import build_notice

    try:
        return build_notice(text, list_labels or {})
    except RecursionError:
        notice = Notice(text=text)
        notice.limits_hit.append("结构嵌套过深，无法解析")
    except Exception as exc:  # a parser bug must not lose the user's text or crash the run
        notice = Notice(text=text)
        notice.limits_hit.append(f"解析失败（{type(exc).__name__}），全部内容未能归入结构")
    if text.strip():
        notice.unplaced.append(Span(0, len(text)))
    return notice


__all__ = ["parse_notice"]
