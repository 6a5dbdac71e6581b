"""Amounts in Indonesian news text: money, percentages and counted things, for ``Article.amounts``.

``find_amounts(body)`` returns ``Amount(text, value, unit, object, span)`` records, sorted and
non-overlapping. Two fast scans find number cores (numerals such as ``1.234,5``; number words such
as ``dua puluh lima``); one anchored match after each core reads a range, a scale (``juta``) and a
unit; the tables live in ``amounts.toml``. Precision first — what is left out, and why:

* a number with neither unit nor scale (``ada 12 yang hadir``): too often a year, a score, an
  address or list numbering; ``7 juta`` (a scale, no unit) is kept with ``unit`` null;
* vague words (``ratusan``, ``ribuan warga``): no value to give;
* years, dates, durations, ages, clock times, ordinals, phone, law and article numbers;
* ``satu`` before a noun outside the unit table (``satu sisi``, ``satu suara``): idioms.

A range (``10-12 persen``, ``antara 5 dan 7 juta``) is one amount spanning the whole range, with
the lower bound as ``value`` (the conservative reading). ``object``: for a measure word, the noun
phrase after it (``150 juta dosis vaksin`` -> ``vaksin``), else the noun itself; for money,
percentages and bare scales, the noun phrase before the clause's first change/size verb (``naik``,
``mencapai``, ``sebesar``…), else the one right before the amount, else the one after
``untuk``/``bagi``; null when none is found.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from itertools import islice
from pathlib import Path

from kliping.article import Amount
from kliping.enrich.numbers import NUMBER_WORDS, SCALES, Number, parse_numeral, parse_words

_TABLES = tomllib.loads((Path(__file__).resolve().parent / "amounts.toml").read_text(encoding="utf-8"))
PREFIX_CURRENCIES: dict[str, str] = _TABLES["prefix_currencies"]
SUFFIX_CURRENCIES: dict[str, str] = _TABLES["suffix_currencies"]
UNIT_NOUNS: dict[str, str] = _TABLES["unit_nouns"]
_W = {key: frozenset(text.split()) for key, text in _TABLES["words"].items()}
PERCENT_WORDS, TIME_WORDS, LABEL_WORDS, LABELS_AFTER = _W["percent"], _W["time"], _W["labels"], _W["labels_after"]
SUBJECT_VERBS, STOP_WORDS, TAIL_WORDS, NOT_VERBS = _W["subject_verbs"], _W["stop"], _W["tail"], _W["not_verbs"]

MAX_CANDIDATES = 5_000  # number cores examined per scan: bounds the time on hostile input
MAX_NUMBER = 30         # characters; a longer numeral is noise (numbers.MAX_DIGITS agrees)


# -- patterns -----------------------------------------------------------------------------------
def _alt(words, flags: str = "") -> str:
    body = "|".join(re.escape(w).replace(r"\ ", "[ \t]") for w in sorted(words, key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _first_letter_alt(words) -> str:
    # Branches by first letter (lower or capital): the engine tries a few branches, not all.
    groups: dict[str, list[str]] = defaultdict(list)
    for w in words:
        groups[w[0]].append(re.escape(w[1:]))
    return "(?:" + "|".join(f"{c}(?:{'|'.join(sorted(rest, key=len, reverse=True))})"
                            for first, rest in sorted(groups.items()) for c in (first, first.upper())) + ")"


# Each repeat starts with a separator (one way to match); the bound keeps "1,1,1,…" (1 MB) cheap.
_NUM = r"\d+(?:[.,]\d+){0,12}"
_DIGITS = re.compile(_NUM)
_WORD_PHRASE = rf"{_first_letter_alt(NUMBER_WORDS)}(?:\s{_alt(NUMBER_WORDS)}){{0,7}}(?!\w)"
# Led by the character before the word (a space, a bracket, a quote): that is the word boundary
# ("empat" in "Tempat" is no match), and a pattern that starts with a character class lets the
# engine skip ahead fast — twice as fast as "\b(?i:satu|dua|...)" on a news body.
_NUMBER_WORDS = re.compile(rf"[\s(\"“'‘](?P<w>{_WORD_PHRASE})")
_NUMBER_WORDS_AT_START = re.compile(_WORD_PHRASE)
_CURRENCY_BEFORE = re.compile(rf"(?<![A-Za-z0-9])(?P<cur>{_alt(PREFIX_CURRENCIES)})[ \t\u00a0]?\Z")
_CURRENCY_LAST = frozenset(c[-1] for c in PREFIX_CURRENCIES)
_CURRENCY_CODES = frozenset(PREFIX_CURRENCIES.values()) | frozenset(SUFFIX_CURRENCIES.values())
_SAME_OBJECT = re.compile(r"[ \t]*(?:,|dan|atau|serta|;)[ \t]*(?:dan[ \t]+)?")
_RANGE = rf"(?P<range>[ \t]?(?P<conn>-|–|—|s\.?d\.?|s/d|hingga|sampai|dan)[ \t]?(?P<num2>{_NUM})(?![\d/:-]))"
_AFTER = (
    rf"(?:[ \t]?(?P<scale>{_alt([w for w in SCALES if len(w) > 2], 'i')}|rb|jt|Jt|M|T)(?!\w))?"
    rf"(?:[ \t]?(?P<pct>%|{_alt(PERCENT_WORDS, 'i')}(?!\w))"
    rf"|[ \t](?P<cw>{_alt(SUFFIX_CURRENCIES, 'i')})(?!\w)"
    rf"|[ \t]?(?P<unit>{_alt(UNIT_NOUNS)})(?![\w²³])"
    r"|[ \t](?P<word>[a-z]{3,25})(?![\w-]))?"
)
_TAIL = re.compile(rf"{_RANGE}?{_AFTER}")
_TAIL_NO_RANGE = re.compile(_AFTER)
_NEXT_WORD = re.compile(r"[ \t]+(?P<w>[A-Za-z][A-Za-z-]{0,30})(?P<end>[^\sA-Za-z-]?)")
_PREV_WORD = re.compile(r"(?P<w>[A-Za-z]+)[.-]?[ \t]*\Z")
_FOR = re.compile(r"[ \t]+(?:untuk|bagi|guna)(?=[ \t])")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z])|\n")
_CLAUSE = re.compile(r"[,;:()\"“”]")
_YEAR = re.compile(r"(?:19|20)\d\d")
# Verb forms: meN-, memper-, di-, ber-, ter-. They end a noun phrase (per-…-an words are nouns).
_VERBISH = re.compile(
    r"(?:meng|meny|mem[bpf]|mem[aeiou]|men[dcjsz]|men[aeiou]|me[lrwy]|memper|diper)[a-z]{2,}"
    r"|(?:di|ber|ter)[a-z]{4,}"
)


# -- the layer ----------------------------------------------------------------------------------
def find_amounts(body: str) -> list[Amount]:
    """Money, percentages and counted quantities in ``body``, sorted by span, non-overlapping."""
    if not body:
        return []
    # The scans are the prefilter: a body without a digit or a number word stops here.
    cores = [(m.start(), m.end(), False) for m in islice(_DIGITS.finditer(body), MAX_CANDIDATES)]
    cores += [(m.start("w"), m.end(), True) for m in islice(_NUMBER_WORDS.finditer(body), MAX_CANDIDATES)]
    if first := _NUMBER_WORDS_AT_START.match(body):
        cores.append((0, first.end(), True))
    cores.sort()
    out: list[Amount] = []
    last_end = 0
    for start, end, is_word in cores:
        if start < last_end:
            continue
        amount = _read(body, start, end, is_word)
        if amount is None:
            continue
        if out and _SAME_OBJECT.fullmatch(body, last_end, amount.span[0]) and _measured(out[-1]) and _measured(amount):
            amount = replace(amount, object=out[-1].object)  # "Rp4 miliar dan 550 ribu dolar AS"
        out.append(amount)
        last_end = amount.span[1]  # type: ignore[index]
    return out


def _measured(amount: Amount) -> bool:
    """Money, a rate or a bare scale: an amount whose object is a clause's subject."""
    return amount.unit is None or amount.unit == "percent" or amount.unit in _CURRENCY_CODES


