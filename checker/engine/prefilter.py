"""Windowed regex scanning: the same matches as ``finditer`` over the whole text, found faster.

A lexicon's patterns run as one non-capturing alternation. Many start with a bounded run
of a broad class — ``[\\u4e00-\\u9fff]{2,12}(?:局|委|…)(?=…)`` — which ``re`` tries, with
backtracking, at every Chinese character. Each pattern ``P`` is split textually into
``prefix + rest`` where the prefix has a bounded width (``before``) and ``rest`` starts with a
literal, so ``re`` can skip to it quickly. One pass of the alternation of all ``rest``s finds
*triggers*; every match of ``P`` holds an occurrence of its ``rest`` at most ``before``
characters after its start, and ends (lookaheads included) at most ``after`` characters
beyond that occurrence. The full alternation then runs only inside the merged windows
``[trigger.start - before, trigger.end + after]``.

Why the matches are the same: a match of the full scan lies inside its trigger's window;
a window that overlaps a match, or the text a match attempt can read, is merged with it; so
each region is entered in the same scanning state as the full scan, and sees all the text
any successful attempt inside it can read. Lookbehinds see text before a region (``re``
reads before ``pos``), and end anchors (``$``, ``\\Z``) make the window reach the end of the
text. A pattern that cannot be split is its own trigger (``before`` = 0).
"""
from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

try:
    from re import _parser as sre_parse   # Python ≥ 3.11
    from re import _constants as sre_c
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_INF = math.inf


@lru_cache(maxsize=1024)
def parse(pattern: str):
    """``re``'s parse tree of a pattern (cached: patterns are analysed several times at load)."""
    return sre_parse.parse(pattern)


_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})[?+]?")
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|N\{[^}]*\}|0[0-7]{0,2}|.)", re.S)
_METACHARS = set(".^$*+?{}[]\\|()")
_LITERAL_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[^A-Za-z0-9])")
# a region this much larger than the text it covers is not worth the extra calls
_DENSE = 0.6
_SPAN = re.Match.span      # mapped over match iterators in C (no generator frame per match)
_WARM = 40        # scans of a scanner that has not decided yet: the whole text (guarded)
_PROBE = 32       # then scans timed both ways, before it keeps the faster way


def split_atoms(pattern: str) -> list[tuple[str, str]] | None:
    """Top-level (atom, quantifier) pairs of a pattern; None when there is a top-level ``|``."""
    atoms: list[tuple[str, str]] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "|":
            return None
        if ch == "\\":
            m = _ESCAPE.match(pattern, i)
            j = m.end() if m else i + 2
        elif ch == "[":
            j = _class_end(pattern, i)
        elif ch == "(":
            j = _group_end(pattern, i)
        else:
            j = i + 1
        if j < 0:
            return None
        q = _QUANTIFIER.match(pattern, j)
        quantifier = q.group() if q else ""
        atoms.append((pattern[i:j], quantifier))
        i = j + len(quantifier)
    return atoms


