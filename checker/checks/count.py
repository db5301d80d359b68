"""count: numbers the notice declares about itself that contradict the listed items or their arithmetic.

Five checks, each conservative (a number it cannot tie to this notice's own problems is left alone):

- ``N个方面`` declared before the items, against the groups the parser read;
- a declared total of reported problems (``反馈的3个方面14个问题``, ``共计12项问题``) against the items
  read — only when the number clearly counts this notice's feedback (反馈/巡视/巡察/审计/共计… in the
  same clause, not 上轮…), the notice lists items, and the declared 方面 agree with the groups;
- a completion rate (``完成率95.2%``) against done/total, where the done count is stated
  (``已整改完成N个``) and the total is a number stated before it;
- the parts of a status breakdown (``已整改完成N个，正在整改M个``) against the total they divide;
- ``M个…占…P%`` against the total stated before it.

Every pattern is linear: bounded runs, no nested quantifiers; the status scan works clause by clause.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..engine.prefilter import WindowedPattern
from ..engine.registry import Evidence, register
from ..textnorm import cn_to_int

N = r"(\d{1,4}|[一二三四五六七八九十两百]{1,4})"
# scanned near their literal core (个方面, 个…占…%): the same matches, without trying the
# numeral prefix at every 一 of the text
_ASPECTS = WindowedPattern([N + r"个方面"])
_SHARE = WindowedPattern([r"(\d{1,4})个[^。；;\n个]{0,30}?占[^，。；;\n]{0,20}?(超过|高于|达到|达|为|约|近)?(\d{1,3}(?:\.\d+)?)%"])
_TOTAL = re.compile(r"(\d{1,4})个")

# a declared number of problems: 14个问题, 12项具体问题, 3个方面14个问题 (the 方面 part optional)
_PROBLEMS = re.compile(N + r"[个项条](?:具体|突出|主要)?问题")
_GROSS = re.compile(r"(?:共计|共|合计|总计)" + N + r"[个项条](?:具体)?问题")
# what makes a declared number this notice's own count of feedback problems, in the same clause
_OWN = ("反馈", "巡视", "巡察", "审计", "督察", "指出", "交办", "移交", "共计", "共有", "合计", "总计", "梳理",
        "查找", "查摆", "检视")
# … and what makes it someone else's, or a subset
_NOT_OWN = ("上轮", "上一轮", "前轮", "上次", "以往", "历次", "往年", "此前", "遗留", "一并", "此外", "另外")
_SUBSET = ("中", "其中", "其余", "剩余", "已", "尚", "仍", "未", "另", "有")


_RATE = re.compile(r"(?:完成率|整改率|办结率|销号率)(?:为|是|达到|达|约|已达)?(\d{1,3}(?:\.\d{1,2})?)%")
_COUNTED = re.compile(N + r"([个项条件])")
# rectification status words; a clause holding one of these and one counted number is one part
_DONE = ("已整改完成", "已完成整改", "已整改到位", "整改到位", "已整改", "已完成", "完成整改", "整改完成",
         "已办结", "已销号", "完成销号", "办结销号")
_PARTIAL = ("基本完成", "阶段性完成", "部分完成")
_OPEN = ("正在整改", "正在推进", "正在持续推进", "正在按计划推进", "持续整改", "持续推进", "长期整改",
         "长期坚持", "整改中", "推进中", "未完成", "尚未完成", "未整改", "尚未整改")
_REMAINDER = ("其余", "剩余")         # the rest: open unless the clause says otherwise
_STATUS = re.compile("|".join(sorted({*_DONE, *_PARTIAL, *_OPEN, *_REMAINDER}, key=len, reverse=True)))
# a breakdown needs a part that is not done: sentences are examined only around these (rarer) words
_NOT_DONE = re.compile("|".join(sorted({*_PARTIAL, *_OPEN, *_REMAINDER}, key=len, reverse=True)))
_NESTED = ("其中", "中有", "中的", "包括")   # a sub-breakdown of a part: the parts no longer add up
_WINDOW = 160          # how far back a total may be stated (characters, same paragraph)


def _int(s: str) -> int | None:
    try:
        return cn_to_int(s)
    except Exception:       # pragma: no cover - cn_to_int returns None on junk
        return None


_CLAUSE_END_RX = re.compile(r"[，,；;。！？!?\n]")
_SENTENCE_END_RX = re.compile(r"[。！？!?\n]")
_CLAUSE = re.compile(r"[^，,；;、]+")


def _last_before(rx: re.Pattern, view: str, lo: int, pos: int) -> int:
    """Start of the text after the last match of ``rx`` in view[lo:pos] (lo when none)."""
    found = lo
    for m in rx.finditer(view, lo, pos):
        found = m.end()
    return found


def _clause_start(view: str, pos: int, limit: int = 40) -> int:
    return _last_before(_CLAUSE_END_RX, view, max(0, pos - limit), pos)


def _paragraph_start(view: str, pos: int, limit: int = _WINDOW) -> int:
    lo = max(0, pos - limit)
    nl = view.rfind("\n", lo, pos)
    return lo if nl < 0 else nl + 1


_MAX_SENTENCE = 300     # a breakdown or a rate lives in a sentence; longer runs are not read


class _Sentences:
    """Sentence boundaries of the whole view, found once (linear), looked up by position."""

    def __init__(self, view: str) -> None:
        self.ends = [m.start() for m in _SENTENCE_END_RX.finditer(view)]
        self.n = len(view)

    def at(self, pos: int) -> tuple[int, int] | None:
        """(start, end) of the sentence holding ``pos``; None when it is too long to be one."""
        k = bisect_right(self.ends, pos - 1)
        s = self.ends[k - 1] + 1 if k else 0
        e = self.ends[k] if k < len(self.ends) else self.n
        return (s, e) if e - s <= _MAX_SENTENCE else None


def _sentence_bounds(view: str, pos: int, limit: int = 200) -> tuple[int, int]:
    s = _last_before(_SENTENCE_END_RX, view, max(0, pos - limit), pos)
    m = _SENTENCE_END_RX.search(view, pos, min(len(view), pos + limit))
    return s, (m.start() if m else min(len(view), pos + limit))


def _label_value(label: str | None) -> int | None:
    if not label:
        return None
    digits = "".join(ch for ch in label if ch.isdigit() or ch in "一二三四五六七八九十百两")
    return _int(digits) if digits else None


def _item_counts(notice) -> set[int]:
    """Numbers of items a declared total may fairly be compared with (the parser's reading,
    and the readings that forgive an item split in two or a lost label)."""
    items = notice.items
    counts = {len(items), sum(1 for i in items if i.problem is not None),
              sum(1 for i in items if i.label)}
    top = [v for v in (_label_value(i.label) for i in items) if v]
    if top:
        counts.add(max(top))
    counts.discard(0)
    return counts


def _head_end(notice) -> int:
    starts = [i.span.start for i in notice.items] + [g.span.start for g in notice.groups]
    return min(starts, default=0)


def _own_total(view: str, m: re.Match) -> bool:
    """Whether the declared number at ``m`` counts this notice's own reported problems."""
    cs = _clause_start(view, m.start())
    before = view[cs:m.start()]
    if any(w in before for w in _NOT_OWN):
        return False
    own = [before.rfind(w) for w in _OWN if w in before]
    if before.endswith("共"):
        own.append(len(before) - 1)
    if not own:
        return False
    between = before[max(own):]
    return not any(w in between for w in _SUBSET)


