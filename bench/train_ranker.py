"""Train the speaker ranker (core/ranking.py) on PolNeAR train.

Reads ../shared/polnear/train (never copied into the repository), runs the
attribution rules with the ranker switched off, labels each quote's options
with the gold speaker, and fits a conditional-logit model: one weight per
feature, a softmax over each quote's options, L2-regularised. A second round
re-reads the articles with that model in the loop, so features about the
previous quote's speaker are what they will be at run time, and fits again. Five folds by
article give held-out probabilities, the accuracy per probability band (the
probability is the confidence shown to reviewers, so the bands show whether
it can be taken at its word) and how often a rule's locked choice that the
model did not prefer was right, by the model's probability for it (an
isotonic map: the confidence shown for such a choice). The final model is fit on all of
train and written to core/ranker.json.

    .venv/bin/python bench/train_ranker.py [--limit N] [--cache docs.spacy] [--dry-run]

It prints speaker accuracy for the rules alone and held-out accuracy for the
ranker, over required quotes with an options pool (transcript labels and
quotes with no candidate at all aside), so any change to the features can be
judged before it is written. The held-out figure leans a little optimistic:
the second round's features come from a first-round model fit on all folds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.attribute import attribute_doc  # noqa: E402
from core.detect import find_quotes  # noqa: E402
from core.evaluate import Prediction, load_gold, match_spans, speaker_is_right  # noqa: E402
from core.nlp import load_nlp  # noqa: E402
from core.ranking import FEATURES, WEIGHTS, Model, locked  # noqa: E402

L2 = 0.3


def parsed_docs(nlp, files, cache: Path | None):
    from spacy.tokens import DocBin

    texts = [f.read_text(encoding="utf-8") for f in files]
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] != texts:
            sys.exit(f"{cache}: parses of other articles (another --limit or split); delete it or pick another path")
        return docs
    docs = []
    for n, doc in enumerate(nlp.pipe(texts, batch_size=8), 1):
        docs.append(doc)
        if n % 50 == 0:
            print(f"  parsed {n}/{len(texts)}", file=sys.stderr)
    if cache:
        bin_ = DocBin(store_user_data=False)
        for d in docs:
            bin_.add(d)
        bin_.to_disk(cache)
    return docs


def examples(files, docs, gold, model=None):
    """One group per evaluable quote: (article number, feature rows, labels,
    the pick right, the locked option).

    With ``model``, quotes are attributed with it in the loop, so features
    that look back at the previous quote's speaker see what they will see
    at run time."""
    groups = []
    for n, (f, doc) in enumerate(zip(files, docs)):
        trace: list = []
        atts = attribute_doc(doc, find_quotes(doc.text), model=model, trace=trace)
        traced = {id(att): (options, rows) for att, options, rows in trace}
        preds = [Prediction(f.name, a.quote.start, a.quote.end, a.quote.text, a.chosen.name if a.chosen else None, a.quote.kind)
                 for a in atts]
        rows_gold = [g for g in gold if g["file"] == f.name]
        for gi, pj in match_spans(rows_gold, preds).items():
            g = rows_gold[gi]
            if g["kind"] not in ("full", "partial") or g.get("unresolved"):
                continue
            att = atts[pj]
            options, rows = traced.get(id(att), ([], []))
            if not options:
                continue
            accept = g.get("accept") or [g.get("speaker")]
            labels = [speaker_is_right(o.candidates[0].name if o.candidates else o.entity.name, accept) for o in options]
            labels.append(not any(labels))  # "nobody": the pool lacks the speaker, or there is none
            rules_right = speaker_is_right(preds[pj].speaker, accept)
            groups.append((n, np.array(rows, dtype=float).reshape(len(rows), len(FEATURES)), np.array(labels, bool),
                           rules_right, locked(options)))
    return groups


def fit(groups, l2: float = L2, steps: int = 600) -> np.ndarray:
    """Conditional logit by full-batch Adam: maximise the log-probability of
    the right options (summed when several names are accepted)."""
    train = [(x, y) for _, x, y, *_ in groups]
    X = np.concatenate([x for x, _ in train])
    Y = np.concatenate([y for _, y in train]).astype(float)
    sizes = np.array([len(y) for _, y in train])
    group = np.repeat(np.arange(len(train)), sizes)
    w = np.zeros(X.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        s = X @ w
        mx = np.full(len(train), -np.inf)
        np.maximum.at(mx, group, s)
        e = np.exp(s - mx[group])
        z = np.bincount(group, e)
        p = e / z[group]
        # Probability mass on the right options, per group.
        pr = np.bincount(group, p * Y)
        # Gradient of -sum log(pr): p - p*Y/pr per option.
        g_opt = p - (p * Y) / pr[group]
        grad = X.T @ g_opt / len(train) + l2 * w / len(train) * 10
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def choose(w, x, fixed):
    """The runtime choice (core.ranking.Model.rank): the locked option or the most probable;
    its probability; and whether the lock overrode the model's favourite."""
    s = x @ w
    p = np.exp(s - s.max())
    p /= p.sum()
    best = int(p[:-1].argmax())  # the last row, "nobody", is never chosen
    i = best if fixed is None else fixed
    return i, float(p[i]), i != best


