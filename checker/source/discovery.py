"""Find the files to check: explicit files always, folders walked recursively in sorted order."""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import SourceError


def _matches(rel: str, name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
               for p in patterns)


def discover(paths: list[str], include: list[str], exclude: list[str]) -> Iterator[str | SourceError]:
    """Yield file paths (as strings, in a stable order) and SourceErrors for bad paths."""
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            yield SourceError(raw, "文件不存在", "no such file or folder")
            continue
        if not path.is_dir():
            yield raw
            continue
        seen: set[tuple[int, int]] = set()
        yield from _walk(path, path, include, exclude, seen)


def _walk(root: Path, folder: Path, include: list[str], exclude: list[str],
          seen: set[tuple[int, int]]) -> Iterator[str | SourceError]:
    try:
        st = folder.stat()
    except OSError:
        yield SourceError(str(folder), "无法读取目录", "cannot read folder")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:        # a symlink loop: each real folder once
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield SourceError(str(folder), "无权限读取目录", "cannot list folder")
        return
    for entry in entries:
        full = Path(entry.path)
        rel = full.relative_to(root).as_posix()
        if _matches(rel, entry.name, exclude):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            yield from _walk(root, full, include, exclude, seen)
        elif _matches(rel, entry.name, include):
            yield entry.path
