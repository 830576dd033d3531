"""Where a parse's time goes: each pipeline component, stock and quotedesk's.

    .venv/bin/python bench/bench_parse.py [--corpus DIR] [--articles 200] [--rounds 2]

In one process, over the first ``--articles`` texts of the corpus (default
PolNeAR train), CPU seconds of:

* each component of the installed pipeline as ``spacy.load`` gives it, run
  over all the documents in turn (``pipe``, 32 at a time), and the same for
  quotedesk's pipeline (``core.nlp.load_nlp``: its stand-ins and components);
* a bare ``nlp.pipe`` of the texts through the stock pipeline, against
  ``core.parallel.analyse`` (detection, the partial parse, attribution),
  batches of ``core.parallel.BATCH``, alternating, medians of ``--rounds``.

It ends with the share of tokens the partial parse gives the whole
pipeline and the share the entity recogniser reads. ``bench_ingest.py``
measures whole runs in fresh processes, storing included; this one says
which part of them costs what. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "polnear" / "train" / "articles"


def per_component(nlp, texts: list[str]) -> dict[str, float]:
    start = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    out = {"tokenizer": time.process_time() - start}
    for name, proc in nlp.pipeline:
        start = time.process_time()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        out[name] = time.process_time() - start
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    import spacy

    from quotedesk.core.ingest import Article, collect, read_file
    from quotedesk.core.nlp import DEFAULT_MODEL, load_nlp
    from quotedesk.core.parallel import BATCH, analyse

    files, _ = collect([args.corpus])
    articles = [a for f in files for a in read_file(f) if isinstance(a, Article)][: args.articles]
    texts = [a.text for a in articles]
    stock, ours = spacy.load(DEFAULT_MODEL), load_nlp()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; {len(texts)} articles, "
          f"{sum(map(len, texts)):,} characters; CPU seconds, medians of {args.rounds}")
    comps: dict[str, dict[str, list[float]]] = {"stock": {}, "quotedesk": {}}
    bare, ingest = [], []
    for _ in range(args.rounds):
        for label, nlp in (("stock", stock), ("quotedesk", ours)):
            for name, secs in per_component(nlp, texts).items():
                comps[label].setdefault(name, []).append(secs)
        start = time.process_time()
        for _doc in stock.pipe(texts, batch_size=32):
            pass
        bare.append(time.process_time() - start)
        start = time.process_time()
        for k in range(0, len(articles), BATCH):
            analyse(ours, articles[k : k + BATCH])
        ingest.append(time.process_time() - start)
    for label, table in comps.items():
        cells = ", ".join(f"{name} {statistics.median(v):.2f}" for name, v in table.items())
        total = sum(statistics.median(v) for v in table.values())
        print(f"{label:<10} {cells}; total {total:.2f}")
    b, a = statistics.median(bare), statistics.median(ingest)
    print(f"bare nlp.pipe {b:.2f} s; core.parallel.analyse {a:.2f} s; ratio {a / b:.2f}x (below 1.0: cheaper)")
    print(coverage(ours, texts))


def coverage(nlp, texts: list[str]) -> str:
    """What share of the tokens the partial parse gives the full pipeline,
    and what share the recogniser reads (outside long quotations and runs
    of lowercase words), as ``core.partial_parse`` plans them."""
    from quotedesk.core import partial_parse as pp
    from quotedesk.core.detect import find_quotes

    full = read = quiet_only = total = 0
    for text in texts:
        doc, quotes = nlp.make_doc(text), find_quotes(text)
        starts = [t.idx for t in doc]
        for a, b, whole in pp.plan(text, quotes):
            if whole:
                full += sum(1 for i in starts if a <= i < b)
        outside = pp._outside(doc, pp.quiet_spans(quotes))
        quiet_only += sum(b - a for a, b in outside)
        read += sum(b - a for a, b in pp.names_read(doc, pp.quiet_spans(quotes)))
        total += len(doc)
    return (f"tokens: {total:,}; fully parsed {full / total:.0%}; the recogniser reads {read / total:.0%} "
            f"({quiet_only / total:.0%} with long quotations left out alone)")


if __name__ == "__main__":
    main()
