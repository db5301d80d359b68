"""Every machine format reports the same findings; SARIF structure; suppression; baseline stability."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.baseline import apply_baseline, load_baseline, write_baseline
from checker.config import Settings
from checker.engine import load_ruleset
from checker.formatters import RenderContext, render
from checker.runner import check_text

RULES = load_ruleset(Settings())
NOTICE = """中共示例县文旅局党组关于巡察整改进展情况的通报
根据县委统一部署，县委巡察组对县文旅局党组开展了巡察。现将整改进展情况公布如下。
1.关于“景区门票管理混乱”的整改情况。进一步加强管理，持续规范门票工作。
2.关于“文物保护经费使用不规范”的整改情况。局财务股牵头，已追回违规使用经费3.2万元。
3.关于“公共文化服务不到位”的整改情况。正在推进村级文化室改造。
联系方式：电话；电子邮箱：。
"""


def _result(text: str = NOTICE, path: str = "notices/a.txt"):
    return check_text(text, path, Settings(), RULES)


def _keys_from_all_formats(results) -> dict[str, list[tuple[str, int, int]]]:
    ctx = RenderContext(lang="zh", ruleset=RULES, version="t", options={"fail_on": "info"})
    out: dict[str, list[tuple[str, int, int]]] = {}
    data = json.loads(render("json", results, ctx))
    out["json"] = sorted((f["rule"], f["line"], f["column"]) for e in data["files"] for f in e["findings"])
    # a multi-line GitHub annotation has no column (GitHub refuses one): take it from the JSON
    json_columns = {(line, rule): column for rule, line, column in out["json"]}
    sarif = json.loads(render("sarif", results, ctx))
    out["sarif"] = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                           r["locations"][0]["physicalLocation"]["region"]["startColumn"])
                          for r in sarif["runs"][0]["results"])
    gh = []
    for line in render("github", results, ctx).splitlines():
        props = dict(p.split("=", 1) for p in line.split("::")[1].split(" ", 1)[1].split(","))
        column = json_columns[(int(props["line"]), props["title"].split(" ")[0])] if "col" not in props else None
        gh.append((props["title"].split(" ")[0], int(props["line"]), int(props.get("col", column or 0))))
    out["github"] = sorted(gh)
    root = ET.fromstring(render("junit", results, ctx))
    junit = []
    for element in [*root.iter("failure"), *root.iter("system-out")]:
        for line in element.text.splitlines():
            found = re.match(r"^(.*):(\d+):(\d+): (\S+) \[", line)
            if found:
                junit.append((found[4], int(found[2]), int(found[3])))
    out["junit"] = sorted(junit)
    gl = json.loads(render("gitlab", results, ctx))
    out["gitlab"] = sorted((i["check_name"], i["location"]["lines"]["begin"], 0) for i in gl)
    return out


def test_all_formats_report_the_same_findings() -> None:
    keys = _keys_from_all_formats([_result()])
    assert keys["json"], "the example notice must have findings"
    for name in ("sarif", "github", "junit"):
        assert keys[name] == keys["json"], name
    assert [(r, l) for r, l, _ in keys["gitlab"]] == [(r, l) for r, l, _ in keys["json"]]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=5))
def test_formats_agree_on_random_subsets(picks: list[int]) -> None:
    lines = NOTICE.splitlines()
    items = [lines[2 + i] for i in sorted(set(picks))]
    text = "\n".join(lines[:2] + items + lines[5:]) + "\n"
    keys = _keys_from_all_formats([_result(text)])
    for name in ("sarif", "github", "junit"):
        assert keys[name] == keys["json"], name


def test_sarif_shape() -> None:
    sarif = json.loads(render("sarif", [_result()], RenderContext(ruleset=RULES, version="t")))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["partialFingerprints"]["zgcheck/v1"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "notices/a.txt",
                                                                               "uriBaseId": "%SRCROOT%"}
    for rule in run["tool"]["driver"]["rules"]:
        assert "helpUri" not in rule            # no page documents the rules: no link is made up
        assert rule["help"]["text"] and rule["help"]["markdown"]


def test_inline_suppression_and_unused_report() -> None:
    text = NOTICE.replace("1.关于", "<!-- zgcheck: disable=vague -->\n1.关于", 1) + "<!-- zgcheck: disable=ZG203 -->\n"
    result = check_text(text, "a.md", Settings(), RULES, source_format="markdown")
    assert "vague" not in {f.category for f in result.findings}
    assert {f.category for f in result.suppressed} == {"vague"}
    assert [kind for kind, _, _ in result.suppression_notes] == ["unused"]
    whole = check_text("<!-- zgcheck: disable-file -->\n" + NOTICE, "a.md", Settings(), RULES, source_format="markdown")
    assert whole.findings == [] and whole.suppressed


def test_baseline_survives_renumbering_and_inserted_lines(tmp_path: Path) -> None:
    base = tmp_path / "b.json"
    write_baseline(base, [_result()])
    lines = NOTICE.splitlines()
    first, second = lines[2], lines[3]
    lines[2], lines[3] = "1." + second[2:], "2." + first[2:]          # swap the items and renumber them
    lines.insert(2, "按照有关要求，整改工作由领导小组统筹推进。")      # and insert a line above them
    edited = "\n".join(lines) + "\n"
    moved = [_result(edited)]
    apply_baseline(moved, load_baseline(base))
    assert moved[0].findings == [] and moved[0].suppressed
    # a second copy of the same weak sentence is new
    doubled = NOTICE.replace("联系方式", "4.关于“景区门票管理混乱”的整改情况。进一步加强管理，持续规范门票工作。\n联系方式")
    again = [_result(doubled)]
    apply_baseline(again, load_baseline(base))
    assert again[0].findings and all(f.item == 3 for f in again[0].findings if f.item is not None)


def test_sarif_validates_against_the_official_schema() -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parent / "vendor" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    error_result = check_text(NOTICE, "b.txt", Settings(), RULES)
    from checker.findings import FileResult

    results = [_result(), error_result, FileResult(path="bad.txt", kind="error", error="bad.txt: 文件为空")]
    for lang in ("zh", "en"):
        sarif = json.loads(render("sarif", results, RenderContext(lang=lang, ruleset=RULES, version="0.1.0")))
        jsonschema.Draft4Validator(schema).validate(sarif)
