"""Every attribute quotedesk adds to spaCy's ``Doc`` and ``Span``, registered once.

Results live on the document, as spaCy's own components keep theirs: the
quotations are the ``SpanGroup`` ``doc.spans["quotes"]``, each span holding
its ``Quote`` and its candidates; ``speaker``, ``cue`` and ``confidence`` are
read from the candidates, so they can never disagree with them. Importing
this module registers the extensions; registering them anywhere else would
let two definitions drift apart.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .candidates import Attribution, chosen, confidence

#: The key of the quotation spans in ``doc.spans``.
QUOTES = "quotes"


def _speaker(span: Span) -> str | None:
    best = chosen(span._.candidates)
    return best.name if best else None


def _cue(span: Span) -> str | None:
    cands = span._.candidates
    return cands[0].cue if cands else None


def _confidence(span: Span) -> float:
    return confidence(span._.candidates)


def _attributions(doc: Doc) -> list:
    return [Attribution(s._.quote, list(s._.candidates)) for s in doc.spans.get(QUOTES, ())]


_SPAN = {
    # The detected quotation (``core.detect.Quote``): offsets without the marks, kind, paragraph.
    "quote": {"default": None},
    # ``core.candidates.Candidate`` list, best first; empty until speakers are ranked.
    "candidates": {"default": ()},
    "speaker": {"getter": _speaker},
    "cue": {"getter": _cue},
    "confidence": {"getter": _confidence},
}
_DOC = {
    # ``core.mentions.EntityIndex``: the article's people and organisations.
    "entities": {"default": None},
    # ``core.candidates.Attribution`` per quotation, in text order, as ``core.pipeline`` stores them.
    "attributions": {"getter": _attributions},
}

for _name, _kw in _SPAN.items():
    if not Span.has_extension(_name):
        Span.set_extension(_name, **_kw)
for _name, _kw in _DOC.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, **_kw)
