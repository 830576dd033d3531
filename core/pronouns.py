"""What a pronoun refers to: the most salient entity before it that the
pronoun can mean.

"he" and "she" need a person of that gender (or of unknown gender); "it" an
organisation; "they" either. A bare pronoun is never a final answer for
attribution: this turns it into the entity it stands for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .cues import PRONOUNS_FEMALE, PRONOUNS_MALE, PRONOUNS_PLURAL, PRONOUNS_THING
from .entity import Resolution

if TYPE_CHECKING:
    from .mentions import EntityIndex

PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_THING | PRONOUNS_PLURAL


def resolve_pronoun(index: EntityIndex, tok: Token) -> Resolution | None:
    low = tok.lower_
    if low in PRONOUNS_MALE or low in PRONOUNS_FEMALE:
        gender = "m" if low in PRONOUNS_MALE else "f"
        cands = index.salient_before(tok.idx, ("person",), gender)
    elif low in PRONOUNS_THING:
        cands = index.salient_before(tok.idx, ("org",))
    elif low in PRONOUNS_PLURAL:
        cands = index.salient_before(tok.idx, ("org", "person"))
    else:
        return None
    if not cands:
        return None
    return cands[0].resolved("pronoun", index.doc[tok.i : tok.i + 1])
