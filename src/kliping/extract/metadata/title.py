"""The headline (site-name suffixes cut, the page's own heading preferred) and the page's language."""

from __future__ import annotations

import os
import re
from collections import Counter

from ..textutil import normalise_space, repair_punctuation
from .bodytext import key
from .page import Page, ld_text

# Trailing title pieces that are never part of a headline.
TITLE_SUFFIX_WORDS = re.compile(
    r"^(?:halaman\s+(?:all|\d{1,3})|page\s+\d{1,3}|all\s+pages?|indonesian news portal|berita terkini"
    r"|berita terbaru|berita hari ini|portal berita[\w ]{0,30}|news portal)$",
    re.IGNORECASE,
)
# Old and spelled-out language values pages declare ("In-Id", "Indonesian").
LANGUAGE_NAMES = {"in": "id", "ind": "id", "indonesia": "id", "indonesian": "id", "bahasa": "id", "eng": "en",
                  "english": "en"}
LANGUAGE_KEYS = ("content-language", "language", "dc.language", "inlanguage", "og:locale")
ID_STOPWORDS = frozenset({"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "dalam",
                          "tidak", "akan", "pada", "juga", "karena", "adalah", "tersebut", "sudah", "oleh",
                          "kata", "bisa", "ada", "saat", "para", "atau", "telah"})
EN_STOPWORDS = frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "with", "was", "on", "are",
                          "as", "by", "this", "from", "be", "has", "have", "it", "at", "an", "will", "said",
                          "about", "we", "our", "they", "he", "she", "his", "her", "its", "not", "but"})
LANGUAGE_SAMPLE_CHARS = 5_000  # of the text the vote reads
MAX_HEADINGS = (("h1", 10), ("headline", 5), ("h2", 30))  # headings read, per kind, in this order

# " - ", " | ", " :: ", " : ", " » " between the headline and the site name (spaces required on both
# sides, so "Rp1-2" or "10:00" never split). Bounded, so linear.
_TITLE_SEP = re.compile(r" (?:[-|–—•·»]|::?) ")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")
_DOMAIN_LIKE = re.compile(r"\w\.(?:com|co|id|net|org)\b", re.IGNORECASE)
_LOWER_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else c + 32 if 65 <= c <= 90 else 32 for c in range(256))
_ID_WORDS = frozenset(w.encode() for w in ID_STOPWORDS)
_EN_WORDS = frozenset(w.encode() for w in EN_STOPWORDS)
_LANG_CODE = re.compile(r"[a-z]{2}")


def _is_site_piece(piece: str, tokens: set[str]) -> bool:
    if TITLE_SUFFIX_WORDS.match(piece.strip()):
        return True
    k = key(piece)
    if not k:
        return True
    if _DOMAIN_LIKE.search(piece):
        return True
    if any(t in k or (len(k) >= 5 and k in t and 2 * len(k) >= len(t)) for t in tokens):
        return True
    # A sister brand of the network: "Tribun Jogja" on tribunnews.com, "Kompas TV" on kompas.com.
    return len(piece.split()) <= 3 and any(len(os.path.commonprefix([k, t])) >= 5 for t in tokens)


def clean_title(raw: str | None, tokens: set[str]) -> str | None:
    """The headline without the site-name suffix (``… - Kompas.com``, ``… | Tempo.co``, ``… : Okezone``)."""
    title = normalise_space((raw or "")[:1000])
    if not title:
        return None
    pieces = _TITLE_SEP.split(title)
    seps = _TITLE_SEP.findall(title)
    # Strip from the right while the last piece names the site; a leading "Kompas.com - X" too.
    stripped = 0
    while len(pieces) > 1 and _is_site_piece(pieces[-1], tokens):
        pieces.pop()
        seps.pop()
        stripped += 1
    # "Judul | National | Tempo.co": a one- or two-word section between the headline and the site.
    if stripped and len(pieces) > 1 and seps[-1].strip() == "|" and len(pieces[-1].split()) <= 2:
        pieces.pop()
        seps.pop()
    if len(pieces) > 1 and (key(pieces[0]) in tokens or _DOMAIN_LIKE.search(pieces[0])):
        pieces.pop(0)
        seps.pop(0)
    out = pieces[0] + "".join(s + p for s, p in zip(seps, pieces[1:], strict=True))
    return repair_punctuation(out).strip() or None


