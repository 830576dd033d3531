"""Only the lines attribution reads are parsed fully; the rest get names alone."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from quotedesk.core.detect import find_quotes
from quotedesk.core.partial_parse import (
    LOWER_RUN, MARGIN, _cut, _flat_parse, _marked, _near_capitals, _outside, _unsure, can_split, parse_docs, plan, quiet_spans)

ARTICLE = "\n".join([
    "Harbour reopens after storm",             # 0: before a cue line
    "The council met on Tuesday in Dunmore.",  # 1: the line before the quote
    "\"We are open again,\" Mayor Ann Ruiz said.",
    "",
    "Boats were moved in the morning.",        # 3: after the quote: names only
    "Fishing resumed at noon near Kells Point.",
    "Tom Ward, a skipper, told reporters the damage was light.",
    "Ferries run on Friday.",
])


def _lines(text, stretches):
    """Each non-blank line's first characters and whether it is parsed fully."""
    out = {}
    for a, b, full in stretches:
        for line in text[a:b].split("\n"):
            if line.strip():
                out[line[:12]] = full
    return out


def test_quote_lines_cue_lines_and_the_line_before_each_are_parsed_fully():
    stretches = plan(ARTICLE, find_quotes(ARTICLE))
    assert _lines(ARTICLE, stretches) == {
        "Harbour reop": False,
        "The council ": True,
        "\"We are open": True,
        "Boats were m": False,
        "Fishing resu": True,
        "Tom Ward, a ": True,
        "Ferries run ": False,
    }
    # The stretches cover the text end to end, in order, without overlap.
    assert stretches[0][0] == 0 and stretches[-1][1] == len(ARTICLE)
    assert all(a[1] == b[0] for a, b in zip(stretches, stretches[1:]))


def test_an_article_with_nothing_to_attribute_is_one_names_only_stretch():
    text = "Rain fell.\nRoads were shut."
    assert plan(text, find_quotes(text)) == [(0, len(text), False)]


def test_a_flat_parse_heads_each_line_by_its_first_word():
    nlp = spacy.blank("en")
    words = ["Boats", "moved", ".", "\n", "Ferries", "run", "."]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True, False, False, False, True, False, False])
    doc = _flat_parse(doc)
    assert [[t.text for t in s] for s in doc.sents] == [words[:4], words[4:]]
    assert [t.head.i for t in doc] == [0, 0, 0, 0, 4, 4, 4]
    assert [t.dep_ for t in doc] == ["ROOT", "dep", "dep", "dep", "ROOT", "dep", "dep"]


def test_pieces_are_cut_at_token_starts_and_keep_the_tokenizers_norms():
    nlp = spacy.blank("en")
    text = "They don’t know.\nWe can’t say.\nIt isn’t over."
    doc = nlp.make_doc(text)
    pieces = _cut(doc, [(0, 17, True), (17, 31, False), (31, len(text), True)])
    assert [full for _, full in pieces] == [True, False, True]
    assert [t.text for piece, _ in pieces for t in piece] == [t.text for t in doc]
    # "n’t" reads as "not" to the model, in a piece as in the whole.
    assert [t.norm_ for piece, _ in pieces for t in piece] == [t.norm_ for t in doc]
    assert "not" in [t.norm_ for t in pieces[1][0]]


def test_a_cut_inside_a_token_joins_the_stretch_to_the_fully_parsed_one_before():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("One two three four")
    pieces = _cut(doc, [(0, 5, False), (5, 18, True)])  # 5 is inside "two"
    assert [(piece.text, full) for piece, full in pieces] == [("One two three four", True)]


def test_a_recogniser_that_listens_to_a_shared_encoder_is_not_split():
    nlp = spacy.blank("en")
    assert not can_split(nlp)
    nlp.add_pipe("ner")
    assert can_split(nlp)
    listening = spacy.blank("en")
    listening.add_pipe("tok2vec")
    listening.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}}})
    assert not can_split(listening)
    ruled = spacy.blank("en")
    ruled.add_pipe("ner")
    ruled.add_pipe("entity_ruler")  # its names would be lost on names-only lines
    assert not can_split(ruled)


