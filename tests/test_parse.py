"""Parser: structure of our examples and the seeds, line classes, and Hypothesis properties."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.parse import parse_notice
from checker.parse.lines import classify, split_lines

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _notice(name: str):
    return parse_notice((EXAMPLES / name).read_text(encoding="utf-8"))


def test_inline_items_in_groups() -> None:
    n = _notice("county-water-bureau.txt")
    assert n.kind == "notice" and n.issuer == "中共示例县水务局党组"
    assert [i.label for i in n.items] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert [g.title for g in n.groups] == ["（一）贯彻落实上级决策部署方面", "（二）全面从严治党方面"]
    assert [i.group for i in n.items] == [0, 0, 0, 1, 1, 1]
    assert n.slice(n.items[0].problem) == "农村饮水安全工程管护不到位"
    assert n.slice(n.items[0].rectification).startswith("局农村水利股牵头")
    assert n.slice(n.items[5].rectification).endswith("进行了诫勉谈话。")
    kinds = [s.kind for s in n.sections]
    assert kinds == ["title", "preamble", "organisation", "items", "next_steps", "contact", "signature"]
    assert n.contact is not None and "电子邮箱" in n.slice(n.contact)


def test_problem_then_rectification_paragraphs() -> None:
    n = _notice("university-draft.txt")
    assert [i.label for i in n.items] == ["（一）", "（二）", "（三）", "（四）"]
    assert n.slice(n.items[1].problem) == "实验室安全管理存在漏洞"
    rect = n.slice(n.items[1].rectification)
    assert rect.startswith("一是资产管理处牵头") and [m.marker for m in n.items[1].measures] == ["一是", "二是"]


def test_rectification_without_problem_and_midline_label() -> None:
    text = ("关于巡察整改情况的通报\n1.反馈问题：资金拨付滞后\n整改情况：已拨付资金20万元。\n"
            "整改情况：已完成台账整理。\n项目验收不及时整改情况：局工程股已完成3个项目验收。\n")
    n = parse_notice(text)
    assert len(n.items) == 3
    assert n.items[1].problem is None
    assert n.slice(n.items[2].problem) == "项目验收不及时"
    assert n.slice(n.items[2].rectification) == "局工程股已完成3个项目验收。"


def test_three_levels_and_status_field() -> None:
    text = ("某局关于巡视整改进展情况的通报\n（一）在“落实决策部署”方面\n问题1：项目推进缓慢\n整改情况：已完成2个项目。\n"
            "完成情况：已完成\n问题2：台账不全\n整改情况：正在补录台账。\n整改状态：持续整改\n")
    n = parse_notice(text)
    assert [i.label for i in n.items] == ["问题1：", "问题2："]
    assert n.slice(n.items[0].status) == "已完成"
    assert n.groups and n.groups[0].title.startswith("（一）在")


def test_not_a_notice() -> None:
    n = parse_notice("某区2025年工作要点\n一、总体要求\n（一）加快项目建设。全年完成投资10亿元。\n（二）优化营商环境。\n")
    assert n.kind == "not-a-notice" and n.items == [] and n.kind_reason


@pytest.mark.parametrize("line, kind", [
    ("整改情况：已完成。", "rect"), ("整改情况 已完成", "rect"), ("反馈问题：资金拨付慢", "problem"),
    ("1.关于“资金”的整改情况。已完成。", "head"), ("（3）针对“补贴审核不严”的问题，县农业农村局已核查。", "head"),
    ("责任单位：县财政局", "status"), ("整改措施：已完成", "rect"), ("问题2：台账不全", "problem"), ("联系方式：电话0000-1234567", "contact"),
    ("上一篇：关于某事的通知", "clutter"), ("统一部署，推进工作。", "text"),
])
def test_line_classes(line: str, kind: str) -> None:
    (parsed,) = split_lines(line)
    assert classify(parsed).kind == kind


def test_chinese_numeral_without_delimiter_is_not_a_label() -> None:
    (line,) = split_lines("四川某区2022年工作要点")
    assert classify(line).label is None


def test_seed_segmentation(seeds_dir: Path, gold_dir: Path) -> None:
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = (seeds_dir / gold["file"]).read_text(encoding="utf-8")
        n = parse_notice(text)
        assert n.kind == gold["kind"], gold["file"]
        items = gold.get("items") or []
        assert len(n.items) == len(items), gold["file"]
        for g, item in zip(items, n.items):
            anchor = text.find(g["rect_anchor"])
            assert item.rectification.start - 12 <= anchor < item.rectification.end, (gold["file"], g["rect_anchor"])


def _structure(n):
    """Labels and texts, with CRLF read as LF (spans shift with the extra characters)."""
    return [tuple(x.replace("\r\n", "\n") if x else x for x in (i.label, n.slice(i.problem), n.slice(i.rectification)))
            for i in n.items]


ALPHABET = st.sampled_from(list("整改情况反馈问题关于的“”（）()1234一二三、.：:；。，是已将正在\n\r \t") + ["\x00", "𝒳", "\u3000"])
LINES = st.sampled_from(["1.关于“甲”的整改情况。已完成。", "整改情况：正在推进。", "（一）反馈问题：乙", "(1)丙问题。",
                         "一、下一步工作", "联系方式：电话；", "当前位置：首页", "随便一行文字", "二是已完成3项。"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(alphabet=ALPHABET, max_size=400), st.lists(LINES, max_size=30).map("\n".join), st.text(max_size=300)))
def test_never_raises_and_spans_are_in_bounds(text: str) -> None:
    n = parse_notice(text)
    spans = [s for i in n.items for s in (i.span, i.problem, i.rectification, i.label_span) if s is not None]
    spans += [m.span for i in n.items for m in i.measures] + n.unplaced + [s.span for s in n.sections]
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)
    for a, b in zip(n.items, n.items[1:]):
        assert a.span.start <= b.span.start
        if a.rectification and b.rectification:
            assert a.rectification.end <= b.rectification.start
    for label in n.labels:
        assert text[label.span.start:label.span.end].strip() != ""


# every shape of head, field, level, table and genre the parser reads, and damage on top
SHAPE_LINES = st.sampled_from([
    "# 标题", "## 一、巡察反馈问题整改情况", "**1. 关于资金闲置的问题**", "- 已收回资金2万元。", "\t\t另一条措施\t财务科\t2025年底",
    "一、贯彻落实方面", "针对台账不全的问题，局办公室已补录。", "在作风建设方面，存在会议过多的问题。整改中，已精简会议。",
    "某局党组关于巡察整改进展情况的通报", "关于2024年度预算执行审计查出问题整改情况的报告", "受市人民政府委托，现将整改情况报告如下，请予审议。",
    "一、党组组织整改落实情况", "二、巡察反馈问题整改落实情况", "（一）党的建设方面", "（二）关于班子建设的问题",
    "1.关于“甲”的整改情况。局办公室已完成。", "（3）针对“乙”的问题，县财政局已收回资金2万元。",
    "（二）关于部分专项资金闲置的问题。对该问题，市财政局已收回。", "问题1：台账不全", "问题2.资金闲置",
    "反馈问题：审核不严", "存在问题：制度缺失", "关于“村干部‘优亲厚友’问题仍有发生”的问题。整改情况：已查处。",
    "2.关于“村务公开滞后”问题的整改", "一是已修订制度。", "二是正在推进。", "整改措施：已完成。", "整改进展：完成80%",
    "整改时限：2025年6月底前", "责任单位：县财政局", "责任人：张某", "整改状态：持续推进", "完成情况：已完成",
    "序号\t问题\t整改措施\t责任单位\t整改时限\t完成情况", "1\t审核不严\t已修订办法\t财务科\t2025年底\t已完成",
    "序号  问题  整改措施  责任单位", "2  台账缺失  正在补录  办公室", "（1）已对账。", "①已核查", "3)整改中",
    "1.部分项目预算编制不够细化。审计发现，2个项目未细化。市财政局已细化。", "巡視整改進展情況的通報", "整改情況：已完成。",
    "衛(wèi)生院管理不规范", "联系方式：电话；邮箱：。", "当前位置：首页 > 正文", "三、下一步工作打算", "中共某县委员会",
    "2025年1月1日", "", "　　", "（", "“", "1.", "整改情况：", "关于", "针对“", "\t\t", "  ",
])


def _damage(lines: list[str], cuts: list[int]) -> str:
    """Join shape lines, then damage them: drop a character, glue two lines, use CR-only breaks."""
    text = "\n".join(lines)
    for k, cut in enumerate(cuts):
        if not text:
            break
        pos = cut % len(text)
        if k % 3 == 0:
            text = text[:pos] + text[pos + 1:]
        elif k % 3 == 1:
            nl = text.find("\n", pos)
            text = text if nl < 0 else text[:nl] + text[nl + 1:]
        else:
            text = text.replace("\n", "\r", 1)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SHAPE_LINES, max_size=40), st.lists(st.integers(min_value=0, max_value=10**6), max_size=6))
def test_any_mixture_of_shapes_parses_into_disjoint_items_inside_the_text(lines: list[str], cuts: list[int]) -> None:
    text = _damage(lines, cuts)
    n = parse_notice(text)
    for item in n.items:
        spans = [item.span, item.problem, item.rectification, item.label_span, *item.fields.values(),
                 *(m.span for m in item.measures)]
        for s in spans:
            if s is not None:
                assert 0 <= s.start <= s.end <= len(text)
        for part in (item.problem, item.rectification, *item.fields.values()):
            if part is not None:
                assert item.span.start <= part.start and part.end <= item.span.end
        for m in item.measures:
            assert item.rectification is not None and item.rectification.contains(m.span)
    for a, b in zip(n.items, n.items[1:]):
        assert a.span.end <= b.span.start, (a, b)
    for g in n.groups:
        assert 0 <= g.span.start <= g.span.end <= len(text) and g.title == text[g.span.start:g.span.end]
    assert n.kind in ("notice", "not-a-notice")


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=20))
def test_crlf_and_gb18030_give_the_same_structure(lines: list[str]) -> None:
    lf = "\n".join(lines)
    a, b = parse_notice(lf), parse_notice(lf.replace("\n", "\r\n"))
    assert _structure(a) == _structure(b)
    c = parse_notice(lf.encode("gb18030").decode("gb18030"))
    assert _structure(a) == _structure(c)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["随便插入的一行", "<div>junk</div>", "（", "1.", "联系方式"]))
def test_junk_line_between_items_loses_neither(junk: str) -> None:
    base = ["1.关于“甲问题”的整改情况。已完成甲。", "2.关于“乙问题”的整改情况。已完成乙。"]
    n = parse_notice("\n".join([base[0], junk, base[1]]))
    rects = [n.slice(i.rectification) for i in n.items]
    assert any(r.startswith("已完成甲") for r in rects) and any(r.startswith("已完成乙") for r in rects)


def test_shipped_lalr_tables_match_the_grammar() -> None:
    """checker/parse/lalr_tables.py holds the analysed grammar, run by our own shift-reduce
    loop; regenerate it after editing grammars/notice.lark with
    ``python -m checker.parse.lalr --write``. The loop over the shipped tables must give
    Lark's own parser's parts, or reject what Lark rejects, on every sequence tried. (Lark
    numbers its states differently from run to run, so the tables are compared by what they
    parse.)"""
    import itertools
    import random

    from checker.parse import lalr, lalr_tables

    assert lalr_tables.GRAMMAR_SHA256 == lalr.fingerprint(lalr.grammar_text()), \
        "grammar edited: run python -m checker.parse.lalr --write"
    shipped, built = lalr.parser(), lalr.build_lark()
    assert isinstance(shipped, lalr.LineParser) and shipped.states is lalr_tables.STATES

    def outcome(parser, kinds):
        try:
            return parser.parse(list(kinds))
        except Exception:                   # the grammar rejects the sequence: both must
            return "rejected"

    declared = next(line for line in lalr.grammar_text().splitlines() if line.startswith("%declare"))
    alphabet = declared.split()[1:]
    rng = random.Random(5)
    sequences = [k for n in range(4) for k in itertools.product(alphabet, repeat=n)]
    sequences += [[rng.choice(alphabet) for _ in range(rng.randrange(4, 40))] for _ in range(3000)]
    accepted = 0
    for kinds in sequences:
        expected = outcome(built, kinds)
        assert outcome(shipped, kinds) == expected, kinds
        accepted += expected != "rejected"
    assert accepted > 500                   # the comparison covered real parses, not only rejections


def test_the_parser_runs_without_importing_lark() -> None:
    """A run needs no Lark when the shipped tables match (Lark costs ≈ 30 ms of start-up)."""
    import subprocess

    code = ("import sys; from checker.parse import parse_notice; "
            "parse_notice('一、问题\\n1.问题一。\\n整改情况：已完成。'); print('lark' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
