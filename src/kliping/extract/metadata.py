"""Page metadata from HTML: title, times, authors, section, tags, description, image, language.

Sources, most trusted first: the outlet profile's selectors, JSON-LD, OpenGraph/``article:*`` and the
Indonesian portals' own metas (``dtk:*``, ``content_*``, ``publishdate``), ``itemprop`` elements,
then the visible text near the headline (parsed by ``dates.py``). The visible text also settles
what machine values get wrong: a zone-less time, or a ``Z`` stamped on a local time.
The tree is only read, never changed (later stages cut the body out of the same tree).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..outlets import Profile, outlet_name
from .dates import DAY_NAMES, ParsedDate, find_datetimes, parse_datetime, parse_iso, parse_offset
from .textutil import normalise_space, repair_punctuation

# -- tables (the rules as data) ----------------------------------------------------------------

WIB = "+07:00"
ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
})
# Meta keys (name / property / itemprop / http-equiv, lower-cased), most trusted first.
PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "dtk:publishdate",
    "publishdate", "content_publisheddate", "pubdate", "publish-date", "publish_date", "publication_date",
    "published_time", "og:published_time", "article.published", "sailthru.date", "parsely-pub-date",
    "dc.date.issued", "dcterms.issued", "dc.date", "date", "datecreated", "createdate", "dtk:createddate",
)
MODIFIED_KEYS = (
    "article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
    "content_modifieddate", "dtk:updatedate", "lastmod", "last-modified", "dcterms.modified",
)
AUTHOR_KEYS = ("author", "dtk:author", "content_author", "article:author", "byl", "parsely-author",
               "sailthru.author", "dc.creator")
EDITOR_KEYS = ("content_editor", "dtk:editor", "editor")
SECTION_KEYS = ("article:section", "content_category", "dtk:kanal", "section", "category")
TAG_KEYS = ("article:tag", "news_keywords", "dtk:keywords", "content_tags", "keywords")
# Old and spelled-out language values pages declare ("In-Id", "Indonesian").
LANGUAGE_NAMES = {"in": "id", "ind": "id", "indonesia": "id", "indonesian": "id", "bahasa": "id", "eng": "en",
                  "english": "en"}
LANGUAGE_KEYS = ("content-language", "language", "dc.language", "inlanguage", "og:locale")
TITLE_KEYS = ("og:title", "twitter:title", "title")

# Role words of bylines; the first group marks authors, the second editors.
AUTHOR_ROLES = ("penulis", "reporter", "pewarta", "wartawan", "kontributor", "koresponden", "oleh",
                "by", "written by", "author", "laporan wartawan", "laporan")
EDITOR_ROLES = ("editor", "penyunting", "redaktur", "editing")
# "Kontributor Lhokseumawe, Masriadi": these roles are followed by a place, not a name, when no colon.
PLACE_ROLES = ("kontributor", "koresponden", "wartawan", "laporan wartawan")
# Words that make a byline an organisation, not a person.
NON_PERSON_WORDS = frozenset({
    "redaksi", "admin", "administrator", "tim", "team", "staff", "staf", "newsroom", "desk", "pt", "pt.",
    "media", "cyber", "network", "group", "grup", "news", "berita", "humas", "rilis", "release",
    "anonim", "anonymous", "unknown", "webmaster", "kanal", "writer", "correspondent", "contributor",
    "reporter", "editor", "wartawan", "koresponden", "kontributor", "penulis", "fotografer", "photographer",
    # page furniture that follows an empty byline label
    "komentar", "pembaca", "baca", "juga", "terkait", "bagikan", "share", "ikuti", "follow", "lihat",
    "selengkapnya", "login", "masuk", "daftar", "iklan", "advertisement", "video", "foto",
})
NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "der", "de", "da", "di", "al", "el", "la", "le",
                            "dos", "du", "ibn", "y"})
# Site-wide keywords some portals add to every page.
FILLER_TAGS = frozenset({
    "berita terkini", "berita indonesia", "berita online", "portal indonesia", "berita hari ini",
    "berita terbaru", "info terkini", "news", "berita", "indonesia news", "headline", "terpopuler",
    "berita harian", "berita viral", "berita populer", "berita harian online",
})
# Trailing title pieces that are never part of a headline.
TITLE_SUFFIX_WORDS = re.compile(
    r"^(?:halaman\s+(?:all|\d{1,3})|page\s+\d{1,3}|all\s+pages?|indonesian news portal|berita terkini"
    r"|berita terbaru|berita hari ini|portal berita[\w ]{0,30}|news portal)$",
    re.IGNORECASE,
)
UPDATED_WORDS = ("diperbarui", "diupdate", "update", "updated", "pembaruan", "modified", "terakhir")
# Indonesian outlets whose domain does not end in .id (WIB is assumed for zone-less times there).
INDONESIAN_OUTLETS = frozenset({
    "kompas.com", "detik.com", "tempo.co", "antaranews.com", "liputan6.com", "okezone.com",
    "tribunnews.com", "kapanlagi.com", "mediaindonesia.com", "merdeka.com", "suara.com", "jpnn.com",
    "sindonews.com", "kumparan.com", "cnnindonesia.com", "cnbcindonesia.com", "jawapos.com",
    "pikiran-rakyat.com", "idntimes.com", "tirto.id", "bisnis.com", "beritasatu.com", "kontan.co.id",
    "grid.id", "inews.id", "viva.co.id", "republika.co.id", "katadata.co.id", "portalkalteng.com",
    "kompasiana.com", "wartaekonomi.co.id", "medcom.id", "fajar.co.id", "tribunnewswiki.com",
    "bola.com", "fimela.com", "dream.co.id", "hops.id", "rmol.id", "gatra.com", "lensaindonesia.com",
})
ID_STOPWORDS = frozenset({"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "dalam",
                          "tidak", "akan", "pada", "juga", "karena", "adalah", "tersebut", "sudah", "oleh",
                          "kata", "bisa", "ada", "saat", "para", "atau", "telah"})
EN_STOPWORDS = frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "are",
                          "as", "by", "this", "from", "be", "has", "have", "it", "at", "an", "will", "said",
                          "about", "we", "our", "they", "he", "she", "his", "her", "its", "not", "but"})
_SECOND_LEVEL = frozenset({"co", "or", "ac", "go", "web", "my", "sch", "net", "com", "org", "gov", "edu"})
_SKIP_TEXT_IN = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "iframe"})

MAX_TEXT_CHARS = 400_000   # visible text read for bylines and dates
MAX_SEGMENT_CHARS = 20_000  # of one text node: a byline or date line is never longer
MAX_JSONLD_CHARS = 300_000  # per script block
MAX_METAS = 1_000
WINDOW_BEFORE, WINDOW_AFTER = 600, 1_500  # chars of visible text around the headline searched for dates


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


# -- reading the page ------------------------------------------------------------------------------

@dataclass(slots=True)
class _Page:
    """What the rules read, gathered once: metas, JSON-LD items, visible text segments."""

    tree: object
    profile: Profile | None
    url: str | None
    metas: dict[str, list[str]]
    ld: list[dict]
    segments: list[str]
    ranks: list[int]      # per segment: 1 inside h1/itemprop=headline, 2 inside h2/h3, 3 elsewhere
    warnings: list[str]
    tokens: set[str] = field(default_factory=set)   # site-name keys, set once the site is known

    def meta(self, *keys: str) -> list[str]:
        return [v for k in keys for v in self.metas.get(k, ())]

    def css(self, selector: str) -> list:
        try:
            return self.tree.css(selector)
        except Exception:  # noqa: BLE001 - a malformed selector in a profile must not sink the page
            self.warnings.append(f"metadata: bad selector {selector!r}")
            return []

    def profile_nodes(self, key: str) -> list:
        if self.profile is None:
            return []
        for selector in self.profile.select(key):
            nodes = self.css(selector)
            if nodes:
                return nodes
        return []


def _read_metas(tree) -> dict[str, list[str]]:
    metas: dict[str, list[str]] = {}
    for node in tree.css("meta")[:MAX_METAS]:
        attrs = node.attributes
        value = attrs.get("content") or attrs.get("value")
        if not value or not value.strip():
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = attrs.get(attr)
            if key:
                for k in key.lower().split():  # RDFa allows several properties in one attribute
                    metas.setdefault(k, []).append(value.strip())
    return metas


def _read_jsonld(tree, warnings: list[str]) -> list[dict]:
    items: list[dict] = []
    for node in tree.css('script[type*="ld+json" i]')[:30]:
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


def _read_segments(tree) -> tuple[list[str], list[int]]:
    """Visible text nodes in document order, whitespace-normalised (script/style skipped), with ranks."""
    root = tree.body or tree.root
    out: list[str] = []
    ranks: list[int] = []
    total = 0
    if root is None:
        return out, ranks
    for node in root.traverse(include_text=True):
        if node.tag != "-text":
            continue
        parent = node.parent
        if parent is not None and parent.tag in _SKIP_TEXT_IN:
            continue
        text = normalise_space((node.text_content or "")[:MAX_SEGMENT_CHARS])
        if text:
            out.append(text)
            ranks.append(_heading_rank(parent))
            total += len(text)
            if total > MAX_TEXT_CHARS:
                break
    return out, ranks


def _heading_rank(node) -> int:
    for _ in range(4):  # the headline text sits at most a few inline elements below its heading
        if node is None:
            break
        if node.tag == "h1" or node.attributes.get("itemprop") == "headline":
            return 1
        if node.tag in ("h2", "h3"):
            return 2
        node = node.parent
    return 3


# -- JSON-LD helpers -------------------------------------------------------------------------------

def _types(item: dict) -> set[str]:
    t = item.get("@type")
    names = t if isinstance(t, list) else [t]
    return {n.rsplit("/", 1)[-1].lower() for n in names if isinstance(n, str)}


def _ld_article(items: list[dict]) -> dict:
    """The article item; a WebPage item with a headline when there is none."""
    for item in items:
        if _types(item) & ARTICLE_TYPES:
            return item
    for item in items:
        if "webpage" in _types(item) and item.get("headline"):
            return item
    return {}


def _ld_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = normalise_space(str(value))
        return text or None
    return None


def _ld_persons(value) -> list[str]:
    """Names of a JSON-LD author value: a string, a Person, or a list of either (organisations skipped)."""
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in values[:20]:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict) and not (_types(v) & {"organization", "newsmediaorganization"}):
            name = _ld_text(v.get("name"))
            if name:
                out.append(name)
    return out


def _ld_keywords(value) -> list[str]:
    if isinstance(value, str):
        return value.split(",")
    out: list[str] = []
    if isinstance(value, list):
        for v in value[:100]:
            out.extend(_ld_keywords(v) if isinstance(v, list) else [v] if isinstance(v, str) else [])
    return out


def _ld_url(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


# -- domain, site, language ------------------------------------------------------------------------

def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def _registrable(host: str | None) -> str | None:
    """``news.detik.com`` -> ``detik.com``; ``x.co.id`` stays three labels."""
    if not host:
        return None
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _key(text: str | None) -> str:
    """A comparison key: case-folded letters and digits only."""
    return "".join(ch for ch in (text or "").casefold() if ch.isalnum())


def _site_tokens(domain: str | None, names: list[str | None]) -> set[str]:
    """Strings that identify the outlet in titles and bylines: ``kompas``, ``antaranews``, ``tempogaya``."""
    tokens = {_key(n) for n in names if n}
    if domain:
        tokens.add(_key(domain.split(".")[0]))
    return {t for t in tokens if len(t) >= 4}


def _normalise_lang(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0].split(",")[0].strip()
    code = LANGUAGE_NAMES.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _vote_language(text: str) -> str | None:
    words = re.findall(r"[a-z]+", text[:5000].lower())
    ids = sum(w in ID_STOPWORDS for w in words)
    ens = sum(w in EN_STOPWORDS for w in words)
    if ids >= 8 and ids > 3 * ens:
        return "id"
    if ens >= 8 and ens > 3 * ids:
        return "en"
    return None


def _language(page: _Page, sample: str) -> str | None:
    declared = None
    for value in page.meta(*LANGUAGE_KEYS) + [_ld_text(_ld_article(page.ld).get("inLanguage")) or ""]:
        declared = _normalise_lang(value)
        if declared:
            break
    if not declared:
        root = page.tree.css_first("html")
        declared = _normalise_lang(root.attributes.get("lang") or root.attributes.get("xml:lang")) if root else None
    voted = _vote_language(sample)
    if voted and declared and voted != declared:
        # Templates often keep a default lang="en" on Indonesian pages; the text decides.
        page.warnings.append(f"language: page declares {declared!r}, its text reads {voted!r}")
        return voted
    return declared or voted


# -- title -------------------------------------------------------------------------------------------

# " - ", " | ", " :: ", " : ", " » " between the headline and the site name (spaces required on both
# sides, so "Rp1-2" or "10:00" never split). Bounded, so linear.
_TITLE_SEP = re.compile(r" (?:[-|–—•·»]|::?) ")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")
_DOMAIN_LIKE = re.compile(r"\w\.(?:com|co|id|net|org)\b", re.IGNORECASE)


def _is_site_piece(piece: str, tokens: set[str]) -> bool:
    if TITLE_SUFFIX_WORDS.match(piece.strip()):
        return True
    key = _key(piece)
    if not key:
        return True
    if _DOMAIN_LIKE.search(piece):
        return True
    if any(t in key or (len(key) >= 5 and key in t and 2 * len(key) >= len(t)) for t in tokens):
        return True
    # A sister brand of the network: "Tribun Jogja" on tribunnews.com, "Kompas TV" on kompas.com.
    return len(piece.split()) <= 3 and any(len(os.path.commonprefix([key, t])) >= 5 for t in tokens)


def clean_title(raw: str | None, tokens: set[str]) -> str | None:
    """The headline without the site-name suffix (``… - Kompas.com``, ``… | Tempo.co``, ``… : Okezone``)."""
    title = normalise_space((raw or "")[:1000])
    if not title:
        return None
    pieces = _TITLE_SEP.split(title)
    seps = _TITLE_SEP.findall(title)
    # Strip from the right while the last piece names the site; a leading "Kompas.com - X" too.
    stripped = 0
    while len(pieces) > 1 and _is_site_piece(pieces[-1], tokens):
        pieces.pop()
        seps.pop()
        stripped += 1
    # "Judul | National | Tempo.co": a one- or two-word section between the headline and the site.
    if stripped and len(pieces) > 1 and seps[-1].strip() == "|" and len(pieces[-1].split()) <= 2:
        pieces.pop()
        seps.pop()
    if len(pieces) > 1 and (_key(pieces[0]) in tokens or _DOMAIN_LIKE.search(pieces[0])):
        pieces.pop(0)
        seps.pop(0)
    out = pieces[0] + "".join(s + p for s, p in zip(seps, pieces[1:], strict=True))
    return repair_punctuation(out).strip() or None


def _title(page: _Page, ld: dict, tokens: set[str]) -> str | None:
    candidates = [n.text(deep=True) for n in page.profile_nodes("title")[:1]]
    candidates += page.meta("og:title")[:1] + [_ld_text(ld.get("headline")) or _ld_text(ld.get("name")) or ""]
    candidates += page.meta("twitter:title", "title")[:2]
    node = page.tree.css_first("title")
    candidates.append(node.text(deep=True) if node else "")
    # A candidate that is only the site's name ("Kabarlima") is a home-page leftover, not a headline.
    chosen = next((t for t in (clean_title(c, tokens) for c in candidates) if t and _key(t) not in tokens), None)
    headings = _heading_texts(page)
    if chosen is None:
        return headings[0] if headings else None
    for heading in headings:
        if _agrees(heading, chosen):
            return heading  # what the page prints over the headline, when it is the same title
    return chosen


def _heading_texts(page: _Page) -> list[str]:
    out = []
    for node in page.css("h1")[:10] + page.css("[itemprop=headline]")[:5] + page.css("h2")[:30]:
        if node.tag == "meta":
            continue
        text = repair_punctuation(normalise_space((node.text(deep=True) or "")[:1000]))
        if text:
            out.append(text)
    return out


def _agrees(heading: str, title: str) -> bool:
    h, t = _key(heading), _key(title)
    if not h or not t:
        return False
    if heading.isupper() and not title.isupper():
        return False  # a shouted heading: keep the title's own casing
    if h == t:
        return True
    # A truncated og:title ("Judul panjang ...") agrees with the complete heading.
    return bool(_ELLIPSIS.search(title)) and h.startswith(t) and len(t) >= 20


# -- names -------------------------------------------------------------------------------------------

def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ROLE_WORD = rf"(?:{_alternation(AUTHOR_ROLES + EDITOR_ROLES)})\b"
# "Penulis: " / "| Editor: ": a label (a role word and a colon) anywhere in a byline.
_ROLE_LABEL = re.compile(rf"(?<!\w)(?P<role>{_ROLE_WORD}) ?: ?", re.IGNORECASE)
# "Oleh Desca": a role word directly in front of one name.
_ROLE_PREFIX = re.compile(rf"^{_ROLE_WORD} ?[:\-–]? ?", re.IGNORECASE)
_PLACE_ROLE = re.compile(rf"^(?:{_alternation(PLACE_ROLES)}) [^:]", re.IGNORECASE)
_NAME_SPLIT = re.compile(r" ?(?:[,;/|&+]|\band\b|\bdan\b| [-–—] ) ?", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_BYLINE = re.compile(
    rf"^(?P<role>{_alternation(AUTHOR_ROLES + EDITOR_ROLES)})\b ?:? ?(?P<rest>.{{0,200}})$", re.IGNORECASE
)


def _role_part(text: str, role: str) -> str:
    """The part of a byline under ``role`` labels (``Penulis: X | Editor: Y``); unlabelled text is ``role``'s."""
    parts: dict[str, list[str]] = {"author": [], "editor": []}
    pos, kind = 0, role
    for m in _ROLE_LABEL.finditer(text):
        parts[kind].append(text[pos:m.start()])
        kind = "editor" if m.group("role").lower() in EDITOR_ROLES else "author"
        pos = m.end()
    parts[kind].append(text[pos:])
    return " , ".join(parts[role])


