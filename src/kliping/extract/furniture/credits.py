"""Credits: bylines and editor lines, ``Sumber:`` lines, and the credits that close a story's last paragraph.

``Penulis: A | Editor: B`` lines give authors and editors, ``Laporan Wartawan X, Nama`` and
``Oleh Nama`` give the author, ``(ant/xyz)`` and ``***(Nama/Outlet.com)`` are cut off the text.
"""

from __future__ import annotations

import re

from ..textutil import normalise_space
from .phrases import DOMAIN, URL, label, rules
from .shortcuts import opens_with
from .walk import Ctx

_LAPORAN = re.compile(
    r"^laporan\s+(?:wartawan|reporter|koresponden|kontributor|jurnalis)\s+[^,]{2,60},\s*(?P<name>[^,]{3,80})$",
    re.I)
_OLEH = re.compile(r"^[Oo]leh\s*:?\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5})$")
_SOURCE_LINE = re.compile(r"^\(?\s*sumber\s*:\s*(?P<v>[^()]{1,150})\)?\s*$", re.I)
_LAPORAN_HEAD, _OLEH_HEAD, _SUMBER_HEAD = frozenset({"laporan"}), frozenset({"oleh"}), frozenset({"sumber"})


# A block that is only the closing initials of the writer and the editor: ``(rzm/krs)``, ``(ANT/bay)``.
_CODE_BLOCK = re.compile(r"\(\s*[A-Za-z]{1,6}(?:\s*/\s*[a-z]{1,6}){1,3}\s*\)")


def code_block(ctx: Ctx, i: int) -> int:
    """``(rzm/krs)`` on its own line: a credit (initials, not names), not navigation."""
    raw = ctx.items[i].text
    text = raw.strip(" *")
    if len(raw) > 40 or not _CODE_BLOCK.fullmatch(text):
        return 0
    ctx.cut("credit", text)
    return 1


def role_block(ctx: Ctx, i: int) -> int:
    """``Editor: A | Penulis: B``, ``Laporan Wartawan X, Nama``, ``Oleh Nama`` at the start."""
    b = ctx.items[i]
    if len(b.text) > 250:
        return 0
    opened = ctx.opening(i)  # the rules below all want a role word, or "Laporan", "Oleh", first
    if opens_with(opened, rules().role_heads, at_start=True) and rules().roles.match(b.text):
        take_roles(ctx, b.text)
        return 1
    role = ctx.label(i)
    if role in rules().role_kind and i + 1 < len(ctx.items):
        # "Penulis" and ": Nama" in two elements (a label cell and a value cell).
        value = ctx.items[i + 1].text
        if value.startswith(":") and len(value) <= 150:
            take_roles(ctx, f"{role}: {value.lstrip(': ')}")
            return 2
    if m := _byline(b.text, opened, ctx.prose_seen):
        add_names(ctx, "author", m.group("name"))
        ctx.cut("credit", b.text)
        return 1
    return 0


def _byline(text: str, opened: tuple[int, str] | None, prose_seen: bool) -> re.Match | None:
    """``Laporan Wartawan X, Nama``, or ``Oleh Nama`` before the article starts."""
    if opens_with(opened, _LAPORAN_HEAD, at_start=True) and (m := _LAPORAN.match(text)):
        return m
    if not prose_seen and opens_with(opened, _OLEH_HEAD, at_start=True):
        return _OLEH.match(text)
    return None


def take_roles(ctx: Ctx, text: str) -> None:
    """Parse ``Role: names`` segments of a credit line and record each one."""
    for kind, segment, value in _role_segments(text):
        if kind == "source":
            add_source(ctx, segment, value.strip(" ."))
            continue
        if kind in ("author", "editor"):
            add_names(ctx, kind, value)
        ctx.cut("editor_line" if kind == "editor" else "credit", segment)


def take_notice_credits(ctx: Ctx, text: str) -> None:
    """The credits a republication notice carries (``Penulis : A Editor : B``): the source's.

    The writer wrote this copy's text too, so the names go to the authors; the editor edited the
    source, not this copy, and is left in the notice. Nothing is cut: the notice owns the text.
    """
    for kind, _, value in _role_segments(text):
        if kind == "author":
            add_names(ctx, kind, value)


def _role_segments(text: str):
    """Each ``Role: names`` segment of a credit line: (kind, the segment, the names)."""
    found = list(rules().roles.finditer(text[:500]))
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        value = text[m.end():end].strip(" |,;•·/")
        kind = rules().role_kind.get(label(m.group("role")), "other")
        yield kind, text[m.start():end].strip(" |,;•·/"), value


def source_block(ctx: Ctx, i: int) -> int:
    """``Sumber: Kompas.com`` on its own line (``Sumber daya alam …`` has no colon, and stays)."""
    b = ctx.items[i]
    # After "(" and a space "Sumber" still starts within the first four characters of a normalised block.
    if len(b.text) > 200 or not opens_with(ctx.opening(i), _SUMBER_HEAD):
        return 0
    m = _SOURCE_LINE.match(b.text)
    if not m:
        return 0
    add_source(ctx, b.text, m.group("v").strip(" ."), b.href)
    return 1


def add_source(ctx: Ctx, line: str, value: str, href: str | None = None) -> None:
    ctx.sources.append((line, value))
    ctx.cut("source_line", line, href or (value if URL.match(value) else None))


