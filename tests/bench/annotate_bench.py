"""Benchmark of ``--annotate`` (Word comments): run by hand, never collected by pytest.

    .venv/bin/python tests/bench/annotate_bench.py            # 2,000 items; 20,000 existing comments
    .venv/bin/python tests/bench/annotate_bench.py --quick    # 1/4 of each

Two generated drafts (invented text, built in a temp dir, nothing committed), each at 1× and 16×:
  * items: a notice of N numbered items, most of them weak (3–4 findings each), every paragraph
    in two runs so that spans cross run boundaries;
  * existing comments: a notice of 200 items whose body already carries C reviewer comments
    (anchored on the items' paragraphs), the case of a draft that went round a review.
For each it times ``write_annotated`` alone (the draft is read and checked beforehand) and
prints the 16×/1× ratio: a linear annotator stays near 16 (the target is at most ~20).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import docx
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from checker.annotate import write_annotated  # noqa: E402
from checker.config import Settings  # noqa: E402
from checker.engine import load_ruleset  # noqa: E402
from checker.runner import check_text  # noqa: E402
from checker.source import read_source  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

HEAD = ["中共示例市交通运输局党组关于市委巡察整改进展情况的通报",
        "根据市委统一部署，2024年3月至5月，市委第二巡察组对市交通运输局党组开展了常规巡察。现将整改进展情况予以公布。",
        "一、巡察反馈问题整改落实情况"]
WEAK = ["{n}.关于“第{n}项工程监管不到位”的整改情况。进一步加强监管，持续推进整改工作。",
        "{n}.关于“第{n}项资金管理不规范”的整改情况。正在推进资金清理，逐步完善管理台账。",
        "{n}.关于“第{n}项学习教育不深入”的整改情况。组织全体干部集中学习有关规定，召开专题会议进行警示教育。"]
SOUND = "{n}.关于“第{n}项档案管理不规范”的整改情况。局办公室负责，已于2024年6月完成{n}卷档案整理。"
TAIL = ["欢迎广大干部群众对巡察整改落实情况进行监督。联系方式：电话0000-1234567；电子邮箱：jtj@example.cn。",
        "中共示例市交通运输局党组", "2024年8月1日"]


def notice_lines(items: int) -> list[str]:
    body = [(SOUND if n % 4 == 0 else WEAK[n % 3]).format(n=n) for n in range(1, items + 1)]
    return HEAD + body + TAIL


def write_draft(path: Path, items: int, existing_comments: int = 0) -> Path:
    document = docx.Document()
    paragraphs = []
    for line in notice_lines(items):
        para = document.add_paragraph()
        half = len(line) // 2
        para.add_run(line[:half])
        para.add_run(line[half:])
        paragraphs.append(para)
    if existing_comments:
        _add_existing_comments(document, paragraphs[len(HEAD):len(HEAD) + items], existing_comments)
    document.save(path)
    return path


def _add_existing_comments(document, paragraphs, count: int) -> None:
    """``count`` reviewer comments written straight into the XML (python-docx's own
    ``add_comment`` rescans every comment for a new id, far too slow to build 20,000)."""
    first = document.add_comment(paragraphs[0].runs[0], text="审阅意见 0", author="审阅人", initials="SY")
    comments = first._comment_elm.getparent()
    template = etree.tostring(first._comment_elm)
    for cid in range(1, count):
        para = paragraphs[cid % len(paragraphs)]._p
        runs = para.findall(f"{W}r")
        el = etree.fromstring(template)
        el.set(f"{W}id", str(cid))
        for t in el.iter(f"{W}t"):
            t.text = f"审阅意见 {cid}"
        comments.append(el)
        start = etree.Element(f"{W}commentRangeStart")
        start.set(f"{W}id", str(cid))
        runs[0].addprevious(start)
        end = etree.Element(f"{W}commentRangeEnd")
        end.set(f"{W}id", str(cid))
        ref_run = etree.Element(f"{W}r")
        ref = etree.SubElement(ref_run, f"{W}commentReference")
        ref.set(f"{W}id", str(cid))
        runs[-1].addnext(ref_run)
        runs[-1].addnext(end)


def time_annotate(draft: Path, rules) -> tuple[float, int, int]:
    source = read_source(draft)
    result = check_text(source.text, str(draft), Settings(), rules, source_format="docx",
                        list_labels=source.list_labels)
    out = draft.with_name(draft.stem + ".reviewed.docx")
    t0 = time.perf_counter()
    written = write_annotated(draft, result, out, "zh")
    elapsed = time.perf_counter() - t0
    return elapsed, written, len(docx.Document(out).comments)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a quarter of each size")
    parser.add_argument("--items", type=int, default=2000, help="items at 16× (default 2000)")
    parser.add_argument("--comments", type=int, default=20000, help="existing comments at 16× (default 20000)")
    args = parser.parse_args()
    scale = 4 if args.quick else 1
    rules = load_ruleset(Settings())
    rows = []
    with tempfile.TemporaryDirectory(prefix="zg-annotate-bench-") as tmp:
        for label, make in (
            ("items", lambda n, p: write_draft(p, n)),
            ("existing comments", lambda n, p: write_draft(p, 200, n)),
        ):
            big = (args.items if label == "items" else args.comments) // scale
            times = []
            for n in (big // 16, big):
                draft = make(n, Path(tmp) / f"{label.replace(' ', '-')}-{n}.docx")
                elapsed, written, total = time_annotate(draft, rules)
                times.append(elapsed)
                rows.append((label, n, written, total, elapsed))
                print(f"{label:>18} {n:>7,}: {written:>6,} comments written, {total:>6,} in the copy, "
                      f"{elapsed:8.2f} s", flush=True)
            print(f"{'':>18} 16×/1× time ratio: {times[1] / max(times[0], 1e-9):.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
