"""Sources: bytes → text, exactly as written, with the encoding used.

The one change is 1:1 and keeps every offset: a CR alone (old Mac line ending) becomes LF
(``encoding.lone_cr_to_lf``; CRLF untouched), for files and stdin alike.

``read_source`` raises ``SourceError`` with a one-line reason (Chinese and English);
``discover`` walks folders in a stable order.
"""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..textpos import SourceMap
from .discovery import discover
from .errors import SourceError


@dataclass(slots=True)
class Source:
    path: str
    text: str
    encoding: str
    format: str          # text | markdown | docx | html
    # .docx: Word's automatic list numbers, not in the text: line-start offset → label ("（一）")
    list_labels: dict[int, str] = field(default_factory=dict)
    # .html: where the extracted text's characters are in the file (line/column of findings)
    source_map: SourceMap | None = None


def _os_error(path: str, exc: OSError) -> SourceError:
    if isinstance(exc, FileNotFoundError):
        return SourceError(path, "文件不存在", "no such file")
    if isinstance(exc, PermissionError):
        return SourceError(path, "无权限读取", "permission denied")
    return SourceError(path, f"无法读取（{exc.strerror}）", f"cannot read ({exc.strerror})")


def _read_bytes(path: str, max_file_size: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_file_size + 1)
        if len(data) > max_file_size:
            raise SourceError(path, f"输入超过大小上限 {max_file_size} 字节", f"input larger than {max_file_size} bytes")
        return data
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _os_error(path, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError(path, "是目录而不是文件", "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(path, "不是普通文件（管道、设备或套接字）", "not a regular file (FIFO, device or socket)")
    if st.st_size > max_file_size:
        raise SourceError(path, f"文件过大（{st.st_size} 字节，上限 {max_file_size}）",
                          f"file too large ({st.st_size} bytes, limit {max_file_size})")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            # ask for the size stat saw (+1 to notice growth): read(limit) would allocate the
            # whole limit for every file
            data = fh.read(min(st.st_size, max_file_size) + 1)
            if len(data) > st.st_size:         # the file grew since stat: read up to the limit
                data += fh.read(max_file_size + 1 - len(data))
    except OSError as exc:      # deleted or made unreadable between listing and reading
        raise _os_error(path, exc) from None
    if len(data) > max_file_size:
        raise SourceError(path, f"文件过大（上限 {max_file_size} 字节）", f"file too large (limit {max_file_size} bytes)")
    return data


def read_source(path: str | Path, *, max_file_size: int = 20 * 1024 * 1024) -> Source:
    """Read and decode one source file (``"-"`` = stdin)."""
    path = str(path)
    data = _read_bytes(path, max_file_size)
    suffix = Path(path).suffix.lower()
    if suffix == ".docx" or (path == "-" and data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        from .docx import extract

        extracted = extract(data, path)
        return Source(path, extracted.text, "utf-8", "docx", extracted.list_labels)
    from .encoding import decode

    text, encoding = decode(data, path)
    if suffix in (".html", ".htm") or (suffix not in (".txt", ".md") and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
        from .html import extract as extract_html

        visible, source_map = extract_html(text)
        return Source(path, visible, encoding, "html", source_map=source_map)
    return Source(path, text, encoding, "markdown" if suffix in (".md", ".markdown") else "text")


__all__ = ["Source", "SourceError", "read_source", "discover"]
