"""Static refusal of user patterns that can backtrack for minutes (issue 22.4).

Python's ``re`` cannot be interrupted inside one match, so a user pattern (rule files and
config lexicons outside the shipped rules) must be refused before it runs when one match
attempt can take more than polynomial-of-low-degree time. The pattern is parsed with
``re``'s own parser and the tree is walked; a pattern is refused when

1. a repeat that may run more than once (``*``, ``+``, ``{m,n}`` with n ≥ 2) holds
   - an alternation whose branches can start with the same character (``(a|a)*``,
     ``(a|ab)+``): the branches can match the same text, so every split is tried;
   - a repeat whose characters can also start what follows it inside the body — or the
     next pass of the body (``(a+)+``, ``((a+))+``, ``(?:(?:a)+)+``, ``(?:.*a){12}``);
     ``(?:[0-9]{1,3},)+`` passes: the comma separates the passes;
   - something that can match the empty string (``(a*)*``);
2. a sequence holds two unbounded repeats (``*``, ``+``, ``{m,}``, ``{m,n}`` with n > 1000)
   that can take the same characters with nothing between them that neither can take
   (``.*.*``, ``[\\u4e00-\\u9fff]+[\\u4e00-\\u9fff]+``, ``.*a.*``): each adds a factor of the
   text length to one attempt. Write a bound (``[^。]{0,60}``) instead.

Look-arounds are walked too (a look-ahead wrapping ``(a+)+`` is refused). Possessive
repeats and atomic groups never backtrack and are accepted. A repeat bound above 100,000
(``a{1,4294967295}``) is refused outright.

Character sets are approximated by ranges of code points (classes such as ``\\w`` and
negated sets count as everything), so the check errs on the side of refusing.
"""
from __future__ import annotations

from .prefilter import sre_c

ALL = ((0, 0x10FFFF),)
_UNBOUNDED = 1000              # a repeat allowing more than this many counts as unbounded
_MAX_BOUND = 100_000           # larger explicit bounds are refused


class PatternRisk(Exception):
    """Why a pattern may backtrack catastrophically (a short bilingual reason)."""


def _union(a, b):
    if not a:
        return b
    if not b:
        return a
    ranges = sorted(a + b)
    out = [list(ranges[0])]
    for lo, hi in ranges[1:]:
        if lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((lo, hi) for lo, hi in out)


def _overlap(a, b) -> bool:
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a for lo2, hi2 in b)


def _in_set(av) -> tuple:
    ranges: tuple = ()
    for op, arg in av:
        if op is sre_c.NEGATE or op is sre_c.CATEGORY:
            return ALL
        if op is sre_c.LITERAL:
            ranges = _union(ranges, ((arg, arg),))
        elif op is sre_c.RANGE:
            ranges = _union(ranges, ((arg[0], arg[1]),))
        else:
            return ALL
    return ranges


def _is_repeat(op) -> bool:
    return op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT)


class _Info:
    """What a sub-pattern can do: the characters it can start with (``first``), every
    character it can consume (``chars``), and whether it can match the empty string."""

    __slots__ = ("first", "chars", "nullable")

    def __init__(self, first=(), chars=(), nullable=False) -> None:
        self.first, self.chars, self.nullable = first, chars, nullable


def _seq_info(items) -> _Info:
    first: tuple = ()
    chars: tuple = ()
    nullable = True
    for op, av in items:
        info = _node_info(op, av)
        chars = _union(chars, info.chars)
        if nullable:
            first = _union(first, info.first)
            nullable = info.nullable
    return _Info(first, chars, nullable)


def _node_info(op, av) -> _Info:
    if op is sre_c.LITERAL:
        return _Info(((av, av),), ((av, av),))
    if op in (sre_c.NOT_LITERAL, sre_c.ANY):
        return _Info(ALL, ALL)
    if op is sre_c.IN:
        ranges = _in_set(av)
        return _Info(ranges, ranges)
    if op is sre_c.SUBPATTERN:
        return _seq_info(av[-1])
    if op is sre_c.ATOMIC_GROUP:
        return _seq_info(av)
    if op is sre_c.BRANCH:
        infos = [_seq_info(b) for b in av[1]]
        out = _Info()
        for i in infos:
            out = _Info(_union(out.first, i.first), _union(out.chars, i.chars), out.nullable or i.nullable)
        return out
    if _is_repeat(op) or op is sre_c.POSSESSIVE_REPEAT:
        low, _high, body = av
        info = _seq_info(body)
        return _Info(info.first, info.chars, info.nullable or low == 0)
    if op is sre_c.GROUPREF_EXISTS:
        _group, yes, no = av
        a, b = _seq_info(yes), _seq_info(no) if no else _Info(nullable=True)
        return _Info(_union(a.first, b.first), _union(a.chars, b.chars), a.nullable or b.nullable)
    if op is sre_c.GROUPREF:
        return _Info(ALL, ALL, True)
    # AT, ASSERT, ASSERT_NOT: zero width
    return _Info(nullable=True)


