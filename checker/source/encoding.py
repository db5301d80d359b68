"""Decode bytes: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), GB18030/GBK, Big5.

The common case (valid UTF-8) costs one strict decode. Old Mac line endings (a CR alone) become
LF (``lone_cr_to_lf``); nothing else in the text is changed. Otherwise plainly-GB text (almost all
characters in GB2312) is accepted as GB18030 directly; only the rest goes to charset-normalizer,
because a naive "else GB18030" decodes Big5 as mojibake without raising.
"""
from __future__ import annotations

import codecs
import re

from .errors import SourceError

# a CR that does not start a CRLF
_LONE_CR = re.compile(r"\r(?!\n)")
# C0 controls other than \t \n \v \f \r
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))
# ``_looks_mixed`` counts the characters above U+2E80 (CJK range): what is left without these
_NARROW_RUN = re.compile("[\x00-\u2e80]+")
_HIGH_BYTES = bytes(range(0x80, 0x100))

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
            except UnicodeDecodeError as exc:
                _one_broken_sequence(data, exc, path)
                utf16 = _cjk_utf16(data)
                if utf16:
                    text, enc = _strict(data, utf16, path), "utf-16"
                else:
                    text, enc = _detect(data, path)
    if "\x00" in text:
        raise SourceError(path, "文件含有 NUL 字符，可能是二进制文件", "contains NUL bytes (binary?)")
    if _many_controls(text, data, enc):
        raise SourceError(path, "含有大量控制字符，可能是二进制文件", "many control characters (binary?)")
    if not text or text.isspace():        # same as ``not text.strip()`` without copying the text
        raise SourceError(path, "文件只有空白", "file contains only whitespace")
    return lone_cr_to_lf(text), enc


def lone_cr_to_lf(text: str) -> str:
    """``text`` with every CR that is not followed by LF replaced by LF; CRLF is left alone.

    Files saved with old Mac line endings (CR only) then have lines for everything that splits
    at LF, as an editor shows them: ``LineIndex`` (line and column numbers), suppression
    comments (``disable-next-line``, a directive ending at its line), the parser. DESIGN.md
    asks to keep the decoded text exactly ("newlines untouched") *so that every offset maps
    back to what the user wrote*; this replacement is one character for one, so every offset
    still points at the same character of the file and that purpose holds (a span covers the
    same characters; only a separator inside it reads LF instead of CR). CRLF keeps its CR at
    the end of the line, as before.
    """
    if "\r" not in text:
        return text
    return _LONE_CR.sub("\n", text)


def _many_controls(text: str, data: bytes, enc: str) -> bool:
    """Whether the first 4096 characters hold many C0 control characters (binary file?)."""
    if enc != "utf-16":
        # every encoding read here but UTF-16 writes a control character as that one byte and
        # uses no such byte otherwise, and 4096 characters take at most 4 bytes each (+ BOM):
        # with few control bytes there, counting characters cannot reach the threshold
        prefix = data[:4 * 4096 + 3]
        if len(prefix) - len(prefix.translate(None, _CONTROL_BYTES)) <= 8:
            return False
    head = text[:4096]
    controls = len(_CONTROL.findall(head))
    return controls > 8 and controls > len(head) // 50


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


