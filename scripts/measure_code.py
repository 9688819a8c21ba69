"""Measure false alarms of the code rules on well-tested real code: five PyPI projects with their
tests, and the standard library with its test suite.

    python scripts/measure_code.py                      # every project, summary + examples
    python scripts/measure_code.py --only attrs,stdlib  # some of them
    python scripts/measure_code.py --save before.json   # keep the figures ...
    python scripts/measure_code.py --compare before.json  # ... and print them beside today's

The corpus is built in a cache folder (default: $TMPDIR/aislop-code-corpus, or --corpus), never
in the repository: the sdists of the pinned projects are fetched once with
``pip download --no-deps --no-binary :all:`` and unpacked; the standard library is the running
interpreter's own ``Lib/`` (its ``test/`` package included, ``site-packages`` left out). Only the
Python files and the files that declare dependencies are kept, so the figures are about code.

Each project is scanned by ``python -m aislop scan`` (every rule, no cache) and the script prints,
per rule, findings per 1,000 lines of Python on each project, then a few quoted examples per
rule. Every finding on this corpus is a false alarm to explain, except ``unreadable-file`` on
CPython's deliberately broken test modules (badsyntax_*, bad_coding*) and assertion-free-test on
tests that truly assert nothing. Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

# Pinned so that a rerun measures the same text.
PROJECTS = {
    "attrs": "attrs==26.1.0",
    "click": "click==8.5.1",
    "more-itertools": "more-itertools==11.2.1",
    "packaging": "packaging==26.4",
    "python-dateutil": "python-dateutil==4.0.0",
}
KEEP_NAMES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile")
DEFAULT_CORPUS = Path(tempfile.gettempdir()) / "aislop-code-corpus"


# --------------------------------------------------------------------------- corpus
def fetch_sdist(spec: str, folder: Path) -> Path:
    name, version = spec.split("==")
    stem = name.replace("-", "_").lower()
    found = [p for p in folder.glob("*.tar.gz") if p.name.lower().replace("-", "_").startswith(f"{stem}_{version}.")
             or p.name.lower().replace("-", "_") == f"{stem}_{version}.tar.gz"]
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(folder), spec],
        check=True,
    )
    return fetch_sdist(spec, folder)


def keep(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.endswith(".py") or name in KEEP_NAMES or (name.startswith("requirements") and name.endswith(".txt"))


def unpack(archive: Path, target: Path) -> None:
    """The Python and dependency files of an sdist, without its top folder."""
    if target.exists():
        return
    tmp = target.with_name(target.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            rel = member.name.split("/", 1)[1] if "/" in member.name else ""
            if not member.isfile() or not rel or not keep(rel):
                continue
            out = tmp / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                out.write_bytes(source.read())
    tmp.rename(target)


def copy_stdlib(target: Path, sample: int) -> None:
    """The interpreter's Lib/ (site-packages left out); with ``sample`` K > 1, one file in K,
    chosen by a hash of its path so that every run picks the same ones."""
    if target.exists():
        return
    lib = Path(sysconfig.get_paths()["stdlib"])
    tmp = target.with_name(target.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    for path in sorted(lib.rglob("*.py")):
        rel = path.relative_to(lib)
        if rel.parts[0] in ("site-packages", "dist-packages") or "__pycache__" in rel.parts:
            continue
        if sample > 1 and int(hashlib.sha1(rel.as_posix().encode()).hexdigest(), 16) % sample:
            continue
        out = tmp / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out)
    tmp.rename(target)


def build(corpus: Path, names: list[str], sample: int) -> dict[str, Path]:
    folders = {}
    for name in names:
        target = corpus / "src" / name
        if name == "stdlib":
            if sample > 1:
                target = corpus / "src" / f"stdlib-1-in-{sample}"
            copy_stdlib(target, sample)
            name = f"stdlib-1-in-{sample}" if sample > 1 else name
        else:
            unpack(fetch_sdist(PROJECTS[name], corpus / "sdists"), target)
        folders[name] = target
    return folders


def python_lines(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*.py"):
        with open(path, "rb") as handle:
            total += sum(1 for _ in handle)
    return total


# --------------------------------------------------------------------------- scanning
def scan(folder: Path, jobs: int, python: str) -> dict:
    proc = subprocess.run(
        [python, "-m", "aislop", "scan", str(folder), "--format", "json", "--exit-zero", "--no-cache",
         "--no-respect-gitignore", "-j", str(jobs)],
        capture_output=True, text=True, cwd=folder,
    )
    if proc.returncode != 0:
        raise SystemExit(f"aislop failed on {folder} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def measure(folders: dict[str, Path], jobs: int, python: str) -> dict:
    results = {}
    for name, folder in folders.items():
        report = scan(folder, jobs, python)
        lines = python_lines(folder)
        counts = Counter(f["name"] for f in report["findings"])
        examples = defaultdict(list)
        for f in report["findings"]:
            examples[f["name"]].append(f"{f['path']}:{f['line']}: {f['message']}")
        # untested-function groups three or more untested functions of a class or module in
        # one finding, whose matched text lists them: count the functions too.
        untested = sum(len(f["matched"].split(", ")) for f in report["findings"] if f["name"] == "untested-function")
        results[name] = {
            "files": report["summary"]["files"], "lines": lines, "counts": dict(counts),
            "examples": dict(examples), "untested_functions": untested,
        }
        print(f"scanned {name}: {report['summary']['files']} files, {lines:,} lines, "
              f"{sum(counts.values())} findings", file=sys.stderr)
    return results


# --------------------------------------------------------------------------- report
def rate(result: dict, rule: str) -> str:
    count = result["counts"].get(rule, 0)
    return f"{count} ({1000 * count / max(result['lines'], 1):.3f})"


def print_table(results: dict, before: dict | None) -> None:
    names = list(results)
    rules = sorted({r for res in results.values() for r in res["counts"]}
                   | ({r for n in names if n in (before or {}) for r in before[n]["counts"]}))
    print("\nFindings per rule: count (per 1,000 lines of Python)" + ("; before -> now" if before else ""))
    header = ["rule"] + [f"{n} [{results[n]['lines']:,} l]" for n in names]
    rows = [header]
    for rule in rules:
        row = [rule]
        for n in names:
            now = rate(results[n], rule)
            if before and n in before:
                now = f"{rate(before[n], rule)} -> {now}"
            row.append(now)
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
    named = [f"{n} {results[n].get('untested_functions', 0)}" for n in names]
    print("untested functions named by the untested-function findings: " + ", ".join(named))


def print_examples(results: dict, per_rule: int, rules: set[str] | None) -> None:
    for name, res in results.items():
        for rule, items in sorted(res["examples"].items()):
            if rules and rule not in rules:
                continue
            print(f"\n--- {name}: {rule} ({len(items)})")
            for line in items[:per_rule]:
                print("   ", line[:300])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="cache folder for the corpus")
    parser.add_argument("--only", default="", help="comma-separated: " + ", ".join([*PROJECTS, "stdlib"]))
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--stdlib-sample", type=int, default=1, metavar="K",
                        help="scan one stdlib file in K (the same ones every run); the whole Lib/ takes ~15 CPU-minutes")
    parser.add_argument("--examples", type=int, default=5, help="examples per rule and project (0: none)")
    parser.add_argument("--rules", default="", help="print examples of these rules only (comma-separated names)")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter whose aislop is measured (a non-editable install of a baseline commit)")
    parser.add_argument("--save", type=Path, help="write the figures (and every finding) to this JSON file")
    parser.add_argument("--compare", type=Path, help="a file written by --save: print its counts beside today's")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or [*PROJECTS, "stdlib"]
    unknown = [n for n in names if n not in PROJECTS and n != "stdlib"]
    if unknown:
        parser.error(f"unknown project(s): {', '.join(unknown)}")
    results = measure(build(args.corpus, names, args.stdlib_sample), args.jobs, args.python)
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    print_table(results, before)
    if args.examples:
        print_examples(results, args.examples, {r for r in args.rules.split(",") if r} or None)
    if args.save:
        args.save.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
