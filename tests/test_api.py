"""The JSON API (``kliping.web``) and ``kliping serve``: every endpoint, paging and filters, errors as JSON
4xx (never 5xx for bad input), the write token, security headers. Every article here is fictional."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from kliping.article import Article, Entity, Outlet, Quote
from kliping.store import Cluster, StoredArticle, open_store
from kliping.web import api
from kliping.web.app import create_app
from kliping.web.deps import ThreadStore

TOKEN = "rahasia-uji-7f3a"
HOSTILE_TITLE = '<script>alert("x")</script> Banjir & longsor <img src=x onerror=alert(1)>'
OUTLETS = (("Warta Nusa", "wartanusa.id"), ("Kabar Timur", "kabartimur.co.id"))
PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Nelayan Teluk Sari Panen Ikan Tongkol - Kabar Pesisir</title>
<meta property="og:site_name" content="Kabar Pesisir"></head>
<body><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav>
<article><h1>Nelayan Teluk Sari Panen Ikan Tongkol</h1>
<p>TELUK SARI, KABARPESISIR - Ratusan nelayan di Teluk Sari pulang membawa tangkapan ikan tongkol yang melimpah
pada Kamis pagi setelah cuaca membaik sepekan terakhir.</p>
<p>"Hasil melaut kali ini dua kali lipat dari bulan lalu," kata Ketua Rukun Nelayan Teluk Sari, Yosef Lamabelawa.</p>
<p>Menurut Yosef, harga tongkol di tempat pelelangan ikan turun menjadi Rp 18.000 per kilogram.</p>
</article><footer>Hak cipta Kabar Pesisir</footer></body></html>"""


def _article(n: int, *, title: str, body: str, published: str | None, outlet: tuple[str, str] = OUTLETS[0],
             language: str = "id", entities: tuple[Entity, ...] = (), quotes: tuple[Quote, ...] = ()) -> Article:
    return Article(id=f"a{n:04d}", url=f"https://{outlet[1]}/berita/{n}", outlet=Outlet(*outlet), title=title,
                   body=body, paragraphs=((0, len(body)),), published=published, language=language,
                   entities=entities, quotes=quotes)


def _stored(a: Article) -> StoredArticle:
    digest = hashlib.sha256(f"{a.title}\n{a.body}".encode()).hexdigest()
    return StoredArticle(key=a.url or a.id, article=a, raw_hash=digest, content_hash=digest, source="uji.jsonl",
                         fetched_at=None)


KOPERASI = Entity(text="Koperasi Laut Biru", label="ORG", canonical="Koperasi Laut Biru", mentions=((0, 18),))
RUDI = Entity(text="Rudi Hartawan", label="PERSON", canonical="Rudi Hartawan", mentions=((8, 21),))


def _articles() -> list[Article]:
    out = []
    # 20 routine articles over May 2024, two outlets.
    for n in range(1, 21):
        out.append(_article(
            n, title=f"Warga gotong royong membersihkan saluran ke-{n}",
            body=f"Warga RW {n:02d} di Kecamatan Sukamaju membangun tanggul dan membersihkan saluran air bersama.",
            published=f"2024-05-{n:02d}T09:00:00+07:00", outlet=OUTLETS[n % 2]))
    # The minister: three articles with his quotes.
    for n in range(21, 24):
        body = f"Menteri Rudi Hartawan bertemu nelayan di pelabuhan pada kunjungan ke-{n}."
        out.append(_article(n, title="Menteri temui nelayan", body=body, published=f"2024-06-0{n - 20}T10:00:00+07:00",
                            entities=(RUDI,), quotes=(Quote(text="Kami akan membantu nelayan", kind="direct",
                                                            speaker="Rudi Hartawan"),)))
    # A cooperative suddenly in the news on 10 June: it should trend.
    for n in range(24, 28):
        out.append(_article(n, title="Koperasi nelayan rapat tahunan",
                            body="Koperasi Laut Biru menggelar rapat tahunan membahas harga solar dan cuaca buruk.",
                            published=f"2024-06-10T0{n - 20}:00:00+07:00", outlet=OUTLETS[1], entities=(KOPERASI,)))
    out.append(_article(28, title=HOSTILE_TITLE, body="Hujan deras memicu banjir dan longsor di lereng bukit.",
                        published="2024-06-10T12:00:00+07:00"))
    out.append(_article(29, title="Village harvest festival", body="Farmers celebrated the rice harvest together.",
                        published="2024-06-10T13:00:00+07:00", language="en"))
    out.append(_article(30, title="Pasar tanpa tanggal", body="Pedagang pasar mengeluhkan sepinya pembeli.",
                        published=None))
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("api") / "kliping.db"
    with open_store(path) as store:
        store.upsert([_stored(a) for a in _articles()])
        store.replace_clusters("syndication", [Cluster(id="syn-0000000000000001", kind="syndication",
                                                       original="a0001", members=("a0001", "a0003"))])
        store.replace_clusters("story", [Cluster(id="sto-0000000000000002", kind="story", original="a0021",
                                                 members=("a0021", "a0022", "a0023"))])
    return str(path)


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


