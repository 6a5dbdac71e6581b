"""The JSON API under ``/api``: the CLI's read commands over HTTP, and one write (``POST /api/articles``).

Shapes follow the CLI's ``--format json`` output. Every error is ``{"error": code, "message": text}``
with a 4xx status (see ``kliping.web.app`` for the mapping); bad input never gives a 500.
Handlers are plain ``def`` functions: FastAPI runs them in its thread pool, each thread with its own
SQLite connection (``kliping.web.deps``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from kliping import __version__
from kliping.article import Article
from kliping.store.base import Cluster, Store

from .deps import store_of

MAX_BODY = 5 * 1024 * 1024  # bytes of a POST body; a news page is far smaller
MAX_OFFSET = 10_000  # listing pages are read by skipping: deeper pages would cost more than they are worth
MAX_SEARCH_OFFSET = 1_000
CLUSTER_KINDS = {"syn-": "syndication", "sto-": "story"}  # cluster ids start with their kind


class SafeJSONResponse(JSONResponse):
    """JSON with ``<``, ``>``, ``&`` written as ``\\u`` escapes: no tag survives even a sniffing browser."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


router = APIRouter(default_response_class=SafeJSONResponse)
bearer = HTTPBearer(auto_error=False, description="the server's KLIPING_TOKEN")


