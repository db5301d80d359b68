"""numbering: labels at one level that skip, repeat or go backwards (restarts at 1 are allowed),
and labels of one level printed with different separators (``1.`` on most items, ``3、`` on one).

Separators are read from the label as printed (``NumberLabel.text``) on its folded form, so
``(一)`` and ``（一）`` or ``1.`` and ``1．`` are the same label in half and full width, not a mix.
A level is the labels of one style at one level of one section (the parser's ``section``,
``level`` and ``style``). The separator most of them use is the document's convention; on a
tie, the one GB/T 9704-2012 prescribes for that style (``一、`` ``（一）`` ``1.`` ``（1）``).

A mixed level is reported once, at the first label that departs from the convention, with
every other departing label as a related span and counted in the message: the fix is one
decision (which separator the document uses), so one finding per level, not one per label.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..engine.registry import Evidence, register
from ..model import Span
from ..textnorm import fold

_CN = "〇一二三四五六七八九十"
# what is left of a label once its numeral and blanks are gone: its brackets and separator
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百零〇两\u2460-\u2473\s]+")
# GB/T 9704-2012 forms, by style (the separator that wins a tie)
_STANDARD = {"cn-dun": "、", "cn-paren": "()", "num-dot": ".", "num-paren": "()"}


def _show(style: str, value: int) -> str:
    cn = _CN[value] if value <= 10 else str(value)
    return {"cn-dun": f"{cn}、", "cn-paren": f"({cn})", "num-dot": f"{value}.", "num-paren": f"({value})",
            "num-word": f"问题{value}", "num-rparen": f"{value})",
            "circled": chr(0x2460 + value - 1) if 0 < value <= 20 else str(value)}.get(style, str(value))


_SEPARATORS: dict[str, str] = {}     # label text → its brackets and separator (label texts repeat)


def _separator(label) -> str:
    sep = _SEPARATORS.get(label.text)
    if sep is None:
        if len(_SEPARATORS) > 4096:
            _SEPARATORS.clear()
        sep = _SEPARATORS[label.text] = _NUMERAL.sub("", fold(label.text))
    return sep


@register("numbering-sequence")
def numbering_sequence(notice, ctx):
    yield from _sequence(notice)
    yield from _mixed_separators(notice)


def _sequence(notice):
    last: dict[tuple[str, str], object] = {}
    for label in notice.labels:
        key = (label.section, label.style)
        prev = last.get(key)
        last[key] = label
        if prev is None:
            expected_ok = label.value == 1
            expected = 1
        else:
            same_parent = prev.parent == label.parent
            expected = prev.value + 1
            expected_ok = label.value == expected or label.value == 1 or \
                (not same_parent and label.value == 1)
        if expected_ok:
            continue
        kind = "重复" if prev is not None and label.value == prev.value else (
            "倒退" if prev is not None and label.value < prev.value else "不连续")
        yield Evidence(label.span.start, label.span.end,
                       params={"found": label.text, "expected": _show(label.style, expected), "kind": kind},
                       case="sequence",
                       message=f"序号{kind}：此处为 {label.text}，按顺序应为 {_show(label.style, expected)}。",
                       message_en=f"Numbering {'repeats' if kind == '重复' else 'goes backwards' if kind == '倒退' else 'skips'}: "
                                  f"found {label.text}, expected {_show(label.style, expected)}.")


def _mixed_separators(notice):
    forms: dict[tuple[str, int, str], set] = defaultdict(set)
    for label in notice.labels:
        forms[(label.section, label.level, label.style)].add(_SEPARATORS.get(label.text) or _separator(label))
    found = []
    for key, seen in forms.items():
        if len(seen) < 2:
            continue                        # one form at this level (the usual case)
        style = key[2]
        labels = [lb for lb in notice.labels if (lb.section, lb.level, lb.style) == key]
        seps = [_separator(lb) for lb in labels]
        counts = Counter(seps)
        top = max(counts.values())
        leaders = [s for s, c in counts.items() if c == top]
        usual = leaders[0] if len(leaders) == 1 else (
            _STANDARD[style] if _STANDARD.get(style) in leaders else next(s for s in seps if s in leaders))
        odd = [lb for lb, sep in zip(labels, seps) if sep != usual]
        first = odd[0]
        usual_shown = next(lb.text for lb, sep in zip(labels, seps) if sep == usual)
        others = "、".join(lb.text for lb in odd[1:6]) + ("等" if len(odd) > 6 else "")
        more = f"，另有 {others}" if others else ""
        found.append(Evidence(first.span.start, first.span.end,
                              related=tuple(Span(lb.span.start, lb.span.end) for lb in odd[1:]),
                              params={"found": first.text, "usual": usual_shown}, case="mixed", severity="info",
                              message=f"同一层级序号格式不一致：此处为 {first.text}，同级的 {counts[usual]} 个序号"
                                      f"写作 {usual_shown} 的格式{more}。",
                              message_en=f"Mixed number labels at one level: {first.text} here, "
                                         f"while {counts[usual]} labels of this level are written like {usual_shown}."))
    found.sort(key=lambda ev: ev.start)
    yield from found
