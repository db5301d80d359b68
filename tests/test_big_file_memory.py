"""Memory of one big file (issue 22.8): what the parser keeps flat or makes lazily must read the
same as before. A table of many numbered rows keeps its number labels flat (``FlatLabels``),
and an item of thousands of 一是/二是 measures is split lazily; the findings and the model the
rules see are the same. (Peak memory itself is measured by ``tests/bench/bigfile.py``.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.config import Settings
from checker.engine import load_ruleset
from checker.model import NumberLabel, Span
from checker.parse import parse_notice
from checker.parse import structure
from checker.parse.label_store import FLAT_FROM, FlatLabels
from checker.parse.limits import MAX_MEASURES
from checker.parse.measures import split_measures
from conftest import run_cli

RULESET = load_ruleset(Settings())
TABLE_HEAD = "关于巡察整改进展情况的通报\n序号\t问题\t整改措施\t责任单位\t完成情况\n"


def table(numbers: list[int]) -> str:
    return TABLE_HEAD + "".join(f"{n}\t台账登记不全\t已补齐台账\t县财政局\t已完成\n" for n in numbers)


def numbers_with_slips(rows: int) -> list[int]:
    """1, 2, … with a skipped number at index FLAT_FROM + 500 and a repeated one at
    FLAT_FROM + 900 (past the threshold from which the labels are kept flat)."""
    skip, repeat = FLAT_FROM + 500, FLAT_FROM + 900
    numbers = list(range(1, skip + 1)) + list(range(skip + 2, repeat + 2))
    return numbers + [numbers[-1]] + list(range(numbers[-1] + 1, numbers[-1] + 1 + rows - len(numbers) - 1))


def test_a_big_table_reports_numbering_slips_past_the_flat_threshold(tmp_path: Path) -> None:
    numbers = numbers_with_slips(FLAT_FROM + 2000)
    text = table(numbers)
    path = tmp_path / "table.txt"
    path.write_text(text, encoding="utf-8")
    done = run_cli("check", str(path), "--format", "json")
    assert done.returncode in (0, 1), done.stderr.decode()
    found = [f for f in json.loads(done.stdout)["files"][0]["findings"] if f["rule"] == "ZG201"]
    skipped = f"\n{numbers[FLAT_FROM + 500]}\t"
    repeated = text.index(f"\n{numbers[FLAT_FROM + 900]}\t", text.index(f"\n{numbers[FLAT_FROM + 899]}\t") + 1)
    assert [(f["start"], f["end"]) for f in found] == [
        (text.index(skipped) + 1, text.index(skipped) + len(skipped) - 1),
        (repeated + 1, repeated + 1 + len(str(numbers[FLAT_FROM + 900])))]
    assert "不连续" in found[0]["message"] and "重复" in found[1]["message"]


def test_flat_labels_read_as_the_list_and_give_the_same_findings(monkeypatch) -> None:
    text = table(numbers_with_slips(FLAT_FROM + 1200))
    flat = parse_notice(text)
    assert isinstance(flat.labels, FlatLabels)
    monkeypatch.setattr(structure, "FLAT_FROM", 10 ** 9)
    plain = parse_notice(text)
    assert isinstance(plain.labels, list) and len(plain.labels) == len(flat.labels) > FLAT_FROM
    assert list(flat.labels) == plain.labels and flat.labels[-1] == plain.labels[-1]
    assert RULESET.check(flat) == RULESET.check(plain)


def test_flat_labels_keep_texts_values_and_parents_they_cannot_derive() -> None:
    source = "（一）甲\n1.乙\n"
    labels = FlatLabels(source)
    given = [NumberLabel("（一）", "cn-paren", 1, 0, Span(0, 3), "items", None),
             NumberLabel("1.", "num-dot", 1, 1, Span(5, 7), "items", 0),
             NumberLabel("3.", "num-dot", 3, 1, Span(5, 7), "items", 0),                 # a Word list label
             NumberLabel("9" * 30, "num-dot", int("9" * 30), 1, Span(5, 7), "next_steps", None)]
    for label in given:
        labels.append(label)
    assert list(labels) == given and labels[-1] == given[-1] and len(labels) == 4 and labels
    with pytest.raises(IndexError):
        labels[4]


def test_an_item_of_thousands_of_measures_keeps_the_first_and_runs_the_last_to_its_end() -> None:
    body = "整改情况：" + "".join(f"{'一二三四五六七八九'[n % 9]}是加强资金管理落实责任{n}项；" for n in range(3000))
    found = split_measures(body, 5, len(body))
    assert len(found) == MAX_MEASURES
    starts = [m.span.start for m in found]
    assert starts == [body.index(f"是加强资金管理落实责任{n}项") - 1 for n in range(MAX_MEASURES)]
    assert [m.marker for m in found[:3]] == ["一是", "二是", "三是"]
    assert found[-1].span.end == len(body) and found[-2].span.end == starts[-1]
