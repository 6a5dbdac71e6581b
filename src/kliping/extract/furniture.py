"""Indonesian page furniture: which blocks are the article, and what everything else is.

``clean()`` walks the blocks of a page in reading order (from HTML or from scraped text) and sorts
them into article paragraphs and ``Removed`` pieces with a reason: read-also teasers, syndication
notices, bylines and editor lines, tags, navigation, promos, captions, footers. The phrase tables
live in ``furniture.toml``; the shapes (where a notice starts, what a dateline looks like) are here.
When a rule is unsure it keeps the text and says so in ``warnings``: prose is never dropped quietly.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..article import Removed, Syndication
from .blocks import Block
from .dates import find_datetimes, parse_datetime
from .textutil import normalise_space, repair_punctuation, short

SHORT = 300      # longer blocks are prose unless a strong prefix says otherwise
HEADLINE = 200   # a teaser headline is at most this long
TAIL = 3000      # notices and credits are looked for in the last TAIL characters of a block
TAG_MAX = 60     # a tag is a short phrase
NOTICE_MAX = 800 # a syndication notice (with its URL and credits) closes a block: longer tails are prose


@dataclass(slots=True)
class Cleaned:
    """The article paragraphs of a page and everything ``clean`` cut out of them."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    syndication: Syndication | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline: str | None = None
    tags: list[str] = field(default_factory=list)
    outlet_name: str | None = None     # when the page names itself ("Dilansir PortalKalteng.com dari …")
    outlet_domain: str | None = None
    next_page_url: str | None = None
    warnings: list[str] = field(default_factory=list)


# -- the phrase tables, compiled once -------------------------------------------------------------

def _alt(phrases) -> str:
    """A regex alternation of phrases, longest first, with any whitespace between words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@dataclass(frozen=True, slots=True)
class _Rules:
    table: dict
    read_prefix: re.Pattern
    read_inline: re.Pattern
    notice_start: re.Pattern
    notice_verb: re.Pattern
    roles: re.Pattern
    role_kind: dict
    promo_only: re.Pattern
    nav_only: re.Pattern
    promo_verb: re.Pattern
    promo_channel: re.Pattern
    title_stop: re.Pattern
    source_filler: re.Pattern
    role_tail: re.Pattern

    sets: dict[tuple[str, str], frozenset[str]]

    def words(self, section: str, key: str) -> frozenset[str]:
        return self.sets[(section, key)]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The furniture tables from ``furniture.toml``, compiled (loaded once)."""
    t = tomllib.loads(resources.files(__package__).joinpath("furniture.toml").read_text(encoding="utf-8"))
    ra, syn, roles, nav = t["read_also"], t["syndication"], t["roles"], t["navigation"]
    role_kind = {r: "author" for r in roles["authors"]}
    role_kind |= {r: "editor" for r in roles["editors"]} | {r: "other" for r in roles["others"]}
    role_kind |= {r: "source" for r in roles["sources"]}
    boundary = r"(?:^|(?<=[.!?\"”’)\]])|(?<=[.!?\"”’)\]]\s))"  # a sentence start, or the block start
    sets = {(sec, key): frozenset(v) for sec, d in t.items() for key, v in d.items() if isinstance(v, list)}
    return _Rules(
        table=t,
        read_prefix=re.compile(
            rf"^[^\w]{{0,3}}(?:(?P<p>{_alt(ra['prefixes'])})(?!\w)\s*(?P<sep>[:|»>\-–—]*)"
            rf"|(?P<c>{_alt(ra['colon_only'])})\s*(?P<csep>:))\s*", re.I),
        read_inline=re.compile(rf"{boundary}\s*(?:{_alt(ra['prefixes'] + ra['colon_only'])})\s*:", re.I),
        notice_start=re.compile(
            rf"{boundary}\(?\s*(?:dilansir\s|(?:{_alt(syn['subjects'])})\s+ini\s|(?:{_alt(syn['openers'])})\s)",
            re.I),
        notice_verb=re.compile(
            rf"^\(?\s*(?:{_alt(syn['subjects'])})\s+ini\s+(?:(?:{_alt(syn['adverbs'])})\s+)"
            rf"{{0,4}}(?:{_alt(syn['verbs'])})\s+(?:di|pada|dalam|oleh|melalui)\s+|^\(?\s*(?:{_alt(syn['openers'])})\s+",
            re.I),
        roles=re.compile(rf"(?:^|(?<=[\s|,;•·/]))(?P<role>{_alt(role_kind)})\s*:\s*", re.I),
        role_kind=role_kind,
        promo_only=re.compile(rf"(?<!\w)(?:{_alt(t['promo']['labels'])})(?!\w)", re.I),
        nav_only=re.compile(rf"(?<!\w)(?:{_alt(nav['labels'] + nav['sections'] + t['promo']['labels'])})(?!\w)",
                            re.I),
        promo_verb=re.compile(rf"^[^\w]{{0,3}}(?:{_alt(t['promo']['verbs'])})(?!\w)", re.I),
        promo_channel=re.compile(rf"(?<!\w)(?:{_alt(t['promo']['channels'])})(?!\w)", re.I),
        title_stop=re.compile(
            rf",?\s*(?:https?://|(?:{_alt(syn['title_stops'])})(?!\w))|\s*[|]"
            rf"|\.?\s+(?:{_alt(roles['authors'] + roles['editors'])})\s*:", re.I),
        source_filler=re.compile(rf"^(?:{_alt(syn['source_fillers'])})\s+(?=\S)", re.I),
        role_tail=re.compile(  # "… kata dia. Editor: Nama" glued to the end of a paragraph
            rf"{boundary}\(?\s*(?=(?:{_alt(roles['authors'] + roles['editors'])})\s*:)", re.I),
        sets=sets,
    )


