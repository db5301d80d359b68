"""duplicate: rectifications, or passages of them, copied nearly verbatim under different problems.

Each item's rectification is compared as a whole, not measure by measure, on a normalised text:
every run of punctuation and whitespace, with the ``一是``/``二是`` marker after it, becomes one
separator ``|`` (the view is already folded to half-width). So a copy split into short measures
(each far below 40 characters) is the one passage it is, and a copy whose commas became
semicolons is the same text.

1. **Candidates** (never quadratic in characters). Pairs of items that share an *anchored*
   12-character shingle — one that starts at a separator (a clause start), a digit, a Latin
   letter or one of a few of the commonest characters of official prose, found by one regex
   pass in C — held by at most ``limit`` items (``BOILERPLATE``, fewer in a short notice: a
   passage most items carry is a formula, not a copy). The anchors depend only on the text, so
   a copied passage carries the same anchored shingles in both copies.
2. **Windows.** A pair sharing ``SEEDS`` or more such shingles: the shingles are located in both
   texts and chained along a diagonal (a passage sits at different offsets in the two items,
   and may come in another order); each chain gives a window in both texts. A pair sharing
   fewer is compared only as a whole (rapidfuzz similarity ≥ ``threshold``, in C): copies whose
   every few words were changed keep few whole shingles, but remain similar as wholes.
3. **Alignment** (rapidfuzz, in C): the matching blocks of the two windows. A *passage* is a
   run of blocks whose matched characters are at least ``threshold`` % of the longer side,
   that never bridges two different numbers (``46次`` against ``45次`` are different facts, not a
   copy) nor a gap longer than ``MAX_GAP``; a window that cuts a passage grows.
4. **Copy.** A passage of ``min_length`` characters of text (separators not counted), or of
   ``NORM_RATIO`` of that when it is whole sentences or measures in both items (a short measure
   is about one fifth punctuation and marker), whose text is not boilerplate. A passage at the
   start of both rectifications that ends inside a sentence is a shared opening formula, not a
   copy. Items with the same problem text are not compared (the same problem listed twice).

The finding points at the copied region of the later item — from its first to its last shared
passage of ``SECONDARY`` or more characters — and at the same region of the earlier item
(``related``); a region already reported against an earlier item is not reported again.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from ..engine.registry import Evidence, register

SHINGLE = 12
BOILERPLATE = 8        # a shingle in more items than this is a formula, not a copy …
FEW = 4                # … or in more than a quarter of the items (at least 3) of a short notice
NORM_RATIO = 0.8       # of a short measure's printed characters, about one in five is punctuation or 一是
SECONDARY = 16         # a shared passage this long (normalised) is part of an established copy
MAX_GAP = 30           # a passage never bridges more unmatched characters than this
PAD = 24               # characters around a chain of seeds that its window also aligns
BAND = 12              # seeds of one chain lie within this many characters of one diagonal
JOIN = 48              # ... and at most this far apart
SEEDS = 3              # shared shingles that send a pair to the passage search (fewer: whole texts only)
SLACK = 3              # characters by which a copied passage may miss a sentence boundary
MAX_BLOCKS = 300       # matching blocks of one window considered (a guard, never reached by prose)
_HAY_SEP = "\n"        # normalised texts have no whitespace, so this never occurs inside one
# a few of the commonest characters of official prose (the separator already anchors every clause)
_COMMON = "的中工作建设全进开展制度加行"
# an anchor character, then (looking back from just after it) the 12 characters from it on.
# Starting with a character class lets ``re`` skip to the anchors in C: the same shingles as
# ``(?=((?:[^\u4e00-\u9fff]|[common]).{11}))``, ≈ 30 % faster
_ANCHORED = re.compile("[\x00-\u4dff\ua000-\U0010ffff" + _COMMON + r"](?<=(?=(.{12})).)", re.S)
# the normalisation: every run of punctuation, symbols and whitespace (an explicit class: ≈ 2× faster
# than ``[\W_]``; 〇 is a digit), with a 一是/二是… marker after it, becomes one separator ``|``; a
# leading marker and trailing marks go. The separator keeps clause starts as anchors (it is outside
# the CJK block), and a comma changed into a semicolon is the same text
SEP = "|"
_P = ("[\x00-/:-@\\[-`{-\u00bf\u2000-\u2bff\u3000-\u3006\u3008-\u303f\ufe10-\ufe6f"
      "\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
_MARKER = "[一二三四五六七八九十]{1,3}是"
_DROP = re.compile(f"{_P}(?:{_P}*{_MARKER}|{_P}*)")
_LEAD = re.compile(f"{_P}*(?:{_MARKER})?")
_DIGIT = re.compile(r"\d")
_SPLIT = "\ue000"       # a private-use character: not punctuation, never in a notice
_JOIN = _SPLIT + "。"
# after the end of a passage (skipping closing quotes and brackets): the end of a sentence or measure
_MARKER_AT_END = f"{_MARKER}$"
_SENTENCE_END = r"[\s”’)\]】》]*(?:[。；;！!？?]|$|[一二三四五六七八九十]{1,3}是)"


@lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern[str]:
    """Patterns used only once a passage is found, compiled when first needed (start-up time)."""
    return re.compile(pattern)


def _norm(raw: str) -> str:
    return _DROP.sub(SEP, raw[_LEAD.match(raw).end():]).strip(SEP)    # type: ignore[union-attr]


def _norm_all(raws: list[str]) -> list[str]:
    """``_norm`` of every text, in one regex pass: each text follows a full stop, so its leading
    marker goes with it, and a private-use character (kept by the normalisation) splits them."""
    joined = _JOIN.join(raws)
    if not raws or joined.count(_SPLIT) != len(raws) - 1:
        return [_norm(raw) for raw in raws]
    return [part.strip(SEP) for part in _DROP.sub(SEP, "。" + joined).split(_SPLIT)]


class _Unit:
    """One item's rectification: the raw (folded) text, its normalised form and the offset map."""

    __slots__ = ("item", "start", "raw", "norm", "_runs", "_norm_starts")

    def __init__(self, item: int, start: int, raw: str, norm: str) -> None:
        self.item, self.start, self.raw, self.norm = item, start, raw, norm
        self._runs: list[tuple[int, int]] | None = None
        self._norm_starts: list[int] = []

    def _map(self) -> list[tuple[int, int]]:
        """(normalised offset, raw offset) where each kept run and each separator starts."""
        if self._runs is None:          # built only for the few items whose passages are reported
            runs, n = [], 0
            pos = _LEAD.match(self.raw).end()       # type: ignore[union-attr]
            for m in _DROP.finditer(self.raw, pos):
                if m.start() > pos:
                    runs.append((n, pos))
                    n += m.start() - pos
                if n:                               # a leading separator is stripped
                    runs.append((n, m.start()))     # the separator stands for the whole run
                    n += 1
                pos = m.end()
            if pos < len(self.raw):
                runs.append((n, pos))
            self._runs = runs
            self._norm_starts = [r[0] for r in runs]
        return self._runs

    def raw_pos(self, p: int) -> int:
        """Offset in ``raw`` of normalised character ``p``."""
        runs = self._map()
        k = bisect_right(self._norm_starts, p) - 1
        n, r = runs[max(k, 0)]
        return r + (p - n)

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        while a < b and self.norm[a] == SEP:
            a += 1
        while b > a and self.norm[b - 1] == SEP:
            b -= 1
        return a, b

    def raw_span(self, a: int, b: int) -> tuple[int, int]:
        """Offsets in the text of normalised characters [a, b), with a sentence mark that closes it."""
        a, b = self._trim(a, b)
        s, e = self.raw_pos(a), self.raw_pos(b - 1) + 1
        marker = _rx(_MARKER_AT_END).search(self.raw, max(0, s - 4), s)
        if marker:                      # a passage that starts a measure starts at its 一是
            s = marker.start()
        tail = _rx(_SENTENCE_END).match(self.raw, e)
        if tail and tail.end() > e and self.raw[tail.end() - 1] in "。；;！!？?":
            e = tail.end()
        return self.start + s, self.start + e

    def ends_sentence(self, b: int) -> bool:
        """Whether normalised position ``b`` (exclusive end) is the end of a sentence or measure."""
        _, b = self._trim(0, b)
        if b >= len(self.norm) or b == 0:
            return True
        return _rx(_SENTENCE_END).match(self.raw, self.raw_pos(b - 1) + 1) is not None

    def starts_sentence(self, a: int) -> bool:
        """Whether normalised position ``a`` starts the rectification, a sentence or a measure."""
        a, _ = self._trim(a, len(self.norm))
        if a == 0:
            return True
        head = self.raw[:self.raw_pos(a)].rstrip(" \t\r\n“‘(《【")
        return not head or head[-1] in "。；;！!？?" or _rx(_MARKER_AT_END).search(head[-4:]) is not None

    def ends_sentence_near(self, b: int) -> bool:
        """Whether a sentence ends within ``SLACK`` characters of ``b`` (a passage may run on into the
        next measure by a character or two the copies happen to share, or stop short of a changed word)."""
        return any(self.ends_sentence(k) for k in range(max(1, b - SLACK), min(len(self.norm), b + SLACK) + 1))

    def whole_sentences(self, a: int, b: int) -> bool:
        """Whether [a, b) is whole sentences or measures (within ``SLACK`` characters at each end)."""
        return self.ends_sentence_near(b) and any(
            self.starts_sentence(k) for k in range(max(0, a - SLACK), min(b, a + SLACK + 1)))


