"""The attribution rules: small named functions, each proposing candidates.

Each rule reads the dependency parse around one quote and returns the
candidates it finds, each carrying its evidence (``core.candidates``). The
rules are general news conventions (postposed and preposed cues, "according
to", colon and dash attributions), not patterns fitted to particular
articles; speakers carried over from the quote before are
``core.inherit``'s.

A new rule is a function ``rule(ctx) -> list[Candidate]`` decorated with
``@rule("name")`` in this module: it runs after the rules above it, and
``ctx.found`` holds what those found (the colon rules act only when nothing
else did). Questions about the parse itself ("the subject of this verb")
belong in ``core.syntax``, where every rule shares them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Doc, Span, Token

from .candidates import BASE, Candidate, candidate_for
from .clauses import Windows, opens_paragraph
from .cues import AGENT_NOUNS, DOCUMENT_NOUNS, PERSON_NOUNS, SPEECH_NOUNS, STANCE_VERBS
from .detect import Quote, is_title_case
from .mentions import EntityIndex
from .names import TITLES
from .nlp import doc_text, ents_in
from .syntax import (
    author_of, cue_words, gap, governing_verbs, is_speech, outer_reporter, speech_noun_author, subject,
)


@dataclass
class RuleContext:
    """What every rule reads about one quote: the parse, the quote's tokens
    (``inside``), the article's entities and where its cue may sit."""

    doc: Doc
    quote: Quote
    span: Span
    inside: set[int]
    index: EntityIndex
    win: Windows
    #: Candidates the rules before this one proposed.
    found: list[Candidate] = field(default_factory=list)
    #: Verbs the quote hangs from, already read by ``governing-verb``.
    seen_verbs: set[int] = field(default_factory=set)

    def after_closed(self, tok: Token) -> bool:
        """``tok`` follows a quote that closed its sentence: weaker evidence."""
        return self.win.closed and tok.idx >= self.quote.end


Rule = Callable[[RuleContext], list[Candidate]]

#: Every rule by name, in the order they run.
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under ``name``; rules run in the order they are defined."""

    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


def candidates(ctx: RuleContext) -> list[Candidate]:
    """Every rule's candidates for one quote, in rule order."""
    for fn in RULES.values():
        ctx.found.extend(fn(ctx))
    return ctx.found


@rule("speech-noun")
def speech_noun(ctx: RuleContext) -> list[Candidate]:
    """A noun of saying whose content holds the quote: "the claims made by
    X that Y is “considering” …" are X's words."""
    claim = speech_noun_author(ctx.span, ctx.inside)
    if claim is None or not ctx.win.holds(claim[0].idx):
        return []
    noun, author = claim
    return from_subject(author, noun, "speech-noun", BASE["speech-noun"], ctx.index)


def _before_the_marks(ctx: RuleContext) -> int:
    """The index of the token just before the quote's opening mark (-1: none)."""
    k = ctx.span.start - 1
    while k >= 0 and ctx.doc[k].is_quote:
        k -= 1
    return k


@rule("possessor")
def possessor(ctx: RuleContext) -> list[Candidate]:
    """Words quoted as something someone has ("Broadcom’s “best and
    final”", "the senator’s “bold new vision”") are that someone's wording,
    as the author of a noun of saying is: the reporter quotes them as theirs."""
    if ctx.quote.kind != "partial" or is_title_case(ctx.quote.text):
        return []  # "CBS's “Face the Nation”" names a show
    doc = ctx.doc
    k = _before_the_marks(ctx)
    if k < 1 or doc[k].lower_ not in ("'s", "’s") or doc[k - 1].i in ctx.inside:
        return []
    return from_subject(doc[k - 1], doc[k], "speech-noun", BASE["speech-noun"] - 0.05, ctx.index)


#: Verbs whose object is whom they address, never what is said ("told
#: “senior campaign officials” about the emails").
_ADDRESSING = frozenset({"tell", "inform", "remind", "notify", "assure", "brief"})


def _beside_the_content(span, verb: Token) -> bool:
    """Whether the quote hangs from a speech verb as something other than
    what was said: whom it was said to ("Stone told “senior campaign
    officials” about …") or when and how ("told Credico “on multiple
    occasions”"). The words are then the reporter's source's (the
    indictment's, in "according to the indictment"), not the teller's."""
    top = next((t for t in span if not t.is_punct and t.head.i == verb.i), None)
    if top is None:
        return False
    return top.dep_ == "dative" or (top.dep_ == "prep" and top.lower_ == "on") or (
        top.dep_ == "dobj" and verb.lemma_.lower() in _ADDRESSING)