# -- small shapes ---------------------------------------------------------------------------------

_LABEL_STRIP = " \t:;,.|»«›‹>•·-–—*#()[]"
_PAGE_NUMBERS = re.compile(
    r"^(?:(?:halaman|hal\.?|page)\s*:?\s*\d{1,3}(?:\s+\d{1,3}){0,30}|\d{1,3}(?:\s+\d{1,3}){1,30})"
    r"(?:\s*(?:selanjutnya|berikutnya|next|lanjut|»|›|>|\.\.\.))*$", re.I)
_PAGE_HREF = re.compile(
    r"(?:[?&](?:page|halaman|hal|p|pg)=\d{1,3}(?!\d)|/(?:page/|halaman/|hal/)?\d{1,3}/?(?:[?#][^\s]*)?$"
    r"|[-_](?:page|halaman|hal)-?\d{1,3}/?$)", re.I)
_HASHTAGS = re.compile(r"^#\w{1,40}(?:\s+#\w{1,40}){0,40}$")
_TAG_SPLIT = re.compile(r"\s*[,|•·;#]\s*")
_URL = re.compile(r"https?://[^\s\"'<>]{3,500}")
_DOMAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,60}(?:\.[A-Za-z]{2,6}){1,2}$")
_TLD = re.compile(r"(?:\.(?:com|co|id|net|org|news|tv|info|web|my|or|go))+$", re.I)
_ONLY_MARKS = re.compile(r"^[\W_]*$")


def _label(text: str) -> str:
    """The block as a label: lower-case, without surrounding punctuation and bullets."""
    return _short_label(text) if len(text) <= 120 else ""


@lru_cache(maxsize=4096)  # short strings only: the cache must not pin large blocks in memory
def _short_label(text: str) -> str:
    return normalise_space(text.strip(_LABEL_STRIP)).casefold()


def _key(text: str | None) -> str:
    """A comparison key that ignores case, spacing and punctuation (title vs first block)."""
    return "".join(ch for ch in (text or "").casefold() if ch.isalnum())


def _headline_like(text: str) -> bool:
    """A short line without a final full stop: a teaser headline, a tag, a list item."""
    return 0 < len(text) <= HEADLINE and not text.rstrip(" \"'”’)").endswith(".")


def _hinted(block: Block, section: str) -> bool:
    if not block.hint:
        return False
    words = rules().words(section, "hints")
    for token in block.hint.split():
        if token in words or token.split("-", 1)[0] in words or token.split("_", 1)[0] in words:
            return True
    return False


def _only(pattern: re.Pattern, text: str) -> bool:
    """True when ``text`` holds one of the pattern's phrases and nothing else but digits and punctuation."""
    if len(text) > 200:
        return False
    rest, found = pattern.subn(" ", text)
    return found > 0 and bool(_ONLY_MARKS.match(re.sub(r"\d+", " ", rest)))


def outlet_of(text: str) -> tuple[str, str | None]:
    """``PortalKalteng.com`` -> (``PortalKalteng``, ``portalkalteng.com``); a plain name has no domain."""
    text = text.strip(" ,.;:")
    if _DOMAIN.match(text):
        return _TLD.sub("", text) or text, text.lower()
    return text, None


def looks_like_furniture(line: str) -> bool:
    """Whether one line of text opens or is a piece of furniture (teaser, credit, label, source)."""
    if not line or len(line) > SHORT:
        return False
    r = rules()
    label = _label(line)
    return bool(
        r.read_prefix.match(line[:200]) or r.roles.match(line) or _SOURCE_LINE.match(line)
        or label in _all_labels() or _PAGE_NUMBERS.match(line) or _only(r.nav_only, line)
        or line.casefold().startswith(tuple(r.table["caption"]["prefixes"]))
    )


