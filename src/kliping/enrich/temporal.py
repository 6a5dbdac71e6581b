"""Dates in Indonesian news prose, resolved to values: the record's ``dates`` field.

``find_dates(body, published)`` finds absolute dates (``Rabu, 15 Desember 2021``, ``15/12/2021``,
``Desember 2021``, ``Olimpiade Musim Dingin 2014``), partial ones completed from the publication time
(``15 Desember``, ``Rabu (15/12)``, ``pada Rabu``, ``bulan Februari``), deictic ones (``kemarin``,
``pekan lalu``, ``dua tahun lalu``) and anchored ones (``delapan hari setelah …``, ``dua hari kemudian``).

How the unsaid parts are chosen:
- a day and month without a year take the year that puts them nearest to publication (``lalu`` after
  them: the last one on or before it; ``mendatang``/``depan``: the next one on or after it);
- a weekday is the last one on or before publication, or the next one after it when a future cue
  (``akan``, ``depan``, ``nanti``…) sits near it in its clause; ``Rabu lalu`` is strictly before,
  ``Rabu ini`` is the one in publication's ISO week;
- a month name without a year follows the tense of its sentence (future cue: the next one on or after
  publication's month; past cue: the last one on or before it; neither: the nearest);
- anchored phrases count from the reference date, the last day-precise date mentioned before them
  (publication when none): ``<X> berlangsung N hari setelah <Y>`` names Y's date (reference - N),
  a sentence-initial ``N hari setelah <Y>, …`` or ``… N hari kemudian`` a new one (reference + N);
  a mid-sentence ``N hari setelah`` without an anchor verb before it is left out (no safe reading).
Without ``published``, expressions that need it are left out (never returned with a null value).

Stdlib only: ``dateparser`` was not worth its import time and eagerness on prose. Every pattern is a
flat sequence of bounded pieces, context checks look at bounded windows, the scanned text is capped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kliping.article import DateMention
from kliping.enrich.numbers import NUMBER_WORD, parse_numeral, parse_words
from kliping.enrich.sentences import sentence_at, sentences
from kliping.extract.dates import MONTHS, find_datetimes, parse_iso

Date = dt.date
Span = tuple[int, int]

MAX_CHARS = 200_000   # the body scanned (as find_datetimes)
MAX_DATES = 1_000     # mentions returned per body: past this, a page is noise or an attack
MAX_TRIES = 5_000     # candidates looked at per body, for the same reason
CONTEXT = 200         # how far a tense cue may sit from a month name, in characters
CLAUSE = 100          # … and from a weekday

# -- tables -----------------------------------------------------------------------------------

WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "jum’at": 4,
    "sabtu": 5, "minggu": 6, "ahad": 6,
}
# Month names standing alone in prose: full names only ("Jan", "Mar" are too often something else).
MONTH_WORDS: dict[str, int] = {
    name: MONTHS[name] for name in (
        "januari", "februari", "pebruari", "maret", "april", "mei", "juni", "juli", "agustus",
        "september", "oktober", "november", "nopember", "desember",
    )
}
UNITS: dict[str, str] = {"hari": "day", "pekan": "week", "minggu": "week", "bulan": "month", "tahun": "year"}
# "<unit> <word>": the offset from publication in that unit.
FIXED: dict[str, int] = {
    "ini": 0, "lalu": -1, "yang lalu": -1, "kemarin": -1, "silam": -1, "depan": 1, "mendatang": 1,
}
# Standalone deictic words: days from publication.
DEICTIC: dict[str, int] = {
    "hari ini": 0, "kemarin": -1, "kemarin lusa": -2, "besok": 1, "esok hari": 1, "lusa": 2,
    "tadi pagi": 0, "tadi siang": 0, "tadi sore": 0, "tadi malam": -1,
}
# "N <unit> <word>" counted from publication.
COUNT_FROM_NOW: dict[str, int] = {"lalu": -1, "yang lalu": -1, "silam": -1, "lagi": 1, "mendatang": 1}
# "N <unit> <word>" counted from the reference date, always as a new date.
SEQUEL: dict[str, int] = {
    "kemudian": 1, "setelahnya": 1, "sesudahnya": 1, "berikutnya": 1, "sebelumnya": -1,
    "keesokan harinya": 1, "keesokan hari": 1, "esok harinya": 1,
}
# "N <unit> <word> <Y>": the direction from Y to the subject's date.
ANCHOR: dict[str, int] = {
    "setelah": 1, "sesudah": 1, "usai": 1, "seusai": 1, "selepas": 1, "sebelum": -1,
}
# "<X> <verb> N hari setelah <Y>": X is the sentence's event, so the phrase dates Y.
ANCHOR_VERBS = frozenset("""
    berlangsung terjadi digelar dilakukan datang diadakan dilaksanakan diselenggarakan muncul tiba
    dimulai berakhir dirilis diumumkan dibuka ditutup disampaikan dikeluarkan diterbitkan diluncurkan
    dilangsungkan dijalankan digelarnya berlangsungnya terjadinya hadir diputuskan ditandatangani