def title(page: Page, ld: dict) -> str | None:
    """The headline: the first usable title source, in the page heading's wording when they agree."""
    tokens = page.tokens
    candidates = [n.text(deep=True) for n in page.profile_nodes("title")[:1]]
    candidates += page.meta("og:title")[:1] + [ld_text(ld.get("headline")) or ld_text(ld.get("name")) or ""]
    candidates += page.meta("twitter:title", "title")[:2]
    node = page.nodes.title
    candidates.append(node.text(deep=True) if node else "")
    # A candidate that is only the site's name ("Kabarlima") is a home-page leftover, not a headline.
    chosen = next((t for t in (clean_title(c, tokens) for c in candidates) if t and key(t) not in tokens), None)
    if chosen is None:
        return first_heading(page)
    chosen_key = key(chosen)
    for text in _heading_texts(page):
        if _agrees(text, chosen, chosen_key):
            return repair_punctuation(text)  # what the page prints over the headline, when the same
    return chosen


def first_heading(page: Page) -> str | None:
    """The text of the page's first heading (<h1>, itemprop=headline, <h2>)."""
    text = next(_heading_texts(page), None)
    return repair_punctuation(text) if text else None


def _heading_texts(page: Page):
    """Heading texts, whitespace-normalised (punctuation repair is left to the one that is used)."""
    nodes = page.nodes
    for kind, limit in MAX_HEADINGS:
        found = nodes.prop("headline") if kind == "headline" else nodes.h1 if kind == "h1" else nodes.h2
        for node in found[:limit]:
            if node.tag == "meta":
                continue
            text = normalise_space((node.text(deep=True) or "")[:1000])
            if text:
                yield text


def _agrees(heading: str, title: str, title_key: str) -> bool:
    h = key(heading)  # punctuation repair only moves spaces and commas: the key is the same
    if not h or not title_key:
        return False
    if heading.isupper() and not title.isupper():
        return False  # a shouted heading: keep the title's own casing
    if h == title_key:
        return True
    # A truncated og:title ("Judul panjang ...") agrees with the complete heading.
    return bool(_ELLIPSIS.search(title)) and h.startswith(title_key) and len(title_key) >= 20


# -- language -------------------------------------------------------------------------------------------

def _normalise_lang(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0].split(",")[0].strip()
    code = LANGUAGE_NAMES.get(code, code)
    return code if _LANG_CODE.fullmatch(code) else None


def _vote_language(text: str) -> str | None:
    # The words are the runs of a-z after lower-casing. In UTF-8 every other character is bytes
    # outside A-Z and a-z, which become spaces as A-Z become a-z, so a bytes split finds them at C
    # speed. Two non-ASCII letters lower-case to ASCII ones: the str method handles those.
    text = text[:LANGUAGE_SAMPLE_CHARS]
    if "\u0130" in text or "\u212a" in text:
        text = text.lower()
    counts = Counter(text.encode("utf-8", "surrogatepass").translate(_LOWER_LETTERS_ONLY).split())
    ids = sum(counts[w] for w in _ID_WORDS if w in counts)
    ens = sum(counts[w] for w in _EN_WORDS if w in counts)
    if ids >= 8 and ids > 3 * ens:
        return "id"
    if ens >= 8 and ens > 3 * ids:
        return "en"
    return None


def language(page: Page, ld: dict, sample: str) -> str | None:
    """ISO 639-1 code: the declared language, unless the text clearly reads as another."""
    declared = None
    for value in page.meta(*LANGUAGE_KEYS) + [ld_text(ld.get("inLanguage")) or ""]:
        declared = _normalise_lang(value)
        if declared:
            break
    if not declared:
        root = page.tree.root
        if root is not None and root.tag == "html":
            attrs = root.attributes
            declared = _normalise_lang(attrs.get("lang") or attrs.get("xml:lang"))
    voted = _vote_language(sample)
    if voted and declared and voted != declared:
        # Templates often keep a default lang="en" on Indonesian pages; the text decides.
        page.warnings.append(f"language: page declares {declared!r}, its text reads {voted!r}")
        return voted
    return declared or voted
