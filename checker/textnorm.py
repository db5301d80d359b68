"""Offset-preserving normalisation and Chinese numerals.

``fold`` maps characters one to one (never changes the length), so an offset in the
folded view is the same offset in the original text: full-width ASCII → half-width,
ideographic space → space, corner quotes 「」『』 → “”‘’, and traditional characters →
simplified (巡視 → 巡视, 關於 → 关于, 責任單位 → 责任单位). Rules and the parser match on
the view and report spans in the original.

Traditional → simplified is OpenCC's character table reduced to one character for one
character (``checker/data/t2s.tsv``; its header says how it was derived and under which
licence). Only a character-level fold keeps offsets exact; OpenCC's phrase tables
(which can change lengths) are not used, so where a traditional character has several
simplified readings the table's default is taken (發/髮 → 发, 後 → 后, 裡/裏 → 里, 麵 → 面,
係 → 系, 餘 → 余, 臺/檯/颱 → 台, 雲 → 云, 幹 → 干). Every key is a character that simplified
text does not use: characters that are also valid simplified characters (乾 著 覆 藉 瞭 沈
夥 吒 …) are left as they are, so a simplified text folds to itself apart from the
full-width forms. Three deliberate exceptions are folded although GB2312 has them: 後
(not a simplified character), 於 and 徵 (simplified only as a surname and the note zhǐ;
關於, 對於, 徵求意見 are everyday traditional words). The price of never touching simplified
text: traditional words written with such a character keep it (Taiwan-style 著力 / 意味著 do
not become 着力 / 意味着, 乾淨 folds to 乾净), and a term spelled with the simplified form
does not match them.

Pinyin glosses (``衛(wèi)生``, ``衛（wèi）生``) are left as they are (the view reads
``卫(wèi)生``). Blanking them would keep the length but could not make 卫生 match either
(a 1:1 view cannot close the gap), and a blanking rule would also eat real parenthesised
Latin text (abbreviations, ``(PPP)`` projects, English names). A glossed word is simply not
matched by a term that spans the gloss; the gloss itself is plain text to the parser: heads,
fields and items are read as without it (tests/test_textnorm_script.py).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE.update({
    0x3000: 0x20,   # ideographic space
    0x00A0: 0x20,   # no-break space
    0x300C: 0x201C, 0x300D: 0x201D,   # 「 」 → “ ”
    0x300E: 0x2018, 0x300F: 0x2019,   # 『 』 → ‘ ’
    0xFE59: 0x28, 0xFE5A: 0x29,       # small parentheses
})

T2S_PATH = Path(__file__).resolve().parent / "data" / "t2s.tsv"


def _load_t2s(path: Path = T2S_PATH) -> dict[str, str]:
    """The traditional → simplified table: ``{traditional: simplified}``, one character each."""
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh.read().splitlines() if line[:1] != "#" and line.strip()]
    table = {line[0]: line[2] for line in lines}
    if any(len(line) != 3 or line[1] != "\t" for line in lines) or len(table) != len(lines):
        raise ValueError(f"{path}: every entry must be one character, a tab, one character, each key once")
    if any(ch < "\x80" or ch > "\uffff" for ch in table):
        raise ValueError(f"{path}: keys must lie in U+0080–U+FFFF")
    return table


T2S: dict[str, str] = _load_t2s()
# full-width forms and the like, then traditional characters (no key is in both)
_FOLDED: dict[str, str] = {**T2S, **{chr(k): chr(v) for k, v in _TABLE.items()}}


def _char_class(chars) -> str:
    """A regex character class of ``chars``: non-ASCII characters below U+10000 (checked on load).

    Below U+10000 the regex engine tests a class with one bitmap look-up per character,
    whatever its size; a member above would be tested one by one after the bitmap, for every
    character, so the table has none (``checker/data/t2s.tsv``). Without ASCII no member
    needs escaping.
    """
    return "[" + "".join(sorted(chars)) + "]"


_FOLDABLE = re.compile("(" + _char_class(_FOLDED) + ")")

# A traditional page has a foldable character in about every third position; there one
# ``str.translate`` through a list (≈ 35 ns a character) beats splitting (≈ 110 ns): the split
# makes two strings per foldable character. A sample at the start decides (1/16 of the text,
# at most 1,024 characters: ≈ 2 % of a simplified text's fold); both ways give the same result.
_MIN_PROBED = 4096
_PROBE = 1024
_FOLD_BLOCK = 1 << 20      # characters folded at a time in a big text (memory: see fold)


@lru_cache(maxsize=1)
def _dense_table() -> list[int]:
    """``str.translate`` table indexed by code point (U+0000–U+FFFF): itself or its fold.

    Characters above U+FFFF raise IndexError, which ``str.translate`` takes as "unchanged".
    """
    table = list(range(0x10000))
    for key, value in _FOLDED.items():
        table[ord(key)] = ord(value)
    return table


def fold(text: str) -> str:
    """Return ``text`` with full-width forms and traditional characters folded; ``len(fold(t)) == len(t)``.

    Same result as ``text.translate(...)`` with the table, but ``str.translate`` looks every
    character up in the table (≈ 70 ns each for CJK text through a dict, ≈ 35 ns through a
    list); splitting on the foldable ones (one bitmap test a character in C) is ≈ 10× faster
    on simplified text, where few characters fold. Traditional text, where many do, goes
    through the list.
    """
    n = len(text)
    if n > _FOLD_BLOCK:          # a big text folds block by block: the same result (folding is per
        return "".join(fold(text[i:i + _FOLD_BLOCK]) for i in range(0, n, _FOLD_BLOCK))  # character),
    if n >= _MIN_PROBED:         # with the split pieces of one block alive at a time, not of 20 MB
        window = min(n >> 4, _PROBE)
        if len(_FOLDABLE.findall(text, 0, window)) * 10 > window:   # break-even: 1 in 10 folded
            return text.translate(_dense_table())
    parts = _FOLDABLE.split(text)
    if len(parts) > 1:
        parts[1::2] = map(_FOLDED.__getitem__, parts[1::2])
        return "".join(parts)
    return text


CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "0": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3,
             "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
             "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)


def cn_to_int(numeral: str) -> int | None:
    """Value of a Chinese (or Arabic, or mixed full-width) numeral; None when it is not one.

    ``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105, ``二〇二四`` → 2024 (digit by digit),
    ``３`` → 3.
    """
    if len(numeral) <= 8:       # number labels: few distinct values, parsed once each
        return _cn_to_int_short(numeral)
    return _cn_to_int(numeral)


def _cn_to_int(numeral: str) -> int | None:
    s = fold(numeral.strip())
    if not s:
        return None
    if s.isdigit():
        try:
            return int(s)
        except ValueError:
            return None
    if all(ch in CN_DIGITS for ch in s):          # digit-by-digit form: 二〇二四
        value = 0
        for ch in s:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total = section = number = 0
    seen = False
    for ch in s:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
            seen = True
        elif ch in CN_UNITS:
            section += (number or 1) * CN_UNITS[ch]
            number = 0
            seen = True
        elif ch in CN_BIG:
            total += (section + number) * CN_BIG[ch]
            section = number = 0
            seen = True
        elif ch.isdigit():
            number = number * 10 + int(ch)
            seen = True
        else:
            return None
    return total + section + number if seen else None


_cn_to_int_short = lru_cache(maxsize=4096)(_cn_to_int)
