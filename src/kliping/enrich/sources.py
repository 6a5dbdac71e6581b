"""Cited sources: the agencies and outlets an article names as where its information came from.

Three signals, all cheap: the ``via`` of every quote (``"…," lapor Xinhua``); a citing phrase before
a name (``dikutip dari``, ``dilansir``, ``mengutip``, ``dilaporkan``, ``kantor berita``); and news
agencies from the knowledge table wherever the text names them (an agency in a news text is a
source). Outlets need a citing phrase: ``Kompas`` in ``harian Kompas menulis`` may be the subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kliping.article import CitedSource, Entity, Quote
from kliping.enrich.knowledge import Knowledge, default_knowledge

# A citing phrase, then a name: capitalised words or a domain (Kompas.com, Pikiran-Rakyat.com).
_CITE = re.compile(
    r"\b(?:dikutip\s+dari|mengutip(?:\s+dari)?|dilansir(?:\s+dari)?|melansir|dilaporkan|"
    r"laporan|kantor\s+berita|sumber|diberitakan)\s{1,3}"
    r"(?P<name>[A-Z][\w\-]{0,40}(?:\.[a-z]{2,6}(?:\.[a-z]{2})?\b)?(?:[ \t][A-Z][\w\-]{0,40}){0,3})"
)
_DOMAIN = re.compile(r"\.(?:com|co\.id|id|net|org|co|news)\b", re.IGNORECASE)
MAX_SCAN = 500_000


def find_sources(
    body: str,
    entities: Sequence[Entity] = (),
    quotes: Sequence[Quote] = (),
    knowledge: Knowledge | None = None,
) -> list[CitedSource]:
    """The sources ``body`` cites, one per name (first span), in order of appearance."""
    knowledge = knowledge or default_knowledge()
    found: dict[str, CitedSource] = {}

    def add(name: str, span: tuple[int, int] | None) -> None:
        known = knowledge.lookup(name)
        canonical = known.canonical if known else name
        kind = (known.source if known else None) or ("outlet" if _DOMAIN.search(name) else "other")
        if canonical not in found:
            found[canonical] = CitedSource(name=canonical, kind=kind, span=span)

    for quote in quotes:
        if quote.via:
            add(quote.via, _locate(body, quote.via, quote.span))
    for m in _CITE.finditer(body, 0, min(len(body), MAX_SCAN)):
        name = m.group("name").rstrip(".")
        known = knowledge.lookup(name)
        if known is None or known.source or known.label == "ORG":
            add(name, (m.start("name"), m.start("name") + len(name)))
    for entity in entities:
        known = knowledge.lookup(entity.canonical or entity.text)
        if known and known.source == "agency" and entity.mentions:
            add(entity.canonical or entity.text, entity.mentions[0])
    return sorted(found.values(), key=lambda s: s.span or (len(body), 0))


def _locate(body: str, name: str, near: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span of ``name`` nearest after the quote it relays (the relay follows the quote)."""
    start = near[1] if near else 0
    at = body.find(name, start, start + 400)
    if at < 0:
        at = body.find(name)
    return (at, at + len(name)) if at >= 0 else None
