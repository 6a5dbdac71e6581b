#!/usr/bin/env python3
"""Render the demo corpus: the articles in ``demo/articles.txt`` as pages of fictional outlets.

The prose lives in ``articles.txt`` (written by the Kliping team, fictional throughout); this script
dresses each article in the markup of the CMS template its outlet uses (class names as the real
templates print them, which are public facts) and writes ``demo/corpus/<outlet>/<key>.html``.
Run it after editing ``articles.txt``; ``tests/test_demo.py`` checks that the committed pages match.

    .venv/bin/python demo/build_corpus.py          # rewrite demo/corpus
    .venv/bin/python demo/build_corpus.py --check  # exit 1 when demo/corpus is out of date
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles.txt"
CORPUS = HERE / "corpus"

ZONES = {"WIB": timezone(timedelta(hours=7)), "WITA": timezone(timedelta(hours=8))}
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
MON3 = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    domain: str
    layout: str
    zone: str  # WIB / WITA: the time zone the outlet prints
    brand: str  # how the outlet names itself in datelines
    notice: str  # the wording of its syndication notice ({outlet}, {title}, {url})


# Fictional outlets on reserved `.example` domains; `layout` names the CMS template whose markup they use.
OUTLETS = {o.key: o for o in (
    Outlet("kabarnusa", "KabarNusa", "kabarnusa.example", "prmn", "WIB", "KABARNUSA",
           'Artikel ini telah tayang di laman {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("wartaseberang", "WartaSeberang.com", "wartaseberang.example", "tribun", "WITA", "WARTASEBERANG.COM",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}", Klik untuk baca: {url}'),
    Outlet("lintaskota", "LintasKota.com", "lintaskota.example", "kompas", "WIB", "LintasKota.com",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("detaknews", "DetakNews", "detaknews.example", "detik", "WIB", "detakNews",
           'Artikel ini sudah tayang di {outlet} dengan judul "{title}". Baca selengkapnya: {url}'),
    Outlet("warnaku", "Warnaku.com", "warnaku.example", "kly", "WIB", "Warnaku.com",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("suarapesisir", "SuaraPesisir.id", "suarapesisir.example", "suara", "WIB", "SuaraPesisir.id",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("okeberita", "OkeBerita", "okeberita.example", "okezone", "WIB", "OKEBERITA",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("kbn", "Kantor Berita Nusa", "kbnnews.example", "antara", "WIB", "KBN",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("tinta", "Tinta.co", "tinta.example", "tempo", "WIB", "TINTA.CO",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("kanal24", "Kanal24", "kanal24.example", "cnn", "WIB", "Kanal24",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
    Outlet("portalbanua", "Portal Banua", "portalbanua.example", "wordpress", "WITA", "PORTALBANUA",
           'Artikel ini telah tayang di {outlet} dengan judul "{title}". Klik untuk baca: {url}'),
)}


@dataclass
class Item:
    """One article as written in articles.txt (a copy or a second page refers to another item)."""

    key: str
    head: dict[str, str]
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p", text) | ("rel", teaser title)


@dataclass
class Page:
    """One page ready to render."""

    key: str
    outlet: Outlet
    url: str
    title: str
    when: datetime
    section: str
    place: str
    authors: list[str]
    editors: list[str]
    tags: list[str]
    blocks: list[tuple[str, str]]  # ("p", text) | ("rel", title) | ("notice", html) | ("code", editor code)
    page_no: int = 1
    first_url: str | None = None  # page 2: the first page
    next_url: str | None = None  # page 1 of a two-page article: page 2


# -- reading articles.txt ------------------------------------------------------------------------
def parse(text: str) -> list[Item]:
    """The items of articles.txt: `## key`, `field: value` lines, a blank line, then paragraphs."""
    items: list[Item] = []
    for chunk in re.split(r"(?m)^## ", text)[1:]:
        key, _, rest = chunk.partition("\n")
        head_text, _, body = rest.partition("\n\n")
        head = {}
        for line in head_text.splitlines():
            name, _, value = line.partition(":")
            head[name.strip()] = value.strip()
        item = Item(key=key.strip(), head=head)
        for para in body.split("\n\n"):
            para = " ".join(para.split())
            if para.startswith(">> "):
                item.blocks.append(("rel", para[3:]))
            elif para:
                item.blocks.append(("p", para))
        items.append(item)
    return items


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:90].rstrip("-")


def number(key: str, digits: int = 7) -> str:
    """A stable article number for URLs, from the item key."""
    return str(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16) % 10**digits).rjust(digits, "1")


def when_of(item: Item, outlet: Outlet) -> datetime:
    return datetime.strptime(item.head["when"], "%Y-%m-%d %H:%M").replace(tzinfo=ZONES[outlet.zone])


def url_of(outlet: Outlet, key: str, title: str, when: datetime, section: str) -> str:
    d, s, n = outlet.domain, slugify(title), number(key)
    return {
        "prmn": f"https://{d}/{slugify(section)}/pr-{n}/{s}",
        "tribun": f"https://{d}/{when:%Y/%m/%d}/{s}",
        "kompas": f"https://{d}/read/{when:%Y/%m/%d/%H%M}{n[:5]}/{s}",
        "detik": f"https://{d}/berita/d-{n}/{s}",
        "kly": f"https://{d}/news/read/{n}/{s}",
        "suara": f"https://{d}/news/{when:%Y/%m/%d/%H%M%S}/{s}",
        "okezone": f"https://{d}/read/{when:%Y/%m/%d}/337/{n}/{s}",
        "antara": f"https://{d}/berita/{n}/{s}",
        "tempo": f"https://{d}/read/{n}/{s}",
        "cnn": f"https://{d}/{slugify(section)}/{when:%Y%m%d%H%M%S}-20-{n}/{s}",
        "wordpress": f"https://{d}/{when:%Y/%m/%d}/{s}/",
    }[outlet.layout]


def split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def pages(items: list[Item]) -> list[Page]:
    """Every page of the corpus: originals, copies (with their notices) and second pages."""
    by_key = {i.key: i for i in items}
    done: dict[str, Page] = {}
    for item in items:  # originals first: copies and second pages need their page
        if "copy_of" not in item.head and "page2_of" not in item.head:
            done[item.key] = _original(item)
    for item in items:
        if "copy_of" in item.head:
            done[item.key] = _copy(item, done[item.head["copy_of"]], by_key[item.head["copy_of"]])
        elif "page2_of" in item.head:
            first = done[item.head["page2_of"]]
            second = replace(first, key=item.key, url=first.url + "?page=2", blocks=list(item.blocks), page_no=2,
                             first_url=first.url, next_url=None)
            done[first.key] = replace(first, next_url=second.url)
            done[item.key] = second
    return [done[i.key] for i in items]


def _original(item: Item) -> Page:
    outlet = OUTLETS[item.head["outlet"]]
    when = when_of(item, outlet)
    section = item.head.get("section", "Nasional")
    blocks = list(item.blocks)
    if item.head.get("code"):
        blocks.append(("code", item.head["code"]))
    return Page(key=item.key, outlet=outlet, url=url_of(outlet, item.key, item.head["title"], when, section),
                title=item.head["title"], when=when, section=section, place=item.head.get("place", "Jakarta"),
                authors=split(item.head.get("author")), editors=split(item.head.get("editor")),
                tags=split(item.head.get("tags")), blocks=blocks)


def _copy(item: Item, source: Page, source_item: Item) -> Page:
    """A syndicated copy: the source's paragraphs (one dropped or edited), its own teasers, a notice."""
    outlet = OUTLETS[item.head["outlet"]]
    when = when_of(item, outlet)
    title = item.head.get("title", source.title)
    section = item.head.get("section", source.section)
    paras = [text for kind, text in source_item.blocks if kind == "p"]
    own = [text for kind, text in item.blocks if kind == "p"]
    if "edit" in item.head:
        paras[int(item.head["edit"]) - 1] = own[0]
    if "drop" in item.head:
        del paras[int(item.head["drop"]) - 1]
    blocks: list[tuple[str, str]] = [("p", p) for p in paras]
    teasers = [("rel", text) for kind, text in item.blocks if kind == "rel"]
    at = int(item.head.get("teaser_at", "3"))
    blocks[at:at] = teasers
    notice = outlet.notice.format(outlet=source.outlet.name, title=source.title, url=source.url)
    blocks.append(("notice", notice))
    if item.head.get("code"):
        blocks.append(("code", item.head["code"]))
    return Page(key=item.key, outlet=outlet, url=url_of(outlet, item.key, title, when, section), title=title,
                when=when, section=section, place=item.head.get("place", source.place),
                authors=split(item.head.get("author")), editors=split(item.head.get("editor")),
                tags=split(item.head.get("tags")), blocks=blocks)


