"""Ingesting a collection: sources of documents (files, JSONL, WARC, URLs, feeds, sitemaps) and the polite fetcher."""

from __future__ import annotations

from .sources import Document, Failure, iter_documents

__all__ = ["Document", "Failure", "iter_documents"]
