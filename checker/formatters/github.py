"""GitHub Actions workflow commands: ``::warning file=…,line=…,col=…::message``.

Paths are relative to the repository root (``ctx.root``). Text is escaped as the Actions
runner reads commands: ``%``, CR and LF in the message; also ``:`` and ``,`` in properties.
Control characters (ESC, BEL, …) from a notice or a file name are shown as visible escapes
(``\\x1b``), so no annotation can carry a terminal sequence into a log. One line per finding
is written as each file comes (nothing is kept).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..findings import FileResult
from ..sanitize import machine_safe
from .ci_common import error_text, positions, repo_path

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message, as the runner's ``ActionCommand`` unescapes it."""
    return machine_safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command property (``file=``, ``title=``): the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def lines(result: FileResult, ctx: Any) -> list[str]:
    """The workflow commands for one file."""
    path = escape_property(repo_path(result.path, ctx))
    if result.kind == "error":
        return [f"::error file={path},title=zgcheck::{escape_data(error_text(result, ctx))}"]
    out = [f"::error file={path},title=zgcheck::{escape_data(error_text(result, ctx, error))}"
           for error in result.rule_errors]          # a rule stopped on this file
    for f, pos in positions(result):
        title = escape_property(f"{f.rule} {f.category}")
        message = f.text_message(ctx.lang)
        suggestion = f.text_suggestion(ctx.lang)
        if suggestion:
            message += ("\nSuggestion: " if ctx.lang == "en" else "\n修改建议：") + suggestion
        # GitHub keeps columns only on a one-line annotation (its Checks API refuses them otherwise)
        where = (f"line={pos.line},col={pos.column},endLine={pos.end_line},endColumn={pos.end_column}"
                 if pos.end_line == pos.line else f"line={pos.line},endLine={pos.end_line}")
        out.append(f"::{LEVEL.get(f.severity, 'warning')} file={path},{where},title={title}::{escape_data(message)}")
    return out


class GitHubSink:
    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write

    def add(self, result: FileResult) -> None:
        commands = lines(result, self.ctx)
        if commands:
            self.write("\n".join(commands) + "\n")

    def close(self) -> None:
        pass


def open_sink(ctx: Any, write: Callable[[str], Any]) -> GitHubSink:
    return GitHubSink(ctx, write)


def render(results: list[FileResult], ctx: Any) -> str:
    return "".join(line + "\n" for result in results for line in lines(result, ctx))
