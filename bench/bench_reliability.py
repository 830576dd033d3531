"""Trials of the experiments in issue 11: a desk and other processes on one file.

Each trial copies a database of the sample corpus, opens the real review desk
on it in a subprocess (under Pilot), runs ``quotedesk stats`` beside it, lets
the desk make decisions while a second reviewer decides from another process
and ``export`` and ``ingest`` run, then ends the desk with SIGKILL (or a
clean quit with ``--quit``). It counts the decisions each process was told
were saved and how many of those the file still holds, and runs
``PRAGMA integrity_check``. Prints one table.

    .venv/bin/python bench/bench_reliability.py [--trials 5] [--quit]

The processes are the ones ``tests/test_concurrency.py`` starts
(``tests/roles.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from test_concurrency import ROLES, Proc, copy_db, integrity, lock_holders, run_cli  # noqa: E402


def seeded(folder: Path) -> Path:
    path = folder / "seed.db"
    done = run_cli("ingest", "--db", str(path))
    if done.returncode:
        raise SystemExit(done.stderr)
    return path


def trial(seed_db: Path, folder: Path, n: int, quit_cleanly: bool) -> dict:
    path = copy_db(seed_db, folder / f"trial{n}.db")
    article = folder / f"new{n}.txt"
    article.write_text(f'"Trial {n} is under way," said Dana Example.\n', encoding="utf-8")
    desk = Proc(sys.executable, ROLES, "desk", str(path), "alice", "40", str(n))
    desk.wait_for("ready", 120)
    run_cli("stats", "--db", str(path))
    locked_after_stats = desk.pid in lock_holders(path)
    bob = Proc(sys.executable, ROLES, "reviewer", str(path), "bob", "50", str(100 + n))
    run_cli("export", "--db", str(path), "-o", str(folder / f"out{n}.jsonl"))
    run_cli("ingest", str(article), "--db", str(path))
    bob.wait_for("done", 120)
    desk.wait_for("done", 120)
    if quit_cleanly:
        desk.send("quit")
        desk.wait_for("quit", 60)
    desk.kill()
    conn = sqlite3.connect(path)
    try:
        stored = {(q, r, a) for q, r, a in conn.execute("SELECT quote_id, reviewer, action FROM decisions")}
        ids = {r[0] for r in conn.execute("SELECT id FROM decisions")}
    finally:
        conn.close()
    desk_acks = [(q, "alice", a) for q, a, _ in desk.acks()]
    bob_acks = [int(f[1]) if f[0] == "undo" else int(f[2]) for f in bob.acks()]
    return {
        "acked": len(desk_acks) + len(bob_acks),
        "lost": sum(a not in stored for a in desk_acks) + sum(d not in ids for d in bob_acks),
        "integrity": integrity(path) == "ok",
        "lock": locked_after_stats,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--quit", action="store_true", help="end the desk with 'q' instead of SIGKILL")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qd-reliability-"))
    try:
        seed_db = seeded(folder)
        results = []
        start = time.monotonic()
        for n in range(args.trials):
            results.append(trial(seed_db, folder, n, args.quit))
        elapsed = time.monotonic() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"desk ended by {'q' if args.quit else 'SIGKILL'}; {args.trials} trial(s) in {elapsed:.0f} s")
    print(f"{'trial':>5}  {'acknowledged':>12}  {'lost':>5}  {'integrity ok':>12}  {'desk kept its lock':>18}")
    for n, r in enumerate(results):
        print(f"{n:>5}  {r['acked']:>12}  {r['lost']:>5}  {str(r['integrity']):>12}  {str(r['lock']):>18}")
    print(f"{'all':>5}  {sum(r['acked'] for r in results):>12}  {sum(r['lost'] for r in results):>5}  "
          f"{sum(r['integrity'] for r in results):>10}/{len(results)}  {sum(r['lock'] for r in results):>16}/{len(results)}")


if __name__ == "__main__":
    main()
