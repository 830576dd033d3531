"""Who a mention refers to, on parses written out by hand (no spaCy model).

Each test gives ``core.mentions.EntityIndex`` a short article of our own with
its parse spelled out (``tests/handdoc.py``), so it checks the rule alone:
which names are one entity, what gender the article tells, which entity a
pronoun continues and whom a description means.
"""

import pytest

from quotedesk.core.mentions import EntityIndex
from handdoc import parsed, token

PERSON, ORG, GPE = "PERSON", "ORG", "GPE"


def index(doc):
    return EntityIndex(doc, set())


# -- which mentions are one entity ---------------------------------------------

def test_a_surname_alone_joins_the_person_named_in_full():
    doc = parsed("Alexander/PROPN/compound/1 Lukashenko/PROPN/nsubj/2 met/VERB/ROOT/2/meet Xi/PROPN/compound/4 "
                 "Jinping/PROPN/dobj/2 ./PUNCT/punct/2 Lukashenko/PROPN/nsubj/7 said/VERB/ROOT/7/say "
                 "it/PRON/dobj/7 ./PUNCT/punct/7",
                 ents=[(0, 2, PERSON), (3, 5, PERSON), (6, 7, PERSON)])
    idx = index(doc)
    assert sorted(e.name for e in idx.entities) == ["Alexander Lukashenko", "Xi Jinping"]
    res = idx.resolve_token(token(doc, "Lukashenko", 1))
    assert (res.name, res.how) == ("Alexander Lukashenko", "alias")
    # The second mention is the subject of "said": the strongest claim on a later "he said".
    assert idx.entity_named("Alexander Lukashenko").speaker_positions == [token(doc, "Lukashenko", 1).idx]


def test_a_name_after_be_with_no_subject_is_what_the_clause_is_about():
    # "Among the fans was Omar Little": the parser calls the name an attribute.
    doc = parsed("Among/ADP/prep/3 the/DET/det/2 fans/NOUN/pobj/0/fan was/AUX/ROOT/3/be Omar/PROPN/compound/5 "
                 "Little/PROPN/attr/3 ./PUNCT/punct/3 Dana/PROPN/compound/8 Fisk/PROPN/attr/9 is/AUX/ROOT/9/be "
                 "here/ADV/advmod/9 ./PUNCT/punct/9",
                 ents=[(4, 6, PERSON), (7, 9, PERSON)])
    idx = index(doc)
    assert idx.entity_named("Omar Little").subject_positions == [token(doc, "Omar").idx]
    assert idx.entity_named("Dana Fisk").subject_positions == []  # before "is": not the inverted order


def test_a_surname_the_tagger_missed_still_mentions_the_person():
    doc = parsed("Alexander/PROPN/compound/1 Lukashenko/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2 "
                 "Lukashenko/PROPN/nsubj/5 said/VERB/ROOT/5/say it/PRON/dobj/5 ./PUNCT/punct/5",
                 ents=[(0, 2, PERSON)])
    idx = index(doc)
    res = idx.resolve_token(token(doc, "Lukashenko", 1))
    assert (res.name, res.how) == ("Alexander Lukashenko", "alias")
    assert len(idx.entity_named("Alexander Lukashenko").positions) == 2


def _two_trumps(honorific: str):
    """"Donald Trump and Ivanka Trump arrived. [Mr./Ms.] Trump said it.\""""
    at = 7 + bool(honorific)  # where "Trump" said it
    title = f"{honorific}/PROPN/compound/{at} " if honorific else ""
    doc = parsed("Donald/PROPN/compound/1 Trump/PROPN/nsubj/5 and/CCONJ/cc/1 Ivanka/PROPN/compound/4 "
                 "Trump/PROPN/conj/1 arrived/VERB/ROOT/5/arrive ./PUNCT/punct/5 "
                 + title
                 + f"Trump/PROPN/nsubj/{at + 1} said/VERB/ROOT/{at + 1}/say it/PRON/dobj/{at + 1} ./PUNCT/punct/{at + 1}",
                 ents=[(0, 2, PERSON), (3, 5, PERSON), (at, at + 1, PERSON)])
    return doc, token(doc, "Trump", 2)


@pytest.mark.parametrize("honorific, meant", [("Mr.", "Donald Trump"), ("Ms.", "Ivanka Trump"), ("", "Trump")])
def test_a_short_name_two_people_share_joins_the_one_its_honorific_allows(honorific, meant):
    doc, trump = _two_trumps(honorific)
    assert index(doc).resolve_token(trump).name == meant


