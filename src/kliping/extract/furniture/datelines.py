"""Datelines: the place and outlet that open an Indonesian news story (``JAKARTA, KOMPAS.com -``)."""

from __future__ import annotations

import re

from ..textutil import repair_punctuation
from .phrases import DOMAIN

_DASH = re.compile(r"\s+[-–—]{1,2}\s*|[-–—]{1,2}\s+|[–—]|--")
_AGENCY_PAREN = re.compile(r"\s*\(([A-Za-z][^()]{1,40})\)$")
_WORD_CAPS = re.compile(r"^[A-Z][A-Z0-9&'’./-]*$")
_WORD_TITLE = re.compile(r"^[A-Z][a-z'’-]+$")
_WORD_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+$")   # "KompasOtomotif", "JawaPos"
_PART_DATE = re.compile(r"^\d{1,2}\s[A-Z][a-z]+\s\d{4}$")


def split_dateline(text: str) -> tuple[str | None, str]:
    """``JAKARTA, KOMPAS.com - Teks`` -> (``JAKARTA, KOMPAS.com``, ``Teks``); (None, text) when absent."""
    m = _DASH.search(text[:90])
    if not m or m.start() == 0:
        return None, text
    prefix, rest = text[: m.start()].strip(), text[m.end():]
    strength = _dateline_strength(prefix)
    if strength == 0 or (rest and not (rest[0].isalnum() or rest[0] in "\"“'‘(")):
        return None, text
    if not rest and strength < 2:
        return None, text  # a dateline alone in its block must be unmistakable
    if strength == 1:
        # Weak (Title Case only, "Jakarta -"): needs a spaced dash and no second dash pairing with it.
        sentence = rest[:200].split(". ", 1)[0]
        if not m.group().startswith(" ") or _DASH.search(sentence):
            return None, text
    return repair_punctuation(prefix), rest


def _dateline_strength(prefix: str) -> int:
    """2: surely a dateline; 1: maybe (place name only); 0: not a dateline."""
    if not prefix or len(prefix) > 70:
        return 0
    agency = _AGENCY_PAREN.search(prefix)
    core = prefix[: agency.start()] if agency else prefix
    strong = agency is not None
    words = 0
    for part in core.split(","):
        part = part.strip()
        if _PART_DATE.match(part):
            continue
        tokens = part.split()
        if not 1 <= len(tokens) <= 4:
            return 0
        for tok in tokens:
            if DOMAIN.match(tok) or _WORD_CAMEL.match(tok):
                strong = True
            elif _WORD_CAPS.match(tok):
                strong = strong or sum(ch.isalpha() for ch in tok) >= 3
            elif not _WORD_TITLE.match(tok):
                return 0
            words += 1
    if not words and not agency:
        return 0
    return 2 if strong else (1 if words <= 2 else 0)

