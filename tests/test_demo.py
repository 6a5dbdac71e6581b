"""The bundled demo corpus (demo/) and `make demo` (scripts/demo.py): it ingests cleanly, the copies
find their originals, stories form, hostile-looking text stays text, and the script builds a store."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from kliping.article import normalise_url
from kliping.collection.build import rebuild_clusters
from kliping.ingest.run import ingest
from kliping.store import open_store

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo"
CORPUS = DEMO / "corpus"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


corpus_source = _load("demo_build_corpus", DEMO / "build_corpus.py")
ITEMS = corpus_source.parse(corpus_source.ARTICLES.read_text(encoding="utf-8"))
PAGES = {p.key: p for p in corpus_source.pages(ITEMS)}
COPIES = {i.key: i.head["copy_of"] for i in ITEMS if "copy_of" in i.head}  # copy -> its original


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The corpus ingested once into a fresh store (with clusters), plus the ingest summary."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(db)
    summary = ingest([str(CORPUS)], store)
    rebuild_clusters(store)
    yield store, summary
    store.close()


def stored(store, key: str):
    """The stored article of a corpus item (pages are known by the canonical URL they declare)."""
    article = store.get_by_key(normalise_url(PAGES[key].url))
    assert article is not None, f"{key} ({PAGES[key].url}) not stored"
    return article


def test_demo_corpus_pages_match_their_source():
    rendered = corpus_source.render_all()
    on_disk = {str(p.relative_to(CORPUS)): p.read_text(encoding="utf-8") for p in CORPUS.glob("*/*.html")}
    assert sorted(rendered) == sorted(on_disk), "run demo/build_corpus.py after editing demo/articles.txt"
    stale = [name for name in rendered if rendered[name] != on_disk[name]]
    assert not stale, f"out of date (run demo/build_corpus.py): {stale}"


def test_demo_corpus_has_the_promised_shape():
    layouts = {p.outlet.layout for p in PAGES.values()}
    assert 45 <= len(PAGES) <= 60
    assert len(layouts) >= 10 and "wordpress" in layouts  # profiles by markup, and the generic extractor
    assert len(COPIES) >= 8 and len(set(COPIES.values())) >= 5
    assert sum(1 for p in PAGES.values() if p.page_no == 2) == 2
    assert all(p.outlet.domain.endswith(".example") for p in PAGES.values())


def test_demo_corpus_ingests_every_page_once(built):
    store, summary = built
    assert summary.failed == 0, summary.failures
    assert summary.added == len(PAGES) == store.count()
    assert len({stored(store, key).id for key in PAGES}) == len(PAGES)


def test_demo_reingest_adds_nothing(built):
    store, _ = built
    again = ingest([str(CORPUS)], store)
    assert (again.added, again.updated, again.failed) == (0, 0, 0)
    assert store.count() == len(PAGES)


def test_demo_pages_keep_their_printed_time_and_title(built):
    store, _ = built
    for key, page in PAGES.items():
        article = stored(store, key)
        assert article.published == page.when.isoformat(), key
        assert article.title == page.title, key


def test_demo_copies_cluster_with_their_declared_originals(built):
    store, _ = built
    clusters = store.clusters("syndication")
    for copy, source in COPIES.items():
        c_article, s_article = stored(store, copy), stored(store, source)
        assert c_article.syndication is not None, copy
        assert c_article.syndication.source_outlet == PAGES[source].outlet.name, copy
        holding = [c for c in clusters if c_article.id in c.members]
        assert len(holding) == 1 and holding[0].original == s_article.id, copy
    assert len(clusters) == len(set(COPIES.values()))  # independent reports are not mistaken for copies


def test_demo_has_stories_told_by_several_outlets(built):
    store, _ = built
    copies = {stored(store, k).id for k in COPIES}
    outlets = {a.id: a.outlet.name for a in store.iter_articles()}
    stories = store.clusters("story")
    assert stories
    assert any(len({outlets[m] for m in c.members if m not in copies}) >= 2 for c in stories)


def test_demo_script_tags_in_an_article_are_stored_as_text(built):
    store, _ = built
    article = stored(store, "s1")
    assert "<script>" in article.title
    assert "<img src=x onerror=alert(document.cookie)>" in article.body
    raw = (CORPUS / "tinta" / "s1.html").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw  # the page itself only carries escaped text


def test_demo_script_builds_then_reuses_the_store(tmp_path):
    db = tmp_path / "demo.db"
    cmd = [sys.executable, str(REPO / "scripts" / "demo.py"), "--no-serve", "--db", str(db)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert first.returncode == 0, first.stderr
    assert f"{len(PAGES)} articles" in first.stdout and "failed 0" in first.stdout
    assert "dashboard: http://127.0.0.1:8000" in first.stdout
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout and f"{len(PAGES)} articles" in second.stdout
