"""Train the speaker ranker on PolNeAR train and write core/ranker.json.

Reads ../shared/polnear/SPLIT (never copied into the repository) and runs
``core.training.train``: the rules' pools labelled with the gold speaker, a
conditional logit fitted by L-BFGS, five folds by article for held-out
figures and the map from the model's probability for the rules' locked
choice to how often such a choice was right.

    .venv/bin/python bench/train_ranker.py [--limit N] [--cache docs.spacy] [--dry-run]

It prints speaker accuracy for the rules alone and held-out accuracy for the
ranker, over required quotes with an options pool (transcript labels and
quotes with no candidate at all aside), and the held-out accuracy per band
of the confidence shown, so any change to the features can be judged before
it is written. The held-out figure leans a little optimistic: the second
round's features come from a first-round model fit on all folds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotedesk.core.errors import QuotedeskError  # noqa: E402
from quotedesk.core.evaluate import load_gold  # noqa: E402
from quotedesk.core.nlp import load_nlp  # noqa: E402
from quotedesk.core.ranker import COLUMNS, WEIGHTS, save_model  # noqa: E402
from quotedesk.core.training import L2, parsed_docs, train  # noqa: E402


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
    files = sorted((root / "articles").glob("*.txt"))[: args.limit or None]
    names = {f.name for f in files}
    gold = [g for g in load_gold(root / "gold.jsonl") if g["file"] in names]
    try:
        docs = parsed_docs(load_nlp(), files, args.cache)
    except QuotedeskError as e:
        sys.exit(str(e))
    t = train(files, docs, gold, args.folds, args.l2, args.rounds)
    print(f"rules alone {t.rules_accuracy:.4f} on {t.quotes} quotes; ranker held-out {t.held_out_accuracy:.4f}")
    n, lock, favourite = t.disagreements
    print(f"  where the model's favourite is not the rules' locked choice ({n} quotes): the lock was right "
          f"{lock:.3f}, the favourite {favourite:.3f}; locks not proposed after calibration: {t.locks_overturned}")
    knots = [(round(x, 3), round(y, 3)) for x, y in t.model.lock_calibration]
    print(f"  a locked choice, by the model's probability for it, was right: {knots}")
    for lo, hi, accuracy, share in t.bands:
        print(f"  confidence {lo:.1f}-{hi:.1f}: accuracy {accuracy:.4f} on {share:.1%}")
    if args.dry_run:
        for name, value in sorted(zip(COLUMNS, t.model.vector), key=lambda t: -abs(t[1]))[:25]:
            print(f"  {value:+.3f}  {name}")
        return
    save_model(t.model, WEIGHTS, {
        "about": "Speaker ranker for core/ranker.py, written by bench/train_ranker.py from PolNeAR "
                 f"{args.split} ({len(files)} articles, {t.quotes} quotes); numbers only, no text.",
        "held_out_accuracy": round(t.held_out_accuracy, 4),
    })
    print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