# -- shared pieces -------------------------------------------------------------------------------
def e(text: str) -> str:
    return html.escape(text, quote=True)


def long_date(p: Page, sep: str = "|") -> str:
    """`Senin, 2 Maret 2026 | 07:45 WIB`."""
    w = p.when
    return f"{DAYS[w.weekday()]}, {w.day} {MONTHS[w.month - 1]} {w.year} {sep} {w:%H:%M} {p.outlet.zone}"


def plain_date(p: Page) -> str:
    """`Senin, 2 Maret 2026 07:45 WIB`."""
    w = p.when
    return f"{DAYS[w.weekday()]}, {w.day} {MONTHS[w.month - 1]} {w.year} {w:%H:%M} {p.outlet.zone}"


def short_date(p: Page) -> str:
    """`Senin, 02 Mar 2026 07:45 WIB`."""
    w = p.when
    return f"{DAYS[w.weekday()]}, {w:%d} {MON3[w.month - 1]} {w.year} {w:%H:%M} {p.outlet.zone}"


def teaser_url(p: Page, title: str) -> str:
    fake = replace(p, when=p.when - timedelta(days=2))
    return url_of(p.outlet, "rel-" + title, title, fake.when, p.section)


def notice_html(text: str) -> str:
    """A notice with its URL as a link (as the CMSs print them)."""
    m = re.search(r"https://\S+$", text)
    if not m:
        return e(text)
    return e(text[: m.start()]) + f'<a href="{e(m.group(0))}">{e(m.group(0))}</a>'


def paragraphs(p: Page, dateline: str, teaser: Callable[[str, str], str], *, p_tag: str = "p") -> list[str]:
    """The body blocks as markup: the dateline on the first paragraph, teasers in the layout's box."""
    out: list[str] = []
    first = p.page_no == 1
    for kind, text in p.blocks:
        if kind == "p":
            lead = dateline if first else ""
            first = False
            out.append(f"<{p_tag}>{lead}{e(text)}</{p_tag}>")
        elif kind == "rel":
            out.append(teaser(text, teaser_url(p, text)))
        elif kind == "notice":
            out.append(f"<{p_tag}>{notice_html(text)}</{p_tag}>")
        elif kind == "code":
            out.append(f"<strong>({e(text)})</strong>")
    return out


def description(p: Page) -> str:
    text = next((t for k, t in p.blocks if k == "p"), "")
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "..."


