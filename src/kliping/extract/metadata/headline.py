"""Where the headline sits in the body's text (``bodytext``), how heading-like each place is, and
the text around it; also the segments that start with given words (bylines)."""

from __future__ import annotations

import re
import unicodedata
from itertools import compress, count

from .bodytext import SEP, BodyText, Segments, key, text_nodes_before

MAX_HITS = 8                # headline occurrences weighed
MAX_HEADING_CHARS = 2_000   # of a heading's text, when looking for the headline in it
MAX_HEADINGS = 200          # headings looked at for the hits

_STARTS: dict[str, re.Pattern] = {}
_NOT_ALNUM = r"(?:[^\w\x00]|_)*+"  # within a segment: possessive, so linear


def _starts_with(prefix: str) -> re.Pattern:
    """Segment starts whose letters and digits begin with ``prefix`` (patterns kept: prefixes recur)."""
    pattern = _STARTS.get(prefix)
    if pattern is None:
        if len(_STARTS) >= 2048:
            _STARTS.clear()
        pattern = re.compile(SEP + _NOT_ALNUM + _NOT_ALNUM.join(map(re.escape, prefix)), re.IGNORECASE)
        _STARTS[prefix] = pattern
    return pattern


def headline_hits(body: BodyText, title_key: str) -> list[tuple[int, int]]:
    """Segments that hold the headline, in document order: same key, or a cut-off start of it.

    Each as (segment index, where its SEP sits in ``body.joined``).
    """
    if len(title_key) < 8:
        return []
    joined, raw = body.joined, body.segments.raw
    shortest = min(len(title_key), 15)  # a key is never longer than its text
    hits: list[tuple[int, int]] = []
    index = last = 0
    # Only segments whose first two letters or digits match are keyed.
    for m in _starts_with(title_key[:2]).finditer(joined):
        index += joined.count(SEP, last, m.start())
        last = m.start()
        if len(raw[index]) < shortest:
            continue
        k = key(raw[index])
        if len(k) >= 8 and (k == title_key or (len(k) >= 15 and title_key.startswith(k))):
            hits.append((index, last))
            if len(hits) >= MAX_HITS:
                break
    return hits


def hit_ranks(body: BodyText, hits: list[tuple[int, int]], headings: list, title_key: str) -> list[int]:
    """Per hit: 1 inside an <h1> or itemprop=headline, 2 inside an <h2>/<h3>, 3 elsewhere.

    A hit's text node is found by counting text nodes: in the headings that hold a hit's text,
    from the number of text nodes before each, in document order until past the last hit.
    """
    ranks = [3] * len(hits)
    if len(hits) < 2 or body.root is None:
        return ranks  # one occurrence needs no ranking
    raw_index = list(compress(count(), body.pieces))
    wanted = {raw_index[i]: n for n, (i, _) in enumerate(hits)}
    last = max(wanted)
    hit_keys = {key(body.segments.raw[i]) for i, _ in hits}
    for heading in headings[:MAX_HEADINGS]:
        heading_key = key(unicodedata.normalize("NFC", (heading.text(deep=True) or "")[:MAX_HEADING_CHARS]))
        if not any(k in heading_key for k in hit_keys):
            continue
        index = text_nodes_before(heading, body.root, body.source)
        if index is None:
            continue
        if index > last:
            break  # headings come in document order: the rest are past every hit
        for node in heading.traverse(include_text=True):
            if node.is_text_node and not node.is_empty_text_node:
                if index in wanted:
                    ranks[wanted[index]] = heading_rank(node.parent)
                index += 1
    return ranks


def heading_rank(node) -> int:
    """1 when ``node`` sits in an <h1> or itemprop=headline, 2 in an <h2>/<h3>, else 3."""
    for _ in range(4):  # the headline text sits at most a few inline elements below its heading
        if node is None:
            break
        if node.tag == "h1" or node.attributes.get("itemprop") == "headline":
            return 1
        if node.tag in ("h2", "h3"):
            return 2
        node = node.parent
    return 3


def window(body: BodyText, i: int, at: int, before: int, after: int) -> tuple[str, int, int]:
    """The text around segment ``i`` (SEP at ``at`` in ``body.joined``): whole segments, as many as
    reach ``before`` chars before it and ``after`` after it; and where ``i`` sits in that text.
    """
    joined = body.joined
    start = at + 1
    end = joined.find(SEP, start)
    # Read off the joined text: the segments before reach `before` from the last one to start by
    # start - before; those after reach `after` with the one that holds end + after.
    first = joined.rfind(SEP, 0, start - before) + 1 if start - before > 0 else 1
    last = joined.find(SEP, end + after)
    text = joined[first:last if last >= 0 else len(joined) - 1].replace(SEP, " ")
    if text.isprintable() and "  " not in text:  # the segments are as normalised already
        return text, start - first, end - first
    return _window(body.segments, i, before, after)


def _window(segments: Segments, i: int, before: int, after: int) -> tuple[str, int, int]:
    get = segments.get
    left: list[str] = []  # nearest first; each segment is read once (reading normalises it)
    lo, size = i, 0
    while lo > 0 and size < before:
        lo -= 1
        left.append(get(lo))
        size += len(left[-1]) + 1
    right: list[str] = []
    hi, size = i + 1, 0
    while hi < len(segments) and size < after:
        right.append(get(hi))
        size += len(right[-1]) + 1
        hi += 1
    left.reverse()
    head = " ".join(left)
    start = len(head) + (1 if head else 0)
    middle = get(i)
    return " ".join([*left, middle, *right]), start, start + len(middle)


def starting_with(body: BodyText, pattern: re.Pattern, start: int) -> list[int]:
    """Indexes from ``start`` on of the segments that ``pattern`` (which begins with SEP) finds at their start."""
    joined = body.joined
    out: list[int] = []
    index = last = 0
    for m in pattern.finditer(joined):
        index += joined.count(SEP, last, m.start())
        last = m.start()
        if index >= start:
            out.append(index)
    return out