def clean_names(raw: str | None, tokens: set[str] = frozenset(), role: str = "author") -> list[str]:
    """Person names from a byline: role words, outlet names and places removed; ``A, B dan C`` split.

    ``role`` says whose names to keep when the byline labels several (``Penulis: X | Editor: Y``).
    """
    text = normalise_space(_PARENS.sub(" ", (raw or "")[:300]))
    dates = find_datetimes(text)
    if dates:
        text = text[: dates[0][0]]  # "Penulis: X | Jumat, 4 Maret 2022": the names end where the date starts
    parts = [p.strip(" .:-–") for p in _NAME_SPLIT.split(_role_part(text, role))]
    out: list[str] = []
    for part in parts:
        if _PLACE_ROLE.match(part) and len(parts) > 1:
            continue  # "Kontributor Lhokseumawe": a role and a place
        name = _ROLE_PREFIX.sub("", part, count=1).strip(" .:-–")
        if _is_person(name, tokens) and name not in out:
            out.append(name)
    return out


def _is_person(name: str, tokens: set[str]) -> bool:
    if not 2 <= len(name) <= 60 or re.search(r"\d|@|https?:|www\.|\w\.(?:com|co|id|net)\b", name, re.I):
        return False
    words = name.split()
    if not 1 <= len(words) <= 6 or not words[0][:1].isupper():
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in NON_PERSON_WORDS or w in DAY_NAMES for w in lowered):
        return False
    key = _key(name)
    if any(t in key or (len(key) >= 5 and key in t) for t in tokens):
        return False  # "Tim detikcom", "KOMPAS.com", "Antara"
    return all(w[:1].isupper() or lw in NAME_PARTICLES for w, lw in zip(words, lowered, strict=True))


