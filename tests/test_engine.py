"""Sharded ingest (``kliping.engine``): shard splitting, atomic shard outputs, reruns, idempotent merge, and
the local and Ray engines giving the same store from one WARC of fictional pages."""

from __future__ import annotations

import io
import json
import os
import random
import time
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from kliping.collection.build import rebuild_clusters  # noqa: E402
from kliping.engine import ingest_sharded, merge, plan  # noqa: E402
from kliping.engine.output import read_results, shard_path  # noqa: E402
from kliping.engine.shards import iter_shard, line_ranges, warc_cuts  # noqa: E402
from kliping.ingest.run import ingest  # noqa: E402
from kliping.ingest.sources import iter_documents  # noqa: E402
from kliping.store import open_store  # noqa: E402

TOWNS = ["Rantau Sejuk", "Muara Kilau", "Bukit Pelangi", "Teluk Damar", "Sungai Embun", "Padang Seruni",
         "Tanjung Beringin", "Lubuk Cendana", "Air Jernih", "Kampung Lalang", "Batu Berlian", "Pantai Kencana"]
NAMES = ["Arif Wicaksana", "Sekar Ayuningtyas", "Hendra Lumbantoruan", "Nurul Fadhilah", "Marselinus Bere",
         "Citra Kirana Putri", "Gusti Ayu Laksmi", "Fransiskus Nong", "Rizky Ramadhani", "Yohana Kambu",
         "Teuku Fahmi", "Ratna Sumirat"]
MATTERS = ["pembangunan dermaga", "kelangkaan solar", "lomba dayung", "panen raya jagung", "perbaikan irigasi",
           "pameran tenun", "wabah demam berdarah", "relokasi pasar ikan", "banjir bandang", "sengketa lahan",
           "festival kuliner", "pemadaman listrik"]
ACTS = ["meninjau", "membahas", "menyoroti", "meresmikan", "menggelar", "menyerahkan"]
# Filler words, sampled per paragraph, so that different stories share few word sequences.
FILLER = ("kapal nelayan tambak garam rumput laut jagung kedelai sapi kambing ayam pakan pupuk benih traktor "
          "sekolah madrasah puskesmas bidan posyandu jalan desa jembatan gantung sumur bor pompa air listrik "
          "surya pasar kios gudang koperasi dermaga terminal angkutan ojek perahu pelabuhan muara tanggul hutan "
          "bakau kebun kopi cengkih pala kelapa karet sawah ladang balai warga lapangan genset tenda dapur umum "
          "relawan guru honorer perpustakaan internet sinyal menara kabel pipa waduk embung kolam lele udang "
          "mangga durian rambutan gula aren tikar anyaman perak emas batik songket ukiran gamelan rebana").split()


def _story(i: int, rng: random.Random, who: str, town: str, matter: str) -> tuple[str, list[str], str]:

    def words() -> str:
        return " ".join(rng.sample(FILLER, 12))

    title = f"{who} {rng.choice(ACTS)} {matter} di {town} (edisi {i})"
    paragraphs = [
        f"{town.upper()} - Bupati {who} {rng.choice(ACTS)} {matter} di {town} pada Kamis siang ({words()}), "
        f"didampingi {rng.randint(4, 80)} pejabat dinas dan tokoh masyarakat, laporan nomor {i}.",
        f'"Kami tidak ingin {matter} tertunda lagi karena {words()}," ujar {who} di hadapan warga.',
        f"Catatan pemerintah kabupaten menyebut {rng.randint(50, 5000)} rumah tangga merasakan dampak {matter} "
        f"({words()}) dengan nilai kerugian sekitar Rp {rng.randint(1, 70)} miliar.",
        f"Sejumlah warga {town} meminta tambahan anggaran bagi {words()} pada tahun anggaran berikutnya.",
        f"{who.split()[0]} berjanji hasil evaluasi tentang {words()} dibuka kepada publik bulan depan.",
        f"Di lapangan tampak {words()} serta {words()}, sementara petugas mencatat {words()}.",
        f"Tokoh adat setempat menilai {words()} perlu didahulukan ketimbang {words()}.",
    ]
    when = f"2026-05-{1 + i % 28:02d}T{7 + i % 12:02d}:30:00+07:00"
    return title, paragraphs, when


