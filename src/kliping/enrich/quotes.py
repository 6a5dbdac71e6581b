"""Quotations in Indonesian news text: who said what, directly or reported, and through whom.

``find_quotes(body, entities)`` gives the record's ``quotes``. Direct quotes are paired quote marks
(straight or curly, one pass, per paragraph) that carry an attribution next to them: a cue after the
closing mark (``"…," kata X``, ``katanya``, ``lapor Xinhua``), a reporting verb or a name and colon
before the opening one (``X mengatakan, "…"``, ``X: "…"``), or, for a quote that is a whole sentence
or paragraph, the statement just before it or the attribution just after it. Indirect quotes are
``X mengatakan (bahwa) …`` and ``Menurut X, …``. Pronoun and role speakers (``katanya``, ``Dia``,
``Pemimpin Rusia itu``) take the most recent person speaker, else the last PERSON entity mentioned.
Short unattributed quoted phrases (scare quotes, terms, titles) are not quotes. Every regex is
linear and every look-around is bounded, so hostile text costs time in proportion to its length.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from kliping.article import Entity, Quote
from kliping.enrich.sentences import sentence_at, sentences

Span = tuple[int, int]

# -- the tables ------------------------------------------------------------------------------
# Cues that follow a closing quote mark: '"…," kata X'; with -nya ('katanya') the speaker is a pronoun.
POSTPOSED_CUES = frozenset("""
    kata ujar ucap tutur jelas tegas ungkap tambah imbuh papar terang sebut lapor tulis pungkas tukas
    sambung lanjut timpal seru bilang urai kilah
""".split())
# Cues whose subject is the relaying outlet, not the speaker ('"…," lapor Xinhua').
RELAY_CUES = frozenset({"lapor"})
# Reporting verbs: 'X mengatakan (bahwa) …' and 'X mengatakan, "…"'.
SAY_VERBS = frozenset("""
    mengatakan menegaskan menjelaskan mengungkapkan menambahkan berkata mengklaim menuturkan
    memaparkan menerangkan mengemukakan menyebutkan mengutarakan
""".split())
# Verbs that also take a plain object ('menyatakan dukungan'): a statement only before bahwa , or :
WEAK_SAY_VERBS = frozenset("menyatakan menyebut menyampaikan menilai mengakui".split())
# 'Demikian dikatakan X' / 'Hal itu disampaikan X' attribute the quote paragraph before them.
PASSIVE_CUES = frozenset("dikatakan disampaikan ditegaskan diungkapkan dijelaskan dinyatakan diutarakan".split())
PASSIVE_LEADS = frozenset({"demikian", "hal itu", "hal tersebut", "hal ini", "pernyataan itu", "pernyataan tersebut"})
PRONOUNS = frozenset({"dia", "ia", "beliau", "pihaknya"})
PLURAL_PRONOUNS = frozenset({"mereka", "kami", "keduanya", "kita"})
DEMONSTRATIVES = frozenset({"itu", "tersebut"})
# Heads of a role noun phrase that points back at a person: 'Pemimpin Rusia itu', 'pria tersebut'.
ROLE_NOUNS = frozenset("""
    pemimpin presiden menteri pejabat politisi politikus juru pria wanita perempuan lelaki laki-laki
    pengusaha warga pemain pelatih ketua kepala direktur gubernur bupati wali walikota pengamat analis
    ekonom diplomat jenderal perdana mantan sang tokoh aktivis dokter sumber narasumber petinggi
    anggota wakil raja ratu senator kapolri kapolda kapolres
""".split())
# Titles and roles stripped off the front of a speaker phrase (lower case; longest match first).
TITLES = frozenset(t.strip() for t in """
    presiden|wakil presiden|perdana menteri|menteri|wakil menteri|menteri keuangan|menteri luar negeri|
    menteri dalam negeri|menteri pertahanan|menteri kesehatan|menteri perdagangan|menteri pendidikan|
    menteri agama|menteri sosial|menteri pertanian|menteri perhubungan|menteri koordinator|
    juru bicara|jubir|ajudan|penasihat|asisten|staf khusus|kepala|ketua|ketua umum|wakil ketua|wakil|
    direktur|direktur utama|direktur jenderal|dirut|sekretaris|sekretaris jenderal|sekjen|gubernur|
    wakil gubernur|bupati|wakil bupati|wali kota|walikota|camat|lurah|kepala desa|kades|kapolri|kapolda|
    kapolres|kapolsek|panglima|jenderal|kolonel|mayor|kapten|brigjen|irjen|kombes|duta besar|dubes|
    pengamat|analis|ekonom|peneliti|profesor|prof|dosen|rektor|dekan|dr|ir|h|hj|bapak|ibu|pak|bu|
    senator|anggota|raja|ratu|pangeran|ceo|pendiri|komisaris|pelatih|manajer|kapten|ustaz|kiai|
    pemimpin|perwakilan|pejabat|mantan|sang|pakar|aktivis|koordinator|komandan|hakim|jaksa|kapolsek|
    kasubdit|kasat|kasatreskrim|kabid|kadis|kajari|kajati|kanit|kasi|kabag|karo|danrem|dandim|pangdam
