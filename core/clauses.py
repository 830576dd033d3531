"""Where a quote's attribution can sit: its clause windows.

A cue verb attributes a quote only from the reporter's own sentence around
it. Sentence ends are found in the text with every quotation blanked out, so
a full stop inside a quote does not end the reporter's sentence, and "Mr."
or an initial does not end it either. A quote that closes its sentence
(“….” then a capital) is attributed from the next sentence only in the
short "Name said." form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import CUE_WORDS
from .detect import Quote


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


_ABBREV = frozenset(
    "mr mrs ms dr st sen rep gov gen lt col sgt capt jr sr inc corp co ltd vs no prof rev sec dept "
    "jan feb mar apr aug sept sep oct nov dec u.s u.k u.n d.c p.m a.m".split()
)


def sentence_ends(masked: str, start: int, end: int):
    """Sentence ends in the reporter's text, skipping "Mr." and initials."""
    for m in _SENT_END.finditer(masked, start, end):
        word = re.search(r"([\w.]+)[.!?…]?['’\"”]?\s*$", masked[max(start, m.start() - 12) : m.start() + 1])
        w = word.group(1).lower().rstrip(".") if word else ""
        if masked[m.start()] == "." and (w in _ABBREV or len(w) == 1):
            continue
        yield m


def clause_windows(text: str, masked: str, q: Quote) -> Windows:
    line_start = text.rfind("\n", 0, q.start) + 1
    line_end = text.find("\n", q.end)
    line_end = len(text) if line_end < 0 else line_end
    open_pos = max(line_start, q.start - 1)
    close_pos = min(line_end, q.end + 1)
    left_start = line_start
    for m in sentence_ends(masked, line_start, open_pos):
        left_start = m.end()
    right_end = line_end
    m = next(sentence_ends(masked, close_pos, line_end), None)
    if m:
        right_end = m.start() + 1
    tail = text[close_pos:line_end].lstrip(" ”\"’'")
    closed = q.text.rstrip()[-1:] in ".!?…" and (not tail or tail[:1].isupper() or tail[:1] in "“\"‘(")
    if closed:
        # Allow only a cue clause: “….” Cruz said. / “…?” Miller, a retired
        # worker, said pleasantly. A cue word must come early in it.
        words = [w.strip(",.;:").lower() for w in text[close_pos:right_end].split()]
        if not any(w in CUE_WORDS for w in words[:12]):
            right_end = close_pos
    return Windows((left_start, open_pos), (close_pos, right_end), closed)


def asks(q: Quote) -> bool:
    """The quote is a question: what follows is more likely an answer, by
    someone else, than the asker going on."""
    return q.text.rstrip(" ,”\"'").endswith("?")


def opens_paragraph(text: str, q: Quote) -> bool:
    line_start = text.rfind("\n", 0, q.start) + 1
    return not text[line_start : q.start].strip(" \"'“”‘’«„")


