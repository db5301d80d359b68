"""Line classifier: the text as a list of logical lines, each with a class and a number label.

One table of anchored regexes (``LINE_CLASSES``) decides what a line is; each entry is
unit-tested. Matching runs on the folded view (full-width → half-width, same offsets), and
only on a bounded prefix of each line so a 10 MB single line stays linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..textnorm import cn_to_int, fold

CLASSIFY_PREFIX = 400          # characters of a line the classifier looks at
CN = "一二三四五六七八九十百零〇两"

# number labels, most specific first; (style, regex). Group "v" is the numeral.
LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("num-word", re.compile(r"问题\s*(?P<v>\d{1,3})\s*[:.、]")),
    ("cn-paren", re.compile(rf"[(](?P<v>[{CN}]{{1,4}})[)]\s*[、.]?")),
    ("num-paren", re.compile(r"[(](?P<v>\d{1,4})[)]\s*[、.]?")),
    ("cn-dun", re.compile(rf"(?P<v>[{CN}]{{1,4}})\s*[、.](?![{CN}]?是)")),
    ("num-dot", re.compile(r"(?P<v>\d{1,4})\s*(?:[、]|\.(?!\d))")),
    ("circled", re.compile(r"(?P<v>[\u2460-\u2473])")),
]
# GB/T 9704 hierarchy: 一、 > (一) > 1. > (1) > ①
STYLE_RANK = {"cn-dun": 0, "cn-paren": 1, "num-dot": 2, "num-word": 2, "num-paren": 3, "circled": 4}

RECT_MARK = re.compile(r"(?:整改(?:情况|措施|进展|落实情况|进展情况|结果|成效)|落实情况|整改完成情况)\s*(?::|\s(?=\S))")
MIDLINE_RECT = re.compile(r"整改(?:情况|进展情况|落实情况)\s*:")
STATUS_MARK = re.compile(r"(?:完成情况|整改状态|完成状态|整改进度|完成时限|整改时限|责任单位|责任领导|责任人)\s*:")
PROBLEM_MARK = re.compile(r"(?:反馈问题|存在问题|问题描述|问题表现|具体问题)\s*:")
GUANYU = re.compile(r"关于\s*[“\"‘]")
# the end of a 关于“…” head: the closing quote followed by 的整改情况 / 问题的整改 / 的问题 …
GUANYU_END = re.compile(
    r"[”\"’]\s*(?:等)?(?:问题)?(?:方面)?(?:的)?(?:问题)?(?:的)?"
    r"(?:整改(?:落实|进展|完成)?(?:情况)?|问题)?(?:[。.:;]|(?=\S)|$)")
GROUP_WORDS = re.compile(r"方面|在[“\"].{1,60}[”\"]方面")
SECTION_ORG = re.compile(r"组织(?:整改)?落实|组织整改|主要负责(?:人|同志)?.{0,6}(?:整改|落实)|整改工作开展情况|整改工作的?总体情况")
SECTION_ITEMS = re.compile(r"(?:反馈|巡视|巡察).{0,12}问题.{0,10}(?:整改|落实)|问题(?:的)?整改(?:落实)?情况|整改落实情况$|具体整改情况")
SECTION_NEXT = re.compile(r"^(?:下一步|下步|今后|后续)|下一步(?:整改)?(?:工作)?(?:安排|打算|计划|举措)|(?:巩固|深化).{0,6}整改成果")
CONTACT = re.compile(r"联系方式|联系电话|电子邮箱|电子信箱|邮政地址|通讯地址|来信地址|监督电话|举报电话|联系邮箱")
CLUTTER = re.compile(
    r"当前位置|首页\s*>|>\s*正文|发布时间|发布日期|来源\s*:|作者\s*:|浏览(?:次数|量)?\s*[:：]|阅读(?:次数|量)?\s*[:：]|"
    r"字号|打印本页|关闭窗口|上一篇|下一篇|相关文章|相关阅读|版权(?:声明|所有)|分享(?:给朋友|到)|扫一扫|"
    r"责任编辑|微信号|点击量|【打印】|【关闭】")
TITLE = re.compile(r"关于.{0,60}(?:通报|情况|公告|公示|报告)$|关于.{0,40}(?:巡视|巡察|整改)|(?:整改|巡视|巡察).{0,30}(?:通报|情况)$|^关于.{4,60}$")
DATE_LINE = re.compile(r"^\s*(?:\d{4}|[二〇零一两三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
ORG_LINE = re.compile(r"^(?:中共|中国共产党)?.{2,40}(?:委员会|党组|党委|工委|党工委|总支|支部|局|院|公司|集团|大学|学院|政府|办公室|管委会)$")
MEASURE_START = re.compile(rf"^\s*[{CN}]{{1,3}}是")
SENTENCE_END = "。！？!?；;…”\"）)】"


@dataclass(slots=True)
class Label:
    style: str
    value: int
    start: int        # offset in the text
    end: int
    text: str

    @property
    def rank(self) -> int:
        return STYLE_RANK[self.style]


@dataclass(slots=True)
class Line:
    start: int                  # offset of the first non-blank character
    end: int                    # offset after the last non-blank character
    text: str                   # original text of [start, end)
    view: str                   # folded text of [start, end) (same length)
    label: Label | None = None
    body: int = 0               # offset where the text after the label starts
    kind: str = "text"          # rect, status, guanyu, problem, heading, contact, clutter, text
    marker_end: int = 0         # for rect/problem/status: offset after the field marker
    continued: bool = False     # starts mid-line (split at a 整改情况: label)


def _any_label_pattern() -> re.Pattern[str]:
    """All of LABELS as one alternation, tried in order; alternative i is group 2i+1, its numeral 2i+2."""
    parts = [f"({rx.pattern.replace('(?P<v>', '(')})" for _, rx in LABELS]
    return re.compile("|".join(parts))


_ANY_LABEL = _any_label_pattern()
_LABEL_STYLES = [style for style, _ in LABELS]


def match_label(view: str, pos: int = 0, endpos: int = CLASSIFY_PREFIX) -> tuple[str, str, int] | None:
    """(style, numeral, end) of the first of LABELS that matches ``view[pos:endpos]`` at its start."""
    m = _ANY_LABEL.match(view, pos, endpos)
    if m is None:
        return None
    group = m.lastindex      # the alternative's own group: it closes after its numeral group
    return _LABEL_STYLES[group // 2], m.group(group + 1), m.end()


def _label_value(style: str, raw: str) -> int | None:
    if style == "circled":
        return ord(raw) - 0x2460 + 1
    return cn_to_int(raw)


_BLANK = " \t\r\u3000\ufeff\xa0"
# a line without its leading and trailing blanks (one match per line that is not all blank)
_TRIMMED_LINE = re.compile(f"[^\\n{_BLANK}](?:[^\\n]*[^\\n{_BLANK}])?")


def split_lines(text: str, view: str | None = None) -> list[Line]:
    """Logical, non-blank lines with offsets; lines are pre-split at mid-line ``整改情况:``.

    ``view`` is ``fold(text)`` when the caller already has it (``Notice.view``).
    """
    view = fold(text) if view is None else view
    # Every per-line MIDLINE_RECT match also starts a match of one scan over the whole view
    # (a match never starts inside another's blank tail), so lines without such a start (or
    # with one only at the very start of an unindented line, where no cut is made) have no cut.
    marks = [m.start() for m in MIDLINE_RECT.finditer(view)]
    marks.append(len(view))     # sentinel
    k = 0
    lines: list[Line] = []
    for m in _TRIMMED_LINE.finditer(view):
        s, e = m.span()
        while marks[k] < s:
            k += 1
        j = k + 1 if marks[k] == s and (s == 0 or view[s - 1] == "\n") else k
        cuts = _midline_cuts(view, s, e, len(lines)) if marks[j] < e else None
        if cuts:
            _add_segments(text, view, [s, *cuts, e], lines)
        elif not (view.startswith("<!--", s) and view.endswith("-->", s, e)):
            lines.append(Line(s, e, text[s:e], m.group()))
    return lines


def _is_comment(view: str, s: int, e: int) -> bool:
    return view.startswith("<!--", s) and view.endswith("-->", s, e)


def _midline_cuts(view: str, s: int, e: int, count: int) -> list[int]:
    """Offsets of the ``整改情况:`` markers after text in the trimmed line ``[s, e)``.

    Only the first 20,000 characters of the (untrimmed) line are searched.
    """
    start = view.rfind("\n", 0, s) + 1
    return [m.start() for m in MIDLINE_RECT.finditer(view, s, min(e, start + 20_000))
            if view[start:m.start()].strip() and count < 10**7]


def _add_segments(text: str, view: str, bounds: list[int], out: list[Line]) -> None:
    """The segments between consecutive ``bounds``, each trimmed; all but the first are continued."""
    for i in range(len(bounds) - 1):
        s, e = bounds[i], bounds[i + 1]
        while s < e and view[s] in _BLANK:
            s += 1
        while e > s and view[e - 1] in _BLANK:
            e -= 1
        if e > s and not _is_comment(view, s, e):
            out.append(Line(start=s, end=e, text=text[s:e], view=view[s:e], continued=i > 0))


# RECT_MARK, PROBLEM_MARK, STATUS_MARK and GUANYU as one alternation tried in that order
# (the same as trying each in turn; the regex engine rejects most lines on the first character)
_FIELD = re.compile("|".join(f"(?P<{name}>{rx.pattern})" for name, rx in
                             (("rect", RECT_MARK), ("problem", PROBLEM_MARK), ("status", STATUS_MARK),
                              ("guanyu", GUANYU))))


def classify(line: Line) -> Line:
    """Fill in ``label``, ``body``, ``kind`` and ``marker_end`` of one line.

    Only the first ``CLASSIFY_PREFIX`` characters are read (``endpos``, same as slicing).
    """
    view = line.view
    limit = min(len(view), CLASSIFY_PREFIX)
    pos = 0
    found = match_label(view, 0, limit)
    if found:
        style, numeral, end = found
        value = _label_value(style, numeral)
        if value is not None and value > 0:
            line.label = Label(style, value, line.start, line.start + end, line.text[:end].strip())
            pos = end
            while pos < limit and view[pos] == " ":
                pos += 1
    line.body = line.start + pos
    m = _FIELD.match(view, pos, limit)
    field = m.lastgroup if m else None
    if field in ("rect", "problem"):
        line.kind = field
        line.marker_end = line.start + m.end()
    elif line.label and line.label.style == "num-word":
        line.kind = "problem"
        line.marker_end = line.body
    elif field == "status":
        line.kind = "status"
        line.marker_end = line.start + m.end()
    elif field == "guanyu":
        line.kind = "guanyu"
    elif limit < 300 and CONTACT.search(view, 0, limit):
        line.kind = "contact"
    elif limit < 200 and CLUTTER.search(view, 0, limit):
        line.kind = "clutter"
    else:
        line.kind = "text"
    return line


def guanyu_split(line: Line) -> tuple[int, int, int] | None:
    """For a ``关于“X”的整改情况。…`` line: (problem start, problem end, rectification start).

    The rectification start equals ``line.end`` when nothing follows the head on the line.
    """
    v = line.view[:CLASSIFY_PREFIX]
    off = line.body - line.start
    m = GUANYU.match(v, off)
    if not m:
        return None
    qstart = m.end()
    depth_end = None
    for em in GUANYU_END.finditer(v, qstart):
        depth_end = em
        tail = v[em.start() + 1:em.end()]
        if "整改" in tail or "问题" in tail or "方面" in tail or em.end() >= len(v) or tail.endswith(("。", ".")):
            break
    if depth_end is None:
        return None
    pstart, pend = line.start + qstart, line.start + depth_end.start()
    rstart = line.start + depth_end.end()
    while rstart < line.end and line.view[rstart - line.start] in " :.。,":
        rstart += 1
    return pstart, pend, rstart


def ends_sentence(line: Line) -> bool:
    return bool(line.view) and line.view[-1] in SENTENCE_END
