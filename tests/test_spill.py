"""A scan whose findings go to the on-disk store (scan(spill=True), what `aislop scan` does) writes
the same bytes, in every format, as the same scan held in memory; with a baseline and --diff's
filter too."""

from __future__ import annotations

import io

import pytest

from aislop.baseline import only_changed, split_baselined
from aislop.config import Config
from aislop.engine import scan
from aislop.model import FileResult, Finding, Severity
from aislop.reporters import Report, formats, html, write_report
from aislop.spill import StoredFiles, StoredFindings
from aislop.triage import exit_code, rank, summarise
from conftest import FIXTURES
from test_reporters import _page_data


def _config() -> Config:
    config = Config(respect_gitignore=False)
    config.settings["no_cache"] = True
    return config


def _in_memory(jobs: int, keep=lambda f: True) -> Report:
    config = _config()
    result = scan([FIXTURES], config, jobs=jobs)
    reported = {id(f) for f in result.findings if keep(f)}
    for file_result in result.files:
        file_result.findings = [f for f in file_result.findings if id(f) in reported]
    findings = rank([f for f in result.findings if id(f) in reported], config.severity_weights)
    summary = summarise(result.files, findings, config.block_confidence, result.not_scanned)
    return Report(result.root, result.files, findings, summary, result.notes, "9.9.9")


def _spilled(jobs: int, keep=lambda f: True) -> tuple[Report, object]:
    config = _config()
    result = scan([FIXTURES], config, jobs=jobs, spill=True)
    assert isinstance(result.findings, StoredFindings) and isinstance(result.files, StoredFiles)
    result.store.drop(lambda f: not keep(f))
    result.store.rank()
    summary = summarise(result.files, result.findings, config.block_confidence, result.not_scanned)
    return Report(result.root, result.files, result.findings, summary, result.notes, "9.9.9"), result.store


def _text(report: Report, fmt: str) -> str:
    stream = io.StringIO()
    write_report(report, fmt, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def both():
    memory = _in_memory(jobs=1)
    spilled, store = _spilled(jobs=2)  # through the process pool: findings leave the workers compact
    yield memory, spilled
    store.close()


@pytest.mark.parametrize("fmt", formats())
def test_a_spilled_scan_writes_the_same_bytes_as_one_in_memory(both, fmt):
    memory, spilled = both
    assert len(spilled.findings) == len(memory.findings) > 100
    assert _text(spilled, fmt) == _text(memory, fmt)


def test_a_spilled_scan_streams_the_html_page_a_scan_in_memory_builds_whole(both, monkeypatch):
    """The page data from the store, a file at a time, against html.render's whole build from
    the list; the context budget lasting, running out part-way or spent, the data deflated."""
    memory, spilled = both
    monkeypatch.setattr(html, "COMPRESS_ABOVE", 0)
    with_context = []
    for budget in (10**9, 20_000, 0):
        monkeypatch.setattr(html, "CONTEXT_BUDGET", budget)
        whole = html.render(memory)
        assert _text(spilled, "html") == whole
        excerpts = [f[8] for f in _page_data(whole)["findings"] if f[8] and isinstance(f[8][0], int)]
        with_context.append(sum(1 for r in excerpts if r[0] < r[2] or r[1] > r[3]))
    assert with_context[0] > with_context[1] > with_context[2] == 0


def test_the_store_reads_back_the_findings_and_files_of_the_list(both):
    memory, spilled = both
    assert [(f.rank, f.fingerprint, f.priority, f.message, f.autofix) for f in spilled.findings] == [
        (f.rank, f.fingerprint, f.priority, f.message, f.autofix) for f in memory.findings
    ]
    assert spilled.findings[:3] == memory.findings[:3] and spilled.findings[5] == memory.findings[5]
    stored: list[FileResult] = list(spilled.files)
    assert [(r.path, r.scores, r.notes, len(r.findings)) for r in stored] == [
        (r.path, r.scores, r.notes, len(r.findings)) for r in memory.files
    ]
    assert spilled.notes == memory.notes


def test_the_store_summarises_in_sql_as_the_list_does(both, monkeypatch):
    """The summary's counts, fix time, verdict and per-file tallies (in the same order) from the
    store without decoding a finding, and the exit code from its severities."""
    memory, spilled = both
    monkeypatch.setattr(spilled.findings.store, "_decode", None)  # any decode would fail
    for confidence in (0.8, 0.99, 1.01):
        stored = summarise(spilled.files, spilled.findings, confidence)
        listed = summarise(memory.files, memory.findings, confidence)
        assert stored == listed and list(stored.per_file) == list(listed.per_file)
    assert {stored.verdict for stored in (summarise(spilled.files, spilled.findings, c) for c in (0.8, 1.01))} == {
        "blocked", "needs-work"
    }
    for fail_on in Severity:
        assert exit_code(spilled.findings, fail_on) == exit_code(memory.findings, fail_on)


def test_a_findings_report_object_is_what_the_finding_says(both):
    """The JSON report writes findings from their flat form, from the store without a Finding:
    each object holds what the Finding's own properties say (severity and confidence as
    configured or the rule's, its fix or the rule's, safe or unsafe autofix)."""
    from aislop.reporters.json_report import finding_dict, finding_dicts

    memory, spilled = both
    expected = [
        {"rule": f.rule.code, "name": f.rule.name, "family": f.rule.family, "severity": f.effective_severity.value,
         "confidence": f.effective_confidence, "priority": f.priority, "rank": f.rank, "path": f.path, "line": f.line,
         "column": f.column, "end_line": f.end_line, "end_column": f.end_column, "message": f.message,
         "fix": f.effective_fix, "effort_minutes": f.rule.effort_minutes, "symbol": f.symbol,
         "fingerprint": f.fingerprint, "location": f.location, "matched": f.matched, "fixable": f.fixable}
        for f in memory.findings
    ]
    assert {str(d["fixable"]) for d in expected} == {"False", "True", "unsafe"}
    assert [finding_dict(f) for f in memory.findings] == expected
    assert list(finding_dicts(spilled.findings)) == expected


def test_dropped_findings_are_neither_reported_nor_ranked():
    """What --baseline and --diff do: half the findings known, the rest ranked 1..n."""
    everything = _in_memory(jobs=1)
    known = frozenset(f.fingerprint for f in everything.findings[::2])
    lines = {f.path: {f.line} for f in everything.findings[::3] if f.line is not None}

    def keep(f: Finding) -> bool:
        return bool(split_baselined([f], known)[0]) and bool(only_changed([f], lines, set()))

    memory = _in_memory(jobs=1, keep=keep)
    spilled, store = _spilled(jobs=1, keep=keep)
    try:
        assert 0 < len(spilled.findings) < len(everything.findings) // 2
        assert [f.rank for f in spilled.findings] == list(range(1, len(memory.findings) + 1))
        for fmt in ("json", "junit", "markdown"):
            assert _text(spilled, fmt) == _text(memory, fmt)
    finally:
        store.close()


def test_the_store_leaves_no_file_behind_closed_or_dropped():
    """A scan that fails half-way never closes its store: dropping it removes the database."""
    from pathlib import Path

    from aislop.spill import ScanStore

    closed, dropped = ScanStore({}, lambda *a: 0.0), ScanStore({}, lambda *a: 0.0)
    folders = [Path(closed.folder), Path(dropped.folder)]
    assert all(folder.is_dir() for folder in folders)
    closed.close()
    del dropped
    assert not any(folder.exists() for folder in folders)
