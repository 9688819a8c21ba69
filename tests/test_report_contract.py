"""docs/report.md documents every field the JSON report emits."""

import json
import re
from pathlib import Path

from aislop.config import Config
from aislop.engine import scan
from aislop.reporters import Report
from aislop.reporters.json_report import report_dict
from aislop.triage import rank, summarise

DOC = Path(__file__).resolve().parent.parent / "docs" / "report.md"


def _documented(section: str) -> set[str]:
    text = DOC.read_text(encoding="utf-8").split(f"## `{section}", 1)[1].split("\n## ", 1)[0]
    return {name for row in re.findall(r"^\| (`[^|]+`) \|", text, re.M) for name in re.findall(r"`(\w+)`", row)}


def test_every_report_field_is_documented(fixtures):
    result = scan([fixtures / "demo"], Config(settings={"no_cache": True}), jobs=1)
    findings = rank(result.findings)
    report = report_dict(Report(result.root, result.files, findings, summarise(result.files, findings), [], "0"))
    json.dumps(report)
    assert report["schema"] == "aislop/report@1" and findings
    assert set(report) == {"schema", "tool", "summary", "files", "findings", "notes"}
    assert set(report["summary"]) - {"not_scanned"} <= _documented("summary")
    assert "not_scanned" in _documented("summary")
    assert set(report["files"][0]) <= _documented("files[]")
    assert set(report["findings"][0]) <= _documented("findings[]")
