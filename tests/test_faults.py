"""Faults during an ingest: the store's disk fills up, another writer holds the database, a worker process
is killed, the network drops mid-response. Each ends with a clear error (or a recorded Failure), and
nothing already stored is lost or stored twice; rerunning the same command finishes the work.
All pages are fictional.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kliping.ingest.fetch import Fetcher
from kliping.ingest.run import ingest
from kliping.store import open_store
from kliping.store.base import StoreError

PLACES = ("Sukamaju", "Tanjung Lestari", "Bandar Serindit", "Lembah Hijau", "Kota Mekar")
PEOPLE = ("Rahmat Hidayat", "Wulan Pratiwi", "Bagus Santoso", "Intan Maharani")
TOPICS = ("jembatan gantung", "pasar apung", "irigasi sawah", "festival layang-layang", "posyandu keliling")
REPO = Path(__file__).resolve().parents[1]


def page_html(i: int, paragraphs: int = 4) -> str:
    """A small fictional news page, different for each ``i``."""
    who, where, topic = PEOPLE[i % 4], PLACES[i % 5], TOPICS[(i // 5) % 5]
    paras = "".join(
        f"<p>Warga {where} membahas {topic} nomor {i}-{k} bersama {who} di balai desa, "
        f"dengan {10 + (i * 7 + k) % 80} peserta dan anggaran Rp {2 + (i + k) % 50} miliar.</p>"
        for k in range(paragraphs)
    )
    title = f"{who} Tinjau {topic.title()} di {where} ({i})"
    return (f'<html lang="id"><head><title>{title} - Kabar Lestari</title>'
            f'<meta property="article:published_time" content="2026-03-{1 + i % 28:02d}T09:00:00+07:00">'
            f"</head><body><article><h1>{title}</h1>{paras}</article></body></html>")


def url(i: int) -> str:
    return f"https://kabarlestari.example/berita/{i}"


def write_jsonl(path: Path, n: int, paragraphs: int = 4) -> list[str]:
    """``n`` fictional pages as JSONL; returns their keys in order."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"url": url(i), "html": page_html(i, paragraphs)}) + "\n")
    return [url(i) for i in range(n)]


def assert_stored_once(db: Path, keys: list[str]) -> None:
    """The store is sound and holds exactly ``keys``, each once."""
    with open_store(str(db)) as store:
        assert store.check() == "ok"
        assert set(store.known(keys)) == set(keys)
        assert store.count() == len(keys)  # no extra row: nothing stored twice under another key


# -- (a) the disk fills up ------------------------------------------------------------------------------

DISK_FULL_CHILD = textwrap.dedent("""
    import json, sys
    from kliping.ingest.run import ingest
    from kliping.store import open_store
    src, db, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    committed = []
    result = {"error": None, "classes": []}
    try:
        with open_store(db) as store:
            ingest([src], store, batch=batch, on_progress=committed.append)
    except BaseException as exc:
        result.update(error=str(exc), classes=[c.__name__ for c in type(exc).__mro__])
    result["committed"] = sum(committed)
    print(json.dumps(result))
""")


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, timeout=30)
    return done.returncode == 0


def _limit_file_size() -> None:  # in the child, before exec: files past 1 MB fail with EFBIG
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory):
    """An ingest into a store on a 1 MB filesystem (tmpfs if mountable, else RLIMIT_FSIZE), and what it did."""
    root = tmp_path_factory.mktemp("diskfull")
    src = root / "pages.jsonl"
    keys = write_jsonl(src, 220, paragraphs=12)
    tiny = root / "tiny"
    tiny.mkdir()
    mounted = _mount_tmpfs(tiny, "1m")
    db = tiny / "kliping.db"
    try:
        done = subprocess.run([sys.executable, "-c", DISK_FULL_CHILD, str(src), str(db), "20"],
                              capture_output=True, text=True, timeout=300, cwd=REPO,
                              preexec_fn=None if mounted else _limit_file_size)
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        # The store as the failed run left it, reopened on the same full filesystem.
        with open_store(str(db)) as store:
            result["check"] = store.check()
            result["count"] = store.count()
            result["stored"] = sorted(store.known(keys))
        saved = root / "saved"
        saved.mkdir()
        for part in tiny.iterdir():  # the database, its WAL and shared memory: moved to a larger disk
            shutil.copy2(part, saved / part.name)
    finally:
        if mounted:
            subprocess.run(["umount", str(tiny)], capture_output=True, timeout=30)
    return {**result, "src": src, "keys": keys, "saved": saved / "kliping.db", "mode": "tmpfs" if mounted else "rlimit"}


