"""The CI formats as their real readers see them (issue 20 points 3, 4, 6; issue 22 points 8, 9).

SARIF: the vendored OASIS schema and the SARIF multitool's GitHub rules; JUnit: junitparser,
xunitparser and junit2html; GitHub annotations: a port of the Actions runner's command
parser; action.yml: check-jsonschema's vendored GitHub Action schema. Every run goes through
the real CLI on invented notices written here.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from checker.config import Settings
from checker.engine import load_ruleset
from checker.findings import FileResult, Finding
from checker.formatters import RenderContext, open_sink, render
from checker.runner import check_text
from checker.sanitize import machine_safe

REPO = Path(__file__).resolve().parents[1]
RULES = load_ruleset(Settings())

NOTICE = """中共示例县文旅局党组关于巡察整改进展情况的通报
根据县委统一部署，县委巡察组对县文旅局党组开展了巡察。现将整改进展情况公布如下。
1.关于“景区门票管理混乱”的整改情况。进一步加强管理，持续规范门票工作。
2.关于“文物保护经费使用不规范”的整改情况。局财务股牵头，已追回违规使用经费3.2万元。
3.关于“公共文化服务不到位”的整改情况。正在推进村级文化室改造。
4.关于“景区门票管理混乱”的整改情况。进一步加强管理，持续规范门票工作。
联系方式：电话；电子邮箱：。
"""
ESC_NAME = "esc\x1b[2Jbel\x07<&>\".txt"


def _zgcheck(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    environ.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=environ,
                          capture_output=True, timeout=300)


def _repo(tmp_path: Path) -> Path:
    """A document repository: a git top level with notices under awkward names, and an empty file."""
    repo = tmp_path / "docs repo"
    (repo / ".git").mkdir(parents=True)
    folder = repo / "通报 #1%"
    folder.mkdir()
    (folder / "县 水务#局%.txt").write_text(NOTICE, encoding="utf-8")
    (repo / "same.txt").write_text(NOTICE, encoding="utf-8")
    (repo / ESC_NAME).write_text(NOTICE.replace("文旅局", "体育局"), encoding="utf-8")
    (repo / "empty.txt").write_text("", encoding="utf-8")
    (repo / "sub").mkdir()
    return repo


# ---------------------------------------------------------------------------------- SARIF

def _sarif_run(repo: Path, cwd: Path, out: Path, env: dict[str, str] | None = None) -> dict:
    proc = _zgcheck(["check", str(repo), "--format", "sarif", "-o", str(out)], cwd, env)
    assert proc.returncode == 2, proc.stderr.decode()          # the empty file is a read error
    return json.loads(out.read_text(encoding="utf-8"))


def test_sarif_uris_are_percent_encoded_and_relative_to_the_repository_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    from_top = _sarif_run(repo, repo, tmp_path / "top.sarif")
    from_sub = _sarif_run(repo, repo / "sub", tmp_path / "sub.sarif")
    run = from_top["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.resolve().as_uri() + "/"
    uris = set()
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        uri = location["uri"]
        assert not re.search(r"[^A-Za-z0-9/%._~-]", uri), uri       # no raw space, #, %, CJK or control
        resolved = urljoin(base, uri)
        assert Path(unquote(urlsplit(resolved).path)).is_file(), resolved
        uris.add(uri)
    assert "%E9%80%9A%E6%8A%A5%20%231%25/%E5%8E%BF%20%E6%B0%B4%E5%8A%A1%23%E5%B1%80%25.txt" in uris
    assert "same.txt" in uris and "esc%1B%5B2Jbel%07%3C%26%3E%22.txt" in uris
    # the same file is named the same way whatever folder zgcheck runs from
    strip = lambda log: [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],  # noqa: E731
                          r["partialFingerprints"]) for r in log["runs"][0]["results"]]
    assert strip(from_top) == strip(from_sub)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == ["empty.txt"]


def test_sarif_partial_fingerprints_are_unique_and_stable(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    first = _sarif_run(repo, repo, tmp_path / "a.sarif")
    again = _sarif_run(repo, repo / "sub", tmp_path / "b.sarif")
    prints = [r["partialFingerprints"]["zgcheck/v1"] for r in first["runs"][0]["results"]]
    # items 1 and 4 are the same weak text, and same.txt is a copy of another file
    assert len(prints) > 10 and len(set(prints)) == len(prints)
    assert prints == [r["partialFingerprints"]["zgcheck/v1"] for r in again["runs"][0]["results"]]


def test_sarif_rules_have_help_and_no_made_up_links(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    text = (tmp_path / "top.sarif")
    log = _sarif_run(repo, repo, text)
    assert "zgcheck.invalid" not in text.read_text(encoding="utf-8")
    driver = log["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    by_id = {rule.id: rule for rule in RULES.rules}
    assert [r["id"] for r in driver["rules"]] == list(by_id)
    for descriptor in driver["rules"]:
        rule = by_id[descriptor["id"]]
        assert "helpUri" not in descriptor
        help_text, markdown = descriptor["help"]["text"], descriptor["help"]["markdown"]
        assert help_text.startswith("说明：") and "依据：" in help_text and "**依据**" in markdown
        assert " ".join(rule.rationale.split())[:20] in help_text
        assert f"zgcheck explain {rule.id}" in help_text
        if getattr(rule, "suggestion", ""):
            assert "如何修改：" in help_text and "**如何修改**" in markdown
    # a configured link is used, for the rules and the tool
    linked = _sarif_run(repo, repo, tmp_path / "l.sarif", {"ZGCHECK_HELP_URI_BASE": "https://example.org/rules/",
                                                           "ZGCHECK_INFORMATION_URI": "https://example.org/"})
    driver = linked["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/"
    assert all(r["helpUri"] == f"https://example.org/rules/{r['id']}" for r in driver["rules"])


def test_sarif_help_shows_how_to_fix_and_english() -> None:
    rule = {"id": "XX101", "name": "demo", "category": "vague", "severity": "warning", "scope": "item",
            "message": "空泛。", "message_en": "Vague.", "description": "只有空话。", "description_en": "Only words.",
            "rationale": "要求*具体*<b>。", "rationale_en": "Be concrete.", "suggestion": "写明数字。",
            "suggestion_en": "Give numbers.", "link": "https://example.org/XX101"}
    for lang, labels in (("zh", ("说明：", "依据：", "如何修改：写明数字。")),
                         ("en", ("Description: Only words.", "Grounds: Be concrete.", "How to fix: Give numbers."))):
        ctx = RenderContext(lang=lang, ruleset=SimpleNamespace(rules=[rule]), version="1.0.0")
        descriptor = json.loads(render("sarif", [], ctx))["runs"][0]["tool"]["driver"]["rules"][0]
        assert all(label in descriptor["help"]["text"] for label in labels)
        assert descriptor["helpUri"] == "https://example.org/XX101"
    ctx = RenderContext(lang="zh", ruleset=SimpleNamespace(rules=[rule]), version="1.0.0")
    markdown = json.loads(render("sarif", [], ctx))["runs"][0]["tool"]["driver"]["rules"][0]["help"]["markdown"]
    assert r"要求\*具体\*\<b\>。" in markdown                     # Markdown shows the text literally


def test_sarif_from_the_cli_validates_against_the_vendored_schema(tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads((REPO / "tests" / "vendor" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    repo = _repo(tmp_path)
    for lang in ("zh", "en"):
        log = _sarif_run(repo, repo, tmp_path / f"{lang}.sarif", {"ZGCHECK_LANG": lang})
        jsonschema.Draft4Validator(schema).validate(log)


def _multitool() -> str | None:
    """The SARIF multitool's executable (installed by .ci/run with npm), or None."""
    if os.environ.get("SARIF_MULTITOOL"):
        return os.environ["SARIF_MULTITOOL"]
    node, npm = shutil.which("node"), shutil.which("npm")
    if not (node and npm):
        return None
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=120).stdout.strip()
    probe = subprocess.run([node, "-p", "require('@microsoft/sarif-multitool')"], capture_output=True, text=True,
                           env={**os.environ, "NODE_PATH": root}, timeout=120)
    path = probe.stdout.strip()
    return path if probe.returncode == 0 and os.access(path, os.X_OK) else None


