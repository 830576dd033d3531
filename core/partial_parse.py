"""Parsing fully only the paragraphs attribution reads.

Attribution reads the parse around quotations: the quote's own sentence, its
cue, the subjects before it for a pronoun to go back to. A paragraph with no
quotation mark and no speech cue, and no such paragraph next to it, is read
only for the names in it (``core.mentions`` indexes every named entity of the
article). So such paragraphs get the named-entity recogniser alone, which in
spaCy's English pipelines has its own token encoder and needs neither the
tagger nor the parser, and a flat stand-in parse (each line one sentence
headed by its first token, ``dep`` below it) so that sentences and heads
still read as lines. Everything else is parsed as before, and the pieces are
joined back into one document with the text's own offsets.

The recogniser then reads the whole article but for the words of long
quotations (``quiet_spans``): a name quoted is never a speaker, and the
recogniser costs more than the tagger and parser together. Nor does it read
long runs of words far from any capital or digit (``_near_capitals``),
where there is no name to find.

A pipeline whose recogniser listens to a shared encoder (a transformer, say)
would lose entities this way: such a pipeline is parsed whole. So is every
article when ``QUOTEDESK_PARSE=full`` is set, to measure what the partial
parse costs in accuracy (the README's Speed section does).
"""

from __future__ import annotations

import os
import re

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, SHAPE, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc

from .components import COMPONENTS
from .cues import CUE_WORDS
from .detect import Quote
from .errors import QuotedeskError

#: Lines before and after a quote's or a cue's line that are parsed with it
#: (a pronoun's antecedent, a description's name, the cue of a quote that
#: runs into the next paragraph).
BEFORE, AFTER = 1, 0


#: Words that introduce speech in a line with no quotation of its own
#: ("Smith said in a statement:" before the quoted paragraph).
_CUE_FORMS = CUE_WORDS | {"according", "say", "tell"}
_WORD = re.compile(r"[A-Za-z]+")
#: What the model's components set, copied from the pieces back into the
#: document: the parse's columns, then the recogniser's.
_PARSED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
_NAMES = [ENT_IOB, ENT_TYPE, ENT_KB_ID]


#: The environment variable that chooses ``partial`` (the default) or ``full``.
PARSE_ENV = "QUOTEDESK_PARSE"


def parse_mode() -> str:
    mode = os.environ.get(PARSE_ENV, "").strip().lower() or "partial"
    if mode not in ("partial", "full"):
        raise QuotedeskError(f"${PARSE_ENV} is {os.environ[PARSE_ENV]!r}: it must be 'partial' or 'full'")
    return mode


def has_cue(line: str) -> bool:
    return any(w.lower() in _CUE_FORMS for w in _WORD.findall(line))


