"""The scoring protocol of shared/seeds/README.md, on tiny hand-made cases."""

from __future__ import annotations

import pytest

from quotedesk.core.errors import QuotedeskError
from quotedesk.core.evaluate import Prediction, load_gold, score, speaker_is_right
from quotedesk.core.names import same_name


def gold(start, end, kind="full", speaker="Ann Lee", accept=None, file="a.txt", **extra):
    return {"file": file, "start": start, "end": end, "quote": "x" * (end - start), "kind": kind,
            "speaker": speaker, "accept": accept if accept is not None else [speaker], **extra}


def pred(start, end, speaker="Ann Lee", file="a.txt", kind="full", cluster=None, also=()):
    return Prediction(file=file, start=start, end=end, speaker=speaker, kind=kind, cluster=cluster, also=also)


# --- span matching ------------------------------------------------------------------


@pytest.mark.parametrize("p, matched", [
    ((5, 15), True),    # overlap 5 of the longer 10: exactly half
    ((6, 16), False),   # overlap 4 of 10
    ((0, 20), True),    # overlap 10 of the longer 20
    ((0, 21), False),   # overlap 10 of 21
    ((10, 20), False),  # touching is not overlapping
])
def test_spans_match_when_they_overlap_by_half_the_longer_one(p, matched):
    rep = score([gold(0, 10)], [pred(*p)])
    assert (rep.tp, rep.fn, rep.fp) == ((1, 0, 0) if matched else (0, 1, 1))


def test_spans_in_different_files_never_match():
    rep = score([gold(0, 10, file="a.txt")], [pred(0, 10, file="b.txt")])
    assert (rep.tp, rep.fn, rep.fp) == (0, 1, 1)


def test_matching_is_one_to_one_largest_overlap_first():
    # One prediction, two gold quotes it could match: it goes to the larger
    # overlap even when that gold row comes second.
    rep = score([gold(1, 10), gold(0, 10)], [pred(0, 10)])
    assert (rep.tp, rep.fn, rep.fp) == (1, 1, 0)
    assert rep.misses[0][1]["start"] == 1
    # Two predictions, one gold quote: the closer one matches, the other is spurious.
    rep = score([gold(0, 10)], [pred(2, 10), pred(0, 10)])
    assert (rep.tp, rep.fn, rep.fp) == (1, 0, 1)
    assert rep.misses[0][2].start == 2


def test_optional_kinds_cost_neither_recall_nor_precision():
    golds = [gold(0, 10, kind="headline"), gold(20, 30, kind="not_speech"), gold(40, 50, kind="full")]
    rep = score(golds, [pred(0, 10), pred(40, 50)])
    assert (rep.tp, rep.fn, rep.fp) == (1, 0, 0)
    assert (rep.precision, rep.recall) == (1.0, 1.0)
    assert rep.speaker_total == 1  # the headline's speaker is not scored


def test_a_prediction_labelled_optional_that_matches_nothing_is_a_false_positive():
    rep = score([gold(0, 10)], [pred(0, 10), pred(60, 70, kind="headline")])
    assert (rep.tp, rep.fp) == (1, 1)


def test_precision_recall_and_f1_follow_the_counts():
    golds = [gold(0, 10), gold(20, 30), gold(40, 50), gold(60, 70, kind="partial")]
    rep = score(golds, [pred(0, 10), pred(20, 30), pred(60, 70), pred(80, 90)])
    assert (rep.tp, rep.fp, rep.fn) == (3, 1, 1)
    assert rep.precision == rep.recall == rep.f1 == 0.75


# --- speakers -------------------------------------------------------------------------


def test_unresolved_gold_rows_count_for_detection_but_not_for_speakers():
    golds = [gold(0, 10, speaker=None, accept=[None], unresolved=True), gold(20, 30)]
    rep = score(golds, [pred(0, 10, speaker="Somebody Else"), pred(20, 30)])
    assert rep.tp == 2
    assert (rep.speaker_right, rep.speaker_total) == (1, 1)
    assert (rep.e2e_right, rep.e2e_total) == (1, 1)


def test_end_to_end_is_found_and_right_over_all_required_gold_quotes():
    golds = [gold(0, 10), gold(20, 30), gold(40, 50)]
    rep = score(golds, [pred(0, 10), pred(20, 30, speaker="Bob Stone")])
    assert (rep.speaker_right, rep.speaker_total) == (1, 2)
    assert rep.end_to_end == pytest.approx(1 / 3)


