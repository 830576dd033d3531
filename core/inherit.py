"""A quote with no cue of its own continues the speaker before it.

The second half of a split quote, a quote running over paragraphs, several
quotes in a row with the cue on the first: news leaves the speaker unsaid
once it is clear. These rules carry the previous quote's speaker over, each
under its own pattern, so the ranker (which weighs the article's other
entities too) and the reviewer see it was inherited, not read from a cue.
"""

from __future__ import annotations

from .candidates import BASE, Attribution, Candidate, carry
from .clauses import asks, opens_paragraph
from .detect import Quote

#: Rules whose candidate is evidence enough that no speaker is inherited.
STRONG = ("speech-verb", "according-to", "colon", "dash")


def has_strong(att: Attribution) -> bool:
    return any(c.name and c.pattern in STRONG for c in att.candidates)


def inherited(results: list[Attribution], q: Quote, text: str, masked: str) -> list[Candidate]:
    """The previous quote's speaker, scored by how plainly ``q`` continues it."""
    if not results:
        return []
    prev = results[-1]
    best = prev.chosen
    if best is None:
        return []
    if q.continues:
        return [carry(best, "continuation", BASE["continuation"] + 0.08)]
    if prev.quote.paragraph == q.paragraph:
        between = masked[prev.quote.end + 1 : q.start - 1]
        if len(between.split()) <= 12:
            return [carry(best, "split-quote", BASE["split-quote"])]
        return [carry(best, "same-paragraph", BASE["previous-speaker"])]
    if opens_paragraph(text, q) and q.paragraph - prev.quote.paragraph == 1:
        # The previous paragraph ended in a quote and this one opens with one.
        prev_line_end = text.find("\n", prev.quote.end)
        rest = masked[prev.quote.end + 1 : prev_line_end if prev_line_end >= 0 else len(text)]
        score = BASE["continuation"] if len(rest.split()) <= 8 else BASE["previous-speaker"]
        if asks(prev.quote):
            score = BASE["previous-speaker"] - 0.1
        return [carry(best, "continuation", score)]
    if q.paragraph - prev.quote.paragraph <= 2:
        return [carry(best, "previous-speaker", BASE["previous-speaker"] - 0.1)]
    return []
