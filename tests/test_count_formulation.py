"""count (ZG204) and formulation (ZG207): real inputs → real findings, on invented notices.

Every sentence here is written for these tests (no corpus text). The property tests check that
the two document checks never crash, and that every span is inside the text and is the text the
message quotes.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.checks.count import count as count_check, declared_total
from checker.checks.formulation import _titles, find_formulations, formulation as formulation_check
from checker.config import Settings
from checker.engine import load_ruleset
from checker.engine.registry import RuleContext
from checker.model import Notice
from checker.parse import parse_notice
from checker.textnorm import fold

RULES = load_ruleset(Settings())
LEX = RULES.store
CTX = RuleContext(settings=Settings(), options={}, lexicons=LEX)

HEAD = "中共某县水务局党组关于巡察整改进展情况的通报\n根据县委统一部署，县委第二巡察组对县水务局党组开展了巡察。现将整改进展情况公布如下。\n"
TAIL = "欢迎广大干部群众监督。联系方式：电话0000-7654321；电子邮箱：sw@example.cn。\n"
ITEMS = [
    "（一）工程管理方面\n",
    "1.关于“工程验收不及时”的整改情况。局建设股牵头，已于2024年3月完成5个项目验收。\n",
    "2.关于“台账不完整”的整改情况。局办公室负责，已补齐台账42册。\n",
    "（二）资金管理方面\n",
    "3.关于“资金拨付滞后”的整改情况。局财务股负责，已拨付资金320万元。\n",
    "4.关于“票据不规范”的整改情况。局财务股负责，已规范票据186张。\n",
]


def _notice(preamble: str, items: list[str] = ITEMS) -> Notice:
    return parse_notice(HEAD + preamble + "\n" + "".join(items) + TAIL)


def _found(rule_id: str, notice: Notice) -> list[str]:
    return [notice.text[f.start:f.end] for f in RULES.check(notice, [RULES.get(rule_id)]) if f.rule == rule_id]


# -- count ---------------------------------------------------------------------------------------

COUNT_FLAG = [
    # N个方面M个问题 without 共, against the items (4 items in 2 groups)
    ("巡察组反馈了2个方面5个问题，局党组逐项制定整改措施。", "2个方面5个问题"),
    ("对照反馈意见，梳理出2个方面6项具体问题。", "2个方面6项具体问题"),
    ("针对巡察反馈的6个问题，局党组召开专题会议研究部署。", "6个问题"),
    # a completion rate against done / total
    ("对巡察反馈的4个问题，已整改完成3个，整改完成率80%。", "完成率80%"),
    ("巡察反馈的4个问题已整改完成3个，问题整改率为72.5%。", "整改率为72.5%"),
    # the parts of a breakdown against their total
    ("巡察反馈的4个问题，已整改完成2个，正在整改1个。", "2个，正在整改1个"),
    ("巡察反馈的4个问题，已整改完成2个，阶段性完成1个。", "2个，阶段性完成1个"),
    ("巡察反馈的4个问题中，3个已整改到位，其余2个正在推进。", "3个已整改到位，其余2个"),
]

COUNT_PASS = [
    "巡察组反馈了2个方面4个问题，局党组逐项制定整改措施。",
    "上轮巡察反馈的9个问题已全部整改到位。",                         # another round
    "对巡察反馈的4个问题，已整改完成3个，整改完成率75%。",
    "对巡察反馈的4个问题，已整改完成3个，整改完成率75.0%。",
    "巡察反馈的2个方面4个问题细化为12项整改措施，已整改完成3个，正在整改1个，完成率75.0%。",
    "巡察反馈的4个问题，已整改完成3个，其中按期完成2个，正在整改1个。",   # nested: not added up
    "巡察反馈的4个问题，已完成整改3个问题，正在推进的整改措施有9条。",      # different units
    "整改完成率100%。",                                              # no done count to check
    "对反馈的4个问题照单全收，其中3个问题已整改完成。",
    "2024年以来，全局共计开展检查12次，发现问题7个。",
    "计划改造老旧管网12公里，已完成9公里，完成率75%。",                 # not a count of items
    "全年计划实施水利项目12个，已完成10个，完成率83.3%。",               # its own arithmetic holds
]


@pytest.mark.parametrize("preamble, expected", COUNT_FLAG)
def test_count_flags(preamble: str, expected: str) -> None:
    notice = _notice(preamble)
    assert len(notice.items) == 4 and len(notice.groups) == 2       # the structure the cases assume
    assert expected in _found("ZG204", notice)


@pytest.mark.parametrize("preamble", COUNT_PASS)
def test_count_passes(preamble: str) -> None:
    assert _found("ZG204", _notice(preamble)) == []


def test_count_rounding_of_a_third() -> None:
    three = ITEMS[:3] + ["3.关于“资金拨付滞后”的整改情况。局财务股正在核对，计划2025年6月底前完成。\n"]
    for rate in ("66.7%", "67%", "66.67%"):
        assert _found("ZG204", _notice(f"对巡察反馈的3个问题，已整改完成2个，整改完成率{rate}。", three)) == [], rate
    assert _found("ZG204", _notice("对巡察反馈的3个问题，已整改完成2个，整改完成率70%。", three)) == ["完成率70%"]


def test_count_does_not_guess_when_the_groups_disagree() -> None:
    # 3 aspects declared, 2 groups read: the aspects are reported, the problem count is not compared
    assert _found("ZG204", _notice("巡察组反馈了3个方面5个问题。")) == ["3个方面"]


def test_count_does_not_guess_without_items() -> None:
    notice = parse_notice(HEAD + "巡察组反馈了2个方面5个问题。\n局党组高度重视，认真组织整改。\n" + TAIL)
    assert notice.items == [] and _found("ZG204", notice) == []


@pytest.mark.parametrize("preamble, declared", [
    ("上轮巡察反馈的9个问题已于2023年全部整改到位。", None),      # a previous round's problems
    ("上轮巡察共计12个问题已全部整改。", None),
    ("巡察组反馈了12个具体问题，局党组逐项制定整改措施。", 12),
    ("巡察组反馈了3个方面12个问题。", 12),
    ("对照反馈意见，共计梳理出12项问题。", 12),
])
def test_items_unread_and_count_read_the_same_declared_total(preamble: str, declared: int | None) -> None:
    """ZG208 compares the items read with count.py's reading of the declared total (declared_total),
    so the two rules agree on what the notice says it holds."""
    two = [ITEMS[1], ITEMS[2]]
    notice = _notice(preamble, two)
    assert declared_total(notice) == declared
    unread = _found("ZG208", notice)
    assert unread == ([] if declared is None else [notice.slice(notice.title)])


def test_count_forgives_an_item_split_in_two() -> None:
    # the second 整改情况 of item 2 is read as an item of its own: 4 labels, 5 items
    items = ITEMS[:3] + ["整改情况：已补齐台账42册，建立月度核查机制。\n"] + ITEMS[3:]
    notice = _notice("巡察组反馈了2个方面4个问题。", items)
    assert _found("ZG204", notice) == []


def test_count_items_written_one_per_aspect() -> None:
    # no group headings, one item per declared 方面: the 6 problems are inside the 2 items
    items = ["1.关于“工程管理方面”的整改情况。局建设股牵头，已于2024年3月完成5个项目验收。\n",
             "2.关于“资金管理方面”的整改情况。局财务股负责，已拨付资金320万元。\n"]
    assert _found("ZG204", _notice("巡察组反馈了2个方面6个问题。", items)) == []
    items.append("3.关于“票据不规范”的整改情况。局财务股负责，已规范票据186张。\n")
    assert _found("ZG204", _notice("巡察组反馈了2个方面6个问题。", items)) == ["2个方面6个问题"]


def test_count_breakdown_inside_an_item() -> None:
    item = "1.关于“审计问题整改不到位”的整改情况。对审计发现的12个问题实行销号管理，已销号10个，剩余{}个正在整改。\n"
    assert _found("ZG204", _notice("", [item.format(3), ITEMS[2]])) == ["10个，剩余3个"]
    assert _found("ZG204", _notice("", [item.format(2), ITEMS[2]])) == []


def test_count_messages_in_both_languages() -> None:
    notice = _notice("对巡察反馈的4个问题，已整改完成3个，整改完成率80%。")
    (ev,) = list(count_check(notice, CTX))
    assert "完成率" in ev.message and "3" in ev.message and "4" in ev.message
    assert ev.message_en and "3 done of 4" in ev.message_en


# -- formulation -------------------------------------------------------------------------------

FORMULATION_FLAG = [
    # (sentence, reported span, standard form)
    ("局党组坚持全面从严治不放松，开展专项检查2次。", "全面从严治", "全面从严治党"),
    ("坚持以习近平新时代中国特色社会主义思为引领，制定方案。", "习近平新时代中国特色社会主义思", "习近平新时代中国特色社会主义思想"),
    ("深入学习习近平新时代中国特色社会主思想，开展研讨3次。", "习近平新时代中国特色社会主思想", "习近平新时代中国特色社会主义思想"),
    ("深入学习习近平新时代中国特色社会主义想思，开展研讨3次。", "习近平新时代中国特色社会主义想思", "习近平新时代中国特色社会主义思想"),
    ("坚持以近平新时代中国特色社会主义思想为指导。", "近平新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想"),
    ("严格落实中央八项规精神，整治违规吃喝。", "中央八项规精神", "中央八项规定精神"),
    ("落实党风廉建设责任，开展廉政谈话12人次。", "党风廉建设", "党风廉政建设"),
    ("深入学习贯彻习近平总书重要讲话精神。", "习近平总书重要讲话精神", "习近平总书记重要讲话精神"),
    ("落实意识形态工作任制，建立舆情台账。", "意识形态工作任制", "意识形态工作责任制"),
    ("严格落实意识形态工作任责制，建立舆情台账。", "意识形态工作任责制", "意识形态工作责任制"),
    ("加强党委理论学习中心学习，全年学习12次。", "理论学习中心", "理论学习中心组"),
    ("坚持全面从严党治，压实责任。", "全面从严党治", "全面从严治党"),
    ("始终拥护以习近平为核心的党中央。", "以习近平为核心的党中央", "以习近平同志为核心的党中央"),
    ("学习贯彻党的二十届三中全会神，制定方案。", "党的二十届三中全会神", "党的二十届三中全会精神"),
    ("坚持和加强党的全面导，推动工作。", "坚持和加强党的全面导", "坚持和加强党的全面领导"),
]

FORMULATION_PASS = [
    "局党组坚持全面从严治校，修订《教职工考勤办法》。",
    "市公安局党委坚持全面从严治警，开展队伍教育整顿。",
    "坚持全面从严管党治党，压紧压实管党治党政治责任。",
    "坚持从严治党，严格执行民主集中制。",
    "推进全面依法治市，出台《行政执法监督办法》。",
    "坚持以新时代中国特色社会主义思想为指导。",
    "坚持中国特色社会主义道路，坚定中国特色社会主义理论体系。",
    "严格落实中央八项规定要求，完成公务接待清理。",
    "深入贯彻中央八项规定及其实施细则精神，严查“四风”问题。",
    "严格执行八项规定精神，整改违规发放津补贴问题。",
    "持续推进党风廉政建设和反腐败斗争，查处违纪案件4件。",
    "落实意识形态工作责任，每半年专题研究一次。",
    "压实网络意识形态工作责任制，建立舆情台账。",
    "深入学习贯彻习近平总书记重要指示精神，制定工作方案。",
    "认真学习习近平总书记系列重要讲话精神。",
    "学习贯彻党的二十届二中全会精神和党的十九届六中全会精神。",
    "严格执行“第一议题”制度，全年学习24次。",
    "整治群众身边的不正之风和腐败问题，追回资金12万元。",
    "扎实开展党史学习教育和党纪学习教育。",
    "培育和践行社会主义核心价值观，弘扬社会主义核心价值体系。",
    "坚持和加强党对巡视工作的全面领导。",
    "落实全面从严治党责任，签订责任书45份。",
    "落实党风廉政建设主体责任和监督责任。",
    "在以习近平同志为核心的党中央坚强领导下。",
    "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    "深入学习贯彻习近平经济思想、习近平法治思想、习近平生态文明思想、习近平文化思想。",
    "推进中国式现代化，研究中国现代化进程。",
    "学习习近平新时代中国特色社会主义思想主题教育。",
    "市委书记主持召开中心组学习会。",
    "中国特色社会主义进入新时代。",
    "新时代",
    "习近平总书记",
]


@pytest.mark.parametrize("sentence, span, form", FORMULATION_FLAG)
def test_formulation_flags(sentence: str, span: str, form: str) -> None:
    found = find_formulations(fold(sentence), LEX)
    assert [(sentence[s:e], f) for s, e, f in found] == [(span, form)]


@pytest.mark.parametrize("sentence", FORMULATION_PASS)
def test_formulation_passes(sentence: str) -> None:
    assert find_formulations(fold(sentence), LEX) == []
    notice = Notice(text=sentence)
    assert list(formulation_check(notice, CTX)) == []


TITLE_FLAG = [
    ("中华人民共和国招投标法", "中华人民共和国招标投标法"),
    ("中华人民共和国政府购法", "中华人民共和国政府采购法"),
    ("中国巡视工作条例", "中国共产党巡视工作条例"),
    ("中国共产党纪律处份条例", "中国共产党纪律处分条例"),
    ("中华人民共和国招投标实施条例", "中华人民共和国招标投标法实施条例"),
    ("中华人民共和国招标投标法实施条", "中华人民共和国招标投标法实施条例"),   # holds a shorter official title
]

TITLE_PASS = [
    "中华人民共和国招标投标法实施条例",
    "中国共产党支部工作条例(试行)",
    "中华人民共和国预算法(2018年修正)",
    "某省实施〈中华人民共和国招标投标法〉办法",       # holds the official title whole
    "某县党政机关国内公务接待管理实施细则",            # a local document with its own name
    "某市政府采购管理实施细则",
    "招标投标法实施条例",                              # a short citation
    "中共某市委巡察工作实施办法",
    "中华人民共和国海商法",                            # another law, one word away from 海关法
    "中华人民共和国统计法实施条例",
]


@pytest.mark.parametrize("inner, official", TITLE_FLAG)
def test_title_near_misses(inner: str, official: str) -> None:
    titles = _titles(tuple(LEX.get("formulation_full_titles").terms))
    assert titles.official(fold(inner)) == fold(official)
    notice = Notice(text=f"局办公室对照《{inner}》完成复核。")
    (ev,) = list(formulation_check(notice, CTX))
    assert notice.text[ev.start:ev.end] == f"《{inner}》" and official in ev.message


@pytest.mark.parametrize("inner", TITLE_PASS)
def test_titles_that_are_correct_or_other_documents(inner: str) -> None:
    assert list(formulation_check(Notice(text=f"局办公室对照《{inner}》完成复核。"), CTX)) == []


@pytest.mark.parametrize("sentence, span", [
    ("局党组建立由主要负责牵头的整改机制。", "主要负责"),
    ("各单位建立主要负责挂帅的工作机制。", "主要负责"),
    ("局党组印发《某县优化营商环境的条措施》。", "《某县优化营商环境的条措施》"),
])
def test_truncation_shapes(sentence: str, span: str) -> None:
    notice = Notice(text=sentence)
    assert [notice.text[e.start:e.end] for e in formulation_check(notice, CTX)] == [span]


@pytest.mark.parametrize("sentence", [
    "局党组建立由主要负责同志牵头的整改机制。",
    "由主要负责人带队开展督导。",
    "局党组印发《某县优化营商环境十条措施》。",
    "局党组印发《某县支持企业发展的若干措施》。",
])
def test_truncation_shapes_pass(sentence: str) -> None:
    assert list(formulation_check(Notice(text=sentence), CTX)) == []


def test_formulation_finds_each_error_once_and_quotes_it() -> None:
    text = HEAD + "1.关于“学习不深入”的整改情况。局党组坚持以习新时代中国特色社会主义思想为指导，推动全面从严治向纵深发展。\n" + TAIL
    notice = parse_notice(text)
    found = [f for f in RULES.check(notice, [RULES.get("ZG207")]) if f.rule == "ZG207"]
    quoted = [text[f.start:f.end] for f in found]
    assert len(found) == 2 and any(q.startswith("习新时代") for q in quoted) and "全面从严治" in quoted
    for f in found:
        assert text[f.start:f.end] in f.message and f.message_en


# -- properties ---------------------------------------------------------------------------------

FRAGMENTS = [
    "习近平新时代中国特色社会主义思想", "新时代中国特色社会主义思想", "社会主义思", "全面从严治党", "全面从严治",
    "中央八项规定精神", "八项规", "党风廉政建设", "意识形态工作责任制", "理论学习中心组", "习近平总书记", "习",
    "主要负责", "由", "牵头的", "集中制", "民主", "《", "》", "〈", "〉", "中华人民共和国招标投标法", "招投标", "条措施",
    "反馈", "巡察", "个方面", "个问题", "项具体问题", "共计", "已整改完成", "正在整改", "阶段性完成", "其余", "其中",
    "完成率", "整改率", "%", "％", ".", "0", "1", "3", "12", "99", "一", "十", "两", "个", "项", "条", "占", "超过",
    "，", "。", "；", "、", "\n", " ", "的", "为", "不", "已", "（一）", "1.", "整改情况：", "a", "\u3000", "\r\n",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join),
    st.text(alphabet=st.sampled_from("".join(set("".join(FRAGMENTS)))), max_size=300),
)


def _check_spans(text: str, evidence) -> None:
    for ev in evidence:
        assert 0 <= ev.start <= ev.end <= len(text)
        quoted = ev.params.get("found")
        if quoted is not None:
            assert quoted == text[ev.start:ev.end]
            assert quoted in ev.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_formulation_never_crashes_and_spans_quote_the_text(text: str) -> None:
    notice = Notice(text=text)
    _check_spans(text, list(formulation_check(notice, CTX)))
    for s, e, form in find_formulations(notice.view, LEX):
        assert 0 <= s < e <= len(text) and form


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_count_never_crashes_and_spans_stay_in_bounds(text: str) -> None:
    _check_spans(text, list(count_check(Notice(text=text), CTX)))
    notice = parse_notice(HEAD + text + "\n" + "".join(ITEMS) + TAIL)
    _check_spans(notice.text, list(count_check(notice, CTX)))


# -- linear time --------------------------------------------------------------------------------

def _synthetic(size: int) -> str:
    lines = FORMULATION_PASS + [p for p, _ in COUNT_FLAG] + COUNT_PASS + [s for s, _, _ in FORMULATION_FLAG[:3]]
    body, i, nbytes = [], 0, 0
    while nbytes < size:                                  # UTF-8 bytes
        i += 1
        line = f"{i}.关于“问题{i}”的整改情况。" + lines[i % len(lines)] + lines[(i * 7) % len(lines)] + "\n"
        body.append(line)
        nbytes += len(line.encode())
    return "".join(body)


def _cpu(fn) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def test_both_checks_are_linear_on_a_one_megabyte_document() -> None:
    small, big = Notice(text=_synthetic(250_000)), Notice(text=_synthetic(1_000_000))
    for check in (formulation_check, count_check):
        t_small = _cpu(lambda: list(check(small, CTX)))
        t_big = _cpu(lambda: list(check(big, CTX)))
        assert t_big < 10.0, (check.__name__, t_big)
        assert t_big < 8 * t_small + 0.05, (check.__name__, t_small, t_big)      # 4× the text: ≈ 4× the time
