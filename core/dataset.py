"""The dataset record: one quote (or one family) with what is needed to check,
cite and carry it to another database.

Every export format is built from these records, so JSONL, CSV, Parquet, the
Hugging Face folder and the dataset card cannot disagree. The record's shape
is written down once, in ``QUOTE_SHAPE`` and ``FAMILY_SHAPE``; the Parquet
schema, the Hub's feature list, the CSV columns and the README's table are
all derived from it.

A decided record is consistent: its speaker, mention and cue are those of the
candidate the reviewer's answer took (for ``choose`` the candidate of that
rank; for ``confirm`` or a family decision the candidate naming the answer's
speaker), or null where the reviewer typed the name or said nobody spoke.
The machine's own reading stays apart, under ``proposed``, and ``confidence``
is the machine's: given only when the record's speaker is the one it proposed.

A quote's identity that survives a fresh database is ``article.sha256`` with
``start`` and ``end``; ``quote_id`` is derived from them.

The record shows the answer the quote shows (``core.answers.settle``): the
latest adjudication, else the latest answer; every standing answer is in
``review.answers``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Iterator, NamedTuple

import sqlite_utils

from .errors import QuotedeskError

#: About this many characters of the article each side of a quote.
CONTEXT_CHARS = 200
LEVELS = ("quote", "family")
STATUSES = ("all", "pending", "verified", "rejected", "disputed")

# The record's shape: "string" | "int64" | "float64" | "bool", a dict for a
# nested object (key order is field order) and a one-item list for a list.
_CUE = {"text": "string", "start": "int64", "end": "int64"}
_ARTICLE = {"outlet": "string", "url": "string", "date": "string", "title": "string", "sha256": "string"}
_SPEAKER = {"name": "string", "aliases": ["string"], "mention": "string",
            "mention_start": "int64", "mention_end": "int64"}
QUOTE_SHAPE: dict = {
    "quote_id": "string", "article_id": "string", "file": "string", "outlet": "string", "date": "string",
    "start": "int64", "end": "int64", "quote": "string", "kind": "string",
    "speaker": "string", "speaker_mention": "string", "cue": _CUE, "confidence": "float64",
    "cluster": "int64", "also_clusters": ["int64"], "status": "string", "reviewer": "string", "flag": "string", "note": "string",
    "context_before": "string", "context_after": "string",
    "article": _ARTICLE,
    "speakers": [_SPEAKER],
    "proposed": {"speaker": "string", "confidence": "float64", "mention": "string",
                 "mention_start": "int64", "mention_end": "int64", "cue": _CUE},
    "review": {
        "decision": "string", "status": "string", "reviewer": "string", "decided_at": "string",
        "seconds_spent": "float64",
        "answers": [{"reviewer": "string", "status": "string", "speaker": "string", "action": "string",
                     "rank": "int64", "decided_at": "string", "adjudication": "bool"}],
        "history": [{"reviewer": "string", "at": "string", "action": "string", "status": "string",
                     "speaker": "string", "seconds": "float64", "undone": "bool"}],
    },
}
FAMILY_SHAPE: dict = {
    "family_id": "int64", "canonical": "string", "size": "int64", "outlets": "int64",
    "conflict": "bool", "status": "string", "speaker": "string",
    "speakers": [{"name": "string", "quotes": "int64"}],
    "members": [{"quote_id": "string", "article": _ARTICLE, "file": "string", "start": "int64", "end": "int64",
                 "quote": "string", "kind": "string", "speaker": "string", "speaker_mention": "string",
                 "status": "string", "reviewer": "string"}],
}
SHAPES = {"quote": QUOTE_SHAPE, "family": FAMILY_SHAPE}


def check_options(status: str, level: str = "quote") -> None:
    """Refuse an unknown status or level before anything is read or written."""
    if status not in STATUSES:
        raise QuotedeskError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    if level not in LEVELS:
        raise QuotedeskError(f"unknown level {level!r}; use quote or family")


_SPACE = re.compile(r"\s")


def context_around(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """About ``width`` characters of ``text`` before ``start`` and after ``end``,
    cut at word boundaries, so a reader sees whole words around the quote."""
    lo = max(0, start - width)
    if lo > 0 and not text[lo - 1].isspace():
        gap = _SPACE.search(text, lo, start)
        lo = gap.end() if gap else start
    hi = min(len(text), end + width)
    if hi < len(text) and not text[hi].isspace():
        # The last space before ``hi`` (``\s`` and ``str.isspace`` agree), sought
        # from the end: it is seldom more than a word away.
        cut = next((i for i in range(hi - 1, end - 1, -1) if text[i].isspace()), None)
        hi = cut if cut is not None else end
    return text[lo:start].lstrip(), text[end:hi].rstrip()


class _Candidate(NamedTuple):  # two hundred thousand of them in a large export: a tuple is quick to make
    rank: int
    root: int | None           # the live speaker entity (merges followed)
    mention: str | None
    mention_start: int | None
    mention_end: int | None
    cue: str | None
    origin: str


class _Speakers:
    """Names and aliases of every live speaker entity, merges followed."""

    def __init__(self, db: sqlite_utils.Database):
        self.root = dict(db.execute("SELECT id, root FROM speakers").fetchall())
        self.name = dict(db.execute("SELECT id, name FROM speakers WHERE id = root").fetchall())
        aliases: dict[int, set] = defaultdict(set)
        for sid, alias in db.execute("SELECT speaker_id, alias FROM aliases"):
            if sid in self.root:
                aliases[self.root[sid]].add(alias)
        self.aliases = {root: sorted(names, key=lambda a: (a.lower(), a)) for root, names in aliases.items()}

    def resolve(self, speaker_id: int | None) -> int | None:
        return self.root.get(speaker_id) if speaker_id is not None else None

    def name_of(self, speaker_id: int | None) -> str | None:
        return self.name.get(self.resolve(speaker_id))


def _cue(text: str | None, start: int | None, end: int | None) -> dict | None:
    return None if text is None else {"text": text, "start": start, "end": end}


def _locate(article: str, word: str, near: int, lo: int, hi: int) -> tuple[int, int] | tuple[None, None]:
    """Where the cue word ``word`` stands nearest ``near`` outside the quote [lo, hi).

    Candidates store their cue's word, not its offsets (only the proposal's
    cue offsets are on the quote), so a chosen candidate's cue is found again
    in the article: the occurrence closest to its mention.
    """
    window = max(0, min(lo, near) - 400), min(len(article), max(hi, near) + 400)
    best = None
    for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", article[window[0]:window[1]]):
        s, e = m.start() + window[0], m.end() + window[0]
        if s < hi and lo < e:
            continue
        if best is None or abs(s - near) < abs(best[0] - near):
            best = (s, e)
    return best or (None, None)


#: The machine's speaker: a pending quote's own speaker follows an alias split
#: (which moves ``speaker_id`` only), else the proposal.
_MACHINE = "(CASE WHEN q.status = 'pending' THEN COALESCE(q.speaker_id, q.proposed_speaker_id) ELSE q.proposed_speaker_id END)"


class _Builder:
    """Reads what every record needs in a few queries, then builds records article by article."""

    def __init__(self, db: sqlite_utils.Database, status: str):
        self.db = db
        self.where = "" if status == "all" else "AND q.status = ?"
        self.args = [] if status == "all" else [status]
        self.speakers = _Speakers(db)
        sub = f"SELECT q.id FROM quotes q WHERE 1 {self.where}"
        self.candidates: dict[str, list[_Candidate]] = defaultdict(list)
        for qid, rank, sid, mention, ms, me, cue, origin in db.execute(
            f"SELECT quote_id, rank, speaker_id, mention, mention_start, mention_end, cue, origin FROM candidates "
            f"WHERE quote_id IN ({sub}) ORDER BY quote_id, rank", self.args
        ):
            self.candidates[qid].append(_Candidate(rank, self.speakers.resolve(sid), mention, ms, me, cue, origin))
        self.answers: dict[str, list[tuple]] = defaultdict(list)
        for row in db.execute(
            # From the answers to their quotes, as for the decisions below:
            # most quotes of an archive have none, and the quotes table is the large one.
            f"SELECT a.quote_id, a.reviewer, a.status, a.speaker_id, a.decision_id, a.decided_at, a.adjudication "
            f"FROM answers a JOIN quotes q ON q.id = a.quote_id WHERE 1 {self.where} "
            f"ORDER BY a.quote_id, a.decision_id", self.args
        ):
            self.answers[row[0]].append(row[1:])
        # The other families of a quote that reports several statements: few, read at once.
        self.also: dict[str, list[int]] = defaultdict(list)
        for qid, cid in db.execute(f"SELECT f.quote_id, f.cluster_id FROM family_also f JOIN quotes q ON q.id = f.quote_id "
                                   f"WHERE 1 {self.where} ORDER BY f.quote_id, f.cluster_id", self.args):
            self.also[qid].append(cid)
        self.decisions: dict[str, list[tuple]] = defaultdict(list)
        self.by_id: dict[int, tuple[str, dict]] = {}
        for did, qid, reviewer, at, action, after, seconds, undone in db.execute(
            f"SELECT d.id, d.quote_id, d.reviewer, d.at, d.action, d.after, d.seconds, d.undone_by "
            f"FROM decisions d JOIN quotes q ON q.id = d.quote_id WHERE 1 {self.where} ORDER BY d.id", self.args
        ):
            state = json.loads(after or "{}")
            self.decisions[qid].append((reviewer, at, action, state, seconds, undone is not None))
            self.by_id[did] = (action, state)

    def records(self) -> Iterator[dict]:
        # One pass over the quotes in the status asked for, in article and text
        # order, instead of one query per article: with 100,000 articles most
        # hold no quote of that status, and only those that do are read.
        cursor = self.db.execute(
            f"SELECT q.article_id, a.file, a.outlet, a.url, a.date, a.title, a.sha256, "
            f"q.id, q.start, q.\"end\", q.text, q.kind, {_MACHINE} AS machine, q.speaker_mention, "
            f"q.mention_start, q.mention_end, q.cue, q.cue_start, q.cue_end, q.confidence, q.cluster_id, "
            f"q.status, q.reviewer, q.decided_at, q.review_seconds, q.co_speakers, q.flag, q.note "
            f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE 1 {self.where} "
            f"ORDER BY a.file, a.id, q.start, q.\"end\"", self.args)
        current, article, text = None, None, ""
        for row in cursor:
            aid, file = row[0], row[1]
            if aid != current:
                current = aid
                article = {"outlet": row[2], "url": row[3], "date": row[4], "title": row[5], "sha256": row[6]}
                text = self.db.execute("SELECT text FROM articles WHERE id = ?", [aid]).fetchone()[0]
            yield self._record(aid, file, article, text, row[7:])

    def _record(self, aid, file, article, text, row) -> dict:
        (qid, start, end, quote, kind, proposed_sid, mention, m_start, m_end, cue, c_start, c_end,
         confidence, cluster, status, reviewer, decided_at, seconds, co_speakers, flag, note) = row
        sp = self.speakers
        cands = self.candidates.get(qid, [])
        proposed_root = sp.resolve(proposed_sid)
        stored_cue = _cue(cue, c_start, c_end)

        def cue_of(c: _Candidate) -> dict | None:
            if c.cue is None:
                return None
            if c.mention_start == m_start and c.mention_end == m_end and c.cue == cue:
                return stored_cue  # the proposal's candidate: its offsets are on the quote
            near = c.mention_start if c.mention_start is not None else start
            return _cue(c.cue, *_locate(text, c.cue, near, start, end))

        def speaker(root: int | None, c: _Candidate | None) -> dict:
            found = c is not None and c.origin == "article" and c.mention_start is not None
            return {"name": sp.name.get(root), "aliases": sp.aliases.get(root, []),
                    "mention": c.mention if found else None,
                    "mention_start": c.mention_start if found else None,
                    "mention_end": c.mention_end if found else None}

        def naming(root: int | None) -> _Candidate | None:
            return next((c for c in cands if root is not None and c.root == root), None)

        # What the machine proposed: its speaker, and the mention and cue it read.
        if proposed_root is not None:
            proposal = cands[0] if cands and cands[0].root == proposed_root else naming(proposed_root)
            if proposal is None and mention is not None:  # split off: the quote's own mention named it
                proposal = _Candidate(0, proposed_root, mention, m_start, m_end, cue, "article")
            p_speaker = speaker(proposed_root, proposal)
            proposed = {"speaker": p_speaker["name"], "confidence": confidence,
                        "mention": p_speaker["mention"], "mention_start": p_speaker["mention_start"],
                        "mention_end": p_speaker["mention_end"],
                        "cue": cue_of(proposal) if proposal is not None and proposal.origin == "article" else None}
        else:
            proposal = None
            proposed = {"speaker": None, "confidence": None, "mention": mention, "mention_start": m_start,
                        "mention_end": m_end, "cue": stored_cue}

        answers = self.answers.get(qid, [])
        # The answer the quote shows (core.answers.settle): the latest ruling, else the latest answer.
        latest = ([a for a in answers if a[5]] or answers or [None])[-1]
        if latest is None:  # pending: the record is the machine's proposal
            root, chosen, decision = proposed_root, proposal, None
        else:
            _, a_status, a_sid, a_did, _, _ = latest
            decision, state = self.by_id.get(a_did, (None, {}))
            root = sp.resolve(a_sid) if a_status == "verified" else None
            chosen = self._answer_candidate(decision, state, root, cands, naming)
        people = [speaker(root, chosen)] if root is not None else []
        if people and co_speakers:  # a joint quotation: the others the answer names, no mention of their own
            others = [sp.resolve(s) for s in json.loads(co_speakers)]
            people += [speaker(r, None) for r in dict.fromkeys(others) if r is not None and r != root]
        record_cue = (cue_of(chosen) if chosen is not None and chosen.origin == "article" else None) if people else None
        before, after = context_around(text, start, end)
        return {
            "quote_id": qid, "article_id": aid, "file": file, "outlet": article["outlet"], "date": article["date"],
            "start": start, "end": end, "quote": quote, "kind": kind,
            "speaker": people[0]["name"] if people else None,
            "speaker_mention": people[0]["mention"] if people else None,
            "cue": record_cue,
            "confidence": confidence if root is not None and root == proposed_root else None,
            "cluster": cluster, "also_clusters": self.also.get(qid, []), "status": status, "reviewer": reviewer, "flag": flag, "note": note,
            "context_before": before, "context_after": after,
            "article": dict(article),
            "speakers": people,
            "proposed": proposed,
            "review": {
                "decision": decision, "status": status, "reviewer": reviewer, "decided_at": decided_at,
                "seconds_spent": seconds,
                "answers": [self._answer(a) for a in answers],
                "history": [self._step(d) for d in self.decisions.get(qid, [])],
            },
        }

    @staticmethod
    def _answer_candidate(action, state, root, cands, naming) -> _Candidate | None:
        """The candidate a reviewer's answer took; None for a typed name or nobody."""
        if root is None or action == "speaker":
            return None
        if action == "choose":
            picked = next((c for c in cands if c.rank == state.get("rank")), None)
            if picked is not None and picked.root == root:
                return picked
        return naming(root)

    def _answer(self, row) -> dict:
        reviewer, status, sid, did, at, ruling = row
        action, state = self.by_id.get(did, (None, {}))
        return {"reviewer": reviewer, "status": status,
                "speaker": self.speakers.name_of(sid) if status == "verified" else None,
                "action": action, "rank": state.get("rank") if action == "choose" else None, "decided_at": at,
                "adjudication": bool(ruling)}

    def _step(self, d) -> dict:
        reviewer, at, action, state, seconds, undone = d
        # An answer decision logs the reviewer's own answer; older rows and
        # skip or undo log the quote's state.
        answer = state.get("answer") or state
        status = answer.get("status")
        return {"reviewer": reviewer, "at": at, "action": action, "status": status,
                "speaker": self.speakers.name_of(answer.get("speaker_id")) if status != "rejected" else None,
                "seconds": seconds, "undone": undone}


