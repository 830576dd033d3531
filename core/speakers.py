"""Speaker entities shared across articles and outlets.

One person is "Lukashenko" in one outlet and "Aleksandr G. Lukashenko" in
another; the reviewer should confirm a speaker, not a spelling. A name joins
an existing speaker when the names agree under ``core.names.same_name`` and
the match is unambiguous (exactly one speaker fits); otherwise it starts a
new speaker. Two people who share a surname inside one article are kept apart
by ``core.mentions`` before they get here.
"""

from __future__ import annotations

import sqlite_utils

from .names import name_tokens, same_name


def find_speaker(db: sqlite_utils.Database, name: str, kind: str | None = None) -> int | None:
    """The live speaker a name refers to, or None when none or several fit."""
    row = db.execute(
        "SELECT s.id FROM aliases a JOIN speakers s ON s.id = a.speaker_id "
        "WHERE a.alias = ? COLLATE NOCASE AND s.merged_into IS NULL LIMIT 2",
        [name],
    ).fetchall()
    if len(row) == 1:
        return row[0][0]
    toks = name_tokens(name)
    if not toks:
        return None
    # Candidates share at least the last name token.
    like = f"%{toks[-1][:4]}%"
    rows = db.execute(
        "SELECT DISTINCT s.id, s.name, s.kind FROM aliases a JOIN speakers s ON s.id = a.speaker_id "
        "WHERE s.merged_into IS NULL AND a.alias LIKE ?",
        [like],
    ).fetchall()
    fits = {sid for sid, sname, skind in rows if (kind is None or skind in (None, kind)) and same_name(name, sname)}
    if len(fits) == 1:
        return fits.pop()
    return None


def get_or_create(db: sqlite_utils.Database, name: str, kind: str | None = None, aliases=()) -> int:
    """The speaker for ``name``, created when new; records every alias seen."""
    sid = find_speaker(db, name, kind)
    if sid is None:
        sid = db["speakers"].insert({"name": name, "kind": kind}).last_pk
    else:
        current = db.execute("SELECT name FROM speakers WHERE id = ?", [sid]).fetchone()[0]
        # Prefer the fuller name as canonical ("Alexander Lukashenko" over "Lukashenko").
        if len(name_tokens(name)) > len(name_tokens(current)):
            db.execute("UPDATE speakers SET name = ? WHERE id = ?", [name, sid])
    for alias in {name, *aliases}:
        if alias:
            db.execute("INSERT OR IGNORE INTO aliases(speaker_id, alias) VALUES (?, ?)", [sid, alias])
    return sid


def all_names(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    """(speaker id, name or alias) for completion in the review UI."""
    return db.execute(
        "SELECT s.id, a.alias FROM aliases a JOIN speakers s ON s.id = a.speaker_id "
        "WHERE s.merged_into IS NULL ORDER BY a.alias"
    ).fetchall()
