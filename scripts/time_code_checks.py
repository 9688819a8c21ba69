"""Time the code checks against a bare ``libcst.parse_module`` loop on the same files.

    python scripts/time_code_checks.py [FOLDER] [--limit 200]

FOLDER defaults to the running interpreter's standard library (top-level modules). Prints
lines/s for both and the ratio; the issue's target is the checks within 2x of bare parsing.
"""

from __future__ import annotations

import argparse
import sysconfig
import tempfile
import time
from pathlib import Path

import libcst as cst

from aislop.checks.code.check import CodeCheck
from aislop.document import Document
from aislop.registry import Context, ProjectIndex


def pick_files(folder: Path, limit: int) -> list[Path]:
    files = sorted(p for p in folder.glob("*.py") if p.stat().st_size < 400_000)
    return files[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument(
        "--with-tests", action="store_true",
        help="declare a (tiny) test file so untested-function runs and reports on every module",
    )
    args = parser.parse_args()
    files = pick_files(args.folder, args.limit)
    sources = {p: p.read_text(encoding="utf-8", errors="replace") for p in files}
    lines = sum(s.count("\n") + 1 for s in sources.values())

    start = time.perf_counter()
    for source in sources.values():
        cst.parse_module(source)
    bare = time.perf_counter() - start

    files_index = {p.name: "code" for p in files}
    root = args.folder
    if args.with_tests:
        root = Path(tempfile.mkdtemp(prefix="aislop-time-"))
        (root / "tests").mkdir()
        (root / "tests" / "test_x.py").write_text("from x import y\n\n\ndef test_y():\n    assert y() == 1\n")
        files_index["tests/test_x.py"] = "code"
    project = ProjectIndex(root=root, files=files_index)
    ctx = Context(project=project)
    check = CodeCheck()
    findings = 0
    start = time.perf_counter()
    for path, source in sources.items():
        doc = Document(path=path, relpath=path.name, kind="code", format="python", text=source, source=source)
        findings += len(list(check.check(doc, ctx)))
    full = time.perf_counter() - start

    print(f"{len(files)} files, {lines} lines, {findings} findings")
    print(f"bare libcst.parse_module : {lines / bare:9.0f} lines/s ({bare:.2f} s)")
    print(f"aislop code checks       : {lines / full:9.0f} lines/s ({full:.2f} s)")
    print(f"ratio                    : {full / bare:.2f}x")


if __name__ == "__main__":
    main()
