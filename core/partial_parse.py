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

A pipeline whose recogniser listens to a shared encoder (a transformer, say)
would lose entities this way: such a pipeline is parsed whole. So is every
article when ``QUOTEDESK_PARSE=full`` is set, to measure what the partial
parse costs in accuracy (the README's Speed section does).
"""

from __future__ import annotations

import os
import re

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, SPACY, TAG
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
#: What the model's components set, copied from the pieces back into the document.
_JOINED = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID]


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


def parse_docs(nlp: Language, docs: list[Doc], plans: list[list[tuple[int, int, bool]]], skip: tuple) -> list[Doc]:
    """The model's components over ``docs`` (``skip``: components not to run),
    each parsed whole or by its plan; the results in order."""
    out: list[Doc | None] = [None] * len(docs)
    splittable = can_split(nlp) and parse_mode() == "partial"
    whole = [k for k, p in enumerate(plans) if not splittable or len(p) < 2 and (not p or p[0][2])]
    for k, doc in zip(whole, nlp.pipe((docs[k] for k in whole), disable=list(skip), batch_size=max(1, len(whole)))):
        out[k] = doc
    split = [k for k in range(len(docs)) if out[k] is None]
    if split:
        pieces = {k: _cut(docs[k], plans[k]) for k in split}
        full = [(k, n) for k in split for n, (_, full) in enumerate(pieces[k]) if full]
        rest = [(k, n) for k in split for n, (_, full) in enumerate(pieces[k]) if not full]
        parsed: dict[tuple[int, int], Doc] = {}
        for key, doc in zip(full, nlp.pipe((pieces[k][n][0] for k, n in full), disable=list(skip),
                                           batch_size=max(1, len(full)))):
            parsed[key] = doc
        names_only = [n for n in nlp.pipe_names if n not in ("ner", "paragraph_sentences")] + list(skip)
        for key, doc in zip(rest, nlp.pipe((pieces[k][n][0] for k, n in rest), disable=names_only,
                                           batch_size=max(1, len(rest)))):
            parsed[key] = _flat_parse(doc)
        for k in split:
            # Back into the document itself, attribute columns end to end: no
            # new document, and heads are offsets, so they hold in place.
            arrays = [parsed[(k, n)].to_array(_JOINED) for n in range(len(pieces[k]))]
            out[k] = docs[k].from_array(_JOINED, numpy.concatenate(arrays))
    return out  # type: ignore[return-value]


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
    # Fresh documents of the same words (``Span.as_doc`` would also copy
    # vectors, entities and hooks, a Token built for every word), with the
    # norms the tokenizer's exceptions gave them ("n’t" is "not"): the model
    # reads norms, and a word's own would change its tags.
    strings = doc.vocab.strings
    columns = doc.to_array([ORTH, SPACY, NORM])
    words = [strings[h] for h in columns[:, 0].tolist()]
    spaces = columns[:, 1].astype(bool).tolist()
    out = []
    for n, (i, full) in enumerate(pieces):
        end = pieces[n + 1][0] if n + 1 < len(pieces) else len(doc)
        if end > i:
            piece = Doc(doc.vocab, words=words[i:end], spaces=spaces[i:end])
            out.append((piece.from_array([NORM], columns[i:end, 2:3]), full))
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
