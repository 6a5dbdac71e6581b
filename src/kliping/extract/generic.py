"""The article body of a page with an unknown layout, as blocks in reading order.

Three steps on a private copy of the tree:

1. clean: drop what is never article text — scripts, forms, hidden elements, navigation, share
   bars, comments, captions, ads, related lists — by tag and by class/id words (``_kind``);
2. choose: score containers readability-style from the paragraphs they hold, with a bonus for
   the containers that content-management systems name as the article body, and take the best
   one with its parts (same-class siblings or cousins split by images and ads);
3. read: walk the container and cut its text into blocks (``_Reader``), then drop link lists.

Every step is a few CSS queries and one pass over the nodes that matter; per-node Python work
is kept to attribute look-ups and cached regex decisions (one per distinct class string).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin

from kliping.extract.blocks import Block

# ---------------------------------------------------------------------------- rules as data
# Elements that never hold article text; removed with everything inside.
DROP_TAGS = [
    "script", "style", "noscript", "template", "iframe", "svg", "math", "button", "select",
    "textarea", "input", "object", "embed", "canvas", "video", "audio", "map", "dialog",
    "figcaption", "head", "title", "meta", "link",
]
# Hidden elements go first, even around a content container (microdata copies of the body).
HIDDEN_SELECTOR = (
    "[hidden], [aria-hidden=true], [style*='display:none' i], [style*='display: none' i], "
    "[style*='visibility:hidden' i]"
)
# Page furniture by tag or role: dropped unless it holds the content container.
LAYOUT_SELECTOR = (
    "nav, aside, footer, header, form, [role=navigation], [role=complementary], "
    "[role=contentinfo], [role=banner], [role=dialog], [role=alert]"
)
ITEMPROP_BODY = "[itemprop=articleBody], [itemprop=articlebody]"
CONTENT_TAGS = "article, main, [role=main], [itemprop=text]"
# Score bonus of a container: schema.org articleBody > a CMS body class > <article>/<main>.
BONUS_ITEMPROP, BONUS_CLASS, BONUS_TAG = 2.0, 1.6, 1.25

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


def _alternation(words: tuple[str, ...]) -> str:
    """Regex alternatives grouped by first letter: Python's re tries far fewer branches per position."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(sorted(rest, key=len, reverse=True))})"
                    for first, rest in sorted(groups.items()))


_END = r"(?=[\s_-]|$)"
# One scan finds every listed word that starts a segment; _kind weighs what it found.
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

# Reading: elements that start a new block; everything else is inline.
BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table thead "
    "tbody tfoot tr figure figcaption header footer aside nav address center details summary hr "
    "caption fieldset legend hgroup menu form body html".split()
)
KEPT_TAGS = frozenset("p h2 h3 h4 h5 h6 li pre blockquote".split())
# Scoring: paragraphs credit their parent; text right inside these credits the element itself.
UNIT_SELECTOR = "p, pre, blockquote, td, div, section, article, font, span"
TEXT_HOLDERS = frozenset("div section article font td span".split())
MIN_UNIT_CHARS = 25
LINK_LIST_DENSITY = 0.9   # a block this much inside links is a link, not prose
AD_LABELS = frozenset(("advertisement", "advert", "ad", "sponsored"))  # a whole block saying only this
DATELINE_MAX = 40         # "Jakarta -" alone before the first paragraph joins it

_COMMAS = re.compile(r"[,，、]")
_PLAIN_TAG = re.compile(r"[a-z][a-z0-9-]*\Z")
_URLISH = re.compile(r"://|www\.|@|\.(?:com|id|org|net)\b")
_DASH_END = ("-", "–", "—")

# What a class string says (bit flags): a body container, boilerplate, a comment section, a teaser
# box, or weak boilerplate (kept on inline elements: "a.inner-link-tag" is a word of a sentence).
_CONTENT, _BOILER, _COMMENTS, _TEASER, _WEAK = 1, 2, 4, 8, 16
INLINE_TAGS = frozenset("a span b strong em i u s font small big sup sub abbr mark code time cite q label".split())


# ---------------------------------------------------------------------------- public API
def extract_blocks(tree, *, url: str | None = None) -> list[Block]:
    """Find the article's main content on an unknown layout and return its blocks in reading order."""
    work = tree.clone()  # cleaning mutates; the caller may still read metadata from its tree
    root = work.body
    if root is None:
        return []
    headlines = _headlines(tree)
    work.strip_tags(DROP_TAGS, recursive=True)
    bonus = _clean(root)
    read: list[tuple[Block, int]] = []
    for part in _main_parts(root, bonus):
        read += _Reader(part, url, headlines).read()
    return _tidy(read)


