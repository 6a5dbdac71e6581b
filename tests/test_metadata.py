"""Page metadata from HTML: kliping.extract.metadata. The outlets and people here are fictional."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from kliping.extract.metadata import Metadata, clean_names, clean_title, extract_metadata
from kliping.outlets import Profile

SHARED = Path(__file__).resolve().parents[2] / "shared"


def page(head: str = "", body: str = "", lang: str = "id") -> LexborHTMLParser:
    return LexborHTMLParser(f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>')


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# -- titles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tokens", "expected"),
    [
        ("Banjir Rendam Pasar Lama - Kabarlima.com", {"kabarlima"}, "Banjir Rendam Pasar Lama"),
        ("Banjir Rendam Pasar Lama | Warta Tepian", {"wartatepian"}, "Banjir Rendam Pasar Lama"),
        ("Banjir Rendam Pasar Lama - Halaman all - Kabarlima.com", {"kabarlima"}, "Banjir Rendam Pasar Lama"),
        ("Banjir Rendam Pasar Lama - Halaman 2", set(), "Banjir Rendam Pasar Lama"),
        ("Banjir Rendam Pasar Lama : Kabarlima News", {"kabarlima"}, "Banjir Rendam Pasar Lama"),
        ("Banjir Rendam Pasar Lama | Kabarlima.co :: Portal Berita Nusantara", set(), "Banjir Rendam Pasar Lama"),
        ("Kabarlima.com - Banjir Rendam Pasar Lama", {"kabarlima"}, "Banjir Rendam Pasar Lama"),
        ("Pertemuan Daring ,Pemimpin Dua Kota Sepakat", set(), "Pertemuan Daring, Pemimpin Dua Kota Sepakat"),
        ("Wali Kota: Pasar Dibuka Lagi Senin", {"kabarlima"}, "Wali Kota: Pasar Dibuka Lagi Senin"),
        ("Harga Cabai Naik - Pedagang Mengeluh", {"kabarlima"}, "Harga Cabai Naik - Pedagang Mengeluh"),
        ("Sungai Meluap di Hulu - Kabar Jogja", {"kabarnusa"}, "Sungai Meluap di Hulu"),
        ("Peta Baru Lahan Gambut: Kata Ahli | Nasional | Kabarlima.co", set(), "Peta Baru Lahan Gambut: Kata Ahli"),
        ("  ", set(), None),
    ],
)
def test_clean_title_removes_the_site_suffix_only(raw, tokens, expected):
    assert clean_title(raw, tokens) == expected


def test_title_prefers_the_heading_when_it_agrees_with_og_title():
    tree = page(
        '<meta property="og:title" content="Warga Desa Sukamaju Gelar &quot;Sedekah Bumi&quot; - Kabarlima">'
        "<title>Warga Desa Sukamaju Gelar Sedekah Bumi - Kabarlima</title>",
        "<h1>Warga Desa Sukamaju Gelar “Sedekah Bumi”</h1>",
    )
    assert extract_metadata(tree, url="https://www.kabarlima.com/a/1").title == "Warga Desa Sukamaju Gelar “Sedekah Bumi”"


def test_title_falls_back_to_title_tag_and_h1():
    tree = page("<title>Sungai Meluap di Hulu | Kabarlima</title>", "<h1>Sungai Meluap di Hulu</h1>")
    assert extract_metadata(tree, url="https://kabarlima.com/x").title == "Sungai Meluap di Hulu"
    assert extract_metadata(page("", "<h1>Hanya Judul</h1>")).title == "Hanya Judul"


# -- times -------------------------------------------------------------------------------------------

HEADLINE = "<h1>Jembatan Gantung Kembali Dibuka</h1>"


def test_jsonld_utc_time_is_expressed_in_the_zone_the_page_shows():
    tree = page(
        ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Jembatan Gantung Kembali Dibuka",
            "datePublished": "2022-03-04T02:15:00+00:00"}),
        HEADLINE + '<div class="date">Jumat, 4 Maret 2022 10:15 WITA</div>',
    )
    assert extract_metadata(tree, url="https://kabarlima.com/a").published == "2022-03-04T10:15:00+08:00"


def test_zone_less_meta_time_on_an_indonesian_page_is_wib():
    tree = page('<meta name="publishdate" content="2022/03/04 09:05:11">', HEADLINE)
    assert extract_metadata(tree, url="https://kabarlima.co.id/a").published == "2022-03-04T09:05:11+07:00"


def test_zone_less_time_on_a_foreign_page_stays_without_offset():
    tree = page('<meta name="pubdate" content="2022-03-04 09:05:11">', "<h1>Bridge Reopens</h1><p>The town said.</p>",
                lang="en")
    assert extract_metadata(tree, url="https://example.org/a").published == "2022-03-04T09:05:11"


def test_a_z_stuck_on_local_time_is_read_as_the_visible_zone():
    tree = page(
        '<meta name="pubdate" content="2022-03-04 T09:05:11Z" itemprop="datePublished">',
        HEADLINE + "<div>Jumat, 04/03/2022 09:05 WIB</div>",
    )
    assert extract_metadata(tree, url="https://kabarlima.com/a").published == "2022-03-04T09:05:11+07:00"


def test_hand_made_z_stamp_without_visible_time_is_local_on_indonesian_pages():
    tree = page('<meta name="pubdate" content="2022-03-04T09-05-11Z">', HEADLINE)
    assert extract_metadata(tree, url="https://kabarlima.co.id/a").published == "2022-03-04T09:05:11+07:00"


def test_visible_date_near_the_headline_is_used_when_there_is_no_meta():
    body = (
        '<ul class="terkait"><li>Kamis, 3 Maret 2022 | 20:00 WIB</li><li>Berita lain</li></ul>'
        + '<ul class="breadcrumb"><li>Beranda</li><li>Daerah</li></ul>'
        + HEADLINE
        + '<div class="meta">Penulis: Rangga Permadi | Jumat, 4 Maret 2022 | 08:30 WIB</div>'
        + "<p>Jembatan yang menghubungkan dua desa itu kembali dibuka pada Jumat (4/3/2022).</p>"
    )
    meta = extract_metadata(page("", body), url="https://kabarlima.com/a")
    assert meta.published == "2022-03-04T08:30:00+07:00"
    assert meta.authors == ["Rangga Permadi"]


def test_a_date_only_meta_takes_the_visible_time_of_the_same_day():
    tree = page('<meta property="article:published_time" content="2022-03-04">',
                HEADLINE + "<span>4 Maret 2022, 08:30 WIB</span>")
    assert extract_metadata(tree, url="https://kabarlima.com/a").published == "2022-03-04T08:30:00+07:00"


def test_modified_time_comes_from_dateModified_and_updated_labels():
    tree = page(
        ld({"@type": "NewsArticle", "datePublished": "2022-03-04T08:30:00+07:00",
            "dateModified": "2022-03-04T02:00:00Z"}),
        HEADLINE,
    )
    meta = extract_metadata(tree, url="https://kabarlima.com/a")
    assert meta.published == "2022-03-04T08:30:00+07:00"
    assert meta.modified == "2022-03-04T09:00:00+07:00"


def test_no_date_anywhere_gives_none_and_a_warning():
    meta = extract_metadata(page("", HEADLINE + "<p>Tanpa tanggal.</p>"), url="https://kabarlima.com/a")
    assert meta.published is None
    assert any(w.startswith("published") for w in meta.warnings)


# -- people ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Penulis: Rangga Permadi", ["Rangga Permadi"]),
        ("Oleh: Sri Wulandari, Bayu Anggara dan Made Sutama", ["Sri Wulandari", "Bayu Anggara", "Made Sutama"]),
        ("Reporter : Dewi Lestari", ["Dewi Lestari"]),
        ("Kontributor Pangkalan Baru, Yohanes Bria", ["Yohanes Bria"]),
        ("Rangga Permadi - Kabarlima", ["Rangga Permadi"]),
        ("Tim Kabarlima", []),
        ("Redaksi", []),
        ("Kabarlima.com", []),
        ("https://www.facebook.com/kabarlima", []),
        ("PT. Kabar Lima Media - KABARLIMA.com", []),
        ("By Ahmad bin Yusuf & Siti Aminah", ["Ahmad bin Yusuf", "Siti Aminah"]),
        ("oleh karena itu dia pergi", []),
        ("Agus S (Kabarlima)", ["Agus S"]),
    ],
)
def test_clean_names_keeps_person_names_only(raw, expected):
    assert clean_names(raw, {"kabarlima"}) == expected


def test_reporter_is_the_author_and_editor_is_not():
    body = HEADLINE + "<p>Reporter: Dewi Lestari</p><p>Isi berita.</p><p>Editor: Hendra Kusuma</p>"
    meta = extract_metadata(page("", body), url="https://kabarlima.com/a")
    assert meta.authors == ["Dewi Lestari"]
    assert meta.editors == ["Hendra Kusuma"]


def test_jsonld_author_that_is_the_editor_gives_way_to_the_writer():
    head = (
        ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Hendra Kusuma"},
            "publisher": {"@type": "Organization", "name": "Kabarlima"}})
        + '<meta name="content_author" content="Dewi Lestari"><meta name="content_editor" content="Hendra Kusuma">'
    )
    meta = extract_metadata(page(head, HEADLINE), url="https://kabarlima.com/a")
    assert meta.authors == ["Dewi Lestari"]
    assert meta.editors == ["Hendra Kusuma"]


def test_author_lists_and_graphs_in_jsonld():
    head = ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Kabarlima"},
        {"@type": ["NewsArticle"], "headline": "Jembatan Gantung Kembali Dibuka",
         "author": [{"@type": "Person", "name": "Sri Wulandari"}, {"@type": "Organization", "name": "Kabarlima"},
                    "Bayu Anggara"],
         "keywords": "jembatan, desa, berita terkini", "articleSection": "Daerah"},
    ]})
    meta = extract_metadata(page(head, HEADLINE), url="https://kabarlima.com/a")
    assert meta.authors == ["Sri Wulandari", "Bayu Anggara"]
    assert meta.tags == ["jembatan", "desa"]
    assert meta.section == "Daerah"


def test_outlet_name_in_author_meta_is_not_an_author():
    head = '<meta name="author" content="Kabarlima Cyber Media"><meta property="og:site_name" content="Kabarlima">'
    body = HEADLINE + '<div class="author"><b>Made Sutama</b> - Kabarlima</div>'
    assert extract_metadata(page(head, body), url="https://kabarlima.com/a").authors == ["Made Sutama"]


# -- profiles ------------------------------------------------------------------------------------------



@pytest.mark.parametrize("byline", [
    '<div class="journalist"><a href="/author/wahyu-nugroho" title="Wahyu Nugroho">Wahyu Nugroho</a>'
    "<span>, Jurnalis-Selasa, 10 Maret 2026 |16:00 WIB</span></div>",
    '<div class="writer"><a href="https://kabarlima.com/author/wahyu-nugroho">Wahyu Nugroho</a></div>',
    '<p class="about"><span>Oleh</span> <span><a class="author-link" href="/penulis/wahyu">Wahyu Nugroho</a></span></p>',
])
def test_byline_elements_name_the_author_when_nothing_else_does(byline):
    photo = ('<div class="photo"><img src="/a.jpg"><span class="pb_10 author">Facebook</span> Warga di tepi '
             "sungai</div>")
    teasers = ('<ul class="related"><li><a href="/b">Banjir Susulan</a> <a href="/author/sinta-dewi">Sinta Dewi</a>'
               "</li></ul>")
    for order in ((photo, byline, teasers), (teasers, photo, byline)):
        body = HEADLINE + "".join(order) + "<p>Isi berita.</p>"
        assert extract_metadata(page("", body), url="https://kabarlima.com/a").authors == ["Wahyu Nugroho"]


def test_a_photo_credit_or_a_teaser_author_is_not_the_author():
    body = (HEADLINE + '<figure><img src="/a.jpg"><figcaption><span class="author">Rudi Hartono</span></figcaption>'
            '</figure><aside><a href="/author/sinta-dewi">Sinta Dewi</a></aside><p>Isi berita.</p>')
    assert extract_metadata(page("", body), url="https://kabarlima.com/a").authors == []


def test_printed_breadcrumb_gives_the_section_when_nothing_else_does():
    crumbs = ('<ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Beranda</a></li>'
              '<li class="breadcrumb-item"><a href="/daerah">Daerah</a></li>'
              '<li class="breadcrumb-item"><a href="/a">Jembatan Gantung Desa Sukamaju Kembali Dibuka untuk Warga</a>'
              "</li></ol>")
    wrapper = '<article class="content url-breadcrumb" data-url-breadcrumb="/a">' + "<p>Isi berita.</p>" * 60
    meta = extract_metadata(page("", wrapper + crumbs + HEADLINE + "</article>"), url="https://kabarlima.com/a")
    assert meta.section == "Daerah"  # not the home link, not the headline, not the container's class
    head = '<meta property="article:section" content="Ekonomi">'
    assert extract_metadata(page(head, crumbs + HEADLINE), url="https://kabarlima.com/a").section == "Ekonomi"

def test_profile_selectors_come_first():
    profile = Profile(
        key="kabarlima", name="Kabarlima template", domains=("kabarlima.com",),
        outlets={"kabarlima.com": "Kabarlima"},
        selectors={"title": ("h2.judul",), "published": ("div.tgl",), "authors": ("span.penulis",),
                   "section": ("ul.crumb li:last-child",), "tags": ("div.tag a",)},
    )
    body = (
        '<ul class="crumb"><li>Beranda</li><li>Ekonomi</li></ul><h2 class="judul">Harga Beras Turun</h2>'
        '<div class="tgl">Senin, 7 Maret 2022 11:20</div><span class="penulis">Penulis: Bayu Anggara</span>'
        '<div class="tag"><a>beras</a><a>pasar</a></div>'
    )
    meta = extract_metadata(page('<meta property="og:title" content="Lain">', body), url="https://kabarlima.com/a",
                            profile=profile)
    assert (meta.title, meta.published, meta.authors) == ("Harga Beras Turun", "2022-03-07T11:20:00+07:00",
                                                          ["Bayu Anggara"])
    assert (meta.section, meta.tags, meta.site_name) == ("Ekonomi", ["beras", "pasar"], "Kabarlima")


# -- the rest ------------------------------------------------------------------------------------------


def test_links_image_description_and_site():
    head = (
        '<link rel="canonical" href="/berita/1/jembatan"><link rel="next" href="?page=2">'
        '<meta property="og:image" content="https://img.kabarlima.com/1.jpg">'
        '<meta property="og:description" content="Jembatan dibuka &amp;amp; ramai.">'
        '<meta property="og:site_name" content="Kabarlima">'
    )
    meta = extract_metadata(page(head, HEADLINE), url="https://www.kabarlima.com/berita/1/jembatan")
    assert meta.canonical_url == "https://www.kabarlima.com/berita/1/jembatan"
    assert meta.next_page_url == "https://www.kabarlima.com/berita/1/jembatan?page=2"
    assert meta.image == "https://img.kabarlima.com/1.jpg"
    assert meta.description == "Jembatan dibuka & ramai."
    assert (meta.site_name, meta.domain) == ("Kabarlima", "kabarlima.com")


@pytest.mark.parametrize(
    ("head", "lang", "expected"),
    [
        ('<meta property="og:locale" content="id_ID">', "", "id"),
        ('<meta http-equiv="content-language" content="In-Id">', "", "id"),
        ("", "en-US", "en"),
        ('<meta name="language" content="Indonesian">', "en", "id"),
        ("", "", None),
    ],
)
def test_language_from_declarations(head, lang, expected):
    assert extract_metadata(page(head, "<h1>X</h1>", lang=lang)).language == expected


def test_language_declared_wrongly_is_corrected_by_the_text():
    body = HEADLINE + "<p>" + "Warga yang tinggal di desa itu mengatakan bahwa jembatan ini akan dibuka untuk umum. " * 3 + "</p>"
    meta = extract_metadata(page("", body, lang="en"), url="https://kabarlima.com/a")
    assert meta.language == "id"
    assert any(w.startswith("language") for w in meta.warnings)


def test_machine_made_keyword_lists_are_not_tags():
    head = '<meta name="keywords" content="Bridge,reopens,the,of,town,said">'
    assert extract_metadata(page(head, "<h1>Bridge</h1>", lang="en")).tags == []


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html></html>",
        "\x00\x1b<html><body>\x07</body></html>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><h1>Judul Saja</h1>',
        '<script type="application/ld+json">[[[[[[[[[[{"@type":"NewsArticle"}]]]]]]]]]]</script>',
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": 5, "datePublished": 7,'
        ' "headline": ["a"], "keywords": {"x": 1}, "image": {"url": 3}}</script>',
        "<meta name='pubdate' content='9999-99-99T99:99:99Z'><h1>Jam Rusak</h1>",
    ],
)
def test_odd_pages_never_raise(html):
    assert isinstance(extract_metadata(LexborHTMLParser(html)), Metadata)


def test_a_huge_page_is_read_quickly():
    body = HEADLINE + "<p>" + "Kamis, 16 Desember " * 150_000 + "</p>" + "<p>Oleh " + "A" * 100_000 + "</p>"
    tree = page('<meta name="keywords" content="' + "a," * 50_000 + '">', body)
    start = time.perf_counter()
    extract_metadata(tree, url="https://kabarlima.com/a")
    assert time.perf_counter() - start < 5.0


# -- the real pages (../shared) -------------------------------------------------------------------------


def _real_pages():
    root = SHARED / "data" / "id-news-pages"
    if not root.is_dir():
        pytest.skip("../shared/data/id-news-pages is not present")
    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            expected = json.loads((root / "expected" / f"{entry['id']}.json").read_text(encoding="utf-8"))
            raw = (root / entry["html_file"]).read_bytes().decode("utf-8", "replace")
            yield entry["id"], expected["expected"], raw, expected["expected"].get("url") or entry.get("url")


def test_real_pages_title_and_publish_time_accuracy():
    from kliping.evaluation import same_date, same_minute, same_title

    titles, times, failures = [], [], []
    for pid, expected, raw, url in _real_pages():
        meta = extract_metadata(LexborHTMLParser(raw), url=url)
        if expected.get("title"):
            titles.append(same_title(meta.title, expected["title"]))
            if not titles[-1]:
                failures.append(f"{pid} title {meta.title!r}")
        if expected.get("published_wib"):
            times.append(same_minute(meta.published, expected["published_wib"]))
        elif expected.get("published_date"):
            times.append(same_date(meta.published, expected["published_date"]))
        if times and not times[-1]:
            failures.append(f"{pid} published {meta.published}")
        if expected.get("author"):
            assert meta.authors == [expected["author"]], pid
    assert sum(titles) / len(titles) >= 0.90, failures
    assert sum(times) / len(times) >= 0.90, failures


def test_deeply_nested_jsonld_is_skipped_with_a_warning():
    html = '<script type="application/ld+json">' + "[" * 100_000 + "</script><h1>Judul</h1>"
    meta = extract_metadata(LexborHTMLParser(html))
    assert meta.title == "Judul"
    assert any("JSON-LD" in w for w in meta.warnings)


@pytest.mark.parametrize(
    ("raw", "role", "expected"),
    [
        ("Penulis: Rangga Permadi | Editor: Hendra Kusuma", "author", ["Rangga Permadi"]),
        ("Penulis: Rangga Permadi | Editor: Hendra Kusuma", "editor", ["Hendra Kusuma"]),
        ("Hendra Kusuma", "editor", ["Hendra Kusuma"]),
        ("Laporan Wartawan Kabarlima.com, Yohanes Bria", "author", ["Yohanes Bria"]),
        ("Reporter: Dewi Lestari, Editor: Hendra Kusuma, Penyunting: Made Sutama", "editor",
         ["Hendra Kusuma", "Made Sutama"]),
    ],
)
def test_clean_names_keeps_the_asked_role_in_labelled_bylines(raw, role, expected):
    assert clean_names(raw, {"kabarlima"}, role=role) == expected


def test_one_line_byline_with_reporter_and_editor():
    body = HEADLINE + '<div class="byline">Reporter: Dewi Lestari | Editor: Hendra Kusuma</div><p>Isi.</p>'
    meta = extract_metadata(page("", body), url="https://kabarlima.com/a")
    assert (meta.authors, meta.editors) == (["Dewi Lestari"], ["Hendra Kusuma"])


def test_profile_date_element_settles_the_zone_but_a_machine_stamp_keeps_its_seconds():
    profile = Profile(key="kabarlima", name="Kabarlima template", selectors={"published": ("div.tgl",)})
    head = '<meta property="article:published_time" content="2022-03-07T04:20:31Z">'
    body = '<h1>Harga Beras Turun</h1><div class="tgl">Senin, 7 Maret 2022 11:20 WIB</div>'
    meta = extract_metadata(page(head, body), url="https://kabarlima.com/a", profile=profile)
    assert meta.published == "2022-03-07T11:20:31+07:00"


def test_a_printed_date_that_disagrees_with_the_stamp_is_reported():
    head = '<meta property="article:published_time" content="2022-03-07T16:00:20+07:00">'
    body = "<h1>Harga Beras Turun</h1><div>Senin, 07/03/2022 15:32 WIB</div>"
    meta = extract_metadata(page(head, body), url="https://kabarlima.com/a")
    assert meta.published == "2022-03-07T16:00:20+07:00"
    assert any("15:32" in w for w in meta.warnings)


# -- reading the body's text at C speed (bodytext, headline, page) ----------------------------
# The fast readers must give what a plain walk of the tree gives; the walks below are that plain way.

from kliping.extract.metadata.bodytext import read_body_text  # noqa: E402
from kliping.extract.metadata.headline import _window, headline_hits, hit_ranks, window  # noqa: E402
from kliping.extract.metadata.page import scan  # noqa: E402
from kliping.extract.textutil import normalise_space  # noqa: E402

_NOT_SHOWN = {"script", "style", "noscript", "template", "svg", "head", "title", "iframe"}


def _walked_segments(tree) -> list[str]:
    out = []
    for node in (tree.body or tree.root).traverse(include_text=True):
        if node.tag == "-text" and not (node.parent is not None and node.parent.tag in _NOT_SHOWN):
            text = normalise_space(node.text_content or "")
            if text:
                out.append(text)
    return out


def _walked_rank(text_node) -> int:
    node = text_node.parent
    for _ in range(4):
        if node is None:
            break
        if node.tag == "h1" or node.attributes.get("itemprop") == "headline":
            return 1
        if node.tag in ("h2", "h3"):
            return 2
        node = node.parent
    return 3


TRICKY_BODIES = [
    # an icon's <title> and a visible link with the same word, before and after each other
    '<a>Bagikan</a><svg><title>Bagikan</title></svg><p>Isi</p><svg><title>Bagikan</title></svg><a>Bagikan</a>',
    # the same short script twice, and its text once as visible text in between
    "<script>muat(1)</script><p>muat(1)</p><script>muat(1)</script><p>akhir</p>",
    # a <noscript> whose own text sits around a <style>, and an <iframe> fallback text
    "<noscript> Aktifkan JavaScript <style>p{}</style> untuk membaca </noscript><iframe>Bingkai</iframe><p>Teks</p>",
    # whitespace of every kind, zero-width characters, a soft hyphen and a decomposed accent
    "<p>  baris\n satu \t dua  </p><p>\u00a0</p><p>\u200b</p><p>Ka\u00adbar\u200b lima</p><p>Cafe\u0301</p>",
    # a long script (code) that also holds words of the page, and a <template>
    "<script>" + "var judul = 'Banjir Rendam Pasar Lama'; " * 20 + "</script><template><p>tak tampak</p></template>"
    "<h1>Banjir Rendam Pasar Lama</h1>",
    # text straight in the body, a table whose text the parser moves, comments
    "lepas<table>pindah<tr><td>sel</td></tr></table><!-- catatan --><p>terakhir</p>",
]


@pytest.mark.parametrize("body", TRICKY_BODIES)
def test_body_text_is_what_a_walk_of_the_shown_text_nodes_gives(body):
    tree = page("<title>Judul</title><script>var a = 1;</script>", body)
    assert list(read_body_text(tree, scan(tree).hidden).segments) == _walked_segments(tree)


def test_body_text_of_a_page_without_text_is_empty():
    for html in ("", "<html></html>", "<body><script>x()</script></body>"):
        assert list(read_body_text(LexborHTMLParser(html)).segments) == []


def test_headline_occurrences_are_ranked_by_the_heading_they_sit_in():
    title = "Banjir Rendam Pasar Lama"
    body = (f"<ul class='crumb'><li>Beranda</li><li>{title}</li></ul><h3><a>{title}</a></h3>"
            f"<h1><span><b>{title}</b></span></h1><div>{title}</div>")
    tree = page("", body)
    text = read_body_text(tree, scan(tree).hidden)
    hits = headline_hits(text, "banjirrendampasarlama")
    nodes = [n for n in tree.body.traverse(include_text=True) if n.tag == "-text" and n.text_content.strip() == title]
    assert [i for i, _ in hits] == [1, 2, 3, 4]
    assert hit_ranks(text, hits, scan(tree).headings, "banjirrendampasarlama") == [_walked_rank(n) for n in nodes]


@pytest.mark.parametrize(
    "around",
    ["<p>kata biasa</p>", "<p>baris\nbaru di sini</p>", "<p>dua  spasi</p>", "<p>" + "panjang sekali " * 80 + "</p>"],
)
def test_the_text_around_the_headline_is_read_off_the_joined_text_as_a_walk_would(around):
    body = around * 3 + "<h1>Banjir Rendam Pasar Lama</h1>" + around * 5
    tree = page("", body)
    text = read_body_text(tree, scan(tree).hidden)
    [(i, at)] = headline_hits(text, "banjirrendampasarlama")
    for before, after in ((600, 1500), (0, 0), (7, 30), (5000, 5000)):
        assert window(text, i, at, before, after) == _window(text.segments, i, before, after)


def test_the_one_pass_finds_what_separate_queries_find():
    head = ('<meta name="author" content="Dewi Lestari"><link rel="Canonical" href="/a">'
            '<script type="Application/LD+JSON">{}</script><script>var a;</script><title>T</title>')
    body = ('<h1 itemprop="headline">Judul</h1><h2>Sub</h2><script itemprop="keywords">x</script>'
            '<time pubdate>Senin</time><span itemprop="datePublished">2022-03-07</span>'
            '<svg><title>ikon</title></svg><meta itemprop="author" content="Rangga">')
    tree = page(head, body)
    nodes = scan(tree)

    def ids(found):
        return [n.mem_id for n in found]

    assert ids(nodes.jsonld) == ids(tree.css('script[type*="ld+json" i]'))
    assert ids(nodes.published) == ids(tree.css("[itemprop=datePublished], time[pubdate]"))
    assert ids(nodes.prop("keywords")) == ids(tree.css("[itemprop=keywords]"))
    assert ids(nodes.prop("author")) == ids(tree.css("[itemprop=author]"))
    assert ids(nodes.prop("headline")) == ids(tree.css("[itemprop=headline]"))
    assert ids(nodes.hidden) == ids(tree.body.css("script, style, noscript, svg, title, iframe"))
    assert nodes.title.mem_id == tree.css_first("title").mem_id
    assert nodes.links["canonical"]["href"] == "/a"
    assert [m.get("name") for m in nodes.metas] == [n.attributes.get("name") for n in tree.css("meta")]


def test_a_byline_whose_role_words_break_across_lines_is_read():
    body = HEADLINE + "<p>Written\n   by Rangga Permadi</p><p>Isi berita.</p>"
    assert extract_metadata(page("", body), url="https://kabarlima.com/a").authors == ["Rangga Permadi"]


def test_a_zero_width_space_before_a_byline_does_not_hide_it():
    body = HEADLINE + "<p>\u200bPenulis: Dewi Lestari</p><p>Isi berita.</p>"
    assert extract_metadata(page("", body), url="https://kabarlima.com/a").authors == ["Dewi Lestari"]


def test_the_date_under_the_h1_wins_over_the_one_by_a_breadcrumb_copy_of_the_headline():
    title = "Jembatan Gantung Kembali Dibuka"
    body = (f"<ul><li>Beranda</li><li>{title}</li></ul><p>Kamis, 3 Maret 2022 | 20:00 WIB</p>"
            + "<p>Berita lain di kota itu.</p>" * 20
            + f"<h1>{title}</h1><p>Jumat, 4 Maret 2022 | 08:30 WIB</p>")
    assert extract_metadata(page("", body), url="https://kabarlima.com/a").published == "2022-03-04T08:30:00+07:00"


@pytest.mark.parametrize(
    "byline, role, expected",
    [
        ("Rep: Sekar Ayuningtyas | Red: Bambang Hermawan", "author", ["Sekar Ayuningtyas"]),
        ("Rep: Sekar Ayuningtyas | Red: Bambang Hermawan", "editor", ["Bambang Hermawan"]),
        ("Red Wahyudi", "author", ["Red Wahyudi"]),  # no colon: a name, not a role label
    ],
)
def test_short_colon_role_labels_are_roles_only_with_their_colon(byline, role, expected):
    assert clean_names(byline, role=role) == expected
