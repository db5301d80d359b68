"""ZG101 deadline and ZG105 future-only (checker/checks/progress.py, rules/lexicons/time.yaml).

Every text here is invented: item shapes and wordings of rectification reports, written for
these tests, one class of the rubric per group.
"""
from __future__ import annotations

import time

import pytest

from checker.config import Settings
from checker.checks import progress
from checker.engine import load_ruleset
from checker.engine.registry import RuleContext
from checker.parse import parse_notice
from checker.parse.fields import STATUS_FIELDS
from checker.parse.synthetic import notice_from_item

RULES = load_ruleset(Settings())
ZG101 = RULES.get("ZG101")
ZG105 = RULES.get("ZG105")
CTX = RuleContext(settings=Settings(), options={}, lexicons=RULES.store)


def flags(text: str) -> str:
    """"D" when ZG101 flags the one item, "F" when ZG105 does ("-" otherwise): e.g. "D-"."""
    found = {f.rule for f in RULES.check(notice_from_item(text), [ZG101, ZG105])}
    return ("D" if "ZG101" in found else "-") + ("F" if "ZG105" in found else "-")


def notice_flags(text: str) -> dict[str, str]:
    """For a whole notice: item label → "D-" style flags."""
    notice = parse_notice(text)
    found = RULES.check(notice, [ZG101, ZG105])
    out = {}
    for item in notice.items:
        rules = {f.rule for f in found if f.item == item.index}
        out[(item.label or "").strip("、.．")] = ("D" if "ZG101" in rules else "-") + ("F" if "ZG105" in rules else "-")
    return out


# ------------------------------------------------------------------ completed work

@pytest.mark.parametrize("text", [
    # an action verb with a counted result, no 已
    "县水利局对全县小型水库开展安全鉴定，完成鉴定27座，下达整改通知书9份。",
    "区住建局对全区在建工地开展扬尘专项检查，责令停工整改7家，处罚金额36万元。",
    "区纪委监委立案审查2人，给予党纪处分3人。",
    "区委组织部选派18名优秀年轻干部到信访一线挂职锻炼。",
    # a period that started in the past
    "3月以来，街道对辖区出租房屋开展消防巡查，督促整改隐患56处。",
    "自2024年5月起，区政务大厅实行预约延时服务。",
    # a change reported
    "全区学校食堂配送企业由9家整合为3家。",
    "全区建成区绿化覆盖率由38.2%提高到41.5%。",
    # started for good
    "区智慧城管平台正式投入运行。",
    # events and documents
    "召开专题会议研究部署，印发整改方案。",
    "区卫健委修订《医疗废物管理办法》，组织培训4场。",
    "经排查，辖区内未发现类似问题。",
    "区委组织部将干部教育培训纳入年度考核，对3个考核靠后单位进行通报。",
    # 中 starting the next word is no "still under way" (修订中): 中心组、中央资金
    "局办公室牵头制定中心组年度学习计划，中心组开展专题学习11次。",
    "已申报中央预算内资金1200万元。",
])
def test_done_work_without_markers_is_done(text: str) -> None:
    assert flags(text) == "--", text


@pytest.mark.parametrize("text", [
    "做好安全生产工作，强化企业主体责任，加强日常监管。",
    "切实加强校园安全管理，确保师生安全。",
    "坚决查处违规行为，严肃问责相关责任人。",
    "推动重点项目早日落地见效。",
])
def test_generic_commitments_are_open_work(text: str) -> None:
    assert flags(text) == "DF", text


def test_status_field_done_closes_the_item() -> None:
    text = ("中共某县林业局党组关于巡察整改进展情况的通报\n一、巡察反馈问题整改情况\n"
            "1.关于“护林员管理松散”的问题。\n整改措施：局资源股将优化巡护路线，增配护林员。\n整改状态：已完成\n")
    assert notice_flags(text) == {"1": "--"}


def test_status_field_open_with_nothing_done() -> None:
    text = ("中共某县林业局党组关于巡察整改进展情况的通报\n一、巡察反馈问题整改情况\n"
            "1.关于“护林员管理松散”的问题。\n整改措施：局资源股将优化巡护路线。\n整改状态：正在整改\n")
    assert notice_flags(text) == {"1": "DF"}


def test_parser_and_rules_read_the_same_status_field() -> None:
    """One list of status fields (parse.fields.STATUS_FIELDS): when an item prints two that disagree,
    the status the parser reports is the one ZG101/ZG105 act on, and the rule files' default of
    ``status_fields`` is that list."""
    text = ("中共某县林业局党组关于巡察整改进展情况的通报\n一、巡察反馈问题整改情况\n"
            "1.关于“护林员管理松散”的问题。\n整改措施：局资源股将优化巡护路线。\n整改状态：正在整改\n完成情况：已完成\n")
    notice = parse_notice(text)
    assert notice.slice(notice.items[0].status) == "正在整改"
    assert notice_flags(text)["1"].startswith("D")      # open work: 完成情况：已完成 did not close it
    assert ZG101.options["status_fields"] == ZG105.options["status_fields"] == list(STATUS_FIELDS)


