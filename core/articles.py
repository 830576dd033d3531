"""What a reader makes of a file: an article as stored, or one line saying what is wrong.

Every reader (``core.ingest`` for .txt and .html, ``core.jsonl_feed`` for
.jsonl) yields these two, so the pipeline treats every input alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass
class Article:
    file: str
    source: str
    text: str
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    title: str | None = None
    given_id: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        return self.sha256[:16]


@dataclass
class BadInput:
    source: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}"


def normalise_newlines(text: str) -> str:
    r"""``\r\n`` and ``\r`` become ``\n``; nothing else changes.

    This is the one change made to an article's text before it is stored
    (besides dropping a UTF-8 byte-order mark), so that a file saved with
    Windows line ends gives the same text, hash and offsets as its twin, the
    same as Python's own ``read_text()``. Stored offsets point into the stored
    text, which is what ``export`` writes alongside them.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def field_text(value) -> str | None:
    """A metadata field (outlet, url, date, title) as text, or None when absent, blank or not a scalar."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None
