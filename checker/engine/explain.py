"""Human text for ``zgcheck rules`` and ``zgcheck explain``."""
from __future__ import annotations

from typing import Any

CATEGORY_ZH = {"deadline": "无整改时限", "responsibility": "无责任主体", "study-only": "以学代改",
               "vague": "空泛表述", "future-only": "只有计划没有进展", "numbering": "序号问题",
               "structure": "结构问题", "duplicate": "措施雷同", "count": "数字不符", "contact": "监督联系方式",
               "typo": "文字差错", "formulation": "规范表述", "not-a-notice": "非整改通报"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _label_table() -> dict[str, str]:
    from ..formatters.labels import CATEGORY_NAMES

    table = {label: cat for names in CATEGORY_NAMES.values() for cat, label in names.items()}
    table.update({label.lower(): cat for cat, label in CATEGORY_NAMES["en"].items()})
    table.update({label: cat for cat, label in CATEGORY_ZH.items()})
    return table


_LABELS: dict[str, str] = {}


def canonical_ref(ref: str) -> str:
    """A rule reference as the engine knows it: the category id for a category label users
    see in findings (``无整改时限`` → ``deadline``, ``no deadline`` → ``deadline``), else ``ref``."""
    if not _LABELS:
        _LABELS.update(_label_table())
    ref = ref.strip()
    return _LABELS.get(ref) or _LABELS.get(ref.lower()) or ref


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def rules_table(ruleset: Any, lang: str = "zh") -> str:
    head = ["编号", "名称", "类别", "级别", "说明"] if lang == "zh" else ["id", "name", "category", "severity", "description"]
    rows = []
    for r in sorted(ruleset.all_rules, key=lambda r: r.id):
        desc = (r.description if lang == "zh" else (r.description_en or r.description)).splitlines()[0]
        cat = f"{r.category} {CATEGORY_ZH.get(r.category, '')}" if lang == "zh" else r.category
        sev = SEVERITY_ZH.get(r.severity, r.severity) if lang == "zh" else r.severity
        enabled = r in ruleset.rules
        rows.append([r.id + ("" if enabled else "*"), r.name, cat, sev, desc])
    widths = [max(_width(x[i]) for x in rows + [head]) for i in range(4)]
    lines = ["  ".join(_pad(c, widths[i]) if i < 4 else c for i, c in enumerate(row)) for row in [head] + rows]
    if any(r not in ruleset.rules for r in ruleset.all_rules):
        lines.append("* 未启用" if lang == "zh" else "* not enabled")
    return "\n".join(lines)


def _example_text(example: Any) -> str:
    if isinstance(example, str):
        return example
    if "text" in example:
        return example["text"].strip().replace("\n", " ⏎ ")[:160]
    prob = example.get("problem")
    return (f"〔问题：{prob}〕" if prob else "") + example.get("rectification", "")


COLUMN = 38          # display cells per column of the side-by-side examples
_NO_LINE_START = set("。，、；：？！”’）》」』〕…—.,;:?!)")


def _wrap(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` display cells (CJK counts two)."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for ch in para:
            if _width(line + ch) > width:
                carry = ""
                if ch in _NO_LINE_START and len(line) > 1:
                    line, carry = line[:-1], line[-1]     # 。 never opens a line: take a character along
                lines.append(line)
                line = carry
            line += ch
        lines.append(line)
    return lines


def side_by_side(left: str, right: str, titles: tuple[str, str], width: int = COLUMN) -> list[str]:
    """Two texts in two columns, the way a drafter compares a weak item with its strengthened form."""
    a, b = _wrap(left, width), _wrap(right, width)
    rows = [(titles[0], titles[1]), ("─" * width, "─" * width)]
    rows += [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(max(len(a), len(b)))]
    return ["  " + _pad(x, width) + " │ " + y for x, y in rows]


def _fix_pairs(rule: Any) -> list[tuple[str, str]]:
    pairs = [(p["weak"], p["strong"]) for p in getattr(rule, "example_fix", []) or []]
    if not pairs and rule.examples.get("flag"):
        pairs = [(_example_text(rule.examples["flag"][0]), "")]
    return pairs


def sample_suggestion(ruleset: Any, rule: Any, lang: str) -> tuple[str, str] | None:
    """The rule's first flagged example and the suggestion zgcheck gives for it."""
    from . import example_notice

    for example in rule.examples.get("flag", [])[:3]:
        found = [f for f in ruleset.check(example_notice(rule, example), [rule]) if f.rule == rule.id]
        if found and found[0].text_suggestion(lang):
            return _example_text(example), found[0].text_suggestion(lang)
    return None


def explain(rule: Any, lang: str = "zh", ruleset: Any = None) -> str:
    zh = lang == "zh"
    lines = [f"{rule.id}  {rule.name}",
             (f"类别：{rule.category}（{CATEGORY_ZH.get(rule.category, '')}）  级别：{SEVERITY_ZH.get(rule.severity)}  "
              f"范围：{rule.scope}") if zh else f"category: {rule.category}  severity: {rule.severity}  scope: {rule.scope}",
             "",
             ("提示语：" if zh else "message: ") + (rule.message if zh else rule.message_en),
             "",
             "说明：" if zh else "Description:",
             rule.description if zh else (rule.description_en or rule.description),
             "",
             "依据：" if zh else "Basis:",
             rule.rationale if zh else (rule.rationale_en or rule.rationale),
             ""]
    pairs = _fix_pairs(rule)
    if pairs:
        lines.append("怎样改：" if zh else "How to fix it:")
        titles = ("✗ 薄弱写法", "✓ 改进写法") if zh else ("✗ weak", "✓ strengthened")
        for weak, strong in pairs:
            lines.extend(side_by_side(weak, strong, titles))
            lines.append("")
    sample = sample_suggestion(ruleset, rule, lang) if ruleset is not None else None
    if sample is not None:
        lines.append("示例的修改建议：" if zh else "Suggestion zgcheck gives for an example:")
        lines.append(f"  ✗ {sample[0]}")
        lines.append(f"  → {sample[1]}")
        lines.append("")
    for kind, title in (("flag", "应报告的示例：" if zh else "Flagged examples:"),
                        ("pass", "不应报告的示例：" if zh else "Passing examples:")):
        lines.append(title)
        lines.extend(f"  {'✗' if kind == 'flag' else '✓'} {_example_text(e)}" for e in rule.examples.get(kind, []))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
