"""The furniture phrase tables (``furniture.toml``), compiled once, and the small shapes the rules share.

Next to each big phrase regex ``rules()`` keeps what ``shortcuts`` needs to skip it on plain prose:
the needles a match cannot do without, or the words its phrases open with.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..textutil import FULL_STOP_OTHER, normalise_space
from .shortcuts import Needles, first_letter_opens, heads, needles

SHORT = 300      # longer blocks are prose unless a strong prefix says otherwise
HEADLINE = 200   # a teaser headline is at most this long
TAIL = 3000      # notices and credits are looked for in the last TAIL characters of a block
TAG_MAX = 60     # a tag is a short phrase
NOTICE_MAX = 800 # a syndication notice (with its URL and credits) closes a block: longer tails are prose
LABEL_MAX = 120  # a label (a menu item, "Baca Juga:") is a short line

LABEL_STRIP = " \t:;,.|»«›‹>•·-–—*#()[]"
CLOSE = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}
URL = re.compile(r"https?://[^\s\"'<>]{3,500}")
DOMAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,60}(?:\.[A-Za-z]{2,6}){1,2}$")
ONLY_MARKS = re.compile(r"^[\W_]*$")
_FULL_STOPS = (".", *FULL_STOP_OTHER)  # "。" ends a Japanese sentence as "." ends this one
_TLD = re.compile(r"(?:\.(?:com|co|id|net|org|news|tv|info|web|my|or|go))+$", re.I)


def _alt(phrases) -> str:
    """A regex alternation of phrases, longest first, with any whitespace between words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """A regex of whole phrases and the words the phrases open with (see ``only``)."""

    pattern: re.Pattern
    heads: frozenset[str] | None  # None: no shortcut


def _phrase_set(phrases) -> PhraseSet:
    return PhraseSet(re.compile(rf"(?<!\w)(?:{_alt(phrases)})(?!\w)", re.I), heads(phrases))


