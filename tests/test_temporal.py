"""Dates in prose, resolved against the publication time: kliping.enrich.temporal."""

from __future__ import annotations

import time

import pytest

from kliping.enrich.temporal import find_dates

# Thursday, 16 December 2021 (ISO week 50).
PUBLISHED = "2021-12-16T15:48:00+07:00"


def _values(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str | None, str | None]]:
    return [(d.text, d.value, d.granularity) for d in find_dates(text, published)]


def _one(text: str, published: str | None = PUBLISHED):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "mention", "value", "granularity", "relative"),
    [
        ("Musyawarah warga digelar pada Rabu, 15 Desember 2021 di balai desa.", "Rabu, 15 Desember 2021",
         "2021-12-15", "day", False),
        ("Lelang dibuka 15 Desember 2021 oleh panitia.", "15 Desember 2021", "2021-12-15", "day", False),
        ("Sidang lanjutan ditunda hingga 15/12/2021.", "15/12/2021", "2021-12-15", "day", False),
        ("Pembangunan jembatan dimulai Desember 2021.", "Desember 2021", "2021-12", "month", False),
        ("Pameran batik Sukamaju dibuka pada 15 Desember.", "15 Desember", "2021-12-15", "day", True),
        # Nearest to publication: early January is next year, late November this one.
        ("Peresmian pasar dijadwalkan 3 Januari.", "3 Januari", "2022-01-03", "day", True),
        ("Banjir merendam Desa Tirtomulyo pada 20 November.", "20 November", "2021-11-20", "day", True),
        ("Kontingen Sukamaju tampil di Olimpiade Musim Dingin 2014 di pegunungan.", "2014", "2014", "year", False),
        ("Koperasi itu berdiri pada 2014.", "2014", "2014", "year", False),
        ("Aturan itu berlaku sejak tahun 2014.", "tahun 2014", "2014", "year", False),
        ("Ia mengajar di sekolah itu sejak 1998.", "1998", "1998", "year", False),
    ],
)
def test_absolute_dates(text, mention, value, granularity, relative):
    d = _one(text)
    assert (d.text, d.value, d.granularity, d.relative) == (mention, value, granularity, relative)
    assert text[d.span[0]:d.span[1]] == d.text


@pytest.mark.parametrize(
    "text",
    [
        "Sebanyak 2.000 orang memadati alun-alun.",
        "Harga tiket Rp 2014 per lembar.",
        "Rumahnya di Jalan Kenanga nomor 2014.",
        "Tercatat 2014 orang mengungsi.",
        "Lahan itu seluas 1.998 hektare.",
        "Kode pos 2014 tidak dikenal.",
        "Pemerintah mendata 2014 warga.",
        "Angka 1850 muncul di prasasti.",          # before 1900
        "Rencana itu untuk tahun 2045.",           # past publication + 10 years
    ],
)
def test_numbers_that_are_not_years(text):
    assert _values(text) == []


def test_sequence_of_years_after_a_dated_one():
    assert _values("Ia juara Piala Nusantara 2018 dan 2019.") == [("2018", "2018", "year"), ("2019", "2019", "year")]


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("Kepala dinas meninjau gudang pada Rabu.", "Rabu", "2021-12-15"),
        ("Bupati Sukamaju meninjau lokasi banjir Rabu (15/12).", "Rabu (15/12)", "2021-12-15"),
        ("Bupati Sukamaju meninjau lokasi banjir Selasa (7/12).", "Selasa (7/12)", "2021-12-07"),
        ("Warga berkumpul Rabu malam di masjid.", "Rabu malam", "2021-12-15"),
        ("Camat hadir Senin lalu.", "Senin lalu", "2021-12-13"),
        ("Rapat itu berlangsung hari Sabtu.", "hari Sabtu", "2021-12-11"),
        # Published on a Thursday: "pada Kamis" is the same day, "Kamis lalu" the week before.
        ("Pada Kamis, pengurus koperasi bertemu.", "Kamis", "2021-12-16"),
        ("Pengurus koperasi bertemu Kamis lalu.", "Kamis lalu", "2021-12-09"),
        ("Gubernur akan meninjau pasar itu pada Rabu.", "Rabu", "2021-12-22"),
        ("Rapat pleno digelar Senin depan.", "Senin depan", "2021-12-20"),
        ("Turnamen dibuka Sabtu mendatang.", "Sabtu mendatang", "2021-12-18"),
        ("Kamis malam nanti panitia berkumpul.", "Kamis malam nanti", "2021-12-16"),
        ("Rabu ini posko ditutup.", "Rabu ini", "2021-12-15"),
        ("Jemaat beribadah pada Minggu lalu.", "Minggu lalu", "2021-12-12"),
        ("Jumat lalu ia pulang.", "Jumat lalu", "2021-12-10"),
        ("Pada Jum'at ia pulang.", "Jum'at", "2021-12-10"),
        # The reporting verb closes the clause: "akan" after it is about something else.
        ("Kepala desa mengatakan pada Selasa bahwa jalan itu akan diperbaiki.", "Selasa", "2021-12-14"),
    ],
)
def test_weekdays(text, mention, value):
    d = _one(text)
    assert (d.text, d.value, d.granularity, d.relative) == (mention, value, "day", True)


