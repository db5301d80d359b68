"""ZG102 responsibility: the agent is who acts (issue 19). Every text here is invented."""
from __future__ import annotations

import random
import time

import pytest

from checker.config import Settings
from checker.engine import load_ruleset, self_names
from checker.engine.conditions import composed_of, is_self_reference
from checker.parse import parse_notice
from checker.parse.synthetic import notice_from_item

RULES = load_ruleset(Settings())
RULE = RULES.get("ZG102")


def flagged(rectification: str, issuer: str | None = None) -> bool:
    notice = notice_from_item(rectification, issuer=issuer)
    return any(f.rule == "ZG102" for f in RULES.check(notice, [RULE]))


def flagged_items(text: str) -> list[int]:
    notice = parse_notice(text)
    return sorted(f.item for f in RULES.check(notice, [RULE]) if f.rule == "ZG102")


# ---------------------------------------------------------------- over-matching

@pytest.mark.parametrize("text", [
    # a unit pattern must not swallow the words before it (已、并在、举办) and escape 各/相关
    "已对相关站所开展交叉检查，并在各分中心推行首问负责制。",
    "举办业务骨干培训班2期，已对各中队执法记录仪使用情况进行抽查。",
    # one-character heads inside ordinary words (全部→部, 中心组→中心, 干部)
    "反映的问题已全部办结，理论学习中心组开展专题研讨3次。",
    "组织党员干部集中学习，撰写心得体会40篇。",
    # places, recipients and objects
    "在4个试点街道推行网格化巡查，覆盖居民1.2万户。",
    "已向市发展改革委报送项目调整申请。",
    "督促下属各站所对照清单逐项整改。",
    "经与县交通运输局对接，已明确道路移交方案。",
    # counted groups and unnamed classes
    "已在7个项目部配备专职安全员，11家施工企业完成自查。",
    "各基层党组织对照检视问题清单开展整改，相关单位完成整改。",
    "全县23所乡镇卫生院完成药品目录调整。",
    # roles inside names and titles, roles as participants or objects
    "深入学习习近平总书记关于安全生产的重要论述。",
    "修订《主任办公会议事规则》《党委会议事规则》，规范决策程序。",
    "组织社区党组织书记参加集中轮训，新选配村级后备干部15名。",
    "对3名支部书记进行提醒谈话。",
    # marker words that name nobody
    "明确责任领导和责任部门，建立整改台账，实行销号管理。",
    # things, not agents
    "新建的便民服务中心已投入使用，污水处理站已建成投用。",
])
def test_not_an_agent(text: str) -> None:
    assert flagged(text), text


# ---------------------------------------------------------------- misses

@pytest.mark.parametrize("text", [
    # units acting with any verb, coordinated
    "财务科、资产科修订《固定资产处置细则》，核销报废资产96件。",
    "规划股核查近三年审批档案，纠正问题5个。",
    "区民政局、区残联联合复核补贴对象，停发补贴17人。",
    # a parenthetical alias
    "信息中心（政务数据管理局）正在对接省级共享平台。",
    # 经…审计, introducers
    "经区审计局专项审计，已收回资金23万元。",
    "由县卫健局牵头，会同县医保局开展专项检查。",
    "整改工作由县发改局负责，已完成项目清理。",
    "已由分管副县长李明牵头，逐项督办。",
    # heads 股、站、所、队
    "城南派出所联合城管执法中队开展夜间巡查。",
    "县农机站完成补贴机具核验，追回补贴资金4万元。",
    "镇财政所清理往来账目，规范票据300余张。",
    # a subject after a time phrase or a measure marker
    "2024年3月以来，区医保中心追回违规基金46万元。",
    "一是建立整改台账；二是审计处对在建项目开展跟踪审计，核减造价31万元。",
    # roles
    "分管副局长王强带队对全部项目逐一复核。",
    "已修订相关制度，明确党委主要负责人带头讲廉政党课。",
    "第一书记带领驻村工作队完成产业项目申报。",
    # named by function, and companies / districts
    "生态环境主管部门已对涉事企业下达整改通知。",
    "园区下属国有公司已出台采购管理制度。",
    "安州区成立工作专班，逐户开展清欠催缴。",
    # a responsibility marker naming a unit
    "责任单位为县商务局，已完成加油站油气回收改造。",
])
def test_named_agent(text: str) -> None:
    assert not flagged(text), text


# ---------------------------------------------------------------- the issuer itself

