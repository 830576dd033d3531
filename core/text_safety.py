"""Untrusted text made safe to show: the one definition of what may not reach a screen raw.

Article text, and every name derived from it (outlets, titles, speakers,
aliases), comes from the web; reviewer names, file names and search queries
come from whoever typed them. Shown raw, an escape sequence (ESC, or the C1
CSI ``\\x9b``) recolours, clears or retitles the terminal, a carriage return
overwrites what came before it, a bidi override (U+202E) reverses what
follows, and a zero-width character hides the difference between two names.
So every character of those kinds is replaced by something visible before it
is shown, in one of two ways:

- ``pictured``: one visible symbol per character (``␛`` for ESC, ``␍`` for a
  carriage return, ``�`` for bidi and zero-width ones), so offsets into the
  text still hold; the review desk marks quotes by offset.
- ``escaped``: a backslash escape (``\\x1b``, ``\\u202e``), for line-oriented
  output (the CLI, CSV cells), where the code point matters more than the width.

``json_text`` writes JSON whose strings decode to the exact text but whose
bytes hold none of those characters raw.

Markup is a display toolkit's concern, not this module's: the desk never
hands a data string to anything that parses markup (see tui/widgets/plain.py).
"""

from __future__ import annotations

import json
import re

#: Unicode categories Cc (controls), Cf (format: zero-width, bidi, soft
#: hyphen, tags), Cs (lone surrogates, which cannot even be encoded), Zl and Zp
#: (line and paragraph separators). Written out so that importing this costs
#: nothing; tests/test_hostile_text.py checks it against this Python's
#: Unicode database. It is the union over Unicode 14-15.1 (Python 3.11-3.13).
_BMP = ("\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
        "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb")
_ASTRAL = ("\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
           "\U000e0001\U000e0020-\U000e007f")
UNSAFE = re.compile(f"[{_BMP}{_ASTRAL}]")
#: The same without the characters beyond U+FFFF: four times quicker to
#: search, and enough for a text that holds none of them (most text), which
#: matters when a whole export goes through it.
_UNSAFE_BMP = re.compile(f"[{_BMP}]")


def _unsafe(text: str) -> re.Pattern | None:
    """The pattern to search ``text`` with, or None when it cannot hold an unsafe character.

    ``str.isprintable`` is false for every character of Cc, Cf, Cs, Zl and Zp
    (and for unassigned ones, which the class may hold), so a printable text
    needs no search at all; UTF-16 takes two bytes a character exactly when
    there is none beyond U+FFFF (lone surrogates count as two).
    """
    if text.isprintable():
        return None
    if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return _UNSAFE_BMP
    return UNSAFE


def _picture(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␍ for CR, ␀ for NUL, ...
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡ for DEL; C1, format and separators as �


def pictured(text: str, keep: str = "\n") -> str:
    """``text`` with each unsafe character (other than those in ``keep``) as one visible symbol."""
    pattern = _unsafe(text)
    if pattern is None or (keep and _printable_but(text, keep)):
        return text
    return pattern.sub(lambda m: m.group() if m.group() in keep else _picture(m.group()), text)


def _printable_but(text: str, keep: str) -> bool:
    """Whether ``text`` is printable once the characters of ``keep`` are taken
    out: a paragraph of an article holds line breaks, and nothing else to escape."""
    for ch in keep:
        text = text.replace(ch, "")
    return text.isprintable()


def escaped(text: str, keep: str = "") -> str:
    """``text`` with each unsafe character (other than those in ``keep``) as a Python-style escape."""
    pattern = _unsafe(text)
    if pattern is None or (keep and _printable_but(text, keep)):
        return text
    return pattern.sub(lambda m: m.group() if m.group() in keep else ascii(m.group())[1:-1], text)


#: One encoder for every record (``json.dumps`` with options makes one a call).
_encode = json.JSONEncoder(ensure_ascii=False).encode


def json_text(obj, indent: int | None = None) -> str:
    """``obj`` as JSON that keeps names readable (no ``ensure_ascii``) yet holds no unsafe character raw.

    ``json.dumps`` escapes C0 controls itself but lets DEL, C1 (``\\x9b`` is
    a terminal's CSI), bidi and zero-width characters through; those become
    ``\\uXXXX`` escapes, which JSON allows in any string and which decode to
    the same text. They can only sit inside strings, so nothing else changes.
    """
    out = _encode(obj) if indent is None else json.dumps(obj, ensure_ascii=False, indent=indent)
    pattern = _unsafe(out)
    if pattern is None:
        return out
    return pattern.sub(lambda m: m.group() if m.group() == "\n" else json.dumps(m.group())[1:-1], out)
