"""Sentence spans in Indonesian news text, for the enrichment stages.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes and brackets after it) followed by
white space and a capital, a digit or an opening quote — unless the word before the stop is a known
abbreviation (``Dr.``, ``H.``, ``No.``) or a single capital letter (an initial). A paragraph break
(a blank line) always ends a sentence. One pass over the text, no backtracking.
"""

from __future__ import annotations

import re
from functools import lru_cache

Span = tuple[int, int]

# Abbreviations that end with a full stop without ending the sentence (lower-cased, no stop).
ABBREVIATIONS = frozenset("""
    dr drs dra ir prof h hj kh st sh se mm msi mh mba mpd spd skm no nomor jl jln kec kab kel
    rp tn ny nn sdr sdri bpk bp yth dll dsb dst dkk tsb pt cv tbk mr mrs ms jr sr vs etc inc ltd co corp
    ust kol brigjen mayjen letjen jend kapt kompol akbp aiptu bripka irjen komjen laksda marsda
    a b c d e f g i j k l m n o p q r s t u v w x y z
""".split())
# A stop, its closing marks, the white space after it; group "next" is what starts the next sentence.
# The look-behind makes a run of stops start only at its first stop: without it a long run of "."
# not followed by a capital is rescanned from every position (quadratic; found by the fuzzer).
_BREAK = re.compile(r"(?<![.!?…])[.!?…]+[\"”’')\]]*(?P<space>[ \t\u00a0]+|\n)(?P<next>[\"“‘'(\[]?[A-Z0-9À-ÖØ-Þ])")
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z]{1,8})$")
MAX_SENTENCE = 4_000  # a longer run (a hostile "sentence") is cut so later stages stay bounded


def sentences(text: str) -> list[Span]:
    """``(start, end)`` spans of the sentences of ``text``, trimmed of surrounding white space."""
    return list(_cached(text))


@lru_cache(maxsize=8)
def _cached(text: str) -> tuple[Span, ...]:
    # Several stages ask for the same body's sentences; the small cache keeps that one pass.
    out: list[Span] = []
    start = 0
    for block in [*_PARAGRAPH.finditer(text), None]:
        end = block.start() if block else len(text)
        _split(text, start, end, out)
        start = block.end() if block else end
    return tuple(out)


def _split(text: str, start: int, end: int, out: list[Span]) -> None:
    begin = start
    for m in _BREAK.finditer(text, start, end):
        stop = m.start()
        word = _WORD_BEFORE.search(text, max(begin, stop - 8), stop)
        if text[stop] == "." and word and word.group(1).lower() in ABBREVIATIONS:
            continue
        _add(text, begin, m.start("space"), out)
        begin = m.start("next")
    _add(text, begin, end, out)


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        out.append((start, start + MAX_SENTENCE))
        start += MAX_SENTENCE
    if end > start:
        out.append((start, end))


def sentence_at(spans: list[Span], offset: int) -> int:
    """Index of the sentence in ``spans`` (sorted) that contains ``offset``, else the one before it."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(lo - 1, 0)