""".split())
# Words that may stand between the verb and the count, or open the sentence before it.
ANCHOR_FILLERS = frozenset("hanya tepat sekitar kira-kira persis baru cuma setidaknya kurang lebih".split())
LEAD_WORDS = ANCHOR_FILLERS | frozenset("namun tetapi tapi dan lalu kemudian sementara itu pada".split())

# Tense cues. A weekday looks in its clause, a month name in its sentence.
WEEKDAY_FUTURE = ("akan", "bakal", "hendak", "depan", "mendatang", "nanti", "dijadwalkan", "rencananya",
                  "berencana", "direncanakan")
MONTH_FUTURE = WEEKDAY_FUTURE + ("berharap", "harap", "diharapkan", "rencana", "ditargetkan",
                                 "menargetkan", "target", "menjelang", "jelang", "segera")
MONTH_PAST = ("lalu", "silam", "telah", "sudah", "sempat", "pernah", "kemarin", "tadi", "sejak")
# Words that end a clause for the weekday's tense: the reporting verb separates "said on Wednesday"
# from "will boycott".
CLAUSE_WORDS = ("bahwa", "mengatakan", "menyatakan", "kata", "katanya", "ujar", "ujarnya", "ucap",
                "tutur", "menurut", "jelasnya")

# A bare four-digit year needs one of these before it (or a capitalised name: "Piala Dunia 2018").
YEAR_CONTEXT = frozenset("""
    tahun thn pada sejak hingga sampai sebelum setelah sesudah awal akhir pertengahan medio periode
    musim era di per mulai jelang menjelang selama antara usai pasca dari tahunan edisi
""".split())
# … and never one of these ("Rp 2014", "nomor 2014", "USD 2014").
YEAR_NOT_AFTER = frozenset("""
    rp rp. nomor no no. nomer pasal ayat kode tipe seri halaman hal hal. km kilometer rt rw blok usd
    idr us$ eur sgd myr jpy aud gbp cny rmb kamar lantai jalan jl jl. gang nopol versi model
""".split())
# A year is not followed by a counted noun ("2014 orang").
YEAR_NOT_BEFORE = frozenset("""
    orang jiwa unit buah ekor kasus kg ton meter m km hektare ha rupiah dolar persen dosis peserta siswa
    warga kali suara kursi rumah kendaraan lembar butir paket batang liter personel pasien desa
""".split())
MONTH_CONTEXT = frozenset("""
    bulan pada sejak hingga sampai awal akhir pertengahan medio mulai jelang menjelang selama per
    sebelum setelah usai pasca dari
