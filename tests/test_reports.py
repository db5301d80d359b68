"""Human reports: terminal, HTML (escaping, browser), Markdown — asserting content."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from checker.config import Settings
from checker.engine import load_ruleset
from checker.formatters import RenderContext, render
from checker.runner import check_text

RULES = load_ruleset(Settings())
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _example(name: str = "county-water-bureau.txt"):
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return check_text(text, f"examples/{name}", Settings(), RULES)


def test_text_report_lines_and_summary() -> None:
    result = _example()
    out = render("text", [result], RenderContext(lang="zh", ruleset=RULES, options={"group_by": "finding"}))
    for f in result.findings:
        assert f"examples/county-water-bureau.txt:{f.line}:{f.column}" in out
        assert f.message in out
    assert "\x1b[" not in out                                   # no colour unless asked
    coloured = render("text", [result], RenderContext(lang="zh", ruleset=RULES, color=True))
    assert "\x1b[" in coloured
    english = render("text", [result], RenderContext(lang="en", ruleset=RULES))
    assert result.findings[0].message_en in english and result.findings[0].message not in english


def test_html_report_content() -> None:
    result = _example()
    html = render("html", [result], RenderContext(lang="zh", ruleset=RULES, version="t"))
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    for item in result.notice.items:
        assert item.label in html
    for f in result.findings:
        assert f.message in html
    assert "<svg" in html and "@media print" in html


def test_html_escapes_document_text() -> None:
    hostile = ("关于巡察整改的通报\n1.关于“<script>alert(1)</script>”的整改情况。\"><img src=x onerror=alert(1)> {{ 7*7 }} 进一步加强。\n")
    result = check_text(hostile, "h.txt", Settings(), RULES)
    html = render("html", [result], RenderContext(lang="zh", ruleset=RULES))
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "{{ 7*7 }}" in html
    md = render("markdown", [result], RenderContext(lang="zh", ruleset=RULES))
    assert "<script>" not in md


def test_markdown_table() -> None:
    result = _example()
    md = render("markdown", [result], RenderContext(lang="zh", ruleset=RULES))
    assert "| 序号 | 问题 |" in md
    rows = [line for line in md.splitlines() if line.startswith("| 2. |")]
    assert rows and "✗" in rows[0]                               # item 2 is weak
    assert any(line.startswith("| 1. |") and "✗" not in line for line in md.splitlines())


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium (Debian package chromium) not installed")
def test_html_in_headless_chromium(tmp_path: Path) -> None:
    result = _example()
    page = tmp_path / "report.html"
    page.write_text(render("html", [result], RenderContext(lang="zh", ruleset=RULES)), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    flags = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run(flags + [f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
    dom = subprocess.run(flags + ["--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout.decode()
    for f in result.findings:
        assert f.message in dom


def test_progress_bar_draws_and_clears() -> None:
    import io

    from checker.progress import Progress

    buf = io.StringIO()
    with Progress(3, True, buf) as bar:
        for _ in range(3):
            bar.advance()
    out = buf.getvalue()
    assert "3/3" in out and out.endswith("\r")
    quiet = io.StringIO()
    with Progress(3, False, quiet) as bar:
        bar.advance()
    assert quiet.getvalue() == ""
