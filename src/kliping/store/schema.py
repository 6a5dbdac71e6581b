"""The SQLite schema as an ordered list of migrations; each runs in one transaction.

Never edit a migration that has shipped: append a new one. ``schema_version`` holds one row per
applied migration, so a store knows how far it has come and refuses one from a newer Kliping.
"""

from __future__ import annotations

SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
)

# 1: the articles, their history, the rows derived from each record (for queries), clusters, failures.
_V1 = (
    # `n` is the row key: an INTEGER PRIMARY KEY survives VACUUM (an implicit rowid may not), and the
    # full-text index refers to it. `id` is the public identifier, `key` the identity at ingest.
    """CREATE TABLE articles (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL UNIQUE,
        url TEXT,
        canonical_url TEXT,
        outlet_name TEXT,
        outlet_key TEXT,            -- outlet_name case-folded, for the outlet filter
        outlet_domain TEXT,         -- lower case, without www.
        title TEXT,
        published TEXT,             -- as the record gives it (ISO 8601 with the page's offset)
        published_utc TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DDTHH:MM:SSZ; '' when unknown (sorts first)
        language TEXT,
        raw_hash TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        source TEXT NOT NULL,
        fetched_at TEXT,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    # The record lives in its own table so that `articles` rows stay narrow: a search joins
    # thousands of index hits to their filter columns, and a row holding a 5 kB record costs a
    # page read per hit (measured 2.6 us against well under 1 us).
    """CREATE TABLE records (
        n INTEGER PRIMARY KEY REFERENCES articles(n) ON DELETE CASCADE,
        record TEXT NOT NULL        -- Article.to_dict() as JSON: the source of truth
    )""",
    "CREATE INDEX articles_published ON articles(published_utc, id)",
    "CREATE INDEX articles_outlet_key ON articles(outlet_key)",
    "CREATE INDEX articles_outlet_domain ON articles(outlet_domain)",
    "CREATE INDEX articles_language ON articles(language)",
    "CREATE INDEX articles_source ON articles(source)",
    """CREATE TABLE versions (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,   -- the replaced version's hash
        seen_at TEXT NOT NULL,        -- when that version was stored
        replaced_at TEXT NOT NULL
    )""",
    "CREATE INDEX versions_article ON versions(article_n)",
    # Mentions stay as spans inside the record JSON; the row keeps their count.
    """CREATE TABLE entities (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT,
        canonical TEXT,
        country TEXT,
        n_mentions INTEGER NOT NULL,
        name_key TEXT NOT NULL,       -- case-folded canonical, else text
        text_key TEXT NOT NULL,       -- case-folded text
        PRIMARY KEY (article_n, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX entities_name ON entities(name_key)",
    "CREATE INDEX entities_text ON entities(text_key)",
    """CREATE TABLE quotes (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        speaker TEXT,
        speaker_key TEXT,
        speaker_entity INTEGER,
        kind TEXT,
        cue TEXT,
        via TEXT,
        text TEXT NOT NULL,
        PRIMARY KEY (article_n, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX quotes_speaker ON quotes(speaker_key)",
    """CREATE TABLE amounts (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL,
        unit TEXT,
        object TEXT,
        PRIMARY KEY (article_n, idx)
    ) WITHOUT ROWID""",
    """CREATE TABLE dates (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        granularity TEXT,
        relative INTEGER NOT NULL,
        PRIMARY KEY (article_n, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX dates_value ON dates(value)",
    """CREATE TABLE events (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        actors TEXT NOT NULL,         -- JSON list of canonical names
        targets TEXT NOT NULL,        -- JSON list
        date TEXT,
        mode TEXT,
        PRIMARY KEY (article_n, idx)
    ) WITHOUT ROWID""",
    "CREATE INDEX events_type ON events(type)",
    """CREATE TABLE cited_sources (
        article_n INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        PRIMARY KEY (article_n, idx)
    ) WITHOUT ROWID""",
    # Clusters are derived data, recomputed whole per kind: members name article ids without a
    # foreign key, so a recomputation never fails on an article stored meanwhile.
    """CREATE TABLE clusters (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        original_id TEXT,
        PRIMARY KEY (kind, id)
    ) WITHOUT ROWID""",
    """CREATE TABLE cluster_members (
        kind TEXT NOT NULL,
        cluster_id TEXT NOT NULL,
        idx INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (kind, cluster_id, idx),
        FOREIGN KEY (kind, cluster_id) REFERENCES clusters(kind, id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    "CREATE INDEX cluster_members_article ON cluster_members(article_id)",
    """CREATE TABLE failures (
        n INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        key TEXT,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
)

# 2: full-text search. Contentless: the index keeps no copy of the stemmed text (the record is the
# truth; a copy measured 3.4 times the index itself); an update deletes the old entry by
# re-stemming the old record, which is safe because the store rebuilds the whole index whenever the
# stemmer's version (kept in `meta`) changes. Prefix indexes for 2, 3 and 4 letters: without them
# `pe*` merges thousands of terms (155 ms over 20,000 articles; 6 ms with them, for twice the size).
_V2 = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, body, content='', prefix='2 3 4', tokenize='unicode61 remove_diacritics 2'
    )""",
    # bm25 weights, set once: the title counts five times the body.
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)')",
)

# 3: a failure is recorded once per (source, key, reason): re-running an ingest refreshes its time
# instead of piling up copies.
_V3 = (
    "DELETE FROM failures WHERE n NOT IN (SELECT max(n) FROM failures GROUP BY source, coalesce(key, ''), reason)",
    "CREATE UNIQUE INDEX failures_once ON failures(source, coalesce(key, ''), reason)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