""".split("|")) - {""}
# Ranks and honorifics: always right before a person's name, never before an organisation.
PERSONAL_TITLES = frozenset("""
    kompol akbp akp iptu ipda aiptu aipda bripka brigadir briptu bripda kombes brigjen irjen komjen
    jenderal letjen mayjen laksda laksma marsda marsma kolonel letkol mayor kapten lettu letda dr ir h
    hj prof profesor bapak ibu pak bu kh ustaz kiai
""".split())
TITLES = TITLES | PERSONAL_TITLES
TITLE_WORDS_MAX = 3
# Words that open an organisation's name inside a role ('Juru bicara Kementerian Air Budi Santoso').
ORG_LEADS = frozenset("""
    kementerian partai badan dinas komisi universitas pt bank pemerintah pemkab pemkot pemprov dewan
    majelis mahkamah kejaksaan kepolisian polda polres lembaga yayasan asosiasi kantor kedutaan istana
    gedung kremlin perusahaan koperasi rumah sekolah
""".split())
# Portfolio words after a minister's or an office's title ('Menteri Perairan Dewi Anggraini').
PORTFOLIOS = frozenset("""
    keuangan pertahanan kesehatan pendidikan perdagangan perindustrian pertanian perhubungan pariwisata
    agama sosial luar dalam negeri hukum energi kelautan perikanan kehutanan lingkungan perairan
    perumahan investasi ketenagakerjaan komunikasi informatika kebudayaan olahraga pemuda keamanan
""".split())
NAME_WORDS_AFTER_ROLE = 3  # a run this long after a role holds an organisation or place first
# Capitalised words that are never a speaker's name on their own.
NOT_NAMES = frozenset("""
    senin selasa rabu kamis jumat sabtu minggu januari februari maret april mei juni juli agustus
    september oktober november desember hal namun sementara selain
""".split())
# Lower-case words that end a role instead of continuing it ('kata juru bicara itu kepada …').
NOT_COMPLEMENTS = frozenset("""
    kepada di ke dari pada dalam yang itu tersebut ini dan atau saat ketika seperti dengan untuk bahwa
    mengatakan menegaskan menjelaskan menambahkan juga pun
""".split()) | SAY_VERBS | WEAK_SAY_VERBS
ROLE_COMPLEMENT_MAX = 2
NAME_CONNECTORS = frozenset({"bin", "binti", "van", "von", "der", "de", "da", "al", "el"})
# Words between a subject and its verb: 'X juga mengatakan', 'X pada Rabu mengatakan'.
ADVERBS = frozenset("""
    juga pun pula kembali sempat telah sudah lantas kemudian lalu bahkan sebelumnya kemarin tadi
    justru hanya turut lagi malah
""".split())
TWO_WORD_ADVERBS = frozenset({
    "lebih lanjut", "hari ini", "pekan lalu", "minggu lalu", "bulan lalu", "tahun lalu", "saat itu",
    "kala itu", "ketika itu", "secara terpisah", "dalam keterangannya", "dalam pernyataannya",
})
# Words that end the clause before a subject: '… dan Putin mengatakan'.
CLAUSE_BOUNDARIES = frozenset("dan serta sementara namun tetapi tapi sedangkan sehingga karena bahkan lalu kemudian".split())
# A quoted Title Case phrase after these is a work's title, not speech: 'film "Langit Merah"'.
TITLE_LEADS = frozenset("""
    film buku novel lagu album judul berjudul bertajuk tajuk artikel program acara sinetron serial
    drama puisi tagar slogan moto semboyan tema lakon kolom rubrik
""".split())
# Nouns between 'mengutip' and the speaker: 'agensi mengutip pernyataan Presiden Xi'.
QUOTED_NOUNS = frozenset({"pernyataan", "perkataan", "ucapan", "keterangan", "kata-kata", "pidato"})
# Nouns between a relay verb and the outlet: 'dikutip dari laman resmi Kemenkes'.
OUTLET_NOUNS = frozenset({"laman", "situs", "akun", "kantor", "berita", "harian", "media", "resmi", "portal"})

MIN_WORDS = 5          # a quote without closing punctuation needs this many words to be speech
MAX_QUOTES = 500       # past this a "body" is not an article: stop looking
MAX_CUE_TRIES = 3_000  # reporting-verb matches examined per body (hostile text repeats them)
MAX_PAIRS = 2_000      # quote pairs examined per body (an article has dozens)
WINDOW = 240           # characters scanned on either side of a quote mark or cue
SUBJECT_WINDOW = 120   # characters before a verb that may hold its subject
PHRASE_TOKENS = 24     # words read after a cue: a speaker phrase, an audience, a relay

def _trie(words: frozenset[str] | set[str]) -> str:
    """One regex alternative for ``words``, factored by common prefix: scanning a body for a few dozen
    verbs is then about as fast as scanning for one (no backtracking: branches never share a prefix)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        ends = "" in node
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + ("?" if ends else "")

    return emit(tree)


