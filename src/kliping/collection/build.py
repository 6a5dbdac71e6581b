"""Collection-level views over a store: clusters rebuilt after an ingest, an entity's profile.

Syndication clusters are rebuilt from every stored article (MinHash signatures are cheap: thousands
of documents per second). Story clusters compare title + lead embeddings, which cost far more, so
only articles that share a weighted entity with another article inside the time window are embedded:
an article with no possible partner cannot join a story, and need not be read by the encoder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kliping.article import Article
from kliping.collection.clusters import ClusterResult, Doc, syndication_clusters
from kliping.collection.stories import story_clusters
from kliping.store.base import Cluster, Store

_STORY_LABELS = frozenset({"PERSON", "ORG", "EVENT", "PRODUCT"})


def docs_of(articles: Iterable[Article]) -> list[Doc]:
    """Lightweight documents for clustering (the body is kept: shingles need it)."""
    return [Doc.from_article(a) for a in articles]


def rebuild_clusters(store: Store, *, stories: bool = True, encoder=None) -> dict[str, int]:
    """Recompute the syndication (and story) clusters of the whole store; returns counts per kind."""
    docs = docs_of(store.iter_articles())
    synd = syndication_clusters(docs)
    store.replace_clusters("syndication", [_cluster(c) for c in synd])
    counts = {"syndication": len(synd)}
    if stories:
        candidates = _story_candidates(docs)
        ids = {d.id for d in candidates}
        inside = [c for c in synd if set(c.members) <= ids]
        found = story_clusters(candidates, syndication=inside, encoder=encoder) if len(candidates) > 1 else []
        store.replace_clusters("story", [_cluster(c) for c in found])
        counts["story"] = len(found)
    return counts


def _story_candidates(docs: list[Doc]) -> list[Doc]:
    """Documents sharing a person, organisation, event or product with another document."""
    counts: Counter[str] = Counter()
    for d in docs:
        counts.update({name for name, label in d.entities if label in _STORY_LABELS})
    shared = {name for name, n in counts.items() if n > 1}
    return [d for d in docs if any(name in shared for name, label in d.entities if label in _STORY_LABELS)]


def _cluster(c: ClusterResult) -> Cluster:
    return Cluster(id=c.id, kind=c.kind, original=c.original, members=tuple(c.members))


@dataclass
class EntityProfile:
    """What the collection knows of one name: when it appeared, who quoted it, with whom, where."""

    name: str
    articles: int = 0
    timeline: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM-DD, articles)
    quotes: list[dict] = field(default_factory=list)
    cooccurring: list[tuple[str, int]] = field(default_factory=list)
    outlets: list[tuple[str, int]] = field(default_factory=list)  # outlets that quote the name

    def to_dict(self) -> dict:
        return {"name": self.name, "articles": self.articles, "timeline": self.timeline, "quotes": self.quotes,
                "cooccurring": self.cooccurring, "outlets": self.outlets}


def entity_profile(store: Store, name: str, *, limit: int = 20) -> EntityProfile:
    """Timeline of mentions, the person's quotes, co-occurring entities and the outlets quoting them."""
    key = name.casefold()
    profile = EntityProfile(name=name)
    days: Counter[str] = Counter()
    others: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    for article in store.iter_articles(entity=name):
        names = {(e.canonical or e.text) for e in article.entities}
        match = next((n for n in names if n.casefold() == key), None) or next(
            (e.canonical or e.text for e in article.entities if e.text.casefold() == key), None)
        if match is None:
            continue
        profile.name = match
        profile.articles += 1
        days[(article.published or "")[:10] or "unknown"] += 1
        others.update(n for n in names if n != match)
        for q in article.quotes:
            if q.speaker and q.speaker.casefold() in (key, match.casefold()):
                profile.quotes.append({"article": article.id, "published": article.published,
                                       "outlet": article.outlet.name, "kind": q.kind, "text": q.text,
                                       "via": q.via})
                outlets[article.outlet.name or article.outlet.domain or "?"] += 1
    profile.timeline = sorted(days.items())
    profile.quotes = sorted(profile.quotes, key=lambda q: q["published"] or "", reverse=True)[:limit]
    profile.cooccurring = others.most_common(limit)
    profile.outlets = outlets.most_common(limit)
    return profile


__all__ = ["rebuild_clusters", "entity_profile", "EntityProfile", "docs_of"]
