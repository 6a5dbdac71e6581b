"""The local engine: shards over a pool of worker processes on this machine."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence

from kliping.engine.shards import Shard
from kliping.engine.work import run_shard, warm

_FETCHER = None  # the fetcher of this worker process (set by the pool's initializer)


def _init(fetcher) -> None:
    global _FETCHER
    _FETCHER = fetcher
    warm()


def _task(shard: Shard):
    return shard, run_shard(shard, _FETCHER)


def run_local(shards: Sequence[Shard], done: Callable[[Shard, object], None], *, jobs: int = 1,
              fetcher=None) -> None:
    """Run every shard; ``done(shard, table)`` is called on this process as each one finishes."""
    if jobs <= 1 or len(shards) <= 1:
        for shard in shards:
            done(shard, run_shard(shard, fetcher))
        return
    # fork shares the loaded tables copy-on-write; spawn would reload them per worker (slow but safe).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    with multiprocessing.get_context(method).Pool(min(jobs, len(shards)), initializer=_init,
                                                  initargs=(fetcher,)) as pool:
        for shard, table in pool.imap_unordered(_task, shards):
            done(shard, table)
