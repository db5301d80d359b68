"""Word comments: the annotated copy reopens, has one comment per finding on the evidence text."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import commented_texts

from checker.annotate import write_annotated
from checker.config import Settings
from checker.engine import load_ruleset
from checker.runner import check_text
from checker.source import read_source

RULES = load_ruleset(Settings())
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "county-water-bureau.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _draft(tmp_path: Path) -> Path:
    document = docx.Document()
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        para = document.add_paragraph()
        half = len(line) // 2
        para.add_run(line[:half])          # two runs per paragraph: spans cross run boundaries
        para.add_run(line[half:])
    path = tmp_path / "draft.docx"
    document.save(path)
    return path


def test_docx_draft_gets_one_comment_per_finding_on_its_evidence(tmp_path: Path) -> None:
    draft = _draft(tmp_path)
    before = draft.read_bytes()
    source = read_source(draft)
    result = check_text(source.text, str(draft), Settings(), RULES, source_format="docx")
    assert result.findings
    out = tmp_path / "draft.reviewed.docx"
    written = write_annotated(draft, result, out, "zh")
    assert written == len(result.findings)
    assert draft.read_bytes() == before
    reopened = docx.Document(out)
    comments = list(reopened.comments)
    assert len(comments) == len(result.findings)
    assert all(c.text.startswith("[ZG") for c in comments)
    anchored = sorted(commented_texts(out).values())
    expected = sorted(source.text[f.start:f.end].split("\n")[0] for f in result.findings)
    assert anchored == expected


def test_text_input_becomes_a_new_docx_with_comments(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    result = check_text(text, "n.txt", Settings(), RULES)
    out = tmp_path / "n.docx"
    assert write_annotated(EXAMPLE, result, out, "en") == len(result.findings)
    comments = list(docx.Document(out).comments)
    assert comments and all(f.message_en in c.text for f, c in zip(sorted(result.findings, key=lambda f: (f.start, f.end)), comments))


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    draft = _draft(tmp_path)
    result = check_text(read_source(draft).text, str(draft), Settings(), RULES)
    with pytest.raises(ValueError):
        write_annotated(draft, result, draft)


# An invented scraped notice: web clutter before and after it, item 1's rectification in two
# paragraphs (its findings span both), a numbering gap (4. after 2.) and no contact line.
SCRAPED = """首页 > 信息公开 > 巡察整改
中共示例县农业农村局党组关于巡察整改进展情况的通报
根据县委统一部署，2024年3月至5月，县委第一巡察组对县农业农村局党组开展了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.关于“高标准农田建设验收不严”的整改情况。
进一步加强验收管理，持续推进整改工作。
完善验收制度，提升验收质量。
2.关于“惠农补贴发放不及时”的整改情况。局计划财务股牵头，已于2024年6月补发补贴38万元，完成全部12个乡镇核对。
4.关于“农机购置补贴审核把关不严”的整改情况。局农机股负责，已于2024年7月追回违规补贴5万元，2025年6月底前完成全部档案复查。
中共示例县农业农村局党组
2024年8月1日
上一篇：关于开展秋粮收购的通知
下一篇：县农业农村局2024年工作要点
"""
LINES = SCRAPED.splitlines()


def _anchors(path: Path) -> dict[str, tuple[int, int, str]]:
    """comment text -> (paragraph of its range start, paragraph of its range end, the text
    between them with paragraphs joined by a newline), read from the saved document.xml."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    comments = etree.fromstring(zipfile.ZipFile(path).read("word/comments.xml"))
    texts = {c.get(f"{W}id"): "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))
             for c in comments.iter(f"{W}comment")}
    spans: dict[str, list] = {}
    open_ids: list[str] = []
    for n, para in enumerate(root.iter(f"{W}p")):
        for cid in open_ids:
            spans[cid][2].append("\n")
        for el in para.iter():
            if el.tag == f"{W}commentRangeStart":
                open_ids.append(el.get(f"{W}id"))
                spans[el.get(f"{W}id")] = [n, None, []]
            elif el.tag == f"{W}commentRangeEnd":
                open_ids.remove(el.get(f"{W}id"))
                spans[el.get(f"{W}id")][1] = n
            elif el.tag == f"{W}t":
                for cid in open_ids:
                    spans[cid][2].append(el.text or "")
    return {texts[cid]: (a, b, "".join(parts)) for cid, (a, b, parts) in spans.items()}