def test_disk_full_ends_with_a_clear_error(disk_full):
    assert disk_full["error"], f"the ingest did not fail ({disk_full['mode']}): the filesystem was not filled"
    assert any(s in disk_full["error"].lower() for s in ("full", "i/o error", "too large")), disk_full["error"]


def test_disk_full_keeps_exactly_the_committed_batches(disk_full):
    committed = disk_full["committed"]
    assert 0 < committed < len(disk_full["keys"])
    assert committed % 20 == 0  # whole batches: a batch is committed entirely or not at all
    assert disk_full["check"] == "ok"
    assert disk_full["count"] == committed
    assert disk_full["stored"] == sorted(disk_full["keys"][:committed])


def test_disk_full_rerun_with_room_stores_every_page_once(disk_full):
    with open_store(str(disk_full["saved"])) as store:
        summary = ingest([str(disk_full["src"])], store, batch=20)
    assert summary.skipped == disk_full["committed"] and summary.failed == 0
    assert_stored_once(disk_full["saved"], disk_full["keys"])


def test_disk_full_is_a_store_error(disk_full):
    assert "StoreError" in disk_full["classes"]  # one line and exit 2 from the CLI, not "internal error"


# -- (b) another writer holds the database ------------------------------------------------------------

def test_locked_store_ends_with_a_clear_error_and_loses_nothing(tmp_path, monkeypatch):
    import kliping.store.sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_S", 0.3)  # the wait before giving up: 30 s by default
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    keys = write_jsonl(first, 12)
    with second.open("w", encoding="utf-8") as f:
        for i in range(12, 24):
            f.write(json.dumps({"url": url(i), "html": page_html(i)}) + "\n")
    keys += [url(i) for i in range(12, 24)]
    db = tmp_path / "k.db"
    with open_store(str(db)) as store:
        ingest([str(first)], store, batch=5)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer, holding the lock past the busy timeout
        try:
            started = time.monotonic()
            with pytest.raises(StoreError, match="busy|locked"):
                ingest([str(second)], store, batch=5)
            assert time.monotonic() - started < 30  # it gives up after the busy timeout, it does not hang
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.count() == 12  # the first run's records are all there
        summary = ingest([str(first), str(second)], store, batch=5)  # the lock is gone: the rerun finishes
        assert (summary.skipped, summary.added, summary.failed) == (12, 12, 0)
    assert_stored_once(db, keys)


# -- (c) a worker process is killed ---------------------------------------------------------------------