# -- listing ------------------------------------------------------------------------------------------

def test_articles_pages_cover_the_store_once(client):
    seen, offset, pages = [], 0, 0
    while offset is not None:
        r = client.get("/api/articles", params={"limit": 7, "offset": offset})
        assert r.status_code == 200
        page = r.json()
        assert page["total"] == 30 and page["limit"] == 7 and page["offset"] == offset
        assert set(page["items"][0]) == {"id", "url", "title", "outlet", "published", "language"}
        seen += [item["id"] for item in page["items"]]
        offset, pages = page["next"], pages + 1
    assert pages == 5 and len(seen) == 30 and len(set(seen)) == 30
    assert seen[0] == "a0030"  # undated first, then oldest first
    assert seen[1:4] == ["a0001", "a0002", "a0003"]


@pytest.mark.parametrize(("params", "expected"), [
    ({"outlet": "Kabar Timur"}, {f"a{n:04d}" for n in range(1, 21) if n % 2} | {"a0024", "a0025", "a0026", "a0027"}),
    ({"outlet": "kabartimur.co.id", "since": "2024-06-01"}, {"a0024", "a0025", "a0026", "a0027"}),
    ({"language": "en"}, {"a0029"}),
    ({"entity": "rudi hartawan"}, {"a0021", "a0022", "a0023"}),
    ({"since": "2024-05-19", "until": "2024-05-20"}, {"a0019", "a0020"}),
])
def test_articles_filters(client, params, expected):
    r = client.get("/api/articles", params={**params, "limit": 100})
    assert r.status_code == 200
    page = r.json()
    assert {item["id"] for item in page["items"]} == expected
    assert page["total"] == len(expected) and page["next"] is None  # a filtered last page knows its total


def test_filtered_page_with_more_has_no_total(client):
    page = client.get("/api/articles", params={"outlet": "wartanusa.id", "limit": 3}).json()
    assert len(page["items"]) == 3 and page["next"] == 3 and page["total"] is None


def test_article_is_the_full_record(client, db):
    r = client.get("/api/articles/a0021")
    assert r.status_code == 200
    with open_store(db) as store:
        assert r.json() == store.get("a0021").to_dict()
    assert r.json()["quotes"][0]["speaker"] == "Rudi Hartawan"


# -- search -------------------------------------------------------------------------------------------

def test_search_finds_stemmed_words_with_the_cli_shape(client):
    r = client.get("/api/search", params={"q": "pertemuan"})  # the minister "bertemu" nelayan
    assert r.status_code == 200
    hits = r.json()
    assert {h["id"] for h in hits} == {"a0021", "a0022", "a0023"}
    assert set(hits[0]) == {"id", "url", "title", "outlet", "published", "score", "snippet"}
    assert "<mark>" in hits[0]["snippet"]


def test_search_paging_and_filters(client):
    everything = [h["id"] for h in client.get("/api/search", params={"q": "saluran", "limit": 100}).json()]
    assert len(everything) == 20
    first = [h["id"] for h in client.get("/api/search", params={"q": "saluran", "limit": 5}).json()]
    second = [h["id"] for h in client.get("/api/search", params={"q": "saluran", "limit": 5, "offset": 5}).json()]
    assert first + second == everything[:10]
    only = client.get("/api/search", params={"q": "saluran", "outlet": "Warta Nusa", "until": "2024-05-05"}).json()
    assert {h["id"] for h in only} == {"a0002", "a0004"}
    assert client.get("/api/search", params={"q": "harvest", "language": "id"}).json() == []


