"""The command line: thin commands over the library functions.

Every error the user can cause is a ``KlipingError``: one line on stderr, exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from . import __version__
from .errors import KlipingError

EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2


def _fail(source: str, message: str) -> None:
    print(f"kliping: {source}: {message}" if source else f"kliping: {message}", file=sys.stderr)


def _is_url(s: str) -> bool:
    return "://" in s[:12]


def _load(source: str, args: argparse.Namespace) -> tuple[bytes, str | None, str | None]:
    """The bytes of one input, the URL it stands for, and when it was fetched."""
    from datetime import UTC, datetime

    if source == "-":
        return sys.stdin.buffer.read(), args.url, None
    if _is_url(source):
        from .sources.web import fetch

        page = fetch(source, timeout=args.timeout, allow_private=args.allow_private)
        return page.content, args.url or page.final_url, datetime.now(UTC).isoformat(timespec="seconds")
    from .sources.files import read_bytes

    return read_bytes(source), args.url, None


def _records(args: argparse.Namespace, failures: list[str]) -> Iterator[dict]:
    from .pipeline import read

    for source in args.inputs:
        try:
            data, url, fetched_at = _load(source, args)
            yield read(data, url=url, fetched_at=fetched_at, enrich=not args.no_enrich).to_dict()
        except KlipingError as exc:
            failures.append(source)
            _fail("" if source in str(exc) else source, str(exc))
        except RecursionError:
            failures.append(source)
            _fail(source, "input is nested too deeply to read")
        except MemoryError:
            failures.append(source)
            _fail(source, "input is too large to read in memory")


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract one record per input and print it as JSON (one input) or JSON Lines (several)."""
    if args.url and len(args.inputs) > 1:
        _fail("", "--url applies to a single input")
        return EXIT_INPUT
    jsonl = args.format == "jsonl" or (args.format is None and len(args.inputs) > 1)
    failures: list[str] = []
    out = sys.stdout
    for record in _records(args, failures):
        if jsonl:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        out.flush()
    return EXIT_INPUT if failures else EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Enrich plain text as it is (no boilerplate removal) and print the record as JSON."""
    from .pipeline import analyze
    from .sources.files import read_bytes

    data = sys.stdin.buffer.read() if args.input == "-" else read_bytes(args.input)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        _fail(args.input, "text is not UTF-8")
        return EXIT_INPUT
    record = analyze(text, published=args.published, language=args.language).to_dict()
    sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


# -- the collection ---------------------------------------------------------------------------

DEFAULT_DB = os.environ.get("KLIPING_DB", "kliping.db")


def _store(args: argparse.Namespace, *, create: bool = False):
    from .store import open_store

    if not create and "://" not in str(args.db) and not os.path.exists(args.db):
        raise KlipingError(f"{args.db}: no such store (create one with: kliping ingest SOURCE --db {args.db})")
    return open_store(args.db)


def _emit(args: argparse.Namespace, data, table: Callable[[], None]) -> None:
    if args.format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        table()


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for row in rows:
        t.add_row(*["" if v is None else str(v) for v in row])
    Console().print(t)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest sources into a store, with a progress bar on a terminal and a summary line at the end."""
    from .collection.build import rebuild_clusters
    from .ingest.fetch import Fetcher
    from .ingest.run import ingest

    fetcher = Fetcher(allow_private=args.allow_private, timeout=args.timeout, min_interval=args.min_interval)
    total = _estimate(args.sources) if sys.stderr.isatty() else None
    with _store(args, create=True) as store, _progress(sys.stderr.isatty(), total) as advance:
        if args.engine:  # sharded: shard outputs under --work-dir, then one merge into the store
            from .engine import default_work_dir, ingest_sharded

            summary = ingest_sharded(args.sources, store, engine=args.engine, jobs=args.jobs, fetcher=fetcher,
                                     work_dir=args.work_dir or default_work_dir(str(args.db)),
                                     shard_size=args.shard_size, ray_address=args.ray_address,
                                     on_progress=advance)
        else:
            summary = ingest(args.sources, store, jobs=args.jobs, fetcher=fetcher, on_progress=advance)
        if not args.no_clusters:
            rebuild_clusters(store, stories=not args.no_stories)
    print(summary.line(), file=sys.stderr)
    for failure in summary.failures[:5]:
        _fail(failure.key or failure.source, failure.reason)
    if len(summary.failures) > 5:
        print(f"kliping: … {len(summary.failures) - 5} more failures: kliping stats --db {args.db}", file=sys.stderr)
    return EXIT_INPUT if summary.failed and not (summary.added or summary.updated or summary.unchanged
                                                 or summary.skipped) else EXIT_OK


