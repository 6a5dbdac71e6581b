"""Page chrome around an article: menus and section labels, pagers, tags, share/follow promos, footers.

Each rule looks at one block (``Ctx.items[i]``) and returns how many blocks it used (0: not its kind).
"""

from __future__ import annotations

import re

from ..blocks import Block
from ..dates import find_datetimes
from ..textutil import short
from .phrases import (
    DOMAIN,
    LABEL_STRIP,
    ONLY_MARKS,
    SHORT,
    TAG_MAX,
    headline_like,
    hint_sections,
    key,
    nav_labels,
    only,
    rules,
)
from .shortcuts import opens_with
from .walk import Ctx

PAGE_NUMBERS = re.compile(
    r"^(?:(?:halaman|hal\.?|page)\s*:?\s*\d{1,3}(?:\s+\d{1,3}){0,30}|\d{1,3}(?:\s+\d{1,3}){1,30})"
    r"(?:\s*(?:selanjutnya|berikutnya|next|lanjut|»|›|>|\.\.\.))*$", re.I)
_PAGE_HREF = re.compile(
    r"(?:[?&](?:page|halaman|hal|p|pg)=\d{1,3}(?!\d)|/(?:page/|halaman/|hal/)?\d{1,3}/?(?:[?#][^\s]*)?$"
    r"|[-_](?:page|halaman|hal)-?\d{1,3}/?$)", re.I)
_FIRST_PAGE = re.compile(r"(?<!\d)0*1/?(?:[?#][^\s]*)?$")
_HASHTAGS = re.compile(r"^#\w{1,40}(?:\s+#\w{1,40}){0,40}$")
_TAG_SPLIT = re.compile(r"\s*[,|•·;#]\s*")
_COMMENTS = re.compile(r"(?:\d{1,6}\s+)?komentar(?:\s*\(\d{1,6}\))?|\d{1,3}")
_MENU_SEP = re.compile(r"\s[·•|»/]\s|\s-\s")
_MENU_MARK = re.compile(r"[·•|»/-]")
_DIGIT = re.compile(r"\d")
_PAGING_HINTS = frozenset({"pagination", "paging", "pager", "paginasi", "page-numbers", "next-page"})
# The order in which a block's hints are read: a "related" box inside a "footer" is a teaser.
_HINT_ORDER = ("read_also", "caption", "tags", "promo", "footer", "navigation")


def marker(ctx: Ctx, i: int) -> int:
    # "***", "---", "•": separators, not text.
    text = ctx.items[i].text
    return 1 if len(text) < 50 and ONLY_MARKS.match(text) else 0


def title(ctx: Ctx, i: int) -> int:
    # The headline repeated at the top of the body.
    if not ctx.prose_seen and ctx.title_key and key(ctx.items[i].text[:1000]) == ctx.title_key:
        return 1
    return 0


def by_hint(ctx: Ctx, i: int) -> int:
    """Blocks whose class/id words (or tag) say what they are."""
    b = ctx.items[i]
    if b.tag == "figcaption":
        kind = "caption"
    elif b.hint:
        found = hint_sections(b.hint)
        kind = next((s for s in _HINT_ORDER if s in found), None)
    else:
        return 0
    if kind is None:
        return 0
    if len(b.text) > SHORT and not b.href:
        ctx.warn(f"hint_kept: {kind} hint on a long block kept: {short(b.text)}")
        return 0
    if kind == "read_also":
        m = rules().read_prefix.match(b.text)
        ctx.cut("read_also", b.text[m.end():] if m else b.text, b.href)
    elif kind == "tags":
        add_tags(ctx, b.text)
    elif kind == "navigation":
        _maybe_next_page(ctx, b, ctx.label(i))
        ctx.cut("navigation", b.text, b.href)
    else:
        ctx.cut(kind, b.text, b.href)
    return 1


def paging(ctx: Ctx, i: int) -> int:
    """``Halaman selanjutnya``, ``Halaman: 1 2 3``: navigation, and maybe the next page's URL."""
    b = ctx.items[i]
    if ctx.label(i) not in rules().words("navigation", "next_labels") and not PAGE_NUMBERS.match(b.text[:200]):
        return 0
    _maybe_next_page(ctx, b, ctx.label(i))
    ctx.cut("navigation", b.text, b.href)
    return 1


def _maybe_next_page(ctx: Ctx, b: Block, label: str) -> None:
    """Record the next page's URL from a pager link: never page 1, never a breadcrumb or menu link."""
    if ctx.out.next_page_url:
        return
    href = (b.href or "")[:500]
    is_next = label in rules().words("navigation", "next_labels")
    if not href:
        if is_next:
            ctx.warn("multi_page: a next-page label without a link")
        return
    shaped = _PAGE_HREF.search(href)
    if shaped and _FIRST_PAGE.search(shaped.group()):
        return  # a link back to page 1
    pager = bool(_PAGING_HINTS & set(b.hint.split())) or PAGE_NUMBERS.match(b.text[:200]) is not None
    # "Halaman selanjutnya" is unambiguous; a bare "Selanjutnya" may point at the next article.
    if (is_next and label.startswith("halaman")) or (shaped and (is_next or pager)):
        ctx.out.next_page_url = href
        ctx.warn(f"multi_page: next page at {href}")


