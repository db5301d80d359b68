"""Baselines: accept today's findings so that CI fails only on new ones.

A finding's fingerprint is built from its *content*, never from offsets or line
numbers: the rule id, the file path, the normalised text of the item it belongs to
(problem + rectification, folded, whitespace and number labels removed) — or, for
document-level findings, the evidence with a few characters of context — and the
normalised evidence itself. Renumbering items, moving them, or editing other parts of
the file leave it unchanged. Baselines count fingerprints (a multiset), so a second
copy of an already accepted weak sentence is reported as new.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .config import ConfigError
from .findings import FileResult, Finding
from .textnorm import fold

BASELINE_VERSION = 1
CONTEXT_CHARS = 6      # context on each side of the evidence of a document finding

_CN = "一二三四五六七八九十百零〇两"
# number labels as printed in notices: 1.  1、  (1)  （一）  一、  第一条 is left alone
_LABEL_RE = re.compile(
    rf"[(（]\s*(?:\d+|[{_CN}]+)\s*[)）]"       # (1) （一）
    rf"|(?<!\d)\d+\s*[.、．](?!\d)"            # 1. 2、 (not 1.5)
    rf"|(?<![{_CN}])[{_CN}]++\s*、"            # 一、 (from a run's start: linear on long runs)
    r"|[①-⑳]"                                 # circled numbers
)
_SPACE_RE = re.compile(r"\s+")


class BaselineError(ConfigError):
    """A baseline file that cannot be read or is malformed (exit status 2)."""


def normalise(text: str) -> str:
    """Folded text without whitespace and number labels (the comparable content)."""
    folded = fold(text)
    folded = _LABEL_RE.sub("", folded)
    return _SPACE_RE.sub("", folded)


def _norm_path(path: str) -> str:
    from .formatters.ci_common import display_path

    return display_path(path)


def _item_text(result: FileResult, finding: Finding) -> str | None:
    notice = result.notice
    if notice is None or finding.item is None or not 0 <= finding.item < len(notice.items):
        return None
    item = notice.items[finding.item]
    parts = [notice.slice(item.problem), notice.slice(item.rectification)]
    if not any(parts):
        parts = [notice.slice(item.span)]
    return normalise("\n".join(parts))


def fingerprint(result: FileResult, finding: Finding) -> str:
    """Content-based fingerprint of ``finding`` in ``result`` (hex, 32 chars)."""
    text = result.text
    evidence = normalise(text[finding.start:finding.end])
    scope = _item_text(result, finding)
    if scope is None:
        before = normalise(text[max(0, finding.start - 4 * CONTEXT_CHARS):finding.start])[-CONTEXT_CHARS:]
        after = normalise(text[finding.end:finding.end + 4 * CONTEXT_CHARS])[:CONTEXT_CHARS]
        scope = f"doc:{before}|{after}"
    else:
        scope = f"item:{scope}"
    key = "\x1f".join((finding.rule, _norm_path(result.path), scope, evidence))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class Baseline:
    """A multiset of accepted fingerprints (with a little context for human readers)."""

    def __init__(self, counts: Counter[str] | None = None,
                 info: dict[str, dict[str, str]] | None = None, path: Path | None = None) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.info: dict[str, dict[str, str]] = dict(info or {})
        self.path = path

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __contains__(self, fp: object) -> bool:
        return self.counts.get(fp, 0) > 0  # type: ignore[arg-type]

    @classmethod
    def from_results(cls, results: Iterable[FileResult]) -> "Baseline":
        counts: Counter[str] = Counter()
        info: dict[str, dict[str, str]] = {}
        for result in results:
            if result.kind == "error":
                continue
            for f in result.findings:
                fp = fingerprint(result, f)
                counts[fp] += 1
                info.setdefault(fp, {"rule": f.rule, "path": _norm_path(result.path),
                                     "excerpt": result.text[f.start:f.end][:60]})
        return cls(counts, info)

    def to_json(self) -> str:
        data = {"version": BASELINE_VERSION, "tool": "zgcheck",
                "fingerprints": {fp: {"count": n, **self.info.get(fp, {})}
                                 for fp, n in sorted(self.counts.items())}}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_baseline(path: Path, results: Iterable[FileResult]) -> Baseline:
    """Write the findings of ``results`` as a baseline file (atomically); return it."""
    from .atomic import write_text_atomic

    baseline = Baseline.from_results(results)
    write_text_atomic(Path(path), baseline.to_json())
    baseline.path = Path(path)
    return baseline


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
    if not isinstance(data, dict) or "fingerprints" not in data:
        raise BaselineError(f"{path}: 不是 zgcheck 基线文件 (not a zgcheck baseline: no 'fingerprints')")
    if data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: 不支持的基线版本 {data.get('version')!r} "
                            f"(unsupported baseline version; expected {BASELINE_VERSION})")
    entries = data["fingerprints"]
    if not isinstance(entries, dict):
        raise BaselineError(f"{path}: 'fingerprints' 应为映射 (must be a mapping)")
    counts: Counter[str] = Counter()
    info: dict[str, dict[str, str]] = {}
    for fp, entry in entries.items():
        count = entry.get("count") if isinstance(entry, dict) else entry
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise BaselineError(f"{path}: 指纹 {fp} 的 count 应为非负整数 (count must be a non-negative integer)")
        counts[str(fp)] = count
        if isinstance(entry, dict):
            info[str(fp)] = {k: str(v) for k, v in entry.items() if k != "count"}
    return Baseline(counts, info, path)


def apply_baseline(results: Iterable[FileResult], baseline: Baseline) -> None:
    """Move findings that the baseline accepts into ``result.suppressed`` (consuming counts).

    ``baseline`` itself is not modified. Findings are matched in text order, so when a
    file has more copies than the baseline accepted, the later copies are the new ones.
    """
    remaining = Counter(baseline.counts)
    for result in results:
        if result.kind == "error" or not result.findings:
            continue
        kept: list[Finding] = []
        for f in sorted(result.findings, key=Finding.sort_key):
            fp = fingerprint(result, f)
            if remaining[fp] > 0:
                remaining[fp] -= 1
                result.suppressed.append(f)
            else:
                kept.append(f)
        keep_ids = {id(f) for f in kept}
        result.findings = [f for f in result.findings if id(f) in keep_ids]


__all__ = ["Baseline", "BaselineError", "fingerprint", "normalise", "write_baseline", "load_baseline",
           "apply_baseline"]
