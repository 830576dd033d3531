"""The learned speaker ranker: what it is given, what it may overturn, and
and that its probability is the confidence a reviewer sees."""

import importlib.util
import json

import numpy as np
import pytest

from core.attribute import attribute_doc
from core.detect import find_quotes
from core.ranking import FEATURES, WEIGHTS, load_model
from core.speakers import get_or_create

from conftest import REPO

_spec = importlib.util.spec_from_file_location("train_ranker", REPO / "bench" / "train_ranker.py")
train_ranker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_ranker)


def test_the_shipped_model_has_a_weight_for_every_feature_and_nothing_else():
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)


def test_a_locked_choice_the_model_would_not_make_is_shown_with_the_lock_s_own_record(monkeypatch):
    """Issue 16: the proposal stays first and no candidate below it shows more."""
    from core import ranking

    model = ranking.Model({FEATURES[0]: 2.0}, override=[(0.05, 0.2), (1.0, 0.7)])
    zero = [0.0] * len(FEATURES)
    rows = [zero, [1.0] + zero[1:], [0.5] + zero[1:], zero]  # three options and "nobody"
    raw = model.probabilities(rows)[:3]
    monkeypatch.setattr(ranking, "locked", lambda options: 0)  # the rules insist on option 0
    order, probs = model.rank(["rule's", "model's", "third"], rows)
    assert order == [0, 1, 2] and raw[1] > raw[0]
    assert raw[0] > 0.05 and probs[0] == 0.7 and probs[0] > probs[1] > probs[2]  # the map at the model's p
    assert abs(probs[1] / probs[2] - raw[1] / raw[2]) < 1e-9  # the others keep the model's proportions
    assert abs(sum(probs) - sum(raw)) < 1e-9
    monkeypatch.setattr(ranking, "locked", lambda options: 1)  # a lock the model agrees with changes nothing
    assert model.rank(["rule's", "model's", "third"], rows) == ([1, 2, 0], raw)


def test_training_learns_which_feature_marks_the_right_option():
    """Synthetic groups of three options and the "nobody" row: feature 0
    marks the right option, feature 1 is noise."""
    rng = np.random.default_rng(0)
    nobody = FEATURES.index("nobody")
    groups = []
    for n in range(300):
        x = np.zeros((4, len(FEATURES)))
        right = int(rng.integers(3))
        x[right, 0] = 1.0
        x[:3, 1] = rng.random(3)
        x[3, nobody] = 1.0
        y = np.arange(4) == right
        groups.append((n, x, y, False, None))
    w = train_ranker.fit(groups, steps=300)
    assert w[0] > 1.0
    assert abs(w[1]) < w[0] / 3
    picks = [train_ranker.choose(w, x, None)[0] for _, x, _, _, _ in groups]
    assert picks == [int(y.argmax()) for _, _, y, _, _ in groups]


def test_nobody_is_never_chosen_even_when_most_probable():
    x = np.zeros((2, len(FEATURES)))
    x[1, FEATURES.index("nobody")] = 1.0
    w = np.zeros(len(FEATURES))
    w[FEATURES.index("nobody")] = 5.0
    i, p, _ = train_ranker.choose(w, x, None)
    assert i == 0 and p < 0.05


def test_isotonic_calibration_pools_until_accuracy_rises():
    points = [(p / 200, p >= 100) for p in range(200)]
    knots = train_ranker.isotonic(points)
    assert knots[-1][0] == 1.0
    assert knots[0][1] < 0.5 < knots[-1][1]
    assert [a for _, a in knots] == sorted(a for _, a in knots)


def test_the_shipped_map_for_overridden_locks_is_non_decreasing_over_all_probabilities():
    knots = load_model().override
    assert knots and knots[-1][0] == 1.0
    assert [x for x, _ in knots] == sorted(x for x, _ in knots)
    assert [a for _, a in knots] == sorted(a for _, a in knots) and all(0 <= a <= 1 for _, a in knots)


def test_a_locked_choice_is_kept_whatever_the_model_prefers():
    x = np.zeros((3, len(FEATURES)))
    x[1, 0] = 5.0
    x[2, FEATURES.index("nobody")] = 1.0
    w = np.zeros(len(FEATURES))
    w[0] = 1.0
    assert train_ranker.choose(w, x, None)[:3:2] == (1, False)
    assert train_ranker.choose(w, x, 0)[:3:2] == (0, True)


@pytest.mark.model
def test_a_pronoun_quote_offers_the_other_antecedents_to_the_ranker(nlp):
    text = (
        "John Miller and Robert Chen met reporters in Ohio on Tuesday.\n"
        "“We will not back down,” he said."
    )
    doc = nlp(text)
    trace = []
    results = attribute_doc(doc, find_quotes(text), trace=trace)
    att, options, rows = trace[0]
    names = {o.entity.name if o.entity else o.candidates[0].name for o in options}
    assert {"John Miller", "Robert Chen"} <= names
    assert any(o.alternate is not None for o in options)
    assert len(rows) == len(options) + 1 and all(len(r) == len(FEATURES) for r in rows)
    assert results[0].chosen.name in ("John Miller", "Robert Chen")
    assert 0.0 < results[0].confidence <= 0.99


@pytest.mark.model
def test_according_to_a_document_yields_to_the_clause_subject_and_stays_listed(nlp):
    text = "Maria Lopez called for “restraint on all sides”, according to a readout from her office."
    doc = nlp(text)
    res = attribute_doc(doc, find_quotes(text))
    assert res[0].chosen.name == "Maria Lopez"
    listed = [c.name for c in res[0].candidates]
    # The readout stays listed, named by its author: her office speaks for her.
    assert listed[1:] == ["spokesperson for Maria Lopez"], listed
    assert res[0].candidates[-1].score == 0.0


@pytest.mark.model
def test_the_rules_choice_from_the_quotes_own_clause_is_not_overturned(nlp):
    text = (
        "Senator Ann Baker spoke first, and the governor followed her.\n"
        "“The budget is broken,” Tom Reyes said on Monday."
    )
    doc = nlp(text)
    res = attribute_doc(doc, find_quotes(text))
    assert res[0].chosen.name == "Tom Reyes"


@pytest.mark.model
def test_a_repeated_description_takes_the_name_attached_to_its_first_mention(nlp):
    text = (
        "The report published by the Pentagon runs to forty pages. Reuters obtained a copy on Monday.\n"
        "The report also warned of “grave risks to allied shipping”."
    )
    doc = nlp(text)
    res = attribute_doc(doc, find_quotes(text))
    assert res[0].chosen.name == "Pentagon"


@pytest.mark.model
def test_options_are_unique_names(nlp):
    text = "Lukashenko met Xi Jinping in Beijing. “We agree,” Lukashenko said, and Xi nodded."
    doc = nlp(text)
    trace = []
    attribute_doc(doc, find_quotes(text), model=None, trace=trace)
    _, options, _ = trace[0]
    keys = [o.key for o in options]
    assert len(keys) == len(set(keys))


def test_an_organisation_does_not_swallow_a_shorter_different_source(db):
    media = get_or_create(db, "Chinese state media", "org")
    assert get_or_create(db, "Chinese", "org") != media
    person = get_or_create(db, "Alexander Lukashenko", "person")
    assert get_or_create(db, "Lukashenko", "person") == person
