"""Entities: knowledge matching, merging with the model, titles and roles, propagation, anaphors, grouping.

The model is replaced by a stub here (so these tests pin the rules, not one model's guesses); the
shipped model is exercised in ``test_analyze.py`` and ``test_ner.py``.
"""

from __future__ import annotations

import re
import time

import pytest

from kliping.enrich.entities import find_entities
from kliping.enrich.knowledge import default_knowledge
from kliping.enrich.tokens import tokenize


class StubTagger:
    """Tags what the given patterns match (every occurrence), like a model that knows only those names."""

    def __init__(self, *patterns: tuple[str, str]) -> None:
        self.patterns = patterns

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for pattern, label in self.patterns:
            out += [(m.start(), m.end(), label) for m in re.finditer(rf"\b{pattern}\b", text)]
        return sorted(out)


def by_canonical(entities):
    return {e.canonical: e for e in entities}


def test_knowledge_finds_country_names_and_acronyms_exactly():
    text = "Delegasi AS dan Tiongkok bertemu; as roda patah. Mereka fasih berbahasa Inggris dan bahasa Inggris."
    found = {(text[a:b], k.canonical) for a, b, k in default_knowledge().find(text, tokenize(text))}
    assert ("AS", "United States") in found and ("Tiongkok", "China") in found
    assert all(t != "as" for t, _ in found)
    assert ("Inggris", "United Kingdom") not in found  # a language after "bahasa", not a country


def test_lookup_gives_canonical_and_country():
    k = default_knowledge()
    assert (k.lookup("Moskow").canonical, k.lookup("Moskow").country) == ("Moscow", "RU")
    assert k.lookup("kota bandung").country == "ID"
    assert k.lookup("Cina").canonical == "China"
    assert k.lookup("Gedung Putih").label == "ORG"
    assert k.lookup("Nama Yang Tidak Ada") is None


def test_person_propagates_over_missed_and_mislabelled_mentions():
    text = ("Rahmat Hidayat tiba di Surabaya. Hidayat lalu menemui warga. "
            "Menurut Hidayat, bantuan sudah dikirim.")
    # The stub tags the third "Hidayat" as an organisation: the document says it is the person.
    tagger = StubTagger(("Rahmat Hidayat", "PERSON"), ("Surabaya", "GPE"), ("(?<=Menurut )Hidayat", "ORG"))
    ents = by_canonical(find_entities(text, tagger=tagger))
    person = ents["Rahmat Hidayat"]
    assert person.label == "PERSON"
    assert [text[a:b] for a, b in person.mentions] == ["Rahmat Hidayat", "Hidayat", "Hidayat"]
    assert ents["Surabaya"].country == "ID"


def test_titles_come_off_names_and_become_roles():
    text = "Ajudan Kremlin Sergei Volkov menemui Presiden Lestari di Beijing."
    tagger = StubTagger(("Kremlin Sergei Volkov", "PERSON"), ("Presiden Lestari", "PERSON"), ("Beijing", "GPE"))
    ents = by_canonical(find_entities(text, tagger=tagger))
    assert ents["Sergei Volkov"].label == "PERSON" and ents["Sergei Volkov"].role == "Ajudan Kremlin"
    assert ents["Kremlin"].label == "ORG"
    assert ents["Lestari"].role == "Presiden"
    assert ents["Beijing"].country == "CN"


def test_names_after_an_office_and_in_coordination():
    text = ("Rahmat Hidayat dan Wen Liqiang bertemu secara daring. Pertemuan itu diikuti Presiden "
            "Amerika Serikat Daniel Brook. Hidayat mengirim surat kepada Presiden Wen.")
    ents = by_canonical(find_entities(text, tagger=StubTagger(("Rahmat Hidayat", "PERSON"))))
    wen = ents["Wen Liqiang"]
    assert [text[a:b] for a, b in wen.mentions] == ["Wen Liqiang", "Wen"]
    assert ents["Daniel Brook"].role == "Presiden Amerika Serikat"
    assert ents["United States"].country == "US"


def test_sentence_initial_pronoun_and_role_phrase_refer_to_the_centre():
    text = ('"Kami siap," kata Rahmat Hidayat kepada Presiden Wen Liqiang. Dia menambahkan bahwa '
            "perundingan berlanjut. Menteri Nusantara itu menutup rapat.")
    tagger = StubTagger(("Rahmat Hidayat", "PERSON"), ("Wen Liqiang", "PERSON"))
    ents = by_canonical(find_entities(text, tagger=tagger))
    mentions = [text[a:b] for a, b in ents["Rahmat Hidayat"].mentions]
    assert mentions == ["Rahmat Hidayat", "Dia", "Menteri Nusantara itu"]
    assert [text[a:b] for a, b in ents["Wen Liqiang"].mentions] == ["Wen Liqiang"]


def test_products_after_a_cue_noun():
    text = "Pemerintah memesan vaksin Nusavac dan Nusavac Plus dari Bandung."
    ents = by_canonical(find_entities(text, tagger=StubTagger(("Bandung", "GPE"))))
    assert ents["Nusavac"].label == "PRODUCT" and ents["Nusavac Plus"].label == "PRODUCT"
    assert ents["Bandung"].label == "GPE"


def test_mentions_are_spans_of_the_text_and_entities_in_order():
    text = "Warga Jepang dan Kanada berkumpul. Jepang mengirim tim."
    ents = find_entities(text, tagger=StubTagger())
    assert [e.canonical for e in ents] == ["Japan", "Canada"]
    assert all(text[a:b] in ("Jepang", "Kanada") for e in ents for a, b in e.mentions)
    assert ents[0].country == "JP" and len(ents[0].mentions) == 2


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "x" * 1_000_000, '"' * 50_000, "Dia. " * 20_000,
                                  "Presiden " * 20_000, "AS " * 50_000])
def test_hostile_text_is_bounded(text):
    start = time.perf_counter()
    find_entities(text, tagger=StubTagger())
    assert time.perf_counter() - start < 5


def test_one_firm_under_its_legal_form_and_without_it():
    text = ("PT Sinar Lestari Tbk membuka pabrik di Bandung. Sinar Lestari akan menyerap 500 pekerja, "
            "kata direktur Sinar Lestari.")
    # The model reads the short name once as a person: the document's firm wins.
    tagger = StubTagger(("PT Sinar Lestari Tbk", "ORG"), ("(?<=\\. )Sinar Lestari", "ORG"),
                        ("(?<=direktur )Sinar Lestari", "PERSON"), ("Bandung", "GPE"))
    ents = by_canonical(find_entities(text, tagger=tagger))
    firm = ents["PT Sinar Lestari Tbk"]
    assert firm.label == "ORG" and len(firm.mentions) == 3
    assert not any(e.label == "PERSON" for e in ents.values())
