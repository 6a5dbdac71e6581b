"""The article body of a page with an unknown layout, as blocks in reading order.

Three steps, on the tree itself (``extract_blocks``) or on a copy of a known container
(``blocks_from``):

1. clean (``clean``): drop what is never article text — scripts, forms, hidden elements,
   navigation, share bars, comments, captions, ads, related lists — by tag and by class/id words;
2. choose (here): score containers readability-style from the paragraphs they hold, with a bonus
   for the containers that content-management systems name as the article body, and take the
   best one with its parts (same-class siblings or cousins split by images and ads);
3. read (``reader``): walk the container and cut its text into blocks, then drop link lists.

Every step is a few CSS queries and one pass over the nodes that matter; per-node Python work
is kept to attribute look-ups and cached regex decisions (one per distinct class string).
The rules themselves are data in ``rules``.
"""

from __future__ import annotations

import re

from kliping.extract.blocks import Block
from kliping.extract.generic.clean import Cleaned, clean
from kliping.extract.generic.reader import norm, read, tidy
from kliping.extract.generic.rules import (
    COMMA_SPAN,
    MIN_UNIT_CHARS,
    TEXT_HOLDERS,
    TOP_CANDIDATES,
    UNIT_SELECTOR,
)

__all__ = ["extract_blocks", "blocks_from"]

_PLAIN_TAG = re.compile(r"[a-z][a-z0-9-]*\Z")
_DECAY = (1.0, 0.5, 1 / 6)  # readability's: the parent gets it all, the grandparent half, then a sixth


# ---------------------------------------------------------------------------- public API
def extract_blocks(tree, *, url: str | None = None) -> list[Block]:
    """Find the article's main content on an unknown layout and return its blocks in reading order.

    The tree is cleaned in place (its scripts, navigation, ads… are removed): read metadata
    first, or pass ``tree.clone()`` to keep it whole.
    """
    root = tree.body
    if root is None:
        return []
    titles = _titles(tree)
    cleaned = clean(root)  # finds the first <h1> on the way, as it was
    headlines = _normalised(titles + ([cleaned.headline] if cleaned.headline is not None else []))
    found: list[tuple[Block, int]] = []
    for part in _main_parts(root, cleaned):
        found += read(part, url, headlines)
    return tidy(found)


def blocks_from(node, *, url: str | None = None) -> list[Block]:
    """Blocks inside an already-known body container (used by outlet profiles that name the container)."""
    parser = node.parser
    work = node.clone()  # the caller's tree stays as it was: the generic finder may still read it
    clean(work)
    # The page's headline, looked up only if an <h1> sits in the container.
    return tidy(read(work, url, lambda: _headlines(parser)))


# ---------------------------------------------------------------------------- 2. choose
def _main_parts(root, cleaned: Cleaned) -> list:
    """The container of the article, or its parts in document order."""
    scores, nodes = _scores(root)
    if not scores:
        return [root]
    best_score, best_key = _best(scores, nodes, cleaned.bonus)
    best = nodes[best_key]
    parts = _same_class_parts(root, best, scores, cleaned.classes)
    return parts if len(parts) > 1 else _with_siblings(best, scores, best_score)


def _scores(root) -> tuple[dict[int, float], dict[int, object]]:
    """Readability scores of the containers of text units, by mem_id, and the containers."""
    scores: dict[int, float] = {}
    nodes: dict[int, object] = {}
    chains: dict[int, tuple] = {}  # an element's (mem_id, element) and those of two ancestors
    for unit in root.css(UNIT_SELECTOR):
        if unit.tag in TEXT_HOLDERS:
            # Text right inside a container (old portals: text and <br> in a div) credits it.
            text = unit.text(deep=False, strip=True)
            up = unit
        else:
            text = unit.text(strip=True)
            up = unit.parent
        if len(text) < MIN_UNIT_CHARS or up is None:
            continue
        head = text[:COMMA_SPAN]
        score = 1.0 + (head.count(",") + head.count("，") + head.count("、")) + min(len(text) / 100, 3.0)
        for (key, node), weight in zip(_chain(up, chains), _DECAY, strict=False):  # may stop at <html>
            nodes[key] = node
            scores[key] = scores.get(key, 0.0) + score * weight
    return scores, nodes


