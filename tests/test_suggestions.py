"""Issue 21.1 and 21.3: every finding carries a suggestion built from what the rule found, and
severities follow the policy grounds (an open commitment with neither a time limit nor a
responsible unit is an error, either gap alone a warning)."""
from __future__ import annotations

import json
import re

import pytest

from checker.config import Settings
from checker.engine import example_notice, load_ruleset
from checker.parse import parse_notice

RULESET = load_ruleset(Settings())
RULES = sorted(RULESET.all_rules, key=lambda r: r.id)
_QUOTED = re.compile(r"“([^“”]+)”")

HEAD = ("中共某县统计局党组关于巡察整改进展情况的通报\n"
        "根据县委统一部署，县委第一巡察组对县统计局党组开展了巡察。现将整改进展情况公布如下。\n")
CONTACT = "欢迎广大干部群众监督。联系方式：电话0000-1234567；电子邮箱：tj@example.cn。\n"


def findings(text: str, rule: str | None = None):
    found = RULESET.check(parse_notice(text))
    return [f for f in found if rule is None or f.rule == rule]


def quotes_the_text(suggestion: str, text: str) -> bool:
    """Whether the suggestion quotes words of the notice (“…” with at least two characters of it)."""
    return any(len(q.rstrip("…")) >= 2 and q.rstrip("…") in text for q in _QUOTED.findall(suggestion))


def _flag_cases():
    for rule in RULES:
        for n, example in enumerate(rule.examples.get("flag", [])):
            yield pytest.param(rule, example, id=f"{rule.id}-{n}")


# What each rule's suggestion must contain of what the rule found, beyond being non-empty.
def _found_in(rule_id: str, f, text: str) -> bool:
    s = f.suggestion
    evidence = text[f.start:f.end]
    if rule_id in ("ZG101",):
        return quotes_the_text(s, evidence) or re.search(r"\d{4}年6月底前|3个月内", s) is not None
    if rule_id in ("ZG102", "ZG104", "ZG105", "ZG202", "ZG206"):
        return quotes_the_text(s, text) or ("。" in s and "句号" in s)
    if rule_id == "ZG103":
        return quotes_the_text(s, text) or "修订" in s
    if rule_id == "ZG201":
        return quotes_the_text(s, evidence)
    if rule_id == "ZG203":
        return re.search(r"第\d+项", s) is not None
    if rule_id == "ZG204":
        return all(n in s for n in re.findall(r"\d+", evidence)[:1])
    if rule_id == "ZG205":
        return "联系电话" in s or any(w in s for w in ("电话", "邮箱"))
    if rule_id == "ZG207":
        return quotes_the_text(s, evidence) or (s.count("《") >= 1 and evidence.startswith("《") and evidence in s)
    if rule_id == "ZG208":
        return "整改情况" in s
    if rule_id == "ZG301":
        return "通报" in s
    raise AssertionError(f"no expectation for {rule_id}")


@pytest.mark.parametrize(("rule", "example"), list(_flag_cases()))
def test_every_flag_example_gets_a_suggestion_built_from_the_item(rule, example) -> None:
    notice = example_notice(rule, example)
    found = [f for f in RULESET.check(notice, [rule]) if f.rule == rule.id]
    assert found
    for f in found:
        assert f.suggestion and f.suggestion_en, (rule.id, f.message)
        assert "{" not in f.suggestion and "{" not in f.suggestion_en
        assert _found_in(rule.id, f, notice.text), (rule.id, f.suggestion)


def test_every_rule_declares_suggestions_severity_reason_and_fix() -> None:
    for rule in RULES:
        assert rule.suggestion.get("default") and rule.suggestion_en.get("default"), rule.id
        assert rule.example_fix, rule.id
        for text in (rule.rationale, rule.rationale_en):
            assert "DOMAIN" not in text and "RUBRIC" not in text and ".md" not in text, rule.id
        assert "级别" in rule.rationale and "Severity" in rule.rationale_en, rule.id


