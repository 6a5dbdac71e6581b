"""Syndication clusters: copies of one text across outlets, and which member is the original.

Two kinds of edges join documents (union-find over them gives the clusters):

- text: MinHash LSH candidates verified by exact Jaccard of the 5-word shingle sets >= ``threshold``
  (0.5), or >= 0.35 when 70% of the shorter text's shingles lie inside the longer one. For two documents of the *same outlet*, shingles that recur in >= 3 of that outlet's
  documents (a shared boilerplate paragraph) are left out of the comparison unless that leaves
  both with under a quarter of their shingles — so two different stories with the same footer stay
  apart, while the same story published three times by one outlet still links.
- declared: a copy whose ``syndication`` names a source (URL, outlet, title) links to the document
  it names: same normalised URL; or same outlet (loosely: ``Pikiran-Rakyat.com`` ~ ``Pikiran Rakyat``)
  and a matching title or Jaccard >= ``declared_threshold`` (0.2); or equal title and that Jaccard.

The ``original`` of a cluster is the member the others declare as their source; else the earliest
``published``; ties go to a member without a syndication notice, then to the smallest id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

from kliping.article import Article, Syndication, normalise_url
from kliping.collection.minhash import (
    NUM_PERM,
    LSHIndex,
    UnionFind,
    shingles,
    signature_of_shingles,
)

THRESHOLD = 0.5  # text edges: exact shingle Jaccard
DECLARED_THRESHOLD = 0.2  # declared edges: the copy's text may differ more
TITLE_MATCH = 0.6  # word-set Jaccard of two titles that counts as "the same title"
# A copy that dropped a paragraph, or whose original carries a footer the copy lacks, loses Jaccard
# but stays mostly inside the other text: measured 0.47 Jaccard / 0.72 containment on such a copy.
CONTAINMENT = 0.7
CONTAINMENT_FLOOR = 0.35
MIN_SHINGLES = 16  # about 20 words: shorter bodies ("Foto: dok.") get no text edges
BOILER_MIN_DOCS = 3  # a shingle in this many documents of one outlet is that outlet's boilerplate
BOILER_KEEP = 0.25  # ...left out unless both documents would keep less than this share of their shingles
SCREEN_MARGIN = 0.15  # signature-estimate screen below a Jaccard bar before the exact check
# Outlet names and domains compare without these endings: `Pikiran-Rakyat.com` ~ `Pikiran Rakyat`.
DOMAIN_SUFFIXES = (
    ".co.id",
    ".or.id",
    ".go.id",
    ".web.id",
    ".my.id",
    ".com",
    ".id",
    ".net",
    ".org",
    ".tv",
    ".news",
)
LOOSE_PREFIX_MIN = 5  # `antara` ~ `antaranews`: a prefix this long counts as the same outlet
WIB = timezone(timedelta(hours=7))  # a time without offset on an Indonesian page is most likely WIB

_NON_ALNUM = re.compile(r"[\W_]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,20}://")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Doc:
    """What clustering needs of an article (the lead builds these from stored Articles)."""

    id: str
    url: str | None = None
    outlet: str | None = None  # name or domain
    title: str | None = None
    body: str = ""
    published: str | None = None  # ISO 8601
    syndication: Syndication | None = None
    entities: tuple[tuple[str, str], ...] = ()  # (canonical, label), for story clusters

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        """The clustering view of an Article."""
        outlet = article.outlet.domain or article.outlet.name
        entities = tuple((e.canonical or e.text, e.label) for e in article.entities)
        return cls(
            id=article.id,
            url=article.canonical_url or article.url,
            outlet=outlet,
            title=article.title,
            body=article.body,
            published=article.published,
            syndication=article.syndication,
            entities=entities,
        )


@dataclass(frozen=True, slots=True)
class ClusterResult:
    """One cluster, with the field names of the store's ``Cluster``."""

    id: str
    kind: str  # "syndication" | "story"
    original: str | None
    members: tuple[str, ...]  # original first, then by publication time and id


