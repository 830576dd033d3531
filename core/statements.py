"""Which statements each quote reports, and so which families it is in.

Outlets cut one speech differently. One quotes two sentences in one span;
others quote each sentence on its own. The two-sentence quote reports both
statements and belongs to both families. Joined as a single quote it would
chain the two statements into one family, and every member of one would pair
with every member of the other.

A quote is taken apart only on that evidence: whole quotes (kind ``full``)
from other articles that match different sentences of it. Such a quote is a
*container*; its *segments* are the runs of sentences that others quote on
their own, and each segment joins the family of what matches it. Fragments
("phony theology") never split a quote: reporters cut those from anywhere,
and a fragment goes with the segment it comes from.

Everything here is pure, records and accepted pairs in, families out, so the
rebuild, the incremental update and the tests share it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from .encoding import Codebook, tokens
from .matching import FRAGMENT, QuoteRecord, fragment_of

#: A sentence ends at . ! or ? after a word that is not an initial ("U.N."),
#: before a capital or a digit, with any closing marks in between.
_SENTENCE_END = re.compile(r"(?<=[^\sA-Z.][.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
#: Abbreviations that end in a full stop mid-sentence.
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "jr", "sr",
    "prof", "rev", "vs", "no", "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "oct", "nov", "dec",
})
#: A whole quote covers a sentence when it has this share of the words only that sentence has.
COVER = 0.5


def sentences(text: str) -> list[str]:
    """The quote's sentences, an abbreviation's full stop not ending one."""
    out: list[str] = []
    for part in _SENTENCE_END.split(text):
        if out and _ends_in_abbreviation(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        elif part.strip():
            out.append(part)
    return out


def _ends_in_abbreviation(piece: str) -> bool:
    words = piece.rstrip(".").split()
    return bool(words) and words[-1].lower().strip("(\"'“‘") in _ABBREVIATIONS


def _covered(stems: frozenset, units: list[frozenset]) -> list[int]:
    """Which of ``units`` (sentences or segments, in order) the words ``stems`` cover.

    Each unit is judged on the words only it has, since neighbouring
    sentences of one speech share their names ("North Korea"). Words that
    cover two units or more cover all of those; otherwise the unit sharing
    most of them, none when nothing is shared.
    """
    own = []
    for k, unit in enumerate(units):
        others = frozenset().union(*(u for m, u in enumerate(units) if m != k))
        own.append(unit - others or unit)
    full = [k for k, mine in enumerate(own) if mine and len(stems & mine) >= COVER * len(mine)]
    if len(full) >= 2:
        return full
    scores = [(len(stems & mine), len(stems & unit)) for mine, unit in zip(own, units)]
    best = max(scores, default=(0, 0))
    return [scores.index(best)] if best > (0, 0) else []


class _Pieces:
    """Sentence stems of the quotes that need them, worked out once each."""

    def __init__(self, recs, book: Codebook):
        self.recs, self.book = recs, book
        self._done: dict[int, list[frozenset]] = {}

    def __call__(self, i: int) -> list[frozenset]:
        out = self._done.get(i)
        if out is None:
            rec = self.recs[i]
            parts = sentences(rec.text)
            if len(parts) < 2:
                out = [rec.stemset]
            else:
                # Only codes the quote already has: the book never grows here.
                out = [frozenset(self.book.known_codes(tokens(p))) & rec.stemset for p in parts]
                out = [p for p in out if p] or [rec.stemset]
            self._done[i] = out
        return out


def _quoted_apart(recs, edges, pieces: _Pieces) -> dict[int, list[tuple[int, int]]]:
    """Quote index -> the runs of its sentences (first, last) that whole quotes elsewhere match alone."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j in edges:
        for whole, long in ((i, j), (j, i)):
            if not recs[whole].full or recs[whole].article == recs[long].article:
                continue
            parts = pieces(long)
            if len(parts) < 2:
                continue
            ks = _covered(recs[whole].stemset, parts)
            if ks and (min(ks) > 0 or max(ks) < len(parts) - 1):
                spans[long].append((min(ks), max(ks)))
    return spans


def partly_quoted(recs, edges, book: Codebook) -> set[int]:
    """Quotes of several sentences some of which a whole quote elsewhere matches alone.

    Such a quote may report several statements once all its pairs are
    known; an update that found only some of them scores the rest.
    """
    return set(_quoted_apart(recs, edges, _Pieces(recs, book)))