def test_a_name_in_apposition_with_an_occupation_is_a_person_given_name_and_all():
    # "Kenji Sato, a security guard, said it. He added more.": the tagger
    # took "Sato" alone for an organisation.
    doc = parsed("Kenji/PROPN/compound/1 Sato/PROPN/nsubj/7 ,/PUNCT/punct/1 a/DET/det/5 security/NOUN/compound/5 "
                 "guard/NOUN/appos/1 ,/PUNCT/punct/1 said/VERB/ROOT/7/say it/PRON/dobj/7 ./PUNCT/punct/7 "
                 "He/PRON/nsubj/11 added/VERB/ROOT/11/add more/ADJ/dobj/11 ./PUNCT/punct/11",
                 ents=[(1, 2, ORG)])
    idx = index(doc)
    [sato] = idx.entities
    assert (sato.name, sato.kind) == ("Kenji Sato", "person")
    assert idx.resolve_token(token(doc, "He")).name == "Kenji Sato"


def test_an_organisation_described_by_what_it_does_stays_one():
    doc = parsed("Kestrel/PROPN/nsubj/5 ,/PUNCT/punct/0 a/DET/det/3 company/NOUN/appos/0 ,/PUNCT/punct/0 "
                 "said/VERB/ROOT/5/say it/PRON/dobj/5 ./PUNCT/punct/5",
                 ents=[(0, 1, ORG)])
    [kestrel] = index(doc).entities
    assert kestrel.kind == "org"


def test_the_majority_of_the_taggers_labels_decides_a_names_kind():
    # "Sanders" tagged ORG first, then PERSON twice: a person.
    doc = parsed("Sanders/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1 "
                 "Sanders/PROPN/nsubj/4 won/VERB/ROOT/4/win ./PUNCT/punct/4 "
                 "Sanders/PROPN/nsubj/7 said/VERB/ROOT/7/say it/PRON/dobj/7 ./PUNCT/punct/7",
                 ents=[(0, 1, ORG), (3, 4, PERSON), (6, 7, PERSON)])
    [sanders] = index(doc).entities
    assert sanders.kind == "person"


# -- gender ----------------------------------------------------------------------

def test_a_pronoun_right_after_a_lone_named_subject_tells_its_gender():
    doc = parsed("Kestrel/PROPN/compound/1 Okafor/PROPN/nsubj/2 arrived/VERB/ROOT/2/arrive ./PUNCT/punct/2 "
                 "She/PRON/nsubj/5 said/VERB/ROOT/5/say it/PRON/dobj/5 ./PUNCT/punct/5",
                 ents=[(0, 2, PERSON)])
    [okafor] = index(doc).entities
    assert okafor.gender == "f"
    assert not okafor.can_be("m")


def test_a_one_word_name_repeated_without_a_gender_is_no_person_unless_a_title_says_it_is():
    from quotedesk.core.entity import Entity

    def named(context):
        return Entity("Quorle", "person", {"Quorle"}, list(range(0, 90, 10)), [], set(context))

    assert not named({"shares", "the"}).can_be("m")  # a company the tagger took for a person
    assert named({"president", "the"}).can_be("m") and named({"sen"}).can_be("f")


@pytest.mark.parametrize("pronoun, meant", [("She", "Varga"), ("He", "Okafor")])
def test_he_and_she_skip_a_nearer_person_of_the_other_gender(pronoun, meant):
    doc = parsed("Ms./PROPN/compound/1 Varga/PROPN/nsubj/2 met/VERB/ROOT/2/meet Mr./PROPN/compound/4 "
                 f"Okafor/PROPN/dobj/2 ./PUNCT/punct/2 {pronoun}/PRON/nsubj/7 said/VERB/ROOT/7/say "
                 "it/PRON/dobj/7 ./PUNCT/punct/7",
                 ents=[(1, 2, PERSON), (4, 5, PERSON)])
    res = index(doc).resolve_token(token(doc, pronoun))
    assert (res.name, res.how) == (meant, "pronoun")


# -- pronouns and salience ---------------------------------------------------------

def test_it_continues_the_subject_of_the_sentence_before_not_its_object():
    doc = parsed("Kestrel/PROPN/compound/1 Air/PROPN/nsubj/2 sued/VERB/ROOT/2/sue Harbor/PROPN/compound/4 "
                 "Logistics/PROPN/dobj/2 ./PUNCT/punct/2 It/PRON/nsubj/7 said/VERB/ROOT/7/say "
                 "nothing/PRON/dobj/7 ./PUNCT/punct/7",
                 ents=[(0, 2, ORG), (3, 5, ORG)])
    assert index(doc).resolve_token(token(doc, "It")).name == "Kestrel Air"


