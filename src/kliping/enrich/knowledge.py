"""What Kliping knows about names before it reads a page: canonical names, countries, roles.

Two sources: ``places.json.gz`` (built by ``scripts/build_places.py`` from CLDR country names in
Indonesian and English, pycountry and GeoNames cities) and ``entities.toml`` (written by hand:
what those lack — ``AS``, ``Tiongkok``, ``Gedung Putih``, news agencies, outlets, peoples — and the
word lists around names). ``Knowledge.find`` spots the curated names and country names in text;
``Knowledge.lookup`` normalises a name the model found.
"""

from __future__ import annotations

import gzip
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kliping.enrich.tokens import words as token_words

HERE = Path(__file__).resolve().parent
PLACES_FILE, TABLE_FILE, PLACES_FORMAT = HERE / "places.json.gz", HERE / "entities.toml", "kliping.places/1"
_CONTEXT_REACH = 300  # characters either side in which a name's context word must appear


@dataclass(frozen=True, slots=True)
class Known:
    """A name's meaning: canonical name, record label, country, and whether it is a citable source."""

    canonical: str
    label: str
    country: str | None = None
    source: str | None = None  # agency | outlet
    kind: str | None = None  # country | city (gazetteer entries)


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]  # as written in the table
    known: Known
    context: tuple[str, ...] = ()


class Knowledge:
    """The name tables, indexed for lookup (lower-cased name) and for scanning tokens."""

    def __init__(self, table: dict, places: dict[str, list]) -> None:
        self._lookup: dict[str, Known] = {}
        self._phrases: dict[str, list[_Phrase]] = {}
        for name, (canonical, label, country, kind) in places.items():
            known = Known(canonical, label, country, None, kind)
            self._lookup[name] = known
            if kind == "country":
                self._add_phrase(_capitalise(name), known, ())
        countries = {k.canonical for k in self._lookup.values() if k.kind == "country"}
        for entry in table.get("entity", ()):
            kind = "country" if entry["label"] == "GPE" and entry["canonical"] in countries else None
            known = Known(entry["canonical"], entry["label"], entry.get("country"), entry.get("source"), kind)
            for alias in entry["aliases"]:
                self._lookup[alias.lower()] = known
                if entry.get("match", True):
                    self._add_phrase(alias, known, tuple(w.lower() for w in entry.get("context", ())))
        for phrases in self._phrases.values():
            phrases.sort(key=lambda p: -len(p.words))
        words = table.get("words", {})
        self.roles = frozenset(words.get("roles", "").split())
        self.name_titles = frozenset(words.get("name_titles", "").split())
        self.honorifics = frozenset(words.get("honorifics", "").split())
        self.title_words = self.roles | self.honorifics  # what comes off the front of a person's name
        self.product_cues = frozenset(words.get("product_cues", "").split())
        self.place_heads = frozenset(words.get("place_heads", "").split())
        self.not_place_after = frozenset(words.get("not_place_after", "").split())

    def _add_phrase(self, alias: str, known: Known, context: tuple[str, ...]) -> None:
        parts = tuple(token_words(alias))
        if parts:
            self._phrases.setdefault(parts[0].lower(), []).append(_Phrase(parts, known, context))

    @classmethod
    def load(cls, table_file: Path = TABLE_FILE, places_file: Path = PLACES_FILE) -> Knowledge:
        """Read the two files (the shipped ones by default)."""
        table = tomllib.loads(table_file.read_text(encoding="utf-8"))
        places = json.loads(gzip.decompress(places_file.read_bytes()))
        if places.get("format") != PLACES_FORMAT:
            raise ValueError(f"{places_file.name}: format {places.get('format')!r}, expected {PLACES_FORMAT!r}")
        return cls(table, places["places"])

    def lookup(self, name: str) -> Known | None:
        """The meaning of ``name`` (any case), also past an administrative head (``Kota Bandung``)."""
        key = " ".join(name.split()).lower()
        known = self._lookup.get(key)
        if known is None:
            head, _, rest = key.partition(" ")
            if rest and head in self.place_heads:
                known = self._lookup.get(rest)
        return known

    def find(self, text: str, tokens: Sequence[tuple[int, int]]) -> list[tuple[int, int, Known]]:
        """Curated names and country names in ``text`` (token spans given): ``(start, end, known)``."""
        out: list[tuple[int, int, Known]] = []
        i, n = 0, len(tokens)
        while i < n:
            a, b = tokens[i]
            first = text[a:b]
            phrases = self._phrases.get(first.lower())
            match = self._match(text, tokens, i, phrases) if phrases else None
            if match is None:
                i += 1
                continue
            phrase, end = match
            out.append((a, tokens[end - 1][1], phrase.known))
            i = end
        return out

    def _match(self, text: str, tokens, i: int, phrases: list[_Phrase]) -> tuple[_Phrase, int] | None:
        for phrase in phrases:
            end = i + len(phrase.words)
            if end > len(tokens):
                continue
            if not all(_same(text[slice(*tokens[i + k])], w) for k, w in enumerate(phrase.words)):
                continue
            if phrase.known.label in ("GPE", "LOC") and i and text[slice(*tokens[i - 1])].lower() in self.not_place_after:
                continue
            if phrase.context and not self._in_context(text, tokens[i][0], phrase.context):
                continue
            return phrase, end
        return None

    @staticmethod
    def _in_context(text: str, at: int, context: tuple[str, ...]) -> bool:
        window = text[max(0, at - _CONTEXT_REACH): at + _CONTEXT_REACH].lower()
        return any(word in window for word in context)


_LOWER_WORDS = frozenset({"dan", "and", "of", "the", "de", "da", "du", "la", "van", "von", "bin", "al"})


def _capitalise(name: str) -> str:
    """``amerika serikat`` -> ``Amerika Serikat``; ``bosnia dan herzegovina`` keeps its ``dan``."""
    return " ".join(w if w in _LOWER_WORDS else w[:1].upper() + w[1:] for w in name.split(" "))


def _same(token: str, word: str) -> bool:
    """A text token matches a table word: exactly, or capitalised the same way (``RUSIA`` = ``Rusia``);
    an acronym (``AS``, ``PBB``) only exactly, so the conjunction ``as`` or ``As`` never matches."""
    if token == word:
        return True
    if len(word) > 1 and word.isupper():
        return False
    return token[:1].isupper() and token.lower() == word.lower()


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The shipped tables, loaded on first use."""
    return Knowledge.load()
