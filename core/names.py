"""Names of people and organisations: what titles a name, what a mention's
name is, and when two names are the same one.

The same person appears as "Belarus President Alexander Lukashenko", "Mr.
Lukashenko" and "Aleksandr G. Lukashenko". Reading a mention, grouping
speakers, splitting sentences ("Sen." is not a sentence end) and scoring all
need the same idea of which words are titles and which name someone, so the
one title list and the rules built on it live here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .cues import CUE_WORDS, FEMALE_NAMES, MALE_NAMES, PERSON_NOUNS

#: Names repeat across an article and a corpus, and comparing them is a large
#: share of attribution and matching: these pure functions keep their answers
#: (bounded, so memory stays flat on a long ingest).
_cached = functools.lru_cache(maxsize=1 << 12)

#: Honorifics, with the gender they tell ("Mr. Lukashenko" is a man; "Dr." tells nothing).
HONORIFICS = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m", "lady": "f",
    "dr": None, "prof": None, "professor": None,
}
#: Titles written with a full stop ("said Army Capt. Christian Pardo"): the
#: tokenizer keeps them whole and a sentence never ends after one.
ABBREVIATED_TITLES = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt capt maj adm cmdr cpl pvt prof rev atty sens reps supt det insp amb".split()
)
#: The one list of words that title a name (with ``TITLES_IN_NAMES`` below):
#: honorifics, offices, ranks, clergy, party labels ("Sen. Ann Lee (D-Ore.)"), suffixes and "the". A name's
#: identifying tokens are what is left without them ("President Alexander
#: Lukashenko" is "alexander lukashenko"), and a mention's name starts after
#: the last of them ("Belarus President Alexander Lukashenko").
TITLES = frozenset(HONORIFICS) | ABBREVIATED_TITLES | frozenset(
    """
    president vice prime minister premier chancellor secretary general senator representative governor
    mayor judge justice chairman chairwoman chair spokesman spokeswoman spokesperson ambassador leader
    deputy former chief executive ceo attorney whip candidate nominee presidential
    father pope king queen prince princess st
    gop democratic republican dem r d jr sr ii iii the
    """.split()
)
#: Nationalities a mention may carry before a name ("Belarusian Alexander
#: Lukashenko"); unlike a title, only before a name of two words or more
#: ("American Airlines" is a name).
DEMONYMS = frozenset({"belarusian", "chinese", "russian", "american", "british", "ukrainian"})
#: Titles that are names too ("Julie Bishop", "The Louisville Cardinal"):
#: dropped from the front of a mention ("Rabbi Jacob Levin"), but a token of
#: any name they are in.
TITLES_IN_NAMES = frozenset("rabbi pastor reverend imam bishop cardinal archbishop sheikh".split())
#: Words that may stand before a name in a mention and are not part of it.
TITLE_WORDS = TITLES | TITLES_IN_NAMES | DEMONYMS
#: Where written words appear; "X's Twitter" wrote nothing, X did.
PLATFORMS = frozenset({"twitter", "facebook", "instagram", "youtube", "snapchat", "tiktok", "linkedin", "weibo"})


@_cached
def fold(text: str) -> str:
    """Lower-case ASCII letters: accents dropped, so "Jesús" matches "Jesus"."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


#: How the project's conventions mark someone the article does not name
#: ("pilot (unnamed)"): a marker, not a token of anyone's name.
UNNAMED = "(unnamed)"


def name_tokens(name: str) -> list[str]:
    """Tokens that identify a name: titles, one-letter initials and the
    ``UNNAMED`` marker dropped."""
    return list(_name_tokens(name))


@_cached
def _name_tokens(name: str) -> tuple[str, ...]:
    toks = [t.strip(".'’") for t in re.split(r"[\s,]+|(?<=\w)-(?=\w)", fold(name))]
    toks = [re.sub(r"[’']s$", "", t) for t in toks]
    return tuple(t for t in toks if len(t) > 1 and t not in TITLES and t != UNNAMED and re.search(r"\w", t))


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