def _anchored_postings(texts: list[str]) -> tuple[list[set[str]], dict[str, list[int]]]:
    """Anchored shingles of each text, and those found in more than one text with their texts."""
    anchored = [set(_ANCHORED.findall(t)) for t in texts]
    seen: set[str] = set()
    repeated: set[str] = set()
    for shingles in anchored:            # set algebra in C: only repeated shingles reach Python
        repeated |= shingles & seen
        seen |= shingles
    postings: dict[str, list[int]] = defaultdict(list)
    for k, shingles in enumerate(anchored):
        for shingle in shingles & repeated:
            postings[shingle].append(k)
    return anchored, postings


def _candidate_pairs(postings: dict[str, list[int]], items: list[int], limit: int) -> dict[tuple[int, int], int]:
    """Unit pairs (a < b) of different items sharing anchored, non-boilerplate shingles: how many."""
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for where in postings.values():
        if len(where) <= limit:
            for i, a in enumerate(where):
                for b in where[i + 1:]:
                    if items[a] != items[b]:
                        pairs[(a, b)] += 1
    return pairs


class _Spread:
    """In how many units a shingle occurs (capped just above the boilerplate limit)."""

    def __init__(self, texts: list[str], postings: dict[str, list[int]], limit: int) -> None:
        self.limit = limit
        self.hay = _HAY_SEP.join(texts)
        self.starts = [0]
        for t in texts:
            self.starts.append(self.starts[-1] + len(t) + 1)
        # an anchored shingle is anchored wherever it occurs: its postings are its spread
        self._cache: dict[str, int] = {s: len(where) for s, where in postings.items()}

    def boilerplate(self, shingle: str) -> bool:
        if shingle not in self._cache:
            if _ANCHORED.match(shingle) or self.hay.count(shingle) <= self.limit:     # occurrences bound the units
                self._cache[shingle] = 0
                return False
            owners: set[int] = set()
            pos = self.hay.find(shingle)
            while pos >= 0 and len(owners) <= self.limit:
                k = bisect_right(self.starts, pos) - 1
                owners.add(k)
                pos = self.hay.find(shingle, self.starts[k + 1])   # the next unit
            self._cache[shingle] = len(owners)
        return self._cache[shingle] > self.limit