# -- the walk -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Ctx:
    out: Cleaned
    items: list[Block]
    title_key: str
    host: str | None
    offset: str | None
    mode: str = ""                              # "", "listing", "related", "tags"
    sources: list[tuple[str, str]] = field(default_factory=list)   # ("Sumber: X" line, X)
    prose_seen: bool = False                    # a real paragraph has been kept
    para_at: list[int] = field(default_factory=list)   # len(removed) when each paragraph was kept

    def cut(self, kind: str, text: str, href: str | None = None) -> None:
        text = normalise_space(text)
        if kind == "read_also" and len(text) > 1 and text[0] in _CLOSE and text[-1] == _CLOSE[text[0]]:
            text = text[1:-1].strip()  # Simak video 'Judul' -> Judul
        self.out.removed.append(Removed(kind, text, href))

    def warn(self, message: str) -> None:
        if message not in self.out.warnings:
            self.out.warnings.append(message)


def clean(blocks: list[Block], *, title: str | None = None, host: str | None = None,
          default_offset: str | None = "+07:00") -> Cleaned:
    """Split a page's blocks into article paragraphs and the furniture cut out of them."""
    items = [Block(normalise_space(b.text), b.tag, b.href, b.link_density, (b.hint or "").lower())
             for b in blocks]
    items = [b for b in items if b.text]
    ctx = _Ctx(Cleaned(), items, _key(title), host.lower() if host else None, default_offset)
    i = 0
    while i < len(items):
        i += _step(ctx, i)
    _finish(ctx)
    return ctx.out


def _step(ctx: _Ctx, i: int) -> int:
    """Handle block ``i`` (and any blocks it owns); return how many blocks were used."""
    for handler in _HANDLERS:
        used = handler(ctx, i)
        if used:
            return used
    _paragraph(ctx, ctx.items[i])
    return 1


def _marker(ctx: _Ctx, i: int) -> int:
    # "***", "---", "•": separators, not text.
    return 1 if _ONLY_MARKS.match(ctx.items[i].text[:50]) and len(ctx.items[i].text) < 50 else 0


def _title(ctx: _Ctx, i: int) -> int:
    # The headline repeated at the top of the body.
    if not ctx.prose_seen and ctx.title_key and _key(ctx.items[i].text[:1000]) == ctx.title_key:
        return 1
    return 0


def _by_hint(ctx: _Ctx, i: int) -> int:
    """Blocks whose class/id words (or tag) say what they are."""
    b = ctx.items[i]
    kind = next((k for k, s in _HINT_KINDS if _hinted(b, s)), None)
    if b.tag == "figcaption":
        kind = "caption"
    if kind is None:
        return 0
    if len(b.text) > SHORT and not b.href:
        ctx.warn(f"hint_kept: {kind} hint on a long block kept: {short(b.text)}")
        return 0
    if kind == "read_also":
        m = rules().read_prefix.match(b.text)
        ctx.cut("read_also", b.text[m.end():] if m else b.text, b.href)
    elif kind == "tags":
        _add_tags(ctx, b.text)
    elif kind == "navigation":
        _maybe_next_page(ctx, b)
        ctx.cut("navigation", b.text, b.href)
    else:
        ctx.cut(kind, b.text, b.href)
    return 1


_HINT_KINDS = (("read_also", "read_also"), ("caption", "caption"), ("tags", "tags"), ("promo", "promo"),
               ("footer", "footer"), ("navigation", "navigation"))


def _read_also(ctx: _Ctx, i: int) -> int:
    """``Baca Juga: Judul`` teasers, and a bare label followed by its link(s)."""
    b = ctx.items[i]
    if _label(b.text) in rules().words("read_also", "list_labels"):
        return _read_also_label(ctx, i)
    m = rules().read_prefix.match(b.text[:200])
    if not m:
        return 0
    rest = b.text[m.end():].strip()
    if not rest.strip(_LABEL_STRIP):
        return _read_also_label(ctx, i)
    word = (m.group("p") or m.group("c") or "").casefold()
    strong = bool(m.group("csep") or m.group("sep")) or _label(word) in rules().words("read_also", "strong")
    if not strong and not (_headline_like(rest) or b.href):
        ctx.warn(f"read_also_uncertain: kept a block that opens like a teaser: {short(b.text)}")
        return 0
    if len(rest) > SHORT:
        ctx.warn(f"read_also_long: removed a {len(rest)}-character teaser block: {short(rest)}")
    ctx.cut("read_also", rest, b.href)
    return 1


