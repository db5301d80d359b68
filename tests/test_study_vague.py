"""ZG103 以学代改 and ZG104 空泛表述 on invented items and notices (issue 19).

Every text here is invented for the test; none comes from the development corpus.
"""
from __future__ import annotations

import time

import pytest

from checker.config import Settings
from checker.engine import load_ruleset
from checker.parse import parse_notice
from checker.parse.synthetic import notice_from_item

RULESET = load_ruleset(Settings())
STUDY = [RULESET.get("ZG103")]
VAGUE = [RULESET.get("ZG104")]


def _findings(rules, rect: str, problem: str | None = None):
    notice = notice_from_item(rect, problem)
    return notice, RULESET.check(notice, rules)


def _flags(rules, rect: str, problem: str | None = None) -> bool:
    return bool(_findings(rules, rect, problem)[1])


def _by_item(text: str, rules) -> dict[int, list]:
    notice = parse_notice(text)
    out: dict[int, list] = {}
    for f in RULESET.check(notice, rules):
        out.setdefault(f.item, []).append(f)
    return out


# ------------------------------------------------------------------ vague: what is checkable

@pytest.mark.parametrize("rect", [
    # unnamed artefacts: a system improved, a ledger or list or mechanism set up
    "一是已修订完善差旅费报销管理制度；二是建立廉政风险排查台账。",
    "已建立问题清单和整改台账，完善内部控制制度，堵塞管理漏洞。",
    "已建立健全内部审计制度，切实加强审计监督。",
    "已完善相关工作机制，加强日常监督，确保问题不再发生。",
    # a generic check, a bare status claim, an unnamed class of projects or units
    "已开展专项检查，对发现的问题督促整改到位。",
    "已完成整改，进一步巩固整改成果。",
    "相关项目已开工建设，正在加快推进。",
    "各单位已出台相关制度，进一步规范管理。",
    # set formulas, vague quantities and ordinals are not counts
    "进一步增强“四个意识”，坚决做到“两个维护”。",
    "查办了一批典型案件，形成有力震慑。",
    "对第三轮巡察发现的问题持续跟踪督办，切实压实整改责任。",
    # a number inside the problem restated in quotes is not a result
    "针对“5个项目超期未验收”问题，已督促加快验收进度，确保尽快完成。",
    # a named thing without a completed result
    "充分运用城区智慧停车管理平台，进一步提升停车管理水平。",
    # an unnamed project; a task put on an agenda, which is no instrument
    "正在推进的项目已全部开工，持续加快建设进度。",
    "已将整改工作纳入重要议事日程，切实加强组织领导。",
    "已将巡察整改作为重大政治任务，全力推进整改落实。",
    # an unnamed class of units is not a named entity
    "各县财政局已出台相关办法，进一步规范资金管理。",
])
def test_vague_flags_generic_and_unnamed_results(rect: str) -> None:
    assert _flags(VAGUE, rect), rect


@pytest.mark.parametrize("rect", [
    # number, amount, fraction, date, 《document》
    "进一步加强管理，已追回挪用资金12.5万元。",
    "持续推进，力争年底前排名进入全省前1/3。",
    "2024年8月起全面推行网上审批，切实提高效率。",
    "自9月以来持续开展夜间巡查，不断巩固整治成果。",
    "已修订《县水务局财务报销管理办法》，规范报销审批流程。",
    "二〇二四年起实行周调度，确保整改落实。",
    # a named project, facility or system with a completed result
    "城南污水处理厂二期工程已正式投入运行，进一步改善水环境。",
    "“智慧社区”服务平台已正式上线，切实提升服务效率。",
    "已完成县医院门诊楼改造工程，进一步改善就医环境。",
    "已签订城东片区棚户区改造项目征收补偿协议，持续推进征收工作。",
    "已与省农业科学院签订技术合作协议，积极推进成果转化。",
    # a document enacted under a specific title; a document issued by a named unit
    "已制定并印发县卫健局党组理论学习中心组年度学习计划，进一步规范学习。",
    "实行重大事项请示报告双签字制度，切实压实责任。",
    "县城投公司已出台并执行工程款支付审批办法，进一步规范资金管理。",
    # a task written into a named instrument; a regulation named without 《》; a definite finding
    "已将意识形态工作作为班子成员年度述职报告的重要内容，进一步压实责任。",
    "已将整改落实情况纳入年度目标绩效考核，切实压实责任。",
    "已组织学习政府采购法实施条例，进一步规范采购程序。",
    "经核查，城北道路改造项目不存在重复计价问题，今后将进一步加强审核。",
])
def test_vague_passes_one_checkable_fact(rect: str) -> None:
    assert not _flags(VAGUE, rect), rect


