"""Events: who did what to whom, when and how — PLOVER-style types from an Indonesian trigger lexicon.

For every sentence, trigger words (``events.toml``) are found as whole words; the first trigger of a
clause with at least one actor makes an event. Actors are the entities (persons, organisations,
places with a government) between the clause's start and the trigger; targets the ones after it, up
to the next clause. For symmetric types (a meeting, an agreement) every party is an actor. The date
is the date layer's mention nearest to the trigger in the same sentence; the mode comes from cue
words (``daring`` → virtual, ``telepon`` → phone, ``kunjungan`` → visit; ``dalam format yang sama``
repeats the mode of the event before).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kliping.article import DateMention, Entity, Event
from kliping.enrich.sentences import sentences

TABLE_FILE = Path(__file__).resolve().parent / "events.toml"
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_TARGET_REACH = 120  # characters after a trigger in which its targets are looked for
_ACTOR_REACH = 150  # characters before a trigger in which its actors are looked for


@dataclass(frozen=True)
class Lexicon:
    """Compiled trigger table: one pattern for every trigger, its type, mode cues, clause words."""

    triggers: re.Pattern
    types: dict[str, str]
    symmetric: frozenset[str]
    modes: re.Pattern
    mode_of: dict[str, str]
    clauses: re.Pattern


def _words(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped trigger table."""
    table = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    types = {t: name for name, spec in table["types"].items() for t in spec["triggers"]}
    symmetric = frozenset(name for name, spec in table["types"].items() if spec.get("symmetric"))
    mode_of = {cue: mode for mode, cues in table["modes"].items() for cue in cues}
    clause_words = table["words"]["clause_starts"].split()
    return Lexicon(
        triggers=re.compile(rf"\b(?:{_words(types)})\b"),
        types=types,
        symmetric=symmetric,
        modes=re.compile(rf"\b(?:{_words(mode_of)})\b"),
        mode_of=mode_of,
        clauses=re.compile(rf"\b(?:{_words([*clause_words, 'di mana'])})\b|[;:]"),
    )


def find_events(
    body: str, entities: Sequence[Entity] = (), dates: Sequence[DateMention] = (), lexicon: Lexicon | None = None
) -> list[Event]:
    """The events of ``body``, in text order."""
    lexicon = lexicon or default_lexicon()
    people = {a for e in entities if e.label == "PERSON" for a, _ in e.mentions}
    # A place or body written as a person's office (Presiden Amerika Serikat Joe Biden) is not a party.
    mentions = sorted(
        (a, b, e.canonical or e.text) for e in entities if e.label in _ACTOR_LABELS for a, b in e.mentions
        if e.label == "PERSON" or (b + 1) not in people
    )
    out: list[Event] = []
    for start, end in sentences(body):
        lower = lower_same_length(body[start:end])
        if not lexicon.triggers.search(lower):
            continue
        clauses = [start, *(start + m.end() for m in lexicon.clauses.finditer(lower))]
        done: set[int] = set()
        for m in lexicon.triggers.finditer(lower):
            at, stop = start + m.start(), start + m.end()
            clause = max(c for c in clauses if c <= at)
            if clause in done:
                continue
            actors = _names(mentions, max(clause, at - _ACTOR_REACH), at)
            if not actors:
                continue
            done.add(clause)
            after = min([c for c in clauses if c > stop] + [end, stop + _TARGET_REACH])
            targets = [t for t in _names(mentions, stop, after) if t not in actors]
            kind = lexicon.types[m.group()]
            if kind in lexicon.symmetric:
                actors, targets = actors + targets, []
            mode = _mode(lower, lexicon, next((e.mode for e in reversed(out) if e.mode), None))
            out.append(Event(type=kind, actors=tuple(actors), targets=tuple(targets),
                             date=_date(dates, start, end, at), mode=mode, span=(at, stop)))
    return out


def _names(mentions: Sequence[tuple[int, int, str]], start: int, end: int) -> list[str]:
    names: list[str] = []
    for a, b, name in mentions:
        if a >= end:
            break
        if a >= start and b <= end and name not in names:
            names.append(name)
    return names


def _mode(sentence: str, lexicon: Lexicon, previous: str | None) -> str | None:
    for m in lexicon.modes.finditer(sentence):
        mode = lexicon.mode_of[m.group()]
        return previous if mode == "same" else mode
    return None


def _date(dates: Sequence[DateMention], start: int, end: int, at: int) -> str | None:
    inside = [d for d in dates if d.span and start <= d.span[0] < end and d.value]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.span[0] - at)).value


def lower_same_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer (``İ``): offsets into it stay offsets
    into ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low_c if len(low_c := c.lower()) == 1 else c for c in text)
