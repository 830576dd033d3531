"""Quotes and their contexts as short strings of stem codes, for matching.

Outlets cut, re-punctuate and re-translate what was said, so matching
compares content-word stems, not text: each word is folded (lower case, no
accents), reduced to a crude prefix stem, and each stem to one character. A
quote becomes a short string that rapidfuzz compares word by word, and the
sentences around it a small set of codes.

The stem -> code table is a ``Codebook``: per run, loaded from and saved to
the database (``core.family_index``), so the encoding stored for a quote
means the same in the next process and a new article costs only its own
quotes. Stems met only in contexts get codes counted down from the top of
the code space: they are never stored, so they can never collide with a
code another process stores meanwhile.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

STOP = frozenset("""
a an the and or but nor of to in on at for with by from as into onto over under about after before
is are was were be been being am it its it's this that these those there here their theirs they them
we our ours us you your yours i me my mine he him his she her hers not no so than then too very just
can could will would shall should may might must do does did done have has had having also all any
some such only own same other more most both each few s t if while which who whom whose what when
where why how up down out off again further once one
""".split())

#: Words around quotes in any news story: they say nothing about which event.
CONTEXT_STOP = STOP | frozenset("""
said says say saying told tell added adding according statement statements mr ms mrs news reported
report reports quoted quote asked wrote write comment comments noted stated spoke speaking spokesman
spokeswoman spokesperson interview week year day today monday tuesday wednesday thursday friday
saturday sunday
""".split())

#: Characters each side of a quote whose sentences are its near and its wider context.
NEAR = 60
WIDE = 400

_WORD = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f]")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"\u201d\u2019)]*)?")

#: Stored codes count up from here (below 2**21: ``core.blocking`` packs two in one integer).
FIRST_CODE = 0x1000
#: Context-only codes count down from here.
LAST_CODE = 0x10FFFF


def fold(text: str) -> str:
    """Lower case without accents ("Jesús" -> "jesus"); fast for ASCII."""
    text = text.lower()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stem(tok: str) -> str:
    """A crude prefix stem: "resolve"/"resolution", "wars"/"war", "supports"/"support"."""
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss"):
        tok = tok[:-1]
    return tok[:5]


def is_content(tok: str, stop=STOP) -> bool:
    return (tok not in stop and len(tok) > 1) or tok.isdigit()


def _char(n: int) -> str:
    return chr(n + 0x800 if 0xD800 <= n < 0xE000 else n)  # never a surrogate


class Codebook:
    """Stem -> one character, with per-run lookup tables for tokens.

    ``stored`` is what the database holds; ``new`` collects the quote stems
    this run added, for the caller to store. ``context_codes`` never adds to
    either: a context stem the book lacks gets a run-local code.
    """

    def __init__(self, stored: dict[str, str] | None = None, next_code: int = FIRST_CODE):
        self.codes: dict[str, str] = dict(stored or {})
        self.next_code = next_code
        self.new: dict[str, str] = {}
        self.chars: dict[str, str] = {}            # code -> one shared string for it
        self._locals: dict[str, str] = {}
        self._local = LAST_CODE
        self._quote: dict[str, str | None] = {}    # folded token -> code, None for a stop word
        self._context: dict[str, str | None] = {}  # raw token -> code, None for a context stop word

    def code(self, st: str) -> str:
        c = self.codes.get(st)
        if c is None:
            if st in self._locals:
                raise RuntimeError("encode every quote before reading contexts")
            c = self.codes[st] = self.new[st] = _char(self.next_code)
            self.next_code = ord(c) + 1
        return c

    def _local_code(self, st: str) -> str:
        c = self.codes.get(st) or self._locals.get(st)
        if c is None:
            c = self._locals[st] = _char(self._local)
            self._local = ord(c) - 1
            if self._local < self.next_code + 0x800:
                raise OverflowError("too many distinct stems for one-character codes")
        return c

    def _quote_code(self, tok: str) -> str | None:
        return self.code(stem(tok)) if is_content(tok) else None

    def _context_code(self, tok: str) -> str | None:
        t = fold(tok)
        return self._local_code(stem(t)) if is_content(t, CONTEXT_STOP) else None

    def encode(self, text: str) -> tuple[str, str]:
        """(the words, lower case, single spaces; their content-word stems as codes)."""
        words = tokens(text)
        codes = [c for c in _lookup(self._quote, words, self._quote_code) if c is not None]
        if not codes:  # "no way": all stop words, matched on the words themselves
            codes = [self.code(stem(t)) for t in words]
        return " ".join(words), "".join(codes)

    def known_codes(self, words: list[str]) -> set:
        """The codes some words have as quote words (a stem never coded cannot be in any quote)."""
        return {c for t in words if is_content(t) and (c := self.codes.get(stem(t))) is not None}

    def context_codes(self, text: str) -> set:
        out = set(_lookup(self._context, _WORD.findall(text), self._context_code))
        out.discard(None)
        return out

    def own_context_codes(self, norm: str) -> set:
        """A quote's own words as context codes (to leave them out of its context)."""
        out = set(_lookup(self._context, norm.split(), self._context_code))
        out.discard(None)
        return out


def _lookup(table: dict, toks: list[str], fill) -> list:
    """``table[t]`` for each token, filling misses with ``fill(t)``: a C-speed map once warm."""
    try:
        return list(map(table.__getitem__, toks))
    except KeyError:
        for t in toks:
            if t not in table:
                table[t] = fill(t)
        return list(map(table.__getitem__, toks))


@lru_cache(maxsize=4096)
def parse_day(date: str | None) -> int | None:
    if not date:
        return None
    try:
        return _dt.date.fromisoformat(str(date)[:10]).toordinal()
    except ValueError:
        return None


class ArticleContext:
    """An article cut into sentences, each read (once, when first needed) into stem codes."""

    def __init__(self, text: str, book: Codebook):
        self.text, self.book = text, book
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _SENTENCE.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
        self.sets: list[set | None] = [None] * len(self.starts)

    def _union(self, lo: int, hi: int) -> set:
        i, j = bisect_left(self.ends, lo), bisect_left(self.starts, hi)
        sets = self.sets
        for k in range(i, j):
            if sets[k] is None:
                sets[k] = self.book.context_codes(self.text[self.starts[k]:self.ends[k]])
        return set().union(*sets[i:j]) if j > i else set()

    def contexts(self, start: int, end: int, own: set = frozenset()) -> tuple[str, str]:
        """The near and wide context of ``[start, end)``, without the quote's own words."""
        near = self._union(start - NEAR, end + NEAR) - own
        wide = self._union(start - WIDE, end + WIDE) - own
        return "".join(near), "".join(wide)
