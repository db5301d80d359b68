"""The terminal report: one block per weak item, a score line per notice, streaming, and no
escape sequence from a notice or a file name ever reaching the terminal raw."""
from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.config import Settings
from checker.engine import load_ruleset
from checker.formatters import RenderContext, open_sink, render
from checker.runner import check_text

RULES = load_ruleset(Settings())

# An invented notice: items 1 and 3 are weak (no deadline, no unit, vague…), item 2 is sound,
# and the contact line has no values (a document-level finding).
NOTICE = """中共示例县农业农村局党组关于巡察整改进展情况的通报
根据县委统一部署，2024年3月至5月，县委第一巡察组对县农业农村局党组开展了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.关于“高标准农田建设验收不严”的整改情况。进一步加强验收管理，持续推进整改工作。
2.关于“惠农补贴发放不及时”的整改情况。局计划财务股牵头，已于2024年6月补发补贴38万元，完成全部12个乡镇核对。
3.关于“农机购置补贴审核把关不严”的整改情况。正在推进补贴档案清理，逐步完善审核台账。
欢迎广大干部群众对巡察整改落实情况进行监督。联系方式：电话；电子邮箱：。
中共示例县农业农村局党组
2024年8月1日
"""


def _result(text: str = NOTICE, path: str = "notices/farm.txt"):
    result = check_text(text, path, Settings(), RULES)
    for f in result.findings:             # suggestions set here, whatever the rules provide
        f.suggestion = f"改正建议-{f.rule}-{f.start}"
        f.suggestion_en = f"fix-{f.rule}-{f.start}"
    return result


def _item_blocks(out: str) -> dict[str, str]:
    """Item label → its block of lines (up to the next item, document block or score line)."""
    blocks: dict[str, str] = {}
    current = None
    for line in out.splitlines():
        head = re.match(r"^  (\d+\.) ", line)
        if head:
            current = head.group(1)
            blocks[current] = line + "\n"
        elif line.startswith("  ") and not line.startswith("   "):
            current = None
        elif current and line.strip():
            blocks[current] += line + "\n"
    return blocks


def test_each_weak_item_once_with_its_weak_points_and_suggestions() -> None:
    result = _result()
    notice = result.notice
    out = render("text", [result], RenderContext(lang="zh", ruleset=RULES))
    blocks = _item_blocks(out)
    weak = {f.item for f in result.findings if f.item is not None}
    assert {notice.items[i].label for i in weak} == set(blocks) == {"1.", "3."}
    for index in weak:
        item = notice.items[index]
        block = blocks[item.label]
        assert out.count(f"  {item.label} ") == 1                        # the item is shown once
        assert notice.slice(item.problem) in block.splitlines()[0]       # with its problem
        assert block.count(notice.slice(item.rectification)) == 1        # and one excerpt
        for f in result.findings:
            if f.item == index:
                assert f.message in block and f.suggestion in block
                lines = block.splitlines()
                at = next(k for k, line in enumerate(lines) if f.message in line)
                assert f.suggestion in "\n".join(lines[at + 1:])        # the suggestion is under it
            else:
                assert f.suggestion not in block
    # item 2 is sound: not shown; document findings in their own block
    assert notice.items[1].label + " " not in out
    document = [f for f in result.findings if f.item is None]
    assert document and "全文问题" in out
    tail = out[out.index("全文问题"):]
    for f in document:
        assert f.message in tail and f.suggestion in tail and f"notices/farm.txt:{f.line}:{f.column}" in tail


def test_score_line_counts_weak_items_per_category() -> None:
    result = _result()
    weak_by_category: dict[str, set[int]] = {}
    for f in result.findings:
        if f.item is not None:
            weak_by_category.setdefault(f.category, set()).add(f.item)
    zh = render("text", [result], RenderContext(lang="zh", ruleset=RULES))
    score = next(line.strip() for line in zh.splitlines() if "项整改中" in line)
    assert score.startswith("3 项整改中 2 项薄弱：")
    assert "无整改时限 2" in score and "无责任主体 2" in score
    parts = score.split("：", 1)[1].split("；")[0].split(" · ")
    counts = [int(p.rsplit(" ", 1)[1]) for p in parts]
    assert counts == sorted(counts, reverse=True)                         # most frequent first
    assert sum(counts) == sum(len(v) for v in weak_by_category.values())
    assert score.endswith("全文问题 1 个")
    en = render("text", [result], RenderContext(lang="en", ruleset=RULES))
    assert "2 of 3 items weak: " in en and "no deadline 2" in en
    assert "项整改中" not in en and "建议" not in en and "fix-ZG" in en


def test_group_by_finding_keeps_one_line_per_finding() -> None:
    result = _result()
    out = render("text", [result], RenderContext(lang="zh", ruleset=RULES, options={"group_by": "finding"}))
    for f in result.findings:
        line = next(line for line in out.splitlines() if line.startswith(f"notices/farm.txt:{f.line}:{f.column}  {f.rule}"))
        assert f.message in line
        assert f.suggestion in out
    assert "项整改中" not in out


def test_colour_only_when_asked() -> None:
    result = _result()
    assert "\x1b" not in render("text", [result], RenderContext(lang="zh", ruleset=RULES))
    coloured = render("text", [result], RenderContext(lang="zh", ruleset=RULES, color=True))
    assert "\x1b[33m" in coloured and "\x1b[0m" in coloured


