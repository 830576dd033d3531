"""The speaker ranker's model: weights, the one scoring function, calibration.

``core.ranking`` describes each quote's options by their evidence; this
module turns those rows into the order and the probabilities a reviewer
sees. Training (``core.training``) and run time score through the same
``probabilities``, so what was fitted is what runs.

The rules' "locked" choice (``core.ranking.locked``: a name read from the
quote's own cue) is evidence the model reads and a calibration of its
figure, rather than an override after the fact (issue 16): an override
kept the rules' choice first while the figures beside it said another
candidate was likelier. Here the figure for a locked choice is what such
choices achieved on held-out data, the others share the rest, and the
proposal is whichever figure is highest.

The model is a weight per column and one monotone map, nothing else, so
``quotedesk``'s behaviour stays inspectable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .ranking import FEATURES, locked

WEIGHTS = Path(__file__).with_name("ranker.json")
#: Columns the model reads beside ``featurize``'s, about the rules' locked
#: choice: whether an option is it, and through which kind of cue. With
#: them the model learns what a lock is worth on PolNeAR; the calibration
#: below then says what locks it still underrates actually achieved.
LOCK_FEATURES = ("locked", "locked&speech-verb", "locked&according-to", "locked&colon")
COLUMNS = (*FEATURES, *LOCK_FEATURES)
_LOCK_RULES = {"speech-verb": 1, "according-to": 2, "colon": 3}


def design(rows: list[list[float]], fixed: int | None, options: list) -> np.ndarray:
    """One quote's model input: ``featurize``'s rows (options, then
    "nobody") with the lock's columns appended; ``fixed`` is
    ``core.ranking.locked(options)``."""
    x = np.zeros((len(rows), len(COLUMNS)))
    if not rows:
        return x
    x[:, : len(FEATURES)] = rows
    if fixed is not None:
        base = len(FEATURES)
        x[fixed, base] = 1.0
        rule = options[fixed].candidates[0].pattern.split("+", 1)[0]
        if rule in _LOCK_RULES:
            x[fixed, base + _LOCK_RULES[rule]] = 1.0
    return x


def probabilities(w: np.ndarray, x: np.ndarray, sizes: np.ndarray | None = None) -> np.ndarray:
    """Softmax of ``x @ w`` within each quote's rows.

    ``sizes`` splits the rows of many quotes stacked together (training);
    without it the rows are one quote's (run time)."""
    s = x @ w
    if sizes is None:
        e = np.exp(s - s.max())
        return e / e.sum()
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    group = np.repeat(np.arange(len(sizes)), sizes)
    e = np.exp(s - np.maximum.reduceat(s, starts)[group])
    return e / np.add.reduceat(e, starts)[group]


@dataclass
class Model:
    weights: dict[str, float]
    #: Isotonic (model probability, how often a locked choice was right)
    #: knots from held-out folds of PolNeAR train; linear between knots.
    lock_calibration: list[tuple[float, float]] = field(default_factory=list)

    def __post_init__(self):
        self.vector = np.array([self.weights.get(n, 0.0) for n in COLUMNS])

    def rank(self, options: list, rows: list[list[float]]) -> tuple[list[int], list[float]]:
        """Option indices best first, and the probability shown for each."""
        fixed = locked(options)
        return self.decide(probabilities(self.vector, design(rows, fixed, options)), fixed)

    def decide(self, p: np.ndarray, fixed: int | None) -> tuple[list[int], list[float]]:
        """The order and the figures, from the model's probabilities ``p``
        (options, then "nobody") and the rules' locked option.

        A locked option is shown with how often locked choices the model gave
        that probability were right (``lock_calibration``); the model
        underrates them where its other evidence disagrees with the quote's
        own cue (on held-out PolNeAR train such a lock is right more often
        than the model's favourite). The other options share the rest in
        the model's proportions. The order is by the figures shown, so the
        proposal is the most probable candidate on screen (issue 16): the
        lock is kept wherever its record beats the others' share, which on
        held-out PolNeAR train is everywhere, and the seeds' explicit cues
        keep their speakers. "Nobody" is never proposed: the reviewer is
        better served by the best guess with a low confidence than by a
        blank.
        """
        shown = np.array(p, dtype=float)
        if fixed is not None and self.lock_calibration and p[fixed] < 1.0:
            q = self.locked_right(p[fixed])
            shown *= (1.0 - q) / (1.0 - p[fixed])
            shown[fixed] = q
        shown = shown[:-1]
        order = sorted(range(len(shown)), key=lambda i: (-shown[i], i != fixed))
        return order, shown.tolist()

    def locked_right(self, p: float) -> float:
        xs, ys = zip(*self.lock_calibration)
        return float(np.interp(p, xs, ys))


def save_model(model: Model, path: Path, about: dict) -> None:
    path.write_text(json.dumps({
        **about,
        "lock_calibration": [[round(x, 4), round(y, 4)] for x, y in model.lock_calibration],
        "weights": {n: round(float(v), 5) for n, v in zip(COLUMNS, model.vector)},
    }, indent=1) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> Model | None:
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return Model(dict(data["weights"]), [tuple(k) for k in data.get("lock_calibration", [])])
