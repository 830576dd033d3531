"""Proposing a speaker for every quotation, with candidates and evidence.

Each rule reads the dependency parse around a quote and proposes candidates;
every candidate records the rule (``pattern``), the cue word and the sentence
it came from, so a reviewer can see *why* a name was proposed. Pronouns and
descriptions ("he", "the Belarusian leader") are resolved to a named entity of
the article by ``core.mentions``: a bare pronoun is never a final answer.

The rules are general news conventions (postposed and preposed cues,
"according to", colon and dash attributions, continued quotes), not patterns
fitted to particular articles.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .clauses import SentenceEnds, Windows, asks, clause_windows, mask_quotes, opens_paragraph
from .cues import (
    AGENT_NOUNS, PERSON_NOUNS, PRONOUNS_FEMALE, PRONOUNS_MALE, RELAY_VERBS, SPEECH_NOUNS, SPEECH_VERBS, STANCE_VERBS,
)
from .detect import Quote
from .layout import bounded, parse
from .nlp import doc_text, entity_at, ents_in, span_text
from .mentions import EntityIndex, Resolution
from .names import TITLES, fold
from .ranker import load_model
from .ranking import INHERITED as _INHERITED, build_options, featurize

# Prior scores per rule: they order a quote's candidates before the ranker
# (core/ranking.py) weighs them; the confidence shown to reviewers is the
# ranker's probability, not these numbers.
BASE = {
    "speech-verb": 0.93,
    "speech-noun": 0.9,
    "according-to": 0.92,
    "colon": 0.88,
    "dash": 0.8,
    "speech-nearby": 0.78,
    "stance-verb": 0.72,
    "clause-subject": 0.55,
    "continuation": 0.8,
    "split-quote": 0.9,
    "transcript": 0.9,
    "previous-speaker": 0.55,
}
RESOLUTION_FACTOR = {"name": 1.0, "alias": 0.99, "pronoun": 0.86, "description": 0.8, "nominal": 0.85}


@dataclass
class Candidate:
    name: str | None
    mention: str
    mention_start: int
    mention_end: int
    score: float
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    pattern: str
    evidence: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    origin: str = "article"


@dataclass
class Attribution:
    quote: Quote
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def chosen(self) -> Candidate | None:
        return self.candidates[0] if self.candidates and self.candidates[0].name else None

    @property
    def confidence(self) -> float:
        """The chosen candidate's score: the ranker's probability for it, so the
        queue's figure is the first candidate's (issue 16). Without the ranker
        (training it, or a transcript label) it is the rule's prior, an
        ordering rather than a measured rate."""
        best = self.chosen
        return 0.0 if best is None else round(min(0.99, best.score), 3)


class Attributor:
    """Attribution over one spaCy pipeline; reuse it across articles."""

    def __init__(self, nlp):
        self.nlp = nlp

    def attribute(self, text: str, quotes: list[Quote]) -> list[Attribution]:
        doc = parse(self.nlp, bounded(text, quotes))
        return attribute_doc(doc, quotes)


def _quote_spans(doc: Doc, quotes: list[Quote]) -> list[Span]:
    spans = []
    for q in quotes:
        # Include the marks themselves, so the parse's punct tokens count as inside.
        s = doc.char_span(max(0, q.start - 1), min(len(doc_text(doc)), q.end + 1), alignment_mode="expand")
        if s is None:
            s = doc.char_span(q.start, q.end, alignment_mode="expand")
        spans.append(s)
    return spans


_DEFAULT = object()


def attribute_doc(doc: Doc, quotes: list[Quote], model=_DEFAULT, trace: list | None = None) -> list[Attribution]:
    """Attribute every quote of one parsed article.

    ``model`` is the learned ranker (``core.ranking``); ``None`` keeps the
    rules' own order, which is what the ranker is trained from. ``trace``
    collects each quote's options and features for training.
    """
    if model is _DEFAULT:
        model = load_model()
    spans = _quote_spans(doc, quotes)
    inside = set()
    for s in spans:
        if s is not None:
            inside.update(range(s.start, s.end))
    index = EntityIndex(doc, inside)
    text = doc_text(doc)
    masked = mask_quotes(text, quotes)
    ends = SentenceEnds(masked)
    results: list[Attribution] = []
    for qi, (q, span) in enumerate(zip(quotes, spans)):
        att = Attribution(q)
        label = _transcript_label(q)
        if label is not None:
            att.candidates = [label]
        elif span is not None:
            win = clause_windows(text, masked, q, ends)
            att.candidates = _candidates(doc, q, span, inside, index, win)
            if not _has_strong(att):
                att.candidates.extend(_inherited(results, q, text, masked, win))
        raw = att.candidates
        att.candidates = _rank(raw)
        if label is None and span is not None and (model is not None or trace is not None):
            options = build_options(doc, q, raw, index)
            rows = featurize(doc, q, options, index, results) if options else []
            if trace is not None:
                trace.append((att, options, rows))
            if model is not None and options:
                _apply(doc, att, options, *model.rank(options, rows), model)
        results.append(att)
        if att.chosen:
            index.note_speaker(att.chosen.name, q.start)
    return results


_LABEL = re.compile(r"^([A-Z][A-Z.\-’']+(?: [A-Z][A-Z.\-’']+){0,3}):\s")


def _transcript_label(q: Quote) -> Candidate | None:
    """Transcripts open each turn with the speaker: “PENCE: Well, look…”."""
    m = _LABEL.match(q.text)
    if not m:
        return None
    name = m.group(1).title()
    return Candidate(name, m.group(1), q.start, q.start + len(m.group(1)), BASE["transcript"], None, None, None,
                     "transcript", q.text[:120], "person", (name, m.group(1)))


def _inherited(results: list[Attribution], q: Quote, text: str, masked: str, win: Windows) -> list[Candidate]:
    """A quote with no cue of its own continues the speaker before it: the
    second half of a split quote, a quote running over paragraphs, or several
    quotes in a row with the cue on the first."""
    if not results:
        return []
    prev = results[-1]
    best = prev.chosen
    if best is None:
        return []
    if q.continues:
        return [_carry(best, "continuation", BASE["continuation"] + 0.08)]
    if prev.quote.paragraph == q.paragraph:
        between = masked[prev.quote.end + 1 : q.start - 1]
        if len(between.split()) <= 12:
            return [_carry(best, "split-quote", BASE["split-quote"])]
        return [_carry(best, "same-paragraph", BASE["previous-speaker"])]
    if opens_paragraph(text, q) and q.paragraph - prev.quote.paragraph == 1:
        # The previous paragraph ended in a quote and this one opens with one.
        prev_line_end = text.find("\n", prev.quote.end)
        rest = masked[prev.quote.end + 1 : prev_line_end if prev_line_end >= 0 else len(text)]
        score = BASE["continuation"] if len(rest.split()) <= 8 else BASE["previous-speaker"]
        if asks(prev.quote):
            score = BASE["previous-speaker"] - 0.1
        return [_carry(best, "continuation", score)]
    if q.paragraph - prev.quote.paragraph <= 2:
        return [_carry(best, "previous-speaker", BASE["previous-speaker"] - 0.1)]
    return []


def _apply(doc: Doc, att: Attribution, options: list, order: list[int], probs: list[float], model) -> None:
    """Reorder the candidates by the ranker; each option is shown with the
    evidence the rules found for it, or, for an entity the rules passed
    over, where the article last named it."""
    top_rule = att.candidates[0] if att.candidates else None
    pronoun = top_rule.mention.lower() if top_rule is not None else ""
    if pronoun in PRONOUNS_MALE | PRONOUNS_FEMALE:
        # "he said", "she told reporters": whoever the ranker prefers, the
        # speaker is a person that pronoun can mean, never "Qualcomm".
        gender = "m" if pronoun in PRONOUNS_MALE else "f"
        # The probabilities become the ranker's given that constraint, so the
        # proposal is still the most probable candidate listed.
        people = [i for i in order if _may_be(options[i], gender)]
        if people and len(people) < len(order):
            total, kept = sum(probs), sum(probs[i] for i in people)
            probs = [p * total / kept if i in people else 0.0 for i, p in enumerate(probs)] if kept else probs
        order = people + [i for i in order if i not in people]
    ranked = []
    for opt, p in ((options[i], probs[i]) for i in order):
        if opt.candidates:
            c = opt.candidates[0]
            c = Candidate(**{**c.__dict__})
        elif opt.alternate is not None and top_rule is not None:
            # "he said": the ranker took another antecedent for the pronoun.
            e = opt.entity
            c = Candidate(**{**top_rule.__dict__})
            c.name, c.kind, c.aliases = e.name, e.kind, tuple(sorted(e.aliases))
        else:
            e = opt.entity
            q = att.quote
            k = bisect.bisect_left(e.positions, q.start)  # positions are sorted
            after = bisect.bisect_left(e.positions, q.end)
            pos = e.positions[k - 1] if k else e.positions[after] if after < len(e.positions) else e.positions[0]
            span = _mention_at(doc, pos)
            c = Candidate(e.name, span.text, span.start_char, span.end_char, 0.0, None, None, None,
                          "salience", span_text(span.sent).strip(), e.kind, tuple(sorted(e.aliases)))
        c.score = round(p, 4)
        ranked.append(c)
    # Entities no rule proposed and the ranker all but ruled out would only
    # crowd the reviewer's list (and the speakers table).
    ranked = [c for n, c in enumerate(ranked) if n == 0 or c.pattern != "salience" or c.score >= 0.05]
    # Candidates the ranker was not given (a channel such as "according to
    # a readout" beside a clause subject) stay listed for the reviewer, last.
    shown = {fold(c.name) for c in ranked}
    for c in att.candidates:
        if c.name and fold(c.name) not in shown:
            shown.add(fold(c.name))
            ranked.append(Candidate(**{**c.__dict__, "score": 0.0}))
    att.candidates = ranked


def _may_be(opt, gender: str) -> bool:
    if opt.entity is not None:
        return opt.entity.can_be(gender)
    return bool(opt.candidates) and opt.candidates[0].kind == "person"


def _mention_at(doc: Doc, pos: int) -> Span:
    """The name that starts at ``pos``: the tagged entity, else the proper-noun run."""
    tok = doc.char_span(pos, pos + 1, alignment_mode="expand")[0]
    ent = entity_at(doc, tok.i) if tok.idx == pos else None
    if ent is not None:
        return ent
    end = tok.i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
        end += 1
    return doc[tok.i : end]


def _has_strong(att: Attribution) -> bool:
    return any(c.name and c.pattern in ("speech-verb", "according-to", "colon", "dash") for c in att.candidates)


def _carry(prev: Candidate, pattern: str, score: float) -> Candidate:
    return Candidate(
        prev.name, prev.mention, prev.mention_start, prev.mention_end, score,
        prev.cue, prev.cue_start, prev.cue_end, pattern, prev.evidence, prev.kind, prev.aliases,
    )


def _rank(cands: list[Candidate]) -> list[Candidate]:
    merged: dict[str | None, Candidate] = {}
    for c in sorted(cands, key=lambda c: -c.score):
        key = c.name.lower() if c.name else None
        if key in merged:
            # Agreeing rules raise the best candidate's score a little; the
            # evidence shown is the quote's own cue rather than an inherited one.
            best = merged[key]
            score = min(0.99, best.score + 0.03)
            if best.pattern in _INHERITED and c.pattern not in _INHERITED:
                merged[key] = best = c
            best.score = score
            continue
        merged[key] = c
    named = [c for c in merged.values() if c.name]
    return sorted(named, key=lambda c: -c.score)


# --- candidate rules ---------------------------------------------------------


def _candidates(doc: Doc, q: Quote, span: Span, inside: set[int], index: EntityIndex, win: Windows) -> list[Candidate]:
    out: list[Candidate] = []
    seen_verbs: set[int] = set()

    def after_closed(tok: Token) -> bool:
        return win.closed and tok.idx >= q.end

    # 0. A noun of saying whose content holds the quote: "the claims made by
    # X that Y is “considering” …" are X's words.
    claim = _speech_noun_author(span, inside)
    if claim is not None and win.holds(claim[0].idx):
        noun, author = claim
        out.extend(_from_subject(author, noun, "speech-noun", BASE["speech-noun"], index, q))
    # 1. The verb the quote hangs from (or that hangs from the quote).
    for rank, (verb, dist) in enumerate(_governing_verbs(span, inside)):
        if not win.holds(verb.idx):
            continue
        seen_verbs.add(verb.i)
        subj = _subject(verb, inside)
        if subj is None:
            continue
        penalty = 0.02 * dist + 0.04 * rank + (0.12 if after_closed(verb) else 0.0)
        if _is_speech(verb):
            pattern, base = "speech-verb", BASE["speech-verb"] - penalty
        elif verb.lemma_.lower() in STANCE_VERBS:
            pattern, base = "stance-verb", BASE["stance-verb"] - penalty
        elif q.kind == "partial":
            pattern, base = "clause-subject", BASE["clause-subject"] - penalty
        else:
            continue
        inner = _from_subject(subj, verb, pattern, base, index, q)
        out.extend(inner)
        outer = _outer_reporter(verb, inside)
        if outer is not None and win.holds(outer[0].idx):
            # "Graham said that Carson is a “good, decent man”": the quoted
            # words are the reporter's, not those of the person reported on.
            said, who = outer
            reporter = [c for c in _from_subject(who, said, "speech-verb", base + 0.02, index, q) if c.kind == "person"]
            if reporter and not any(c.name == r.name for c in inner for r in reporter):
                out.extend(reporter)
    for start, end in (win.left, win.right):
        part = doc.char_span(start, end, alignment_mode="contract") if end > start else None
        if part is None:
            continue
        for tok in _cue_words(part, inside, after=start >= q.end):
            if tok.i in inside:
                continue
            # 2. "according to X".
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ == "NOUN":
                    # "according to official information released by China",
                    # "according to remarks by Lukashenko": the author is the source.
                    authored = _author_of(obj, obj, inside)
                    if authored is not None and authored[1].pos_ == "PROPN":
                        obj = authored[1]
                if obj is not None and obj.i not in inside:
                    cue = doc[tok.i : tok.i + 2]
                    out.extend(_from_subject(obj, cue, "according-to", BASE["according-to"], index, q))
            # 3. Other speech verbs in the quote's sentence.
            elif tok.i not in seen_verbs and _is_speech(tok):
                subj = _subject(tok, inside)
                if subj is None:
                    continue
                gap = _gap(tok, span)
                base = BASE["speech-nearby"] - min(0.3, gap / 400) - (0.1 if after_closed(tok) else 0.0)
                out.extend(_from_subject(subj, tok, "speech-nearby", base, index, q))
    # "X endorsed “…”, according to a readout": the clause's own subject
    # is the source; "according to" only names where it was reported.
    if any(c.pattern.startswith(("speech-verb", "speech-noun", "stance-verb", "clause-subject")) for c in out):
        for c in out:
            if c.pattern.startswith("according-to"):
                c.score = round(c.score * 0.75, 4)
    # 4. A colon introduces the quote: "Philip Bump: “…”", or a colon ending
    # the previous paragraph.
    if not out:
        before = doc_text(doc)[win.left[0] : win.left[1]].rstrip()
        if before.endswith(":"):
            label = doc.char_span(win.left[0], win.left[0] + len(before), alignment_mode="expand")
            names = [e for e in ents_in(label) if e.label_ in ("PERSON", "ORG")] if label is not None else []
            if names:
                out.append(_candidate_for(index.resolve_span(names[-1]), names[-1], None, "colon", BASE["colon"] - 0.05, q))
    if not out and opens_paragraph(doc_text(doc), q):
        out.extend(_colon_attribution(doc, q, inside, index))
    # 5. A dash after the quote, on its line or opening the next one:
    # “…” – Name, or a pull quote with "- Sanders." below it.
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
    if dash_at is not None:
        end = text.find("\n", dash_at + 1)
        span_ = doc.char_span(dash_at, len(text) if end < 0 else end, alignment_mode="expand")
        if span_ is not None:
            for ent in ents_in(span_):
                if ent.label_ in ("PERSON", "ORG"):
                    # "“…” ― Maren Oduya": the name follows the dash; in "“con
                    # artist” ― just as he did with Romney" the dash goes on with prose.
                    between = re.findall(r"\w+", text[dash_at + 1 : ent.start_char])
                    if all(w.lower() in TITLES for w in between):  # "– Sen. Lopez" still counts
                        out.append(_candidate_for(index.resolve_span(ent), ent, None, "dash", BASE["dash"], q))
                    break
    return out


#: Dashes that introduce an attribution, the horizontal bar ("― Name") included.
_DASHES = "–—-―"


#: Cue words read on each side of a quote, the nearest first. A news
#: sentence has at most four on a side (the 992 shared test articles); a
#: run-on line can have hundreds, each a candidate to resolve for every quote.
MAX_CUES_A_SIDE = 12


def _cue_words(part: Span, inside: set[int], after: bool) -> list[Token]:
    """The tokens of ``part`` that rules 2 and 3 act on ("according", speech
    verbs), outside quotes, in text order: the ``MAX_CUES_A_SIDE`` nearest the
    quote, found in an index of the document's cue words rather than by
    reading every token of the window for every quote."""
    doc = part.doc
    cues = doc.user_data.get(_CUES)
    if cues is None:
        cues = doc.user_data[_CUES] = [t.i for t in doc if t.lower_ == "according" or _is_speech(t)]
    a, b = bisect.bisect_left(cues, part.start), bisect.bisect_left(cues, part.end)
    picked = []
    for k in range(a, b) if after else range(b - 1, a - 1, -1):
        if cues[k] not in inside:
            picked.append(cues[k])
            if len(picked) == MAX_CUES_A_SIDE:
                break
    return [doc[i] for i in sorted(picked)]


_CUES = "quotedesk.cues"


def _governing_verbs(span: Span, inside: set[int]):
    """Verbs outside the quote that the quote is attached to, nearest first."""
    found = []
    seen = set()
    for tok in sorted(span, key=lambda t: t.is_punct):
        if tok.i not in inside:
            continue
        head, dist = tok.head, 0
        while head.i in inside and head.head.i != head.i and dist < 6:
            head = head.head
        # A closing mark or comma hangs from whatever verb follows ("…,” Y
        # reported): weaker evidence than the words' own head.
        dist = 1 if tok.is_punct else 0
        while head.i not in inside and dist < 4:
            if head.pos_ in ("VERB", "AUX") and head.i not in seen:
                seen.add(head.i)
                found.append((head, dist))
                break
            if head.pos_ in ("VERB", "AUX") and _is_cue(head):
                break  # "X expressed “deep concern”, Y reported": the nearer cue governs
            if head.head.i == head.i:
                break
            head, dist = head.head, dist + 1
        # Speech verbs that the parser hung *under* the quote (parataxis).
        for child in tok.children:
            if child.i not in inside and child.pos_ == "VERB" and _is_speech(child) and child.i not in seen:
                seen.add(child.i)
                found.append((child, 0))
    found.sort(key=lambda t: (t[1], abs(t[0].i - span.start)))
    return found


def _outer_reporter(verb: Token, inside: set[int]):
    """The speech verb and subject of a reported clause's reporter: for a
    verb in "X said (that) Y <verb> …", X's "said" and X: the quoted words
    are X's description of Y. But in "Y expressed “…”, the agency reported"
    Y's own stance verb holds the words and the agency only relays them."""
    v = verb
    for _ in range(2):
        if v.dep_ != "ccomp" or v.head.i == v.i or v.head.i in inside:
            return None
        head = v.head
        if head.lemma_.lower() in RELAY_VERBS and _is_cue(verb):
            return None
        if _is_speech(head):
            subj = _subject(head, inside)
            if subj is not None and subj.i != _subject(verb, inside).i:
                return head, subj
            return None
        v = head
    return None