def _html(outlet: str, title: str, paragraphs: list[str], when: str, notice: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs) + (f"<p>{notice}</p>" if notice else "")
    return (f'<html lang="id"><head><title>{title} | {outlet}</title>'
            f'<meta property="article:published_time" content="{when}"></head><body><nav>Beranda Daerah</nav>'
            f"<article><h1>{title}</h1><div class='isi'>{body}</div></article></body></html>").encode()


def pages(n: int, copies: int, seed: int = 11) -> list[tuple[str, bytes]]:
    """``n`` fictional stories from one outlet plus ``copies`` syndicated copies on another."""
    rng = random.Random(seed)
    # Each story its own person, place and matter: two stories are never the same event told twice.
    triples = rng.sample([(w, t, m) for w in NAMES for t in TOWNS for m in MATTERS], n)
    out = []
    for i in range(n):
        title, paragraphs, when = _story(i, rng, *triples[i])
        out.append((f"https://suarapesisir.example/daerah/{i}", _html("Suara Pesisir", title, paragraphs, when)))
        if i < copies:
            copy = [p for k, p in enumerate(paragraphs) if k != 3] + ["Baca juga: Festival layang-layang pantai"]
            notice = f"Berita ini sudah tayang di Suara Pesisir dengan judul {title}."
            out.append((f"https://kabar-teluk.example/news/{i}",
                        _html("Kabar Teluk", title, copy, when.replace("T07", "T08"), notice)))
    return out


def write_warc(path: Path, items: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, body in items:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                          http_headers=req))


def write_jsonl(path: Path, items: list[tuple[str, bytes]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for k, (url, body) in enumerate(items):
            if k == 3:
                fh.write("{not json\n")  # a bad line is a failure, in the same place as a whole-file read
            fh.write(json.dumps({"url": url, "html": body.decode()}) + "\n")
        fh.write(json.dumps({"html": items[0][1].decode()}))  # no url, no final newline: keyed by its line


def _docs(source: str) -> tuple[list, list]:
    failures: list = []
    docs = list(iter_documents(source, on_failure=failures.append))
    return docs, failures


def _shard_docs(shards) -> tuple[list, list]:
    failures: list = []
    docs = [d for s in shards for d in iter_shard(s, on_failure=failures.append)]
    return docs, failures


def _reasons(failures) -> list[tuple]:
    return [(f.source, f.key, f.reason) for f in failures]


# -- splitting -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [1, 2, 5, 7, 1000])
def test_jsonl_chunks_cover_every_line_once(tmp_path, size):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, pages(9, 2))
    ranges = line_ranges(path, size)
    assert ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:], strict=False))  # contiguous, no overlap
    lines = path.read_bytes().split(b"\n")
    assert [first for _, _, first in ranges] == list(range(1, len(lines) + 1, size))
    shards = plan([str(path)], size=size)
    assert [s.index for s in shards] == list(range(len(shards)))
    assert _shard_docs(shards)[0] == _docs(str(path))[0]
    assert _reasons(_shard_docs(shards)[1]) == _reasons(_docs(str(path))[1])


def test_shard_ids_are_stable_and_follow_the_input(tmp_path):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, pages(6, 0))
    first = [s.id for s in plan([str(path)], size=2)]
    assert first == [s.id for s in plan([str(path)], size=2)] and len(set(first)) == len(first)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))  # touched: may have changed, so read again
    assert not set(first) & {s.id for s in plan([str(path)], size=2)}


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_is_cut_at_record_boundaries(tmp_path, name):
    path = tmp_path / name
    write_warc(path, pages(11, 3))
    assert len(warc_cuts(path, 4)) == 4  # 14 responses: 4 + 4 + 4 + 2
    shards = plan([str(path)], size=4)
    assert [s.kind for s in shards] == ["records"] * 4
    assert _shard_docs(shards)[0] == _docs(str(path))[0]


