"""Check files: source → parse → rules → findings, serially or in a process pool.

Results always come back in input order. Configuration is resolved in the parent
(so a bad config fails early, once); workers load each config's rule set once.
"""
from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .config import ConfigError, Settings, check_rule_refs, find_config, read_config, settings_from
from .findings import FileResult
from .textpos import SourceMap, position_index


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
            ruleset.suggestion_lang = "en" if self.plan.lang == "en" else "zh"
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
               source_format: str = "text", list_labels: dict[int, str] | None = None,
               source_map: SourceMap | None = None, lang: str = "zh") -> FileResult:
    """Parse ``text`` and apply the rules; the core of every run. ``list_labels``: a .docx's
    automatic list numbers (line-start offset → label), which are not in the text;
    ``source_map``: where an .html file's extracted text is in the file (line and column
    then point into the file; ``start``/``end`` stay offsets into ``text``). A user rule
    stopped by the time budget is one of ``rule_errors`` (in ``lang``); the others' findings stand."""
    from .parse import parse_notice

    notice = parse_notice(text, list_labels=list_labels)
    stopped: list = []
    findings = ruleset.check(notice, stopped=stopped)
    index = position_index(text, source_map)
    for f in findings:
        f.line, f.column = index.line_col(f.start)
    result = FileResult(path=path, kind=notice.kind, encoding=encoding, notice=notice,
                        findings=findings, source_format=source_format, source_map=source_map,
                        rule_errors=[f"{path}: {stop.message(lang)}" for stop in stopped])
    _apply_suppressions(result, settings, getattr(ruleset, "known_refs", None), index)
    return result


def _apply_suppressions(result: FileResult, settings: Settings, known: set[str] | None = None,
                        index=None) -> None:
    from . import suppress

    if result.source_format in ("text", "markdown", "html"):
        suppress.apply_suppressions(result, known, index)
    suppress.apply_per_path_ignores(result, settings)


def check_path(path: str, config: Path | None, resolver: Resolver) -> FileResult:
    """Read, parse and check one file; input problems become an error entry."""
    from .source import SourceError, read_source

    settings = resolver.settings(config)
    lang = resolver.plan.lang
    try:
        source = read_source(path, max_file_size=settings.max_file_size)
    except SourceError as exc:
        return FileResult(path=path, kind="error", error=exc.message(lang))
    except Exception as exc:      # a reader bug: this file fails, the run goes on
        return FileResult(path=path, kind="error", error=internal_error(path, "读取", "reading", exc, lang))
    try:
        return check_text(source.text, path, settings, resolver.ruleset(config),
                          encoding=source.encoding, source_format=source.format,
                          list_labels=source.list_labels, source_map=source.source_map, lang=lang)
    except RecursionError:
        reason = "结构嵌套过深，无法检查" if lang == "zh" else "structure nested too deeply to check"
        return FileResult(path=path, kind="error", error=f"{path}: {reason}", encoding=source.encoding)
    except Exception as exc:      # a parser or rule bug (ParseFailure, …): this file fails, the run goes on
        return FileResult(path=path, kind="error", error=internal_error(path, "检查", "checking", exc, lang),
                          encoding=source.encoding)