@rule("quoted-verb")
def quoted_verb(ctx: RuleContext) -> list[Candidate]:
    """A quote that starts with its own speech verb, its subject just
    outside the marks: "an unnamed source “said the breaches involved the
    same intruders”" is the source's."""
    words = [t for t in ctx.span if not t.is_punct][:2]
    for verb in words:
        if not is_speech(verb):
            continue
        subj = subject(verb, ctx.inside)
        if subj is not None and subj.i < ctx.span.start:
            return from_subject(subj, verb, "speech-verb", BASE["speech-verb"] - 0.03, ctx.index)
    return []


@rule("governing-verb")
def governing_verb(ctx: RuleContext) -> list[Candidate]:
    """The verb the quote hangs from (or that hangs from the quote): a
    speech verb, a stance verb, or for a partial quote any clause's verb."""
    out, reporters = [], set()
    for rank, (verb, dist) in enumerate(governing_verbs(ctx.span, ctx.inside)):
        if not ctx.win.holds(verb.idx):
            continue
        ctx.seen_verbs.add(verb.i)
        subj = subject(verb, ctx.inside)
        if subj is None:
            continue
        speech = is_speech(verb)
        if speech and _beside_the_content(ctx.span, verb):
            continue  # whom or when it was said, not what: no claim on the words
        penalty = 0.02 * dist + 0.04 * rank + (0.12 if ctx.after_closed(verb) else 0.0)
        if speech:
            pattern, base = "speech-verb", BASE["speech-verb"] - penalty
        elif verb.lemma_.lower() in STANCE_VERBS:
            pattern, base = "stance-verb", BASE["stance-verb"] - penalty
        elif ctx.quote.kind == "partial":
            pattern, base = "clause-subject", BASE["clause-subject"] - penalty
        else:
            continue
        inner = from_subject(subj, verb, pattern, base, ctx.index)
        out.extend(inner)
        # A reporter's own report is not re-reported: in "Trump said the
        # country was “…”, Abe told reporters" the words are Trump's,
        # recounted by Abe, not Abe's description of what Trump said.
        outer = None if verb.i in reporters else outer_reporter(verb, ctx.inside)
        if outer is not None:
            reporters.add(outer[0].i)
        if outer is not None and ctx.win.holds(outer[0].idx):
            # "Graham said that Carson is a “good, decent man”": the quoted
            # words are the reporter's, not those of the person reported on;
            # so too when the reporter is an organisation ("…, the ministry said").
            said, who = outer
            reporter = [c for c in from_subject(who, said, "speech-verb", base + 0.02, ctx.index) if c.kind in ("person", "org")]
            if reporter and not any(c.name == r.name for c in inner for r in reporter):
                out.extend(reporter)
    return out


def _cues_around(ctx: RuleContext):
    """The cue words in the quote's windows, left then right, outside quotes."""
    for start, end in (ctx.win.left, ctx.win.right):
        part = ctx.doc.char_span(start, end, alignment_mode="contract") if end > start else None
        if part is None:
            continue
        for tok in cue_words(part, ctx.inside, after=start >= ctx.quote.end):
            if tok.i not in ctx.inside:
                yield tok


def _according(tok: Token) -> bool:
    doc = tok.doc
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


@rule("according-to")
def according_to(ctx: RuleContext) -> list[Candidate]:
    """"according to X" in the quote's windows names the source; "X endorsed
    “…”, according to a readout" names only where it was reported, when the
    clause has a subject of its own."""
    doc, out = ctx.doc, []
    for tok in _cues_around(ctx):
        if not _according(tok):
            continue
        obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        if obj is not None and obj.pos_ == "NOUN":
            # "according to official information released by China",
            # "according to remarks by Lukashenko": the author is the source.
            authored = author_of(obj, obj, ctx.inside)
            if authored is not None and authored[1].pos_ == "PROPN":
                obj = authored[1]
        if obj is not None and obj.i not in ctx.inside:
            out.extend(from_subject(obj, doc[tok.i : tok.i + 2], "according-to", BASE["according-to"], ctx.index))
    if any(c.pattern.startswith(("speech-verb", "speech-noun", "stance-verb", "clause-subject")) for c in ctx.found):
        for c in out:
            c.score = round(c.score * 0.75, 4)
    return out


