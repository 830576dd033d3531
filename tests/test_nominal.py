"""Descriptions resolved to whom the article names (issue 13, item 1).

Each test is a short sentence of our own: a description, a role or a
document is never the final answer when the article says who it is. The
attribution tests give the parse they are about (``tests/parses.py``), the
one the model gave when they were written, so they need no model; those
marked ``model`` read the model's own parse.
"""

import pytest

from quotedesk.core.attribute import attribute_doc
from quotedesk.core.detect import find_quotes
from quotedesk.core.evaluate import speaker_is_right
from quotedesk.core.mentions import EntityIndex, clean_name
from parses import parsed


@pytest.fixture
def speaker():
    def run(text, tokens, which=-1):
        results = attribute_doc(parsed(text, tokens), find_quotes(text))
        chosen = results[which].chosen
        return chosen.name if chosen else None

    return run


def test_the_couple_is_the_two_people_named_together(speaker):
    text = ("Mara Voss and Tobias Lind announced on Sunday that they had separated. "
            "“We remain close friends and devoted parents,” the couple said in a statement.")
    tokens = (
        'Mara/PROPN/compound/1/B-PERSON Voss/PROPN/nsubj/5/I-PERSON and/CCONJ/cc/1 '
        'Tobias/PROPN/compound/4/B-PERSON Lind/PROPN/conj/1/I-PERSON announced/VERB/ROOT/5/=announce '
        'on/ADP/prep/5 Sunday/PROPN/pobj/6/B-DATE that/SCONJ/mark/11 they/PRON/nsubj/11 had/AUX/aux/11/=have '
        'separated/VERB/ccomp/5/=separate ./PUNCT/punct/5 “/PUNCT/punct/25 We/PRON/nsubj/15 remain/VERB/ccomp/25 '
        'close/ADJ/amod/17 friends/NOUN/attr/15/=friend/:NNS and/CCONJ/cc/17 devoted/ADJ/amod/20 '
        'parents/NOUN/conj/17/=parent/:NNS ,/PUNCT/punct/25 ”/PUNCT/punct/25 the/DET/det/24 couple/NOUN/nsubj/25 '
        'said/VERB/ROOT/25/=say in/ADP/prep/25 a/DET/det/28 statement/NOUN/pobj/26 ./PUNCT/punct/25'
    )
    assert speaker(text, tokens) == "Mara Voss and Tobias Lind"


def test_a_publicist_for_the_named_person_speaks_for_her(speaker):
    text = ("Singer Juna Ferrant and her husband split last year. "
            "They had “grown apart”, a publicist for the singer said.")
    tokens = (
        'Singer/NOUN/compound/2 Juna/PROPN/compound/2/B-PERSON Ferrant/PROPN/nsubj/6/I-PERSON and/CCONJ/cc/2 '
        'her/PRON/poss/5 husband/NOUN/conj/2 split/VERB/ROOT/6 last/ADJ/amod/8/B-DATE year/NOUN/npadvmod/6/I-DATE '
        './PUNCT/punct/6 They/PRON/nsubj/13 had/AUX/aux/13/=have “/PUNCT/punct/13 grown/VERB/ccomp/22/=grow '
        'apart/ADV/advmod/13 ”/PUNCT/punct/13 ,/PUNCT/punct/22 a/DET/det/18 publicist/NOUN/nsubj/22 '
        'for/ADP/prep/18 the/DET/det/21 singer/NOUN/pobj/19 said/VERB/ROOT/22/=say ./PUNCT/punct/22'
    )
    name = speaker(text, tokens)
    assert name == "spokesperson for Juna Ferrant"
    assert speaker_is_right(name, ["spokesperson for Juna Ferrant", "Juna Ferrant"])


def test_a_description_the_article_gave_the_person_names_them(speaker):
    text = ("Comedian Lia Brandt spoke at the festival on Friday. Ticket sales were strong. "
            "The comedian said the crowd was “the best I have ever had”.")
    tokens = (
        'Comedian/PROPN/compound/2/B-PERSON Lia/PROPN/compound/2/I-PERSON Brandt/PROPN/nsubj/3/I-PERSON '
        'spoke/VERB/ROOT/3/=speak at/ADP/prep/3 the/DET/det/6 festival/NOUN/pobj/4 on/ADP/prep/3 '
        'Friday/PROPN/pobj/7/B-DATE ./PUNCT/punct/3 Ticket/NOUN/compound/11 sales/NOUN/nsubj/12/=sale/:NNS '
        'were/AUX/ROOT/12/=be strong/ADJ/acomp/12 ./PUNCT/punct/12 The/DET/det/16 comedian/NOUN/nsubj/17 '
        'said/VERB/ROOT/17/=say the/DET/det/19 crowd/NOUN/nsubj/20 was/AUX/ccomp/17/=be “/PUNCT/punct/20 '
        'the/DET/det/23 best/ADJ/attr/20/=good I/PRON/nsubj/27 have/AUX/aux/27 ever/ADV/advmod/27 '
        'had/VERB/relcl/23/=have ”/PUNCT/punct/20 ./PUNCT/punct/17'
    )
    assert speaker(text, tokens) == "Lia Brandt"