@pytest.mark.model
def test_full_stretches_read_as_a_full_parse_and_the_rest_keep_their_names(nlp):
    from quotedesk.core.components import COMPONENTS

    ours = tuple(n for n in COMPONENTS if n in nlp.pipe_names)
    quotes = find_quotes(ARTICLE)
    stretches = plan(ARTICLE, quotes)
    [split] = parse_docs(nlp, [nlp.make_doc(ARTICLE)], [stretches], skip=ours)
    whole = nlp(ARTICLE, disable=list(ours))
    assert split.text == ARTICLE and len(split) == len(whole)
    # The quote's line has the tags, heads and entities of a full parse.
    quote_line = next(s for s in whole.sents if "open again" in s.text)
    for a, b in zip(quote_line, split[quote_line.start : quote_line.end]):
        assert (a.tag_, a.dep_, a.head.i, a.ent_type_) == (b.tag_, b.dep_, b.head.i, b.ent_type_)
    # A names-only line is one sentence headed by its first word, and still
    # has its named place.
    gap = next(s for s in split.sents if s.text.startswith("Ferries"))
    assert all(t.head.i == gap.start for t in gap)
    assert [e.text for e in split.ents if e.start >= gap.start] == [e.text for e in whole.ents if e.start >= gap.start]
    assert "Friday" in [e.text for e in split.ents]


def test_names_are_not_looked_for_inside_long_quotations_unless_they_quote_someone():
    text = ('"I told Peter Jones the harbour would open again next week," Ann Ruiz said. '
            'She called it a "fresh start". "He said \'ask Tom Ward\' and I did, as he had asked," she added.')
    long, short, recounting, recounted = find_quotes(text)
    assert recounted.text == "ask Tom Ward"
    assert quiet_spans([long, short, recounting, recounted]) == [(long.start, long.end)]


def test_the_words_at_each_end_of_a_quiet_span_are_still_read():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Ann said x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 then left.")
    quoted = (doc[2].idx, doc[11].idx + len(doc[11]))  # x1 ... x10
    assert _outside(doc, [quoted]) == [(0, 2 + MARGIN), (12 - MARGIN, len(doc))]
    # A span too short to leave anything out once its ends are read is read whole.
    assert _outside(doc, [(doc[2].idx, doc[5].idx)]) == [(0, len(doc))]


def test_names_are_looked_for_only_near_a_word_with_a_capital_or_a_digit():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Ann Ruiz said the boats were moved to the north side of the old harbour in 2024 .")
    marks = _marked(doc)
    assert [t.text for t, m in zip(doc, marks) if m] == ["Ann", "Ruiz", "2024"]
    # "Ruiz" is token 1 and "2024" token 16: what lies more than MARGIN from both is not read.
    assert _near_capitals(marks, [(0, len(doc))]) == [(0, 1 + MARGIN + 1), (16 - MARGIN, len(doc))]
    # A run shorter than LOWER_RUN is not worth a cut of its own.
    short = nlp.make_doc("Ann said " + "x " * (2 * MARGIN + LOWER_RUN - 2) + "Bo left")  # LOWER_RUN - 1 unread
    assert _near_capitals(_marked(short), [(0, len(short))]) == [(0, len(short))]


def test_a_lowercase_entity_beside_a_cut_is_dropped_and_a_named_one_kept():
    from spacy.tokens import Span

    nlp = spacy.blank("en")
    doc = nlp.make_doc("the pair said so to Ann Ruiz and the pair")
    ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 5, 7, "PERSON"), Span(doc, 8, 10, "PERSON")]
    marks = _marked(doc)
    assert _unsure(ents, marks, cut_before=True, cut_after=True) == [(0, 2), (8, 10)]
    assert _unsure(ents, marks, cut_before=False, cut_after=True) == [(8, 10)]
    assert _unsure(ents, marks, cut_before=False, cut_after=False) == []


