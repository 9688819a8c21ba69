"""Baselines and --diff: CI fails only on findings that are new."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aislop.baseline import (
    SCHEMA,
    BaselineError,
    baseline_dict,
    load_baseline,
    only_changed,
    parse_unified_diff,
    split_baselined,
    write_baseline,
)
from aislop.cli import app
from aislop.model import Rule, Severity
from aislop.registry import Check, build_registry, load_registry
from aislop.reporters import plural
from aislop.testing import scan_folder

runner = CliRunner()

# A test-only rule, so the round trip does not depend on which built-in rules exist.
SIGN_OFF = Rule(
    code="TST207", name="test-sign-off", family="hallucination", severity=Severity.ERROR, confidence=0.95,
    visibility=3, effort_minutes=1, summary="A chat sign-off.", why="Readers notice.", fix="Delete it.",
)


class SignOffCheck(Check):
    rules = (SIGN_OFF,)
    kinds = frozenset({"prose"})

    def check(self, doc, ctx):
        for m in re.finditer(r"Let me know if[^\n]*", doc.text):
            yield doc.finding(SIGN_OFF, m.start(), m.end(), "A chat sign-off is left in the text: delete it.")


POST = (
    "# Launch notes\n\n"
    "The launch moves to May.\n\n"
    "Let me know if you want a shorter version.\n\n"
    "Budget is unchanged.\n\n"
    "Let me know if the dates work for you.\n"
)
NEW_DEFECT = "Let me know if you need anything else.\n\n"


def _scan(root: Path):
    return scan_folder(root, registry=build_registry([SignOffCheck()])).findings


def test_round_trip_baseline_rescan_then_one_new_line(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    first = _scan(tmp_path)
    assert len(first) == 2
    write_baseline(baseline, first, "0.0.0")
    known = load_baseline(baseline)

    new, old = split_baselined(_scan(tmp_path), known)
    assert new == [] and len(old) == 2

    post.write_text(NEW_DEFECT + POST, encoding="utf-8")  # every old finding moves down two lines
    new, old = split_baselined(_scan(tmp_path), known)
    assert [(f.line, f.matched) for f in new] == [(1, "Let me know if you need anything else.")]
    assert len(old) == 2


def test_moved_block_stays_known_and_edited_text_becomes_new(tmp_path):
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    known = frozenset(f.fingerprint for f in _scan(tmp_path))
    blocks = POST.split("\n\n")
    post.write_text("\n\n".join([blocks[0], blocks[3], blocks[1], blocks[4], blocks[2]]), encoding="utf-8")
    assert split_baselined(_scan(tmp_path), known)[0] == []
    post.write_text(POST.replace("shorter version", "longer version"), encoding="utf-8")
    new, _ = split_baselined(_scan(tmp_path), known)
    assert [f.matched for f in new] == ["Let me know if you want a longer version."]


def test_baseline_file_is_readable_sorted_and_timeless(tmp_path):
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    findings = _scan(tmp_path)
    doc = baseline_dict(findings, "1.2.3")
    assert doc["schema"] == SCHEMA == "aislop/baseline@1"
    assert [set(e) for e in doc["findings"]] == [{"fingerprint", "rule", "name", "path", "matched"}] * 2
    assert doc["findings"][0]["rule"] == "TST207" and doc["findings"][0]["path"] == "post.md"
    assert baseline_dict(list(reversed(findings)), "1.2.3") == doc
    assert not re.search(r"\d{4}-\d\d-\d\d", json.dumps(doc))


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ('{"schema": "other"}', "not an aislop/baseline@1 file"),
     ('{"schema": "aislop/baseline@1", "findings": [{}]}', "needs a fingerprint")],
)
def test_bad_baseline_files_are_refused(tmp_path, content, message):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=message):
        load_baseline(path)
    with pytest.raises(BaselineError, match="cannot read"):
        load_baseline(tmp_path / "missing.json")


# ------------------------------------------------------------------------ the CLI, real rules
needs_chat_leftover = pytest.mark.skipif(
    load_registry().rule("chat-leftover") is None, reason="the chat-leftover rule (AIS207) is not registered"
)
LEFTOVER_POST = (
    "# Plan\n\nThe plan has three phases.\n\n"
    "I hope this helps! Let me know if you'd like me to adjust the tone.\n"
)
LEFTOVER_LINE = "Sure! Here is the revised plan you asked for.\n\n"


@needs_chat_leftover
def test_cli_baseline_round_trip_with_chat_leftover(tmp_path):
    deliverable = tmp_path / "deliverable"
    deliverable.mkdir()
    post = deliverable / "plan.md"
    post.write_text(LEFTOVER_POST, encoding="utf-8")
    baseline = tmp_path / "aislop-baseline.json"
    common = ["--select", "chat-leftover", "--no-cache", "--jobs", "1"]

    made = runner.invoke(app, ["baseline", str(deliverable), "--output", str(baseline), *common])
    assert made.exit_code == 0, made.output
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert len(recorded) >= 1 and {e["rule"] for e in recorded} == {"AIS207"}

    again = runner.invoke(app, ["scan", str(deliverable), "--baseline", str(baseline), "--format", "json", *common])
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert report["findings"] == [] and report["summary"]["verdict"] == "ready"
    assert f"{plural(len(recorded), 'finding')} recorded in the baseline" in " ".join(report["notes"])

    post.write_text(LEFTOVER_LINE + LEFTOVER_POST, encoding="utf-8")
    failed = runner.invoke(app, ["scan", str(deliverable), "--baseline", str(baseline), "--format", "json", *common])
    assert failed.exit_code == 1
    (new,) = json.loads(failed.stdout)["findings"]
    assert new["rule"] == "AIS207" and new["line"] == 1 and new["rank"] == 1


def test_cli_bad_baseline_exits_2(tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(tmp_path), "--baseline", str(bad), "--no-cache"])
    assert result.exit_code == 2 and "not an aislop/baseline@1 file" in result.stderr


# ------------------------------------------------------------------------ --diff REF
def test_parse_unified_diff():
    diff = (
        "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -3 +3 @@\n-old\n+new\n"
        "@@ -10,0 +11,2 @@\n+x\n+y\n@@ -20,2 +21,0 @@\n-gone\n-gone\n"
        "diff --git a/b.md b/b.md\n--- a/b.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
    )
    assert parse_unified_diff(diff) == {"a.md": {3, 11, 12}}


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@needs_chat_leftover
def test_cli_diff_reports_only_changed_lines(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "plan.md").write_text(LEFTOVER_POST, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "start")
    (repo / "docs" / "plan.md").write_text(LEFTOVER_LINE + LEFTOVER_POST, encoding="utf-8")
    (repo / "docs" / "new.md").write_text(LEFTOVER_POST, encoding="utf-8")  # untracked: all lines are new

    result = runner.invoke(
        app, ["scan", str(repo / "docs"), "--diff", "HEAD", "--select", "chat-leftover", "--format", "json", "--no-cache"]
    )
    report = json.loads(result.stdout)
    got = sorted((f["path"], f["line"]) for f in report["findings"])
    assert ("plan.md", 1) in got and all(path == "new.md" or line == 1 for path, line in got)
    assert any(path == "new.md" for path, _ in got)
    assert any("unchanged since HEAD" in note for note in report["notes"])
    bad = runner.invoke(app, ["scan", str(repo / "docs"), "--diff", "no-such-ref", "--no-cache"])
    assert bad.exit_code == 2 and "--diff" in bad.stderr


def test_only_changed_keeps_whole_file_findings_of_changed_files(tmp_path):
    (tmp_path / "post.md").write_text(POST, encoding="utf-8")
    findings = _scan(tmp_path)
    assert only_changed(findings, {"post.md": {5}}, set()) == [f for f in findings if f.line == 5]
    assert only_changed(findings, {}, {"post.md"}) == findings
    assert only_changed(findings, {"other.md": {1}}, set()) == []


# ------------------------------------------------------------------------ archives: from the store
def _fixture_scans():
    from aislop.config import Config
    from aislop.engine import scan
    from conftest import FIXTURES

    config = Config(respect_gitignore=False)
    config.settings["no_cache"] = True
    return scan([FIXTURES], config, jobs=1), scan([FIXTURES], config, jobs=1, spill=True)


@pytest.fixture(scope="module")
def scans():
    memory, spilled = _fixture_scans()
    yield memory, spilled
    spilled.store.close()


def test_a_baseline_written_from_the_store_is_the_one_written_from_the_list(scans, tmp_path):
    """The store sorts the entries on disk; the text is what json.dumps gave for the whole list."""
    memory, spilled = scans
    whole = json.dumps(baseline_dict(memory.findings, "1.2.3"), indent=2, ensure_ascii=False) + "\n"
    for name, findings in (("memory", memory.findings), ("store", spilled.findings)):
        write_baseline(tmp_path / f"{name}.json", findings, "1.2.3")
        assert (tmp_path / f"{name}.json").read_text(encoding="utf-8") == whole, name
    assert len(json.loads(whole)["findings"]) == len(memory.findings) > 100
    write_baseline(tmp_path / "empty.json", [], "1.2.3")
    assert (tmp_path / "empty.json").read_text(encoding="utf-8") == json.dumps(
        baseline_dict([], "1.2.3"), indent=2, ensure_ascii=False) + "\n"


def test_the_store_sorts_rows_as_python_sorts_strings(scans):
    _, spilled = scans
    rows = [("b", "é"), ("a", "\U0001f600"), ("a", "\uffff"), ("a", "z"), ("a", "\udcff"), ("", ""), ("a", "Z")]
    assert list(spilled.findings.sorted_rows(iter(rows))) == sorted(rows)
    assert list(spilled.findings.sorted_rows(iter([]))) == []


def test_the_store_drops_the_baselined_findings_in_sql_as_the_list_splits_them():
    memory, spilled = _fixture_scans()
    try:
        known = frozenset(f.fingerprint for f in memory.findings[::3]) | {"not-a-fingerprint"}
        new, old = split_baselined(memory.findings, known)
        assert spilled.store.drop_fingerprints(known) == len(old) > 0
        spilled.store.rank()
        assert sorted(f.fingerprint for f in spilled.findings) == sorted(f.fingerprint for f in new)
    finally:
        spilled.store.close()


def test_loading_keeps_the_fingerprints_of_entries_written_by_hand(tmp_path):
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"findings": [
        {"rule": "AIS207", "fingerprint": "a" * 32, "reason": "kept on purpose", "extra": {"fingerprint": "x"}},
        {"fingerprint": "b" * 32}, {"fingerprint": 7},
    ], "tool": {"name": "aislop"}, "schema": SCHEMA}), encoding="utf-8")
    assert load_baseline(path) == {"a" * 32, "b" * 32, "7"}
    assert all(type(f) is str for f in load_baseline(path))


def test_baseline_shows_a_class_group_again_when_an_untested_method_joins_it(tmp_path):
    """untested-function reports three or more untested methods of a class as one finding; the
    baseline must not hide a fourth added later."""
    methods = "".join(f"    def {name}(self):\n        return '{name}'\n\n" for name in ("line", "oval", "arc", "text"))
    (tmp_path / "tests").mkdir()
    (tmp_path / "canvas.py").write_text(f"class Canvas:\n{methods}", encoding="utf-8")
    (tmp_path / "tests/test_canvas.py").write_text(
        "from canvas import Canvas\n\n\ndef test_line():\n    assert Canvas().line() == 'line'\n", encoding="utf-8"
    )
    known = frozenset(f.fingerprint for f in scan_folder(tmp_path, select=["untested-function"]).findings)
    assert len(known) == 1
    assert split_baselined(scan_folder(tmp_path, select=["untested-function"]).findings, known)[0] == []
    (tmp_path / "canvas.py").write_text(f"class Canvas:\n{methods}    def rect(self):\n        return 'rect'\n", encoding="utf-8")
    new, _ = split_baselined(scan_folder(tmp_path, select=["untested-function"]).findings, known)
    assert [f.matched for f in new] == ["Canvas.oval, Canvas.arc, Canvas.text, Canvas.rect"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_cli_diff_reports_each_changed_untested_method_on_its_own(tmp_path):
    """A class's group of untested methods would count whenever any line of the class changed;
    with --diff each method is its own finding and only the changed ones are reported."""
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    methods = "".join(f"    def {name}(self):\n        return '{name}'\n\n" for name in ("line", "oval", "arc", "text"))
    (repo / "canvas.py").write_text(f"class Canvas:\n{methods}", encoding="utf-8")
    (repo / "tests/test_canvas.py").write_text(
        "from canvas import Canvas\n\n\ndef test_line():\n    assert Canvas().line() == 'line'\n", encoding="utf-8"
    )
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "start")
    # The change touches the tested line() and the untested arc(), in their bodies.
    changed = methods.replace("return 'line'", "return 'line' + ''").replace("return 'arc'", "return 'arc' + ''")
    (repo / "canvas.py").write_text(f"class Canvas:\n{changed}", encoding="utf-8")
    args = ["scan", str(repo), "--select", "untested-function", "--format", "json", "--no-cache", "--exit-zero"]
    whole = json.loads(runner.invoke(app, args).stdout)
    assert [f["matched"] for f in whole["findings"]] == ["Canvas.oval, Canvas.arc, Canvas.text"]
    report = json.loads(runner.invoke(app, [*args, "--diff", "HEAD"]).stdout)
    assert [f["matched"] for f in report["findings"]] == ["Canvas.arc"]
