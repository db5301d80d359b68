"""Read .docx text defensively: zip-bomb checks before inflating, XML without entities.

Text = the body's blocks in order, joined by ``\\n``:

- a body paragraph is exactly python-docx's ``Paragraph.text`` (the ``w:r`` and
  ``w:hyperlink`` children; in a run ``w:t``, ``w:tab``/``w:ptab`` → tab, ``w:br``
  (text wrapping) and ``w:cr`` → newline, ``w:noBreakHyphen`` → ``-``), so with no tables
  the text is ``"\\n".join(p.text for p in docx.Document(path).paragraphs)`` and offsets
  agree with any other reader of the file that uses python-docx;
- a table is one line per row, cells joined by tabs, a cell's paragraphs joined by a space
  (tabs and newlines inside a cell become spaces, so a row stays one line).

Word's automatic list numbering (``w:numPr``, direct or from the paragraph style) is not
part of that text: it is rendered as Word shows it ("1." "（一）" "一、") and returned in
``DocxText.list_labels``, keyed by the offset where the numbered paragraph's line starts.
``ParagraphRef`` maps each paragraph back to its place in the body (for Word comments on
a copy of the file); :func:`body_paragraphs` resolves them on a python-docx tree.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import SourceError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_PART = 50 * 1024 * 1024
MAX_RATIO = 200


@dataclass(slots=True)
class ParagraphRef:
    start: int
    end: int
    body_path: tuple[int, ...]     # block index in w:body; for tables + (row, cell, paragraph)


@dataclass(slots=True)
class DocxText:
    text: str
    paragraphs: list[ParagraphRef] = field(default_factory=list)
    list_labels: dict[int, str] = field(default_factory=dict)   # line start → rendered auto-number


def _err(path: str, zh: str, en: str) -> SourceError:
    return SourceError(path, zh, en)


def _open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        if "EncryptedPackage".encode("utf-16-le") in data[:1024 * 1024]:
            raise _err(path, "这是加密（设有打开密码）的 Word 文档，请取消密码后另存为 .docx",
                       "this is an encrypted (password-protected) Word document; remove the password and save it as .docx")
        raise _err(path, "这是旧版 .doc 文件，请另存为 .docx", "this is a legacy .doc file; save it as .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _err(path, "不是有效的 .docx 文件（无法作为压缩包打开）", "not a valid .docx (not a zip archive)") from None
    except NotImplementedError:       # a member needing a zip version zipfile cannot read ("zip file version 10.1")
        raise _err(path, "不是有效的 .docx 文件（压缩包需要不支持的格式版本）",
                   "not a valid .docx (the zip archive needs an unsupported format version)") from None
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _err(path, f".docx 内文件过多（{len(infos)} 个），疑似压缩炸弹", f"too many entries ({len(infos)}): zip bomb?")
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise _err(path, f".docx 内 {info.filename} 已加密，无法读取", f"{info.filename} is encrypted: cannot read it")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _err(path, f".docx 内 {info.filename} 使用了不支持的压缩方式（{info.compress_type}）",
                       f"{info.filename} uses an unsupported compression method ({info.compress_type})")
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
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise _err(path, f".docx 的 {part} 不是有效的 XML（{exc.msg}）", f"{part} is not valid XML") from None
    if _declares_dtd(root):      # a DOCTYPE past the byte scan above (after a long prolog comment)
        raise _err(path, f".docx 的 {part} 含有 DTD/实体声明，已拒绝读取", f"{part} declares a DTD or entities: refused")
    return root


def _declares_dtd(root) -> bool:
    docinfo = root.getroottree().docinfo
    return bool(docinfo.doctype) or docinfo.internalDTD is not None


def refuse_declarations(data: bytes, path: str) -> None:
    """Raise SourceError when any XML part of the package declares a DTD or entities (in any
    position): a copy written from such a package (``--annotate``) would not be well-formed."""
    zf = _open_zip(data, path)
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        raw = _read_part(zf, info.filename, path) or b""
        if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
            raise _err(path, f".docx 的 {info.filename} 含有 DTD/实体声明，已拒绝处理",
                       f"{info.filename} declares a DTD or entities: refused")


def check_well_formed(data: bytes, path: str) -> None:
    """Raise SourceError unless every XML part of the package ``data`` parses (no DTD)."""
    from lxml import etree

    zf = _open_zip(data, path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        raw = _read_part(zf, info.filename, path) or b""
        try:
            root = etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as exc:
            raise _err(path, f"生成的 .docx 中 {info.filename} 不是有效的 XML（{exc.msg}）",
                       f"{info.filename} of the written .docx is not valid XML") from None
        if _declares_dtd(root):
            raise _err(path, f"生成的 .docx 中 {info.filename} 含有 DTD 声明",
                       f"{info.filename} of the written .docx declares a DTD")


def _read_part(zf: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_PART + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        # bad CRC, sizes that lie, a corrupt deflate stream, encryption, an unknown method
        detail = _zip_fault(exc)
        raise _err(path, f".docx 内 {name} 已损坏（{detail[0]}）", f"{name} is damaged ({detail[1]})") from None
    if len(data) > MAX_PART:
        raise _err(path, f".docx 内 {name} 过大", f"{name} too large")
    return data


def _zip_fault(exc: BaseException) -> tuple[str, str]:
    """A short (Chinese, English) name for what ``zipfile`` found wrong with a member."""
    text = str(exc)
    if "CRC" in text:
        return "校验和不符", "bad CRC-32"
    if isinstance(exc, zlib.error):
        return "压缩数据无法解压", "corrupt compressed data"
    if isinstance(exc, EOFError) or "truncated" in text.lower() or "size" in text.lower():
        return "数据长度与记录不符", "sizes do not match the data"
    if "encrypted" in text or "password" in text:
        return "已加密", "encrypted"
    if isinstance(exc, NotImplementedError):
        return "不支持的压缩方式", "unsupported compression method"
    return f"{type(exc).__name__}", f"{type(exc).__name__}"


def _related_parts(zf: zipfile.ZipFile, path: str) -> dict[str, str]:
    """Relationship type suffix (``numbering``, ``styles``) → part name, from the main part's rels."""
    found = {"numbering": "word/numbering.xml", "styles": "word/styles.xml"}
    raw = _read_part(zf, "word/_rels/document.xml.rels", path)
    if raw is None:
        return found
    try:
        root = _parse_xml(raw, path, "document.xml.rels")
    except SourceError:       # only used to find the parts: fall back to the usual names
        return found
    for rel in root.iter(f"{PKG_RELS}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if kind in found and target and rel.get("TargetMode") != "External":
            name = target.lstrip("/") if target.startswith("/") else "word/" + target
            parts: list[str] = []
            for piece in name.split("/"):        # normalise "word/../word/x.xml"
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece not in ("", "."):
                    parts.append(piece)
            found[kind] = "/".join(parts)
    return found


# ------------------------------------------------------------------ number formats

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TW_LEGAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _cn_positional(n: int, digits: str, units: str, *, ten_without_one: bool, one_before_units: bool = True) -> str:
    """1..9999 as a Chinese numeral: 十一, 一百〇一, 一千〇一十; ``units`` = 十百千 (or 拾佰仟)."""
    if n == 0:
        return digits[0]
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        d = n // 10 ** power % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        if power and d == 1 and (not one_before_units or (power == 1 and ten_without_one and not out)):
            out.append(units[power - 1])
            continue
        out.append(digits[d] + (units[power - 1] if power else ""))
    return "".join(out)


def _format_number(fmt: str, n: int, custom: str | None = None) -> str:
    """One level's number as Word renders it in ``fmt`` (ECMA-376 ST_NumberFormat)."""
    if fmt == "none":
        return ""
    if n < 0:
        return str(n)
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand") and n < 10000:
        return _cn_positional(n, _CN_DIGITS, "十百千", ten_without_one=True)
    if fmt in ("chineseCounting", "taiwaneseCounting") and n < 10000:
        if n < 100:
            return _cn_positional(n, _CN_DIGITS, "十百千", ten_without_one=True)
        return "".join("○一二三四五六七八九"[int(c)] for c in str(n))      # 一○一: digit by digit
    if fmt == "japaneseCounting" and n < 10000:
        return _cn_positional(n, _CN_DIGITS, "十百千", ten_without_one=True, one_before_units=False)
    if fmt == "chineseLegalSimplified" and n < 10000:
        return _cn_positional(n, _CN_LEGAL_DIGITS, "拾佰仟", ten_without_one=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal") and n < 10000:
        return _cn_positional(n, _TW_LEGAL_DIGITS, "拾佰仟", ten_without_one=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(c)] for c in str(n))
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _BRANCHES[n - 1]
    if fmt == "ideographZodiacTraditional" and 1 <= n <= 60:
        return _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)                  # ①
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)                  # ⑴
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)                  # ⒈
    if fmt == "ideographEnclosedCircle" and 1 <= n <= 10:
        return chr(0x3280 + n - 1)                  # ㊀
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        out, rest = [], n
        for value, numeral in _ROMAN:
            while rest >= value:
                out.append(numeral)
                rest -= value
        roman = "".join(out)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26 * 40:
        letter = chr(ord("A" if fmt == "upperLetter" else "a") + (n - 1) % 26)
        return letter * ((n - 1) // 26 + 1)        # a … z, aa … zz, aaa
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "custom" and custom:
        first = custom.split(",")[0].strip()
        if first.isdigit():                          # "001, 002, 003, ..."
            return str(n).zfill(len(first))
    return str(n)


# ------------------------------------------------------------------ numbering definitions

_DECIMAL = re.compile(r"[+-]?[0-9]+")
MAX_DIGITS = 9        # a numbering value past this is no number Word shows (xsd:int holds 10)
_XML_SPACE = " \t\r\n"


def _int(value: str | None, default: int | None = None) -> int | None:
    """A value already checked by ``_decimal`` (or ``default`` when absent)."""
    if value is None:
        return default
    return int(value.strip(_XML_SPACE))


def _id(number: int | None) -> str | None:
    """A checked number as the key it is compared by (" 1" and "01" are numId 1)."""
    return None if number is None else str(number)


def _decimal(value: str | None, path: str, part: str, attr: str) -> int | None:
    """An ST_DecimalNumber value of the numbering (ECMA-376: a signed xsd:int; Word refuses a
    document whose value breaks the schema): None when absent; surrounding white space is
    allowed (the schema collapses it). Not an integer, or more than ``MAX_DIGITS`` digits: a
    SourceError naming the part and the attribute."""
    if value is None:
        return None
    text = value.strip(_XML_SPACE)
    shown = value if len(value) <= 20 else value[:20] + "…"
    if not _DECIMAL.fullmatch(text):
        raise _err(path, f"{part}: {attr} 的值 \"{shown}\" 不是数字",
                   f"{part}: the value \"{shown}\" of {attr} is not a number")
    digits = len(text.lstrip("+-").lstrip("0"))
    if digits > MAX_DIGITS or len(text) > 64:
        raise _err(path, f"{part}: {attr} 的值 \"{shown}\" 有 {len(text.lstrip('+-'))} 位数字，超出范围",
                   f"{part}: the value \"{shown}\" of {attr} has {len(text.lstrip('+-'))} digits: out of range")
    return int(text)


def _val(el, name: str) -> str | None:
    """``w:val`` of the child ``w:name`` of ``el`` (None when either is absent)."""
    if el is None:
        return None
    child = el.find(f"{W}{name}")
    return None if child is None else child.get(f"{W}val")


MAX_LEVEL = 8         # ilvl 0..8


@dataclass(slots=True)
class _Level:
    fmt: str = "decimal"
    text: str | None = None        # w:lvlText; None or "" = no label
    start: int = 0                 # ECMA-376 §17.9.25: an omitted w:start is 0
    restart: int | None = None     # w:lvlRestart (1-based level; 0 = never)
    legal: bool = False            # w:isLgl: every number in the label as decimal
    custom: str | None = None      # w:numFmt w:val="custom" w:format="001, 002, ..."
    style: str | None = None       # w:pStyle linking this level to a paragraph style


def _level(lvl, check) -> _Level:
    """One ``w:lvl``; ``check(value, attribute)`` validates its numbers (``_Numbering._checker``)."""
    level = _Level()
    fmt = lvl.find(f"{W}numFmt")
    if fmt is None:               # Word 2010+ writes a custom format inside mc:AlternateContent
        fmt = next((el for el in lvl.iter(f"{W}numFmt")), None)
    if fmt is not None:
        level.fmt = fmt.get(f"{W}val") or "decimal"
        level.custom = fmt.get(f"{W}format")
    text = lvl.find(f"{W}lvlText")
    if text is not None:
        level.text = text.get(f"{W}val")
    level.start = check(_val(lvl, "start"), "w:start") or 0
    level.restart = check(_val(lvl, "lvlRestart"), "w:lvlRestart")
    legal = lvl.find(f"{W}isLgl")
    level.legal = legal is not None and (legal.get(f"{W}val") or "true") not in ("0", "false", "off")
    level.style = _val(lvl, "pStyle")
    return level


class _Numbering:
    """numbering.xml + styles.xml → the label of each numbered paragraph, in document order.

    Word's model (ECMA-376 §17.9): a paragraph's ``w:numPr`` (numId, ilvl) comes from the
    paragraph or, property by property, from its paragraph style and the styles it is
    ``basedOn`` (numId 0 = no numbering). A ``w:num`` instance points at a ``w:abstractNum``
    (possibly through ``w:numStyleLink`` → a numbering style → another ``w:num``) and may
    override levels (``w:lvlOverride``: ``w:startOverride``, or a whole ``w:lvl``). The
    running count belongs to the abstract definition, so every ``w:num`` on it continues one
    sequence; a ``w:startOverride`` restarts it the first time its ``w:num`` is used at that
    level. Using a level resets the deeper ones (subject to ``w:lvlRestart``).
    """

    def __init__(self, root, styles, path: str = "<docx>", parts: dict[str, str] | None = None) -> None:
        self.path = path
        self.parts = parts or {}     # "numbering"/"styles"/"document" → the part's name in the package
        self._check_document = self._checker("document")
        self.abstract: dict[str, tuple[dict[int, _Level], str | None, bool]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None, str]] = {}
        self.default_style: str | None = None
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[tuple[str, int]] = set()
        self._resolved: dict[str, tuple[str, dict[int, _Level], dict[int, int], bool] | None] = {}
        if styles is not None:
            self._read_styles(styles)
        if root is None:
            return
        check = self._checker("numbering")
        for an in root.iter(f"{W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.findall(f"{W}lvl"):
                ilvl = check(lvl.get(f"{W}ilvl"), "w:ilvl")
                ilvl = 0 if ilvl is None else ilvl
                if 0 <= ilvl <= MAX_LEVEL and ilvl not in levels:
                    levels[ilvl] = _level(lvl, check)
            single = _val(an, "multiLevelType") == "singleLevel"
            key = _id(check(an.get(f"{W}abstractNumId"), "w:abstractNumId")) or ""
            if key not in self.abstract:
                self.abstract[key] = (levels, _val(an, "numStyleLink"), single)
        for num in root.iter(f"{W}num"):
            num_id = _id(check(num.get(f"{W}numId"), "w:numId")) or ""
            abstract_id = _id(check(_val(num, "abstractNumId"), "w:abstractNumId"))
            if abstract_id is None or num_id in self.nums:
                continue
            starts: dict[int, int] = {}
            lvls: dict[int, _Level] = {}
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = check(override.get(f"{W}ilvl"), "w:ilvl")
                start = check(_val(override, "startOverride"), "w:startOverride")
                lvl = override.find(f"{W}lvl")
                level = _level(lvl, check) if lvl is not None else None
                if ilvl is None or not 0 <= ilvl <= MAX_LEVEL:
                    continue
                if start is not None:
                    starts[ilvl] = start
                if level is not None:
                    lvls[ilvl] = level
            self.nums[num_id] = (abstract_id, starts, lvls)

    def _checker(self, part: str):
        """``check(value, attribute)`` → ``_decimal`` naming this package's ``part``."""
        name = self.parts.get(part, part)
        return lambda value, attr: _decimal(value, self.path, name, attr)

    def _read_styles(self, styles) -> None:
        check = self._checker("styles")
        for style in styles.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            if not style_id or style_id in self.styles:
                continue
            kind = style.get(f"{W}type") or "paragraph"
            num_pr = style.find(f"{W}pPr/{W}numPr")
            self.styles[style_id] = (_id(check(_val(num_pr, "numId"), "w:numId")),
                                     _id(check(_val(num_pr, "ilvl"), "w:ilvl")), _val(style, "basedOn"), kind)
            if kind == "paragraph" and self.default_style is None and \
                    (style.get(f"{W}default") or "").lower() in ("1", "true", "on"):
                self.default_style = style_id

    def _chain(self, style_id: str | None) -> list[str]:
        """The style and those it is ``w:basedOn``, nearest first (loops cut)."""
        chain: list[str] = []
        while style_id and style_id not in chain and style_id in self.styles and len(chain) < 32:
            chain.append(style_id)
            style_id = self.styles[style_id][2]
        return chain

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph style gives, each inherited along ``w:basedOn``."""
        num_id = ilvl = None
        for sid in self._chain(style_id):
            s_num, s_ilvl, _, _ = self.styles[sid]
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl

    def _resolve(self, num_id: str) -> tuple[str, dict[int, _Level], dict[int, int], bool] | None:
        """A w:num → (counter key, its levels, its start overrides, single-level)."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        result = None
        entry = self.nums.get(num_id)
        if entry is not None:
            abstract_id, starts, lvls = entry
            levels_: dict[int, _Level] = {}
            starts_ = dict(starts)
            key, single = abstract_id, False
            chain: list[str] = [num_id]
            current = abstract_id
            for _ in range(8):        # follow w:numStyleLink through numbering styles
                abstract = self.abstract.get(current)
                if abstract is None:
                    break
                levels, link, single = abstract
                key = current
                linked = self.styles.get(link) if link else None
                linked_num = linked[0] if linked else None
                if linked_num is None or linked_num in chain or linked_num not in self.nums:
                    levels_ = dict(levels)
                    break
                chain.append(linked_num)
                current, more_starts, more_lvls = self.nums[linked_num]
                for k, v in more_starts.items():
                    starts_.setdefault(k, v)
                lvls = {**more_lvls, **lvls}
            levels_.update(lvls)
            if levels_ or abstract_id in self.abstract:
                result = (key, levels_, starts_, single)
        self._resolved[num_id] = result
        return result

    def numbering_of(self, p) -> tuple[str, int] | None:
        """The paragraph's (numId, ilvl), or None when it is not numbered."""
        ppr = p.find(f"{W}pPr")
        style_id = _val(ppr, "pStyle") or self.default_style
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        own_num = own_ilvl = None
        if num_pr is not None:
            check = self._check_document
            own_num = _id(check(_val(num_pr, "numId"), "w:numId"))
            own_ilvl = _id(check(_val(num_pr, "ilvl"), "w:ilvl"))
        if own_num is None and own_ilvl is None and not self.styles:
            return None
        style_num, style_ilvl = self._style_numbering(style_id)
        from_style = own_num is None
        num_id = own_num if own_num is not None else style_num
        if num_id is None or _int(num_id) == 0:      # numId 0: numbering switched off
            return None
        if own_ilvl is not None:
            ilvl_text = own_ilvl
        elif from_style or num_id == style_num:
            ilvl_text = style_ilvl
        else:
            ilvl_text = None
        ilvl = _int(ilvl_text)
        if ilvl is None and from_style:
            resolved = self._resolve(num_id)
            if resolved is not None:   # a level linked to the style or one it is based on (w:lvl/w:pStyle)
                linked = {lv.style: k for k, lv in sorted(resolved[1].items(), reverse=True) if lv.style}
                ilvl = next((linked[s] for s in self._chain(style_id) if s in linked), None)
        ilvl = min(max(ilvl or 0, 0), MAX_LEVEL)
        if ppr is not None and ppr.find(f"{W}sectPr") is not None and not _has_text(p):
            return None                              # an empty section-break paragraph is not counted
        return num_id, ilvl

    def label(self, p) -> str:
        """Count the paragraph in its list (if numbered); its rendered label or ""."""
        found = self.numbering_of(p)
        if found is None:
            return ""
        num_id, ilvl = found
        resolved = self._resolve(num_id)
        if resolved is None:
            return ""
        key, levels, starts, single = resolved
        if single:
            ilvl = 0
        level_at = ilvl
        while level_at > 0 and level_at not in levels:   # a missing level uses the nearest one above
            level_at -= 1
        level = levels.get(level_at)
        if level is None:
            return ""
        counts = self.counters.setdefault(key, [None] * (MAX_LEVEL + 1))
        first_use = (num_id, ilvl) not in self.used
        self.used.add((num_id, ilvl))
        if first_use and ilvl in starts:
            value = starts[ilvl]
        elif counts[ilvl] is None:
            value = level.start
        else:
            value = counts[ilvl] + 1  # type: ignore[operator]
        counts[ilvl] = value
        for deeper in range(ilvl + 1, MAX_LEVEL + 1):
            restart = levels[deeper].restart if deeper in levels else None
            if restart == 0:
                continue                             # never restarts
            if restart is None or restart > deeper or ilvl <= restart - 1:
                counts[deeper] = None
        if level.fmt == "bullet" or not level.text:
            return ""

        def number(m: re.Match[str]) -> str:
            k = min(int(m.group(1)) - 1, ilvl)
            lv = levels.get(k, level)
            n = counts[k] if counts[k] is not None else lv.start
            fmt = lv.fmt
            if level.legal and fmt not in ("none", "decimalZero"):
                fmt = "decimal"
            return _format_number(fmt, n, lv.custom)  # type: ignore[arg-type]

        rendered = re.sub(r"%([1-9])", number, level.text)
        return rendered if rendered.strip() else ""


# ------------------------------------------------------------------ text

def element_text(el) -> str:
    """The text one child of a ``w:r`` stands for, as python-docx reads it."""
    tag = el.tag
    if tag == f"{W}t":
        return el.text or ""
    if tag == f"{W}tab" or tag == f"{W}ptab":
        return "\t"
    if tag == f"{W}cr":
        return "\n"
    if tag == f"{W}br":
        return "\n" if el.get(f"{W}type") in (None, "textWrapping") else ""   # page/column: nothing
    if tag == f"{W}noBreakHyphen":
        return "-"
    return ""


def run_text(r) -> str:
    """A ``w:r``'s text exactly as python-docx's ``Run.text`` gives it."""
    return "".join(element_text(el) for el in r)


def paragraph_runs(p) -> list:
    """The ``w:r`` elements whose text makes up python-docx's ``Paragraph.text``, in order."""
    runs = []
    for child in p:
        if child.tag == f"{W}r":
            runs.append(child)
        elif child.tag == f"{W}hyperlink":
            runs.extend(r for r in child if r.tag == f"{W}r")
    return runs


def _paragraph_text(p) -> str:
    return "".join(run_text(r) for r in paragraph_runs(p))


def _has_text(p) -> bool:
    return any(r.find(f"{W}t") is not None for r in paragraph_runs(p))


def _elements(parent) -> list:
    """Child elements (no comments or processing instructions: python-docx keeps those)."""
    return [c for c in parent if isinstance(c.tag, str)]


def _unwrap(parent, tag: str) -> list:
    """Children ``tag`` of ``parent``, looking through content controls (``w:sdt``) and
    ``w:customXml`` the way Word shows them."""
    out = []
    for child in _elements(parent):
        if child.tag == tag:
            out.append(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                out.extend(_unwrap(content, tag))
        elif child.tag == f"{W}customXml":
            out.extend(_unwrap(child, tag))
    return out


def table_rows(tbl) -> list:
    return _unwrap(tbl, f"{W}tr")


def row_cells(tr) -> list:
    return _unwrap(tr, f"{W}tc")


def cell_paragraphs(tc) -> list:
    """Every paragraph of a cell in document order, those of nested tables included."""
    return [p for p in tc.iter(f"{W}p") if not _in_textbox(p, tc)]


def _in_textbox(p, stop) -> bool:
    el = p.getparent()
    while el is not None and el is not stop:
        if el.tag == f"{W}txbxContent":
            return True
        el = el.getparent()
    return False


def body_paragraphs(body, body_paths: Iterable[tuple[int, ...]]) -> list:
    """The ``w:p`` elements that ``ParagraphRef.body_path``s name in ``body`` (lxml or
    python-docx element), None where a path does not fit. Resolved in one pass: each table's
    rows, a row's cells and a cell's paragraphs are listed once, not once per paragraph."""
    blocks = _elements(body)
    rows: dict[int, list] = {}
    cells: dict[tuple[int, int], list] = {}
    paras: dict[tuple[int, int, int], list] = {}
    found: list = []
    for path in body_paths:
        try:
            block = blocks[path[0]]
            if len(path) == 1:
                el = block if block.tag == f"{W}p" else None
            else:
                if path[0] not in rows:
                    rows[path[0]] = table_rows(block)
                key = (path[0], path[1])
                if key not in cells:
                    cells[key] = row_cells(rows[path[0]][path[1]])
                ckey = (path[0], path[1], path[2])
                if ckey not in paras:
                    paras[ckey] = cell_paragraphs(cells[key][path[2]])
                el = paras[ckey][path[3]]
        except (IndexError, TypeError):
            el = None
        found.append(el)
    return found


def extract(data: bytes, path: str = "<docx>") -> DocxText:
    """The text of a .docx (bytes), where each paragraph sits in it, and the list labels."""
    if isinstance(data, (str, os.PathLike)):  # a path
        with open(data, "rb") as fh:
            data = fh.read()
    zf = _open_zip(data, path)
    raw = _read_part(zf, "word/document.xml", path)
    if raw is None:
        raise _err(path, "不是有效的 .docx 文件（缺少 word/document.xml）", "not a valid .docx (no word/document.xml)")
    root = _parse_xml(raw, path, "document.xml")
    if "[Content_Types].xml" not in zf.namelist():
        raise _err(path, "不是有效的 .docx 文件（缺少 [Content_Types].xml）", "not a valid .docx (no [Content_Types].xml)")
    body = root.find(f"{W}body")
    if body is None:
        return DocxText("", [])
    related = _related_parts(zf, path)
    num_raw = _read_part(zf, related["numbering"], path)
    styles_raw = _read_part(zf, related["styles"], path) if num_raw else None
    numbering = _Numbering(_parse_xml(num_raw, path, "numbering.xml") if num_raw else None,
                           _parse_xml(styles_raw, path, "styles.xml") if styles_raw else None,
                           path, {**related, "document": "word/document.xml"})
    counting = bool(num_raw)
    out: list[str] = []
    refs: list[ParagraphRef] = []
    labels: dict[int, str] = {}
    pos = 0
    for bi, block in enumerate(_elements(body)):
        if block.tag == f"{W}p":
            line = _paragraph_text(block)
            if out:
                pos += 1
            if counting:
                label = numbering.label(block)
                if label:
                    labels[pos] = label
            refs.append(ParagraphRef(pos, pos + len(line), (bi,)))
            out.append(line)
            pos += len(line)
        elif block.tag == f"{W}tbl":
            for ri, row in enumerate(table_rows(block)):
                cells = []
                if out:
                    pos += 1
                cell_pos = pos
                for ci, cell in enumerate(row_cells(row)):
                    if ci:
                        cell_pos += 1                 # the tab between cells
                    texts = []
                    for pi, p in enumerate(cell_paragraphs(cell)):
                        if pi:
                            cell_pos += 1             # the space between a cell's paragraphs
                        if counting:
                            label = numbering.label(p)
                            if label and ci == 0 and pi == 0:
                                labels[cell_pos] = label
                        t = _paragraph_text(p).replace("\n", " ").replace("\t", " ")
                        refs.append(ParagraphRef(cell_pos, cell_pos + len(t), (bi, ri, ci, pi)))
                        cell_pos += len(t)
                        texts.append(t)
                    cells.append(" ".join(texts))
                line = "\t".join(cells)
                out.append(line)
                pos += len(line)
        elif counting:
            # blocks python-docx does not list (content controls, …): not in the text, but
            # their numbered paragraphs still count in Word's sequences
            for p in block.iter(f"{W}p"):
                if not _in_textbox(p, block):
                    numbering.label(p)
    return DocxText("\n".join(out), refs, labels)
