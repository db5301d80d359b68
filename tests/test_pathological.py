"""Pathological structure: limits hold, text is kept, limits are reported as structure findings."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from checker.config import Settings
from checker.engine import load_ruleset
from checker.model import Span
from checker.parse.limits import MAX_ITEMS, MAX_SCAN
from checker.runner import check_text

RULES = load_ruleset(Settings())
REPO = Path(__file__).resolve().parents[1]


def _limit_findings(result):
    return [f for f in result.findings if f.category == "structure" and "限制" in f.message]


def test_ten_thousand_items_are_capped_and_reported() -> None:
    text = "关于巡察整改的通报\n" + "\n".join(f"{i}.关于“问题{i}”的整改情况。已完成{i}项。" for i in range(1, 10001))
    result = check_text(text, "big.txt", Settings(), RULES)
    assert len(result.notice.items) == MAX_ITEMS
    assert result.notice.items[-1].label == f"{MAX_ITEMS}."
    assert _limit_findings(result)
    assert any(s.start >= result.notice.items[-1].span.end for s in result.notice.unplaced)


def test_a_line_of_one_hundred_thousand_measure_markers() -> None:
    text = "关于巡察整改的通报\n整改情况：" + "一是" * 100_000
    result = check_text(text, "m.txt", Settings(), RULES)
    (item,) = result.notice.items
    assert item.measures[-1].span.end == len(text)          # nothing dropped
    assert _limit_findings(result)


def test_a_huge_single_item_is_scanned_up_to_the_limit() -> None:
    text = "关于巡察整改的通报\n整改情况：" + "加强管理，" * (MAX_SCAN // 4)
    result = check_text(text, "l.txt", Settings(), RULES)
    assert result.notice.items and _limit_findings(result)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)


def test_every_line_a_rectification_and_deep_labels() -> None:
    text = "\n".join("整改情况：已完成。" for _ in range(300)) + "\n" + "\n".join("(" * i + "1)整改情况：已完成。" for i in range(1, 51))
    result = check_text(text, "r.txt", Settings(), RULES)
    assert len(result.notice.items) == 350


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    for i in range(60):
        (tmp_path / f"n{i}.txt").write_text("关于巡察整改的通报\n" + "\n".join(
            f"{k}.关于“问题{k}”的整改情况。进一步加强管理，持续推进。" for k in range(1, 400)), encoding="utf-8")
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "--format", "json", "--jobs", "2", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode in (130, 1, 0)          # 0/1 only if it finished before the signal
    assert b"Traceback" not in err
    if proc.returncode == 130:
        assert "中断".encode() in err


# ---------------------------------------------------------------- memory of one big file (issue 22.8)

def _big_notice(items: int) -> str:
    item = ("{n}、关于“资金管理不规范”的问题\n问题：部分项目资金拨付滞后，台账登记不完整。\n"
            "整改情况：已完成。县财政局牵头，于2024年6月底前完成台账清理，追回资金12万元，修订《资金管理办法》。\n")
    return "关于巡察整改进展情况的通报\n" + "".join(item.format(n=n) for n in range(1, items + 1))


def test_folding_a_big_text_block_by_block_gives_the_same_view(monkeypatch) -> None:
    import checker.textnorm as textnorm

    text = _big_notice(200) + "ＡＢＣ１２３，（全角）" * 500
    whole = textnorm.fold(text)
    monkeypatch.setattr(textnorm, "_FOLD_BLOCK", 997)          # block edges everywhere
    assert textnorm.fold(text) == whole and len(whole) == len(text)


def test_lines_read_their_text_from_the_notice() -> None:
    from checker.parse.lines import split_lines

    text = _big_notice(3)
    for line in split_lines(text):
        assert line.text == text[line.start:line.end] and line.source is text


def test_parsing_a_big_notice_stays_within_ten_times_its_size() -> None:
    """tracemalloc's peak (Python allocations, not the interpreter) while a 4 MB notice is
    folded and parsed: 9.8x now; with a copy of the text in every line and the whole text
    split into pieces to fold it was 11.4x."""
    text = _big_notice(16_000)
    size = len(text.encode("utf-8"))
    assert size > 3_000_000
    _, peak = _parse_peak(text, _big_notice(50))
    assert peak < 10.5 * size, (peak, size)


def _parse_peak(text: str, warm_up: str):
    """The parsed notice of ``text`` and tracemalloc's peak while parsing it; ``warm_up`` (a
    small notice of the same shape) is parsed first so that compiling the parser's regexes is
    not measured."""
    import tracemalloc

    from checker.parse import parse_notice

    parse_notice(warm_up)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        notice = parse_notice(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return notice, peak


def _table_notice(rows: int) -> str:
    head = "关于巡察整改进展情况的通报\n序号\t问题\t整改措施\t责任单位\t完成情况\n"
    return head + "".join(f"{n}\t专项资金台账登记不完整\t补齐台账，建立资金拨付月报制度\t县财政局\t已完成\n"
                          for n in range(1, rows + 1))


def test_parsing_a_big_table_stays_within_ten_times_its_size() -> None:
    """A 4.9 MB table of 45,000 rows: 8.4x now; 17.4x when every row kept a TableRow with a
    list of (start, end) tuples, every part of the parse was listed at once and the lines past
    the limit were kept (issue 22.8)."""
    text = _table_notice(45_000)
    size = len(text.encode("utf-8"))
    assert size > 4_000_000
    notice, peak = _parse_peak(text, _table_notice(50))
    assert len(notice.items) == MAX_ITEMS and len(notice.labels) == 45_000      # every row read
    assert notice.slice(notice.items[-1].fields["责任单位"]) == "县财政局"
    assert peak < 10 * size, (peak, size)


def test_a_small_table_parses_to_the_same_items_from_the_flat_rows() -> None:
    """Group rows, a continuation row, a row with more cells than the header and a short row:
    the items, fields and labels read before the rows were stored flat."""
    from checker.parse import parse_notice

    text = ("关于巡察整改进展情况的通报\n根据区委统一部署，区委巡察组反馈了问题，现将整改进展情况予以公布。\n"
            "序号\t问题\t整改措施\t责任单位\t整改时限\t完成情况\n一、党的建设方面\n"
            "1\t台账不全\t已补齐台账\t财政局\t2024年底\t已完成\n\t\t另一条措施\t\t\t\n"
            "2\t问题二\t措施一；措施二\t办公室\t\t持续推进\t多余\t更多\n二、作风方面\n3\t问题三\t开展检查\n"
            "联系电话：0000-1234567\n中共某局党组\n2024年12月5日\n")
    notice = parse_notice(text)
    got = [(it.label, notice.slice(it.problem), notice.slice(it.rectification),
            {k: notice.slice(v) for k, v in it.fields.items()}, it.group) for it in notice.items]
    assert got == [
        ("1", "台账不全", "已补齐台账\t财政局\t2024年底\t已完成\n\t\t另一条措施",
         {"整改措施": "已补齐台账", "责任单位": "财政局", "整改时限": "2024年底", "完成情况": "已完成"}, 0),
        ("2", "问题二", "措施一；措施二\t办公室\t\t持续推进\t多余\t更多",
         {"整改措施": "措施一；措施二", "责任单位": "办公室", "完成情况": "持续推进\t多余\t更多"}, 0),
        ("3", "问题三", "开展检查", {"整改措施": "开展检查"}, 1),
    ]
    assert [g.title for g in notice.groups] == ["一、党的建设方面", "二、作风方面"]
    assert [(lab.text, lab.style, lab.value) for lab in notice.labels] == [
        ("一、", "cn-dun", 1), ("1", "cell", 1), ("2", "cell", 2), ("二、", "cn-dun", 2), ("3", "cell", 3)]


def test_table_rows_give_back_what_was_added() -> None:
    from checker.parse.tables import TableRow, TableRows

    rows = TableRows(10)
    assert len(rows) == 0 and 3 not in rows and rows.get(3) is None
    roles = ["label", "problem", "整改措施"]
    rows.add(2, TableRow("PLAIN", [(0, 2), (3, 5), (6, 10)], roles))
    rows.add(3, TableRow("ROW", [(11, 12), (13, 20), (21, 30)], roles))
    rows.add(5, TableRow("ROW_CONT", [(40, 40), (41, 41)], roles[:2]))
    assert len(rows) == 3 and [i for i in range(10) if i in rows] == [2, 3, 5]
    assert rows[3] == TableRow("ROW", [(11, 12), (13, 20), (21, 30)], roles) and rows[3].roles is roles
    assert rows[5] == TableRow("ROW_CONT", [(40, 40), (41, 41)], ["label", "problem"])
    assert rows.token(2) == "PLAIN" and rows.cell_of(3, "problem") == (13, 20) and rows.cell_of(5, "整改措施") is None
    assert rows.get(4) is None and 99 not in rows and -1 not in rows


def test_lines_past_the_limit_are_one_unplaced_span_without_a_line_each() -> None:
    from checker.parse import parse_notice
    from checker.parse.limits import MAX_LINES
    from checker.parse.lines import split_lines

    text = "关于巡察整改的通报\n1.关于“台账”的问题\n整改情况：\n" + "加强管理。\n" * (MAX_LINES + 500) + "  最后一行  \n\n"
    every = split_lines(text)
    kept = split_lines(text, keep=MAX_LINES)
    assert len(kept) == MAX_LINES + 2
    assert [(x.start, x.end) for x in kept] == [(x.start, x.end) for x in every[:MAX_LINES + 1] + every[-1:]]
    notice = parse_notice(text)
    assert Span(every[MAX_LINES].start, every[-1].end) in notice.unplaced
    assert notice.text[every[-1].start:every[-1].end] == "最后一行"
    assert any(str(MAX_LINES) in hit for hit in notice.limits_hit)
    assert split_lines("一\n二\n三\n", keep=1) == split_lines("一\n二\n三\n")[:3]
