"""What the metadata rules read from a page, gathered once: metas, JSON-LD items, the elements of interest.

One CSS pass collects every element the rules look at (metas, links, scripts, headings and the
``itemprop`` microdata): on a large tree each pass costs as much as the work done on what it finds.
The body's text (``bodytext``) is read on first use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from ...outlets import Profile, outlet_name
from ..textutil import normalise_space
from .bodytext import SKIP_TEXT_IN, BodyText, key, read_body_text

MAX_JSONLD_CHARS = 300_000  # per script block
MAX_JSONLD_BLOCKS = 30
MAX_METAS = 1_000
_NAMING = frozenset({"name", "property", "itemprop", "http-equiv"})
# What the rules read, in one pass: [itemprop] brings dates, people, headline and keywords as
# microdata; the elements whose text is never shown are there for the body's text (bodytext).
# Each selector costs a check of every element, so the list is kept short: <template> holds no
# text nodes in the tree, and <head> is not in the body.
_HIDDEN = tuple(t for t in SKIP_TEXT_IN if t not in ("template", "head"))
_TAGS = ("meta", "link", "h1", "h2", "h3", "time", *_HIDDEN)
_JSONLD = 'script[type*="ld+json" i]'
_SCAN = ", ".join((*_TAGS, _JSONLD, "[itemprop]"))
# Tag ids (one per name, whatever the namespace) -> names: cheaper to read than names.
_TAG_NAMES = {LexborHTMLParser(f"<body><{t}></{t}>").css_first(t).tag_id: t for t in _TAGS}
_ATTRS_READ = frozenset({None, "meta", "link", "time"})  # kinds whose attributes are always read


def _runs_tell() -> bool:
    """Whether lexbor gives a node once per selector of the list that it matches, in a row.

    Then a heading or a script that comes once has no itemprop, and a script that comes once is
    no JSON-LD: their attributes (the dearest thing read per element) need not be read.
    """
    probe = LexborHTMLParser('<h1 itemprop="x"></h1><h2></h2><script type="application/ld+json"></script>'
                             "<script></script>")
    found = [n.mem_id for n in probe.css(f"h1, h2, script, {_JSONLD}, [itemprop]")]
    runs = [len(list(group)) for _, group in groupby(found)]
    return runs == [2, 1, 2, 1]


_RUNS_TELL = _runs_tell()
_NO_ATTRS: dict = {}
_SECOND_LEVEL = frozenset({"co", "or", "ac", "go", "web", "my", "sch", "net", "com", "org", "gov", "edu"})


@dataclass(slots=True)
class Nodes:
    """The elements of one pass, each list in document order (as separate CSS queries would give)."""

    metas: list[dict] = field(default_factory=list)  # the attributes of each <meta>
    jsonld: list = field(default_factory=list)        # <script type=...ld+json>
    title: object | None = None                       # the first <title>
    h1: list = field(default_factory=list)
    h2: list = field(default_factory=list)
    h3: list = field(default_factory=list)
    headings: list = field(default_factory=list)      # h1, h2, h3 and itemprop=headline
    published: list = field(default_factory=list)     # itemprop=datePublished, <time pubdate>
    itemprop: dict[str, list] = field(default_factory=dict)
    links: dict[str, dict] = field(default_factory=dict)  # rel (lower-cased) -> its first <link>'s attributes
    hidden: list = field(default_factory=list)        # script, style, ... in the body (SKIP_TEXT_IN)

    def prop(self, name: str) -> list:
        return self.itemprop.get(name, [])


def scan(tree) -> Nodes:
    """The elements the rules read, sorted into lists in one CSS pass (a node matched by two
    selectors of the list comes twice in a row: see _runs_tell)."""
    nodes = Nodes()
    head = tree.head
    in_head = {n.mem_id for n in head.css(", ".join(_HIDDEN))} if head is not None else set()
    names = _TAG_NAMES
    found = tree.css(_SCAN)
    count, i = len(found), 0
    while i < count:
        node = found[i]
        seen = node.mem_id
        i += 1
        runs = 1
        while i < count and found[i].mem_id == seen:  # a node comes once per selector it matches
            i += 1
            runs += 1
        tag = names.get(node.tag_id)  # None: an element that only [itemprop] brought
        attrs = node.attributes if runs > 1 or tag in _ATTRS_READ or not _RUNS_TELL else _NO_ATTRS
        prop = attrs.get("itemprop")
        if prop:
            nodes.itemprop.setdefault(prop, []).append(node)
        if tag in ("h1", "h2", "h3") or (prop == "headline" and tag != "meta"):
            nodes.headings.append(node)
        if prop == "datePublished" or (tag == "time" and "pubdate" in attrs):
            nodes.published.append(node)
        if tag is None or tag == "time":
            continue
        if tag == "meta":
            nodes.metas.append(attrs)
        elif tag == "link":
            # rel is matched without regard to case, as CSS does for it in HTML
            nodes.links.setdefault((attrs.get("rel") or "").lower(), attrs)
        elif tag in ("h1", "h2", "h3"):
            getattr(nodes, tag).append(node)
        else:
            if tag == "script" and "ld+json" in (attrs.get("type") or "").lower():
                nodes.jsonld.append(node)
            elif tag == "title" and nodes.title is None:
                nodes.title = node
            if seen not in in_head:
                nodes.hidden.append(node)
    return nodes


@dataclass(slots=True)
class Page:
    """What the rules read, gathered once: metas, JSON-LD items, elements, the body's text."""

    tree: object
    profile: Profile | None
    url: str | None
    nodes: Nodes
    metas: dict[str, list[str]]
    ld: list[dict]
    warnings: list[str]
    tokens: set[str] = field(default_factory=set)   # site-name keys, set once the site is known
    _body: BodyText | None = None
    _profile_nodes: dict[str, list] = field(default_factory=dict)

    @classmethod
    def read(cls, tree, profile: Profile | None, url: str | None) -> Page:
        warnings: list[str] = []
        nodes = scan(tree)
        return cls(tree, profile, url, nodes, read_metas(nodes.metas), read_jsonld(nodes.jsonld, warnings), warnings)

    @property
    def body(self) -> BodyText:
        if self._body is None:
            self._body = read_body_text(self.tree, self.nodes.hidden)
        return self._body

    def meta(self, *keys: str) -> list[str]:
        return [v for k in keys for v in self.metas.get(k, ())]

    def css(self, selector: str) -> list:
        try:
            return self.tree.css(selector)
        except Exception:  # noqa: BLE001 - a malformed selector in a profile must not sink the page
            self.warnings.append(f"metadata: bad selector {selector!r}")
            return []

    def profile_nodes(self, name: str) -> list:
        """The nodes of the profile's first selector for ``name`` that matches anything."""
        if self.profile is None:
            return []
        if name not in self._profile_nodes:
            found: list = []
            for selector in self.profile.select(name):
                found = self.css(selector)
                if found:
                    break
            self._profile_nodes[name] = found
        return self._profile_nodes[name]


