"""Read .docx text defensively: zip-bomb checks before inflating, XML without entities.

Text = the body's blocks in order: each paragraph's text (``w:t``; ``w:tab`` → tab;
``w:br``/``w:cr`` → newline), joined by ``\\n``; tables row by row, one line per row with
cells joined by tabs. Word auto-numbering (``w:numPr``) is rebuilt and prepended, since the
parser keys on the numbers. ``ParagraphRef`` maps each paragraph back to its place in the
body (for Word comments on a copy of the file).
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field

from .errors import SourceError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PART = 50 * 1024 * 1024
MAX_RATIO = 200


@dataclass(slots=True)
class ParagraphRef:
    start: int
    end: int
    body_path: tuple[int, ...]     # block index in w:body; for tables + (row, cell, paragraph)
    prefix_len: int = 0            # synthetic auto-number prefix (not present in the runs)


@dataclass(slots=True)
class DocxText:
    text: str
    paragraphs: list[ParagraphRef] = field(default_factory=list)


def _err(path: str, zh: str, en: str) -> SourceError:
    return SourceError(path, zh, en)


def _open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _err(path, "这是旧版 .doc 文件，请另存为 .docx", "this is a legacy .doc file; save it as .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _err(path, "不是有效的 .docx 文件（无法作为压缩包打开）", "not a valid .docx (not a zip archive)") from None
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _err(path, f".docx 内文件过多（{len(infos)} 个），疑似压缩炸弹", f"too many entries ({len(infos)}): zip bomb?")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                         and info.file_size > 1024 * 1024):
            raise _err(path, f".docx 内 {info.filename} 解压后过大，疑似压缩炸弹",
                       f"{info.filename} inflates too much: zip bomb?")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _err(path, ".docx 解压后总大小过大，疑似压缩炸弹", "total uncompressed size too large: zip bomb?")
    return zf


def _parse_xml(raw: bytes, path: str, part: str):
    from lxml import etree

    head = raw[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in raw[:65536]:
        raise _err(path, f".docx 的 {part} 含有 DTD/实体声明，已拒绝读取", f"{part} declares a DTD or entities: refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise _err(path, f".docx 的 {part} 不是有效的 XML（{exc.msg}）", f"{part} is not valid XML") from None


def _read_part(zf: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    with zf.open(info) as fh:
        data = fh.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise _err(path, f".docx 内 {name} 过大", f"{name} too large")
    return data


# ------------------------------------------------------------------ numbering

_CN = "〇一二三四五六七八九"


def _cn_count(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _format_number(fmt: str, n: int) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional"):
        return _cn_count(n)
    if fmt == "ideographDigital":
        return "".join(_CN[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "bullet" or fmt == "none":
        return ""
    return str(n)


class _Numbering:
    def __init__(self, root) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        if root is None:
            return
        for an in root.iter(f"{W}abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                lv[ilvl] = (fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                            text.get(f"{W}val", "%1.") if text is not None else "%1.",
                            int(start.get(f"{W}val", "1")) if start is not None else 1)
            abstract[an.get(f"{W}abstractNumId", "")] = lv
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})
        self.counters: dict[str, list[int]] = {}

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        counters[ilvl] += 1
        fmt, text, start = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            f, _, s = levels.get(k, (fmt, "", start))
            return _format_number(f, counters[k] + s - 1 if k < 10 else 1)

        return re.sub(r"%(\d)", sub, text)


# ------------------------------------------------------------------ text

def _paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).replace("\r", "")


def _numbering_prefix(p, numbering: _Numbering) -> str:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return ""
    num = ppr.find(f"{W}numPr")
    if num is None:
        return ""
    ilvl = num.find(f"{W}ilvl")
    num_id = num.find(f"{W}numId")
    if num_id is None:
        return ""
    return numbering.label(num_id.get(f"{W}val", ""), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)


def extract(data: bytes, path: str = "<docx>") -> DocxText:
    """The text of a .docx (bytes) and where each paragraph sits in it."""
    if isinstance(data, (str, os.PathLike)):  # a path
        with open(data, "rb") as fh:
            data = fh.read()
    zf = _open_zip(data, path)
    raw = _read_part(zf, "word/document.xml", path)
    if raw is None:
        raise _err(path, "不是有效的 .docx 文件（缺少 word/document.xml）", "not a valid .docx (no word/document.xml)")
    root = _parse_xml(raw, path, "document.xml")
    num_raw = _read_part(zf, "word/numbering.xml", path)
    numbering = _Numbering(_parse_xml(num_raw, path, "numbering.xml") if num_raw else None)
    body = root.find(f"{W}body")
    out: list[str] = []
    refs: list[ParagraphRef] = []
    pos = 0
    if body is None:
        return DocxText("", [])
    for bi, block in enumerate(body):
        if block.tag == f"{W}p":
            prefix = _numbering_prefix(block, numbering)
            line = prefix + _paragraph_text(block)
            if out:
                pos += 1
            refs.append(ParagraphRef(pos, pos + len(line), (bi,), len(prefix)))
            out.append(line)
            pos += len(line)
        elif block.tag == f"{W}tbl":
            for ri, row in enumerate(block.iter(f"{W}tr")):
                cells = []
                if out:
                    pos += 1
                cell_pos = pos
                for ci, cell in enumerate(row.iter(f"{W}tc")):
                    if ci:
                        cell_pos += 1
                    paras = list(cell.iter(f"{W}p"))
                    texts = []
                    for pi, p in enumerate(paras):
                        t = _paragraph_text(p).replace("\n", " ").replace("\t", " ")
                        if pi:
                            cell_pos += 1
                        refs.append(ParagraphRef(cell_pos, cell_pos + len(t), (bi, ri, ci, pi), 0))
                        cell_pos += len(t)
                        texts.append(t)
                    cells.append(" ".join(texts))
                line = "\t".join(cells)
                out.append(line)
                pos += len(line)
    return DocxText("\n".join(out), refs)