def exception_detail(exc: BaseException) -> str:
    """An exception's type and message on one line, cut to 200 characters."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]


def internal_error(path: str, stage_zh: str, stage_en: str, exc: Exception, lang: str) -> str:
    """One line naming the file and an unexpected exception (to be reported as a bug)."""
    detail = exception_detail(exc)
    if lang == "en":
        return f"{path}: internal error while {stage_en} ({detail}); please report it"
    return f"{path}: {stage_zh}时出现内部错误（{detail}），请报告此问题"


# ------------------------------------------------------------------ parallel

_WORKER: Resolver | None = None
_FORKED: Resolver | None = None      # the parent's resolver, inherited by forked workers


def _init_worker(plan: RunPlan) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C and terminates us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a worker just ends, quietly
    if hasattr(signal, "pthread_sigmask"):          # blocked by the parent around the fork (_signals_blocked)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WORKER_SIGNALS)
    # a forked worker reuses the rules the parent already loaded (copy-on-write); a spawned one loads them
    _WORKER = _FORKED if _FORKED is not None and _FORKED.plan is plan else Resolver(plan)


_WORKER_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the workers are forked: a signal arriving between a fork
    and ``_init_worker`` would run the parent's handler in the worker (a traceback); held, it is
    delivered after — in the parent to its handler, in a worker to the default action."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _WORKER_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class WorkerDied(Exception):
    """A worker process ended without returning its results (killed, out of memory)."""


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
                      findings=findings,
                      suppression_notes=result.suppression_notes, rule_errors=result.rule_errors,
                      source_format=result.source_format, rendered=rendered, rendered_items=items)


def run(tasks: Iterable[tuple[str, Path | None]], resolver: Resolver, jobs: int = 1) -> Iterator[FileResult]:
    """Check ``(path, config)`` tasks; yields results in input order."""
    tasks = list(tasks)
    if jobs <= 1 or len(tasks) < 4:
        for path, config in tasks:
            yield check_path(path, config, resolver)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _FORKED
    forking = hasattr(os, "fork")
    ctx = multiprocessing.get_context("fork") if forking else multiprocessing.get_context()
    _FORKED = resolver if forking else None
    # not multiprocessing.Pool: it replaces a worker that was killed and waits forever for its
    # tasks; the executor notices the dead process and fails the run (BrokenProcessPool)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                   initargs=(resolver.plan,))
    try:
        chunk = max(1, min(32, len(tasks) // (jobs * 8) or 1))
        starts = iter(range(0, len(tasks), chunk))
        # a bounded window of chunks in flight: a consumer slower than the workers (a format
        # writing a page per file) holds them back instead of piling their results up in memory
        window = max(2 * jobs, (jobs * 16) // chunk)

        def submit(start: int):
            return executor.submit(_work_chunk, tasks[start:start + chunk])

        with _signals_blocked():       # the workers are forked at the first submit
            pending = deque([submit(next(starts))])
        for start in starts:
            pending.append(submit(start))
            if len(pending) >= window:
                break
        while pending:                     # popped: a chunk's results are freed once yielded
            results = _chunk_results(pending.popleft(), executor)
            start = next(starts, None)
            if start is not None:
                pending.append(submit(start))
            yield from results
            del results
    except BrokenProcessPool:
        _stop(executor)
        raise WorkerDied() from None
    except BaseException:
        _stop(executor)
        raise
    executor.shutdown(wait=True)


def _work_chunk(chunk: list[tuple[str, Path | None]]) -> list[FileResult]:
    return [_work(task) for task in chunk]


def _chunk_results(future, executor) -> list[FileResult]:
    """The results of one chunk. Waits in short steps and looks at the workers in between:
    a worker killed while it was sending a result leaves the executor's own thread blocked on
    the half-written message, and it never reports the pool broken."""
    from concurrent.futures import TimeoutError as WaitTimeout
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return future.result(timeout=0.5)
        except WaitTimeout:
            processes = (getattr(executor, "_processes", None) or {}).values()
            if any(proc.exitcode is not None for proc in list(processes)):
                raise BrokenProcessPool("a worker process died") from None


_ABANDONED = False


def pool_abandoned() -> bool:
    """Whether a worker pool was stopped mid-run. Its manager thread may then be blocked for
    good on a result a killed worker half wrote, and the interpreter's exit would join it
    (a hang) or race it ("Bad file descriptor" tracebacks): the CLI ends with ``os._exit``."""
    return _ABANDONED


def _stop(executor) -> None:
    """End the workers now (running tasks included) without waiting for queued work."""
    global _ABANDONED
    _ABANDONED = True
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.join(timeout=5)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


__all__ = ["RunPlan", "Resolver", "WorkerDied", "pool_abandoned", "check_text", "check_path", "run", "default_jobs", "ConfigError"]
