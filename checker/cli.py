"""The ``zgcheck`` command line (click).

Help text is Chinese; ``--lang en`` (anywhere on the command line) or ``ZGCHECK_LANG=en``
switches help, messages and reports to English.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import ConfigError, Settings, find_config, read_config, settings_from
from .repopath import repo_root


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


FORMAT_NAMES = ["text", "json", "html", "markdown", "sarif", "junit", "github", "gitlab"]
EXIT_INTERRUPTED = 130


class UsageFailure(Exception):
    """A usage, configuration or input problem that ends the run with exit 2."""


def _split_refs(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                        help=_("输出语言：zh（默认）或 en", "output language: zh (default) or en"))(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
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
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help=_("把主输出写入文件", "write the main output to this file"))
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
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help=_("基线文件：只报告基线中没有的新问题", "baseline file: report only findings not in it"))
@click.option("--baseline-update", is_flag=True, help=_("用本次结果重写基线文件", "rewrite the baseline with this run"))
@click.option("--annotate", type=click.Path(dir_okay=False), default=None,
              help=_("把问题写成 Word 批注，另存为此 .docx", "write findings as Word comments into this new .docx"))
@click.option("--max-file-size", type=click.IntRange(min=1), default=None,
              help=_("最大文件字节数", "largest file size in bytes"))
@click.option("--color/--no-color", default=None, help=_("彩色输出", "coloured output"))
@click.option("--progress/--no-progress", default=None, help=_("显示进度条", "show a progress bar"))
@_lang_option
def check_cmd(paths, fmt, output, output_formats, config_path, select, ignore, fail_on, exit_zero, jobs,
              include, exclude, baseline_path, baseline_update, annotate, max_file_size, color, progress,
              lang) -> None:
    lang = lang or LANG
    try:
        code = _check(paths, fmt, output, output_formats, config_path, select, ignore, fail_on, exit_zero,
                      jobs, include, exclude, baseline_path, baseline_update, annotate, max_file_size,
                      color, progress, lang)
    except (UsageFailure, ConfigError) as exc:
        click.echo(f"zgcheck: {exc}", err=True)
        code = 2
    except KeyboardInterrupt:
        click.echo(_("zgcheck: 已中断", "zgcheck: interrupted"), err=True)
        code = EXIT_INTERRUPTED
    sys.exit(code)


def _rule_errors():
    from .engine import RuleError

    return RuleError


def _discover(paths, include, exclude, settings: Settings, lang: str):
    from .source import SourceError, discover

    from .config import check_globs

    check_globs(include, "--include")
    check_globs(exclude, "--exclude")
    files: list[str] = []
    errors: list[tuple[str, str]] = []
    for entry in discover(list(paths), include=list(include) or settings.include,
                          exclude=list(exclude) or settings.exclude):
        if isinstance(entry, SourceError):
            errors.append((entry.path, entry.message(lang)))
        else:
            files.append(str(entry))
    return files, errors


def _check(paths, fmt, output, output_formats, config_path, select, ignore, fail_on, exit_zero, jobs,
           include, exclude, baseline_path, baseline_update, annotate, max_file_size, color, progress,
           lang) -> int:
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
        files, discover_errors = _discover(paths, include, exclude, top_settings, lang)
        tasks = [(path, resolver.prepare(path)) for path in files]
        ruleset = resolver.ruleset(top_config)
    except RuleError as exc:
        raise UsageFailure(str(exc)) from None
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

    first: list[FileResult] = [FileResult(path=p, kind="error", error=reason) for p, reason in discover_errors]
    njobs = default_jobs() if not jobs else jobs
    show_progress = progress if progress is not None else (sys.stderr.isatty() and len(tasks) > 1)
    bar = _progress(len(tasks) + len(first), show_progress)
    inputs = _Inputs(files)
    root = repo_root(top_config)
    if len(outputs) == 1 and outputs[0][0] == "json" and not baseline_update and not annotate:
        plan.render_json = baseline is None     # a baseline changes findings in this process first
        light = _stream_json(outputs[0][1], first, run(tasks, resolver, jobs=njobs), baseline, bar, lang,
                             ruleset, inputs, root)
        from .exitcodes import exit_status

        return exit_status(light, fail_on or top_settings.fail_on, exit_zero)

    use_color = color if color is not None else (sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    ctx_kwargs = {"lang": lang, "color": use_color, "ruleset": ruleset, "version": __version__,
                  "options": {"fail_on": top_settings.fail_on}, "root": root}
    light: list[FileResult] = []
    accepted: list[FileResult] = []       # what --baseline-update records (text kept for fingerprints)
    annotated: FileResult | None = None
    with contextlib.ExitStack() as stack:
        sinks = _open_sinks(outputs, ctx_kwargs, inputs, stack)
        with bar:
            for result in itertools.chain(first, run(tasks, resolver, jobs=njobs)):
                if baseline is not None:
                    from .baseline import apply_baseline

                    apply_baseline([result], baseline)
                if baseline_update:
                    accepted.append(result)
                _report_stderr(result)
                for sink in sinks:
                    sink.add(result)
                light.append(_light(result))
                if annotate and annotated is None:
                    annotated = result
                bar.advance()
        for sink in sinks:
            sink.close()

    if baseline_update and baseline_path:
        from .baseline import write_baseline

        write_baseline(Path(baseline_path), accepted)

    if annotate:
        from .annotate import write_annotated

        out = Path(annotate)
        _refuse_input(out, inputs)
        if annotated is not None and annotated.kind != "error":
            write_annotated(Path(files[0]), annotated, out, lang)

    from .exitcodes import exit_status

    return exit_status(light, fail_on or top_settings.fail_on, exit_zero)


def _light(result):
    """What the exit status needs of a result: its kind and most severe finding (memory stays flat)."""
    from .findings import SEVERITY_RANK, FileResult

    worst = max(result.findings, key=lambda f: SEVERITY_RANK.get(f.severity, 1), default=None)
    return FileResult(path=result.path, kind=result.kind, error=result.error,
                      findings=[worst] if worst is not None else [])


def _open_sinks(outputs, ctx_kwargs, inputs: _Inputs, stack: contextlib.ExitStack) -> list:
    """One streaming sink per output; files are written atomically when the run completes."""
    from .atomic import atomic_writer
    from .formatters import RenderContext, open_sink

    sinks = []
    for fmt, dest in outputs:
        ctx = RenderContext(**ctx_kwargs)
        if fmt != "text" or dest != "-":
            ctx.color = False
        if dest == "-":
            out = click.get_text_stream("stdout")
            sinks.append(open_sink(fmt, ctx, out.write))
        else:
            target = Path(dest)
            _refuse_input(target, inputs)
            fh = stack.enter_context(atomic_writer(target))
            sinks.append(open_sink(fmt, ctx, fh.write))
    return sinks


def _report_stderr(result) -> None:
    if result.kind == "error":
        click.echo(result.error if result.error and result.error.startswith(result.path)
                   else f"{result.path}: {result.error}", err=True)
    for span in result.unused_suppressions:
        click.echo(_(f"{result.path}: 抑制注释未抑制任何问题（位置 {span.start}）",
                     f"{result.path}: suppression comment suppresses nothing (offset {span.start})"), err=True)


def _stream_json(dest: str, first, results, baseline, bar, lang, ruleset, inputs, root=None):
    """Write the JSON contract one file at a time; keep only what the exit status needs."""
    from .formatters import RenderContext
    from .formatters.json_fmt import stream

    light: list = []

    def produce():
        with bar:
            for result in itertools.chain(first, results):
                if baseline is not None:
                    from .baseline import apply_baseline

                    apply_baseline([result], baseline)
                _report_stderr(result)
                light.append(_light(result))
                yield result
                bar.advance()

    ctx = RenderContext(lang=lang, ruleset=ruleset, version=__version__, root=root)
    if dest == "-":
        out = click.get_text_stream("stdout")
        stream(produce(), ctx, out.write)
        out.flush()
        return light
    target = Path(dest)
    _refuse_input(target, inputs)
    from .atomic import atomic_writer

    with atomic_writer(target) as fh:
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
              type=click.Path(dir_okay=False), help=_("基线文件", "baseline file"))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None)
@_lang_option
def baseline_cmd(paths, output, config_path, jobs, lang) -> None:
    lang = lang or LANG
    try:
        code = _check(paths, "json", os.devnull, (), config_path, (), (), None, True, jobs, (), (),
                      output, True, None, None, False, False, lang)
        count = _baseline_size(Path(output))
        click.echo(_(f"已写入基线 {output}（{count} 个问题）", f"baseline written to {output} ({count} findings)"))
    except (UsageFailure, ConfigError) as exc:
        click.echo(f"zgcheck: {exc}", err=True)
        code = 2
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    sys.exit(code)


def _baseline_size(path: Path) -> int:
    from .baseline import load_baseline

    baseline = load_baseline(path)
    return len(baseline)


# ------------------------------------------------------------------ parse

@cli.command("parse", help=_("显示通报的结构（分组、事项、措施）。", "Show a notice's structure (groups, items, measures)."))
@click.argument("path")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--max-file-size", type=click.IntRange(min=1), default=20 * 1024 * 1024)
@_lang_option
def parse_cmd(path, fmt, max_file_size, lang) -> None:
    import json

    from .parse import parse_notice
    from .parse.tree_view import format_tree, notice_to_dict
    from .source import SourceError, read_source

    lang = lang or LANG
    try:
        source = read_source(path, max_file_size=max_file_size)
    except SourceError as exc:
        click.echo(exc.message(lang) if str(exc).startswith(path) else f"{path}: {exc.message(lang)}", err=True)
        sys.exit(2)
    notice = parse_notice(source.text, list_labels=source.list_labels)
    if fmt == "json":
        data = notice_to_dict(notice)
        data = {"path": path, "encoding": source.encoding, **data}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{path} ({source.encoding})")
        click.echo(format_tree(notice, lang=lang))


# ------------------------------------------------------------------ rules / explain / init

def _load_default_ruleset():
    from .engine import load_ruleset

    raw = None
    config = find_config(Path.cwd())
    if config is not None:
        raw = read_config(config)
    return load_ruleset(settings_from(raw))


@cli.command("rules", help=_("列出全部规则。", "List all rules."))
@click.option("--self-test", is_flag=True, help=_("运行每条规则的示例并报告失败", "run every rule's examples"))
@_lang_option
def rules_cmd(self_test, lang) -> None:
    from .engine import RuleError
    from .engine.explain import rules_table

    lang = lang or LANG
    try:
        ruleset = _load_default_ruleset()
    except (RuleError, ConfigError) as exc:
        click.echo(f"zgcheck: {exc}", err=True)
        sys.exit(2)
    click.echo(rules_table(ruleset, lang))
    if self_test:
        from .engine import self_test as run_self_test

        failures = run_self_test(ruleset)
        for line in failures:
            click.echo(line, err=True)
        click.echo(_(f"示例自检：{len(failures)} 个失败", f"example self-test: {len(failures)} failed"))
        sys.exit(1 if failures else 0)


@cli.command("explain", help=_("解释一条规则：说明、依据和示例。", "Explain a rule: description, basis and examples."))
@click.argument("rule")
@_lang_option
def explain_cmd(rule, lang) -> None:
    from .engine import RuleError
    from .engine.explain import explain

    lang = lang or LANG
    try:
        ruleset = _load_default_ruleset()
    except (RuleError, ConfigError) as exc:
        click.echo(f"zgcheck: {exc}", err=True)
        sys.exit(2)
    found = ruleset.get(rule)
    if found is None:
        click.echo(_(f"zgcheck: 未知规则 '{rule}'", f"zgcheck: unknown rule '{rule}'"), err=True)
        sys.exit(2)
    click.echo(explain(found, lang))


@cli.command("init", help=_("在当前目录写入带注释的默认配置 .zgcheck.yaml。",
                            "Write a commented default .zgcheck.yaml here."))
@click.argument("path", default=".zgcheck.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help=_("覆盖已有文件", "overwrite an existing file"))
def init_cmd(path, force) -> None:
    from importlib.resources import files

    from .atomic import write_text_atomic

    dest = Path(path)
    if dest.exists() and not force:
        click.echo(_(f"zgcheck: {dest} 已存在（用 --force 覆盖）", f"zgcheck: {dest} exists (use --force)"), err=True)
        sys.exit(2)
    text = files("checker").joinpath("default_config.yaml").read_text(encoding="utf-8")
    write_text_atomic(dest, text)
    click.echo(_(f"已写入 {dest}", f"wrote {dest}"))


def main() -> None:
    try:
        cli(prog_name="zgcheck")
    except KeyboardInterrupt:  # pragma: no cover - interrupted outside a command body
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