@pytest.mark.parametrize("name", ["potong.warc.gz", "potong.warc"])
def test_truncated_warc_gives_what_a_whole_read_gives(tmp_path, name):
    path = tmp_path / name
    write_warc(path, pages(9, 0))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    shards = plan([str(path)], size=2)
    docs, failures = _shard_docs(shards)
    expected, expected_failures = _docs(str(path))
    assert docs == expected and 3 <= len(docs) < 9
    # The same problem is reported, though a shard cannot name the record before its range.
    assert len(failures) == len(expected_failures)
    assert all("truncated or corrupt" in f.reason for f in failures + expected_failures)


def test_garbage_warc_stays_one_shard(tmp_path):
    path = tmp_path / "bukan.warc"
    path.write_bytes(b"ini bukan arsip WARC sama sekali\n" * 100)
    assert [s.kind for s in plan([str(path)], size=2)] == ["whole"]
    assert _reasons(_shard_docs(plan([str(path)], size=2))[1]) == _reasons(_docs(str(path))[1])


def test_directory_chunks_read_like_the_directory(tmp_path):
    root = tmp_path / "arsip"
    (root / "b" / ".tersembunyi").mkdir(parents=True)
    (root / "a").mkdir()
    for k, (_, body) in enumerate(pages(7, 0)):
        (root / ("a" if k % 2 else "b") / f"{k:02d}.html").write_bytes(body)
    (root / "b" / ".tersembunyi" / "x.html").write_bytes(b"<p>tidak dibaca</p>")
    (root / "CATATAN.md").write_text("bukan berita")
    shards = plan([str(root)], size=3)
    assert [len(s.files) for s in shards] == [3, 3, 2]
    docs, failures = _shard_docs(shards)
    expected, expected_failures = _docs(str(root))
    assert docs == expected and _reasons(failures) == _reasons(expected_failures)


def test_missing_source_is_a_failure_not_a_crash(tmp_path):
    (shard,) = plan([str(tmp_path / "tidak-ada.jsonl")])
    docs, failures = _shard_docs([shard])
    assert docs == [] and "no such file" in failures[0].reason


# -- shard outputs, reruns, merge ----------------------------------------------------------------------

def test_rerun_skips_finished_shards_and_redoes_a_crashed_tmp(tmp_path, monkeypatch):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, pages(8, 2))
    work = tmp_path / "work"
    with open_store(tmp_path / "a.db") as store:
        first = ingest_sharded([str(path)], store, work_dir=work, shard_size=4)
        assert first.added == 11 and first.failed == 1 and store.count() == 11  # 10 pages + 1 url-less line
    shards = plan([str(path)], size=4)
    assert sorted(p.name for p in work.iterdir()) == sorted(f"{s.id}.parquet" for s in shards)

    # A crash while writing shard 1 left only its .tmp: that shard alone is processed again.
    done = shard_path(work, shards[1])
    done.rename(done.with_name(done.name + ".tmp"))
    ran: list[str] = []
    import kliping.engine.local as local

    real = local.run_shard
    monkeypatch.setattr(local, "run_shard", lambda shard, fetcher=None: ran.append(shard.id) or real(shard, fetcher))
    with open_store(tmp_path / "a.db") as store:
        again = ingest_sharded([str(path)], store, work_dir=work, shard_size=4)
        assert ran == [shards[1].id]
        assert (again.added, again.updated, again.unchanged) == (0, 0, 11) and store.count() == 11
    assert done.exists() and not done.with_name(done.name + ".tmp").exists()


def test_merge_is_idempotent_and_rebuilds_an_emptied_store(tmp_path):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, pages(6, 2))
    work = tmp_path / "work"
    with open_store(tmp_path / "a.db") as store:
        ingest_sharded([str(path)], store, work_dir=work, shard_size=3)
        before = sorted((a.id, a.url, a.body) for a in store.iter_articles())
        failures = store.failures()
        summary = merge(plan([str(path)], size=3), store, work)
        assert (summary.added, summary.updated) == (0, 0)
        assert sorted((a.id, a.url, a.body) for a in store.iter_articles()) == before
        assert len(store.failures()) == len(failures)
    # The shard outputs alone rebuild a store: nothing is processed again.
    with open_store(tmp_path / "b.db") as store:
        assert merge(plan([str(path)], size=3), store, work).added == 9
        assert sorted((a.id, a.url, a.body) for a in store.iter_articles()) == before


