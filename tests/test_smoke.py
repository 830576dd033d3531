"""The sample corpus runs end to end out of the box."""

from core.stats import summary


def test_sample_corpus_ingests_with_quotes_and_speakers(seeded_db):
    s = summary(seeded_db)
    assert s["articles"] == 5
    assert s["quotes"] >= 60
    assert s["attributed"] >= s["quotes"] * 0.8
