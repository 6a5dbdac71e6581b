"""Where Kliping keeps a collection: ``open_store(db)`` gives a ``Store``.

>>> from kliping.store import open_store
>>> with open_store("berita.db") as store:  # or "postgresql://user@host/dbname"
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
    """Open (creating or upgrading) the store at ``db``: an SQLite file path or a ``postgresql://`` URL."""
    if isinstance(db, str) and db.lower().startswith(_POSTGRES):
        # Imported here: SQLite users need neither psycopg nor this module.
        try:
            from .postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(f"a PostgreSQL store needs psycopg: pip install 'psycopg[binary]' "
                             f"({exc})") from None
        return PostgresStore(db)
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
