"""Recall and precision of the code rules on fixtures/code/handoff, an AI-style hand-off
written for issue 19 (see its PLANTED.md)."""

from __future__ import annotations

from pathlib import Path

from aislop.config import Config
from aislop.engine import scan

HANDOFF = Path(__file__).resolve().parent.parent / "fixtures" / "code" / "handoff"
RULES = ["hallucinated-name", "hallucinated-import", "stub-body", "placeholder-comment", "assertion-free-test"]
PLANTED = {
    ("hallucinated-name", "invoicing/totals.py", "reduce_right"),
    ("hallucinated-name", "invoicing/totals.py", "flatten"),
    ("hallucinated-name", "invoicing/totals.py", "weighted_median"),
    ("hallucinated-name", "invoicing/storage.py", "safe_join"),
    ("hallucinated-name", "invoicing/codemods.py", "AutoFixer"),
    ("stub-body", "invoicing/totals.py", "fetch_exchange_rates"),
    ("stub-body", "invoicing/totals.py", "outstanding_by_customer"),
    ("stub-body", "invoicing/totals.py", "export_pdf"),
    ("placeholder-comment", "invoicing/totals.py", "Placeholder:"),
    ("assertion-free-test", "tests/test_totals.py", "test_average_invoice"),
    ("assertion-free-test", "tests/test_totals.py", "test_export_pdf"),
    ("assertion-free-test", "tests/test_totals.py", "test_outstanding_by_customer"),
    ("assertion-free-test", "tests/test_totals.py", "test_invoice_total_of_many_lines"),
}


def test_every_planted_defect_is_found_and_nothing_else():
    result = scan([HANDOFF], Config(select=RULES, settings={"no_cache": True}), jobs=1)
    assert {(f.rule.name, f.path, f.matched) for f in result.findings} == PLANTED


def test_hallucinated_name_points_at_the_name_and_says_what_was_read():
    result = scan([HANDOFF], Config(select=["hallucinated-name"], settings={"no_cache": True}), jobs=1)
    flatten = next(f for f in result.findings if f.matched == "flatten")
    assert (flatten.line, flatten.column) == (5, 30)
    assert "standard-library module `itertools`" in flatten.message and "never imported" in flatten.message
    autofixer = next(f for f in result.findings if f.matched == "AutoFixer")
    assert "`libcst` (libcst " in autofixer.message and "installed here" in autofixer.message
