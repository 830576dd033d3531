"""Fixing what the detector got wrong, and marking quotes for a second look.

A reviewer does not only accept or reject the machine's work: they change a
quote's kind, move its start or end word by word, mark a quotation the
detector missed, give a quote several speakers and flag it "unsure" with a
note. Each is one write transaction with a row in the append-only
``decisions`` log holding the state before and after, so ``core.undo``
takes it back (it calls ``undo_edit`` here) and the history shows it. The
quote's own columns change (``kind``, ``start``, ``end``, ``text``, ``flag``,
``note``), so every export reads the corrected quote; ``speakers_of`` and
``flag_of`` are what an export reads for the rest.

Joint speakers are part of a reviewer's answer (``core.answers``): the first
speaker in ``speaker_id``, the others in ``co_speakers``.
Nothing here imports a UI library.
"""

from __future__ import annotations

import json
import re

import sqlite_utils

from . import answers
from .decisions import Outcome, ReviewError, clamp_seconds, log, state
from .review import record_answer
from .speakers import name_of, resolve, speaker_named
from .storage import transaction

KINDS = ("full", "partial", "headline", "not_speech")
#: Corrections of the detector's work and annotations: the decision actions made and undone here.
EDITS = ("kind", "span", "add", "flag")
FLAGS = ("unsure",)

_WORD = re.compile(r"\S+")
_QUOTE_MARKS = "\"“”„«»‘’‚'"


def _quote(db, quote_id: str) -> tuple:
    row = db.execute('SELECT article_id, start, "end", text, kind, flag, note FROM quotes WHERE id = ?',
                     [quote_id]).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    return row


def _opening(text: str) -> str:
    words = text.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


# --------------------------------------------------------------------------
# Kind


def set_kind(db: sqlite_utils.Database, quote_id: str, kind: str, reviewer: str) -> Outcome:
    """Say what kind of quotation this is (the detector's guess was wrong)."""
    if kind not in KINDS:
        raise ReviewError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    with transaction(db):
        old = _quote(db, quote_id)[4]
        if old == kind:
            raise ReviewError(f"this quote is already {kind}")
        db.execute("UPDATE quotes SET kind = ? WHERE id = ?", [kind, quote_id])
        did = log(db, quote_id, reviewer, "kind", {"kind": old}, {"kind": kind}, 0.0)
        status = state(db, quote_id)["status"]
    return Outcome([did], {quote_id: status}, f"kind: {kind.replace('_', ' ')} (was {old.replace('_', ' ')})")


def next_kind(kind: str) -> str:
    """The kind after ``kind`` in ``KINDS``, for a key that cycles through them."""
    return KINDS[(KINDS.index(kind) + 1) % len(KINDS)] if kind in KINDS else KINDS[0]


# --------------------------------------------------------------------------
# Span


def move_edge(db: sqlite_utils.Database, quote_id: str, edge: str, step: int, reviewer: str) -> Outcome:
    """Move the quote's start or end (``edge``) by ``step`` words (negative: earlier).

    Edges land on word boundaries of the article text; a quote keeps at least
    one word and never grows over another quote of the article.
    """
    if edge not in ("start", "end") or step == 0:
        raise ReviewError("move the start or the end by a word")
    with transaction(db):
        article_id, start, end, _, _, _, _ = _quote(db, quote_id)
        text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        at = _token(words, start if edge == "start" else end - 1)
        target = at + step
        if not 0 <= target < len(words):
            raise ReviewError(f"the quote's {edge} cannot move further")
        new_start, new_end = (words[target][0], end) if edge == "start" else (start, words[target][1])
        new_start, new_end = _trim_marks(text, new_start, new_end)
        if new_end <= new_start:
            raise ReviewError("a quote keeps at least one word")
        clash = db.execute('SELECT text FROM quotes WHERE article_id = ? AND id != ? AND start < ? AND "end" > ?',
                           [article_id, quote_id, new_end, new_start]).fetchone()
        if clash:
            raise ReviewError(f"that would run into the quote “{_opening(clash[0])}”")
        db.execute('UPDATE quotes SET start = ?, "end" = ?, text = ? WHERE id = ?',
                   [new_start, new_end, text[new_start:new_end], quote_id])
        did = log(db, quote_id, reviewer, "span", {"start": start, "end": end},
                  {"start": new_start, "end": new_end}, 0.0)
        status = state(db, quote_id)["status"]
    return Outcome([did], {quote_id: status}, f"quote now: “{_opening(text[new_start:new_end])}”")


def _token(words: list[tuple[int, int]], pos: int) -> int:
    """Index of the word holding offset ``pos`` (the next one when ``pos`` is a space)."""
    for i, (start, end) in enumerate(words):
        if pos < end:
            return i
    return len(words) - 1