def blocks_from(node, *, url: str | None = None) -> list[Block]:
    """Blocks inside an already-known body container (used by outlet profiles that name the container)."""
    headlines = _headlines(node.parser)  # the page's headline h1, when it sits in the container
    work = node.clone()  # the caller's tree stays as it was
    work.strip_tags(DROP_TAGS, recursive=True)
    _clean(work, keep_root=work.mem_id)
    return _tidy(_Reader(work, url, headlines).read())


# ---------------------------------------------------------------------------- 1. clean
def _clean(root, keep_root: int | None = None) -> dict[int, float]:
    """Remove non-content elements in place; return the score bonus of content containers."""
    half = len(root.text()) / 2
    _remove([n for n in root.css(HIDDEN_SELECTOR) if len(n.text()) < half], keep_root)
    bonus: dict[int, float] = {}
    named, boiler = [], []
    for node in root.css("[class], [id]"):
        attrs = node.attributes
        kind = _kind(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower())
        if kind & _CONTENT:
            named.append(node)
            bonus[node.mem_id] = BONUS_CLASS
        elif kind:
            boiler.append((node, kind))
    for node in root.css(CONTENT_TAGS):
        bonus.setdefault(node.mem_id, BONUS_TAG)
    itemprop = root.css(ITEMPROP_BODY)
    for node in itemprop:
        bonus[node.mem_id] = BONUS_ITEMPROP
    anchors = [n for n in itemprop if len(n.text()) > 200] or [n for n in named if len(n.text()) > 200]
    keep = _ancestors(anchors)
    doomed = [n for n in root.css(LAYOUT_SELECTOR) if n.mem_id not in keep]
    headline = root.css_first("h1")
    keep |= _ancestors([headline] if headline is not None else [])  # its wrapper wraps the article
    wraps_text = _ancestors(_longest_paragraphs(root))  # the longest paragraphs are the article's
    comments = set()
    for node, kind in boiler:
        if node.mem_id in keep or node.tag in ("body", "html"):
            continue
        if kind & _COMMENTS:
            comments.add(node.mem_id)
        elif node.mem_id in wraps_text:
            continue
        elif kind == _WEAK and node.tag in INLINE_TAGS:
            continue
        elif kind == _TEASER and len({a.attributes.get("href") for a in node.css("a")}) < 2:
            continue
        doomed.append(node)
    # A word match on a wrapper of most of the page's text is more likely a false positive (a
    # "has-sidebar" layout) than boilerplate, except for a comment section.
    _remove([n for n in doomed if n.mem_id in comments or len(n.text()) < half], keep_root)
    return bonus


@lru_cache(maxsize=32768)
def _kind(words: str) -> int:
    """What a "class id" string says, as _CONTENT/_BOILER/_COMMENTS/_TEASER/_WEAK flags."""
    content = boiler = teaser = weak = content_word = False
    for m in _RE_WORDS.finditer(words):
        group = m.lastgroup
        if group == "cm":
            return _BOILER | _COMMENTS
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
        return _CONTENT
    if boiler or "caption" in words:  # newsCaption, imgcaption
        return _BOILER
    if teaser:
        return _TEASER
    return _WEAK if weak and not content_word else 0


def _longest_paragraphs(root, count: int = 3) -> list:
    """The parents of the longest <p> of the page (rarely in a sidebar or a menu)."""
    sized = sorted(((len(p.text()), i, p) for i, p in enumerate(root.css("p"))), reverse=True)
    return [p.parent for size, _, p in sized[:count] if size >= 150 and p.parent is not None]


def _ancestors(nodes: list) -> set[int]:
    """mem_ids of the nodes and all their ancestors (nodes compare by HTML; identity is mem_id)."""
    out: set[int] = set()
    for node in nodes:
        while node is not None and node.mem_id not in out:
            out.add(node.mem_id)
            node = node.parent
    return out


def _remove(nodes: list, keep: int | None = None) -> None:
    """Decompose nodes, outermost only: a node inside a removed one is freed with it."""
    for node in _outermost([n for n in nodes if n.mem_id != keep]):
        node.decompose()


def _outermost(nodes: list) -> list:
    """The nodes that are not inside another of the nodes, in the given order; memoised walks
    keep it linear however deep the tree."""
    inside = {node.mem_id for node in nodes}  # grows: elements with one of the nodes above them
    clear: set[int] = set()  # elements with none of the nodes above them
    out = []
    for node in nodes:
        path = []
        up = node.parent
        while up is not None and up.mem_id not in inside and up.mem_id not in clear:
            path.append(up.mem_id)
            up = up.parent
        if up is None or up.mem_id in clear:
            clear.update(path)
            out.append(node)
        else:
            inside.update(path)
    return out


