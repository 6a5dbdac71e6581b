"""The store's interface: the ``Store`` protocol, its small records, and its errors.

SQLite implements it today (``kliping.store.sqlite``); a PostgreSQL backend comes later and must
behave the same, so callers (the ingest runner, the CLI, the collection code) use only this.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from kliping.article import Article
from kliping.errors import KlipingError

if TYPE_CHECKING:
    from kliping.ingest.sources import Failure


class StoreError(KlipingError):
    """The store cannot be opened or used (unsupported schema, corrupt file, backend missing)."""

    code = "E300"


class QuerySyntaxError(StoreError):
    """A search query that cannot be read (unbalanced quote, bare operator, too long)."""

    code = "E301"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    key: str  # identity key (normalised URL or path); unique in the store
    article: Article  # the full record; its id is derived from key by the runner
    raw_hash: str  # sha256 hex of Document.content: an unchanged page is skipped before extraction
    content_hash: str  # sha256 hex of the normalised title + body: what "changed" means
    source: str
    fetched_at: str | None


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    score: float  # bm25, higher is better
    snippet: str  # original text with <mark>…</mark> around hits, everything else HTML-escaped


@dataclass(frozen=True, slots=True)
class ClusterMember:
    id: str
    url: str | None
    outlet: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    kind: str  # "syndication" | "story"
    original: str | None  # article id of the original
    members: tuple[str, ...]  # article ids (original included)


class Store(Protocol):
    """Where articles, their search index, clusters and failures live."""

    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...

    def known(self, keys: Sequence[str]) -> dict[str, str]: ...
    def upsert(self, items: Sequence[StoredArticle]) -> list[str]: ...
    def add_failures(self, failures: Sequence[Failure]) -> None: ...
    def failures(self, limit: int = 100) -> list[dict[str, Any]]: ...

    def get(self, id: str) -> Article | None: ...
    def get_by_key(self, key: str) -> Article | None: ...
    def count(self) -> int: ...
    def iter_articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
        entity: str | None = None,
        batch: int = 500,
    ) -> Iterator[Article]: ...

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        offset: int = 0,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        language: str | None = None,
    ) -> list[SearchHit]: ...

    def replace_clusters(self, kind: str, clusters: Sequence[Cluster]) -> None: ...
    def clusters(self, kind: str | None = None) -> list[Cluster]: ...
    def clusters_of(self, id: str) -> list[Cluster]: ...
    def members(self, ids: Sequence[str]) -> list[ClusterMember]: ...

    def stats(self) -> dict[str, Any]: ...
    def entity_mentions(self, name: str, *, limit: int | None = None) -> list[dict[str, Any]]: ...
    def quotes_by(self, name: str, *, limit: int | None = None) -> list[dict[str, Any]]: ...
    def cooccurring(self, name: str, limit: int = 20) -> list[dict[str, Any]]: ...
    def entity_counts(self, since: str | None = None, until: str | None = None) -> dict[str, int]: ...
    def latest_published(self) -> datetime | None: ...
    def check(self) -> str: ...
