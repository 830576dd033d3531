"""Accuracy on PolNeAR dev, read from ../shared at run time (never copied).

Floors, not targets: they fail when a change makes attribution worse on real
political news the rules were not written against.
"""

import pytest

from quotedesk.core import evaluate as ev
from quotedesk.core.pipeline import ingest
from quotedesk.core.storage import open_db

from conftest import POLNEAR, needs_polnear

pytestmark = [needs_polnear(), pytest.mark.polnear, pytest.mark.model]


@pytest.fixture(scope="module")
def dev_report(nlp, tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("polnear") / "dev.db")
    ingest(db, [POLNEAR / "dev" / "articles"], nlp=nlp)
    gold = ev.load_gold(POLNEAR / "dev" / "gold.jsonl")
    return ev.score(gold, ev.predictions_from_db(db))


def test_quote_detection_on_unseen_political_news(dev_report):
    assert dev_report.f1 >= 0.95


def test_speaker_accuracy_on_unseen_political_news(dev_report):
    assert dev_report.speaker_accuracy >= 0.89


def test_high_confidence_attributions_are_more_often_right(dev_report):
    right_hi, total_hi = dev_report.bands["≥0.9"]
    right_lo, total_lo = dev_report.bands["<0.7"]
    assert total_hi and total_lo
    assert right_hi / total_hi >= 0.96
    assert right_hi / total_hi - right_lo / total_lo >= 0.3
