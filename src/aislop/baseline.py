"""Which findings are *new*: baselines (known findings by fingerprint) and ``--diff REF``.

A team adopting aislop on an existing deliverable records today's findings once
(``aislop baseline PATH --output FILE``) and from then on fails CI only on findings that are
not in that file. Fingerprints ignore line numbers, so edits above a finding do not make it
new; changing the flagged text does.

An archive's baseline is written as a stream from the scan's on-disk store (aislop.spill, which
sorts its entries on disk) and read back keeping only the fingerprints, so neither side holds
every finding or every entry in memory.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from aislop.loaders.kinds import DOCUMENT_SUFFIXES
from aislop.model import Finding

SCHEMA = "aislop/baseline@1"
MATCHED_CHARS = 120


class BaselineError(Exception):
    """The baseline file or the git diff cannot be used: exit code 2."""


# ------------------------------------------------------------------------ baselines
def baseline_entry(f: Finding) -> dict[str, str]:
    """A finding's entry: its fingerprint plus rule/path/matched for people reading diffs."""
    return {
        "fingerprint": f.fingerprint,
        "rule": f.rule.code,
        "name": f.rule.name,
        "path": f.path,
        "matched": re.sub(r"\s+", " ", f.matched or f.symbol or "").strip()[:MATCHED_CHARS],
    }


def _sort_key(entry: dict[str, str]) -> tuple[str, str, str, str]:
    return entry["path"], entry["rule"], entry["matched"], entry["fingerprint"]


def sorted_entries(findings: Iterable[Finding]) -> Iterator[dict[str, str]]:
    """The entries in the file's order (path, rule, matched text, fingerprint); the findings of
    a scan's on-disk store are sorted there, one entry in memory at a time."""
    sort_on_disk = getattr(findings, "sorted_rows", None)
    if sort_on_disk is None:
        return iter(sorted(map(baseline_entry, findings), key=_sort_key))
    rows = (_sort_key(e) + (e["name"],) for e in map(baseline_entry, findings))
    return (
        {"fingerprint": fingerprint, "rule": rule, "name": name, "path": path, "matched": matched}
        for path, rule, matched, fingerprint, name in sort_on_disk(rows)
    )


def baseline_dict(findings: list[Finding], version: str) -> dict[str, Any]:
    """The baseline document: fingerprints plus rule/path/matched for people reading diffs."""
    return {"schema": SCHEMA, "tool": {"name": "aislop", "version": version}, "findings": list(sorted_entries(findings))}


def write_baseline(path: Path, findings: Iterable[Finding], version: str) -> None:
    """``baseline_dict`` as indented JSON, written an entry at a time."""
    try:
        with path.open("w", encoding="utf-8") as out:
            _write(out, sorted_entries(findings), version)
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None