# -- the regexes (all linear: no nested quantifiers; callers bound the span they scan) --------------
_MARK = re.compile(r"[\"“”]")
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"[^\W_][\w'’-]*(?:\.[^\W_][\w'’-]*)*")
_TOKEN = re.compile(r"[^\W_][\w'’-]*(?:\.[^\W_][\w'’-]*)*|[,;:()]")
_CUE = re.compile(_trie(SAY_VERBS | WEAK_SAY_VERBS | {"menurut", "menurutnya", "Menurut", "Menurutnya"}) + r"\b")
_AFTER_MARK = re.compile(r"[ \t]{0,3}[,.]?[ \t]{0,3}(?:(?i:demikian)[ \t]+)?")
_VIA = re.compile(
    r"\b(?:dikutip|dilansir|melansir|mengutip|diberitakan|dilaporkan)(?:\s+(?:dari|oleh))?\s+", re.I
)
_QUOTED_BY = re.compile(r"\bmengutip\s+")
_BAHWA = re.compile(r"\bbahwa\b")
_COMMA_NEXT = re.compile(r"[ \t]{0,3}[,:]")
_CLAUSE_LEAD = re.compile(
    r"[ \t]*(?:kepada[ \t]+(?:para[ \t]+)?(?:[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,4}|[a-z]+))?"
    r"(?:[ \t]*,?[ \t]*pada[ \t]+(?:hari[ \t]+)?[A-Z][a-z]+(?:[ \t]*\([^()\n]{0,20}\))?)?[ \t]*[,:]?[ \t]*"
)
_BACK_REFERENCE = re.compile(r"(?i)(?:hal|demikian)\b")
_END_PUNCT = ".!?…"


@dataclass(frozen=True, slots=True)
class _Who:
    """Who a cue points at: a written name, a pronoun or role (resolved later), or nobody known."""

    kind: str  # name | pronoun | anon | plural | continue | next
    span: Span = (0, 0)      # the name as written, titles stripped
    phrase: Span = (0, 0)    # the whole phrase, titles included (for the entity look-up)


@dataclass(slots=True)
class _Statement:
    start: int
    end: int
    kind: str
    cue: str | None
    who: _Who
    via: str | None
    reach: int  # last offset of the attribution: adjacency for quote paragraphs is measured from it


_NOBODY = _Who("anon")


def find_quotes(body: str, entities: Sequence[Entity] = ()) -> list[Quote]:
    """The direct and indirect quotes of ``body``, sorted by span, speakers mapped onto ``entities``."""
    if not body or not body.strip():
        return []
    ctx = _Context(body, entities)
    found = _direct(ctx)
    taken = [(s.start, s.end) for s in found]
    found += _indirect(ctx, ctx.pair_spans, taken)
    found.sort(key=lambda s: (s.start, s.end))
    return _resolve(ctx, found[:MAX_QUOTES])


# -- context: the body, its sentences and the entity index ---------------------------------------
class _Context:
    def __init__(self, body: str, entities: Sequence[Entity]) -> None:
        self.body = body
        self.sents = sentences(body)
        self.entities = list(entities)
        spans = []
        for i, ent in enumerate(self.entities):
            for mention in ent.mentions or ():
                try:
                    s, e = int(mention[0]), int(mention[1])
                except (TypeError, ValueError, IndexError):
                    continue  # a malformed mention from upstream is skipped, not fatal
                if 0 <= s < e <= len(body):
                    spans.append((s, e, i))
        spans.sort()
        self.mentions = spans
        self.starts = [s for s, _, _ in spans]
        self.pair_spans: list[Span] = []

    def sentence(self, pos: int) -> tuple[int, Span]:
        if not self.sents:
            return -1, (0, len(self.body))
        i = sentence_at(self.sents, pos)
        return i, self.sents[i]

    def overlapping(self, start: int, end: int) -> list[int]:
        """Entity indexes with a mention overlapping ``[start, end)``, largest overlap first."""
        lo = bisect_left(self.starts, start - WINDOW)
        hi = bisect_left(self.starts, end)
        hits = []
        for s, e, i in self.mentions[lo:hi]:
            if e > start:
                hits.append((min(e, end) - max(s, start), i))
        return [i for _, i in sorted(hits, key=lambda h: -h[0])]

    def last_person_before(self, pos: int) -> int | None:
        i = bisect_left(self.starts, pos) - 1
        for s, _, idx in reversed(self.mentions[max(0, i - WINDOW): i + 1]):
            if s < pos and self.entities[idx].label == "PERSON":
                return idx
        return None

    def name_of(self, idx: int) -> str:
        ent = self.entities[idx]
        return ent.canonical or ent.text


# -- direct quotes -------------------------------------------------------------------------
def _pairs(body: str) -> list[tuple[int, int, bool]]:
    """Top-level quote pairs in one pass: ``(open mark, close mark or paragraph end, closed)``."""
    out: list[tuple[int, int, bool]] = []
    stack: list[int] = []  # open marks of the current paragraph, innermost last
    inner: list[tuple[int, int, int]] = []  # pairs closed inside an open one: (open, close, depth)
    para_start = 0
    breaks = _PARAGRAPH.finditer(body)
    brk = next(breaks, None)
    for m in _MARK.finditer(body):
        pos = m.start()
        while brk is not None and brk.start() < pos:
            _close_paragraph(body, para_start, brk.start(), stack, inner, out)
            stack, inner, para_start = [], [], brk.end()
            brk = next(breaks, None)
        if _opens(body, pos, bool(stack)):
            if len(stack) >= 8:
                stack.pop(0)  # deeper than real nesting ever goes: forget the oldest
            stack.append(pos)
        elif stack:
            start = stack.pop()
            if stack:
                inner.append((start, pos, len(stack)))
            else:
                out.append((start, pos, True))
                inner.clear()  # what it enclosed is settled as nested
    _close_paragraph(body, para_start, len(body), stack, inner, out)
    out.sort()
    return out


