"""Damaged .docx packages for the hostile-input tests, generated from a valid one (no binaries committed)."""
from __future__ import annotations

import io
import struct
import zipfile

NOTICE_LINES = ["关于某县水利局巡察整改进展情况的通报", "一、整改落实情况",
                "1.关于制度不健全的问题。已完成整改，修订制度3项。"]
PART = "word/document.xml"


def valid_docx(lines: list[str] | None = None, comment: bool = False) -> bytes:
    import docx

    document = docx.Document()
    for line in lines or NOTICE_LINES:
        paragraph = document.add_paragraph(line)
    if comment:
        document.add_comment(paragraph.runs, text="已有批注", author="A")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rezip(data: bytes, mutate=None, drop: tuple[str, ...] = ()) -> bytes:
    """The package with each member's bytes passed through ``mutate(name, bytes)``."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            raw = zin.read(info.filename)
            zout.writestr(info.filename, mutate(info.filename, raw) if mutate else raw)
    return out.getvalue()


def _headers(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of the local and central directory headers of member ``name``."""
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack("<H", data[central + 28:central + 30])[0]
        if data[central + 46:central + 46 + length] == name.encode():
            return local, central
        central = data.find(b"PK\x01\x02", central + 4)
    raise KeyError(name)


def _patch(data: bytes, local_field: int, central_field: int, value: bytes, name: str = PART) -> bytes:
    out = bytearray(data)
    local, central = _headers(data, name)
    out[local + local_field:local + local_field + len(value)] = value
    out[central + central_field:central + central_field + len(value)] = value
    return bytes(out)


def bad_crc(base: bytes) -> bytes:
    return _patch(base, 14, 16, b"\0\0\0\0")


def lying_size(base: bytes) -> bytes:
    return _patch(base, 22, 24, struct.pack("<I", 10))


def lying_compressed_size(base: bytes) -> bytes:
    return _patch(base, 18, 20, struct.pack("<I", 50))


def corrupt_deflate(base: bytes) -> bytes:
    out = bytearray(base)
    local, _ = _headers(base, PART)
    name_len, extra_len = struct.unpack("<HH", out[local + 26:local + 30])
    start = local + 30 + name_len + extra_len
    for k in range(start + 5, start + 40):
        out[k] ^= 0x5A
    return bytes(out)


def method_99(base: bytes) -> bytes:
    return _patch(base, 8, 10, struct.pack("<H", 99))


def encrypted_member(base: bytes) -> bytes:
    return _patch(base, 6, 8, struct.pack("<H", 1))


def ole_encrypted(base: bytes) -> bytes:
    # what Word writes for a password-protected document: an OLE compound file holding "EncryptedPackage"
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600


def no_content_types(base: bytes) -> bytes:
    return rezip(base, drop=("[Content_Types].xml",))


def _number_paragraphs(raw: bytes, num_pr: bytes) -> bytes:
    return raw.replace(b"<w:p>", b"<w:p><w:pPr>" + num_pr + b"</w:pPr>")


def ilvl_not_a_number(base: bytes) -> bytes:
    return rezip(base, lambda name, raw: _number_paragraphs(
        raw, b'<w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr>') if name == PART else raw)


def numbered(base: bytes, lvl: bytes = b'<w:start w:val="1"/>', ilvl: bytes = b'"0"', override: bytes = b"",
             num_pr: bytes = b'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>') -> bytes:
    """``base`` with its own numbering part (one list, ``lvl`` inside its first level, ``ilvl``
    that level's attribute, ``override`` inside its w:num) and every paragraph on it (``num_pr``)."""
    numbering = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 b'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl=' + ilvl + b'>' + lvl
                 + b'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 b'<w:num w:numId="1"><w:abstractNumId w:val="0"/>' + override + b'</w:num></w:numbering>')

    def mutate(name: str, raw: bytes) -> bytes:
        if name == "word/numbering.xml":
            return numbering
        if name == PART:
            return _number_paragraphs(raw, num_pr)
        return raw
    return rezip(base, mutate)