def _write(out: TextIO, entries: Iterator[dict[str, str]], version: str) -> None:
    """The text of ``json.dumps(baseline_dict(...), indent=2, ensure_ascii=False)`` plus a newline."""
    empty = json.dumps({"schema": SCHEMA, "tool": {"name": "aislop", "version": version}, "findings": []},
                       indent=2, ensure_ascii=False)
    first = next(entries, None)
    if first is None:
        out.write(empty + "\n")
        return
    out.write(empty.removesuffix("[]\n}") + "[\n")
    for n, entry in enumerate(itertools.chain([first], entries)):
        text = json.dumps(entry, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        out.write(("    " if n == 0 else ",\n    ") + text)
    out.write("\n  ]\n}\n")


def _fingerprint_only(entry: dict[str, Any]) -> Any:
    """json's object hook: an entry of the findings list shrinks to its fingerprint as it is
    parsed, so an archive's baseline is never held as one dict per entry."""
    fingerprint = entry.get("fingerprint")
    return _Fingerprint(fingerprint) if isinstance(fingerprint, str) and "findings" not in entry else entry


class _Fingerprint(str):
    """A findings entry, parsed down to its fingerprint."""


def load_baseline(path: Path) -> frozenset[str]:
    """The fingerprints recorded in a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_hook=_fingerprint_only)
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("findings"), list):
        raise BaselineError(f"baseline {path} is not an {SCHEMA} file (make one with `aislop baseline`)")
    try:
        return frozenset(str(e) if isinstance(e, _Fingerprint) else str(e["fingerprint"]) for e in data["findings"])
    except (TypeError, KeyError):
        raise BaselineError(f"baseline {path}: every finding needs a fingerprint") from None


def baseline_reasons(path: Path) -> dict[str, str | None]:
    """fingerprint -> the ``reason`` a person wrote on that baseline entry (None: none), for the
    review record's list of waivers. The file is validated by ``load_baseline`` first."""
    data = json.loads(path.read_text(encoding="utf-8"))
    reasons: dict[str, str | None] = {}
    for entry in data["findings"]:
        reason = entry.get("reason") if isinstance(entry, dict) else None
        reasons[str(entry["fingerprint"])] = reason.strip() or None if isinstance(reason, str) else None
    return reasons


def split_baselined(findings: list[Finding], known: frozenset[str]) -> tuple[list[Finding], list[Finding]]:
    """(new findings, findings already in the baseline)."""
    new = [f for f in findings if f.fingerprint not in known]
    old = [f for f in findings if f.fingerprint in known]
    return new, old


# ------------------------------------------------------------------------ --diff REF
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def parse_unified_diff(text: str) -> dict[str, set[int]]:
    """Added/changed line numbers per new-side path from ``git diff -U0`` output."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("Binary files ") and line.endswith(" differ") and " and b/" in line:
            # A changed .pdf/.docx/.pptx: no lines to list, but the file changed.
            changed.setdefault(line[: -len(" differ")].rsplit(" and b/", 1)[1], set())
            current = None
        elif line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else changed.setdefault(target.removeprefix("b/"), set())
        elif current is not None and (match := _HUNK.match(line)):
            start, count = int(match.group(1)), int(match.group(2) or 1)
            current.update(range(start, start + count))
    return changed


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BaselineError(f"--diff needs git: {exc}") from None
    if proc.returncode != 0:
        message = (proc.stderr.strip().splitlines() or ["git failed"])[-1]
        raise BaselineError(f"--diff: {message}")
    return proc.stdout


def changed_lines(root: Path, ref: str) -> tuple[dict[str, set[int]], set[str]]:
    """Lines changed since ``ref`` and untracked files, as paths relative to ``root``."""
    if ref.startswith("-"):
        raise BaselineError(f"--diff: {ref!r} is not a git reference")
    top = Path(_git(["rev-parse", "--show-toplevel"], root).strip())
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    diff = _git(["diff", "-U0", "--no-color", "--no-ext-diff", ref, "--", "."], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--full-name"], top).splitlines()

    def local(path: str) -> str | None:
        return path[len(prefix):] if path.startswith(prefix) else None

    lines = {p: v for path, v in parse_unified_diff(diff).items() if (p := local(path)) is not None}
    new_files = {p for path in untracked if (p := local(path)) is not None}
    return lines, new_files


def only_changed(findings: list[Finding], lines: dict[str, set[int]], new_files: set[str]) -> list[Finding]:
    """Findings on changed lines; whole-file findings count when their file changed at all, and
    so do findings in documents whose lines are not the file's (a PDF page's line, a slide's
    paragraph, a picture inside a deck: ``deck.pptx#slide2/image1.png``)."""
    kept = []
    for f in findings:
        container = f.path.partition("#")[0]
        if f.path in new_files or container in new_files:
            kept.append(f)
        elif container != f.path or Path(container).suffix.lower() in DOCUMENT_SUFFIXES:
            if container in lines:
                kept.append(f)
        elif f.path in lines:
            last = max(f.end_line or f.line, f.scope_end_line or f.line) if f.line is not None else None
            span = range(f.line, last + 1) if f.line is not None else None
            if span is None or any(n in lines[f.path] for n in span):
                kept.append(f)
    return kept
