"""Tables of items (整改台账): a header row, then one row per problem.

A Word table reaches the parser as one line per row with its cells joined by tabs (see
``checker.source.docx``); the same table pasted into a text file has its cells separated by
tabs or by runs of two or more spaces. A header row names the columns (序号 / 问题 / 整改措施 /
责任单位 / 整改时限 / 完成情况 …); each following row is an item whose fields are its cells.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from . import lines as L

_TAB_CELLS = re.compile(r"[^\t]*")
_CELL_BLANK = L._BLANK         # a cell is trimmed like a line: its ends agree with its line's
_SPACE_SEP = re.compile(r" {2,}")
_LABEL_HEADERS = ("序号", "编号", "序", "No", "No.", "项次")
_GROUP_HEADERS = ("类别", "方面", "问题类别", "所属方面", "问题类型", "领域")
_PROBLEM_HEADERS = ("问题", "反馈问题", "存在问题", "问题描述", "问题表现", "具体问题", "问题内容", "问题清单",
                    "主要问题", "发现问题", "审计发现问题", "督察反馈问题", "检视问题", "问题名称", "反馈意见")
_FIELD_HEADERS = L.RECT_FIELDS + L.ATTACHED_FIELDS + ("整改任务", "措施", "进展", "时限", "责任领导",
                                                     "责任人员", "完成时限", "整改完成时限", "是否销号")
MAX_CELL_HEADER = 14      # characters of a header cell


@dataclass(slots=True)
class TableRow:
    """One row of a table of items: its cells and the role of each (from the header)."""

    token: str                                  # ROW (an item), ROW_CONT (merged continuation), PLAIN (the header)
    cells: list[tuple[int, int]] = field(default_factory=list)   # spans of the cells, into the text
    roles: list[str] = field(default_factory=list)               # "label" | "problem" | "group" | a field name


_ROW_TOKENS = ("ROW", "ROW_CONT", "PLAIN")


class TableRows:
    """The rows of the tables of a notice, by line index (``i in rows``, ``rows[i]``, ``rows.get(i)``).

    Stored flat: one array of cell bounds for every row, a token code and a shared list of
    column roles per row, so a 400,000-row table costs a few dozen bytes a row instead of a
    TableRow with a list of ``(start, end)`` tuples (≈ 820 bytes). ``rows[i]`` builds the
    TableRow of line ``i`` when asked (the parser asks for a few per row, one at a time).
    """

    __slots__ = ("_lines", "_slot", "_tokens", "_first", "_bounds", "_roles", "_role_lists", "_role_index")

    def __init__(self, lines: int, wide: bool = False) -> None:
        self._lines = lines
        self._slot: array | None = None          # row number per line index, -1 when no row (made at the first row)
        self._tokens = bytearray()               # index into _ROW_TOKENS per row
        self._first = array("q" if wide else "i", [0])   # where each row's bounds start in _bounds (+ the end)
        self._bounds = array("q" if wide else "i")       # start, end of every cell of every row, in order
        self._roles = array("i")                 # index into _role_lists per row
        self._role_lists: list[list[str]] = []
        self._role_index: dict[tuple[str, ...], int] = {}   # roles → index into _role_lists (one list each)

    def add(self, index: int, row: TableRow) -> None:
        """Record ``row`` as the row of line ``index``."""
        if self._slot is None:
            self._slot = array("i", [-1]) * self._lines
        self._slot[index] = len(self._tokens)
        self._tokens.append(_ROW_TOKENS.index(row.token))
        for s, e in row.cells:
            self._bounds.append(s)
            self._bounds.append(e)
        self._first.append(len(self._bounds))
        k = self._role_index.setdefault(tuple(row.roles), len(self._role_lists))
        if k == len(self._role_lists):
            self._role_lists.append(row.roles)
        self._roles.append(k)

    def __contains__(self, index: int) -> bool:
        slot = self._slot
        return slot is not None and 0 <= index < len(slot) and slot[index] >= 0

    def token(self, index: int) -> str:
        """The token of the row of line ``index`` (without building its TableRow)."""
        if index not in self:
            raise KeyError(index)
        return _ROW_TOKENS[self._tokens[self._slot[index]]]      # type: ignore[index]

    def __len__(self) -> int:
        return len(self._tokens)

    def __getitem__(self, index: int) -> TableRow:
        if index not in self:
            raise KeyError(index)
        n = self._slot[index]      # type: ignore[index]
        b = self._bounds
        lo, hi = self._first[n], self._first[n + 1]
        return TableRow(_ROW_TOKENS[self._tokens[n]], [(b[k], b[k + 1]) for k in range(lo, hi, 2)],
                        self._role_lists[self._roles[n]])

    def cell_of(self, index: int, role: str) -> tuple[int, int] | None:
        """The span of the first cell of the row of line ``index`` whose column is ``role``."""
        if index not in self:
            raise KeyError(index)
        n = self._slot[index]      # type: ignore[index]
        lo, hi = self._first[n], self._first[n + 1]
        for k, r in enumerate(self._role_lists[self._roles[n]]):
            if lo + 2 * k >= hi:
                break
            if r == role:
                return self._bounds[lo + 2 * k], self._bounds[lo + 2 * k + 1]
        return None

    def get(self, index: int) -> TableRow | None:
        return self[index] if index in self else None


def _cells(line: L.Line, tabs: bool, full_view: str | None = None) -> list[tuple[int, int]]:
    """Spans of the cells of ``line`` (into the text), blanks around each trimmed.

    With tabs, the cells are counted from the start of the raw line (``full_view``), so the
    empty leading cells of a continuation row (``\t\t另一条措施``) keep their columns.
    """
    view = line.view
    base = line.start
    if tabs and full_view is not None:
        raw = full_view.rfind("\n", 0, line.start) + 1
        view = full_view[raw:line.end]
        base = raw
    if tabs:
        raw = [(m.start(), m.end()) for m in _TAB_CELLS.finditer(view) if m.start() == 0 or view[m.start() - 1] == "\t"]
    else:
        raw, pos = [], 0
        for m in _SPACE_SEP.finditer(view):
            raw.append((pos, m.start()))
            pos = m.end()
        raw.append((pos, len(view)))
    out = []
    for s, e in raw:
        while s < e and view[s] in _CELL_BLANK:
            s += 1
        while e > s and view[e - 1] in _CELL_BLANK:
            e -= 1
        out.append((base + s, base + e))
    return out


def _role(cell: str) -> str | None:
    c = cell.replace(" ", "").strip("：:*")
    if not c or len(c) > MAX_CELL_HEADER:
        return None
    if c in _LABEL_HEADERS:
        return "label"
    if c in _PROBLEM_HEADERS or (c.endswith("问题") and len(c) <= 8):
        return "problem"
    if c in _GROUP_HEADERS:
        return "group"
    for name in _FIELD_HEADERS_LONGEST_FIRST:
        if c == name or (c.startswith(name) and len(c) <= len(name) + 4) or (c.endswith(name) and len(c) <= len(name) + 4):
            return name if name in L.RECT_FIELDS + L.ATTACHED_FIELDS else _FIELD_ALIASES.get(name, name)
    return None


_FIELD_HEADERS_LONGEST_FIRST = tuple(sorted(_FIELD_HEADERS, key=len, reverse=True))
_FIELD_ALIASES = {"整改任务": "整改措施", "措施": "整改措施", "进展": "整改进展", "时限": "整改时限",
                  "责任人员": "责任人", "整改完成时限": "整改时限", "是否销号": "销号情况"}


def _header_roles(line: L.Line, tabs: bool) -> list[str] | None:
    """The column roles when ``line`` is a header row, else None."""
    cells = _cells(line, tabs)
    if len(cells) < 3:
        return None
    roles = [_role(line.view[s - line.start:e - line.start]) for s, e in cells]
    known = [r for r in roles if r is not None]
    if len(known) < max(3, len(cells) - 1) or ("problem" not in known and not any(r in L.RECT_FIELDS for r in known)):
        return None
    return [r or f"列{k + 1}" for k, r in enumerate(roles)]


def _group_row(line: L.Line) -> bool:
    """A line inside a table that names a group of rows (``一、…方面`` in a merged row)."""
    v = line.view
    return len(v) <= 60 and "。" not in v and (line.label is not None or v.endswith("方面"))


def find_tables(lines: list[L.Line], lo: int, hi: int, view: str | None = None) -> TableRows:
    """Rows of the tables of items among ``lines[lo:hi]``, by line index (``view``: the
    folded text, to count a row's leading empty cells)."""
    rows = TableRows(len(lines), wide=bool(lines) and lines[-1].end >= 2**31 - 1)
    if not any("\t" in line.view or "  " in line.view for line in lines[lo:hi]):
        return rows
    i = lo
    while i < hi:
        line = lines[i]
        tabs = "\t" in line.view
        if not tabs and "  " not in line.view:
            i += 1
            continue
        roles = _header_roles(line, tabs)
        if roles is None:
            i += 1
            continue
        rows.add(i, TableRow("PLAIN", _cells(line, tabs, view), roles))
        j = i + 1
        while j < hi:
            row = lines[j]
            if not _separated(row, tabs, view):
                if _group_row(row) and j + 1 < hi and _separated(lines[j + 1], tabs, view):
                    j += 1          # a group row between rows: the parser reads it as a group heading
                    continue
                break
            cells = _cells(row, tabs, view)
            if len(cells) < 2:
                break
            rows.add(j, _row(row, cells, roles, tabs))
            j += 1
        i = j
    return rows


def _separated(line: L.Line, tabs: bool, view: str | None) -> bool:
    """Whether ``line`` has cells separated the way the table's header has them."""
    if tabs:
        if "\t" in line.view:
            return True
        # a row whose leading cells are empty: its tabs were trimmed off the line
        return view is not None and line.start > 0 and view[line.start - 1] == "\t"
    return "  " in line.view


def _row(line: L.Line, cells: list[tuple[int, int]], roles: list[str], tabs: bool) -> TableRow:
    """A body row; cells past the header's columns are kept under the last column."""
    if not tabs and len(cells) < len(roles):
        # blank cells cannot be seen between runs of spaces: the leading columns are the
        # label and the problem when the row has them, the rest fill the fields in order
        roles = roles[:len(cells)]
    if len(cells) > len(roles):
        cells = cells[:len(roles) - 1] + [(cells[len(roles) - 1][0], cells[-1][1])]
    named = dict(zip(roles, cells))
    empty = [r for r in ("label", "problem") if r in named and named[r][0] == named[r][1]]
    token = "ROW_CONT" if empty and len(empty) == len([r for r in ("label", "problem") if r in named]) else "ROW"
    # the header's own list when the row fills it (rows only read their roles): one list per
    # table, not one per row of a 400,000-row table
    return TableRow(token, cells, roles if len(cells) == len(roles) else roles[:len(cells)])