def _speech_noun_author(span: Span, inside: set[int]):
    """The noun of saying whose content clause holds the quote, and its
    author: "claims" and X in "the claims made by X that Y is “…”", "warning"
    and X in "X's warning that …"."""
    tok = next((t for t in span if t.i in inside and not t.is_punct and t.head.i not in inside), None)
    if tok is None:
        return None
    clause = tok if tok.pos_ in ("VERB", "AUX") else None
    for _ in range(4):
        head = tok.head
        if head.i == tok.i or head.i in inside:
            return None
        if head.pos_ == "NOUN" and head.lemma_.lower() in SPEECH_NOUNS and tok.dep_ in ("acl", "ccomp", "relcl"):
            return _author_of(head, tok, inside)
        if head.pos_ in ("VERB", "AUX"):
            if clause is not None:
                return None  # a second verb: the quote is that verb's, not the noun's
            clause = head
        tok = head
    return None


def _author_of(noun: Token, content: Token, inside: set[int]):
    """Who made the claim: a possessor, a "by"/"from" phrase, or the agent
    of a participle ("made by"). A claim with no author named says nothing
    about the speaker, so the quote falls to the other rules."""
    for child in noun.children:
        if child.i in inside or child.i == content.i:
            continue
        if child.dep_ == "poss":
            return noun, child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return noun, pobj
        if child.dep_ == "acl":
            # "the claims made by the United States"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                return noun, pobj
    return None


