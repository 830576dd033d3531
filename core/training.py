"""Fitting the speaker ranker (``core.ranker``) to gold attributions.

Library code rather than a script's, so the fit can be tested on synthetic
groups and re-run by anyone: ``bench/train_ranker.py`` only reads PolNeAR
and prints what ``train`` returns.

The model is a conditional logit: a softmax over each quote's options (and
"nobody"), maximising the probability mass on the right options (summed
when the gold accepts several names), L2-regularised, fitted by scipy's
L-BFGS with the exact gradient. A second round re-reads the articles with
the first round's model in the loop, so the features about the previous
quote's speaker are what they will be at run time. Five folds by article
give held-out probabilities, from which an isotonic map (scipy's
``isotonic_regression``) turns the model's probability for the rules'
locked choice into how often such a choice was right (``core.ranker``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import isotonic_regression, minimize

from .attribute import attribute_doc
from .detect import find_quotes
from .errors import QuotedeskError
from .evaluate import Prediction, match_spans, speaker_is_right
from .ranker import COLUMNS, Model, design, probabilities
from .ranking import locked

L2 = 0.3
#: Fewest held-out candidates behind one calibration knot; fewer make a
#: knot's accuracy noise.
MIN_BLOCK = 200


@dataclass
class Group:
    """One evaluable quote: its model input (``core.ranker.design``), which rows are right."""

    article: int
    x: np.ndarray
    right: np.ndarray
    rules_right: bool  # the rules' own choice, for the baseline figure
    fixed: int | None  # the rules' locked option (core.ranking.locked)


def parsed_docs(nlp, files: list[Path], cache: Path | None):
    """Parse the articles, or reuse a DocBin of an earlier run's parses."""
    from spacy.tokens import DocBin

    texts = [f.read_text(encoding="utf-8") for f in files]
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] != texts:
            raise QuotedeskError(f"{cache}: parses of other articles (another --limit or split); delete it or pick another path")
        return docs
    docs = []
    # Parse only: the quotedesk components (finding and attributing quotes
    # inside the pipeline) would run the rules here too, and examples()
    # runs them itself, with and without the model in the loop.
    own = [name for name in nlp.pipe_names if name.startswith("quotedesk")]
    for n, doc in enumerate(nlp.pipe(texts, batch_size=8, disable=own), 1):
        docs.append(doc)
        if n % 50 == 0:
            print(f"  parsed {n}/{len(texts)}", file=sys.stderr)
    if cache:
        bin_ = DocBin(store_user_data=False)
        for d in docs:
            bin_.add(d)
        bin_.to_disk(cache)
    return docs


def examples(files: list[Path], docs, gold: list[dict], model: Model | None = None) -> list[Group]:
    """One group per required quote whose pool has options.

    With ``model``, quotes are attributed with it in the loop, so features
    that look back at the previous quote's speaker see what they will see
    at run time. Transcript labels and quotes with no candidate are left
    out: the ranker never sees them."""
    groups = []
    for n, (f, doc) in enumerate(zip(files, docs)):
        trace: list = []
        atts = attribute_doc(doc, find_quotes(doc.text), model=model, trace=trace)
        traced = {id(att): (options, rows) for att, options, rows in trace}
        preds = [Prediction(f.name, a.quote.start, a.quote.end, a.quote.text, a.chosen.name if a.chosen else None,
                            a.quote.kind) for a in atts]
        rows_gold = [g for g in gold if g["file"] == f.name]
        for gi, pj in match_spans(rows_gold, preds).items():
            g = rows_gold[gi]
            if g["kind"] not in ("full", "partial") or g.get("unresolved"):
                continue
            options, rows = traced.get(id(atts[pj]), ([], []))
            if not options:
                continue
            accept = g.get("accept") or [g.get("speaker")]
            right = [speaker_is_right(o.candidates[0].name if o.candidates else o.entity.name, accept) for o in options]
            right.append(not any(right))  # "nobody": the pool lacks the speaker
            fixed = locked(options)
            groups.append(Group(n, design(rows, fixed, options), np.array(right, bool),
                                speaker_is_right(preds[pj].speaker, accept), fixed))
    return groups


