"""Accuracy on the development set with the shared scorer (skipped when ../shared is absent)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, SKIP_REASON, corpus_available

SCORER = CORPUS.parent / "tools" / "score.py"
ITEM_CATEGORIES = ("deadline", "responsibility", "study-only", "vague", "future-only")
DOC_CATEGORIES = ("numbering", "structure", "duplicate", "count", "contact", "typo", "formulation")
# issue targets: segmentation 0.98 (reading every shape), item categories 0.93, document
# categories with gold entries 0.90; not-a-notice exact. The development sets are the seeds
# (real published notices, gold/) and the hand-written drafts (drafts/, their own keys).
TARGETS = {"segmentation": 0.98, **{c: 0.93 for c in ITEM_CATEGORIES}, **{c: 0.90 for c in DOC_CATEGORIES},
           "not-a-notice": 1.0}
SETS = {"seeds": ("gold", "seeds"), "drafts": ("drafts", "drafts")}


@pytest.mark.skipif(not (corpus_available() and SCORER.exists()), reason=SKIP_REASON)
@pytest.mark.parametrize("name", sorted(SETS))
def test_development_set_targets(name: str) -> None:
    gold, sources = SETS[name]
    if not (CORPUS / gold).is_dir():
        pytest.skip(f"../shared/corpus/{gold} not present")
    run = f"{sys.executable} -m checker check --format json"
    proc = subprocess.run([sys.executable, str(SCORER), "--gold", str(CORPUS / gold), "--sources",
                           str(CORPUS / sources), "--run", run, "--json"], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    figures = json.loads(proc.stdout.splitlines()[0])
    low = {k: round(figures[k]["f1"], 2) for k, target in TARGETS.items()
           if figures[k]["f1"] is not None and figures[k]["f1"] < target - 1e-9}
    assert not low, f"{name}: below target: {low}"


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
