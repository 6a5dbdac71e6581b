"""Small text repairs shared by the extractors: whitespace, stray punctuation spacing.

Every function here is linear in its input: patterns that start at a space are anchored behind a
non-space (``(?<=\\S)``), so a long run of spaces is tried once, not once per space.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and invisible format characters that scraped text carries between words.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"), None)
# Control characters other than whitespace (NUL, ESC, DEL...): never text.
_CONTROLS = {c: None for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"}
_CONTROLS[0x7F] = None
_DROP = {**_INVISIBLE, **_CONTROLS}

# "Daring ,Pemimpin": a space before a comma, semicolon or closing bracket is always wrong.
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\S)[ \t\u00a0]+(?=[,;)\]])")
# "kata dia ." / "Editor : X": a space before a full stop, colon, ! or ? that ends a word (not ".com").
_SPACE_BEFORE_STOP = re.compile(r"(?<=\S)[ \t\u00a0]+(?=[.:!?](?:[\s\"'”’)\]]|$))")
# "Daring,Pemimpin": a comma glued to the next word (digits excluded: "1,5" is a decimal).
_COMMA_GLUED = re.compile(r"(?<=[^\W\d_]),(?=[^\W\d_])")
# "( Foto )": a space after an opening bracket.
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[])[ \t\u00a0]+")


def strip_invisible(s: str) -> str:
    """Remove zero-width characters and non-whitespace control characters."""
    return s.translate(_DROP)


def normalise_space(s: str) -> str:
    """Collapse all whitespace to single spaces, strip the ends, remove zero-width characters."""
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFC", strip_invisible(s)).split())


def repair_punctuation(s: str) -> str:
    """Fix spacing around punctuation: ``'Daring ,Pemimpin'`` -> ``'Daring, Pemimpin'``."""
    if not s:
        return ""
    s = _SPACE_BEFORE_COMMA.sub("", s)
    s = _SPACE_BEFORE_STOP.sub("", s)
    s = _COMMA_GLUED.sub(", ", s)
    return _SPACE_AFTER_OPEN.sub("", s)


def short(s: str, limit: int = 80) -> str:
    """A one-line excerpt of ``s`` for warnings."""
    s = normalise_space(s[: limit * 4])
    return s if len(s) <= limit else s[: limit - 1] + "…"