def declared_total(notice) -> int | None:
    """The first total of reported problems the notice declares about itself before its items
    (反馈的14个问题, 共计12项问题; not 上轮巡察反馈的9个问题): the reading ZG208 compares with the
    items read."""
    head = notice.view[:min(_head_end(notice), 6000)]
    for m in _PROBLEMS.finditer(head):
        n = _int(m.group(1))
        if n and _own_total(notice.view, m):
            return n
    return None


@register("count")
def count(notice, ctx):
    view = notice.view
    head = view[:_head_end(notice)]
    aspects_agree = True
    outer = [g for g in notice.groups if g.level == 0]      # 一、…方面, not the （一） groups inside them
    if notice.groups and head:
        for m in _ASPECTS.finditer(head):
            n = _int(m.group(1))
            if not n or n > 30:
                continue
            s, e = _sentence_bounds(head, m.start(), 60)
            sentence = head[s:e]
            if not any(w in sentence for w in ("反馈", "巡视", "巡察", "审计", "督察", "问题", "整改")):
                continue
            if n != len(outer):
                aspects_agree = False
                yield Evidence(m.start(), m.end(), params={"n": n, "m": len(outer), "what": "方面", "what_en": "aspects"},
                               case="declared",
                               message=f"通报称有 {n} 个方面，但列出的分组只有 {len(outer)} 个。",
                               message_en=f"The notice declares {n} aspects but lists {len(outer)} groups.")
    if notice.items and head:
        yield from _declared_totals(notice, view, head, aspects_agree)
    sentences = _Sentences(view)
    if "率" in view:
        yield from _rates(view, sentences)
    yield from _breakdowns(view, sentences)
    for m in _SHARE.finditer(view):
        part, relation, pct = int(m.group(1)), m.group(2) or "", float(m.group(3))
        window = view[max(0, m.start() - 80):m.start()]
        totals = [int(t) for t in _TOTAL.findall(window) if int(t) > part]
        if not totals:
            continue
        actual = part / totals[-1] * 100
        wrong = (relation in ("超过", "高于") and actual <= pct) or \
                (relation in ("达到", "达", "为") and abs(actual - pct) > 0.6)
        if wrong:
            yield Evidence(m.start(), m.end(), case="rate",
                           params={"actual": f"{actual:.1f}", "stated": m.group(), "x": part, "t": totals[-1]},
                           message=f"比例与数字不符：{part}/{totals[-1]} = {actual:.1f}%，与“{relation}{m.group(3)}%”矛盾。",
                           message_en=f"Arithmetic: {part}/{totals[-1]} = {actual:.1f}%, not {relation} {m.group(3)}%.")


