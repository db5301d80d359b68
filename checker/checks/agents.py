"""responsibility (ZG102): the agent is who acts.

An item names someone responsible when a specific unit or role other than the issuer is the
subject of an action in its rectification (RUBRIC ``responsibility``), or when a
responsibility field (责任单位：… / a 责任单位 table column) names one. The subject is read
clause by clause, not as any unit name anywhere in the text:

- a clause starts after ，；。：！？, a tab or a line break; a measure marker (一是, （1）), time
  phrases (2024年5月以来) and connectives (同时, 目前) at its start are skipped;
- a clause that then opens with an adverb (已, 正在, 进一步 — ``agent_adverbs``), a preposition
  (在, 向, 根据 — ``agent_prepositions``) or a verb (督促, 组织, 选配 — ``agent_openers``) has
  left its subject out (the issuer): a unit after it is a place, a recipient or an object;
- otherwise it may open with a name: the shortest run of name characters ending in a unit
  head (局, 科, 中心, 公司 — ``agent_unit_heads``) or a role (局长, 主要负责同志 —
  ``agent_roles``), chained (市纪委 + 监委 + 机关), with a person's name after a role
  (分管副局长张明), a parenthetical alias (信息中心（大数据局）) and coordinated names (财务科、审计科);
  由/经/会同/联合/责成 (``agent_introducers``) introduce one, after adverbs too (已由…);
- the name must be followed by an action: not the end of the clause, not a noun it modifies
  (…学校项目正在…, 区财政局工作人员… — ``agent_continuations``), not a counted object
  (书记6名), not a thing's predicate (展示中心已投用 — ``agent_thing_predicates``);
- and it must be named: not the issuer (its names matched as whole names, see
  ``checker.engine.conditions.is_self_reference``), not an unnamed class (各…, 相关…, a name made
  only of generic heads such as 村党组织书记 or 园区部门 — ``agent_class_markers``, ``agent_generic``).

Inside a clause, …牵头 after a name and 由/会同/联合 introduce an agent too, and the ``agents``
lexicon adds explicit markers: 由…负责, a leadership role leading a measure (…主要负责人带头…),
a task force set up for the item, duties assigned to a named body (明确…办公室的职责).

Every regex is anchored at a known position or scanned once per text, with bounded runs and
atomic groups; nothing backtracks over the whole text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..engine.conditions import composed_of, is_self_reference
from ..engine.registry import Evidence, register
from ..parse.limits import MAX_SCAN

# characters a name never contains: particles, prepositions, adverbs, measure words
_NOT_IN_NAME = "的了在对向把将给从被让已均也还又并就每各等是于为个名项次以如着过"
# adverbs that also occur inside unit names (政府集中采购中心, 统一战线工作部, 全面深化改革委员会)
_NAME_COMPATIBLE = frozenset({"集中", "统一", "基本", "全面", "规范化", "高质量", "精准", "有效", "常态化", "同步", "专门",
                              "正式", "全部", "多渠道", "全方位", "高标准", "计划"})      # 计划财务科, 发展计划处
# a name character: a letter that is not Latin and not one of _NOT_IN_NAME. (``[^\W\d_]``, not
# ``[\u4e00-\u9fff]``: ``re`` compiles a wide range class slowly, ~1 ms each time it occurs.)
_LETTER = r"[^\W\d_]"
_NAME_CHAR_RX = rf"(?![A-Za-z{_NOT_IN_NAME}]){_LETTER}"
_NAME_CHAR = re.compile(_NAME_CHAR_RX)
_MAX_PREFIX = 8            # characters before a head in one chunk of a name
# a name that opens with the level of government or the issuer's own short name (市…, 县…, 局…)
# may run longer before its head: 市应急管理综合行政执法支队, 局危险化学品安全监督管理科
_LEVEL_PREFIX = "省市县区州旗盟镇乡局院厅委"
_MAX_LEVEL_PREFIX = 14
_MAX_CHAIN = 9             # length of a chained chunk (市纪委 + 监委, 区委 + 办公室)
_MAX_NAMES = 5             # coordinated names in one subject

_DELIMITERS = "，,。；;：:！!？?\n\t\r"
_MARKER = (r"(?=[一二三四五六七八九十第(（0-9\u2460-\u2473])"
           r"(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}(?:是|，|,|、)?"
           r"|[(（][0-9一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}[、.．](?![0-9])"
           r"|[一二三四五六七八九十]{1,3}、|[\u2460-\u2473])\s*")
_DATE_FIRSTS = "自从截于0123456789上下一二三四第今去当年"
_DATE = (r"(?:(?:自|从|截至|截止|于)?(?:[0-9]{2,4}年(?:[0-9]{1,2}月)?(?:[0-9]{1,2}日)?|[0-9]{1,2}月(?:[0-9]{1,2}日)?"
         r"|[上下]半年|[一二三四]季度|第[一二三四]季度|今年|去年|当年|年初|年底)(?:以来|起|至今|上旬|中旬|下旬|底|初|份|期间|内|前)?)")
_PAREN = re.compile(r"[(（][^()（），,。；;\n]{1,16}[)）]")
_COORD = re.compile(r"[、和与及]|会同|联合|协同|配合|以及")
_DENG = re.compile(r"等(?:[0-9]{1,4}[个家所])?(?:部门|单位|科室|处室|股室|站所)?")
_LEAD = re.compile(r"(?<![由、])牵头(?!单位|部门|领导)")
_DATE_AFTER = re.compile(r"[0-9]{1,4}(?:年|月|日)")
_COUNTED = re.compile(r"[0-9一二三四五六七八九十两]{1,6}(?:名|人|个|家|所|位|户|批|支|处)")
_AFTER_NAME = "，,。；;：:、和与及（(）)"
_NOT_ACTION = _DELIMITERS + "）)》」』”\"'、各"
_ROLE_MODIFIERS = ("分管", "常务", "主要", "第一", "副", "班子")
_LEADS = ("同志", "带头", "带队", "带领", "率队", "主持", "亲自", "牵头", "负责", "任组长")
_CONJUNCT_END = ("牵头", "负责", "会同", "联合", "协同", "共同", "分别", "已", "对")
_SET_UP = ("成立", "组建", "设立")


def _alt(words, not_words=(), scanned: bool = False) -> str:
    """An alternation of words, longest first, not matching where one of ``not_words`` begins
    (自然资源局 does not begin with the preposition 自). ``scanned``: tried at many positions,
    so put it behind a look-ahead for the first characters (one class test, then the branches;
    not for every alternation: a class of Chinese characters costs ~0.3 ms to compile)."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return "(?!)"
    firsts = "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])" if scanned else ""
    guards = "".join(f"(?!{re.escape(w)})" for w in sorted(set(not_words), key=len, reverse=True) if w)
    return f"{firsts}{guards}(?:" + "|".join(re.escape(w) for w in words) + ")"


