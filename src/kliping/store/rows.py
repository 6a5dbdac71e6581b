"""From an Article to the store's rows: the searchable columns, the derived tables, time bounds."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from kliping.article import Article

from .base import StoreError

# A time without an offset is read as Western Indonesian Time, the offset most Indonesian outlets
# print; a stored value keeps what the page said, this only places it on the UTC axis for filters.
DEFAULT_TZ = timezone(timedelta(hours=7))
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


def clean(value: str | None, limit: int = 10_000) -> str | None:
    """Text safe to bind: lone surrogates (which SQLite cannot encode) replaced, length capped."""
    if value is None:
        return None
    value = value[:limit]
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def name_key(name: str | None) -> str:
    """The case-insensitive form of a name used for matching entities, speakers, outlets."""
    return " ".join((name or "").casefold().split())[:500]


def domain_key(domain: str | None) -> str | None:
    """A domain in lower case without `www.`."""
    if not domain:
        return None
    return domain.strip().lower().removeprefix("www.")[:300]


def _parse(value: str) -> tuple[datetime, timedelta] | None:
    """A moment and the length of the period the text names (a day, a month, a second)."""
    value = value.strip()[:64]
    if m := _YEAR_MONTH.fullmatch(value):
        year, month = int(m.group(1)), int(m.group(2) or 1)
        if not 1 <= month <= 12:
            return None
        start = datetime(year, month, 1, tzinfo=DEFAULT_TZ)
        end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=DEFAULT_TZ) if m.group(2) else \
            datetime(year + 1, 1, 1, tzinfo=DEFAULT_TZ)
        return start, end - start
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    period = timedelta(days=1) if len(value) == 10 else timedelta(seconds=1)
    return (moment if moment.tzinfo else moment.replace(tzinfo=DEFAULT_TZ)), period


def utc(value: str | None) -> str:
    """``published`` on the UTC axis (``YYYY-MM-DDTHH:MM:SSZ``), or '' when absent or unreadable."""
    if not value:
        return ""
    parsed = _parse(value)
    if parsed is None:
        return ""
    try:
        return parsed[0].astimezone(UTC).strftime(UTC_FORMAT)
    except (OverflowError, ValueError):
        return ""


def bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Filter bounds: ``since`` inclusive, ``until`` exclusive after the whole period it names."""
    return _bound(since, "since", end=False), _bound(until, "until", end=True)


def _bound(value: str | None, name: str, *, end: bool) -> str | None:
    if value is None:
        return None
    parsed = _parse(value)
    if parsed is None:
        raise StoreError(f"{name} must be an ISO date or date-time (2024-05-01, 2024-05-01T08:00+07:00), "
                         f"not {value[:40]!r}")
    moment, period = parsed
    try:
        return (moment + period if end else moment).astimezone(UTC).strftime(UTC_FORMAT)
    except (OverflowError, ValueError):
        raise StoreError(f"{name} is out of range: {value[:40]!r}") from None


def record_json(article: Article) -> str:
    """The record as stored: ASCII JSON, so lone surrogates survive and round-trip exactly."""
    return json.dumps(article.to_dict(), ensure_ascii=True, separators=(",", ":"))


def article_columns(article: Article) -> dict[str, Any]:
    """The searchable columns of ``articles`` for one record."""
    return {
        "id": clean(article.id, 500),
        "url": clean(article.url, 4000),
        "canonical_url": clean(article.canonical_url, 4000),
        "outlet_name": clean(article.outlet.name, 300),
        "outlet_key": name_key(article.outlet.name) or None,
        "outlet_domain": domain_key(article.outlet.domain),
        "title": clean(article.title, 2000),
        "published": clean(article.published, 64),
        "published_utc": utc(article.published),
        "language": clean(article.language, 16),
    }


def child_rows(n: int, article: Article) -> dict[str, list[tuple]]:
    """The rows of the derived tables for the article stored as row ``n``."""
    return {
        "entities": [
            (n, i, clean(e.text, 500), clean(e.label, 32), clean(e.canonical, 500), clean(e.country, 8),
             len(e.mentions), name_key(e.canonical or e.text), name_key(e.text))
            for i, e in enumerate(article.entities)
        ],
        "quotes": [
            (n, i, clean(q.speaker, 500), name_key(q.speaker) or None, q.speaker_entity, clean(q.kind, 32),
             clean(q.cue, 100), clean(q.via, 300), clean(q.text))
            for i, q in enumerate(article.quotes)
        ],
        "amounts": [
            (n, i, clean(a.text, 500), _number(a.value), clean(a.unit, 64), clean(a.object, 300))
            for i, a in enumerate(article.amounts)
        ],
        "dates": [
            (n, i, clean(d.text, 500), clean(d.value, 32), clean(d.granularity, 16), int(bool(d.relative)))
            for i, d in enumerate(article.dates)
        ],
        "events": [
            (n, i, clean(e.type, 64), json.dumps(list(e.actors)), json.dumps(list(e.targets)),
             clean(e.date, 32), clean(e.mode, 32))
            for i, e in enumerate(article.events)
        ],
        "cited_sources": [
            (n, i, clean(c.name, 300), clean(c.kind, 32)) for i, c in enumerate(article.cited_sources)
        ],
    }


def _number(value: float | int | None) -> float | None:
    # SQLite integers stop at 2**63; amounts like `$123 triliun` fit a REAL, and NaN becomes NULL.
    if value is None:
        return None
    try:
        return float(value)
    except (OverflowError, TypeError, ValueError):
        return None


CHILD_INSERTS = {
    "entities": "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "quotes": "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "amounts": "INSERT INTO amounts VALUES (?, ?, ?, ?, ?, ?)",
    "dates": "INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?)",
    "events": "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
    "cited_sources": "INSERT INTO cited_sources VALUES (?, ?, ?, ?)",
}
CHILD_DELETES = {table: f"DELETE FROM {table} WHERE article_n = ?" for table in CHILD_INSERTS}
