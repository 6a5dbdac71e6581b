"""Outlet profiles (src/kliping/outlets/*.toml) and their stored fixture pages.

Three layers, each failing on its own:
1. every profile loads and every selector is valid CSS for selectolax;
2. hosts map to the right profile, and each fixture page agrees with its profile's selectors
   (title, tags, section, next page, body container) - no pipeline needed;
3. ``kliping.read`` turns each fixture page into the record a careful reader would write down
   (tests/fixtures/pages/<profile>/<name>.json), one test per field so that a report can say which
   expectations hold.

The fixture pages copy each CMS template's structure and class names; their text, people and
events are invented.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

import kliping
from kliping.outlets import Profile, for_host, registry

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
CASES = sorted(PAGES.glob("*/*.json"))
CASE_IDS = [f"{p.parent.name}/{p.stem}" for p in CASES]
PROFILES = {p.key: p for p in registry()}

# Hosts a reader meets in the wild -> the profile that must claim them (None: no profile).
HOSTS = {
    "www.pikiran-rakyat.com": "prmn",
    "portaljember.pikiran-rakyat.com": "prmn",
    "www.portalkalteng.com": "prmn",
    "www.tribunnews.com": "tribun",
    "jateng.tribunnews.com": "tribun",
    "www.tribunjateng.com": "tribun",
    "makassar.tribunnews.com": "tribun",
    "www.tribun-timur.com": "tribun",
    "www.serambinews.com": "tribun",
    "regional.kompas.com": "kompas",
    "money.kompas.com": "kompas",
    "news.detik.com": "detik",
    "health.detik.com": "detik",
    "www.suara.com": "suara",
    "jogja.suara.com": "suara",
    "www.suarajogja.id": "suara",
    "nasional.okezone.com": "okezone",
    "www.liputan6.com": "kly",
    "www.bola.com": "kly",
    "www.fimela.com": "kly",
    "www.merdeka.com": "kly",
    "www.antaranews.com": "antara",
    "papua.antaranews.com": "antara",
    "www.tempo.co": "tempo",
    "koran.tempo.co": "tempo",
    "www.viva.co.id": "viva",
    "www.cnnindonesia.com": "cnn_indonesia",
    "www.cnbcindonesia.com": "cnn_indonesia",
    "news.republika.co.id": "republika",
    "mediaindonesia.com": "mediaindonesia",
    # Suffix matching is on whole labels, and unknown sites stay unclaimed.
    "bola.kompas.com": "kompas",
    "notdetik.com": None,
    "detik.com.example.org": None,
    "example.com": None,
    "": None,
}


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _texts(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> list[str]:
    """Texts of the first selector that matches anything non-empty (the profile's own rule)."""
    for selector in selectors:
        texts = [_norm(node.text()) for node in tree.css(selector)]
        texts = [t for t in texts if t]
        if texts:
            return texts
    return []


def _first_node(tree: LexborHTMLParser, selectors: tuple[str, ...]):
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            return node
    return None


@cache
def _case(path: Path) -> tuple[dict, bytes]:
    return json.loads(path.read_text(encoding="utf-8")), path.with_suffix(".html").read_bytes()


def _tree(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(_case(path)[1])


def _profile(expected: dict) -> Profile:
    return PROFILES[expected["profile"]]


# -- 1. the profiles themselves -------------------------------------------------------------------


def test_registry_has_every_cms_profile():
    expected = {"prmn", "tribun", "kompas", "detik", "suara", "okezone", "kly", "antara", "tempo",
                "viva", "cnn_indonesia", "republika", "mediaindonesia"}
    assert expected <= set(PROFILES)


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_profile_is_complete(key):
    profile = PROFILES[key]
    assert profile.name.strip()
    assert profile.domains or profile.detect, "a profile must be claimable by domain or by markup"
    assert profile.select("body"), "a profile must say where the body is"
    assert profile.select("title")


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_profile_selectors_are_valid_css(key):
    profile = PROFILES[key]
    probe = LexborHTMLParser("<p></p>")
    selectors = [*profile.detect, *(s for group in profile.selectors.values() for s in group)]
    for selector in selectors:
        assert isinstance(selector, str) and selector.strip(), f"empty selector in {key}"
        probe.css(selector)  # raises on a selector lexbor cannot parse


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_profile_domains_are_bare_hosts(key):
    for domain in PROFILES[key].domains:
        assert domain == domain.strip().lower()
        assert "/" not in domain and not domain.startswith("www.") and "." in domain


def test_no_domain_is_claimed_twice():
    seen: dict[str, str] = {}
    for profile in PROFILES.values():
        for domain in profile.domains:
            assert domain not in seen, f"{domain} in both {seen.get(domain)} and {profile.key}"
            seen[domain] = profile.key


@pytest.mark.parametrize("key", sorted(PROFILES))
def test_outlet_names_belong_to_the_profile_and_subdomains_come_first(key):
    profile = PROFILES[key]
    names = list(profile.outlets)
    for i, host in enumerate(names):
        assert profile.outlets[host].strip()
        assert any(host == d or host.endswith("." + d) for d in profile.domains), host
        # The first matching entry names the outlet, so a parent listed earlier would hide this one.
        for earlier in names[:i]:
            assert not host.endswith("." + earlier), f"{host} is hidden by {earlier}"


# -- 2. host matching and selector self-consistency -----------------------------------------------


@pytest.mark.parametrize(("host", "key"), sorted(HOSTS.items()))
def test_for_host_maps_sample_hosts(host, key):
    profile = for_host(host)
    assert (profile.key if profile else None) == key


def test_outlet_names_follow_subdomains():
    assert PROFILES["antara"].outlet_name("papua.antaranews.com") == "ANTARA News Papua"
    assert PROFILES["antara"].outlet_name("www.antaranews.com") == "ANTARA News"
    assert PROFILES["prmn"].outlet_name("portaljember.pikiran-rakyat.com") == "PortalJember"
    assert PROFILES["prmn"].outlet_name("www.pikiran-rakyat.com") == "Pikiran-Rakyat.com"
    assert PROFILES["tribun"].outlet_name("www.tribunjateng.com") == "TribunJateng.com"
    assert PROFILES["tempo"].outlet_name("koran.tempo.co") == "Koran Tempo"


def test_fixture_set_covers_every_profile():
    covered = {_case(p)[0]["profile"] for p in CASES}
    assert covered == set(PROFILES)


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_fixture_expectation_is_complete(path):
    expected, page = _case(path)
    assert {"url", "profile", *FIELDS} <= set(expected)
    assert expected["profile"] in PROFILES
    assert expected["paragraph_count"] >= 5 and len(page) < 40_000
    # Times carry the page's own zone: WIB, WITA or WIT.
    assert expected["published"][-6:] in ("+07:00", "+08:00", "+09:00")


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_fixture_page_is_claimed_by_its_profile(path):
    expected, _ = _case(path)
    host = urlsplit(expected["url"]).hostname
    tree = _tree(path)
    if expected.get("detect_only"):
        assert for_host(host) is None, "a detect fixture must sit on a domain no profile lists"
        assert any(tree.css_first(s) is not None for s in _profile(expected).detect)
    else:
        assert for_host(host) is _profile(expected)


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_no_other_profile_detects_the_page(path):
    expected, _ = _case(path)
    tree = _tree(path)
    for profile in PROFILES.values():
        if profile.key != expected["profile"]:
            hits = [s for s in profile.detect if tree.css_first(s) is not None]
            assert not hits, f"{profile.key} would claim this page via {hits}"


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_body_selector_keeps_the_article_after_drops(path):
    expected, _ = _case(path)
    profile = _profile(expected)
    tree = _tree(path)
    body = _first_node(tree, profile.select("body"))
    assert body is not None, "no body selector matches"
    for selector in profile.select("drop"):
        for node in body.css(selector):
            node.decompose()
    text = _norm(body.text(separator=" "))
    assert _norm(expected["first_paragraph"]) in text
    assert _norm(expected["last_paragraph"]) in text


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_title_section_and_tags_selectors_read_the_page(path):
    expected, _ = _case(path)
    profile = _profile(expected)
    tree = _tree(path)
    assert _texts(tree, profile.select("title"))[:1] == [expected["title"]]
    if profile.select("section"):
        assert _texts(tree, profile.select("section"))[:1] == [expected["section"]]
    assert _texts(tree, profile.select("tags")) == expected["tags"]


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_next_page_selector_reads_the_page(path):
    expected, _ = _case(path)
    node = _first_node(_tree(path), _profile(expected).select("next_page"))
    found = urljoin(expected["url"], node.attributes.get("href") or "") if node is not None else None
    assert found == expected["next_page_url"]


@pytest.mark.parametrize("path", CASES, ids=CASE_IDS)
def test_byline_and_date_selectors_read_the_page(path):
    expected, _ = _case(path)
    profile = _profile(expected)
    tree = _tree(path)
    for key in ("authors", "editors"):
        texts = _texts(tree, profile.select(key))
        if texts:  # otherwise the byline comes from the body's credit lines (furniture rules)
            for name in expected[key]:
                assert any(name in t for t in texts), f"{key}: {name!r} not in {texts}"
    dates = _texts(tree, profile.select("published"))
    assert dates, "no published selector matches"
    assert expected["published"][11:16] in dates[0]


# -- 3. the record kliping.read builds from each page ---------------------------------------------

FIELDS = ("title", "canonical_url", "outlet", "published", "authors", "editors", "dateline",
          "section", "tags", "syndication", "paragraph_count", "first_paragraph", "last_paragraph",
          "read_also", "next_page_url")


@cache
def _article(path: Path):
    expected, page = _case(path)
    return kliping.read(page, url=expected["url"], enrich=False)


def _check(field: str, article, expected: dict) -> None:
    paragraphs = article.paragraph_texts()
    if field == "outlet":
        assert {"name": article.outlet.name, "domain": article.outlet.domain} == expected["outlet"]
    elif field in ("authors", "editors", "tags"):
        assert list(getattr(article, field)) == expected[field]
    elif field == "dateline":
        assert (_norm(article.dateline) or None) == expected["dateline"]
    elif field == "syndication":
        if expected["syndication"] is None:
            assert article.syndication is None
        else:
            assert article.syndication is not None
            got = article.syndication.to_dict()
            assert {k: got.get(k) for k in expected["syndication"]} == expected["syndication"]
    elif field == "paragraph_count":
        assert len(paragraphs) == expected["paragraph_count"], paragraphs
    elif field == "first_paragraph":
        assert _norm(paragraphs[0]) == _norm(expected["first_paragraph"])
    elif field == "last_paragraph":
        assert _norm(paragraphs[-1]) == _norm(expected["last_paragraph"])
    elif field == "read_also":
        teasers = [_norm(r.text).casefold() for r in article.removed if r.kind == "read_also"]
        for headline in expected["read_also"]:
            assert any(_norm(headline).casefold() in t for t in teasers), (headline, teasers)
            assert _norm(headline) not in _norm(article.body)
    else:
        assert getattr(article, field) == expected[field]


# Expectations the pipeline does not meet yet, as measured when the fixtures were written. Strict:
# once the pipeline meets one, the test fails as XPASS and the entry must go.
KNOWN_GAPS = {
}


def _record_params():
    for path, case_id in zip(CASES, CASE_IDS, strict=True):
        for field in FIELDS:
            gap = KNOWN_GAPS.get((case_id, field))
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            yield pytest.param(path, field, marks=marks, id=f"{case_id}-{field}")


@pytest.mark.parametrize(("path", "field"), list(_record_params()))
def test_read_gives_the_expected_record(path, field):
    expected, _ = _case(path)
    _check(field, _article(path), expected)
