"""One quote in detail: its passage, its candidate speakers, its family across
outlets and how each member's wording differs.

Everything here only reads; decisions are made in ``core.review``.
Nothing here imports a UI library.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field

import sqlite_utils

from .queue import conflicts
from .decisions import ReviewError
from .speakers import SHOWN_SPEAKER, entity
from .viewpoint import quotes_as_seen


@dataclass(frozen=True)
class Mark:
    start: int   # offsets into Context.passage
    end: int
    kind: str    # quote | cue | mention
    label: str = ""


@dataclass(frozen=True)
class Context:
    quote_id: str
    status: str
    speaker: str | None
    outlet: str | None
    date: str | None
    title: str | None
    file: str
    passage: str
    marks: list[Mark] = field(default_factory=list)
    #: (reviewer, status, speaker name) of each standing answer, when several reviewers answered
    answers: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: the speaker shown: what `confirm` confirms, whatever another reviewer answers meanwhile
    speaker_id: int | None = None
    kind: str = "full"
    #: The further speakers of a joint quotation, after ``speaker``.
    co_speakers: list[str] = field(default_factory=list)
    flag: str | None = None
    note: str | None = None
    origin: str = "detector"


def context(db: sqlite_utils.Database, quote_id: str, margin: int = 1, viewer: str | None = None) -> Context:
    """The paragraphs around a quote with the quote, cue and candidate mentions marked.

    ``viewer``: a blind pass, which shows that reviewer's own answer only.
    """
    row = db.execute(
        f"SELECT q.start, q.\"end\", q.cue_start, q.cue_end, q.status, {SHOWN_SPEAKER}, "
        f"a.outlet, a.date, a.title, a.file, a.text, q.kind, q.co_speakers, q.flag, q.note, q.origin "
        f"FROM {quotes_as_seen(db, viewer)} q "
        "JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
        [quote_id],
    ).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    start, end, cue_start, cue_end, status, speaker, outlet, date, title, file, text, kind, co, flag, note, origin = row
    lo, hi = _paragraphs(text, start, end, margin)
    marks = [Mark(start - lo, end - lo, "quote")]
    for rank, m_start, m_end in db.execute(
        "SELECT rank, mention_start, mention_end FROM candidates WHERE quote_id = ? AND mention_start IS NOT NULL "
        "ORDER BY rank", [quote_id]
    ):
        if lo <= m_start and m_end <= hi:
            marks.append(Mark(m_start - lo, m_end - lo, "mention", str(rank)))
    if cue_start is not None and lo <= cue_start and cue_end <= hi:
        marks.append(Mark(cue_start - lo, cue_end - lo, "cue"))
    def named(sid):
        return db.execute(f"SELECT e.id, e.name FROM speakers s {entity('s.id', 'e', inner=True)} WHERE s.id = ?",
                          [sid]).fetchone()

    root, name = named(speaker) if speaker is not None else (None, None)
    others = [named(sid)[1] for sid in json.loads(co)] if co and status != "rejected" else []
    return Context(quote_id, status, name, outlet, date, title, file, text[lo:hi], marks,
                   [] if viewer else answers(db, quote_id), speaker_id=root, kind=kind, co_speakers=others,
                   flag=flag, note=note, origin=origin)


def answers(db: sqlite_utils.Database, quote_id: str) -> list[tuple[str, str, str | None]]:
    """Every reviewer's standing answer, oldest first, when more than one reviewer answered."""
    rows = db.execute(
        f"SELECT a.reviewer, a.status, CASE WHEN a.status = 'rejected' THEN NULL ELSE s.name END "
        f"FROM answers a {entity('a.speaker_id', 's')} WHERE a.quote_id = ? ORDER BY a.decision_id", [quote_id]).fetchall()
    return [tuple(r) for r in rows] if len(rows) > 1 else []


def _paragraphs(text: str, start: int, end: int, margin: int) -> tuple[int, int]:
    """Offsets of the quote's paragraph widened by ``margin`` non-empty paragraphs each side."""
    lo = text.rfind("\n", 0, start) + 1
    for _ in range(margin):
        prev = text[:lo].rstrip("\n")
        if not prev:
            break
        lo = prev.rfind("\n") + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    for _ in range(margin):
        rest = len(text[hi:]) - len(text[hi:].lstrip("\n"))
        if hi + rest >= len(text):
            break
        nxt = text.find("\n", hi + rest)
        hi = len(text) if nxt < 0 else nxt
    return lo, hi


@dataclass(frozen=True)
class Candidate:
    rank: int
    speaker_id: int | None
    name: str | None
    mention: str | None
    score: float
    cue: str | None
    pattern: str | None
    evidence: str | None
    origin: str


def candidates(db: sqlite_utils.Database, quote_id: str) -> list[Candidate]:
    return [Candidate(*r) for r in db.execute(
        f"SELECT k.rank, s.id, s.name, k.mention, k.score, k.cue, k.pattern, k.evidence, "
        f"k.origin FROM candidates k {entity('k.speaker_id', 's')} WHERE k.quote_id = ? ORDER BY k.rank LIMIT 9",
        [quote_id],
    )]


@dataclass(frozen=True)
class Member:
    id: str
    outlet: str | None
    title: str | None
    text: str
    speaker: str | None
    status: str
    is_self: bool


@dataclass(frozen=True)
class Family:
    cluster_id: int | None
    members: list[Member]
    conflict: bool


def family(db: sqlite_utils.Database, quote_id: str, viewer: str | None = None) -> Family:
    """The quote's family across outlets, the quote itself first (as ``viewer`` sees it in a blind pass)."""
    row = db.execute("SELECT cluster_id FROM quotes WHERE id = ?", [quote_id]).fetchone()
    if row is None or row[0] is None:
        return Family(None, [], False)
    members = [Member(r[0], r[1], r[2], r[3], r[4], r[5], r[0] == quote_id) for r in db.execute(
        f"SELECT q.id, a.outlet, a.title, q.text, sp.name, q.status "
        f"FROM {quotes_as_seen(db, viewer)} q "
        f"JOIN articles a ON a.id = q.article_id {entity(SHOWN_SPEAKER, 'sp')} "
        f"WHERE q.id IN (SELECT quote_id FROM family_members WHERE cluster_id = ?) ORDER BY q.id != ?, a.outlet, q.start",
        [row[0], quote_id],
    )]
    return Family(row[0], members, False if viewer else bool(conflicts(db, [row[0]])))


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")


def word_diff(base: str, other: str) -> list[tuple[str, bool]]:
    """``other`` cut into tokens, each flagged True when its word is not in ``base``'s wording."""
    tokens = _TOKEN.findall(other)
    words = [(i, t.lower()) for i, t in enumerate(tokens) if t[0].isalnum() or t[0] == "_"]
    base_words = [t.lower() for t in _TOKEN.findall(base) if t[0].isalnum() or t[0] == "_"]
    same: set[int] = set()
    matcher = difflib.SequenceMatcher(a=base_words, b=[w for _, w in words], autojunk=False)
    for block in matcher.get_matching_blocks():
        same.update(words[j][0] for j in range(block.b, block.b + block.size))
    return [(t, i not in same and (t[0].isalnum() or t[0] == "_")) for i, t in enumerate(tokens)]
