"""Attribution patterns, each on text of the kind news really prints.

Sentences come from the sample articles where they show the pattern;
short sentences of our own show the rest. Each test gives the parse it is
about (``tests/parses.py``: words, heads, labels, entities), so the rules
are tested without the spaCy model and whatever its tagger makes of the
sentence next year; the parses are the ones the model gave when the test
was written. ``tests/test_components.py`` runs the whole pipeline.
"""

import pytest

from quotedesk.core.attribute import attribute_doc
from quotedesk.core.detect import find_quotes
from parses import parsed


@pytest.fixture
def attribute():
    def run(text, tokens):
        return attribute_doc(parsed(text, tokens), find_quotes(text))

    return run


def speakers(results):
    return [a.chosen.name if a.chosen else None for a in results]


def test_postposed_cue_with_pronoun_resolves_to_the_named_person(attribute):
    text = (
        "In comments to reporters, Lukashenko maintained he wanted to see “peaceful negotiations”.\n"
        "“The US are the only ones who need this slaughter, only they want it,” he said."
    )
    tokens = (
        'In/ADP/prep/6 comments/NOUN/pobj/0/=comment/:NNS to/ADP/prep/1 reporters/NOUN/pobj/2/=reporter/:NNS '
        ',/PUNCT/punct/6 Lukashenko/PROPN/nsubj/6/B-PERSON maintained/VERB/ROOT/6/=maintain he/PRON/nsubj/8 '
        'wanted/VERB/ccomp/6/=want to/PART/aux/10 see/VERB/xcomp/8 “/PUNCT/punct/13 peaceful/ADJ/amod/13 '
        'negotiations/NOUN/dobj/10/=negotiation/:NNS ”/PUNCT/punct/6 ./PUNCT/punct/6 ⏎/SPACE/dep/15 '
        '“/PUNCT/punct/20 The/DET/det/19 US/PROPN/nsubj/20/B-GPE are/AUX/ccomp/31/=be the/DET/det/23 '
        'only/ADJ/amod/23 ones/NOUN/attr/20/=one/:NNS who/PRON/nsubj/25 need/VERB/relcl/23 this/DET/det/27 '
        'slaughter/NOUN/dobj/25 ,/PUNCT/punct/31 only/ADV/advmod/31 they/PRON/nsubj/31 want/VERB/ccomp/36 '
        'it/PRON/dobj/31 ,/PUNCT/punct/36 ”/PUNCT/punct/36 he/PRON/nsubj/36 said/VERB/ROOT/36/=say '
        './PUNCT/punct/36'
    )
    res = attribute(text, tokens)
    assert speakers(res) == ["Lukashenko", "Lukashenko"]
    assert res[1].chosen.mention == "he"
    assert res[1].chosen.cue == "said"


def test_inverted_cue_said_name(attribute):
    text = "“The founders would agree,” said Senator Maria Lopez, a Democrat from Ohio."
    tokens = (
        '“/PUNCT/punct/7 The/DET/det/2 founders/NOUN/nsubj/4/=founder/:NNS would/AUX/aux/4 agree/VERB/ccomp/7 '
        ',/PUNCT/punct/7 ”/PUNCT/punct/7 said/VERB/ROOT/7/=say Senator/PROPN/compound/10 '
        'Maria/PROPN/compound/10/B-PERSON Lopez/PROPN/nsubj/7/I-PERSON ,/PUNCT/punct/10 a/DET/det/13 '
        'Democrat/PROPN/appos/10/B-NORP from/ADP/prep/13 Ohio/PROPN/pobj/14/B-GPE ./PUNCT/punct/7'
    )
    assert speakers(attribute(text, tokens)) == ["Maria Lopez"]


CUE_PARSES = {
    'told reporters': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON told/VERB/ROOT/12/=tell '
        'reporters/NOUN/dobj/12/=reporter/:NNS ./PUNCT/punct/12'
    ),
    'added': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON added/VERB/ROOT/12/=add '
        './PUNCT/punct/12'
    ),
    'wrote': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON wrote/VERB/ROOT/12/=write '
        './PUNCT/punct/12'
    ),
    'argued': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON argued/VERB/ROOT/12/=argue '
        './PUNCT/punct/12'
    ),
    'insisted': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON insisted/VERB/ROOT/12/=insist '
        './PUNCT/punct/12'
    ),
    'warned': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON warned/VERB/ROOT/12/=warn '
        './PUNCT/punct/12'
    ),
    'says': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON says/VERB/ROOT/12/=say '
        './PUNCT/punct/12'
    ),
    'tweeted': (
        '“/PUNCT/punct/12 We/PRON/nsubj/3 will/AUX/aux/3 keep/VERB/ccomp/12 fighting/VERB/xcomp/3/=fight '
        'for/ADP/prep/4 every/DET/det/7 vote/NOUN/pobj/5 ,/PUNCT/punct/12 ”/PUNCT/punct/12 '
        'Jane/PROPN/compound/11/B-PERSON Whitfield/PROPN/nsubj/12/I-PERSON tweeted/VERB/ROOT/12/=tweet '
        './PUNCT/punct/12'
    ),
}


@pytest.mark.parametrize("cue", sorted(CUE_PARSES))
def test_cues_beyond_said(attribute, cue):
    text = f"“We will keep fighting for every vote,” Jane Whitfield {cue}."
    res = attribute(text, CUE_PARSES[cue])
    assert speakers(res) == ["Jane Whitfield"]


def test_preposed_cue_with_colon(attribute):
    text = "Antony Blinken said: “After all, if a great power is willing to use force, what’s to stop others?”"
    tokens = (
        'Antony/PROPN/compound/1/B-PERSON Blinken/PROPN/nsubj/2/I-PERSON said/VERB/ROOT/2/=say :/PUNCT/punct/2 '
        '“/PUNCT/punct/2 After/ADV/advmod/6 all/ADV/advmod/2 ,/PUNCT/punct/19 if/SCONJ/mark/12 a/DET/det/11 '
        'great/ADJ/amod/11 power/NOUN/nsubj/12 is/AUX/advcl/19/=be willing/ADJ/acomp/12 to/PART/aux/15 '
        'use/VERB/xcomp/13 force/NOUN/dobj/15 ,/PUNCT/punct/19 what/PRON/nsubj/19 ’s/NOUN/advcl/6 to/PART/aux/21 '
        'stop/VERB/advcl/19 others/NOUN/dobj/21/=other/:NNS ?/PUNCT/punct/2 ”/PUNCT/punct/2'
    )
    assert speakers(attribute(text, tokens)) == ["Antony Blinken"]


def test_colon_at_the_end_of_the_previous_paragraph(attribute):
    text = "Stated Roger Stone in an interview:\n“I think that the stakes are so high for the country.”"
    tokens = (
        'Stated/PROPN/compound/2/B-PERSON Roger/PROPN/compound/2/I-PERSON Stone/PROPN/ROOT/2/I-PERSON '
        'in/ADP/prep/2 an/DET/det/5 interview/NOUN/pobj/3 :/PUNCT/punct/2 ⏎/SPACE/dep/6 “/PUNCT/punct/10 '
        'I/PRON/nsubj/10 think/VERB/ROOT/10 that/SCONJ/mark/14 the/DET/det/13 stakes/NOUN/nsubj/14/=stake/:NNS '
        'are/AUX/ccomp/10/=be so/ADV/advmod/16 high/ADJ/acomp/14 for/ADP/prep/16 the/DET/det/19 '
        'country/NOUN/pobj/17 ./PUNCT/punct/10 ”/PUNCT/punct/10'
    )
    assert speakers(attribute(text, tokens)) == ["Roger Stone"]


def test_dash_attribution_after_the_quote(attribute):
    text = "“We cooperate in all avenues.” – Alexander Lukashenko"
    tokens = (
        '“/PUNCT/punct/2 We/PRON/nsubj/2 cooperate/VERB/ROOT/2 in/ADP/prep/2 all/DET/det/5 '
        'avenues/NOUN/pobj/3/=avenue/:NNS ./PUNCT/punct/2 ”/PUNCT/punct/2 –/PUNCT/punct/10 '
        'Alexander/PROPN/compound/10/B-PERSON Lukashenko/PROPN/ROOT/10/I-PERSON'
    )
    assert speakers(attribute(text, tokens)) == ["Alexander Lukashenko"]


def test_addressee_is_not_the_speaker(attribute):
    text = (
        "“Today we will jointly set out new visions for the development of the bilateral ties,” "
        "Xi Jinping told Alexander Lukashenko during the meeting."
    )
    tokens = (
        '“/PUNCT/punct/20 Today/NOUN/npadvmod/5/B-DATE we/PRON/nsubj/5 will/AUX/aux/5 jointly/ADV/advmod/5 '
        'set/VERB/ccomp/20 out/ADP/prt/5 new/ADJ/amod/8 visions/NOUN/dobj/5/=vision/:NNS for/ADP/prep/8 '
        'the/DET/det/11 development/NOUN/pobj/9 of/ADP/prep/11 the/DET/det/15 bilateral/ADJ/amod/15 '
        'ties/NOUN/pobj/12/=tie/:NNS ,/PUNCT/punct/20 ”/PUNCT/punct/20 Xi/PROPN/compound/19/B-PERSON '
        'Jinping/PROPN/nsubj/20/I-PERSON told/VERB/ROOT/20/=tell Alexander/PROPN/compound/22/B-PERSON '
        'Lukashenko/PROPN/dobj/20/I-PERSON during/ADP/prep/20 the/DET/det/25 meeting/NOUN/pobj/23 '
        './PUNCT/punct/20'
    )
    assert speakers(attribute(text, tokens)) == ["Xi Jinping"]


def test_title_before_the_name_is_dropped(attribute):
    text = (
        "“It is never acceptable for the US to dictate,” Chinese Foreign Ministry spokesman "
        "Wang Wenbin said."
    )
    tokens = (
        '“/PUNCT/punct/18 It/PRON/nsubj/2 is/AUX/ccomp/18/=be never/ADV/neg/2 acceptable/ADJ/acomp/2 '
        'for/SCONJ/mark/9 the/DET/det/7 US/PROPN/nsubj/9/B-GPE to/PART/aux/9 dictate/VERB/advcl/2 '
        ',/PUNCT/punct/18 ”/PUNCT/punct/18 Chinese/PROPN/compound/14/B-NORP Foreign/PROPN/compound/14/B-ORG '
        'Ministry/PROPN/compound/15/I-ORG spokesman/NOUN/compound/17 Wang/PROPN/compound/17/B-PERSON '
        'Wenbin/PROPN/nsubj/18/I-PERSON said/VERB/ROOT/18/=say ./PUNCT/punct/18'
    )
    assert speakers(attribute(text, tokens)) == ["Wang Wenbin"]


def test_surname_mentions_join_the_full_name(attribute):
    text = (
        "Belarus President Alexander Lukashenko arrived in Beijing on Tuesday.\n"
        "“We cooperate in all avenues,” Lukashenko said."
    )
    tokens = (
        'Belarus/PROPN/compound/1 President/PROPN/compound/3 Alexander/PROPN/compound/3/B-PERSON '
        'Lukashenko/PROPN/nsubj/4/I-PERSON arrived/VERB/ROOT/4/=arrive in/ADP/prep/4 Beijing/PROPN/pobj/5/B-GPE '
        'on/ADP/prep/4 Tuesday/PROPN/pobj/7/B-DATE ./PUNCT/punct/4 ⏎/SPACE/dep/9 “/PUNCT/punct/13 '
        'We/PRON/nsubj/13 cooperate/VERB/ccomp/20 in/ADP/prep/13 all/DET/det/16 avenues/NOUN/pobj/14/=avenue/:NNS '
        ',/PUNCT/punct/20 ”/PUNCT/punct/20 Lukashenko/PROPN/nsubj/20/B-PERSON said/VERB/ROOT/20/=say '
        './PUNCT/punct/20'
    )
    assert speakers(attribute(text, tokens)) == ["Alexander Lukashenko"]


