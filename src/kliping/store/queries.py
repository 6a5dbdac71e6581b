"""The read queries of the SQLite store: filters, ranked search, clusters, entities, counts.

SQL text here is made only of fixed fragments; every value travels as a parameter.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .base import Cluster, ClusterMember, QuerySyntaxError
from .rows import bounds, domain_key, name_key

SCORE_CAP = 5000  # matches scored by bm25 at most per search (see ``ranked``)
# An article mentions an entity when one of its entities has that canonical name or text.
_ENTITY = "a.n IN (SELECT article_n FROM entities WHERE name_key = ? OR text_key = ?)"


def filters(*, since: str | None = None, until: str | None = None, outlet: str | None = None,
            language: str | None = None, entity: str | None = None) -> tuple[str, list[Any]]:
    """A WHERE clause over ``articles a`` for the common filters, and its parameters."""
    where = ["1"]
    params: list[Any] = []
    low, high = bounds(since, until)
    if low is not None:
        where.append("a.published_utc >= ?")
        params.append(low)
    if high is not None:
        where.append("a.published_utc != '' AND a.published_utc < ?")
        params.append(high)
    if outlet:
        where.append("(a.outlet_key = ? OR a.outlet_domain = ?)")
        params += [name_key(outlet), domain_key(outlet)]
    if language:
        where.append("a.language = ?")
        params.append(language.strip().lower())
    if entity:
        where.append(_ENTITY)
        params += [name_key(entity)] * 2
    return " AND ".join(where), params


def ranked(conn: sqlite3.Connection, expression: str, where: str, params: list[Any], limit: int,
           offset: int) -> list[tuple[int, float]]:
    """(row, rank) of the best matches, best first; the records are read afterwards, for these rows only.

    bm25 costs about a microsecond and a half per matching row, so a word found in every article
    would cost 150 ms over 100,000 of them. Only the SCORE_CAP most recently stored matches are
    scored (walking the index backwards by row is cheap): exact whenever fewer rows match.
    """
    limit, offset = max(0, min(int(limit), 1000)), max(0, int(offset))
    if where == "1":
        sql = "SELECT rowid, rank FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        args: list[Any] = [expression, SCORE_CAP]
    else:
        sql = (f"SELECT f.rowid, f.rank FROM article_fts f JOIN articles a ON a.n = f.rowid "
               f"WHERE article_fts MATCH ? AND {where} ORDER BY f.rowid DESC LIMIT ?")
        args = [expression, *params, SCORE_CAP]
    try:
        rows = conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        # Our parser builds only valid expressions; this is a last guard, never a leaked sqlite error.
        raise QuerySyntaxError(f"query could not be run: {exc}") from None
    rows.sort(key=lambda r: (r[1], -r[0]))  # rank: lower is better (FTS5 negates bm25)
    return rows[offset : offset + limit]


def clusters(conn: sqlite3.Connection, *, kind: str | None = None, article: str | None = None) -> list[Cluster]:
    """Clusters of one kind, or those holding one article, or all; ordered by kind then id."""
    if article is not None:
        where, params = ("(c.kind, c.id) IN (SELECT kind, cluster_id FROM cluster_members WHERE article_id = ?)",
                         [article])
    elif kind is not None:
        where, params = "c.kind = ?", [kind]
    else:
        where, params = "1", []
    rows = conn.execute(
        f"SELECT c.kind, c.id, c.original_id, m.article_id FROM clusters c "
        f"LEFT JOIN cluster_members m ON m.kind = c.kind AND m.cluster_id = c.id "
        f"WHERE {where} ORDER BY c.kind, c.id, m.idx", params)
    out: list[Cluster] = []
    current: tuple[str, str] | None = None
    members: list[str] = []
    original: str | None = None
    for kind_, id_, original_, member in rows:
        if (kind_, id_) != current:
            if current is not None:
                out.append(Cluster(id=current[1], kind=current[0], original=original, members=tuple(members)))
            current, members, original = (kind_, id_), [], original_
        if member is not None:
            members.append(member)
    if current is not None:
        out.append(Cluster(id=current[1], kind=current[0], original=original, members=tuple(members)))
    return out


def members(conn: sqlite3.Connection, ids: list[str] | tuple[str, ...] | Any) -> list[ClusterMember]:
    """Display facts (url, outlet, published) of the given article ids, in the order given."""
    ids = list(ids)
    found: dict[str, ClusterMember] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = conn.execute(f"SELECT id, url, outlet_name, published FROM articles WHERE id IN "
                            f"({','.join('?' * len(chunk))})", chunk)
        found.update({r[0]: ClusterMember(id=r[0], url=r[1], outlet=r[2], published=r[3]) for r in rows})
    return [found[i] for i in ids if i in found]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """The counts of ``Store.stats`` (failures are added by the caller)."""
    one = conn.execute
    return {
        "articles": one("SELECT count(*) FROM articles").fetchone()[0],
        "clusters": one("SELECT count(*) FROM clusters").fetchone()[0],
        "clusters_by_kind": dict(one("SELECT kind, count(*) FROM clusters GROUP BY kind ORDER BY kind")),
        "sources": dict(one("SELECT source, count(*) FROM articles GROUP BY source ORDER BY 2 DESC, 1")),
        "outlets": dict(one("SELECT coalesce(outlet_name, outlet_domain, '?'), count(*) FROM articles "
                            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50")),
        "languages": dict(one("SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")),
        "failures_total": one("SELECT count(*) FROM failures").fetchone()[0],
    }


def _limit(limit: int | None) -> int:
    return -1 if limit is None else max(0, int(limit))  # SQLite: LIMIT -1 is no limit


def entity_mentions(conn: sqlite3.Connection, name: str, limit: int | None) -> list[dict[str, Any]]:
    """Articles mentioning ``name`` with its mention count there, newest first."""
    key = name_key(name)
    rows = conn.execute(
        "SELECT a.id, a.url, a.title, a.outlet_name, a.published, sum(e.n_mentions) FROM entities e "
        "JOIN articles a ON a.n = e.article_n WHERE e.name_key = ? OR e.text_key = ? "
        "GROUP BY a.n ORDER BY a.published_utc DESC, a.id LIMIT ?", (key, key, _limit(limit)))
    return [{"id": r[0], "url": r[1], "title": r[2], "outlet": r[3], "published": r[4], "mentions": r[5]}
            for r in rows]


def quotes_by(conn: sqlite3.Connection, name: str, limit: int | None) -> list[dict[str, Any]]:
    """Quotes whose speaker is ``name`` (by name, or by the entity the quote points to), newest first."""
    key = name_key(name)
    rows = conn.execute(
        "SELECT a.id, a.outlet_name, a.published, q.speaker, q.kind, q.cue, q.via, q.text "
        "FROM quotes q JOIN articles a ON a.n = q.article_n "
        "WHERE q.speaker_key = ? OR EXISTS (SELECT 1 FROM entities e WHERE e.article_n = q.article_n "
        "AND e.idx = q.speaker_entity AND (e.name_key = ? OR e.text_key = ?)) "
        "ORDER BY a.published_utc DESC, a.id, q.idx LIMIT ?", (key, key, key, _limit(limit)))
    names = ("id", "outlet", "published", "speaker", "kind", "cue", "via", "text")
    return [dict(zip(names, r, strict=True)) for r in rows]


def cooccurring(conn: sqlite3.Connection, name: str, limit: int) -> list[dict[str, Any]]:
    """Other entities in the articles that mention ``name``, by the number of shared articles."""
    key = name_key(name)
    rows = conn.execute(
        "SELECT min(coalesce(o.canonical, o.text)), min(o.label), count(DISTINCT o.article_n) "
        "FROM entities o WHERE o.article_n IN (SELECT article_n FROM entities WHERE name_key = ? OR text_key = ?) "
        "AND o.name_key != ? AND o.text_key != ? "
        "GROUP BY o.name_key ORDER BY 3 DESC, 1 LIMIT ?", (key, key, key, key, max(0, int(limit))))
    return [{"name": r[0], "label": r[1], "articles": r[2]} for r in rows]


def entity_counts(conn: sqlite3.Connection, since: str | None, until: str | None) -> dict[str, int]:
    """Entity name -> number of articles mentioning it, published in [since, until]."""
    where, params = filters(since=since, until=until)
    rows = conn.execute(
        "SELECT min(coalesce(e.canonical, e.text)), count(DISTINCT e.article_n) FROM entities e "
        f"JOIN articles a ON a.n = e.article_n WHERE {where} GROUP BY e.name_key ORDER BY 2 DESC, 1", params)
    return dict(rows.fetchall())
