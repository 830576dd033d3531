"""Deciding whether two quotes report the same statement.

Outlets cut, re-punctuate and re-translate what was said, so text similarity
alone is not enough in either direction: "new, unorthodox approaches" and
"new nonstandard approaches" are one statement, while "adding fuel to the
fire" said by two people months apart is two. A pair is scored on its words
(rapidfuzz, at word level over content-word stems, and at character level)
and on its context: the speakers proposed, the articles' dates and the words
around each quote. The shorter the matched text, the more context it needs;
one- and two-word fragments join only where they share a boundary with the
longer quote, and only with strong support.

Words are reduced to crude stems and each stem to one character, so a quote
becomes a short string that rapidfuzz compares word by word, and its context
a small string of stem codes. Candidates come from ``core.blocking``, never
from all pairs. Everything here is pure: records in, decisions out; the
database side lives in ``core.families``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from .blocking import candidate_pairs
from .names import name_tokens, same_name

STOP = frozenset("""
a an the and or but nor of to in on at for with by from as into onto over under about after before
is are was were be been being am it its it's this that these those there here their theirs they them
we our ours us you your yours i me my mine he him his she her hers not no so than then too very just
can could will would shall should may might must do does did done have has had having also all any
some such only own same other more most both each few s t if while which who whom whose what when
where why how up down out off again further once one
""".split())

#: Words around quotes in any news story: they say nothing about which event.
CONTEXT_STOP = STOP | frozenset("""
said says say saying told tell added adding according statement statements mr ms mrs news reported
report reports quoted quote asked wrote write comment comments noted stated spoke speaking spokesman
spokeswoman spokesperson interview week year day today monday tuesday wednesday thursday friday
saturday sunday
""".split())

#: Characters each side of a quote whose sentences are its near and its wider context.
NEAR = 60
WIDE = 400
#: Quotes at most this many characters apart in one article are neighbours.
SIBLING_GAP = 120

_WORD = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f]")
_CAPITAL = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"\u201d\u2019)]*)?")


# ------------------------------------------------------------------ words

def fold(text: str) -> str:
    """Lower case without accents ("Jesús" -> "jesus"); fast for ASCII."""
    text = text.lower()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stem(tok: str) -> str:
    """A crude prefix stem: "resolve"/"resolution", "wars"/"war", "supports"/"support"."""
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss"):
        tok = tok[:-1]
    return tok[:5]


def is_content(tok: str, stop=STOP) -> bool:
    return (tok not in stop and len(tok) > 1) or tok.isdigit()


# One character per stem, for the whole process: rapidfuzz then compares
# word sequences, and a context is a short string rather than a set of words.
_CODES: dict[str, str] = {}
_QUOTE_CODES: dict[str, str | None] = {}    # folded token -> code, None for a stop word
_CONTEXT_CODES: dict[str, str | None] = {}  # raw token -> code, None for a context stop word


def code(st: str) -> str:
    c = _CODES.get(st)
    if c is None:
        n = 0x1000 + len(_CODES)
        c = _CODES[st] = chr(n + 0x800 if n >= 0xD800 else n)  # skip the surrogate block
    return c


def _lookup(table: dict, toks: list[str], fill) -> list:
    """``table[t]`` for each token, filling misses with ``fill(t)``: a C-speed map once warm."""
    try:
        return list(map(table.__getitem__, toks))
    except KeyError:
        for t in toks:
            if t not in table:
                table[t] = fill(t)
        return list(map(table.__getitem__, toks))


def _quote_code(tok: str) -> str | None:
    return code(stem(tok)) if is_content(tok) else None


def _context_code(tok: str) -> str | None:
    t = fold(tok)
    return code(stem(t)) if is_content(t, CONTEXT_STOP) else None


def context_codes(text: str) -> set:
    out = set(_lookup(_CONTEXT_CODES, _WORD.findall(text), _context_code))
    out.discard(None)
    return out


def quote_context_codes(text: str) -> set:
    """A quote's own words as context codes (to leave them out of its context)."""
    out = set(_lookup(_CONTEXT_CODES, text.split() if text.islower() else tokens(text), _context_code))
    out.discard(None)
    return out


