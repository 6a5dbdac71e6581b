"""MinHash signatures over word shingles, LSH banding and exact Jaccard — vectorised with numpy.

Pipeline for one text: lower-case word tokens (one linear regex) -> a stable 32-bit hash per token
(``zlib.crc32``, cached) -> 5-word shingles combined with a vectorised multiply-add over the token
hashes and a splitmix64 finaliser -> 32-bit shingle hashes -> ``num_perm`` permutations
``(a*x + b) mod 2**32`` (``a`` odd, so each is a bijection of the 32-bit space) applied to the whole
shingle array at once -> min over the shingles.

Why mod 2**32 and not a Mersenne prime: the wrap is free in ``uint32`` and runs ~3x faster than
``% (2**31 - 1)``. The shingle hashes are already well mixed by the finaliser, so the linear family
behaves as min-wise hashing should: measured on random 500-shingle sets (300 trials each), estimate
bias <= 0.006 and standard deviation 0.037/0.042/0.035 at Jaccard 0.2/0.5/0.8 against the
theoretical sqrt(J(1-J)/128) = 0.035/0.044/0.035 — the same as the prime-modulus family.

LSH banding: ``lsh_params`` picks rows per band r and bands b (b*r <= num_perm) so that a pair at
the Jaccard threshold becomes a candidate with probability >= 0.99, and among those the fewest
candidates below it. For 128 permutations and threshold 0.5 that is b=42, r=3; the S-curve
P(candidate) = 1 - (1 - s**3)**42 is 0.04 at s=0.1, 0.29 at 0.2, 0.68 at 0.3, 0.93 at 0.4,
0.996 at 0.5 and 1.0000 from 0.6. Candidates are then verified by exact Jaccard of the shingle sets.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Hashable, Iterable, Iterator, Sequence

import numpy as np

K = 5  # words per shingle
NUM_PERM = 128
MAX_CHARS = 2_000_000  # what one text may contribute; longer input is cut (bounded time and memory)
MAX_TOKEN_CHARS = 64  # a longer run of word characters (1 MB without spaces) is read as 64-char pieces
EMPTY = np.uint32(0xFFFFFFFF)  # signature value of a text with no shingles

_WORD = re.compile(rf"\w{{1,{MAX_TOKEN_CHARS}}}")  # one class, one bounded quantifier: linear
_SEED = 0x6B6C6970  # fixed: signatures must be comparable across runs and machines
_TOKEN_CACHE_MAX = 500_000


def _params(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(_SEED)
    a = (rng.integers(0, 1 << 31, size=num_perm, dtype=np.uint64) * 2 + 1).astype(np.uint32)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


_PARAMS: dict[int, tuple[np.ndarray, np.ndarray]] = {}
# odd 64-bit multipliers, one per shingle position: the shingle hash is sum(token_hash * C[j])
_POS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text``; a run of word characters is split every ``MAX_TOKEN_CHARS``."""
    return _WORD.findall(text[:MAX_CHARS].lower())


