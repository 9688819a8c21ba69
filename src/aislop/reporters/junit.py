"""``--format junit``: JUnit XML for CI test dashboards.

One testsuite per scanned file and one failing testcase per finding; a file without findings
gets one passing testcase, so dashboards show it as checked.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from aislop.model import Finding
from aislop.reporters import Report, by_file, grouped_by_file, headline, workspace_path

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


def _suite(parent: ET.Element | None, report: Report, path: str, findings: list[Finding]) -> ET.Element:
    shown = workspace_path(report, path)
    attrs = {"name": xml_text(shown), "tests": str(max(len(findings), 1)), "failures": str(len(findings)),
             "errors": "0", "skipped": "0", "time": "0"}
    suite = ET.Element("testsuite", attrs) if parent is None else ET.SubElement(parent, "testsuite", attrs)
    for f in findings:
        _testcase(suite, f, shown)
    if not findings:
        _passing(suite, shown, "no findings")
    return suite


def _root(failures: int) -> ET.Element:
    return ET.Element(
        "testsuites", {"name": "aislop", "tests": "0", "failures": str(failures), "errors": "0", "time": "0"}
    )


def _comment(report: Report) -> ET.Element:
    text = " ".join([headline(report), *(f"Note: {note}" for note in report.notes)])
    return ET.Comment(" " + xml_text(text).replace("--", "- -") + " ")


def render(report: Report) -> str:
    grouped = by_file(report.findings)
    paths = sorted({r.path for r in report.files} | set(grouped))
    root = _root(len(report.findings))
    total = 0
    for path in paths:
        findings = grouped.get(path, [])
        _suite(root, report, path, findings)
        total += max(len(findings), 1)
    if not paths:
        suite = ET.SubElement(root, "testsuite", {"name": "aislop", "tests": "1", "failures": "0", "errors": "0",
                                                  "skipped": "0", "time": "0"})
        _passing(suite, "aislop", "no files to check")
        total = 1
    root.set("tests", str(total))
    root.insert(0, _comment(report))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_SLOT = "aislop-testsuites"


def write(report: Report, stream: TextIO) -> None:
    """The same text as ``render``, one file's testsuite at a time: the root's counts come from
    the summary (findings per file) before any finding is read; the suites are indented as
    ``ET.indent`` indents them inside the root."""
    with_findings = report.summary.per_file  # path -> findings by family, for every reported finding
    paths = sorted({r.path for r in report.files} | set(with_findings))
    if not paths:
        stream.write(render(report))
        return
    failures = report.summary.findings
    root = _root(failures)
    root.set("tests", str(failures + sum(1 for p in paths if p not in with_findings)))
    root.append(_comment(report))
    ET.SubElement(root, _SLOT)
    ET.indent(root)
    head, _, tail = ET.tostring(root, encoding="unicode").partition(f"<{_SLOT} />")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head)
    groups = grouped_by_file(report.findings)
    pending = next(groups, None)
    for n, path in enumerate(paths):
        findings: list[Finding] = []
        if pending is not None and pending[0] == path:
            findings = pending[1]
            pending = next(groups, None)
        suite = _suite(None, report, path, findings)
        ET.indent(suite, level=1)
        stream.write(("\n  " if n else "") + ET.tostring(suite, encoding="unicode"))
    stream.write(tail + "\n")
