"""Cheap tests that tell when a furniture regex cannot match, so most blocks never run it.

Most blocks are plain prose: no teaser label, no notice, no credit. The regexes that find those are
case-blind alternations of dozens of phrases, and Python's engine tries each one at every
position. The tests here are exact necessary conditions, never guesses:

- *needles*: lower-case literals a phrase regex cannot match without, tested with ``in`` (C speed)
  on the block's ``lowered`` text;
- *heads*: the ASCII letters each phrase opens with, compared with the block's ``opening`` word
  for the regexes anchored at the start of a block.

Both are exact only where a regex's ``\\s+`` meets one plain space: on ``normalise_space``'d text,
which is all ``clean`` looks at. IGNORECASE also pairs four non-ASCII letters with ASCII ones
(İ ı ſ K); where those occur the tests answer "maybe" and the regex decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CASE_ODD = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K: IGNORECASE matches them to i, i, s, k
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_OPENING = re.compile(r"\W{0,3}([A-Za-z]{0,30})")
HEAD_MAX = 30  # ``opening`` reads at most this many letters


@dataclass(frozen=True, slots=True)
class Needles:
    """Lower-case literals a phrase regex cannot match without (on normalised text)."""

    words: tuple[str, ...]
    colon: bool = False  # every word ends with ":": only the text just before each colon is compared

    def found_in(self, low: str | None) -> bool:
        """Whether ``lowered`` text holds one of the words (True when unsure: ``low`` is None)."""
        if low is None:
            return True
        if not self.colon:
            return any(map(low.__contains__, self.words))
        at = low.find(":")
        for _ in range(64):
            if at < 0:
                return False
            if low.endswith(self.words, 0, at + 1):
                return True
            at = low.find(":", at + 1)
        return True  # a text full of colons: the regex decides


def needles(phrases, after: tuple[str, ...]) -> Needles:
    """What a match of the phrases (words joined by ``\\s+``) followed by one of ``after`` holds.

    Only ASCII phrases give needles: IGNORECASE pairs some other letters that ``lower()`` does not
    (final and medial sigma), so a non-ASCII phrase gives the empty needle, found in every text.
    """
    if not all(p.isascii() for p in phrases):
        return Needles(("",))
    found = {" ".join(p.lower().split()) + a for p in phrases for a in after}
    words = tuple(sorted(w for w in found if not any(o != w and o in w for o in found)))  # "x " covers "x y "
    return Needles(words, all(w.endswith(":") for w in words))


def heads(phrases) -> frozenset[str] | None:
    """The ASCII letters each phrase opens with, lower-cased (``baca juga`` -> ``baca``, ``e-mail`` -> ``e``).

    None (no shortcut) when a phrase opens with anything else, or with a word ``opening`` cannot read.
    """
    spaced = [" ".join(p.split()) for p in phrases]
    if not all(p[:1].isascii() and p[:1].isalpha() for p in spaced):
        return None
    found = frozenset(_ASCII_WORD.match(p).group().lower() for p in spaced)
    return found if max(map(len, found)) < HEAD_MAX else None


def lowered(text: str) -> str | None:
    """``text.lower()`` when substring tests on it agree with the case-blind regexes, else None."""
    if not text.isascii() and _CASE_ODD.search(text):
        return None
    return text.lower()


def opening(text: str) -> tuple[int, str] | None:
    """Where the first word starts (after at most 3 marks) and its ASCII letters, lower-cased.

    ``(0, "baca")`` for "Baca juga: …", ``(2, "sumber")`` for "( Sumber: …", ``(0, "")`` for
    "2 Komentar", ``(3, "")`` when no word starts by then. A phrase regex anchored there
    (``^[^\\w]{0,3}(?:baca juga|…)``) matches only if these letters are one of its ``heads``:
    a phrase covers the letters of its first word and stops where that word does.
    None when unsure (İ ı ſ K near the start).
    """
    if not text[:40].isascii() and _CASE_ODD.search(text, 0, 40):
        return None
    m = _OPENING.match(text)
    return m.start(1), m.group(1).lower()


def opens_with(found: tuple[int, str] | None, phrase_heads: frozenset[str] | None, *,
               at_start: bool = False) -> bool:
    """Whether a phrase with these heads may start at the ``opening`` (``at_start``: at character 0)."""
    if found is None or phrase_heads is None:
        return True
    return found[1] in phrase_heads and (found[0] == 0 or not at_start)


def first_letter_opens(pattern: re.Pattern, phrase_heads: frozenset[str], text: str) -> bool:
    """Whether one of the phrases (``pattern``, ``phrase_heads``) may start at the text's first letter.

    For a text made of phrases and marks only, one must: its first letter sits inside a phrase, and
    phrases open with letters. Then the run of ASCII letters there is one of the heads.
    """
    first = _FIRST_LETTER.search(text)
    if first is None:
        return False
    if text.isascii() or not _CASE_ODD.search(text):
        word = _ASCII_WORD.match(text, first.start())
        return word is not None and word.group().lower() in phrase_heads
    return pattern.match(text, first.start()) is not None
