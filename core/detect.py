"""Finding quotation-marked spans in article text.

News text arrives with every kind of quotation mark, typed in every wrong way:
curly and straight, doubled apostrophes (``''``) for marks, « » and „ “,
single marks that are also apostrophes, quotes left open, and quotes that run
over several paragraphs with an opening mark on each. A scanner that gives up
on the first unbalanced mark loses whole articles (as textacy does), so this
one works paragraph by paragraph and recovers at each paragraph end. A quote
nested inside another is a row of its own as well (``Quote.within``), and
the outer quote keeps the inner marks: the inner words may be someone else's
("she asked me, ‘Are you coming home?’"), or the speaker's own words again.

Offsets are code-point offsets into the text as given, marks excluded and
surrounding whitespace stripped, so ``text[q.start:q.end] == q.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_OPEN = "“«„‟"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‛"
SINGLE_CLOSE = "’"
STRAIGHT = {'"': "double", "'": "single"}
_OPEN_BEFORE = " \t([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Mark:
    pos: int
    length: int
    family: str  # "double" | "single"
    role: str  # "open" | "close" | "either"


@dataclass
class Quote:
    """One quotation-marked span (a paragraph's piece of it, for long quotes)."""

    start: int
    end: int
    text: str
    paragraph: int
    kind: str = "full"
    #: True when this piece continues a quote from the previous paragraph.
    continues: bool = False
    #: True when the closing mark was missing and the span was recovered.
    recovered: bool = False
    nested: list[tuple[int, int]] = field(default_factory=list)
    #: The span of the quote this one is nested in.
    within: tuple[int, int] | None = None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; news text has one paragraph a line."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


def _marks(text: str, start: int, end: int) -> list[Mark]:
    # Marks inside embedded markup (<tweet tweet-id="...">) quote attribute
    # values, not people.
    masked = {i for m in _TAG.finditer(text, start, end) for i in range(m.start(), m.end())}
    marks: list[Mark] = []
    i = start
    while i < end:
        ch = text[i]
        if i in masked:
            i += 1
            continue
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < end else ""
        if ch == "'" and nxt == "'":  # NYT-style doubled apostrophes
            after = text[i + 2] if i + 2 < end else ""
            marks.append(Mark(i, 2, "double", _straight_role(prev, after)))
            i += 2
            continue
        if ch in DOUBLE_OPEN:
            # „ opens; a “ after an open „ closes (German style) — handled by the scanner.
            marks.append(Mark(i, 1, "double", "open"))
        elif ch in DOUBLE_CLOSE:
            marks.append(Mark(i, 1, "double", "close"))
        elif ch == '"':
            if prev.isdigit():  # 6'2" — a height, not a mark
                pass
            else:
                marks.append(Mark(i, 1, "double", _straight_role(prev, nxt)))
        elif ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == "'":
            role = _single_role(ch, prev, nxt)
            if role:
                marks.append(Mark(i, 1, "single", role))
        i += 1
    return marks


def _straight_role(prev: str, nxt: str) -> str:
    before_ok = _is_space(prev) or prev in _OPEN_BEFORE
    after_ok = _is_space(nxt) or (nxt and not nxt.isalnum() and nxt not in "$£€#@")
    if before_ok and not _is_space(nxt):
        return "open"
    if after_ok and not _is_space(prev):
        return "close"
    return "either"


def _single_role(ch: str, prev: str, nxt: str) -> str | None:
    """Single marks double as apostrophes; keep only those placed like marks."""
    prev_word = bool(prev) and bool(_WORD.match(prev))
    next_word = bool(nxt) and bool(_WORD.match(nxt))
    if prev_word and next_word:
        return None  # don't, Russia’s, rock’n’roll
    if ch in SINGLE_OPEN or ch == "'":
        if not prev_word and next_word and not (nxt.isdigit() and ch != "‘"):
            return "open"  # ’90s is an elision, not an opening mark
    if ch in SINGLE_CLOSE or ch == "'":
        if not next_word and (prev_word or prev in ".,!?;:…" or prev in DOUBLE_CLOSE):
            return "close"
    return None


def find_quotes(text: str) -> list[Quote]:
    """Every top-level quotation in ``text``, in order, with its kind guessed."""
    quotes: list[Quote] = []
    carried = False  # a quote left open at the previous paragraph's end
    paras = paragraphs(text)
    for index, (p_start, p_end) in enumerate(paras):
        next_opens = False
        if index + 1 < len(paras):
            n_start, n_end = paras[index + 1]
            first = text[n_start:n_end].lstrip()[:2]
            next_opens = bool(first) and (first[0] in DOUBLE_OPEN or first[0] == '"' or first == "''")
        found, carried = _scan_paragraph(text, p_start, p_end, index, carried, next_opens)
        quotes.extend(found)
    inner = []
    for q in quotes:
        for start, end in q.nested:
            n = _make(text, start, end, q.paragraph, [])
            if n:
                n.within = (q.start, q.end)
                inner.append(n)
    quotes = sorted(quotes + inner, key=lambda q: (q.start, -q.end))
    headings: dict[int, tuple[bool, str] | None] = {}
    for q in quotes:
        q.kind = classify(text, q, paras, headings)
    return quotes


def _scan_paragraph(
    text: str, p_start: int, p_end: int, index: int, carried: bool, next_opens: bool
) -> tuple[list[Quote], bool]:
    marks = _marks(text, p_start, p_end)
    out: list[Quote] = []
    stack: list[Mark] = []
    german = False
    if carried:
        # The previous paragraph left a quote open. If this paragraph re-opens
        # it, the scan below picks that up; otherwise the quote runs on from
        # the paragraph start to the first closing mark.
        first_open = next((m for m in marks if m.family == "double" and m.role == "open"), None)
        first_close = next((m for m in marks if m.family == "double" and m.role in ("close", "either")), None)
        starts_with_open = first_open is not None and not text[p_start : first_open.pos].strip()
        if not starts_with_open and first_close is not None and (first_open is None or first_close.pos < first_open.pos):
            stack.append(Mark(p_start, 0, "double", "open"))
    nested: list[tuple[int, int]] = []
    doubles = [k for k, m in enumerate(marks) if m.family == "double"]
    nth_double = {k: n for n, k in enumerate(doubles)}
    for k, m in enumerate(marks):
        top = stack[-1] if stack else None
        if m.family == "double":
            closes = top is not None and top.family == "double" and (
                m.role in ("close", "either") or (german and text[m.pos] == "“")
            )
            if top is not None and top.family == "single" and m.role in ("close", "either"):
                # A double closer while a single is open: the single was an
                # apostrophe after all; drop it and close the double.
                while stack and stack[-1].family == "single":
                    stack.pop()
                closes = bool(stack)
            if closes:
                opener = stack.pop()
                if not stack:
                    q = _make(text, opener.pos + opener.length, m.pos, index, nested)
                    if q:
                        q.continues = opener.length == 0
                        out.append(q)
                    nested = []
                    german = False
                else:
                    nested.append((opener.pos + opener.length, m.pos))
                continue
            if m.role in ("open", "either") and not (stack and stack[-1].family == "double"):
                stack.append(m)
                german = text[m.pos] == "„"
                continue
            if m.role == "open" and stack and stack[-1].family == "double":
                after = [marks[j] for j in doubles[nth_double[k] + 1 : nth_double[k] + 3]]
                if len(stack) == 1 and _closes_both(text, m, after, p_start, p_end):
                    stack.append(m)  # a quote inside the quote, marked the same way
                    continue
                # Two openers in a row: the first was never closed. Recover by
                # ending it at the last sentence end before the new opener.
                opener = stack.pop()
                q = _make(text, opener.pos + opener.length, _last_sentence_end(text, opener.pos, m.pos), index, nested)
                if q:
                    q.recovered = True
                    out.append(q)
                stack.clear()
                nested = []
                stack.append(m)
            continue
        # single marks
        if m.role == "open":
            stack.append(m)
        elif m.role == "close" and top is not None and top.family == "single":
            opener = stack.pop()
            if stack:
                nested.append((opener.pos + 1, m.pos))
            else:
                q = _make(text, opener.pos + 1, m.pos, index, nested)
                if q:
                    out.append(q)
                nested = []
    # Paragraph end: anything still open?
    while stack and stack[-1].family == "single":
        opener = stack.pop()
        if not stack and _opens_the_paragraph(text, p_start, opener.pos):
            # "The spokesman: 'We apologize …" with no closing mark: a quote
            # to the paragraph end, as a double one would be.
            q = _make(text, opener.pos + 1, p_end, index, nested)
            if q and len(q.text.split()) >= _UNCLOSED_WORDS:
                q.recovered = True
                out.append(q)
                nested = []
        # Otherwise an opening single with no closer was an apostrophe.
    if nested and not stack:
        # Quotes inside a single mark that was an apostrophe after all.
        for start, end in nested:
            q = _make(text, start, end, index, [])
            if q:
                out.append(q)
        out.sort(key=lambda q: q.start)
        nested = []
    carried_out = False
    if stack:
        opener = stack[0]
        q = _make(text, opener.pos + opener.length, p_end, index, nested)
        if q:
            q.continues = opener.length == 0
            q.recovered = not next_opens
            out.append(q)
        carried_out = True
    return out, carried_out


#: Words an unclosed single-quoted paragraph needs to be read as a quote.
_UNCLOSED_WORDS = 4


def _closes_both(text: str, m: Mark, after: list[Mark], p_start: int, p_end: int) -> bool:
    """Whether the double opener ``m``, inside an open double quote, starts a
    quote nested in it: the next two double marks (``after``) both close, or
    the one next closes at the paragraph's end (where writers often drop one
    of two closing marks)."""
    if len(after) >= 2:
        return all(a.role in ("close", "either") for a in after)
    if len(after) == 1 and after[0].role in ("close", "either"):
        # Not after a sentence end, though: "… her own life. “So he’s …"
        # opens the next quote of a first one left open.
        last = text[after[0].pos + after[0].length : p_end]
        return not last.strip() and _char_before(text, p_start, m.pos) not in ".!?…"
    return False


def _char_before(text: str, p_start: int, pos: int) -> str:
    """The paragraph's last non-space character before ``pos`` ("" at its start)."""
    i = pos - 1
    while i >= p_start and text[i].isspace():
        i -= 1
    return text[i] if i >= p_start else ""


def _opens_the_paragraph(text: str, p_start: int, pos: int) -> bool:
    """A mark that starts the paragraph or follows its colon ("X said: 'We …")."""
    return _char_before(text, p_start, pos) in ("", ":")


def _last_sentence_end(text: str, start: int, stop: int) -> int:
    chunk = text[start:stop]
    best = None
    for m in re.finditer(r"[.!?…](?=\s)", chunk):
        best = m.end()
    return start + best if best else stop


def _make(text: str, start: int, end: int, paragraph: int, nested) -> Quote | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return Quote(start, end, text[start:end], paragraph, nested=list(nested))


# --- kinds -----------------------------------------------------------------

_TITLE_SMALL = {"a", "an", "the", "and", "or", "of", "in", "on", "to", "for", "at", "by", "with", "as", "but", "is", "vs"}


def is_title_case(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _TITLE_SMALL)
    return caps == len(words) and sum(1 for w in words if w[0].isupper()) >= 2


def is_heading(line: str) -> bool:
    """A line that reads as a heading: short, no sentence-final stop."""
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return False
    if stripped[-1] in ".!?:;," and not stripped.endswith(("...", "?'", '?"', "?”")):
        return False
    words = stripped.split()
    if len(words) > 16:
        return False
    # A heading that is wholly a quote, or Title Case, or has no verb-like end.
    body = stripped.strip("\"'“”‘’« »")
    return stripped != body or is_title_case(stripped) or len(words) <= 12


#: How news sites begin a block of links to other stories ("MOST READ IN
#: NEWS ...", "READ MORE: ...", "Related: ..."): the people in those
#: headlines are not in the story.
_TEASER = re.compile(r"^\W*(most read|read more|more from|related( coverage| stories| articles)?|see also|also read|recommended|trending)\b\s*[:\-–—]?", re.I)


def is_teaser(line: str) -> bool:
    """A line of links to other stories: it begins as sites begin those blocks
    and has no sentence-final stop at its end, however long it runs."""
    stripped = line.strip().rstrip("\"'”’")
    return bool(_TEASER.match(stripped)) and stripped[-1:] not in ".!?"


def _reads_as_a_title(quote: str) -> bool:
    """"Cry Me a River,", "Face the Nation.", "The Godfather: Part II": a
    short span in Title Case, trailing comma or stop aside, names a work, a
    show or a thing; nobody says words capitalised like that. Shouting in
    capitals ("WITCH HUNT") and exclamations ("We Love You, Pelosi!") are
    speech, and one word alone says too little."""
    body = quote.strip().rstrip(".,").strip()
    words = body.split()
    if not 2 <= len(words) <= 7 or body[-1:] in "!?" or not is_title_case(body):
        return False
    return not _shouted(words)


def _shouted(words: list[str]) -> bool:
    letters = [w for w in words if any(ch.isalpha() for ch in w)]
    return bool(letters) and all(w.isupper() for w in letters)


def classify(text: str, q: Quote, paras: list[tuple[int, int]], headings: dict | None = None) -> str:
    """Guess full / partial / headline / not_speech from the quote's setting.

    ``headings`` keeps what a paragraph's line says about itself from one
    quote to the next, and the words before a quote are read back from it:
    slicing the whole paragraph for each of its quotes was quadratic.
    """
    heading = _heading(text, paras, q.paragraph, {} if headings is None else headings)
    if heading is not None and (q.paragraph <= 1 or heading[0] or heading[1] == q.text.strip(".,")):
        return "headline"
    p_start = paras[q.paragraph][0]
    words = q.text.split()
    before = q.start  # the words before the quote end here, its marks and spaces left off
    while before > p_start and text[before - 1] in "\"'“”‘’«„ ":
        before -= 1
    if _reads_as_a_title(q.text):
        return "not_speech"
    starts_upper = q.text[:1].isupper() or q.text[:1].isdigit()
    sentence_like = starts_upper and (len(words) >= 4 or q.text.rstrip()[-1:] in ".!?,")
    if q.continues or (sentence_like and (before == p_start or text[before - 1] in ",:.!?—–-")):
        return "full"
    if sentence_like and len(words) >= 8:
        return "full"
    if len(words) <= 3 and not re.search(r"[.!?,]$", q.text):
        prev = _last_word(text, p_start, before).lower()
        if prev in {"the", "a", "an", "so-called", "dubbed", "named", "titled", "entitled", "as"} or (
            is_title_case(q.text) and not _shouted(words)
        ):
            return "not_speech"
    return "partial"


def _heading(text: str, paras: list[tuple[int, int]], n: int, seen: dict) -> tuple[bool, str] | None:
    """For a paragraph that reads as a heading, whether it is Title Case and
    its text without marks; None for any other paragraph."""
    if n not in seen:
        line = text[paras[n][0] : paras[n][1]]
        seen[n] = (is_title_case(line), line.strip().strip("\"'“”‘’")) if is_heading(line) else None
    return seen[n]


def _last_word(text: str, start: int, end: int) -> str:
    """``text[start:end].split()[-1]``, or "" when there is none, read from the end."""
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    begin = stop
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop]
