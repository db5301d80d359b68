"""Text → Notice. ``parse_notice`` never raises: what it cannot place is kept as unplaced."""
from __future__ import annotations

from ..model import Notice, Span


def parse_notice(text: str) -> Notice:
    """Parse a notice; spans are code-point offsets into ``text`` (CRLF untouched)."""
    from .structure import build_notice

    try:
        return build_notice(text)
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