def test_escape_sequences_in_the_notice_and_the_file_name_are_shown_not_sent() -> None:
    hostile = (NOTICE.replace("进一步加强验收管理", "进一步加强\x1b[2J验收\x1b]0;pwned\x07管理\u202e")
               .replace("高标准农田", "高标准\x9b31m农田"))
    name = "notices/\x1b]8;;http://x\x07farm\u202e.txt"
    for options in ({}, {"group_by": "finding"}):
        out = render("text", [_result(hostile, name)], RenderContext(lang="zh", ruleset=RULES, options=options))
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out)
        assert "\\x1b" in out and "\\u202e" in out
        assert "notices/\\x1b]8;;http://x\\x07farm\\u202e.txt" in out
    coloured = render("text", [_result(hostile, name)], RenderContext(lang="zh", ruleset=RULES, color=True))
    assert set(re.findall(r"\x1b(.)", coloured)) == {"["}                   # only our colour codes
    assert "\x1b[2J" not in coloured and "\x07" not in coloured


def test_sink_writes_each_file_as_it_arrives_and_the_summary_at_close() -> None:
    written: list[str] = []
    sink = open_sink("text", RenderContext(lang="zh", ruleset=RULES), written.append)
    first = _result(path="a.txt")
    sink.add(first)
    assert len(written) == 1 and written[0].startswith("a.txt") and "共检查" not in written[0]
    sink.add(_result(path="b.txt"))
    assert len(written) == 2 and written[1].startswith("b.txt")
    sink.close()
    assert len(written) == 3 and written[2].startswith("共检查 2 个文件、6 个整改事项")
    assert "薄弱事项：4 / 6" in written[2]
    assert "".join(written) == render("text", [first, _result(path="b.txt")], RenderContext(lang="zh", ruleset=RULES))


def test_cli_item_view_and_group_by(tmp_path: Path) -> None:
    """End to end through the real command: works whether or not the rules give suggestions."""
    path = tmp_path / "farm.txt"
    path.write_text(NOTICE, encoding="utf-8")
    runner = CliRunner()
    items = runner.invoke(cli, ["check", "--no-color", str(path)])
    assert items.exit_code == 1, items.output
    assert items.output.count("  1. 高标准农田建设验收不严") == 1
    assert "3 项整改中 2 项薄弱：" in items.output and "2. 惠农补贴" not in items.output
    lines = runner.invoke(cli, ["check", "--no-color", "--group-by", "finding", str(path)])
    findings = json.loads(runner.invoke(cli, ["check", "--format", "json", str(path)]).output)
    located = [line for line in lines.output.splitlines() if line.startswith(f"{path}:")]
    assert len(located) == len(findings["files"][0]["findings"]) > 0
    grouped_json = runner.invoke(cli, ["check", "--format", "json", "--group-by", "finding", str(path)]).output
    assert json.loads(grouped_json)["files"] == findings["files"]          # machine formats unchanged
    english = runner.invoke(cli, ["check", "--no-color", "--lang", "en", str(path)])
    assert "2 of 3 items weak: " in english.output


def test_a_file_that_could_not_be_read_is_one_line_naming_it_once(tmp_path: Path) -> None:
    from checker.findings import FileResult

    name = "drafts/\x1b[31mbad.txt"
    bad = FileResult(path=name, kind="error", error=f"{name}: 无法按 utf-16 解码")
    out = render("text", [bad], RenderContext(lang="zh", ruleset=RULES))
    first = out.splitlines()[0]
    assert first == "drafts/\\x1b[31mbad.txt: 无法检查：无法按 utf-16 解码"
    missing = tmp_path / "missing.txt"
    proc = CliRunner().invoke(cli, ["check", "--no-color", str(missing)])
    assert proc.exit_code == 2
    named = [line for line in proc.stdout.splitlines() if str(missing) in line]
    assert len(named) == 1 and named[0].startswith(f"{missing}: 无法检查：") and named[0].count(str(missing)) == 1


def test_the_summary_counts_files_that_could_not_be_checked(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    for lang, expected in (("zh", "，其中 2 个文件无法检查"), ("en", "; 2 file(s) could not be checked")):
        proc = CliRunner().invoke(cli, ["check", "--no-color", "--lang", lang, str(tmp_path)])
        assert proc.exit_code == 2
        summary = [line for line in proc.stdout.splitlines() if line.endswith(expected)]
        assert len(summary) == 1 and ("共检查 3 个文件" in summary[0] or "3 file(s)" in summary[0])
    markdown = CliRunner().invoke(cli, ["check", "--format", "markdown", str(tmp_path)])
    assert "共 3 个文件、3 个整改事项，发现" in markdown.stdout and "，其中 2 个文件无法检查。" in markdown.stdout
    (tmp_path / "empty.txt").unlink()
    (tmp_path / "binary.txt").unlink()
    proc = CliRunner().invoke(cli, ["check", "--no-color", str(tmp_path)])
    assert proc.exit_code == 1 and "无法检查" not in proc.stdout


def test_a_newline_or_tab_in_a_file_name_cannot_split_a_report_line(tmp_path: Path) -> None:
    name = tmp_path / "draft\nline\t2.txt"
    name.write_text(NOTICE, encoding="utf-8")
    proc = CliRunner().invoke(cli, ["check", "--no-color", str(name)])
    heads = [line for line in proc.stdout.splitlines() if "draft" in line]
    assert heads and all("draft\\x0aline\\x092.txt" in line for line in heads)


def test_a_newline_in_a_bad_file_name_cannot_split_its_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "empty\ndraft.txt"
    bad.write_bytes(b"")
    proc = CliRunner().invoke(cli, ["check", "--format", "json", str(bad)])
    assert proc.exit_code == 2
    assert proc.stderr.splitlines() == [f"{tmp_path}/empty\\x0adraft.txt: 文件为空"]
