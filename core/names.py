"""Comparing person and organisation names the way the scoring protocol does.

The same person appears as "Mr. Lukashenko", "Alexander Lukashenko" and
"Aleksandr G. Lukashenko"; both grouping speakers and scoring need one rule for
"these name the same one", so it lives here.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import JaroWinkler

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "general",
    "sen", "senator", "rep", "representative", "gov", "governor", "mayor", "judge", "justice",
    "gen", "col", "lt", "capt", "sgt", "adm", "rev", "father", "pope", "king", "queen", "prince",
    "princess", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson",
    "ambassador", "leader", "deputy", "former", "chief", "executive", "ceo", "attorney",
    "whip", "the", "jr", "sr", "ii", "iii", "gop", "democratic", "republican", "dem",
    "r", "d", "candidate", "nominee", "presidential", "st",
}


def fold(text: str) -> str:
    """Lower-case ASCII letters: accents dropped, so "Jesús" matches "Jesus"."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


def name_tokens(name: str) -> list[str]:
    """Tokens that identify a name: titles and one-letter initials dropped."""
    toks = [t.strip(".'’") for t in re.split(r"[\s,]+|(?<=\w)-(?=\w)", fold(name))]
    toks = [re.sub(r"[’']s$", "", t) for t in toks]
    return [t for t in toks if len(t) > 1 and t not in TITLES and re.search(r"\w", t)]


def _translit(tok: str) -> str:
    tok = tok.replace("ks", "x").replace("kh", "h").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1", r"\1", tok)


def tokens_match(a: str, b: str) -> bool:
    """Equal, or equal up to transliteration (Aleksandr ~ Alexander)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    if _translit(a) == _translit(b):
        return True
    return JaroWinkler.similarity(a, b) >= 0.9 and abs(len(a) - len(b)) <= 2


def _subset(small: list[str], big: list[str]) -> bool:
    return all(any(tokens_match(s, b) for b in big) for s in small)


def same_name(a: str | None, b: str | None) -> bool:
    """The protocol's rule: one name's tokens all appear in the other's."""
    if not a or not b:
        return False
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return fold(a).strip() == fold(b).strip()
    return _subset(ta, tb) or _subset(tb, ta)
