"""Read-also teasers: ``Baca Juga: Judul`` blocks, a bare label with its links, and teasers glued to prose."""

from __future__ import annotations

from ..textutil import short
from .phrases import (
    HEADLINE,
    LABEL_STRIP,
    SHORT,
    TAIL,
    all_labels,
    headline_like,
    hinted,
    label,
    rules,
)
from .shortcuts import opens_with
from .walk import Ctx


def read_also_block(ctx: Ctx, i: int) -> int:
    """``Baca Juga: Judul`` teasers, and a bare label followed by its link(s)."""
    b = ctx.items[i]
    if ctx.label(i) in rules().words("read_also", "list_labels"):
        return _label_and_links(ctx, i)
    # The teaser label opens the block: most blocks open with another word and skip the regex.
    m = rules().read_prefix.match(b.text[:200]) if opens_with(ctx.opening(i), rules().read_heads) else None
    if not m:
        return 0
    rest = b.text[m.end():].strip()
    if not rest.strip(LABEL_STRIP):
        return _label_and_links(ctx, i)
    word = (m.group("p") or m.group("c") or "").casefold()
    strong = bool(m.group("csep") or m.group("sep")) or label(word) in rules().words("read_also", "strong")
    if not strong and not (headline_like(rest) or b.href):
        ctx.warn(f"read_also_uncertain: kept a block that opens like a teaser: {short(b.text)}")
        return 0
    if len(rest) > SHORT:
        ctx.warn(f"read_also_long: removed a {len(rest)}-character teaser block: {short(rest)}")
    ctx.cut("read_also", rest, b.href)
    return 1


def _label_and_links(ctx: Ctx, i: int) -> int:
    """A label alone ("Baca Juga:") owns the next link block(s) or the next headline."""
    j = i + 1
    while j < len(ctx.items):
        nb = ctx.items[j]
        linked = nb.href is not None or hinted(nb.hint, "read_also")
        if not (linked or (j == i + 1 and headline_like(nb.text) and ctx.label(j) not in all_labels())):
            break
        m = rules().read_prefix.match(nb.text[:200])
        ctx.cut("read_also", nb.text[m.end():] if m else nb.text, nb.href)
        j += 1
        if not linked:
            break
    if j == i + 1:
        ctx.cut("read_also", "")
    if ctx.label(i) in rules().words("read_also", "list_labels"):
        ctx.mode = "related"
    return j - i


def cut_inline_read_also(ctx: Ctx, text: str, low: str | None) -> str:
    """``… kata dia. Baca juga: Judul`` at the end of a paragraph: the teaser goes.

    ``low`` is the block's ``shortcuts.lowered`` text (``text`` is a prefix of the block): a teaser
    label needs its colon, and prose seldom has ``baca:``.
    """
    if not rules().inline_read_needles.found_in(low):
        return text
    base = max(0, len(text) - TAIL)
    m = rules().read_inline.search(text, base)
    while m and m.start() == 0:
        m = rules().read_inline.search(text, m.end())
    if not m:
        return text
    tail = text[m.start():].strip()
    if len(tail) > HEADLINE + 30:
        ctx.warn(f"read_also_inline_kept: a teaser label inside prose kept: {short(tail)}")
        return text
    pm = rules().read_prefix.match(tail)
    ctx.cut("read_also", tail[pm.end():] if pm else tail)
    return text[: m.start()].rstrip()
