"""Registry of Python rule functions — the escape hatch for what YAML data cannot say.

A rule file names a function with ``condition: {type: function, name: <name>, with: {...}}``.
The function receives the parsed Notice and a RuleContext, and yields Evidence; the
engine turns each Evidence into a Finding with the rule's id, category, severity and
message (``{placeholders}`` in the message and the suggestion are filled from ``Evidence.params``;
``Evidence.case`` picks a variant of a suggestion written as a mapping, ``Evidence.severity`` sets
the severity of a case that is graver or lighter than the rule's usual one).

    from checker.engine.registry import register, Evidence

    @register("numbering-sequence")
    def numbering_sequence(notice, ctx):
        yield Evidence(start=10, end=14, params={"expected": "3"})
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model import Notice, Span

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings


@dataclass(slots=True)
class Evidence:
    start: int
    end: int
    item: int | None = None
    params: dict[str, Any] = field(default_factory=dict)   # fills {placeholders} in messages
    related: tuple[Span, ...] = ()
    message: str | None = None        # replaces the rule's message when given
    message_en: str | None = None
    case: str | None = None           # picks the rule's ``suggestion`` variant (a mapping keyed by case)
    severity: str | None = None       # the rule's severity for this case (config overrides still win)


@dataclass(slots=True)
class RuleContext:
    settings: "Settings"
    options: dict[str, Any]           # the rule's ``with:`` mapping, merged with config rule_options
    lexicons: Any                     # checker.engine lexicon store: ``lexicons.get(name)``
    rule_id: str = ""


RuleFunction = Callable[[Notice, RuleContext], Iterable[Evidence]]
_FUNCTIONS: dict[str, RuleFunction] = {}


def register(name: str) -> Callable[[RuleFunction], RuleFunction]:
    def deco(fn: RuleFunction) -> RuleFunction:
        if name in _FUNCTIONS and _FUNCTIONS[name] is not fn:
            raise ValueError(f"rule function {name!r} registered twice")
        _FUNCTIONS[name] = fn
        return fn
    return deco


def get_function(name: str) -> RuleFunction | None:
    _load_builtin_functions()
    return _FUNCTIONS.get(name)


def function_names() -> list[str]:
    _load_builtin_functions()
    return sorted(_FUNCTIONS)


def _load_builtin_functions() -> None:
    """Import the modules that register the built-in functions (once)."""
    from .. import checks  # noqa: F401  (checker/checks/__init__.py imports its modules)