# -- normalisation -----------------------------------------------------------------------------
def outlet_key(name: str | None) -> str:
    """A loose outlet key: `https://www.Pikiran-Rakyat.com/x`, `Pikiran Rakyat` -> `pikiranrakyat`."""
    if not name:
        return ""
    s = _SCHEME.sub("", name.strip().lower()[:200])
    s = s.split("/", 1)[0] if "." in s.split("/", 1)[0] else s
    s = s.removeprefix("www.")
    for _ in range(2):  # `.co.id` after `.id`-less forms; two rounds cover `x.com.id`-style names
        for suffix in DOMAIN_SUFFIXES:
            if s.endswith(suffix) and len(s) > len(suffix):
                s = s[: -len(suffix)]
                break
    return _NON_ALNUM.sub("", s)


def outlets_match(a: str, b: str) -> bool:
    """Two outlet keys name the same outlet: equal, or one a long enough prefix of the other."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short == long_ or (len(short) >= LOOSE_PREFIX_MIN and long_.startswith(short))


def url_key(url: str | None) -> str:
    """A URL for comparison: normalised, without scheme and `www.`."""
    if not url:
        return ""
    u = _SCHEME.sub("", normalise_url(url[:2000]))
    return u.removeprefix("www.")


def title_words(title: str | None) -> frozenset[str]:
    """The lower-case word set of a title."""
    return frozenset(_WORD.findall((title or "")[:1000].lower()))


def title_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Word-set Jaccard of two titles (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def timestamp(iso: str | None) -> float | None:
    """POSIX seconds of an ISO 8601 time (no offset -> WIB; a bare date -> its midnight), or None."""
    if not iso:
        return None
    try:
        dt = datetime.fromisoformat(iso.strip()[:40])
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=WIB)
    return dt.timestamp()


def cluster_id(kind: str, original: str) -> str:
    """Stable cluster id: a hash of the kind and the original's id."""
    return kind[:3] + "-" + hashlib.sha256(f"{kind}:{original}".encode()).hexdigest()[:16]


def unique_docs(docs: Iterable[Doc]) -> list[Doc]:
    """The documents with duplicate ids dropped (the first one wins)."""
    seen: set[str] = set()
    out: list[Doc] = []
    for d in docs:
        if d.id not in seen:
            seen.add(d.id)
            out.append(d)
    return out


