"""HTML reports for an archive: `-o DIR/` (and many files) writes an index page and one page per file."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli
from checker.formatters.archive import page_name, script_json
from checker.formatters.html import FOLDER_THRESHOLD

NOTICE = """中共示例县{unit}党组关于巡察整改进展情况的通报
根据县委统一部署，县委第二巡察组对县{unit}党组开展了常规巡察。现将整改进展情况予以公布。
一、巡察反馈问题整改落实情况
1.关于“农村供水工程管护不到位”的整改情况。进一步加强管护，持续推进整改工作。
2.关于“项目资金拨付滞后”的整改情况。局计财股牵头，已于2024年6月拨付资金120万元，完成全部8个项目结算。
3.关于“{problem}”的整改情况。组织全体干部认真学习有关文件，深刻认识问题的严重性。
欢迎广大干部群众对巡察整改落实情况进行监督。联系方式：电话0000-1234567；电子邮箱：swj@example.cn。
中共示例县{unit}党组
2024年8月1日
"""
HOSTILE_PROBLEM = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic"]


def _notices(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"{n:02d}-notice.txt"
        path.write_text(NOTICE.format(unit=f"第{n}局", problem="学习教育不深入"), encoding="utf-8")
        paths.append(path)
    return paths


def _rows(index_html: str) -> list[list]:
    blob = re.search(r'<script type="application/json" id="rows">(.*?)</script>', index_html, re.S)
    assert blob is not None
    return json.loads(blob.group(1))


def _json_results(*paths: Path) -> dict[str, dict]:
    out = run_cli("check", "--format", "json", *map(str, paths))
    return {f["path"]: f for f in json.loads(out.stdout)["files"]}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sections = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        if tag == "a" and attr.get("href"):
            self.hrefs.append(attr["href"])
        if tag == "section" and "file" in (attr.get("class") or "").split():
            self.sections += 1


def test_folder_run_writes_index_and_one_page_per_file(tmp_path: Path) -> None:
    inputs = _notices(tmp_path / "in", 3)
    weak = tmp_path / "in" / "03-weak.txt"
    weak.write_text(NOTICE.format(unit="水务", problem="管理不规范").replace("局计财股牵头，已于2024年6月拨付资金120万元，", ""),
                    encoding="utf-8")
    bad = tmp_path / "in" / "04-broken.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8" * 3 + b"\x80")
    out = tmp_path / "report"
    result = run_cli("check", "--format", "html", "-o", f"{out}/", str(tmp_path / "in"))
    assert result.returncode == 2, result.stderr        # the broken file; the others are still reported
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = _rows(index)
    assert len(rows) == 5
    expected = _json_results(*inputs, weak)
    by_path = {row[0]: row for row in rows}
    pages = sorted(p.name for p in (out / "files").iterdir())
    assert len(pages) == 5
    for path, entry in expected.items():
        row = by_path[path]
        assert row[4] == entry["kind"] == "notice"
        assert row[5] == len(entry["items"]) and row[7] == len(entry["findings"])
        weak_items = {f["item"] for f in entry["findings"] if f.get("item") is not None}
        assert row[6] == len(weak_items)
        per_cat: dict[str, int] = {}
        for f in entry["findings"]:
            per_cat[f["category"]] = per_cat.get(f["category"], 0) + 1
        assert row[9] == per_cat
        assert row[2].startswith("中共示例县") and row[3]              # issuer and genre
        page = out / row[1]                                            # href relative to the index
        assert page.parent == out / "files" and page.exists()
        text = page.read_text(encoding="utf-8")
        for f in entry["findings"]:
            assert f["message"] in text
        links = _Links()
        links.feed(text)
        assert "../index.html" in links.hrefs and links.sections == 1
    broken = next(row for row in rows if row[0].endswith("04-broken.txt"))
    assert broken[4] == "error" and broken[10]
    assert (out / broken[1]).exists()
    assert 'id="files"' in index and "<svg" in index                 # the table and the category chart
    assert "http://" not in index.replace("http://www.w3.org/2000/svg", "") and "https://" not in index
    assert not list(out.rglob("*.tmp"))


def test_hostile_text_and_file_names_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a<b>.txt", "关于<i>整改<i>的通报.txt", "x&amp;\"'.txt"]
    for name in names:
        (folder / name).write_text(NOTICE.format(unit="<b>局</b>", problem=HOSTILE_PROBLEM), encoding="utf-8")
    out = tmp_path / "report"
    assert run_cli("check", "--format", "html", "-o", f"{out}/", str(folder)).returncode == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img src=x", "<b>", "<i>整改"):
        assert raw not in index
    rows = _rows(index)
    assert sorted(Path(row[0]).name for row in rows) == sorted(names)
    assert any("<b>局</b>" in row[2] for row in rows)                  # kept as text, escaped in the blob
    for page in (out / "files").iterdir():
        assert re.fullmatch(r"[\w.\-]+\.html", page.name) and "<" not in page.name
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>局" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_names_are_safe_unique_and_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")                        # a relative path resolves from here: ../../etc/passwd is /etc/passwd
    used: set[str] = set()
    root = Path("/repo")
    names = [page_name(p, root, used) for p in
             ["/repo/a/b.txt", "/repo/a__b.txt", "/repo/A/B.txt", "../../etc/passwd", "/repo/通报/关于整改的通报.txt",
              "/repo/index", "/repo/" + "长" * 200 + ".txt", "-"]]
    assert names[0] == "a__b.txt.html" and names[1] == "a__b.txt-2.html" and names[2] == "A__B.txt-3.html"
    assert names[3] == "etc__passwd.html"                             # no .. left
    assert names[4] == "通报__关于整改的通报.txt.html"
    assert names[5] == "index-2.html"                                 # never the index page's name
    assert len(names[6].encode("utf-8")) < 200 and names[6].endswith("长.txt.html")
    assert names[7] == "stdin.html"
    assert len(set(n.lower() for n in names)) == len(names)
    assert all("/" not in n and not n.startswith(".") for n in names)


def test_script_json_cannot_close_its_element() -> None:
    blob = str(script_json(["</script><script>alert(1)</script>", "a & b", "\u2028"]))
    assert "<" not in blob and ">" not in blob and "&" not in blob and "\u2028" not in blob
    assert json.loads(blob) == ["</script><script>alert(1)</script>", "a & b", "\u2028"]


def test_single_file_keeps_the_single_page(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "one.html"
    assert run_cli("check", "--format", "html", "-o", str(out), str(examples_dir / "county-water-bureau.txt")).returncode == 1
    html = out.read_text(encoding="utf-8")
    links = _Links()
    links.feed(html)
    assert links.sections == 1 and 'id="rows"' not in html and "../index.html" not in links.hrefs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.html"]     # no pages folder
    stdout = run_cli("check", "--format", "html", str(examples_dir / "county-water-bureau.txt")).stdout.decode()
    assert stdout == html


def test_a_few_files_keep_one_page_many_get_a_folder(tmp_path: Path) -> None:
    few = _notices(tmp_path / "few", FOLDER_THRESHOLD)
    out = tmp_path / "few.html"
    assert run_cli("check", "--format", "html", "-o", str(out), *map(str, few)).returncode == 1
    links = _Links()
    links.feed(out.read_text(encoding="utf-8"))
    assert links.sections == FOLDER_THRESHOLD and not (tmp_path / "few_files").exists()

    many = _notices(tmp_path / "many", FOLDER_THRESHOLD + 1)
    out = tmp_path / "many.html"
    assert run_cli("check", "--format", "html", "-o", str(out), str(tmp_path / "many")).returncode == 1
    rows = _rows(out.read_text(encoding="utf-8"))
    assert len(rows) == len(many)
    assert all(row[1].startswith("many_files/") and (tmp_path / row[1]).exists() for row in rows)
    page = (tmp_path / rows[0][1]).read_text(encoding="utf-8")
    assert 'href="../many.html"' in page
    (tmp_path / "clash_files").write_text("not a folder", encoding="utf-8")
    clash = run_cli("check", "--format", "html", "-o", str(tmp_path / "clash.html"), str(tmp_path / "many"))
    assert clash.returncode == 2 and len(clash.stderr.decode().strip().splitlines()) == 1
    assert "clash_files" in clash.stderr.decode() and not (tmp_path / "clash.html").exists()


def test_many_files_to_stdout_stream_one_page(tmp_path: Path) -> None:
    _notices(tmp_path / "many", FOLDER_THRESHOLD + 2)
    html = run_cli("check", "--format", "html", str(tmp_path / "many")).stdout.decode()
    links = _Links()
    links.feed(html)
    assert links.sections == FOLDER_THRESHOLD + 2
    assert f'<b id="total-files">{FOLDER_THRESHOLD + 2}</b>' in html
    # written last, shown first by the page's script; every file is in the page's index
    assert html.index('id="summary"') > html.index('class="file card"')
    assert sum(1 for h in links.hrefs if h.startswith("#file-")) == FOLDER_THRESHOLD + 2
    assert html.rstrip().endswith("</html>")


def test_other_formats_refuse_a_folder(tmp_path: Path, examples_dir: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for args in (["--format", "json", "-o", str(folder)], ["--format", "text", "-o", f"{tmp_path}/new/"],
                 ["--format", "text", "--output-format", f"sarif:{folder}"]):
        result = run_cli("--lang", "en", "check", *args, str(examples_dir / "ledger-table.txt"))
        assert result.returncode == 2
        err = result.stderr.decode().strip()
        assert len(err.splitlines()) == 1 and "only --format html writes a folder" in err
    assert list(folder.iterdir()) == [] and not (tmp_path / "new").exists()
    missing = run_cli("check", "--format", "html", "-o", f"{tmp_path}/no/such/", str(examples_dir / "ledger-table.txt"))
    assert missing.returncode == 2 and "无法创建报告文件夹" in missing.stderr.decode()
    extra = run_cli("check", "--format", "text", "--output-format", f"html:{folder}", str(examples_dir / "ledger-table.txt"))
    assert extra.returncode == 1 and (folder / "index.html").exists() and len(list((folder / "files").iterdir())) == 1


def _chromium(tmp_path: Path, page: Path) -> str:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                           page.as_uri()], capture_output=True, timeout=120).stdout.decode("utf-8", "replace")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package chromium) not installed")
def test_index_loads_in_headless_chromium(tmp_path: Path) -> None:
    _notices(tmp_path / "in", 3)
    (tmp_path / "in" / "h<i>.txt").write_text(NOTICE.format(unit="局", problem=HOSTILE_PROBLEM), encoding="utf-8")
    out = tmp_path / "report"
    assert run_cli("check", "--format", "html", "-o", f"{out}/", str(tmp_path / "in")).returncode == 1
    dom = _chromium(tmp_path, out / "index.html")
    assert "data-ready-ms=" in dom                                   # the script ran to the end
    rows = re.findall(r'<tr data-kind="notice"[^>]*>(.*?)</tr>', dom, re.S)
    assert len(rows) == 4
    assert "h&lt;i&gt;.txt" in dom and "<i>" not in dom               # text nodes, not markup
    assert 'href="files/' in dom
    assert "alert(1)" not in dom.split('id="rows"')[0]                # not executed, only in the data blob
    # filter and sort as a reader would: type in the search box, click the findings heading twice
    html = (out / "index.html").read_text(encoding="utf-8")
    probe = ("<script>var q = document.getElementById('q'); q.value = 'h<i'; q.dispatchEvent(new Event('input'));"
             "document.body.dataset.filtered = document.querySelectorAll('#files tbody tr[data-kind]').length;"
             "q.value = ''; q.dispatchEvent(new Event('input'));"
             "var th = document.querySelector('th[data-key=findings]'); th.click(); th.click();"
             "document.body.dataset.ascending = JSON.stringify(Array.from("
             "document.querySelectorAll('#files tbody tr')).map(function (tr) { return parseInt(tr.cells[5].textContent); }));"
             "</script></body>")
    (out / "probe.html").write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = _chromium(tmp_path, out / "probe.html")
    assert 'data-filtered="1"' in dom
    order = json.loads(re.search(r'data-ascending="([^"]*)"', dom).group(1))
    assert len(order) == 4 and order == sorted(order) and order[0] < order[-1]


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium (Debian package chromium) not installed")
def test_english_chart_labels_are_not_clipped(tmp_path: Path, examples_dir: Path) -> None:
    page = tmp_path / "en.html"
    assert run_cli("--lang", "en", "check", "--format", "html", "-o", str(page), str(examples_dir)).returncode == 1
    html = page.read_text(encoding="utf-8")
    assert "plans only, no progress" in html
    # measure every label's box in the browser: it must start inside the chart, also in a font as
    # wide as the Latin glyphs of the CJK fonts the page asks for first (monospace: 0.6 em a letter)
    probe = ("<script>var labels = Array.from(document.querySelectorAll('svg.chart text[data-label]'));"
             "labels.forEach(function (t) { t.style.fontFamily = 'monospace'; });"
             "document.body.dataset.labels = JSON.stringify(labels.map(function (t) {"
             "var b = t.getBBox(); return [t.textContent, b.x, b.x + b.width]; }));</script></body>")
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = _chromium(tmp_path, page)
    found = re.search(r'data-labels="([^"]*)"', dom)
    assert found is not None
    labels = json.loads(found.group(1).replace("&quot;", '"'))
    assert {name for name, _, _ in labels} >= {"plans only, no progress", "no responsible unit", "study only"}
    for name, left, right in labels:
        assert left >= 0, f"label {name!r} is clipped ({left:.1f} px)"


def test_each_finding_shows_its_suggestion(tmp_path: Path) -> None:
    from checker.config import Settings
    from checker.engine import load_ruleset
    from checker.formatters import RenderContext, render
    from checker.runner import check_text

    rules = load_ruleset(Settings())
    result = check_text(NOTICE.format(unit="局", problem="学习不深入"), "n.txt", Settings(), rules)
    assert len(result.findings) >= 2
    first, second = result.findings[0], result.findings[1]
    first.suggestion, first.suggestion_en = "写明完成时限，如“2025年6月底前”<b>", "state a deadline <b>"
    second.suggestion, second.suggestion_en = "", ""
    zh = render("html", [result], RenderContext(lang="zh", ruleset=rules))
    assert zh.count("修改建议：写明完成时限，如“2025年6月底前”&lt;b&gt;") >= 2      # item table and note
    assert '<div class="fix">修改建议：</div>' not in zh                              # none for the empty one
    en = render("html", [result], RenderContext(lang="en", ruleset=rules))
    assert "Suggestion: state a deadline &lt;b&gt;" in en and "修改建议" not in en


def test_workers_held_back_still_give_every_result_in_input_order(tmp_path: Path) -> None:
    # more tasks than the runner keeps in flight (16 per worker): results still complete and ordered
    _notices(tmp_path / "in", 40)
    serial = run_cli("check", "--format", "json", "--jobs", "1", str(tmp_path / "in"))
    parallel = run_cli("check", "--format", "json", "--jobs", "2", str(tmp_path / "in"))
    files = [f["path"] for f in json.loads(parallel.stdout)["files"]]
    assert len(files) == 40 and files == sorted(files)
    assert parallel.stdout == serial.stdout
