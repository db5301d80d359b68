"""JUnit XML: one ``<testsuite>`` per file, one ``<testcase>`` per item checked and per document check.

A notice's items are its test cases, and so are the document-level checks (each document or
group rule that applies to the file, and any other rule that reported on the file as a whole):
a test case with findings at or above ``fail_on`` holds them all in its one ``<failure>``,
findings below it go to the case's ``<system-out>`` (the case passes). A file that could not be
read is one ``<testcase>`` with an ``<error>``. ``tests``/``failures``/``errors`` count test
cases, on every ``<testsuite>`` and, summed, on the root ``<testsuites>``.

The report streams: each file's suite is written to a spooled temporary file as it comes
and copied after the root element, whose totals are only known at the end.
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..findings import SEVERITY_RANK, FileResult, Finding
from ..sanitize import machine_safe
from ..textpos import position_index
from .ci_common import Position, error_text, positions, repo_path, ruleset_rules

ITEM_SCOPES = {"item", "item.problem", "item.rectification", "measure"}
TITLE_CHARS = 40                    # of an item's problem, in its test case's name
_SPOOL_BYTES = 4 * 1024 * 1024      # suites kept in memory up to this size, then on disk
_SPACE = re.compile(r"\s+")


def _(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _attr(text: str) -> str:
    return quoteattr(machine_safe(text))


def _text(text: str) -> str:
    return escape(machine_safe(text))


@dataclass
class _Case:
    name: str
    line: int | None = None
    failing: list[str] = field(default_factory=list)     # finding lines at or above fail_on
    rules: list[str] = field(default_factory=list)       # their rule ids, first seen first
    first_message: str = ""
    other: list[str] = field(default_factory=list)       # findings below fail_on


class JUnitSink:
    """Writes the JUnit report as results arrive (see the module docstring)."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write
        self.lang = ctx.lang
        self.threshold = SEVERITY_RANK.get((ctx.options or {}).get("fail_on", "warning"), 1)
        self.doc_rules = [(_rule_attr(r, "id"), _rule_attr(r, "name"), _rule_attr(r, "applies_to") or "notice")
                          for r in ruleset_rules(ctx) if _rule_attr(r, "scope") not in ITEM_SCOPES]
        self.body = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8",
                                                  errors="backslashreplace")
        self.tests = self.failures = self.errors = 0

    # -- one file --------------------------------------------------------------------------
    def add(self, result: FileResult) -> None:
        path = repo_path(result.path, self.ctx)
        if result.kind == "error":
            name = _(self.lang, "读取文件", "read the file")
            error = error_text(result, self.ctx)
            self._suite(path, 1, 0, 1,
                        f'    <testcase classname={_attr(path)} name={_attr(name)} file={_attr(path)}>\n'
                        f'      <error type="read-error" message={_attr(error)}>{_text(error)}</error>\n'
                        f'    </testcase>\n')
            return
        cases = self._cases(result, path)
        failing = sum(1 for case in cases if case.failing)
        stopped = [self._stopped_xml(result, path, error) for error in result.rule_errors]
        self._suite(path, len(cases) + len(stopped), failing, len(stopped),
                    "".join(self._case_xml(case, path) for case in cases) + "".join(stopped))

    def _stopped_xml(self, result: FileResult, path: str, error: str) -> str:
        """A rule stopped on this file (time budget): a test case with an ``<error>``."""
        name = _(self.lang, "规则已停止", "rule stopped")
        text = error_text(result, self.ctx, error)
        return (f'    <testcase classname={_attr(path)} name={_attr(name)} file={_attr(path)}>\n'
                f'      <error type="rule-stopped" message={_attr(text)}>{_text(text)}</error>\n'
                f'    </testcase>\n')

    def _cases(self, result: FileResult, path: str) -> list[_Case]:
        lang, notice = self.lang, result.notice
        items = notice.items if notice is not None else []
        index = position_index(result.text, result.source_map) if items and result.source_format in ("text", "html") else None
        item_cases = []
        for i, item in enumerate(items):
            label = (item.label or "").strip(" .、．()（）") or str(i + 1)
            title = _SPACE.sub(" ", notice.slice(item.problem) or notice.slice(item.span)).strip()
            if len(title) > TITLE_CHARS:
                title = title[:TITLE_CHARS] + "…"
            name = _(lang, f"事项 {label}：{title}", f"item {label}: {title}")
            item_cases.append(_Case(name, index.line_col(item.span.start)[0] if index else None))
        doc_cases: dict[str, _Case] = {}
        for rid, name, applies_to in self.doc_rules:
            if applies_to == "any" or applies_to == result.kind:
                doc_cases[rid] = _Case(_(lang, f"全文检查 {rid} {name}", f"document check {rid} {name}"))
        for f, pos in positions(result):
            if f.item is not None and 0 <= f.item < len(item_cases):
                case = item_cases[f.item]
            else:
                case = doc_cases.get(f.rule)
                if case is None:
                    case = doc_cases[f.rule] = _Case(_(lang, f"全文检查 {f.rule} {f.name}",
                                                       f"document check {f.rule} {f.name}"))
            self._record(case, f, pos, path)
        cases = item_cases + list(doc_cases.values())
        if not cases:                       # nothing to name: the file as a whole is the check
            cases.append(_Case(_(lang, "文件整体", "the file as a whole")))
        return cases

    def _record(self, case: _Case, f: Finding, pos: Position, path: str) -> None:
        lang = self.lang
        line = f"{path}:{pos.line}:{pos.column}: {f.rule} [{f.severity}] {f.text_message(lang)}"
        suggestion = f.text_suggestion(lang)
        if suggestion:
            line += "\n    " + _(lang, "修改建议：", "Suggestion: ") + suggestion
        if SEVERITY_RANK.get(f.severity, 1) >= self.threshold:
            case.failing.append(line)
            if f.rule not in case.rules:
                case.rules.append(f.rule)
            case.first_message = case.first_message or f.text_message(lang)
        else:
            case.other.append(line)

    def _case_xml(self, case: _Case, path: str) -> str:
        line = f" line=\"{case.line}\"" if case.line else ""
        head = f'    <testcase classname={_attr(path)} name={_attr(case.name)} file={_attr(path)}{line}'
        body = []
        if case.failing:
            count = len(case.failing)
            message = (_(self.lang, f"{count} 个问题：", f"{count} findings: ") if count > 1 else "") \
                + case.first_message
            body.append(f"      <failure type={_attr(' '.join(case.rules))} message={_attr(message)}>"
                        f"{_text(chr(10).join(case.failing))}</failure>\n")
        if case.other:
            body.append(f"      <system-out>{_text(chr(10).join(case.other))}</system-out>\n")
        if not body:
            return head + "/>\n"
        return head + ">\n" + "".join(body) + "    </testcase>\n"

    def _suite(self, path: str, tests: int, failures: int, errors: int, cases: str) -> None:
        self.tests += tests
        self.failures += failures
        self.errors += errors
        self.body.write(f'  <testsuite name={_attr(path)} tests="{tests}" failures="{failures}" '
                        f'errors="{errors}" skipped="0">\n{cases}  </testsuite>\n')

    # -- the whole report ------------------------------------------------------------------
    def close(self) -> None:
        self.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="zgcheck" tests="{self.tests}" '
                   f'failures="{self.failures}" errors="{self.errors}" skipped="0">\n')
        self.body.seek(0)
        while True:
            chunk = self.body.read(1 << 16)
            if not chunk:
                break
            self.write(chunk)
        self.body.close()
        self.write("</testsuites>\n")


def _rule_attr(rule: Any, key: str) -> str:
    value = rule.get(key, "") if isinstance(rule, dict) else getattr(rule, key, "")
    return str(value or "")


def open_sink(ctx: Any, write: Callable[[str], Any]) -> JUnitSink:
    return JUnitSink(ctx, write)


def render(results: list[FileResult], ctx: Any) -> str:
    from . import render_through

    return render_through(open_sink, results, ctx)

