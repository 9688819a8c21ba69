"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning ingests it.

Every result has a region (whole-file findings point at line 1, since code scanning needs a
``startLine`` to show an alert) and a ``partialFingerprints`` entry so alerts keep their
identity when lines move. URIs are relative to the working directory (the checkout in CI).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO
from urllib.parse import quote

from aislop import HOMEPAGE, RULES_DOC
from aislop.model import Finding, Rule, Severity
from aislop.reporters import Report, workspace_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "aislopFingerprint/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _precision(confidence: float) -> str:
    """Code scanning's precision tag from aislop's confidence."""
    if confidence >= 0.9:
        return "very-high"
    if confidence >= 0.75:
        return "high"
    if confidence >= 0.5:
        return "medium"
    return "low"


def help_uri(rule: Rule) -> str | None:
    """The rule's section of docs/rules.md (built-in AIS rules; a plugin's rules are not there)."""
    return f"{RULES_DOC}#{rule.code.lower()}-{rule.name.lower()}" if rule.code.startswith("AIS") else None


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {
            "text": f"{rule.summary}\n\nWhy it matters: {rule.why}\n\nHow to fix: {rule.fix}\n\n"
            f"Run `aislop explain {rule.name}` for examples.",
            "markdown": f"{rule.summary}\n\n**Why it matters.** {rule.why}\n\n**How to fix.** {rule.fix}\n\n"
            f"Run `aislop explain {rule.name}` for examples.",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": ["aislop", rule.family],
            "family": rule.family,
            "precision": _precision(rule.confidence),
            "confidence": rule.confidence,
            "visibility": rule.visibility,
            "effortMinutes": rule.effort_minutes,
        },
    }
    if uri := help_uri(rule):
        out["helpUri"] = uri
    return out


def region(f: Finding) -> dict[str, int]:
    if f.line is None:
        return {"startLine": 1}
    out = {"startLine": f.line}
    if f.column is not None:
        out["startColumn"] = f.column
    if f.end_line is not None and f.end_line >= f.line:
        out["endLine"] = f.end_line
        if f.end_column is not None and (f.end_line > f.line or f.column is None or f.end_column > f.column):
            out["endColumn"] = f.end_column
    return out


def result(f: Finding, rule_index: int, uri: str) -> dict[str, Any]:
    text = f.message.rstrip()
    fix = f.effective_fix.strip()
    if fix:
        text += f" Fix: {fix}"
    properties: dict[str, Any] = {
        "rank": f.rank,
        "priority": f.priority,
        "confidence": f.effective_confidence,
        "family": f.rule.family,
    }
    if f.location:
        properties["location"] = f.location
    if f.line is None:
        properties["wholeFile"] = True
    if f.symbol:
        properties["symbol"] = f.symbol
    out: dict[str, Any] = {
        "ruleId": f.rule.code,
        "ruleIndex": rule_index,
        "level": LEVEL[f.effective_severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "region": region(f),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": properties,
    }
    return out


def sarif_dict(report: Report) -> dict[str, Any]:
    return _sarif(report, list)


def _sarif(report: Report, collect) -> dict[str, Any]:
    """The SARIF log; its results are ``collect`` (list, or a lazy form) of the result objects."""
    rules = sorted({f.rule.code: f.rule for f in report.findings}.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results = collect(result(f, index[f.rule.code], quote(workspace_path(report, f.path))) for f in report.findings)
    s = report.summary
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "aislop",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "informationUri": HOMEPAGE,
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "verdict": s.verdict,
                    "files": s.files,
                    "fixMinutes": s.fix_minutes,
                    "notes": list(report.notes),
                },
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"


_RESULTS = '"results": []'  # a key can only appear unescaped as a key, never inside a string
_RESULT_INDENT = "\n" + " " * 8  # runs[0].results[i] sits four levels deep


def write(report: Report, stream: TextIO) -> None:
    """The same text as ``render``, one result at a time: the log around an empty results list,
    with the results written into it (json's indent=2 layout, each shifted to its depth)."""
    held: list[Iterator[dict[str, Any]]] = []
    log = _sarif(report, lambda items: held.append(items) or [])
    results = held[0]
    head, _, tail = json.dumps(log, indent=2, ensure_ascii=False).partition(_RESULTS)
    del log
    first = next(results, None)
    if first is None:
        stream.write(head + _RESULTS + tail + "\n")
        return
    dump = json.JSONEncoder(indent=2, ensure_ascii=False).encode
    stream.write(head + '"results": [' + _RESULT_INDENT + dump(first).replace("\n", _RESULT_INDENT))
    for item in results:
        stream.write("," + _RESULT_INDENT + dump(item).replace("\n", _RESULT_INDENT))
    stream.write("\n" + " " * 6 + "]" + tail + "\n")
