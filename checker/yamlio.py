"""Safe YAML loading with the line of each top-level key (for errors that name file:line).

One parse: the document is composed once and constructed from that node, with libyaml's
safe loader when available (about ten times faster than the pure-Python one). Only the
safe constructor is ever used, so ``!!python/…`` tags are refused.
"""
from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasError(yaml.YAMLError):
    """An alias that names a list or mapping (``*name`` after ``&name [...]``)."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.problem_mark = _Mark(line)
        self.problem = ("别名只能指向单个值，不能指向列表或映射 (an alias may only name a scalar: "
                        "aliases of lists or mappings can expand exponentially)")


class _Mark:
    def __init__(self, line: int) -> None:
        self.line = line


def _refuse_collection_aliases(node: yaml.Node | None) -> None:
    """Raise AliasError when a list or mapping node is reached twice (an alias of it).

    A "billion laughs" file nests aliases of lists so that a few hundred bytes stand for
    gigabytes once anything walks or prints the data. Aliases of scalars (a shared pattern
    string) cannot grow that way and stay allowed. The walk visits each node once.
    """
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            continue
        if id(current) in seen:
            raise AliasError(current.start_mark.line + 1)
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))


def load_with_lines(raw: str) -> tuple[Any, dict[str, int]]:
    """(data, {top-level key: 1-based line}); raises ``yaml.YAMLError`` (also for an alias of
    a list or mapping)."""
    loader = SAFE_LOADER(raw)
    try:
        node = loader.get_single_node()
        _refuse_collection_aliases(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return data, lines


def describe(exc: yaml.YAMLError) -> tuple[str, str]:
    """(":line" or "", the reason) of a YAML error."""
    mark = getattr(exc, "problem_mark", None)
    line = f":{mark.line + 1}" if mark is not None else ""
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return line, reason
