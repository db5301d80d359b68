""".docx lists and tables: the text is python-docx's paragraph text (offsets agree with any
other python-docx reader), Word's automatic numbers travel beside it in ``list_labels``,
table rows stay one line, and Word comments still land on the right runs.

Every notice here is invented and built with python-docx.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from lxml import etree

from conftest import commented_texts

from checker.annotate import write_annotated
from checker.findings import FileResult, Finding
from checker.source import read_source
from checker.source.docx import _format_number, extract

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{WNS}}}"
NS = f'xmlns:w="{WNS}"'
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ------------------------------------------------------------------ building documents

def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


# 一、 → （一） → 1. → (1)
OUTLINE = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "(%4)")]


def add_abstract(document, abstract_id: int, levels: list[tuple[str, str]] | list[str], *,
                 style_link: str | None = None, multi: str = "multilevel") -> None:
    """An abstractNum with the given levels (format, lvlText) or raw ``<w:lvl>`` strings."""
    body = "".join(lv if isinstance(lv, str) else _lvl(i, *lv) for i, lv in enumerate(levels))
    link = f'<w:numStyleLink w:val="{style_link}"/>' if style_link else ""
    el = parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">'
                   f'<w:multiLevelType w:val="{multi}"/>{link}{body}</w:abstractNum>')
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{W}num")
    if first_num is not None:           # schema order: every abstractNum before the nums
        first_num.addprevious(el)
    else:
        numbering.append(el)


def add_num(document, num_id: int, abstract_id: int, start_overrides: dict[int, int] | None = None,
            lvl_overrides: dict[int, str] | None = None) -> None:
    overrides = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for k, v in (start_overrides or {}).items())
    overrides += "".join(f'<w:lvlOverride w:ilvl="{k}">{v}</w:lvlOverride>' for k, v in (lvl_overrides or {}).items())
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))


def numbered(document, text: str, num_id: int | None, ilvl: int | None = 0, style: str | None = None):
    """A paragraph with direct numbering ``numId``/``ilvl`` (either may be None: left out)."""
    para = document.add_paragraph(text, style=style)
    if num_id is not None or ilvl is not None:
        parts = (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
                (f'<w:numId w:val="{num_id}"/>' if num_id is not None else "")
        para._p.get_or_add_pPr().append(parse_xml(f"<w:numPr {NS}>{parts}</w:numPr>"))
    return para


def numbered_style(document, name: str, num_id: int | None, ilvl: int | None = None, based_on=None):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if based_on is not None:
        style.base_style = based_on
    parts = (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
            (f'<w:numId w:val="{num_id}"/>' if num_id is not None else "")
    style.element.get_or_add_pPr().append(parse_xml(f"<w:numPr {NS}>{parts}</w:numPr>"))
    return style


def save(document, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def python_docx_text(path: Path) -> str:
    """How the project's scorer (and any python-docx reader) sees a .docx."""
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def labels_by_text(path: Path) -> dict[str, str]:
    """paragraph text → its label (the texts used below are unique)."""
    extracted = extract(path.read_bytes())
    out = {}
    for start, label in extracted.list_labels.items():
        line = extracted.text[start:].split("\n", 1)[0]
        out[line] = label
    return out


# ------------------------------------------------------------------ labels

def outline_notice(tmp_path: Path) -> tuple[Path, list[tuple[str, str | None]]]:
    document = docx.Document()
    add_abstract(document, 30, OUTLINE)
    add_num(document, 30, 30)
    rows = [
        ("某县巡察整改进展情况的通报", None, None),
        ("关于落实主体责任方面", 0, "一、"),
        ("专题研究不够。", 1, "（一）"),
        ("已召开专题会议2次。", 2, "1."),
        ("已修订议事规则。", 2, "2."),
        ("细分一项。", 3, "(1)"),
        ("整改台账不全。", 1, "（二）"),
        ("已补录台账12本。", 2, "1."),          # a lower level restarts after a higher one
        ("关于作风建设方面", 0, "二、"),
        ("公务用车管理不严。", 1, "（一）"),
        ("已收回超标车辆3台。", 2, "1."),
        ("", None, None),
        ("监督电话：0000-00000000", None, None),
    ]
    for text, level, _ in rows:
        numbered(document, text, 30 if level is not None else None, level)
    return save(document, tmp_path, "outline.docx"), [(t, lab) for t, _, lab in rows]


