"""A digest of the JSON contract on the development seeds, for the no-regression test.

The seeds are published texts and are never copied into the project, so the digest keeps
offsets, rule ids, severities and line/column as they are, and only a short hash of any
text (labels, group titles, issuers, messages). Refresh it deliberately, after checking
that a change of findings is intended:

    .venv/bin/python tests/snapshot.py --update
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
SNAPSHOT = REPO / "tests" / "data" / "seed_findings.json"


def _h(text: str | None) -> str | None:
    return None if text is None else hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def digest(contract: dict, contract_en: dict) -> dict:
    """Per seed file: kind, encoding, items and findings with texts hashed."""
    english = {Path(f["path"]).name: f for f in contract_en["files"]}
    out: dict[str, object] = {}
    for f in contract["files"]:
        name = Path(f["path"]).name
        en = english[name]
        out[name] = {
            "kind": f["kind"], "encoding": f["encoding"], "error": _h(f["error"]), "issuer": _h(f.get("issuer")),
            "items": [[i["index"], _h(i["label"]), _h(i["group"]), i["problem"], i["rectification"]]
                      for i in f["items"]],
            "findings": [[x["rule"], x["category"], x["severity"], x["item"], x["start"], x["end"], x["line"],
                          x["column"], _h(x["message"]), _h(y["message"])]
                         for x, y in zip(f["findings"], en["findings"])],
        }
        assert len(f["findings"]) == len(en["findings"]), name
    return out


def dumps(snapshot: dict) -> str:
    """One line per item and per finding, so a diff of the snapshot reads like a diff of findings."""
    lines = ["{"]
    for n, (name, f) in enumerate(sorted(snapshot.items())):
        lines.append(f" {json.dumps(name)}: {{")
        head = {k: v for k, v in f.items() if k not in ("items", "findings")}
        lines.append("  " + json.dumps(head, sort_keys=True)[1:-1] + ",")
        for key in ("items", "findings"):
            rows = [json.dumps(r) for r in f[key]]
            lines.append(f'  "{key}": [' + ("\n   " + ",\n   ".join(rows) + "\n  " if rows else "") + "]"
                         + ("," if key == "items" else ""))
        lines.append(" }" + ("," if n < len(snapshot) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def current(jobs: int = 2) -> dict:
    """Run the checker as a fresh process over the seeds (zh and en) and digest the contract."""
    def run(*extra: str) -> dict:
        proc = subprocess.run([sys.executable, "-m", "checker", "check", "--format", "json", "--jobs", str(jobs),
                               *extra, str(SEEDS)], cwd=REPO, capture_output=True, text=True, timeout=300,
                              env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
        assert proc.returncode in (0, 1), proc.stderr
        return json.loads(proc.stdout)

    return digest(run(), run("--lang", "en"))


if __name__ == "__main__":
    if "--update" not in sys.argv:
        sys.exit("usage: tests/snapshot.py --update   (rewrites tests/data/seed_findings.json)")
    SNAPSHOT.write_text(dumps(current()), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
