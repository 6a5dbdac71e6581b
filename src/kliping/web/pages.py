"""The dashboard: server-rendered HTML pages over the store, with a little optional JavaScript.

Every text on these pages comes from untrusted web pages. Templates autoescape everything and
never use ``|safe``; the few HTML fragments built here (the highlighted body, snippets, diffs) are
``Markup`` made only of fixed tags and ``escape``d text, with class names taken from fixed tables.
Links to the outside world are kept only for http(s) URLs. The CSP (see ``app.py``) forbids
inline script and style, so nothing here relies on them.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from kliping.article import Article
from kliping.errors import KlipingError
from kliping.store.base import Cluster, Store
from kliping.web.deps import get_store

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE = 20  # results per page
FACET_POOL = 100  # search hits the facets are computed from
LATEST = 15  # articles on the home page
# Days back from the newest article read for "Terkini", widening until enough are found: the store
# has no "newest n" query, and each step costs about twice the one before at most.
LATEST_STEPS = (1, 3, 7, 15, 31, 62, 125, 250, 500)
MAX_MARKS = 5000  # highlighted spans per article; more is noise and slows the page
DIFF_TOKENS = 3000  # words per copy compared on a cluster page (difflib is quadratic at worst)
DIFF_COPIES = 6  # copies shown side by side
LIST_PAGE = 50  # clusters per list page
TREND_WINDOWS = ("24h", "3d", "7d", "30d")

# Class names come from these tables only, never from the record itself.
ENTITY_CLASSES = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "NORP": "norp",
                  "EVENT": "event", "PRODUCT": "product"}
ENTITY_LABELS = {"PERSON": "Tokoh", "ORG": "Organisasi", "GPE": "Negara/daerah", "LOC": "Tempat",
                 "NORP": "Kelompok", "EVENT": "Peristiwa", "PRODUCT": "Produk"}
QUOTE_CLASSES = {"direct": "direct", "indirect": "indirect"}
REMOVED_LABELS = {"read_also": "Baca juga", "syndication_notice": "Catatan sindikasi", "credit": "Kredit",
                  "editor_line": "Editor", "source_line": "Sumber", "tags": "Tag", "navigation": "Navigasi",
                  "promo": "Promosi", "caption": "Keterangan foto", "footer": "Kaki halaman",
                  "dateline": "Dateline"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
ZONES = {"+07:00": "WIB", "+08:00": "WITA", "+09:00": "WIT"}
# Mark kinds by nesting rank: at the same span the quote wraps the entity, the entity the amount, …
_RANK = {"quote": 0, "entity": 1, "amount": 2, "date": 3}
_WORD = re.compile(r"\S+")
_MARK = re.compile(r"<mark>|</mark>")

router = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]


# -- small helpers used by the templates ----------------------------------------------------------


def safe_href(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link, else None (no javascript:, data:, relative tricks)."""
    if not url or len(url) > 4000:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def entity_url(name: str) -> str:
    """The dashboard path of an entity page (the name quoted as one path segment)."""
    return "/entities/" + quote(name, safe="")


def when(value: str | None) -> str:
    """An ISO time as `16 Des 2021 15.48 WIB` (the raw value when it cannot be read)."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value[:40]
    text = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    if len(value) > 10:
        offset = moment.strftime("%z")
        zone = ZONES.get(f"{offset[:3]}:{offset[3:]}" if offset else "", "UTC" if offset == "+0000" else "")
        text += f" {moment:%H.%M}" + (f" {zone}" if zone else "")
    return text


def number(value: Any) -> str:
    """A number the Indonesian way: `12.000.000.000`, `2,5` (other values as text)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".").translate(_SEPARATORS)
    return f"{int(value):,}".translate(_SEPARATORS)