def test_a_right_speaker_offered_lower_in_the_list_counts_as_among_the_candidates():
    golds = [gold(0, 10), gold(20, 30), gold(40, 50)]
    preds = [
        pred(0, 10),
        Prediction(file="a.txt", start=20, end=30, speaker="Bob Stone", candidates=("Bob Stone", "Ann Lee")),
        Prediction(file="a.txt", start=40, end=50, speaker="Bob Stone", candidates=("Bob Stone", "Cy Dunn")),
    ]
    rep = score(golds, preds)
    assert (rep.speaker_right, rep.in_candidates, rep.speaker_total) == (1, 2, 3)
    assert rep.as_dict()["speaker_among_candidates"] == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.parametrize("predicted, accept, right", [
    (None, [None], True),                  # "no speaker" is acceptable
    (None, ["Ann Lee"], False),
    ("Ann Lee", ["Ann Lee", None], True),
    ("Bob Stone", [None], False),
    ("he", ["He Lifeng"], False),          # an unresolved pronoun is never right
    ("She", ["Ann Lee", None], False),
    ("US", ["United States", "US"], True),  # a country, not the pronoun
    ("Kremlin", ["Russia", "Kremlin"], True),
])
def test_speaker_is_right_when_it_names_one_of_accept(predicted, accept, right):
    assert speaker_is_right(predicted, accept) is right


@pytest.mark.parametrize("a, b", [
    ("Aleksandr G. Lukashenko", "Alexander Lukashenko"),   # transliteration, initial
    ("President Xi", "Xi Jinping"),                        # title dropped, tokens of one in the other
    ("Mr. Lukashenko", "Alexander Lukashenko"),
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
    ("Dmitri Peskov", "Dmitry Peskov"),
    ("XI JINPING", "xi jinping"),                          # case-blind
    ("Secretary of State Antony J. Blinken", "Antony Blinken"),
    ("Gerhard Schröder", "Gerhard Schroeder"),
])
def test_names_match_across_titles_initials_case_and_transliteration(a, b):
    assert same_name(a, b) and same_name(b, a)


@pytest.mark.parametrize("a, b", [
    ("Bill Clinton", "Hillary Clinton"),
    ("Johnson", "Johnston"),
    ("Xi Jinping", "Li Qiang"),
    ("Wang Yi", "Wang Wenbin"),
    ("Bush", "Bash"),
    ("Joe Biden", "Hunter Biden"),
])
def test_different_people_do_not_match(a, b):
    assert not same_name(a, b)


@pytest.mark.parametrize("predicted, accepted", [
    ("Bill Harrow", "William Harrow"),         # short form of a given name, either way round
    ("William Q. Harrow", "Bill Harrow"),
    ("Jim Pettigrew", "James Pettigrew"),
    ("Joe Varga", "Joseph Varga"),
    ("Liz Okafor", "Elizabeth Okafor"),
    ("Mike Dunleavy", "Sen. Michael Dunleavy"),
    ("NMA", "Northern Meadow Airlines"),      # an organisation's initials, one capital a word
    ("the FHRC", "Federation of Harbour Rescue Crews"),   # of/the/and/for skipped
    ("Federation of Harbour Rescue Crews", "FHRC"),
    ("L.T.A.", "Lakeside Transit Authority"),  # dotted initials
])
def test_protocol_accepts_short_given_names_and_organisation_initials(predicted, accepted):
    assert speaker_is_right(predicted, [accepted])


@pytest.mark.parametrize("predicted, accepted", [
    ("Bill Harrow", "Hillary Harrow"),         # a different given name
    ("Liz Varga", "Beth Varga"),               # two short forms of one name are not each other
    ("Nma Obi", "Northern Meadow Airlines"),   # a person's name is not initials
    ("NM", "Northern Meadow Airlines"),        # a letter short
    ("NMA", "northern meadow airlines"),       # initials need the capitalised words
    ("LTA", "Lakeside Transit in Albany"),     # "in" is not skipped by the protocol
])
def test_protocol_keeps_different_names_apart(predicted, accepted):
    assert not speaker_is_right(predicted, [accepted])


def test_the_unnamed_marker_is_not_a_name_two_unnamed_people_share():
    assert speaker_is_right("attorney (unnamed)", ["attorney (unnamed)"])
    assert speaker_is_right("pilot (unnamed)", ["pilot"])
    assert not speaker_is_right("attorney (unnamed)", ["pilot (unnamed)"])
    assert not same_name("guard (unnamed)", "pilot (unnamed)")


def test_grouping_speakers_does_not_take_short_forms_or_initials():
    # Scoring forgives them; joining two speakers silently on them would merge people.
    assert not same_name("Bill Harrow", "William Harrow")
    assert not same_name("NMA", "Northern Meadow Airlines")


