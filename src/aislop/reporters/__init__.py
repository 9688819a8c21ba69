"""Reporters render a ranked ``Report``; each format is one module with ``render(report) -> str``."""

from __future__ import annotations

import importlib
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aislop.model import FileResult, Finding
from aislop.triage import Summary, not_scanned_text

# format name -> module in aislop.reporters
FORMATS = {
    "terminal": "terminal",
    "json": "json_report",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "markdown": "markdown",
    "html": "html",
}
FIX_FIRST = 10


@dataclass
class Report:
    root: Path
    files: list[FileResult]
    findings: list[Finding]  # rank order
    summary: Summary
    notes: list[str]
    version: str
    record: dict | None = None  # the review record, when one was made (aislop.record)


def formats() -> list[str]:
    return list(FORMATS)


def render(
    report: Report,
    fmt: str,
    *,
    color: bool = False,
    width: int | None = None,
    statistics: bool = False,
    quiet: bool = False,
) -> str:
    """``width`` is the terminal's (None: the fixed width of files and pipes); ``quiet`` only
    shortens the terminal report to its verdict line."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(f"aislop.reporters.{FORMATS[fmt]}")
    if fmt == "terminal":
        return module.render(report, color=color, width=width, statistics=statistics, quiet=quiet)
    return module.render(report)


def write_report(report: Report, fmt: str, stream, **options) -> None:
    """Write the report to ``stream``: formats that can stream do (same text as ``render``),
    so an archive's report is never held whole in memory; the others render, then write."""
    module = importlib.import_module(f"aislop.reporters.{FORMATS[fmt]}")
    if hasattr(module, "write"):
        module.write(report, stream)
    else:
        stream.write(render(report, fmt, **options))


# ---------------------------------------------------------------- helpers shared by formats
def where(f: Finding) -> str:
    """``path (location):line:column`` as people quote it."""
    text = f.path
    if f.location:
        text += f" ({f.location})"
    if f.line is not None:
        text += f":{f.line}"
        if f.column is not None:
            text += f":{f.column}"
    return text


def workspace_path(report: Report, relpath: str) -> str:
    """``relpath`` relative to the working directory when the scan root lies inside it.

    CI tools (code scanning, workflow annotations) resolve paths against the checkout, which
    is the working directory, while report paths are relative to the scanned folder.
    """
    relpath = relpath.partition("#")[0]  # a picture inside a document: the document (its place is the location)
    try:
        prefix = report.root.resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
    except (ValueError, OSError):
        return relpath
    return relpath if prefix in ("", ".") else f"{prefix}/{relpath}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``; ``many`` for irregular plurals (``info`` stays ``info``)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def minutes(total: float) -> str:
    """A fix time people read at a glance: ``45 min``, ``2 h 5 min``, past a day ``3 d 4 h``."""
    total = round(total)
    if total < 60:
        return f"{total} min"
    hours, mins = divmod(total, 60)
    if hours < 24:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


# Words a remedy starts with. A message that ends ": delete this line" carries its own fix;
# the "what" column then keeps only the problem, so "what" and "how" never say the same thing.
_IMPERATIVES = frozenset(
    "add ask attribute call catch check cite cut define delete document drop explain export fill fix give "
    "implement keep link make move name point put quote read remove rename replace rewrite say shorten "
    "spell split state try update use verify write".split()
)
_REMEDY_TAIL = re.compile(r":\s+(?P<verb>[a-z]+)\b[^:]*$")


def what_and_how(f: Finding) -> tuple[str, str]:
    """The problem (the message without a trailing remedy) and the fix, as two different texts."""
    what = f.message
    tail = _REMEDY_TAIL.search(what)
    if tail and tail.group("verb") in _IMPERATIVES and tail.start() > 0:
        what = what[: tail.start()].rstrip() + "."
    return what, f.effective_fix


def by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped per path (sorted), each file's list by family then position."""
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        grouped[f.path].append(f)
    return {
        path: sorted(grouped[path], key=lambda f: (f.rule.family, f.line or 0, f.column or 0, f.rule.code))
        for path in sorted(grouped)
    }


def grouped_by_file(findings) -> Iterator[tuple[str, list[Finding]]]:
    """``by_file(findings).items()`` as a stream: from an on-disk store (aislop.spill) one file's
    findings at a time, from a list through ``by_file``."""
    stream = getattr(findings, "by_file", None)
    return stream() if stream is not None else iter(by_file(findings).items())


def _best_ranks(findings: list[Finding]) -> dict[str, int]:
    best: dict[str, int] = {}
    for f in findings:
        if f.path not in best or f.rank < best[f.path]:
            best[f.path] = f.rank
    return best


def by_file_ranked(findings) -> Iterator[tuple[str, list[Finding]]]:
    """``by_file``'s groups with the files in the order of their most important finding (ties by
    path); from an on-disk store one file's findings at a time."""
    stream = getattr(findings, "by_file_ranked", None)
    if stream is not None:
        return stream()
    best = _best_ranks(findings)
    return iter(sorted(by_file(findings).items(), key=lambda item: best[item[0]]))


def paths_by_rank(findings) -> list[str]:
    """The paths with findings in ``by_file_ranked``'s order."""
    stored = getattr(findings, "paths_by_rank", None)
    if stored is not None:
        return stored()
    best = _best_ranks(findings)
    return sorted(sorted(best), key=best.__getitem__)


def severities(findings) -> set[str]:
    """The effective severities present among the findings."""
    stored = getattr(findings, "severities", None)
    return stored() if stored is not None else {f.effective_severity.value for f in findings}


def counts(report: Report) -> str:
    """``3 files, 1 finding (1 error, 0 warnings, 0 info)`` with the plurals right."""
    s = report.summary
    sev = s.by_severity
    return (
        f"{plural(s.files, 'file')}, {plural(s.findings, 'finding')} "
        f"({plural(sev['error'], 'error')}, {plural(sev['warning'], 'warning')}, {sev['info']} info)"
    )


def headline(report: Report) -> str:
    """One sentence: verdict, counts and fix time (plain text)."""
    s = report.summary
    text = f"Verdict: {s.verdict}. {counts(report)}; estimated fix time {minutes(s.fix_minutes)}."
    if s.not_scanned:
        text += f" Not scanned: {not_scanned_text(s.not_scanned)}."
    return text
