"""Exports of stored articles: JSON Lines, Parquet, schema.org JSON-LD, and a GDELT-GKG-style TSV.

Every writer streams: it takes an iterator of Articles and writes as it goes (Parquet in row groups),
so exporting a large store needs memory for one batch only.

- ``jsonl``: the record (``Article.to_dict()``), one per line — the lossless format.
- ``parquet``: one row per article, flat columns for the common fields and the structured parts as
  JSON strings (``entities``, ``quotes``…), for pandas / DuckDB / Spark.
- ``jsonld``: schema.org ``NewsArticle`` objects in one ``@graph`` (headline, dates, author, publisher,
  ``isBasedOn`` for a syndicated copy's source, ``mentions`` for entities).
- ``gkg``: GDELT Global Knowledge Graph 2.1 column layout (27 tab-separated columns), filled with what
  Kliping knows — persons, organisations, locations with country codes, quotations with their speakers'
  verbs, amounts, resolved dates, all names with offsets; themes, tone and GCAM stay empty (Kliping
  does not compute them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import IO

from kliping.article import Article

FORMATS = ("jsonl", "parquet", "jsonld", "gkg")
PARQUET_BATCH = 1_000
_PARTS = ("entities", "quotes", "amounts", "dates", "events", "cited_sources", "removed")
_SCHEMA_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "EVENT": "Event",
                 "PRODUCT": "Product", "NORP": "Thing"}
GKG_COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS",
    "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM",
    "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)


def write(articles: Iterable[Article], fmt: str, out: IO) -> int:
    """Write ``articles`` to ``out`` (binary for parquet, text otherwise) in ``fmt``; returns the count."""
    writers = {"jsonl": write_jsonl, "parquet": write_parquet, "jsonld": write_jsonld, "gkg": write_gkg}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt](articles, out)


def write_jsonl(articles: Iterable[Article], out: IO[str]) -> int:
    """The records, one JSON object per line."""
    n = 0
    for article in articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_parquet(articles: Iterable[Article], out: IO[bytes]) -> int:
    """Flat rows in row groups of ``PARQUET_BATCH`` (needs pyarrow: ``pip install kliping[export]``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("Parquet export needs pyarrow: pip install 'kliping[export]'") from exc
    writer = None
    n = 0
    it = iter(articles)
    try:
        while batch := list(islice(it, PARQUET_BATCH)):
            table = pa.Table.from_pylist([_row(a) for a in batch], schema=_parquet_schema(pa))
            if writer is None:
                writer = pq.ParquetWriter(out, table.schema, compression="zstd")
            writer.write_table(table)
            n += len(batch)
        if writer is None:  # an empty export is still a valid file
            pq.write_table(pa.Table.from_pylist([], schema=_parquet_schema(pa)), out)
    finally:
        if writer is not None:
            writer.close()
    return n


def _parquet_schema(pa):
    text, texts = pa.string(), pa.list_(pa.string())
    fields = [("id", text), ("url", text), ("canonical_url", text), ("outlet", text), ("outlet_domain", text),
              ("language", text), ("title", text), ("published", text), ("modified", text), ("authors", texts),
              ("editors", texts), ("section", text), ("tags", texts), ("keywords", texts), ("summary", text),
              ("body", text), ("syndication", text), *[(p, text) for p in _PARTS]]
    return pa.schema(fields)


def _row(a: Article) -> dict:
    row = {"id": a.id, "url": a.url, "canonical_url": a.canonical_url, "outlet": a.outlet.name,
           "outlet_domain": a.outlet.domain, "language": a.language, "title": a.title, "published": a.published,
           "modified": a.modified, "authors": list(a.authors), "editors": list(a.editors), "section": a.section,
           "tags": list(a.tags), "keywords": list(a.keywords), "summary": a.summary, "body": a.body,
           "syndication": json.dumps(a.syndication.to_dict(), ensure_ascii=False) if a.syndication else None}
    for part in _PARTS:
        row[part] = json.dumps([p.to_dict() for p in getattr(a, part)], ensure_ascii=False)
    return row


def write_jsonld(articles: Iterable[Article], out: IO[str]) -> int:
    """One JSON-LD document: ``{"@context": "https://schema.org", "@graph": [NewsArticle, …]}``."""
    out.write('{"@context": "https://schema.org", "@graph": [\n')
    n = 0
    for article in articles:
        out.write((",\n" if n else "") + json.dumps(news_article(article), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def news_article(a: Article) -> dict:
    """The schema.org NewsArticle for one record (fields left out when unknown)."""
    obj: dict = {"@type": "NewsArticle", "@id": a.canonical_url or a.url or f"urn:kliping:{a.id}",
                 "identifier": a.id, "headline": a.title, "url": a.url, "datePublished": a.published,
                 "dateModified": a.modified, "inLanguage": a.language, "articleSection": a.section,
                 "articleBody": a.body, "abstract": a.summary,
                 "keywords": list(dict.fromkeys([*a.tags, *a.keywords])) or None,
                 "author": [{"@type": "Person", "name": n} for n in a.authors] or None,
                 "editor": [{"@type": "Person", "name": n} for n in a.editors] or None}
    if a.outlet.name or a.outlet.domain:
        obj["publisher"] = {"@type": "Organization", "name": a.outlet.name or a.outlet.domain,
                            "url": f"https://{a.outlet.domain}" if a.outlet.domain else None}
    if a.syndication:
        s = a.syndication
        obj["isBasedOn"] = {"@type": "NewsArticle", "headline": s.source_title, "url": s.source_url,
                            "datePublished": s.source_published,
                            "publisher": {"@type": "Organization", "name": s.source_outlet}}
    mentions = [{"@type": _SCHEMA_TYPES.get(e.label, "Thing"), "name": e.canonical or e.text}
                for e in a.entities]
    obj["mentions"] = mentions or None
    return _prune(obj)


def _prune(obj):
    if isinstance(obj, dict):
        return {k: _prune(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_prune(v) for v in obj]
    return obj


def write_gkg(articles: Iterable[Article], out: IO[str]) -> int:
    """GKG 2.1 columns, a header line first, one article per line."""
    out.write("\t".join(GKG_COLUMNS) + "\n")
    n = 0
    for row in gkg_rows(articles):
        out.write("\t".join(row) + "\n")
        n += 1
    return n


def gkg_rows(articles: Iterable[Article]) -> Iterator[list[str]]:
    """The GKG columns of each article, as strings (tabs and newlines inside values replaced)."""
    for a in articles:
        persons = _by_label(a, ("PERSON",))
        orgs = _by_label(a, ("ORG",))
        places = [e for e in a.entities if e.label in ("GPE", "LOC")]
        row = {
            "GKGRECORDID": a.id, "V2.1DATE": _gkg_date(a.published), "V2SOURCECOLLECTIONIDENTIFIER": "1",
            "V2SOURCECOMMONNAME": a.outlet.domain or a.outlet.name or "", "V2DOCUMENTIDENTIFIER": a.url or "",
            "V1LOCATIONS": ";".join(f"{_place_type(e)}#{e.canonical or e.text}#{e.country or ''}####"
                                    for e in places),
            "V2ENHANCEDLOCATIONS": ";".join(f"{_place_type(e)}#{e.canonical or e.text}#{e.country or ''}#####"
                                            f"{e.mentions[0][0] if e.mentions else ''}" for e in places),
            "V1PERSONS": ";".join(name for name, _ in persons),
            "V2ENHANCEDPERSONS": ";".join(f"{name},{offset}" for name, offset in persons),
            "V1ORGANIZATIONS": ";".join(name for name, _ in orgs),
            "V2ENHANCEDORGANIZATIONS": ";".join(f"{name},{offset}" for name, offset in orgs),
            "V2.1ENHANCEDDATES": ";".join(_gkg_day(d) for d in a.dates if d.value and d.span),
            "V2.1SHARINGIMAGE": a.image or "",
            "V2.1QUOTATIONS": "#".join(f"{q.span[0]}|{q.span[1] - q.span[0]}|{q.cue or ''}|{q.text}"
                                       for q in a.quotes if q.span and q.kind == "direct"),
            "V2.1ALLNAMES": ";".join(f"{e.canonical or e.text},{e.mentions[0][0]}" for e in a.entities if e.mentions),
            "V2.1AMOUNTS": ";".join(f"{x.value},{x.object or x.unit or ''},{x.span[0]}" for x in a.amounts
                                    if x.span and x.value is not None),
            "V2.1TRANSLATIONINFO": "" if a.language in (None, "en") else f"srclc:{a.language};eng:kliping",
        }
        yield [_clean(row.get(column, "")) for column in GKG_COLUMNS]


def _by_label(a: Article, labels: tuple[str, ...]) -> list[tuple[str, int]]:
    return [(e.canonical or e.text, e.mentions[0][0] if e.mentions else 0) for e in a.entities if e.label in labels]


def _place_type(entity) -> int:
    """GKG location type: 1 for a country, 4 for anything else Kliping knows (it has no ADM1 codes)."""
    from kliping.enrich.knowledge import default_knowledge

    known = default_knowledge().lookup(entity.canonical or entity.text)
    return 1 if known is not None and known.kind == "country" else 4


def _gkg_date(published: str | None) -> str:
    if not published:
        return ""
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%d%H%M%S")


def _gkg_day(d) -> str:
    # GKG: resolution#month#day#year#offset; resolution 1 = day, 2 = month, 3 = year (a week is its month).
    parts = d.value.split("-")
    year = parts[0]
    if "W" in d.value:
        return f"2#0#0#{year}#{d.span[0]}"
    month = parts[1] if len(parts) > 1 else "0"
    day = parts[2] if len(parts) > 2 else "0"
    resolution = 1 if len(parts) > 2 else (2 if len(parts) > 1 else 3)
    return f"{resolution}#{int(month)}#{int(day)}#{year}#{d.span[0]}"


def _clean(value: object) -> str:
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")
