"""ZG206 on runs (issue 22.3): a contiguous run of the same doubled character (将将将将) or of the
same stray closing mark (》》》》) is one typo site and gives one finding whose span covers the
whole run; a doubling or a stray mark alone is reported as before. Checked on the real CLI."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

HEAD = ("中共某县统计局党组关于巡察整改进展情况的通报\n"
        "根据县委统一部署，县委第一巡察组对县统计局党组开展了巡察。现将整改进展情况公布如下。\n")
CONTACT = "欢迎广大干部群众监督。联系方式：电话0000-1234567；电子邮箱：tj@example.cn。\n"


def typo_findings(tmp_path: Path, body: str, lang: str = "zh") -> tuple[str, list[dict]]:
    text = HEAD + body + "2.关于“档案管理不规范”的整改情况。局办公室负责，已完成186卷档案整理。\n" + CONTACT
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    done = run_cli("--lang", lang, "check", str(path), "--format", "json")
    assert done.returncode in (0, 1), done.stderr.decode()
    found = json.loads(done.stdout)["files"][0]["findings"]
    return text, [f for f in found if f["rule"] == "ZG206"]


def test_a_run_of_one_doubled_character_is_one_finding(tmp_path: Path) -> None:
    text, found = typo_findings(tmp_path, "1.关于“数据审核不严”的整改情况。局综合股牵头，将将将将于5月修订办法。\n")
    [f] = found
    start = text.index("将将将将")
    assert (f["start"], f["end"]) == (start, start + 4)
    assert "“将”连写4次" in f["message"]
    assert f["suggestion"] == "把连写4次的“将”（“将将将将”）改为“将”。"


def test_a_doubling_alone_and_separate_runs_are_reported_as_before(tmp_path: Path) -> None:
    text, found = typo_findings(tmp_path, "1.关于“数据审核不严”的整改情况。局综合股牵头，已已修订办法，将将落实，的的确保。\n")
    assert [(f["start"], f["end"]) for f in found] == [
        (text.index(w), text.index(w) + 2) for w in ("已已", "将将", "的的")]
    assert found[0]["message"] == "重复用字：“已已”。" and found[0]["suggestion"] == "把“已已”改为“已”。"


def test_runs_of_words_and_of_a_tripled_term_keep_their_corrected_text(tmp_path: Path) -> None:
    text, found = typo_findings(tmp_path, "1.关于“数据审核不严”的整改情况。局综合股整改整改整改，并列出人员等等等等。\n")
    assert [(f["start"], f["end"]) for f in found] == [
        (text.index("整改整改整改"), text.index("整改整改整改") + 6), (text.index("等等等等"), text.index("等等等等") + 4)]
    assert found[0]["suggestion"] == "把连写3次的“整改”（“整改整改整改”）改为“整改”。"
    assert found[1]["suggestion"] == "把连写4次的“等”（“等等等等”）改为“等等”。"


def test_a_run_of_one_stray_mark_is_one_finding_covering_it(tmp_path: Path) -> None:
    text, found = typo_findings(tmp_path, "1.关于“数据审核不严”的整改情况。已修订数据审核办法》》》》，并严格执行。\n")
    [f] = found
    first = text.index("》》》》")
    assert (f["start"], f["end"]) == (first - 8, first + 4)
    assert f["message"] == "成对标点缺失：连续4个“》”前都没有对应的“《”。"
    assert f["suggestion"].startswith("“已修订数据审核办法”后连续4个 》 都没有配对：删去多余的 》，改为“已修订数据审核办法”")


def test_a_closed_pair_then_strays_and_mixed_marks_split_where_the_mark_changes(tmp_path: Path) -> None:
    text, found = typo_findings(tmp_path, "1.关于“数据审核不严”的整改情况。已修订《数据审核办法》》》））和》》。\n")
    spans = [(f["start"], f["end"], f["message"]) for f in found]
    first = text.index("》》") + 1                 # the first 》 closes 《
    paren = text.index("））")
    last = text.index("和》》") + 1
    assert spans == [(first - 8, first + 2, "成对标点缺失：连续2个“》”前都没有对应的“《”。"),
                     (paren - 8, paren + 2, "成对标点缺失：连续2个“）”前都没有对应的“（”。"),
                     (last - 8, last + 2, "成对标点缺失：连续2个“》”前都没有对应的“《”。")]


def test_a_long_run_is_quoted_by_its_start_and_length(tmp_path: Path) -> None:
    text, found = typo_findings(tmp_path, "1.关于“数据审核不严”的整改情况。局综合股牵头，" + "将" * 20000 + "修订办法" + "》" * 20000 + "。\n",
                                lang="en")
    assert [(f["start"], f["end"] - f["start"]) for f in found] == [
        (text.index("将将"), 20000), (text.index("》") - 8, 20008)]
    assert found[0]["message"] == "Duplicated characters: '将将将将将将将将将将……', '将' written 20000 times."
    assert found[1]["message"] == "Unbalanced punctuation: 20000 '》' in a row without '《'."
    assert all(len(f["suggestion"]) < 200 for f in found)