def head(p: Page, *, jsonld: bool, published_meta: bool) -> str:
    """<head>: title with the site-name suffix, canonical, OpenGraph, optional JSON-LD."""
    title = p.title + (f" - Halaman {p.page_no}" if p.page_no > 1 else "")
    lines = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)} - {e(p.outlet.name)}</title>",
        f'<meta name="description" content="{e(description(p))}">',
        f'<link rel="canonical" href="{e(p.url)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:site_name" content="{e(p.outlet.name)}">',
        f'<meta property="og:title" content="{e(p.title)}">',
        f'<meta property="og:url" content="{e(p.url)}">',
        f'<meta property="og:image" content="https://cdn.{p.outlet.domain}/foto/{p.when:%Y/%m/%d}/{number(p.key)}.jpg">',
    ]
    if p.tags:
        lines.append(f'<meta name="keywords" content="{e(", ".join(p.tags))}">')
    if published_meta:
        lines.append(f'<meta property="article:published_time" content="{p.when.isoformat()}">')
        lines.append(f'<meta property="article:section" content="{e(p.section)}">')
    if p.page_no > 1 and p.first_url:
        lines.append(f'<link rel="prev" href="{e(p.first_url)}">')
    if p.next_url:
        lines.append(f'<link rel="next" href="{e(p.next_url)}">')
    if jsonld:
        data = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": p.url}, "headline": p.title,
            "datePublished": p.when.isoformat(), "dateModified": p.when.isoformat(),
            "author": [{"@type": "Person", "name": a} for a in p.authors] or {"@type": "Organization",
                                                                               "name": p.outlet.name},
            "publisher": {"@type": "Organization", "name": p.outlet.name},
            "articleSection": p.section, "keywords": p.tags, "description": description(p),
        }
        # `</` inside a script would end it early: escape `<` in the JSON text
        blob = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
        lines.append(f'<script type="application/ld+json">{blob}</script>')
    lines.append(f'<link rel="stylesheet" href="https://cdn.{p.outlet.domain}/css/main.css?v=3.1">')
    return "\n".join(lines)


def document(p: Page, body: str, *, jsonld: bool = False, published_meta: bool = False) -> str:
    return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n{head(p, jsonld=jsonld, published_meta=published_meta)}\n'
            f"</head>\n{body.strip()}\n</html>\n")


def home(p: Page) -> str:
    return f"https://{p.outlet.domain}/"


def tag_url(p: Page, tag: str) -> str:
    return f"https://{p.outlet.domain}/tag/{slugify(tag)}"


def footer(p: Page, cls: str = "footer") -> str:
    return (f'<footer class="{cls}"><p><a href="{home(p)}redaksi">Redaksi</a> <a href="{home(p)}pedoman-media-siber">'
            f"Pedoman Media Siber</a></p><p>&copy; {p.when.year} {e(p.outlet.name)}. All Rights Reserved.</p></footer>")


def nav(p: Page, sections: tuple[str, ...] = ("Nasional", "Regional", "Ekonomi", "Olahraga", "Tekno")) -> str:
    items = "".join(f'<li><a href="{home(p)}{slugify(s)}">{s}</a></li>' for s in sections)
    return f'<ul class="nav-menu"><li><a href="{home(p)}">Home</a></li>{items}</ul>'


def byline(p: Page) -> str:
    return ", ".join(p.authors)


# -- layouts ---------------------------------------------------------------------------------------
def prmn(p: Page) -> str:
    dl = f"<strong>{e(p.outlet.brand)}</strong> - "
    body = paragraphs(p, dl, lambda t, u: f'<p><strong class="read__others">Baca Juga: <a class="read__others__link" '
                                          f'href="{e(u)}">{e(t)}</a></strong></p>')
    pager = ""
    if p.next_url:
        pager = (f'<div class="read__paging"><a class="paging__link paging__link--active" href="{e(p.url)}">1</a> '
                 f'<a class="paging__link" href="{e(p.next_url)}">2</a> <a class="paging__link paging__link--next" '
                 f'rel="next" href="{e(p.next_url)}">Selanjutnya</a></div>')
    elif p.first_url:
        pager = (f'<div class="read__paging"><a class="paging__link paging__link--prev" href="{e(p.first_url)}">'
                 f'Sebelumnya</a> <a class="paging__link" href="{e(p.first_url)}">1</a> '
                 f'<a class="paging__link paging__link--active" href="{e(p.url)}">2</a></div>')
    tags = "".join(f'<li class="tag__list__item"><a class="tag__list__link" href="{tag_url(p, t)}">{e(t)}</a></li>'
                   for t in p.tags)
    editors = ", ".join(f'<a href="{home(p)}editor/{slugify(x)}">{e(x)}</a>' for x in p.editors)
    authors = ", ".join(f'<a href="{home(p)}author/{slugify(x)}">{e(x)}</a>' for x in p.authors)
    return document(p, f"""
<body>
<div class="header"><a class="header__logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</div>
<div class="ads ads--billboard"><div id="div-gpt-ad-1625481230001-0"></div></div>
<div class="main"><div class="col-bs12-8">
  <div class="read__header">
    <div class="breadcrumb"><ul class="breadcrumb__wrap"><li class="breadcrumb__item"><a class="breadcrumb__link" href="{home(p)}">Home</a></li><li class="breadcrumb__item"><a class="breadcrumb__link" href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul></div>
    <h1 class="read__title">{e(p.title)}</h1>
    <div class="read__info"><div class="read__info__author">{authors}</div><div class="read__info__date">- {long_date(p)}</div></div>
    <div class="photo"><div class="photo__img"><img src="https://cdn.{p.outlet.domain}/crop/750x500/{number(p.key)}.jpg" alt=""></div><div class="photo__caption">Ilustrasi. /Dok. {e(p.outlet.name)}</div></div>
  </div>
  <article class="read__content clearfix">
    {chr(10).join(body)}
    <div class="read__content__ads"><div id="div-gpt-ad-1625481230002-0"></div></div>
  </article>
  {pager}
  <div class="read__editor">Editor: {editors}</div>
  <div class="read__tagging"><h3 class="tag__title">Tags</h3><ul class="tag__list">{tags}</ul></div>
  <div class="latest"><h3 class="latest__title title">Terkini</h3><div class="latest__wrap"><div class="latest__item"><h2 class="latest__subtitle"><a class="latest__link" href="{home(p)}kabar/pr-1100201/jadwal-kapal-feri-pekan-ini">Jadwal Kapal Feri Pekan Ini Kembali Normal</a></h2></div></div></div>
</div></div>
{footer(p)}
</body>""", jsonld=True, published_meta=True)


