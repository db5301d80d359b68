"""SARIF 2.1.0 (GitHub code scanning and other viewers); columns count Unicode code points.

The log is streamed: the run's header, then each result as its file comes, then the rule
metadata (``tool``) and the run's notifications at the end — key order inside a JSON object
is free, so readers see one ordinary document while zgcheck keeps only the rule list and
the notifications of files it could not read.

Artifact URIs are percent-encoded and relative to ``%SRCROOT%`` (the repository root, see
:mod:`checker.repopath`), given as an absolute ``file:`` URI in ``originalUriBaseIds``; a
file outside the root keeps its absolute ``file:`` URI. ``partialFingerprints`` hold the
baseline's content fingerprint bound to the file's path, plus an occurrence number, so
every result of a log has its own.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..findings import FileResult, Finding
from ..sanitize import machine_safe
from .ci_common import (configured, error_text, finding_entry, help_uri, pick, positions, repo_path, rule_entry,
                        rule_help, ruleset_rules, version)

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_RESULT_INDENT = " " * 8


def _uri(path: str) -> str:
    """``path`` (posix, maybe holding undecodable bytes as surrogates) as a URI reference."""
    return quote(os.fsencode(path), safe="/")


def artifact_location(path: str, ctx: Any) -> dict[str, str]:
    """Where ``path`` is, for SARIF: relative to ``%SRCROOT%``, or an absolute ``file:`` URI."""
    rel = repo_path(path, ctx)
    if path == "-":
        return {"uri": "stdin"}
    if rel.startswith("/"):
        return {"uri": "file://" + _uri(rel)}
    return {"uri": _uri(rel), "uriBaseId": SRCROOT}


def _root_uri(ctx: Any) -> str:
    root = Path(getattr(ctx, "root", None) or Path.cwd()).resolve()
    uri = "file://" + _uri(root.as_posix())
    return uri if uri.endswith("/") else uri + "/"


def _descriptor(meta: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """One ``reportingDescriptor``: names, descriptions, help (text and Markdown), level."""
    rid = meta["id"]
    text, markdown = rule_help(meta, ctx.lang)
    short = pick(meta, "message", ctx.lang) or rid
    descriptor: dict[str, Any] = {
        "id": rid,
        "name": meta["name"] or rid,
        "shortDescription": {"text": machine_safe(short)},
        "fullDescription": {"text": machine_safe(pick(meta, "description", ctx.lang) or short)},
        "help": {"text": machine_safe(text), "markdown": machine_safe(markdown)},
        "defaultConfiguration": {"level": LEVEL.get(meta["severity"], "warning")},
        "properties": {"category": meta["category"], "tags": [meta["category"]] if meta["category"] else []},
    }
    uri = help_uri(rid, meta, ctx)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


class SarifSink:
    """Writes one SARIF log as results arrive (see the module docstring)."""

    def __init__(self, ctx: Any, write: Callable[[str], Any]) -> None:
        self.ctx, self.write = ctx, write
        self.rules: dict[str, dict[str, Any]] = {}         # id -> metadata, in ruleIndex order
        for rule in ruleset_rules(ctx):
            entry = rule_entry(rule)
            self.rules.setdefault(entry["id"], entry)
        self.index = {rid: i for i, rid in enumerate(self.rules)}
        self.notifications: list[dict[str, Any]] = []
        self.first = True
        head = {"$schema": SCHEMA, "version": "2.1.0"}
        base = {SRCROOT: {"uri": _root_uri(ctx),
                          "description": {"text": "The repository root: every relative artifact URI is "
                                                  "relative to it."}}}
        write("{\n" + _members(head, 2) + ',\n  "runs": [\n    {\n'
              + _members({"originalUriBaseIds": base, "columnKind": "unicodeCodePoints"}, 6)
              + ',\n      "results": [')

    def _rule_index(self, f: Finding) -> int:
        if f.rule not in self.index:
            self.rules[f.rule] = finding_entry(f)
            self.index[f.rule] = len(self.index)
        return self.index[f.rule]

    def add(self, result: FileResult) -> None:
        location = artifact_location(result.path, self.ctx)
        if result.kind == "error":
            self.notifications.append({
                "level": "error",
                "message": {"text": machine_safe(error_text(result, self.ctx))},
                "locations": [{"physicalLocation": {"artifactLocation": location}}]})
            return
        for error in result.rule_errors:         # a rule stopped on this file: its findings are missing
            self.notifications.append({
                "level": "error",
                "message": {"text": machine_safe(error_text(result, self.ctx, error))},
                "locations": [{"physicalLocation": {"artifactLocation": location}}]})
        lang = self.ctx.lang
        path_key = repo_path(result.path, self.ctx)
        from ..baseline import fingerprint

        chunks = []
        for f, pos in positions(result):
            # the content fingerprint differs for every finding of a file; with the repository
            # path folded in, for every finding of the run
            key = hashlib.sha256(f"{path_key}\x1f{fingerprint(result, f)}".encode("utf-8", "surrogatepass"))
            key_hex = key.hexdigest()[:32]
            properties: dict[str, Any] = {"category": f.category}
            if f.item is not None:
                properties["item"] = f.item
            suggestion = f.text_suggestion(lang)
            if suggestion:
                properties["suggestion"] = machine_safe(suggestion)
            sarif_result = {
                "ruleId": f.rule, "ruleIndex": self._rule_index(f), "level": LEVEL.get(f.severity, "warning"),
                "message": {"text": machine_safe(f.text_message(lang))},
                "locations": [{"physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": pos.line, "startColumn": pos.column,
                               "endLine": pos.end_line, "endColumn": pos.end_column}}}],
                "partialFingerprints": {"zgcheck/v1": f"{key_hex}:0"},
                "properties": properties,
            }
            chunks.append(_indented(sarif_result))
        if chunks:
            self.write(("\n" if self.first else ",\n") + ",\n".join(chunks))
            self.first = False

    def close(self) -> None:
        ctx = self.ctx
        driver: dict[str, Any] = {"name": "zgcheck", "version": version(ctx)}
        information = configured(ctx, "information_uri")
        if information:
            driver["informationUri"] = information
        if _SEMVER.match(driver["version"]):
            driver["semanticVersion"] = driver["version"]
        driver["rules"] = [_descriptor(meta, ctx) for meta in self.rules.values()]
        tail = {"tool": {"driver": driver},
                "invocations": [{"executionSuccessful": not self.notifications,
                                 "toolExecutionNotifications": self.notifications}]}
        self.write(("\n      ]" if not self.first else "]") + ",\n" + _members(tail, 6) + "\n    }\n  ]\n}\n")


def _members(obj: dict[str, Any], indent: int) -> str:
    """The members of ``obj`` as pretty JSON lines (no braces), indented by ``indent``."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    lines = text.split("\n")[1:-1]
    pad = " " * (indent - 2)
    return "\n".join(pad + line for line in lines)


def _indented(obj: dict[str, Any]) -> str:
    """One result on one line (the C encoder: pretty-printing every result would double the cost)."""
    return _RESULT_INDENT + json.dumps(obj, ensure_ascii=False)


def open_sink(ctx: Any, write: Callable[[str], Any]) -> SarifSink:
    return SarifSink(ctx, write)


def render(results: list[FileResult], ctx: Any) -> str:
    from . import render_through

    return render_through(open_sink, results, ctx)
