"""Indonesian named entities: the shipped CRF model, loaded once, tagging token lists with BIO labels.

The model (``kliping/models/ner-id.*``, built by ``make model``) predicts five internal labels:
PERSON, ORG, PLACE, EVENT and FOOD (NERP's dishes). ``tag`` turns them into the record's labels:
PERSON and ORG as they are; PLACE into GPE, or LOC for natural and built places and world regions,
or NORP after a word like *orang* or *suku*; EVENT as it is; FOOD into PRODUCT (OntoNotes counts
foods among products; NERP's food-and-beverage names are the only products a licensed corpus tags —
the entity layer adds products named after a cue noun, ``vaksin Sputnik``). ``tag_internal`` gives the model's own labels (what ``scripts/eval_ner.py`` scores).

A tagger object is not thread-safe (CRFsuite keeps state per call): use one per thread.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from kliping.enrich.ner_features import Featurizer, Gazetteer, Lexicon
from kliping.enrich.tokens import tokenize

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "PRODUCT")
MODELS = Path(__file__).resolve().parents[1] / "models"
MODEL_FILE, LEXICON_FILE, FORMAT = "ner-id.crfsuite.gz", "ner-id.lexicon.json.gz", "kliping.ner/1"
# Internal labels that map one-to-one onto the record's; PLACE is decided per span.
_RECORD = {"PERSON": "PERSON", "ORG": "ORG", "EVENT": "EVENT", "FOOD": "PRODUCT"}
# Tokens that end a sentence for ``find`` (the model was trained on sentences, not paragraphs).
_SENTENCE_END = frozenset(".!?")
_MAX_SENTENCE = 200
_LETTER = re.compile(r"[^\W\d_]")  # an entity needs a letter: sentences without one are not tagged


class NerTagger:
    """The CRF model and its lexicon: ``tag(tokens)`` gives one BIO label per token."""

    def __init__(self, model: bytes, lexicon: dict) -> None:
        if lexicon.get("format") != FORMAT:
            raise ValueError(f"NER lexicon format {lexicon.get('format')!r}, expected {FORMAT!r}")
        self._model = model  # CRFsuite reads the buffer in place: it must outlive the tagger
        self._crf = pycrfsuite.Tagger()
        self._crf.open_inmemory(model)
        self.featurizer = Featurizer(_lexicon(lexicon), frozenset(lexicon["known"]))
        self._loc_heads = frozenset(lexicon["loc_heads"])
        self._regions = frozenset(lexicon["regions"])
        self._norp_cues = frozenset(lexicon["norp_cues"])

    @classmethod
    def load(cls, directory: Path = MODELS) -> NerTagger:
        """Load the model files from ``directory`` (default: the shipped model)."""
        model = gzip.decompress((directory / MODEL_FILE).read_bytes())
        lexicon = json.loads(gzip.decompress((directory / LEXICON_FILE).read_bytes()))
        return cls(model, lexicon)

    def tag_internal(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags over the model's own labels (PERSON, ORG, PLACE, EVENT, FOOD)."""
        if not tokens:
            return []
        return self._crf.tag(self.featurizer.sentence(tokens))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags over the record's labels (see the module docstring for the mapping)."""
        return self.to_record(tokens, self.tag_internal(tokens))

    def tag_batch(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """``tag`` for many sentences."""
        return [self.tag(s) for s in sentences]

    def to_record(self, tokens: Sequence[str], internal: Sequence[str]) -> list[str]:
        """Map internal BIO tags to the record's labels, span by span."""
        out = ["O"] * len(internal)
        for start, end, label in bio_spans(internal):
            record = _RECORD.get(label) or self._place(tokens, start, end, label)
            if record:
                out[start] = "B-" + record
                for k in range(start + 1, end):
                    out[k] = "I-" + record
        return out

    def _place(self, tokens: Sequence[str], start: int, end: int, label: str) -> str | None:
        if label != "PLACE":
            return None
        if start > 0 and tokens[start - 1].lower() in self._norp_cues:
            return "NORP"
        words = [t.lower() for t in tokens[start:end]]
        if words[0] in self._loc_heads or " ".join(words) in self._regions:
            return "LOC"
        return "GPE"

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Entities in running text: ``(start, end, label)`` character spans, record labels."""
        spans = tokenize(text)
        out = []
        for sentence in _sentences(spans, text):
            if not _LETTER.search(text, sentence[0][0], sentence[-1][1]):
                continue
            tokens = [text[a:b] for a, b in sentence]
            for start, end, label in bio_spans(self.tag(tokens)):
                out.append((sentence[start][0], sentence[end - 1][1], label))
        return out


def _lexicon(data: dict) -> Lexicon:
    gazetteers = tuple(
        Gazetteer({tuple(p.split(" ")): tuple(tags) for p, tags in g["phrases"]}, g["max_len"])
        for g in data["gazetteers"]
    )
    return Lexicon(
        titles=frozenset(data["titles"]),
        org_words=frozenset(data["org_words"]),
        loc_words=frozenset(data["loc_words"]),
        name_joiners=frozenset(data["name_joiners"]),
        first_names=frozenset(data["first_names"]),
        last_names=frozenset(data["last_names"]),
        gazetteers=gazetteers,
        token_tags={w: tuple(t) for w, t in data["token_tags"].items()},
    )


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` token spans of a BIO sequence; a stray I- opens a span."""
    out = []
    i, n = 0, len(tags)
    while i < n:
        if tags[i] == "O":
            i += 1
            continue
        label = tags[i][2:]
        j = i + 1
        while j < n and tags[j] == "I-" + label:
            j += 1
        out.append((i, j, label))
        i = j
    return out


def _sentences(spans: list[tuple[int, int]], text: str) -> list[list[tuple[int, int]]]:
    """Cut token spans into sentences at . ! ? (and every _MAX_SENTENCE tokens)."""
    out: list[list[tuple[int, int]]] = [[]]
    for a, b in spans:
        out[-1].append((a, b))
        if (b - a == 1 and text[a] in _SENTENCE_END) or len(out[-1]) >= _MAX_SENTENCE:
            out.append([])
    return [s for s in out if s]


@lru_cache(maxsize=1)
def default_tagger() -> NerTagger:
    """The shipped model, loaded on first use."""
    return NerTagger.load()


def tag(tokens: Sequence[str]) -> list[str]:
    """BIO labels (PERSON, ORG, GPE, LOC, NORP, EVENT) for one tokenised sentence, shipped model."""
    return default_tagger().tag(tokens)


def tag_batch(sentences: Iterable[Sequence[str]]) -> list[list[str]]:
    """``tag`` for many sentences."""
    return default_tagger().tag_batch(sentences)
