#!/usr/bin/env python3
"""`make demo`: build a store from the bundled demo corpus, show what Kliping found, serve the dashboard.

The corpus (``demo/corpus``: 50 fictional pages from 11 fictional outlets, see ``demo/README.md``) goes
through the real ingest path and ``rebuild_clusters`` into ``demo/kliping-demo.db``. The store is reused
while neither the corpus nor Kliping's own code changed since it was built (a fingerprint beside it says).

    scripts/demo.py               build or reuse, print a summary, serve http://127.0.0.1:8000
    scripts/demo.py --no-serve    build or reuse and print the summary only (tests, CI)
    scripts/demo.py --seed        the old demo: each fixture page (and the seed page) as a record
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

import kliping

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "demo" / "corpus"
DEFAULT_DB = REPO / "demo" / "kliping-demo.db"
SEED = REPO.parent / "shared" / "seeds" / "000_306cb9d6b3f4ce8e.txt"
HOST = "127.0.0.1"
STAMP_SUFFIX = ".fingerprint"  # beside the store: what it was built from
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
CODE_SUFFIXES = (".py", ".toml", ".json", ".gz")  # Kliping's code, rules and models: a change means rebuild


def console_for_output() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=150)  # piped or CI: no 80-column folding


# -- build or reuse ------------------------------------------------------------------------------
def fingerprint(corpus: Path) -> str:
    """A hash of the corpus pages and of Kliping's code: the store is stale when either changed."""
    h = hashlib.sha256(kliping.__version__.encode())
    for root, suffixes in ((corpus, (".html",)), (Path(kliping.__file__).parent, CODE_SUFFIXES)):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes)):
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def up_to_date(db: Path, wanted: str) -> bool:
    """The store exists and was built from this corpus with this code."""
    stamp = db.with_name(db.name + STAMP_SUFFIX)
    try:
        return db.is_file() and json.loads(stamp.read_text(encoding="utf-8")).get("fingerprint") == wanted
    except (OSError, ValueError):
        return False


def remove_store(db: Path) -> None:
    for path in (db, *(db.with_name(db.name + s) for s in (*SQLITE_SIDECARS, STAMP_SUFFIX))):
        path.unlink(missing_ok=True)


@dataclass
class Build:
    reused: bool
    seconds: float
    ingest_line: str = ""
    failures: tuple[str, ...] = ()
    clusters: dict[str, int] | None = None


def build(db: Path, corpus: Path = CORPUS, *, force: bool = False) -> Build:
    """Build the demo store from ``corpus`` (or reuse it when up to date): ingest, then clusters."""
    from kliping.collection.build import rebuild_clusters
    from kliping.ingest.run import ingest
    from kliping.store import open_store

    start = time.perf_counter()
    wanted = fingerprint(corpus)
    if not force and up_to_date(db, wanted):
        return Build(reused=True, seconds=time.perf_counter() - start)
    remove_store(db)  # from scratch: pages removed from the corpus must not linger
    db.parent.mkdir(parents=True, exist_ok=True)
    with open_store(db) as store:
        summary = ingest([str(corpus)], store)
        counts = rebuild_clusters(store)
    # the stamp is written last: a build cut short is redone next time
    db.with_name(db.name + STAMP_SUFFIX).write_text(json.dumps({"fingerprint": wanted}), encoding="utf-8")
    return Build(reused=False, seconds=time.perf_counter() - start, ingest_line=summary.line(),
                 failures=tuple(f"{f.key}: {f.reason}" for f in summary.failures), clusters=counts)


# -- the summary -----------------------------------------------------------------------------------
def summarise(db: Path, console: Console, *, port: int) -> dict[str, int]:
    """Print what the store holds (articles, outlets, clusters, people, quotes); returns the counts."""
    from kliping.store import open_store

    with open_store(db) as store:
        articles = {a.id: a for a in store.iter_articles()}
        clusters = store.clusters()
    outlets = Counter(a.outlet.name or a.outlet.domain or "?" for a in articles.values())
    days = sorted((a.published or "")[:10] for a in articles.values() if a.published)
    synd = [c for c in clusters if c.kind == "syndication"]
    stories = [c for c in clusters if c.kind == "story"]
    span = f", {days[0]} to {days[-1]}" if days else ""
    console.print(f"[bold]{len(articles)} articles[/bold] from {len(outlets)} outlets{span}; "
                  f"[bold]{len(synd)}[/bold] syndication clusters "
                  f"({sum(len(c.members) - 1 for c in synd)} copies), [bold]{len(stories)}[/bold] story clusters")

    def label(id_: str) -> str:
        a = articles.get(id_)
        return escape(f"{a.outlet.name}: {a.title}") if a else id_

    table = Table(title="Syndicated copies and their originals", title_justify="left")
    table.add_column("original", overflow="fold")
    table.add_column("copies", overflow="fold")
    for c in synd:
        table.add_row(label(c.original or c.members[0]),
                      "\n".join(escape(articles[m].outlet.name or "?") for m in c.members[1:] if m in articles))
    console.print(table)
    console.print("[bold]Stories told by several outlets[/bold]")
    for c in stories:
        names = sorted({articles[m].outlet.name or "?" for m in c.members if m in articles})
        console.print(f"  {label(c.original or c.members[0])}  [dim]({len(c.members)} articles: "
                      f"{escape(', '.join(names))})[/dim]")
    people = Counter(e.canonical or e.text for a in articles.values() for e in a.entities if e.label == "PERSON")
    console.print("[bold]People most written about:[/bold] " +
                  escape(", ".join(f"{n} ({k})" for n, k in people.most_common(8))))
    console.print("[bold]A few quotes:[/bold]")
    for speaker, text, outlet in _some_quotes(articles.values(), [n for n, _ in people.most_common()], 4):
        console.print(f"  {escape(speaker)} ({escape(outlet)}): [italic]“{escape(text)}”[/italic]")
    console.print(f"\ndashboard: http://{HOST}:{port}")
    return {"articles": len(articles), "syndication": len(synd), "story": len(stories)}