def _opens(body: str, pos: int, inside: bool) -> bool:
    mark = body[pos]
    before = body[pos - 1] if pos else " "
    after = body[pos + 1] if pos + 1 < len(body) else " "
    opener_like = (before.isspace() or before in "([{—–-:/'‘") and not after.isspace()
    if mark == "“":
        return not (inside and not before.isspace() and (after.isspace() or after in ",.;:!?"))
    if mark == "”":
        return not inside and opener_like
    # Inside a quote a straight mark opens only a nested quote (space before, a word after).
    return opener_like and (before.isspace() or not inside)


def _close_paragraph(body: str, para_start: int, para_end: int, stack: list[int],
                     inner: list[tuple[int, int, int]], out: list[tuple[int, int, bool]]) -> None:
    if not stack:
        return
    bottom = stack[0]
    if not body[para_start:bottom].strip():
        # A quote paragraph left open: the press closes a multi-paragraph quote only at its end.
        out.append((bottom, para_end, False))
        return
    # The unclosed marks were strays; what they seemed to enclose is top level after all.
    out.extend((s, e, True) for s, e, d in inner if d <= len(stack))


def _direct(ctx: _Context) -> list[_Statement]:
    body, out = ctx.body, []
    pairs = _pairs(body)
    ctx.pair_spans = [(a, b) for a, b, _ in pairs]
    for open_pos, close_pos, closed in pairs[:MAX_PAIRS]:
        if len(out) >= MAX_QUOTES:
            break
        span = _content(body, open_pos + 1, close_pos)
        if span is None or _is_title(body, open_pos, span):
            continue
        stmt = _attribute(ctx, open_pos, close_pos, closed, span)
        if stmt is not None:
            out.append(stmt)
    return out


def _content(body: str, start: int, end: int) -> Span | None:
    """The quote's text span: inside the marks, trimmed, without the comma before the cue."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    return (start, end) if end > start else None


def _sentence_like(body: str, span: Span, comma: bool = False) -> bool:
    """Speech rather than a term: closing punctuation inside the marks (a comma before a cue counts
    when ``comma``: '"Tidak," katanya'), or at least ``MIN_WORDS`` words."""
    start, end = span
    if body[end - 1] in _END_PUNCT or (comma and body[end: end + 1] == ","):
        return True
    return len(body[start: min(end, start + WINDOW)].split(None, MIN_WORDS)) >= MIN_WORDS


def _is_title(body: str, open_pos: int, span: Span) -> bool:
    start, end = span
    if body[end - 1] in _END_PUNCT:
        return False
    before = body[max(0, open_pos - 30): open_pos].split()
    if before and before[-1].lower().rstrip(":,") in TITLE_LEADS:
        return True
    words = body[start: min(end, start + WINDOW)].split()
    capital = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 2 and capital == len(words)


def _attribute(ctx: _Context, open_pos: int, close_pos: int, closed: bool, span: Span) -> _Statement | None:
    body = ctx.body
    if not _sentence_like(body, span, comma=True):
        return None  # a scare quote or a term, attributed or not
    after = _after_cue(ctx, close_pos) if closed else None
    if after is not None:
        return _Statement(span[0], span[1], "direct", *after)
    i, (s_start, s_end) = ctx.sentence(open_pos)
    pre = body[max(s_start, open_pos - WINDOW): open_pos]
    before = _before_cue(ctx, max(s_start, open_pos - SUBJECT_WINDOW), open_pos)
    ends = not closed or not body[close_pos + 1: ctx.sentence(close_pos)[1][1]].strip(" \t.,!?…\"”")
    standalone = ends and not pre.strip()
    # 'X mengatakan, "…"' / 'X: "…"'; without the comma only when the quote ends the sentence.
    if before is not None and (pre.rstrip().endswith((",", ":")) or ends):
        cue, who = before
        return _Statement(span[0], span[1], "direct", cue or None, who, None, open_pos)
    if not standalone or not _sentence_like(body, span):
        return None
    # A quote that is a whole sentence or paragraph: attributed by the sentence before or after it.
    if i > 0:
        p_start, p_end = ctx.sents[i - 1]
        if body[p_end - 1] == ":":
            prev = _before_cue(ctx, max(p_start, p_end - SUBJECT_WINDOW), p_end)
            if prev is not None:
                return _Statement(span[0], span[1], "direct", prev[0] or None, prev[1], None, close_pos)
    j = ctx.sentence(close_pos)[0] if closed else ctx.sentence(max(close_pos - 1, 0))[0]
    passive = _passive_next(ctx, j + 1)
    if passive is not None:
        return _Statement(span[0], span[1], "direct", passive[0], passive[1], None, close_pos)
    return _Statement(span[0], span[1], "direct", None, _Who("continue"), None, close_pos)


def _after_cue(ctx: _Context, close_pos: int) -> tuple[str, _Who, str | None, int] | None:
    """``(cue, who, via, reach)`` from the words after a closing mark: ``," kata X``, ``," X menambahkan``."""
    body = ctx.body
    _, (_, s_end) = ctx.sentence(close_pos)
    limit = max(s_end, min(len(body), close_pos + 12))
    limit = min(limit, close_pos + WINDOW)
    m = _AFTER_MARK.match(body, close_pos + 1, limit)
    word = _WORD.match(body, m.end(), limit) if m else None
    if word is None:
        return None
    low = word.group().lower()
    if low.endswith("nya") and low[:-3] in POSTPOSED_CUES:
        via = _via(ctx, word.end(), limit)
        return low, _Who("pronoun"), via, word.end()
    if low in POSTPOSED_CUES:
        tokens = _tokens(body, word.end(), limit)
        who, used = _speaker_after(ctx, tokens)
        reach = tokens[used - 1][1] if used else word.end()
        if low in RELAY_CUES and who.kind == "name":
            via = _outlet_name(ctx, who)
            quoted = _quoted_by(ctx, reach)
            return low, quoted or _NOBODY, via, reach
        return low, who, _via(ctx, reach, limit), reach
    if not word.group()[:1].isupper():
        return None
    # Inverted order: '," Budi Santoso menambahkan.'
    tokens = _tokens(body, m.end(), limit)
    parsed = _parse_name(ctx, tokens, 0)
    if parsed is not None and parsed[1] < len(tokens):
        verb = tokens[parsed[1]][2].lower()
        if verb in SAY_VERBS or verb in WEAK_SAY_VERBS:
            return verb, parsed[0], _via(ctx, tokens[parsed[1]][1], limit), tokens[parsed[1]][1]
    return None


def _before_cue(ctx: _Context, start: int, open_pos: int) -> tuple[str, _Who] | None:
    """``(cue, who)`` from the words before an opening mark: ``X mengatakan, "``, ``X: "``, ``Kata X, "``."""
    body = ctx.body
    tokens = _tokens(body, start, open_pos)
    punct = tokens[-1][2] if tokens else ""
    words = tokens[:-1] if punct in (",", ":") else tokens
    if not words:
        return None
    # 'X mengatakan (kepada wartawan), "…"': the verb within the last few words, then only an audience.
    for k in range(len(words) - 1, max(-1, len(words) - 7), -1):
        low = words[k][2].lower()
        if k == 0 and low in ("kata", "ujar") and punct == ",":
            who, used = _speaker_after(ctx, words[1:])  # 'Kata Budi, "…"'
            return (low, who) if used == len(words) - 1 else None
        if low in SAY_VERBS or (low in WEAK_SAY_VERBS and punct):
            # After the verb only an audience ('kepada wartawan'), or before a colon a short object.
            if k + 1 < len(words) and words[k + 1][2].lower() != "kepada" and not (punct == ":" and len(words) - k <= 4):
                return None
            who = _subject(ctx, tokens[:k], start == ctx.sentence(open_pos)[1][0])
            return (low, who) if who is not None else None
    if punct == ":":
        parsed = _parse_name(ctx, words, 0)
        at_start = start == ctx.sentence(open_pos)[1][0]
        if parsed is not None and parsed[1] == len(words) and at_start:
            return "", parsed[0]
    return None


