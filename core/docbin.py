"""Verified quotes as a spaCy ``DocBin``: training data for ``spacy train``.

One ``Doc`` per article that has a verified quote, tokenised by
``spacy.blank("en")`` (the tokenizer every English pipeline starts from, so
no model is loaded and the tokens are the ones a trained pipeline sees).
Spans are snapped outward to token boundaries (``alignment_mode="expand"``):

- ``doc.spans["sc"]``: every span below together, labels ``QUOTE``, ``CUE``
  and ``SPEAKER`` (``sc`` is the key spaCy's ``spancat`` trains on by default);
- ``doc.spans["quotes"]``: label ``QUOTE``, ``kb_id_`` the speaker's name
  (empty for "no speaker"), ``id_`` the quote id;
- ``doc.spans["cues"]``: label ``CUE``, ``id_`` the quote id;
- ``doc.spans["speakers"]``: the words naming the speaker, label ``SPEAKER``,
  ``kb_id_`` the speaker's canonical name, ``id_`` the quote id.

``doc.user_data`` holds the article's ``sha256``, ``file``, ``outlet``,
``url``, ``date`` and ``title``.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Iterable

import sqlite_utils

KEYS = ("sc", "quotes", "cues", "speakers")


def _span(doc, start, end, label, kb_id="", span_id=""):
    if start is None or end is None or not 0 <= start < end <= len(doc.text):
        return None
    return doc.char_span(start, end, label=label, kb_id=kb_id or "", span_id=span_id,
                         alignment_mode="expand")


def write_docbin(db: sqlite_utils.Database, records: Iterable[dict], path: Path) -> int:
    """Write the articles of ``records`` (verified quotes) with their spans; returns the quotes written."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    bin_ = DocBin(store_user_data=True)
    n = 0
    for aid, group in groupby(records, key=lambda r: r["article_id"]):
        group = list(group)
        row = db.execute("SELECT text FROM articles WHERE id = ?", [aid]).fetchone()
        doc = nlp.make_doc(row[0])
        spans = {k: [] for k in KEYS[1:]}
        for r in group:
            name = r["speaker"] or ""
            spans["quotes"].append(_span(doc, r["start"], r["end"], "QUOTE", name, r["quote_id"]))
            if r["cue"]:
                spans["cues"].append(_span(doc, r["cue"]["start"], r["cue"]["end"], "CUE", "", r["quote_id"]))
            for s in r["speakers"]:
                spans["speakers"].append(_span(doc, s["mention_start"], s["mention_end"], "SPEAKER",
                                               s["name"] or "", r["quote_id"]))
            n += 1
        for key, items in spans.items():
            doc.spans[key] = [s for s in items if s is not None]
        doc.spans["sc"] = [s for key in KEYS[1:] for s in doc.spans[key]]
        first = group[0]
        doc.user_data.update({"sha256": first["article"]["sha256"], "file": first["file"],
                              **{k: first["article"][k] for k in ("outlet", "url", "date", "title")}})
        bin_.add(doc)
    bin_.to_disk(path)
    return n