def _windows(na: str, nb: str, shared: list[str]) -> list[tuple[int, int, int, int]]:
    """Windows (a0, a1, b0, b1) around chains of shared shingles on one diagonal, merged when they overlap."""
    seeds = sorted((na.find(s), nb.find(s)) for s in shared)
    chains: list[list[int]] = []         # [a0, a1, b0, b1, diagonal]
    for pa, pb in seeds:
        d = pa - pb
        for ch in chains:
            if abs(d - ch[4]) <= BAND and pa - ch[1] <= JOIN and ch[2] - JOIN <= pb <= ch[3] + JOIN:
                ch[1] = pa
                ch[2] = min(ch[2], pb)
                ch[3] = max(ch[3], pb)
                ch[4] = d
                break
        else:
            chains.append([pa, pa, pb, pb, d])
    wins = sorted((max(0, a0 - PAD), min(len(na), a1 + SHINGLE + PAD), max(0, b0 - PAD), min(len(nb), b1 + SHINGLE + PAD))
                  for a0, a1, b0, b1, _ in chains)
    merged: list[list[int]] = []
    for w in wins:
        for m in merged:
            if w[0] <= m[1] and m[0] <= w[1] and w[2] <= m[3] and m[2] <= w[3]:
                m[0], m[1], m[2], m[3] = min(m[0], w[0]), max(m[1], w[1]), min(m[2], w[2]), max(m[3], w[3])
                break
        else:
            merged.append(list(w))
    return [tuple(m) for m in merged]       # type: ignore[misc]