def _read_also_label(ctx: _Ctx, i: int) -> int:
    """A label alone ("Baca Juga:") owns the next link block(s) or the next headline."""
    label = _label(ctx.items[i].text)
    j = i + 1
    while j < len(ctx.items):
        nb = ctx.items[j]
        linked = nb.href is not None or _hinted(nb, "read_also")
        if not (linked or (j == i + 1 and _headline_like(nb.text) and _label(nb.text) not in _all_labels())):
            break
        m = rules().read_prefix.match(nb.text[:200])
        ctx.cut("read_also", nb.text[m.end():] if m else nb.text, nb.href)
        j += 1
        if not linked:
            break
    if j == i + 1:
        ctx.cut("read_also", "")
    if label in rules().words("read_also", "list_labels"):
        ctx.mode = "related"
    return j - i


@lru_cache(maxsize=1)
def _nav_labels() -> frozenset[str]:
    return rules().words("navigation", "labels") | rules().words("navigation", "sections")


@lru_cache(maxsize=1)
def _all_labels() -> frozenset[str]:
    t = rules().table
    return frozenset(t["navigation"]["labels"] + t["tags"]["labels"] + t["promo"]["labels"])


def _paging(ctx: _Ctx, i: int) -> int:
    """``Halaman selanjutnya``, ``Halaman: 1 2 3``: navigation, and maybe the next page's URL."""
    b = ctx.items[i]
    if _label(b.text) not in rules().words("navigation", "next_labels") and not _PAGE_NUMBERS.match(b.text[:200]):
        return 0
    _maybe_next_page(ctx, b)
    ctx.cut("navigation", b.text, b.href)
    return 1


_PAGING_HINTS = frozenset({"pagination", "paging", "pager", "paginasi", "page-numbers", "next-page"})


def _maybe_next_page(ctx: _Ctx, b: Block) -> None:
    """Record the next page's URL from a pager link: never page 1, never a breadcrumb or menu link."""
    if ctx.out.next_page_url:
        return
    label, href = _label(b.text), (b.href or "")[:500]
    is_next = label in rules().words("navigation", "next_labels")
    if not href:
        if is_next:
            ctx.warn("multi_page: a next-page label without a link")
        return
    shaped = _PAGE_HREF.search(href)
    if shaped and re.search(r"(?<!\d)0*1/?(?:[?#][^\s]*)?$", shaped.group()):
        return  # a link back to page 1
    pager = bool(_PAGING_HINTS & set(b.hint.split())) or _PAGE_NUMBERS.match(b.text[:200]) is not None
    # "Halaman selanjutnya" is unambiguous; a bare "Selanjutnya" may point at the next article.
    if (is_next and label.startswith("halaman")) or (shaped and (is_next or pager)):
        ctx.out.next_page_url = href
        ctx.warn(f"multi_page: next page at {href}")


def _navigation(ctx: _Ctx, i: int) -> int:
    """Section labels (``Terkini``, ``Terpopuler``), comment boxes, menus made of such labels."""
    b = ctx.items[i]
    label = _label(b.text)
    if label not in _nav_labels() and not re.fullmatch(r"(?:\d{1,6}\s+)?komentar(?:\s*\(\d{1,6}\))?|\d{1,3}", label):
        if not ((_only(rules().nav_only, b.text) and not _only(rules().promo_only, b.text))
                or _DOMAIN.match(b.text) or _date_only(b.text) or _menu(b.text)
                or (not ctx.prose_seen and _HASHTAGS.match(b.text[:SHORT]))):
            return 0
    ctx.cut("navigation", b.text, b.href)
    if label in rules().words("navigation", "listing_labels"):
        ctx.mode = "listing"
    return 1


_MENU_SEP = re.compile(r"\s[·•|»/]\s|\s-\s")


def _menu(text: str) -> bool:
    """``detikNews · Berita · Kolom · Indeks``: several short items between separators."""
    if len(text) > 400:
        return False
    items = _MENU_SEP.split(text)
    return len(items) >= 5 and all(0 < len(i.split()) <= 4 and not i.endswith(".") for i in items)


def _date_only(text: str) -> bool:
    """A timestamp line of its own (``Kamis, 05 November 2015 | 14:56 WIB``): page chrome."""
    if len(text) > 80:
        return False
    found = find_datetimes(text)
    return bool(found) and (found[0][1] - found[0][0]) >= 0.6 * len(text.strip(" |-–—,"))


def _tags(ctx: _Ctx, i: int) -> int:
    """A ``Tags`` heading (the short blocks after it are tags) or ``Tag: a, b`` inline."""
    b = ctx.items[i]
    labels = rules().words("tags", "labels")
    if _label(b.text) in labels:
        ctx.cut("tags", b.text)
        ctx.mode = "tags"
        return 1
    head, colon, rest = b.text[:SHORT].partition(":")
    if colon and head.strip().casefold() in labels and len(b.text) <= SHORT:
        _add_tags(ctx, rest)
        return 1
    if _HASHTAGS.match(b.text[:SHORT]):
        _add_tags(ctx, b.text)
        return 1
    return 0