def test_rubric_examples() -> None:
    # a named department, office, company, district or role doing a measure counts …
    assert not flagged("市纪委监委对重点领域开展专项监督，立案9件。", issuer="中共某市委员会")
    assert not flagged("县城投公司完成融资置换，降低融资成本1.2个百分点。")
    # … the issuer itself and unnamed classes do not
    assert flagged("市委坚持问题导向，督促各下属基层党组织认真落实“三会一课”制度。", issuer="中共某市委员会")
    assert flagged("12家公立医院开展信用就医试点，40家医疗机构完成系统改造。")
    assert flagged("园区部门、镇、村多渠道宣传安置政策，逐步打开工作局面。", issuer="中共某产业园工作委员会")


def test_issuer_self_references_do_not_count() -> None:
    assert flagged("市委召开常委会会议专题研究整改工作，印发实施方案。", issuer="中共某市委员会")
    assert flagged("局党组已修订《财务报销办法》，追回资金3万元。", issuer="中共某县水利局党组")
    assert flagged("县水利局已完成全部河道清障。", issuer="中共某县水利局党组")
    assert flagged("我们坚持领导包案，已化解积案6件。", issuer="中共某镇委员会")
    assert flagged("园区党工委已研究印发年度工作要点。", issuer="中共某经济开发区工作委员会")
    assert flagged("市政府常务会议研究部署整改工作。", issuer="某市人民政府")


def test_a_leadership_role_of_the_issuer_counts() -> None:
    assert not flagged("市委主要负责同志带队督导重点项目8个。", issuer="中共某市委员会")
    assert not flagged("镇党委组织委员牵头审核党员档案，补齐材料21份。", issuer="中共某镇委员会")


def test_other_bodies_are_matched_as_whole_names() -> None:
    # an issuer 某工委 does not make 纪工委 the issuer itself
    assert not flagged("纪工委对园区政府投资项目开展专项监督，发现问题5个。", issuer="中共某经济开发区工作委员会")
    assert not flagged("机关党委对党员信息逐一核对，更正错误19条。", issuer="中共某县教育局党组")
    assert not flagged("县教育局基础教育股指导全县学校修订课后服务方案。", issuer="中共某县教育局党组")
    assert not flagged("市政府办公室印发《督查督办工作规程》。", issuer="某市人民政府")


def test_is_self_reference_matches_whole_names() -> None:
    names = ("党工委", "工委", "园区", "某经济开发区工作委员会")
    assert is_self_reference("党工委", names)
    assert is_self_reference("园区党工委", names)
    assert not is_self_reference("纪工委", names)
    assert not is_self_reference("党工委主要负责人", names)
    assert is_self_reference("局党组", ("党组",))                  # a level word before the name
    assert not is_self_reference("局财务股", ("党组",))
    assert is_self_reference("县水务局", ("县水务局",))
    assert not is_self_reference("县水务局", ("县财政局",))
    assert is_self_reference("党委、我们", ("党委", "我们"))
    assert is_self_reference("", ("党委",))


def test_composed_of_needs_one_whole_word() -> None:
    assert composed_of("园区部门", ("园区",), frozenset({"部门"}))
    assert not composed_of("局", ("党组",))                        # level words alone are not a name
    assert not composed_of("信息中心", (), frozenset({"中心"}))


def test_self_names_include_the_issuing_body() -> None:
    notice = notice_from_item("已完成整改。", issuer="中共某县教育局党组")
    names = self_names(notice, Settings(), RULES.store)
    assert {"某县教育局", "教育局", "党组"} <= set(names)
    notice = notice_from_item("已完成整改。", issuer="中共某市委")
    assert {"市委", "党委", "某市"} <= set(self_names(notice, Settings(), RULES.store))


# ---------------------------------------------------------------- fields and table columns

NOTICE_WITH_FIELDS = """中共某县水务局党组关于县委巡察整改进展情况的通报
一、整改落实情况
1.关于“供水工程运维不到位”的问题
整改措施：对全县86处供水工程开展水质检测，更换老化管网12公里。
责任单位：农村水利股
整改时限：2024年12月底前
2.关于“采砂监管存在漏洞”的问题
整改措施：建立采砂现场监管台账，查处非法采砂案件3起。
责任单位：局机关各股室
3.关于“资金拨付不及时”的问题
整改措施：已拨付滞留资金860万元。
责任单位：局党组
4.关于“干部管理不严”的问题
整改措施：制定干部日常管理办法，开展谈心谈话45人次。
责任人：党组书记
5.关于“防汛物资管理混乱”的问题
整改措施：已完成物资盘点，建立出入库登记制度。
牵头单位：某县水务局
6.关于“水保方案审批把关不严”的问题
整改措施：对41个方案逐一复核，撤销方案2个。
责任单位：水土保持站、水政监察大队
"""


def test_responsibility_fields() -> None:
    # a field naming a unit or a role counts; the issuer itself or an unnamed class does not
    assert flagged_items(NOTICE_WITH_FIELDS) == [1, 2, 4]


