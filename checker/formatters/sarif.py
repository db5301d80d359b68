"""SARIF 2.1.0 (GitHub code scanning and other viewers); columns count Unicode code points."""
from __future__ import annotations

import json
from typing import Any

from ..findings import FileResult
from .ci_common import display_path, help_uri, pick, positions, rule_metadata, version

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(results: list[FileResult], ctx: Any) -> str:
    from ..baseline import fingerprint

    meta = rule_metadata(ctx, results)
    ids = list(meta)
    rules = []
    for rid in ids:
        m = meta[rid]
        rules.append({
            "id": rid, "name": m["name"] or rid,
            "shortDescription": {"text": pick(m, "message", ctx.lang) or rid},
            "fullDescription": {"text": pick(m, "description", ctx.lang) or pick(m, "message", ctx.lang) or rid},
            "helpUri": help_uri(rid, m, ctx),
            "defaultConfiguration": {"level": LEVEL.get(m["severity"], "warning")},
            "properties": {"category": m["category"]},
        })
    sarif_results = []
    notifications = []
    for result in results:
        uri = display_path(result.path)
        if result.kind == "error":
            notifications.append({"level": "error", "message": {"text": result.error or "error"},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            continue
        for f, pos in positions(result):
            sarif_results.append({
                "ruleId": f.rule, "ruleIndex": ids.index(f.rule), "level": LEVEL.get(f.severity, "warning"),
                "message": {"text": f.text_message(ctx.lang)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": pos.line, "startColumn": pos.column,
                               "endLine": pos.end_line, "endColumn": pos.end_column,
                               "charOffset": f.start, "charLength": f.end - f.start}}}],
                "partialFingerprints": {"zgcheck/v1": fingerprint(result, f)},
                "properties": {"category": f.category, **({"item": f.item} if f.item is not None else {})},
            })
    run = {
        "tool": {"driver": {"name": "zgcheck", "version": version(ctx), "semanticVersion": version(ctx),
                            "informationUri": "https://zgcheck.invalid/", "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "results": sarif_results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"
