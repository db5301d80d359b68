"""Lexicons: named word lists (Aho–Corasick) and patterns (regex), compiled once per run.

A lexicon file ``rules/lexicons/<file>.yaml`` maps names to
``{terms: [...], patterns: [...], except: [...], except_patterns: [...]}``. ``find(text)``
returns every match (overlapping across terms) minus those inside an ``except`` match.
Matching runs on the folded view (full-width → half-width, same offsets).
"""
from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .errors import RuleError
from .alternation import MergedAlternation
from . import patternguard
from .prefilter import WindowedPattern, parse

_WORD_BOUNDARY = re.compile(r"(?<!\\)(?:\\\\)*\\[bB]")


def check_pattern(pattern: str, where: str) -> None:
    """Refuse ``\\b`` (never matches in unspaced CJK), invalid patterns, and patterns that can
    backtrack catastrophically (``patternguard``: nested or overlapping repeats)."""
    if _WORD_BOUNDARY.search(pattern):
        raise RuleError(f"{where}: 模式 {pattern!r} 含有 \\b 词边界，中文连续文本中永不匹配 "
                        "(\\b never matches inside unspaced Chinese; use explicit lookarounds)")
    try:
        parsed = parse(pattern)
        re.compile(pattern)            # what only the compiler sees: a variable-width look-behind
    except (re.error, OverflowError, RecursionError) as exc:
        raise RuleError(f"{where}: 无效的正则表达式 {pattern!r}：{exc}") from None
    try:
        patternguard.check(parsed)
    except patternguard.PatternRisk as risk:
        raise RuleError(f"{where}: 模式 {pattern!r} 可能灾难性回溯，已拒绝：{risk}") from None


@dataclass
class Lexicon:
    name: str
    terms: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    excepts: list[str] = field(default_factory=list)
    except_patterns: list[str] = field(default_factory=list)
    where: str = ""
    trusted: bool = False      # shipped with zgcheck: its patterns were checked by the tests, not at every start
    _ac: object = None
    _rx: LazyScanner | None = None
    _ex_ac: object = None
    _longest: int = 0          # characters of the longest term or exception term
    _ex_rx: LazyScanner | None = None

    def compile(self) -> "Lexicon":
        import ahocorasick_rs as ac

        self._ac = ac.AhoCorasick(sorted(set(self.terms)), matchkind=ac.MatchKind.Standard) if self.terms else None
        self._ex_ac = ac.AhoCorasick(sorted(set(self.excepts))) if self.excepts else None
        self._longest = max(map(len, self.terms + self.excepts), default=0)
        self._rx = self._combined(self.patterns)
        self._ex_rx = self._combined(self.except_patterns)
        return self

    def _combined(self, patterns: list[str]) -> "LazyScanner | None":
        """The matches of one non-capturing alternation, found by the fastest exact method
        (alternative by alternative, or near literal triggers). Each pattern is checked and
        parsed now (errors name the lexicon); compiling waits for the first use."""
        if not patterns:
            return None
        if self.trusted:
            return LazyScanner(patterns)
        self.validate(patterns)
        return TimedScanner(patterns, self.where or f"lexicon {self.name}")

    def validate(self, patterns: list[str] | None = None) -> None:
        """Check every pattern (nested quantifiers, ``\\b``, syntax) and that they combine;
        raises RuleError naming the lexicon. Shipped lexicons are checked by the tests
        (``tests/test_engine_loader.py``), a user's at every load."""
        patterns = (self.patterns + self.except_patterns) if patterns is None else patterns
        if not patterns:
            return
        where = self.where or f"lexicon {self.name}"
        for p in patterns:
            check_pattern(p, where)         # parses and compiles it, or raises RuleError
        try:
            parse("|".join(f"(?:{p})" for p in patterns))
        except re.error as exc:          # e.g. too many groups together
            raise RuleError(f"{where}: 模式无法合并 (patterns cannot be combined): {exc}") from None

    def find(self, text: str) -> list[tuple[int, int]]:
        """Matches (start, end) in ``text``, sorted, minus those covered by an exception."""
        found = [*self._term_spans(text), *self._pattern_spans(text)]
        if not found:
            return []
        if self._ex_ac is not None or self._ex_rx is not None:
            blocks = self._blocks(text)
            if blocks:
                blocked = _Blocks(blocks)
                found = [span for span in found if not blocked.covers(*span)]
        if len(found) < 64:
            return sorted(set(found))
        # many matches: sorted in place (the terms come nearly in order, which ``sort`` takes
        # in one pass), then repeats dropped in order; sorting a set's scattered order was
        # super-linear in cache misses on a run of 96,000 matches (issue 22.3)
        found.sort()
        return list(dict.fromkeys(found))

    def holds(self, text: str, need: int = 1, accept=None) -> bool:
        """Whether ``find(text)`` holds ``need`` matches that ``accept(start, end)`` keeps.

        The same answer as counting ``find``'s result, found lazily: literal terms first,
        patterns only if those do not suffice, and the scan stops once enough are found.
        (Written out flat: it runs for every item and lexicon, and generators cost here.)
        """
        exceptions = self._ex_ac is not None or self._ex_rx is not None
        blocked = None
        seen: set[tuple[int, int]] = set()
        if self._ac is not None:
            for _, s, e in ac_matches(self._ac, text, self._longest):
                if (s, e) in seen or (accept is not None and not accept(s, e)):
                    continue
                if exceptions:
                    if blocked is None:
                        blocked = _LazyBlocks(self, text)
                    if blocked.covers(s, e):
                        continue
                seen.add((s, e))
                if len(seen) >= need:
                    return True
        if self._rx is not None:
            for s, e in self._rx.iter_spans(text):
                if e <= s or (s, e) in seen or (accept is not None and not accept(s, e)):
                    continue
                if exceptions:
                    if blocked is None:
                        blocked = _LazyBlocks(self, text)
                    if blocked.covers(s, e):
                        continue
                seen.add((s, e))
                if len(seen) >= need:
                    return True
        return False

    def _term_spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self._ac is not None:
            for _, s, e in ac_matches(self._ac, text, self._longest):
                yield s, e

    def _pattern_spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self._rx is not None:
            for s, e in self._rx.iter_spans(text):
                if e > s:
                    yield s, e

    def _blocks(self, text: str) -> list[tuple[int, int]]:
        blocks: list[tuple[int, int]] = []
        if self._ex_ac is not None:
            blocks.extend((s, e) for _, s, e in ac_matches(self._ex_ac, text, self._longest))
        if self._ex_rx is not None:
            blocks.extend(self._ex_rx.spans(text))
        return blocks