def test_an_organisation_noun_never_means_a_place(speaker):
    text = ("Northwind Ferries runs boats from Oslo. Northwind Ferries cancelled 40 sailings this week. "
            "Many passengers were stuck in Bergen on Monday. "
            "The company said it was “deeply sorry for the disruption”.")
    tokens = (
        'Northwind/NOUN/compound/1/B-ORG Ferries/PROPN/nsubj/2/I-ORG runs/VERB/ROOT/2/=run '
        'boats/NOUN/dobj/2/=boat/:NNS from/ADP/prep/2 Oslo/PROPN/pobj/4/B-GPE ./PUNCT/punct/2 '
        'Northwind/PROPN/compound/8/B-ORG Ferries/PROPN/nsubj/9/I-ORG cancelled/VERB/ROOT/9/=cancel '
        '40/NUM/nummod/11/B-CARDINAL sailings/NOUN/dobj/9/=sailing/:NNS this/DET/det/13/B-DATE '
        'week/NOUN/npadvmod/9/I-DATE ./PUNCT/punct/9 Many/ADJ/amod/16 '
        'passengers/NOUN/nsubjpass/18/=passenger/:NNS were/AUX/auxpass/18/=be stuck/VERB/ROOT/18/=stick '
        'in/ADP/prep/18 Bergen/PROPN/pobj/19/B-GPE on/ADP/prep/18 Monday/PROPN/pobj/21/B-DATE ./PUNCT/punct/18 '
        'The/DET/det/25 company/NOUN/nsubj/26 said/VERB/ROOT/26/=say it/PRON/nsubj/28 was/AUX/ccomp/26/=be '
        '“/PUNCT/punct/28 deeply/ADV/advmod/31 sorry/ADJ/acomp/28 for/ADP/prep/31 the/DET/det/34 '
        'disruption/NOUN/pobj/32 ”/PUNCT/punct/28 ./PUNCT/punct/26'
    )
    assert speaker(text, tokens) == "Northwind Ferries"


def test_a_statement_modified_by_a_body_is_that_body(speaker):
    text = "“The road will stay closed until Friday,” said a police statement issued in Graz."
    tokens = (
        '“/PUNCT/punct/10 The/DET/det/2 road/NOUN/nsubj/4 will/AUX/aux/4 stay/VERB/ccomp/10 closed/ADJ/acomp/4 '
        'until/ADP/prep/5 Friday/PROPN/pobj/6/B-DATE ,/PUNCT/punct/10 ”/PUNCT/punct/10 said/VERB/ROOT/10/=say '
        'a/DET/det/13 police/NOUN/compound/13 statement/NOUN/nsubj/10 issued/VERB/acl/13/=issue in/ADP/prep/14 '
        'Graz/PROPN/pobj/15/B-GPE ./PUNCT/punct/10'
    )
    assert speaker(text, tokens) == "police"


@pytest.mark.model
def test_a_statement_repeated_belongs_to_whoever_issued_it(nlp):
    text = ("Kestrel Air said in a statement on Monday that its dispute with Harbor Logistics was over. "
            "Harbor Logistics said its staff returned to work on Tuesday. "
            "The statement thanked passengers.")
    doc = nlp(text)
    statement = [t for t in doc if t.lower_ == "statement"][-1]
    assert EntityIndex(doc, set()).resolve_token(statement).name == "Kestrel Air"


def test_a_role_word_run_into_a_name_is_not_part_of_it():
    assert clean_name("Actress Nell Varga") == "Nell Varga"
    assert clean_name("Star Wars") == "Star Wars"   # two words: a name, not a role


def test_an_account_or_a_doubled_name_is_the_person_behind_it():
    assert clean_name("Okafor’s Twitter") == "Okafor"
    assert clean_name("Brightwater Facebook") == "Brightwater"
    assert clean_name("Dana Pruitt Dana Pruitt") == "Dana Pruitt"   # page furniture repeats a name
    assert clean_name("PRUITT Dana Pruitt") == "Dana Pruitt"
    assert clean_name("Twitter") == "Twitter"


