"""`quotedesk eval --by-kind`: error classes from the gold, shapes of wrong answers."""

from __future__ import annotations

from quotedesk.core.breakdown import breakdown, gold_classes, wrong_shape
from quotedesk.core.evaluate import Prediction, score


def gold(start, speaker="Nora Quist", mention="Nora Quist", kind="full", file="a.txt", **extra):
    accept = extra.pop("accept", [speaker])
    return {"file": file, "start": start, "end": start + 10, "quote": "x" * 10, "kind": kind,
            "speaker": speaker, "accept": accept, "speaker_mention": mention, **extra}


def pred(start, speaker, file="a.txt", kind="full", cluster=None, outlet=""):
    return Prediction(file=file, start=start, end=start + 10, speaker=speaker, kind=kind, cluster=cluster,
                      outlet=outlet)


def test_gold_classes_come_from_the_mention_notes_and_accept():
    assert "mention: the name" in gold_classes(gold(0, mention="Ms. Quist"))
    assert "mention: a pronoun" in gold_classes(gold(0, mention="she"))
    assert "mention: a description or role" in gold_classes(gold(0, speaker="Brightwater Ferries",
                                                                 mention="the operator"))
    assert "no speaker (gold null)" in gold_classes(gold(0, speaker=None, mention=None, accept=[None]))
    both = gold_classes(gold(0, speaker="Ada Moss and Ben Tull", mention="the couple", notes="written: joint post"))
    assert {"two or more people (couple, pair)", "written words (post, statement, document)"} <= set(both)
    spoke = gold_classes(gold(0, speaker="spokesperson for Brightwater Ferries", mention="a spokesman",
                              on_behalf_of="Brightwater Ferries", notes="nested inside a recounted call"))
    assert {"spokesperson or representative", "recounted or nested"} <= set(spoke)
    assert "kind partial" in gold_classes(gold(0, kind="partial"))


def test_wrong_answers_are_sorted_by_their_shape():
    g = gold(0, speaker="Nora Quist")
    assert wrong_shape(pred(0, None), g, [], set()) == "no speaker proposed"
    assert wrong_shape(pred(0, "she"), g, [], set()) == "an unresolved pronoun"
    assert wrong_shape(pred(0, "the ferry operator"), g, [], set()) == "a description or role word"
    assert wrong_shape(pred(0, "Mayor"), g, [], set()) == "a description or role word"
    assert wrong_shape(pred(0, "Twitter"), g, [], set()) == "a platform or document"
    assert wrong_shape(pred(0, "Harbour Daily"), g, [], {"harbour daily"}) == "a news outlet"
    assert wrong_shape(pred(0, "Owen Pike"), g, ["Owen Pike"], set()) == "another speaker of the article"
    assert wrong_shape(pred(0, "Lars Quist"), g, [], set()) == "a related name (shares a name token)"
    assert wrong_shape(pred(0, "Owen Pike"), g, [], set()) == "another name"
    nobody = gold(0, speaker=None, mention=None, accept=[None])
    assert wrong_shape(pred(0, "Owen Pike"), nobody, [], set()) == "a speaker proposed where nobody spoke"


def test_breakdown_counts_classes_short_names_and_not_speech_quotes():
    golds = [
        gold(0), gold(20, mention="she"), gold(40, speaker="Owen Pike", mention="Pike"),
        gold(60, speaker=None, mention=None, kind="not_speech", accept=[None]),
        gold(80, speaker=None, mention=None, kind="not_speech", accept=[None]),
    ]
    preds = [pred(0, "Quist"), pred(20, "Owen Pike"), pred(40, "Owen Pike", outlet="Harbour Daily"),
             pred(60, None, kind="partial", cluster=3), pred(80, None, kind="not_speech")]
    out = breakdown(score(golds, preds).outcomes)
    assert out["gold_classes"]["mention: the name"] == {"right": 2, "total": 2, "accuracy": 1.0, "wrong": 0}
    assert out["gold_classes"]["mention: a pronoun"]["right"] == 0
    # The most wrong class comes first.
    assert next(iter(out["gold_classes"])) in ("mention: a pronoun", "kind full")
    assert out["wrong_answers"] == {"another speaker of the article": 1}
    assert out["right_but_not_full_name"] == {"count": 1, "of_right": 2}    # "Quist" for "Nora Quist"
    assert out["not_speech_found"] == {"total": 2, "labelled_not_speech": 1, "in_a_family": 1}
