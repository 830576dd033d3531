"""The ranker's order applied to a quote's candidates.

The rules (``core.rules``) each see one kind of evidence; the learned ranker
(``core.ranking``) weighs them together with the article's other entities.
This turns its answer back into candidates a reviewer can read: each option
keeps the evidence a rule found for it, or, for an entity no rule proposed,
where the article last named it, and its score becomes the ranker's
probability (the confidence the queue shows).
"""

from __future__ import annotations

import bisect

from .candidates import Attribution, Candidate
from .cues import PRONOUNS_FEMALE, PRONOUNS_MALE
from .names import fold
from .nlp import span_text
from .syntax import mention_at

def apply(doc, att: Attribution, options: list, order: list[int], probs: list[float]) -> None:
    """Reorder the candidates by the ranker; each option is shown with the
    evidence the rules found for it, or, for an entity the rules passed
    over, where the article last named it."""
    top_rule = att.candidates[0] if att.candidates else None
    pronoun = top_rule.mention.lower() if top_rule is not None else ""
    if pronoun in PRONOUNS_MALE | PRONOUNS_FEMALE:
        # "he said", "she told reporters": whoever the ranker prefers, the
        # speaker is a person that pronoun can mean, never "Qualcomm".
        gender = "m" if pronoun in PRONOUNS_MALE else "f"
        # The probabilities become the ranker's given that constraint, so the
        # proposal is still the most probable candidate listed.
        people = [i for i in order if may_be(options[i], gender)]
        if people and len(people) < len(order):
            total, kept = sum(probs), sum(probs[i] for i in people)
            probs = [p * total / kept if i in people else 0.0 for i, p in enumerate(probs)] if kept else probs
        order = people + [i for i in order if i not in people]
    ranked = []
    for opt, p in ((options[i], probs[i]) for i in order):
        if opt.candidates:
            c = opt.candidates[0]
            c = Candidate(**{**c.__dict__})
        elif opt.alternate is not None and top_rule is not None:
            # "he said": the ranker took another antecedent for the pronoun.
            e = opt.entity
            c = Candidate(**{**top_rule.__dict__})
            c.name, c.kind, c.aliases = e.name, e.kind, tuple(sorted(e.aliases))
        else:
            e = opt.entity
            q = att.quote
            k = bisect.bisect_left(e.positions, q.start)  # positions are sorted
            after = bisect.bisect_left(e.positions, q.end)
            pos = e.positions[k - 1] if k else e.positions[after] if after < len(e.positions) else e.positions[0]
            span = mention_at(doc, pos)
            c = Candidate(e.name, span.text, span.start_char, span.end_char, 0.0, None, None, None,
                          "salience", span_text(span.sent).strip(), e.kind, tuple(sorted(e.aliases)))
        c.score = round(p, 4)
        ranked.append(c)
    # Entities no rule proposed and the ranker all but ruled out would only
    # crowd the reviewer's list (and the speakers table).
    ranked = [c for n, c in enumerate(ranked) if n == 0 or c.pattern != "salience" or c.score >= 0.05]
    # Candidates the ranker was not given (a channel such as "according to
    # a readout" beside a clause subject) stay listed for the reviewer, last.
    shown = {fold(c.name) for c in ranked}
    for c in att.candidates:
        if c.name and fold(c.name) not in shown:
            shown.add(fold(c.name))
            ranked.append(Candidate(**{**c.__dict__, "score": 0.0}))
    att.candidates = ranked


def may_be(opt, gender: str) -> bool:
    if opt.entity is not None:
        return opt.entity.can_be(gender)
    return bool(opt.candidates) and opt.candidates[0].kind == "person"

