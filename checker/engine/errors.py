"""The error type of rule loading."""

from ..config import one_line


class RuleError(Exception):
    """A rule or lexicon file problem; the message names the file (and line) and the reason (one line)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(one_line(str(message)))
