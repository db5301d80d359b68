"""The ``zgcheck`` command line (click).

Help text is Chinese; ``--lang en`` (anywhere on the command line) or ``ZGCHECK_LANG=en``
switches help, messages and reports to English.
"""
from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import ConfigError, Settings, find_config, read_config, settings_from
from .repopath import repo_root
from .sanitize import path_safe, terminal_safe


def _argv_lang(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("ZGCHECK_LANG", "zh")


LANG = "en" if _argv_lang(sys.argv[1:]) == "en" else "zh"


def _(zh: str, en: str) -> str:
    """Pick the help/message text for the language chosen on the command line."""
    return en if LANG == "en" else zh


_REF_SEPARATOR = re.compile(r"[,，、]")
# what json.dumps(ensure_ascii=False) leaves raw but a terminal acts on: DEL, C1, bidi controls, surrogates
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORMAT_NAMES = ["text", "json", "html", "markdown", "sarif", "junit", "github", "gitlab"]
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 128 + signal.SIGTERM      # 143, as a shell reports a process ended by SIGTERM
# 141, as a shell reports a process ended by SIGPIPE (git, grep … | head): the reader of standard
# output went away, so the report was not delivered; nothing is said about it (docs/ci.md)
EXIT_CLOSED_PIPE = 128 + getattr(signal, "SIGPIPE", 13)


class UsageFailure(Exception):
    """A usage, configuration or input problem that ends the run with exit 2."""


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C (temp files removed, workers stopped), exit 143."""


def _on_sigterm(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)     # a second SIGTERM must not interrupt the clean-up
    raise Terminated()


def _run_failure(exc: BaseException, lang: str) -> str | None:
    """The one line for a failure that ends a run with exit 2 (None: not one of those)."""
    from .atomic import OutputError
    from .runner import WorkerDied

    if isinstance(exc, OutputError):
        from .sanitize import terminal_safe

        return terminal_safe(f"zgcheck: {exc.message(lang)}")
    if isinstance(exc, WorkerDied):
        return "zgcheck: " + _("一个检查进程意外退出（被终止或内存不足），本次检查未完成，未写入任何输出",
                               "a worker process died (killed or out of memory); the run did not "
                               "complete and no output was written")
    return None


def _closed_pipe(exc: BaseException) -> bool:
    """Whether ``exc`` (an OSError or an OutputError) is a write to a pipe whose reader has gone
    (``zgcheck check … | head -1``); the only pipe zgcheck writes to is standard output."""
    from .atomic import OutputError

    error = exc.error if isinstance(exc, OutputError) else exc
    return isinstance(error, OSError) and error.errno == errno.EPIPE


def _closed_stdout() -> int:
    """Standard output's reader went away: stop quietly, as ``git log | head -1`` does (no
    line, no traceback), and exit as a shell reports a process ended by SIGPIPE."""
    _silence_stdout()
    return EXIT_CLOSED_PIPE


def _report_stdout_error(exc: OSError, lang: str) -> None:
    """One line for a standard output that cannot be written; later writes go to /dev/null."""
    from .atomic import OutputError

    try:
        click.echo(f"zgcheck: {OutputError(_('标准输出', 'standard output'), exc).message(lang)}", err=True)
    except OSError:
        pass
    _silence_stdout()


def _silence_stdout() -> None:
    """Later writes to standard output, and the interpreter's flush at exit, go to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())      # the interpreter's flush at exit must not fail again
    except (OSError, ValueError):
        pass


def _exit(code: int) -> None:
    """``sys.exit``, or ``os._exit`` once a worker pool was abandoned mid-run (its threads
    cannot be joined at exit: see ``runner.pool_abandoned``). Outputs are already complete
    or removed by then; the standard streams are flushed here."""
    runner = sys.modules.get("checker.runner")
    if runner is not None and runner.pool_abandoned():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    sys.exit(code)


def _flush_stdout(code: int, lang: str) -> int:
    """Flush standard output now (a full disk or closed pipe is reported, exit 2) and make the
    interpreter's own flush at exit harmless."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        if _closed_pipe(exc):
            return _closed_stdout()
        _report_stdout_error(exc, lang)
        code = 2
    return code


def _split_refs(values: tuple[str, ...]) -> list[str]:
    """Rule references from ``--select``/``--ignore``: ids, names, categories or the category
    labels findings show (``无整改时限``), separated by commas (``,`` ``，`` ``、``)."""
    from .engine.explain import canonical_ref

    return [canonical_ref(v) for value in values for v in _REF_SEPARATOR.split(value) if v.strip()]


def _say(text: str) -> None:
    """One message to stderr; file names and notice text are shown with controls escaped."""
    click.echo(terminal_safe(text), err=True)


def _use_color(flag: bool | None, stream) -> bool:
    """``--color``/``--no-color`` first; then ``NO_COLOR`` (set and not empty) disables and
    ``FORCE_COLOR`` (set and not empty) enables; else colour only on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                        help=_("输出语言：zh（默认）或 en", "output language: zh (default) or en"))(f)