def test_he_said_never_means_a_one_word_name_that_never_gets_a_gender(speaker):
    # "Zentrix" is named often and never as a person; the tagger may still call it one.
    text = " ".join(f"Zentrix rejected bid number {n} on Monday." for n in range(12)) + (
        "\nMr. Halvorsen, who runs the rival, was unmoved. Zentrix said nothing more.\n"
        "“We will raise our offer,” he said."
    )
    tokens = (
        'Zentrix/NOUN/nsubj/1/B-PERSON rejected/VERB/ROOT/1/=reject bid/NOUN/compound/3 number/NOUN/dobj/1 '
        '0/NUM/nummod/3/B-CARDINAL on/ADP/prep/1 Monday/PROPN/pobj/5/B-DATE ./PUNCT/punct/1 '
        'Zentrix/NOUN/nsubj/9/B-PERSON rejected/VERB/ROOT/9/=reject bid/NOUN/compound/11 number/NOUN/dobj/9 '
        '1/NUM/nummod/11/B-CARDINAL on/ADP/prep/9 Monday/PROPN/pobj/13/B-DATE ./PUNCT/punct/9 '
        'Zentrix/NOUN/nsubj/17/B-PERSON rejected/VERB/ROOT/17/=reject bid/NOUN/compound/19 number/NOUN/dobj/17 '
        '2/NUM/nummod/19/B-CARDINAL on/ADP/prep/17 Monday/PROPN/pobj/21/B-DATE ./PUNCT/punct/17 '
        'Zentrix/NOUN/nsubj/25/B-PERSON rejected/VERB/ROOT/25/=reject bid/NOUN/compound/27 number/NOUN/dobj/25 '
        '3/NUM/nummod/27/B-CARDINAL on/ADP/prep/25 Monday/PROPN/pobj/29/B-DATE ./PUNCT/punct/25 '
        'Zentrix/NOUN/nsubj/33/B-PERSON rejected/VERB/ROOT/33/=reject bid/NOUN/compound/35 number/NOUN/dobj/33 '
        '4/NUM/nummod/35/B-CARDINAL on/ADP/prep/33 Monday/PROPN/pobj/37/B-DATE ./PUNCT/punct/33 '
        'Zentrix/NOUN/nsubj/41/B-PERSON rejected/VERB/ROOT/41/=reject bid/NOUN/compound/43 number/NOUN/dobj/41 '
        '5/NUM/nummod/43/B-CARDINAL on/ADP/prep/41 Monday/PROPN/pobj/45/B-DATE ./PUNCT/punct/41 '
        'Zentrix/NOUN/nsubj/49/B-PERSON rejected/VERB/ROOT/49/=reject bid/NOUN/compound/51 number/NOUN/dobj/49 '
        '6/NUM/nummod/51/B-CARDINAL on/ADP/prep/49 Monday/PROPN/pobj/53/B-DATE ./PUNCT/punct/49 '
        'Zentrix/NOUN/nsubj/57/B-PERSON rejected/VERB/ROOT/57/=reject bid/NOUN/compound/59 number/NOUN/dobj/57 '
        '7/NUM/nummod/59/B-CARDINAL on/ADP/prep/57 Monday/PROPN/pobj/61/B-DATE ./PUNCT/punct/57 '
        'Zentrix/NOUN/nsubj/65/B-PERSON rejected/VERB/ROOT/65/=reject bid/NOUN/compound/67 number/NOUN/dobj/65 '
        '8/NUM/nummod/67/B-CARDINAL on/ADP/prep/65 Monday/PROPN/pobj/69/B-DATE ./PUNCT/punct/65 '
        'Zentrix/NOUN/nsubj/73/B-PERSON rejected/VERB/ROOT/73/=reject bid/NOUN/compound/75 number/NOUN/dobj/73 '
        '9/NUM/nummod/75/B-CARDINAL on/ADP/prep/73 Monday/PROPN/pobj/77/B-DATE ./PUNCT/punct/73 '
        'Zentrix/NOUN/nsubj/81/B-PERSON rejected/VERB/ROOT/81/=reject bid/NOUN/compound/83 number/NOUN/dobj/81 '
        '10/NUM/nummod/83/B-CARDINAL on/ADP/prep/81 Monday/PROPN/pobj/85/B-DATE ./PUNCT/punct/81 '
        'Zentrix/NOUN/nsubj/89/B-PERSON rejected/VERB/ROOT/89/=reject bid/NOUN/compound/91 number/NOUN/dobj/89 '
        '11/NUM/nummod/91/B-CARDINAL on/ADP/prep/89 Monday/PROPN/pobj/93/B-DATE ./PUNCT/punct/89 ⏎/SPACE/dep/95 '
        'Mr./PROPN/compound/98 Halvorsen/PROPN/nsubjpass/106/B-PERSON ,/PUNCT/punct/98 who/PRON/nsubj/101 '
        'runs/VERB/relcl/98/=run the/DET/det/103 rival/NOUN/dobj/101 ,/PUNCT/punct/98 was/AUX/auxpass/106/=be '
        'unmoved/VERB/ROOT/106/=unmove ./PUNCT/punct/106 Zentrix/NOUN/nsubj/109/B-PERSON said/VERB/ROOT/109/=say '
        'nothing/PRON/dobj/109 more/ADJ/amod/110 ./PUNCT/punct/109 ⏎/SPACE/dep/112 “/PUNCT/punct/117 '
        'We/PRON/nsubj/117 will/AUX/aux/117 raise/VERB/ccomp/123 our/PRON/poss/119 offer/NOUN/dobj/117 '
        ',/PUNCT/punct/123 ”/PUNCT/punct/123 he/PRON/nsubj/123 said/VERB/ROOT/123/=say ./PUNCT/punct/123'
    )
    assert speaker(text, tokens) in ("Halvorsen", "Mr. Halvorsen")


