"""Check files: source → parse → rules → findings, serially or in a process pool.

Results always come back in input order. Configuration is resolved in the parent
(so a bad config fails early, once); workers load each config's rule set once.
"""
from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import ConfigError, Settings, check_rule_refs, find_config, read_config, settings_from
from .findings import FileResult
from .textpos import LineIndex


@dataclass
class RunPlan:
    """What to check and with which settings; picklable, shared with worker processes."""

    explicit_config: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    lang: str = "zh"
    render_json: bool = False       # workers return each file's JSON object, not its parsed notice


class Resolver:
    """Settings and rule sets per config file, each loaded once per process."""

    def __init__(self, plan: RunPlan) -> None:
        self.plan = plan
        self._settings: dict[Path | None, Settings] = {}
        self._rulesets: dict[Path | None, Any] = {}
        self._dir_cache: dict[Path, Path | None] = {}

    def config_path_for(self, path: str) -> Path | None:
        if self.plan.explicit_config is not None:
            return self.plan.explicit_config
        folder = Path.cwd() if path == "-" else Path(path).parent
        if folder not in self._dir_cache:
            self._dir_cache[folder] = find_config(folder)
        return self._dir_cache[folder]

    def settings(self, config: Path | None) -> Settings:
        if config not in self._settings:
            raw = read_config(config) if config is not None else None
            self._settings[config] = settings_from(raw, self.plan.overrides)
        return self._settings[config]

    def ruleset(self, config: Path | None) -> Any:
        if config not in self._rulesets:
            from .engine import load_ruleset

            settings = self.settings(config)
            ruleset = load_ruleset(settings)
            known = getattr(ruleset, "known_refs", None)
            if known is not None:
                check_rule_refs(settings, set(known))
            self._rulesets[config] = ruleset
        return self._rulesets[config]

    def prepare(self, path: str) -> Path | None:
        """Resolve and load the config of ``path`` (raises ConfigError / RuleError early)."""
        config = self.config_path_for(path)
        self.ruleset(config)
        return config


def check_text(text: str, path: str, settings: Settings, ruleset: Any, *, encoding: str = "utf-8",
               source_format: str = "text", list_labels: dict[int, str] | None = None) -> FileResult:
    """Parse ``text`` and apply the rules; the core of every run. ``list_labels``: a .docx's
    automatic list numbers (line-start offset → label), which are not in the text."""
    from .parse import parse_notice

    notice = parse_notice(text, list_labels=list_labels)
    findings = ruleset.check(notice)
    index = LineIndex(text)
    for f in findings:
        f.line, f.column = index.line_col(f.start)
    result = FileResult(path=path, kind=notice.kind, encoding=encoding, notice=notice,
                        findings=findings, source_format=source_format)
    _apply_suppressions(result, settings)
    return result


def _apply_suppressions(result: FileResult, settings: Settings) -> None:
    from . import suppress

    if result.source_format in ("text", "markdown", "html"):
        suppress.apply_suppressions(result)
    suppress.apply_per_path_ignores(result, settings)


def check_path(path: str, config: Path | None, resolver: Resolver) -> FileResult:
    """Read, parse and check one file; input problems become an error entry."""
    from .engine.lexicon import PatternTimeout
    from .source import SourceError, read_source

    settings = resolver.settings(config)
    lang = resolver.plan.lang
    try:
        source = read_source(path, max_file_size=settings.max_file_size)
    except SourceError as exc:
        return FileResult(path=path, kind="error", error=exc.message(lang))
    try:
        return check_text(source.text, path, settings, resolver.ruleset(config),
                          encoding=source.encoding, source_format=source.format,
                          list_labels=source.list_labels)
    except RecursionError:
        reason = "结构嵌套过深，无法检查" if lang == "zh" else "structure nested too deeply to check"
        return FileResult(path=path, kind="error", error=f"{path}: {reason}", encoding=source.encoding)
    except PatternTimeout as exc:           # a user rule's patterns ran past the time budget
        return FileResult(path=path, kind="error", error=f"{path}: {exc}", encoding=source.encoding)


# ------------------------------------------------------------------ parallel

_WORKER: Resolver | None = None
_FORKED: Resolver | None = None      # the parent's resolver, inherited by forked workers


def _init_worker(plan: RunPlan) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C and terminates us
    # a forked worker reuses the rules the parent already loaded (copy-on-write); a spawned one loads them
    _WORKER = _FORKED if _FORKED is not None and _FORKED.plan is plan else Resolver(plan)


def _work(task: tuple[str, Path | None]) -> FileResult:
    assert _WORKER is not None
    path, config = task
    result = check_path(path, config, _WORKER)
    return prerender(result, _WORKER.plan.lang) if _WORKER.plan.render_json else result


def prerender(result: FileResult, lang: str) -> FileResult:
    """The result with its JSON object rendered and the notice dropped: far less to send back
    to the parent process than the parsed notice, and the rendering runs on all cores."""
    from .formatters.json_fmt import render_file

    rendered = render_file(result, lang)
    items = len(result.notice.items) if result.notice is not None else 0
    # the messages are in the rendered object; the parent only counts and ranks the findings
    findings = [replace(f, message="", message_en="", related=()) for f in result.findings]
    return FileResult(path=result.path, kind=result.kind, encoding=result.encoding, error=result.error,
                      findings=findings, unused_suppressions=result.unused_suppressions,
                      source_format=result.source_format, rendered=rendered, rendered_items=items)


def run(tasks: Iterable[tuple[str, Path | None]], resolver: Resolver, jobs: int = 1) -> Iterator[FileResult]:
    """Check ``(path, config)`` tasks; yields results in input order."""
    tasks = list(tasks)
    if jobs <= 1 or len(tasks) < 4:
        for path, config in tasks:
            yield check_path(path, config, resolver)
        return
    import multiprocessing

    global _FORKED
    forking = hasattr(os, "fork")
    ctx = multiprocessing.get_context("fork") if forking else multiprocessing.get_context()
    _FORKED = resolver if forking else None
    pool = ctx.Pool(processes=jobs, initializer=_init_worker, initargs=(resolver.plan,))
    try:
        chunk = max(1, min(32, len(tasks) // (jobs * 8) or 1))
        yield from pool.imap(_work, tasks, chunksize=chunk)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


__all__ = ["RunPlan", "Resolver", "check_text", "check_path", "run", "default_jobs", "ConfigError"]
