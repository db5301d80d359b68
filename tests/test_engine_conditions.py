"""Each condition type on its own, and findings' spans inside their item (Hypothesis)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathlib import Path

from checker.config import Settings
from checker.engine import conditions as C
from checker.engine import load_ruleset
from checker.engine.lexicon import LexiconStore
from checker.engine.registry import get_function
from checker.parse import parse_notice
from checker.parse.synthetic import notice_from_item

REPO_ROOT = Path(__file__).resolve().parents[1]

STORE = LexiconStore()
STORE.add_file({"open": {"terms": ["正在", "将"]}, "done": {"terms": ["已"]}, "limit": {"patterns": ["\\d+月底前"]}}, "t")
STORE.compile()


def _eval(spec: dict, rect: str, problem: str | None = None) -> tuple[bool, list]:
    notice = notice_from_item(rect, problem)
    cond = C.build(spec, "t", STORE, get_function)
    return cond.evaluate(C.Unit(notice, notice.items[0]), None)


@pytest.mark.parametrize("spec, rect, expected", [
    ({"type": "exists", "lexicon": "open"}, "正在推进。", True),
    ({"type": "exists", "lexicon": "open"}, "已完成。", False),
    ({"type": "exists", "terms": ["推进"], "min": 2}, "推进。推进。", True),
    ({"type": "exists", "terms": ["推进"], "min": 2}, "推进。", False),
    ({"type": "exists", "terms": ["推进"], "except": ["推进会"]}, "召开推进会。", False),
    ({"type": "absent", "lexicon": "done"}, "正在推进。", True),
    ({"type": "absent", "lexicon": "done"}, "已完成。", False),
    ({"type": "all_measures", "match": {"type": "exists", "lexicon": "open"}}, "一是正在做。二是将做。", True),
    ({"type": "all_measures", "match": {"type": "exists", "lexicon": "open"}}, "一是正在做。二是已做。", False),
    ({"type": "all_measures", "match": {"type": "exists", "lexicon": "open"},
      "none": {"type": "exists", "lexicon": "done"}}, "一是正在做，已过半。二是将做。", False),
    ({"type": "requires", "if": {"type": "exists", "lexicon": "open"}, "then": {"type": "exists", "lexicon": "limit"}},
     "正在推进。", True),
    ({"type": "requires", "if": {"type": "exists", "lexicon": "open"}, "then": {"type": "exists", "lexicon": "limit"}},
     "正在推进，6月底前完成。", False),
    ({"type": "all_of", "of": [{"type": "exists", "lexicon": "open"}, {"type": "absent", "lexicon": "done"}]}, "将做。", True),
    ({"type": "any_of", "of": [{"type": "exists", "lexicon": "done"}, {"type": "exists", "lexicon": "limit"}]}, "将做。", False),
    ({"type": "not", "of": {"type": "exists", "lexicon": "done"}}, "将做。", True),
])
def test_condition_types(spec: dict, rect: str, expected: bool) -> None:
    assert _eval(spec, rect)[0] is expected


def test_problem_part_and_evidence_spans() -> None:
    ok, ev = _eval({"type": "exists", "terms": ["学习"], "in": "problem"}, "已完成。", "理论学习不深入")
    assert ok and ev
    notice = notice_from_item("已完成。", "理论学习不深入")
    assert notice.text[ev[0][0]:ev[0][1]] == "学习"


def test_drop_self_ignores_the_issuer() -> None:
    notice = notice_from_item("县水务局已完成整改。", issuer="县水务局")
    cond = C.build({"type": "exists", "patterns": ["[\u4e00-\u9fff]{1,4}局"], "drop_self": True}, "t", STORE, get_function)
    assert not cond.evaluate(C.Unit(notice, notice.items[0], None, ("县水务局",)), None)[0]
    assert cond.evaluate(C.Unit(notice, notice.items[0], None, ("县财政局",)), None)[0]


def test_unknown_type_and_key_are_errors() -> None:
    from checker.engine import RuleError

    with pytest.raises(RuleError):
        C.build({"type": "sometimes"}, "t", STORE, get_function)
    with pytest.raises(RuleError):
        C.build({"type": "exists", "lexicon": "open", "colour": 1}, "t", STORE, get_function)


RULES = load_ruleset(Settings())
LINES = st.sampled_from(["1.关于“甲”的整改情况。进一步加强管理。", "整改情况：正在推进，将于年底前完成。", "（一）反馈问题：乙问题",
                         "整改情况：组织学习培训2次。", "2.关于“丙”的整改情况。局财务股已追回资金3万元。", "联系方式：电话；"])


@settings(max_examples=80, deadline=None)
@given(st.lists(LINES, max_size=15), st.text(max_size=40))
def test_item_findings_lie_inside_their_item(lines: list[str], noise: str) -> None:
    notice = parse_notice("\n".join(lines + [noise]))
    for f in RULES.check(notice):
        assert 0 <= f.start <= f.end <= len(notice.text)
        if f.item is not None and f.category in ("deadline", "responsibility", "study-only", "vague", "future-only"):
            span = notice.items[f.item].span
            assert span.start <= f.start and f.end <= span.end


def test_field_condition_reads_labelled_fields_and_table_columns() -> None:
    from checker.engine.conditions import Unit, build
    from checker.engine.lexicon import LexiconStore

    store = LexiconStore()
    has_deadline = build({"type": "field", "names": ["整改时限", "完成时限"]}, "test", store, lambda n: None)
    done = build({"type": "field", "names": ["整改状态", "完成情况"], "terms": ["已完成"]}, "test", store, lambda n: None)
    text = ("某局关于巡察整改进展情况的通报\n问题1：台账不全\n整改措施：补录台账。\n整改时限：2025年6月底前\n"
            "整改状态：持续推进\n问题2：资金闲置\n整改措施：已收回资金。\n整改状态：已完成\n")
    n = parse_notice(text)
    first, second = (Unit(n, item) for item in n.items)
    ok, evidence = has_deadline.evaluate(first, None)
    assert ok and [n.text[s:e] for s, e in evidence] == ["2025年6月底前"]
    assert not has_deadline.evaluate(second, None)[0]
    assert not done.evaluate(first, None)[0] and done.evaluate(second, None)[0]
    table = "某局巡察整改台账\n序号\t问题\t整改措施\t整改时限\t完成情况\n1\t台账不全\t补录台账\t2025年6月底前\t已完成\n"
    (row,) = parse_notice(table).items
    assert has_deadline.evaluate(Unit(parse_notice(table), row), None)[0]


def test_field_condition_needs_names() -> None:
    from checker.engine.conditions import build
    from checker.engine.errors import RuleError
    from checker.engine.lexicon import LexiconStore

    with pytest.raises(RuleError):
        build({"type": "field"}, "test", LexiconStore(), lambda n: None)
    with pytest.raises(RuleError):
        build({"type": "field", "names": "整改时限"}, "test", LexiconStore(), lambda n: None)


def test_the_readme_example_of_a_user_rule_runs() -> None:
    """rules/README.md's example: an open commitment needs a time limit, in text or field."""
    import re

    import yaml

    readme = (REPO_ROOT / "rules" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Example \(a rule in a user's folder.*?```yaml\n(.*?)```", readme, re.S).group(1)
    spec = yaml.safe_load(block)["condition"]
    store = load_ruleset(Settings()).store
    cond = C.build(spec, "README", store, get_function)
    text = ("某局关于巡察整改进展情况的通报\n问题1：台账不全\n整改措施：正在补录台账。\n整改时限：2025年6月底前\n"
            "问题2：资金闲置\n整改措施：正在清理资金。\n问题3：制度缺失\n整改措施：将于2025年3月底前修订制度。\n")
    n = parse_notice(text)
    flagged = [cond.evaluate(C.Unit(n, item), None)[0] for item in n.items]
    assert flagged == [False, True, False]