def _multitool_findings(tool: str, log: Path, tmp_path: Path) -> list[tuple[str, str, str]]:
    out = tmp_path / (log.stem + ".validation.sarif")
    proc = subprocess.run([tool, "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning",
                           "--output", str(out), str(log)], capture_output=True,
                          text=True, timeout=600, env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"})
    assert out.is_file(), proc.stdout + proc.stderr
    report = json.loads(out.read_text(encoding="utf-8-sig"))
    return [(r["ruleId"], r.get("level", "warning"), r["message"].get("text", str(r["message"])))
            for run in report["runs"] for r in run.get("results", [])]


def test_sarif_passes_the_multitool_github_rules(tmp_path: Path) -> None:
    tool = _multitool()
    if tool is None:
        pytest.skip("the SARIF multitool is not installed (.ci/run: npm install -g @microsoft/sarif-multitool)")
    repo = _repo(tmp_path)
    outside = tmp_path / "outside.txt"                       # a file outside the root: an absolute file: URI
    outside.write_text(NOTICE, encoding="utf-8")
    log = tmp_path / "action.sarif"
    # as the Action runs it: the tool's home page is the action's repository
    proc = _zgcheck(["check", str(repo), str(outside), "--format", "sarif", "-o", str(log)], repo,
                    {"ZGCHECK_INFORMATION_URI": "https://github.com/example/zgcheck"})
    assert proc.returncode == 2 and json.loads(log.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert _multitool_findings(tool, log, tmp_path) == []
    # without a configured home page the one remark left is that there is none (none is made up)
    plain = tmp_path / "plain.sarif"
    _sarif_run(repo, repo, plain)
    assert {rule for rule, _, _ in _multitool_findings(tool, plain, tmp_path)} == {"SARIF2005"}


# ---------------------------------------------------------------------------------- JUnit

def _junit_run(repo: Path, tmp_path: Path, extra: list[str] | None = None) -> tuple[Path, dict]:
    out, data = tmp_path / "r.xml", tmp_path / "r.json"
    proc = _zgcheck(["check", str(repo), *(extra or []), "--format", "junit", "-o", str(out),
                     "--output-format", f"json:{data}"], repo)
    assert proc.returncode == 2, proc.stderr.decode()
    return out, json.loads(data.read_text(encoding="utf-8"))


def test_junit_one_testcase_per_item_and_document_check(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    report, data = _junit_run(repo, tmp_path, ["--fail-on", "warning"])
    root = ET.parse(report).getroot()          # well-formed whatever the file names hold
    assert root.tag == "testsuites"
    doc_rules = [r for r in RULES.rules if r.scope not in ("item", "item.problem", "item.rectification", "measure")
                 and r.applies_to in ("notice", "any")]
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert machine_safe(ESC_NAME) in suites and "\x1b" not in report.read_text(encoding="utf-8")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for entry in data["files"]:
        name = entry["path"]
        suite = suites[machine_safe(os.path.relpath(name, repo))]
        cases = suite.findall("testcase")
        failing = [c for c in cases if c.find("failure") is not None]
        errors = [c for c in cases if c.find("error") is not None]
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(failing) and int(suite.get("errors")) == len(errors)
        for key, value in (("tests", len(cases)), ("failures", len(failing)), ("errors", len(errors))):
            totals[key] += value
        if entry["kind"] == "error":
            assert len(cases) == 1 and len(errors) == 1
            continue
        assert len(cases) == len(entry["items"]) + len(doc_rules)
        # each item's findings are in that item's test case, every one of them
        for finding in entry["findings"]:
            case = cases[finding["item"]] if finding["item"] is not None else next(
                c for c in cases if f" {finding['rule']} " in c.get("name"))
            assert f":{finding['line']}:{finding['column']}: {finding['rule']} " in case.find("failure").text
        flagged = {f["item"] for f in entry["findings"] if f["item"] is not None}
        assert {i for i, c in enumerate(cases[:len(entry["items"])]) if c.find("failure") is not None} == flagged
    assert {k: int(root.get(k)) for k in totals} == totals


def test_junit_readers_accept_the_counts_and_junit2html_shows_every_finding(tmp_path: Path) -> None:
    junitparser = pytest.importorskip("junitparser", reason="junitparser is in the test extra")
    xunitparser = pytest.importorskip("xunitparser", reason="xunitparser is in the test extra")
    repo = _repo(tmp_path)
    report, data = _junit_run(repo, tmp_path)
    findings = [f for e in data["files"] for f in e["findings"]]
    parsed = junitparser.JUnitXml.fromfile(str(report))
    cases = [case for suite in parsed for case in suite]
    failed = [c for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)]
    errored = [c for c in cases if any(isinstance(r, junitparser.Error) for r in c.result)]
    assert (parsed.tests, parsed.failures, parsed.errors) == (len(cases), len(failed), len(errored))
    assert len(errored) == 1 and failed
    parsed.update_statistics()                               # recomputed from the cases: unchanged
    assert (parsed.tests, parsed.failures, parsed.errors) == (len(cases), len(failed), len(errored))
    with open(report, encoding="utf-8") as fh:
        _, outcome = xunitparser.parse(fh)
    assert (outcome.testsRun, len(outcome.failures), len(outcome.errors)) == (len(cases), len(failed), 1)
    if shutil.which("junit2html") is None and not _has_module("junit2htmlreport"):
        pytest.skip("junit2html is not installed (test extra)")
    page = tmp_path / "r.html"
    subprocess.run([sys.executable, "-m", "junit2htmlreport", str(report), str(page)], check=True, timeout=300)
    shown = html.unescape(page.read_text(encoding="utf-8"))
    for finding in findings:
        assert f":{finding['line']}:{finding['column']}: {finding['rule']} [{finding['severity']}] " \
               f"{finding['message']}" in shown


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_junit_is_well_formed_whatever_the_text_holds() -> None:
    nasty = "a\x1b[2J\x07\x00\ud800]]><&\"'\u202e"
    finding = Finding(rule="ZG999", category="typo", severity="error", start=0, end=1, message=nasty,
                      name="x" + nasty, suggestion=nasty)
    result = FileResult(path="x" + nasty + ".txt", findings=[finding])
    for fmt in ("junit",):
        text = render(fmt, [result, FileResult(path=nasty, kind="error", error=nasty)], RenderContext(ruleset=RULES))
        root = ET.fromstring(text.encode("utf-8"))
        assert root.get("failures") == "1" and root.get("errors") == "1"
        assert machine_safe(nasty) in "".join(root.itertext())


# ---------------------------------------------------------------------------------- GitHub

def _runner_parse(line: str) -> tuple[str, dict[str, str], str]:
    """A port of the Actions runner's ``ActionCommand.TryParseV2`` (``::name k=v,k=v::data``)."""
    assert line.startswith("::")
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2:]
    name, _, props = head.partition(" ")
    unescape_data = lambda s: s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")  # noqa: E731
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
                           .replace("%2C", ",").replace("%25", "%"))
    return name, properties, unescape_data(data)


