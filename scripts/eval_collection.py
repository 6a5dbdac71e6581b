#!/usr/bin/env python3
"""Collection quality on real pages: syndicated copies found, originals named, exact phrases found.

The real pages of ../shared/data (aeb-dev and id-news-pages) are the originals. For the first
``--copies`` of them this script writes a syndicated copy the way portals republish: another outlet's
template, two unrelated "Baca Juga" lines inserted, a notice line naming the source, one paragraph
edited and one dropped, published two hours later. Everything goes into a fresh store through the
real ingest path (a JSONL of {url, html}); then:

- syndication pairs: precision and recall of the store's syndication clusters against the true
  original–copy pairs (any two members of a cluster count as a predicted pair);
- originals: the share of copies whose cluster names the true original;
- phrase search: for each original, an exact 6-word phrase from its body searched in quotes — is the
  original in the top 3?
- re-ingest: the same JSONL again must add nothing.

    python scripts/eval_collection.py [--shared ../shared] [--copies 40] [--check]
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path

from kliping.collection.build import rebuild_clusters
from kliping.evaluation import aeb_pages, id_news_pages
from kliping.ingest.run import ingest
from kliping.pipeline import extract
from kliping.store import open_store

REPO = Path(__file__).resolve().parents[1]
FLOORS = {"precision": 0.99, "recall": 0.95, "originals": 0.90, "phrase_top3": 0.90}
READ_ALSO = ["Baca Juga: Harga cabai rawit di pasar induk turun jelang akhir pekan",
             "Baca Juga: Jadwal kapal cepat ke pulau-pulau kecil berubah mulai bulan depan"]


def originals(shared: Path) -> list[dict]:
    """The real pages with their extracted facts (url, outlet, title, paragraphs, published)."""
    out = []
    pages = [*aeb_pages(shared / "data" / "aeb-dev"), *id_news_pages(shared / "data" / "id-news-pages")]
    for i, page in enumerate(pages):
        url = page.url or f"https://original-{i}.example/article/{i}"
        try:
            a = extract(page.html, url=url)
        except Exception:  # noqa: BLE001 - a page that does not extract is no original to copy
            continue
        if len(a.paragraphs) < 3:
            continue
        out.append({"url": url, "html": page.html if isinstance(page.html, str) else page.html.decode("utf-8", "replace"),
                    "outlet": a.outlet.name or a.outlet.domain or "Sumber", "title": a.title or "",
                    "paragraphs": a.paragraph_texts(), "published": a.published})
    return out


def copy_of(original: dict, i: int, rng: random.Random) -> dict:
    """A syndicated copy in another template: read-also inserts, a notice, one paragraph edited, one dropped."""
    paragraphs = list(original["paragraphs"])
    drop = rng.randrange(1, len(paragraphs))
    paragraphs.pop(drop)
    edit = rng.randrange(len(paragraphs))
    words = paragraphs[edit].split()
    if len(words) > 6:
        words[len(words) // 2] = "(diperbarui)"
        words.insert(2, "sebelumnya")
    paragraphs[edit] = " ".join(words)
    for line in READ_ALSO:
        paragraphs.insert(rng.randrange(1, len(paragraphs)), line)
    notice = f"Artikel ini telah tayang di {original['outlet']} dengan judul \"{original['title']}\"."
    published = ""
    if original["published"]:
        when = datetime.fromisoformat(original["published"]) + timedelta(hours=2)
        published = f'<meta property="article:published_time" content="{when.isoformat()}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in [*paragraphs, notice])
    page = (f"<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{html.escape(original['title'])}"
            f" | Warta Serindit</title>{published}</head><body><header><nav><a href=\"/\">Beranda</a></nav></header>"
            f"<main><article class=\"post\"><h1 class=\"post-title\">{html.escape(original['title'])}</h1>"
            f"<div class=\"post-body\">{body}</div></article></main><footer>© Warta Serindit</footer></body></html>")
    return {"url": f"https://warta-serindit.example/read/{i}", "html": page}


def phrase_of(original: dict, rng: random.Random) -> str | None:
    """Six consecutive plain words (letters only) from the original's longest paragraph."""
    words = max(original["paragraphs"], key=len).split()
    windows = [k for k in range(len(words) - 6) if all(w.isalpha() for w in words[k:k + 6])]
    if not windows:
        return None
    start = rng.choice(windows)
    return " ".join(words[start:start + 6])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--check", action="store_true", help="exit 1 below the bars")
    args = parser.parse_args()
    rng = random.Random(20261127)
    origs = originals(args.shared)
    if not origs:
        print("no pages under", args.shared / "data")
        return 0
    copies = [copy_of(o, i, rng) for i, o in enumerate(origs[:args.copies])]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "pages.jsonl"
        with corpus.open("w", encoding="utf-8") as f:
            for r in [*({"url": o["url"], "html": o["html"]} for o in origs), *copies]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        with open_store(Path(tmp) / "eval.db") as store:
            started = time.perf_counter()
            summary = ingest([str(corpus)], store)
            rebuild_clusters(store, stories=False)
            seconds = time.perf_counter() - started
            again = ingest([str(corpus)], store)
            by_url = {a.url: a.id for a in store.iter_articles()}
            truth = {frozenset((by_url.get(o["url"]), by_url.get(c["url"]))) for o, c in zip(origs[:len(copies)], copies, strict=True)}
            clusters = store.clusters("syndication")
            predicted = {frozenset(p) for c in clusters for p in combinations(c.members, 2)}
            named = sum(1 for o, c in zip(origs[:len(copies)], copies, strict=True)
                        if any(by_url.get(c["url"]) in k.members and k.original == by_url.get(o["url"])
                               for k in clusters))
            found = tried = 0
            for o in origs:
                phrase = phrase_of(o, rng)
                if phrase is None:
                    continue
                tried += 1
                hits = store.search(f'"{phrase}"', limit=3)
                found += any(h.id == by_url.get(o["url"]) for h in hits)
            stored = store.count()
    tp = len(truth & predicted)
    result = {"precision": tp / len(predicted) if predicted else 0.0, "recall": tp / len(truth) if truth else 0.0,
              "originals": named / len(copies) if copies else 0.0, "phrase_top3": found / tried if tried else 0.0}
    print(f"{len(origs)} real pages + {len(copies)} copies -> {stored} stored "
          f"(added {summary.added}, failed {summary.failed}); re-ingest added {again.added}, updated {again.updated}; "
          f"ingest + clusters {seconds:.1f}s")
    for name, value in result.items():
        print(f"{name:12} {value:.3f}  bar {FLOORS[name]:.2f} {'ok' if value >= FLOORS[name] else 'MISSED'}")
    missed = [n for n, v in result.items() if v < FLOORS[n]] + (["re-ingest"] if again.added else [])
    if stored != len(origs) + len(copies):
        missed.append("stored once")
    return 1 if missed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
