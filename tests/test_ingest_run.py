"""The ingest loop end to end: JSONL in, store out; re-ingest, updates, copies, crash and rerun."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kliping
from kliping.ingest.run import ingest
from kliping.store import open_store

PLACES = ["Bandar Lestari", "Sukamaju", "Tanjung Harapan", "Kota Mekar", "Pulau Serindit", "Lembah Hijau"]
PEOPLE = ["Rahmat Hidayat", "Wulan Pratiwi", "Bagus Santoso", "Intan Maharani", "Yosef Lamahoda", "Dewi Anggraini"]
TOPICS = ["banjir rob", "harga cabai", "jalan tol baru", "festival kopi", "vaksinasi anak", "pasar apung"]
VERBS = ["meninjau", "membuka", "mengunjungi", "meresmikan", "memeriksa", "mengumumkan"]
# Words to vary each story's sentences, so that two different stories share few word sequences.
WORDS = ("anggaran sekolah nelayan petani bendungan irigasi listrik puskesmas perahu gudang beras kopi "
         "cengkih sawit jembatan terminal pelabuhan koperasi bidan guru relawan tenda logistik genset pompa "
         "tanggul drainase lapangan balai posyandu sembako pupuk bibit traktor hujan angin gelombang kabut "
         "musim panen kemarau sungai muara bukit lereng desa dusun kampung pasar toko warung bengkel").split()


def story(i: int, rng: random.Random) -> tuple[str, list[str]]:
    """A fictional news story: a title and paragraphs, different enough from story to story."""
    who, where, topic = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(TOPICS)

    def vary() -> str:
        return " ".join(rng.sample(WORDS, 6))

    title = f"{who} {rng.choice(VERBS)} {topic} di {where} ({i})"
    paragraphs = [
        f"{where.upper()} - {who} {rng.choice(VERBS)} lokasi {topic} di {where} pada Senin pagi ({vary()}), "
        f"bersama {rng.randint(3, 90)} warga dan petugas dari dinas terkait nomor {i}.",
        f'"Kami ingin memastikan {topic} ditangani dengan cepat, {vary()}," kata {who} kepada wartawan.',
        f"Menurut data dinas, sebanyak {rng.randint(100, 9000)} keluarga terdampak {topic} ({vary()}) sepanjang "
        f"pekan lalu, dengan kerugian ditaksir Rp {rng.randint(2, 90)} miliar.",
        f"Warga {where} berharap pemerintah daerah menambah anggaran untuk {vary()} tahun depan, terutama di "
        f"kawasan {rng.choice(PLACES)} yang paling sering terdampak.",
        f"{who.split()[0]} menambahkan bahwa laporan lengkap soal {vary()} akan diumumkan pekan depan.",
    ]
    return title, paragraphs


def page(outlet: str, domain: str, title: str, paragraphs: list[str], when: str, notice: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs) + (f"<p>{notice}</p>" if notice else "")
    return (f'<html lang="id"><head><title>{title} - {outlet}</title>'
            f'<meta property="article:published_time" content="{when}"></head><body>'
            f"<article><h1>{title}</h1><div class='content'>{body}</div></article></body></html>")


def write_corpus(path: Path, n: int, copies: int = 0, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        title, paragraphs = story(i, rng)
        when = f"2026-03-{1 + i % 28:02d}T{8 + i % 10:02d}:00:00+07:00"
        records.append({"url": f"https://kabarlestari.example/berita/{i}",
                        "html": page("Kabar Lestari", "kabarlestari.example", title, paragraphs, when)})
        if i < copies:
            copy = [p for k, p in enumerate(paragraphs) if k != 3] + ["Baca Juga: Lomba perahu naga digelar"]
            notice = f"Artikel ini telah tayang di Kabar Lestari dengan judul {title}."
            records.append({"url": f"https://warta-serindit.example/read/{i}",
                            "html": page("Warta Serindit", "warta-serindit.example", title, copy,
                                         when.replace("T", "T1").replace("T1", "T", 1), notice)})
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    return records


def test_ingest_stores_every_page_once_and_links_copies(tmp_path):
    corpus = tmp_path / "pages.jsonl"
    records = write_corpus(corpus, 30, copies=8)
    with open_store(tmp_path / "k.db") as store:
        summary = ingest([str(corpus)], store)
        assert (summary.added, summary.failed) == (len(records), 0)
        assert store.count() == len(records)
        again = ingest([str(corpus)], store)
        assert (again.added, again.updated) == (0, 0) and store.count() == len(records)


def test_a_changed_page_is_updated_not_duplicated(tmp_path):
    corpus = tmp_path / "pages.jsonl"
    records = write_corpus(corpus, 5)
    with open_store(tmp_path / "k.db") as store:
        ingest([str(corpus)], store)
        records[2]["html"] = records[2]["html"].replace("Senin pagi", "Selasa sore")
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        summary = ingest([str(corpus)], store)
        assert (summary.added, summary.updated) == (0, 1) and store.count() == 5
        assert "Selasa sore" in store.get_by_key(records[2]["url"]).body


def test_cli_ingest_then_read_commands(tmp_path):
    corpus = tmp_path / "pages.jsonl"
    write_corpus(corpus, 12, copies=4)
    db = str(tmp_path / "k.db")
    run = [sys.executable, "-m", "kliping.cli"]
    done = subprocess.run([*run, "ingest", str(corpus), "--db", db], capture_output=True, text=True, check=True)
    assert "ingested 16" in done.stderr
    stats = json.loads(subprocess.run([*run, "stats", "--db", db, "--format", "json"], capture_output=True,
                                      text=True, check=True).stdout)
    assert stats["articles"] == 16 and stats["clusters"] >= 4
    clusters = json.loads(subprocess.run([*run, "clusters", "--db", db, "--kind", "syndication", "--format",
                                          "json"], capture_output=True, text=True, check=True).stdout)
    assert len(clusters) == 4
    for c in clusters:
        assert c["original"]["url"].startswith("https://kabarlestari.example/")
        assert len(c["articles"]) == 2
    hits = json.loads(subprocess.run([*run, "search", "ditangani dengan cepat", "--db", db, "--format", "json"],
                                     capture_output=True, text=True, check=True).stdout)
    assert hits and {"id", "url", "title", "outlet", "published", "score", "snippet"} <= set(hits[0])
    shown = json.loads(subprocess.run([*run, "show", hits[0]["id"], "--db", db, "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    assert shown["id"] == hits[0]["id"]
    missing = subprocess.run([*run, "show", "0" * 16, "--db", db], capture_output=True, text=True)
    assert missing.returncode == 2 and "no article" in missing.stderr


def test_kill_9_then_rerun_stores_every_record_exactly_once(tmp_path):
    corpus = tmp_path / "pages.jsonl"
    records = write_corpus(corpus, 400)
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "kliping.cli", "ingest", str(corpus), "--db", str(db), "--no-clusters"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists() and _count(db) >= 50:
            break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    subprocess.run(cmd, check=True, capture_output=True)
    assert _count(db) == len(records)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT COUNT(DISTINCT key) FROM articles").fetchone()[0] == len(records)


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("jobs", [2])
def test_parallel_ingest_gives_the_same_store(tmp_path, jobs):
    corpus = tmp_path / "pages.jsonl"
    write_corpus(corpus, 24, copies=4)
    results = []
    for j in (1, jobs):
        with open_store(tmp_path / f"k{j}.db") as store:
            ingest([str(corpus)], store, jobs=j)
            results.append(sorted((a.id, a.title, a.body) for a in store.iter_articles()))
    assert results[0] == results[1]


def test_cli_entity_trending_related_export(tmp_path):
    corpus = tmp_path / "pages.jsonl"
    write_corpus(corpus, 40, copies=3)
    db = str(tmp_path / "k.db")
    run = [sys.executable, "-m", "kliping.cli"]
    subprocess.run([*run, "ingest", str(corpus), "--db", db], capture_output=True, text=True, check=True)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*run, *args, "--db", db], capture_output=True, text=True)

    profile = json.loads(cli("entity", "Rahmat Hidayat", "--format", "json").stdout)
    assert profile["articles"] > 0 and profile["timeline"] and profile["quotes"]
    assert all(q["text"] for q in profile["quotes"])
    assert cli("entity", "Nama Yang Tidak Pernah Ada").returncode == 2
    trending = json.loads(cli("trending", "--window", "7d", "--format", "json").stdout)
    assert isinstance(trending, list)
    assert cli("trending", "--window", "7x").returncode == 2
    first = json.loads(cli("search", "keluarga", "--format", "json").stdout)[0]["id"]
    related = json.loads(cli("related", first, "--format", "json").stdout)
    assert all(r["id"] != first for r in related)
    out = tmp_path / "all.jsonl"
    done = subprocess.run([*run, "export", "--db", db, "--format", "jsonl", "-o", str(out)], capture_output=True,
                          text=True, check=True)
    assert "exported 43" in done.stderr and len(out.read_text(encoding="utf-8").splitlines()) == 43
    assert cli("stats", "--format", "table").returncode == 0
    assert subprocess.run([*run, "stats", "--db", str(tmp_path / "none.db")], capture_output=True).returncode == 2


def test_a_hostile_source_fails_clearly_and_loses_nothing(tmp_path):
    import gzip
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    corpus = tmp_path / "pages.jsonl"
    write_corpus(corpus, 6)
    bomb = tmp_path / "bomb.warc.gz"
    with bomb.open("wb") as out:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                   protocol="HTTP/1.1")
        payload = gzip.compress(b"\0" * 60_000_000, compresslevel=1)
        WARCWriter(out, gzip=True).write_record(WARCWriter(out).create_warc_record(
            "https://bom.example/zip", "response", payload=io.BytesIO(payload), http_headers=headers))
    with open_store(tmp_path / "k.db") as store:
        ingest([str(corpus)], store)
        summary = ingest([str(tmp_path / "missing.jsonl"), str(bomb)], store)
        assert summary.added == 0 and summary.failed == 2
        reasons = " ".join(f["reason"] for f in store.failures())
        assert "decompressed" in reasons and "missing.jsonl" in reasons
        assert store.count() == 6 and store.check() == "ok"


def test_a_fetched_multi_page_article_is_joined(tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from kliping.ingest.fetch import Fetcher

    pages = Path(__file__).parent / "fixtures" / "pages" / "tribun"
    first = (pages / "tribunjateng-multipage-1.html").read_text(encoding="utf-8")
    second = (pages / "tribunjateng-multipage-2.html").read_text(encoding="utf-8")
    remote = "https://www.tribunjateng.com/2024/08/12/pedagang-pasar-kembang-sore-tolak-relokasi-sebelum-kios-baru-rampung"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            html = second if self.path.endswith("page=2") else first.replace(remote, f"{base}/berita")
            data = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with open_store(tmp_path / "k.db") as store:
            summary = ingest([f"{base}/berita"], store, fetcher=Fetcher(allow_private=True, min_interval=0))
            assert summary.added == 1, summary.failures
            article = next(store.iter_articles())
    finally:
        server.shutdown()
    page_two = kliping.read(second.encode("utf-8"), enrich=False).paragraph_texts()
    assert page_two and page_two[-1] in article.body
    assert article.next_page_url is None
