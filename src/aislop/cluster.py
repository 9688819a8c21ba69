"""The per-file scan on a dask.distributed cluster, for archives one machine cannot take.

The cluster runs exactly the job the process pool runs (``engine.scan_file`` on one file);
results come back in any order and the engine slots them by index, so the report is
byte-identical to a local run. The shared part of the job (the file list, enabled rules,
options: everything cross-file) is scattered to every worker once, not pickled per file, and
each worker process computes the derived cross-file facts (test map, module list) once.

A worker that dies is replaced by its nanny and dask runs its tasks again elsewhere; a file that
kills every worker it lands on (``KilledWorker`` after the scheduler's allowed failures) becomes
the same ``unreadable-file`` finding the process pool gives it.

Without a scheduler address a ``LocalCluster`` of ``workers`` processes starts on this machine,
so anyone can try it: ``aislop scan ARCHIVE --executor dask``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any


class ClusterError(Exception):
    """The cluster cannot be used (dask missing, scheduler unreachable): exit code 2."""


def run_on_dask(
    fn: Callable[..., Any],
    args: Sequence[Any],
    *,
    shared: Any,
    scheduler: str | None,
    workers: int,
    deliver: Callable[[int, Any], None],
    crashed: Callable[[Any], Any],
) -> None:
    """Call ``deliver(i, fn(args[i], shared))`` for every ``i`` on the cluster, in any order."""
    try:
        from distributed import Client, LocalCluster, as_completed
        from distributed.client import FutureCancelledError
        from distributed.scheduler import KilledWorker
    except ImportError:
        raise ClusterError("--executor dask needs dask.distributed: pip install 'aislop-qa[dask]'") from None
    LOST = (KilledWorker, FutureCancelledError)  # noqa: N806 - the task died with its worker
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        client = Client(scheduler or cluster, set_as_default=False, timeout="30s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the dask scheduler {scheduler}: {exc}") from None
    try:
        [shared_on_workers] = client.scatter([shared], broadcast=True)
        futures = client.map(fn, list(args), shared=shared_on_workers, pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        suspects: list[int] = []
        for future in as_completed(futures, loop=client.loop):
            i = position[future.key]
            try:
                deliver(i, future.result())
            except LOST:
                suspects.append(i)  # on a worker that died: the culprit, or only beside it
            future.release()
        for i in sorted(suspects):  # each alone on the cluster, so only the culprit dies again
            # scattered again: the workers that held the job may all have died and been replaced
            [shared_on_workers] = client.scatter([shared], broadcast=True)
            future = client.submit(fn, args[i], shared=shared_on_workers, pure=False)
            try:
                result = future.result()
            except LOST:
                result = crashed(args[i])
            deliver(i, result)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
