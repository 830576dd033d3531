"""Processes the reliability tests start: a reviewer at the real desk, a
reviewer deciding through ``core`` directly, and the CLI.

Each role prints one ``ack`` line per decision once that decision is
acknowledged (on screen for the desk, returned by ``core`` for the other), so
the test knows exactly what a person was told was saved. Run as
``python tests/roles.py ROLE ...``.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import time


def cli(*args: str) -> list[str]:
    """The command line that runs ``quotedesk ARGS`` with this interpreter."""
    return [sys.executable, "-c", "import sys, cli; sys.argv[0] = 'quotedesk'; cli.main()", *args]


def ack(*fields) -> None:
    print("ack", *fields, flush=True)


def desk(path: str, reviewer: str, presses: int, seed: int) -> None:
    """The real review app under Pilot: decide ``presses`` quotes, then wait to be killed or told to quit."""
    from quotedesk.tui.app import make_app
    from quotedesk.tui.screens.main import MainScreen

    rng = random.Random(seed)

    async def go() -> None:
        app = make_app(path, reviewer, keymap={})
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            print("ready", flush=True)
            for _ in range(presses):
                screen = app.screen
                assert isinstance(screen, MainScreen)
                qid = screen.queue.current
                if qid is None:
                    break
                key = rng.choice("axn")
                await pilot.press(key)
                await pilot.pause()
                shown = screen.queue.statuses.get(qid)
                told = [n.message for n in app._notifications]
                if any("locked" in m or "could not save" in m for m in told):
                    print("error", told[-1], flush=True)
                if shown and shown != "pending":
                    ack(qid, {"a": "confirm", "x": "reject", "n": "no_speaker"}[key], shown)
                await asyncio.sleep(0.02)
            print("done", flush=True)
            # Killed here, or told to quit as a person would, with "q".
            if (await asyncio.to_thread(sys.stdin.readline)).strip() == "quit":
                await pilot.press("q")
                await pilot.pause()
                print("quit", flush=True)
                return
            await asyncio.sleep(3600)

    asyncio.run(go())


def reviewer(path: str, name: str, decisions: int, seed: int) -> None:
    """Decide at random through core's review functions (the desk's), undoing now and then."""
    from quotedesk.core import review, undo
    from quotedesk.core.decisions import ReviewError
    from quotedesk.core.storage import open_db

    rng = random.Random(seed)
    db = open_db(path)
    ids = [r[0] for r in db.execute("SELECT id FROM quotes ORDER BY id")]
    print("ready", flush=True)
    for _ in range(decisions):
        qid = rng.choice(ids)
        choice = rng.random()
        try:
            if choice < 0.1:
                out = undo.undo(db, name)
                for did in out.decision_ids:
                    ack("undo", did)
                continue
            fn = review.reject if choice < 0.5 else review.no_speaker
            out = fn(db, qid, name, seconds=0.1)
        except ReviewError:
            continue
        except sqlite3.OperationalError as exc:  # must never reach a person
            print(f"error {exc}", flush=True)
            raise SystemExit(3)
        ack(qid, fn.__name__, out.decision_ids[0])
    print("done", flush=True)
    db.close()


def slow_reader(path: str, seconds: float) -> None:
    """Hold a read transaction for a while, as a long export would."""
    from quotedesk.core.storage import open_db

    db = open_db(path)
    db.conn.execute("BEGIN")
    db.execute("SELECT count(*) FROM quotes").fetchone()
    print("ready", flush=True)
    time.sleep(seconds)
    db.conn.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    role, *rest = sys.argv[1:]
    if role == "desk":
        desk(rest[0], rest[1], int(rest[2]), int(rest[3]))
    elif role == "reviewer":
        reviewer(rest[0], rest[1], int(rest[2]), int(rest[3]))
    elif role == "slow-reader":
        slow_reader(rest[0], float(rest[1]))
    else:
        raise SystemExit(f"unknown role {role}")
