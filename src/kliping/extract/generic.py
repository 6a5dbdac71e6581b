"""The article body of a page with an unknown layout, as blocks in reading order.

Three steps on a private copy of the tree: (1) drop what is never article text (scripts, forms,
navigation, share bars, comments, captions, ads, related lists), by tag and by class/id words;
(2) score containers readability-style from the paragraphs they hold, with a bonus for the
containers that content-management systems name as the article body, and take the best one with
its sibling parts; (3) read the container's blocks in order (``blocks_from``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from kliping.extract.blocks import Block

# ---------------------------------------------------------------- rules as data
# Elements that never hold article text; removed with everything inside.
DROP_TAGS = [
    "script", "style", "noscript", "template", "iframe", "svg", "math", "button", "select", "textarea",
    "input", "object", "embed", "canvas", "video", "audio", "map", "dialog", "figcaption", "head",
    "title", "meta", "link",
]
# Removed unless they hold the page's content anchor (see CONTENT_SELECTORS).
DROP_SELECTOR = (
    "nav, aside, footer, header, form, [role=navigation], [role=complementary], [role=contentinfo], "
    "[role=banner], [role=dialog], [role=alert]"
)
# Hidden elements: removed first, even around a content container (microdata copies of the body).
HIDDEN_SELECTOR = (
    "[hidden], [aria-hidden=true], [style*='display:none' i], [style*='display: none' i], "
    "[style*='visibility:hidden' i]"
)
# Containers that CMSes use for the article body, strongest first (a bonus in scoring).
CONTENT_SELECTORS = (
    "[itemprop=articleBody], [itemprop=articlebody]",
    "[class*=article-body i], [class*=article__body i], [class*=articleBody i], [class*=article_body i], "
    "[class*=story-body i], [class*=story__body i], [class*=storyBody i], [class*=post-content i], "
    "[class*=post-body i], [class*=post__content i], [class*=entry-content i], [class*=article-content i], "
    "[class*=article__content i], [class*=articleContent i], [class*=article-text i], "
    "[class*=detail__body-text i], [class*=read__content i], [class*=txt-article i], "
    "[class*=content-detail i], [class*=detail-text i], [class*=itp_bodycontent i], [id=isi], "
    "[id*=article-body i], [id*=articleBody i], [id*=story-body i], [id*=content_news i], "
    "[id*=articlecontent i], [id*=article-content i], [class*=text_detail i], [class*=read-text i], "
    "[class*=body-text i], [class*=bodytext i], [class*=rich-text i], [class*=richtext i]",
    "article, main, [role=main], [itemprop=text]",
)
# class/id words of boilerplate, matched on the lower-cased "class id" string. A class name is
# cut into segments at '-' and '_'. Strong words count at the start of any segment ("share" hits
# "post-share" and "sharebar"); exact words must be a whole segment ("ad" hits "top-ad", not
# "address"); weak words must be a whole first or last segment of a name ("widget-area" but not
# "elementor-widget-wrap") and lose to a content word in the same string.
_STRONG_PREFIXES = (
    "comment(?!ar)|komentar|disqus|share|sharing|addthis|social|sosmed|related|terkait|recommend|"
    "rekomendasi|newsletter|subscri|paywall|cookie|consent|gdpr|breadcrumb|sidebar|advert|adsense|"
    "adsbygoogle|outbrain|taboola|sponsor|popup|pagination|trending|promo|terpopuler|populer|popular|"
    "most-?read|more-?stories"
)
_STRONG_EXACT = "ad|ads|adv|advt|dfp|gpt|modal|overlay|pager|paging|lightbox"
_WEAK = (
    "nav|navbar|navigation|menu|footer|header|masthead|widget|widgets|tags|tag|topics|keywords|"
    "caption|credit|credits|byline|author|authors|meta|print|email|hidden|skip|toolbar|banner|"
    "wp-caption-text|sr-only|screen-reader-text|visually-hidden|visuallyhidden|bio|share"
)
STRONG_WORDS = re.compile(
    rf"(?:^|[\s_-])(?:{_STRONG_PREFIXES})|(?:^|[\s_-])(?<!no-)(?<!non-)(?:{_STRONG_EXACT})(?=[\s_-]|$)"
)
COMMENT_WORDS = re.compile(r"(?:^|[\s_-])(?:comment(?!ar)|komentar|disqus)")
WEAK_WORDS = re.compile(rf"(?:^|\s)(?:{_WEAK})(?=[\s_-]|$)|[_-](?:{_WEAK})(?=\s|$)")
CONTENT_WORDS = re.compile(
    r"(?:^|[\s_-])(?:article|artikel|content|konten|entry|post|story|body|main|text|isi|berita|"
    r"detail)(?=[\s_-]|$)"
)

BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table thead "
    "tbody tfoot tr figure figcaption header footer aside nav address center details summary hr "
    "caption fieldset legend hgroup menu form body html".split()
)
HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
_SPACE = re.compile(r"\s+")
_COMMAS = re.compile(r"[,，、]")


# ---------------------------------------------------------------- public API
def extract_blocks(tree, *, url: str | None = None) -> list[Block]:
    """Find the article's main content on an unknown layout and return its blocks in reading order."""
    work = tree.clone()  # pruning mutates; the caller may still read metadata from its tree
    root = work.body
    if root is None:
        return []
    title = _page_title(tree)
    _prune(work, root)
    parts = _main_parts(root)
    if not parts:
        return []
    blocks: list[Block] = []
    for part in parts:
        blocks += blocks_from(part, url=url, title=title)
    return blocks


