"""The learned speaker ranker: what it is given, what it may overturn, and
and that its probability is the confidence a reviewer sees."""

import json
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from quotedesk.core import training
from quotedesk.core.attribute import attribute_doc
from quotedesk.core.detect import find_quotes
from quotedesk.core.ranker import COLUMNS, WEIGHTS, Model, design, load_model, probabilities
from quotedesk.core.ranking import FEATURES, Option, locked
from quotedesk.core.speakers import get_or_create


def test_the_shipped_model_has_a_weight_for_every_column_and_nothing_else():
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(COLUMNS)


def _option(name: str, pattern: str | None, score: float) -> Option:
    cands = [SimpleNamespace(name=name, pattern=pattern, score=score)] if pattern else []
    return Option(name.lower(), cands)


_PATTERNS = st.sampled_from(["speech-verb+name", "according-to", "colon+nominal", "speech-verb+pronoun",
                             "previous-speaker", "continuation", "dash+description", None])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_proposal_is_never_shown_below_another_candidate(data):
    """Issue 16: whatever the rules lock and whatever the model scores, the
    first of the order has the highest figure shown and the figures fall
    down the list (the shipped model and its calibration)."""
    n = data.draw(st.integers(1, 5))
    options = [_option(f"o{i}", data.draw(_PATTERNS), data.draw(st.floats(0.1, 0.95))) for i in range(n)]
    rows = [data.draw(st.lists(st.floats(-3, 3), min_size=len(FEATURES), max_size=len(FEATURES)))
            for _ in range(n + 1)]
    order, shown = load_model().rank(options, rows)
    assert sorted(order) == list(range(n))
    figures = [shown[i] for i in order]
    assert figures == sorted(figures, reverse=True)
    assert all(0.0 <= f <= 1.0 for f in figures) and sum(figures) <= 1.0 + 1e-9


def test_a_lock_the_model_underrates_is_shown_with_the_lock_s_record():
    """The locked option's figure is how often such locks were right; the
    others share the rest in the model's proportions; order follows the figures."""
    p = np.array([0.1, 0.8, 0.05, 0.05])  # three options and "nobody"; option 0 is locked
    order, shown = Model({}, [(0.0, 0.5), (1.0, 0.99)]).decide(p, 0)
    q = 0.5 + 0.1 * 0.49
    assert order == [0, 1, 2] and shown[0] == pytest.approx(q)
    assert shown[1:] == pytest.approx([0.8 * (1 - q) / 0.9, 0.05 * (1 - q) / 0.9])
    # A lock whose record is worse than the favourite's share is not proposed.
    order, shown = Model({}, [(0.0, 0.2), (1.0, 0.9)]).decide(p, 0)
    assert order == [1, 0, 2] and shown[1] > shown[0]
    # Without a lock the model's probabilities are shown as they are.
    assert Model({}, [(0.0, 0.5), (1.0, 0.99)]).decide(p, None) == ([1, 0, 2], [0.1, 0.8, 0.05])


def test_the_lock_is_a_column_of_the_locked_option_only():
    options = [_option("Ann", "previous-speaker", 0.9), _option("Tom", "speech-verb+name", 0.93), _option("Bob", None, 0)]
    assert locked(options) == 1
    x = design([[0.0] * len(FEATURES)] * 4, locked(options), options)
    lock = [COLUMNS.index(n) for n in ("locked", "locked&speech-verb", "locked&colon")]
    assert x[:, lock].tolist() == [[0, 0, 0], [1, 1, 0], [0, 0, 0], [0, 0, 0]]
    pronoun = [options[0], _option("Tom", "speech-verb+pronoun", 0.93)]
    assert locked(pronoun) is None and not design([[0.0] * len(FEATURES)] * 3, None, pronoun)[:, len(FEATURES):].any()


def test_one_softmax_per_quote_when_quotes_are_stacked():
    rng = np.random.default_rng(1)
    w = rng.normal(size=len(COLUMNS))
    xs = [rng.normal(size=(k, len(COLUMNS))) for k in (2, 5, 3)]
    stacked = probabilities(w, np.concatenate(xs), np.array([2, 5, 3]))
    alone = np.concatenate([probabilities(w, x) for x in xs])
    assert np.allclose(stacked, alone) and np.allclose(np.add.reduceat(stacked, [0, 2, 7]), 1.0)


def _groups(n: int, seed: int = 0):
    """Synthetic quotes of three options and "nobody": feature 0 marks the right option, feature 1 is noise."""
    rng = np.random.default_rng(seed)
    nobody = COLUMNS.index("nobody")
    groups = []
    for k in range(n):
        x = np.zeros((4, len(COLUMNS)))
        right = int(rng.integers(3))
        x[right, 0] = 1.0
        x[:3, 1] = rng.random(3)
        x[3, nobody] = 1.0
        groups.append(training.Group(k, x, np.arange(4) == right, False, None))
    return groups


def test_training_learns_which_feature_marks_the_right_option():
    groups = _groups(300)
    w = training.fit(groups)
    assert w[0] > 1.0
    assert abs(w[1]) < w[0] / 3
    model = Model(dict(zip(COLUMNS, w)))
    assert [model.decide(probabilities(model.vector, g.x), None)[0][0] for g in groups] == \
        [int(g.right.argmax()) for g in groups]


