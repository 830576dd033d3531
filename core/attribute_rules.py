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
        self.seen: dict[int, bool] = {}  # a word's hash -> whether the regex finds it
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
        seen = self.seen
        if len(seen) > ArrayAttributeRuler.LIMIT:
            seen.clear()
        distinct, spread = numpy.unique(column, return_inverse=True)
        hits = []
        for h in distinct.tolist():
            if h not in seen:
                seen[h] = self.regex.search(strings[h]) is not None
            hits.append(seen[h])
        return numpy.array(hits, dtype=bool)[spread.ravel()]


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
    """What ``ruler`` does to a document, by array comparisons.

    Almost every pattern is one token long, and what those set on a token
    depends on nothing but the token's tested attributes (its tag, its
    lowercase form, ...). So their answer is worked out once per distinct
    combination, remembered, and spread over a document by index; only the
    few longer patterns are matched over each document.
    """

    #: Remembered combinations before the memory starts again: a bound on
    #: what an archive's open vocabulary can make it hold.
    LIMIT = 200_000

    def __init__(self, ruler=None):
        super().__init__(ruler)
        self.patterns = None
        if ruler is not None:
            self.take(ruler)

    def take(self, ruler) -> "ArrayAttributeRuler":
        super().take(ruler)
        self.patterns = compile(ruler) if len(ruler.attrs) == len(ruler.patterns) else None
        if self.patterns is not None:
            self.attrs = sorted({a for p in self.patterns for a in p.attrs})
            self.single = [(k, p) for k, p in enumerate(self.patterns) if len(p.tokens) == 1]
            self.longer = [(k, p) for k, p in enumerate(self.patterns) if len(p.tokens) > 1]
            self.keyed = sorted({t.column for _, p in self.single for t in p.tokens[0]}) or [0]
            # The patterns tell a column's values apart only by those they
            # name and those their regexes find; every other value (most
            # words) is one and the same to them.
            self.collapse = []
            for n, column in enumerate(self.keyed):
                tests = [t for _, p in self.single for t in p.tokens[0] if t.column == column]
                named = [t.values for t in tests if t.regex is None]
                named = numpy.unique(numpy.concatenate(named)) if named else numpy.zeros(0, dtype=numpy.uint64)
                self.collapse.append((n, named[named != 0], [t for t in tests if t.regex is not None]))
            self.known: dict[bytes, tuple[tuple, tuple]] = {}
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.patterns is None:
            return self.inner(doc)
        if len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        columns = doc.to_array(_COLUMNS)
        order, value = self._single(columns, strings)
        rows = columns.T
        n = len(doc)
        for k, pattern in self.longer:
            width = len(pattern.tokens)
            if width > n:
                continue
            hit = numpy.ones(n - width + 1, dtype=bool)
            for offset, tests in enumerate(pattern.tokens):
                for test in tests:
                    hit &= test.mask(rows[test.column][offset : n - width + 1 + offset], strings)
            starts = numpy.flatnonzero(hit)
            if not len(starts):
                continue
            at = starts + (pattern.index if pattern.index >= 0 else width + pattern.index)
            for attr, v in pattern.attrs.items():
                a = self.attrs.index(attr)
                later = at[order[at, a] < k]
                order[later, a] = k
                value[later, a] = v
        arrays, singly = [], []
        for a, attr in enumerate(self.attrs):
            set_here = order[:, a] >= 0
            if not set_here.any():
                continue
            if attr in _ARRAY_SET:
                column = doc.to_array([attr])
                column[set_here] = value[set_here, a]
                arrays.append((attr, column))
            else:
                singly.append((attr, numpy.flatnonzero(set_here), value[:, a]))
        if arrays:
            doc.from_array([a for a, _ in arrays], numpy.stack([c for _, c in arrays], axis=1))
        for attr, where, values in singly:
            for i in where.tolist():
                set_token_attrs(doc[i], {attr: int(values[i])})
        return doc

    def _single(self, columns: numpy.ndarray, strings) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Per token and attribute, the index of the last one-token pattern
        that sets it (-1: none) and the value it sets."""
        key = numpy.ascontiguousarray(columns[:, self.keyed])
        for n, named, regexes in self.collapse:
            told = numpy.isin(key[:, n], named)
            for test in regexes:
                told |= test.mask(key[:, n], strings)
            key[:, n] = numpy.where(told, key[:, n], 0)
        rows = key.view(numpy.dtype((numpy.void, key.dtype.itemsize * key.shape[1]))).ravel()
        distinct, first, spread = numpy.unique(rows, return_index=True, return_inverse=True)
        known = self.known
        keys = [d.tobytes() for d in distinct]
        new = [j for j, b in enumerate(keys) if b not in known]
        if new:
            if len(known) + len(new) > self.LIMIT:
                known.clear()
            order, value = self._work_out(columns[first[new]], strings)
            for j, o, v in zip(new, order.tolist(), value.tolist()):
                known[keys[j]] = (o, v)
        answers = [known[b] for b in keys]
        order = numpy.array([o for o, _ in answers], dtype=numpy.int64).reshape(len(keys), len(self.attrs))
        value = numpy.array([v for _, v in answers], dtype=numpy.uint64).reshape(len(keys), len(self.attrs))
        spread = spread.ravel()
        return order[spread], value[spread]

    def _work_out(self, columns: numpy.ndarray, strings) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The one-token patterns over ``columns``, one row per token kind."""
        m = len(columns)
        order = numpy.full((m, len(self.attrs)), -1, dtype=numpy.int64)
        value = numpy.zeros((m, len(self.attrs)), dtype=numpy.uint64)
        rows = columns.T
        for k, pattern in self.single:
            hit = numpy.ones(m, dtype=bool)
            for test in pattern.tokens[0]:
                hit &= test.mask(rows[test.column], strings)
            if not hit.any():
                continue
            for attr, v in pattern.attrs.items():
                a = self.attrs.index(attr)
                order[hit, a] = k
                value[hit, a] = v
        return order, value


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
