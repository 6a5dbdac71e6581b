"""The command line: thin commands over the library functions.

Every error the user can cause is a ``KlipingError``: one line on stderr, exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence

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
