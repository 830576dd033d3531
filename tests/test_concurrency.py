"""Other processes never cost a decision.

Real processes on one database file: the review desk (the real app under
Pilot, in a subprocess), a second reviewer deciding through ``core``, and the
CLI's ``stats``, ``export`` and ``ingest``. Each reviewer process prints an
``ack`` line for every decision it was told is saved; after a SIGKILL every
acknowledged decision must be in the file, the file must pass
``integrity_check``, and every process must still hold its SQLite locks
(``/proc/locks``): closing any descriptor of the file would have dropped them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from quotedesk.core.storage import open_db

from conftest import REPO

ROLES = str(REPO / "tests" / "roles.py")
sys.path.insert(0, str(REPO / "tests"))
from roles import cli  # noqa: E402

linux_locks = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")


class Proc:
    """A child process whose output lines are collected as they come."""

    def __init__(self, *args: str, cwd: Path | None = None):
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.p = subprocess.Popen(list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env, cwd=cwd)
        self.lines: list[str] = []
        self.err: list[str] = []
        threading.Thread(target=self._read, args=(self.p.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._read, args=(self.p.stderr, self.err), daemon=True).start()

    @staticmethod
    def _read(stream, into) -> None:
        for line in stream:
            if line.endswith("\n"):  # a line cut short by a kill was never fully said
                into.append(line[:-1])

    @property
    def pid(self) -> int:
        return self.p.pid

    def wait_for(self, word: str, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while word not in self.lines:
            if self.p.poll() is not None and word not in self.lines:
                time.sleep(0.2)  # let the readers drain
                if word in self.lines:
                    return
                raise AssertionError(f"exited {self.p.returncode} before {word!r}: {self.err[-5:]}")
            if time.monotonic() > end:
                self.kill()
                raise AssertionError(f"no {word!r} within {timeout}s: {self.lines[-3:]} {self.err[-5:]}")
            time.sleep(0.05)

    def acks(self) -> list[list[str]]:
        return [line.split()[1:] for line in self.lines if line.startswith("ack ")]

    def send(self, line: str) -> None:
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()

    def kill(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL)
        self.p.wait(10)


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=timeout, env=env)


def lock_holders(path: Path) -> set[int]:
    """The processes holding a POSIX lock on ``path`` (Linux ``/proc/locks``)."""
    ino = os.stat(path).st_ino
    pids = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:  # a waiting lock request, not a held lock
            continue
        if fields[1] == "POSIX" and int(fields[5].rsplit(":", 1)[1]) == ino:
            pids.add(int(fields[4]))
    return pids


def copy_db(src: Path, dst: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def standing(path: Path) -> dict[int, tuple]:
    conn = sqlite3.connect(path)
    try:
        return {r[0]: r[1:] for r in conn.execute(
            "SELECT id, quote_id, reviewer, action, undone_by FROM decisions")}
    finally:
        conn.close()


@linux_locks
def test_opening_the_database_again_in_the_same_process_keeps_its_locks(tmp_path):
    path = tmp_path / "x.db"
    first = open_db(path)
    assert os.getpid() in lock_holders(path)
    second = open_db(path)  # the desk opens a worker connection like this
    try:
        assert os.getpid() in lock_holders(path)
    finally:
        second.close()
    assert os.getpid() in lock_holders(path)
    first.close()


@linux_locks
def test_a_process_that_opens_and_closes_the_file_leaves_the_write_ahead_log_to_the_desk(tmp_path):
    path = tmp_path / "x.db"
    desk = open_db(path)
    open_db(path).close()  # the desk's own second connection, opened and closed
    run = run_cli("stats", "--db", str(path))
    assert run.returncode == 0, run.stderr
    desk.execute("INSERT INTO meta(key, value) VALUES ('probe', 'written after stats')")
    assert Path(str(path) + "-wal").exists()
    other = sqlite3.connect(path)
    assert other.execute("SELECT value FROM meta WHERE key = 'probe'").fetchone() == ("written after stats",)
    other.close()
    desk.close()


@linux_locks
@pytest.mark.model
def test_stats_export_ingest_and_a_second_reviewer_never_cost_the_desk_a_decision(seeded_db_path, tmp_path):
    path = copy_db(seeded_db_path, tmp_path / "desk.db")
    article = tmp_path / "new.txt"
    article.write_text('Rain is coming, the forecaster said.\n\n"Bring an umbrella," said Dana Example.\n',
                       encoding="utf-8")
    desk = Proc(sys.executable, ROLES, "desk", str(path), "alice", "60", "1")
    try:
        desk.wait_for("ready", 120)
        assert run_cli("stats", "--db", str(path)).returncode == 0
        assert desk.pid in lock_holders(path)
        bob = Proc(sys.executable, ROLES, "reviewer", str(path), "bob", "200", "2")
        exported = run_cli("export", "--db", str(path), "-o", str(tmp_path / "out.jsonl"))
        ingested = run_cli("ingest", str(article), "--db", str(path))
        bob.wait_for("done", 120)
        desk.wait_for("done", 120)
        assert exported.returncode == 0 and ingested.returncode == 0, (exported.stderr, ingested.stderr)
        assert run_cli("stats", "--db", str(path)).returncode == 0
        assert desk.pid in lock_holders(path), "the desk lost its lock on the database file"
    finally:
        desk.kill()
    assert not [line for line in desk.lines + bob.lines if line.startswith("error")]
    assert integrity(path) == "ok"
    log = standing(path)
    kept = {(q, r, a) for q, r, a, _ in log.values()}
    desk_acks = desk.acks()
    assert len(desk_acks) >= 20
    for qid, action, _shown in desk_acks:
        assert (qid, "alice", action) in kept, f"alice's {action} on {qid} was lost"
    for fields in bob.acks():
        did = int(fields[-1]) if fields[0] != "undo" else int(fields[1])
        assert did in log and log[did][1] == "bob", f"bob's decision {did} was lost"
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM articles WHERE file = 'new.txt'").fetchone()[0] == 1
    db.close()
    assert all(json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines())


def _expected_status(rows) -> str:
    """Each reviewer's latest answer not undone; several that differ make a dispute."""
    latest: dict[str, tuple] = {}
    for did, reviewer, action, after in sorted(rows):
        latest[reviewer] = (action, after)
    answers = {("rejected",) if a["status"] == "rejected" else ("verified", a["speaker_id"])
               for _, a in latest.values()}
    if not answers:
        return "pending"
    return "disputed" if len(answers) > 1 else next(iter(answers))[0]