class _Commands(click.Group):
    """The command group; a closed standard-output pipe ends any command quietly with 141
    (click's own handling would exit 1, which reads as "findings")."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise
            _exit(_closed_stdout())


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             help=_("zgcheck：巡视巡察整改进展情况通报检查器。\n\n"
                    "读取通报（.txt/.md/.docx/.html），识别其结构，逐项检查整改时限、责任主体、"
                    "以学代改、空泛表述、只有计划没有进展等问题，以及序号、结构、雷同、数字、"
                    "联系方式、文字和规范表述。",
                    "zgcheck: a checker for Chinese rectification-progress notices.\n\n"
                    "Reads a notice (.txt/.md/.docx/.html), understands its structure and flags weak "
                    "rectifications (no time limit, nobody responsible, study only, vague, future only) "
                    "and document defects (numbering, structure, duplicates, counts, contact line, "
                    "typos, formulations)."))
@click.version_option(__version__, "-V", "--version", prog_name="zgcheck", message="%(prog)s %(version)s")
@_lang_option
def cli(lang: str | None) -> None:
    pass


# ------------------------------------------------------------------ check

def _plan_overrides(select, ignore, fail_on, max_file_size, lang) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if select:
        overrides["select"] = _split_refs(select)
    if ignore:
        overrides["ignore"] = _split_refs(ignore)
    if fail_on:
        overrides["fail_on"] = fail_on
    if max_file_size:
        overrides["max_file_size"] = max_file_size
    if lang:
        overrides["lang"] = lang
    return overrides


def _parse_outputs(primary: str, output: str | None, extra: tuple[str, ...],
                   explicit: bool = True) -> list[tuple[str, str]]:
    outputs: list[tuple[str, str]] = []
    for spec in extra:
        fmt, sep, dest = spec.partition(":")
        if fmt not in FORMAT_NAMES:
            raise UsageFailure(_(f"--output-format '{spec}'：未知格式 '{fmt}'",
                                 f"--output-format '{spec}': unknown format '{fmt}'"))
        outputs.append((fmt, dest if sep and dest else "-"))
    if not extra or output is not None or explicit:
        outputs.insert(0, (primary, output or "-"))
    for fmt, dest in outputs:
        if dest != "-" and fmt != "html" and _is_folder(dest):
            raise UsageFailure(_(f"{dest}：输出是文件夹，只有 --format html 能写入文件夹",
                                 f"{dest}: the output is a folder; only --format html writes a folder"))
    return outputs


class _Inputs:
    """The input files, for "is this output one of them?" — compared by file identity (device
    and inode), found only when an output file already exists (no per-input path resolution)."""

    def __init__(self, files: list[str]) -> None:
        self.files = [p for p in files if p != "-"]

    def __contains__(self, dest: Path) -> bool:
        try:
            target = os.stat(dest)
        except OSError:
            return False           # a new file cannot be an input
        for path in self.files:
            try:
                if os.path.samestat(os.stat(path), target):
                    return True
            except OSError:
                continue
        return False


def _refuse_input(dest: Path, inputs: _Inputs) -> None:
    """Outputs never overwrite an input file."""
    if dest in inputs:
        raise UsageFailure(_(f"{dest}: 输出文件不能覆盖输入文件", f"{dest}: refusing to overwrite an input file"))


def _write_atomic(dest: Path, data: str, inputs: _Inputs) -> None:
    from .atomic import write_text_atomic

    _refuse_input(dest, inputs)
    write_text_atomic(dest, data)


@cli.command("check", help=_("检查通报并报告问题。PATH 可以是文件、目录或 -（标准输入）。",
                             "Check notices and report findings. PATH is a file, a folder or - (stdin)."))
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help=_("输出格式（默认 text；在 GitHub Actions 中默认 github）",
                     "output format (default text; github inside GitHub Actions)"))
@click.option("-o", "--output", type=click.Path(), default=None,
              help=_("把主输出写入文件（--format html 可写入文件夹 DIR/）",
                     "write the main output to this file (--format html: a folder DIR/)"))
@click.option("--output-format", "output_formats", multiple=True, metavar="FMT:PATH",
              help=_("再输出一种格式到文件，可重复，如 sarif:out.sarif", "an extra output, repeatable, e.g. sarif:out.sarif"))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help=_("配置文件（默认自动查找 .zgcheck.yaml）", "config file (default: nearest .zgcheck.yaml)"))
@click.option("--select", multiple=True, help=_("只启用这些规则（编号、名称或类别，可用逗号分隔）",
                                                "only these rules (ids, names or categories)"))
@click.option("--ignore", multiple=True, help=_("停用这些规则", "disable these rules"))
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help=_("达到此级别的问题使退出码为 1（默认 warning）", "exit 1 on findings at or above this severity"))
@click.option("--exit-zero", is_flag=True, help=_("有问题也以 0 退出（输入错误仍为 2）",
                                                  "exit 0 even with findings (input errors still 2)"))
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help=_("并行进程数（默认 CPU 核数）", "parallel processes (default: CPU count)"))
@click.option("--include", multiple=True, help=_("目录中要检查的文件（glob）", "files to take from folders (glob)"))
@click.option("--exclude", multiple=True, help=_("要跳过的文件或目录（glob）", "files or folders to skip (glob)"))
@click.option("--baseline", "baseline_path", type=click.Path(), default=None,
              help=_("基线文件：只报告基线中没有的新问题", "baseline file: report only findings not in it"))
@click.option("--baseline-update", is_flag=True, help=_("用本次结果重写基线文件", "rewrite the baseline with this run"))
@click.option("--annotate", type=click.Path(), default=None,
              help=_("把问题写成 Word 批注，另存为此 .docx", "write findings as Word comments into this new .docx"))
@click.option("--max-file-size", type=click.IntRange(min=1), default=None,
              help=_("最大文件字节数", "largest file size in bytes"))
@click.option("--color/--no-color", default=None,
              help=_("彩色输出：--color 即使输出到管道（CI 日志）也着色；不指定时遵循 NO_COLOR、FORCE_COLOR，"
                     "否则仅在终端着色",
                     "coloured output: --color even into a pipe (CI logs); without it NO_COLOR and "
                     "FORCE_COLOR are honoured, else colour only on a terminal"))
@click.option("--progress/--no-progress", default=None, help=_("显示进度条", "show a progress bar"))
@click.option("--group-by", "group_by", type=click.Choice(["item", "finding"]), default="item", show_default=True,
              help=_("终端报告按事项汇总，或每个问题一行", "terminal report: one block per weak item, or one line per finding"))
@click.option("--only-notices", is_flag=True,
              help=_("不报告不是整改通报的文件（如 README.md）；pre-commit 钩子使用",
                     "do not report files that are not notices (README.md …); used by the pre-commit hook"))
@click.option("-v", "--verbose", is_flag=True,
              help=_("说明跳过了哪些文件和符号链接及原因", "say which files and symbolic links were skipped and why"))
@_lang_option
def check_cmd(paths, fmt, output, output_formats, config_path, select, ignore, fail_on, exit_zero, jobs,
              include, exclude, baseline_path, baseline_update, annotate, max_file_size, color, progress,
              group_by, only_notices, verbose, lang) -> None:
    lang = lang or LANG
    from .atomic import OutputError
    from .runner import WorkerDied

    try:
        code = _check(paths, fmt, output, output_formats, config_path, select, ignore, fail_on, exit_zero,
                      jobs, include, exclude, baseline_path, baseline_update, annotate, max_file_size,
                      color, progress, lang, group_by=group_by, only_notices=only_notices, verbose=verbose)
    except (UsageFailure, ConfigError) as exc:
        _say(f"zgcheck: {exc}")
        code = 2
    except (OutputError, WorkerDied) as exc:
        if _closed_pipe(exc):
            code = _closed_stdout()
        else:
            click.echo(_run_failure(exc, lang), err=True)
            code = 2
    except KeyboardInterrupt:
        click.echo(_("zgcheck: 已中断", "zgcheck: interrupted"), err=True)
        code = EXIT_INTERRUPTED
    _exit(_flush_stdout(code, lang))


def _config_failure(path: str, exc: Exception) -> str:
    """One line for a file whose folder's configuration cannot be loaded (names both)."""
    reason = " ".join(str(exc).split())
    return _(f"{path}: 所在目录的配置无法加载：{reason}", f"{path}: the configuration of its folder cannot be loaded: {reason}")