def navigation(ctx: Ctx, i: int) -> int:
    """Section labels (``Terkini``, ``Terpopuler``), comment boxes, menus made of such labels."""
    b = ctx.items[i]
    label = ctx.label(i)
    if label not in nav_labels() and not _COMMENTS.fullmatch(label):
        if not ((only(rules().nav_only, b.text) and not only(rules().promo_only, b.text))
                or _domain(b.text) or _date_only(b.text) or _menu(b.text)
                or (not ctx.prose_seen and _HASHTAGS.match(b.text[:SHORT]))):
            return 0
    ctx.cut("navigation", b.text, b.href)
    if label in rules().words("navigation", "listing_labels"):
        ctx.mode = "listing"
    return 1


def _domain(text: str) -> bool:
    """``KabarSungai.id`` alone: the site's name, not text (a domain holds no space)."""
    return " " not in text and DOMAIN.match(text) is not None


def _menu(text: str) -> bool:
    """``detikNews · Berita · Kolom · Indeks``: several short items between separators."""
    # Five items need four separators, each with one of these marks: count them before splitting.
    if len(text) > 400 or len(_MENU_MARK.findall(text)) < 4:
        return False
    items = _MENU_SEP.split(text)
    return len(items) >= 5 and all(0 < len(i.split()) <= 4 and not i.endswith(".") for i in items)


def _date_only(text: str) -> bool:
    """A timestamp line of its own (``Kamis, 05 November 2015 | 14:56 WIB``): page chrome."""
    if len(text) > 80 or not _DIGIT.search(text):  # no digit, no date: spare the date patterns
        return False
    found = find_datetimes(text)
    return bool(found) and (found[0][1] - found[0][0]) >= 0.6 * len(text.strip(" |-–—,"))


def tags(ctx: Ctx, i: int) -> int:
    """A ``Tags`` heading (the short blocks after it are tags) or ``Tag: a, b`` inline."""
    b = ctx.items[i]
    labels = rules().words("tags", "labels")
    if ctx.label(i) in labels:
        ctx.cut("tags", b.text)
        ctx.mode = "tags"
        return 1
    head, colon, rest = b.text[:SHORT].partition(":")
    if colon and head.strip().casefold() in labels and len(b.text) <= SHORT:
        add_tags(ctx, rest)
        return 1
    if _HASHTAGS.match(b.text[:SHORT]):
        add_tags(ctx, b.text)
        return 1
    return 0


def add_tags(ctx: Ctx, text: str) -> None:
    ctx.cut("tags", text)
    for tag in _TAG_SPLIT.split(text[:2000]):
        tag = tag.strip(LABEL_STRIP)
        if tag and len(tag) <= TAG_MAX and tag.casefold() not in rules().words("tags", "labels"):
            if tag not in ctx.out.tags:
                ctx.out.tags.append(tag)


def promo(ctx: Ctx, i: int) -> int:
    """Share/follow buttons, ads, "Ikuti kami di Google News" and channel invitations."""
    b = ctx.items[i]
    r = rules()
    if only(r.promo_only, b.text) or (
            len(b.text) <= 400 and opens_with(ctx.opening(i), r.verb_heads) and r.promo_verb.match(b.text)
            and r.promo_channel.search(b.text)):
        ctx.cut("promo", b.text, b.href)
        return 1
    return 0


def footer(ctx: Ctx, i: int) -> int:
    b = ctx.items[i]
    if len(b.text) > SHORT:
        return 0
    low = b.text.casefold()
    if any(map(low.__contains__, rules().words("footer", "markers"))):
        ctx.cut("footer", b.text, b.href)
        return 1
    return 0


def in_mode(ctx: Ctx, i: int) -> int:
    """After a list heading: its links and headlines belong to it; prose ends the list."""
    if not ctx.mode:
        return 0
    b = ctx.items[i]
    if ctx.mode == "tags" and len(b.text) <= TAG_MAX and len(b.text.split()) <= 6 and headline_like(b.text):
        add_tags(ctx, b.text)
        return 1
    if ctx.mode in ("listing", "related") and (b.href or headline_like(b.text)):
        ctx.cut("read_also" if ctx.mode == "related" else "navigation", b.text, b.href)
        return 1
    if ctx.mode == "listing":
        ctx.warn(f"kept_after_furniture: prose after a '{ctx.mode}' section kept: {short(b.text)}")
    ctx.mode = ""
    return 0