def containers_of(recs, edges, book: Codebook) -> dict[int, list[frozenset]]:
    """Quote index -> the stems of its segments, for every quote that reports several statements."""
    pieces = _Pieces(recs, book)
    out = {}
    for long, found in _quoted_apart(recs, edges, pieces).items():
        runs: list[list[int]] = []
        for lo, hi in sorted(found):
            if runs and lo <= runs[-1][1]:
                runs[-1][1] = max(runs[-1][1], hi)
            else:
                runs.append([lo, hi])
        if len(runs) < 2:
            continue
        # Sentences no one quoted on their own go with the segment before them.
        parts = pieces(long)
        starts = [0] + [r[0] for r in runs[1:]]
        ends = starts[1:] + [len(parts)]
        out[long] = [frozenset().union(*parts[a:b]) for a, b in zip(starts, ends)]
    return out


class _Union:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        p = self.parent
        p.setdefault(x, x)
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, x, y) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def group(recs: Mapping[int, QuoteRecord], edges, book: Codebook, anchors: Mapping[int, int] | None = None,
          segs: dict[int, list[frozenset]] | None = None) -> tuple[list[list[int]], dict[int, list[frozenset]]]:
    """Families (record indices, a container in each of its statements') and the containers.

    Pairs of quotes alike in length join at once. A fragment found in longer
    quotes that are not otherwise one statement would chain different
    statements together: it joins only when its longer partners are all in
    one family, checked from the longest fragments down (so a fragment of a
    fragment sees the family its partner has joined). ``anchors`` maps
    quotes to the stored family that keeps them joined; a stored family
    counts as one of a fragment's partners. Containers are never anchored:
    what they join is read again from their pairs each time. ``segs``: the
    containers, when the caller has worked them out already.
    """
    keys = recs.keys() if isinstance(recs, Mapping) else range(len(recs))
    if segs is None:
        segs = containers_of(recs, edges, book)
    uf = _Union()
    first: dict[int, tuple] = {}
    pinned = set()
    for i, cid in (anchors or {}).items():
        if i not in segs:
            uf.union(first.setdefault(cid, (i, 0)), (i, 0))
            pinned.add((i, 0))
    partners: dict[tuple, set] = defaultdict(set)
    spread: dict[int, set] = defaultdict(set)  # a quote covering several segments of a container

    def link(short: tuple, long: tuple, fragment: bool) -> None:
        if fragment:
            partners[short].add(long)
        else:
            uf.union(short, long)

    for i, j in edges:
        if i in segs and j in segs:
            a, b = (i, j) if len(segs[i]) <= len(segs[j]) else (j, i)
            for k, seg in enumerate(segs[a]):
                ks = _covered(seg, segs[b])
                if ks:
                    uf.union((a, k), (b, ks[0]))
        elif i in segs or j in segs:
            long, other = (i, j) if i in segs else (j, i)
            ks = _covered(recs[other].stemset, segs[long])
            if len(ks) >= 2:
                spread[other].update((long, k) for k in ks)
            elif ks:
                seg = segs[long][ks[0]]
                link((other, 0), (long, ks[0]), len(recs[other].stemset) < FRAGMENT * len(seg))
        else:
            f = fragment_of(recs, i, j)
            if f is None:
                uf.union((i, 0), (j, 0))
            else:
                link((f, 0), ((j if f == i else i), 0), True)
    for x in sorted(partners, key=lambda n: (-len(recs[n[0]].enc), -recs[n[0]].n_words, n)):
        families = {uf.find(o) for o in partners[x]}
        if x in pinned:
            families.add(uf.find(x))
        if len(families) == 1:
            uf.union(x, next(iter(partners[x])))
    by_root: dict[tuple, set] = defaultdict(set)
    for i in keys:
        for k in range(len(segs.get(i, (0,)))):
            by_root[uf.find((i, k))].add(i)
    for i, nodes in spread.items():
        for n in nodes:
            by_root[uf.find(n)].add(i)
    out, seen = [], set()
    for members in by_root.values():
        key = frozenset(members)
        if key in seen or len({recs[i].article for i in members}) < 2:
            continue
        seen.add(key)
        out.append(sorted(members))
    out.sort(key=lambda g: g[0])
    return out, segs
