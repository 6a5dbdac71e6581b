"""What a worker does with one shard, whichever engine runs it: its Documents through the same
``kliping.ingest.run.process`` the streaming loop uses, into one table of results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kliping.engine.output import to_table
from kliping.engine.shards import Shard, iter_shard
from kliping.ingest.run import process
from kliping.ingest.sources import Failure
from kliping.store.base import StoredArticle

if TYPE_CHECKING:
    import pyarrow as pa


def run_shard(shard: Shard, fetcher=None) -> pa.Table:
    """Every Document of the shard processed; records and failures in reading order."""
    results: list[StoredArticle | Failure] = []
    for doc in iter_shard(shard, fetcher=fetcher, on_failure=results.append):
        results.append(process(doc, fetcher))
    return to_table(results)


def warm() -> None:
    """Load the enrichment models once per worker process, not once per page."""
    from kliping.pipeline import default_pipeline

    default_pipeline()