@rule("speech-nearby")
def speech_nearby(ctx: RuleContext) -> list[Candidate]:
    """Another speech verb in the quote's windows, one the quote does not
    hang from: its subject, weaker the further it stands from the quote."""
    out = []
    for tok in _cues_around(ctx):
        if _according(tok) or tok.i in ctx.seen_verbs or not is_speech(tok):
            continue
        subj = subject(tok, ctx.inside)
        if subj is None:
            continue
        base = BASE["speech-nearby"] - min(0.3, gap(tok, ctx.span) / 400) - (0.1 if ctx.after_closed(tok) else 0.0)
        out.extend(from_subject(subj, tok, "speech-nearby", base, ctx.index))
    if any(c.pattern.startswith("speech-verb") for c in ctx.found):
        # The speech verb the quote hangs from outranks one it does not: "The
        # airline claimed it does “not tolerate …”, but the NAACP did cite …".
        for c in out:
            c.score = round(c.score * 0.75, 4)
    return out


@rule("colon-label")
def colon_label(ctx: RuleContext) -> list[Candidate]:
    """Nothing else found, and a name and a colon introduce the quote:
    "Philip Bump: “…”"."""
    if ctx.found:
        return []
    doc, win = ctx.doc, ctx.win
    before = doc_text(doc)[win.left[0] : win.left[1]].rstrip()
    if not before.endswith(":"):
        return []
    label = doc.char_span(win.left[0], win.left[0] + len(before), alignment_mode="expand")
    names = [e for e in ents_in(label) if e.label_ in ("PERSON", "ORG")] if label is not None else []
    if not names:
        return []
    return [candidate_for(ctx.index.resolve_span(names[-1]), names[-1], None, "colon", BASE["colon"] - 0.05)]


#: How far before its colon a document noun introduces the quote ("released
#: the following statement announcing a travel advisory for … flights:").
_COLON_REACH = 30


@rule("colon-document")
def colon_document(ctx: RuleContext) -> list[Candidate]:
    """Words after a colon that follows a document or a message someone
    issued are theirs: "Ruiz issued a statement: “…”", "another attendee
    delivered this message, held aloft: “…”". A document with an author of
    its own ("a statement from the council") is that author's."""
    doc = ctx.doc
    k = _before_the_marks(ctx)
    if k < 1 or doc[k].text != ":":
        return []
    label = doc[k - 1]
    alone = all(t.head.i == label.i for t in doc[label.sent.start : label.i])  # "The headline:" opens its sentence
    if label.pos_ == "NOUN" and label.lemma_.lower() in DOCUMENT_NOUNS and label.i not in ctx.inside and alone:
        # "The headline: “…”": a document alone before the colon is its
        # author's, the paper or body the story just named.
        res = ctx.index.resolve_token(label)
        if res is None:
            org = ctx.index.salient_before(label.idx, ("org",))
            res = org[0].resolved("description", doc[label.i - 1 : label.i + 1]) if org else None
        if res is not None:
            return [candidate_for(res, label, None, "colon", BASE["colon"] - 0.05)]
    for tok in reversed(doc[max(0, k - _COLON_REACH) : k]):
        if tok.i in ctx.inside or tok.text in (".", "!", "?", "\n"):
            break
        if tok.dep_ != "dobj" or tok.lemma_.lower() not in DOCUMENT_NOUNS | SPEECH_NOUNS or tok.head.pos_ != "VERB":
            continue
        authored = author_of(tok, tok, ctx.inside)
        who = authored[1] if authored is not None else subject(tok.head, ctx.inside)
        if who is None:
            return []
        return from_subject(who, tok.head, "colon", BASE["colon"] - 0.03, ctx.index)
    return []


@rule("colon-paragraph")
def colon_paragraph(ctx: RuleContext) -> list[Candidate]:
    """Nothing else found, the quote opens a paragraph and the one before
    ends in a colon: "Stone said in a statement:" then the quote."""
    if ctx.found or not opens_paragraph(doc_text(ctx.doc), ctx.quote):
        return []
    doc, q, inside, index = ctx.doc, ctx.quote, ctx.inside, ctx.index
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, q.start)
    if line_start <= 0:
        return []
    prev_end = line_start
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end == 0 or text[prev_end - 1] != ":":
        return []
    span = doc.char_span(prev_end - 1, prev_end, alignment_mode="expand")
    if span is None:
        return []
    sent = span.sent
    out = []
    for tok in sent:
        if tok.i in inside or not (is_speech(tok) or tok.lemma_ in STANCE_VERBS):
            continue
        subj = subject(tok, inside)
        if subj is not None:
            out.extend(from_subject(subj, tok, "colon", BASE["colon"], index))
    if not out:
        # "Stated Roger Stone:" — the tagger may miss the verb; the one name
        # introducing the quote is still the best guess.
        names = [e for e in ents_in(sent) if e.label_ in ("PERSON", "ORG") and e.start not in inside]
        if len(names) == 1:
            out.append(candidate_for(index.resolve_span(names[0]), names[0], None, "colon", BASE["colon"] - 0.15))
    return out


