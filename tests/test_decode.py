import codecs

import pytest

from kliping.errors import NotAnArticle
from kliping.extract.decode import decode, looks_like_html


def test_decode_uses_meta_charset_for_legacy_pages():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 “kopi”</p></body></html>'
    assert "Café “kopi”" in decode(page.encode("cp1252")).text


def test_decode_honours_bom_over_declaration():
    page = '<meta charset="iso-8859-1"><p>Jalan Sudirman — 5 km</p>'
    out = decode(codecs.BOM_UTF8 + page.encode("utf-8"))
    assert "—" in out.text and out.encoding == "utf-8"


def test_decode_reads_utf16_with_bom():
    page = "<html><body><p>Berita hari ini</p></body></html>"
    assert "Berita hari ini" in decode(page.encode("utf-16")).text


def test_invalid_utf8_is_replaced_with_a_warning():
    data = b"<html><body><p>Harga naik " + b"\xff\xfe\xfa" + b"lagi</p></body></html>"
    out = decode(data)
    assert "Harga naik" in out.text and "lagi" in out.text
    assert not out.warnings or "replaced" in out.warnings[0]


@pytest.mark.parametrize(
    "data, what",
    [(b"%PDF-1.7\n%\xe2\xe3", "PDF"), (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"), (bytes(range(256)) * 20, "binary")],
)
def test_binary_inputs_are_not_articles(data, what):
    with pytest.raises(NotAnArticle, match=what):
        decode(data)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <html lang='id'><p>x</p></html>", True),
        ("Judul berita\n\n16 Desember 2021, 15:48 WIB\n\nJAKARTA - Isi berita <3 hari.", False),
        ("Harga 5 < 6 dan 7 > 3 menurut data.", False),
    ],
)
def test_html_or_scraped_text_is_detected(text, expected):
    assert looks_like_html(text) is expected
