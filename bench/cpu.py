"""aislop CPU benchmark: the CPU-time ratios of issue 17, side by side with their targets.

    python bench/cpu.py                  # 400 Markdown files, 300 Python modules, best of 5
    python bench/cpu.py --md 1000 --repeat 5

CPU time is user + system of the whole process tree (the child's rusage from wait4, which
includes every worker it reaped), so the ratios hold on a busy machine where wall time does not.
Measured on the corpus bench/run.py builds (reproducible: fixed seeds, text that ships with
Python):

* prose: ``aislop scan --select prose,hallucination --no-cache --jobs 1`` / ``proselint check``
  on the same Markdown (proselint is not a dependency: ``pip install proselint`` for this);
  grammar (AIS113) is left out: it runs only with the optional Harper extra or a LanguageTool
  server, so the figure is the default install's whatever this environment has,
* warm re-scan: the same aislop scan with the cache filled, nothing changed / ``aislop --version``,
* code: ``aislop scan --select code --no-cache --jobs 1`` / a bare ``libcst.parse_module`` loop.

Each figure is the smallest of --repeat runs (noise from other processes only ever adds CPU).
Children run with bytecode caching on (PYTHONDONTWRITEBYTECODE removed), as an installed package
has its .pyc files: otherwise every run would compile aislop's sources again and time that.
Benchmarks are not tests: CI never runs this file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import LIBCST_LOOP, build_markdown, build_python  # noqa: E402  (bench/run.py's corpus)

DEFAULT_CORPUS = Path(tempfile.gettempdir()) / "aislop-bench-cpu-corpus"

# (label, target): the ratios issue 17 asks for
TARGETS = {
    "prose: aislop / proselint": 0.45,
    "warm re-scan / aislop --version": 2.0,
    "code: aislop / bare libcst": 1.5,
}


def cpu_seconds(cmd: list[str], env: dict | None = None) -> float:
    """User + system CPU seconds of ``cmd`` and every process it waited for."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:6])}...: exit {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    return usage.ru_utime + usage.ru_stime


def best_pair(repeat: int, ours: list[str], theirs: list[str], env: dict) -> tuple[float, float]:
    """The smallest CPU time of each command over ``repeat`` runs, taken in turn so that both
    see the same load on a shared machine."""
    runs = [(cpu_seconds(ours, env), cpu_seconds(theirs, env)) for _ in range(repeat)]
    return min(a for a, _ in runs), min(b for _, b in runs)


def scanned(cmd: list[str], folder: Path, expected: int, env: dict) -> None:
    """Make sure the scan really read every file (a benchmark that scanned nothing is worse than none)."""
    report = Path(tempfile.mkdtemp(prefix="aislop-bench-")) / "report.json"
    subprocess.run([*cmd, "--output", str(report), str(folder)], env=env, check=False, stdout=subprocess.DEVNULL)
    files = json.loads(report.read_text())["summary"]["files"]
    shutil.rmtree(report.parent, ignore_errors=True)
    if files != expected:
        raise SystemExit(f"aislop scanned {files} files, expected {expected}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--md", type=int, default=400, help="Markdown files to generate")
    parser.add_argument("--py", type=int, default=300, help="Python modules to copy")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the smallest counts")
    parser.add_argument("--only", choices=["prose", "warm", "code"], action="append", help="measure only these")
    parser.add_argument("--keep", action="store_true", help="reuse an existing corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="where to build the corpus")
    args = parser.parse_args()
    only = set(args.only or ["prose", "warm", "code"])

    corpus = args.corpus.resolve()
    md_dir, py_dir = corpus / "md", corpus / "py"
    if not args.keep or not corpus.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        print(f"building corpus: {args.md} Markdown, {args.py} Python ...", file=sys.stderr)
        build_markdown(md_dir, args.md)
        build_python(py_dir, args.py)
    md_count, py_count = len(list(md_dir.glob("*.md"))), len(list(py_dir.glob("*.py")))

    cache = Path(tempfile.mkdtemp(prefix="aislop-bench-cache-"))
    env = dict(os.environ, AISLOP_CACHE_DIR=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    aislop = [sys.executable, "-m", "aislop"]
    scan = [*aislop, "scan", "--format", "json", "--exit-zero", "--jobs", "1", "--no-respect-gitignore"]
    prose = [*scan, "--select", "prose,hallucination", "--ignore", "AIS113"]
    rows: list[tuple[str, float, float]] = []  # label, aislop CPU s, reference CPU s
    try:
        if "prose" in only:
            proselint = shutil.which("proselint") or str(Path(sys.executable).parent / "proselint")
            if not Path(proselint).exists():
                print("proselint not installed: pip install proselint (prose ratio skipped)", file=sys.stderr)
            else:
                scanned([*prose, "--no-cache"], md_dir, md_count, env)
                ours, theirs = [*prose, "--no-cache", str(md_dir)], [proselint, "check", str(md_dir)]
                rows.append(("prose: aislop / proselint", *best_pair(args.repeat, ours, theirs, env)))
        if "warm" in only:
            scanned(prose, md_dir, md_count, env)  # fills the cache
            rows.append(("warm re-scan / aislop --version",
                         *best_pair(args.repeat, [*prose, str(md_dir)], [*aislop, "--version"], env)))
        if "code" in only:
            code = [*scan, "--select", "code", "--no-cache"]
            scanned(code, py_dir, py_count, env)
            ours, theirs = [*code, str(py_dir)], [sys.executable, "-c", LIBCST_LOOP, str(py_dir)]
            rows.append(("code: aislop / bare libcst", *best_pair(args.repeat, ours, theirs, env)))
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"{md_count} Markdown files, {py_count} Python modules; CPU s = user + sys, best of {args.repeat}\n")
    print("| ratio | aislop CPU s | reference CPU s | ratio | target | |")
    print("|---|---:|---:|---:|---:|---|")
    for label, ours, theirs in rows:
        ratio, target = ours / theirs, TARGETS[label]
        print(f"| {label} | {ours:.2f} | {theirs:.2f} | {ratio:.2f}x | <= {target}x | "
              f"{'ok' if ratio <= target else 'MISSED'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
