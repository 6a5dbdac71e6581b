"""Entities of an article: one record per referent, with every mention, a canonical name, a country.

Steps, each small:
1. mentions from the NER model (``ner.NerTagger.find``) and from curated knowledge (``Knowledge.find``:
   country names, ``AS``, ``Gedung Putih``, agencies); where they overlap, knowledge wins, except that a
   longer model span keeps its name (``Universitas Indonesia`` is not ``Indonesia``) — and a person span
   that starts with a known organisation is split (``Kremlin Yuri Ushakov`` → ORG + PERSON);
2. titles and roles come off person mentions (``Presiden Xi`` → ``Xi``), the role is kept on the entity
   (``Ajudan Kremlin`` for Yuri Ushakov);
3. document-level propagation: after ``Vladimir Putin`` every ``Putin`` in the text is that person, also
   where the model missed or mislabelled it;
4. products named after a cue noun (``vaksin Sputnik dan Sputnik Light``);
5. grouping: persons by the fullest name that contains the mention; everything else by its canonical
   name from knowledge, else its text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kliping.article import Entity
from kliping.enrich.knowledge import Knowledge, Known, default_knowledge
from kliping.enrich.ner import NerTagger, default_tagger
from kliping.enrich.sentences import sentences
from kliping.enrich.tokens import tokenize

Span = tuple[int, int]
_PLACE = ("GPE", "LOC")
_ROLE_REACH = 6  # tokens looked back from a name for its role
_MAX_PRODUCT_WORDS = 3
# Words inside a role between the office and the name (Menteri Koordinator bidang Perekonomian).
_ROLE_JOINERS = frozenset({"bidang", "urusan", "dan", "luar", "dalam"})
# Sentence-initial subject pronouns that point back at a person; role phrases end with a demonstrative.
_PRONOUNS = frozenset({"Dia", "Ia", "Beliau"})
_DEMONSTRATIVES = frozenset({"itu", "tersebut"})
# A person right after these is an object, not the centre of its sentence (kata Putin kepada Presiden Xi).
_OBJECT_MARKERS = frozenset({"kepada", "dengan", "terhadap", "untuk", "bagi", "tentang", "atas", "dari", "pada", "ke"})
_ANTECEDENT_REACH = 3  # sentences looked back for a pronoun's antecedent
_LEGAL_FORMS = frozenset({"pt", "tbk", "cv", "persero", "ltd", "inc", "corp", "plc", "llc", "gmbh"})


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: str
    known: Known | None = None
    role: str | None = None
    ref: _Mention | None = None  # the antecedent of a pronoun or a role phrase ("Dia", "Pemimpin Rusia itu")


def find_entities(
    body: str, *, tagger: NerTagger | None = None, knowledge: Knowledge | None = None, use_model: bool = True
) -> list[Entity]:
    """The entities of ``body`` (see the module docstring), in order of first mention.

    ``use_model=False`` skips the NER model (for text in a language it was not trained on): the
    curated names and the rules that build on them still run.
    """
    if not body.strip():
        return []
    knowledge = knowledge or default_knowledge()
    tokens = tokenize(body)
    model = (tagger or default_tagger()).find(body) if use_model else []
    mentions = _merge(body, tokens, model, knowledge.find(body, tokens))
    mentions = _strip_titles(body, tokens, mentions, knowledge)
    mentions += _pattern_persons(body, tokens, mentions, knowledge)
    _consistent_labels(body, mentions)
    mentions = _propagate_persons(body, tokens, mentions)
    mentions += _anaphors(body, tokens, mentions, knowledge)
    mentions += _products(body, tokens, mentions, knowledge)
    return _group(body, sorted(mentions, key=lambda m: m.start), knowledge)


# -- 1. model + knowledge -----------------------------------------------------------------------


def _merge(
    body: str,
    tokens: Sequence[Span],
    model: Sequence[tuple[int, int, str]],
    known: Sequence[tuple[int, int, Known]],
) -> list[_Mention]:
    model_mentions = sorted((_Mention(a, b, label) for a, b, label in model), key=lambda m: m.start)
    starts = [m.start for m in model_mentions]
    dropped: set[int] = set()
    out: list[_Mention] = []
    for a, b, k in known:
        # Model spans do not overlap each other: the ones a known name touches are contiguous.
        i = bisect_right(starts, b - 1) - 1
        hits = []
        while i >= 0 and model_mentions[i].end > a:
            if i not in dropped:
                hits.append(i)
            i -= 1
        if not hits:
            out.append(_Mention(a, b, k.label, k))
            continue
        host = model_mentions[hits[0]]
        if len(hits) == 1 and host.start <= a and b <= host.end and (host.start, host.end) != (a, b):
            if host.label == "PERSON" and host.start == a:
                # "Kremlin Yuri Ushakov": the organisation, then the person.
                j = bisect_left(tokens, (b, b))
                if j < len(tokens) and tokens[j][1] <= host.end:
                    host.start = tokens[j][0]
                    out.append(_Mention(a, b, k.label, k))
            continue  # a longer model name that contains a known one keeps its own reading
        dropped.update(hits)
        out.append(_Mention(a, b, k.label, k))
    return out + [m for i, m in enumerate(model_mentions) if i not in dropped]


# -- 2. titles and roles ------------------------------------------------------------------------


def _strip_titles(body: str, tokens: Sequence[Span], mentions: list[_Mention], knowledge: Knowledge) -> list[_Mention]:
    starts = {a: i for i, (a, _) in enumerate(tokens)}
    out = []
    for m in mentions:
        if m.label != "PERSON" or m.start not in starts:
            out.append(m)
            continue
        i = starts[m.start]
        while i < len(tokens) and tokens[i][1] < m.end and _word(body, tokens[i]) in knowledge.title_words:
            i += 1
        if i >= len(tokens) or tokens[i][0] >= m.end:
            continue  # a title alone ("Presiden") names nobody
        m.start = tokens[i][0]
        m.role = _role(body, tokens, i, knowledge)
        out.append(m)
    return out


def _role(body: str, tokens: Sequence[Span], i: int, knowledge: Knowledge) -> str | None:
    """The office written before token ``i``: back over capitalised words to a role word."""
    start = None
    for k in range(i - 1, max(i - 1 - _ROLE_REACH, -1), -1):
        text = body[slice(*tokens[k])]
        word = text.lower()
        if word in knowledge.roles:
            start = k
        elif start is not None and word not in _ROLE_JOINERS:
            break
        elif not (text[:1].isupper() or word in _ROLE_JOINERS):
            break
    if start is None:
        return None
    return body[tokens[start][0]:tokens[i - 1][1]]


def _word(body: str, span: Span) -> str:
    return body[span[0]:span[1]].lower().rstrip(".")


def _pattern_persons(body: str, tokens: Sequence[Span], mentions: list[_Mention], knowledge: Knowledge) -> list[_Mention]:
    """Names the model missed in two safe patterns: right after an office (``kepada Presiden Xi``), and
    coordinated with a person (``Vladimir Putin dan Xi Jinping``)."""
    owner = [-1] * len(tokens)  # token -> index of the mention covering it; -2: a name found here
    index = {a: i for i, (a, _) in enumerate(tokens)}
    for n, m in enumerate(mentions):
        i = index.get(m.start)
        while i is not None and i < len(tokens) and tokens[i][0] < m.end:
            owner[i] = n
            i += 1
    out: list[_Mention] = []
    for i, span in enumerate(tokens):
        word = body[slice(*span)]
        if word[:1].isupper() and word.lower() in knowledge.name_titles:
            k = i + 1
            while k < len(tokens) and owner[k] >= 0 and mentions[owner[k]].label != "PERSON":
                k += 1  # past the office's place or body: Presiden Amerika Serikat, Ajudan Kremlin
            _add_run(body, tokens, owner, k, out, knowledge, after_title=True)
        elif word in ("dan", "serta") and 0 < i < len(tokens) - 1:
            left, right = owner[i - 1], owner[i + 1]
            if (left == -2 or (left >= 0 and mentions[left].label == "PERSON")) and right == -1:
                _add_run(body, tokens, owner, i + 1, out, knowledge)
    return out


def _add_run(body, tokens, owner, k: int, out: list[_Mention], knowledge: Knowledge,
             after_title: bool = False) -> None:
    end = k
    while end < len(tokens) and end - k < 4 and owner[end] == -1 and _is_name_word(body[slice(*tokens[end])]):
        end += 1
    if end == k or (end < len(tokens) and owner[end] != -1):
        return  # nothing there, or the run leads into a name the model found: it belongs to the office
    if any(body[slice(*tokens[j])].lower() in knowledge.roles for j in range(k, end)):
        return  # Ketua Umum, Menteri Koordinator: more office, not a name
    if after_title and end < len(tokens) and body[slice(*tokens[end])] in ("dan", "serta", "&"):
        return  # Menteri Pemuda dan Olahraga: a portfolio, not a name
    if any(knowledge.lookup(body[slice(*tokens[j])]) for j in range(k, end)):
        return
    m = _Mention(tokens[k][0], tokens[end - 1][1], "PERSON", role=_role(body, tokens, k, knowledge))
    out.append(m)
    for j in range(k, end):
        owner[j] = -2


def _is_name_word(word: str) -> bool:
    return len(word) > 1 and word[:1].isupper() and word[1:].replace("-", "").isalpha() and not word.isupper()


def _consistent_labels(body: str, mentions: list[_Mention]) -> None:
    """One name, one label in a document: the majority of the model's readings of the same text; and a
    "person" whose name is an organisation's name without its legal form (Astra Otoparts) is that firm."""
    votes: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.known is None:
            votes.setdefault(_text(body, m).lower(), Counter())[m.label] += 1
    firms = {_core(t) for t, c in votes.items() if c["ORG"] and len(t.split()) > 1}
    for m in mentions:
        if m.known is not None:
            continue
        count = votes[_text(body, m).lower()]
        label, n = count.most_common(1)[0]
        if n > count[m.label]:
            m.label = label
        if m.label == "PERSON" and _core(_text(body, m)) in firms:
            m.label = "ORG"