@pytest.mark.parametrize("q", ['"banjir longsor', "OR", "banjir OR", "AND nelayan", "-banjir", "( banjir",
                               "banjir )", "NOT", "*", "()", '""', "", "x" * 600])
def test_malformed_queries_are_400_with_a_message(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400, (q, r.text)
    body = r.json()
    assert body["error"] in ("bad_query", "bad_request") and body["message"]


@pytest.mark.parametrize(("path", "params"), [
    ("/api/search", {}),  # q missing
    ("/api/search", {"q": "banjir", "limit": 0}),
    ("/api/search", {"q": "banjir", "limit": "sepuluh"}),
    ("/api/articles", {"limit": 101}),
    ("/api/articles", {"offset": -1}),
    ("/api/articles", {"since": "kemarin sore"}),
    ("/api/search", {"q": "banjir", "until": "2024-13-45"}),
    ("/api/clusters", {"kind": "gosip"}),
    ("/api/trending", {"window": "sebentar"}),
    ("/api/trending", {"window": "0h"}),
    ("/api/trending", {"at": "besok"}),
    ("/api/trending", {"at": "0001-01-01T00:00:00", "window": "7d"}),
])
def test_bad_parameters_are_400(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 400, (path, params, r.text)
    assert r.json()["error"] == "bad_request" and r.json()["message"]


# -- unknown ids and routes -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/articles/tidak-ada", "/api/clusters/syn-ffffffffffffffff",
                                  "/api/clusters/apa-saja", "/api/entities/Tokoh Fiktif Sekali",
                                  "/api/articles/tidak-ada/related", "/api/tidak-ada"])
