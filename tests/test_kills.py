"""SIGKILL at random moments: nothing acknowledged is lost, the file stays
sound, and the next run completes the rest without duplicates.

Each kind of work (deciding, ingesting, matching, exporting) runs in a real
subprocess that is killed after a random delay within its usual running time,
for a few rounds on one database. The random generator is seeded, so a
failure can be replayed.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from test_concurrency import ROLES, Proc, copy_db, integrity, run_cli
from roles import cli

ROUNDS = 3


def killed_after(args: list[str], delay: float) -> Proc:
    proc = Proc(*args)
    time.sleep(delay)
    if proc.p.poll() is None:
        proc.p.send_signal(signal.SIGKILL)
    proc.p.wait(30)
    return proc


def timed(args: list[str]) -> float:
    start = time.monotonic()
    proc = Proc(*args)
    assert proc.p.wait(120) == 0, proc.err[-5:]
    return time.monotonic() - start


def write_articles(folder: Path, n: int) -> Path:
    """Small articles of our own: one statement reported by several outlets, and others."""
    folder.mkdir()
    for i in range(n):
        story = i % 7
        (folder / f"a{i:03d}.txt").write_text(
            f"Council meets on budget {story}\n\n"
            f"“We will not raise the fare for route {story} this year, whatever the deficit,” "
            f"said Mayor Dana Example{story} on Tuesday.\n\n"
            f"Critics called the plan “a fantasy” in a statement. “The numbers for district {i} "
            f"do not add up,” said councillor Lee Sample{i}.\n",
            encoding="utf-8")
    return folder


def contents(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return (sorted(r[0] for r in conn.execute("SELECT id FROM articles")),
                sorted(conn.execute('SELECT id, article_id, start, "end", text FROM quotes').fetchall()))
    finally:
        conn.close()


def families(path: Path) -> set[frozenset]:
    conn = sqlite3.connect(path)
    try:
        groups: dict[int, set] = {}
        for qid, cid in conn.execute("SELECT id, cluster_id FROM quotes WHERE cluster_id IS NOT NULL"):
            groups.setdefault(cid, set()).add(qid)
        return {frozenset(g) for g in groups.values()}
    finally:
        conn.close()


@pytest.mark.model
def test_killing_a_reviewer_mid_decision_loses_no_acknowledged_decision(seeded_db_path, tmp_path):
    rng = random.Random(7)
    path = copy_db(seeded_db_path, tmp_path / "kill.db")
    acked: list[int] = []
    for round_ in range(ROUNDS):
        proc = Proc(sys.executable, ROLES, "reviewer", str(path), "ann", "100000", str(round_))
        proc.wait_for("ready", 60)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.kill()
        acked += [int(f[1]) if f[0] == "undo" else int(f[2]) for f in proc.acks()]
        assert integrity(path) == "ok"
        conn = sqlite3.connect(path)
        stored = {r[0] for r in conn.execute("SELECT id FROM decisions WHERE reviewer = 'ann'")}
        conn.close()
        assert set(acked) <= stored, f"round {round_}: {len(set(acked) - stored)} acknowledged decision(s) lost"
    assert len(acked) > 50


@pytest.mark.model
def test_killing_ingest_matching_and_export_leaves_a_sound_file_and_the_rerun_finishes(tmp_path):
    rng = random.Random(11)
    folder = write_articles(tmp_path / "articles", 40)
    clean = tmp_path / "clean.db"
    ingest_time = timed(cli("ingest", str(folder), "--db", str(clean)))
    want, want_families = contents(clean), families(clean)
    assert want_families

    path = tmp_path / "killed.db"
    for _ in range(ROUNDS):
        killed_after(cli("ingest", str(folder), "--db", str(path)), rng.uniform(0.3, ingest_time))
        if path.exists():
            assert integrity(path) == "ok"
    rerun = run_cli("ingest", str(folder), "--db", str(path))
    assert rerun.returncode == 0, rerun.stderr
    assert contents(path) == want
    assert families(path) == want_families

    match_time = timed(cli("match", "--db", str(path)))
    for _ in range(ROUNDS):
        killed_after(cli("match", "--db", str(path)), rng.uniform(0.1, match_time))
        assert integrity(path) == "ok"
    assert run_cli("match", "--db", str(path)).returncode == 0
    assert families(path) == want_families

    out = tmp_path / "out.jsonl"
    whole = run_cli("export", "--db", str(path), "-o", str(out))
    assert whole.returncode == 0
    expected = out.read_text(encoding="utf-8")
    out.unlink()
    export_time = timed(cli("export", "--db", str(path), "-o", str(out)))
    out.unlink()
    for _ in range(ROUNDS):
        killed_after(cli("export", "--db", str(path), "-o", str(out)), rng.uniform(0.05, export_time))
        assert not out.exists() or out.read_text(encoding="utf-8") == expected, "a truncated export"
    assert run_cli("export", "--db", str(path), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == expected
    assert integrity(path) == "ok"