def _indel():
    from rapidfuzz.distance import Indel     # imported only when a pair needs it (start-up time)

    return Indel


def _passages(wa: str, wb: str, density: float, least: int) -> list[tuple[int, int, int, int, int]]:
    """Near-verbatim passages (a0, a1, b0, b1, matched) of two windows with ≥ ``least`` matched characters."""
    blocks = [(b.a, b.b, b.size) for b in _indel().editops(wa, wb).as_matching_blocks() if b.size >= 2]
    if not blocks or sum(b[2] for b in blocks) < least:
        return []
    blocks = blocks[:MAX_BLOCKS]
    # runs of blocks that a passage may span: split at long gaps and at changed numbers
    runs: list[list[tuple[int, int, int]]] = [[blocks[0]]]
    gaps: list[list[int]] = [[]]
    for prev, cur in zip(blocks, blocks[1:]):
        ga = cur[0] - prev[0] - prev[2]
        gb = cur[1] - prev[1] - prev[2]
        gap = max(ga, gb)
        if gap > MAX_GAP or (ga and gb and _DIGIT.search(wa, prev[0] + prev[2], cur[0])
                             and _DIGIT.search(wb, prev[1] + prev[2], cur[1])):
            runs.append([cur])
            gaps.append([])
        else:
            runs[-1].append(cur)
            gaps[-1].append(gap)
    found: list[tuple[int, int, int, int, int]] = []
    for run, gap in zip(runs, gaps):
        _longest(run, gap, 0, len(run), density, least, found)
    return found


def _aligned(na: str, nb: str, window: tuple[int, int, int, int], density: float) -> list[tuple[int, int, int, int, int]]:
    """The passages of one window, in text offsets; a window that cuts a passage grows until it does not."""
    a0, a1, b0, b1 = window
    for _ in range(8):                      # a guard: each round grows the window by 2 * PAD on a side
        found = [(a0 + p0, a0 + p1, b0 + q0, b0 + q1, m)
                 for p0, p1, q0, q1, m in _passages(na[a0:a1], nb[b0:b1], density, SECONDARY)]
        grow_left = any((p[0] == a0 and a0 > 0) or (p[2] == b0 and b0 > 0) for p in found)
        grow_right = any((p[1] == a1 and a1 < len(na)) or (p[3] == b1 and b1 < len(nb)) for p in found)
        if not (grow_left or grow_right):
            break
        if grow_left:
            a0, b0 = max(0, a0 - 2 * PAD), max(0, b0 - 2 * PAD)
        if grow_right:
            a1, b1 = min(len(na), a1 + 2 * PAD), min(len(nb), b1 + 2 * PAD)
    # characters of text, not clause breaks
    return [(p0, p1, q0, q1, m - na.count(SEP, p0, p1)) for p0, p1, q0, q1, m in found]


