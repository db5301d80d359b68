"""Coverage-guided fuzzing of the config loader and the user rule and lexicon loader (atheris).

Input: the first byte chooses what the rest becomes, in a fresh folder —
0 ``.zgcheck.yaml``; 1 ``pyproject.toml``; 2 a user rule file ``rules/ZG901.yaml`` [NUL its
``rules/lexicons/user.yaml``] beside a config with ``rule_paths: [rules]``; 3 that lexicon file
alone, beside a fixed user rule that uses its ``user_words``.

Each is loaded the way ``zgcheck check`` loads it (``Resolver.ruleset``: read and validate the
config, load built-in and user rules and lexicons, check the names the config uses), then a
small notice in the folder is checked with it (``check_path``, so user patterns run under their
time budget). Properties: the load ends in a rule set or a ``ConfigError`` / ``RuleError`` of
one line; the check gives a result (an error of one line) whose findings lie in the text; a
stopped user rule is one line. Anything else is a crash.

    python tests/fuzz/fuzz_config.py -atheris_runs=5000
    python tests/fuzz/fuzz_config.py -max_total_time=120 -artifact_prefix=/tmp/zg-
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

import _common as C

if __name__ == "__main__":
    C.supervise()               # the harness runs in a child process; its scratch folder is removed after
C.instrument_checker()

from checker.config import ConfigError  # noqa: E402
from checker.engine import RuleError  # noqa: E402
from checker.runner import Resolver, RunPlan, check_path  # noqa: E402

WORK: Path | None = None

NOTICE = ("关于某县林业局巡察整改进展情况的通报\n一、整改落实情况\n"
          "1.关于护林员管理不规范的问题。整改情况：已完成，修订管理办法1项。\n"
          "2.关于资金拨付滞后的问题。整改措施：将于2025年6月底前拨付到位。\n"
          "联系电话：0000-1122334。\n")

RULE = ("id: ZG901\nname: my-words\ncategory: vague\nseverity: info\nscope: item\n"
        "message: 用了自定义词表中的说法。\nmessage_en: Uses a phrase from the user's list.\n"
        "description: 命中自定义词表。\nrationale: 本单位的写作规范。\n"
        "condition: {type: exists, lexicon: user_words}\nexamples:\n  flag: []\n  pass: []\n")

LEXICON = ("user_words:\n  terms: [高度重视, 认真研究]\n  patterns: ['进一步[加强完善]']\n"
           "  except: [不够高度重视]\n  except_patterns: ['《[^》]{0,20}》']\n")

CONFIGS = [
    "select: [deadline, ZG201]\nignore: [ZG301]\nseverity: {ZG101: error, numbering: info}\nfail_on: error\n",
    "lexicons:\n  future_markers: [择期]\nissuer_aliases: [本局]\nmax_file_size: 100000\nlang: en\n",
    "include: ['*.txt', 'notices/**/*.md']\nexclude: ['draft-*']\nper_path_ignores:\n  'notice*.txt': [ZG101]\n",
    "rule_options:\n  ZG203: {}\n",
    "x: &a 1\ny: *a\n",
    "select: &s [ZG101]\nignore: *s\n",
    '"unknown key": 1\n', 'severity: {"ZG1O1": error}\n', 'include: ["[a"]\n', 'lexicons: {"no such": [x]}\n',
    "",
]
PYPROJECT = ("[project]\nname = 'x'\n\n[tool.zgcheck]\nselect = [\"ZG101\", \"numbering\"]\nfail_on = \"error\"\n"
             "max_file_size = 4096\n\n[tool.zgcheck.severity]\nZG201 = \"info\"\n")


def materialise(data: bytes, folder: Path) -> Path:
    """Write one fuzz input as files in ``folder``; the config file to load."""
    mode, rest = (data[0] % 4, data[1:]) if data else (0, b"")
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    if mode == 0:
        config = folder / ".zgcheck.yaml"
        config.write_bytes(rest)
        return config
    if mode == 1:
        config = folder / "pyproject.toml"
        config.write_bytes(rest)
        return config
    rules = folder / "rules"
    (rules / "lexicons").mkdir(parents=True)
    if mode == 2:
        parts = rest.split(b"\x00", 1)
        (rules / "ZG901.yaml").write_bytes(parts[0])
        if len(parts) > 1:
            (rules / "lexicons" / "user.yaml").write_bytes(parts[1])
    else:
        (rules / "ZG901.yaml").write_text(RULE, encoding="utf-8")
        (rules / "lexicons" / "user.yaml").write_bytes(rest)
    config = folder / ".zgcheck.yaml"
    config.write_text("rule_paths: [rules]\n", encoding="utf-8")
    return config


def seeds() -> list[bytes]:
    out = [b"\x00" + c.encode("utf-8") for c in CONFIGS]
    out.append(b"\x01" + PYPROJECT.encode("utf-8"))
    out.append(b"\x02" + RULE.encode("utf-8") + b"\x00" + LEXICON.encode("utf-8"))
    out.append(b"\x02" + RULE.replace("{type: exists, lexicon: user_words}",
                                      "{type: requires, if: {type: exists, lexicon: future_markers}, then: "
                                      "{type: any_of, of: [{type: exists, lexicon: deadlines, in: item}, "
                                      "{type: field, names: [整改时限]}]}}").encode("utf-8"))
    out.append(b"\x02" + RULE.replace("flag: []", "flag: ['高度重视。']").replace("pass: []", "pass: ['已完成。']")
               .encode("utf-8") + b"\x00" + LEXICON.encode("utf-8"))
    out.append(b"\x03" + LEXICON.encode("utf-8"))
    out.append(b"\x03" + "user_words: [a, b]\nother:\n  patterns: ['(?<=x)y', '[\\u4e00-\\u9fff]{2,4}局']\n"
               .encode("utf-8"))
    return out


def test_one_input(data: bytes) -> None:
    folder = Path(tempfile.mkdtemp(dir=WORK))
    try:
        config = materialise(data, folder)
        resolver = Resolver(RunPlan())
        try:
            resolver.ruleset(config)
        except (ConfigError, RuleError) as exc:
            C.check_one_line(str(exc), type(exc).__name__)
            return
        result = check_path(str(folder / "notice.txt"), config, resolver)
        if result.kind == "error":
            C.check_one_line(result.error, "check_path error")
            if "内部错误" in result.error or "internal error" in result.error:
                C.fail("internal error", result.error)
            return
        for message in result.rule_errors:
            C.check_one_line(message, "stopped user rule")
        C.check_notice(result.notice)
        C.check_findings(result.notice.text, result.findings, result.notice.items)
        C.check_result_json(result)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    global WORK
    args, WORK = C.prepare(sys.argv, "config", seeds(), C.CONFIG_TOKENS)
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
