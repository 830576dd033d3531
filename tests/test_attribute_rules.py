"""The array attribute ruler does to a document exactly what spaCy's does."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from quotedesk.core.attribute_rules import ArrayAttributeRuler, speed_up

WORDS = "She ai n't gon na say it , he said .".split()
TAGS = ["PRP", "VBP", "RB", "VBG", "TO", "VB", "PRP", ",", "PRP", "VBD", "."]
DEPS = ["nsubj", "aux", "neg", "ROOT", "aux", "xcomp", "dobj", "punct", "nsubj", "parataxis", "punct"]
HEADS = [3, 3, 3, 3, 5, 3, 5, 3, 9, 3, 3]


def _ruler(nlp):
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "PRP"}]], {"POS": "PRON"})
    ruler.add([[{"TAG": {"IN": ["VBP", "VBD", "VB"]}}]], {"POS": "VERB", "MORPH": "VerbForm=Fin"})
    # A later pattern wins over an earlier one on the same token.
    ruler.add([[{"LOWER": "say"}]], {"POS": "AUX", "LEMMA": "utter"})
    ruler.add([[{"TAG": {"IN": ["VBP", "VBZ"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]], {"LEMMA": "be"})
    ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=-1)
    ruler.add([[{"DEP": {"NOT_IN": ["nsubj"]}, "TAG": "PRP"}]], {"MORPH": "Case=Acc"})
    ruler.add([[{"IS_SPACE": False, "ORTH": ","}]], {"TAG": "PUNCT_COMMA"})
    return ruler


def _doc(nlp) -> Doc:
    return Doc(nlp.vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


def _read(doc: Doc):
    return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for t in doc]


def test_every_token_ends_as_the_stock_ruler_leaves_it():
    nlp = spacy.blank("en")
    ruler = _ruler(nlp)
    fast = ArrayAttributeRuler(ruler)
    assert fast.patterns is not None
    expected, got = _read(ruler(_doc(nlp))), _read(fast(_doc(nlp)))
    assert got == expected
    # What the patterns above say, read back: the later pattern's POS, the
    # index of a two-token match, NOT_IN sparing the subject.
    assert got[5][0] == "AUX" and got[5][2] == "utter"
    assert got[1][2] == "be" and got[4][2] == "to" and got[3][2] != "to"
    assert got[6][1] == "Case=Acc" and got[0][1] != "Case=Acc"
    assert got[7][3] == "PUNCT_COMMA"


def test_what_it_remembers_from_one_document_holds_for_the_next():
    nlp = spacy.blank("en")
    ruler = _ruler(nlp)
    ruler.add([[{"LOWER": {"REGEX": "^noth?in'?$"}}]], {"LEMMA": "nothing"})
    fast = ArrayAttributeRuler(ruler)
    words = "Nothin ai n't nothin , she said .".split()
    tags = ["NN", "VBP", "RB", "NN", ",", "PRP", "VBD", "."]
    for doc_words, doc_tags in ((WORDS, TAGS), (words, tags), (WORDS[::-1], TAGS[::-1])):
        def doc():
            return Doc(nlp.vocab, words=doc_words, tags=doc_tags)
        assert _read(fast(doc())) == _read(ruler(doc()))
    # Words no pattern names are one kind of token to it.
    assert len(fast.known) < len(set(zip(WORDS + words, TAGS + tags)))


def test_a_pattern_it_cannot_read_leaves_the_stock_ruler_in_place():
    nlp = spacy.blank("en")
    ruler = _ruler(nlp)
    ruler.add([[{"LOWER": "it"}, {"OP": "?"}]], {"POS": "PRON"})
    assert ArrayAttributeRuler(ruler).patterns is None
    speed_up(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def test_speed_up_keeps_the_name_and_the_place():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    _ruler(nlp)
    nlp.add_pipe("sentencizer", name="after")
    speed_up(nlp)
    assert nlp.pipe_names == ["sentencizer", "attribute_ruler", "after"]
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert _read(nlp.get_pipe("attribute_ruler")(_doc(nlp)))[0][0] == "PRON"


def test_an_empty_document_passes_through():
    nlp = spacy.blank("en")
    fast = ArrayAttributeRuler(_ruler(nlp))
    assert len(fast(Doc(nlp.vocab, words=[]))) == 0


@pytest.mark.model
def test_the_models_ruler_gives_the_same_tokens():
    from quotedesk.core.nlp import DEFAULT_MODEL

    text = ("“We will not back down,” the mayor said on Tuesday.\n"
            "She ain't gonna sign it, according to two aides, who spoke to reporters.\n"
            "Dr. Ana Lima, 42, told the BBC: “It's done.”")
    plain = spacy.load(DEFAULT_MODEL)
    fast = speed_up(spacy.load(DEFAULT_MODEL))
    assert isinstance(fast.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert _read(fast(text)) == _read(plain(text))
