"""Markdown markup blanked out of the matching view (same length, so offsets do not move).

A notice drafted or published as Markdown carries ``#`` headings, ``**bold**`` heads, ``- ``
bullets and ``> `` quotes around the same text a plain notice has. The parser and the rules
read the folded view of the text; blanking the markup there (each markup character becomes a
space) lets every line class and lexicon work on Markdown unchanged, while spans still point
into the text exactly as written.
"""
from __future__ import annotations

import re

# a line opening with a heading, bold, bullet or quote marker (after indentation)
_LINE_MARKUP = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+|(?:[-*+][ \t]+)|>[ \t]?)")
_EMPHASIS = re.compile(r"\*\*|__")
_TRAILING_HASHES = re.compile(r"(?m)(?<![ \t])[ \t]+#{1,6}[ \t]*$")   # from a run's start only: linear
_SIGNALS = re.compile(r"(?m)^(?:#{1,6}[ \t]+\S|\*\*\S)")


def looks_like_markdown(view: str) -> bool:
    """Two or more ``#`` heading or ``**`` bold lines: Markdown markup to blank."""
    return len(_SIGNALS.findall(view, 0, 200_000)) >= 2


def blank_markdown(view: str) -> str:
    """``view`` with Markdown markup replaced by spaces (``len`` unchanged)."""
    chars = list(view)
    for rx in (_LINE_MARKUP, _EMPHASIS, _TRAILING_HASHES):
        for m in rx.finditer(view):
            for k in range(m.start(), m.end()):
                if chars[k] not in " \t\n":
                    chars[k] = " "
    return "".join(chars)