# -- 3. document-level propagation --------------------------------------------------------------


def _propagate_persons(body: str, tokens: Sequence[Span], mentions: list[_Mention]) -> list[_Mention]:
    names: dict[str, set[str]] = {}  # one word of a full name -> the full names it belongs to
    for m in mentions:
        if m.label == "PERSON":
            parts = body[m.start:m.end].split()
            if len(parts) > 1:
                for part in parts:
                    if len(part) > 1 and part[:1].isupper():
                        names.setdefault(part, set()).add(" ".join(parts))
    if not names:
        return mentions
    # A name word the text also uses as an ordinary word (Angkatan Udara … udara) is no safe alias.
    lower_words = {body[a:b] for a, b in tokens if body[a:a + 1].islower()}
    names = {w: full for w, full in names.items() if w.lower() not in lower_words}
    by_start = {m.start: m for m in mentions}
    covered = bytearray(len(body) + 1)  # 1: inside a person, 2: inside another mention
    for m in mentions:
        covered[m.start:m.end] = (b"\x01" if m.label == "PERSON" else b"\x02") * (m.end - m.start)
    for a, b in tokens:
        word = body[a:b]
        if len(names.get(word, ())) != 1 or covered[a] == 1:
            continue
        other = by_start.get(a)
        if other is not None and (other.start, other.end) == (a, b):
            other.label, other.known = "PERSON", None  # the model said ORG or GPE: the document says person
        elif not any(covered[a:b]):
            mentions.append(_Mention(a, b, "PERSON"))
    return mentions


