"""Time detection and attribution of one article on text no newsroom writes.

    python bench/bench_hostile.py [--chars 20000] [--timeout 600] [--case NAME ...]

Each case builds one article of ``--chars`` characters by repeating a short
stretch (one huge paragraph of prose, a thousand quotes in a paragraph,
unbalanced marks, every kind of mark, a paragraph with no sentence end, a
paragraph naming a new person in every sentence, words alone) and runs what
``quotedesk ingest`` runs on it: ``find_quotes`` then the pipeline on the
bounded view (``core.layout.parse``, the spaCy parse included). Every case runs in its own process, so its peak
memory is its own, and is stopped after ``--timeout`` seconds. Run it at two
sizes to see how time grows; quotedesk refuses articles over 300,000
characters (``core.ingest.MAX_ARTICLE_CHARS``).

Not a test; the numbers go in the closing note of issue 11.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = "James Robert John Michael David William Richard Joseph Thomas Mary Patricia Jennifer Linda Susan".split()
LAST = "Smith Johnson Brown Jones Garcia Miller Davis Wilson Anderson Taylor Moore Jackson Martin Lee Perez".split()


def _repeat(unit: str):
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _people(n: int) -> str:
    text = "".join(f'{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]} said he would go and "he is here". '
                   for i in range(n // 40 + 1))
    return text[:n]


CASES = {
    "prose": _repeat('Mayor Ann Lee said "The bridge will open soon." She added that "it is safe". '),
    "quotes": _repeat('"No," he said. "Yes." '),
    "unbalanced": _repeat("“a „b ‘c « d "),
    "marks": _repeat("'a' ‘b’ « c » „d“ ‹e› ``f'' \"g\" “h” "),
    "no-stop": _repeat('Tom Reyes said "we will win" and '),
    "people": _people,
    "words": _repeat("alpha beta gamma delta "),
}


def run_one(case: str, chars: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from quotedesk.core.detect import find_quotes
    from quotedesk.core.layout import bounded, parse
    from quotedesk.core.nlp import load_nlp

    nlp = load_nlp()
    model_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    text = CASES[case](chars)
    t0 = time.perf_counter()
    quotes = find_quotes(text)
    t1 = time.perf_counter()
    parse(nlp, bounded(text, quotes), quotes)
    t2 = time.perf_counter()
    return {"quotes": len(quotes), "detect": t1 - t0, "attribute": t2 - t1,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "model_mb": model_mb}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=20_000)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--case", action="append", choices=sorted(CASES))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.chars)))
        return
    print(f"{'case':<11} {'chars':>8} {'quotes':>7} {'detect s':>9} {'attribute s':>12} {'peak MB':>8}")
    for case in args.case or list(CASES):
        try:
            out = subprocess.run([sys.executable, __file__, "--one", case, "--chars", str(args.chars)],
                                 capture_output=True, text=True, timeout=args.timeout)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{case:<11} {args.chars:>8,} {r['quotes']:>7,} {r['detect']:>9.2f} {r['attribute']:>12.1f} "
                  f"{r['peak_mb']:>8,}", flush=True)
        except subprocess.TimeoutExpired:
            print(f"{case:<11} {args.chars:>8,} {'':>7} {'':>9} {'> ' + str(int(args.timeout)):>12} {'':>8}", flush=True)


if __name__ == "__main__":
    main()