def test_description_resolves_to_the_named_person(attribute):
    text = (
        "Belarusian President Alexander Lukashenko met Xi Jinping in Beijing.\n"
        "The Belarusian leader also called China’s position “a testimony to its peaceful foreign policy,” "
        "according to Xinhua."
    )
    tokens = (
        'Belarusian/ADJ/amod/1/B-NORP President/PROPN/compound/3 Alexander/PROPN/compound/3/B-PERSON '
        'Lukashenko/PROPN/nsubj/4/I-PERSON met/VERB/ROOT/4/=meet Xi/PROPN/compound/6 Jinping/PROPN/dobj/4 '
        'in/ADP/prep/4 Beijing/PROPN/pobj/7/B-GPE ./PUNCT/punct/4 ⏎/SPACE/dep/9 The/DET/det/13 '
        'Belarusian/ADJ/amod/13/B-NORP leader/NOUN/nsubj/15 also/ADV/advmod/15 called/VERB/ROOT/15/=call '
        'China/PROPN/poss/18/B-GPE ’s/PART/case/16 position/NOUN/dobj/15 “/PUNCT/punct/18 a/DET/det/21 '
        'testimony/NOUN/oprd/15 to/ADP/prep/21 its/PRON/poss/26 peaceful/ADJ/amod/26 foreign/ADJ/amod/26 '
        'policy/NOUN/pobj/22 ,/PUNCT/punct/15 ”/PUNCT/punct/15 according/VERB/prep/15/=accord to/ADP/prep/29 '
        'Xinhua/PROPN/pobj/30/B-ORG ./PUNCT/punct/15'
    )
    res = attribute(text, tokens)
    assert speakers(res) == ["Alexander Lukashenko"]


def test_the_paper_resolves_to_the_newspaper(attribute):
    text = (
        "The Global Times, a state-run tabloid, criticised the sanctions on Tuesday.\n"
        "“If the two countries strengthen communication, it will help,” the paper said."
    )
    tokens = (
        'The/DET/det/2/B-ORG Global/PROPN/compound/2/I-ORG Times/PROPN/nsubj/10/I-ORG ,/PUNCT/punct/2 a/DET/det/8 '
        'state/NOUN/npadvmod/7 -/PUNCT/punct/7 run/VERB/amod/8 tabloid/NOUN/appos/2 ,/PUNCT/punct/2 '
        'criticised/VERB/ROOT/10/=criticise the/DET/det/12 sanctions/NOUN/dobj/10/=sanction/:NNS on/ADP/prep/10 '
        'Tuesday/PROPN/pobj/13/B-DATE ./PUNCT/punct/10 ⏎/SPACE/dep/15 “/PUNCT/punct/32 If/SCONJ/mark/22 '
        'the/DET/det/21 two/NUM/nummod/21/B-CARDINAL countries/NOUN/nsubj/22/=country/:NNS '
        'strengthen/VERB/advcl/27 communication/NOUN/dobj/22 ,/PUNCT/punct/27 it/PRON/nsubj/27 will/AUX/aux/27 '
        'help/VERB/ccomp/32 ,/PUNCT/punct/32 ”/PUNCT/punct/32 the/DET/det/31 paper/NOUN/nsubj/32 '
        'said/VERB/ROOT/32/=say ./PUNCT/punct/32'
    )
    assert speakers(attribute(text, tokens)) == ["Global Times"]


def test_pronoun_takes_gender_from_first_names(attribute):
    text = (
        "Hillary Clinton met Bernie Sanders on Monday.\n"
        "“We agreed on an independent inquiry,” she said."
    )
    tokens = (
        'Hillary/PROPN/compound/1/B-PERSON Clinton/PROPN/nsubj/2/I-PERSON met/VERB/ROOT/2/=meet '
        'Bernie/PROPN/compound/4/B-PERSON Sanders/PROPN/dobj/2/I-PERSON on/ADP/prep/2 Monday/PROPN/pobj/5/B-DATE '
        './PUNCT/punct/2 ⏎/SPACE/dep/7 “/PUNCT/punct/11 We/PRON/nsubj/11 agreed/VERB/ccomp/19/=agree '
        'on/ADP/prep/11 an/DET/det/15 independent/ADJ/amod/15 inquiry/NOUN/pobj/12 ,/PUNCT/punct/19 '
        '”/PUNCT/punct/19 she/PRON/nsubj/19 said/VERB/ROOT/19/=say ./PUNCT/punct/19'
    )
    assert speakers(attribute(text, tokens)) == ["Hillary Clinton"]


def test_split_quote_keeps_the_speaker(attribute):
    text = (
        "“We cooperate in all avenues,” Lukashenko said. “Most importantly, we have never set ourselves "
        "the task of working against third countries.”"
    )
    tokens = (
        '“/PUNCT/punct/9 We/PRON/nsubj/2 cooperate/VERB/ccomp/9 in/ADP/prep/2 all/DET/det/5 '
        'avenues/NOUN/pobj/3/=avenue/:NNS ,/PUNCT/punct/9 ”/PUNCT/punct/9 Lukashenko/PROPN/nsubj/9/B-PERSON '
        'said/VERB/ROOT/9/=say ./PUNCT/punct/9 “/PUNCT/punct/18 Most/ADV/advmod/13 importantly/ADV/advmod/18 '
        ',/PUNCT/punct/18 we/PRON/nsubj/18 have/AUX/aux/18 never/ADV/neg/18 set/VERB/ROOT/18 '
        'ourselves/PRON/dobj/18 the/DET/det/21 task/NOUN/dobj/18 of/ADP/prep/21 working/VERB/pcomp/22/=work '
        'against/ADP/prep/23 third/ADJ/amod/26/B-ORDINAL countries/NOUN/pobj/24/=country/:NNS ./PUNCT/punct/18 '
        '”/PUNCT/punct/18'
    )
    assert speakers(attribute(text, tokens)) == ["Lukashenko", "Lukashenko"]


def test_quote_running_over_paragraphs_keeps_the_speaker(attribute):
    text = (
        "“Today’s meeting is taking place at a very difficult time,” Lukashenko said.\n"
        "“They should be aimed at preventing a slide into a global confrontation,” he told Xi.\n"
        "“That is why Belarus is actively coming up with peace proposals.”"
    )
    tokens = (
        '“/PUNCT/punct/5 Today/NOUN/poss/3 ’s/PART/case/1 meeting/NOUN/nsubj/5 is/AUX/aux/5/=be '
        'taking/VERB/ccomp/15/=take place/NOUN/dobj/5 at/ADP/prep/5 a/DET/det/11 very/ADV/advmod/10 '
        'difficult/ADJ/amod/11 time/NOUN/pobj/7 ,/PUNCT/punct/15 ”/PUNCT/punct/15 '
        'Lukashenko/PROPN/nsubj/15/B-PERSON said/VERB/ROOT/15/=say ./PUNCT/punct/15 ⏎/SPACE/dep/16 '
        '“/PUNCT/punct/22 They/PRON/nsubjpass/22 should/AUX/aux/22 be/AUX/auxpass/22 aimed/VERB/ccomp/34/=aim '
        'at/ADP/prep/22 preventing/VERB/pcomp/23/=prevent a/DET/det/26 slide/NOUN/dobj/24 into/ADP/prep/26 '
        'a/DET/det/30 global/ADJ/amod/30 confrontation/NOUN/pobj/27 ,/PUNCT/punct/34 ”/PUNCT/punct/34 '
        'he/PRON/nsubj/34 told/VERB/ROOT/34/=tell Xi/PROPN/dobj/34/B-PERSON ./PROPN/punct/34 ⏎/SPACE/dep/36 '
        '“/PUNCT/punct/40 That/PRON/nsubj/40 is/AUX/ROOT/40/=be why/SCONJ/advmod/45 Belarus/PROPN/nsubj/45/B-GPE '
        'is/AUX/aux/45/=be actively/ADV/advmod/45 coming/VERB/ccomp/40/=come up/ADP/prt/45 with/ADP/prep/45 '
        'peace/NOUN/compound/49 proposals/NOUN/pobj/47/=proposal/:NNS ./PUNCT/punct/40 ”/PUNCT/punct/40'
    )
    assert speakers(attribute(text, tokens)) == ["Lukashenko"] * 3


def test_partial_quote_goes_to_the_clause_subject(attribute):
    text = (
        "Speaking about the war, Xi called for “relevant countries” to “stop politicizing and "
        "instrumentalizing the world economy” and act in a way to help “resolve the crisis peacefully.”"
    )
    tokens = (
        'Speaking/VERB/advcl/6/=speak about/ADP/prep/0 the/DET/det/3 war/NOUN/pobj/1 ,/PUNCT/punct/6 '
        'Xi/PROPN/nsubj/6/B-PERSON called/VERB/ROOT/6/=call for/ADP/prep/6 “/PUNCT/punct/10 relevant/ADJ/amod/10 '
        'countries/NOUN/pobj/7/=country/:NNS ”/PUNCT/punct/10 to/PART/aux/14 “/PUNCT/punct/14 stop/VERB/relcl/10 '
        'politicizing/VERB/xcomp/14/=politicize and/CCONJ/cc/15 instrumentalizing/VERB/conj/15/=instrumentalize '
        'the/DET/det/20 world/NOUN/compound/20 economy/NOUN/dobj/17 ”/PUNCT/punct/14 and/CCONJ/cc/14 '
        'act/VERB/conj/14 in/ADP/prep/23 a/DET/det/26 way/NOUN/pobj/24 to/PART/aux/28 help/VERB/relcl/26 '
        '“/PUNCT/punct/30 resolve/VERB/xcomp/28 the/DET/det/32 crisis/NOUN/dobj/30 peacefully/ADV/advmod/30 '
        './PUNCT/punct/6 ”/PUNCT/punct/6'
    )
    assert speakers(attribute(text, tokens)) == ["Xi"] * 3


def test_joint_speakers_stay_separate_candidates(attribute):
    text = "Both Xi and Lukashenko expressed “deep concern over the prolonged armed conflict” on Wednesday."
    tokens = (
        'Both/CCONJ/det/1 Xi/PROPN/nsubj/4/B-PERSON and/CCONJ/cc/1 Lukashenko/PROPN/conj/1/B-PERSON '
        'expressed/VERB/ROOT/4/=express “/PUNCT/punct/4 deep/ADJ/amod/7 concern/NOUN/dobj/4 over/ADP/prep/7 '
        'the/DET/det/12 prolonged/VERB/amod/12/=prolong armed/ADJ/amod/12 conflict/NOUN/pobj/8 ”/PUNCT/punct/4 '
        'on/ADP/prep/4 Wednesday/PROPN/pobj/14/B-DATE ./PUNCT/punct/4'
    )
    (res,) = attribute(text, tokens)
    names = [c.name for c in res.candidates]
    assert names[:2] == ["Xi", "Lukashenko"]


def test_according_to_names_the_source(attribute):
    text = "The talks were “warm and friendly,” according to Chinese state broadcaster CCTV."
    tokens = (
        'The/DET/det/1 talks/NOUN/nsubj/2/=talk/:NNS were/AUX/ROOT/2/=be “/PUNCT/punct/2 warm/ADJ/acomp/2 '
        'and/CCONJ/cc/4 friendly/ADJ/conj/4 ,/PUNCT/punct/2 ”/PUNCT/punct/2 according/VERB/prep/2/=accord '
        'to/ADP/prep/9 Chinese/ADJ/amod/13/B-NORP state/NOUN/compound/13 broadcaster/NOUN/compound/14 '
        'CCTV/PROPN/pobj/10/B-ORG ./PUNCT/punct/2'
    )
    assert speakers(attribute(text, tokens)) == ["CCTV"]


