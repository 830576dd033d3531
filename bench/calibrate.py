"""Measure how often each attribution rule is right, to calibrate confidence.

Reads PolNeAR train (../shared/polnear/train, never copied into the repo) and
prints, per (rule, quote kind, clear margin), the share of attributions that
name an accepted speaker. core/confidence.py holds the table this printed;
rerun after changing attribution rules and paste the new table there.

    .venv/bin/python bench/calibrate.py [--split train] [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.attribute import attribute_doc  # noqa: E402
from core.confidence import MARGIN, kind_group  # noqa: E402
from core.detect import find_quotes  # noqa: E402
from core.evaluate import Prediction, load_gold, match_spans, speaker_is_right  # noqa: E402
from core.nlp import load_nlp  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=0)
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
    preds, atts = [], []
    texts = [f.read_text(encoding="utf-8") for f in files]
    for f, doc in zip(files, nlp.pipe(texts, batch_size=8)):
        for a in attribute_doc(doc, find_quotes(doc.text)):
            c = a.chosen
            preds.append(Prediction(f.name, a.quote.start, a.quote.end, a.quote.text, c.name if c else None, a.quote.kind))
            atts.append(a)
    counts = collections.Counter()
    for i, j in match_spans(gold, preds).items():
        g = gold[i]
        a = atts[j]
        if g["kind"] not in ("full", "partial") or g.get("unresolved") or a.chosen is None:
            continue
        key = (a.chosen.pattern, kind_group(a.quote.kind), a.margin >= MARGIN)
        counts[key, speaker_is_right(a.chosen.name, g["accept"])] += 1
    print("TABLE = {")
    for key in sorted({k for k, _ in counts}):
        right, wrong = counts[key, True], counts[key, False]
        print(f"    {key!r}: ({right}, {wrong}),")
    print("}")


if __name__ == "__main__":
    main()
