"""The garbage collector runs rarely while a file is checked, and is left as it was afterwards."""

from __future__ import annotations

import gc

import pytest

from aislop.collector import CHECKING_THRESHOLDS, rare_collections
from aislop.config import Config
from aislop.engine import scan
from aislop.model import Rule, Severity
from aislop.registry import Check, build_registry

SEEN = Rule(
    code="AIS995", name="threshold-seen", family="prose", severity=Severity.INFO, confidence=1.0, visibility=1,
    effort_minutes=1, summary="s", why="w", fix="f",
)


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_inside_and_restored_after(thresholds):
    gc.set_threshold(700, 10, 10)
    with rare_collections():
        assert gc.get_threshold() == CHECKING_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_are_restored_when_the_block_raises(thresholds):
    gc.set_threshold(900, 5, 5)
    with pytest.raises(RuntimeError), rare_collections():
        raise RuntimeError("a check failed")
    assert gc.get_threshold() == (900, 5, 5)


@pytest.mark.parametrize("chosen", [(0, 10, 10), (200_000, 10, 10)])
def test_a_threshold_set_higher_or_to_zero_is_left_alone(thresholds, chosen):
    gc.set_threshold(*chosen)
    with rare_collections():
        assert gc.get_threshold() == chosen
    assert gc.get_threshold() == chosen


def test_checks_run_with_rare_collections_and_the_scan_restores_the_thresholds(tmp_path, thresholds):
    class Seen(Check):
        rules = (SEEN,)

        def check(self, doc, ctx):
            yield doc.finding(SEEN, 0, 1, repr(gc.get_threshold()))

    (tmp_path / "a.md").write_text("some text\n")
    gc.set_threshold(700, 10, 10)
    result = scan([tmp_path], Config(), jobs=1, registry=build_registry([Seen()]))
    assert [f.message for f in result.findings] == [repr(CHECKING_THRESHOLDS)]
    assert gc.get_threshold() == (700, 10, 10)