@pytest.mark.model
def test_two_reviewers_deciding_the_same_quotes_at_once_overwrite_nothing(seeded_db_path, tmp_path):
    path = copy_db(seeded_db_path, tmp_path / "two.db")
    ann = Proc(sys.executable, ROLES, "reviewer", str(path), "ann", "500", "11")
    bob = Proc(sys.executable, ROLES, "reviewer", str(path), "bob", "500", "12")
    ann.wait_for("done", 120)
    bob.wait_for("done", 120)
    assert ann.p.wait(10) == 0 and bob.p.wait(10) == 0, (ann.err[-3:], bob.err[-3:])
    assert integrity(path) == "ok"
    conn = sqlite3.connect(path)
    log = {r[0]: r[1:] for r in conn.execute("SELECT id, quote_id, reviewer, action, after, undone_by FROM decisions")}
    for who, proc in (("ann", ann), ("bob", bob)):
        for fields in proc.acks():
            did = int(fields[1]) if fields[0] == "undo" else int(fields[2])
            assert log[did][1] == who
    for did, (qid, reviewer, action, after, undone_by) in log.items():
        if action == "undo":
            target = json.loads(after)["undoes"]
            assert log[target][1] == reviewer, "an undo took back another reviewer's decision"
    by_quote: dict[str, list] = {}
    for did, (qid, reviewer, action, after, undone_by) in log.items():
        if action in ("reject", "no_speaker") and undone_by is None:
            by_quote.setdefault(qid, []).append((did, reviewer, action, json.loads(after)["answer"]))
    shown = dict(conn.execute("SELECT id, status FROM quotes"))
    conn.close()
    assert "disputed" in shown.values()
    for qid, status in shown.items():
        assert status == _expected_status(by_quote.get(qid, [])), qid