def _read(body: str, start: int, end: int, is_word: bool) -> Amount | None:
    """The amount whose number is ``body[start:end]``, or None when the context rules it out."""
    if end - start > MAX_NUMBER:
        return None
    cur, first = _currency_before(body, start) if not is_word else (None, start)
    if cur is None and _glued(body, start, end):
        return None
    m = _TAIL.match(body, end)
    g = m.groupdict()  # one call: what follows the number, by name
    num_end = m.end("range") if g["range"] else end
    if g["range"] and not _range_ok(body, first, g):
        m, num_end = _TAIL_NO_RANGE.match(body, end), end
        g = m.groupdict()
    if not (cur or g["scale"] or g["pct"] or g["cw"] or g["unit"] or g["word"]):
        return None  # a bare number: the common case, settled by one match
    if num_end == end and _clash_after(body, end):
        return None
    value, scale = _value(body[start:end], is_word), g["scale"]
    if value is None or (scale and len(scale) < 3 and not cur):
        return None  # "2 M" is a sum only after a currency ("Rp 2 M")
    if scale:
        value, num_end = _times(value, SCALES[scale.lower()]), m.end("scale")
    return _classify(body, (first, num_end, m.end()), g, value, cur, body[start:end])


def _classify(body: str, spans: tuple[int, int, int], g: dict[str, str | None], value: Number,
              cur: str | None, num: str) -> Amount | None:
    """Name the unit, rule out labels and idioms, find the object."""
    start, end, unit_end = spans
    unit: str | None = PREFIX_CURRENCIES[cur] if cur else None
    kind, counted, word = ("money" if cur else "scale"), "", g["word"]
    if cur:
        pass  # a unit word after a currency ("Rp 5.000 per liter") is not this amount's unit
    elif g["pct"]:
        unit, kind, end = "percent", "percent", unit_end
    elif g["cw"]:
        unit, kind, end = SUFFIX_CURRENCIES[" ".join(g["cw"].lower().split())], "money", unit_end
    elif g["unit"]:
        unit, kind, end, counted = UNIT_NOUNS[g["unit"]], "unit", unit_end, "table"
    elif word and (word in TIME_WORDS or word in LABELS_AFTER):
        return None  # "20 tahun", "15 desember": a duration or a date; "5 ayat 2": a law
    elif word and _content(word):
        unit, kind, end, counted = word, "unit", unit_end, "noun"
    if kind == "scale" and not g["scale"]:
        return None  # only a stop word or a verb after a bare number
    if not cur and _ruled_out(body, start, num, kind, counted):
        return None
    obj = _counted_object(body, end, unit, counted) if counted else _subject(body, start, end, kind)
    return Amount(text=body[start:end], value=value, unit=unit, object=obj, span=(start, end))


