"""Step 1 of the generic extractor: remove from a tree, in place, what is never article text.

In order: elements that never hold text (``DROP_TAGS``) and hidden ones; then page furniture (nav,
header, footer, aside, form and their ARIA roles) and boilerplate named by class/id words
(``rules.kind_of``): share bars, ads, comment sections, related-link boxes. Furniture or
boilerplate stays when it holds half of the page's text or more (a "has-sidebar" wrapper; not a
comment section), or when it wraps the article:

- a schema.org articleBody container with more than ANCHOR_CHARS of text (the "anchors");
- without one, for a form or a dialog only, a CMS-named body container of that size: in a nav, a
  footer or a share/related/popular box such a container is a teaser card's;
- for boilerplate, the first <h1> or one of the page's longest paragraphs.

Two CSS walks find what the rules read, in document order, where an element comes after its
ancestors. ``decompose`` unlinks every node of a removed subtree, so the elements found inside a
removed one are the run right after it whose parent is gone: they are skipped unread. That is what
makes cleaning cheap: most of a page's classes sit inside furniture removed whole. Each element's
text is measured before anything inside it is removed, as the rules mean it.
"""

from __future__ import annotations

from typing import NamedTuple

from kliping.extract.generic.rules import (
    ANCHOR_CHARS,
    BONUS_CLASS,
    BONUS_ITEMPROP,
    BONUS_TAG,
    COMMENTS,
    CONTENT,
    DROP_TAGS,
    FIRST_SELECTOR,
    HIDDEN_STYLE,
    INLINE_TAGS,
    ITEMPROP_BODY,
    KINDS,
    LAYOUT_ROLES,
    LAYOUT_TAGS,
    MARKUP_TAGS,
    SCAN_SELECTOR,
    TEASER,
    WEAK,
    WRAPPED_MIN_CHARS,
    WRAPPED_PARAGRAPHS,
    WRAPPER,
    kind_missing,
    kind_of,
)

__all__ = ["Cleaned", "clean"]


class Cleaned(NamedTuple):
    bonus: dict[int, float]  # score bonus of the content containers, by mem_id
    headline: str | None     # text of the first <h1> before cleaning (None: no <h1>)
    classes: dict[str, int]  # class attribute -> at most how many elements left have it


def clean(root) -> Cleaned:
    """Remove non-content elements under root (root itself stays) in place; return the score
    bonus of content containers and the first headline's text."""
    first = _First(root.mem_id)
    first.read(root.css(FIRST_SELECTOR))
    half = len(root.text()) / 2
    first.remove_hidden(half)
    scan = _Scan(root.mem_id, half, first)
    scan.read(root.css(SCAN_SELECTOR))
    scan.finish()
    return Cleaned(scan.bonus, first.headline_text, scan.classes)


class _First:
    """The first walk: the tags that never hold text, removed once the walk is read; the hidden
    elements, kept for when the page's text is known; the paragraphs, the <h1>s and the
    articleBody containers, which protect their wrappers."""

    def __init__(self, root_id: int):
        self.root_id = root_id
        self.hidden: list = []
        self.paragraphs: dict[int, object] = {}  # by mem_id, in document order
        self.headlines: list = []
        self.headline_text: str | None = None  # of the first <h1>, as the page has it
        self.itemprop: list = []

    def read(self, found: list) -> None:
        dropped = []
        last = 0
        for node in found:
            key = node.mem_id
            if key == last:
                continue  # one node can match several selectors of the list
            last = key
            tag = node.tag
            if tag in DROP_TAGS:
                if key != self.root_id:
                    dropped.append(node)
                continue
            if tag == "p":
                self.paragraphs[key] = node
            elif tag == "h1":
                if not self.headlines:
                    self.headline_text = node.text()  # before anything inside it is removed
                self.headlines.append(node)
            attrs = node.attributes
            if attrs.get("itemprop") in ITEMPROP_BODY:
                self.itemprop.append(node)
            if _hidden(attrs):
                self.hidden.append(node)
        for node in dropped:  # what was inside one of them is unlinked with it: see _alive
            node.decompose()

    def remove_hidden(self, half: float) -> None:
        """Remove the hidden elements with less than half of the page's text: a hidden wrapper of
        most of it (an anti-flicker body) is shown by script."""
        for node in self.hidden:
            if node.parent is not None and node.mem_id != self.root_id and len(node.text()) < half:
                node.decompose()

    def _alive(self, node) -> bool:
        return node.parent is not None or node.mem_id == self.root_id

    def headline_wrappers(self) -> set[int]:
        """The first <h1> and its ancestors: its wrapper wraps the article."""
        for node in self.headlines:
            if self._alive(node):
                return _ancestors([node])
        return set()

    def paragraph_wrappers(self) -> set[int]:
        """The parents of the page's longest paragraphs and their ancestors."""
        alive = [p for p in self.paragraphs.values() if self._alive(p)]
        sized = sorted(((len(p.text()), i, p) for i, p in enumerate(alive)), reverse=True)
        parents = [p.parent for size, _, p in sized[:WRAPPED_PARAGRAPHS] if size >= WRAPPED_MIN_CHARS]
        return _ancestors([p for p in parents if p is not None])

    def itemprop_anchors(self) -> list:
        """The schema.org articleBody containers with more than ANCHOR_CHARS of text."""
        return [n for n in self.itemprop if self._alive(n) and len(n.text()) > ANCHOR_CHARS]


