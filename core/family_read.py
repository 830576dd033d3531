"""Reading families back: the listing, and the one definition of a conflict.

A family is in conflict when its members name different people *now*: a
pending member counts with its proposed speaker, a decided one with the
reviewer's answer; rejected members and "no speaker" are left out, and two
speakers whose names agree under ``same_name`` are not a conflict. It is
computed live, never stored, so a reviewer who settles a family settles it
everywhere at once: the desk's mark, ``quotedesk families --conflicts``,
the count ``quotedesk match`` prints and the family export all call
``conflicts``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import sqlite_utils

from .names import same_name
from .speakers import SHOWN_SPEAKER, entity


@dataclass
class Family:
    id: int
    canonical: str
    size: int
    outlets: int
    conflict: bool
    speakers: list  # (name, outlets naming them)
    outlet_names: list


def _named(db, cluster_ids=None):
    """(cluster, speaker root, name, outlet) for every member naming someone now."""
    where, params = "", []
    if cluster_ids is not None:
        where, params = "AND m.cluster_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(cluster_ids))]
    return db.execute(
        f"SELECT m.cluster_id, s.id, s.name, coalesce(a.outlet, a.file) FROM family_members m "
        f"JOIN quotes q ON q.id = m.quote_id {entity(SHOWN_SPEAKER, 's', inner=True)} "
        "JOIN articles a ON a.id = q.article_id "
        f"WHERE q.status != 'rejected' {where}",
        params,
    ).fetchall()


def _disagree(names) -> bool:
    names = list(names)
    return len(names) > 1 and not all(same_name(a, b) for a, b in combinations(names, 2))


def conflicts(db: sqlite_utils.Database, cluster_ids=None) -> set[int]:
    """The families (among ``cluster_ids``, or all) whose members name different people."""
    if cluster_ids is not None:
        cluster_ids = list(cluster_ids)
        if not cluster_ids:
            return set()
    people: dict[int, dict[int, str]] = {}
    for cluster, root, name, _ in _named(db, cluster_ids):
        people.setdefault(cluster, {})[root] = name
    return {cluster for cluster, names in people.items() if _disagree(names.values())}


def families(db: sqlite_utils.Database, *, conflicts_only: bool = False) -> list[Family]:
    """Stored families, largest first, with the speakers their members name now."""
    rows = db.execute("SELECT id, canonical, size, outlets FROM clusters "
                      "ORDER BY outlets DESC, size DESC, id").fetchall()
    people: dict[int, dict[int, str]] = {}
    outlets_of: dict[tuple[int, int], set] = {}
    for cluster, root, name, outlet in _named(db):
        people.setdefault(cluster, {})[root] = name
        outlets_of.setdefault((cluster, root), set()).add(outlet)
    members: dict[int, Counter] = {}
    for cluster, outlet in db.execute(
            "SELECT m.cluster_id, coalesce(a.outlet, a.file) FROM family_members m JOIN quotes q ON q.id = m.quote_id "
            "JOIN articles a ON a.id = q.article_id WHERE q.status != 'rejected'"):
        members.setdefault(cluster, Counter())[outlet] += 1
    out = []
    for cid, canonical, size, outlets in rows:
        named = people.get(cid, {})
        conflict = _disagree(named.values())
        if conflicts_only and not conflict:
            continue
        by_name: dict[str, set] = {}
        for root, name in sorted(named.items()):
            key = next((k for k in by_name if same_name(k, name)), name)
            by_name.setdefault(key, set()).update(outlets_of[(cid, root)])
        spk = sorted(((n, len(o)) for n, o in by_name.items()), key=lambda t: (-t[1], t[0]))
        out.append(Family(cid, canonical, size, outlets, conflict, spk, sorted(members.get(cid, ()))))
    return out
