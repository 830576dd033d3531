"""Ingest with worker processes: the same database as one process, one writer.

The sample corpus is cut into batches of one article so that two workers
really run (a small input is otherwise analysed in the parent). Each test
starts real worker processes, which load the pipeline: a few seconds each.
"""

from __future__ import annotations

import multiprocessing

import pytest

from quotedesk.core import parallel
from quotedesk.core.errors import QuotedeskError
from quotedesk.core.pipeline import ingest
from quotedesk.core.storage import open_db

from conftest import CORPUS

pytestmark = pytest.mark.model

QUOTES = ('SELECT q.id, q.article_id, q.start, q."end", q.text, q.kind, q.paragraph, q.speaker_mention, '
          "q.mention_start, q.mention_end, q.cue, q.cue_start, q.cue_end, q.confidence, q.status, "
          "s.name AS speaker, p.name AS proposed FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id "
          "LEFT JOIN speakers p ON p.id = q.proposed_speaker_id ORDER BY q.id")
CANDIDATES = ("SELECT c.quote_id, c.rank, s.name, c.mention, c.mention_start, c.mention_end, c.score, c.cue, "
              "c.pattern, c.evidence, c.origin FROM candidates c LEFT JOIN speakers s ON s.id = c.speaker_id "
              "ORDER BY c.quote_id, c.rank")


def stored(db) -> tuple[list, list, list]:
    return (db.execute(QUOTES).fetchall(), db.execute(CANDIDATES).fetchall(),
            db.execute("SELECT id, name, kind FROM speakers ORDER BY id").fetchall())


def no_analysis_here(*args, **kwargs):
    raise AssertionError("analysed in the parent, not in the workers")


def test_two_workers_store_exactly_what_one_process_stores(tmp_path, nlp, monkeypatch):
    one = open_db(tmp_path / "one.db")
    ingest(one, [CORPUS], nlp=nlp, workers=1)
    monkeypatch.setattr(parallel, "_here", no_analysis_here)
    monkeypatch.setattr(parallel, "RECYCLE", 2)  # a fresh pool after 4 batches: results still in order
    two = open_db(tmp_path / "two.db")
    report = ingest(two, [CORPUS], workers=2, batch=1)
    assert report.added == 5 and report.quotes > 50
    a, b = stored(one), stored(two)
    assert len(a[0]) == report.quotes and len(a[1]) > len(a[0])
    assert a == b  # quotes, candidates and speaker ids (the order articles were stored in)
    assert not multiprocessing.active_children()


def test_a_small_input_is_analysed_here_without_starting_workers(tmp_path, nlp, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("workers started for one batch")

    monkeypatch.setattr(parallel, "_pooled", no_pool)
    report = ingest(open_db(tmp_path / "x.db"), [CORPUS], nlp=nlp, workers=2)  # 5 articles: one batch
    assert report.added == 5


def test_ctrl_c_with_workers_ends_them_and_keeps_whole_articles(tmp_path, seeded_db_path):
    db = open_db(tmp_path / "x.db")
    done = []

    def on_file(path):
        done.append(path)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(db, [CORPUS], workers=2, batch=1, on_file=on_file)
    assert not multiprocessing.active_children()
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    report = ingest(db, [CORPUS], workers=2, batch=1)
    assert (report.added, report.skipped) == (3, 2)
    reference = open_db(seeded_db_path)
    assert stored(db)[0] == stored(reference)[0]


def test_a_worker_that_cannot_load_the_pipeline_gives_the_one_line_error(tmp_path):
    db = open_db(tmp_path / "x.db")
    with pytest.raises(QuotedeskError, match="'no_such_pipeline' is not installed"):
        ingest(db, [CORPUS], workers=2, batch=1, model="no_such_pipeline")
    assert not multiprocessing.active_children()
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


# --- Dask -------------------------------------------------------------------------------


def test_a_dask_cluster_stores_exactly_the_quotes_of_a_local_ingest(tmp_path, nlp, seeded_db_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "_here", no_analysis_here)
    monkeypatch.setattr(parallel, "_pooled", no_analysis_here)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        db = open_db(tmp_path / "dask.db")
        files = []
        report = ingest(db, [CORPUS], dask=cluster.scheduler_address, batch=2, on_file=files.append)
    assert report.added == 5 and len(files) == 5
    assert stored(db) == stored(open_db(seeded_db_path))


def test_an_unreachable_dask_scheduler_is_one_line(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from quotedesk.core import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(QuotedeskError, match="cannot reach the Dask scheduler"):
        ingest(open_db(tmp_path / "x.db"), [CORPUS], dask="tcp://127.0.0.1:9")