def test_shard_output_round_trips_the_records(tmp_path):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, pages(3, 1))
    work = tmp_path / "work"
    with open_store(tmp_path / "a.db") as store:
        ingest_sharded([str(path)], store, work_dir=work, shard_size=100)
        (shard,) = plan([str(path)], size=100)
        results = [r for batch in read_results(shard_path(work, shard)) for r in batch]
        stored = [r for r in results if hasattr(r, "article")]
        assert len(stored) == 5
        for r in stored:
            assert store.get(r.article.id) == r.article


def test_sharded_local_equals_the_streaming_loop(tmp_path):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, pages(10, 3))
    stores = []
    for name in ("loop", "sharded"):
        with open_store(tmp_path / f"{name}.db") as store:
            if name == "loop":
                ingest([str(path)], store)
            else:
                ingest_sharded([str(path)], store, work_dir=tmp_path / "w", jobs=2, shard_size=4)
            rebuild_clusters(store, stories=False)
            stores.append(_snapshot(store))
    assert stores[0] == stores[1]


def _snapshot(store) -> tuple:
    articles = sorted((a.id, a.url, a.title, a.body) for a in store.iter_articles())
    clusters = sorted((c.kind, c.original, tuple(sorted(c.members))) for c in store.clusters())
    return articles, clusters


# -- local against Ray on one WARC ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def ray_instance():
    ray = pytest.importorskip("ray")
    try:
        ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    except Exception as exc:  # noqa: BLE001 - no Ray here (sandbox, no shared memory): skip, never fail
        pytest.skip(f"Ray cannot start here: {exc}")
    yield ray
    ray.shutdown()


def test_local_and_ray_engines_give_identical_stores(tmp_path, ray_instance):
    warc = tmp_path / "liputan.warc.gz"
    items = pages(130, 40)  # 170 responses, 40 of them syndicated copies
    write_warc(warc, items)
    snapshots, seconds = [], {}
    for engine in ("local", "ray"):
        start = time.monotonic()
        with open_store(tmp_path / f"{engine}.db") as store:
            summary = ingest_sharded([str(warc)], store, engine=engine, jobs=2, shard_size=50,
                                     work_dir=tmp_path / f"{engine}.shards")
            assert (summary.added, summary.failed) == (len(items), 0)
            assert store.count() == len(items)
            rebuild_clusters(store)
            snapshots.append(_snapshot(store))
        seconds[engine] = round(time.monotonic() - start, 1)
    print(f"engine seconds on {len(items)} responses: {seconds}")
    articles, clusters = snapshots[0]
    assert {a[1] for a in articles} == {url for url, _ in items}
    syndication = [c for c in clusters if c[0] == "syndication"]
    assert len(syndication) == 40 and all(len(members) == 2 for _, _, members in syndication)
    assert snapshots[0] == snapshots[1]


def test_cli_engine_local_then_rerun(tmp_path):
    import subprocess
    import sys

    warc = tmp_path / "liputan.warc"
    write_warc(warc, pages(12, 4))
    db, work = tmp_path / "k.db", tmp_path / "kerja"
    cmd = [sys.executable, "-m", "kliping.cli", "ingest", str(warc), "--db", str(db), "--engine", "local",
           "--jobs", "2", "--shard-size", "5", "--work-dir", str(work), "--no-stories"]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "ingested 16, updated 0, unchanged 0, failed 0" in first.stderr
    assert len(list(work.glob("*.parquet"))) == 4  # 16 responses in shards of 5
    again = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "ingested 0, updated 0, unchanged 16" in again.stderr
    clusters = json.loads(subprocess.run([sys.executable, "-m", "kliping.cli", "clusters", "--db", str(db),
                                          "--kind", "syndication", "--format", "json"], capture_output=True,
                                         text=True, check=True).stdout)
    assert len(clusters) == 4
