"""The rule engine: load YAML rules and lexicons, run them on a Notice, yield Findings."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import Settings
from ..findings import CATEGORIES, Finding
from ..model import Notice, Span
from ..resources import data_dir
from . import conditions as C
from . import suggest as S
from .errors import RuleError
from . import lexicon as _lexicon
from .lexicon import LexiconStore, PatternTimeout, end_user_budget, start_user_budget, user_budget_spent
from .registry import Evidence, RuleContext, get_function

SCOPES = ("document", "group", "item", "item.problem", "item.rectification", "measure")
SEVERITIES = ("error", "warning", "info")
RULE_KEYS = {"id", "name", "category", "severity", "scope", "applies_to", "message", "message_en",
             "description", "description_en", "rationale", "rationale_en", "condition", "examples",
             "evidence", "link", "default", "suggestion", "suggestion_en", "example_fix", "escalate"}
REQUIRED = ("id", "name", "category", "severity", "scope", "message", "message_en", "description",
            "rationale", "condition", "examples")
_ID = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass
class Rule:
    id: str
    name: str
    category: str
    severity: str
    scope: str
    message: str
    message_en: str
    description: str
    rationale: str
    condition: C.Condition
    examples: dict[str, list[Any]]
    path: Path
    applies_to: str = "notice"
    description_en: str = ""
    rationale_en: str = ""
    evidence: str = "auto"          # rectification | matches | auto
    link: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    suggestion: dict[str, str] = field(default_factory=dict)     # case -> template (``default`` always)
    suggestion_en: dict[str, str] = field(default_factory=dict)
    example_fix: list[dict[str, str]] = field(default_factory=list)   # [{weak: …, strong: …}]
    escalate: dict[str, Any] = field(default_factory=dict)       # {with: RULE, severity: error}


def _yaml_with_lines(path: Path) -> tuple[dict, dict[str, int]]:
    import yaml

    from ..yamlio import describe, load_with_lines

    try:
        return load_with_lines(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line, reason = describe(exc)
        raise RuleError(f"{path}{line}: YAML 格式错误：{reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: 无法读取：{exc}") from None


def _load_rule(path: Path, store: LexiconStore) -> Rule:
    data, lines = _yaml_with_lines(path)

    def at(key: str) -> str:
        return f"{path}:{lines.get(key, 1)}"

    if not isinstance(data, dict):
        raise RuleError(f"{path}:1: 规则文件顶层应为映射 (a rule file is a mapping)")
    for key in data:
        if key not in RULE_KEYS:
            raise RuleError(f"{at(key)}: 未知键 {key!r} (unknown key)")
    for key in REQUIRED:
        if key not in data:
            raise RuleError(f"{path}:1: 缺少必需的键 {key!r} (missing key)")
    for key in ("id", "name", "category", "severity", "scope", "message", "message_en", "description", "rationale"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise RuleError(f"{at(key)}: {key} 应为非空字符串 (must be a non-empty string)")
    if not _ID.match(data["id"]):
        raise RuleError(f"{at('id')}: id {data['id']!r} 应形如 ZG101")
    if not _NAME.match(data["name"]):
        raise RuleError(f"{at('name')}: name {data['name']!r} 应为 kebab-case")
    if data["category"] not in CATEGORIES:
        raise RuleError(f"{at('category')}: 未知类别 {data['category']!r}（可用：{', '.join(CATEGORIES)}）")
    if data["severity"] not in SEVERITIES:
        raise RuleError(f"{at('severity')}: 级别应为 error/warning/info")
    if data["scope"] not in SCOPES:
        raise RuleError(f"{at('scope')}: scope 应为 {', '.join(SCOPES)} 之一")
    applies = data.get("applies_to", "notice")
    if applies not in ("notice", "not-a-notice", "any"):
        raise RuleError(f"{at('applies_to')}: applies_to 应为 notice/not-a-notice/any")
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"} or \
            not all(isinstance(examples.get(k, []), list) for k in ("flag", "pass")):
        raise RuleError(f"{at('examples')}: examples 应为 {{flag: [...], pass: [...]}}")
    suggestions = {key: _suggestion(data, key, at) for key in ("suggestion", "suggestion_en")}
    example_fix = _example_fix(data, at)
    escalate = data.get("escalate") or {}
    if escalate and (not isinstance(escalate, dict) or set(escalate) != {"with", "severity"}
                     or escalate["severity"] not in SEVERITIES or not isinstance(escalate["with"], str)):
        raise RuleError(f"{at('escalate')}: escalate 应为 {{with: 规则编号, severity: error/warning/info}}")
    default_part = "document" if data["scope"] == "document" else (
        "problem" if data["scope"] == "item.problem" else "rectification")
    condition = C.build(data["condition"], at("condition"), store, get_function, default_part)
    if data["scope"] != "document" and data.get("evidence", "auto") != "matches":
        C.mark_boolean(condition)           # only the item span is reported: stop at first matches
    return Rule(id=data["id"], name=data["name"], category=data["category"], severity=data["severity"],
                scope=data["scope"], message=data["message"].strip(), message_en=data["message_en"].strip(),
                description=data["description"].strip(), rationale=data["rationale"].strip(),
                condition=condition, examples={"flag": examples.get("flag", []), "pass": examples.get("pass", [])},
                path=path, applies_to=applies, description_en=str(data.get("description_en", "")).strip(),
                rationale_en=str(data.get("rationale_en", "")).strip(),
                evidence=data.get("evidence", "auto"), link=str(data.get("link", "")),
                options=dict(data["condition"].get("with", {}) or {}),
                suggestion=suggestions["suggestion"], suggestion_en=suggestions["suggestion_en"],
                example_fix=example_fix, escalate=dict(escalate))


def _suggestion(data: dict, key: str, at) -> dict[str, str]:
    """A rule's ``suggestion`` / ``suggestion_en``: one template, or templates per case with a default."""
    value = data.get(key)
    if value is None:
        return {}
    if isinstance(value, str) and value.strip():
        return S.normalize(value)
    if isinstance(value, dict) and value and "default" in value and \
            all(isinstance(v, str) and v.strip() for v in value.values()):
        return S.normalize(value)
    raise RuleError(f"{at(key)}: {key} 应为非空字符串，或含 default 的“情形：模板”映射 "
                    "(a string, or a mapping of cases with a default)")