def tribun(p: Page) -> str:
    dl = f"<strong>{e(p.outlet.brand)}, {e(p.place.upper())}</strong> - "
    body = paragraphs(p, dl, lambda t, u: f'<p class="baca">Baca juga: <a class="blue" href="{e(u)}">{e(t)}</a></p>')
    pager = ""
    if p.next_url:
        pager = (f'<div id="paginga" class="paging mt20 pb20"><span class="paging-info">Halaman 1/2</span> '
                 f'<a class="paging-num active" href="{e(p.url)}">1</a> <a class="paging-num" href="{e(p.next_url)}">2</a> '
                 f'<a class="paging-next" rel="next" href="{e(p.next_url)}">Selanjutnya</a> '
                 f'<a class="paging-all" href="{e(p.url)}?page=all">Tampilkan Semua</a></div>')
    elif p.first_url:
        pager = (f'<div id="paginga" class="paging mt20 pb20"><span class="paging-info">Halaman 2/2</span> '
                 f'<a class="paging-prev" rel="prev" href="{e(p.first_url)}">Sebelumnya</a> '
                 f'<a class="paging-num" href="{e(p.first_url)}">1</a> <a class="paging-num active" href="{e(p.url)}">2</a></div>')
    tags = " ".join(f'<a class="rd2" href="{tag_url(p, t)}">{e(t)}</a>' for t in p.tags)
    authors = ", ".join(f'<a href="{home(p)}penulis/{slugify(x)}" title="{e(x)}">{e(x)}</a>' for x in p.authors)
    editors = ", ".join(f'<a href="{home(p)}editor/{slugify(x)}" title="{e(x)}">{e(x)}</a>' for x in p.editors)
    return document(p, f"""
<body>
<div id="header" class="header-wrap"><a id="logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</div>
<div class="main"><div id="article" class="content">
  <ul class="breadcrumb"><li><a href="{home(p)}">Home</a></li><li><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul>
  <h1 id="arttitle" class="f50 black2 f400 crimson">{e(p.title)}</h1>
  <div class="credit mt10">
    <div id="penulis" class="fl"><span>Penulis:</span> {authors}</div>
    <div id="editor" class="fl"><span>Editor:</span> {editors}</div>
  </div>
  <div class="grey bdr3 pb10 pt10"><time><span>{plain_date(p)}</span></time></div>
  <div id="article_con"><div class="side-article txt-article multi-fontsize">
    {chr(10).join(body)}
    <div class="ads-placeholder"><div id="div-gpt-ad-1541483021-0"></div></div>
  </div></div>
  {pager}
  <div class="tagcloud3 mt10">{tags}</div>
  <div class="mt20 related"><h3 class="f20 crimson">Berita Terkait</h3><ul class="lsi"><li><a href="{home(p)}2026/02/27/pelabuhan-rakyat-dibenahi">Pelabuhan Rakyat Dibenahi Jelang Arus Mudik</a></li></ul></div>
</div></div>
<div id="footer"><p>Copyright &copy; {p.when.year} {e(p.outlet.name)}. All Rights Reserved.</p></div>
</body>""")


def kompas(p: Page) -> str:
    dl = f"<strong>{e(p.place.upper())}, {e(p.outlet.brand.upper())}</strong> - "
    body = paragraphs(p, dl, lambda t, u: f'<p><strong>Baca juga: <a class="inner-link-baca-juga" href="{e(u)}">{e(t)}'
                                          f"</a></strong></p>")
    body.insert(min(3, len(body)), '<span class="ads-on-body"><div id="div-gpt-ad-Parallax"></div></span>')
    credits = [(a, "Penulis") for a in p.authors] + [(x, "Editor") for x in p.editors]
    modal = "".join(f'<a href="{home(p)}tag/{slugify(n)}"><div class="credit-author"><div class="credit-author-title">'
                    f'<h6 class="credit-author-name">{e(n)}</h6><h6 class="credit-author-position">{r}</h6></div></div></a>'
                    for n, r in credits)
    names = "".join(f"<h6>{e(n)}</h6>" for n, _ in credits)
    tags = "".join(f'<li class="tag__article__item"><a class="tag__article__link" href="{tag_url(p, t)}">{e(t)}</a></li>'
                   for t in p.tags)
    return document(p, f"""
<body>
<div class="wrap">
  <div class="header clearfix"><a class="logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</div>
  <div class="container clearfix">
    <div class="row mt2 col-offset-fluid clearfix"><div class="kcm kcm__top clearfix"><div id="div-gpt-ad-Leaderboard"></div></div></div>
    <div class="row mt2 col-offset-fluid clearfix">
      <h3 class="breadcrumb clearfix"><ul class="breadcrumb__wrap"><li class="breadcrumb__item"><a class="breadcrumb__link" href="{home(p)}">Home</a></li><li class="breadcrumb__item"><a class="breadcrumb__link" href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul></h3>
      <h1 class="read__title">{e(p.title)}</h1>
    </div>
    <div class="col-bs10-7 js-read-article">
      <div class="read__header col-offset-fluid clearfix">
        <div class="read__time">{e(p.outlet.name)} - {p.when:%d/%m/%Y, %H:%M} {p.outlet.zone}</div>
        <div class="credit"><div class="credit-title"><div class="credit-title-name">{names}</div><p>Tim Redaksi</p></div></div>
        <div id="creditModal" class="creditModal"><div class="creditModal-body">{modal}</div></div>
      </div>
      <div class="read__article mt2 clearfix"><div class="read__content"><div class="clearfix">
        {chr(10).join(body)}
      </div></div></div>
      <div class="read__tagging mt1 clearfix"><h3 class="tag tag--article clearfix"><div class="tag__article__teaser">Tag</div><ul class="tag__article__wrap">{tags}</ul></h3></div>
      <div class="related__inline ga--related mt2 clearfix"><div class="related__title">Berita Terkait</div><div class="related__item"><a class="related__link" href="{home(p)}read/2026/02/26/090000111/jalan-provinsi-diperbaiki">Jalan Provinsi Diperbaiki Sebelum Musim Mudik</a></div></div>
    </div>
  </div>
  {footer(p)}
</div>
</body>""", jsonld=True)


