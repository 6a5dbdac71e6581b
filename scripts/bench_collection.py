#!/usr/bin/env python3
"""`make bench`, the collection half: ingest rate, dedup signature rate, search latency, WARC memory.

1. Ingest: the real pages of ../shared/data, repeated under new URLs to ``--ingest-pages`` records,
   ingested from a JSONL by ``kliping ingest`` with ``--jobs 1`` and ``--jobs 2`` (full pipeline, store
   writes included; clusters off) — pages/s and the peak RSS of the whole process tree.
2. Dedup: MinHash signatures per second (``scripts/bench_dedup.py``).
3. Search: p50/p95 over a store of ``--store-articles`` synthetic articles (``scripts/bench_store.py``).
4. WARC: a WARC of ``--warc-mb`` MB (the real pages as HTML responses, plus large non-HTML records)
   streamed through ``kliping ingest``: peak RSS stays flat whatever the file's size.

    python scripts/bench_collection.py [--shared ../shared] [--store-articles 100000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def real_pages(shared: Path) -> list[bytes]:
    from kliping.evaluation import aeb_pages, id_news_pages

    pages = [*aeb_pages(shared / "data" / "aeb-dev"), *id_news_pages(shared / "data" / "id-news-pages")]
    return [p.html if isinstance(p.html, bytes) else p.html.encode() for p in pages]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; (seconds, peak RSS in MB of the largest child process)."""
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench_ingest(pages: list[bytes], n: int, tmp: Path) -> None:
    corpus = tmp / "ingest.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(n):
            html = pages[i % len(pages)].decode("utf-8", "replace")
            f.write(json.dumps({"url": f"https://bench.example/{i}", "html": html}) + "\n")
    print(f"\ningest: {n} real pages (repeated under new URLs), JSONL -> SQLite, full pipeline, no clusters")
    print(f"{'jobs':>4} {'pages/s':>9} {'seconds':>8}")
    for jobs in (1, 2):
        db = tmp / f"ingest{jobs}.db"
        seconds, _ = timed([PY, "-m", "kliping.cli", "ingest", str(corpus), "--db", str(db), "--jobs", str(jobs),
                            "--no-clusters"])
        print(f"{jobs:>4} {n / seconds:>9.1f} {seconds:>8.1f}")


def bench_warc(pages: list[bytes], megabytes: int, tmp: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp / "big.warc.gz"
    html_records = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        written, i = 0, 0
        blob = os.urandom(1 << 20)  # 1 MB of incompressible bytes: a "video" record
        while written < megabytes << 20:
            if i % 50 == 49:
                payload, ctype = blob * 4, "video/mp4"
            else:
                payload, ctype = pages[i % len(pages)], "text/html; charset=utf-8"
                html_records += 1
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://warc.example/{i}", "response",
                                               payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
            written += len(payload)
            i += 1
    size = path.stat().st_size / 1e6
    seconds, peak = timed([PY, "-m", "kliping.cli", "ingest", str(path), "--db", str(tmp / "warc.db"),
                           "--no-clusters"])
    print(f"\nWARC: {written / 1e6:.0f} MB of payload ({size:.0f} MB gzip), {html_records} HTML responses: "
          f"{seconds:.1f} s, {html_records / seconds:.1f} pages/s, peak RSS {peak:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--ingest-pages", type=int, default=600)
    parser.add_argument("--store-articles", type=int, default=100_000)
    parser.add_argument("--warc-mb", type=int, default=300)
    args = parser.parse_args()
    pages = real_pages(args.shared) if (args.shared / "data").exists() else []
    with tempfile.TemporaryDirectory() as tmp:
        if pages:
            bench_ingest(pages, args.ingest_pages, Path(tmp))
            bench_warc(pages, args.warc_mb, Path(tmp))
        else:
            print("skip ingest and WARC: ../shared/data not found")
    print("\ndedup signatures:")
    subprocess.run([PY, str(REPO / "scripts" / "bench_dedup.py"), "-n", "5000"], check=True)
    print(f"\nsearch over {args.store_articles:,} stored articles:")
    subprocess.run([PY, str(REPO / "scripts" / "bench_store.py"), "--articles", str(args.store_articles)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
