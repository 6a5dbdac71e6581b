"""Indonesian text for the full-text index: stemmed tokens, the safe query parser, snippets.

The index holds Sastrawi stems (``pertemuan`` and ``bertemu`` both become ``temu``), so the query
side must stem the same way; the FTS5 expression is built only from tokens this module made, each
one double-quoted, so nothing a user types reaches FTS5's own syntax.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .base import QuerySyntaxError

# Bump when tokenisation or stemming changes: the store rebuilds its index when this differs.
TOKENIZER_VERSION = "1"

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
MAX_DEPTH = 4  # nested parentheses
MIN_PREFIX = 2
MAX_STEM_WORD = 30  # longer "words" are not Indonesian words: kept as they are, not stemmed
MAX_INDEX_WORDS = 20_000  # of one body: bounds the time a hostile 3 MB paragraph can cost
SNIPPET_WORDS = 30
SNIPPET_LEAD = 8  # words shown before the first hit
SNIPPET_SCAN_CHARS = 200_000

# Letters and digits, hyphen-joined (`anak-anak`, `ke-3`); linear: the parts cannot overlap.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_STEMMABLE = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Query lexer: a phrase, parentheses, a word with an optional `*` (each may take a leading `-`), or
# any other single character (punctuation: dropped, except a lone `*`, which is an error).
_QTOKEN = re.compile(r'-?"[^"]*"?|-?\(|\)|-?[^\W_]+(?:-[^\W_]+)*\*?|\S')
_CURLY_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _stemmer():
    # The inner Stemmer, not the factory's CachedStemmer: that one caches every word forever.
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer().delegatedStemmer


def stemmer_version() -> str:
    """What the index depends on: this module's tokeniser version and the Sastrawi release."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        sastrawi = version("PySastrawi")
    except PackageNotFoundError:
        sastrawi = "unknown"
    return f"{TOKENIZER_VERSION}/sastrawi-{sastrawi}"


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> tuple[str, ...]:
    """The index tokens of one lower-cased word (Sastrawi is slow: memoised, bounded)."""
    if len(word) <= MAX_STEM_WORD and _STEMMABLE.fullmatch(word):
        stem = _stemmer().stem_word(word) or word
    else:
        stem = word
    # A stem may keep a hyphen (`bolak-balik`); FTS5's tokeniser splits there, so do it here too.
    return tuple(t for t in stem.split("-") if t)


def words(text: str, limit: int | None = None) -> Iterator[re.Match[str]]:
    """The words of ``text`` as regex matches (positions into ``text``), at most ``limit``."""
    for i, m in enumerate(_WORD.finditer(text)):
        if limit is not None and i >= limit:
            return
        yield m


def normalise(text: str) -> str:
    """Composed Unicode, so that `é` typed two ways is one token."""
    return unicodedata.normalize("NFKC", text)


def index_tokens(text: str | None, limit: int = MAX_INDEX_WORDS) -> list[str]:
    """The stemmed tokens of ``text`` in order, from its first ``limit`` words."""
    if not text:
        return []
    out: list[str] = []
    for m in words(normalise(text), limit):
        out.extend(stem_word(m.group().lower()))
    return out


def index_text(text: str | None, limit: int = MAX_INDEX_WORDS) -> str:
    """The stemmed tokens of ``text``, space-separated, for the FTS5 table."""
    return " ".join(index_tokens(text, limit))


# -- PostgreSQL's tsvector, built here from the same tokens -------------------------------------------

TSV_MAX_POS = 16383  # PostgreSQL clamps later positions to this one (phrases past it cannot match)
TSV_MAX_POSITIONS = 256  # positions kept per lexeme, as PostgreSQL itself keeps
TSV_MAX_LEXEME_BYTES = 2047  # PostgreSQL refuses longer lexemes
TSV_BUDGET_BYTES = 900_000  # a tsvector holds at most 1 MiB: stop adding new lexemes before it


def fold(token: str) -> str:
    """A token as FTS5's ``remove_diacritics 2`` sees it: `kafé` and `kafe` are one token."""
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFD", token)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _lexeme(token: str) -> str:
    # Tokens hold only letters and digits; escaping anyway keeps the literal safe whatever they hold.
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(title: str | None, body: str | None) -> str:
    """``tsvector`` text of a title (weight A) and body (weight B): our stems, with their positions."""
    positions: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    size, pos = 0, 0
    for weight, text in (("A", title), ("B", body)):
        for token in index_tokens(text):
            pos = min(pos + 1, TSV_MAX_POS)
            token = fold(token)
            seen = positions.get(token)
            if seen is None:
                cost = len(token.encode("utf-8", "replace")) + 8
                if cost > TSV_MAX_LEXEME_BYTES or size + cost > TSV_BUDGET_BYTES:
                    continue
                size += cost
                seen = positions[token] = []
            if len(seen) < TSV_MAX_POSITIONS and last.get(token) != pos:
                seen.append(f"{pos}{weight}")
                last[token] = pos
                size += 2
        pos = min(pos + 1, TSV_MAX_POS)  # a gap: a phrase never runs from the title into the body
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