def _scraped_draft(tmp_path: Path) -> Path:
    document = docx.Document()
    for line in LINES:
        para = document.add_paragraph()
        half = len(line) // 2
        para.add_run(line[:half])
        para.add_run(line[half:])
    path = tmp_path / "scraped.docx"
    document.save(path)
    return path


def _annotated_scraped(tmp_path: Path, suggest: bool = False):
    draft = _scraped_draft(tmp_path)
    source = read_source(draft)
    result = check_text(source.text, str(draft), Settings(), RULES, source_format="docx")
    if suggest:
        for f in result.findings:
            f.suggestion = f"建议内容{f.rule}-{f.start}"
    out = tmp_path / "scraped.reviewed.docx"
    assert write_annotated(draft, result, out, "zh") == len(result.findings)
    return result, out


def _by_rule(anchors: dict[str, tuple[int, int, str]], rule: str) -> list[tuple[int, int, str]]:
    return [v for k, v in anchors.items() if k.startswith(f"[{rule} ")]


def test_comments_sit_where_they_belong(tmp_path: Path) -> None:
    result, out = _annotated_scraped(tmp_path)
    anchors = _anchors(out)
    assert len(anchors) == len(result.findings)
    title = LINES.index("中共示例县农业农村局党组关于巡察整改进展情况的通报")
    first, second = LINES.index("进一步加强验收管理，持续推进整改工作。"), LINES.index("完善验收制度，提升验收质量。")
    # the item's findings cover both paragraphs of its rectification
    for rule in ("ZG101", "ZG102", "ZG105"):
        assert _by_rule(anchors, rule) == [(first, second, LINES[first] + "\n" + LINES[second])]
    assert _by_rule(anchors, "ZG104") == [(first, first, "进一步加强验收管理")]   # its evidence only
    # the numbering gap: the whole heading paragraph of item 4.
    gap = next(n for n, line in enumerate(LINES) if line.startswith("4."))
    assert _by_rule(anchors, "ZG201") == [(gap, gap, LINES[gap])]
    # no contact line: on the title, not on the web clutter that ends the page
    assert _by_rule(anchors, "ZG205") == [(title, title, LINES[title])]
    # the clutter finding itself is about the clutter: anchored on it (both paragraphs at the end)
    tail = _by_rule(anchors, "ZG202")
    assert (len(LINES) - 2, len(LINES) - 1, LINES[-2] + "\n" + LINES[-1]) in tail
    clutter = {0, len(LINES) - 2, len(LINES) - 1}
    for text, (a, b, _) in anchors.items():
        if not text.startswith("[ZG202 "):
            assert a not in clutter and b not in clutter, text
    # the copy is still the draft's text: nothing added or lost in the runs
    assert [p.text for p in docx.Document(out).paragraphs] == LINES


def test_each_comment_carries_its_suggestion(tmp_path: Path) -> None:
    result, out = _annotated_scraped(tmp_path, suggest=True)
    comments = {c.text for c in docx.Document(out).comments}
    for f in result.findings:
        assert any(text.startswith(f"[{f.rule} ") and text.endswith(f"建议：{f.suggestion}") for text in comments)
    # the engine's own suggestions reach the comments too; a finding without one gets none
    (tmp_path / "plain").mkdir()
    plain_result, plain = _annotated_scraped(tmp_path / "plain")
    plain_comments = [c.text for c in docx.Document(plain).comments]
    for f in plain_result.findings:
        if f.suggestion:
            assert any(text.endswith(f"建议：{f.suggestion}") for text in plain_comments)
    assert sum("建议：" in text for text in plain_comments) == sum(bool(f.suggestion) for f in plain_result.findings)