def _class_end(pattern: str, i: int) -> int:
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
        elif pattern[j] == "]":
            return j + 1
        else:
            j += 1
    return -1


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Positions of the unescaped ``(``, ``)`` and ``|`` outside character classes, in order;
    ``(-1, "")`` last when a class is never closed."""
    j = start
    while j < len(pattern):
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(pattern, j)
            if j < 0:
                yield -1, ""
                return
            continue
        if ch in "()|":
            yield j, ch
        j += 1


def _group_end(pattern: str, i: int) -> int:
    depth = 0
    for j, ch in _structure(pattern, i):
        if j < 0:
            return -1
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


def _literal_led(atom: str, quantifier: str = "") -> bool:
    """Whether the atom must match and starts with a literal character (so ``re`` can scan for it)."""
    if quantifier[:1] in ("*", "?") or quantifier.startswith(("{0}", "{0,", "{,")):
        return False                          # may match nothing: not a trigger
    if atom[0] == "\\":
        return bool(_LITERAL_ESCAPE.match(atom))
    if atom[0] not in _METACHARS:
        return True
    if atom.startswith("(?:"):
        inner = atom[3:atom.rindex(")")]
        alternatives = _split_alternatives(inner)
        return bool(alternatives) and all(_first_literal_led(a) for a in alternatives)
    return False


def _first_literal_led(pattern: str) -> bool:
    atoms = split_atoms(pattern)
    return bool(atoms) and _literal_led(*atoms[0])


def _split_alternatives(body: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for j, ch in _structure(body):
        if j < 0:
            return []
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:                      # a top-level |
            parts.append(body[start:j])
            start = j + 1
    parts.append(body[start:])
    return parts


def _extent(items) -> float:
    """Upper bound of how far a match attempt reads past its start (lookaheads included)."""
    advance = reach = 0.0
    for op, av in items:
        node_reach, node_advance = _node(op, av)
        reach = max(reach, advance + node_reach)
        advance += node_advance
    return max(reach, advance)


def _node(op, av) -> tuple[float, float]:
    """(reach, advance) of one parsed node."""
    if op in (sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN):
        return 1, 1
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        if hi == sre_c.MAXREPEAT:
            return _INF, _INF
        inner = _extent(sub)
        return hi * inner, hi * inner
    if op is sre_c.SUBPATTERN:
        value = _extent(av[-1])
        return value, value
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        value = _extent(av)
        return value, value
    if op is sre_c.BRANCH:
        value = max((_extent(b) for b in av[1]), default=0)
        return value, value
    if op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        direction, sub = av
        return (_extent(sub), 0) if direction == 1 else (0, 0)
    if op is sre_c.AT:
        return (_INF, 0) if av in (sre_c.AT_END, sre_c.AT_END_STRING, sre_c.AT_END_LINE) else (0, 0)
    return _INF, _INF     # back-references, conditionals: no bound


_CATEGORY_ESCAPES = {sre_c.CATEGORY_DIGIT: r"\d", sre_c.CATEGORY_SPACE: r"\s", sre_c.CATEGORY_WORD: r"\w"}


class _NoGuard(Exception):
    pass


def _first(items, i: int = 0) -> tuple[list[str], bool]:
    """(class items any match of ``items[i:]`` can start with, whether it can be empty)."""
    out: list[str] = []
    for op, av in items[i:]:
        chars, nullable = _first_node(op, av)
        out.extend(chars)
        if not nullable:
            return out, False
    return out, True


def _first_node(op, av) -> tuple[list[str], bool]:
    if op is sre_c.LITERAL:
        return [f"\\U{av:08x}"], False
    if op is sre_c.IN:
        if any(k is sre_c.NEGATE for k, _ in av):
            raise _NoGuard
        chars = []
        for k, v in av:
            if k is sre_c.LITERAL:
                chars.append(f"\\U{v:08x}")
            elif k is sre_c.RANGE:
                chars.append(f"\\U{v[0]:08x}-\\U{v[1]:08x}")
            elif k is sre_c.CATEGORY and v in _CATEGORY_ESCAPES:
                chars.append(_CATEGORY_ESCAPES[v])
            else:
                raise _NoGuard
        return chars, False
    if op is sre_c.BRANCH:
        chars, nullable = [], False
        for branch in av[1]:
            c, n = _first(branch)
            chars.extend(c)
            nullable = nullable or n
        return chars, nullable
    if op is sre_c.SUBPATTERN:
        if av[1] or av[2]:
            raise _NoGuard                     # inline flags (case-insensitive…)
        return _first(av[-1])
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        chars, nullable = _first(av[2])
        return chars, nullable or av[0] == 0
    if op is getattr(sre_c, "ATOMIC_GROUP", None):
        return _first(av)
    if op in (sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.AT):
        return [], True                        # zero width: the first character comes later
    raise _NoGuard                             # ., [^…], back-references: any character


@lru_cache(maxsize=1024)
def guarded(pattern: str) -> str:
    """``pattern`` behind a look-ahead for the characters its matches can start with.

    The same matches (a match starts with one of those characters by construction), but
    ``re`` skips the positions where none stands instead of trying the whole pattern there:
    ≈ 4× faster for an alternation whose branches start with groups or classes. The pattern
    is returned unchanged when it has flags, may match the empty string, or may start with
    any character."""
    try:
        parsed = parse(pattern)
        if parsed.state.flags & ~re.UNICODE or parsed.getwidth()[0] == 0 or _skips_already(parsed):
            return pattern
        chars, nullable = _first(list(parsed))
    except (_NoGuard, re.error, OverflowError, RecursionError):
        return pattern
    if nullable or not chars or any(_wide(c) for c in chars):
        return pattern               # a guard that nearly every character passes only costs
    return f"(?=[{''.join(dict.fromkeys(chars))}])(?:{pattern})"


def _skips_already(parsed) -> bool:
    """Whether ``re`` itself skips ahead to a literal prefix or a first-character set (a guard
    would hide it and slow the scan down)."""
    try:
        from re import _compiler

        flags = parsed.state.flags
        return bool(_compiler._get_literal_prefix(parsed, flags)[0] or _compiler._get_charset_prefix(parsed, flags))
    except Exception:          # another Python's internals: assume it does (no guard)
        return True


def _wide(item: str) -> bool:
    if item.startswith("\\U") and "-" in item:
        lo, hi = item.split("-")
        return int(hi[2:], 16) - int(lo[2:], 16) > 255
    return item in (r"\w", r"\s")


@dataclass(frozen=True)
class TriggerSplit:
    trigger: str
    before: float
    after: float


def split_trigger(pattern: str) -> TriggerSplit:
    """``prefix + rest`` with a bounded prefix and a literal-led rest; or the pattern itself."""
    whole = TriggerSplit(pattern, 0, _extent(parse(pattern)))
    atoms = split_atoms(pattern)
    if not atoms or re.match(r"\(\?[aiLmsux-]+[):]", atoms[0][0]):
        return whole                          # inline flags would not carry over to the rest
    if _literal_led(*atoms[0]):
        return whole                          # re already scans for its first literal
    for k, (atom, quantifier) in enumerate(atoms):
        if k == 0 or not _literal_led(atom, quantifier):
            continue
        prefix, rest = "".join(a + q for a, q in atoms[:k]), "".join(a + q for a, q in atoms[k:])
        try:
            lo_hi = parse(prefix).getwidth()
            parsed_rest = parse(rest)
        except (re.error, OverflowError):
            return whole
        if parsed_rest.getwidth()[0] == 0:
            return whole
        return TriggerSplit(rest, _INF if lo_hi[1] >= sre_c.MAXREPEAT else lo_hi[1], _extent(parsed_rest))
    return whole


class WindowedPattern:
    """One alternation of patterns, scanned only near its triggers (see the module docstring).

    Whether windows pay depends on the text: they win when the triggers are rare and the
    alternation is slow to try, and lose when ``re`` skips through the text itself (a literal
    prefix, or the first-character ``guard``) or the triggers are everywhere. So after
    ``_WARM`` scans of the whole text, ``_PROBE`` scans run both ways and are timed, and the
    faster way is kept. The matches are the same either way (``windows=True``/``False`` fixes
    the way, for tests). The triggers compile only when windows are first tried."""

    def __init__(self, patterns: list[str], windows: bool | None = None) -> None:
        self.full = re.compile(guarded("|".join(f"(?:{p})" for p in patterns)))
        parts = [split_trigger(p) for p in patterns]
        useful = any(p.trigger != q for p, q in zip(parts, patterns)) and all(
            parse(p.trigger).getwidth()[0] > 0 for p in parts)
        # one trigger scan per distinct (before, after): tight windows, few calls
        groups: dict[tuple[float, float], list[str]] = {}
        for p in parts:
            groups.setdefault((p.before, p.after), []).append(p.trigger)
        self._sources = [("|".join(f"(?:{t})" for t in ts), b, a) for (b, a), ts in groups.items()] if useful else []
        try:
            for source, _, _ in self._sources:
                parse(source)
        except re.error:                  # a split that is not a pattern by itself: no windows
            self._sources = []
        self._triggers: list[tuple[re.Pattern[str], float, float]] | None = None
        self._windows = windows if self._sources else False     # None: not decided yet
        self._spent = [0.0, 0.0]          # seconds over the probes: (windows, whole text)
        self._probes = self._calls = 0

    @property
    def triggers(self) -> list[tuple[re.Pattern[str], float, float]]:
        if self._triggers is None:
            try:
                self._triggers = [(re.compile(guarded(source)), b, a) for source, b, a in self._sources]
            except re.error:              # refused by the compiler itself: no windows
                self._triggers, self._windows = [], False
        return self._triggers

    def spans(self, text: str) -> list[tuple[int, int]]:
        return list(map(_SPAN, self.finditer(text)))

    def iter_spans(self, text: str) -> Iterator[tuple[int, int]]:
        return map(_SPAN, self.finditer(text))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Matches of the alternation in ``text``, exactly as ``self.full.finditer(text)``."""
        if self._windows is None:
            self._calls += 1
            if self._calls > _WARM:     # a short run (one notice) never pays for timing both ways
                return self._probe(text)
            return self.full.finditer(text)
        return self._windowed(text) if self._windows else self.full.finditer(text)

    def _probe(self, text: str) -> Iterator[re.Match[str]]:
        """Scan both ways and time both (alternating which goes first); return the whole-text
        scan's matches."""
        clock = time.perf_counter
        first_windows = self._probes % 2 == 0
        t0 = clock()
        if first_windows:
            list(self._windowed(text))
        t1 = clock()
        whole = list(self.full.finditer(text))
        t2 = clock()
        if not first_windows:
            list(self._windowed(text))
        t3 = clock()
        self._spent[0] += (t1 - t0) + (t3 - t2)
        self._spent[1] += t2 - t1
        self._probes += 1
        if self._probes >= _PROBE:
            self._windows = self._spent[0] < self._spent[1]
        return iter(whole)

    def _windowed(self, text: str) -> Iterator[re.Match[str]]:
        triggers = self.triggers
        regions = trigger_regions(text, triggers)
        if not triggers or sum(e - s for s, e in regions) > len(text) * _DENSE:
            yield from self.full.finditer(text)
            return
        for start, end in regions:
            yield from self.full.finditer(text, start, end)


def trigger_regions(text: str, triggers: list[tuple[re.Pattern[str], float, float]]) -> list[list[int]]:
    """The merged windows ``[start - before, end + after]`` around every match of each trigger
    (an unbounded side reaches the end of the text), in order."""
    n = len(text)
    windows: list[tuple[int, int]] = []
    for trigger, before, after in triggers:
        if before == _INF or after == _INF:
            spans = [m.span() for m in trigger.finditer(text)]
            if spans:            # the union of all the windows: one from the first to the last
                windows.append((0 if before == _INF else max(0, spans[0][0] - int(before)),
                                n if after == _INF else min(n, spans[-1][1] + int(after))))
        else:
            b, a = int(before), int(after)
            windows.extend((max(0, m.start() - b), min(n, m.end() + a)) for m in trigger.finditer(text))
    windows.sort()
    regions: list[list[int]] = []
    for start, end in windows:
        if regions and start <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    return regions
