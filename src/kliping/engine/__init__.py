"""Sharded ingest: SOURCEs split into shards, each shard processed by a worker (local processes or Ray)
into one Parquet file, then every shard's output merged into the store in shard order.

Both engines run the same ``kliping.ingest.run.process`` on the same Documents and the merge is
sequential, so a store filled by ``local`` and one filled by ``ray`` hold the same articles and, once the
clusters are rebuilt, the same clusters. A shard whose output exists is done: a rerun (after a crash, or
of the same command) reads it back instead of processing it again, and merging it again changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from kliping.engine.output import read_results, shard_path, write_atomic
from kliping.engine.shards import SHARD_SIZE, Shard, iter_shard, plan
from kliping.errors import KlipingError
from kliping.ingest.run import Summary
from kliping.ingest.sources import Failure
from kliping.store.base import Store, StoredArticle

ENGINES = ("local", "ray")


def default_work_dir(db: str) -> Path:
    """Where shard outputs go by default: beside the store (``<db>.shards/``)."""
    if "://" in db[:16]:  # a database URL has no "beside": use the current directory
        return Path("kliping.shards")
    return Path(f"{db}.shards")


def ingest_sharded(
    sources: Sequence[str],
    store: Store,
    *,
    engine: str = "local",
    work_dir: str | Path,
    jobs: int = 1,
    shard_size: int = SHARD_SIZE,
    fetcher=None,
    ray_address: str | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Summary:
    """Process the shards not done yet with ``engine``, then merge every shard's output into ``store``."""
    if engine not in ENGINES:
        raise KlipingError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    shards = plan(sources, size=shard_size)
    todo = [s for s in shards if not (s.cacheable and shard_path(work, s).exists())]

    def done(shard: Shard, table) -> None:
        write_atomic(table, shard_path(work, shard))
        if on_progress:
            on_progress(table.num_rows)

    if not todo:
        pass  # every shard is done: nothing to start (not even Ray), only the merge
    elif engine == "ray":
        from kliping.engine.ray_engine import run_ray

        run_ray(todo, done, jobs=jobs, fetcher=fetcher, address=ray_address)
    else:
        from kliping.engine.local import run_local

        run_local(todo, done, jobs=jobs, fetcher=fetcher)
    return merge(shards, store, work)


def merge(shards: Sequence[Shard], store: Store, work_dir: str | Path) -> Summary:
    """Every shard's output into the store, in shard order; merging twice changes nothing."""
    summary = Summary()
    for shard in shards:
        for batch in read_results(shard_path(work_dir, shard)):
            items = [r for r in batch if isinstance(r, StoredArticle)]
            failures = [r for r in batch if isinstance(r, Failure)]
            for outcome, n in Counter(store.upsert(items) if items else []).items():
                setattr(summary, outcome, getattr(summary, outcome) + n)
            if failures:
                store.add_failures(failures)
                summary.failed += len(failures)
                summary.failures += failures
    return summary


__all__ = ["ingest_sharded", "merge", "default_work_dir", "plan", "iter_shard", "Shard", "ENGINES", "SHARD_SIZE"]