class ApiError(Exception):
    """An error the client caused: a status, a stable code and one line for a person."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.headers = status, error, message, headers


# -- response shapes (documentation at /docs; the CLI prints the same JSON) ---------------------------

class ErrorBody(BaseModel):
    error: str
    message: str


class Summary(BaseModel):
    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None


class ArticlePage(BaseModel):
    items: list[Summary]
    total: int | None = Field(description="all matching articles; null when counting them would cost a scan")
    limit: int
    offset: int
    next: int | None = Field(description="offset of the next page, null on the last one")


class Hit(BaseModel):
    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet: str = Field(description="HTML-escaped text with <mark> around the words found")


class Ref(BaseModel):
    id: str | None
    url: str | None


class Member(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    published: str | None


class ClusterOut(BaseModel):
    id: str
    kind: str
    original: Ref
    articles: list[Member]


class TrendOut(BaseModel):
    name: str
    articles: int
    expected: float
    score: float


class RelatedOut(BaseModel):
    id: str
    score: float
    url: str | None
    title: str | None
    outlet: str | None


class EntityOut(BaseModel):
    name: str
    articles: int
    timeline: list[tuple[str, int]]
    quotes: list[dict[str, Any]]
    cooccurring: list[tuple[str, int]]
    outlets: list[tuple[str, int]]


class NewArticle(BaseModel):
    """A page to store: ``html`` or ``text`` (with an optional ``url``), or a ``url`` to fetch."""

    model_config = ConfigDict(extra="forbid")
    html: str | None = None
    text: str | None = None
    url: str | None = Field(default=None, max_length=4000)


class Created(BaseModel):
    id: str
    outcome: Literal["added", "updated", "unchanged"]
    url: str | None
    title: str | None


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorBody, "description": "bad query or parameters"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {**ERRORS, 404: {"model": ErrorBody, "description": "unknown id"}}


# -- filters ------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Filters:
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    language: str | None = None

    def any(self) -> bool:
        """Whether any filter is set."""
        return any(asdict(self).values())


async def filters(
    outlet: Annotated[str | None, Query(max_length=300, description="outlet name or domain")] = None,
    since: Annotated[str | None, Query(max_length=64, description="published on or after (ISO date/time)")] = None,
    until: Annotated[str | None, Query(max_length=64, description="published before (ISO date/time)")] = None,
    entity: Annotated[str | None, Query(max_length=300, description="mentions this entity")] = None,
    language: Annotated[str | None, Query(max_length=16, description="ISO 639-1 code")] = None,
) -> Filters:
    """The common filters of listing and search (async: no thread hop for plain parsing)."""
    return Filters(outlet or None, since or None, until or None, entity or None, language or None)


Filtered = Annotated[Filters, Depends(filters)]


# -- reading ------------------------------------------------------------------------------------------

@router.get("", include_in_schema=False)
async def index() -> dict[str, Any]:
    """What this is, and where the documentation lives."""
    return {"name": "kliping", "version": __version__, "docs": "/docs", "openapi": "/openapi.json"}


@router.get("/articles", response_model=ArticlePage, responses=ERRORS, summary="List stored articles")
def list_articles(request: Request, f: Filtered,
                  limit: Annotated[int, Query(ge=1, le=100)] = 20,
                  offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
    """Articles in publication order (oldest first, undated first), with the common filters."""
    store = store_of(request)
    found = store.iter_articles(since=f.since, until=f.until, outlet=f.outlet, language=f.language,
                                entity=f.entity, batch=min(offset + limit + 1, 500))
    page = list(islice(found, offset, offset + limit + 1))  # one extra tells whether a next page exists
    more = len(page) > limit
    if not f.any():
        total: int | None = store.count()
    else:
        total = None if more else offset + len(page)
    nxt = offset + limit if more and offset + limit <= MAX_OFFSET else None
    return {"items": [_summary(a) for a in page[:limit]], "total": total, "limit": limit, "offset": offset,
            "next": nxt}


def _summary(a: Article) -> dict[str, Any]:
    return {"id": a.id, "url": a.url, "title": a.title, "outlet": a.outlet.name or a.outlet.domain,
            "published": a.published, "language": a.language}


@router.get("/articles/{id}", responses=NOT_FOUND, summary="One full article record")
def get_article(request: Request, id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
    """The full record, as ``kliping show --format json`` prints it."""
    article = store_of(request).get(id)
    if article is None:
        raise ApiError(404, "not_found", f"no article with id {id[:100]!r}")
    return article.to_dict()


@router.get("/articles/{id}/related", response_model=list[RelatedOut], responses=NOT_FOUND,
            summary="What to read next")
def related_articles(request: Request, id: Annotated[str, Path(max_length=500)],
                     limit: Annotated[int, Query(ge=1, le=20)] = 5) -> list[dict[str, Any]]:
    """The same story or strongly related articles (copies of the same text left out), as ``kliping related``."""
    from kliping.collection.build import docs_of
    from kliping.collection.stories import RELATED_WINDOW_DAYS, related

    store = store_of(request)
    article = store.get(id)
    if article is None:
        raise ApiError(404, "not_found", f"no article with id {id[:100]!r}")
    since = until = None
    try:
        when = datetime.fromisoformat(article.published) if article.published else None
        if when is not None:
            since = (when - timedelta(days=RELATED_WINDOW_DAYS)).isoformat()
            until = (when + timedelta(days=RELATED_WINDOW_DAYS)).isoformat()
    except (ValueError, OverflowError):
        pass  # an unreadable date: compare with the whole collection, as an undated article would
    docs = docs_of(store.iter_articles(since=since, until=until))
    if all(d.id != article.id for d in docs):
        docs += docs_of([article])
    out = []
    for doc_id, score in related(article.id, docs, k=limit):
        m = store.get(doc_id)
        out.append({"id": doc_id, "score": round(float(score), 4), "url": m.url if m else None,
                    "title": m.title if m else None, "outlet": m.outlet.name if m else None})
    return out


@router.get("/search", response_model=list[Hit], responses=ERRORS, summary="Full-text search")
def search(request: Request, f: Filtered,
           q: Annotated[str, Query(max_length=1000, description='words, "phrases", OR, -word, prefix*')],
           limit: Annotated[int, Query(ge=1, le=100)] = 10,
           offset: Annotated[int, Query(ge=0, le=MAX_SEARCH_OFFSET)] = 0) -> list[dict[str, Any]]:
    """Best first (bm25, Indonesian stemming); a malformed query is a 400 that says what is wrong."""
    hits = store_of(request).search(q, limit=limit, offset=offset, outlet=f.outlet, since=f.since, until=f.until,
                                    entity=f.entity, language=f.language)
    return [{"id": h.id, "url": h.url, "title": h.title, "outlet": h.outlet, "published": h.published,
             "score": round(h.score, 4), "snippet": h.snippet} for h in hits]


@router.get("/clusters", response_model=list[ClusterOut], responses=ERRORS, summary="Syndication and story clusters")
def list_clusters(request: Request, kind: Literal["syndication", "story"] | None = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 100,
                  offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
    """Clusters ordered by kind then id, each with its original and its members."""
    store = store_of(request)
    return [_cluster(store, c) for c in store.clusters(kind)[offset : offset + limit]]


@router.get("/clusters/{id}", response_model=ClusterOut, responses=NOT_FOUND, summary="One cluster")
def get_cluster(request: Request, id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One cluster with its original and its members."""
    store = store_of(request)
    found = next((c for c in store.clusters(CLUSTER_KINDS.get(id[:4])) if c.id == id), None)
    if found is None:
        raise ApiError(404, "not_found", f"no cluster with id {id[:100]!r}")
    return _cluster(store, found)


