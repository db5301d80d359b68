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


class SourceMap:
    """Line and column in the *original* file of offsets into text extracted from it (HTML).

    Piecewise linear: ``(extracted_start, original_start)`` pairs, each valid up to the next
    pair, so a long paragraph costs one pair, not one entry per character.
    """

    __slots__ = ("_extracted", "_original", "_lines")

    def __init__(self, pairs: list[tuple[int, int]], original: str) -> None:
        self._extracted = [e for e, _ in pairs] or [0]
        self._original = [o for _, o in pairs] or [0]
        self._lines = LineIndex(original)

    def original_offset(self, offset: int) -> int:
        k = max(0, bisect_right(self._extracted, offset) - 1)
        return self._original[k] + offset - self._extracted[k]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of extracted-text ``offset``."""
        return self._lines.line_col(self.original_offset(offset))


def position_index(text: str, source_map: SourceMap | None = None) -> LineIndex | SourceMap:
    """What turns offsets into ``text`` into the line and column a user sees in the file."""
    return source_map if source_map is not None else LineIndex(text)
