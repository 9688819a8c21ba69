"""``--format json``: the stable report contract of docs/report.md (fields are only ever added)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from aislop.model import Finding
from aislop.reporters import Report

SCHEMA = "aislop/report@1"


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule.code,
        "name": f.rule.name,
        "family": f.rule.family,
        "severity": f.effective_severity.value,
        "confidence": f.effective_confidence,
        "priority": f.priority,
        "rank": f.rank,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "message": f.message,
        "fix": f.effective_fix,
        "effort_minutes": f.rule.effort_minutes,
        "symbol": f.symbol,
        "fingerprint": f.fingerprint,
        "location": f.location,
        "matched": f.matched,
        "fixable": f.fixable,
    }


def file_dict(report: Report, r) -> dict[str, Any]:
    return {
        "path": r.path,
        "kind": r.kind,
        "scores": dict(sorted(r.scores.items())),
        "score_sources": dict(sorted(r.score_sources.items())),
        "error": r.error,
        "findings": len(r.findings),
        "by_family": report.summary.per_file.get(r.path, {}),
        **({"references": r.references} if r.references is not None else {}),
    }


def _parts(report: Report) -> list[tuple[str, Any]]:
    """The report's top-level keys in order; the two long lists as generators."""
    s = report.summary
    return [
        ("schema", SCHEMA),
        ("tool", {"name": "aislop", "version": report.version}),
        (
            "summary",
            {
                "files": s.files,
                "findings": s.findings,
                "by_severity": s.by_severity,
                "verdict": s.verdict,
                "by_family": s.by_family,
                "fix_minutes": s.fix_minutes,
                **({"not_scanned": s.not_scanned} if s.not_scanned else {}),
            },
        ),
        ("files", (file_dict(report, r) for r in report.files)),
        ("findings", (finding_dict(f) for f in report.findings)),
        ("notes", report.notes),
    ]


def report_dict(report: Report) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _parts(report)}


def render(report: Report) -> str:
    return dumps_pretty(report_dict(report))


def write(report: Report, stream: TextIO) -> None:
    """The same text as ``render``, written one entry at a time: the report of an archive never
    exists as one string or one list of dicts in memory."""
    compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    parts = _parts(report)
    stream.write("{\n")
    for n, (key, value) in enumerate(parts):
        comma = "," if n < len(parts) - 1 else ""
        items = iter(value) if isinstance(value, list | Iterator) else None
        first = next(items, None) if items is not None else None
        if first is None:
            stream.write(f"  {compact(key)}: {compact([] if items is not None else value)}{comma}\n")
            continue
        stream.write(f"  {compact(key)}: [\n    {compact(first)}")
        for item in items:
            stream.write(f",\n    {compact(item)}")
        stream.write(f"\n  ]{comma}\n")
    stream.write("}\n")


def dumps_pretty(data: dict) -> str:
    """Indented JSON with each entry of a top-level list on one line: readable, diffable, and
    written by json's C encoder (``indent=`` makes json fall back to pure Python, which took
    most of a warm rerun's time on a large archive)."""
    compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    lines = ["{"]
    items = list(data.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {compact(key)}: [")
            lines += [f"    {compact(v)}," for v in value[:-1]] + [f"    {compact(value[-1])}"]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}{comma}")
    return "\n".join(lines) + "\n}\n"
