"""An alternation of patterns matched alternative by alternative: the same matches as
``re.compile("|".join(f"(?:{p})" for p in patterns)).finditer(text)``, found faster.

``re`` tries a whole alternation at every position. Here each alternative searches on its
own (``re`` then skips ahead on its own literal prefix), and the matches are merged the
way the alternation would choose them: the leftmost start wins, and at equal starts the
earlier alternative. After a match the scan resumes at its end, and an alternative whose
next match starts before that is asked again from there. This is exact when no
alternative can match the empty string (checked; otherwise the lexicon keeps the plain
alternation).

An alternative of the form ``C{m,n}R`` — a bounded greedy run of one character class, then
the rest — is slow in ``re`` (it backtracks through the run at every position of the
class, i.e. at every Chinese character for ``[\\u4e00-\\u9fff]{2,12}…``). It is matched
from the other end: every position ``q`` where ``R`` matches is found first (``R`` usually
starts with a literal); a match starts at the leftmost ``p`` with ``m ≤ q - p ≤ n`` and
only class characters in ``text[p:q]``; and, like greedy backtracking, it takes the
furthest such ``q`` within reach of ``p``. The other alternatives search inside the windows
of their literal trigger (``prefilter``) when they have one, else plainly.

The merge is used only when some alternative has such a broad prefix: otherwise one
windowed alternation, which stops as soon as a condition has its first match, measured
faster (callgrind instruction counts over the rule set).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from .prefilter import guarded, parse, split_atoms, split_trigger, sre_c, trigger_regions

_BOUNDED = re.compile(r"\{(\d+),(\d+)\}")


class _Plain:
    """An alternative searched by ``re`` itself."""

    def __init__(self, pattern: str) -> None:
        self.rx = re.compile(guarded(pattern))

    def prepare(self, text: str, shared: dict) -> None:
        pass

    def search(self, text: str, pos: int, shared: dict) -> tuple[int, int] | None:
        m = self.rx.search(text, pos)
        return None if m is None else m.span()


class _ClassPrefixed:
    """``C{m,n}R``: found from the occurrences of ``R`` (see the module docstring)."""

    def __init__(self, char_class: str, low: int, high: int, rest: str) -> None:
        self.low, self.high = low, high
        self.run = re.compile(f"{char_class}{{0,{high}}}")    # a run of the class, capped
        self.rest = re.compile(rest)

    def prepare(self, text: str, shared: dict) -> None:
        """Every position where ``R`` matches (overlapping ones too), with its end; kept in
        ``shared`` (one scan's state), so concurrent scans never mix."""
        q: list[int] = []
        ends: dict[int, int] = {}
        rest = self.rest
        for m in rest.finditer(text):
            start, end = m.span()
            q.append(start)
            ends[start] = end
            for inner in range(start + 1, end):          # occurrences inside this one
                m2 = rest.match(text, inner)
                if m2 is not None and m2.end() > inner:
                    q.append(inner)
                    ends[inner] = m2.end()
        shared[id(self)] = (q, ends)

    def search(self, text: str, pos: int, shared: dict) -> tuple[int, int] | None:
        q, q_end = shared[id(self)]
        low, high = self.low, self.high
        if not q:
            return None
        reverse = shared.get("reverse")
        if reverse is None:
            reverse = shared["reverse"] = text[::-1]
        n = len(text)
        run = self.run
        i = bisect_left(q, pos + low)
        while i < len(q):
            at = q[i]
            back = run.match(reverse, n - at).end() - (n - at)    # class characters before ``at``
            start = max(pos, at - back)
            if at - start >= low:
                break
            i += 1
        else:
            return None
        reach = run.match(text, start).end()                     # ≤ start + high
        furthest = q[bisect_right(q, reach) - 1]
        return start, q_end[furthest]


class _Windowed:
    """An alternative searched only inside the windows around its trigger (``prefilter``)."""

    def __init__(self, pattern: str, trigger: str, before: float, after: float) -> None:
        self.rx = re.compile(guarded(pattern))
        self.trigger = re.compile(trigger)
        self.before, self.after = before, after

    def prepare(self, text: str, shared: dict) -> None:
        shared[id(self)] = trigger_regions(text, [(self.trigger, self.before, self.after)])

    def search(self, text: str, pos: int, shared: dict) -> tuple[int, int] | None:
        for start, end in shared[id(self)]:
            if end <= pos:
                continue
            m = self.rx.search(text, max(start, pos), end)
            if m is not None:
                return m.span()
        return None


def _class_prefixed(pattern: str) -> _ClassPrefixed | None:
    """``C{m,n}R`` split into its parts, or None when the pattern has another shape."""
    atoms = split_atoms(pattern)
    if not atoms or len(atoms) < 2:
        return None
    atom, quantifier = atoms[0]
    bounds = _BOUNDED.fullmatch(quantifier)
    if bounds is None:
        return None
    low, high = int(bounds.group(1)), int(bounds.group(2))
    if low > high or high > 1000:
        return None
    if not atom.startswith(("[", ".", "\\")):
        return None
    try:
        parsed = parse(atom)
    except re.error:
        return None
    if len(parsed) != 1 or not _broad(*parsed[0]):
        return None              # not one class, or one that re already skips through quickly
    rest = "".join(a + q for a, q in atoms[1:])
    try:
        if parse(rest).getwidth()[0] == 0:
            return None
        return _ClassPrefixed(atom, low, high, rest)
    except re.error:
        return None


def _broad(op, av) -> bool:
    """A class matching most characters of a text: a negated class, ``.``, or a wide range."""
    if op in (sre_c.ANY, sre_c.NOT_LITERAL):
        return True
    if op is not sre_c.IN:
        return False
    kinds = {k for k, _ in av}
    if sre_c.NEGATE in kinds or sre_c.CATEGORY in kinds:
        return True
    return any(k is sre_c.RANGE and v[1] - v[0] > 255 for k, v in av)


def _windowed(pattern: str) -> _Windowed | None:
    part = split_trigger(pattern)
    if part.trigger == pattern:
        return None
    try:
        return _Windowed(pattern, part.trigger, part.before, part.after)
    except re.error:
        return None


class MergedAlternation:
    """The alternation's matches, merged from its alternatives (see the module docstring)."""

    def __init__(self, alternatives: list[_Plain | _ClassPrefixed | _Windowed]) -> None:
        self.alternatives = alternatives

    @classmethod
    def build(cls, patterns: list[str]) -> "MergedAlternation | None":
        """None when merging would not be exact or would not help."""
        prefixed = [_class_prefixed(p) for p in patterns]
        if not any(prefixed):
            return None      # measured: then one windowed alternation is faster (it stops early)
        for p in patterns:
            try:
                if parse(p).getwidth()[0] == 0:
                    return None                                  # could match the empty string
            except re.error:
                return None
            if re.match(r"\(\?[aiLmsux-]+[):]", p):
                return None                                      # inline flags
        return cls([a or _windowed(p) or _Plain(p) for a, p in zip(prefixed, patterns)])

    def spans(self, text: str) -> list[tuple[int, int]]:
        return list(self.iter_spans(text))

    def iter_spans(self, text: str) -> Iterator[tuple[int, int]]:
        shared: dict = {}
        alternatives = self.alternatives
        for a in alternatives:
            a.prepare(text, shared)
        pending = [a.search(text, 0, shared) for a in alternatives]
        pos = 0
        while True:
            best = None
            for k, hit in enumerate(pending):
                if hit is not None and hit[0] < pos:
                    hit = pending[k] = alternatives[k].search(text, pos, shared)
                if hit is not None and (best is None or hit[0] < best[0]):
                    best = hit
            if best is None:
                return
            yield best
            pos = best[1]

