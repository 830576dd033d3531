"""Benchmark the desk's reads and an export on a database of 1,000,000 quotes.

    python bench/bench_scale.py [--quotes 1000000] [--rounds 5] [--presses 300] [--db /tmp/quotedesk-1m.db]

The database is built as ``bench/bench_review.py`` builds it (the sample
corpus copied through SQL until there are enough quotes), then timed, each a
median of ``--rounds`` runs:

* the queue under a filter by outlet, by speaker and by full-text search
  (``core.queue.queue``: what the desk runs when a filter is applied), and
  the first page the desk paints meanwhile where ``core.queue.queue_head``
  gives one;
* ``export`` of 100,000 verified rows as JSONL, CSV and Parquet
  (``core.export.export_to``), wall and CPU time;
* the desk itself, through ``bench_review.measure``: first paint and
  confirm-and-advance.

Not a test; the table goes in the README.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_review import build, measure  # noqa: E402

from quotedesk.core.export import export_to  # noqa: E402
from quotedesk.core.queue import Filter, queue, queue_head  # noqa: E402
from quotedesk.core.storage import open_db, transaction  # noqa: E402

EXPORT_ROWS = 100_000


def timed(fn, rounds: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``fn()`` over ``rounds`` runs: on a shared
    machine the CPU time is the steadier figure."""
    walls, cpus, result = [], [], None
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), result


def reads(path: Path, rounds: int) -> None:
    db = open_db(path)
    total = db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    outlet = db.execute("SELECT outlet FROM articles WHERE outlet IS NOT NULL "
                        "GROUP BY outlet ORDER BY COUNT(*) LIMIT 1").fetchone()[0]
    speaker = db.execute("SELECT speaker_id FROM (SELECT COALESCE(speaker_id, proposed_speaker_id) AS speaker_id "
                         "FROM quotes LIMIT 5000) WHERE speaker_id IS NOT NULL "
                         "GROUP BY speaker_id ORDER BY COUNT(*) LIMIT 1").fetchone()[0]
    word = "sanctions"
    print(f"quotes in the database      {total}")
    for label, flt in [("filter by outlet", Filter(outlet=outlet)),
                       ("filter by speaker", Filter(speaker_id=speaker)),
                       (f"full-text search {word!r}", Filter(search=word))]:
        wall, cpu, found = timed(lambda: queue(db, flt), rounds)
        print(f"{label:<28}{wall * 1000:8.0f} ms wall {cpu * 1000:8.0f} ms cpu  median of {rounds}, "
              f"{len(found)} quotes listed")
        if queue_head(db, flt) is not None:  # what the desk paints before the whole list is read
            wall, cpu, head = timed(lambda: queue_head(db, flt), rounds)
            print(f"{'  its first page':<28}{wall * 1000:8.1f} ms wall {cpu * 1000:8.1f} ms cpu  median of {rounds}, "
                  f"{len(head)} quotes")
    ids = [r[0] for r in db.execute("SELECT id FROM quotes ORDER BY rowid LIMIT ?", [EXPORT_ROWS])]
    with transaction(db):
        db.execute("UPDATE quotes SET status = 'verified' WHERE id IN (SELECT value FROM json_each(?))",
                   [json.dumps(ids)])
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("jsonl", "csv", "parquet"):
            out = Path(tmp) / f"verified.{fmt}"
            wall, cpu, n = timed(lambda: export_to(db, fmt, out, status="verified"), max(1, rounds // 2))
            print(f"{f'export {n} rows, {fmt}':<28}{wall * 1000:8.0f} ms wall {cpu * 1000:8.0f} ms cpu  "
                  f"median of {max(1, rounds // 2)}, {os.path.getsize(out) / 2**20:.0f} MiB")
    with transaction(db):
        db.execute("UPDATE quotes SET status = 'pending' WHERE id IN (SELECT value FROM json_each(?))",
                   [json.dumps(ids)])
    db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--presses", type=int, default=300)
    ap.add_argument("--db", type=Path, default=Path("/tmp/quotedesk-1m.db"))
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().machine}, "
          f"load average {os.getloadavg()[0]:.1f}")
    build(args.db, args.quotes)
    reads(args.db, args.rounds)
    asyncio.run(measure(args.db, args.presses))


if __name__ == "__main__":
    main()