def _cluster(store: Store, c: Cluster) -> dict[str, Any]:
    members = store.members(list(c.members))
    original = next((m for m in members if m.id == c.original), None)
    return {"id": c.id, "kind": c.kind, "original": {"id": c.original, "url": original.url if original else None},
            "articles": [{"id": m.id, "url": m.url, "outlet": m.outlet, "published": m.published} for m in members]}


@router.get("/entities/{name:path}", response_model=EntityOut, responses=NOT_FOUND, summary="An entity's profile")
def entity(request: Request, name: Annotated[str, Path(max_length=300)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """Timeline of mentions, quotes, who appears with the name, the outlets quoting it (``kliping entity``)."""
    from kliping.collection.build import entity_profile

    profile = entity_profile(store_of(request), name, limit=limit)
    if not profile.articles:
        raise ApiError(404, "not_found", f"no article mentions {name[:100]!r}")
    return profile.to_dict()


@router.get("/trending", response_model=list[TrendOut], responses=ERRORS, summary="Rising entities")
def trending(request: Request,
             window: Annotated[str, Query(max_length=8, description="24h, 7d, 36h…")] = "24h",
             at: Annotated[str | None, Query(max_length=64, description="end of the window (ISO date-time); "
                                             "default: the newest article's time")] = None,
             limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict[str, Any]]:
    """Names rising against their own baseline in the window ending ``at`` (``kliping trending``)."""
    from kliping.collection.trends import parse_window
    from kliping.collection.trends import trending as rising

    try:
        span = parse_window(window)
        end = datetime.fromisoformat(at) if at else None
    except ValueError as exc:
        raise ApiError(400, "bad_request", str(exc) if not at or "window" in str(exc)
                       else f"at must be an ISO date-time, not {at[:40]!r}") from None
    store = store_of(request)
    end = end or store.latest_published()
    if end is None:
        return []

    def counts(since: datetime, until: datetime) -> dict[tuple[str, str | None], int]:
        return {(name, None): n for name, n in store.entity_counts(since.isoformat(), until.isoformat()).items()}

    try:
        trends = rising(counts, end=end, window=span, limit=limit)
    except OverflowError:
        raise ApiError(400, "bad_request", "window and at reach outside the calendar") from None
    return [{"name": t.name, "articles": t.count, "expected": t.expected, "score": t.score} for t in trends]


@router.get("/stats", summary="Counts and recorded failures")
def stats(request: Request) -> dict[str, Any]:
    """Articles, clusters, per source/outlet/language, and the latest failures (``kliping stats``)."""
    return store_of(request).stats()


# -- writing ------------------------------------------------------------------------------------------

NEW_ARTICLE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": NewArticle.model_json_schema()}}}}


@router.post("/articles", status_code=201, response_model=Created, openapi_extra=NEW_ARTICLE_BODY,
             summary="Store a page (bearer token)",
             responses={200: {"model": Created, "description": "already stored: updated or unchanged"},
                        **ERRORS, 401: {"model": ErrorBody, "description": "missing or wrong token"},
                        403: {"model": ErrorBody, "description": "writes disabled (no KLIPING_TOKEN)"},
                        413: {"model": ErrorBody, "description": f"body over {MAX_BODY} bytes"},
                        415: {"model": ErrorBody, "description": "not application/json"},
                        422: {"model": ErrorBody, "description": "not an article, or the URL failed"}})
async def create_article(request: Request,
                         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Any:
    """Read HTML, text or a fetched URL the way ``kliping ingest`` does and store it: 201 when new."""
    _authorize(request.app.state.token, credentials)
    new = _parse(await _read_body(request))
    outcome, article = await run_in_threadpool(_store_new, request, new)
    body = {"id": article.id, "outcome": outcome, "url": article.url, "title": article.title}
    return SafeJSONResponse(body, status_code=201 if outcome == "added" else 200)


def _authorize(expected: str | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    if not expected:
        raise ApiError(403, "writes_disabled", "writes are disabled: start kliping serve with KLIPING_TOKEN set")
    given = credentials.credentials if credentials else ""
    # Constant-time comparison: the time taken says nothing about how much of the token was right.
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace")):
        raise ApiError(401, "unauthorized", "a valid bearer token is required (Authorization: Bearer TOKEN)",
                       headers={"WWW-Authenticate": "Bearer"})


async def _read_body(request: Request) -> bytes:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, "unsupported_media_type", f"send application/json, not {media[:60] or 'nothing'!r}")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise ApiError(413, "too_large", f"request body over {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():  # a chunked body has no length up front: count as it comes
        size += len(chunk)
        if size > MAX_BODY:
            raise ApiError(413, "too_large", f"request body over {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> NewArticle:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ApiError(400, "bad_request", "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", 'the body must be an object: {"html": …}, {"text": …} or {"url": …}')
    try:
        new = NewArticle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ApiError(400, "bad_request", f"{where}: {first['msg']}" if where else first["msg"]) from None
    if (new.html is not None) + (new.text is not None) > 1:
        raise ApiError(400, "bad_request", "give html or text, not both")
    if new.html is None and new.text is None and not new.url:
        raise ApiError(400, "bad_request", 'give "html", "text" or "url"')
    return new


def _store_new(request: Request, new: NewArticle) -> tuple[str, Article]:
    """Fetch when asked, then the ingest path: ``process`` one document, ``upsert`` it (one thread)."""
    from kliping.ingest.run import now, process
    from kliping.ingest.sources import Document, Failure

    fetcher = None
    if new.html is None and new.text is None:
        fetcher = request.app.state.fetcher
        page = fetcher.fetch(new.url, conditional=False)  # FetchError / UnsafeURL: mapped to 4xx by the app
        content, url, fetched_at, kind = page.body, page.final_url, page.fetched_at, "html"
    else:
        raw = new.html if new.html is not None else new.text
        content, url, fetched_at = raw.encode("utf-8", "replace"), new.url, now()
        kind = "html" if new.html is not None else "text"
    key = url or "api:" + hashlib.sha256(content).hexdigest()[:32]
    doc = Document(key=key, content=content, url=url, source="api", fetched_at=fetched_at, kind=kind)
    result = process(doc, fetcher)
    store = store_of(request)
    if isinstance(result, Failure):
        store.add_failures([result])
        raise ApiError(422, "not_an_article", result.reason)
    return store.upsert([result])[0], result.article