def test_mr_and_a_surname_is_not_the_woman_of_that_surname(speaker):
    text = ("Mary Delacroix opened the new wing on Monday. "
            "“We will not be intimidated,” Mr. Delacroix said in a video message.")
    tokens = (
        'Mary/PROPN/compound/1/B-PERSON Delacroix/PROPN/nsubj/2/I-PERSON opened/VERB/ROOT/2/=open the/DET/det/5 '
        'new/ADJ/amod/5 wing/NOUN/dobj/2 on/ADP/prep/2 Monday/PROPN/pobj/6/B-DATE ./PUNCT/punct/2 '
        '“/PUNCT/punct/19 We/PRON/nsubjpass/14 will/AUX/aux/14 not/PART/neg/14 be/AUX/auxpass/14 '
        'intimidated/VERB/ccomp/19/=intimidate ,/PUNCT/punct/19 ”/PUNCT/punct/19 Mr./PROPN/compound/18 '
        'Delacroix/PROPN/nsubj/19/B-PERSON said/VERB/ROOT/19/=say in/ADP/prep/19 a/DET/det/23 '
        'video/NOUN/compound/23 message/NOUN/pobj/20 ./PUNCT/punct/19'
    )
    assert speaker(text, tokens) == "Delacroix"


def test_a_religious_title_is_no_part_of_the_name_and_the_first_name_gives_the_gender(speaker):
    text = ("Rabbi David Orenstein led the service. Susan Park, a neighbour, wept.\n"
            "“They were a wonderful family,” he said.")
    tokens = (
        'Rabbi/PROPN/compound/2/B-PERSON David/PROPN/compound/2/I-PERSON Orenstein/PROPN/nsubj/3/I-PERSON '
        'led/VERB/ROOT/3/=lead the/DET/det/5 service/NOUN/dobj/3 ./PUNCT/punct/3 Susan/PROPN/compound/8/B-PERSON '
        'Park/PROPN/nsubj/13/I-PERSON ,/PUNCT/punct/8 a/DET/det/11 neighbour/ADJ/appos/8 ,/PUNCT/punct/13 '
        'wept/VERB/ROOT/13/=weep ./PUNCT/punct/13 ⏎/SPACE/dep/14 “/PUNCT/punct/18 They/PRON/nsubj/18 '
        'were/AUX/ccomp/25/=be a/DET/det/21 wonderful/ADJ/amod/21 family/NOUN/attr/18 ,/PUNCT/punct/25 '
        '”/PUNCT/punct/25 he/PRON/nsubj/25 said/VERB/ROOT/25/=say ./PUNCT/punct/25'
    )
    assert speaker(text, tokens) == "David Orenstein"


def test_a_possessed_role_is_the_person_the_article_gave_that_role(speaker):
    text = ("President Elena Varas of Norland visited the site on Monday. Rescue teams worked through the night. "
            "“Every team is on the ground,” Norland's president said.")
    tokens = (
        'President/PROPN/compound/2 Elena/PROPN/compound/2/B-PERSON Varas/PROPN/nsubj/5/I-PERSON of/ADP/prep/2 '
        'Norland/PROPN/pobj/3/B-ORG visited/VERB/ROOT/5/=visit the/DET/det/7 site/NOUN/dobj/5 on/ADP/prep/5 '
        'Monday/PROPN/pobj/8/B-DATE ./PUNCT/punct/5 Rescue/NOUN/compound/12 teams/NOUN/nsubj/13/=team/:NNS '
        'worked/VERB/ROOT/13/=work through/ADP/prep/13 the/DET/det/16/B-TIME night/NOUN/pobj/14/I-TIME '
        './PUNCT/punct/13 “/PUNCT/punct/30 Every/DET/det/20 team/NOUN/nsubj/21 is/AUX/ccomp/30/=be on/ADP/prep/21 '
        'the/DET/det/24 ground/NOUN/pobj/22 ,/PUNCT/punct/30 ”/PUNCT/punct/30 Norland/PROPN/poss/29/B-ORG '
        "'s/PART/case/27 president/NOUN/nsubj/30 said/VERB/ROOT/30/=say ./PUNCT/punct/30"
    )
    assert speaker(text, tokens) == "Elena Varas"


