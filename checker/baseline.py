"""Baselines: accept today's findings so that CI fails only on new ones.

Each finding is identified by its *content*, never by offsets, line numbers, number labels or
the folder zgcheck runs from:

* ``rule``      the rule id;
* ``anchor``    what the finding belongs to, normalised (folded, whitespace and number labels
                removed): for an item finding the item's problem head (``关于“…”的整改情况`` →
                the problem text), not its rectification text, label or position; for a document
                finding the sentence around the evidence;
* ``evidence``  the normalised text the finding points at.

A baseline file lists, per file path (relative to the repository root, see
:mod:`checker.repopath`), the accepted ``(rule, anchor, evidence)`` keys with a count (a
multiset: a second copy of an accepted weak sentence is new). A finding is matched on its own,
trying the most exact key first and consuming counts:

1. same path, rule, anchor and evidence;
2. same path, rule and evidence (the item's problem head was edited: a typo fixed there);
3. same path, rule and anchor (the evidence was edited: a sentence of the item reworded);
4. rule, anchor and evidence in *another* file whose entries are free — a file of the baseline
   that is not part of this run (renamed, moved) or was already checked in this run — so a
   renamed or moved file keeps its findings accepted.

Tiers 1–3 run over a whole file before tier 4, so an exact match is never stolen by a looser
one. Matching is stateful across the files of one run (:class:`BaselineMatcher`), so results may
stream one at a time.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .config import ConfigError
from .findings import FileResult, Finding
from .repopath import relative_path
from .textnorm import fold

BASELINE_VERSION = 2
EXCERPT_CHARS = 60
SENTENCE_REACH = 120     # characters searched on each side for a document finding's sentence

_CN = "一二三四五六七八九十百零〇两"
# number labels as printed in notices: 1.  1、  (1)  （一）  一、  第一条 is left alone
_LABEL_RE = re.compile(
    rf"[(（]\s*(?:\d+|[{_CN}]+)\s*[)）]"       # (1) （一）
    rf"|(?<!\d)\d+\s*[.、．](?!\d)"            # 1. 2、 (not 1.5)
    rf"|(?<![{_CN}])[{_CN}]++\s*、"            # 一、 (from a run's start: linear on long runs)
    r"|[①-⑳]"                                 # circled numbers
)
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")


class BaselineError(ConfigError):
    """A baseline file that cannot be read or is malformed (exit status 2)."""


class OutdatedBaseline(BaselineError):
    """A baseline written by an older zgcheck (its entries cannot be matched any more)."""


def normalise(text: str) -> str:
    """Folded text without whitespace and number labels (the comparable content)."""
    folded = fold(text)
    stripped = _SPACE_RE.sub("", _LABEL_RE.sub("", folded))
    # evidence that *is* a label (a numbering finding) keeps it
    return stripped if stripped or not folded.strip() else _SPACE_RE.sub("", folded)


def _digest(text: str, size: int = 8) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=size).hexdigest()


@dataclass(frozen=True, slots=True)
class Key:
    """What identifies one finding, path aside (see the module docstring)."""

    rule: str
    anchor: str      # hex digest of the normalised anchor
    evidence: str    # hex digest of the normalised evidence

    @property
    def content(self) -> str:
        """One hex string for rule + anchor + evidence (stable across paths and folders)."""
        return _digest(f"{self.rule}\x1f{self.anchor}\x1f{self.evidence}", 16)


def _item_anchor(result: FileResult, index: int) -> str | None:
    notice = result.notice
    if notice is None or not 0 <= index < len(notice.items):
        return None
    item = notice.items[index]
    for span in (item.problem, item.parent_problem):
        head = normalise(notice.slice(span))
        if head:
            return "item:" + head
    # no problem head: the item's first sentence (number label removed)
    text = notice.slice(item.span)
    end = _SENTENCE_END.search(text)
    return "item:" + normalise(text[:end.end()] if end else text)


def _sentence_anchor(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]`` (bounded), normalised."""
    lo = max(0, start - SENTENCE_REACH)
    before = text[lo:start]
    cut = None
    for cut in _SENTENCE_END.finditer(before):
        pass
    begin = lo + cut.end() if cut else lo
    stop = _SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_REACH))
    finish = stop.start() if stop else min(len(text), end + SENTENCE_REACH)
    return "doc:" + normalise(text[begin:finish])