# -- the work ----------------------------------------------------------------------------------
class _Corpus:
    """Per-document shingles, signatures and outlet keys, plus the lazily built boilerplate sets."""

    def __init__(self, docs: Sequence[Doc], num_perm: int) -> None:
        self.docs = docs
        memo: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # identical bodies are hashed once
        self.sets: list[np.ndarray] = []
        sigs: list[np.ndarray] = []
        for d in docs:
            body = d.body or ""
            if body not in memo:
                sh = shingles(body)
                memo[body] = (sh, signature_of_shingles(sh, num_perm))
            sh, sig = memo[body]
            self.sets.append(sh)
            sigs.append(sig)
        self.sigs = np.vstack(sigs) if sigs else np.empty((0, num_perm), dtype=np.uint32)
        self.outlet = [outlet_key(d.outlet) or outlet_key(d.url) for d in docs]
        self.keys = [{k for k in (outlet_key(d.outlet), outlet_key(d.url)) if k} for d in docs]
        self._boiler: dict[str, np.ndarray] = {}

    def boilerplate(self, outlet: str) -> np.ndarray:
        """Shingles found in >= BOILER_MIN_DOCS documents of ``outlet``."""
        if outlet not in self._boiler:
            members = [self.sets[i] for i, o in enumerate(self.outlet) if o == outlet]
            common = np.empty(0, dtype=np.uint32)
            if len(members) >= BOILER_MIN_DOCS:
                values, counts = np.unique(np.concatenate(members), return_counts=True)
                common = values[counts >= BOILER_MIN_DOCS]
            self._boiler[outlet] = common
        return self._boiler[outlet]

    def overlap(self, i: int, j: int) -> tuple[float, float]:
        """(Jaccard, containment of the smaller set) of two documents' shingles.

        Same-outlet boilerplate is left out unless it is nearly all of both texts.
        """
        a, b = self.sets[i], self.sets[j]
        if a is b:  # the same body (memoised): identical texts
            return (1.0, 1.0) if a.size else (0.0, 0.0)
        outlet = self.outlet[i]
        if outlet and outlet == self.outlet[j]:
            common = self.boilerplate(outlet)
            if common.size:
                a2 = np.setdiff1d(a, common, assume_unique=True)
                b2 = np.setdiff1d(b, common, assume_unique=True)
                # both texts (almost) all boilerplate: the same templated text posted again -> compare whole
                if a2.size >= BOILER_KEEP * a.size or b2.size >= BOILER_KEEP * b.size:
                    a, b = a2, b2
        if a.size == 0 or b.size == 0:
            return 0.0, 0.0
        inter = np.intersect1d(a, b, assume_unique=True).size
        return inter / (a.size + b.size - inter), inter / min(a.size, b.size)

    def similarity(self, i: int, j: int) -> float:
        """Shingle Jaccard of two documents (see ``overlap``)."""
        return self.overlap(i, j)[0]

    def near_duplicates(self, i: int, j: int, threshold: float) -> bool:
        """Jaccard >= ``threshold``, or most of the shorter text inside the longer one."""
        jac, contained = self.overlap(i, j)
        return jac >= threshold or (contained >= CONTAINMENT and jac >= CONTAINMENT_FLOOR)


def _text_edges(corpus: _Corpus, threshold: float, num_perm: int) -> list[tuple[int, int]]:
    index = LSHIndex(num_perm=num_perm, threshold=threshold)
    for i, sh in enumerate(corpus.sets):
        if sh.size >= MIN_SHINGLES:
            index.add(i, corpus.sigs[i])
    return [(i, j) for i, j in index.candidates() if corpus.near_duplicates(i, j, threshold)]


class _Declared:
    """Indexes for resolving syndication notices: by URL, by outlet key, by title."""

    def __init__(self, corpus: _Corpus) -> None:
        self.corpus = corpus
        self.titles = [title_words(d.title) for d in corpus.docs]
        self.by_url: dict[str, list[int]] = {}
        self.by_outlet: dict[str, list[int]] = {}
        self.by_title: dict[frozenset[str], list[int]] = {}
        for j, d in enumerate(corpus.docs):
            if d.url:
                self.by_url.setdefault(url_key(d.url), []).append(j)
            for k in corpus.keys[j]:
                self.by_outlet.setdefault(k, []).append(j)
            if self.titles[j]:
                self.by_title.setdefault(self.titles[j], []).append(j)
        self._outlet_pool: dict[str, list[int]] = {}

    def outlet_pool(self, src: str) -> list[int]:
        """Documents of the outlets that loosely match ``src`` (cached per key)."""
        if src not in self._outlet_pool:
            pool = {j for k, js in self.by_outlet.items() if outlets_match(src, k) for j in js}
            self._outlet_pool[src] = sorted(pool)
        return self._outlet_pool[src]

    def close_texts(self, i: int, pool: list[int], threshold: float) -> set[int]:
        """Members of ``pool`` whose text Jaccard with ``i`` reaches ``threshold``."""
        corpus = self.corpus
        if not pool or corpus.sets[i].size == 0:
            return set()
        # screen with the signature estimate (vectorised), confirm with the exact Jaccard;
        # the margin is > 4 standard deviations of the 128-permutation estimate
        est = (corpus.sigs[pool] == corpus.sigs[i]).mean(axis=1)
        near = [pool[k] for k in np.flatnonzero(est >= threshold - SCREEN_MARGIN)]
        return {j for j in near if j != i and corpus.similarity(i, j) >= threshold}

    def targets(self, i: int, threshold: float) -> set[int]:
        """Documents that document ``i``'s syndication notice names as its source."""
        syn = self.corpus.docs[i].syndication
        if syn is None:
            return set()
        found = set(self.by_url.get(url_key(syn.source_url), ())) if syn.source_url else set()
        want = title_words(syn.source_title)
        src = outlet_key(syn.source_outlet) or outlet_key(syn.source_url)
        if src:
            pool = self.outlet_pool(src)
            found.update(j for j in pool if title_similarity(want, self.titles[j]) >= TITLE_MATCH)
        else:  # no outlet named: only an equal title can point at the source
            pool = self.by_title.get(want, []) if want else []
        found |= self.close_texts(i, pool, threshold)
        found.discard(i)
        return found


