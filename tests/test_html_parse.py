"""Parsing untrusted HTML: pathological nesting, huge paragraphs, NUL bytes and empty input must
finish quickly, without a crash, and keep the text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kliping.errors import NotAnArticle
from kliping.extract.generic import extract_blocks
from kliping.extract.html import MAX_DEPTH, bound_depth, parse

N = 200_000


def _timed(html: str):
    started = time.perf_counter()
    tree = parse(html)
    blocks = extract_blocks(tree)
    return tree, blocks, time.perf_counter() - started


def _depth(tree) -> int:
    """The depth of the element tree (document order visits a parent before its children)."""
    depth = {tree.root.mem_id: 1}
    for node in tree.root.traverse():
        parent = node.parent
        if parent is not None and parent.mem_id in depth:
            depth[node.mem_id] = depth[parent.mem_id] + 1
    return max(depth.values())


def test_parse_survives_200000_nested_divs():
    tree, blocks, seconds = _timed("<div>" * N + "x")
    assert seconds < 10  # unbounded, lexbor alone takes minutes on this
    assert [b.text for b in blocks] == ["x"]
    assert _depth(tree) <= MAX_DEPTH + 10


@pytest.mark.parametrize(
    "html",
    [
        "<b><div>" * (N // 2),                       # formatting elements between blocks
        "<ul><li>" * (N // 2),                       # nested lists
        '<div a="<">' * N,                           # a '<' inside an attribute is not a tag
        "<div/>" * N,                                # HTML ignores the self-closing slash
        "<!--<script>-->" + "<div>" * N,             # a comment does not start a script
        "<svg><style>" + "<div>" * N,                # nor does <style> inside SVG hide markup
        "<math><mi>" + "<section>" * N,              # MathML text integration point
        "<select>" + "<option>" * N,                 # quadratic with DOM mutation events on
        "<" + "<span>div>" * N,                      # a dropped tag must not join text into a tag
    ],
    ids=["b-div", "ul-li", "attr-lt", "self-closing", "comment-script", "svg-style", "math-mi", "select", "forge"],
)
def test_parse_bounds_pathological_nesting(html):
    tree, _, seconds = _timed(html)
    assert seconds < 10
    assert _depth(tree) <= 2 * MAX_DEPTH + 10


def test_parse_and_extract_a_3mb_paragraph():
    text = "kata " * 600_000
    tree, blocks, seconds = _timed(f"<html><body><div class='isi-berita'><p>{text}</p></div></body></html>")
    assert seconds < 5
    assert len(blocks) == 1 and len(blocks[0].text) == len(text.strip())


def test_parse_drops_nul_bytes():
    tree = parse("<p>Ka\x00bar\x00 baik</p>\x00")
    assert tree.body.text() == "Kabar baik"


@pytest.mark.parametrize("html", ["", "   \n\t ", "\x00\x00"])
def test_parse_rejects_empty_input(html):
    with pytest.raises(NotAnArticle):
        parse(html)


@pytest.mark.parametrize("html", ["<html></html>", "<!-- kosong -->", "<br><hr><img src=x>", "<<<>>>"])
def test_parse_accepts_markup_without_text(html):
    tree = parse(html)
    assert extract_blocks(tree) == [] or all(b.text for b in extract_blocks(tree))


def test_bound_depth_leaves_ordinary_pages_alone():
    # Many tags but shallow: nothing is dropped, only self-closing tags get their end tag.
    row = '<div class="baris"><p>Teks <b>tebal</b> dan <a href="/x">tautan</a>.</p><br></div>'
    page = "<html><body>" + row * 5000 + '<svg><path d="M0 0"/></svg></body></html>'
    assert bound_depth(page) == page.replace('<path d="M0 0"/>', '<path d="M0 0"/></path>')


def test_bound_depth_keeps_scripts_raw():
    script = "<script>for (var i = 0; i<n; i++) { s += '<div>'; }</script>"
    assert bound_depth(script * 3000, limit=10) == script * 3000


_FRAGMENTS = ["<div>", "</div>", "<p>", "</p>", "<br>", "<a href='/x'>", "</a>", "<svg>", "<style>", "<script>",
              "</script>", "<!--", "-->", "<table><tr><td>", "<li>", "<h1>", "<div class='share'>",
              "<span class=\"ad\">", "\x00", "kata, ", "Teks berita. ", "<", ">", "\"", "<x/>", "&amp;", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=8), max_size=60))
def test_parse_and_extract_never_crash_on_odd_markup(pieces):
    html = "".join(pieces)
    try:
        tree = parse(html)
    except NotAnArticle:
        assert not html.replace("\x00", "").strip()
        return
    for block in extract_blocks(tree):
        assert block.text and block.text == " ".join(block.text.split())
        assert 0.0 <= block.link_density <= 1.0