#: Dashes that introduce an attribution, the horizontal bar ("― Name") included.
_DASHES = "–—-―"


@rule("dash")
def dash(ctx: RuleContext) -> list[Candidate]:
    """A dash after the quote, on its line or opening the next one:
    “…” – Name, or a pull quote with "- Sanders." below it."""
    doc, q = ctx.doc, ctx.quote
    text = doc_text(doc)
    line_end = text.find("\n", q.end)
    line_end = len(text) if line_end < 0 else line_end
    # Any white space, a no-break space too, may stand between the mark and the dash.
    tail = re.sub(r"^[”\"'.,\s]+", "", text[q.end : line_end])
    dash_at = None
    if tail and tail[0] in _DASHES:
        dash_at = q.end
    elif not tail:
        nxt = line_end + 1
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        if text[nxt : nxt + 1] and text[nxt] in _DASHES:
            dash_at = nxt
    if dash_at is None:
        return []
    end = text.find("\n", dash_at + 1)
    signed = doc.char_span(dash_at, len(text) if end < 0 else end, alignment_mode="expand")
    if signed is None:
        return []
    for ent in ents_in(signed):
        if ent.label_ in ("PERSON", "ORG"):
            # "“…” ― Maren Oduya": the name follows the dash; in "“con
            # artist” ― just as he did with Romney" the dash goes on with prose.
            between = re.findall(r"\w+", text[dash_at + 1 : ent.start_char])
            if all(w.lower() in TITLES for w in between):  # "– Sen. Lopez" still counts
                return [candidate_for(ctx.index.resolve_span(ent), ent, None, "dash", BASE["dash"])]
            break
    return []


_LABEL = re.compile(r"^([A-Z][A-Z.\-’']+(?: [A-Z][A-Z.\-’']+){0,3}):\s")


def transcript_label(q: Quote) -> Candidate | None:
    """Transcripts open each turn with the speaker: “PENCE: Well, look…”.
    Such a label is the answer, so no other rule runs."""
    m = _LABEL.match(q.text)
    if not m:
        return None
    name = m.group(1).title()
    return Candidate(name, m.group(1), q.start, q.start + len(m.group(1)), BASE["transcript"], None, None, None,
                     "transcript", q.text[:120], "person", (name, m.group(1)))


def from_subject(subj: Token, cue, pattern: str, base: float, index: EntityIndex) -> list[Candidate]:
    """One candidate per conjoined subject ("Both Xi and Lukashenko")."""
    out = []
    heads = [subj] + [c for c in subj.conjuncts if c.i > subj.i]
    if subj.pos_ == "PROPN" and subj.lower_ in PERSON_NOUNS and subj.ent_type_ != "PERSON" and any(
        h.ent_type_ == "PERSON" for h in heads[1:]
    ):
        # "Sirius XM Vice President for news and talk Dave Gorab": the parser
        # joined the title to the name as a second subject.
        heads = heads[1:]
    elif subj.ent_type_ in ("GPE", "LOC") and len(heads) > 1 and not any(c.dep_ == "cc" for h in heads for c in h.children):
        # "in Salem, Oregon, Kate Brown went": a place and a person with no
        # "and" between them are not joint speakers.
        heads = [h for h in heads[1:] if h.ent_type_ not in ("GPE", "LOC")] or heads
    for n, head in enumerate(heads[:4]):
        res = index.resolve_token(head)
        if res is None:
            continue
        if pattern == "clause-subject" and res.how == "nominal" and not named_body(head):
            # "The promise to “take our country back”": a thing, not a source;
            # "a new House select committee … framing it as “…”" is one.
            continue
        out.append(candidate_for(res, res.span, cue, pattern, base - 0.02 * n))
    return out


def named_body(tok: Token) -> bool:
    """A person or organisation noun with a name in it ("a new House select
    committee"), as opposed to a bare "parties" or "the promise"."""
    return tok.lemma_.lower() in AGENT_NOUNS and any(t.pos_ == "PROPN" for t in tok.doc[tok.left_edge.i : tok.i])
