"""``--format github``: workflow-command annotations, plus a job summary when Actions asks for one.

Each finding becomes ``::error|warning|notice file=…,line=…::message``, which GitHub Actions
shows on the pull request's diff. When ``$GITHUB_STEP_SUMMARY`` names a file, a Markdown
"Fix first" summary is appended to it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from aislop.model import Finding, Severity
from aislop.reporters import Report, headline, markdown, workspace_path

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SUMMARY_FIX_FIRST = 20


def escape_data(text: str) -> str:
    """Escape a command's message per the workflow-command spec."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (also ``:`` and ``,``, which delimit properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, path: str) -> str:
    props = [("file", path)]
    if f.line is not None:
        props.append(("line", str(f.line)))
        if f.end_line is not None:
            props.append(("endLine", str(f.end_line)))
        if f.column is not None:
            props.append(("col", str(f.column)))
            if f.end_column is not None and f.end_line == f.line:
                props.append(("endColumn", str(f.end_column)))
    props.append(("title", f"{f.rule.code} {f.rule.name} (#{f.rank})"))
    message = f.message.rstrip()
    if f.location:
        message = f"[{f.location}] {message}"
    message += f"\nFix: {f.effective_fix}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND[f.effective_severity]} {joined}::{escape_data(message)}"


def step_summary(report: Report) -> str:
    return markdown.render(report, fix_first=SUMMARY_FIX_FIRST, per_file=False) + "\n"


def append_step_summary(report: Report, target: str | None = None) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` (or ``target``) if set."""
    target = target if target is not None else os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    except OSError:
        pass  # a missing summary must never fail the lint step


def render(report: Report) -> str:
    lines = [annotation(f, workspace_path(report, f.path)) for f in report.findings]
    lines += _closing(report)
    append_step_summary(report)
    return "\n".join(lines) + "\n"


def write(report: Report, stream: TextIO) -> None:
    """The same text as ``render``, one annotation at a time."""
    for f in report.findings:
        stream.write(annotation(f, workspace_path(report, f.path)) + "\n")
    stream.write("\n".join(_closing(report)) + "\n")
    append_step_summary(report)


def _closing(report: Report) -> list[str]:
    return [f"aislop: {headline(report)}", *(f"aislop: note: {note}" for note in report.notes)]
