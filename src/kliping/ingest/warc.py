"""Pages from WARC files (``.warc`` / ``.warc.gz``): every 2xx HTML response record, streamed.

FastWARC reads the file when installed, warcio otherwise; both hand over the raw HTTP payload, which is
de-chunked and decoded (gzip/deflate) here with a size cap, so a 5 GB archive passes in bounded memory and
a gzip bomb costs at most the cap. A record shorter than its header promises means the file is truncated
or corrupt: that is reported once and the file is left.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import KlipingError
from ..sources.files import Inflater
from .fetch import MAX_BYTES
from .sources import Document, Failure

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024
_MAX_CHUNK_LINE = 1024


class CorruptWarc(KlipingError):
    """The WARC stream ends early or holds something that is not a WARC record."""

    code = "E102"


@dataclass(slots=True)
class _Record:
    uri: str | None
    date: str | None
    status: int | None
    content_type: str       # media type, lower-cased, no parameters
    encoding: str           # Content-Encoding
    chunked: bool           # Transfer-Encoding: chunked (kept as sent by most crawlers)
    stream: Any             # the raw HTTP payload: read(n) -> bytes
    expected: int           # payload bytes the record header promises


class _Counting:
    """Counts what is read from a record's payload (a short count means a truncated file)."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.count = stream, 0

    def read(self, n: int) -> bytes:
        data = self.stream.read(n)
        self.count += len(data)
        return data

    def drain(self) -> None:
        consume = getattr(self.stream, "consume", None)  # FastWARC skips without copying
        if consume is not None:
            self.count += consume()
            return
        while chunk := self.stream.read(1024 * 1024):
            self.count += len(chunk)


