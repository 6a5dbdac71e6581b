"""Reading scraped plain text (``kliping.extract.text.parse_text``). Fictional pages only."""

from __future__ import annotations

import time

import pytest

from kliping.extract.furniture import clean
from kliping.extract.text import is_indonesian, parse_text
from kliping.extract.textutil import normalise_space, repair_punctuation, unspaced_letters, word_count

P1 = ("WARTABORNEO -Pemerintah Kabupaten Sungai Lebar meresmikan jembatan gantung baru di Desa Tanjung "
      "Asri pada Senin, 3 Januari 2022.")
P2 = ("Bupati Rahmat Sudiro mengatakan jembatan itu akan memangkas waktu tempuh warga ke pasar kecamatan "
      "dari dua jam menjadi dua puluh menit.")
P3 = ('"Anak-anak tidak perlu lagi menyeberang dengan perahu," kata Kepala Desa Tanjung Asri, '
      "Dewi Lestarini, kepada wartawan.")

PAGE = f"""Jembatan Gantung Tanjung Asri Diresmikan ,Warga Tak Lagi Naik Perahu

3 Januari 2022, 14:05 WIB

{P1}

{P2}

Baca Juga: Harga Karet di Sungai Lebar Naik Tiga Persen

{P3}

Editor: Bayu Pratomo

Tags
"""


def test_title_date_and_blocks():
    page = parse_text(PAGE)
    assert page.title == "Jembatan Gantung Tanjung Asri Diresmikan, Warga Tak Lagi Naik Perahu"
    assert page.published == "2022-01-03T14:05:00+07:00"
    assert [b.text for b in page.blocks] == [
        P1, P2, "Baca Juga: Harga Karet di Sungai Lebar Naik Tiga Persen", P3, "Editor: Bayu Pratomo", "Tags"]
    assert page.warnings == []


def test_parsed_page_cleans_to_the_article():
    page = parse_text(PAGE)
    out = clean(page.blocks, title=page.title)
    assert out.paragraphs == [P1.removeprefix("WARTABORNEO -"), P2, P3]
    assert (out.dateline, out.editors) == ("WARTABORNEO", ["Bayu Pratomo"])


@pytest.mark.parametrize("line, iso", [
    ("Senin, 3 Januari 2022 | 14:05 WIB", "2022-01-03T14:05:00+07:00"),
    ("Senin, 3 Januari 2022 14:05", "2022-01-03T14:05:00+07:00"),      # bare time, Indonesian text: WIB
    ("Senin, 3 Januari 2022 14:05 WITA", "2022-01-03T14:05:00+08:00"),
    ("3 Januari 2022", "2022-01-03"),
])
def test_date_line_under_the_title(line, iso):
    page = parse_text(f"Jembatan Baru Diresmikan\n{line}\n\n{P2}\n\n{P3}")
    assert page.published == iso
    assert [b.text for b in page.blocks] == [P2, P3]


def test_byline_on_the_date_line_is_kept_as_a_block():
    page = parse_text(f"Jembatan Baru Diresmikan\nPenulis: Dewi Lestarini | 3 Januari 2022, 14:05 WIB\n\n{P2}")
    assert page.published == "2022-01-03T14:05:00+07:00"
    assert [b.text for b in page.blocks] == ["Penulis: Dewi Lestarini", P2]


def test_no_date_line():
    page = parse_text(f"Jembatan Baru Diresmikan\n\n{P2}\n\n{P3}")
    assert page.published is None
    assert [b.text for b in page.blocks] == [P2, P3]
    assert any("no publication date" in w for w in page.warnings)


def test_date_deep_in_the_body_is_not_the_publication_date():
    page = parse_text(f"Jembatan Baru Diresmikan\n\n{P2}\n\n{P3}\n\n{P1}\n\n5 Januari 2022")
    assert page.published is None


def test_first_line_that_is_a_sentence_is_not_a_title():
    page = parse_text(f"{P2}\n\n{P3}")
    assert page.title is None
    assert [b.text for b in page.blocks] == [P2, P3]


def test_long_lines_separated_by_single_newlines_are_paragraphs():
    page = parse_text(f"Jembatan Baru Diresmikan\n3 Januari 2022\n{P1}\n{P2}\nBaca juga: Harga Karet Naik\n{P3}")
    assert [b.text for b in page.blocks] == [P1, P2, "Baca juga: Harga Karet Naik", P3]


def test_hard_wrapped_paragraphs_are_joined():
    words = (P2 + " " + P3).split()
    wrapped, line = [], []
    for w in words:
        line.append(w)
        if len(" ".join(line)) > 60:
            wrapped.append(" ".join(line))
            line = []
    wrapped.append(" ".join(line))
    text = "Jembatan Baru Diresmikan\n\n" + "\n".join(wrapped) + "\n\nEditor: Bayu Pratomo"
    page = parse_text(text)
    assert [b.text for b in page.blocks] == [P2 + " " + P3, "Editor: Bayu Pratomo"]