def _declared_edges(corpus: _Corpus, declared_threshold: float) -> dict[int, set[int]]:
    resolver = _Declared(corpus)
    return {
        i: targets
        for i in range(len(corpus.docs))
        if corpus.docs[i].syndication is not None and (targets := resolver.targets(i, declared_threshold))
    }


def chronological_key(doc: Doc) -> tuple:
    """Sort key: earliest publication first (undated last), then no syndication notice, then id."""
    t = timestamp(doc.published)
    return (t is None, t or 0.0, doc.syndication is not None, doc.id)


def _original(docs: Sequence[Doc], members: list[int], declared: dict[int, set[int]]) -> int:
    """The declared source inside the cluster (the most declared-to root), else the earliest."""
    inside = set(members)
    votes: dict[int, int] = {}
    for i in members:
        for j in declared.get(i, ()):
            if j in inside:
                votes[j] = votes.get(j, 0) + 1
    # a declared source that itself declares a source inside the cluster is a copy of a copy
    roots = [j for j in votes if not (declared.get(j, set()) & inside)] or list(votes)
    pool = roots or members
    return min(pool, key=lambda j: (-votes.get(j, 0), chronological_key(docs[j])))


def syndication_clusters(
    docs: Iterable[Doc],
    *,
    threshold: float = THRESHOLD,
    declared_threshold: float = DECLARED_THRESHOLD,
    num_perm: int = NUM_PERM,
) -> list[ClusterResult]:
    """Clusters (of two or more) of copies of one text, each naming its original; sorted by id."""
    items = unique_docs(docs)
    corpus = _Corpus(items, num_perm)
    uf = UnionFind(len(items))
    for i, j in _text_edges(corpus, threshold, num_perm):
        uf.union(i, j)
    declared = _declared_edges(corpus, declared_threshold)
    for i, targets in declared.items():
        for j in targets:
            uf.union(i, j)
    out: list[ClusterResult] = []
    for members in uf.groups().values():
        if len(members) < 2:
            continue
        orig = _original(items, members, declared)
        rest = sorted((m for m in members if m != orig), key=lambda m: chronological_key(items[m]))
        ids = (items[orig].id, *(items[m].id for m in rest))
        out.append(
            ClusterResult(cluster_id("syndication", items[orig].id), "syndication", items[orig].id, ids)
        )
    return sorted(out, key=lambda c: c.id)


def cluster_pairs(clusters: Iterable[ClusterResult]) -> set[frozenset[str]]:
    """Every pair of ids that share a cluster (quadratic in cluster size)."""
    pairs: set[frozenset[str]] = set()
    for c in clusters:
        m = c.members
        pairs.update(frozenset((m[a], m[b])) for a in range(len(m)) for b in range(a + 1, len(m)))
    return pairs


def syndication_pairs(docs: Iterable[Doc], **options: float) -> set[frozenset[str]]:
    """All pairs of ids in one syndication cluster (for pairs precision/recall checks)."""
    return cluster_pairs(syndication_clusters(docs, **options))  # type: ignore[arg-type]
