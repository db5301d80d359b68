"""Locate the data folders (rules, grammars, templates) that ship with the package.

An installed wheel carries them under ``checker/_data/``; a source checkout (or an
editable install) has them at the repository's top level.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the folder ``rules``, ``grammars`` or ``templates``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"zgcheck data folder {name!r} is missing from the installation")
