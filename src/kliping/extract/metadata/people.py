"""Authors and editors: from the profile, JSON-LD, metas and microdata, then the bylines the page prints."""

from __future__ import annotations

import re

from ..dates import DAY_NAMES, find_datetimes
from ..textutil import normalise_space
from .bodytext import SEP, key
from .headline import starting_with
from .page import Page, ld_persons

AUTHOR_KEYS = ("author", "dtk:author", "content_author", "article:author", "byl", "parsely-author",
               "sailthru.author", "dc.creator")
EDITOR_KEYS = ("content_editor", "dtk:editor", "editor")
# Role words of bylines; the first group marks authors, the second editors.
AUTHOR_ROLES = ("penulis", "reporter", "pewarta", "wartawan", "kontributor", "koresponden", "oleh",
                "by", "written by", "author", "laporan wartawan", "laporan")
EDITOR_ROLES = ("editor", "penyunting", "redaktur", "editing")
# Short role labels (Republika's "Rep: X | Red: Y") that count only with their colon: a bare "Red"
# starts names and English sentences.
COLON_ROLES = {"rep": "author", "red": "editor"}
# "Kontributor Lhokseumawe, Masriadi": these roles are followed by a place, not a name, when no colon.
PLACE_ROLES = ("kontributor", "koresponden", "wartawan", "laporan wartawan")
# Words that make a byline an organisation, not a person.
NON_PERSON_WORDS = frozenset({
    "redaksi", "admin", "administrator", "tim", "team", "staff", "staf", "newsroom", "desk", "pt", "pt.",
    "media", "cyber", "network", "group", "grup", "news", "berita", "humas", "rilis", "release",
    "anonim", "anonymous", "unknown", "webmaster", "kanal", "writer", "correspondent", "contributor",
    "reporter", "editor", "wartawan", "koresponden", "kontributor", "penulis", "fotografer", "photographer",
    # page furniture that follows an empty byline label
    "komentar", "pembaca", "baca", "juga", "terkait", "bagikan", "share", "ikuti", "follow", "lihat",
    "selengkapnya", "login", "masuk", "daftar", "iklan", "advertisement", "video", "foto",
})
NAME_PARTICLES = frozenset({"bin", "binti", "van", "von", "der", "de", "da", "di", "al", "el", "la", "le",
                            "dos", "du", "ibn", "y"})
BYLINES_BEFORE_HEADLINE = 40  # segments above the headline searched for byline lines
# The elements CMSs give a byline, and links to an author's page: read only when nothing more trusted
# named the author (one CSS pass, then), first in page order, never inside page furniture or a photo
# (Kompas credits photos in ``span.author``).
BYLINE_ELEMENTS = (".journalist, .writer, .byline, .reporter, .penulis, .author, [class*=author-name], "
                   "a[rel~=author], a[href*='/author/'], a[href*='/penulis/'], a[href*='/reporter/']")
BYLINE_ELEMENTS_READ = 5
BYLINE_ELEMENTS_SEEN = 50  # matches looked at: a page of 100,000 teaser links must not cost 100,000 walks
BYLINE_TEXT_BUDGET = 20_000  # characters of element text read: nested byline containers hold the whole page
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "li", "figure", "figcaption"})
_FURNITURE_CLASS = re.compile(r"related|terkait|popular|populer|sidebar|widget|comment|komentar|recommend|"
                              r"rekomendasi|trending|terbaru|latest|footer|menu|photo|foto|caption|gallery", re.IGNORECASE)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ROLES = _alternation(AUTHOR_ROLES + EDITOR_ROLES)
