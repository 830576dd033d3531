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

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

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

_WORD = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f]")
#: Characters each side of a quote whose sentences are its near and its wider context.
NEAR = 60
WIDE = 400

#: Posting lists longer than this are compared only within a date window.
POSTING_CAP = 16
#: ... and dropped when even that window holds more quotes than this.
WINDOW_CAP = 400
DATE_WINDOW = 3
#: Blocking keys pair content words at most this many positions apart.
KEY_SPAN = 3
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
    speaker: tuple | None = None     # (resolved speaker id, name, name-token prefixes) or None
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


class _ContextStems(dict):
    """Raw token -> context stem (None for stop words), filled on first sight."""

    def __missing__(self, tok):
        t = fold(tok)
        out = self[tok] = stem(t) if is_content(t, CONTEXT_STOP) else None
        return out


_CONTEXT_STEMS = _ContextStems()


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"\u201d\u2019)]*)?")
_FAST_WORD = re.compile(r"\w+")


def context_stems(text: str) -> frozenset:
    out = set(map(_CONTEXT_STEMS.__getitem__, _FAST_WORD.findall(text)))
    out.discard(None)
    return frozenset(out)


class ArticleContext:
    """An article cut into sentences, each read once into a set of context stems."""

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.sets: list[frozenset] = []
        for m in _SENTENCE.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
            self.sets.append(context_stems(m.group()))

    def _union(self, lo: int, hi: int) -> set:
        i = bisect_left(self.ends, lo)
        j = bisect_left(self.starts, hi)
        return set().union(*self.sets[i:j]) if j > i else set()

    def contexts(self, start: int, end: int, own: frozenset = frozenset()) -> tuple[frozenset, frozenset]:
        """Stems of the sentences around a quote, and of a wider window; ``own`` words left out."""
        near = self._union(start - NEAR, end + NEAR) - own
        wide = self._union(start - WIDE, end + WIDE) - own
        return frozenset(near), frozenset(wide)


def contexts(text: str, start: int, end: int) -> tuple[frozenset, frozenset]:
    """Context stems around ``text[start:end]`` (see ``ArticleContext``)."""
    return ArticleContext(text).contexts(start, end, context_stems(text[start:end]))


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
    """Pairs of content words at most ``KEY_SPAN`` apart (as stem codes, unordered).

    Pairs rather than adjacent bigrams survive an inserted or dropped word
    ("all-weather and comprehensive" / "all-weather, comprehensive"), and
    unordered ones a translation's word order ("resolve the crisis
    peacefully" / "a peaceful resolution of the crisis").
    """
    e = r.enc
    keys = {e[i] + e[j] if e[i] < e[j] else e[j] + e[i]
            for i in range(len(e)) for j in range(i + 1, min(len(e), i + 1 + KEY_SPAN))}
    if len(e) == 1:
        keys.add(e)
    return keys


def candidate_pairs(recs: list[QuoteRecord], focus: set[int] | None = None) -> list[tuple[int, int]]:
    """Index pairs (i < j) from different articles that share enough blocking keys.

    A pair needs two shared keys, or one when either quote has at most two
    (short fragments). Keys held by more than ``POSTING_CAP`` quotes only pair
    quotes dated within ``DATE_WINDOW`` days of each other. A one-word quote
    is indexed under its word, and looked up among every quote holding it.
    With ``focus``, only pairs touching one of those indices are returned.
    """
    n = len(recs)
    if n < 2:
        return []
    singles = {r.enc for r in recs if len(r.enc) == 1}
    key_ids: dict[str, int] = {}
    ks, qs, nkeys = [], [], np.zeros(n, dtype=np.int32)
    for i, r in enumerate(recs):
        keys = block_keys(r)
        if singles and len(r.enc) > 1:
            keys |= singles.intersection(r.enc)
        nkeys[i] = len(keys)
        for k in keys:
            ks.append(key_ids.setdefault(k, len(key_ids)))
            qs.append(i)
    key_arr = np.asarray(ks, dtype=np.int64)
    q_arr = np.asarray(qs, dtype=np.int64)
    del ks, qs, key_ids
    order = np.lexsort((q_arr, key_arr))
    key_arr, q_arr = key_arr[order], q_arr[order]
    starts = np.flatnonzero(np.r_[True, key_arr[1:] != key_arr[:-1]])
    sizes = np.diff(np.r_[starts, len(key_arr)])
    del key_arr
    days = np.asarray([r.day if r.day is not None else -10**9 for r in recs], dtype=np.int64)
    left, right = [], []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= POSTING_CAP)]):
        block = q_arr[starts[sizes == size][:, None] + np.arange(size)]
        iu, ju = np.triu_indices(size, 1)
        left.append(block[:, iu].ravel())
        right.append(block[:, ju].ravel())
    for st, size in zip(starts[sizes > POSTING_CAP].tolist(), sizes[sizes > POSTING_CAP].tolist()):
        _dated_pairs(q_arr[st:st + size], days, left, right)
    if not left:
        return []
    a = np.concatenate(left)
    b = np.concatenate(right)
    del left, right
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    articles = {}
    art = np.asarray([articles.setdefault(r.article, len(articles)) for r in recs], dtype=np.int64)
    keep = art[lo] != art[hi]
    if focus is not None:
        in_focus = np.zeros(n, dtype=bool)
        in_focus[list(focus)] = True
        keep &= in_focus[lo] | in_focus[hi]
    codes, counts = np.unique(lo[keep] * n + hi[keep], return_counts=True)
    lo, hi = codes // n, codes % n
    need = np.where(np.minimum(nkeys[lo], nkeys[hi]) <= 2, 1, 2)
    sel = counts >= need
    return list(zip(lo[sel].tolist(), hi[sel].tolist()))


def _dated_pairs(post: np.ndarray, days: np.ndarray, left: list, right: list) -> None:
    """Pairs of a long posting list whose quotes lie within the date window.

    A key shared by hundreds of quotes ("prime minister") only links quotes
    reported within a few days of each other; undated quotes drop out.
    """
    d = days[post]
    dated = d > -10**9
    post, d = post[dated], d[dated]
    order = np.argsort(d, kind="stable")
    post, d = post[order], d[order]
    for step in range(1, min(len(post), WINDOW_CAP + 1)):
        close = (d[step:] - d[:-step]) <= DATE_WINDOW
        if not close.any():
            break
        left.append(post[:-step][close])
        right.append(post[step:][close])


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


def speaker_key(sid: int, name: str) -> tuple:
    """What matching keeps of a speaker: id, name and a cheap filter for same_name."""
    return (sid, name, frozenset(t[:2] for t in name_tokens(name)))


def _same_speaker(x: tuple, y: tuple) -> bool:
    if x[0] == y[0]:
        return True
    if x[2] and y[2] and not (x[2] & y[2]):
        return False  # no name token starts alike: same_name cannot hold
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
