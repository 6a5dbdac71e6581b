"""Split SOURCE arguments into shards that any worker can turn back into the same Documents.

A shard is a small, picklable description, never the data: a byte range of a JSONL or WARC file, a list of
files of a directory, or a whole source (a single file, a compressed JSONL, a URL, a feed). Splitting reads
no more than it must: newlines are counted block by block, WARC record offsets come from FastWARC's stream
positions without decoding payloads. A shard's id is stable while its input is unchanged (path, size,
modification time, range), so a rerun finds the shards it already finished.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from kliping import __version__
from kliping.errors import KlipingError
from kliping.ingest.sources import Document, Failure, file_kind, iter_documents, iter_jsonl_range

SHARD_SIZE = 100  # documents per shard: JSONL lines, directory files, WARC responses
_BLOCK = 1 << 20  # bytes read at a time when counting lines
_WARC_MAGIC = {True: b"\x1f\x8b", False: b"WARC/"}  # what a record boundary starts with (gzip member or not)


@dataclass(frozen=True, slots=True)
class Shard:
    """One unit of work: which part of which SOURCE, and its place in the run."""

    id: str  # sha256 hex of what the shard reads (path, size, mtime, range)
    index: int  # outputs are merged in this order: the order a sequential read would give
    source: str  # the SOURCE argument
    kind: str  # "whole" | "lines" (JSONL byte range) | "records" (WARC byte range) | "files"
    start: int = 0  # byte range [start, end) for "lines" and "records"
    end: int = 0
    first_line: int = 1  # "lines": the number of the line at ``start``
    files: tuple[str, ...] = ()  # "files": the paths, in the directory's reading order
    cacheable: bool = True  # False for URLs: a feed changes without a local trace, so it is read every run


def plan(sources: Sequence[str], *, size: int = SHARD_SIZE) -> list[Shard]:
    """The shards of every SOURCE, in reading order."""
    shards: list[Shard] = []
    for source in sources:
        for shard in _split(source, max(1, size)):
            shards.append(replace(shard, index=len(shards)))
    return shards


def _split(source: str, size: int) -> Iterator[Shard]:
    if "://" in source[:12]:
        # A URL, sitemap or feed: the fetch is the bottleneck and is paced per host, so one task reads it.
        yield Shard(id=_digest("url", source), index=0, source=source, kind="whole", cacheable=False)
        return
    path = Path(source)
    if path.is_dir():
        yield from _directory_shards(source, size)
        return
    kind = file_kind(path.name)
    stat = _stat(path)
    if kind == "jsonl" and stat and not _gzipped(path):
        yield from _line_shards(source, path, stat, size)
    elif kind == "warc" and stat:
        yield from _warc_shards(source, path, stat, size)
    else:  # one page, a gzip JSONL (no seeking into it), or a path that is missing (the worker reports it)
        yield Shard(id=_digest("whole", source, *(stat or ())), index=0, source=source, kind="whole")


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _gzipped(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(2) == b"\x1f\x8b"
    except OSError:
        return False


def _digest(*parts: object) -> str:
    # The version is part of every id: records made by another release of the extractor are made anew.
    text = "\x00".join(str(p) for p in (f"kliping {__version__}", *parts))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _line_shards(source: str, path: Path, stat: tuple[int, int], size: int) -> Iterator[Shard]:
    """Chunks of ``size`` lines, found by counting newlines block by block (never a whole file in memory)."""
    for start, end, first in line_ranges(path, size):
        yield Shard(id=_digest("lines", source, *stat, start, end), index=0, source=source, kind="lines",
                    start=start, end=end, first_line=first)


def line_ranges(path: str | Path, size: int) -> list[tuple[int, int, int]]:
    """(start, end, first line number) of each chunk of ``size`` lines; together they cover the file once."""
    ranges: list[tuple[int, int, int]] = []
    start, lines, pos, first = 0, 0, 0, 1
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            if lines + block.count(b"\n") < size:  # no cut in this block: count it at C speed
                lines += block.count(b"\n")
                pos += len(block)
                continue
            at = 0
            while (nl := block.find(b"\n", at)) >= 0:
                lines += 1
                at = nl + 1
                if lines == size:
                    ranges.append((start, pos + at, first))
                    start, first, lines = pos + at, first + size, 0
            pos += len(block)
    if pos > start:
        ranges.append((start, pos, first))
    return ranges


def _warc_shards(source: str, path: Path, stat: tuple[int, int], size: int) -> Iterator[Shard]:
    cuts = warc_cuts(path, size)
    bounds = [*cuts, stat[0]]
    for start, end in zip(bounds, bounds[1:], strict=False):
        whole = len(cuts) == 1
        yield Shard(id=_digest("whole" if whole else "records", source, *stat, start, end), index=0, source=source,
                    kind="whole" if whole else "records", start=start, end=end)


def warc_cuts(path: str | Path, size: int) -> list[int]:
    """Byte offsets at which to cut a WARC: before every ``size``-th response record; [0] if it cannot be cut.

    Each cut must start a record on its own (a gzip member, or "WARC/" in a plain file): a WARC gzipped as
    one stream, or one that FastWARC cannot walk, stays one shard and is read (and reported on) as a whole.
    """
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        return [0]
    cuts, responses = [0], 0
    gz = _gzipped(Path(path))
    try:
        with open(path, "rb") as fh, open(path, "rb") as probe:
            for record in ArchiveIterator(fh, parse_http=False):
                if record.record_type == WarcRecordType.response:
                    if responses and responses % size == 0 and record.stream_pos > cuts[-1]:
                        probe.seek(record.stream_pos)
                        if probe.read(len(_WARC_MAGIC[gz])) != _WARC_MAGIC[gz]:
                            return [0]
                        cuts.append(record.stream_pos)
                    responses += 1
    except Exception:  # noqa: BLE001 - any trouble walking it: the worker reads it whole and reports
        return [0]
    return cuts


def iter_shard(shard: Shard, *, fetcher=None, on_failure: Callable[[Failure], None]) -> Iterator[Document]:
    """The Documents of one shard, as the sequential read of its SOURCE gives them; problems go to on_failure."""
    try:
        if shard.kind == "lines":
            yield from iter_jsonl_range(shard.source, source=shard.source, on_failure=on_failure,
                                        start=shard.start, end=shard.end, first_line=shard.first_line)
        elif shard.kind == "records":
            yield from _warc_range(shard, on_failure)
        elif shard.kind == "files":
            for name in shard.files:
                yield from _one_file(name, shard.source, on_failure)
        else:
            yield from iter_documents(shard.source, fetcher=fetcher, on_failure=on_failure)
    except KlipingError as exc:  # the SOURCE itself cannot be read
        on_failure(_failure(shard.source, None, str(exc)))


def _warc_range(shard: Shard, on_failure: Callable[[Failure], None]) -> Iterator[Document]:
    """The records in a byte range of a WARC, copied (streamed) to a temporary file the WARC reader opens."""
    suffix = ".warc.gz" if _gzipped(Path(shard.source)) else ".warc"
    with tempfile.TemporaryDirectory(prefix="kliping-warc-") as tmp:
        part = os.path.join(tmp, "part" + suffix)
        try:
            with open(shard.source, "rb") as src, open(part, "wb") as dst:
                src.seek(shard.start)
                _copy(src, dst, shard.end - shard.start)
        except OSError as exc:
            raise KlipingError(f"{shard.source}: cannot read ({exc.strerror or exc})") from None

        def report(f: Failure) -> None:
            on_failure(replace(f, source=shard.source, reason=f.reason.replace(part, shard.source)))

        for doc in iter_documents(part, on_failure=report):
            yield replace(doc, source=shard.source)


def _copy(src, dst, n: int) -> None:
    while n > 0 and (data := src.read(min(n, _BLOCK))):
        dst.write(data)
        n -= len(data)


def _one_file(name: str, source: str, on_failure: Callable[[Failure], None]) -> Iterator[Document]:
    """One file of a directory SOURCE: its Documents carry the directory as their source."""

    def report(f: Failure) -> None:
        on_failure(replace(f, source=source))

    try:
        for doc in iter_documents(name, on_failure=report):
            yield replace(doc, source=source)
    except KlipingError as exc:
        on_failure(_failure(source, name, str(exc)))


def _directory_shards(source: str, size: int) -> Iterator[Shard]:
    """Chunks of ``size`` files, in the order ``iter_documents`` reads a directory (sorted, depth first)."""
    chunk: list[tuple[str, int, int]] = []
    for name in _walk(source):
        chunk.append((name, *(_stat(Path(name)) or (0, 0))))
        if len(chunk) == size:
            yield _files_shard(source, chunk)
            chunk = []
    if chunk:
        yield _files_shard(source, chunk)


def _files_shard(source: str, chunk: list[tuple[str, int, int]]) -> Shard:
    return Shard(id=_digest("files", source, *(x for item in chunk for x in item)), index=0, source=source,
                 kind="files", files=tuple(name for name, _, _ in chunk))


def _walk(source: str) -> Iterator[str]:
    # The same walk as kliping.ingest.sources: hidden names skipped, directories and files sorted.
    for dirpath, dirnames, filenames in os.walk(Path(source)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield str(Path(dirpath) / name)


def _failure(source: str, key: str | None, reason: str) -> Failure:
    return Failure(source=source, key=key, reason=" ".join(reason.split()),
                   at=datetime.now(UTC).isoformat(timespec="seconds"))


__all__ = ["Shard", "plan", "iter_shard", "line_ranges", "warc_cuts", "SHARD_SIZE"]
