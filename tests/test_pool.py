"""The crash-isolating process pool: a worker that dies costs its input, not the run."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from aislop import pool
from aislop.pool import run_isolated

CRASHERS = {5, 37, 38}


def _square_or_die(x: int) -> int:
    """Kill the worker process (never the test process) on the inputs in CRASHERS."""
    if x in CRASHERS and multiprocessing.parent_process() is not None:
        os._exit(70)
    return x * x


@pytest.fixture
def pools(monkeypatch):
    """Count the process pools started."""
    started: list[int] = []

    class Counting(pool.ProcessPoolExecutor):
        def __init__(self, max_workers=None, *args, **kwargs):
            started.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(pool, "ProcessPoolExecutor", Counting)
    return started


def _run(n: int, chunk: int) -> dict[int, object]:
    delivered: dict[int, object] = {}
    twice: list[int] = []

    def deliver(i, result):
        if i in delivered:
            twice.append(i)
        delivered[i] = result

    run_isolated(_square_or_die, range(n), workers=2, chunk=chunk, deliver=deliver, crashed=lambda x: f"crashed {x}")
    assert not twice
    return delivered


def test_each_crash_is_pinned_to_its_input_and_the_rest_is_delivered_once(pools):
    delivered = _run(1000, chunk=32)
    assert delivered == {i: f"crashed {i}" if i in CRASHERS else i * i for i in range(1000)}
    # A crash early in a large run does not rescan the rest one pool per input: two
    # crashing batches cost a few fresh pools and single-worker pools for a handful of suspects.
    assert len(pools) <= 20, pools
    assert pools.count(1) <= 8, pools


def test_without_crashes_one_pool_runs_everything(pools):
    delivered = {}
    run_isolated(abs, list(range(-50, 50)), workers=2, chunk=4, deliver=delivered.__setitem__, crashed=repr)
    assert delivered == {i: abs(i - 50) for i in range(100)}
    assert pools == [2]


def _scaled(x: int, factor: int) -> int:
    return x * factor


@pytest.mark.parametrize("start_method", [None, "spawn"])
def test_what_every_call_shares_reaches_forked_and_fresh_workers(start_method):
    delivered: dict[int, object] = {}
    run_isolated(_scaled, list(range(40)), workers=2, chunk=4, deliver=delivered.__setitem__, crashed=repr,
                 shared=(3,), start_method=start_method)
    assert delivered == {i: 3 * i for i in range(40)}
