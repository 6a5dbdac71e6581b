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
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from kliping.article import Article, article_id, join_paragraphs, normalise_url
from kliping.errors import KlipingError
from kliping.ingest.sources import Document, Failure, iter_documents
from kliping.store.base import Store, StoredArticle, StoreError

BATCH = 100
MAX_PAGES = 20  # pages of one multi-page article followed at most
# Reading one page (extraction and enrichment, not the wait for its next pages) takes < 0.1 s on real
# pages; a hostile page can take minutes. Past this budget the page is a Failure, the ingest goes on.
PAGE_SECONDS = 60.0


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


class WorkerLost(KlipingError):
    """A worker process died mid-batch (killed, out of memory). That batch is not stored; the batches
    before it are, and rerunning the same command stores the rest, each record once."""

    code = "E400"


class PageTimeout(BaseException):
    """A page ran past its time budget. A BaseException: the pipeline's per-stage ``except Exception``
    must not swallow it and go on with the next stage."""


def process(doc: Document, fetcher=None, *, seconds: float | None = PAGE_SECONDS) -> StoredArticle | Failure:
    """One document into a storable record (runs in a worker): extraction, multi-page joining, enrichment.

    ``seconds`` bounds the reading of the page (``None``: no bound); past it the page is a Failure. The
    bound needs SIGALRM, so it applies in a process's main thread only (workers, the CLI), not in threads.
    """
    from kliping.pipeline import default_pipeline, extract

    try:
        with _time_budget(seconds) as paused:
            article = extract(doc.content, url=doc.url, fetched_at=doc.fetched_at)
            if fetcher is not None and article.next_page_url and "://" in doc.source[:12]:
                # Only a page fetched from the web is joined with its next pages: a file, a JSONL record or a
                # WARC response is read as it was stored, without going back to the network.
                with paused():
                    article = _join_pages(article, fetcher)
            article = default_pipeline()(article)
    except KlipingError as exc:
        return Failure(source=doc.source, key=doc.key, reason=str(exc), at=now())
    except (RecursionError, MemoryError) as exc:
        return Failure(source=doc.source, key=doc.key, reason=f"page too complex to read ({type(exc).__name__})",
                       at=now())
    except PageTimeout:
        return Failure(source=doc.source, key=doc.key, reason=f"page took longer than {seconds:g} s to read",
                       at=now())
    except Exception as exc:  # noqa: BLE001 - a bug that one hostile page triggers must not end the whole ingest
        reason = f"internal error while reading the page ({type(exc).__name__}: {exc}); please report it"
        return Failure(source=doc.source, key=doc.key, reason=" ".join(reason.split())[:300], at=now())
    key = doc.key
    if doc.url is None and article.canonical_url:
        key = article.canonical_url  # a bare file is known by the URL it declares
    key = normalise_url(key) if "://" in key[:12] else key
    article = article.replace(id=article_id(None, key, article.body))
    return StoredArticle(key=key, article=article, raw_hash=hashlib.sha256(doc.content).hexdigest(),
                         content_hash=content_hash(article), source=doc.source, fetched_at=doc.fetched_at)


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[Callable]:
    """Raise PageTimeout in this thread after ``seconds`` of the block; yields ``paused()``, a context
    in which the clock stops (waiting for the network is not reading)."""
    usable = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield nullcontext
        return
    armed = [True]

    def expire(signum, frame) -> None:
        if armed[0]:
            raise PageTimeout

    @contextmanager
    def paused() -> Iterator[None]:
        left = signal.setitimer(signal.ITIMER_REAL, 0)[0]
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield paused
    finally:
        armed[0] = False  # an alarm landing from here on is ignored, not raised out of the finally
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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
_WORKER_SECONDS: float | None = PAGE_SECONDS


def _init_worker(fetcher, seconds: float | None = PAGE_SECONDS) -> None:
    global _WORKER_FETCHER, _WORKER_SECONDS
    _WORKER_FETCHER, _WORKER_SECONDS = fetcher, seconds
    from kliping.pipeline import default_pipeline

    default_pipeline()  # load the models once per worker, not per page


def _work(doc: Document) -> StoredArticle | Failure:
    return process(doc, _WORKER_FETCHER, seconds=_WORKER_SECONDS)


def ingest(
    sources: Sequence[str],
    store: Store,
    *,
    jobs: int = 1,
    batch: int = BATCH,
    fetcher=None,
    on_progress: Callable[[int], None] | None = None,
    page_seconds: float | None = PAGE_SECONDS,
) -> Summary:
    """Ingest every source into ``store``; returns the counts. Failures are stored and returned.

    ``page_seconds`` is each page's time budget (``process``); a slower page is recorded as a Failure.
    """
    summary = Summary()
    pending: list[Failure] = []
    pool = _pool(jobs, fetcher, page_seconds)
    chunk = max(1, batch // (4 * max(jobs, 1)))
    try:
        for source in sources:
            try:
                documents = iter_documents(source, fetcher=fetcher, on_failure=pending.append)
                for docs in _batches(documents, batch):
                    _one_batch(docs, store, pool, chunk, fetcher, summary, pending, page_seconds)
                    if on_progress:
                        on_progress(len(docs))
                    pending.clear()
            except (WorkerLost, StoreError):
                raise  # not the source's fault: going on with a broken pool or store would fail every batch
            except KlipingError as exc:  # the source itself cannot be read: the next one still is
                pending.append(Failure(source=source, key=None, reason=str(exc), at=now()))
            if pending:
                _record(store, summary, pending)
                pending.clear()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return summary


def _pool(jobs: int, fetcher, seconds: float | None = PAGE_SECONDS):
    if jobs <= 1:
        return None
    # fork shares the loaded tables copy-on-write; spawn would reload them per worker (slow but safe).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    # An executor, not multiprocessing.Pool: when a Pool worker dies, Pool.map waits forever for its tasks;
    # the executor raises BrokenProcessPool.
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method), initializer=_init_worker,
                               initargs=(fetcher, seconds))


def _one_batch(docs: list[Document], store: Store, pool, chunk: int, fetcher, summary: Summary,
               pending: list[Failure], seconds: float | None = PAGE_SECONDS) -> None:
    known = store.known([d.key for d in docs])
    todo = []
    for doc in docs:
        if known.get(doc.key) == hashlib.sha256(doc.content).hexdigest():
            summary.skipped += 1
        else:
            todo.append(doc)
    if pool is not None and todo:
        try:
            results = list(pool.map(_work, todo, chunksize=chunk))
        except BrokenProcessPool as exc:
            raise WorkerLost(f"a worker process died while reading a batch of {len(todo)} pages (killed, or out "
                             "of memory); that batch is not stored, the ones before it are: rerun the same "
                             "command to finish") from exc
    else:
        results = [process(d, fetcher, seconds=seconds) for d in todo]
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
