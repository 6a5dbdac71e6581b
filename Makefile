# The set-up contract: each target installs what it needs first, so any of them works on a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install test demo eval bench lint model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,eval]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests need Debian's chromium and chromium-driver, the store tests a PostgreSQL server on loopback:
# both installed (Debian packages) and started here when missing and root; else those tests skip.
test: $(STAMP)
	sh scripts/ensure_chromium.sh
	sh scripts/ensure_postgres.sh
	$(VENV)/bin/ruff check src tests scripts
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts

# Build a store from the bundled fictional corpus (demo/corpus), print what it holds, serve the dashboard
# on http://127.0.0.1:8000 (Ctrl-C stops it). `scripts/demo.py --no-serve` builds only; `--seed` prints the seed record.
demo: $(STAMP)
	$(PY) scripts/demo.py

# Quality on ../shared/data (skips what is absent): extraction side by side with trafilatura, entities
# through kliping.analyze() on the NER test splits, syndication/originals/phrase search on real pages.
eval: $(STAMP)
	$(PY) scripts/evaluate.py --shared $(SHARED)
	$(PY) scripts/eval_ner.py --shared $(SHARED)
	$(PY) scripts/eval_collection.py --shared $(SHARED)

# Speed and memory: extraction and the whole pipeline side by side with trafilatura (one process each);
# ingest rate with --jobs 2, MinHash signature rate, search latency over a large store, WARC streaming;
# the API under load (search at 200 requests/s for 30 s on loopback).
bench: $(STAMP)
	$(PY) scripts/bench.py --shared $(SHARED)
	$(PY) scripts/bench_collection.py --shared $(SHARED)
	$(PY) scripts/bench_api.py --shared $(SHARED)

# Rebuild the place gazetteer (CLDR, pycountry, GeoNames) and the shipped NER model from ../shared/data
# (licensed training splits only; see src/kliping/models/NOTICE.md).
model: $(STAMP)
	$(PY) -m pip install --quiet -e '.[model]'
	$(PY) scripts/build_places.py
	$(PY) scripts/train_ner.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache
