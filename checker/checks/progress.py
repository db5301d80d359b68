"""ZG101 deadline and ZG105 future-only: what an item reports as done, planned or ongoing.

The rectification text is read clause by clause, because a tense marker governs a clause, not
a fixed number of characters: in ``拟于2025年9月底前完成升级并正式上线`` the 拟 reaches the 完成
and the 上线, so neither is done work, however far from 拟 they stand. A clause is the text
between ``，；。：`` (sentences end at ``。；！？`` and line breaks; ``一是/二是`` start a new one).

Each clause gets its state from the lexicons of ``rules/lexicons/time.yaml``:

- ``plan_markers`` (将、拟、计划、力争、预计、下一步 …) open the clause; what follows the marker
  in the clause is planned, and so are the next clauses of the sentence that have no marker of
  their own (``将新增充电桩200个，改造管网12公里``: both planned);
- ``future_markers`` (正在、逐步、尽快、持续推进 …, and the plan markers again) open the
  clause (ongoing, not yet done; an ongoing-type word does not reach past its clause);
- ``completion_markers`` (已、了、先后、截至、…以来、…起) report done work wherever they stand;
- ``completion_results`` (verbs of completed events: 召开、印发、查处、纳入 …, unless a
  commitment adverb such as 切实、积极、年底前 goes before them) and ``counted_results``
  (``抽检312台``, ``由12个调整为7个``, ``正式投入运行``, ``修订《…》``) report done work when no
  plan governs them;
- ``standing_practices`` (每季度、定期、常态化 …): a routine, neither open nor a result;
- ``purpose_clauses`` (``…，不断提升…``, ``确保…``): a closing purpose, neither open nor a result.

The first sentence of a ``一是…`` measure that only names it (``二是加快发展…。`` followed by
what was done) and the lead sentence before ``一是`` are headings: their ongoing-type words
(加快、持续推进) do not open the item.

An item is done when one clause is done or its status field (整改状态、完成情况 …) says so; it
is open when one clause is open, when nothing is done, or when its status says the work goes
on, unless its status says it is finished. A time limit is a ``deadlines`` match in the
rectification (dates of past events excluded) or a time-limit field (整改时限 …) whose value
is a date or a bounded period (``time_limit_values``); ``长期坚持``、``立行立改`` are not.

Most items need no clause reading at all (see ``item_progress``); where it runs, it is linear
in the text: each sentence is read at most once per question, each lexicon scans it once.
"""
from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..engine.registry import Evidence, register
from ..model import Item, Notice
from ..parse.fields import STATUS_FIELDS
from ..parse.limits import MAX_SCAN
from ..parse.lines import RESULT_FIELDS

# clause and sentence boundaries on the folded view (，→,  ；→;  ：→:  ！→!  ？→?)
_BOUNDARY = re.compile(r"[,:;。!?\n\t]")
_SENTENCE_END = frozenset(";。!?\n\t")
_HEADING_END = re.compile(r"[。:]")
_HEADING_MAX = 40                      # characters of a measure's first sentence read as its heading
_DIGIT = re.compile(r"[0-9]")
_SPACE = " \u3000\r"

DEFAULT_TIME_LIMIT_FIELDS = ["整改时限", "完成时限", "整改期限", "时限要求", "办结时限", "完成时间", "整改完成时间",
                             "整改完成时限"]

@dataclass(slots=True)
class Clause:
    start: int                 # relative to the scanned rectification text
    end: int
    sentence: int
    framing: bool = False      # a measure heading or the lead sentence before 一是
    plan: int = -1             # position of the first plan marker, -1 if none
    ongoing: int = -1          # position of the first ongoing marker
    strong: bool = False       # 已 / 了 / 以来 … anywhere in the clause
    weak: list[int] = field(default_factory=list)   # positions of completed-event verbs (召开、印发…)
    counted: bool = False      # a counted result (抽检312台, 由…调整为…)
    standing: bool = False
    purpose: bool = False
    plan_word: str = ""        # the markers as printed (for the message)
    ongoing_word: str = ""


@dataclass(slots=True)
class Progress:
    """What one item reports: done work, open work (and the marker that opened it)."""

    done: bool
    open: bool | None          # None: not asked yet (see ``_settle``)
    marker: str                # the open marker as printed; "" when the item is open because nothing is done;
                               # _FIRST_PLAN / _FIRST_OPEN: the first plan / open marker, looked up for a message
    status: str | None         # "done" | "open" | None: what the item's status field says
    pending: tuple | None = None   # (item, text) for ``_settle``