def _byline_names(page: _Page, start: int) -> tuple[list[str], list[str]]:
    """``Penulis: X`` / ``Reporter: X`` / ``Oleh X`` and ``Editor: Y`` lines in the visible text."""
    authors: list[str] = []
    editors: list[str] = []
    segs = page.segments
    for i in range(max(0, start), len(segs)):
        m = _BYLINE.match(segs[i]) if len(segs[i]) <= 200 else None
        if not m:
            continue
        word = m.group("role").lower()
        if word in ("oleh", "by") and len(segs[i]) > 60:
            continue  # "Oleh karena itu, ..." is prose, not a byline
        rest = m.group("rest").strip(" :")
        if not rest and i + 1 < len(segs) and len(segs[i + 1]) <= 100:
            rest = segs[i + 1].strip(" :")  # a table or a <b>: "Editor" | ": Y"
        text = f"{m.group('role')}: {rest}"  # "Oleh X" labelled as "Oleh: X"
        authors = authors or clean_names(text, page.tokens, role="author")
        editors = editors or clean_names(text, page.tokens, role="editor")
        if authors and editors:
            break
    return authors, editors



_NAME_DASH_SITE = re.compile(r"^(?P<name>[^-–|:]{2,60}?) ?[-–] ?(?P<site>\S{3,40})$")