def detik(p: Page) -> str:
    def teaser(t, u):
        return (f'<table class="linksisip"><tbody><tr><td><div class="lihatjg"><strong>Baca juga:</strong> '
                  f'<a href="{e(u)}">{e(t)}</a></div></td></tr></tbody></table>')
    body = paragraphs(p, "", teaser)
    body.insert(0, f"<strong>{e(p.place)}</strong> - ")  # detik puts the dateline outside the first <p>
    body.insert(min(4, len(body)), '<div class="paradetail"><p id="para_caption">ADVERTISEMENT</p><div class="para '
                                   'paraA"><div id="div-gpt-ad-1572507980488-0"></div></div><p id="para_caption2">'
                                   "SCROLL TO RESUME CONTENT</p></div>")
    tags = "".join(f'<a class="nav__item" href="{tag_url(p, t)}">{e(t)}</a>' for t in p.tags)
    return document(p, f"""
<body>
<p id="adv-caption-lead">ADVERTISEMENT</p>
<div class="navbar-sticky-top"><nav class="navbar-first"><a class="navbar-logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</nav></div>
<div class="container">
  <div class="page__header"><div class="page__breadcrumb"><a href="{home(p)}">{e(p.outlet.brand)}</a><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></div></div>
  <div class="grid-row content__bg mgt-16"><div class="column-8">
    <article class="detail">
      <div class="detail__header">
        <h1 class="detail__title">{e(p.title)}</h1>
        <div class="detail__author">{e(byline(p))} - <span class="detail__label">{e(p.outlet.brand)}</span></div>
        <div class="detail__date">{short_date(p)}</div>
      </div>
      <div class="detail__media"><figure class="detail__media-image"><img src="https://cdn.{p.outlet.domain}/visual/{number(p.key)}_169.jpeg" alt=""><figcaption class="detail__media-caption">Foto: Ilustrasi ({e(p.outlet.name)})</figcaption></figure></div>
      <div class="detail__body itp_bodycontent_wrapper"><div class="detail__body-text itp_bodycontent">
        {chr(10).join(body)}
        <div class="detail__body-tag mgt-16"><div class="nav">{tags}</div></div>
      </div></div>
    </article>
    <div class="list-content"><h2 class="list-content__title">Berita Terkait</h2><article class="list-content__item"><a class="media__link" href="{home(p)}berita/d-1002003/cuaca-ekstrem-sepekan">Cuaca Ekstrem Diprediksi Berlanjut Sepekan</a></article></div>
  </div></div>
</div>
<footer class="footer"><div class="footer__copy">Copyright &copy; {p.when.year} {e(p.outlet.name)}. All right reserved</div></footer>
</body>""")


def kly(p: Page) -> str:
    dl = f"<strong>{e(p.outlet.brand)}, {e(p.place)}</strong> - "
    def teaser(t, u):
        return (f'<div class="baca-juga-collections"><div class="baca-juga-collections__title">Baca Juga</div>'
                  f'<ul class="baca-juga-collections__list"><li class="baca-juga-collections__item"><a class="baca-juga-'
                  f'collections__link" href="{e(u)}">{e(t)}</a></li></ul></div>')
    body = paragraphs(p, dl, teaser)
    half = (len(body) + 1) // 2  # the template splits a long story into page blocks inside ONE document
    page_blocks = [body[:half], body[half:]] if len(body) > 8 else [body]
    inner = "\n".join(f'<div class="article-content-body__item-page" data-page="{i}"><div class="article-content-body'
                      f'__item-content">{chr(10).join(b)}</div></div>' for i, b in enumerate(page_blocks, 1))
    tags = "".join(f'<li class="tags--snippet__item"><a href="{tag_url(p, t)}"><span class="tags--snippet__name">'
                   f"{e(t)}</span></a></li>" for t in p.tags)
    authors = "".join(f'<a class="read-page--header--author__link url fn" href="{home(p)}me/{slugify(a)}"><span '
                      f'class="read-page--header--author__name fn" itemprop="name">{e(a)}</span></a>' for a in p.authors)
    return document(p, f"""
<body class="theme-warnaku">
<header class="navbar"><a class="navbar--top--logo__link" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</header>
<div class="container-article">
  <div class="advertisement advertisement-placeholder" id="div-gpt-ad-billboard"></div>
  <article class="hentry main">
    <div class="read-page-upper">
      <ul class="read-page--breadcrumb"><li><a href="{home(p)}">Home</a></li><li><a class="read-page--breadcrumb--item__title" href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul>
      <header class="read-page--header">
        <h1 class="read-page--header--title entry-title" itemprop="headline">{e(p.title)}</h1>
        <div class="read-page--header--author">{authors}
          <p class="read-page--header--author__datetime-wrapper"><time class="read-page--header--author__datetime updated" datetime="{p.when:%Y-%m-%d %H:%M:%S}" itemprop="datePublished">{p.when:%d} {MON3[p.when.month - 1]} {p.when.year}, {p.when:%H:%M} {p.outlet.zone}</time></p>
        </div>
      </header>
    </div>
    <div class="read-page--content">
      <div class="article-content-body article-content-body_with-aside">
        {inner}
      </div>
      <div class="tags--snippet"><h3 class="tags--snippet__title">Tag Terkait</h3><ul class="tags--snippet__list">{tags}</ul></div>
    </div>
  </article>
  <aside class="read-page--sidebar"><div class="read-page--terpopuler"><h4>Terpopuler</h4><ul><li><a href="{home(p)}news/read/1000101/tips-hemat-listrik">Tips Hemat Listrik di Musim Hujan</a></li></ul></div></aside>
</div>
<footer class="footer"><div class="footer__copyright">Copyright &copy; {p.when.year} {e(p.outlet.name)} All Rights Reserved</div></footer>
</body>""", jsonld=True)