def _rule_errors():
    from .engine import RuleError

    return RuleError


_GLOB_CHARS = re.compile(r"[*?\[]")


def _expand(raw: str) -> list[str] | None:
    """A path argument the shell did not expand (quoted in a CI step, or on Windows):
    its matches, sorted; None when ``raw`` is not such a pattern."""
    if raw == "-" or os.path.lexists(raw) or not _GLOB_CHARS.search(raw):
        return None
    import glob

    return sorted(glob.glob(raw, recursive=True))


def _discover(paths, include, exclude, settings: Settings, lang: str, outputs=(), verbose: bool = False):
    """The files to check, and one error per path argument that gives none: a missing file, a
    pattern that matches nothing, a folder with no checkable file. Outputs of this run and
    reports zgcheck wrote earlier are left out."""
    from .config import check_globs
    from .reportmark import written_by_zgcheck
    from .sanitize import terminal_safe
    from .source import SourceError, discover

    check_globs(include, "--include")
    check_globs(exclude, "--exclude")

    def note(skipped) -> None:
        if skipped.loop or verbose:   # a loop is always worth a line; links left out on request
            click.echo(terminal_safe(f"zgcheck: {skipped.message(lang)}"), err=True)

    includes = list(include) or settings.include
    excludes = list(exclude) or settings.exclude
    own_outputs = _OutputSet(outputs)

    def say(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    files: list[str] = []
    errors: list[tuple[str, str]] = []
    for raw in paths:
        expanded = _expand(raw)
        if expanded == []:
            errors.append((raw, say("没有文件与此模式匹配", "no file matches this pattern")))
            continue
        walked = expanded is not None or os.path.isdir(raw)
        found = 0
        for entry in discover(expanded or [raw], include=includes, exclude=excludes, notes=note):
            if isinstance(entry, SourceError):
                errors.append((entry.path, entry.message(lang)))
                found += 1
                continue
            path = str(entry)
            if walked and path in own_outputs:      # a path named on its own is refused as an output later
                if verbose:
                    _say(say(f"zgcheck: 跳过 {path}：本次运行的输出文件", f"zgcheck: skipped {path}: an output of this run"))
                continue
            if written_by_zgcheck(path) and (walked or not path.lower().endswith(".docx")):
                if verbose or not walked:
                    _say(say(f"zgcheck: 跳过 {path}：zgcheck 生成的报告", f"zgcheck: skipped {path}: a report zgcheck wrote"))
                continue
            files.append(path)
            found += 1
        if not found and walked:
            patterns = " ".join(includes)
            errors.append((raw, say(f"目录中没有可检查的文件（{patterns}）", f"no file to check in this folder ({patterns})")
                           if expanded is None else
                           say(f"匹配的路径中没有可检查的文件（{patterns}）", f"no file to check where this pattern matches ({patterns})")))
    return files, errors


class _OutputSet:
    """The files this run writes, for "is this input one of them?": by absolute path, and by
    file identity when the output already exists."""

    def __init__(self, outputs) -> None:
        dests = [Path(d) for d in outputs if d and d not in ("-", os.devnull)]
        self.paths = {os.path.abspath(d) for d in dests}
        self.stats = []
        for dest in dests:
            with contextlib.suppress(OSError):
                self.stats.append(os.stat(dest))

    def __contains__(self, path: str) -> bool:
        if not self.paths:
            return False
        if os.path.abspath(path) in self.paths:
            return True
        if not self.stats:
            return False
        try:
            st = os.stat(path)
        except OSError:
            return False
        return any(os.path.samestat(st, other) for other in self.stats)


def _check(paths, fmt, output, output_formats, config_path, select, ignore, fail_on, exit_zero, jobs,
           include, exclude, baseline_path, baseline_update, annotate, max_file_size, color, progress,
           lang, group_by: str = "item", only_notices: bool = False, verbose: bool = False) -> int:
    from .findings import FileResult
    from .runner import Resolver, RunPlan, default_jobs, run

    explicit_format = fmt is not None
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    outputs = _parse_outputs(fmt, output, output_formats, explicit_format)
    plan = RunPlan(explicit_config=Path(config_path).resolve() if config_path else None,
                   overrides=_plan_overrides(select, ignore, fail_on, max_file_size, lang), lang=lang)
    resolver = Resolver(plan)
    RuleError = _rule_errors()
    try:
        top_config = plan.explicit_config or find_config(Path.cwd())
        top_settings = resolver.settings(top_config)
        written = [dest for _fmt, dest in outputs] + [annotate, baseline_path if baseline_update else None]
        files, discover_errors = _discover(paths, include, exclude, top_settings, lang, written, verbose)
        ruleset = resolver.ruleset(top_config)
    except RuleError as exc:
        raise UsageFailure(str(exc)) from None
    tasks = []
    for path in files:
        try:
            tasks.append((path, resolver.prepare(path)))
        except (ConfigError, RuleError) as exc:   # a bad config deep in a tree: its files fail, not the run
            discover_errors.append((path, _config_failure(path, exc)))
    import gc

    gc.freeze()      # the loaded rules live for the whole run: keep them out of every GC pass
    # a notice's objects are freed by reference counting; collect cycles less often (≈ 3 %)
    gc.set_threshold(20_000, 20, 50)
    if annotate and len(tasks) != 1:
        raise UsageFailure(_("--annotate 只能用于单个输入文件", "--annotate needs exactly one input file"))

    baseline = None
    if baseline_path and not baseline_update:
        from .baseline import load_baseline

        if Path(baseline_path).exists():
            baseline = load_baseline(Path(baseline_path))
        else:
            raise UsageFailure(_(f"{baseline_path}: 基线文件不存在", f"{baseline_path}: baseline file not found"))
    if baseline_update and not baseline_path:
        raise UsageFailure(_("--baseline-update 需要 --baseline 文件", "--baseline-update needs --baseline FILE"))

    inputs = _Inputs(files)
    # the baseline and the annotated copy: never an input, and writable, checked before any work
    _check_destinations(baseline_path if baseline_update else None, annotate, inputs)
    first: list[FileResult] = [FileResult(path=p, kind="error", error=reason) for p, reason in discover_errors]
    njobs = default_jobs() if not jobs else jobs
    show_progress = progress if progress is not None else (sys.stderr.isatty() and len(tasks) > 1)
    bar = _progress(len(tasks) + len(first), show_progress)
    root = repo_root(top_config)
    builder = previous = None
    if baseline_update:               # the file is replaced at the end
        from .baseline import BaselineBuilder, read_previous

        previous = read_previous(Path(baseline_path))
        builder = BaselineBuilder(root)
    if baseline is not None:
        from .baseline import BaselineMatcher

        baseline = BaselineMatcher(baseline, root, files)      # consumes counts across the run
    if len(outputs) == 1 and outputs[0][0] == "json" and not baseline_update and not annotate:
        plan.render_json = baseline is None     # a baseline changes findings in this process first
        # closing(): an interruption stops the workers now, not when the traceback is freed
        with contextlib.closing(run(tasks, resolver, jobs=njobs)) as results:
            light = _stream_json(outputs[0][1], first, _reported(results, only_notices, bar), baseline, bar, lang,
                                 ruleset, inputs, root)
        from .exitcodes import exit_status

        return exit_status(light, fail_on or top_settings.fail_on, exit_zero)

    use_color = _use_color(color, sys.stdout)
    ctx_kwargs = {"lang": lang, "color": use_color, "ruleset": ruleset, "version": __version__,
                  "options": {"fail_on": top_settings.fail_on, "group_by": group_by,
                              "files": len(tasks) + len(first)}, "root": root}
    light: list[FileResult] = []
    annotated: FileResult | None = None
    with contextlib.ExitStack() as stack:
        sinks = _open_sinks(outputs, ctx_kwargs, inputs, stack)
        # closing(): an interruption stops the workers now, not when the traceback is freed
        results = stack.enter_context(contextlib.closing(run(tasks, resolver, jobs=njobs)))
        with bar:
            for result in itertools.chain(first, _reported(results, only_notices, bar)):
                if baseline is not None:
                    baseline.apply(result)
                if builder is not None:
                    builder.add(result)
                _report_stderr(result)
                for sink in sinks:
                    sink.add(result)
                light.append(_light(result))
                if annotate and annotated is None:
                    annotated = result
                bar.advance()
        for sink in sinks:
            sink.close()

    if builder is not None:
        _save_baseline(Path(baseline_path), builder, previous, paths, root)
        exit_zero = True              # the findings are accepted now; input errors still give 2

    if annotate and annotated is not None and annotated.kind != "error":   # destination checked before the run
        _write_annotated(Path(files[0]), annotated, Path(annotate), lang)

    from .exitcodes import exit_status

    return exit_status(light, fail_on or top_settings.fail_on, exit_zero)


def _reported(results, only_notices: bool, bar):
    """The results to report: with ``--only-notices``, files that are not notices are left out
    (a pre-commit run over README.md and the like stays quiet)."""
    for result in results:
        if only_notices and result.kind == "not-a-notice":
            bar.advance()
            continue
        yield result


def _check_destinations(baseline_dest: str | None, annotate: str | None, inputs: _Inputs) -> None:
    """Fail before the run when a file written at its end cannot be written (missing or
    unwritable folder, a folder as destination)."""
    from .atomic import OutputError, check_writable

    for dest in (baseline_dest, annotate):
        if dest:
            _refuse_input(Path(dest), inputs)
            try:
                check_writable(Path(dest))
            except OSError as exc:
                raise OutputError(dest, exc) from None


def _write_annotated(source: Path, result, out: Path, lang: str) -> None:
    """The annotated copy, or one line naming the input (damaged, declares entities) or the output."""
    from .annotate import write_annotated
    from .atomic import OutputError
    from .source import SourceError

    try:
        write_annotated(source, result, out, lang)
    except SourceError as exc:
        raise UsageFailure(exc.message(lang)) from None
    except OSError as exc:
        raise OutputError(str(out), exc) from None
    except Exception as exc:       # python-docx cannot load or save this package
        from .runner import exception_detail

        detail = exception_detail(exc)
        raise UsageFailure(_(f"{source}: 无法生成批注副本（{detail}）",
                             f"{source}: cannot write the annotated copy ({detail})")) from None


def _light(result):
    """What the exit status needs of a result: its kind and most severe finding (memory stays flat)."""
    from .findings import SEVERITY_RANK, FileResult

    worst = max(result.findings, key=lambda f: SEVERITY_RANK.get(f.severity, 1), default=None)
    return FileResult(path=result.path, kind=result.kind, error=result.error,
                      findings=[worst] if worst is not None else [], rule_errors=result.rule_errors)


def _open_sinks(outputs, ctx_kwargs, inputs: _Inputs, stack: contextlib.ExitStack) -> list:
    """One streaming sink per output; files are written atomically when the run completes."""
    from .atomic import GuardedStream, guarded_writer
    from .formatters import RenderContext, open_sink

    sinks = []
    for fmt, dest in outputs:
        ctx = RenderContext(**ctx_kwargs)
        if fmt != "text" or dest != "-":
            ctx.color = False
        if dest == "-":
            out = GuardedStream(sys.stdout, _("标准输出", "standard output"))
            sinks.append(open_sink(fmt, ctx, out.write))
        elif _is_folder(dest):
            ctx.options = dict(ctx.options, html_dir=str(_report_folder(Path(dest), inputs)))
            sinks.append(open_sink(fmt, ctx, sys.stdout.write))
        else:
            target = Path(dest)
            _refuse_input(target, inputs)
            if fmt == "html":
                ctx.options = dict(ctx.options, html_path=str(target))
                _html_pages_folder(ctx.options, target)
            fh = stack.enter_context(guarded_writer(target))     # opened now: a bad path fails before the run
            if fmt == "text":         # marks the file as a report, so no later run checks it
                from .reportmark import text_report_header

                fh.write(text_report_header(__version__, ctx.lang))
            sinks.append(open_sink(fmt, ctx, fh.write))
    return sinks


def _is_folder(dest: str) -> bool:
    """``-o DIR/`` (a trailing slash) or ``-o`` naming an existing folder."""
    return dest.endswith(("/", os.sep)) or Path(dest).is_dir()


def _report_folder(folder: Path, inputs: _Inputs) -> Path:
    """The folder of an HTML archive report, created (its parent must exist)."""
    if folder.exists() and not folder.is_dir():
        raise UsageFailure(_(f"{folder}：已存在且不是文件夹", f"{folder}: exists and is not a folder"))
    try:
        folder.mkdir(exist_ok=True)
        (folder / "files").mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageFailure(_(f"{folder}：无法创建报告文件夹（{exc.strerror or exc}）",
                             f"{folder}: cannot create the report folder ({exc.strerror or exc})")) from None
    _refuse_input(folder / "index.html", inputs)
    return folder


def _html_pages_folder(options: dict, index: Path) -> None:
    """An HTML report of many files to ``index``: create its pages folder now (a clear error, not mid-run)."""
    from .formatters.html import FOLDER_THRESHOLD, pages_folder

    if options.get("files", 0) > FOLDER_THRESHOLD:
        pages = pages_folder(index)
        try:
            pages.mkdir(exist_ok=True)
        except OSError as exc:
            raise UsageFailure(_(f"{pages}：无法创建报告页面文件夹（{exc.strerror or exc}）",
                                 f"{pages}: cannot create the report pages folder ({exc.strerror or exc})")) from None


def _report_stderr(result) -> None:
    """The file's error, stopped rules and suppression notes, one line each on stderr; the
    file's name with any newline or tab in it escaped (it must not split the line)."""
    path = result.path

    def say(message: str) -> None:
        body = message[len(path):] if message.startswith(path) else f": {message}"
        _say(path_safe(path) + body)

    if result.kind == "error":
        say(result.error or "")
    for error in result.rule_errors:          # a rule stopped on this file (it names the file)
        say(error)
    for kind, line, ref in result.suppression_notes:
        if kind == "unknown":
            say(_(f"{path}:{line}: 抑制注释中的未知规则 '{ref}'",
                  f"{path}:{line}: unknown rule '{ref}' in a suppression comment"))
        else:
            say(_(f"{path}:{line}: 抑制注释未抑制任何问题",
                  f"{path}:{line}: suppression comment suppresses nothing"))


def _stream_json(dest: str, first, results, baseline, bar, lang, ruleset, inputs, root=None):
    """Write the JSON contract one file at a time; keep only what the exit status needs."""
    from .formatters import RenderContext
    from .formatters.json_fmt import stream

    light: list = []

    def produce():
        with bar:
            for result in itertools.chain(first, results):
                if baseline is not None:
                    baseline.apply(result)        # a BaselineMatcher
                _report_stderr(result)
                light.append(_light(result))
                yield result
                bar.advance()

    from .atomic import GuardedStream, guarded_writer

    ctx = RenderContext(lang=lang, ruleset=ruleset, version=__version__, root=root)
    if dest == "-":
        out = GuardedStream(sys.stdout, _("标准输出", "standard output"))
        stream(produce(), ctx, out.write)
        out.flush()
        return light
    target = Path(dest)
    _refuse_input(target, inputs)
    with guarded_writer(target) as fh:
        stream(produce(), ctx, fh.write)
    return light


def _progress(total: int, enabled: bool):
    from .progress import Progress

    return Progress(total, enabled)


# ------------------------------------------------------------------ baseline

@cli.command("baseline", help=_("记录当前所有问题为基线，之后 check --baseline 只报告新问题。",
                                "Record today's findings as a baseline; check --baseline then reports only new ones."))
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default=".zgcheck-baseline.json", show_default=True,
              type=click.Path(), help=_("基线文件", "baseline file"))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None)
