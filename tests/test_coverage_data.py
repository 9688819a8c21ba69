"""Measured coverage: untested-function and partly-tested-function from real coverage.py data.

A small project is written to a temporary folder and its tests are run under coverage.py in
a subprocess (``coverage run --branch -m pytest``), then reported as Cobertura XML and LCOV.
Every test scans a copy of that project with one of the three data files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aislop.checks.code import coverage as measured
from aislop.cli import app
from aislop.config import Config, load_config
from aislop.engine import scan
from aislop.testing import scan_folder

pytest.importorskip("coverage", reason="coverage.py is in the `test` extra; install aislop[test]")

PROJECT = {
    "pkg/__init__.py": "",
    "pkg/calc.py": '''
        """Arithmetic."""


        def add(a, b):
            return a + b


        def never(a):
            return a * 2


        def sign(x):
            if x > 0:
                return 1
            return -1


        class Box:
            def __init__(self, value):
                self.value = value

            def get(self):
                return self.value

            def unused(self):  # pragma: no cover
                return None
        ''',
    "pkg/report.py": """
        from pkg.calc import add


        def total(xs):
            out = 0
            for x in xs:
                out = add(out, x)
            return out
        """,
    "tests/test_report.py": """
        from pkg.calc import Box, sign
        from pkg.report import total


        def test_total():
            assert total([1, 2]) == 3


        def test_sign_and_box():
            assert sign(3) == 1
            assert Box(2).get() == 2
        """,
    ".coveragerc": "[run]\nbranch = true\n\n[lcov]\nline_checksums = true\n",
}
DATA_FILES = (".coverage", "coverage.xml", "coverage.lcov")


def _coverage(cwd: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COVERAGE_", "PYTEST_"))}
    proc = subprocess.run(
        [sys.executable, "-m", "coverage", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def measured_project(tmp_path_factory) -> Path:
    """The project after its tests ran under coverage, with all three forms of the data."""
    root = tmp_path_factory.mktemp("measured") / "project"
    for rel, text in PROJECT.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    _coverage(root, "run", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    _coverage(root, "xml", "-o", "coverage.xml")
    _coverage(root, "lcov", "-o", "coverage.lcov")
    return root


def _copy(project: Path, dest: Path, keep: str) -> Path:
    """The project in another folder (the data names the original paths, as on a CI runner),
    with only the data file ``keep``."""
    shutil.copytree(project, dest)  # copy2: modification times are kept
    for name in DATA_FILES:
        if name != keep:
            (dest / name).unlink()
    return dest


def _scan(root: Path, **settings):
    return scan_folder(root, ["untested-function", "partly-tested-function"], **settings)


def _verdicts(result) -> set[tuple[str, str, str]]:
    return {(f.rule.name, f.path, f.matched) for f in result.findings}


def _scores(result) -> dict[str, tuple[float | None, str | None]]:
    return {f.path: (f.scores.get("tested"), f.score_sources.get("tested")) for f in result.files if f.scores}


EXPECTED = {
    ("untested-function", "pkg/calc.py", "never"),  # no test runs it
    ("partly-tested-function", "pkg/calc.py", "sign"),  # only the positive branch ran
}


# ---------------------------------------------------------------------- reading the data
@pytest.mark.parametrize("name", DATA_FILES)
def test_each_form_reads_the_same_lines(measured_project, name):
    report = measured.load(measured_project / name)
    reference = measured.load(measured_project / ".coverage")
    assert report.has_branches
    for rel in ("pkg/calc.py", "pkg/report.py"):
        got, want = report.lines_for(rel, measured_project), reference.lines_for(rel, measured_project)
        assert (got.statements, got.executed, dict(got.branches)) == (want.statements, want.executed, dict(want.branches))
    calc = report.lines_for("pkg/calc.py", measured_project)
    source = (measured_project / "pkg/calc.py").read_text().splitlines()
    never_body = source.index("    return a * 2") + 1
    assert never_body in calc.statements and never_body not in calc.executed
    assert calc.partial_branches(range(1, len(source) + 1)) == [(source.index("    if x > 0:") + 1, 2, 1)]
    unused = source.index("        return None") + 1
    assert unused not in calc.statements  # `# pragma: no cover`, as coverage.py itself excludes it


def test_paths_match_by_suffix_wherever_the_data_was_recorded(measured_project, tmp_path):
    moved = _copy(measured_project, tmp_path / "elsewhere" / "checkout", ".coverage")
    report = measured.load(moved / ".coverage")
    assert all(name.startswith(str(measured_project)) for name in report.measured)
    assert report.measured_name("pkg/calc.py", moved) == f"{measured_project}/pkg/calc.py"
    assert report.measured_name("calc.py", moved / "pkg") == f"{measured_project}/pkg/calc.py"  # scanning a subfolder
    assert report.measured_name("other/calc.py", moved) is None


def test_unreadable_data_is_a_clear_error(tmp_path):
    (tmp_path / "coverage.xml").write_text("<coverage><packages>", encoding="utf-8")
    with pytest.raises(measured.CoverageDataError, match="not readable Cobertura XML"):
        measured.load(tmp_path / "coverage.xml")
    (tmp_path / "junk").write_bytes(b"\x00\x01binary")
    with pytest.raises(measured.CoverageDataError, match="not coverage data"):
        measured.load(tmp_path / "junk")
    with pytest.raises(measured.CoverageDataError, match="not found"):
        measured.find_data(tmp_path, str(tmp_path / "missing.lcov"))


def test_coverage_py_data_without_coverage_installed_says_what_to_install(measured_project, monkeypatch):
    monkeypatch.setitem(sys.modules, "coverage", None)  # as if the optional extra were missing
    with pytest.raises(measured.CoverageDataError, match=r"aislop-qa\[coverage\]"):
        measured.load(measured_project / ".coverage")


# ---------------------------------------------------------------------- verdicts
def test_measured_verdicts(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", ".coverage")
    result = _scan(root)
    # add() runs only through report.total() in another module: not reported, although no
    # test names it; Box.unused is excluded with `# pragma: no cover`.
    assert _verdicts(result) == EXPECTED
    assert _scores(result) == {"pkg/calc.py": (75.0, "coverage"), "pkg/report.py": (100.0, "coverage")}
    assert not any("static estimate" in note for note in result.notes)
    never = next(f for f in result.findings if f.matched == "never")
    assert "never ran in the tests" in never.message and never.scope_end_line == never.line + 1


def test_without_data_the_static_map_guesses_and_says_so(measured_project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(measured_project, root, ignore=shutil.ignore_patterns(*DATA_FILES))
    result = _scan(root)
    # The static map follows the test into report.total() and on to calc.add(), but it cannot
    # see branches.
    assert _verdicts(result) == {("untested-function", "pkg/calc.py", "never")}
    assert _scores(result)["pkg/calc.py"] == (75.0, "static")
    assert any("static estimate" in note and "coverage run -m pytest" in note for note in result.notes)


@pytest.mark.parametrize("name", ["coverage.xml", "coverage.lcov"])
def test_cobertura_and_lcov_give_the_verdicts_of_dot_coverage(measured_project, tmp_path, name):
    reference = _scan(_copy(measured_project, tmp_path / "ref", ".coverage"))
    result = _scan(_copy(measured_project, tmp_path / "p", name))
    assert _verdicts(result) == _verdicts(reference) == EXPECTED
    assert _scores(result) == _scores(reference)
    # The same data named explicitly (--coverage / coverage = "...") from outside the folder.
    outside = tmp_path / "artifacts" / name
    outside.parent.mkdir()
    shutil.move(tmp_path / "p" / name, outside)
    assert _verdicts(_scan(tmp_path / "p", coverage=str(outside))) == EXPECTED


def test_a_file_changed_after_the_run_falls_back_with_a_note(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", ".coverage")
    calc = root / "pkg" / "calc.py"
    calc.write_text(calc.read_text() + "\n\ndef brand_new(x):\n    return x\n", encoding="utf-8")
    later = (root / ".coverage").stat().st_mtime + 60
    os.utime(calc, (later, later))
    result = _scan(root)
    assert any("pkg/calc.py" in note and "out of date" in note and "changed after the coverage run" in note
               for note in result.notes)
    # pkg/calc.py: the static map's verdicts; pkg/report.py: still measured.
    assert _verdicts(result) == {("untested-function", "pkg/calc.py", name) for name in ("never", "brand_new")}
    assert _scores(result)["pkg/calc.py"][1] == "static" and _scores(result)["pkg/report.py"] == (100.0, "coverage")


def test_an_edit_that_kept_the_old_mtime_is_caught_by_the_lcov_line_hashes(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", "coverage.lcov")
    calc = root / "pkg" / "calc.py"
    before = calc.stat()
    calc.write_text(calc.read_text().replace("return a * 2", "return a * 3"), encoding="utf-8")
    os.utime(calc, ns=(before.st_atime_ns, before.st_mtime_ns))  # e.g. restored from a cache
    result = _scan(root)
    assert any("pkg/calc.py" in note and "differs from the line that was measured" in note for note in result.notes)


def test_a_measured_line_that_is_now_blank_means_stale_data(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", "coverage.xml")
    report = measured.load(root / "coverage.xml")
    lines = report.lines_for("pkg/report.py", root)
    source = (root / "pkg/report.py").read_text()
    assert report.stale(lines, source, None) is None
    assert "blank or a comment" in report.stale(lines, "\n" + source, None)
    assert "file now has" in report.stale(lines, "x = 1\n", None)


def test_unusable_data_falls_back_with_a_note(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", "coverage.xml")
    (root / "coverage.xml").write_text("not xml at all <", encoding="utf-8")
    result = _scan(root)
    assert any(note.startswith("Coverage data not used") for note in result.notes)
    assert _verdicts(result) == {("untested-function", "pkg/calc.py", "never")}  # the static estimate
    assert _scores(result)["pkg/calc.py"][1] == "static"


def test_the_cache_knows_the_coverage_data(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", "coverage.lcov")
    config = Config(select=["untested-function"], respect_gitignore=False, cache_dir=str(tmp_path / "cache"))
    assert ("untested-function", "pkg/calc.py", "never") in _verdicts(scan([root], config, jobs=1))
    data = root / "coverage.lcov"
    data.write_text(data.read_text().replace("DA:9,0,", "DA:9,1,"), encoding="utf-8")  # never() ran after all
    assert ("untested-function", "pkg/calc.py", "never") not in _verdicts(scan([root], config, jobs=1))


# ---------------------------------------------------------------------- configuration and CLI
def test_config_names_the_data_relative_to_itself(tmp_path):
    (tmp_path / "aislop.toml").write_text('coverage = "build/coverage.xml"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.settings["coverage"] == str(tmp_path / "build" / "coverage.xml")


def test_cli_rejects_a_missing_coverage_file(tmp_path):
    result = CliRunner().invoke(app, ["scan", str(tmp_path), "--coverage", str(tmp_path / "nope.xml")])
    assert result.exit_code == 2 and "--coverage" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_reports_changed_functions_that_no_test_runs(measured_project, tmp_path):
    """The CI question: which functions changed in this pull request and ran in no test?"""
    root = _copy(measured_project, tmp_path / "repo", "coverage.xml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=root, check=True)
    calc = root / "pkg" / "calc.py"
    stamp = calc.stat()
    # The pull request edits the *body* of never() (not its `def` line) and of total().
    calc.write_text(calc.read_text().replace("return a * 2", "return a * 2.0"), encoding="utf-8")
    report_py = root / "pkg" / "report.py"
    report_py.write_text(report_py.read_text().replace("out = 0", "out = 0  # start"), encoding="utf-8")
    for path in (calc, report_py):  # the tests ran on the pull request's code (same lines)
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    result = CliRunner().invoke(
        app, ["scan", str(root), "--diff", "HEAD", "--select", "untested-function,partly-tested-function",
              "--format", "json", "--no-cache", "--exit-zero"],
    )
    report = json.loads(result.stdout)
    assert {(f["name"], f["path"], f["matched"]) for f in report["findings"]} == {("untested-function", "pkg/calc.py", "never")}
    assert {f["path"]: f["score_sources"] for f in report["files"]}["pkg/calc.py"] == {"tested": "coverage"}


def test_coverage_data_of_the_future_is_not_stale():
    report = measured.CoverageReport(Path("x"), "lcov", time.time(), False, {})
    lines = measured.FileLines(frozenset({1}), frozenset({1}))
    assert report.stale(lines, "x = 1\n", time.time() - 10) is None
    assert report.stale(lines, "x = 1\n", time.time() + 10) == "the file changed after the coverage run"


def test_parallel_data_files_are_combined_in_memory(measured_project, tmp_path):
    root = _copy(measured_project, tmp_path / "p", ".coverage")
    os.replace(root / ".coverage", root / ".coverage.runner1.11.abc")
    shutil.copy2(root / ".coverage.runner1.11.abc", root / ".coverage.runner2.22.def")
    result = _scan(root)
    assert _verdicts(result) == EXPECTED
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".coverage.")) == [
        ".coverage.runner1.11.abc", ".coverage.runner2.22.def"]  # left as they were: nothing written
    assert "2 parallel files" in next(f for f in result.findings if f.matched == "never").message