def _add_tags(ctx: _Ctx, text: str) -> None:
    ctx.cut("tags", text)
    for tag in _TAG_SPLIT.split(text[:2000]):
        tag = tag.strip(_LABEL_STRIP)
        if tag and len(tag) <= TAG_MAX and tag.casefold() not in rules().words("tags", "labels"):
            if tag not in ctx.out.tags:
                ctx.out.tags.append(tag)


def _promo(ctx: _Ctx, i: int) -> int:
    """Share/follow buttons, ads, "Ikuti kami di Google News" and channel invitations."""
    b = ctx.items[i]
    r = rules()
    if _only(r.promo_only, b.text) or (
            len(b.text) <= 400 and r.promo_verb.match(b.text) and r.promo_channel.search(b.text)):
        ctx.cut("promo", b.text, b.href)
        return 1
    return 0


def _footer(ctx: _Ctx, i: int) -> int:
    b = ctx.items[i]
    if len(b.text) > SHORT:
        return 0
    low = b.text.casefold()
    if any(marker in low for marker in rules().words("footer", "markers")):
        ctx.cut("footer", b.text, b.href)
        return 1
    return 0


_CAPTION_END = re.compile(
    r"(?:\(\s*(?:foto|photo|dok|dokumentasi|ilustrasi|sumber\s+foto|antara\s+foto)\b[^()]{0,150}\)"
    r"|\b(?:foto|photo)\s*:\s*[^()]{1,120}/\s*[\w.]{2,30}(?:\s[\w.]{1,30}){0,3}|antara\s+foto\s*/\s*[^()]{1,80})\s*$",
    re.I)


# "KOMPAS.COM/NAMA FOTOGRAFER Keterangan …", "REUTERS/Nama", "AFP PHOTO / Nama": a credit opening a caption.
_CREDIT_START = re.compile(r"^(?:[A-Z][A-Z0-9.&'’ -]{1,30}|[A-Z][A-Za-z0-9-]{1,30}\.(?:com|co\.id|co|id))\s?/\s?[A-Z]")
# "Vladimir Putin di Moskow. /Reuters/Nama": a caption ending with its slash credit.
_SLASH_CREDIT_END = re.compile(r"(?:\.\s?|\s)/\s?[A-Z@][\w@.'’ /&-]{1,60}/?$")
# "— Nama (@akun) February 16, 2016": the signature line of an embedded post.
_EMBED_SIGNATURE = re.compile(r"^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w{3,9}\.?\s+\d{1,2},\s+\d{4}$")


def _caption(ctx: _Ctx, i: int) -> int:
    """Photo captions and credits: ``Foto: …``, ``… (Foto: …/Detikcom)``, ``ANTARA FOTO/…``."""
    b = ctx.items[i]
    if len(b.text) > 400:
        return 0
    low = b.text.casefold()
    if (low.startswith(tuple(rules().table["caption"]["prefixes"])) or _CAPTION_END.search(b.text[-200:])
            or _CREDIT_START.match(b.text) or _EMBED_SIGNATURE.match(b.text)
            or (len(b.text) <= SHORT and _SLASH_CREDIT_END.search(b.text[-80:]))
            or _label(b.text) in rules().words("names", "outlets")):
        ctx.cut("caption", b.text, b.href)
        return 1
    return 0


_LAPORAN = re.compile(
    r"^laporan\s+(?:wartawan|reporter|koresponden|kontributor|jurnalis)\s+[^,]{2,60},\s*(?P<name>[^,]{3,80})$",
    re.I)
_OLEH = re.compile(r"^[Oo]leh\s*:?\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5})$")


def _roles(ctx: _Ctx, i: int) -> int:
    """``Editor: A | Penulis: B``, ``Laporan Wartawan X, Nama``, ``Oleh Nama`` at the start."""
    b = ctx.items[i]
    if len(b.text) > 250:
        return 0
    if rules().roles.match(b.text):
        _take_roles(ctx, b.text)
        return 1
    role = _label(b.text)
    if role in rules().role_kind and i + 1 < len(ctx.items):
        # "Penulis" and ": Nama" in two elements (a label cell and a value cell).
        value = ctx.items[i + 1].text
        if value.startswith(":") and len(value) <= 150:
            _take_roles(ctx, f"{role}: {value.lstrip(': ')}")
            return 2
    m = _LAPORAN.match(b.text) or (_OLEH.match(b.text) if not ctx.prose_seen else None)
    if m:
        _add_names(ctx, "author", m.group("name"))
        ctx.cut("credit", b.text)
        return 1
    return 0