def _passive_next(ctx: _Context, i: int) -> tuple[str, _Who] | None:
    """'Demikian dikatakan Budi.' / 'Hal itu disampaikan Budi …' in sentence ``i``."""
    if not 0 <= i < len(ctx.sents):
        return None
    start, end = ctx.sents[i]
    tokens = _tokens(ctx.body, start, min(end, start + WINDOW))
    for lead in (1, 2):
        if len(tokens) > lead and " ".join(t[2].lower() for t in tokens[:lead]) in PASSIVE_LEADS:
            verb = tokens[lead][2].lower()
            if verb in PASSIVE_CUES:
                rest = tokens[lead + 1:]
                if rest and rest[0][2].lower() == "oleh":
                    rest = rest[1:]
                who, used = _speaker_after(ctx, rest)
                return (verb, who) if used else None
    return None


# -- indirect quotes -----------------------------------------------------------------------
def _indirect(ctx: _Context, pairs: list[Span], taken: list[Span]) -> list[_Statement]:
    body, out = ctx.body, []
    pair_starts = [a for a, _ in pairs]
    used_sentences: set[int] = set()
    for n, m in enumerate(_CUE.finditer(body)):
        if n >= MAX_CUE_TRIES or len(out) >= MAX_QUOTES:
            break
        if m.start() and body[m.start() - 1].isalnum():
            continue  # inside a longer word ('dimengatakan' is not a cue)
        i, sent = ctx.sentence(m.start())
        if i in used_sentences or _inside(pairs, pair_starts, m.start()):
            continue
        menurut = m.group().lower().startswith("menurut")
        stmt = _menurut(ctx, m, sent) if menurut else _reported(ctx, m, sent)
        if stmt is None or any(a < stmt.end and stmt.start < b for a, b in taken):
            continue
        used_sentences.add(i)
        out.append(stmt)
    return out


def _inside(pairs: list[Span], starts: list[int], pos: int) -> bool:
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pairs[k][0] < pos < pairs[k][1]