@pytest.mark.model
def test_a_long_lowercase_clause_is_skipped_without_losing_a_name_or_making_one(nlp):
    from quotedesk.core.components import COMPONENTS

    ours = tuple(n for n in COMPONENTS if n in nlp.pipe_names)
    text = ("Harbour reopens\nThe boats that were moved to the far side of the old harbour during the worst of the "
            "storm last week have all been brought back, and the pair who run the ferry said they were glad. "
            "Later on the skipper, who was not hurt in the storm at all despite the worst of the wind, spoke "
            "to Mayor Ann Ruiz on Friday.")
    quotes = find_quotes(text)
    [doc] = parse_docs(nlp, [nlp.make_doc(text)], [plan(text, quotes)], skip=ours, quiet=[quiet_spans(quotes)])
    whole = nlp(text, disable=list(ours))
    names = {e.text for e in doc.ents}
    assert len(_near_capitals(_marked(doc), [(0, len(doc))])) > 1  # some of it is not read
    assert {"Ann Ruiz", "Friday"} <= names
    assert {e.text for e in whole.ents if any(_marked(whole)[e.start:e.end])} <= names
    assert all(any(t.text[0].isupper() or t.text[0].isdigit() for t in e) for e in doc.ents)


@pytest.mark.model
def test_a_name_inside_a_long_quotation_is_not_recognised_and_those_around_it_are(nlp):
    from quotedesk.core.components import COMPONENTS

    ours = tuple(n for n in COMPONENTS if n in nlp.pipe_names)
    text = ('Harbour reopens\n"We have waited far too long for this day and I thanked Peter Jones '
            'for all the work he did for the town," Mayor Ann Ruiz said on Friday.')
    quotes = find_quotes(text)
    [doc] = parse_docs(nlp, [nlp.make_doc(text)], [plan(text, quotes)], skip=ours, quiet=[quiet_spans(quotes)])
    whole = nlp(text, disable=list(ours))
    names = {e.text for e in doc.ents}
    assert "Peter Jones" in {e.text for e in whole.ents} and "Peter Jones" not in names
    assert {"Ann Ruiz", "Friday"} <= names
    assert [t.ent_iob_ for t in doc if "Jones" == t.text] == ["O"]


def test_a_mistyped_parse_mode_is_one_line_naming_the_variable_and_nothing_is_made(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from quotedesk.cli import app

    monkeypatch.setenv("QUOTEDESK_PARSE", "fulll")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(app, ["ingest", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["error: $QUOTEDESK_PARSE is 'fulll': it must be 'partial' or 'full'"]
    assert not db.exists()


@pytest.mark.model
def test_full_mode_parses_every_article_whole(nlp, monkeypatch):
    from quotedesk.core.components import COMPONENTS

    ours = tuple(n for n in COMPONENTS if n in nlp.pipe_names)
    monkeypatch.setenv("QUOTEDESK_PARSE", "full")
    [doc] = parse_docs(nlp, [nlp.make_doc(ARTICLE)], [plan(ARTICLE, find_quotes(ARTICLE))], skip=ours)
    ferries = next(s for s in doc.sents if s.text.startswith("Ferries"))
    assert ferries.root.text == "run"  # a real parse, not the flat one


@pytest.mark.model
def test_the_sample_corpus_gets_the_speakers_of_a_full_parse(nlp, monkeypatch):
    from quotedesk.core.ingest import read_file, sample_corpus
    from quotedesk.core.parallel import analyse

    articles = [a for path in sorted(sample_corpus().glob("*.txt")) for a in read_file(path)]
    assert any(len(plan(a.text, find_quotes(a.text))) > 1 for a in articles)  # some are split

    def speakers():
        return [[(at.quote.start, at.chosen and at.chosen.name) for at in found] for found in analyse(nlp, articles)]

    partial = speakers()
    monkeypatch.setenv("QUOTEDESK_PARSE", "full")
    assert partial == speakers()
