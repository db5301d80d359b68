"""Output formats. Each format is one module with ``render(results, ctx) -> str``.

Modules are imported by name only when used, so ``--format json`` never imports jinja2.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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


def render(name: str, results: "list[FileResult]", ctx: RenderContext) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return module.render(results, ctx)