# ---------------------------------------------------------------------------- 2. choose
def _main_parts(root, bonus: dict[int, float]) -> list:
    """The container of the article, or its parts in document order."""
    scores: dict[int, float] = {}
    nodes: dict[int, object] = {}
    for unit in root.css(UNIT_SELECTOR):
        if unit.tag in TEXT_HOLDERS:
            # Text right inside a container (old portals: text and <br> in a div) credits it.
            text = unit.text(deep=False, strip=True)
            up = unit
        else:
            text = unit.text(strip=True)
            up = unit.parent
        if len(text) < MIN_UNIT_CHARS:
            continue
        score = 1.0 + len(_COMMAS.findall(text, 0, 2000)) + min(len(text) / 100, 3.0)
        # readability's decay: the parent gets it all, the grandparent half, then a sixth
        for weight in (1.0, 0.5, 1 / 6):
            if up is None or up.tag == "html":
                break
            key = up.mem_id
            nodes[key] = up
            scores[key] = scores.get(key, 0.0) + score * weight
            up = up.parent
    if not scores:
        return [root]
    top = sorted(scores.items(), key=lambda kv: -kv[1])[:10]
    ranked = sorted(
        ((score * (1.0 - _link_density(nodes[key])) * bonus.get(key, 1.0), key) for key, score in top),
        reverse=True,
    )
    best_score, best_key = ranked[0]
    best = nodes[best_key]
    parts = _same_class_parts(root, best, scores)
    return parts if len(parts) > 1 else _with_siblings(best, scores, best_score)


def _link_density(node) -> float:
    total = len(node.text(strip=True))
    if not total:
        return 1.0
    return min(sum(len(a.text(strip=True)) for a in node.css("a")) / total, 1.0)


def _same_class_parts(root, best, scores: dict[int, float]) -> list:
    """Elements with the best container's tag and class, in document order: an article cut into
    parts by images, pull quotes or ads (``div.post__content`` five times) reads as all of them."""
    cls = best.attributes.get("class") or ""
    if not cls.strip() or any(c in cls for c in "\"\\\n") or not _PLAIN_TAG.match(best.tag or ""):
        return [best]  # nothing to match on, or a name that cannot go into a selector as is
    found = [n for n in root.css(f'{best.tag}[class="{cls}"]') if scores.get(n.mem_id, 0.0) >= 3.0]
    out = [n for n in _outermost(found) if _link_density(n) < 0.5]
    return out if any(n.mem_id == best.mem_id for n in out) else [best]


def _with_siblings(best, scores: dict[int, float], best_score: float) -> list:
    """The best container and those siblings that read like more of the article."""
    parent = best.parent
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    out = []
    for sib in parent.iter():
        if sib.mem_id == best.mem_id:
            out.append(sib)
        elif scores.get(sib.mem_id, 0.0) >= threshold and _link_density(sib) < 0.25:
            out.append(sib)
        elif sib.tag == "p" and len(sib.text(strip=True)) > 80 and _link_density(sib) < 0.25:
            out.append(sib)
    return out


def _headlines(tree) -> tuple[str, ...]:
    """The headline as og:title, <title> and the first <h1> give it, normalised, lower-cased."""
    found = []
    node = tree.css_first("meta[property='og:title']")
    if node is not None:
        found.append(node.attributes.get("content") or "")
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            found.append(node.text())
    return tuple(t for t in (_norm(x).lower() for x in found) if len(t) > 3)


# ---------------------------------------------------------------------------- 3. read
def _norm(text: str) -> str:
    return " ".join(text.split())