def _name_site_byline(page: _Page, head: int) -> list[str]:
    """``Fino Yurio Kristo - detikinet`` just under the headline: a name, a dash, the outlet."""
    segs = page.segments
    for i in range(head + 1, min(head + 12, len(segs))):
        pair = segs[i] + (" " + segs[i + 1] if i + 1 < len(segs) else "")
        for text in (segs[i], pair):
            m = _NAME_DASH_SITE.match(text[:120])
            site = _key(m.group("site")) if m else ""
            if site and any(t in site or site in t for t in page.tokens):
                name = m.group("name").strip()
                return [name] if _is_person(name, page.tokens) else []
    return []


def _element_names(nodes: list) -> list[str]:
    """Texts of byline elements (a nested ``itemprop=name`` wins); <meta>/<link> are read elsewhere."""
    out = []
    for node in nodes[:10]:
        if node.tag in ("meta", "link"):
            continue
        inner = node.css_first("[itemprop=name]")
        target = inner if inner is not None else node
        text = target.attributes.get("content") if target.tag == "meta" else target.text(deep=True)
        if text:
            out.append(text)
    return out


def _people(page: _Page, ld: dict, head: int) -> tuple[list[str], list[str]]:
    """Authors and editors. An author source that only names the editors is passed over."""
    tokens = page.tokens
    visible_authors, visible_editors = _byline_names(page, head - 40 if head >= 0 else 0)
    editor_sources = [
        _element_names(page.profile_nodes("editors")),
        page.meta(*EDITOR_KEYS),
        _ld_persons(ld.get("editor")),
        _element_names(page.css("[itemprop=editor]")),
    ]
    editors: list[str] = []
    for source in editor_sources:
        editors = _dedupe(n for raw in source for n in clean_names(raw, tokens, role="editor"))
        if editors:
            break
    editors = editors or visible_editors
    author_sources = [
        _element_names(page.profile_nodes("authors")),
        _ld_persons(ld.get("author")),
        *([value] for value in page.meta(*AUTHOR_KEYS)),
        _element_names(page.css("[itemprop=author]")),
        _ld_persons(ld.get("creator")),
    ]
    fallback: list[str] = []
    editor_keys = {n.casefold() for n in editors}
    dash_byline = _name_site_byline(page, head) if head >= 0 else []
    for source in [*author_sources, visible_authors, dash_byline]:
        names = _dedupe(n for raw in source for n in clean_names(raw, tokens))
        fallback = fallback or names
        names = [n for n in names if n.casefold() not in editor_keys]
        if names:
            return names, editors
    return fallback, editors