def suara(p: Page) -> str:
    dl = f"<strong>{e(p.outlet.brand)}</strong> - "
    def teaser(t, u):
        return (f'<div class="baca-juga-new"><span class="title">Baca Juga:</span><ul><li><a href="{e(u)}">'
                  f"{e(t)}</a></li></ul></div>")
    body = paragraphs(p, dl, teaser)
    body.insert(min(2, len(body)), '<div class="ads-detail"><div id="div-gpt-ad-suara-inarticle"></div></div>')
    tags = "".join(f'<li><a href="{tag_url(p, t)}">{e(t)}</a></li>' for t in p.tags)
    writer = ", ".join(f'<a href="{home(p)}author/{slugify(a)}">{e(a)}</a>' for a in p.authors)
    editor = ", ".join(f'<a href="{home(p)}editor/{slugify(a)}">{e(a)}</a>' for a in p.editors)
    return document(p, f"""
<body>
<header class="header"><a class="logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</header>
<div class="ads-top"><div id="div-gpt-ad-suara-billboard"></div></div>
<div class="container">
  <ul class="breadcrumb"><li><a href="{home(p)}">Home</a></li><li><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul>
  <div class="info">
    <h1>{e(p.title)}</h1>
    <div class="head-writer-date">
      <div class="writer">{writer}</div>
      <div class="editor">Editor: {editor}</div>
      <div class="date"><span>{long_date(p)}</span></div>
    </div>
  </div>
  <div class="img-cover"><img src="https://media.{p.outlet.domain}/pictures/653x366/{number(p.key)}.jpg" alt=""><div class="caption">Ilustrasi. [{e(p.outlet.name)}]</div></div>
  <article class="detail-content detail-berita">
    {chr(10).join(body)}
  </article>
  <div class="tag-header"><span class="tag-title">Tag</span><ul class="list-tag">{tags}</ul></div>
  <div class="terkait"><h3>Berita Terkait</h3><ul><li><a href="{home(p)}news/2026/02/25/080000/pasar-murah-digelar">Pasar Murah Digelar di Lima Kecamatan</a></li></ul></div>
</div>
{footer(p)}
</body>""")


def okezone(p: Page) -> str:
    dl = f"<strong>{e(p.place.upper())}</strong> - "
    body = paragraphs(p, dl, lambda t, u: f'<p><strong>Baca juga:</strong> <a href="{e(u)}">{e(t)}</a></p>')
    body.insert(min(2, len(body)), '<div class="inject-ads-1"><div id="div-gpt-ad-okz-inarticle-1"></div></div>')
    tags = "".join(f'<li><a href="{tag_url(p, t)}">{e(t)}</a></li>' for t in p.tags)
    a = p.authors[0] if p.authors else p.outlet.name
    return document(p, f"""
<body>
<header class="header"><a class="logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</header>
<div class="banner-top"><div id="div-gpt-ad-okz-billboard"></div></div>
<main class="container">
  <div class="breadcrumb"><ul><li><a href="{home(p)}">Home</a></li><li><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul></div>
  <div class="title-article"><h1>{e(p.title)}</h1></div>
  <div class="journalist"><a href="{home(p)}author/{slugify(a)}" title="{e(a)}">{e(a)}</a><span>, Jurnalis-{long_date(p).replace(' | ', ' |')}</span></div>
  <div class="c-detail read">
    <div class="img-detail"><img src="https://img.{p.outlet.domain}/content/{p.when:%Y/%m/%d}/{number(p.key)}.jpg" alt=""><figcaption>Ilustrasi (Foto: {e(p.outlet.name)})</figcaption></div>
    {chr(10).join(body)}
    <p><strong>Follow Berita {e(p.outlet.name)} di Google News</strong></p>
    <div class="detail-tag newtag"><ul>{tags}</ul></div>
  </div>
  <div class="box-terkait"><h3>Berita Terkait</h3><ul><li><a href="{home(p)}read/2026/02/24/337/1000202/razia-knalpot-brong">Razia Knalpot Brong Digelar Tiap Akhir Pekan</a></li></ul></div>
</main>
{footer(p)}
</body>""")