def test_deadline_suggestion_names_the_open_clause_and_a_dated_form() -> None:
    text = HEAD + "1.关于“仓库管理混乱”的整改情况。局办公室牵头，2024年3月已清点物资。正在推进物资仓库改造，逐步完善台账。\n" + CONTACT
    [f] = findings(text, "ZG101")
    assert "在“正在推进物资仓库改造”后写明完成时限" in f.suggestion
    assert "2025年6月底前" in f.suggestion          # the year after the latest the notice names
    assert "正在推进物资仓库改造" in f.suggestion_en


def test_vague_suggestion_quotes_the_slogans() -> None:
    text = HEAD + "1.关于“河长制落实不扎实”的整改情况。进一步加强河长制工作，切实提升治理水平。\n" + CONTACT
    [f] = findings(text, "ZG104")
    assert "“进一步加强河长制工作”“切实提升治理水平”" in f.suggestion
    assert "数量" in f.suggestion and "文件" in f.suggestion


def test_study_only_suggestion_names_the_problem_and_a_real_change() -> None:
    text = HEAD + "1.关于“工程招标程序不规范”的整改情况。局办公室组织全体干部学习招标法规，召开专题会议。\n" + CONTACT
    [f] = findings(text, "ZG103")
    assert "针对“工程招标程序不规范”" in f.suggestion
    assert all(w in f.suggestion for w in ("修订", "追回", "责任人"))


def test_typo_and_formulation_suggestions_give_the_corrected_text() -> None:
    text = HEAD + ("1.关于“学习不深入”的整改情况。局办公室已已完成学习习新时代中国特色社会主义思想，严格执行集中制，"
                   "对照《中华人民共和国招投标实施条例》复核项目2个。\n") + CONTACT
    sugg = {f.suggestion for f in findings(text)}
    assert "把“已已”改为“已”。" in sugg
    assert "把“习新时代”改为“习近平新时代”。" in sugg
    assert "把“集中制”改为“民主集中制”。" in sugg
    assert any("《中华人民共和国招标投标法实施条例》" in s for s in sugg)


def test_count_numbering_duplicate_contact_suggestions() -> None:
    measure = "局办公室牵头，已完成全部186卷档案整理并逐卷编制目录，建立借阅登记制度，追回外借档案12卷。"
    text = (HEAD.replace("开展了巡察。", "开展了巡察，反馈了5个问题。")
            + f"1.关于“档案管理不规范”的整改情况。{measure}\n"
            + "3.关于“车辆管理混乱”的整改情况。局办公室已处置超标车辆2辆，追回费用0.8万元。\n"
            + f"4.关于“印章管理不规范”的整改情况。{measure}\n"
            + "联系方式：电话；电子邮箱：。\n")
    by_rule = {f.rule: f for f in findings(text)}
    assert "5" in by_rule["ZG204"].suggestion and "3" in by_rule["ZG204"].suggestion
    assert "把“3.”改为“2.”" in by_rule["ZG201"].suggestion
    assert "第1项" in by_rule["ZG203"].suggestion
    assert "电话、电子邮箱" in by_rule["ZG205"].suggestion
    assert by_rule["ZG205"].severity == "error"      # empty values: an unfilled placeholder


def test_missing_contact_line_suggestion_shows_the_form() -> None:
    text = HEAD + "1.关于“数据审核不严”的整改情况。局综合股牵头，已于2024年5月修订《数据审核办法》。\n"
    [f] = findings(text, "ZG205")
    assert "联系电话：" in f.suggestion and "电子邮箱：" in f.suggestion
    assert f.severity == "warning"


# ------------------------------------------------------------------ severities

def test_deadline_and_responsibility_together_are_errors_alone_warnings() -> None:
    text = HEAD + ("1.关于“仓库管理混乱”的整改情况。正在推进物资仓库改造，逐步完善台账。\n"
                   "2.关于“车辆管理混乱”的整改情况。局办公室正在推进车辆管理系统建设。\n"
                   "3.关于“档案管理不规范”的整改情况。已完成186卷档案整理，建立借阅登记台账1本。\n") + CONTACT
    sev = {(f.rule, f.item): f.severity for f in findings(text) if f.rule in ("ZG101", "ZG102")}
    assert sev[("ZG101", 0)] == sev[("ZG102", 0)] == "error"
    assert sev[("ZG101", 1)] == "warning" and ("ZG102", 1) not in sev
    assert sev[("ZG102", 2)] == "warning" and ("ZG101", 2) not in sev


