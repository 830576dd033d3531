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
    write post email text message mention
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

#: Nouns of saying: the author of "the claims made by the United States that
#: Beijing is “considering” …" owns the quoted word, not the clause's subject.
SPEECH_NOUNS = frozenset(
    """
    claim allegation accusation assertion charge statement remark comment warning
    suggestion promise pledge threat demand insistence argument contention
    """.split()
)

PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_THING = frozenset({"it", "its", "itself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "themselves"})

#: What a person is described as in an apposition ("Kenji Sato, a security
#: guard at the town hall, said"), beyond ``PERSON_NOUNS``: ordinary
#: occupations and relations, none of which names an organisation.
PEOPLE_NOUNS = frozenset(
    """
    guard worker farmer fisherman nurse firefighter soldier engineer scientist researcher
    shopkeeper waiter waitress cook chef clerk cashier mechanic electrician plumber
    carpenter builder labourer laborer miner sailor fan supporter spectator voter
    father mother son daughter brother sister wife husband grandmother grandfather
    uncle aunt cousin friend neighbour neighbor parent widow widower girlfriend boyfriend
    lecturer priest pastor rabbi imam monk nun surgeon physician dentist pharmacist
    paramedic therapist psychologist psychiatrist historian novelist poet painter
    photographer filmmaker dancer footballer cricketer golfer swimmer runner boxer
    wrestler skier pitcher shortstop quarterback striker goalkeeper midfielder
    retiree pensioner shopper tourist passenger commuter motorist cyclist pedestrian
    homeowner landlord tenant survivor victim eyewitness volunteer organizer organiser
    protester demonstrator campaigner entrepreneur consultant accountant banker trader
    broker developer programmer technician operator inspector investigator counsel
    witness resident attendee student teacher relative bystander onlooker source
    """.split()
)

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
    actor actress singer comedian comedienne star model rapper musician artist
    performer player coach athlete writer critic reporter journalist columnist
    doctor officer detective witness resident student teacher pilot captain
    driver owner investor executive entrepreneur designer producer presenter
    publicist frontman frontwoman
    """.split()
)

#: Head nouns of descriptions that refer to an organisation or document.
ORG_NOUNS = frozenset(
    """
    paper newspaper tabloid outlet agency ministry department government administration
    company firm campaign committee group organization organisation party office
    statement document report readout council commission court network channel
    network station magazine website site white house kremlin embassy bank
    airline carrier retailer automaker carmaker maker manufacturer giant startup
    conglomerate team club league union university college school hospital
    studio label foundation charity
    """.split()
)

#: Nouns for someone who speaks for another ("a publicist for the actress",
#: "Stone's attorney", "his office"): unnamed, they are "spokesperson for X".
SPOKES_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson spokespeople representative rep publicist
    attorney lawyer office
    """.split()
)

#: Written things whose words belong to their author ("a police statement",
#: "the company's statement"). Not "indictment": "Stone's indictment" names
#: whom it charges, not who wrote it.
#: What words are written on for people to read ("the sign read “…”"): such
#: a surface "reads" its words as a document "says" them.
WRITTEN_SURFACES = frozenset(
    "sign placard banner poster note card shirt t-shirt plaque billboard marquee inscription headline".split())

DOCUMENT_NOUNS = WRITTEN_SURFACES | frozenset(
    """
    statement release report letter post tweet article filing document
    readout notice memo email e-mail website complaint lawsuit ruling resolution
    petition announcement message
    """.split()
)

#: What a prosecutor is called around a name ("Special Counsel Robert
#: Mueller", "the district attorney, Ann Levi"): whose words an indictment's are.
PROSECUTOR_WORDS = frozenset({"prosecutor", "prosecutors", "counsel"})
#: ... and the attorneys who prosecute, as opposed to a defendant's own.
PROSECUTING_ATTORNEY = frozenset({"district", "general", "u.s.", "state", "state's", "county"})

#: Heads of descriptions that are words or papers, not anyone who speaks: a
#: document, an utterance, an opinion ("that article", "the letter", "a terse
#: response", "that world view"). With no author given they are no speaker,
#: never a speaker named by the noun. Not "indictment" yet: with it gone, the
#: ranker's fallback is whom it charges ("Ortiz's indictment says she …").
MUTE_NOUNS = DOCUMENT_NOUNS | SPEECH_NOUNS | {"response", "reply", "answer", "word", "view"}

#: Nouns that can write a document that they modify ("a police statement").
AUTHOR_NOUNS = PERSON_NOUNS | ORG_NOUNS - DOCUMENT_NOUNS | {"police", "military", "army", "navy"}

#: Nouns for two or more people named together ("the couple said").
GROUP_NOUNS = frozenset({"couple", "pair", "duo", "trio", "both"})

#: Head nouns that can act, and so frame or demand something, without a name:
#: "a new House select committee … framing it as “…”". Documents speak only
#: through a cue ("the report said"), not by being a clause's subject.
AGENT_NOUNS = PERSON_NOUNS | ORG_NOUNS - {"statement", "document", "report", "readout"}

#: Verbs that pass on what someone else said: "Y expressed “…”, the agency
#: reported" relays Y's stance rather than the agency's view of it.
RELAY_VERBS = frozenset({"report", "quote", "cite", "relay"})

#: Common first names by usual gender, so that "she said" does not resolve to
#: a man. A hint only: a name missing here leaves the gender unknown.
FEMALE_NAMES = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
    deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
    pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
    catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
    christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa
    ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise
    amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte
    marie kayla alexis lori hillary hilary chelsea kellyanne carly condoleezza madeleine
    nikki sheryl huma donna dianne kamala kirsten tulsi ivanka melania michele hope jill
    sonia ruth elena angela theresa marine ursula christine golda indira benazir jacinda
    tsai yulia svetlana irina olga natalia tatiana maria valentina oksana
    debbie debra deb jane colleen phyllis dianne juanita cecile carla carmen claire clara
    connie cindy dana darlene dolores edith eileen elaine eleanor ellen elise erin eva
    florence gina gwen harriet holly ida irene iris jackie jan janet jeanne jenny jill joanne
    josephine joy julia june karla kate kathy katie kay kristen kristin leah lena leslie
    lillian lily lois loretta lorraine louise lucy lynn mabel marcia margarita marian marianne
    marsha maureen maxine meg melinda mia mildred miriam molly monica nadia naomi nina nora
    norma paula pauline peggy penny polly priscilla rachael regina rita roberta rosa rosalind
    rose roxanne sally sheila sherry shannon sue susanne suzanne sylvia tammy tara tina tracy
    valerie vera veronica vicki viola wendy yvonne zoe ayanna alexandria ilhan rashida betsy
    kirstjen gretchen tammy mazie patty lisa heidi tulsi mia hope sarah kellyanne omarosa
    katrina dana kayleigh jen jennifer sonia ruth sandra elena amy kamala gina janet
    """.split()
)
MALE_NAMES = frozenset(
    """
    james robert john michael david william richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
    jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah
    jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan
    jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah
    randy roy vincent ralph eugene russell bobby mason philip louis bill barack mitt mike
    ted marco jeb rand newt reince bernie chris rudy tim ben lindsey mitch vladimir xi
    emmanuel boris angela antony tony jens volodymyr sergei sergey dmitry alexei aleksandr
    alexandr alexey nikolai recep benjamin narendra shinzo justin olaf rishi keir joe
    hunter beau moon jair andres wang li
    tom tommy steve steven jim jimmy bob bobby dan danny dave davey mike mick pete ron ronnie
    rick ricky rich richie ken kenny jeff jon johnny nick nicky greg matt andy tony phil
    fred freddie ed eddie al hal herb howard hugh ian ivan jake jared jay jeb jed jerome
    jim joel jonah josh julian karl kurt lance lee leo leon lou luke marcus mario martin
    marvin mitch morgan nate neil ned norm oliver omar oscar otis owen paul perry pierre
    ralph randall ray rex rob robbie rod rodney rudy rusty sam sammy scott seth sid simon
    stan stanley stu ted teddy terrence theo todd travis trey troy vince vic wade walt warren
    wes will willy zach chuck corey cory dick don doug drew duncan earl elliot eliot emmanuel
    ernest floyd francis frank franklin gavin gene glenn gordon grant harry henry hank ike
    irving jesse jorge jose juan kevin kirk kyle lamar larry lloyd malcolm marc max
    maxwell mel milton newt orrin pat reince rex roy rand rahm reid sherrod sonny spencer
    tim ted xavier elijah cory beto pete marco mitt ben bernie bill barack donald joe
    """.split()
) - {"angela"}


#: Inflected cue words, for checks on plain text before any parse.
CUE_WORDS = frozenset(
    "said says told tells wrote writes stated states added adds asked asks noted notes argued argues "
    "insisted insists warned warns explained explains declared declares replied replies responded "
    "responds continued continues tweeted tweets recalled recalls conceded concedes acknowledged "
    "acknowledges admitted admits claimed claims countered counters predicted predicts".split()
)