# ------------------------------------------------------------------ clauses

def _clauses(view: str, start: int, end: int, framing: list[tuple[int, int]], breaks: list[int]) -> list[Clause]:
    """Clauses of ``view[start:end]`` (offsets relative to ``start``); ``breaks`` are extra
    sentence starts (measure markers)."""
    text = view[start:end]
    cuts: list[tuple[int, bool, int]] = [(m.start(), m.group() in _SENTENCE_END, 1)
                                         for m in _BOUNDARY.finditer(text)]
    if breaks:
        cuts.extend((b, True, 0) for b in breaks)
        cuts.sort()
    cuts.append((len(text), True, 0))
    clauses: list[Clause] = []
    sentence = 0
    pos = 0
    fi = 0
    for cut, ends_sentence, width in cuts:
        s, e = pos, cut
        while s < e and text[s] in _SPACE:
            s += 1
        while e > s and text[e - 1] in _SPACE:
            e -= 1
        if e > s:
            while fi < len(framing) and framing[fi][1] <= s:
                fi += 1
            inside = fi < len(framing) and framing[fi][0] <= s < framing[fi][1]
            clauses.append(Clause(s, e, sentence, framing=inside))
        if ends_sentence:
            sentence += 1
        pos = max(pos, cut + width)
    return clauses


def _breaks(item: Item, start: int, end: int) -> list[int]:
    """The starts of 一是-measures (sentence breaks), relative to ``start``."""
    return [m.span.start - start for m in item.measures if m.marker and start < m.span.start < end]


