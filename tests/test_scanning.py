"""The fast pattern scanners find exactly what ``re.finditer`` over one alternation finds.

Lexicon patterns run as one non-capturing alternation. ``WindowedPattern`` scans it only
near literal triggers, ``MergedAlternation`` merges alternatives searched one by one (and
matches ``C{m,n}R`` from the occurrences of ``R``). Both are optimisations and must never
change a match: Hypothesis draws texts from the characters these patterns care about.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine.alternation import MergedAlternation
from checker.engine.lexicon import Lexicon
from checker.engine.prefilter import WindowedPattern, guarded, split_atoms

REPO = Path(__file__).resolve().parents[1]
ALPHABET = ("局委办中心公司集团县区市委牵头负责由已对与将了年月日底前内至今明上下半个项次名"
            "一二三四五六七八九十两〇0123456789，。、；：,;:《》“”（）()部门单位各相关明确开展落实"
            "学习会议制度建立完善是要求为除解待遇发展方式加快正在 \n")
texts = st.text(alphabet=ALPHABET, max_size=120)


def _lexicon_pattern_sets() -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    for path in sorted((REPO / "rules" / "lexicons").glob("*.yaml")):
        for name, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(spec, dict):
                for key in ("patterns", "except_patterns"):
                    if spec.get(key):
                        sets[f"{name}.{key}"] = spec[key]
    return sets


PATTERN_SETS = _lexicon_pattern_sets() | {
    # shapes the shipped lexicons do not have, to stress both scanners
    "class-prefix-overlap": [r"[一二三]{1,3}[年月]", r"[0-9一]{0,2}月(?=底)", r"年(?!内)"],
    "nested-suffix": [r"[\u4e00-\u9fff]{2,5}(?:局|局长)", r"局"],
    "negated-prefix": [r".{1,4}(?:已|将)(?=[^。]{0,3}了)", r"[^，]{3,6}年"],
    "lookbehind-start": [r"(?<![已现])将(?=开展|落实)", r"[\u4e00-\u9fff]{1,3}(?:部门|单位)[、和]"],
    "end-anchor": [r"[\u4e00-\u9fff]{1,4}(?:学习|会议)$", r"由[^，]{1,5}负责"],
}


def _reference(patterns: list[str], text: str) -> list[tuple[int, int]]:
    combined = re.compile("|".join(f"(?:{p})" for p in patterns))
    return [m.span() for m in combined.finditer(text)]


@pytest.mark.parametrize("name", sorted(PATTERN_SETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_windowed_scan_equals_finditer(name: str, text: str) -> None:
    patterns = PATTERN_SETS[name]
    expected = _reference(patterns, text)
    assert WindowedPattern(patterns, windows=True).spans(text) == expected       # near the triggers
    assert WindowedPattern(patterns, windows=False).spans(text) == expected      # whole text, guarded
    learning = WindowedPattern(patterns)                                         # timing both ways
    assert [learning.spans(text) for _ in range(3)] == [expected] * 3


@pytest.mark.parametrize("name", sorted(PATTERN_SETS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_merged_alternation_equals_finditer(name: str, text: str) -> None:
    patterns = PATTERN_SETS[name]
    merged = MergedAlternation.build(patterns)
    if merged is None:
        return   # not applicable to this set: the lexicon keeps another scanner
    expected = [span for span in _reference(patterns, text) if span[1] > span[0]]
    assert merged.spans(text) == expected


def test_merged_alternation_applies_to_broad_class_prefixes() -> None:
    assert MergedAlternation.build(PATTERN_SETS["agents.patterns"]) is not None      # C{m,n}R
    assert MergedAlternation.build([r"(?:今年|明年)底前", r"[0-9]{1,2}月"]) is None   # no broad prefix
    assert MergedAlternation.build([r"[^。]{1,3}已", r"[0-9]{1,2}月"]) is not None
    assert MergedAlternation.build([r"[\u4e00-\u9fff]{0,3}"]) is None               # may match nothing


@settings(max_examples=200, deadline=None)
@given(text=texts, need=st.integers(min_value=1, max_value=3))
def test_holds_agrees_with_find(text: str, need: int) -> None:
    """The short-circuit answer equals counting what ``find`` returns (terms, patterns, exceptions)."""
    lexicon = Lexicon("t", ["牵头单位", "书记", "局长"], PATTERN_SETS["agents.patterns"],
                      ["明确责任部门"], PATTERN_SETS["agents.except_patterns"]).compile()
    assert lexicon.holds(text, need) == (len(lexicon.find(text)) >= need)


GUARD_SHAPES = {
    # a first-character guard must leave every match as it was: optional and zero-width starts,
    # categories, alternations whose branches start differently
    "optional-start": r"(?:[0-9一二]{0,2}|今)年(?:底|内)",
    "lookbehind-start": r"(?<![已现])将(?=开展)|正(?=在)",
    "anchor-start": r"^(?:一是|二是)[^，]{1,4}",
    "category-start": r"\d{1,2}月(?:底|末)|(?:本|今)年内",
    "optional-group-start": r"(?:主要)?(?:负责|牵头)[人同志]{0,2}",
}


@pytest.mark.parametrize("name", sorted(PATTERN_SETS) + sorted(GUARD_SHAPES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_guarded_pattern_matches_exactly_as_the_pattern(name: str, text: str) -> None:
    pattern = GUARD_SHAPES.get(name) or "|".join(f"(?:{p})" for p in PATTERN_SETS[name])
    plain, guard = re.compile(pattern), re.compile(guarded(pattern))
    assert [m.span() for m in guard.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in (1, 3):       # scans that start inside the text (windows) see the same
        assert [m.span() for m in guard.finditer(text, pos)] == [m.span() for m in plain.finditer(text, pos)]


def test_guard_is_added_only_where_re_cannot_skip_ahead_itself() -> None:
    assert guarded(r"\d{1,2}月(?:底|末)|(?:本|今)年内").startswith("(?=[")       # branches start differently
    assert guarded(r"由[^，]{2,20}负责") == r"由[^，]{2,20}负责"                   # a literal prefix
    assert guarded(r"(?:各|相关)[^，]{0,4}") == r"(?:各|相关)[^，]{0,4}"           # a first-character set
    assert guarded(r"[\u4e00-\u9fff]{2,4}局") == r"[\u4e00-\u9fff]{2,4}局"        # nearly every character
    optional = guarded(r"(?:今年)?底前")                                              # 今 or, skipped, 底
    assert optional.startswith("(?=[") and re.match(optional, "底前") and re.match(optional, "今年底前")
    assert guarded(r"a?") == "a?"                                                      # may match nothing
    assert guarded(r"(?i:ab)|c") == r"(?i:ab)|c"                                       # flags


def _shipped_lexicons() -> dict[str, dict]:
    found = {}
    for path in sorted((REPO / "rules" / "lexicons").glob("*.yaml")):
        for name, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(spec, dict) and (spec.get("except") or spec.get("except_patterns")):
                found[name] = spec
    return found


SHIPPED_WITH_EXCEPTIONS = _shipped_lexicons()


# prose made of the words these lexicons and their exceptions are about, so that matches,
# exceptions covering them and exceptions next to them all occur, several to a text
FRAGMENTS = ["由水利局负责", "县水利局已", "各相关部门", "有关单位", "部门和单位", "明确责任", "明确了",
             "《管理办法》", "《", "》", "截至目前", "一是", "二是", "要求", "年底前完成", "6个月内",
             "将进一步", "正在", "加快", "了解", "完成了", "建立了", "已完成", "制定了", "学习", "会议",
             "待遇", "期待", "力争", "逐步完成", "将纳入", "主要负责同志带头", "牵头", "，", "。", "；", "和"]
prose = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)


@pytest.mark.parametrize("name", sorted(SHIPPED_WITH_EXCEPTIONS))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(texts, prose), need=st.integers(min_value=1, max_value=3))
def test_holds_agrees_with_find_on_every_shipped_lexicon(name: str, text: str, need: int) -> None:
    """holds() tests exceptions lazily; its answer must still be find()'s count (all of them)."""
    spec = SHIPPED_WITH_EXCEPTIONS[name]
    lexicon = Lexicon(name, spec.get("terms", []), spec.get("patterns", []), spec.get("except", []),
                      spec.get("except_patterns", [])).compile()
    assert lexicon.holds(text, need) == (len(lexicon.find(text)) >= need)


def test_split_atoms_reads_classes_groups_and_quantifiers() -> None:
    assert split_atoms(r"[\u4e00-\u9fff]{2,12}(?:局|委)(?=已)") == [
        (r"[\u4e00-\u9fff]", "{2,12}"), ("(?:局|委)", ""), ("(?=已)", "")]
    assert split_atoms(r"由[^，)]{0,20}?\)") == [("由", ""), ("[^，)]", "{0,20}?"), (r"\)", "")]
    assert split_atoms("a|b") is None


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="的一是在和了整改落实问题措施ab1，。、（）\U00020000\u4dff\ua000\u9fff\u4e00\n", max_size=60))
def test_duplicate_anchored_shingles_equal_the_lookahead_form(text: str) -> None:
    """The duplicate check's anchored shingles: 12 characters from each anchor (a character
    outside the CJK block, or one of the commonest), found by a class-led pattern that ``re``
    can skip through; the plain look-ahead form is the reference."""
    from checker.checks import duplicate

    reference = re.compile(r"(?=((?:[^\u4e00-\u9fff]|[" + duplicate._COMMON + r"]).{11}))", re.S)
    assert duplicate._ANCHORED.findall(text) == reference.findall(text)
