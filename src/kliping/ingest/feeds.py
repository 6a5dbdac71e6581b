"""RSS 2.0 / RSS 1.0 / Atom feeds and sitemaps (plain, Google News, indexes): from XML to page URLs.

The XML is hostile until proven otherwise: lxml's pull parser runs without entity expansion, DTD loading,
network access or huge-tree mode, and each document is read only up to a fixed number of items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from ..errors import FetchError, KlipingError
from ..sources.files import Inflater
from .fetch import Fetcher, FetchResult

# Root element (local name) -> kind of document.
ROOTS = {"rss": "rss", "feed": "atom", "RDF": "rdf", "urlset": "urlset", "sitemapindex": "sitemapindex"}
# Per kind: the element that closes one item, and how its link is found.
ITEMS = {"rss": "item", "rdf": "item", "atom": "entry", "urlset": "url", "sitemapindex": "sitemap"}
SITEMAPS = frozenset({"urlset", "sitemapindex"})
MAX_URL_CHARS = 2048
_FEED_CHUNK = 64 * 1024
_SNIFF_BYTES = 4096
# The first element name in a document; '<?' and '<!' (declarations, comments, doctype) do not match.
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]{0,63})")
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on what one source may make us fetch."""

    feed_items: int = 10_000        # items read from one RSS/Atom feed
    sitemap_urls: int = 50_000      # URLs read from one sitemap (the protocol's own maximum)
    sitemap_depth: int = 3          # sitemap indexes nested in each other
    urls_per_source: int = 100_000  # pages fetched for one SOURCE argument, all sitemaps together


def sniff(body: bytes, content_type: str = "") -> str:
    """The kind of a fetched body: a ROOTS kind, "html" or "text"."""
    head = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    match = _FIRST_TAG.search(head)
    if match:
        local = match.group(1).split(b":")[-1].decode("ascii", "replace")
        if local in ROOTS:
            return ROOTS[local]
    if content_type == "text/plain" and not _HTML_TAG.search(head):
        return "text"
    return "html"


def ungzip(body: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """A body that is a gzip file (``sitemap.xml.gz``) decoded, capped; and whether it was cut."""
    if body[:2] != b"\x1f\x8b":
        return body, False
    inflater = Inflater("gzip", max_bytes=max_bytes)
    out = inflater.feed(body)
    return out + inflater.finish(), inflater.over


def parse_links(body: bytes, kind: str, *, base_url: str, limit: int) -> tuple[list[str], list[str]]:
    """The item links of a feed or sitemap (http/https, absolute, deduplicated) and the problems met."""
    parser = etree.XMLPullParser(events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, recover=True)
    item = ITEMS[kind]
    links: list[str] = []
    seen: set[str] = set()
    problems: list[str] = []
    pieces = [body[i:i + _FEED_CHUNK] for i in range(0, len(body), _FEED_CHUNK)]
    for piece in [*pieces, None]:  # None: the end, when libxml2 hands over what it still holds
        try:
            parser.feed(piece) if piece is not None else parser.close()
        except etree.Error as exc:  # recover=True makes this rare; what was read so far is kept
            problems.append(f"broken XML, the rest skipped ({str(exc)[:120]})")
            piece = None
        for _, elem in parser.read_events():
            if not isinstance(elem.tag, str) or etree.QName(elem).localname != item:
                continue
            link = _item_link(elem, kind)
            _forget(elem)
            if link:
                try:
                    link = urljoin(base_url, link).split("#")[0]
                except ValueError:  # "http://[::1": a malformed URL is one item's problem, not the feed's
                    problems.append(f"malformed link skipped: {link[:200]!r}")
                    continue
            if link and link.startswith(("http://", "https://")) and link not in seen:
                if len(links) >= limit:
                    noun = "URLs" if kind in SITEMAPS else "items"
                    problems.append(f"{'sitemap' if kind in SITEMAPS else 'feed'} has more than {limit} {noun}; "
                                    "the rest skipped")
                    return links, problems
                seen.add(link)
                links.append(link)
        if piece is None:
            break
    return links, problems


def _item_link(elem: etree._Element, kind: str) -> str | None:
    """The page URL of one item element."""
    if kind == "atom":
        for child in elem:
            if _local(child) == "link" and child.get("rel", "alternate") == "alternate" and child.get("href"):
                return child.get("href", "").strip()[:MAX_URL_CHARS]
        return None
    wanted = "loc" if kind in SITEMAPS else "link"
    fallback = None
    for child in elem:
        name = _local(child)
        if name == wanted and child.text and child.text.strip():
            return child.text.strip()[:MAX_URL_CHARS]
        if name == "guid" and child.text and child.get("isPermaLink", "true") != "false":
            fallback = child.text.strip()[:MAX_URL_CHARS]  # RSS items may carry their URL only in <guid>
    return fallback


def _local(elem: etree._Element) -> str:
    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _forget(elem: etree._Element) -> None:
    """Drop a finished item and its earlier siblings, so a long feed never builds a big tree."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


Report = Callable[[str, str], None]  # (key, reason)


def page_urls(url: str, result: FetchResult, kind: str, *, fetcher: Fetcher, limits: Limits,
              report: Report) -> Iterator[str]:
    """The page URLs a feed or sitemap (index) lists, child sitemaps fetched as needed; capped by ``limits``."""
    seen: set[str] = set()  # the same page listed by two sitemaps of one index is fetched once
    for link in _walk(url, result, kind, fetcher=fetcher, limits=limits, report=report, depth=1):
        if link in seen:
            continue
        if len(seen) >= limits.urls_per_source:
            report(url, f"more than {limits.urls_per_source} URLs from this source; the rest skipped")
            return
        seen.add(link)
        yield link


def _walk(url: str, result: FetchResult, kind: str, *, fetcher: Fetcher, limits: Limits, report: Report,
          depth: int) -> Iterator[str]:
    try:
        body, cut = ungzip(result.body, fetcher.max_bytes)
    except KlipingError as exc:
        report(url, str(exc))
        return
    if cut or result.truncated:
        report(url, f"{kind} larger than {fetcher.max_bytes // (1024 * 1024)} MB; read only that much")
    limit = limits.sitemap_urls if kind in SITEMAPS else limits.feed_items
    links, problems = parse_links(body, kind, base_url=result.final_url, limit=limit)
    del body  # the list of links is all we keep of it (children are fetched while we iterate)
    for problem in problems:
        report(url, problem)
    if not links and not problems:
        # also what libxml2's recover mode leaves of a document it refused (entity amplification, garbage)
        report(url, f"{kind} lists no http(s) links")
    if kind != "sitemapindex":
        yield from links
        return
    if depth > limits.sitemap_depth:
        report(url, f"sitemap indexes nested deeper than {limits.sitemap_depth}; skipped")
        return
    for child in links:
        try:
            # Indexes are fetched without validators: a 304 would hide pages that a crashed run never stored.
            res = fetcher.fetch(child, partial=True, conditional=False)
        except FetchError as exc:
            report(child, str(exc))
            continue
        try:
            child_kind = sniff(ungzip(res.body[:_SNIFF_BYTES * 4], fetcher.max_bytes)[0], res.content_type)
        except KlipingError as exc:
            report(child, str(exc))
            continue
        if child_kind not in SITEMAPS:
            report(child, f"listed in sitemap index {url} but not a sitemap ({child_kind})")
            continue
        yield from _walk(child, res, child_kind, fetcher=fetcher, limits=limits, report=report, depth=depth + 1)


__all__ = ["Limits", "sniff", "ungzip", "parse_links", "page_urls", "ROOTS", "SITEMAPS"]
