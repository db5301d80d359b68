"""Suggestions: a rule's ``suggestion`` template filled with what the rule found.

A rule's YAML declares ``suggestion`` (Chinese) and ``suggestion_en``, each either one template
or a mapping from a case name to a template with a ``default`` entry; ``Evidence.case`` picks the
case. Templates name their fields as ``{name}``; nothing else is interpreted (no attribute or
index access, no expressions), so user rule folders and document text cannot run anything.

Fields come from ``Evidence.params`` first; these are computed from the finding when a template
asks for them and the rule did not give them:

- ``excerpt``: the first words of the evidence (up to the first comma or full stop);
- ``matches``: the evidence spans, each quoted (“…”“…”, as Chinese lists quoted words);
- ``problem``: the item's problem statement, shortened;
- ``label``: the item's number label as printed, or 第N项 / item N;
- ``item_no``: the item's 1-based number.

A template whose field is missing or empty falls back to the ``default`` template, that to the
``plain`` one (a mapping may give it: no fields, or fewer), and that to an empty suggestion, so a
finding never shows a half-filled sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..model import Notice

_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\n]")
_PROBLEM_WRAP = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]?\s*)?(?:关于|问题[：:]|反馈问题[：:])?[“\"]?")
_PROBLEM_TAIL = re.compile(r"[”\"]?(?:的)?(?:问题)?(?:的)?(?:整改情况|整改落实情况)?[。.；;：:]?$")

EXCERPT = 14
PROBLEM = 24


def normalize(value: Any) -> dict[str, str]:
    """A YAML suggestion (a string or a case mapping) as a case mapping with ``default``."""
    if isinstance(value, str):
        return {"default": value.strip()}
    return {str(k): str(v).strip() for k, v in value.items()}


def fields(template: str) -> list[str]:
    return _FIELD.findall(template)


@lru_cache(maxsize=512)
def _parts(template: str) -> tuple[tuple[str, str | None], ...]:
    """The template as (literal text, field name or None) pieces, parsed once per template."""
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for m in _FIELD.finditer(template):
        pieces.append((template[pos:m.start()], m.group(1)))
        pos = m.end()
    pieces.append((template[pos:], None))
    return tuple(pieces)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def first_words(text: str, limit: int = EXCERPT) -> str:
    """The opening words of ``text``: up to its first clause end, at most ``limit`` characters."""
    text = text[:limit * 4].strip()
    m = _CLAUSE_END.search(text)
    head = text[:m.start()] if m and m.start() > 0 else text
    return clip(head, limit)


def _problem(notice: Notice, item_index: int | None) -> str:
    if item_index is None or not 0 <= item_index < len(notice.items):
        return ""
    span = notice.items[item_index].problem
    if span is None:
        return ""
    text = " ".join(notice.text[span.start:span.end].split())
    text = _PROBLEM_TAIL.sub("", _PROBLEM_WRAP.sub("", text, count=1), count=1)
    return clip(text, PROBLEM)


def _label(notice: Notice, item_index: int | None, lang: str) -> str:
    if item_index is None or not 0 <= item_index < len(notice.items):
        return ""
    label = (notice.items[item_index].label or "").strip()
    return label or (f"item {item_index + 1}" if lang == "en" else f"第{item_index + 1}项")


# computed fields whose value depends on the language (第N项 / item N): never shared between
# the Chinese and the English rendering of one finding
_BY_LANGUAGE = frozenset({"label"})


def derived(name: str, notice: Notice, start: int, end: int, item: int | None, related, lang: str) -> str:
    """The value of a computed field (see the module docstring), "" when it does not apply."""
    if name == "excerpt":
        return first_words(notice.text[start:min(end, start + EXCERPT * 4)])
    if name == "matches":
        spans = [(start, end), *((s.start, s.end) for s in related)]
        return "".join(f"“{clip(notice.text[s:min(e, s + EXCERPT * 4)].strip(), EXCERPT)}”"
                       for s, e in spans[:3] if e > s)
    if name == "problem":
        return _problem(notice, item)
    if name == "label":
        return _label(notice, item, lang)
    if name == "item_no":
        return "" if item is None else str(item + 1)
    return ""


def fill(template: str, values: dict[str, str]) -> str | None:
    """``template`` with its fields replaced, or None when one of them has no value."""
    out: list[str] = []
    for literal, name in _parts(template):
        out.append(literal)
        if name is not None:
            value = values.get(name)
            if not value:
                return None
            out.append(value)
    return "".join(out)


def render(templates: dict[str, str], case: str | None, params: dict[str, Any], notice: Notice,
           start: int, end: int, item: int | None, related, lang: str,
           cache: dict[str, str] | None = None) -> str:
    """The suggestion for one finding: the case's template (or ``default``, ``plain``), filled.
    ``cache`` keeps the computed fields between the Chinese and the English rendering (those
    that depend on the language are computed again)."""
    values = cache if cache is not None else {}
    for name in _BY_LANGUAGE & values.keys():
        del values[name]
    for key in (case or "", "default", "plain"):
        template = templates.get(key)
        if not template:
            continue
        for _, name in _parts(template):
            if name is not None and name not in values:
                value = params.get(name)
                values[name] = str(value) if value is not None else \
                    derived(name, notice, start, end, item, related, lang)
        text = fill(template, values)
        if text is not None:
            return text
    return ""