def _example_fix(data: dict, at) -> list[dict[str, str]]:
    """``example_fix``: pairs of a weak text and its strengthened form, for ``zgcheck explain``."""
    value = data.get("example_fix")
    if value is None:
        return []
    pairs = value if isinstance(value, list) else [value]
    if not all(isinstance(p, dict) and set(p) == {"weak", "strong"} and
               all(isinstance(v, str) and v.strip() for v in p.values()) for p in pairs):
        raise RuleError(f"{at('example_fix')}: example_fix 应为 {{weak: 薄弱写法, strong: 改进写法}} 或其列表")
    return [{"weak": p["weak"].strip(), "strong": p["strong"].strip()} for p in pairs]


# ------------------------------------------------------------------ issuer self-references

_GENERIC_SELF = ("我们", "我局", "我委", "我办", "我院", "我校", "我单位", "本单位", "本局", "领导班子", "班子成员",
                 "班子", "全体", "上下")


def self_names(notice: Notice, settings: Settings, store: LexiconStore) -> tuple[str, ...]:
    """Names by which the issuer refers to itself (RUBRIC: they name nobody in particular)."""
    # keyed by the terms, not the store: the cache must not keep every loaded rule set alive
    own = tuple(store.get("issuer_self_reference").terms) if "issuer_self_reference" in store else ()
    return _self_names((notice.issuer or "").strip(), tuple(settings.issuer_aliases), own)