# -- the query ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable unit: a word (its stems), a phrase, or a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        # Our tokens hold only letters and digits: quoting them makes FTS5 read them as plain text.
        body = '"' + " ".join(self.tokens) + '"'
        return body + "*" if self.prefix else body

    def tsquery(self) -> str:
        """The term as tsquery text: quoted lexemes, ``<->`` between a phrase's words, ``:*`` for a prefix."""
        lexemes = [_lexeme(fold(t)) for t in self.tokens]
        if self.prefix:
            lexemes[-1] += ":*"
        return lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")"


@dataclass(frozen=True, slots=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """``keep`` without ``drop`` (FTS5's binary NOT)."""

    keep: Node
    drop: Node


Node = Term | And | Or | Not


def to_fts5(node: Node) -> str:
    """The query tree as an FTS5 MATCH expression."""
    if isinstance(node, Term):
        return node.fts()
    if isinstance(node, Not):
        return f"({to_fts5(node.keep)} NOT {to_fts5(node.drop)})"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(to_fts5(p) for p in node.parts) + ")"


def to_tsquery(node: Node) -> str:
    """The query tree as PostgreSQL ``tsquery`` text (lexemes taken as they are: cast it, no parsing)."""
    if isinstance(node, Term):
        return node.tsquery()
    if isinstance(node, Not):
        return f"({to_tsquery(node.keep)} & !{to_tsquery(node.drop)})"
    joiner = " & " if isinstance(node, And) else " | "
    return "(" + joiner.join(to_tsquery(p) for p in node.parts) + ")"


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: the FTS5 expression, the positive terms (for highlighting), and its tree."""

    expression: str
    terms: tuple[Term, ...]
    tree: Node

    def tsquery(self) -> str:
        """The same query for PostgreSQL (see ``to_tsquery``)."""
        return to_tsquery(self.tree)


def parse_query(text: str) -> Query:
    """Parse a user's search into a safe FTS5 expression; QuerySyntaxError when it is malformed."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query too long ({len(text)} characters, at most {MAX_QUERY_CHARS})")
    tokens = [t for t in _QTOKEN.findall(normalise(text).translate(_CURLY_QUOTES)) if _meaningful(t)]
    if not tokens:
        raise QuerySyntaxError("empty query: give at least one word to look for")
    parser = _Parser(tokens)
    tree = parser.parse()
    return Query(to_fts5(tree), tuple(parser.positive), tree)


def _meaningful(token: str) -> bool:
    # Commas, colons, a lone `-` separate words; they are not operators.
    return len(token) > 1 or token in '()*"' or _WORD.match(token) is not None


class _Parser:
    """Recursive descent: ``or := and (OR and)*``, ``and := unary ([AND] unary)*``,
    ``unary := (NOT | -) unary | ( or ) | word | word* | "phrase"``."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.n_terms = 0
        self.positive: list[Term] = []

    def parse(self) -> Node:
        expression = self._or()
        if self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            raise QuerySyntaxError(f"unexpected {tok!r}" + (": unbalanced ')'" if tok == ")" else ""))
        return expression

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _or(self) -> Node:
        parts = [self._and()]
        while self._peek() == "OR":
            self.pos += 1
            if self._peek() in (None, ")", "OR", "AND"):
                raise QuerySyntaxError("OR needs a word on both sides")
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _and(self) -> Node:
        include: list[Node] = []
        exclude: list[Node] = []
        while True:
            tok = self._peek()
            if tok is None or tok in (")", "OR"):
                break
            if tok == "AND":
                self.pos += 1
                if not (include or exclude) or self._peek() in (None, ")", "OR", "AND"):
                    raise QuerySyntaxError("AND needs a word on both sides")
                continue
            negated, expression = self._unary()
            (exclude if negated else include).append(expression)
        if not include:
            if self._peek() in ("OR", "AND"):
                raise QuerySyntaxError(f"{self._peek()} needs a word on both sides")
            if exclude:
                raise QuerySyntaxError("a query cannot only exclude: add a word to look for")
            raise QuerySyntaxError(f"expected a word, found {self._peek() or 'the end of the query'!r}")
        expression = include[0] if len(include) == 1 else And(tuple(include))
        for e in exclude:  # FTS5's NOT is binary: (wanted) NOT (unwanted)
            expression = Not(expression, e)
        return expression

    def _unary(self) -> tuple[bool, Node]:
        tok = self.tokens[self.pos]
        if tok == "NOT":
            self.pos += 1
            if self._peek() in (None, ")", "OR", "AND", "NOT"):
                raise QuerySyntaxError("NOT needs a word after it")
            negated, expression = self._unary()
            if negated:
                raise QuerySyntaxError("double negation (NOT -word) is not supported")
            return True, expression
        negated = tok.startswith("-")
        tok = tok[1:] if negated else tok
        if tok == "(":
            return negated, self._group()
        self.pos += 1
        if tok.startswith('"'):
            return negated, self._phrase(tok, positive=not negated)
        if tok == "*":
            raise QuerySyntaxError("'*' must directly follow a word (e.g. bangun*)")
        return negated, self._word(tok, positive=not negated)

    def _group(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"too many nested parentheses (at most {MAX_DEPTH})")
        self.pos += 1
        if self._peek() == ")":
            raise QuerySyntaxError("empty parentheses")
        expression = self._or()
        if self._peek() != ")":
            raise QuerySyntaxError("unbalanced '(': missing ')'")
        self.pos += 1
        self.depth -= 1
        return expression

    def _phrase(self, tok: str, *, positive: bool) -> Node:
        if len(tok) < 2 or not tok.endswith('"'):
            raise QuerySyntaxError('unbalanced quote: a phrase needs a closing "')
        stems = [s for m in words(tok[1:-1]) for s in stem_word(m.group().lower())]
        if not stems:
            raise QuerySyntaxError("empty phrase: put words between the quotes")
        return self._term(Term(tuple(stems)), positive=positive)

    def _word(self, tok: str, *, positive: bool) -> Node:
        if tok.endswith("*"):
            raw = tok[:-1].lower()
            if len(raw.replace("-", "")) < MIN_PREFIX:
                raise QuerySyntaxError(f"a prefix needs at least {MIN_PREFIX} letters before '*'")
            # Prefixes match stems in the index: `bangun*` finds `pembangunan` (stem `bangun`).
            return self._term(Term(tuple(t for t in raw.split("-") if t), prefix=True), positive=positive)
        if tok in _OPERATORS:
            raise QuerySyntaxError(f"{tok} needs a word on both sides")
        return self._term(Term(stem_word(tok.lower())), positive=positive)

    def _term(self, term: Term, *, positive: bool) -> Node:
        self.n_terms += 1
        if self.n_terms > MAX_QUERY_TERMS:
            raise QuerySyntaxError(f"too many terms (at most {MAX_QUERY_TERMS})")
        if positive:
            self.positive.append(term)
        return term


# -- snippets ---------------------------------------------------------------------------------------


def _matches(word: str, terms: tuple[Term, ...]) -> bool:
    """Does one body word match one of the query's positive terms (as the index would)?"""
    low = word.lower()
    for term in terms:
        for token in term.tokens:
            # Cheap guard before stemming: a root survives in its word, bar its first letter
            # (`menulis` -> `tulis`): skip the stemmer for words that cannot match.
            if (token[1:] or token) not in low:
                continue
            stems = stem_word(low)
            if term.prefix and any(s.startswith(token) for s in stems):
                return True
            if not term.prefix and token in stems:
                return True
    return False


def snippet(body: str, terms: tuple[Term, ...], size: int = SNIPPET_WORDS) -> str:
    """About ``size`` words of ``body`` around the first hits; hits in <mark>, the rest escaped."""
    text = normalise(body[:SNIPPET_SCAN_CHARS])
    window: list[re.Match[str]] = []
    first: int | None = None  # index in window of the first hit
    more = False
    for m in words(text):
        if first is None:
            window.append(m)
            if _matches(m.group(), terms):
                first = len(window) - 1
                window = window[max(0, first - SNIPPET_LEAD) :]
                first = min(first, SNIPPET_LEAD)
            elif len(window) > 4 * size:  # keep the memory bounded while looking for a hit
                window = window[-SNIPPET_LEAD:]
        elif len(window) < size:
            window.append(m)
        else:
            more = True
            break
    if first is None:  # no hit in the scanned text (it matched in the title): show the lead
        window = list(words(text, size + 1))
        more = len(window) > size
        window = window[:size]
    if not window:
        return ""
    return _render(text, window, terms if first is not None else (), lead=_WORD.search(text, 0, window[0].start()) is not None,
                   more=more or len(text) < len(body))


def _render(text: str, window: list[re.Match[str]], terms: tuple[Term, ...], *, lead: bool, more: bool) -> str:
    out: list[str] = ["… " if lead else ""]
    pos = window[0].start()
    for m in window:
        out.append(html.escape(text[pos : m.start()]))
        piece = html.escape(m.group())
        out.append(f"<mark>{piece}</mark>" if terms and _matches(m.group(), terms) else piece)
        pos = m.end()
    if more:
        out.append(" …")
    else:
        out.append(html.escape(text[pos:]))
    return _SPACES.sub(" ", "".join(out)).strip()
