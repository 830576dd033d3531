"""Where a quote's attribution can sit: its clause windows.

A cue verb attributes a quote only from the reporter's own sentence around
it. Sentence ends are found in the text with every quotation blanked out, so
a full stop inside a quote does not end the reporter's sentence, and "Mr."
or an initial does not end it either. A quote that closes its sentence
(“….” then a capital) is attributed from the next sentence only in the
short "Name said." form.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .cues import CUE_WORDS
from .detect import Quote
from .names import ABBREVIATED_TITLES


def mask_quotes(text: str, quotes: list[Quote]) -> str:
    """The text with every quotation (marks included) blanked, so that
    sentence ends inside quotes don't split the reporter's sentences."""
    chars = list(text)
    for q in quotes:
        for i in range(max(0, q.start - 1), min(len(text), q.end + 1)):
            if chars[i] != "\n":
                chars[i] = "Q"
    return "".join(chars)


_SENT_END = re.compile(r"[.!?…]['’\"”]?\s+(?=[A-Z“\"‘'(])")


@dataclass
class Windows:
    """Character ranges outside the quote where its attribution can sit."""

    left: tuple[int, int]
    right: tuple[int, int]
    #: The quote closes its sentence: text after it is a new sentence, and a
    #: verb there attributes it only in the short "Name said." form.
    closed: bool

    def holds(self, pos: int) -> bool:
        return self.left[0] <= pos < self.left[1] or self.right[0] <= pos < self.right[1]


#: Words whose full stop ends no sentence: the titles, and other abbreviations.
_ABBREV = ABBREVIATED_TITLES | frozenset(
    "st jr sr inc corp co ltd vs no sec dept jan feb mar apr aug sept sep oct nov dec u.s u.k u.n d.c p.m a.m".split()
)


def sentence_ends(masked: str, start: int, end: int):
    """Sentence ends in the reporter's text, skipping "Mr." and initials."""
    for m in _SENT_END.finditer(masked, start, end):
        if not _abbreviation(masked, start, m):
            yield m


def _abbreviation(masked: str, start: int, m: re.Match) -> bool:
    """The full stop of "Mr." or an initial, read no further back than ``start``."""
    if masked[m.start()] != ".":
        return False
    word = re.search(r"([\w.]+)[.!?…]?['’\"”]?\s*$", masked[max(start, m.start() - 12) : m.start() + 1])
    w = word.group(1).lower().rstrip(".") if word else ""
    return w in _ABBREV or len(w) == 1


class SentenceEnds:
    """``sentence_ends`` of each line of one masked article, scanned once.

    The clause windows of every quote need the sentence ends of its line;
    scanning from the line start for each quote was quadratic in a long
    paragraph (a one-line article of a megabyte never finished). Each line is
    scanned once, and a window's answer is looked up, the same one a scan
    bounded by the window gives.
    """

    def __init__(self, masked: str):
        self.masked = masked
        self._lines: dict[int, tuple[list[int], list[int], list[re.Match], list[int], list[int]]] = {}

    def _line(self, line_start: int, line_end: int):
        got = self._lines.get(line_start)
        if got is None:
            found = list(_SENT_END.finditer(self.masked, line_start, line_end))
            kept = [not _abbreviation(self.masked, line_start, m) for m in found]
            # last_kept[i]: the last kept match among the first i; next_kept[i]:
            # the first kept one from i on (len(found) for none).
            last_kept, at = [-1], -1
            for i, k in enumerate(kept):
                at = i if k else at
                last_kept.append(at)
            next_kept, at = [len(found)] * (len(found) + 1), len(found)
            for i in range(len(found) - 1, -1, -1):
                at = i if kept[i] else at
                next_kept[i] = at
            got = ([m.start() for m in found], [m.end() for m in found], found, last_kept, next_kept)
            self._lines[line_start] = got
        return got

    def last_before(self, line_start: int, line_end: int, stop: int) -> re.Match | None:
        """The last of ``sentence_ends(masked, line_start, stop)``."""
        _, ends, found, last_kept, _ = self._line(line_start, line_end)
        # A match the bounded scan sees is one whose lookahead falls before ``stop``.
        i = last_kept[bisect.bisect_left(ends, stop)]
        return found[i] if i >= 0 else None

    def first_from(self, line_start: int, line_end: int, start: int) -> re.Match | None:
        """The first of ``sentence_ends(masked, start, line_end)``, where
        ``start`` follows a quote's masked closing mark."""
        if start > line_start and self.masked[start - 1] != "Q":
            return next(sentence_ends(self.masked, start, line_end), None)
        starts, _, found, _, next_kept = self._line(line_start, line_end)
        # No match spans the masked mark, so the scan from ``start`` meets the
        # line's own matches from there on; only the abbreviation check, which
        # reads back no further than where its scan began, can differ near it.
        i = bisect.bisect_left(starts, start)
        while i < len(found) and starts[i] - 12 < start:
            if not _abbreviation(self.masked, start, found[i]):
                return found[i]
            i += 1
        i = next_kept[i] if i < len(found) else i
        return found[i] if i < len(found) else None


_MARKS_AFTER = re.compile(r"[ ”\"’']*")
_WORD = re.compile(r"\S+")  # what str.split() splits out


def clause_windows(text: str, masked: str, q: Quote, ends: SentenceEnds | None = None) -> Windows:
    ends = SentenceEnds(masked) if ends is None else ends
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    line_end = len(text) if line_end < 0 else line_end
    open_pos = max(line_start, q.start - 1)
    close_pos = min(line_end, q.end + 1)
    left_start = line_start
    m = ends.last_before(line_start, line_end, open_pos)
    if m:
        left_start = m.end()
    right_end = line_end
    m = ends.first_from(line_start, line_end, close_pos)
    if m:
        right_end = m.start() + 1
    # What follows the quote, read only as far as needed: slicing the rest of
    # the line for every quote is quadratic in a long paragraph.
    after = _MARKS_AFTER.match(text, close_pos, line_end).end()
    tail = text[after : min(after + 1, line_end)]
    closed = q.text.rstrip()[-1:] in ".!?…" and (not tail or tail[:1].isupper() or tail[:1] in "“\"‘(")
    if closed:
        # Allow only a cue clause: “….” Cruz said. / “…?” Miller, a retired
        # worker, said pleasantly. A cue word must come early in it.
        words = [m.group().strip(",.;:").lower() for m in itertools.islice(_WORD.finditer(text, close_pos, right_end), 12)]
        if not any(w in CUE_WORDS for w in words[:12]):
            right_end = close_pos
    return Windows((left_start, open_pos), (close_pos, right_end), closed)


def asks(q: Quote) -> bool:
    """The quote is a question: what follows is more likely an answer, by
    someone else, than the asker going on."""
    return q.text.rstrip(" ,”\"'").endswith("?")


def opens_paragraph(text: str, q: Quote) -> bool:
    # Read back from the quote, not forward from its line start: that slice,
    # taken for every quote, is quadratic in a long paragraph.
    i = q.start
    while i > 0 and text[i - 1] in _OPENING:
        i -= 1
    return i == 0 or text[i - 1] == "\n"


_OPENING = " \"'“”‘’«„"


