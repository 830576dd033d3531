"""Reading the dependency parse around a quote: who is the subject of a cue
verb, which verbs a quote hangs from, where a dateline or a parenthesis
misleads the parser.

These helpers answer questions about one parsed ``Doc`` and know nothing of
candidates or scores, so every rule in ``core.rules`` asks them the same way
and a misparse is handled once, here, for all rules.
"""

from __future__ import annotations

import bisect

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from .cues import DOCUMENT_NOUNS, PERSON_NOUNS, RELAY_VERBS, SPEECH_NOUNS, SPEECH_VERBS, STANCE_VERBS
from .nlp import doc_text, entity_at, tokens_where


#: Cue words read on each side of a quote, the nearest first. A news
#: sentence has at most four on a side (the 992 shared test articles); a
#: run-on line can have hundreds, each a candidate to resolve for every quote.
MAX_CUES_A_SIDE = 12


def cue_words(part: Span, inside: set[int], after: bool) -> list[Token]:
    """The tokens of ``part`` that the according-to and speech-nearby rules
    act on ("according", speech verbs), outside quotes, in text order: the ``MAX_CUES_A_SIDE`` nearest the
    quote, found in an index of the document's cue words rather than by
    reading every token of the window for every quote."""
    doc = part.doc
    cues = doc.user_data.get(_CUES)
    if cues is None:
        maybe = tokens_where(doc, LOWER, _MAYBE_CUE.__contains__) + tokens_where(doc, LEMMA, _lemma_of_speech)
        cues = doc.user_data[_CUES] = [i for i in sorted(set(maybe))
                                       if doc[i].lower_ == "according" or is_speech(doc[i])]
    a, b = bisect.bisect_left(cues, part.start), bisect.bisect_left(cues, part.end)
    picked = []
    for k in range(a, b) if after else range(b - 1, a - 1, -1):
        if cues[k] not in inside:
            picked.append(cues[k])
            if len(picked) == MAX_CUES_A_SIDE:
                break
    return [doc[i] for i in sorted(picked)]


_CUES = "quotedesk.cues"
#: What ``is_speech`` can hold for, by a token's lower-case form or lemma.
_MAYBE_CUE = SPEECH_VERBS | {"according"}


def _lemma_of_speech(lemma: str) -> bool:
    return lemma.lower() in SPEECH_VERBS


def governing_verbs(span: Span, inside: set[int]):
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
            if child.i not in inside and child.pos_ == "VERB" and is_speech(child) and child.i not in seen:
                seen.add(child.i)
                found.append((child, 0))
    found.sort(key=lambda t: (t[1], abs(t[0].i - span.start)))
    return found


def outer_reporter(verb: Token, inside: set[int]):
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
        if is_speech(head):
            subj = subject(head, inside)
            if subj is not None and subj.i != subject(verb, inside).i:
                return head, subj
            return None
        v = head
    return None


def speech_noun_author(span: Span, inside: set[int]):
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
            return author_of(head, tok, inside)
        if head.pos_ in ("VERB", "AUX"):
            if clause is not None:
                return None  # a second verb: the quote is that verb's, not the noun's
            clause = head
        tok = head
    return None


def author_of(noun: Token, content: Token, inside: set[int]):
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
    return is_speech(tok) or tok.lemma_.lower() in STANCE_VERBS


def is_speech(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS or tok.lower_ in SPEECH_VERBS:
        return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
    if lemma == "read" and tok.pos_ == "VERB":
        # "the statement read “…”", "“…” read one fan's sign": what is
        # written reads out its words; a person reading a report does not.
        return _written_reader(tok) is not None
    return False


def _written_reader(verb: Token) -> Token | None:
    """The written thing that "reads" words: the subject of "read", or, when
    the words come first ("“…” read the sign"), the object the parser made of
    it; never when a person is the one reading."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        return subj[0] if subj[0].lemma_.lower() in DOCUMENT_NOUNS else None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENT_NOUNS
                 and c.i > verb.i), None)


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


def _head_of_name(tok: Token) -> Token:
    """The last word of the name ``tok`` is in ("New" in "New York Times" is "Times")."""
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i and tok.head.pos_ == "PROPN":
        tok = tok.head
    return tok


def subject(verb, inside: set[int]) -> Token | None:
    """The subject of a verb, borrowed from the verb it is conjoined with or
    the noun a relative clause modifies when it has none of its own."""
    verb_tok = verb if isinstance(verb, Token) else verb.root
    if verb_tok.lemma_.lower() == "read" and verb_tok.pos_ == "VERB":
        reader = _written_reader(verb_tok)
        if reader is not None:
            return reader  # "the sign read": the sign, never a person reading
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
    # A sentence the parser gave no verb for its root: "The comedian, 47,
    # tweeted Monday that she …" read as a comedian who was tweeted. A verb
    # hanging from the root noun that says something (a clause or an
    # object) is the sentence's predicate, and the noun its subject.
    head = verb_tok.head
    if (verb_tok.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") and head.i < verb_tok.i
            and head.i not in inside and any(c.dep_ in ("ccomp", "dobj") for c in verb_tok.children)):
        return head
    # A misparse left the verb without a subject: take a name standing right
    # before it ("…, Xi Jinping called for").
    left = verb_tok.i - 1
    while left >= 0 and verb_tok.i - left <= 3 and left not in inside:
        t = verb_tok.doc[left]
        if t.pos_ == "PROPN":
            # Not the object of a preposition: "an interview with The New
            # York Times to accuse China" is not the Times accusing ("the
            # document published by Beijing urges" is Beijing's, though).
            head = _head_of_name(t)
            if head.dep_ == "pobj" and head.head.lower_ != "by":
                break
            return t
        if t.pos_ not in ("ADV", "AUX", "PART"):
            break
        left -= 1
    # Inverted cue with no parse of it: "Stated Roger Stone:", "said Sen. Cruz".
    before = doc_text(verb_tok.doc)[verb_tok.sent.start_char : verb_tok.idx]
    after_quote = verb_tok.i - 1 in inside or not before.strip(" ,”\"'’")
    if is_speech(verb_tok) and verb_tok.i + 1 < len(verb_tok.doc) and (after_quote or verb_tok.idx < verb_tok.sent.start_char + 2):
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
    if verb.i == 0 or doc[verb.i - 1].text not in (",", "”", '"', "''") or not is_speech(verb):
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


def gap(tok: Token, span: Span) -> int:
    if tok.idx >= span.end_char:
        return tok.idx - span.end_char
    return max(0, span.start_char - tok.idx - len(tok))


def mention_at(doc: Doc, pos: int) -> Span:
    """The name that starts at ``pos``: the tagged entity, else the proper-noun run."""
    tok = doc.char_span(pos, pos + 1, alignment_mode="expand")[0]
    ent = entity_at(doc, tok.i) if tok.idx == pos else None
    if ent is not None:
        return ent
    end = tok.i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
        end += 1
    return doc[tok.i : end]

