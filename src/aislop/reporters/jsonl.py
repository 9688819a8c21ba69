"""``--format jsonl``: one finding per line (the JSON report's finding objects, in rank order),
then one summary line; for pipelines that load results into a database or a dataframe
(``pandas.read_json(path, lines=True)``). Written as a stream, so memory stays flat."""

from __future__ import annotations

import io
import json
from typing import TextIO

from aislop.reporters import Report
from aislop.reporters.json_report import SCHEMA, finding_dicts

SUMMARY_SCHEMA = "aislop/report-summary@1"


def write(report: Report, stream: TextIO) -> None:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for finding in finding_dicts(report.findings):
        stream.write(encode({"type": "finding", **finding}) + "\n")
    s = report.summary
    summary = {
        "type": "summary",
        "schema": SUMMARY_SCHEMA,
        "report-schema": SCHEMA,
        "tool": {"name": "aislop", "version": report.version},
        "files": s.files,
        "findings": s.findings,
        "by_severity": s.by_severity,
        "verdict": s.verdict,
        "by_family": s.by_family,
        "fix_minutes": s.fix_minutes,
        "notes": report.notes,
    }
    stream.write(encode(summary) + "\n")


def render(report: Report) -> str:
    buffer = io.StringIO()
    write(report, buffer)
    return buffer.getvalue()