@dataclass(frozen=True, slots=True)
class Rules:
    table: dict
    read_prefix: re.Pattern
    read_inline: re.Pattern
    notice_start: re.Pattern
    notice_verb: re.Pattern
    roles: re.Pattern
    role_kind: dict
    promo_only: PhraseSet
    nav_only: PhraseSet
    promo_verb: re.Pattern
    promo_channel: re.Pattern
    title_stop: re.Pattern
    source_filler: re.Pattern
    role_tail: re.Pattern
    caption_prefixes: tuple[str, ...]
    read_heads: frozenset[str] | None     # what read_prefix's phrases open with
    verb_heads: frozenset[str] | None     # promo_verb's
    role_heads: frozenset[str] | None     # roles'
    notice_needles: Needles       # what notice_start needs
    inline_read_needles: Needles  # what read_inline needs
    role_tail_needles: Needles    # what role_tail needs

    sets: dict[tuple[str, str], frozenset[str]]

    def words(self, section: str, key: str) -> frozenset[str]:
        return self.sets[(section, key)]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The furniture tables from ``furniture.toml``, compiled (loaded once)."""
    t = tomllib.loads(resources.files(__package__).joinpath("furniture.toml").read_text(encoding="utf-8"))
    ra, syn, roles, nav = t["read_also"], t["syndication"], t["roles"], t["navigation"]
    role_kind = {r: "author" for r in roles["authors"]}
    role_kind |= {r: "editor" for r in roles["editors"]} | {r: "other" for r in roles["others"]}
    role_kind |= {r: "source" for r in roles["sources"]}
    boundary = r"(?:^|(?<=[.!?\"”’)\]])|(?<=[.!?\"”’)\]]\s))"  # a sentence start, or the block start
    sets = {(sec, key): frozenset(v) for sec, d in t.items() for key, v in d.items() if isinstance(v, list)}
    nav_phrases = nav["labels"] + nav["sections"] + t["promo"]["labels"]
    credit_roles = roles["authors"] + roles["editors"]
    return Rules(
        table=t,
        read_prefix=re.compile(
            rf"^[^\w]{{0,3}}(?:(?P<p>{_alt(ra['prefixes'])})(?!\w)\s*(?P<sep>[:|»>\-–—]*)"
            rf"|(?P<c>{_alt(ra['colon_only'])})\s*(?P<csep>:))\s*", re.I),
        read_inline=re.compile(rf"{boundary}\s*(?:{_alt(ra['prefixes'] + ra['colon_only'])})\s*:", re.I),
        notice_start=re.compile(
            rf"{boundary}\(?\s*(?:dilansir\s|(?:{_alt(syn['subjects'])})\s+ini\s|(?:{_alt(syn['openers'])})\s)",
            re.I),
        notice_verb=re.compile(
            rf"^\(?\s*(?:{_alt(syn['subjects'])})\s+ini\s+(?:(?:{_alt(syn['adverbs'])})\s+)"
            rf"{{0,4}}(?:{_alt(syn['verbs'])})\s+(?:di|pada|dalam|oleh|melalui)\s+|^\(?\s*(?:{_alt(syn['openers'])})\s+",
            re.I),
        roles=re.compile(rf"(?:^|(?<=[\s|,;•·/]))(?P<role>{_alt(role_kind)})\s*:\s*", re.I),
        role_kind=role_kind,
        promo_only=_phrase_set(t["promo"]["labels"]),
        nav_only=_phrase_set(nav_phrases),
        promo_verb=re.compile(rf"^[^\w]{{0,3}}(?:{_alt(t['promo']['verbs'])})(?!\w)", re.I),
        promo_channel=re.compile(rf"(?<!\w)(?:{_alt(t['promo']['channels'])})(?!\w)", re.I),
        title_stop=re.compile(
            rf",?\s*(?:https?://|(?:{_alt(syn['title_stops'])})(?!\w))|\s*[|]"
            rf"|\.?\s+(?:{_alt(credit_roles)})\s*:", re.I),
        source_filler=re.compile(rf"^(?:{_alt(syn['source_fillers'])})\s+(?=\S)", re.I),
        role_tail=re.compile(  # "… kata dia. Editor: Nama" glued to the end of a paragraph
            rf"{boundary}\(?\s*(?=(?:{_alt(credit_roles)})\s*:)", re.I),
        caption_prefixes=tuple(t["caption"]["prefixes"]),
        read_heads=heads(ra["prefixes"] + ra["colon_only"]),
        verb_heads=heads(t["promo"]["verbs"]),
        role_heads=heads(role_kind),
        notice_needles=needles(["dilansir"] + [f"{s} ini" for s in syn["subjects"]] + syn["openers"], (" ",)),
        inline_read_needles=needles(ra["prefixes"] + ra["colon_only"], (":", " :")),
        role_tail_needles=needles(credit_roles, (":", " :")),
        sets=sets,
    )


@lru_cache(maxsize=1)
def nav_labels() -> frozenset[str]:
    return rules().words("navigation", "labels") | rules().words("navigation", "sections")


@lru_cache(maxsize=1)
def all_labels() -> frozenset[str]:
    t = rules().table
    return frozenset(t["navigation"]["labels"] + t["tags"]["labels"] + t["promo"]["labels"])


def only(phrases: PhraseSet, text: str) -> bool:
    """True when ``text`` holds one of the phrases and nothing else but digits and punctuation."""
    if len(text) > 200:
        return False
    if phrases.heads is not None and not first_letter_opens(phrases.pattern, phrases.heads, text):
        return False  # the usual answer, without scanning the block for every phrase
    rest, found = phrases.pattern.subn(" ", text)
    return found > 0 and bool(ONLY_MARKS.match(re.sub(r"\d+", " ", rest)))


# -- small shapes ---------------------------------------------------------------------------------

def label(text: str) -> str:
    """The block as a label: lower-case, without surrounding punctuation and bullets."""
    return normalise_space(text.strip(LABEL_STRIP)).casefold() if len(text) <= LABEL_MAX else ""


def key(text: str | None) -> str:
    """A comparison key that ignores case, spacing and punctuation (title vs first block)."""
    return "".join(filter(str.isalnum, (text or "").casefold()))


def headline_like(text: str) -> bool:
    """A short line without a final full stop: a teaser headline, a tag, a list item."""
    return 0 < len(text) <= HEADLINE and not text.rstrip(" \"'”’)」』").endswith(_FULL_STOPS)


def hint_sections(hint: str) -> frozenset[str]:
    """The furniture sections a block's class/id words point at (``related-box`` -> ``read_also``)."""
    if not hint:
        return frozenset()
    if len(hint) > 300:  # not cached: the cache must not pin large strings
        return _hint_sections(hint)
    return _cached_hint_sections(hint)  # a page repeats a few class lists on many blocks


def hinted(hint: str, section: str) -> bool:
    """Whether a block's class/id words name one of the section's hints."""
    return section in hint_sections(hint)


@lru_cache(maxsize=1024)
def _cached_hint_sections(hint: str) -> frozenset[str]:
    return _hint_sections(hint)


def _hint_sections(hint: str) -> frozenset[str]:
    r, found = rules(), set()
    for section in ("read_also", "caption", "tags", "promo", "footer", "navigation"):
        words = r.words(section, "hints")
        for token in hint.split():
            if token in words or token.split("-", 1)[0] in words or token.split("_", 1)[0] in words:
                found.add(section)
                break
    return frozenset(found)


def outlet_of(text: str) -> tuple[str, str | None]:
    """``PortalKalteng.com`` -> (``PortalKalteng``, ``portalkalteng.com``); a plain name has no domain."""
    text = text.strip(" ,.;:")
    if DOMAIN.match(text):
        return _TLD.sub("", text) or text, text.lower()
    return text, None