@lru_cache(maxsize=64)
def _self_names(issuer: str, aliases: tuple[str, ...], own: tuple[str, ...]) -> tuple[str, ...]:
    names = set(_GENERIC_SELF) | set(aliases) | set(own)
    if issuer:
        names.add(issuer)
        core = re.sub(r"^(中共|中国共产党)", "", issuer)
        names.add(core)
        if core.endswith("工作委员会"):
            names.update({"党工委", "工委"})
        elif core.endswith("纪律检查委员会"):
            names.add("纪委")
        elif core.endswith("委员会"):
            names.add("党委")
            m = re.search(r"([市县区州盟旗省镇乡])委员会$", core)
            if m:                               # 区委; 区委区政府 (the committee with its government)
                level = m.group(1)
                names.add(level + "委")
                names.update(f"{level}委{sep}{level}{gov}" for sep in ("", "、", "和") for gov in ("政府", "人民政府"))
        m = re.search(r"([市县区州盟旗省镇乡])委$", core)
        if m:                                   # 中共某市委: 市委, 党委
            names.update({m.group(0), "党委"})
        for kind in ("园区", "开发区", "高新区", "新区", "产业园", "科技城", "经开区"):
            if kind in core:
                names.update({"园区", "开发区", "高新区", kind, "党工委"})
        if core.endswith("党组"):
            names.add("党组")
        if core.endswith("人民政府"):            # 某市人民政府: 市政府, 政府
            names.update({"人民政府", "政府"})
        names.update(_issuer_bodies(core))
    return tuple(sorted((n for n in names if n), key=len, reverse=True))


def _issuer_bodies(core: str) -> set[str]:
    """The body whose party organisation issues the notice, as it names itself in the text:
    中共某县教育局党组 → 某县教育局, 教育局 (县教育局 is then 县 + 教育局); 中共某市委员会 → 某市."""
    body = re.sub(r"(?:党组|党委|党工委|工作委员会|委员会|(?<=[市县区州盟旗省镇乡])委)$", "", core)
    out: set[str] = set()
    if len(body) >= 2:
        out.add(body)
        if body.endswith("委员会"):             # 某市卫生健康委员会 (党组): 卫生健康委, 委 (委党组)
            out.update({body[:-3] + "委", "委"})
        for m in re.finditer(r"[省市县区州盟旗镇乡]", body):
            tail = body[m.end():]
            if len(tail) >= 2:
                out.add(tail)
    return out


# ------------------------------------------------------------------ the rule set

@dataclass(frozen=True)
class RuleStopped:
    """A user rule stopped on one document: its patterns (or an earlier user rule's) spent the
    document's time budget. The other rules' findings stand; the run reports this as an error."""

    rule: str                   # rule id
    path: str                   # the rule's file
    where: str = ""             # the lexicon whose patterns ran out ("" when the budget was spent before)

    def message(self, lang: str = "zh") -> str:
        budget = f"{_lexicon.USER_PATTERN_BUDGET:g}"
        if lang == "en":
            if not self.where:
                return (f"rule {self.rule} ({self.path}) stopped: the per-document time budget of user "
                        f"patterns ({budget} s) was already spent")
            return (f"rule {self.rule} ({self.path}) stopped: user patterns ran past the per-document "
                    f"time budget of {budget} s (patterns of {self.where})")
        if not self.where:
            return f"规则 {self.rule}（{self.path}）已停止：本文档用户模式的 {budget} 秒时间预算已用完"
        return f"规则 {self.rule}（{self.path}）已停止：用户模式超出每个文档 {budget} 秒的时间预算（{self.where} 的模式）"