def _char_alt(words) -> str:
    """An alternation whose one-character words form one character class (surnames)."""
    singles = "".join(sorted({re.escape(w) for w in words if len(w) == 1}))
    longer = [w for w in words if len(w) > 1]
    parts = ([f"[{singles}]"] if singles else []) + ([_alt(longer)] if longer else [])
    return "(?:" + "|".join(parts or ["(?!)"]) + ")"


class Grammar:
    """The clause-subject grammar, compiled once per lexicon store from its word lists."""

    def __init__(self, store) -> None:
        def terms(name: str) -> list[str]:
            return list(store.get(name).terms) if name in store else []

        def excepts(name: str) -> list[str]:
            return list(store.get(name).excepts) if name in store else []

        roles = terms("agent_roles")
        # the issuer's words for itself end a name too (我们坚持… is 我们 + 坚持…)
        heads = [h for h in terms("agent_unit_heads") + roles + terms("issuer_self_reference") if h]
        false_heads = terms("agent_false_heads")
        adverbs, openers = terms("agent_adverbs"), terms("agent_openers")
        prepositions, not_prepositions = terms("agent_prepositions"), excepts("agent_prepositions")
        intro, not_intro = terms("agent_introducers"), excepts("agent_introducers")
        skips, markers = terms("agent_clause_skips"), terms("agent_class_markers")
        continuations = terms("agent_continuations")
        surnames = terms("agent_surnames")

        # ---- one chunk of a name: the shortest run of name characters that ends in a head.
        # A head is not the end of a word that only looks like one (全部, 举办 —
        # agent_false_heads) nor the start of a longer word (办公, 部署, 部门 —
        # agent_head_continuations, longer heads). A name never runs through an adverb
        # (市委全面统筹… is 市委 + 全面统筹…): checked on the match (the same answer as excluding
        # adverbs from the run, since every longer run holds the adverb too, and a far smaller regex).
        inside = [a for a in adverbs if len(a) > 1 and a not in _NAME_COMPATIBLE]
        self.inside_adverb = re.compile(_alt(inside))
        name_char = _NAME_CHAR_RX
        multi = sorted({h for h in heads if len(h) > 1}, key=len, reverse=True)
        single = sorted({h for h in heads if len(h) == 1})
        head_set = set(heads)
        # continuations: words that begin with a head and go on (办公, 部署, 中心组; for a
        # one-character head also the longer heads: 部门), forbidden where the head begins
        extend = set(terms("agent_head_continuations")) | head_set
        after_multi = {w for w in extend - head_set if any(w.startswith(h) and len(w) > len(h) for h in multi)}
        after_single = {w for w in extend if len(w) > 1 and w[0] in single}
        # false heads (全部, 举办, 总书记): forbidden where a head ends, unless a head themselves
        # or the tail of one
        false_words = {w for w in false_heads if w not in head_set and not any(
            h.endswith(w) and len(h) > len(w) for h in head_set)}
        by_length: dict[int, list[str]] = {}
        for w in sorted(false_words):
            by_length.setdefault(len(w), []).append(re.escape(w))
        not_false = "".join(f"(?<!{'|'.join(ws)})" for _, ws in sorted(by_length.items()))
        branches = []
        if multi:
            firsts = "".join(sorted({re.escape(h[0]) for h in multi}))
            guard = f"(?!{_alt(after_multi)})" if after_multi else ""
            branches.append(f"(?=[{firsts}]){guard}(?:" + "|".join(re.escape(h) for h in multi) + ")")
        if single:               # a one-character head needs two name characters before it (财务科)
            chars = "".join(re.escape(h) for h in single)
            guard = f"(?!{_alt(after_single)})" if after_single else ""
            branches.append(f"(?:{name_char})(?:{name_char})(?=[{chars}]){guard}[{chars}]")
        # one look-behind per length and one look-ahead per branch, not one per head: the
        # regex stays small and compiles fast
        run = rf"(?:(?:{name_char}){{0,{_MAX_PREFIX}}}?|[{_LEVEL_PREFIX}](?:{name_char}){{{_MAX_PREFIX},{_MAX_LEVEL_PREFIX - 1}}}?)"
        self.chunk = re.compile(rf"{run}(?:{'|'.join(branches) or '(?!)'}){not_false}")
        self.single_heads = frozenset(single)
        self.head_word = re.compile(_alt(multi))
        self.function_words = frozenset(terms("agent_function_words"))

        # ---- what opens a clause without a subject, and what may follow one
        adverb = _alt(adverbs, ["共青"], scanned=True)                   # 共 as an adverb, not in 共青团
        self.adverb = re.compile(rf"{adverb}[，,、\s]*")
        self.preposition = re.compile(_alt(prepositions, not_prepositions, scanned=True))
        self.opener = re.compile(_alt(openers))
        self.follower = re.compile(_alt([w for w in adverbs + openers if len(w) > 1 or w in "已将正均共"]
                                        + prepositions + ["牵头", "负责", "会同", "联合", "协同"]))
        self.conjunct = re.compile(rf"(?:{name_char}){{1,8}}?(?={_alt(_CONJUNCT_END)})")
        self.continuation = re.compile(_alt(continuations))
        # a noun phrase the name modifies and that is itself the subject (眉山高新区 + 政务服务大厅
        # 已投用): a noun of agent_continuations / agent_false_heads at its end; ``acts`` checks
        # that no verb starts it and that what follows it may follow a subject
        nouns = [w for w in continuations + false_heads if len(w) > 1]
        self.modified = re.compile(rf"(?:{name_char}){{0,6}}?(?:{_alt(nouns)})")
        self.thing = re.compile(_alt(terms("agent_thing_predicates")))

        # ---- roles and persons
        self.roles = sorted(set(roles), key=len, reverse=True)
        self.role_end = re.compile(rf"(?:{_alt(roles)})$")
        surname = _char_alt(surnames)
        self.person = re.compile(rf"{surname}{_LETTER}{{1,2}}?(?={_alt(_LEADS)})")
        self.person_tail = re.compile(rf"(?:{_alt(roles)}){surname}{_LETTER}{{1,2}}$")

        # ---- where a clause may have a subject: a delimiter, a marker, time phrases and
        # connectives, then an introducer (after adverbs too: 已由…), or neither an adverb nor a
        # preposition and a head close ahead. One scan per text finds them; the rest is checked
        # per candidate.
        head_end = "[" + "".join(sorted({re.escape(h[-1]) for h in heads})) + "]" if heads else "(?!)"
        firsts = "".join(sorted({re.escape(w[0]) for w in skips if w} | set(_DATE_FIRSTS)))
        skip = rf"(?=[{firsts}])(?:{_DATE}|{_alt(skips)})[，,、\s]*"
        introducer = _alt(intro, not_intro, scanned=True)
        # The spaces after a delimiter stop at the next whitespace delimiter (\t, \n): a run of
        # tabs and spaces is then crossed once, not once per tab (what follows never starts
        # with whitespace, so the same clauses are found, at the same ends).
        # Possessive and atomic repeats: what was skipped is never given back (no backtracking,
        # so the nested repeat stays linear and each delimiter costs one attempt), and no
        # sub-pattern is written twice (the regex compiles fast).
        self.candidate = re.compile(
            rf"[{re.escape(_DELIMITERS)}][^\S\n\t\r]*+(?:{_MARKER})?+(?:{skip}){{0,3}}+"
            rf"(?>(?P<adv>(?:{self.adverb.pattern}){{1,2}}+)?)"
            rf"(?:(?P<intro>{introducer})|(?(adv)(?!)|(?!{self.preposition.pattern})"
            rf"(?=(?:{name_char}){{0,{_MAX_LEVEL_PREFIX + 2}}}?{head_end})))")
        # introducers inside a clause (not 经: 已于…经市政府常务会议审议 is an approval)
        mid = [w for w in intro if w != "经" and not w.endswith("为")]
        self.intro_mid = re.compile(r"(?<![理自缘事因])" + _alt(mid, not_intro, scanned=True))

        # ---- unnamed classes
        self.class_marker = re.compile(_alt([m for m in markers if len(m) > 1 or m == "各"]))
        self.generic = frozenset(terms("agent_generic")) | frozenset(markers)
        self.agents = store.get("agents") if "agents" in store else None
        self.agent_terms = frozenset(self.agents.terms) if self.agents is not None else frozenset()
        self._named: dict[tuple[str, tuple[str, ...]], bool] = {}

    # ------------------------------------------------------------------ names

    def _opens_clause(self, text: str, pos: int) -> bool:
        """Whether a preposition or an opener verb starts at ``pos`` (not the start of a name)."""
        if self.preposition.match(text, pos):
            return True
        o = self.opener.match(text, pos)
        if o is None:
            return False
        # a head word that begins like an opener (派出所, 组织部) is a name; so is a unit named
        # by its function (组织人事部, 审计处) when little stands between the function word and
        # the head and what follows can follow a subject
        w = self.head_word.match(text, pos)
        if w is not None and w.end() > o.end():
            return False
        if text[pos:o.end()] in self.function_words:
            c = self.chunk.match(text, pos)
            if c is not None and c.end() - o.end() <= 3 and (
                    c.end() == len(text) or text[c.end()] in _AFTER_NAME or self.follower.match(text, c.end())):
                return False
        return True

    def name_at(self, text: str, pos: int) -> int:
        """The end of a name starting at ``pos`` (chained chunks, a person after a role, a
        parenthetical alias), or -1."""
        m = self.chunk.match(text, pos)
        if m is None or self.inside_adverb.search(text, pos, m.end()):
            return -1
        end = m.end()
        for _ in range(4):
            if self.role_end.search(text, pos, end):
                person = self.person.match(text, end)          # 分管副局长张明带队…
                if person is not None:
                    return person.end()
            if (self.opener.match(text, end) and self._opens_clause(text, end)) or self.intro_mid.match(text, end) \
                    or self.thing.match(text, end):
                break
            nxt = self.chunk.match(text, end)
            if nxt is None or nxt.end() - end > _MAX_CHAIN or self.inside_adverb.search(text, end, nxt.end()):
                # a short head closes the name: 区委 + 办, 县委 + 编办
                for k in (1, 2):
                    e = end + k
                    if text[e - 1:e] in self.single_heads and _NAME_CHAR.match(text, end) and (
                            e == len(text) or text[e] in _AFTER_NAME or self.follower.match(text, e)):
                        end = e
                        break
                break
            end = nxt.end()
        p = _PAREN.match(text, end)
        return p.end() if p else end

    def subject(self, text: str, pos: int) -> tuple[list[str], int]:
        """The coordinated names starting at ``pos`` and where they end."""
        names: list[str] = []
        end = pos
        for _ in range(_MAX_NAMES):
            e = self.name_at(text, pos)
            if e < 0:
                if names:                # a conjunct not read as a name (区民政局、区残联联合…)
                    u = self.conjunct.match(text, pos)
                    if u is not None:
                        end = u.end()
                break
            names.append(text[pos:e])
            end = e
            c = _COORD.match(text, e)
            if c is None:
                break
            pos = c.end()
        if names:
            d = _DENG.match(text, end)
            if d:
                end = d.end()
        return names, end

    # ------------------------------------------------------------------ judgements

    def acts(self, text: str, end: int) -> bool:
        """Whether what follows a subject ending at ``end`` is an action: not the end of the
        clause, a noun the name modifies, a counted object or a thing's predicate."""
        if end >= len(text):
            return False
        ch = text[end]
        if ch in _NOT_ACTION:
            return False
        if "0" <= ch <= "9":                       # a date may follow a subject, a number not
            return _DATE_AFTER.match(text, end) is not None
        if self.continuation.match(text, end) or _COUNTED.match(text, end):
            return False
        m = self.modified.match(text, end)
        if m is not None and self.follower.match(text, m.end()) and not (self.opener.match(text, end)
                                                                          or self.preposition.match(text, end)
                                                                          or self.inside_adverb.match(text, end)):
            return False
        p = end                                    # 展示中心已正式投用。: a thing, not an agent
        for _ in range(3):
            a = self.adverb.match(text, p)
            if a is None or a.end() == p:
                break
            p = a.end()
        for _ in range(3):                         # 已建成投用。 — but 信息科上线某系统 acts
            t = self.thing.match(text, p)
            if t is None:
                break
            p = t.end()
            if p == len(text) or text[p] in _AFTER_NAME or text[p] in "并了":
                return False
        return True

    def named(self, name: str, self_names: tuple[str, ...]) -> bool:
        """A specific unit, role or person: not the issuer itself, not an unnamed class."""
        key = (name, self_names)
        known = self._named.get(key)
        if known is None:
            if len(self._named) > 50_000:
                self._named.clear()
            known = self._named[key] = self._named_uncached(name, self_names)
        return known

    def _named_uncached(self, name: str, self_names: tuple[str, ...]) -> bool:
        if not name:
            return False
        if self.person_tail.search(name):
            return True                            # a role and a person's name: that person
        if self.class_marker.search(name) or name.startswith("全"):     # 各…, 相关…, 全市…
            return False
        if is_self_reference(name, self_names) or composed_of(name, self_names, self.generic):
            return False
        role = self.role_end.search(name)
        if role is None:
            return True
        org = name[:role.start()]
        for mod in _ROLE_MODIFIERS:
            if org.endswith(mod):
                org = org[:-len(mod)]
        if not org or composed_of(org, self_names):
            return True                            # a leadership role of the issuer is a named role
        return not composed_of(org, self_names, self.generic)      # 村党组织书记: a class

    # ------------------------------------------------------------------ search

    def find_agent(self, text: str, self_names: tuple[str, ...]) -> tuple[int, int] | None:
        """Where the first named agent of ``text`` is (a clause subject, an introduced unit or
        an explicit marker), or None."""
        framed = "。" + text                      # the first clause follows a delimiter too
        for m in self.candidate.finditer(framed):
            pos = m.end()
            intro = m.group("intro")
            if intro is None:
                if self.opener.match(framed, pos) and self._opens_clause(framed, pos):
                    continue
            elif self.preposition.match(framed, pos):
                continue                           # 经与县自然资源局沟通: a counterpart, not an agent
            names, end = self.subject(framed, pos)
            if names and ((intro or "").endswith("为") or self.acts(framed, end)) \
                    and any(self.named(x, self_names) for x in names):
                return pos - 1, end - 1
        for m in _LEAD.finditer(text):            # …牵头 inside a clause: 发挥某指挥部牵头作用
            found = self._name_before(text, m.start(), self_names)
            if found is not None:
                return found
        for m in self.intro_mid.finditer(text):   # 整改工作由区财政局负责; …，会同县公安局开展…
            names, end = self.subject(text, m.end())
            if names and self.acts(text, end) and any(self.named(x, self_names) for x in names):
                return m.end(), end
        if self.agents is not None:
            found: list[tuple[int, int]] = []

            def accept(s: int, e: int) -> bool:
                if self._marker_names(text[s:e], self_names):
                    found.append((s, e))
                    return True
                return False
            if self.agents.holds(text, 1, accept):
                return found[0]
        return None

    def _name_before(self, text: str, end: int, self_names: tuple[str, ...]) -> tuple[int, int] | None:
        """A named unit or role ending exactly at ``end``: the longest name there that does not
        begin with a verb, an adverb or a preposition."""
        for s in range(max(0, end - _MAX_PREFIX - 4), end - 1):
            ch = text[s]
            if ch in _NOT_IN_NAME or not "\u4e00" <= ch <= "\u9fff":
                continue
            if self._opens_clause(text, s) or self.adverb.match(text, s):
                continue
            if self.name_at(text, s) == end:
                return (s, end) if self.named(text[s:end], self_names) else None
        return None

    def _marker_names(self, match: str, self_names: tuple[str, ...]) -> bool:
        """Whether an ``agents`` lexicon match names someone."""
        if match in self.agent_terms:
            return True                            # a marker added as a plain term (.zgcheck.yaml lexicons)
        if match.startswith(_SET_UP):
            return True                            # a task force or leading group set up for the item
        if match.startswith(("由", "明确")):       # 由…负责; 明确某办公室的职责 (a duty given to a body)
            names, end = self.subject(match, 1 if match[0] == "由" else 2)
            if names and end < len(match) and any(self.named(x, self_names) for x in names):
                return True
            # 由分管组织工作的副主任负责: a role described by its duties is a named role
            if match[0] == "由":
                body = match[1:].rsplit("负责", 1)[0].rsplit("牵头", 1)[0]
                return bool(self.role_end.search(body)) and not self.class_marker.search(body)
            return False
        best = None                                # …主要负责人带头: the role that ends last, the longest
        for r in self.roles:                       # (roles are sorted longest first)
            k = match.rfind(r)
            if k >= 0 and (best is None or k + len(r) > best[0] + len(best[1])):
                best = (k, r)
        if best is None:
            return False
        k, role = best
        org = match[:k]
        if self.class_marker.search(org):          # 各临床科室主任带头: a class of persons
            return False
        for mod in _ROLE_MODIFIERS:                # 组织各分管领导带队: the class word before 分管
            if org.endswith(mod):
                org, role = org[:-len(mod)], mod + role
        for i in range(len(org)):                  # the longest tail before the role that reads as an organisation
            if composed_of(org[i:], self_names, self.generic):
                return self.named(org[i:] + role, self_names)
        return self.named(role, self_names)

    def field_names(self, value: str, self_names: tuple[str, ...]) -> bool:
        """Whether a responsibility field's value names someone (a unit, a role or a person),
        not only the issuer, an unnamed class or a placeholder."""
        for piece in re.split(r"[、，,；;/／和及与\s]+", value):
            piece = piece.strip("。.：:（）()")
            if sum(1 for ch in piece if "\u4e00" <= ch <= "\u9fff") < 2 or piece in ("暂无", "待定", "待明确"):
                continue
            if self.named(piece, self_names):
                return True
        return False


