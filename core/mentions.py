"""Who a mention refers to, inside one article.

Articles name a person once in full ("Belarusian President Alexander
Lukashenko") and then by surname, pronoun or description ("Lukashenko", "he",
"the Belarusian leader"). ``EntityIndex`` is what attribution asks: it groups
the article's named mentions into entities (``core.clustering``), learns their
gender (``core.gender``), tracks who is salient where (``core.salience``), and
for a token decides what kind of mention it is, handing pronouns to
``core.pronouns`` and descriptions to ``core.descriptions``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .clustering import Clusters, propn_span
from .cues import ORG_NOUNS, PERSON_NOUNS
from .descriptions import resolve_description
from .entity import NAME_LABELS, Entity, Resolution
from .gender import honorific_gender, learn_from_pronouns
from .names import TITLE_WORDS, clean_name
from .pronouns import PRONOUNS, resolve_pronoun
from .salience import Salience

__all__ = ["EntityIndex", "Entity", "Resolution", "NAME_LABELS", "clean_name"]

_NOT_SOURCES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
_ONE_OF = frozenset({"a", "an", "one", "another"})


class EntityIndex:
    """The entities of one article and what its mentions refer to.

    ``inside`` holds the token indexes within quotations: a name quoted is
    not a mention of a source."""

    def __init__(self, doc: Doc, inside: set[int]):
        self.doc = doc
        self.inside = inside
        clusters = Clusters(doc, inside)
        self.entities: list[Entity] = clusters.entities
        self.ent_of_token = clusters.ent_of_token
        self._untagged = clusters.untagged
        self.match_existing = clusters.match_existing
        self.entity_named = clusters.entity_named
        salience = self.salience = Salience(doc, self.entities)
        self.times_quoted = salience.times_quoted
        # Bound once: the rules ask these for nearly every token.
        self.note_speaker = salience.note_speaker
        self.sentence_of = salience.sentence_of
        self.sentence_chars = salience.sentence_chars
        self.mentioned_between = salience.mentioned_between
        self.subjects_between = salience.subjects_between
        self.salient_before = salience.salient_before
        learn_from_pronouns(self)

    def resolve_span(self, ent: Span) -> Resolution:
        """A tagged name, as the entity it names (or as itself, if none)."""
        name = clean_name(ent.text)
        kind = NAME_LABELS.get(ent.label_, "person")
        entity = self.match_existing(name, kind, honorific_gender(ent))
        canonical = entity.name if entity else name
        how = "name" if canonical == name else "alias"
        return Resolution(canonical, how, ent, ent.text, ent.start_char, ent.end_char, kind,
                          tuple(sorted(entity.aliases)) if entity else (name,))

    def resolve_token(self, tok: Token) -> Resolution | None:
        """What the mention headed by ``tok`` refers to, or None when it is no source."""
        if tok.ent_type_ in _NOT_SOURCES:
            return None  # "who Beck on Wednesday called …": the parser's subject is a date
        named = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if (named is not None and tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON"  # "Charlie King, a Democrat"
                and tok.lower_.strip(".") in TITLE_WORDS | PERSON_NOUNS):
            return self._title_then_name(tok, named)
        ent = self.ent_of_token.get(tok.i)
        if ent is not None:
            if ent.label_ == "NORP" and tok.dep_ in ("amod",):
                return None
            if ent.label_ == "NORP" and any(c.dep_ in ("det", "nummod") and c.lower_ in _ONE_OF for c in tok.children):
                # "said a New Hampshire Republican": one unnamed member of the
                # group, not the party itself.
                span = propn_span(tok)
                return Resolution(clean_name(span.text), "nominal", span, span.text, span.start_char, span.end_char, "person")
            return self.resolve_span(ent)
        if tok.i in self._untagged:
            span, e = self._untagged[tok.i]
            return e.resolved("alias", span)
        # An organisation noun a name modifies is that organisation: "the
        # Clinton campaign", "the Chinese government" speak for themselves.
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in ORG_NOUNS:
            body = self._organisation_a_name_modifies(tok)
            if body is not None:
                return body
        # A noun with a named entity attached ("spokesman Wang Wenbin",
        # "the spokesman, Wang Wenbin,") names that entity.
        # The possessor is not the speaker: "Clinton's campaign chairman, John
        # Podesta," is Podesta; "Ryan's office" stays the office.
        for child in sorted(tok.children, key=lambda c: c.dep_ != "appos"):
            if child.dep_ in ("appos", "compound", "nmod") and child.i in self.ent_of_token:
                e = self.ent_of_token[child.i]
                if e.label_ in ("PERSON", "ORG") and (child.dep_ == "appos" or e.label_ == "PERSON"):
                    return self.resolve_span(e)
        if tok.pos_ == "PRON" or tok.lower_ in PRONOUNS:
            return resolve_pronoun(self, tok)
        if tok.pos_ == "PROPN":
            span = propn_span(tok)
            return Resolution(clean_name(span.text), "name", span, span.text, span.start_char, span.end_char, "person")
        if tok.pos_ == "NOUN":
            return resolve_description(self, tok)
        return None

    def _title_then_name(self, tok: Token, named: Token) -> Resolution:
        """"said House Minority Whip Steny Hoyer (D-Md.)": the parser took
        the title for the subject and the name for its apposition."""
        left = named.i
        while left - 1 > tok.i and self.doc[left - 1].pos_ == "PROPN":
            left -= 1
        span = self.doc[left : named.i + 1]
        name = clean_name(span.text)
        e = self.match_existing(name, "person")
        if e is not None:
            return e.resolved("alias", span)
        return Resolution(name, "name", span, span.text, span.start_char, span.end_char, "person", (name,))

    def _organisation_a_name_modifies(self, tok: Token) -> Resolution | None:
        left = [t for t in self.doc[tok.left_edge.i : tok.i]
                if t.dep_ in ("compound", "amod", "nmod") and t.i not in self.inside]
        if not any(t.i in self.ent_of_token and self.ent_of_token[t.i].label_ in ("PERSON", "NORP", "GPE", "ORG")
                   for t in left):
            return None
        # "a new House select committee" is the House select committee.
        while len(left) > 1 and left[0].pos_ == "ADJ" and left[0].is_lower:
            left = left[1:]
        start = left[0].i if left else tok.i
        span = self.doc[start : tok.i + 1]
        if any(t.dep_ == "poss" or t.is_punct for t in span):
            return None
        # Kept as written: clean_name would take "Chinese" for a title.
        return Resolution(span.text, "nominal", span, span.text, span.start_char, span.end_char, "org")
