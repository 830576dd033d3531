"""Shared fixtures: the spaCy pipeline (loaded once), databases and data paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.storage import open_db

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "polnear"
CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from core.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def db():
    """A private in-memory quotedesk database."""
    conn = open_db(":memory:")
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def seeded_db_path(tmp_path_factory, nlp):
    """A database file with the sample corpus ingested once per test session.

    Tests that change it must copy it first (see ``seeded_db``).
    """
    from core.pipeline import ingest

    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    conn = open_db(path)
    ingest(conn, [CORPUS], nlp=nlp)
    conn.close()
    return path


@pytest.fixture
def seeded_db(seeded_db_path, tmp_path):
    """A writable copy of the seeded database."""
    import shutil
    import sqlite3

    src = sqlite3.connect(seeded_db_path)
    dst_path = tmp_path / "attributions.db"
    dst = sqlite3.connect(dst_path)
    src.backup(dst)
    src.close()
    dst.close()
    conn = open_db(dst_path)
    yield conn
    conn.close()
    del shutil


def needs_seeds():
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")


def needs_polnear():
    return pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared/polnear is absent")
