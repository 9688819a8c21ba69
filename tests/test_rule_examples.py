"""Every rule ships examples that must trigger and examples that must not (Fixit's
VALID/INVALID pattern); this one parametrised test runs them all through the pipeline."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aislop.registry import load_registry
from aislop.testing import run_example, run_fix_example

RULES = [r for r in load_registry().rules if r.family != "internal"]
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.code}-{rule.name}-{label}{i}")
    for rule in RULES
    for label, examples, expected in (("trigger", rule.triggers, True), ("clean", rule.clean, False))
    for i, example in enumerate(examples)
]

FIX_CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{rule.name}-fix{i}{'-unsafe' if example.unsafe else ''}")
    for rule in RULES
    for i, example in enumerate(rule.fixes)
]


def test_every_rule_has_examples_both_ways():
    assert RULES, "no rules are registered: is aislop installed?"
    missing = [r.code for r in RULES if not r.triggers or not r.clean]
    assert not missing, f"rules without trigger/clean examples: {missing}"


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
def test_rule_example(rule, example, expected, tmp_path):
    findings = run_example(rule, example, tmp_path)
    if expected:
        assert findings, f"{rule.name} should flag:\n{example.text or example.path}"
    else:
        assert not findings, f"{rule.name} should not flag, got: {[f.message for f in findings]}"


def test_every_fixable_rule_has_two_fix_examples():
    few = [r.code for r in RULES if r.fixes and len(r.fixes) < 2]
    assert not few, f"fixable rules with fewer than two fix examples: {few}"


@pytest.mark.parametrize(("rule", "example"), FIX_CASES)
def test_fix_example(rule, example, tmp_path):
    """`aislop fix` turns the example's text into its ``fixed`` text, an unsafe fix needs
    --unsafe, and fixing the result again changes nothing."""
    assert run_fix_example(rule, example, tmp_path / "once") == example.fixed
    if example.unsafe:
        assert run_fix_example(rule, example, tmp_path / "safe", unsafe=False) == example.text, "ran without --unsafe"
    assert run_fix_example(rule, replace(example, text=example.fixed), tmp_path / "twice") == example.fixed