def _currency_before(body: str, start: int) -> tuple[str | None, int]:
    """The currency printed just before the number, and where the amount then starts."""
    i = start - 1 if start and body[start - 1] not in " \t\u00a0" else start - 2
    if i < 0 or body[i] not in _CURRENCY_LAST:
        return None, start
    m = _CURRENCY_BEFORE.search(body, max(0, start - 5), start)
    return (m.group("cur"), m.start()) if m else (None, start)


def _range_ok(body: str, start: int, g: dict[str, str | None]) -> bool:
    # "5 dan 7 juta" is a range only after "antara"; otherwise two numbers in a list.
    if parse_numeral(g["num2"] or "") is None:
        return False
    return g["conn"] != "dan" or _prev_word(body, start) == "antara"


def _ruled_out(body: str, start: int, num: str, kind: str, counted: str) -> bool:
    """Labels, years and idioms that look like amounts."""
    prev = _PREV_WORD.search(body, max(0, start - 24), start)
    if prev and kind != "percent" and prev.group("w").lower() in LABEL_WORDS:
        return True  # "Pasal 12", "tahun 2021", "pukul 10.00", "Desember 2021", "salah satu"
    if prev and kind != "percent" and prev.group("w")[0].isupper() and not _sentence_start(body, prev.start()):
        return True  # "ruang sidang Cakra 2", "Olimpiade 2014": a number in a name
    if _YEAR.fullmatch(num) and counted != "table" and kind != "percent":
        return True  # "2014 di Sochi", "pada 2020 pemerintah": a year before a noun
    if counted == "noun" and num.lower() == "satu":
        return True  # "satu sisi", "satu suara": idioms far more often than counts
    return num[:1] == "0" and num[1:2].isdigit()  # "0812…": a phone number or a code


def _sentence_start(body: str, pos: int) -> bool:
    before = body[max(0, pos - 3):pos].rstrip(" \t\"“'(")
    return not before or before[-1] in ".!?\n:"


def _value(num: str, is_word: bool) -> Number | None:
    if not is_word:
        return parse_numeral(num)
    parsed = parse_words(num.split())
    return parsed[0] if parsed and parsed[1] == len(num.split()) else None


