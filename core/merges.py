"""Merging speakers and splitting a name off: a reviewer's fixes to who is who.

Ingest joins names it is sure of (``core.speakers``); a reviewer sees the
rest. A merge makes one speaker part of another (``merged_into``); a split
moves a name, with the quotes whose mention spells it, off into a new
speaker, and when that name is a speaker merged in earlier, it is the exact
inverse of the merge (an unmerge). Each is one transaction and one decision
in the log, and ``undo_speakers`` takes it back for ``core.undo``. Roots
move only through ``speakers.set_merged_into``. Nothing here imports a UI
library.
"""

from __future__ import annotations

import json

import sqlite_utils

from . import answers
from .decisions import Outcome, ReviewError, log
from .speakers import SHOWN_SPEAKER, members, resolve, set_merged_into
from .storage import transaction

#: Decisions about speaker entities rather than one quote.
SPEAKER_ACTIONS = ("merge", "split", "unmerge")


def merge_speakers(db: sqlite_utils.Database, source: int, target: int, reviewer: str) -> Outcome:
    """Make ``source`` one entity with ``target``: its quotes and aliases follow."""
    with transaction(db):
        src, dst = resolve(db, source), resolve(db, target)
        for sid in (source, target):
            if db.execute("SELECT 1 FROM speakers WHERE id = ?", [sid]).fetchone() is None:
                raise ReviewError(f"no speaker {sid}")
        if src == dst:
            raise ReviewError("those are already the same speaker")
        set_merged_into(db, src, dst)
        did = log(db, None, reviewer, "merge", {"speaker_id": src, "merged_into": None},
                  {"speaker_id": src, "merged_into": dst}, 0.0)
        settled = answers.settle_shared(db)  # two names for one entity are no dispute
    return Outcome([did], settled, "merged")


def split_alias(db: sqlite_utils.Database, speaker_id: int, alias: str, reviewer: str) -> Outcome:
    """Move ``alias`` off a speaker into a new one, with the quotes that name it.

    When ``alias`` is the name of a speaker merged into this one, the split is
    the merge's inverse: that speaker comes back as it was, with every quote
    and alias it brought (``unmerge``), not only the quotes whose mention
    happens to spell the alias.
    """
    with transaction(db):
        root = resolve(db, speaker_id)
        merged = [r for r in db.execute(
            "SELECT id, merged_into FROM speakers WHERE root = ? AND id != ? "
            "AND name = ? AND merged_into IS NOT NULL ORDER BY id", [root, root, alias]).fetchall()]
        if merged:
            return _unmerge(db, root, alias, merged, reviewer)
        members_ = members(db, root)
        marks = ",".join("?" * len(members_))
        owners = [r[0] for r in db.execute(
            f"SELECT speaker_id FROM aliases WHERE alias = ? AND speaker_id IN ({marks}) ORDER BY speaker_id",
            [alias, *members_])]
        if not owners:
            raise ReviewError(f"{alias!r} is not an alias of this speaker")
        others = db.execute(f"SELECT COUNT(DISTINCT alias) FROM aliases WHERE speaker_id IN ({marks}) AND alias != ?",
                            [*members_, alias]).fetchone()[0]
        if not others:
            raise ReviewError("a speaker's only name cannot be split off")
        new = db.execute("INSERT INTO speakers(name, kind) SELECT ?, kind FROM speakers WHERE id = ?",
                         [alias, root]).lastrowid
        for sid in owners:
            db.execute("UPDATE OR IGNORE aliases SET speaker_id = ? WHERE speaker_id = ? AND alias = ?", [new, sid, alias])
            db.execute("DELETE FROM aliases WHERE speaker_id = ? AND alias = ?", [sid, alias])
        quotes = db.execute(
            f"SELECT id, speaker_id FROM quotes WHERE speaker_id IN ({marks}) AND speaker_mention = ? COLLATE NOCASE",
            [*members_, alias],
        ).fetchall()
        moved = [qid for qid, _ in quotes]
        held = db.execute(  # reviewers' answers naming the entity on those quotes move with them
            f"SELECT quote_id, reviewer, speaker_id FROM answers WHERE speaker_id IN ({marks}) "
            "AND quote_id IN (SELECT value FROM json_each(?))", [*members_, json.dumps(moved)]).fetchall()
        proposed = db.execute(  # the machine's proposal moves too, or settling a pending quote would undo the split
            f"SELECT id, proposed_speaker_id FROM quotes WHERE proposed_speaker_id IN ({marks}) "
            "AND id IN (SELECT value FROM json_each(?))", [*members_, json.dumps(moved)]).fetchall()
        for qid in moved:
            db.execute("UPDATE quotes SET speaker_id = ? WHERE id = ?", [new, qid])
        for qid, _ in proposed:
            db.execute("UPDATE quotes SET proposed_speaker_id = ? WHERE id = ?", [new, qid])
        for qid, who, _ in held:
            db.execute("UPDATE answers SET speaker_id = ? WHERE quote_id = ? AND reviewer = ?", [new, qid, who])
        did = log(db, None, reviewer, "split",
                  {"speaker_id": root, "alias": alias, "owners": owners, "quotes": quotes, "answers": held,
                  "proposed": proposed},
                  {"speaker_id": new, "alias": alias, "quotes": [[q, new] for q in moved]}, 0.0)
        settled = {qid: answers.settle(db, qid) for qid in sorted({q for q, _, _ in held})}
    return Outcome([did], settled, f"split {alias!r} into a new speaker ({len(quotes)} quote(s) moved)", new)