def test_unknown_is_404_json(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == "not_found" and r.json()["message"]


def test_wrong_method_is_405_json(client):
    r = client.delete("/api/articles/a0001")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


# -- collection views ---------------------------------------------------------------------------------

def test_clusters_list_and_one(client):
    all_ = client.get("/api/clusters").json()
    assert [c["id"] for c in all_] == ["sto-0000000000000002", "syn-0000000000000001"]
    synd = client.get("/api/clusters", params={"kind": "syndication"}).json()
    assert synd == [{"id": "syn-0000000000000001", "kind": "syndication",
                     "original": {"id": "a0001", "url": "https://kabartimur.co.id/berita/1"},
                     "articles": [{"id": "a0001", "url": "https://kabartimur.co.id/berita/1", "outlet": "Kabar Timur",
                                   "published": "2024-05-01T09:00:00+07:00"},
                                  {"id": "a0003", "url": "https://kabartimur.co.id/berita/3", "outlet": "Kabar Timur",
                                   "published": "2024-05-03T09:00:00+07:00"}]}]
    assert client.get("/api/clusters/syn-0000000000000001").json() == synd[0]
    story = client.get("/api/clusters/sto-0000000000000002").json()
    assert story["kind"] == "story" and [m["id"] for m in story["articles"]] == ["a0021", "a0022", "a0023"]
    assert client.get("/api/clusters", params={"limit": 1, "offset": 1}).json()[0]["id"] == "syn-0000000000000001"


def test_entity_profile(client):
    r = client.get("/api/entities/rudi hartawan")
    assert r.status_code == 200
    profile = r.json()
    assert profile["name"] == "Rudi Hartawan" and profile["articles"] == 3
    assert [day for day, _ in profile["timeline"]] == ["2024-06-01", "2024-06-02", "2024-06-03"]
    assert len(profile["quotes"]) == 3 and profile["quotes"][0]["text"] == "Kami akan membantu nelayan"


def test_trending_names_the_rising_entity(client):
    r = client.get("/api/trending", params={"window": "24h"})
    assert r.status_code == 200
    trends = r.json()
    assert trends and trends[0]["name"] == "Koperasi Laut Biru" and trends[0]["articles"] == 4
    assert set(trends[0]) == {"name", "articles", "expected", "score"}
    # A window that ends before the cooperative appeared: nothing rises.
    assert client.get("/api/trending", params={"at": "2024-06-05T00:00:00+07:00"}).json() == []


def test_stats_is_the_store_stats(client, db):
    with open_store(db) as store:
        expected = store.stats()
    assert client.get("/api/stats").json() == json.loads(json.dumps(expected))


def test_related_answers_a_list(client):
    r = client.get("/api/articles/a0021/related", params={"limit": 3})
    assert r.status_code == 200 and isinstance(r.json(), list) and len(r.json()) <= 3


# -- safety -------------------------------------------------------------------------------------------

def test_markup_in_a_title_comes_back_as_json_text(client):
    r = client.get("/api/articles/a0028")
    assert r.headers["content-type"] == "application/json"
    assert b"<script" not in r.content and b"<img" not in r.content  # written as \\u003c escapes
    assert r.json()["title"] == HOSTILE_TITLE
    hits = client.get("/api/search", params={"q": "longsor"})
    assert b"<script" not in hits.content
    assert hits.json()[0]["title"] == HOSTILE_TITLE


@pytest.mark.parametrize("path", ["/api/stats", "/api/tidak-ada", "/api/search?q=%22", "/docs"])
def test_security_headers(client, path):
    r = client.get(path)
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_docs_are_served_locally(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "https://" not in page.text and "http://" not in page.text  # no CDN
    if "/docs/assets/swagger-ui-bundle.js" in page.text:
        assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
        assert client.get("/docs/assets/swagger-ui.css").status_code == 200
        assert "SwaggerUIBundle" in client.get("/docs/init.js").text
        assert "<script>" not in page.text  # nothing inline: the CSP forbids it
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{id}", "/api/search", "/api/clusters", "/api/clusters/{id}",
                 "/api/entities/{name}", "/api/trending", "/api/stats"):
        assert path in paths
    assert "post" in paths["/api/articles"]


def test_host_check_refuses_other_names(db):
    guarded = TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert guarded.get("/api/stats").status_code == 200
    assert guarded.get("/api/stats", headers={"host": "rebind.example"}).status_code == 400


def test_thread_store_uses_the_calling_threads_connection(db):
    proxy = ThreadStore(db)
    assert proxy.count() == 30
    counts: list[int] = []
    worker = threading.Thread(target=lambda: counts.append(proxy.count()))  # a plain store would raise here
    worker.start()
    worker.join()
    assert counts == [30]


# -- writing ------------------------------------------------------------------------------------------

@pytest.fixture
def writable(tmp_path) -> TestClient:
    return TestClient(create_app(str(tmp_path / "tulis.db"), token=TOKEN))


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writes_are_refused_without_a_server_token(client):
    r = client.post("/api/articles", json={"html": PAGE}, headers=auth())
    assert r.status_code == 403 and r.json()["error"] == "writes_disabled"


@pytest.mark.parametrize("headers", [{}, auth("salah"), auth(TOKEN + "x"), {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": "Bearer"}])
def test_wrong_or_missing_token_is_401(writable, headers):
    r = writable.post("/api/articles", json={"html": PAGE}, headers=headers)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"


def test_post_html_stores_it_like_ingest(writable):
    r = writable.post("/api/articles", json={"html": PAGE, "url": "https://kabarpesisir.contoh.id/daerah/tongkol"},
                      headers=auth())
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["outcome"] == "added" and created["title"] == "Nelayan Teluk Sari Panen Ikan Tongkol"
    record = writable.get(f"/api/articles/{created['id']}").json()
    assert "Ratusan nelayan" in record["body"] and "Beranda" not in record["body"]
    assert any(q["speaker"] and "Yosef" in q["speaker"] for q in record["quotes"])  # enriched, as ingest does
    assert [h["id"] for h in writable.get("/api/search", params={"q": "tongkol"}).json()] == [created["id"]]
    again = writable.post("/api/articles", json={"html": PAGE, "url": "https://kabarpesisir.contoh.id/daerah/tongkol"},
                          headers=auth())
    assert again.status_code == 200 and again.json() == {**created, "outcome": "unchanged"}


def test_post_text(writable):
    text = ("Petani garam di Pantai Ujung Lancar memulai panen lebih awal tahun ini karena kemarau datang cepat. "
            "Koperasi setempat memperkirakan produksi naik sepertiga.")
    r = writable.post("/api/articles", json={"text": text}, headers=auth())
    assert r.status_code == 201, r.text
    assert writable.get(f"/api/articles/{r.json()['id']}").json()["body"].startswith("Petani garam")


@pytest.mark.parametrize(("kwargs", "status", "error"), [
    ({"content": b"html=<p>x</p>", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415,
     "unsupported_media_type"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400, "bad_request"),
    ({"content": b"[" * 100_000, "headers": {"Content-Type": "application/json"}}, 400, "bad_request"),
    ({"json": ["html"]}, 400, "bad_request"),
    ({"json": {}}, 400, "bad_request"),
    ({"json": {"html": PAGE, "text": "dua-duanya"}}, 400, "bad_request"),
    ({"json": {"html": 42}}, 400, "bad_request"),
    ({"json": {"html": PAGE, "komentar": "?"}}, 400, "bad_request"),
    ({"json": {"text": "   "}}, 422, "not_an_article"),
    ({"json": {"url": "ftp://contoh.id/berita"}}, 400, "unsafe_url"),
    ({"json": {"url": "http://127.0.0.1:9/berita"}}, 400, "unsafe_url"),
])
def test_bad_writes_are_4xx(writable, kwargs, status, error):
    headers = {**auth(), **kwargs.pop("headers", {})}
    r = writable.post("/api/articles", headers=headers, **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"] == error and r.json()["message"]


def test_body_over_the_cap_is_413(writable, monkeypatch):
    monkeypatch.setattr(api, "MAX_BODY", 500)  # PAGE is about 1 kB
    r = writable.post("/api/articles", json={"html": PAGE}, headers=auth())
    assert r.status_code == 413 and r.json()["error"] == "too_large"

    def chunks():  # no Content-Length: the cap is counted as the body streams in
        yield b'{"html": "'
        for _ in range(10):
            yield b"x" * 200
        yield b'"}'
    r = writable.post("/api/articles", content=chunks(), headers={**auth(), "Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.fixture
def page_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            if self.path != "/daerah/tongkol":
                self.send_error(404)
                return
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_post_url_fetches_through_the_safe_fetcher(tmp_path, page_server):
    local = TestClient(create_app(str(tmp_path / "url.db"), token=TOKEN, allow_private=True))
    r = local.post("/api/articles", json={"url": f"{page_server}/daerah/tongkol"}, headers=auth())
    assert r.status_code == 201, r.text
    assert r.json()["url"] == f"{page_server}/daerah/tongkol"
    missing = local.post("/api/articles", json={"url": f"{page_server}/tidak-ada"}, headers=auth())
    assert missing.status_code == 422 and missing.json()["error"] == "fetch_failed"


# -- kliping serve ------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kliping_serve_answers_over_http(db):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "KLIPING_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "kliping.cli", "serve", "--db", db, "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                stats = httpx.get(f"{base}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "kliping serve did not answer in 30 s"
                time.sleep(0.2)
        assert stats.status_code == 200 and stats.json()["articles"] == 30
        hits = httpx.get(f"{base}/api/search", params={"q": "nelayan"}, timeout=5).json()
        assert {"a0021", "a0022", "a0023"} <= {h["id"] for h in hits}
        assert httpx.get(f"{base}/api/search", params={"q": '"'}, timeout=5).status_code == 400
        assert httpx.get(f"{base}/api/articles/tidak-ada", timeout=5).status_code == 404
        assert httpx.post(f"{base}/api/articles", json={"text": "x"}, timeout=5).status_code == 403
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in err.decode()


def test_kliping_serve_refuses_a_missing_store(tmp_path):
    out = subprocess.run([sys.executable, "-m", "kliping.cli", "serve", "--db", str(tmp_path / "tidak-ada.db")],
                         capture_output=True, timeout=60)
    assert out.returncode == 2 and b"no such store" in out.stderr
    assert not (tmp_path / "tidak-ada.db").exists()