def _key(result: FileResult, f: Finding, anchors: dict[int, str | None]) -> Key:
    anchor = None
    if f.item is not None:
        if f.item not in anchors:
            anchors[f.item] = _item_anchor(result, f.item)
        anchor = anchors[f.item]
    text = result.text
    if anchor is None:
        anchor = _sentence_anchor(text, f.start, f.end)
    return Key(f.rule, _digest(anchor), _digest(normalise(text[f.start:f.end])))


def finding_keys(result: FileResult) -> list[tuple[Finding, Key]]:
    """Every finding of ``result`` in text order with its key (item anchors computed once)."""
    anchors: dict[int, str | None] = {}
    return [(f, _key(result, f, anchors)) for f in sorted(result.findings, key=Finding.sort_key)]


_CACHE: list = [None, None, 0, {}]       # result, its findings list, their number, id(finding) -> hex


def fingerprint(result: FileResult, finding: Finding) -> str:
    """Stable hex fingerprint (32 chars) of ``finding``: rule, anchor and evidence, plus its
    occurrence among identical findings of the same file. It does not depend on the path, the
    working folder, line numbers or number labels, and differs for every finding of a file.
    """
    if not (_CACHE[0] is result and _CACHE[1] is result.findings and _CACHE[2] == len(result.findings)):
        seen: dict[str, int] = {}
        table: dict[int, str] = {}
        for f, key in finding_keys(result):
            content = key.content
            seen[content] = seen.get(content, 0) + 1
            table[id(f)] = content if seen[content] == 1 else _digest(f"{content}#{seen[content]}", 16)
        _CACHE[:] = [result, result.findings, len(result.findings), table]
    table = _CACHE[3]
    if id(finding) not in table:         # not one of the result's findings (a suppressed one)
        return _key(result, finding, {}).content
    return table[id(finding)]


# ------------------------------------------------------------------ the baseline file

@dataclass(slots=True)
class Entry:
    """Accepted findings of one key in one file."""

    path: str
    key: Key
    count: int
    excerpt: str = ""
    remaining: int = 0


class Baseline:
    """Accepted findings per file path (relative to the repository root)."""

    def __init__(self, entries: Iterable[Entry] = (), path: Path | None = None) -> None:
        self.files: dict[str, list[Entry]] = {}
        for entry in entries:
            self.files.setdefault(entry.path, []).append(entry)
        self.path = path

    def __len__(self) -> int:
        return sum(e.count for entries in self.files.values() for e in entries)

    def entries(self) -> Iterable[Entry]:
        for entries in self.files.values():
            yield from entries

    def to_json(self) -> str:
        """The file: one line per accepted finding, grouped by path, in text order (small diffs)."""
        lines = ['{"version": %d, "tool": "zgcheck", "files": {' % BASELINE_VERSION]
        listed = [(path, entries) for path, entries in sorted(self.files.items()) if entries]
        for n, (path, entries) in enumerate(listed):
            lines.append(f" {json.dumps(path, ensure_ascii=False)}: [")
            rows = [json.dumps({"rule": e.key.rule, "anchor": e.key.anchor, "evidence": e.key.evidence,
                                "count": e.count, "excerpt": e.excerpt}, ensure_ascii=False) for e in entries]
            lines.append(",\n".join(f"  {row}" for row in rows))
            lines.append(" ]" + ("," if n < len(listed) - 1 else ""))
        lines.append("}}")
        return "\n".join(lines) + "\n"


