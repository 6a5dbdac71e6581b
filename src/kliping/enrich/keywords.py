"""Keywords: topic tags computed from the article itself (many pages print none, as the seed's empty Tags).

The most mentioned entities (by canonical name) first, then the most repeated content phrases —
two-word phrases before single words, function words and reporting verbs left out. No corpus
statistics are needed, so the tags do not depend on what else was read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from kliping.article import Entity

MAX_ENTITIES, MAX_TERMS = 5, 4
# ASCII letters matched on the body itself: lower-casing first can change its length (``İ`` -> ``i̇``)
# and shift every offset past it.
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]{2,30}")
# Indonesian function words, reporting verbs and news filler (lower case).
STOPWORDS = frozenset("""
yang dan di ke dari dengan untuk pada dalam oleh itu ini adalah akan telah sudah juga tidak bukan atau
karena sebagai bahwa agar supaya jika kalau namun tetapi tapi serta maupun hingga sampai saat ketika
setelah sebelum sejak selama antara bagi tentang terhadap seperti secara para sang sebuah seorang suatu
kami kita mereka dia ia beliau saya anda kamu nya pun lah kah tersebut masih lebih sangat paling hanya
bisa dapat harus perlu ingin mau ada tak belum pernah sedang lagi kembali baru lain lainnya semua
setiap banyak beberapa sejumlah kedua pertama satu dua tiga empat lima hari tahun bulan pekan minggu
mengatakan menyatakan menegaskan menjelaskan mengungkapkan menyebutkan menambahkan kata katanya ujar
ujarnya ucap tutur jelas tegas ungkap tambah menurut menurutnya dikutip melalui yakni yaitu misalnya
termasuk demikian begitu kemudian sementara sehingga maka apa siapa mana bagaimana mengapa kenapa
berbagai cara hal pihak bagian rabu kamis jumat sabtu senin selasa baca juga halaman berita
presiden menteri pemimpin ketua kepala gubernur bupati wakil direktur pejabat pemerintah negara
""".split())


def find_keywords(body: str, entities: Sequence[Entity] = ()) -> list[str]:
    """Up to nine tags: top entities, then repeated content phrases not already among them."""
    ranked = sorted(entities, key=lambda e: (-len(e.mentions), e.mentions[0] if e.mentions else (0, 0)))
    tags = [e.canonical or e.text for e in ranked[:MAX_ENTITIES] if len(e.mentions) > 1]
    covered = bytearray(len(body))
    for e in entities:
        for a, b in e.mentions:
            covered[a:b] = b"\x01" * (b - a)
    taken = {w for t in tags for w in t.lower().split()}
    for term in _terms(body, covered):
        if len(tags) >= MAX_ENTITIES + MAX_TERMS:
            break
        if not set(term.split()) & taken:
            tags.append(term)
            taken.update(term.split())
    return tags


def _terms(body: str, covered: bytearray) -> list[str]:
    words = [(m.group().lower(), m.start()) for m in _WORD.finditer(body) if not covered[m.start()]]
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for i, (word, at) in enumerate(words):
        if word in STOPWORDS:
            continue
        unigrams[word] += 1
        if i + 1 < len(words):
            nxt, nat = words[i + 1]
            if nxt not in STOPWORDS and nat - at <= len(word) + 2:
                bigrams[f"{word} {nxt}"] += 1
    phrases = [p for p, n in bigrams.most_common(20) if n > 1]
    singles = [w for w, n in unigrams.most_common(20) if n > 2 and len(w) > 4]
    return phrases + singles