_AC_BLOCK = 1 << 20      # characters given to the automaton at a time


def ac_matches(automaton, text: str, longest: int) -> list[tuple[int, int, int]]:
    """Every (term, start, end) of an overlapping Aho–Corasick search, in the automaton's order
    (block by block for a big text; callers that need an order sort).

    A text over a million characters goes in blocks that overlap by ``longest - 1``: the
    automaton keeps a UTF-8 copy and an offset table of what it is given outside Python's
    heap (≈ 120 MB for a 20 MB notice). A block keeps the matches that start in it; each of
    those ends within the overlap, so every match is found once, as in one search.
    """
    n = len(text)
    if n <= _AC_BLOCK:
        return automaton.find_matches_as_indexes(text, overlapping=True)
    out: list[tuple[int, int, int]] = []
    for base in range(0, n, _AC_BLOCK):
        cut = base + _AC_BLOCK
        out.extend((term, base + s, base + e)
                   for term, s, e in automaton.find_matches_as_indexes(text[base:cut + longest - 1], overlapping=True)
                   if base + s < cut)
    return out


class _Blocks:
    """Exception spans, for "is this match inside one of them": sorted starts and the running
    furthest end, so each test is one bisection (not a loop over the blocks)."""

    def __init__(self, blocks: list[tuple[int, int]]) -> None:
        blocks.sort()
        self.starts = [b[0] for b in blocks]
        self.reach: list[int] = []
        best = -1
        for _, end in blocks:
            best = max(best, end)
            self.reach.append(best)

    def covers(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= end


class _LazyBlocks:
    """The exception test of ``holds``: the exception patterns are scanned only as far as the
    candidates need. Their matches come in order of start, so once one starts after a
    candidate, every exception that could cover the candidate has been seen (the same answer
    as ``_Blocks`` over all of them; a candidate early in a text skips most of the scan)."""

    __slots__ = ("terms", "matches", "starts", "reach", "done")

    def __init__(self, lexicon: "Lexicon", text: str) -> None:
        self.terms = _Blocks([(s, e) for _, s, e in ac_matches(lexicon._ex_ac, text, lexicon._longest)]) \
            if lexicon._ex_ac is not None else None
        self.matches = lexicon._ex_rx.iter_spans(text) if lexicon._ex_rx is not None else None
        self.starts: list[int] = []
        self.reach: list[int] = []          # running furthest end, as in _Blocks
        self.done = self.matches is None

    def covers(self, start: int, end: int) -> bool:
        if self.terms is not None and self.terms.covers(start, end):
            return True
        starts, reach = self.starts, self.reach
        while not self.done and (not starts or starts[-1] <= start):
            span = next(self.matches, None)
            if span is None:
                self.done = True
                break
            starts.append(span[0])
            reach.append(max(span[1], reach[-1]) if reach else span[1])
        k = bisect_right(starts, start) - 1
        return k >= 0 and reach[k] >= end


class LazyScanner:
    """Builds its scanner on first use: compiling costs start-up time, and a lexicon whose
    patterns a run never needs (its literal terms decide) is never compiled."""

    __slots__ = ("patterns", "_scanner")

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns
        self._scanner: MergedAlternation | WindowedPattern | None = None

    def _get(self) -> MergedAlternation | WindowedPattern:
        if self._scanner is None:
            self._scanner = MergedAlternation.build(self.patterns) or WindowedPattern(self.patterns)
        return self._scanner

    def spans(self, text: str) -> list[tuple[int, int]]:
        return self._get().spans(text)

    def iter_spans(self, text: str) -> Iterator[tuple[int, int]]:
        return self._get().iter_spans(text)


# The time one document may spend in user patterns (rule folders and config, not the shipped
# rules). ``re`` cannot be stopped inside one match, so the static check (patternguard) keeps
# each match short, and the clock is read between matches.
USER_PATTERN_BUDGET = 10.0
_budget = {"deadline": float("inf")}


def start_user_budget(seconds: float | None = None) -> None:
    """Start the clock of one document (RuleSet.check calls it, and ``end_user_budget`` after)."""
    _budget["deadline"] = time.monotonic() + (USER_PATTERN_BUDGET if seconds is None else seconds)


def end_user_budget() -> None:
    """No budget outside a document's check (a lexicon used on its own is never stopped)."""
    _budget["deadline"] = float("inf")


def user_budget_spent() -> bool:
    """Whether the current document's user-pattern budget has run out."""
    return time.monotonic() > _budget["deadline"]


class PatternTimeout(RuleError):
    """A user pattern ran past the document's time budget; the message names the pattern's file
    (``where``: the lexicon file and line)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


class TimedScanner(LazyScanner):
    """A user lexicon's scanner: the same matches, with the document's time budget checked
    between matches (see USER_PATTERN_BUDGET)."""

    __slots__ = ("where",)

    def __init__(self, patterns: list[str], where: str) -> None:
        super().__init__(patterns)
        self.where = where

    def spans(self, text: str) -> list[tuple[int, int]]:
        return list(self.iter_spans(text))

    def iter_spans(self, text: str) -> Iterator[tuple[int, int]]:
        budget = _budget
        self._check(budget)
        for span in self._get().iter_spans(text):
            yield span
            self._check(budget)

    def _check(self, budget: dict) -> None:
        if time.monotonic() > budget["deadline"]:
            raise PatternTimeout(f"{self.where}: 用户模式超出每个文档 {USER_PATTERN_BUDGET:g} 秒的时间预算，已停止 "
                                 "(user patterns ran past the per-document time budget)", self.where)


class LexiconStore:
    """All lexicons by name (built-in files, then config additions)."""

    def __init__(self) -> None:
        self._lexicons: dict[str, Lexicon] = {}

    def add_file(self, data: dict, where: str, trusted: bool = False, lines: dict[str, int] | None = None) -> None:
        """Add a lexicon file's lists; ``lines`` (top-level key -> line) puts the line of each
        lexicon in its error messages."""
        if not isinstance(data, dict):
            raise RuleError(f"{where}: 词表文件顶层应为映射 (lexicon file must map names to lists)")
        file = where
        for name, spec in data.items():
            if name in ("description", "source"):
                continue
            where = f"{file}:{lines[name]}" if lines and name in lines else file
            if isinstance(spec, list):
                spec = {"terms": spec}
            if not isinstance(spec, dict):
                raise RuleError(f"{where}: 词表 {name!r} 应为列表或映射")
            unknown = set(spec) - {"terms", "patterns", "except", "except_patterns", "description"}
            if unknown:
                raise RuleError(f"{where}: 词表 {name!r} 有未知键 {sorted(unknown)}")
            for key in ("terms", "patterns", "except", "except_patterns"):
                values = spec.get(key, [])
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    raise RuleError(f"{where}: 词表 {name!r} 的 {key} 应为字符串列表")
                if any(not v for v in values):
                    raise RuleError(f"{where}: 词表 {name!r} 的 {key} 含有空字符串 (an empty term or pattern matches everywhere)")
            if name in self._lexicons:
                raise RuleError(f"{where}: 词表 {name!r} 重复定义")
            self._lexicons[name] = Lexicon(name, list(spec.get("terms", [])), list(spec.get("patterns", [])),
                                           list(spec.get("except", [])), list(spec.get("except_patterns", [])),
                                           where, trusted)

    def extend(self, additions: dict[str, list[str]], where: str) -> None:
        for name, terms in additions.items():
            if name not in self._lexicons:
                raise RuleError(f"{where}: 未知词表 {name!r} (unknown lexicon in lexicons)")
            if any(not t for t in terms):
                raise RuleError(f"{where}: 词表 {name!r} 含有空词条 (an empty term matches everywhere)")
            self._lexicons[name].terms.extend(terms)

    def compile(self) -> None:
        for lex in self._lexicons.values():
            lex.compile()

    def get(self, name: str) -> Lexicon:
        return self._lexicons[name]

    def __contains__(self, name: object) -> bool:
        return name in self._lexicons

    def names(self) -> Iterable[str]:
        return self._lexicons.keys()
