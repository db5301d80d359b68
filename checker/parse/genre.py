"""The genre of a rectification report, and whether a document is one at all.

Every genre of rectification report is a notice to check (RUBRIC: not-a-notice): 巡视/巡察整改
进展情况的通报, 审计查出问题整改情况的报告 (often to a 人大常委会), 生态环境保护督察整改, 专项检查/督查
整改, 检视问题整改. Work plans, news items, speeches and tables of contents are not notices.
"""
from __future__ import annotations

import re

# genre → what names it, in the title or the opening of the text (first match wins)
GENRES: list[tuple[str, re.Pattern[str]]] = [
    ("eco-inspection", re.compile(r"生态环境保护督察|环境保护督察|环保督察|生态环境督察|督察反馈")),
    ("audit", re.compile(r"审计(?:查出|发现|指出|反馈)?.{0,6}问题.{0,6}整改|审计整改|审计工作报告.{0,10}整改")),
    ("inspection-tour", re.compile(r"巡视|巡察")),
    ("self-review", re.compile(r"检视(?:问题|剖析)|对照检查.{0,6}整改|主题教育.{0,12}整改|民主生活会.{0,12}整改")),
    ("special-check", re.compile(r"(?:专项|监督|安全|执法|联合)?(?:检查|督查|督导|巡查|核查|评估|考核|暗访)"
                                 r".{0,12}(?:发现|反馈|指出|交办)?.{0,6}问题.{0,8}整改|整改.{0,8}(?:检查|督查|督导)")),
]
GENRE_NAMES = {"inspection-tour": ("巡视巡察整改", "inspection-tour rectification"),
               "audit": ("审计整改", "audit rectification"),
               "eco-inspection": ("生态环境保护督察整改", "environmental-inspection rectification"),
               "special-check": ("专项检查/督查整改", "special-check rectification"),
               "self-review": ("检视问题整改", "self-review rectification"),
               "rectification": ("整改情况报告", "rectification report")}
_RECTIFICATION = re.compile(r"整改")
# a report to a people's congress standing committee (审计整改报告 are): no public contact line
TO_CONGRESS = re.compile(r"人大常委会|人民代表大会常务委员会|请予审议|请审议")
# titles that are not reports on rectification, whatever they mention
_NOT_A_REPORT_TITLE = re.compile(
    r"(?:工作)?(?:方案|要点|计划|规划|意见|办法|细则|规定|制度)$|讲话|致辞|发言|通知$|纪要|简报|目录|动员|部署会|"
    r"召开|举行|开展.{0,10}(?:巡视|巡察|检查)(?:工作)?$|培训班|座谈会|反馈.{0,8}(?:情况|意见)$|反馈会|进驻")
_REPORT_TITLE = re.compile(r"整改(?:落实|进展|完成|工作)?(?:情况|进展)|整改.{0,6}(?:通报|报告|公告|公示)|问题(?:清单|台账).{0,6}整改")


def detect_genre(title: str, head: str) -> str | None:
    """The genre of a document whose title is ``title`` (may be empty) and whose opening is
    ``head``; None when nothing names a rectification."""
    for where in (title, head):
        if not where or not _RECTIFICATION.search(where):
            continue
        for name, rx in GENRES:
            if rx.search(where):
                return name
    if _RECTIFICATION.search(title or "") or _REPORT_TITLE.search(head[:300]):
        return "rectification"
    return None


def title_says_report(title: str) -> bool | None:
    """True when the title names a rectification report, False when it names another kind of
    document (a plan, a speech, a notice of a meeting), None when it says neither."""
    if not title:
        return None
    t = title.strip()
    if _REPORT_TITLE.search(t):
        return True
    if _NOT_A_REPORT_TITLE.search(t):
        return False
    return None


def to_congress(head: str) -> bool:
    return bool(TO_CONGRESS.search(head))
