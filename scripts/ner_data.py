"""The NER corpora in ../shared/data: readers, label schemes, and exact-span scoring.

Used by scripts/train_ner.py, scripts/eval_ner.py and tests/test_ner.py. The model's internal labels
are PERSON, ORG, PLACE, EVENT and FOOD; each corpus maps its own tags onto them (and back, for scoring).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kliping.enrich.ner import bio_spans

Sentence = tuple[list[str], list[str]]  # tokens, BIO tags in the model's internal labels


@dataclass(frozen=True)
class Corpus:
    """One corpus: where its splits are, how its columns split, how its labels map to ours."""

    name: str
    splits: dict[str, str]  # split -> path under shared/data
    labels: dict[str, str]  # corpus label -> internal label; unlisted labels are read as O
    license: str
    trainable: bool  # may the shipped model learn from it (its license allows it)

    def scored(self) -> frozenset[str]:
        """Internal labels this corpus annotates: predictions of other labels are not scored."""
        return frozenset(self.labels.values())


_INDOLEM = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "LOCATION": "PLACE"}
CORPORA = {
    c.name: c
    for c in (
        Corpus(
            "idner-news-2k",
            {
                "train": "idner-news-2k/train.txt",
                "dev": "idner-news-2k/dev.txt",
                "test": "idner-news-2k/test.txt",
            },
            {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"},
            "MIT",
            True,
        ),
        Corpus(
            "nergrit",
            {
                s: f"indonlu-ner/nergrit/{f}_preprocess.txt"
                for s, f in (("train", "train"), ("dev", "valid"), ("test", "test"))
            },
            {"PERSON": "PERSON", "ORGANISATION": "ORG", "PLACE": "PLACE"},
            "Apache-2.0 (IndoNLU); NERGrit contributors credited",
            True,
        ),
        Corpus(
            "nerp",
            {
                s: f"indonlu-ner/nerp/{f}_preprocess.txt"
                for s, f in (("train", "train"), ("dev", "valid"), ("test", "test"))
            },
            {"PPL": "PERSON", "IND": "ORG", "PLC": "PLACE", "EVT": "EVENT", "FNB": "FOOD"},
            "Apache-2.0 (IndoNLU)",
            True,
        ),
        # No license stated: evaluation only, never training (not even for gazetteers).
        Corpus("nerui", {"test": "indolem-ner/nerui/test.01.tsv"}, _INDOLEM, "none stated", False),
        # NER-UGM also tags TIME and QUANTITY, which the model does not: they are read as O.
        Corpus("nerugm", {"test": "indolem-ner/nerugm/test.01.tsv"}, _INDOLEM, "none stated", False),
    )
}


def read(data: Path, corpus: str, split: str) -> list[Sentence]:
    """Read one split (token first, tag last on each line; blank lines between sentences)."""
    spec = CORPORA[corpus]
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(data / spec.splits[split], encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            tokens.append(parts[0])
            tags.append(_internal(parts[-1], spec.labels))
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def _internal(tag: str, labels: dict[str, str]) -> str:
    if tag == "O" or tag[2:] not in labels:
        return "O"
    return tag[:2] + labels[tag[2:]]


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end, label)`` of a BIO sequence (a stray I- opens a span)."""
    return set(bio_spans(tags))


@dataclass(frozen=True)
class Score:
    """Exact-span precision, recall and F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]], labels: frozenset[str]) -> Score:
    """Score predicted against gold tags, counting only spans whose label the corpus annotates."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs = {s for s in spans(g) if s[2] in labels}
        ps = {s for s in spans(p) if s[2] in labels}
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return Score(tp, fp, fn)