def _declared_totals(notice, view: str, head: str, aspects_agree: bool):
    n_items = len(notice.items)
    gross: set[int] = set()
    for m in _GROSS.finditer(head):
        n = _int(m.group(1))
        if n and n > n_items * 2:
            gross.add(m.start(1))
            yield Evidence(m.start(), m.end(), params={"n": n, "m": n_items, "what": "问题", "what_en": "problems"},
                           case="declared",
                           message=f"通报称共有 {n} 项问题，但只列出了 {n_items} 个事项。",
                           message_en=f"The notice declares {n} problems but lists {n_items} items.")
    if not aspects_agree:
        return                  # the structure read does not correspond to the declaration: do not guess
    declared = []
    for m in _PROBLEMS.finditer(head):
        n = _int(m.group(1))
        if n and m.start(1) not in gross and _own_total(view, m):
            declared.append((m, n))
    if not declared:
        return
    counts = _item_counts(notice)
    if any(n in counts or n == len([g for g in notice.groups if g.level == 0]) for _, n in declared):
        return                  # one declared total agrees with the items: the others count something else
    if not notice.groups and any(_int(a.group(1)) in counts for a in _ASPECTS.finditer(head)):
        return                  # no groups, one item per declared 方面: the problems are inside the items
    shown = n_items if n_items in counts else min(counts, key=lambda c: abs(c - n_items))
    for m, n in declared:
        start = m.start()
        aspect = view.rfind("个方面", max(0, start - 12), start)
        if aspect >= 0:         # point at 3个方面15个问题 as a whole
            k = aspect
            while k > 0 and (view[k - 1].isdigit() or view[k - 1] in "一二三四五六七八九十两百"):
                k -= 1
            start = k
        yield Evidence(start, m.end(), params={"n": n, "m": shown, "what": "问题", "what_en": "problems"},
                       case="declared",
                       message=f"通报称反馈问题 {n} 个，但列出的整改事项为 {shown} 个。",
                       message_en=f"The notice declares {n} reported problems but lists {shown} items.")