def test_clock_time_extends_a_day_but_not_its_value():
    d = _one("Sidang digelar Rabu (15/12/2021) pukul 10.00 WIB di ruang utama.")
    assert (d.text, d.value, d.relative) == ("Rabu (15/12/2021) pukul 10.00 WIB", "2021-12-15", False)
    d = _one("Sidang digelar Rabu (15/12) pukul 10.00 WIB.")
    assert (d.text, d.value) == ("Rabu (15/12) pukul 10.00 WIB", "2021-12-15")


@pytest.mark.parametrize(
    ("text", "mention", "value", "granularity"),
    [
        ("Hari ini loket dibuka.", "Hari ini", "2021-12-16", "day"),
        ("Hujan deras turun kemarin.", "kemarin", "2021-12-15", "day"),
        ("Jalan itu ditutup besok.", "besok", "2021-12-17", "day"),
        ("Panitia tiba lusa.", "lusa", "2021-12-18", "day"),
        ("Harga cabai naik pekan lalu.", "pekan lalu", "2021-W49", "week"),
        ("Harga cabai naik minggu lalu.", "minggu lalu", "2021-W49", "week"),
        ("Minggu lalu harga cabai naik.", "Minggu lalu", "2021-W49", "week"),
        ("Stok beras aman pekan ini.", "pekan ini", "2021-W50", "week"),
        ("Sekolah dibuka minggu depan.", "minggu depan", "2021-W51", "week"),
        ("Sekolah dibuka pekan depan.", "pekan depan", "2021-W51", "week"),
        ("Tarif naik bulan lalu.", "bulan lalu", "2021-11", "month"),
        ("Tarif naik bulan depan.", "bulan depan", "2022-01", "month"),
        ("Tarif naik bulan ini.", "bulan ini", "2021-12", "month"),
        ("Panen raya terjadi tahun ini.", "tahun ini", "2021", "year"),
        ("Panen raya terjadi tahun lalu.", "tahun lalu", "2020", "year"),
        ("Panen raya diharapkan tahun depan.", "tahun depan", "2022", "year"),
        ("Ia tiba dua hari lalu.", "dua hari lalu", "2021-12-14", "day"),
        ("Ia pindah tiga pekan lalu.", "tiga pekan lalu", "2021-W47", "week"),
        ("Ia lulus dua tahun lalu.", "dua tahun lalu", "2019", "year"),
        ("Desa itu dibangun 20 tahun silam.", "20 tahun silam", "2001", "year"),
        ("Ia kembali 3 hari lagi.", "3 hari lagi", "2021-12-19", "day"),
        ("Jembatan rampung dua belas bulan lalu.", "dua belas bulan lalu", "2020-12", "month"),
    ],
)
def test_relative_to_publication(text, mention, value, granularity):
    d = _one(text)
    assert (d.text, d.value, d.granularity, d.relative) == (mention, value, granularity, True)


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        ("Ia berharap bisa tampil di festival itu pada bulan Februari.", "bulan Februari", "2022-02"),
        ("Peresmian dijadwalkan pada Maret.", "Maret", "2022-03"),
        ("Panitia berencana membuka pendaftaran pada Desember.", "Desember", "2021-12"),
        ("Ia sudah melunasi utang itu pada Februari.", "Februari", "2021-02"),
        ("Ia menetap di kota itu sejak April.", "April", "2021-04"),
        ("Festival digelar pada Februari lalu.", "Februari lalu", "2021-02"),
        ("Festival digelar pada Oktober mendatang.", "Oktober mendatang", "2022-10"),
        # No tense cue: the nearest one (March is three months ahead, nine behind).
        ("Festival itu pada Maret menarik banyak pengunjung.", "Maret", "2022-03"),
        ("Festival itu pada Oktober menarik banyak pengunjung.", "Oktober", "2021-10"),
    ],
)
def test_month_names_follow_the_tense_of_their_sentence(text, mention, value):
    d = _one(text)
    assert (d.text, d.value, d.granularity, d.relative) == (mention, value, "month", True)


def test_month_name_alone_needs_date_context():
    assert _values("April Lestari memimpin rapat itu.") == []
    assert _values("Di Pasar Minggu, Juni menjual sayur.") == []


def test_anchored_phrase_after_a_verb_dates_the_earlier_event():
    text = ("Bupati Sukamaju dan Wali Kota Tirtamaya bertemu pada Rabu, 15 Desember 2021. "
            "Pertemuan itu berlangsung delapan hari setelah bupati berbicara dengan gubernur.")
    dates = find_dates(text, PUBLISHED)
    assert [(d.text, d.value, d.relative) for d in dates] == [
        ("Rabu, 15 Desember 2021", "2021-12-15", False),
        ("delapan hari setelah", "2021-12-07", True),
    ]