@pytest.mark.model
def test_the_head_noun_of_an_organisation_name_describes_it(nlp):
    text = ("Kestrel Airlines cancelled 40 flights. Pilots at Harbor Logistics went on strike, and Harbor "
            "Logistics said talks had failed. The airline thanked passengers.")
    doc = nlp(text)
    airline = [t for t in doc if t.lower_ == "airline"][-1]
    assert EntityIndex(doc, set()).resolve_token(airline).name == "Kestrel Airlines"


def test_a_title_the_parser_took_for_the_subject_yields_the_name_beside_it(speaker):
    text = ("“There’s going to be a review of what funds can be used,” said House Minority Whip Orly Vantz "
            "(D-Md.). He added that Ryan was investigating.")
    tokens = (
        '“/PUNCT/punct/16 There/PRON/expl/3 ’s/AUX/aux/3 going/VERB/ccomp/16/=go to/PART/aux/5 be/AUX/xcomp/3 '
        'a/DET/det/7 review/NOUN/attr/5 of/ADP/prep/7 what/PRON/dobj/13 funds/NOUN/nsubjpass/13/=fund/:NNS '
        'can/AUX/aux/13 be/AUX/auxpass/13 used/VERB/pcomp/8/=use ,/PUNCT/punct/16 ”/PUNCT/punct/16 '
        'said/VERB/ROOT/16/=say House/PROPN/compound/19/B-ORG Minority/PROPN/compound/19 Whip/PROPN/nsubj/16 '
        'Orly/PROPN/nmod/21 Vantz/PROPN/appos/19 (/PUNCT/punct/21 D/PROPN/compound/25 -/PUNCT/punct/23 '
        'Md./PROPN/appos/21 )/PUNCT/punct/21 ./PUNCT/punct/16 He/PRON/nsubj/29 added/VERB/ROOT/29/=add '
        'that/SCONJ/mark/33 Ryan/PROPN/nsubj/33/B-PERSON was/AUX/aux/33/=be '
        'investigating/VERB/ccomp/29/=investigate ./PUNCT/punct/29'
    )
    assert speaker(text, tokens, 0) == "Orly Vantz"


def test_a_document_with_no_author_is_never_the_speaker(speaker):
    text = "Kestrel Air raised its offer on Monday. The offer was “final and generous”, according to a statement."
    tokens = (
        'Kestrel/PROPN/compound/1/B-ORG Air/PROPN/nsubj/2/I-ORG raised/VERB/ROOT/2/=raise its/PRON/poss/4 '
        'offer/NOUN/dobj/2 on/ADP/prep/2 Monday/PROPN/pobj/5/B-DATE ./PUNCT/punct/2 The/DET/det/9 '
        'offer/NOUN/nsubj/10 was/AUX/ROOT/10/=be “/PUNCT/punct/10 final/ADJ/acomp/10 and/CCONJ/cc/12 '
        'generous/ADJ/conj/12 ”/PUNCT/punct/10 ,/PUNCT/punct/10 according/VERB/prep/10/=accord to/ADP/prep/17 '
        'a/DET/det/20 statement/NOUN/pobj/18 ./PUNCT/punct/10'
    )
    assert speaker(text, tokens) != "statement"


@pytest.mark.model
def test_a_pronoun_opening_the_next_sentence_gives_the_subject_its_gender(nlp):
    text = ("Mike Dorsey spoke first. Former Speaker Arlo Quennell praised the guards. "
            "He said the threat should not change that.")
    doc = nlp(text)
    people = {e.name: e.gender for e in EntityIndex(doc, set()).entities}
    assert people.get("Arlo Quennell") == "m"


def test_a_role_word_before_a_first_name_is_not_part_of_it():
    assert clean_name("Comedienne Sarah") == "Sarah"


