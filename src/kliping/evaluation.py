"""Quality metrics shared by ``make eval``, the CI quality gate and the helpers that tune extraction.

Body text is scored with the article-extraction-benchmark metric: ``\\w+`` tokens, multisets of
4-token shingles, matched / extra / missing counts normalised per page so every page weighs the same,
precision and recall averaged over pages, F1 from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

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


# -- datasets (read from ../shared/data at evaluation time; never copied into the repository) --------


@dataclass(frozen=True, slots=True)
class Page:
    """One evaluation page: raw bytes and whatever ground truth the dataset gives."""

    id: str
    html: bytes
    url: str | None
    body: str | None = None
    title: str | None = None
    published: str | None = None       # ISO with offset, truth to the minute
    published_date: str | None = None  # YYYY-MM-DD, where only the date is known
    authors: tuple[str, ...] = ()


def aeb_pages(root: Path) -> Iterator[Page]:
    """The article-extraction-benchmark development half (``shared/data/aeb-dev``)."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for pid in sorted(truth):
        item = truth[pid]
        html = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        yield Page(pid, html, item.get("url"), body=item.get("articleBody") or "")


def id_news_pages(root: Path) -> Iterator[Page]:
    """Real Indonesian pages with expected values (``shared/data/id-news-pages``)."""
    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        expected = json.loads((root / "expected" / f"{entry['id']}.json").read_text(encoding="utf-8"))["expected"]
        body = expected.get("content")
        if expected.get("paragraphs"):
            body = "\n".join(expected["paragraphs"])
        author = expected.get("author")
        yield Page(
            entry["id"],
            (root / entry["html_file"]).read_bytes(),
            expected.get("url") or entry.get("url"),
            body=body,
            title=expected.get("title"),
            published=expected.get("published_wib"),
            published_date=expected.get("published_date"),
            authors=tuple([author] if isinstance(author, str) else author or ()),
        )


# -- field comparisons ----------------------------------------------------------------------------


def same_minute(predicted: str | None, expected: str | None) -> bool:
    """Same instant to the minute AND the same UTC offset (the page's own zone)."""
    if not predicted or not expected:
        return False
    try:
        a, b = datetime.fromisoformat(predicted), datetime.fromisoformat(expected)
    except ValueError:
        return False
    if a.tzinfo is None or b.tzinfo is None or a.utcoffset() != b.utcoffset():
        return False
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def same_date(predicted: str | None, expected: str | None) -> bool:
    return bool(predicted and expected and predicted[:10] == expected[:10])


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def same_title(predicted: str | None, expected: str | None) -> bool:
    return bool(expected) and _norm(predicted) == _norm(expected)


def same_authors(predicted: list[str] | tuple[str, ...], expected: tuple[str, ...]) -> bool:
    return {_norm(a).casefold() for a in predicted} == {_norm(a).casefold() for a in expected}


@dataclass(frozen=True, slots=True)
class Prediction:
    body: str
    title: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()


@dataclass
class Report:
    """Scores of one system on one dataset; the field accuracies are over pages that have that truth."""

    system: str
    dataset: str
    body: Summary
    title: tuple[int, int] = (0, 0)      # correct, pages with truth
    minute: tuple[int, int] = (0, 0)
    date: tuple[int, int] = (0, 0)
    authors: tuple[int, int] = (0, 0)
    per_page: dict[str, float] = field(default_factory=dict)  # page id -> body F1

    @staticmethod
    def ratio(pair: tuple[int, int]) -> float | None:
        return pair[0] / pair[1] if pair[1] else None


def evaluate(system: str, dataset: str, pages: list[Page], predict: Callable[[Page], Prediction]) -> Report:
    """Score ``predict`` on ``pages``: body (benchmark metric) and the metadata fields with truth."""
    scores, per_page = [], {}
    counts = {"title": [0, 0], "minute": [0, 0], "date": [0, 0], "authors": [0, 0]}
    for page in pages:
        pred = predict(page)
        if page.body is not None:
            s = score_page(pred.body, page.body)
            scores.append(s)
            p, r = s.precision, s.recall
            per_page[page.id] = 2 * p * r / (p + r) if p + r else 0.0
        for key, truth, ok in (
            ("title", page.title, same_title(pred.title, page.title)),
            ("minute", page.published, same_minute(pred.published, page.published)),
            ("date", page.published or page.published_date,
             same_date(pred.published, page.published or page.published_date)),
            ("authors", page.authors, same_authors(pred.authors, page.authors)),
        ):
            if truth:
                counts[key][1] += 1
                counts[key][0] += int(ok)
    return Report(system, dataset, summarise(scores), per_page=per_page,
                  **{k: tuple(v) for k, v in counts.items()})


def kliping_predict(page: Page) -> Prediction:
    """Kliping's extraction alone (``enrich=False``), as scored in the tables."""
    from .errors import KlipingError
    from .pipeline import read

    try:
        a = read(page.html, url=page.url, enrich=False)
    except KlipingError:
        return Prediction("")
    return Prediction(a.body, a.title, a.published, a.authors)