def check(parsed) -> None:
    """Raise PatternRisk when the parsed pattern (``re._parser.parse``) is refused."""
    _walk(list(parsed))


def _walk(items) -> None:
    _adjacent(items)
    for op, av in items:
        if _is_repeat(op) or op is sre_c.POSSESSIVE_REPEAT:
            low, high, body = av
            if high != sre_c.MAXREPEAT and high > _MAX_BOUND or low > _MAX_BOUND:
                raise PatternRisk(f"重复次数上限过大 (a repeat bound above {_MAX_BOUND:,})")
            if _is_repeat(op) and (high == sre_c.MAXREPEAT or high >= 2):
                _loop_body(list(body))
            _walk(list(body))
        elif op is sre_c.SUBPATTERN:
            _walk(list(av[-1]))
        elif op is sre_c.ATOMIC_GROUP:
            _walk(list(av))
        elif op is sre_c.BRANCH:
            for branch in av[1]:
                _walk(list(branch))
        elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
            _walk(list(av[1]))
        elif op is sre_c.GROUPREF_EXISTS:
            _walk(list(av[1]))
            if av[2]:
                _walk(list(av[2]))


def _loop_body(body) -> None:
    """Refuse a body that a repeat can split several ways (rule 1 of the module docstring)."""
    whole = _seq_info(body)
    if whole.nullable:
        raise PatternRisk("重复的内容可以匹配空串 (a repeated group can match the empty string)")
    _ambiguous_inside(body, whole.first)


def _ambiguous_inside(items, wrap_first) -> None:
    """Inside a repeated body: overlapping alternatives, or a backtracking repeat whose
    characters can also start what follows it (``wrap_first``: what follows the body)."""
    for k, (op, av) in enumerate(items):
        rest = _seq_info(items[k + 1:])
        follow = _union(rest.first, wrap_first) if rest.nullable else rest.first
        if op is sre_c.SUBPATTERN:
            _ambiguous_inside(list(av[-1]), follow)
        elif op is sre_c.BRANCH:
            seen: tuple = ()
            empty = False            # a branch before can match the empty string
            for branch in av[1]:
                info = _seq_info(branch)
                if _overlap(seen, info.first) or (empty and info.nullable):
                    raise PatternRisk("重复的分组中有可匹配同一文本的分支 (alternatives inside a repeat can match the same text)")
                seen = _union(seen, info.first)
                empty = empty or info.nullable
                _ambiguous_inside(list(branch), follow)
        elif _is_repeat(op):
            low, high, body = av
            if high == sre_c.MAXREPEAT or high > low:
                if _overlap(_seq_info(body).chars, follow):
                    raise PatternRisk("嵌套量词 (a repeat inside a repeat can split the same text many ways)")
            _ambiguous_inside(list(body), _union(follow, _seq_info(body).first))
        elif op is sre_c.GROUPREF_EXISTS:
            _ambiguous_inside(list(av[1]), follow)
            if av[2]:
                _ambiguous_inside(list(av[2]), follow)


def _unbounded(op, av) -> bool:
    return _is_repeat(op) and (av[1] == sre_c.MAXREPEAT or av[1] > _UNBOUNDED)


def _flat(items):
    """The sequence with plain groups opened: ``(.*)(.*)`` is ``.*.*``."""
    for op, av in items:
        if op is sre_c.SUBPATTERN:
            yield from _flat(av[-1])
        else:
            yield op, av


def _adjacent(items) -> None:
    """Rule 2: two unbounded repeats in a row that can take the same characters."""
    open_runs: list[tuple] = []          # character sets of unbounded repeats still extendable
    for op, av in _flat(items):
        info = _node_info(op, av)
        if _unbounded(op, av):
            chars = _seq_info(av[2]).chars
            if any(_overlap(chars, run) for run in open_runs):
                raise PatternRisk("相邻的无界重复可匹配相同字符 (adjacent unbounded repeats can take the same "
                                  "characters; bound one, e.g. {0,60})")
            open_runs.append(chars)
            continue
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue
        # something every open run cannot take ends it
        open_runs = [run for run in open_runs if info.nullable or _overlap(run, info.chars)]