def quote_records(db: sqlite_utils.Database, status: str = "all") -> Iterator[dict]:
    """One record per quote (shape ``QUOTE_SHAPE``), in article and text order."""
    check_options(status)
    return _Builder(db, status).records()


def family_records(db: sqlite_utils.Database, status: str = "all") -> Iterator[dict]:
    """One record per family: every outlet's wording, speaker and status.

    With a status other than ``all`` a family keeps only its members in that
    state and is left out when none is.
    """
    check_options(status)
    return _families(db, status)


def _families(db: sqlite_utils.Database, status: str) -> Iterator[dict]:
    from .queue import conflicts

    families = {cid: (canonical, []) for cid, canonical in db.execute(
        "SELECT id, canonical FROM clusters ORDER BY id").fetchall()}
    for r in _Builder(db, status).records():
        for cid in (r["cluster"], *r["also_clusters"]):
            if cid in families:
                families[cid][1].append(r)
    disagree = conflicts(db, [cid for cid, (_, members) in families.items() if members])
    for cid, (canonical, members) in families.items():
        if not members:
            continue
        members.sort(key=lambda r: (r["outlet"] or "", r["file"], r["start"]))
        named = Counter(r["speaker"] for r in members if r["speaker"] is not None and r["status"] != "rejected")
        statuses = {r["status"] for r in members}
        yield {
            "family_id": cid, "canonical": canonical, "size": len(members),
            "outlets": len({r["outlet"] or r["file"] for r in members}),
            "conflict": cid in disagree,
            "status": statuses.pop() if len(statuses) == 1 else "mixed",
            "speaker": min(named, key=lambda n: (-named[n], n)) if named else None,
            "speakers": [{"name": n, "quotes": k} for n, k in sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))],
            "members": [{"quote_id": r["quote_id"], "article": r["article"], "file": r["file"], "start": r["start"],
                         "end": r["end"], "quote": r["quote"], "kind": r["kind"], "speaker": r["speaker"],
                         "speaker_mention": r["speaker_mention"], "status": r["status"], "reviewer": r["reviewer"]}
                        for r in members],
        }


def records(db: sqlite_utils.Database, status: str = "all", level: str = "quote") -> Iterator[dict]:
    check_options(status, level)
    return quote_records(db, status) if level == "quote" else family_records(db, status)