def _workers(pid: int) -> list[int]:
    """The forked pool workers of ``pid`` (same command line; not multiprocessing's resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat, cmdline = (entry / "stat").read_text(), (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"kliping.cli" in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes")
def test_killed_worker_ends_the_ingest_and_a_rerun_stores_every_record_once(tmp_path):
    src, db = tmp_path / "pages.jsonl", tmp_path / "k.db"
    keys = write_jsonl(src, 700, paragraphs=3)
    command = [sys.executable, "-m", "kliping.cli", "ingest", str(src), "--db", str(db), "--jobs", "2", "--no-clusters"]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:  # wait for the first committed batch
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                        if conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= 100:
                            break
                except sqlite3.Error:
                    pass
            time.sleep(0.05)
        workers = _workers(proc.pid)
        assert proc.poll() is None and workers, "the ingest ended before a worker could be killed"
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=120)  # before the fix, multiprocessing.Pool waited here forever
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 2, stderr
    assert "worker process died" in stderr and "rerun" in stderr
    with open_store(str(db)) as store:
        stored = store.count()
        assert store.check() == "ok"
    assert 100 <= stored < len(keys) and stored % 100 == 0  # whole batches only
    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert_stored_once(db, keys)


# -- (e) a page that takes too long --------------------------------------------------------------------

def _stalling_stage(article):
    """A stage stuck on one page (as a super-linear rule on a hostile page would be)."""
    while "LAMBAT" in article.body:
        time.sleep(0.05)
    return article


@pytest.mark.parametrize("jobs", [1, 2])
def test_slow_page_is_a_failure_not_a_stuck_ingest(tmp_path, monkeypatch, jobs):
    import kliping.enrich.stages as stages

    monkeypatch.setattr(stages, "STAGES", [*stages.STAGES, ("stall", _stalling_stage)])
    src, db = tmp_path / "pages.jsonl", tmp_path / "k.db"
    keys = write_jsonl(src, 6)
    lines = src.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps({"url": url(99), "html": page_html(99).replace("</article>", "<p>Kata LAMBAT.</p></article>")})
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    with open_store(str(db)) as store:
        summary = ingest([str(src)], store, jobs=jobs, page_seconds=1.0)
    assert time.monotonic() - started < 60
    assert (summary.added, summary.failed) == (5, 1)
    assert summary.failures[0].key == url(99) and "longer than 1 s" in summary.failures[0].reason
    assert_stored_once(db, [k for k in keys if k != url(2)])


@pytest.mark.parametrize("jobs", [1, 2])
def test_page_that_triggers_a_bug_is_a_failure_not_the_end_of_the_ingest(tmp_path, monkeypatch, jobs):
    import kliping.pipeline

    real = kliping.pipeline.extract

    def buggy(source, **kwargs):  # as urljoin's ValueError on a malformed link did
        if b"RUSAK" in source:
            raise ValueError("Invalid IPv6 URL")
        return real(source, **kwargs)

    monkeypatch.setattr(kliping.pipeline, "extract", buggy)
    src, db = tmp_path / "pages.jsonl", tmp_path / "k.db"
    keys = write_jsonl(src, 5)
    with src.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"url": url(50), "html": page_html(50).replace("<h1>", "<h1>RUSAK ")}) + "\n")
    with open_store(str(db)) as store:
        summary = ingest([str(src)], store, jobs=jobs)
    assert (summary.added, summary.failed) == (5, 1)
    assert "internal error" in summary.failures[0].reason and "ValueError" in summary.failures[0].reason
    assert_stored_once(db, keys)


# -- (d) the network drops mid-response --------------------------------------------------------------------

SITEMAPS = {
    "/sitemap-chunked.xml": ("/berita/1", "/putus-chunked/2", "/berita/3", "/putus-chunked/4", "/berita/5"),
    "/sitemap-length.xml": ("/berita/6", "/putus/7", "/berita/8"),
    "/sitemap-bad-url.xml": ("/berita/10", "http://[rusak/x", "/berita/11"),
}


class _Site(BaseHTTPRequestHandler):
    """A fictional news site on loopback: a sitemap, good pages, and pages whose connection drops."""

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        host = f"http://{self.headers['Host']}"
        if self.path == "/pindah":  # a redirect to a URL that urllib cannot even split
            self.send_response(302)
            self.send_header("Location", "http://[rusak/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/sitemap"):
            pages = SITEMAPS[self.path]
            locs = "".join(f"<url><loc>{p if '://' in p else host + p}</loc></url>" for p in pages)
            self._send(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}'
                       "</urlset>".encode(), "application/xml")
        elif self.path.startswith("/berita/"):
            self._send(page_html(int(self.path.rsplit("/", 1)[1])).encode(), "text/html; charset=utf-8")
        elif self.path.startswith("/putus/"):  # Content-Length promises the page; half arrives, then EOF
            body = page_html(int(self.path.rsplit("/", 1)[1])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif self.path.startswith("/putus-chunked/"):  # a chunk, then the connection closes without the last one
            body = page_html(int(self.path.rsplit("/", 1)[1])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            half = body[: len(body) // 2]
            self.wfile.write(f"{len(body):x}\r\n".encode() + half)
            self.wfile.flush()
            self.close_connection = True
        else:
            self.send_error(404)

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _reason_is_clear(reason: str) -> bool:
    words = ("incomplete", "closed", "ended", "truncated", "connection", "unreachable")
    return "\n" not in reason and any(w in reason.lower() for w in words)


def test_dropped_connection_is_a_failure_and_the_other_pages_are_stored(site, tmp_path):
    fetcher = Fetcher(allow_private=True, min_interval=0, timeout=10, connect_timeout=5, max_tries=2, backoff=0.01)
    db = tmp_path / "k.db"
    with open_store(str(db)) as store:
        summary = ingest([f"{site}/sitemap-chunked.xml"], store, fetcher=fetcher)
        again = ingest([f"{site}/sitemap-chunked.xml"], store, fetcher=fetcher)
        failures = store.failures()
    assert (summary.added, summary.failed) == (3, 2)
    reasons = {f.key: f.reason for f in summary.failures}
    assert set(reasons) == {f"{site}/putus-chunked/2", f"{site}/putus-chunked/4"}
    assert all(_reason_is_clear(r) for r in reasons.values()), reasons
    assert again.added == 0 and again.failed == 2  # the rerun stores nothing twice, and fails the same way
    assert sorted(f["key"] for f in failures) == sorted(reasons)  # one row per failing page, not one per run
    assert_stored_once(db, [f"{site}/berita/{i}" for i in (1, 3, 5)])


def test_dropped_connection_on_a_page_source_is_a_failure(site, tmp_path):
    fetcher = Fetcher(allow_private=True, min_interval=0, timeout=10, connect_timeout=5, max_tries=1)
    with open_store(str(tmp_path / "k.db")) as store:
        summary = ingest([f"{site}/berita/7", f"{site}/putus-chunked/8", f"{site}/berita/9"], store, fetcher=fetcher)
    assert (summary.added, summary.failed) == (2, 1)
    assert summary.failures[0].source == f"{site}/putus-chunked/8"
    assert _reason_is_clear(summary.failures[0].reason), summary.failures[0].reason


def test_dropped_connection_before_content_length_is_a_failure(site, tmp_path):
    fetcher = Fetcher(allow_private=True, min_interval=0, timeout=10, connect_timeout=5, max_tries=1)
    db = tmp_path / "k.db"
    with open_store(str(db)) as store:
        summary = ingest([f"{site}/sitemap-length.xml"], store, fetcher=fetcher)
    assert [f.key for f in summary.failures] == [f"{site}/putus/7"]
    assert _reason_is_clear(summary.failures[0].reason)
    assert_stored_once(db, [f"{site}/berita/6", f"{site}/berita/8"])




def test_malformed_sitemap_url_is_a_failure(site, tmp_path):
    fetcher = Fetcher(allow_private=True, min_interval=0, timeout=10, connect_timeout=5, max_tries=1)
    db = tmp_path / "k.db"
    with open_store(str(db)) as store:
        summary = ingest([f"{site}/sitemap-bad-url.xml"], store, fetcher=fetcher)
    assert summary.added == 2 and summary.failed == 1
    assert_stored_once(db, [f"{site}/berita/10", f"{site}/berita/11"])


def test_malformed_redirect_is_a_failure(site, tmp_path):
    fetcher = Fetcher(allow_private=True, min_interval=0, timeout=10, connect_timeout=5, max_tries=1)
    db = tmp_path / "k.db"
    with open_store(str(db)) as store:
        summary = ingest([f"{site}/pindah", f"{site}/berita/12"], store, fetcher=fetcher)
    assert (summary.added, summary.failed) == (1, 1)
    assert summary.failures[0].source == f"{site}/pindah"