# ------------------------------------------------------------------ plan scope

@pytest.mark.parametrize("text, expected", [
    # the completion verbs stand far from the plan marker, still inside its clause
    ("区大数据中心拟于2025年9月底前完成数据平台迁移并正式上线运行。", "-F"),
    ("计划年内出台《全区物业服务收费管理办法》。", "-F"),
    ("将新增公共停车泊位800个。", "DF"),
    ("区审计局正在核实相关情况，拟追回违规发放的补贴资金。", "DF"),
    # the plan reaches the next clauses of its sentence that have no marker of their own
    ("将新增充电桩200个，改造老旧管网12公里。", "DF"),
    ("计划投入资金1200万元，对14座老旧泵站进行改造。", "DF"),
    ("计划投入资金1200万元，对14座老旧泵站进行改造，2025年5月底前完工。", "-F"),
    # …but not past the end of its sentence, nor over a clause reported done
    ("已完成3座泵站改造。计划2025年完成其余5座。", "--"),
    ("正在开展排查，已排查企业45家，力争10月底前全部完成。", "--"),
    ("已于2024年6月底前完成3个站点建设，其余站点正在建设。", "D-"),
    # 计划 and 拟 as nouns or other words are no plan
    ("制定年度培训计划，开展业务培训3期。", "--"),
    ("已按计划完成全部12个站点建设。", "--"),
    ("已拟制《专项整治工作方案》并印发实施。", "--"),
])
def test_plan_scope_is_the_clause(text: str, expected: str) -> None:
    assert flags(text) == expected, text


@pytest.mark.parametrize("text, expected", [
    # a count before an open marker is what is left to do, not a result
    ("市住建局正在督促各区加快施工进度，剩余11个项目计划于2025年6月底前全部完工。", "-F"),
    ("剩余11个项目，计划于2025年6月底前全部完工。", "-F"),
    ("3个项目正在施工。", "DF"),
    ("完成改造12个，3个项目正在施工。", "D-"),
    ("完成改造12个并将于年底前完成剩余3个。", "--"),
    ("正在开展排查，已排查企业45家。", "D-"),
    ("已完成前期调研，相关办法尚在修订中。", "D-"),
    ("已完成前期调研，《物业管理办法》修订中。", "D-"),
    ("全区老旧小区改造项目已全部开工，其余工程正在加快推进。", "D-"),
    ("今年已争取到专项资金300万元，其余资金正在积极争取。", "D-"),
    ("拟修订《物业管理办法》，目前正在征求意见。", "DF"),
    ("区住建局将牵头修订《物业管理办法》。", "DF"),
])
def test_ongoing_work_beside_done_work(text: str, expected: str) -> None:
    assert flags(text) == expected, text


# ------------------------------------------------------------------ time limits

@pytest.mark.parametrize("text", [
    "剩余3处隐患正在整改，计划年内全部销号。",
    "其余问题由街道负责，拟于2025319日前整改到位。",
    "其余问题由街道负责，拟于2025年319日前整改到位。",
    "区财政局将在二〇二五年底前完成全部历史欠款清理。",
    "正在组织第三方评估，3个月内形成评估报告。",
    "相关问题正在核查，30日内办结。",
    "剩余资金正在追缴，确保年底完成。",
    "已完成3个项目验收，其余项目正在施工，力争2025年6月交付使用。",
    "已完成3个项目验收，其余2个项目计划10月底前完工。",
])
def test_bounded_periods_and_dates_are_time_limits(text: str) -> None:
    assert flags(text)[0] == "-", text


@pytest.mark.parametrize("text", [
    "区城管局持续推进占道经营整治，做到立行立改、长期坚持。",
    "严格执行值班制度，常态化开展巡查。",
    "已建立问题台账，后续将尽快根据实际逐步完善。",
    # dates of past events are no time limit for the open work
    "2024年9月23日召开专题会议，下一步将逐步完善工作机制。",
    "截至2024年10月底，已排查隐患120处，其余正在推进。",
    "已于2024年6月底前完成3个站点建设，其余站点正在建设。",
    # a date inside a document title is no time limit either
    "已印发《2025年度安全生产工作要点》，正在组织落实。",
    "2024年6月底前已完成5个站点建设，其余站点正在建设。",
])
def test_vague_time_words_and_past_dates_are_no_time_limit(text: str) -> None:
    assert flags(text)[0] == "D", text


