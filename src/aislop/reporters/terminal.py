"""The default report for people at a terminal: verdict, what to fix first, then per file."""

from __future__ import annotations

import io
from collections import defaultdict

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aislop.model import Finding
from aislop.reporters import Report

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
VERDICT_STYLE = {
    "blocked": ("bold white on red", "BLOCKED", "fix the errors below before delivery"),
    "needs-work": ("bold black on yellow", "NEEDS WORK", "worth a pass before delivery"),
    "ready": ("bold white on green", "READY", "nothing stands in the way of delivery"),
}
FIX_FIRST = 10


def where(f: Finding) -> str:
    text = f.path
    if f.location:
        text += f" ({f.location})"
    if f.line is not None:
        text += f":{f.line}"
        if f.column is not None:
            text += f":{f.column}"
    return text


def _minutes(total: float) -> str:
    total = round(total)
    return f"{total // 60} h {total % 60} min" if total >= 60 else f"{total} min"


def render(report: Report, *, color: bool = False, width: int | None = None, statistics: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width or 110,
        highlight=False,
        soft_wrap=False,
    )
    s = report.summary
    style, label, tail = VERDICT_STYLE[s.verdict]
    console.print(
        Panel(
            Text.assemble((f" {label} ", style), f"  {tail}. "
                          f"{s.files} files, {s.findings} findings "
                          f"({s.by_severity['error']} errors, {s.by_severity['warning']} warnings, "
                          f"{s.by_severity['info']} info); estimated fix time {_minutes(s.fix_minutes)}."),
            title="aislop",
            title_align="left",
        )
    )
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"))

    if report.findings:
        table = Table(title="Fix first", title_justify="left", show_lines=False, expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("where", overflow="fold", ratio=2)
        table.add_column("what", overflow="fold", ratio=4)
        table.add_column("how", overflow="fold", ratio=3)
        for f in report.findings[:FIX_FIRST]:
            sev = f.effective_severity.value
            table.add_row(
                str(f.rank),
                where(f),
                Text.assemble((f"{sev} ", SEVERITY_STYLE[sev]), (f"{f.rule.name} ", "bold"), f.message),
                f.effective_fix,
            )
        console.print(table)

        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in report.findings:
            by_file[f.path].append(f)
        scores = {r.path: r.scores for r in report.files}
        for path in sorted(by_file):
            items = sorted(by_file[path], key=lambda f: (f.rule.family, f.line or 0, f.column or 0, f.rule.code))
            score_text = ", ".join(f"{k} {v:.0f}" for k, v in sorted(scores.get(path, {}).items()))
            console.print()
            console.print(Text.assemble((path, "bold underline"), f"  ({score_text})" if score_text else ""))
            family = None
            for f in items:
                if f.rule.family != family:
                    family = f.rule.family
                    console.print(Text(f"  {family}", style="bold dim"))
                sev = f.effective_severity.value
                pos = f"{f.line}:{f.column}" if f.line is not None else "-"
                if f.location:
                    pos = f"{f.location} {pos}" if f.line is not None else f.location
                console.print(
                    Text.assemble(
                        f"    {pos:>8}  ",
                        (f"{sev:<7} ", SEVERITY_STYLE[sev]),
                        (f"{f.rule.code} {f.rule.name}", "bold"),
                        f"  {f.message}",
                        (f"  [#{f.rank}]", "dim"),
                    )
                )
    errors = [r for r in report.files if r.error]
    if errors:
        console.print()
        console.print(Text(f"{len(errors)} file(s) could not be read:", style="bold red"))
        for r in errors:
            console.print(f"  {r.path}: {r.error}")
    if statistics and report.findings:
        stats = Table(title="Findings per rule", title_justify="left")
        stats.add_column("count", justify="right")
        stats.add_column("rule")
        for rule, count in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            stats.add_row(str(count), rule)
        console.print()
        console.print(stats)
    console.print()
    families = ", ".join(f"{fam} {n}" for fam, n in s.by_family.items()) or "no findings"
    console.print(Text(f"Summary: verdict {s.verdict}; {families}.", style="bold"))
    return buffer.getvalue()
