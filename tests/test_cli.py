"""The command line as a user runs it: fresh processes, real files, real output."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli

WEAK_NOTICE = """中共示例县水务局党组关于巡察整改进展情况的通报
根据县委统一部署，2024年3月至5月，县委第二巡察组对县水务局党组开展了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.关于“农村供水工程管护不到位”的整改情况。进一步加强管护，持续推进整改工作。
2.关于“项目资金拨付滞后”的整改情况。局计财股牵头，已于2024年6月拨付资金120万元，完成全部8个项目结算。
欢迎广大干部群众对巡察整改落实情况进行监督。联系方式：电话0000-1234567；电子邮箱：swj@example.cn。
中共示例县水务局党组
2024年8月1日
"""


def _write(tmp_path: Path, name: str = "notice.txt", text: str = WEAK_NOTICE, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_version_and_help_in_both_languages() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.decode().startswith("zgcheck ")
    zh = run_cli("--help")
    assert zh.returncode == 0 and "检查" in zh.stdout.decode()
    en = run_cli("--lang", "en", "--help")
    assert en.returncode == 0 and "Check notices" in en.stdout.decode()
    assert "检查" not in en.stdout.decode()


def test_json_contract(tmp_path: Path) -> None:
    path = _write(tmp_path)
    proc = run_cli("check", "--format", "json", str(path))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert data["version"] and data["summary"]["files"] == 1
    (entry,) = data["files"]
    assert entry["path"] == str(path) and entry["kind"] == "notice" and entry["encoding"] == "utf-8"
    assert entry["error"] is None
    assert [item["label"] for item in entry["items"]] == ["1.", "2."]
    text = path.read_text(encoding="utf-8")
    rect = entry["items"][0]["rectification"]
    assert text[rect["start"]:rect["end"]].startswith("进一步加强管护")
    for f in entry["findings"]:
        assert set(f) >= {"rule", "category", "severity", "item", "start", "end", "line", "column", "message"}
        assert 0 <= f["start"] <= f["end"] <= len(text)
        line_start = text.rfind("\n", 0, f["start"]) + 1
        assert f["line"] == text.count("\n", 0, f["start"]) + 1
        assert f["column"] == f["start"] - line_start + 1
    assert data["summary"]["findings"] == len(entry["findings"])
    # the weak first item is flagged, and nothing in the strong second item says it has no deadline
    first = {f["category"] for f in entry["findings"] if f["item"] == 0}
    assert "vague" in first
    assert proc.returncode == 1


def test_stdin_and_gb18030_give_the_same_items(tmp_path: Path) -> None:
    utf8 = run_cli("check", "--format", "json", "-", input=WEAK_NOTICE.encode("utf-8"))
    gb = _write(tmp_path, "gb.txt", WEAK_NOTICE, "gb18030")
    gbk = run_cli("check", "--format", "json", str(gb))
    a, b = json.loads(utf8.stdout)["files"][0], json.loads(gbk.stdout)["files"][0]
    assert a["path"] == "-" and b["encoding"] == "gb18030"
    assert a["items"] == b["items"]
    assert [(f["rule"], f["start"]) for f in a["findings"]] == [(f["rule"], f["start"]) for f in b["findings"]]


def test_exit_codes_fail_on_and_exit_zero(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert run_cli("check", "--format", "json", str(path)).returncode == 1
    assert run_cli("check", "--format", "json", "--exit-zero", str(path)).returncode == 0
    only_info = run_cli("check", "--format", "json", "--fail-on", "error", "--select", "vague", str(path))
    assert only_info.returncode in (0, 1)
    missing = run_cli("check", "--format", "json", str(path), str(tmp_path / "nope.txt"))
    assert missing.returncode == 2
    data = json.loads(missing.stdout)
    kinds = {Path(f["path"]).name: f["kind"] for f in data["files"]}
    assert kinds == {"notice.txt": "notice", "nope.txt": "error"}
    assert "nope.txt" in missing.stderr.decode() and "Traceback" not in missing.stderr.decode()


def test_select_and_ignore_by_category(tmp_path: Path) -> None:
    path = _write(tmp_path)
    only = json.loads(run_cli("check", "--format", "json", "--select", "vague", str(path)).stdout)
    cats = {f["category"] for f in only["files"][0]["findings"]}
    assert cats == {"vague"}
    without = json.loads(run_cli("check", "--format", "json", "--ignore", "vague", str(path)).stdout)
    assert "vague" not in {f["category"] for f in without["files"][0]["findings"]}


def test_unknown_rule_in_config_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path)
    (tmp_path / ".zgcheck.yaml").write_text("fail_on: warning\nignore: [ZG999]\n", encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(path))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert ".zgcheck.yaml:2" in err and "ZG999" in err and "Traceback" not in err


def test_output_file_is_written_and_inputs_are_never_overwritten(tmp_path: Path) -> None:
    path = _write(tmp_path)
    before = path.read_bytes()
    out = tmp_path / "out.json"
    proc = run_cli("check", "--format", "json", "-o", str(out), str(path))
    assert proc.returncode == 1 and json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1
    clash = run_cli("check", "--format", "json", "-o", str(path), str(path))
    assert clash.returncode == 2 and path.read_bytes() == before
    # the same file under another name (a symbolic link, a hard link, a relative path) is refused too
    (tmp_path / "alias.txt").symlink_to(path)
    os.link(path, tmp_path / "hard.txt")
    for other in ("alias.txt", "hard.txt", f"../{tmp_path.name}/{path.name}"):
        clash = run_cli("check", "--format", "text", "-o", other, str(path), cwd=tmp_path)
        assert clash.returncode == 2 and "覆盖输入文件" in clash.stderr.decode(), other
        assert path.read_bytes() == before


def test_init_writes_a_valid_commented_config(tmp_path: Path) -> None:
    proc = run_cli("init", cwd=tmp_path)
    assert proc.returncode == 0
    cfg = tmp_path / ".zgcheck.yaml"
    assert cfg.exists() and "#" in cfg.read_text(encoding="utf-8")
    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2
    notice = _write(tmp_path)
    assert run_cli("check", "--format", "json", str(notice), cwd=tmp_path).returncode in (0, 1)


def test_parallel_output_equals_serial(tmp_path: Path) -> None:
    for n in range(6):
        _write(tmp_path, f"n{n}.txt", WEAK_NOTICE.replace("120万元", f"{100 + n}万元"))
    serial = run_cli("check", "--format", "json", "--jobs", "1", str(tmp_path))
    parallel = run_cli("check", "--format", "json", "--jobs", "2", str(tmp_path))
    assert serial.stdout == parallel.stdout
    names = [Path(f["path"]).name for f in json.loads(serial.stdout)["files"]]
    assert names == sorted(names)


@pytest.mark.parametrize("lang, word", [("zh", "事项"), ("en", "item")])
def test_text_report_language(tmp_path: Path, lang: str, word: str) -> None:
    path = _write(tmp_path)
    proc = run_cli("check", "--lang", lang, str(path))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert f"{path}:" in out and word in out.lower()


@pytest.mark.parametrize("fmt", ["json", "html", "sarif"])
def test_output_to_a_device_is_written_through_not_replaced(tmp_path: Path, fmt: str) -> None:
    import stat

    path = _write(tmp_path)
    proc = run_cli("check", "--format", fmt, "-o", os.devnull, str(path))
    assert proc.returncode == 1
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_baseline_flow_only_new_items_fail(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    a = _write(repo, "a.txt")
    _write(repo, "b.txt", WEAK_NOTICE.replace("水务局", "林业局"))
    base = repo / ".zgcheck-baseline.json"
    made = run_cli("baseline", str(repo), "-o", str(base))
    assert made.returncode == 0 and base.exists(), made.stderr.decode()
    assert run_cli("check", "--format", "json", "--baseline", str(base), str(repo)).returncode == 0
    # renumber the items, insert a line above them, and add one new weak item
    text = a.read_text(encoding="utf-8")
    text = text.replace("1.关于“农村", "2.关于“农村").replace("2.关于“项目", "1.关于“项目")
    text = text.replace("一、巡察反馈问题整改落实情况", "一、巡察反馈问题整改落实情况\n（以下按问题性质排列。）")
    text = text.replace("欢迎广大", "3.关于“水费收缴不规范”的整改情况。切实加强管理。\n欢迎广大")
    a.write_text(text, encoding="utf-8")
    proc = run_cli("check", "--format", "json", "--baseline", str(base), str(repo))
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    new = [(Path(e["path"]).name, f["item"]) for e in data["files"] for f in e["findings"]]
    items = {Path(e["path"]).name: e["items"] for e in data["files"]}
    assert new and all(name == "a.txt" and items["a.txt"][i]["label"] == "3." for name, i in new if i is not None)


def test_per_path_ignores(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    path = _write(tmp_path / "archive", "old.txt")
    (tmp_path / ".zgcheck.yaml").write_text("per_path_ignores:\n  '*archive/*': [vague, ZG101]\n", encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", str(path)).stdout)
    cats = {f["category"] for f in data["files"][0]["findings"]}
    assert "vague" not in cats and "deadline" not in cats and cats