def _trim_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quote's words without the quotation marks or trailing punctuation around them."""
    while start < end and text[start] in _QUOTE_MARKS:
        start += 1
    while end > start and text[end - 1] in _QUOTE_MARKS:
        end -= 1
    return start, end


# --------------------------------------------------------------------------
# A quotation the detector missed


def _pattern(words: str) -> re.Pattern | None:
    """The typed words as they may appear in the article: any run of spaces,
    either apostrophe or quotation mark, any case."""
    words = words.strip().strip(_QUOTE_MARKS + " ")
    if not re.search(r"[^\W_]", words):
        return None
    parts = []
    for token in words.split():
        parts.append("".join("['’‘]" if ch in "'’‘" else "[\"“”]" if ch in "\"“”" else re.escape(ch) for ch in token))
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def add_quote(db: sqlite_utils.Database, near: str, words: str, reviewer: str) -> Outcome:
    """Mark a quotation the detector missed, in the article of quote ``near``.

    ``words`` are the quotation's words as they read in the passage; where
    they occur several times the occurrence nearest ``near`` is taken. The new
    quote is pending, with no proposal: the reviewer gives its speaker next.
    Its decision (``add``) names it in ``after``; undoing it removes the quote
    again unless someone has decided it since.
    """
    pattern = _pattern(words)
    if pattern is None:
        raise ReviewError("type the quotation's words as they read in the passage")
    with transaction(db):
        article_id, start, _, _, _, _, _ = _quote(db, near)
        text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        found = [m for m in pattern.finditer(text)]
        if not found:
            raise ReviewError(f"“{_opening(words)}” is not in this article")
        m = min(found, key=lambda m: abs(m.start() - start))
        q_start, q_end = _trim_marks(text, m.start(), m.end())
        clash = db.execute('SELECT id, text FROM quotes WHERE article_id = ? AND start < ? AND "end" > ?',
                           [article_id, q_end, q_start]).fetchone()
        if clash:
            raise ReviewError(f"that is part of the quote “{_opening(clash[1])}”: move its edges instead")
        from .pipeline import quote_id as make_id  # the detector's ids, so a re-detection finds it

        qid = make_id(article_id, q_start, q_end)
        quoted = q_start > 0 and text[q_start - 1] in _QUOTE_MARKS
        kind = "full" if quoted and text[q_start].isupper() else "partial"
        paragraph = text.count("\n\n", 0, q_start)
        db.execute('INSERT INTO quotes(id, article_id, start, "end", text, kind, paragraph, confidence, status, origin) '
                   "VALUES (?,?,?,?,?,?,?, 0, 'pending', 'reviewer')",
                   [qid, article_id, q_start, q_end, text[q_start:q_end], kind, paragraph])
        # quote_id NULL: the row must not pin the quote, or its undo could not remove it.
        did = log(db, None, reviewer, "add", {"quote_id": None},
                  {"quote_id": qid, "article_id": article_id, "start": q_start, "end": q_end, "kind": kind}, 0.0)
    return Outcome([did], {qid: "pending"}, f"added “{_opening(text[q_start:q_end])}” ({kind}): give its speaker")


# --------------------------------------------------------------------------
# Joint speakers


def add_speaker(db: sqlite_utils.Database, quote_id: str, reviewer: str, *, name: str | None = None,
                speaker_id: int | None = None, seconds: float = 0.0, blind: bool = False) -> Outcome:
    """Add a speaker to the quote ("Xi and Lukashenko"): this reviewer's answer names them all.

    The first speaker is the reviewer's current answer, else the one shown
    (``blind``: the machine's, whatever others answered, in a blind pass,
    where an answer never settles a dispute it could not see).
    """
    with transaction(db):
        created = False
        if speaker_id is None:
            speaker_id, created = speaker_named(db, name or "")
        elif db.execute("SELECT 1 FROM speakers WHERE id = ?", [speaker_id]).fetchone() is None:
            raise ReviewError(f"no speaker {speaker_id}")
        speaker_id = resolve(db, speaker_id)
        own = answers.get(db, quote_id, reviewer)
        if own is not None and own.status == "verified":
            first, co = own.speaker_id, list(own.co_speakers)
        else:
            shown = "proposed_speaker_id, NULL" if blind else "COALESCE(speaker_id, proposed_speaker_id), co_speakers"
            row = db.execute(f"SELECT {shown} FROM quotes WHERE id = ?", [quote_id]).fetchone()
            if row is None:
                raise ReviewError(f"no quote {quote_id}")
            first, co = row[0], json.loads(row[1]) if row[1] else []
        if first is None:
            raise ReviewError("give the quote its first speaker (enter, 1-9 or e), then add the others")
        people = [resolve(db, s) for s in [first, *co]]
        if speaker_id in people:
            raise ReviewError("that speaker is already named for this quote")
        did, shown = record_answer(db, quote_id, reviewer, "joint", "verified", first, clamp_seconds(seconds),
                                   {"created_speaker": True, "added": speaker_id} if created else {"added": speaker_id},
                                   co_speakers=tuple([*co, speaker_id]), ruling=False if blind else None)
    names = speakers_of(db, quote_id, reviewer)
    return Outcome([did], {quote_id: shown}, "speakers: " + " + ".join(names))