def test_organisation_as_speaker(attribute):
    text = "The State Department described the meeting as “just another example” of deepening ties."
    tokens = (
        'The/DET/det/2/B-ORG State/PROPN/compound/2/I-ORG Department/PROPN/nsubj/3/I-ORG '
        'described/VERB/ROOT/3/=describe the/DET/det/5 meeting/NOUN/dobj/3 as/ADP/prep/3 “/PUNCT/punct/6 '
        'just/ADV/advmod/10 another/DET/det/10 example/NOUN/pobj/6 ”/PUNCT/punct/10 of/ADP/prep/10 '
        'deepening/VERB/pcomp/12/=deepen ties/NOUN/dobj/13/=tie/:NNS ./PUNCT/punct/3'
    )
    assert speakers(attribute(text, tokens)) == ["State Department"]


def test_two_people_sharing_a_surname_are_not_merged(attribute):
    text = (
        "Bill Clinton and Hillary Clinton arrived together.\n"
        "“It was a long day,” Hillary Clinton said.\n"
        "“We are not done,” Bill Clinton added."
    )
    tokens = (
        'Bill/PROPN/compound/1/B-PERSON Clinton/PROPN/nsubj/5/I-PERSON and/CCONJ/cc/1 '
        'Hillary/PROPN/compound/4/B-PERSON Clinton/PROPN/conj/1/I-PERSON arrived/VERB/ROOT/5/=arrive '
        'together/ADV/advmod/5 ./PUNCT/punct/5 ⏎/SPACE/dep/7 “/PUNCT/punct/11 It/PRON/nsubj/11 '
        'was/AUX/ccomp/19/=be a/DET/det/14/B-DATE long/ADJ/amod/14/I-DATE day/NOUN/attr/11/I-DATE '
        ',/PUNCT/punct/19 ”/PUNCT/punct/19 Hillary/PROPN/compound/18/B-PERSON Clinton/PROPN/nsubj/19/I-PERSON '
        'said/VERB/ROOT/19/=say ./PUNCT/punct/19 ⏎/SPACE/dep/20 “/PUNCT/punct/31 We/PRON/nsubjpass/26 '
        'are/AUX/auxpass/26/=be not/PART/neg/26 done/VERB/ccomp/31/=do ,/PUNCT/punct/31 ”/PUNCT/punct/31 '
        'Bill/PROPN/compound/30/B-PERSON Clinton/PROPN/nsubj/31/I-PERSON added/VERB/ROOT/31/=add ./PUNCT/punct/31'
    )
    assert speakers(attribute(text, tokens)) == ["Hillary Clinton", "Bill Clinton"]


def test_every_attribution_has_evidence_and_confidence(attribute):
    text = "“We cooperate in all avenues,” Lukashenko said."
    tokens = (
        '“/PUNCT/punct/9 We/PRON/nsubj/2 cooperate/VERB/ccomp/9 in/ADP/prep/2 all/DET/det/5 '
        'avenues/NOUN/pobj/3/=avenue/:NNS ,/PUNCT/punct/9 ”/PUNCT/punct/9 Lukashenko/PROPN/nsubj/9/B-PERSON '
        'said/VERB/ROOT/9/=say ./PUNCT/punct/9'
    )
    (res,) = attribute(text, tokens)
    best = res.chosen
    assert best.cue == "said" and best.pattern == "speech-verb"
    assert "Lukashenko said" in best.evidence
    assert 0.9 <= res.confidence <= 1.0


ORDER_PARSES = [
    (
        'Xi Jinping and Alexander Lukashenko met in Beijing. Lukashenko expressed “deep concern over the war” after the talks, and he said “peace must come soon.”',
        (
            'Xi/PROPN/compound/1/B-PERSON Jinping/PROPN/nsubj/5/I-PERSON and/CCONJ/cc/1 '
            'Alexander/PROPN/compound/4/B-PERSON Lukashenko/PROPN/conj/1/I-PERSON met/VERB/ROOT/5/=meet '
            'in/ADP/prep/5 Beijing/PROPN/pobj/6/B-GPE ./PUNCT/punct/5 Lukashenko/PROPN/nsubj/10/B-PERSON '
            'expressed/VERB/ROOT/10/=express “/PUNCT/punct/10 deep/ADJ/amod/13 concern/NOUN/dobj/10 '
            'over/ADP/prep/13 the/DET/det/16 war/NOUN/pobj/14 ”/PUNCT/punct/10 after/ADP/prep/10 the/DET/det/20 '
            'talks/NOUN/pobj/18/=talk/:NNS ,/PUNCT/punct/10 and/CCONJ/cc/10 he/PRON/nsubj/24 '
            'said/VERB/conj/10/=say “/PUNCT/punct/24 peace/NOUN/nsubj/28 must/AUX/aux/28 come/VERB/ccomp/24 '
            'soon/ADV/advmod/28 ./PUNCT/punct/24 ”/PUNCT/punct/24'
        ),
    ),
    (
        'John Miller and Robert Chen met reporters in Ohio on Tuesday.\n“We will not back down,” he said.',
        (
            'John/PROPN/compound/1/B-PERSON Miller/PROPN/nsubj/5/I-PERSON and/CCONJ/cc/1 '
            'Robert/PROPN/compound/4/B-PERSON Chen/PROPN/conj/1/I-PERSON met/VERB/ROOT/5/=meet '
            'reporters/NOUN/dobj/5/=reporter/:NNS in/ADP/prep/5 Ohio/PROPN/pobj/7/B-GPE on/ADP/prep/5 '
            'Tuesday/PROPN/pobj/9/B-DATE ./PUNCT/punct/5 ⏎/SPACE/dep/11 “/PUNCT/punct/22 We/PRON/nsubj/17 '
            'will/AUX/aux/17 not/PART/neg/17 back/VERB/ccomp/22 down/ADP/prt/17 ,/PUNCT/punct/22 ”/PUNCT/punct/22 '
            'he/PRON/nsubj/22 said/VERB/ROOT/22/=say ./PUNCT/punct/22'
        ),
    ),
    (
        '“We cooperate in all avenues,” Lukashenko said. “It is a good day,” she added.',
        (
            '“/PUNCT/punct/9 We/PRON/nsubj/2 cooperate/VERB/ccomp/9 in/ADP/prep/2 all/DET/det/5 '
            'avenues/NOUN/pobj/3/=avenue/:NNS ,/PUNCT/punct/9 ”/PUNCT/punct/9 Lukashenko/PROPN/nsubj/9/B-PERSON '
            'said/VERB/ROOT/9/=say ./PUNCT/punct/9 “/PUNCT/punct/13 It/PRON/nsubj/13 is/AUX/ccomp/20/=be '
            'a/DET/det/16/B-DATE good/ADJ/amod/16/I-DATE day/NOUN/attr/13/I-DATE ,/PUNCT/punct/20 '
            '”/PUNCT/punct/20 she/PRON/nsubj/20 added/VERB/ROOT/20/=add ./PUNCT/punct/20'
        ),
    ),
]


@pytest.mark.parametrize("text, tokens", ORDER_PARSES)
def test_candidates_come_in_probability_order_and_the_confidence_is_the_first_ones(attribute, text, tokens):
    """Issue 16: the queue's figure is candidate 1's score, and the others follow in probability order
    (a locked rule's choice stays first: see test_ranking)."""
    for res in attribute(text, tokens):
        scores = [c.score for c in res.candidates]
        assert scores[1:] == sorted(scores[1:], reverse=True), [(c.name, c.score) for c in res.candidates]
        if res.chosen:
            assert res.confidence == round(min(0.99, res.candidates[0].score), 3)


def test_a_bare_pronoun_is_never_the_answer(attribute):
    res = attribute("“It is finished,” she said.",
                    "“/PUNCT/punct/7 It/PRON/nsubjpass/3 is/AUX/auxpass/3/=be finished/VERB/ccomp/7/=finish "
                    ",/PUNCT/punct/7 ”/PUNCT/punct/7 she/PRON/nsubj/7 said/VERB/ROOT/7/=say ./PUNCT/punct/7")
    assert speakers(res) == [None]
    assert res[0].confidence == 0.0


def test_cue_in_the_next_sentence_does_not_attribute_a_closed_quote(attribute):
    text = (
        "“What a bizarre world we are in.” Former reporter Michelle Fields accused the campaign "
        "manager of grabbing her arm at an event in Florida last week."
    )
    tokens = (
        '“/PUNCT/punct/6 What/PRON/det/4 a/DET/det/4 bizarre/ADJ/amod/4 world/NOUN/pobj/7 we/PRON/nsubj/6 '
        'are/AUX/ROOT/6/=be in/ADP/prep/6 ./PUNCT/punct/6 ”/PUNCT/punct/6 Former/ADJ/amod/11 '
        'reporter/NOUN/compound/13 Michelle/PROPN/compound/13/B-PERSON Fields/PROPN/nsubj/14/I-PERSON '
        'accused/VERB/ROOT/14/=accuse the/DET/det/17 campaign/NOUN/compound/17 manager/NOUN/dobj/14 '
        'of/ADP/prep/14 grabbing/VERB/pcomp/18/=grab her/PRON/poss/21 arm/NOUN/dobj/19 at/ADP/prep/19 '
        'an/DET/det/24 event/NOUN/pobj/22 in/ADP/prep/24 Florida/PROPN/pobj/25/B-GPE last/ADJ/amod/28/B-DATE '
        'week/NOUN/npadvmod/19/I-DATE ./PUNCT/punct/14'
    )
    res = attribute(text, tokens)
    # No rule reads the next sentence's cue; the ranker may still offer who
    # is named nearby, but as a guess to check, never in the high band.
    assert all(c.pattern == "salience" and c.cue is None for c in res[0].candidates)
    assert res[0].confidence < 0.9


def test_transcript_speaker_label(attribute):
    text = "“WALLACE: Let’s start with the breaking news on the debate.”"
    tokens = (
        '“/PUNCT/punct/3 WALLACE/PROPN/nmod/3/B-PERSON :/PUNCT/punct/3 Let/VERB/ROOT/3 ’s/PRON/nsubj/5 '
        'start/VERB/ccomp/3 with/ADP/prep/5 the/DET/det/9 breaking/VERB/amod/9/=break news/NOUN/pobj/6 '
        'on/ADP/prep/9 the/DET/det/12 debate/NOUN/pobj/10 ./PUNCT/punct/3 ”/PUNCT/punct/3'
    )
    assert speakers(attribute(text, tokens)) == ["Wallace"]


@pytest.mark.parametrize(
    "mention, name",
    [
        ("Belarus President Alexander Lukashenko", "Alexander Lukashenko"),
        ("Xi Jinping and", "Xi Jinping"),
        ("Trump’s", "Trump"),
        ("the State Department", "State Department"),
        ("Stated Roger Stone", "Roger Stone"),
        ("Mr. Lukashenko", "Lukashenko"),
        ("-Craig Fehrman", "Craig Fehrman"),  # a bulleted line in a live blog
        ("- Mr. Smith", "Smith"),
        ("@realDonaldTrump", "@realDonaldTrump"),
    ],
)
def test_mentions_become_clean_names(mention, name):
    from quotedesk.core.mentions import clean_name

    assert clean_name(mention) == name


def test_pull_quote_signed_with_a_dash_on_the_next_line(attribute):
    text = "“The idea that I would dismantle health care is just not accurate.”\n\n- Bernie Sanders.\n"
    tokens = (
        '“/PUNCT/punct/9 The/DET/det/2 idea/NOUN/nsubj/9 that/SCONJ/mark/6 I/PRON/nsubj/6 would/AUX/aux/6 '
        'dismantle/VERB/acl/2 health/NOUN/compound/8 care/NOUN/dobj/6 is/AUX/ROOT/9/=be just/ADV/advmod/9 '
        'not/PART/neg/9 accurate/ADJ/acomp/9 ./PUNCT/punct/9 ”/PUNCT/punct/9 ⏎⏎/SPACE/dep/14 -/PUNCT/punct/18 '
        'Bernie/PROPN/compound/18/B-PERSON Sanders/PROPN/ROOT/18/I-PERSON ./PUNCT/punct/18 ⏎/SPACE/dep/19'
    )
    assert speakers(attribute(text, tokens)) == ["Bernie Sanders"]


