"""The terminal report at the widths people have: 120 and 80 columns, narrow, and files/pipes."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from aislop.cli import app
from aislop.config import Config
from aislop.engine import scan
from aislop.model import FileResult, Finding, Rule, Severity
from aislop.registry import load_registry
from aislop.reporters import Report, headline, minutes, plural, render, what_and_how
from aislop.reporters.terminal import FILE_WIDTH
from aislop.triage import rank, summarise

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = re.compile("[┏┃━╭│─╰┡┩└┘]")


@pytest.fixture(scope="module")
def demo() -> Report:
    config = Config(respect_gitignore=False)
    config.settings["no_cache"] = True
    result = scan([DEMO], config, jobs=1, registry=load_registry())
    findings = rank(result.findings, config.severity_weights)
    return Report(result.root, result.files, findings, summarise(result.files, findings), result.notes, "9.9.9")


def _widest(text: str) -> int:
    return max(cell_len(ANSI.sub("", line)) for line in text.splitlines())


def test_120_columns_fix_first_is_a_table_with_what_and_how(demo):
    text = render(demo, "terminal", width=120)
    assert _widest(text) <= 120
    assert "┃ what is wrong" in text and "how to fix it" in text
    assert text.index("Fix first") < text.index("\nblog-post.md  (") and "Summary: verdict blocked" in text


def test_80_columns_nothing_wraps_and_fix_first_is_a_stacked_list(demo):
    text = render(demo, "terminal", width=80)
    assert _widest(text) <= 80
    assert "┏" not in text  # no table: four columns do not fit in 80
    fix_first = text.split("Fix first\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert fix_first[0] == " 1. blog-post.md:1:1"
    assert fix_first[1].startswith("    error chat-leftover ") and any(ln.startswith("    fix: ") for ln in fix_first)
    # Per-file lines wrap under the message column (a hanging indent), never back to column 0.
    per_file = text.split("app/pricing.py  (", 1)[1].split("\n\n", 1)[0].splitlines()
    finding_or_family = re.compile(r"\s+(\d+:\d+|-|cell \d+.*)\s+(error|warning|info)\s|  [a-z]+$")
    continued = [ln for ln in per_file[1:] if not finding_or_family.match(ln)]
    assert continued and all(ln.startswith(" " * 10) for ln in continued)


def test_narrower_than_60_columns_gives_plain_lines(demo):
    text = render(demo, "terminal", width=50)
    assert not BOX.search(text)
    assert text.startswith("aislop: BLOCKED: fix the errors below before delivery. 5 files, ")
    assert "\n1. blog-post.md:1:1\n   error chat-leftover: " in text


def test_files_and_pipes_get_the_same_fixed_layout_whatever_the_terminal(tmp_path):
    outs = []
    for columns in ("40", "200"):
        env = {**os.environ, "COLUMNS": columns}
        proc = subprocess.run(
            [sys.executable, "-m", "aislop", "scan", str(DEMO), "--exit-zero", "--no-cache", "-j", "1"],
            capture_output=True, text=True, env=env, timeout=300,
        )
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    assert "┏" in outs[0] and _widest(outs[0]) <= FILE_WIDTH and "\x1b[" not in outs[0]


def _run_in_terminal(columns: int, args: list[str]) -> str:
    """Run aislop on a real pseudo-terminal of the given width and return what it printed."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen([sys.executable, "-m", "aislop", *args], stdin=slave, stdout=slave, stderr=subprocess.DEVNULL,
                            env=env, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return ANSI.sub("", text)


@pytest.mark.parametrize("columns", [80, 120])
def test_a_real_terminal_report_fits_the_terminal_width(columns):
    text = _run_in_terminal(columns, ["scan", str(DEMO), "--exit-zero", "--no-cache", "-j", "1"])
    assert "Fix first" in text and "Summary: verdict blocked" in text
    assert _widest(text) <= columns
    assert ("┃ what is wrong" in text) == (columns >= 100)


def test_plurals_and_days():
    assert (plural(1, "file"), plural(2, "file"), plural(0, "warning")) == ("1 file", "2 files", "0 warnings")
    assert minutes(45) == "45 min" and minutes(125) == "2 h 5 min" and minutes(120) == "2 h"
    assert minutes(2180 * 60) == "90 d 20 h" and minutes(24 * 60) == "1 d"
    rule = Rule(code="TST1", name="t", family="prose", severity=Severity.ERROR, confidence=0.9, visibility=3,
                effort_minutes=1, summary="s", why="w", fix="Delete it.")
    f = Finding(rule=rule, path="a.md", message="m", line=1, column=1, fingerprint="0" * 32, priority=1.0, rank=1)
    files = [FileResult(path="a.md", kind="prose", findings=[f])]
    report = Report(Path("."), files, [f], summarise(files, [f]), [], "9.9.9")
    assert "1 file, 1 finding (1 error, 0 warnings, 0 info)" in headline(report)
    assert "1 file, 1 finding (1 error, 0 warnings, 0 info)" in render(report, "terminal", quiet=True)


def test_what_and_how_never_say_the_same_thing(demo):
    for f in demo.findings:
        what, how = what_and_how(f)
        assert how == f.effective_fix and what
        assert how.rstrip(".").lower() not in what.lower(), (what, how)
    leftover = next(f for f in demo.findings if f.rule.name == "chat-leftover")
    assert what_and_how(leftover)[0].endswith("asked for the text.")


def test_quiet_prints_the_verdict_line_only_and_keeps_the_exit_code():
    result = CliRunner().invoke(app, ["scan", str(DEMO), "--quiet", "--no-cache", "-j", "1"])
    assert result.exit_code == 1
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("aislop: BLOCKED: ")


def test_rules_piped_prints_one_plain_line_per_rule():
    result = CliRunner().invoke(app, ["rules"])
    lines = result.stdout.splitlines()
    assert len(lines) == len(load_registry().rules) and not BOX.search(result.stdout)
    assert all(re.match(r"AIS\d{3}  [a-z-]+ +[a-z]+ +(error|warning|info) +\S", ln) for ln in lines)