_SEPARATORS = str.maketrans({",": ".", ".": ","})


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, number=number, href=safe_href, entity_url=entity_url, seg=lambda s: quote(str(s), safe=""))
    env.globals.update(entity_labels=ENTITY_LABELS, removed_labels=REMOVED_LABELS,
                       entity_classes=ENTITY_CLASSES, trend_windows=TREND_WINDOWS)
    return env


ENV = _env()


def render(request: Request, name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """One page from its template; every value is autoescaped unless it is already ``Markup``."""
    page = ENV.get_template(name).render(request=request, path=request.url.path, **context)
    return HTMLResponse(page, status_code=status)


def not_found(request: Request, what: str) -> HTMLResponse:
    """The 404 page, naming what was looked for."""
    return render(request, "404.html", status=404, what=what, title="Tidak ditemukan")


# -- highlighted text ------------------------------------------------------------------------------


def remark_snippet(snippet: str) -> Markup:
    """A store snippet rebuilt here: text between <mark> tags unescaped, then escaped again by us.

    The store promises escaped text with <mark> around hits; rebuilding it means a backend that
    breaks that promise still cannot put markup on the page.
    """
    out: list[str] = []
    inside = False
    pos = 0
    for m in _MARK.finditer(snippet):
        out.append(_piece(snippet[pos : m.start()], inside))
        inside = m.group() == "<mark>"
        pos = m.end()
    out.append(_piece(snippet[pos:], inside))
    return Markup("".join(out))


def _piece(text: str, marked: bool) -> str:
    if not text:
        return ""
    safe = str(escape(html.unescape(text)))
    return f"<mark>{safe}</mark>" if marked else safe


def _marks(article: Article) -> list[tuple[int, int, str, Markup, Markup]]:
    """(start, end, kind, opening tag, closing tag) for every valid span of the record."""
    n = len(article.body)
    out: list[tuple[int, int, str, Markup, Markup]] = []

    def add(span: tuple[int, int] | None, kind: str, opening: Markup, closing: Markup) -> None:
        if span and 0 <= span[0] < span[1] <= n and len(out) < MAX_MARKS:
            out.append((span[0], span[1], kind, opening, closing))

    for q in article.quotes:
        cls = QUOTE_CLASSES.get(q.kind, "other")
        badge = Markup('<span class="speaker">{}</span>').format(q.speaker) if q.speaker else Markup("")
        add(q.span, "quote", Markup('<span class="quote quote-{}">').format(cls) + badge, Markup("</span>"))
    for e in article.entities:
        name = e.canonical or e.text
        opening = Markup('<a class="ent ent-{}" href="{}" title="{}">').format(
            ENTITY_CLASSES.get(e.label, "other"), entity_url(name), f"{ENTITY_LABELS.get(e.label, e.label)}: {name}")
        for span in e.mentions:
            add(span, "entity", opening, Markup("</a>"))
    for a in article.amounts:
        title = " ".join(str(x) for x in (a.value, a.unit, a.object) if x is not None)
        add(a.span, "amount", Markup('<span class="amount" title="{}">').format(title), Markup("</span>"))
    for d in article.dates:
        title = (d.value or "") + (" (relatif)" if d.relative else "")
        add(d.span, "date", Markup('<span class="date" title="{}">').format(title), Markup("</span>"))
    return out


def _nested(marks: list[tuple[int, int, str, Markup, Markup]]) -> list[tuple[int, int, str, Markup, Markup]]:
    """The marks that nest properly (outer first); one that crosses an open mark is dropped."""
    ordered = sorted(marks, key=lambda m: (m[0], -m[1], _RANK[m[2]]))
    kept: list[tuple[int, int, str, Markup, Markup]] = []
    open_ends: list[int] = []
    for m in ordered:
        while open_ends and open_ends[-1] <= m[0]:
            open_ends.pop()
        if open_ends and m[1] > open_ends[-1]:
            continue  # crossing: HTML cannot show it without breaking the outer element
        kept.append(m)
        open_ends.append(m[1])
    return kept


def _paragraph_spans(article: Article) -> list[tuple[int, int]]:
    n = len(article.body)
    spans = [(a, b) for a, b in article.paragraphs if 0 <= a < b <= n]
    if spans:
        return spans
    out, pos = [], 0
    for part in article.body.split("\n\n"):
        if part.strip():
            out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def highlight(article: Article) -> list[Markup]:
    """The body as paragraphs of escaped text with entities, quotes, amounts and dates wrapped."""
    marks = _nested(_marks(article))
    body = article.body
    out: list[Markup] = []
    i = 0
    for start, end in _paragraph_spans(article):
        while i < len(marks) and marks[i][1] <= start:
            i += 1
        inside = []
        for s, e, k, o, c in marks[i:]:
            if s >= end:
                break  # sorted by start: the rest belong to later paragraphs
            if e > start:
                inside.append((max(s, start), min(e, end), k, o, c))
        out.append(_render_span(body, start, end, inside))
    return out


def _render_span(body: str, start: int, end: int, marks: list[tuple[int, int, str, Markup, Markup]]) -> Markup:
    parts: list[str] = []
    stack: list[tuple[int, Markup]] = []
    pos = start
    for s, e, _, opening, closing in marks:
        while stack and stack[-1][0] <= s:
            close_at, tag = stack.pop()
            parts += [escape(body[pos:close_at]), tag]
            pos = close_at
        parts += [escape(body[pos:s]), opening]
        pos = s
        stack.append((e, closing))
    while stack:
        close_at, tag = stack.pop()
        parts += [escape(body[pos:close_at]), tag]
        pos = close_at
    parts.append(escape(body[pos:end]))
    return Markup("".join(str(p) for p in parts))


# -- differences between copies -------------------------------------------------------------------

_BREAK = Markup('<span class="pb"></span>')


def _tokens(article: Article) -> list[str | None]:
    """Words of the body, None between paragraphs, at most DIFF_TOKENS."""
    out: list[str | None] = []
    for a, b in _paragraph_spans(article):
        if out:
            out.append(None)
        out.extend(m.group() for m in _WORD.finditer(article.body, a, b))
        if len(out) >= DIFF_TOKENS:
            break
    return out[:DIFF_TOKENS]


def _words(tokens: list[str | None], tag: str | None = None) -> str:
    if tag:  # paragraph breaks at the edges stay outside <ins>/<del>: only words are marked
        lead = len(tokens) - len(_lstrip(tokens))
        trail = len(tokens) - len(_lstrip(tokens[::-1]))
        inner = tokens[lead : len(tokens) - trail]
        marked = f"<{tag}>{_words(inner)}</{tag}>" if inner else ""
        return " ".join(p for p in (_words(tokens[:lead]), marked, _words(tokens[len(tokens) - trail :])) if p)
    return " ".join(str(_BREAK) if t is None else str(escape(t)) for t in tokens)


def _lstrip(tokens: list[str | None]) -> list[str | None]:
    i = 0
    while i < len(tokens) and tokens[i] is None:
        i += 1
    return tokens[i:]


def word_diff(original: Article, copy: Article) -> tuple[Markup, float]:
    """The copy's text with words added (<ins>) and dropped (<del>) against the original, and the similarity."""
    a, b = _tokens(original), _tokens(copy)
    matcher = difflib.SequenceMatcher(None, a, b)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(_words(b[j1:j2]))
        if op in ("delete", "replace"):
            out.append(_words(a[i1:i2], "del"))
        if op in ("insert", "replace"):
            out.append(_words(b[j1:j2], "ins"))
    return Markup(" ".join(p for p in out if p)), round(matcher.ratio(), 3)


def plain(article: Article) -> Markup:
    """The body as escaped words with paragraph breaks (the original's column)."""
    return Markup(_words(_tokens(article)))


# -- small SVG drawings (coordinates computed here, drawn by the templates) ------------------------


def _label(text: str | None, size: int = 24) -> str:
    text = " ".join((text or "?").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def provenance(article: Article, detected: Article | None = None) -> dict[str, Any]:
    """Nodes and edges of: cited agencies → source outlet → this copy (laid out left to right)."""
    cited = list(dict.fromkeys(c.name for c in article.cited_sources if c.name))[:5]
    columns: list[list[dict[str, Any]]] = []
    if cited:
        columns.append([{"label": _label(n), "full": n, "kind": "cited", "href": entity_url(n)} for n in cited])
    syn = article.syndication
    if syn and (syn.source_outlet or syn.source_url):
        name = syn.source_outlet or urlsplit(syn.source_url or "").netloc or "sumber"
        columns.append([{"label": _label(name), "full": name, "kind": "source", "href": safe_href(syn.source_url)}])
    elif detected is not None:
        name = detected.outlet.name or detected.outlet.domain or "asli"
        columns.append([{"label": _label(name), "full": f"{name} (terdeteksi, bukan dinyatakan)",
                         "kind": "detected", "href": f"/articles/{quote(detected.id, safe='')}"}])
    me = article.outlet.name or article.outlet.domain or "salinan ini"
    columns.append([{"label": _label(me), "full": me, "kind": "self", "href": None}])
    return _layout(columns)


def _layout(columns: list[list[dict[str, Any]]]) -> dict[str, Any]:
    box_w, box_h, gap_x, gap_y, pad = 190, 34, 60, 12, 8
    rows = max(len(c) for c in columns)
    height = pad * 2 + rows * box_h + (rows - 1) * gap_y
    nodes, edges = [], []
    for ci, column in enumerate(columns):
        top = pad + (height - 2 * pad - (len(column) * box_h + (len(column) - 1) * gap_y)) / 2
        for ri, node in enumerate(column):
            node = dict(node, x=pad + ci * (box_w + gap_x), y=top + ri * (box_h + gap_y), w=box_w, h=box_h)
            node["cx"], node["cy"] = node["x"] + box_w / 2, node["y"] + box_h / 2 + 4
            nodes.append(node)
    by_column: list[list[dict[str, Any]]] = []
    k = 0
    for column in columns:
        by_column.append(nodes[k : k + len(column)])
        k += len(column)
    for left, right in zip(by_column, by_column[1:], strict=False):
        target = right[0]
        for node in left:
            edges.append({"x1": node["x"] + box_w, "y1": node["y"] + box_h / 2,
                          "x2": target["x"] - 4, "y2": target["y"] + box_h / 2})
    width = pad * 2 + len(columns) * box_w + (len(columns) - 1) * gap_x
    return {"nodes": nodes, "edges": edges, "width": width, "height": height}


def timeline_chart(timeline: list[tuple[str, int]], width: int = 720, height: int = 160) -> dict[str, Any]:
    """Bars of mentions per day (per month when the span is longer than three months)."""
    days = {d: n for d, n in timeline if len(d) == 10 and d[4] == "-"}
    unknown = sum(n for d, n in timeline if d not in days)
    if not days:
        return {"bars": [], "unknown": unknown, "width": width, "height": height, "max": 0}
    first, last = (datetime.fromisoformat(d) for d in (min(days), max(days)))
    if (last - first).days <= 92:
        keys = [(first + timedelta(days=i)).date().isoformat() for i in range((last - first).days + 1)]
        counts = days
    else:
        counts = Counter()
        for d, n in days.items():
            counts[d[:7]] += n
        keys = list(_months(min(days)[:7], max(days)[:7]))
    top = max(counts.values())
    plot_h, base = height - 34, height - 20
    step = min((width - 20) / len(keys), 48.0)  # a few days must not become slabs
    left = 10 + (width - 20 - step * len(keys)) / 2
    bars = [{"x": left + i * step + step * 0.1, "w": max(step * 0.8, 1.0), "h": counts.get(k, 0) / top * plot_h,
             "y": base - counts.get(k, 0) / top * plot_h, "label": k, "n": counts.get(k, 0)}
            for i, k in enumerate(keys)]
    return {"bars": bars, "unknown": unknown, "width": width, "height": height, "max": top, "base": base,
            "first": keys[0], "last": keys[-1], "left": bars[0]["x"], "right": bars[-1]["x"] + bars[-1]["w"]}


def _months(first: str, last: str) -> Iterator[str]:
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# -- reading the store ------------------------------------------------------------------------------


def latest(store: Store, n: int = LATEST) -> list[Article]:
    """The ``n`` most recently published articles, reading as few records as the steps allow."""
    newest = store.latest_published()
    if newest is None:
        return list(store.iter_articles(batch=n))[:n]
    found: list[Article] = []
    for days in (*LATEST_STEPS, None):
        since = None if days is None else (newest - timedelta(days=days)).isoformat()
        found = list(store.iter_articles(since=since))  # bounded by the window in all but the last step
        if len(found) >= n:
            break
    return found[::-1][:n]


def trends(store: Store, window_text: str, at: str | None = None) -> dict[str, Any]:
    """Rising names (``collection.trends.trending``) and the plain most-mentioned, for one window."""
    from kliping.collection.trends import parse_window, trending

    window = parse_window(window_text)
    end = datetime.fromisoformat(at) if at else store.latest_published()
    if end is None:
        return {"rising": [], "frequent": [], "end": None, "window": window_text}
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)

    def counts(since: datetime, until: datetime) -> dict[tuple[str, str | None], int]:
        return {(name, None): n for name, n in store.entity_counts(since.isoformat(), until.isoformat()).items()}

    rising = trending(counts, end=end, window=window, limit=20)
    frequent = sorted(store.entity_counts((end - window).isoformat(), end.isoformat()).items(),
                      key=lambda kv: (-kv[1], kv[0]))[:10]
    top = max((t.score for t in rising), default=1.0) or 1.0
    return {"rising": [{"trend": t, "pct": round(100 * t.score / top)} for t in rising], "frequent": frequent,
            "end": end.isoformat(timespec="minutes"), "window": window_text}


def _facets(hits: list, records: dict[str, Article]) -> dict[str, list[tuple[str, int]]]:
    outlets = Counter(h.outlet for h in hits if h.outlet)
    months = Counter(h.published[:7] for h in hits if h.published and len(h.published) >= 7)
    languages = Counter(a.language for a in records.values() if a.language)
    entities: Counter[str] = Counter()
    for a in records.values():
        entities.update({e.canonical or e.text for e in a.entities if e.label in ENTITY_CLASSES})
    return {"outlet": outlets.most_common(10), "month": sorted(months.items(), reverse=True)[:12],
            "language": languages.most_common(6), "entity": entities.most_common(12)}


def _with(params: dict[str, str], **changes: str | None) -> str:
    """The search URL for the current parameters with some set or removed (and back to page 1)."""
    merged = {k: v for k, v in (params | changes).items() if v and k != "page"}
    return "/search?" + urlencode(merged)


def _cluster(store: Store, cluster_id: str, kind: str | None = None) -> Cluster | None:
    return next((c for c in store.clusters(kind) if c.id == cluster_id), None)


def _get_all(store: Store, ids: Iterable[str]) -> list[Article]:
    return [a for a in (store.get(i) for i in ids) if a is not None]


# -- the pages --------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep) -> HTMLResponse:
    """Search box, counts, what is rising, the latest articles."""
    stats = store.stats()
    return render(request, "home.html", title="Kliping", stats=stats, latest=latest(store),
                  trending=trends(store, "24h"))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: StoreDep, q: str = "", outlet: str = "", since: str = "", until: str = "",
           entity: str = "", language: str = "", page: int = 1) -> HTMLResponse:
    """Full-text search with facets computed from the best hits and highlighted snippets."""
    params = {"q": q, "outlet": outlet, "since": since, "until": until, "entity": entity, "language": language}
    page = max(1, min(page, 50))
    context: dict[str, Any] = {"params": params, "hits": [], "facets": {}, "error": None, "page": page,
                               "title": f"Cari: {q}" if q else "Cari", "with_": _with,
                               "active": [k for k, v in params.items() if v and k != "q"]}
    if not q.strip():
        return render(request, "search.html", **context)
    filters = {k: v or None for k, v in params.items() if k != "q"}
    offset = (page - 1) * PAGE
    try:
        pool = store.search(q, limit=FACET_POOL, **filters)
        hits = pool[offset : offset + PAGE] if offset + PAGE <= FACET_POOL else \
            store.search(q, limit=PAGE, offset=offset, **filters)
    except KlipingError as exc:  # a malformed query or date: say so on the page
        return render(request, "search.html", status=400, **(context | {"error": str(exc)}))
    records = {h.id: a for h in pool if (a := store.get(h.id)) is not None}
    context.update(hits=[{"hit": h, "snippet": remark_snippet(h.snippet)} for h in hits], total=len(pool),
                   facets=_facets(pool, records), more=len(hits) == PAGE)
    return render(request, "search.html", **context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
    """The reading view: highlighted body, what was removed, provenance, entities, quotes, clusters."""
    article = store.get(article_id)
    if article is None:
        return not_found(request, f"artikel {article_id}")
    clusters = store.clusters_of(article.id)
    detected = None
    for c in clusters:
        if c.kind == "syndication" and c.original and c.original != article.id:
            detected = store.get(c.original)
    cluster_rows = [{"cluster": c, "members": [m for m in store.members(list(c.members)) if m.id != article.id]}
                    for c in clusters]
    entities = sorted(article.entities, key=lambda e: (-len(e.mentions), e.canonical or e.text))
    return render(request, "article.html", title=article.title or article.id, a=article,
                  paragraphs=highlight(article), graph=provenance(article, detected), clusters=cluster_rows,
                  entities=entities, source_href=safe_href(article.url or article.canonical_url))


@router.get("/articles/{article_id}/related", response_class=HTMLResponse)
def related_page(request: Request, article_id: str, store: StoreDep) -> HTMLResponse:
    """What to read next (``collection.stories.related``: embeddings, so computed only on request)."""
    from kliping.collection.build import docs_of
    from kliping.collection.stories import RELATED_WINDOW_DAYS, related

    article = store.get(article_id)
    if article is None:
        return not_found(request, f"artikel {article_id}")
    since = until = None
    if article.published:
        try:
            moment = datetime.fromisoformat(article.published)
            since = (moment - timedelta(days=RELATED_WINDOW_DAYS)).isoformat()
            until = (moment + timedelta(days=RELATED_WINDOW_DAYS)).isoformat()
        except ValueError:
            pass
    docs = docs_of(store.iter_articles(since=since, until=until))
    if all(d.id != article.id for d in docs):
        docs += docs_of([article])
    found = [(store.get(i), score) for i, score in related(article.id, docs, k=8)]
    return render(request, "related.html", title=f"Terkait: {article.title or article.id}", a=article,
                  found=[(m, s) for m, s in found if m is not None], window=RELATED_WINDOW_DAYS)


@router.get("/clusters", response_class=HTMLResponse)
def clusters_page(request: Request, store: StoreDep, page: int = 1) -> HTMLResponse:
    """Syndication clusters: one text published by several outlets."""
    return _cluster_list(request, store, "syndication", page)


@router.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request, store: StoreDep, page: int = 1) -> HTMLResponse:
    """Story clusters: one event told in different words."""
    return _cluster_list(request, store, "story", page)


