"""The article record, ``kliping.article/1`` (see ``shared/design/ARTICLE.md``).

Every part is a frozen dataclass with typed fields; ``Article.to_dict()`` gives the public JSON
shape and ``Article.from_dict()`` reads it back, so ``from_dict(to_dict(a)) == a``.
Sequences are tuples inside the record (immutability) and lists in the JSON.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

SCHEMA = "kliping.article/1"

Span = tuple[int, int]


def _tuple(value: Any) -> tuple:
    return tuple(value) if value is not None else ()


def _spans(value: Any) -> tuple[Span, ...]:
    return tuple((int(a), int(b)) for a, b in (value or ()))


def _span(value: Any) -> Span | None:
    return None if value is None else (int(value[0]), int(value[1]))


class _Part:
    """Shared (de)serialisation for the record's parts: plain fields, spans as lists."""

    _span_fields: ClassVar[frozenset[str]] = frozenset()
    _spans_fields: ClassVar[frozenset[str]] = frozenset()
    _tuple_fields: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name in self._spans_fields:
                value = [list(s) for s in value]
            elif f.name in self._span_fields:
                value = None if value is None else list(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        kwargs: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in cls._spans_fields:
                value = _spans(value)
            elif f.name in cls._span_fields:
                value = _span(value)
            elif f.name in cls._tuple_fields:
                value = _tuple(value)
            kwargs[f.name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Outlet(_Part):
    name: str | None = None
    domain: str | None = None


@dataclass(frozen=True, slots=True)
class Removed(_Part):
    """A piece cut out of the text flow, and why (``kind``)."""

    kind: str
    text: str
    href: str | None = None

    KINDS: ClassVar[frozenset[str]] = frozenset(
        {
            "read_also",
            "syndication_notice",
            "credit",
            "editor_line",
            "source_line",
            "tags",
            "navigation",
            "promo",
            "caption",
            "footer",
            "dateline",
        }
    )


@dataclass(frozen=True, slots=True)
class Syndication(_Part):
    source_outlet: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_published: str | None = None
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class CitedSource(_Part):
    name: str
    kind: str = "other"  # agency | outlet | other
    span: Span | None = None
    _span_fields: ClassVar[frozenset[str]] = frozenset({"span"})


@dataclass(frozen=True, slots=True)
class Entity(_Part):
    text: str
    label: str  # PERSON ORG GPE LOC NORP EVENT PRODUCT
    canonical: str | None = None
    country: str | None = None
    mentions: tuple[Span, ...] = ()
    role: str | None = None  # an addition: the office written before a person's name (`Ajudan Kremlin`)
    _spans_fields: ClassVar[frozenset[str]] = frozenset({"mentions"})


@dataclass(frozen=True, slots=True)
class Quote(_Part):
    text: str
    kind: str  # direct | indirect
    speaker: str | None = None
    speaker_entity: int | None = None
    cue: str | None = None
    via: str | None = None
    span: Span | None = None
    _span_fields: ClassVar[frozenset[str]] = frozenset({"span"})


@dataclass(frozen=True, slots=True)
class Amount(_Part):
    text: str
    value: float | int | None = None
    unit: str | None = None
    object: str | None = None
    span: Span | None = None
    _span_fields: ClassVar[frozenset[str]] = frozenset({"span"})


@dataclass(frozen=True, slots=True)
class DateMention(_Part):
    text: str
    value: str | None = None
    granularity: str | None = None  # year | month | week | day
    relative: bool = False
    span: Span | None = None
    _span_fields: ClassVar[frozenset[str]] = frozenset({"span"})


@dataclass(frozen=True, slots=True)
class Event(_Part):
    type: str
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date: str | None = None
    mode: str | None = None
    span: Span | None = None
    _span_fields: ClassVar[frozenset[str]] = frozenset({"span"})
    _tuple_fields: ClassVar[frozenset[str]] = frozenset({"actors", "targets"})


_PARTS: dict[str, type[_Part]] = {
    "removed": Removed,
    "cited_sources": CitedSource,
    "entities": Entity,
    "quotes": Quote,
    "amounts": Amount,
    "dates": DateMention,
    "events": Event,
}


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. Field meanings: ``shared/design/ARTICLE.md``."""

    id: str = ""
    url: str | None = None
    canonical_url: str | None = None
    outlet: Outlet = field(default_factory=Outlet)
    language: str | None = None
    title: str | None = None
    dateline: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    body: str = ""
    paragraphs: tuple[Span, ...] = ()
    removed: tuple[Removed, ...] = ()
    syndication: Syndication | None = None
    cited_sources: tuple[CitedSource, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()
    keywords: tuple[str, ...] = ()
    summary: str | None = None
    warnings: tuple[str, ...] = ()
    # Additions beyond the minimum contract (allowed by ARTICLE.md: add freely, rename none).
    description: str | None = None
    image: str | None = None
    next_page_url: str | None = None
    fetched_at: str | None = None
    schema: str = SCHEMA

    # -- serialisation ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": self.schema}
        for f in fields(self):
            name = f.name
            if name == "schema":
                continue
            value = getattr(self, name)
            if name in _PARTS:
                value = [part.to_dict() for part in value]
            elif name in ("outlet", "syndication"):
                value = None if value is None else value.to_dict()
            elif name == "paragraphs":
                value = [list(s) for s in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        schema = data.get("schema", SCHEMA)
        if schema != SCHEMA:
            raise ValueError(f"unsupported record schema {schema!r} (expected {SCHEMA!r})")
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            name = f.name
            if name not in data:
                continue
            value = data[name]
            if name in _PARTS:
                value = tuple(_PARTS[name].from_dict(v) for v in value or ())
            elif name == "outlet":
                value = Outlet.from_dict(value or {})
            elif name == "syndication":
                value = None if value is None else Syndication.from_dict(value)
            elif name == "paragraphs":
                value = _spans(value)
            elif name in ("authors", "editors", "tags", "keywords", "warnings"):
                value = _tuple(value)
            kwargs[name] = value
        return cls(**kwargs)

    # -- conveniences ----------------------------------------------------------------------
    def paragraph_texts(self) -> list[str]:
        return [self.body[a:b] for a, b in self.paragraphs]

    def replace(self, **changes: Any) -> Article:
        return replace(self, **changes)


def join_paragraphs(paragraphs: list[str]) -> tuple[str, tuple[Span, ...]]:
    """Join paragraph texts with a blank line and return the body with each paragraph's span."""
    spans: list[Span] = []
    pos = 0
    for i, text in enumerate(paragraphs):
        if i:
            pos += 2
        spans.append((pos, pos + len(text)))
        pos += len(text)
    return "\n\n".join(paragraphs), tuple(spans)


_WS = re.compile(r"\s+")


def normalise_url(url: str) -> str:
    """The form of a URL used for identity: no fragment, no trailing slash, lower-case host."""
    url = url.strip().split("#", 1)[0]
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?]*)(.*)$", url)
    if m:
        url = m.group(1).lower() + m.group(2).lower() + m.group(3)
    if url.endswith("/") and url.count("/") > 3:
        url = url.rstrip("/")
    return url


def article_id(canonical_url: str | None, url: str | None, body: str) -> str:
    """Stable id: from the canonical URL when known, else the given URL, else the normalised body."""
    key = canonical_url or url
    basis = "url:" + normalise_url(key) if key else "body:" + _WS.sub(" ", body).strip().lower()
    return hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:16]
