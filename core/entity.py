"""What the mention rules produce: an ``Entity`` (someone an article names,
with every place it names them) and a ``Resolution`` (what one mention
refers to).

Kept apart from the rules so that clustering, salience, gender and the
resolvers all speak of the same two records, and attribution and ranking
read them without importing any rule.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from spacy.tokens import Span

from .gender import first_name_gender, likely_gender
from .names import ABBREVIATED_TITLES, HONORIFICS, name_tokens

#: spaCy's entity labels that can name a source, by the kind of source.
NAME_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "org", "NORP": "org", "FAC": "org"}
#: A one-word "person" named this often without ever getting a gender is a
#: company or product the tagger took for a person ("Qualcomm", "SpaceX")...
_GENDERLESS = 8
#: ... unless the article gives it a title only a person has ("President
#: Trump" may go ungendered for a whole story).
_PERSONAL_TITLES = frozenset(HONORIFICS) | ABBREVIATED_TITLES | frozenset(
    "president senator governor mayor judge minister ambassador chancellor premier pope king queen prince "
    "princess congressman congresswoman".split())


@dataclass
class Resolution:
    name: str
    how: str  # name | alias | pronoun | description | nominal
    span: Span
    mention_text: str
    start: int
    end: int
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass
class Entity:
    name: str
    kind: str
    aliases: set
    positions: list  # char offsets of its mentions (outside quotes)
    subject_positions: list
    context: set  # words seen around its mentions ("belarusian", "leader")
    gender: str | None = None
    #: Where it is the subject of a speech verb ("Simmons … said"): the
    #: strongest claim on a following "he said".
    speaker_positions: list = field(default_factory=list)
    #: The tagger's labels for its mentions: a place ("Dubai", "US") is
    #: never "the company" or "the airline".
    labels: collections.Counter = field(default_factory=collections.Counter)

    def can_be(self, gender: str) -> bool:
        """Whether "he" (``"m"``) or "she" (``"f"``) may mean this entity.

        A person the article names again and again gets a "Mr." or a "she"
        somewhere; a one-word name named ``_GENDERLESS`` times or more
        without ever getting a gender is not a person."""
        toks = name_tokens(self.name)
        known = self.gender
        if known is None and toks:  # "Melanie said": a first name used alone
            known = first_name_gender(toks[0])
        if self.kind != "person" or (known and known != gender):
            return False
        return (known is not None or len(self.positions) < _GENDERLESS or len(toks) > 1
                or bool(self.context & _PERSONAL_TITLES))

    @property
    def likely_gender(self) -> str | None:
        """Its gender, else the one its given name most often has."""
        if self.gender or self.kind != "person":
            return self.gender
        toks = name_tokens(self.name)
        return likely_gender(toks[0]) if len(toks) > 1 else None

    @property
    def place(self) -> bool:
        return bool(self.labels) and self.labels.most_common(1)[0][0] in ("GPE", "LOC")

    @property
    def nationality(self) -> bool:
        """"British", "South Korean": a people, never "the firm" or "the report"."""
        return bool(self.labels) and self.labels.most_common(1)[0][0] == "NORP"

    def resolved(self, how: str, span: Span) -> Resolution:
        """``span``, a mention of this entity, as a ``Resolution``."""
        return Resolution(self.name, how, span, span.text, span.start_char, span.end_char, self.kind,
                          tuple(sorted(self.aliases)))