def isotonic(points):
    """Pool-adjacent-violators over (probability, right) pairs: knots of a
    non-decreasing map from probability to accuracy."""
    points = sorted(points)
    blocks = []  # [sum_right, count, max_p]
    for p, right in points:
        blocks.append([float(right), 1, p])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            r, c, mp = blocks.pop()
            blocks[-1][0] += r
            blocks[-1][1] += c
            blocks[-1][2] = mp
    # Blocks too small to trust are pooled with the next one.
    knots = []
    acc_r, acc_c = 0.0, 0
    for r, c, mp in blocks:
        acc_r, acc_c = acc_r + r, acc_c + c
        if acc_c >= 40:
            knots.append((round(mp, 4), round(acc_r / acc_c, 4)))
            acc_r, acc_c = 0.0, 0
    if acc_c:
        knots.append((1.0, round(acc_r / acc_c, 4) if not knots else max(knots[-1][1], round(acc_r / acc_c, 4))))
    knots[-1] = (1.0, knots[-1][1])
    return knots


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, help="DocBin file to reuse parses between runs")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--rounds", type=int, default=2,
                    help="rounds of training; each later round re-reads the articles with the last model in the loop")
    ap.add_argument("--dry-run", action="store_true", help="report held-out figures, write nothing")
    args = ap.parse_args()
    root = ROOT.parent / "shared" / "polnear" / args.split
    if not root.is_dir():
        sys.exit(f"{root}: not found (PolNeAR is read from ../shared)")
    files = sorted((root / "articles").glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    names = {f.name for f in files}
    gold = [g for g in load_gold(root / "gold.jsonl") if g["file"] in names]
    nlp = load_nlp()
    docs = parsed_docs(nlp, files, args.cache)
    groups = examples(files, docs, gold)
    rules = f"rules alone {sum(g[3] for g in groups) / len(groups):.4f} on {len(groups)}"
    for _ in range(args.rounds - 1):
        groups = examples(files, docs, gold, Model(dict(zip(FEATURES, fit(groups, args.l2)))))
    n = len(groups)
    held, points = 0, []
    for k in range(args.folds):
        train = [gr for gr in groups if gr[0] % args.folds != k]
        test = [gr for gr in groups if gr[0] % args.folds == k]
        w = fit(train, args.l2)
        for _, x, y, _, fixed in test:
            i, p, overrode = choose(w, x, fixed)
            held += bool(y[i])
            points.append((p, bool(y[i]), overrode))
    print(f"{rules} quotes; ranker held-out {held / n:.4f} on {n}")
    overrides = [(p, r) for p, r, o in points if o]
    knots = isotonic(overrides) if overrides else []
    print(f"  a locked choice the model did not prefer: right {sum(r for _, r in overrides) / max(len(overrides), 1):.4f}"
          f" on {len(overrides)}; by the model's probability for it: {knots}")
    calibrated = Model({}, knots)
    shown = [(calibrated.overridden(p) if o else p, r) for p, r, o in points]  # the confidence the desk shows
    for lo, hi in ((0.9, 1.01), (0.7, 0.9), (0.0, 0.7)):
        band = [r for p, r in shown if lo <= p < hi]
        if band:
            print(f"  confidence {lo:.1f}-{min(hi, 1):.1f}: accuracy {sum(band) / len(band):.4f} on {len(band) / n:.1%}")
    w = fit(groups, args.l2)
    if args.dry_run:
        for name, value in sorted(zip(FEATURES, w), key=lambda t: -abs(t[1]))[:25]:
            print(f"  {value:+.3f}  {name}")
        return
    WEIGHTS.write_text(json.dumps({
        "about": "Speaker ranker for core/ranking.py, written by bench/train_ranker.py from PolNeAR "
                 f"{args.split} ({len(files)} articles, {n} quotes); numbers only, no text.",
        "held_out_accuracy": round(held / n, 4),
        "override_calibration": knots,
        "weights": {name: round(float(v), 5) for name, v in zip(FEATURES, w)},
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