def _estimate(sources: Sequence[str]) -> int | None:
    """How many documents the sources hold, when that is cheap to know (files, folders, JSONL); else None."""
    total = 0
    for source in sources:
        path = os.path.abspath(source)
        if os.path.isdir(path):
            total += sum(len([f for f in files if not f.startswith(".")]) for _, _, files in os.walk(path))
        elif source.endswith(".jsonl") and os.path.isfile(path) and os.path.getsize(path) < 20 << 30:
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    total += chunk.count(b"\n")
        elif os.path.isfile(path) and not source.endswith((".warc", ".warc.gz", ".jsonl.gz")):
            total += 1
        else:
            return None  # a WARC, a feed, a URL: only reading it tells
    return total


class _progress:
    """A rich progress bar (count, rate, elapsed, and ETA when the total is known) on a terminal."""

    def __init__(self, enabled: bool, total: int | None = None) -> None:
        self.enabled = enabled
        self.total = total
        self._bar = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns = [SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
        if self.total:
            columns.append(TimeRemainingColumn())
        self._bar = Progress(*columns, transient=True)
        self._bar.__enter__()
        task = self._bar.add_task("ingest", total=self.total or None, rate="")
        import time

        started = time.monotonic()

        def advance(n: int) -> None:
            self._bar.advance(task, n)
            done = self._bar.tasks[0].completed
            self._bar.update(task, rate=f"{done / max(time.monotonic() - started, 1e-6):.1f} pages/s")

        return advance

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def cmd_search(args: argparse.Namespace) -> int:
    """Full-text search, best first."""
    with _store(args) as store:
        hits = store.search(args.query, limit=args.limit, outlet=args.outlet, since=args.since, until=args.until,
                            entity=args.entity, language=args.language)
    data = [{"id": h.id, "url": h.url, "title": h.title, "outlet": h.outlet, "published": h.published,
             "score": round(h.score, 4), "snippet": h.snippet} for h in hits]
    _emit(args, data, lambda: _table(f"search: {args.query}", ("id", "published", "outlet", "title", "score"),
                                     [(h["id"], h["published"], h["outlet"], h["title"], h["score"]) for h in data]))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """One stored record."""
    with _store(args) as store:
        article = store.get(args.id)
    if article is None:
        raise KlipingError(f"no article with id {args.id}")
    record = article.to_dict()

    def table() -> None:
        _table(record["title"] or args.id, ("field", "value"), [
            ("id", record["id"]), ("url", record["url"]), ("outlet", record["outlet"]["name"]),
            ("published", record["published"]), ("authors", ", ".join(record["authors"])),
            ("entities", ", ".join(e["canonical"] or e["text"] for e in record["entities"][:15])),
            ("quotes", len(record["quotes"])), ("summary", record["summary"])])
    _emit(args, record, table)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts: articles, clusters, per source; the recorded failures with their reasons."""
    with _store(args) as store:
        data = store.stats()

    def table() -> None:
        _table("store", ("what", "count"), [("articles", data["articles"]), ("clusters", data["clusters"]),
                                            *[(f"source {k}", v) for k, v in data["sources"].items()]])
        if data["failures"]:
            _table("failures", ("source", "key", "reason", "at"),
                   [(f["source"], f["key"], f["reason"], f["at"]) for f in data["failures"]])
    _emit(args, data, table)
    return EXIT_OK


def cmd_clusters(args: argparse.Namespace) -> int:
    """Syndication and story clusters, each with its original."""
    with _store(args) as store:
        data = []
        for c in store.clusters(args.kind):
            members = store.members(list(c.members))
            original = next((m for m in members if m and m.id == c.original), None)
            data.append({"id": c.id, "kind": c.kind,
                         "original": {"id": c.original, "url": original.url if original else None},
                         "articles": [{"id": m.id, "url": m.url, "outlet": m.outlet, "published": m.published}
                                      for m in members if m]})
    _emit(args, data, lambda: _table("clusters", ("id", "kind", "original", "articles"), [
        (c["id"], c["kind"], c["original"]["url"] or c["original"]["id"], len(c["articles"])) for c in data]))
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    """What a reader should really read next: the same story or strongly related, not copies."""
    from datetime import datetime, timedelta

    from .collection.build import docs_of
    from .collection.stories import RELATED_WINDOW_DAYS, related

    with _store(args) as store:
        article = store.get(args.id)
        if article is None:
            raise KlipingError(f"no article with id {args.id}")
        since = until = None
        if article.published:
            when = datetime.fromisoformat(article.published)
            since = (when - timedelta(days=RELATED_WINDOW_DAYS)).isoformat()
            until = (when + timedelta(days=RELATED_WINDOW_DAYS)).isoformat()
        docs = docs_of(store.iter_articles(since=since, until=until))
        if all(d.id != article.id for d in docs):
            docs += docs_of([article])
        found = related(article.id, docs, k=args.limit)
        data = []
        for doc_id, score in found:
            m = store.get(doc_id)
            data.append({"id": doc_id, "score": round(float(score), 4), "url": m.url if m else None,
                         "title": m.title if m else None, "outlet": m.outlet.name if m else None})
    _emit(args, data, lambda: _table(f"related to {args.id}", ("id", "score", "outlet", "title"),
                                     [(d["id"], d["score"], d["outlet"], d["title"]) for d in data]))
    return EXIT_OK


def cmd_trending(args: argparse.Namespace) -> int:
    """Names rising against their own baseline in the last window (as of the newest article by default)."""
    from datetime import datetime

    from .collection.trends import parse_window, trending

    try:
        window = parse_window(args.window)
    except ValueError as exc:
        raise KlipingError(str(exc)) from None
    with _store(args) as store:
        end = datetime.fromisoformat(args.at) if args.at else store.latest_published()
        if end is None:
            data = []
        else:
            def counts(since, until):
                return {(name, None): n for name, n in
                        store.entity_counts(since.isoformat(), until.isoformat()).items()}

            trends = trending(counts, end=end, window=window, limit=args.limit)
            data = [{"name": t.name, "articles": t.count, "expected": t.expected, "score": t.score}
                    for t in trends]
    _emit(args, data, lambda: _table(f"trending, {args.window}", ("name", "articles", "expected", "score"),
                                     [tuple(d.values()) for d in data]))
    return EXIT_OK


def cmd_entity(args: argparse.Namespace) -> int:
    """A name's timeline, its quotes, who appears with it, and which outlets quote it."""
    from .collection.build import entity_profile

    with _store(args) as store:
        profile = entity_profile(store, args.name, limit=args.limit)
    if not profile.articles:
        raise KlipingError(f"no article mentions {args.name!r}")
    data = profile.to_dict()

    def table() -> None:
        _table(f"{profile.name}: {profile.articles} articles", ("day", "articles"), profile.timeline)
        _table("quotes", ("published", "outlet", "kind", "text"),
               [(q["published"], q["outlet"], q["kind"], q["text"][:160]) for q in profile.quotes])
        _table("appears with", ("name", "articles"), profile.cooccurring)
    _emit(args, data, table)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Stream stored articles out as jsonl, parquet, jsonld or gkg."""
    from .export import write

    with _store(args) as store:
        articles = store.iter_articles(since=args.since, until=args.until, outlet=args.outlet,
                                       language=args.language, entity=args.entity)
        if args.format == "parquet" and not args.output:
            raise KlipingError("parquet is binary: give --output FILE")
        if args.output:
            mode = "wb" if args.format == "parquet" else "w"
            with open(args.output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as out:
                n = write(articles, args.format, out)
        else:
            n = write(articles, args.format, sys.stdout)
    print(f"exported {n} articles", file=sys.stderr)
    return EXIT_OK


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the JSON API and the dashboard over a store (uvicorn, one worker)."""
    import uvicorn

    from .web.app import create_app

    if not 0 < args.port < 65536:
        raise KlipingError(f"--port {args.port}: give a port between 1 and 65535")
    _store(args).close()  # refuse a missing store the way the other commands do
    token = os.environ.get("KLIPING_TOKEN") or None
    # On loopback, only loopback Host names are answered: a web page cannot reach the API by DNS rebinding.
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if args.host in LOOPBACK_HOSTS else None
    app = create_app(args.db, token=token, allowed_hosts=hosts)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"kliping: serving {args.db} on http://{shown}:{args.port}/ (API: /api, docs: /docs; "
          f"writes {'need the bearer token' if token else 'disabled: KLIPING_TOKEN is not set'})", file=sys.stderr)
    if args.host not in LOOPBACK_HOSTS:
        print(f"kliping: warning: listening on {args.host}, reachable from other machines", file=sys.stderr)
    # One worker (the thread pool serves concurrent requests, one SQLite connection per thread); past
    # 256 open requests uvicorn answers 503 at once instead of queueing without bound.
    uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level=args.log_level,
                access_log=args.log_level == "debug", server_header=False, limit_concurrency=256)
    return EXIT_OK


