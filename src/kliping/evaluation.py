"""Quality metrics shared by ``make eval``, the CI quality gate and the helpers that tune extraction.

Body text is scored with the article-extraction-benchmark metric: ``\\w+`` tokens, multisets of
4-token shingles, matched / extra / missing counts normalised per page so every page weighs the same,
precision and recall averaged over pages, F1 from the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    # Edge cases as in the benchmark's own evaluate.py: a perfect empty page scores 1,
    # an empty prediction for a non-empty truth scores 0.
    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(predicted: str, expected: str) -> PageScore:
    """Shingle counts for one page, normalised so that tp + fp + fn == 1."""
    pred, true = shingles(predicted), shingles(expected)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if not total:
        return PageScore(1.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True, slots=True)
class Summary:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def summarise(scores: list[PageScore]) -> Summary:
    """Macro precision and recall over pages, as the benchmark computes them."""
    if not scores:
        return Summary(0.0, 0.0, 0)
    p = sum(s.precision for s in scores) / len(scores)
    r = sum(s.recall for s in scores) / len(scores)
    return Summary(p, r, len(scores))