def test_the_pair_is_never_the_byline(speaker):
    text = "Written by Sarah Lund and Peter Holm.\nThe talks ended late on Friday.\n“We made real progress,” the pair said."
    tokens = (
        'Written/VERB/ROOT/0/=write by/ADP/agent/0 Sarah/PROPN/compound/3/B-PERSON Lund/PROPN/pobj/1/I-PERSON '
        'and/CCONJ/cc/3 Peter/PROPN/compound/6/B-PERSON Holm/PROPN/conj/3/I-PERSON ./PUNCT/punct/0 ⏎/SPACE/dep/7 '
        'The/DET/det/10 talks/NOUN/nsubj/11/=talk/:NNS ended/VERB/ROOT/11/=end late/ADV/advmod/11 on/ADP/prep/11 '
        'Friday/PROPN/pobj/13/B-DATE ./PUNCT/punct/11 ⏎/SPACE/dep/15 “/PUNCT/punct/19 We/PRON/nsubj/19 '
        'made/VERB/ccomp/26/=make real/ADJ/amod/21 progress/NOUN/dobj/19 ,/PUNCT/punct/26 ”/PUNCT/punct/26 '
        'the/DET/det/25 pair/NOUN/nsubj/26 said/VERB/ROOT/26/=say ./PUNCT/punct/26'
    )
    assert speaker(text, tokens) != "Sarah Lund and Peter Holm"


def test_a_pronoun_in_the_body_does_not_reach_into_a_caption_line(speaker):
    text = ("Activist Nora Tull said the crew told her to behave, according to Ms. Tull.\n"
            "Harbour Hawks coach Glynn Orvey tweeted that the airline needs 'better training'\n"
            "“I did not say a word,” she said.")
    tokens = (
        'Activist/PROPN/compound/2 Nora/PROPN/compound/2/B-PERSON Tull/PROPN/nsubj/3/I-PERSON '
        'said/VERB/ROOT/3/=say the/DET/det/5 crew/NOUN/nsubj/6 told/VERB/ccomp/3/=tell her/PRON/dobj/6/=she '
        'to/PART/aux/9 behave/VERB/xcomp/6 ,/PUNCT/punct/6 according/VERB/prep/6/=accord to/ADP/prep/11 '
        'Ms./PROPN/compound/14 Tull/PROPN/pobj/12/B-PERSON ./PUNCT/punct/3 ⏎/SPACE/dep/15 '
        'Harbour/PROPN/compound/18/B-ORG Hawks/PROPN/compound/19/I-ORG/:NNPS coach/NOUN/compound/21 '
        'Glynn/PROPN/compound/21/B-PERSON Orvey/PROPN/nsubj/22/I-PERSON tweeted/VERB/ROOT/22/=tweet '
        "that/SCONJ/mark/26 the/DET/det/25 airline/NOUN/nsubj/26 needs/VERB/ccomp/22/=need '/PART/punct/26 "
        "better/ADJ/amod/29/=well training/NOUN/dobj/26 '/PUNCT/punct/22 ⏎/SPACE/dep/30 “/PUNCT/punct/36 "
        'I/PRON/nsubj/36 did/AUX/aux/36/=do not/PART/neg/36 say/VERB/ccomp/42 a/DET/det/38 word/NOUN/dobj/36 '
        ',/PUNCT/punct/42 ”/PUNCT/punct/42 she/PRON/nsubj/42 said/VERB/ROOT/42/=say ./PUNCT/punct/42'
    )
    assert speaker(text, tokens) == "Nora Tull"


TEASER = ("Mayor Ana Ruiz opened the bridge on Monday.\n"
          "MOST READ IN NEWS SHOCK EXIT Tom Ward quits the club after a row\n"
          "He said the repairs had taken far too long, adding: “We are proud of it.”")
TEASER_PARSE = (
    'Mayor/PROPN/compound/2 Ana/PROPN/compound/2/B-PERSON Ruiz/PROPN/nsubj/3/I-PERSON opened/VERB/ROOT/3/=open '
    'the/DET/det/5 bridge/NOUN/dobj/3 on/ADP/prep/3 Monday/PROPN/pobj/6/B-DATE ./PUNCT/punct/3 ⏎/SPACE/dep/8 '
    'MOST/ADJ/nsubj/11 READ/VERB/advcl/18/=read IN/ADP/prep/11 NEWS/NOUN/compound/15 SHOCK/NOUN/compound/15 '
    'EXIT/NOUN/compound/17 Tom/PROPN/compound/17/B-PERSON Ward/PROPN/nsubj/18/I-PERSON quits/VERB/ccomp/26/=quit '
    'the/DET/det/20 club/NOUN/dobj/18 after/ADP/prep/18 a/DET/det/23 row/NOUN/pobj/21 ⏎/SPACE/dep/23 '
    'He/PRON/nsubj/26 said/VERB/ROOT/26/=say the/DET/det/28 repairs/NOUN/nsubj/30/=repair/:NNS had/AUX/aux/30/=have '
    'taken/VERB/ccomp/26/=take far/ADV/advmod/33 too/ADV/advmod/33 long/ADV/advmod/30 ,/PUNCT/punct/30 '
    'adding/VERB/advcl/26/=add :/PUNCT/punct/35 “/PUNCT/punct/35 We/PRON/nsubj/39 are/AUX/ccomp/35/=be '
    'proud/ADJ/acomp/39 of/ADP/prep/40 it/PRON/pobj/41 ./PUNCT/punct/26 ”/PUNCT/punct/26'
)