@lru_cache(maxsize=8)
def grammar(store) -> Grammar:
    """The grammar of a lexicon store (compiled on first use, once per run)."""
    return Grammar(store)


DEFAULT_FIELDS = ("责任单位", "责任部门", "责任科室", "责任股室", "责任处室", "责任部室", "责任主体", "整改责任单位",
                  "整改责任部门", "牵头单位", "牵头部门", "牵头科室", "配合单位", "协办单位", "责任领导", "牵头领导",
                  "分管领导", "督办领导", "包案领导", "整改责任人", "具体责任人", "第一责任人", "责任人")


@register("responsibility-missing")
def responsibility_missing(notice, ctx):
    """ZG102: items whose rectification names no specific unit or role acting, and no
    responsibility field (``with: fields``) naming one."""
    from ..engine import self_names as issuer_names

    g = grammar(ctx.lexicons)
    names = issuer_names(notice, ctx.settings, ctx.lexicons)
    fields = tuple(ctx.options.get("fields") or DEFAULT_FIELDS)
    view = notice.view
    for item in notice.items:
        rect = item.rectification
        if rect is None or rect.end <= rect.start:
            continue
        if item.fields and any(g.field_names(view[span.start:span.end], names) for name in fields
                               if (span := item.fields.get(name)) is not None and span.end > span.start):
            continue
        if g.find_agent(view[rect.start:min(rect.end, rect.start + MAX_SCAN)], names) is not None:
            continue
        yield Evidence(rect.start, rect.end, item=item.index)