def _is_cue(tok: Token) -> bool:
    """A verb that can own quoted words itself, so a quote under it is not
    passed up to a verb further out."""
    return _is_speech(tok) or tok.lemma_.lower() in STANCE_VERBS


def _is_speech(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS or tok.lower_ in SPEECH_VERBS:
        return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
    return False


def _outside_parentheses(tok: Token) -> Token:
    """"Gov. John Kasich (R-OH) said": the parser may take "OH" for the
    subject; the name is the one before the parenthesis."""
    doc = tok.doc
    left = tok.i - 1
    while left >= 0 and tok.i - left <= 4 and doc[left].text != "(":
        if doc[left].text == ")":
            return tok
        left -= 1
    if left >= 1 and doc[left].text == "(" and doc[left - 1].pos_ == "PROPN":
        return doc[left - 1]
    return tok


def _nearest_subject_before(verb: Token, inside: set[int]) -> Token | None:
    sent_start = verb.sent.start
    for i in range(verb.i - 1, max(sent_start, verb.i - 25) - 1, -1):
        t = verb.doc[i]
        if i in inside:
            continue
        if t.dep_ == "nsubj" and t.head.pos_ in ("VERB", "AUX") and t.head.i < verb.i:
            if t.head.dep_ == "ccomp":
                continue  # "He said that Clinton is …, and said": not the reported clause's subject
            return _outside_parentheses(t)
    return None


def _subject(verb, inside: set[int]) -> Token | None:
    """The subject of a verb, borrowed from the verb it is conjoined with or
    the noun a relative clause modifies when it has none of its own."""
    verb_tok = verb if isinstance(verb, Token) else verb.root
    tok = verb_tok
    for _ in range(3):
        # Two subjects on one verb are a misparse ("in Salem, New Hampshire,
        # Trump went"; "co-host Mika Brzezinski asked"): the nearer one is the subject.
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inside]
        if len(subjects) > 1:
            # "Royce called for Mr. Trump to “use …”": a subject brought in by
            # "for … to" belongs to the infinitive, not to whoever called for it.
            subjects = [c for c in subjects if not _for_to_subject(c)] or subjects
        if not subjects:
            # "“… members of our team - Drs. Mitchell Weiss,” Kris Hoce, president
            # of …, said": the parser took a name inside the quote for the
            # subject and the real one, after the closing mark, for its apposition.
            subjects = [a for c in tok.children if c.dep_ == "nsubj" and c.i in inside
                        for a in c.children if a.dep_ == "appos" and a.i not in inside and a.pos_ == "PROPN"]
        subj = min(subjects, key=lambda c: abs(c.i - tok.i), default=None)
        if subj is not None and _dateline(subj):
            break
        if subj is not None and subj.pos_ == "NOUN" and tok is verb_tok:
            inverted = _inverted_speaker(tok)
            if inverted is not None:
                return inverted
        if subj is not None:
            subj = _outside_parentheses(subj)
            if subj.dep_ == "nsubjpass":
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    return pobj
            if subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                return tok.head
            return subj
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            # "Russia acknowledged the proposal but said …": the parser may
            # hang "said" on the wrong verb; the nearest subject before it
            # in the sentence is the better guess.
            near = _nearest_subject_before(tok, inside)
            if near is not None:
                return near
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    # A misparse left the verb without a subject: take a name standing right
    # before it ("…, Xi Jinping called for").
    left = verb_tok.i - 1
    while left >= 0 and verb_tok.i - left <= 3 and left not in inside:
        t = verb_tok.doc[left]
        if t.pos_ == "PROPN":
            return t
        if t.pos_ not in ("ADV", "AUX", "PART"):
            break
        left -= 1
    # Inverted cue with no parse of it: "Stated Roger Stone:", "said Sen. Cruz".
    before = doc_text(verb_tok.doc)[verb_tok.sent.start_char : verb_tok.idx]
    after_quote = verb_tok.i - 1 in inside or not before.strip(" ,”\"'’")
    if _is_speech(verb_tok) and verb_tok.i + 1 < len(verb_tok.doc) and (after_quote or verb_tok.idx < verb_tok.sent.start_char + 2):
        for t in verb_tok.doc[verb_tok.i + 1 : verb_tok.i + 7]:
            if t.i in inside or t.is_punct:
                break
            if t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "DATE", "NORP") and (
                t.i + 1 >= len(t.doc) or t.doc[t.i + 1].pos_ != "PROPN"
            ):
                if _names_a_principal(t):
                    continue  # "tweeted Rubio spokesman Alex Conant": the name after the role
                return t
    return None