def antara(p: Page) -> str:
    dl = f"{e(p.place)} ({e(p.outlet.brand)}) - "
    out: list[str] = []
    first = True
    for kind, text in p.blocks:  # the Newsflash theme: text separated by <br>, not <p>
        if kind == "p":
            out.append((dl if first else "") + e(text) + "<br /><br />")
            first = False
        elif kind == "rel":
            out.append(f'<span class="baca-juga"><b>Baca juga: </b><a href="{e(teaser_url(p, text))}">{e(text)}</a>'
                       "</span><br /><br />")
        elif kind == "notice":
            out.append(notice_html(text) + "<br /><br />")
    out.insert(min(4, len(out)), '<div class="ads_antara"><div id="div-gpt-ad-1617078823512-0"></div></div>')
    credit = "<br />".join([*(f"Pewarta: {e(a)}" for a in p.authors), *(f"Editor: {e(x)}" for x in p.editors),
                            f"Copyright &copy; {e(p.outlet.brand)} {p.when.year}"])
    tags = "".join(f'<li class="list-inline-item"><a href="{tag_url(p, t)}">{e(t)}</a></li>' for t in p.tags)
    return document(p, f"""
<body>
<header class="bg-light"><nav class="navbar navbar-hover navbar-expand-lg navbar-soft"><div class="container"><a class="navbar-brand" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</div></nav></header>
<section class="pb-80"><div class="container"><div class="row"><div class="col-md-8">
  <nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="{home(p)}">Beranda</a></li><li class="breadcrumb-item"><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ol></nav>
  <div class="wrap__article-detail">
    <div class="wrap__article-detail-title"><h1 class="post_title post_detail_title">{e(p.title)}</h1></div>
    <div class="wrap__article-detail-info"><ul class="list-inline"><li class="list-inline-item"><span class="text-secondary font-weight-normal"><i class="fa fa-clock-o"></i> {plain_date(p)}</span></li></ul></div>
    <div class="wrap__article-detail-image mt-4"><figure><img class="img-fluid" src="https://cdn.{p.outlet.domain}/cache/800x533/{number(p.key)}.jpg" alt=""><p class="wp-caption-text text-muted small">Ilustrasi. {e(p.outlet.brand)}/HO</p></figure></div>
    <div class="wrap__article-detail-content post-content">
      {chr(10).join(out)}
      <p class="text-muted mt-2 small">{credit}</p>
    </div>
    <div class="blog-tags"><ul class="list-inline">{tags}</ul></div>
  </div>
</div><div class="col-md-4"><aside class="wrapper__list__article"><h4 class="border_section">Terpopuler</h4><div class="card__post"><a href="{home(p)}berita/1000303/prakiraan-cuaca">Prakiraan cuaca: sebagian besar kota hujan ringan</a></div></aside></div></div></div></section>
</body>""")


def tempo(p: Page) -> str:
    dl = f"<strong>{e(p.outlet.brand)}</strong>, <strong>{e(p.place)}</strong> - "
    body = paragraphs(p, dl, lambda t, u: f'<p><strong>Baca juga:</strong> <a href="{e(u)}">{e(t)}</a></p>')
    body.insert(min(3, len(body)), '<div class="ads"><div id="div-gpt-ad-tinta-inarticle"></div></div>')
    authors = ", ".join(f'<span itemprop="author" itemscope itemtype="http://schema.org/Person"><a href="{home(p)}penulis/'
                        f'{slugify(a)}"><span itemprop="name">{e(a)}</span></a></span>' for a in p.authors)
    editors = ", ".join(f'<span itemprop="editor">{e(x)}</span>' for x in p.editors)
    tags = "".join(f'<li><a href="{tag_url(p, t)}">{e(t)}</a></li>' for t in p.tags)
    return document(p, f"""
<body>
<header class="header"><a class="logo" href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</header>
<div class="ads"><div id="div-gpt-ad-tinta-billboard"></div></div>
<div class="container">
  <ul class="breadcrumb"><li><a href="{home(p)}">Home</a></li><li><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></li></ul>
  <article class="detail-artikel" itemscope itemtype="http://schema.org/NewsArticle">
    <h1 class="title margin-bottom-sm" itemprop="headline">{e(p.title)}</h1>
    <div class="detail-title">
      <h4 class="reporter">Reporter: {authors}</h4>
      <h4 class="editor">Editor: {editors}</h4>
      <p class="date margin-bottom-sm">{plain_date(p)}</p>
    </div>
    <figure class="foto-detail"><img src="https://statik.{p.outlet.domain}/data/{number(p.key)}_720.jpg" alt=""><figcaption>Ilustrasi. {e(p.outlet.brand)}</figcaption></figure>
    <div class="detail-in" id="isi" itemprop="articleBody">
      {chr(10).join(body)}
    </div>
    <div class="detail-tag"><ul>{tags}</ul></div>
  </article>
  <div class="terkait"><h3>Artikel Terkait</h3><ul><li><a href="{home(p)}read/1000404/anggaran-daerah-dipangkas">Anggaran Daerah Dipangkas, Proyek Fisik Ditunda</a></li></ul></div>
</div>
{footer(p)}
</body>""", jsonld=True)


