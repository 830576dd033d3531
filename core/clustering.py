"""Which named mentions of an article are one entity.

An article names a person in full once ("Belarusian President Alexander
Lukashenko") and then shorter ("Lukashenko", "Mr. Lukashenko"); the tagger
labels one name differently from sentence to sentence and misses some
mentions altogether. ``Clusters`` groups the mentions into entities, longest
names first, so that a short form joins the full name it abbreviates, and
keeps where each entity is named, a subject, or the subject of a speech verb:
what salience and the resolvers read.
"""

from __future__ import annotations

import bisect
import collections
import re

from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from .cues import ORG_NOUNS, PEOPLE_NOUNS, PERSON_NOUNS, SPEECH_VERBS
from .detect import is_heading, is_title_case, paragraphs
from .entity import NAME_LABELS, Entity
from .gender import honorific_gender
from .lookup import NameKeys
from .names import TITLE_WORDS, clean_name, fold, name_tokens, same_name
from .nlp import doc_text, tokens_tagged


def speech_head(tok: Token) -> bool:
    """Whether ``tok`` is the subject of a speech verb ("Simmons said")."""
    head = tok.head
    return head.i != tok.i and (head.lemma_.lower() in SPEECH_VERBS) and head.pos_ in ("VERB", "AUX")


#: A name in one of these roles is someone acted on, never a verb's missing subject.
_OBJECTS = {"dobj", "iobj", "dative", "attr", "oprd"}


def _orphan_speech_verb(ent: Span) -> Token | None:
    """The speech verb right after a name that the parser left with no
    subject at all ("Rabbi Ann Levi of Temple Beth Or said …", parsed as if
    the name belonged to the place before it): the name is who spoke."""
    doc = ent.doc
    for tok in doc[ent.end : min(len(doc), ent.end + 8)]:
        if tok.is_sent_start or tok.is_punct or tok.is_space:
            return None
        if tok.pos_ in ("VERB", "AUX"):
            # The clause's own verb: not "an interview with Ann Levi by asking",
            # nor the second verb of "The mayor thanked Ann Levi and said",
            # whose subject is the first's.
            own = tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.i >= ent.end)
            if tok.lemma_.lower() in SPEECH_VERBS and own and not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children
            ):
                return tok
            return None
    return None


def _inverted_subject(tok: Token) -> bool:
    """"Among the fans was Kevin Ortiz": after "be" with no subject of its
    own, the name the parser calls its attribute is who the clause is about."""
    head = tok.head
    return (tok.dep_ == "attr" and head.lemma_ == "be" and head.i < tok.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children))


_RELATIVE_SUBJECTS = frozenset({"who", "that"})


def _relative_clause_verb(ent: Span) -> Token | None:
    """The verb of a relative clause whose subject is the name ``ent``
    ("singled out by Theresa May, who said …"): the name is that clause's
    subject, as much as a sentence's, for whoever "she" is next. Read from
    the word after the name: the parser often hangs such a clause on the
    sentence's first noun instead."""
    doc = ent.doc
    k = ent.end + (ent.end < len(doc) and doc[ent.end].text == ",")
    if k >= len(doc):
        return None
    who = doc[k]
    if who.lower_ in _RELATIVE_SUBJECTS and who.dep_ == "nsubj" and who.head.dep_ == "relcl" and who.head.i > who.i:
        return who.head
    return None


_DETERMINERS = frozenset({"a", "an", "the"})
#: What a person is called, in a description or beside a name.
_PERSON_WORDS = PERSON_NOUNS | PEOPLE_NOUNS


def _described_as_a_person(ent: Span) -> bool:
    """"Takaaki Uesugi, a security guard at the town hall, said …": a name
    in apposition with "a guard", "the mayor" is a person's, whatever the
    tagger labelled it (an organisation, here, and without the given name)."""
    root = ent.root
    return any(
        c.dep_ == "appos" and c.i > root.i and c.pos_ == "NOUN"
        and c.lemma_.lower() in _PERSON_WORDS
        and any(d.dep_ == "det" and d.lower_ in _DETERMINERS for d in c.children)
        for c in root.children
    )