def _take_roles(ctx: _Ctx, text: str) -> None:
    """Parse ``Role: names`` segments of a credit line and record each one."""
    found = list(rules().roles.finditer(text[:500]))
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        value = text[m.end():end].strip(" |,;•·/")
        kind = rules().role_kind.get(_label(m.group("role")), "other")
        segment = text[m.start():end].strip(" |,;•·/")
        if kind == "source":
            _add_source(ctx, segment, value.strip(" ."))
            continue
        if kind in ("author", "editor"):
            _add_names(ctx, kind, value)
        ctx.cut("editor_line" if kind == "editor" else "credit", segment)


_SOURCE_LINE = re.compile(r"^\(?\s*sumber\s*:\s*(?P<v>[^()]{1,150})\)?\s*$", re.I)


def _source_line(ctx: _Ctx, i: int) -> int:
    """``Sumber: Kompas.com`` on its own line (``Sumber daya alam …`` has no colon, and stays)."""
    b = ctx.items[i]
    m = _SOURCE_LINE.match(b.text) if len(b.text) <= 200 else None
    if not m:
        return 0
    _add_source(ctx, b.text, m.group("v").strip(" ."), b.href)
    return 1


def _add_source(ctx: _Ctx, line: str, value: str, href: str | None = None) -> None:
    ctx.sources.append((line, value))
    ctx.cut("source_line", line, href or (value if _URL.match(value) else None))


def _in_mode(ctx: _Ctx, i: int) -> int:
    """After a list heading: its links and headlines belong to it; prose ends the list."""
    if not ctx.mode:
        return 0
    b = ctx.items[i]
    if ctx.mode == "tags" and len(b.text) <= TAG_MAX and len(b.text.split()) <= 6 and _headline_like(b.text):
        _add_tags(ctx, b.text)
        return 1
    if ctx.mode in ("listing", "related") and (b.href or _headline_like(b.text)):
        ctx.cut("read_also" if ctx.mode == "related" else "navigation", b.text, b.href)
        return 1
    if ctx.mode == "listing":
        ctx.warn(f"kept_after_furniture: prose after a '{ctx.mode}' section kept: {short(b.text)}")
    ctx.mode = ""
    return 0


_HANDLERS = (_marker, _title, _by_hint, _read_also, _paging, _navigation, _tags, _promo, _footer,
             _caption, _roles, _source_line, _in_mode)


# -- inside a paragraph: notices, teasers and credits glued to prose ------------------------------

def _paragraph(ctx: _Ctx, b: Block) -> None:
    text = _cut_notice(ctx, b.text)
    text = _cut_inline_read_also(ctx, text)
    text = _cut_tail_credits(ctx, text)
    text = text.rstrip(" *")  # "***" closing marks (rstrip, not a regex: linear on "* * * …")
    text = repair_punctuation(normalise_space(text))
    if text and not _ONLY_MARKS.match(text[:50]):
        ctx.out.paragraphs.append(text)
        ctx.para_at.append(len(ctx.out.removed))
        ctx.prose_seen = ctx.prose_seen or _prose_like(text)
        ctx.mode = ""


def _prose_like(text: str) -> bool:
    """A sentence, not a menu item: ends like a sentence, or is long and not a run of Capitalised Words."""
    if text.endswith((".", "!", "?", "…", '"', "”", "’")):
        return True
    words = text[:2000].split()
    if len(text) <= 150 and len(words) < 15:
        return False
    capitalised = sum(w[:1].isupper() for w in words)
    return ". " in text or capitalised < 0.8 * len(words)


def _edge_furniture(text: str) -> bool:
    """A short line that is not a sentence: menu items and labels around the article."""
    return (len(text) <= 100 and len(text.split()) <= 12 and not _prose_like(text)
            and not text.endswith((":", ",", ";")) and not any(q in text for q in '"“”'))


def _sentence_case(text: str) -> bool:
    """``Selamat jalan, Pak Rahmat``: a capital first word and mostly lower-case words after it.

    Headlines and menus are Title Case, tag lists are all lower-case; a sentence-case line without a
    full stop may be the article's own last words, so it is kept.
    """
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 4 or not words[0][:1].isupper():
        return False
    return sum(w[:1].islower() for w in words[1:]) >= 0.5 * (len(words) - 1)