def _dedupe(items) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


# -- times ------------------------------------------------------------------------------------------

# A stamp a CMS formatted by hand ("2015-11-05 T10:08:58Z", "2023-11-02T20-59-53Z"): its "Z" is a
# literal, usually stuck on local time. Well-formed ISO with Z is taken at its word.
_HAND_MADE_STAMP = re.compile(r"\d[ \t]+T\d|T\d{1,2}-\d{2}")


@dataclass(frozen=True, slots=True)
class _Stamp:
    parsed: ParsedDate
    raw: str


def _parse_value(raw: str | None) -> _Stamp | None:
    raw = (raw or "").strip()[:200]
    if not raw or raw.isdigit():
        return None  # epoch numbers are not dates the page prints; skip them
    parsed = parse_iso(raw) or parse_datetime(raw)
    return _Stamp(parsed, raw) if parsed else None


def _node_stamps(nodes: list) -> list[_Stamp]:
    out = []
    for node in nodes[:5]:
        attrs = node.attributes
        for raw in (attrs.get("datetime"), attrs.get("content"), node.text(deep=True)):
            stamp = _parse_value(raw)
            if stamp:
                out.append(stamp)
                break
    return out


def _stamps(page: _Page, ld: dict, which: str) -> list[_Stamp]:
    """Machine-given candidates for ``published`` or ``modified``, most trusted first.

    The profile's date element is not among them: it locates the *printed* date, which
    ``resolve_time`` weighs against these (see ``_shown``).
    """
    if which == "published":
        raws = [ld.get("datePublished"), *page.meta(*PUBLISHED_KEYS)]
        nodes = page.css("[itemprop=datePublished], time[pubdate]")
    else:
        raws = [ld.get("dateModified"), *page.meta(*MODIFIED_KEYS)]
        nodes = page.css("[itemprop=dateModified]")
    out = [s for s in (_parse_value(r) for r in raws if isinstance(r, str)) if s]
    out += _node_stamps([n for n in nodes if n.tag != "meta"])
    return out