@lru_cache(maxsize=4096)
def parse_day(date: str | None) -> int | None:
    if not date:
        return None
    try:
        return _dt.date.fromisoformat(str(date)[:10]).toordinal()
    except ValueError:
        return None


# ---------------------------------------------------------------- records

@dataclass(slots=True)
class QuoteRecord:
    """What matching needs to know about one quote."""

    key: str
    article: str
    text: str
    start: int = 0
    end: int = 0
    day: int | None = None        # the article's date as an ordinal
    speaker: tuple | None = None  # see speaker_key()
    near: str | None = None       # stem codes of the sentences around the quote
    wide: str | None = None       # ... and of a few hundred characters around it
    context: object = None        # called as context(record) -> (near, wide) when first needed
    # filled by prepare()
    norm: str = ""                # the words, lower case, single spaces
    enc: str = ""                 # content-word stems, one character each
    stemset: frozenset = frozenset()
    plain: frozenset | None = None  # stems of words not capitalised mid-quote (not names), when needed
    n_words: int = 0


class ArticleContext:
    """An article cut into sentences, each read (once, when first needed) into stem codes."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _SENTENCE.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
        self.sets: list[set | None] = [None] * len(self.starts)

    def _union(self, lo: int, hi: int) -> set:
        i, j = bisect_left(self.ends, lo), bisect_left(self.starts, hi)
        sets = self.sets
        for k in range(i, j):
            if sets[k] is None:
                sets[k] = context_codes(self.text[self.starts[k]:self.ends[k]])
        return set().union(*sets[i:j]) if j > i else set()

    def contexts(self, start: int, end: int, own: set = frozenset()) -> tuple[str, str]:
        """The near and wide context of ``[start, end)``, without the quote's own words."""
        near = self._union(start - NEAR, end + NEAR) - own
        wide = self._union(start - WIDE, end + WIDE) - own
        return "".join(near), "".join(wide)


def prepare(recs: list[QuoteRecord]) -> None:
    """Fill in each record's words and stems."""
    for r in recs:
        words = tokens(r.text)
        codes = [c for c in _lookup(_QUOTE_CODES, words, _quote_code) if c is not None]
        if not codes:  # "no way": all stop words, matched on the words themselves
            codes = [code(stem(t)) for t in words]
        r.norm = " ".join(words)
        r.enc = "".join(codes)
        r.stemset = frozenset(codes)
        r.n_words = len(words)


def speaker_key(sid: int, name: str) -> tuple:
    """What matching keeps of a speaker: id, name, and a cheap filter for same_name."""
    return (sid, name, frozenset(t[:2] for t in name_tokens(name)))


# ---------------------------------------------------------------- scoring

@dataclass(slots=True)
class PairScore:
    text: float        # 0..1, how well the words match
    support: float     # context: speakers, dates, surrounding words
    n: int             # content words in the shorter quote
    contained: bool    # the shorter one's stems occur contiguously in the longer
    aligned: bool      # ... at its start or its end
    same: bool         # the decision

    def __bool__(self) -> bool:
        return self.same


_NO = PairScore(0.0, 0.0, 0, False, False, False)


def score_pair(a: QuoteRecord, b: QuoteRecord, sibling: bool = False) -> PairScore:
    """Whether ``a`` and ``b`` report the same statement, with the evidence.

    ``sibling``: a quote next to one of them in its article (the same
    statement quoted in pieces) already matched the other.
    """
    w = _by_words(a, b)
    return _NO if w is None else _with_context(w, sibling)