def _cut_notice(ctx: _Ctx, text: str) -> str:
    """Cut a syndication notice (and everything after it) off the end of a paragraph."""
    base = max(0, len(text) - TAIL)
    for m in rules().notice_start.finditer(text, base):
        if len(text) - m.start() > NOTICE_MAX:
            ctx.warn(f"syndication_uncertain: notice-like words inside prose kept: {short(text[m.start():])}")
            continue
        parsed = _parse_notice(ctx, text[m.start():])
        if parsed is None:
            continue
        notice, roles = parsed
        ctx.cut("syndication_notice", notice.notice or "", notice.source_url)
        if ctx.out.syndication is None:
            ctx.out.syndication = notice
        else:
            ctx.warn(f"syndication: a second notice removed: {short(notice.notice or '')}")
        if roles:
            _take_roles(ctx, roles)
        return text[: m.start()].rstrip()
    return text


_DILANSIR = re.compile(r"^\(?\s*dilansir\s+", re.I)
_JUDUL = re.compile(r"\s*,?\s+dengan\s+judul(?:\s+artikel)?\s*:?\s*", re.I)
_PADA = re.compile(r"\s*,?\s+pada\s+|\s*,\s+", re.I)
_SRC_END = re.compile(r"[,;(]|\.(?:\s|$)|\s+(?:pada|dengan|yang|untuk|dan|serta|sebelumnya)\s", re.I)
_CLOSE = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def _parse_notice(ctx: _Ctx, window: str) -> tuple[Syndication, str] | None:
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
    url_m = _URL.search(after[:1000])
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
        dari = re.search(r"(?:^|\s)dari\s+", window[m.end(): m.end() + 100], re.I)
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
    if rest[:1] in _CLOSE:
        close = rest.find(_CLOSE[rest[0]], 1)
        if close > 1:
            return normalise_space(rest[1:close]) or None, rest[close + 1:]
    stop = rules().title_stop.search(rest)
    title = rest[: stop.start()] if stop else rest
    after = rest[stop.start():] if stop else ""
    return normalise_space(title).strip(" ,.;:-–—\"'") or None, after


def _cut_inline_read_also(ctx: _Ctx, text: str) -> str:
    """``… kata dia. Baca juga: Judul`` at the end of a paragraph: the teaser goes."""
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


_STARRED = re.compile(r"\*{2,}\s*\(\s*([^()]{2,120})\)[*\s]*$")
_NAME_CREDIT = re.compile(r"(?:(?<=[.!?\"”’*])|(?<=[.!?\"”’*]\s))\(\s*([^()/]{2,60})/([^()]{2,60})\)\s*$")
_AGENCY_CODE = re.compile(r"(?:(?<=[.!?\"”’)*])|(?<=[.!?\"”’)*]\s))\(\s*([A-Za-z]{1,6}(?:\s*/\s*[a-z]{1,6}){0,3})\s*\)\s*$")
_SOURCE_TAIL = re.compile(r"\(\s*sumber\s*:\s*([^()]{1,150})\)\s*$", re.I)
_PHOTO_TAIL = re.compile(r"\(\s*(?:foto|photo|dok|dokumentasi|ilustrasi)\b[^()]{0,150}\)\s*$", re.I)
_NAMEISH = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,5}$")


def _cut_tail_credits(ctx: _Ctx, text: str) -> str:
    """Credits at the end of the last paragraph: ``***(Nama/Outlet.com)``, ``(ant/xyz)``, ``(Sumber: X)``."""
    for _ in range(4):
        tail_at = max(0, len(text) - 250)
        tail = text[tail_at:]
        if m := _STARRED.search(tail):
            inner = m.group(1)
            _add_names(ctx, "author", inner.split("/")[0] if "/" in inner else inner)
        elif (m := _NAME_CREDIT.search(tail)) and _NAMEISH.match(m.group(1).strip()):
            _add_names(ctx, "author", m.group(1))
        elif (m := _AGENCY_CODE.search(tail)) and ("/" in m.group(1) or m.group(1).islower()):
            pass  # agency and editor initials: a credit, but not a person's name
        elif m := _SOURCE_TAIL.search(tail):
            _add_source(ctx, m.group(), m.group(1).strip(" ."))
            text = text[: tail_at + m.start()].rstrip()
            continue
        elif m := _PHOTO_TAIL.search(tail):
            ctx.cut("caption", m.group())
            text = text[: tail_at + m.start()].rstrip()
            continue
        elif (m := rules().role_tail.search(text, tail_at)) and len(text) - m.start() <= 200:
            _take_roles(ctx, text[m.start():].strip(" ()"))
            text = text[: m.start()].rstrip()
            continue
        else:
            return text
        ctx.cut("credit", m.group().strip(" *"))
        text = text[: tail_at + m.start()].rstrip()
    return text


# -- dateline -------------------------------------------------------------------------------------

