"""Small text repairs shared by the extractors: whitespace, stray punctuation spacing.

Every function here is linear in its input: patterns that start at a space are anchored behind a
non-space (``(?<=\\S)``), so a long run of spaces is tried once, not once per space.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin

# Zero-width and invisible format characters that scraped text carries between words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"), None)
# Control characters other than whitespace (NUL, ESC, DEL...): never text.
_CONTROLS = {c: None for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"}
_CONTROLS[0x7F] = None
_DROP = {**_INVISIBLE, **_CONTROLS}
# The same characters as one class: a C-speed scan says whether the (slower) translate is needed at all.
_DROP_ANY = re.compile("[" + "".join(f"\\u{c:04x}" for c in sorted(_DROP)) + "]")

# "Daring ,Pemimpin": a space before a comma, semicolon or closing bracket is always wrong.
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\S)[ \t\u00a0]+(?=[,;)\]])")
# "kata dia ." / "Editor : X": a space before a full stop, colon, ! or ? that ends a word (not ".com").
_SPACE_BEFORE_STOP = re.compile(r"(?<=\S)[ \t\u00a0]+(?=[.:!?](?:[\s\"'”’)\]]|$))")
# "Daring,Pemimpin": a comma glued to the next word (digits excluded: "1,5" is a decimal).
# The comma comes first and the letter before it is a lookbehind: the regex engine then jumps from
# comma to comma instead of trying a lookbehind at every character.
_COMMA_GLUED = re.compile(r",(?<=[^\W\d_],)(?=[^\W\d_])")
# "( Foto )": a space after an opening bracket.
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[])[ \t\u00a0]+")
# What the three space rules above need at the least (a space beside the mark): most text has none.
# Two patterns, not one alternation, each opening with a character class the engine can scan for;
# the marks are rarer than spaces, so the first looks for a mark and then back at the space.
_SPACE_THEN_MARK = re.compile(r"[,;)\].:!?](?<=[ \t\u00a0].)")
_OPEN_THEN_SPACE = re.compile(r"[(\[][ \t\u00a0]")


def strip_invisible(s: str) -> str:
    """Remove zero-width characters and non-whitespace control characters."""
    return s.translate(_DROP) if _DROP_ANY.search(s) else s


def normalise_space(s: str) -> str:
    """Collapse all whitespace to single spaces, strip the ends, remove zero-width characters."""
    if not s:
        return ""
    if s.isprintable() and "  " not in s and s[0] != " " and s[-1] != " ":
        # Already one line with single spaces (every character to drop, and every space but " ", is
        # unprintable): only NFC may be missing, and ASCII is always NFC.
        if s.isascii() or unicodedata.is_normalized("NFC", s):
            return s
    s = strip_invisible(s)
    # NFC only where it changes something: ASCII is always NFC, and the check is much cheaper.
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


def repair_punctuation(s: str) -> str:
    """Fix spacing around punctuation: ``'Daring ,Pemimpin'`` -> ``'Daring, Pemimpin'``."""
    if not s:
        return ""
    # The space rules only delete spaces and the comma rule only adds one after a comma: no rule
    # puts a space beside a mark, so one look at the input says whether the space rules can match.
    spaced = _SPACE_THEN_MARK.search(s) is not None or _OPEN_THEN_SPACE.search(s) is not None
    if spaced:
        s = _SPACE_BEFORE_COMMA.sub("", s)
        s = _SPACE_BEFORE_STOP.sub("", s)
    s = _COMMA_GLUED.sub(", ", s)
    return _SPACE_AFTER_OPEN.sub("", s) if spaced else s



# -- scripts ------------------------------------------------------------------------------------

# Sentence-final marks of other scripts: ideographic and fullwidth stops (Chinese, Japanese), the
# danda (Devanagari), the Urdu full stop and Arabic question mark, Ethiopic, Myanmar and Khmer stops,
# and the corner brackets that close quoted speech in Japanese (「……。」), as ” does in Latin text.
SENTENCE_END_OTHER = ("。", "．", "｡", "！", "？", "।", "॥", "۔", "؟", "።", "။", "។", "」", "』")
# Full stops only (no ! ?): what a headline, which may ask a question, does not end with.
FULL_STOP_OTHER = ("。", "．", "｡", "।", "۔", "።", "။", "។")
# Letters of scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, Han.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff"
                       "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UNSPACED_CHARS_PER_WORD = 2  # a Chinese or Japanese word is about two characters long
WORDS_SCAN = 2000  # ``word_count`` reads the first this many characters


def unspaced_letters(s: str) -> int:
    """Letters of scripts written without spaces in the first ``WORDS_SCAN`` characters (0 for Latin text)."""
    if s.isascii():
        return 0
    return len(_UNSPACED.findall(s, 0, WORDS_SCAN))


def word_count(s: str) -> int:
    """About how many words the first ``WORDS_SCAN`` characters of ``s`` hold, in any script.

    ``split()`` sees a whole Japanese sentence as one word: in a text mostly written without spaces,
    two such letters make about a word (and a menu's items, split by spaces, a word each). A Latin
    text with a name in Han letters is counted as ``split()`` counts it.
    """
    head = s[:WORDS_SCAN]
    spaced, unspaced = len(head.split()), unspaced_letters(head)
    return spaced if unspaced <= spaced else max(spaced, unspaced // _UNSPACED_CHARS_PER_WORD)


def short(s: str, limit: int = 80) -> str:
    """A one-line excerpt of ``s`` for warnings."""
    s = normalise_space(s[: limit * 4])
    return s if len(s) <= limit else s[: limit - 1] + "…"


def join_url(base: str | None, href: str) -> str:
    """``href`` resolved against ``base``; as written when either is not a URL the parser accepts.

    ``urljoin`` raises on hostile values (``http://[::1``, an invalid IPv6 host): a link is page data,
    and a malformed one must not cost the page.
    """
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return href