class _Reader:
    """Walks a container in document order and cuts its text into blocks.

    A text node belongs to its nearest block-level ancestor (its owner); a block ends where the
    owner changes or at ``<br><br>``. Table cells are read as their row.
    """

    def __init__(self, container, url: str | None, headlines: tuple[str, ...]):
        self.container = container
        self.cid = container.mem_id
        self.url = url
        self.headlines = headlines
        self.blocks: list[tuple[Block, int]] = []  # each with its number of distinct links
        self.texts: list[str] = []
        self.links: dict[str, int] = {}
        self.link_chars = 0
        self.owner = None
        self.brs = 0
        self.memo: dict[int, tuple] = {}

    def read(self) -> list[tuple[Block, int]]:
        for node in self.container.traverse(include_text=True):
            if node.is_text_node:
                self._text(node)
            elif node.tag == "br":
                self.brs += 1
                if self.brs >= 2:
                    self._flush()
                elif self.texts:
                    self.texts.append(" ")
            elif node.tag in ("td", "th") and self.texts:
                self.texts.append(" ")
        self._flush()
        return self.blocks

    def _text(self, node) -> None:
        raw = node.text_content or ""
        if not raw.strip():
            if self.texts:
                self.texts.append(" ")
            return
        owner, href = self._owner_of(node)
        if owner is None:
            return
        if self.owner is not None and owner.mem_id != self.owner.mem_id:
            self._flush()
        self.owner = owner
        self.brs = 0
        self.texts.append(raw)
        if href is not None:
            n = len(raw.strip())
            self.link_chars += n
            self.links[href] = self.links.get(href, 0) + n

    def _owner_of(self, node):
        """The nearest block ancestor of a text node (None in a headline), and the href of the
        nearest link around it; memoised per element, so deep inline nesting costs O(n)."""
        parent = node.parent
        if parent is None:
            return None, None
        memo = self.memo
        path = []
        up = parent
        while up is not None and up.mem_id not in memo:
            path.append(up)
            if up.mem_id == self.cid:
                break
            up = up.parent
        above = memo.get(up.mem_id, (None, None)) if up is not None else (None, None)
        for el in reversed(path):
            tag = el.tag
            owner, href = above
            if tag == "a":
                href = el.attributes.get("href") or ""
            if el.mem_id == self.cid:
                owner = el
            elif tag in BLOCK_TAGS and tag not in ("td", "th"):  # a table cell reads as its row
                owner = None if tag == "h1" and self._is_headline(el) else el
            above = memo[el.mem_id] = (owner, href)
        return memo[parent.mem_id]

    def _is_headline(self, node) -> bool:
        text = _norm(node.text()).lower()
        return bool(text) and any(text in h or h in text for h in self.headlines)

    def _flush(self) -> None:
        self.brs = 0
        if self.texts and self.owner is not None:
            text = _norm("".join(self.texts))
            if text:
                self.blocks.append((self._block(text, self.owner), len(self.links)))
        self.texts = []
        self.links = {}
        self.link_chars = 0
        self.owner = None

    def _block(self, text: str, owner) -> Block:
        chars = len(text) - text.count(" ") or 1
        density = min(self.link_chars / chars, 1.0)
        href = None
        if self.links:
            top, n = max(self.links.items(), key=lambda kv: kv[1])
            if top and n >= 0.5 * chars:
                href = urljoin(self.url, top) if self.url else top
        return Block(text=text, tag=self._tag(owner), href=href, link_density=round(density, 3),
                     hint=self._hint(owner))

    def _tag(self, owner) -> str:
        """p, h2–h6, li, pre, blockquote (anything inside one), td (a table row) or div."""
        up = owner
        for _ in range(4):
            if up is None or up.mem_id == self.cid:
                break
            if up.tag == "blockquote":
                return "blockquote"
            up = up.parent
        tag = owner.tag or "div"
        if tag in KEPT_TAGS:
            return tag
        return {"tr": "td", "h1": "h2", "dd": "p", "dt": "p"}.get(tag, "div")

    def _hint(self, owner) -> str:
        """Lower-cased class/id words of the owner and up to two ancestors inside the container."""
        words = []
        up = owner
        for _ in range(3):
            if up is None or up.mem_id == self.cid:
                break
            attrs = up.attributes
            found = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
            if found:
                words.append(found.lower())
            up = up.parent
        return " ".join(words)


# ---------------------------------------------------------------------------- tidy
def _tidy(read: list[tuple[Block, int]]) -> list[Block]:
    """Drop link lists and ad labels; join a dangling dateline to the paragraph after it."""
    return _join_datelines(_drop_link_lists(read))


def _is_link_item(block: Block) -> bool:
    # A linked URL or address ("www.example.org") is contact information, not a teaser.
    return block.link_density >= LINK_LIST_DENSITY and not _URLISH.search(block.text)


def _drop_link_lists(read: list[tuple[Block, int]]) -> list[Block]:
    """Drop related-article lists — runs of two or more all-link blocks, or one block of several
    links — with a short label before them ("More stories"), and bare ad labels. A single linked
    line, like an inline read-also teaser, stays."""
    out: list[Block] = []
    i = 0
    while i < len(read):
        j = i
        while j < len(read) and _is_link_item(read[j][0]):
            j += 1
        if j - i >= 2 or (j > i and read[i][1] >= 2):
            if out and len(out[-1].text) <= 50 and out[-1].link_density < LINK_LIST_DENSITY:
                out.pop()
            i = max(j, i + 1)
            continue
        block = read[i][0]
        if block.text.lower() not in AD_LABELS:
            out.append(block)
        i += 1
    return out


def _join_datelines(blocks: list[Block]) -> list[Block]:
    """"Jakarta -" as its own block (a <strong> before the first <p>) joins the next paragraph."""
    out: list[Block] = []
    for block in blocks:
        if out and _is_dateline(out[-1]) and block.tag in ("p", "div"):
            head = out.pop()
            block.text = f"{head.text} {block.text}"
        out.append(block)
    return out


def _is_dateline(block: Block) -> bool:
    return len(block.text) <= DATELINE_MAX and block.text.endswith(_DASH_END) and not block.href