def cnn(p: Page) -> str:
    def teaser(t, u):
        return (f'<table class="linksisip"><tbody><tr><td><div class="lihatjg"><h5>Lihat Juga :</h5><div '
                  f'class="lihatjg-flex"><div class="lihatjg-title"><a href="{e(u)}" class="gtm_body_lihat_juga">{e(t)}</a>'
                  "</div></div></div></td></tr></tbody></table>")
    body = paragraphs(p, "", teaser)
    body.insert(0, f"<strong>{e(p.place)}, {e(p.outlet.brand)}</strong> -- ")
    body.insert(min(4, len(body)), '<div class="paradetail"><p class="para_caption">ADVERTISEMENT</p><div class="para '
                                   'paraA ads-slot"></div><p class="para_caption">SCROLL TO CONTINUE WITH CONTENT</p></div>')
    tags = "".join(f'<a class="flex items-center border px-4 py-1" href="{tag_url(p, t)}" dtr-sec="topik terkait">'
                   f" {e(t)} </a>" for t in p.tags)
    return document(p, f"""
<body class="dark:bg-cnn_black">
<header class="bg-cnn_red"><a href="{home(p)}">{e(p.outlet.name)}</a>{nav(p)}</header>
<div class="flex gap-6"><div class="grow-0 w-leftcontent min-w-0">
  <nav class="breadcrumb flex gap-2 text-xs"><a href="{home(p)}">Home</a><a href="{home(p)}{slugify(p.section)}">{e(p.section)}</a></nav>
  <div class="detail">
    <h1 class="mb-2 text-[28px] leading-9 text-cnn_black">{e(p.title)}</h1>
    <div class="text-cnn_grey text-sm mb-4">{short_date(p)}</div>
    <div class="detail-image"><img class="w-full" src="https://cdn.{p.outlet.domain}/visual/{number(p.key)}_169.jpeg" alt=""><figure><figcaption class="text-xs">Ilustrasi. ({e(p.outlet.name)})</figcaption></figure></div>
    <div class="flex gap-6"><div class="detail-text text-cnn_black text-sm grow min-w-0">
      {"".join(body)}
      <div class="end-of-article"></div>
    </div></div>
    <div class="my-5"><div class="title-box text-base font-semibold"> TOPIK TERKAIT </div><div class="flex flex-wrap gap-3">{tags}</div></div>
  </div>
</div><div class="grow-0 w-rightcontent"><div class="title-box">Terpopuler</div><article><a href="{home(p)}nasional/20260227090000-20-1000505/jadwal-krl-berubah"><h2>Jadwal Kereta Komuter Berubah Mulai Pekan Depan</h2></a></article></div></div>
</body>""")


def wordpress(p: Page) -> str:
    """A self-hosted WordPress news theme: no outlet profile knows it (the generic extractor's case)."""
    dl = f"<strong>{e(p.outlet.brand)}, {e(p.place.upper())}</strong> &#8211; "
    def teaser(t, u):
        return (f'<div class="inline-related"><span class="inline-related__label">Baca Juga:</span> '
                  f'<a href="{e(u)}" rel="bookmark">{e(t)}</a></div>')
    body = paragraphs(p, dl, teaser)
    tags = " ".join(f'<a href="{tag_url(p, t)}" rel="tag">{e(t)}</a>' for t in p.tags)
    people = [*(f"Penulis: {e(a)}" for a in p.authors), *(f"Editor: {e(x)}" for x in p.editors)]
    return document(p, f"""
<body class="post-template-default single single-post single-format-standard">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="{home(p)}" rel="home">{e(p.outlet.name)}</a></p>
<nav id="site-navigation" class="main-navigation">{nav(p)}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{number(p.key, 5)}" class="post type-post status-publish format-standard hentry category-{slugify(p.section)}">
  <header class="entry-header">
    <span class="cat-links"><a href="{home(p)}category/{slugify(p.section)}" rel="category tag">{e(p.section)}</a></span>
    <h1 class="entry-title">{e(p.title)}</h1>
    <div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{p.when.isoformat()}">{p.when.day} {MONTHS[p.when.month - 1]} {p.when.year}, {p.when:%H:%M} {p.outlet.zone}</time></span>
    <span class="byline"> oleh <span class="author vcard"><a class="url fn n" href="{home(p)}author/{slugify(byline(p))}">{e(byline(p))}</a></span></span></div>
  </header>
  <div class="entry-content">
    {chr(10).join(body)}
    <p class="credit-line">{" | ".join(people)}</p>
  </div>
  <footer class="entry-footer"><span class="tags-links">Tags: {tags}</span></footer>
</article>
<div class="sharedaddy"><h3 class="sd-title">Bagikan ini:</h3><a href="#">Facebook</a> <a href="#">WhatsApp</a></div>
<section class="related-posts"><h3>Berita Terkait</h3><ul><li><a href="{home(p)}2026/02/20/harga-karet-naik/">Harga Karet di Tingkat Petani Naik Tipis</a></li></ul></section>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Terbaru</h2><ul><li><a href="{home(p)}2026/02/28/festival-perahu/">Festival Perahu Hias Digelar Akhir Bulan</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; {p.when.year} {e(p.outlet.name)} &middot; <a href="{home(p)}kebijakan-privasi">Kebijakan Privasi</a></div></footer>
</div>
</body>""", published_meta=True)


LAYOUTS: dict[str, Callable[[Page], str]] = {
    "prmn": prmn, "tribun": tribun, "kompas": kompas, "detik": detik, "kly": kly, "suara": suara,
    "okezone": okezone, "antara": antara, "tempo": tempo, "cnn": cnn, "wordpress": wordpress,
}


def render_all(text: str | None = None) -> dict[str, str]:
    """Relative path -> page markup, for every article in articles.txt."""
    items = parse(text if text is not None else ARTICLES.read_text(encoding="utf-8"))
    return {f"{p.outlet.key}/{p.key}.html": LAYOUTS[p.outlet.layout](p) for p in pages(items)}


def main(argv: list[str]) -> int:
    rendered = render_all()
    current = {str(f.relative_to(CORPUS)): f.read_text(encoding="utf-8") for f in CORPUS.glob("*/*.html")}
    if "--check" in argv:
        stale = sorted(set(rendered.items()) ^ set(current.items()))
        for name, _ in stale:
            print(f"out of date: {name}")
        return 1 if stale else 0
    for name in set(current) - set(rendered):
        (CORPUS / name).unlink()
    for name, markup in rendered.items():
        path = CORPUS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markup, encoding="utf-8")
    print(f"{len(rendered)} pages written under {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
