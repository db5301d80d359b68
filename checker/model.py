"""The Notice model: plain dataclasses with character spans into the source text.

Everything downstream of the parser (rules, reports, baselines) reads this model;
nothing re-parses the text. Offsets are code-point offsets into ``Notice.text``
exactly as decoded (newlines untouched), end exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

NoticeKind = Literal["notice", "not-a-notice"]
SectionKind = Literal[
    "clutter",        # web-page text before/after the notice (menus, footers, ads)
    "title",
    "preamble",       # who inspected whom, when
    "organisation",   # 党组(党委)及主要负责人组织整改落实情况
    "items",          # the list of reported problems and their rectification
    "next_steps",     # 下一步 section
    "contact",        # public-supervision contact line
    "signature",      # issuer and date at the end
    "other",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start:self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def __reduce__(self):
        return Span, (self.start, self.end)      # compact and fast when results cross processes


@dataclass(slots=True)
class Measure:
    """One action inside a rectification text (一是…, or one sentence)."""

    index: int
    span: Span
    marker: str | None = None       # "一是", "二是", … or None when split on sentences
    attribute: str | None = None    # a labelled field that states no action (责任单位, 整改时限, 整改成效 …)


@dataclass(slots=True)
class NumberLabel:
    """A number label as printed (``1.`` ``(一)`` ``一、`` ``(1)`` ``问题1``), for numbering checks."""

    text: str                        # as printed, e.g. "(一)" or "1."
    style: str                       # e.g. "cn-dun" 一、, "cn-paren" (一), "num-dot" 1., "num-paren" (1), "num-word" 问题1
    value: int                       # 1-based numeric value
    level: int                       # 0 = outermost level of the section
    span: Span
    section: SectionKind = "items"
    parent: int | None = None        # index into Notice.labels of the enclosing label, if any


@dataclass(slots=True)
class Group:
    """A heading that groups items, e.g. ``(一)党中央决策部署在基层落实情况方面``."""

    index: int
    label: str | None
    title: str                       # heading text as printed (label included)
    span: Span                       # the heading line
    level: int = 0                   # 0: outermost; 1: a group inside a group (一、…方面 → （一）…)
    parent: int | None = None        # index into Notice.groups of the enclosing group


@dataclass(slots=True)
class Item:
    """One reported problem together with its rectification text."""

    index: int
    span: Span                       # whole item: label, problem and rectification
    label: str | None = None
    label_span: Span | None = None
    group: int | None = None         # index into Notice.groups
    problem: Span | None = None
    rectification: Span | None = None
    measures: list[Measure] = field(default_factory=list)
    status: Span | None = None       # value of a 完成情况:/整改状态: field, if printed
    parent_problem: Span | None = None  # enclosing problem when this item is a sub-problem
    fields: dict[str, Span] = field(default_factory=dict)  # labelled fields / table columns: name → value


@dataclass(slots=True)
class Section:
    kind: SectionKind
    span: Span
    heading: Span | None = None


@dataclass
class Notice:
    text: str
    kind: NoticeKind = "notice"
    kind_reason: str | None = None   # why the document is not a notice
    genre: str | None = None         # inspection-tour | audit | eco-inspection | special-check | self-review | rectification
    to_congress: bool = False        # a report to a 人大常委会 (no public contact line is expected)
    title: Span | None = None
    issuer: str | None = None
    issuer_span: Span | None = None
    sections: list[Section] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    labels: list[NumberLabel] = field(default_factory=list)
    contact: Span | None = None
    signature: Span | None = None
    unplaced: list[Span] = field(default_factory=list)
    unread: list[Span] = field(default_factory=list)      # numbered paragraphs of the items section read as no item
    glued: list[Span] = field(default_factory=list)       # numbered heads run into the previous line (split there)
    limits_hit: list[str] = field(default_factory=list)  # parser guards that tripped

    def slice(self, span: Span | None) -> str:
        return "" if span is None else self.text[span.start:span.end]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("view", None)                  # derived from text; recomputed on demand
        return state

    @cached_property
    def view(self) -> str:
        """Text folded 1:1 for matching (full-width → half-width etc., Markdown markup blanked);
        same length as ``text``."""
        from .markdown_view import blank_markdown, looks_like_markdown
        from .textnorm import fold

        view = fold(self.text)
        return blank_markdown(view) if looks_like_markdown(view) else view

    def sections_of(self, kind: SectionKind) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]
