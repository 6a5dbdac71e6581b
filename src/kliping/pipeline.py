"""The pipeline: decode -> extract -> enrich stages, over one Article record.

A stage is a small pure function ``Article -> Article`` (no I/O). A stage that fails does not fail the
record: the failure is reported in ``warnings`` and the record goes on (datatrove's habit).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from time import perf_counter

from .article import Article, article_id
from .errors import InputTooLarge, KlipingError, NotAnArticle
from .extract import assemble
from .extract.decode import decode, looks_like_html

Stage = Callable[[Article], Article]
MAX_CHARS = 20_000_000  # decoded characters; larger pages are refused, not truncated silently
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")  # lines up to a blank line (linear: one way)


@dataclass
class Pipeline:
    """An ordered list of enrichment stages with per-stage timings (seconds) and failure counts."""

    stages: Sequence[tuple[str, Stage]] = ()
    timings: dict[str, float] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def __call__(self, article: Article) -> Article:
        for name, stage in self.stages:
            start = perf_counter()
            try:
                article = stage(article)
            except Exception as exc:  # noqa: BLE001 - a stage's bug must not lose the record
                self.failures[name] = self.failures.get(name, 0) + 1
                article = article.replace(warnings=(*article.warnings, f"stage {name} failed: {exc!r}"[:300]))
            self.timings[name] = self.timings.get(name, 0.0) + perf_counter() - start
        return article


def default_pipeline() -> Pipeline:
    """Every enrichment stage, in order (``kliping.enrich.stages.STAGES``)."""
    from .enrich.stages import STAGES  # the models load on first use, not on import

    return Pipeline(stages=list(STAGES))


def extract(source: bytes | str, *, url: str | None = None, fetched_at: str | datetime | None = None) -> Article:
    """Extraction only: decode, detect HTML or scraped text, and build the record."""
    warnings: list[str] = []
    utf8: bytes | None = None
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        decoded = decode(data)
        text, warnings = decoded.text, decoded.warnings
        if decoded.encoding == "utf-8" and not warnings and not data.startswith(b"\xef\xbb\xbf"):
            utf8 = data  # valid UTF-8 as it came: the parser reads these bytes directly
    elif isinstance(source, str):
        text = source
    else:
        raise TypeError(f"read() takes bytes or str, not {type(source).__name__}")
    if len(text) > MAX_CHARS:
        raise InputTooLarge(f"input has {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if "\x00" in text:
        text, utf8 = text.replace("\x00", ""), None
    if not text.strip():
        raise NotAnArticle("input is empty")
    if looks_like_html(text):
        article = assemble.from_html(text, url=url, utf8=utf8)
    else:
        article = assemble.from_text(text, url=url)
    if isinstance(fetched_at, datetime):
        fetched_at = fetched_at.isoformat()
    if warnings or fetched_at:
        article = article.replace(warnings=(*warnings, *article.warnings), fetched_at=fetched_at)
    return article


def analyze(
    text: str,
    *,
    published: str | datetime | None = None,
    language: str | None = None,
    pipeline: Pipeline | None = None,
) -> Article:
    """Enrich plain text as it is: ``body == text`` exactly, so every offset indexes ``text``.

    No boilerplate is removed (use ``read`` for pages). ``published`` anchors relative dates
    (``pekan lalu``); ``language`` skips detection. Paragraphs are the runs between blank lines.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() takes str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InputTooLarge(f"input has {len(text):,} characters; the limit is {MAX_CHARS:,}")
    if isinstance(published, datetime):
        published = published.isoformat()
    paragraphs = tuple(_trimmed(text, m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip())
    article = Article(id=article_id(None, None, text), body=text, paragraphs=paragraphs,
                      published=published, language=language)
    return (pipeline or default_pipeline())(article)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read(
    source: bytes | str,
    *,
    url: str | None = None,
    fetched_at: str | datetime | None = None,
    enrich: bool = True,
    pipeline: Pipeline | None = None,
) -> Article:
    """Read one page (HTML or scraped text, as bytes or str) into an Article.

    ``enrich=False`` runs extraction alone. Raises ``NotAnArticle`` for input that holds no article
    (empty, binary, a PDF) and ``InputTooLarge`` past the size limit; both are ``KlipingError``.
    """
    article = extract(source, url=url, fetched_at=fetched_at)
    if enrich:
        article = (pipeline or default_pipeline())(article)
    return article


__all__ = ["read", "analyze", "extract", "Pipeline", "default_pipeline", "KlipingError"]
