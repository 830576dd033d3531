"""Ingest → detect → attribute → store, one transaction per article.

One article is one transaction: an interrupted run (Ctrl-C, a crash) leaves
every article either fully stored or absent, and the next run picks up where
it stopped because stored articles are skipped by content hash. Quotes a
reviewer has decided are never rewritten by a later detection run.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import sqlite_utils

from .candidates import Attribution
from .errors import QuotedeskError
from .families import update as update_families
from .ingest import Article, BadInput, read_all, read_file
from .nlp import load_nlp
from .parallel import BATCH, analyse, run
from .speakers import get_or_create
from .storage import transaction
from .versions import DETECTOR_VERSION


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def quote_id(article_id: str, start: int, end: int) -> str:
    return "q" + hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:15]


@dataclass
class IngestReport:
    added: int = 0
    #: Articles already stored and read again (``--redetect``, or a newer detector).
    updated: int = 0
    skipped: int = 0
    quotes: int = 0
    problems: list[BadInput] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)


@dataclass
class _Segment:
    """What ``ingest`` meets, in order, up to one batch of articles to analyse."""

    events: list = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def ingest(
    db: sqlite_utils.Database,
    paths: list,
    *,
    model: str | None = None,
    redetect: bool = False,
    on_file: Callable[[Path], None] | None = None,
    on_problem: Callable[[BadInput], None] | None = None,
    nlp=None,
    workers: int = 1,
    batch: int = BATCH,
    dask: str | None = None,
) -> IngestReport:
    """Read every article under ``paths`` and store its quotes.

    ``on_file`` is called after each file (for a progress bar), ``on_problem``
    for each bad input as soon as it is found. Articles are read lazily and
    analysed ``batch`` at a time, in this process or in ``workers`` worker
    processes (``core.parallel``); this process alone stores them, one
    transaction per article, in input order, so the database ends the same
    whatever the number of workers. ``dask`` (a scheduler address, or
    ``local``) sends the batches to a Dask cluster instead (``core.cluster``).
    """
    files, problems = read_all(paths)
    report = IngestReport(problems=list(problems))
    for p in problems:
        if on_problem:
            on_problem(p)

    def problem(p: BadInput) -> None:
        report.problems.append(p)
        if on_problem:
            on_problem(p)

    load = (lambda _name: nlp) if nlp is not None else load_nlp
    segments = _segments(db, files, redetect, batch)
    with contextlib.closing(run(segments, lambda s: s.articles, workers=workers, load_nlp=load,
                                model_name=model, dask=dask)) as analysed:
        for seg, results in analysed:
            pending = iter(results)
            for kind, value, *extra in seg.events:
                if kind == "problem":
                    problem(value)
                elif kind == "skip":
                    report.skipped += 1
                    report.article_ids.append(value)
                elif kind == "file":
                    if on_file:
                        on_file(value)
                else:
                    found = next(pending)
                    if isinstance(found, str):
                        problem(BadInput(value.source, found))
                        continue
                    report.quotes += store_article(db, value, found)
                    if extra[0] is not None:
                        report.updated += 1
                    else:
                        report.added += 1
                    report.article_ids.append(value.id)
    update_families(db, report.article_ids)
    return report


def _segments(db, files: list[Path], redetect: bool, batch: int) -> Iterator[_Segment]:
    """The input read lazily, cut after every ``batch`` articles to analyse.

    An article stored with the current detector is skipped; so is a second
    copy of one met earlier in this run (what storing the first would have
    made of it), though it may not be stored yet.
    """
    seg = _Segment()
    queued: set[str] = set()
    for path in files:
        for item in read_file(path):
            if isinstance(item, BadInput):
                seg.events.append(("problem", item))
                continue
            version = DETECTOR_VERSION if item.id in queued else _stored_version(db, item)
            if not redetect and version is not None and version >= DETECTOR_VERSION:
                seg.events.append(("skip", item.id))
                continue
            queued.add(item.id)
            seg.events.append(("work", item, version))
            seg.articles.append(item)
            if len(seg.articles) >= batch:
                yield seg
                seg = _Segment()
        seg.events.append(("file", path))
    yield seg


def redetect(
    db: sqlite_utils.Database,
    *,
    model: str | None = None,
    on_article: Callable[[str], None] | None = None,
    nlp=None,
    batch: int = BATCH,
) -> IngestReport:
    """Detect and attribute again in every stored article (after an upgrade, say).

    The stored text is the one read, so no file needs to be at hand. Quotes a
    reviewer has decided are kept exactly as they are (``store_article``).
    """
    report = IngestReport()
    nlp = nlp or load_nlp(model)
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY rowid")]
    for first in range(0, len(ids), batch):
        # Read a batch at a time, so nlp.pipe parses the batch together.
        read = []
        for aid in ids[first : first + batch]:
            row = db.execute("SELECT file, source, text, outlet, url, date, title FROM articles WHERE id = ?",
                             [aid]).fetchone()
            if row is not None:  # else removed by another process meanwhile
                read.append((aid, Article(*row)))
        for (aid, article), found in zip(read, analyse(nlp, [a for _, a in read])):
            if isinstance(found, str):  # stored before the pipeline's limit changed
                raise QuotedeskError(f"{article.source}: {found}")
            report.quotes += store_article(db, article, found)
            report.updated += 1
            report.article_ids.append(aid)
            if on_article:
                on_article(aid)
    update_families(db, report.article_ids)
    return report


def _stored_version(db: sqlite_utils.Database, article: Article) -> int | None:
    """The detector version an article was stored with; None when it is new."""
    row = db.execute("SELECT detector_version FROM articles WHERE id = ?", [article.id]).fetchone()
    return None if row is None else (row[0] or 0)


def store_article(db: sqlite_utils.Database, article: Article, attributions: list[Attribution]) -> int:
    """Store one article and its attributions in a single transaction."""
    # One transaction: all of this article or none of it, holding the write
    # lock from the first read, so what it reads as decided stays decided.
    with transaction(db):
        db.execute(
            "INSERT INTO articles(id, file, source, outlet, url, date, title, text, sha256, ingested_at, detector_version) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET detector_version = excluded.detector_version",
            [article.id, article.file, article.source, article.outlet, article.url, article.date,
             article.title, article.text, article.sha256, now(), DETECTOR_VERSION],
        )
        # A quote is the reviewer's once it has left ``pending``, has any
        # decision on record (an undone one too) or was marked by a reviewer: detection leaves it, its
        # candidates and its speaker alone, and adds no new quote over it.
        decided = db.execute(
            "SELECT id, start, \"end\" FROM quotes WHERE article_id = ? AND (status != 'pending' "
            "OR origin != 'detector' OR EXISTS (SELECT 1 FROM decisions d WHERE d.quote_id = quotes.id))",
            [article.id],
        ).fetchall()
        decided_ids = {r[0] for r in decided}
        # A quotation a reviewer marked (origin 'reviewer') is theirs from the start.
        # (``+status``: the article's index finds its few quotes, where the
        # status index would read every pending quote in the archive; and
        # each is looked up in the decisions, not every decision listed.)
        machine = "SELECT id FROM quotes m WHERE article_id = ? AND +status = 'pending' AND origin = 'detector' " \
                  "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.quote_id = m.id)"
        # A re-detected quote whose span moved is still the statement its
        # family holds: it takes the family of the quote it replaces, so the
        # decided members of that family keep their family too.
        families_of = db.execute(
            f"SELECT start, \"end\", cluster_id FROM quotes WHERE id IN ({machine}) AND cluster_id IS NOT NULL",
            [article.id]).fetchall()
        db.execute(f"DELETE FROM candidates WHERE quote_id IN ({machine})", [article.id])
        db.execute(f"DELETE FROM quotes WHERE id IN ({machine})", [article.id])
        count = 0
        for att in attributions:
            qid = quote_id(article.id, att.quote.start, att.quote.end)
            if qid in decided_ids or any(
                att.quote.start < end and start < att.quote.end for _, start, end in decided
            ):
                continue
            _store_quote(db, article.id, qid, att)
            family = _replaced_family(att.quote, families_of)
            if family is not None:
                db.execute("UPDATE quotes SET cluster_id = ? WHERE id = ?", [family, qid])
            count += 1
    return count


def _replaced_family(q, families_of) -> int | None:
    """The family of the old quote ``q`` replaces: the one it overlaps most,
    by half the longer of the two at least (a quote nested in an old one
    does not replace it)."""
    best, family = 0, None
    for start, end, c in families_of:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap * 2 >= max(end - start, q.end - q.start) and overlap > best:
            best, family = overlap, c
    return family


def _store_quote(db: sqlite_utils.Database, article_id: str, qid: str, att: Attribution) -> None:
    q = att.quote
    speaker_ids = []
    for cand in att.candidates:
        speaker_ids.append(get_or_create(db, cand.name, cand.kind, cand.aliases) if cand.name else None)
    chosen = att.chosen
    best = att.candidates[0] if att.candidates else None
    sid = speaker_ids[0] if chosen else None
    db.execute(
        "INSERT INTO quotes(id, article_id, start, \"end\", text, kind, paragraph, speaker_id, proposed_speaker_id, "
        "speaker_mention, mention_start, mention_end, cue, cue_start, cue_end, confidence, status) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, 'pending') "
        "ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, speaker_id=excluded.speaker_id, "
        "proposed_speaker_id=excluded.proposed_speaker_id, speaker_mention=excluded.speaker_mention, "
        "mention_start=excluded.mention_start, mention_end=excluded.mention_end, cue=excluded.cue, "
        "cue_start=excluded.cue_start, cue_end=excluded.cue_end, confidence=excluded.confidence",
        [qid, article_id, q.start, q.end, q.text, q.kind, q.paragraph, sid, sid,
         best.mention if best else None, best.mention_start if best else None,
         best.mention_end if best else None, best.cue if best else None,
         best.cue_start if best else None, best.cue_end if best else None, att.confidence],
    )
    for rank, (cand, cand_sid) in enumerate(zip(att.candidates, speaker_ids), 1):
        db.execute(
            "INSERT INTO candidates(quote_id, rank, speaker_id, mention, mention_start, mention_end, score, cue, pattern, evidence, origin) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [qid, rank, cand_sid, cand.mention, cand.mention_start, cand.mention_end, cand.score,
             cand.cue, cand.pattern, cand.evidence, cand.origin],
        )
