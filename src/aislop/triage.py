"""Triage: rank findings by what to fix first and decide the deliverable's verdict.

    priority = severity weight × confidence × visibility ÷ effort (minutes)

Severity weights default to error 10, warning 3, info 1 (configurable as
``severity-weights``). Visibility runs 1 (internal) to 3 (any client sees it). A cheap,
certain, client-visible error therefore outranks a costly, doubtful, hidden one. Ties are
broken by path, line and rule code so ranks are stable between runs.

Verdict: ``blocked`` when any error has confidence ≥ ``block-confidence`` (0.8) —
chatbot leftovers, invented citations, hallucinated imports, unreadable files;
``needs-work`` when any warning or error remains; otherwise ``ready``. A scan that read no
file at all is ``nothing-scanned``, never ``ready``: an empty folder or a folder of formats
aislop does not read is no evidence that a deliverable is fine.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from aislop.config import DEFAULT_SEVERITY_WEIGHTS
from aislop.model import FileResult, Finding, Severity

VERDICTS = ("ready", "needs-work", "blocked", "nothing-scanned")


def priority(finding: Finding, weights: dict[str, float] | None = None) -> float:
    rule = finding.rule
    return priority_of(
        finding.effective_severity.value, finding.effective_confidence, rule.visibility, rule.effort_minutes, weights
    )


def priority_of(
    severity: str, confidence: float, visibility: int, effort_minutes: float, weights: dict[str, float] | None = None
) -> float:
    """The formula from the columns it reads (the on-disk store ranks without Finding objects)."""
    weights = weights or DEFAULT_SEVERITY_WEIGHTS
    return round(weights[severity] * confidence * visibility / max(effort_minutes, 0.1), 3)


def rank(findings: list[Finding], weights: dict[str, float] | None = None) -> list[Finding]:
    """Set ``priority`` and ``rank`` (1 = fix first) and return the findings in rank order."""
    for finding in findings:
        finding.priority = priority(finding, weights)
    ordered = sorted(findings, key=lambda f: (-f.priority, *f.sort_key()))
    for i, finding in enumerate(ordered, start=1):
        finding.rank = i
    return ordered


def verdict(findings: list[Finding], block_confidence: float = 0.8) -> str:
    severities = {f.effective_severity for f in findings}
    if any(f.effective_severity is Severity.ERROR and f.effective_confidence >= block_confidence for f in findings):
        return "blocked"
    if Severity.ERROR in severities or Severity.WARNING in severities:
        return "needs-work"
    return "ready"


@dataclass
class Summary:
    files: int
    findings: int
    by_severity: dict[str, int]
    by_family: dict[str, int]
    by_rule: dict[str, int]
    verdict: str
    fix_minutes: float
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)
    not_scanned: dict[str, int] = field(default_factory=dict)  # extension -> files no loader takes


@dataclass
class Counts:
    """What a summary tallies. The on-disk store of a scan (aislop.spill) counts them in SQL
    (``StoredFindings.counts``) without decoding a finding; ``counts`` does it for a list."""

    by_severity: dict[str, int]
    by_family: Counter[str]
    by_rule: Counter[str]  # "CODE name" -> findings
    per_file: dict[str, Counter[str]]  # path -> family -> findings, paths in rank order of their first
    fix_minutes: float
    blocked: bool  # an error at or above the block confidence


def counts(findings: list[Finding], block_confidence: float = 0.8) -> Counts:
    by_severity = {s.value: 0 for s in Severity}
    by_family: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    per_file: dict[str, Counter[str]] = {}
    for f in findings:
        by_severity[f.effective_severity.value] += 1
        by_family[f.rule.family] += 1
        by_rule[f"{f.rule.code} {f.rule.name}"] += 1
        per_file.setdefault(f.path, Counter())[f.rule.family] += 1
    fix_minutes = sum(f.rule.effort_minutes for f in findings if f.effective_severity is not Severity.INFO)
    blocked = verdict(findings, block_confidence) == "blocked"
    return Counts(by_severity, by_family, by_rule, per_file, fix_minutes, blocked)


def summarise(
    files: list[FileResult], findings: list[Finding], block_confidence: float = 0.8,
    not_scanned: dict[str, int] | None = None,
) -> Summary:
    stored = getattr(findings, "counts", None)  # a scan's on-disk store counts without decoding
    c = stored(block_confidence) if stored is not None else counts(findings, block_confidence)
    if not files:
        outcome = "nothing-scanned"
    elif c.blocked:
        outcome = "blocked"
    elif c.by_severity[Severity.ERROR.value] or c.by_severity[Severity.WARNING.value]:
        outcome = "needs-work"
    else:
        outcome = "ready"
    return Summary(
        files=len(files),
        findings=sum(c.by_severity.values()),
        by_severity=c.by_severity,
        by_family=dict(sorted(c.by_family.items())),
        by_rule=dict(sorted(c.by_rule.items())),
        verdict=outcome,
        fix_minutes=c.fix_minutes,
        per_file={k: dict(sorted(v.items())) for k, v in c.per_file.items()},
        not_scanned=dict(not_scanned or {}),
    )


def not_scanned_text(counts: dict[str, int]) -> str:
    """"3 .xlsx, 1 .key": the files no loader takes, most common extension first."""
    return ", ".join(f"{n} {ext}" for ext, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


EXIT_NOTHING_SCANNED = 2  # eslint's code for "no files matched"; --exit-zero does not change it


def exit_code(findings: list[Finding], fail_on: Severity, exit_zero: bool = False) -> int:
    """0 when nothing is at or above ``fail_on``; 1 otherwise (0 with ``--exit-zero``)."""
    if exit_zero:
        return 0
    stored = getattr(findings, "severities", None)  # a scan's on-disk store answers in SQL
    severities = {Severity(s) for s in stored()} if stored is not None else {f.effective_severity for f in findings}
    return 1 if any(s.rank >= fail_on.rank for s in severities) else 0