def _shown(page: _Page, which: str, near_headline: ParsedDate | None) -> ParsedDate | None:
    """The date the page prints: the profile's element when it has one, else the one near the headline."""
    found = _node_stamps(page.profile_nodes(which))
    return found[0].parsed if found else near_headline


def _same_clock(a: dt.datetime, b: dt.datetime) -> bool:
    return a.replace(tzinfo=None, second=0, microsecond=0) == b.replace(tzinfo=None, second=0, microsecond=0)


def _same_instant(a: dt.datetime, b: dt.datetime) -> bool:
    return abs((a - b).total_seconds()) < 60


def _localise(parsed: ParsedDate, local: bool) -> ParsedDate:
    value = parsed.value
    if local and parsed.has_time and isinstance(value, dt.datetime) and value.tzinfo is None:
        return ParsedDate(value.replace(tzinfo=parse_offset(WIB)), True)
    return parsed


def _day(parsed: ParsedDate) -> dt.date:
    v = parsed.value
    return v.date() if isinstance(v, dt.datetime) else v


def resolve_time(stamps: list[_Stamp], visible: ParsedDate | None, local: bool) -> ParsedDate | None:
    """One time from the machine candidates and the date printed near the headline."""
    best = next((s for s in stamps if s.parsed.has_time), stamps[0] if stamps else None)
    if best is None:
        return _localise(visible, local) if visible else None
    parsed = best.parsed
    if not parsed.has_time:
        if visible and visible.has_time and _day(visible) == parsed.value:
            return _localise(visible, local)
        return parsed
    value: dt.datetime = parsed.value  # type: ignore[assignment]
    shown = visible.value if visible and visible.has_time and visible.value.tzinfo else None
    if value.tzinfo is None:
        if shown is not None and _same_clock(value, shown):
            return ParsedDate(value.replace(tzinfo=shown.tzinfo), True)
        return _localise(parsed, local)
    if shown is not None and _same_instant(value, shown):
        return ParsedDate(value.astimezone(shown.tzinfo), True)  # the page's own zone
    if value.utcoffset() == dt.timedelta(0):
        if shown is not None and _same_clock(value, shown):
            return ParsedDate(value.replace(tzinfo=shown.tzinfo), True)  # a "Z" stuck on local time
        if local and _HAND_MADE_STAMP.search(best.raw):
            return ParsedDate(value.replace(tzinfo=parse_offset(WIB)), True)
        if local:
            return ParsedDate(value.astimezone(parse_offset(WIB)), True)
    return parsed


def _headline_indexes(segments: list[str], ranks: list[int], titles: list[str]) -> list[int]:
    """Segments that hold the headline: those inside an <h1> first, then <h2>/<h3>, then any."""
    keys = [k for k in (_key(t) for t in titles) if len(k) >= 8]
    hits = []
    for i, seg in enumerate(segments):
        k = _key(seg)
        if len(k) >= 8 and any(k == t or (len(k) >= 15 and t.startswith(k)) for t in keys):
            hits.append(i)
            if len(hits) >= 8:
                break
    return sorted(hits, key=lambda i: (ranks[i], i))


