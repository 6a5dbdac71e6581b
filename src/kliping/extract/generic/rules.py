"""The generic extractor's rules as data: what to drop by tag, which class/id words mark a body
container or boilerplate, and the thresholds of scoring and reading; ``kind`` reads a class string.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------- tags and attributes
# Elements that never hold article text; removed with everything inside. Elements that hold no
# text at all (input, meta, link, embed; a template's content is not in the tree) are left alone:
# removing them would change nothing but the time taken.
DROP_TAGS = frozenset((
    "script", "style", "noscript", "iframe", "svg", "math", "button", "select", "textarea",
    "object", "canvas", "video", "audio", "map", "dialog", "figcaption", "title",
))
# Page furniture by tag or role: dropped unless it wraps the article. A form or a dialog may wrap
# a whole article (ASP.NET pages, article overlays), so a CMS-named body container inside one
# saves it; in a nav, header, footer or aside such a container is a teaser card's.
FURNITURE, WRAPPER = 1, 2
LAYOUT_TAGS = {
    "nav": FURNITURE, "aside": FURNITURE, "footer": FURNITURE, "header": FURNITURE, "form": WRAPPER,
}
LAYOUT_ROLES = {
    "navigation": FURNITURE, "complementary": FURNITURE, "contentinfo": FURNITURE, "banner": FURNITURE,
    "dialog": WRAPPER, "alert": WRAPPER,
}
# Containers named by markup: <article>/<main>, role=main and itemprop=text; schema.org's
# articleBody counts more.
MARKUP_TAGS = frozenset(("article", "main"))
ITEMPROP_BODY = frozenset(("articleBody", "articlebody"))
# Hidden elements go first, even around a content container (microdata copies of the body):
# [hidden], [aria-hidden=true], or a style with display:none or visibility:hidden (ASCII case
# folded, as CSS's [style*=... i] does).
HIDDEN_STYLE = re.compile(r"display: ?none|visibility:hidden", re.I | re.A)
ITEMPROP_SELECTOR = "[itemprop=articleBody], [itemprop=articlebody]"
# First walk: what goes before anything is judged (dropped tags, hidden elements), and what
# protects its wrappers from it: the paragraphs, the headline, schema.org's articleBody. Hidden
# elements are found by their attributes and told apart by their values (cheaper than letting
# CSS compare the values on every element).
FIRST_SELECTOR = (
    ", ".join(sorted(DROP_TAGS)) + ", [hidden], [aria-hidden], [style], p, h1, " + ITEMPROP_SELECTOR
)
# Second walk: every element with a class or id, once (a selector list reports a node once per
# selector it matches), and the furniture and body containers named by markup, in document order.
SCAN_SELECTOR = (
    "[class], [id]:not([class]), :not([class], [id]):is("
    + ", ".join(sorted(LAYOUT_TAGS.keys() | MARKUP_TAGS)) + ", [role], [itemprop])"
)
# Score bonus of a container: schema.org articleBody > a CMS body class > <article>/<main>.
BONUS_ITEMPROP, BONUS_CLASS, BONUS_TAG = 2.0, 1.6, 1.25
ANCHOR_CHARS = 200  # a named body container with less text is a teaser card, not the article
WRAPPED_PARAGRAPHS, WRAPPED_MIN_CHARS = 3, 150  # the page's longest paragraphs are the article's
CLASS_CHARS = 1000  # of a class or id attribute, read and cached; real ones are far shorter

# ---------------------------------------------------------------------------- class/id words
# class/id of the body containers of common CMSes and news templates (Indonesian ones too);
# "-" stands for any run of '-' and '_' (or none) in a class name.
CONTENT_CLASS_NAMES = (
    "article-body", "story-body", "post-content", "post-body", "entry-content", "article-content",
    "article-text", "body-text", "rich-text", "field-name-body", "itp-bodycontent", "detail-body",
    "detail-text", "content-detail", "read-content", "read-text", "txt-article", "text-detail",
    "content-news", "isi-berita",
)
# Boilerplate words, matched on the lower-cased "class id" string, where a class name is cut into
# segments at '-' and '_'. STRONG words count at the start of any segment ("share" hits
# "post-share" and "sharebar"); EXACT words must be a whole segment ("ad" hits "top-ad", not
# "address" or "non-ad-column"); WEAK words must be the whole first or last segment of a name
# ("widget-area", not "elementor-widget-wrap") and lose to a content word in the same string.
COMMENT_PREFIXES = ("comment(?!ar)", "komentar", "disqus")
# Teaser words: a box of several links goes; a single teaser line ("p.related-news" holding one
# "Baca juga" link) stays for the read-also rules downstream.
TEASER_PREFIXES = (
    "related", "terkait", "recommend", "rekomendasi", "trending", "terpopuler", "populer",
    "popular", "most-?read", "more-?stories",
)
STRONG_PREFIXES = (
    "share", "sharing", "addthis", "social", "sosmed", "newsletter", "subscri", "paywall", "cookie",
    "consent", "gdpr", "breadcrumb", "sidebar", "advert", "adsense", "adsbygoogle", "outbrain",
    "taboola", "sponsor", "popup", "pagination", "promo", "rollover", "tooltip", "popover",
    "hovercard", "noscript",
)
EXACT_WORDS = ("ad", "ads", "adv", "advt", "dfp", "gpt", "modal", "overlay", "pager", "paging", "lightbox")
WEAK_WORDS = (
    "nav", "navbar", "navigation", "menu", "footer", "header", "masthead", "widget", "widgets",
    "tags", "tag", "topics", "keywords", "caption", "credit", "credits", "byline", "author",
    "authors", "meta", "print", "email", "hidden", "skip", "toolbar", "banner", "wp-caption-text",
    "sr-only", "screen-reader-text", "visually-hidden", "visuallyhidden", "bio", "share", "date",
    "tanggal", "timestamp", "pubdate",
)
CONTENT_WORDS = (
    "article", "artikel", "content", "konten", "entry", "post", "story", "body", "main", "text",
    "isi", "berita", "detail",
)
# Weak boilerplate on these stays: "a.inner-link-tag" is a word of a sentence.
INLINE_TAGS = frozenset(
    "a span b strong em i u s font small big sup sub abbr mark code time cite q label".split()
)

# ---------------------------------------------------------------------------- scoring and reading
# Scoring: paragraphs credit their parent; text right inside these credits the element itself.
UNIT_SELECTOR = "p, pre, blockquote, td, div, section, article, font, span"
TEXT_HOLDERS = frozenset("div section article font td span".split())
MIN_UNIT_CHARS = 25
COMMA_SPAN = 2000         # commas counted in a unit's first characters
TOP_CANDIDATES = 10       # containers ranked with their link density
# Reading: elements that start a new block; everything else is inline.
BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table thead "
    "tbody tfoot tr figure figcaption header footer aside nav address center details summary hr "
    "caption fieldset legend hgroup menu form body html".split()
)
KEPT_TAGS = frozenset("p h2 h3 h4 h5 h6 li pre blockquote".split())
BLOCK_TAG_AS = {"tr": "td", "h1": "h2", "dd": "p", "dt": "p"}  # anything else not kept reads as div
LINK_LIST_DENSITY = 0.9   # a block this much inside links is a link, not prose
AD_LABELS = frozenset(("advertisement", "advert", "ad", "sponsored"))  # a whole block saying only this
DATELINE_MAX = 40         # "Jakarta -" alone before the first paragraph joins it

# What a class string says (bit flags): a body container, boilerplate, a comment section, a teaser
# box, or weak boilerplate (kept on inline elements).
CONTENT, BOILER, COMMENTS, TEASER, WEAK = 1, 2, 4, 8, 16


def _alternation(words: tuple[str, ...]) -> str:
    """Regex alternatives grouped by first letter: Python's re tries far fewer branches per position."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(sorted(rest, key=len, reverse=True))})"
                    for first, rest in sorted(groups.items()))


