"""Dates and times as Indonesian news pages print them, and as machines write them (ISO 8601).

Hand-written rules, stdlib only (``dateparser`` is slow to import and too eager on prose).
Handles ``Kamis, 16 Desember 2021 | 15:48 WIB``, ``Senin, 5 Nov 2015 14:56``, ``Kamis (16/12/2021)``,
``Selasa, 10 Mei 2016 15.30 WITA``, ``2021-12-16T15:48:00+07:00`` and friends. Every pattern is a
flat sequence of bounded pieces (no nested quantifiers), and the scanned text is capped, so the
cost stays linear on hostile input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# -- tables ------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "peb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "ags": 8, "agt": 8, "aug": 8, "agus": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9, "spt": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}

DAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu", "minggu", "ahad",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Zone labels the pages print, as UTC offsets.
ZONES: dict[str, str] = {
    "wib": "+07:00", "wita": "+08:00", "wit": "+09:00",
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00",
}

MAX_PARSE_CHARS = 2_000      # parse_datetime looks at the start of a short text only
MAX_FIND_CHARS = 200_000     # find_datetimes scans at most this much

# -- patterns ----------------------------------------------------------------------------------

def _alternation(words) -> str:
    # Longest first so "Desember" wins over "Des" and "WITA" over "WIT".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MONTH = _alternation(MONTHS)
_DAY = _alternation(DAY_NAMES)

# An optional day name and separator before a date: "Kamis, " / "Kamis (" / "Rabu ".
_DAY_PREFIX = rf"(?:(?:{_DAY})\.?\s{{0,3}}[,(]?\s{{0,3}})?"

# Time part: "15:48", "15.30", "15:48:07", with optional am/pm and zone. Separator from the date is
# short and bounded: "," "|" "-" "pukul" "jam" "at" "T" or spaces.
_TIME = (
    # (?!\d) after each field: "2021, 10.000 orang" is a count, not 10:00.
    r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?!\d)(?:[:.](?P<second>[0-5]\d)(?!\d))?(?:\.\d{1,6}(?!\d))?"
    r"(?:\s?(?P<ampm>[ap]\.?m\.?)(?![a-z]))?"
    r"(?:\s{0,3}(?P<zone>"
    r"(?:WITA|WIB|WIT)(?![a-z])"
    r"|(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?(?!\d)"
    r"|[+-]\d{2}:?\d{2}(?!\d)"
    r"|(?:GMT|UTC|Z)(?![a-z])"
    r"))?"
)
_TIME_SEP = r"(?:\s{0,4}[,|\-–—/•·]\s{0,4}|\s{1,4}|T)(?:(?:pukul|pkl\.?|jam|at)\s{1,3})?"
_OPT_TIME = rf"(?:{_TIME_SEP}{_TIME})?"

# "16 Desember 2021", "5 Nov 2015", "16 Des. 2021".
_DMY_NAME = rf"{_DAY_PREFIX}(?P<day>[0-3]?\d)\s{{1,3}}(?P<month_name>{_MONTH})\.?,?\s{{1,3}}(?P<year>\d{{4}})(?!\d)"
# "December 16, 2021" (English order).
_MDY_NAME = rf"{_DAY_PREFIX}(?P<month_name>{_MONTH})\.?\s{{1,3}}(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,\s{{0,3}}(?P<year>\d{{4}})(?!\d)"
# "16/12/2021", "16-12-2021", "(16/12/2021)" — day first, as Indonesia writes it.
_DMY_NUM = rf"{_DAY_PREFIX}(?P<day>[0-3]?\d)(?P<sep>[/\-.])(?P<month>[01]?\d)(?P=sep)(?P<year>\d{{4}})(?!\d)"
# "2021-12-16", "2021/12/16", ISO with "T".
_YMD = r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>[01]\d)(?P=sep)(?P<day>[0-3]\d)(?!\d)"

_PATTERNS = tuple(
    re.compile(rf"(?<![\w]){body}{_OPT_TIME}", re.IGNORECASE)
    for body in (_YMD, _DMY_NAME, _MDY_NAME, _DMY_NUM)
)

# Every date holds a year of exactly four digits, starts at most a bounded number of characters
# before it (a day name with its separators, then day, month name and the spaces between), and has
# a telling character next to it. So each pattern is searched only just before such years: prose
# without one costs a scan for digits.
_DAY_PREFIX_MAX = max(map(len, DAY_NAMES)) + 1 + 3 + 1 + 3
_MONTH_MAX = max(map(len, MONTHS))
_DIGITS = re.compile(r"\d\d\d\d+")  # a whole run of 4+ digits; a plain class first lets the search skip fast


def _dash_after(text: str, y: int) -> bool:
    return text[y + 4:y + 5] in ("-", "/")     # "2021-12-16"


def _space_before(text: str, y: int) -> bool:
    return text[y - 1:y].isspace()              # "16 Desember 2021"


def _comma_before(text: str, y: int) -> bool:
    return "," in text[max(0, y - 4):y]          # "December 16, 2021"


def _mark_before(text: str, y: int) -> bool:
    return text[y - 1:y] in ("/", "-", ".")     # "16/12/2021"


# Per pattern: how far before its year a match can start, and what a year of it looks like.
_PLANS = tuple(zip(_PATTERNS, (
    0,
    _DAY_PREFIX_MAX + 2 + 3 + _MONTH_MAX + 1 + 1 + 3,
    _DAY_PREFIX_MAX + _MONTH_MAX + 1 + 3 + 2 + 2 + 1 + 3,
    _DAY_PREFIX_MAX + 2 + 1 + 2 + 1,
), (_dash_after, _space_before, _comma_before, _mark_before), strict=True))
_REACH = 12  # past the lead, a match's required part ends (year, or Y-M-D) and its last look-ahead


# -- the value ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: dt.datetime | dt.date   # an aware datetime when time and offset are known
    has_time: bool

    def iso(self) -> str:
        """``2021-12-16T15:48:00+07:00`` (offset only when known) or ``2021-12-16``."""
        if not self.has_time or not isinstance(self.value, dt.datetime):
            day = self.value.date() if isinstance(self.value, dt.datetime) else self.value
            return day.isoformat()
        return self.value.isoformat(timespec="seconds")


# -- offsets -----------------------------------------------------------------------------------

_OFFSET = re.compile(r"^([+-])(\d{1,2}):?(\d{2})?$")


def parse_offset(text: str | None) -> dt.timezone | None:
    """``+07:00``/``+0700``/``+7``/``WIB``/``GMT+7``/``Z`` as a ``timezone``; ``None`` when unknown."""
    if not text:
        return None
    t = re.sub(r"[ \t]", "", text).lower()
    if t in ZONES:
        t = ZONES[t]
    elif t[:3] in ("gmt", "utc"):
        t = t[3:]
    m = _OFFSET.match(t)
    if not m:
        return None
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if m.group(1) == "-" else delta)


# -- parsing -----------------------------------------------------------------------------------

def _build(m: re.Match, default_offset: str | None) -> ParsedDate | None:
    g = m.groupdict()
    try:
        year = int(g["year"])
        month = MONTHS[g["month_name"].lower()] if g.get("month_name") else int(g["month"])
        day = dt.date(year, month, int(g["day"]))
    except (ValueError, KeyError):
        return None  # "31 Februari", month 13: not a date
    if not 1900 <= year <= 2100:
        return None
    if g.get("hour") is None:
        return ParsedDate(day, False)
    hour, minute, second = int(g["hour"]), int(g["minute"]), int(g["second"] or 0)
    ampm = (g.get("ampm") or "").lower()[:1]
    if ampm:
        if hour > 12 or hour == 0:
            return ParsedDate(day, False)  # "15:00 pm" is not a clock reading we can trust
        hour = hour % 12 + (12 if ampm == "p" else 0)
    tz = parse_offset(g.get("zone")) or parse_offset(default_offset)
    try:
        value = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return ParsedDate(day, False)  # "25:70": keep the date, drop the impossible clock
    return ParsedDate(value, True)


def find_datetimes(text: str, *, default_offset: str | None = None) -> list[tuple[int, int, ParsedDate]]:
    """All date(/time) expressions with their ``[start, end)`` spans, in text order."""
    if not text:
        return []
    text = text[:MAX_FIND_CHARS]
    years = [m.start() for m in _DIGITS.finditer(text) if m.end() - m.start() == 4]
    found: list[tuple[int, int, ParsedDate]] = []
    for pattern, lead, fits in _PLANS:
        stretches = _stretches([y for y in years if fits(text, y)], lead)
        for m in _finditer(pattern, text, stretches, lead + _REACH):
            parsed = _build(m, default_offset)
            if parsed is not None:
                found.append((m.start(), m.end(), parsed))
    # Patterns may overlap ("2021-12-16" is not a D/M/Y, but be safe): keep the earliest, longest.
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, ParsedDate]] = []
    for item in found:
        if out and item[0] < out[-1][1]:
            continue
        out.append(item)
    return out


def _stretches(years: list[int], lead: int) -> list[list[int]]:
    """Where a match can start: ``[a, b]`` ranges ending at a year, overlaps merged."""
    out: list[list[int]] = []
    for y in years:
        if out and y - lead <= out[-1][1] + 1:
            out[-1][1] = y
        else:
            out.append([max(0, y - lead), y])
    return out


def _finditer(pattern: re.Pattern, text: str, stretches: list[list[int]], reach: int):
    """The matches of ``pattern.finditer(text)``, looking only where one can start."""
    pos = 0
    for a, b in stretches:
        lo = max(pos, a)
        while lo <= b:
            # Cut short after b: every match starting by b has its required part and the character
            # after it in view, and the match is then redone on the whole text for its optional time.
            m = pattern.search(text, lo, b + reach)
            if m is None or m.start() > b:
                break
            whole = pattern.match(text, m.start())
            if whole is None:  # not expected (see above); move on rather than loop
                lo = m.start() + 1
                continue
            yield whole
            lo = pos = whole.end()


def parse_datetime(text: str, *, default_offset: str | None = None) -> ParsedDate | None:
    """The first date (with time if present) in a short text: Indonesian and ISO forms."""
    if not text:
        return None
    found = find_datetimes(text[:MAX_PARSE_CHARS], default_offset=default_offset)
    return found[0][2] if found else None


# -- machine-written values (metas, JSON-LD, <time datetime>) ------------------------------------

# Lenient ISO 8601: "2021-12-16T15:48:00+07:00", "2021-12-16 15:48:00", "2022/12/10 13:19:56",
# and the malformed stamps some CMSs print ("2015-11-05 T10:08:58Z", "2023-11-02T20-59-53Z").
_ISO = re.compile(
    r"\s{0,8}(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
    r"(?:\s{0,3}T?\s{0,3}(?P<hour>\d{1,2})[:.\-](?P<minute>\d{2})(?:[:.\-](?P<second>\d{2}))?(?:[.,]\d{1,9})?)?"
    r"\s{0,3}(?P<zone>Z|[+-]\d{2}:?\d{2}|[+-]\d{1,2}(?![\d:])|(?:UTC|GMT)(?:\s?[+-]\s?\d{1,2}(?::?\d{2})?)?"
    r"|WITA|WIB|WIT)?(?![\w:])",
    re.IGNORECASE,
)


def parse_iso(text: str, *, default_offset: str | None = None) -> ParsedDate | None:
    """A machine-written date/time (ISO 8601 and its common slips) at the start of ``text``."""
    if not text:
        return None
    m = _ISO.match(text[:100])
    return _build(m, default_offset) if m else None