def test_sentences_of_other_scripts_one_per_line_are_not_joined():
    # "。" ends a sentence as "." does: these lines are paragraphs, not a text wrapped at a width.
    lines = ["青葉町の市民図書館は、来月から開館時間を夜九時まで延長すると発表した。",
             "館長の山川紀子さんは「仕事帰りの人にも本を借りに来てほしい」と話している。",
             "図書館によると、昨年度の利用者は前の年より一割ほど増えて約三万人だった。",
             "延長の期間はまず半年とし、利用の状況を見て続けるかどうかを決めるという。"]
    page = parse_text("青葉町図書館 開館時間を延長へ\n\n" + "\n".join(lines))
    assert page.title == "青葉町図書館 開館時間を延長へ"
    assert [b.text for b in page.blocks] == lines


@pytest.mark.parametrize("text, count", [
    ("Warga Tanjung Asri bersyukur", 4),
    ("Warga Tanjung Asri 青叶 bersyukur", 5),      # a Han name in Latin text: counted as split() counts
    ("青葉町の市民図書館は、来月から開館時間を延長する。", 11),  # 23 letters written without spaces
    ("ホーム ニュース 地域 スポーツ", 6),
    ("", 0),
])
def test_word_count_in_any_script(text, count):
    assert word_count(text) == count


def test_unspaced_letters_reads_a_bounded_prefix():
    assert unspaced_letters("図" * 1_000_000) == 2000
    assert unspaced_letters("Warga bersyukur") == 0


def test_windows_newlines_and_invisible_characters():
    page = parse_text("Jembatan\u200b Baru Diresmikan\r\n\r\n" + P2.replace(" ", " \u200b", 3) + "\r\n")
    assert page.title == "Jembatan Baru Diresmikan"
    assert [b.text for b in page.blocks] == [P2]


def test_leading_menu_line_is_not_the_title():
    page = parse_text(f"Terkini\n\nJembatan Baru Diresmikan\n3 Januari 2022\n\n{P2}")
    assert page.title == "Jembatan Baru Diresmikan"
    assert page.published == "2022-01-03"


def test_english_text_gets_no_assumed_offset():
    page = parse_text("Bridge Opens in Borneo Village\nJanuary 3, 2022 14:05\n\n"
                      "The new suspension bridge will cut the trip to the market for the villagers.")
    assert page.published == "2022-01-03T14:05:00"


@pytest.mark.parametrize("text", [
    "",
    "\n\n  \n",
    "x" * 1_000_000,
    '"' * 50_000,
    ("\u201c" + "a" * 10 + "\u201d ") * 20_000,
    "\n" * 200_000,
    ("Jembatan baru\n" * 20_000),
    ("Harga karet di Sungai Lebar naik lagi menurut para petani di desa\n" * 20_000),
    "\x00\x01\x02\x1b[31m" * 10_000,
])
def test_hostile_text_is_read_quickly(text):
    start = time.perf_counter()
    page = parse_text(text)
    clean(page.blocks, title=page.title)
    assert time.perf_counter() - start < 5.0
    assert all(b.text for b in page.blocks)


def test_is_indonesian():
    assert is_indonesian(P1 + " " + P2 + " " + P3)
    assert not is_indonesian("The new suspension bridge will cut the trip to the market for the villagers.")


@pytest.mark.parametrize("raw, fixed", [
    ("Lakukan Pertemuan Secara Daring ,Pemimpin Tertinggi", "Lakukan Pertemuan Secara Daring, Pemimpin Tertinggi"),
    ("kata dia .", "kata dia."),
    ("Editor : Bayu", "Editor: Bayu"),
    ("naik 1,5 persen", "naik 1,5 persen"),
    ("( Foto: Dok )", "(Foto: Dok)"),
    ("situs Kompas .com", "situs Kompas .com"),
    ("Apa ? Tidak !", "Apa? Tidak!"),
    ("kata dia\u00a0.", "kata dia."),
    ("Daring\t,Pemimpin", "Daring, Pemimpin"),
    ("( \u00a0Foto )", "(Foto)"),
    ("Warga bersyukur, kata dia.", "Warga bersyukur, kata dia."),
])
def test_repair_punctuation(raw, fixed):
    assert repair_punctuation(raw) == fixed


def test_normalise_space():
    assert normalise_space("  a\u200b\u00a0 b\n\tc\x00 ") == "a b c"
    assert normalise_space("") == ""


@pytest.mark.parametrize("raw, clean", [
    ("Cafe\u0301 di Tanjung Asri", "Caf\u00e9 di Tanjung Asri"),   # composed even when nothing else changes
    ("Caf\u00e9 di Tanjung Asri", "Caf\u00e9 di Tanjung Asri"),
    ("Jembatan\u00ad baru\u2003diresmikan", "Jembatan baru diresmikan"),
    ("sudah rapi", "sudah rapi"),
])
def test_normalise_space_composes_and_keeps_clean_text(raw, clean):
    assert normalise_space(raw) == clean
    assert normalise_space(clean) == clean
