"""What attribution proposes: a quote's candidates, each with its evidence.

A ``Candidate`` records the rule (``pattern``), the cue word and the sentence
it came from, so a reviewer can see *why* a name was proposed; an
``Attribution`` is one quote with its candidates, best first. These are what
the rules (``core.rules``) return, what the ranker reorders
(``core.proposal``) and what ``core.pipeline`` stores, so they live apart
from all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from .detect import Quote
from .mentions import Resolution
from .nlp import span_text
from .ranking import INHERITED as _INHERITED

# Prior scores per rule: they order a quote's candidates before the ranker
# (core/ranking.py) weighs them; the confidence shown to reviewers is the
# ranker's probability, not these numbers.
BASE = {
    "speech-verb": 0.93,
    "speech-noun": 0.9,
    "according-to": 0.92,
    "colon": 0.88,
    "dash": 0.8,
    "speech-nearby": 0.78,
    "stance-verb": 0.72,
    "clause-subject": 0.55,
    "continuation": 0.8,
    "split-quote": 0.9,
    "transcript": 0.9,
    "previous-speaker": 0.55,
}
RESOLUTION_FACTOR = {"name": 1.0, "alias": 0.99, "pronoun": 0.86, "description": 0.8, "nominal": 0.85}


@dataclass
class Candidate:
    name: str | None
    mention: str
    mention_start: int
    mention_end: int
    score: float
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    pattern: str
    evidence: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    origin: str = "article"


def chosen(cands) -> Candidate | None:
    """The proposed speaker: the first candidate, when it names someone."""
    return cands[0] if cands and cands[0].name else None


def confidence(cands) -> float:
    """The chosen candidate's score: the ranker's probability for it, so the
    queue's figure is the first candidate's (issue 16). Without the ranker
    (training it, or a transcript label) it is the rule's prior, an
    ordering rather than a measured rate."""
    best = chosen(cands)
    return 0.0 if best is None else round(min(0.99, best.score), 3)


@dataclass
class Attribution:
    """One quote and its candidates, best first: what is stored for it."""

    quote: Quote
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def chosen(self) -> Candidate | None:
        return chosen(self.candidates)

    @property
    def confidence(self) -> float:
        return confidence(self.candidates)


def carry(prev: Candidate, pattern: str, score: float) -> Candidate:
    """``prev`` proposed again for a quote with no cue of its own, under the
    rule that carried it over, so the reviewer sees where the name came from."""
    return Candidate(
        prev.name, prev.mention, prev.mention_start, prev.mention_end, score,
        prev.cue, prev.cue_start, prev.cue_end, pattern, prev.evidence, prev.kind, prev.aliases,
    )


def merge(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per name, best first: several rules naming the same
    person are one proposal, a little surer, not several."""
    merged: dict[str | None, Candidate] = {}
    for c in sorted(cands, key=lambda c: -c.score):
        key = c.name.lower() if c.name else None
        if key in merged:
            # Agreeing rules raise the best candidate's score a little; the
            # evidence shown is the quote's own cue rather than an inherited one.
            best = merged[key]
            score = min(0.99, best.score + 0.03)
            if best.pattern in _INHERITED and c.pattern not in _INHERITED:
                merged[key] = best = c
            best.score = score
            continue
        merged[key] = c
    named = [c for c in merged.values() if c.name]
    return sorted(named, key=lambda c: -c.score)


def candidate_for(res: Resolution, mention, cue, pattern: str, base: float) -> Candidate:
    """The candidate for a resolved mention: a pronoun or a description is
    less sure than a name, and its pattern says how it was resolved
    ("speech-verb+pronoun"), which the ranker reads."""
    if isinstance(cue, Token):
        cue_text, cue_start, cue_end = cue.text, cue.idx, cue.idx + len(cue)
        sent = cue.sent
    elif cue is not None:
        cue_text, cue_start, cue_end = cue.text, cue.start_char, cue.end_char
        sent = cue.sent
    else:
        cue_text = cue_start = cue_end = None
        sent = mention.sent if hasattr(mention, "sent") else None
    factor = RESOLUTION_FACTOR.get(res.how, 0.8)
    return Candidate(
        name=res.name,
        mention=res.mention_text,
        mention_start=res.start,
        mention_end=res.end,
        score=round(max(0.05, base * factor), 4),
        cue=cue_text,
        cue_start=cue_start,
        cue_end=cue_end,
        pattern=pattern if res.how in ("name", "alias") else f"{pattern}+{res.how}",
        evidence=span_text(sent).strip() if sent is not None else "",
        kind=res.kind,
        aliases=res.aliases,
    )

