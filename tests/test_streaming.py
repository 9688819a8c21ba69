"""Reports written as a stream: the same text as the whole-string renderers, and ``jsonl``."""

from __future__ import annotations

import importlib
import io
import json

import pytest

from aislop.reporters import json_report, jsonl, render, write_report
from test_reporters import FIXTURE, empty_report, hostile_report, make_report


@pytest.fixture(scope="module")
def report():
    return make_report()


@pytest.mark.parametrize("builder", [make_report, lambda: empty_report(FIXTURE)], ids=["findings", "empty"])
def test_streamed_json_is_byte_identical_to_the_rendered_report(builder):
    report = builder()
    stream = io.StringIO()
    json_report.write(report, stream)
    assert stream.getvalue() == render(report, "json")
    assert json.loads(stream.getvalue()) == json_report.report_dict(report)


@pytest.mark.parametrize("fmt", ["terminal", "json", "jsonl", "sarif", "github", "junit", "markdown", "html"])
@pytest.mark.parametrize("builder", ["findings", "empty", "hostile"])
def test_write_report_gives_the_rendered_text_for_every_format(report, fmt, builder):
    """sarif, junit, markdown and github are written a piece at a time by their own ``write``
    (the whole render is the reference); terminal and html are rendered, then written."""
    report = {"findings": report, "empty": empty_report(FIXTURE), "hostile": hostile_report(FIXTURE)}[builder]
    stream = io.StringIO()
    write_report(report, fmt, stream)
    assert stream.getvalue() == render(report, fmt)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "github", "junit", "markdown"])
def test_the_file_formats_stream(fmt):
    from aislop.reporters import FORMATS

    module = importlib.import_module(f"aislop.reporters.{FORMATS[fmt]}")
    assert callable(getattr(module, "write", None))


def test_jsonl_is_one_finding_per_line_in_rank_order_then_the_summary(report):
    lines = render(report, "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    findings, summary = rows[:-1], rows[-1]
    assert len(findings) == len(report.findings) > 0
    assert [r["rank"] for r in findings] == sorted(r["rank"] for r in findings)
    assert all(r["type"] == "finding" for r in findings)
    whole = json.loads(render(report, "json"))
    assert [{k: v for k, v in r.items() if k != "type"} for r in findings] == whole["findings"]
    assert summary["type"] == "summary" and summary["verdict"] == whole["summary"]["verdict"]
    assert summary["findings"] == len(findings) and summary["files"] == whole["summary"]["files"]


def test_jsonl_of_an_empty_scan_is_one_summary_line():
    lines = render(empty_report(FIXTURE), "jsonl").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["findings"] == 0