def _unmerge(db, root: int, alias: str, merged: list[tuple[int, int]], reviewer: str) -> Outcome:
    """Take ``merged`` speakers (named ``alias``) back out of ``root``: the inverse of their merge."""
    ids = [sid for sid, _ in merged]
    for sid in ids:
        set_merged_into(db, sid, None)
    did = log(db, None, reviewer, "unmerge", {"speaker_id": root, "alias": alias, "merged": merged},
              {"speaker_id": ids[0], "alias": alias, "merged_into": None}, 0.0)
    count = db.execute(
        f"SELECT COUNT(*) FROM quotes q WHERE {SHOWN_SPEAKER} IN (SELECT +id FROM speakers WHERE root IN "
        "(SELECT value FROM json_each(?))) AND q.status != 'rejected'", [json.dumps(ids)]).fetchone()[0]
    settled = answers.settle_shared(db)  # the two names may be a dispute again
    return Outcome([did], settled, f"split {alias!r} off again as it was before the merge ({count} quote(s) back)",
                   ids[0])


def undo_speakers(db, action: str, before: dict, after: dict) -> None:
    """Put speakers back as they were before a merge, split or unmerge (inside ``core.undo``'s transaction)."""
    if action == "unmerge":
        for sid, into in before["merged"]:
            set_merged_into(db, sid, into)
        return
    if action == "merge":
        set_merged_into(db, before["speaker_id"], before["merged_into"])
        return
    db.execute("DELETE FROM aliases WHERE speaker_id = ? AND alias = ?", [after["speaker_id"], before["alias"]])
    for owner in before.get("owners", [before["speaker_id"]]):
        db.execute("INSERT OR IGNORE INTO aliases(speaker_id, alias) VALUES (?, ?)", [owner, before["alias"]])
    set_merged_into(db, after["speaker_id"], before["speaker_id"])
    for qid, sid in before["quotes"]:
        db.execute("UPDATE quotes SET speaker_id = ? WHERE id = ? AND speaker_id = ?", [sid, qid, after["speaker_id"]])
    for qid, sid in before.get("proposed", []):
        db.execute("UPDATE quotes SET proposed_speaker_id = ? WHERE id = ? AND proposed_speaker_id = ?",
                   [sid, qid, after["speaker_id"]])
    for qid, who, sid in before.get("answers", []):
        db.execute("UPDATE answers SET speaker_id = ? WHERE quote_id = ? AND reviewer = ? AND speaker_id = ?",
                   [sid, qid, who, after["speaker_id"]])
