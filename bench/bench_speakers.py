"""Benchmark the reads that follow speaker merges, on a large database.

    python bench/bench_speakers.py [--quotes 1000000] [--runs 7] [--db /tmp/quotedesk-bench-1m.db]

Builds the database the way ``bench/bench_review.py`` does (the sample corpus
copied through SQL until there are enough quotes), gives each group of
``--per`` copies speakers of its own (an archive has a long tail of speakers,
not 34 who say everything), merges two of the busiest so every read has a
merge to follow, then times each read the desk makes with a speaker in it:
the median of ``--runs`` runs, in milliseconds.
Issue 14 asks for a filter by speaker under 200 ms at 1,000,000 quotes.

Not a test; the numbers go in the README.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_review import build  # noqa: E402
from quotedesk.core import detail, queue  # noqa: E402
from quotedesk.core.storage import open_db, transaction  # noqa: E402
from quotedesk.core.merges import merge_speakers  # noqa: E402
from quotedesk.core.speakers import entities as speakers, known_names  # noqa: E402


def spread(db, per: int) -> None:
    """Copy ``c`` of the sample speaks through speakers of group ``c // per``: the
    sample's speakers again, under names and aliases ending in the group number."""
    top = db.execute("SELECT max(id) FROM speakers").fetchone()[0]
    copies = db.execute("SELECT max(CAST(substr(id, instr(id, '-') + 1) AS INTEGER)) FROM quotes").fetchone()[0]
    group = "(CAST(substr({0}, instr({0}, '-') + 1) AS INTEGER) / ?)"
    with transaction(db):
        for g in range(1, copies // per + 1):
            db.execute("INSERT INTO speakers(id, name, kind) SELECT id + ?, name || ' ' || ?, kind FROM speakers "
                       "WHERE id <= ?", [top * g, g, top])
            db.execute("INSERT INTO aliases(speaker_id, alias) SELECT speaker_id + ?, alias || ' ' || ? FROM aliases "
                       "WHERE speaker_id <= ?", [top * g, g, top])
        for column in ("speaker_id", "proposed_speaker_id"):
            db.execute(f"UPDATE quotes SET {column} = {column} + ? * {group.format('id')} "
                       f"WHERE instr(id, '-') > 0 AND {column} IS NOT NULL", [top, per])
        db.execute(f"UPDATE candidates SET speaker_id = speaker_id + ? * {group.format('quote_id')} "
                   "WHERE instr(quote_id, '-') > 0 AND speaker_id IS NOT NULL", [top, per])
    db.execute("ANALYZE")


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--per", type=int, default=10, help="Copies of the sample that share one group of speakers.")
    ap.add_argument("--db", type=Path, default=Path("/tmp/quotedesk-bench-1m.db"))
    args = ap.parse_args()
    build(args.db, args.quotes)
    t = time.perf_counter()
    db = open_db(args.db)  # migrates a database built by an older quotedesk
    opened = time.perf_counter() - t
    if db.execute("SELECT count(*) FROM speakers").fetchone()[0] * 1000 < args.quotes:
        spread(db, args.per)
    busiest = [r[0] for r in db.execute(
        "SELECT proposed_speaker_id FROM quotes WHERE proposed_speaker_id IS NOT NULL "
        "GROUP BY proposed_speaker_id ORDER BY count(*) DESC LIMIT 2")]
    live = {s.id for s in speakers(db)}
    if busiest[0] in live and busiest[1] in live:
        merge_speakers(db, busiest[1], busiest[0], "bench")
    name = db.execute("SELECT name FROM speakers WHERE id = ?", [busiest[0]]).fetchone()[0]
    page = [qid for qid, _ in queue.queue(db, queue.Filter(speaker_id=busiest[1]))[:200]]
    total = db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    merged = db.execute("SELECT count(*) FROM speakers WHERE merged_into IS NOT NULL").fetchone()[0]
    print(f"{total} quotes, {len(live)} live speakers, {merged} merged; open_db {opened * 1000:.0f} ms")
    print(f"filter by a merged speaker's id      "
          f"{median_ms(lambda: queue.queue(db, queue.Filter(speaker_id=busiest[1])), args.runs):8.1f} ms"
          f"  ({len(page) and len(queue.queue(db, queue.Filter(speaker_id=busiest[1])))} quotes)")
    print(f"search by the speaker's name         "
          f"{median_ms(lambda: queue.queue(db, queue.Filter(search=name)), args.runs):8.1f} ms")
    print(f"queue rows for a page of 200         {median_ms(lambda: queue.rows(db, page), args.runs):8.1f} ms")
    print(f"one quote's detail and candidates    "
          f"{median_ms(lambda: (detail.context(db, page[0]), detail.candidates(db, page[0])), args.runs):8.1f} ms")
    print(f"speakers screen (names and counts)   {median_ms(lambda: speakers(db), args.runs):8.1f} ms")
    print(f"speaker prompt's known names         {median_ms(lambda: known_names(db), args.runs):8.1f} ms")
    db.close()


if __name__ == "__main__":
    main()