def test_time_limit_fields_and_columns() -> None:
    text = ("中共某县交通运输局党组关于县委巡察整改情况的通报\n县委第一巡察组对县交通运输局党组开展巡察。现将整改台账公布如下：\n"
            "序号\t反馈问题\t整改措施\t完成时限\t整改进度\n"
            "1\t养护资金使用不规范\t规划股将制定养护资金管理细则\t2024年12月\t正在整改\n"
            "2\t客运站隐患整改不彻底\t正在督促企业完成消防设施改造\t立行立改\t正在整改\n"
            "3\t工程变更审批不严\t进一步严格工程变更管理\t长期\t持续推进\n"
            "4\t驾培监管缺位\t运管股拟修订驾培机构考核办法\t2025.3\t未完成\n"
            "5\t超限治理不力\t路政大队将开展联合治超行动\t立行立改\t已完成\n")
    got = notice_flags(text)
    assert got == {"1": "-F", "2": "DF", "3": "DF", "4": "-F", "5": "--"}, got


# ------------------------------------------------------------------ not open commitments

@pytest.mark.parametrize("text", [
    # standing practices beside results
    "常态化开展夜查行动，每季度开展一次联合执法，已查处违规经营12起。",
    "区城管局建立“门前三包”责任制，签订责任书1850份，每月开展一次考评。",
    # a closing purpose clause
    "区卫健委修订《医疗废物管理办法》，组织培训4场，不断提升医疗机构规范化水平。",
    "区应急局组织开展应急演练6次，参演人员1200人次，进一步提升了应急处置能力。",
    # measure headings followed by what was done
    "一是加快发展特色产业。新建标准化种植基地3个，带动农户420户。二是强化服务保障。开通企业服务专线。",
    "一是加快推进老旧小区改造。今年以来完成改造小区14个。二是持续推进电梯加装。新加装电梯37部。",
    # 将 as a preposition
    "区国资委已将监管企业全部纳入“三重一大”监管平台。",
    "学院将实验室安全纳入年度考核，对2个考核不合格的实验室暂停使用。",
])
def test_rubric_non_findings(text: str) -> None:
    assert flags(text) == "--", text


def test_words_quoted_from_the_problem_are_no_report() -> None:
    assert flags("针对“项目已超期”的问题，将加快推进项目建设。") == "DF"


def test_done_gradually_is_done() -> None:
    assert flags("已逐步建立问题线索快速处置机制，处置线索26条。") == "--"


def test_lead_sentence_before_measures_is_framing() -> None:
    text = ("局党委高度重视，加快推进整改落实。一是规范采购行为。药械科督促退回货款18.6万元。"
            "二是完善长效机制。制定《医疗废物管理考核细则》。")
    assert flags(text) == "--"


def test_a_heading_alone_is_open_work() -> None:
    assert flags("一是强化组织领导。二是加强督促检查。三是持续推进整治。") == "DF"


# ------------------------------------------------------------------ messages

def test_message_names_the_open_marker() -> None:
    notice = notice_from_item("已建立问题清单，后续将逐步完善考核办法。")
    found = [f for f in RULES.check(notice, [ZG101]) if f.rule == "ZG101"]
    assert found and "后续将" in found[0].message
    notice = notice_from_item("进一步强化监督检查。")
    found = [f for f in RULES.check(notice, [ZG101]) if f.rule == "ZG101"]
    assert found and "没有报告任何已完成" in found[0].message and found[0].message_en


# ------------------------------------------------------------------ the shortcuts agree with the full reading

AGREEMENT = [
    "县水利局对全县小型水库开展安全鉴定，完成鉴定27座。",
    "一是加快推进老旧小区改造。今年以来完成改造小区14个。二是持续推进电梯加装工作。",
    "已建立问题台账，后续将根据实际逐步完善。",
    "正在开展排查，已排查企业45家，力争10月底前全部完成。",
    "将新增充电桩200个，改造老旧管网12公里。",
    "区卫健委修订《医疗废物管理办法》，不断提升规范化水平。",
    "每季度开展一次联合检查。",
    "区人社局待上级批复后组织招聘。",
    "计划投入资金1200万元，对14座老旧泵站进行改造。",
    "已完成主体工程，正在进行内部装修。",
    "局党委加快推进整改落实。一是规范采购行为。督促退回货款18.6万元。二是完善机制。",
]


@pytest.mark.parametrize("text", AGREEMENT)
def test_shortcuts_agree_with_the_clause_reading(text: str) -> None:
    notice = notice_from_item(text)
    item = notice.items[0]
    fast = progress._settle(notice, progress.item_progress(notice, item, CTX), CTX)
    full = progress.item_progress(notice, item, CTX, full=True)
    assert (fast.done, fast.open) == (full.done, full.open), text


# ------------------------------------------------------------------ linear time

@pytest.mark.parametrize("unit", ["将", "由", "拟于", "计划", "正在", "2025年", "已", "，", "12个", "一是加快。", "每月12个", "每月召开",
                                  "一是正在，", "，不断提升加快", "一是将新增12个，"])
def test_long_degenerate_texts_stay_fast(unit: str) -> None:
    text = unit * (60_000 // len(unit))
    notice = notice_from_item(text)
    start = time.perf_counter()
    RULES.check(notice, [ZG101, ZG105])
    assert time.perf_counter() - start < 3.0, unit