def test_vague_points_at_the_phrases_not_the_whole_text() -> None:
    rect = "进一步加强采购管理，持续强化监督检查，切实提升规范化水平。"
    notice, found = _findings(VAGUE, rect)
    assert len(found) == 1
    f = found[0]
    first = notice.text[f.start:f.end]
    others = [notice.text[s.start:s.end] for s in f.related]
    assert first == "进一步加强采购管理"
    assert others == ["持续强化监督检查", "切实提升规范化水平"]
    rect_span = notice.items[0].rectification
    assert all(rect_span.start <= s.start and s.end <= rect_span.end for s in (*f.related,))


def test_a_meeting_named_推进会_is_not_the_phrase_推进() -> None:
    notice, found = _findings(VAGUE, "召开整改工作推进会，持续压实整改责任。")
    spans = [notice.text[f.start:f.end] for f in found] + [notice.text[s.start:s.end] for f in found for s in f.related]
    assert spans == ["持续压实整改责任"]


FIELDS_NOTICE = """中共某县交通运输局党组关于县委巡察整改进展情况的通报
根据县委统一部署，县委第二巡察组对县交通运输局党组开展了巡察，反馈问题4个。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.问题：工程变更审批不规范。
整改措施：进一步加强工程变更管理，切实规范审批程序。
责任单位：县交通运输局建设股
整改时限：长期坚持
整改状态：已完成
2.问题：运输市场监管存在薄弱环节。
整改措施：持续强化运输市场监管，不断提升执法效能。
责任单位：县交通运输局运管所
整改时限：2025年12月底前
整改状态：正在整改
3.问题：超限运输治理不力。
整改措施：进一步加强路面管控，切实形成治超合力。
责任单位：县交通运输局路政大队
整改时限：6月底前
整改状态：已完成
4.问题：农村公路养护资金拨付不及时。
整改措施：进一步规范资金拨付流程。
完成情况：已拨付滞留的养护资金86万元。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-7654321。
"""


def test_vague_fields_a_date_counts_a_status_or_unit_does_not() -> None:
    flagged = _by_item(FIELDS_NOTICE, VAGUE)
    notice = parse_notice(FIELDS_NOTICE)
    assert len(notice.items) == 4
    assert 0 in flagged            # 责任单位 + 长期坚持 + 已完成: nothing checkable
    assert 1 not in flagged        # 整改时限：2025年12月底前 is a date
    assert 2 not in flagged        # 整改时限：6月底前 is a date too
    assert 3 not in flagged        # a 完成情况 field reporting an amount is a fact
    # the finding points at the generic phrase of the measure, not at the field values
    f = flagged[0][0]
    assert notice.text[f.start:f.end] == "进一步加强工程变更管理"


LEDGER = (
    "中共某区商务局党组关于区委巡察整改进展情况的通报\n"
    "一、巡察反馈问题整改落实情况\n"
    "序号\t问题\t整改措施\t责任单位\t整改时限\t完成情况\n"
    "1\t商贸企业安全检查不到位\t进一步强化安全监管，切实压实企业主体责任\t市场运行科\t长期坚持\t已完成\n"
    "2\t外贸企业服务不主动\t组织外贸企业负责人开展政策培训，召开政企座谈会\t对外贸易科\t2024年9月底前\t已完成\n"
    "3\t专项资金拨付滞后\t已拨付滞留的外贸发展专项资金230万元\t财务科\t2024年6月底前\t已完成\n"
    "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-1234567。\n"
)


def test_ledger_table_rows() -> None:
    notice = parse_notice(LEDGER)
    assert len(notice.items) == 3
    vague = _by_item(LEDGER, VAGUE)
    study = _by_item(LEDGER, STUDY)
    assert set(vague) == {0}       # the status column 已完成 is not a fact
    assert set(study) == {1}       # training + a forum only; the columns are not measures


# ------------------------------------------------------------------ study-only: the problem

