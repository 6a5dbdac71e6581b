"""What ``furniture.clean`` fills in (``Cleaned``) and what its walk over the blocks knows so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...article import Removed, Syndication
from ..blocks import Block
from ..textutil import normalise_space
from .phrases import CLOSE, label
from .shortcuts import opening

_UNSET = object()


@dataclass(slots=True)
class Cleaned:
    """The article paragraphs of a page and everything ``clean`` cut out of them."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    syndication: Syndication | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline: str | None = None
    tags: list[str] = field(default_factory=list)
    outlet_name: str | None = None     # when the page names itself ("Dilansir PortalKalteng.com dari …")
    outlet_domain: str | None = None
    next_page_url: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Ctx:
    out: Cleaned
    items: list[Block]
    title_key: str
    host: str | None
    offset: str | None
    mode: str = ""                              # "", "listing", "related", "tags"
    sources: list[tuple[str, str]] = field(default_factory=list)   # ("Sumber: X" line, X)
    prose_seen: bool = False                    # a real paragraph has been kept
    para_at: list[int] = field(default_factory=list)   # len(removed) when each paragraph was kept
    labels: list[str | None] = field(init=False)   # each block's label, worked out when first asked for
    openings: list[object] = field(init=False)     # each block's ``shortcuts.opening``, likewise

    def __post_init__(self) -> None:
        self.labels = [None] * len(self.items)
        self.openings = [_UNSET] * len(self.items)

    def label(self, i: int) -> str:
        """Block ``i`` as a label (``phrases.label``): several rules ask, it is worked out once."""
        found = self.labels[i]
        if found is None:
            found = self.labels[i] = label(self.items[i].text)
        return found

    def opening(self, i: int) -> tuple[int, str] | None:
        """Block ``i``'s first word (``shortcuts.opening``): several rules ask, it is worked out once."""
        found = self.openings[i]
        if found is _UNSET:
            found = self.openings[i] = opening(self.items[i].text)
        return found  # type: ignore[return-value]

    def cut(self, kind: str, text: str, href: str | None = None) -> None:
        text = normalise_space(text)
        if kind == "read_also" and len(text) > 1 and text[0] in CLOSE and text[-1] == CLOSE[text[0]]:
            text = text[1:-1].strip()  # Simak video 'Judul' -> Judul
        self.out.removed.append(Removed(kind, text, href))

    def warn(self, message: str) -> None:
        if message not in self.out.warnings:
            self.out.warnings.append(message)