class _TokenHashes(dict):
    """Token -> crc32, computed on first sight (``map`` over ``__getitem__`` keeps the loop in C)."""

    def __missing__(self, word: str) -> int:
        h = self[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
        return h


_TOKEN_CACHE = _TokenHashes()


def _token_hashes(words: list[str]) -> np.ndarray:
    if len(_TOKEN_CACHE) > _TOKEN_CACHE_MAX:  # bounded memory over a long-running ingest
        _TOKEN_CACHE.clear()
    return np.fromiter(map(_TOKEN_CACHE.__getitem__, words), dtype=np.uint64, count=len(words))


def _finalise(h: np.ndarray) -> np.ndarray:
    # splitmix64 finaliser: spreads the linear combination over all 64 bits before we keep 32
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    h = h ^ (h >> np.uint64(31))
    return (h >> np.uint64(32)).astype(np.uint32)


def shingles(text: str, k: int = K) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``k``-word shingles of ``text`` (one shingle if shorter)."""
    t = _token_hashes(tokens(text))
    if t.size == 0:
        return np.empty(0, dtype=np.uint32)
    width = min(k, t.size)
    n = t.size - width + 1
    # uint64 arrays wrap around silently: that is the intended arithmetic
    h = t[:n] * _POS[0]
    for j in range(1, width):
        h += t[j : j + n] * _POS[j]
    h += np.uint64(width)  # a 3-word text and a 5-word text never share their single shingle
    out = _finalise(h)
    out.sort()
    # np.unique costs twice this on short arrays (its generic path); sorted -> drop repeats
    keep = np.empty(out.size, dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def signature_of_shingles(sh: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signature (``num_perm`` uint32) of a shingle-hash array."""
    if sh.size == 0:
        return np.full(num_perm, EMPTY, dtype=np.uint32)
    if num_perm not in _PARAMS:
        _PARAMS[num_perm] = _params(num_perm)
    a, b = _PARAMS[num_perm]
    # (num_perm, n) layout: each permutation's row is contiguous for the min
    v = np.multiply(a[:, None], sh[None, :])
    v += b[:, None]
    return v.min(axis=1)


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signature of ``text``: ``num_perm`` uint32 values (all 0xFFFFFFFF for no words)."""
    return signature_of_shingles(shingles(text), num_perm)


def signatures(texts: Iterable[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """Signatures of many texts as an ``(n, num_perm)`` uint32 array."""
    rows = [signature(t, num_perm) for t in texts]
    if not rows:
        return np.empty((0, num_perm), dtype=np.uint32)
    return np.vstack(rows)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique shingle arrays (0.0 when both are empty)."""
    if a.size == 0 or b.size == 0:
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def estimated_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Jaccard estimated from two signatures (fraction of equal positions; 0.0 if either is empty)."""
    if bool((sig_a == EMPTY).all()) or bool((sig_b == EMPTY).all()):
        return 0.0
    return float(np.mean(sig_a == sig_b))


def candidate_probability(s: float, bands: int, rows: int) -> float:
    """The LSH S-curve: probability that a pair of Jaccard ``s`` shares at least one band."""
    return 1.0 - (1.0 - s**rows) ** bands


def lsh_params(num_perm: int = NUM_PERM, threshold: float = 0.5, recall: float = 0.99) -> tuple[int, int]:
    """(bands, rows): P(candidate) at ``threshold`` >= ``recall``, fewest candidates at half of it."""
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) < recall:
            continue
        low = candidate_probability(threshold / 2, bands, rows)
        if best is None or low < best[0]:
            best = (low, bands, rows)
    if best is None:  # the recall cannot be met: one row per band is the most sensitive choice
        return num_perm, 1
    return best[1], best[2]


class LSHIndex:
    """Banded LSH over MinHash signatures: ``add`` ids, then ``candidates()`` or ``query(sig)``.

    Identical signatures are kept as duplicates of the first id (not in the buckets), so 10,000
    copies of one text cost 10,000 pairs, not 50 million. Buckets larger than ``max_bucket`` pair
    each member only with its next ``max_bucket`` neighbours: connectivity survives, the pair
    count stays linear.
    """

    def __init__(
        self,
        num_perm: int = NUM_PERM,
        threshold: float = 0.5,
        bands: int | None = None,
        rows: int | None = None,
        max_bucket: int = 64,
    ) -> None:
        if bands is None or rows is None:
            bands, rows = lsh_params(num_perm, threshold)
        if bands * rows > num_perm:
            raise ValueError(f"bands*rows = {bands * rows} exceeds num_perm = {num_perm}")
        self.num_perm, self.bands, self.rows, self.max_bucket = num_perm, bands, rows, max_bucket
        self._buckets: list[dict[bytes, list[Hashable]]] = [{} for _ in range(bands)]
        self._first: dict[bytes, Hashable] = {}  # whole signature -> first id with it
        self._dups: dict[Hashable, list[Hashable]] = {}  # first id -> later ids with the same signature
        self._ids: set[Hashable] = set()

    def __len__(self) -> int:
        return len(self._ids)

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        r = self.rows
        raw = np.ascontiguousarray(sig[: self.bands * r], dtype=np.uint32).tobytes()
        step = 4 * r
        return [raw[i * step : (i + 1) * step] for i in range(self.bands)]

    def add(self, id: Hashable, sig: np.ndarray) -> None:
        """Index ``sig`` under ``id`` (an empty signature is ignored: it resembles nothing)."""
        if id in self._ids or bool((sig == EMPTY).all()):
            return
        self._ids.add(id)
        whole = np.ascontiguousarray(sig, dtype=np.uint32).tobytes()
        first = self._first.get(whole)
        if first is not None:
            self._dups.setdefault(first, []).append(id)
            return
        self._first[whole] = id
        for band, key in zip(self._buckets, self._keys(sig), strict=True):
            band.setdefault(key, []).append(id)

    def query(self, sig: np.ndarray) -> set[Hashable]:
        """Ids sharing at least one band with ``sig`` (and their identical-signature duplicates)."""
        if bool((sig == EMPTY).all()):
            return set()
        found: set[Hashable] = set()
        for band, key in zip(self._buckets, self._keys(sig), strict=True):
            found.update(band.get(key, ()))
        for first in list(found):
            found.update(self._dups.get(first, ()))
        return found

    def candidates(self) -> set[tuple[Hashable, Hashable]]:
        """Candidate pairs (in insertion order within each pair), each once."""
        pairs: set[tuple[Hashable, Hashable]] = set()
        for first, dups in self._dups.items():
            pairs.update((first, d) for d in dups)
        for band in self._buckets:
            for members in band.values():
                if len(members) > 1:
                    pairs.update(_bucket_pairs(members, self.max_bucket))
        return pairs


def _bucket_pairs(members: Sequence[Hashable], window: int) -> Iterator[tuple[Hashable, Hashable]]:
    n = len(members)
    for i in range(n - 1):
        a = members[i]
        for j in range(i + 1, min(n, i + 1 + window)):
            yield a, members[j]


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        """The representative of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Merge the sets of ``a`` and ``b``; return the new representative."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def groups(self) -> dict[int, list[int]]:
        """Representative -> members (ascending), for every set."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out
