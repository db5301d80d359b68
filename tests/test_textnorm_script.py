"""Script and damage: traditional characters fold to simplified 1:1, CR-only files have lines,
pinyin glosses break nothing. All notice text here is invented."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.parse import parse_notice
from checker.source import read_source
from checker.source.encoding import lone_cr_to_lf
from checker.textnorm import _FOLDED, _TABLE, T2S, T2S_PATH, cn_to_int, fold
from checker.textpos import LineIndex
from conftest import REPO, run_cli

SIMPLIFIED = """中共示例市林业局党组关于市委巡视整改进展情况的通报

根据市委统一部署，2024年3月至5月，市委第二巡视组对市林业局党组开展了常规巡视，并于7月反馈了巡视意见。现将整改进展情况予以公布。
一、巡视反馈问题整改落实情况
（一）关于“森林防火责任落实不到位”的问题。
整改情况：局防火办牵头，已对全市12个重点林区开展隐患排查，发现问题31个，已整改28个，其余3个由各县区林业部门负责，2025年3月底前完成。
责任单位：局防火办。
（二）关于“生态护林员管理不规范”的问题。
整改情况：局计划财务科已追回违规发放的补贴2.6万元，修订《生态护林员管理办法》，建立季度考核台账。
（三）关于“审计发现问题整改后续跟进不够”的问题。
整改情况：进一步加强审计整改工作，持续推进问题清零，切实提升整改质量。
二、下一步工作打算
下一步，局党组将对照问题清单，对未完成事项实行销号管理，确保整改到位。
欢迎广大干部群众对巡视整改落实情况进行监督。联系电话：0000-5550188；电子邮箱：lyj@example.cn。
中共示例市林业局党组
2024年10月15日
"""

# the same notice as a traditional-script page shows it (OpenCC-standard forms; 考覈 臺賬 羣衆)
TRADITIONAL = """中共示例市林業局黨組關於市委巡視整改進展情況的通報

