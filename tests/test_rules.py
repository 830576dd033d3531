"""Each attribution rule on its own, on a parse built by hand (no model).

The rules are the registry ``core.rules.RULES``; these tests call one rule
at a time on the context it reads, so a rule is specified apart from the
others and from the ranker that weighs them.
"""

import pytest

from quotedesk.core import rules
from quotedesk.core.attribute import index_entities, set_quotes
from quotedesk.core.clauses import SentenceEnds, clause_windows, mask_quotes
from quotedesk.core.detect import find_quotes
from quotedesk.core.extensions import QUOTES
from quotedesk.core.rules import RULES, RuleContext, candidates, rule
from parses import parsed

COLON = ("Philip Bump: “The numbers do not add up.”",
         "Philip/PROPN/compound/1/B-ORG Bump/PROPN/ROOT/1/I-ORG :/PUNCT/punct/1 “/PUNCT/punct/1 The/DET/det/5 "
         "numbers/NOUN/nsubj/8/=number/:NNS do/AUX/aux/8 not/PART/neg/8 add/VERB/acl/1 up/ADP/prt/8 "
         "./PUNCT/punct/1 ”/PUNCT/punct/1")
SAID = ("“We will win,” Ann Lee said. “It is close.”",
        "“/PUNCT/punct/8 We/PRON/nsubj/3 will/AUX/aux/3 win/VERB/ccomp/8 ,/PUNCT/punct/8 ”/PUNCT/punct/8 "
        "Ann/PROPN/compound/7/B-PERSON Lee/PROPN/nsubj/8/I-PERSON said/VERB/ROOT/8/=say ./PUNCT/punct/8 "
        "“/PUNCT/punct/12 It/PRON/nsubj/12 is/AUX/ROOT/12/=be close/ADJ/acomp/12 ./PUNCT/punct/12 ”/PUNCT/punct/12")
ACCORDING = ("Officials were optimistic. “The bridge opens in May,” according to the mayor, Tom Reyes.",
             "Officials/NOUN/nsubj/1/=official/:NNS were/AUX/ROOT/1/=be optimistic/ADJ/acomp/1 ./PUNCT/punct/1 "
             "“/PUNCT/punct/7 The/DET/det/6 bridge/NOUN/nsubj/7 opens/VERB/ROOT/7/=open in/ADP/prep/7 "
             "May/PROPN/pobj/8/B-DATE ,/PUNCT/punct/7 ”/PUNCT/punct/7 according/VERB/prep/7/=accord "
             "to/ADP/prep/12 the/DET/det/15 mayor/NOUN/pobj/13 ,/PUNCT/punct/15 Tom/PROPN/compound/18/B-PERSON "
             "Reyes/PROPN/appos/15/I-PERSON ./PUNCT/punct/7")


def context(text: str, tokens: str, which: int = 0) -> RuleContext:
    """What the rules read about quote ``which``, as attribution builds it."""
    doc = parsed(text, tokens)
    quotes = find_quotes(text)
    set_quotes(doc, quotes)
    index = index_entities(doc)._.entities
    masked = mask_quotes(text, quotes)
    win = clause_windows(text, masked, quotes[which], SentenceEnds(masked))
    return RuleContext(doc, quotes[which], doc.spans[QUOTES][which], index.inside, index, win)


def test_a_name_and_a_colon_introducing_the_quote_name_its_speaker():
    (cand,) = RULES["colon-label"](context(*COLON))
    assert (cand.name, cand.pattern) == ("Philip Bump", "colon")


def test_the_colon_rules_are_silent_once_another_rule_named_a_speaker():
    ctx = context(*COLON)
    ctx.found.extend(RULES["colon-label"](context(*COLON)))
    assert RULES["colon-label"](ctx) == []
    assert RULES["colon-paragraph"](ctx) == []


def test_a_speech_verb_the_quote_hangs_from_names_its_subject_with_the_cue_as_evidence():
    (cand,) = RULES["governing-verb"](context(*SAID))
    assert (cand.name, cand.cue, cand.pattern) == ("Ann Lee", "said", "speech-verb")
    assert cand.evidence == "“We will win,” Ann Lee said."


def test_a_speech_verb_before_the_quote_is_weaker_evidence_than_the_one_it_hangs_from():
    (own,) = candidates(context(*SAID))
    (nearby,) = candidates(context(*SAID, which=1))
    assert (nearby.name, nearby.pattern) == ("Ann Lee", "speech-nearby")
    assert nearby.score < own.score


AIRLINE = ("Harbour Air was sued last year. The airline claimed it does “not tolerate bias,” but Fair Skies did cite three cases.",

        'Harbour/PROPN/compound/1/B-ORG Air/PROPN/nsubjpass/3/I-ORG was/AUX/auxpass/3/=be sued/VERB/ROOT/3/=sue '
        'last/ADJ/amod/5/B-DATE year/NOUN/npadvmod/3/I-DATE ./PUNCT/punct/3 The/DET/det/8 airline/NOUN/nsubj/9 '
        'claimed/VERB/ROOT/9/=claim it/PRON/nsubj/15 does/AUX/aux/15/=do “/PUNCT/punct/15 not/PART/neg/14 '
        'tolerate/ADJ/amod/15 bias/NOUN/dobj/9 ,/PUNCT/punct/9 ”/PUNCT/punct/9 but/CCONJ/cc/9 Fair/PROPN/compound/20/B-ORG '
        'Skies/PROPN/nsubj/22/I-ORG did/AUX/aux/22/=do cite/VERB/conj/9 three/NUM/nummod/24/B-CARDINAL '
        'cases/NOUN/dobj/22/=case/:NNS ./PUNCT/punct/22')


def test_a_speech_verb_beside_the_quote_weighs_less_once_the_one_it_hangs_from_named_someone():
    # "The airline claimed it does “not tolerate …”, but the NAACP did cite …"
    (alone,) = [c for c in RULES["speech-nearby"](context(*AIRLINE)) if c.cue == "cite"]
    ctx = context(*AIRLINE)
    ctx.found.extend(RULES["governing-verb"](ctx))
    (own,) = ctx.found
    (beside,) = RULES["speech-nearby"](ctx)
    assert (own.cue, beside.cue) == ("claimed", "cite")
    assert beside.score < alone.score and beside.score < own.score


def test_according_to_names_the_source_but_weighs_less_beside_a_clause_subject():
    (alone,) = RULES["according-to"](context(*ACCORDING))
    assert alone.name == "Tom Reyes" and alone.pattern.startswith("according-to")
    ctx = context(*ACCORDING)
    ctx.found.extend(RULES["governing-verb"](context(*SAID)))  # a speech-verb candidate found before
    (beside,) = RULES["according-to"](ctx)
    assert beside.score == round(alone.score * 0.75, 4)


def test_a_new_rule_runs_after_the_others_and_sees_what_they_found(monkeypatch):
    monkeypatch.setattr(rules, "RULES", dict(RULES))
    seen = []

    @rule("probe")
    def probe(ctx):
        seen.extend(c.name for c in ctx.found)
        return []

    assert list(rules.RULES)[-1] == "probe"
    candidates(context(*SAID))
    assert seen == ["Ann Lee"]
    assert "probe" not in RULES


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_rule_returns_candidates_that_say_where_they_came_from(name):
    for text, tokens in (COLON, SAID, ACCORDING):
        for cand in RULES[name](context(text, tokens)):
            assert cand.name and cand.evidence and cand.pattern.split("+")[0] in name + " speech-verb"
