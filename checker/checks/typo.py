"""typo: doubled function characters, empty quotes, unbalanced brackets, paragraphs without closing punctuation.

Brackets and quotes are checked in the whole document — title, preamble, heads, problem
statements, rectifications, the organisation and 下一步 sections, the contact line — except
web-page clutter (reported as structure), one paragraph (line) at a time: a bracket opened in
one paragraph and closed in another is unbalanced. Pairs: （）/(), “”, ‘’, 《》, 【】, 〔〕, 〈〉
(「」『』 are folded to “”‘’ in the view). Nesting is followed with a stack; a closer that
does not close the innermost opener closes the nearest open one of its kind (a crossing such
as “（…”） is not a missing mark). Reported: an opener never closed in its paragraph (pointing
at the opener), and a closer with no opener. A contiguous run of the same doubled character
(将将将将) or of the same stray closer (》》》》) is one typo site: one finding over the run.

Not reported, because they are not typos: list labels closed by a bracket alone (``1)``,
``a)``, ``二）`` at a line start or after punctuation); emoticons (``:)``, ``:-(``); brackets
inside web addresses; ``’``/``”`` after a digit or between Latin letters (primes, apostrophes);
the closer of a bracket whose opener was already reported as unclosed in the paragraph before.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..engine.registry import Evidence, register
from ..parse.lines import MEASURE_FIELDS

_EMPTY_QUOTES = re.compile(r"“\s*”|‘\s*’|《\s*》|\(\s*\)")
_PAIRS = {"(": ")", "“": "”", "‘": "’", "《": "》", "【": "】", "〔": "〕", "〈": "〉"}
_CLOSING = {right: left for left, right in _PAIRS.items()}
# the partner of a mark as printed (full-width with full-width, corner quotes with corner quotes)
_SHOWN = {"（": "）", "）": "（", "(": ")", ")": "(", "「": "」", "」": "「", "『": "』", "』": "『", "﹙": "﹚", "﹚": "﹙"}
_MARKS = re.compile(r"[()“”‘’《》【】〔〕〈〉]")
_MARKS_NL = re.compile(r"[()“”‘’《》【】〔〕〈〉\n]")
_CLOSERS = "。！？!?；;…”’）)】》:："
# what may stand before a closer that closes a list label, not a bracket: a number, a letter, a
# roman or Chinese numeral, at the line start or after punctuation (view: folded to half-width)
_LABEL_BEFORE = r"(?:^|[\s:;,。、.])(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4}|[一二三四五六七八九十]{1,3}|[\u2460-\u2473])\s*$"
_EMOTICON_BEFORE = r"[:;=][-'o^]?$"
_URL = r"(?:https?://|www\.)[^\s\u3000-\u303f\u4e00-\u9fff，。；]+"
_WINDOW = 8          # characters before a mark that the label and emoticon tests look at


@lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern[str]:
    """Patterns of the rare paths, compiled when first needed (start-up time)."""
    return re.compile(pattern)


@register("typo")
def typo(notice, ctx):
    view = notice.view
    doubled = ctx.lexicons.get("typo_doubled") if "typo_doubled" in ctx.lexicons else None
    if doubled is not None:
        yield from _doubled_runs(notice, doubled.find(view))
    clutter = [sec.span for sec in notice.sections if sec.kind == "clutter"]
    for m in _EMPTY_QUOTES.finditer(view):
        if any(c.start <= m.start() < c.end for c in clutter):    # web-page text is reported as structure
            continue
        yield Evidence(m.start(), m.end(), message="引号或括号中没有内容（可能有文字丢失）。",
                       message_en="Empty quotation marks or brackets (text lost?).", case="empty",
                       params={"found": notice.text[m.start():m.end()],
                               "kind": _KIND.get(notice.text[m.start()], "括号"),
                               "kind_en": _KIND_EN.get(notice.text[m.start()], "brackets"),
                               "before": _around(notice.text, max(0, m.start() - _AROUND), m.start(),
                                                 before=True)})
    yield from _unbalanced(notice, clutter)
    labelled = [i for i in notice.items if i.label]
    for a, b in zip(labelled, labelled[1:]):
        rect = a.rectification
        if rect is None or rect.end <= rect.start or a.index + 1 != b.index:
            continue
        tail = notice.text[rect.start:rect.end].rstrip()
        end = rect.start + len(tail)
        if _ends_in_field_or_cell(notice, a, end):
            continue                    # 责任单位：县财政局 / a table cell: a value, not a sentence
        if tail and tail[-1] not in _CLOSERS and "\u4e00" <= tail[-1] <= "\u9fff":
            yield Evidence(max(rect.start, end - 12), end, item=a.index,
                           message="段落结尾缺少句末标点。", message_en="The paragraph ends without closing punctuation.",
                           case="no-end", severity="info", params={"tail": notice.text[max(rect.start, end - 8):end]})


_KIND = {"“": "引号", "‘": "引号", "《": "书名号"}
_KIND_EN = {"“": "quotation marks", "‘": "quotation marks", "《": "title marks"}
_AROUND = 10


def _around(text: str, lo: int, hi: int, before: bool) -> str:
    """Up to ten characters of ``text[lo:hi]`` next to a mark (those before it, or after it),
    within the clause, so a suggestion can say where the mark stands."""
    # only the ten characters next to the mark can be shown: reading no further keeps one
    # finding's cost fixed on a paragraph of thousands of stray marks (issue 22.3)
    part = text[max(lo, hi - _AROUND):hi] if before else text[lo:min(hi, lo + _AROUND)]
    stops = "，。；：！？\n"
    if before:
        cut = max(part.rfind(ch) for ch in stops)
        return part[cut + 1:]
    cuts = [i for i in (part.find(ch) for ch in stops) if i >= 0]
    return part[:min(cuts)] if cuts else part


_RUN_SHOWN = 12      # characters of a run quoted in full; a longer run is quoted by its start and its length


def _doubled_runs(notice, matches):
    """One finding per doubling, and one for a whole run of the same unit (已已已, 将将将将,
    整改整改整改): a run is one typo site, whose fix is the unit written once. The matches
    overlap inside a run (将将 at every position), so a run is read on from its first match
    to its end in one regex call and the matches inside it are passed over."""
    view, text = notice.view, notice.text
    run_end = -1
    for s, e in matches:
        if s < run_end:
            continue                        # inside the run reported just before
        found = text[s:e]
        unit = _repeated_unit(view[s:e])
        end = _unit_run(unit).match(view, e).end()
        fixed = _undoubled(found)
        run_end = end
        if end == e:                        # the doubling alone, as the lexicon found it
            yield Evidence(s, e, message=f"重复用字：“{found}”。",
                           message_en=f"Duplicated character: {found!r}.", case="doubled",
                           params={"found": found, "fixed": fixed})
            continue
        count = (end - s) // len(unit)
        shown = _shown_run(text[s:end])
        written = text[s:s + len(unit)]
        yield Evidence(s, end, message=f"重复用字：“{shown}”，“{written}”连写{count}次。",
                       message_en=f"Duplicated characters: {shown!r}, {written!r} written {count} times.",
                       case="doubled-run", params={"found": shown, "unit": written, "count": count, "fixed": fixed})


def _repeated_unit(found: str) -> str:
    """已已 → 已, 整改整改 → 整改, 等等等 → 等: what a doubling repeats."""
    half = len(found) // 2
    if len(found) % 2 == 0 and found[:half] == found[half:]:
        return found[:half]
    return found[-1]


@lru_cache(maxsize=64)
def _unit_run(unit: str) -> re.Pattern[str]:
    return re.compile(f"(?:{re.escape(unit)})*+")


def _shown_run(run: str) -> str:
    """A run as quoted in a message: whole when short, else its start and an ellipsis."""
    return run if len(run) <= _RUN_SHOWN else run[:_RUN_SHOWN - 2] + "……"


def _undoubled(found: str) -> str:
    """已已 → 已, 整改整改 → 整改: the text with its repetition dropped."""
    half = len(found) // 2
    if len(found) % 2 == 0 and found[:half] == found[half:]:
        return found[:half]
    return found[:-1] if len(found) > 1 and found[-1] == found[-2] else found


def _ends_in_field_or_cell(notice, item, end: int) -> bool:
    """Whether the item's text ends in a labelled field's value or a table cell (issue: fields
    never raise typo findings by themselves)."""
    line_start = notice.text.rfind("\n", 0, end) + 1
    if "\t" in notice.text[line_start:end]:
        return True
    return any(span.start >= line_start and span.end <= end for name, span in item.fields.items()
               if name not in MEASURE_FIELDS and notice.text.rfind("\n", 0, span.start) + 1 == line_start)


def _bad_lines(view: str) -> list[int]:
    """Indexes of the lines (paragraphs) whose marks do not simply nest and close: the marks and
    newlines come from one scan in C, and a line is dropped at its first surprise; only these
    lines are walked with the full rules (labels, emoticons, crossings, the paragraph before)."""
    line, stack, bad, dirty = 0, [], [], False
    for mark in _MARKS_NL.findall(view):
        if mark == "\n":
            if stack or dirty:
                bad.append(line)
                stack, dirty = [], False
            line += 1
        elif dirty:
            continue
        elif mark in _PAIRS:
            stack.append(mark)
        elif stack and stack[-1] == _CLOSING[mark]:
            stack.pop()
        else:
            dirty = True
    if stack or dirty:
        bad.append(line)
    return bad


def _unbalanced(notice, clutter):
    """Openers never closed in their paragraph, and closers with no opener, outside web clutter."""
    view = notice.view
    bad = _bad_lines(view)
    if not bad:
        return                              # every mark is in a balanced pair: nothing to walk
    starts = [0]
    pos = view.find("\n")
    while pos >= 0 and len(starts) <= bad[-1]:
        starts.append(pos + 1)
        pos = view.find("\n", pos + 1)
    skip = sorted((c.start, c.end) for c in clutter)
    if "://" in view or "www." in view:
        skip = sorted(skip + [(m.start(), m.end()) for m in _rx(_URL).finditer(view)])
    skip_starts = [s for s, _ in skip]
    items = notice.items
    item_starts = [it.span.start for it in items]

    def skipped(at: int) -> bool:
        k = bisect_right(skip_starts, at) - 1
        return k >= 0 and at < skip[k][1]

    def item_at(at: int) -> int | None:
        k = bisect_right(item_starts, at) - 1
        return items[k].index if k >= 0 and at < items[k].span.end else None

    found: list[Evidence] = []
    carried: list[str] = []                  # marks the paragraph before left open (reported there)
    last_end = -1
    for k in bad:
        start = starts[k]
        end = view.find("\n", start)
        end = len(view) if end < 0 else end
        if end > start and view[end - 1] == "\r":
            end -= 1                         # CRLF: the paragraph (and any evidence in it) ends before the CR
        if last_end < 0 or view[last_end:start].strip():
            carried = []                     # not the paragraph right after the last one walked
        carried = _walk(notice, view, start, end, carried, skipped if skip else None, item_at, found)
        last_end = end
    found.sort(key=lambda ev: ev.start)
    found.reverse()                          # handed out from the end, so each is freed once used
    while found:
        yield found.pop()


def _walk(notice, view, start, end, carried, skipped, item_at, found) -> list[str]:
    """One paragraph: report its unclosed openers and stray closers; return the openers left open."""
    stack: list[tuple[str, int]] = []        # open marks: (mark, offset)
    carried = list(carried)
    run: list[int] | None = None             # the last stray closer, or run of the same one: [start, end)
    for m in _MARKS.finditer(view, start, end):
        ch, pos = m.group(), m.start()
        if skipped is not None and skipped(pos):
            continue
        # a window that does not reach the line start gets a non-boundary character first, so a
        # label test anchored at ^ means the line start
        before = "x" + view[pos - _WINDOW:pos] if pos - _WINDOW > start else view[start:pos]
        if ch in _PAIRS:
            if ch == "(" and _rx(_EMOTICON_BEFORE).search(before) and not view[pos + 1:pos + 2].isalnum():
                continue                     # :-(
            stack.append((ch, pos))
            continue
        left = _CLOSING[ch]
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == left:          # the nearest open one of its kind (a crossing is no typo)
                del stack[k]
                break
        else:
            if left in carried:
                carried.remove(left)         # the paragraph before left it open: reported there
            elif not _not_a_closer(ch, pos, before, view):
                if run is not None and run[1] == pos and notice.text[pos] == notice.text[run[0]]:
                    run[1] = pos + 1             # the same stray mark again: one run, one finding
                    continue
                if run is not None:
                    found.append(_stray(notice, start, run[0], run[1], item_at))
                run = [pos, pos + 1]
    if run is not None:
        found.append(_stray(notice, start, run[0], run[1], item_at))
    reported: set[str] = set()
    for ch, pos in stack:                    # outermost first; one finding per kind of mark
        if ch in reported:
            continue
        reported.add(ch)
        right = _SHOWN.get(notice.text[pos], _PAIRS[ch])
        item = item_at(pos)
        stop = min(end, pos + 10)
        if item is not None:                 # a line cut at a mid-line 整改情况: holds two items
            stop = min(stop, notice.items[item].span.end)
        found.append(Evidence(pos, stop, item=item, params={"mark": notice.text[pos], "pair": right,
                                      "after": _around(notice.text, pos + 1, end, before=False)},
                              case="unclosed",
                              message=f"成对标点缺失：“{notice.text[pos]}”在本段内没有对应的“{right}”。",
                              message_en=f"Unbalanced punctuation: {notice.text[pos]!r} is never closed in its paragraph."))
    return [ch for ch, _ in stack]


def _stray(notice, start: int, first: int, end: int, item_at) -> Evidence:
    """A closer with no opener at ``first``, or a run of the same one up to ``end`` (》》》》:
    one typo site, reported once)."""
    mark = notice.text[first]
    shown = _SHOWN.get(mark, _CLOSING[notice.view[first]])
    before = _around(notice.text, start, first, before=True)
    item = item_at(first)
    lo = max(start, first - 8)
    if item is not None:                     # not back into the item before (a line cut at 整改情况:)
        lo = max(lo, notice.items[item].span.start)
    span = (lo, end)
    count = end - first
    if count == 1:
        return Evidence(*span, item=item, params={"mark": mark, "pair": shown, "before": before},
                        case="stray", message=f"成对标点缺失：“{mark}”前没有对应的“{shown}”。",
                        message_en=f"Unbalanced punctuation: {mark!r} without {_CLOSING[notice.view[first]]!r}.")
    return Evidence(*span, item=item, params={"mark": mark, "pair": shown, "before": before, "count": count},
                    case="stray-run", message=f"成对标点缺失：连续{count}个“{mark}”前都没有对应的“{shown}”。",
                    message_en=f"Unbalanced punctuation: {count} {mark!r} in a row without {_CLOSING[notice.view[first]]!r}.")


def _not_a_closer(ch: str, pos: int, before: str, view: str) -> bool:
    """A closing mark that closes no bracket: a list label, an emoticon, a prime or an apostrophe."""
    if ch == ")":
        return bool(_rx(_LABEL_BEFORE).search(before) or _rx(_EMOTICON_BEFORE).search(before))
    if ch in "’”" and before:
        prev = before[-1]
        if prev.isdigit():
            return True                 # 5’30” : minutes and seconds
        nxt = view[pos + 1:pos + 2]
        if ch == "’" and prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha():
            return True                 # an apostrophe in Latin text
    return False