def _some_quotes(articles, speakers: list[str], n: int) -> list[tuple[str, str, str]]:
    """Up to ``n`` direct quotes, one per speaker, taken in the order of ``speakers`` (most written about first)."""
    by_speaker: dict[str, tuple[str, str, str]] = {}
    for a in sorted(articles, key=lambda a: a.published or ""):
        for q in a.quotes:
            if q.kind == "direct" and q.speaker and q.speaker not in by_speaker and 20 <= len(q.text) <= 200:
                by_speaker[q.speaker] = (q.speaker, q.text, a.outlet.name or "?")
    return [by_speaker[s] for s in speakers if s in by_speaker][:n]


# -- serving ---------------------------------------------------------------------------------------
def serve(db: Path, port: int, console: Console) -> int:
    """Serve the dashboard over ``db`` with uvicorn (until Ctrl-C)."""
    try:
        import uvicorn

        from kliping.web.app import create_app
    except ImportError as exc:
        console.print(f"(the dashboard is not available in this checkout: {escape(str(exc))})")
        return 0
    console.print("Serving; press Ctrl-C to stop.")
    uvicorn.run(create_app(str(db)), host=HOST, port=port, log_level="warning")
    return 0


# -- the old demo: fixture pages one by one ------------------------------------------------------
def _fixture_inputs() -> list[tuple[str, bytes, str | None]]:
    out = []
    if SEED.exists():
        out.append(("seed (scraped text)", SEED.read_bytes(), None))
    for page in sorted((REPO / "tests" / "fixtures" / "pages").glob("*/*.html")):
        expected = page.with_suffix(".json")
        url = json.loads(expected.read_text(encoding="utf-8")).get("url") if expected.exists() else None
        out.append((f"{page.parent.name}/{page.stem}", page.read_bytes(), url))
    return out


def show_fixtures(console: Console) -> int:
    """Read the fixture pages (and the seed page, when ../shared is beside the repo); print each record."""
    table = Table(title="Kliping: what each page became", show_lines=False)
    for col in ("page", "outlet", "published", "authors / editors", "¶", "cut out", "syndicated from"):
        table.add_column(col, overflow="fold")
    seed_record = None
    for name, data, url in _fixture_inputs():
        try:
            a = kliping.read(data, url=url)
        except kliping.KlipingError as exc:
            table.add_row(name, "—", "—", escape(str(exc)), "", "", "")
            continue
        if name.startswith("seed"):
            seed_record = a
        kinds = Counter(r.kind for r in a.removed)
        table.add_row(
            name,
            escape(a.outlet.name or "?"),
            (a.published or "—").replace("T", " "),
            escape(", ".join(a.authors) + (" / " + ", ".join(a.editors) if a.editors else "")),
            str(len(a.paragraphs)),
            ", ".join(f"{k}×{v}" for k, v in sorted(kinds.items())),
            escape(a.syndication.source_outlet or "") if a.syndication else "",
        )
    console.print(table)
    if seed_record is not None:
        d = seed_record.to_dict()
        d["body"] = d["body"][:400] + " …"
        d["paragraphs"] = f"{len(seed_record.paragraphs)} spans"
        console.print("\n[bold]The seed page as a record[/bold] (body abridged):")
        console.print_json(json.dumps(d, ensure_ascii=False))
    else:
        console.print("\n(../shared/seeds is not beside the repository: the seed page was skipped)")
    console.print("\nTry it on your own pages:  [bold].venv/bin/kliping extract PAGE.html[/bold]")
    return 0


# -- command line ----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="store to build (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="dashboard port on 127.0.0.1 (default: 8000)")
    parser.add_argument("--no-serve", action="store_true", help="build and print the summary only")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the store even when it is up to date")
    parser.add_argument("--seed", action="store_true", help="show the fixture pages and the seed page as records")
    args = parser.parse_args(argv)
    console = console_for_output()
    if args.seed:
        return show_fixtures(console)
    db = args.db.resolve()
    result = build(db, force=args.rebuild)
    if result.reused:
        console.print(f"Demo store {escape(str(db))} is up to date (corpus and code unchanged): reused.")
    else:
        clusters = ", ".join(f"{k} {v}" for k, v in (result.clusters or {}).items())
        console.print(f"Built {escape(str(db))} from {escape(str(CORPUS.relative_to(REPO)))} in "
                      f"{result.seconds:.1f} s: {result.ingest_line}; clusters: {clusters}")
        for line in result.failures:
            console.print(f"  [red]failed[/red] {escape(line)}")
    summarise(db, console, port=args.port)
    if args.no_serve:
        return 0
    return serve(db, args.port, console)


if __name__ == "__main__":
    sys.exit(main())