_DASH = re.compile(r"\s+[-–—]{1,2}\s*|[-–—]{1,2}\s+|[–—]|--")
_AGENCY_PAREN = re.compile(r"\s*\(([A-Za-z][^()]{1,40})\)$")
_WORD_CAPS = re.compile(r"^[A-Z][A-Z0-9&'’./-]*$")
_WORD_TITLE = re.compile(r"^[A-Z][a-z'’-]+$")
_WORD_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+$")   # "KompasOtomotif", "JawaPos"
_PART_DATE = re.compile(r"^\d{1,2}\s[A-Z][a-z]+\s\d{4}$")


def split_dateline(text: str) -> tuple[str | None, str]:
    """``JAKARTA, KOMPAS.com - Teks`` -> (``JAKARTA, KOMPAS.com``, ``Teks``); (None, text) when absent."""
    m = _DASH.search(text[:90])
    if not m or m.start() == 0:
        return None, text
    prefix, rest = text[: m.start()].strip(), text[m.end():]
    strength = _dateline_strength(prefix)
    if strength == 0 or (rest and not (rest[0].isalnum() or rest[0] in "\"“'‘(")):
        return None, text
    if not rest and strength < 2:
        return None, text  # a dateline alone in its block must be unmistakable
    if strength == 1:
        # Weak (Title Case only, "Jakarta -"): needs a spaced dash and no second dash pairing with it.
        sentence = rest[:200].split(". ", 1)[0]
        if not m.group().startswith(" ") or _DASH.search(sentence):
            return None, text
    return repair_punctuation(prefix), rest


def _dateline_strength(prefix: str) -> int:
    """2: surely a dateline; 1: maybe (place name only); 0: not a dateline."""
    if not prefix or len(prefix) > 70:
        return 0
    agency = _AGENCY_PAREN.search(prefix)
    core = prefix[: agency.start()] if agency else prefix
    strong = agency is not None
    words = 0
    for part in core.split(","):
        part = part.strip()
        if _PART_DATE.match(part):
            continue
        tokens = part.split()
        if not 1 <= len(tokens) <= 4:
            return 0
        for tok in tokens:
            if _DOMAIN.match(tok) or _WORD_CAMEL.match(tok):
                strong = True
            elif _WORD_CAPS.match(tok):
                strong = strong or sum(ch.isalpha() for ch in tok) >= 3
            elif not _WORD_TITLE.match(tok):
                return 0
            words += 1
    if not words and not agency:
        return 0
    return 2 if strong else (1 if words <= 2 else 0)


# -- names ----------------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\s+dan\s+|\s+and\s+)\s*", re.I)
_DEGREE = re.compile(r"^(?:[A-Z][a-z]{0,3}\.){1,4}[A-Za-z]{0,4}\.?$")


def clean_names(value: str) -> list[str]:
    """Person names from a byline value: no role words, no outlet names, ``A dan B`` split."""
    r = rules()
    not_person, outlets = r.words("names", "not_person"), r.words("names", "outlets")
    value = re.sub(r"\([^()]{0,80}\)", " ", value[:300])
    out: list[str] = []
    for piece in value.split("/"):
        for name in _NAME_SPLIT.split(piece):
            name = normalise_space(name).strip(" .:;,-–—|*\"'“”")
            low = name.casefold()
            if not name or _DEGREE.match(name) or any(ch.isdigit() for ch in name) or len(name) > 60:
                continue
            if low in outlets or _DOMAIN.match(name) or "." in name.split()[-1][:-1]:
                continue
            if all(w in not_person or w in outlets for w in low.split()) or len(name.split()) > 6:
                continue
            if low.split()[0] in not_person:
                continue  # "Kontributor Lhokseumawe", "Tim Liputan": a role and a place, not a name
            out.append(name)
    return out


def _add_names(ctx: _Ctx, kind: str, value: str) -> None:
    target = ctx.out.editors if kind == "editor" else ctx.out.authors
    for name in clean_names(value):
        if name.casefold() not in (n.casefold() for n in target):
            target.append(name)


# -- the end --------------------------------------------------------------------------------------

def _finish(ctx: _Ctx) -> None:
    _trim_edges(ctx)
    _source_syndication(ctx)


def _trim_edges(ctx: _Ctx) -> None:
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


def _source_syndication(ctx: _Ctx) -> None:
    """A lone ``Sumber: X`` is the declared origin when no notice said more."""
    if ctx.out.syndication is not None or not ctx.sources:
        return
    own = {ctx.host or "", ctx.out.outlet_domain or ""} - {""}
    for line, value in ctx.sources:
        low = value.casefold()
        if any(o in low or low in o for o in own):
            continue
        url = value if _URL.match(value) else None
        ctx.out.syndication = Syndication(None if url else value, None, url, None, normalise_space(line))
        return
