"""Pathological structure: limits hold, text is kept, limits are reported as structure findings."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from checker.config import Settings
from checker.engine import load_ruleset
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
    import tracemalloc

    from checker.parse import parse_notice

    parse_notice(_big_notice(50))               # the parser's regexes compiled before measuring
    text = _big_notice(16_000)
    size = len(text.encode("utf-8"))
    assert size > 3_000_000
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        parse_notice(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10.5 * size, (peak, size)
