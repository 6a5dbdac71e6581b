"""Where documents come from: one SOURCE argument (file, directory, JSONL, WARC, URL, feed, sitemap) as a
stream of ``Document``s, with per-item problems reported as ``Failure``s and the stream going on."""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FetchError, KlipingError
from ..sources.files import read_bytes

if TYPE_CHECKING:
    from .feeds import Limits
    from .fetch import Fetcher, FetchResult


@dataclass(frozen=True, slots=True)
class Document:
    """One page as a source gives it, before extraction."""
    key: str              # identity: the URL the source gives (JSONL url, WARC target URI, fetched URL);
                          # for a bare file: its path as given (the runner swaps in the canonical URL)
    content: bytes        # raw page bytes (HTML or text); bounded by the source's size cap
    url: str | None       # the page URL if known (passed to kliping.read(url=...))
    source: str           # the SOURCE argument it came from (file path, WARC path, feed URL)
    fetched_at: str | None = None   # ISO 8601 when fetched/recorded (WARC-Date, fetch time)
    kind: str = "html"    # "html" | "text" (JSONL {url, text} records are "text")


@dataclass(frozen=True, slots=True)
class Failure:
    source: str           # the SOURCE argument
    key: str | None       # the document key when known
    reason: str           # one clear line: "robots.txt forbids https://x/…", "gzip bomb: …", "timed out after 20 s"
    at: str               # ISO 8601 UTC time


OnFailure = Callable[[Failure], None]

MAX_JSONL_LINE = 20 * 1024 * 1024     # one JSONL record; longer lines are skipped
MAX_JSONL_SKIP = 256 * 1024 * 1024    # a "line" longer than this has no end worth waiting for: file left
# File name endings -> how the file is read (".gz" is stripped first, except for the compound ones).
SUFFIXES = {".warc.gz": "warc", ".warc": "warc", ".jsonl.gz": "jsonl", ".jsonl": "jsonl",
            ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}
# Beside saved pages sit notes and metadata (README.md, ground-truth.json, a CSV index): never articles.
NOT_PAGES = frozenset({".md", ".markdown", ".rst", ".json", ".csv", ".tsv", ".py", ".toml", ".yaml", ".yml",
                       ".ini", ".cfg", ".log", ".xml", ".sql", ".sqlite", ".db"})
# Magic numbers of files that are surely not pages (images, archives, documents, databases).
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"RIFF", b"OggS",
                b"ID3", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"(\xb5/\xfd", b"SQLite format 3",
                b"\x1a\x45\xdf\xa3", b"\x00\x00\x01\x00", b"wOFF", b"wOF2")
_MARKUP = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section)\b", re.IGNORECASE)
_SNIFF = 4096


def iter_documents(source: str, *, fetcher: Fetcher | None = None, on_failure: OnFailure,
                   limits: Limits | None = None) -> Iterator[Document]:
    """Stream the documents of one SOURCE; problems with single items go to ``on_failure``.

    Raises a KlipingError only when the SOURCE itself cannot be opened (missing path, URL that fails).
    """
    if source.startswith(("http://", "https://")) or "://" in source[:12]:
        from .feeds import Limits as _Limits

        yield from _iter_url(source, fetcher=fetcher, on_failure=on_failure, limits=limits or _Limits())
        return
    path = Path(source)
    if path.is_dir():
        yield from _iter_directory(path, source, on_failure)
    elif path.exists():
        yield from _iter_file(path, source, on_failure, key=source, top=True)
    else:
        raise KlipingError(f"{source}: no such file or directory")


# -- local files -----------------------------------------------------------------------------------------