def _by_words(a: QuoteRecord, b: QuoteRecord):
    """The word test: None when no context could make the pair one statement."""
    if (len(a.enc), a.n_words) > (len(b.enc), b.n_words):
        a, b = b, a
    n, distinct = len(a.enc), len(a.stemset)
    shared = len(a.stemset & b.stemset)
    if not n or shared < 0.4 * distinct:
        return None
    pos = b.enc.find(a.enc)
    contained = pos >= 0
    # A fragment cut where the longer quote starts or ends shares a boundary
    # with it: a sign both outlets copied one source, not a common phrase.
    aligned = contained and (pos == 0 or pos + n == len(b.enc))
    short = distinct <= 2 or a.n_words <= 2
    if short and not aligned:
        return None
    if distinct == 1 and f" {a.norm} " not in f" {b.norm} ":
        return None  # one content word ("you'd have to be insane"): all its words must be there
    whole = max(fuzz.ratio(a.enc, b.enc), fuzz.ratio(a.norm, b.norm)) / 100
    fragment = n < FRAGMENT * len(b.enc)
    plain = _plain(a) if fragment and not contained else None
    if plain and len(plain & b.stemset) < 0.5 * len(plain):
        return None  # only the names are there ("Both Trump and Cruz scare me")
    frag = _compact_match(a, b) if len(b.enc) > n and not contained else 0.0
    text = max(whole, frag, 1.0 if contained else 0.0)
    if text < 0.5:
        return None
    return a, b, text, distinct, shared, aligned, contained, short, fragment


def _plain(r: QuoteRecord) -> frozenset:
    """The quote's stems less those of words capitalised mid-quote (names, mostly)."""
    if r.plain is None:
        caps = _CAPITAL.findall(r.text)
        if r.text.lstrip()[:1].isupper():
            caps = caps[1:]  # the first word is capitalised anyway
        r.plain = r.stemset - {_quote_code(t) for t in tokens(" ".join(caps))}
    return r.plain


def _compact_match(a: QuoteRecord, b: QuoteRecord) -> float:
    """How well ``a``'s words turn up, in order, inside one stretch of ``b``.

    Stretches are twice ``a``'s length: a fragment's words scattered over a
    long quote ("Ted", "people", "country" ...) are not that fragment.
    """
    n, width = len(a.enc), 2 * len(a.enc)
    if (LCSseq.similarity(a.enc, b.enc) / n + len(a.stemset & b.stemset) / len(a.stemset)) / 2 < 0.5:
        return 0.0  # not even over all of b
    best = 0.0
    for s in range(0, max(1, len(b.enc) - width + 1)):
        window = b.enc[s:s + width]
        score = (LCSseq.similarity(a.enc, window) / n + len(a.stemset.intersection(window)) / len(a.stemset)) / 2
        if score > best:
            best = score
            if best >= 1.0:
                break
    return best


def _with_context(w, sibling: bool) -> PairScore:
    a, b, text, n, shared, aligned, contained, short, fragment = w
    support = _support(a, b)
    same = _decide(text, support, n, a.n_words, aligned, fragment)
    if not same and sibling and not short and shared >= 2:
        same = support >= 1.0
    return PairScore(round(text, 3), round(support, 3), n, contained, aligned, same)


def _contexts(r: QuoteRecord) -> None:
    if r.wide is None:
        r.near, r.wide = r.context(r) if r.context is not None else ("", "")


def _support(a: QuoteRecord, b: QuoteRecord) -> float:
    _contexts(a)
    _contexts(b)
    s = 0.0
    if a.speaker and b.speaker:
        s += 1.5 if _same_speaker(a.speaker, b.speaker) else -1.0
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        s += 0.5 if gap <= 2 else 0.0 if gap <= 7 else -1.0 if gap <= 60 else -2.0
    # Around a fragment the reporter paraphrases the rest of the statement:
    # the longer quote's other words turn up in the fragment's sentence.
    a_near, b_near = set(a.near), set(b.near)
    rest = (b.stemset - a.stemset) | b_near
    shared_near = len(a_near & rest) + len((b_near & a.stemset) - a_near)
    s += min(1.5, 0.5 * shared_near)
    if a.wide and b.wide:
        overlap = len(set(a.wide).intersection(b.wide)) / min(len(a.wide), len(b.wide))
        s += min(1.5, 5 * max(0.0, overlap - 0.08))
    return s


