"""Reading a page from a path, with a size cap and transparent gzip (saved pages are often ``.html.gz``)."""

from __future__ import annotations

import zlib
from pathlib import Path

from ..errors import InputTooLarge, KlipingError

MAX_BYTES = 50 * 1024 * 1024  # a news page is never near this; a larger input is a mistake or an attack


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
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, max_bytes=max_bytes, name=str(path))
    return data


def gunzip(data: bytes, *, max_bytes: int = MAX_BYTES, name: str = "input") -> bytes:
    """Decompress gzip data without ever holding more than ``max_bytes`` of output (gzip bombs)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise KlipingError(f"{name}: broken gzip data ({exc})") from None
    if len(out) > max_bytes or d.unconsumed_tail:
        raise InputTooLarge(f"{name}: decompresses to more than {max_bytes // (1024 * 1024)} MB")
    return out


__all__ = ["read_bytes", "gunzip", "MAX_BYTES"]