def _iter_directory(root: Path, source: str, on_failure: OnFailure) -> Iterator[Document]:
    """Every non-hidden file under ``root``, in sorted order (directories depth first)."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda exc: on_failure(_fail(source, exc.filename,
                                                f"cannot list directory ({exc.strerror})"))):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                path = Path(dirpath) / name
                yield from _iter_file(path, source, on_failure, key=str(path), top=False)


def _iter_file(path: Path, source: str, on_failure: OnFailure, *, key: str, top: bool) -> Iterator[Document]:
    kind = file_kind(path.name)
    try:
        if kind == "warc":
            from .warc import iter_warc

            yield from iter_warc(path, source=source, on_failure=on_failure)
        elif kind == "jsonl":
            yield from _iter_jsonl(path, source, on_failure)
        else:
            doc = _file_document(path, source, key, kind)
            if isinstance(doc, Document):
                yield doc
            else:
                on_failure(_fail(source, key, doc))
    except KlipingError as exc:
        if top:
            raise  # the SOURCE itself cannot be read
        on_failure(_fail(source, key, str(exc)))


def file_kind(name: str) -> str:
    """How a file is read, from its name: warc, jsonl, html, text, skip or sniff."""
    lower = name.lower()
    for suffix in (".warc.gz", ".jsonl.gz"):
        if lower.endswith(suffix):
            return SUFFIXES[suffix]
    ext = os.path.splitext(lower.removesuffix(".gz"))[1]
    return "skip" if ext in NOT_PAGES else SUFFIXES.get(ext, "sniff")


def _file_document(path: Path, source: str, key: str, kind: str) -> Document | str:
    """One file as a Document, or the reason it is not one."""
    if kind == "skip":
        return f"{key}: a {path.suffix} file, not a page; skipped"
    data = read_bytes(path)
    if not data.strip():
        return f"{key}: empty file"
    if kind == "sniff":
        kind = sniff_kind(data)
        if kind not in ("html", "text"):
            return f"{key}: {kind}, not a page; skipped"
    return Document(key=key, content=data, url=None, source=source, kind=kind)


def sniff_kind(data: bytes) -> str:
    """"html", "text", or why the bytes are not a page ("binary file", "JSON data")."""
    head = data[:_SNIFF]
    if head.startswith(BINARY_MAGIC):
        return "binary file"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte order mark: text after all
        head = head.decode("utf-16", "replace").encode("utf-8")
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if b"\x00" in head or controls > len(head) // 10:
        return "binary file"
    if _MARKUP.search(head):
        return "html"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "JSON data"  # a metadata file beside the pages, not an article
    return "text"


def _iter_jsonl(path: Path, source: str, on_failure: OnFailure) -> Iterator[Document]:
    """One Document per JSONL line ``{"url", "html"}`` or ``{"url", "text"}``, read line by line."""
    try:
        with open(path, "rb") as raw:
            gz = raw.read(2) == b"\x1f\x8b"
        fh = gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise KlipingError(f"{path}: cannot open ({exc.strerror or exc})") from None
    with fh:
        yield from _jsonl_lines(fh, path, source, on_failure, number=0, end=None)


def iter_jsonl_range(path: str | Path, *, source: str, on_failure: OnFailure, start: int, end: int,
                     first_line: int) -> Iterator[Document]:
    """The Documents of the lines of an uncompressed JSONL file that start in bytes [start, end).

    ``first_line`` is the number of the line at ``start``: keys and reasons name lines as a whole-file read does,
    so a file read in byte ranges (by parallel workers) gives the same Documents as one read from the top.
    """
    path = Path(path)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
        fh.seek(start)
    except OSError as exc:
        raise KlipingError(f"{path}: cannot open ({exc.strerror or exc})") from None
    with fh:
        yield from _jsonl_lines(fh, path, source, on_failure, number=first_line - 1, end=end)


def _jsonl_lines(fh, path: Path, source: str, on_failure: OnFailure, *, number: int,
                 end: int | None) -> Iterator[Document]:
    """The lines of an open JSONL file from where it stands (up to byte ``end`` when given)."""
    try:
        while (end is None or fh.tell() < end) and (line := fh.readline(MAX_JSONL_LINE + 1)):
            number += 1
            if len(line) > MAX_JSONL_LINE and not line.endswith(b"\n"):
                on_failure(_fail(source, f"{path}#line{number}",
                                 f"{path}: line {number} longer than {MAX_JSONL_LINE // 2**20} MB; skipped"))
                if not _skip_line(fh):
                    on_failure(_fail(source, None, f"{path}: line {number} never ends; file left"))
                    return
                continue
            result = _jsonl_record(line, path, number, source)
            if isinstance(result, Document):
                yield result
            elif result:
                on_failure(_fail(source, f"{path}#line{number}", result))
    except (OSError, EOFError, zlib.error) as exc:
        on_failure(_fail(source, None, f"{path}: unreadable after line {number} ({exc})"))


def _skip_line(fh) -> bool:
    """Read past the rest of an overlong line; False when it does not end within MAX_JSONL_SKIP."""
    skipped = 0
    while chunk := fh.readline(1024 * 1024):
        if chunk.endswith(b"\n"):
            return True
        skipped += len(chunk)
        if skipped > MAX_JSONL_SKIP:
            return False
    return True


def _jsonl_record(line: bytes, path: Path, number: int, source: str) -> Document | str | None:
    """A Document, the reason the line is not one, or None for a blank line."""
    if not line.strip():
        return None
    where = f"{path}: line {number}"
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return f"{where}: invalid JSON ({str(exc)[:80]})"
    if not isinstance(obj, dict):
        return f"{where}: not a JSON object"
    url = obj.get("url")
    if url is not None and not isinstance(url, str):
        return f"{where}: 'url' is not a string"
    field, kind = ("html", "html") if "html" in obj else ("text", "text")
    body = obj.get(field)
    if not isinstance(body, str) or not body.strip():
        return f"{where}: no 'html' or 'text' string"
    fetched_at = obj.get("fetched_at") if isinstance(obj.get("fetched_at"), str) else None
    return Document(key=url or f"{path}#line{number}", content=body.encode("utf-8", "replace"), url=url or None,
                    source=source, fetched_at=fetched_at, kind=kind)


# -- URLs ------------------------------------------------------------------------------------------------

def _iter_url(source: str, *, fetcher: Fetcher | None, on_failure: OnFailure, limits: Limits) -> Iterator[Document]:
    from .feeds import page_urls, sniff
    from .fetch import Fetcher as _Fetcher

    fetcher = fetcher or _Fetcher()
    # Feeds and sitemaps are fetched without validators: a 304 there would hide pages a crashed run never stored.
    result = fetcher.fetch(source, partial=True, conditional=False)  # a failure here: the SOURCE cannot be opened
    kind = sniff(_head(result), result.content_type)
    if kind in ("html", "text"):
        if result.truncated:
            raise FetchError(f"{source}: response larger than {fetcher.max_bytes // 2**20} MB")
        yield _document(result, source, kind)
        return

    def report(key: str, reason: str) -> None:
        on_failure(_fail(source, key, reason if key in reason else f"{key}: {reason}"))

    for url in page_urls(source, result, kind, fetcher=fetcher, limits=limits, report=report):
        doc = fetch_page(url, fetcher=fetcher, source=source, on_failure=on_failure)
        if doc is not None:
            yield doc


def fetch_page(url: str, *, fetcher: Fetcher, source: str, on_failure: OnFailure) -> Document | None:
    """One page through the polite fetcher; None when unchanged (304) or failed (reported)."""
    from .feeds import sniff

    try:
        result = fetcher.fetch(url)
    except FetchError as exc:
        on_failure(_fail(source, url, str(exc)))
        return None
    if result.not_modified:
        return None
    ctype = result.content_type
    if ctype and not ctype.startswith(("text/html", "application/xhtml", "text/plain", "application/xml",
                                       "text/xml")):
        on_failure(_fail(source, url, f"{url}: not an HTML page (Content-Type {ctype})"))
        return None
    kind = sniff(result.body, ctype)
    if kind not in ("html", "text"):
        on_failure(_fail(source, url, f"{url}: a {kind} document, not a page"))
        return None
    return _document(result, source, kind)


def _document(result: FetchResult, source: str, kind: str) -> Document:
    return Document(key=result.final_url, content=result.body, url=result.final_url, source=source,
                    fetched_at=result.fetched_at, kind=kind)


def _head(result: FetchResult) -> bytes:
    from .feeds import ungzip

    try:
        return ungzip(result.body[:16384], 16384)[0]
    except KlipingError:
        return result.body[:16384]


def _fail(source: str, key: str | None, reason: str) -> Failure:
    return Failure(source=source, key=key, reason=" ".join(str(reason).split()),
                   at=datetime.now(UTC).isoformat(timespec="seconds"))


__all__ = ["Document", "Failure", "iter_documents", "iter_jsonl_range", "fetch_page", "file_kind", "sniff_kind"]
