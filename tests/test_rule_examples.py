"""Every rule's ``examples:`` run as tests: flag examples must produce the rule, pass examples must not."""
from __future__ import annotations

import pytest

from checker.config import Settings
from checker.engine import example_notice, load_ruleset

RULESET = load_ruleset(Settings())
CASES = [(rule.id, kind, i, example) for rule in RULESET.all_rules
         for kind in ("flag", "pass") for i, example in enumerate(rule.examples.get(kind, []))]


def test_every_rule_has_at_least_four_examples_each_way() -> None:
    for rule in RULESET.all_rules:
        assert len(rule.examples["flag"]) >= 4 and len(rule.examples["pass"]) >= 4, rule.id


@pytest.mark.parametrize("rule_id, kind, index, example", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_rule_example(rule_id: str, kind: str, index: int, example) -> None:
    rule = RULESET.get(rule_id)
    notice = example_notice(rule, example)
    found = [f for f in RULESET.check(notice, [rule]) if f.rule == rule_id]
    if kind == "flag":
        assert found, f"{rule_id} should flag: {example}"
        for f in found:
            assert 0 <= f.start <= f.end <= len(notice.text)
    else:
        assert not found, f"{rule_id} should pass: {example} — got {[notice.text[f.start:f.end] for f in found]}"
