"""The scraped-text seed page through ``parse_text`` + ``clean``: the bars in ARTICLE.md.

Reads ``../shared/seeds/000_306cb9d6b3f4ce8e.txt`` (skips when absent); nothing from it is stored here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kliping.extract.furniture import Cleaned, clean
from kliping.extract.text import ScrapedPage, parse_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_306cb9d6b3f4ce8e.txt"


@pytest.fixture(scope="module")
def seed() -> tuple[ScrapedPage, Cleaned]:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not present (a fresh clone)")
    page = parse_text(SEED.read_text(encoding="utf-8"))
    return page, clean(page.blocks, title=page.title)


def test_seed_title_and_published(seed):
    page, _ = seed
    assert page.title == ("Lakukan Pertemuan Secara Daring, Pemimpin Tertinggi Rusia dan China "
                          "Tegas Menolak Barat")
    assert page.published == "2021-12-16T15:48:00+07:00"


def test_seed_outlet_dateline_and_people(seed):
    _, out = seed
    assert (out.outlet_name, out.outlet_domain) == ("PortalKalteng", "portalkalteng.com")
    assert out.dateline == "PORTALKALTENG"
    assert out.authors == ["Muhamad Gilang Priyatna"]
    assert out.editors == ["Hendrikus Sismanto Jueldis Imban"]


def test_seed_syndication(seed):
    _, out = seed
    s = out.syndication
    assert s is not None
    assert s.source_outlet == "Pikiran-Rakyat.com"
    assert s.source_title == ("Vladimir Putin dan Xi Jinping Melakukan Pertemuan Secara Virtual, "
                              "Rusia dan China Tegas Menolak Barat")
    assert s.source_published == "2021-12-16"
    assert s.notice.startswith("Dilansir PortalKalteng.com dari Pikiran-Rakyat.com")


def test_seed_body_is_the_23_article_paragraphs_only(seed):
    _, out = seed
    paras = out.paragraphs
    assert len(paras) == 23
    assert paras[0].startswith("Vladimir Putin dan Xi Jinping melakukan pertemuan secara daring")
    assert paras[4].endswith("katanya seperti dikutip dari SBS News.")
    assert paras[-1].endswith("yang telah berayun semakin otoriter di bawah Xi.")
    body = "\n\n".join(paras)
    for furniture in ("Baca Juga", "Dilansir", "Editor:", "Sumber:", "Tags", "Terkini", "Terpopuler",
                      "***", "(Muhamad", "PORTALKALTENG", "Pikiran-Rakyat.com"):
        assert furniture not in body, furniture


def test_seed_removed_pieces(seed):
    _, out = seed
    read_also = [r.text for r in out.removed if r.kind == "read_also"]
    assert len(read_also) == 4
    assert read_also[0].startswith("Cek Shio Mu Sekarang")
    assert not any(t.lower().startswith("baca juga") for t in read_also)
    kinds = {r.kind for r in out.removed}
    assert {"syndication_notice", "editor_line", "source_line", "tags", "navigation", "credit"} <= kinds
    assert out.tags == []
    assert out.next_page_url is None