def test_a_pronoun_does_not_reach_into_the_links_to_other_stories(speaker):
    assert speaker(TEASER, TEASER_PARSE) == "Ana Ruiz"


def test_lines_of_links_to_other_stories_read_as_such_however_long():
    from quotedesk.core.detect import is_teaser

    assert is_teaser("MOST READ IN NEWS SHOCK EXIT Tom Ward quits the club after a row " * 5)
    assert is_teaser("READ MORE: Bridge reopens after repairs")
    assert not is_teaser("Related to the repairs, the council said it was pleased.")
    assert not is_teaser("Most readers never saw the bridge")


def test_someone_the_article_does_not_name_is_marked_unnamed(speaker):
    text = "The two settled their case in July, an attorney said, calling it “a fair end”."
    tokens = (
        'The/DET/det/1 two/NUM/nsubj/2/B-CARDINAL settled/VERB/ccomp/10/=settle their/PRON/poss/4 '
        'case/NOUN/dobj/2 in/ADP/prep/2 July/PROPN/pobj/5/B-DATE ,/PUNCT/punct/10 an/DET/det/9 '
        'attorney/NOUN/nsubj/10 said/VERB/ROOT/10/=say ,/PUNCT/punct/10 calling/VERB/advcl/10/=call '
        'it/PRON/dobj/12 “/PUNCT/punct/17 a/DET/det/17 fair/ADJ/amod/17 end/NOUN/oprd/12 ”/PUNCT/punct/10 '
        './PUNCT/punct/10'
    )
    assert speaker(text, tokens) == "attorney (unnamed)"


@pytest.mark.parametrize("dep", ["nsubj", "dobj"])
def test_a_sign_that_reads_words_is_the_words_of_whoever_holds_it(speaker, dep):
    # The parser takes the sign for the subject of "read" or, with the words
    # first, for its object; either way the fan wrote them, not a person reading.
    text = "The game ended late. “We never gave up!” read one fan’s sign."
    tokens = (
        'The/DET/det/1 game/NOUN/nsubj/2 ended/VERB/ROOT/2/=end late/ADV/advmod/2 ./PUNCT/punct/2 '
        '“/PUNCT/punct/12 We/PRON/nsubj/8 never/ADV/neg/8 gave/VERB/ccomp/12/=give up/ADP/prt/8 '
        f'!/PUNCT/punct/12 ”/PUNCT/punct/12 read/VERB/ROOT/12 one/NUM/nummod/14 fan/NOUN/poss/16 '
        f'’s/PART/case/14 sign/NOUN/{dep}/12 ./PUNCT/punct/12'
    )
    assert speaker(text, tokens) == "fan (unnamed)"


def test_a_lede_that_describes_before_it_names_means_the_name_that_follows(speaker):
    text = "THE biggest ferry firm in the region has admitted its boats were “often late”. Harbour Lines said the delays were regrettable."
    tokens = (
        'THE/DET/det/3 biggest/ADJ/amod/3/=big ferry/NOUN/compound/3 firm/NOUN/nsubj/8 in/ADP/prep/3 '
        'the/DET/det/6 region/NOUN/pobj/4 has/AUX/aux/8/=have admitted/VERB/ROOT/8/=admit its/PRON/poss/10 '
        'boats/NOUN/nsubj/11/=boat/:NNS were/AUX/ccomp/8/=be “/PUNCT/punct/11 often/ADV/advmod/14 '
        'late/ADV/acomp/11 ”/PUNCT/punct/8 ./PUNCT/punct/8 Harbour/PROPN/compound/18/B-ORG '
        'Lines/PROPN/nsubj/19/I-ORG said/VERB/ROOT/19/=say the/DET/det/21 delays/NOUN/nsubj/22/=delay/:NNS '
        'were/AUX/ccomp/19/=be regrettable/ADJ/acomp/22 ./PUNCT/punct/19'
    )
    (first, *_) = attribute_doc(parsed(text, tokens), find_quotes(text))
    assert (first.chosen.name, first.chosen.mention) == ("Harbour Lines", "THE biggest ferry firm")


