"""Keeping attribution's reading bounded on text no newsroom writes.

Attribution reads around each quote: the reporter's sentence, the rest of
the paragraph, the sentence the parser put the cue in. On news text those
are short; on one megabyte-long line with no full stop they are the whole
article, for every quote in it, and the spaCy parse of such a line took
gigabytes. So the text attribution reads (never the text stored) has a line
break put in place of a space where a paragraph or a sentence runs beyond
any real one, and a long text is parsed piece by piece:

- a stretch of the reporter's text with no sentence end for over
  ``MAX_SENTENCE`` characters is broken at a space;
- a paragraph over ``MAX_PARAGRAPH`` characters is broken into paragraphs of
  about ``PIECE`` characters, at sentence ends where it has them;
- a text over ``PARSE_PIECE`` characters is parsed in pieces of whole lines.

Breaks never fall inside a quotation, and a space becomes a line break, so
every offset stays the same. The longest sentence in the 992 articles of the
shared test collections runs 2,688 characters, the longest paragraph 12,577
and the longest article 34,000: none of them is touched.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from .clauses import _SENT_END, mask_quotes
from .components import COMPONENTS, finish, given
from .detect import Quote

MAX_SENTENCE = 5_000
MAX_PARAGRAPH = 20_000
PIECE = 2_000
PARSE_PIECE = 50_000

_SPACE = re.compile(r"[^\S\n]")


def bounded(text: str, quotes: list[Quote]) -> str:
    """``text`` with a line break for a space wherever a sentence or a
    paragraph runs on too long (see the module docstring)."""
    if not _has_long_line(text, MAX_SENTENCE):
        return text
    masked = mask_quotes(text, quotes)  # a space left in it is outside every quote
    chars = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if end - start <= MAX_SENTENCE:
            continue
        for cut in _cuts(masked, start, end):
            if chars is None:
                chars = list(text)
            chars[cut] = "\n"
    return text if chars is None else "".join(chars)


def _has_long_line(text: str, limit: int) -> bool:
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        if nl - pos > limit:
            return True
        pos = nl + 1
    return False


def _cuts(masked: str, start: int, end: int):
    """Where to break one line of the masked text: spaces outside quotes."""
    # The space right after each sentence end of the reporter's text.
    ends = [_SPACE.search(masked, m.start(), m.end()).start() for m in _SENT_END.finditer(masked, start, end)]
    if end - start > MAX_PARAGRAPH:
        yield from _pieces(masked, start, end, ends, PIECE)
        return
    bounds = [start - 1] + ends + [end]
    for a, b in zip(bounds, bounds[1:]):
        if b - a > MAX_SENTENCE:
            yield from _pieces(masked, a + 1, b, [], MAX_SENTENCE)


def _pieces(masked: str, start: int, end: int, ends: list[int], size: int):
    """Breaks that leave no piece of ``[start, end)`` over ``size``: the last
    sentence end that fits, else the last space that fits, else (a long
    quotation) the first space after it."""
    piece = start
    while end - piece > size:
        limit = piece + size
        j = bisect.bisect_left(ends, limit) - 1
        if j >= 0 and ends[j] > piece:
            cut = ends[j]
        else:
            cut = _last_space(masked, piece + 1, limit)
            if cut is None:
                m = _SPACE.search(masked, limit, end)
                if m is None:
                    return
                cut = m.start()
        yield cut
        piece = cut + 1


def _last_space(masked: str, lo: int, hi: int) -> int | None:
    for i in range(hi - 1, lo - 1, -1):
        if masked[i] != "\n" and masked[i].isspace():
            return i
    return None


def parse(nlp, text: str, quotes: list[Quote] | None = None) -> Doc:
    """``nlp(text)``, the quotes already found in the text as given handed
    in (``core.components.given``); a text over ``PARSE_PIECE`` characters is
    parsed in pieces cut after a line break (else a space), so the parser's
    memory stays that of one piece; the pieces are joined back into one
    document, which quotedesk's components then read whole."""
    if len(text) <= PARSE_PIECE:
        return nlp(given(nlp.make_doc(text), quotes))
    pieces = []
    pos = 0
    while pos < len(text):
        stop = min(len(text), pos + PARSE_PIECE)
        if stop < len(text):
            cut = text.rfind("\n", pos + 1, stop)
            if cut < 0:
                m = _last_space(text, pos + 1, stop)
                cut = m if m is not None else stop - 1
            stop = cut + 1
        pieces.append(text[pos:stop])
        pos = stop
    # One piece at a time (not nlp.pipe, which batches them all together);
    # joined with nothing added between them, the pieces give back the text.
    ours = [n for n in COMPONENTS if n in nlp.pipe_names]
    doc = Doc.from_docs([nlp(piece, disable=ours) for piece in pieces], ensure_whitespace=False)
    return finish(nlp, given(doc, quotes)) if ours else doc