def _anaphors(body: str, tokens: Sequence[Span], mentions: list[_Mention], knowledge: Knowledge) -> list[_Mention]:
    """Sentence-initial ``Dia``/``Ia``/``Beliau`` and role phrases (``Pemimpin Rusia itu``) as mentions of
    the centre of the sentences before: the first person there who is not an object."""
    index = {a: i for i, (a, _) in enumerate(tokens)}
    people = sorted((m for m in mentions if m.label == "PERSON"), key=lambda m: m.start)
    starts = [m.start for m in people]
    out: list[_Mention] = []
    centres: list[_Mention | None] = []  # per sentence: its centre, once known
    for a, b in sentences(body):
        i = index.get(a)
        anaphor = _anaphor_at(body, tokens, i, b, knowledge) if i is not None else None
        if anaphor is not None:
            ref = next((c for c in reversed(centres[-_ANTECEDENT_REACH:]) if c is not None), None)
            if ref is not None:
                m = _Mention(anaphor[0], anaphor[1], "PERSON", ref=ref.ref or ref)
                out.append(m)
                centres.append(m)
                continue
        centre = None
        for j in range(bisect_left(starts, a), bisect_left(starts, b)):
            if not _is_object(body, tokens, index, people[j]):
                centre = people[j]
                break
        centres.append(centre)
    return out


def _anaphor_at(body: str, tokens: Sequence[Span], i: int, end: int, knowledge: Knowledge) -> Span | None:
    first = body[slice(*tokens[i])]
    if first in _PRONOUNS:
        return tokens[i]
    if first.lower() not in knowledge.roles or not first[:1].isupper():
        return None
    for k in range(i + 1, min(i + 5, len(tokens))):
        if tokens[k][0] >= end:
            break
        word = body[slice(*tokens[k])]
        if word in _DEMONSTRATIVES:
            return tokens[i][0], tokens[k][1]
        if not (word[:1].isupper() or word.lower() in knowledge.roles):
            break
    return None