def test_github_annotations_escape_like_the_runner_reads() -> None:
    nasty = "50%: a,b\r\nc %0A\x1b[31m\u202e"
    finding = Finding(rule="ZG999", category="typo", severity="warning", start=0, end=3, message=nasty,
                      suggestion="fix: it, now")
    text = "abc\ndef\n"
    from checker.model import Notice

    result = FileResult(path=f"dir/{nasty}.txt", notice=Notice(text=text), findings=[finding])
    lines = render("github", [result], RenderContext(root=Path.cwd())).splitlines()
    assert len(lines) == 1 and "\x1b" not in lines[0] and "\r" not in lines[0]
    name, props, message = _runner_parse(lines[0])
    assert name == "warning"
    assert props["file"] == f"dir/{machine_safe(nasty)}.txt"
    assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == ("1", "1", "1", "4")
    assert props["title"] == "ZG999 typo"
    assert message == machine_safe(nasty) + "\n修改建议：fix: it, now"


def test_github_paths_are_relative_to_the_repository_root_from_any_folder(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    outputs = []
    for cwd in (repo, repo / "sub"):
        proc = _zgcheck(["check", ".." if cwd.name == "sub" else ".", "--format", "github"], cwd)
        assert proc.returncode == 2
        stdout = proc.stdout.decode("utf-8")
        assert "\x1b" not in stdout and "\x07" not in stdout
        outputs.append(sorted(stdout.splitlines()))
    assert outputs[0] == outputs[1]
    files = {_runner_parse(line)[1]["file"] for line in outputs[0]}
    assert files == {"通报 #1%/县 水务#局%.txt", "same.txt", machine_safe(ESC_NAME), "empty.txt"}


# ------------------------------------------------------------------------- streaming sinks

@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_streaming_sink_writes_what_render_writes(fmt: str) -> None:
    results = [check_text(NOTICE, "a.txt", Settings(), RULES), FileResult(path="b.txt", kind="error", error="坏"),
               check_text(NOTICE.replace("文旅局", "体育局"), "c.txt", Settings(), RULES)]
    ctx = RenderContext(ruleset=RULES, version="1.0.0", root=Path.cwd())
    from checker import formatters

    module = __import__(f"checker.formatters.{formatters.FORMATS[fmt]}", fromlist=["open_sink"])
    assert hasattr(module, "open_sink"), "the format must stream"
    written: list[str] = []
    sink = open_sink(fmt, ctx, written.append)
    sink.add(results[0])
    # SARIF and GitHub write a file's findings as it comes (SARIF after its header); JUnit holds
    # the suites back (in a spooled temporary file) until the root's totals are known
    assert len(written) == {"sarif": 2, "github": 1, "junit": 0}[fmt]
    assert fmt == "junit" or "ZG10" in written[-1]
    for result in results[1:]:
        sink.add(result)
    sink.close()
    assert "".join(written) == render(fmt, results, ctx)


# ---------------------------------------------------------------------------------- Action

def test_action_declares_its_output_and_sets_up_its_own_python() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.zgcheck.outputs.exit-code }}"
    steps = action["runs"]["steps"]
    setup = steps[0]
    assert setup["uses"].startswith("actions/setup-python@") and setup["with"]["update-environment"] is False
    install = next(s for s in steps if s.get("name") == "Install zgcheck")
    # pip runs only inside the action's own virtual environment, never on the system Python
    assert "-m venv" in install["run"] and re.findall(r"\S+ -m pip", install["run"]) == ['"$ZG_VENV/bin/python" -m pip']
    run = next(s for s in steps if s.get("id") == "zgcheck")
    assert run["env"]["ZG_BIN"].endswith("/zgcheck-venv/bin/zgcheck") and "ZG_BIN" in run["run"]
    upload = steps[-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}" and "always()" in upload["if"]


def test_action_validates_against_the_github_action_schema(tmp_path: Path) -> None:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    if not os.access(tool, os.X_OK):
        pytest.skip("check-jsonschema is not installed (test extra)")
    ok = subprocess.run([tool, "--builtin-schema", "vendor.github-actions", str(REPO / "action.yml")],
                        capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # the schema does catch a broken action: a composite output without its value
    broken = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    del broken["outputs"]["exit-code"]["value"]
    (tmp_path / "action.yml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    bad = subprocess.run([tool, "--builtin-schema", "vendor.github-actions", str(tmp_path / "action.yml")],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0