def _framing(item: Item, view: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Heading spans of 一是-measures and the lead before the first one (relative to ``start``),
    and the measure starts (sentence breaks)."""
    marked = [m for m in item.measures if m.marker]
    if not marked:
        return [], []
    spans: list[tuple[int, int]] = []
    breaks = [m.span.start - start for m in marked if start < m.span.start < end]
    first = marked[0].span.start
    lead = [m for m in item.measures if not m.marker and m.span.end <= first]
    if lead:
        spans.append((max(lead[0].span.start, start) - start, min(first, end) - start))
    for m in marked:
        body = m.span.start + len(m.marker or "")
        stop = min(m.span.end, end)
        found = _HEADING_END.search(view, body, min(stop, body + _HEADING_MAX + 1))
        if found is None:
            continue
        head_end = found.end()
        rest = view[head_end:stop].strip(" \u3000\r\n\t")
        if rest and not _DIGIT.search(view, body, head_end):
            spans.append((m.span.start - start, head_end - start))
    return spans, breaks


def _anchored(lexicon) -> re.Pattern[str] | None:
    """The lexicon's terms and patterns as one regex matched at a clause start (``re.match``):
    purpose clauses are recognised by how a clause begins, so there is nothing to scan."""
    if lexicon is None:
        return None
    parts = [re.escape(t) for t in sorted(lexicon.terms, key=len, reverse=True)] + [f"(?:{p})" for p in lexicon.patterns]
    return re.compile("|".join(parts)) if parts else None


def _classify(clauses: list[Clause], text: str, lexicons: dict, names: tuple[str, ...],
              purpose: re.Pattern[str] | None) -> None:
    """Fill each clause's markers from one scan of each lexicon of ``names`` over ``text``."""
    if not clauses:
        return
    starts = [c.start for c in clauses]

    def within(name: str):
        lexicon = lexicons.get(name)
        if lexicon is None or name not in names:
            return
        for s, e in lexicon.find(text):
            j = bisect_right(starts, s) - 1
            if j >= 0 and s < clauses[j].end:
                yield clauses[j], s, e

    for c, s, e in within("plan_markers"):
        if c.plan < 0 or s < c.plan or (s == c.plan and e - s > len(c.plan_word)):
            c.plan, c.plan_word = s, text[s:e]
    for c, s, e in within("future_markers"):
        if c.ongoing < 0 or s < c.ongoing or (s == c.ongoing and e - s > len(c.ongoing_word)):
            c.ongoing, c.ongoing_word = s, text[s:e]
    for c, _, _ in within("completion_markers"):
        c.strong = True
    for c, s, _ in within("completion_results"):
        c.weak.append(s)
    for c, _, _ in within("counted_results"):
        c.counted = True
    if any(c.weak or c.counted for c in clauses):
        for c, _, _ in within("standing_practices"):
            c.standing = True
    if purpose is not None:
        for c in clauses:
            if purpose.match(text, c.start, c.end):
                c.purpose = True


def _decide(clauses: list[Clause]) -> tuple[bool, bool, str]:
    """(done, open, first open marker) of an item's clauses, with plan scope over the sentence."""
    done = opened = False
    marker = ""
    planned_sentence = -1             # the sentence whose plan still governs unmarked clauses
    first_of_sentence = -1
    for c in clauses:
        if c.sentence != first_of_sentence:
            first_of_sentence = c.sentence
            index = 0
        else:
            index += 1
        purpose = c.purpose and index > 0
        ongoing = c.ongoing if not (c.framing or purpose) else -1
        own = c.plan >= 0 or ongoing >= 0 or c.strong or c.standing
        inherited = not own and planned_sentence == c.sentence
        if c.plan >= 0 or inherited:
            planned_sentence = c.sentence
        elif own:
            planned_sentence = -1
        is_open = c.plan >= 0 or ongoing >= 0 or inherited
        if is_open and not opened:
            opened = True
            if c.plan >= 0 and (ongoing < 0 or c.plan <= ongoing):
                marker = c.plan_word
            elif ongoing >= 0:
                marker = c.ongoing_word
        if c.strong:
            done = True
        elif not (inherited or purpose or c.standing):
            # an event verb before the clause's open marker is done (完成…并将…); a count there is
            # the subject of the open work (3个项目正在施工), so counts need a clause with none
            limit = min(p for p in (c.plan, ongoing, c.end + 1) if p >= 0)
            if any(w < limit for w in c.weak) or (c.counted and not is_open):
                done = True
    return done, opened, marker


# ------------------------------------------------------------------ items

_ALL = ("plan_markers", "future_markers", "completion_markers", "completion_results", "counted_results",
        "standing_practices")
_NOT_STRONG = ("plan_markers", "future_markers", "completion_results", "counted_results", "standing_practices")
_PURPOSE = "purpose_clauses:anchored"     # the purpose clauses as one regex (``_anchored``)


@lru_cache(maxsize=8)          # a few stores at most: a process may load rule set after rule set
def _lexicons(store) -> dict:
    """The lexicons of these rules by name, and under ``_PURPOSE`` the anchored purpose regex."""
    lexicons: dict = {name: store.get(name) for name in (*_ALL, "purpose_clauses") if name in store}
    lexicons[_PURPOSE] = _anchored(lexicons.get("purpose_clauses"))
    return lexicons


def _any_open(lexicons: dict, text: str) -> bool:
    """Whether an open marker (plan or ongoing-type) stands anywhere in ``text``: future_markers
    holds them all, plan_markers only those whose scope reaches beyond their clause."""
    lexicon = lexicons.get("future_markers")
    return lexicon is not None and lexicon.holds(text, 1, None)


def _first_open(lexicons: dict, text: str, names: tuple[str, ...]) -> str:
    """The first plan (or ongoing-type) marker of ``text`` as printed, for a message."""
    found = [span for name in names if name in lexicons for span in lexicons[name].find(text)[:1]]
    if not found:
        return ""
    s, e = min(found)
    return text[s:e]


def _field_value(item: Item, names: list[str]):
    for name in names:
        span = item.fields.get(name)
        if span is not None and span.end > span.start:
            return span
    return None


def _status(notice: Notice, item: Item, names: list[str], store) -> str | None:
    """What the item's status field says: "done", "open", or None (no field, or neither)."""
    span = _field_value(item, names)
    if span is None:
        return None
    value = notice.view[span.start:min(span.end, span.start + 200)]
    if "status_open" in store and store.get("status_open").holds(value, 1, None):
        return "open"
    if "status_done" in store and store.get("status_done").holds(value, 1, None):
        return "done"
    return None


_FIRST_PLAN = "\x00plan"      # Progress.marker: the item's first plan marker, looked up for a message
_FIRST_OPEN = "\x00open"      # Progress.marker: the item's first plan or ongoing marker, likewise


def item_progress(notice: Notice, item: Item, ctx, status_fields: list[str] | None = None,
                  full: bool = False, view: str | None = None) -> Progress | None:
    """Done / open work of one item (None when it has no rectification text).

    A status field that says the item is finished decides alone. Otherwise the clause reading
    runs only where it can change the answer, so most items cost two or three early-stopping
    lexicon tests (``holds``):

    - done work beyond doubt (已、了、…以来) and no open marker: done, not open;
    - done work beyond doubt and open markers: done; open when a plan marker is there (plan
      markers always open) or an ongoing-type word stands outside headings and purpose
      clauses — asked only when ZG101 needs it (no time limit in the item, ``_settle``);
    - no sure evidence of done work and no open marker: done when one piece of weak evidence
      stands outside routines and purpose clauses (only those clauses are read), else open;
    - no sure evidence and open markers: the sentences holding weak evidence are read clause by
      clause, with plan scope, until one reports done work (plan scope never crosses a
      sentence); if one does, open as above (asked only when needed), else open.

    A status field saying the work goes on makes the item open. ``full`` always reads every
    clause and settles every question (the shortcuts give the same answer; tests check it).
    """
    rect = item.rectification
    if rect is None or rect.end <= rect.start:
        return None
    store = ctx.lexicons
    status = _status(notice, item, status_fields or STATUS_FIELDS, store) if item.fields else None
    if status == "done":
        return Progress(done=True, open=False, marker="", status=status)
    lexicons = _lexicons(store)
    start, end = rect.start, min(rect.end, rect.start + MAX_SCAN)
    view = reading_view(notice) if view is None else view
    text = view[start:end] + "\n"        # every scanned text ends with a break (a count closing it)
    forced = status == "open"

    if not full:
        sure = lexicons.get("completion_markers")
        strong = sure is not None and sure.holds(text, 1, None)
        anyopen = _any_open(lexicons, text)
        if strong:
            if not anyopen:
                return Progress(done=True, open=forced, marker="", status=status)
            if forced:
                return Progress(done=True, open=True, marker=_FIRST_OPEN, status=status)
            return Progress(done=True, open=None, marker="", status=status, pending=(item, text))
        if not anyopen:
            hit = _local_hit(text, lexicons, ("completion_results", "counted_results"), [],
                             _breaks(item, start, end), framing_counts=True)
            return Progress(done=bool(hit), open=forced or not hit, marker="", status=status)
        framing, breaks = _framing(item, view, start, end)
        if not _sentence_done(view, start, text, lexicons, framing, breaks):
            return Progress(done=False, open=True, marker=_FIRST_OPEN, status=status)
        if forced:
            return Progress(done=True, open=True, marker=_FIRST_OPEN, status=status)
        return Progress(done=True, open=None, marker="", status=status, pending=(item, text))
    framing, breaks = _framing(item, view, start, end)
    clauses = _clauses(view, start, end, framing, breaks)
    purpose = lexicons[_PURPOSE]
    _classify(clauses, text, lexicons, _ALL, purpose)
    done, opened, marker = _decide(clauses)
    return Progress(done=done, open=opened or forced or not done, marker=marker, status=status)


def _sentence_done(view: str, start: int, text: str, lexicons: dict, framing: list[tuple[int, int]],
                   breaks: list[int]) -> bool:
    """Whether one sentence reports done work, read clause by clause (plan scope never crosses a
    sentence): only the sentences holding candidate evidence are read, each once, in order,
    until one is done. ``text`` is the rectification from ``start`` in ``view``."""
    purpose = lexicons[_PURPOSE]
    standing = lexicons.get("standing_practices")
    heads = [a for a, _ in framing]
    last = [0, -1, False]                   # the last sentence read: start, end, done

    def done_here(pos: int, stop: int) -> bool:
        if last[0] <= pos < last[1]:
            return last[2]
        s, e, _ = _around(text, pos, breaks, _ENDS)
        # no open marker in the sentence up to the candidate's clause: only that clause matters
        # (the clause lies inside the sentence: every sentence end is a clause boundary too)
        c, ce, _ = _around(text, pos, breaks, _CUT)
        if not _any_open(lexicons, text[s:ce]):
            first = c == s
            while c < ce and text[c] in _SPACE:
                c += 1
            if not ((not first and purpose is not None and purpose.match(text, c, ce)) or
                    (standing is not None and standing.holds(text[c:ce], 1, None))):
                return True
        lo, hi = bisect_right(heads, s) - 1, bisect_right(heads, e)
        shifted = [(a - s, b - s) for a, b in framing[max(lo, 0):hi] if b > s and a < e]
        inner = breaks[bisect_right(breaks, s):bisect_right(breaks, e - 1)]
        inner = [b - s for b in inner]
        clauses = _clauses(view, start + s, start + e, shifted, inner)
        _classify(clauses, text[s:e] + "\n", lexicons, _NOT_STRONG, purpose)
        last[:] = [s, e, _decide(clauses)[0]]
        return last[2]

    for name in ("completion_results", "counted_results"):
        lexicon = lexicons.get(name)
        if lexicon is not None and lexicon.holds(text, 1, done_here):
            return True
    return False


def _settle(notice: Notice, p: Progress, ctx) -> Progress:
    """Whether a done item is also open (asked only when the answer matters): a plan marker
    anywhere opens it; ongoing-type words open it unless each stands in a heading or a purpose
    clause."""
    if p.open is not None or p.pending is None:
        return p
    item, text = p.pending
    lexicons = _lexicons(ctx.lexicons)
    plan = lexicons.get("plan_markers")
    if plan is not None and plan.holds(text, 1, None):
        p.open, p.marker, p.pending = True, _FIRST_PLAN, None
        return p
    rect = item.rectification
    framing, breaks = _framing(item, notice.view, rect.start, min(rect.end, rect.start + MAX_SCAN))
    hit = _local_hit(text, lexicons, ("future_markers",), framing, breaks, framing_counts=False)
    p.open, p.marker, p.pending = bool(hit), hit, None
    return p


_CUT = frozenset(",:;。!?\n\t")
_ENDS = frozenset(";。!?\n\t")


def _around(text: str, pos: int, breaks: list[int], stops: frozenset) -> tuple[int, int, bool]:
    """(start, end) of the clause (``stops`` = _CUT) or sentence (_ENDS) of ``text`` around
    ``pos``, never crossing a measure break; and whether it starts at a break."""
    k = bisect_right(breaks, pos)
    floor = breaks[k - 1] if k > 0 else 0
    ceiling = breaks[k] if k < len(breaks) else len(text)
    s = pos
    while s > floor and text[s - 1] not in stops:
        s -= 1
    e = pos
    while e < ceiling and text[e] not in stops:
        e += 1
    return s, e, k > 0 and floor == s


def _local_hit(text: str, lexicons: dict, names: tuple[str, ...], framing: list[tuple[int, int]],
               breaks: list[int], framing_counts: bool) -> str:
    """The first match of the lexicons ``names`` that stands in a clause that lets it count: not a
    purpose clause after the first of its sentence, not a routine (``standing_practices``), and,
    unless ``framing_counts``, not a heading ("" if none). The lexicons are asked lazily
    (``holds`` with a test of each candidate), and only the clauses of the candidates are read,
    each once."""
    purpose = lexicons[_PURPOSE]
    standing = lexicons.get("standing_practices")
    heads = [a for a, _ in framing]
    last = [0, -1, False]                   # the last clause judged: start, end, whether matches there count
    hit: list[str] = []

    def counts(pos: int, stop: int) -> bool:
        if not framing_counts:
            k = bisect_right(heads, pos) - 1
            if k >= 0 and pos < framing[k][1]:
                return False
        if last[0] <= pos < last[1]:
            verdict = last[2]
        else:
            s, e, at_break = _around(text, pos, breaks, _CUT)
            c = s
            while c < e and text[c] in _SPACE:
                c += 1
            first = c == 0 or at_break or text[c - 1] in _ENDS
            verdict = not ((not first and purpose is not None and purpose.match(text, c, e)) or
                           (framing_counts and standing is not None and standing.holds(text[c:e], 1, None)))
            last[:] = [s, e, verdict]
        if verdict:
            hit.append(text[pos:stop])
        return verdict

    for name in names:
        lexicon = lexicons.get(name)
        if lexicon is not None and lexicon.holds(text, 1, counts):
            return hit[-1]
    return ""


# one notice's analysis, shared by the two rules (they run one after the other on a notice)
_CACHE: dict = {"ref": None, "key": None, "value": None}


def reading_view(notice: Notice) -> str:
    """The notice's view with the labelled fields that state no action and no result blanked
    (整改目标：…, 责任单位：…, 整改完成时间：…): a goal is not done work, and the words of a field
    name (整改完成时间) are not a report of completion. Same length as the view; the view itself
    when no item has such a field."""
    spans = [m.span for item in notice.items for m in item.measures
             if m.attribute is not None and m.attribute not in RESULT_FIELDS]
    view = notice.view
    if not spans:
        return view
    parts, pos = [], 0
    for span in sorted(spans):
        if span.start >= pos:
            parts.append(view[pos:span.start])
            parts.append(" " * (span.end - span.start))
            pos = span.end
    parts.append(view[pos:])
    return "".join(parts)


def _analysis(notice: Notice, ctx, status_fields: list[str]) -> dict[int, Progress]:
    key = (id(ctx.lexicons), tuple(status_fields))
    ref = _CACHE["ref"]
    if ref is not None and ref() is notice and _CACHE["key"] == key:
        return _CACHE["value"]
    value = {}
    view = reading_view(notice)
    for item in notice.items:
        p = item_progress(notice, item, ctx, status_fields, view=view)
        if p is not None:
            value[item.index] = p
    _CACHE.update(ref=weakref.ref(notice), key=key, value=value)
    return value


def _has_time_limit(notice: Notice, item: Item, ctx, fields: list[str]) -> bool:
    store = ctx.lexicons
    if item.fields and "time_limit_values" in store:
        values = store.get("time_limit_values")
        for name in fields:
            span = item.fields.get(name)
            if span is not None and span.end > span.start and \
                    values.holds(notice.view[span.start:min(span.end, span.start + 200)], 1, None):
                return True
    rect = item.rectification
    if rect is None or "deadlines" not in store:
        return False
    return store.get("deadlines").holds(notice.view[rect.start:min(rect.end, rect.start + MAX_SCAN)], 1, None)


@register("open-work-without-deadline")
def open_work_without_deadline(notice: Notice, ctx):
    """ZG101: open work in the item and no concrete time limit anywhere in it."""
    status_fields = list(ctx.options.get("status_fields", STATUS_FIELDS))
    limit_fields = list(ctx.options.get("time_limit_fields", DEFAULT_TIME_LIMIT_FIELDS))
    progress = _analysis(notice, ctx, status_fields)
    example: str | None = None
    for item in notice.items:
        p = progress.get(item.index)
        if p is None or p.open is False or _has_time_limit(notice, item, ctx, limit_fields):
            continue
        if not _settle(notice, p, ctx).open:
            continue
        rect = item.rectification
        marker = p.marker
        if marker in (_FIRST_PLAN, _FIRST_OPEN):
            names = ("plan_markers",) if marker == _FIRST_PLAN else ("future_markers",)
            marker = _first_open(_lexicons(ctx.lexicons), notice.view[rect.start:min(rect.end, rect.start + MAX_SCAN)],
                                 names)
        if example is None:
            example = example_limit(notice)     # once per notice, and only when an item is flagged
        params = {"example": example}
        if marker:
            clause = open_clause(notice, rect, marker)
            # a one-character marker (正 of 正在…) says nothing quoted alone: quote its clause's start
            shown = marker if len(marker) > 1 or not clause else clause[:8] + ("…" if len(clause) > 8 else "")
            msg = f"该事项仍有未完成的整改工作（“{shown}”），但没有写明完成时限。"
            msg_en = f"The item has open rectification work (“{shown}”) but states no time limit for it."
            case = "open"
            params["clause"] = clause
        elif p.status == "open":
            msg = "该事项的整改状态为未完成，但没有写明完成时限。"
            msg_en = "The item's status says the work goes on, but no time limit is stated."
            case = "status"
        else:
            msg = "该事项没有报告任何已完成的整改工作，也没有写明完成时限。"
            msg_en = "The item reports no completed work and states no time limit."
            case = "nothing-done"
        yield Evidence(rect.start, rect.end, item=item.index, message=msg, message_en=msg_en, case=case,
                       params=params)


_YEAR = re.compile(r"(20\d\d)年")


def example_limit(notice: Notice) -> str:
    """A time limit in the form a drafter can copy, dated after the latest year the notice names
    (a suggestion, not a finding: it only shows the form)."""
    years = [int(y) for y in _YEAR.findall(notice.text[:20000])]
    return f"{max(years) + 1}年6月底前" if years else "3个月内"


def open_clause(notice: Notice, rect, marker: str) -> str:
    """The open commitment's first words, from its marker (正在推进物资仓库改造): where the time limit goes."""
    from ..engine.suggest import first_words

    pos = notice.view.find(marker, rect.start, rect.end)
    return first_words(notice.text[pos:rect.end] if pos >= 0 else notice.text[rect.start:rect.end], 12)


@register("no-completed-work")
def no_completed_work(notice: Notice, ctx):
    """ZG105: no clause of the item reports done work, and no status field says it is done."""
    status_fields = list(ctx.options.get("status_fields", STATUS_FIELDS))
    progress = _analysis(notice, ctx, status_fields)
    for item in notice.items:
        p = progress.get(item.index)
        if p is None or p.done:
            continue
        rect = item.rectification
        yield Evidence(rect.start, rect.end, item=item.index)
