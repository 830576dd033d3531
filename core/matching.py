"""Deciding whether two quotes report the same statement.

Outlets cut, re-punctuate and re-translate what was said, so text similarity
alone is not enough in either direction: "new, unorthodox approaches" and
"new nonstandard approaches" are one statement, while "adding fuel to the
fire" said by two people months apart is two. A pair is scored on its words
(rapidfuzz, at word level over content-word stems, and at character level)
and on its context: the speakers proposed, the articles' dates and the words
around each quote. The shorter the matched text, the more context it needs;
one- and two-word fragments join only with strong support.

Candidates come from an inverted index of content-word bigrams (plus
skip-bigrams, and single words for one-word quotes), never from all pairs.
Everything here is pure: records in, pairs and decisions out; the database
side lives in ``core.families``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from .names import same_name

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

_WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile("[\u0300-\u036f]")
#: Characters each side of a quote read as its wider context.
WIDE = 400

#: Posting lists longer than this are compared only within a date window.
POSTING_CAP = 64
#: ... and dropped when even that window holds more quotes than this.
WINDOW_CAP = 400
DATE_WINDOW = 3
#: Quotes at most this many characters apart in one article are neighbours.
SIBLING_GAP = 120


def fold(text: str) -> str:
    """Lower case without accents ("Jesús" -> "jesus"); fast for ASCII."""
    text = text.lower()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


_STEMS: dict[str, str] = {}


def stem(tok: str) -> str:
    """A crude prefix stem: "resolve"/"resolution", "wars"/"war", "supports"/"support"."""
    out = _STEMS.get(tok)
    if out is None:
        t = tok[:-1] if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss") else tok
        out = _STEMS[tok] = t[:5]
    return out


def is_content(tok: str, stop=STOP) -> bool:
    return (tok not in stop and len(tok) > 1) or tok.isdigit()


@dataclass
class QuoteRecord:
    """What matching needs to know about one quote."""

    key: str
    article: str
    text: str
    start: int = 0
    end: int = 0
    day: int | None = None           # date as an ordinal, when the article has one
    speaker: tuple | None = None     # (resolved speaker id, name) or None
    near: frozenset = frozenset()    # content stems of the sentence around the quote
    wide: frozenset = frozenset()    # content stems within a few hundred characters
    # filled by prepare()
    words: list = field(default_factory=list)
    stems: list = field(default_factory=list)
    norm: str = ""
    enc: str = ""
    stemset: frozenset = frozenset()


def parse_day(date: str | None) -> int | None:
    if not date:
        return None
    try:
        return _dt.date.fromisoformat(str(date)[:10]).toordinal()
    except ValueError:
        return None


_CONTEXT_STEMS: dict[str, str | None] = {}


class ArticleText:
    """An article's context words with their offsets, tokenised once."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.stems: list[str] = []
        get = _CONTEXT_STEMS.get
        for m in _WORD.finditer(text):
            tok = m.group()
            s = get(tok, 0)
            if s == 0:
                t = fold(tok)
                s = _CONTEXT_STEMS[tok] = stem(t) if is_content(t, CONTEXT_STOP) else None
            if s is not None:
                self.starts.append(m.start())
                self.stems.append(s)

    def _between(self, lo: int, hi: int) -> list[str]:
        return self.stems[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def contexts(self, start: int, end: int) -> tuple[frozenset, frozenset]:
        """Stems of the sentence around a quote (outside it), and of a wider window."""
        text = self.text
        lo = max(0, start - 220)
        left = text[lo:start]
        cut = max(left.rfind(". "), left.rfind("\n"), left.rfind(".\u201d"), left.rfind('."'))
        if cut >= 0:
            lo += cut + 1
        right = text[end:end + 220]
        ends = [i for i in (right.find(". ", 2), right.find("\n", 2)) if i >= 0]
        hi = end + (min(ends) + 1 if ends else len(right))
        near = frozenset(self._between(lo, start) + self._between(end, hi))
        wide = frozenset(self._between(start - WIDE, start) + self._between(end, end + WIDE))
        return near, wide


class Vocabulary:
    """Maps each stem to one character, so rapidfuzz compares word sequences."""

    def __init__(self):
        self.codes: dict[str, str] = {}

    def encode(self, stems: list[str]) -> str:
        out = []
        for s in stems:
            c = self.codes.get(s)
            if c is None:
                n = 0x1000 + len(self.codes)
                if n >= 0xD800:
                    n += 0x800  # skip the surrogate block
                c = self.codes[s] = chr(n)
            out.append(c)
        return "".join(out)


def prepare(recs: list[QuoteRecord], vocab: Vocabulary | None = None) -> Vocabulary:
    vocab = vocab or Vocabulary()
    for r in recs:
        r.words = tokens(r.text)
        r.stems = [stem(t) for t in r.words if is_content(t)]
        if not r.stems:  # "no way": all stop words, matched on the words themselves
            r.stems = [stem(t) for t in r.words]
        r.norm = " ".join(r.words)
        r.enc = vocab.encode(r.stems)
        r.stemset = frozenset(r.stems)
    return vocab


# --------------------------------------------------------------------- blocking

def block_keys(r: QuoteRecord) -> set[str]:
    s = r.stems
    keys = {f"{a} {b}" for a, b in zip(s, s[1:])}
    keys |= {f"{a} _ {b}" for a, b in zip(s, s[2:])}
    if len(s) == 1:
        keys.add(s[0])
    return keys


def candidate_pairs(recs: list[QuoteRecord], focus: set[int] | None = None) -> set[tuple[int, int]]:
    """Index pairs (i < j) from different articles that share a blocking key.

    With ``focus``, only pairs touching one of those indices (incremental
    update). A one-word quote is indexed under its word, and looked up among
    every quote that holds that word.
    """
    index: dict[str, list[int]] = defaultdict(list)
    singles = {r.stems[0] for r in recs if len(r.stems) == 1}
    for i, r in enumerate(recs):
        for k in block_keys(r):
            index[k].append(i)
        for s in r.stemset & singles:
            if len(r.stems) > 1:
                index[s].append(i)
    pairs: set[tuple[int, int]] = set()
    for post in index.values():
        if len(post) < 2:
            continue
        if focus is not None and not any(i in focus for i in post):
            continue
        it = combinations(post, 2) if len(post) <= POSTING_CAP else _dated_pairs(recs, post)
        for i, j in it:
            if focus is not None and i not in focus and j not in focus:
                continue
            if recs[i].article == recs[j].article:
                continue
            pairs.add((i, j) if i < j else (j, i))
    return pairs


def _dated_pairs(recs, post):
    """Pairs of a long posting list that lie within the date window.

    A key shared by hundreds of quotes ("prime minister") only links quotes
    reported within a few days of each other; undated quotes drop out.
    """
    dated = sorted((recs[i].day, i) for i in post if recs[i].day is not None)
    lo = 0
    for hi in range(len(dated)):
        while dated[hi][0] - dated[lo][0] > DATE_WINDOW:
            lo += 1
        if hi - lo > WINDOW_CAP:
            continue
        last = dated[hi][1]
        for k in range(lo, hi):
            yield dated[k][1], last


# ---------------------------------------------------------------------- scoring

@dataclass
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
    if (len(a.stems), len(a.words)) > (len(b.stems), len(b.words)):
        a, b = b, a
    n = len(a.stems)
    shared = a.stemset & b.stemset
    if not n or len(shared) < 0.4 * len(a.stemset):
        return _NO  # too few words in common to reach any bar below
    pos = b.enc.find(a.enc)
    contained = pos >= 0
    # A fragment cut where the longer quote starts or ends shares a boundary
    # with it: a sign both outlets copied one source, not a common phrase.
    aligned = contained and (pos == 0 or pos + len(a.enc) == len(b.enc))
    whole = max(fuzz.ratio(a.enc, b.enc), fuzz.ratio(a.norm, b.norm)) / 100
    frag = 0.0
    if len(b.stems) > n:
        frag = (LCSseq.similarity(a.enc, b.enc) / n + len(shared) / len(a.stemset)) / 2
    text = max(whole, frag, 1.0 if contained else 0.0)
    if (text < 0.5 if n > 2 and len(a.words) > 2 else not aligned):
        return PairScore(round(text, 3), 0.0, n, contained, aligned, False)  # no context can make up for it
    support = _support(a, b)
    same = _decide(text, support, n, len(a.words), contained, aligned)
    if not same and sibling and n >= 3 and len(shared) >= 2:
        same = text >= 0.5 and support >= 1.0
    return PairScore(round(text, 3), round(support, 3), n, contained, aligned, same)


def _support(a: QuoteRecord, b: QuoteRecord) -> float:
    s = 0.0
    if a.speaker and b.speaker:
        if _same_speaker(a.speaker, b.speaker):
            s += 1.5
        else:
            s -= 1.0
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        s += 0.5 if gap <= 2 else 0.0 if gap <= 7 else -1.0 if gap <= 60 else -2.0
    # Around a fragment the reporter paraphrases the rest of the statement:
    # the longer quote's other words turn up in the fragment's sentence.
    rest = (b.stemset - a.stemset) | b.near
    shared_near = len(a.near & rest) + len((b.near & a.stemset) - a.near)
    s += min(1.5, 0.5 * shared_near)
    if a.wide and b.wide:
        overlap = len(a.wide & b.wide) / min(len(a.wide), len(b.wide))
        s += min(1.5, 5 * max(0.0, overlap - 0.08))
    return s


_SAME: dict[tuple, bool] = {}


def _same_speaker(x: tuple, y: tuple) -> bool:
    if x[0] == y[0]:
        return True
    k = (x, y) if x < y else (y, x)
    out = _SAME.get(k)
    if out is None:
        out = _SAME[k] = same_name(x[1], y[1])
    return out


def _decide(text: float, support: float, n: int, words: int, contained: bool, aligned: bool) -> bool:
    # One or two words join only where they share a boundary with the longer
    # quote: "unilateral sanctions" in the middle of a sentence is a stock
    # phrase more often than a cut of that sentence.
    if n <= 1 or words <= 1:
        return aligned and support >= 2.5
    if n <= 2 or words <= 2:
        return aligned and support >= 1.5
    if n <= 5:
        return (text >= 0.95 and support >= 0.5) or (text >= 0.75 and support >= 1.0)
    if n <= 10:
        return (text >= 0.9 and support >= -1.0) or (text >= 0.75 and support >= 0.0)
    return (text >= 0.85 and support >= -2.0) or (text >= 0.7 and support >= -0.5)


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
    one (the next piece of a statement quoted in pieces). ``pairs`` replaces
    blocking (the benchmark passes every pair to measure what blocking loses).
    """
    accepted: set[tuple[int, int]] = set()
    pending = []
    for i, j in candidate_pairs(recs, focus) if pairs is None else pairs:
        if score_pair(recs[i], recs[j]):
            accepted.add((i, j))
        else:
            pending.append((i, j))
    if pending:
        sib = _siblings(recs)
        linked = {(i, j) for i, j in accepted} | {(j, i) for i, j in accepted}
        for i, j in pending:
            near = any((k, j) in linked for k in sib.get(i, ())) or any((k, i) in linked for k in sib.get(j, ()))
            if near and score_pair(recs[i], recs[j], sibling=True):
                accepted.add((i, j))
    return sorted(accepted)