def _chain(node, chains: dict[int, tuple]) -> tuple:
    """(mem_id, element) of node and of its parent and grandparent, short of <html>; memoised,
    as the paragraphs of a container share it."""
    key = node.mem_id
    found = chains.get(key)
    if found is None:
        links = []
        up = node
        while up is not None and len(links) < len(_DECAY) and up.tag != "html":
            links.append((up.mem_id, up))
            up = up.parent
        found = chains[key] = tuple(links)
    return found


def _best(scores: dict[int, float], nodes: dict[int, object], bonus: dict[int, float]) -> tuple[float, int]:
    """(score, mem_id) of the best of the top-scored containers once link density and bonus count.

    Link density only lowers a score, so candidates are measured in order of score times bonus,
    and the measuring stops when that bound cannot beat the best found: usually after one or two.
    """
    top = sorted(scores.items(), key=lambda kv: -kv[1])[:TOP_CANDIDATES]
    bounded = sorted(((score * bonus.get(key, 1.0), key, score) for key, score in top), reverse=True)
    best: tuple[float, int] | None = None
    for bound, key, score in bounded:
        if best is not None and bound < best[0]:
            break
        ranked = (score * (1.0 - _link_density(nodes[key])) * bonus.get(key, 1.0), key)
        if best is None or ranked > best:
            best = ranked
    return best


def _link_density(node) -> float:
    total = len(node.text(strip=True))
    if not total:
        return 1.0
    return min(sum(len(a.text(strip=True)) for a in node.css("a")) / total, 1.0)


def _same_class_parts(root, best, scores: dict[int, float], classes: dict[str, int]) -> list:
    """Elements with the best container's tag and class, in document order: an article cut into
    parts by images, pull quotes or ads (``div.post__content`` five times) reads as all of them."""
    cls = best.attributes.get("class") or ""
    if not cls.strip() or any(c in cls for c in "\"\\\n") or not _PLAIN_TAG.match(best.tag or ""):
        return [best]  # nothing to match on, or a name that cannot go into a selector as is
    if classes.get(cls, 0) < 2:
        return [best]  # no other element has it
    found = [n for n in root.css(f'{best.tag}[class="{cls}"]') if scores.get(n.mem_id, 0.0) >= 3.0]
    out = [n for n in _outermost(found) if _link_density(n) < 0.5]
    return out if any(n.mem_id == best.mem_id for n in out) else [best]


def _outermost(nodes: list) -> list:
    """The nodes that are not inside another of the nodes, in the given order."""
    inside = {node.mem_id for node in nodes}  # grows: elements with one of the nodes above them
    clear: set[int] = set()  # elements with none of the nodes above them
    out = []
    for node in nodes:
        path = []
        up = node.parent
        while up is not None and up.mem_id not in inside and up.mem_id not in clear:
            path.append(up.mem_id)
            up = up.parent
        if up is None or up.mem_id in clear:
            clear.update(path)
            out.append(node)
        else:
            inside.update(path)
    return out


def _with_siblings(best, scores: dict[int, float], best_score: float) -> list:
    """The best container and those siblings that read like more of the article."""
    parent = best.parent
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    out = []
    for sib in parent.iter():
        if sib.mem_id == best.mem_id:
            out.append(sib)
        elif scores.get(sib.mem_id, 0.0) >= threshold and _link_density(sib) < 0.25:
            out.append(sib)
        elif sib.tag == "p" and len(sib.text(strip=True)) > 80 and _link_density(sib) < 0.25:
            out.append(sib)
    return out


def _headlines(tree) -> tuple[str, ...]:
    """The headline as og:title, <title> and the first <h1> give it, normalised, lower-cased."""
    node = tree.css_first("h1")
    return _normalised(_titles(tree) + ([node.text()] if node is not None else []))


def _titles(tree) -> list[str]:
    """The headline as og:title and <title> give it."""
    found = []
    node = tree.css_first("meta[property='og:title']")
    if node is not None:
        found.append(node.attributes.get("content") or "")
    node = tree.css_first("title")
    if node is not None:
        found.append(node.text())
    return found


def _normalised(titles: list[str]) -> tuple[str, ...]:
    return tuple(t for t in (norm(x).lower() for x in titles) if len(t) > 3)
