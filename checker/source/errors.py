"""The one error type of the source stage."""
from __future__ import annotations


class SourceError(Exception):
    """A file that cannot be read as a notice; ``str()`` is ``path: reason`` (Chinese)."""

    def __init__(self, path: str, reason_zh: str, reason_en: str) -> None:
        # one line, whatever a reason quotes (lxml's messages end in a newline; a zip member's
        # name may hold one)
        reason_zh, reason_en = " ".join(reason_zh.split()), " ".join(reason_en.split())
        super().__init__(f"{path}: {reason_zh}")
        self.path, self.reason_zh, self.reason_en = path, reason_zh, reason_en

    def message(self, lang: str = "zh") -> str:
        return f"{self.path}: {self.reason_en if lang == 'en' else self.reason_zh}"