def source_line_match(line: str) -> bool:
    """Whether a line is a ``Sumber: X`` line of its own."""
    return _SOURCE_LINE.match(line) is not None


# -- credits closing the last paragraph ------------------------------------------------------------

_STARRED = re.compile(r"\*{2,}\s*\(\s*([^()]{2,120})\)[*\s]*$")
_NAME_CREDIT = re.compile(r"(?:(?<=[.!?\"”’*])|(?<=[.!?\"”’*]\s))\(\s*([^()/]{2,60})/([^()]{2,60})\)\s*$")
_AGENCY_CODE = re.compile(r"(?:(?<=[.!?\"”’)*])|(?<=[.!?\"”’)*]\s))\(\s*([A-Za-z]{1,6}(?:\s*/\s*[a-z]{1,6}){0,3})\s*\)\s*$")
_SOURCE_TAIL = re.compile(r"\(\s*sumber\s*:\s*([^()]{1,150})\)\s*$", re.I)
_PHOTO_TAIL = re.compile(r"\(\s*(?:foto|photo|dok|dokumentasi|ilustrasi)\b[^()]{0,150}\)\s*$", re.I)
# Tribun's "(*)" closing a story: a mark, not a credit (dropped unrecorded, as "***" is).
_END_MARK = re.compile(r"\(\s?\*{1,3}\s?\)[*\s]*$")
_NAMEISH = re.compile(r"^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,5}$")
# What every bracketed credit above ends with; it opens with ")", so the engine jumps between brackets.
_CLOSING_BRACKET = re.compile(r"\)[*\s]*$")


def cut_tail_credits(ctx: Ctx, text: str, low: str | None) -> str:
    """Credits at the end of the last paragraph: ``***(Nama/Outlet.com)``, ``(ant/xyz)``, ``(Sumber: X)``.

    ``low`` is the block's ``shortcuts.lowered`` text (``text`` is a prefix of the block).
    """
    glued_roles = rules().role_tail_needles.found_in(low)
    for _ in range(4):
        tail_at = max(0, len(text) - 250)
        tail = text[tail_at:]
        closed = _CLOSING_BRACKET.search(tail) is not None
        start = _end_mark(tail) if closed else None
        if start is None and closed:
            start = _bracket_credit(ctx, tail)
        if start is not None:
            text = text[: tail_at + start].rstrip()
            continue
        if glued_roles and (m := rules().role_tail.search(text, tail_at)) and len(text) - m.start() <= 200:
            take_roles(ctx, text[m.start():].strip(" ()"))
            text = text[: m.start()].rstrip()
            continue
        return text
    return text


def _end_mark(tail: str) -> int | None:
    """Where a ``(*)`` closing ``tail`` starts (None: there is none)."""
    m = _END_MARK.search(tail)
    return m.start() if m else None


def _bracket_credit(ctx: Ctx, tail: str) -> int | None:
    """Record the bracketed credit that closes ``tail`` and return where it starts (None: there is none)."""
    if m := _STARRED.search(tail):
        inner = m.group(1)
        add_names(ctx, "author", inner.split("/")[0] if "/" in inner else inner)
    elif (m := _NAME_CREDIT.search(tail)) and _NAMEISH.match(m.group(1).strip()):
        add_names(ctx, "author", m.group(1))
    elif (m := _AGENCY_CODE.search(tail)) and ("/" in m.group(1) or m.group(1).islower()):
        pass  # agency and editor initials: a credit, but not a person's name
    elif m := _SOURCE_TAIL.search(tail):
        add_source(ctx, m.group(), m.group(1).strip(" ."))
        return m.start()
    elif m := _PHOTO_TAIL.search(tail):
        ctx.cut("caption", m.group())
        return m.start()
    else:
        return None
    ctx.cut("credit", m.group().strip(" *"))
    return m.start()


# -- names ----------------------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\s+dan\s+|\s+and\s+)\s*", re.I)
_DEGREE = re.compile(r"^(?:[A-Z][a-z]{0,3}\.){1,4}[A-Za-z]{0,4}\.?$")
_BRACKETED = re.compile(r"\([^()]{0,80}\)")


def clean_names(value: str) -> list[str]:
    """Person names from a byline value: no role words, no outlet names, ``A dan B`` split."""
    r = rules()
    not_person, outlets = r.words("names", "not_person"), r.words("names", "outlets")
    value = _BRACKETED.sub(" ", value[:300])
    out: list[str] = []
    for piece in value.split("/"):
        for name in _NAME_SPLIT.split(piece):
            name = normalise_space(name).strip(" .:;,-–—|*\"'“”")
            low = name.casefold()
            if not name or _DEGREE.match(name) or any(ch.isdigit() for ch in name) or len(name) > 60:
                continue
            if low in outlets or DOMAIN.match(name) or "." in name.split()[-1][:-1]:
                continue
            if all(w in not_person or w in outlets for w in low.split()) or len(name.split()) > 6:
                continue
            if low.split()[0] in not_person:
                continue  # "Kontributor Lhokseumawe", "Tim Liputan": a role and a place, not a name
            out.append(name)
    return out


def add_names(ctx: Ctx, kind: str, value: str) -> None:
    target = ctx.out.editors if kind == "editor" else ctx.out.authors
    for name in clean_names(value):
        if name.casefold() not in (n.casefold() for n in target):
            target.append(name)