class BaselineBuilder:
    """Collects the findings of a run, one result at a time, as baseline entries."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.files: dict[str, dict[Key, Entry]] = {}
        self.checked: set[str] = set()
        self.failed: list[str] = []       # paths (files or folders) that could not be checked

    def add(self, result: FileResult) -> None:
        from .sanitize import machine_safe

        path = relative_path(result.path, self.root)
        if result.kind == "error" or result.rule_errors:    # a stopped rule's findings are missing
            self.failed.append(path)
            return
        self.checked.add(path)
        entries = self.files.setdefault(path, {})
        text = result.text
        for f, key in finding_keys(result):
            entry = entries.get(key)
            if entry is None:
                excerpt = machine_safe(" ".join(text[f.start:f.end].split())[:EXCERPT_CHARS])
                entries[key] = Entry(path, key, 1, excerpt)
            else:
                entry.count += 1

    def baseline(self) -> Baseline:
        return Baseline(e for entries in self.files.values() for e in entries.values())


def _under(path: str, prefix: str) -> bool:
    return prefix in ("", ".") or path == prefix or path.startswith(prefix.rstrip("/") + "/")


class Scope:
    """Which baseline paths a run speaks for: those under the paths it was given."""

    def __init__(self, args: Iterable[str], root: Path | None) -> None:
        self.prefixes: list[str] = []
        self.patterns: list[str] = []
        for arg in args:
            rel = relative_path(arg, root)
            (self.patterns if any(c in arg for c in "*?[") else self.prefixes).append(rel)

    def __contains__(self, path: str) -> bool:
        return (any(_under(path, p) for p in self.prefixes)
                or any(fnmatch.fnmatchcase(path, p) for p in self.patterns))


def merge(builder: BaselineBuilder, previous: Baseline | None, scope: Scope | None) -> tuple[Baseline, int]:
    """The new baseline: this run's entries, plus the previous entries of files this run could not
    check (input errors) and of files outside its scope. Returns it and the number of kept
    findings taken from ``previous`` for files that failed."""
    new = builder.baseline()
    kept_failed = 0
    if previous is None:
        return new, 0
    for path, entries in previous.files.items():
        if path in builder.checked:
            continue
        failed = any(_under(path, f) for f in builder.failed)
        if failed or (scope is not None and path not in scope):
            new.files[path] = entries
            if failed:
                kept_failed += sum(e.count for e in entries)
    return new, kept_failed


def write_baseline(path: Path, results: Iterable[FileResult] | BaselineBuilder, root: Path | None = None,
                   previous: Baseline | None = None, scope: Scope | None = None) -> Baseline:
    """Write a baseline file (atomically) from ``results`` (or a builder fed with them), keeping
    the ``previous`` entries that :func:`merge` keeps; return what was written."""
    from .atomic import write_text_atomic

    builder = results if isinstance(results, BaselineBuilder) else None
    if builder is None:
        builder = BaselineBuilder(root)
        for result in results:          # type: ignore[union-attr]
            builder.add(result)
    baseline, _kept = merge(builder, previous, scope)
    write_text_atomic(Path(path), baseline.to_json())
    baseline.path = Path(path)
    return baseline


def read_previous(path: Path) -> tuple[Baseline | None, bool]:
    """The baseline a write is about to replace, and whether it is in an old format (then
    nothing in it can be kept). A file that exists but is not a baseline raises BaselineError:
    a baseline write never replaces some other file."""
    path = Path(path)
    if not path.exists():
        return None, False
    try:
        return load_baseline(path), False
    except OutdatedBaseline:
        return None, True
    except BaselineError as exc:
        raise BaselineError(f"{exc} — 拒绝覆盖 (refusing to overwrite it)") from None


def _outdated(path: Path, version: object) -> BaselineError:
    return OutdatedBaseline(
        f"{path}: 基线文件为旧版本（{version}），匹配方式已改变，请重新运行 zgcheck baseline 生成 "
        f"(baseline format {version} is outdated; re-run `zgcheck baseline` to record it again)")


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; raise BaselineError (a ConfigError) naming the file and the reason."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: 无法读取基线文件 (cannot read baseline): {exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}: 基线文件不是有效的 JSON (invalid JSON): {exc.msg}") from None
    if not isinstance(data, dict) or data.get("tool", "zgcheck") != "zgcheck" or (
            "files" not in data and "fingerprints" not in data):
        raise BaselineError(f"{path}: 不是 zgcheck 基线文件 (not a zgcheck baseline)")
    version = data.get("version")
    if version != BASELINE_VERSION:
        if version == 1 or "fingerprints" in data:
            raise _outdated(path, version)
        raise BaselineError(f"{path}: 不支持的基线版本 {version!r} "
                            f"(unsupported baseline version; expected {BASELINE_VERSION})")
    files = data["files"]
    if not isinstance(files, dict):
        raise BaselineError(f"{path}: 'files' 应为映射 (must be a mapping of path to findings)")
    entries: list[Entry] = []
    for file_path, listed in files.items():
        if not isinstance(listed, list):
            raise BaselineError(f"{path}: {file_path}: 应为列表 (must be a list of findings)")
        for n, item in enumerate(listed, 1):
            fields = item if isinstance(item, dict) else {}
            rule, anchor, evidence, count = (fields.get(k) for k in ("rule", "anchor", "evidence", "count"))
            if not all(isinstance(v, str) and v for v in (rule, anchor, evidence)):
                raise BaselineError(f"{path}: {file_path} 第 {n} 项缺少 rule/anchor/evidence "
                                    f"(entry {n} needs rule, anchor and evidence)")
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise BaselineError(f"{path}: {file_path} 第 {n} 项的 count 应为非负整数 "
                                    f"(entry {n}: count must be a non-negative integer)")
            entries.append(Entry(str(file_path), Key(rule, anchor, evidence), count,
                                 str(fields.get("excerpt", ""))))
    return Baseline(entries, path)


# ------------------------------------------------------------------ matching

def _tier(tier: int, k: Key) -> tuple:
    """The index key of a finding in tier 1 (all of it), 2 (rule + evidence) or 3 (rule + anchor)."""
    if tier == 1:
        return (1, k.rule, k.anchor, k.evidence)
    return (2, k.rule, k.evidence) if tier == 2 else (3, k.rule, k.anchor)


class BaselineMatcher:
    """Applies a baseline to the results of one run, one result at a time (see the module
    docstring for the order of matching). ``run_paths`` are the files of the run: their baseline
    entries are kept for them until they have been checked."""

    def __init__(self, baseline: Baseline, root: Path | None = None, run_paths: Iterable[str] = ()) -> None:
        self.root = root
        self.by_path: dict[str, dict[tuple, list[Entry]]] = {}
        self.by_content: dict[Key, list[Entry]] = {}
        for entry in baseline.entries():
            entry.remaining = entry.count
            index = self.by_path.setdefault(entry.path, {})
            for tier in (1, 2, 3):
                index.setdefault(_tier(tier, entry.key), []).append(entry)
            self.by_content.setdefault(entry.key, []).append(entry)
        self.reserved = {relative_path(p, root) for p in run_paths} & set(self.by_path)

    @staticmethod
    def _take(entries: list[Entry] | None, free=None) -> bool:
        for entry in entries or ():
            if entry.remaining > 0 and (free is None or free(entry)):
                entry.remaining -= 1
                return True
        return False

    def apply(self, result: FileResult) -> None:
        """Move the findings the baseline accepts into ``result.suppressed``."""
        if result.kind == "error":
            return
        path = relative_path(result.path, self.root)
        if result.findings:
            index = self.by_path.get(path, {})
            pending = finding_keys(result)
            for tier in (1, 2, 3):
                pending = [(f, k) for f, k in pending if not (index and self._take(index.get(_tier(tier, k))))]
            reserved = self.reserved
            new_ids = {id(f) for f, k in pending
                       if not self._take(self.by_content.get(k),
                                         lambda e: e.path != path and e.path not in reserved)}
            result.suppressed.extend(f for f in result.findings if id(f) not in new_ids)
            result.findings = [f for f in result.findings if id(f) in new_ids]
        self.reserved.discard(path)      # its leftovers are free for renamed copies now


def apply_baseline(results: Iterable[FileResult], baseline: Baseline | BaselineMatcher,
                   root: Path | None = None) -> None:
    """Apply ``baseline`` to ``results``; a :class:`Baseline` is matched afresh (its counts are
    not consumed), a :class:`BaselineMatcher` carries its state across calls."""
    results = list(results)
    matcher = baseline if isinstance(baseline, BaselineMatcher) else BaselineMatcher(
        baseline, root, [r.path for r in results])
    for result in results:
        matcher.apply(result)


__all__ = ["Baseline", "BaselineBuilder", "BaselineError", "BaselineMatcher", "Key", "OutdatedBaseline", "Scope",
           "apply_baseline", "fingerprint", "finding_keys", "load_baseline", "merge", "normalise", "read_previous",
           "write_baseline"]
