"""How far reviewers agree: Cohen's kappa and raw agreement for each pair, and
Krippendorff's alpha when three or more reviewers answered.

Each standing answer is one nominal label: ``rejected``, ``no speaker``, or
the speaker entity (merges followed, so two names of one entity agree). The
statistics come from scikit-learn (``cohen_kappa_score``) and the
``krippendorff`` package rather than hand-written arithmetic: both are
well-kept and tested against the published definitions.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from itertools import combinations

import sqlite_utils

from .speakers import entity


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    quotes: int                  # quotes both answered
    agreement: float | None      # share of those with the same answer
    kappa: float | None          # None where it is undefined (one label throughout)


@dataclass
class Agreement:
    reviewers: dict[str, int] = field(default_factory=dict)    # reviewer -> quotes answered
    pairs: list[Pair] = field(default_factory=list)
    by_outlet: dict[str, list[Pair]] = field(default_factory=dict)
    alpha: float | None = None   # Krippendorff's alpha (nominal), three or more reviewers
    alpha_quotes: int = 0        # quotes answered by at least two reviewers

    def as_json(self) -> dict:
        pair = lambda p: {"a": p.a, "b": p.b, "quotes": p.quotes, "agreement": p.agreement, "kappa": p.kappa}  # noqa: E731
        return {"reviewers": self.reviewers, "pairs": [pair(p) for p in self.pairs],
                "by_outlet": {o: [pair(p) for p in ps] for o, ps in self.by_outlet.items()},
                "krippendorff_alpha": self.alpha, "alpha_quotes": self.alpha_quotes}


def labels(db: sqlite_utils.Database) -> dict[str, dict[str, str]]:
    """quote id -> reviewer -> that reviewer's answer as one label."""
    out: dict[str, dict[str, str]] = {}
    for qid, reviewer, status, root in db.execute(
        f"SELECT a.quote_id, a.reviewer, a.status, e.id FROM answers a {entity('a.speaker_id', 'e')} "
        "ORDER BY a.quote_id"
    ):
        label = "rejected" if status == "rejected" else ("no speaker" if root is None else f"speaker {root}")
        out.setdefault(qid, {})[reviewer] = label
    return out


def _pair(a: str, b: str, rows: list[dict[str, str]]) -> Pair:
    from sklearn.metrics import cohen_kappa_score

    both = [(r[a], r[b]) for r in rows if a in r and b in r]
    if not both:
        return Pair(a, b, 0, None, None)
    xs, ys = zip(*both)
    agreement = sum(x == y for x, y in both) / len(both)
    kappa = None
    if len(set(xs) | set(ys)) > 1:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            value = float(cohen_kappa_score(xs, ys))
        kappa = None if math.isnan(value) else value
    return Pair(a, b, len(both), agreement, kappa)


def _alpha(reviewers: list[str], rows: list[dict[str, str]]) -> tuple[float | None, int]:
    import krippendorff
    import numpy as np

    shared = [r for r in rows if len(r) >= 2]
    codes: dict[str, int] = {}
    data = np.full((len(reviewers), len(shared)), np.nan)
    for j, r in enumerate(shared):
        for i, who in enumerate(reviewers):
            if who in r:
                data[i, j] = codes.setdefault(r[who], len(codes))
    if len(codes) < 2:
        return None, len(shared)  # one label throughout: alpha is undefined
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")), len(shared)


def agreement(db: sqlite_utils.Database) -> Agreement:
    by_quote = labels(db)
    # Only the answered quotes' outlets: an archive's other million quotes have no labels.
    outlets = dict(db.execute("SELECT q.id, coalesce(a.outlet, a.file) FROM quotes q "
                              "JOIN articles a ON a.id = q.article_id "
                              "WHERE q.id IN (SELECT quote_id FROM answers)").fetchall())
    result = Agreement()
    for answered in by_quote.values():
        for who in answered:
            result.reviewers[who] = result.reviewers.get(who, 0) + 1
    reviewers = sorted(result.reviewers)
    rows = list(by_quote.values())
    result.pairs = [_pair(a, b, rows) for a, b in combinations(reviewers, 2)]
    per_outlet: dict[str, list[dict[str, str]]] = {}
    for qid, answered in by_quote.items():
        per_outlet.setdefault(outlets.get(qid, "?"), []).append(answered)
    for outlet in sorted(per_outlet):
        pairs = [p for p in (_pair(a, b, per_outlet[outlet]) for a, b in combinations(reviewers, 2)) if p.quotes]
        if pairs:
            result.by_outlet[outlet] = pairs
    if len(reviewers) >= 3:
        result.alpha, result.alpha_quotes = _alpha(reviewers, rows)
    return result