""".split())
VAGUE = frozenset("beberapa sekian berapa puluhan belasan ratusan ribuan banyak sejumlah".split())
# "sisa 5 tahun lagi", "selama 3 hari lagi": a stretch of time, not a point in it.
DURATION_BEFORE = frozenset("sisa selama tinggal".split())
NOT_WEEKDAY_AFTER = frozenset({"pasar"})  # "Pasar Minggu" is a place


# -- patterns ---------------------------------------------------------------------------------

def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s{1,3}") for w in sorted(set(words), key=len, reverse=True))


def _words(words) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_alt(words)})(?!\w)", re.IGNORECASE)


_DAYS = _alt(WEEKDAYS)
_MONTH_ANY = _alt(MONTHS)
_UNIT_SE = _alt([*UNITS, *(f"se{unit}" for unit in UNITS)])   # "sehari", "sepekan"
_RELS = _alt({*FIXED, *COUNT_FROM_NOW, *SEQUEL, *ANCHOR} - {"keesokan harinya", "keesokan hari", "esok harinya"})
_YEAR_AFTER = r"\s{1,3}(?:tahun\s{1,3})?(?P<y>\d{4})(?![\w]|[.,]\d)"
_MOD = r"\s{1,3}(?P<mod>lalu|silam|mendatang|nanti|depan|ini|kemarin)(?!\w)"
_I = re.IGNORECASE

# Every mention starts at a trigger word or a run of digits (or just before one: LEADS). The scan
# finds those first, then matches one anchored pattern there, on the lower-cased body: a dozen short
# matches instead of a regex alternation run over every character (five times slower on a 4,000-char body).
TRIGGERS: dict[str, tuple[str, ...]] = {
    **{day: ("weekday",) for day in WEEKDAYS},
    **{month: ("month",) for month in MONTHS},
    **{unit: ("unit",) for unit in UNITS},
    **{f"se{unit}": ("unit",) for unit in UNITS},
    **{word: ("deictic",) for word in ("kemarin", "besok", "esok", "lusa", "tadi", "keesokan")},
    "minggu": ("weekday", "unit"),   # a Sunday, or a week
    "jum": ("weekday",),             # "jum'at" splits at its apostrophe
}
TRIGGER_WORDS = frozenset(TRIGGERS)
# Split marks for the word test: ASCII punctuation and the typographic marks news text carries.
_SPLIT = {c: " " for c in [*(i for i in range(128) if not chr(i).isalnum()), *map(ord, "“”‘’–—…«»•·\u00a0\u200b")]}
AT: dict[str, re.Pattern] = {
    # "Rabu", "Rabu (15/12) malam", "Rabu lalu".
    "weekday": re.compile(
        rf"(?P<wd>{_DAYS})(?!\w)(?:\s{{0,3}}\((?P<d>[0-3]?\d)/(?P<m>[01]?\d)\))?"
        r"(?:\s{1,3}(?:pagi|siang|sore|petang|malam|dini\s{1,3}hari)(?!\w))?"
        r"(?:\s{1,3}(?P<mod>yang\s{1,3}lalu|yang\s{1,3}akan\s{1,3}datang|lalu|kemarin|ini|depan|mendatang"
        r"|nanti)(?!\w))?"),
    # "Februari", "Desember 2021", "Februari mendatang".
    "month": re.compile(rf"(?P<month>{_MONTH_ANY})(?!\w)(?:{_YEAR_AFTER}|{_MOD})?"),
    # "15 Desember", "15 Desember lalu", "15 Desember tahun 2021".
    "day_month": re.compile(rf"(?<![\w.,/])(?P<d>[0-3]?\d)\s{{1,3}}(?P<month>{_MONTH_ANY})(?!\w)(?:{_YEAR_AFTER}|{_MOD})?"),
    # "2014"; not "2014-2015", "1990-an", "2.014".
    "year": re.compile(r"(?<![\w.,/:-])(?P<y>19\d\d|2[01]\d\d)(?![\w]|[.,:/-]\d|-an)"),
    # "pekan lalu", "tahun ini", "sepekan sebelum", "hari kemudian".
    "unit": re.compile(rf"(?P<unit>{_UNIT_SE})\s{{1,3}}(?P<rel>{_RELS})(?!\w)"),
    "deictic": re.compile(rf"(?:{_alt([*DEICTIC, *(w for w in SEQUEL if ' ' in w)])})(?!\w)"),
}
# What may stand before the trigger and belongs to the mention: "hari Rabu", "bulan Februari",
# "Rabu, 15 Desember", "tahun 2014", "delapan hari".
LEADS: dict[str, re.Pattern] = {
    "weekday": re.compile(r"(?<!\w)hari\s{1,3}$"),
    "month": re.compile(r"(?<!\w)bulan\s{1,3}$"),
    "day_month": re.compile(rf"(?<!\w)(?:{_DAYS}),?\s{{1,3}}$"),
    "year": re.compile(r"(?<!\w)(?:tahun|thn\.?)\s{1,3}$"),
    "unit": re.compile(rf"(?<![\w.,])(?:\d{{1,3}}|{NUMBER_WORD})\s{{1,3}}$"),
}
LEAD_REACH = 60
# Same start and length: the earlier kind wins (find_datetimes' "absolute" first).
PRIORITY = ("absolute", "day_month", "weekday", "month", "unit", "deictic", "year")
MAX_HITS = 20_000  # trigger occurrences looked at per word (hostile text repeats one)

_CLOCK = re.compile(
    r"\)?\s{0,3},?\s{0,3}(?:pukul|pkl\.?|jam)\s{1,3}(?:[01]?\d|2[0-3])[.:][0-5]\d(?!\d)"
    r"(?:\s{0,3}(?:WITA|WIB|WIT)(?!\w))?", _I)
_WEEKDAY_FUTURE = _words(WEEKDAY_FUTURE)
_MONTH_FUTURE = _words(MONTH_FUTURE)
_MONTH_PAST = _words(MONTH_PAST)
_CLAUSE_BREAK = re.compile(rf"[,;:()\"“”]|(?<!\w)(?:{_alt(CLAUSE_WORDS)})(?!\w)", _I)
_PREV_WORD = re.compile(r"([\w$.'’-]{1,20})[\s(]{1,3}$")
_NEXT_WORD = re.compile(r"\s{1,3}([\w%]{1,20})")
_WORD = re.compile(r"[\w'’-]{1,30}")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_YEAR_PAIR = re.compile(r"(?<!\d)(?:19|20)\d\d\s{1,3}(?:dan|atau|hingga|sampai|ke|-|–)\s{1,3}$", _I)


# -- the scan ---------------------------------------------------------------------------------

@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    match: re.Match | None = None
    day: Date | None = None          # set for find_datetimes' absolute dates
    lead: str = ""                   # what LEADS found before the trigger


@dataclass(slots=True)
class _Context:
    body: str
    published: Date | None
    spans: list[Span]
    ref: Date | None                 # the last day-precise date seen: what anchored phrases count from
    max_year: int


Resolved = tuple[str, str, bool, bool]  # value, granularity, relative, moves the reference date


def find_dates(body: str, published: str | None = None) -> list[DateMention]:
    """Date mentions in ``body`` with ISO values, sorted by span; ``published`` is ISO 8601 or None."""
    if not body:
        return []
    body = body[:MAX_CHARS]
    pub = parse_iso(published) if published else None
    pub_day = _as_date(pub.value) if pub else None
    found = _candidates(body)
    if not found:
        return []
    ctx = _Context(body, pub_day, sentences(body), pub_day, pub_day.year + 10 if pub_day else 2100)
    return _resolve_all(ctx, found)


def _resolve_all(ctx: _Context, found: list[_Found]) -> list[DateMention]:
    """Earliest, then longest, then by kind priority; a candidate that does not resolve gives way."""
    rank = {kind: i for i, kind in enumerate(PRIORITY)}
    found.sort(key=lambda f: (f.start, f.start - f.end, rank[f.kind]))
    out: list[DateMention] = []
    end = 0
    for item in found[:MAX_TRIES]:
        if item.start < end:
            continue
        resolved = _RESOLVERS[item.kind](ctx, item)
        if resolved is None or not _sane(resolved[0], ctx.max_year):
            continue
        value, granularity, relative, moves = resolved
        if moves and granularity == "day":
            ctx.ref = Date.fromisoformat(value)
        out.append(DateMention(ctx.body[item.start:item.end], value, granularity, relative, (item.start, item.end)))
        end = item.end
        if len(out) >= MAX_DATES:
            break
    return out


def _as_date(value: dt.date | dt.datetime) -> Date:
    return value.date() if isinstance(value, dt.datetime) else value


def _candidates(body: str) -> list[_Found]:
    low = _lower(body)
    out = [_Found(a, b, "absolute", day=_as_date(p.value)) for a, b, p in find_datetimes(body)]
    for item in out:
        item.end = _extend(body, item)
    for pos, kind in _hits(low):
        m = AT[kind].match(low, pos)
        if m is None:
            continue
        item = _Found(m.start(), m.end(), kind, m)
        lead = LEADS.get(kind)
        before = lead.search(low, max(0, pos - LEAD_REACH), pos) if lead else None
        # "Rp 1,5 triliun tahun lalu": a scale word alone ends an amount, it does not count the years.
        if before and (kind != "unit" or _count_value(before.group()) is not None):
            item.start, item.lead = before.start(), before.group()
        item.end = _extend(body, item)
        out.append(item)
    return out


def _lower(body: str) -> str:
    """``body`` lower-cased with every index kept (a few letters, like "İ", grow when lowered)."""
    low = body.lower()
    if len(low) == len(body):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in body)


def _hits(low: str) -> list[tuple[int, str]]:
    """Where a mention may start: trigger words (at a word start) and runs of one, two or four digits."""
    out: list[tuple[int, str]] = []
    # One split tells which trigger words occur at all; only those are looked for.
    for word in TRIGGER_WORDS.intersection(low.translate(_SPLIT).split()):
        i, seen = low.find(word), 0
        while i != -1 and seen < MAX_HITS:
            j = i + len(word)
            if not (i and low[i - 1].isalnum()) and not low[j:j + 1].isalnum():
                out.extend((i, kind) for kind in TRIGGERS[word])
            i, seen = low.find(word, j), seen + 1
    for n, m in enumerate(_DIGITS.finditer(low)):
        if n >= MAX_HITS:
            break
        size = m.end() - m.start()
        if size <= 2:
            out.append((m.start(), "day_month"))
        elif size == 4:
            out.append((m.start(), "year"))
    return out


def _extend(body: str, item: _Found) -> int:
    """A day mention takes its closing bracket and a clock time after it: ``Rabu (15/12/2021) pukul 10.00``."""
    if item.kind not in ("absolute", "day_month", "weekday"):
        return item.end
    end = item.end
    text = body[item.start:end]
    if "(" in text and ")" not in text and body[end:end + 1] == ")":
        end += 1
    clock = _CLOCK.match(body, end)
    if clock and not (clock.group().startswith(")") and body[end - 1:end] == ")"):
        end = clock.end()
    return end


# -- calendar helpers -------------------------------------------------------------------------

def _sane(value: str, max_year: int) -> bool:
    return 1900 <= int(value[:4]) <= max_year


def _week(day: Date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def _shift(base: Date, n: int, unit: str) -> tuple[str, str] | None:
    """``base`` moved by ``n`` units, as (value, granularity); weeks from publication are ISO weeks."""
    try:
        if unit == "day":
            return (base + dt.timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return _week(base + dt.timedelta(weeks=n)), "week"
        if unit == "month":
            year, month = _add_months(base.year, base.month, n)
            return f"{year:04d}-{month:02d}", "month"
        return f"{base.year + n:04d}", "year"
    except OverflowError:
        return None


def _day_in_year(year: int, month: int, day: int) -> Date | None:
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _complete_day(pub: Date, month: int, day: int, tense: str) -> Date | None:
    """The day/month in the year that suits the tense: nearest to publication, or last/next."""
    options = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _day_in_year(y, month, day))]
    if tense == "past":
        options = [d for d in options if d <= pub]
    elif tense == "future":
        options = [d for d in options if d >= pub]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - pub).days), d > pub))


def _complete_month(pub: Date, month: int, tense: str) -> tuple[int, int]:
    here = pub.year * 12 + pub.month - 1
    options = [y * 12 + month - 1 for y in (pub.year - 1, pub.year, pub.year + 1)]
    if tense == "past":
        index = max(i for i in options if i <= here)
    elif tense == "future":
        index = min(i for i in options if i >= here)
    else:
        index = min(options, key=lambda i: (abs(i - here), i > here))
    return index // 12, index % 12 + 1


def _weekday(pub: Date, weekday: int, how: str) -> Date:
    back = (pub.weekday() - weekday) % 7
    if how == "before":           # "Rabu lalu": strictly before
        return pub - dt.timedelta(days=back or 7)
    if how == "after":            # "Rabu depan", "akan … Rabu": strictly after
        return pub + dt.timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    if how == "on_after":         # "Rabu nanti": today counts
        return pub + dt.timedelta(days=(weekday - pub.weekday()) % 7)
    if how == "week":             # "Rabu ini": in publication's ISO week
        return pub + dt.timedelta(days=weekday - pub.weekday())
    return pub - dt.timedelta(days=back)


# -- context ----------------------------------------------------------------------------------

def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").lower()


def _prev_word(body: str, start: int) -> str:
    return _prev_word_raw(body, start).lower()


def _prev_word_raw(body: str, start: int) -> str:
    m = _PREV_WORD.search(body, max(0, start - 24), start)
    return m.group(1) if m else ""


def _next_word(body: str, end: int) -> str:
    m = _NEXT_WORD.match(body, end)
    return m.group(1).lower() if m else ""


def _sentence(ctx: _Context, start: int) -> Span:
    if not ctx.spans:
        return 0, len(ctx.body)
    a, b = ctx.spans[sentence_at(ctx.spans, start)]
    return (a, b) if a <= start < b else (start, start)


def _sentence_initial(ctx: _Context, start: int) -> bool:
    """Only lead words (``Namun,``, ``Tepat``) between the sentence start and ``start``."""
    a, _ = _sentence(ctx, start)
    lead = ctx.body[a:start]
    return len(lead) <= 40 and all(w.lower() in LEAD_WORDS for w in _WORD.findall(lead))


def _clause(ctx: _Context, start: int, end: int) -> Span:
    a, b = _sentence(ctx, start)
    lo, hi = max(a, start - CLAUSE), min(max(b, end), end + CLAUSE)
    for m in _CLAUSE_BREAK.finditer(ctx.body, lo, start):
        lo = m.end()
    m = _CLAUSE_BREAK.search(ctx.body, end, hi)
    return lo, (m.start() if m else hi)


def _month_tense(ctx: _Context, start: int, end: int) -> str:
    a, b = _sentence(ctx, start)
    lo, hi = max(a, start - CONTEXT), min(max(b, end), end + CONTEXT)
    if _MONTH_FUTURE.search(ctx.body, lo, hi):
        return "future"
    return "past" if _MONTH_PAST.search(ctx.body, lo, hi) else "plain"


def _mod_tense(mod: str | None) -> str:
    mod = _norm(mod)
    if mod in ("lalu", "silam", "kemarin"):
        return "past"
    return "future" if mod in ("mendatang", "depan", "nanti") else "plain"


def _minggu_is_week(ctx: _Context, f: _Found, word_at: int, mod: str | None) -> bool:
    """``minggu lalu`` is last week; ``Minggu`` (capital, mid-sentence) or ``hari Minggu`` a Sunday."""
    if f.lead or _prev_word(ctx.body, word_at) == "hari":
        return False
    if ctx.body[word_at:word_at + 1].islower():
        return True
    return mod is not None and _sentence_initial(ctx, f.start)


# -- resolvers: (value, granularity, relative, moves the reference) or None --------------------

def _absolute(ctx: _Context, f: _Found) -> Resolved | None:
    return (f.day.isoformat(), "day", False, True) if f.day else None


def _day_month(ctx: _Context, f: _Found) -> Resolved | None:
    m = f.match
    month, day = MONTHS[m.group("month")], int(m.group("d"))
    if m.group("y"):
        d = _day_in_year(int(m.group("y")), month, day)
        return (d.isoformat(), "day", False, True) if d else None
    if ctx.published is None:
        return None
    d = _complete_day(ctx.published, month, day, _mod_tense(m.group("mod")))
    return (d.isoformat(), "day", True, True) if d else None


def _weekday_mention(ctx: _Context, f: _Found) -> Resolved | None:
    m = f.match
    word = m.group("wd")
    if _prev_word(ctx.body, f.start) in NOT_WEEKDAY_AFTER:
        return None
    if word == "minggu" and _minggu_is_week(ctx, f, m.start(), m.group("mod")):
        return None
    if ctx.published is None:
        return None
    if m.group("d"):  # "Rabu (15/12)": the printed date decides
        d = _complete_day(ctx.published, int(m.group("m")), int(m.group("d")), "plain")
        return (d.isoformat(), "day", True, True) if d else None
    return _weekday(ctx.published, WEEKDAYS[word], _weekday_how(ctx, f)).isoformat(), "day", True, True


def _weekday_how(ctx: _Context, f: _Found) -> str:
    mod = _norm(f.match.group("mod"))
    if mod in ("lalu", "yang lalu", "kemarin"):
        return "before"
    if mod in ("depan", "mendatang", "yang akan datang"):
        return "after"
    if mod == "nanti":
        return "on_after"
    if mod == "ini":
        return "week"
    lo, hi = _clause(ctx, f.start, f.end)
    return "after" if _WEEKDAY_FUTURE.search(ctx.body, lo, hi) else "on_before"


def _month_mention(ctx: _Context, f: _Found) -> Resolved | None:
    m = f.match
    name = m.group("month")
    month = MONTHS[name]
    if m.group("y"):
        return f"{int(m.group('y')):04d}-{month:02d}", "month", False, False
    mod = m.group("mod")
    if name not in MONTH_WORDS or ctx.published is None:
        return None
    if not (f.lead or mod or _prev_word(ctx.body, f.start) in MONTH_CONTEXT):
        return None  # "April" alone may be a name
    if mod == "ini":
        return f"{ctx.published.year:04d}-{month:02d}", "month", True, False
    tense = _mod_tense(mod)
    if tense == "plain":
        tense = _month_tense(ctx, f.start, f.end)
    year, month = _complete_month(ctx.published, month, tense)
    return f"{year:04d}-{month:02d}", "month", True, False


def _year_mention(ctx: _Context, f: _Found) -> Resolved | None:
    raw = _prev_word_raw(ctx.body, f.start)
    prev = raw.lower()
    if f.lead or prev in YEAR_CONTEXT:
        return f.match.group("y"), "year", False, False
    # A weaker hint (a name before it, a year before it) must not be a count: "Tercatat 2014 orang".
    if prev in YEAR_NOT_AFTER or _next_word(ctx.body, f.end) in YEAR_NOT_BEFORE:
        return None
    if raw[:1].isupper() or _prev_is_year(ctx, f.start):
        return f.match.group("y"), "year", False, False
    return None


def _prev_is_year(ctx: _Context, start: int) -> bool:
    """``2014 dan 2016``, ``2014 hingga 2016``: the second year is dated by the first."""
    return _YEAR_PAIR.search(ctx.body, max(0, start - 16), start) is not None


def _unit(ctx: _Context, f: _Found) -> Resolved | None:
    m = f.match
    unit_word, rel = m.group("unit"), _norm(m.group("rel"))
    if f.lead or unit_word.startswith("se"):
        return _count(ctx, f, UNITS[unit_word.removeprefix("se")], rel)
    prev = _prev_word(ctx.body, f.start)
    if rel not in FIXED or ctx.published is None or prev in VAGUE or any(c.isdigit() for c in prev):
        return None  # "beberapa pekan lalu", "2.000 tahun lalu": not a fixed offset
    unit = UNITS[unit_word]
    if unit == "day" and rel != "ini":
        return None  # "hari lalu" alone is vague
    if unit_word == "minggu" and not _minggu_is_week(ctx, f, f.start, rel):
        return None
    shifted = _shift(ctx.published, FIXED[rel], unit)
    return (*shifted, True, unit == "day") if shifted else None


def _count(ctx: _Context, f: _Found, unit: str, rel: str) -> Resolved | None:
    n = _count_value(f.lead)
    if n is None:
        return None
    if rel in COUNT_FROM_NOW:
        if ctx.published is None or _prev_word(ctx.body, f.start) in DURATION_BEFORE:
            return None
        shifted = _shift(ctx.published, n * COUNT_FROM_NOW[rel], unit)
        return (*shifted, True, unit == "day") if shifted else None
    if rel in SEQUEL:
        return _from_ref(ctx.ref, n * SEQUEL[rel], unit, True)
    if rel not in ANCHOR:
        return None                                # "dua hari ini"
    if _sentence_initial(ctx, f.start):            # "Dua hari setelah Y, X": a new date
        return _from_ref(ctx.ref, n * ANCHOR[rel], unit, True)
    if _verb_before(ctx.body, f.start):            # "X berlangsung N hari setelah Y": Y's date
        return _from_ref(ctx.ref, -n * ANCHOR[rel], unit, False)
    return None


def _count_value(lead: str) -> int | None:
    """The count in a lead (``delapan ``, ``20 ``); 1 for the ``se-`` forms (empty lead)."""
    words = lead.split()
    if not words:
        return 1
    if words[0].isdigit():
        value = parse_numeral(words[0])
    else:
        parsed = parse_words(words)
        value = parsed[0] if parsed and parsed[1] == len(words) else None
    return value if isinstance(value, int) and 0 < value < 1000 else None


def _deictic(ctx: _Context, f: _Found) -> Resolved | None:
    text = _norm(ctx.body[f.start:f.end])
    if text in SEQUEL:                             # "keesokan harinya": the day after the reference
        return _from_ref(ctx.ref, SEQUEL[text], "day", True)
    if ctx.published is None:
        return None
    return (ctx.published + dt.timedelta(days=DEICTIC[text])).isoformat(), "day", True, True


def _from_ref(ref: Date | None, n: int, unit: str, moves: bool) -> Resolved | None:
    if ref is None:
        return None
    if unit == "week":  # from a day-precise reference, a week is seven days
        n, unit = n * 7, "day"
    shifted = _shift(ref, n, unit)
    return (*shifted, True, moves) if shifted else None


def _verb_before(body: str, start: int) -> bool:
    words = [w.lower() for w in _WORD.findall(body, max(0, start - 60), start)][-4:]
    while words and words[-1] in ANCHOR_FILLERS:
        words.pop()
    return bool(words) and words[-1] in ANCHOR_VERBS


_RESOLVERS: dict[str, Callable[[_Context, _Found], Resolved | None]] = {
    "absolute": _absolute,
    "day_month": _day_month,
    "weekday": _weekday_mention,
    "month": _month_mention,
    "year": _year_mention,
    "unit": _unit,
    "deictic": _deictic,
}
