"""Sources: encodings, .docx, .html, and hostile files — each a clear one-line error."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from checker.source import SourceError, discover, read_source
from checker.source.docx import extract

TEXT = "关于巡察整改进展情况的通报\r\n整改情况：已完成。\r\n"


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                ("gb18030", "gb18030"), ("utf-16", "utf-16")])
def test_encodings_keep_the_text_exactly(tmp_path: Path, encoding: str, expected: str) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(TEXT.encode(encoding))
    source = read_source(path)
    assert source.text == TEXT and source.encoding == expected      # CRLF untouched


@pytest.mark.parametrize("data, fragment", [
    (b"", "为空"), (b"   \n\t\n", "空白"), (b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"PK\x03\x04rest", "ZIP"), ("整改\x00情况".encode("utf-8"), "NUL"), (b"\x80\x81\xc0abc\xff" * 4, "编码"),
])
def test_bad_text_files(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert str(err.value).startswith(f"{path}: ") and fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(200 * 2**20)            # sparse: nothing is written
    with pytest.raises(SourceError) as err:
        read_source(path, max_file_size=20 * 2**20)
    assert "过大" in str(err.value)


def test_fifo_and_missing_and_directory(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(SourceError, match="不是普通文件"):
        read_source(fifo)
    with pytest.raises(SourceError, match="不存在"):
        read_source(tmp_path / "gone.txt")
    with pytest.raises(SourceError, match="目录"):
        read_source(tmp_path)


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "n.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    found = [str(p) for p in discover([str(tmp_path)], ["*.txt"], [])]
    assert found == [str(tmp_path / "a" / "n.txt")]


def test_include_and_exclude(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "c.pdf", "skip/d.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).name for p in discover([str(tmp_path)], ["*.txt", "*.md"], ["skip"])]
    assert found == ["a.txt", "b.md"]


def test_html_visible_text_only(tmp_path: Path) -> None:
    path = tmp_path / "n.html"
    path.write_text("<html><head><title>t</title><style>p{}</style></head><body><nav>首页 菜单</nav>"
                    "<p>关于巡察整改的通报</p><script>alert(1)</script><p>整改情况：已完成&amp;公开。</p></body></html>",
                    encoding="utf-8")
    source = read_source(path)
    assert source.format == "html"
    assert source.text == "关于巡察整改的通报\n整改情况：已完成&公开。"


def _docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于巡察整改进展情况的通报")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "反馈问题", "整改情况"
    table.cell(1, 0).text, table.cell(1, 1).text = "台账不全", "已补录台账12本。"
    document.add_paragraph("整改情况：已完成。")
    path = tmp_path / "n.docx"
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = _docx(tmp_path)
    source = read_source(path)
    assert source.format == "docx"
    assert source.text == "关于巡察整改进展情况的通报\n反馈问题\t整改情况\n台账不全\t已补录台账12本。\n整改情况：已完成。"
    refs = extract(path.read_bytes()).paragraphs
    for ref in refs:
        assert 0 <= ref.start <= ref.end <= len(source.text)
    assert source.text[refs[-1].start:refs[-1].end] == "整改情况：已完成。"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data, fragment", [
    (_zip({"word/document.xml": b"\0" * (60 * 2**20)}), "压缩炸弹"),
    (_zip({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}), "实体"),
    (_zip({"other.xml": b"<x/>"}), "document.xml"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
    (b"not a zip at all", "不是有效"),
])
def test_hostile_docx(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(SourceError) as err:
        read_source(path)
    assert fragment in str(err.value) and str(err.value).startswith(str(path))


def test_hostile_folder_through_the_cli(tmp_path: Path, cli) -> None:
    good = tmp_path / "good.txt"
    good.write_text("1.关于“甲”的整改情况。进一步加强管理。\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "pdf.txt").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "bomb.docx").write_bytes(_zip({"word/document.xml": b"\0" * (60 * 2**20)}))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    proc = cli("check", "--format", "json", str(tmp_path), timeout=60)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err and err.count("\n") == 3
    import json

    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert files["good.txt"]["kind"] == "notice" and files["good.txt"]["findings"]
    assert {files[n]["kind"] for n in ("empty.txt", "pdf.txt", "bomb.docx")} == {"error"}
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_mixed_encodings_are_named(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(("整改情况：已完成全部整改工作。" * 5).encode("utf-8") + "国标编码的片段".encode("gbk")
                     + ("整改情况：已完成。" * 5).encode("utf-8"))
    with pytest.raises(SourceError, match="混用"):
        read_source(path)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(("整改情况：已完成全部整改工作。" * 5).encode("gbk"))
    assert read_source(gbk).encoding == "gb18030"


def test_file_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text("整改情况：已完成。", encoding="utf-8")
    (found,) = list(discover([str(tmp_path)], ["*.txt"], []))
    path.unlink()
    with pytest.raises(SourceError, match="不存在"):
        read_source(found)