def test_short_cue_after_a_question_attributes_it(attribute):
    text = (
        "Sanders said Clinton was too friendly with Wall Street.\n"
        "“Can you really reform Wall Street when they are spending millions?” Sanders asked. "
        "“It is easy to say, but I doubt it.”"
    )
    tokens = (
        'Sanders/NOUN/nsubj/1/B-ORG/=sander/:NNS said/VERB/ROOT/1/=say Clinton/PROPN/nsubj/3/B-PERSON '
        'was/AUX/ccomp/1/=be too/ADV/advmod/5 friendly/ADJ/acomp/3 with/ADP/prep/5 Wall/PROPN/compound/8 '
        'Street/PROPN/pobj/6 ./PUNCT/punct/1 ⏎/SPACE/dep/9 “/PUNCT/punct/15 Can/AUX/aux/15 you/PRON/nsubj/15 '
        'really/ADV/advmod/15 reform/VERB/ROOT/15 Wall/PROPN/compound/17 Street/PROPN/dobj/15 '
        'when/SCONJ/advmod/21 they/PRON/nsubj/21 are/AUX/aux/21/=be spending/VERB/advcl/15/=spend '
        'millions/NOUN/dobj/21/B-CARDINAL/=million/:NNS ?/PUNCT/punct/15 ”/PUNCT/punct/15 '
        'Sanders/PROPN/nsubj/26/B-PERSON asked/VERB/ROOT/26/=ask ./PUNCT/punct/26 “/PUNCT/punct/30 '
        'It/PRON/nsubj/30 is/AUX/ROOT/30/=be easy/ADJ/acomp/30 to/PART/aux/33 say/VERB/xcomp/31 ,/PUNCT/punct/30 '
        'but/CCONJ/cc/30 I/PRON/nsubj/37 doubt/VERB/conj/30 it/PRON/dobj/37 ./PUNCT/punct/37 ”/PUNCT/punct/37'
    )
    assert speakers(attribute(text, tokens)) == ["Sanders", "Sanders"]


def test_a_surname_the_tagger_calls_a_place_is_still_the_person(attribute):
    text = (
        "The meeting coincided with a visit by U.S. Secretary of State Antony Blinken to Central Asia.\n"
        "Wednesday’s trip comes as the United States makes its own push, with Blinken visiting Kazakhstan.\n"
        "In a speech in Uzbekistan, he noted that the war “has caused deep concern throughout the region”."
    )
    tokens = (
        'The/DET/det/1 meeting/NOUN/nsubj/2 coincided/VERB/ROOT/2/=coincide with/ADP/prep/2 a/DET/det/5 '
        'visit/NOUN/pobj/3 by/ADP/prep/5 U.S./PROPN/nmod/8/B-GPE Secretary/PROPN/nmod/12 of/ADP/prep/8 '
        'State/PROPN/pobj/9/B-ORG Antony/PROPN/compound/12/B-PERSON Blinken/PROPN/pobj/6/I-PERSON to/ADP/prep/5 '
        'Central/PROPN/compound/15/B-LOC Asia/PROPN/pobj/13/I-LOC ./PUNCT/punct/2 ⏎/SPACE/dep/16 '
        'Wednesday/PROPN/poss/20/B-DATE ’s/PART/case/18 trip/NOUN/nsubj/21 comes/VERB/ROOT/21/=come '
        'as/SCONJ/mark/26 the/DET/det/25/B-GPE United/PROPN/compound/25/I-GPE States/PROPN/nsubj/26/I-GPE '
        'makes/VERB/advcl/21/=make its/PRON/poss/29 own/ADJ/amod/29 push/NOUN/dobj/26 ,/PUNCT/punct/26 '
        'with/ADP/prep/26 Blinken/PROPN/nsubj/33/B-GPE visiting/VERB/pcomp/31/=visit '
        'Kazakhstan/PROPN/dobj/33/B-GPE ./PUNCT/punct/21 ⏎/SPACE/dep/35 In/ADP/prep/44 a/DET/det/39 '
        'speech/NOUN/pobj/37 in/ADP/prep/39 Uzbekistan/PROPN/pobj/40/B-GPE ,/PUNCT/punct/44 he/PRON/nsubj/44 '
        'noted/VERB/ROOT/44/=note that/SCONJ/mark/50 the/DET/det/47 war/NOUN/nsubj/50 “/PUNCT/punct/50 '
        'has/AUX/aux/50/=have caused/VERB/ccomp/44/=cause deep/ADJ/amod/52 concern/NOUN/dobj/50 '
        'throughout/ADP/prep/52 the/DET/det/55 region/NOUN/pobj/53 ”/PUNCT/punct/50 ./PUNCT/punct/44'
    )
    assert speakers(attribute(text, tokens)) == ["Antony Blinken"]


def test_the_possessor_is_not_the_speaker(attribute):
    text = (
        "“We have been clear about the schedule,” Clinton's campaign chairman, John Podesta, said on Sunday."
    )
    tokens = (
        '“/PUNCT/punct/18 We/PRON/nsubj/3 have/AUX/aux/3 been/AUX/ccomp/18/=be clear/ADJ/acomp/3 about/ADP/prep/4 '
        'the/DET/det/7 schedule/NOUN/pobj/5 ,/PUNCT/punct/3 ”/PUNCT/punct/13 Clinton/PROPN/poss/13/B-PERSON '
        "'s/PART/case/10 campaign/NOUN/compound/13 chairman/NOUN/nsubj/18 ,/PUNCT/punct/13 "
        'John/PROPN/compound/16/B-PERSON Podesta/PROPN/appos/13/I-PERSON ,/PUNCT/punct/13 said/VERB/ROOT/18/=say '
        'on/ADP/prep/18 Sunday/PROPN/pobj/19/B-DATE ./PUNCT/punct/18'
    )
    assert speakers(attribute(text, tokens)) == ["John Podesta"]


def test_an_unnamed_source_keeps_who_it_speaks_for(attribute):
    text = "“The plant will stay open through the winter,” a spokesman for Platte River Power said."
    tokens = (
        '“/PUNCT/punct/17 The/DET/det/2 plant/NOUN/nsubj/4 will/AUX/aux/4 stay/VERB/ccomp/17 open/ADJ/acomp/4 '
        'through/ADP/prep/4 the/DET/det/8/B-DATE winter/NOUN/pobj/6/I-DATE ,/PUNCT/punct/17 ”/PUNCT/punct/17 '
        'a/DET/det/12 spokesman/NOUN/nsubj/17 for/ADP/prep/12 Platte/PROPN/compound/15/B-ORG '
        'River/PROPN/compound/16/I-ORG Power/PROPN/pobj/13/I-ORG said/VERB/ROOT/17/=say ./PUNCT/punct/17'
    )
    (res,) = attribute(text, tokens)
    # The project's convention for an unnamed spokesperson (newsdev README).
    assert res.chosen.name == "spokesperson for Platte River Power"


def test_split_quote_around_an_inverted_cue_with_an_apposition(attribute):
    text = (
        "“The risk,” said Edward Leamer, an economist who directs a forecast at a university, "
        "“is that we’re going to be attracting workers and repelling jobs.”"
    )
    tokens = (
        '“/PUNCT/punct/5 The/DET/det/2 risk/NOUN/dep/5 ,/PUNCT/punct/5 ”/PUNCT/punct/5 '
        'said/VERB/parataxis/20/=say Edward/PROPN/compound/7/B-PERSON Leamer/PROPN/nsubj/20/I-PERSON '
        ',/PUNCT/punct/7 an/DET/det/10 economist/NOUN/appos/7 who/PRON/nsubj/12 directs/VERB/relcl/10/=direct '
        'a/DET/det/14 forecast/NOUN/dobj/12 at/ADP/prep/12 a/DET/det/17 university/NOUN/pobj/15 ,/PUNCT/punct/7 '
        '“/PUNCT/punct/20 is/AUX/ROOT/20/=be that/SCONJ/mark/24 we/PRON/nsubj/24 ’re/AUX/aux/24 '
        'going/VERB/ccomp/20/=go to/PART/aux/27 be/AUX/aux/27 attracting/VERB/xcomp/24/=attract '
        'workers/NOUN/dobj/27/=worker/:NNS and/CCONJ/cc/28 repelling/VERB/amod/31/=repel '
        'jobs/NOUN/conj/28/=job/:NNS ./PUNCT/punct/20 ”/PUNCT/punct/20'
    )
    assert speakers(attribute(text, tokens)) == ["Edward Leamer", "Edward Leamer"]


def test_a_longer_cue_clause_after_a_closed_question(attribute):
    text = (
        "“Why in the world would you try to cozy up to George W. Bush?” Lichtman said about "
        "McCain’s effort to downplay his connections with Bush."
    )
    tokens = (
        '“/PUNCT/punct/7 Why/SCONJ/advmod/7 in/ADP/prep/1 the/DET/det/4 world/NOUN/pobj/2 would/AUX/aux/7 '
        'you/PRON/nsubj/7 try/VERB/ROOT/7 to/PART/aux/9 cozy/PROPN/xcomp/7 up/ADP/prt/9 to/ADP/prep/9 '
        'George/PROPN/compound/14/B-PERSON W./PROPN/compound/14/I-PERSON Bush/PROPN/pobj/11/I-PERSON '
        '?/PUNCT/punct/7 ”/PUNCT/punct/7 Lichtman/PROPN/nsubj/18/B-PERSON said/VERB/ROOT/18/=say '
        'about/ADP/prep/18 McCain/PROPN/poss/22/B-PERSON ’s/PART/case/20 effort/NOUN/pobj/19 to/PART/aux/24 '
        'downplay/VERB/acl/22 his/PRON/poss/26 connections/NOUN/dobj/24/=connection/:NNS with/ADP/prep/26 '
        'Bush/PROPN/pobj/27/B-PERSON ./PUNCT/punct/18'
    )
    assert speakers(attribute(text, tokens)) == ["Lichtman"]


def test_a_quote_in_a_reported_clause_belongs_to_the_reporter(attribute):
    # The quoted words are the reporter's description of what Reyes did.
    text = "Rep. Lisa Ortiz said Tom Reyes called the plan “a betrayal of working families.”"
    tokens = (
        'Rep./PROPN/compound/2 Lisa/PROPN/compound/2/B-PERSON Ortiz/PROPN/nsubj/3/I-PERSON said/VERB/ROOT/3/=say '
        'Tom/PROPN/compound/5/B-PERSON Reyes/PROPN/nsubj/6/I-PERSON called/VERB/ccomp/3/=call the/DET/det/8 '
        'plan/NOUN/dobj/6 “/PUNCT/punct/11 a/DET/det/11 betrayal/NOUN/oprd/6 of/ADP/prep/11 '
        'working/VERB/amod/14/=work families/NOUN/pobj/12/=family/:NNS ./PUNCT/punct/3 ”/PUNCT/punct/3'
    )
    assert speakers(attribute(text, tokens)) == ["Lisa Ortiz"]


def test_words_a_reporter_recounts_belong_to_the_one_who_said_them(attribute):
    # "X said Y was “…”, Z told reporters": Z recounts X's report, and the
    # conventions give recounted words to their original speaker.
    text = "Kato also said the league was “fully behind the players”, Ito told reporters."
    tokens = (
        'Kato/PROPN/nsubj/2/B-PERSON also/ADV/advmod/2 said/VERB/ccomp/14/=say the/DET/det/4 '
        'league/NOUN/nsubj/5 was/AUX/ccomp/2/=be “/PUNCT/punct/5 fully/ADV/advmod/8 behind/ADP/prep/5 '
        'the/DET/det/10 players/NOUN/pobj/8/=player/:NNS ”/PUNCT/punct/5 ,/PUNCT/punct/14 '
        'Ito/PROPN/nsubj/14/B-PERSON told/VERB/ROOT/14/=tell reporters/NOUN/dobj/14/=reporter/:NNS ./PUNCT/punct/14'
    )
    assert speakers(attribute(text, tokens)) == ["Kato"]


