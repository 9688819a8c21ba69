"""``--format markdown``: a "Fix first" table and per-file sections, for PR comments and editors."""

from __future__ import annotations

import re
from typing import TextIO

from aislop.model import Finding
from aislop.reporters import FIX_FIRST, Report, by_file, grouped_by_file, headline, where

VERDICT_BADGE = {"blocked": "🔴 **Blocked**", "needs-work": "🟡 **Needs work**", "ready": "🟢 **Ready**",
                 "nothing-scanned": "🔴 **Nothing scanned**"}


def cell(text: str) -> str:
    """Text safe inside a table cell: one line, no pipes, no raw HTML."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def code_span(text: str) -> str:
    """``text`` as inline code, whatever backticks it holds."""
    text = re.sub(r"\s+", " ", text).strip().replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fix_first_table(findings: list[Finding], limit: int = FIX_FIRST) -> list[str]:
    lines = ["| # | where | what | how |", "|---:|---|---|---|"]
    for f in findings[:limit]:
        what = f"**{f.effective_severity.value}** `{f.rule.code}` {cell(f.rule.name)}: {cell(f.message)}"
        lines.append(f"| {f.rank} | {code_span(where(f))} | {what} | {cell(f.effective_fix)} |")
    return lines


def review_section(report: Report) -> list[str]:
    """"Reviewed by ... on ...", then every waiver and its reason, when a record was made."""
    if report.record is None:
        return []
    from aislop.record import review_line

    lines = [f"**{cell(review_line(report.record, len(report.findings)))}**", ""]
    if note := report.record["review"].get("note"):
        lines += [f"Reviewer's note: {cell(note)}", ""]
    waivers = report.record["waivers"]
    if waivers:
        lines += ["| waived | where | rule | reason |", "|---|---|---|---|"]
        for w in waivers:
            place = w["path"] + (f":{w['line']}" if w["line"] is not None else "")
            lines.append(
                f"| {w['kind']} | {code_span(place)} | `{w['rule']}` {cell(w['name'])} | "
                f"{cell(w['reason'] or '(no reason given)')} |"
            )
        lines.append("")
    return lines


def render(report: Report, *, fix_first: int = FIX_FIRST, per_file: bool = True) -> str:
    lines = _head(report, fix_first)
    if per_file and report.findings:
        scores = {r.path: r.scores for r in report.files}
        for path, items in by_file(report.findings).items():
            lines += _file_section(path, items, scores.get(path, {}))
    return "\n".join(lines)


def write(report: Report, stream: TextIO) -> None:
    """The same text as ``render``, one file's section at a time."""
    stream.write("\n".join(_head(report, FIX_FIRST)))
    if not report.findings:
        return
    scores = {r.path: r.scores for r in report.files if r.scores}
    for path, items in grouped_by_file(report.findings):
        stream.write("\n" + "\n".join(_file_section(path, items, scores.get(path, {}))))


def _head(report: Report, fix_first: int) -> list[str]:
    """Everything before the per-file sections (all of it when there is no finding)."""
    s = report.summary
    lines = ["# aislop report", "", f"{VERDICT_BADGE[s.verdict]} — {cell(headline(report))}", ""]
    if s.by_family:
        lines += ["Findings by family: " + ", ".join(f"{fam} {n}" for fam, n in s.by_family.items()) + ".", ""]
    lines += review_section(report)
    for note in report.notes:
        lines.append(f"> note: {cell(note)}")
    if report.notes:
        lines.append("")
    if not report.findings:
        return [*lines, "No findings: nothing stands in the way of delivery.", ""]
    lines += ["## Fix first", "", *fix_first_table(report.findings, fix_first), ""]
    if len(report.findings) > fix_first:
        lines += [f"…and {len(report.findings) - fix_first} more below.", ""]
    return lines


def _file_section(path: str, items: list[Finding], scores: dict[str, float]) -> list[str]:
    score_text = ", ".join(f"{k} {v:.0f}" for k, v in sorted(scores.items()))
    lines = [f"## {cell(path)}" + (f" ({score_text})" if score_text else ""), ""]
    family = None
    for f in items:
        if f.rule.family != family:
            if family is not None:
                lines.append("")
            family = f.rule.family
            lines += [f"**{family}**", ""]
        pos = where(f)[len(f.path):].strip(" :") or "whole file"
        lines.append(
            f"- {code_span(pos)} **{f.effective_severity.value}** `{f.rule.code}` {cell(f.rule.name)} "
            f"(#{f.rank}): {cell(f.message)} *Fix:* {cell(f.effective_fix)}"
        )
    lines.append("")
    return lines
