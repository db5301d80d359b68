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