def test_a_sentence_parsed_without_a_verb_still_has_its_subject(attribute):
    # The parser may read "The singer, 52, posted …" as a singer who was
    # posted, the noun the root: the verb is the sentence's, its subject the
    # noun, and the singer is not whoever was named last.
    text = "Mira Vance is following Lena Ortiz's lead.\nThe singer, 52, posted Friday that she had “quietly retired” from touring."
    tokens = (
        "Mira/PROPN/compound/1/B-PERSON Vance/PROPN/nsubj/3/I-PERSON is/AUX/aux/3/=be following/VERB/ROOT/3/=follow "
        "Lena/PROPN/compound/5/B-PERSON Ortiz/PROPN/poss/7/I-PERSON 's/PART/case/5 lead/NOUN/dobj/3 ./PUNCT/punct/3 "
        "⏎/SPACE/dep/8 The/DET/det/11 singer/NOUN/ROOT/11 ,/PUNCT/punct/11 52/NUM/appos/11 ,/PUNCT/punct/11 "
        "posted/VERB/acl/11/=post/:VBN Friday/PROPN/npadvmod/15 that/SCONJ/mark/22 she/PRON/nsubj/22 "
        "had/AUX/aux/22/=have “/PUNCT/punct/22 quietly/ADV/advmod/22 retired/VERB/ccomp/15/=retire ”/PUNCT/punct/22 "
        "from/ADP/prep/22 touring/NOUN/pobj/24/=tour ./PUNCT/punct/11"
    )
    [found] = attribute(text, tokens)
    # Named by the cue, "The singer … posted", not by who was salient before.
    assert (found.chosen.name, found.chosen.pattern.split("+")[0], found.chosen.mention) == (
        "Mira Vance", "speech-verb", "The singer")


def test_an_organisation_that_reports_the_clause_is_its_reporter_too(attribute):
    # Seen in everyday news: "… had discussed “…”, the presidential office
    # said in a statement": the office's words, whoever it reports on.
    text = "Norway and Sweden had discussed “joint patrols” in the strait, the Foreign Ministry said in a statement."
    tokens = (
        'Norway/PROPN/nsubj/4/B-GPE and/CCONJ/cc/0 Sweden/PROPN/conj/0/B-GPE had/AUX/aux/4/=have '
        'discussed/VERB/ccomp/16/=discuss “/PUNCT/punct/7 joint/ADJ/amod/7 patrols/NOUN/dobj/4/=patrol/:NNS '
        '”/PUNCT/punct/7 in/ADP/prep/4 the/DET/det/11 strait/NOUN/pobj/9 ,/PUNCT/punct/16 the/DET/det/15/B-ORG '
        'Foreign/PROPN/compound/15/I-ORG Ministry/PROPN/nsubj/16/I-ORG said/VERB/ROOT/16/=say in/ADP/prep/16 '
        'a/DET/det/19 statement/NOUN/pobj/17 ./PUNCT/punct/16'
    )
    assert speakers(attribute(text, tokens)) == ["Foreign Ministry"]


def test_a_name_a_preposition_governs_is_not_the_subject_of_the_verb_after_it(attribute):
    # The parser hung "to accuse" on "interview"; the paper did not accuse anyone.
    text = "Ana Ruiz gave an interview to The Harbour Times to accuse the council of “gross neglect” on Monday."
    tokens = (
        'Ana/PROPN/compound/1/B-PERSON Ruiz/PROPN/nsubj/2/I-PERSON gave/VERB/ROOT/2/=give an/DET/det/4 '
        'interview/NOUN/dobj/2 to/ADP/prep/4 The/DET/det/8/B-ORG Harbour/PROPN/compound/8/I-ORG '
        'Times/PROPN/pobj/5/I-ORG to/PART/aux/10 accuse/VERB/acl/4 the/DET/det/12 council/NOUN/dobj/10 '
        'of/ADP/prep/12 “/PUNCT/punct/13 gross/ADJ/amod/16 neglect/NOUN/pobj/13 ”/PUNCT/punct/10 '
        'on/ADP/prep/10 Monday/PROPN/pobj/18/B-DATE ./PUNCT/punct/2'
    )
    assert speakers(attribute(text, tokens)) == ["Ana Ruiz"]


def test_words_after_a_colon_that_follows_a_statement_someone_issued_are_theirs(attribute):
    text = "Mayor Ana Ruiz issued a statement: “We are open again.”"
    tokens = (
        'Mayor/PROPN/compound/2 Ana/PROPN/compound/2/B-PERSON Ruiz/PROPN/nsubj/3/I-PERSON '
        'issued/VERB/ROOT/3/=issue a/DET/det/5 statement/NOUN/dobj/3 :/PUNCT/punct/5 “/PUNCT/punct/3 '
        'We/PRON/nsubj/9 are/AUX/acl/5/=be open/ADJ/acomp/9 again/ADV/advmod/9 ./PUNCT/punct/9 '
        '”/PUNCT/punct/9'
    )
    (res,) = attribute(text, tokens)
    assert (res.chosen.name, res.chosen.cue) == ("Ana Ruiz", "issued")


def test_whom_someone_told_is_not_what_they_said(attribute):
    # "Stone told “senior campaign officials” about the emails, according to
    # the indictment": the words are the indictment's, not the teller's.
    text = ("Special counsel Tom Ward charged Ruiz on Friday. "
            "According to the indictment, Ana Ruiz told “senior council officials” about the leak.")
    tokens = (
        'Special/ADJ/amod/1 counsel/NOUN/compound/3 Tom/PROPN/compound/3/B-PERSON Ward/PROPN/nsubj/4/I-PERSON '
        'charged/VERB/ROOT/4/=charge Ruiz/PROPN/dobj/4/B-PERSON on/ADP/prep/4 Friday/PROPN/pobj/6/B-DATE '
        './PUNCT/punct/4 According/VERB/prep/16/=accord to/ADP/prep/9 the/DET/det/12 indictment/NOUN/pobj/10 '
        ',/PUNCT/punct/16 Ana/PROPN/compound/15/B-PERSON Ruiz/PROPN/nsubj/16/I-PERSON told/VERB/ROOT/16/=tell '
        '“/PUNCT/punct/16 senior/ADJ/amod/20 council/NOUN/compound/20 officials/NOUN/dobj/16/=official/:NNS '
        '”/PUNCT/punct/20 about/ADP/prep/20 the/DET/det/24 leak/NOUN/pobj/22 ./PUNCT/punct/16'
    )
    (res,) = attribute(text, tokens)
    assert not any(c.pattern.startswith("speech-verb") for c in res.candidates)
    assert res.chosen.name == "Tom Ward"


def test_a_name_the_tagger_took_for_a_common_noun_still_names_its_entity(attribute):
    text = "Justin Timberlake sang first. Timberlake only took “ten per cent” of the blame."
    tokens = (
        'Justin/PROPN/compound/1/B-PERSON Timberlake/PROPN/nsubj/2/I-PERSON sang/VERB/ROOT/2/=sing '
        'first/ADV/advmod/2 ./PUNCT/punct/2 Timberlake/NOUN/nsubj/7 only/ADV/advmod/7 took/VERB/ROOT/7/=take '
        '“/PUNCT/punct/11 ten/NUM/nummod/11 per/ADP/nmod/11 cent/NOUN/dobj/7 ”/PUNCT/punct/11 of/ADP/prep/11 '
        'the/DET/det/15 blame/NOUN/pobj/13 ./PUNCT/punct/7'
    )
    (res,) = attribute(text, tokens)
    assert any(c.name == "Justin Timberlake" and c.pattern.startswith("clause-subject") for c in res.candidates)


def test_a_quote_that_starts_with_its_own_speech_verb_is_its_subjects(attribute):
    text = "The paper cited Ana Ruiz, who “said the talks had failed.”"
    tokens = (
        'The/DET/det/1 paper/NOUN/nsubj/2 cited/VERB/ROOT/2/=cite Ana/PROPN/compound/4/B-PERSON '
        'Ruiz/PROPN/dobj/2/I-PERSON ,/PUNCT/punct/4 who/PRON/nsubj/8 “/PUNCT/punct/8 said/VERB/relcl/4/=say '
        'the/DET/det/10 talks/NOUN/nsubj/12/=talk/:NNS had/AUX/aux/12/=have failed/VERB/ccomp/8/=fail '
        './PUNCT/punct/2 ”/PUNCT/punct/2'
    )
    (res,) = attribute(text, tokens)
    assert (res.chosen.name, res.chosen.cue) == ("Ana Ruiz", "said")


def test_a_statement_named_well_before_its_colon_is_still_its_issuers(attribute):
    text = ("The Harbour Union released the following statement announcing a strike by dock workers at both "
            "ports after a long meeting with the board: “We will strike.”")
    tokens = (
        'The/DET/det/2/B-ORG Harbour/PROPN/compound/2/I-ORG Union/PROPN/nsubj/3/I-ORG released/VERB/ccomp/27/=release '
        'the/DET/det/6 following/VERB/amod/6/=follow statement/NOUN/dobj/3 announcing/VERB/acl/6/=announce '
        'a/DET/det/9 strike/NOUN/dobj/7 by/ADP/prep/9 dock/NOUN/compound/12 workers/NOUN/pobj/10/=worker/:NNS '
        'at/ADP/prep/9 both/DET/det/15 ports/NOUN/pobj/13/=port/:NNS after/ADP/prep/7 a/DET/det/19 '
        'long/ADJ/amod/19 meeting/NOUN/pobj/16 with/ADP/prep/19 the/DET/det/22 board/NOUN/pobj/20 '
        ':/PUNCT/punct/27 “/PUNCT/punct/27 We/PRON/nsubj/27 will/AUX/aux/27 strike/VERB/ROOT/27 '
        './PUNCT/punct/27 ”/PUNCT/punct/27'
    )
    (res,) = attribute(text, tokens)
    assert (res.chosen.name, res.chosen.cue) == ("Harbour Union", "released")


def test_a_document_alone_before_its_colon_is_the_papers_just_named(attribute):
    text = "Harbour Daily, the town paper, ran a long account.\nThe headline: “Mayor quits.”"
    tokens = (
        'Harbour/PROPN/compound/1/B-ORG Daily/PROPN/nsubj/7/I-ORG ,/PUNCT/punct/1 the/DET/det/5 '
        'town/NOUN/compound/5 paper/NOUN/appos/1 ,/PUNCT/punct/1 ran/VERB/ROOT/7/=run a/DET/det/10 '
        'long/ADJ/amod/10 account/NOUN/dobj/7 ./PUNCT/punct/7 ⏎/SPACE/dep/11 The/DET/det/14 headline/NOUN/ROOT/14 '
        ':/PUNCT/punct/14 “/PUNCT/punct/14 Mayor/PROPN/nsubj/18 quits/VERB/appos/14/=quit ./PUNCT/punct/14 '
        '”/PUNCT/punct/14'
    )
    (res,) = attribute(text, tokens)
    assert (res.chosen.name, res.chosen.mention) == ("Harbour Daily", "The headline")


