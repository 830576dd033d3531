"""Proposing a speaker for every quotation of one parsed article.

The order of work for each quote, in text order: a transcript label answers
at once; otherwise every rule (``core.rules``) proposes candidates from the
parse around the quote, a quote with no strong cue of its own inherits the
speaker before it (``core.inherit``), agreeing candidates merge, and the
learned ranker reorders them (``core.proposal``). A quote nested in another
is offered the outer quote's speaker (``inside_quote``). Pronouns and descriptions
("he", "the Belarusian leader") are resolved to a named entity of the article
by ``core.mentions``: a bare pronoun is never a final answer. Each quote's
speaker is noted in the entity index before the next quote is read, since
"he said" most often means whoever spoke last.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .candidates import Attribution, carry, merge
from .clauses import SentenceEnds, clause_windows, mask_quotes
from .detect import Quote
from .extensions import QUOTES
from .inherit import has_strong, inherited
from .mentions import EntityIndex
from .nlp import doc_text
from .proposal import apply
from .ranker import load_model
from .ranking import build_options, featurize
from .rules import RuleContext, candidates, transcript_label


def set_quotes(doc: Doc, quotes: list[Quote]) -> None:
    """``doc.spans["quotes"]``: each quote's tokens, its marks included (so
    the parse's punct tokens count as inside), holding the ``Quote``. A quote
    no token covers gets an empty span: it is stored, with no candidates."""
    spans = []
    for q in quotes:
        s = doc.char_span(max(0, q.start - 1), min(len(doc_text(doc)), q.end + 1), alignment_mode="expand")
        if s is None:
            s = doc.char_span(q.start, q.end, alignment_mode="expand")
        if s is None:
            s = Span(doc, 0, 0)
        s._.quote = q
        spans.append(s)
    doc.spans[QUOTES] = spans


def index_entities(doc: Doc) -> Doc:
    """``doc._.entities``: the article's people and organisations, quoted
    words left out (a name inside a quote is not who is speaking)."""
    inside = set()
    for s in doc.spans[QUOTES]:
        inside.update(range(s.start, s.end))
    doc._.entities = EntityIndex(doc, inside)
    return doc


_DEFAULT = object()


def attribute_doc(doc: Doc, quotes: list[Quote], model=_DEFAULT, trace: list | None = None) -> list[Attribution]:
    """Attribute every quote of one parsed article (the pipeline's last
    components, run by hand: what training and the rule tests call).

    ``model`` is the learned ranker (``core.ranking``); ``None`` keeps the
    rules' own order, which is what the ranker is trained from. ``trace``
    collects each quote's options and features for training.
    """
    set_quotes(doc, quotes)
    index_entities(doc)
    return attribute_quotes(doc, load_model() if model is _DEFAULT else model, trace)


def attribute_quotes(doc: Doc, model, trace: list | None = None) -> list[Attribution]:
    """Candidates for every span of ``doc.spans["quotes"]``, in text order,
    set on the span (``span._.candidates``) and returned."""
    index = doc._.entities
    spans = list(doc.spans[QUOTES])
    quotes = [s._.quote for s in spans]
    inside = index.inside
    text = doc_text(doc)
    masked = mask_quotes(text, quotes)
    ends = SentenceEnds(masked)
    results: list[Attribution] = []
    outer: dict[tuple[int, int], Attribution] = {}
    done: dict[int, Attribution] = {}
    for k, (q, span) in enumerate(zip(quotes, spans)):
        if q.within is not None:
            continue  # read once the quote around it has its speaker
        att = Attribution(q)
        label = transcript_label(q)
        tokens = len(span) > 0
        if label is not None:
            att.candidates = [label]
        elif tokens:
            win = clause_windows(text, masked, q, ends)
            att.candidates = candidates(RuleContext(doc, q, span, inside, index, win))
            if not has_strong(att):
                att.candidates.extend(inherited(results, q, text, masked))
        raw = att.candidates
        att.candidates = merge(raw)
        if label is None and tokens and (model is not None or trace is not None):
            options = build_options(doc, q, raw, index)
            rows = featurize(doc, q, options, index, results) if options else []
            if trace is not None:
                trace.append((att, options, rows))
            if model is not None and options:
                apply(doc, att, options, *model.rank(options, rows))
        results.append(att)
        done[k] = outer[(q.start, q.end)] = att
        span._.candidates = att.candidates
        if att.chosen:
            index.note_speaker(att.chosen.name, q.start)
    for k, (q, span) in enumerate(zip(quotes, spans)):
        if q.within is not None:
            att = done[k] = Attribution(q, inside_quote(outer.get(q.within)))
            span._.candidates = att.candidates
    return [done[k] for k in range(len(quotes))]


#: How sure a quote inside a quote is of the outer speaker: often the
#: speaker's own words again, as often someone the speaker recounts.
INSIDE = 0.6


def inside_quote(around: Attribution | None) -> list:
    """The speaker of the quote around it, as a low-confidence proposal.

    No cue outside the marks can speak to words inside another quote, so no
    rule reads them; the reviewer sees them offered under ``inside-quote``.
    """
    best = around.chosen if around is not None else None
    if best is None or not best.name:
        return []
    return [carry(best, "inside-quote", min(INSIDE, best.score))]


__all__ = ["Attribution", "attribute_doc", "attribute_quotes", "index_entities", "set_quotes"]