def test_anchored_phrase_mirrors_for_before():
    text = ("Rapat anggaran digelar pada 10 Desember 2021. "
            "Rapat itu digelar sepekan sebelum masa reses dimulai.")
    assert _values(text)[1] == ("sepekan sebelum", "2021-12-17", "day")


def test_sentence_initial_anchor_and_kemudian_give_new_dates():
    text = ("Banjir melanda Desa Karanganyar pada Senin, 6 Desember 2021. "
            "Dua hari setelah banjir surut, warga kembali ke rumah. "
            "Tiga hari kemudian sekolah dibuka lagi. "
            "Sehari sebelumnya relawan membersihkan kelas.")
    assert _values(text)[1:] == [
        ("Dua hari setelah", "2021-12-08", "day"),
        ("Tiga hari kemudian", "2021-12-11", "day"),
        ("Sehari sebelumnya", "2021-12-10", "day"),
    ]


def test_anchor_falls_back_to_publication_and_needs_a_reference():
    assert _values("Dua hari kemudian ia pulang.") == [("Dua hari kemudian", "2021-12-18", "day")]
    assert _values("Dua hari kemudian ia pulang.", None) == []
    # Mid-sentence, with no anchor verb before it: no safe reading, left out.
    assert _values("Ia ditemukan warga dua hari setelah hilang.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Mereka bersahabat selama 20 tahun.",
        "Keduanya merayakan 20 tahun persahabatan.",
        "Terdakwa dituntut 4 tahun penjara.",
        "Ia menginap tiga hari di rumah kakaknya.",
        "Beberapa pekan lalu ia sakit.",
        "Fosil itu berumur 2.000 tahun lalu ditemukan.",
        "Angka itu naik dalam 11 bulan pertama.",
        "Ia lalu pulang ke kampung.",
        "Masa jabatannya masih sisa 5 tahun lagi.",
    ],
)
def test_durations_are_not_dates(text):
    assert _values(text) == []


def test_duration_beside_a_date():
    assert _values("Ekspor naik 12 persen dalam 11 bulan pertama tahun ini.") == [("tahun ini", "2021", "year")]


def test_without_publication_only_self_contained_dates():
    text = "Pada Rabu, 15 Desember 2021 panen dimulai. Kemarin hujan. Sejak 1998 desa itu tumbuh. Pekan lalu ramai."
    assert _values(text, None) == [("Rabu, 15 Desember 2021", "2021-12-15", "day"), ("1998", "1998", "year")]
    assert _values(text, "bukan tanggal") == _values(text, None)


def test_article_spans_are_sorted_disjoint_and_exact():
    body = ("SUKAMAJU - Pemerintah Kabupaten Sukamaju meresmikan pasar baru pada Kamis (16/12/2021).\n\n"
            "Pasar itu dibangun sejak Maret 2020 dan sempat terhenti tahun lalu karena banjir. "
            "Bupati mengatakan pasar kedua akan dibangun pada bulan Februari.\n\n"
            "Kemarin, pedagang mulai menata kios. Dua hari kemudian listrik menyala.")
    dates = find_dates(body, PUBLISHED)
    assert [d.value for d in dates] == ["2021-12-16", "2020-03", "2020", "2022-02", "2021-12-15", "2021-12-17"]
    for d in dates:
        assert body[d.span[0]:d.span[1]] == d.text
    assert all(a.span[1] <= b.span[0] for a, b in zip(dates, dates[1:], strict=False))


def test_seed_page_dates(seed_path):
    body = seed_path.read_text(encoding="utf-8")
    dates = {(d.text, d.value) for d in find_dates(body, PUBLISHED)}
    for expected in [("Rabu, 15 Desember 2021", "2021-12-15"), ("Rabu", "2021-12-15"),
                     ("delapan hari setelah", "2021-12-07"), ("pekan lalu", "2021-W49"),
                     ("bulan Februari", "2022-02"), ("tahun ini", "2021"), ("2014", "2014")]:
        assert expected in dates
    assert not any(text.startswith(("20 tahun", "11 bulan", "4 Tahun")) for text, _ in dates)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 1_000_000,
        "7" * 50_000,
        "Rabu " * 10_000,
        "Minggu lalu " * 5_000,
        "pada 2014 " * 10_000,
        "dua " * 20_000 + "hari lalu",
        "Rabu (" * 20_000,
        "\x00\x0b Kamis \u0130 15 Desember kemarin " * 500,
    ],
)
def test_hostile_input_is_bounded(text):
    start = time.perf_counter()
    dates = find_dates(text, PUBLISHED)
    assert time.perf_counter() - start < 2.0
    assert len(dates) <= 1_000
    for d in dates:
        assert text[d.span[0]:d.span[1]] == d.text


def test_a_scale_word_before_tahun_lalu_ends_an_amount_not_a_count():
    body = "Nilai ekspor kopi mencapai Rp 1,5 triliun tahun lalu."
    assert [(d.text, d.value) for d in find_dates(body, "2026-03-05T09:00:00+07:00")] == [("tahun lalu", "2025")]
