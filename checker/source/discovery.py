"""Find the files to check: explicit files always, folders walked recursively in sorted order.

Symbolic links met while walking are followed only to places inside the folders given on the
command line (a link to a secret folder or to ``/`` is not read); a path given explicitly is
always followed. A link that points back at a folder above it (a loop) is reported, and each
real file is checked once however many links lead to it.
"""
from __future__ import annotations

import errno
import fnmatch
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError


@dataclass(frozen=True, slots=True)
class SkippedLink:
    """A symbolic link the walk did not follow; ``loop`` ones are always reported."""

    path: str
    target: str
    reason_zh: str
    reason_en: str
    loop: bool = False

    def message(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"{self.path}: link to {self.target} skipped: {self.reason_en}"
        return f"{self.path}: 已跳过指向 {self.target} 的链接：{self.reason_zh}"


Notes = Callable[[SkippedLink], None]


def _matches(rel: str, name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
               for p in patterns)


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def discover(paths: list[str], include: list[str], exclude: list[str],
             notes: Notes | None = None) -> Iterator[str | SourceError]:
    """Yield file paths (as strings, in a stable order) and SourceErrors for bad paths;
    links not followed are passed to ``notes``."""
    roots = [os.path.realpath(raw) for raw in paths if raw != "-" and os.path.isdir(raw)]
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
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
        walk = _Walk(path, include, exclude, roots, seen_dirs, seen_files, notes or (lambda note: None))
        yield from walk.folder(path, os.path.realpath(path))


class _Walk:
    def __init__(self, root: Path, include: list[str], exclude: list[str], roots: list[str],
                 seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]], notes: Notes) -> None:
        self.root, self.include, self.exclude, self.roots = root, include, exclude, roots
        self.seen_dirs, self.seen_files, self.notes = seen_dirs, seen_files, notes

    def folder(self, folder: Path, real: str) -> Iterator[str | SourceError]:
        try:
            st = folder.stat()
        except OSError:
            yield SourceError(str(folder), "无法读取目录", "cannot read folder")
            return
        key = (st.st_dev, st.st_ino)
        if key in self.seen_dirs:        # reached again through a link inside the tree: once is enough
            return
        self.seen_dirs.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            yield SourceError(str(folder), "无权限读取目录", "cannot list folder")
            return
        for entry in entries:
            full = Path(entry.path)
            rel = full.relative_to(self.root).as_posix()
            if _matches(rel, entry.name, self.exclude):
                continue
            try:
                link = entry.is_symlink()
                if link:
                    target = self._link_target(entry, real)
                    if target is None:
                        continue
                    is_dir, file_key = os.path.isdir(target), None
                    if not is_dir:
                        t_st = os.stat(target)
                        file_key = (t_st.st_dev, t_st.st_ino)
                else:
                    target = os.path.join(real, entry.name)
                    is_dir = entry.is_dir(follow_symlinks=False)
                    file_key = None if is_dir else (st.st_dev, entry.inode())
            except OSError:
                continue
            if is_dir:
                yield from self.folder(full, target)
            elif _matches(rel, entry.name, self.include):
                if file_key in self.seen_files:
                    continue             # the same file under another name (a link): checked once
                self.seen_files.add(file_key)
                yield entry.path

    def _link_target(self, entry: os.DirEntry, real_folder: str) -> str | None:
        """The real path a link leads to, or None (reported to ``notes``) when it is not followed."""
        try:
            target = os.path.realpath(entry.path, strict=True)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.notes(SkippedLink(entry.path, _readlink(entry.path), "链接构成循环", "the link is a loop", True))
            else:
                self.notes(SkippedLink(entry.path, _readlink(entry.path), "链接目标不存在", "its target does not exist"))
            return None
        if not _inside(target, self.roots):
            self.notes(SkippedLink(entry.path, target, "目标在所检查的目录之外", "it leads outside the folders checked"))
            return None
        if os.path.isdir(target) and _inside(real_folder, [target]):
            self.notes(SkippedLink(entry.path, target, "链接指向其所在目录或上级目录，构成循环",
                                   "it points at a folder containing it (a loop)", True))
            return None
        return target


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
