"""Map code-point offsets to 1-based line and column numbers."""
from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Line starts of a text; a line ends at ``\\n`` (so CRLF keeps its ``\\r`` at line end)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count code points."""
        line = bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
