"""Token features for the NER model: one list of feature strings per token, as CRFsuite takes them.

The training script and the tagger share this module, so a model always sees the features it was
trained on. Two habits keep it fast (the tagger must do thousands of sentences a second on one core):
everything that depends on one word alone is computed once per word and cached, and, once a model is
loaded, features the model never learned a weight for are dropped before they reach CRFsuite, where
each string costs a conversion.

Domain adaptation by casing: each feature is emitted twice, plain and prefixed with the sentence's
casing (``C:`` cased, ``L:`` all lower-case). The lower-cased training corpus (NERP) follows other
annotation rules than the cased ones (it leaves party names untagged, tags events and dishes), so the
prefixed copies learn each convention while the plain copies share what the corpora agree on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

# Neighbour offsets whose words are features; the nearest also give their shape and word classes.
# A cached word holds its lower form, its own features, then its features as seen from each offset.
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_NEAR = (-1, 1)
# Words longer than this are cut before affixes and shapes: a 3 MB "word" must not cost 3 MB.
_MAX_WORD = 64
_CACHE_LIMIT = 200_000
_NO_PAIR: tuple[tuple[str, ...], ...] = ((), (), (), ())


class Gazetteer:
    """Phrases (lower-case token tuples) mapped to the feature tags they fire, matched longest first."""

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, ...]], max_len: int = 6) -> None:
        self.phrases = phrases
        self.max_len = max_len
        # First word -> longest phrase it starts: most tokens start none, and cost one lookup.
        self._starts: dict[str, int] = {}
        for p in phrases:
            if 0 < len(p) <= max_len and self._starts.get(p[0], 0) < len(p):
                self._starts[p[0]] = len(p)

    def match(self, lower: Sequence[str]) -> list[list[str]]:
        """Return, per token, the ``g<TAG>=B|I|U`` features of the longest phrases covering it."""
        n = len(lower)
        out: list[list[str]] = [[] for _ in range(n)]
        phrases, starts = self.phrases, self._starts
        for i in range(n):
            longest = starts.get(lower[i])
            if longest is None:
                continue
            for size in range(min(longest, n - i), 0, -1):
                tags = phrases.get(tuple(lower[i : i + size]))
                if tags:
                    for tag in tags:
                        out[i].append(f"g{tag}=U" if size == 1 else f"g{tag}=B")
                        for k in range(i + 1, i + size):
                            out[k].append(f"g{tag}=I")
                    break
        return out


@dataclass
class Lexicon:
    """Word lists the features consult; the training script builds it and ships it with the model."""

    titles: frozenset[str]
    org_words: frozenset[str]
    loc_words: frozenset[str]
    name_joiners: frozenset[str]
    first_names: frozenset[str]
    last_names: frozenset[str]
    gazetteers: tuple[Gazetteer, ...]
    token_tags: dict[str, tuple[str, ...]] = field(default_factory=dict)


_ASCII_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10
)


def shape(word: str) -> str:
    """``Jokowi`` -> ``Xxxxxx``; digits ``d``; other characters kept."""
    if word.isascii():  # the common case, at C speed
        return word.translate(_ASCII_SHAPE)
    return "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)


def short_shape(long_shape: str) -> str:
    """Collapse repeats: ``Xxxxxx`` -> ``Xx``."""
    return "".join(c for c, _ in groupby(long_shape))


class Featurizer:
    """Turns a sentence (a list of tokens) into CRFsuite feature lists."""

    def __init__(self, lexicon: Lexicon, known: frozenset[str] | None = None) -> None:
        self.lexicon = lexicon
        self.known = known  # the model's feature strings; None while training (keep everything)
        self._cache: dict[tuple[str, bool], tuple[tuple[str, ...], ...]] = {}
        self._pairs: dict[tuple[str, bool], tuple[tuple[str, ...], ...]] = {}
        # Word pairs the model has any bigram weight for: most pairs of new text have none.
        self._known_pairs = None if known is None else {f.partition("=")[2] for f in known if "bg" in f[:4]}

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Features of every token of one sentence."""
        n = len(tokens)
        if n == 0:
            return []
        lower_case = all(t == t.lower() for t in tokens)
        entries = [self._word(t, lower_case) for t in tokens]
        lower = [e[0][0] for e in entries]
        dynamic = self._dynamic(tokens, lower, lower_case)
        # pairs[k] joins tokens k and k+1; token i sees pairs i-2, i-1, i and i+1.
        pairs = [self._pair(lower[k], lower[k + 1], lower_case) for k in range(n - 1)]
        prefix = "L:" if lower_case else "C:"
        known = self.known
        out = []
        for i in range(n):
            feats = list(entries[i][1])
            for slot, d in enumerate(_OFFSETS, start=2):
                j = i + d
                if 0 <= j < n:
                    feats += entries[j][slot]
            for role, k in enumerate((i - 2, i - 1, i, i + 1)):
                if 0 <= k < n - 1:
                    feats += pairs[k][role]
            for f in dynamic[i]:
                if known is None or f in known:
                    feats.append(f)
                g = prefix + f
                if known is None or g in known:
                    feats.append(g)
            out.append(feats)
        return out

    def _word(self, token: str, lower_case: bool) -> tuple[tuple[str, ...], ...]:
        key = (token, lower_case)
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()  # a bounded cache: news vocabularies are open-ended
            hit = self._cache[key] = self._compute_word(token, lower_case)
        return hit

    def _compute_word(self, token: str, lower_case: bool) -> tuple[tuple[str, ...], ...]:
        word = token[:_MAX_WORD]
        lw = word.lower()
        lex = self.lexicon
        long_shape = shape(word)
        short = short_shape(long_shape)
        own = ["b", "w=" + lw, "sh=" + short, "sl=" + long_shape[:6]]
        for k in (1, 2, 3, 4):
            if len(lw) > k:
                own += (f"p{k}=" + lw[:k], f"s{k}=" + lw[-k:])
        classes = _classes(word, lw, lex)
        own += classes
        if len(word) > 1 and word.isupper():
            own.append("allcap")
        if lw in lex.first_names:
            own.append("gFIRST")
        if lw in lex.last_names:
            own.append("gLAST")
        own += lex.token_tags.get(lw, ())
        parts: list[list[str]] = [[lw], own]
        for d in _OFFSETS:
            seen = [f"w{d}=" + lw]
            if d in _NEAR:
                seen.append(f"sh{d}=" + short)
                seen += [f"{c}{d}" for c in classes]
            parts.append(seen)
        prefix = "L:" if lower_case else "C:"
        known = self.known
        for slot in range(1, len(parts)):
            both = parts[slot] + [prefix + f for f in parts[slot]]
            parts[slot] = both if known is None else [f for f in both if f in known]
        # Tuples of strings, not lists: the garbage collector stops tracking them, so a full cache (200,000
        # words) does not make every full collection walk millions of lists (0.45 s each, measured here).
        return tuple(map(tuple, parts))

    def _pair(self, left: str, right: str, lower_case: bool) -> tuple[tuple[str, ...], ...]:
        """A word pair's features, as seen from two before, left, right, and one before (cached)."""
        pair = left + "|" + right
        if self._known_pairs is not None and pair not in self._known_pairs:
            return _NO_PAIR
        key = (pair, lower_case)
        hit = self._pairs.get(key)
        if hit is None:
            if len(self._pairs) > _CACHE_LIMIT:
                self._pairs.clear()
            prefix = "L:" if lower_case else "C:"
            roles = []
            for role in ("bg--=", "bg-=", "bg+=", "bg++="):
                both = [role + key[0], prefix + role + key[0]]
                roles.append(tuple(both if self.known is None else [f for f in both if f in self.known]))
            hit = self._pairs[key] = tuple(roles)
        return hit

    def _dynamic(self, tokens: Sequence[str], lower: list[str], lower_case: bool) -> list[list[str]]:
        """Features that depend on the sentence: casing, its ends, gazetteer phrases, capitalised runs."""
        n = len(tokens)
        out: list[list[str]] = [[] for _ in range(n)]
        if lower_case:
            for row in out:
                row.append("LC")
        out[0].append("BOS")
        out[-1].append("EOS")
        for gazetteer in self.lexicon.gazetteers:
            for row, feats in zip(out, gazetteer.match(lower), strict=True):
                row += feats
        if not lower_case:
            for row, feats in zip(out, self._runs(tokens, lower), strict=True):
                row += feats
        return out

    def _runs(self, tokens: Sequence[str], lower: list[str]) -> list[list[str]]:
        """Describe the capitalised run each token sits in: its first and last word, length, position."""
        n = len(tokens)
        out: list[list[str]] = [[] for _ in range(n)]
        joiners = self.lexicon.name_joiners
        i = 0
        while i < n:
            if not tokens[i][:1].isupper():
                i += 1
                continue
            j = i + 1
            while j < n and (
                tokens[j][:1].isupper() or (lower[j] in joiners and j + 1 < n and tokens[j + 1][:1].isupper())
            ):
                j += 1
            first, last, size = lower[i], lower[j - 1], str(min(j - i, 5))
            for k in range(i, j):
                pos = "B" if k == i else "E" if k == j - 1 else "M"
                out[k] += ("rf=" + first, "rl=" + last, "rlen=" + size, "rpos=" + pos)
            i = j
        return out


def _classes(word: str, lw: str, lex: Lexicon) -> list[str]:
    """Word classes a token shows both itself and to its nearest neighbours."""
    out = ["cap"] if word[:1].isupper() else []
    if lw in lex.titles:
        out.append("title")
    if lw in lex.org_words:
        out.append("kORG")
    if lw in lex.loc_words:
        out.append("kLOC")
    return out
