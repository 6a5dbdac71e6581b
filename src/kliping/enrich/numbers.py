"""Indonesian numbers: numerals as the press prints them (``1.234,5``, ``1,5``) and number words.

Shared by the amount and date layers. ``parse_numeral`` reads digits with Indonesian separators
(full stop for thousands, comma for decimals; a lone ``2.5`` is read as a decimal, since thousands
come in groups of three); ``parse_words`` reads ``dua belas``, ``dua puluh lima``, ``tiga ratus ribu``,
``setengah``, ``satu setengah`` from a list of lower-case words; ``NUMBER_WORD`` is a regex
alternative that matches one such phrase (bounded: at most eight words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Number = int | float

UNITS: dict[str, int] = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9,
}
TEENS: dict[str, int] = {"sepuluh": 10, "sebelas": 11}
TENS: dict[str, int] = {"puluh": 10, "belas": 10}  # "dua belas" = 2 + 10, "dua puluh" = 2 * 10
HUNDREDS: dict[str, int] = {"seratus": 100, "ratus": 100}
# Large scales; "seribu" is one thousand. Abbreviations as the press prints them after digits.
SCALES: dict[str, int] = {
    "ribu": 1_000, "seribu": 1_000, "rb": 1_000, "juta": 1_000_000, "sejuta": 1_000_000, "jt": 1_000_000,
    "miliar": 1_000_000_000, "milyar": 1_000_000_000, "m": 1_000_000_000,
    "triliun": 1_000_000_000_000, "trilyun": 1_000_000_000_000, "t": 1_000_000_000_000,
    "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}
FRACTIONS: dict[str, float] = {"setengah": 0.5, "seperempat": 0.25, "sepertiga": 1 / 3, "separuh": 0.5}

_WORDS = sorted({*UNITS, *TEENS, *TENS, *HUNDREDS, *FRACTIONS, "ribu", "seribu", "juta", "sejuta", "miliar",
                 "milyar", "triliun"} - {"se"}, key=len, reverse=True)
NUMBER_WORDS: tuple[str, ...] = tuple(_WORDS)  # the words NUMBER_WORD matches, longest first
# Scale words that may follow a number word ("tiga juta"; "setengah juta"); not the abbreviations.
_WORD_SCALES = frozenset(w for w in SCALES if len(w) > 2) - {"thousand", "million", "billion", "trillion"}
# One number-word phrase: up to eight words from the table, separated by single spaces. \b on both
# sides keeps "empat" out of "Tempat" and "lima" out of "Halimah".
NUMBER_WORD = rf"\b(?:{'|'.join(_WORDS)})(?:\s(?:{'|'.join(_WORDS)})){{0,7}}\b"
_NUMERAL = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d{1,2}")
MAX_DIGITS = 30  # past this a "number" is noise (or an attack): not parsed


def parse_numeral(text: str) -> Number | None:
    """``1.234,5`` -> 1234.5, ``1,5`` -> 1.5, ``1.000.000`` -> 1000000, ``2.5`` -> 2.5; else None."""
    text = text.strip()
    if not text or len(text) > MAX_DIGITS or not _NUMERAL.fullmatch(text):
        return None
    if "," in text:
        whole, _, frac = text.partition(",")
        return float(whole.replace(".", "") + "." + frac)
    if "." in text:
        head, _, tail = text.rpartition(".")
        if len(tail) == 3:
            return int(text.replace(".", ""))
        return float(text)
    return int(text)


def parse_words(words: Sequence[str]) -> tuple[Number, int] | None:
    """Read the longest number-word phrase at the start of ``words``: ``(value, words used)``."""
    total: Number = 0   # finished part above the current scale group
    group: Number = 0   # the part below a thousand being built
    unit: Number | None = None
    scale = 1           # the last scale word read, for "dua juta setengah" (2.5 million)
    used = 0
    for i, word in enumerate(words[:8]):
        w = word.lower()
        if w in UNITS and w != "se":
            if unit is not None:
                break
            unit = UNITS[w]
        elif w in TEENS:
            if unit is not None:
                break
            group += TEENS[w]
        elif w == "belas" and unit is not None:
            group += unit + 10
            unit = None
        elif w == "puluh" and unit is not None:
            group += unit * 10
            unit = None
        elif w in HUNDREDS:
            if w == "ratus":
                if unit is None:
                    break
                group += unit * 100
            else:
                group += 100
            unit = None
        elif w in _WORD_SCALES:
            value = group + (unit or 0)
            if w in ("seribu", "sejuta"):
                value = 1
            elif value == 0:
                break
            total += value * SCALES[w]
            group, unit, scale = 0, None, SCALES[w]
        elif w in FRACTIONS:
            # "setengah" alone is 0.5; after a number ("satu setengah") it adds a half; a scale
            # word after it multiplies the whole ("setengah juta", "satu setengah juta").
            value = group + (unit or 0) + FRACTIONS[w]
            if group == 0 and unit is None and scale > 1:
                value = FRACTIONS[w] * scale
            used = i + 1
            nxt = words[i + 1].lower() if i + 1 < len(words) else ""
            if nxt in _WORD_SCALES and nxt not in ("seribu", "sejuta"):
                value *= SCALES[nxt]
                used += 1
            total += value
            group, unit = 0, None
            break
        else:
            break
        used = i + 1
    if used == 0:
        return None
    value = total + group + (unit or 0)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value, used
