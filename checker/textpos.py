"""Map code-point offsets to 1-based line and column numbers."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator


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
    pair, so a long paragraph costs one pair, not one entry per character. The pairs are
    taken from ``pairs`` (in order) only as far as the offsets asked for: a page with one
    finding near its start costs next to nothing. Pickling (to send a result between
    processes) takes the rest and drops the original text.
    """

    __slots__ = ("_extracted", "_original", "_pending", "_original_text", "_index")

    def __init__(self, pairs: Iterable[tuple[int, int]], original: str) -> None:
        self._extracted: list[int] = []
        self._original: list[int] = []
        self._pending: Iterator[tuple[int, int]] | None = iter(pairs)
        self._original_text: str | None = original
        self._index: LineIndex | None = None

    def _take(self, offset: int | None) -> None:
        """Take pairs until one starts after ``offset`` (all of them for None)."""
        pending = self._pending
        if pending is None:
            return
        extracted, original = self._extracted, self._original
        while offset is None or not extracted or extracted[-1] <= offset:
            pair = next(pending, None)
            if pair is None:
                self._pending = None
                return
            extracted.append(pair[0])
            original.append(pair[1])

    def original_offset(self, offset: int) -> int:
        self._take(offset)
        if not self._extracted:
            return offset
        k = max(0, bisect_right(self._extracted, offset) - 1)
        return self._original[k] + offset - self._extracted[k]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of extracted-text ``offset``."""
        if self._index is None:
            self._index = LineIndex(self._original_text or "")
        return self._index.line_col(self.original_offset(offset))

    def __getstate__(self) -> tuple:
        self._take(None)
        if self._index is None:
            self._index = LineIndex(self._original_text or "")
        return (self._extracted, self._original, self._index)

    def __setstate__(self, state: tuple) -> None:
        self._extracted, self._original, self._index = state
        self._pending = None
        self._original_text = None


def position_index(text: str, source_map: SourceMap | None = None) -> LineIndex | SourceMap:
    """What turns offsets into ``text`` into the line and column a user sees in the file."""
    return source_map if source_map is not None else LineIndex(text)
