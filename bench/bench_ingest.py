"""What ``quotedesk ingest`` costs next to a bare spaCy parse of the same texts.

    .venv/bin/python bench/bench_ingest.py [--corpus DIR] [--rounds 5] [--workers 1]
                                           [--scaling] [--memory [--copies 10]]

Every run is a fresh process, measured from outside with ``os.wait4`` (wall
time, CPU time of the process and the workers it waited for, peak resident
memory of the largest of them). Runs alternate A B C A B C ... and the table
gives medians and the ratios of medians:

* ``ingest``: ``quotedesk ingest CORPUS --db FRESH --workers N`` (read,
  detect, attribute, store, families);
* ``bare pipe``: read the same texts with quotedesk's reader, load the
  installed spaCy pipeline as it comes (``spacy.load``: none of quotedesk's
  components, tokenizer cases or faster stand-ins) and run ``nlp.pipe`` over
  them (``n_process=N``), nothing else;
* ``start-up``: import and load the pipeline only, what both of the above
  pay before the first article; the ``net`` ratio subtracts it from both.

``--scaling`` times ingest with 1 worker against 2 (A B A B; the bare pipe
with 1 process against 2 beside them shows what the machine gave), ``--memory``
compares peak memory on the corpus against ``--copies`` times the corpus (the
same texts under other ids, written to a temporary folder). The default
corpus is PolNeAR dev; ``--corpus ../shared/polnear/train/articles`` for
train. Not a test; the tables go in the README ("Speed").
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_CORPUS = REPO.parent / "shared" / "polnear" / "dev" / "articles"

BARE = """
import sys
sys.path.insert(0, {repo!r})
import spacy
from quotedesk.core.ingest import Article, collect, read_file
from quotedesk.core.nlp import DEFAULT_MODEL
nlp = spacy.load(DEFAULT_MODEL)
if {parse}:
    files, _ = collect([{corpus!r}])
    texts = (a.text for f in files for a in read_file(f) if isinstance(a, Article))
    for doc in nlp.pipe(texts, batch_size=32, n_process={workers}):
        pass
"""


def run(argv: list[str]) -> dict:
    """One process: wall seconds, CPU seconds (with its children), peak RSS in MiB."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def ingest_cmd(corpus: Path, db: Path, workers: int) -> list[str]:
    for f in db.parent.glob(db.name + "*"):
        f.unlink()
    argv = [sys.executable, "-c", "from quotedesk.cli import main; main()", "ingest", str(corpus), "--db", str(db)]
    if has_workers():
        argv += ["--workers", str(workers)]
    elif workers != 1:
        raise SystemExit("this checkout's ingest has no --workers")
    return argv


_HAS_WORKERS: list[bool] = []


def has_workers() -> bool:
    """Whether ``ingest`` takes ``--workers`` (so the bench also measures an
    older checkout, the "before" of a change)."""
    if not _HAS_WORKERS:
        out = subprocess.run([sys.executable, "-c", "from quotedesk.cli import main; main()", "ingest", "--help"], cwd=REPO,
                             capture_output=True, text=True).stdout
        _HAS_WORKERS.append("--workers" in out)
    return _HAS_WORKERS[0]


def bare_cmd(corpus: Path, workers: int, parse: bool = True) -> list[str]:
    return [sys.executable, "-c", BARE.format(repo=str(REPO), corpus=str(corpus), workers=workers, parse=parse)]


def corpus_size(corpus: Path) -> tuple[int, int]:
    from quotedesk.core.ingest import Article, collect, read_file

    files, _ = collect([corpus])
    arts = [a for f in files for a in read_file(f) if isinstance(a, Article)]
    return len(arts), sum(len(a.text) for a in arts)