@dataclass(slots=True)
class _Visible:
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    head: int = -1       # index of the headline segment, -1 when not found
    text: str = ""       # the text around the headline
    score: int = 10**9   # how far the published date sits from the headline (lower is nearer)


def _window(segments: list[str], i: int) -> tuple[str, int, int]:
    lo, size = i, 0
    while lo > 0 and size < WINDOW_BEFORE:
        lo -= 1
        size += len(segments[lo]) + 1
    hi, size = i + 1, 0
    while hi < len(segments) and size < WINDOW_AFTER:
        size += len(segments[hi]) + 1
        hi += 1
    before = " ".join(segments[lo:i])
    start = len(before) + (1 if before else 0)
    return " ".join(segments[lo:hi]), start, start + len(segments[i])


def _visible_dates(segments: list[str], ranks: list[int], titles: list[str]) -> _Visible:
    """The dates printed nearest the headline, at its most heading-like occurrence that has one."""
    best, best_key = _Visible(), (9, 10**9)
    for i in _headline_indexes(segments, ranks, titles):
        found = _dates_around(segments, i)
        key = (ranks[i], found.score)
        if key < best_key or best.head < 0:
            best, best_key = found, key
    return best


def _dates_around(segments: list[str], i: int) -> _Visible:
    # Score: characters from the headline (before it counts triple: most templates print the date
    # under the headline, teaser lists sit above it), a bare date 300 more than a time.
    text, h0, h1 = _window(segments, i)
    found = _Visible(head=i, text=text)
    mod_score = 10**9
    for a, b, parsed in find_datetimes(text):
        if a < h1 and b > h0:
            continue  # a date inside the headline itself
        cand = (a - h1 if a >= h1 else 3 * (h0 - b)) + (0 if parsed.has_time else 300)
        label = text[max(0, a - 30):a].lower()
        if any(w in label for w in UPDATED_WORDS):
            if cand < mod_score:
                found.modified, mod_score = parsed, cand
        elif cand < found.score:
            found.published, found.score = parsed, cand
    return found


def _is_local(page: _Page, domain: str | None, language: str | None, window: str) -> bool:
    """Whether a zone-less time on this page is Indonesian local time (WIB)."""
    if page.profile is not None or language == "id":
        return True
    if domain and (domain.endswith(".id") or domain in INDONESIAN_OUTLETS or outlet_name(domain)):
        return True
    return bool(re.search(r"\bWI(?:B|TA|T)\b", window))


def _iso(parsed: ParsedDate | None) -> str | None:
    return parsed.iso() if parsed else None


# -- the rest ------------------------------------------------------------------------------------------

def _first_text(values) -> str | None:
    for value in values:
        text = normalise_space(value) if isinstance(value, str) else _ld_text(value)
        if text and "&" in text:
            text = normalise_space(html.unescape(text))  # double-escaped metas: "&amp;nbsp;"
        if text:
            return text
    return None


def _section(page: _Page, ld: dict) -> str | None:
    profile = [n.text(deep=True) for n in page.profile_nodes("section")[:1]]
    crumbs = [i for i in page.ld if "breadcrumblist" in _types(i)]
    crumb = None
    if crumbs:
        elements = crumbs[0].get("itemListElement")
        if isinstance(elements, list) and len(elements) > 1:
            crumb = _ld_text(elements[-1].get("name") or elements[-1].get("item")) if isinstance(
                elements[-1], dict) else None
    section = _first_text([*profile, ld.get("articleSection"), *page.meta(*SECTION_KEYS), crumb or ""])
    return section if section and len(section) <= 80 and not section.startswith("http") else None


def _tags(page: _Page, ld: dict) -> list[str]:
    sources = [
        [n.text(deep=True) for n in page.profile_nodes("tags")[:50]],
        _ld_keywords(ld.get("keywords")),
        page.meta("article:tag"),
        *([v] for v in page.meta("news_keywords")),
        [n.text(deep=True) for n in page.css("[itemprop=keywords]")[:3] if n.tag != "meta"],
        *([v] for v in page.meta("dtk:keywords", "content_tags", "keywords")),
    ]
    for source in sources:
        tags = _dedupe(t for raw in source for t in _split_tags(raw, page.tokens))
        if tags and not _machine_keywords(tags):
            return tags[:50]
    return []


def _machine_keywords(tags: list[str]) -> bool:
    """A keyword list cut from the article's words ("cover, about, of, ..."), not chosen by an editor."""
    stop = sum(t.lower() in ID_STOPWORDS or t.lower() in EN_STOPWORDS for t in tags)
    return len(tags) > 40 or stop > 0  # no editor tags a story "of" or "yang"