#: Words beside a name that say nothing of what it is.
_FILLER = frozenset({"the", "a", "an", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from",
                     "who", "which", "that", "said", "says", "told", "has", "had", "was", "is"})


def _words_beside(ent: Span) -> set[str]:
    """What a line with no parse (``core.partial_parse``: a line with no
    quotation and no cue) says of a name: the words just before it ("Special
    Counsel Robert Mueller") and an apposition after a comma ("Ann Levi, a
    rabbi,"), read off the tokens themselves."""
    doc = ent.doc
    words = set()
    for k in range(ent.start - 1, max(-1, ent.start - 4), -1):
        tok = doc[k]
        # A title is capitalised ("Special Counsel"), a role need not be
        # ("comedian Sarah Silverman"); a verb ("union endorses Clinton") ends it.
        if not tok.is_alpha or tok.lower_ in _FILLER or not (
                tok.is_title or tok.lower_ in _PERSON_WORDS):
            break
        words.add(tok.lower_)
    if ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].lower_ in ("a", "an", "the"):
        for tok in doc[ent.end + 2 : ent.end + 7]:
            if not tok.is_alpha:
                break
            if tok.lower_ not in _FILLER:
                words.add(tok.lower_)
    return words


def propn_span(tok: Token) -> Span:
    """The proper-noun name ending at ``tok``, its compounds included."""
    doc = tok.doc
    left = tok.i
    # "New Hampshire Republican": compounds of compounds belong to the name too.
    while left - 1 >= 0 and doc[left - 1].dep_ == "compound" and left <= doc[left - 1].head.i <= tok.i:
        left -= 1
    return doc[left : tok.i + 1]


