"""Proposing a speaker for every quotation of one parsed article.

The order of work for each quote, in text order: a transcript label answers
at once; otherwise every rule (``core.rules``) proposes candidates from the
parse around the quote, a quote with no strong cue of its own inherits the
speaker before it (``core.inherit``), agreeing candidates merge, and the
learned ranker reorders them (``core.proposal``). Pronouns and descriptions
("he", "the Belarusian leader") are resolved to a named entity of the article
by ``core.mentions``: a bare pronoun is never a final answer. Each quote's
speaker is noted in the entity index before the next quote is read, since
"he said" most often means whoever spoke last.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .candidates import Attribution, merge
from .clauses import SentenceEnds, clause_windows, mask_quotes
from .detect import Quote
from .inherit import has_strong, inherited
from .layout import bounded, parse
from .mentions import EntityIndex
from .nlp import doc_text
from .proposal import apply
from .ranking import build_options, featurize, load_model
from .rules import RuleContext, candidates, transcript_label


class Attributor:
    """Attribution over one spaCy pipeline; reuse it across articles."""

    def __init__(self, nlp):
        self.nlp = nlp

    def attribute(self, text: str, quotes: list[Quote]) -> list[Attribution]:
        doc = parse(self.nlp, bounded(text, quotes))
        return attribute_doc(doc, quotes)


def quote_spans(doc: Doc, quotes: list[Quote]) -> list[Span | None]:
    """Each quote's tokens, its marks included, so the parse's punct tokens
    count as inside the quote."""
    spans = []
    for q in quotes:
        s = doc.char_span(max(0, q.start - 1), min(len(doc_text(doc)), q.end + 1), alignment_mode="expand")
        if s is None:
            s = doc.char_span(q.start, q.end, alignment_mode="expand")
        spans.append(s)
    return spans


_DEFAULT = object()


def attribute_doc(doc: Doc, quotes: list[Quote], model=_DEFAULT, trace: list | None = None) -> list[Attribution]:
    """Attribute every quote of one parsed article.

    ``model`` is the learned ranker (``core.ranking``); ``None`` keeps the
    rules' own order, which is what the ranker is trained from. ``trace``
    collects each quote's options and features for training.
    """
    if model is _DEFAULT:
        model = load_model()
    spans = quote_spans(doc, quotes)
    inside = set()
    for s in spans:
        if s is not None:
            inside.update(range(s.start, s.end))
    index = EntityIndex(doc, inside)
    text = doc_text(doc)
    masked = mask_quotes(text, quotes)
    ends = SentenceEnds(masked)
    results: list[Attribution] = []
    for q, span in zip(quotes, spans):
        att = Attribution(q)
        label = transcript_label(q)
        if label is not None:
            att.candidates = [label]
        elif span is not None:
            win = clause_windows(text, masked, q, ends)
            att.candidates = candidates(RuleContext(doc, q, span, inside, index, win))
            if not has_strong(att):
                att.candidates.extend(inherited(results, q, text, masked))
        raw = att.candidates
        att.candidates = merge(raw)
        if label is None and span is not None and (model is not None or trace is not None):
            options = build_options(doc, q, raw, index)
            rows = featurize(doc, q, options, index, results) if options else []
            if trace is not None:
                trace.append((att, options, rows))
            if model is not None and options:
                apply(doc, att, options, *model.rank(options, rows))
        results.append(att)
        if att.chosen:
            index.note_speaker(att.chosen.name, q.start)
    return results


__all__ = ["Attribution", "Attributor", "attribute_doc"]