NOTICE_WITH_TABLE = ("中共某市城市管理局党组关于市委巡察整改情况的通报\n\n一、整改落实情况\n现将整改台账公布如下：\n"
                     "序号\t问题\t整改措施\t责任单位\t整改时限\t完成情况\n"
                     "1\t占道经营整治不彻底\t开展夜间专项整治，取缔流动摊点146处\t市容科\t2024年10月底前\t已完成\n"
                     "2\t环卫作业监管不到位\t修订考核办法，扣减作业经费18万元\t环卫处、各区城管局\t2024年9月底前\t已完成\n"
                     "3\t执法程序不规范\t组织执法人员开展业务培训\t各科室\t长期坚持\t持续推进\n"
                     "4\t项目建设滞后\t加快推进垃圾焚烧厂建设\t局党组\t2025年6月底前\t正在推进\n")


def test_table_columns() -> None:
    assert flagged_items(NOTICE_WITH_TABLE) == [2, 3]


# ---------------------------------------------------------------- configuration

def test_lexicon_additions_from_the_config_extend_the_grammar() -> None:
    text = "已组织各站点开展巡检，县某某研究会完成评估报告。"
    assert flagged(text)
    rules = load_ruleset(Settings(lexicons={"agent_unit_heads": ["研究会"]}))
    notice = notice_from_item(text)
    assert not rules.check(notice, [rules.get("ZG102")])


def test_config_terms_added_to_agents_count_as_markers() -> None:
    text = "已落实河长制，逐段开展巡查。"
    assert flagged(text)
    rules = load_ruleset(Settings(lexicons={"agents": ["河长制"]}))
    assert not rules.check(notice_from_item(text), [rules.get("ZG102")])


# ---------------------------------------------------------------- robustness and speed

def test_damaged_and_random_text_never_fails() -> None:
    rng = random.Random(19)
    alphabet = "区县市局科股站所队中心公司由经会同联合已将对在向各相关书记主任负责牵头，。、；（）《》0123456789的了"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        flagged(text)


def test_linear_on_long_texts() -> None:
    unit = "已对各科室开展检查，进一步完善工作机制，督促下属企业整改问题3个；"
    short, long = unit * 50, unit * 500
    t0 = time.perf_counter()
    flagged(short)
    t1 = time.perf_counter()
    flagged(long)
    t2 = time.perf_counter()
    assert (t2 - t1) < 30 * max(t1 - t0, 1e-3)
    assert (t2 - t1) < 2.0


# ---------------------------------------------------------------- names found on notices in other shapes

@pytest.mark.parametrize("issuer, text", [
    # long unit names that open with their level or with the issuer's short name
    ("中共某市交通运输局党组", "市交通运输综合行政执法支队对3家客运企业下达整改通知书。"),
    ("中共某县市场监督管理局党组", "局特种设备安全监察与计量管理科督促4家单位完成检验。"),
    ("中共某县农业农村局党组", "局发展计划财务股对报销凭证逐一复核，清退补助0.8万元。"),
    # a role described by its duties
    ("中共某街道工作委员会", "已修订《考核办法》，由分管城市管理工作的副主任负责结果运用。"),
])
def test_named_agents_in_long_or_described_forms(issuer: str, text: str) -> None:
    assert not flagged(text, issuer=issuer)


@pytest.mark.parametrize("issuer, text", [
    # the issuer in its short forms: 委党组 for a 委员会党组, 区委区政府 for a 区委
    ("中共某市文化和旅游委员会党组", "委党组召开专题会议，传达学习上级文件精神。"),
    ("中共某市某区委员会", "区委区政府高度重视，将持续优化营商环境。"),
    # a class of persons leading, and a verb phrase that only ends like a unit name
    ("中共某县人民医院委员会", "组织学习廉洁准则，各临床科室主任带头讲党课。"),
    ("中共某县人民医院委员会", "进一步加强支部建设，充分发挥党支部战斗堡垒作用。"),
])
def test_the_issuer_and_classes_in_other_forms_name_nobody(issuer: str, text: str) -> None:
    assert flagged(text, issuer=issuer)


def test_bracketed_responsibility_fields() -> None:
    text = ("中共某县住房和城乡建设局党组关于巡察整改进展情况的通报\n第一项【问题】扬尘管控不严\n【整改措施】持续加大执法检查力度。\n"
            "【责任单位】局建筑市场监管科\n【完成时限】长期坚持\n第二项【问题】物业投诉多\n【整改措施】加强监管。\n"
            "【责任单位】局党组\n【完成时限】长期坚持\n")
    assert flagged_items(text) == [1]
