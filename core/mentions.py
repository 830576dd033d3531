"""Who a mention refers to, inside one article.

Articles name a person once in full ("Belarusian President Alexander
Lukashenko") and then by surname, pronoun or description ("Lukashenko", "he",
"the Belarusian leader"). ``EntityIndex`` groups the named mentions of an
article into entities, and resolves a pronoun or description to the entity it
most plausibly means: the most recent compatible one, preferring whoever was
speaking, with gender taken from honorifics and earlier pronouns.
"""

from __future__ import annotations

import bisect
import collections
import math
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .cues import (
    AUTHOR_NOUNS,
    CUE_WORDS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    SPEECH_VERBS,
    SPOKES_NOUNS,
    FEMALE_NAMES, HONORIFIC_GENDER, MALE_NAMES, ORG_NOUNS, PERSON_NOUNS, PRONOUNS_FEMALE, PRONOUNS_MALE,
    PRONOUNS_PLURAL, PRONOUNS_THING,
)
from .detect import is_heading, is_title_case, paragraphs
from .lookup import NameKeys, Positions, last_between
from .names import TITLES, fold, name_tokens, same_name
from .nlp import doc_text

_NOT_SOURCES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
NAME_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "org", "NORP": "org", "FAC": "org"}
_DEMONYMS = {"belarusian", "chinese", "russian", "american", "british", "ukrainian"}
_TITLE_WORDS = TITLES | _DEMONYMS | {
                         # Religious and other honorifics a name may carry ("Rabbi Jacob Levin").
                         "rabbi", "pastor", "reverend", "imam", "bishop", "cardinal", "archbishop", "sheikh"}
_MAX_LOOKBACK = 6000  # characters: a profile's "she" may reach back far
_GENDERLESS = 8
#: How far back a description looks for what it repeats, in tokens, so that
#: one endless paragraph cannot make resolution quadratic.
_LOOKBACK_TOKENS = 400
_QUANTIFIERS = {"one", "another", "almost", "nearly", "about", "some", "several", "many", "two", "three"}
#: Where written words appear; "X's Twitter" wrote nothing, X did.
_PLATFORMS = {"twitter", "facebook", "instagram", "youtube", "snapchat", "tiktok", "linkedin", "weibo"}
#: Organisation nouns that a place name can stand for ("the government" may
#: be "Beijing"); the others ("the company") never mean a place.
_PLACE_NOUNS = {"government", "administration", "kremlin", "white", "house", "embassy", "ministry", "department"}


@dataclass
class Resolution:
    name: str
    how: str  # name | alias | pronoun | description | nominal
    span: Span
    mention_text: str
    start: int
    end: int
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass
class Entity:
    name: str
    kind: str
    aliases: set
    positions: list  # char offsets of its mentions (outside quotes)
    subject_positions: list
    context: set  # words seen around its mentions ("belarusian", "leader")
    gender: str | None = None
    #: Where it is the subject of a speech verb ("Simmons … said"): the
    #: strongest claim on a following "he said".
    speaker_positions: list = field(default_factory=list)
    #: The tagger's labels for its mentions: a place ("Dubai", "US") is
    #: never "the company" or "the airline".
    labels: collections.Counter = field(default_factory=collections.Counter)

    def can_be(self, gender: str) -> bool:
        """Whether "he" (``"m"``) or "she" (``"f"``) may mean this entity.

        A person the article names again and again gets a "Mr." or a "she"
        somewhere; a one-word name named ``_GENDERLESS`` times or more
        without ever getting a gender is a company or product the tagger
        took for a person ("Qualcomm", "SpaceX")."""
        toks = name_tokens(self.name)
        known = self.gender
        if known is None and toks:  # "Melanie said": a first name used alone
            known = "f" if toks[0] in FEMALE_NAMES else "m" if toks[0] in MALE_NAMES else None
        if self.kind != "person" or (known and known != gender):
            return False
        return known is not None or len(self.positions) < _GENDERLESS or len(toks) > 1

    @property
    def place(self) -> bool:
        return bool(self.labels) and self.labels.most_common(1)[0][0] in ("GPE", "LOC")


