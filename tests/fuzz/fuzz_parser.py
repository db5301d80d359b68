"""Coverage-guided fuzzing of the parser and the rules (atheris).

Input: the first byte's low bit says whether Word-style list labels (not in the text) are put
on every third line, as a .docx gives them; the rest, decoded as UTF-8 (bad bytes replaced),
is the notice text.

Properties: ``parse_notice`` returns a Notice (``ParseFailure`` is a parser bug: a crash) whose
spans all lie in the text, an item's label, problem, rectification, measures and fields inside
the item (or its label alone on the line before); every finding of the built-in rules points into the text (an item's finding into its
item), with the line and column of its offset; the JSON object of the result can be rendered.

    python tests/fuzz/fuzz_parser.py -atheris_runs=20000
    python tests/fuzz/fuzz_parser.py -max_total_time=120 -artifact_prefix=/tmp/zg-
"""
from __future__ import annotations

import sys

import atheris

import _common as C

if __name__ == "__main__":
    C.supervise()               # the harness runs in a child process; its scratch folder is removed after
C.instrument_checker()

from checker.config import Settings  # noqa: E402
from checker.engine import load_ruleset  # noqa: E402
from checker.findings import FileResult  # noqa: E402
from checker.parse import parse_notice  # noqa: E402
from checker.textpos import LineIndex  # noqa: E402

SETTINGS = Settings()
RULES = load_ruleset(SETTINGS)
LABELS = ("一、", "（一）", "1.", "（1）", "①")

INVENTED = ("关于某县市场监管局巡察整改进展情况的通报\n"
            "根据县委统一部署，县委第三巡察组对县市场监管局党组开展了巡察。现将整改进展情况公布如下。\n"
            "一、关于食品安全监管不到位的问题\n"
            "（一）抽检覆盖面不足。整改情况：已完成。新增抽检批次300批。\n"
            "（二）执法记录不完整。整改措施：一是补录执法记录；二是计划于2025年底前完成系统上线。责任单位：执法大队。\n"
            "二、下一步工作\n将持续抓好整改。\n联系电话：0000-7654321。\n中共某县市场监管局党组\n2024年11月30日\n")


def decode(data: bytes) -> tuple[str, dict[int, str]]:
    """(text, list labels) of one fuzz input."""
    if not data:
        return "", {}
    flags, text = data[0], data[1:].decode("utf-8", "replace")
    labels: dict[int, str] = {}
    if flags & 1:
        starts = [0] + [k + 1 for k, c in enumerate(text) if c == "\n"]
        labels = {start: LABELS[(k + flags // 2) % len(LABELS)] for k, start in enumerate(starts) if k % 3 == 1}
    return text, labels


def seeds() -> list[bytes]:
    texts = C.example_texts() + [INVENTED]
    out = [b"\x00" + t.encode("utf-8") for t in texts]
    out.append(b"\x01" + INVENTED.encode("utf-8"))
    out.append(b"\x00" + INVENTED.replace("\n", "\r\n").encode("utf-8"))
    out.append(b"\x00" + "| 序号 | 问题 | 整改情况 |\n| --- | --- | --- |\n| 1 | 台账不全 | 已补录台账12本。 |\n"
               .encode("utf-8"))
    out.append(b"\x00" + "序号\t反馈问题\t整改措施\t整改时限\t整改状态\n1\t制度不全\t修订制度3项\t2024年底\t已完成\n"
               .encode("utf-8"))
    out.append(b"\x00" + "1.关于\n（一）\n问题1：\n一、\n①\n第四项\n整改情况：\n".encode("utf-8"))
    return out


def test_one_input(data: bytes) -> None:
    text, labels = decode(data)
    notice = parse_notice(text, list_labels=labels)    # ParseFailure: a crash, its cause chained
    if notice.text != text:
        C.fail("the notice's text is not the input", len(notice.text))
    C.check_notice(notice)
    stopped: list = []
    findings = RULES.check(notice, stopped=stopped)
    if stopped:
        C.fail("a built-in rule was stopped by the user-pattern budget", stopped)
    index = LineIndex(text)
    for f in findings:
        f.line, f.column = index.line_col(f.start)
    C.check_findings(text, findings, notice.items)
    C.check_result_json(FileResult(path="<fuzz>", kind=notice.kind, notice=notice, findings=findings))


def main() -> None:
    args, _scratch = C.prepare(sys.argv, "parser", seeds(), C.NOTICE_TOKENS)
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
