"""untested-function on real projects: measured (coverage data) against the static map.

    python bench/coverage_vs_static.py                       # attrs and more-itertools
    python bench/coverage_vs_static.py click packaging --work /tmp/aislop-cov

For each project: download its sdist from the registry (``pip download --no-deps
--no-binary :all:``), unpack it into the work folder (kept out of git), run its test suite under
coverage.py with branch measurement (``coverage run --branch -m pytest``, with the project's own
coverage configuration), then scan it twice with ``--select untested-function,
partly-tested-function``: once with the data, once with the data moved aside (the static map).
Prints, per project, the findings of each and how they relate, and up to ten examples of each
group to spot-check by hand:

* static only: the static map says untested, but the function ran (a false alarm of the map);
* both: untested by either;
* coverage only: the data says it never ran, the static map thought a test reaches it.

Needs pytest and coverage in this interpreter (``pip install -e .[test]``); a project's extra
test dependencies are not installed, so test modules that import them fail to collect and the
functions only they exercise count as not run. Network: the registry, once per project.
Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

DATA_GLOBS = (".coverage", ".coverage.*", "coverage.xml", "coverage.lcov", "lcov.info")
RULES = "untested-function,partly-tested-function"


def fetch(name: str, work: Path) -> Path:
    """The unpacked sdist of ``name`` (downloaded once)."""
    downloads = work / "sdists"
    downloads.mkdir(parents=True, exist_ok=True)
    if not any(downloads.glob(f"{name.replace('-', '_')}-*")) and not any(downloads.glob(f"{name}-*")):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q", name, "-d", str(downloads)],
            check=True,
        )
    archive = sorted(p for p in downloads.iterdir() if p.name.lower().startswith((name.lower(), name.lower().replace("-", "_"))))[-1]
    dest = work / "projects"
    dest.mkdir(exist_ok=True)
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as zf:
            top = zf.namelist()[0].split("/")[0]
            if not (dest / top).exists():
                zf.extractall(dest)
    else:
        with tarfile.open(archive) as tf:
            top = tf.getnames()[0].split("/")[0]
            if not (dest / top).exists():
                tf.extractall(dest, filter="data")
    return dest / top


def run_tests(project: Path) -> float:
    """Run the project's tests under coverage (once); returns the CPU seconds it took."""
    if (project / ".coverage").is_file() or any(project.glob(".coverage.*")):
        return 0.0  # measured on an earlier run
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COVERAGE_", "PYTEST_"))}
    src = project / "src"
    env["PYTHONPATH"] = str(src if src.is_dir() else project)
    tests = next((p for p in ("tests", "test") if (project / p).is_dir()), ".")
    start = _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "coverage", "run", "--branch", "-m", "pytest", "-q", "-p", "no:cacheprovider", tests],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600,
    )
    return _children_cpu() - start


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def scan(project: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "aislop", "scan", str(project), "--select", RULES, "--format", "json",
         "--no-cache", "--exit-zero", "--quiet"],
        capture_output=True, text=True, timeout=3600,
    )
    if proc.returncode != 0:
        raise SystemExit(f"aislop failed on {project}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def scan_static(project: Path) -> dict:
    """Scan with the coverage data moved aside (and put back)."""
    with tempfile.TemporaryDirectory(prefix="aislop-cov-aside-") as aside:
        moved = [p for pattern in DATA_GLOBS for p in project.glob(pattern) if p.is_file()]
        for path in moved:
            shutil.move(path, Path(aside) / path.name)
        try:
            return scan(project)
        finally:
            for path in moved:
                shutil.move(Path(aside) / path.name, path)


def python_lines(project: Path) -> tuple[int, int]:
    """(all lines of Python, lines outside the tests)."""
    total = outside = 0
    for path in project.rglob("*.py"):
        n = path.read_bytes().count(b"\n")
        total += n
        rel = path.relative_to(project).as_posix()
        if not ("/tests/" in f"/{rel}" or "/test/" in f"/{rel}" or path.name.startswith("test_") or path.name == "conftest.py"):
            outside += n
    return total, outside


_GROUPED = re.compile(r"(?:No test reaches (?:\d+|any) of|None of|\d+ of) the \d+ public (?:methods|functions) of ")


def _keys(report: dict, rule: str) -> dict[tuple[str, str], dict]:
    """(path, function qualname) -> finding; a finding that groups three or more untested
    functions of a class or module ("... of the 24 public methods of `Canvas`: `addtag()`, ...")
    stands for each function it names (its ``matched`` lists their qualnames)."""
    keys = {}
    for f in report["findings"]:
        if f["name"] != rule:
            continue
        if not _GROUPED.match(f["message"]):
            keys[(f["path"], f["matched"])] = f
            continue
        for qualname in f["matched"].split(", "):
            keys[(f["path"], qualname)] = f
    return keys


def _sample(items: list, n: int = 10) -> list:
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def compare(name: str, work: Path) -> dict:
    project = fetch(name, work)
    test_cpu = run_tests(project)
    start = _children_cpu()
    measured = scan(project)
    middle = _children_cpu()
    static = scan_static(project)
    end = _children_cpu()
    total, outside = python_lines(project)
    cov, stat = _keys(measured, "untested-function"), _keys(static, "untested-function")
    sources = {f["path"]: f.get("score_sources", {}).get("tested") for f in measured["files"]}
    # Findings in files the data judged: the static-only ones there ran in the tests.
    judged = {p for p, s in sources.items() if s == "coverage"}
    static_only = sorted(k for k in stat if k not in cov and k[0] in judged)
    both = sorted(k for k in stat if k in cov)
    cov_only = sorted(k for k in cov if k not in stat)
    partly = _keys(measured, "partly-tested-function")
    result = {
        "project": project.name,
        "python_lines": total,
        "python_lines_outside_tests": outside,
        "files_measured": len(judged),
        "files_static": sum(1 for s in sources.values() if s == "static"),
        "untested_static": len(stat),
        "untested_coverage": len(cov),
        "untested_static_per_kloc": round(1000 * len(stat) / total, 3),
        "untested_coverage_per_kloc": round(1000 * len(cov) / total, 3),
        "static_only_ran": len(static_only),
        "both": len(both),
        "coverage_only": len(cov_only),
        "partly_tested": len(partly),
        "test_run_cpu_s": round(test_cpu, 1),
        "notes": measured["notes"],
        "examples": {
            "static_only_ran": [f"{p}: {m}" for p, m in _sample(static_only)],
            "both": [f"{p}: {m}" for p, m in _sample(both)],
            "coverage_only": [f"{p}: {m}" for p, m in _sample(cov_only)],
            "partly_tested": [f"{p}: {f['message']}" for (p, _), f in _sample(sorted(partly.items()))],
        },
    }
    result["scan_cpu_s"] = {"coverage": round(middle - start, 1), "static": round(end - middle, 1)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="*", default=["attrs", "more-itertools"])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "aislop-coverage-bench")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = [compare(name, args.work) for name in args.projects]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"\n## {r['project']}: {r['python_lines']} lines of Python ({r['python_lines_outside_tests']} outside the tests)")
        print(f"files judged from coverage data: {r['files_measured']}, by the static map: {r['files_static']}")
        print(f"untested-function: static map {r['untested_static']} ({r['untested_static_per_kloc']}/kloc), "
              f"coverage {r['untested_coverage']} ({r['untested_coverage_per_kloc']}/kloc)")
        print(f"  static only (ran in the tests): {r['static_only_ran']}, both: {r['both']}, "
              f"coverage only: {r['coverage_only']}; partly-tested-function: {r['partly_tested']}")
        for group, items in r["examples"].items():
            if items:
                print(f"  {group}:")
                for item in items:
                    print(f"    {item}")
        for note in r["notes"]:
            print(f"  note: {note[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
