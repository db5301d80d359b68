"""formulation: truncated or altered standard formulations (political terms, law titles).

Three checks:

1. ``formulation_truncations`` (and ``formulation_truncated_agents``, ``…_titles``) — known
   truncation shapes as patterns (习新时代…, 集中制, 由主要负责牵头, 《…的条措施》).
2. The standard formulations (``formulation_standard``, one per line, units separated by ``|``)
   matched approximately: each formulation is cut into ``maxd + 1`` pieces, so a text that differs
   from it by at most ``maxd`` edits still holds one piece intact; one Aho–Corasick pass finds the
   pieces, and only there is the text aligned to the formulation (a bounded Levenshtein over a
   few candidate spans; each formulation with two neighbours transposed is an automaton pattern
   of its own). An aligned span 1–``maxd`` edits away is reported when a unit is damaged — a
   character missing, changed (formulations of 10+ characters only) or transposed inside it —
   and the damage is not covered by a correct form in the text (``formulation_known``, or another
   standard formulation). A damaged first or last unit is a truncation only when what stands
   beside its intact part is a boundary (punctuation or a function word, ``formulation_followers``
   / ``formulation_preceders``: 全面从严治|不放松, …思|为指导); otherwise it may be a legitimate
   form (全面从严治校) and is left alone. Whole units dropped or replaced are other wordings
   (新时代中国特色社会主义思想, 中央八项规定要求, 重要指示精神), and so are changed numerals
   (十九大/二十大). When the text can be aligned in several equally good ways, it is reported only
   if every reading is damaged.
3. Titles in 《》 that are an official title (``formulation_full_titles``) with one or a few
   characters missing or changed (《中华人民共和国招投标法》, 《中国巡视工作条例》). A title that is
   official, or adds words (a local 《某省实施〈…〉办法》 or 《某市…实施细则》), is not flagged, nor one
   whose changed character makes another document around an official title (《…统计法实施条例》).

Time is linear in the text: one automaton pass, then bounded work per piece occurrence (a cheap
LCS bound rejects most before any alignment), and one cached lookup per distinct title.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ..engine.registry import Evidence, register
from ..engine.lexicon import ac_matches
from ..textnorm import fold

_TITLE = re.compile(r"《([^》\n]{2,40})》")
_TITLE_SUFFIX = re.compile(r"\((?:试行|暂行|草案|修订|修正|\d{4}年?(?:修订|修正|版)?)\)$")
_PUNCT = frozenset("、，,。；;：:“”‘’\"'《》〈〉（）()·!！?？…—-[]【】 \t\r\n\u3000")
_NUMERALS = frozenset("〇零一二两三四五六七八九十百千0123456789")
_SHORT_SUB = 10        # a changed character counts only in formulations at least this long


@dataclass(frozen=True, slots=True)
class _Form:
    text: str                          # folded, without separators
    units: tuple[tuple[int, int], ...]
    maxd: int
    swaps: frozenset[str]              # the text with two neighbours transposed


def _swaps(f: str) -> frozenset[str]:
    """``f`` with two different neighbouring characters transposed (numerals excepted: 十二/二十)."""
    return frozenset(f[:i] + f[i + 1] + f[i] + f[i + 2:] for i in range(len(f) - 1)
                     if f[i] != f[i + 1] and f[i] not in _NUMERALS and f[i + 1] not in _NUMERALS)


def _max_edits(n: int) -> int:
    return 0 if n < 6 else 1 if n < 10 else 2


class _Matcher:
    def __init__(self, standard: tuple[str, ...], known: tuple[str, ...],
                 followers: tuple[str, ...], preceders: tuple[str, ...]) -> None:
        import ahocorasick_rs as ac

        forms: list[_Form] = []
        known_forms: set[str] = set()
        for term in standard:
            parts = [p for p in fold(term).split("|") if p]
            text = "".join(parts)
            if not text:
                continue
            known_forms.add(text)
            if any(ch in _PUNCT for ch in text):
                continue                    # punctuation inside: known, not matched approximately
            units, pos = [], 0
            for p in parts:
                units.append((pos, pos + len(p)))
                pos += len(p)
            forms.append(_Form(text, tuple(units), _max_edits(len(text)), _swaps(text)))
        known_forms.update(fold(k) for k in known if k)
        self.forms = [f for f in forms if f.maxd > 0]
        # patterns: (formulation, offset, is_swap). maxd + 1 pieces of each formulation, so one
        # survives maxd edits; and each formulation with two neighbours transposed, found whole
        # (a transposition costs two edits, and may break every piece of a short formulation)
        pieces: dict[str, list[tuple[int, int, bool]]] = {}
        for fi, f in enumerate(self.forms):
            k = f.maxd + 1
            n = len(f.text)
            cuts = [round(i * n / k) for i in range(k + 1)]
            for a, b in zip(cuts, cuts[1:]):
                pieces.setdefault(f.text[a:b], []).append((fi, a, False))
            for swapped in f.swaps:
                pieces.setdefault(swapped, []).append((fi, 0, True))
        self.piece_list = list(pieces)
        self.piece_map = [pieces[p] for p in self.piece_list]
        dfa = ac.Implementation.DFA          # ≈ 2× the default's speed on a few hundred short patterns
        self.anchors = ac.AhoCorasick(self.piece_list, implementation=dfa) if self.piece_list else None
        self.known_list = sorted(known_forms)
        self.known = ac.AhoCorasick(self.known_list) if self.known_list else None
        self.followers = frozenset(fold(w) for w in followers if w)
        self.preceders = frozenset(fold(w) for w in preceders if w)
        self.follow_len = max((len(w) for w in self.followers), default=1)
        self.precede_len = max((len(w) for w in self.preceders), default=1)

    # -- finding -------------------------------------------------------------------------------
    def find(self, view: str) -> list[tuple[int, int, str]]:
        """(start, end, formulation) of damaged formulations in ``view``, in order, not overlapping."""
        if self.anchors is None:
            return []
        tried: set[tuple[int, int]] = set()
        found: list[tuple[int, int, str]] = []
        forms = self.forms
        longest = max(map(len, self.piece_list))
        for pi, start, end in ac_matches(self.anchors, view, longest):     # block by block (memory)
            for fi, off, swap_only in self.piece_map[pi]:
                s0 = start - off
                form = forms[fi]
                if swap_only:
                    if not self._known_covers(view, s0, end, list(range(s0, end)), []):
                        found.append((s0, end, form.text))
                    continue
                if (fi, s0) in tried:
                    continue
                tried.add((fi, s0))
                if view.startswith(form.text, s0):
                    continue
                hit = self._align(view, s0, form)
                if hit is not None:
                    found.append((hit[0], hit[1], form.text))
        found.sort(key=lambda h: (h[0], -(h[1] - h[0]), -len(h[2])))
        kept: list[tuple[int, int, str]] = []
        for h in found:
            if kept and h[0] < kept[-1][1]:
                if len(h[2]) > len(kept[-1][2]):
                    kept[-1] = h
                continue
            kept.append(h)
        return kept

    def _align(self, view: str, s0: int, form: _Form) -> tuple[int, int] | None:
        from rapidfuzz.distance import LCSseq, Levenshtein

        f, d, n = form.text, form.maxd, len(view)
        L = len(f)
        # every span within d edits keeps L - d characters of f in order, so the window around
        # s0 must too: one C call rejects the common case (another formulation sharing a piece)
        if LCSseq.similarity(f, view[max(0, s0 - d):s0 + L + 2 * d], score_cutoff=L - d) < L - d:
            return None
        cands = []
        for s in range(max(0, s0 - d), min(n, s0 + d + 1)):
            for e in range(s + L - d, min(n, s + L + d) + 1):
                if e <= s:
                    continue
                seg = view[s:e]
                dist = Levenshtein.distance(f, seg, score_cutoff=d)
                if dist <= d:
                    if dist == 0:
                        return None             # the formulation is there, intact
                    if "\n" in seg:
                        continue
                    cands.append((dist, abs(e - s - L), abs(s - s0), s, e))
        if not cands:
            return None
        best = min(c[0] for c in cands)
        spans = []
        for c in sorted(c for c in cands if c[0] == best):
            span = self._damaged(view, c[3], c[4], form)
            if span is None:
                return None                     # one reading of the text is legitimate: do not guess
            spans.append(span)
        return spans[0]

    def _damaged(self, view: str, s: int, e: int, form: _Form) -> tuple[int, int] | None:
        """The reported span when view[s:e] is a damaged form of ``form``; None when legitimate."""
        from rapidfuzz.distance import Levenshtein

        f = form.text
        seg = view[s:e]
        L = len(f)
        status = ["eq"] * L                      # per formulation character: eq | sub | del
        where = [0] * L                          # its position in seg (for del: where it would be)
        inserted: dict[int, list[int]] = {}      # seg positions inserted before formulation index i
        for tag, i1, i2, j1, j2 in Levenshtein.opcodes(f, seg):
            if tag == "equal" or tag == "replace":
                common = min(i2 - i1, j2 - j1)
                for k in range(common):
                    status[i1 + k] = "eq" if tag == "equal" else "sub"
                    where[i1 + k] = j1 + k
                for k in range(i1 + common, i2):
                    status[k], where[k] = "del", j1 + common
                if j2 - j1 > common:
                    inserted.setdefault(i2, []).extend(range(j1 + common, j2))
            elif tag == "delete":
                for k in range(i1, i2):
                    status[k], where[k] = "del", j1
            elif tag == "insert":
                inserted.setdefault(i1, []).extend(range(j1, j2))
        # changed numerals (十九大 / 二十大, 三中全会 / 二中全会) are other formulations, not damage
        for i in range(L):
            if status[i] == "sub" and f[i] in _NUMERALS and seg[where[i]] in _NUMERALS:
                status[i] = "eq"
            elif status[i] == "del" and f[i] in _NUMERALS:
                status[i] = "eq"
        chars: list[int] = []                    # seg positions of changed or inserted characters
        gaps: list[int] = []                     # seg positions just after a missing character
        last = len(form.units) - 1
        flagged = False
        for ui, (a, b) in enumerate(form.units):
            dmg = [i for i in range(a, b) if status[i] != "eq"]
            inner_ins = [j for i in range(a + 1, b) for j in inserted.get(i, ())
                         if seg[j] not in _PUNCT and seg[j] not in _NUMERALS]
            if not dmg and not inner_ins:
                continue
            kept = [i for i in range(a, b) if status[i] == "eq"]
            aligned = "".join(seg[where[i]] for i in range(a, b) if status[i] != "del")
            transposed = len(aligned) == b - a and aligned != f[a:b] and sorted(aligned) == sorted(f[a:b])
            if not kept and not transposed:
                continue                        # a whole unit dropped or replaced: another wording
            if transposed:
                flagged = True
            elif ui == 0 and status[a] != "eq":
                if not self._boundary_before(view, s + where[kept[0]]):
                    continue
                flagged = True
            elif ui == last and status[b - 1] != "eq":
                if not self._boundary_after(view, s + where[kept[-1]] + 1):
                    continue
                flagged = True
            elif any(status[i] == "sub" for i in dmg) and L < _SHORT_SUB:
                continue                        # a changed character in a short formulation: maybe a variant
            else:
                flagged = True
            chars.extend(where[i] for i in dmg if status[i] == "sub")
            chars.extend(inner_ins)
            gaps.extend(where[i] for i in dmg if status[i] == "del")
        if not flagged:
            return None
        eqs = [where[i] for i in range(L) if status[i] == "eq"]
        if not eqs:
            return None
        start, end = s + min(eqs), s + max(eqs) + 1
        if self._known_covers(view, s, e, [s + p for p in chars], [s + p for p in gaps]):
            return None
        return start, end

    def _boundary_after(self, view: str, q: int) -> bool:
        if q >= len(view) or view[q] in _PUNCT or view[q].isascii():
            return True
        return any(view[q:q + k] in self.followers for k in range(1, self.follow_len + 1))

    def _boundary_before(self, view: str, p: int) -> bool:
        if p <= 0 or view[p - 1] in _PUNCT or view[p - 1].isascii():
            return True
        return any(view[max(0, p - k):p] in self.preceders for k in range(1, min(p, self.precede_len) + 1))

    def _known_covers(self, view: str, s: int, e: int, chars: list[int], gaps: list[int]) -> bool:
        """Whether a correct form (a standard formulation or a known variant) in the text holds
        every damaged place — each changed character, and both neighbours of each missing one:
        then the text is that form, not a damaged one."""
        if self.known is None or not (chars or gaps):
            return False
        lo = max(0, s - 24)
        for _, ks, ke in self.known.find_matches_as_indexes(view[lo:e + 24], overlapping=True):
            ks, ke = ks + lo, ke + lo
            if all(ks <= p < ke for p in chars) and all(ks < p < ke for p in gaps):
                return True
        return False


@lru_cache(maxsize=8)
def _matcher(standard: tuple[str, ...], known: tuple[str, ...], followers: tuple[str, ...],
             preceders: tuple[str, ...]) -> _Matcher:
    return _Matcher(standard, known, followers, preceders)


def _terms(lex, name: str) -> tuple[str, ...]:
    return tuple(lex.get(name).terms) if name in lex else ()


def find_formulations(view: str, lex) -> list[tuple[int, int, str]]:
    """Damaged standard formulations in ``view`` (folded text): (start, end, standard form)."""
    m = _matcher(_terms(lex, "formulation_standard"), _terms(lex, "formulation_known"),
                 _terms(lex, "formulation_followers"), _terms(lex, "formulation_preceders"))
    return m.find(view)


# -- titles of laws and regulations ---------------------------------------------------------------
class _Titles:
    def __init__(self, titles: tuple[str, ...]) -> None:
        folded = [fold(t) for t in titles if t]
        self.exact = set(folded)
        self.cores = sorted({_TITLE_SUFFIX.sub("", t) for t in folded})
        self.core_set = set(self.cores)
        self.cache: dict[str, str | None] = {}

    def official(self, inner: str) -> str | None:
        """The official title ``inner`` is a damaged form of, or None."""
        if inner in self.cache:
            return self.cache[inner]
        result = self._official(inner)
        if len(self.cache) < 4096:
            self.cache[inner] = result
        return result

    def _official(self, inner: str) -> str | None:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if inner in self.exact:
            return None
        core = _TITLE_SUFFIX.sub("", inner)
        if core in self.core_set or len(core) < 6:
            return None
        # (a title that adds words — 《某省实施〈…〉办法》, 《…实施细则》 — is never a near miss: see _near_miss)
        holds_official = None
        for title, dist, _ in process.extract(core, self.cores, scorer=Levenshtein.distance,
                                              score_cutoff=3, limit=4):
            ops = Levenshtein.editops(title, core)
            if not dist or not _near_miss(title, core, ops):
                continue
            if any(o.tag == "replace" for o in ops):
                if holds_official is None:
                    holds_official = any(t in core for t in self.cores if len(t) >= 6)
                if holds_official:
                    continue            # 《…统计法实施条例》 beside 审计法实施条例: another document, not a typo
            return title
        return None


def _near_miss(title: str, core: str, ops) -> bool:
    """Whether ``core`` is ``title`` with characters missing or changed (never added)."""
    n = len(title)
    dels = [o.src_pos for o in ops if o.tag == "delete"]
    subs = [o.src_pos for o in ops if o.tag == "replace"]
    if any(o.tag == "insert" for o in ops):
        return False                    # extra words: another document (a local version, a 细则)
    if all(title[i] in _NUMERALS for i in dels + subs):
        return False                    # another year or number
    if len(subs) > (1 if n >= 11 else 0):
        return False                    # a changed word in a short title may be another law
    allowed = 1 if n <= 8 else 2 if n <= 16 else 3
    if len(dels) + len(subs) <= allowed:
        return True
    # one contiguous run cut out of the middle (中国[共产党]巡视工作条例): head and tail intact
    return not subs and len(dels) <= 3 and dels == list(range(dels[0], dels[0] + len(dels))) \
        and dels[0] >= 2 and dels[-1] < n - 2


@lru_cache(maxsize=8)
def _titles(titles: tuple[str, ...]) -> _Titles:
    return _Titles(titles)


_TRUNCATIONS = ("formulation_truncations", "formulation_truncated_agents", "formulation_truncated_titles")


class _Reported:
    """Spans already reported, for the overlap test in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = []
        far = -1
        for _, b in spans:
            far = max(far, b)
            self.reach.append(far)

    def overlaps(self, s: int, e: int) -> bool:
        k = bisect_left(self.starts, e)
        return k > 0 and self.reach[k - 1] > s