def _read_command(sub, name: str, help_: str, func, **kw) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help_, description=help_[:1].upper() + help_[1:] + ".", **kw)
    p.add_argument("--db", default=DEFAULT_DB, help=f"the store (default: $KLIPING_DB or {DEFAULT_DB})")
    if name != "export":
        p.add_argument("--format", choices=("table", "json"), default="table", help="output (default: table)")
    p.set_defaults(func=func)
    return p


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--outlet", help="outlet name or domain")
    p.add_argument("--since", help="published on or after (ISO date or datetime)")
    p.add_argument("--until", help="published before (ISO date or datetime)")
    p.add_argument("--entity", help="mentions this entity (canonical name or text)")
    p.add_argument("--language", help="ISO 639-1 code")


def _collection_parsers(sub) -> None:
    ing = sub.add_parser(
        "ingest", help="ingest files, directories, JSONL, WARC, URLs, sitemaps or feeds into a store",
        description="Read every SOURCE into the store: a file, a directory (recursive), a .jsonl of {url, html} or "
        "{url, text}, a .warc/.warc.gz, or a URL (a page, a sitemap, a news sitemap, an RSS/Atom feed). "
        "Re-ingesting adds nothing; a changed page is updated. Safe to kill and rerun.",
        epilog="examples:\n  kliping ingest pages/ --db berita.db --jobs 2\n"
        "  kliping ingest crawl.warc.gz --db berita.db\n  kliping ingest https://www.example.co.id/rss --db berita.db",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ing.add_argument("sources", nargs="+", metavar="SOURCE")
    ing.add_argument("--db", default=DEFAULT_DB, help=f"the store (default: $KLIPING_DB or {DEFAULT_DB})")
    ing.add_argument("--jobs", type=int, default=1, help="worker processes for extraction (default 1)")
    ing.add_argument("--timeout", type=float, default=20.0, help="seconds per HTTP request (default 20)")
    ing.add_argument("--min-interval", type=float, default=1.0, help="seconds between requests to one host")
    ing.add_argument("--allow-private", action="store_true", help="allow private, loopback, link-local hosts")
    ing.add_argument("--no-clusters", action="store_true", help="skip rebuilding the clusters afterwards")
    ing.add_argument("--no-stories", action="store_true", help="rebuild syndication clusters only")
    ing.add_argument("--engine", choices=("local", "ray"),
                     help="sharded run: shards processed by local processes (--jobs) or Ray tasks, each shard's "
                     "output kept as Parquet so a rerun skips it, then merged (default: the streaming loop)")
    ing.add_argument("--work-dir", help="where --engine keeps shard outputs (default: <db>.shards)")
    ing.add_argument("--shard-size", type=int, default=100, help="documents per shard for --engine (default 100)")
    ing.add_argument("--ray-address", help="Ray cluster to use with --engine ray (default: $RAY_ADDRESS, else a "
                     "local Ray instance with --jobs CPUs)")
    ing.set_defaults(func=cmd_ingest)

    p = _read_command(sub, "search", "full-text search (Indonesian stemming, \"phrases\", OR, -word, prefix*)",
                      cmd_search)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=10)
    _filters(p)
    _read_command(sub, "show", "show one stored article", cmd_show).add_argument("id")
    _read_command(sub, "stats", "counts per store, per source, and the failures with their reasons", cmd_stats)
    p = _read_command(sub, "clusters", "syndication and story clusters with their originals", cmd_clusters)
    p.add_argument("--kind", choices=("syndication", "story"))
    p = _read_command(sub, "related", "articles a reader should read next", cmd_related)
    p.add_argument("id")
    p.add_argument("--limit", type=int, default=5)
    p = _read_command(sub, "trending", "entities rising against their own baseline", cmd_trending)
    p.add_argument("--window", default="24h", help="24h, 7d, 36h… (default 24h)")
    p.add_argument("--at", help="end of the window (ISO datetime; default: the newest article's time)")
    p.add_argument("--limit", type=int, default=20)
    p = _read_command(sub, "entity", "a name's timeline, quotes, company and the outlets quoting it", cmd_entity)
    p.add_argument("name")
    p.add_argument("--limit", type=int, default=20)
    srv = sub.add_parser("serve", help="serve the JSON API and the dashboard over a store",
                         description="Serve the JSON API (/api, documented at /docs) and the dashboard over a store. "
                         "Writes (POST /api/articles) need the bearer token in $KLIPING_TOKEN; without it they are "
                         "refused.", epilog="example:\n  KLIPING_TOKEN=$(openssl rand -hex 16) kliping serve --db berita.db",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    srv.add_argument("--db", default=DEFAULT_DB, help=f"the store (default: $KLIPING_DB or {DEFAULT_DB})")
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    srv.add_argument("--log-level", default="warning", choices=("critical", "error", "warning", "info", "debug"),
                     help="server log level (default warning; debug also logs each request)")
    srv.set_defaults(func=cmd_serve)
    p = _read_command(sub, "export", "export stored articles", cmd_export)
    p.add_argument("--format", choices=("jsonl", "parquet", "jsonld", "gkg"), default="jsonl")
    p.add_argument("--output", "-o", help="file to write (default: stdout; required for parquet)")
    _filters(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kliping",
        description="News intelligence for Indonesian online media: pages in, structured article records out.",
    )
    parser.add_argument("--version", action="version", version=f"kliping {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="extract article records from pages (files, URLs or stdin)",
        description="Extract one article record per input: a saved HTML page (optionally .gz), scraped text, "
        "a URL, or '-' for stdin. Prints pretty JSON for one input, JSON Lines for several.",
        epilog="examples:\n  kliping extract page.html\n  kliping extract --no-enrich a.html b.txt > records.jsonl\n"
        "  curl -s URL | kliping extract - --url URL",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("inputs", nargs="+", metavar="PATH|URL|-", help="input pages")
    ex.add_argument("--format", choices=("json", "jsonl"), help="output format (default: json for one input)")
    ex.add_argument("--url", help="the page's URL, when the input is a file or stdin")
    ex.add_argument("--no-enrich", action="store_true", help="extraction only: skip the enrichment stages")
    ex.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a URL (default 20)")
    ex.add_argument(
        "--allow-private", action="store_true", help="allow URLs on private, loopback or link-local addresses"
    )
    ex.set_defaults(func=cmd_extract)

    an = sub.add_parser(
        "analyze",
        help="enrich plain text: entities, quotes, amounts, dates, events",
        description="Enrich a UTF-8 text as it is: the body is the text, unchanged, so every span indexes it. "
        "Use 'extract' for pages (it removes the page furniture first).",
        epilog="examples:\n  kliping analyze berita.txt --published 2021-12-16T15:48:00+07:00\n"
        "  echo 'Presiden Budi Santoso tiba di Jakarta pada Senin.' | kliping analyze -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    an.add_argument("input", metavar="PATH|-", help="a UTF-8 text file, or '-' for stdin")
    an.add_argument("--published", help="publication time (ISO 8601) that relative dates are resolved against")
    an.add_argument("--language", help="ISO 639-1 code; skips language detection")
    an.set_defaults(func=cmd_analyze)
    _collection_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INPUT
    try:
        return args.func(args)
    except KlipingError as exc:
        _fail("", str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # quiet exit when piped into head
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the user gets one line, not a traceback
        if args.debug:
            raise
        _fail("", f"internal error ({type(exc).__name__}: {exc}); rerun with --debug and report it")
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
