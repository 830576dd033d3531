"""The ``model`` marker is kept honest, so that ``pytest -m "not model"``
really loads no spaCy pipeline: tests/conftest.py refuses an unmarked test
that loads one, whichever way it tries.

Checked by running pytest on a few tests of our own in a scratch folder with
this suite's conftest.
"""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import conftest
from conftest import REPO

SCRATCH_TESTS = '''
import subprocess, sys
import pytest

def test_unmarked_in_process():
    from quotedesk.core.nlp import load_nlp
    try:
        load_nlp()
    except Exception:
        pass  # swallowing the refusal does not hide it

def test_unmarked_in_a_subprocess():
    run = subprocess.run([sys.executable, "-c", "from core.nlp import load_nlp; load_nlp()"], capture_output=True)
    assert run.returncode == 0

@pytest.mark.model
def test_marked_is_left_alone():
    import spacy
    assert spacy.load.__name__ == "load"
'''


def _pytest(folder, tests: str):
    shutil.copy(REPO / "tests" / "conftest.py", folder / "conftest.py")
    (folder / "test_scratch.py").write_text(textwrap.dedent(tests))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(folder)],
                          cwd=folder, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_an_unmarked_test_that_loads_a_pipeline_fails_in_process_and_in_a_subprocess(tmp_path):
    run = _pytest(tmp_path, SCRATCH_TESTS)
    out = run.stdout
    assert "ERROR test_scratch.py::test_unmarked_in_process" in out
    assert "without @pytest.mark.model" in out
    assert "FAILED test_scratch.py::test_unmarked_in_a_subprocess" in out
    assert "PASSED test_scratch.py::test_marked_is_left_alone" in out


class _Item:
    """What the collection hook reads of a collected test."""

    def __init__(self, nodeid, fixturenames, marked):
        self.nodeid, self.fixturenames, self._marked = nodeid, fixturenames, marked

    def get_closest_marker(self, name):
        return object() if self._marked and name == "model" else None


def test_an_unmarked_test_asking_for_the_pipeline_fixture_stops_collection():
    items = [_Item("t.py::uses_db", ["seeded_db", "seeded_db_path"], marked=False),
             _Item("t.py::marked", ["nlp"], marked=True), _Item("t.py::plain", ["tmp_path"], marked=False)]
    with pytest.raises(pytest.UsageError, match="without @pytest.mark.model") as refused:
        conftest.pytest_collection_modifyitems(None, items)
    assert "t.py::uses_db" in str(refused.value)
    assert "t.py::marked" not in str(refused.value) and "t.py::plain" not in str(refused.value)
    conftest.pytest_collection_modifyitems(None, items[1:])  # all marked or model-free: collected
