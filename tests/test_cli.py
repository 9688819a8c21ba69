"""The command line: exit codes, formats, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import aislop
from aislop.__main__ import drop_current_folder
from aislop.cli import app

runner = CliRunner()
LEFTOVER = "# Plan\n\nThe plan has three phases.\n\nI hope this helps! Let me know if you'd like me to adjust the tone.\n"


def _run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_empty_folder_json_is_valid_but_never_ready(tmp_path):
    """Nothing read is no evidence of anything: the verdict says so and the exit code is 2
    (eslint's for a pattern that matches no file), even with --exit-zero."""
    for extra in ((), ("--exit-zero",)):
        result = _run("scan", tmp_path, "--format", "json", *extra)
        assert result.exit_code == 2
        report = json.loads(result.stdout)
        assert report["schema"] == "aislop/report@1"
        assert report["summary"] == {
            "files": 0, "findings": 0, "by_severity": {"error": 0, "warning": 0, "info": 0},
            "verdict": "nothing-scanned", "by_family": {}, "fix_minutes": 0,
        }
        assert report["findings"] == [] and report["files"] == []
        assert "nothing scanned" in result.stderr


def test_chat_leftover_fails_and_exit_zero_passes(tmp_path):
    (tmp_path / "post.md").write_text(LEFTOVER)
    failed = _run("scan", tmp_path, "--format", "json")
    assert failed.exit_code == 1
    report = json.loads(failed.stdout)
    (finding,) = [f for f in report["findings"] if f["name"] == "chat-leftover"]
    assert finding["path"] == "post.md" and finding["line"] == 5 and finding["column"] == 1
    assert finding["rank"] >= 1 and len(finding["fingerprint"]) >= 16
    assert report["summary"]["verdict"] == "blocked"
    assert _run("scan", tmp_path, "--exit-zero").exit_code == 0


def test_suppression_comment_removes_the_finding(tmp_path):
    text = LEFTOVER.replace("I hope", "<!-- aislop: ignore chat-leftover -->\nI hope")
    (tmp_path / "post.md").write_text(text)
    result = _run("scan", tmp_path, "--format", "json", "--select", "chat-leftover")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["findings"] == []


def test_fail_on_and_select(tmp_path):
    (tmp_path / "post.md").write_text(LEFTOVER)
    assert _run("scan", tmp_path, "--ignore", "hallucination", "--fail-on", "error").exit_code == 0
    assert _run("scan", tmp_path, "--select", "AIS2").exit_code == 1


def test_output_file(tmp_path):
    (tmp_path / "post.md").write_text(LEFTOVER)
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    result = _run("scan", tmp_path / "post.md", "--format", "json", "--output", out, "--exit-zero")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())["summary"]["files"] == 1


def test_terminal_report_shows_fix_first(tmp_path):
    (tmp_path / "post.md").write_text(LEFTOVER)
    result = _run("scan", tmp_path, "--statistics")
    assert "BLOCKED" in result.stdout and "Fix first" in result.stdout
    assert "post.md:5:1" in result.stdout and "chat-leftover" in result.stdout


def test_bad_config_key_exits_2(tmp_path):
    (tmp_path / "aislop.toml").write_text("selcet = ['prose']\n")
    result = _run("scan", tmp_path)
    assert result.exit_code == 2
    assert "unknown configuration key 'selcet'" in result.stderr


def test_unknown_rule_exits_2(tmp_path):
    result = _run("scan", tmp_path, "--select", "no-such-rule")
    assert result.exit_code == 2


def test_rules_and_explain():
    listing = _run("rules", "--format", "json")
    assert listing.exit_code == 0
    rules = json.loads(listing.stdout)
    assert {"AIS900", "AIS901"} <= {r["code"] for r in rules}
    assert all(set(r) >= {"code", "name", "family", "severity", "summary"} for r in rules)
    by_code = _run("explain", "AIS901")
    by_name = _run("explain", "unreadable-file")
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout
    assert "Why it matters" in by_code.stdout and "How to fix" in by_code.stdout
    assert _run("explain", "nope").exit_code == 2


def test_missing_path_one_line_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "aislop", "scan", str(tmp_path / "missing")], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "does not exist" in proc.stderr