def huge_start(base: bytes) -> bytes:
    return numbered(base, b'<w:start w:val="' + b"9" * 5000 + b'"/>')


def ilvl_attribute_not_a_number(base: bytes) -> bytes:
    return numbered(base, ilvl=b'"x"')


def start_override_not_a_number(base: bytes) -> bytes:
    return numbered(base, override=b'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3a"/></w:lvlOverride>')


def restart_not_a_number(base: bytes) -> bytes:
    return numbered(base, b'<w:start w:val="1"/><w:lvlRestart w:val="1.5"/>')


def num_id_too_long(base: bytes) -> bytes:
    return numbered(base, num_pr=b'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1234567890"/></w:numPr>')


def style_num_id_not_a_number(base: bytes) -> bytes:
    def mutate(name: str, raw: bytes) -> bytes:
        if name == "word/styles.xml":
            return raw.replace(b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">',
                               b'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
                               b'<w:pPr><w:numPr><w:numId w:val="one"/></w:numPr></w:pPr>', 1)
        return raw
    return rezip(base, mutate)


def padded_values(base: bytes) -> bytes:
    """White space around the numbers and a signed start: the schema allows both (xsd:int)."""
    return numbered(base, b'<w:start w:val=" +3 "/>', ilvl=b'" 0 "',
                    num_pr=b'<w:numPr><w:ilvl w:val="\t0\n"/><w:numId w:val=" 1"/></w:numPr>')


def absent_values(base: bytes) -> bytes:
    """A level without w:start (0) and a numPr without w:ilvl (level 0): allowed, not errors."""
    return numbered(base, b"", num_pr=b'<w:numPr><w:numId w:val="1"/></w:numPr>')


def declares_entity(base: bytes, part: str) -> bytes:
    """``part`` with an entity declared after a 70 KB comment (past a prolog byte scan)."""
    def mutate(name: str, raw: bytes) -> bytes:
        if name != part:
            return raw
        end = raw.index(b"?>") + 2
        root = raw[end:].lstrip()
        tag = root[1:root.index(b" ")]
        return (raw[:end] + b"<!--" + b"x" * 70_000 + b"-->" + b"<!DOCTYPE " + tag
                + b' [<!ENTITY e "ZZ">]>' + root.replace("已".encode(), "&e;已".encode(), 1))
    return rezip(base, mutate)


# name → (damage, fragment of the one-line error)
UNREADABLE = {
    "bad_crc": (bad_crc, "校验和不符"),
    "lying_size": (lying_size, "已损坏"),
    "lying_compressed_size": (lying_compressed_size, "已损坏"),
    "corrupt_deflate": (corrupt_deflate, "无法解压"),
    "method_99": (method_99, "压缩方式（99）"),
    "encrypted_member": (encrypted_member, "加密"),
    "ole_encrypted": (ole_encrypted, "加密"),
    "no_content_types": (no_content_types, "[Content_Types].xml"),
    # numbering values that break the schema (ST_DecimalNumber, a signed int): Word refuses the file
    "ilvl_not_a_number": (ilvl_not_a_number, 'word/document.xml: w:ilvl 的值 "x" 不是数字'),
    "huge_start": (huge_start, "word/numbering.xml: w:start 的值"),
    "ilvl_attribute_not_a_number": (ilvl_attribute_not_a_number, 'word/numbering.xml: w:ilvl 的值 "x" 不是数字'),
    "start_override_not_a_number": (start_override_not_a_number,
                                    'word/numbering.xml: w:startOverride 的值 "3a" 不是数字'),
    "restart_not_a_number": (restart_not_a_number, 'word/numbering.xml: w:lvlRestart 的值 "1.5" 不是数字'),
    "num_id_too_long": (num_id_too_long, "word/document.xml: w:numId 的值 \"1234567890\" 有 10 位数字"),
    "style_num_id_not_a_number": (style_num_id_not_a_number, 'word/styles.xml: w:numId 的值 "one" 不是数字'),
}
# what the schema allows, however odd: read as Word shows it (name → (damage, first label))
ODD_BUT_READABLE = {"padded_values": (padded_values, "三."), "absent_values": (absent_values, "〇.")}
