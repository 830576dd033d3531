"""What a description refers to: "the Belarusian leader", "the company", "a
spokesman for the ministry", "the couple", "the statement".

A definite description repeats someone the article has named: the salient
entity the article has called that ("Comedian Sarah Silverman" … "the
comedian"), whose modifier fits ("the Belarusian leader"), or simply the most
salient of the right kind. A spokesperson speaks for a principal and a
document for its author, both found by the article's own words; an
indefinite description with nobody behind it ("officials", "a top aide") is
kept as written, a source the article does not name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .clustering import propn_span
from .cues import (
    AUTHOR_NOUNS, DOCUMENT_NOUNS, GROUP_NOUNS, MUTE_NOUNS, ORG_NOUNS, PEOPLE_NOUNS, PERSON_NOUNS,
    PROSECUTING_ATTORNEY, PROSECUTOR_WORDS, SPOKES_NOUNS,
)
from .entity import NAME_LABELS, Entity, Resolution
from .names import UNNAMED, as_demonym, clean_name
from .nlp import doc_text

if TYPE_CHECKING:
    from .mentions import EntityIndex

#: How far back a description looks for what it repeats, in tokens, so that
#: one endless paragraph cannot make resolution quadratic.
LOOKBACK_TOKENS = 400
_QUANTIFIERS = {"one", "another", "almost", "nearly", "about", "some", "several", "many", "two", "three"}
#: Organisation nouns that a place name can stand for ("the government" may
#: be "Beijing"); the others ("the company") never mean a place.
_PLACE_NOUNS = {"government", "administration", "kremlin", "white", "house", "embassy", "ministry", "department"}


#: What a business is called, and words that name a body that is none.
_BUSINESS_NOUNS = {"company", "firm", "airline", "carrier", "retailer", "automaker", "carmaker", "maker",
                   "manufacturer", "startup", "conglomerate", "bank", "giant", "studio", "label"}
_INSTITUTION_WORDS = {"university", "college", "school", "hospital", "ministry", "department", "government",
                      "administration", "committee", "council", "commission", "court", "party", "police",
                      "agency", "embassy", "charity", "congress", "senate",
                      "parliament", "army", "navy"}


def _overlaps(words: set, context: set) -> bool:
    """Shared words, counting "Belarusian" and "Belarus" as one."""
    return any(w == c or (len(w) >= 5 and len(c) >= 5 and w[:6] == c[:6]) for w in words for c in context)


def _earlier_same_noun(index: EntityIndex, tok: Token) -> Entity | None:
    """"The document published by Beijing … The document also denounced":
    a definite description repeats an earlier noun phrase, and the name
    attached to that phrase (its author, owner or maker) is the referent."""
    lemma = tok.lemma_.lower()
    here = index.sentence_of(tok.idx)
    for prev in reversed(index.doc[: tok.i]):
        if index.sentence_of(prev.idx) < here - 3:
            break
        if prev.lemma_.lower() != lemma or prev.pos_ != "NOUN":
            continue
        for t in prev.subtree:
            if t.i == prev.i or t.i in index.inside:
                continue
            attached = t.dep_ in ("poss", "compound", "amod", "pobj") and (
                t.dep_ != "pobj" or t.head.lower_ in ("by", "from", "of")
            )
            ent = index.ent_of_token.get(t.i)
            if attached and ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                e = index.match_existing(clean_name(ent.text), NAME_LABELS[ent.label_])
                if e is not None:
                    return e
        return None  # the nearest repetition decides, named or not
    return None

def _nominal_reference(index: EntityIndex, tok: Token, lemma: str, definite: bool):
    """(name, kind, aliases) a description stands for by the article's own
    words, or None: "a publicist for the actress" speaks for the actress,
    "a police statement" is the police's, "the couple" the two people just
    named together, and "the comedian" whoever the article called a
    comedian ("Comedian Sarah Silverman", "Sheen, the actor,")."""
    if lemma in SPOKES_NOUNS:
        principal = _principal(index, tok)
        if principal is not None:
            return f"spokesperson for {principal.name}", "other", (principal.name,)
    if lemma in DOCUMENT_NOUNS or _charges(tok):
        author = _document_author(index, tok)
        if author is not None:
            return author.name, author.kind, author.aliases
    if not definite:
        return None
    if (lemma in GROUP_NOUNS or (tok.tag_ == "NNS" and lemma in PERSON_NOUNS)) and not any(
        c.dep_ == "appos" for c in tok.children
    ):
        pair = _named_together_before(index, tok)
        if pair is not None:
            return pair, "other", (pair,)
    # (Never a people: "the report" is not "American" of "American spy satellites".)
    described = [e for e in index.salient_before(tok.idx, ("person", "org"))[:8]
                 if lemma in e.context and not e.nationality]
    if tok.tag_ in ("NNS", "NNPS"):
        described = []  # "the developers" are not the one developer named
    if described:
        e = described[0]
        return e.name, e.kind, tuple(sorted(e.aliases))
    return None

def _attached(index: EntityIndex, tok: Token, deps: tuple, preps: tuple) -> Resolution | None:
    """What a noun's possessor, or the object of one of its ``preps``,
    resolves to ("Stone's attorney", "a spokesman for the company")."""
    for child in tok.children:
        if child.i in index.inside:
            continue
        target = None
        if child.dep_ in deps:
            target = child
        elif child.dep_ == "prep" and child.lower_ in preps:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        if target is None or target.i in index.inside:
            continue
        res = index.resolve_token(target)
        if res is not None and not (res.how == "nominal" and target.pos_ == "PRON"):
            return res
    return None

def _principal(index: EntityIndex, tok: Token) -> Resolution | None:
    """Whom an unnamed spokesperson speaks for: "for/of X" or X's."""
    res = _attached(index, tok, ("poss",), ("for", "of"))
    return res if res is not None and res.kind in ("person", "org") else None

