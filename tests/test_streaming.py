"""Reports written as a stream: the same text as the whole-string renderers, and ``jsonl``."""

from __future__ import annotations

import importlib
import io
import json
import random
import re
from pathlib import Path

import pytest

from aislop.model import FileResult, Finding
from aislop.reporters import Report, html, json_report, render, write_report
from aislop.triage import rank, summarise
from test_reporters import (
    FIXTURE, LEFTOVER, MARKUP, RASTER, TODO, _page_data, empty_report, hostile_report, make_report,
)


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
    """sarif, junit, markdown, github and html are written a piece at a time by their own
    ``write`` (the whole render is the reference); terminal is rendered, then written."""
    report = {"findings": report, "empty": empty_report(FIXTURE), "hostile": hostile_report(FIXTURE)}[builder]
    stream = io.StringIO()
    write_report(report, fmt, stream)
    assert stream.getvalue() == render(report, fmt)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "github", "junit", "markdown", "html"])
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


# ------------------------------------------------------------------------ the HTML report
def _archive(root: Path, files: int = 30) -> Report:
    """Markdown files with findings in shuffled rank order (spans over several lines, a line too
    long to show whole, text with '<'), a file gone since the scan, and one logo twice."""
    rng = random.Random(7)
    results, findings = [], []
    logo = (FIXTURE / "brand" / "logo.png").read_bytes()
    for i in range(files):
        path = f"part{i % 4}/post{i}.md"
        if i % 10 == 9:
            path = f"brand/logo{i}.png"
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(logo)
            found = [Finding(rule=RASTER, path=path, message="A raster <logo>.")]
        else:
            lines = [f"Line {n} of post {i}: <b>quarterly</b> results, TODO {'x' * rng.randrange(80)}" for n in range(30)]
            lines[5] = "y" * 400 + " TODO " + "z" * 400
            if i != 3:  # post3.md is reported but no longer on disk
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_text("\n".join(lines), encoding="utf-8")
            found = []
            for _ in range(rng.randrange(1, 6)):
                line = rng.randrange(1, 29)
                end = min(30, line + rng.choice((0, 0, 1, 3)))
                rule = rng.choice((LEFTOVER, TODO, MARKUP))
                found.append(Finding(rule=rule, path=path, message=f"{rule.summary} <{line}>", line=line, column=3,
                                     end_line=end, end_column=9, matched=lines[line - 1][2:8]))
        results.append(FileResult(path=path, kind="image" if path.endswith(".png") else "prose", findings=found,
                                  scores={} if i % 2 else {"formulaic": rng.uniform(0, 100)}))
        findings += found
    rng.shuffle(findings)
    ranked = rank(findings, {"error": 10, "warning": 3, "info": 1})
    return Report(root, results, ranked, summarise(results, ranked), ["a <note>"], "9.9.9")


def _excerpts_with_and_without_context(page: str) -> tuple[int, int]:
    rows = [f[8] for f in _page_data(page)["findings"] if f[8] and isinstance(f[8][0], int)]
    return sum(1 for r in rows if r[0] < r[2]), sum(1 for r in rows if r[0] == r[2] and r[2] > 1)


@pytest.mark.parametrize("budget", ["lasts", "runs out", "spent"])
@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "deflated"])
def test_streamed_html_is_byte_identical_to_the_page_built_whole(tmp_path, monkeypatch, budget, compressed):
    """html.write makes the page data in passes a file at a time; html.render builds it whole.
    The context budget (spent in rank order) decides which excerpts have context lines: all,
    those before some finding, or none."""
    report = _archive(tmp_path)
    monkeypatch.setattr(html, "CONTEXT_BUDGET", {"lasts": 10**9, "runs out": 6_000, "spent": 0}[budget])
    if compressed:
        monkeypatch.setattr(html, "COMPRESS_ABOVE", 0)
    whole = html.render(report)
    stream = io.StringIO()
    html.write(report, stream)
    assert stream.getvalue() == whole
    assert ('data-encoding="deflate-raw+base64"' in whole) == compressed
    with_context, without = _excerpts_with_and_without_context(whole)
    assert (with_context > 0, without > 0) == {"lasts": (True, False), "runs out": (True, True),
                                               "spent": (False, True)}[budget]


@pytest.mark.parametrize("budget", [10**9, 2_000, 0])
def test_streamed_html_of_packaged_documents_is_the_page_built_whole(tmp_path, monkeypatch, budget):
    """Findings placed in a PDF page, a slide or a paragraph; the budget spent in their parts."""
    from test_html_documents import deliverable
    from test_reporters import ProseCheck

    report = make_report(deliverable(tmp_path / "deliverable"), (ProseCheck(),))
    monkeypatch.setattr(html, "CONTEXT_BUDGET", budget)
    whole = html.render(report)
    assert any(f[6] for f in _page_data(whole)["files"])  # parts shown
    stream = io.StringIO()
    html.write(report, stream)
    assert stream.getvalue() == whole


def test_the_html_file_filter_lists_each_file_once_numbered_in_page_order(tmp_path):
    report = _archive(tmp_path)
    page = html.render(report)
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', page)
    files = [f[0] for f in _page_data(page)["files"]]
    assert [path for _, path in options] == sorted(files)
    assert all(files[int(index)] == path for index, path in options)
