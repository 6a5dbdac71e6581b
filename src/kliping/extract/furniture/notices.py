"""Syndication notices: ``Artikel ini telah tayang di X dengan judul …`` closing a story, read and cut off.

A notice gives the source outlet, the original title, its URL and date (``Syndication``); when it
reads ``Dilansir PortalKalteng.com dari …`` it also names the page's own outlet.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...article import Syndication
from ..dates import parse_datetime
from ..textutil import normalise_space, short
from .credits import take_notice_credits
from .phrases import CLOSE, NOTICE_MAX, TAIL, URL, outlet_of, rules
from .walk import Ctx


def cut_notice(ctx: Ctx, text: str, low: str | None, links: tuple[tuple[str, str], ...] = ()) -> str:
    """Cut a syndication notice (and everything after it) off the end of a paragraph.

    ``low`` is the block's ``shortcuts.lowered`` text: without a notice's opening words, nothing to do.
    """
    if not rules().notice_needles.found_in(low):
        return text
    base = max(0, len(text) - TAIL)
    for m in rules().notice_start.finditer(text, base):
        if len(text) - m.start() > NOTICE_MAX:
            ctx.warn(f"syndication_uncertain: notice-like words inside prose kept: {short(text[m.start():])}")
            continue
        parsed = _parse_notice(ctx, text[m.start():])
        if parsed is None:
            continue
        notice, roles = parsed
        if notice.source_url is None and notice.source_title and links:
            notice = _with_linked_title(notice, links)
        # The credits after a notice are the source's: they are cut with it (see take_notice_credits).
        removed = f"{notice.notice or ''} {roles.strip(' ()')}" if roles else notice.notice or ""
        ctx.cut("syndication_notice", removed, notice.source_url)
        if ctx.out.syndication is None:
            ctx.out.syndication = notice
        else:
            ctx.warn(f"syndication: a second notice removed: {short(notice.notice or '')}")
        if roles:
            take_notice_credits(ctx, roles)
        return text[: m.start()].rstrip()
    return text


def _with_linked_title(notice: Syndication, links: tuple[tuple[str, str], ...]) -> Syndication:
    """The notice's URL from the link whose text is its original title (PRMN links the title)."""
    want = normalise_space(notice.source_title or "").casefold().strip(" .\"'“”")
    for text, href in links:
        got = text.casefold().strip(" .\"'“”")
        if len(got) >= 12 and (got == want or want.startswith(got) or got.startswith(want)):
            return replace(notice, source_url=href)
    return notice


_DILANSIR = re.compile(r"^\(?\s*dilansir\s+", re.I)
_JUDUL = re.compile(r"\s*,?\s+dengan\s+judul(?:\s+artikel)?\s*:?\s*", re.I)
_PADA = re.compile(r"\s*,?\s+pada\s+|\s*,\s+", re.I)
_SRC_END = re.compile(r"[,;(]|\.(?:\s|$)|\s+(?:pada|dengan|yang|untuk|dan|serta|sebelumnya)\s", re.I)
_DARI = re.compile(r"(?:^|\s)dari\s+", re.I)


def _parse_notice(ctx: Ctx, window: str) -> tuple[Syndication, str] | None:
    """Read a notice: its source outlet, the original title, URL and date; None if not a notice."""
    window = window[:TAIL]
    own, start = _notice_head(window)
    if start is None:
        return None
    judul = _JUDUL.search(window, start, start + 250)
    if own is not None and not judul:
        return None  # "Dilansir Kompas.com dari BBC, …" without "dengan judul" is a citation in prose
    if judul:
        middle = window[start: judul.start()]
        title, after = _notice_title(window[judul.end():])
    else:
        end = _SRC_END.search(window, start, start + 120)
        middle = window[start: end.start() if end else start + 120]
        title, after = None, window[start + len(middle):]
    source, when = _split_when(middle)
    url_m = URL.search(after[:1000])
    url = url_m.group().rstrip(".,;)") if url_m else None
    role_m = rules().roles.search(after[:1000])
    roles = after[role_m.start():] if role_m else ""
    notice = normalise_space(window[: len(window) - len(roles)]).strip(" ()")
    published = parse_datetime(when, default_offset=ctx.offset) if when else None
    if own:
        ctx.out.outlet_name, ctx.out.outlet_domain = outlet_of(own)
    source = rules().source_filler.sub("", source.strip(" ,.;:\"'“”")) or None
    return Syndication(source, title, url, published.iso() if published else None, notice), roles


def _notice_head(window: str) -> tuple[str | None, int | None]:
    """Where the notice's source starts, and the copy's own outlet ("" when it does not name it)."""
    m = _DILANSIR.match(window)
    if m:
        dari = _DARI.search(window[m.end(): m.end() + 100])
        if not dari:
            return None, None
        return window[m.end(): m.end() + dari.start()].strip(" ,"), m.end() + dari.end()
    m = rules().notice_verb.match(window)
    return None, (m.end() if m else None)


def _split_when(middle: str) -> tuple[str, str]:
    """``Pikiran-Rakyat.com pada Kamis, 16 Desember 2021`` -> (source, when)."""
    m = _PADA.search(middle)
    if not m:
        return middle.strip(), ""
    return middle[: m.start()].strip(), middle[m.end():].strip()


def _notice_title(rest: str) -> tuple[str | None, str]:
    """The original title after ``dengan judul``: quoted, or up to a URL/credit/end."""
    if rest[:1] in CLOSE:
        close = rest.find(CLOSE[rest[0]], 1)
        if close > 1:
            return normalise_space(rest[1:close]) or None, rest[close + 1:]
    stop = rules().title_stop.search(rest)
    title = rest[: stop.start()] if stop else rest
    after = rest[stop.start():] if stop else ""
    return normalise_space(title).strip(" ,.;:-–—\"'") or None, after


