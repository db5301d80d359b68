"""examples/README.rst says exactly what zgcheck finds in each example (issue 21.6).

Each example has a section titled with its file name and a table of findings per rule and
severity; this test runs the real CLI on examples/ and compares the tables with its JSON.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLES

README = EXAMPLES / "README.rst"
_TITLE = re.compile(r"^`([^`]+\.txt)`\n-+$", re.M)
_ROW = re.compile(r"^(ZG\d{3})\s+(error|warning|info)\s+(\d+)\s*$", re.M)


def readme_tables(text: str) -> dict[str, Counter]:
    """File name → Counter of (rule, severity) from the README's per-file tables."""
    titles = list(_TITLE.finditer(text))
    tables: dict[str, Counter] = {}
    for n, m in enumerate(titles):
        end = titles[n + 1].start() if n + 1 < len(titles) else len(text)
        rows = _ROW.findall(text, m.end(), end)
        tables[m.group(1)] = Counter({(rule, sev): int(count) for rule, sev, count in rows})
    return tables


def test_readme_tables_parse() -> None:
    tables = readme_tables(README.read_text(encoding="utf-8"))
    assert sorted(tables) == sorted(p.name for p in EXAMPLES.glob("*.txt"))
    assert all(sum(t.values()) > 0 for t in tables.values())


def test_readme_says_what_zgcheck_finds(cli) -> None:
    r = cli("check", "--format", "json", str(EXAMPLES))
    assert r.returncode in (0, 1), r.stderr.decode("utf-8", "replace")
    found = {Path(f["path"]).name: Counter((x["rule"], x["severity"]) for x in f["findings"])
             for f in json.loads(r.stdout.decode("utf-8"))["files"]}
    listed = readme_tables(README.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(listed)
    for name in found:
        assert found[name] == listed[name], (
            f"examples/README.rst is out of step for {name}: it lists {sorted(listed[name].items())}, "
            f"zgcheck finds {sorted(found[name].items())}")


def test_readme_is_valid_rst() -> None:
    docutils = pytest.importorskip("docutils.core", reason="docutils not installed: the RST is not validated")
    import io

    errors = io.StringIO()
    docutils.publish_doctree(README.read_text(encoding="utf-8"),
                             settings_overrides={"warning_stream": errors, "report_level": 2})
    assert errors.getvalue() == ""
