"""Bytes to text, and what kind of text it is (an HTML page, scraped plain text, or not an article).

Decoding order follows what browsers do: a byte-order mark wins, then a charset declared in the first
bytes of the page, then strict UTF-8, then detection. Broken bytes are replaced, never fatal.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..errors import NotAnArticle

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bounded: looks only at the head of the page, and each quantifier is capped.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.I)
_HTML_SIGNS = re.compile(
    r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>|div[\s>]|p[\s>]|article[\s>]|br\s*/?>)",
    re.I,
)
# Control bytes that text never holds (tab, newlines, form feed and carriage return excepted).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])
# Signatures of formats that are certainly not an article page.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or office document)"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"OggS", "an Ogg media file"),
)


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def sniff_binary(data: bytes) -> str | None:
    """Name the format of bytes that are clearly not text, else None."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    sample = data[:4096]
    if not sample:
        return None
    if any(sample.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text legitimately holds NUL bytes
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # C-speed count
    if sample.count(0) > len(sample) // 100 or controls > len(sample) // 10:
        return "binary data"
    return None


def _declared(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # Pages that declare Latin-1 are nearly always Windows-1252 (the WHATWG rule).
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode(data: bytes) -> Decoded:
    """Decode page bytes to text; raise NotAnArticle for binary formats."""
    what = sniff_binary(data)
    if what:
        raise NotAnArticle(f"input is {what}, not an article page")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_with(data[len(bom) :], name)
    declared = _declared(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        return _decode_with(data, declared)
    # Undeclared: UTF-8 with a few broken bytes is still UTF-8 (a truncated or spliced page); only
    # text that is mostly not UTF-8 goes to detection, which would otherwise garble the valid parts.
    as_utf8 = _decode_with(data, "utf-8")
    broken = as_utf8.text.count("\ufffd")
    if broken <= max(3, len(data) // 1000):
        return as_utf8
    guess = _detect(data)
    return _decode_with(data, guess) if guess else as_utf8


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported here: only needed for undeclared non-UTF-8 bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding if best else None


def _decode_with(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    warnings = [f"decoding: {bad} invalid byte sequence(s) replaced ({encoding})"] if bad else []
    return Decoded(text, encoding, warnings)


def looks_like_html(text: str) -> bool:
    """True when the text is markup (a page) rather than scraped plain text."""
    head = text[:8192].lstrip()
    if head.startswith("<") and _HTML_SIGNS.search(head[:4096]):
        return True
    tags = len(_HTML_SIGNS.findall(head))
    return tags >= 3
