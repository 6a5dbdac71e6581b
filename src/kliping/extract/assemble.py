"""Extraction: page (HTML or scraped text) -> Article. The composition of the extract/ stages."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..article import Article, Outlet, article_id, join_paragraphs
from ..errors import NotAnArticle
from ..outlets import Profile, detect_profile, for_host, outlet_name
from . import furniture, generic, html, metadata, text
from .blocks import Block
from .textutil import join_url, normalise_space, repair_punctuation

WIB = "+07:00"
PROFILE_MIN_CHARS = 400  # body text below which a profile's container is double-checked
# Second-level labels under which a registrable domain has three labels (kompas.co.id, not co.id).
_SECOND_LEVEL = frozenset({"co", "or", "ac", "go", "web", "my", "sch", "net", "com", "org", "gov", "edu", "mil", "biz"})


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def registrable_domain(host: str | None) -> str | None:
    """``news.detik.com`` -> ``detik.com``; ``jateng.tribunnews.com`` -> ``tribunnews.com``; ``x.co.id`` kept."""
    if not host:
        return None
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _outlet_from_domain(domain: str | None) -> str | None:
    if not domain:
        return None
    label = domain.split(".")[0]
    return label[:1].upper() + label[1:] if label else None


def from_html(page: str, *, url: str | None = None, utf8: bytes | None = None) -> Article:
    """Extract an Article from an HTML page (``utf8``: its original bytes, when valid UTF-8)."""
    tree = html.parse(page, utf8=utf8)
    host = host_of(url)
    profile = for_host(host) or detect_profile(tree)
    meta = metadata.extract_metadata(tree, url=url, profile=profile)
    host = host or host_of(meta.canonical_url)
    if profile is None and host:
        profile = for_host(host)
    blocks = _body_blocks(tree, profile, url=url or meta.canonical_url)
    offset = WIB if _indonesian(host, meta.language) else None
    cleaned = furniture.clean(blocks, title=meta.title, host=host, default_offset=offset)
    base = url or meta.canonical_url
    next_page = cleaned.next_page_url or meta.next_page_url
    if next_page and base:
        next_page = join_url(base, next_page)
    domain = registrable_domain(host) or cleaned.outlet_domain
    name = (
        (profile.outlet_name(host) if profile else None)
        or outlet_name(host)
        or cleaned.outlet_name
        or meta.site_name
        or _outlet_from_domain(domain)
    )
    # The rules report a next page with the href as printed; report it once, as an absolute URL.
    warnings = list(meta.warnings) + [w for w in cleaned.warnings if not w.startswith("multi_page")]
    if next_page:
        warnings.append(f"multi_page: next page at {next_page}")
    return _article(
        url=url,
        canonical_url=meta.canonical_url,
        outlet=Outlet(name, domain),
        language=meta.language,
        title=meta.title,
        dateline=cleaned.dateline,
        published=meta.published,
        modified=meta.modified,
        authors=_merge_names(meta.authors, cleaned.authors),
        editors=_merge_names(meta.editors, cleaned.editors),
        section=meta.section,
        tags=meta.tags or cleaned.tags,
        paragraphs=cleaned.paragraphs,
        removed=cleaned.removed,
        syndication=cleaned.syndication,
        description=meta.description,
        image=meta.image,
        next_page_url=next_page,
        warnings=warnings,
    )


def _body_blocks(tree, profile: Profile | None, *, url: str | None) -> list[Block]:
    """The profile's body container when it names one that exists, else the generic extractor."""
    if profile is not None:
        for selector in profile.select("drop"):
            for node in tree.css(selector):
                node.decompose()
        for selector in profile.select("body"):
            node = tree.css_first(selector)
            if node is not None:
                blocks = generic.blocks_from(node, url=url)
                if sum(len(b.text) for b in blocks) >= PROFILE_MIN_CHARS:
                    return blocks
                # A container this small is a template change or a teaser page: let the generic
                # finder decide rather than publish a stub, and keep the longer reading.
                found = generic.extract_blocks(tree, url=url)
                return max(blocks, found, key=lambda bs: sum(len(b.text) for b in bs))
    return generic.extract_blocks(tree, url=url)


def from_text(page: str, *, url: str | None = None) -> Article:
    """Extract an Article from scraped plain text (a page's visible text, furniture included)."""
    scraped = text.parse_text(page)
    host = host_of(url)
    cleaned = furniture.clean(scraped.blocks, title=scraped.title, host=host, default_offset=WIB)
    domain = registrable_domain(host) or cleaned.outlet_domain
    name = outlet_name(host) or cleaned.outlet_name or _outlet_from_domain(domain)
    return _article(
        url=url,
        outlet=Outlet(name, domain),
        title=scraped.title,
        dateline=cleaned.dateline,
        published=scraped.published,
        authors=cleaned.authors,
        editors=cleaned.editors,
        tags=cleaned.tags,
        paragraphs=cleaned.paragraphs,
        removed=cleaned.removed,
        syndication=cleaned.syndication,
        next_page_url=cleaned.next_page_url,
        warnings=list(scraped.warnings) + list(cleaned.warnings),
    )


def _article(*, paragraphs: list[str], title: str | None, **fields) -> Article:
    paragraphs = [p for p in (repair_punctuation(normalise_space(p)) for p in paragraphs) if p]
    if not paragraphs:
        raise NotAnArticle("no article text found in the input")
    body, spans = join_paragraphs(paragraphs)
    title = repair_punctuation(normalise_space(title)) if title else None
    ident = article_id(fields.get("canonical_url"), fields.get("url"), body)
    for key in ("authors", "editors", "tags", "removed", "warnings"):
        fields[key] = tuple(fields.get(key) or ())
    return Article(id=ident, title=title or None, body=body, paragraphs=spans, **fields)


def _merge_names(first: list[str], second: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in [*first, *second]:
        key = name.casefold()
        if key not in seen:
            seen[key] = name
    return list(seen.values())


def _indonesian(host: str | None, language: str | None) -> bool:
    if language:
        return language.lower().startswith(("id", "in"))
    return bool(host and (host.endswith(".id") or for_host(host) is not None))
