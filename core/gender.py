"""Whether a person an article names is a man or a woman, as far as the
article tells: so that "she said" never resolves to a man, and "Mr. Trump"
never joins "Ivanka Trump".

Three hints, strongest first: an honorific ("Mr.", "Dame"), a common first
name ("Melanie"), and a "he" or "she" that can only continue one person just
named. A name with none of them stays of unknown gender, which the resolvers
treat as "may be either".
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
from typing import TYPE_CHECKING

from spacy.attrs import LOWER
from spacy.tokens import Span

from .cues import FEMALE_NAMES, MALE_NAMES
from .names import HONORIFICS, TITLE_WORDS, fold
from .nlp import tokens_where

if TYPE_CHECKING:
    from .mentions import EntityIndex

HONORIFIC_GENDER = {word: gender for word, gender in HONORIFICS.items() if gender}


def first_name_gender(token: str) -> str | None:
    """``"f"`` or ``"m"`` for a common first name (a folded name token), else None."""
    return "f" if token in FEMALE_NAMES else "m" if token in MALE_NAMES else None


def likely_gender(token: str) -> str | None:
    """What a given name (a folded name token) is most often, as far as
    census lists tell: a hint, never a bar. Addison Russell is a man though
    most Addisons born lately are girls; "he" may still mean him, but
    "she" means Avril Lavigne before Chad Kroeger."""
    return first_name_gender(token) or given_names().get(token)


_LATIN_NAME = re.compile(r"[a-z][a-z'-]+")


@functools.cache
def given_names() -> dict[str, str]:
    """Folded given name -> ``"f"`` or ``"m"``, from every locale of Faker's
    person provider, written in Latin letters; a name given to both (Jean,
    Andrea, Kim) is in neither."""
    import faker.providers.person as person

    seen: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        for gender, lists in (("m", ("first_names_male", "first_romanized_names_male")),
                              ("f", ("first_names_female", "first_romanized_names_female"))):
            for attr in lists:
                for name in getattr(provider, attr, None) or ():
                    folded = fold(name)
                    if _LATIN_NAME.fullmatch(folded):
                        seen.setdefault(folded, set()).add(gender)
    return {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}


def honorific_gender(ent: Span) -> str | None:
    """The gender a mention's honorific ("Mr. Lukashenko", "Mrs Levin") or
    first name ("Alexander Lukashenko") tells, if any."""
    doc = ent.doc
    if ent.start > 0:
        prev = doc[ent.start - 1].lower_.strip(".")
        if prev in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[prev]
    words = [w.lower().strip(".,") for w in ent.text.split()]
    if words and words[0] in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[words[0]]
    first = next((w for w in words if w not in TITLE_WORDS), "")
    if len(words) >= 2:
        return first_name_gender(first)
    return None


_HE_OR_SHE = frozenset({"he", "she"})


def learn_from_pronouns(index: EntityIndex) -> None:
    """"Lukashenko said … He added": a pronoun right after a lone named
    subject tells that entity's gender."""
    doc = index.doc
    for i in tokens_where(doc, LOWER, _HE_OR_SHE.__contains__):
        tok = doc[i]
        low = tok.lower_
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.i in index.inside:
            continue
        people = [e for e in index.mentioned_between(tok.idx - 399, tok.idx) if e.kind == "person"]
        if len(people) != 1 and tok.i == tok.sent.start:
            # "Former Speaker Newt Gingrich lauded … He said": a sentence
            # opening with the pronoun continues the one person who was
            # the subject of the sentence before, whoever else was named.
            prev = index.sentence_of(tok.idx) - 1
            people = [e for e in index.entities if e.kind == "person" and any(
                p < tok.idx and index.sentence_of(p) == prev for p in e.subject_positions)]
        said = "m" if low == "he" else "f"
        # Not against what the given name usually is: "Jerrold Baines met
        # Avril Stone. She said" tells nothing of Jerrold.
        if len(people) == 1 and people[0].gender is None and people[0].likely_gender in (None, said):
            people[0].gender = said