class RuleSet:
    def __init__(self, rules: list[Rule], all_rules: list[Rule], store: LexiconStore, settings: Settings) -> None:
        self.rules = rules
        self.all_rules = all_rules
        self.store = store
        self.settings = settings
        self.known_refs = {r.id for r in all_rules} | {r.name for r in all_rules} | set(CATEGORIES)
        # the language findings' suggestions are written in ("zh", "en"); None writes both. A run
        # renders only the one it reports in (suggestions cost a few µs per finding and language)
        self.suggestion_lang: str | None = None
        self._by_ref = {r.id: r for r in all_rules} | {r.name: r for r in all_rules}
        self._severities: dict[str, str | None] = {}   # rule id -> severity the settings set, if any
        self._user: dict[str, bool] = {}                # rule id -> from a user's rule folder

    def get(self, ref: str) -> Rule | None:
        return self._by_ref.get(ref) or self._by_ref.get(ref.upper())

    def check(self, notice: Notice, rules: list[Rule] | None = None,
              stopped: list[RuleStopped] | None = None) -> list[Finding]:
        """The findings of ``rules`` (default: the selected ones) on ``notice``.

        User patterns run under a per-document time budget (lexicon.USER_PATTERN_BUDGET). With
        ``stopped`` given, a user rule that runs out is stopped and added to it, as is every
        further user rule once the budget is spent; the built-in rules still run. Without it
        the first PatternTimeout is raised (a rule's examples at load)."""
        findings: list[Finding] = []
        names = self_names(notice, self.settings, self.store)
        memo: dict = {}          # lexicon matches of this notice, shared by all rules
        run = self.rules if rules is None else rules
        start_user_budget()
        try:
            for rule in run:
                if rule.applies_to != "any" and rule.applies_to != notice.kind:
                    continue
                found = self._guarded(rule, notice, names, memo, stopped)
                if found:
                    findings.extend(found)
            if any(r.escalate for r in run):
                self._escalate(findings, run, notice, names, memo, stopped)
        finally:
            end_user_budget()
        findings.sort(key=Finding.sort_key)
        return findings

    def _guarded(self, rule: Rule, notice: Notice, names: tuple[str, ...], memo: dict,
                 stopped: list[RuleStopped] | None) -> list[Finding] | None:
        """``_run``, or None when the rule is stopped by the user-pattern budget (see ``check``)."""
        user = self._is_user(rule)
        if user and stopped is not None and stopped and user_budget_spent():
            if all(s.rule != rule.id for s in stopped):
                stopped.append(RuleStopped(rule.id, str(rule.path)))
            return None
        try:
            return self._run(rule, notice, names, memo)
        except PatternTimeout as exc:
            if stopped is None:
                raise PatternTimeout(f"规则 {rule.id} ({rule.path}) 已停止 (rule stopped): {exc}", exc.where) from None
            if all(s.rule != rule.id for s in stopped):
                stopped.append(RuleStopped(rule.id, str(rule.path), exc.where))
            return None

    def _is_user(self, rule: Rule) -> bool:
        """Whether ``rule`` comes from a user's rule folder (not shipped with zgcheck)."""
        user = self._user.get(rule.id)
        if user is None:
            user = self._user[rule.id] = Path(rule.path).parent != data_dir("rules")
        return user

    def _escalate(self, findings: list[Finding], run: list[Rule], notice: Notice, names: tuple[str, ...],
                  memo: dict, stopped: list[RuleStopped] | None = None) -> None:
        """A rule's ``escalate: {with: OTHER, severity: …}``: its finding on an item that OTHER also
        finds takes that severity (an open commitment with neither a time limit nor a responsible
        unit is graver than either gap alone). OTHER is run for this even when it is not selected,
        so the severity does not depend on --select; a severity set in the config wins."""
        items: dict[str, set[int]] = {}
        for f in findings:
            if f.item is not None:
                items.setdefault(f.rule, set()).add(f.item)
        for rule in run:
            partner = self.get(rule.escalate["with"]) if rule.escalate else None
            if partner is None or rule.id not in items or self._configured(rule) is not None:
                continue
            if partner not in run and partner.id not in items:
                found = self._guarded(partner, notice, names, memo, stopped) or []
                items[partner.id] = {f.item for f in found if f.item is not None}
            both = items[rule.id] & items.get(partner.id, set())
            for f in findings:
                if f.rule == rule.id and f.item in both:
                    f.severity = rule.escalate["severity"]

    def _configured(self, rule: Rule) -> str | None:
        """The severity the settings give this rule (by category, name or id), if any."""
        if rule.id not in self._severities:
            severity = None
            for ref in (rule.category, rule.name, rule.id):
                severity = self.settings.severity.get(ref, severity)
            self._severities[rule.id] = severity
        return self._severities[rule.id]

    def _run(self, rule: Rule, notice: Notice, names: tuple[str, ...], memo: dict) -> list[Finding]:
        cond = rule.condition
        out: list[Finding] = []
        if cond.type == "function":
            options = dict(cond.spec.get("with") or {})
            options.update(self.settings.rule_options.get(rule.id, {}))
            options.update(self.settings.rule_options.get(rule.name, {}))
            ctx = RuleContext(settings=self.settings, options=options, lexicons=self.store, rule_id=rule.id)
            for ev in cond.function(notice, ctx):
                out.append(self._finding(rule, ev, notice))
            return out
        if rule.scope == "document":
            ok, ev = cond.evaluate(C.Unit(notice, None, None, names, memo), None)
            if ok:
                s, e = (ev[0][0], ev[0][1]) if ev else (0, min(len(notice.text), 1))
                out.append(self._finding(rule, Evidence(s, e), notice))
            return out
        for unit in self._units(notice, rule.scope == "measure", names, memo):
            ok, ev = cond.evaluate(unit, None)
            if ok:
                out.append(self._finding(rule, self._item_evidence(rule, unit, ev), notice))
        return out

    @staticmethod
    def _units(notice: Notice, measures: bool, names: tuple[str, ...], memo: dict) -> list[C.Unit]:
        """The units of the items that have a rectification (one per measure, or one per item),
        made once per notice and shared by the rules of that scope."""
        key = ("units", measures)
        units = memo.get(key)
        if units is None:
            units = memo[key] = [
                C.Unit(notice, item, m, names, memo)
                for item in notice.items
                if item.rectification is not None and item.rectification.end > item.rectification.start
                for m in (item.measures if measures else (None,))]
        return units

    @staticmethod
    def _item_evidence(rule: Rule, unit: C.Unit, ev: list[tuple[int, int]]) -> Evidence:
        item = unit.item
        assert item is not None and item.rectification is not None
        span = unit.measure.span if unit.measure else item.rectification
        inside = sorted({(s, e) for s, e in ev if item.span.start <= s and e <= max(item.span.end, span.end)}) \
            if rule.evidence == "matches" else []
        if inside:
            first = inside[0]
            return Evidence(first[0], first[1], item=item.index,
                            related=tuple(Span(s, e) for s, e in inside[1:]))
        return Evidence(span.start, span.end, item=item.index)

    def _finding(self, rule: Rule, ev: Evidence, notice: Notice) -> Finding:
        message = ev.message or rule.message
        message_en = ev.message_en or rule.message_en
        if ev.params:
            try:                            # a message without braces is kept as it is, not copied
                if "{" in message or "}" in message:
                    message = message.format(**ev.params)
                if "{" in message_en or "}" in message_en:
                    message_en = message_en.format(**ev.params)
            except (KeyError, IndexError, ValueError):
                pass
        severity = self._configured(rule) or ev.severity or rule.severity
        start = max(0, min(ev.start, len(notice.text)))
        end = max(start, min(ev.end, len(notice.text)))
        suggestion = suggestion_en = ""
        values: dict[str, str] = {}         # computed fields, shared by both languages
        lang = self.suggestion_lang
        if rule.suggestion and lang != "en":
            suggestion = S.render(rule.suggestion, ev.case, ev.params, notice, start, end, ev.item, ev.related,
                                  "zh", values)
        if rule.suggestion_en and lang != "zh":
            suggestion_en = S.render(rule.suggestion_en, ev.case, ev.params, notice, start, end, ev.item,
                                     ev.related, "en", values)
        return Finding(rule=rule.id, category=rule.category, severity=severity, start=start, end=end,
                       message=message, message_en=message_en, item=ev.item, name=rule.name, related=ev.related,
                       suggestion=suggestion, suggestion_en=suggestion_en)


