"""quotedesk as spaCy components: results live on the Doc, configured by factories."""

import pytest
import spacy

from quotedesk.core.attribute import attribute_doc
from quotedesk.core.components import add_components, given
from quotedesk.core.detect import Quote, find_quotes
from quotedesk.core.extensions import QUOTES
from quotedesk.core.pipeline import redetect
from parses import parsed

SAID = ("“We will win,” Ann Lee said.",
        "“/PUNCT/punct/8 We/PRON/nsubj/3 will/AUX/aux/3 win/VERB/ccomp/8 ,/PUNCT/punct/8 ”/PUNCT/punct/8 "
        "Ann/PROPN/compound/7/B-PERSON Lee/PROPN/nsubj/8/I-PERSON said/VERB/ROOT/8/=say ./PUNCT/punct/8")


def test_each_quote_span_carries_its_candidates_and_the_speaker_read_from_them():
    text, tokens = SAID
    doc = parsed(text, tokens)
    (att,) = attribute_doc(doc, find_quotes(text))
    (span,) = doc.spans[QUOTES]
    assert span.text == "“We will win,”" and span._.quote.text == "We will win,"
    assert (span._.speaker, span._.cue, span._.confidence) == ("Ann Lee", "said", att.confidence)
    span._.candidates = []
    assert (span._.speaker, span._.cue, span._.confidence) == (None, None, 0.0)


def _blank():
    """A pipeline with no model: sentences from punctuation, then quotedesk's components."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_components(nlp)


def test_the_components_take_their_places_once():
    nlp = _blank()
    add_components(nlp)
    assert nlp.pipe_names == ["quotedesk_quotes", "sentencizer", "quotedesk_entities", "quotedesk_speakers"]


def test_quotes_handed_in_on_the_doc_are_not_found_again():
    nlp = _blank()
    text = "“One,” she said. “Two,” she said."
    found = find_quotes(text)
    assert len(found) == 2
    doc = nlp(given(nlp.make_doc(text), found[1:]))
    assert [s._.quote for s in doc.spans[QUOTES]] == found[1:]
    assert [s._.quote for s in nlp(text).spans[QUOTES]] == found


def test_a_quote_no_token_covers_is_kept_with_no_candidates():
    nlp = _blank()
    doc = nlp(given(nlp.make_doc("Nothing quoted here."), [Quote(50, 60, "elsewhere", 0)]))
    assert [(s._.quote.text, len(s), s._.speaker) for s in doc.spans[QUOTES]] == [("elsewhere", 0, None)]


@pytest.mark.model
def test_the_pipeline_finds_quotes_and_their_speakers(nlp):
    doc = nlp("Mayor Ann Lee spoke on Monday. “The bridge will open in May,” she said.")
    (span,) = doc.spans[QUOTES]
    assert span._.speaker == "Ann Lee" and span._.cue == "said"
    assert doc._.attributions[0].chosen.name == "Ann Lee"


@pytest.mark.model
def test_the_speakers_factory_can_keep_the_rules_own_order(nlp):
    """``ranked: false``: the rules' prior, what the ranker is trained from."""
    text = "Mayor Ann Lee spoke on Monday. “The bridge will open in May,” she said."
    ranked = nlp(text).spans[QUOTES][0]
    nlp.replace_pipe("quotedesk_speakers", "quotedesk_speakers", config={"ranked": False})
    try:
        rules_only = nlp(text).spans[QUOTES][0]
    finally:
        nlp.replace_pipe("quotedesk_speakers", "quotedesk_speakers")
    assert rules_only._.speaker == ranked._.speaker == "Ann Lee"
    assert rules_only._.candidates[0].pattern == "speech-verb+pronoun"
    assert rules_only._.confidence != ranked._.confidence


@pytest.mark.model
def test_redetection_parses_the_stored_articles_in_batches(seeded_db, nlp, monkeypatch):
    import quotedesk.core.pipeline as pipeline

    sizes = []
    analyse = pipeline.analyse

    def counting(nlp, articles):
        sizes.append(len(articles))
        return analyse(nlp, articles)

    monkeypatch.setattr(pipeline, "analyse", counting)
    report = redetect(seeded_db, nlp=nlp, batch=4)
    assert report.updated > 4
    assert max(sizes) == 4 and sum(sizes) == report.updated


@pytest.mark.model
def test_a_text_parsed_in_pieces_is_attributed_whole_with_the_quotes_handed_in(nlp, monkeypatch):
    from quotedesk.core import layout

    monkeypatch.setattr(layout, "PARSE_PIECE", 200)
    text = "\n".join(f"“Point {n} stands,” Ann Lee said." for n in range(12))
    quotes = find_quotes(text)
    doc = layout.parse(nlp, text, quotes)
    assert doc.text == text
    assert [s._.quote for s in doc.spans[QUOTES]] == quotes
    assert [s._.speaker for s in doc.spans[QUOTES]] == ["Ann Lee"] * 12