def test_words_quoted_as_what_someone_has_are_that_someones(attribute):
    # "Broadcom's “best and final”": the offer is quoted in its owner's words.
    text = "Union leaders rejected Ana Ruiz’s “last and best” offer on Monday."
    tokens = (
        'Union/NOUN/compound/1 leaders/NOUN/nsubj/2/=leader/:NNS rejected/VERB/ROOT/2/=reject '
        'Ana/PROPN/compound/4/B-PERSON Ruiz/PROPN/dobj/2/I-PERSON ’s/PUNCT/punct/2 “/PUNCT/punct/11 '
        'last/ADJ/amod/11 and/CCONJ/cc/7 best/ADJ/conj/7/=good ”/PUNCT/punct/11 offer/NOUN/dobj/2 '
        'on/ADP/prep/11 Monday/PROPN/pobj/12/B-DATE ./PUNCT/punct/2'
    )
    assert speakers(attribute(text, tokens)) == ["Ana Ruiz"]


def test_a_partial_quote_goes_to_its_own_stance_verb_not_to_an_outer_reporter(attribute):
    # Seen in the sample articles: "China and Belarus … expressed “deep
    # concern” …, BelTa reported"; the agency only carried the statement.
    text = "Chile and Peru on Monday expressed “grave concern” over the border dispute, the state news agency Prensa reported."
    tokens = (
        'Chile/PROPN/nsubj/5/B-GPE and/CCONJ/cc/0 Peru/PROPN/conj/0/B-GPE on/ADP/prep/5 '
        'Monday/PROPN/pobj/3/B-DATE expressed/VERB/ccomp/20/=express “/PUNCT/punct/8 grave/ADJ/amod/8 '
        'concern/NOUN/dobj/5 ”/PUNCT/punct/8 over/ADP/prep/8 the/DET/det/13 border/NOUN/compound/13 '
        'dispute/NOUN/pobj/10 ,/PUNCT/punct/20 the/DET/det/18 state/NOUN/compound/18 news/NOUN/compound/18 '
        'agency/NOUN/nsubj/20 Prensa/PROPN/appos/18/B-PERSON reported/VERB/ROOT/20/=report ./PUNCT/punct/20'
    )
    (res,) = attribute(text, tokens)
    assert res.chosen.name == "Chile"
    assert "Peru" in {c.name for c in res.candidates}
    assert res.chosen.cue == "expressed"
    assert res.chosen.pattern == "stance-verb"


def test_the_closing_comma_of_a_quote_does_not_make_the_next_verb_its_cue(attribute):
    # From the sample articles. The parser hangs “…,” on the verb after it
    # ("reported"); the words hang from "were", under "said".
    text = (
        "China and Belarus on Wednesday (March 1) expressed “deep concern” over the Ukrainian-Russian "
        "conflict and said they were “extremely interested in establishing peace in Ukraine as soon as "
        "possible,” Belarusian state news agency BelTa reported."
    )
    tokens = (
        'China/PROPN/nsubj/9/B-GPE and/CCONJ/cc/0 Belarus/PROPN/conj/0/B-GPE on/ADP/prep/0 '
        'Wednesday/PROPN/pobj/3/B-DATE (/PUNCT/punct/4/I-DATE March/PROPN/appos/4/I-DATE 1/NUM/nummod/6/I-DATE '
        ')/PUNCT/punct/4 expressed/VERB/ccomp/43/=express “/PUNCT/punct/12 deep/ADJ/amod/12 concern/NOUN/dobj/9 '
        '”/PUNCT/punct/12 over/ADP/prep/12 the/DET/det/19 Ukrainian/ADJ/amod/18/B-NORP -/PUNCT/punct/18 '
        'Russian/ADJ/amod/19 conflict/NOUN/pobj/14 and/CCONJ/cc/9 said/VERB/conj/9/=say they/PRON/nsubj/23 '
        'were/AUX/ccomp/21/=be “/PUNCT/punct/23 extremely/ADV/advmod/26 interested/ADJ/acomp/23 in/ADP/prep/26 '
        'establishing/VERB/pcomp/27/=establish peace/NOUN/dobj/28 in/ADP/prep/29 Ukraine/PROPN/pobj/30/B-GPE '
        'as/ADV/advmod/33 soon/ADV/advmod/28 as/ADP/prep/33 possible/ADJ/amod/34 ,/PUNCT/punct/43 '
        '”/PUNCT/punct/43 Belarusian/ADJ/amod/41/B-NORP state/NOUN/compound/41 news/NOUN/compound/41 '
        'agency/NOUN/compound/42 BelTa/PROPN/nsubj/43/B-ORG reported/VERB/ROOT/43/=report ./PUNCT/punct/43'
    )
    res = attribute(text, tokens)[1]
    assert res.chosen.name == "China"
    assert res.chosen.cue == "said"


def test_the_author_of_a_claim_owns_the_words_quoted_from_it(attribute):
    # "the claims made by X that Y is “…”": Y is who the claim is about.
    text = (
        "The ministry rejected the claims made by Senator Ruth Baxter last week that Ottawa is "
        "“hiding” the report from the public."
    )
    tokens = (
        'The/DET/det/1 ministry/NOUN/nsubj/2 rejected/VERB/ROOT/2/=reject the/DET/det/4 '
        'claims/NOUN/dobj/2/=claim/:NNS made/VERB/acl/4/=make by/ADP/agent/5 Senator/PROPN/compound/9 '
        'Ruth/PROPN/compound/9/B-PERSON Baxter/PROPN/pobj/6/I-PERSON last/ADJ/amod/11/B-DATE '
        'week/NOUN/npadvmod/5/I-DATE that/SCONJ/mark/16 Ottawa/PROPN/nsubj/16/B-GPE is/AUX/aux/16/=be '
        '“/PUNCT/punct/16 hiding/VERB/acl/4/=hide ”/PUNCT/punct/16 the/DET/det/19 report/NOUN/dobj/16 '
        'from/ADP/prep/19 the/DET/det/22 public/NOUN/pobj/20 ./PUNCT/punct/2'
    )
    (res,) = attribute(text, tokens)
    assert res.chosen.name == "Ruth Baxter"
    assert (res.chosen.cue, res.chosen.pattern) == ("claims", "speech-noun")


def test_according_to_a_document_by_someone_names_its_author(attribute):
    # Seen in the sample articles: "According to official information released by China …".
    text = "The talks were “warm and frank,” according to remarks by Marta Ruiz."
    tokens = (
        'The/DET/det/1 talks/NOUN/nsubj/2/=talk/:NNS were/AUX/ROOT/2/=be “/PUNCT/punct/2 warm/ADJ/acomp/2 '
        'and/CCONJ/cc/4 frank/ADJ/conj/4 ,/PUNCT/punct/2 ”/PUNCT/punct/2 according/VERB/prep/2/=accord '
        'to/ADP/prep/9 remarks/NOUN/pobj/10/=remark/:NNS by/ADP/prep/11 Marta/PROPN/compound/14/B-GPE '
        'Ruiz/PROPN/pobj/12/I-GPE ./PUNCT/punct/2'
    )
    (res,) = attribute(text, tokens)
    assert (res.chosen.name, res.chosen.pattern) == ("Marta Ruiz", "according-to")


def test_mentioning_is_saying(attribute):
    text = "Marta Ruiz mentioned that Tom Reyes was “a disaster” as mayor."
    tokens = (
        'Marta/PROPN/compound/1/B-GPE Ruiz/PROPN/nsubj/2 mentioned/VERB/ROOT/2/=mention that/SCONJ/mark/6 '
        'Tom/PROPN/compound/5/B-PERSON Reyes/PROPN/nsubj/6/I-PERSON was/AUX/ccomp/2/=be “/PUNCT/punct/6 '
        'a/DET/det/9 disaster/NOUN/attr/6 ”/PUNCT/punct/6 as/ADP/prep/6 mayor/NOUN/pobj/11 ./PUNCT/punct/2'
    )
    (res,) = attribute(text, tokens)
    assert (res.chosen.name, res.chosen.pattern) == ("Marta Ruiz", "speech-verb")


def test_a_named_body_framing_something_is_the_source(attribute):
    text = (
        "On Tuesday, a new Senate oversight committee held its first hearing, framing the "
        "pandemic response as a “historic failure.”"
    )
    tokens = (
        'On/ADP/prep/8 Tuesday/PROPN/pobj/0/B-DATE ,/PUNCT/punct/8 a/DET/det/7 new/ADJ/amod/7 '
        'Senate/PROPN/compound/6/B-ORG oversight/NOUN/compound/7 committee/NOUN/nsubj/8 held/VERB/ROOT/8/=hold '
        'its/PRON/poss/11 first/ADJ/amod/11/B-ORDINAL hearing/NOUN/dobj/8 ,/PUNCT/punct/8 '
        'framing/VERB/advcl/8/=frame the/DET/det/16 pandemic/ADJ/amod/16 response/NOUN/dobj/13 as/ADP/prep/13 '
        'a/DET/det/21 “/PUNCT/punct/21 historic/ADJ/amod/21 failure/NOUN/pobj/17 ./PUNCT/punct/8 ”/PUNCT/punct/8'
    )
    (res,) = attribute(text, tokens)
    assert res.chosen is not None and "Senate oversight committee" in res.chosen.name


def test_a_bare_plural_noun_in_the_reported_clause_is_not_the_source(attribute):
    # Seen in the sample articles: "Xi mentioned … that parties should discard
    # “all Cold War mentality”": "parties" are who Xi spoke of.
    text = "Marta Ruiz mentioned at the summit that parties should abandon “every old grudge.”"
    tokens = (
        'Marta/PROPN/compound/1/B-GPE Ruiz/PROPN/nsubj/2 mentioned/VERB/ROOT/2/=mention at/ADP/prep/2 '
        'the/DET/det/5 summit/NOUN/pobj/3 that/PRON/mark/9 parties/NOUN/nsubj/9/=party/:NNS should/AUX/aux/9 '
        'abandon/VERB/ccomp/2 “/PUNCT/punct/9 every/DET/det/13 old/ADJ/amod/13 grudge/NOUN/dobj/9 ./PUNCT/punct/2 '
        '”/PUNCT/punct/2'
    )
    assert speakers(attribute(text, tokens)) == ["Marta Ruiz"]


def test_one_unnamed_member_of_a_group_is_not_the_group(attribute):
    text = "“Polls are misleading this early,” said a New Hampshire Republican."
    tokens = (
        '“/PUNCT/punct/8 Polls/NOUN/nsubj/3/=poll/:NNS are/AUX/aux/3/=be misleading/VERB/ccomp/8/=mislead '
        'this/PRON/dobj/3 early/ADV/advmod/3 ,/PUNCT/punct/8 ”/PUNCT/punct/8 said/VERB/ROOT/8/=say a/DET/det/12 '
        'New/PROPN/compound/11/B-GPE Hampshire/PROPN/compound/12/I-GPE Republican/PROPN/nsubj/8/B-NORP '
        './PUNCT/punct/8'
    )
    (res,) = attribute(text, tokens)
    assert res.chosen.name == "New Hampshire Republican"
    assert res.chosen.kind == "person"


