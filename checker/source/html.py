"""Visible text of an HTML page (stdlib parser; robust against broken markup).

``extract`` also keeps where each piece of the text came from (``SourceMap``), so that
findings point at the line and column of the ``.html`` file, not of the extracted text.
Suppression comments (``<!-- zgcheck: disable=… -->``) are kept as lines of their own,
as they are in a text or Markdown notice.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from ..textpos import LineIndex, SourceMap

_SKIP = {"script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "object", "footer"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
          "ul", "ol", "blockquote", "pre", "header", "title", "dd", "dt", "hr"}
# the character references html.unescape replaces (same pattern as the standard library's)
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# a word (what str.split keeps) or a line break (where str.splitlines breaks)
_TOKEN = re.compile(r"(\S+)|(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")

Pairs = list[tuple[int, int]]   # (offset in the joined pieces, offset in the markup)


class _Pieces:
    """Text pieces joined in order, with where each data piece starts in the markup."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pairs: Pairs = []
        self.length = 0

    def add(self, text: str, pairs: Pairs = ()) -> None:
        self.pairs.extend((self.length + local, origin) for local, origin in pairs)
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _data_pairs(data: str, markup: str, start: int) -> Pairs:
    """Where the pieces of ``data`` (character references already replaced) start in ``markup``."""
    if markup.startswith(data, start):
        return [(0, start)]
    pairs: Pairs = []
    out, pos = 0, start
    while out < len(data):
        m = _CHARREF.search(markup, pos)
        literal = (m.start() if m else len(markup)) - pos
        n = min(literal, len(data) - out)
        if n > 0:
            if markup[pos:pos + n] != data[out:out + n]:
                break
            pairs.append((out, pos))
            out, pos = out + n, pos + n
        if out >= len(data) or m is None:
            break
        replaced = unescape(m.group())
        if not data.startswith(replaced, out):
            break
        pairs.append((out, m.start()))
        out, pos = out + len(replaced), m.end()
    if out < len(data):
        pairs.append((out, pos))      # markup this mapping does not follow: approximate from here
    return pairs


class _Visible(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.lines = LineIndex(markup)._starts
        self.body = _Pieces()
        self.title = _Pieces()
        self.skip = 0
        self.in_title = False

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skip += 1
        if tag in _BLOCK:
            self.body.add("\n")

    def handle_startendtag(self, tag, attrs) -> None:
        if tag in _BLOCK:
            self.body.add("\n")

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.body.add("\n")

    def handle_data(self, data) -> None:
        if self.in_title:
            self.title.add(data, _data_pairs(data, self.markup, self._offset()))
        elif not self.skip:
            self.body.add(data, _data_pairs(data, self.markup, self._offset()))

    def handle_comment(self, data) -> None:
        if "zgcheck:" in data and not self.skip:
            self.body.add("\n")
            self.body.add(f"<!--{data}-->", [(0, self._offset())])
            self.body.add("\n")


def _normalise(pieces: _Pieces, one_line: bool) -> tuple[str, Pairs]:
    """Collapse runs of spaces, drop empty lines (as ``" ".join(line.split())`` per line);
    map every word of the result back into the markup."""
    raw = pieces.text()
    starts = [p for p, _ in pieces.pairs]
    origins = [o for _, o in pieces.pairs]
    lines: list[str] = []
    line: list[str] = []
    length = 0              # of the output so far, separators included
    pairs: Pairs = []

    def origin(pre: int) -> tuple[int, int]:
        from bisect import bisect_right

        k = bisect_right(starts, pre) - 1
        return (k, origins[k] + pre - starts[k]) if k >= 0 else (-1, pre)

    for m in _TOKEN.finditer(raw):
        word = m.group(1)
        if word is None:
            if line and not one_line:
                lines.append(" ".join(line))
                length += 1           # the "\n" that will join this line to the next
                line = []
            continue
        if line:
            length += 1               # the " " before this word
        ws, we = m.span()
        k, first = origin(ws)
        pairs.append((length, first))
        k += 1
        while k < len(starts) and starts[k] < we:
            pairs.append((length + starts[k] - ws, origins[k]))
            k += 1
        line.append(word)
        length += len(word)
    if line:
        lines.append(" ".join(line))
    return ("\n".join(lines), pairs)


def extract(markup: str) -> tuple[str, SourceMap]:
    """The visible text of ``markup`` and where each of its characters is in ``markup``."""
    parser = _Visible(markup)
    parser.feed(markup)
    parser.close()
    body, pairs = _normalise(parser.body, one_line=False)
    if not body.strip() and parser.title.parts:
        body, pairs = _normalise(parser.title, one_line=True)
    return body, SourceMap(pairs, markup)


def visible_text(markup: str) -> str:
    return extract(markup)[0]