def _is_object(body: str, tokens: Sequence[Span], index: dict[int, int], m: _Mention) -> bool:
    i = index.get(m.start, 0)
    for k in range(i - 1, max(i - 5, -1), -1):
        word = body[slice(*tokens[k])]
        if word.lower() in _OBJECT_MARKERS:
            return True
        if not word[:1].isupper():
            return False
    return False


# -- 4. products --------------------------------------------------------------------------------


def _products(body: str, tokens: Sequence[Span], mentions: list[_Mention], knowledge: Knowledge) -> list[_Mention]:
    taken = {m.start for m in mentions}
    out: list[_Mention] = []
    for i, span in enumerate(tokens):
        if body[slice(*span)].lower() not in knowledge.product_cues:
            continue
        k = i + 1
        while k < len(tokens):
            end = _capitalised_run(body, tokens, k)
            if end == k or tokens[k][0] in taken:
                break
            end = next((j for j in range(k + 1, end) if tokens[j][0] in taken), end)
            out.append(_Mention(tokens[k][0], tokens[end - 1][1], "PRODUCT"))
            if end < len(tokens) and body[slice(*tokens[end])] in ("dan", ","):
                k = end + 1
            else:
                break
    return out


def _capitalised_run(body: str, tokens: Sequence[Span], k: int) -> int:
    end = k
    while end < len(tokens) and end - k < _MAX_PRODUCT_WORDS:
        text = body[slice(*tokens[end])]
        if not (text[:1].isupper() or (end > k and text[:1].isdigit())):
            break
        end += 1
    return end


# -- 5. grouping --------------------------------------------------------------------------------


def _group(body: str, mentions: list[_Mention], knowledge: Knowledge) -> list[Entity]:
    names = {label: _NameIndex(_text(body, m) for m in mentions if m.label == label and m.ref is None)
             for label in ("PERSON", "ORG")}
    groups: dict[tuple[str, str], list[_Mention]] = {}
    for m in mentions:
        groups.setdefault(_key(body, m, names, knowledge), []).append(m)
    out = []
    for (family, canonical), group in groups.items():
        known = next((m.known for m in group if m.known), None)
        label = known.label if known else Counter(m.label for m in group).most_common(1)[0][0]
        country = known.country if known and label in _PLACE else None
        first = _text(body, next((m for m in group if m.ref is None), group[0]))
        text = canonical if family in names and not known else first
        role = next((m.role for m in group if m.role), None)
        out.append(Entity(text=text, label=label, canonical=known.canonical if known else canonical,
                          country=country, mentions=tuple((m.start, m.end) for m in group), role=role))
    return out


class _NameIndex:
    """The fullest names of one label in a document, found by any of their words (``Putin`` ->
    ``Vladimir Putin``; ``Astra Otoparts`` -> ``PT Astra Otoparts Tbk``)."""

    def __init__(self, names) -> None:
        self._by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for name in sorted(set(names), key=len, reverse=True):
            core = _core(name)
            if len(core) > 1:
                for word in core:
                    self._by_word.setdefault(word, []).append((name, core))

    def fullest(self, text: str) -> str:
        core = _core(text)
        for name, words in self._by_word.get(next(iter(core), ""), ()) if core else ():
            if core <= words:
                return name
        return text


def _core(name: str) -> frozenset[str]:
    """The words of a name without legal forms (PT, Tbk, Persero), lower-cased."""
    return frozenset(w for w in (w.strip("().,").lower() for w in name.split()) if w and w not in _LEGAL_FORMS)


def _key(body: str, m: _Mention, names: dict[str, _NameIndex], knowledge: Knowledge) -> tuple[str, str]:
    if m.ref is not None:
        return _key(body, m.ref, names, knowledge)
    text = _text(body, m)
    if m.label == "PERSON":
        return "PERSON", names["PERSON"].fullest(text)
    known = m.known or _trusted_lookup(knowledge, text, m.label)
    if known:
        m.known = known
        return ("PLACE" if known.label in _PLACE else known.label), known.canonical
    if m.label == "ORG":
        return "ORG", names["ORG"].fullest(text)
    return ("PLACE" if m.label in _PLACE else m.label), text


def _trusted_lookup(knowledge: Knowledge, text: str, label: str) -> Known | None:
    """Knowledge about a name the model found: curated entries always; a gazetteer place (GeoNames
    has cities called Google and The) only when the model read the name as a place too."""
    known = knowledge.lookup(text)
    if known is None or known.kind is None or label in (*_PLACE, "NORP"):
        return known
    return None


def _text(body: str, m: _Mention) -> str:
    return " ".join(body[m.start:m.end].split())
