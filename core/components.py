"""quotedesk's stages as spaCy components, configured through factories.

``load_nlp`` builds one pipeline: ``quotedesk_quotes`` first (quotation
marks need only the tokens), then the model's own components with
``paragraph_sentences`` before its parser, then ``quotedesk_entities`` and
``quotedesk_speakers``. ``nlp(text)`` or ``nlp.pipe(texts)`` then gives
documents whose ``doc.spans["quotes"]`` carry their speakers
(``core.extensions``).

Attribution reads a bounded view of the text (``core.layout``), and quotes
are found in the text as given, which the view may break differently; so a
caller that found them already hands them in on the ``Doc`` (``given``)
rather than have them found again in the view.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .attribute import attribute_quotes, index_entities, set_quotes
from .detect import Quote, find_quotes
from .nlp import doc_text
from .ranker import load_model

_GIVEN = "quotedesk.quotes"
#: Ours, in pipeline order: a piece of a long text is parsed without them (``core.layout``).
COMPONENTS = ("quotedesk_quotes", "quotedesk_entities", "quotedesk_speakers")


def given(doc: Doc, quotes: list[Quote] | None) -> Doc:
    """``doc`` carrying the quotes already found in its text, for ``quotedesk_quotes``."""
    if quotes is not None:
        doc.user_data[_GIVEN] = quotes
    return doc


@Language.factory("quotedesk_quotes", default_config={})
def make_quote_finder(nlp: Language, name: str):
    return find_quotes_in


def find_quotes_in(doc: Doc) -> Doc:
    """``doc.spans["quotes"]``: the quotations handed in, else those found in its text."""
    quotes = doc.user_data.pop(_GIVEN, None)
    set_quotes(doc, find_quotes(doc_text(doc)) if quotes is None else quotes)
    return doc


@Language.factory("quotedesk_entities", default_config={})
def make_entity_index(nlp: Language, name: str):
    return index_entities


@Language.factory("quotedesk_speakers", default_config={"ranked": True, "weights": None})
class SpeakerRanker:
    """Candidates and a proposed speaker for every quotation.

    ``ranked`` false keeps the rules' own order (what the ranker is trained
    from); ``weights`` is a ranker file other than the bundled one."""

    def __init__(self, nlp: Language, name: str, ranked: bool, weights: str | None):
        self.model = load_model(weights) if ranked else None

    def __call__(self, doc: Doc) -> Doc:
        attribute_quotes(doc, self.model)
        return doc


def add_components(nlp: Language) -> Language:
    """Add whichever of quotedesk's components ``nlp`` lacks, in their places."""
    if COMPONENTS[0] not in nlp.pipe_names:
        nlp.add_pipe(COMPONENTS[0], first=True)
    for name in COMPONENTS[1:]:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def finish(nlp: Language, doc: Doc) -> Doc:
    """Run quotedesk's components on a document parsed without them."""
    for name in COMPONENTS:
        if name in nlp.pipe_names:
            doc = nlp.get_pipe(name)(doc)
    return doc
