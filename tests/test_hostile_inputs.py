"""Issue 22: one bad file never loses the run; no leak through symbolic links; clear encoding messages.

Every damaged input is generated here (zipfile + byte patches), never committed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile_docx import NOTICE_LINES, ODD_BUT_READABLE, UNREADABLE, declares_entity, valid_docx

from checker.source import SourceError, read_source

NOTICE = "\n".join(NOTICE_LINES) + "\n"


@pytest.fixture(scope="module")
def base_docx() -> bytes:
    return valid_docx()


def _one_line_error(proc, path_fragment: str, reason: str) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if path_fragment in line]
    assert len(lines) == 1 and reason in lines[0], err
    return lines[0]


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_damaged_docx_is_one_line_in_every_command(tmp_path: Path, base_docx: bytes, cli, name: str) -> None:
    damage, reason = UNREADABLE[name]
    data = damage(base_docx)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert str(err.value).startswith(str(path)) and reason in str(err.value)
    _one_line_error(cli("check", "--no-progress", str(path)), path.name, reason)
    _one_line_error(cli("parse", str(path)), path.name, reason)
    out = tmp_path / "annotated.docx"
    _one_line_error(cli("check", "--no-progress", str(path), "--annotate", str(out)), path.name, reason)
    assert not out.exists()
    _one_line_error(cli("check", "--no-progress", "-", input=data), "-: ", reason)


@pytest.mark.parametrize("name", sorted(ODD_BUT_READABLE))
def test_odd_numbering_is_read_without_a_traceback(tmp_path: Path, base_docx: bytes, cli, name: str) -> None:
    damage, first_label = ODD_BUT_READABLE[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(damage(base_docx))
    source = read_source(path)
    assert "制度不健全" in source.text and source.list_labels[0] == first_label
    for args in (("check", "--no-progress", str(path)), ("parse", str(path)),
                 ("check", "--no-progress", str(path), "--annotate", str(tmp_path / "out.docx"))):
        proc = cli(*args)
        assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, proc.stderr.decode()
    zipfile.ZipFile(tmp_path / "out.docx").testzip()


def test_a_numbering_value_that_is_no_number_is_named_in_english(tmp_path: Path, base_docx: bytes, cli) -> None:
    from hostile_docx import huge_start, ilvl_not_a_number

    path = tmp_path / "draft.docx"
    path.write_bytes(ilvl_not_a_number(base_docx))
    line = _one_line_error(cli("check", "--no-progress", "--lang", "en", str(path)), "draft.docx",
                           'word/document.xml: the value "x" of w:ilvl is not a number')
    assert line.startswith(str(path))
    path.write_bytes(huge_start(base_docx))
    line = _one_line_error(cli("parse", "--lang", "en", str(path)), "draft.docx",
                           "word/numbering.xml: the value")
    assert "of w:start has 5000 digits: out of range" in line and len(line) < 200


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_damaged_files_in_a_folder_do_not_lose_the_others(tmp_path: Path, base_docx: bytes, cli, jobs: str) -> None:
    for name, (damage, _) in UNREADABLE.items():
        (tmp_path / f"{name}.docx").write_bytes(damage(base_docx))
    good = [f"good{k}.txt" for k in range(5)]
    for name in good:
        (tmp_path / name).write_text(NOTICE, encoding="utf-8")
    (tmp_path / "good.docx").write_bytes(base_docx)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    proc = cli("check", "--no-progress", "--jobs", jobs, "-f", "json", str(tmp_path))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err and len(err.splitlines()) == len(UNREADABLE)
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert len(files) == len(UNREADABLE) + len(good) + 1
    for name in [*good, "good.docx"]:
        assert files[name]["kind"] != "error" and files[name]["findings"], name
    for name, (_, reason) in UNREADABLE.items():
        assert files[f"{name}.docx"]["kind"] == "error" and reason in files[f"{name}.docx"]["error"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("part", ["word/comments.xml", "word/document.xml"])
def test_entity_declared_after_a_long_prolog_is_refused(tmp_path: Path, cli, part: str) -> None:
    path = tmp_path / "draft.docx"
    path.write_bytes(declares_entity(valid_docx(comment=True), part))
    out = tmp_path / "annotated.docx"
    proc = cli("check", "--no-progress", str(path), "--annotate", str(out))
    _one_line_error(proc, "draft.docx", "实体")
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))
    if part == "word/document.xml":      # the reader refuses it too
        _one_line_error(cli("check", "--no-progress", str(path)), "draft.docx", "实体")


def test_annotated_copy_of_a_commented_draft_is_well_formed(tmp_path: Path, cli) -> None:
    import docx
    from lxml import etree

    path = tmp_path / "draft.docx"
    path.write_bytes(valid_docx(comment=True))
    out = tmp_path / "annotated.docx"
    proc = cli("check", "--no-progress", str(path), "--annotate", str(out))
    assert proc.returncode == 1, proc.stderr.decode()
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))
    assert len(docx.Document(str(out)).comments) >= 2


def test_bad_config_deep_in_a_tree_fails_only_its_files(tmp_path: Path, cli) -> None:
    for folder in ("a", "b/deep", "c"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "b" / ".zgcheck.yaml").write_text("fail_on: [1, 2\n  bad: :\n", encoding="utf-8")
    proc = cli("check", "--no-progress", "-f", "json", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    bad = files[str(tmp_path / "b" / "deep" / "n.txt")]
    assert bad["kind"] == "error" and ".zgcheck.yaml" in bad["error"]
    for folder in ("a", "c"):
        assert files[str(tmp_path / folder / "n.txt")]["findings"]
    err = proc.stderr.decode()
    assert "Traceback" not in err and len(err.splitlines()) == 1 and ".zgcheck.yaml" in err


# ------------------------------------------------------------------ parser failures

HEAD_ALONE = ["1.关于", "（一）", "问题1：", "一、", "1.", "(一)", "（1）", "①", "1）", "问题一：", "第四项"]


@pytest.mark.parametrize("head", HEAD_ALONE)
def test_a_head_line_with_no_text_does_not_break_the_parser(head: str) -> None:
    from checker.parse import parse_notice

    for before in ("", "一、整改落实情况\n", "一、整改落实情况\n1.关于制度不健全的问题。已完成。\n"):
        for after in ("", "\n", "\n整改情况：已完成。", "\n整改情况：已完成。\n整改措施：修订制度。",
                      "\n一是加强学习。\n整改情况：已完成。", "\n2.关于台账问题。已完成。"):
            notice = parse_notice(before + head + after)
            assert not notice.limits_hit, (before, head, after)


def test_an_unexpected_parser_failure_is_an_error_naming_the_file(tmp_path: Path, monkeypatch) -> None:
    import checker.parse.structure as structure
    from checker.runner import Resolver, RunPlan, check_path

    def broken(text, labels):
        raise ValueError("simulated parser bug")

    monkeypatch.setattr(structure, "build_notice", broken)
    path = tmp_path / "n.txt"
    path.write_text(NOTICE, encoding="utf-8")
    result = check_path(str(path), None, Resolver(RunPlan()))
    assert result.kind == "error" and result.error.startswith(str(path))
    assert "ValueError" in result.error and "\n" not in result.error


# ------------------------------------------------------------------ encodings

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(NOTICE.replace("3", "三").encode(codec))       # no ASCII: no NUL bytes at all
    source = read_source(path)
    assert source.encoding == "utf-16" and source.text == NOTICE.replace("3", "三")


def test_gb18030_is_not_taken_for_utf16(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes((NOTICE * 3).encode("gb18030"))
    assert read_source(path).encoding == "gb18030"


def test_a_truncated_utf8_file_names_the_byte(tmp_path: Path, cli) -> None:
    data = (NOTICE * 3).encode("utf-8")
    path = tmp_path / "cut.txt"
    path.write_bytes(data[:-2])              # "。\n" cut inside the 。 (3 bytes, from byte len - 3)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert "不完整" in str(err.value) and f"第 {len(data) - 3} 字节" in str(err.value)
    assert "混用" not in str(err.value)
    proc = cli("check", "--no-progress", "--lang", "en", str(path))
    assert proc.returncode == 2 and f"truncated UTF-8 sequence at byte {len(data) - 3}" in proc.stderr.decode()


def test_one_damaged_utf8_character_inside_names_the_byte(tmp_path: Path) -> None:
    data = (NOTICE * 3).encode("utf-8")
    position = data.index("制度".encode())
    path = tmp_path / "hole.txt"
    path.write_bytes(data[:position] + data[position + 1:])       # the first byte of 制 lost
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert f"第 {position + 1} 字节" in str(err.value) and "混用" not in str(err.value)


# ------------------------------------------------------------------ symbolic links

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="POSIX symbolic links")


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.txt").write_text("关于巡察整改的通报\n1.关于机密XYZZY的问题。已完成整改。\n", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "n.txt").write_text(NOTICE, encoding="utf-8")
    (tree / "outdir").symlink_to(secret)
    (tree / "outfile.txt").symlink_to(secret / "secret.txt")
    (tree / "root").symlink_to("/")
    (tree / "inlink").symlink_to("sub")                      # inside the tree: fine
    (tree / "alias.txt").symlink_to(tree / "sub" / "n.txt")  # inside: the same file, checked once
    (tree / "sub" / "up").symlink_to("..")                   # a loop
    (tree / "self.txt").symlink_to("self.txt")               # a link to itself
    return tree


@needs_symlinks
def test_links_out_of_the_tree_are_not_followed(linked_tree: Path, tmp_path: Path, cli) -> None:
    html = tmp_path / "report.html"
    proc = cli("check", "--no-progress", "-f", "html", "-o", str(html), str(linked_tree), timeout=60)
    assert proc.returncode == 1, proc.stderr.decode()
    assert "XYZZY" not in html.read_text(encoding="utf-8")
    err = proc.stderr.decode()
    assert "outdir" not in err and "Traceback" not in err
    # loops are reported without --verbose, once each
    assert sum("up" in line and "循环" in line for line in err.splitlines()) == 1
    assert sum("self.txt" in line and "循环" in line for line in err.splitlines()) == 1
    proc = cli("check", "--no-progress", "-f", "json", str(linked_tree), timeout=60)
    paths = [f["path"] for f in json.loads(proc.stdout)["files"]]
    assert len(paths) == 1 and "XYZZY" not in proc.stdout.decode()    # n.txt once, under one of its names


@needs_symlinks
def test_verbose_names_the_skipped_links(linked_tree: Path, cli) -> None:
    proc = cli("check", "--no-progress", "--verbose", "-f", "json", str(linked_tree), timeout=60)
    err = proc.stderr.decode()
    for name in ("outdir", "outfile.txt", "root"):
        line = next(line for line in err.splitlines() if f"tree/{name}:" in line)
        assert "之外" in line
    en = cli("check", "--no-progress", "--verbose", "--lang", "en", "-f", "json", str(linked_tree), timeout=60)
    assert "leads outside the folders checked" in en.stderr.decode()


@needs_symlinks
def test_a_link_given_explicitly_is_followed(linked_tree: Path, cli) -> None:
    proc = cli("parse", str(linked_tree / "outfile.txt"))
    assert proc.returncode == 0 and "XYZZY" in proc.stdout.decode()
    proc = cli("check", "--no-progress", "-f", "json", str(linked_tree / "outdir"))
    assert [Path(f["path"]).name for f in json.loads(proc.stdout)["files"]] == ["secret.txt"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes in a name")
def test_a_file_name_that_is_not_utf8_never_crashes_an_output(tmp_path: Path) -> None:
    """A name with bytes that are not UTF-8 reaches every format as a visible escape (\\udcff)."""
    folder = tmp_path / "notices"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/bad\xff\xfe.txt"
    with open(raw, "wb") as fh:
        fh.write("关于巡察整改进展情况的通报\n一、关于“制度不健全”的问题\n进一步加强制度建设。\n".encode("utf-8"))
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    runs = [["check", "-f", name, str(folder)] for name in ("text", "json", "html", "markdown", "sarif",
                                                             "junit", "github", "gitlab")]
    runs += [["baseline", str(folder), "-o", str(tmp_path / "bl.json")],
             ["check", "-f", "html", "-o", str(tmp_path / "r.html"), str(folder)]]
    for args in runs:
        proc = subprocess.run([sys.executable, "-m", "checker", *args, "--no-progress"] if args[0] == "check"
                              else [sys.executable, "-m", "checker", *args],
                              capture_output=True, env=env, timeout=120)
        assert proc.returncode in (0, 1), (args, proc.stderr.decode(errors="replace"))
        assert b"Traceback" not in proc.stderr, args
    assert "\\udcff" in (tmp_path / "bl.json").read_text(encoding="utf-8")