def plan(text: str, quotes: list[Quote]) -> list[tuple[int, int, bool]]:
    """(start, end, parse fully?) of consecutive stretches of lines covering ``text``."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line) + 1, line))
        pos += len(line) + 1
    content = [k for k, (_, _, line) in enumerate(lines) if line.strip()]
    quoted = {k for k in content for q in quotes if q.start < lines[k][1] and lines[k][0] < q.end}
    marked = [k in quoted or has_cue(lines[k][2]) for k in content]
    full = [False] * len(lines)
    for n, k in enumerate(content):
        if any(marked[max(0, n - AFTER) : n + BEFORE + 1]):
            full[k] = True
    # A blank line goes with the line before it.
    for k in range(1, len(lines)):
        if not lines[k][2].strip():
            full[k] = full[k - 1]
    out: list[tuple[int, int, bool]] = []
    for k, (a, b, _) in enumerate(lines):
        b = min(b, len(text))
        if out and out[-1][2] == full[k]:
            out[-1] = (out[-1][0], b, full[k])
        else:
            out.append((a, b, full[k]))
    return [r for r in out if r[1] > r[0]]


#: Components whose output on a names-only line is either the recogniser's
#: or the flat stand-in parse's; any other (an entity or span ruler, say)
#: would be lost there, so a pipeline with one is parsed whole.
_KNOWN = {"tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner",
          "paragraph_sentences", *COMPONENTS}


def can_split(nlp: Language) -> bool:
    """Whether ``nlp``'s recogniser reads nothing another component computes,
    and every component is one the split knows what to do with."""
    if "ner" not in nlp.pipe_names or not set(nlp.pipe_names) <= _KNOWN:
        return False
    model = getattr(nlp.get_pipe("ner"), "model", None)
    return model is not None and not any("listener" in node.name for node in model.walk())


#: The fewest words of a quotation whose names are not looked for.
QUIET_WORDS = 8
#: Tokens at each end of a quiet span read all the same: the recogniser's
#: encoder sees four tokens either side, so a name just outside the
#: quotation is read with the context a whole parse gives it.
MARGIN = 4


def quiet_spans(quotes: list[Quote]) -> list[tuple[int, int]]:
    """Character spans whose names nobody reads: the words of quotations of
    at least ``QUIET_WORDS`` words with none quoted inside them.

    A name inside a quotation is never its speaker (``core.mentions`` leaves
    quoted words out), so the entity recogniser, the largest cost of a parse,
    need not read a fifth of the text. Short quotations stay in (a title or a
    nickname between marks is context for the names around it), and so do
    quotations holding another (recounted words name their speaker inside).
    """
    return [(q.start, q.end) for q in quotes if not q.nested and len(_WORD.findall(q.text)) >= QUIET_WORDS]


def parse_docs(nlp: Language, docs: list[Doc], plans: list[list[tuple[int, int, bool]]], skip: tuple,
               quiet: list[list[tuple[int, int]]] | None = None) -> list[Doc]:
    """The model's components over ``docs`` (``skip``: components not to run),
    each parsed whole or by its plan, names looked for outside its ``quiet``
    spans (``quiet_spans``); the results in order."""
    if not (can_split(nlp) and parse_mode() == "partial"):
        return list(nlp.pipe(docs, disable=list(skip), batch_size=max(1, len(docs))))
    pieces = [_cut(doc, p) for doc, p in zip(docs, plans)]
    full = [(k, n) for k, ps in enumerate(pieces) for n, (_, whole) in enumerate(ps) if whole]
    rest = [(k, n) for k, ps in enumerate(pieces) for n, (_, whole) in enumerate(ps) if not whole]
    parsed: dict[tuple[int, int], Doc] = {}
    for key, doc in zip(full, nlp.pipe((pieces[k][n][0] for k, n in full), disable=[*skip, "ner"],
                                       batch_size=max(1, len(full)))):
        parsed[key] = doc
    lines_only = [n for n in nlp.pipe_names if n != "paragraph_sentences"] + list(skip)
    for key, doc in zip(rest, nlp.pipe((pieces[k][n][0] for k, n in rest), disable=lines_only,
                                       batch_size=max(1, len(rest)))):
        parsed[key] = _flat_parse(doc)
    for k, doc in enumerate(docs):
        # Back into the document itself, attribute columns end to end: no
        # new document, and heads are offsets, so they hold in place.
        doc.from_array(_PARSED, numpy.concatenate([parsed[(k, n)].to_array(_PARSED) for n in range(len(pieces[k]))]))
    _recognise(nlp, docs, quiet or [[] for _ in docs], skip)
    return docs


def names_read(doc: Doc, quiet: list[tuple[int, int]], marks: numpy.ndarray | None = None) -> list[tuple[int, int]]:
    """The token ranges of ``doc`` the recogniser reads: all but the ``quiet``
    spans and the runs of words far from any capital (``marks``: ``_marked(doc)``)."""
    return _near_capitals(_marked(doc) if marks is None else marks, _outside(doc, quiet))


def _recognise(nlp: Language, docs: list[Doc], quiet: list[list[tuple[int, int]]], skip: tuple) -> None:
    """Named entities for every word outside the ``quiet`` spans, each
    stretch between them read as a document of its own with the sentences
    the parse gave it (the recogniser never runs an entity across one)."""
    marked = [_marked(doc) for doc in docs]
    ranges = [names_read(doc, spans, m) for doc, m, spans in zip(docs, marked, quiet)]
    segments = [(k, r) for k, rs in enumerate(ranges) for r in rs]
    pieces = [p for doc, rs in zip(docs, ranges) for p in _pieces(doc, rs, sentences=True)]
    names_only = [n for n in nlp.pipe_names if n != "ner"] + list(skip)
    columns = [numpy.zeros((len(doc), len(_NAMES)), dtype=numpy.uint64) for doc in docs]
    for col in columns:
        col[:, 0] = 2  # outside any entity
    for (k, (a, b)), doc in zip(segments, nlp.pipe(pieces, disable=names_only, batch_size=max(1, len(pieces)))):
        found = doc.to_array(_NAMES)
        for i, j in _unsure(doc.ents, marked[k][a:b], cut_before=a > 0, cut_after=b < len(docs[k])):
            found[i:j] = (2, 0, 0)
        columns[k][a:b] = found
    for doc, col in zip(docs, columns):
        doc.from_array(_NAMES, col)


def _unsure(ents, marks: numpy.ndarray, cut_before: bool, cut_after: bool) -> list[tuple[int, int]]:
    """The entities of a piece made only of lowercase words that lie next to
    a cut: read without the context the whole text gives them ("the pair"
    as a person), where the whole text's reading finds none."""
    n = len(marks)
    return [(e.start, e.end) for e in ents
            if ((cut_before and e.start < MARGIN) or (cut_after and e.end > n - MARGIN))
            and not marks[e.start : e.end].any()]


