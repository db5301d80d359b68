"""Visible text of an HTML page (stdlib parser; robust against broken markup).

``extract`` also keeps where each piece of the text came from (``SourceMap``), so that
findings point at the line and column of the ``.html`` file, not of the extracted text.
Suppression comments (``<!-- zgcheck: disable=… -->``) are kept as lines of their own,
as they are in a text or Markdown notice.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
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

    def add(self, text: str, pairs: Pairs | None = None) -> None:
        if pairs:
            base = self.length
            if len(pairs) == 1:
                self.pairs.append((base + pairs[0][0], pairs[0][1]))
            else:
                self.pairs.extend((base + local, origin) for local, origin in pairs)
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
            target = self.title
        elif not self.skip:
            target = self.body
        else:
            return
        start = self._offset()
        if self.markup.startswith(data, start):         # no character reference: one pair
            target.pairs.append((target.length, start))
            target.parts.append(data)
            target.length += len(data)
        else:
            target.add(data, _data_pairs(data, self.markup, start))

    def handle_comment(self, data) -> None:
        if "zgcheck:" in data and not self.skip:
            self.body.add("\n")
            self.body.add(f"<!--{data}-->", [(0, self._offset())])
            self.body.add("\n")


def _collapse(raw: str, one_line: bool) -> str:
    """Runs of spaces collapsed, empty lines dropped (the page's text as it always was)."""
    if one_line:
        return " ".join(raw.split())
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    return "\n".join(line for line in lines if line)


def _word_pairs(raw: str, pieces: Pairs, one_line: bool) -> Iterator[tuple[int, int]]:
    """For ``_collapse(raw)``: where each word (and each data piece inside a word) of the
    result starts in the markup, in order. ``pieces``: where the data pieces of ``raw`` start
    in ``raw`` and in the markup."""
    starts = [p for p, _ in pieces]
    origins = [o for _, o in pieces]
    count = len(starts)
    length = 0              # of the result so far, separators included
    in_line = False         # the current line has a word
    k = 0                   # the data piece the current word starts in (words come in order)
    for m in _TOKEN.finditer(raw):
        word = m.group(1)
        if word is None:
            if in_line and not one_line:
                length += 1           # the "\n" that joins this line to the next
                in_line = False
            continue
        if in_line:
            length += 1               # the " " before this word
        ws = m.start()
        we = ws + len(word)
        while k + 1 < count and starts[k + 1] <= ws:
            k += 1
        if count and starts[k] <= ws:
            yield length, origins[k] + ws - starts[k]
        else:
            yield length, ws
        j = k + 1
        while j < count and starts[j] < we:
            yield length + starts[j] - ws, origins[j]
            j += 1
        in_line = True
        length += len(word)


def extract(markup: str) -> tuple[str, SourceMap]:
    """The visible text of ``markup`` and where each of its characters is in ``markup``."""
    parser = _Visible(markup)
    parser.feed(markup)
    parser.close()
    pieces, one_line = parser.body, False
    raw = pieces.text()
    body = _collapse(raw, one_line)
    if not body.strip() and parser.title.parts:
        pieces, one_line = parser.title, True
        raw = pieces.text()
        body = _collapse(raw, one_line)
    return body, SourceMap(_word_pairs(raw, pieces.pairs, one_line), markup)


def visible_text(markup: str) -> str:
    return extract(markup)[0]
