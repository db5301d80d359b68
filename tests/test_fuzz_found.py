"""What the atheris harnesses (tests/fuzz/) found, each reproduced here with a generated input."""
from __future__ import annotations

import gc
import io
import json
import struct
import weakref
import zipfile
from pathlib import Path

from checker.config import Settings
from checker.engine import load_ruleset
from checker.model import Span
from checker.parse import parse_notice

NOTICE_LINES = ["关于某县巡察整改进展情况的通报", "一、整改落实情况", "1.关于制度不健全的问题。已完成整改，修订制度3项。"]


def _docx(lines: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxml'
                                                'formats.org/package/2006/content-types"/>')
        package.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                                              'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                                              f'{body}</w:body></w:document>')
    return out.getvalue()


def _needs_zip_version(data: bytes, version: int) -> bytes:
    """``data`` with every central-directory entry asking for zip ``version`` to extract."""
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        out[pos + 6:pos + 8] = struct.pack("<H", version)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def test_docx_needing_an_unknown_zip_version_is_one_line(tmp_path: Path, cli) -> None:
    """``zipfile`` raises NotImplementedError ("zip file version 10.1"), not BadZipFile: it was an
    "internal error" of the reader; it is a bad file like any other (exit 2, one line, the
    other files still checked)."""
    bad = tmp_path / "bad.docx"
    bad.write_bytes(_needs_zip_version(_docx(NOTICE_LINES), 101))
    good = tmp_path / "good.txt"
    good.write_text("\n".join(NOTICE_LINES) + "\n", encoding="utf-8")
    proc = cli("check", "--format", "json", str(bad), str(good), "--lang", "en")
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.decode().splitlines() if "bad.docx" in line]
    assert errors == [f"{bad}: not a valid .docx (the zip archive needs an unsupported format version)"]
    assert "internal error" not in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert files["good.txt"]["kind"] == "notice" and files["bad.docx"]["kind"] == "error"


def test_table_cell_trimmed_like_its_line() -> None:
    """A row whose 序号 cell starts with a blank the line trims but the cell did not (a BOM or a
    CR inside the text): the label lay outside its item and was not read as a number."""
    header = "序号\t反馈问题\t整改措施\t整改时限\t整改状态"
    for blank in ("\ufeff", "\r", " \r", "\u3000"):
        rows = [f"{blank}1\t制度不全\t修订制度3项\t2024年底\t已完成", f"{blank}2\t台账不全\t补录台账12本\t2024年底\t已完成"]
        text = "\n".join(["关于某县巡察整改进展情况的通报", header, *rows]) + "\n"
        notice = parse_notice(text)
        assert [item.label for item in notice.items] == ["1", "2"], repr(blank)
        for item in notice.items:
            assert item.span.contains(item.label_span), repr(blank)
        assert [(label.text, label.value) for label in notice.labels] == [("1", 1), ("2", 2)], repr(blank)


def test_loaded_rule_sets_are_not_kept_alive() -> None:
    """Caches keyed by a lexicon store kept every rule set ever loaded (≈ 4 MB each): the config
    fuzz harness, loading one per input, grew past 2 GB. Now only the last few are kept."""
    text = "\n".join(NOTICE_LINES) + "\n2.关于台账不全的问题。将于2025年底前补录台账。\n"
    first = load_ruleset(Settings())
    first.check(parse_notice(text))
    store = weakref.ref(first.store)
    del first
    for _ in range(12):
        load_ruleset(Settings()).check(parse_notice(text))
    gc.collect()
    assert store() is None


def test_invalid_xml_reason_is_one_line(tmp_path: Path, cli) -> None:
    """lxml's message for a NUL character ends in a newline: the reason printed on two lines."""
    bad = tmp_path / "nul.docx"
    bad.write_bytes(_docx(["关于某县巡察整改进展情况的\x00通报"]))
    proc = cli("check", str(bad))
    assert proc.returncode == 2
    lines = proc.stdout.decode().splitlines() + proc.stderr.decode().splitlines()
    reported = [line for line in lines if "document.xml" in line]
    assert len(reported) >= 1 and all("column" in line for line in reported), lines
    assert not any(line.startswith(", line") for line in lines), lines