def speakers_of(db: sqlite_utils.Database, quote_id: str, reviewer: str | None = None) -> list[str]:
    """The quote's speakers by name, in order: one, several (a joint quotation) or none.

    ``reviewer``: as that reviewer answered; else as the quote shows (its
    settled answer, or the proposal while pending). This is what an export
    writes as the speakers list.
    """
    if reviewer is not None:
        own = answers.get(db, quote_id, reviewer)
        ids = [own.speaker_id, *own.co_speakers] if own and own.status == "verified" else []
    else:
        row = db.execute("SELECT status, speaker_id, proposed_speaker_id, co_speakers FROM quotes WHERE id = ?",
                         [quote_id]).fetchone()
        if row is None or row[0] == "rejected":
            return []
        first = row[2] if row[0] == "pending" and row[1] is None else row[1]
        ids = [first, *(json.loads(row[3]) if row[3] else [])]
    names = []
    for sid in ids:
        if sid is None:
            continue
        name = name_of(db, sid)
        if name and name not in names:
            names.append(name)
    return names


# --------------------------------------------------------------------------
# Flag and note


def flag(db: sqlite_utils.Database, quote_id: str, reviewer: str, note: str | None = None,
         flag: str | None = "unsure") -> Outcome:
    """Flag the quote (``flag=None`` clears it) with an optional free-text note."""
    if flag is not None and flag not in FLAGS:
        raise ReviewError(f"unknown flag {flag!r}; use one of {', '.join(FLAGS)}")
    note = " ".join((note or "").split()) or None
    with transaction(db):
        _, _, _, _, _, old_flag, old_note = _quote(db, quote_id)
        if flag is None and old_flag is None:
            raise ReviewError("this quote is not flagged")
        note = note if flag is not None else None
        db.execute("UPDATE quotes SET flag = ?, note = ? WHERE id = ?", [flag, note, quote_id])
        did = log(db, quote_id, reviewer, "flag", {"flag": old_flag, "note": old_note},
                  {"flag": flag, "note": note}, 0.0)
        status = state(db, quote_id)["status"]
    return Outcome([did], {quote_id: status}, f"flagged {flag}" + (f": {note}" if note else "") if flag else "flag cleared")


def flag_of(db: sqlite_utils.Database, quote_id: str) -> tuple[str | None, str | None]:
    """The quote's flag and note (None, None when unflagged): what an export writes."""
    row = db.execute("SELECT flag, note FROM quotes WHERE id = ?", [quote_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)


# --------------------------------------------------------------------------
# Undo (called by core.undo inside its transaction)


def undo_edit(db, action: str, quote_id: str | None, before: dict, after: dict) -> dict[str, str]:
    """Restore what one edit changed; returns the statuses to redraw ("removed" for a quote taken away)."""
    if action == "kind":
        db.execute("UPDATE quotes SET kind = ? WHERE id = ?", [before["kind"], quote_id])
    elif action == "span":
        text = db.execute("SELECT a.text FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
                          [quote_id]).fetchone()[0]
        db.execute('UPDATE quotes SET start = ?, "end" = ?, text = ? WHERE id = ?',
                   [before["start"], before["end"], text[before["start"]:before["end"]], quote_id])
    elif action == "flag":
        db.execute("UPDATE quotes SET flag = ?, note = ? WHERE id = ?", [before["flag"], before["note"], quote_id])
    elif action == "add":
        qid = after["quote_id"]
        if db.execute("SELECT 1 FROM decisions WHERE quote_id = ? AND undone_by IS NULL AND action != 'undo'",
                      [qid]).fetchone() or db.execute("SELECT 1 FROM answers WHERE quote_id = ?", [qid]).fetchone():
            raise ReviewError("someone has decided the added quote since: reject it (x) instead")
        db.execute("DELETE FROM candidates WHERE quote_id = ?", [qid])
        db.execute("UPDATE decisions SET quote_id = NULL WHERE quote_id = ?", [qid])  # undone rows only
        db.execute("DELETE FROM quotes WHERE id = ?", [qid])
        return {qid: "removed"}
    return {quote_id: state(db, quote_id)["status"]}
