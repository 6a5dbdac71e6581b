"""Access to the store from request handlers: one SQLite connection per worker thread, opened on first use.

FastAPI runs plain ``def`` handlers (and plain ``def`` dependencies) in its thread pool, and an SQLite
connection may only be used by the thread that opened it. A ``Depends`` is resolved in one pool thread
and the handler may run in another, so ``get_store`` hands out a ``ThreadStore``: every call on it goes
to the connection of the thread making the call. ``store_of`` gives that connection directly, for code
that already runs in the thread that will use it.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import Request

from kliping.store import open_store
from kliping.store.base import Store

_local = threading.local()


def thread_store(db: str) -> Store:
    """The store at ``db`` for the current thread, opened on first use and kept for the thread's life."""
    stores: dict[str, Store] | None = getattr(_local, "stores", None)
    if stores is None:
        stores = _local.stores = {}
    store = stores.get(db)
    if store is None:
        store = stores[db] = open_store(db)
    return store


def store_of(request: Request) -> Store:
    """The store of this request's application, for the current thread."""
    return thread_store(request.app.state.db)


class ThreadStore:
    """A ``Store`` whose every method runs on the calling thread's own connection."""

    def __init__(self, db: str) -> None:
        self._db = db

    def __getattr__(self, name: str) -> Any:
        return getattr(thread_store(self._db), name)

    def close(self) -> None:
        """Nothing to do: the connections belong to their threads and live as long as the server."""

    def __enter__(self) -> ThreadStore:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def get_store(request: Request) -> Store:
    """For ``Depends``: the application's store, safe to use from whichever thread runs the handler."""
    return ThreadStore(request.app.state.db)  # type: ignore[return-value]
