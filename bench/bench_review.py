"""Benchmark the review desk on a 100,000-quote database.

    python bench/bench_review.py [--quotes 100000] [--presses 1000] [--db /tmp/bench100k.db]

Builds the database once (the sample corpus ingested, then its articles,
quotes, candidates and families copied over and over through SQL until there
are enough quotes), then drives the real app with Pilot:

* first paint: from starting the app to the queue and the first quote's
  context on screen;
* confirm-and-advance: ``a`` pressed ``--presses`` times through Pilot, each
  timed from the key event reaching the app to the end of the next screen
  refresh (decision committed, cursor moved, panes redrawn). Pilot's own round
  trip per key is printed too: it waits for the process to look idle in 20 ms
  polling steps, so it has a floor of about 40 ms whatever the app does.

Not a test; the numbers go in the README.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402

from quotedesk.core.ingest import sample_corpus  # noqa: E402
from quotedesk.core.pipeline import ingest  # noqa: E402
from quotedesk.core.storage import open_db  # noqa: E402
from quotedesk.tui.app import make_app  # noqa: E402
from quotedesk.tui.widgets.queue import QueueView  # noqa: E402

ARTICLE_COLS = "file, source, outlet, url, date, title, text, detector_version"
QUOTE_COLS = ("start, \"end\", text, kind, paragraph, speaker_id, proposed_speaker_id, speaker_mention, "
              "mention_start, mention_end, cue, cue_start, cue_end, confidence")
CAND_COLS = "rank, speaker_id, mention, mention_start, mention_end, score, cue, pattern, evidence, origin"


def build(path: Path, quotes: int) -> None:
    if path.exists():
        db = open_db(path)
        have = db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
        db.execute("UPDATE quotes SET status = 'pending', reviewer = NULL, decided_at = NULL, review_seconds = 0")
        db.close()
        if have >= quotes:
            return
        path.unlink()
    t = time.perf_counter()
    db = open_db(path)
    ingest(db, [sample_corpus()])
    base = db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    copies = -(-quotes // base) - 1
    with db.atomic():
        db.execute("CREATE TEMP TABLE seed_articles AS SELECT * FROM articles")
        db.execute("CREATE TEMP TABLE seed_quotes AS SELECT * FROM quotes")
        db.execute("CREATE TEMP TABLE seed_candidates AS SELECT * FROM candidates")
        top = db.execute("SELECT COALESCE(MAX(id), 0) FROM clusters").fetchone()[0]
        for i in range(1, copies + 1):
            sfx = f"-{i}"
            db.execute(f"INSERT INTO articles(id, sha256, ingested_at, {ARTICLE_COLS}) "
                       f"SELECT id || ?, sha256 || ?, ingested_at, {ARTICLE_COLS} FROM seed_articles", [sfx, sfx])
            db.execute("INSERT INTO clusters(id, canonical, size, outlets, conflict) "
                       "SELECT id + ?, canonical, size, outlets, conflict FROM clusters WHERE id <= ?", [top * i, top])
            db.execute(f"INSERT INTO quotes(id, article_id, cluster_id, {QUOTE_COLS}) "
                       f"SELECT id || ?, article_id || ?, cluster_id + ?, {QUOTE_COLS} FROM seed_quotes",
                       [sfx, sfx, top * i])
            db.execute(f"INSERT INTO candidates(quote_id, {CAND_COLS}) "
                       f"SELECT quote_id || ?, {CAND_COLS} FROM seed_candidates", [sfx])
    n = db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    db.execute("ANALYZE")
    db.close()
    print(f"built {path}: {n} quotes in {time.perf_counter() - t:.1f} s", flush=True)


async def measure(path: Path, presses: int) -> None:
    db = open_db(path)
    mark = db.execute("SELECT COALESCE(MAX(id), 0) FROM decisions").fetchone()[0]
    db.close()
    latencies: list[float] = []
    pending: dict = {}

    def hook(message) -> None:
        # The clock starts when the key first reaches the app. The action posts
        # QueueView.Moved once the decision is stored and the cursor has moved;
        # when that is dispatched we ask for a callback after the next screen
        # refresh (Textual's public call_after_refresh), which stops the clock
        # for that key press.
        if isinstance(message, events.Key) and message.key == "a" and message is not pending.get("key"):
            pending["key"] = message  # the same event is dispatched again as it bubbles; count it once
            pending["press"] = {"start": time.perf_counter(), "armed": False}
        elif isinstance(message, QueueView.Moved) and pending.get("press") and not pending["press"]["armed"]:
            press = pending["press"]
            press["armed"] = True
            app.screen.call_after_refresh(lambda: latencies.append(time.perf_counter() - press["start"]))

    t0 = time.perf_counter()
    app = make_app(path, "bench", keymap={})
    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        screen = app.screen
        while not (getattr(screen, "queue", None) and screen.queue.loaded and screen.shown):
            await asyncio.sleep(0.002)
            screen = app.screen
        first_paint = time.perf_counter() - t0
        while screen.queue.partial:
            await asyncio.sleep(0.002)
        full_queue = time.perf_counter() - t0
        await pilot.pause()
        total = len(screen.queue.ids)
        idle = []
        for _ in range(50):  # an unbound key: Pilot's own round trip
            t = time.perf_counter()
            await pilot.press("z")
            idle.append(time.perf_counter() - t)
        trips = []
        for _ in range(presses):
            t = time.perf_counter()
            await pilot.press("a")
            trips.append(time.perf_counter() - t)
        await app.workers.wait_for_complete()
        decided = screen.queue.decided
    db = open_db(path)
    stored = db.execute("SELECT COUNT(*) FROM decisions WHERE id > ? AND reviewer = 'bench' AND action = 'confirm'",
                        [mark]).fetchone()[0]
    db.close()

    def ms(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(len(values) * q))] * 1000

    print(f"quotes in the queue         {total}")
    print(f"first paint                 {first_paint * 1000:.0f} ms  (app start to queue and first quote on screen)")
    print(f"whole queue read            {full_queue * 1000:.0f} ms  (in a worker; the first page is shown before)")
    print(f"confirm-and-advance ×{len(latencies)}   median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p90 {ms(latencies, 0.9):.1f} ms, max {max(latencies) * 1000:.1f} ms  (key in to next frame drawn)")
    print(f"Pilot round trip per press  median {statistics.median(trips) * 1000:.1f} ms "
          f"(an unbound key: {statistics.median(idle) * 1000:.1f} ms; Pilot polls for idle in 20 ms steps)")
    print(f"decided on screen {decided}, confirm decisions stored {stored}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quotes", type=int, default=100_000)
    ap.add_argument("--presses", type=int, default=1000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/quotedesk-bench.db"))
    args = ap.parse_args()
    build(args.db, args.quotes)
    asyncio.run(measure(args.db, args.presses))


if __name__ == "__main__":
    main()
