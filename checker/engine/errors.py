"""The error type of rule loading."""


class RuleError(Exception):
    """A rule or lexicon file problem; the message names the file (and line) and the reason."""
