"""Line classifier: the text as a list of logical lines, each with a class and a number label.

One table of anchored regexes (``LINE_CLASSES``) decides what a line is; each entry is
unit-tested. Matching runs on the folded view (full-width → half-width, same offsets), and
only on a bounded prefix of each line so a 10 MB single line stays linear.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..textnorm import cn_to_int, fold

CLASSIFY_PREFIX = 400          # characters of a line the classifier looks at
CN = "一二三四五六七八九十百零〇两"

# number labels, most specific first; (style, regex). Group "v" is the numeral.
LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("num-word", re.compile(rf"(?:问题|第)\s*(?P<v>\d{{1,3}}|[{CN}]{{1,4}})\s*(?:(?:项|个问题|条)?\s*[:.、](?![\d])"
                            rf"|(?:项|个问题)\s*$)")),
    ("cn-paren", re.compile(rf"[(](?P<v>[{CN}]{{1,4}})[)]\s*[、.]?")),
    ("num-paren", re.compile(r"[(](?P<v>\d{1,4})[)]\s*[、.]?")),
    ("cn-dun", re.compile(rf"(?P<v>[{CN}]{{1,4}})\s*[、.](?![{CN}]?是)")),
    ("num-dot", re.compile(r"(?P<v>\d{1,4})\s*(?:[、]|\.(?!\d))")),
    ("num-rparen", re.compile(r"(?P<v>\d{1,3})\)(?![\d%])")),
    ("circled", re.compile(r"(?P<v>[\u2460-\u2473])")),
]
# GB/T 9704 hierarchy: 一、 > (一) > 1. > (1) > ①
STYLE_RANK = {"cn-dun": 0, "cn-paren": 1, "num-dot": 2, "num-word": 2, "num-paren": 3, "num-rparen": 3,
              "circled": 4, "cell": 2}      # cell: the 序号 column of a table of items

# Labelled fields of an item (整改措施：… 责任单位：… 整改时限：…). Those that open the
# rectification text start it; the others are attached to the item they follow. A field never
# starts an item by itself unless its name repeats within the item (a new 整改情况 paragraph).
RECT_FIELDS = ("整改情况", "整改措施", "整改进展情况", "整改进展", "整改落实情况", "整改完成情况", "落实情况",
               "整改结果", "整改成效", "整改举措", "整改工作情况", "进展情况", "工作进展", "推进情况", "主要措施",
               "具体措施", "采取措施", "主要做法", "工作措施", "办理情况")
# fields whose value reports or promises action (the other fields state who, when, or a result)
MEASURE_FIELDS = tuple(n for n in RECT_FIELDS if n not in ("整改结果", "整改成效"))
# fields that state a result or a state of completion (a rule may read a result in them)
RESULT_FIELDS = ("整改结果", "整改成效", "完成情况", "整改进度", "整改结论", "销号情况")
ATTACHED_FIELDS = ("整改目标", "目标要求", "整改要求", "整改时限", "完成时限", "整改期限", "时限要求", "完成时间",
                   "办结时限", "责任单位", "责任部门", "责任科室", "责任股室", "责任处室", "责任部室", "责任主体",
                   "牵头单位", "牵头部门", "牵头科室", "配合单位", "整改责任部门", "整改责任单位", "整改完成时间", "整改完成时限",
                   "协办单位", "责任领导", "牵头领导", "分管领导", "督办领导", "包案领导", "整改责任人", "具体责任人",
                   "第一责任人", "责任人", "完成情况", "整改状态", "完成状态", "整改进度", "销号情况", "是否完成",
                   "整改结论", "备注")
PROBLEM_FIELDS = ("反馈问题", "存在问题", "问题描述", "问题表现", "具体问题", "问题内容", "主要问题", "问题清单",
                  "发现问题", "检视问题", "问题")


def _names(names: tuple[str, ...]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_OPEN = r"[【\[]?"
_CLOSE = r"[】\]]?"
RECT_MARK = re.compile(rf"{_OPEN}(?P<rname>{_names(RECT_FIELDS)}){_CLOSE}\s*(?::|\s(?=\S)|(?<=[】\]]))")
def _first_chars(names: tuple[str, ...]) -> str:
    """A look-ahead for the first characters of ``names``: ``re`` then skips in C to where a
    match can start (a look-behind first defeats its own skipping)."""
    return "(?=[" + "".join(re.escape(ch) for ch in sorted({n[0] for n in names})) + "])"


# a 整改情况: label after text on the same line; the other 整改… field names only after a
# clause boundary (``制定整改措施：一是…`` introduces a list). Starts with the literal 整改,
# which ``re`` skips to in C.
_ZG_NAMES = tuple(n[2:] for n in RECT_FIELDS if n.startswith("整改") and n not in ("整改情况", "整改进展情况", "整改落实情况"))
MIDLINE_RECT = re.compile(rf"整改(?:情况|进展情况|落实情况|(?<=[。；;，,)\s]整改)(?:{_names(_ZG_NAMES)}))\s*:")
STATUS_MARK = re.compile(rf"{_OPEN}(?P<sname>{_names(ATTACHED_FIELDS)}){_CLOSE}\s*(?::|(?<=[】\]]))")
PROBLEM_MARK = re.compile(rf"{_OPEN}(?P<pname>{_names(PROBLEM_FIELDS)}){_CLOSE}\s*(?::|(?<=[】\]]))")
# 关于/针对 heads: what may follow the quoted (or unquoted) problem before the rectification
HEAD_SUFFIX = re.compile(
    r"\s*(?:等)?(?:问题|方面)?(?:的)?(?:问题|情况)?(?:的)?(?:整改(?:落实|进展|完成)?(?:情况|工作)?|问题)?"
    r"(?:[。.:;，,]|(?=\S)|$)")
_UNQUOTED_HEAD = re.compile(
    r"(?:关于|针对)(?P<p>[^。；;：:\n]{2,80}?)(?:等)?(?:的)?问题(?:的)?(?:整改(?:落实|进展|完成)?(?:情况|工作)?)?"
    r"(?P<end>[。.:;，,]|$)")
# an unquoted 关于/针对 phrase that only refers back (针对该问题) or names no problem of its own
# (关于巡察反馈问题的整改情况: a section heading) is not an item head
_ANAPHORIC = re.compile(r"(?:该|此|这|上述|以上|前述|上面|这些|这类|此类|以下|下列)")
_GENERIC_PROBLEM = re.compile(
    r"\s*(?:[省市县区州旗镇乡]委|[省市县区]政府)?(?:第.{1,3}轮)?(?:巡视|巡察|审计|督察|检查|督查|专项检查|监督检查)?(?:组)?"
    r"(?:反馈|指出|发现|交办|移交|查出|检视)?(?:的)?(?:各类|有关|相关|具体|主要|突出)?"
    r"(?:\d{1,4}|[一二三四五六七八九十两百]{1,4})?(?:个|项|条|大项|方面)?(?:具体)?\s*$")
GROUP_WORDS = re.compile(r"方面|在[“\"].{1,60}[”\"]方面")
SECTION_ORG = re.compile(r"组织(?:整改)?落实|组织整改|主要负责(?:人|同志)?.{0,6}(?:整改|落实)|整改工作开展情况|整改工作的?总体情况")
SECTION_ITEMS = re.compile(r"(?:反馈|巡视|巡察).{0,12}问题.{0,10}(?:整改|落实)|问题(?:的)?整改(?:落实)?情况|整改落实情况$|具体整改情况")
SECTION_NEXT = re.compile(r"^(?:下一步|下步|今后|后续)|下一步(?:整改)?(?:工作)?(?:安排|打算|计划|举措)|(?:巩固|深化).{0,6}整改成果")
CONTACT = re.compile(r"联系方式|联系电话|电子邮箱|电子信箱|邮政地址|通讯地址|来信地址|监督电话|举报电话|联系邮箱")
CLUTTER = re.compile(
    r"当前位置|首页\s*>|>\s*正文|发布时间|发布日期|来源\s*:|作者\s*:|浏览(?:次数|量)?\s*[:：]|阅读(?:次数|量)?\s*[:：]|"
    r"字号|打印本页|关闭窗口|上一篇|下一篇|相关文章|相关阅读|版权(?:声明|所有)|分享(?:给朋友|到)|扫一扫|"
    r"责任编辑|微信号|点击量|【打印】|【关闭】")
TITLE = re.compile(r"关于.{0,60}(?:通报|情况|公告|公示|报告)$|关于.{0,40}(?:巡视|巡察|整改)|"
                   r"(?:整改|巡视|巡察|審計|审计|督察|检查|检视).{0,30}(?:通报|情况|台账|清单|报告|公告|公示)$|^关于.{4,60}$")
DATE_LINE = re.compile(r"^\s*(?:\d{4}|[二〇零一两三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
ORG_LINE = re.compile(r"^(?:中共|中国共产党)?.{2,40}(?:委员会|党组|党委|工委|党工委|[省市县区州旗盟镇乡]委|总支|支部|局|院|公司|集团|大学|学院|政府|办公室|管委会)$")
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
    source: str                 # the whole original text (shared: a line does not copy its text)
    view: str                   # folded text of [start, end) (same length)
    label: Label | None = None
    body: int = 0               # offset where the text after the label starts
    kind: str = "text"          # rect, status, head, problem, heading, contact, clutter, text
    marker_end: int = 0         # for rect/problem/status: offset after the field marker
    continued: bool = False     # starts mid-line (split at a 整改情况: label)
    field: str | None = None    # for rect/status/problem: the field name (整改措施, 责任单位 …)
    split: tuple[int, int, int] | None = None   # for a head: (problem start, problem end, rectification start)

    @property
    def text(self) -> str:
        """The original text of [start, end): sliced when asked for (the parser reads it for a
        few lines only; a copy per line doubled a big file's memory)."""
        return self.source[self.start:self.end]


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


def split_lines(text: str, view: str | None = None, keep: int | None = None) -> list[Line]:
    """Logical, non-blank lines with offsets; lines are pre-split at mid-line ``整改情况:`` and
    before a numbered ``关于“…”`` head glued to the end of the previous item's sentence.

    ``view`` is ``fold(text)`` when the caller already has it (``Notice.view``). With ``keep``,
    a text of more lines gives its first ``keep`` lines, the next one and the last one only
    (where the lines past a parser limit start and end), not a Line for each of them.
    """
    view = fold(text) if view is None else view
    marks = _cut_marks(view)
    marks.append(len(view))     # sentinel
    k = 0
    lines: list[Line] = []
    matches: Iterator[re.Match[str]] = _TRIMMED_LINE.finditer(view)
    most = keep + 2 if keep is not None else len(view) + 2
    if len(view) > most:                # (no more lines than characters: most texts skip this)
        matches = _trimming(matches, lines, most)
    for m in matches:
        s, e = m.span()
        while marks[k] <= s:
            k += 1
        if marks[k] < e and len(lines) < 10**7:
            start = view.rfind("\n", 0, s) + 1
            cuts = []
            while marks[k] < e:
                if marks[k] < start + 20_000:           # only the first 20,000 characters of a line
                    cuts.append(marks[k])
                k += 1
            if cuts:
                _add_segments(text, view, [s, *cuts, e], lines)
                continue
        if not (view.startswith("<!--", s) and view.endswith("-->", s, e)):
            lines.append(Line(s, e, text, m.group()))
    if len(lines) > most:
        del lines[most - 1:-1]
    return lines


def _trimming(matches: Iterator[re.Match[str]], lines: list[Line], most: int) -> Iterator[re.Match[str]]:
    """``matches``, keeping ``lines`` (being filled from them) to the first ``most - 1`` and
    the latest one every few thousand matches."""
    for n, m in enumerate(matches):
        if n & 4095 == 0 and len(lines) > most:
            del lines[most - 1:-1]
        yield m


_QUOTED_HEAD = re.compile(r"(?:关于|针对)\s*[“\"‘]")
_GLUED_LABEL = re.compile(rf"(?:\d{{1,3}}[.、]|\([{CN}\d]{{1,3}}\)|[{CN}]{{1,3}}、)\s*$")


def _cut_marks(view: str) -> list[int]:
    """Where lines are cut, in order: mid-line ``整改情况:`` markers, and the labels of numbered
    ``关于“…”`` heads that follow a sentence end on the same line (two items run together)."""
    marks = _midline_marks(view)
    glued = []
    for m in _QUOTED_HEAD.finditer(view):
        lm = _GLUED_LABEL.search(view, max(0, m.start() - 8), m.start())
        if lm is not None and lm.start() > 0 and view[lm.start() - 1] in "。；;!?！？":
            glued.append(lm.start())
    if glued:
        marks = sorted(set(marks) | set(glued))
    return marks


def _midline_marks(view: str) -> list[int]:
    """The mid-line ``整改情况:`` markers, except in a later cell of a tab-separated row of three
    or more cells: written inside a cell of a table (台账), it belongs to that row, which must
    stay one line (cut there, the row became two items, the first without its rectification).
    Each line is looked at once (linear in the text)."""
    marks = []
    line_end, first_tab, table = -1, -1, False
    for m in MIDLINE_RECT.finditer(view):
        pos = m.start()
        if pos > line_end:                      # the first marker of a line
            start = view.rfind("\n", 0, pos) + 1
            end = view.find("\n", pos)
            line_end = len(view) if end < 0 else end
            first_tab = view.find("\t", start, line_end)
            table = first_tab >= 0 and view.count("\t", start, line_end) >= 2
        if not (table and first_tab < pos):
            marks.append(pos)
    return marks


def _is_comment(view: str, s: int, e: int) -> bool:
    return view.startswith("<!--", s) and view.endswith("-->", s, e)


def _add_segments(text: str, view: str, bounds: list[int], out: list[Line]) -> None:
    """The segments between consecutive ``bounds``, each trimmed; all but the first are continued."""
    for i in range(len(bounds) - 1):
        s, e = bounds[i], bounds[i + 1]
        while s < e and view[s] in _BLANK:
            s += 1
        while e > s and view[e - 1] in _BLANK:
            e -= 1
        if e > s and not _is_comment(view, s, e):
            out.append(Line(start=s, end=e, source=text, view=view[s:e], continued=i > 0))


# RECT_MARK, PROBLEM_MARK, STATUS_MARK and the head words (关于, 针对, 在) as one alternation tried in that order
# (the same as trying each in turn; the regex engine rejects most lines on the first character)
_FIELD = re.compile("|".join(f"(?P<{name}>{rx.pattern})" for name, rx in
                             (("rect", RECT_MARK), ("problem", PROBLEM_MARK), ("status", STATUS_MARK),
                              ("head", re.compile("(?:关于|针对|在)")))))
# the characters a field marker or a head can start with: other lines skip the alternation
_FIELD_FIRST = frozenset({n[0] for n in RECT_FIELDS + ATTACHED_FIELDS + PROBLEM_FIELDS} | set("【[关针在"))


def classify(line: Line, virtual_label: str | None = None) -> Line:
    """Fill in ``label``, ``body``, ``kind``, ``marker_end`` and ``field`` of one line.

    Only the first ``CLASSIFY_PREFIX`` characters are read (``endpos``, same as slicing).
    ``virtual_label`` is a number label that is not in the text (Word's list numbering): the
    line is read as if it began with it, and the label's span is empty.
    """
    view = line.view
    limit = min(len(view), CLASSIFY_PREFIX)
    pos = 0
    found = match_label(fold(virtual_label)) if virtual_label else match_label(view, 0, limit)
    if found:
        style, numeral, end = found
        value = _label_value(style, numeral)
        if value is not None and value > 0:
            if virtual_label:
                line.label = Label(style, value, line.start, line.start, virtual_label.strip())
            else:
                line.label = Label(style, value, line.start, line.start + end, line.text[:end].strip())
                pos = end
                while pos < limit and view[pos] == " ":
                    pos += 1
    line.body = line.start + pos if pos else line.start     # no label: the same int, not a copy per line
    m = _FIELD.match(view, pos, limit) if pos < limit and view[pos] in _FIELD_FIRST else None
    field = m.lastgroup if m else None
    if field == "rect":
        line.kind = "rect"
        line.field = m.group("rname")
        line.marker_end = line.start + m.end()
    elif line.label and line.label.style == "num-word" and view.startswith("问题", line.label.start - line.start):
        line.kind = "problem"
        line.field = "问题"
        line.marker_end = line.body
    elif field == "problem":
        line.kind = "problem"
        line.field = m.group("pname")
        line.marker_end = line.start + m.end()
    elif field == "status":
        line.kind = "status"
        line.field = m.group("sname")
        line.marker_end = line.start + m.end()
    elif (field == "head" or line.label is not None) and (split := head_split(line)) is not None:
        line.kind = "head"
        line.split = split
    elif limit < 300 and CONTACT.search(view, 0, limit):
        line.kind = "contact"
    elif limit < 200 and CLUTTER.search(view, 0, limit):
        line.kind = "clutter"
    else:
        line.kind = "text"
    return line


_QUOTE_PAIRS = {"“": "”", "‘": "’", '"': '"', "'": "'"}


def _quote_end(v: str, q: int) -> int | None:
    """Index of the quote closing the one at ``v[q]``, nested quotes of the same kind counted."""
    opener = v[q]
    closer = _QUOTE_PAIRS[opener]
    limit = min(len(v), q + 300)
    if opener == closer:
        k = v.find(closer, q + 1, limit)
        return k if k >= 0 else None
    depth, pos = 0, q + 1
    while True:
        k = v.find(closer, pos, limit)
        if k < 0:
            return None
        depth += v.count(opener, pos, k)
        if depth == 0:
            return k
        depth -= 1
        pos = k + 1


def head_split(line: Line) -> tuple[int, int, int] | None:
    """For a ``关于“X”的整改情况。…`` / ``针对“X”的问题，…`` / ``关于X的问题。…`` line:
    (problem start, problem end, rectification start).

    The problem is the quoted text (nested quotes do not end it) or, unquoted, the words up to
    ``(的)问题``. The rectification start equals ``line.end`` when nothing follows the head.
    A ``针对该问题，…`` / ``关于上述问题`` clause refers back and is not a head.
    """
    v = line.view[:CLASSIFY_PREFIX]
    off = line.body - line.start
    if v.startswith("在", off):
        return _area_head(line, v, off)
    if not v.startswith(("关于", "针对"), off):
        return _labelled_problem_head(line, v, off) if line.label is not None else None
    q = off + 2
    while q < len(v) and v[q] == " ":
        q += 1
    if q < len(v) and v[q] in _QUOTE_PAIRS:
        close = _quote_end(v, q)
        if close is None:
            return None
        end = close
        # 关于“X”和“Y”的问题: a second quoted problem joined by 和/及/、/与
        while end + 2 < len(v) and v[end + 1] in "和及、与," and v[end + 2] in _QUOTE_PAIRS:
            nxt = _quote_end(v, end + 2)
            if nxt is None:
                break
            end = nxt
        m = HEAD_SUFFIX.match(v, end + 1)
        pstart, pend = q + 1, end
        rstart = m.end() if m else end + 1
    else:
        m = _UNQUOTED_HEAD.match(v, off)
        if m is None or _ANAPHORIC.match(v, m.start("p")) or _GENERIC_PROBLEM.fullmatch(m.group("p")) \
                or len(m.group("p").strip()) < 3:
            return None
        pstart, pend = m.start("p"), m.start("p") + len(m.group("p"))
        rstart = m.end()
    while rstart < len(line.view) and line.view[rstart] in " :.。,，":
        rstart += 1
    return line.start + pstart, line.start + pend, line.start + min(rstart, len(line.view))


# ``在…方面，存在…的问题。整改中，…``: an area, then the problem found there
_AREA_HEAD = re.compile(r"在(?P<area>[^，,。；;：:]{2,30}?)方面[，,]?\s*(?:还|仍|也|主要)?(?:存在|反映出?)"
                        r"(?P<p>[^。；;]{2,120}?)(?:等)?(?:的)?问题(?P<end>[。.;，,]|$)")


def _area_head(line: Line, v: str, off: int) -> tuple[int, int, int] | None:
    m = _AREA_HEAD.match(v, off)
    if m is None:
        return None
    rstart = m.end()
    while rstart < len(line.view) and line.view[rstart] in " :.。,，":
        rstart += 1
    return line.start + off, line.start + m.start("end"), line.start + min(rstart, len(line.view))


def is_flat_head(line: Line) -> bool:
    """A head that is neither numbered nor quoted (``针对…的问题，…``, ``在…方面，存在…问题。…``):
    an item head only in a notice whose items carry no numbers and no field labels."""
    if line.kind != "head" or line.label is not None:
        return False
    off = line.body - line.start
    v = line.view
    return not (v.startswith(("关于", "针对"), off) and off + 2 < len(v) and v[off + 2] in _QUOTE_PAIRS)


# a numbered line whose first clause names a problem: ``（二）部分专项资金闲置问题。…``
_PROBLEM_CLAUSE = re.compile(
    r"(?P<p>[^。；;：:!?！？\n]{4,100}?(?:等)?(?:的)?问题)(?:的)?(?:整改(?:落实|进展|完成)?(?:情况|工作)?)?(?P<end>[。.:;]|$)")


def _labelled_problem_head(line: Line, v: str, off: int) -> tuple[int, int, int] | None:
    if v.find("问题", off, off + 110) < 0:
        return None
    m = _PROBLEM_CLAUSE.match(v, off)
    if m is None or m.group("end") in "::" or _ANAPHORIC.match(v, off) or _GENERIC_PROBLEM.fullmatch(m.group("p")[:-2]):
        return None         # "…反馈问题：" introduces the problem rather than stating it
    pend = m.end("p")
    rstart = m.end()
    while rstart < len(line.view) and line.view[rstart] in " :.。,，":
        rstart += 1
    return line.start + off, line.start + pend, line.start + min(rstart, len(line.view))


# A numbered paragraph that states a problem and then what was done about it, with no
# marker between them (common in audit reports): the first sentence states the problem, later
# sentences that give evidence (审计发现…, 其中…, 涉及…) or carry no action go on with it,
# and the first sentence that reports action (已…, 正在…, 对此…, a unit 牵头/督促/追回…) opens
# the rectification.
_SENTENCES = re.compile(r"[^。；;!?！？]*[。；;!?！？]*")
_EVIDENCE = re.compile(r"\s*(?:[^，,。]{0,8}(?:审计|检查|巡察|巡视|督察|督查|调查|核查|抽查|评估|监测)(?:中)?(?:发现|指出|显示)|经查|"
                       r"如|例如|比如|其中|主要表现|具体表现|表现为|涉及|造成|导致)")
_INSTANCE = re.compile(r"\s*(?:个别|部分|少数|一些|有的|截至\d{4}年)")
_DONE = re.compile(r"已|正在|完成|追回|收回|退回|清退|整改")
_DONE_START = re.compile(r"\s*(?:已|正在|均已|现已|目前|截至|截止|经整改|整改后|完成|对此|为此|针对(?:该|此|上述|这一))")
_ACTION = re.compile(r"已|正在|正|完成|整改|追回|收回|退回|清退|缴回|归还|制定|修订|出台|印发|建立|健全|开展|组织|督促|责成|"
                     r"约谈|问责|处分|处理|纳入|推进|加强|强化|落实|将|拟|计划|力争|牵头|会同|联合|对此|为此|针对")
_NEGATIVE = re.compile(r"不|未|没有|缺|欠|滞后|薄弱|偏|差|弱|乱|松|漏洞|隐患|风险|问题|闲置|挪用|违规|违反|超|截留|滞留|挤占|"
                       r"虚报|冒领|套取|重复|随意|形式|走过场|屡禁|时有|仍|依然|还存在|存在|规避|拖欠|侵占|失")


def reports_action(line: Line) -> bool:
    """Whether a line's text (after its number) opens by reporting action (已…, 正在…, 组织…)."""
    return bool(_ACTION.match(line.view, line.body - line.start))


def generic_split(line: Line) -> tuple[int, int, int] | None:
    """(problem start, problem end, rectification start) of a numbered paragraph whose first
    sentence states a problem; the rectification start is ``line.end`` when the paragraph
    reports no action. None when the first sentence does not read as a problem."""
    v = line.view[:4000]
    off = line.body - line.start
    sentences = [m for m in _SENTENCES.finditer(v, off) if m.end() > m.start()]
    first = sentences[0].group() if sentences else ""
    if not first or _DONE_START.match(first) or (_ACTION.match(first) and not _NEGATIVE.search(first)) \
            or not (_NEGATIVE.search(first) or not _ACTION.search(first)):
        return None
    pend = sentences[0].end()
    for m in sentences[1:]:
        text = m.group()
        if _EVIDENCE.match(text) or (_INSTANCE.match(text) and not _DONE.search(text)) or not _ACTION.search(text):
            pend = m.end()
            continue
        break
    rstart = pend
    p_end = pend
    while p_end > off and v[p_end - 1] in "。；;!?！？ ":
        p_end -= 1
    while rstart < len(v) and v[rstart] == " ":
        rstart += 1
    if pend >= len(v):
        rstart = len(line.view)
    return line.start + off, line.start + p_end, line.start + rstart


def ends_sentence(line: Line) -> bool:
    return bool(line.view) and line.view[-1] in SENTENCE_END