@_lang_option
def baseline_cmd(paths, output, config_path, jobs, lang) -> None:
    lang = lang or LANG
    try:
        code = _check(paths, "json", os.devnull, (), config_path, (), (), None, True, jobs, (), (),
                      output, True, None, None, False, False, lang)
        count = _baseline_size(Path(output))
        click.echo(terminal_safe(_(f"已写入基线 {output}（{count} 个问题）", f"baseline written to {output} ({count} findings)")))
    except (UsageFailure, ConfigError) as exc:
        _say(f"zgcheck: {exc}")
        code = 2
    except Exception as exc:
        if not _closed_pipe(exc):
            message = _run_failure(exc, lang)
            if message is None:
                raise
            click.echo(message, err=True)
        code = _closed_stdout() if _closed_pipe(exc) else 2
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    _exit(_flush_stdout(code, lang))


def _baseline_size(path: Path) -> int:
    from .baseline import load_baseline

    baseline = load_baseline(path)
    return len(baseline)


def _save_baseline(dest: Path, builder, previous, paths, root) -> None:
    """Write the baseline: this run's findings, plus the previous entries of the files it could
    not check and of files outside the given paths; refuse (exit 2) when those cannot be kept."""
    from .baseline import Scope, merge
    from .atomic import write_text_atomic

    old, outdated = previous
    if builder.failed and outdated:
        raise UsageFailure(_(f"{dest}: 有文件无法检查，而旧版本基线中的条目无法保留，未写入基线",
                             f"{dest}: some inputs could not be checked and the old-format baseline's "
                             f"entries cannot be kept; baseline not written"))
    baseline, kept = merge(builder, old, Scope(paths, root))
    try:
        write_text_atomic(dest, baseline.to_json())
    except OSError as exc:
        from .atomic import OutputError

        raise OutputError(str(dest), exc) from None
    if builder.failed:
        click.echo(_(f"zgcheck: {dest}: {len(builder.failed)} 个输入无法检查，保留其原有基线条目（{kept} 个问题）",
                     f"zgcheck: {dest}: {len(builder.failed)} input(s) could not be checked; "
                     f"their previous baseline entries are kept ({kept} findings)"), err=True)
    elif outdated:
        click.echo(_(f"zgcheck: {dest}: 旧版本基线已按新格式重写",
                     f"zgcheck: {dest}: old-format baseline rewritten in the new format"), err=True)


