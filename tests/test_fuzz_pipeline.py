"""Fuzz the whole pipeline: random bytes and mutated notices → a result or a SourceError, never a crash."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.config import Settings
from checker.engine import load_ruleset
from checker.runner import Resolver, RunPlan, check_path

RULES = load_ruleset(Settings())
EXAMPLE = (Path(__file__).resolve().parents[1] / "examples" / "county-water-bureau.txt").read_bytes()
RESOLVER = Resolver(RunPlan())


def _check_bytes(data: bytes, suffix: str = ".txt"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        result = check_path(str(path), None, RESOLVER)
    if result.kind == "error":
        assert result.error and "\n" not in result.error
    else:
        text = result.notice.text
        for f in result.findings:
            assert 0 <= f.start <= f.end <= len(text) and f.line >= 1 and f.column >= 1
    return result


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".html", ".docx"]))
def test_random_bytes(data: bytes, suffix: str) -> None:
    _check_bytes(data, suffix)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(EXAMPLE)), st.integers(0, 40), st.binary(max_size=12)), max_size=8))
def test_mutated_notice(mutations) -> None:
    data = bytearray(EXAMPLE)
    for pos, cut, insert in mutations:
        pos = min(pos, len(data))
        data[pos:pos + cut] = insert
    _check_bytes(bytes(data))


# ------------------------------------------------------------------ readers (issue 22)

def _base_docx() -> bytes:
    from hostile_docx import valid_docx

    return valid_docx(["关于某县巡察整改进展情况的通报", "一、整改落实情况",
                       "1.关于制度不健全的问题", "整改情况：已完成整改，修订制度3项。"])


BASE_DOCX = _base_docx()
MEMBERS = ["word/document.xml", "word/numbering.xml", "word/styles.xml", "[Content_Types].xml",
           "word/_rels/document.xml.rels"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MEMBERS),
       st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 30), st.binary(max_size=16)), min_size=1, max_size=6))
def test_mutated_docx_member(member: str, mutations) -> None:
    """A .docx whose one XML member is damaged: a result or one line, never a traceback."""
    from hostile_docx import rezip

    def mutate(name: str, raw: bytes) -> bytes:
        if name != member:
            return raw
        data = bytearray(raw)
        for pos, cut, insert in mutations:
            pos = min(pos, len(data))
            data[pos:pos + cut] = insert
        return bytes(data)

    _check_bytes(rezip(BASE_DOCX, mutate), ".docx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(BASE_DOCX)), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6))
def test_mutated_docx_container(patches) -> None:
    """Bytes of the zip container itself overwritten (headers, sizes, CRCs, compressed data)."""
    data = bytearray(BASE_DOCX)
    for pos, value in patches:
        data[pos:pos + len(value)] = value
    _check_bytes(bytes(data)[:len(BASE_DOCX)], ".docx")


NOTICE_TEXT = st.text(alphabet=st.sampled_from(list("关于整改情况已完成问题制度台账一二三（）、。：；\n 123.")), max_size=300)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTICE_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"]),
       st.integers(0, 3))
def test_encoded_text_possibly_truncated(text: str, codec: str, cut: int) -> None:
    data = text.encode(codec)
    _check_bytes(data[:len(data) - cut] if cut else data)


LINES = st.sampled_from(["1.关于", "（一）", "问题1：", "一、", "1.", "①", "第四项", "一、整改落实情况", "二、下一步工作",
                         "1.关于制度不健全的问题。已完成。", "1.关于制度不健全的问题", "整改情况：已完成。",
                         "整改措施：修订制度。", "责任单位：县水利局", "一是加强学习。", "已完成整改。",
                         "反馈问题\t整改情况", "台账不全\t已补录台账12本。", "联系电话：0123-4567890", "2024年5月1日",
                         "存在问题：台账不全", "完成时限：2024年底", "一、关于党建方面", ""])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=14))
def test_parser_never_fails_on_line_mixtures(lines) -> None:
    from checker.parse import parse_notice

    notice = parse_notice("\n".join(lines))
    assert not notice.limits_hit
