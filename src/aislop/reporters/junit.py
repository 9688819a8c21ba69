"""``--format junit``: JUnit XML for CI test dashboards.

One testsuite per scanned file and one failing testcase per finding; a file without findings
gets one passing testcase, so dashboards show it as checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from aislop.model import Finding
from aislop.reporters import Report, by_file, headline, workspace_path

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _testcase(suite: ET.Element, f: Finding, path: str) -> None:
    position = f"{f.line}:{f.column}" if f.line is not None else "whole file"
    if f.location:
        position = f"{f.location} {position}"
    # The name is the rule and the finding's fingerprint, never its line or rank: dashboards
    # track a test by name, and a finding must stay the same test when lines move above it.
    attrs = {"classname": xml_text(path), "name": xml_text(f"{f.rule.code} {f.rule.name} {f.fingerprint[:12]}"),
             "file": xml_text(path), "time": "0"}
    if f.line is not None:
        attrs["line"] = str(f.line)
    case = ET.SubElement(suite, "testcase", attrs)
    failure = ET.SubElement(
        case, "failure", {"message": xml_text(f.message), "type": f"{f.effective_severity.value} {f.rule.code}"}
    )
    details = [
        f"{path}:{position}",
        f"{f.effective_severity.value} {f.rule.code} {f.rule.name} ({f.rule.family}), "
        f"confidence {f.effective_confidence:.2f}, priority {f.priority}",
        f"What: {f.message}",
        f"Fix: {f.effective_fix}",
    ]
    if matched := " ".join(f.matched.split()):
        details.append(f"Matched: {matched}")
    failure.text = xml_text("\n".join(details))


def _passing(suite: ET.Element, classname: str, name: str) -> None:
    ET.SubElement(suite, "testcase", {"classname": xml_text(classname), "name": name, "time": "0"})


def render(report: Report) -> str:
    grouped = by_file(report.findings)
    paths = sorted({r.path for r in report.files} | set(grouped))
    root = ET.Element(
        "testsuites",
        {"name": "aislop", "tests": "0", "failures": str(len(report.findings)), "errors": "0", "time": "0"},
    )
    total = 0
    for path in paths:
        shown = workspace_path(report, path)
        findings = grouped.get(path, [])
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": xml_text(shown), "tests": str(max(len(findings), 1)), "failures": str(len(findings)),
             "errors": "0", "skipped": "0", "time": "0"},
        )
        for f in findings:
            _testcase(suite, f, shown)
        if not findings:
            _passing(suite, shown, "no findings")
        total += max(len(findings), 1)
    if not paths:
        suite = ET.SubElement(root, "testsuite", {"name": "aislop", "tests": "1", "failures": "0", "errors": "0",
                                                  "skipped": "0", "time": "0"})
        _passing(suite, "aislop", "no files to check")
        total = 1
    root.set("tests", str(total))
    comment = " ".join([headline(report), *(f"Note: {note}" for note in report.notes)])
    root.insert(0, ET.Comment(" " + xml_text(comment).replace("--", "- -") + " "))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
