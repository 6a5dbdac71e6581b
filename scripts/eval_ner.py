#!/usr/bin/env python3
"""Score Kliping's entities on the NER test splits in ../shared/data, and time the model on one core.

The headline score goes through ``kliping.analyze()`` — the model plus curated names, document-level
propagation and the naming rules, exactly what a user's record holds: each test sentence's tokens are
joined with spaces, analysed, and every entity mention is mapped back onto the tokens (record labels
to the model's: GPE/LOC/NORP -> PLACE, PRODUCT -> FOOD). The model alone (``tag_internal``) is
scored beside it, and timed: that is the "NER alone" speed.

Each corpus is scored in its own label scheme: the model's labels map back one-to-one
(PERSON -> PER/PERSON/PPL, ORG -> ORG/ORGANISATION/IND/ORGANIZATION, PLACE (the record's GPE, LOC
and NORP) -> LOC/PLACE/PLC/LOCATION, EVENT -> EVT, FOOD -> FNB), and predicted labels a corpus does
not annotate (EVENT and FOOD outside NERP) are not counted. Exact-span P/R/F1, conlleval-style.
indolem NER-UI and NER-UGM (fold 1 test) are for reference only: no license, never trained on.

    python scripts/eval_ner.py [--shared ../shared] [--check]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kliping  # noqa: E402
from kliping.enrich.ner import NerTagger  # noqa: E402
from ner_data import CORPORA, Score, read, score  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# The bars (exact-span F1 on the test split); --check fails below them.
FLOORS = {"nergrit": 0.76, "nerp": 0.78, "idner-news-2k": 0.86}
SPEED_FLOOR = 2000.0  # sentences per second, one core
ORDER = ("nergrit", "nerp", "idner-news-2k", "nerui", "nerugm")


# The record's labels, back in the model's (and so the corpora's) scheme.
_INTERNAL = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "NORP": "PLACE",
             "EVENT": "EVENT", "PRODUCT": "FOOD"}


def analyze_tags(tokens: list[str]) -> list[str]:
    """BIO tags (model labels) of the entity mentions ``kliping.analyze`` finds in the joined tokens."""
    starts, ends, pos = {}, {}, 0
    for i, token in enumerate(tokens):
        starts[pos], ends[pos + len(token)] = i, i
        pos += len(token) + 1
    article = kliping.analyze(" ".join(tokens))
    spans = sorted(((a, b, _INTERNAL[e.label]) for e in article.entities for a, b in e.mentions),
                   key=lambda s: s[0] - s[1])  # longest first: a mention inside another is not a second span
    tags = ["O"] * len(tokens)
    for a, b, label in spans:
        i, j = starts.get(a), ends.get(b)
        if i is None or j is None or any(t != "O" for t in tags[i:j + 1]):
            continue  # a mention that does not fall on the corpus's token boundaries cannot be scored as one
        tags[i] = "B-" + label
        for k in range(i + 1, j + 1):
            tags[k] = "I-" + label
    return tags


def evaluate_analyze(data: Path, name: str) -> Score:
    """Score one corpus's test split through ``kliping.analyze``."""
    test = read(data, name, "test")
    return score([t for _, t in test], [analyze_tags(tokens) for tokens, _ in test], CORPORA[name].scored())


def evaluate(tagger: NerTagger, data: Path, name: str) -> tuple[Score, int, int, float]:
    """Score one corpus's test split: (score, sentences, tokens, seconds spent tagging)."""
    test = read(data, name, "test")
    started = time.perf_counter()
    predicted = [tagger.tag_internal(tokens) for tokens, _ in test]
    seconds = time.perf_counter() - started
    tokens = sum(len(t) for t, _ in test)
    return score([t for _, t in test], predicted, CORPORA[name].scored()), len(test), tokens, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--check", action="store_true", help="exit 1 when a bar is missed")
    args = parser.parse_args()
    data = args.shared / "data"
    started = time.perf_counter()
    tagger = NerTagger.load()
    print(f"model loaded in {time.perf_counter() - started:.2f}s")
    failed = []
    total_sentences, total_seconds = 0, 0.0
    print(f"{'corpus':15} {'P':>7} {'R':>7} {'F1':>7}  {'model F1':>8}  {'sents':>6} {'sents/s':>8}  bar")
    for name in ORDER:
        if not (data / CORPORA[name].splits["test"]).exists():
            print(f"{name:15} (absent)")
            continue
        # A cold cache on the first corpus counts in its speed: that is what a new text costs.
        model, sentences, _, seconds = evaluate(tagger, data, name)
        result = evaluate_analyze(data, name)
        total_sentences += sentences
        total_seconds += seconds
        floor = FLOORS.get(name)
        mark = "" if floor is None else ("ok" if result.f1 >= floor else "MISSED") + f" {floor:.2f}"
        if floor is not None and result.f1 < floor:
            failed.append(name)
        print(
            f"{name:15} {result.precision:7.4f} {result.recall:7.4f} {result.f1:7.4f}  {model.f1:8.4f}  "
            f"{sentences:6d} {sentences / seconds:8.0f}  {mark}"
        )
    if total_seconds:
        speed = total_sentences / total_seconds
        print(f"all test splits: {total_sentences} sentences, {speed:.0f} sentences/s (one core)")
        if speed < SPEED_FLOOR:
            failed.append("speed")
    if failed and args.check:
        print("below the bar: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