def _document_author(index: EntityIndex, tok: Token) -> Resolution | None:
    """Who wrote a document (``_named_author``); for an indictment or a
    court filing, the prosecutor the article names: "the indictment alleges"
    is the special counsel's or the district attorney's wording, not the
    defendant's."""
    if _charges(tok):
        # Not its possessor: "Ortiz's indictment" charges Ortiz.
        return _prosecutor(index, tok)
    return _named_author(index, tok)


def _charges(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma == "indictment" or (lemma in ("document", "filing") and any(
        c.lower_ == "court" for c in tok.children if c.dep_ in ("compound", "amod")))


def _prosecutor(index: EntityIndex, tok: Token) -> Resolution | None:
    for e in index.salient_before(tok.idx, ("person",), established=True):
        if PROSECUTOR_WORDS & e.context or ("attorney" in e.context and PROSECUTING_ATTORNEY & e.context):
            return e.resolved("description", index.doc[tok.i : tok.i + 1])
    return None


def _named_author(index: EntityIndex, tok: Token) -> Resolution | None:
    """Who the article says wrote a document: its possessor, a name or body
    modifying it ("a police statement", "a Broadcom statement"), "by/from
    X", or, for "the statement" repeated, whoever "said in a statement" before;
    "the report" after "X reported that …" is X's."""
    own = _author_attached(index, tok)
    if own is not None:
        return own
    here = index.sentence_of(tok.idx)
    for prev in reversed(index.doc[max(0, tok.i - LOOKBACK_TOKENS) : tok.i]):
        if index.sentence_of(prev.idx) < here - 3:
            break
        if prev.lemma_.lower() != tok.lemma_.lower() or prev.i in index.inside:
            continue
        if prev.pos_ == "VERB":
            subj = next((c for c in prev.children if c.dep_ == "nsubj" and c.i not in index.inside), None)
            # "The newspaper Chosun Ilbo reported": the name in apposition.
            subj = next((c for c in subj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), subj) if subj else None
            res = index.resolve_token(subj) if subj is not None else None
            if res is not None and res.how != "nominal":
                return res
            continue
        if prev.pos_ != "NOUN":
            continue
        own = _author_attached(index, prev)
        if own is not None:
            return own
        # "X said in a statement … the statement added": X wrote it.
        prep = prev.head
        verb = prep.head if prep.dep_ == "prep" and prep.lower_ in ("in", "via", "through") else None
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i not in index.inside), None)
            if subj is not None and subj.i != tok.i:
                res = index.resolve_token(subj)
                if res is not None and res.how != "nominal":
                    return res
        return None  # the nearest repetition decides
    return None

def _author_attached(index: EntityIndex, tok: Token) -> Resolution | None:
    """A document's possessor or "by/from X", or a modifier that can
    write: a name or a body ("police", "company"), not "52-count"."""
    for child in tok.children:
        if child.dep_ in ("compound", "nmod") and child.i not in index.inside and (
            child.pos_ == "PROPN" or child.lemma_.lower() in AUTHOR_NOUNS
        ):
            res = index.resolve_token(child)
            if res is not None:
                return res
    return _attached(index, tok, ("poss",), ("by", "from"))

def _named_together_before(index: EntityIndex, tok: Token) -> str | None:
    """"Olivier Martinez and Halle Berry announced …; the actors said":
    the nearest two people named together in the last three sentences."""
    here = index.sentence_of(tok.idx)
    for t in reversed(index.doc[max(0, tok.i - LOOKBACK_TOKENS) : tok.i]):
        if index.sentence_of(t.idx) < here - 3:
            break
        if t.i in index.inside or t.dep_ != "conj" or t.pos_ != "PROPN" or t.head.pos_ != "PROPN":
            continue
        if not any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in t.head.children):
            continue
        if t.head.dep_ in ("pobj", "dobj", "poss"):
            continue  # "by Ann Lee and Bo Tan" (a byline), "met X and Y": not acting together
        a, b = index.ent_of_token.get(t.head.i), index.ent_of_token.get(t.i)
        if a is None or b is None or a == b or "PERSON" not in (a.label_, b.label_):
            continue
        return f"{index.resolve_span(a).name} and {index.resolve_span(b).name}"
    return None


