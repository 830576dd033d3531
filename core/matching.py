"""Deciding whether two quotes report the same statement.

Text similarity alone is not enough in either direction: "new, unorthodox
approaches" and "new nonstandard approaches" are one statement, while
"adding fuel to the fire" said by two people months apart is two. A pair is
scored on its words (rapidfuzz, at word level over the stem codes of
``core.encoding``, and at character level) and on its context: the speakers
proposed, the articles' dates and the words around each quote. The shorter
the matched text, the more context it needs; one- and two-word fragments
join only where they share a boundary with the longer quote, and only with
strong support. Two outlets that quote overlapping stretches of one
statement share only the words where the stretches overlap: ``RUN`` words in
a row, from the same speaker on the same days, make them one.

Candidates come from ``core.blocking``, never from all pairs. Everything
here is pure: records in, decisions out; the database side lives in
``core.families``. What a run learns (names compared, contexts read) lives
in its ``Matcher``, never in the process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
import re

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from .blocking import candidate_pairs
from .encoding import Codebook, tokens
from .names import name_tokens, same_name

#: Quotes at most this many characters apart in one article are neighbours.
SIBLING_GAP = 120

_CAPITAL = re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*")


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
    full: bool = False            # a whole quote (kind full), not a fragment of a sentence
    # filled by prepare()
    norm: str = ""                # the words, lower case, single spaces
    enc: str = ""                 # content-word stems, one character each
    stemset: frozenset = frozenset()
    plain: frozenset | None = None  # stems of words not capitalised mid-quote (not names), when needed
    grams: frozenset | None = None  # its runs of RUN words, when needed
    n_words: int = 0


def prepare(recs, book: Codebook, encs: Mapping | None = None) -> None:
    """Fill in each record's words and stems (``encs``: the codes already stored, by key)."""
    for r in recs:
        stored = encs.get(r.key) if encs is not None else None
        if stored is None:
            r.norm, r.enc = book.encode(r.text)
        else:
            r.norm, r.enc = " ".join(tokens(r.text)), stored
        # One shared string per code: a stored encoding's characters would
        # otherwise each be a new object in every set (the sets are most of the memory).
        r.stemset = frozenset(map(book.chars.setdefault, r.enc, r.enc))
        r.n_words = r.norm.count(" ") + 1 if r.norm else 0


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


@dataclass(slots=True)
class WordMatch:
    """What the word test found about a pair, shorter quote first."""

    short: QuoteRecord
    long: QuoteRecord
    text: float        # 0..1
    distinct: int      # distinct content words in the shorter quote
    shared: int        # ... that the longer one has too
    aligned: bool      # contained, at the longer quote's start or end
    contained: bool
    tiny: bool         # at most two (distinct) words
    fragment: bool     # under FRAGMENT of the longer quote's content words
    verbatim: bool = False  # all its words, in order, inside the longer one's
    run: bool = False  # RUN words in a row shared, where that is all they share


#: A quote with fewer than this share of the other's content words is a fragment of it.
FRAGMENT = 0.6
#: Words in a row two quotes of one speaker share that make them one statement.
RUN = 5
RUN_SUPPORT = 2.0


def _grams(r: QuoteRecord) -> frozenset:
    if r.grams is None:
        words = r.norm.split()
        r.grams = frozenset(tuple(words[k : k + RUN]) for k in range(len(words) - RUN + 1))
    return r.grams


