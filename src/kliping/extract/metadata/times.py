"""Published and modified times: machine stamps weighed against the date printed near the headline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..dates import ParsedDate, find_datetimes, parse_datetime, parse_iso, parse_offset
from .bodytext import key
from .headline import headline_hits, hit_ranks, window
from .page import Page, outlet

WIB = "+07:00"
# Meta keys (name / property / itemprop / http-equiv, lower-cased), most trusted first.
PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "dtk:publishdate",
    "publishdate", "content_publisheddate", "pubdate", "publish-date", "publish_date", "publication_date",
    "published_time", "og:published_time", "article.published", "sailthru.date", "parsely-pub-date",
    "dc.date.issued", "dcterms.issued", "dc.date", "date", "datecreated", "createdate", "dtk:createddate",
)
MODIFIED_KEYS = (
    "article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
    "content_modifieddate", "dtk:updatedate", "lastmod", "last-modified", "dcterms.modified",
)
UPDATED_WORDS = ("diperbarui", "diupdate", "update", "updated", "pembaruan", "modified", "terakhir")
# Indonesian outlets whose domain does not end in .id (WIB is assumed for zone-less times there).
INDONESIAN_OUTLETS = frozenset({
    "kompas.com", "detik.com", "tempo.co", "antaranews.com", "liputan6.com", "okezone.com",
    "tribunnews.com", "kapanlagi.com", "mediaindonesia.com", "merdeka.com", "suara.com", "jpnn.com",
    "sindonews.com", "kumparan.com", "cnnindonesia.com", "cnbcindonesia.com", "jawapos.com",
    "pikiran-rakyat.com", "idntimes.com", "tirto.id", "bisnis.com", "beritasatu.com", "kontan.co.id",
    "grid.id", "inews.id", "viva.co.id", "republika.co.id", "katadata.co.id", "portalkalteng.com",
    "kompasiana.com", "wartaekonomi.co.id", "medcom.id", "fajar.co.id", "tribunnewswiki.com",
    "bola.com", "fimela.com", "dream.co.id", "hops.id", "rmol.id", "gatra.com", "lensaindonesia.com",
})
WINDOW_BEFORE, WINDOW_AFTER = 600, 1_500  # chars of visible text around the headline searched for dates

# A stamp a CMS formatted by hand ("2015-11-05 T10:08:58Z", "2023-11-02T20-59-53Z"): its "Z" is a
# literal, usually stuck on local time. Well-formed ISO with Z is taken at its word.
_HAND_MADE_STAMP = re.compile(r"\d[ \t]+T\d|T\d{1,2}-\d{2}")
# "\bWI(?:B|TA|T)\b", with the word start checked behind "WI" so that the search can jump to it.
_LOCAL_ZONE = re.compile(r"WI(?<=\bWI)(?:B|TA|T)\b")


@dataclass(frozen=True, slots=True)
class _Stamp:
    parsed: ParsedDate
    raw: str


def _parse_value(raw: str | None) -> _Stamp | None:
    raw = (raw or "").strip()[:200]
    if not raw or raw.isdigit():
        return None  # epoch numbers are not dates the page prints; skip them
    parsed = parse_iso(raw) or parse_datetime(raw)
    return _Stamp(parsed, raw) if parsed else None


def _node_stamps(nodes: list):
    """A stamp per node (its datetime, content or text, the first that parses), for the first five."""
    for node in nodes[:5]:
        attrs = node.attributes
        for raw in (attrs.get("datetime"), attrs.get("content"), node.text(deep=True)):
            stamp = _parse_value(raw)
            if stamp:
                yield stamp
                break


def stamps(page: Page, ld: dict, which: str):
    """Machine-given candidates for ``published`` or ``modified``, most trusted first, parsed as read.

    The profile's date element is not among them: it locates the *printed* date, which
    ``resolve_time`` weighs against these (see ``shown``).
    """
    if which == "published":
        raws = [ld.get("datePublished"), *page.meta(*PUBLISHED_KEYS)]
        nodes = page.nodes.published
    else:
        raws = [ld.get("dateModified"), *page.meta(*MODIFIED_KEYS)]
        nodes = page.nodes.prop("dateModified")
    for raw in raws:
        stamp = _parse_value(raw) if isinstance(raw, str) else None
        if stamp:
            yield stamp
    yield from _node_stamps([n for n in nodes if n.tag != "meta"])


def best_stamp(candidates) -> list[_Stamp]:
    """The one candidate ``resolve_time`` goes by (the first with a time, else the first), read lazily."""
    first = None
    for stamp in candidates:
        if stamp.parsed.has_time:
            return [stamp]
        first = first or stamp
    return [first] if first else []


def shown(page: Page, which: str, near_headline: ParsedDate | None) -> ParsedDate | None:
    """The date the page prints: the profile's element when it has one, else the one near the headline."""
    found = next(_node_stamps(page.profile_nodes(which)), None)
    return found.parsed if found else near_headline


def _same_clock(a: dt.datetime, b: dt.datetime) -> bool:
    return a.replace(tzinfo=None, second=0, microsecond=0) == b.replace(tzinfo=None, second=0, microsecond=0)


