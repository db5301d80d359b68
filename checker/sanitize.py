"""Make untrusted text (a notice, a file name) safe for a terminal or a machine format.

Scraped notices and file names may hold escape sequences (ESC[2J, OSC 8 links, window
titles), C1 controls and bidirectional overrides (U+202E). A terminal must never receive
them raw, and XML (JUnit, SARIF viewers) cannot hold most C0 controls at all.
"""
from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates,
# and lone surrogates (a file name from a broken file system).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# what XML 1.0 cannot hold (tab, LF and CR are allowed), plus the bidi controls above
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff\ufffe\uffff]")


def _visible(match: re.Match[str]) -> str:
    return visible_escape(match.group())


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``, ``\\u202e``).

    Tab and newline are kept; a carriage return is shown (it would overwrite the line).
    """
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


_PATH_UNSAFE = re.compile("[\\t\\n" + _UNSAFE.pattern[1:])


def path_safe(path: str) -> str:
    """A file name for a terminal line: as ``terminal_safe``, and a tab or newline in the name
    shown as ``\\x09``/``\\x0a`` too (a name is one token; a raw newline would split the line)."""
    return _PATH_UNSAFE.sub(_visible, path) if _PATH_UNSAFE.search(path) else path


def machine_safe(text: str) -> str:
    """``text`` fit for XML and CI annotations: controls shown as visible escapes."""
    return _XML_UNSAFE.sub(_visible, text) if _XML_UNSAFE.search(text) else text


def xml_same_length(text: str) -> str:
    """``text`` with each character XML cannot hold replaced by U+FFFD, one for one (offsets
    into it stay valid: a Word comment's anchor)."""
    return _XML_UNSAFE.sub("\ufffd", text) if _XML_UNSAFE.search(text) else text


def visible_escape(char: str) -> str:
    """One character as a visible escape: ``\\x0a``, ``\\u2028``."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


__all__ = ["terminal_safe", "path_safe", "machine_safe", "xml_same_length", "visible_escape"]