def test_escalation_does_not_depend_on_select_and_config_wins() -> None:
    text = HEAD + "1.关于“仓库管理混乱”的整改情况。正在推进物资仓库改造，逐步完善台账。\n" + CONTACT
    only = load_ruleset(Settings(select=["ZG101"]))
    [f] = only.check(parse_notice(text))
    assert f.rule == "ZG101" and f.severity == "error"
    lowered = load_ruleset(Settings(severity={"deadline": "info"}))
    assert {f.severity for f in lowered.check(parse_notice(text)) if f.rule == "ZG101"} == {"info"}


def test_fail_on_error_selects_the_graver_findings(cli, tmp_path) -> None:
    warn = tmp_path / "warn.txt"
    warn.write_text(HEAD + "1.关于“车辆管理混乱”的整改情况。局办公室正在推进车辆管理系统建设。\n" + CONTACT, encoding="utf-8")
    err = tmp_path / "err.txt"
    err.write_text(HEAD + "1.关于“仓库管理混乱”的整改情况。正在推进物资仓库改造，逐步完善台账。\n" + CONTACT, encoding="utf-8")
    assert cli("check", "--fail-on", "error", str(warn)).returncode == 0
    assert cli("check", "--fail-on", "warning", str(warn)).returncode == 1
    assert cli("check", "--fail-on", "error", str(err)).returncode == 1


# ------------------------------------------------------------------ outputs

def test_json_findings_gain_suggestion_key(cli, examples_dir) -> None:
    for lang, marker in (("zh", "写明"), ("en", "e.g.")):
        r = cli("check", "--format", "json", "--lang", lang, str(examples_dir / "county-water-bureau.txt"))
        data = json.loads(r.stdout.decode("utf-8"))
        fs = data["files"][0]["findings"]
        assert fs and all(set(f) == {"rule", "category", "severity", "item", "start", "end", "line", "column",
                                     "message", "suggestion"} for f in fs)
        assert all(f["suggestion"] for f in fs)
        assert any(marker in f["suggestion"] for f in fs)


def test_markdown_shows_suggestions(cli, examples_dir) -> None:
    r = cli("check", "--format", "markdown", str(examples_dir / "county-water-bureau.txt"))
    out = r.stdout.decode("utf-8")
    assert "  建议：在“正在推进物资仓库改造”后写明完成时限" in out
    assert "第11行 · 3.：" in out          # Chinese colon after the location
    en = cli("check", "--format", "markdown", "--lang", "en", str(examples_dir / "county-water-bureau.txt"))
    assert "  Fix: After “正在推进物资仓库改造”" in en.stdout.decode("utf-8")


def test_explain_shows_weak_and_strong_side_by_side_and_quotes_the_ground(cli) -> None:
    out = cli("explain", "ZG101").stdout.decode("utf-8")
    assert "✗ 薄弱写法" in out and "✓ 改进写法" in out
    row = next(line for line in out.splitlines() if line.startswith("  正在推进老旧管网改造"))
    assert "│ 区水务局正在推进老旧管网改造" in row
    assert "应当按照规定时间整改审计查出的问题" in out and "DOMAIN" not in out
    assert "→ 在“正在推进老旧管网改造”后写明完成时限" in out
    en = cli("explain", "--lang", "en", "ZG207").stdout.decode("utf-8")
    assert "✗ weak" in en and "Change “习新时代” to “习近平新时代”." in en


