"""Nothing is skipped in silence (issue 13): a named file aislop cannot read is an error
finding with the reason, files no loader takes are counted by extension in every report, and
a scan that read nothing never says ready."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from aislop.cli import app
from aislop.config import Config
from aislop.discovery import unscanned_by_extension
from aislop.engine import scan

runner = CliRunner()


def _scan(*args):
    return runner.invoke(app, ["scan", *map(str, args), "--no-cache"])


def test_folder_of_unread_formats_says_nothing_was_scanned(tmp_path):
    for name in ("q1.xlsx", "q2.xlsx", "q3.xlsx", "pitch.key"):
        (tmp_path / name).write_bytes(b"PK\x03\x04 not read")
    result = _scan(tmp_path)
    assert result.exit_code == 2
    assert "NOTHING SCANNED" in result.stdout and "READY" not in result.stdout
    assert "Not scanned: 3 .xlsx, 1 .key." in result.stdout
    assert "not scanned: 3 .xlsx, 1 .key" in result.stderr
    report = json.loads(_scan(tmp_path, "--format", "json").stdout)
    assert report["summary"]["verdict"] == "nothing-scanned"
    assert report["summary"]["not_scanned"] == {".key": 1, ".xlsx": 3}


def test_unscanned_files_beside_scanned_ones_are_counted_in_every_report(tmp_path):
    (tmp_path / "post.md").write_text("# Plan\n\nThe plan has three phases.\n")
    for name in ("a.xlsx", "b.xlsx", "notes"):
        (tmp_path / name).write_text("x")
    (tmp_path / "aislop.toml").write_text("")  # aislop's own configuration is no deliverable
    result = _scan(tmp_path)
    assert result.exit_code == 0
    assert "Not scanned: 2 .xlsx, 1 (no extension)." in result.stdout
    for fmt in ("html", "markdown"):
        assert "Not scanned: 2 .xlsx, 1 (no extension)." in _scan(tmp_path, "--format", fmt).stdout
    report = json.loads(_scan(tmp_path, "--format", "json").stdout)
    assert report["summary"]["not_scanned"] == {"(no extension)": 1, ".xlsx": 2}
    assert report["summary"]["verdict"] == "ready"


def test_a_named_file_aislop_cannot_read_is_an_error_finding(tmp_path):
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04")
    result = scan([tmp_path / "budget.xlsx"], Config(settings={"no_cache": True}), jobs=1)
    (entry,) = result.files
    assert "no reader for .xlsx files" in entry.error and ".md" in entry.error
    assert [f.rule.name for f in entry.findings] == ["unreadable-file"]
    cli = _scan(tmp_path / "budget.xlsx", "--format", "json")
    assert cli.exit_code == 1
    assert json.loads(cli.stdout)["summary"]["verdict"] == "blocked"


def test_counting_by_extension():
    assert unscanned_by_extension(["a/B.XLSX", "c.xlsx", ".gitignore", "Makefile", ".env.local", "pyproject.toml"]) == {
        "(no extension)": 1, ".local": 1, ".xlsx": 2,
    }
