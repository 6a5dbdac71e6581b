"""Step 3 of the generic extractor: read a cleaned container as blocks, then drop link lists.

A text node belongs to its nearest block-level ancestor (its owner); a block ends where the owner
changes or at ``<br><br>``. Table cells are read as their row. What a text node's owner and link
are is memoised per element, and a block's tag and hint per owner, so the walk costs a few
dictionary look-ups per node however deep the inline nesting.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kliping.extract.blocks import MAX_LINKS, Block
from kliping.extract.generic.rules import (
    AD_LABELS,
    BLOCK_TAG_AS,
    BLOCK_TAGS,
    DATELINE_MAX,
    KEPT_TAGS,
    LINK_LIST_DENSITY,
)
from kliping.extract.textutil import join_url

__all__ = ["read", "tidy", "norm"]

_URLISH = re.compile(r"://|www\.|@|\.(?:com|id|org|net)\b")
_DASH_END = ("-", "–", "—")
_AD_LABEL_MAX = max(map(len, AD_LABELS))
_OUTSIDE = (None, 0, None)  # owner, its mem_id, href of text outside any owner


def norm(text: str) -> str:
    """Whitespace runs as single spaces, ends stripped."""
    return " ".join(text.split())


Headlines = tuple[str, ...] | Callable[[], tuple[str, ...]]


def read(container, url: str | None, headlines: Headlines) -> list[tuple[Block, int]]:
    """The blocks of a container in document order, each with its number of distinct links.

    ``headlines`` (normalised, lower-cased; or a function that gives them when first needed)
    tell the page's headline <h1> from a heading of the article: the headline is not read.
    """
    return _Reader(container, url, headlines).read()


class _Reader:
    """One walk over a container; the block being read is kept in locals of ``read``."""

    def __init__(self, container, url: str | None, headlines: Headlines):
        self.container = container
        self.cid = container.mem_id
        self.url = url
        self.headlines = headlines
        self.blocks: list[tuple[Block, int]] = []
        self.owners: dict[int, tuple] = {}  # element mem_id -> (owner, owner mem_id, href)
        self.described: dict[int, tuple[str, str]] = {}  # owner mem_id -> (block tag, hint)
        self.words: dict[int, str] = {}  # element mem_id -> its lower-cased "class id" words
        self.contexts: dict[int, tuple] = {}  # parent mem_id -> what it adds to a description

    def read(self) -> list[tuple[Block, int]]:
        texts: list[str] = []
        links: dict[str, int] = {}
        link_texts: dict[str, str] = {}
        link_chars = brs = owner_id = 0
        owner = None
        owners = self.owners
        for node in self.container.traverse(include_text=True):
            tag = node.tag
            if tag == "-text":
                raw = node.text_content or ""
                if not raw or raw.isspace():
                    if texts:
                        texts.append(" ")
                    continue
                parent = node.parent
                found = owners.get(parent.mem_id) if parent is not None else _OUTSIDE
                if found is None:
                    found = self._owner_of(parent)
                if found[0] is None:
                    continue
                if owner is not None and found[1] != owner_id:
                    self._flush(texts, owner, owner_id, links, link_chars, link_texts)
                    texts, links, link_chars, link_texts = [], {}, 0, {}
                owner, owner_id, href = found
                brs = 0
                texts.append(raw)
                if href is not None:
                    n = len(raw.strip())
                    link_chars += n
                    links[href] = links.get(href, 0) + n
                    if len(link_texts) < MAX_LINKS or href in link_texts:
                        link_texts[href] = link_texts.get(href, "") + raw
            elif tag == "br":
                brs += 1
                if brs >= 2:
                    self._flush(texts, owner, owner_id, links, link_chars, link_texts)
                    texts, links, link_chars, brs, owner, link_texts = [], {}, 0, 0, None, {}
                elif texts:
                    texts.append(" ")
            elif (tag == "td" or tag == "th") and texts:
                texts.append(" ")
        self._flush(texts, owner, owner_id, links, link_chars, link_texts)
        return self.blocks

    def _owner_of(self, parent) -> tuple:
        """(owner, owner mem_id, href of the nearest link around) of the text right inside an
        element; no owner inside the headline. Memoised per element, so deep inline nesting
        costs O(n)."""
        memo = self.owners
        path = []
        up = parent
        while up is not None:
            key = up.mem_id
            if key in memo:
                break
            path.append((up, key))
            if key == self.cid:
                break
            up = up.parent
        above = memo.get(up.mem_id, _OUTSIDE) if up is not None else _OUTSIDE
        for el, key in reversed(path):
            tag = el.tag
            owner, owner_id, href = above
            if tag == "a":
                href = el.attributes.get("href") or ""
            if key == self.cid:
                owner, owner_id = el, key
            elif tag in BLOCK_TAGS and tag not in ("td", "th"):  # a table cell reads as its row
                owner, owner_id = (None, 0) if tag == "h1" and self._is_headline(el) else (el, key)
            above = memo[key] = (owner, owner_id, href)
        return above

    def _is_headline(self, node) -> bool:
        if callable(self.headlines):
            self.headlines = self.headlines()
        text = norm(node.text()).lower()
        return bool(text) and any(text in h or h in text for h in self.headlines)

    def _flush(self, texts: list[str], owner, owner_id: int, links: dict[str, int], link_chars: int,
               link_texts: dict[str, str]) -> None:
        if not texts or owner is None:
            return
        words = ("".join(texts) if len(texts) > 1 else texts[0]).split()
        if not words:
            return
        text = " ".join(words)
        chars = len(text) - len(words) + 1  # characters other than the spaces between words
        href = None
        if links:
            top = max(links, key=links.get)  # the first of the longest, as links are met
            if top and links[top] >= 0.5 * chars:
                href = join_url(self.url, top)
        described = self.described.get(owner_id)
        if described is None:
            described = self.described[owner_id] = self._describe(owner, owner_id)
        density = round(min(link_chars / chars, 1.0), 3) if link_chars else 0.0
        inline = tuple(
            (" ".join(t.split()), join_url(self.url, h)) for h, t in link_texts.items() if h
        )
        self.blocks.append((Block(text, described[0], href, density, described[1], inline), len(links)))

    def _describe(self, owner, owner_id: int) -> tuple[str, str]:
        """The tag of a block (p, h2–h6, li, pre, blockquote: anything inside one, td: a table
        row, or div) and its hint: the class/id words of its owner and two ancestors inside the
        container."""
        tag = owner.tag or "div"
        words: tuple[str, ...] = ()
        quoted = False
        if owner_id != self.cid:
            own = self._words(owner, owner_id)
            parent = owner.parent
            above, quoted = self._context(parent) if parent is not None else ((), False)
            words = (own, *above) if own else above
            quoted = quoted or tag == "blockquote"
        if quoted:
            tag = "blockquote"
        elif tag not in KEPT_TAGS:
            tag = BLOCK_TAG_AS.get(tag, "div")
        return tag, " ".join(words)

    def _context(self, parent) -> tuple[tuple[str, ...], bool]:
        """What a block owner's parent adds to its description: the class/id words of the parent
        and grandparent, and whether a blockquote is among the three elements above the owner.
        Memoised: the paragraphs of one container share it."""
        key = parent.mem_id
        found = self.contexts.get(key)
        if found is not None:
            return found
        words = []
        quoted = False
        up = parent
        for level in range(3):
            if up is None:
                break
            up_id = up.mem_id
            if up_id == self.cid:
                break
            if up.tag == "blockquote":
                quoted = True
            if level < 2:
                own = self._words(up, up_id)
                if own:
                    words.append(own)
            up = up.parent
        found = self.contexts[key] = (tuple(words), quoted)
        return found

    def _words(self, element, key: int) -> str:
        """Lower-cased "class id" words of an element, memoised."""
        found = self.words.get(key)
        if found is None:
            attrs = element.attributes
            found = self.words[key] = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip().lower()
        return found


# ---------------------------------------------------------------------------- tidy
def tidy(read: list[tuple[Block, int]]) -> list[Block]:
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
        if len(block.text) > _AD_LABEL_MAX or block.text.lower() not in AD_LABELS:
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
