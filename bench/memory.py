"""Peak memory of an archive scan, the whole process tree (main process and pool workers).

    python bench/memory.py --files 10000 100000          # generated corpus, JSON report, --jobs 2
    python bench/memory.py --files 10000 --keep          # reuse the corpus built last time
    python bench/memory.py --files 10000 --format html   # the same scan writing the HTML report
    python bench/memory.py --files 10000 --record        # ... and a review record (scan --record)

The corpus is generated (bench/run.py's Markdown articles: pydoc paragraphs with some stock AI
sentences, seeded, so the same command builds the same files; ``--words`` sets their length,
700 by default) into --corpus, one folder per size; it is never committed. Each scan runs cold (empty cache) with ``--format json --jobs 2``
and ``--select prose,hallucination --ignore AIS113`` (grammar runs only with the optional Harper
extra, whose dictionary each worker would load; bench/cpu.py leaves it out too)
to a report file, while a sampler reads VmRSS of every process in the tree from /proc every
50 ms. Reported: files, findings (from the report), peak RSS of the tree and of the main
process alone, wall and CPU seconds (RUSAGE_CHILDREN: main plus its reaped workers) and the
throughput per core (files per CPU second). Targets (issue 17): <= 250 MB at 10,000 files,
<= 400 MB at 100,000 files. Benchmarks are not tests: CI never runs this file.

    python bench/memory.py --store-only 100000           # the main process's share, in minutes

measures only what the main process does with an archive's results, without checking it: the
results of 200 generated files (checked once, in this process) are copied under new names until
there are N files, each goes through the on-disk store as a worker's result would (compacted,
inserted), then fingerprints, ranks, the summary and the report (``--format``; JSON by default)
are made from the store.
Reported: findings, this process's peak RSS (before and after), CPU seconds, and those of
writing the report alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import PeakSampler, build_markdown  # noqa: E402 - bench/ is a folder of scripts, not a package

TARGETS_MB = {10_000: 250, 100_000: 400}


def measure(folder: Path, jobs: int, fmt: str, record: bool = False) -> dict:
    """One cold scan of ``folder``: peak RSS (tree, main), wall and CPU seconds, findings
    (``record``: the scan also writes a review record, ``scan --record``)."""
    work = Path(tempfile.mkdtemp(prefix="aislop-memory-"))
    report = work / f"report.{fmt}"
    cmd = [sys.executable, "-m", "aislop", "scan", "--format", fmt, "--exit-zero", "--jobs", str(jobs),
           "--no-respect-gitignore", "--select", "prose,hallucination", "--ignore", "AIS113", "--output", str(report),
           *(["--record", str(work / "record.json")] if record else []), str(folder)]
    env = dict(os.environ, AISLOP_CACHE_DIR=str(work / "cache"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    with PeakSampler(proc.pid, every=0.05) as peaks:
        _, err = proc.communicate()
    wall = time.perf_counter() - started
    peak_tree, peak_main = peaks.tree, peaks.root
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"scan of {folder}: exit {proc.returncode}: {err.decode(errors='replace')[-800:]}")
    summary = _summary(report, fmt)
    shutil.rmtree(work, ignore_errors=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "files": summary["files"], "findings": summary["findings"], "peak_tree_mb": peak_tree / 1024,
        "peak_main_mb": peak_main / 1024, "wall_s": wall, "cpu_s": cpu, "files_per_cpu_s": summary["files"] / cpu,
    }


def _summary(report: Path, fmt: str) -> dict:
    """Files and findings as the report states them (the HTML page: its headline)."""
    if fmt == "json":
        return json.loads(report.read_text())["summary"]
    if fmt == "html":
        found = re.search(r"(\d+) files?, (\d+) findings? \(", report.read_text(encoding="utf-8"))
        return {"files": int(found[1]), "findings": int(found[2])}
    return json.loads(report.read_text().splitlines()[-1])


def _config():
    from aislop.config import Config

    config = Config(respect_gitignore=False, select=["prose", "hallucination"])
    config.settings["no_cache"] = True
    return config


def _sample_results(folder: Path) -> list:
    from aislop.engine import scan

    return scan([folder], _config(), jobs=1).files


def store_only(count: int, corpus: Path, fmt: str = "json") -> dict:
    """The main process's work on ``count`` files' results (see the module docstring)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from dataclasses import replace

    from aislop.cli import _only_new_stored
    from aislop.engine import _open_store
    from aislop.registry import load_registry
    from aislop.reporters import Report, write_report
    from aislop.spill import StoredFiles, StoredFindings, compact
    from aislop.triage import summarise

    sample = corpus.resolve() / "md200"
    if not sample.is_dir():
        build_markdown(sample, 200)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as checker:
        results = checker.submit(_sample_results, sample).result()  # the checks' memory stays there
    config = _config()
    before = resource.getrusage(resource.RUSAGE_SELF)
    store = _open_store(load_registry(), config)
    for n in range(count):
        result = results[n % len(results)]
        name = f"part{n // len(results):04}/{result.path}"
        findings = [replace(f, path=name) for f in result.findings]
        store.add(n, compact(replace(result, path=name, findings=findings)))
    store.finish()

    class Scanned:  # what cli._only_new_stored reads of a scan
        notes: list[str] = store.notes()

    Scanned.store = store
    _only_new_stored(Scanned, None, None)
    files, findings = StoredFiles(store), StoredFindings(store)
    summary = summarise(files, findings, config.block_confidence)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "archive"  # each copy's folder names the sample, so reports read real text
        root.mkdir()
        for part in range((count + len(results) - 1) // len(results)):
            (root / f"part{part:04}").symlink_to(sample, target_is_directory=True)
        writing = resource.getrusage(resource.RUSAGE_SELF)
        with open(Path(folder) / f"report.{fmt}", "w", encoding="utf-8") as out:
            write_report(Report(root, files, findings, summary, Scanned.notes, "bench"), fmt, out)
        written = resource.getrusage(resource.RUSAGE_SELF)
    store.close()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {"files": count, "findings": summary.findings, "peak_rss_mb_before": before.ru_maxrss / 1024,
            "peak_rss_mb": after.ru_maxrss / 1024,
            "cpu_s": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "report_cpu_s": written.ru_utime + written.ru_stime - writing.ru_utime - writing.ru_stime}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, nargs="+", default=[10_000], help="corpus sizes to scan")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="json", choices=("json", "jsonl", "html"))
    parser.add_argument("--words", type=int, default=700, help="words per generated article (at least)")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "aislop-memory-corpus")
    parser.add_argument("--keep", action="store_true", help="reuse a corpus already built in --corpus")
    parser.add_argument("--record", action="store_true", help="the scan also writes a review record (--record)")
    parser.add_argument("--store-only", type=int, metavar="N", help="only the main process's work on N files' results")
    args = parser.parse_args()
    if args.store_only:
        print(json.dumps(store_only(args.store_only, args.corpus, args.format)))
        return 0

    rows = []
    for count in args.files:
        folder = args.corpus.resolve() / (f"md{count}" if args.words == 700 else f"md{count}-{args.words}w")
        if not (args.keep and folder.is_dir() and sum(1 for _ in folder.glob("*.md")) == count):
            shutil.rmtree(folder, ignore_errors=True)
            print(f"building {count} Markdown files in {folder} ...", file=sys.stderr)
            build_markdown(folder, count, words=args.words)
        print(f"scanning {count} files ...", file=sys.stderr)
        row = measure(folder, args.jobs, args.format, args.record)
        if row["files"] != count:
            raise SystemExit(f"scanned {row['files']} files, expected {count}")
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"articles of {args.words}+ words, --format {args.format} --jobs {args.jobs}"
          f"{' --record' if args.record else ''}\n")
    print("| files | findings | peak RSS, tree MB | peak RSS, main MB | wall s | CPU s | files/s/core | target |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        target = TARGETS_MB.get(r["files"])
        verdict = "-" if target is None else f"≤ {target} MB: {'met' if r['peak_tree_mb'] <= target else 'MISSED'}"
        print(f"| {r['files']:,} | {r['findings']:,} | {r['peak_tree_mb']:.0f} | {r['peak_main_mb']:.0f} "
              f"| {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['files_per_cpu_s']:.1f} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
