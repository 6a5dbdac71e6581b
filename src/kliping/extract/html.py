"""Parse untrusted HTML with lexbor (selectolax), bounded in time.

Lexbor builds its tree without recursion, but several tree-construction steps walk the stack of
open elements, so 200,000 unclosed ``<div>`` cost minutes (quadratic). A page with few tags cannot
be deep enough to hurt, so the common page goes straight to lexbor. A page with many tags is
first tokenised here, conservatively (never seeing fewer open elements than lexbor would): start
tags nested deeper than ``MAX_DEPTH`` are dropped, with the end tags that would close them, and
self-closing tags get an explicit end tag, so ``<x/>`` cannot nest whatever lexbor makes of it.
The text itself is kept. The same pass counts elements and comments: past ``MAX_NODES`` the page is
refused (``InputTooLarge``): extraction walks every node in Python (up to 40 µs a node, 10 s at the cap).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

from kliping.errors import InputTooLarge, NotAnArticle

MAX_DEPTH = 512    # real pages: ≤ 130 by this count (≤ 60 in lexbor) on the benchmark pages
MANY_TAGS = 10_000  # below this many '<', even the worst nesting parses in about 0.2 s
MAX_NODES = 250_000  # elements and comments kept; real pages: ≤ 2,000 (114 benchmark pages)

# Tags that cannot deepen the tree: void elements, and elements whose end tag the parser infers
# (a new <p>, <li> or <td> closes the open one).
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont bgsound "
    "frame image p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp "
    "rtc html head body".split()
)
# Elements whose content is raw text up to their end tag (in HTML content, not inside SVG/MathML).
_RAW_TEXT = frozenset("script style xmp iframe noembed noframes textarea title plaintext".split())
# The first '</name' ends the raw text (lexbor may end it later, never earlier); <plaintext> never ends.
_RAW_END = {name: re.compile(rf"</{name}" if name != "plaintext" else r"\Z", re.I) for name in _RAW_TEXT}
_FOREIGN = frozenset(("svg", "math"))

# One token of the HTML tokenizer, with its attribute grammar, so that a '<' inside a quoted
# attribute value is not taken for a tag. Possessive quantifiers and atomic groups keep it linear.
_TOKEN = re.compile(
    r"""
    <!--(?:>|->|.*?--!?>|.*\Z)              # comment (with the abrupt forms <!--> and <!--->)
  | <[!?][^>]*+>?                           # doctype, CDATA, processing instruction: to the next '>'
  | </(?![a-zA-Z])[^>]*+>?                  # '</' without a name: ignored up to the next '>'
  | <(/?)([a-zA-Z][^\t\n\f\r />]*+)         # a start or end tag: its name ...
    (?:[\t\n\f\r ]++                        # ... then whitespace,
      | /(?!>)                              # stray slashes,
      | [^\t\n\f\r />][^\t\n\f\r />=]*+     # attribute names (the first may be '=')
        (?>[\t\n\f\r ]*+=[\t\n\f\r ]*+(?>"[^"]*+"|'[^']*+'|[^\t\n\f\r >]*+))?+
    )*+
    (/?)(>?)                                # self-closing slash, end of the tag
    """,
    re.S | re.X,
)


def parse(html: str, *, utf8: bytes | None = None) -> LexborHTMLParser:
    """Parse a page with lexbor after bounding its nesting depth; NotAnArticle if nothing to parse.

    ``utf8`` may give the page's original bytes when they are valid UTF-8 (``html`` decoded from them),
    which spares encoding the text again.
    """
    # Checks run on the UTF-8 bytes lexbor reads anyway: counting bytes is several times faster.
    data = utf8 if utf8 is not None else html.encode("utf-8", "replace")  # "replace": lone surrogates
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")  # NUL is never text; lexbor would turn some into U+FFFD
    if not data or data.isspace():
        raise NotAnArticle("empty input: nothing to parse")
    if len(data) > 3 * MANY_TAGS and data.count(b"<") > MANY_TAGS:
        # MAX_NODES >= MANY_TAGS: a page with more nodes than the cap has more '<' and is tokenised here.
        data = bound_depth(data.decode("utf-8"), max_nodes=MAX_NODES).encode("utf-8")
    # Without DOM mutation events: they copy <option>s into <selectedcontent>, quadratic in a <select>.
    tree = LexborHTMLParser(data, options=LexborDocumentOptions.WO_EVENTS)
    if tree.root is None:
        raise NotAnArticle("the input could not be parsed as HTML")
    return tree


def bound_depth(html: str, limit: int = MAX_DEPTH, *, max_nodes: int | None = None) -> str:
    """The page with tags nested deeper than ``limit`` removed and self-closing tags closed.

    Raises ``InputTooLarge`` when more than ``max_nodes`` elements and comments would be left.
    """
    pieces: list[str] = []
    last = pos = depth = nodes = 0
    foreign_seen = False  # after <svg>/<math>, <script> may not be raw text: stop skipping it
    search = _TOKEN.search
    while (m := search(html, pos)) is not None:
        pos = m.end()
        name = m[2]
        if name is not None:
            name = name.lower()
        if name is None or (not m[1] and (depth < limit or name in _FLAT or (m[3] and m[4]))):
            nodes += 1  # a node lexbor will build (start tags past the depth limit are dropped)
            if max_nodes is not None and nodes > max_nodes:
                raise InputTooLarge(f"page has more than {max_nodes:,} elements")
        if name is None:
            continue  # comment, doctype, bogus comment: no element
        if m[1]:  # an end tag
            if name in _FLAT:
                continue
            if depth > limit:  # it closes a start tag that was dropped
                pieces += (html[last : m.start()], " ")
                last = pos
            depth = max(depth - 1, 0)
            continue
        if name in _FLAT:
            continue
        if m[3] and m[4]:  # <x .../>: close it explicitly; it no longer counts
            pieces += (html[last:pos], f"</{name}>")
            last = pos
            continue
        depth += 1
        if depth > limit:
            pieces += (html[last : m.start()], " ")  # a space: joining text could forge a tag
            last = pos
            continue
        if name in _FOREIGN:
            foreign_seen = True
        elif name in _RAW_TEXT and not foreign_seen:
            pos = _raw_text_end(html, name, pos)
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)


def _raw_text_end(html: str, name: str, pos: int) -> int:
    """Where the raw text of a <script>/<style>/... ends: at its first end tag, or at the end."""
    m = _RAW_END[name].search(html, pos)
    return m.start() if m else len(html)