def _longest(run, gap, lo: int, hi: int, density: float, least: int, out: list) -> None:
    """The run of blocks[lo:hi] with the most matched characters at ``density``; then the rest on each side."""
    if hi <= lo or sum(b[2] for b in run[lo:hi]) < least:
        return
    best = None
    for i in range(lo, hi):
        matched = unmatched = 0
        for j in range(i, hi):
            if j > i:
                unmatched += gap[j - 1]
            matched += run[j][2]
            if matched >= least and matched >= density * (matched + unmatched) and (best is None or matched > best[0]):
                best = (matched, i, j)
    if best is None:
        return
    matched, i, j = best
    # a short block at an edge, across a wider gap, is a coincidence the density let in
    while i < j and 2 * run[i][2] < gap[i]:
        matched -= run[i][2]
        i += 1
    while j > i and 2 * run[j][2] < gap[j - 1]:
        matched -= run[j][2]
        j -= 1
    first, last = run[i], run[j]
    out.append((first[0], last[0] + last[2], first[1], last[1] + last[2], matched))
    _longest(run, gap, lo, i, density, least, out)
    _longest(run, gap, j + 1, hi, density, least, out)


def _own(text: str, spread: _Spread, need: int) -> bool:
    """Whether about ``need`` characters of ``text`` are not boilerplate.

    Shingles are sampled every ``SHINGLE`` characters, so each sample stands for the characters
    it covers; a formula that many items hold covers its samples. Stops as soon as it knows."""
    boiler = 0
    starts = range(0, len(text) - SHINGLE + 1, SHINGLE)
    for i in starts:
        if spread.boilerplate(text[i:i + SHINGLE]):
            boiler += SHINGLE
            if len(text) - boiler < need:
                return False
        elif i + SHINGLE - boiler >= need:
            return True
    return len(text) - boiler >= need


