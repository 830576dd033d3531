"""Words that introduce reported speech, and words that refer back to a speaker.

Kept apart from the rules that use them so that adding a cue ("quipped") or a
role noun ("spokeswoman") is a one-line change that every rule sees.
"""

#: Verbs whose subject is the source of a quotation (lemmas).
SPEECH_VERBS = frozenset(
    """
    say tell add write ask note argue insist tweet announce warn state declare explain
    claim assert reply respond answer recall remark comment continue conclude observe
    suggest acknowledge admit concede confirm deny complain lament predict promise vow
    pledge urge caution stress emphasize emphasise point describe call label dub term
    characterize characterise brand quote cite report post testify repeat reiterate
    shout yell scream whisper mutter joke quip boast brag chant cry exclaim proclaim
    retort counter interject agree disagree contend maintain allege charge accuse
    blast slam criticize criticise praise hail thank welcome applaud mock tout
    demand request plead beg recount reveal disclose inform advise assure reassure
    guarantee threaten concur summarize summarise told wonder muse sigh grumble
    write post email text message
    """.split()
)

#: Verbs that attribute a stance, used for partial quotes inside reported speech
#: ("Xi called for “relevant countries” to…", "expressed “deep concern”").
STANCE_VERBS = frozenset(
    """
    express voice endorse support oppose reject condemn seek hope believe want
    think feel consider see view regard describe call label promise vow pledge
    push propose offer recommend expect fear vow welcome agree reaffirm stress
    underscore highlight emphasize emphasise discuss mention refer accuse praise
    criticize criticise blame dismiss defend insist laud lauded
    """.split()
)

#: Nouns that, as the head of "in a statement", "in an interview" and the
#: like, mark the sentence as an attribution without a verb.
STATEMENT_NOUNS = frozenset(
    "statement interview remarks speech tweet post letter email memo release readout "
    "briefing conference address op-ed essay column editorial message video".split()
)

PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_THING = frozenset({"it", "its", "itself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "themselves"})
PRONOUNS_FIRST = frozenset({"i", "we", "me", "us", "you"})
PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_THING | PRONOUNS_PLURAL | PRONOUNS_FIRST | {
    "who", "which", "that", "this", "one", "someone", "anyone", "nobody",
}

#: Head nouns of descriptions that refer to a person named elsewhere.
PERSON_NOUNS = frozenset(
    """
    leader president minister premier chancellor official spokesman spokeswoman
    spokesperson secretary senator governor candidate nominee congressman
    congresswoman lawmaker mayor diplomat ambassador envoy chief director chairman
    chairwoman adviser advisor aide expert analyst professor economist author
    businessman businesswoman billionaire mogul man woman veteran manager founder
    ceo general commander king queen prince host anchor judge attorney lawyer
    prosecutor representative rep sen gov dr counterpart politician activist
    """.split()
)

#: Head nouns of descriptions that refer to an organisation or document.
ORG_NOUNS = frozenset(
    """
    paper newspaper tabloid outlet agency ministry department government administration
    company firm campaign committee group organization organisation party office
    statement document report readout council commission court network channel
    network station magazine website site white house kremlin embassy bank
    """.split()
)

HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m", "lady": "f"}