def test_a_name_in_apposition_to_a_titled_subject_is_the_subject():
    # "Former Speaker Jane Doe praised the plan.": the parser makes the title
    # the subject and the name its apposition.
    doc = parsed("Former/ADJ/amod/1 Speaker/PROPN/nsubj/4 Jane/PROPN/compound/3 Doe/PROPN/appos/1 "
                 "praised/VERB/ROOT/4/praise the/DET/det/6 plan/NOUN/dobj/4 ./PUNCT/punct/4",
                 ents=[(2, 4, PERSON)])
    assert index(doc).entity_named("Jane Doe").subject_positions == [token(doc, "Jane").idx]


def test_a_name_before_a_speech_verb_the_parser_left_without_subject_is_its_speaker():
    # "In Tampa, Rabbi Dan Cole of Bethel said it.": parsed as if the name
    # were a second place after Tampa.
    doc = parsed("In/ADP/prep/8 Tampa/PROPN/pobj/0 ,/PUNCT/punct/1 Rabbi/PROPN/compound/5 Dan/PROPN/compound/5 "
                 "Cole/PROPN/conj/1 of/ADP/prep/5 Bethel/PROPN/pobj/6 said/VERB/ROOT/8/say it/PRON/dobj/8 "
                 "./PUNCT/punct/8",
                 ents=[(1, 2, GPE), (3, 6, PERSON), (7, 8, ORG)])
    cole = index(doc).entity_named("Dan Cole")
    assert cole.speaker_positions == cole.subject_positions == [token(doc, "Rabbi").idx]


def test_the_object_of_a_verb_joined_to_a_speech_verb_is_not_its_speaker():
    # "Ann Lee thanked Dan Cole and said it.": "said" shares Lee as subject.
    doc = parsed("Ann/PROPN/compound/1 Lee/PROPN/nsubj/2 thanked/VERB/ROOT/2/thank Dan/PROPN/compound/4 "
                 "Cole/PROPN/dobj/2 and/CCONJ/cc/2 said/VERB/conj/2/say it/PRON/dobj/6 ./PUNCT/punct/2",
                 ents=[(0, 2, PERSON), (3, 5, PERSON)])
    assert index(doc).entity_named("Dan Cole").speaker_positions == []


def test_a_name_before_someone_elses_speech_verb_is_not_its_speaker():
    # "Ann Lee began an interview with Dan Cole by asking": the verb is not the clause's.
    doc = parsed("Ann/PROPN/compound/1 Lee/PROPN/nsubj/2 began/VERB/ROOT/2/begin an/DET/det/4 "
                 "interview/NOUN/dobj/2 with/ADP/prep/4 Dan/PROPN/compound/7 Cole/PROPN/pobj/5 by/ADP/prep/2 "
                 "asking/VERB/pcomp/8/ask ./PUNCT/punct/2",
                 ents=[(0, 2, PERSON), (6, 8, PERSON)])
    assert index(doc).entity_named("Dan Cole").speaker_positions == []


def test_he_at_a_new_paragraph_means_the_person_just_introduced_not_one_named_before():
    doc = parsed("Tom/PROPN/compound/1 Hale/PROPN/nsubj/2 said/VERB/ROOT/2/say it/PRON/dobj/2 ./PUNCT/punct/2 "
                 "⏎/SPACE/dep/4 Families/NOUN/nsubj/7/family/NNS thanked/VERB/ROOT/7/thank Rabbi/PROPN/compound/10 "
                 "Dan/PROPN/compound/10 Cole/PROPN/dobj/7 ./PUNCT/punct/7 ⏎/SPACE/dep/11 "
                 "He/PRON/nsubj/14 said/VERB/ROOT/14/say it/PRON/dobj/14 ./PUNCT/punct/14",
                 ents=[(0, 2, PERSON), (9, 11, PERSON)])
    assert doc.text.count("\n") == 2
    assert index(doc).resolve_token(token(doc, "He")).name == "Dan Cole"