def test_version():
    proc = subprocess.run([sys.executable, "-m", "aislop", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("aislop ")


def test_the_command_runs_with_start_up_frozen_and_the_collector_on():
    """The command runs with the cyclic collector on (an archive scan must not grow by its
    cyclic garbage) and start-up's objects frozen, out of the collector's full passes."""
    probe = ("import gc, sys; gc.disable(); import aislop.cli as cli; real = cli.app\n"
             "def app(): print(gc.isenabled(), gc.get_freeze_count() > 10000); real()\n"
             "cli.app = app; sys.argv = ['aislop', '--version']; cli.main()")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "True True"


def test_a_report_only_scan_does_not_import_rich_but_messages_still_print(tmp_path, json_scan_imports):
    """rich draws the terminal report and stderr messages; a scan that only writes a JSON report
    prints neither, so it does not pay for importing rich. An error message still prints."""
    (tmp_path / "a.md").write_text(LEFTOVER)
    assert json_scan_imports(tmp_path, "rich.console") == (1, False)
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["files"] == 1
    record = _run("record", tmp_path, "--output", tmp_path / "review.json", "--no-cache")
    assert "Record written to" in record.stderr  # printed with rich, on stderr


def test_python_m_drops_only_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for first in ("", str(tmp_path)):
        path = [first, "/usr/lib/python3"]
        drop_current_folder(path)
        assert path == ["/usr/lib/python3"]
    path = ["/usr/lib/python3", str(tmp_path)]  # python -P: the folder is not first
    drop_current_folder(path)
    assert path == ["/usr/lib/python3", str(tmp_path)]
    source = str(Path(aislop.__file__).resolve().parent.parent)  # aislop run in place from its tree
    monkeypatch.chdir(source)
    path = [source, "/usr/lib/python3"]
    drop_current_folder(path)
    assert path == [source, "/usr/lib/python3"]


def test_cache_dir_flag_and_cache_clear(tmp_path):
    tree, cache = tmp_path / "tree", tmp_path / "cache"
    tree.mkdir()
    (tree / "post.md").write_text(LEFTOVER)
    assert _run("scan", tree, "--cache-dir", cache, "--exit-zero").exit_code == 0
    assert list(cache.rglob("*.json"))
    cleared = _run("cache", "clear", "--cache-dir", cache)
    assert cleared.exit_code == 0 and "removed 1" in cleared.stdout
    assert not list(cache.rglob("*.json"))


def test_no_respect_gitignore(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/\n")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "post.md").write_text(LEFTOVER)
    assert _run("scan", tmp_path).exit_code == 2  # everything ignored: nothing scanned
    assert _run("scan", tmp_path, "--no-respect-gitignore").exit_code == 1


def test_misspelt_rule_names_get_a_did_you_mean(tmp_path):
    result = _run("scan", tmp_path, "--select", "chat-lefover")
    assert result.exit_code == 2 and "(did you mean 'chat-leftover'?)" in result.stderr
    assert "(did you mean 'hallucination'?)" in _run("scan", tmp_path, "--ignore", "halucination").stderr
    assert "(did you mean 'AIS207'?)" in _run("explain", "AIS2077").stderr
    (tmp_path / "aislop.toml").write_text("[rules.low-resolutoin]\nmin_px = 10\n")
    config = _run("scan", tmp_path)
    assert config.exit_code == 2 and "(did you mean 'low-resolution'?)" in config.stderr
    assert "did you mean" not in _run("explain", "zzzzzz").stderr


def test_output_creates_missing_folders_and_baseline_has_a_default_file(tmp_path, monkeypatch):
    (tmp_path / "post.md").write_text(LEFTOVER)
    report = tmp_path / "out" / "ci" / "report.sarif"
    assert _run("scan", tmp_path, "-f", "sarif", "-o", report, "--exit-zero", "--no-cache").exit_code == 0
    assert json.loads(report.read_text())["version"] == "2.1.0"
    nested = tmp_path / "new" / "base.json"
    assert _run("baseline", tmp_path, "-o", nested, "--no-cache").exit_code == 0 and nested.exists()
    monkeypatch.chdir(tmp_path)
    result = _run("baseline", ".", "--no-cache")
    assert result.exit_code == 0 and "in aislop-baseline.json" in result.stderr
    assert json.loads((tmp_path / "aislop-baseline.json").read_text())["schema"] == "aislop/baseline@1"
    assert _run("scan", ".", "--baseline", "aislop-baseline.json", "--no-cache").exit_code == 0


def test_dash_reads_standard_input_under_the_stdin_filename(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aislop.toml").write_text('[per-file-ignores]\n"tests/**" = ["chat-leftover"]\n')
    result = runner.invoke(app, ["scan", "-", "-f", "json", "--no-cache"], input=LEFTOVER)
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and [f["path"] for f in report["files"]] == ["stdin.md"]
    assert [f["name"] for f in report["findings"]] == ["chat-leftover"]
    # The configuration is the working directory's: per-file-ignores match the given name.
    ignored = runner.invoke(app, ["scan", "-", "--stdin-filename", "tests/notes.md", "-f", "json", "--no-cache"],
                            input=LEFTOVER)
    assert ignored.exit_code == 0 and json.loads(ignored.stdout)["files"][0]["path"] == "tests/notes.md"
    assert "only path" in _run("scan", "-", tmp_path).stderr
    assert runner.invoke(app, ["scan", "-", "--stdin-filename", "../x.md"], input="x").exit_code == 2
