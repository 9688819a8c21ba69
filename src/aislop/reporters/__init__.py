"""Reporters render a ranked ``Report``; each format is one module with ``render(report) -> str``."""

from __future__ import annotations

import importlib
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from aislop.model import FileResult, Finding
from aislop.triage import Summary

# format name -> module in aislop.reporters
FORMATS = {
    "terminal": "terminal",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "markdown": "markdown",
    "html": "html",
}
FIX_FIRST = 10


@dataclass
class Report:
    root: Path
    files: list[FileResult]
    findings: list[Finding]  # rank order
    summary: Summary
    notes: list[str]
    version: str
    record: dict | None = None  # the review record, when one was made (aislop.record)


def formats() -> list[str]:
    return list(FORMATS)


def render(report: Report, fmt: str, *, color: bool = False, width: int | None = None, statistics: bool = False) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"aislop.reporters.{FORMATS[fmt]}")
    if fmt == "terminal":
        return module.render(report, color=color, width=width, statistics=statistics)
    return module.render(report)


# ---------------------------------------------------------------- helpers shared by formats
def where(f: Finding) -> str:
    """``path (location):line:column`` as people quote it."""
    text = f.path
    if f.location:
        text += f" ({f.location})"
    if f.line is not None:
        text += f":{f.line}"
        if f.column is not None:
            text += f":{f.column}"
    return text


def workspace_path(report: Report, relpath: str) -> str:
    """``relpath`` relative to the working directory when the scan root lies inside it.

    CI tools (code scanning, workflow annotations) resolve paths against the checkout, which
    is the working directory, while report paths are relative to the scanned folder.
    """
    try:
        prefix = report.root.resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
    except (ValueError, OSError):
        return relpath
    return relpath if prefix in ("", ".") else f"{prefix}/{relpath}"


def minutes(total: float) -> str:
    total = round(total)
    return f"{total // 60} h {total % 60} min" if total >= 60 else f"{total} min"


def by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped per path (sorted), each file's list by family then position."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        grouped[f.path].append(f)
    return {
        path: sorted(grouped[path], key=lambda f: (f.rule.family, f.line or 0, f.column or 0, f.rule.code))
        for path in sorted(grouped)
    }


def headline(report: Report) -> str:
    """One sentence: verdict, counts and fix time (plain text)."""
    s = report.summary
    sev = s.by_severity
    return (
        f"Verdict: {s.verdict}. {s.files} files, {s.findings} findings "
        f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info); "
        f"estimated fix time {minutes(s.fix_minutes)}."
    )