def blocks_from(node, *, url: str | None = None, title: tuple[str, ...] = ()) -> list[Block]:
    """Blocks inside an already-known body container (used by outlet profiles that name the container)."""
    reader = _Reader(node, url, title)
    reader.read()
    return reader.blocks


# ---------------------------------------------------------------- step 1: pruning
def _prune(work, root) -> None:
    """Remove non-content elements in place."""
    work.strip_tags(DROP_TAGS, recursive=True)
    half = len(root.text()) / 2
    _remove([n for n in root.css(HIDDEN_SELECTOR) if len(n.text()) < half])
    keep = _ancestors(_anchors(root))
    doomed = [node for node in root.css(DROP_SELECTOR) if node.mem_id not in keep]
    headline = root.css_first("h1")
    if headline is not None:
        keep |= _ancestors([headline])  # a wrapper of the headline wraps the article too
    # Wrappers of the longest paragraphs hold the article, unless they are a comment section.
    wraps_text = _ancestors(_longest_paragraphs(root))
    for node in root.css("[class], [id]"):
        words = _words(node)
        if not words or node.mem_id in keep or node.tag in ("body", "html"):
            continue
        if node.mem_id in wraps_text and not COMMENT_WORDS.search(words):
            continue
        if STRONG_WORDS.search(words) or (WEAK_WORDS.search(words) and not CONTENT_WORDS.search(words)):
            doomed.append(node)
    # A word match on a wrapper of most of the page's text is more likely a false positive (a
    # "non-ad-column", a "has-sidebar" layout) than boilerplate, except for comment sections.
    _remove([n for n in doomed if COMMENT_WORDS.search(_words(n)) or len(n.text()) < half])


def _anchors(root) -> list:
    for selector in CONTENT_SELECTORS[:2]:
        found = [n for n in root.css(selector) if len(n.text(strip=True)) > 200]
        if found:
            return found
    return []


def _longest_paragraphs(root, count: int = 3) -> list:
    """The parents of the longest <p> of the page (they are rarely in a sidebar or a menu)."""
    sized = sorted(((len(p.text()), i, p) for i, p in enumerate(root.css("p"))), reverse=True)
    return [p.parent for size, i, p in sized[:count] if size >= 150 and p.parent is not None]


def _ancestors(nodes: list) -> set:
    """mem_ids of the nodes and all their ancestors."""
    out: set = set()
    for node in nodes:
        while node is not None and node.mem_id not in out:
            out.add(node.mem_id)
            node = node.parent
    return out


def _words(node) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().strip()


def _remove(nodes: list) -> None:
    """Decompose nodes, outermost only: a node inside a removed one is freed with it."""
    ids = {node.mem_id for node in nodes}
    outermost = []
    for node in nodes:
        up = node.parent
        while up is not None and up.mem_id not in ids:
            up = up.parent
        if up is None:
            outermost.append(node)
    for node in outermost:
        node.decompose()


# ---------------------------------------------------------------- step 2: the container
def _main_parts(root) -> list:
    """The container of the article (and sibling parts of it), best first in document order."""
    scores: dict = {}
    nodes: dict = {}
    for unit in root.css("p, pre, td, blockquote, div, section, article, font, span"):
        if unit.tag in ("div", "section", "article", "font", "span", "td"):
            text = unit.text(deep=False, strip=True)
        else:
            text = unit.text(strip=True)
        length = len(text)
        if length < 25:
            continue
        score = 1.0 + len(_COMMAS.findall(text[:2000])) + min(length / 100, 3.0)
        up, weight = unit.parent, 1.0
        for level in range(3):
            if up is None or up.tag == "html":
                break
            key = up.mem_id
            nodes[key] = up
            scores[key] = scores.get(key, 0.0) + score * weight
            up = up.parent
            weight = 0.5 if level == 0 else 1 / ((level + 1) * 3)
    if not scores:
        return [root]
    bonus_ids = _bonus(root)
    ranked = []
    for key, score in sorted(scores.items(), key=lambda kv: -kv[1])[:10]:
        node = nodes[key]
        score *= 1.0 - _link_density(node)
        score *= bonus_ids.get(key, 1.0)
        ranked.append((score, key))
    ranked.sort(reverse=True)
    best = nodes[ranked[0][1]]
    return _with_siblings(best, scores, ranked[0][0])


