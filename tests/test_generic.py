"""Generic main-content extraction on small pages written for these tests (fictional outlets,
people and events), plus the benchmark floor on ../shared/data/aeb-dev when it is present."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from kliping.evaluation import score_page, summarise
from kliping.extract.generic import blocks_from, extract_blocks
from kliping.extract.generic.rules import BOILER, CONTENT, KINDS, kind_of
from kliping.extract.html import parse

LEAD = (
    "Pemerintah Kabupaten Sukamaju meresmikan jembatan gantung baru di Desa Cibeureum, Senin, "
    "yang menghubungkan dua kecamatan yang selama ini terpisah oleh Sungai Cikaret."
)
PARAS = [
    LEAD,
    "Bupati Sukamaju, Ratna Wulandari, mengatakan jembatan sepanjang 120 meter itu dibangun "
    "selama delapan bulan dengan anggaran daerah sebesar Rp 4,2 miliar, termasuk jalan akses.",
    "Menurut warga, sebelum jembatan berdiri, anak-anak sekolah harus menyeberang dengan rakit "
    "bambu, terutama saat musim hujan ketika arus sungai deras dan berbahaya.",
    "Dinas Pekerjaan Umum setempat berjanji memeriksa kondisi jembatan setiap tiga bulan, "
    "sementara kelompok pemuda desa akan membantu menjaga kebersihan di sekitarnya.",
]


def _page(body: str, title: str = "Jembatan Gantung Baru Hubungkan Dua Kecamatan") -> str:
    return (
        f"<html><head><title>{title} - Warta Sukamaju</title>"
        f'<meta property="og:title" content="{title}"></head><body>{body}</body></html>'
    )


def _article(paragraphs: list[str] = PARAS, extra: str = "") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f'<article><h1>Jembatan Gantung Baru Hubungkan Dua Kecamatan</h1><div class="entry-content">{ps}{extra}</div></article>'


def _texts(html: str, url: str | None = None) -> list[str]:
    return [b.text for b in extract_blocks(parse(html), url=url)]


def test_generic_reads_the_article_paragraphs_in_order():
    assert _texts(_page(_article())) == PARAS


def test_generic_picks_article_over_a_longer_comment_section():
    comments = "".join(
        f'<div class="comment-body"><p>Komentar nomor {i}: saya setuju, jembatan ini sangat penting, '
        f"semoga cepat dibangun juga di desa kami, terima kasih, Bu Bupati, salam dari warga.</p></div>"
        for i in range(30)
    )
    html = _page(_article() + f'<section id="comments"><h3>30 Komentar</h3>{comments}</section>')
    texts = _texts(html)
    assert texts == PARAS


def test_generic_picks_article_over_a_sidebar_without_class_hints():
    # No class names at all: the paragraphs themselves must win over a long list of teasers.
    teasers = "".join(
        f'<div><a href="/berita/{i}">Berita lain nomor {i} tentang banjir dan jalan rusak di kota</a></div>'
        for i in range(40)
    )
    html = _page(f"<div><div>{teasers}</div><div>{''.join(f'<p>{p}</p>' for p in PARAS)}</div></div>")
    assert _texts(html) == PARAS


def test_generic_drops_navigation_footer_share_bar_and_captions():
    body = (
        '<nav><ul><li><a href="/">Beranda</a></li><li><a href="/daerah">Daerah</a></li></ul></nav>'
        '<div class="share-bar"><a href="#">Bagikan ke Facebook</a> <a href="#">Twitter</a></div>'
        "<article><h1>Jembatan Gantung Baru Hubungkan Dua Kecamatan</h1>"
        '<figure><img src="a.jpg"><figcaption>Warga melintasi jembatan baru. (Foto: Dok. Warta)</figcaption></figure>'
        '<div class="post-content">'
        + "".join(f"<p>{p}</p>" for p in PARAS)
        + '<p class="wp-caption-text">Keterangan foto kedua yang tidak boleh ikut terbaca.</p>'
        "</div></article>"
        '<footer><p>Hak cipta Warta Sukamaju. Seluruh isi dilindungi undang-undang.</p></footer>'
        '<div class="cookie-consent">Situs ini memakai kuki untuk meningkatkan pengalaman Anda.</div>'
    )
    texts = _texts(_page(body))
    assert texts == PARAS


def test_generic_keeps_subheadings_list_items_and_blockquotes():
    extra = (
        "<h2>Manfaat bagi warga</h2><ul><li>Waktu tempuh ke pasar berkurang setengah jam.</li>"
        "<li>Anak sekolah tidak lagi menyeberang dengan rakit.</li></ul>"
        "<blockquote><p>Kami sudah menunggu jembatan ini sejak lama sekali.</p></blockquote>"
    )
    blocks = extract_blocks(parse(_page(_article(extra=extra))))
    tags = [(b.tag, b.text) for b in blocks[len(PARAS):]]
    assert tags == [
        ("h2", "Manfaat bagi warga"),
        ("li", "Waktu tempuh ke pasar berkurang setengah jam."),
        ("li", "Anak sekolah tidak lagi menyeberang dengan rakit."),
        ("blockquote", "Kami sudah menunggu jembatan ini sejak lama sekali."),
    ]


def test_generic_skips_the_headline_h1():
    texts = _texts(_page(_article()))
    assert "Jembatan Gantung Baru Hubungkan Dua Kecamatan" not in texts


def test_generic_splits_double_br_paragraphs_of_old_portals():
    body = (
        '<div class="header"><a href="/">Warta Sukamaju</a></div>'
        '<div class="isi-berita"><strong>SUKAMAJU, WARTA</strong> - ' + "<br /><br />".join(PARAS) + "</div>"
    )
    texts = _texts(_page(body))
    assert texts[0] == f"SUKAMAJU, WARTA - {PARAS[0]}"
    assert texts[1:] == PARAS[1:]


def test_generic_joins_a_dangling_dateline_to_the_first_paragraph():
    body = f'<div class="detail__body-text"><strong>Jakarta</strong> - <p>{PARAS[0]}</p><p>{PARAS[1]}</p></div>'
    assert _texts(_page(body))[0] == f"Jakarta - {PARAS[0]}"


def test_generic_keeps_inline_read_also_as_its_own_block_with_href():
    extra = '<p><strong>Baca Juga:</strong> <a href="/berita/77/banjir-surut">Banjir di Cikaret Mulai Surut</a></p>'
    paragraphs = PARAS[:2]
    html = _page(_article(paragraphs, extra=extra + f"<p>{PARAS[2]}</p>"))
    blocks = extract_blocks(parse(html), url="https://warta.example/berita/76/jembatan")
    assert [b.text for b in blocks] == paragraphs + ["Baca Juga: Banjir di Cikaret Mulai Surut", PARAS[2]]
    teaser = blocks[2]
    assert teaser.href == "https://warta.example/berita/77/banjir-surut"
    assert teaser.link_density > 0.6
    assert blocks[0].href is None and blocks[0].link_density == 0.0


def test_generic_hint_carries_class_words_of_the_block_and_its_parents():
    extra = '<div class="baca-juga"><p><a href="/x">Warga Gotong Royong Bersihkan Sungai</a></p></div>'
    blocks = extract_blocks(parse(_page(_article(extra=extra))))
    assert "baca-juga" in blocks[-1].hint


def test_generic_drops_related_article_lists():
    related = "".join(f'<li><a href="/r/{i}">Judul berita terkait nomor {i} yang cukup panjang</a></li>' for i in range(5))
    extra = f"<p>Lihat juga:</p><ul>{related}</ul>"
    assert _texts(_page(_article(extra=extra))) == PARAS


def test_generic_reads_table_rows_inside_the_body():
    extra = "<table><tr><th>Desa</th><th>Warga</th></tr><tr><td>Cibeureum</td><td>1.200</td></tr></table>"
    blocks = extract_blocks(parse(_page(_article(extra=extra))))
    assert [(b.tag, b.text) for b in blocks[-2:]] == [("td", "Desa Warga"), ("td", "Cibeureum 1.200")]


def test_generic_reads_an_english_page():
    paras = [
        "The harbour authority of the fictional town of Port Elwin said on Tuesday that the old pier, "
        "closed since the spring storms, will reopen to fishing boats next month.",
        "Repairs cost about 3 million dollars, shared between the town council and the regional "
        "government, and took longer than planned because of supply delays.",
        "Local fishers welcomed the news, saying the detour to the northern quay had added an hour "
        "to every trip and raised their fuel costs.",
    ]
    body = (
        '<header class="site-header"><a href="/">Elwin Courier</a></header>'
        '<main><article><h1>Old pier reopens</h1><div class="story-body">'
        + "".join(f"<p>{p}</p>" for p in paras)
        + '</div><div class="author-bio"><p>Jo Marsh covers the coast for the Courier.</p></div></article>'
        '<aside><h3>Most read</h3><p><a href="/a">Storm season ends early</a></p></aside></main>'
    )
    assert _texts(_page(body, title="Old pier reopens")) == paras


def test_generic_cleans_the_tree_in_place_and_a_clone_keeps_it_whole():
    html = _page('<nav><a href="/">Beranda</a></nav>' + _article() + "<script>var x = 1;</script>")
    tree = parse(html)
    assert _texts(html) == PARAS
    extract_blocks(tree)
    assert tree.css_first("script") is None and tree.css_first("nav") is None
    tree = parse(html)
    before = tree.html
    assert [b.text for b in extract_blocks(tree.clone())] == PARAS
    assert tree.html == before


def test_generic_keeps_a_form_wrapping_the_article_next_to_a_longer_comment_section():
    # The article is less than half of the page's text, and the form around it is furniture: the
    # CMS-named body container inside is what saves it (as on ASP.NET pages).
    comments = "".join(
        f'<div class="comment-body"><p>Warga {i}: semoga jembatan ini awet dan dirawat, karena '
        f"kami sudah lama menunggu jalan yang aman untuk anak-anak ke sekolah setiap hari.</p></div>"
        for i in range(30)
    )
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    body = (
        "<h1>Jembatan Gantung Baru Hubungkan Dua Kecamatan</h1>"
        f'<form id="halaman" action="/"><div class="entry-content">{paras}</div></form>'
        f'<section class="comments">{comments}</section>'
    )
    assert _texts(_page(body)) == PARAS


def test_generic_drops_a_nav_even_when_a_teaser_inside_is_named_like_a_body():
    teaser = (
        "Dinas Pekerjaan Umum Sukamaju mengumumkan jadwal perbaikan jalan provinsi yang rusak akibat "
        "banjir bulan lalu, dimulai dari ruas Cibeureum hingga pasar kecamatan, selama dua pekan penuh."
    )
    body = f'<nav class="menu-utama"><div class="post-content"><p>{teaser}</p></div></nav>' + _article()
    tree = parse(_page(body))
    assert [b.text for b in extract_blocks(tree)] == PARAS
    assert tree.css_first("nav") is None


@pytest.mark.parametrize(
    "hidden",
    [
        "<div hidden>",
        '<div aria-hidden="true">',
        '<div style="DISPLAY: none">',
        "<div style='color:red;visibility:hidden'>",
    ],
)
def test_generic_drops_hidden_elements_inside_the_article(hidden):
    secret = "Teks tersembunyi yang hanya dibaca mesin pencari, bukan bagian dari berita ini."
    extra = f"{hidden}<p>{secret}</p></div>"
    assert _texts(_page(_article(extra=extra))) == PARAS


def test_generic_keeps_a_hidden_wrapper_of_most_of_the_page():
    # Anti-flicker snippets hide the whole page until a script shows it.
    assert _texts(_page(f'<div style="display:none">{_article()}</div>')) == PARAS


def test_class_kinds_are_cached_but_not_for_huge_class_strings():
    huge = "berbagi share-bar " * 100
    assert kind_of(huge, None) == kind_of("share-bar", None) == BOILER
    assert (huge, None) not in KINDS and ("share-bar", None) in KINDS
    assert kind_of("entry-content", "isi") == CONTENT


def test_blocks_from_reads_a_known_container_without_its_furniture():
    html = _page(
        '<div class="read__content">' + "".join(f"<p>{p}</p>" for p in PARAS[:2])
        + '<script>window.ads = "<p>bukan teks</p>";</script>'
        '<div class="social-share"><a href="#">Bagikan</a></div></div>'
    )
    tree = parse(html)
    node = tree.css_first("div.read__content")
    assert [b.text for b in blocks_from(node)] == PARAS[:2]
    assert tree.css_first("div.social-share") is not None  # the caller's tree is untouched


@pytest.mark.parametrize("html", ["<html><body></body></html>", "<div><span></span></div>", "<p>   </p>"])
def test_generic_returns_no_blocks_for_pages_without_text(html):
    assert extract_blocks(parse(html)) == []


def test_generic_aeb_dev_f1_floor(shared):
    """The benchmark metric on ../shared/data/aeb-dev: body = the blocks' texts joined by newlines."""
    root = shared / "data" / "aeb-dev"
    if not root.is_dir():
        pytest.skip("aeb-dev is not present")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    scores = []
    for key, item in truth.items():
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        blocks = extract_blocks(parse(raw.decode("utf-8", errors="replace")), url=item.get("url"))
        scores.append(score_page("\n".join(b.text for b in blocks), item["articleBody"]))
    summary = summarise(scores)
    assert summary.f1 >= 0.96, f"aeb-dev F1 {summary.f1:.4f}"
    assert time.perf_counter() - started < 20


def test_blocks_from_skips_the_headline_inside_the_container():
    html = _page(f'<div class="read__content"><h1>Jembatan Gantung Baru Hubungkan Dua Kecamatan</h1><p>{PARAS[0]}</p></div>')
    node = parse(html).css_first("div.read__content")
    assert [b.text for b in blocks_from(node)] == [PARAS[0]]
