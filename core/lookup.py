"""Indexes that let the mention rules (``core.clustering``, ``core.salience``)
answer without a full scan.

The entity index is asked the same few questions for every mention and every
quote: which entities a name could be, which were mentioned in the last few
thousand characters, which are a subject later in the paragraph. Answered by
comparing with every entity and every position, an article that names
thousands of people, or one long paragraph of quotes, took time quadratic in
its length. These indexes narrow each question to the few entities that can
answer it; the rules then apply their own tests to those, unchanged, in the
same (article) order, so every answer is the one the full scan gave.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from .names import fold, name_tokens, spelling_key as _skel


class NameKeys:
    """Entities by the keys of their names and aliases.

    ``candidates`` is a superset of the entities ``Clusters.match`` can
    accept for a name: one sharing its folded name, a non-person alias, its
    last token, or (``same_name`` then needing a token match, which needs
    equal spelling keys) a token's spelling key.
    """

    def __init__(self) -> None:
        self._keys: dict[str, list[int]] = defaultdict(list)
        self._at: dict[int, int] = {}  # id(entity) -> its place in the article's list
        self.first_named: dict[str, object] = {}

    def add(self, entity, at: int) -> None:
        """Register a new entity, the ``at``-th of the article, with its aliases so far."""
        self._at[id(entity)] = at
        self.first_named.setdefault(entity.name, entity)
        self._put("f:" + fold(entity.name).strip(), at)
        if entity.kind == "person":
            toks = name_tokens(entity.name)
            for t in toks:
                self._put("t:" + t, at)
                self._put("s:" + _skel(t), at)
            if toks:
                self._put("l:" + _skel(toks[-1]), at)
        for a in entity.aliases:
            self.alias(entity, a)

    def alias(self, entity, alias: str) -> None:
        at = self._at[id(entity)]
        self._put("a:" + alias, at)
        if entity.kind != "person":
            self._put("A:" + fold(alias), at)

    def _put(self, key: str, at: int) -> None:
        places = self._keys[key]
        if not places or places[-1] != at:
            places.append(at)

    def _find(self, keys) -> list[int]:
        found: set[int] = set()
        for k in keys:
            found.update(self._keys.get(k, ()))
        return sorted(found)

    def candidates(self, name: str, kind: str) -> list[int]:
        """Places of the entities ``Clusters.match(name, kind)`` may accept, in article order."""
        keys = ["f:" + fold(name).strip()]
        if kind != "person":
            keys.append("A:" + fold(name))
        toks = name_tokens(name)
        if kind == "person" and toks:
            keys += ["t:" + toks[-1], "s:" + _skel(toks[-1])]
            keys += ["l:" + _skel(t) for t in toks]
        return self._find(keys)

    def existing(self, name: str) -> list[int]:
        """Places of the entities with ``name`` as an alias or the same folded name."""
        return self._find(("a:" + name, "f:" + fold(name).strip()))


class Positions:
    """Character positions of the article's entities, sorted, to ask which
    entities were mentioned in a range."""

    def __init__(self, pairs) -> None:
        pairs = sorted(pairs)
        self._pos = [p for p, _ in pairs]
        self._ent = [e for _, e in pairs]

    def entities_between(self, lo: int, hi: int, nearest: int | None = None) -> list[int]:
        """Places of the entities with a position ``lo <= p < hi``, in article
        order; with ``nearest``, only that many, those met first from ``lo``."""
        a, b = bisect.bisect_left(self._pos, lo), bisect.bisect_left(self._pos, hi)
        found = set(self._ent[a:b])
        if nearest is not None and len(found) > nearest:
            found = set()
            for e in self._ent[a:b]:
                found.add(e)
                if len(found) == nearest:
                    break
        return sorted(found)


def last_between(positions: list[int], lo: float, hi: float):
    """The last of the sorted ``positions`` with ``lo <= p < hi``, or None."""
    i = bisect.bisect_left(positions, hi)
    return positions[i - 1] if i and positions[i - 1] >= lo else None


def any_between(positions: list[int], lo: float, hi: float) -> bool:
    """Whether any of the sorted ``positions`` has ``lo <= p < hi``."""
    return last_between(positions, lo, hi) is not None