DATELINE_PARSES = {
    'OSLO (Reuters) -': (
        'OSLO/PROPN/nsubj/7/B-ORG (/PUNCT/punct/0 Reuters/PROPN/appos/0/B-ORG )/PUNCT/punct/2 -/PUNCT/punct/0 '
        'Erna/PROPN/compound/6/B-PERSON Lund/PROPN/appos/0/I-PERSON said/VERB/ROOT/7/=say on/ADP/prep/7 '
        'Monday/PROPN/pobj/8/B-DATE the/DET/det/11 talks/NOUN/nsubj/13/=talk/:NNS had/AUX/aux/13/=have '
        'been/AUX/ccomp/7/=be “/PUNCT/punct/13 a/DET/det/16 waste/NOUN/attr/13 of/ADP/prep/16 '
        'everyone/PRON/poss/20 ’s/PART/case/18 time/NOUN/pobj/17 ./PUNCT/punct/7 ”/PUNCT/punct/7'
    ),
    'SAN FRANCISCO (AP) —': (
        'SAN/PROPN/compound/1/B-GPE FRANCISCO/PROPN/nsubj/8/I-GPE (/PUNCT/punct/1 AP/PROPN/appos/1/B-ORG '
        ')/PUNCT/punct/1 —/PUNCT/punct/1 Erna/PROPN/compound/7/B-PERSON Lund/PROPN/nsubj/8/I-PERSON '
        'said/VERB/ROOT/8/=say on/ADP/prep/8 Monday/PROPN/pobj/9/B-DATE the/DET/det/12 '
        'talks/NOUN/nsubj/14/=talk/:NNS had/AUX/aux/14/=have been/AUX/ccomp/8/=be “/PUNCT/punct/14 '
        'a/DET/det/17 waste/NOUN/attr/14 of/ADP/prep/17 everyone/PRON/poss/21 ’s/PART/case/19 '
        'time/NOUN/pobj/18 ./PUNCT/punct/8 ”/PUNCT/punct/8'
    ),
    'OSLO, March 3 (UPI) —': (
        'OSLO/PROPN/nsubj/10/B-ORG ,/PUNCT/punct/0 March/PROPN/npadvmod/0/B-DATE 3/NUM/nummod/2/I-DATE '
        '(/PUNCT/punct/5 UPI/PROPN/appos/2/B-NORP )/PUNCT/punct/2 —/PUNCT/punct/0 '
        'Erna/PROPN/compound/9/B-PERSON Lund/PROPN/appos/0/I-PERSON said/VERB/ROOT/10/=say on/ADP/prep/10 '
        'Monday/PROPN/pobj/11/B-DATE the/DET/det/14 talks/NOUN/nsubj/16/=talk/:NNS had/AUX/aux/16/=have '
        'been/AUX/ccomp/10/=be “/PUNCT/punct/16 a/DET/det/19 waste/NOUN/attr/16 of/ADP/prep/19 '
        'everyone/PRON/poss/23 ’s/PART/case/21 time/NOUN/pobj/20 ./PUNCT/punct/10 ”/PUNCT/punct/10'
    ),
}


@pytest.mark.parametrize("dateline", sorted(DATELINE_PARSES))
def test_a_dateline_city_is_not_the_speaker(attribute, dateline):
    text = f"{dateline} Erna Lund said on Monday the talks had been “a waste of everyone’s time.”"
    assert speakers(attribute(text, DATELINE_PARSES[dateline])) == ["Erna Lund"]


def test_an_organisation_in_capitals_opening_a_sentence_is_still_a_speaker(attribute):
    text = "NATO, which meets next week in Brussels, said the plan was “unworkable” as written."
    tokens = (
        'NATO/PROPN/nsubj/9/B-ORG ,/PUNCT/punct/0 which/PRON/nsubj/3 meets/VERB/relcl/0/=meet '
        'next/ADJ/amod/5/B-DATE week/NOUN/npadvmod/3/I-DATE in/ADP/prep/3 Brussels/PROPN/pobj/6/B-GPE '
        ',/PUNCT/punct/0 said/VERB/ROOT/9/=say the/DET/det/11 plan/NOUN/nsubj/12 was/AUX/ccomp/9/=be '
        '“/PUNCT/punct/12 unworkable/ADJ/acomp/12 ”/PUNCT/punct/12 as/SCONJ/mark/17 written/VERB/advcl/12/=write '
        './PUNCT/punct/9'
    )
    assert speakers(attribute(text, tokens)) == ["NATO"]


def test_an_inverted_cue_names_the_spokesman_not_his_principal(attribute):
    text = "\"Game day,\" tweeted Romney spokesman Kevin Madden."
    tokens = (
        '"/PUNCT/punct/9 Game/NOUN/compound/2/B-DATE day/NOUN/npadvmod/5/I-DATE ,/PUNCT/punct/5 "/PUNCT/punct/5 '
        'tweeted/VERB/amod/7/=tweet Romney/PROPN/compound/7/B-ORG spokesman/NOUN/compound/9 '
        'Kevin/PROPN/compound/9/B-PERSON Madden/PROPN/ROOT/9/I-PERSON ./PUNCT/punct/9'
    )
    assert speakers(attribute(text, tokens)) == ["Kevin Madden"]


def test_a_place_before_the_subject_is_not_a_second_subject(attribute):
    text = "Speaking at a town hall event in Salem, Oregon, Kate Brown went after Walden, calling him “a total stiff.”"
    tokens = (
        'Speaking/VERB/advcl/13/=speak at/ADP/prep/0 a/DET/det/5 town/NOUN/compound/4 hall/NOUN/compound/5 '
        'event/NOUN/pobj/1 in/ADP/prep/5 Salem/PROPN/pobj/6/B-GPE ,/PUNCT/punct/7 Oregon/PROPN/nsubj/13/B-GPE '
        ',/PUNCT/punct/9 Kate/PROPN/compound/12/B-PERSON Brown/PROPN/conj/9/I-PERSON went/VERB/ROOT/13/=go '
        'after/ADP/prep/13 Walden/PROPN/pobj/14/B-PERSON ,/PUNCT/punct/13 calling/VERB/advcl/13/=call '
        'him/PRON/dobj/17/=he “/PUNCT/punct/22 a/DET/det/22 total/ADJ/amod/22 stiff/NOUN/oprd/17 ./PUNCT/punct/13 '
        '”/PUNCT/punct/13'
    )
    assert speakers(attribute(text, tokens)) == ["Kate Brown"]


def test_a_hyphenated_role_before_a_name_is_not_the_subject(attribute):
    text = "On Sunday, co-host Jane Whitfield asked the senator whether the plan was “dead on arrival.”"
    tokens = (
        'On/ADP/prep/8 Sunday/PROPN/pobj/0/B-DATE ,/PUNCT/punct/8 co/NOUN/nsubj/8 -/NOUN/acl/3 host/VERB/amod/7 '
        'Jane/PROPN/compound/7/B-PERSON Whitfield/PROPN/nsubj/8/I-PERSON asked/VERB/ROOT/8/=ask the/DET/det/10 '
        'senator/NOUN/dobj/8 whether/SCONJ/mark/14 the/DET/det/13 plan/NOUN/nsubj/14 was/AUX/ccomp/8/=be '
        '“/PUNCT/punct/14 dead/ADJ/acomp/14 on/ADP/prep/16 arrival/NOUN/pobj/17 ./PUNCT/punct/8 ”/PUNCT/punct/8'
    )
    assert speakers(attribute(text, tokens)) == ["Jane Whitfield"]


def test_a_long_title_run_into_the_name_gives_the_name(attribute):
    text = "Acme Radio Vice President for news and talk Paul Brenner called the show “our flagship.”"
    tokens = (
        'Acme/PROPN/compound/1 Radio/PROPN/compound/3 Vice/PROPN/compound/3 President/PROPN/nsubj/10 '
        'for/ADP/prep/3 news/NOUN/pobj/4 and/CCONJ/cc/3 talk/VERB/conj/3 Paul/PROPN/compound/9/B-PERSON '
        'Brenner/PROPN/nsubj/10/I-PERSON called/VERB/ROOT/10/=call the/DET/det/12 show/NOUN/dobj/10 '
        '“/PUNCT/punct/12 our/PRON/poss/15 flagship/NOUN/appos/12 ./PUNCT/punct/10 ”/PUNCT/punct/10'
    )
    assert speakers(attribute(text, tokens)) == ["Paul Brenner"]


BODY_PARSES = {
    'the Vance campaign': (
        'Turnout/NOUN/nsubj/1/B-PERSON was/AUX/ccomp/11/=be “/PUNCT/punct/1 stronger/ADJ/acomp/1/=strong '
        'than/SCONJ/mark/5 expected/VERB/xcomp/3/=expect ,/PUNCT/punct/11 ”/PUNCT/punct/11 the/DET/det/10 '
        'Vance/PROPN/compound/10/B-ORG campaign/NOUN/nsubj/11 said/VERB/ROOT/11/=say on/ADP/prep/11 '
        'Tuesday/PROPN/pobj/12/B-DATE ./PUNCT/punct/11'
    ),
    'the Chilean government': (
        'Turnout/NOUN/nsubj/1/B-PERSON was/AUX/ccomp/11/=be “/PUNCT/punct/1 stronger/ADJ/acomp/1/=strong '
        'than/SCONJ/mark/5 expected/VERB/xcomp/3/=expect ,/PUNCT/punct/11 ”/PUNCT/punct/11 the/DET/det/10 '
        'Chilean/ADJ/amod/10/B-NORP government/NOUN/nsubj/11 said/VERB/ROOT/11/=say on/ADP/prep/11 '
        'Tuesday/PROPN/pobj/12/B-DATE ./PUNCT/punct/11'
    ),
    'a new Senate oversight committee': (
        'Turnout/NOUN/nsubj/1/B-PERSON was/AUX/ccomp/13/=be “/PUNCT/punct/1 stronger/ADJ/acomp/1/=strong '
        'than/SCONJ/mark/5 expected/VERB/xcomp/3/=expect ,/PUNCT/punct/13 ”/PUNCT/punct/13 a/DET/det/12 '
        'new/ADJ/amod/12 Senate/PROPN/compound/12/B-ORG oversight/NOUN/compound/12 committee/NOUN/nsubj/13 '
        'said/VERB/ROOT/13/=say on/ADP/prep/13 Tuesday/PROPN/pobj/14/B-DATE ./PUNCT/punct/13'
    ),
}


@pytest.mark.parametrize("subject, name", [
    ("the Vance campaign", "Vance campaign"),
    ("the Chilean government", "Chilean government"),
    ("a new Senate oversight committee", "Senate oversight committee"),
])
def test_an_organisation_a_name_modifies_speaks_for_itself(attribute, subject, name):
    text = f"Turnout was “stronger than expected,” {subject} said on Tuesday."
    (res,) = attribute(text, BODY_PARSES[subject])
    assert (res.chosen.name, res.chosen.kind) == (name, "org")


def test_a_mid_sentence_inverted_cue_names_the_person_after_the_verb(attribute):
    text = "Any “honest” reading of the deal, said Erna Lund, an expert on trade, would see this as a retreat."
    tokens = (
        'Any/DET/det/4 “/PUNCT/punct/4 honest/ADJ/amod/4 ”/PUNCT/punct/4 reading/NOUN/nsubj/9 of/ADP/prep/4 '
        'the/DET/det/7 deal/NOUN/pobj/5 ,/PUNCT/punct/9 said/VERB/ROOT/9/=say Erna/PROPN/compound/11/B-PERSON '
        'Lund/PROPN/nsubj/19/I-PERSON ,/PUNCT/punct/11 an/DET/det/14 expert/NOUN/appos/11 on/ADP/prep/14 '
        'trade/NOUN/pobj/15 ,/PUNCT/punct/11 would/AUX/aux/19 see/VERB/ccomp/9 this/PRON/dobj/19 as/ADP/prep/19 '
        'a/DET/det/23 retreat/NOUN/pobj/21 ./PUNCT/punct/9'
    )
    assert speakers(attribute(text, tokens)) == ["Erna Lund"]


def test_a_military_title_with_a_full_stop_is_not_the_speaker(attribute):
    text = "“Nobody here trusts the polls,” said Army Capt. Daniel Ruiz, who served in Iraq."
    tokens = (
        '“/PUNCT/punct/8 Nobody/PRON/nsubj/3 here/ADV/advmod/1 trusts/VERB/ccomp/8/=trust the/DET/det/5 '
        'polls/NOUN/dobj/3/=poll/:NNS ,/PUNCT/punct/8 ”/PUNCT/punct/8 said/VERB/ROOT/8/=say '
        'Army/PROPN/compound/10/B-ORG Capt./PROPN/compound/12 Daniel/PROPN/compound/12/B-PERSON '
        'Ruiz/PROPN/nsubj/8/I-PERSON ,/PUNCT/punct/12 who/PRON/nsubj/15 served/VERB/relcl/12/=serve '
        'in/ADP/prep/15 Iraq/PROPN/pobj/16/B-GPE ./PUNCT/punct/8'
    )
    assert speakers(attribute(text, tokens)) == ["Daniel Ruiz"]


