"""Exports: every format streams the records and keeps what a downstream tool needs."""

from __future__ import annotations

import io
import json

import pytest

import kliping
from kliping.export import GKG_COLUMNS, write

TEXT = ("Presiden Nusantara Rahmat Hidayat bertemu Perdana Menteri Jepang Sato Kenji di Tokyo pada Selasa, "
        "3 Maret 2026.\n\n\"Kami sepakat menambah ekspor kopi sebesar 20 persen,\" kata Hidayat.\n\n"
        "Nilai\tperdagangan kedua negara mencapai Rp 1,5 triliun tahun lalu.")


@pytest.fixture(scope="module")
def articles():
    a = kliping.analyze(TEXT, published="2026-03-05T09:00:00+07:00")
    return [a, a.replace(id="b" * 16, title="Judul <b>kedua</b>")]


def test_jsonl_round_trips(articles):
    out = io.StringIO()
    assert write(articles, "jsonl", out) == 2
    lines = out.getvalue().splitlines()
    assert [kliping.Article.from_dict(json.loads(line)) for line in lines] == articles


def test_jsonld_is_one_schema_org_graph(articles):
    out = io.StringIO()
    write(articles, "jsonld", out)
    doc = json.loads(out.getvalue())
    assert doc["@context"] == "https://schema.org" and len(doc["@graph"]) == 2
    first = doc["@graph"][0]
    assert first["@type"] == "NewsArticle" and first["datePublished"] == "2026-03-05T09:00:00+07:00"
    assert {"@type": "Person", "name": "Rahmat Hidayat"} in first["mentions"]
    assert "headline" not in first  # unknown fields are left out, not null (analyze() gives no title)
    assert doc["@graph"][1]["headline"] == "Judul <b>kedua</b>"


def test_gkg_has_the_27_columns_and_no_stray_tabs(articles):
    out = io.StringIO()
    write(articles, "gkg", out)
    header, *rows = out.getvalue().splitlines()
    assert header.split("\t") == list(GKG_COLUMNS)
    columns = dict(zip(GKG_COLUMNS, rows[0].split("\t"), strict=True))
    assert columns["V2.1DATE"] == "20260305020000"  # UTC
    assert "Rahmat Hidayat" in columns["V1PERSONS"].split(";")
    assert "1#Japan#JP" in columns["V1LOCATIONS"]
    assert "1500000000000" in columns["V2.1AMOUNTS"]


def test_parquet_streams_rows(articles, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "a.parquet"
    with path.open("wb") as out:
        assert write(articles, "parquet", out) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2 and table.column("title").to_pylist()[1] == "Judul <b>kedua</b>"
    assert json.loads(table.column("entities").to_pylist()[0])[0]["mentions"]


def test_empty_exports_are_valid(tmp_path):
    out = io.StringIO()
    write([], "jsonld", out)
    assert json.loads(out.getvalue())["@graph"] == []
    with (tmp_path / "e.parquet").open("wb") as f:
        assert write([], "parquet", f) == 0


def test_unknown_format():
    with pytest.raises(ValueError):
        write([], "xml", io.StringIO())