# --- clusters and gold files -------------------------------------------------------------


def test_cluster_pairs_count_only_pairs_across_files():
    golds = [gold(0, 10, file="a.txt"), gold(0, 10, file="b.txt"), gold(0, 10, file="c.txt"), gold(20, 30, file="c.txt")]
    clusters = [{"cluster_id": 1, "members": [{"file": f, "start": 0, "end": 10} for f in ("a.txt", "b.txt", "c.txt")]}]
    preds = [pred(0, 10, file="a.txt", cluster=7), pred(0, 10, file="b.txt", cluster=7),
             pred(0, 10, file="c.txt", cluster=8), pred(20, 30, file="c.txt", cluster=8)]
    c = score(golds, preds, clusters).cluster
    assert (c["gold_pairs"], c["predicted_pairs"], c["true_pairs"]) == (3, 1, 1)
    assert (c["pair_precision"], c["pair_recall"]) == (1.0, pytest.approx(1 / 3, abs=1e-4))


def test_one_letter_initials_written_together_are_dropped_like_any_initial():
    assert speaker_is_right("United States Treasury Department", ["U.S. Treasury Department"])
    assert speaker_is_right("Tolkien", ["J.R.R. Tolkien"])
    assert not speaker_is_right("United States Treasury Department", ["U.S. Commerce Department"])
    assert not speaker_is_right("U.K.", ["U.S."])


def test_a_quote_in_two_families_pairs_with_the_members_of_each():
    # The gold lists a two-sentence quote in both sentences' clusters.
    golds = [gold(0, 40, file="a.txt"), gold(0, 20, file="b.txt"), gold(0, 20, file="c.txt")]
    clusters = [{"cluster_id": 1, "members": [{"file": "a.txt", "start": 0, "end": 40}, {"file": "b.txt", "start": 0, "end": 20}]},
                {"cluster_id": 2, "members": [{"file": "a.txt", "start": 0, "end": 40}, {"file": "c.txt", "start": 0, "end": 20}]}]
    preds = [pred(0, 40, file="a.txt", cluster=7, also=(8,)), pred(0, 20, file="b.txt", cluster=7),
             pred(0, 20, file="c.txt", cluster=8)]
    c = score(golds, preds, clusters).cluster
    assert (c["gold_pairs"], c["predicted_pairs"], c["true_pairs"]) == (2, 2, 2)


def test_a_malformed_gold_row_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"file": "a.txt", "start": 0, "end": 4}\n\n{"file": "a.txt", "start": "x"}\n', encoding="utf-8")
    with pytest.raises(QuotedeskError, match=r'gold.jsonl:3: not a gold row: no "end"$'):
        load_gold(path)
    for bad in ("4.7", "1e999", "true"):
        path.write_text(f'{{"file": "a.txt", "start": {bad}, "end": 9}}\n', encoding="utf-8")
        with pytest.raises(QuotedeskError, match="must be whole numbers"):
            load_gold(path)
    path.write_text('[1, 2]\n', encoding="utf-8")
    with pytest.raises(QuotedeskError, match=r"gold.jsonl:1: not a gold row: not a JSON object$"):
        load_gold(path)
    path.write_bytes(b'{"file": "a\xe9.txt", "start": 0, "end": 4}\n')
    with pytest.raises(QuotedeskError, match="not UTF-8"):
        load_gold(path)


def test_a_gold_quote_holding_a_line_separator_stays_one_row(tmp_path):
    # JSON allows U+2028 and U+0085 raw inside a string; neither ends a JSONL line.
    path = tmp_path / "gold.jsonl"
    path.write_text('{"file": "a.txt", "start": 0, "end": 9, "quote": "one\u2028two\x85x"}\n', encoding="utf-8")
    (row,) = load_gold(path)
    assert row["quote"] == "one\u2028two\x85x"


def test_worst_misses_list_lost_quotes_then_confident_wrong_speakers_then_spurious_ones():
    golds = [gold(0, 10), gold(20, 30), gold(40, 50), gold(60, 70)]
    preds = [pred(20, 30, speaker="Bob Stone"), pred(40, 50, speaker="Bob Stone"), pred(60, 70), pred(80, 90)]
    preds[0].confidence, preds[1].confidence = 0.3, 0.95
    misses = score(golds, preds).misses
    assert [(reason, (g or {"start": p.start})["start"]) for reason, g, p in misses] == [
        ("missed", 0), ("speaker", 40), ("speaker", 20), ("spurious", 80)]
