"""The store on both backends: upserts, search (Indonesian stemming, the query language), filters,
clusters, failures, entity queries; SQLite's migrations, WAL and concurrency; PostgreSQL's schema.

The PostgreSQL cases use the server ``KLIPING_TEST_PG`` names (default: the one
``scripts/ensure_postgres.sh`` starts) and skip when it cannot be reached. Each test gets a schema of
its own (dropped afterwards). Every article here is fictional."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pytest

import kliping
from kliping.article import Article, Entity, Outlet, Quote
from kliping.ingest.sources import Failure
from kliping.store import (
    Cluster,
    QuerySyntaxError,
    StoredArticle,
    StoreError,
    open_store,
)
from kliping.store.schema import MIGRATIONS, SCHEMA_VERSION_TABLE
from kliping.store.sqlite import SQLiteStore

RICH_TEXT = (
    "JAKARTA - Menteri Perhubungan Rudi Hartawan bertemu Gubernur Sulastri Wibowo di Balai Kota, "
    "Selasa (2/5/2024). Pertemuan itu membahas pembangunan jembatan senilai Rp 2 triliun. "
    '"Kami sepakat mempercepat proyek ini," kata Rudi kepada wartawan.'
)


def make(n: int, body: str, *, title: str = "Berita fiktif", outlet: tuple[str, str] = ("Warta Nusa", "wartanusa.id"),
         published: str | None = "2024-05-02T10:00:00+07:00", language: str = "id", **extra) -> Article:
    """A small fictional article."""
    return Article(id=f"id{n:04d}", url=f"https://{outlet[1]}/berita/{n}", outlet=Outlet(*outlet), title=title,
                   body=body, paragraphs=((0, len(body)),), published=published, language=language, **extra)


def item(article: Article, *, key: str | None = None, raw: str = "raw", source: str = "tes.jsonl") -> StoredArticle:
    """The StoredArticle the runner would build for ``article``."""
    text = " ".join(f"{article.title or ''}\n{article.body}".split())
    return StoredArticle(key=key or article.url or article.id, article=article,
                         raw_hash=hashlib.sha256(raw.encode()).hexdigest(),
                         content_hash=hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(), source=source, fetched_at=None)


PG_DSN = os.environ.get("KLIPING_TEST_PG", "postgresql://postgres@127.0.0.1:54329/kliping_test")


@lru_cache(maxsize=1)
def _pg_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run, or None (asked once per session: a dead host costs seconds)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        psycopg.connect(PG_DSN, connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {PG_DSN} (run scripts/ensure_postgres.sh): {str(exc).strip()[:200]}"
    return None


@contextmanager
def pg_schema():
    """A DSN whose search_path is a fresh schema, dropped afterwards."""
    if (reason := _pg_unavailable()) is not None:
        pytest.skip(reason)
    import psycopg

    schema = f"kliping_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_DSN, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{PG_DSN}{'&' if '?' in PG_DSN else '?'}options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path: Path):
    if request.param == "sqlite":
        with open_store(tmp_path / "kliping.db") as s:
            yield s
        return
    with pg_schema() as dsn, open_store(dsn) as s:
        yield s


def is_sqlite(store) -> bool:
    return isinstance(store, SQLiteStore)


@pytest.fixture
def filled(store):
    articles = [
        make(1, "Menteri Rudi Hartawan bertemu para nelayan di pelabuhan Tanjung Kelapa pada Senin pagi.",
             title="Menteri temui nelayan"),
        make(2, "Pemerintah kota meresmikan pembangunan pasar tradisional baru di Kecamatan Sukamaju.",
             title="Pasar baru diresmikan", outlet=("Kabar Timur", "www.kabartimur.co.id"),
             published="2024-06-10T08:00:00+08:00"),
        make(3, "Warga membangun jembatan bambu secara gotong royong setelah banjir surut.",
             title="Jembatan bambu warga", published="2023-12-31T23:00:00+07:00"),
        make(4, "Harga cabai rawit naik tajam menjelang hari raya, kata pedagang pasar.",
             title="Harga cabai naik", language="jv", published=None),
        make(5, "Pertemuan tahunan koperasi nelayan membahas harga solar dan cuaca buruk.",
             title="Rapat koperasi", outlet=("Kabar Timur", "kabartimur.co.id"), published="2024-05-20",
             entities=(Entity(text="Koperasi Laut Biru", label="ORG", canonical="Koperasi Laut Biru",
                              mentions=((0, 9),)),)),
    ]
    assert store.upsert([item(a) for a in articles]) == ["added"] * 5
    return store


def ids(hits) -> list[str]:
    return [h.id for h in hits]


# -- opening and migrations ---------------------------------------------------------------------------
def test_fresh_store_is_wal_with_every_migration(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "baru.db")) as s:
        assert s.schema_version() == len(MIGRATIONS)
        assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.count() == 0 and s.check() == "ok"


def test_opening_an_old_store_upgrades_it_and_indexes_its_articles(tmp_path: Path) -> None:
    path = tmp_path / "lama.db"
    conn = sqlite3.connect(path)
    conn.execute(SCHEMA_VERSION_TABLE)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, '2024-01-01T00:00:00+00:00')")
    article = make(7, "Para petani membangun saluran irigasi baru di desa.")
    conn.execute("INSERT INTO articles (n, id, key, title, raw_hash, content_hash, source, ingested_at, updated_at) "
                 "VALUES (1, ?, 'k7', ?, 'r', 'c', 's', 'x', 'x')", (article.id, article.title))
    conn.execute("INSERT INTO records VALUES (1, ?)", (json.dumps(article.to_dict()),))
    conn.commit()
    conn.close()
    with open_store(path) as s:
        assert s.schema_version() == len(MIGRATIONS)
        assert ids(s.search("pembangunan irigasi")) == [article.id]
        assert s.get(article.id) == article
        assert s.check() == "ok"


def test_a_store_from_a_newer_kliping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "baru.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'x')")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bukan.db"
    path.write_bytes(b"ini bukan basis data SQLite\n" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(path)


def test_an_unreachable_postgresql_server_is_a_clear_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot open store postgresql://kliping@127.0.0.1:9/berita") as err:
        open_store("postgresql://kliping:rahasia@127.0.0.1:9/berita")
    assert "rahasia" not in str(err.value)


# -- writing --------------------------------------------------------------------------------------------
def test_upsert_reports_added_updated_unchanged_and_keeps_versions(store) -> None:
    first = make(1, "Nelayan bertemu bupati di dermaga.")
    assert store.upsert([item(first, raw="a")]) == ["added"]
    assert store.upsert([item(first, raw="b")]) == ["unchanged"]
    assert store.known([first.url, "https://lain.id/x"]) == {first.url: hashlib.sha256(b"b").hexdigest()}
    changed = first.replace(body="Nelayan bertemu bupati di dermaga, lalu berlayar.")
    old_hash = item(first).content_hash
    assert store.upsert([item(changed, raw="c")]) == ["updated"]
    assert store.count() == 1
    assert store.get(first.id) == changed
    rows = store._conn.execute("SELECT content_hash FROM versions").fetchall()
    assert rows == [(old_hash,)]
    assert ids(store.search("berlayar")) == [first.id]
    assert store.check() == "ok"


def test_one_batch_never_stores_a_key_twice(store) -> None:
    a = make(1, "Petani panen raya.")
    assert store.upsert([item(a), item(a), item(a.replace(body="Petani panen raya lagi."))]) == \
        ["added", "unchanged", "updated"]
    assert store.count() == 1


def test_a_store_that_refuses_writes_raises_store_error_and_keeps_what_it_had(store) -> None:
    first, second = make(1, "Nelayan melaut lagi."), make(2, "Petani menanam padi.")
    store.upsert([item(first)])
    # The server or file turned read-only under us (the disk full or remounted, a replica promoted back):
    # the failed write is one StoreError, its transaction rolled back, and the store still usable.
    refuse = "PRAGMA query_only = ON" if is_sqlite(store) else "SET default_transaction_read_only = on"
    store._conn.execute(refuse)
    with pytest.raises(StoreError, match="cannot write to store"):
        store.upsert([item(second), item(first.replace(body="Nelayan melaut lagi besok."))])
    store._conn.execute("PRAGMA query_only = OFF" if is_sqlite(store) else "SET default_transaction_read_only = off")
    assert store.count() == 1 and store.get(first.id) == first
    assert store.upsert([item(second)]) == ["added"]
    assert store.check() == "ok"


def test_get_and_get_by_key_return_the_record_unchanged(store) -> None:
    article = kliping.analyze(RICH_TEXT, published="2024-05-02T10:00:00+07:00").replace(
        title="Menteri dan gubernur bahas jembatan", url="https://wartanusa.id/b/9", outlet=Outlet("Warta Nusa"))
    assert article.entities and article.quotes  # the enrichment ran: the round trip carries real parts
    store.upsert([item(article, key="kunci-9")])
    assert store.get(article.id) == article
    assert store.get_by_key("kunci-9") == article
    assert store.get("tidak-ada") is None and store.get_by_key("tidak-ada") is None


def test_hostile_text_is_stored_and_searchable(store) -> None:
    body = "Awal \ud800 berita\x00 dengan kontrol\x07 " + "y" * 3000 + ". " + "kata " * 50_000 + "akhir"
    article = make(1, body, title="Judul \udfff\x00 aneh")
    assert store.upsert([item(article)]) == ["added"]
    assert store.get(article.id) == article
    assert ids(store.search("berita")) == [article.id] == ids(store.search("aneh"))
    assert store.check() == "ok"


# -- search -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("pertemuan", {"id0001", "id0005"}),   # bertemu / Pertemuan -> temu
    ("bertemu", {"id0001", "id0005"}),
    ("pembangunan", {"id0002", "id0003"}),  # membangun -> bangun
    ("membangun", {"id0002", "id0003"}),
    ("nelayan OR cabai", {"id0001", "id0004", "id0005"}),
    ("nelayan -koperasi", {"id0001"}),
    ("nelayan NOT koperasi", {"id0001"}),
    ("pasar AND (cabai OR resmi)", {"id0002", "id0004"}),
    ("jemb*", {"id0003"}),
    ("bangun*", {"id0002", "id0003"}),
    ('"gotong royong"', {"id0003"}),
    ('"royong gotong"', set()),
])
def test_search_understands_indonesian_and_operators(filled, query: str, expected: set[str]) -> None:
    assert set(ids(filled.search(query))) == expected


def test_an_exact_phrase_ranks_its_article_first(store) -> None:
    bodies = [f"Rapat warga desa ke-{i} membahas jalan desa, jembatan desa dan pasar desa." for i in range(30)]
    store.upsert([item(make(i, b)) for i, b in enumerate(bodies)])
    target = make(99, "Kepala desa mengatakan rapat warga akan membahas pembangunan jembatan gantung di tepi sungai.")
    store.upsert([item(target)])
    hits = store.search('"membahas pembangunan jembatan gantung"')
    assert ids(hits)[:1] == [target.id]
    assert hits[0].score > 0


def test_title_weighs_more_than_body(store) -> None:
    in_body = make(1, "Hujan deras. Di pasar ada durian murah hari ini, kata pedagang.", title="Cuaca hari ini")
    in_title = make(2, "Pedagang menjual buah di pinggir jalan sejak pagi, kata warga.", title="Durian murah")
    store.upsert([item(in_body), item(in_title)])
    assert ids(store.search("durian")) == [in_title.id, in_body.id]


def test_search_filters(filled) -> None:
    assert ids(filled.search("pasar", outlet="Kabar Timur")) == ["id0002"]
    assert ids(filled.search("pasar", outlet="kabartimur.co.id")) == ["id0002"]
    assert set(ids(filled.search("nelayan", since="2024-05-03"))) == {"id0005"}
    assert ids(filled.search("nelayan", until="2024-05-02")) == ["id0001"]  # the whole day is included
    assert ids(filled.search("nelayan", since="2024-05-02T03:00:00Z", until="2024-05-02T03:00:00Z")) == ["id0001"]
    assert ids(filled.search("pasar", language="jv")) == ["id0004"]
    assert ids(filled.search("nelayan", entity="koperasi laut biru")) == ["id0005"]
    assert filled.search("nelayan", since="2030-01-01") == []
    with pytest.raises(StoreError, match="since"):
        filled.search("nelayan", since="kemarin")


def test_search_pages_with_limit_and_offset(filled) -> None:
    everything = ids(filled.search("nelayan OR pasar OR jembatan", limit=10))
    assert len(everything) == 5
    assert ids(filled.search("nelayan OR pasar OR jembatan", limit=2, offset=2)) == everything[2:4]


@pytest.mark.parametrize("query", [
    '"gotong royong',        # unbalanced quote
    "OR",                    # bare operator
    "AND",
    "NOT",
    "nelayan OR",            # operator without a right side
    "AND pasar",             # operator without a left side
    "OR AND NOT",            # only operators
    "*",                     # star alone
    "pasar *",
    "-nelayan",              # only exclusions
    '""',                    # empty phrase
    "(pasar OR cabai",       # unbalanced parentheses
    "pasar)",
    "()",
    "",                      # nothing at all
    "?!,.;",
    "a*",                    # a one-letter prefix
    "kata " * 200,           # over-long input
    " ".join(f"w{i}" for i in range(40)),  # too many terms
    "((((((pasar))))))",     # nested too deep
])
def test_malformed_queries_raise_query_syntax_error(filled, query: str) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        filled.search(query)
    assert str(err.value) and not isinstance(err.value, sqlite3.Error)


@pytest.mark.parametrize("query", ['nelayan" OR "pasar', "NEAR(nelayan pasar)", "title:nelayan", "nelayan^2",
                                   "{title}: pasar", "'; DROP TABLE articles; --"])
def test_fts5_syntax_in_a_query_is_only_text(filled, query: str) -> None:
    try:
        filled.search(query)
    except QuerySyntaxError:
        pass
    assert filled.count() == 5


def test_snippet_marks_hits_and_escapes_the_body(store) -> None:
    body = ("Pada rapat itu seorang warga & tokoh adat bertemu camat <script>alert('x')</script>. "
            + "Kalimat pengisi tanpa arti. " * 30)
    store.upsert([item(make(1, body, title="Rapat"))])
    [hit] = store.search("pertemuan")
    assert "<mark>bertemu</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet and "&amp;" in hit.snippet
    assert hit.snippet.count("<mark>") == 1 and hit.snippet.endswith("…")
    assert len(hit.snippet.split()) < 45


def test_snippet_shows_the_lead_when_only_the_title_matches(store) -> None:
    store.upsert([item(make(1, "Isi berita tanpa kata itu.", title="Durian"))])
    assert store.search("durian")[0].snippet == "Isi berita tanpa kata itu."


# -- reading many ---------------------------------------------------------------------------------------
def test_iter_articles_streams_in_order_with_filters(filled) -> None:
    assert [a.id for a in filled.iter_articles(batch=2)] == ["id0004", "id0003", "id0001", "id0005", "id0002"]
    assert [a.id for a in filled.iter_articles(outlet="kabar timur", batch=1)] == ["id0005", "id0002"]
    assert [a.id for a in filled.iter_articles(since="2024-01-01", until="2024-05-31")] == ["id0001", "id0005"]
    assert [a.id for a in filled.iter_articles(language="jv")] == ["id0004"]


def test_stats_shape(filled) -> None:
    filled.add_failures([Failure(source="umpan.xml", key=None, reason="timed out after 20 s", at="2024-05-02T00:00:00Z")])
    stats = filled.stats()
    assert stats["articles"] == 5 and stats["clusters"] == 0
    assert stats["sources"] == {"tes.jsonl": 5}
    assert stats["failures"] == [{"source": "umpan.xml", "key": None, "reason": "timed out after 20 s",
                                  "at": "2024-05-02T00:00:00Z"}]
    assert stats["outlets"] == {"Kabar Timur": 2, "Warta Nusa": 3}
    assert json.dumps(stats)


def test_failures_are_kept_newest_first(store) -> None:
    store.add_failures([Failure(source="a.warc", key=f"k{i}", reason=f"gzip bomb {i}", at="t") for i in range(5)])
    store.add_failures([])
    got = store.failures(limit=3)
    assert [f["key"] for f in got] == ["k4", "k3", "k2"]
    assert set(got[0]) == {"source", "key", "reason", "at"}


# -- clusters ---------------------------------------------------------------------------------------------
def test_clusters_are_replaced_per_kind_and_read_back(filled) -> None:
    syn = [Cluster(id="s1", kind="syndication", original="id0001", members=("id0001", "id0005")),
           Cluster(id="s2", kind="syndication", original=None, members=("id0003", "id0002"))]
    story = [Cluster(id="s1", kind="story", original=None, members=("id0001", "id0002"))]
    filled.replace_clusters("syndication", syn)
    filled.replace_clusters("story", story)
    assert filled.clusters("syndication") == syn
    assert filled.clusters() == story + syn
    assert filled.clusters_of("id0001") == story + syn[:1]
    filled.replace_clusters("syndication", syn[1:])
    assert filled.clusters("syndication") == syn[1:]
    assert filled.clusters("story") == story
    assert [m.outlet for m in filled.members(["id0002", "nope", "id0001"])] == ["Kabar Timur", "Warta Nusa"]
    with pytest.raises(StoreError):
        filled.replace_clusters("story", syn)
    assert filled.stats()["clusters"] == 2


# -- entities ---------------------------------------------------------------------------------------------
def test_entity_queries(store) -> None:
    a = make(1, "Rudi Hartawan bertemu Sulastri Wibowo di Balai Kota.", published="2024-05-02T10:00:00+07:00",
             entities=(Entity(text="Rudi Hartawan", label="PERSON", canonical="Rudi Hartawan", mentions=((0, 13),)),
                       Entity(text="Sulastri Wibowo", label="PERSON", canonical="Sulastri Wibowo",
                              mentions=((22, 37),))),
             quotes=(Quote(text="Kami sepakat", kind="direct", speaker="Rudi Hartawan", speaker_entity=0, cue="kata"),))
    b = make(2, "Menteri Rudi bertemu pengusaha dari Kota Baru.", published="2024-06-01T09:00:00+07:00",
             entities=(Entity(text="Menteri Rudi", label="PERSON", canonical="Rudi Hartawan", mentions=((0, 12),)),
                       Entity(text="Kota Baru", label="GPE", canonical="Kota Baru", mentions=((36, 45),))),
             quotes=(Quote(text="Investasi naik", kind="indirect", speaker=None, speaker_entity=0, cue="ujar"),))
    store.upsert([item(a), item(b)])
    mentions = store.entity_mentions("rudi hartawan")
    assert [m["id"] for m in mentions] == ["id0002", "id0001"] and mentions[0]["mentions"] == 1
    assert [m["id"] for m in store.entity_mentions("Menteri Rudi")] == ["id0002"]
    assert [q["text"] for q in store.quotes_by("RUDI HARTAWAN")] == ["Investasi naik", "Kami sepakat"]
    assert store.cooccurring("Rudi Hartawan") == [{"name": "Kota Baru", "label": "GPE", "articles": 1},
                                                  {"name": "Sulastri Wibowo", "label": "PERSON", "articles": 1}]
    assert store.entity_counts() == {"Rudi Hartawan": 2, "Kota Baru": 1, "Sulastri Wibowo": 1}
    assert store.entity_counts(since="2024-05-15") == {"Kota Baru": 1, "Rudi Hartawan": 1}
    assert set(ids(store.search("bertemu", entity="rudi hartawan"))) == {"id0001", "id0002"}
    assert ids(store.search("bertemu", entity="Sulastri Wibowo")) == ["id0001"]


# -- concurrency and integrity ----------------------------------------------------------------------------
def test_a_reader_is_not_blocked_by_a_writer_holding_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "bersama.db"
    with open_store(path) as writer:
        writer.upsert([item(make(1, "Nelayan pulang melaut."))])
        writer._conn.execute("BEGIN IMMEDIATE")  # a batch in progress, not yet committed
        writer._conn.execute("UPDATE articles SET title = 'sementara'")
        done = threading.Event()
        seen: list[int] = []
        # The reader runs in its own thread with its own connection (sqlite3 objects stay per thread).
        t = threading.Thread(target=_in_thread, args=(path, seen, done))
        t.start()
        assert done.wait(5), "reader blocked by the writer"
        t.join()
        writer._conn.execute("ROLLBACK")
        assert seen == [2]  # one hit + one article, from the last committed state


def _in_thread(path: Path, seen: list[int], done: threading.Event) -> None:
    with SQLiteStore(path) as s:
        seen.append(len(s.search("nelayan")) + s.count())
    done.set()


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "antri.db"
    with open_store(path) as first:
        first._conn.execute("BEGIN IMMEDIATE")
        result: list[list[str]] = []
        t = threading.Thread(target=lambda: result.append(_write_one(path)))
        t.start()
        t.join(0.3)
        assert t.is_alive()  # waiting on the busy timeout, not failing
        first._conn.execute("COMMIT")
        t.join(5)
        assert result == [["added"]]


def _write_one(path: Path) -> list[str]:
    with SQLiteStore(path) as s:
        return s.upsert([item(make(1, "Petani menanam padi."))])


def test_check_reports_ok_and_finds_a_broken_index(filled) -> None:
    assert filled.check() == "ok"
    if is_sqlite(filled):
        # A contentless index told to forget a row (with the wrong tokens) no longer covers that article.
        filled._conn.execute(
            "INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', 1, 'x', 'y')")
    else:
        filled._conn.execute("UPDATE articles SET fts = '' WHERE id = 'id0001'")
    assert "1 articles not indexed" in filled.check()


def test_check_finds_rows_that_lost_their_article(filled) -> None:
    if not is_sqlite(filled):
        filled._conn.execute("DELETE FROM records WHERE n = (SELECT n FROM articles WHERE id = 'id0002')")
        assert "1 articles without a record" in filled.check()
        return
    filled._conn.execute("PRAGMA foreign_keys=OFF")
    filled._conn.execute("INSERT INTO entities VALUES (999, 0, 'X', 'ORG', NULL, NULL, 1, 'x', 'x')")
    assert "foreign key" in filled.check()


def test_a_failure_is_recorded_once_per_source_key_and_reason(store) -> None:
    for at in ("2026-03-01T00:00:00+00:00", "2026-03-02T00:00:00+00:00"):
        store.add_failures([Failure("feed.xml", "https://x.example/1", "timed out after 20 s", at),
                            Failure("feed.xml", None, "feed has more than 10000 items", at)])
    failures = store.failures()
    assert len(failures) == 2 and {f["at"] for f in failures} == {"2026-03-02T00:00:00+00:00"}
    store.add_failures([Failure("feed.xml", "https://x.example/1", "timed out after 20 s", "2026-03-03")])
    assert store.failures(limit=1)[0]["at"] == "2026-03-03"  # the refreshed one is the newest


# -- PostgreSQL specifics -----------------------------------------------------------------------------------
def test_postgres_store_reopens_refuses_a_newer_schema_and_rebuilds_a_stale_index() -> None:
    with pg_schema() as dsn:
        from kliping.store.postgres import MIGRATIONS as PG_MIGRATIONS

        with open_store(dsn) as s:
            assert s.schema_version() == len(PG_MIGRATIONS) and s.check() == "ok"
            s.upsert([item(make(1, "Para petani membangun saluran irigasi baru di desa."))])
            # As if an older stemmer had built the index: reopening rebuilds it.
            s._conn.execute("UPDATE articles SET fts = ''")
            s._conn.execute("UPDATE meta SET value = 'lama' WHERE name = 'fts_version'")
            assert "another stemmer" in s.check()
        with open_store(dsn) as s:
            assert s.count() == 1 and s.check() == "ok"
            assert ids(s.search("pembangunan irigasi")) == ["id0001"]
            s._conn.execute("INSERT INTO schema_version VALUES (99, 'x')")
        with pytest.raises(StoreError, match="newer"):
            open_store(dsn)


def test_postgres_full_text_index_is_a_tsvector_with_a_gin_index() -> None:
    with pg_schema() as dsn, open_store(dsn) as s:
        s.upsert([item(make(1, "Pertemuan warga di balai desa.", title="Kafé baru"))])
        [(vector,)] = s._conn.execute("SELECT fts::text FROM articles").fetchall()
        # Title at weight A, then a gap, then the body at weight B: Sastrawi stems, diacritics folded.
        assert vector == "'balai':7B 'baru':2A 'desa':8B 'di':6B 'kafe':1A 'temu':4B 'warga':5B"
        gin = s._conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'articles_fts' "
                              "AND indexdef LIKE '%USING gin%' AND schemaname = current_schema()").fetchone()
        assert gin == (1,)
        assert ids(s.search("kafe")) == ["id0001"] and ids(s.search("bertemu")) == ["id0001"]