def _reported(ctx: _Context, m: re.Match[str], sent: Span) -> _Statement | None:
    body = ctx.body
    verb = m.group()
    low = verb.lower()
    start = max(sent[0], m.start() - SUBJECT_WINDOW)
    who = _subject(ctx, _tokens(body, start, m.start()), start == sent[0])
    if who is None:
        return None
    limit = min(sent[1], m.end() + 4 * WINDOW)
    if limit <= m.end():
        return None  # the verb sits past a cut in an over-long "sentence"
    bahwa = _BAHWA.search(body, m.end(), min(limit, m.end() + 80))
    if bahwa is not None:
        clause_start = bahwa.end()
    else:
        if low in WEAK_SAY_VERBS and not _COMMA_NEXT.match(body, m.end(), limit):
            return None
        clause_start = _CLAUSE_LEAD.match(body, m.end(), limit).end()
    span = _clause(body, clause_start, limit)
    if span is None or body[span[0]] in "\"“”" or _BACK_REFERENCE.match(body, span[0], span[1]):
        return None
    return _Statement(span[0], span[1], "indirect", low, who, None, span[1])


def _menurut(ctx: _Context, m: re.Match[str], sent: Span) -> _Statement | None:
    body = ctx.body
    pre = body[sent[0]: m.start()].strip()
    if pre and not (pre.endswith(",") and len(pre.split()) <= 2):
        return None  # only a sentence-opening 'Menurut X, …' (or 'Namun, menurut X, …')
    limit = min(sent[1], m.end() + 4 * WINDOW)
    low = m.group().lower()
    if low == "menurutnya":
        comma = m.end()
        who = _Who("pronoun")
    else:
        tokens = _tokens(body, m.end(), min(limit, m.end() + WINDOW))
        cut = next((k for k, t in enumerate(tokens) if t[2] == ","), None)
        if cut is None or cut == 0:
            return None
        who, used = _speaker_after(ctx, tokens[:cut])
        if used != cut or who.kind in ("anon", "plural"):
            return None
        comma = tokens[cut][0]
    if body[comma: comma + 1] != ",":
        return None
    span = _clause(body, comma + 1, limit)
    return None if span is None else _Statement(span[0], span[1], "indirect", low, who, None, span[1])


def _clause(body: str, start: int, end: int) -> Span | None:
    """The reported clause from ``start`` to the sentence end, without the final full stop."""
    while start < end and body[start] in " \t,:":
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == "."):
        end -= 1
    if end <= start or len(body[start: min(end, start + 80)].split(None, 3)) < 3:
        return None
    return start, end


# -- speakers -------------------------------------------------------------------------------
Token = tuple[int, int, str]


def _tokens(body: str, start: int, end: int, most: int = PHRASE_TOKENS) -> list[Token]:
    """Words and clause punctuation in ``[start, end)``; a stop or quote mark between words is kept
    as a ``.`` token so that phrases never run across it."""
    out: list[Token] = []
    prev = start
    for m in _TOKEN.finditer(body, start, end):
        gap = body[prev: m.start()]
        if gap.strip():
            out.append((prev, m.start(), "."))
        out.append((m.start(), m.end(), m.group()))
        prev = m.end()
        if len(out) >= most:
            break
    return out


def _subject(ctx: _Context, tokens: list[Token], at_start: bool) -> _Who | None:
    """The speaker phrase that ends ``tokens`` (the words before a reporting verb), if it is one."""
    end = len(tokens)
    end = _strip_adverbs(tokens, end)
    if end and tokens[end - 1][2] == ",":
        return _appositive(ctx, tokens, end - 1, at_start)
    begin = end
    while begin > 0 and tokens[begin - 1][2] not in ",;:()." and tokens[begin - 1][2].lower() not in CLAUSE_BOUNDARIES:
        begin -= 1
    if begin == end or (begin == 0 and not at_start) or end - begin > 8:
        return None
    return _classify(ctx, tokens[begin:end])


def _strip_adverbs(tokens: list[Token], end: int) -> int:
    for _ in range(6):
        if end >= 1 and tokens[end - 1][2] == ")":
            k = end - 1
            while k > max(0, end - 8) and tokens[k][2] != "(":
                k -= 1
            if tokens[k][2] != "(":
                break
            end = k
        elif end >= 2 and f"{tokens[end - 2][2]} {tokens[end - 1][2]}".lower() in TWO_WORD_ADVERBS:
            end -= 2
        elif end >= 2 and tokens[end - 2][2].lower() == "pada" and tokens[end - 1][2][:1].isupper():
            end -= 2
        elif end >= 3 and tokens[end - 3][2].lower() == "pada" and tokens[end - 2][2].lower() == "hari":
            end -= 3
        elif end >= 1 and tokens[end - 1][2].lower() in ADVERBS:
            end -= 1
        else:
            break
    return end


def _appositive(ctx: _Context, tokens: list[Token], comma: int, at_start: bool) -> _Who | None:
    """'Budi Santoso, Kepala Dinas Air, mengatakan' or 'Kepala Dinas Air, Budi Santoso, mengatakan'."""
    prev = comma - 1
    while prev >= 0 and tokens[prev][2] != ",":
        prev -= 1
    if prev <= 0:
        return None
    second = tokens[prev + 1: comma]
    first_begin = prev
    while first_begin > 0 and tokens[first_begin - 1][2] not in ",;:()." \
            and tokens[first_begin - 1][2].lower() not in CLAUSE_BOUNDARIES:
        first_begin -= 1
    if first_begin == 0 and not at_start:
        return None
    first = tokens[first_begin:prev]
    for part in (first, second):
        parsed = _parse_name(ctx, part, 0) if part else None
        if parsed is not None and parsed[1] == len(part) and parsed[0].kind == "name" \
                and parsed[0].span[0] == part[0][0]:
            return parsed[0]  # the part with no title in front is the person's name
    for part in (second, first):
        parsed = _parse_name(ctx, part, 0) if part else None
        if parsed is not None and parsed[1] == len(part) and parsed[0].kind == "name":
            return parsed[0]
    return None


