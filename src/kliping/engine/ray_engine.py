"""The Ray engine: shards as Ray tasks, on a local Ray instance or an existing cluster.

Ray is imported only here, and only when this engine is asked for. Workers read their shard's input by
path (so on a cluster the input must sit at the same path on every node: a shared or mounted disk) and
return the shard's table to the driver, which writes it; the work directory need only exist on the driver.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from kliping.engine.shards import Shard
from kliping.errors import KlipingError

IN_FLIGHT_PER_CPU = 2  # tasks submitted ahead per CPU: enough to keep workers busy, few tables waiting


def _ray():
    try:
        import ray
    except ImportError:
        raise KlipingError("--engine ray needs Ray: pip install 'kliping[ray]'") from None
    return ray


def run_ray(shards: Sequence[Shard], done: Callable[[Shard, object], None], *, jobs: int = 1, fetcher=None,
            address: str | None = None) -> None:
    """Run every shard as a Ray task; ``done(shard, table)`` is called on the driver as each one finishes.

    Joins the running Ray instance when there is one (``ray.init`` already called), else connects to
    ``address`` (or $RAY_ADDRESS), else starts a local instance with ``jobs`` CPUs and stops it afterwards.
    """
    ray = _ray()
    started = False
    if not ray.is_initialized():
        address = address or os.environ.get("RAY_ADDRESS") or None
        # "local" starts a fresh instance even when another one runs on this machine (ray.init() would join it).
        kwargs = {"address": address} if address else {"address": "local", "num_cpus": max(1, jobs),
                                                         "include_dashboard": False}
        try:
            ray.init(log_to_driver=False, **kwargs)
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; the user needs one line
            raise KlipingError(f"cannot start or reach Ray ({address or 'local'}): {str(exc)[:200]}") from None
        started = True
    try:
        _run(ray, shards, done, fetcher)
    finally:
        if started:
            ray.shutdown()


def _run(ray, shards: Sequence[Shard], done: Callable[[Shard, object], None], fetcher) -> None:
    from kliping.engine.work import run_shard

    task = ray.remote(run_shard)
    cpus = int(ray.available_resources().get("CPU", 1) or 1)
    window = max(2, IN_FLIGHT_PER_CPU * cpus)
    fetcher_ref = ray.put(fetcher)
    pending: dict = {}
    todo = list(shards)
    todo.reverse()
    while todo or pending:
        while todo and len(pending) < window:
            shard = todo.pop()
            pending[task.remote(shard, fetcher_ref)] = shard
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            shard = pending.pop(ref)
            try:
                table = ray.get(ref)
            except Exception as exc:  # noqa: BLE001 - a worker died or raised: finished shards are kept
                for other in pending:
                    ray.cancel(other)
                raise KlipingError(f"shard {shard.index} of {shard.source} failed on Ray ({str(exc)[:300]}); "
                                   "finished shards are kept: rerun to retry the rest") from None
            done(shard, table)