_ROLE_WORD = rf"(?:{_ROLES})\b"
# "Penulis: " / "| Editor: ": a label (a role word and a colon) anywhere in a byline.
_ROLE_LABEL = re.compile(rf"(?<!\w)(?P<role>{_ROLE_WORD}|{_alternation(COLON_ROLES)}\b) ?: ?", re.IGNORECASE)
_COLON_ROLE_PREFIX = re.compile(rf"^(?:{_alternation(COLON_ROLES)}) ?: ?", re.IGNORECASE)
# "Oleh Desca": a role word directly in front of one name.
_ROLE_PREFIX = re.compile(rf"^{_ROLE_WORD} ?[:\-–]? ?", re.IGNORECASE)
_PLACE_ROLE = re.compile(rf"^(?:{_alternation(PLACE_ROLES)}) [^:]", re.IGNORECASE)
_NAME_SPLIT = re.compile(r" ?(?:[,;/|&+]|\band\b|\bdan\b| [-–—] ) ?", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]{0,80}\)|\[[^\[\]]{0,80}\]")
_NOT_A_NAME = re.compile(r"\d|@|https?:|www\.|\w\.(?:com|co|id|net)\b", re.IGNORECASE)
_BYLINE = re.compile(rf"^(?P<role>{_ROLES})\b ?:? ?(?P<rest>.{{0,200}})$", re.IGNORECASE)
# A segment that starts as _BYLINE does (see starting_with), before its spaces are normalised; the
# look-ahead lets most segments be passed over fast.
_FIRST_LETTERS = "".join(sorted({w[0] for w in AUTHOR_ROLES + EDITOR_ROLES}))
_ANY_SPACES = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(AUTHOR_ROLES + EDITOR_ROLES, key=len, reverse=True))
_BYLINE_START = re.compile(rf"{SEP}(?=[{_FIRST_LETTERS}])(?:{_ANY_SPACES})\b", re.IGNORECASE)
# A label of one role's words: where _role_part would hand the text that follows to that role.
_LABELS = {
    role: re.compile(rf"(?<!\w)(?:{_alternation(words)})\b ?: ?", re.IGNORECASE)
    for role, words in (("author", AUTHOR_ROLES), ("editor", EDITOR_ROLES))
}
_NAME_DASH_SITE = re.compile(r"^(?P<name>[^-–|:]{2,60}?) ?[-–] ?(?P<site>\S{3,40})$")
_DAY_NAMES = frozenset(DAY_NAMES)


def _role_part(text: str, role: str) -> str:
    """The part of a byline under ``role`` labels (``Penulis: X | Editor: Y``); unlabelled text is ``role``'s."""
    parts: dict[str, list[str]] = {"author": [], "editor": []}
    pos, kind = 0, role
    for m in _ROLE_LABEL.finditer(text):
        parts[kind].append(text[pos:m.start()])
        word = m.group("role").lower()
        kind = "editor" if word in EDITOR_ROLES or COLON_ROLES.get(word) == "editor" else "author"
        pos = m.end()
    parts[kind].append(text[pos:])
    return " , ".join(parts[role])


def clean_names(raw: str | None, tokens: set[str] = frozenset(), role: str = "author") -> list[str]:
    """Person names from a byline: role words, outlet names and places removed; ``A, B dan C`` split.

    ``role`` says whose names to keep when the byline labels several (``Penulis: X | Editor: Y``).
    """
    text = normalise_space(_PARENS.sub(" ", (raw or "")[:300]))
    dates = find_datetimes(text)
    if dates:
        text = text[: dates[0][0]]  # "Penulis: X | Jumat, 4 Maret 2022": the names end where the date starts
    parts = [p.strip(" .:-–") for p in _NAME_SPLIT.split(_role_part(text, role))]
    out: list[str] = []
    for part in parts:
        if _PLACE_ROLE.match(part) and len(parts) > 1:
            continue  # "Kontributor Lhokseumawe": a role and a place
        name = _COLON_ROLE_PREFIX.sub("", part, count=1)
        name = _ROLE_PREFIX.sub("", name, count=1).strip(" .:-–")
        if _is_person(name, tokens) and name not in out:
            out.append(name)
    return out


def _is_person(name: str, tokens: set[str]) -> bool:
    if not 2 <= len(name) <= 60 or _NOT_A_NAME.search(name):
        return False
    words = name.split()
    if not 1 <= len(words) <= 6 or not words[0][:1].isupper():
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in NON_PERSON_WORDS or w in _DAY_NAMES for w in lowered):
        return False
    k = key(name)
    if any(t in k or (len(k) >= 5 and k in t) for t in tokens):
        return False  # "Tim detikcom", "KOMPAS.com", "Antara"
    return all(w[:1].isupper() or lw in NAME_PARTICLES for w, lw in zip(words, lowered, strict=True))


# -- what the page prints ---------------------------------------------------------------------------

def _byline_lines(page: Page, start: int) -> list[int]:
    """Segments from ``start`` on that begin with a role word: the only ones a byline line can be."""
    return starting_with(page.body, _BYLINE_START, start)


def _visible_names(page: Page, lines, role: str) -> list[str]:
    """Names for ``role`` from the first ``Penulis: X`` / ``Oleh X`` / ``Editor: Y`` line that has some."""
    segs = page.body.segments
    for i in lines:
        m = _BYLINE.match(segs[i]) if len(segs[i]) <= 200 else None
        if not m:
            continue
        word = m.group("role").lower()
        if word in ("oleh", "by") and len(segs[i]) > 60:
            continue  # "Oleh karena itu, ..." is prose, not a byline
        rest = m.group("rest").strip(" :")
        if not rest and i + 1 < len(segs) and len(segs[i + 1]) <= 100:
            rest = segs[i + 1].strip(" :")  # a table or a <b>: "Editor" | ": Y"
        if (word in EDITOR_ROLES) != (role == "editor") and not _LABELS[role].search(rest):
            continue  # nothing in the line is under ``role``'s labels (see _role_part)
        names = clean_names(f"{m.group('role')}: {rest}", page.tokens, role=role)  # "Oleh X" as "Oleh: X"
        if names:
            return names
    return []


