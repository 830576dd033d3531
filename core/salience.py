"""Who an article is talking about at a given point.

A pronoun or a description ("he", "the company") means someone the reader
has in mind, and for news the usual order holds: the nearer sentence wins;
within a sentence a subject beats other mentions; whoever was just quoted
beats someone merely named. ``Salience`` keeps the article's sentences,
paragraphs and the places each entity is mentioned, sorted, so that each
question is answered by bisection rather than by a scan of the article.
"""

from __future__ import annotations

import bisect
import collections
import itertools
import math

from spacy.tokens import Doc

from .detect import is_heading, is_teaser, paragraphs
from .entity import Entity
from .lookup import Positions
from .names import fold
from .nlp import doc_text

#: How far back a pronoun or description looks, in characters: a profile's
#: "she" may reach back far.
MAX_LOOKBACK = 6000


class Salience:
    def __init__(self, doc: Doc, entities: list[Entity]):
        self.entities = entities
        self._sent_starts = [sent.start_char for sent in doc.sents]
        text = doc_text(doc)
        self._paras = paragraphs(text) or [(0, len(text))]
        self._para_starts = [a for a, _ in self._paras]
        # A caption or teaser line: short, and no full stop at its end; or a
        # block of links to other stories.
        self._teaser = [is_teaser(text[a:b]) for a, b in self._paras]
        self._furniture = [t or (is_heading(text[a:b]) and text[a:b].rstrip().rstrip("\"'”’")[-1:] not in ".!?")
                           for t, (a, b) in zip(self._teaser, self._paras)]
        #: How many caption-like lines come before each paragraph.
        self._furniture_before = list(itertools.accumulate(self._furniture, initial=0))
        self._mentions = Positions((p, i) for i, e in enumerate(entities) for p in e.positions)
        self._subjects = Positions((p, i) for i, e in enumerate(entities)
                                   for p in e.speaker_positions + e.subject_positions)
        #: How often each (folded) name was chosen as a speaker so far.
        self.times_quoted: collections.Counter = collections.Counter()
        self._spoke: dict[str, list[int]] = {}  # name -> where it was chosen, in the order chosen

    def note_speaker(self, name: str, pos: int) -> None:
        """Attribution chose ``name`` as the speaker of the quote at ``pos``."""
        self.times_quoted[fold(name)] += 1
        self._spoke.setdefault(name, []).append(pos)

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self._sent_starts, pos) - 1

    def sentence_chars(self, first: int, last: int) -> tuple[float, float]:
        """The positions ``p`` with ``first <= sentence_of(p) <= last``, as a
        range ``lo <= p < hi``: asked with bisection, not of every position."""
        starts = self._sent_starts
        lo = -math.inf if first < 0 else starts[first] if first < len(starts) else math.inf
        hi = math.inf if last + 1 >= len(starts) else starts[last + 1] if last + 1 >= 0 else -math.inf
        return lo, hi

    def mentioned_between(self, lo: int, hi: int) -> list[Entity]:
        """Entities mentioned at some ``lo <= p < hi``, in article order."""
        return [self.entities[i] for i in self._mentions.entities_between(lo, hi)]

    def subjects_between(self, lo: int, hi: int, nearest: int | None = None) -> list[Entity]:
        """Entities that are a subject (or speaker) at some ``lo <= p < hi``,
        in article order; with ``nearest``, the first that many from ``lo``."""
        return [self.entities[i] for i in self._subjects.entities_between(lo, hi, nearest)]

    def _in_furniture(self, p: int, pos: int, lines=None) -> bool:
        """Whether ``p`` lies in a caption-like line (or one of ``lines``)
        other than the one holding ``pos``."""
        k = self.paragraph_of(p)
        a, b = self._paras[k]
        return (lines or self._furniture)[k] and not a <= pos < b

    def paragraph_of(self, pos: int) -> int:
        return bisect.bisect_right(self._para_starts, pos) - 1

    def _introduced_just_before(self, e: Entity, pos: int) -> bool:
        """Whether the article names ``e`` for the first time, by a name of
        two words or more, in the paragraph before ``pos``'s or earlier in its
        own: news introduces a person by full name and goes on with "he said"
        ("Rabbi Ann Levi of the temple said …" / "“…,” she said."), whoever
        was quoted before."""
        first = e.positions[0] if e.positions else pos
        if first >= pos or len(e.name.split()) < 2:  # introduced by full name, not "Invalid"
            return False
        # A caption or a "Video" line between the two does not count.
        a, b = self.paragraph_of(first), self.paragraph_of(pos)
        captions = self._furniture_before[b] - self._furniture_before[min(a + 1, b)]
        return b - a - captions <= 1

    def salient_before(self, pos: int, kinds: tuple[str, ...], gender: str | None = None, established: bool = False):
        """Entities mentioned before ``pos``, most salient first.

        With ``gender`` (for "he", "she"), only those it may mean. With
        ``established`` (for a definite description: "the company", "the
        singer"), how often the article has named an entity counts too: a
        description points at a referent the story is about, not at a name
        dropped in passing.
        """
        here = self.sentence_of(pos)
        scored = []
        lo = pos - MAX_LOOKBACK + 1  # pos - p < MAX_LOOKBACK
        # Only entities mentioned within the lookback can score.
        for e in self.mentioned_between(lo, pos):
            if e.kind not in kinds:
                continue
            if gender and not e.can_be(gender):
                continue
            before = [p for p in e.positions if p < pos and pos - p < MAX_LOOKBACK]
            subj = [p for p in e.subject_positions if p < pos and pos - p < MAX_LOOKBACK]
            if gender:
                # "he" in the body goes on from the body, not from a caption
                # or teaser line between two paragraphs.
                before = [p for p in before if not self._in_furniture(p, pos)]
                subj = [p for p in subj if not self._in_furniture(p, pos)]
            else:
                # Nor does anyone else from the links to other stories.
                before = [p for p in before if not self._in_furniture(p, pos, self._teaser)]
                subj = [p for p in subj if not self._in_furniture(p, pos, self._teaser)]
            if not before:
                continue
            last = before[-1]
            spoke = [p for p in self._spoke.get(e.name, ()) if p < pos and pos - p < MAX_LOOKBACK]
            distance = here - self.sentence_of(last)
            score = -100.0 * min(distance, 30) + last / 1e6
            if subj and here - self.sentence_of(subj[-1]) <= distance:
                score += 60
            if spoke and here - self.sentence_of(spoke[-1]) <= distance + 1:
                score += 45
            said = [p for p in e.speaker_positions if p < pos and pos - p < MAX_LOOKBACK]
            if said and here - self.sentence_of(said[-1]) <= distance:
                score += 50
            if established:
                score += 60 * math.log2(1 + len(before))
            if gender and self._introduced_just_before(e, pos):
                score += 30  # less than a subject's claim: "A met B. He said" is A
            if gender and e.gender == gender:
                score += 40
            elif gender and e.gender is None:
                hint = e.likely_gender
                score += 20 if hint == gender else -15 if hint is None else -50
            scored.append((score, e))
        scored.sort(key=lambda t: -t[0])
        return [e for _, e in scored]