def same_instant(a: dt.datetime, b: dt.datetime) -> bool:
    return abs((a - b).total_seconds()) < 60


def _localise(parsed: ParsedDate, local: bool) -> ParsedDate:
    value = parsed.value
    if local and parsed.has_time and isinstance(value, dt.datetime) and value.tzinfo is None:
        return ParsedDate(value.replace(tzinfo=parse_offset(WIB)), True)
    return parsed


def _day(parsed: ParsedDate) -> dt.date:
    v = parsed.value
    return v.date() if isinstance(v, dt.datetime) else v


def resolve_time(stamps: list[_Stamp], visible: ParsedDate | None, local: bool) -> ParsedDate | None:
    """One time from the machine candidates and the date printed near the headline."""
    best = next((s for s in stamps if s.parsed.has_time), stamps[0] if stamps else None)
    if best is None:
        return _localise(visible, local) if visible else None
    parsed = best.parsed
    if not parsed.has_time:
        if visible and visible.has_time and _day(visible) == parsed.value:
            return _localise(visible, local)
        return parsed
    value: dt.datetime = parsed.value  # type: ignore[assignment]
    shown_at = visible.value if visible and visible.has_time and visible.value.tzinfo else None
    if value.tzinfo is None:
        if shown_at is not None and _same_clock(value, shown_at):
            return ParsedDate(value.replace(tzinfo=shown_at.tzinfo), True)
        return _localise(parsed, local)
    if shown_at is not None and same_instant(value, shown_at):
        return ParsedDate(value.astimezone(shown_at.tzinfo), True)  # the page's own zone
    if value.utcoffset() == dt.timedelta(0):
        if shown_at is not None and _same_clock(value, shown_at):
            return ParsedDate(value.replace(tzinfo=shown_at.tzinfo), True)  # a "Z" stuck on local time
        if local and _HAND_MADE_STAMP.search(best.raw):
            return ParsedDate(value.replace(tzinfo=parse_offset(WIB)), True)
        if local:
            return ParsedDate(value.astimezone(parse_offset(WIB)), True)
    return parsed


# -- the date printed near the headline ---------------------------------------------------------------

@dataclass(slots=True)
class Visible:
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    head: int = -1       # index of the headline segment, -1 when not found
    text: str = ""       # the text around the headline
    score: int = 10**9   # how far the published date sits from the headline (lower is nearer)


def visible_dates(page: Page, headline: str | None) -> Visible:
    """The dates printed nearest the headline, at its most heading-like occurrence that has one.

    Occurrences inside an <h1> (or itemprop=headline) come first, then <h2>/<h3>, then any; among
    the most heading-like, the one with a published date nearest to it wins.
    """
    title_key = key(headline)
    if len(title_key) < 8:
        return Visible()
    body = page.body
    hits = headline_hits(body, title_key)
    if not hits:
        return Visible()
    ranks = hit_ranks(body, hits, page.nodes.headings, title_key)
    top = min(ranks)
    best = Visible()
    for rank, (i, at) in zip(ranks, hits, strict=True):
        if rank != top:
            continue  # a less heading-like occurrence never wins over a more heading-like one
        found = _dates_around(window(body, i, at, WINDOW_BEFORE, WINDOW_AFTER), i)
        if best.head < 0 or found.score < best.score:
            best = found
    return best


def _dates_around(around: tuple[str, int, int], i: int) -> Visible:
    # Score: characters from the headline (before it counts triple: most templates print the date
    # under the headline, teaser lists sit above it), a bare date 300 more than a time.
    text, h0, h1 = around
    found = Visible(head=i, text=text)
    mod_score = 10**9
    for a, b, parsed in find_datetimes(text):
        if a < h1 and b > h0:
            continue  # a date inside the headline itself
        cand = (a - h1 if a >= h1 else 3 * (h0 - b)) + (0 if parsed.has_time else 300)
        label = text[max(0, a - 30):a].lower()
        if any(w in label for w in UPDATED_WORDS):
            if cand < mod_score:
                found.modified, mod_score = parsed, cand
        elif cand < found.score:
            found.published, found.score = parsed, cand
    return found


def is_local(page: Page, domain: str | None, language: str | None, near_headline: str) -> bool:
    """Whether a zone-less time on this page is Indonesian local time (WIB)."""
    if page.profile is not None or language == "id":
        return True
    if domain and (domain.endswith(".id") or domain in INDONESIAN_OUTLETS or outlet(domain)):
        return True
    return bool(_LOCAL_ZONE.search(near_headline))


def check_times(chosen: ParsedDate | None, printed: ParsedDate | None, warnings: list[str]) -> None:
    """Warn when there is no date, or when the stamp and the printed date are different instants."""
    if chosen is None:
        warnings.append("published: no date found")
        return
    if printed is None or not (chosen.has_time and printed.has_time):
        return
    a, b = chosen.value, printed.value
    if a.tzinfo and b.tzinfo and not same_instant(a, b):  # type: ignore[union-attr]
        warnings.append(f"published: metadata says {chosen.iso()}, the page shows {printed.iso()}")
