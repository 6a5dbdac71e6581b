"""Where Kliping keeps a collection: ``open_store(db)`` gives a ``Store``.

>>> from kliping.store import open_store
>>> with open_store("berita.db") as store:
...     hits = store.search('"dana hibah" OR bansos -kampanye', since="2024-01-01")
"""

from __future__ import annotations

from pathlib import Path

from .base import (
    Cluster,
    ClusterMember,
    QuerySyntaxError,
    SearchHit,
    Store,
    StoredArticle,
    StoreError,
)

_POSTGRES = ("postgresql://", "postgres://")


def open_store(db: str | Path) -> Store:
    """Open (creating or upgrading) the store at ``db``: a file path, or later a PostgreSQL URL."""
    if isinstance(db, str) and db.lower().startswith(_POSTGRES):
        raise StoreError("PostgreSQL backend not available yet: give a file path for an SQLite store")
    from .sqlite import SQLiteStore

    return SQLiteStore(db)


__all__ = [
    "Cluster",
    "ClusterMember",
    "QuerySyntaxError",
    "SearchHit",
    "Store",
    "StoreError",
    "StoredArticle",
    "open_store",
]