@pytest.mark.parametrize("problem", [
    "理论学习中心组学习不深入",
    "意识形态工作责任制落实不到位",
    "干部培训覆盖面不足",
    "执行“第一议题”制度不到位",
    "学习贯彻党的二十届三中全会精神不深入、不系统",
    "违纪违法案件警示教育作用发挥不充分",
    "党员教育管理松散，组织生活不规范",
    "安全培训流于形式",
])
def test_a_problem_about_study_itself_exempts_study_measures(problem: str) -> None:
    rect = "召开专题会议，组织集中学习和专题培训。"
    assert not _flags(STUDY, rect, problem), problem


@pytest.mark.parametrize("problem", [
    "违规列支会议费、培训费",
    "培训经费管理不规范，存在超范围支出",
    "借培训之名公款旅游",
    "以学习考察为名变相公款旅游",
    "组织干部外出培训期间违规公款吃喝",
    "培训班违规收费",
    "违规举办培训班",
    "校外培训机构监管不到位",
    "职工学习室长期闲置",
])
def test_study_words_as_the_object_of_another_wrong_do_not_exempt(problem: str) -> None:
    rect = "召开专题会议，组织集中学习和专题培训。"
    assert _flags(STUDY, rect, problem), problem


# ------------------------------------------------------------------ study-only: the measures

@pytest.mark.parametrize("rect", [
    # substantive words inside the name or object of a study event
    "一是组织执法人员开展监督检查业务培训；二是召开执法工作推进会。",
    "组织学习《行政事业单位内部控制规范》，举办业务培训班2期。",
    "已加强财务人员报销审核、资金监管相关制度学习。",
    "组织学习新修订的政府采购法律法规，召开警示教育会。",
    # a study plan is still study
    "制定专题学习计划，组织学习招标投标法律法规。",
    # meetings and publicity of several kinds
    "召开消防安全工作部署会，组织开展消防安全宣传月活动，发放宣传资料。",
    "召开作风建设大会，组织干部观看警示教育片。",
])
def test_study_only_flags_study_events(rect: str) -> None:
    assert _flags(STUDY, rect, "工程招标程序不规范"), rect


@pytest.mark.parametrize("rect", [
    # study-like words that name substantive measures
    "已改建党员学习室2处，配置学习资料。",
    "组织学习招标法规，建立招标文件集体审核制度。",
    # substantive actions beside the study, inside the same sentence
    "组织学习招标法规，并对3名责任人诫勉谈话。",
    "召开专题会议，追缴违规发放的津贴补贴。",
    "召开专题会议研究，对相关责任人进行批评教育。",
    "召开会议部署资产清查，清理闲置资产12处。",
    "召开专题会议，对2名干部进行提醒谈话。",
    "取缔无证培训机构5家，召开培训机构负责人会议。",
    # a document enacted at a meeting; a change written into documents; a sector, not a lesson
    "召开局党组会议审议通过《局机关公务用车管理办法》。",
    "组织学习招标法规，在后续招标文件中明确履约担保提交时限。",
    "全县43所义务教育学校均已配齐专职校医。",
])
def test_study_only_passes_substantive_measures(rect: str) -> None:
    assert not _flags(STUDY, rect, "工程招标程序不规范"), rect


STUDY_FIELDS = """中共某县水利局党组关于县委巡察整改进展情况的通报
一、巡察反馈问题整改落实情况
1.问题：小型水库安全度汛准备不足。
整改措施：组织水库管理人员开展防汛业务培训，召开安全度汛部署会。
责任单位：县水利局水库股
整改时限：2025年5月底前
整改状态：已完成
2.问题：水利工程质量监督不到位。
整改措施：组织质量监督人员集中学习工程质量管理规定。
完成情况：已对在建的6个水利工程开展质量抽检，责令返工2处。
3.问题：河道管理人员培训不足。
整改措施：举办河道管理业务培训班2期。
责任单位：县水利局河湖股
"""


SELF_REVIEW = """中共某县文化和旅游局党组关于主题教育检视问题整改落实情况的通报
问题一：干部服务游客意识不强。
整改措施：组织窗口人员观看服务礼仪专题片，召开服务质量推进会。
整改成效：干部服务意识明显增强。
问题二：景区投诉处置不及时。
整改措施：组织景区管理人员开展投诉处置业务培训。
整改成效：景区游客投诉量同比下降28%。
"""


