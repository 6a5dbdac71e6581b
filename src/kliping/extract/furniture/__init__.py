"""Indonesian page furniture: which blocks are the article, and what everything else is.

``clean()`` walks the blocks of a page in reading order (from HTML or from scraped text) and sorts
them into article paragraphs and ``Removed`` pieces with a reason: read-also teasers, syndication
notices, bylines and editor lines, tags, navigation, promos, captions, footers. The phrase tables
live in ``furniture.toml`` (compiled in ``phrases``); the rules live beside this module: ``chrome``
(menus, pagers, tags, promos, footers), ``captions``, ``teasers`` (read-also), ``notices``
(syndication), ``credits`` (bylines, names) and ``datelines``. Most blocks are plain prose: the
exact cheap tests in ``shortcuts`` let them skip the big case-blind phrase regexes.
When a rule is unsure it keeps the text and says so in ``warnings``: prose is never dropped quietly.
Pages in other languages pass through the same rules: what counts as a sentence end (``。`` ``！``)
and as a word (Chinese and Japanese put no spaces between words) comes from ``textutil``.
"""

from __future__ import annotations

from ...article import Removed, Syndication
from ..blocks import Block
from ..textutil import (
    SENTENCE_END_OTHER,
    WORDS_SCAN,
    normalise_space,
    repair_punctuation,
    short,
    unspaced_letters,
    word_count,
)
from . import captions, chrome, credits, teasers
from .credits import clean_names
from .datelines import split_dateline
from .notices import cut_notice
from .phrases import ONLY_MARKS, SHORT, URL, all_labels, key, label, only, outlet_of, rules
from .shortcuts import lowered
from .walk import Cleaned, Ctx

__all__ = ["Cleaned", "clean", "clean_names", "looks_like_furniture", "outlet_of", "rules", "split_dateline"]


def looks_like_furniture(line: str) -> bool:
    """Whether one line of text opens or is a piece of furniture (teaser, credit, label, source)."""
    if not line or len(line) > SHORT:
        return False
    r = rules()
    return bool(
        r.read_prefix.match(line[:200]) or r.roles.match(line) or credits.source_line_match(line)
        or label(line) in all_labels() or chrome.PAGE_NUMBERS.match(line) or only(r.nav_only, line)
        or line.casefold().startswith(r.caption_prefixes)
    )


def clean(blocks: list[Block], *, title: str | None = None, host: str | None = None,
          default_offset: str | None = "+07:00") -> Cleaned:
    """Split a page's blocks into article paragraphs and the furniture cut out of them."""
    items = [b for b in map(_normalised, blocks) if b.text]
    ctx = Ctx(Cleaned(), items, key(title), host.lower() if host else None, default_offset)
    i = 0
    while i < len(items):
        i += _step(ctx, i)
    _finish(ctx)
    return ctx.out


def _normalised(b: Block) -> Block:
    """The block with its text normalised and its hint lower-cased (the block itself if it already is)."""
    text, hint = normalise_space(b.text), (b.hint or "").lower()
    if text == b.text and hint == b.hint:
        return b  # the rules never change a block: sharing it is safe, and spares a copy per block
    return Block(text, b.tag, b.href, b.link_density, hint)


# The block rules, in the order they are tried; a block no rule takes is a paragraph.
_HANDLERS = (chrome.marker, chrome.title, credits.code_block, chrome.by_hint, teasers.read_also_block, chrome.paging,
             chrome.navigation, chrome.tags, chrome.promo, chrome.footer, captions.caption_block, credits.role_block,
             credits.source_block, chrome.in_mode)


def _step(ctx: Ctx, i: int) -> int:
    """Handle block ``i`` (and any blocks it owns); return how many blocks were used."""
    for handler in _HANDLERS:
        used = handler(ctx, i)
        if used:
            return used
    _paragraph(ctx, ctx.items[i])
    return 1


# -- inside a paragraph: notices, teasers and credits glued to prose ------------------------------

def _paragraph(ctx: Ctx, b: Block) -> None:
    low = lowered(b.text)  # for the cheap "could this hold a notice / teaser / credit?" tests
    text = cut_notice(ctx, b.text, low, b.links)
    text = teasers.cut_inline_read_also(ctx, text, low)
    text = credits.cut_tail_credits(ctx, text, low)
    text = text.rstrip(" *")  # "***" closing marks (rstrip, not a regex: linear on "* * * …")
    if text is not b.text:  # an uncut b.text is normalised already (and normalise_space is idempotent)
        text = normalise_space(text)
    text = repair_punctuation(text)
    if text and not ONLY_MARKS.match(text[:50]):
        ctx.out.paragraphs.append(text)
        ctx.para_at.append(len(ctx.out.removed))
        ctx.prose_seen = ctx.prose_seen or _prose_like(text)
        ctx.mode = ""