def test_the_firm_is_never_a_nationality(speaker):
    text = "British passengers were stranded. “We are sorry,” the firm said."
    tokens = (
        'British/ADJ/amod/1/B-NORP passengers/NOUN/nsubjpass/3/=passenger/:NNS were/AUX/auxpass/3/=be '
        'stranded/VERB/ROOT/3/=strand ./PUNCT/punct/3 “/PUNCT/punct/12 We/PRON/nsubj/7 are/AUX/ccomp/12/=be '
        'sorry/ADJ/acomp/7 ,/PUNCT/punct/12 ”/PUNCT/punct/12 the/DET/det/11 firm/NOUN/nsubj/12 '
        'said/VERB/ROOT/12/=say ./PUNCT/punct/12'
    )
    assert speaker(text, tokens) != "British"


def test_the_report_is_never_a_nationality(speaker):
    text = "American anglers saw the spill first. The report said the “cleanup” was slow."
    tokens = (
        'American/ADJ/amod/1/B-NORP anglers/NOUN/nsubj/2/=angler/:NNS saw/VERB/ROOT/2/=see the/DET/det/4 '
        'spill/NOUN/dobj/2 first/ADV/advmod/2/B-ORDINAL ./PUNCT/punct/2 The/DET/det/8 report/NOUN/nsubj/9 '
        'said/VERB/ROOT/9/=say the/DET/det/12 “/PUNCT/punct/12/=" cleanup/NOUN/nsubj/14 ”/PUNCT/punct/12/=" '
        'was/AUX/ccomp/9/=be slow/ADJ/acomp/14 ./PUNCT/punct/9'
    )
    assert speaker(text, tokens) != "American"


def test_the_report_is_whoever_reported_it_just_before(speaker):
    text = ("The local newspaper Dae Han, quoting unnamed sources, reported that American divers had found the "
            "wreck. The report said the “salvage” would take weeks.")
    tokens = (
        'The/DET/det/2 local/ADJ/amod/2 newspaper/NOUN/nsubj/10 Dae/PROPN/compound/4/B-PERSON/=Dae '
        'Han/PROPN/appos/2/I-PERSON/=Han ,/PUNCT/punct/2 quoting/VERB/acl/2/=quote unnamed/ADJ/amod/8 '
        'sources/NOUN/dobj/6/=source/:NNS ,/PUNCT/punct/2 reported/VERB/ROOT/10/=report that/SCONJ/mark/15 '
        'American/ADJ/amod/13/B-NORP divers/NOUN/nsubj/15/=diver/:NNS had/AUX/aux/15/=have found/VERB/ccomp/10/=find '
        'the/DET/det/17 wreck/NOUN/dobj/15 ./PUNCT/punct/10 The/DET/det/20 report/NOUN/nsubj/21 said/VERB/ROOT/21/=say '
        'the/DET/det/24 “/PUNCT/punct/24/=" salvage/NOUN/nsubj/27 ”/PUNCT/punct/24/=" would/AUX/aux/27 '
        'take/VERB/ccomp/21 weeks/NOUN/dobj/27/B-DATE/=week/:NNS ./PUNCT/punct/21'
    )
    assert speaker(text, tokens) == "Dae Han"


def test_whom_an_indictment_charges_did_not_write_it(speaker):
    text = "Lena Ortiz was arrested on Friday. Ortiz's indictment says she “lied on multiple occasions”."
    tokens = (
        'Lena/PROPN/compound/1/B-PERSON Ortiz/PROPN/nsubjpass/3/I-PERSON was/AUX/auxpass/3/=be '
        'arrested/VERB/ROOT/3/=arrest on/ADP/prep/3 Friday/PROPN/pobj/4/B-DATE ./PUNCT/punct/3 '
        "Ortiz/PROPN/poss/9/B-PERSON 's/PART/case/7 indictment/NOUN/nsubj/10 says/VERB/ROOT/10/=say "
        'she/PRON/nsubj/13 “/PUNCT/punct/13 lied/VERB/ccomp/10/=lie on/ADP/prep/13 multiple/ADJ/amod/16 '
        'occasions/NOUN/pobj/14/=occasion/:NNS ”/PUNCT/punct/13 ./PUNCT/punct/10'
    )
    assert speaker(text, tokens) != "Lena Ortiz"


def test_a_demonym_starting_an_organisation_name_is_part_of_it():
    assert clean_name("Nordic Airlines") == "Nordic Airlines"
    assert clean_name("American Airlines '") == "American Airlines"   # a stray mark is not
    assert clean_name("Belarusian Alexander Lukashenko") == "Alexander Lukashenko"
