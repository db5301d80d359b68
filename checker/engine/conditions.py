"""The condition vocabulary of YAML rules, and its evaluation on one scope unit.

Every condition evaluates to ``(flag, evidence)``; evidence is a list of absolute
``(start, end)`` spans. Types (documented in rules/README.md):

- ``exists``  — a lexicon / inline terms / patterns match ``in`` a part of the unit
  (``rectification``, ``problem``, ``item``, ``measure``, ``document``); ``min`` matches;
  ``drop_self: true`` ignores matches that only name the issuer itself.
- ``absent``  — the same, flagged when nothing matches.
- ``all_measures`` — every measure satisfies ``match`` and none satisfies ``none`` (measures that
  are labelled fields stating no action — 责任单位：…, 整改时限：… — are left out).
- ``requires`` — ``if`` holds and ``then`` does not (open commitment ⇒ time limit).
- ``all_of`` / ``any_of`` / ``not`` — combinators (``of:``).
- ``field`` — the item prints one of the labelled fields (or table columns) ``names``
  (整改时限, 责任单位 …) with a value; with a lexicon / terms / patterns, the value matches it.
- ``function`` — a registered Python function (``name:``, ``with:``) — the escape hatch.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import Item, Measure, Notice, Span
from .errors import RuleError
from ..parse.limits import MAX_SCAN
from ..parse.lines import RESULT_FIELDS
from .lexicon import Lexicon, LexiconStore

PARTS = ("rectification", "problem", "item", "measure", "document")
MATCH_KEYS = {"type", "lexicon", "terms", "patterns", "in", "min", "drop_self", "except", "except_patterns"}
TYPES: dict[str, set[str]] = {
    "exists": MATCH_KEYS,
    "absent": MATCH_KEYS,
    "all_measures": {"type", "match", "none"},
    "requires": {"type", "if", "then"},
    "all_of": {"type", "of"},
    "any_of": {"type", "of"},
    "not": {"type", "of"},
    "function": {"type", "name", "with"},
    "field": {"type", "names", "lexicon", "terms", "patterns", "except", "except_patterns"},
}


@dataclass
class Unit:
    """What a condition looks at: the notice, and the item/measure of this scope unit."""

    notice: Notice
    item: Item | None = None
    measure: Measure | None = None
    self_names: tuple[str, ...] = ()
    memo: dict = field(default_factory=dict)   # lexicon matches by (lexicon, span), shared by all rules

    def part(self, name: str) -> Span | None:
        if name == "measure":
            return self.measure.span if self.measure else self.part("rectification")
        if name == "document":
            return Span(0, len(self.notice.text))
        if self.item is None:
            return None
        if name == "rectification":
            return self.item.rectification
        if name == "problem":
            return self.item.problem
        return self.item.span


@dataclass
class Condition:
    type: str
    spec: dict[str, Any]
    lexicon: Lexicon | None = None
    children: list["Condition"] = field(default_factory=list)
    part: str = "rectification"
    function: Any = None
    boolean: bool = False      # only whether it holds matters (no evidence): may stop at the first match
    need: int = 1              # ``min`` of exists/absent, read once
    drop_self: bool = False

    def evaluate(self, unit: Unit, ctx: Any) -> tuple[bool, list[tuple[int, int]]]:
        t = self.type
        if t == "absent":
            return not self._holds(unit, 1), []
        if t == "exists" and self.boolean:
            return self._holds(unit, self.need), []
        if t == "exists":
            matches = self._matches(unit)
            ok = len(matches) >= self.need
            return (ok, matches) if t == "exists" else (not matches, [])
        if t == "all_measures":
            item = unit.item
            measures = item.measures if item else []
            if not measures:
                return False, []
            match, none = self.children[0], (self.children[1] if len(self.children) > 1 else None)
            evidence: list[tuple[int, int]] = []
            # a labelled field that states no action (责任单位：…, 整改时限：…, 整改成效：…) is not a
            # measure: it need not satisfy ``match``, but a ``none`` in it still counts
            # (整改成效：投诉量下降28% is a result)
            if all(m.attribute is not None for m in measures):
                return False, []
            for m in measures:
                sub = Unit(unit.notice, item, m, unit.self_names, unit.memo)
                if m.attribute is not None:
                    if m.attribute in RESULT_FIELDS and none is not None and none.evaluate(sub, ctx)[0]:
                        return False, []
                    continue
                if not match.evaluate(sub, ctx)[0]:
                    return False, []
                if none is not None and none.evaluate(sub, ctx)[0]:
                    return False, []
                evidence.append((m.span.start, m.span.end))
            return True, evidence
        if t == "requires":
            cond_if, cond_then = self.children
            ok, ev = cond_if.evaluate(unit, ctx)
            if not ok:
                return False, []
            return (not cond_then.evaluate(unit, ctx)[0]), ev
        if t == "all_of":
            evidence = []
            for child in self.children:
                ok, ev = child.evaluate(unit, ctx)
                if not ok:
                    return False, []
                evidence.extend(ev)
            return True, evidence
        if t == "any_of":
            for child in self.children:
                ok, ev = child.evaluate(unit, ctx)
                if ok:
                    return True, ev
            return False, []
        if t == "not":
            return (not self.children[0].evaluate(unit, ctx)[0]), []
        if t == "field":
            return self._field(unit)
        raise AssertionError(t)  # function conditions are evaluated by the rule set

    def _field(self, unit: Unit) -> tuple[bool, list[tuple[int, int]]]:
        """The first of ``names`` the item prints with a value (matching the lexicon, if any)."""
        fields = unit.item.fields if unit.item is not None else {}
        if not fields:
            return False, []
        view = unit.notice.view
        for name in self.spec["names"]:
            span = fields.get(name)
            if span is None or span.end <= span.start:
                continue
            end = min(span.end, span.start + MAX_SCAN)
            if self.lexicon is None or self.lexicon.holds(view[span.start:end], 1, None):
                return True, [(span.start, span.end)]
        return False, []

    def _holds(self, unit: Unit, need: int) -> bool:
        """Whether ``_matches`` would return at least ``need`` matches, stopping early if it can."""
        span = unit.part(self.part)
        if span is None or span.end <= span.start or self.lexicon is None:
            return False
        end = min(span.end, span.start + MAX_SCAN)
        drop = self.drop_self and bool(unit.self_names)
        full = unit.memo.get((id(self.lexicon), span.start, end))
        if full is not None:
            return len(self._kept(unit, full) if drop else full) >= need
        key = ("holds", id(self.lexicon), span.start, end, need, drop)
        held = unit.memo.get(key)
        if held is None:
            view = unit.notice.view
            accept = None
            if drop:
                base, names = span.start, unit.self_names

                def accept(s: int, e: int) -> bool:
                    return not is_self_reference(view[base + s:base + e], names)
            held = unit.memo[key] = self.lexicon.holds(view[span.start:end], need, accept)
        return held

    @staticmethod
    def _kept(unit: Unit, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        text = unit.notice.view
        return [(s, e) for s, e in found if not is_self_reference(text[s:e], unit.self_names)]

    def _matches(self, unit: Unit) -> list[tuple[int, int]]:
        span = unit.part(self.part)
        if span is None or span.end <= span.start or self.lexicon is None:
            return []
        end = min(span.end, span.start + MAX_SCAN)
        key = (id(self.lexicon), span.start, end)
        found = unit.memo.get(key)
        if found is None:
            view = unit.notice.view[span.start:end]
            found = unit.memo[key] = [(span.start + s, span.start + e) for s, e in self.lexicon.find(view)]
        if self.drop_self and unit.self_names:
            found = self._kept(unit, found)
        return found


def mark_boolean(cond: Condition) -> None:
    """Let every ``exists`` under ``cond`` stop at its first match (its evidence is not used)."""
    if cond.type == "exists":
        cond.boolean = True
    for child in cond.children:
        mark_boolean(child)


# Level words that may precede the issuer's own name when it names itself: 局党组, 院党委,
# 中共…市委, 县教育局 (county + the bureau's own name). Never 机关 (机关党委 is another body).
SELF_LEVELS = frozenset({"中共", "局", "院", "校", "区", "市", "县", "镇", "乡", "省", "州", "厅", "所", "站",
                         "公司", "集团", "学校", "医院", "本级"})
_SELF_STRIP = "，,、的和及与 \u3000"


@lru_cache(maxsize=256)
def _vocabulary(names: tuple[str, ...], extra: frozenset[str]) -> tuple[frozenset[str], int]:
    words = frozenset(n for n in names if n) | extra
    return words, max((len(w) for w in words), default=0)


def composed_of(text: str, names: tuple[str, ...], extra: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` is made entirely of whole words of ``names`` (and ``extra``), with at
    most two level words (SELF_LEVELS) before the first: 园区党工委, 局党组, 县教育局. A word is
    never matched inside another word (纪工委 is not 工委 with a 纪 left over)."""
    words, longest = _vocabulary(names, extra)
    n = len(text)
    if n == 0 or longest == 0:
        return False
    # reach[i]: 0 = not reachable, 1 = reachable by level words only, 2 = reachable with a word
    reach = [0] * (n + 1)
    reach[0] = 1
    levels_used = [0] * (n + 1)
    for i in range(n):
        if not reach[i]:
            continue
        for j in range(i + 1, min(n, i + max(longest, 2)) + 1):
            piece = text[i:j]
            if piece in words:
                reach[j] = 2
            elif reach[i] == 1 and piece in SELF_LEVELS and levels_used[i] < 2 and reach[j] == 0:
                reach[j] = 1
                levels_used[j] = levels_used[i] + 1
    return reach[n] == 2


