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
    CUE_WORDS,
    SPEECH_VERBS,
    FEMALE_NAMES, HONORIFIC_GENDER, MALE_NAMES, ORG_NOUNS, PERSON_NOUNS, PRONOUNS_FEMALE, PRONOUNS_MALE,
    PRONOUNS_PLURAL, PRONOUNS_THING,
)
from .detect import is_heading, is_title_case, paragraphs
from .lookup import NameKeys, Positions, last_between
from .names import TITLES, fold, name_tokens, same_name

_NOT_SOURCES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
NAME_LABELS = {"PERSON": "person", "ORG": "org", "GPE": "org", "NORP": "org", "FAC": "org"}
_TITLE_WORDS = TITLES | {"belarusian", "chinese", "russian", "american", "british", "ukrainian"}
_MAX_LOOKBACK = 6000  # characters: a profile's "she" may reach back far


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


_ONE_OF = frozenset({"a", "an", "one", "another"})


def clean_name(text: str) -> str:
    """A mention's name without leading titles, determiners or a possessive."""
    # "-Craig Fehrman explains": a dash or bullet the tokenizer left on the name.
    text = re.sub(r"[’']s$", "", text.strip().lstrip("-–—•*").strip())
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
        words[0].lower().strip(".") in _TITLE_WORDS or words[0].lower() in ("the", "a", "an") or words[0].lower() in CUE_WORDS  # "Stated Roger Stone"
    ):
        if len(words) == 1:
            break
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in ("and", "or", "&", "-", "–", "—"):
        words = words[:-1]  # the tagger ran the name into a conjunction
    text = " ".join(words).strip(" ,.;:")
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
            entity = self._match(name, kind)
            if entity is None:
                entity = Entity(name, kind, set(), [], [], set())
                self.entities.append(entity)
                self._names.add(entity, len(self.entities) - 1)
            entity.aliases.add(name)
            self._names.alias(entity, name)
            if ent.start not in self.inside:
                entity.positions.append(ent.start_char)
                if ent.root.dep_ in ("nsubj", "nsubjpass"):
                    entity.subject_positions.append(ent.start_char)
                    if _speech_head(ent.root):
                        entity.speaker_positions.append(ent.start_char)
            entity.context.update(self._context_words(ent))
            g = self._honorific_gender(ent)
            if g and entity.gender is None:
                entity.gender = g
        self._untagged_mentions()
        for e in self.entities:
            e.positions.sort()
            e.subject_positions.sort()
            e.speaker_positions.sort()
        self._sent_starts = [sent.start_char for sent in doc.sents]
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

    def _match(self, name: str, kind: str) -> Entity | None:
        toks = name_tokens(name)
        fits = []
        for e in (self.entities[i] for i in self._names.candidates(name, kind)):
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
        words = set()
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
        entity = self._match_existing(name, kind)
        canonical = entity.name if entity else name
        how = "name" if canonical == name else "alias"
        return Resolution(canonical, how, ent, ent.text, ent.start_char, ent.end_char, kind,
                          tuple(sorted(entity.aliases)) if entity else (name,))

    def _match_existing(self, name: str, kind: str) -> Entity | None:
        for e in (self.entities[i] for i in self._names.existing(name)):
            if name in e.aliases or fold(name) == fold(e.name):
                return e
        return self._match(name, kind)

    def resolve_token(self, tok: Token) -> Resolution | None:
        if tok.ent_type_ in _NOT_SOURCES:
            return None  # "who Beck on Wednesday called …": the parser's subject is a date
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

    def salient_before(self, pos: int, kinds: tuple[str, ...], gender: str | None = None):
        """Entities mentioned before ``pos``, most salient first.

        Salience follows the usual order for news: the nearer sentence wins;
        within a sentence, a subject beats other mentions; whoever was just
        quoted beats someone merely named.
        """
        here = self.sentence_of(pos)
        scored = []
        lo = pos - _MAX_LOOKBACK + 1  # pos - p < _MAX_LOOKBACK
        # Only entities mentioned within the lookback can score: ask the
        # sorted positions for those instead of trying every entity.
        for e in (self.entities[i] for i in self._mentions.entities_between(lo, pos)):
            if e.kind not in kinds:
                continue
            if gender and e.gender and e.gender != gender:
                continue
            last = last_between(e.positions, lo, pos)
            if last is None:
                continue
            subj = last_between(e.subject_positions, lo, pos)
            spoke = self._last_spoken(e.name, lo, pos)
            distance = here - self.sentence_of(last)
            score = -100.0 * min(distance, 30) + last / 1e6
            if subj is not None and here - self.sentence_of(subj) <= distance:
                score += 60
            if spoke is not None and here - self.sentence_of(spoke) <= distance + 1:
                score += 45
            said = last_between(e.speaker_positions, lo, pos)
            if said is not None and here - self.sentence_of(said) <= distance:
                score += 50
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

    def _resolve_description(self, tok: Token) -> Resolution | None:
        lemma = tok.lemma_.lower()
        words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.is_alpha}
        span = self.doc[tok.left_edge.i : tok.i + 1]
        has_det = any(c.dep_ in ("det",) and c.lower_ in ("the", "this", "that") for c in tok.children)
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
        cands = self.salient_before(tok.idx, kinds)
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
