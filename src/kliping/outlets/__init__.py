"""Outlet knowledge as data: one TOML file per CMS template (or outlet), registered by domain.

A profile says where a template keeps the article body, what to drop from it, and where the byline,
date, tags and next-page link sit. Everything is a CSS selector list (first match wins), so a site
redesign is a data change with a new stored-page fixture, not a code change. Pages from unknown
sites go through the generic extractor; a profile can also claim an unknown domain by markup
(``detect``), which is how the many regional portals of one network share a template.

File format (``src/kliping/outlets/<name>.toml``)::

    name = "PRMN regional portals"          # the template, for people
    domains = ["pikiran-rakyat.com", ...]   # suffix match on the page's host
    detect = ["div.read__content"]          # optional: selectors that identify the template anywhere
    [outlets]                               # optional: display names of this template's outlets
    "portalkalteng.com" = "PortalKalteng"
    [selectors]
    body = ["article .read__content"]       # the container of the article paragraphs
    drop = ["div.baca-juga", "div.ads"]      # removed inside the body before reading blocks
    title = ["h1.read__title"]
    published = ["div.read__info__date"]     # visible date text (Indonesian formats are parsed)
    authors = ["div.read__info__author a"]
    editors = ["div.read__info__editor a"]
    section = ["ul.breadcrumb li:last-child"]
    tags = ["div.tag a"]
    next_page = ["a.paging__next"]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

SELECTOR_KEYS = ("body", "drop", "title", "published", "modified", "authors", "editors", "section",
                 "tags", "next_page")


@dataclass(frozen=True, slots=True)
class Profile:
    key: str                                   # file stem, stable id of the profile
    name: str
    domains: tuple[str, ...] = ()
    detect: tuple[str, ...] = ()
    outlets: dict[str, str] = field(default_factory=dict)
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def select(self, key: str) -> tuple[str, ...]:
        return self.selectors.get(key, ())

    def outlet_name(self, host: str | None) -> str | None:
        if not host:
            return None
        host = host.lower().removeprefix("www.")
        for domain, name in self.outlets.items():
            if host == domain or host.endswith("." + domain):
                return name
        return None


def _load(key: str, text: str) -> Profile:
    data = tomllib.loads(text)
    selectors = data.get("selectors", {})
    unknown = set(selectors) - set(SELECTOR_KEYS)
    if unknown:
        raise ValueError(f"outlet profile {key}: unknown selector keys {sorted(unknown)}")
    return Profile(
        key=key,
        name=data["name"],
        domains=tuple(d.lower() for d in data.get("domains", ())),
        detect=tuple(data.get("detect", ())),
        outlets={k.lower(): v for k, v in data.get("outlets", {}).items()},
        selectors={k: tuple(v) for k, v in selectors.items()},
    )


@lru_cache(maxsize=1)
def registry() -> tuple[Profile, ...]:
    """All shipped profiles, sorted by key (loaded once)."""
    out = []
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out.append(_load(entry.name[:-5], entry.read_text(encoding="utf-8")))
    return tuple(out)


def for_host(host: str | None) -> Profile | None:
    """The profile registered for a host (suffix match on its domains), if any."""
    if not host:
        return None
    host = host.lower().removeprefix("www.")
    best: tuple[int, Profile] | None = None
    for profile in registry():
        for domain in profile.domains:
            if (host == domain or host.endswith("." + domain)) and (best is None or len(domain) > best[0]):
                best = (len(domain), profile)
    return best[1] if best else None


def outlet_name(host: str | None) -> str | None:
    """A display name for a host from any profile's outlet table."""
    for profile in registry():
        name = profile.outlet_name(host)
        if name:
            return name
    return None


@lru_cache(maxsize=1)
def _any_detect_selector() -> str:
    return ", ".join(sel for profile in registry() for sel in profile.detect)


def detect_profile(tree) -> Profile | None:
    """A profile whose ``detect`` selectors match the page's markup (templates shared by many domains)."""
    combined = _any_detect_selector()
    # One walk of the tree answers "does any template claim this page?" — the usual answer is no.
    if not combined or tree.css_first(combined) is None:
        return None
    for profile in registry():
        for selector in profile.detect:
            if tree.css_first(selector) is not None:
                return profile
    return None
