"""The repository root, and paths relative to it.

CI outputs (baselines, SARIF, GitLab, JUnit, GitHub annotations) name files relative to the
repository root, so a run from a subfolder or another working folder names the same file
the same way. The root is the folder of the config file in use, else the git top level
above the working folder, else the working folder itself.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path, PurePosixPath


@lru_cache(maxsize=64)
def _git_top(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_root(config: Path | None = None, cwd: Path | None = None) -> Path:
    """The folder that CI paths are relative to (see the module docstring)."""
    here = (cwd or Path.cwd()).resolve()
    if config is not None:
        return Path(config).resolve().parent
    return _git_top(here) or here


def relative_path(path: str, root: Path | None) -> str:
    """``path`` relative to ``root`` with forward slashes; ``stdin`` for ``-``.

    A path outside the root stays absolute (resolved), never with ``..`` segments.
    """
    if path == "-":
        return "stdin"
    p = Path(path)
    if root is not None:
        resolved = Path(os.path.abspath(p))
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            try:
                return resolved.resolve().relative_to(root).as_posix()
            except ValueError:
                return resolved.as_posix()
    posix = PurePosixPath(p.as_posix()).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return posix.replace(os.sep, "/")
