"""The pipeline's attribute ruler, matched over token arrays.

spaCy's ``AttributeRuler`` (the tag map and exceptions that give English
pipelines their ``pos_``, ``morph`` and some lemmas) runs a ``Matcher`` of a
couple of hundred one-token patterns over every token, then sets each match's
attributes one Python call at a time. Measured on PolNeAR dev it was 14% of
the whole parse, dearer than the tagger and parser together.

Its patterns test equality (or ``IN``, ``NOT_IN``, a ``REGEX`` on text) of a few token
attributes, so they can be matched with array comparisons over the whole
document at once, and the winning value of each attribute written back with
one ``Doc.from_array``. Precedence is the ruler's own: matches apply in
pattern order, so for each token and attribute the last matching pattern
wins. A ruler with a pattern outside what is handled here (another operator,
another attribute) is left as it is.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from .stand_in import StandIn

#: Token attributes a pattern may test here, by the name patterns use.
_TESTED = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM}
_COLUMNS = list(_TESTED.values())
#: Attributes written back through ``Doc.from_array``; any other (``TAG``,
#: ``DEP``: the space-token fix-ups) is set token by token, as the ruler does.
_ARRAY_SET = (POS, MORPH, LEMMA)


class _Test:
    """One attribute test of one pattern token, over a column of hashes."""

    def __init__(self, column: int, value, strings):
        self.column = column
        self.regex = None
        self.values = None
        self.negated = False
        if isinstance(value, bool):
            self.values = numpy.array([int(value)], dtype=numpy.uint64)
        elif isinstance(value, str):
            self.values = numpy.array([strings.add(value)], dtype=numpy.uint64)
        elif set(value) <= {"IN", "NOT_IN"}:
            (op, words), = value.items()
            self.values = numpy.array([strings.add(v) for v in words], dtype=numpy.uint64)
            self.negated = op == "NOT_IN"
        else:  # {"REGEX": ...}, checked in ``compile``
            self.regex = re.compile(value["REGEX"])

    def mask(self, column: numpy.ndarray, strings) -> numpy.ndarray:
        if self.regex is None:
            if len(self.values) == 1:
                return column != self.values[0] if self.negated else column == self.values[0]
            return numpy.isin(column, self.values, invert=self.negated)
        hits = [h for h in numpy.unique(column) if self.regex.search(strings[int(h)])]
        return numpy.isin(column, numpy.array(hits, dtype=numpy.uint64))


class _Pattern:
    def __init__(self, tokens: list[list[_Test]], index: int, attrs: dict):
        self.tokens = tokens
        self.index = index
        self.attrs = attrs


def compile(ruler) -> list[_Pattern] | None:
    """The ruler's patterns in the order they apply, each with the attributes
    it sets as the ruler stores them (ids and hashes), or None when one of
    them tests something ``ArrayAttributeRuler`` does not."""
    strings = ruler.vocab.strings
    out = []
    # ``ruler.patterns[k]`` is the k-th ``add``: its alternatives share
    # ``ruler.attrs[k]`` and ``ruler.indices[k]``, and apply in k's order.
    for entry, attrs in zip(ruler.patterns, ruler.attrs):
        for pattern in entry["patterns"]:
            tokens = []
            for spec in pattern:
                tests = []
                for name, value in spec.items():
                    if name not in _TESTED or not _handled(value):
                        return None
                    tests.append(_Test(list(_TESTED).index(name), value, strings))
                tokens.append(tests)
            out.append(_Pattern(tokens, entry.get("index", 0), dict(attrs)))
    return out


def _handled(value) -> bool:
    if isinstance(value, (str, bool)):
        return True
    return isinstance(value, dict) and len(value) == 1 and (
        (("IN" in value or "NOT_IN" in value) and all(isinstance(v, str) for v in [*value.values()][0]))
        or ("REGEX" in value and isinstance(value["REGEX"], str)))


class ArrayAttributeRuler(StandIn):
    """What ``ruler`` does to a document, by array comparisons."""

    def __init__(self, ruler=None):
        super().__init__(ruler)
        self.patterns = None
        if ruler is not None:
            self.take(ruler)

    def __call__(self, doc: Doc) -> Doc:
        if self.patterns is None:
            return self.inner(doc)
        if len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        columns = doc.to_array(_COLUMNS).T
        n = len(doc)
        winners: dict[int, dict[int, int]] = {}  # attribute -> token -> value, the last pattern's
        arrays = {}
        for pattern in self.patterns:
            width = len(pattern.tokens)
            if width > n:
                continue
            hit = numpy.ones(n - width + 1, dtype=bool)
            for offset, tests in enumerate(pattern.tokens):
                for test in tests:
                    hit &= test.mask(columns[test.column][offset : n - width + 1 + offset], strings)
            starts = numpy.flatnonzero(hit)
            if not len(starts):
                continue
            at = starts + (pattern.index if pattern.index >= 0 else width + pattern.index)
            for attr, value in pattern.attrs.items():
                if attr in _ARRAY_SET:
                    if attr not in arrays:
                        arrays[attr] = doc.to_array([attr])
                    arrays[attr][at] = value
                else:
                    slot = winners.setdefault(attr, {})
                    for i in at.tolist():
                        slot[i] = value
        if arrays:
            attrs = list(arrays)
            doc.from_array(attrs, numpy.stack([arrays[a] for a in attrs], axis=1))
        for attr, slot in winners.items():
            for i, value in slot.items():
                set_token_attrs(doc[i], {attr: value})
        return doc

    def take(self, ruler) -> "ArrayAttributeRuler":
        super().take(ruler)
        self.patterns = compile(ruler) if len(ruler.attrs) == len(ruler.patterns) else None
        return self


@Language.factory("quotedesk_attribute_ruler", default_config={})
def make_array_ruler(nlp: Language, name: str) -> ArrayAttributeRuler:
    return ArrayAttributeRuler(None)


def speed_up(nlp: Language) -> Language:
    """Give ``nlp``'s attribute rulers the array matcher, where it can take
    their patterns; each keeps its name and place."""
    for name, proc in list(nlp.pipeline):
        if type(proc).__name__ == "AttributeRuler" and compile(proc) is not None:
            nlp.replace_pipe(name, "quotedesk_attribute_ruler").take(proc)
    return nlp
