"""Write the regression corpus ``tests/fuzz_corpus/``: the nastiest inputs the fuzzer found or that were built
by hand after its findings, each under 200 KB, all text fictional. Deterministic: rerunning rewrites the
same files.

    .venv/bin/python fuzz/make_corpus.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fuzz_corpus"
MAX_BYTES = 200_000

PARAGRAPHS = (
    "Warga Desa Sukamaju berkumpul di balai desa pada Senin (4/3/2024) untuk membahas rencana pembangunan "
    "jembatan yang menghubungkan Dusun Krajan dan Dusun Lor.",
    "\"Jembatan ini sudah lama kami tunggu,\" kata Kepala Desa Sukamaju, Rahmat Hidayat, kepada wartawan.",
    "Menurut Dinas Pekerjaan Umum Kabupaten Lembah Hijau, proyek senilai Rp 12,5 miliar itu dikerjakan "
    "mulai April dan ditargetkan rampung dalam 180 hari.",
    "Camat Tanjung Lestari, Wulan Pratiwi, menyebut 1.200 keluarga akan merasakan manfaatnya.",
)


def page(body: str, *, head: str = "", title: str = "Warga Sukamaju Sambut Jembatan Baru") -> str:
    """A small fictional news page around ``body`` (which is inserted as it is)."""
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} - KabarLestari</title>'
            f'<link rel="canonical" href="https://kabarlestari.example/berita/1">{head}</head><body>'
            f'<article><h1>{title}</h1><div class="content">{paras}{body}</div></article></body></html>')


def text(extra: str = "") -> str:
    """A small fictional scraped-text page with ``extra`` appended."""
    return "Warga Sukamaju Sambut Jembatan Baru\n\n" + "\n\n".join(PARAGRAPHS) + "\n\n" + extra


def cases() -> dict[str, bytes | str]:
    """File name -> content. Names say what each input attacks."""
    rng = random.Random(6)
    digits = "".join(rng.choice("0123456789") for _ in range(10_000))
    return {
        # Found by the fuzzer (reduced by hand): a link whose host opens '[' crashed urljoin (ValueError).
        "link-invalid-ipv6.html": page('<p>Lihat <a href="http://[warga">peta lokasi</a>.</p>'),
        "link-bracketed-host.html": page('<p>Lihat <a href="https://[bukan-alamat]/peta">peta lokasi</a>.</p>'),
        "canonical-invalid-ipv6.html": page('<p><a href="/peta">Peta lokasi</a></p>').replace(
            "https://kabarlestari.example/berita/1", "http://[::1"),
        # Found by the fuzzer: a run of full stops is rescanned from every position (sentence splitter).
        "stops-run-20000.txt": text("Ia menunggu" + "." * 20_000 + " lalu pulang"),
        "ellipsis-run-in-page.html": page("<p>Dan seterusnya" + "…" * 4_000 + "</p>"),
        # Found by the fuzzer: a lone surrogate (JSON allows "\udc80") broke language detection.
        "lone-surrogates.json": json.dumps({"text": text("Kode \udc80\udcff rusak \ud800 di sini.")}),
        # Structure attacks.
        "nesting-div-38000.html": page("<div>" * 38_000 + "teks terdalam"),
        "nesting-mixed-9000.html": page("".join(f"<{t} class=x>" for t in ["b", "section", "i", "ul", "span"] * 1800)),
        "nesting-closed-10000.html": page("<div>" * 10_000 + "isi" + "</div>" * 10_000),
        "self-closing-30000.html": page("<div/>" * 30_000),
        "attribute-150k-unterminated.html": page('<a href="' + "x" * 150_000 + ">tautan</a>"),
        "attribute-lt-soup.html": page('<div title="<">' * 12_000),
        "unclosed-comment.html": "<!--" + page(""),
        "comment-cdata-soup.html": page("".join(rng.choice(["<!--", "-->", "<!-->", "--!>", "<![CDATA[", "]]>",
                                                            "<!", "</>", "<?x"]) + "isi " for _ in range(12_000))),
        "script-soup.html": page("".join(rng.choice(["<script>", "</script", "</scr", "<style>", "<svg><script>",
                                                     "<noscript><p>", "<template><div>", "<textarea>"])
                                         for _ in range(12_000))),
        "jsonld-deep.html": page("", head='<script type="application/ld+json">' + "[" * 50_000 + "</script>"),
        "jsonld-object-chain.html": page("", head='<script type="application/ld+json">'
                                         + '{"@type":"NewsArticle","a":' * 4_000 + "</script>"),
        "select-options.html": page("<select>" + "<option>pilihan" * 12_000),
        "giant-table.html": page("<table>" + ("<tr>" + "<td>12,5 persen</td>" * 20 + "</tr>") * 400),
        "nested-tables.html": page("<table><tr><td>" * 3_000 + "sel"),
        "baca-juga-3000.html": page('<p><strong>Baca Juga:</strong> <a href="/x">Banjir Rendam Dua Desa</a></p>' * 2_500),
        "baca-juga-lines.txt": text("Baca Juga: Banjir Rendam Dua Desa\n" * 5_000),
        # Text attacks.
        "quotes-50000.txt": text('"' * 50_000),
        "curly-quotes-30000.txt": text("“" * 15_000 + "”" * 15_000),
        "quoted-speech-repeated.txt": text('"Kami siap," kata Rahmat. ' * 6_000),
        "digits-10000.txt": text(f"Anggaran Rp {digits[:9_000]},{digits[9_000:]} triliun naik {digits} persen."),
        "date-shapes.txt": text(" ".join(["Senin (31/2/99999)", "pukul 25.61 WIB", "12/12/12/12/12", "2024-13-45T99:99",
                                          "Kamis, 31 Februari 2024", "pekan lalu", "3 jam lalu"] * 1_500)),
        "no-spaces-190k.txt": text("a" * 190_000),
        # Found by the fuzzer: "İ".lower() is two characters, and offsets into a lower-cased copy ran past the
        # text (keywords) or off the trigger (events).
        "dotted-capital-i.txt": text("İSTANBUL İZMİR " * 400 + "Pertemuan Rahmat Hidayat dan Wulan Pratiwi. " * 3),
        "no-spaces-dotted.txt": text("A.B." * 45_000),
        "capitalised-names.txt": text(" ".join(rng.choice(["Budi", "Santoso", "Kota", "Bandar", "Sari", "PT", "Tbk",
                                                           "Dr.", "H."]) for _ in range(25_000))),
        "blank-lines.txt": text("\n \n\t\n" * 30_000),
        "paragraphs-20000.txt": text("Ia datang.\n\n" * 15_000),
        # Byte attacks.
        "control-characters.html": page("".join(chr(rng.choice([*range(0, 9), 11, 12, *range(14, 32), 127])) + "kata "
                                                for _ in range(20_000))),
        "nul-bytes.html": page("").replace("Warga", "War\x00ga"),
        "invalid-utf8.html": page("ISI").encode().replace(b"ISI", b"\xc0\xaf\xed\xa0\x80\xff\xfe\xf4\x90\x80\x80" * 5_000),
        "bom-utf16le.html": b"\xff\xfe" + page("").encode("utf-16-le"),
        "bom-utf8-twice.html": b"\xef\xbb\xbf\xef\xbb\xbf" + page("").encode(),
        "meta-charset-bogus.html": page("", head='<meta charset="x-user-defined"><meta charset="utf-7">').encode("cp1252"),
        "truncated-multibyte.html": page("Héllo ‘kutipan’").encode()[:-3] + b"\xe2\x80",
    }


def main() -> None:
    """Write every case, refusing any over ``MAX_BYTES``."""
    files = {name: c if isinstance(c, bytes) else c.encode("utf-8", "surrogatepass") for name, c in cases().items()}
    for name, data in files.items():
        if len(data) > MAX_BYTES:
            raise SystemExit(f"{name}: {len(data):,} bytes, over {MAX_BYTES:,}")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"{len(files)} files in {OUT}")


if __name__ == "__main__":
    main()