def test_study_only_an_effect_line_is_not_a_measure_but_a_measurable_result_counts() -> None:
    flagged = _by_item(SELF_REVIEW, STUDY)
    assert len(parse_notice(SELF_REVIEW).items) == 2
    assert set(flagged) == {0}     # a generic effect adds nothing; a fall of 28% is a measurable result


def test_study_only_field_lines_are_not_measures() -> None:
    flagged = _by_item(STUDY_FIELDS, STUDY)
    assert len(parse_notice(STUDY_FIELDS).items) == 3
    assert set(flagged) == {0}     # item 2 reports checks in its 完成情况; item 3's problem is training itself


def test_an_item_of_field_lines_only_is_not_study_only() -> None:
    text = ("中共某县水利局党组关于县委巡察整改进展情况的通报\n一、巡察反馈问题整改落实情况\n"
            "1.问题：小型水库安全度汛准备不足。\n责任单位：县水利局水库股\n整改时限：2025年5月底前\n")
    assert not _by_item(text, STUDY)


# ------------------------------------------------------------------ the patterns stay linear

def test_long_unpunctuated_text_stays_fast() -> None:
    """Bounded runs only: a long text without punctuation is scanned in linear time."""
    blob = ("已建立健全相关项目管理工作制度并严格执行学习培训会议" * 2000)[:40_000]
    start = time.perf_counter()
    for rect in (blob, blob.replace("已", "各")):
        _findings(VAGUE + STUDY, rect, "培训经费管理不规范" * 200)
    assert time.perf_counter() - start < 5.0


# ---------------------------------------------------------------- study-only on notices in other shapes

@pytest.mark.parametrize("problem, rect", [
    # publicity in its common forms answers a problem that is not about publicity
    ("部分村庄违规焚烧垃圾", "通过村广播、张贴标语、发放明白纸等方式宣传禁烧规定，发放宣传资料3000份。"),
    # a corrective word as the topic of what is studied, not done
    ("欠薪投诉化解不及时", "召开专题会议2次，传达学习上级关于欠薪问题排查化解工作的部署要求，开展业务培训1期。"),
    ("部分合同未经法律审核", "召开党组会议通报审计发现问题，组织合同管理人员专题学习《民法典》合同编。"),
    # money spent on training is not a problem about training
    ("职工教育培训经费使用不规范", "组织财务人员学习经费管理办法，召开警示教育会。"),
    ("存在虚列培训项目套取资金问题", "组织全体干部集中学习财经纪律，开展廉政教育。"),
])
def test_study_only_flags_study_for_other_wrongs(problem: str, rect: str) -> None:
    assert _flags(STUDY, rect, problem)


@pytest.mark.parametrize("problem, rect", [
    # a problem about publicity is answered by publicity (RUBRIC: the problem is itself about it)
    ("惠民政策宣传不到位，群众知晓率不高", "组织干部入户宣讲政策36场，发放明白纸6000份。"),
    # a real correction among the study measures
    ("欠薪投诉化解不及时", "召开专题会议2次，对12起欠薪投诉逐件化解，追回工资38万元。"),
])
def test_study_only_passes_remedies_and_corrections(problem: str, rect: str) -> None:
    assert not _flags(STUDY, rect, problem)


FIELD_NOTICE = """中共某县农业农村局党组关于巡察整改进展情况的通报
第一项
【问题】秸秆露天焚烧时有发生
【整改目标】焚烧现象得到有效遏制。
【整改措施】通过广播、标语、村民会议等方式宣传禁烧政策，发放宣传资料2万份。已完成整改。
【责任单位】局农业执法监管科
【完成时限】长期坚持
第二项
【问题】农机补贴审核不严
【整改措施】组织审核人员开展业务培训。对2023年以来的补贴档案逐一复核，追回补贴4.2万元。
【责任单位】局农机股
"""


def test_field_lines_status_claims_and_labels_alone_on_a_line() -> None:
    notice = parse_notice(FIELD_NOTICE)
    assert [i.label for i in notice.items] == ["第一项", "第二项"]
    assert "第二项" not in notice.slice(notice.items[0].rectification)
    first = notice.items[0]
    assert [m.attribute for m in first.measures][:1] == ["整改目标"]     # the field the text opens in
    assert "完成情况" in [m.attribute for m in first.measures]              # 已完成整改。 states completion
    assert set(_by_item(FIELD_NOTICE, STUDY)) == {0}
