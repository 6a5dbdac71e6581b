"""Page metadata from HTML: title, times, authors, section, tags, description, image, language.

Sources, most trusted first: the outlet profile's selectors, JSON-LD, OpenGraph/``article:*`` and the
Indonesian portals' own metas (``dtk:*``, ``content_*``, ``publishdate``), ``itemprop`` elements,
then the visible text near the headline (parsed by ``dates.py``). The visible text also settles
what machine values get wrong: a zone-less time, or a ``Z`` stamped on a local time.
The tree is only read, never changed (later stages cut the body out of the same tree).

The rules live in package-private modules: ``page`` (the page read once: one CSS pass,
metas, JSON-LD), ``bodytext`` (the body's visible text, read at C speed), ``headline``
(where the headline sits in it), ``title``, ``times`` and ``people``. Per-element
or per-text-node work in Python is what made this stage slow; the modules avoid it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ...outlets import Profile
from ..dates import ParsedDate
from ..textutil import join_url, normalise_space
from .bodytext import key
from .page import (
    Page,
    host,
    ld_article,
    ld_keywords,
    ld_text,
    ld_types,
    ld_url,
    outlet,
    registrable,
    site_tokens,
)
from .people import clean_names, dedupe, people
from .times import best_stamp, check_times, is_local, resolve_time, shown, stamps, visible_dates
from .title import (
    EN_STOPWORDS,
    ID_STOPWORDS,
    LANGUAGE_SAMPLE_CHARS,
    clean_title,
    first_heading,
    language,
    title,
)

__all__ = ["Metadata", "clean_names", "clean_title", "extract_metadata", "resolve_time"]

SECTION_KEYS = ("article:section", "content_category", "dtk:kanal", "section", "category")
# A printed breadcrumb (Home > Bola > headline), read when no meta, JSON-LD or profile names the section.
BREADCRUMB = "[class*=breadcrumb], [aria-label=breadcrumb i], [itemtype*=BreadcrumbList]"
_CRUMB_TRAIL_CHARS = 400  # longer: a container that only carries the word in a class (url-breadcrumb)
_HOME_CRUMBS = frozenset({"home", "beranda", "index", "indeks", "halaman utama", "homepage", "depan", "news", "berita"})
_CRUMB_MAX_WORDS = 4
_NOT_A_CRUMB = re.compile(r"@|https?:|^\W*\d+\W*$")
# Site-wide keywords some portals add to every page.
FILLER_TAGS = frozenset({
    "berita terkini", "berita indonesia", "berita online", "portal indonesia", "berita hari ini",
    "berita terbaru", "info terkini", "news", "berita", "indonesia news", "headline", "terpopuler",
    "berita harian", "berita viral", "berita populer", "berita harian online",
})
LANGUAGE_SAMPLE_SEGMENTS = 300  # of the body, when no text around the headline was found

_URL_OR_PATH = re.compile(r"^(?:https?:)?//|^/")
_ABSOLUTE = re.compile(r"^https?://")


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    domain: str | None = None
    published: str | None = None       # ISO strings via ParsedDate.iso()
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    image: str | None = None
    language: str | None = None        # ISO 639-1: 'id', 'en'...
    next_page_url: str | None = None
    warnings: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)  # beyond the brief: the record has `editors` too


def extract_metadata(tree, *, url: str | None = None, profile: Profile | None = None) -> Metadata:
    """Title, times, people, section, tags, description, image and language of an HTML page."""
    page = Page.read(tree, profile, url)
    warnings = page.warnings
    ld = ld_article(page.ld)
    canonical = _canonical(page, ld)
    domain = registrable(host(url) or host(canonical))
    site = _site_name(page, ld, domain)
    page.tokens = site_tokens(domain, [site, ld_text(ld.get("publisher")), *page.meta("og:site_name")[:1]])
    headline = title(page, ld)
    if headline is None:
        warnings.append("title: none found")
    visible = visible_dates(page, headline or first_heading(page))
    near = visible.text or page.body.segments.text_start(LANGUAGE_SAMPLE_SEGMENTS, LANGUAGE_SAMPLE_CHARS)
    lang = language(page, ld, " ".join(filter(None, [headline, near])))
    local = is_local(page, domain, lang, visible.text)
    # Machine stamps (seconds, an explicit offset) outrank the printed date, which settles the zone
    # and stands in when there is no stamp. A profile's date selector says where that printed date is.
    printed = shown(page, "published", visible.published)
    published = resolve_time(best_stamp(stamps(page, ld, "published")), printed, local)
    modified = resolve_time(best_stamp(stamps(page, ld, "modified")), shown(page, "modified", visible.modified), local)
    check_times(published, printed, warnings)
    authors, editors = people(page, ld, visible.head)
    description = _first_text([*page.meta("og:description", "description")[:1], ld.get("description"),
                               *page.meta("twitter:description")[:1]])
    return Metadata(
        title=headline, canonical_url=canonical, site_name=site, domain=domain,
        published=_iso(published), modified=_iso(modified), authors=authors, section=_section(page, ld),
        tags=_tags(page, ld), description=description, image=_image(page, ld), language=lang,
        next_page_url=_next_page(page), warnings=warnings, editors=editors,
    )


def _iso(parsed: ParsedDate | None) -> str | None:
    return parsed.iso() if parsed else None


def _first_text(values) -> str | None:
    for value in values:
        text = normalise_space(value) if isinstance(value, str) else ld_text(value)
        if text and "&" in text:
            text = normalise_space(html.unescape(text))  # double-escaped metas: "&amp;nbsp;"
        if text:
            return text
    return None


def _section(page: Page, ld: dict) -> str | None:
    profile = [n.text(deep=True) for n in page.profile_nodes("section")[:1]]
    crumbs = [i for i in page.ld if "breadcrumblist" in ld_types(i)]
    crumb = None
    if crumbs:
        elements = crumbs[0].get("itemListElement")
        if isinstance(elements, list) and len(elements) > 1:
            crumb = ld_text(elements[-1].get("name") or elements[-1].get("item")) if isinstance(
                elements[-1], dict) else None
    section = _first_text([*profile, ld.get("articleSection"), *page.meta(*SECTION_KEYS), crumb or ""])
    if not section:
        section = _printed_breadcrumb(page)
    return section if section and len(section) <= 80 and not section.startswith("http") else None


def _printed_breadcrumb(page: Page) -> str | None:
    """The last section link of the page's first printed breadcrumb: not the home link, not the
    outlet, not the headline some breadcrumbs end with (too many words for a section)."""
    for trail in page.css(BREADCRUMB)[:5]:
        if len(trail.text(deep=True) or "") > _CRUMB_TRAIL_CHARS:
            continue
        crumbs = [normalise_space(a.text(deep=True) or "") for a in trail.css("a")[:12]]
        kept = [c for c in crumbs if c and c.casefold() not in _HOME_CRUMBS and key(c) not in page.tokens
                and len(c.split()) <= _CRUMB_MAX_WORDS and not _NOT_A_CRUMB.search(c)]
        return kept[-1] if kept else None
    return None


def _tags(page: Page, ld: dict) -> list[str]:
    for source in _tag_sources(page, ld, [n.text(deep=True) for n in page.profile_nodes("tags")[:50]]):
        tags = dedupe(t for raw in source for t in _split_tags(raw, page.tokens))
        if tags and not _machine_keywords(tags):
            return tags[:50]
    return []


def _tag_sources(page: Page, ld: dict, from_profile: list[str]):
    yield from_profile
    yield ld_keywords(ld.get("keywords"))
    yield page.meta("article:tag")
    for value in page.meta("news_keywords"):
        yield [value]
    yield [n.text(deep=True) for n in page.nodes.prop("keywords")[:3] if n.tag != "meta"]
    for value in page.meta("dtk:keywords", "content_tags", "keywords"):
        yield [value]


def _machine_keywords(tags: list[str]) -> bool:
    """A keyword list cut from the article's words ("cover, about, of, ..."), not chosen by an editor."""
    stop = sum(t.lower() in ID_STOPWORDS or t.lower() in EN_STOPWORDS for t in tags)
    return len(tags) > 40 or stop > 0  # no editor tags a story "of" or "yang"