# What a sentence ends with, in Latin text and in other scripts (``。`` ``！`` ``।`` ``」``…).
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", *SENTENCE_END_OTHER)
# A line ending with one of these goes on in the next block: never furniture.
_GOES_ON = (":", ",", ";", "：", "，", "；", "、")
_UNSPACED_ITEM = 8  # in a text written without spaces, menu items are short runs between spaces


def _prose_like(text: str) -> bool:
    """A sentence, not a menu item: ends like a sentence, or is long and not a run of Capitalised Words."""
    if text.endswith(_SENTENCE_END):
        return True
    words = text[:WORDS_SCAN].split()
    unspaced = unspaced_letters(text)  # 0 for Latin text: word_count is then len(words)
    if len(text) <= 150 and (len(words) if unspaced <= len(words) else word_count(text)) < 15:
        return False
    if unspaced > len(words):
        # Chinese, Japanese, Thai: no capitals to tell a menu by, but a menu is short items between
        # spaces, and prose runs on for many letters between them.
        has_stop = any(map(text.__contains__, SENTENCE_END_OTHER))
        return has_stop or len(text[:WORDS_SCAN]) >= _UNSPACED_ITEM * len(words)
    capitalised = sum(w[:1].isupper() for w in words)
    return ". " in text or capitalised < 0.8 * len(words)


def _edge_furniture(text: str) -> bool:
    """A short line that is not a sentence: menu items and labels around the article."""
    return (len(text) <= 100 and word_count(text) <= 12 and not _prose_like(text)
            and not text.endswith(_GOES_ON) and not any(q in text for q in '"“”「」'))


def _sentence_case(text: str) -> bool:
    """``Selamat jalan, Pak Rahmat``: a capital first word and mostly lower-case words after it.

    Headlines and menus are Title Case, tag lists are all lower-case; a sentence-case line without a
    full stop may be the article's own last words, so it is kept. Scripts without capitals say it
    with a clause comma (``、`` ``，``), which menus and headlines seldom hold.
    """
    words = [w for w in text.split() if w[:1].isalpha()]
    if unspaced_letters(text) > len(words):
        return "、" in text or "，" in text
    if len(words) < 4 or not words[0][:1].isupper():
        return False
    return sum(w[:1].islower() for w in words[1:]) >= 0.5 * (len(words) - 1)


# -- the end --------------------------------------------------------------------------------------

def _finish(ctx: Ctx) -> None:
    _trim_edges(ctx)
    _source_syndication(ctx)


def _trim_edges(ctx: Ctx) -> None:
    """Menu lines before the first and after the last real paragraph go; the dateline comes off."""
    paras, at = ctx.out.paragraphs, ctx.para_at
    prose = [k for k, p in enumerate(paras) if _prose_like(p)]
    first, last = (prose[0], prose[-1]) if prose else (0, len(paras) - 1)
    kept: list[tuple[str, int]] = []
    inserts: list[tuple[int, Removed]] = []
    for k, text in enumerate(paras):
        edge = (k < first or k > last) and _edge_furniture(text)
        if edge and _sentence_case(text):
            ctx.warn(f"kept_edge_line: a sentence-like line outside the article kept: {short(text)}")
            edge = False
        if k <= first and ctx.out.dateline is None:
            dateline, rest = split_dateline(text)
            # From a menu-like line only when the line is nothing but the dateline ("NASIONAL - Politik").
            if dateline and (not edge or not rest):
                ctx.out.dateline = dateline
                inserts.append((at[k], Removed("dateline", dateline)))
                text, edge = rest, False
        if edge:
            inserts.append((at[k], Removed("navigation", text)))
        elif text:
            kept.append((text, at[k]))
    for pos, removed in reversed(inserts):
        ctx.out.removed.insert(pos, removed)
    ctx.out.paragraphs = [text for text, _ in kept]


def _source_syndication(ctx: Ctx) -> None:
    """A lone ``Sumber: X`` is the declared origin when no notice said more."""
    if ctx.out.syndication is not None or not ctx.sources:
        return
    own = {ctx.host or "", ctx.out.outlet_domain or ""} - {""}
    for line, value in ctx.sources:
        low = value.casefold()
        if any(o in low or low in o for o in own):
            continue
        url = value if URL.match(value) else None
        ctx.out.syndication = Syndication(None if url else value, None, url, None, normalise_space(line))
        return
