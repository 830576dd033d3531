"""Quotation detection, on sentences from the sample articles.

Every case here is a way real news text marks (or mis-marks) a quotation.
"""

import pytest

from quotedesk.core.detect import find_quotes


def spans(text):
    return [q.text for q in find_quotes(text)]


def test_curly_double_marks_give_the_text_between_them():
    text = "Lukashenko claimed there is “no way” his country would send troops into Ukraine."
    (q,) = find_quotes(text)
    assert q.text == "no way"
    assert text[q.start : q.end] == "no way"


def test_straight_marks_are_paired_by_context():
    text = 'He said Beijing and Minsk "have no closed topics for cooperation," according to the readout.'
    assert spans(text) == ["have no closed topics for cooperation,"]


def test_a_nested_quote_is_a_row_of_its_own_and_the_outer_keeps_its_marks():
    text = "They also pledged to “deepen cooperation” and “jointly preventing ‘color revolution’” – a reference."
    assert spans(text) == ["deepen cooperation", "jointly preventing ‘color revolution’", "color revolution"]
    outer, inner = find_quotes(text)[1:]
    assert inner.within == (outer.start, outer.end) and outer.within is None


def test_a_double_quote_inside_a_single_one_is_nested():
    text = "She wrote: 'The guard asked me \"did you steal them\" before I could sit down.' Then she left."
    assert spans(text) == ['The guard asked me "did you steal them" before I could sit down.', "did you steal them"]


def test_straight_double_marks_nest_when_two_closers_follow_two_openers():
    text = '"I mean, not "over Christmas" like that. No fight," she wrote.'
    assert spans(text) == ['I mean, not "over Christmas" like that. No fight,', "over Christmas"]


def test_one_closer_at_the_paragraph_end_closes_a_quote_inside_a_quote():
    text = '"Felt we should tell you so you stop asking, "How are they?"\nThe couple split in May.'
    assert spans(text) == ['Felt we should tell you so you stop asking, "How are they?"', "How are they?"]


def test_an_opener_after_a_sentence_end_starts_the_next_quote_of_one_left_open():
    text = '“We were close, now she is off to college...“So he is there a lot and we miss him."\nNext.'
    assert spans(text) == ["We were close, now she is off to college...", "So he is there a lot and we miss him."]


def test_two_openers_then_a_closer_mid_paragraph_still_recover_the_first_quote():
    text = '"We are done here. "Next question," he said.'
    assert spans(text) == ["We are done here.", "Next question,"]


def test_a_single_quote_left_open_after_a_colon_runs_to_the_paragraph_end():
    text = "The airline's spokesman: 'We apologize for what occurred on this flight and will reach out\nMore text."
    assert spans(text) == ["We apologize for what occurred on this flight and will reach out"]


def test_an_opening_single_mark_mid_sentence_with_no_closer_is_an_apostrophe():
    text = "The band played rock 'n roll all night long at the old hall."
    assert spans(text) == []


def test_apostrophes_are_not_quotation_marks():
    text = "Russia’s war and the leaders’ first face-to-face meeting drew skepticism from Ukraine’s allies."
    assert spans(text) == []


def test_single_marks_around_a_phrase_are_a_quotation():
    text = "'Cooperate in all avenues' \nLukashenko met Chinese Premier Li Keqiang earlier on Wednesday."
    qs = find_quotes(text)
    assert [q.text for q in qs] == ["Cooperate in all avenues"]
    assert qs[0].kind == "headline"


def test_guillemets_and_low_high_marks():
    assert spans("Il a dit « pas question » hier.") == ["pas question"]
    assert spans("Er sagte „keine Chance“ gestern.") == ["keine Chance"]


def test_doubled_apostrophes_act_as_double_marks():
    text = "''We are confident that relations will continue to move forward,'' Li said."
    assert spans(text) == ["We are confident that relations will continue to move forward,"]


def test_unbalanced_mark_recovers_at_paragraph_end():
    text = (
        "The paper said “If the two countries strengthen communication on the Ukraine issue\n"
        "Blinken said there are “some positive elements” of the proposal."
    )
    qs = find_quotes(text)
    assert [q.text for q in qs] == [
        "If the two countries strengthen communication on the Ukraine issue",
        "some positive elements",
    ]
    assert qs[0].recovered


def test_quote_running_over_paragraphs_is_one_piece_per_paragraph():
    text = (
        "“Today’s meeting is taking place at a very difficult time.\n"
        "“They should be aimed at preventing a slide into a global confrontation,” he told Xi."
    )
    qs = find_quotes(text)
    assert [q.text for q in qs] == [
        "Today’s meeting is taking place at a very difficult time.",
        "They should be aimed at preventing a slide into a global confrontation,",
    ]
    assert not qs[0].recovered


def test_split_quote_gives_two_quotations():
    text = (
        "“We cooperate in all avenues,” Lukashenko said. “Most importantly, we have never set "
        "ourselves the task of working against third countries.”"
    )
    assert spans(text) == [
        "We cooperate in all avenues,",
        "Most importantly, we have never set ourselves the task of working against third countries.",
    ]


def test_one_bad_mark_does_not_lose_the_rest_of_the_article():
    text = "He said “first part\n\nLater, Xi called for “relevant countries” to act.\n“Full sentence here.”"
    assert spans(text)[-2:] == ["relevant countries", "Full sentence here."]


def test_marks_inside_embedded_markup_are_ignored():
    text = 'See <tweet tweet-id="78349911607668"> and she said "fine" then.'
    assert spans(text) == ["fine"]


def test_heights_are_not_quotes():
    assert spans('The 6\'2" senator said nothing.') == []


def test_offsets_exclude_marks_and_whitespace():
    text = "Blinken said China “ can’t have it both ways, ” by acting."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == q.text == "can’t have it both ways,"


def test_kinds_full_partial_and_term():
    text = (
        "“The US are the only ones who need this slaughter, only they want it,” he said.\n"
        "Xi called for “relevant countries” to act.\n"
        "The “twelve-point document” published by Beijing calls for talks."
    )
    kinds = [q.kind for q in find_quotes(text)]
    assert kinds == ["full", "partial", "not_speech"]


@pytest.mark.parametrize("sentence, kind", [
    ("The band opened with “Harbour Lights Forever,” a song from 2004.", "not_speech"),
    ("She starred in “The Last Ferry to Tromsø.”", "not_speech"),
    ("He was a guest on “Meet the Voters,” the Sunday show.", "not_speech"),
    ("He called it “WITCH HUNT” again on Friday.", "partial"),          # shouting is speech
    ("The crowd chanted “We Love You, Nora!” for an hour.", "partial"),  # an exclamation is speech
    ("She called the plan “deeply flawed” on Monday.", "partial"),
])
def test_a_short_span_in_title_case_names_a_work_not_speech(sentence, kind):
    (q,) = find_quotes("The night went on.\nIt was late.\n" + sentence)  # not a headline: past the top lines
    assert q.kind == kind