def _for_to_subject(tok: Token) -> bool:
    """The subject of an infinitive clause opened by "for": "for Mr. Trump to use"."""
    doc = tok.doc
    before = tok.left_edge.i - 1
    return before >= 0 and doc[before].lower_ == "for" and doc[before].dep_ in ("mark", "prep") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.head.children)


def _inverted_speaker(verb: Token) -> Token | None:
    """The person in a mid-sentence inverted cue: "The rejection of the
    treaty signals “…”, said Geert Wilders, founder of …". The parser takes
    the noun before the comma for the subject; the name after the verb,
    closed off by punctuation, is the speaker."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text not in (",", "”", '"', "''") or not _is_speech(verb):
        return None
    k = verb.i + 1
    while k < len(doc) and k - verb.i <= 3 and doc[k].ent_type_ != "PERSON":
        if not (doc[k].pos_ == "PROPN" or doc[k].lower_.strip(".") in PERSON_NOUNS):
            return None
        k += 1
    if k >= len(doc) or doc[k].ent_type_ != "PERSON":
        return None
    while k + 1 < len(doc) and doc[k + 1].ent_type_ == "PERSON" and doc[k + 1].ent_iob_ == "I":
        k += 1
    after = doc[k + 1] if k + 1 < len(doc) else None
    return doc[k] if after is None or after.text in (",", ".", ";", "—", "–", "-", "(") else None


def _names_a_principal(tok: Token) -> bool:
    """"Romney (campaign) spokesman Kevin Madden": a name before a role noun
    and another name is whom the speaker works for."""
    doc = tok.doc
    k = tok.i + 1
    while k < len(doc) and k - tok.i <= 3 and doc[k].pos_ == "NOUN" and doc[k].lower_ not in PERSON_NOUNS:
        k += 1
    if k + 1 < len(doc) and doc[k].lower_ in PERSON_NOUNS and doc[k + 1].pos_ == "PROPN":
        return True
    # "said Cubs fan Rodrigo Gonzales": any role noun, then a person's name.
    return tok.i + 1 < k < len(doc) and doc[k].ent_type_ == "PERSON" and tok.ent_type_ != "PERSON"


def _dateline(tok: Token) -> bool:
    """"LONDON (Reuters) - Donald Trump said", "SAN FRANCISCO, March 3 —":
    the parser may take the dateline's city for the subject (and the tagger
    often calls it an organisation). A dateline opens a paragraph with words
    in capitals and then a dash, an agency in brackets and a dash, or a comma
    and a date; "NATO, which meets …, said" is no dateline."""
    doc = tok.doc
    start = tok.sent.start
    if start > 0 and "\n" not in doc[start - 1].text + doc[start - 1].whitespace_:
        return False
    end = start
    while end < len(doc) and end - start < 4 and doc[end].is_upper and doc[end].is_alpha:
        end += 1
    if not start <= tok.i < end or end >= len(doc):
        return False
    dashes = ("-", "–", "—", "--")
    nxt = doc[end]
    if nxt.text in dashes:
        return True
    if nxt.text == "(":
        # "LONDON (Reuters) -": the agency in brackets, then a dash.
        close = next((k for k in range(end + 1, min(end + 6, len(doc))) if doc[k].text == ")"), None)
        return close is not None and close + 1 < len(doc) and doc[close + 1].text in dashes
    # "OSLO, March 3 (UPI) —"
    return nxt.text == "," and end + 1 < len(doc) and doc[end + 1].ent_type_ == "DATE"


def _gap(tok: Token, span: Span) -> int:
    if tok.idx >= span.end_char:
        return tok.idx - span.end_char
    return max(0, span.start_char - tok.idx - len(tok))


def _from_subject(subj: Token, cue, pattern: str, base: float, index: EntityIndex, q: Quote) -> list[Candidate]:
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
        if pattern == "clause-subject" and res.how == "nominal" and not _named_body(head):
            # "The promise to “take our country back”": a thing, not a source;
            # "a new House select committee … framing it as “…”" is one.
            continue
        out.append(_candidate_for(res, res.span, cue, pattern, base - 0.02 * n, q))
    return out


def _named_body(tok: Token) -> bool:
    """A person or organisation noun with a name in it ("a new House select
    committee"), as opposed to a bare "parties" or "the promise"."""
    return tok.lemma_.lower() in AGENT_NOUNS and any(t.pos_ == "PROPN" for t in tok.doc[tok.left_edge.i : tok.i])


def _candidate_for(res: Resolution, mention, cue, pattern: str, base: float, q: Quote) -> Candidate:
    if isinstance(cue, Token):
        cue_text, cue_start, cue_end = cue.text, cue.idx, cue.idx + len(cue)
        sent = cue.sent
    elif cue is not None:
        cue_text, cue_start, cue_end = cue.text, cue.start_char, cue.end_char
        sent = cue.sent
    else:
        cue_text = cue_start = cue_end = None
        sent = mention.sent if hasattr(mention, "sent") else None
    factor = RESOLUTION_FACTOR.get(res.how, 0.8)
    return Candidate(
        name=res.name,
        mention=res.mention_text,
        mention_start=res.start,
        mention_end=res.end,
        score=round(max(0.05, base * factor), 4),
        cue=cue_text,
        cue_start=cue_start,
        cue_end=cue_end,
        pattern=pattern if res.how in ("name", "alias") else f"{pattern}+{res.how}",
        evidence=span_text(sent).strip() if sent is not None else "",
        kind=res.kind,
        aliases=res.aliases,
    )


def _colon_attribution(doc: Doc, q: Quote, inside: set[int], index: EntityIndex) -> list[Candidate]:
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
        if tok.i in inside or not (_is_speech(tok) or tok.lemma_ in STANCE_VERBS):
            continue
        subj = _subject(tok, inside)
        if subj is not None:
            out.extend(_from_subject(subj, tok, "colon", BASE["colon"], index, q))
    if not out:
        # "Stated Roger Stone:" — the tagger may miss the verb; the one name
        # introducing the quote is still the best guess.
        names = [e for e in ents_in(sent) if e.label_ in ("PERSON", "ORG") and e.start not in inside]
        if len(names) == 1:
            out.append(_candidate_for(index.resolve_span(names[0]), names[0], None, "colon", BASE["colon"] - 0.15, q))
    return out


__all__ = ["Attribution", "Attributor", "Candidate", "attribute_doc"]
