"""The unit extraction works on: a block of text in reading order, from HTML or from scraped text.

HTML extraction (``generic.py`` or an outlet profile) turns the page's main content into blocks;
the Indonesian rules (``furniture.py``) then decide which blocks are article paragraphs and which
are read-also teasers, notices, credits or page furniture. Scraped text gives blocks too, one per
paragraph, so both kinds of input share one set of rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Block:
    text: str                 # whitespace-normalised text of the block
    tag: str = "p"            # p, h2..h6, li, blockquote, pre, div, td, figcaption, text
    href: str | None = None   # the link target when the block is (mostly) one link, e.g. a read-also teaser
    link_density: float = 0.0 # share of the text that sits inside <a>
    hint: str = ""            # lower-cased class/id words of the block and its near ancestors
    # (text, absolute href) of the links inside the block, in reading order (at most MAX_LINKS): a
    # notice's linked original title gives the source URL even when the link is a small part of the text.
    links: tuple[tuple[str, str], ...] = ()


MAX_LINKS = 16

