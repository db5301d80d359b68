"""Findings and per-file results: what rules produce and every formatter consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .model import Notice, Span

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

ITEM_CATEGORIES = ("deadline", "responsibility", "study-only", "vague", "future-only")
DOCUMENT_CATEGORIES = ("numbering", "structure", "duplicate", "count", "contact", "typo",
                       "formulation", "not-a-notice")
CATEGORIES = ITEM_CATEGORIES + DOCUMENT_CATEGORIES


@dataclass(slots=True)
class Finding:
    rule: str                        # rule id, e.g. "ZG101"
    category: str                    # a rubric category
    severity: str                    # error / warning / info
    start: int                       # evidence span in Notice.text (code points, end exclusive)
    end: int
    message: str                     # Chinese
    message_en: str = ""
    item: int | None = None          # index into Notice.items, None for document findings
    name: str = ""                   # rule name, e.g. "deadline-missing"
    related: tuple[Span, ...] = ()   # further evidence (the other copy of a duplicate, …)
    line: int = 0                    # 1-based, filled in by the runner
    column: int = 0
    suggestion: str = ""             # how to fix it, Chinese (from the rule's YAML ``suggestion``)
    suggestion_en: str = ""

    def text_message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def text_suggestion(self, lang: str = "zh") -> str:
        """The suggestion in ``lang``, else in the language the run wrote (it writes only one)."""
        if lang == "en":
            return self.suggestion_en or self.suggestion
        return self.suggestion or self.suggestion_en

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule)


@dataclass(slots=True)
class FileResult:
    path: str                        # as given on the command line (or "-" for stdin)
    kind: str = "notice"             # notice / not-a-notice / error
    encoding: str | None = None
    error: str | None = None
    notice: Notice | None = None
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)   # by inline comments or baseline
    source_format: str = "text"      # text / docx / html / markdown
    rendered: str | None = None      # the file's JSON object, when a worker rendered it (notice dropped)
    rendered_items: int = 0          # its number of items
    source_map: object | None = None  # .html: textpos.SourceMap to lines of the file (None: the text's own)
    # suppression comments that name an unknown rule or suppress nothing:
    # ("unknown" | "unused", line in the file, the unknown reference or "")
    suppression_notes: list[tuple[str, int, str]] = field(default_factory=list)
    # rules stopped on this file (a user rule past the time budget), one line each naming the
    # file, the rule and its file; the other rules' findings stand, and the run exits 2
    rule_errors: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.notice.text if self.notice else ""