def _classify(ctx: _Context, words: list[Token]) -> _Who | None:
    low = [w[2].lower() for w in words]
    if len(low) == 1 and low[0] in PRONOUNS:
        return _Who("pronoun")
    if len(low) == 1 and low[0] in PLURAL_PRONOUNS:
        return _Who("plural")
    if low[0] in ROLE_NOUNS and low[-1] in DEMONSTRATIVES and len(low) <= 6:
        return _Who("pronoun")  # 'Pemimpin Rusia itu': a person already in the story
    parsed = _parse_name(ctx, words, 0)
    if parsed is None or parsed[1] != len(words) or parsed[0].kind != "name":
        return None
    return parsed[0]


def _speaker_after(ctx: _Context, tokens: list[Token]) -> tuple[_Who, int]:
    """The speaker named after a cue (``kata X``, ``kata dia``, ``ujar pria itu``) and tokens used."""
    if not tokens or tokens[0][2] in ",;:().":
        return _NOBODY, 0
    low = tokens[0][2].lower()
    if low in PRONOUNS:
        return _Who("pronoun"), 1
    if low in PLURAL_PRONOUNS:
        return _Who("plural"), 1
    if low in ROLE_NOUNS:
        for k in range(1, min(6, len(tokens))):
            if tokens[k][2].lower() in DEMONSTRATIVES:
                return _Who("pronoun"), k + 1
        if len(tokens) > 1 and tokens[1][2] == "yang":
            return _Who("pronoun"), 2  # 'kata pria yang menjabat sebagai …': someone already named
    parsed = _parse_name(ctx, tokens, 0)
    if parsed is None:
        return _NOBODY, 0
    who, used = parsed
    if used + 1 < len(tokens) and tokens[used][2] == ",":
        return _apposition(ctx, tokens, who, used) or parsed
    return parsed


def _apposition(ctx: _Context, tokens: list[Token], who: _Who, comma: int) -> tuple[_Who, int] | None:
    """'kata Kepala Pelabuhan Lumut, Hendra Wijaya, …', 'kata Kapolsek Lumut, Kompol Dedi Irawan': the
    name after the comma when the phrase before it is a role, or the name has a rank before it."""
    named = _parse_name(ctx, tokens, comma + 1)
    if named is None or named[0].kind != "name":
        return None
    role_before = who.kind == "anon" or who.span[0] != who.phrase[0]
    ranked = tokens[comma + 1][2].lower().rstrip(".") in PERSONAL_TITLES
    untitled = named[0].span[0] == tokens[comma + 1][0]
    return named if (role_before and untitled) or ranked else None


def _parse_name(ctx: _Context, tokens: list[Token], i: int) -> tuple[_Who, int] | None:
    """Titles, then a capitalised name: ``(who, tokens used)``; who is anon for a title alone."""
    first = i
    titled = role = False
    while i < len(tokens):
        for k in range(TITLE_WORDS_MAX, 0, -1):
            title = " ".join(t[2].lower() for t in tokens[i:i + k]) if i + k <= len(tokens) else ""
            if title in TITLES:
                i += k
                titled = True
                role = role or title.rstrip(".") not in PERSONAL_TITLES
                break
        else:
            break
    if titled:
        i = _skip_role_complement(tokens, i)
    j = i
    while j < len(tokens) and j - i < 8:
        word = tokens[j][2]
        if word[:1].isupper() and word.lower() not in NOT_NAMES:
            j += 1
        elif word.lower() in NAME_CONNECTORS and j + 1 < len(tokens) and tokens[j + 1][2][:1].isupper():
            j += 1
        else:
            break
    if j == first:
        return None
    if j == i:
        return _NOBODY, j
    name = _strip_organisation(ctx, tokens, i, j) if role else i
    if name >= j:
        return _NOBODY, j
    return _Who("name", (tokens[name][0], tokens[j - 1][1]), (tokens[first][0], tokens[j - 1][1])), j


def _skip_role_complement(tokens: list[Token], i: int) -> int:
    """'Ketua panitia Joko', 'juru bicara kepolisian Budi': lower-case words of the role before the name."""
    for k in range(i, min(i + ROLE_COMPLEMENT_MAX + 1, len(tokens))):
        word = tokens[k][2]
        if word[:1].isupper():
            return k
        if word.lower() in NOT_COMPLEMENTS or not word[:1].isalpha():
            break
    return i


