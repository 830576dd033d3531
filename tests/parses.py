"""Documents built by hand, so rule tests need no spaCy model.

A rule reads a parse: heads, dependency labels, parts of speech, lemmas and
entities. ``parsed`` builds a ``Doc`` carrying exactly the parse a test
describes, on ``spacy.blank("en")``'s vocabulary, so the test states the
sentence structure it is about and does not change when a tagger does.

Each token is written ``word/POS/dep/head``, ``head`` the index of its head
token (its own index for the root), then any of ``/B-PERSON`` (``B-``/``I-``
entity tags), ``/=lemma`` (when the lemma is not the lower-cased word) and
``/:TAG`` (a fine-grained tag a rule reads, such as ``NNS``). Tokens are
separated by spaces; ``⏎`` is a line break and ``⍽`` a no-break space (each a
token of its own); the words must spell ``text`` in
order, and the spaces between them are read from it.
"""

from __future__ import annotations

import functools

import spacy
from spacy.tokens import Doc

import quotedesk.core.extensions  # noqa: F401 - the Doc and Span extensions the pipeline sets


@functools.lru_cache(maxsize=1)
def _vocab():
    return spacy.blank("en").vocab


def parsed(text: str, tokens: str) -> Doc:
    words, pos, deps, heads, ents, lemmas, tags = [], [], [], [], [], [], []
    for item in tokens.split():
        word, p, dep, head, *extra = item.split("/")
        word = word.replace("⏎", "\n").replace("⍽", "\xa0")
        words.append(word)
        pos.append(p)
        deps.append(dep)
        heads.append(int(head))
        ent, lemma, tag = "O", word.lower(), ""
        for e in extra:
            if e.startswith("="):
                lemma = e[1:]
            elif e.startswith(":"):
                tag = e[1:]
            else:
                ent = e
        ents.append(ent)
        lemmas.append(lemma)
        tags.append(tag or ("VB" if p in ("VERB", "AUX") else p))
    spaces, at = [], 0
    for n, word in enumerate(words):
        found = text.find(word, at)
        if found != at:
            raise ValueError(f"token {n} {word!r} is not at offset {at} of the text")
        at += len(word)
        nxt = at
        while nxt < len(text) and text[nxt] == " ":
            nxt += 1
        if nxt - at > 1:
            raise ValueError(f"two spaces after token {n} {word!r}")
        spaces.append(nxt > at)
        at = nxt
    if at != len(text):
        raise ValueError(f"the tokens end at {at}, the text at {len(text)}")
    return Doc(_vocab(), words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, ents=ents,
               lemmas=lemmas, tags=tags)