def resolve_description(index: EntityIndex, tok: Token) -> Resolution | None:
    """What the noun phrase headed by ``tok`` refers to, or None when it
    names no source ("according to a statement")."""
    lemma = tok.lemma_.lower()
    words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.is_alpha}
    span = index.doc[tok.left_edge.i : tok.i + 1]
    has_det = any(c.dep_ in ("det",) and c.lower_ in ("the", "this", "that") for c in tok.children)
    # "Costa Rica's president" is as definite as "the president".
    owned = lemma in PERSON_NOUNS | ORG_NOUNS and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children)
    nominal = _nominal_reference(index, tok, lemma, has_det or owned)
    if nominal is not None:
        name, kind, aliases = nominal
        return Resolution(name, "description", span, span.text, span.start_char, span.end_char, kind, aliases)
    if lemma in DOCUMENT_NOUNS and not has_det:
        return None  # "according to a statement" with no author: a document never speaks
    if lemma in PERSON_NOUNS and has_det:
        kinds = ("person",)
    elif lemma in ORG_NOUNS and has_det:
        kinds = ("org",)
    elif lemma in MUTE_NOUNS:
        return None  # "that article", "the indictment alleges": words whose author the article does not give
    else:
        return _as_written(index, tok, lemma, span)
    earlier = _earlier_same_noun(index, tok)
    if earlier is not None:
        return earlier.resolved("description", span)
    cands = index.salient_before(tok.idx, kinds, established=True)
    if kinds == ("org",) and lemma not in _PLACE_NOUNS:
        cands = [e for e in cands if not e.place]  # "the company" is not "Dubai"
    cands = [e for e in cands if not e.nationality]  # nor "British": a people is never "the company" or "the report"
    if not cands and index.sentence_of(tok.idx) == _first_sentence(index):
        # A lede that describes before it names: "THE second largest credit
        # firm in the UK has admitted … / Equifax admitted …".
        cands = _named_next(index, tok, kinds)
    if lemma in _BUSINESS_NOUNS:
        # "the company" is not "the University of Wisconsin" named just before it.
        cands = [e for e in cands if not _INSTITUTION_WORDS & set(e.name.lower().split())]
    if not cands:
        return None
    best = cands[0]
    # "The Belarusian leader": the modifier picks the person out; the head
    # noun alone ("leader") fits too many, so salience decides then.
    if words:
        keyed = [e for e in cands[:6] if _overlaps(words, e.context)]
        if keyed:
            best = keyed[0]
    return best.resolved("description", span)


def _first_sentence(index: EntityIndex) -> int:
    """The first sentence of the story proper: after a headline line, if any."""
    doc = index.doc
    first_line_end = doc_text(doc).find("\n")
    if first_line_end < 0:
        return 0
    return index.sentence_of(first_line_end + 1)


def _named_next(index: EntityIndex, tok: Token, kinds: tuple) -> list[Entity]:
    """Entities of ``kinds`` first named as a subject in the sentence after ``tok``'s."""
    here = index.sentence_of(tok.idx)
    lo, hi = index.sentence_chars(here + 1, here + 1)
    return [e for e in index.subjects_between(lo, hi)
            if e.kind in kinds and not e.place and not e.nationality and e.positions and e.positions[0] >= lo]


def _as_written(index: EntityIndex, tok: Token, lemma: str, span: Span) -> Resolution | None:
    """"officials", "police", "a top aide", "a spokesman for Platte River":
    a description nobody in the article stands behind is kept as written
    (or names the person in apposition: "the spokesman, Wang Wenbin")."""
    named = next(
        (c for c in tok.children
         if c.pos_ == "PROPN" and (c.dep_ == "appos" or (c.dep_ == "compound" and c.ent_type_ == "PERSON"))),
        None,
    )
    if named is not None:
        nspan = propn_span(named)
        return Resolution(clean_name(nspan.text), "name", nspan, nspan.text, nspan.start_char, nspan.end_char, "person")
    # "a spokesman for Platte River", "an adviser to Bill Clinton": the
    # organisation or patron is part of the source.
    links = ("for", "of", "at", "with", "to") if lemma in PERSON_NOUNS else ("for", "of", "at", "with")
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in links), None)
    if of is not None and any(t.pos_ == "PROPN" for t in of.subtree):
        span = index.doc[span.start : of.right_edge.i + 1]
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
    text = as_demonym(text)  # "Iran's government" is the Iranian government
    if lemma in PERSON_NOUNS | PEOPLE_NOUNS:
        # The project's convention for someone the article does not name:
        # "attorney (unnamed)", never a bare role word as if it were a name.
        text = re.sub(r"^(?:unnamed|anonymous|unidentified) ", "", text, flags=re.I)
        text = f"{text} {UNNAMED}"
    return Resolution(text, "nominal", span, span.text, span.start_char, span.end_char, "other")
