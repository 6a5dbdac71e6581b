#!/usr/bin/env python3
"""Load benchmark of the JSON API: ``kliping serve`` on loopback, search requests at a fixed rate.

Open loop: request ``i`` is due at ``start + i / rate`` whether or not earlier ones have answered, and
its latency counts from when it was due, so a slow server cannot hide its queue (no coordinated
omission). Bounded: loopback only, a fixed number of requests, a per-request timeout, and the server
is stopped whatever happens.

    .venv/bin/python scripts/bench_api.py --db berita.db          # 200 requests/s for 30 s
    .venv/bin/python scripts/bench_api.py --rate 50 --duration 5   # a temporary store from ../shared

Without ``--db`` a temporary store is built with ``kliping ingest`` from ../shared/data (id-news-pages
and aeb-dev) when present, else from the repository's fixture pages.
"""

from __future__ import annotations

import argparse
import math
import os
import queue
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else: this is a load generator
P99_BAR_MS, ERRORS_BAR = 100.0, 0
# Varied queries: single words (stemmed), phrases, OR, exclusion, prefixes, filters; Indonesian and English.
QUERIES = (
    "presiden", "banjir", "pemerintah", "pertemuan", "harga", "jakarta", "menteri", "ekonomi", "polisi",
    "pembangunan", "warga", "design", "apple", "market", "music", "government", "school", "energy",
    '"presiden joko"', '"harga beras"', "menteri OR gubernur", "banjir -jakarta", "bangun*", "ekonom*",
    "kebijakan pemerintah", "apple iphone", "taylor swift", "pemilu OR pilkada", '"the new"', "london",
)
FILTERS = ({}, {}, {}, {"language": "id"}, {"language": "en"}, {"since": "2015-01-01"})


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_store(path: Path, shared: Path) -> None:
    """Ingest the demo pages into a new store at ``path`` (../shared data when present, else fixtures)."""
    sources = [str(p) for p in (shared / "data" / "id-news-pages" / "pages", shared / "data" / "aeb-dev" / "html")
               if p.is_dir()]
    if not sources:
        sources = [str(REPO / "tests" / "fixtures" / "pages")]
    print(f"building a temporary store from {', '.join(sources)}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "kliping.cli", "ingest", *sources, "--db", str(path)], check=True,
                   timeout=600)


def start_server(db: Path, port: int) -> subprocess.Popen:
    """``kliping serve`` on loopback; returns once it answers (or raises after 60 s)."""
    env = {k: v for k, v in os.environ.items() if k != "KLIPING_TOKEN"}  # read-only: no writes during a bench
    proc = subprocess.Popen([sys.executable, "-m", "kliping.cli", "serve", "--db", str(db), "--host", HOST,
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kliping serve exited: {proc.stderr.read().decode(errors='replace')[-500:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError("kliping serve did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate the server, then kill it if it lingers."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def warm_up(base: str) -> None:
    """Each query once (loads the stemmer and the page cache) before timing anything."""
    with httpx.Client(base_url=base, timeout=10) as client:
        for q in QUERIES:
            client.get("/api/search", params={"q": q})


def run_load(base: str, rate: float, duration: float, timeout: float, threads: int, seed: int) -> dict:
    """Fire ``rate * duration`` searches on schedule; latencies in ms from each request's due time."""
    total = max(1, int(rate * duration))
    rng = random.Random(seed)
    plan = [{"q": rng.choice(QUERIES), "limit": rng.choice((10, 10, 20)), **rng.choice(FILTERS)} for _ in range(total)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    # Clients are made before the clock starts: building one costs milliseconds (its TLS context),
    # which would otherwise show up as a burst of late requests at the start.
    clients: queue.SimpleQueue[httpx.Client] = queue.SimpleQueue()
    made = [httpx.Client(base_url=base, timeout=timeout) for _ in range(threads)]
    for client in made:
        clients.put(client)

    def one(due: float, params: dict) -> None:
        client = clients.get()
        try:
            status = client.get("/api/search", params=params).status_code
            problem = None if status == 200 else f"HTTP {status}"
        except httpx.HTTPError as exc:
            problem = type(exc).__name__
        finally:
            clients.put(client)
        took = (time.perf_counter() - due) * 1000
        with lock:
            latencies.append(took)
            if problem:
                errors.append(problem)

    start = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for i, params in enumerate(plan):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, due, params)
    elapsed = time.perf_counter() - start
    for client in made:
        client.close()
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "sent": total}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(p / 100 * len(ordered)))) - 1]


def report(result: dict, rate: float, duration: float, db: Path) -> bool:
    """Print the figures; True when they meet the bars (p99 < 100 ms, no errors)."""
    lat = result["latencies"]
    p50, p95, p99 = (percentile(lat, p) for p in (50, 95, 99))
    errors = len(result["errors"])
    print(f"store: {db}")
    print(f"search at {rate:g} requests/s for {duration:g} s (open loop, loopback, 1 server worker)")
    print(f"requests {result['sent']}, answered {len(lat) - errors}, errors {errors}"
          + (f" ({', '.join(sorted(set(result['errors'])))})" if errors else ""))
    print(f"achieved {len(lat) / result['elapsed']:.1f} requests/s over {result['elapsed']:.1f} s")
    print(f"latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(lat):.1f}")
    ok = p99 < P99_BAR_MS and errors <= ERRORS_BAR
    print(f"bar (p99 < {P99_BAR_MS:g} ms, zero errors): {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="an ingested store (default: build a temporary one)")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="where ../shared is")
    ap.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30, at most 300)")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds before a request counts as an error")
    ap.add_argument("--threads", type=int, default=32, help="client threads (default 32)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (0 < args.rate <= 2000 and 0 < args.duration <= 300):
        ap.error("--rate must be in (0, 2000] and --duration in (0, 300]")
    with tempfile.TemporaryDirectory(prefix="kliping-bench-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "demo.db"
            build_store(db, args.shared)
        elif not db.exists():
            ap.error(f"{db}: no such store")
        port = free_port()
        server = start_server(db, port)
        try:
            base = f"http://{HOST}:{port}"
            warm_up(base)
            result = run_load(base, args.rate, args.duration, args.timeout, args.threads, args.seed)
        finally:
            stop_server(server)
        return 0 if report(result, args.rate, args.duration, db) else 1


if __name__ == "__main__":
    sys.exit(main())
