"""The sample corpus runs end to end out of the box."""

import pytest

from quotedesk.core.stats import summary

#: Every test here reads a database ingested with the spaCy pipeline.
pytestmark = pytest.mark.model


def test_sample_corpus_ingests_with_quotes_and_speakers(seeded_db):
    s = summary(seeded_db)
    assert s["articles"] == 5
    assert s["quotes"] >= 60
    assert s["attributed"] >= s["quotes"] * 0.8