def _glued(body: str, start: int, end: int) -> bool:
    """True when the number is part of a word, code, date or ordinal (``G20``, ``16/12``, ``ke-3``)."""
    before = body[start - 1] if start else " "
    before2 = body[start - 2] if start > 1 else " "
    if before.isalnum() or before in "+#_@" or (before in "/:.,-" and before2.isalnum()):
        return True
    return before == "(" and body[end:end + 1] == ")"  # "(45)": an age after a name


def _clash_after(body: str, end: int) -> bool:
    """True when what follows makes the number a date, a time or a hyphenated word (``1990-an``)."""
    nxt = body[end:end + 2]
    return len(nxt) == 2 and nxt[0] in "/:-.," and (nxt[1].isdigit() or (nxt[0] == "-" and nxt[1].isalpha()))


def _times(value: Number, scale: int) -> Number:
    # Decimal keeps 1,15 miliar at 1150000000 (a float product would be 1149999999.9999998).
    result = Decimal(str(value)) * scale
    return int(result) if result == result.to_integral_value() else float(result)


def _prev_word(body: str, start: int) -> str:
    m = _PREV_WORD.search(body, max(0, start - 24), start)
    return m.group("w").lower() if m else ""


# -- objects ------------------------------------------------------------------------------------
def _counted_object(body: str, end: int, unit: str | None, counted: str) -> str | None:
    """The noun phrase after a measure word (``dosis vaksin`` -> ``vaksin``), else the noun itself."""
    if counted == "noun":
        return " ".join([unit or "", *_words_after(body, end, 2)])
    return " ".join(_words_after(body, end, 3)) or unit


def _subject(body: str, start: int, end: int, kind: str) -> str | None:
    """What a sum or a rate measures: a noun right after a percentage, the noun phrase right before
    the amount, the clause's subject (before its first change/size verb), what follows ``untuk``."""
    if kind == "percent" and (after := _words_after(body, end, 3)):
        return " ".join(after)  # "60 persen responden"
    lo = max(0, start - 240)
    stops = list(_SENTENCE_END.finditer(body, lo, start))
    clauses = _CLAUSE.split(body[stops[-1].end() if stops else lo:start])
    words = clauses[-1].split()
    found = _noun_phrase_before(words) or _before_verb(words)
    if not found and (purpose := _FOR.match(body, end)):
        found = " ".join(_words_after(body, purpose.end(), 4)) or None
    if not found and len(clauses) > 1:
        found = _before_verb(clauses[-2].split())  # "naik 31 persen …, dan … melampaui $200 miliar"
    return found


def _before_verb(words: list[str]) -> str | None:
    for i, word in enumerate(words):
        if word.lower() in SUBJECT_VERBS and (found := _noun_phrase_before(words[:i])):
            return found
    return None


def _noun_phrase_before(words: list[str]) -> str | None:
    """Up to four content words ending ``words``, past a tail of time words and determiners."""
    out: list[str] = []
    i = len(words) - 1
    while i >= 0 and len(out) < 4:
        word, low = words[i], words[i].lower()
        if not out and (low in TAIL_WORDS or _YEAR.fullmatch(low)):
            i -= 1
        elif not out and i > 0 and words[i - 1].lower() == "yang" and _is_verb(low):
            i -= 2  # "anggaran yang disiapkan sebesar …": past the relative clause
        elif out and low in TAIL_WORDS:
            break  # "Tahun depan anggaran pendidikan": the phrase starts after the adverbial
        elif _content(word, time_ok=True):
            out.append(word)
            i -= 1
        else:
            break
    return " ".join(reversed(out)) or None


def _words_after(body: str, pos: int, limit: int) -> list[str]:
    out: list[str] = []
    while len(out) < limit and (m := _NEXT_WORD.match(body, pos)) and _content(m.group("w")):
        out.append(m.group("w"))
        if m.group("end"):
            break  # punctuation closes the phrase
        pos = m.end("w")
    return out


def _content(word: str, time_ok: bool = False) -> bool:
    """A word that may belong to a noun phrase (time words only inside a subject: "inflasi Mei")."""
    low = word.lower()
    return (low not in STOP_WORDS and (time_ok or low not in TIME_WORDS) and low not in SUBJECT_VERBS
            and not _is_verb(low) and word.replace("-", "").isalpha())


def _is_verb(low: str) -> bool:
    return low not in NOT_VERBS and _VERBISH.fullmatch(low) is not None
