"""A small tokenizer for Indonesian news text: word and punctuation spans, as the NER model expects.

The training corpora split punctuation off words but keep hyphenated words (``warga-warga``),
decimals (``1,5``, ``Rp1.000.000``) and dotted names (``kompas.com``) whole; so does this.
Every pattern is linear: each alternative is a run of one character class, joined by a single
separator that the run cannot contain, so there is exactly one way to match.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)+"  # 1.000.000, 1,5, 17.30
    r"|[^\W_]+(?:['’\-.][^\W_]+)*"  # words, warga-warga, Ma'ruf, kompas.com
    r"|[^\w\s]"  # any other visible mark, one at a time
    r"|_"
)
# One sentence of news is a few hundred characters; the cap keeps a pathological 3 MB "word" cheap.
MAX_TEXT = 2_000_000


def tokenize(text: str) -> list[Span]:
    """Return ``(start, end)`` spans of the words and punctuation marks in ``text``."""
    if not text:
        return []
    return [m.span() for m in _TOKEN.finditer(text, 0, min(len(text), MAX_TEXT))]


def words(text: str) -> list[str]:
    """Return the token strings of ``text`` (``tokenize`` spans, sliced)."""
    return [text[a:b] for a, b in tokenize(text)]
