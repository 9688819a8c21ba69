"""Reporters render a ranked ``Report``; each format is one module with ``render(report) -> str``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aislop.model import FileResult, Finding
from aislop.triage import Summary


@dataclass
class Report:
    root: Path
    files: list[FileResult]
    findings: list[Finding]  # rank order
    summary: Summary
    notes: list[str]
    version: str


def formats() -> list[str]:
    return ["terminal", "json"]


def render(report: Report, fmt: str, *, color: bool = False, width: int | None = None, statistics: bool = False) -> str:
    if fmt == "json":
        from aislop.reporters import json_report

        return json_report.render(report)
    if fmt == "terminal":
        from aislop.reporters import terminal

        return terminal.render(report, color=color, width=width, statistics=statistics)
    raise ValueError(f"unknown format {fmt!r}")
