"""Comparing person and organisation names the way the scoring protocol does.

The same person appears as "Mr. Lukashenko", "Alexander Lukashenko" and
"Aleksandr G. Lukashenko"; both grouping speakers and scoring need one rule for
"these name the same one", so it lives here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Names repeat across an article and a corpus, and comparing them is a large
#: share of attribution and matching: these pure functions keep their answers
#: (bounded, so memory stays flat on a long ingest).
_cached = functools.lru_cache(maxsize=1 << 12)

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


@_cached
def fold(text: str) -> str:
    """Lower-case ASCII letters: accents dropped, so "Jesús" matches "Jesus"."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


def name_tokens(name: str) -> list[str]:
    """Tokens that identify a name: titles and one-letter initials dropped."""
    return list(_name_tokens(name))


@_cached
def _name_tokens(name: str) -> tuple[str, ...]:
    toks = [t.strip(".'’") for t in re.split(r"[\s,]+|(?<=\w)-(?=\w)", fold(name))]
    toks = [re.sub(r"[’']s$", "", t) for t in toks]
    return tuple(t for t in toks if len(t) > 1 and t not in TITLES and re.search(r"\w", t))


#: Spellings that transliterations of one name swap freely, longest first.
_DIGRAPHS = (
    ("dzh", "j"), ("tch", "ch"), ("sch", "sh"), ("cks", "x"), ("ks", "x"), ("kh", "h"),
    ("ck", "k"), ("ph", "f"), ("zh", "j"), ("ou", "u"),
)
_LETTERS = str.maketrans({"y": "i", "j": "i", "w": "v", "q": "k"})
_VOWELS = set("aeiou")


@_cached
def translit_key(tok: str) -> str:
    """One spelling for the common romanisations of a name token.

    "Aleksandr" and "Alexander" give "alexandr" and "alexander"; "Sergei" and
    "Sergey" both give "sergei"; "Zelenskyy" and "Zelensky" both "zelenski".
    """
    for old, new in _DIGRAPHS:
        tok = tok.replace(old, new)
    tok = tok.translate(_LETTERS)
    return re.sub(r"(.)\1+", r"\1", tok)


def _skeleton(key: str) -> str:
    """First letter plus consonants: transliterations differ mostly in vowels."""
    return key[:1] + "".join(ch for ch in key[1:] if ch not in _VOWELS)


def spelling_key(tok: str) -> str:
    """Tokens that ``tokens_match`` matches always share this key, so it can
    index names without comparing each with every other."""
    return _skeleton(translit_key(tok))


@_cached
def tokens_match(a: str, b: str) -> bool:
    """Equal, or equal up to transliteration (Aleksandr ~ Alexander).

    Short tokens must be equal ("Xi" is not "Li", "Wang Yi" not "Wang Yu").
    Longer ones may differ in romanisation and in vowels, as long as enough
    consonants agree: "Aleksandr" ~ "Alexander", "Lukashenka" ~ "Lukashenko",
    but "Bill" !~ "Hillary", "Johnson" !~ "Johnston", "Bush" !~ "Bash".
    """
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    ka, kb = translit_key(a), translit_key(b)
    if ka == kb:
        return True
    sa, sb = _skeleton(ka), _skeleton(kb)
    return sa == sb and (len(sa) >= 4 or min(len(a), len(b)) >= 6)


def _subset(small: list[str], big: list[str], match) -> bool:
    return all(any(match(s, b) for b in big) for s in small)


def same_name(a: str | None, b: str | None, match=tokens_match) -> bool:
    """One name's tokens all appear in the other's, token by token under
    ``match``. Grouping speakers uses the plain rule; scoring
    (``core.evaluate``) passes a matcher that also accepts short forms of
    given names, which the protocol allows but which would be too loose for
    joining speakers silently."""
    if not a or not b:
        return False
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return fold(a).strip() == fold(b).strip()
    return _subset(ta, tb, match) or _subset(tb, ta, match)


#: Words an organisation's initials skip, as the scoring protocol counts
#: them ("ICRC" for "International Committee of the Red Cross").
MINOR_WORDS = frozenset({"of", "the", "and", "for"})


def acronym(name: str, minor=MINOR_WORDS) -> str | None:
    """"US" for "United States", "ICRC" for "International Committee of the
    Red Cross": one capital a word, ``minor`` words skipped; None for a name
    that is not several capitalised words."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in minor]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def as_acronym(name: str) -> str | None:
    """"U.S." and "US" as the bare letters; None unless the name is one."""
    bare = name.replace(".", "")
    return bare if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper() else None