def _selected(rule: Rule, settings: Settings) -> bool:
    refs = {rule.id, rule.name, rule.category}
    if settings.select and not refs & set(settings.select):
        return False
    return not refs & set(settings.ignore)


def load_ruleset(settings: Settings | None = None) -> RuleSet:
    """All rules (built-in + settings.rule_paths), filtered by select/ignore; raises RuleError."""
    settings = settings or Settings()
    store = LexiconStore()
    folders = [data_dir("rules"), *settings.rule_paths]
    for folder in folders:
        if not Path(folder).is_dir():
            raise RuleError(f"{folder}: 规则目录不存在 (rule folder not found)")
        lex_dir = Path(folder) / "lexicons"
        for lex in sorted(lex_dir.glob("*.yaml")) if lex_dir.is_dir() else []:
            data, lines = _yaml_with_lines(lex)
            store.add_file(data or {}, str(lex), trusted=Path(folder) == data_dir("rules"), lines=lines)
    if settings.lexicons:
        store.extend(settings.lexicons, str(settings.source or "config"))
    store.compile()
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    builtin = data_dir("rules")
    for folder in folders:
        for path in sorted(Path(folder).glob("*.yaml")):
            rule = _load_rule(path, store)
            for key in (rule.id, rule.name):
                if key in seen:
                    raise RuleError(f"{path}:1: 规则 {key} 与 {seen[key]} 重复 (duplicate rule id or name)")
                seen[key] = path
            rules.append(rule)
            if Path(folder) != builtin:
                failures = _check_examples(RuleSet([rule], [rule], store, settings), rule)
                if failures:
                    raise RuleError(f"{path}: 示例未通过 (examples fail): {failures[0]}")
    for rule in rules:
        if rule.escalate and rule.escalate["with"] not in seen:
            raise RuleError(f"{rule.path}:1: escalate 引用了未知规则 {rule.escalate['with']!r} (unknown rule in escalate)")
    _check_rule_options(settings, rules)
    selected = [r for r in rules if _selected(r, settings)]
    return RuleSet(selected, rules, store, settings)


