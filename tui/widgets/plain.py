"""Article text as plain, inert text.

Article text, titles and speaker names come from the web. They are never
parsed as markup (everything is a ``rich.text.Text``) and never reach the
terminal as escape sequences: each control character is swapped for a
visible stand-in of the same length, so offsets into the text still hold.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls (ESC among them), DEL, and the bidi overrides that reorder a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(m: re.Match) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL, ...
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡ for DEL; C1 and bidi controls as �


def safe(text: str | None) -> str:
    """``text`` with control characters (ESC included) made visible; newlines and tabs kept."""
    return _CONTROL.sub(_picture, text or "").replace("\t", " ")


def plain(text: str | None, style: str = "") -> Text:
    return Text(safe(text), style=style)


def one_line(text: str | None) -> str:
    return " ".join(safe(text).split())