def test_rule_file_escalating_with_an_unknown_rule_is_refused(tmp_path) -> None:
    from checker.engine import RuleError

    src = (RULESET.get("ZG301").path).read_text(encoding="utf-8")
    folder = tmp_path / "rules"
    folder.mkdir()
    bad = src.replace("id: ZG301", "id: ZG901").replace("name: not-a-notice", "name: not-a-notice-copy", 1)
    (folder / "ZG901.yaml").write_text(bad, encoding="utf-8")
    assert load_ruleset(Settings(rule_paths=[str(folder)])).get("ZG901").suggestion    # the copy itself loads
    bad = bad.replace("severity: info", "severity: info\nescalate: {with: ZG999, severity: error}")
    (folder / "ZG901.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(RuleError, match="ZG999"):
        load_ruleset(Settings(rule_paths=[str(folder)]))


def test_rule_file_with_a_bad_suggestion_is_refused(tmp_path) -> None:
    from checker.engine import RuleError

    src = (RULESET.get("ZG301").path).read_text(encoding="utf-8")
    folder = tmp_path / "rules"
    folder.mkdir()
    bad = src.replace("id: ZG301", "id: ZG901").replace("name: not-a-notice", "name: not-a-notice-copy", 1)
    bad = re.sub(r"^suggestion: .*$", "suggestion: {only: 没有默认}", bad, flags=re.M)
    (folder / "ZG901.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(RuleError, match="suggestion"):
        load_ruleset(Settings(rule_paths=[str(folder)]))


# ------------------------------------------------------------------ words

def test_error_banner_names_the_path_once(cli, tmp_path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    for fmt in ("text", "markdown"):
        out = cli("check", "--format", fmt, "a.txt", cwd=tmp_path).stdout.decode("utf-8")
        assert out.count("a.txt") == 1 and "NUL" in out, out


def test_duplicate_message_never_doubles_a_label() -> None:
    measure = "召开专题会议研究部署整改工作，逐项建立问题清单、任务清单和责任清单，明确整改时限，实行销号管理，确保件件有着落。"
    text = HEAD + f"关于“档案管理不规范”的整改情况。{measure}\n关于“车辆管理混乱”的整改情况。{measure}\n" + CONTACT
    [f] = findings(text, "ZG203")
    assert "项（第" not in f.message and f.message.startswith("第2项")
    assert "第1项" in f.suggestion


def test_unbalanced_mark_suggestions_quote_the_ten_characters_next_to_the_mark() -> None:
    """ZG206 quotes at most ten characters of the clause beside the mark (issue 22.3: they are
    read from a ten-character window, never from the paragraph start)."""
    text = HEAD + ("1.关于“问题”的整改情况。已修订管理办法》，并在全县范围内组织开展专项检查工作》。"
                   "局办公室已完成“”整改，启用“新的台账登记和检查制度。\n已整改“”。\n") + CONTACT
    shown = [_QUOTED.findall(f.suggestion)[0] for f in findings(text, "ZG206")]
    assert shown == ["已修订管理办法", "组织开展专项检查工作", "局办公室已完成", "新的台账登记和检查制", "已整改"]


def test_a_paragraph_of_stray_marks_reports_each_with_the_marks_before_it() -> None:
    text = HEAD + "1.关于“问题”的整改情况。已完成清理" + "》和" * 1500 + "。\n" + CONTACT
    found = findings(text, "ZG206")
    assert len(found) == 1500
    shown = [_QUOTED.findall(f.suggestion)[0] for f in found]
    assert shown[0] == "已完成清理" and shown[2] == "已完成清理》和》和"
    assert set(shown[10:]) == {"》和" * 5}
    assert all(f.suggestion_en.startswith("The 》 after “") for f in found)


def test_a_run_of_one_stray_mark_is_one_finding_over_the_run() -> None:
    """》》》… is one typo site (issue 22.3): one finding whose span covers the run."""
    text = HEAD + "1.关于“问题”的整改情况。已完成清理" + "》" * 3000 + "。\n" + CONTACT
    [f] = findings(text, "ZG206")
    first = text.index("》")
    assert (f.start, f.end) == (first - 8, first + 3000)       # eight characters before it, as for one mark
    assert "连续3000个“》”" in f.message
    assert _QUOTED.findall(f.suggestion)[0] == "已完成清理"
    assert f.suggestion_en.startswith("The 3000 》 in a row after “已完成清理”")
