"""The visible text of a page's body for the metadata rules: one segment per text node.

The rules look in it for the headline, the dates printed near it and byline lines. Walking the text
nodes in Python cost more than all the rest of the metadata stage, so the body's text is read in one
call with a separator between nodes, and the text of script-like elements is blanked out of it.
NUL is the separator: the HTML parser never leaves it in a text node (it drops it or turns it into
U+FFFD). Whitespace inside a segment is normalised when the segment is read (``Segments``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, count, repeat
from operator import contains, not_

from ..textutil import _DROP, normalise_space

SEP = "\x00"
# Text directly inside these elements is never shown as text.
SKIP_TEXT_IN = ("script", "style", "noscript", "template", "svg", "head", "title", "iframe")
MAX_TEXT_CHARS = 400_000    # visible text read for bylines and dates
MAX_SEGMENT_CHARS = 20_000  # of one text node: a byline or date line is never longer
_UNIQUE_CHARS = 300         # a hidden piece this long (code, CSS) does not also appear as visible text
_NEEDLE_CHARS = 64          # of a piece, searched for (the rest is compared where that is found)
_PLACE_CHARS = 5_000        # of an element's text, looked up whole in the page's (text_nodes_before)
_PLACE_LEVELS = 4           # elements, going up from a node, whose text is looked up so
_LOOKUPS = 32               # hidden pieces per page located by counting text nodes (see _short_cuts)

_SKIP = ", ".join(SKIP_TEXT_IN)
# What normalise_space drops (its own table; NUL aside, which is the separator here).
_DROPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_DROP) if c) + "]")
_NON_ALNUM = re.compile(r"[\W_]+")


def key(text: str | None) -> str:
    """A comparison key: case-folded letters and digits only."""
    return _NON_ALNUM.sub("", text.casefold()) if text else ""


class Segments(Sequence[str]):
    """The segments, each whitespace-normalised when first read: most need nothing.

    ``raw`` holds them as read (stripped, NFC, nothing to drop): the same letters and digits,
    the same starts, so ``key`` and the scans of ``BodyText.joined`` need not wait.
    """

    __slots__ = ("raw",)

    def __init__(self, raw: list[str]) -> None:
        self.raw = raw

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.raw)))]
        return self.get(i)

    def get(self, i: int) -> str:
        """Segment ``i``, normalised."""
        text = self.raw[i]
        # Only a character that is not printable (every space but " ") or two spaces need work.
        if not text.isprintable() or "  " in text:
            text = self.raw[i] = normalise_space(text)
        return text

    def text_start(self, most: int, chars: int) -> str:
        """``" ".join(self[:most])`` as far as its first ``chars`` characters (or a little more)."""
        out: list[str] = []
        size = 0
        for i in range(min(most, len(self.raw))):
            out.append(self.get(i))
            size += len(out[-1]) + 1
            if size > chars:
                break
        return " ".join(out)


@dataclass(slots=True)
class BodyText:
    root: object | None    # the node read: <body>, or the document when there is none
    pieces: list[str]      # one per text node under root; '' when blank or not shown
    segments: Segments     # the non-empty pieces, in document order
    joined: str            # SEP + SEP.join(segments.raw) + SEP, for scans at C speed
    source: str = SEP      # SEP + all pieces as read (hidden ones too) + SEP: see text_nodes_before


def read_body_text(tree, hidden: list | None = None) -> BodyText:
    """The shown text nodes of the body, whitespace-normalised, script/style text left out.

    ``hidden``: the body's script-like elements (SKIP_TEXT_IN), when the caller has them already.
    """
    root = tree.body or tree.root
    raw = root.text(separator=SEP, strip=True, skip_empty=True) if root is not None else ""
    if not raw:
        return BodyText(root, [], Segments([]), SEP)
    if hidden is None or tree.body is None:
        hidden = root.css(_SKIP)
    source = SEP + raw + SEP
    text = _blank_hidden(root, source, hidden)
    if len(text) > MAX_SEGMENT_CHARS:
        text = _cap_pieces(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # NUL is a starter: nothing composes across pieces
    pieces = text[1:-1].split(SEP)
    if len(text) > MAX_TEXT_CHARS or _DROPPED.search(text):
        # Characters to drop can empty a piece, and the cap counts normalised text: normalise now.
        _normalise_odd(pieces, text)
        segments = _cap_total(list(filter(None, pieces)))
    else:
        segments = list(filter(None, pieces))  # stripped, nothing to drop: none becomes empty
    return BodyText(root, pieces, Segments(segments), SEP + SEP.join(segments) + SEP, source)


def _normalise_odd(pieces: list[str], text: str) -> None:
    """normalise_space the pieces it would change (see Segments); the others are stripped and NFC."""
    odd = set(compress(count(), map(not_, map(str.isprintable, pieces))))
    if "  " in text:
        odd.update(compress(count(), map(contains, pieces, repeat("  "))))
    for i in odd:
        pieces[i] = normalise_space(pieces[i])


def _cap_pieces(text: str) -> str:
    pieces = text.split(SEP)
    if max(map(len, pieces)) <= MAX_SEGMENT_CHARS:
        return text
    return SEP.join(p[:MAX_SEGMENT_CHARS] for p in pieces)


def _cap_total(segments: list[str]) -> list[str]:
    """The segments up to the one that takes the total past MAX_TEXT_CHARS."""
    for i, total in enumerate(accumulate(map(len, segments))):
        if total > MAX_TEXT_CHARS:
            return segments[: i + 1]
    return segments


# -- leaving out what is not shown ----------------------------------------------------------------------

def _blank_hidden(root, text: str, hidden: list) -> str:
    """``text`` with the pieces that sit directly in script, style and the like made empty.

    The piece count (one per text node) is kept. A long lone text node (code, CSS) is found as a
    whole piece after the previous one. Short ones come after, in the text so reduced: found the
    same way when every occurrence left is a hidden one; otherwise ("Facebook" as an icon's
    <title> and as a link), like the pieces of elements that hold elements too (<noscript>, <svg>),
    located by counting the text nodes before them.
    """
    later: list[tuple[object, str, bool]] = []
    cuts: list[tuple[int, int]] = []  # (the SEP before a piece, the piece's length)
    pos = 0
    for node in hidden:
        own = node.text(deep=False, separator=SEP, strip=True, skip_empty=True)
        if not own:
            continue
        lone = node.first_child.next is None
        if lone and len(own) >= _UNIQUE_CHARS:
            at = _find_piece(text, own, pos)
            if at >= 0:
                cuts.append((at, len(own)))
                pos = at + 1 + len(own)
        else:
            later.append((node, own, lone))
    reduced = _cut(text, cuts)
    return _cut(reduced, _short_cuts(root, reduced, later, text)) if later else reduced


def _short_cuts(root, text: str, later: list[tuple[object, str, bool]], source: str) -> list[tuple[int, int]]:
    """Where the short hidden pieces sit in ``text`` (see _blank_hidden; ``source``: before any cut)."""
    cuts: list[tuple[int, int]] = []
    pos = loose = 0
    offsets: list[int] | None = None
    copies = Counter(own for _, own, lone in later if lone)
    all_hidden: dict[str, bool] = {}  # piece -> each of its occurrences is a hidden copy
    lookups = _LOOKUPS
    for node, own, lone in later:
        if lone:
            at = _find_piece(text, own, pos)
            if at < 0:
                continue
            if own not in all_hidden:
                all_hidden[own] = _occurrences(text, own, 0, copies[own]) == copies[own]
            if all_hidden[own] or lookups <= 0:
                cuts.append((at, len(own)))
                pos = at + 1 + len(own)
                continue
        if lookups <= 0:
            # Past the budget (a hostile page), pieces are taken in order like lone ones.
            for piece in filter(None, own.split(SEP)):
                at = _find_piece(text, piece, loose)
                if at >= 0:
                    cuts.append((at, len(piece)))
                    loose = at + 1 + len(piece)
            continue
        lookups -= 1
        if offsets is None:
            offsets = [0, *accumulate(len(p) + 1 for p in text.split(SEP))]
        for j, piece in enumerate(own.split(SEP)):
            at = _piece_offset(node, j, root, offsets, source) if piece else -1
            if at >= 0 and text.startswith(SEP + piece + SEP, at):
                cuts.append((at, len(piece)))
                if lone:  # the chain of lone text nodes goes on after it
                    pos = at + 1 + len(piece)
    return sorted(set(cuts))


def _find_piece(text: str, piece: str, pos: int) -> int:
    """Where ``piece`` sits as a whole piece from ``pos`` on (the index of its SEP), or -1.

    The search is for its start only: a long needle costs its whole length before a search begins.
    """
    head = SEP + piece[:_NEEDLE_CHARS]
    end = len(piece) + 1
    at = text.find(head, pos)
    while at >= 0 and not (text.startswith(piece, at + 1) and text.startswith(SEP, at + end)):
        at = text.find(head, at + 1)
    return at


def _occurrences(text: str, piece: str, pos: int, most: int) -> int:
    """How many times ``piece`` occurs as a whole piece from ``pos`` on, counted up to ``most + 1``."""
    found = 0
    at = _find_piece(text, piece, pos)
    while at >= 0 and found <= most:
        found += 1
        at = _find_piece(text, piece, at + 1)
    return found


def _cut(text: str, cuts: list[tuple[int, int]]) -> str:
    """``text`` with the pieces at ``cuts`` (in order) made empty."""
    if not cuts:
        return text
    parts: list[str] = []
    pos = 0
    for at, size in cuts:
        parts.append(text[pos:at + 1])
        pos = at + 1 + size
    parts.append(text[pos:])
    return "".join(parts)


def _piece_offset(node, j: int, root, offsets: list[int], source: str) -> int:
    """Where the ``j``-th piece directly inside ``node`` starts in the text (at its SEP), or -1."""
    index = text_nodes_before(node, root, source)
    child = node.first_child
    while child is not None and index is not None:
        if not child.is_text_node:
            text = child.text(separator=SEP, skip_empty=True)
            index += text.count(SEP) + 1 if text else 0
        elif not child.is_empty_text_node:
            if j == 0:
                return offsets[index + 1] - 1 if index + 1 < len(offsets) else -1  # the SEP before it
            j -= 1
            index += 1
        child = child.next
    return -1


def text_nodes_before(node, root, source: str) -> int | None:
    """How many pieces (non-blank text nodes) of ``root`` come before ``node``; None when not under it.

    ``source`` is root's text as read (BodyText.source). Going up from ``node``, the pieces in the
    siblings before each element are counted, until an element near ``node`` has pieces that occur
    just once in ``source``: its place there tells how many come before it. (Higher up, the text
    of an element is most of the page: reading it at every level would cost the page each time.)
    """
    total = 0
    root_id = root.mem_id
    level = 0
    while node is not None:
        if node.mem_id == root_id:
            return total
        if level < _PLACE_LEVELS:
            own = node.text(separator=SEP, strip=True, skip_empty=True)
            if own and len(own) <= _PLACE_CHARS:
                needle = SEP + own + SEP
                at = source.find(needle)
                if at >= 0 and source.find(needle, at + 1) < 0:
                    return total + source.count(SEP, 0, at)
        sibling = node.prev
        while sibling is not None:
            if sibling.is_text_node:
                total += not sibling.is_empty_text_node
            else:
                text = sibling.text(separator=SEP, skip_empty=True)
                total += text.count(SEP) + 1 if text else 0
            sibling = sibling.prev
        node = node.parent
        level += 1
    return None
