"""The spaCy pipeline quotedesk runs, the component it adds, and readers of
a parsed document that cost what they read (spaCy rebuilds ``Doc.text`` and
``Doc.ents`` from every token on each access).

News text keeps one paragraph a line, and a headline has no full stop, so the
parser happily runs a headline into the first paragraph's sentence and a
speaker's name into the wrong clause. ``paragraph_sentences`` marks every
line start as a sentence start before the parser runs; the parser respects
preset boundaries.

It does not stop the parser starting a sentence inside a quotation, though
that would let ``core.clauses`` read the parse's sentences instead of its own
regex. Tried with the ranker retrained on such parses (``bench/train_ranker.py``
on a new parse cache; ``quotedesk eval`` after ingesting each set): seeds
unchanged, PolNeAR dev 676 of 747 speakers either way, newsdev 501 -> 500 of
594; with ``core.clauses`` reading the parse's sentences as well, PolNeAR dev
679 but newsdev still 500. Kept out while newsdev loses a speaker. (A retry
needs ``quotedesk_quotes`` left on in ``core.training.parsed_docs`` and in
``core.layout.parse``'s pieces, or those parses never see the quotes.)
"""

from __future__ import annotations

import os

import numpy
from spacy.attrs import IDX, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import QuotedeskError
from .names import ABBREVIATED_TITLES

from .versions import DEFAULT_MODEL, MODEL_ENV  # noqa: F401 (the names nlp users import)


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    if len(doc) < 2:
        return doc
    # Read off arrays rather than token by token (a ``Token`` is built for
    # each one read): a token follows a line break when the text from the
    # previous token's start to its own holds one.
    starts = doc.to_array([IDX]).astype(numpy.int64)
    text = doc_text(doc)
    breaks = numpy.array([i for i, c in enumerate(text) if c == "\n"] if "\n" in text else [], dtype=numpy.int64)
    seen = numpy.searchsorted(breaks, starts) if len(breaks) else numpy.zeros(len(doc), dtype=numpy.int64)
    after_break = numpy.flatnonzero(seen[1:] > seen[:-1]) + 1
    for i in after_break.tolist():
        doc[i].is_sent_start = True
    broken = set(after_break.tolist())
    for i in tokens_where(doc, ORTH, lambda word: word.endswith(".")):
        nxt = i + 1
        if nxt < len(doc) and nxt not in broken and doc[nxt].text[:1].isupper() and _is_title(doc[i], doc):
            doc[nxt].is_sent_start = False
    return doc


def tokens_where(doc: Doc, attr: int, test) -> list[int]:
    """Indices of the tokens whose ``attr`` (a string attribute: ``ORTH``,
    ``LOWER``, ``LEMMA``, ``DEP``, ``TAG``) passes ``test``, in order.

    A rule that looks for a few words in a long article reads the column
    once and tests each distinct string once, instead of building a
    ``Token`` for every word of the article.
    """
    column = doc.to_array([attr])
    strings = doc.vocab.strings
    hits = [h for h in numpy.unique(column).tolist() if test(strings[h])]
    return numpy.flatnonzero(numpy.isin(column, hits)).tolist() if hits else []


def tokens_tagged(doc: Doc, pos: int) -> list[int]:
    """Indices of the tokens of coarse part of speech ``pos`` (``spacy.symbols.PROPN``, say)."""
    return numpy.flatnonzero(doc.to_array([POS]) == pos).tolist()


def _is_title(tok, doc) -> bool:
    if tok.text == "." and tok.i > 0:
        tok = doc[tok.i - 1]
        word = tok.text
    else:
        word = tok.text[:-1] if tok.text.endswith(".") else None
    return bool(word) and word[:1].isupper() and word.lower() in ABBREVIATED_TITLES


_TEXT = "quotedesk.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document.

    spaCy rebuilds ``Doc.text`` from every token on each access, so reading it
    once per quote made attribution quadratic in the article's length (a
    20,000-character article took seconds, a 1 MB one never finished).
    """
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def with_text(doc: Doc, text: str) -> Doc:
    """``doc``, made from ``text``, knowing it is its text (so ``doc_text``
    need not join it again from the tokens)."""
    doc.user_data[_TEXT] = text
    return doc


def span_text(span: Span) -> str:
    """``span.text``, sliced from the document's text rather than joined
    token by token (a sentence can be a whole paragraph long)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def entity_at(doc: Doc, i: int) -> Span | None:
    """The named entity that starts at token ``i``, as in ``doc.ents``.

    Read from the tokens' entity tags: spaCy rebuilds ``doc.ents`` (and every
    ``span.ents``) over the whole document on each access, which per quote
    is quadratic in the article's length.
    """
    tok = doc[i]
    if tok.ent_iob_ != "B" or not tok.ent_type_:
        return None
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, i, end, label=tok.ent_type_)


def ents_in(span: Span) -> list[Span]:
    """The named entities wholly inside ``span``, as ``span.ents`` gives them."""
    out = []
    i = span.start
    while i < span.end:
        ent = entity_at(span.doc, i)
        if ent is None:
            i += 1
            continue
        if ent.end > span.end:
            break
        out.append(ent)
        i = ent.end
    return out


def load_nlp(model: str | None = None):
    """Load a spaCy pipeline by package name, with paragraph boundaries and
    quotedesk's components (``core.components``) added."""
    import spacy

    name = model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL
    try:
        nlp = spacy.load(name)
    except OSError:
        raise QuotedeskError(
            f"spaCy pipeline {name!r} is not installed; install it with pip or pick another with --model"
        ) from None
    # spaCy keeps "Sen." and "Gov." whole but splits "Capt." and "Lt.", and
    # the parser then takes the title for the subject: "said Army Capt | .".
    for word in ABBREVIATED_TITLES:
        title = word.capitalize() + "."
        nlp.tokenizer.add_special_case(title, [{"ORTH": title}])
    if "paragraph_sentences" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("paragraph_sentences", before=before) if before else nlp.add_pipe("paragraph_sentences", first=True)
    from .attribute_rules import speed_up as rule_by_arrays
    from .components import add_components
    from .lemma_table import speed_up as lemmas_by_table

    return add_components(lemmas_by_table(rule_by_arrays(nlp)))
