"""A baseline survives what happens to a repository (issue 20.1).

A scratch repository (``.git`` + ``.zgcheck.yaml``) holds one invented notice; its findings are
recorded with ``zgcheck baseline``; then one edit is made and ``zgcheck check --baseline`` must
report exactly the findings the edit really introduced ("revived" ones are old findings coming
back as new). Everything runs through the real command line (click's runner, in the folder a
user would run it from).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

NOTICE = """中共示例县林业局党组关于县委巡察整改进展情况的通报
根据县委统一部署，2024年3月至5月，县委第一巡察组对县林业局党组开展了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
（一）贯彻落实党的路线方针政策方面
1.关于“森林防火责仼落实不到位”的整改情况。进一步加强森林防火工作，持续推进责任落实。
2.关于“林地保护监管不严”的整改情况。局资源股牵头，已完成全县林地的的变更调查，查处违法占用林地案件12起，2024年9月底前完成全部整改。
3.关于“古树名木保护不力”的整改情况。组织全体干部学习古树名木保护条例，召开专题会议进行部署。
（二）全面从严治党方面
4.关于“公务用车管理不规范”的整改情况。正在推进公务用车平台建设，逐步完善用车制度。
5.关于“违规发放补贴”的整改情况。局办公室负责，已追回违规发放的补贴3.1万元，对2名责任人进行了诫勉谈话。
欢迎广大干部群众对巡察整改落实情况进行监督。联系方式：电话0000-7654321；电子邮箱：lyj@example.cn。
中共示例县林业局党组
2024年8月1日
"""
BASELINE = ".zgcheck-baseline.json"
NOTICE_PATH = "notices/2024/forestry.txt"


def zg(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    """Run ``zgcheck ARGS`` in ``cwd``; return the click result."""
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def new_findings(cwd: Path, monkeypatch: pytest.MonkeyPatch, *paths: str, baseline: str = BASELINE):
    """(exit status, findings reported as new) of a check against the baseline."""
    result = zg(cwd, "check", "-f", "json", "--baseline", baseline, *paths, monkeypatch=monkeypatch)
    data = json.loads(result.stdout)
    return result.exit_code, [(e["path"], f["rule"], f["item"], f["start"], f["end"])
                              for e in data["files"] for f in e["findings"]]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".zgcheck.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    notice = root / NOTICE_PATH
    notice.parent.mkdir(parents=True)
    notice.write_text(NOTICE, encoding="utf-8")
    made = zg(root, "baseline", "notices", monkeypatch=monkeypatch)
    assert made.exit_code == 0, made.output
    data = json.loads((root / BASELINE).read_text(encoding="utf-8"))
    assert list(data["files"]) == [NOTICE_PATH]            # relative to the repository root
    assert sum(e["count"] for e in data["files"][NOTICE_PATH]) >= 10
    assert new_findings(root, monkeypatch, "notices") == (0, [])
    return root


def _edit(repo: Path, old: str, new: str, path: str = NOTICE_PATH) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_insert_an_item_mid_list_and_renumber_the_rest(repo: Path, monkeypatch) -> None:
    for n in (5, 4, 3):
        _edit(repo, f"\n{n}.关于", f"\n{n + 1}.关于")
    _edit(repo, "\n4.关于“古树", "\n3.关于“野生动物疫源疫病监测不到位”的整改情况。局保护股牵头，"
                              "已在全县布设监测点15个，2024年10月底前完成监测站建设。\n4.关于“古树")
    assert new_findings(repo, monkeypatch, "notices") == (0, [])


def test_reword_one_sentence_only_its_own_findings_may_change(repo: Path, monkeypatch) -> None:
    text = (repo / NOTICE_PATH).read_text(encoding="utf-8")
    _edit(repo, "持续推进责任落实。", "持续推进防火责任分解落实。")
    sentence_start = text.index("进一步加强森林防火工作")
    status, new = new_findings(repo, monkeypatch, "notices")
    # rule + item + evidence: the item's findings whose evidence is the whole (edited) text are
    # still matched by rule and item; nothing elsewhere may come back
    assert all(start >= sentence_start and item == 0 for _, _, item, start, _ in new)
    assert (status, new) == (0, [])
    # the sentence that is the evidence of the vague-wording finding itself
    _edit(repo, "进一步加强森林防火工作", "进一步加强森林防火巡查工作")
    assert new_findings(repo, monkeypatch, "notices") == (0, [])


def test_fix_one_typo_revives_nothing(repo: Path, monkeypatch) -> None:
    _edit(repo, "林地的的变更", "林地的变更")                 # the reported typo
    assert new_findings(repo, monkeypatch, "notices") == (0, [])
    _edit(repo, "森林防火责仼落实", "森林防火责任落实")        # a typo in a problem head
    assert new_findings(repo, monkeypatch, "notices") == (0, [])


def _renumbered(lines: list[str]) -> str:
    """The lines with items numbered 1., 2., … and groups （一）, （二）, … in their new order."""
    items = groups = 0
    out = []
    for line in lines:
        if re.match(r"\d+\.关于", line):
            items += 1
            line = re.sub(r"^\d+", str(items), line)
        elif re.match(r"（[一二三]）", line):
            groups += 1
            line = "（" + "一二三"[groups - 1] + "）" + line[3:]
        out.append(line)
    return "\n".join(out) + "\n"


def test_move_a_group_and_an_item(repo: Path, monkeypatch) -> None:
    lines = (repo / NOTICE_PATH).read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("（一）") and lines[7].startswith("（二）")
    # group （二） (items 4 and 5) moved before group （一）, everything renumbered
    (repo / NOTICE_PATH).write_text(_renumbered(lines[:3] + lines[7:10] + lines[3:7] + lines[10:]),
                                    encoding="utf-8")
    assert new_findings(repo, monkeypatch, "notices") == (0, [])
    # then the weak item about cars moved to the end of the other group
    lines = (repo / NOTICE_PATH).read_text(encoding="utf-8").splitlines()
    (cars,) = [n for n, line in enumerate(lines) if "公务用车" in line]
    moved = lines.pop(cars)
    lines.insert(max(n for n, line in enumerate(lines) if re.match(r"\d+\.关于", line)) + 1, moved)
    (repo / NOTICE_PATH).write_text(_renumbered(lines), encoding="utf-8")
    assert "公务用车" in (repo / NOTICE_PATH).read_text(encoding="utf-8").splitlines()[9]
    assert new_findings(repo, monkeypatch, "notices") == (0, [])


@pytest.mark.parametrize("target", ["notices/2024/forestry-bureau.txt", "archive/forestry.txt"])
def test_rename_or_move_the_file(repo: Path, monkeypatch, target: str) -> None:
    (repo / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(repo / NOTICE_PATH, repo / target)
    assert new_findings(repo, monkeypatch, ".") == (0, [])


def test_run_from_a_subfolder(repo: Path, monkeypatch) -> None:
    sub = repo / "notices" / "2024"
    assert new_findings(sub, monkeypatch, ".", baseline=f"../../{BASELINE}") == (0, [])
    assert new_findings(sub, monkeypatch, "forestry.txt", baseline=str(repo / BASELINE)) == (0, [])
    # a baseline written from the subfolder names the file the same way
    made = zg(sub, "baseline", "forestry.txt", "-o", str(repo / "sub-baseline.json"), monkeypatch=monkeypatch)
    assert made.exit_code == 0
    assert list(json.loads((repo / "sub-baseline.json").read_text(encoding="utf-8"))["files"]) == [NOTICE_PATH]


def test_convert_to_crlf(repo: Path, monkeypatch) -> None:
    file = repo / NOTICE_PATH
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    assert new_findings(repo, monkeypatch, "notices") == (0, [])


def test_a_new_weak_item_is_still_reported(repo: Path, monkeypatch) -> None:
    _edit(repo, "欢迎广大", "6.关于“林区道路维护不及时”的整改情况。切实加强道路维护管理。\n欢迎广大")
    status, new = new_findings(repo, monkeypatch, "notices")
    assert status == 1 and new
    assert {item for _, _, item, _, _ in new} == {5}          # all of them in the new item
    # a second copy of an accepted weak item is new too
    _edit(repo, "欢迎广大", "7.关于“森林防火责仼落实不到位”的整改情况。进一步加强森林防火工作，持续推进责任落实。\n欢迎广大")
    status, new = new_findings(repo, monkeypatch, "notices")
    assert status == 1 and {item for _, _, item, _, _ in new} == {5, 6}


def test_baseline_update_writes_the_file_and_exits_0(repo: Path, monkeypatch) -> None:
    _edit(repo, "欢迎广大", "6.关于“林区道路维护不及时”的整改情况。切实加强道路维护管理。\n欢迎广大")
    before = (repo / BASELINE).read_text(encoding="utf-8")
    updated = zg(repo, "check", "notices", "--baseline", BASELINE, "--baseline-update", monkeypatch=monkeypatch)
    assert updated.exit_code == 0, updated.output
    assert (repo / BASELINE).read_text(encoding="utf-8") != before
    assert new_findings(repo, monkeypatch, "notices") == (0, [])
    # without --baseline there is nothing to update: a usage error
    alone = zg(repo, "check", "notices", "--baseline-update", monkeypatch=monkeypatch)
    assert alone.exit_code == 2 and "--baseline" in alone.stderr


def test_update_of_a_part_keeps_the_entries_of_other_folders(repo: Path, monkeypatch) -> None:
    other = repo / "other" / "water.txt"
    other.parent.mkdir()
    other.write_text(NOTICE.replace("林业局", "水务局"), encoding="utf-8")
    assert zg(repo, "baseline", "notices", "other", monkeypatch=monkeypatch).exit_code == 0
    files = json.loads((repo / BASELINE).read_text(encoding="utf-8"))["files"]
    assert set(files) == {NOTICE_PATH, "other/water.txt"}
    _edit(repo, "林地的的变更", "林地的变更")
    assert zg(repo, "check", "notices", "--baseline", BASELINE, "--baseline-update",
              monkeypatch=monkeypatch).exit_code == 0
    after = json.loads((repo / BASELINE).read_text(encoding="utf-8"))["files"]
    assert after["other/water.txt"] == files["other/water.txt"]
    assert len(after[NOTICE_PATH]) == len(files[NOTICE_PATH]) - 1       # the fixed typo is gone


def test_an_old_format_baseline_is_a_clear_error(repo: Path, monkeypatch) -> None:
    (repo / BASELINE).write_text('{"version": 1, "tool": "zgcheck", "fingerprints": {}}', encoding="utf-8")
    result = zg(repo, "check", "notices", "--baseline", BASELINE, monkeypatch=monkeypatch)
    assert result.exit_code == 2
    assert "zgcheck baseline" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    rewritten = zg(repo, "baseline", "notices", monkeypatch=monkeypatch)
    assert rewritten.exit_code == 0
    assert new_findings(repo, monkeypatch, "notices") == (0, [])


def test_streamed_formats_and_workers_consume_counts_across_files(repo: Path, monkeypatch) -> None:
    """Every format path (text + a GitLab file here, in worker processes) applies the baseline per
    result; identical files each keep their own accepted findings, a renamed one its old ones."""
    from conftest import run_cli

    for n in range(3):
        shutil.copy(repo / NOTICE_PATH, repo / "notices" / f"copy{n}.txt")
    assert zg(repo, "baseline", "notices", monkeypatch=monkeypatch).exit_code == 0
    shutil.move(repo / "notices" / "copy0.txt", repo / "notices" / "renamed.txt")
    _edit(repo, "欢迎广大", "6.关于“林区道路维护不及时”的整改情况。切实加强道路维护管理。\n欢迎广大",
          path="notices/copy1.txt")
    proc = run_cli("check", "notices", "-j", "2", "--format", "text", "--baseline", BASELINE,
                   "--output-format", "gitlab:gl.json", cwd=repo)
    assert proc.returncode == 1, proc.stderr.decode()
    issues = json.loads((repo / "gl.json").read_text(encoding="utf-8"))
    assert issues and {i["location"]["path"] for i in issues} == {"notices/copy1.txt"}
    assert all(i["location"]["lines"]["begin"] == 11 for i in issues)        # the new item's line
