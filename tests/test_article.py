import json

from kliping.article import (
    SCHEMA,
    Amount,
    Article,
    DateMention,
    Entity,
    Event,
    Outlet,
    Quote,
    Removed,
    Syndication,
    article_id,
    join_paragraphs,
)


def _full_article() -> Article:
    body, spans = join_paragraphs(["Paragraf satu.", "Paragraf dua, kata Rina."])
    return Article(
        id="abc",
        url="https://contoh.co.id/a",
        outlet=Outlet("Contoh", "contoh.co.id"),
        title="Judul",
        published="2024-08-12T10:00:00+07:00",
        authors=("Rina Wulandari",),
        body=body,
        paragraphs=spans,
        removed=(Removed("read_also", "Judul lain", "https://contoh.co.id/b"),),
        syndication=Syndication(source_outlet="Sumber.com", source_published="2024-08-11"),
        entities=(Entity("Rina", "PERSON", "Rina Wulandari", None, ((0, 4), (20, 24))),),
        quotes=(Quote("Paragraf dua", "direct", "Rina Wulandari", 0, "kata", None, (16, 28)),),
        amounts=(Amount("Rp 2 miliar", 2_000_000_000, "IDR", "anggaran", (1, 5)),),
        dates=(DateMention("Senin", "2024-08-12", "day", True, (3, 8)),),
        events=(Event("CONSULT", ("A", "B"), (), "2024-08-12", "virtual", (0, 10)),),
        warnings=("x",),
    )


def test_record_round_trips_through_json():
    article = _full_article()
    data = json.loads(json.dumps(article.to_dict()))
    assert Article.from_dict(data) == article


def test_record_has_every_contract_field():
    data = Article().to_dict()
    contract = {
        "schema", "id", "url", "canonical_url", "outlet", "language", "title", "dateline", "published",
        "modified", "authors", "editors", "section", "tags", "body", "paragraphs", "removed", "syndication",
        "cited_sources", "entities", "quotes", "amounts", "dates", "events", "keywords", "summary", "warnings",
    }
    assert contract <= set(data)
    assert data["schema"] == SCHEMA
    assert data["entities"] == [] and data["quotes"] == [] and data["outlet"] == {"name": None, "domain": None}


def test_paragraph_spans_index_into_body():
    article = _full_article()
    assert article.paragraph_texts() == ["Paragraf satu.", "Paragraf dua, kata Rina."]


def test_id_prefers_canonical_url_and_ignores_fragment_and_host_case():
    a = article_id("https://Contoh.co.id/berita/1#top", None, "x")
    b = article_id(None, "https://contoh.co.id/berita/1", "y")
    assert a == b and len(a) == 16
    assert article_id(None, None, "Teks  sama") == article_id(None, None, "teks sama")


def test_unknown_schema_is_refused():
    import pytest

    with pytest.raises(ValueError):
        Article.from_dict({"schema": "kliping.article/99"})
