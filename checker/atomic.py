"""Atomic file writes: a temp file in the destination folder, then ``os.replace``.

An interrupted run never leaves a half-written report behind. A destination that is not
a regular file (``/dev/null``, a FIFO) is written straight through, never replaced.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_writer(dest: Path, mode: str = "w", sync: bool = True) -> Iterator[IO]:
    """A file handle whose content replaces ``dest`` only when the block completes.

    ``sync=False`` skips the fsync (still never a half-written file): for the many pages of an
    archive report, whose index, written last with a sync, is what a reader opens."""
    dest = Path(dest)
    encoding = "utf-8" if "b" not in mode else None
    if dest.exists() and not dest.is_file():
        with open(dest, mode, encoding=encoding) as fh:
            yield fh
        return
    folder = dest.parent if str(dest.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as fh:
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
    write_bytes_atomic(dest, text.encode(encoding))