def _byline_elements(page: Page) -> list[str]:
    """Texts of the first byline elements (``div.journalist``, ``a[href*='/author/']``…) outside furniture.

    A link inside the element names the person (``<a>Wahyu Nugroho</a><span>, Jurnalis - Selasa…</span>``).
    """
    out: list[str] = []
    budget = BYLINE_TEXT_BUDGET
    for node in page.css(BYLINE_ELEMENTS)[:BYLINE_ELEMENTS_SEEN]:
        if len(out) >= BYLINE_ELEMENTS_READ or budget < 0:
            break
        if node.tag in ("meta", "link", "body", "html") or _in_furniture(node):
            continue
        link = node if node.tag == "a" else node.css_first("a")
        text = (link.attributes.get("title") or link.text(deep=True)) if link is not None else node.text(deep=True)
        budget -= len(text or "")
        if text and len(text) <= 300:
            out.append(text)
    return out


def _in_furniture(node, depth: int = 12) -> bool:
    """Whether a teaser list, a sidebar, a menu or the footer holds ``node`` (its nearest ancestors)."""
    parent = node.parent
    while parent is not None and depth > 0:
        if parent.tag in _FURNITURE_TAGS or _FURNITURE_CLASS.search((parent.attributes.get("class") or "")[:300]):
            return True
        parent, depth = parent.parent, depth - 1
    return False


def _name_site_byline(page: Page, head: int) -> list[str]:
    """``Fino Yurio Kristo - detikinet`` just under the headline: a name, a dash, the outlet."""
    segs = page.body.segments
    for i in range(head + 1, min(head + 12, len(segs))):
        pair = segs[i] + (" " + segs[i + 1] if i + 1 < len(segs) else "")
        for text in (segs[i], pair):
            m = _NAME_DASH_SITE.match(text[:120])
            site = key(m.group("site")) if m else ""
            if site and any(t in site or site in t for t in page.tokens):
                name = m.group("name").strip()
                return [name] if _is_person(name, page.tokens) else []
    return []


def _element_names(nodes: list) -> list[str]:
    """Texts of byline elements (a nested ``itemprop=name`` wins); <meta>/<link> are read elsewhere."""
    out = []
    for node in nodes[:10]:
        if node.tag in ("meta", "link"):
            continue
        inner = node.css_first("[itemprop=name]")
        target = inner if inner is not None else node
        text = target.attributes.get("content") if target.tag == "meta" else target.text(deep=True)
        if text:
            out.append(text)
    return out


# -- choosing -----------------------------------------------------------------------------------------

def people(page: Page, ld: dict, head: int) -> tuple[list[str], list[str]]:
    """Authors and editors. An author source that only names the editors is passed over.

    Sources are read in order of trust and only until one gives names; the printed bylines last.
    """
    tokens = page.tokens
    profile_editors = _element_names(page.profile_nodes("editors"))
    profile_authors = _element_names(page.profile_nodes("authors"))
    lines: list[int] | None = None

    def visible(role: str) -> list[str]:
        nonlocal lines
        if lines is None:
            lines = _byline_lines(page, head - BYLINES_BEFORE_HEADLINE if head >= 0 else 0)
        return _visible_names(page, lines, role)

    editors: list[str] = []
    for source in _editor_sources(page, ld, profile_editors):
        editors = dedupe(n for raw in source for n in clean_names(raw, tokens, role="editor"))
        if editors:
            break
    editors = editors or visible("editor")
    fallback: list[str] = []
    editor_keys = {n.casefold() for n in editors}
    for source in _author_sources(page, ld, profile_authors, visible, head):
        names = dedupe(n for raw in source for n in clean_names(raw, tokens))
        fallback = fallback or names
        names = [n for n in names if n.casefold() not in editor_keys]
        if names:
            return names, editors
    return fallback, editors


def _editor_sources(page: Page, ld: dict, from_profile: list[str]):
    yield from_profile
    yield page.meta(*EDITOR_KEYS)
    yield ld_persons(ld.get("editor"))
    yield _element_names(page.nodes.prop("editor"))


def _author_sources(page: Page, ld: dict, from_profile: list[str], visible, head: int):
    yield from_profile
    yield ld_persons(ld.get("author"))
    for value in page.meta(*AUTHOR_KEYS):
        yield [value]
    yield _element_names(page.nodes.prop("author"))
    yield ld_persons(ld.get("creator"))
    yield visible("author")
    yield _byline_elements(page)
    yield _name_site_byline(page, head) if head >= 0 else []


def dedupe(items) -> list[str]:
    """``items`` without case-insensitive repeats, first spelling kept."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())
