"""Optimisations must not change what zgcheck finds: the seeds' findings equal the checked-in digest."""
from __future__ import annotations

import json

import pytest

from conftest import SKIP_REASON, corpus_available
from snapshot import SNAPSHOT, current


@pytest.mark.seeds
@pytest.mark.skipif(not corpus_available(), reason=SKIP_REASON)
@pytest.mark.parametrize("jobs", [1, 2])
def test_seed_findings_unchanged(jobs: int) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = current(jobs)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name]["items"] == expected[name]["items"], name
        missing = [f for f in expected[name]["findings"] if f not in got[name]["findings"]]
        extra = [f for f in got[name]["findings"] if f not in expected[name]["findings"]]
        assert not missing and not extra, f"{name}: missing {missing[:5]}, extra {extra[:5]}"
        assert got[name] == expected[name], name