def test_multilevel_outline_labels_at_paragraph_starts(tmp_path: Path) -> None:
    path, rows = outline_notice(tmp_path)
    extracted = extract(path.read_bytes())
    assert extracted.text == python_docx_text(path)
    assert "一、" not in extracted.text and "1." not in extracted.text   # nothing prepended
    expected, pos = {}, 0
    for text, label in rows:
        if label:
            expected[pos] = label
        pos += len(text) + 1
    assert extracted.list_labels == expected
    source = read_source(path)
    assert source.text == extracted.text and source.list_labels == expected
    for ref in extracted.paragraphs:                 # a ParagraphRef covers exactly its paragraph
        assert extracted.text[ref.start:ref.end] in {t for t, _ in rows}


def test_style_inherited_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 31, [
        _lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="ZGHead"/>'),
        _lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="ZGItem"/>'),
        _lvl(2, "decimal", "%3."),
    ])
    add_num(document, 31, 31)
    head = numbered_style(document, "ZG Head", 31)             # numId only: level from w:lvl/w:pStyle
    numbered_style(document, "ZG Item", 31)                    # → level 1 through w:pStyle
    based = document.styles.add_style("ZG Item Plain", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = document.styles["ZG Item"]                # inherits numbering via w:basedOn
    sub = numbered_style(document, "ZG Measure", None, ilvl=2, based_on=head)   # numId from basedOn
    document.add_paragraph("关于巡察整改情况的通报")
    document.add_paragraph("党建方面", style="ZG Head")
    document.add_paragraph("问题甲。", style="ZG Item")
    document.add_paragraph("措施一。", style=sub)
    document.add_paragraph("措施二。", style=sub)
    document.add_paragraph("问题乙。", style="ZG Item Plain")
    numbered(document, "不编号的说明。", 0, None, style="ZG Item")    # numId 0 switches numbering off
    numbered(document, "直接降级。", None, 2, style="ZG Item")       # own ilvl, numId from the style
    document.add_paragraph("作风方面", style="ZG Head")
    document.add_paragraph("问题丙。", style="ZG Item")
    path = save(document, tmp_path, "styled.docx")
    assert extract(path.read_bytes()).text == python_docx_text(path)
    assert labels_by_text(path) == {
        "党建方面": "一、", "问题甲。": "（一）", "措施一。": "1.", "措施二。": "2.", "问题乙。": "（二）",
        "直接降级。": "1.", "作风方面": "二、", "问题丙。": "（一）",
    }


def test_start_overrides_and_shared_sequences(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 32, [("decimal", "%1."), ("decimal", "%1.%2")])
    add_num(document, 40, 32)
    add_num(document, 41, 32, start_overrides={0: 1})      # Word's "restart numbering"
    add_num(document, 42, 32)                               # plain instance: continues the sequence
    add_num(document, 43, 32, start_overrides={0: 7})      # "set numbering value" to 7
    add_abstract(document, 42, [("decimal", "%1.")])
    add_num(document, 44, 42, lvl_overrides={0: _lvl(0, "chineseCounting", "第%1条", start=1)})
    numbered(document, "甲一", 40)
    numbered(document, "甲二", 40)
    numbered(document, "甲二之一", 40, 1)
    document.add_paragraph("中间说明")
    numbered(document, "乙一", 41)
    numbered(document, "乙二", 41)
    numbered(document, "丙", 42)
    numbered(document, "丁", 43)
    numbered(document, "丁之一", 43, 1)
    numbered(document, "丁之二", 43, 1)
    numbered(document, "戊", 43)
    numbered(document, "戊之一", 43, 1)                    # restarted after its parent level
    numbered(document, "己", 44)                           # a whole w:lvl override: own format
    numbered(document, "未定义", 99)                        # unknown numId: no label
    path = save(document, tmp_path, "restart.docx")
    assert labels_by_text(path) == {
        "甲一": "1.", "甲二": "2.", "甲二之一": "2.1", "乙一": "1.", "乙二": "2.", "丙": "3.",
        "丁": "7.", "丁之一": "7.1", "丁之二": "7.2", "戊": "8.", "戊之一": "8.1", "己": "第一条",
    }


def test_lvl_restart_legal_and_bullets(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 33, [
        _lvl(0, "chineseCounting", "%1、"),
        _lvl(1, "chineseCounting", "（%2）"),
        _lvl(2, "decimal", "%3.", extra='<w:lvlRestart w:val="0"/>'),     # never restarts
        _lvl(3, "decimal", "%1.%4", extra="<w:isLgl/>"),                   # legal: 一 shown as 1
    ])
    add_abstract(document, 34, [_lvl(0, "bullet", "\u25cf")])
    add_num(document, 45, 33)
    add_num(document, 46, 34)
    numbered(document, "大项一", 45, 0)
    numbered(document, "小项一", 45, 2)
    numbered(document, "小项二", 45, 2)
    numbered(document, "大项二", 45, 0)
    numbered(document, "小项三", 45, 2)
    numbered(document, "法条式", 45, 3)
    numbered(document, "圆点项", 46, 0)
    path = save(document, tmp_path, "restart2.docx")
    assert labels_by_text(path) == {"大项一": "一、", "小项一": "1.", "小项二": "2.", "大项二": "二、",
                                    "小项三": "3.", "法条式": "2.1"}


def test_numbering_through_a_numbering_style_link(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 35, OUTLINE)                               # the list style's definition
    add_abstract(document, 36, [], style_link="ZGOutline")            # points at it through a style
    add_num(document, 47, 35)
    add_num(document, 48, 36)
    style = document.styles.add_style("ZG Outline", WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(f"{W}type", "numbering")
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="47"/></w:numPr>'))
    numbered(document, "方面一", 48, 0)
    numbered(document, "问题一", 48, 1)
    path = save(document, tmp_path, "link.docx")
    assert labels_by_text(path) == {"方面一": "一、", "问题一": "（一）"}


@pytest.mark.parametrize("fmt, values", [
    ("chineseCounting", {1: "一", 10: "十", 11: "十一", 20: "二十", 99: "九十九"}),
    ("chineseCountingThousand", {10: "十", 21: "二十一", 101: "一百〇一", 110: "一百一十"}),
    ("chineseLegalSimplified", {1: "壹", 3: "叁", 10: "壹拾", 12: "壹拾贰"}),
    ("ideographTraditional", {1: "甲", 10: "癸"}),
    ("decimalEnclosedCircleChinese", {1: "①", 20: "⑳", 21: "21"}),
    ("decimalFullWidth", {12: "１２"}),
    ("decimalZero", {3: "03", 12: "12"}),
    ("upperRoman", {4: "IV", 14: "XIV"}),
    ("lowerLetter", {1: "a", 27: "aa"}),
    ("none", {3: ""}),
])
def test_number_formats(fmt: str, values: dict[int, str]) -> None:
    assert {n: _format_number(fmt, n) for n in values} == values


def test_full_width_punctuation_is_kept_as_word_gives_it(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 37, [("chineseCountingThousand", "（%1）"), ("decimalEnclosedCircle", "%2")])
    add_num(document, 49, 37)
    numbered(document, "甲", 49, 0)
    numbered(document, "乙", 49, 1)
    path = save(document, tmp_path, "fw.docx")
    assert labels_by_text(path) == {"甲": "（一）", "乙": "①"}


# ------------------------------------------------------------------ the text is python-docx's

def _hyperlink(para, text: str, url: str = "http://example.invalid/") -> None:
    rid = para.part.relate_to(url, f"{RNS}/hyperlink", is_external=True)
    para._p.append(parse_xml(f'<w:hyperlink {NS} xmlns:r="{RNS}" r:id="{rid}"><w:r><w:t>{text}</w:t></w:r>'
                             f'</w:hyperlink>'))


def _doc_plain(document) -> None:
    document.add_paragraph("关于某局巡察整改进展情况的通报")
    document.add_paragraph("一、总体情况\t（见附件）")
    para = document.add_paragraph("整改情况：")
    run = para.add_run("已完成。")
    run.add_break()                                   # w:br → \n
    para.add_run("下一步：持续推进。")
    para.add_run().add_break(WD_BREAK.PAGE)           # page break → nothing
    para.add_run(" 尾部空格 ")
    document.add_paragraph("")


def _doc_numbered(document) -> None:
    add_abstract(document, 38, OUTLINE)
    add_num(document, 50, 38)
    numbered(document, "党建方面\t说明", 50, 0)
    numbered(document, "问题：台账不全。", 50, 1)
    p = numbered(document, "已补录", 50, 2)
    p.add_run("12").add_break()
    p.add_run("本。")
    numbered(document, "", 50, 2)                      # an empty numbered paragraph still counts


def _doc_odd_runs(document) -> None:
    para = document.add_paragraph("联系方式见")
    _hyperlink(para, "门户网站")
    para.add_run("，热线")
    para._p.append(parse_xml(f'<w:r {NS}><w:t>12345</w:t><w:noBreakHyphen/><w:t>6</w:t><w:cr/>'
                             f'<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/>'
                             f'<w:t xml:space="preserve"> 末尾 </w:t></w:r>'))
    # a tracked insertion and a field: python-docx's Paragraph.text leaves them out, and so do we
    para._p.append(parse_xml(f'<w:ins {NS} w:id="9" w:author="x"><w:r><w:t>插入</w:t></w:r></w:ins>'))
    body = document.element.body
    sdt = parse_xml(f'<w:sdt {NS}><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    body.insert(len(body) - 1, sdt)
    body.insert(len(body) - 1, etree.Comment(" a comment between blocks "))
    document.add_paragraph("整改情况：已完成。")


@pytest.mark.parametrize("build", [_doc_plain, _doc_numbered, _doc_odd_runs])
def test_body_text_equals_python_docx_paragraph_text(tmp_path: Path, build) -> None:
    document = docx.Document()
    build(document)
    path = save(document, tmp_path, f"{build.__name__}.docx")
    extracted = extract(path.read_bytes())
    assert extracted.text == python_docx_text(path)
    assert read_source(path).text == python_docx_text(path)
    paragraphs = docx.Document(path).paragraphs
    assert [extracted.text[r.start:r.end] for r in extracted.paragraphs] == [p.text for p in paragraphs]


def test_numbered_paragraphs_inside_skipped_blocks_still_count(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 39, [("decimal", "%1.")])
    add_num(document, 51, 39)
    numbered(document, "第一项", 51)
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt {NS}><w:sdtContent><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="51"/></w:numPr>'
        f'</w:pPr><w:r><w:t>控件里的第二项</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    numbered(document, "第三项", 51)
    path = save(document, tmp_path, "sdt.docx")
    assert extract(path.read_bytes()).text == python_docx_text(path) == "第一项\n第三项"
    assert labels_by_text(path) == {"第一项": "1.", "第三项": "3."}


# ------------------------------------------------------------------ tables

def table_notice(tmp_path: Path) -> Path:
    document = docx.Document()
    add_abstract(document, 40, [("decimal", "%1")])
    add_num(document, 52, 40)
    document.add_paragraph("整改情况一览")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "序号", "反馈问题", "整改情况"
    for row in (1, 2):
        first = table.cell(row, 0).paragraphs[0]
        first._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="52"/></w:numPr>'))
    table.cell(1, 1).text = "台账不全。"
    cell = table.cell(1, 2)
    cell.text = "已补录台账12本。"
    cell.add_paragraph("责任单位：办公室")            # a second paragraph in the cell
    run = table.cell(2, 1).paragraphs[0].add_run("制度\t缺失")
    run.add_break()
    run.add_text("（续）")
    nested = table.cell(2, 2).add_table(rows=2, cols=1)   # a nested table stays inside its cell
    nested.cell(0, 0).text, nested.cell(1, 0).text = "已制定制度3项。", "已完成。"
    document.add_paragraph("监督电话：0000-00000000")
    return save(document, tmp_path, "table.docx")


def test_table_rows_are_tab_separated_lines_with_refs_into_cells(tmp_path: Path) -> None:
    path = table_notice(tmp_path)
    extracted = extract(path.read_bytes())
    lines = extracted.text.split("\n")
    assert lines == [
        "整改情况一览",
        "序号\t反馈问题\t整改情况",
        "\t台账不全。\t已补录台账12本。 责任单位：办公室",
        "\t制度 缺失 （续）\t 已制定制度3项。 已完成。 ",     # Word ends a cell with a paragraph
        "监督电话：0000-00000000",
    ]
    # auto-numbered first column: labels at the rows' line starts
    row_starts = [sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
    assert extracted.list_labels == {row_starts[2]: "1", row_starts[3]: "2"}
    table = docx.Document(path).tables[0]
    cells = [(r, c) for r in range(3) for c in range(3)]
    by_cell: dict[tuple[int, int], list[str]] = {}
    for ref in extracted.paragraphs:
        if len(ref.body_path) == 4:
            _, r, c, _ = ref.body_path
            by_cell.setdefault((r, c), []).append(extracted.text[ref.start:ref.end])
    for r, c in cells:
        cell = table.cell(r, c)
        expected = [docx.text.paragraph.Paragraph(p, cell).text.replace("\n", " ").replace("\t", " ")
                    for p in cell._tc.iter(f"{W}p")]
        assert by_cell[(r, c)] == expected
    # body paragraphs around the table keep python-docx's text
    body_refs = [ref for ref in extracted.paragraphs if len(ref.body_path) == 1]
    assert [extracted.text[r.start:r.end] for r in body_refs] == [p.text for p in docx.Document(path).paragraphs]


# ------------------------------------------------------------------ Word comments

def _commented_texts(path: Path) -> list[str]:
    """The commented texts in comment-id order."""
    return [text for _, text in sorted(commented_texts(path).items(), key=lambda kv: int(kv[0]))]


def _finding(text: str, needle: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Finding("ZG206", "typo", "warning", start, start + len(needle), "测试", "test")


def test_annotate_anchors_on_the_right_runs_without_a_prefix(tmp_path: Path) -> None:
    document = docx.Document()
    add_abstract(document, 41, OUTLINE)
    add_num(document, 53, 41)
    numbered(document, "关于落实主体责任方面", 53, 0)
    para = numbered(document, "问题：", 53, 1)
    para.add_run("专题研究")
    para.add_run("不够")
    para.add_run().add_picture(io.BytesIO(_png()))     # a drawing inside the paragraph must survive
    para.add_run("。")
    link = numbered(document, "整改：见", 53, 2)
    _hyperlink(link, "整改公告")
    link.add_run("，已完成。")
    body = document.element.body
    body.insert(len(body) - 1, etree.Comment(" comment node in the body "))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "台账不全"
    table.cell(0, 1).text = "已补录台账12本。"
    table.cell(0, 1).add_paragraph("责任单位：办公室")
    document.add_paragraph("监督电话：0000-00000000")
    draft = save(document, tmp_path, "draft.docx")
    before = draft.read_bytes()
    source = read_source(draft)
    text = source.text
    assert source.list_labels                         # the labels are beside the text, not in it
    findings = [
        _finding(text, "关于"),                       # first characters of a numbered paragraph
        _finding(text, "研究不"),                     # across a run boundary
        _finding(text, "整改公告"),                   # inside a hyperlink
        _finding(text, "告，已"),                     # hyperlink run → plain run
        _finding(text, "12本"),                       # a table cell
        _finding(text, "办公室"),                     # a cell's second paragraph
        _finding(text, "0000"),
    ]
    result = FileResult(path=str(draft), findings=findings, source_format="docx")
    out = tmp_path / "draft.reviewed.docx"
    assert write_annotated(draft, result, out, "zh") == len(findings)
    assert draft.read_bytes() == before
    reopened = docx.Document(out)
    assert len(list(reopened.comments)) == len(findings)
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    assert _commented_texts(out) == [text[f.start:f.end] for f in ordered]
    # the copy reads back to the same text, and the picture is still there
    assert extract(out.read_bytes()).text == text
    assert b"<pic:pic" in zipfile.ZipFile(out).read("word/document.xml")


def test_annotate_a_finding_on_an_empty_label_span(tmp_path: Path) -> None:
    """A finding about a label that exists only as Word numbering (zero-length span at the
    line start) is anchored on that paragraph (a numbering finding covers the heading it concerns)."""
    path, _ = outline_notice(tmp_path)
    source = read_source(path)
    start = next(iter(k for k, v in source.list_labels.items() if v == "（二）"))
    finding = Finding("ZG201", "numbering", "warning", start, start, "序号", "numbering")
    out = tmp_path / "o.docx"
    assert write_annotated(path, FileResult(path=str(path), findings=[finding], source_format="docx"), out) == 1
    assert _commented_texts(out) == [source.text[start:source.text.index("\n", start)]]


def test_labels_reach_the_parser_from_check_and_parse(tmp_path: Path, monkeypatch) -> None:
    import checker.parse as parse_module
    from click.testing import CliRunner

    from checker.cli import cli
    from checker.runner import Resolver, RunPlan, check_path

    path, _ = outline_notice(tmp_path)
    expected = read_source(path).list_labels
    seen: list[dict[int, str] | None] = []
    real = parse_module.parse_notice

    def spy(text, list_labels=None):
        seen.append(list_labels)
        return real(text, list_labels=list_labels)

    monkeypatch.setattr(parse_module, "parse_notice", spy)
    resolver = Resolver(RunPlan())
    result = check_path(str(path), resolver.prepare(str(path)), resolver)
    assert result.kind != "error" and seen[-1] == expected
    outcome = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    assert seen[-1] == expected


def test_docx_through_a_process_pool(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    paths = []
    for i in range(5):
        path, _ = outline_notice(tmp_path)
        paths.append(path.rename(tmp_path / f"n{i}.docx"))
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--jobs", "2",
                           "--exit-zero", *map(str, paths)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [f["path"] for f in data["files"]] == [str(p) for p in paths]
    assert all(f["kind"] != "error" for f in data["files"])


def _png() -> bytes:
    """A valid 1×1 PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def test_hostile_numbering_and_styles_do_not_crash(tmp_path: Path) -> None:
    """Odd but schema-valid numbers (negative, out of range, 9 digits), loops through w:basedOn
    and w:numStyleLink, a level text naming missing levels: no crash. (Numbers that break the
    schema are errors: tests/test_hostile_inputs.py.)"""
    document = docx.Document()
    add_abstract(document, 60, [_lvl(0, "lowerLetter", "%1)", start=10 ** 9 - 1),
                                '<w:lvl w:ilvl="7"><w:start w:val="-5"/><w:lvlText w:val="%9%0%%"/></w:lvl>',
                                _lvl(1, "upperRoman", "%1.%2.%3", extra='<w:lvlRestart w:val="99"/>')])
    add_abstract(document, 61, [], style_link="LoopA")
    add_num(document, 70, 60, start_overrides={0: -3})
    add_num(document, 71, 61)
    loop_a = document.styles.add_style("Loop A", WD_STYLE_TYPE.PARAGRAPH)
    loop_b = document.styles.add_style("Loop B", WD_STYLE_TYPE.PARAGRAPH)
    loop_a.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="71"/></w:numPr>'))
    loop_a.base_style, loop_b.base_style = loop_b, loop_a
    numbered(document, "负数起始", 70, 0)
    numbered(document, "巨大层级", 70, 1)
    numbered(document, "越界层级", 70, 42)
    numbered(document, "未知列表", 99, 3)
    document.add_paragraph("循环样式", style="Loop B")
    numbered(document, "循环链接", 71, 0)
    path = save(document, tmp_path, "hostile.docx")
    extracted = extract(path.read_bytes())
    assert extracted.text == python_docx_text(path)
    labels = labels_by_text(path)
    assert labels["负数起始"] == "-3)" and labels["巨大层级"].startswith("-3.I.")
    assert all(len(v) < 40 for v in labels.values())
