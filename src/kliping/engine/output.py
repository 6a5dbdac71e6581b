"""A shard's output: one Parquet file of its results (records and failures), written atomically.

The file appears whole or not at all (written beside as ``.tmp``, flushed, then renamed), so its presence
means the shard is done; a ``.tmp`` left by a crash is simply written again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kliping.article import Article
from kliping.errors import KlipingError
from kliping.ingest.sources import Failure
from kliping.store.base import StoredArticle

if TYPE_CHECKING:
    import pyarrow as pa

    from kliping.engine.shards import Shard

# Column -> type; "record" is the article as JSON (Article.to_dict), the rest mirror StoredArticle / Failure.
COLUMNS = (("kind", "string"), ("key", "string"), ("id", "string"), ("raw_hash", "string"),
           ("content_hash", "string"), ("source", "string"), ("fetched_at", "string"), ("record", "large_string"),
           ("reason", "string"), ("at", "string"))
READ_BATCH = 100  # rows turned back into records at a time while merging


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise KlipingError("the sharded engines write Parquet: pip install pyarrow") from None
    return pa, pq


def schema() -> pa.Schema:
    """The Arrow schema of a shard's output."""
    pa, _ = _arrow()
    return pa.schema([(name, getattr(pa, kind)()) for name, kind in COLUMNS])


def to_table(results: Sequence[StoredArticle | Failure]) -> pa.Table:
    """The results of one shard as an Arrow table, in the order they came."""
    pa, _ = _arrow()
    rows = []
    for r in results:
        if isinstance(r, StoredArticle):
            rows.append({"kind": "article", "key": r.key, "id": r.article.id, "raw_hash": r.raw_hash,
                         "content_hash": r.content_hash, "source": r.source, "fetched_at": r.fetched_at,
                         "record": json.dumps(r.article.to_dict(), ensure_ascii=False)})
        else:
            rows.append({"kind": "failure", "key": r.key, "source": r.source, "reason": r.reason, "at": r.at})
    return pa.Table.from_pylist(rows, schema=schema())


def shard_path(work_dir: str | Path, shard: Shard) -> Path:
    """Where a shard's output lives."""
    return Path(work_dir) / f"{shard.id}.parquet"


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write the table to ``path`` so that a reader never sees half a file."""
    _, pq = _arrow()
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())  # the data is on disk before the name says the shard is done
    os.replace(tmp, path)


def read_results(path: Path, *, batch: int = READ_BATCH) -> Iterator[list[StoredArticle | Failure]]:
    """A shard's results back, in batches and in their order."""
    _, pq = _arrow()
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise KlipingError(f"{path}: unreadable shard output ({exc}); delete it and rerun") from None
    for rb in parquet.iter_batches(batch_size=batch):
        yield [_result(row) for row in rb.to_pylist()]


def _result(row: dict) -> StoredArticle | Failure:
    if row["kind"] == "failure":
        return Failure(source=row["source"], key=row["key"], reason=row["reason"], at=row["at"])
    return StoredArticle(key=row["key"], article=Article.from_dict(json.loads(row["record"])),
                         raw_hash=row["raw_hash"], content_hash=row["content_hash"], source=row["source"],
                         fetched_at=row["fetched_at"])