def medians(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss")}


def header(corpus: Path, rounds: int) -> None:
    n, chars = corpus_size(corpus)
    load = os.getloadavg()[0]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average {load:.1f} at start (the machine is shared)")
    print(f"corpus: {corpus} ({n} articles, {chars:,} characters); medians of {rounds} alternating run(s)")


def row(name: str, m: dict, base: dict | None = None, net: dict | None = None) -> str:
    line = f"{name:<28} {m['wall']:>8.1f} {m['cpu']:>8.1f} {m['rss']:>8.0f}"
    if base:
        line += f"   {m['cpu'] / base['cpu']:>5.2f}x cpu  {m['wall'] / base['wall']:>5.2f}x wall"
    if net:
        line += f"   net {net['cpu']:.2f}x cpu, {net['wall']:.2f}x wall"
    return line


def compare(corpus: Path, rounds: int, workers: int, folder: Path) -> None:
    db = folder / "bench.db"
    runs: dict[str, list[dict]] = {"ingest": [], "bare": [], "startup": []}
    for _ in range(rounds):
        runs["ingest"].append(run(ingest_cmd(corpus, db, workers)))
        runs["bare"].append(run(bare_cmd(corpus, workers)))
        runs["startup"].append(run(bare_cmd(corpus, workers, parse=False)))
    m = {k: medians(v) for k, v in runs.items()}
    net = {k: (m["ingest"][k] - m["startup"][k]) / max(1e-9, m["bare"][k] - m["startup"][k]) for k in ("wall", "cpu")}
    print(f"{workers} process(es) each; ratio = ingest / bare pipe (below 1.0: ingest is cheaper)")
    print(f"{'run':<28} {'wall s':>8} {'cpu s':>8} {'peak MiB':>8}   ratio to the bare pipe")
    print(row(f"quotedesk ingest", m["ingest"], m["bare"], net))
    print(row(f"bare nlp.pipe", m["bare"]))
    print(row("start-up (load only)", m["startup"]))


def scaling(corpus: Path, rounds: int, folder: Path) -> None:
    """Ingest with 1 worker against 2, and the bare pipe with 1 process
    against 2 beside them: on a shared machine the second core is not always
    there, and the bare pipe's speed-up shows what it gave in this run."""
    db = folder / "bench.db"
    runs: dict[str, list[dict]] = {"i1": [], "i2": [], "b1": [], "b2": []}
    for _ in range(rounds):
        runs["i1"].append(run(ingest_cmd(corpus, db, 1)))
        runs["i2"].append(run(ingest_cmd(corpus, db, 2)))
        runs["b1"].append(run(bare_cmd(corpus, 1)))
        runs["b2"].append(run(bare_cmd(corpus, 2)))
    m = {k: medians(v) for k, v in runs.items()}
    print(f"{'run':<28} {'wall s':>8} {'cpu s':>8} {'peak MiB':>8}")
    print(row("ingest --workers 1", m["i1"]))
    print(row("ingest --workers 2", m["i2"]))
    print(row("bare nlp.pipe n_process=1", m["b1"]))
    print(row("bare nlp.pipe n_process=2", m["b2"]))
    print(f"speed-up of 2 processes over 1 (wall): ingest {m['i1']['wall'] / m['i2']['wall']:.2f}x, "
          f"bare pipe {m['b1']['wall'] / m['b2']['wall']:.2f}x")


def memory(corpus: Path, rounds: int, copies: int, workers: int, folder: Path) -> None:
    """Peak memory on the corpus and on ``copies`` copies of it, each text
    given a last line naming its copy so that its hash (its id) differs."""
    from quotedesk.core.ingest import Article, collect, read_file

    big = folder / "copies"
    files, _ = collect([corpus])
    for n in range(copies):
        out = big / f"copy{n:03d}"
        out.mkdir(parents=True)
        for f in files:
            for a in read_file(f):
                if isinstance(a, Article):
                    (out / f.name).write_text(a.text if n == 0 else f"{a.text}\n\nCopy {n}.\n", encoding="utf-8")
    db = folder / "bench.db"
    small, large = [], []
    for _ in range(rounds):
        small.append(run(ingest_cmd(corpus, db, workers)))
        large.append(run(ingest_cmd(big, db, workers)))
    a, b = medians(small), medians(large)
    print(f"{'run':<28} {'wall s':>8} {'cpu s':>8} {'peak MiB':>8}")
    print(row("ingest corpus", a))
    print(row(f"ingest corpus x{copies}", b))
    print(f"peak memory growth with {copies}x the articles: {100 * (b['rss'] / a['rss'] - 1):+.1f}% "
          f"(largest single process, {workers} worker(s))")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1, help="processes for both ingest and the bare pipe")
    ap.add_argument("--scaling", action="store_true", help="ingest with 2 workers against 1")
    ap.add_argument("--memory", action="store_true", help="peak memory on the corpus against --copies times it")
    ap.add_argument("--copies", type=int, default=10)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no such folder (the PolNeAR articles live in ../shared)")
    folder = Path(tempfile.mkdtemp(prefix="qd-bench-ingest-"))
    try:
        header(args.corpus, args.rounds)
        if args.scaling:
            scaling(args.corpus, args.rounds, folder)
        elif args.memory:
            memory(args.corpus, args.rounds, args.copies, args.workers, folder)
        else:
            compare(args.corpus, args.rounds, args.workers, folder)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
