"""Text → Notice. What the parser cannot place is kept as unplaced; an unexpected failure
of the parser itself raises ``ParseFailure`` (the caller reports it as an error for that file)."""
from __future__ import annotations

from ..model import Notice, Span


class ParseFailure(Exception):
    """The parser failed on a text (a bug to report); ``str()`` names the exception."""


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
    except Exception as exc:  # a parser bug: one clear error for this file (the run goes on)
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise ParseFailure(detail) from exc
    if text.strip():
        notice.unplaced.append(Span(0, len(text)))
    return notice


__all__ = ["ParseFailure", "parse_notice"]