def test_she_leans_to_the_person_whose_given_name_is_a_womans_when_the_article_tells_neither():
    from quotedesk.core.gender import first_name_gender, likely_gender

    # Neither name is in the short list of common names, nor has an honorific
    # or a pronoun of its own; census lists say which a given name usually is.
    assert first_name_gender("jerrold") is first_name_gender("avril") is None
    assert (likely_gender("jerrold"), likely_gender("avril")) == ("m", "f")
    doc = parsed("Jerrold/PROPN/compound/1 Baines/PROPN/nsubj/2 met/VERB/ROOT/2/meet Avril/PROPN/compound/4 "
                 "Stone/PROPN/dobj/2 ./PUNCT/punct/2 She/PRON/nsubj/7 said/VERB/ROOT/7/say it/PRON/dobj/7 "
                 "./PUNCT/punct/7",
                 ents=[(0, 2, PERSON), (3, 5, PERSON)])
    idx = index(doc)
    assert idx.resolve_token(token(doc, "She")).name == "Avril Stone"
    # A hint, not a bar: "he" may still mean a man called Avril.
    assert all(e.can_be("m") and e.can_be("f") for e in idx.entities)


def test_a_name_whose_relative_clause_the_parser_hung_elsewhere_is_still_its_subject():
    # "Telegram was praised by Theresa May who said so. She added more.": the
    # parser hung "who said" on Telegram (a tagger's PERSON of no gender).
    doc = parsed("Telegram/PROPN/nsubjpass/2 was/AUX/auxpass/2 praised/VERB/ROOT/2/praise by/ADP/agent/2 "
                 "Theresa/PROPN/compound/5 May/PROPN/pobj/3 who/PRON/nsubj/7 said/VERB/relcl/0/say "
                 "so/ADV/advmod/7 ./PUNCT/punct/2 She/PRON/nsubj/11 added/VERB/ROOT/11/add more/ADJ/dobj/11 "
                 "./PUNCT/punct/11",
                 ents=[(0, 1, PERSON), (4, 6, PERSON)])
    idx = index(doc)
    may = next(e for e in idx.entities if e.name == "Theresa May")
    assert may.subject_positions == may.speaker_positions == [doc[4].idx]
    assert idx.resolve_token(token(doc, "She")).name == "Theresa May"


def test_a_caption_line_between_the_introduction_and_he_does_not_count():
    doc = parsed("Tom/PROPN/compound/1 Hale/PROPN/nsubj/2 said/VERB/ROOT/2/say it/PRON/dobj/2 ./PUNCT/punct/2 "
                 "⏎/SPACE/dep/4 Families/NOUN/nsubj/7/family/NNS thanked/VERB/ROOT/7/thank Rabbi/PROPN/compound/10 "
                 "Dan/PROPN/compound/10 Cole/PROPN/dobj/7 ./PUNCT/punct/7 ⏎/SPACE/dep/11 Video/NOUN/ROOT/13 "
                 "⏎/SPACE/dep/13 He/PRON/nsubj/16 said/VERB/ROOT/16/say it/PRON/dobj/16 ./PUNCT/punct/16",
                 ents=[(0, 2, PERSON), (9, 11, PERSON)])
    assert doc.text.count("\n") == 3
    assert index(doc).resolve_token(token(doc, "He")).name == "Dan Cole"


def test_a_one_word_name_is_no_introduction():
    # Page noise ("Invalid email address") or a surname alone does not
    # introduce the next "he".
    doc = parsed("Tom/PROPN/compound/1 Hale/PROPN/nsubj/2 said/VERB/ROOT/2/say it/PRON/dobj/2 ./PUNCT/punct/2 "
                 "⏎/SPACE/dep/4 Families/NOUN/nsubj/7/family/NNS thanked/VERB/ROOT/7/thank Mr./PROPN/compound/9 "
                 "Cole/PROPN/dobj/7 ./PUNCT/punct/7 ⏎/SPACE/dep/10 He/PRON/nsubj/13 said/VERB/ROOT/13/say "
                 "it/PRON/dobj/13 ./PUNCT/punct/13",
                 ents=[(0, 2, PERSON), (9, 10, PERSON)])
    assert index(doc).resolve_token(token(doc, "He")).name == "Tom Hale"


def test_he_goes_on_with_the_person_named_before_when_nobody_new_comes_between():
    doc = parsed("Tom/PROPN/compound/1 Hale/PROPN/nsubj/2 said/VERB/ROOT/2/say it/PRON/dobj/2 ./PUNCT/punct/2 "
                 "⏎/SPACE/dep/4 Families/NOUN/nsubj/6/family/NNS wept/VERB/ROOT/6/weep ./PUNCT/punct/6 "
                 "⏎/SPACE/dep/7 He/PRON/nsubj/10 said/VERB/ROOT/10/say it/PRON/dobj/10 ./PUNCT/punct/10",
                 ents=[(0, 2, PERSON)])
    assert index(doc).resolve_token(token(doc, "He")).name == "Tom Hale"