_TOTAL_NOUN = re.compile(r"(?:具体|突出|主要|整改|反馈)?(?:问题|任务|事项|措施|举措|意见|建议)")
_NOUN_BEFORE = ("问题", "任务", "事项", "措施", "举措", "共", "共计", "合计", "总计", "累计", "共有")


def _totals_before(view: str, lo: int, hi: int, skip: set[int]) -> list[tuple[int, str, int]]:
    """(value, classifier, position) of the declared totals in view[lo:hi]: counted numbers
    (N个/项/条/件, not N个方面) that name what they count (14个问题, 整改措施62条, 共计42项) or
    that the clause ties to the feedback (反馈的14个)."""
    found = []
    for m in _COUNTED.finditer(view, lo, hi):
        if m.start() in skip or view.startswith("方面", m.end()):
            continue
        v = _int(m.group(1))
        if not v:
            continue
        before = view[max(lo, m.start() - 4):m.start()]
        if _TOTAL_NOUN.match(view, m.end()) or before.endswith(_NOUN_BEFORE) or _own_total(view, m):
            found.append((v, m.group(2), m.start()))
    return found


class _Shifted:
    """A match in a clause, seen at its offsets in the whole view."""

    __slots__ = ("_m", "_d")

    def __init__(self, m: re.Match, d: int) -> None:
        self._m, self._d = m, d

    def start(self, g: int = 0) -> int:
        return self._m.start(g) + self._d


def _status_of(clause: str) -> tuple[str, int, int] | None:
    """(kind, start, end) of the status word that decides the clause: the first explicit one,
    else 其余/剩余 (the rest: open)."""
    rest = None
    for m in _STATUS.finditer(clause):
        w = m.group()
        if w in _REMAINDER:
            rest = rest or ("open", m.start(), m.end())
            continue
        return ("done" if w in _DONE else "partial" if w in _PARTIAL else "open"), m.start(), m.end()
    return rest


def _part_number(clause: str, nums: list[re.Match], ws: int, we: int) -> re.Match | None:
    """The counted number the status word at clause[ws:we] speaks of: right after it
    (已整改完成3个), or just before it (19个已整改到位, 其余6个问题正在推进)."""
    for m in nums:
        if we <= m.start() <= we + 3:
            return m
    for m in reversed(nums):
        if m.end() <= ws <= m.end() + 4:
            return m
    return nums[0] if len(nums) == 1 else None


def _parts(view: str, s: int, e: int):
    """Status parts of view[s:e], clause by clause: [(kind, value, start, end, classifier)]; None when the
    breakdown is nested (其中 after a part), a clause is ambiguous or the parts count different
    things (个 here, 条 there)."""
    parts = []
    units = set()
    for cm in _CLAUSE.finditer(view, s, e):
        i = cm.start()
        clause = cm.group()
        status = _status_of(clause) if "%" not in clause and "率" not in clause else None
        if status is None:
            continue
        if parts and any(w in clause for w in _NESTED):
            return None
        kind, ws, we = status
        nums = [m for m in _COUNTED.finditer(clause)
                if not clause.startswith("方面", m.end()) and not _own_total(view, _Shifted(m, i))]
        if not nums:
            continue            # 反馈的12个问题实行销号管理: the total, not a part
        m = _part_number(clause, nums, ws, we)
        if m is None:
            return None
        v = _int(m.group(1))
        if v:
            units.add(m.group(2))
            if len(units) > 1:
                return None
            parts.append((kind, v, i + m.start(), i + m.end(), m.group(2)))
    return parts