def _strip_organisation(ctx: _Context, tokens: list[Token], i: int, j: int) -> int:
    """After a role, skip what it is a role of: 'Juru bicara Kementerian Air Budi Santoso' -> 'Budi Santoso'."""
    while i < j:
        s, e, word = tokens[i]
        hits = ctx.overlapping(s, e)
        if hits and ctx.entities[hits[0]].label != "PERSON":
            i += 1  # an organisation or place the NER layer found
        elif (len(word) >= 2 and word.isupper()) or word.lower() in ORG_LEADS or word.lower() in PORTFOLIOS:
            i += 1  # 'Ketua KPK …', 'Presiden AS …', 'Kepala Dinas …', 'Menteri Perairan …'
        else:
            break
    if j - i >= NAME_WORDS_AFTER_ROLE:
        # 'Presiden Rusia Vladimir Putin', 'Gubernur Lumut Ani Lestari': a role's place or body comes
        # first; without NER to say where it ends, the last two words are taken as the person.
        i = j - 2
    return i


def _via(ctx: _Context, start: int, end: int) -> str | None:
    """The relaying outlet named after the cue: 'seperti dikutip dari SBS News', 'dilansir Reuters'."""
    m = _VIA.search(ctx.body, start, end)
    if m is None:
        return None
    tokens = _tokens(ctx.body, m.end(), end)
    while tokens and tokens[0][2] in OUTLET_NOUNS:  # lower case only: 'Harian Senja' is a name
        tokens = tokens[1:]
    parsed = _parse_name(ctx, tokens, 0)
    return _outlet_name(ctx, parsed[0]) if parsed is not None and parsed[0].kind == "name" else None


def _outlet_name(ctx: _Context, who: _Who) -> str:
    hits = ctx.overlapping(*who.span)
    return ctx.name_of(hits[0]) if hits else ctx.body[who.span[0]: who.span[1]]


def _quoted_by(ctx: _Context, start: int) -> _Who | None:
    """After 'lapor Xinhua': the person the agency quoted ('agensi mengutip pernyataan Presiden Xi')."""
    i, _ = ctx.sentence(start)
    end = ctx.sents[min(i + 1, len(ctx.sents) - 1)][1] if ctx.sents else len(ctx.body)
    m = _QUOTED_BY.search(ctx.body, start, min(end, start + WINDOW))
    if m is None:
        return None
    tokens = _tokens(ctx.body, m.end(), min(end, m.end() + WINDOW))
    if tokens and tokens[0][2].lower() in QUOTED_NOUNS:
        tokens = tokens[1:]
    who, used = _speaker_after(ctx, tokens)
    return who if used else None


# -- resolution: names to entities, pronouns to the speaker before ----------------------------------
def _resolve(ctx: _Context, found: list[_Statement]) -> list[Quote]:
    speakers, reach = _speakers(ctx, found)
    keep = [True] * len(found)
    # A quote paragraph with nothing before it takes the speaker of the statement right after it
    # (walking backwards so that a run of such paragraphs inherits from the one that is attributed).
    for k in range(len(found) - 1, -1, -1):
        if found[k].who.kind == "next":
            keep[k] = k + 1 < len(found) and keep[k + 1] and ctx.sentence(found[k + 1].start)[0] <= reach[k] + 1
            speakers[k] = speakers[k + 1] if keep[k] else speakers[k]
    body = ctx.body
    return [Quote(body[s.start: s.end], s.kind, speakers[k][0], speakers[k][1], s.cue, s.via, (s.start, s.end))
            for k, s in enumerate(found) if keep[k]]


def _speakers(ctx: _Context, found: list[_Statement]) -> tuple[list[tuple[str | None, int | None]], list[int]]:
    """Each statement's ``(speaker, entity)`` in reading order, and the sentence its attribution ends in.
    Pronouns and role phrases take the last person speaker; a quote paragraph right after a statement
    continues it, one with nothing before it is marked ``next`` (settled by ``_resolve``)."""
    speakers: list[tuple[str | None, int | None]] = []
    reach: list[int] = []
    last_person: tuple[str | None, int | None] | None = None
    for k, stmt in enumerate(found):
        who, spoken = stmt.who, (None, None)
        if who.kind == "name":
            spoken = _named(ctx, who)
            if spoken[1] is None or ctx.entities[spoken[1]].label == "PERSON":
                last_person = spoken  # 'Dia' after 'Kremlin mengatakan' still means the last person
        elif who.kind == "pronoun":
            if last_person is None:
                idx = ctx.last_person_before(stmt.start)
                last_person = (ctx.name_of(idx), idx) if idx is not None else None
            spoken = last_person or spoken
        elif who.kind == "anon":
            last_person = spoken  # an unnamed speaker: 'katanya' after it is unnamed too
        elif who.kind == "continue":
            adjacent = k > 0 and found[k - 1].who.kind != "next" and reach[-1] >= ctx.sentence(stmt.start)[0] - 1
            if adjacent:
                spoken = speakers[-1]
            else:
                stmt.who = _Who("next")
        speakers.append(spoken)
        reach.append(ctx.sentence(max(stmt.reach - 1, stmt.start))[0])
    return speakers, reach


def _named(ctx: _Context, who: _Who) -> tuple[str, int | None]:
    """A written name as the entity whose mention overlaps it (a PERSON first), else as written."""
    people = [i for i in ctx.overlapping(*who.phrase) if ctx.entities[i].label == "PERSON"]
    inside = [i for i in people if i in ctx.overlapping(*who.span)]
    if inside or people:
        idx = (inside or people)[0]
        return ctx.name_of(idx), idx
    hits = ctx.overlapping(*who.span)
    if hits:
        return ctx.name_of(hits[0]), hits[0]
    return ctx.body[who.span[0]: who.span[1]], None