class Clusters:
    """The entities of one article, with their mentions outside ``inside``
    (the token indexes within quotations)."""

    def __init__(self, doc: Doc, inside: set[int]):
        self.doc = doc
        self.inside = inside
        self.entities: list[Entity] = []
        #: The tagged name each token belongs to.
        self.ent_of_token: dict[int, Span] = {}
        #: Proper nouns the tagger missed that repeat an entity's name.
        self.untagged: dict[int, tuple[Span, Entity]] = {}
        self._names = NameKeys()
        self._build()
        for e in self.entities:
            e.positions.sort()
            e.subject_positions.sort()
            e.speaker_positions.sort()

    def _build(self) -> None:
        mentions = []
        headings = self._heading_lines()
        heading_starts = [a for a, _ in headings]
        for ent in self.doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            if ent.label_ != "PERSON" and _described_as_a_person(ent):
                left = ent.start
                while left > 0 and self.doc[left - 1].pos_ == "PROPN" and self.doc[left - 1].dep_ == "compound":
                    left -= 1  # the given name the tagger left out
                ent = Span(self.doc, left, ent.end, label="PERSON")
            for t in ent:
                self.ent_of_token[t.i] = ent
            h = bisect.bisect_right(heading_starts, ent.start_char) - 1
            if h >= 0 and ent.start_char < headings[h][1]:
                # A title-case headline makes the tagger read "Belarus Leader"
                # and "Ted Cruz Refuses" as names; names come from the body.
                continue
            name = clean_name(ent.text)
            if not name or not re.search(r"[A-Za-z]", name):
                continue
            mentions.append((ent, name))
        # The tagger labels one name differently from sentence to sentence
        # ("Sanders" PERSON nine times, ORG four): the majority decides.
        votes: dict[str, collections.Counter] = {}
        for ent, name in mentions:
            votes.setdefault(fold(name), collections.Counter())[ent.label_] += 1
        # A lone word that is the surname of a person named in full ("Antony
        # Blinken" … "Blinken") is that person, whatever the tagger said.
        surnames = {
            name_tokens(name)[-1] for ent, name in mentions
            if ent.label_ == "PERSON" and len(name_tokens(name)) >= 2
        }
        # Longest names first, so short forms join the full name they abbreviate.
        for ent, name in sorted(mentions, key=lambda m: -len(name_tokens(m[1]))):
            kind = NAME_LABELS[ent.label_]
            v = votes[fold(name)]
            toks = name_tokens(name)
            if kind != "person" and (
                v["PERSON"] >= max(v["ORG"], v["GPE"], v["NORP"], 1) or (len(toks) == 1 and toks[0] in surnames)
            ):
                kind = "person"
            self._add_mention(ent, name, kind)
        self._untagged_mentions()

    def _add_mention(self, ent: Span, name: str, kind: str) -> None:
        g = honorific_gender(ent)
        entity = self.match(name, kind, g)
        if entity is None:
            entity = self._new(Entity(name, kind, set(), [], [], set()))
        entity.aliases.add(name)
        entity.labels[ent.label_] += 1
        self._names.alias(entity, name)
        if ent.start not in self.inside:
            entity.positions.append(ent.start_char)
            root = ent.root
            if root.dep_ == "compound" and root.head.lower_.strip(".") in TITLE_WORDS | PERSON_NOUNS:
                root = root.head  # "Rabbi Jacob Levin said": the parser made the title the subject
            elif root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass") and root.head.i < root.i:
                # "Former Speaker of the House Jane Doe lauded …": the title is
                # the subject, the name in apposition to it.
                root = root.head
            if root.dep_ in ("nsubj", "nsubjpass") or _inverted_subject(root):
                entity.subject_positions.append(ent.start_char)
                if speech_head(root):
                    entity.speaker_positions.append(ent.start_char)
            elif (relative := _relative_clause_verb(ent)) is not None:
                entity.subject_positions.append(ent.start_char)
                if relative.lemma_.lower() in SPEECH_VERBS:
                    entity.speaker_positions.append(ent.start_char)
            elif ent.label_ == "PERSON" and root.dep_ not in _OBJECTS and _orphan_speech_verb(ent) is not None:
                entity.subject_positions.append(ent.start_char)
                entity.speaker_positions.append(ent.start_char)
        entity.context.update(self._context_words(ent))
        if g and entity.gender is None:
            entity.gender = g

    def _new(self, entity: Entity) -> Entity:
        self.entities.append(entity)
        self._names.add(entity, len(self.entities) - 1)
        return entity

    def _heading_lines(self) -> list[tuple[int, int]]:
        text = doc_text(self.doc)
        out = []
        for n, (a, b) in enumerate(paragraphs(text)):
            line = text[a:b]
            if (n == 0 and is_heading(line)) or is_title_case(line):
                out.append((a, b))
        return out

    def _untagged_mentions(self) -> None:
        """Proper nouns the tagger missed ("…, Xi Jinping called for") still
        mention an entity when they repeat one of its names; so does a
        capitalised word the tagger took for a common noun ("…?” Timberlake,
        by his own admission, only took …"), though it never names anyone new."""
        by_alias = {}
        surnames: dict[str, list] = {}
        for e in self.entities:
            for a in e.aliases:
                by_alias.setdefault(a.lower(), e)
            toks = name_tokens(e.name)
            if e.kind == "person" and toks:
                surnames.setdefault(toks[-1], []).append(e)
        capitalised = [i for i in tokens_tagged(self.doc, NOUN) if self.doc[i].text[:1].isupper()]
        for i in sorted(tokens_tagged(self.doc, PROPN) + capitalised):
            tok = self.doc[i]
            if tok.i in self.ent_of_token or tok.i in self.inside:
                continue
            if tok.pos_ == "NOUN" and by_alias.get(tok.lower_) is None and len(surnames.get(fold(tok.text), ())) != 1:
                continue  # a common noun, unless it repeats a name
            if tok.dep_ == "compound":
                continue  # counted at the head of the name
            span = propn_span(tok)
            name = clean_name(span.text)
            e = by_alias.get(name.lower())
            if e is None and len(surnames.get(fold(name), ())) == 1:
                e = surnames[fold(name)][0]
            if e is None:
                # "Podesta acknowledged …": a proper-noun subject of a speech
                # verb is someone, even when the tagger did not say so.
                if tok.dep_ != "nsubj" or not speech_head(tok) or not name_tokens(name):
                    continue
                e = self._new(Entity(name, "person", {name}, [], [], set()))
                by_alias[name.lower()] = e
            e.positions.append(span.start_char)
            if tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass")):
                e.subject_positions.append(span.start_char)
                if speech_head(tok if tok.dep_ != "appos" else tok.head):
                    e.speaker_positions.append(span.start_char)
            self.untagged[tok.i] = span, e

    def match(self, name: str, kind: str, gender: str | None = None) -> Entity | None:
        """The one entity a new mention ``name`` joins, or None for a new
        entity (or for a short name two entities share)."""
        toks = name_tokens(name)
        fits = []
        for e in (self.entities[i] for i in self._names.candidates(name, kind)):
            if gender and e.kind == "person" and not e.can_be(gender):
                continue  # "Mr. Trump" is not "Ivanka Trump"
            if kind == "person" and e.kind == "person" and toks:
                etoks = name_tokens(e.name)
                # "Lukashenko" joins "Alexander Lukashenko"; "Xi" joins "Xi Jinping".
                if same_name(name, e.name) and (toks[-1] in etoks or len(toks) == len(etoks)):
                    fits.append(e)
            elif fold(name) == fold(e.name) or (e.kind != "person" and kind != "person" and fold(name) in {fold(a) for a in e.aliases}):
                fits.append(e)
            if len(fits) > 1:
                break
        # Two different people share the short name: keep it apart rather than guess.
        return fits[0] if len(fits) == 1 else None

    def match_existing(self, name: str, kind: str, gender: str | None = None) -> Entity | None:
        """The entity ``name`` is an alias of, or else the one it would join."""
        for e in (self.entities[i] for i in self._names.existing(name)):
            if gender and e.kind == "person" and not e.can_be(gender):
                continue
            if name in e.aliases or fold(name) == fold(e.name):
                return e
        return self.match(name, kind, gender)

    def entity_named(self, name: str) -> Entity | None:
        """The first entity created under ``name``."""
        return self._names.first_named.get(name)

    def _context_words(self, ent: Span) -> set:
        # A role word inside the tagged name ("Comedian Sarah Silverman")
        # describes the entity as much as one outside it.
        words = {t.lower_ for t in ent if t.lower_ in PERSON_NOUNS | ORG_NOUNS}
        if ent.label_ in ("ORG", "FAC"):
            # "American Airlines" is "the airline", "Morton Plant Hospital" "the hospital".
            for t in ent:
                low = t.lower_
                # A name's words are tagged proper nouns, so their lemma keeps the plural.
                words.update(w for w in (low, low[:-1] if low.endswith("s") else low) if w in ORG_NOUNS)
        root = ent.root
        for t in list(root.children) + [root.head]:
            if t.i in range(ent.start, ent.end):
                continue
            if t.dep_ in ("compound", "amod", "appos", "nmod") or (t.i == root.head.i and root.dep_ == "appos"):
                words.update(w.lemma_.lower() for w in t.subtree if w.is_alpha and len(w) > 2)
            elif t.dep_ == "prep" and t.lower_ == "of":  # "President Lukashenko of Belarus"
                words.update(w.lemma_.lower() for w in t.subtree if w.is_alpha and len(w) > 2)
        left = ent.start - 1
        while left >= 0 and ent.start - left <= 4 and self.doc[left].pos_ in ("PROPN", "ADJ", "NOUN"):
            words.add(self.doc[left].lemma_.lower())
            left -= 1
        if not root.pos:
            words.update(_words_beside(ent))
        return words