def _rates(view: str, sentences: _Sentences):
    for m in _RATE.finditer(view):
        pct_text = m.group(1)
        pct = float(pct_text)
        decimals = len(pct_text.split(".")[1]) if "." in pct_text else 0
        tol = 10.0 ** -decimals + 1e-9
        here = sentences.at(m.start())
        if here is None:
            continue
        s = here[0]
        lo = _paragraph_start(view, m.start())
        parts = _parts(view, s, m.start()) or []
        if not parts and s - 1 > lo:    # the done count may be in the sentence before, same paragraph
            before = sentences.at(s - 1)
            if before is not None:
                parts = _parts(view, max(lo, before[0]), s) or []
        done = [p for p in parts if p[0] == "done"]
        if not done:
            continue
        partial = sum(p[1] for p in parts if p[0] == "partial")
        skip = {p[2] for p in parts}
        found = _totals_before(view, lo, m.start(), skip)
        numerators = {done[0][1], done[0][1] + partial, sum(p[1] for p in done)}
        totals = [v for v, _, _ in found if v >= min(numerators)]
        if not totals or not any(u == done[0][4] for _, u, _ in found):
            continue            # nothing counted in the same unit as the done part: do not guess
        if any(abs(x / t * 100 - pct) <= tol for t in totals for x in numerators):
            continue
        t = totals[-1] if len(totals) == 1 else _problem_total(view, lo, m.start(), skip) or totals[0]
        x = done[0][1]
        actual = x / t * 100
        yield Evidence(m.start(), m.end(), case="rate",
                       params={"actual": f"{actual:.1f}", "stated": m.group(), "x": x, "t": t},
                       message=f"完成率与数字不符：已完成 {x} / 共 {t} = {actual:.1f}%，与“{m.group()}”不符。",
                       message_en=f"Completion rate: {x} done of {t} is {actual:.1f}%, not {pct_text}%.")


def _problem_total(view: str, lo: int, hi: int, skip: set[int]) -> int | None:
    best = None
    for m in _PROBLEMS.finditer(view, lo, hi):
        if m.start() not in skip:
            best = _int(m.group(1))
    return best


def _breakdowns(view: str, sentences: _Sentences):
    """已整改完成N个，正在整改M个 … whose parts do not add up to the total they divide."""
    seen: set[int] = set()
    for m in _NOT_DONE.finditer(view):
        if _COUNTED.search(view, max(0, m.start() - 12), m.end() + 12) is None:
            continue            # no count beside the word: not a part of a breakdown
        here = sentences.at(m.start())
        if here is None or here[0] in seen:
            continue
        s, e = here
        seen.add(s)
        parts = _parts(view, s, e)
        if not parts or len(parts) < 2:
            continue
        kinds = {p[0] for p in parts}
        if "done" not in kinds or not kinds & {"open", "partial"}:
            continue
        first = parts[0][2]
        lo = _paragraph_start(view, first)
        skip = {p[2] for p in parts}
        unit = parts[0][4]
        values = [v for v, u, _ in _totals_before(view, lo, first, skip) if u == unit]
        total_sum = sum(p[1] for p in parts)
        if not values or total_sum in values:
            continue
        if not any(v > max(p[1] for p in parts) for v in values):
            continue            # no total before the parts is big enough to be what they divide
        t = values[-1]
        desc = "＋".join(str(p[1]) for p in parts)
        yield Evidence(parts[0][2], parts[-1][3], params={"sum": total_sum, "total": t, "parts": desc, "parts_en": desc.replace("＋", " + ")},
                       case="sum",
                       message=f"分项之和与总数不符：{desc} = {total_sum}，而总数为 {t}。",
                       message_en=f"The parts ({desc.replace('＋', ' + ')} = {total_sum}) do not add up to the total {t}.")