def _outside(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges covering ``doc`` but for the tokens wholly inside ``spans``."""
    starts = doc.to_array([IDX]).astype(numpy.int64)
    out, pos = [], 0
    for a, b in sorted(spans):
        i = int(numpy.searchsorted(starts, a))  # the first token starting in the span
        j = int(numpy.searchsorted(starts, b))  # the first starting after it
        while j > i and starts[j - 1] + len(doc[j - 1]) > b:
            j -= 1  # a token running past the span's end is read
        i, j = i + MARGIN, j - MARGIN
        if j <= max(i, pos):
            continue
        if i > pos:
            out.append((pos, i))
        pos = j
    if pos < len(doc):
        out.append((pos, len(doc)))
    return out


#: The fewest words far from any capital that are worth a cut of their own.
LOWER_RUN = 4


def _marked(doc: Doc) -> numpy.ndarray:
    """Which words begin with a capital or a digit."""
    shapes = doc.to_array([SHAPE])
    strings = doc.vocab.strings
    kinds = {h: strings[h][:1] in ("X", "d") for h in numpy.unique(shapes).tolist()}
    return numpy.array([kinds[h] for h in shapes.tolist()], dtype=bool)


def _near_capitals(marks: numpy.ndarray, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` but for the runs of words more than ``MARGIN`` tokens from
    any word that begins with a capital or a digit.

    A speaker's name, an organisation, a place, a date all have such a word;
    a clause of lowercase words has no entity to find, and the recogniser's
    encoder reads ``MARGIN`` tokens either side, so what it finds next to
    such a run is what it finds in the whole text. On PolNeAR train that
    leaves out a sixth of the tokens (``bench/bench_parse.py``)."""
    n = len(marks)
    marked = numpy.flatnonzero(marks)
    near = numpy.zeros(n + 1, dtype=numpy.int64)
    numpy.add.at(near, numpy.maximum(marked - MARGIN, 0), 1)
    numpy.add.at(near, numpy.minimum(marked + MARGIN + 1, n), -1)
    unread = numpy.concatenate([[False], numpy.cumsum(near[:-1]) == 0, [False]])
    edges = numpy.flatnonzero(unread[1:] != unread[:-1])
    runs = list(zip(edges[::2].tolist(), edges[1::2].tolist()))  # (first, past the last) unread token
    out = []
    for a, b in ranges:
        k = a
        for first, last in runs:
            first, last = max(first, k), min(last, b)
            if last - first >= LOWER_RUN:
                if first > k:
                    out.append((k, first))
                k = last
        if k < b:
            out.append((k, b))
    return out


def _cut(doc: Doc, stretches: list[tuple[int, int, bool]]) -> list[tuple[Doc, bool]]:
    """``doc`` as one document per stretch, cut only where a token starts."""
    starts = doc.to_array([IDX]).astype(numpy.int64)
    pieces: list[tuple[int, bool]] = []  # (first token, full)
    for a, _, full in stretches:
        i = int(numpy.searchsorted(starts, a))
        if a and (i >= len(doc) or starts[i] != a):
            # The cut falls inside a token: the stretch goes with the one before, fully parsed.
            pieces[-1] = (pieces[-1][0], True)
            continue
        if pieces and pieces[-1][1] == full:
            continue
        pieces.append((i if a else 0, full))
    bounds = [(i, pieces[n + 1][0] if n + 1 < len(pieces) else len(doc)) for n, (i, _) in enumerate(pieces)]
    kept = [(r, full) for r, (_, full) in zip(bounds, pieces) if r[1] > r[0]]
    return list(zip(_pieces(doc, [r for r, _ in kept]), [full for _, full in kept]))


def _pieces(doc: Doc, ranges: list[tuple[int, int]], sentences: bool = False) -> list[Doc]:
    """Fresh documents of the words of ``doc`` in each token range.

    ``Span.as_doc`` would also copy vectors, entities and hooks, a Token built
    for every word. The norms the tokenizer's exceptions gave ("n’t" is
    "not") go with the words: the model reads norms, and a word's own would
    change its tags. With ``sentences``, so do the sentence starts."""
    strings = doc.vocab.strings
    attrs = [NORM, SENT_START] if sentences else [NORM]
    columns = doc.to_array([ORTH, SPACY, *attrs])
    words = [strings[h] for h in columns[:, 0].tolist()]
    spaces = columns[:, 1].astype(bool).tolist()
    out = []
    for i, end in ranges:
        if i == 0 and end == len(doc):
            out.append(doc)  # the whole document: it is its own piece
            continue
        piece = Doc(doc.vocab, words=words[i:end], spaces=spaces[i:end])
        values = columns[i:end, 2:].copy()
        if sentences:
            values[0, 1] = 1
        out.append(piece.from_array(attrs, values))
    return out


def _flat_parse(doc: Doc) -> Doc:
    """Each sentence (a line, from ``paragraph_sentences``) headed by its first token."""
    n = len(doc)
    if not n:
        return doc
    starts = doc.to_array([SENT_START]).astype(numpy.int64) == 1
    starts[0] = True
    index = numpy.arange(n, dtype=numpy.int64)
    first = numpy.maximum.accumulate(numpy.where(starts, index, 0))
    heads = (first - index).astype(numpy.uint64)
    strings = doc.vocab.strings
    deps = numpy.where(heads == 0, strings.add("ROOT"), strings.add("dep")).astype(numpy.uint64)
    return doc.from_array([HEAD, DEP], numpy.stack([heads, deps], axis=1))
