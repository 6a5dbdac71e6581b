"""The language of a whole article, among the languages Indonesian news is written in.

One decision per document, never per paragraph (so Indonesian does not flip to Malay halfway):
- lingua (``lingua-language-detector``) chooses among Indonesian, Malay and English on a sample of the
  text; when it leans Malay but Indonesian is close behind, Indonesian wins — the two share most of
  their vocabulary and this is a tool for Indonesian media, so that is the costlier mistake to make;
- lingua has no Javanese or Sundanese model: a small hand-written layer counts their function words
  (``ingkang``, ``punika`` / ``teu``, ``jeung``) against Indonesian ones and takes over when they
  clearly dominate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SAMPLE_CHARS = 2_000  # lingua's accuracy saturates long before this; the cost grows with it
_ISO = {Language.INDONESIAN: "id", Language.MALAY: "ms", Language.ENGLISH: "en"}
_MALAY_MARGIN = 0.25  # Malay must beat Indonesian by this much confidence to be chosen
# Function words frequent in one language and rare in the others (lower case, whole words).
_FUNCTION_WORDS = {
    "id": frozenset("yang dan di dengan untuk tidak akan dari pada ini itu adalah juga telah karena".split()),
    "jv": frozenset("ingkang punika menika kaliyan saking wonten sampun dipun boten ora karo iki kuwi "
                    "sing marang kanggo uga lan wis arep"
                    .split()),
    "su": frozenset("jeung teu henteu anu nu kana dina ieu éta geus keur pikeun sareng urang abdi "
                    "ku mah téh oge".split()),
}
_WORD = re.compile(r"[a-zéè]+")
_MIN_WORDS = 3


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_ISO).with_preloaded_language_models().build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language (``id``, ``ms``, ``en``, ``jv``, ``su``), or None if unsure."""
    # Lone surrogates (from a decoder's surrogateescape) cannot cross into lingua's Rust side.
    sample = text[:SAMPLE_CHARS].encode("utf-8", "replace").decode("utf-8")
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    regional = _regional(words)
    if regional:
        return regional
    values = {_ISO[c.language]: c.value for c in _detector().compute_language_confidence_values(sample)}
    best = max(values, key=values.__getitem__)
    if best == "ms" and values["ms"] - values.get("id", 0.0) < _MALAY_MARGIN:
        return "id"
    return best


def _regional(words: list[str]) -> str | None:
    counts = {lang: sum(1 for w in words if w in table) for lang, table in _FUNCTION_WORDS.items()}
    lang = max(("jv", "su"), key=counts.__getitem__)
    # Javanese and Sundanese news still borrows Indonesian words: theirs must clearly dominate.
    if counts[lang] >= 3 and counts[lang] > 1.5 * counts["id"] and counts[lang] >= 0.05 * len(words):
        return lang
    return None
