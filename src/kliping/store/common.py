"""What both store backends do the same way: the reads and cluster writes in SQLite-flavoured SQL.

A backend gives ``self._sql`` (an object with ``execute``/``executemany`` that takes that SQL: the
sqlite3 connection itself, or PostgreSQL's translating wrapper), ``self._write()`` (a transaction) and
``failures()``; ``_limit`` says "no limit" the backend's way. For storing, it gives the row lookups
(``_row_for_key``, ``_row_for_id``) and the writes of the articles row with its text index
(``_insert``, ``_replace_article``), the parts where the two differ.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Self

from kliping.article import Article

from . import queries
from .base import Cluster, ClusterMember, StoredArticle, StoreError
from .rows import CHILD_DELETES, CHILD_INSERTS, child_rows, record_json


class SharedStore:
    """The backend-neutral part of a ``Store`` (mixed into ``SQLiteStore`` and ``PostgresStore``)."""

    _sql: Any
    _conn: Any

    def _limit(self, limit: int | None) -> int | None:
        return limit

    def close(self) -> None:
        """Close the connection (SQLite checkpoints its WAL when the last one closes)."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- storing (inside the backend's transaction) ----------------------------------------------------
    def _upsert_one(self, item: StoredArticle, now: str) -> str:
        row = self._row_for_key(item.key)
        if row is None:
            # The same id under another key is the same article reached another way: keep one row.
            row = self._row_for_id(item.article.id)
            if row is not None:
                return self._update(row, item, now, keep_key=True)
            self._insert(item, now)
            return "added"
        return self._update(row, item, now, keep_key=False)

    def _update(self, row: tuple, item: StoredArticle, now: str, *, keep_key: bool) -> str:
        n, content_hash, updated_at = row
        if content_hash == item.content_hash:
            if not keep_key:  # the raw page differs but reads the same: remember its bytes for skipping
                self._sql.execute("UPDATE articles SET raw_hash = ? WHERE n = ?", (item.raw_hash, n))
            return "unchanged"
        self._sql.execute("INSERT INTO versions VALUES (?, ?, ?, ?)", (n, content_hash, updated_at, now))
        self._replace_article(n, item, now)
        self._sql.execute("UPDATE records SET record = ? WHERE n = ?", (record_json(item.article), n))
        for statement in CHILD_DELETES.values():
            self._sql.execute(statement, (n,))
        self._insert_children(n, item.article)
        return "updated"

    def _insert_children(self, n: int, article: Article) -> None:
        for table, rows in child_rows(n, article).items():
            if rows:
                self._sql.executemany(CHILD_INSERTS[table], rows)

    def count(self) -> int:
        """How many articles are stored."""
        return self._sql.execute("SELECT count(*) FROM articles").fetchone()[0]

    def iter_articles(self, *, since: str | None = None, until: str | None = None, outlet: str | None = None,
                      language: str | None = None, entity: str | None = None,
                      batch: int = 500) -> Iterator[Article]:
        """Stream the matching articles in pages of ``batch``, ordered by publication time then id."""
        where, params = queries.filters(since=since, until=until, outlet=outlet, language=language,
                                        entity=entity)
        last: tuple[str, str] | None = None
        batch = max(1, int(batch))
        while True:
            # Keyset paging: each page is a short read, so a long export never pins one snapshot.
            page_where = where + (" AND (a.published_utc, a.id) > (?, ?)" if last else "")
            rows = self._sql.execute(
                f"SELECT a.published_utc, a.id, r.record FROM articles a JOIN records r ON r.n = a.n "
                f"WHERE {page_where} ORDER BY a.published_utc, a.id LIMIT ?",
                (*params, *(last or ()), batch),
            ).fetchall()
            for _, _, record in rows:
                yield Article.from_dict(json.loads(record))
            if len(rows) < batch:
                return
            last = (rows[-1][0], rows[-1][1])

    # -- clusters -----------------------------------------------------------------------------------
    def replace_clusters(self, kind: str, clusters: Sequence[Cluster]) -> None:
        """Replace every cluster of ``kind`` with ``clusters`` (one transaction)."""
        for cluster in clusters:
            if cluster.kind != kind:
                raise StoreError(f"cluster {cluster.id!r} is a {cluster.kind!r} cluster, not {kind!r}")
        with self._write():
            self._sql.execute("DELETE FROM clusters WHERE kind = ?", (kind,))
            self._sql.executemany("INSERT INTO clusters VALUES (?, ?, ?)",
                                  [(kind, cl.id, cl.original) for cl in clusters])
            self._sql.executemany("INSERT INTO cluster_members VALUES (?, ?, ?, ?)",
                                  [(kind, cl.id, i, m) for cl in clusters for i, m in enumerate(cl.members)])

    def clusters(self, kind: str | None = None) -> list[Cluster]:
        """All clusters (of one kind), ordered by kind then id."""
        return queries.clusters(self._sql, kind=kind)

    def clusters_of(self, id: str) -> list[Cluster]:
        """The clusters that hold the article ``id``."""
        return queries.clusters(self._sql, article=id)

    def members(self, ids: Sequence[str]) -> list[ClusterMember]:
        """Display facts of the given article ids (unknown ids are left out), in the order given."""
        return queries.members(self._sql, ids)

    # -- the collection -----------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts: articles, clusters (and per kind), articles per source, outlet, language; failures."""
        return queries.stats(self._sql) | {"failures": self.failures(20)}  # type: ignore[attr-defined]

    def entity_mentions(self, name: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Articles mentioning an entity (canonical name or text, any case), newest first."""
        return queries.entity_mentions(self._sql, name, self._limit(limit))

    def quotes_by(self, name: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Quotes attributed to a speaker (canonical name or entity text, any case), newest first."""
        return queries.quotes_by(self._sql, name, self._limit(limit))

    def cooccurring(self, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities named in the same articles as ``name``, by number of shared articles."""
        return queries.cooccurring(self._sql, name, limit)

    def latest_published(self) -> datetime | None:
        """The newest publication time in the store (UTC), or None when no article is dated."""
        value = self._sql.execute("SELECT max(published_utc) FROM articles WHERE published_utc <> ''").fetchone()[0]
        return datetime.fromisoformat(value) if value else None

    def entity_counts(self, since: str | None = None, until: str | None = None) -> dict[str, int]:
        """Entity (canonical name, else text) -> number of articles in the period, for trending."""
        return queries.entity_counts(self._sql, since, until)