根據市委統一部署，2024年3月至5月，市委第二巡視組對市林業局黨組開展了常規巡視，並於7月反饋了巡視意見。現將整改進展情況予以公佈。
一、巡視反饋問題整改落實情況
（一）關於“森林防火責任落實不到位”的問題。
整改情況：局防火辦牽頭，已對全市12個重點林區開展隱患排查，發現問題31個，已整改28個，其餘3個由各縣區林業部門負責，2025年3月底前完成。
責任單位：局防火辦。
（二）關於“生態護林員管理不規範”的問題。
整改情況：局計劃財務科已追回違規發放的補貼2.6萬元，修訂《生態護林員管理辦法》，建立季度考覈臺賬。
（三）關於“審計發現問題整改後續跟進不夠”的問題。
整改情況：進一步加強審計整改工作，持續推進問題清零，切實提升整改質量。
二、下一步工作打算
下一步，局黨組將對照問題清單，對未完成事項實行銷號管理，確保整改到位。
歡迎廣大幹部羣衆對巡視整改落實情況進行監督。聯繫電話：0000-5550188；電子郵箱：lyj@example.cn。
中共示例市林業局黨組
2024年10月15日
"""

# Taiwan/Hong Kong forms of the same words (裡 為 眾 線 台 …)
WORDS = [
    ("巡視", "巡视"), ("審計", "审计"), ("通報", "通报"), ("整改情況", "整改情况"), ("責任單位", "责任单位"),
    ("責任領導", "责任领导"), ("關於", "关于"), ("對於", "对于"), ("整改後", "整改后"), ("發現", "发现"),
    ("頭髮", "头发"), ("幹部", "干部"), ("裡面", "里面"), ("裏面", "里面"), ("麵條", "面条"), ("聯繫", "联系"),
    ("關係", "关系"), ("其餘", "其余"), ("臺賬", "台账"), ("檯面", "台面"), ("颱風", "台风"), ("雲南", "云南"),
    ("徵求意見", "征求意见"), ("萬元", "万元"), ("兩個", "两个"), ("紀委監委", "纪委监委"), ("為民", "为民"),
    ("爲民", "为民"), ("群眾", "群众"), ("羣衆", "群众"), ("綫索", "线索"), ("線索", "线索"), ("製度", "制度"),
    ("佔用", "占用"), ("準確", "准确"), ("併入", "并入"), ("鬆懈", "松懈"), ("迴避", "回避"),
]

# simplified characters that are traditional forms' targets, or that tables elsewhere list as keys:
# each must stay itself
SIMPLIFIED_KEEP = "干发后里面系余台云于征着著覆乾藉瞭沈夥吒么只了借复克折升划松周冲面准钟丑卷"


def _full_width_only(text: str) -> str:
    return text.translate(_TABLE)


def _reference(text: str) -> str:
    return text.translate({ord(k): v for k, v in _FOLDED.items()})


# ---------------------------------------------------------------- traditional → simplified

def test_traditional_notice_folds_to_the_simplified_text_character_by_character() -> None:
    assert len(TRADITIONAL) == len(SIMPLIFIED)
    folded = fold(TRADITIONAL)
    assert len(folded) == len(TRADITIONAL)
    diffs = [(i, TRADITIONAL[i], folded[i], SIMPLIFIED[i]) for i in range(len(SIMPLIFIED))
             if folded[i] != fold(SIMPLIFIED)[i]]
    assert diffs == []
    assert sum(a != b for a, b in zip(TRADITIONAL, SIMPLIFIED)) > 150     # it really is traditional


@pytest.mark.parametrize("traditional, simplified", WORDS)
def test_traditional_words(traditional: str, simplified: str) -> None:
    assert fold(traditional) == simplified


def test_traditional_numerals() -> None:
    assert (cn_to_int("貳拾"), cn_to_int("陸"), cn_to_int("壹萬"), cn_to_int("兩")) == (20, 6, 10000, 2)


def test_long_traditional_text_takes_the_dense_path_with_the_same_result() -> None:
    long_trad, long_simp = TRADITIONAL * 20, SIMPLIFIED * 20          # > 4096 characters: probed
    assert fold(long_trad) == fold(long_simp) == _reference(long_trad)
    mixed = SIMPLIFIED * 10 + TRADITIONAL * 10                        # decided on the simplified start
    assert fold(mixed) == fold(SIMPLIFIED * 20) == _reference(mixed)


def test_traditional_notice_parses_like_the_simplified_one() -> None:
    simp, trad = parse_notice(SIMPLIFIED), parse_notice(TRADITIONAL)
    assert len(simp.items) == 3

    def shape(notice):
        return [(it.span, it.label, it.problem, it.rectification, sorted(it.fields.items()))
                for it in notice.items]

    assert shape(trad) == shape(simp)
    assert trad.genre == simp.genre and trad.unplaced == simp.unplaced


def test_traditional_notice_gets_the_same_findings(tmp_path: Path) -> None:
    (tmp_path / "simp.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    big5_text = TRADITIONAL.replace("羣衆", "群眾").replace("“", "「").replace("”", "」")   # Taiwan forms
    (tmp_path / "big5.txt").write_bytes(big5_text.encode("big5"))
    proc = run_cli("check", "--format", "json", str(tmp_path / "simp.txt"), str(tmp_path / "trad.txt"),
                   str(tmp_path / "big5.txt"))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    simp, trad, big5 = json.loads(proc.stdout)["files"]
    assert big5["encoding"] in ("big5", "cp950", "big5hkscs")
    assert simp["kind"] == "notice" and len(simp["items"]) == 3 and simp["findings"]

    def key(entry):
        return (entry["kind"], entry.get("genre"), entry["items"],
                [(f["rule"], f["item"], f["start"], f["end"], f["line"], f["column"]) for f in entry["findings"]])

    assert key(trad) == key(simp)
    assert key(big5)[:2] == key(simp)[:2] and key(big5)[3] == key(simp)[3]   # labels read 「」 as “”


# ---------------------------------------------------------------- simplified text never changes

def _simplified_sample() -> str:
    files = sorted((REPO / "rules").glob("*.yaml")) + sorted((REPO / "rules" / "lexicons").glob("*.yaml"))
    files += sorted((REPO / "examples").glob("*.txt"))
    assert len(files) > 10
    return "".join(p.read_text(encoding="utf-8") for p in files) + SIMPLIFIED


def test_simplified_sample_changes_only_in_full_width_forms() -> None:
    sample = _simplified_sample()
    assert fold(sample) == _full_width_only(sample)
    chars = "".join(sorted(set(sample)))
    assert sum("\u4e00" <= c <= "\u9fff" for c in chars) > 800
    assert fold(chars) == _full_width_only(chars)
    assert fold(sample * 3) == _full_width_only(sample * 3)            # the long (probed) path too


def test_gb2312_hanzi_are_never_folded_but_three() -> None:
    hanzi = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                hanzi.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    assert len(hanzi) == 6763
    changed = {c for c in hanzi if fold(c) != c}
    assert changed == set("後於徵")       # not simplified / simplified only as a surname, the note zhǐ


def test_simplified_characters_map_to_themselves() -> None:
    assert fold(SIMPLIFIED_KEEP) == SIMPLIFIED_KEEP
    assert not set(SIMPLIFIED_KEEP) & set(T2S)


# ---------------------------------------------------------------- the table

def test_table_is_one_to_one_idempotent_and_records_its_source() -> None:
    assert len(T2S) > 3000
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in T2S.items())
    assert all("\x80" <= k <= "\uffff" for k in T2S)       # one bitmap test a character in fold
    assert not set(T2S.values()) & set(T2S)               # folding twice changes nothing
    assert not set(T2S) & {chr(k) for k in _TABLE}
    header = "".join(line for line in T2S_PATH.read_text(encoding="utf-8").splitlines(True)
                     if line.startswith("#"))
    for needed in ("OpenCC", "TSCharacters", "1.4.2", "Apache License", "BYVoid"):
        assert needed in header
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "t2s.tsv" in readme and "OpenCC" in readme and "Apache" in readme


# ---------------------------------------------------------------- properties

_INTERESTING = st.sampled_from(sorted(set(T2S) | set(T2S.values()) | set(_FOLDED.values()) | set(_FOLDED))
                               + ["\r", "\n", "\U00020000", "\U0002f800", "𠵾", "a", "整"])
_TEXT = st.text(alphabet=st.one_of(st.characters(), _INTERESTING), max_size=300)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(min_value=1, max_value=40))
def test_fold_keeps_length_is_idempotent_and_matches_the_table(text: str, times: int) -> None:
    for s in (text, text * times):        # short texts are split, long dense ones translated
        folded = fold(s)
        assert len(folded) == len(s)
        assert fold(folded) == folded
        assert folded == _reference(s)


# ---------------------------------------------------------------- CR-only line endings

def test_lone_cr_becomes_lf_one_for_one() -> None:
    text = "甲\r乙\r\n丙\r\r\n丁\r"
    out = lone_cr_to_lf(text)
    assert out == "甲\n乙\r\n丙\n\r\n丁\n" and len(out) == len(text)
    assert lone_cr_to_lf("无回车\n") == "无回车\n"


def test_cr_only_file_has_lines(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes(SIMPLIFIED.replace("\n", "\r").encode("utf-8"))
    source = read_source(path)
    assert source.text == SIMPLIFIED              # same characters at the same offsets, LF for CR
    index = LineIndex(source.text)
    start = source.text.index("（二）")
    assert index.line_col(start) == (8, 1)
    notice = parse_notice(source.text)
    assert [it.label for it in notice.items] == ["（一）", "（二）", "（三）"]


def test_crlf_is_untouched(tmp_path: Path) -> None:
    crlf = SIMPLIFIED.replace("\n", "\r\n")
    path = tmp_path / "dos.txt"
    path.write_bytes(crlf.encode("utf-8"))
    assert read_source(path).text == crlf


def test_cr_only_file_stdin_and_lf_give_the_same_report(tmp_path: Path) -> None:
    lf, cr = tmp_path / "unix.txt", tmp_path / "mac.txt"
    lf.write_bytes(SIMPLIFIED.encode("utf-8"))
    cr.write_bytes(SIMPLIFIED.replace("\n", "\r").encode("utf-8"))
    files = json.loads(run_cli("check", "--format", "json", str(lf), str(cr)).stdout)["files"]
    stdin = json.loads(run_cli("check", "--format", "json", "-",
                               input=SIMPLIFIED.replace("\n", "\r").encode("utf-8")).stdout)["files"]

    def key(entry):
        return entry["items"], [(f["rule"], f["start"], f["line"], f["column"]) for f in entry["findings"]]

    assert key(files[0]) == key(files[1]) == key(stdin[0])
    assert len(files[1]["items"]) == 3 and {f["line"] for f in files[1]["findings"]} != {1}
    parsed = run_cli("parse", str(cr))
    assert parsed.returncode == 0 and parsed.stdout.decode().count("（") >= 3


def test_suppression_comment_in_a_cr_only_file(tmp_path: Path) -> None:
    line = "整改情况：进一步加强审计整改工作"
    text = SIMPLIFIED.replace(line, "<!-- zgcheck: disable-next-line=ZG104 -->\n" + line)
    plain, mac = tmp_path / "plain.txt", tmp_path / "mac.txt"
    plain.write_bytes(SIMPLIFIED.replace("\n", "\r").encode("utf-8"))
    mac.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    before, after = json.loads(run_cli("check", "--format", "json", str(plain), str(mac)).stdout)["files"]
    assert "ZG104" in {f["rule"] for f in before["findings"]}
    assert "ZG104" not in {f["rule"] for f in after["findings"]}
    assert {f["rule"] for f in after["findings"]} == {f["rule"] for f in before["findings"]} - {"ZG104"}


# ---------------------------------------------------------------- pinyin glosses

GLOSSES = [("森林防火", "森(sēn)林防火"), ("生態護林員", "生(shēng)態護林員"), ("審計發現", "審(shěn)計發現"),
           ("局防火辦牽頭", "局防火辦（bàn）牽頭"), ("切實提升", "切實(shí)提升")]


def test_pinyin_glosses_do_not_break_items() -> None:
    glossed = TRADITIONAL
    for plain, gloss in GLOSSES:
        assert plain in glossed
        glossed = glossed.replace(plain, gloss)
    folded = fold(glossed)
    assert len(folded) == len(glossed) and "(wèi)" in fold("衛(wèi)生") and fold("衛（wèi）生") == "卫(wèi)生"
    notice, plain_notice = parse_notice(glossed), parse_notice(TRADITIONAL)
    assert [it.label for it in notice.items] == [it.label for it in plain_notice.items] == ["（一）", "（二）", "（三）"]
    assert "sēn" in glossed[notice.items[0].problem.start:notice.items[0].problem.end]
    assert "shěn" in glossed[notice.items[2].problem.start:notice.items[2].problem.end]
    assert [sorted(it.fields) for it in notice.items] == [sorted(it.fields) for it in plain_notice.items]
    assert notice.unplaced == [] and not notice.limits_hit


def test_pinyin_glosses_raise_no_structure_or_typo_findings(tmp_path: Path) -> None:
    glossed = TRADITIONAL
    for plain, gloss in GLOSSES:
        glossed = glossed.replace(plain, gloss)
    (tmp_path / "plain.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "gloss.txt").write_text(glossed, encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(tmp_path / "plain.txt"), str(tmp_path / "gloss.txt"))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    plain, gloss = json.loads(proc.stdout)["files"]
    assert [i["label"] for i in gloss["items"]] == [i["label"] for i in plain["items"]]

    def layout(entry):
        return sorted((f["rule"], f["item"]) for f in entry["findings"] if f["category"] in ("structure", "typo", "numbering"))

    assert layout(gloss) == layout(plain)
