"""Safe YAML loading with the line of each top-level key (for errors that name file:line).

One parse: the document is composed once and constructed from that node, with libyaml's
safe loader when available (about ten times faster than the pure-Python one). Only the
safe constructor is ever used, so ``!!python/…`` tags are refused.
"""
from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_with_lines(raw: str) -> tuple[Any, dict[str, int]]:
    """(data, {top-level key: 1-based line}); raises ``yaml.YAMLError``."""
    loader = SAFE_LOADER(raw)
    try:
        node = loader.get_single_node()
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