class Matcher:
    """Scores pairs for one run; holds that run's codebook and the names it compared."""

    def __init__(self, book: Codebook):
        self.book = book
        self._same: dict[tuple, bool] = {}

    def by_words(self, a: QuoteRecord, b: QuoteRecord) -> WordMatch | None:
        """The word test: None when no context could make the pair one statement."""
        if (len(a.enc), a.n_words) > (len(b.enc), b.n_words):
            a, b = b, a
        n, distinct = len(a.enc), len(a.stemset)
        shared = len(a.stemset & b.stemset)
        if not n:
            return None
        if shared < 0.4 * distinct:
            return self._run(a, b, shared)
        pos = b.enc.find(a.enc)
        contained = pos >= 0
        # A fragment cut where the longer quote starts or ends shares a boundary
        # with it: a sign both outlets copied one source, not a common phrase.
        aligned = contained and (pos == 0 or pos + n == len(b.enc))
        tiny = distinct <= 2 or a.n_words <= 2
        verbatim = f" {a.norm} " in f" {b.norm} "
        if tiny and not (aligned or verbatim):
            return None
        if distinct == 1 and not verbatim:
            return None  # one content word ("you'd have to be insane"): all its words must be there
        whole = max(fuzz.ratio(a.enc, b.enc), fuzz.ratio(a.norm, b.norm)) / 100
        fragment = n < FRAGMENT * len(b.enc)
        plain = self._plain(a) if fragment and not contained else None
        if plain and len(plain & b.stemset) < 0.5 * len(plain):
            return None  # only the names are there ("Both Trump and Cruz scare me")
        frag = _compact_match(a, b) if len(b.enc) > n and not contained else 0.0
        text = max(whole, frag, 1.0 if contained else 0.0)
        if text < 0.5:
            return self._run(a, b, shared)
        return WordMatch(a, b, text, distinct, shared, aligned, contained, tiny, fragment, verbatim)

    def _run(self, a: QuoteRecord, b: QuoteRecord, shared: int) -> WordMatch | None:
        """The pair as two cuts of one statement that overlap: ``RUN`` words
        in a row that both quote, with different words on either side
        ("... a grave threat. We have lodged a firm protest" / "We have
        lodged a firm protest to North Korea. We have requested ...")."""
        if shared < 2 or min(a.n_words, b.n_words) < RUN:
            return None
        # Only the same mouth joins such cuts (``with_context``): asked first,
        # it spares most pairs their word runs and their contexts.
        if not (a.speaker and b.speaker and self._same_speaker(a.speaker, b.speaker)):
            return None
        if not _grams(a) & _grams(b):
            return None
        return WordMatch(a, b, 0.5, len(a.stemset), shared, False, False, False, True, run=True)

    def _plain(self, r: QuoteRecord) -> frozenset:
        """The quote's stems less those of words capitalised mid-quote (names, mostly)."""
        if r.plain is None:
            caps = _CAPITAL.findall(r.text)
            if r.text.lstrip()[:1].isupper():
                caps = caps[1:]  # the first word is capitalised anyway
            r.plain = r.stemset - self.book.known_codes(tokens(" ".join(caps)))
        return r.plain

    def with_context(self, w: WordMatch, sibling: bool) -> PairScore:
        support = self._support(w.short, w.long)
        one_mouth = bool(w.short.speaker and w.long.speaker) and self._same_speaker(w.short.speaker, w.long.speaker)
        if w.run:
            # Overlapping cuts of one statement: the same mouth, the same days.
            same = one_mouth and support >= RUN_SUPPORT
            return PairScore(round(w.text, 3), round(support, 3), w.distinct, False, False, same)
        # A cut from the middle counts only from the same mouth.
        verbatim = w.verbatim and one_mouth
        same = _decide(w.text, support, w.distinct, w.short.n_words, w.aligned, w.fragment, verbatim)
        if not same and sibling and not w.tiny and w.shared >= 2:
            same = support >= 1.0
        return PairScore(round(w.text, 3), round(support, 3), w.distinct, w.contained, w.aligned, same)

    def _support(self, a: QuoteRecord, b: QuoteRecord) -> float:
        contexts(a)
        contexts(b)
        s = 0.0
        if a.speaker and b.speaker:
            s += 1.5 if self._same_speaker(a.speaker, b.speaker) else -1.0
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

    def _same_speaker(self, x: tuple, y: tuple) -> bool:
        if x[0] == y[0]:
            return True
        if x[2] and y[2] and not (x[2] & y[2]):
            return False  # no name token starts alike: same_name cannot hold
        k = (x[0], y[0]) if x[0] < y[0] else (y[0], x[0])
        out = self._same.get(k)
        if out is None:
            out = self._same[k] = same_name(x[1], y[1])
        return out

    def match(self, recs: Mapping[int, QuoteRecord], focus: set[int] | None = None,
              pairs=None) -> list[tuple[int, int]]:
        """Accepted pairs (as record indices) among ``recs`` (a list, or index -> record).

        Two passes: pairs that stand on their own, then pairs next to an accepted
        one (the next piece of a statement quoted in pieces). With ``focus`` only
        pairs touching those records are scored; ``pairs`` replaces blocking (the
        benchmark passes every pair, to measure what blocking loses; an
        incremental update passes the pairs ``core.family_index`` found).
        """
        if pairs is None:
            pairs = candidate_pairs([r.enc for r in recs], [r.article for r in recs], [r.day for r in recs], focus)
        worded = []
        for i, j in pairs:
            w = self.by_words(recs[i], recs[j])
            if w is not None:
                worded.append((i, j, w))
        # Read contexts article by article, each article once.
        for k in sorted({k for i, j, _ in worded for k in (i, j)}, key=lambda k: (recs[k].article, recs[k].start)):
            contexts(recs[k])
        accepted: set[tuple[int, int]] = set()
        maybe = []
        for i, j, w in worded:
            s = self.with_context(w, False)
            if s.same:
                accepted.add((i, j))
            elif s.n > 2:
                maybe.append((i, j, w))
        if maybe:
            sib = _siblings(recs)
            linked = accepted | {(j, i) for i, j in accepted}
            for i, j, w in maybe:
                near = any((k, j) in linked for k in sib.get(i, ())) or any((k, i) in linked for k in sib.get(j, ()))
                if near and self.with_context(w, True):
                    accepted.add((i, j))
        return sorted(accepted)


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