def _cluster_list(request: Request, store: Store, kind: str, page: int) -> HTMLResponse:
    every = sorted(store.clusters(kind), key=lambda c: (-len(c.members), c.id))
    page = max(1, page)
    shown = every[(page - 1) * LIST_PAGE : page * LIST_PAGE]
    rows = [{"cluster": c, "original": store.get(c.original or c.members[0]) if c.members else None}
            for c in shown]
    return render(request, "clusters.html", title="Cerita" if kind == "story" else "Klaster sindikasi",
                  kind=kind, rows=rows, page=page, total=len(every), more=page * LIST_PAGE < len(every))


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: str, store: StoreDep) -> HTMLResponse:
    """All copies side by side, each with the words it adds or drops against the original marked."""
    cluster = _cluster(store, cluster_id, "syndication") or _cluster(store, cluster_id)
    if cluster is None:
        return not_found(request, f"klaster {cluster_id}")
    if cluster.kind == "story":
        return story_page(request, cluster_id, store)
    members = _get_all(store, cluster.members)
    if not members:
        return not_found(request, f"artikel klaster {cluster_id}")
    original = next((a for a in members if a.id == cluster.original), members[0])
    copies = [a for a in members if a.id != original.id]
    columns = [{"a": original, "text": plain(original), "ratio": 1.0, "original": True}]
    for copy in copies[:DIFF_COPIES]:
        text, ratio = word_diff(original, copy)
        columns.append({"a": copy, "text": text, "ratio": ratio, "original": False})
    return render(request, "cluster.html", title=f"Klaster: {original.title or cluster.id}", cluster=cluster,
                  columns=columns, hidden=max(0, len(copies) - DIFF_COPIES))