def _bonus(root) -> dict:
    out: dict = {}
    for factor, selector in zip((2.0, 1.6, 1.25), CONTENT_SELECTORS):
        for node in root.css(selector):
            out.setdefault(node.mem_id, factor)
    return out


def _link_density(node) -> float:
    total = len(node.text(strip=True))
    if not total:
        return 1.0
    links = sum(len(a.text(strip=True)) for a in node.css("a"))
    return min(links / total, 1.0)


def _with_siblings(best, scores: dict, best_score: float) -> list:
    parent = best.parent
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    out = []
    best_id = best.mem_id
    for sib in parent.iter():
        if sib.mem_id == best_id:
            out.append(sib)
            continue
        score = scores.get(sib.mem_id, 0.0)
        if score >= threshold and _link_density(sib) < 0.25:
            out.append(sib)
        elif sib.tag == "p":
            text = sib.text(strip=True)
            if len(text) > 80 and _link_density(sib) < 0.25:
                out.append(sib)
    return out


def _page_title(tree) -> tuple[str, ...]:
    """The headline candidates: og:title, <title> and the first <h1>, normalised and lower-cased."""
    out = []
    node = tree.css_first("meta[property='og:title']")
    if node is not None:
        out.append(node.attributes.get("content") or "")
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            out.append(node.text())
    return tuple(t for t in (_norm(x).lower() for x in out) if len(t) > 3)


# ---------------------------------------------------------------- step 3: blocks
def _norm(text: str) -> str:
    return " ".join(text.split())


class _Reader:
    """Walks a container in document order and cuts its text into blocks."""

    def __init__(self, container, url: str | None, title: tuple[str, ...]):
        self.container = container
        self._cid = container.mem_id
        self.url = url
        self.title = title
        self.blocks: list[Block] = []
        self._texts: list[str] = []
        self._link_chars = 0
        self._links: dict[str, int] = {}
        self._owner = None
        self._brs = 0

    def read(self) -> None:
        container = self.container
        for node in container.traverse(include_text=True):
            if node.is_text_node:
                self._text(node)
            elif node.tag == "br":
                self._brs += 1
                if self._brs >= 2:
                    self._flush()
                elif self._texts:
                    self._texts.append(" ")
            elif node.tag in ("td", "th") and self._texts:
                self._texts.append(" ")
        self._flush()

    def _text(self, node) -> None:
        raw = node.text_content or ""
        if not raw.strip():
            if self._texts:
                self._texts.append(" ")
            return
        owner, href = self._owner_of(node)
        if owner is None:
            return
        if self._owner is not None and owner.mem_id != self._owner.mem_id:
            self._flush()
        self._owner = owner
        self._brs = 0
        self._texts.append(raw)
        if href is not None:
            n = len(raw.strip())
            self._link_chars += n
            self._links[href] = self._links.get(href, 0) + n

    def _owner_of(self, node):
        """The nearest block ancestor of a text node, and the href of an enclosing link."""
        href = None
        up = node.parent
        cid = self._cid
        while up is not None:
            tag = up.tag
            if tag == "a" and href is None:
                href = up.attributes.get("href") or ""
            if tag in BLOCK_TAGS or up.mem_id == cid:
                if tag == "h1" and self._skip_h1(up):
                    return None, None
                if tag in ("td", "th"):
                    up = up.parent
                    continue
                return up, href
            up = up.parent
        return None, None

    def _skip_h1(self, node) -> bool:
        text = _norm(node.text()).lower()
        return any(text in t or t in text for t in self.title if t) if text else False

    def _flush(self) -> None:
        self._brs = 0
        if not self._texts:
            self._owner = None
            return
        text = _norm("".join(self._texts))
        owner = self._owner
        if text and owner is not None:
            self.blocks.append(self._block(text, owner))
        self._texts = []
        self._link_chars = 0
        self._links = {}
        self._owner = None

    def _block(self, text: str, owner) -> Block:
        chars = len(text.replace(" ", "")) or 1
        density = min(self._link_chars / chars, 1.0) if self._link_chars else 0.0
        href = None
        if self._links:
            top, n = max(self._links.items(), key=lambda kv: kv[1])
            if n >= 0.5 * chars and top:
                href = urljoin(self.url, top) if self.url else top
        return Block(text=text, tag=self._tag(owner), href=href, link_density=round(density, 3),
                     hint=self._hint(owner))

    def _tag(self, owner) -> str:
        tag = owner.tag or "div"
        up = owner
        for _ in range(4):
            if up is None or up.mem_id == self._cid:
                break
            if up.tag == "blockquote":
                return "blockquote"
            up = up.parent
        if tag in HEADINGS or tag in ("p", "li", "pre", "blockquote"):
            return tag
        if tag == "tr":
            return "td"
        if tag == "h1":
            return "h2"
        return "div" if tag != "dd" else "p"

    def _hint(self, owner) -> str:
        words = []
        up = owner
        for _ in range(3):
            if up is None or up.mem_id == self._cid:
                break
            w = _words(up)
            if w:
                words.append(w)
            up = up.parent
        return " ".join(words)
