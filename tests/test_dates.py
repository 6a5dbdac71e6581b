"""Dates and times as Indonesian pages print them: kliping.extract.dates."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kliping.extract.dates import ParsedDate, find_datetimes, parse_datetime, parse_iso, parse_offset


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 Desember 2021, 15:48 WIB", "2021-12-16T15:48:00+07:00"),
        ("Kamis, 16 Desember 2021 | 15:48 WIB", "2021-12-16T15:48:00+07:00"),
        ("Kamis (16/12/2021)", "2021-12-16"),
        ("Senin, 5 Nov 2015 14:56", "2015-11-05T14:56:00"),
        ("Rabu, 04 Nov 2015 21:04 WIB", "2015-11-04T21:04:00+07:00"),
        ("4 November 2015 | 21:04 WIB", "2015-11-04T21:04:00+07:00"),
        ("Selasa, 10 Mei 2016 15.30 WITA", "2016-05-10T15:30:00+08:00"),
        ("Jayapura, Sabtu 2 Juli 2022 09.15 WIT", "2022-07-02T09:15:00+09:00"),
        ("Minggu, 3 Juli 2022 10:00 GMT+7", "2022-07-03T10:00:00+07:00"),
        ("3 Jul 2022 10:00 +0700", "2022-07-03T10:00:00+07:00"),
        ("Jumat, 10/12/2021 13:19", "2021-12-10T13:19:00"),
        ("2021-12-16 15:48:00", "2021-12-16T15:48:00"),
        ("2021-12-16T15:48:07+07:00", "2021-12-16T15:48:07+07:00"),
        ("2021-12-16T08:48:00Z", "2021-12-16T08:48:00+00:00"),
        ("2021-12-16T08:48:00.123456+00:00", "2021-12-16T08:48:00+00:00"),
        ("Jum'at, 17 Des 2021 - 07:05 WIB", "2021-12-17T07:05:00+07:00"),
        ("Ahad, 19 Desember 2021 pukul 20.00 WIB", "2021-12-19T20:00:00+07:00"),
        ("Diperbarui Sabtu, 18 Des. 2021, 06:30 WIB", "2021-12-18T06:30:00+07:00"),
        ("1 Peb 2016", "2016-02-01"),
        ("1 Pebruari 2016", "2016-02-01"),
        ("12 Agt 2019", "2019-08-12"),
        ("12 Ags 2019", "2019-08-12"),
        ("12 Agu 2019", "2019-08-12"),
        ("12 Aug 2019", "2019-08-12"),
        ("5 Sept 2019", "2019-09-05"),
        ("5 Okt 2019", "2019-10-05"),
        ("5 Oct 2019", "2019-10-05"),
        ("5 Nop 2019", "2019-11-05"),
        ("5 Dec 2019", "2019-12-05"),
        ("5 Maret 2019", "2019-03-05"),
        ("Thursday, December 16, 2021 3:48 pm", "2021-12-16T15:48:00"),
        ("Wednesday, 04 November, 2015 | 07:28 WIB", "2015-11-04T07:28:00+07:00"),
        ("December 16, 2021 12:05 AM", "2021-12-16T00:05:00"),
        ("pada 16-12-2021 malam", "2021-12-16"),
        ("16.12.2021", "2021-12-16"),
        ("2022/12/10 13:19:56", "2022-12-10T13:19:56"),
    ],
)
def test_parse_datetime_reads_indonesian_and_iso_forms(text, expected):
    parsed = parse_datetime(text)
    assert parsed is not None
    assert parsed.iso() == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tanpa tanggal sama sekali",
        "31 Februari 2021",
        "30 Feb 2020 10:00 WIB",
        "32/01/2021",
        "16/13/2021",
        "2021-13-01",
        "16 Desember",                # no year: not a date we can place
        "Desember 2021",
        "0 Januari 2021",
        "16 Desember 1850",           # outside the years news pages print
        "x2021-12-16",               # glued to a word
        "\x00\x1b\x7f",
    ],
)
def test_parse_datetime_skips_what_is_not_a_date(text):
    assert parse_datetime(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 Desember 2021, 10.000 orang hadir", "2021-12-16"),    # a count, not 10:00
        ("16 Desember 2021 25:61 WIB", "2021-12-16"),               # an impossible clock
        ("16 Desember 2021 15:00 pm", "2021-12-16"),                # 15 pm is not a reading
        ("16 Desember 2021 15:48 WIBU", "2021-12-16T15:48:00"),     # not a zone label
    ],
)
def test_parse_datetime_keeps_the_date_when_the_time_is_doubtful(text, expected):
    parsed = parse_datetime(text)
    assert parsed is not None and parsed.iso() == expected


def test_default_offset_applies_only_to_zone_less_times():
    assert parse_datetime("Senin, 5 Nov 2015 14:56", default_offset="+07:00").iso() == "2015-11-05T14:56:00+07:00"
    assert parse_datetime("5 Nov 2015 14:56 WITA", default_offset="+07:00").iso() == "2015-11-05T14:56:00+08:00"
    assert parse_datetime("5 Nov 2015", default_offset="+07:00").iso() == "2015-11-05"


def test_parsed_date_values_are_aware_only_with_an_offset():
    aware = parse_datetime("16 Desember 2021 15:48 WIB")
    naive = parse_datetime("16 Desember 2021 15:48")
    assert aware.value.utcoffset() == dt.timedelta(hours=7)
    assert naive.value.tzinfo is None and naive.has_time
    assert ParsedDate(dt.date(2021, 12, 16), False).iso() == "2021-12-16"


def test_find_datetimes_gives_every_date_with_its_span():
    text = "Kamis, 16 Desember 2021 | 15:48 WIB — sidang ditunda ke Senin (20/12/2021) dan 3 Januari 2022."
    found = find_datetimes(text, default_offset="+07:00")
    assert [p.iso() for _, _, p in found] == ["2021-12-16T15:48:00+07:00", "2021-12-20", "2022-01-03"]
    assert [text[a:b] for a, b, _ in found] == [
        "Kamis, 16 Desember 2021 | 15:48 WIB", "Senin (20/12/2021", "3 Januari 2022"]


def test_find_datetimes_skips_invalid_dates_and_keeps_the_rest():
    found = find_datetimes("31 Februari 2021 lalu 1 Maret 2021")
    assert [p.iso() for _, _, p in found] == ["2021-03-01"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-11-05 T10:08:58Z", "2015-11-05T10:08:58+00:00"),
        ("2023-11-02T20-59-53Z", "2023-11-02T20:59:53+00:00"),
        ("2022/12/10 13:19:56", "2022-12-10T13:19:56"),
        ("2016-02-16T13:01:52+0700", "2016-02-16T13:01:52+07:00"),
        ("2016-02-16T13:01:52+07", "2016-02-16T13:01:52+07:00"),
        ("2023-11-02", "2023-11-02"),
    ],
)
def test_parse_iso_reads_machine_stamps_and_their_slips(text, expected):
    assert parse_iso(text).iso() == expected


@pytest.mark.parametrize("text", ["", "kemarin", "2021-02-30T10:00:00Z", "1446692938000"])
def test_parse_iso_rejects_non_stamps(text):
    assert parse_iso(text) is None


@pytest.mark.parametrize(
    ("label", "hours"),
    [("WIB", 7), ("wita", 8), ("WIT", 9), ("+0700", 7), ("+07:00", 7), ("GMT+7", 7), ("UTC", 0), ("Z", 0),
     ("-05:30", -5.5)],
)
def test_parse_offset_reads_zone_labels(label, hours):
    assert parse_offset(label).utcoffset(None) == dt.timedelta(hours=hours)


@pytest.mark.parametrize("label", [None, "", "XYZ", "+25:00", "GMT+99"])
def test_parse_offset_rejects_unknown_labels(label):
    assert parse_offset(label) is None


ADVERSARIAL = {
    "day names": "Kamis, " * 30_000,
    "spaces after a day": "Kamis" + " " * 200_000 + "x",
    "digits": "1" * 200_000,
    "slashes": "1/1/" * 50_000,
    "dates without years": "16 Desember " * 20_000,
    "times": "12:30 " * 30_000,
    "dots": "1.2." * 50_000,
    "open brackets": "Kamis (" * 30_000,
    "controls": "\x00\x1b" * 100_000,
    "zones": "16 Des 2021 15:48 GMT+" * 8_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_long_hostile_text_is_scanned_in_linear_time(name):
    text = ADVERSARIAL[name]
    start = time.perf_counter()
    find_datetimes(text)
    parse_datetime(text)
    parse_iso(text)
    assert time.perf_counter() - start < 2.0, name


def test_parse_datetime_reads_only_the_start_of_a_long_text():
    text = "x" * 5_000 + " 16 Desember 2021"
    assert parse_datetime(text) is None
    assert find_datetimes(text)[0][2].iso() == "2021-12-16"


# find_datetimes searches only just before four-digit numbers (dates._PLANS); a plain scan of every
# pattern over the whole text must find the same dates.

def _plain_find(text: str) -> list[tuple[int, int, str]]:
    from kliping.extract.dates import _PATTERNS, _build

    found = [(m.start(), m.end(), parsed) for pattern in _PATTERNS for m in pattern.finditer(text)
             if (parsed := _build(m, None)) is not None]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, ParsedDate]] = []
    for item in found:
        if not out or item[0] >= out[-1][1]:
            out.append(item)
    return [(a, b, p.iso()) for a, b, p in out]


def _mixed_texts() -> list[str]:
    import random

    rng = random.Random(7)
    pieces = ["Kamis, ", "16 ", "Desember ", "Des. ", "2021", " 15:48 WIB", ", ", "(16/12/2021)", "2021-12-16",
              "T08:48:00Z", "December 16, 2021", "tahun 2021 ", "Rp 2.021 ", "12345 ", "16.12.2021", " | ",
              "Wednesday, ", "04 November, 2015", " pukul 20.00 WITA", "kata ", "\n", "1999/01/02", "x2021-12-16"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(400)]


def test_find_datetimes_finds_what_a_plain_scan_of_every_pattern_finds():
    for text in _mixed_texts():
        assert [(a, b, p.iso()) for a, b, p in find_datetimes(text)] == _plain_find(text), text


@pytest.mark.parametrize("text", ["2021 " * 40_000, "16/12/2021 " * 18_000, "Desember, 2021 " * 13_000])
def test_many_years_are_scanned_in_linear_time(text):
    start = time.perf_counter()
    find_datetimes(text)
    assert time.perf_counter() - start < 2.0
