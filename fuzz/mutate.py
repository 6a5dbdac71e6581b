"""Mutations for the Kliping fuzzer: byte-level edits and structure-level injections of hostile markup.

Every mutation is a function ``(data, rng) -> bytes``. The structure ones insert the shapes that hurt
HTML parsers and regex-heavy extractors: deep nesting, huge attributes, unclosed constructs, long runs
without white space, many quote marks, giant numbers and tables. Sizes are drawn so that most mutants
stay small (fast to run) and a few are large (to find what is slow only at scale).
"""

from __future__ import annotations

import random
from collections.abc import Callable

Mutation = Callable[[bytes, random.Random], bytes]
MAX_SIZE = 3_000_000  # bytes; a mutant past this is cut (the pipeline's own limit is 20M characters)
LIMIT = [MAX_SIZE]  # the current cap (``set_limit``): generators draw no larger sizes than this

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"+/v8")
INVALID_UTF8 = (b"\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff",
                b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xfe\xfe", b"\xc2\x85", b"\xe2\x80\xa8")
CONTROL = bytes([*range(0, 32), 127]) + b"\x1b[31m"
INTERESTING_TEXT = (
    "Baca Juga:", "Baca juga: ", "BACA JUGA", "Simak Video:", "Lihat Juga:", "ADVERTISEMENT", "Halaman",
    "Jakarta (ANTARA) -", "JAKARTA, KOMPAS.com -", "Jakarta, CNN Indonesia --", "kata dia.", "ujarnya.",
    "Senin (3/4/2023)", "Kamis, 31 Februari 2024 25:61 WIB", "pukul 99.99 WITA", "Rp 1.000.000.000.000,-",
    "US$ 3,5 miliar", "50 persen", "12/12/12/12/12", "pekan lalu", "kemarin", "2 jam yang lalu",
    "Penulis: ", "Editor: ", "Reporter: ", "Pewarta: ", "(nama/ini)", "©", "Copyright 2099",
    "Dr. H. Ir. ", "Prof. ", "Kapolda ", "Gubernur ", "Menteri ", "PT ", "Tbk", "“", "”", "«", "»", "‘", "’",
)
TAGS = ("div", "p", "span", "b", "i", "a", "table", "tr", "td", "ul", "li", "article", "section", "main",
        "h1", "h2", "figure", "figcaption", "blockquote", "script", "style", "noscript", "template", "svg",
        "math", "select", "option", "textarea", "title", "iframe", "object", "font", "center", "time",
        "meta", "br", "img", "frameset", "plaintext", "xmp", "button", "form", "ruby", "rt")


def set_limit(size: int) -> None:
    """Cap mutants (and what the generators draw) at ``size`` bytes: small mutants run many times faster."""
    LIMIT[0] = min(size, MAX_SIZE)


def _size(rng: random.Random, small: int = 64, large: int = 200_000) -> int:
    """A size skewed small: most draws are under ``small``, about 2% reach ``large``."""
    roll = rng.random()
    if roll < 0.75:
        n = rng.randint(1, small)
    elif roll < 0.98:
        n = rng.randint(small, small * 40)
    else:
        n = rng.randint(small * 40, large)
    return max(1, min(n, LIMIT[0] // 8))


def _count(n: int, unit: int = 1) -> int:
    """``n`` repetitions of a ``unit``-byte piece, fewer when the cap is lower."""
    return max(1, min(n, LIMIT[0] // max(unit, 1)))


def _insert(data: bytes, piece: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + piece + data[at:]


# --- byte level -------------------------------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few random bytes replaced."""
    if not data:
        return bytes([rng.randrange(256)])
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def delete_range(data: bytes, rng: random.Random) -> bytes:
    """A random slice removed."""
    if len(data) < 2:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, max(1, min(len(data) - a, 4096))):]


def duplicate_range(data: bytes, rng: random.Random) -> bytes:
    """A random slice repeated a few or many times."""
    if not data:
        return data
    a = rng.randrange(len(data))
    piece = data[a:a + rng.randint(1, 512)]
    return _insert(data, piece * _size(rng, 4, 2000), rng)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """The input cut short, anywhere (a dropped connection)."""
    return data[:rng.randint(0, len(data))]


def window(data: bytes, rng: random.Random) -> bytes:
    """A random window of the input: keeps executions short and shows the extractor partial pages."""
    if len(data) < 256:
        return data
    a = rng.randrange(len(data))
    return data[a:a + rng.randint(64, 6000)]


def insert_control(data: bytes, rng: random.Random) -> bytes:
    """Control characters (NUL, ESC, form feed, ...) sprinkled in."""
    for _ in range(rng.randint(1, 12)):
        data = _insert(data, bytes([rng.choice(CONTROL)]) * rng.choice((1, 1, 3, 1000)), rng)
    return data


def insert_invalid_utf8(data: bytes, rng: random.Random) -> bytes:
    """Invalid or truncated UTF-8 sequences, overlong forms, encoded surrogates."""
    for _ in range(rng.randint(1, 6)):
        data = _insert(data, rng.choice(INVALID_UTF8) * rng.choice((1, 1, 2, 500)), rng)
    return data


def add_bom(data: bytes, rng: random.Random) -> bytes:
    """A byte-order mark in front (or, sometimes, in the middle)."""
    bom = rng.choice(BOMS)
    return bom + data if rng.random() < 0.7 else _insert(data, bom, rng)


def reencode(data: bytes, rng: random.Random) -> bytes:
    """The text re-encoded as UTF-16/UTF-32/Latin-1/cp1252, with or without a declaring BOM or meta."""
    text = data.decode("utf-8", "replace")
    enc = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "gb18030", "utf-7"))
    out = text.encode(enc, "replace")
    if rng.random() < 0.5:
        out = f'<meta charset="{rng.choice((enc, "utf-8", "x-user-defined", "bogus", "utf-16"))}">'.encode() + out
    return out


def splice(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """Head of this input joined to the tail of another."""
    if not other:
        return data
    return data[:rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]


# --- structure level --------------------------------------------------------------------------------

def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """Thousands of unclosed (or closed) elements nested."""
    tag = rng.choice(TAGS)
    n = _size(rng, 600, 200_000)
    opening = f"<{tag}>".encode() * n
    if rng.random() < 0.3:
        return _insert(data, opening + b"teks" + f"</{tag}>".encode() * n, rng)
    if rng.random() < 0.3:  # mixed tags defeat a per-name counter
        opening = b"".join(f"<{rng.choice(TAGS)} class=x>".encode() for _ in range(min(n, 50_000)))
    return _insert(data, opening, rng)


def huge_attribute(data: bytes, rng: random.Random) -> bytes:
    """An attribute value (quoted, unquoted or unterminated) of up to a few hundred KB."""
    value = rng.choice((b"x", b"a b ", b"&amp;", b"<div>", b"\"", b"'", b"=")) * _count(_size(rng, 1000, 300_000), 5)
    quote = rng.choice((b'"', b"'", b""))
    end = quote if rng.random() < 0.7 else b""
    return _insert(data, b"<a href=" + quote + value + end + b">tautan</a>", rng)


def unclosed(data: bytes, rng: random.Random) -> bytes:
    """Tags left open: '>' removed, or a bare '<tag' with no end."""
    if rng.random() < 0.5 and b">" in data:
        for _ in range(rng.randint(1, 20)):
            if not data:
                break
            at = data.find(b">", rng.randrange(len(data)))
            if at >= 0:
                data = data[:at] + data[at + 1:]
        return data
    return _insert(data, rng.choice((b"<div", b"<a href=\"", b"<!--", b"<![CDATA[", b"<script>", b"<?", b"<!")), rng)


def quote_storm(data: bytes, rng: random.Random) -> bytes:
    """Up to 50,000 quote marks, straight or curly, alone or around words."""
    mark = rng.choice(('"', "“", "”", "'", "‘", "«", "„", '"kata" '))
    n = _count(rng.choice((10, 500, 50_000)), 16)
    piece = (mark * n) if rng.random() < 0.5 else (f"{mark}Ia berkata ini{mark} " * n)
    return _insert(data, piece.encode(), rng)


def giant_number(data: bytes, rng: random.Random) -> bytes:
    """Numbers with up to 10,000 digits, in currency, date and percentage shapes."""
    digits = "".join(rng.choice("0123456789") for _ in range(_count(rng.choice((30, 400, 10_000)), 3)))
    shape = rng.choice(("{d}", "Rp {d}", "Rp {d},{d} triliun", "{d} persen", "{d}/{d}/{d}", "pukul {d}.{d}",
                        "{d}.{d}.{d}", "tahun {d}", "{d}-{d}-{d}T{d}:{d}", "US$ {d} miliar"))
    return _insert(data, shape.format(d=digits).encode(), rng)


def no_spaces(data: bytes, rng: random.Random) -> bytes:
    """Up to 1 MB of text without a single space (one 'word')."""
    unit = rng.choice((b"a", b"Jakarta", b"x.", b"-", b"\xc3\xa9", b"A.B.", b"..."))
    return _insert(data, unit * _count(rng.choice((1000, 50_000, 1_000_000)) // len(unit), len(unit)), rng)


def baca_juga(data: bytes, rng: random.Random) -> bytes:
    """The related-link furniture repeated many times, as lines or as markup."""
    n = _size(rng, 50, 20_000)
    if rng.random() < 0.5:
        piece = b"<p><strong>Baca Juga:</strong> <a href=\"/x\">Judul lain</a></p>\n" * n
    else:
        piece = b"Baca Juga: Judul lain yang menarik\n" * n
    return _insert(data, piece, rng)


def giant_table(data: bytes, rng: random.Random) -> bytes:
    """A table with many rows and cells, some nested."""
    rows, cols = _size(rng, 40, 5000), rng.randint(1, 40)
    row = b"<tr>" + b"<td>sel 12,5 persen</td>" * cols + b"</tr>"
    inner = b"<table>" * rng.choice((0, 0, 50))
    return _insert(data, b"<table>" + inner + row * rows, rng)


def comment_soup(data: bytes, rng: random.Random) -> bytes:
    """Nested, unterminated and abrupt comments and CDATA sections."""
    pieces = (b"<!--", b"-->", b"<!-->", b"<!--->", b"--!>", b"<![CDATA[", b"]]>", b"<!-- <!-- -->",
              b"<!DOCTYPE", b"<?xml ?>", b"<!", b"</>", b"</ x>")
    soup = b"".join(rng.choice(pieces) + b"teks" for _ in range(_size(rng, 30, 20_000)))
    return _insert(data, soup, rng)


def script_soup(data: bytes, rng: random.Random) -> bytes:
    """Scripts and styles opened, half-closed, nested and filled with markup or JSON."""
    pieces = (b"<script>", b"</script>", b"</script", b"<script type=\"application/ld+json\">",
              b"{\"@type\":\"NewsArticle\",\"headline\":", b"[" * 1000, b"{\"a\":" * 500, b"<style>",
              b"</style>", b"<!--<script>", b"document.write('<div>')", b"</scr", b"<svg><script>",
              b"<noscript><p>", b"<template><div>", b"<textarea>", b"<title>")
    soup = b"".join(rng.choice(pieces) for _ in range(_size(rng, 20, 5000)))
    return _insert(data, soup, rng)


def phrase_salad(data: bytes, rng: random.Random) -> bytes:
    """Phrases the extractor and enrichers look for, in random order and number."""
    words = " ".join(rng.choice(INTERESTING_TEXT) for _ in range(_size(rng, 40, 50_000)))
    return _insert(data, words.encode(), rng)


def many_paragraphs(data: bytes, rng: random.Random) -> bytes:
    """Many short paragraphs or blank lines: paragraph splitting and per-paragraph rules."""
    unit = rng.choice((b"\n\n", b"<p>a</p>", b"Ia datang.\n\n", b"<br>", b"\r\n\r\n", b"\n \n\t\n",
                       b"<p></p>", b"<li>Satu</li>"))
    return _insert(data, unit * _size(rng, 100, 100_000), rng)


def capitals(data: bytes, rng: random.Random) -> bytes:
    """Long runs of capitalised words: named-entity and acronym rules."""
    words = ("Budi", "Santoso", "Kota", "Bandar", "Sari", "PT", "Tbk", "Universitas", "Negeri", "Dr.", "H.")
    run = " ".join(rng.choice(words) for _ in range(_size(rng, 50, 40_000)))
    return _insert(data, run.encode(), rng)


BYTE_LEVEL: tuple[Mutation, ...] = (flip_bytes, delete_range, duplicate_range, truncate, insert_control,
                                    insert_invalid_utf8, add_bom, reencode)
STRUCTURE_LEVEL: tuple[Mutation, ...] = (deep_nesting, huge_attribute, unclosed, quote_storm, giant_number,
                                         no_spaces, baca_juga, giant_table, comment_soup, script_soup,
                                         phrase_salad, many_paragraphs, capitals)
# Large generators run less often: they cost the most per execution.
_COSTLY = {deep_nesting, no_spaces, quote_storm, huge_attribute}


def mutate(data: bytes, rng: random.Random, other: bytes = b"") -> tuple[bytes, list[str]]:
    """One to four stacked mutations of ``data``; returns the mutant and the mutations' names."""
    names: list[str] = []
    if rng.random() < 0.6:
        data = window(data, rng)
        names.append("window")
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        roll = rng.random()
        if roll < 0.05 and other:
            data, name = splice(data, rng, other), "splice"
        elif roll < 0.55:
            m = rng.choice(BYTE_LEVEL)
            data, name = m(data, rng), m.__name__
        else:
            m = rng.choice(STRUCTURE_LEVEL)
            if m in _COSTLY and rng.random() < 0.5:
                m = rng.choice(BYTE_LEVEL)
            data, name = m(data, rng), m.__name__
        names.append(name)
    return data[:LIMIT[0]], names