# ------------------------------------------------------------------ parse

@cli.command("parse", help=_("显示通报的结构（分组、事项、措施）。", "Show a notice's structure (groups, items, measures)."))
@click.argument("path")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--max-file-size", type=click.IntRange(min=1), default=20 * 1024 * 1024)
@_lang_option
def parse_cmd(path, fmt, max_file_size, lang) -> None:
    import json

    from .parse import ParseFailure, parse_notice
    from .parse.tree_view import format_tree, notice_to_dict
    from .runner import internal_error
    from .source import SourceError, read_source

    lang = lang or LANG
    try:
        source = read_source(path, max_file_size=max_file_size)
    except SourceError as exc:
        _say(exc.message(lang) if str(exc).startswith(path) else f"{path}: {exc.message(lang)}")
        sys.exit(2)
    except Exception as exc:       # a reader bug: one line, not a traceback
        _say(internal_error(path, "读取", "reading", exc, lang))
        sys.exit(2)
    try:
        notice = parse_notice(source.text, list_labels=source.list_labels)
    except ParseFailure as exc:
        _say(internal_error(path, "解析", "parsing", exc, lang))
        sys.exit(2)
    if fmt == "json":
        data = notice_to_dict(notice)
        data = {"path": path, "encoding": source.encoding, **data}
        # still JSON, with the characters a terminal would act on written as \u escapes
        click.echo(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        # the tree quotes the notice: escape sequences in it must not reach the terminal
        click.echo(terminal_safe(f"{path} ({source.encoding})"))
        click.echo(terminal_safe(format_tree(notice, lang=lang)))


# ------------------------------------------------------------------ rules / explain / init

def _load_default_ruleset():
    """The rules as the config found from this folder sets them (``rules``, ``explain``); a broken
    config or rule file: its message and exit 2."""
    from .engine import RuleError, load_ruleset

    try:
        raw = None
        config = find_config(Path.cwd())
        if config is not None:
            raw = read_config(config)
        return load_ruleset(settings_from(raw))
    except (RuleError, ConfigError) as exc:
        _say(f"zgcheck: {exc}")
        sys.exit(2)


@cli.command("rules", help=_("列出全部规则。", "List all rules."))
@click.option("--self-test", is_flag=True, help=_("运行每条规则的示例并报告失败", "run every rule's examples"))
@_lang_option
def rules_cmd(self_test, lang) -> None:
    from .engine.explain import rules_table

    lang = lang or LANG
    ruleset = _load_default_ruleset()
    click.echo(terminal_safe(rules_table(ruleset, lang)))       # user rule files may say anything
    if self_test:
        from .engine import self_test as run_self_test

        failures = run_self_test(ruleset)
        for line in failures:
            _say(line)
        click.echo(_(f"示例自检：{len(failures)} 个失败", f"example self-test: {len(failures)} failed"))
        sys.exit(1 if failures else 0)


@cli.command("explain", help=_("解释一条规则：说明、依据、示例和改法。",
                                          "Explain a rule: description, basis, examples and how to fix."))
@click.argument("rule")
@_lang_option
def explain_cmd(rule, lang) -> None:
    from .engine.explain import explain

    lang = lang or LANG
    ruleset = _load_default_ruleset()
    from .engine.explain import canonical_ref

    ref = canonical_ref(rule)
    found = ruleset.get(ref)
    # a category (or its label, 无整改时限): every rule of it
    chosen = [found] if found is not None else [r for r in sorted(ruleset.all_rules, key=lambda r: r.id)
                                                 if r.category == ref]
    if not chosen:
        _say(_(f"zgcheck: 未知规则 '{rule}'", f"zgcheck: unknown rule '{rule}'"))
        sys.exit(2)
    click.echo(terminal_safe("\n".join(explain(r, lang, ruleset) for r in chosen)))


@cli.command("init", help=_("在当前目录写入带注释的默认配置 .zgcheck.yaml。",
                            "Write a commented default .zgcheck.yaml here."))
@click.argument("path", default=".zgcheck.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help=_("覆盖已有文件", "overwrite an existing file"))
def init_cmd(path, force) -> None:
    from importlib.resources import files

    from .atomic import write_text_atomic

    dest = Path(path)
    if dest.exists() and not force:
        _say(_(f"zgcheck: {dest} 已存在（用 --force 覆盖）", f"zgcheck: {dest} exists (use --force)"))
        sys.exit(2)
    text = files("checker").joinpath("default_config.yaml").read_text(encoding="utf-8")
    write_text_atomic(dest, text)
    click.echo(terminal_safe(_(f"已写入 {dest}", f"wrote {dest}")))


def main() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    for stream in (sys.stdout, sys.stderr):      # file names that are not valid UTF-8: \udcff, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli(prog_name="zgcheck")
    except KeyboardInterrupt:  # pragma: no cover - interrupted outside a command body
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:       # standard output failed outside a run (a full disk; click handles a closed pipe)
        if exc.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG):
            raise
        _report_stdout_error(exc, LANG)
        sys.exit(2)
    except Terminated:
        try:
            click.echo(_("zgcheck: 已终止（SIGTERM）", "zgcheck: terminated (SIGTERM)"), err=True)
        except OSError:
            pass
        _exit(EXIT_TERMINATED)


if __name__ == "__main__":
    main()