def test_rectification_label_inside_a_table_cell_keeps_the_row_one_item(tmp_path: Path, cli) -> None:
    """A ``整改情况：`` written inside a cell of a tab table cut the row into two items: the first
    with no rectification (a false ZG202 "no rectification" error), the second borrowing its
    problem from the first. Outside a table (one tab) the cut still splits problem and rectification."""
    header = "序号\t反馈问题\t整改措施\t整改时限"
    text = "\n".join(["关于某县巡察整改进展情况的通报", header, "1\t制度不全\t整改情况：修订制度3项\t2024年底",
                      "2\t台账不全\t已修订。整改情况：补录台账3本\t2024年底"]) + "\n"
    notice = parse_notice(text)
    assert [(notice.slice(i.problem), notice.slice(i.rectification)) for i in notice.items] == [
        ("制度不全", "整改情况：修订制度3项\t2024年底"), ("台账不全", "已修订。整改情况：补录台账3本\t2024年底")]
    for item in notice.items:
        assert item.span.contains(item.problem) and item.span.contains(item.rectification)
    path = tmp_path / "ledger.txt"
    path.write_text(text, encoding="utf-8")
    report = json.loads(cli("check", "--format", "json", str(path)).stdout)
    assert "ZG202" not in {f["rule"] for f in report["files"][0]["findings"]}

    inline = parse_notice("1.关于制度不全的问题\t整改情况：修订制度3项\n2.关于台账不全的问题\t整改情况：已补录。\n")
    assert [(inline.slice(i.problem), inline.slice(i.rectification)) for i in inline.items] == [
        ("制度不全", "修订制度3项"), ("台账不全", "已补录。")]


def test_config_and_rule_errors_are_one_line(tmp_path: Path, cli) -> None:
    """A key, rule name, glob or folder quoted from a config file may hold a line break: the
    error printed on two lines. It is shown as a visible escape."""
    notice = tmp_path / "notice.txt"
    notice.write_text("\n".join(NOTICE_LINES) + "\n", encoding="utf-8")
    config = tmp_path / ".zgcheck.yaml"
    cases = {'"a\\nb": 1\n': "'a\\x0ab'", 'severity: {"ZG101\\rx": error}\n': "'ZG101\\x0dx'",
             'include: ["a\\u2028["]\n': "'a\\u2028['", 'rule_paths: ["no\\nsuch"]\n': "no\\x0asuch"}
    for yaml_text, shown in cases.items():
        config.write_text(yaml_text, encoding="utf-8")
        proc = cli("check", str(notice), cwd=tmp_path)
        err = proc.stderr.decode()
        assert proc.returncode == 2, err
        assert len(err.splitlines()) == 1 and shown in err, (yaml_text, err)


def _unbalanced_in_items(text: str, said: str) -> list[str]:
    """The evidence texts of ZG206's unbalanced-mark findings whose message holds ``said``,
    each asserted to lie inside the item it is reported on."""
    notice = parse_notice(text)
    found = [f for f in load_ruleset(Settings()).check(notice) if f.rule == "ZG206" and said in f.message]
    assert all(notice.items[f.item].span.contains(Span(f.start, f.end)) for f in found)
    return [text[f.start:f.end] for f in found]


def test_unclosed_quote_evidence_stops_before_a_crlf() -> None:
    """In a CRLF text the paragraph of an unclosed “ ran to the \\n: its ZG206 evidence took the
    \\r and ended past its item."""
    for newline in ("\n", "\r\n"):
        text = newline.join(["关于某县巡察整改进展情况的通报", "一、整改落实情况", "1.关于制度不健全的问题。已修订“制度",
                             "2.关于台账不全的问题。已补录台账12本。", ""])
        assert _unbalanced_in_items(text, "没有对应") == ["“制度"], repr(newline)


def test_unclosed_bracket_evidence_stays_in_its_item_on_a_cut_line() -> None:
    """A second 整改情况： on a line starts another item there; the evidence of an unclosed （
    just before it ran ten characters on, into that next item."""
    text = "\n".join(["关于某县巡察整改进展情况的通报", "一、关于食品安全监管不到位的问题",
                      "（一）抽检覆盖面不足。整改情况：已完成（见附件。整改情况：已补录台账。",
                      "（二）执法记录不完整。整改情况：已补录执法记录。", ""])
    assert _unbalanced_in_items(text, "没有对应") == ["（见附件。"]


def test_stray_closer_evidence_stays_in_its_item_on_a_cut_line() -> None:
    """The evidence of a stray ） starts up to eight characters before it: at the start of an
    item that a second 整改情况： began mid-line, it reached back into the item before."""
    text = "\n".join(["关于某县巡察整改进展情况的通报", "一、关于食品安全监管不到位的问题",
                      "（一）抽检覆盖面不足。整改情况：已完成。整改情况：补录）台账。",
                      "（二）执法记录不完整。整改情况：已补录执法记录。", ""])
    assert _unbalanced_in_items(text, "前没有对应") == ["整改情况：补录）"]