def read_metas(metas_attrs: list[dict]) -> dict[str, list[str]]:
    """Meta values by name / property / itemprop / http-equiv (lower-cased), in page order."""
    metas: dict[str, list[str]] = {}
    for attrs in metas_attrs[:MAX_METAS]:
        value = (attrs.get("content") or attrs.get("value") or "").strip()
        if not value:
            continue
        # A meta names its value by one or more of these attributes; which comes first does not
        # matter (each name has its own list).
        for attr, names in attrs.items():
            if names and attr in _NAMING:
                for k in names.lower().split():  # RDFa allows several properties in one attribute
                    metas.setdefault(k, []).append(value)
    return metas


def read_jsonld(nodes: list, warnings: list[str]) -> list[dict]:
    """Every JSON-LD object of the page, ``@graph`` members and list items flattened."""
    items: list[dict] = []
    for node in nodes[:MAX_JSONLD_BLOCKS]:
        raw = (node.text(deep=True) or "")[:MAX_JSONLD_CHARS]
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):  # "[[[[…" nested past the stack is hostile, not data
            warnings.append("metadata: unreadable JSON-LD block skipped")
            continue
        _flatten(data, items, 0)
    return items


def _flatten(data, out: list[dict], depth: int) -> None:
    if depth > 4 or len(out) > 200:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], out, depth + 1)


# -- JSON-LD values ----------------------------------------------------------------------------------

ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
})


def ld_types(item: dict) -> set[str]:
    t = item.get("@type")
    names = t if isinstance(t, list) else [t]
    return {n.rsplit("/", 1)[-1].lower() for n in names if isinstance(n, str)}


def ld_article(items: list[dict]) -> dict:
    """The article item; a WebPage item with a headline when there is none."""
    for item in items:
        if ld_types(item) & ARTICLE_TYPES:
            return item
    for item in items:
        if "webpage" in ld_types(item) and item.get("headline"):
            return item
    return {}


def ld_text(value) -> str | None:
    """A JSON-LD value as one line of text (the first of a list, the name of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return normalise_space(str(value)) or None
    return None


def ld_persons(value) -> list[str]:
    """Names of a JSON-LD author value: a string, a Person, or a list of either (organisations skipped)."""
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in values[:20]:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict) and not (ld_types(v) & {"organization", "newsmediaorganization"}):
            name = ld_text(v.get("name"))
            if name:
                out.append(name)
    return out


def ld_keywords(value) -> list[str]:
    if isinstance(value, str):
        return value.split(",")
    out: list[str] = []
    if isinstance(value, list):
        for v in value[:100]:
            out.extend(ld_keywords(v) if isinstance(v, list) else [v] if isinstance(v, str) else [])
    return out


def ld_url(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


# -- host and site -----------------------------------------------------------------------------------

def host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        name = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return name.lower().removeprefix("www.") if name else None


@lru_cache(maxsize=1024)
def outlet(domain: str | None) -> str | None:
    """``outlets.outlet_name``, remembered: the registry is loaded once, so the answer never changes."""
    return outlet_name(domain)


def registrable(name: str | None) -> str | None:
    """``news.detik.com`` -> ``detik.com``; ``x.co.id`` stays three labels."""
    if not name:
        return None
    labels = name.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def site_tokens(domain: str | None, names: list[str | None]) -> set[str]:
    """Strings that identify the outlet in titles and bylines: ``kompas``, ``antaranews``, ``tempogaya``."""
    tokens = {key(n) for n in names if n}
    if domain:
        tokens.add(key(domain.split(".")[0]))
    return {t for t in tokens if len(t) >= 4}
