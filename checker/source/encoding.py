"""Decode bytes: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), GB18030/GBK, Big5.

The common case (valid UTF-8) costs one strict decode; charset-normalizer is imported only
when that fails, because a naive "else GB18030" decodes Big5 as mojibake without raising.
"""
from __future__ import annotations

import codecs

from .errors import SourceError

_MAGIC = [
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"PK\x03\x04", "ZIP 压缩包（若为 Word 文档请使用 .docx 扩展名）", "a ZIP archive (name it .docx if it is a Word file)"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文件（.doc），请另存为 .docx", "a legacy Office file (.doc); save it as .docx"),
    (b"\x7fELF", "可执行文件", "an executable"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip file"),
]


def decode(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding name) or SourceError."""
    if not data:
        raise SourceError(path, "文件为空", "file is empty")
    if data.startswith(codecs.BOM_UTF8):
        text, enc = _strict(data[3:], "utf-8", path), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = _strict(data, "utf-16", path), "utf-16"
    else:
        for magic, zh, en in _MAGIC:
            if data.startswith(magic):
                raise SourceError(path, f"这是{zh}，不是文本", f"this is {en}, not text")
        utf16 = _utf16_without_bom(data)
        if utf16:
            text, enc = _strict(data, utf16, path), "utf-16"
        else:
            try:
                text, enc = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, enc = _detect(data, path)
    if "\x00" in text:
        raise SourceError(path, "文件含有 NUL 字符，可能是二进制文件", "contains NUL bytes (binary?)")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 8 and controls > len(text[:4096]) // 50:
        raise SourceError(path, "含有大量控制字符，可能是二进制文件", "many control characters (binary?)")
    if not text.strip():
        raise SourceError(path, "文件只有空白", "file contains only whitespace")
    return text, enc


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise SourceError(path, f"无法按 {encoding} 解码", f"cannot decode as {encoding}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:2000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


# encodings a Chinese notice plausibly uses; a detector's guess of Latin-1 and the like is mojibake
_ACCEPTED = {"gb18030", "big5", "big5hkscs", "cp950", "utf-8"}   # BOM-less UTF-16 only via the NUL pattern


def _detect(data: bytes, path: str) -> tuple[str, str]:
    if _looks_mixed(data):
        raise SourceError(path, "文件混用了多种编码（大部分为 UTF-8，夹杂其他编码），请统一保存为 UTF-8",
                          "mixed encodings (mostly UTF-8 with other fragments); save it as UTF-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    candidates = []
    if best is not None:
        name = best.encoding.replace("_", "-").lower()
        if name in ("gbk", "gb2312", "gb18030", "hz"):
            name = "gb18030"
        if name in _ACCEPTED:
            candidates.append(name)
    candidates += ["gb18030"]
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, name
    raise SourceError(path, "无法识别文件编码（既不是 UTF-8 也不是 GB18030）",
                      "cannot detect the encoding (neither UTF-8 nor GB18030)")


def _looks_mixed(data: bytes) -> bool:
    """Mostly valid UTF-8 multi-byte sequences with some invalid bytes: mixed encodings."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x2E80)
    return good > 20 and bad > 0 and good > bad * 4