def iter_warc(path: str | Path, *, source: str, on_failure: Callable[[Failure], None],
              max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    """Documents for the HTML responses of one WARC file; raise KlipingError only if it cannot be opened."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below, around the generator's life
    except OSError as exc:
        raise KlipingError(f"{path}: cannot open ({exc.strerror or exc})") from None
    last: str | None = None
    with fh:
        try:
            for rec in _records(fh):
                doc = _page(rec, source, on_failure, max_bytes)
                if doc is not None:
                    yield doc
                last = rec.uri
        except (CorruptWarc, OSError, ValueError, EOFError, zlib.error) as exc:
            after = f"after {last}" if last else "at its start"
            on_failure(Failure(source, last, f"WARC truncated or corrupt {after}: {_line(exc)}", _now()))


def _page(rec: _Record, source: str, on_failure: Callable[[Failure], None], max_bytes: int) -> Document | None:
    """The record as a Document, None when it is not a 2xx HTML page (or failed: reported)."""
    counted = _Counting(rec.stream)
    doc = None
    if rec.status is not None and 200 <= rec.status < 300 and rec.content_type in HTML_TYPES:
        try:
            body = _decode(counted, rec, max_bytes)
        except KlipingError as exc:
            on_failure(Failure(source, rec.uri, f"{rec.uri}: {exc}", _now()))
        else:
            doc = Document(key=rec.uri or "", content=body, url=rec.uri, source=source, fetched_at=rec.date)
    counted.drain()
    if counted.count < rec.expected:
        raise CorruptWarc(f"record {rec.uri} holds {counted.count} of {rec.expected} bytes")
    return doc


def _decode(counted: _Counting, rec: _Record, max_bytes: int) -> bytes:
    inflater = Inflater(rec.encoding, max_bytes=max_bytes)
    parts: list[bytes] = []
    chunks = _dechunk(counted.read) if rec.chunked else iter(lambda: counted.read(_CHUNK), b"")
    for chunk in chunks:
        parts.append(inflater.feed(chunk))
        if inflater.over:
            break
    else:
        parts.append(inflater.finish())
    if inflater.over:
        mb = max_bytes // (1024 * 1024)
        raise KlipingError(f"decompressed size over {mb} MB (a gzip bomb?)" if rec.encoding in ("gzip", "deflate",
                           "x-gzip") else f"page larger than {mb} MB")
    return b"".join(parts)


def _dechunk(read: Callable[[int], bytes]) -> Iterator[bytes]:
    """The data of an HTTP chunked body; a body that is not chunked after all (already decoded) passes as is."""
    buf = b""
    first = True
    while True:
        while b"\n" not in buf[:_MAX_CHUNK_LINE]:
            if len(buf) > _MAX_CHUNK_LINE:
                break
            more = read(_CHUNK)
            if not more:
                if first:
                    yield buf  # a short body without a line break cannot be chunked: it is the page itself
                return
            buf += more
        line, sep, rest = buf.partition(b"\n")
        size_text = line.split(b";")[0].strip()
        if not size_text and sep and not first:
            buf = rest  # the CRLF that closes a chunk
            continue
        try:
            size = int(size_text, 16) if sep and len(size_text) <= 16 else -1
        except ValueError:
            size = -1
        if size < 0:
            if first:  # not chunked at all: pass everything through
                yield buf
                yield from iter(lambda: read(_CHUNK), b"")
                return
            raise CorruptWarc("broken chunked encoding")
        first = False
        if size == 0:
            return
        buf = rest
        while size > 0:
            if not buf:
                buf = read(min(_CHUNK, size))
                if not buf:
                    return
            piece, buf = buf[:size], buf[size:]
            size -= len(piece)
            yield piece


def _records(fh: BinaryIO) -> Iterator[_Record]:
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        return _guarded(_warcio_records(fh))
    return _guarded(_fastwarc_records(fh, ArchiveIterator, WarcRecordType))


def _guarded(records: Iterator[_Record]) -> Iterator[_Record]:
    """Whatever a WARC reader raises while finding the next record (warcio: ArchiveLoadFailed, even
    AttributeError on a cut header) means the file is corrupt from there on."""
    while True:
        try:
            rec = next(records)
        except StopIteration:
            return
        except CorruptWarc:
            raise
        except Exception as exc:  # noqa: BLE001 - see the docstring
            raise CorruptWarc(f"cannot read the next record ({type(exc).__name__}: {_line(exc)})") from None
        yield rec


def _fastwarc_records(fh: BinaryIO, archive_iterator: Any, record_type: Any) -> Iterator[_Record]:
    for r in archive_iterator(fh, record_types=record_type.response, parse_http=True, auto_decode="none",
                              fsspec_args=False):
        uri = r.headers.get("WARC-Target-URI")
        if not uri:
            raise CorruptWarc("a response record without WARC-Target-URI (a cut header?)")
        if r.headers.get("Content-Length") is None:
            raise CorruptWarc(f"record {uri} has no Content-Length (a cut header?)")
        if not r.is_http:
            if uri.startswith(("http:", "https:")):
                raise CorruptWarc(f"record {uri} has no HTTP headers (cut short?)")
            continue  # dns:, ftp: and other non-HTTP captures
        http = r.http_headers
        yield _Record(
            uri=uri, date=r.headers.get("WARC-Date"), status=http.status_code,
            content_type=(r.http_content_type or "").lower(), encoding=http.get("Content-Encoding") or "",
            chunked="chunked" in (http.get("Transfer-Encoding") or "").lower(), stream=r.reader,
            expected=r.content_length,
        )


def _warcio_records(fh: BinaryIO) -> Iterator[_Record]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(fh)
    for r in records:
        if r.rec_type != "response":
            continue
        if not r.rec_headers.get_header("WARC-Target-URI"):
            raise CorruptWarc("a response record without WARC-Target-URI (a cut header?)")
        if r.http_headers is None:
            continue
        http = r.http_headers
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
        ctype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
        yield _Record(
            uri=r.rec_headers.get_header("WARC-Target-URI"), date=r.rec_headers.get_header("WARC-Date"),
            status=status, content_type=ctype, encoding=http.get_header("Content-Encoding") or "",
            chunked="chunked" in (http.get_header("Transfer-Encoding") or "").lower(), stream=r.raw_stream,
            expected=getattr(r.raw_stream, "limit", 0),
        )
    # warcio ends quietly when the file is cut inside a record's header: the bytes after the last whole
    # record are that cut record.
    size = os.fstat(fh.fileno()).st_size
    if records.offset < size:
        fh.seek(records.offset)
        if fh.read(4096).strip():  # blank lines after the last record are allowed
            raise CorruptWarc(f"the file ends inside a record header ({size - records.offset:,} bytes after "
                              "the last whole record)")


def _line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


__all__ = ["iter_warc", "CorruptWarc", "HTML_TYPES"]
