"""Reading a page from a path, with a size cap and transparent gzip (saved pages are often ``.html.gz``)."""

from __future__ import annotations

import zlib
from pathlib import Path

from ..errors import InputTooLarge, KlipingError

MAX_BYTES = 50 * 1024 * 1024  # a news page is never near this; a larger input is a mistake or an attack
_GZIP_MAGIC = b"\x1f\x8b"
# Content-Encoding names we decode; anything else (br, zstd, compress) is refused rather than passed on as
# garbage that the extractor would then read as text.
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_IDENTITY = ("", "identity", "none")


def read_bytes(path: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file, gunzipped when compressed; at most ``max_bytes`` after decompression."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise KlipingError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise KlipingError(f"{path}: is a directory") from None
    except OSError as exc:
        raise KlipingError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputTooLarge(f"{path}: larger than {max_bytes // (1024 * 1024)} MB")
    if data[:2] == _GZIP_MAGIC:
        data = gunzip(data, max_bytes=max_bytes, name=str(path))
    return data


def gunzip(data: bytes, *, max_bytes: int = MAX_BYTES, name: str = "input") -> bytes:
    """Decompress gzip data without ever holding more than ``max_bytes`` of output (gzip bombs)."""
    inflater = Inflater("gzip", max_bytes=max_bytes)
    try:
        out = inflater.feed(data) + inflater.finish()
    except KlipingError as exc:
        raise KlipingError(f"{name}: {exc}") from None
    if inflater.over:
        raise InputTooLarge(f"{name}: decompresses to more than {max_bytes // (1024 * 1024)} MB")
    return out


class Inflater:
    """Streaming Content-Encoding decoder (gzip, deflate, identity) that never yields more than ``max_bytes``.

    Feed compressed chunks, get decoded bytes back; once the output would pass the cap, ``over`` is set and
    everything after is dropped, so a gzip bomb costs at most ``max_bytes`` of memory and the time to
    inflate that much.
    """

    def __init__(self, encoding: str = "", *, max_bytes: int = MAX_BYTES) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in _WBITS and self.encoding not in _IDENTITY:
            raise KlipingError(f"unsupported Content-Encoding {self.encoding[:40]!r}")
        self.max_bytes = max_bytes
        self.size = 0           # decoded bytes handed out so far
        self.over = False       # the decoded size passed max_bytes
        self._head = b""        # the first bytes, kept until the format can be recognised
        self._d: zlib._Decompress | None = None
        self._passthrough: bool | None = None

    def feed(self, data: bytes) -> bytes:
        """Decode one chunk; returns the new output (possibly empty)."""
        if self.over or not data:
            return b""
        if self._passthrough is None:
            self._head += data
            if len(self._head) < 2:
                return b""
            data, self._head = self._head, b""
            self._start(data)
        out = data if self._passthrough else self._inflate(data)
        return self._take(out)

    def finish(self) -> bytes:
        """The output still buffered at the end of the input."""
        if self._passthrough is None and self._head:
            data, self._head = self._head, b""
            self._start(data)
            return self._take(data if self._passthrough else self._inflate(data))
        if self._d is None or self.over:
            return b""
        return self._take(self._d.flush())

    def _start(self, data: bytes) -> None:
        wbits = _WBITS.get(self.encoding)
        if wbits is None or (wbits > zlib.MAX_WBITS and data[:2] != _GZIP_MAGIC):
            # Servers and crawlers often keep "Content-Encoding: gzip" on bodies already decoded.
            self._passthrough = True
            return
        if wbits == zlib.MAX_WBITS and not _zlib_header(data):
            wbits = -zlib.MAX_WBITS  # "deflate" is sent raw as often as zlib-wrapped
        self._passthrough = False
        self._d = zlib.decompressobj(wbits)

    def _inflate(self, data: bytes) -> bytes:
        assert self._d is not None
        parts: list[bytes] = []
        room = self.max_bytes - self.size + 1  # one byte more than allowed tells "over" from "exactly full"
        try:
            while data and room > 0:
                out = self._d.decompress(data, room)
                parts.append(out)
                room -= len(out)
                if self._d.unconsumed_tail:
                    break  # output limit reached: _take() will mark it over
                data = b""
                if self._d.eof and self._d.unused_data[:2] == _GZIP_MAGIC:
                    data = self._d.unused_data  # a multi-member gzip stream: go on with the next member
                    self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        except zlib.error as exc:
            raise KlipingError(f"broken {self.encoding} data ({exc})") from None
        return b"".join(parts)

    def _take(self, out: bytes) -> bytes:
        room = self.max_bytes - self.size
        if len(out) > room:
            self.over = True
            out = out[:room]
        self.size += len(out)
        return out


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


__all__ = ["read_bytes", "gunzip", "Inflater", "MAX_BYTES"]