def is_self_reference(name: str, self_names: tuple[str, ...]) -> bool:
    """Whether a matched agent only names the issuer itself (its names, short forms, 我们…),
    each part matched as a whole name: with an issuer 某工委, 纪工委 is another body."""
    parts = [p for p in re.split(r"[、，,和及与/\s\u3000]+", name.strip(_SELF_STRIP)) if p]
    parts = [p for p in parts if any("\u4e00" <= ch <= "\u9fff" for ch in p)]
    if not parts:
        return True
    return all(composed_of(p.strip(_SELF_STRIP), self_names) for p in parts)


def build(spec: Any, where: str, store: LexiconStore, functions, default_part: str = "rectification") -> Condition:
    """Validate a condition mapping and compile its lexicons; raises RuleError."""
    if not isinstance(spec, dict) or "type" not in spec:
        raise RuleError(f"{where}: condition 应为带 type 的映射 (a condition is a mapping with a type)")
    t = spec["type"]
    if t not in TYPES:
        raise RuleError(f"{where}: 未知条件类型 {t!r}（可用：{', '.join(TYPES)}）")
    unknown = set(spec) - TYPES[t]
    if unknown:
        raise RuleError(f"{where}: 条件 {t} 有未知键 {sorted(unknown)}")
    cond = Condition(type=t, spec=spec, part=spec.get("in", default_part), drop_self=bool(spec.get("drop_self")))
    if cond.part not in PARTS:
        raise RuleError(f"{where}: in: {cond.part!r} 无效（可用：{', '.join(PARTS)}）")
    if t == "field":
        names = spec.get("names")
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            raise RuleError(f"{where}: field 需要非空的字段名列表 names (names: a list of field names)")
        if any(key in spec for key in ("lexicon", "terms", "patterns")):
            cond.lexicon = _match_lexicon(spec, where, store, t)
        return cond
    if t in ("exists", "absent"):
        try:
            cond.need = int(spec.get("min", 1))
        except (TypeError, ValueError):
            raise RuleError(f"{where}: min 应为整数 (min must be an integer)") from None
        cond.lexicon = _match_lexicon(spec, where, store, t)
    elif t == "all_measures":
        if "match" not in spec:
            raise RuleError(f"{where}: all_measures 需要 match")
        cond.children.append(build(spec["match"], where, store, functions, "measure"))
        if "none" in spec:
            cond.children.append(build(spec["none"], where, store, functions, "measure"))
    elif t == "requires":
        if "if" not in spec or "then" not in spec:
            raise RuleError(f"{where}: requires 需要 if 和 then")
        cond.children = [build(spec["if"], where, store, functions, default_part),
                         build(spec["then"], where, store, functions, "item")]
    elif t in ("all_of", "any_of"):
        if not isinstance(spec.get("of"), list) or not spec["of"]:
            raise RuleError(f"{where}: {t} 需要非空列表 of")
        cond.children = [build(c, where, store, functions, default_part) for c in spec["of"]]
    elif t == "not":
        cond.children = [build(spec.get("of"), where, store, functions, default_part)]
    elif t == "function":
        fn = functions(spec.get("name", ""))
        if fn is None:
            raise RuleError(f"{where}: 未注册的规则函数 {spec.get('name')!r} (unknown function)")
        if "with" in spec and not isinstance(spec["with"], dict):
            raise RuleError(f"{where}: with 应为映射")
        cond.function = fn
    return cond


def _match_lexicon(spec: dict, where: str, store: LexiconStore, t: str) -> Lexicon:
    """The named lexicon of a condition, or one compiled from its inline terms/patterns."""
    if "lexicon" in spec:
        if spec["lexicon"] not in store:
            raise RuleError(f"{where}: 未知词表 {spec['lexicon']!r} (unknown lexicon)")
        return store.get(spec["lexicon"])
    terms, patterns = spec.get("terms", []), spec.get("patterns", [])
    if not terms and not patterns:
        raise RuleError(f"{where}: {t} 需要 lexicon、terms 或 patterns")
    for key in ("terms", "patterns", "except", "except_patterns"):
        values = spec.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise RuleError(f"{where}: {key} 应为字符串列表 (must be a list of strings)")
        if any(not v for v in values):
            raise RuleError(f"{where}: {key} 含有空字符串 (an empty term or pattern matches everywhere)")
    return Lexicon("<inline>", list(terms), list(patterns), list(spec.get("except", [])),
                   list(spec.get("except_patterns", [])), where).compile()