class _Scan:
    """The second walk: the class, id, role and itemprop of each element once, in document order.

    Body containers get their score bonus. Furniture and boilerplate are judged as they are met
    and removed at once when nothing can save them; a form or dialog that holds a CMS-named body
    container waits for ``finish``, which knows all of those.
    """

    def __init__(self, root_id: int, half: float, first: _First):
        self.root_id = root_id
        self.half = half
        self.headline = first.headline_wrappers()     # boilerplate wrapping these stays
        self.paragraphs = first.paragraph_wrappers()  # likewise
        # The anchors are schema.org's articleBody containers when the page has any; else the
        # CMS-named ones (found as the scan goes) save the forms and dialogs around them.
        itemprop = first.itemprop_anchors()
        self.anchors_known = bool(itemprop)
        self.saved = _ancestors(itemprop)  # anchors and their wrappers
        self.bonus: dict[int, float] = {}
        self.classes: dict[str, int] = {}
        self.named: list[tuple] = []  # (node, chars) of the class-named containers, measured when met
        self.holders: set[int] = set()  # elements found to hold one with more than ANCHOR_CHARS
        self.waiting: list[tuple] = []  # (node, mem_id, always?, chars) of what may wrap an anchor

    def read(self, found: list) -> None:
        after_removal = False
        kinds = KINDS
        bonus = self.bonus
        classes = self.classes
        for node in found:
            if after_removal:
                if node.parent is None:
                    continue
                after_removal = False
            attrs = node.attributes
            cls, ident = attrs.get("class"), attrs.get("id")
            kind = kinds.get((cls, ident))
            if kind is None:
                kind = kind_missing((cls, ident))
            if kind & CONTENT:
                kind = 0
                self._named(node)
            tag = node.tag
            layout = LAYOUT_TAGS.get(tag, 0)
            role = prop = None
            if len(attrs) > (cls is not None) + (ident is not None):  # more than a class and an id
                role, prop = attrs.get("role"), attrs.get("itemprop")
                if role is not None:
                    layout |= LAYOUT_ROLES.get(role, 0)
            if (kind or layout) and self._judge(node, tag, layout, kind):
                after_removal = True
                continue
            if cls:
                classes[cls] = classes.get(cls, 0) + 1
            if prop in ITEMPROP_BODY:
                bonus[node.mem_id] = BONUS_ITEMPROP
            elif tag in MARKUP_TAGS or role == "main" or prop == "text":
                bonus.setdefault(node.mem_id, BONUS_TAG)

    def _named(self, node) -> None:
        """A container a CMS class names as the article body: a bonus, maybe an anchor."""
        if not self.anchors_known:
            self.named.append((node, len(node.text())))
        self.bonus[node.mem_id] = BONUS_CLASS

    def _judge(self, node, tag: str, layout: int, kind: int) -> bool:
        """Remove furniture or boilerplate now if nothing can save it; True when removed."""
        mem_id = node.mem_id
        if mem_id == self.root_id:
            return False
        boiler = bool(kind) and mem_id not in self.headline and tag not in ("body", "html")
        always = boiler and bool(kind & COMMENTS)  # a comment section goes whatever its size
        if boiler and not always:
            boiler = mem_id not in self.paragraphs and not (
                (kind == WEAK and tag in INLINE_TAGS)  # "a.inner-link-tag" is a word of a sentence
                or (kind == TEASER and len({a.attributes.get("href") for a in node.css("a")}) < 2)
            )  # a single teaser line stays for the read-also rules downstream
        if not (layout or boiler):
            return False
        chars = len(node.text())
        if not always and chars >= self.half:
            # A word match on a wrapper of most of the page's text is more likely a false
            # positive (a "has-sidebar" layout) than boilerplate.
            return False
        if chars > ANCHOR_CHARS:  # room for an anchor inside
            if self.anchors_known:
                if mem_id in self.saved:
                    return False
            elif layout & WRAPPER and self._holds_named(node, mem_id):
                # Only a form or a dialog waits on the class-named anchors: in a nav, a footer or
                # a box named by class words (share, related, popular) a CMS body class is a
                # teaser card's.
                self.waiting.append((node, mem_id, always, chars))
                return False
        node.decompose()
        return True

    def _holds_named(self, node, mem_id: int) -> bool:
        """Whether node is, or holds, a class-named body container with more than ANCHOR_CHARS of
        text. Only elements with that much text can be one, so the search follows them alone;
        what it finds is remembered for the wrappers met next (nested wrappers stay linear)."""
        if mem_id in self.holders:
            return True
        stack = [node]
        while stack:
            element = stack.pop()
            attrs = element.attributes
            cls, ident = attrs.get("class"), attrs.get("id")
            if (cls is not None or ident is not None) and kind_of(cls, ident) & CONTENT:
                self.holders |= _ancestors([element])
                return True
            stack.extend(child for child in element.iter() if len(child.text()) > ANCHOR_CHARS)
        return False

    def finish(self) -> None:
        """Judge what waited on the class-named anchors: those holding one stay."""
        saved = _ancestors([n for n, chars in self.named if chars > ANCHOR_CHARS])
        after_removal = False
        for node, mem_id, always, chars in self.waiting:
            if after_removal:
                if node.parent is None:
                    continue
                after_removal = False
            if mem_id not in saved and (always or chars < self.half):
                node.decompose()
                after_removal = True


def _hidden(attrs: dict) -> bool:
    """[hidden], [aria-hidden=true], or a style that hides the element."""
    style = attrs.get("style")
    return "hidden" in attrs or attrs.get("aria-hidden") == "true" or (
        style is not None and HIDDEN_STYLE.search(style) is not None
    )


def _ancestors(nodes: list) -> set[int]:
    """mem_ids of the nodes and all their ancestors."""
    out: set[int] = set()
    for node in nodes:
        while node is not None and node.mem_id not in out:
            out.add(node.mem_id)
            node = node.parent
    return out