def test_a_name_inside_a_quotation_is_not_a_mention_of_a_source():
    # Okafor said "Varga lied". He left.  (tokens 2-3 are the quotation)
    doc = parsed("Okafor/PROPN/nsubj/1 said/VERB/ROOT/1/say Varga/PROPN/nsubj/3 lied/VERB/ccomp/1/lie "
                 "./PUNCT/punct/1 He/PRON/nsubj/6 left/VERB/ROOT/6/leave ./PUNCT/punct/6",
                 ents=[(0, 1, PERSON), (2, 3, PERSON)])
    idx = EntityIndex(doc, {2, 3})
    assert idx.entity_named("Varga").positions == []
    assert idx.resolve_token(token(doc, "He")).name == "Okafor"


# -- descriptions --------------------------------------------------------------------

def test_the_company_is_the_company_named_not_a_more_recent_place():
    doc = parsed("Kestrel/PROPN/compound/1 Air/PROPN/nsubj/2 flew/VERB/ROOT/2/fly there/ADV/advmod/2 ./PUNCT/punct/2 "
                 "Dubai/PROPN/nsubj/6 welcomed/VERB/ROOT/6/welcome them/PRON/dobj/6 ./PUNCT/punct/6 "
                 "The/DET/det/10 company/NOUN/nsubj/11 said/VERB/ROOT/11/say it/PRON/dobj/11 ./PUNCT/punct/11",
                 ents=[(0, 2, ORG), (5, 6, GPE)])
    res = index(doc).resolve_token(token(doc, "company"))
    assert (res.name, res.how, res.mention_text) == ("Kestrel Air", "description", "The company")


def test_the_company_is_not_a_university_named_after_it():
    doc = parsed("Kestrel/PROPN/compound/1 Air/PROPN/nsubj/2 hired/VERB/ROOT/2/hire her/PRON/dobj/2 ./PUNCT/punct/2 "
                 "She/PRON/nsubj/6 left/VERB/ROOT/6/leave Mesa/PROPN/compound/8 University/PROPN/dobj/6 "
                 "./PUNCT/punct/6 The/DET/det/11 company/NOUN/nsubj/12 said/VERB/ROOT/12/say it/PRON/dobj/12 "
                 "./PUNCT/punct/12",
                 ents=[(0, 2, ORG), (7, 9, ORG)])
    assert index(doc).resolve_token(token(doc, "company")).name == "Kestrel Air"


def test_a_descriptions_modifier_picks_out_the_person_it_fits():
    # Xi is the more salient (the subject); "Belarusian" fits Lukashenko.
    doc = parsed("Xi/PROPN/compound/1 Jinping/PROPN/nsubj/2 hosted/VERB/ROOT/2/host Belarusian/ADJ/amod/6 "
                 "President/PROPN/compound/6 Alexander/PROPN/compound/6 Lukashenko/PROPN/dobj/2 ./PUNCT/punct/2 "
                 "The/DET/det/10 Belarusian/ADJ/amod/10 leader/NOUN/nsubj/11 said/VERB/ROOT/11/say "
                 "it/PRON/dobj/11 ./PUNCT/punct/11",
                 ents=[(0, 2, PERSON), (5, 7, PERSON)])
    idx = index(doc)
    assert idx.resolve_token(token(doc, "leader")).name == "Alexander Lukashenko"
    assert idx.salient_before(token(doc, "leader").idx, ("person",))[0].name == "Xi Jinping"


def test_a_spokesman_for_a_body_speaks_for_that_body():
    doc = parsed("A/DET/det/1 spokesman/NOUN/nsubj/5 for/ADP/prep/1 Kestrel/PROPN/compound/4 Air/PROPN/pobj/2 "
                 "said/VERB/ROOT/5/say it/PRON/dobj/5 ./PUNCT/punct/5",
                 ents=[(3, 5, ORG)])
    res = index(doc).resolve_token(token(doc, "spokesman"))
    assert (res.name, res.kind, res.aliases) == ("spokesperson for Kestrel Air", "other", ("Kestrel Air",))