def contexts(r: QuoteRecord) -> None:
    """Fill in the record's near and wide context, once."""
    if r.wide is None:
        r.near, r.wide = r.context(r) if r.context is not None else ("", "")


def _decide(text: float, support: float, n: int, words: int, aligned: bool, fragment: bool,
            verbatim: bool = False) -> bool:
    # One or two words join where they share a boundary with the longer
    # quote; in the middle of a sentence ("unilateral sanctions") they are a
    # stock phrase more often than a cut of it, so there they need the same
    # speaker, the same days and the same story around them.
    if n <= 1 or words <= 1:
        return (aligned and support >= 2.5) or (verbatim and support >= 3.0)
    if n <= 2 or words <= 2:
        return (aligned and support >= 1.5) or (verbatim and support >= 2.5)
    if n <= 5:
        # Two short quotes alike in length but for a word are two statements
        # ("the worst thing that happened to Israel / to the establishment").
        return (text >= 0.95 and support >= 0.5) or (fragment and text >= 0.75 and support >= 1.0)
    if n <= 10:
        return (text >= 0.9 and support >= -1.0) or (text >= 0.75 and support >= 0.0)
    return (text >= 0.85 and support >= -2.0) or (text >= 0.7 and support >= -0.5)


def fragment_of(recs: Mapping[int, QuoteRecord], i: int, j: int) -> int | None:
    """Which of an accepted pair is a fragment of the other (None: they are alike in length)."""
    a, b = (i, j) if (len(recs[i].enc), recs[i].n_words) <= (len(recs[j].enc), recs[j].n_words) else (j, i)
    return a if len(recs[a].enc) < FRAGMENT * len(recs[b].enc) else None


def _siblings(recs) -> dict[int, list[int]]:
    """Quotes next to each other in one article (a statement quoted in pieces).

    ``recs`` holds every quote of each article it has quotes of.
    """
    keys = recs.keys() if isinstance(recs, Mapping) else range(len(recs))
    out: dict[int, list[int]] = defaultdict(list)
    order = sorted(keys, key=lambda i: (recs[i].article, recs[i].start))
    for i, j in zip(order, order[1:]):
        if recs[i].article == recs[j].article and recs[j].start - recs[i].end <= SIBLING_GAP:
            out[i].append(j)
            out[j].append(i)
    return out