#: Countries whose bodies news names by their adjective ("China's Foreign
#: Ministry" is the Chinese Foreign Ministry, "Iran's government" the
#: Iranian government), as the project's conventions do.
DEMONYM_OF = {
    "afghanistan": "Afghan", "america": "American", "argentina": "Argentine", "australia": "Australian",
    "austria": "Austrian", "belarus": "Belarusian", "brazil": "Brazilian", "britain": "British",
    "canada": "Canadian", "chile": "Chilean", "china": "Chinese", "colombia": "Colombian",
    "costa rica": "Costa Rican", "cuba": "Cuban", "egypt": "Egyptian", "england": "English",
    "france": "French", "germany": "German", "greece": "Greek", "hungary": "Hungarian", "india": "Indian",
    "indonesia": "Indonesian", "iran": "Iranian", "iraq": "Iraqi", "ireland": "Irish", "israel": "Israeli",
    "italy": "Italian", "japan": "Japanese", "jordan": "Jordanian", "kenya": "Kenyan", "lebanon": "Lebanese",
    "libya": "Libyan", "malaysia": "Malaysian", "mexico": "Mexican", "nigeria": "Nigerian",
    "north korea": "North Korean", "norway": "Norwegian", "pakistan": "Pakistani", "peru": "Peruvian",
    "poland": "Polish", "qatar": "Qatari", "russia": "Russian", "saudi arabia": "Saudi",
    "scotland": "Scottish", "singapore": "Singaporean", "south africa": "South African",
    "south korea": "South Korean", "spain": "Spanish", "sweden": "Swedish", "switzerland": "Swiss",
    "syria": "Syrian", "taiwan": "Taiwanese", "thailand": "Thai", "turkey": "Turkish",
    "ukraine": "Ukrainian", "venezuela": "Venezuelan", "vietnam": "Vietnamese", "wales": "Welsh",
    "yemen": "Yemeni",
}
#: The bodies a country's adjective names (its government, not its people or its leader).
_BODIES = frozenset(
    "government ministry military parliament army navy embassy police cabinet administration regime "
    "media authorities department agency council court".split())
_POSSESSED = re.compile(r"^(?:[Tt]he )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)['’]s (.+)$")


def as_demonym(name: str) -> str:
    """"China's Foreign Ministry" as "Chinese Foreign Ministry"; any other name as it is."""
    m = _POSSESSED.match(name)
    if m is None or m.group(2).split()[-1].lower() not in _BODIES:
        return name
    adjective = DEMONYM_OF.get(m.group(1).lower())
    return f"{adjective} {m.group(2)}" if adjective else name


def clean_name(text: str) -> str:
    """A mention's name without leading titles, determiners or a possessive."""
    # "-Craig Fehrman explains": a dash or bullet the tokenizer left on the name.
    text = re.sub(r"[’']s$", "", text.strip().lstrip("-–—―•*").strip())
    text = re.sub(r"\s+['’\"”]$", "", text)  # "Airlines '": a mark the tokenizer left on the name
    words = text.split()
    # "Belarus President Alexander Lukashenko", "Secretary of State Antony
    # Blinken": the name is what follows the last title.
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().strip(".") in TITLES - {"the"}]
    if titles and len(words) - titles[-1] - 1 >= 2:
        rest = words[titles[-1] + 1 :]
        if rest[0] == "of" and len(rest) >= 4:
            rest = rest[2:]
        if rest[0][:1].isupper():
            words = rest
    while words and (
        (words[0].lower().strip(".") in TITLE_WORDS
         # "Belarusian Alexander Lukashenko", but "American Airlines" is a name.
         and (words[0].lower() not in DEMONYMS or len(words) >= 3))
        or words[0].lower() in ("the", "a", "an") or words[0].lower() in CUE_WORDS  # "Stated Roger Stone"
        # "Comedian Sarah Silverman", "Actress Kaley Cuoco", "Comedienne
        # Sarah": a role word the tagger ran into a name is a description.
        or (words[0].lower() in PERSON_NOUNS and all(w[:1].isupper() for w in words[1:]) and (
            len(words) >= 3 or (len(words) == 2 and words[1].lower() in FEMALE_NAMES | MALE_NAMES)))
    ):
        if len(words) == 1:
            break
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in ("and", "or", "&", "-", "–", "—"):
        words = words[:-1]  # the tagger ran the name into a conjunction
    if len(words) > 1 and words[-1].lower() in PLATFORMS:
        words = words[:-1]  # "Abe’s Twitter", "Equifax Twitter": the account holder
        words[-1] = re.sub(r"[’']s$", "", words[-1])
    # Page furniture doubles a name ("Justin Timberlake Justin Timberlake",
    # "MUSK Elon Musk"): a name is not its own repetition.
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and [w.lower() for w in words[:half]] == [w.lower() for w in words[half:]]:
        words = words[:half]
    elif len(words) >= 3 and words[0].isupper() and words[0].lower() in (w.lower() for w in words[1:]):
        words = words[1:]
    text = " ".join(words).strip(" ,.;:\"“”‘")
    return as_demonym(re.sub(r"[’']s$", "", text))
