"""Shared fixtures: the spaCy pipeline (loaded once), databases and data paths.

A test that needs the spaCy pipeline says so with ``@pytest.mark.model``, so
that ``pytest -m "not model"`` runs the rule tests alone, fast. Two guards keep
the marker honest: collection fails for an unmarked test that asks for the
pipeline through a fixture, and an unmarked test that loads a pipeline any
other way (in process, or in a subprocess through ``QUOTEDESK_MODEL``) fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quotedesk.core.storage import open_db

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "polnear"
CORPUS = REPO / "corpus"


#: Fixtures that load the pipeline: a test using one needs the marker.
MODEL_FIXTURES = {"nlp", "seeded_db_path"}
#: What an unmarked test's subprocesses see as the pipeline's name, so that
#: loading one fails there too, with a message naming the marker.
NO_MODEL = "no-pipeline-outside-pytest.mark.model"


def pytest_collection_modifyitems(config, items):
    unmarked = [item.nodeid for item in items
                if item.get_closest_marker("model") is None and MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if unmarked:
        raise pytest.UsageError("tests using the spaCy pipeline without @pytest.mark.model:\n  " + "\n  ".join(unmarked))


@pytest.fixture(autouse=True)
def _no_pipeline_without_marker(request, monkeypatch):
    """Fail an unmarked test that loads a spaCy pipeline."""
    if request.node.get_closest_marker("model") is not None:
        yield
        return
    import spacy
    import spacy.util

    tried = []

    def refuse(name, *args, **kwargs):
        tried.append(str(name))
        raise OSError(f"{request.node.nodeid} loads the spaCy pipeline {name!r} without @pytest.mark.model")

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy.util, "load_model", refuse)
    monkeypatch.setenv("QUOTEDESK_MODEL", NO_MODEL)
    yield
    if tried:
        pytest.fail(f"loads the spaCy pipeline {tried[0]!r} without @pytest.mark.model", pytrace=False)


@pytest.fixture(scope="session")
def nlp():
    from quotedesk.core.nlp import load_nlp

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
    from quotedesk.core.pipeline import ingest

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