@register("duplicate")
def duplicate(notice, ctx) -> Iterator[Evidence]:
    min_len = int(ctx.options.get("min_length", 40))
    density = float(ctx.options.get("threshold", 80)) / 100
    least = max(SHINGLE, math.ceil(min_len * NORM_RATIO))
    view = notice.view
    spans = [(item.index, rect.start, rect.end) for item in notice.items
             if (rect := item.rectification) is not None and rect.end - rect.start >= least]
    if len(spans) < 2:
        return
    raws = [view[s:e] for _, s, e in spans]
    norms = _norm_all(raws)
    keep = [k for k, norm in enumerate(norms) if len(norm) >= least]
    if len(keep) < 2:
        return
    texts = [norms[k] for k in keep]
    anchored, postings = _anchored_postings(texts)
    limit = min(BOILERPLATE, max(3, len(keep) // FEW))
    pairs = _candidate_pairs(postings, [spans[k][0] for k in keep], limit)
    if not pairs:
        return
    spread = _Spread(texts, postings, limit)
    units: dict[int, _Unit] = {}               # made only for the texts of candidate pairs

    def unit(u: int) -> _Unit:
        if u not in units:
            k = keep[u]
            units[u] = _Unit(spans[k][0], spans[k][1], raws[k], norms[k])
        return units[u]

    copies: list[tuple[int, int, tuple[int, int], tuple[int, int], bool]] = []
    problems: dict[int, str | None] = {}
    for (a, b), seeds in sorted(pairs.items()):
        ua, ub = unit(a), unit(b)
        pa, pb = _problem(notice, ua.item, problems), _problem(notice, ub.item, problems)
        if pa is not None and pa == pb:
            continue                    # the same problem listed twice: the same rectification is no copy
        if seeds >= SEEDS:
            shared = [s for s in anchored[a] & anchored[b] if len(postings[s]) <= limit]
            windows = _windows(ua.norm, ub.norm, shared)
        elif (min(len(ua.norm), len(ub.norm)) * (2 - density) >= density * max(len(ua.norm), len(ub.norm))
              and _indel().normalized_similarity(ua.norm, ub.norm, score_cutoff=density)):
            windows = [(0, len(ua.norm), 0, len(ub.norm))]      # the rectifications as a whole
        else:
            continue
        found: list[tuple[int, int, int, int, int]] = []
        for window in windows:
            found.extend(_aligned(ua.norm, ub.norm, window, density))
        primary = [p for p in found if p[4] >= least and _copied(p, ua, ub, spread, least, min_len)]
        if not primary:
            continue
        region = [p for p in found if p in primary or _own(ua.norm[p[0]:p[1]], spread, SECONDARY)]
        ra = ua.raw_span(min(p[0] for p in region), max(p[1] for p in region))
        rb = ub.raw_span(min(p[2] for p in region), max(p[3] for p in region))
        whole = ra[1] - ra[0] >= 0.9 * len(ua.raw.strip()) and rb[1] - rb[0] >= 0.9 * len(ub.raw.strip())
        copies.append((ua.item, ub.item, ra, rb, whole))
    reported: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for ia, ib, ra, rb, whole in sorted(copies, key=lambda c: (c[1], c[0])):     # units are in item order
        if any(s < rb[1] and rb[0] < e for s, e in reported[ib]):
            continue        # this passage of the later item was already reported against an earlier one
        reported[ib].append(rb)
        a_label = _named(ia, notice.items[ia].label)
        b_label = _named(ib, notice.items[ib].label)
        what, what_en = ("整改情况", "rectification") if whole else ("整改情况中有一段", "a passage of the rectification")
        yield Evidence(rb[0], rb[1], item=ib, related=(_span(ra),),
                       params={"a": a_label, "b": b_label, "a_no": ia + 1, "b_no": ib + 1,
                               "a_en": _named_en(ia, notice.items[ia].label)},
                       message=f"{b_label}的{what}与{a_label}几乎相同，疑似照搬。",
                       message_en=f"Item {ib + 1} repeats {what_en} of item {ia + 1} nearly verbatim.")


def _copied(p: tuple[int, int, int, int, int], ua: _Unit, ub: _Unit, spread: _Spread, least: int,
            min_len: int) -> bool:
    """Whether a passage is a copied measure: ``min_len`` characters of text, or at least ``least``
    that are whole sentences or measures in both items; not boilerplate; not only a shared opening."""
    a0, a1, b0, b1, matched = p
    if not _own(ua.norm[a0:a1], spread, least):
        return False
    if a0 == 0 and b0 == 0 and a1 < len(ua.norm) and b1 < len(ub.norm) and matched < 2 * min_len:
        # the same opening: a copied measure only when it is whole (ends a sentence) in both
        return ua.ends_sentence_near(a1) and ub.ends_sentence_near(b1)
    return matched >= min_len or (ua.whole_sentences(a0, a1) and ub.whole_sentences(b0, b1))


def _problem(notice, index: int, cache: dict[int, str | None]) -> str | None:
    """The item's problem statement, normalised (None when it has none)."""
    if index not in cache:
        span = notice.items[index].problem
        text = _norm(notice.view[span.start:span.end]) if span is not None else ""
        cache[index] = text or None
    return cache[index]


def _named(index: int, label: str | None) -> str:
    """第2项（二、）: the item's number, and its printed label when it says something else (never
    第11项（第11项））."""
    shown = (label or "").strip()
    plain = f"第{index + 1}项"
    return f"{plain}（{shown}）" if shown and shown != plain else plain


def _named_en(index: int, label: str | None) -> str:
    shown = (label or "").strip()
    return f"item {index + 1} ({shown})" if shown and shown != f"第{index + 1}项" else f"item {index + 1}"


def _span(pair: tuple[int, int]):
    from ..model import Span

    return Span(pair[0], pair[1])
