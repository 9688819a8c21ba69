"""A process pool that survives the death of a worker and pins each crash to its input.

A worker that segfaults (a C parser on a hostile file), calls ``os._exit`` or is killed for
memory breaks the whole ProcessPoolExecutor: every pending call fails with BrokenProcessPool.
Results already received are kept. Inputs that were never sent to a worker are innocent and
run again in a fresh pool; only the few that were with the workers when one died are suspects.
Suspects run again one per call, in a fresh pool, and the few with the workers when that pool
breaks too are run alone, each in its own single-worker pool, so that a crash is reported
against one input and the cost stays bounded by the number of crashes, not of inputs.

What every call shares (``shared``: the scan's job, with its file list) goes to each worker once,
when it starts, not with every batch. Workers are forked by default (cheap to start); with
``start_method="spawn"`` they start as fresh interpreters, for archive-sized runs: a forked
worker's memory holds every page of the main process at the fork (the archive's file list), a
fresh one only what it imports and checks.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

Deliver = Callable[[int, Any], None]


def run_isolated(
    fn: Callable[..., Any], args: Sequence[Any], *, workers: int, chunk: int, deliver: Deliver,
    crashed: Callable[[Any], Any], shared: tuple = (), start_method: str | None = None,
) -> None:
    """Call ``deliver(i, fn(args[i], *shared))`` for every ``i``, in any order; an input that
    kills its worker even when run alone gets ``deliver(i, crashed(args[i]))`` instead.

    ``fn`` must be picklable (a module-level function), and with ``start_method="spawn"`` so
    must ``shared``.
    """
    def new_pool(size: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(start_method) if start_method else None
        return ProcessPoolExecutor(size, mp_context=context, initializer=_share, initargs=(shared,))

    queue = list(range(len(args)))
    for size in (chunk, 1):
        suspects: list[int] = []
        while queue:
            queue, lost = _one_pool(fn, args, queue, new_pool, workers, size, deliver)
            suspects += lost
        queue = sorted(suspects)
    for i in queue:
        with new_pool(1) as pool:
            try:
                [result] = pool.submit(_call_each, fn, [args[i]]).result()
            except BrokenProcessPool:
                result = crashed(args[i])
        deliver(i, result)


_SHARED: tuple = ()  # in a worker: what every call gets after its own input


def _share(shared: tuple) -> None:
    global _SHARED
    _SHARED = shared


def _call_each(fn: Callable[..., Any], items: list[Any]) -> list[Any]:
    return [fn(item, *_SHARED) for item in items]


def _one_pool(
    fn: Callable[..., Any], args: Sequence[Any], queue: list[int], new_pool: Callable[[int], ProcessPoolExecutor],
    workers: int, size: int, deliver: Deliver,
) -> tuple[list[int], list[int]]:
    """Run ``queue`` in one pool, ``size`` inputs per call and at most two calls per worker in
    flight (so that a crash has few suspects). Returns (never sent, lost with a dead pool):
    both empty unless the pool broke."""
    batches = [queue[k : k + size] for k in range(0, len(queue), size)][::-1]  # popped from the end
    outstanding: dict[Future, list[int]] = {}
    lost: list[int] = []
    with new_pool(workers) as pool:
        broken = False
        while (batches or outstanding) and not broken:
            while batches and len(outstanding) < 2 * workers:
                batch = batches.pop()
                try:
                    outstanding[pool.submit(_call_each, fn, [args[i] for i in batch])] = batch
                except BrokenProcessPool:
                    batches.append(batch)
                    broken = True
                    break
            if not broken:
                done, _ = wait(outstanding, return_when=FIRST_COMPLETED)
                for future in done:
                    broken |= _collect(future, outstanding.pop(future), deliver, lost)
        if broken:
            wait(outstanding)  # the executor fails every pending call at once
            for future, batch in outstanding.items():
                _collect(future, batch, deliver, lost)
    return [i for batch in reversed(batches) for i in batch], lost


def _collect(future: Future, batch: list[int], deliver: Deliver, lost: list[int]) -> bool:
    """Deliver a finished call's results; True when its worker died (the batch is lost)."""
    try:
        results = future.result()
    except BrokenProcessPool:
        lost.extend(batch)
        return True
    for i, result in zip(batch, results, strict=True):
        deliver(i, result)
    return False
