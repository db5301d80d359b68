"""The LALR(1) parser of ``grammars/notice.lark``: Lark's tables, driven by a small loop here.

Lark analyses the grammar (≈ 45 ms, plus ≈ 30 ms to import Lark) into LALR tables. Those
tables are generated ahead of time into ``lalr_tables.py`` (plain literals) with the SHA-256
of the grammar they came from, and a dozen-line shift-reduce loop (``LineParser.parse``)
runs them: a run imports no Lark at all, and a line costs one dict lookup per action
instead of Lark's token objects and callbacks. When the grammar no longer matches the
tables, the parser is built from the grammar with Lark as before, and ``tests/test_parse.py``
fails until the tables are regenerated:

    .venv/bin/python -m checker.parse.lalr --write

The same test runs thousands of token sequences through this loop and through the parser
Lark builds from the grammar, and requires the same parts or the same rejection.
"""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

from ..resources import data_dir

# the rules (aliases) of the grammar whose matches are the parts of the body
PART_RULES = ("inline_item", "head_item", "head_only", "bare_item", "rect_only", "row_item",
              "group", "parent", "section", "plain", "next_lost")
TABLES = Path(__file__).with_name("lalr_tables.py")
END = "$END"
SHIFT, REDUCE = 0, 1


class GrammarRejected(ValueError):
    """The token sequence is not in the grammar's language."""


class LineParser:
    """Shift-reduce over LALR tables: ``states[state][symbol] = (SHIFT, next state)`` or
    ``(REDUCE, rule)``; ``rules[rule] = (origin, length, alias)``."""

    def __init__(self, states: dict[int, dict[str, tuple[int, int]]], rules: list[tuple[str, int, str | None]],
                 start: int, end: int) -> None:
        self.states, self.rules, self.start, self.end = states, rules, start, end

    def parse(self, kinds: list[str]) -> list[tuple[str, int]]:
        """The parts as ``(rule alias, number of lines)``, in order; raises GrammarRejected."""
        states, rules = self.states, self.rules
        stack = [self.start]
        sizes = [0]                 # lines covered by each stack entry
        parts: list[tuple[str, int]] = []
        for kind in [*kinds, END]:
            while True:
                action = states[stack[-1]].get(kind)
                if action is None:
                    raise GrammarRejected(f"unexpected {kind} in state {stack[-1]}")
                if action[0] == SHIFT:
                    stack.append(action[1])
                    sizes.append(1)
                    break
                origin, length, alias = rules[action[1]]
                covered = sum(sizes[-length:]) if length else 0
                if length:
                    del stack[-length:]
                    del sizes[-length:]
                if alias is not None:
                    parts.append((alias, covered))
                stack.append(states[stack[-1]][origin][1])
                sizes.append(covered)
                if kind == END and stack[-1] == self.end:
                    return parts
        raise GrammarRejected("input ended early")      # pragma: no cover - $END always decides


def grammar_text() -> str:
    return (data_dir("grammars") / "notice.lark").read_text(encoding="utf-8")


def fingerprint(grammar: str) -> str:
    return hashlib.sha256(grammar.encode("utf-8")).hexdigest()


def build_lark():
    """Lark's own parser of the grammar (the reference the tables are tested against)."""
    from lark import Lark, Transformer
    from lark.lexer import Lexer

    class LineTokenLexer(Lexer):
        def __init__(self, lexer_conf) -> None:  # noqa: D401 - Lark's signature
            pass

        def lex(self, data, parser_state=None):
            from lark import Token
            return (Token(kind, kind) for kind in data)

    class PartSizes(Transformer):
        def start(self, children: list) -> list[tuple[str, int]]:
            return children

    for rule in PART_RULES:
        setattr(PartSizes, rule, (lambda name: lambda self, children: (name, len(children)))(rule))
    return Lark(grammar_text(), parser="lalr", lexer=LineTokenLexer, start="start", transformer=PartSizes())


def tables_of(lark_parser) -> tuple[dict, list, int, int]:
    """(states, rules, start, end) of a Lark LALR parser, as plain literals."""
    from lark.parsers.lalr_analysis import Shift

    table = lark_parser.parser.parser.parser.parse_table
    rules = list(lark_parser.rules)
    index = {id(rule): k for k, rule in enumerate(rules)}
    states = {state: {str(symbol): (SHIFT, arg) if action is Shift else (REDUCE, index[id(arg)])
                      for symbol, (action, arg) in row.items()}
              for state, row in table.states.items()}
    rule_rows = [(str(rule.origin.name), len(rule.expansion), None if rule.alias is None else str(rule.alias))
                 for rule in rules]
    return states, rule_rows, table.start_states["start"], table.end_states["start"]


@lru_cache(maxsize=1)
def parser() -> LineParser:
    """The parser: from the shipped tables when they match the grammar, else built with Lark."""
    try:
        from . import lalr_tables as tables
    except ImportError:
        tables = None
    if tables is not None and getattr(tables, "GRAMMAR_SHA256", None) == fingerprint(grammar_text()):
        return LineParser(tables.STATES, tables.RULES, tables.START, tables.END)
    return LineParser(*tables_of(build_lark()))


def tables_source() -> str:
    """The text of ``lalr_tables.py`` for the current grammar."""
    states, rules, start, end = tables_of(build_lark())
    return ('"""Generated by `python -m checker.parse.lalr --write` from grammars/notice.lark; do not edit."""\n'
            f"GRAMMAR_SHA256 = {fingerprint(grammar_text())!r}\nSTART = {start!r}\nEND = {end!r}\n"
            f"RULES = {rules!r}\nSTATES = {states!r}\n")


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("usage: python -m checker.parse.lalr --write   (regenerates checker/parse/lalr_tables.py)")
    from ..atomic import atomic_writer

    with atomic_writer(TABLES) as fh:
        fh.write(tables_source())
    print(f"wrote {TABLES}")
