"""Snapshot every finding aislop reports on the repository's fixtures, probe sets and demo.

    python scripts/snapshot_findings.py            # print the snapshot to stdout
    python scripts/snapshot_findings.py --update   # rewrite tests/data/findings_snapshot.json
    python scripts/snapshot_findings.py --check    # exit 1 and print a diff if it is stale

Each folder in TARGETS is scanned on its own, as a user would (``aislop scan FOLDER --format
json --no-cache``), and the report is reduced to what a refactoring must not change: per file
its kind and load error, per finding its rule, place, severity and message. Ranks, priorities,
fingerprints and notes are left out (they follow from the rest or depend on the machine).
Paths are relative to the repository root and everything is sorted, so the file diffs cleanly.

tests/test_findings_snapshot.py regenerates the snapshot and compares it with the committed one:
it guards moves of code that must not change behaviour. A change that is meant to change
findings regenerates the file with ``--update`` and says in its commit message which findings
changed and why.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "data" / "findings_snapshot.json"

# Folders scanned, each as its own scan root (the probe sets also on their own, as the measure
# scripts scan them; the two code projects each as the project they are).
TARGETS = (
    "fixtures/code/aiproject",
    "fixtures/code/cpython",
    "fixtures/code/handoff",
    "fixtures/demo",
    "fixtures/documents",
    "fixtures/hallucination",
    "fixtures/hallucination/probe",
    "fixtures/hostile",
    "fixtures/images",
    "fixtures/prose",
    "fixtures/prose/probe",
    "fixtures/report",
)

FINDING_FIELDS = (
    "path", "line", "column", "end_line", "end_column", "location",
    "rule", "name", "severity", "message", "matched", "symbol",
)  # fmt: skip
FILE_FIELDS = ("path", "kind", "error")


def scan_report(target: str) -> dict:
    """Run ``aislop scan`` on one folder in a fresh process and return its JSON report."""
    command = [sys.executable, "-m", "aislop", "scan", target, "--format", "json", "--no-cache", "--exit-zero"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(command[1:])}` exited {done.returncode}:\n{done.stderr}")
    return json.loads(done.stdout)


def normalise(target: str, report: dict) -> dict:
    """Keep the behaviour-relevant fields, with repository-relative paths, in a stable order."""

    def where(path: str) -> str:
        return f"{target}/{path}"

    files = [{**{k: f.get(k) for k in FILE_FIELDS}, "path": where(f["path"])} for f in report["files"]]
    findings = [{**{k: f.get(k) for k in FINDING_FIELDS}, "path": where(f["path"])} for f in report["findings"]]
    files.sort(key=lambda f: f["path"])
    findings.sort(key=_finding_key)
    return {"files": files, "findings": findings}


def _finding_key(f: dict) -> tuple:
    return (
        f["path"], f["line"] or 0, f["column"] or 0, json.dumps(f["location"], sort_keys=True),
        f["rule"], f["end_line"] or 0, f["end_column"] or 0, f["message"], f["matched"] or "",
    )  # fmt: skip


def build() -> dict:
    """The snapshot of every target, as a dict ready for :func:`dump`."""
    return {target: normalise(target, scan_report(target)) for target in TARGETS}


def dump(snapshot: dict) -> str:
    """One finding per line, so a diff shows exactly which findings changed."""
    lines = ["{"]
    for i, (target, part) in enumerate(snapshot.items()):
        lines.append(f"  {json.dumps(target)}: {{")
        for key in ("files", "findings"):
            rows = [f"      {json.dumps(row, ensure_ascii=False, sort_keys=True)}" for row in part[key]]
            body = ",\n".join(rows)
            lines.append(f'    "{key}": [\n{body}\n    ]' if rows else f'    "{key}": []')
            lines[-1] += "," if key == "files" else ""
        lines.append("  }" + ("," if i < len(snapshot) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def diff(expected: str, actual: str) -> str:
    """A unified diff of the committed snapshot against a fresh one ('' when identical)."""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile="tests/data/findings_snapshot.json (committed)",
            tofile="findings now",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help=f"rewrite {SNAPSHOT.relative_to(ROOT)}")
    mode.add_argument("--check", action="store_true", help="exit 1 with a diff when the snapshot is stale")
    args = parser.parse_args(argv)
    text = dump(build())
    if args.update:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)}", file=sys.stderr)
        return 0
    if args.check:
        changes = diff(SNAPSHOT.read_text(encoding="utf-8"), text)
        sys.stdout.write(changes)
        return 1 if changes else 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