_ONE_OF = frozenset({"a", "an", "one", "another"})


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
        (words[0].lower().strip(".") in _TITLE_WORDS
         # "Belarusian Alexander Lukashenko", but "American Airlines" is a name.
         and (words[0].lower() not in _DEMONYMS or len(words) >= 3))
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
    if len(words) > 1 and words[-1].lower() in _PLATFORMS:
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
    return re.sub(r"[’']s$", "", text)


def _overlaps(words: set, context: set) -> bool:
    """Shared words, counting "Belarusian" and "Belarus" as one."""
    return any(w == c or (len(w) >= 5 and len(c) >= 5 and w[:6] == c[:6]) for w in words for c in context)


def _speech_head(tok: Token) -> bool:
    head = tok.head
    return head.i != tok.i and (head.lemma_.lower() in SPEECH_VERBS) and head.pos_ in ("VERB", "AUX")


class EntityIndex:
    def __init__(self, doc: Doc, inside: set[int]):
        self.doc = doc
        self.inside = inside
        self.entities: list[Entity] = []
        self.speakers: list[tuple[int, str]] = []
        self._ent_of_token: dict[int, Span] = {}
        self._untagged: dict[int, tuple[Span, Entity]] = {}
        self._names = NameKeys()
        #: How often each (folded) name was chosen as a speaker so far.
        self.times_quoted: collections.Counter = collections.Counter()
        self._spoke: dict[str, list[int]] = {}  # name -> where it was chosen, in order
        self._spoke_unsorted: set[str] = set()
        self._build()

    # -- building -------------------------------------------------------
    def _build(self) -> None:
        doc = self.doc
        mentions = []
        headings = self._heading_lines()
        heading_starts = [a for a, _ in headings]
        for ent in doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            for t in ent:
                self._ent_of_token[t.i] = ent
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
            g = self._honorific_gender(ent)
            entity = self._match(name, kind, g)
            if entity is None:
                entity = Entity(name, kind, set(), [], [], set())
                self.entities.append(entity)
                self._names.add(entity, len(self.entities) - 1)
            entity.aliases.add(name)
            entity.labels[ent.label_] += 1
            self._names.alias(entity, name)
            if ent.start not in self.inside:
                entity.positions.append(ent.start_char)
                root = ent.root
                if root.dep_ == "compound" and root.head.lower_.strip(".") in _TITLE_WORDS | PERSON_NOUNS:
                    root = root.head  # "Rabbi Jacob Levin said": the parser made the title the subject
                if root.dep_ in ("nsubj", "nsubjpass"):
                    entity.subject_positions.append(ent.start_char)
                    if _speech_head(root):
                        entity.speaker_positions.append(ent.start_char)
            entity.context.update(self._context_words(ent))
            if g and entity.gender is None:
                entity.gender = g
        self._untagged_mentions()
        for e in self.entities:
            e.positions.sort()
            e.subject_positions.sort()
            e.speaker_positions.sort()
        self._sent_starts = [sent.start_char for sent in doc.sents]
        text = doc_text(doc)
        self._paras = paragraphs(text) or [(0, len(text))]
        self._para_starts = [a for a, _ in self._paras]
        self._furniture = [is_heading(text[a:b]) and text[a:b].rstrip().rstrip("\"'”’")[-1:] not in ".!?"
                           for a, b in self._paras]
        self._mentions = Positions((p, i) for i, e in enumerate(self.entities) for p in e.positions)
        self._subjects = Positions((p, i) for i, e in enumerate(self.entities)
                                   for p in e.speaker_positions + e.subject_positions)
        self._learn_gender_from_pronouns()

    def _heading_lines(self) -> list[tuple[int, int]]:
        text = self.doc.text
        out = []
        for n, (a, b) in enumerate(paragraphs(text)):
            line = text[a:b]
            if (n == 0 and is_heading(line)) or is_title_case(line):
                out.append((a, b))
        return out

    def _untagged_mentions(self) -> None:
        """Proper nouns the tagger missed ("…, Xi Jinping called for") still
        mention an entity when they repeat one of its names."""
        by_alias = {}
        surnames: dict[str, list] = {}
        for e in self.entities:
            for a in e.aliases:
                by_alias.setdefault(a.lower(), e)
            toks = name_tokens(e.name)
            if e.kind == "person" and toks:
                surnames.setdefault(toks[-1], []).append(e)
        for tok in self.doc:
            if tok.pos_ != "PROPN" or tok.i in self._ent_of_token or tok.i in self.inside:
                continue
            if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].pos_ == "PROPN" and self.doc[tok.i + 1].dep_ != "compound":
                pass
            if tok.dep_ == "compound":
                continue  # counted at the head of the name
            span = self._propn_span(tok)
            name = clean_name(span.text)
            e = by_alias.get(name.lower())
            if e is None and len(surnames.get(fold(name), ())) == 1:
                e = surnames[fold(name)][0]
            if e is None:
                # "Podesta acknowledged …": a proper-noun subject of a speech
                # verb is someone, even when the tagger did not say so.
                if tok.dep_ != "nsubj" or not _speech_head(tok) or not name_tokens(name):
                    continue
                e = Entity(name, "person", {name}, [], [], set())
                self.entities.append(e)
                self._names.add(e, len(self.entities) - 1)
                by_alias[name.lower()] = e
            e.positions.append(span.start_char)
            if tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass")):
                e.subject_positions.append(span.start_char)
                if _speech_head(tok if tok.dep_ != "appos" else tok.head):
                    e.speaker_positions.append(span.start_char)
            self._untagged[tok.i] = span, e

    def _in_furniture(self, p: int, pos: int) -> bool:
        """Whether ``p`` lies in a caption-like line (short, no full stop)
        other than the one holding ``pos``."""
        k = bisect.bisect_right(self._para_starts, p) - 1
        a, b = self._paras[k]
        return self._furniture[k] and not a <= pos < b

    def sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self._sent_starts, pos) - 1

    def sentence_chars(self, first: int, last: int) -> tuple[float, float]:
        """The positions ``p`` with ``first <= sentence_of(p) <= last``, as a
        range ``lo <= p < hi``: asked with bisection, not of every position."""
        starts = self._sent_starts
        lo = -math.inf if first < 0 else starts[first] if first < len(starts) else math.inf
        hi = math.inf if last + 1 >= len(starts) else starts[last + 1] if last + 1 >= 0 else -math.inf
        return lo, hi

    def subjects_between(self, lo: int, hi: int, nearest: int | None = None) -> list[Entity]:
        """Entities that are a subject (or speaker) at some ``lo <= p < hi``,
        in article order; with ``nearest``, the first that many from ``lo``."""
        return [self.entities[i] for i in self._subjects.entities_between(lo, hi, nearest)]

    def _match(self, name: str, kind: str, gender: str | None = None) -> Entity | None:
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
        return words

    def _honorific_gender(self, ent: Span) -> str | None:
        if ent.start > 0:
            prev = self.doc[ent.start - 1].lower_.strip(".")
            if prev in HONORIFIC_GENDER:
                return HONORIFIC_GENDER[prev]
        words = [w.lower().strip(".,") for w in ent.text.split()]
        if words and words[0] in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[words[0]]
        first = next((w for w in words if w not in _TITLE_WORDS), "")
        if len(words) >= 2 and first in FEMALE_NAMES:
            return "f"
        if len(words) >= 2 and first in MALE_NAMES:
            return "m"
        return None

    def _learn_gender_from_pronouns(self) -> None:
        """"Lukashenko said … He added": a pronoun right after a lone named
        subject tells that entity's gender."""
        for tok in self.doc:
            low = tok.lower_
            if low not in ("he", "she") or tok.dep_ not in ("nsubj", "nsubjpass") or tok.i in self.inside:
                continue
            near = (self.entities[i] for i in self._mentions.entities_between(tok.idx - 399, tok.idx))
            people = [e for e in near if e.kind == "person"]
            if len(people) != 1 and tok.i == tok.sent.start:
                # "Former Speaker Newt Gingrich lauded … He said": a sentence
                # opening with the pronoun continues the one person who was
                # the subject of the sentence before, whoever else was named.
                prev = self.sentence_of(tok.idx) - 1
                people = [e for e in self.entities if e.kind == "person" and any(
                    p < tok.idx and self.sentence_of(p) == prev for p in e.subject_positions)]
            if len(people) == 1 and people[0].gender is None:
                people[0].gender = "m" if low == "he" else "f"

    # -- resolving ------------------------------------------------------
    def note_speaker(self, name: str, pos: int) -> None:
        self.speakers.append((pos, name))
        self.times_quoted[fold(name)] += 1
        spoke = self._spoke.setdefault(name, [])
        if spoke and pos < spoke[-1]:
            self._spoke_unsorted.add(name)
        spoke.append(pos)

    def entity_named(self, name: str) -> Entity | None:
        return self._names.first_named.get(name)

    def resolve_span(self, ent: Span) -> Resolution:
        name = clean_name(ent.text)
        kind = NAME_LABELS.get(ent.label_, "person")
        entity = self._match_existing(name, kind, self._honorific_gender(ent))
        canonical = entity.name if entity else name
        how = "name" if canonical == name else "alias"
        return Resolution(canonical, how, ent, ent.text, ent.start_char, ent.end_char, kind,
                          tuple(sorted(entity.aliases)) if entity else (name,))

    def _match_existing(self, name: str, kind: str, gender: str | None = None) -> Entity | None:
        for e in (self.entities[i] for i in self._names.existing(name)):
            if gender and e.kind == "person" and not e.can_be(gender):
                continue
            if name in e.aliases or fold(name) == fold(e.name):
                return e
        return self._match(name, kind, gender)

    def resolve_token(self, tok: Token) -> Resolution | None:
        if tok.ent_type_ in _NOT_SOURCES:
            return None  # "who Beck on Wednesday called …": the parser's subject is a date
        named = next((c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if (named is not None and tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON"  # "Charlie King, a Democrat"
                and tok.lower_.strip(".") in _TITLE_WORDS | PERSON_NOUNS):
            # "said House Minority Whip Steny Hoyer (D-Md.)": the parser took
            # the title for the subject and the name for its apposition.
            left = named.i
            while left - 1 > tok.i and self.doc[left - 1].pos_ == "PROPN":
                left -= 1
            span = self.doc[left : named.i + 1]
            name = clean_name(span.text)
            e = self._match_existing(name, "person")
            return Resolution(e.name if e else name, "alias" if e else "name", span, span.text, span.start_char,
                              span.end_char, e.kind if e else "person", tuple(sorted(e.aliases)) if e else (name,))
        ent = self._ent_of_token.get(tok.i)
        if ent is not None:
            if ent.label_ == "NORP" and tok.dep_ in ("amod",):
                return None
            if ent.label_ == "NORP" and any(c.dep_ in ("det", "nummod") and c.lower_ in _ONE_OF for c in tok.children):
                # "said a New Hampshire Republican": one unnamed member of the
                # group, not the party itself.
                span = self._propn_span(tok)
                return Resolution(clean_name(span.text), "nominal", span, span.text, span.start_char, span.end_char, "person")
            return self.resolve_span(ent)
        if tok.i in self._untagged:
            span, e = self._untagged[tok.i]
            return Resolution(e.name, "alias", span, span.text, span.start_char, span.end_char, e.kind, tuple(sorted(e.aliases)))
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
            if child.dep_ in ("appos", "compound", "nmod") and child.i in self._ent_of_token:
                e = self._ent_of_token[child.i]
                if e.label_ in ("PERSON", "ORG") and (child.dep_ == "appos" or e.label_ == "PERSON"):
                    return self.resolve_span(e)
        low = tok.lower_
        if tok.pos_ == "PRON" or low in PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_THING | PRONOUNS_PLURAL:
            return self._resolve_pronoun(tok)
        if tok.pos_ == "PROPN":
            span = self._propn_span(tok)
            return Resolution(clean_name(span.text), "name", span, span.text, span.start_char, span.end_char, "person")
        if tok.pos_ == "NOUN":
            return self._resolve_description(tok)
        return None

    def _organisation_a_name_modifies(self, tok: Token) -> Resolution | None:
        left = [t for t in self.doc[tok.left_edge.i : tok.i]
                if t.dep_ in ("compound", "amod", "nmod") and t.i not in self.inside]
        if not any(t.i in self._ent_of_token and self._ent_of_token[t.i].label_ in ("PERSON", "NORP", "GPE", "ORG")
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

    def _propn_span(self, tok: Token) -> Span:
        left = tok.i
        # "New Hampshire Republican": compounds of compounds belong to the name too.
        while left - 1 >= 0 and self.doc[left - 1].dep_ == "compound" and left <= self.doc[left - 1].head.i <= tok.i:
            left -= 1
        return self.doc[left : tok.i + 1]

    def salient_before(self, pos: int, kinds: tuple[str, ...], gender: str | None = None, established: bool = False):
        """Entities mentioned before ``pos``, most salient first.

        Salience follows the usual order for news: the nearer sentence wins;
        within a sentence, a subject beats other mentions; whoever was just
        quoted beats someone merely named. With ``established`` (for a
        definite description: "the company", "the singer"), how often the
        article has named an entity counts too: a description points at a
        referent the story is about, not at a name dropped in passing.
        """
        here = self.sentence_of(pos)
        scored = []
        lo = pos - _MAX_LOOKBACK + 1  # pos - p < _MAX_LOOKBACK
        # Only entities mentioned within the lookback can score: ask the
        # sorted positions for those instead of trying every entity.
        for e in (self.entities[i] for i in self._mentions.entities_between(lo, pos)):
            if e.kind not in kinds:
                continue
            if gender and not e.can_be(gender):
                continue
            before = [p for p in e.positions if p < pos and pos - p < _MAX_LOOKBACK]
            subj = [p for p in e.subject_positions if p < pos and pos - p < _MAX_LOOKBACK]
            if gender:
                # "he" in the body goes on from the body, not from a caption
                # or teaser line between two paragraphs.
                before = [p for p in before if not self._in_furniture(p, pos)]
                subj = [p for p in subj if not self._in_furniture(p, pos)]
            if not before:
                continue
            last = before[-1]
            spoke = [p for p, n in self.speakers if n == e.name and p < pos and pos - p < _MAX_LOOKBACK]
            distance = here - self.sentence_of(last)
            score = -100.0 * min(distance, 30) + last / 1e6
            if subj and here - self.sentence_of(subj[-1]) <= distance:
                score += 60
            if spoke and here - self.sentence_of(spoke[-1]) <= distance + 1:
                score += 45
            said = [p for p in e.speaker_positions if p < pos and pos - p < _MAX_LOOKBACK]
            if said and here - self.sentence_of(said[-1]) <= distance:
                score += 50
            if established:
                score += 60 * math.log2(1 + len(before))
            if gender and e.gender == gender:
                score += 40
            elif gender and e.gender is None:
                score -= 15
            scored.append((score, e))
        scored.sort(key=lambda t: -t[0])
        return [e for _, e in scored]

    def _last_spoken(self, name: str, lo: int, hi: int) -> int | None:
        """The last place, in the order quotes were attributed, where ``name``
        was chosen as the speaker with ``lo <= p < hi``."""
        spoke = self._spoke.get(name, [])
        if name not in self._spoke_unsorted:
            return last_between(spoke, lo, hi)
        return next((p for p in reversed(spoke) if lo <= p < hi), None)

    def _resolve_pronoun(self, tok: Token) -> Resolution | None:
        low = tok.lower_
        span = self.doc[tok.i : tok.i + 1]
        if low in PRONOUNS_MALE or low in PRONOUNS_FEMALE:
            gender = "m" if low in PRONOUNS_MALE else "f"
            cands = self.salient_before(tok.idx, ("person",), gender)
        elif low in PRONOUNS_THING:
            cands = self.salient_before(tok.idx, ("org",))
        elif low in PRONOUNS_PLURAL:
            cands = self.salient_before(tok.idx, ("org", "person"))
        else:
            return None
        if not cands:
            return None
        e = cands[0]
        return Resolution(e.name, "pronoun", span, tok.text, tok.idx, tok.idx + len(tok), e.kind, tuple(sorted(e.aliases)))

    def _earlier_same_noun(self, tok: Token) -> Entity | None:
        """"The document published by Beijing … The document also denounced":
        a definite description repeats an earlier noun phrase, and the name
        attached to that phrase (its author, owner or maker) is the referent."""
        lemma = tok.lemma_.lower()
        here = self.sentence_of(tok.idx)
        for prev in reversed(self.doc[: tok.i]):
            if self.sentence_of(prev.idx) < here - 3:
                break
            if prev.lemma_.lower() != lemma or prev.pos_ != "NOUN":
                continue
            for t in prev.subtree:
                if t.i == prev.i or t.i in self.inside:
                    continue
                attached = t.dep_ in ("poss", "compound", "amod", "pobj") and (
                    t.dep_ != "pobj" or t.head.lower_ in ("by", "from", "of")
                )
                ent = self._ent_of_token.get(t.i)
                if attached and ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                    e = self._match_existing(clean_name(ent.text), NAME_LABELS[ent.label_])
                    if e is not None:
                        return e
            return None  # the nearest repetition decides, named or not
        return None

    def _nominal_reference(self, tok: Token, lemma: str, definite: bool):
        """(name, kind, aliases) a description stands for by the article's own
        words, or None: "a publicist for the actress" speaks for the actress,
        "a police statement" is the police's, "the couple" the two people just
        named together, and "the comedian" whoever the article called a
        comedian ("Comedian Sarah Silverman", "Sheen, the actor,")."""
        if lemma in SPOKES_NOUNS:
            principal = self._principal(tok)
            if principal is not None:
                return f"spokesperson for {principal.name}", "other", (principal.name,)
        if lemma in DOCUMENT_NOUNS:
            author = self._document_author(tok)
            if author is not None:
                return author.name, author.kind, author.aliases
        if not definite:
            return None
        if (lemma in GROUP_NOUNS or (tok.tag_ == "NNS" and lemma in PERSON_NOUNS)) and not any(
            c.dep_ == "appos" for c in tok.children
        ):
            pair = self._named_together_before(tok)
            if pair is not None:
                return pair, "other", (pair,)
        described = [e for e in self.salient_before(tok.idx, ("person", "org"))[:8] if lemma in e.context]
        if tok.tag_ in ("NNS", "NNPS"):
            described = []  # "the developers" are not the one developer named
        if described:
            e = described[0]
            return e.name, e.kind, tuple(sorted(e.aliases))
        return None

    def _attached(self, tok: Token, deps: tuple, preps: tuple) -> Resolution | None:
        """What a noun's possessor, or the object of one of its ``preps``,
        resolves to ("Stone's attorney", "a spokesman for the company")."""
        for child in tok.children:
            if child.i in self.inside:
                continue
            target = None
            if child.dep_ in deps:
                target = child
            elif child.dep_ == "prep" and child.lower_ in preps:
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is None or target.i in self.inside:
                continue
            res = self.resolve_token(target)
            if res is not None and not (res.how == "nominal" and target.pos_ == "PRON"):
                return res
        return None

    def _principal(self, tok: Token) -> Resolution | None:
        """Whom an unnamed spokesperson speaks for: "for/of X" or X's."""
        res = self._attached(tok, ("poss",), ("for", "of"))
        return res if res is not None and res.kind in ("person", "org") else None

    def _document_author(self, tok: Token) -> Resolution | None:
        """Who wrote a document: its possessor, a name or body modifying it
        ("a police statement", "a Broadcom statement"), "by/from X", or, for
        "the statement" repeated, whoever "said in a statement" before."""
        own = self._author_attached(tok)
        if own is not None:
            return own
        here = self.sentence_of(tok.idx)
        for prev in reversed(self.doc[max(0, tok.i - _LOOKBACK_TOKENS) : tok.i]):
            if self.sentence_of(prev.idx) < here - 3:
                break
            if prev.lemma_.lower() != tok.lemma_.lower() or prev.pos_ != "NOUN" or prev.i in self.inside:
                continue
            own = self._author_attached(prev)
            if own is not None:
                return own
            # "X said in a statement … the statement added": X wrote it.
            prep = prev.head
            verb = prep.head if prep.dep_ == "prep" and prep.lower_ in ("in", "via", "through") else None
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i not in self.inside), None)
                if subj is not None and subj.i != tok.i:
                    res = self.resolve_token(subj)
                    if res is not None and res.how != "nominal":
                        return res
            return None  # the nearest repetition decides
        return None

    def _author_attached(self, tok: Token) -> Resolution | None:
        """A document's possessor or "by/from X", or a modifier that can
        write: a name or a body ("police", "company"), not "52-count"."""
        for child in tok.children:
            if child.dep_ in ("compound", "nmod") and child.i not in self.inside and (
                child.pos_ == "PROPN" or child.lemma_.lower() in AUTHOR_NOUNS
            ):
                res = self.resolve_token(child)
                if res is not None:
                    return res
        return self._attached(tok, ("poss",), ("by", "from"))

    def _named_together_before(self, tok: Token) -> str | None:
        """"Olivier Martinez and Halle Berry announced …; the actors said":
        the nearest two people named together in the last three sentences."""
        here = self.sentence_of(tok.idx)
        for t in reversed(self.doc[max(0, tok.i - _LOOKBACK_TOKENS) : tok.i]):
            if self.sentence_of(t.idx) < here - 3:
                break
            if t.i in self.inside or t.dep_ != "conj" or t.pos_ != "PROPN" or t.head.pos_ != "PROPN":
                continue
            if not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in t.head.children):
                continue
            if t.head.dep_ in ("pobj", "dobj", "poss"):
                continue  # "by Ann Lee and Bo Tan" (a byline), "met X and Y": not acting together
            a, b = self._ent_of_token.get(t.head.i), self._ent_of_token.get(t.i)
            if a is None or b is None or a == b or "PERSON" not in (a.label_, b.label_):
                continue
            return f"{self.resolve_span(a).name} and {self.resolve_span(b).name}"
        return None

    def _resolve_description(self, tok: Token) -> Resolution | None:
        lemma = tok.lemma_.lower()
        words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.is_alpha}
        span = self.doc[tok.left_edge.i : tok.i + 1]
        has_det = any(c.dep_ in ("det",) and c.lower_ in ("the", "this", "that") for c in tok.children)
        # "Costa Rica's president" is as definite as "the president".
        owned = lemma in PERSON_NOUNS | ORG_NOUNS and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children)
        nominal = self._nominal_reference(tok, lemma, has_det or owned)
        if nominal is not None:
            name, kind, aliases = nominal
            return Resolution(name, "description", span, span.text, span.start_char, span.end_char, kind, aliases)
        if lemma in DOCUMENT_NOUNS and not has_det:
            return None  # "according to a statement" with no author: a document never speaks
        if lemma in PERSON_NOUNS and has_det:
            kinds = ("person",)
        elif lemma in ORG_NOUNS and has_det:
            kinds = ("org",)
        else:
            # "officials", "police", "a top aide": keep the words as written.
            named = next(
                (c for c in tok.children
                 if c.pos_ == "PROPN" and (c.dep_ == "appos" or (c.dep_ == "compound" and c.ent_type_ == "PERSON"))),
                None,
            )
            if named is not None:
                nspan = self._propn_span(named)
                return Resolution(clean_name(nspan.text), "name", nspan, nspan.text, nspan.start_char, nspan.end_char, "person")
            # "a spokesman for Platte River", "an adviser to Bill Clinton": the
            # organisation or patron is part of the source.
            links = ("for", "of", "at", "with", "to") if lemma in PERSON_NOUNS else ("for", "of", "at", "with")
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in links), None)
            if of is not None and any(t.pos_ == "PROPN" for t in of.subtree):
                span = self.doc[span.start : of.right_edge.i + 1]
            words = [t for t in span if not (t.pos_ == "DET" or (t.pos_ == "PRON" and t.dep_ == "poss"))]
            # "One federal law enforcement source", "almost 1,200 women": how
            # many is not who; the description is the rest.
            while len(words) > 1 and (words[0].pos_ == "NUM" or words[0].lower_ in _QUANTIFIERS):
                words = words[1:]
            # "a new House select committee" is the House select committee.
            while len(words) > 1 and words[0].pos_ == "ADJ" and words[0].is_lower and any(w.text[:1].isupper() for w in words[1:]):
                words = words[1:]
            # Kept as written: "spokesman" is the whole description here, not a title.
            text = "".join(w.text_with_ws for w in words).strip(" ,.;:") if words else ""
            if not text:
                return None
            return Resolution(text, "nominal", span, span.text, span.start_char, span.end_char, "other")
        earlier = self._earlier_same_noun(tok)
        if earlier is not None:
            return Resolution(earlier.name, "description", span, span.text, span.start_char, span.end_char, earlier.kind,
                              tuple(sorted(earlier.aliases)))
        cands = self.salient_before(tok.idx, kinds, established=True)
        if kinds == ("org",) and lemma not in _PLACE_NOUNS:
            cands = [e for e in cands if not e.place]  # "the company" is not "Dubai"
        if not cands:
            return None
        best = cands[0]
        # "The Belarusian leader": the modifier picks the person out; the head
        # noun alone ("leader") fits too many, so salience decides then.
        if words:
            keyed = [e for e in cands[:6] if _overlaps(words, e.context)]
            if keyed:
                best = keyed[0]
        return Resolution(best.name, "description", span, span.text, span.start_char, span.end_char, best.kind, tuple(sorted(best.aliases)))