@router.get("/stories/{cluster_id}", response_class=HTMLResponse)
def story_page(request: Request, cluster_id: str, store: StoreDep) -> HTMLResponse:
    """One event as several outlets told it: the articles in time order and the names they share."""
    cluster = _cluster(store, cluster_id, "story") or _cluster(store, cluster_id)
    if cluster is None:
        return not_found(request, f"cerita {cluster_id}")
    members = sorted(_get_all(store, cluster.members), key=lambda a: (a.published or "", a.id))
    shared: Counter[str] = Counter()
    for a in members:
        shared.update({e.canonical or e.text for e in a.entities if e.label in ENTITY_CLASSES})
    common = [(n, k) for n, k in shared.most_common(15) if k > 1]
    return render(request, "story.html", title=f"Cerita: {members[0].title if members else cluster.id}",
                  cluster=cluster, members=members, common=common)


@router.get("/entities/{name:path}", response_class=HTMLResponse)
def entity_page(request: Request, name: str, store: StoreDep) -> HTMLResponse:
    """A name's timeline of mentions, its quotes, who appears with it and the articles naming it."""
    from kliping.collection.build import entity_profile

    profile = entity_profile(store, name[:500], limit=30)
    if not profile.articles:
        return not_found(request, f"entitas {name[:200]}")
    mentions = store.entity_mentions(profile.name, limit=30)
    top = max((n for _, n in profile.cooccurring), default=1)
    return render(request, "entity.html", title=profile.name, p=profile, chart=timeline_chart(profile.timeline),
                  mentions=mentions, co=[(n, k, round(100 * k / top)) for n, k in profile.cooccurring])


@router.get("/trending", response_class=HTMLResponse)
def trending_page(request: Request, store: StoreDep, window: str = "24h", at: str = "") -> HTMLResponse:
    """The honest "Terpopuler": names rising against their own past, beside the merely frequent."""
    try:
        data = trends(store, window[:10], at[:40] or None)
    except (ValueError, KlipingError) as exc:
        return render(request, "trending.html", status=400, title="Tren", error=str(exc),
                      data={"rising": [], "frequent": [], "end": None, "window": window[:10]})
    return render(request, "trending.html", title="Tren", error=None, data=data)


@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request, store: StoreDep) -> HTMLResponse:
    """What the store holds, per source, outlet and language, and what failed with the reason."""
    stats = store.stats()
    return render(request, "status.html", title="Status", stats=stats, failures=store.failures(100))
