"""Output formats. Each format is one module with ``render(results, ctx) -> str``.

A format may also stream: a module that defines ``open_sink(ctx, write) -> Sink`` is fed one
file result at a time (``add``) and finishes with ``close``; it writes through ``write`` and
keeps only what it must, so memory stays flat on an archive. A module without one gets
:class:`CollectingSink`, which keeps every result and calls ``render`` at the end.

Modules are imported by name only when used, so ``--format json`` never imports jinja2.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import FileResult

FORMATS: dict[str, str] = {
    "json": "json_fmt",
    "text": "text",
    "html": "html",
    "markdown": "markdown",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
}


@dataclass
class RenderContext:
    lang: str = "zh"                  # zh | en
    color: bool = False               # ANSI colours (terminal only)
    ruleset: Any = None               # checker.engine.RuleSet: rule metadata (names, descriptions)
    version: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    root: Path | None = None          # repository root: CI paths are relative to it (repopath)


class Sink(Protocol):
    """A format being written as the run streams (see the module docstring)."""

    def add(self, result: "FileResult") -> None: ...

    def close(self) -> None: ...


class CollectingSink:
    """The fallback sink: keep every result, render them all at ``close``."""

    def __init__(self, name: str, ctx: RenderContext, write: Callable[[str], Any]) -> None:
        self.name, self.ctx, self.write = name, ctx, write
        self.results: list[FileResult] = []

    def add(self, result: "FileResult") -> None:
        self.results.append(result)

    def close(self) -> None:
        self.write(render(self.name, self.results, self.ctx))


def render(name: str, results: "list[FileResult]", ctx: RenderContext) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render(results, ctx)


def render_through(opener: Callable[[RenderContext, Callable[[str], Any]], Sink],
                   results: "list[FileResult]", ctx: RenderContext) -> str:
    """A streaming format's whole output as one string (its ``render``): every result through
    one sink made by ``opener`` (the module's ``open_sink``)."""
    parts: list[str] = []
    sink = opener(ctx, parts.append)
    for result in results:
        sink.add(result)
    sink.close()
    return "".join(parts)


def open_sink(name: str, ctx: RenderContext, write: Callable[[str], Any]) -> Sink:
    """A sink for format ``name`` writing through ``write`` (the format's own, or collecting)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    opener = getattr(module, "open_sink", None)
    if opener is not None:
        return opener(ctx, write)
    return CollectingSink(name, ctx, write)