def test_existing_comments_are_kept_and_ids_stay_unique(tmp_path: Path) -> None:
    draft = _scraped_draft(tmp_path)
    document = docx.Document(draft)
    reviewer = document.add_comment(document.paragraphs[5].runs, text="审阅人意见", author="审阅人", initials="SY")
    document.save(draft)
    source = read_source(draft)
    result = check_text(source.text, str(draft), Settings(), RULES, source_format="docx")
    out = tmp_path / "again.docx"
    write_annotated(draft, result, out)
    comments = list(docx.Document(out).comments)
    assert len(comments) == len(result.findings) + 1
    assert len({c.comment_id for c in comments}) == len(comments)
    assert _anchors(out)["审阅人意见"] == (5, 5, LINES[5])
    assert reviewer.comment_id in {c.comment_id for c in comments}


def test_control_characters_in_a_text_notice_do_not_break_the_copy(tmp_path: Path) -> None:
    text = SCRAPED.replace("持续推进整改工作", "持续推进\x1b[2J整改\x07工作")
    result = check_text(text, "n.txt", Settings(), RULES)
    out = tmp_path / "n.docx"
    assert write_annotated(tmp_path / "n.txt", result, out) == len(result.findings)
    paragraphs = [p.text for p in docx.Document(out).paragraphs]
    assert paragraphs[5] == "进一步加强验收管理，持续推进\ufffd[2J整改\ufffd工作。"     # same length: anchors stay put
    assert _by_rule(_anchors(out), "ZG101")[0][2] == paragraphs[5] + "\n" + paragraphs[6]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed: .ci/run installs libreoffice-writer-nogui")
def test_libreoffice_keeps_the_comments_and_their_anchors(tmp_path: Path) -> None:
    result, out = _annotated_scraped(tmp_path, suggest=True)
    before = _anchors(out)
    resaved = tmp_path / "lo"
    proc = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(resaved), str(out)],
                          capture_output=True, timeout=180)
    converted = resaved / out.name
    assert converted.exists(), proc.stderr.decode(errors="replace")
    after = _anchors(converted)
    assert after == before                     # every comment, its text and its anchor survive
    assert len(after) == len(result.findings)
    title = LINES.index("中共示例县农业农村局党组关于巡察整改进展情况的通报")
    assert _by_rule(after, "ZG205")[0][:2] == (title, title)
    first = LINES.index("进一步加强验收管理，持续推进整改工作。")
    assert _by_rule(after, "ZG101")[0][:2] == (first, first + 1)


def test_a_finding_in_a_run_of_blank_lines_goes_to_the_paragraph_before(tmp_path: Path) -> None:
    from checker.findings import FileResult, Finding
    from checker.model import Notice

    text = "关于巡察整改进展情况的通报\n第一段正文。" + "\n" * 5000 + "末段正文。\n"
    gap = text.index("\n\n") + 2500
    findings = [Finding("ZG202", "structure", "warning", gap, gap, "空行", "blank"),
                Finding("ZG202", "structure", "warning", len(text) + 10, len(text) + 10, "文末", "end")]
    out = tmp_path / "n.docx"
    assert write_annotated(tmp_path / "n.txt", FileResult("n.txt", findings=findings, notice=Notice(text)), out) == 2
    anchors = _anchors(out)
    assert anchors["[ZG202 结构问题] 空行"][2] == "第一段正文。"
    assert anchors["[ZG202 结构问题] 文末"][2] == "末段正文。"


def test_a_tab_separated_table_in_a_text_notice_keeps_its_tabs(tmp_path: Path) -> None:
    text = "关于巡察整改进展情况的通报\n序号\t问题\t整改情况\n1\t台账不全\t进一步加强管理，持续推进。\n"
    result = check_text(text, "t.txt", Settings(), RULES)
    out = tmp_path / "t.docx"
    assert write_annotated(tmp_path / "t.txt", result, out) == len(result.findings) > 0
    assert [p.text for p in docx.Document(out).paragraphs][:3] == text.splitlines()
    assert zipfile.ZipFile(out).read("word/document.xml").count(b"<w:tab/>") == 4
    vague = _by_rule(_anchors(out), "ZG104")
    assert vague == [(2, 2, "进一步加强管理")]