def _split_tags(raw: str, tokens: set[str]) -> list[str]:
    out = []
    for piece in (raw or "")[:3000].split(","):
        tag = normalise_space(piece).strip(" #")
        if not tag or len(tag) > 80 or ":" in tag or tag.lower() in FILLER_TAGS:
            continue
        if key(tag) in tokens:
            continue  # the outlet's own name is not a topic
        out.append(tag)
    return out


def _image(page: Page, ld: dict) -> str | None:
    link = page.nodes.links.get("image_src")
    candidates = [*page.meta("og:image", "og:image:url", "og:image:secure_url")[:1], ld_url(ld.get("image")),
                  *page.meta("twitter:image", "twitter:image:src")[:1], link.get("href") if link else None]
    for c in candidates:
        if c and _URL_OR_PATH.match(c) and "http:http" not in c:
            return join_url(page.url, c)
    return None


def _link(page: Page, rel: str) -> str | None:
    link = page.nodes.links.get(rel)
    href = (link.get("href") or "").strip() if link else ""
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return None
    return join_url(page.url, href)


def _canonical(page: Page, ld: dict) -> str | None:
    found = _link(page, "canonical")
    if found:
        return found
    main = ld.get("mainEntityOfPage")
    for value in [*page.meta("og:url")[:1], ld.get("url"), main.get("@id") if isinstance(main, dict) else main]:
        if isinstance(value, str) and _ABSOLUTE.match(value.strip()):
            return value.strip()
    return None


def _next_page(page: Page) -> str | None:
    for node in page.profile_nodes("next_page")[:1]:
        href = (node.attributes.get("href") or "").strip()
        if href:
            return join_url(page.url, href)
    # Only the <head> link: an <a rel=next> is as often an index or comment pager as the article's.
    return _link(page, "next")


def _site_name(page: Page, ld: dict, domain: str | None) -> str | None:
    publisher = ld.get("publisher")
    profile_name = page.profile.outlet_name(domain) if page.profile else None
    return _first_text([*page.meta("og:site_name")[:1], ld_text(publisher) if publisher else None,
                        profile_name or "", outlet(domain) or "",
                        domain.split(".")[0].capitalize() if domain else ""])
