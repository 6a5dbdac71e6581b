#!/usr/bin/env python3
"""`make bench`: pages/s and peak memory, Kliping vs trafilatura, one process each, same run.

Each system runs in its own fresh process over the same pages (aeb-dev, then the Indonesian pages):
one warm-up pass, then the best of --repeat timed passes. Peak RSS is the worker's own high-water mark.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

WORKERS = ("kliping-extract", "kliping-full", "trafilatura", "trafilatura-fast")


def _pages(shared: Path, dataset: str) -> list[tuple[bytes, str | None]]:
    from kliping.evaluation import aeb_pages, id_news_pages

    root = shared / "data" / dataset
    loader = aeb_pages if dataset == "aeb-dev" else id_news_pages
    return [(p.html, p.url) for p in loader(root)]


def _runner(worker: str):
    if worker.startswith("kliping"):
        from kliping.errors import KlipingError
        from kliping.pipeline import read

        enrich = worker == "kliping-full"

        def run(html: bytes, url: str | None) -> None:
            try:
                read(html, url=url, enrich=enrich)
            except KlipingError:
                pass

        return run
    import trafilatura

    fast = worker == "trafilatura-fast"

    def run(html: bytes, url: str | None) -> None:
        # trafilatura is given decoded text, as its users typically do; decoding is counted in its time.
        trafilatura.extract(html.decode("utf-8", "replace"), url=url, fast=fast)

    return run


def worker_main(worker: str, shared: Path, dataset: str, repeat: int) -> None:
    pages = _pages(shared, dataset)
    run = _runner(worker)
    for html, url in pages:  # warm-up: imports, caches, lazy tables
        run(html, url)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for html, url in pages:
            run(html, url)
        best = min(best, time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"worker": worker, "dataset": dataset, "pages": len(pages),
                      "pages_per_s": len(pages) / best, "peak_rss_mb": peak_mb}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dataset", action="append", help="aeb-dev and/or id-news-pages (default both)")
    ap.add_argument("--workers", default=",".join(WORKERS))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    datasets = args.dataset or ["aeb-dev", "id-news-pages"]
    if args.worker:
        worker_main(args.worker, args.shared, datasets[0], args.repeat)
        return 0
    results = []
    for dataset in datasets:
        if not (args.shared / "data" / dataset).exists():
            print(f"skip {dataset}: not found under {args.shared}/data")
            continue
        print(f"\n{dataset}: one process per system, best of {args.repeat} passes")
        print(f"{'system':<18} {'pages/s':>9} {'peak RSS MB':>12} {'vs trafilatura':>15}")
        base = None
        rows = []
        for worker in args.workers.split(","):
            out = subprocess.run(
                [sys.executable, __file__, "--worker", worker, "--shared", str(args.shared),
                 "--dataset", dataset, "--repeat", str(args.repeat)],
                capture_output=True, text=True, check=False,
            )
            if out.returncode != 0:
                print(f"{worker:<18} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append(r)
            if worker == "trafilatura":
                base = r["pages_per_s"]
        for r in rows:
            ratio = f"{r['pages_per_s'] / base:.1f}×" if base else "—"
            print(f"{r['worker']:<18} {r['pages_per_s']:>9.1f} {r['peak_rss_mb']:>12.0f} {ratio:>15}")
        results.extend(rows)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
