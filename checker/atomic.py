"""Atomic file writes: a temp file in the destination folder, then ``os.replace``.

An interrupted run never leaves a half-written report behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomic(dest: Path, data: bytes) -> None:
    dest = Path(dest)
    if dest.exists() and not dest.is_file():        # /dev/null, a FIFO: write straight through
        with open(dest, "wb") as fh:
            fh.write(data)
        return
    folder = dest.parent if str(dest.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text_atomic(dest: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(dest, text.encode(encoding))
