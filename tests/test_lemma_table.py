"""The lemma table gives every word the lemma spaCy's lemmatizer gives it."""

from __future__ import annotations

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.tokens import Doc

from quotedesk.core.lemma_table import LemmaTable, speed_up

WORDS = ["Cats", "baked", "cats", "and", "went", "home", "Cats", "baked"]
POS = ["NOUN", "VERB", "NOUN", "CCONJ", "VERB", "NOUN", "PROPN", "VERB"]
MORPHS = ["Number=Plur", "VerbForm=Fin|Tense=Past", "Number=Plur", "", "VerbForm=Fin|Tense=Past",
          "Number=Sing", "Number=Sing", "VerbForm=Inf"]


def _lemmatizer(nlp, overwrite=False):
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""]], "verb": [["ed", "e"], ["ed", ""]]})
    lookups.add_table("lemma_index", {"noun": ["cat"], "verb": ["bake"]})
    lookups.add_table("lemma_exc", {"verb": {"went": ["go"]}})
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": overwrite})
    lemmatizer.initialize(lookups=lookups)
    return lemmatizer


def _doc(nlp) -> Doc:
    doc = Doc(nlp.vocab, words=WORDS, pos=POS, morphs=MORPHS)
    doc[3].lemma_ = "plus"  # set before, as an attribute ruler's exception would be
    return doc


@pytest.mark.parametrize("overwrite", [False, True])
def test_every_word_gets_the_stock_lemmatizers_lemma(overwrite):
    nlp = spacy.blank("en")
    stock = _lemmatizer(nlp, overwrite)
    table = LemmaTable(stock)
    for _ in range(2):  # the second time from the table alone
        expected = [t.lemma_ for t in stock(_doc(nlp))]
        assert [t.lemma_ for t in table(_doc(nlp))] == expected
    # The rules, the exceptions, and the word's part of speech and morphology
    # all count: the same word "Cats" is "cat" as a plural noun, itself as a
    # proper noun; "baked" is "bake" in the past, "baked" as a base form.
    assert expected[0] == "cat" and expected[6] == "Cats"
    assert expected[1] == "bake" and expected[7] == "baked" and expected[4] == "go"
    assert expected[3] == ("and" if overwrite else "plus")


def test_speed_up_keeps_the_name_and_the_place_and_an_empty_document_passes():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    _lemmatizer(nlp)
    speed_up(nlp)
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]
    assert isinstance(nlp.get_pipe("lemmatizer"), LemmaTable)
    assert len(nlp.get_pipe("lemmatizer")(Doc(nlp.vocab, words=[]))) == 0


@pytest.mark.model
def test_the_models_lemmatizer_gives_the_same_lemmas(nlp):
    from quotedesk.core.nlp import DEFAULT_MODEL

    stock = spacy.load(DEFAULT_MODEL)
    text = "The mayors were saying they'd rebuilt the bridges, and she agreed: \"We're better for it.\""
    assert isinstance(nlp.get_pipe("lemmatizer"), LemmaTable)
    ours = nlp(text, disable=[n for n in nlp.pipe_names if n.startswith("quotedesk")])
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in stock(text)]
    assert {"mayor", "say", "bridge", "agree", "be"} <= {t.lemma_ for t in ours}