def test_a_second_cue_verb_takes_the_first_ones_subject_not_the_reported_ones(attribute):
    text = (
        "Donald Trump spoke in Iowa on Monday. He said that Clinton is playing the “women’s card” "
        "and said that Rubio is “weak like a baby.”"
    )
    tokens = (
        'Donald/PROPN/compound/1/B-PERSON Trump/PROPN/nsubj/2/I-PERSON spoke/VERB/ROOT/2/=speak in/ADP/prep/2 '
        'Iowa/PROPN/pobj/3/B-GPE on/ADP/prep/2 Monday/PROPN/pobj/5/B-DATE ./PUNCT/punct/2 He/PRON/nsubj/9 '
        'said/VERB/ROOT/9/=say that/SCONJ/mark/13 Clinton/PROPN/nsubj/13/B-PERSON is/AUX/aux/13/=be '
        'playing/VERB/ccomp/9/=play the/DET/det/18 “/PUNCT/punct/18 women/NOUN/poss/18/=woman/:NNS '
        '’s/PART/case/16 card/NOUN/dobj/13 ”/PUNCT/punct/13 and/CCONJ/cc/9 said/VERB/conj/9/=say '
        'that/SCONJ/mark/24 Rubio/PROPN/nsubj/24/B-PERSON is/AUX/ccomp/21/=be “/PUNCT/punct/24 weak/ADJ/acomp/24 '
        'like/ADP/prep/26 a/DET/det/29 baby/NOUN/pobj/27 ./PUNCT/punct/9 ”/PUNCT/punct/9'
    )
    assert speakers(attribute(text, tokens)) == ["Donald Trump", "Donald Trump"]


def test_a_date_the_parser_takes_for_a_subject_resolves_to_nobody():
    # Seen in real news: "who Beck on Wednesday called “…”" parsed with
    # "Wednesday" as the subject of "called".
    from quotedesk.core.mentions import EntityIndex

    doc = parsed("Glenn Beck spoke on Wednesday in Dallas.",
                 "Glenn/PROPN/compound/1/B-PERSON Beck/PROPN/nsubj/2/I-PERSON spoke/VERB/ROOT/2/=speak "
                 "on/ADP/prep/2 Wednesday/PROPN/pobj/3/B-DATE in/ADP/prep/2 Dallas/PROPN/pobj/5/B-GPE ./PUNCT/punct/2")
    wednesday = doc[4]
    assert wednesday.ent_type_ == "DATE"
    assert EntityIndex(doc, set()).resolve_token(wednesday) is None


def test_a_subject_brought_in_by_for_to_is_not_the_speaker(attribute):
    # The parser may hang both names on the infinitive; "for X to" is X's action, not X's words.
    text = ("But Ms. Varga, of Ohio, called Friday for Mr. Lind to “use the new report to challenge” "
            "the board at Monday’s meeting, adding, “We cannot give an inch.”")
    tokens = (
        'But/CCONJ/cc/14 Ms./PROPN/compound/2 Varga/PROPN/nsubj/14/B-PERSON ,/PUNCT/punct/2 of/ADP/prep/2 '
        'Ohio/PROPN/pobj/4/B-GPE ,/PUNCT/punct/5 called/VERB/acl/2/=call Friday/PROPN/oprd/7/B-DATE '
        'for/SCONJ/mark/14 Mr./PROPN/compound/11 Lind/PROPN/nsubj/14/B-PERSON to/PART/aux/14 “/PUNCT/punct/14 '
        'use/VERB/ROOT/14 the/DET/det/17 new/ADJ/amod/17 report/NOUN/dobj/14 to/PART/aux/19 '
        'challenge/VERB/xcomp/14 ”/PUNCT/punct/19 the/DET/det/22 board/NOUN/dobj/19 at/ADP/prep/19 '
        'Monday/PROPN/poss/26/B-DATE ’s/PART/case/24 meeting/NOUN/pobj/23 ,/PUNCT/punct/14 '
        'adding/VERB/advcl/14/=add ,/PUNCT/punct/28 “/PUNCT/punct/28 We/PRON/nsubj/34 can/AUX/aux/34 '
        'not/PART/neg/34 give/VERB/ccomp/28 an/DET/det/36 inch/NOUN/dobj/34 ./PUNCT/punct/14 ”/PUNCT/punct/14'
    )
    assert speakers(attribute(text, tokens)) == ["Varga", "Varga"]


def test_a_name_after_the_closing_mark_beats_a_subject_the_parser_found_inside_the_quote(attribute):
    # "Drs." splits the sentence, and the parser takes "Mitchell" inside the quote for the subject.
    text = ("The clinic mourned them in a statement.\n"
            "“We lost two members of our team - Drs. Mitchell and Leslie Weiss,” Kris Obuya, "
            "director of the Harbour Clinic, said in the statement.")
    tokens = (
        'The/DET/det/1 clinic/NOUN/nsubj/2 mourned/VERB/ROOT/2/=mourn them/PRON/dobj/2/=they in/ADP/prep/2 '
        'a/DET/det/6 statement/NOUN/pobj/4 ./PUNCT/punct/2 ⏎/SPACE/dep/7 “/PUNCT/punct/11 We/PRON/nsubj/11 '
        'lost/VERB/ROOT/11/=lose two/NUM/nummod/13/B-CARDINAL members/NOUN/dobj/11/=member/:NNS of/ADP/prep/13 '
        'our/PRON/poss/16 team/NOUN/pobj/14 -/PUNCT/punct/18 Drs/PROPN/advmod/11 ./PUNCT/punct/11 '
        'Mitchell/PROPN/nsubj/35/B-PERSON and/CCONJ/cc/20 Leslie/PROPN/compound/23/B-PERSON '
        'Weiss/PROPN/conj/20/I-PERSON ,/PUNCT/punct/20 ”/PUNCT/punct/20 Kris/PROPN/compound/27/B-PERSON '
        'Obuya/PROPN/appos/20/I-PERSON ,/PUNCT/punct/27 director/NOUN/appos/27 of/ADP/prep/29 '
        'the/DET/det/33/B-ORG Harbour/PROPN/compound/33/I-ORG Clinic/PROPN/pobj/30/I-ORG ,/PUNCT/punct/27 '
        'said/VERB/ROOT/35/=say in/ADP/prep/35 the/DET/det/38 statement/NOUN/pobj/36 ./PUNCT/punct/35'
    )
    assert speakers(attribute(text, tokens)) == ["Kris Obuya"]


def test_how_many_is_not_part_of_an_unnamed_source(attribute):
    text = "The rule was “standard practice”, one federal law enforcement source said on Tuesday."
    tokens = (
        'The/DET/det/1 rule/NOUN/nsubj/2 was/AUX/ccomp/13/=be “/PUNCT/punct/2 standard/ADJ/amod/5 '
        'practice/NOUN/attr/2 ”/PUNCT/punct/5 ,/PUNCT/punct/13 one/NUM/nummod/12/B-CARDINAL federal/ADJ/amod/12 '
        'law/NOUN/compound/11 enforcement/NOUN/compound/12 source/NOUN/nsubj/13 said/VERB/ROOT/13/=say '
        'on/ADP/prep/13 Tuesday/PROPN/pobj/14/B-DATE ./PUNCT/punct/13'
    )
    assert speakers(attribute(text, tokens)) == ["federal law enforcement source (unnamed)"]


def test_an_inverted_cue_skips_the_team_a_fan_supports(attribute):
    text = '"There\'s no more curse now," said Cubs fan Rodrigo Alvez, 24, moments after the game ended.'
    tokens = (
        '"/PUNCT/punct/9 There/PRON/expl/2 \'s/VERB/ccomp/9/=be no/PRON/neg/4 more/ADV/advmod/5 curse/ADJ/acomp/2 '
        'now/ADV/advmod/2 ,/PUNCT/punct/9 "/PUNCT/punct/9 said/VERB/ROOT/9/=say Cubs/PROPN/compound/11/B-ORG '
        'fan/NOUN/compound/13 Rodrigo/PROPN/compound/13/B-PERSON Alvez/PROPN/nsubj/21/I-PERSON ,/PUNCT/punct/13 '
        '24/NUM/appos/13/B-DATE ,/PUNCT/punct/13 moments/NOUN/npadvmod/21/=moment/:NNS after/SCONJ/mark/21 '
        'the/DET/det/20 game/NOUN/nsubj/21 ended/VERB/ccomp/9/=end ./PUNCT/punct/9'
    )
    assert speakers(attribute(text, tokens)) == ["Rodrigo Alvez"]


def test_a_horizontal_bar_after_a_no_break_space_attributes_the_quote(attribute):
    text = ("Readers wrote in all week.\n"
            "“I cannot believe how far we have fallen.”\u00a0\u2015 Maren Oduya\u00a0\n"
            "“He knows nothing about our lives.”\u2015 Tomas Brill.")
    tokens = (
        'Readers/NOUN/nsubj/1/=reader/:NNS wrote/VERB/ROOT/1/=write in/ADP/prep/1 all/DET/det/4/B-DATE '
        'week/NOUN/pobj/2/I-DATE ./PUNCT/punct/1 ⏎/SPACE/dep/5 “/PUNCT/punct/11 I/PRON/nsubj/11 can/AUX/aux/11 '
        'not/PART/neg/11 believe/VERB/ccomp/20 how/SCONJ/advmod/13 far/ADV/advmod/16 we/PRON/nsubj/16 '
        'have/AUX/aux/16 fallen/VERB/ccomp/11/=fall ./PUNCT/punct/11 ”/PUNCT/punct/20 ⍽/SPACE/dep/18 '
        '―/VERB/ROOT/20 Maren/PROPN/compound/22/B-PERSON Oduya/PROPN/dobj/20/I-PERSON ⍽⏎/SPACE/dep/22 '
        '“/PUNCT/punct/26 He/PRON/nsubj/26 knows/VERB/ROOT/26/=know nothing/PRON/dobj/26 about/ADP/prep/27 '
        'our/PRON/poss/30 lives/NOUN/pobj/28/=life/:NNS ./PUNCT/punct/26 ”―/X/ROOT/32 '
        'Tomas/PROPN/compound/34/B-PERSON Brill/PROPN/ROOT/34/I-PERSON ./PUNCT/punct/34'
    )
    assert speakers(attribute(text, tokens)) == ["Maren Oduya", "Tomas Brill"]


def test_a_dash_that_goes_on_with_prose_names_nobody(attribute):
    text = ("Senator Ada Brill has been calling Mr. Orton a “con artist” ― just as she did with Ellis Hahn "
            "in 2012.")
    tokens = (
        'Senator/PROPN/compound/2 Ada/PROPN/compound/2/B-PERSON Brill/PROPN/nsubj/5/I-PERSON has/AUX/aux/5/=have '
        'been/AUX/aux/5/=be calling/VERB/ROOT/5/=call Mr./PROPN/compound/7 Orton/PROPN/dobj/5/B-PERSON '
        'a/DET/det/11 “/PUNCT/punct/11 con/PROPN/compound/11 artist/NOUN/nsubj/13 ”/PUNCT/punct/11 ―/VERB/ccomp/5 '
        'just/ADV/advmod/17 as/SCONJ/mark/17 she/PRON/nsubj/17 did/VERB/advcl/5/=do with/ADP/prep/17 '
        'Ellis/PROPN/compound/20/B-PERSON Hahn/PROPN/pobj/18/I-PERSON in/ADP/prep/17 2012/NUM/pobj/21/B-DATE '
        './PUNCT/punct/5'
    )
    (res,) = attribute(text, tokens)
    assert not any(c.pattern == "dash" for c in res.candidates)
