"""Parsed documents written out by hand, so rule tests need no spaCy model.

A rule reads the parse (heads, dependency labels, parts of speech, entities),
not the model that produced it; writing the parse in the test says exactly
what the rule is given, and the test does not break when a new model parses
the sentence differently. Only ``spacy.blank("en")``'s vocabulary is loaded.

``parsed`` takes one item per token, ``word/POS/dep/head``: ``head`` is the
index of the token's head (a root names itself, and its label is ``ROOT``).
An optional fifth field is the lemma (the lower-cased word otherwise), an
optional sixth the fine-grained tag (``NNS`` for a plural). Entities are
``(first token, end token, label)``; a new sentence starts at each root's
subtree, as in a parsed document. The word ``⏎`` is a line break (a new
paragraph), ``⏎/SPACE/dep/H``.
"""

from __future__ import annotations

import functools

import spacy
from spacy.tokens import Doc, Span

#: The fine-grained tag a part of speech gets unless the token names another.
_TAGS = {"PROPN": "NNP", "NOUN": "NN", "PRON": "PRP", "VERB": "VBD", "AUX": "VBZ", "DET": "DT", "ADJ": "JJ",
         "ADP": "IN", "PUNCT": ".", "CCONJ": "CC", "PART": "POS", "NUM": "CD", "ADV": "RB", "SCONJ": "IN"}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "'s", "’s"}


@functools.cache
def _vocab():
    return spacy.blank("en").vocab


def parsed(tokens: str, ents=()) -> Doc:
    rows = [item.split("/") for item in tokens.split()]
    words = ["\n" if r[0] == "⏎" else r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE | {"\n"} and words[i] != "\n"
              for i in range(len(words))]
    doc = Doc(
        _vocab(), words=words, spaces=spaces,
        pos=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        heads=[int(r[3]) for r in rows],
        lemmas=[r[4] if len(r) > 4 and r[4] else r[0].lower() for r in rows],
        tags=[r[5] if len(r) > 5 else _TAGS.get(r[1], r[1]) for r in rows],
    )
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    return doc


def token(doc: Doc, word: str, nth: int = 0):
    """The ``nth`` token (from 0) that reads ``word``."""
    return [t for t in doc if t.text == word][nth]