def _split_tags(raw: str, tokens: set[str]) -> list[str]:
    out = []
    for piece in (raw or "")[:3000].split(","):
        tag = normalise_space(piece).strip(" #")
        key = _key(tag)
        if not tag or len(tag) > 80 or ":" in tag or tag.lower() in FILLER_TAGS:
            continue
        if key in tokens:
            continue  # the outlet's own name is not a topic
        out.append(tag)
    return out


def _image(page: _Page, ld: dict) -> str | None:
    node = page.tree.css_first("link[rel=image_src]")
    candidates = [*page.meta("og:image", "og:image:url", "og:image:secure_url")[:1], _ld_url(ld.get("image")),
                  *page.meta("twitter:image", "twitter:image:src")[:1],
                  node.attributes.get("href") if node else None]
    for c in candidates:
        if c and re.match(r"^(?:https?:)?//|^/", c) and "http:http" not in c:
            return urljoin(page.url, c) if page.url else c
    return None


def _link(page: _Page, selector: str) -> str | None:
    node = page.tree.css_first(selector)
    href = (node.attributes.get("href") or "").strip() if node else ""
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return None
    return urljoin(page.url, href) if page.url else href


def _canonical(page: _Page, ld: dict) -> str | None:
    found = _link(page, "link[rel=canonical]")
    if found:
        return found
    main = ld.get("mainEntityOfPage")
    for value in [*page.meta("og:url")[:1], ld.get("url"), main.get("@id") if isinstance(main, dict) else main]:
        if isinstance(value, str) and re.match(r"^https?://", value.strip()):
            return value.strip()
    return None


def _next_page(page: _Page) -> str | None:
    for node in page.profile_nodes("next_page")[:1]:
        href = (node.attributes.get("href") or "").strip()
        if href:
            return urljoin(page.url, href) if page.url else href
    # Only the <head> link: an <a rel=next> is as often an index or comment pager as the article's.
    return _link(page, "link[rel=next]")


def _site_name(page: _Page, ld: dict, domain: str | None) -> str | None:
    publisher = ld.get("publisher")
    profile_name = page.profile.outlet_name(domain) if page.profile else None
    return _first_text([*page.meta("og:site_name")[:1], _ld_text(publisher) if publisher else None,
                        profile_name or "", outlet_name(domain) or "",
                        domain.split(".")[0].capitalize() if domain else ""])


# -- the stage -----------------------------------------------------------------------------------------

def extract_metadata(tree, *, url: str | None = None, profile: Profile | None = None) -> Metadata:
    """Title, times, people, section, tags, description, image and language of an HTML page."""
    warnings: list[str] = []
    segments, ranks = _read_segments(tree)
    page = _Page(tree, profile, url, _read_metas(tree), _read_jsonld(tree, warnings), segments, ranks, warnings)
    ld = _ld_article(page.ld)
    canonical = _canonical(page, ld)
    domain = _registrable(_host(url) or _host(canonical))
    site = _site_name(page, ld, domain)
    page.tokens = _site_tokens(domain, [site, _ld_text(ld.get("publisher")), *page.meta("og:site_name")[:1]])
    title = _title(page, ld, page.tokens)
    if title is None:
        warnings.append("title: none found")
    visible = _visible_dates(page.segments, page.ranks, [title] if title else _heading_texts(page)[:1])
    sample = " ".join(filter(None, [title, visible.text or " ".join(page.segments[:300])]))
    language = _language(page, sample)
    local = _is_local(page, domain, language, visible.text)
    # Machine stamps (seconds, an explicit offset) outrank the printed date, which settles the zone
    # and stands in when there is no stamp. A profile's date selector says where that printed date is.
    shown = _shown(page, "published", visible.published)
    published = resolve_time(_stamps(page, ld, "published"), shown, local)
    modified = resolve_time(_stamps(page, ld, "modified"), _shown(page, "modified", visible.modified), local)
    _check_times(published, shown, warnings)
    authors, editors = _people(page, ld, visible.head)
    description = _first_text([*page.meta("og:description", "description")[:1], ld.get("description"),
                               *page.meta("twitter:description")[:1]])
    return Metadata(
        title=title, canonical_url=canonical, site_name=site, domain=domain,
        published=_iso(published), modified=_iso(modified), authors=authors, section=_section(page, ld),
        tags=_tags(page, ld), description=description, image=_image(page, ld), language=language,
        next_page_url=_next_page(page), warnings=warnings, editors=editors,
    )


def _check_times(chosen: ParsedDate | None, shown: ParsedDate | None, warnings: list[str]) -> None:
    if chosen is None:
        warnings.append("published: no date found")
        return
    if shown is None or not (chosen.has_time and shown.has_time):
        return
    a, b = chosen.value, shown.value
    if a.tzinfo and b.tzinfo and not _same_instant(a, b):  # type: ignore[union-attr]
        warnings.append(f"published: metadata says {chosen.iso()}, the page shows {shown.iso()}")
