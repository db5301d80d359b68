"""The command line in pipelines (issue 20.5, 20.7, 20.8; 22.9 for the CLI): real runs of
``zgcheck`` on invented notices written into tmp_path."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli

# invented: item 1 is weak (no deadline, nobody responsible, vague, plans only), item 2 is
# study only, item 3 is a complete rectification
NOTICE_LINES = [
    "中共示例市林业局党组关于巡察整改进展情况的通报",
    "根据市委统一部署，2024年4月至6月，市委第一巡察组对市林业局党组开展了常规巡察。现将整改进展情况予以公布。",
    "一、巡察反馈问题整改落实情况",
    "1.关于“森林防火巡护不到位”的整改情况。进一步加强巡护工作，持续推进整改落实。",
    "2.关于“干部作风建设不扎实”的整改情况。组织全体干部集中学习作风建设有关规定，召开专题会议进行警示教育。",
    "3.关于“苗木采购程序不规范”的整改情况。局计财科牵头，已于2024年7月修订《苗木采购管理办法》，完成12个采购项目复核。",
    "欢迎广大干部群众对巡察整改落实情况进行监督。联系方式：电话0000-7654321；电子邮箱：lyj@example.cn。",
    "中共示例市林业局党组",
    "2024年9月1日",
]
NOTICE = "\n".join(NOTICE_LINES) + "\n"


def _json(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout.decode("utf-8"))


def _rules(data: dict) -> list[str]:
    return [f["rule"] for file in data["files"] for f in file["findings"]]


def _html(body_lines: list[str]) -> str:
    """The notice as a page: a head, attributes, entities and indentation, so that lines and
    columns of the file differ from those of the extracted text."""
    head = ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n  <meta charset="utf-8">\n'
            '  <title>通报</title>\n  <style>p { margin: 0 }</style>\n</head>\n<body>\n'
            '  <nav><a href="/">首页</a> &gt; 通知公告</nav>\n')
    return head + "".join(body_lines) + "</body>\n</html>\n"


def _paragraphs(lines: list[str]) -> list[str]:
    return [f'    <div class="para" data-n="{n}"><p>&#32;{line}</p></div>\n' for n, line in enumerate(lines)]


# ------------------------------------------------------------------ HTML sources (20.7)

def test_html_line_and_column_point_into_the_file(tmp_path: Path) -> None:
    from checker.source.html import visible_text

    page = _html(_paragraphs(NOTICE_LINES))
    path = tmp_path / "notice.html"
    path.write_text(page, encoding="utf-8")
    file_lines = page.split("\n")
    extracted = visible_text(page)

    data = _json(run_cli("check", "--format", "json", str(path)))
    findings = data["files"][0]["findings"]
    assert findings, "the weak items are reported"
    for f in findings:
        evidence = extracted[f["start"]:f["end"]]        # start/end keep their meaning: the extracted text
        assert evidence
        at = file_lines[f["line"] - 1][f["column"] - 1:]
        assert at.startswith(evidence[:8]), (f, at[:30], evidence[:30])
        assert f["line"] >= 10           # below the head and the navigation, not the text's own lines

    # the other formats give the same places
    text = run_cli("check", "--format", "text", "--group-by", "finding", str(path)).stdout.decode()
    places = {(f["line"], f["column"]) for f in findings}
    shown = {(int(a), int(b)) for a, b in re.findall(r"notice\.html:(\d+):(\d+)", text)}
    assert shown == places
    github = run_cli("check", "--format", "github", str(path)).stdout.decode()
    assert {(int(a), int(b)) for a, b in re.findall(r"line=(\d+),col=(\d+)", github)} == places
    sarif = json.loads(run_cli("check", "--format", "sarif", str(path)).stdout.decode())
    regions = {(r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["locations"][0]["physicalLocation"]["region"]["startColumn"]) for r in sarif["runs"][0]["results"]}
    assert regions == places
    gitlab = json.loads(run_cli("check", "--format", "gitlab", str(path)).stdout.decode())
    assert {i["location"]["lines"]["begin"] for i in gitlab} == {line for line, _ in places}


def test_html_extraction_unchanged_and_mapped_through_entities() -> None:
    from checker.source.html import extract

    page = "<p>甲&amp;乙　 整改\n  完成</p><p>&#x6574;改&nbsp;到位</p><!-- 普通注释 -->"
    text, source_map = extract(page)
    assert text == "甲&乙 整改\n完成\n整改 到位"      # as before: spaces collapsed, lines kept
    for offset, char in enumerate(text):
        if char.isspace():
            continue
        original = source_map.original_offset(offset)
        assert page[original] == char or page[original] == "&", (offset, char, page[original:original + 6])


def test_suppression_comments_work_in_html(tmp_path: Path) -> None:
    body = _paragraphs(NOTICE_LINES[:3])
    body.append("    <!-- zgcheck: disable-next-line=ZG101,无责任主体 -->\n")
    body += _paragraphs(NOTICE_LINES[3:4])
    body.append("    <!-- zgcheck: disable=ZG999 -->\n")
    body += _paragraphs(NOTICE_LINES[4:])
    page = _html(body)
    path = tmp_path / "notice.html"
    path.write_text(page, encoding="utf-8")
    plain = tmp_path / "plain.html"
    plain.write_text(_html(_paragraphs(NOTICE_LINES)), encoding="utf-8")

    before = _rules(_json(run_cli("check", "--format", "json", str(plain))))
    assert "ZG101" in before and "ZG102" in before
    proc = run_cli("check", "--format", "json", str(path))
    after = _json(proc)
    item1 = [f["rule"] for f in after["files"][0]["findings"] if f["item"] == 0]
    assert "ZG101" not in item1 and "ZG102" not in item1 and item1, item1   # the others stay
    stderr = proc.stderr.decode()
    unknown_line = page.split("\n").index("    <!-- zgcheck: disable=ZG999 -->") + 1
    assert f"notice.html:{unknown_line}:" in stderr and "ZG999" in stderr


# ------------------------------------------------------------------ suppressions and labels (20.8)

def test_unknown_rule_in_a_suppression_comment_names_its_line(tmp_path: Path) -> None:
    lines = NOTICE_LINES[:3] + ["<!-- zgcheck: disable=ZG1O1 -->"] + NOTICE_LINES[3:5] + \
        ["<!-- zgcheck: disable-next-line=ZG101 -->"] + NOTICE_LINES[5:]
    path = tmp_path / "notice.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(path))
    stderr = proc.stderr.decode()
    assert "notice.txt:4: 抑制注释中的未知规则 'ZG1O1'" in stderr
    assert "notice.txt:7: 抑制注释未抑制任何问题" in stderr      # item 3 has no ZG101 to suppress
    assert "位置" not in stderr and "offset" not in stderr
    en = run_cli("--lang", "en", "check", "--format", "json", str(path)).stderr.decode()
    assert "notice.txt:4: unknown rule 'ZG1O1' in a suppression comment" in en
    assert "notice.txt:7: suppression comment suppresses nothing" in en


def test_chinese_category_labels_select_ignore_explain_and_suppress(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    every = _json(run_cli("check", "--format", "json", str(path)))
    categories = {f["category"] for file in every["files"] for f in file["findings"]}
    assert {"deadline", "study-only", "vague", "future-only"} <= categories

    selected = _json(run_cli("check", "--format", "json", "--select", "无整改时限", str(path)))
    assert {f["category"] for f in selected["files"][0]["findings"]} == {"deadline"}
    ignored = _json(run_cli("check", "--format", "json", "--ignore", "以学代改，空泛表述", str(path)))
    left = {f["category"] for f in ignored["files"][0]["findings"]}
    assert "study-only" not in left and "vague" not in left and "deadline" in left

    explained = run_cli("explain", "无责任主体")
    assert explained.returncode == 0 and "ZG102" in explained.stdout.decode()
    assert run_cli("explain", "没有这个类别").returncode == 2

    suppressed = tmp_path / "suppressed.txt"
    suppressed.write_text("<!-- zgcheck: disable=只有计划没有进展、空泛表述 -->\n" + NOTICE, encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(suppressed))
    left = {f["category"] for f in _json(proc)["files"][0]["findings"]}
    assert "future-only" not in left and "vague" not in left and "deadline" in left
    assert "未知规则" not in proc.stderr.decode()


# ------------------------------------------------------------------ inputs (20.8)

def test_folder_without_checkable_files_and_unmatched_pattern_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "data.csv").write_text("a,b\n", encoding="utf-8")
    proc = run_cli("check", str(empty))
    assert proc.returncode == 2
    assert "empty: 目录中没有可检查的文件" in proc.stderr.decode()

    proc = run_cli("check", str(tmp_path / "notices" / "*.txt"))
    assert proc.returncode == 2 and "没有文件与此模式匹配" in proc.stderr.decode()

    # a pattern the shell did not expand is expanded; one bad argument does not stop the others
    (tmp_path / "n1.txt").write_text(NOTICE, encoding="utf-8")
    proc = run_cli("check", "--format", "json", str(tmp_path / "n*.txt"), str(empty))
    data = _json(proc)
    assert proc.returncode == 2
    assert [f["kind"] for f in data["files"]] == ["error", "notice"]
    assert data["files"][1]["path"].endswith("n1.txt")

    proc = run_cli("check", "--include", "*.doc", str(tmp_path))
    assert proc.returncode == 2 and "*.doc" in proc.stderr.decode()


@pytest.mark.parametrize("fmt,name,include", [
    ("html", "report.html", None), ("markdown", "report.md", None), ("text", "report.txt", None),
    ("json", "report.json", "*.json"), ("sarif", "report.sarif", "*.sarif"),
    ("junit", "report.xml", "*.xml"), ("gitlab", "quality.json", "*.json"),
])
def test_reports_zgcheck_wrote_are_not_checked_again(tmp_path: Path, fmt: str, name: str,
                                                     include: str | None) -> None:
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    extra = ["--include", "*.txt", "--include", include] if include else []
    report = folder / name
    first = run_cli("check", "-f", fmt, "-o", str(report), *extra, str(folder))
    assert first.returncode == 1 and report.exists()
    # the same command again: the report is an output of this run, not an input
    again = run_cli("check", "-f", fmt, "-o", str(report), "-v", *extra, str(folder))
    assert again.returncode == 1, again.stderr.decode()
    assert "本次运行的输出文件" in again.stderr.decode()
    # another run, another output: the old report carries zgcheck's marker
    listed = run_cli("check", "-f", "json", "-v", *extra, str(folder))
    paths = [f["path"] for f in _json(listed)["files"]]
    assert paths == [str(folder / "notice.txt")]
    assert f"跳过 {report}：zgcheck 生成的报告" in listed.stderr.decode()
    quiet = run_cli("check", "-f", "json", *extra, str(folder))
    assert "跳过" not in quiet.stderr.decode()


def test_output_named_as_input_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    proc = run_cli("check", "-f", "text", "-o", str(path), str(path))
    assert proc.returncode == 2 and path.read_text(encoding="utf-8") == NOTICE


def test_only_notices_leaves_out_files_that_are_not_notices(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# 项目说明\n\n本仓库存放通报草稿。\n", encoding="utf-8")
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    every = _json(run_cli("check", "-f", "json", str(tmp_path)))
    assert [f["kind"] for f in every["files"]] == ["not-a-notice", "notice"]
    only = run_cli("check", "-f", "json", "--only-notices", str(tmp_path / "README.md"), str(tmp_path / "notice.txt"))
    assert [f["path"] for f in _json(only)["files"]] == [str(tmp_path / "notice.txt")]
    readme_only = run_cli("check", "--only-notices", str(tmp_path / "README.md"))
    assert readme_only.returncode == 0 and "README" not in readme_only.stdout.decode()


# ------------------------------------------------------------------ colour (20.8)

def _env(**changes: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}
    env.update({k: v for k, v in changes.items() if v is not None})
    return env


@pytest.mark.parametrize("args,env,coloured", [
    ((), {}, False),
    (("--color",), {}, True),
    (("--color",), {"NO_COLOR": "1"}, True),
    ((), {"FORCE_COLOR": "1"}, True),
    ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ((), {"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
    (("--no-color",), {"FORCE_COLOR": "1"}, False),
    ((), {"FORCE_COLOR": ""}, False),
])
def test_colour_into_a_pipe(tmp_path: Path, args, env, coloured: bool) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    proc = run_cli("check", *args, str(path), env=_env(**env))
    assert proc.returncode == 1
    assert ("\x1b[" in proc.stdout.decode()) is coloured


# ------------------------------------------------------------------ terminal safety (22.9)

def test_file_names_with_controls_are_escaped_on_stderr(tmp_path: Path) -> None:
    missing = tmp_path / "a\x1b]0;title\x07b.txt"
    proc = run_cli("check", str(missing))
    stderr = proc.stderr.decode()
    assert proc.returncode == 2
    assert "\x1b" not in stderr and "\x07" not in stderr
    assert "a\\x1b]0;title\\x07b.txt" in stderr

    broken = tmp_path / "c\x1b[2Jd.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    proc = run_cli("check", str(broken))
    assert "\x1b" not in proc.stderr.decode() and "c\\x1b[2Jd.docx" in proc.stderr.decode()
    proc = run_cli("parse", str(broken))
    assert proc.returncode == 2 and "\x1b" not in proc.stderr.decode()

    walked = tmp_path / "w"
    walked.mkdir()
    (walked / "e\x1b[31mf.txt").write_text(NOTICE, encoding="utf-8")
    proc = run_cli("check", "-f", "json", "-o", str(tmp_path / "out.json"), "-v", str(walked))
    assert proc.returncode == 1 and "\x1b" not in proc.stderr.decode()


def test_parse_output_never_carries_escape_sequences(tmp_path: Path) -> None:
    hostile = NOTICE.replace("森林防火", "森林\x1b[2J防火\x1b]8;;http://x.invalid\x07链接\x1b]8;;\x07火防\x9b31m")
    hostile = hostile.replace("进一步加强巡护", "进一步\u202e加强巡护")
    path = tmp_path / "n\x1b[1mame\x07.txt"
    path.write_text(hostile, encoding="utf-8")
    proc = run_cli("parse", str(path))
    out = proc.stdout.decode()
    assert proc.returncode == 0
    for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert raw not in out
    assert "\\x1b[2J" in out and "\\u202e" in out
    proc = run_cli("parse", "--format", "json", str(path))
    out = proc.stdout.decode()
    for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert raw not in out
    data = json.loads(out)
    assert data["path"] == str(path)          # the JSON still holds the exact name


# ------------------------------------------------------------------ pre-commit (20.5)

def _docx(path: Path, lines: list[str]) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install pre-commit; .ci/run installs it with the test extra)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return [sys.executable, "-m", "pre_commit"]


def test_pre_commit_hook_checks_docx_and_leaves_out_non_notices(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    # the hook repository: this working tree as committed files (try-repo needs a git repository)
    hook_repo = tmp_path / "hook-repo"
    shutil.copytree(REPO, hook_repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", "tests", "build", "dist", "*.egg-info"))
    _git("init", "-q", cwd=hook_repo)
    _git("add", "-A", cwd=hook_repo)
    _git("commit", "-q", "-m", "hook", cwd=hook_repo)

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "README.md").write_text("# 草稿仓库\n\n这里存放通报草稿。\n", encoding="utf-8")
    (drafts / "notice.txt").write_text(NOTICE, encoding="utf-8")
    _docx(drafts / "draft.docx", NOTICE_LINES)
    _git("init", "-q", cwd=drafts)
    _git("add", "-A", cwd=drafts)
    _git("commit", "-q", "-m", "drafts", cwd=drafts)

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONPATH", None)
    run = [*pre_commit, "try-repo", str(hook_repo), "zgcheck", "--verbose"]
    every = subprocess.run([*run, "--all-files"], cwd=drafts, capture_output=True, timeout=900, env=env)
    out = every.stdout.decode() + every.stderr.decode()
    assert every.returncode == 1, out
    assert "draft.docx:" in out and "notice.txt:" in out        # the .docx draft is checked
    assert "ZG101" in out
    assert "README.md" not in out and "非整改通报" not in out      # README.md is not reported

    readme = subprocess.run([*run, "--files", "README.md"], cwd=drafts, capture_output=True, timeout=900, env=env)
    out = readme.stdout.decode() + readme.stderr.decode()
    assert readme.returncode == 0, out
    assert "非整改通报" not in out and "not a rectification notice" not in out


def test_html_positions_and_suppression_notes_through_worker_processes(tmp_path: Path) -> None:
    body = _paragraphs(NOTICE_LINES[:3]) + ["    <!-- zgcheck: disable=无此类别 -->\n"] + _paragraphs(NOTICE_LINES[3:])
    for n in range(5):
        (tmp_path / f"n{n}.html").write_text(_html(body), encoding="utf-8")
    page_line = _html(body).split("\n").index("    <!-- zgcheck: disable=无此类别 -->") + 1
    for fmt in ("json", "sarif"):
        serial = run_cli("check", "-f", fmt, "--jobs", "1", str(tmp_path))
        parallel = run_cli("check", "-f", fmt, "--jobs", "2", str(tmp_path))
        assert serial.stdout == parallel.stdout
        assert parallel.stderr.decode().count(f".html:{page_line}: 抑制注释中的未知规则 '无此类别'") == 5
    lines = {f["line"] for f in _json(run_cli("check", "-f", "json", "--jobs", "2", str(tmp_path)))["files"][0]["findings"]}
    assert min(lines) >= 10


def test_annotated_copy_is_left_out_of_a_walk_but_checked_when_named(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    _docx(folder / "draft.docx", NOTICE_LINES)
    reviewed = folder / "draft.reviewed.docx"
    assert run_cli("check", "--annotate", str(reviewed), str(folder / "draft.docx")).returncode == 1
    assert reviewed.exists()
    walked = run_cli("check", "-f", "json", "-v", str(folder))
    assert [f["path"] for f in _json(walked)["files"]] == [str(folder / "draft.docx")]
    assert "draft.reviewed.docx" in walked.stderr.decode()
    named = run_cli("check", "-f", "json", str(reviewed))
    assert [f["kind"] for f in _json(named)["files"]] == ["notice"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_looking_for_report_markers_never_blocks_on_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.docx")
    proc = run_cli("check", "-f", "json", str(tmp_path), timeout=60)
    kinds = {Path(f["path"]).name: f["kind"] for f in _json(proc)["files"]}
    assert proc.returncode == 2
    assert kinds == {"notice.txt": "notice", "pipe.txt": "error", "pipe.docx": "error"}


def test_chinese_category_labels_in_the_config_file(tmp_path: Path) -> None:
    """select/ignore/per_path_ignores in .zgcheck.yaml take the labels findings show, as the CLI does."""
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    every = {f["category"] for f in _json(run_cli("check", "--format", "json", str(path)))["files"][0]["findings"]}
    assert {"deadline", "vague"} <= every
    (tmp_path / ".zgcheck.yaml").write_text("ignore: [无整改时限, 空泛表述]\n", encoding="utf-8")
    left = {f["category"] for f in _json(run_cli("check", "--format", "json", str(path), cwd=tmp_path))["files"][0]["findings"]}
    assert left == every - {"deadline", "vague"}
    (tmp_path / ".zgcheck.yaml").write_text("per_path_ignores:\n  '*.txt': [以学代改]\n", encoding="utf-8")
    left = {f["category"] for f in _json(run_cli("check", "--format", "json", str(path), cwd=tmp_path))["files"][0]["findings"]}
    assert left == every - {"study-only"}