def _one_broken_sequence(data: bytes, exc: UnicodeDecodeError, path: str) -> None:
    """Raise a SourceError naming the byte when ``data`` is UTF-8 but for one broken sequence
    (a file cut in the middle of a character, one damaged byte): not "mixed encodings"."""
    end = exc.end
    for _ in range(4):                 # the bytes of one damaged character fail one by one
        try:
            data[end:].decode("utf-8")
            break
        except UnicodeDecodeError as more:
            if end + more.start > exc.start + 4:
                return                 # errors further apart: another encoding, or mixed
            end += more.end
    else:
        return
    rest = data[end:]
    high = len(data) - len(data.translate(None, _HIGH_BYTES)) - (end - exc.start)
    if high < 24:
        return                         # too little UTF-8 around it (8 CJK characters) to be sure
    byte = exc.start + 1               # counted from 1, as an editor's byte offset is read
    if not rest and exc.reason == "unexpected end of data":
        raise SourceError(path, f"文件末尾（第 {byte} 字节起）的 UTF-8 字节序列不完整，文件可能被截断",
                          f"truncated UTF-8 sequence at byte {byte} (end of file): the file may be cut short")
    raise SourceError(path, f"第 {byte} 字节处的 UTF-8 字节序列不完整或已损坏（其余内容是有效的 UTF-8）",
                      f"broken UTF-8 sequence at byte {byte} (the rest is valid UTF-8)")


# CJK ideographs, CJK and full-width punctuation, and ASCII text: what a Chinese notice is made of
_NOTICE_CHARS = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\t\n\r\x20-\x7e]")


def _cjk_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM and with few NUL bytes (Chinese text has none): the codec whose
    decoding of the start is almost all CJK text, else None. GB18030 or Big5 bytes read as
    UTF-16 land in Hangul, Yi, private-use or surrogate code points, never mostly in CJK."""
    if len(data) % 2:
        return None
    sample = data[:4000]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(text) >= 8 and len(_NOTICE_CHARS.findall(text)) >= 0.9 * len(text) \
                and sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 0.3 * len(text):
            return codec
    return None


# encodings a Chinese notice plausibly uses; a detector's guess of Latin-1 and the like is mojibake
_ACCEPTED = {"gb18030", "big5", "big5hkscs", "cp950", "utf-8"}   # BOM-less UTF-16 only via the NUL pattern


def _detect(data: bytes, path: str) -> tuple[str, str]:
    if _looks_mixed(data):
        raise SourceError(path, "文件混用了多种编码（大部分为 UTF-8，夹杂其他编码），请统一保存为 UTF-8",
                          "mixed encodings (mostly UTF-8 with other fragments); save it as UTF-8")
    text = _plain_gb18030(data)
    if text is not None:
        return text, "gb18030"
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


_MIN_GB_CHARS = 32      # fewer GB2312 characters than this: too little evidence, ask the detector
_MAX_RARE_SHARE = 100   # at most 1 in this many non-ASCII characters may lie outside GB2312


def _plain_gb18030(data: bytes) -> str | None:
    """``data`` decoded as GB18030 when it is plainly GB text, else None (then ask the detector).

    Why this is safe: Big5 (and other legacy CJK) bytes decode as GB18030 without error too,
    but Big5 trail bytes 0x40-0x7E land in GBK's extension areas and its symbol rows in kana and
    user-defined areas, so a large share of the characters fall outside GB2312; a real GB
    notice is almost entirely GB2312. Requiring ≥ ``_MIN_GB_CHARS`` GB2312 characters and at
    most 1% others leaves only inputs the detector also reads as GB18030.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    encoded = text.encode("gb2312", errors="replace")   # GB2312 → 2 bytes, ASCII and others → 1
    in_gb2312 = len(encoded) - len(text)
    outside = encoded.count(b"?") - text.count("?")
    if in_gb2312 >= _MIN_GB_CHARS and outside * _MAX_RARE_SHARE <= in_gb2312:
        return text
    return None


def _looks_mixed(data: bytes) -> bool:
    """Mostly valid UTF-8 multi-byte sequences with some invalid bytes: mixed encodings."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0:
        return False
    # Each U+FFFD stands for >= 1 byte >= 0x80 and every other character above U+2E80 for >= 3,
    # so ``good`` <= bad + (high - bad) // 3: when that bound is <= bad * 4, skip the count.
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if bad + (high - bad) // 3 <= bad * 4:
        return False
    good = len(_NARROW_RUN.sub("", text))
    return good > 20 and good > bad * 4
