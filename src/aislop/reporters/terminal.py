"""The default report for people at a terminal: verdict, what to fix first, then per file.

The layout follows the width it is given: the terminal's real width when printing to one, a
fixed ``FILE_WIDTH`` when writing to a file or pipe (so the same scan gives the same bytes).
Wide terminals get a "Fix first" table; from ``TABLE_WIDTH`` down a stacked list that wraps
with a hanging indent; below ``PLAIN_WIDTH`` plain lines with no boxes, which the terminal
wraps itself.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aislop.model import Finding
from aislop.reporters import FIX_FIRST, Report, by_file, counts, minutes, plural, what_and_how, where
from aislop.triage import not_scanned_text

FILE_WIDTH = 110  # files and pipes: deterministic layout
TABLE_WIDTH = 100  # the "Fix first" table needs this much; narrower gets a stacked list
PLAIN_WIDTH = 60  # narrower than this: plain lines, no boxes or columns

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
VERDICT_STYLE = {
    "blocked": ("bold white on red", "BLOCKED", "fix the errors below before delivery"),
    "needs-work": ("bold black on yellow", "NEEDS WORK", "worth a pass before delivery"),
    "ready": ("bold white on green", "READY", "nothing stands in the way of delivery"),
    "nothing-scanned": ("bold white on red", "NOTHING SCANNED", "no file here is one aislop reads"),
}


# Shown after a finding that `aislop fix` can fix (ruff marks these too).
_FIXABLE_MARK = {True: ("  [fixable]", "green"), "unsafe": ("  [fixable with --unsafe]", "yellow")}


def verdict_line(report: Report) -> str:
    """The one line ``--quiet`` prints: verdict, counts and fix time."""
    s = report.summary
    _, label, tail = VERDICT_STYLE[s.verdict]
    return f"aislop: {label}: {tail}. {counts(report)}; estimated fix time {minutes(s.fix_minutes)}."


def _position(f: Finding) -> str:
    pos = f"{f.line}:{f.column}" if f.line is not None else "-"
    if f.location:
        pos = f"{f.location} {pos}" if f.line is not None else f.location
    return pos


def render(
    report: Report, *, color: bool = False, width: int | None = None, statistics: bool = False, quiet: bool = False
) -> str:
    width = width or FILE_WIDTH
    if quiet:
        return verdict_line(report) + "\n"
    if width < PLAIN_WIDTH:
        return _plain(report, statistics)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        legacy_windows=False,
    )
    s = report.summary
    style, label, tail = VERDICT_STYLE[s.verdict]
    console.print(
        Panel(
            Text.assemble(
                (f" {label} ", style),
                f"  {tail}. {counts(report)}; estimated fix time {minutes(s.fix_minutes)}.",
            ),
            title="aislop",
            title_align="left",
        )
    )
    for note in report.notes:
        console.print(Text(f"note: {note}", style="dim"))
    if report.findings:
        console.print()
        (_fix_first_table if width >= TABLE_WIDTH else _fix_first_list)(console, report)
        _per_file(console, report)
    _unread(console, report)
    if statistics and report.findings:
        stats = Table(title="Findings per rule", title_justify="left")
        stats.add_column("count", justify="right")
        stats.add_column("rule")
        for rule, count in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            stats.add_row(str(count), rule)
        console.print()
        console.print(stats)
    console.print()
    console.print(Text(_summary(report), style="bold"))
    # rich pads table cells to the full width; trailing blanks only get in the way of a diff.
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


def _summary(report: Report) -> str:
    s = report.summary
    families = ", ".join(f"{fam} {n}" for fam, n in s.by_family.items()) or "no findings"
    text = f"Summary: verdict {s.verdict}; {families}."
    if s.not_scanned:
        text += f"\nNot scanned: {not_scanned_text(s.not_scanned)}."
    return text


def _what(f: Finding, what: str) -> Text:
    sev = f.effective_severity.value
    return Text.assemble((f"{sev} ", SEVERITY_STYLE[sev]), (f"{f.rule.name} ", "bold"), what)


def _fix_first_table(console: Console, report: Report) -> None:
    table = Table(title="Fix first", title_justify="left", show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("where", overflow="fold", ratio=2)
    table.add_column("what is wrong", overflow="fold", ratio=4)
    table.add_column("how to fix it", overflow="fold", ratio=3)
    for f in report.findings[:FIX_FIRST]:
        what, how = what_and_how(f)
        table.add_row(str(f.rank), where(f), _what(f, what), how)
    console.print(table)


def _fix_first_list(console: Console, report: Report) -> None:
    """The top findings as a stacked list: where, what, then the fix, each wrapped under the rank."""
    console.print(Text("Fix first", style="bold italic"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for f in report.findings[:FIX_FIRST]:
        what, how = what_and_how(f)
        body = Text.assemble((where(f), "bold"), "\n", _what(f, what), "\n", ("fix: ", "dim"), how)
        grid.add_row(f"{f.rank}.", body)
    console.print(grid)


def _per_file(console: Console, report: Report) -> None:
    scores = {r.path: r.scores for r in report.files}
    for path, items in by_file(report.findings).items():
        score_text = ", ".join(f"{k} {v:.0f}" for k, v in sorted(scores.get(path, {}).items()))
        console.print()
        console.print(Text.assemble((path, "bold underline"), f"  ({score_text})" if score_text else ""))
        family = None
        grid = None
        for f in items:
            if f.rule.family != family:
                if grid is not None:
                    console.print(grid)
                family = f.rule.family
                console.print(Text(f"  {family}", style="bold dim"))
                grid = Table.grid(padding=(0, 1))
                grid.add_column(no_wrap=True, min_width=3)
                grid.add_column(justify="right", no_wrap=True)
                grid.add_column(no_wrap=True)
                grid.add_column(overflow="fold")
            sev = f.effective_severity.value
            grid.add_row(
                "",
                _position(f),
                Text(f"{sev:<7}", style=SEVERITY_STYLE[sev]),
                Text.assemble((f"{f.rule.code} {f.rule.name}", "bold"), f"  {f.message}",
                              _FIXABLE_MARK.get(f.fixable, ""), (f"  [#{f.rank}]", "dim")),
            )
        if grid is not None:
            console.print(grid)


def _unread(console: Console, report: Report) -> None:
    errors = [r for r in report.files if r.error]
    if errors:
        console.print()
        console.print(Text(f"{plural(len(errors), 'file')} could not be read:", style="bold red"))
        for r in errors:
            console.print(Text(f"  {r.path}: {r.error}"))


def _plain(report: Report, statistics: bool) -> str:
    """Narrow terminals: plain lines, one fact each, no boxes or columns to break."""
    s = report.summary
    lines = [verdict_line(report)]
    lines += [f"note: {note}" for note in report.notes]
    if report.findings:
        lines += ["", "Fix first:"]
        for f in report.findings[:FIX_FIRST]:
            what, how = what_and_how(f)
            lines += [f"{f.rank}. {where(f)}", f"   {f.effective_severity.value} {f.rule.name}: {what}", f"   fix: {how}"]
        for path, items in by_file(report.findings).items():
            lines += ["", path]
            lines += [
                f"  {_position(f)} {f.effective_severity.value} {f.rule.code} {f.rule.name}: {f.message}"
                f"{_FIXABLE_MARK.get(f.fixable, ('',))[0]} [#{f.rank}]"
                for f in items
            ]
    errors = [r for r in report.files if r.error]
    if errors:
        lines += ["", f"{plural(len(errors), 'file')} could not be read:"]
        lines += [f"  {r.path}: {r.error}" for r in errors]
    if statistics and report.findings:
        lines += ["", "Findings per rule:"]
        lines += [f"  {count} {rule}" for rule, count in sorted(s.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += ["", _summary(report)]
    return "\n".join(lines) + "\n"