# the known truncations (lexicon formulation_truncations…) and their full forms, for the suggestion
_REPAIRS = (
    (re.compile(r"^习总(?!书记)(关于)?"), "习近平总书记"),
    (re.compile(r"^习(关于|来.|最新)"), "习近平总书记"),
    (re.compile(r"^习(新时代|生态文明思想|法治思想|经济思想|强军思想|外交思想|文化思想)"), "习近平"),
    (re.compile(r"^集中制"), "民主集中制"),
    (re.compile(r"主要负责$"), "主要负责同志"),
)


def repaired(found: str) -> tuple[str, str] | None:
    """The words of a known truncation to change and their full form (习新时代 → 习近平新时代,
    习总关于 → 习近平总书记关于, 集中制 → 民主集中制), or None when it cannot be known (《…的条措施》
    lost its number)."""
    for pattern, full in _REPAIRS:
        m = pattern.search(found)
        if m:
            return m.group(), full + (m.group(1) or "" if m.groups() else "")
    return None


@register("formulation")
def formulation(notice, ctx):
    view = notice.view
    text = notice.text
    lex = ctx.lexicons
    reported: list[tuple[int, int]] = []
    seen: set[int] = set()
    for name in _TRUNCATIONS:
        if name not in lex:
            continue
        for s, e in lex.get(name).find(view):
            if s in seen:
                continue
            seen.add(s)
            reported.append((s, e))
            fix = repaired(text[s:e])
            yield Evidence(s, e, params={"found": text[s:e], "change": fix[0] if fix else text[s:e],
                                         "full": fix[1] if fix else ""},
                           case="truncated" if fix else "unknown",
                           message=f"规范表述可能被截断或改动：“{text[s:e]}”。",
                           message_en=f"A standard formulation looks truncated or altered: {text[s:e]!r}.")
    if "formulation_standard" in lex:
        done = _Reported(reported)
        for s, e, form in find_formulations(view, lex):
            if done.overlaps(s, e):
                continue
            reported.append((s, e))
            yield Evidence(s, e, params={"found": text[s:e], "full": form}, case="altered",
                           message=f"规范表述可能有误：“{text[s:e]}”，规范表述为“{form}”。",
                           message_en=f"A standard formulation looks truncated or altered: {text[s:e]!r}; "
                                      f"the standard form is {form!r}.")
    if "formulation_full_titles" not in lex:
        return
    titles = _titles(tuple(lex.get("formulation_full_titles").terms))
    done = _Reported(reported)
    for m in _TITLE.finditer(view):
        if done.overlaps(m.start(), m.end()):
            continue
        full = titles.official(m.group(1))
        if full is not None:
            yield Evidence(m.start(), m.end(), params={"found": text[m.start():m.end()], "full": f"《{full}》"},
                           case="title",
                           message=f"法规名称可能有误：{text[m.start():m.end()]}，规范名称为《{full}》。",
                           message_en=f"The title {text[m.start():m.end()]} looks altered; the official title is 《{full}》.")
