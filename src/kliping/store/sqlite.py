"""``SQLiteStore``: one SQLite file in WAL mode holding the records, their index, clusters, failures.

Crash safety is by construction: every write is one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``)
and WAL with ``synchronous=NORMAL`` never leaves a half-written transaction after ``kill -9``.
Every value reaches SQL as a parameter; the only SQL built from strings joins this module's own
fragments (filters, placeholders).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kliping.article import Article

from . import queries, textsearch
from .base import SearchHit, StoredArticle, StoreError
from .common import SharedStore
from .rows import article_columns, clean, record_json
from .schema import MIGRATIONS, SCHEMA_VERSION_TABLE

if TYPE_CHECKING:
    from kliping.ingest.sources import Failure

BUSY_TIMEOUT_S = 30.0
CHUNK = 500  # keys per IN (...) list: well under SQLite's parameter limit
_ARTICLE_COLUMNS = ("id", "url", "canonical_url", "outlet_name", "outlet_key", "outlet_domain", "title",
                    "published", "published_utc", "language")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(SharedStore):
    """The default store: a single SQLite file (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._sql = self._conn  # SQLite takes the shared SQL as it is
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        try:
            self._configure()
            self._migrate()
            self._ensure_index()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    # -- opening ------------------------------------------------------------------------------------
    def _configure(self) -> None:
        c = self._conn
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        c.execute("PRAGMA temp_store=MEMORY")
        c.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache

    def schema_version(self) -> int:
        """The number of migrations applied to this file."""
        row = self._conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def _migrate(self, upto: int | None = None) -> None:
        target = len(MIGRATIONS) if upto is None else upto
        self._conn.execute(SCHEMA_VERSION_TABLE)
        current = self.schema_version()
        if current > len(MIGRATIONS):
            raise StoreError(f"store {self.path} has schema version {current}, newer than this Kliping "
                             f"supports ({len(MIGRATIONS)}): upgrade Kliping to open it")
        for version in range(current + 1, target + 1):
            with self._write():
                # Re-read under the write lock: another process may have migrated meanwhile.
                if self.schema_version() >= version:
                    continue
                for statement in MIGRATIONS[version - 1]:
                    self._conn.execute(statement)
                self._conn.execute("INSERT INTO schema_version VALUES (?, ?)", (version, _now()))

    def _ensure_index(self) -> None:
        """Rebuild the full-text index when it was built by another stemmer (or never built)."""
        if self.schema_version() < 2:
            return
        row = self._conn.execute("SELECT value FROM meta WHERE name = 'fts_version'").fetchone()
        if row is None or row[0] != textsearch.stemmer_version():
            self.reindex()

    def reindex(self) -> None:
        """Rebuild the full-text index from the stored records (one transaction)."""
        with self._write():
            self._conn.execute("INSERT INTO article_fts(article_fts) VALUES ('delete-all')")
            # A second cursor streams the records: a large store never sits in memory whole.
            for n, record in self._conn.cursor().execute("SELECT n, record FROM records ORDER BY n"):
                data = json.loads(record)
                self._fts_insert(n, data.get("title"), data.get("body"))
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('fts_version', ?)",
                               (textsearch.stemmer_version(),))

    # -- transactions -------------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so a busy store waits (busy_timeout) instead of
        # failing half-way when a read transaction cannot be upgraded.
        # Every failure inside (the disk full, an I/O error, a corrupt page) becomes a StoreError after the
        # transaction is rolled back: nothing half-written stays, and the caller gets one clear line.
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"store {self.path} is busy: {exc}") from exc
            raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
            raise

    def _rollback(self) -> None:
        # SQLite may already have rolled back on its own (the disk full, an I/O error): then there is
        # nothing to undo, and a second failure must not hide the first.
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    # -- writing ------------------------------------------------------------------------------------
    def known(self, keys: Sequence[str]) -> dict[str, str]:
        """key -> raw_hash for the keys already stored."""
        out: dict[str, str] = {}
        for i in range(0, len(keys), CHUNK):
            chunk = list(keys[i : i + CHUNK])
            marks = ",".join("?" * len(chunk))
            out.update(self._conn.execute(f"SELECT key, raw_hash FROM articles WHERE key IN ({marks})", chunk))
        return out

    def upsert(self, items: Sequence[StoredArticle]) -> list[str]:
        """Store the items in one transaction; per item "added", "updated" or "unchanged"."""
        with self._write():
            try:
                return [self._upsert_one(item, _now()) for item in items]
            except sqlite3.IntegrityError as exc:  # e.g. a new id that another key's row already holds
                raise StoreError(f"cannot store this batch: {exc}") from exc

    def _row_for_key(self, key: str) -> tuple | None:
        return self._conn.execute("SELECT n, content_hash, updated_at FROM articles WHERE key = ?", (key,)).fetchone()

    def _row_for_id(self, id: str) -> tuple | None:
        return self._conn.execute("SELECT n, content_hash, updated_at FROM articles WHERE id = ?", (id,)).fetchone()

    def _insert(self, item: StoredArticle, now: str) -> None:
        cols = article_columns(item.article)
        values = [cols[k] for k in _ARTICLE_COLUMNS]
        cur = self._conn.execute(
            f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, key, raw_hash, content_hash, source, "
            f"fetched_at, ingested_at, updated_at) VALUES ({', '.join('?' * len(values))}, "
            "?, ?, ?, ?, ?, ?, ?)",
            (*values, clean(item.key, 4000), item.raw_hash, item.content_hash, clean(item.source, 4000),
             clean(item.fetched_at, 64), now, now),
        )
        n = cur.lastrowid
        assert n is not None
        self._conn.execute("INSERT INTO records VALUES (?, ?)", (n, record_json(item.article)))
        self._insert_children(n, item.article)
        self._fts_insert(n, item.article.title, item.article.body)

    def _replace_article(self, n: int, item: StoredArticle, now: str) -> None:
        """The articles row and the full-text entry of a changed article (its record is still the old one)."""
        c = self._conn
        old = json.loads(c.execute("SELECT record FROM records WHERE n = ?", (n,)).fetchone()[0])
        self._fts_delete(n, old.get("title"), old.get("body"))
        cols = article_columns(item.article)
        sets = ", ".join(f"{k} = ?" for k in _ARTICLE_COLUMNS)
        c.execute(
            f"UPDATE articles SET {sets}, raw_hash = ?, content_hash = ?, source = ?, fetched_at = ?, "
            "updated_at = ? WHERE n = ?",
            (*[cols[k] for k in _ARTICLE_COLUMNS], item.raw_hash, item.content_hash,
             clean(item.source, 4000), clean(item.fetched_at, 64), now, n),
        )
        self._fts_insert(n, item.article.title, item.article.body)

    def _fts_insert(self, n: int, title: str | None, body: str | None) -> None:
        self._conn.execute("INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)",
                           (n, textsearch.index_text(title), textsearch.index_text(body)))

    def _fts_delete(self, n: int, title: str | None, body: str | None) -> None:
        # A contentless index forgets a row only when told the exact tokens it was given.
        self._conn.execute("INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                           (n, textsearch.index_text(title), textsearch.index_text(body)))

    def add_failures(self, failures: Sequence[Failure]) -> None:
        """Record per-item failures (source, key, reason, time)."""
        if not failures:
            return
        rows = [(clean(f.source, 4000) or "", clean(f.key, 4000), clean(f.reason, 2000) or "", clean(f.at, 64) or _now())
                for f in failures]
        with self._write():
            self._conn.executemany("INSERT OR REPLACE INTO failures (source, key, reason, at) VALUES (?, ?, ?, ?)",
                                   rows)

    def failures(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest failures, newest first."""
        rows = self._conn.execute("SELECT source, key, reason, at FROM failures ORDER BY n DESC LIMIT ?",
                                  (max(0, int(limit)),))
        return [{"source": s, "key": k, "reason": r, "at": a} for s, k, r, a in rows]

    # -- reading ------------------------------------------------------------------------------------
    def get(self, id: str) -> Article | None:
        """The article with this id, or None."""
        row = self._conn.execute("SELECT r.record FROM articles a JOIN records r ON r.n = a.n WHERE a.id = ?", (id,)).fetchone()
        return None if row is None else Article.from_dict(json.loads(row[0]))

    def get_by_key(self, key: str) -> Article | None:
        """The article stored under this identity key, or None."""
        row = self._conn.execute("SELECT r.record FROM articles a JOIN records r ON r.n = a.n WHERE a.key = ?", (key,)).fetchone()
        return None if row is None else Article.from_dict(json.loads(row[0]))

    def search(self, query: str, *, limit: int = 10, offset: int = 0, outlet: str | None = None,
               since: str | None = None, until: str | None = None, entity: str | None = None,
               language: str | None = None) -> list[SearchHit]:
        """Full-text search, best first (bm25, title above body); QuerySyntaxError for a bad query."""
        parsed = textsearch.parse_query(query)
        where, params = queries.filters(since=since, until=until, outlet=outlet, language=language,
                                        entity=entity)
        ranked = queries.ranked(self._conn, parsed.expression, where, params, limit, offset)
        if not ranked:
            return []
        rows = self._conn.execute(
            f"SELECT a.n, a.id, a.url, a.title, a.outlet_name, a.published, r.record FROM articles a "
            f"JOIN records r ON r.n = a.n WHERE a.n IN ({','.join('?' * len(ranked))})",
            [n for n, _ in ranked]).fetchall()
        by_n = {row[0]: row for row in rows}
        hits = []
        for n, rank in ranked:
            _, id_, url, title, outlet_name, published, record = by_n[n]
            body = json.loads(record).get("body") or ""
            hits.append(SearchHit(id=id_, url=url, title=title, outlet=outlet_name, published=published,
                                  score=-rank, snippet=textsearch.snippet(body, parsed.terms)))
        return hits

    def _index_coverage(self) -> list[str]:
        # A contentless index cannot compare itself with the text; it can say which rows it holds.
        missing = self._conn.execute(
            "SELECT count(*) FROM articles WHERE n NOT IN (SELECT rowid FROM article_fts)").fetchone()[0]
        extra = self._conn.execute(
            "SELECT count(*) FROM article_fts WHERE rowid NOT IN (SELECT n FROM articles)").fetchone()[0]
        return ([f"full-text index: {missing} articles not indexed"] if missing else []) + \
            ([f"full-text index: {extra} entries without an article"] if extra else [])

    def check(self) -> str:
        """``PRAGMA integrity_check`` plus the FTS5 index check: "ok" or the problems found."""
        problems = [r[0] for r in self._conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self._conn.execute("PRAGMA foreign_key_check")]
        if self.schema_version() >= 2:
            try:
                self._conn.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index: {exc}")
            problems += self._index_coverage()
        return "ok" if not problems else "; ".join(problems)