_SAME: dict[tuple, bool] = {}


def _same_speaker(x: tuple, y: tuple) -> bool:
    if x[0] == y[0]:
        return True
    if x[2] and y[2] and not (x[2] & y[2]):
        return False  # no name token starts alike: same_name cannot hold
    k = (x[0], y[0]) if x[0] < y[0] else (y[0], x[0])
    out = _SAME.get(k)
    if out is None:
        out = _SAME[k] = same_name(x[1], y[1])
    return out


def _decide(text: float, support: float, n: int, words: int, aligned: bool, fragment: bool) -> bool:
    # One or two words join only where they share a boundary with the longer
    # quote: "unilateral sanctions" in the middle of a sentence is a stock
    # phrase more often than a cut of that sentence.
    if n <= 1 or words <= 1:
        return aligned and support >= 2.5
    if n <= 2 or words <= 2:
        return aligned and support >= 1.5
    if n <= 5:
        # Two short quotes alike in length but for a word are two statements
        # ("the worst thing that happened to Israel / to the establishment").
        return (text >= 0.95 and support >= 0.5) or (fragment and text >= 0.75 and support >= 1.0)
    if n <= 10:
        return (text >= 0.9 and support >= -1.0) or (text >= 0.75 and support >= 0.0)
    return (text >= 0.85 and support >= -2.0) or (text >= 0.7 and support >= -0.5)


#: A quote with fewer than this share of the other's content words is a fragment of it.
FRAGMENT = 0.6


def fragment_of(recs: list[QuoteRecord], i: int, j: int) -> int | None:
    """Which of an accepted pair is a fragment of the other (None: they are alike in length)."""
    a, b = (i, j) if (len(recs[i].enc), recs[i].n_words) <= (len(recs[j].enc), recs[j].n_words) else (j, i)
    return a if len(recs[a].enc) < FRAGMENT * len(recs[b].enc) else None


def _siblings(recs: list[QuoteRecord]) -> dict[int, list[int]]:
    """Quotes next to each other in one article (a statement quoted in pieces)."""
    out: dict[int, list[int]] = defaultdict(list)
    order = sorted(range(len(recs)), key=lambda i: (recs[i].article, recs[i].start))
    for i, j in zip(order, order[1:]):
        if recs[i].article == recs[j].article and recs[j].start - recs[i].end <= SIBLING_GAP:
            out[i].append(j)
            out[j].append(i)
    return out


def match(recs: list[QuoteRecord], focus: set[int] | None = None, pairs=None) -> list[tuple[int, int]]:
    """Accepted pairs (as record indices) among ``recs``.

    Two passes: pairs that stand on their own, then pairs next to an accepted
    one (the next piece of a statement quoted in pieces). With ``focus`` only
    pairs touching those records are scored; ``pairs`` replaces blocking (the
    benchmark passes every pair, to measure what blocking loses).
    """
    if pairs is None:
        pairs = candidate_pairs([r.enc for r in recs], [r.article for r in recs], [r.day for r in recs], focus)
    worded = []
    for i, j in pairs:
        w = _by_words(recs[i], recs[j])
        if w is not None:
            worded.append((i, j, w))
    # Read contexts article by article, each article once.
    for k in sorted({k for i, j, _ in worded for k in (i, j)}, key=lambda k: (recs[k].article, recs[k].start)):
        _contexts(recs[k])
    accepted: set[tuple[int, int]] = set()
    maybe = []
    for i, j, w in worded:
        s = _with_context(w, False)
        if s.same:
            accepted.add((i, j))
        elif s.n > 2:
            maybe.append((i, j, w))
    if maybe:
        sib = _siblings(recs)
        linked = accepted | {(j, i) for i, j in accepted}
        for i, j, w in maybe:
            near = any((k, j) in linked for k in sib.get(i, ())) or any((k, i) in linked for k in sib.get(j, ()))
            if near and _with_context(w, True):
                accepted.add((i, j))
    return sorted(accepted)
