"""``Notice.labels`` of a notice with very many number labels, kept flat.

A table of 200,000 numbered rows gives 200,000 labels; as ``NumberLabel`` objects (with their
Span, text and value) they cost ≈ 260 bytes each, ≈ 50 MB of a 20 MB file's peak memory.
``FlatLabels`` keeps the same labels as columns (≈ 35 bytes a label) and builds each
``NumberLabel`` when it is read, so the rules see the same values. Notices of ordinary size
keep a plain list (the parser picks this store only past ``FLAT_FROM`` lines).
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator

from ..model import NumberLabel, Span

FLAT_FROM = 10_000       # lines in the body from which the parser keeps its labels flat
_LARGE = 2 ** 62         # values from here (a label of 20 digits) are kept apart, as Python ints


class FlatLabels:
    """A list of NumberLabels (``append``, ``len``, indexing, iteration) stored as columns:
    span bounds, value, parent, one shared (style, level, section) code, and the text only
    where it is not the source's own text at the span."""

    __slots__ = ("_source", "_start", "_end", "_value", "_parent", "_code", "_codes", "_code_index",
                 "_texts", "_large")

    def __init__(self, source: str) -> None:
        self._source = source
        self._start = array("q")
        self._end = array("q")
        self._value = array("q")
        self._parent = array("q")                # -1: no parent
        self._code = array("I")                  # index into _codes
        self._codes: list[tuple[str, int, str]] = []
        self._code_index: dict[tuple[str, int, str], int] = {}
        self._texts: dict[int, str] = {}         # labels whose text is not source[start:end] (Word list labels)
        self._large: dict[int, int] = {}         # values outside the array's range

    def append(self, label: NumberLabel) -> None:
        n = len(self._start)
        s, e = label.span.start, label.span.end
        self._start.append(s)
        self._end.append(e)
        if 0 <= label.value < _LARGE:
            self._value.append(label.value)
        else:
            self._value.append(0)
            self._large[n] = label.value
        self._parent.append(-1 if label.parent is None else label.parent)
        key = (label.style, label.level, label.section)
        code = self._code_index.get(key)
        if code is None:
            code = self._code_index[key] = len(self._codes)
            self._codes.append(key)
        self._code.append(code)
        if not self._source.startswith(label.text, s) or len(label.text) != e - s:
            self._texts[n] = label.text

    def __len__(self) -> int:
        return len(self._start)

    def __bool__(self) -> bool:
        return len(self._start) > 0

    def __getitem__(self, index: int) -> NumberLabel:
        n = len(self._start)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("label index out of range")
        s, e = self._start[index], self._end[index]
        style, level, section = self._codes[self._code[index]]
        parent = self._parent[index]
        text = self._texts.get(index)
        value = self._large.get(index) if self._large else None
        return NumberLabel(text=self._source[s:e] if text is None else text, style=style,
                           value=self._value[index] if value is None else value, level=level,
                           span=Span(s, e), section=section,   # type: ignore[arg-type]
                           parent=None if parent < 0 else parent)

    def __iter__(self) -> Iterator[NumberLabel]:
        for index in range(len(self._start)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (FlatLabels, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None     # type: ignore[assignment]
