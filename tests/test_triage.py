"""Triage: the priority formula, stable ranks, the verdict and the roll-ups."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from aislop.cli import app
from aislop.model import FileResult, Finding, Rule, Severity
from aislop.triage import exit_code, priority, rank, summarise, verdict


def _rule(code: str, severity: str, confidence: float, visibility: int, effort: int) -> Rule:
    return Rule(code=code, name=f"rule-{code.lower()}", family="prose", severity=Severity(severity),
                confidence=confidence, visibility=visibility, effort_minutes=effort,
                summary="s", why="w", fix="f")


ERROR_CHEAP = _rule("XYZ001", "error", 0.9, 3, 5)      # 10 * 0.9 * 3 / 5 = 5.4
WARNING_HIDDEN = _rule("XYZ002", "warning", 0.6, 1, 30)  # 3 * 0.6 * 1 / 30 = 0.06
INFO = _rule("XYZ003", "info", 1.0, 2, 2)                # 1 * 1.0 * 2 / 2 = 1.0


def _finding(rule: Rule, path: str = "a.md", line: int = 1, **kw) -> Finding:
    return Finding(rule=rule, path=path, message="m", line=line, column=1, **kw)


def test_priority_is_weight_times_confidence_times_visibility_over_effort():
    assert priority(_finding(ERROR_CHEAP)) == 5.4
    assert priority(_finding(WARNING_HIDDEN)) == 0.06
    assert priority(_finding(INFO)) == 1.0
    assert priority(_finding(INFO), {"error": 10, "warning": 3, "info": 4}) == 4.0
    # A finding's own confidence (e.g. 60 % for a weaker logo guess) replaces the rule's.
    assert priority(_finding(ERROR_CHEAP, confidence=0.45)) == 2.7


def test_rank_orders_by_priority_and_breaks_ties_by_path_line_rule():
    findings = [
        _finding(INFO, "b.md", 3), _finding(WARNING_HIDDEN, "a.md", 9),
        _finding(INFO, "a.md", 7), _finding(ERROR_CHEAP, "z.md", 1), _finding(INFO, "a.md", 2),
    ]
    ordered = rank(list(reversed(findings)))
    assert [(f.rule.code, f.path, f.line) for f in ordered] == [
        ("XYZ001", "z.md", 1), ("XYZ003", "a.md", 2), ("XYZ003", "a.md", 7), ("XYZ003", "b.md", 3),
        ("XYZ002", "a.md", 9),
    ]
    assert [f.rank for f in ordered] == [1, 2, 3, 4, 5]
    assert [f.rank for f in rank(findings)] == [1, 2, 3, 4, 5]
    # Configured weights change the order: with info weighted 10, info outranks the error.
    reweighted = rank(findings, {"error": 10, "warning": 3, "info": 30})
    assert reweighted[0].rule.code == "XYZ003"


@pytest.mark.parametrize(
    "findings, expected",
    [
        ([], "ready"),
        ([_finding(INFO)], "ready"),
        ([_finding(INFO), _finding(WARNING_HIDDEN)], "needs-work"),
        ([_finding(ERROR_CHEAP, confidence=0.5)], "needs-work"),  # a doubtful error does not block
        ([_finding(ERROR_CHEAP), _finding(INFO)], "blocked"),
        ([_finding(WARNING_HIDDEN, severity=Severity.ERROR, confidence=0.9)], "blocked"),  # configured up
    ],
)
def test_verdict(findings, expected):
    assert verdict(findings) == expected


def test_block_confidence_is_the_threshold():
    assert verdict([_finding(ERROR_CHEAP)], block_confidence=0.95) == "needs-work"


def test_summary_counts_and_fix_time_leave_out_info():
    findings = [_finding(ERROR_CHEAP), _finding(ERROR_CHEAP, "b.md"), _finding(WARNING_HIDDEN), _finding(INFO)]
    files = [FileResult("a.md", "prose"), FileResult("b.md", "prose"), FileResult("c.md", "prose")]
    s = summarise(files, findings)
    assert (s.files, s.findings) == (3, 4)
    assert s.by_severity == {"error": 2, "warning": 1, "info": 1}
    assert s.fix_minutes == 5 + 5 + 30
    assert s.by_rule == {"XYZ001 rule-xyz001": 2, "XYZ002 rule-xyz002": 1, "XYZ003 rule-xyz003": 1}
    assert s.per_file == {"a.md": {"prose": 3}, "b.md": {"prose": 1}}


def test_exit_code_follows_fail_on():
    findings = [_finding(WARNING_HIDDEN)]
    assert exit_code(findings, Severity.ERROR) == 0
    assert exit_code(findings, Severity.WARNING) == 1
    assert exit_code(findings, Severity.WARNING, exit_zero=True) == 0
    assert exit_code([], Severity.INFO) == 0


def test_configured_weights_reach_the_ranks(tmp_path):
    text = ("# Notes\n\nThe plan is fine. It's important to note that the budget is fixed.\n\n"
            "I hope this helps! Let me know if you'd like me to adjust the tone.\n")
    (tmp_path / "post.md").write_text(text)

    def first_rule() -> str:
        out = CliRunner().invoke(app, ["scan", str(tmp_path), "--format", "json", "--no-cache"]).stdout
        return json.loads(out)["findings"][0]["name"]

    assert first_rule() == "chat-leftover"
    (tmp_path / "aislop.toml").write_text("[severity-weights]\nerror = 0.001\n")
    assert first_rule() != "chat-leftover"


def test_statistics_prints_the_count_per_rule(tmp_path):
    leftover = "# Plan\n\nThe plan has three phases.\n\nI hope this helps! Let me know if you'd like me to adjust the tone.\n"
    (tmp_path / "a.md").write_text(leftover)
    (tmp_path / "b.md").write_text(leftover)
    out = CliRunner().invoke(app, ["scan", str(tmp_path), "--statistics", "--select", "chat-leftover"]).stdout
    assert "Findings per rule" in out
    assert re.search(r"2\s*│\s*AIS207 chat-leftover", out), out
    plain = CliRunner().invoke(app, ["scan", str(tmp_path), "--select", "chat-leftover"]).stdout
    assert "Findings per rule" not in plain