_END = r"(?=[\s_-]|$)"
# One scan finds every listed word that starts a segment; kind() weighs what it found.
_RE_WORDS = re.compile(
    r"(?<![a-z0-9])(?:"
    rf"(?P<cc>{_alternation(tuple(w.replace('-', '[-_]*') for w in CONTENT_CLASS_NAMES))})"
    rf"|(?P<cm>{_alternation(COMMENT_PREFIXES)})"
    rf"|(?P<tz>{_alternation(TEASER_PREFIXES)})"
    rf"|(?P<st>{_alternation(STRONG_PREFIXES)})"
    rf"|(?<!no-)(?<!non-)(?P<ex>{_alternation(EXACT_WORDS)}){_END}"
    rf"|(?P<wk>{_alternation(WEAK_WORDS)}){_END}"
    rf"|(?P<cw>{_alternation(CONTENT_WORDS)}){_END}"
    r")"
)
_RE_ID_ISI = re.compile(r"(?<![\w-])isi$")  # id="isi", the body of older detik pages


# (class, id) -> kind, for the pages to come too: a page repeats a few hundred class strings over
# thousands of elements, and a site repeats its templates. Long strings are read but not kept.
KINDS: dict[tuple[str | None, str | None], int] = {}
KINDS_KEPT = 32768


def kind_of(cls: str | None, ident: str | None) -> int:
    """What an element's class and id attributes say, as CONTENT/BOILER/COMMENTS/TEASER/WEAK flags."""
    key = (cls, ident)
    found = KINDS.get(key)
    return found if found is not None else kind_missing(key)


def kind_missing(key: tuple[str | None, str | None]) -> int:
    """kind_of for a (class, id) pair not in KINDS yet; keeps it there when it is short."""
    cls, ident = key
    long = (cls is not None and len(cls) > CLASS_CHARS) or (ident is not None and len(ident) > CLASS_CHARS)
    found = kind(f"{(cls or '')[:CLASS_CHARS]} {(ident or '')[:CLASS_CHARS]}".lower())
    if not long:
        if len(KINDS) >= KINDS_KEPT:
            KINDS.clear()
        KINDS[key] = found
    return found


def kind(words: str) -> int:
    """What a lower-cased "class id" string says, as CONTENT/BOILER/COMMENTS/TEASER/WEAK flags."""
    content = boiler = teaser = weak = content_word = False
    for m in _RE_WORDS.finditer(words):
        group = m.lastgroup
        if group == "cm":
            return BOILER | COMMENTS
        if group == "cc":
            content = True
        elif group in ("st", "ex"):
            boiler = True
        elif group == "tz":
            teaser = True
        elif group == "cw":
            content_word = True
        elif not weak:  # a weak word counts as the first or last segment of a class name
            start, end = m.span()
            weak = (start == 0 or words[start - 1] == " ") or (end == len(words) or words[end] == " ")
    if content or _RE_ID_ISI.search(words):
        return CONTENT
    if boiler or "caption" in words:  # newsCaption, imgcaption
        return BOILER
    if teaser:
        return TEASER
    return WEAK if weak and not content_word else 0
