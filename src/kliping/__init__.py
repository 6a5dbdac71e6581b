"""Kliping: news intelligence for Indonesian online media.

>>> import kliping
>>> article = kliping.read(open("page.html", "rb").read(), url="https://example.co.id/berita/1")
>>> article.title, article.published, article.authors
>>> kliping.analyze("Presiden Budi Santoso bertemu ...", published="2024-05-02T10:00:00+07:00").entities
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .article import Article  # noqa: E402
from .errors import KlipingError, NotAnArticle  # noqa: E402

if TYPE_CHECKING:
    from .pipeline import analyze, read


def __getattr__(name: str) -> Any:
    # The pipeline pulls in the parser and every rule table; import it on first use only, so that
    # `import kliping.article` (the record alone) stays light.
    if name in ("read", "analyze"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kliping' has no attribute {name!r}")


__all__ = ["Article", "KlipingError", "NotAnArticle", "read", "analyze", "__version__"]
