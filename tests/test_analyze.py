"""``kliping.analyze`` and the enriched record: the contract (offsets, body untouched) and the seed's bars."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kliping
from kliping.article import Article

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_306cb9d6b3f4ce8e.txt"
PUBLISHED = "2021-12-16T15:48:00+07:00"

TEXT = """BANDAR LESTARI - Gubernur Nusa Lestari Rahmat Hidayat bertemu dengan Menteri Perdagangan Wen Liqiang di Jakarta pada Selasa, 3 Maret 2026.

"Kami sepakat menambah ekspor kopi sebesar 20 persen tahun ini," kata Hidayat kepada wartawan.

Hidayat mengatakan nilai perdagangan kedua daerah mencapai Rp 1,5 triliun tahun lalu. Dia menambahkan bahwa 150 ton kopi akan dikirim bulan depan."""


def spans_of(article: Article):
    """Every (label, span) the record holds."""
    for e in article.entities:
        for span in e.mentions:
            yield "entity", span
    for part in (*article.quotes, *article.amounts, *article.dates, *article.events, *article.cited_sources):
        if part.span is not None:
            yield type(part).__name__, part.span


def test_analyze_keeps_the_text_as_the_body_and_every_offset_points_into_it():
    article = kliping.analyze(TEXT, published="2026-03-05T09:00:00+07:00")
    assert article.body == TEXT
    assert [TEXT[a:b] for a, b in article.paragraphs] == TEXT.split("\n\n")
    for kind, (a, b) in spans_of(article):
        assert 0 <= a < b <= len(TEXT), kind
    for part in (*article.quotes, *article.amounts, *article.dates):
        assert TEXT[slice(*part.span)] == part.text
    assert article.language == "id"
    assert article.summary and TEXT.startswith(article.summary[:40])
    json.dumps(article.to_dict())  # the whole record serialises
    assert Article.from_dict(article.to_dict()) == article


def test_analyze_fills_every_layer():
    article = kliping.analyze(TEXT, published="2026-03-05T09:00:00+07:00")
    people = {e.canonical for e in article.entities if e.label == "PERSON"}
    assert "Rahmat Hidayat" in people
    assert any(q.kind == "direct" and q.speaker == "Rahmat Hidayat" for q in article.quotes)
    assert {(a.value, a.unit) for a in article.amounts} >= {(20, "percent"), (1_500_000_000_000, "IDR")}
    values = {d.value for d in article.dates}
    assert {"2026-03-03", "2026", "2025", "2026-04"} <= values
    assert any(e.type == "CONSULT" for e in article.events)
    assert article.keywords


def test_analyze_takes_a_datetime_and_a_given_language():
    from datetime import datetime, timedelta, timezone

    when = datetime(2026, 3, 5, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    article = kliping.analyze("Rapat digelar kemarin di balai desa bersama warga.", published=when, language="id")
    assert article.published == "2026-03-05T09:00:00+07:00" and article.language == "id"
    assert [d.value for d in article.dates] == ["2026-03-04"]


def test_analyze_refuses_bytes():
    with pytest.raises(TypeError):
        kliping.analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", " ", '"' * 50_000, "'" * 50_000 + "tutup", "9" * 10_000,
                                  "x" * 1_000_000, '"Ya," kata Ani. ' * 5_000, "Rp " * 30_000,
                                  "\udcfe\udcff Warga Sukamaju mengungsi sejak Senin pagi karena banjir."])
def test_adversarial_text_is_bounded(text):
    start = time.perf_counter()
    article = kliping.analyze(text)
    assert article.body == text
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("bad", ["http://[::1", "http://[zz]/berita", "https://exa mple.id/%%"])
def test_malformed_urls_in_a_page_cost_nothing(bad):
    # Found by the fuzzer: urljoin raises on an invalid IPv6 host; a link is page data, not a reason to fail.
    paragraph = "Warga Sukamaju membersihkan lumpur sisa banjir di jalan desa sejak pagi hari. " * 6
    html = (f'<html><head><link rel="canonical" href="{bad}"></head><body><article><p>{paragraph}'
            f'<a href="/berita/lain">baca berita lain tentang banjir di desa tetangga</a></p>'
            f'<a rel="next" href="?page=2">2</a></article></body></html>')
    article = kliping.read(html.encode(), url=bad)
    assert "Sukamaju" in article.body


def test_extract_cli_prints_the_enriched_record(tmp_path):
    page = tmp_path / "berita.txt"
    page.write_text("Kunjungan Gubernur ke Pelabuhan\n\n5 Maret 2026, 09:00 WIB\n\n" + TEXT, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kliping.cli", "extract", str(page)],
                         capture_output=True, text=True, check=True).stdout
    record = json.loads(out)
    assert record["entities"] and record["amounts"] and record["language"] == "id"


def test_analyze_cli_reads_stdin_and_keeps_the_text():
    text = 'Presiden Budi Santoso tiba di Jakarta pada Senin. "Kami siap membantu," katanya.'
    out = subprocess.run([sys.executable, "-m", "kliping.cli", "analyze", "-", "--published",
                          "2026-03-05T09:00:00+07:00"], input=text, capture_output=True, text=True, check=True)
    record = json.loads(out.stdout)
    assert record["body"] == text
    assert record["dates"][0]["value"] == "2026-03-02"
    assert record["quotes"][0]["speaker"] == "Budi Santoso"


def test_the_model_runs_on_short_text_whatever_its_language_guess():
    article = kliping.analyze("Rahmat Hidayat tiba di Surabaya.", language="en")
    assert any(e.label == "PERSON" for e in article.entities)


# -- the seed page: the bars -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Article:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not beside the repository")
    return kliping.read(SEED.read_bytes())


def names(entity) -> set[str]:
    return {entity.text, entity.canonical}


def test_seed_people(seed):
    people = {e.canonical: e for e in seed.entities if e.label == "PERSON"}
    assert {"Vladimir Putin", "Xi Jinping", "Joe Biden", "Yuri Ushakov"} <= set(people)
    assert len(people["Vladimir Putin"].mentions) >= 10
    assert sum(1 for e in seed.entities if "Putin" in (e.canonical or "")) == 1
    assert people["Yuri Ushakov"].role == "Ajudan Kremlin"


def test_seed_organisations_countries_places(seed):
    orgs = set().union(*(names(e) for e in seed.entities if e.label == "ORG"))
    assert {"Xinhua", "SBS News", "AUKUS", "Quad", "Kremlin", "Gedung Putih"} <= orgs
    assert {"RU", "CN", "US", "GB", "CA", "AU", "IN", "JP", "UA"} <= {e.country for e in seed.entities}
    places = set().union(*(names(e) for e in seed.entities if e.label in ("GPE", "LOC")))
    assert {"Xinjiang", "Sochi", "Beijing", "Moskow"} <= places
    assert not any(e.label == "ORG" and "Ushakov" in e.text for e in seed.entities)


def test_seed_quotes(seed):
    direct = [q for q in seed.quotes if q.kind == "direct"]
    by_start = {q.text[:25]: q for q in direct}
    assert len(direct) == 3
    assert (by_start["Saat ini, kekuatan intern"].speaker, by_start["Saat ini, kekuatan intern"].via) == (
        "Xi Jinping", "Xinhua")
    assert (by_start["China dan Rusia harus men"].speaker, by_start["China dan Rusia harus men"].via) == (
        "Xi Jinping", "SBS News")
    assert by_start["Sebuah model kerja sama b"].speaker == "Vladimir Putin"
    indirect = {q.speaker for q in seed.quotes if q.kind == "indirect"}
    assert {"Yuri Ushakov", "Vladimir Putin"} <= indirect
    scare = ("demokrasi", "pandangan negatif", "Quad", "kekejaman", "senjata pemusnah massal")
    assert not any(q.text.strip(" '\"") in scare for q in seed.quotes)


def test_seed_amounts(seed):
    found = {(a.value, a.unit) for a in seed.amounts}
    assert {(31, "percent"), (123_000_000_000, "USD"), (200_000_000_000, "USD"), (150_000_000, "dosis")} <= found
    assert not any(a.value in (4, 11, 20, 2014, 2021) for a in seed.amounts)


def test_seed_dates(seed):
    found = {(d.text, d.value) for d in seed.dates}
    values = {d.value for d in seed.dates}
    assert {"2021-12-15", "2014", "2022-02", "2021"} <= values
    assert ("delapan hari setelah", "2021-12-07") in found
    assert any(d.value == "2021-W49" for d in seed.dates)  # pekan lalu


def test_seed_events(seed):
    consult = {(frozenset(e.actors) | frozenset(e.targets), e.date) for e in seed.events if e.type == "CONSULT"}
    assert (frozenset({"Vladimir Putin", "Xi Jinping"}), "2021-12-15") in consult
    assert any({"Vladimir Putin", "Joe Biden"} <= actors and day == "2021-12-07" for actors, day in consult)
    virtual = [e for e in seed.events if e.type == "CONSULT" and e.date == "2021-12-15"]
    assert virtual[0].mode == "virtual"


def test_seed_sources_and_summary(seed):
    assert {"Xinhua", "SBS News"} <= {s.name for s in seed.cited_sources}
    assert seed.summary.startswith("Vladimir Putin dan Xi Jinping")
    assert seed.language == "id"