def test_the_couple_is_the_two_people_just_named_together():
    doc = parsed("Mara/PROPN/compound/1 Voss/PROPN/nsubj/5 and/CCONJ/cc/1 Tobias/PROPN/compound/4 "
                 "Lind/PROPN/conj/1 separated/VERB/ROOT/5/separate ./PUNCT/punct/5 The/DET/det/8 "
                 "couple/NOUN/nsubj/9 said/VERB/ROOT/9/say it/PRON/dobj/9 ./PUNCT/punct/9",
                 ents=[(0, 2, PERSON), (3, 5, PERSON)])
    assert index(doc).resolve_token(token(doc, "couple")).name == "Mara Voss and Tobias Lind"


@pytest.mark.parametrize("title, author", [("Prosecutor", "Ann Levi"), ("Lawyer", None)])
def test_an_indictment_speaks_for_the_prosecutor_the_article_names(title, author):
    doc = parsed(f"{title}/PROPN/compound/2 Ann/PROPN/compound/2 Levi/PROPN/nsubj/3 charged/VERB/ROOT/3/charge "
                 "Tom/PROPN/compound/5 Ward/PROPN/dobj/3 ./PUNCT/punct/3 The/DET/det/8 "
                 "indictment/NOUN/nsubj/9/indictment alleges/VERB/ROOT/9/allege fraud/NOUN/dobj/9 ./PUNCT/punct/9",
                 ents=[(1, 3, PERSON), (4, 6, PERSON)])
    res = index(doc).resolve_token(token(doc, "indictment"))
    # A defendant's lawyer wrote no indictment: then the article gives no author.
    assert (res.name if res.how == "description" else None) == author


def test_a_line_with_no_parse_still_says_what_a_name_is():
    # Lines with no quotation and no cue get names but no parse
    # (core.partial_parse): the words beside a name are read off the tokens.
    import spacy
    from spacy.tokens import Doc, Span

    words = ["The", "inquiry", "was", "led", "by", "special", "counsel", "Ann", "Levi", ".", "\n",
             "Tom", "Ward", ",", "a", "rabbi", ",", "was", "there", ".", "\n",
             "The", "union", "endorses", "Kim", "Rowe", "."]
    starts = [i == 0 or words[i - 1] == "\n" for i in range(len(words))]
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=starts)
    doc.ents = [Span(doc, 7, 9, label=PERSON), Span(doc, 11, 13, label=PERSON), Span(doc, 24, 26, label=PERSON)]
    context = {e.name: e.context for e in index(doc).entities}
    assert "counsel" in context["Ann Levi"] and "rabbi" in context["Tom Ward"]
    assert not context["Kim Rowe"] & {"union", "endorses"}  # a verb ends what is read


def test_an_unnamed_source_is_kept_as_written_and_marked_unnamed():
    doc = parsed("One/NUM/nummod/2 senior/ADJ/amod/2 official/NOUN/nsubj/3 said/VERB/ROOT/3/say "
                 "it/PRON/dobj/3 ./PUNCT/punct/3")
    res = index(doc).resolve_token(token(doc, "official"))
    assert (res.name, res.how, res.kind) == ("senior official (unnamed)", "nominal", "other")


# "Rowan Pike spoke. <subject> alleges he lied.": written words, or words
# themselves, whose author the article does not give are nobody.
_MUTE_SUBJECTS = {
    "that article": "That/DET/det/5 article/NOUN/nsubj/6",
    "the letter": "The/DET/det/5 letter/NOUN/nsubj/6",
    "a terse response": "A/DET/det/6 terse/ADJ/amod/6 response/NOUN/nsubj/7",
    "that world view": "That/DET/det/6 world/NOUN/compound/6 view/NOUN/nsubj/7",
}


@pytest.mark.parametrize("subject", sorted(_MUTE_SUBJECTS))
def test_a_document_or_an_utterance_with_no_author_is_no_speaker(subject):
    words = _MUTE_SUBJECTS[subject]
    verb = len(words.split()) + 4  # the verb follows the subject, after the 4 tokens of the first sentence
    doc = parsed("Rowan/PROPN/compound/1 Pike/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2 "
                 f"{words} alleges/VERB/ROOT/{verb}/allege he/PRON/nsubj/{verb + 2} "
                 f"lied/VERB/ccomp/{verb}/lie ./PUNCT/punct/{verb}",
                 ents=[(0, 2, PERSON)])
    head = next(t for t in doc if t.dep_ == "nsubj" and t.pos_ == "NOUN")
    assert index(doc).resolve_token(head) is None
