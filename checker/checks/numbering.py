"""numbering: labels at one level that skip, repeat or go backwards (restarts at 1 are allowed)."""
from __future__ import annotations

from ..engine.registry import Evidence, register

_CN = "〇一二三四五六七八九十"


def _show(style: str, value: int) -> str:
    cn = _CN[value] if value <= 10 else str(value)
    return {"cn-dun": f"{cn}、", "cn-paren": f"({cn})", "num-dot": f"{value}.", "num-paren": f"({value})",
            "num-word": f"问题{value}", "circled": chr(0x2460 + value - 1) if 0 < value <= 20 else str(value)}[style]


@register("numbering-sequence")
def numbering_sequence(notice, ctx):
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
                       message=f"序号{kind}：此处为 {label.text}，按顺序应为 {_show(label.style, expected)}。",
                       message_en=f"Numbering {'repeats' if kind == '重复' else 'goes backwards' if kind == '倒退' else 'skips'}: "
                                  f"found {label.text}, expected {_show(label.style, expected)}.")
