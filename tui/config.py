"""Key bindings with ids, and the keymap file that remaps them.

Every binding on the review desk has an id. A TOML file maps ids to keys
(comma-separated for several), either at the top level or under ``[keymap]``::

    [keymap]
    confirm = "y,enter"
    skip = "s,space"

The file is ``$QUOTEDESK_KEYMAP`` when set, else ``keymap.toml`` in the
system's config folder for quotedesk (``~/.config/quotedesk/`` on Linux). Without the default file the defaults
apply; a file named by ``$QUOTEDESK_KEYMAP`` must exist.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs
from textual.binding import Binding

from quotedesk.core.errors import QuotedeskError

KEYMAP_ENV = "QUOTEDESK_KEYMAP"


def keymap_path() -> Path:
    env = os.environ.get(KEYMAP_ENV)
    if env:
        return Path(env).expanduser()
    # platformdirs knows each system's convention (XDG_CONFIG_HOME on Linux,
    # ~/Library/Application Support on macOS, %APPDATA% on Windows).
    return Path(platformdirs.user_config_dir("quotedesk", appauthor=False)) / "keymap.toml"


#: The review desk's keys: (default keys, action, footer text, id, shown in footer).
MAIN_KEYS = [
    ("a,enter", "confirm", "Confirm", "confirm", True),
    *[(str(n), f"choose({n})", f"Candidate {n}", f"choose-{n}", False) for n in range(1, 10)],
    ("e", "type_speaker", "Type", "type-speaker", True),
    ("n", "no_speaker", "No speaker", "no-speaker", True),
    ("x", "reject", "Reject", "reject", True),
    ("s,space", "skip", "Skip", "skip", True),
    ("u,backspace", "undo", "Undo", "undo", True),
    ("c", "apply_family", "To family", "apply-family", True),
    ("plus", "joint_speaker", "Add speaker", "joint-speaker", False),
    ("K", "kind", "Kind", "kind", False),
    ("left_square_bracket", "edge('start',-1)", "Start earlier", "start-earlier", False),
    ("right_square_bracket", "edge('start',1)", "Start later", "start-later", False),
    ("left_curly_bracket", "edge('end',-1)", "End earlier", "end-earlier", False),
    ("right_curly_bracket", "edge('end',1)", "End later", "end-later", False),
    ("A", "add_quote", "Add quote", "add-quote", False),
    ("m", "flag", "Flag", "flag", False),
    ("j,down", "move(1)", "Next", "next", False),
    ("k,up", "move(-1)", "Previous", "previous", False),
    ("pagedown", "move(20)", "Page down", "page-down", False),
    ("pageup", "move(-20)", "Page up", "page-up", False),
    ("home,g", "move(-1000000000)", "First", "first", False),
    ("end,G", "move(1000000000)", "Last", "last", False),
    ("slash", "search", "Search", "search", True),
    ("f", "filter", "Filter", "filter", True),
    ("o", "order", "Order", "order", False),
    ("F", "family_view", "Family", "family-view", True),
    ("S", "speakers", "Speakers", "speakers", False),
    ("question_mark", "help", "Help", "help", True),
    ("q", "quit", "Quit", "quit", True),
]


#: What each binding does, for the help screen.
HELP = {
    "confirm": "Confirm the proposed speaker, go to the next undecided quote",
    "type-speaker": "Type a speaker (completion over names and aliases; a new name creates one)",
    "no-speaker": "A quotation with no identifiable speaker",
    "reject": "Not a quotation (title, scare quote, page furniture)",
    "skip": "Skip for now (stays pending; the time is recorded)",
    "undo": "Undo your last decision (also after a restart)",
    "apply-family": "Apply this decision to every undecided member of the family",
    "joint-speaker": "Add another speaker (a joint quotation: \"Xi and Lukashenko\"); completion as for e",
    "kind": "Change the quote's kind: full → partial → headline → not speech",
    "start-earlier": "Move the quote's start one word earlier",
    "start-later": "Move the quote's start one word later",
    "end-earlier": "Move the quote's end one word earlier",
    "end-later": "Move the quote's end one word later",
    "add-quote": "Add a quotation the detector missed: type its words as they read in the passage",
    "flag": "Flag the quote unsure, with a note (m again clears the flag)",
    "search": "Search quotes and speakers",
    "filter": "Filter: status, outlet, speaker, confidence below, conflicts only, flagged only",
    "order": "Order: article order / lowest confidence first / conflicts first",
    "family-view": "Family view: every member with its passage and candidates; decide on each there",
    "speakers": "Speakers: merge two entities, split an alias off",
}


def main_bindings() -> list[Binding]:
    return [Binding(keys, action, text, show=show, id=bid, key_display="1-9" if bid == "choose-1" else None)
            for keys, action, text, bid, show in MAIN_KEYS]


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id -> keys from the keymap file; {} when there is no file.

    The default file may be absent; a file named on purpose (an argument or
    ``$QUOTEDESK_KEYMAP``) must exist, or a typo would silently mean defaults.
    """
    named = path is not None or bool(os.environ.get(KEYMAP_ENV))
    path = path or keymap_path()
    if not path.is_file():
        if named:
            raise QuotedeskError(f"{path}: no such keymap file")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise QuotedeskError(f"{path}: cannot read the keymap ({exc})") from None
    table = data.get("keymap", data)
    known = {bid for *_, bid, _ in MAIN_KEYS}
    keymap = {}
    for bid, keys in table.items():
        if bid not in known:
            raise QuotedeskError(f"{path}: unknown binding id {bid!r}; known ids: {', '.join(sorted(known))}")
        if not isinstance(keys, str) or not keys.strip():
            raise QuotedeskError(f"{path}: keys for {bid!r} must be a string such as \"y,enter\"")
        keymap[bid] = keys.replace(" ", "")
    # One key, one action: a key bound twice would leave one of them unreachable.
    owner: dict[str, tuple[str, str]] = {}
    for keys, _, _, bid, _ in MAIN_KEYS:
        for key in keymap.get(bid, keys).split(","):
            same = _canonical(key)
            if same in owner:
                first, written = owner[same]

                def label(b):
                    return repr(b) if b in keymap else f"{b!r} (by default; rebind it too)"

                if written == key:
                    problem = f"key {key!r} is bound to both {label(first)} and {label(bid)}"
                else:
                    problem = f"{written!r} for {label(first)} and {key!r} for {label(bid)} are the same key"
                raise QuotedeskError(f"{path}: {problem}")
            owner[same] = (bid, key)
    return keymap


def _canonical(key: str) -> str:
    """One spelling per key, as Textual will see it: "?" is question_mark,
    "ctrl+m" is enter."""
    try:
        from textual.keys import KEY_ALIASES, _normalize_key_list
    except ImportError:  # a Textual without these helpers: compare as written
        return key
    key = _normalize_key_list(key)
    return next((canon for canon, alts in KEY_ALIASES.items() if key in alts), key)


#: Key names as a reviewer reads them.
KEY_SYMBOLS = {"question_mark": "?", "slash": "/", "plus": "+", "left_square_bracket": "[",
               "right_square_bracket": "]", "left_curly_bracket": "{", "right_curly_bracket": "}"}


def shown_key(key: str) -> str:
    """One key as it is written on screen: ``?`` for question_mark, ``^p`` for ctrl+p."""
    if key.startswith("ctrl+"):
        return "^" + key[5:]
    return KEY_SYMBOLS.get(key, key)


def keys_for(binding_id: str, keymap: dict[str, str]) -> str:
    """The keys a binding answers to, after the keymap."""
    for keys, _, _, bid, _ in MAIN_KEYS:
        if bid == binding_id:
            return keymap.get(bid, keys)
    raise KeyError(binding_id)
