"""Speaker entities shared across articles and outlets, and who speaks a quote now.

One person is "Lukashenko" in one outlet and "Aleksandr G. Lukashenko" in
another; the reviewer should confirm a speaker, not a spelling. A name joins
an existing speaker when the names agree under ``core.names.same_name`` and
the match is unambiguous (exactly one speaker fits); otherwise it starts a
new speaker. Two people who share a surname inside one article are kept apart
by ``core.mentions`` before they get here.

A reviewer may still merge two speakers, or split a name off
(``core.merges``). A merged speaker keeps its id, so quotes, candidates and
answers that name it are never rewritten; instead every speaker row carries
``root``, the live entity it belongs to now (its own id until merged), kept
up to date here whenever ``merged_into`` changes. So "who is this quote's
speaker now" is one join, ``entity``, in every query, and one index search
when filtering a million quotes by speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from .decisions import ReviewError
from .names import acronym as _spelled_acronym
from .names import as_acronym as _as_acronym
from .names import name_tokens, same_name

#: The speaker a quote shows (``q`` is the quote): the reviewer's answer once
#: decided, else the proposal. The index ``quotes_shown_speaker`` (core.storage)
#: is on this expression; SQLite uses it only where the query spells it the same.
SHOWN_SPEAKER = "(CASE WHEN q.status = 'pending' THEN COALESCE(q.speaker_id, q.proposed_speaker_id) ELSE q.speaker_id END)"
#: The quotes whose shown speaker is one entity (the ``?``, a root). ``+id``
#: drops the column's affinity, without which SQLite will not search the index.
SPOKEN_BY = f"{SHOWN_SPEAKER} IN (SELECT +id FROM speakers WHERE root = ?)"


def entity(speaker_id: str, alias: str, *, inner: bool = False) -> str:
    """SQL joining the live entity of the speaker id ``speaker_id`` (an SQL
    expression) as ``alias``: ``alias.id`` is the entity, ``alias.name`` its
    name; NULL for no speaker unless ``inner``, which drops those rows."""
    join = "JOIN" if inner else "LEFT JOIN"
    return (f"{join} speakers {alias}_as ON {alias}_as.id = {speaker_id} "
            f"{join} speakers {alias} ON {alias}.id = {alias}_as.root")


def resolve(db: sqlite_utils.Database, speaker_id: int | None) -> int | None:
    """The live entity ``speaker_id`` belongs to now (an unknown id stays itself)."""
    if speaker_id is None:
        return None
    row = db.execute("SELECT root FROM speakers WHERE id = ?", [speaker_id]).fetchone()
    return row[0] if row else speaker_id


def name_of(db: sqlite_utils.Database, speaker_id: int | None) -> str | None:
    """The name of the entity ``speaker_id`` belongs to now; None for none."""
    row = db.execute(f"SELECT e.name FROM speakers s {entity('s.id', 'e', inner=True)} WHERE s.id = ?",
                     [speaker_id]).fetchone() if speaker_id is not None else None
    return row[0] if row else None


def members(db: sqlite_utils.Database, root: int) -> list[int]:
    """Every speaker id that is the entity ``root`` now: itself and all merged into it."""
    return [r[0] for r in db.execute("SELECT id FROM speakers WHERE root = ? ORDER BY id", [root])]


def quote_counts(db: sqlite_utils.Database) -> dict[int, int]:
    """Entity -> the quotes it speaks that are not rejected (counted from the
    ``quotes_shown_speaker`` index, then summed per entity)."""
    return dict(db.execute(
        f"SELECT e.root, SUM(n) FROM (SELECT {SHOWN_SPEAKER} AS sid, COUNT(*) AS n FROM quotes q "
        "WHERE q.status != 'rejected' GROUP BY 1) JOIN speakers e ON e.id = sid GROUP BY e.root").fetchall())


def set_merged_into(db: sqlite_utils.Database, speaker_id: int, into: int | None) -> None:
    """Merge ``speaker_id`` into ``into`` (None: make it live again), and move
    the root of it and of everything merged into it (inside the caller's
    transaction). The only writer of ``merged_into``."""
    root = resolve(db, into) if into is not None else speaker_id
    db.execute("UPDATE speakers SET merged_into = ? WHERE id = ?", [into, speaker_id])
    db.execute(
        "WITH RECURSIVE under(id) AS (SELECT ? UNION SELECT s.id FROM speakers s JOIN under u ON s.merged_into = u.id) "
        "UPDATE speakers SET root = ? WHERE id IN (SELECT id FROM under)", [speaker_id, root])


# --------------------------------------------------------------------------
# Names a reviewer types, and the live speakers with their names


def speaker_named(db: sqlite_utils.Database, name: str) -> tuple[int, bool]:
    """The one live speaker ``name`` names, or a new one; and whether it is new.

    Inside the caller's transaction. Refuses a name two speakers share rather
    than pick one silently.
    """
    name = " ".join(name.split())
    if not name:
        raise ReviewError("type a speaker's name")
    matches = match_name(db, name)
    if len(matches) > 1:
        raise ReviewError(f"{name!r} names {len(matches)} speakers; pick one from the list")
    if matches:
        return matches[0], False
    speaker_id = db.execute("INSERT INTO speakers(name, kind) VALUES (?, NULL)", [name]).lastrowid
    db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, ?)", [speaker_id, name])
    return speaker_id, True


def match_name(db: sqlite_utils.Database, name: str) -> list[int]:
    """Live speakers whose name or an alias is exactly ``name`` (any case)."""
    rows = db.execute(
        "SELECT s.root FROM aliases a JOIN speakers s ON s.id = a.speaker_id WHERE a.alias = ? COLLATE NOCASE "
        "UNION SELECT root FROM speakers WHERE name = ? COLLATE NOCASE",
        [name, name],
    ).fetchall()
    return sorted({r[0] for r in rows})


@dataclass(frozen=True)
class SpeakerRow:
    id: int
    name: str
    aliases: list[str]
    quotes: int


def entities(db: sqlite_utils.Database) -> list[SpeakerRow]:
    """Live speaker entities with every alias (merged ones' too) and quote counts."""
    aliases: dict[int, list[str]] = {}
    for root, alias in db.execute(
        "SELECT s.root, a.alias FROM aliases a JOIN speakers s ON s.id = a.speaker_id ORDER BY a.alias"
    ):
        aliases.setdefault(root, []).append(alias)
    counts = quote_counts(db)
    rows = db.execute("SELECT id, name FROM speakers WHERE merged_into IS NULL ORDER BY name COLLATE NOCASE").fetchall()
    return [SpeakerRow(sid, name, sorted(set(aliases.get(sid, [])), key=str.lower), counts.get(sid, 0))
            for sid, name in rows]


def known_names(db: sqlite_utils.Database) -> list[tuple[int, str, str, int]]:
    """(live speaker id, alias, canonical name, quotes it speaks) for completion,
    aliases of merged speakers included."""
    uses = quote_counts(db)
    return [(root, alias, name, uses.get(root, 0)) for root, alias, name in db.execute(
        f"SELECT DISTINCT e.id, a.alias, e.name FROM aliases a {entity('a.speaker_id', 'e', inner=True)} "
        "ORDER BY a.alias COLLATE NOCASE").fetchall()]


# --------------------------------------------------------------------------
# Names found by ingest


def find_speaker(db: sqlite_utils.Database, name: str, kind: str | None = None) -> int | None:
    """The live speaker a name refers to, or None when none or several
    different people fit ("Clinton" with both Bill and Hillary known).

    A short form joins a longer name only for people ("Lukashenko" is
    "Alexander Lukashenko", but "Chinese" is not "Chinese state media");
    otherwise the tagger's person/organisation label is too unsteady to keep
    two speakers apart, so ``kind`` only breaks ties.
    """
    rows = db.execute(
        "SELECT s.id, s.name, s.kind FROM aliases a JOIN speakers s ON s.id = a.speaker_id "
        "WHERE a.alias = ? COLLATE NOCASE AND s.merged_into IS NULL",
        [name],
    ).fetchall()
    if not rows:
        toks = name_tokens(name)
        if not toks:
            return None
        # Candidates share at least the start of the last name token,
        # found through the aliases' trigram index (three letters or more).
        rows = db.execute(
            "SELECT DISTINCT s.id, s.name, s.kind FROM aliases_grams g JOIN aliases a ON a.id = g.rowid "
            "JOIN speakers s ON s.id = a.speaker_id WHERE s.merged_into IS NULL AND g.alias LIKE ?",
            [f"%{toks[-1][:4]}%"],
        ).fetchall()
        rows = [r for r in rows if same_name(name, r[1]) and (_is_person(kind, r[2]) or _same_length(name, r[1]))]
    if not rows and kind in ("org", "other"):
        rows = _acronym_matches(db, name)
    return _one_person(rows, kind)


#: Joining speakers skips "on", "in" and "&" as well: a little looser than
#: the scoring protocol's list, ``core.names.MINOR_WORDS``.
_MINOR = {"of", "the", "and", "for", "on", "in", "&"}


def acronym(name: str) -> str | None:
    """"US" for "United States", "UN" for "the United Nations"; None for a
    name that is not several capitalised words."""
    return _spelled_acronym(name, _MINOR)


def _acronym_matches(db: sqlite_utils.Database, name: str) -> list:
    """Speakers one outlet spells out and another abbreviates ("US" /
    "United States", "AP" / "Associated Press"). Only organisations and
    places on both sides: initials say little about a person. A speaker
    already spelled out differently ("Associated Press") is not joined by
    another name with the same initials ("Apple Pay")."""
    live = "s.merged_into IS NULL AND s.kind IN ('org', 'other')"
    letters = _as_acronym(name)
    if letters is not None:
        short = [letters, _dotted(letters)]
        pattern = " ".join(f"{c}%" for c in letters)
        rows = db.execute(
            f"SELECT DISTINCT s.id, s.name, s.kind FROM aliases a JOIN speakers s ON s.id = a.speaker_id "
            f"WHERE {live} AND (a.alias IN (?, ?) OR a.alias LIKE ? OR a.alias LIKE ?)",
            [*short, pattern, "the " + pattern],
        ).fetchall()
        return [r for r in rows if _as_acronym(r[1]) == letters or acronym(r[1]) == letters]
    letters = acronym(name)
    if letters is None:
        return []
    rows = db.execute(
        f"SELECT DISTINCT s.id, s.name, s.kind FROM aliases a JOIN speakers s ON s.id = a.speaker_id "
        f"WHERE {live} AND a.alias IN (?, ?)",
        [letters, _dotted(letters)],
    ).fetchall()
    return [r for r in rows if not _spelled_out(db, r[0])]


def _dotted(letters: str) -> str:
    return "".join(f"{c}." for c in letters)


def _spelled_out(db: sqlite_utils.Database, speaker_id: int) -> bool:
    return any(acronym(a) for (a,) in db.execute("SELECT alias FROM aliases WHERE speaker_id = ?", [speaker_id]))


def _is_person(kind: str | None, other: str | None) -> bool:
    return kind == "person" and other in (None, "person")


def _same_length(a: str, b: str) -> bool:
    """Short forms of a person ("Lukashenko") join the full name; for
    organisations and descriptions a subset of words is another source
    ("Chinese" is not "Chinese state media"), so only respellings join."""
    return len(name_tokens(a)) == len(name_tokens(b))


def _one_person(rows, kind: str | None) -> int | None:
    """The oldest of the fitting speakers when they are all one person
    under different spellings; None when they are different people."""
    fits = {sid: (sname, skind) for sid, sname, skind in rows}
    if not fits:
        return None
    names = [n for n, _ in fits.values()]
    if not all(same_name(a, b) for i, a in enumerate(names) for b in names[i + 1 :]):
        return None
    same_kind = [sid for sid, (_, k) in fits.items() if kind is None or k in (None, kind)]
    return min(same_kind or fits)


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


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def completion_rank(typed: str, alias: str) -> int | None:
    """How well ``alias`` completes ``typed``: 0 it starts with it, 1 each typed
    word starts a word of the alias in order ("Xi J." for "Xi Jinping", "sta"
    for "Chinese state media"), 2 it only contains it; None: no match.

    Word by word, so an abbreviated or unfinished name still finds the speaker
    it is part of and the desk does not take it for a new one.
    """
    needle = " ".join(typed.casefold().split())
    if not needle:
        return 0
    hay = alias.casefold()
    if hay.startswith(needle):
        return 0
    want, have = _words(typed), _words(alias)
    i = 0
    for word in have:
        if i < len(want) and word.startswith(want[i]):
            i += 1
    if want and i == len(want):
        return 0 if have[0].startswith(want[0]) else 1
    return 2 if needle in hay else None


def complete(names: list[tuple[int, str, str, int]], typed: str, limit: int = 40) -> list[tuple[int, str, str, int]]:
    """The known names (id, alias, name, uses) that complete ``typed``, best first:
    by how the alias matches (``completion_rank``), then by how often the
    speaker is used, then alphabetically."""
    scored = [(rank, -uses, alias.casefold(), (sid, alias, name, uses)) for sid, alias, name, uses in names
              if (rank := completion_rank(typed, alias)) is not None]
    scored.sort(key=lambda t: t[:3])
    return [t[3] for t in scored[:limit]]
