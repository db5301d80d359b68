"""Accuracy on the development set with the shared scorer (skipped when ../shared is absent)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, SKIP_REASON, corpus_available

SCORER = CORPUS.parent / "tools" / "score.py"
TARGETS = {"segmentation": 0.95, "deadline": 0.85, "responsibility": 0.85, "study-only": 0.85, "vague": 0.85,
           "future-only": 0.85, "numbering": 0.8, "structure": 0.8, "duplicate": 0.8, "count": 0.8,
           "contact": 0.8, "typo": 0.8, "formulation": 0.8, "not-a-notice": 1.0}


@pytest.mark.skipif(not (corpus_available() and SCORER.exists()), reason=SKIP_REASON)
def test_development_set_targets() -> None:
    run = f"{sys.executable} -m checker check --format json"
    proc = subprocess.run([sys.executable, str(SCORER), "--gold", str(CORPUS / "gold"), "--sources",
                           str(CORPUS / "seeds"), "--run", run, "--json"], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    figures = json.loads(proc.stdout.splitlines()[0])
    low = {k: round(figures[k]["f1"], 2) for k, target in TARGETS.items()
           if figures[k]["f1"] is not None and figures[k]["f1"] < target - 1e-9}
    assert not low, f"below target: {low}"


@pytest.mark.skipif(not corpus_available(), reason=SKIP_REASON)
def test_reports_render_the_seeds(seeds_dir: Path) -> None:
    from checker.config import Settings
    from checker.engine import load_ruleset
    from checker.formatters import RenderContext, render
    from checker.runner import check_text

    rules = load_ruleset(Settings())
    seed = sorted(seeds_dir.glob("001_*.txt"))[0]
    result = check_text(seed.read_text(encoding="utf-8"), str(seed), Settings(), rules)
    html = render("html", [result], RenderContext(ruleset=rules))
    md = render("markdown", [result], RenderContext(ruleset=rules))
    assert len(result.notice.items) == 52
    for item in result.notice.items:
        assert f">{item.label}" in html or item.label in html
    for f in result.findings:
        assert f.message in html
    assert md.count("\n| ") >= 52
