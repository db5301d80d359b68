"""Atomic file writes: a temp file in the destination folder, then ``os.replace``.

An interrupted or failed run never leaves a half-written report or a temp file behind,
and the previous content of the destination stays as it was. A destination that is not a
regular file (``/dev/null``, a FIFO) is written straight through, never replaced; a folder
is refused.
"""
from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class OutputError(Exception):
    """An output (file or standard output) could not be written; ``message(lang)`` is one line."""

    def __init__(self, dest: str, exc: OSError) -> None:
        super().__init__(f"{dest}: {exc}")
        self.dest, self.error = dest, exc

    def message(self, lang: str = "zh") -> str:
        zh, en = describe_os_error(self.error)
        return f"{self.dest}: " + (f"无法写入输出（{zh}）" if lang != "en" else f"cannot write the output ({en})")


_REASONS = {
    errno.ENOENT: ("所在目录不存在", "its folder does not exist"),
    errno.ENOTDIR: ("路径中有一段不是目录", "a part of the path is not a folder"),
    errno.EISDIR: ("这是一个目录", "it is a folder"),
    errno.EACCES: ("没有写入权限", "permission denied"),
    errno.EPERM: ("没有写入权限", "permission denied"),
    errno.EROFS: ("只读文件系统", "read-only file system"),
    errno.ENOSPC: ("磁盘空间已满", "no space left on device"),
    errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"),
    errno.EPIPE: ("管道已关闭", "broken pipe"),
    errno.EFBIG: ("文件过大", "file too large"),
}


def describe_os_error(exc: OSError) -> tuple[str, str]:
    """(Chinese, English) reason for an OSError, without the temp file name it may carry."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    reason = exc.strerror or type(exc).__name__
    return reason, reason


def check_writable(dest: Path) -> None:
    """Raise OSError now when ``dest`` cannot be written later (missing or unwritable folder,
    a folder as destination), so a long run does not end in a lost report."""
    dest = Path(dest)
    if dest.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dest))
    if dest.exists() and not dest.is_file():
        return                                   # /dev/null, a FIFO: written straight through
    folder = dest.parent if str(dest.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    os.unlink(tmp)


@contextmanager
def atomic_writer(dest: Path, mode: str = "w", sync: bool = True) -> Iterator[IO]:
    """A file handle whose content replaces ``dest`` only when the block completes.

    ``sync=False`` skips the fsync (still never a half-written file): for the many pages of an
    archive report, whose index, written last with a sync, is what a reader opens."""
    dest = Path(dest)
    encoding = "utf-8" if "b" not in mode else None
    # a file name that is not valid UTF-8 (kept as surrogates) is written as \udcff, never a crash
    errors = "backslashreplace" if encoding else None
    if dest.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dest))
    if dest.exists() and not dest.is_file():
        with open(dest, mode, encoding=encoding, errors=errors) as fh:
            yield fh
        return
    folder = dest.parent if str(dest.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, mode, encoding=encoding, errors=errors) as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_bytes_atomic(dest: Path, data: bytes) -> None:
    with atomic_writer(dest, "wb") as fh:
        fh.write(data)


def write_text_atomic(dest: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(dest, text.encode(encoding, errors="backslashreplace"))


class GuardedStream:
    """A text or binary stream whose write errors become ``OutputError`` naming ``label``."""

    def __init__(self, stream: IO, label: str) -> None:
        self._stream, self.label = stream, label

    def write(self, data):
        try:
            return self._stream.write(data)
        except OSError as exc:
            raise OutputError(self.label, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(self.label, exc) from None


@contextmanager
def guarded_writer(dest: Path, mode: str = "w") -> Iterator[GuardedStream]:
    """``atomic_writer`` whose failures (opening, writing, replacing) are ``OutputError``s
    naming ``dest``; on any failure the temp file is removed and ``dest`` is left as it was."""
    label = str(dest)
    writer = atomic_writer(Path(dest), mode)
    try:
        fh = writer.__enter__()
    except OSError as exc:
        raise OutputError(label, exc) from None
    try:
        yield GuardedStream(fh, label)
    except BaseException as exc:
        try:
            writer.__exit__(type(exc), exc, exc.__traceback__)     # removes the temp file
        except OSError:
            pass                       # closing failed too: the first failure is the one to report
        raise
    try:
        writer.__exit__(None, None, None)
    except OSError as exc:
        raise OutputError(label, exc) from None