def fit(groups: list[Group], l2: float = L2) -> np.ndarray:
    """Weights minimising the mean negative log-probability of the right
    options plus ``5 * l2 * |w|^2`` per quote."""
    x = np.concatenate([g.x for g in groups])
    y = np.concatenate([g.right for g in groups]).astype(float)
    sizes = np.array([len(g.right) for g in groups])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    group = np.repeat(np.arange(len(sizes)), sizes)
    n = len(groups)

    def loss(w):
        p = probabilities(w, x, sizes)
        mass = np.add.reduceat(p * y, starts)
        grad = x.T @ (p - p * y / mass[group]) / n + 10 * l2 * w / n
        return -np.log(mass).sum() / n + 5 * l2 * (w @ w) / n, grad

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return result.x


def calibrate(points: list[tuple[float, bool]], min_block: int = MIN_BLOCK) -> list[tuple[float, float]]:
    """Knots (probability, accuracy) of the non-decreasing map that fits
    held-out (probability, right) pairs best (pool-adjacent-violators),
    each knot the mean of at least ``min_block`` of them."""
    if not points:
        return []
    p, right = (np.array(v, dtype=float) for v in zip(*sorted(points)))
    ends = list(isotonic_regression(right).blocks[1:])
    knots, lo = [], 0
    for hi in ends:
        if hi - lo < min_block and hi < len(p):
            continue  # too few to trust: pooled with the next block
        if hi - lo < min_block and knots:
            lo = knots.pop()[2]  # a short last block joins the one before
        knots.append((float(p[lo:hi].mean()), float(right[lo:hi].mean()), lo))
        lo = hi
    return [(x, y) for x, y, _ in knots]


@dataclass
class Trained:
    model: Model
    quotes: int
    rules_accuracy: float
    held_out_accuracy: float
    bands: list[tuple[float, float, float, float]]  # lo, hi, accuracy, share of quotes
    #: Held-out quotes where the model's favourite is not the lock: how many,
    #: how often the lock was right, how often the favourite was.
    disagreements: tuple[int, float, float] = (0, 0.0, 0.0)
    #: Held-out locked quotes whose proposal is not the lock (its record fell below another's share).
    locks_overturned: int = 0


BANDS = ((0.9, 1.01), (0.7, 0.9), (0.0, 0.7))


def train(files: list[Path], docs, gold: list[dict], folds: int = 5, l2: float = L2, rounds: int = 2) -> Trained:
    """The final model fitted on every quote, with held-out figures from
    ``folds`` folds by article. The lock's calibration is fitted on the same
    held-out probabilities it is then judged on, so the held-out accuracy
    leans a little optimistic."""
    groups = examples(files, docs, gold)
    rules = sum(g.rules_right for g in groups) / len(groups)
    for _ in range(rounds - 1):
        groups = examples(files, docs, gold, Model(dict(zip(COLUMNS, fit(groups, l2)))))
    held = []  # (group, the fold model's probabilities)
    for k in range(folds):
        w = fit([g for g in groups if g.article % folds != k], l2)
        held.extend((g, probabilities(w, g.x)) for g in groups if g.article % folds == k)
    knots = calibrate([(p[g.fixed], bool(g.right[g.fixed])) for g, p in held if g.fixed is not None])
    final = Model(dict(zip(COLUMNS, fit(groups, l2))), knots)
    picks = []  # (the figure shown for the proposal, right)
    overturned = 0
    for g, p in held:
        order, shown = final.decide(p, g.fixed)
        picks.append((shown[order[0]], bool(g.right[order[0]])))
        overturned += g.fixed is not None and order[0] != g.fixed
    bands = []
    for lo, hi in BANDS:
        band = [r for p, r in picks if lo <= p < hi]
        if band:
            bands.append((lo, min(hi, 1.0), sum(band) / len(band), len(band) / len(groups)))
    split = np.array([(g.right[g.fixed], g.right[p[:-1].argmax()]) for g, p in held
                      if g.fixed is not None and p[:-1].argmax() != g.fixed], dtype=float).reshape(-1, 2)
    disagree = (len(split), *(split.mean(axis=0).tolist() if len(split) else (0.0, 0.0)))
    return Trained(final, len(groups), rules, sum(r for _, r in picks) / len(groups), bands, disagree,
                   overturned)
