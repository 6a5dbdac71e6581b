"""`kliping.read` end to end: the seed page through the public API, and the enrich switch."""

from __future__ import annotations

import kliping


def test_read_gives_the_seed_record(seed_path):
    a = kliping.read(seed_path.read_bytes())
    assert a.title == "Lakukan Pertemuan Secara Daring, Pemimpin Tertinggi Rusia dan China Tegas Menolak Barat"
    assert a.published == "2021-12-16T15:48:00+07:00"
    assert (a.outlet.name, a.outlet.domain) == ("PortalKalteng", "portalkalteng.com")
    assert a.dateline == "PORTALKALTENG"
    assert a.authors == ("Muhamad Gilang Priyatna",) and a.editors == ("Hendrikus Sismanto Jueldis Imban",)
    assert a.syndication.source_outlet == "Pikiran-Rakyat.com"
    assert a.syndication.source_published == "2021-12-16"
    assert a.syndication.source_title.startswith("Vladimir Putin dan Xi Jinping Melakukan Pertemuan")
    assert len(a.paragraphs) == 23
    assert [r.kind for r in a.removed].count("read_also") == 4
    for furniture in ("Baca Juga", "Editor:", "Sumber:", "Dilansir", "Terpopuler", "***"):
        assert furniture not in a.body
    assert a.body.endswith("di bawah Xi.")


def test_read_record_round_trips_and_enrich_false_skips_stages(seed_path):
    data = seed_path.read_bytes()
    enriched, plain = kliping.read(data), kliping.read(data, enrich=False)
    assert enriched.summary and plain.summary is None
    assert kliping.Article.from_dict(enriched.to_dict()) == enriched
    assert plain.body == enriched.body
