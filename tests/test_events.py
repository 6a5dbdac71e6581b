"""Events, cited sources, keywords and language: the rules over hand-made entities and dates."""

from __future__ import annotations

import time

import pytest

from kliping.article import DateMention, Entity, Quote
from kliping.enrich.events import find_events
from kliping.enrich.keywords import find_keywords
from kliping.enrich.language import detect
from kliping.enrich.sources import find_sources


def entity(text: str, body: str, label: str = "PERSON", canonical: str | None = None) -> Entity:
    """An entity with a mention at every occurrence of ``text`` in ``body``."""
    spans, at = [], body.find(text)
    while at >= 0:
        spans.append((at, at + len(text)))
        at = body.find(text, at + 1)
    return Entity(text=text, label=label, canonical=canonical or text, mentions=tuple(spans))


def date(body: str, text: str, value: str) -> DateMention:
    at = body.index(text)
    return DateMention(text=text, value=value, granularity="day", span=(at, at + len(text)))


BODY = ("Rahmat Hidayat dan Wen Liqiang melakukan pertemuan secara daring pada Selasa, 3 Maret 2026. "
        "Pertemuan itu berlangsung lima hari setelah Hidayat berbicara dengan Presiden Nordland Ana Kovac "
        "dalam format yang sama. Nordland mengecam sanksi baru terhadap Selandia.")


def test_meeting_events_with_parties_date_and_mode():
    ents = [entity("Rahmat Hidayat", BODY, canonical="Rahmat Hidayat"), entity("Wen Liqiang", BODY),
            entity("Ana Kovac", BODY), entity("Nordland", BODY, "GPE"), entity("Selandia", BODY, "GPE")]
    # "Hidayat" alone is a mention of the same person.
    at = BODY.index("Hidayat berbicara")
    ents[0] = Entity(text="Rahmat Hidayat", label="PERSON", canonical="Rahmat Hidayat",
                     mentions=(*ents[0].mentions, (at, at + 7)))
    dates = [date(BODY, "Selasa, 3 Maret 2026", "2026-03-03"), date(BODY, "lima hari setelah", "2026-02-26")]
    events = find_events(BODY, ents, dates)
    first, second, third = events
    assert (first.type, set(first.actors), first.date, first.mode) == (
        "CONSULT", {"Rahmat Hidayat", "Wen Liqiang"}, "2026-03-03", "virtual")
    # The office's country (Presiden Nordland) is not a party; the same format repeats the mode.
    assert (second.type, second.actors, second.date, second.mode) == (
        "CONSULT", ("Rahmat Hidayat", "Ana Kovac"), "2026-02-26", "virtual")
    assert (third.type, third.actors, third.targets) == ("DISAPPROVE", ("Nordland",), ("Selandia",))
    assert all(BODY[slice(*e.span)].lower() in ("pertemuan", "berbicara dengan", "mengecam") for e in events)



def test_event_spans_stay_on_the_trigger_after_letters_that_grow_when_lower_cased():
    body = "İİİ " + BODY
    ents = [entity("Rahmat Hidayat", body), entity("Wen Liqiang", body)]
    first = find_events(body, ents, [])[0]
    assert body[slice(*first.span)].lower() == "pertemuan"

def test_a_trigger_without_an_actor_makes_no_event():
    body = "Pertemuan berlangsung hangat dan penuh canda."
    assert find_events(body, [], []) == []


def test_sources_from_relays_citing_phrases_and_agencies():
    body = ('"Kami siap," kata Wen seperti dikutip dari Harian Nusantara. Kantor berita Xinhua juga '
            "melaporkan hal serupa, seperti dilansir Kompas.com.")
    quote = Quote(text="Kami siap,", kind="direct", speaker="Wen", via="Harian Nusantara", span=(1, 11))
    xinhua = entity("Xinhua", body, "ORG")
    sources = {s.name: s.kind for s in find_sources(body, [xinhua], [quote])}
    assert sources == {"Harian Nusantara": "other", "Xinhua": "agency", "Kompas": "outlet"}


def test_keywords_start_with_the_most_mentioned_entities():
    body = ("Banjir rob melanda pesisir Demak. Banjir rob merendam ratusan rumah di Demak. "
            "Bupati Demak meminta bantuan pompa air. Pompa air dikirim dari Semarang.")
    ents = [entity("Demak", body, "GPE"), entity("Semarang", body, "GPE")]
    tags = find_keywords(body, ents)
    assert tags[0] == "Demak"
    assert "banjir rob" in tags and "pompa air" in tags
    assert "Semarang" not in tags  # one mention is not a topic



def test_keywords_offsets_survive_letters_that_grow_when_lower_cased():
    # "İ".lower() is two characters: offsets taken from a lower-cased copy ran past the body (a fuzz find).
    body = "İ" * 50 + " Pompa air dikirim. Pompa air tiba. Pompa air dipasang di Demak."
    ents = [entity("Demak", body, "GPE")]
    assert "pompa air" in find_keywords(body, ents)

@pytest.mark.parametrize(("text", "lang"), [
    ("Pemerintah daerah akan membangun jembatan baru yang menghubungkan dua kecamatan di wilayah itu.", "id"),
    ("The regional government will build a new bridge connecting two districts in the area.", "en"),
    ("Kerajaan negeri akan membina jambatan baharu kerana penduduk kampung sukar ke bandar.", "ms"),
    ("Warga desa ora bisa nyabrang kali amarga kretege rusak, mula pak lurah njaluk bantuan marang "
     "pemerintah kabupaten supaya kretege enggal didandani sing apik.", "jv"),
    ("Warga lembur teu bisa meuntas walungan sabab sasakna ruksak, ku kituna kapala désa ménta "
     "bantuan ka pamaréntah kabupatén pikeun ngomean sasak éta.", "su"),
])
def test_language_of_the_whole_text(text, lang):
    assert detect(text) == lang


def test_indonesian_stays_indonesian_with_malay_looking_paragraphs():
    text = ("Pemerintah provinsi menyalurkan bantuan beras kepada warga terdampak banjir.\n\n"
            "Kerajaan daerah juga memberi bantuan.\n\n"
            "Bantuan tersebut akan dibagikan oleh relawan di setiap desa mulai pekan depan.")
    assert detect(text) == "id"


def test_language_of_too_little_text_is_unknown():
    assert detect("") is None and detect("OK") is None


@pytest.mark.parametrize("body", ["", '"' * 50_000, "mengecam " * 20_000, "x" * 1_000_000])
def test_hostile_text_is_bounded(body):
    start = time.perf_counter()
    find_events(body, [], [])
    find_sources(body)
    find_keywords(body)
    detect(body)
    assert time.perf_counter() - start < 5
