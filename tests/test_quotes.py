"""Quotations: direct and reported speech, speakers, pronoun chains, relays, scare quotes, hostile text.

All sentences are fictional (people, outlets and places invented for these tests).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kliping.article import Entity, Quote
from kliping.enrich.quotes import find_quotes

SHARED = Path(__file__).resolve().parents[2] / "shared"


def ent(body: str, text: str, label: str, canonical: str | None = None, pattern: str | None = None) -> Entity:
    """An entity with a mention at every match of ``pattern`` (default: the text itself)."""
    mentions = tuple((m.start(), m.end()) for m in re.finditer(pattern or re.escape(text), body))
    return Entity(text, label, canonical or text, None, mentions)


def brief(quotes: list[Quote]) -> list[tuple]:
    return [(q.kind, q.speaker, q.cue, q.via) for q in quotes]


def check_spans(body: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert body[q.span[0]: q.span[1]] == q.text
    assert [q.span for q in quotes] == sorted(q.span for q in quotes)


# -- direct quotes --------------------------------------------------------------------------
@pytest.mark.parametrize("cue", ["kata", "ujar", "ucap", "tutur", "jelas", "tegas", "ungkap", "tambah",
                                 "imbuh", "papar", "terang", "sebut"])
def test_direct_quote_with_postposed_cue(cue: str) -> None:
    body = f'"Kami akan membuka tiga gerbang air baru sebelum musim hujan," {cue} Budi Santoso.'
    quotes = find_quotes(body)
    assert brief(quotes) == [("direct", "Budi Santoso", cue, None)]
    assert quotes[0].text == "Kami akan membuka tiga gerbang air baru sebelum musim hujan"
    check_spans(body, quotes)


def test_direct_quote_text_keeps_its_own_final_punctuation() -> None:
    body = "“Apakah warga sudah siap?” tanya wartawan. “Sudah siap semua.” kata Ani Lestari."
    quotes = find_quotes(body)
    assert [q.text for q in quotes] == ["Sudah siap semua."]
    assert quotes[0].speaker == "Ani Lestari"


def test_direct_quote_with_curly_marks_and_several_sentences() -> None:
    body = ("Warga Desa Lembah Kabut menunggu sejak pagi. “Air sudah surut. Sekolah dibuka lagi besok. "
            "Kami minta orang tua bersiap,” ujar Kepala Desa Raka Pradipta kepada wartawan.")
    quotes = find_quotes(body)
    assert brief(quotes) == [("direct", "Raka Pradipta", "ujar", None)]
    assert quotes[0].text.startswith("Air sudah surut.") and quotes[0].text.endswith("bersiap")
    check_spans(body, quotes)


def test_direct_quote_with_cue_before_and_colon_form() -> None:
    body = ('Menteri Perairan Dewi Anggraini mengatakan, "Pembangunan tanggul selesai tahun depan." '
            'Ketua panitia Joko Haryanto: "Semua relawan sudah kami data ulang."')
    quotes = find_quotes(body)
    assert brief(quotes) == [("direct", "Dewi Anggraini", "mengatakan", None), ("direct", "Joko Haryanto", None, None)]
    check_spans(body, quotes)


def test_kata_x_comma_before_the_quote() -> None:
    body = 'Kata Budi Santoso, "Tidak ada yang perlu dikhawatirkan oleh warga."'
    assert brief(find_quotes(body)) == [("direct", "Budi Santoso", "kata", None)]


@pytest.mark.parametrize("body", [
    '"Kami menolak "kebijakan" itu sepenuhnya," kata Budi Santoso.',
    "“Kami menolak ‘kebijakan’ itu sepenuhnya,” kata Budi Santoso.",
    "”Kami menolak kebijakan itu sepenuhnya,” kata Budi Santoso.",
])
def test_nested_marks_and_closing_curly_mark_used_as_opener(body: str) -> None:
    quotes = find_quotes(body)
    assert brief(quotes) == [("direct", "Budi Santoso", "kata", None)]
    assert quotes[0].text.startswith("Kami menolak") and quotes[0].text.endswith("sepenuhnya")


def test_kata_x_kepada_outlet_is_the_audience_not_the_relay() -> None:
    body = '"Harga gabah naik dua kali lipat dalam sebulan," kata Rina Maharani kepada KabarRawa.com.'
    assert brief(find_quotes(body)) == [("direct", "Rina Maharani", "kata", None)]


def test_inverted_cue_after_the_quote() -> None:
    body = '"Kami tidak pernah menerima surat itu sama sekali," Budi Santoso menambahkan.'
    assert brief(find_quotes(body)) == [("direct", "Budi Santoso", "menambahkan", None)]


def test_quote_paragraph_attributed_by_the_previous_paragraph() -> None:
    body = ("Wali Kota Sekar Arum, Lestari Wibowo, menjelaskan alasannya:\n\n"
            '"Jembatan lama sudah retak di tiga titik. Kami tidak mau menunggu korban."\n\n'
            '"Anggarannya sudah ada sejak Maret."')
    quotes = find_quotes(body)
    assert [(q.speaker, q.cue) for q in quotes] == [("Lestari Wibowo", "menjelaskan"), ("Lestari Wibowo", None)]
    check_spans(body, quotes)


def test_quote_paragraph_attributed_by_the_next_sentence() -> None:
    body = ('"Tidak ada satu pun nelayan yang boleh melaut sampai Jumat."\n\n'
            "Demikian disampaikan Kepala Pelabuhan Tanjung Lumut, Hendra Wijaya, dalam rapat pagi itu.")
    quotes = find_quotes(body)
    assert brief(quotes) == [("direct", "Hendra Wijaya", "disampaikan", None)]


def test_multi_paragraph_quote_open_until_its_last_paragraph() -> None:
    body = ('"Kami sudah tiga kali mengirim surat ke dinas tetapi belum ada jawaban.\n\n'
            '"Karena itu kami datang langsung ke balai kota hari ini," kata Sari Puspita, koordinator warga.')
    quotes = find_quotes(body)
    assert [(q.speaker, q.cue) for q in quotes] == [("Sari Puspita", None), ("Sari Puspita", "kata")]
    assert quotes[0].text.endswith("belum ada jawaban.")
    check_spans(body, quotes)


def test_run_of_quote_paragraphs_takes_the_attribution_that_ends_it() -> None:
    body = ('Rapat warga berlangsung sampai malam.\n\n'
            '"Kami sudah menunggu jawaban selama enam bulan."\n\n'
            '"Tidak ada satu pun petugas yang datang ke kampung kami."\n\n'
            '"Karena itu kami akan menulis surat ke gubernur," kata Sari Puspita, koordinator warga.')
    quotes = find_quotes(body)
    assert [(q.speaker, q.cue) for q in quotes] == [("Sari Puspita", None), ("Sari Puspita", None),
                                                  ("Sari Puspita", "kata")]


def test_unattributed_quote_paragraph_is_not_a_quote() -> None:
    body = 'Pasar dibuka seperti biasa.\n\n"Semua pedagang sudah kembali berjualan di los masing-masing."'
    assert find_quotes(body) == []


# -- indirect quotes ------------------------------------------------------------------------
def test_indirect_with_audience_day_and_bahwa() -> None:
    body = ("Juru bicara Kementerian Perairan Budi Santoso mengatakan kepada wartawan pada Rabu bahwa "
            "pintu air utama akan dibuka bertahap mulai pekan depan.")
    quotes = find_quotes(body)
    assert brief(quotes) == [("indirect", "Budi Santoso", "mengatakan", None)]
    assert quotes[0].text == "pintu air utama akan dibuka bertahap mulai pekan depan"
    check_spans(body, quotes)


@pytest.mark.parametrize("verb", ["menegaskan", "menjelaskan", "mengungkapkan", "menyebutkan", "menambahkan"])
def test_indirect_reporting_verbs(verb: str) -> None:
    body = f"Ani Lestari {verb} stok beras di gudang Lumbung Jaya cukup untuk tiga bulan."
    quotes = find_quotes(body)
    assert brief(quotes) == [("indirect", "Ani Lestari", verb, None)]
    assert quotes[0].text == "stok beras di gudang Lumbung Jaya cukup untuk tiga bulan"


def test_weak_verb_with_a_plain_object_is_not_a_quote() -> None:
    body = "Budi Santoso menyatakan dukungan penuh bagi panitia festival layang-layang di Pantai Gading Biru."
    assert find_quotes(body) == []
    body = "Budi Santoso menyatakan bahwa panitia festival akan menambah dua panggung."
    assert brief(find_quotes(body)) == [("indirect", "Budi Santoso", "menyatakan", None)]


def test_menurut_x_and_menurutnya() -> None:
    body = ("Menurut Profesor Gita Ramadhani, musim kemarau tahun ini akan lebih panjang dari biasanya. "
            "Menurutnya, petani perlu menunda masa tanam hingga November.")
    quotes = find_quotes(body)
    assert brief(quotes) == [("indirect", "Gita Ramadhani", "menurut", None),
                             ("indirect", "Gita Ramadhani", "menurutnya", None)]
    assert quotes[1].text == "petani perlu menunda masa tanam hingga November"


def test_organisation_can_be_the_speaker() -> None:
    body = ("Istana Sekar mengatakan bahwa kunjungan kenegaraan ditunda sampai bulan depan. "
            "Dewan Kota Lumut menegaskan bahwa anggaran banjir tidak akan dipotong.")
    entities = [ent(body, "Istana Sekar", "ORG"), ent(body, "Dewan Kota Lumut", "ORG")]
    quotes = find_quotes(body, entities)
    assert [(q.speaker, q.speaker_entity) for q in quotes] == [("Istana Sekar", 0), ("Dewan Kota Lumut", 1)]


def test_quoted_phrase_inside_indirect_statement_stays_part_of_it() -> None:
    body = ('Raka Pradipta mengatakan kedua kota menolak "setiap campur tangan dari luar dalam urusan air" '
            "yang dinilai merugikan petani.")
    quotes = find_quotes(body)
    assert brief(quotes) == [("indirect", "Raka Pradipta", "mengatakan", None)]
    assert '"setiap campur tangan' in quotes[0].text


def test_role_phrase_inside_reported_clause_is_not_a_speaker() -> None:
    body = ("Budi Santoso mengatakan bahwa gubernur Rawa itu mengatakan kepada warga bahwa "
            "tanggul akan diperbaiki.")
    quotes = find_quotes(body)
    assert len(quotes) == 1 and quotes[0].speaker == "Budi Santoso"


def test_narrative_subject_is_not_a_speaker() -> None:
    body = ("Rapat kedua menteri tersebut menegaskan bahwa kedua negara akan berbagi data cuaca. "
            "Laporan itu mengatakan harga pupuk naik.")
    assert find_quotes(body) == []


# -- speakers: titles, entities, pronoun chains ------------------------------------------------
def test_speaker_maps_to_entity_through_title() -> None:
    body = ('Presiden Arka Wirabumi tiba di Lumut pada Senin. "Kita harus menjaga bendungan ini bersama," '
            "kata Presiden Arka.")
    entities = [ent(body, "Arka Wirabumi", "PERSON", pattern=r"Arka Wirabumi|Presiden Arka"),
                ent(body, "Lumut", "GPE")]
    quotes = find_quotes(body, entities)
    assert [(q.speaker, q.speaker_entity) for q in quotes] == [("Arka Wirabumi", 0)]


@pytest.mark.parametrize("phrase, speaker", [
    ("Menteri Keuangan Sri Wulandari", "Sri Wulandari"),
    ("Presiden Nusa Rawa Arka Wirabumi", "Arka Wirabumi"),
    ("Juru bicara Partai Embun Pagi Dimas Prakoso", "Dimas Prakoso"),
    ("Ketua KPR Sekar Ayu", "Sekar Ayu"),
    ("Gubernur Lestari Wibowo", "Lestari Wibowo"),
    ("Gubernur Lumut Lestari Wibowo", "Lestari Wibowo"),
    ("ketua majelis hakim Rudi Hartono", "Rudi Hartono"),
    ("Kapolsek Lembah Hijau, Kompol Dedi Irawan, saat dihubungi", "Dedi Irawan"),
    ("Kepala Pelabuhan Lumut, Hendra Wijaya", "Hendra Wijaya"),
    ("Budi Santoso, Kepala Dinas Air Kota Lumut", "Budi Santoso"),
    ("Prof Dr Gita Ramadhani Putri", "Gita Ramadhani Putri"),
])
def test_titles_and_roles_are_stripped_off_the_speaker(phrase: str, speaker: str) -> None:
    body = f'"Semua rencana sudah kami bahas dengan warga setempat," kata {phrase}.'
    assert [q.speaker for q in find_quotes(body)] == [speaker]


def test_ajudan_of_an_organisation_entity_keeps_the_person() -> None:
    body = "Ajudan Istana Sekar Bayu Aditya mengatakan bahwa jadwal kunjungan sudah final."
    entities = [ent(body, "Istana Sekar", "ORG")]
    assert [(q.speaker, q.speaker_entity) for q in find_quotes(body, entities)] == [("Bayu Aditya", None)]


def test_pronoun_chain_follows_the_last_speaker() -> None:
    body = ('"Kapal bantuan berangkat malam ini," kata Laksmi Anindya. '
            "Dia mengatakan dua kapal lain menyusul pada Kamis pagi.\n\n"
            '"Kami butuh relawan dapur umum," ujarnya.\n\n'
            "Ia juga mengatakan posko kesehatan dibuka di balai desa.\n\n"
            "Pejabat senior itu menegaskan bahwa seluruh biaya ditanggung pemerintah daerah.")
    quotes = find_quotes(body)
    assert [q.speaker for q in quotes] == ["Laksmi Anindya"] * 5
    assert [q.cue for q in quotes] == ["kata", "mengatakan", "ujarnya", "mengatakan", "menegaskan"]


def test_role_noun_with_relative_clause_points_back() -> None:
    body = ('"Sungai sudah kami keruk dua kali tahun ini," kata Rudi Hartono. "Tahun depan giliran kanal '
            'timur," kata pria yang sudah lima tahun menjabat ketua panitia.')
    assert [q.speaker for q in find_quotes(body)] == ["Rudi Hartono", "Rudi Hartono"]


def test_anonymous_speaker_is_null_and_carries_to_its_pronoun() -> None:
    body = ('"Banyak warga belum menerima bantuan sama sekali," kata seorang pejabat desa. '
            '"Datanya belum diperbarui sejak tahun lalu," ujarnya.')
    assert [(q.speaker, q.speaker_entity) for q in find_quotes(body)] == [(None, None), (None, None)]


def test_pronoun_without_prior_speaker_takes_last_person_entity() -> None:
    body = "Rudi Hartono meninjau pasar pagi ini. Ia mengatakan harga cabai mulai turun di semua kios."
    entities = [ent(body, "Rudi Hartono", "PERSON"), ent(body, "pasar", "LOC")]
    assert [(q.speaker, q.speaker_entity) for q in find_quotes(body, entities)] == [("Rudi Hartono", 0)]


def test_pronoun_skips_organisation_speakers() -> None:
    body = ("Ani Lestari mengatakan bahwa pasokan listrik sudah normal. Perusahaan Listrik Rawa mengatakan "
            "bahwa gangguan disebabkan petir. Dia menambahkan bahwa kompensasi dibayar bulan depan.")
    entities = [ent(body, "Ani Lestari", "PERSON"), ent(body, "Perusahaan Listrik Rawa", "ORG")]
    quotes = find_quotes(body, entities)
    assert [q.speaker for q in quotes] == ["Ani Lestari", "Perusahaan Listrik Rawa", "Ani Lestari"]


# -- relays ---------------------------------------------------------------------------------
def test_agency_relay_with_quoted_person_in_next_words() -> None:
    body = ('"Kedua negara akan memperluas jalur kereta lintas batas mulai tahun depan," lapor Lintas. '
            "agensi itu mengutip pernyataan Presiden Arka.")
    entities = [ent(body, "Arka Wirabumi", "PERSON", pattern="Presiden Arka"), ent(body, "Lintas", "ORG")]
    quotes = find_quotes(body, entities)
    assert [(q.speaker, q.speaker_entity, q.cue, q.via) for q in quotes] == [("Arka Wirabumi", 0, "lapor", "Lintas")]


def test_agency_relay_without_a_named_speaker() -> None:
    body = '"Pelabuhan ditutup sementara karena gelombang tinggi," lapor Kantor Berita Lintas.'
    assert brief(find_quotes(body)) == [("direct", None, "lapor", "Kantor Berita Lintas")]


@pytest.mark.parametrize("relay, via", [
    ("seperti dikutip dari Harian Senja", "Harian Senja"),
    ("seperti dilansir Warta Lembah", "Warta Lembah"),
    ("mengutip KabarRawa.com", "KabarRawa.com"),
    ("dikutip dari laman resmi Suara Timur", "Suara Timur"),
])
def test_relay_phrase_after_the_cue_gives_via(relay: str, via: str) -> None:
    body = ('"Kami menolak rencana tambang di hulu sungai," kata Dimas Prakoso. '
            f'"Air untuk sawah lebih penting dari apa pun," katanya {relay}.')
    quotes = find_quotes(body)
    assert [(q.speaker, q.via) for q in quotes] == [("Dimas Prakoso", None), ("Dimas Prakoso", via)]


# -- not quotes ------------------------------------------------------------------------------
def test_scare_quotes_and_terms_are_not_quotes() -> None:
    body = ("Kelompok itu bersembunyi di balik kedok 'kebebasan' dan 'kemajuan'. Para petani menyatakan "
            '"kekecewaan mendalam" mereka atas "Forum Tiga" Samudra Selatan. Serikat menuduh pabrik karena '
            '"kelalaian" besar, dan menyebut limbah itu sebagai "racun paling berbahaya".')
    assert find_quotes(body) == []


def test_titles_of_works_are_not_quotes() -> None:
    body = ('Sutradara Bima Arya merilis film "Langit Merah di Atas Kota Lama" pekan lalu. '
            'Novel "Rumah Kaca di Tepi Sungai Biru" juga laris, kata pemilik toko buku.')
    assert find_quotes(body) == []


def test_attributed_short_phrase_without_punctuation_is_not_a_quote() -> None:
    body = 'Warga menyebutnya "jalan maut" kata Budi Santoso.'
    assert find_quotes(body) == []


# -- robustness -------------------------------------------------------------------------------
HOSTILE = {
    "empty": "",
    "blank": " \n\n \t",
    "quote_marks": '"' * 50_000,
    "spaced_quote_marks": '" ' * 50_000,
    "curly_marks": "“”" * 25_000,
    "unbalanced": ('"Kami siap, kata Budi. ' * 5_000),
    "no_spaces": "a" * 1_000_000,
    "cue_flood": "Dia mengatakan bahwa " * 20_000,
    "menurut_flood": "Menurutnya, x. " * 20_000,
    "postposed_flood": '"a b c d e," kata X. ' * 20_000,
    "control_chars": "\x00\x01\"\x02“\u2028”" * 10_000,
    "unattributed_pairs": '"Satu dua tiga empat lima enam." ' * 20_000,
    "quote_paragraphs": '"Satu dua tiga empat lima enam."\n\n' * 20_000,
    "nested_openers": ' "x' * 50_000,
    "name_flood": '"Satu dua tiga empat lima," kata ' + "Budi " * 200_000,
    "title_flood": '"Satu dua tiga empat lima," kata ' + "Presiden " * 100_000,
    "subject_flood": "Budi " * 100_000 + "mengatakan bahwa air naik lagi.",
    "long_paragraph": 'kata mengatakan "Budi" ' * 130_000,  # 3 MB, sentences cut at their cap
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_bounded_and_does_not_crash(name: str) -> None:
    body = HOSTILE[name]
    start = time.perf_counter()
    quotes = find_quotes(body)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{name}: {elapsed:.2f}s"
    check_spans(body, quotes)


def test_malformed_entity_mentions_are_ignored() -> None:
    body = '"Semua jalan desa sudah kami perbaiki," kata Budi Santoso.'
    entities = [Entity("Budi", "PERSON", "Budi", None, ((-5, 3), (40, 10), (0, 10**9)))]
    assert [q.speaker for q in find_quotes(body, entities)] == ["Budi Santoso"]


def test_find_quotes_is_pure() -> None:
    body = '"Kami siap menampung pengungsi di gedung olahraga," kata Ani Lestari. Dia mengatakan dapur dibuka.'
    entities = (ent(body, "Ani Lestari", "PERSON"),)
    first = find_quotes(body, entities)
    assert find_quotes(body, entities) == first
    assert entities == (ent(body, "Ani Lestari", "PERSON"),)


# -- the seed page (../shared), when present ------------------------------------------------
def test_seed_page_quotes() -> None:
    path = SHARED / "seeds" / "000_306cb9d6b3f4ce8e.txt"
    if not path.exists():
        pytest.skip("seed page not present")
    raw = path.read_text(encoding="utf-8")
    body = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", raw) if p.strip())
    entities = [
        ent(body, "Vladimir Putin", "PERSON", pattern=r"(?:Vladimir )?Putin"),
        ent(body, "Xi Jinping", "PERSON", pattern=r"Xi Jinping|Presiden Xi|\bXi\b"),
        ent(body, "Yuri Ushakov", "PERSON"),
        ent(body, "Joe Biden", "PERSON"),
        ent(body, "Xinhua", "ORG"),
        ent(body, "SBS News", "ORG"),
        ent(body, "Kremlin", "ORG"),
        ent(body, "Gedung Putih", "ORG"),
    ]
    quotes = find_quotes(body, entities)
    check_spans(body, quotes)
    direct = [(q.speaker, q.via) for q in quotes if q.kind == "direct"]
    assert direct == [("Xi Jinping", "Xinhua"), ("Xi Jinping", "SBS News"), ("Vladimir Putin", None)]
    indirect = [q.speaker for q in quotes if q.kind == "indirect"]
    assert indirect == ["Yuri Ushakov", "Yuri Ushakov", "Kremlin"] + ["Vladimir Putin"] * 4
    assert all(len(q.text.split()) >= 5 for q in quotes)  # no scare quote slipped in
