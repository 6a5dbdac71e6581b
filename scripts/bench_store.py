"""Benchmark the SQLite store: fill a temporary store with synthetic Indonesian articles, time searches.

    .venv/bin/python scripts/bench_store.py --articles 100000

The articles are fictional: sentences drawn from word lists (roots from Sastrawi's own dictionary with
Indonesian affixes, Zipf-distributed like real text), fictional people and outlets. Prints the fill
rate, the store's size, search p50/p95 per query kind and overall, and how often an exact phrase of
an article ranked that article first.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from kliping.article import Article, Entity, Outlet, join_paragraphs
from kliping.store import StoredArticle, open_store

PREFIXES = ("", "", "", "me", "mem", "men", "meng", "di", "ber", "ter", "pe", "pem", "pen", "ke", "se")
SUFFIXES = ("", "", "", "", "kan", "an", "i", "nya", "lah")
FUNCTION_WORDS = ("yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "dalam", "itu", "ini", "akan",
                  "tidak", "juga", "karena", "oleh", "para", "telah", "sudah", "bahwa", "secara", "kata")
FIRST = ("Rudi", "Sulastri", "Bambang", "Wulan", "Agus", "Dewi", "Hendra", "Ratna", "Yusuf", "Melati",
         "Teguh", "Indah", "Fajar", "Kartika", "Joko", "Sekar", "Bayu", "Laras", "Imam", "Citra")
LAST = ("Hartawan", "Wibowo", "Siregar", "Lestari", "Pranoto", "Nasution", "Kusuma", "Halim", "Saputra",
        "Wijaya", "Rahmawati", "Simanjuntak", "Gunawan", "Purnama", "Setiadi")
OUTLETS = [(f"Kabar {n}", f"kabar{n.lower()}.id") for n in
           ("Nusa", "Timur", "Barat", "Pesisir", "Lembah", "Raya", "Kota", "Desa", "Selatan", "Utara",
            "Samudra", "Gunung", "Pagi", "Senja", "Rakyat", "Warga", "Bumi", "Langit", "Muara", "Tanjung")]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` word forms: function words first (the most frequent), then affixed dictionary roots."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    roots = [w for w in StemmerFactory().get_words() if w.isalpha() and 3 <= len(w) <= 10]
    rng.shuffle(roots)
    forms = list(FUNCTION_WORDS)
    for root in roots:
        if len(forms) >= size:
            break
        forms.append(rng.choice(PREFIXES) + root + rng.choice(SUFFIXES))
    return forms


class Generator:
    """Fictional articles with Zipf-distributed words."""

    def __init__(self, seed: int, vocab_size: int = 60_000) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.vocab = vocabulary(vocab_size, self.rng)
        weights = 1.0 / np.arange(1, len(self.vocab) + 1) ** 1.05
        self.cum = np.cumsum(weights) / weights.sum()
        self.people = [f"{f} {last}" for f in FIRST for last in LAST]

    def words(self, n: int) -> list[str]:
        return [self.vocab[i] for i in np.searchsorted(self.cum, self.np.random(n))]

    def sentence(self, people: list[str]) -> str:
        words = self.words(self.rng.randint(8, 20))
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(people))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def article(self, n: int) -> Article:
        people = self.rng.sample(self.people, 3)
        paragraphs = [" ".join(self.sentence(people) for _ in range(self.rng.randint(2, 4)))
                      for _ in range(self.rng.randint(4, 9))]
        body, spans = join_paragraphs(paragraphs)
        name, domain = self.rng.choice(OUTLETS)
        day = 1_700_000_000 + self.rng.randrange(0, 2 * 365 * 86400)
        published = time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.gmtime(day + 7 * 3600))
        entities = tuple(Entity(text=p, label="PERSON", canonical=p, mentions=((0, len(p)),)) for p in people
                         if p in body)
        title = " ".join(self.words(self.rng.randint(5, 10))).capitalize()
        return Article(id=f"a{n:07d}", url=f"https://{domain}/berita/{n}", outlet=Outlet(name, domain),
                       language="id", title=title, published=published, body=body, paragraphs=spans,
                       entities=entities)


def stored(article: Article) -> StoredArticle:
    digest = hashlib.sha256(f"{article.title}\n{article.body}".encode()).hexdigest()
    return StoredArticle(key=article.url or article.id, article=article, raw_hash=digest, content_hash=digest,
                         source="bench", fetched_at=None)


def fill(store, gen: Generator, n: int, batch: int) -> tuple[float, float, list[Article]]:
    """Upsert ``n`` articles in batches; returns (seconds generating, seconds in upsert, a sample)."""
    sample: list[Article] = []
    t_gen = t_store = 0.0
    for start in range(0, n, batch):
        t0 = time.perf_counter()
        articles = [gen.article(i) for i in range(start, min(n, start + batch))]
        t1 = time.perf_counter()
        store.upsert([stored(a) for a in articles])
        t_store += time.perf_counter() - t1
        t_gen += t1 - t0
        if len(sample) < 500:  # articles whose phrases the exact-phrase queries will quote
            sample.append(articles[len(sample) % len(articles)])
        if start and start % (10 * batch * 10) == 0:
            print(f"  {start:,} stored, {start / t_store:,.0f} articles/s in upsert", flush=True)
    return t_gen, t_store, sample


def queries(gen: Generator, sample: list[Article], n: int) -> list[tuple[str, str, dict, str | None]]:
    """(kind, query, filters, expected first id) — a varied mix of ``n`` searches."""
    rng = gen.rng
    mid = gen.vocab[50:3000]
    rare = gen.vocab[3000:30000]
    out: list[tuple[str, str, dict, str | None]] = []
    kinds = ["common", "word", "rare", "two", "phrase", "or", "not", "prefix", "filtered"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "common":
            out.append((kind, rng.choice(gen.vocab[:30]), {}, None))
        elif kind == "word":
            out.append((kind, rng.choice(mid), {}, None))
        elif kind == "rare":
            out.append((kind, rng.choice(rare), {}, None))
        elif kind == "two":
            out.append((kind, f"{rng.choice(mid)} {rng.choice(mid)}", {}, None))
        elif kind == "phrase":
            art = rng.choice(sample)
            words = art.body.replace(".", "").split()
            k = rng.randint(4, 8)
            start = rng.randrange(0, max(1, len(words) - k))
            out.append((kind, '"' + " ".join(words[start : start + k]) + '"', {}, art.id))
        elif kind == "or":
            out.append((kind, f"{rng.choice(mid)} OR {rng.choice(rare)}", {}, None))
        elif kind == "not":
            out.append((kind, f"{rng.choice(mid)} -{rng.choice(gen.vocab[:200])}", {}, None))
        elif kind == "prefix":
            out.append((kind, rng.choice(mid)[: rng.randint(3, 6)] + "*", {}, None))
        else:
            name, domain = rng.choice(OUTLETS)
            choice = rng.choice([{"outlet": rng.choice([name, domain])}, {"since": "2024-03-01", "until": "2024-04-30"},
                                 {"entity": rng.choice(gen.people)}, {"language": "id"}])
            out.append((kind, rng.choice(mid), choice, None))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_queries(store, plan) -> None:
    times: dict[str, list[float]] = {}
    first = tried = 0
    for kind, query, filters, expected in plan:
        t0 = time.perf_counter()
        hits = store.search(query, limit=10, **filters)
        times.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        if expected:
            tried += 1
            first += bool(hits) and hits[0].id == expected
    every = [t for ts in times.values() for t in ts]
    for kind, ts in times.items():
        print(f"  {kind:9s} n={len(ts):3d}  p50 {percentile(ts, 50):6.2f} ms  p95 {percentile(ts, 95):6.2f} ms  "
              f"max {max(ts):6.2f} ms")
    print(f"search: {len(every)} queries  p50 {percentile(every, 50):.2f} ms  p95 {percentile(every, 95):.2f} ms  "
          f"max {max(every):.2f} ms")
    if tried:
        print(f"exact phrase ranked its article first: {first}/{tried} (a short phrase may also occur elsewhere)")


def main() -> None:
    """Fill, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="keep the store here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        gen = Generator(args.seed)
        with open_store(path) as store:
            t_gen, t_store, sample = fill(store, gen, args.articles, args.batch)
            size = sum(os.path.getsize(p) for p in path.parent.glob(path.name + "*"))
            print(f"fill: {args.articles:,} articles in {t_store:.1f} s of upsert "
                  f"({args.articles / t_store:,.0f} articles/s; generating them took {t_gen:.1f} s); "
                  f"store {size / 2**20:,.0f} MiB")
            plan = queries(gen, sample or [gen.article(0)], args.queries)
        # Measure on a fresh connection and a fresh process-level cache state for the index pages.
        with open_store(path) as store:
            store.search("bench")  # the first query loads the stemmer's dictionary: not a search cost
            run_queries(store, plan)
            print(f"count {store.count():,}; check: {store.check()}")


if __name__ == "__main__":
    main()
