"""Hand-built FileResults for the report, annotate and browser tests.

The sample notice is our own wording (never seed text). ``gold_result`` turns a seed and
its gold labels into a FileResult (items at the gold anchors, a finding for every
``yes`` label), so report tests on the seeds do not depend on the parser or the rules.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.findings import FileResult, Finding
from checker.model import Group, Item, Notice, Span

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

SAMPLE = (
    "中共青禾县城市更新局党组关于县委第二轮巡察整改进展情况的通报\n"
    "根据县委统一部署,2024年3月至5月,县委第一巡察组对县城市更新局党组开展了巡察。\n"
    "一、老旧小区改造方面\n"
    "1.关于“加装电梯推进迟缓”的整改情况。将加快推进加装电梯工作,持续加强协调,确保取得实效。\n"
    "2.关于“维修资金使用不规范”的整改情况。局财务科牵头清理维修资金账户12个,已追回违规支出36.5万元,2024年9月底前完成全部账户审计。\n"
    "二、作风建设方面\n"
    "3.关于“服务群众意识不强”的整改情况。组织全体干部学习服务群众有关规定,召开专题会议2次,开展警示教育1次。\n"
    "4.关于“窗口办事效率不高”的整改情况。将加快推进加装电梯工作,持续加强协调,确保取得实效。\n"
    "欢迎广大干部群众对巡察整改落实情况进行监督。联系方式:电话;电子邮箱:。\n"
    "中共青禾县城市更新局党组\n"
    "2024年11月20日\n"
)

ITEM_PROBLEMS = ["加装电梯推进迟缓", "维修资金使用不规范", "服务群众意识不强", "窗口办事效率不高"]

MESSAGES = {
    "deadline": ("有未完成的整改措施,但没有写明完成时限", "open work without a time limit"),
    "responsibility": ("未写明牵头单位或责任人", "no responsible unit or person named"),
    "vague": ("整改情况只有空泛表述,没有可核查的内容", "nothing checkable, only generic commitments"),
    "future-only": ("只写了计划,没有已完成的措施", "only plans, nothing reported as done"),
    "study-only": ("整改措施只有学习、会议和教育", "every measure is study, meetings or education"),
}
RULE_IDS = {"deadline": "ZG101", "responsibility": "ZG102", "study-only": "ZG103",
            "vague": "ZG104", "future-only": "ZG105", "duplicate": "ZG203", "contact": "ZG205",
            "typo": "ZG206", "structure": "ZG202", "numbering": "ZG201", "count": "ZG204",
            "formulation": "ZG207", "not-a-notice": "ZG200"}


def _line_span(text: str, start: int) -> Span:
    end = text.find("\n", start)
    return Span(start, len(text) if end < 0 else end)


def sample_notice(text: str = SAMPLE) -> Notice:
    groups, items = [], []
    for heading in ("一、老旧小区改造方面", "二、作风建设方面"):
        s = text.index(heading)
        groups.append(Group(index=len(groups), label=heading[:2], title=heading, span=Span(s, s + len(heading))))
    for n, problem in enumerate(ITEM_PROBLEMS):
        ps = text.index(problem)
        line_start = text.rfind("\n", 0, ps) + 1
        rect_start = text.index("的整改情况。", ps) + len("的整改情况。")
        line = _line_span(text, line_start)
        items.append(Item(index=n, span=line, label=f"{n + 1}.", label_span=Span(line_start, line_start + 2),
                          group=0 if n < 2 else 1, problem=Span(ps, ps + len(problem)),
                          rectification=Span(rect_start, line.end)))
    return Notice(text=text, kind="notice", issuer="中共青禾县城市更新局党组",
                  groups=groups, items=items)


def item_finding(notice: Notice, index: int, category: str, severity: str = "warning",
                 start: int | None = None, end: int | None = None) -> Finding:
    rect = notice.items[index].rectification
    zh, en = MESSAGES[category]
    return Finding(rule=RULE_IDS[category], category=category, severity=severity,
                   start=rect.start if start is None else start, end=rect.end if end is None else end,
                   message=zh, message_en=en, item=index, name=f"{category}-missing")


def sample_result(path: str = "青禾县通报.txt") -> FileResult:
    notice = sample_notice()
    text = notice.text
    copied = "将加快推进加装电梯工作,持续加强协调,确保取得实效。"
    first = text.index(copied)
    second = text.index(copied, first + 1)
    vague_at = text.index("持续加强协调", first)
    contact = text.index("联系方式:电话;电子邮箱:。")
    findings = [
        item_finding(notice, 0, "deadline"),
        item_finding(notice, 0, "responsibility"),
        item_finding(notice, 0, "vague", start=vague_at, end=vague_at + len("持续加强协调")),
        item_finding(notice, 0, "future-only", severity="error"),
        item_finding(notice, 2, "study-only"),
        item_finding(notice, 2, "responsibility", severity="info"),
        item_finding(notice, 3, "deadline"),
        Finding(rule="ZG203", category="duplicate", severity="warning", start=second,
                end=second + len(copied), message="与第1项的整改措施雷同", message_en="copied from item 1",
                item=None, related=(Span(first, first + len(copied)),)),
        Finding(rule="ZG205", category="contact", severity="error", start=contact,
                end=contact + len("联系方式:电话;电子邮箱:。"), message="监督联系方式的电话、邮箱为空",
                message_en="contact telephone and e-mail are empty"),
    ]
    return FileResult(path=path, kind="notice", encoding="utf-8", notice=notice, findings=findings)


def hostile_result() -> FileResult:
    """The sample notice with markup and template syntax injected into problem and text."""
    text = SAMPLE.replace("加装电梯推进迟缓", "加装电梯<script>alert(1)</script>推进迟缓", 1)
    text = text.replace("维修资金使用不规范", "维修资金\"><img src=x onerror=alert(1)>使用{{ 7*7 }}不规范", 1)
    text = text.replace("服务群众意识不强", "服务群众意识{% raw %}不强|*x*|", 1)
    problems = ["加装电梯<script>alert(1)</script>推进迟缓",
                "维修资金\"><img src=x onerror=alert(1)>使用{{ 7*7 }}不规范",
                "服务群众意识{% raw %}不强|*x*|", "窗口办事效率不高"]
    notice = Notice(text=text, kind="notice")
    for n, problem in enumerate(problems):
        ps = text.index(problem)
        line_start = text.rfind("\n", 0, ps) + 1
        rect_start = text.index("的整改情况。", ps) + len("的整改情况。")
        line = _line_span(text, line_start)
        notice.items.append(Item(index=n, span=line, label=f"{n + 1}.", problem=Span(ps, ps + len(problem)),
                                 rectification=Span(rect_start, line.end)))
    findings = [
        Finding(rule="ZG101", category="deadline", severity="warning", start=notice.items[0].problem.start,
                end=notice.items[0].rectification.end, message="<b>时限</b>{{ 7*7 }}",
                message_en="<b>deadline</b>{{ 7*7 }}", item=0),
        Finding(rule="ZG104", category="vague", severity="warning", start=notice.items[1].problem.start,
                end=notice.items[1].problem.end, message="空泛 \"><img src=x onerror=alert(1)>",
                message_en="vague \"><img src=x onerror=alert(1)>", item=1),
        Finding(rule="ZG103", category="study-only", severity="warning", start=notice.items[2].problem.start,
                end=notice.items[2].problem.end, message="以学代改|a|b", message_en="study|a|b", item=2),
    ]
    return FileResult(path="<script>alert(1)</script>.txt", kind="notice", notice=notice, findings=findings)


def error_result() -> FileResult:
    return FileResult(path="broken.docx", kind="error", error="不是有效的 .docx 文件(zip 结构损坏)")


def not_notice_result() -> FileResult:
    text = "青禾县2025年工作要点\n一、推进城市更新\n(一)完成老旧小区改造10个。牵头部门:县城市更新局\n"
    notice = Notice(text=text, kind="not-a-notice", kind_reason="工作要点,没有巡察反馈问题和整改情况")
    return FileResult(path="工作要点.txt", kind="not-a-notice", notice=notice, findings=[
        Finding(rule="ZG200", category="not-a-notice", severity="info", start=0, end=len("青禾县2025年工作要点"),
                message="这是工作要点,不是整改进展情况通报", message_en="this is a work plan, not a notice")])


# -- seeds + gold ---------------------------------------------------------------------------

def seeds_or_skip() -> tuple[Path, Path]:
    seeds, gold = CORPUS / "seeds", CORPUS / "gold"
    if not seeds.is_dir() or not gold.is_dir():
        pytest.skip("../shared/corpus not present (seeds are not shipped)")
    return seeds, gold


def gold_result(seed: Path, gold_file: Path) -> tuple[FileResult, dict]:
    """A FileResult for ``seed`` with the gold items and one finding per ``yes`` label."""
    text = seed.read_text(encoding="utf-8")
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    notice = Notice(text=text, kind=gold.get("kind", "notice"))
    findings: list[Finding] = []
    group_titles: list[str] = []
    for n, entry in enumerate(gold.get("items") or []):
        rs = text.find(entry["rect_anchor"])
        if rs < 0:
            continue
        rect = Span(rs, _line_span(text, rs).end)
        problem = None
        if entry.get("problem_anchor"):
            ps = text.find(entry["problem_anchor"])
            if ps >= 0:
                problem = Span(ps, ps + len(entry["problem_anchor"]))
        group = None
        if entry.get("group"):
            if entry["group"] not in group_titles:
                group_titles.append(entry["group"])
                notice.groups.append(Group(index=len(notice.groups), label=None, title=entry["group"],
                                           span=Span(0, 0)))
            group = group_titles.index(entry["group"])
        index = len(notice.items)
        notice.items.append(Item(index=index, span=Span(min(rs, problem.start if problem else rs), rect.end),
                                 label=entry.get("label"), group=group, problem=problem, rectification=rect))
        for cat, value in (entry.get("labels") or {}).items():
            if value == "yes" and cat in MESSAGES:
                zh, en = MESSAGES[cat]
                findings.append(Finding(rule=RULE_IDS[cat], category=cat, severity="warning",
                                        start=rect.start, end=rect.end, message=zh, message_en=en, item=index))
    for cat, entries in (gold.get("document") or {}).items():
        for entry in entries or []:
            anchors = entry.get("anchors") or [entry.get("anchor")]
            spans = [Span(s, s + len(a)) for a in anchors if a and (s := text.find(a)) >= 0]
            if not spans:
                continue
            findings.append(Finding(rule=RULE_IDS.get(cat, "ZG299"), category=cat, severity="warning",
                                    start=spans[0].start, end=spans[0].end,
                                    message=f"{cat}: {entry.get('note') or ''}"[:80],
                                    message_en=f"{cat}: {entry.get('note') or ''}"[:80],
                                    related=tuple(spans[1:])))
    kind = gold.get("kind", "notice")
    if kind == "not-a-notice":
        findings.append(Finding(rule="ZG200", category="not-a-notice", severity="info", start=0, end=0,
                                message="不是整改进展情况通报", message_en="not a rectification notice"))
    return FileResult(path=seed.name, kind=kind, encoding="utf-8", notice=notice, findings=findings), gold
