"""Scraped plain text: a page's visible text, furniture still in it, read as title, date and blocks.

The layout this expects is what copy-paste and text scrapers produce: the headline on the first
line, the publication date on a short line under it, then paragraphs separated by blank lines (or
one per line). Hard-wrapped text (lines broken mid-sentence) is joined back into paragraphs.
The blocks then go through ``furniture.clean`` like blocks from HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import furniture
from .blocks import Block
from .dates import find_datetimes
from .textutil import (
    FULL_STOP_OTHER,
    SENTENCE_END_OTHER,
    normalise_space,
    repair_punctuation,
    strip_invisible,
    unspaced_letters,
    word_count,
)

TITLE_MAX = 250        # a headline is a short line
TITLE_MIN_WORDS = 3    # "Kompas.com", "Nasional", "TOP NEWS |" are not headlines
DATE_LINE_MAX = 100    # the date line under it, too
DATE_LOOKAHEAD = 3     # the date is among the first few lines after the title
WIB = "+07:00"

# Common Indonesian function words: text with many of them gets WIB for bare clock times.
_ID_WORDS = frozenset("yang dan di dengan untuk dari ini itu dalam tidak akan pada juga tersebut kata".split())
_TERMINAL = (*'.!?:"”’)', *SENTENCE_END_OTHER)  # a line ending so ends a sentence ("。" too)
_SEPARATORS = tuple("|·•»«›/-–—")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(slots=True)
class ScrapedPage:
    title: str | None = None
    published: str | None = None      # ISO 8601 (``ParsedDate.iso()``)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_text(text: str) -> ScrapedPage:
    """Read scraped text: first short line = title, a date line under it = published, rest = blocks."""
    page = ScrapedPage()
    lines = _lines(text or "")
    pos = _find_title(page, lines)
    offset = WIB if is_indonesian(text or "") else None
    _find_date(page, lines, pos, offset)
    page.blocks = [Block(t, tag="p") for t in _paragraphs(lines[pos:])]
    if page.title is None:
        page.warnings.append("text: no title line found")
    if page.published is None:
        page.warnings.append("text: no publication date found under the title")
    return page


def is_indonesian(text: str) -> bool:
    """Whether a text reads as Indonesian (enough common function words in its first 5,000 chars)."""
    words = re.findall(r"[a-z]{2,9}", text[:5000].lower())
    hits = sum(w in _ID_WORDS for w in words)
    return hits >= 5 and hits >= len(words) * 0.05


def _lines(text: str) -> list[str]:
    text = strip_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
    return [normalise_space(line) for line in text.split("\n")]


def _find_title(page: ScrapedPage, lines: list[str]) -> int:
    """The first short line of three words or more without a final full stop that is not furniture.

    Shorter lines before it (a site name, a section, a menu) stay in the text: ``clean`` trims them.
    """
    for i, line in enumerate(lines[:50]):
        if not line or _title_words(line[:TITLE_MAX]) < TITLE_MIN_WORDS or line.endswith(_SEPARATORS):
            continue
        if furniture.looks_like_furniture(line):
            continue
        if len(line) > TITLE_MAX or line.endswith((".", *FULL_STOP_OTHER)):
            return 0  # prose before any headline: the text has no title line
        if find_datetimes(line) and len(line) < 60:
            continue  # a date line above the headline
        page.title = repair_punctuation(line)
        return i + 1
    return 0


def _title_words(line: str) -> int:
    """Words of two letters or more; in Chinese or Japanese, about one per two letters."""
    if unspaced_letters(line) > len(line.split()):
        return word_count(line)
    return len(_WORD.findall(line))


def _find_date(page: ScrapedPage, lines: list[str], pos: int, offset: str | None) -> None:
    """A short line under the title that is (mostly) a date: ``16 Desember 2021, 15:48 WIB``."""
    seen = 0
    for i in range(pos, min(len(lines), pos + 20)):
        line = lines[i]
        if not line:
            continue
        seen += 1
        if seen > DATE_LOOKAHEAD or len(line) > DATE_LINE_MAX:
            break
        found = find_datetimes(line, default_offset=offset)
        if not found:
            continue
        start, end, parsed = found[0]
        page.published = parsed.iso()
        # Keep what else the line says ("Penulis: X | 16 Desember 2021") as a block of its own.
        lines[i] = normalise_space(line[:start] + " " + line[end:]).strip(" |,-–—•·")
        return


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated chunks; inside a chunk, one paragraph per line unless hard-wrapped."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line:
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    wrapped = _hard_wrapped(chunks)
    out: list[str] = []
    for chunk in chunks:
        if not chunk:
            continue
        if not wrapped:
            out.extend(chunk)
            continue
        parts = [chunk[0]]   # a list, not repeated "a + b": linear on a 100,000-line chunk
        for line in chunk[1:]:
            if furniture.looks_like_furniture(line) or (len(parts) == 1 and furniture.looks_like_furniture(parts[0])):
                out.append(" ".join(parts))
                parts = [line]
            else:
                parts.append(line)
        out.append(" ".join(parts))
    return out


def _hard_wrapped(chunks: list[list[str]]) -> bool:
    """Most line breaks inside chunks fall mid-sentence: the text was wrapped at a fixed width."""
    breaks = mid = 0
    for chunk in chunks:
        for line in chunk[:-1]:
            breaks += 1
            mid += len(line) >= 30 and not line.endswith(_TERMINAL)
    return breaks >= 3 and mid >= breaks * 0.5
