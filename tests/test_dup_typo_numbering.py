"""The document checks duplicate (ZG203), typo (ZG206) and numbering (ZG201) on invented notices:
real texts through the real parser and rules, real findings; and Hypothesis properties (the
checks never crash, every span they give stays inside the text)."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import load_ruleset
from checker.engine.registry import RuleContext, get_function
from checker.parse import parse_notice

RULES = load_ruleset(Settings())
HEAD = ("中共某县审计局党组关于巡察整改进展情况的通报\n"
        "根据县委统一部署，县委第三巡察组于2024年4月对县审计局党组开展了巡察。现将整改进展情况公布如下。\n")
TAIL = "欢迎广大干部群众监督。联系电话：0000-7654321；电子邮箱：sj@example.cn。\n"


def notice_of(rects: list[str], labels: list[str] | None = None, problems: list[str] | None = None) -> str:
    labels = labels or [f"{i + 1}." for i in range(len(rects))]
    problems = problems or [f"问题{i + 1}" for i in range(len(rects))]
    return HEAD + "".join(f"{lab}关于“{p}”的整改情况。{r}\n" for lab, p, r in zip(labels, problems, rects)) + TAIL


def findings(text: str, rule_id: str):
    notice = parse_notice(text)
    return notice, [f for f in RULES.check(notice, [RULES.get(rule_id)]) if f.rule == rule_id]


def rect_of(notice, index: int) -> tuple[int, int]:
    span = notice.items[index].rectification
    return span.start, span.end


# ---------------------------------------------------------------- duplicate (ZG203)

COPY_A = "一是已对全部合同逐份复核，建立合同履约台账；二是由办公室牵头完善用印审批流程；三是对经办人员开展提醒谈话。"
COPY_B = "一是已对全部票据逐份复核，建立票据报销台账；二是由办公室牵头完善用印审批流程；三是对经办人员开展提醒谈话。"
OTHER = ["已完成全县38座小型水库的安全鉴定，对其中5座病险水库实施除险加固，累计投入资金1260万元。",
         "县财政局会同审计局对2022年以来的专项资金开展复核，追回挤占挪用资金47.3万元。",
         "对涉及的3名责任人分别给予诫勉谈话和党内警告处分，并在全系统通报。",
         "建成智慧监管平台，接入视频监控点位216个，实现重点区域全天候监测。"]


def test_whole_copy_split_into_short_measures_with_the_object_changed() -> None:
    # every measure is far below 40 characters; the copy changed the object (合同 → 票据)
    notice, found = findings(notice_of([OTHER[0], COPY_A, OTHER[1], COPY_B]), "ZG203")
    assert len(found) == 1
    f = found[0]
    assert f.item == 3 and "整改情况与第2项" in f.message
    (related,) = f.related
    assert (f.start, f.end) == rect_of(notice, 3)          # the whole rectification of the later item …
    assert (related.start, related.end) == rect_of(notice, 1)   # … and of the earlier one


def test_run_of_consecutive_short_measures_is_pointed_at_in_both_items() -> None:
    run = "一是建立补贴发放月度公示制度；二是由财务室每季度开展自查；三是将自查结果报局党组审定。"
    a = "局机关已追回违规发放补贴3.2万元。" + run
    b = "已对2名责任人进行诫勉谈话，责令退回违规所得。" + run
    notice, found = findings(notice_of([a, b]), "ZG203")
    assert len(found) == 1
    f = found[0]
    assert notice.text[f.start:f.end] == run
    assert notice.text[f.related[0].start:f.related[0].end] == run
    assert "有一段" in f.message


def test_copied_passage_in_another_order_inside_long_rectifications() -> None:
    passage = "由县水利局牵头对全县农村饮水工程开展水质抽检，抽检水样412份，合格率提升至98.6%，对不达标的7处工程落实整改。"
    a = OTHER[0] + OTHER[1] + "同时，" + passage
    b = passage + OTHER[2] + OTHER[3]
    notice, found = findings(notice_of([a, b]), "ZG203")
    assert len(found) == 1
    assert notice.text[found[0].start:found[0].end] == passage


def test_punctuation_changed_is_the_same_text() -> None:
    a = "由法规股牵头，对2023年以来印发的规范性文件逐件开展合法性审查，废止文件3件、修订文件5件。"
    b = "由法规股牵头；对2023年以来印发的规范性文件逐件开展合法性审查；废止文件3件，修订文件5件。"
    _, found = findings(notice_of([a, b]), "ZG203")
    assert len(found) == 1


def test_a_passage_copied_into_three_items_is_reported_once_per_later_item() -> None:
    passage = "由县水利局牵头对全县农村饮水工程开展水质抽检，抽检水样412份，合格率提升至98.6%，对不达标的7处工程落实整改。"
    _, found = findings(notice_of([passage + OTHER[0], OTHER[1] + passage, OTHER[2] + passage, OTHER[3]]), "ZG203")
    assert sorted(f.item for f in found) == [1, 2]
    assert all("第1项" in f.message for f in found)


def test_short_formula_many_items_share_is_not_a_copy() -> None:
    rects = [f"一是加强监督检查；二是已追回资金{i}万元，处分{i}人。" for i in range(1, 7)]
    assert not findings(notice_of(rects), "ZG203")[1]


def test_shared_opening_then_different_work_is_not_a_copy() -> None:
    opening = "针对巡察指出的这一问题，局党组高度重视，第一时间召开党组会议专题研究部署，逐条制定整改措施，"
    rects = [opening + "已追回资金5万元并给予1人诫勉谈话。", opening + "已修订《公务用车管理办法》并在局网站公开。"]
    assert not findings(notice_of(rects), "ZG203")[1]


def test_same_work_with_different_figures_is_not_a_copy() -> None:
    rects = ["已对全县12个乡镇开展专项督查，发现问题26个，已全部整改到位，追回资金8.5万元。",
             "已对全县9个乡镇开展专项督查，发现问题14个，已全部整改到位，追回资金3.2万元。"]
    assert not findings(notice_of(rects), "ZG203")[1]


def test_closing_sentence_that_half_the_items_carry_is_a_formula() -> None:
    closing = "严格落实整改责任，坚持问题导向，确保整改工作取得实效，坚决防止问题反弹回潮。"
    rects = [f"已完成第{i}批问题核查{i * 3}件。{closing}" if i % 2 else f"已清理第{i}批闲置资产{i * 4}处，收回租金{i}万元。"
             for i in range(1, 11)]
    assert not findings(notice_of(rects), "ZG203")[1]


def test_same_problem_listed_twice_is_not_a_copy() -> None:
    rect = "由县水利局牵头对全县河道采砂点开展专项检查，关停非法采砂点4处，罚没款项12万元。"
    _, found = findings(notice_of([rect, rect], problems=["河道采砂管理不严", "河道采砂管理不严"]), "ZG203")
    assert not found
    _, found = findings(notice_of([rect, rect], problems=["河道采砂管理不严", "砂石资源监管缺位"]), "ZG203")
    assert len(found) == 1


def test_citing_the_same_document_is_not_a_copy() -> None:
    rects = ["已修订《某县审计局政府采购内部控制管理办法（试行）》，明确分级审批。",
             "已按《某县审计局政府采购内部控制管理办法（试行）》追回超支款项。"]
    assert not findings(notice_of(rects), "ZG203")[1]


def test_many_formulaic_items_stay_fast() -> None:
    phrases = ["加强监督检查", "建立长效机制", "压实主体责任", "召开专题会议研究部署", "对照问题清单逐项整改", "完善内部控制制度",
               "开展警示教育", "组织专项督查", "形成闭环管理", "健全工作台账", "严格执行请示报告制度", "定期开展自查自纠"]
    rects = ["".join(f"{'一二三四'[j]}是{phrases[(i * 7 + j * 5) % len(phrases)]}，已完成{(i * 13 + j) % 90 + 1}项；"
                     for j in range(4)) + f"追回资金{i % 97 + 1}万元。" for i in range(400)]
    notice = parse_notice(notice_of(rects))
    started = time.perf_counter()
    RULES.check(notice, [RULES.get("ZG203")])
    assert time.perf_counter() - started < 5.0        # the pair work is bounded, not quadratic in characters


# ---------------------------------------------------------------- typo (ZG206): paired marks

def _bracket_findings(text: str):
    notice, found = findings(text, "ZG206")
    return notice, [f for f in found if "成对标点" in f.message]


def test_unclosed_bracket_in_the_preamble_points_at_the_opener() -> None:
    text = HEAD.replace("于2024年4月", "（2024年4月") + "1.关于“问题1”的整改情况。已追回资金5万元。\n" + TAIL
    notice, found = _bracket_findings(text)
    assert len(found) == 1 and notice.text[found[0].start] == "（" and found[0].item is None


def test_unclosed_quote_in_a_problem_statement_and_title_mark_in_next_steps() -> None:
    text = (HEAD + "1.关于“河道管理不到位的整改情况。已清理垃圾36吨。\n2.关于“问题2”的整改情况。已追回资金5万元。\n"
            "二、下一步工作打算\n（一）严格执行《河道巡查办法，每月巡查一次。\n" + TAIL)
    notice, found = _bracket_findings(text)
    assert [notice.text[f.start] for f in found] == ["“", "《"]


def test_unclosed_mark_in_a_rectification_names_its_item() -> None:
    notice, found = _bracket_findings(notice_of(["已追回资金5万元。", "已修订《河道巡查办法，每月巡查一次。"]))
    assert len(found) == 1 and found[0].item == 1 and notice.text[found[0].start] == "《"


def test_bracket_closed_in_the_next_paragraph_is_reported_once_at_the_opener() -> None:
    text = HEAD + "1.关于“问题1”的整改情况。已清理垃圾36吨（其中县城段\n\n12吨）。\n" + TAIL
    notice, found = _bracket_findings(text)
    assert len(found) == 1 and notice.text[found[0].start] == "（"


def test_stray_closer_is_reported_where_it_is() -> None:
    text = notice_of(["已清理垃圾36吨）并公开。"])
    notice, found = _bracket_findings(text)
    assert len(found) == 1 and notice.text[found[0].end - 1] == "）"


def test_wrong_direction_quote_is_one_finding() -> None:
    notice, found = _bracket_findings(notice_of(["已清理垃圾36吨。"], problems=["河道管理不到位“"]))
    assert len(found) == 1


def test_nested_quotes_list_labels_urls_and_emoticons_are_not_typos() -> None:
    rects = ["已修订《“三重一大”事项决策办法》，落实‘一岗双责’要求，会议纪要（含“议题清单”）已全部归档。",
             "主要做法：1）建立河长巡查台账；2）开展专项整治；a)清理河道垃圾36吨。",
             "主要做法:(1)建立台账;(2)清理垃圾36吨。",
             "结果已在 http://example.cn/view(2024 公开，清理垃圾36吨:)",
             "平均响应时间由12’缩短至5’。",
             "已清理（“河道垃圾）”36吨。"]
    text = notice_of(rects, problems=["“三重一大”制度执行不严", "问题2", "问题3", "问题4", "问题5", "问题6"])
    text += "一）每季度开展一次巡查。\n二）年底前完成整改销号。\n"
    assert _bracket_findings(text)[1] == []


def test_web_clutter_is_not_checked() -> None:
    text = "当前位置：首页 > 通知公告 > 正文（\n发布时间：2024-06-01 来源：县审计局\n" + notice_of(["已追回资金5万元。"])
    notice, found = _bracket_findings(text)
    clutter = [s.span for s in notice.sections if s.kind == "clutter"]
    assert not any(c.start <= f.start < c.end for f in found for c in clutter)


# ---------------------------------------------------------------- numbering (ZG201): mixed separators

def _mixed(text: str):
    notice, found = findings(text, "ZG201")
    return notice, [f for f in found if "格式不一致" in f.message]


def test_mixed_separators_reported_once_at_the_first_deviation_with_the_others_related() -> None:
    notice, found = _mixed(notice_of(["已追回资金5万元。"] * 5, labels=["1.", "2、", "3.", "4、", "5."]))
    assert len(found) == 1
    f = found[0]
    assert notice.text[f.start:f.end] == "2、"
    assert [notice.text[r.start:r.end] for r in f.related] == ["4、"]


def test_full_and_half_width_forms_are_one_label() -> None:
    text = HEAD + "(一)数据质量方面\n1.关于“问题1”的整改情况。已追回资金5万元。\n（二）作风建设方面\n2．关于“问题2”的整改情况。已处分1人。\n" + TAIL
    assert _mixed(text)[1] == []


def test_a_tie_keeps_the_standard_separator() -> None:
    notice, found = _mixed(notice_of(["已追回资金5万元。"] * 2, labels=["1、", "2."]))
    assert len(found) == 1 and notice.text[found[0].start:found[0].end] == "1、"


def test_dun_after_a_bracketed_label_is_a_mix() -> None:
    text = (HEAD + "（一）数据质量方面\n1.关于“问题1”的整改情况。已追回资金5万元。\n（二）、作风建设方面\n"
            "2.关于“问题2”的整改情况。已处分1人。\n（三）基层党建方面\n3.关于“问题3”的整改情况。已整改。\n" + TAIL)
    notice, found = _mixed(text)
    assert len(found) == 1 and notice.text[found[0].start:found[0].end].startswith("（二）、")


# ---------------------------------------------------------------- properties

CLAUSES = ["一是", "二是", "三是", "已追回资金5万元", "由办公室牵头完善用印审批流程", "对经办人员开展提醒谈话", "加强监督检查",
           "建立补贴发放月度公示制度", "已对全部合同逐份复核", "（", "）", "“", "”", "《", "》", "‘", "’", "【", "】", "，", "；", "。",
           "\n", "1.", "2、", "(三)", "1)", "http://x.cn/a(", ":)", "3.2", "年底前", " ", "已已"]
FUNCTIONS = {"ZG203": "duplicate", "ZG206": "typo", "ZG201": "numbering-sequence"}


def _evidence(text: str):
    notice = parse_notice(text)
    for rule_id, name in FUNCTIONS.items():
        rule = RULES.get(rule_id)
        options = dict(rule.condition.spec.get("with") or {})
        ctx = RuleContext(settings=RULES.settings, options=options, lexicons=RULES.store, rule_id=rule_id)
        for ev in get_function(name)(notice, ctx):
            yield notice, ev


def _in_bounds(notice, ev) -> None:
    n = len(notice.text)
    assert 0 <= ev.start <= ev.end <= n
    for span in ev.related:
        assert 0 <= span.start <= span.end <= n
    assert ev.item is None or 0 <= ev.item < len(notice.items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(CLAUSES), max_size=120))
def test_checks_never_crash_and_spans_stay_in_bounds_on_clause_soup(parts: list[str]) -> None:
    body = "".join(parts)
    for notice, ev in _evidence(HEAD + "1.关于“问题1”的整改情况。" + body + "\n2.关于“问题2”的整改情况。" + body[::-1] + "\n" + TAIL):
        _in_bounds(notice, ev)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["1.", "2、", "(一)", "（二）、", "3．", "一、", "4)", ""]),
                          st.lists(st.sampled_from(CLAUSES), max_size=25)), min_size=1, max_size=12))
def test_checks_never_crash_on_random_items(items: list[tuple[str, list[str]]]) -> None:
    text = HEAD + "".join(f"{label}关于“问题{i}”的整改情况。{''.join(body)}\n" for i, (label, body) in enumerate(items)) + TAIL
    for notice, ev in _evidence(text):
        _in_bounds(notice, ev)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="（）()“”‘’《》【】〔〕〈〉「」一二三是已，。；:\n1a http/w.", max_size=300))
def test_checks_never_crash_on_raw_text(text: str) -> None:
    for notice, ev in _evidence(HEAD + text + "\n" + TAIL):
        _in_bounds(notice, ev)