def _check_rule_options(settings: Settings, rules: list[Rule]) -> None:
    """Every ``rule_options`` key must be an option of that rule (a key of its ``with:``);
    an unknown rule is reported later by ``check_rule_refs``."""
    where = str(settings.source) if settings.source else "config"
    line = settings.ref_lines.get("rule_options")
    loc = f"{where}:{line}" if line else where
    by_ref = {r.id: r for r in rules} | {r.name: r for r in rules}
    for ref, options in settings.rule_options.items():
        rule = by_ref.get(ref)
        if rule is None or not isinstance(options, dict):
            continue
        unknown = sorted(str(k) for k in options if k not in rule.options)
        if unknown:
            known = ", ".join(sorted(rule.options)) or "无 (none)"
            raise RuleError(f"{loc}: 规则 {ref} 没有选项 {', '.join(unknown)}（可用：{known}） "
                            "(unknown rule option)")
        for key, value in options.items():
            default = rule.options[key]
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
                what = "非负数 (a non-negative number)"
            elif isinstance(default, list):
                ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
                what = "非空字符串列表 (a list of non-empty strings)"
            else:
                ok = isinstance(value, type(default))
                what = type(default).__name__
            if not ok:
                raise RuleError(f"{loc}: 规则 {ref} 的选项 {key} 应为{what}")


# ------------------------------------------------------------------ examples

def example_notice(rule: Rule, example: Any) -> Notice:
    """The Notice an example stands for: a whole text, or one item's rectification (+ problem)."""
    from ..parse import parse_notice
    from ..parse.synthetic import notice_from_item

    if isinstance(example, str):
        return parse_notice(example) if rule.scope == "document" else notice_from_item(example)
    if isinstance(example, dict):
        if "text" in example:
            return parse_notice(example["text"])
        return notice_from_item(example.get("rectification", ""), example.get("problem"), example.get("issuer"))
    raise RuleError(f"{rule.path}: 示例应为字符串或映射")


def _check_examples(ruleset: RuleSet, rule: Rule) -> list[str]:
    failures = []
    for kind in ("flag", "pass"):
        for example in rule.examples.get(kind, []):
            found = [f for f in ruleset.check(example_notice(rule, example), [rule]) if f.rule == rule.id]
            if (kind == "flag") != bool(found):
                failures.append(f"{rule.id} {kind}: {str(example)[:60]!r}")
    return failures


def self_test(ruleset: RuleSet) -> list[str]:
    """Run every rule's examples; the list of failures (empty when all pass)."""
    failures: list[str] = []
    for rule in ruleset.all_rules:
        failures.extend(_check_examples(ruleset, rule))
    return failures


__all__ = ["Rule", "RuleSet", "RuleStopped", "RuleError", "load_ruleset", "self_test", "example_notice", "Evidence"]
