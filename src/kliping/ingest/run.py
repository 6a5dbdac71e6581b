"""The ingest loop: documents from sources -> records (in worker processes) -> the store, in batches.

Crash safety comes from the store's transactions and from identity: a batch is committed whole or not
at all, and a rerun skips every document whose key is stored with the same raw bytes (``known``), so
``kill -9`` at any moment followed by the same command stores every record exactly once. Memory stays
bounded: sources stream, and only one batch of documents is in flight at a time.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from kliping.article import Article, article_id, join_paragraphs, normalise_url
from kliping.errors import KlipingError
from kliping.ingest.sources import Document, Failure, iter_documents
from kliping.store.base import Store, StoredArticle

BATCH = 100
MAX_PAGES = 20  # pages of one multi-page article followed at most


@dataclass
class Summary:
    """What an ingest run did: counts per outcome and the failures it recorded."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        """One summary line for the terminal."""
        return (f"ingested {self.added}, updated {self.updated}, unchanged {self.unchanged + self.skipped}, "
                f"failed {self.failed}")


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def process(doc: Document, fetcher=None) -> StoredArticle | Failure:
    """One document into a storable record (runs in a worker): extraction, multi-page joining, enrichment."""
    from kliping.pipeline import default_pipeline, extract

    try:
        article = extract(doc.content, url=doc.url, fetched_at=doc.fetched_at)
        if fetcher is not None and article.next_page_url and "://" in doc.source[:12]:
            # Only a page fetched from the web is joined with its next pages: a file, a JSONL record or a
            # WARC response is read as it was stored, without going back to the network.
            article = _join_pages(article, fetcher)
        article = default_pipeline()(article)
    except KlipingError as exc:
        return Failure(source=doc.source, key=doc.key, reason=str(exc), at=now())
    except (RecursionError, MemoryError) as exc:
        return Failure(source=doc.source, key=doc.key, reason=f"page too complex to read ({type(exc).__name__})",
                       at=now())
    key = doc.key
    if doc.url is None and article.canonical_url:
        key = article.canonical_url  # a bare file is known by the URL it declares
    key = normalise_url(key) if "://" in key[:12] else key
    article = article.replace(id=article_id(None, key, article.body))
    return StoredArticle(key=key, article=article, raw_hash=hashlib.sha256(doc.content).hexdigest(),
                         content_hash=content_hash(article), source=doc.source, fetched_at=doc.fetched_at)


def content_hash(article: Article) -> str:
    """What "the page changed" means: its title and body, white space normalised."""
    text = " ".join(f"{article.title or ''}\n{article.body}".split())
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def _join_pages(first: Article, fetcher) -> Article:
    """Follow ``next_page_url`` links (bounded, no loops) and join the pages' paragraphs into one body."""
    from kliping.pipeline import extract

    paragraphs = first.paragraph_texts()
    removed = list(first.removed)
    seen = {normalise_url(first.url or "")}
    url = first.next_page_url
    warnings = list(first.warnings)
    while url and len(seen) < MAX_PAGES and normalise_url(url) not in seen:
        seen.add(normalise_url(url))
        try:
            page = fetcher.fetch(url, conditional=False)
            nxt = extract(page.body, url=page.final_url)
        except KlipingError as exc:
            warnings.append(f"next page {url} not read: {exc}"[:300])
            break
        paragraphs += [p for p in nxt.paragraph_texts() if p not in paragraphs]
        removed += nxt.removed
        url = nxt.next_page_url
    body, spans = join_paragraphs(paragraphs)
    return first.replace(body=body, paragraphs=spans, removed=tuple(removed), warnings=tuple(warnings),
                         next_page_url=url if url and normalise_url(url) not in seen else None)


def _batches(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


_WORKER_FETCHER = None


def _init_worker(fetcher) -> None:
    global _WORKER_FETCHER
    _WORKER_FETCHER = fetcher
    from kliping.pipeline import default_pipeline

    default_pipeline()  # load the models once per worker, not per page


def _work(doc: Document) -> StoredArticle | Failure:
    return process(doc, _WORKER_FETCHER)


def ingest(
    sources: Sequence[str],
    store: Store,
    *,
    jobs: int = 1,
    batch: int = BATCH,
    fetcher=None,
    on_progress: Callable[[int], None] | None = None,
) -> Summary:
    """Ingest every source into ``store``; returns the counts. Failures are stored and returned."""
    summary = Summary()
    pending: list[Failure] = []
    pool = _pool(jobs, fetcher)
    chunk = max(1, batch // (4 * max(jobs, 1)))
    try:
        for source in sources:
            try:
                documents = iter_documents(source, fetcher=fetcher, on_failure=pending.append)
                for docs in _batches(documents, batch):
                    _one_batch(docs, store, pool, chunk, fetcher, summary, pending)
                    if on_progress:
                        on_progress(len(docs))
                    pending.clear()
            except KlipingError as exc:  # the source itself cannot be read: the next one still is
                pending.append(Failure(source=source, key=None, reason=str(exc), at=now()))
            if pending:
                _record(store, summary, pending)
                pending.clear()
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return summary


def _pool(jobs: int, fetcher):
    if jobs <= 1:
        return None
    # fork shares the loaded tables copy-on-write; spawn would reload them per worker (slow but safe).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    return multiprocessing.get_context(method).Pool(jobs, initializer=_init_worker, initargs=(fetcher,))


def _one_batch(docs: list[Document], store: Store, pool, chunk: int, fetcher, summary: Summary,
               pending: list[Failure]) -> None:
    known = store.known([d.key for d in docs])
    todo = []
    for doc in docs:
        if known.get(doc.key) == hashlib.sha256(doc.content).hexdigest():
            summary.skipped += 1
        else:
            todo.append(doc)
    if pool is not None and todo:
        results = pool.map(_work, todo, chunksize=chunk)
    else:
        results = [process(d, fetcher) for d in todo]
    items = [r for r in results if isinstance(r, StoredArticle)]
    failures = pending + [r for r in results if isinstance(r, Failure)]
    for outcome, n in Counter(store.upsert(items) if items else []).items():
        setattr(summary, outcome, getattr(summary, outcome) + n)
    _record(store, summary, failures)


def _record(store: Store, summary: Summary, failures: Sequence[Failure]) -> None:
    if failures:
        store.add_failures(list(failures))
        summary.failed += len(failures)
        summary.failures += failures
