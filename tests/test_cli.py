"""The command line: one record per input, and one clear line with exit code 2 for what is not an article."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kliping.cli import build_parser, main

PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Warga Desa Sukamaju Gelar Panen Raya - Kabar Contoh</title>
<meta property="og:site_name" content="Kabar Contoh"></head>
<body><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav>
<article><h1>Warga Desa Sukamaju Gelar Panen Raya</h1>
<p>SUKAMAJU, KABARCONTOH - Ratusan petani di Desa Sukamaju menggelar panen raya padi pada Senin pagi.
Hasil panen tahun ini disebut lebih baik dibanding musim sebelumnya.</p>
<p>"Kami bersyukur cuaca mendukung sepanjang musim tanam," kata Ketua Kelompok Tani Makmur, Darmawan Saputra.</p>
<p>Menurut Darmawan, rata-rata hasil panen mencapai tujuh ton gabah kering per hektare di lahan seluas 120 hektare.</p>
</article><footer>Hak cipta Kabar Contoh</footer></body></html>"""


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kliping.cli", *args], input=stdin, capture_output=True, timeout=timeout
    )


def test_every_command_has_help_text():
    parser = build_parser()
    for action in parser._subparsers._group_actions:  # noqa: SLF001 - argparse keeps them here
        for name, sub in action.choices.items():
            assert sub.description, f"command {name} has no description"


def test_extract_one_file_prints_pretty_json(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    out = run_cli("extract", str(page), "--url", "https://kabar.contoh.id/daerah/panen-raya")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["title"] == "Warga Desa Sukamaju Gelar Panen Raya"
    assert "Ratusan petani" in record["body"] and "Beranda" not in record["body"]
    assert out.stdout.startswith(b"{\n")


def test_extract_several_inputs_prints_jsonl(tmp_path: Path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text(PAGE, encoding="utf-8")
    b.write_text(PAGE.replace("Sukamaju", "Mekarsari"), encoding="utf-8")
    out = run_cli("extract", "--no-enrich", str(a), str(b))
    lines = out.stdout.decode().splitlines()
    assert out.returncode == 0 and len(lines) == 2
    assert [json.loads(line)["summary"] for line in lines] == [None, None]  # --no-enrich skipped enrichment


def test_extract_reads_stdin():
    out = run_cli("extract", "-", "--url", "https://kabar.contoh.id/x", stdin=PAGE.encode())
    assert out.returncode == 0 and json.loads(out.stdout)["url"] == "https://kabar.contoh.id/x"


BAD_INPUTS = {
    "empty.html": b"",
    "blank.txt": b"   \n\n  ",
    "binary.bin": bytes(range(256)) * 64,
    "doc.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    "markup-only.html": b"<html><head><title></title></head><body><div></div></body></html>",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_what_is_not_an_article_exits_2_with_one_line(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name])
    out = run_cli("extract", str(path))
    assert out.returncode == 2
    assert out.stdout == b""
    err = out.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and err.startswith("kliping: ")


def test_missing_file_is_one_line(tmp_path: Path):
    out = run_cli("extract", str(tmp_path / "nope.html"))
    assert out.returncode == 2 and b"no such file" in out.stderr and b"Traceback" not in out.stderr


HOSTILE = {
    "deep.html": lambda: ("<div>" * 200_000 + "Teks terdalam di halaman ini cukup panjang untuk dibaca." +
                          "</div>" * 200_000).encode(),
    "huge-paragraph.html": lambda: ("<html><body><article><p>" + "kata panjang sekali " * 160_000 +
                                    "</p></article></body></html>").encode(),
    "bad-utf8.html": lambda: PAGE.encode().replace(b"Ratusan", b"Rat\xff\xfeusan"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_finish_in_seconds_without_traceback(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name]())
    start = time.monotonic()
    out = run_cli("extract", "--no-enrich", str(path), timeout=60)
    assert time.monotonic() - start < 30
    assert b"Traceback" not in out.stderr
    assert out.returncode in (0, 2)
    if out.returncode == 0:
        json.loads(out.stdout)
    else:
        assert len(out.stderr.decode().strip().splitlines()) == 1


def test_invalid_utf8_gives_a_record_with_a_warning(tmp_path: Path):
    path = tmp_path / "bad.html"
    path.write_bytes(HOSTILE["bad-utf8.html"]())
    out = run_cli("extract", str(path))
    record = json.loads(out.stdout)
    assert any("replaced" in w for w in record["warnings"])


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/page":
            body, ctype = PAGE.encode(), "text/html; charset=utf-8"
        elif self.path == "/image":
            body, ctype = b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_on_loopback_is_refused_without_allow_private(local_server: str):
    out = run_cli("extract", f"{local_server}/page")
    assert out.returncode == 2 and b"non-public address" in out.stderr


def test_url_is_fetched_with_allow_private(local_server: str):
    out = run_cli("extract", "--allow-private", f"{local_server}/page")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["url"].endswith("/page") and record["fetched_at"]


@pytest.mark.parametrize("path, message", [("/image", b"not an HTML page"), ("/missing", b"HTTP 404")])
def test_non_html_or_missing_url_is_one_line(local_server: str, path: str, message: bytes):
    out = run_cli("extract", "--allow-private", f"{local_server}{path}")
    assert out.returncode == 2 and message in out.stderr and len(out.stderr.splitlines()) == 1


def test_unreachable_url_is_one_line():
    out = run_cli("extract", "--allow-private", "--timeout", "3", "http://127.0.0.1:9/")
    assert out.returncode == 2 and b"unreachable" in out.stderr and len(out.stderr.splitlines()) == 1


def test_non_http_scheme_is_refused():
    assert main(["extract", "file:///etc/passwd"]) == 2


def test_every_error_has_its_own_documented_code() -> None:
    import kliping.ingest.run
    import kliping.ingest.warc
    import kliping.sources.web
    import kliping.store.base  # noqa: F401 - each defines KlipingError subclasses
    from kliping.errors import KlipingError

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    errors = {cls.__name__: cls.code for cls in subclasses(KlipingError) if not cls.__module__.startswith("tests")}
    assert len(errors) >= 9
    assert len(set(errors.values())) == len(errors), errors  # no code shared, none left at the base's E000
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, code in errors.items():
        assert f"| {code} | `{name}` |" in readme, f"{name} ({code}) is not in the README's table of errors"
