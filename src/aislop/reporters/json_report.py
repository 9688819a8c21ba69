"""``--format json``: the stable report contract of docs/report.md (fields are only ever added)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from aislop.flat import flatten
from aislop.model import Finding, Rule
from aislop.reporters import Report

SCHEMA = "aislop/report@1"


def finding_dict(f: Finding) -> dict[str, Any]:
    return flat_finding_dict(flatten(f), f.rule, f.fingerprint, f.priority, f.rank)


def flat_finding_dict(values: tuple, rule: Rule, fingerprint: str, priority: float, rank: int) -> dict[str, Any]:
    """A finding's object in the report, from the finding flat (aislop.flat): the one way it is
    written, from a list of findings or straight from a scan's store."""
    (_, path, message, line, column, end_line, end_column, matched, fix, symbol, location, severity, confidence,
     _, autofix) = values
    return {
        "rule": rule.code,
        "name": rule.name,
        "family": rule.family,
        "severity": severity or rule.severity.value,
        "confidence": rule.confidence if confidence is None else confidence,
        "priority": priority,
        "rank": rank,
        "path": path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "message": message,
        "fix": fix or rule.fix,
        "effort_minutes": rule.effort_minutes,
        "symbol": symbol,
        "fingerprint": fingerprint,
        "location": location,
        "matched": matched,
        "fixable": False if autofix is None else "unsafe" if autofix[1] else True,
    }


def finding_dicts(findings) -> Iterator[dict[str, Any]]:
    """The findings' objects in rank order; from a scan's store without making ``Finding`` objects."""
    flat = getattr(findings, "flat", None)
    if flat is not None:
        return (flat_finding_dict(*row) for row in flat())
    return (finding_dict(f) for f in findings)


def file_dict(report: Report, r, findings: int | None = None) -> dict[str, Any]:
    """``findings``: how many are reported for the file (default: ``r.findings``, counted)."""
    return {
        "path": r.path,
        "kind": r.kind,
        "scores": dict(sorted(r.scores.items())),
        "score_sources": dict(sorted(r.score_sources.items())),
        "error": r.error,
        "findings": len(r.findings) if findings is None else findings,
        "by_family": report.summary.per_file.get(r.path, {}),
        **({"references": r.references} if r.references is not None else {}),
    }


def file_dicts(report: Report) -> Iterator[dict[str, Any]]:
    """The files' objects in scan order; from a scan's store without decoding a finding."""
    counted = getattr(report.files, "with_counts", None)
    if counted is not None:
        return (file_dict(report, r, n) for r, n in counted())
    return (file_dict(report, r) for r in report.files)


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
        ("files", file_dicts(report)),
        ("findings", finding_dicts(report.findings)),
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