def test_the_fit_reaches_the_loss_minimum():
    """L-BFGS stops where the gradient vanishes: nudging any weight raises the loss."""
    groups = _groups(120, seed=3)
    rng = np.random.default_rng(4)
    for g in groups:
        g.x[:3, 2] = rng.random(3) + g.right[:3]  # a second, weaker signal
    w = training.fit(groups)

    def loss(v):
        mass = [probabilities(v, g.x)[g.right].sum() for g in groups]
        return -np.log(mass).sum() / len(groups) + 5 * training.L2 * (v @ v) / len(groups)

    base = loss(w)
    for i in (0, 1, 2):
        for step in (-0.05, 0.05):
            nudged = w.copy()
            nudged[i] += step
            assert loss(nudged) > base


def test_nobody_is_never_chosen_even_when_most_probable():
    x = np.zeros((2, len(COLUMNS)))
    x[1, COLUMNS.index("nobody")] = 1.0
    model = Model({"nobody": 5.0})
    order, shown = model.decide(probabilities(model.vector, x), None)
    assert order == [0] and shown[0] < 0.05


def test_isotonic_calibration_pools_until_accuracy_rises():
    points = [(p / 200, p >= 100) for p in range(200)]
    knots = training.calibrate(points, min_block=40)
    assert knots[0][1] < 0.5 < knots[-1][1]
    assert [a for _, a in knots] == sorted(a for _, a in knots)
    assert [x for x, _ in knots] == sorted(x for x, _ in knots)


def test_calibration_keeps_blocks_big_enough_to_trust():
    rng = np.random.default_rng(2)
    points = [(float(p), bool(rng.random() < p)) for p in rng.random(1000)]
    knots = training.calibrate(points, min_block=100)
    assert 1 < len(knots) <= 10
    assert [a for _, a in knots] == sorted(a for _, a in knots)


def test_the_shipped_lock_calibration_is_non_decreasing_and_a_probability():
    knots = load_model().lock_calibration
    assert knots
    assert [x for x, _ in knots] == sorted(x for x, _ in knots)
    assert [a for _, a in knots] == sorted(a for _, a in knots) and all(0 <= a <= 1 for _, a in knots)


@pytest.mark.model
def test_training_runs_end_to_end_on_parsed_articles(nlp, tmp_path):
    """core.training.train from parsed articles and gold rows to a model
    whose every column has a weight and whose held-out figures are rates."""
    texts = [
        "Mayor Ann Lee spoke on Monday. \u201cThe bridge opens in May,\u201d Lee said. "
        "Tom Roe disagreed. \u201cIt is late,\u201d he told reporters.",
        "Senator Bob Hale met voters. \u201cTaxes will fall,\u201d Hale said. "
        "\u201cWe will see,\u201d said Mary Fox, a local teacher.",
        "Coach Dan Wu was upbeat. \u201cWe play to win,\u201d Wu said after the game. "
        "His rival Jim Orr shrugged. \u201cThey were lucky,\u201d Orr said.",
        "Judge Eve Kim ruled on Friday. \u201cThe law is clear,\u201d Kim wrote. "
        "\u201cWe will appeal,\u201d said Sam Poe, the lawyer.",
    ]
    speakers = [["Ann Lee", "Tom Roe"], ["Bob Hale", "Mary Fox"], ["Dan Wu", "Jim Orr"], ["Eve Kim", "Sam Poe"]]
    files, gold = [], []
    for n, (text, names) in enumerate(zip(texts, speakers)):
        f = tmp_path / f"a{n}.txt"
        f.write_text(text, encoding="utf-8")
        files.append(f)
        for q, name in zip(find_quotes(text), names):
            gold.append({"file": f.name, "start": q.start, "end": q.end, "kind": "full", "speaker": name})
    t = training.train(files, training.parsed_docs(nlp, files, None), gold, folds=2)
    assert t.quotes == 8 and set(t.model.weights) == set(COLUMNS)
    assert 0.0 <= t.rules_accuracy <= 1.0 and 0.0 <= t.held_out_accuracy <= 1.0
    assert sum(share for *_, share in t.bands) == pytest.approx(1.0)


@pytest.mark.model
def test_on_the_seeds_the_proposal_is_the_most_probable_candidate_and_the_row_s_figure(seeded_db):
    """Issue 16 over the sample corpus: for every quote, candidate 1 is the
    proposed speaker, no candidate shows more, and the stored confidence
    (the queue row's figure) is candidate 1's."""
    stored = seeded_db.execute(
        "SELECT q.id, q.confidence, q.proposed_speaker_id, group_concat(k.score, ' '), "
        "(SELECT speaker_id FROM candidates WHERE quote_id = q.id AND rank = 1) "
        "FROM quotes q JOIN (SELECT * FROM candidates ORDER BY rank) k ON k.quote_id = q.id GROUP BY q.id").fetchall()
    assert len(stored) > 50
    for qid, confidence, proposed, scores, first in stored:
        scores = [float(s) for s in scores.split()]
        assert scores == sorted(scores, reverse=True), qid
        if proposed is not None:
            assert proposed == first and confidence == round(min(0.99, scores[0]), 3), qid


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
